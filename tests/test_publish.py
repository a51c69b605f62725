"""`publish DIR`: the static site, its open data, feeds and badge; every file parses, every link
works, nothing from the web becomes markup or a non-http(s) link, and the folder is replaced at once."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from monitor.cli import main
from monitor.config import load_settings
from monitor.models import Check, Status
from monitor.presentation import TILES, safe_url
from monitor.publish import MARKER, badge, write
from monitor.store import Store
from pagecheck import check_page
from tests.test_history import B, BL, P, _snapshot, record

NOW = datetime.now(timezone.utc).replace(microsecond=0)
START = NOW - timedelta(days=20) + timedelta(hours=6)
HOSTILE_URL = "javascript:alert(document.cookie)"
COVERAGE = {
    "coverage": [
        {"recommendation": "crime-recording", "number": 7, "title": "Crime recording",
         "quote": "We accept recommendation 7 <b>and</b> have audited every stalking crime.", "where": "page"},
        {"recommendation": "publish-plan", "title": "Publish a plan", "quote": "", "where": "action-plan.pdf"},
    ],
    "latest_update": "March 2026",
}


@pytest.fixture(scope="module")
def site_db(tmp_path_factory) -> Path:
    """20 daily runs: Kent broken for the last two days, Essex blocked, Wiltshire not linked, a text
    revision for Kent; Surrey's link redirects to a javascript: URL; Dorset reports its coverage."""
    path = tmp_path_factory.mktemp("site") / "m.db"
    forces = [f.id for f in load_settings().forces]
    with Store(path) as store:
        for index in range(20):
            at = START + timedelta(days=index)
            statuses = {fid: P for fid in forces if fid not in ("surrey", "dorset")}
            statuses["kent"] = B if index >= 18 else (P, "Kent plan. We train officers." if index < 10 else
                                                       "Kent plan. We train every officer and staff.")
            statuses["essex"] = BL
            statuses["wiltshire"] = Status.NOT_LINKED
            record(store, at, statuses)
            # Checks record() cannot make: a hostile redirect target and a verdict with coverage.
            run_id = store.latest_run().id
            with store.transaction():
                store.db.execute("UPDATE runs SET state = 'running' WHERE id = ?", [run_id])
            store.record_check(run_id, Check(
                force_id="surrey", status=Status.NOT_RESPONSE, reason='=HYPERLINK("https://evil.example") redirected to <script>alert("x")</script>',
                url="https://www.surrey.police.uk/response", final_url=HOSTILE_URL), (at + timedelta(seconds=2)).isoformat())
            store.record_check(run_id, Check(
                force_id="dorset", status=P, reason="the response", url="https://www.dorset.police.uk/response",
                final_url="https://www.dorset.police.uk/response", evidence=COVERAGE), (at + timedelta(seconds=2)).isoformat())
            store.complete_run(run_id, (at + timedelta(seconds=6)).isoformat())
        _snapshot(store, NOW - timedelta(days=1, hours=1), {"kent": "https://www.kent.police.uk/a"})
        _snapshot(store, NOW - timedelta(hours=1), {"kent": "https://www.kent.police.uk/b"},
                  updated="2026-11-20T10:00:00+00:00")
    return path


@pytest.fixture(scope="module")
def site(site_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    code = main(["publish", str(out), "--db", str(site_db)])
    assert code == 1  # some force is not published, as `status` and `report` say
    return out


def _csv_rows(path: Path) -> tuple[str, list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    return first, list(csv.DictReader(io.StringIO(rest)))


def test_the_site_has_every_file(site):
    forces = load_settings().forces
    expected = {"index.html", "status.json", "status.csv", "events.csv", "daily.csv", "feed.atom", "badge.json", MARKER}
    expected |= {f"forces/{f.id}.html" for f in forces} | {f"forces/{f.id}.atom" for f in forces}
    found = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert found == expected


def test_every_page_parses_and_every_link_leads_somewhere(site):
    for page_path in [site / "index.html", *sorted((site / "forces").glob("*.html"))]:
        page = check_page(page_path.read_text(encoding="utf-8"), relative=True)
        for href in page.hrefs:
            if href.startswith(("http://", "https://", "#")):
                continue
            assert (page_path.parent / href).resolve().is_file(), f"{page_path.name}: {href} leads nowhere"
    html = (site / "index.html").read_text(encoding="utf-8")
    index = check_page(html, relative=True)
    # One row per force in the status tables, plus one per published response in the
    # recommendations matrix (forces whose stored checks recorded coverage).
    matrix = html[html.index('<table class="matrix">'):] if '<table class="matrix">' in html else ""
    in_matrix = matrix[:matrix.index("</table>")].count('<th scope="row">') if matrix else 0
    assert index.body_rows == 43 + in_matrix and len(index.row_headers) == 43 + in_matrix


def test_the_index_puts_problems_first_and_says_how_long(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    words = " ".join(check_page(html, relative=True).text)
    assert "39 of 43 forces have published their response." in words
    attention = html.index('id="problems"')
    published = html.index('id="published"')
    # Broken first, then missing, then blocked; the published after all of them.
    order = [html.index(f'id="force-{fid}"') for fid in ("kent", "wiltshire", "surrey", "essex", "avon-and-somerset")]
    assert attention < order[0] < order[1] < order[3] < published < order[4]
    assert order[1] < order[2] or order[2] < order[1]  # two missing: both before blocked
    assert "broken for 1 day" in words or "broken for 2 days" in words
    assert "published since" in words
    # Times in the configured zone, named.
    assert "Times are Europe/London time." in words
    # URLs shortened to their host, the full link on the text.
    assert '<a class="host" href="https://www.kent.police.uk/response" title="https://www.kent.police.uk/response">kent.police.uk</a>' in html


def test_the_tile_map_has_every_force_once_with_colour_and_symbol(site):
    assert len(TILES) == 43 and len({(c, r) for c, r, _ in TILES.values()}) == 43
    assert set(TILES) == {f.id for f in load_settings().forces}
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('class="tile ') - html.count('<span class="tile ') == 43
    assert '<a class="tile broken" style="grid-column:6;grid-row:9" href="forces/kent.html"' in html
    assert 'aria-label="Kent Police: broken"><span class="sym" aria-hidden="true">✗</span>' in html


def test_a_force_page_gives_its_state_runs_uptime_events_and_content_diff(site):
    html = (site / "forces" / "kent.html").read_text(encoding="utf-8")
    words = " ".join(check_page(html, relative=True).text)
    assert "Kent Police" in words and "broken" in words
    assert "last 20 runs, oldest first: 18 published, 2 broken" in words
    for days in ("7 days", "30 days", "90 days"):
        assert days in words
    assert "90.0%" in words  # 18 of 20 over 30 days
    assert "published → broken broken on purpose" in words and "published first confirmed state" in words
    assert "- We train officers.\n+ We train every officer and staff." in html
    assert "Changes to the NPCC link" in words


def test_coverage_is_rendered_from_the_verdicts_evidence(site):
    html = (site / "forces" / "dorset.html").read_text(encoding="utf-8")
    words = " ".join(check_page(html, relative=True).text)
    assert "The response answers 2 of the report's recommendations" in words
    assert "last updated March 2026" in words
    assert "Recommendation 7" in words and "Crime recording" in words and "Publish a plan" in words
    assert "action-plan.pdf" in words
    assert "We accept recommendation 7 &lt;b&gt;and&lt;/b&gt; have audited" in html  # a quote is text, never markup
    kent = " ".join(check_page((site / "forces" / "kent.html").read_text(encoding="utf-8"), relative=True).text)
    assert "Not reported: the last check did not say which recommendations" in kent


def test_open_data_parses_with_licence_and_date(site):
    licence = load_settings().publish.licence
    status = json.loads((site / "status.json").read_text(encoding="utf-8"))
    assert status["licence"] == licence and status["generated_at"]
    assert len(status["forces"]) == 43
    kent = next(f for f in status["forces"] if f["id"] == "kent")
    assert kent["status"] == "broken" and kent["uptime"]["30"]["percent"] == 90.0

    for name in ("status.csv", "events.csv", "daily.csv"):
        first, rows = _csv_rows(site / name)
        assert first.startswith(f"# {licence}. Generated ") and rows, name
    _, rows = _csv_rows(site / "status.csv")
    assert len(rows) == 43
    _, events = _csv_rows(site / "events.csv")
    assert {(e["force_id"], e["from_status"], e["to_status"]) for e in events} >= {("kent", "published", "broken")}
    surrey = next(e for e in events if e["force_id"] == "surrey")
    assert surrey["reason"].startswith("'=HYPERLINK(")  # a reason quoting a page never runs as a formula
    _, daily = _csv_rows(site / "daily.csv")
    assert len(daily) == 43 * 20  # one row per force per day
    kent_days = [d for d in daily if d["force_id"] == "kent"]
    assert sum(int(d["broken"]) for d in kent_days) == 2 and sum(int(d["published"]) for d in kent_days) == 18
    assert all(d["checks"] == "1" for d in daily)

    assert json.loads((site / "badge.json").read_text()) == {
        "schemaVersion": 1, "label": "stalking responses", "message": "39/43 published", "color": "red"}


def test_badge_colour_follows_the_worst_news():
    assert badge({"published": 43}, 43)["color"] == "brightgreen"
    assert badge({"published": 42, "blocked": 1}, 43)["color"] == "orange"
    assert badge({"published": 42, "unreachable": 1}, 43)["color"] == "red"


def test_atom_feeds_validate_in_a_feed_parser(site):
    overall = feedparser.parse((site / "feed.atom").read_bytes())
    assert not overall.bozo, overall.get("bozo_exception")
    assert overall.version == "atom10"
    titles = [entry.title for entry in overall.entries]
    assert "Kent Police: broken (was published)" in titles
    assert "Kent Police: the response's text changed" in titles
    ids = [entry.id for entry in overall.entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:force-response-monitor,2024:") for i in ids)
    updated = [entry.updated_parsed for entry in overall.entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    kent = feedparser.parse((site / "forces" / "kent.atom").read_bytes())
    assert not kent.bozo and kent.feed.title == "Kent Police: confirmed changes"
    assert kent.entries and all(e.title.startswith("Kent Police: ") for e in kent.entries)
    assert kent.entries[0].link.endswith("kent.html")
    for path in (site / "forces").glob("*.atom"):
        ET.fromstring(path.read_bytes())  # every per-force feed is well-formed XML, even an empty one


def test_nothing_from_the_web_becomes_markup_or_a_non_http_link(site):
    for path in [*site.rglob("*.html"), *site.rglob("*.atom")]:
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text, path
        assert f'href="{HOSTILE_URL}"' not in text, path
    surrey = (site / "forces" / "surrey.html").read_text(encoding="utf-8")
    assert HOSTILE_URL in surrey  # shown, as text
    assert "redirected to &lt;script&gt;" in surrey


def test_publish_replaces_the_folder_at_once_and_never_a_foreign_one(tmp_path):
    target = tmp_path / "site"
    write(target, {"index.html": b"one", "forces/a.html": b"a", MARKER: b"x"})
    inode = os.stat(target).st_ino
    write(target, {"index.html": b"two", MARKER: b"x"})
    assert (target / "index.html").read_bytes() == b"two"
    assert not (target / "forces").exists()  # replaced whole: nothing stale survives
    assert os.stat(target).st_ino != inode  # a new folder swapped in, not the old one rewritten
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind

    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    from monitor.errors import MonitorError

    with pytest.raises(MonitorError, match="has files that `publish` did not write"):
        write(foreign, {"index.html": b"x", MARKER: b"x"})
    assert (foreign / "notes.txt").read_text() == "mine"


def test_publish_into_a_foreign_folder_is_one_line_and_exit_2(site_db, tmp_path, capsys):
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    assert main(["publish", str(foreign), "--db", str(site_db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did not write" in err


@pytest.mark.parametrize("url, ok", [
    ("https://www.kent.police.uk/a", True), ("http://x.example/", True), ("HTTPS://X.EXAMPLE/", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<b>x</b>", False), ("vbscript:msgbox", False),
    ("mailto:a@b.example", False), ("//evil.example/x", False), ("https://", False), ("", False), (None, False),
    ("https://x.example/\x00", False),
])
def test_safe_url_lets_only_http_and_https_through(url, ok):
    assert (safe_url(url) is not None) is ok and (not ok or safe_url(url) == url)


def test_a_source_problem_is_said_first_and_marks_no_force_missing(site_db, tmp_path):
    import shutil

    db = tmp_path / "m.db"
    shutil.copy(site_db, db)
    with Store(db) as store:
        run_id = store.start_run(NOW.isoformat(), "cli")
        store.finish_run(run_id, NOW.isoformat(), state="source_error",
                         source_problem="the NPCC response lost 40 of its 43 force links")
    out = tmp_path / "site"
    assert main(["publish", str(out), "--db", str(db)]) == 1
    html = (out / "index.html").read_text(encoding="utf-8")
    words = " ".join(check_page(html, relative=True).text)
    assert "Source problem: the last run could not rely on the NPCC response (the NPCC response lost 40" in words
    assert html.index('role="alert"') < html.index('id="map"')
    assert "39 of 43 forces have published their response." in words  # the states stand


def test_a_link_off_the_forces_registered_domains_is_said_on_every_page(tmp_path):
    """Issue 18: a force whose link moved to another host carries the warning in every output."""
    db = tmp_path / "m.db"
    warning = "hosted off Kent Police's registered domains: example.org"
    with Store(db) as store:
        for day in range(2):
            at = NOW - timedelta(days=2 - day)
            run_id = store.start_run(at.isoformat(), "cli")
            # As the pipeline records it: the warning rides in the reason (an override carries none).
            store.record_check(run_id, Check(force_id="kent", status=P, reason=f"the response; {warning}",
                                             url="https://example.org/kent-response",
                                             final_url="https://example.org/kent-response"), at.isoformat())
            store.complete_run(run_id, (at + timedelta(seconds=5)).isoformat())
    out = tmp_path / "site"
    main(["publish", str(out), "--db", str(db)])
    for page in ("index.html", "forces/kent.html"):
        assert warning in " ".join(check_page((out / page).read_text(encoding="utf-8"), relative=True).text), page
