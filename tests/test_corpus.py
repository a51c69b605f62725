"""The verifier against the labelled corpus (tests/corpus, rules in its README.md).

Each page becomes the FetchResult the fetcher would have produced for it: final URL, the redirect
from `requested_url`, the HTTP status and the HTML. Plan documents are supplied as the pipeline
supplies them, keyed by the plan-document links verify.py itself finds on the page: the manifest's
`documents` (text already extracted, served as text/plain) in page order, and its
`missing_documents` as 404s. Nothing here knows any file by name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.config import load_settings
from monitor.models import FetchResult, Hop, Status, Verdict
from monitor.verify import plan_documents, read_page, verify_page

CORPUS = Path(__file__).resolve().parent / "corpus"
MIN_PRECISION = 0.97
MIN_RECALL = 0.97
MIN_ACCURACY = 0.95  # every label, not only published/not


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


def page_result(entry: dict) -> FetchResult:
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    final, status = entry["url"], entry["http_status"]
    requested = entry.get("requested_url")
    hops = ((Hop(requested, 301, final),) if requested else ()) + (Hop(final, status),)
    return FetchResult(url=requested or final, final_url=final, status_code=status, hops=hops,
                       content_type="text/html; charset=utf-8", body=text.encode(), text=text)


def document_results(entry: dict, page: FetchResult) -> dict[str, FetchResult]:
    documents: dict[str, FetchResult] = {}
    names = entry.get("documents", [])
    if names:
        links = plan_documents(read_page(page))
        assert len(links) >= len(names), (
            f"{entry['file']}: the manifest supplies {len(names)} plan documents but verify.py finds "
            f"{len(links)} plan-document links on the page ({links})")
        for url, name in zip(links, names):
            text = (CORPUS / name).read_text(encoding="utf-8")
            documents[url] = FetchResult(url=url, final_url=url, status_code=200, hops=(Hop(url, 200),),
                                         content_type="text/plain; charset=utf-8", body=text.encode(), text=text)
    for url in entry.get("missing_documents", []):
        documents[url] = FetchResult(url=url, final_url=url, status_code=404, hops=(Hop(url, 404),),
                                     content_type="text/html", body=b"<h1>Not Found</h1>", text="<h1>Not Found</h1>")
    return documents


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    settings = load_settings()
    results = []
    for entry in manifest["page"]:
        page = page_result(entry)
        verdict = verify_page(page, settings.force(entry["force"]), requested_url=page.url,
                              documents=document_results(entry, page))
        results.append(Outcome(entry["file"], entry["expected"], verdict))
    return results


def test_corpus_precision_and_recall_for_published(outcomes):
    true_pos = sum(o.expected == "published" and o.got == "published" for o in outcomes)
    false_pos = sum(o.expected != "published" and o.got == "published" for o in outcomes)
    false_neg = sum(o.expected == "published" and o.got != "published" for o in outcomes)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    print(f"\ncorpus: {len(outcomes)} pages; published: precision {precision:.3f}, recall {recall:.3f} "
          f"({true_pos} found, {false_pos} wrongly, {false_neg} missed)")
    wrong = [o for o in outcomes if (o.expected == "published") != (o.got == "published")]
    message = "\n".join([f"precision {precision:.3f}, recall {recall:.3f}; misclassified:", *(o.line() for o in wrong)])
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, message


def test_corpus_every_label(outcomes):
    """soft_404, broken and not_response are told apart too, not only published from the rest."""
    wrong = [o for o in outcomes if o.expected != o.got]
    accuracy = 1 - len(wrong) / len(outcomes)
    print(f"\ncorpus: {accuracy:.3f} of labels matched exactly")
    assert accuracy >= MIN_ACCURACY, "\n".join([f"accuracy {accuracy:.3f}; misclassified:", *(o.line() for o in wrong)])


def test_the_dead_document_page_is_never_published(outcomes):
    for outcome in outcomes:
        if outcome.expected == "broken":
            assert outcome.got != "published", outcome.line()
            if outcome.got == "broken":
                assert "plan document is dead" in outcome.verdict.reason


def test_every_verdict_explains_itself(outcomes):
    for outcome in outcomes:
        verdict = outcome.verdict
        assert verdict.reason and "\n" not in verdict.reason, outcome.file
        if verdict.status in (Status.PUBLISHED, Status.NOT_RESPONSE):
            assert {"title", "headings", "matched", "missing", "score"} <= set(verdict.evidence), outcome.file
