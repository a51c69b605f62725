"""The verifier against pages modelled on real forces' layouts (tests/realpages, see its README.md).

The set is written apart from the verifier's rules, from what real force pages are known to look
like, so it measures them rather than echoing them. Each full page becomes the FetchResult the
fetcher would have produced (its canonical address, 200, the HTML), with the plan documents it
links served as the real PDF or DOCX bytes at their addresses; each opening is a saved file, as the
external measurement keeps one, with no documents. Precision and recall of `published` are
printed, with every miss and the reason the verifier gave.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.config import load_settings
from monitor.models import FetchResult, Hop, Verdict
from monitor.verify import verify_page

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "realpages"
MIN_PRECISION = 0.97
MIN_RECALL = 0.97


@dataclass(frozen=True)
class Outcome:
    file: str
    expected: str
    verdict: Verdict

    @property
    def got(self) -> str:
        return self.verdict.status.value

    def line(self) -> str:
        return f"  {self.file}: expected {self.expected}, got {self.got} ({self.verdict.reason})"


def manifest() -> list[dict]:
    return tomllib.loads((SET / "manifest.toml").read_text(encoding="utf-8"))["page"]


def page_result(entry: dict) -> FetchResult:
    text = (SET / entry["file"]).read_text(encoding="utf-8")
    url = entry["url"]
    return FetchResult(url=url, final_url=url, status_code=200, hops=(Hop(url, 200),),
                       content_type="text/html; charset=utf-8", body=text.encode(), text=text)


def document_results(entry: dict) -> dict[str, FetchResult]:
    """The plan documents a full page links, as fetched: real bytes at their own addresses."""
    documents = {}
    for doc in entry.get("documents", []):
        body = (SET / doc["file"]).read_bytes()
        documents[doc["url"]] = FetchResult(url=doc["url"], final_url=doc["url"], status_code=200,
                                            hops=(Hop(doc["url"], 200),), content_type=doc["content_type"], body=body)
    return documents


def precision_recall(outcomes: list[Outcome]) -> tuple[float, float, str]:
    true_pos = sum(o.expected == "published" and o.got == "published" for o in outcomes)
    false_pos = sum(o.expected != "published" and o.got == "published" for o in outcomes)
    false_neg = sum(o.expected == "published" and o.got != "published" for o in outcomes)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    summary = (f"precision {precision:.3f}, recall {recall:.3f} "
               f"({true_pos} found, {false_pos} wrongly, {false_neg} missed of {len(outcomes)} pages)")
    return precision, recall, summary


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    settings = load_settings()
    results = []
    for entry in manifest():
        page = page_result(entry)
        verdict = verify_page(page, settings.force(entry["force"]), requested_url=page.url,
                              documents=document_results(entry))
        results.append(Outcome(entry["file"], entry["expected"], verdict))
    return results


def test_the_set_is_what_the_generator_makes():
    """Nobody hand-edits a page to make it pass: the files are exactly the generator's output."""
    sys.path.insert(0, str(SET))
    try:
        import make_realpages
    finally:
        sys.path.remove(str(SET))
    problems = make_realpages.stale(make_realpages.build(make_realpages.load_forces()))
    assert not problems, "regenerate with tests/realpages/make_realpages.py:\n" + "\n".join(problems[:20])


def test_the_set_is_balanced_and_covers_every_force():
    entries = manifest()
    settings = load_settings()
    territorial = {f.id for f in settings.forces if not f.optional}
    for expected in ("published", "not_response"):
        for variant in ("full", "opening"):
            assert sum(e["expected"] == expected and e["variant"] == variant for e in entries) >= 25, (expected, variant)
    assert sum(e["expected"] == "published" for e in entries) >= 60
    assert sum(e["expected"] == "not_response" for e in entries) >= 60
    assert territorial <= {e["force"] for e in entries if e["expected"] == "published"}
    assert any(e["url"].startswith("https://www.beds.police.uk/") for e in entries)


@pytest.mark.parametrize("variant", ["full", "opening", "all"])
def test_precision_and_recall_for_published(outcomes, variant):
    chosen = [o for o in outcomes if variant == "all" or o.file.startswith(f"{variant}/")]
    precision, recall, summary = precision_recall(chosen)
    wrong = [o for o in chosen if (o.expected == "published") != (o.got == "published")]
    print(f"\nreal layouts ({variant}): {summary}")
    for outcome in wrong:
        print(outcome.line())
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, "\n".join(
        [f"{variant}: {summary}; misclassified:", *(o.line() for o in wrong)])


# A few openings through the command line, exactly as the external measurement runs them: the
# saved file alone, its force, and only `status` read. The address comes from the file's canonical link.
CLI_OPENINGS = ("opening/kent-kv-blocks.html", "opening/lincolnshire-says-response.html",
                "opening/bedfordshire-preamble-leads.html", "opening/essex-ppda-rec-table.html",
                "opening/surrey-what-is-stalking.html")


@pytest.mark.parametrize("file", CLI_OPENINGS)
def test_verify_command_on_a_saved_opening_reads_status_from_its_canonical_address(file):
    entry = next(e for e in manifest() if e["file"] == file)
    result = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "verify", str(SET / file),
                             "--force", entry["force"], "--json"], capture_output=True, text=True, timeout=120,
                            cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == entry["expected"], f"{file}: {data['reason']}"
    assert "on None" not in data["reason"]


def test_verify_command_takes_the_address_from_url_when_the_file_has_none(tmp_path):
    """A page saved without its canonical link is the page at the address --url gives."""
    entry = next(e for e in manifest() if e["file"] == "opening/kent-kv-blocks.html")
    text = (SET / entry["file"]).read_text(encoding="utf-8")
    bare = tmp_path / "saved.html"
    bare.write_text(text.replace(f'<link rel="canonical" href="{entry["url"]}">\n', ""), encoding="utf-8")
    assert "canonical" not in bare.read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "verify", str(bare), "--url", entry["url"],
                             "--force", entry["force"], "--json"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == entry["expected"], data["reason"]
