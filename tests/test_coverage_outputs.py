"""Coverage (which of the report's recommendations each response answers) in `status`, `report`
and the digest: read back from the evidence stored with real runs against the replica, in real
SQLite files."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import time
from datetime import datetime, timezone

from pagecheck import check_page

from monitor.cli import main
from monitor.digest import deliver
from monitor.digest_data import collect
from monitor.digest_mail import render
from monitor.recommendations import bundled
from monitor.replica import behaviours
from monitor.report_json import CSV_HEADERS
from monitor.run import execute
from monitor.store import Store
from tests.conftest import digest_settings_for
from tests.faultkit import original_behaviour

FORCE = "merseyside"  # published in the default scenario; its plan skips recommendation 10 (content.OMITTED)

# Recommendation 10 as a force quotes it, then its own update: what the planted page adds.
TRAINING = (
    '<h3 id="recommendation-10">Recommendation 10: training</h3>'
    "<p><em>Chief constables should review and update their learning and training provision relating to "
    "stalking.</em></p><p>Force update: every response officer has completed our refreshed stalking course. "
    "March 2026 update: a further 400 call handlers trained.</p>"
)


def stored_coverage(db) -> dict[str, tuple[list[str], str | None]]:
    """Each force's newest published check's coverage, read straight from the checks table (the
    independent reading the outputs are compared with)."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT force_id, evidence FROM checks WHERE id IN (SELECT max(id) FROM checks WHERE status = 'published' "
        "GROUP BY force_id)").fetchall()
    con.close()
    found = {}
    for force_id, evidence in rows:
        ev = json.loads(evidence)
        found[force_id] = ([item["recommendation"] for item in ev.get("coverage", [])], ev.get("latest_update"))
    return found


def test_status_says_what_each_published_response_answers(seeded_db, settings, capsys):
    stored = stored_coverage(seeded_db)
    assert stored[FORCE][0], "the replica's response should answer at least one recommendation"
    numbers = {r.id: r.number for r in bundled()}

    assert main(["status", "--db", str(seeded_db)]) == 1
    out = capsys.readouterr().out
    header, *lines = out.splitlines()
    assert header.split()[-2:] == ["Answers", "Updated"]
    row = next(line for line in lines if line.startswith("Merseyside Police"))
    # The numbers it answers, then "+N" for the answered recommendations the public summaries give no number.
    unnumbered = sum(1 for r in stored[FORCE][0] if numbers[r] is None)
    answers = ", ".join([str(numbers[r]) for r in stored[FORCE][0] if numbers[r] is not None]
                        + ([f"+{unnumbered}"] if unnumbered else []))
    assert re.search(rf"\s{re.escape(answers)}\s+{re.escape(stored[FORCE][1] or '-')}$", row), row
    broken = next(line for line in lines if line.startswith("Cleveland Police"))  # broken: no response to read
    assert broken.split()[-2:] == ["-", "-"]

    assert main(["status", "--json", "--db", str(seeded_db)]) == 1
    forces = {f["id"]: f for f in json.loads(capsys.readouterr().out)["forces"]}
    for force_id, force in forces.items():
        if force["status"] != "published":
            assert force["coverage"] is None, force_id
            continue
        ids, latest = stored[force_id]
        assert [r["recommendation"] for r in force["coverage"]["recommendations"]] == ids
        assert force["coverage"]["latest_update"] == latest
        assert all(r["quote"] for r in force["coverage"]["recommendations"])


def test_report_csv_adds_a_column_per_recommendation_at_the_end(seeded_db, tmp_path):
    out = tmp_path / "status.csv"
    main(["report", "--format", "csv", "--output", str(out), "--db", str(seeded_db)])
    rows = list(csv.reader(io.StringIO(out.read_text())))
    register = bundled()
    # The existing columns keep their places; coverage is appended.
    assert tuple(rows[0][:len(CSV_HEADERS)]) == CSV_HEADERS
    assert rows[0][len(CSV_HEADERS):] == [f"answers_{r.id}" for r in register] + ["latest_update"]
    stored = stored_coverage(seeded_db)
    by_id = {row[0]: row for row in rows[1:]}
    for force_id, row in by_id.items():
        cells = row[len(CSV_HEADERS):]
        if row[2] != "published":
            assert set(cells) == {""}, force_id
            continue
        ids, latest = stored[force_id]
        assert [r.id for r, cell in zip(register, cells) if cell == "yes"] == [r.id for r in register if r.id in ids]
        assert set(cells[:-1]) <= {"yes", ""} and cells[-1] == (latest or "")


def test_report_html_has_an_accessible_recommendations_by_forces_matrix(seeded_db, tmp_path):
    out = tmp_path / "status.html"
    main(["report", "--format", "html", "--output", str(out), "--db", str(seeded_db)])
    html = out.read_text()
    page = check_page(html)
    assert not page.problems, page.problems
    start = html.index('<table class="matrix">')
    matrix = html[start:html.index("</table>", start)]
    register = bundled()
    # Headers: a column per recommendation, in the register's order, each scoped.
    heads = matrix[:matrix.index("</thead>")]
    assert heads.count('<th scope="col"') == 3 + len(register)
    positions = [heads.index(f'title="{r.title}"') for r in register]
    assert positions == sorted(positions)
    stored = stored_coverage(seeded_db)
    published = [f for f, (ids, _) in stored.items()]
    assert matrix.count('<th scope="row">') == len(published)
    # Merseyside's row: a symbol and a word in each cell, "yes" exactly where it answers.
    row = matrix[matrix.index("Merseyside Police"):]
    row = row[:row.index("</tr>")]
    ids, latest = stored[FORCE]
    assert row.count("✓</span> yes") == len(ids) and row.count("–</span> no") == len(register) - len(ids)
    assert f"{len(ids)} of {len(register)}" in row and (latest or "not stated") in row


def test_a_quote_from_the_web_is_escaped_in_the_matrix(seeded_db, tmp_path):
    # A page's words are untrusted: plant markup in a stored quote and render the page.
    con = sqlite3.connect(seeded_db)
    check_id, evidence = con.execute(
        "SELECT id, evidence FROM checks WHERE force_id = ? AND status = 'published' ORDER BY id DESC LIMIT 1",
        [FORCE]).fetchone()
    ev = json.loads(evidence)
    ev["coverage"][0]["quote"] = '"><script>alert(1)</script>'
    ev["latest_update"] = "<b>March</b> 2026"
    con.execute("UPDATE checks SET evidence = ? WHERE id = ?", [json.dumps(ev), check_id])
    con.commit()
    con.close()
    out = tmp_path / "status.html"
    main(["report", "--format", "html", "--output", str(out), "--db", str(seeded_db)])
    html = out.read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;March&lt;/b&gt; 2026" in html


def a_second_later() -> None:
    """Checks and digests are stamped to the second: give the next one a second of its own, so
    "before the digest's period" and "in it" are told apart (an order, not a deadline)."""
    start = datetime.now(timezone.utc).replace(microsecond=0)
    while datetime.now(timezone.utc).replace(microsecond=0) <= start:
        time.sleep(0.05)


def test_the_digest_says_when_a_response_answers_another_recommendation(seeded_db, settings, scenario, smtp_server):
    settings = digest_settings_for(smtp_server, settings)
    with Store(settings.store.path) as store:
        assert collect(store, settings, now=datetime.now(timezone.utc)).coverage_changes == ()  # nothing before
        assert len(deliver(store, settings, now=datetime.now(timezone.utc)).sent) == 1
    a_second_later()
    was = stored_coverage(seeded_db)[FORCE]
    assert "training" not in was[0] and was[1] != "March 2026"
    scenario.replace(FORCE, behaviours.rewrite(original_behaviour(scenario, FORCE), lambda body: body.replace(
        b'<h2 id="help">', TRAINING.encode() + b'<h2 id="help">', 1)))
    execute(settings, force_ids=[FORCE], trigger="test")
    execute(settings, force_ids=[FORCE], trigger="test")
    now_ids, now_latest = stored_coverage(seeded_db)[FORCE]
    assert "training" in now_ids and now_latest == "March 2026"
    a_second_later()

    # The next digest covers what changed since the delivered one: the response's new answer.
    with Store(settings.store.path) as store:
        assert len(deliver(store, settings, now=datetime.now(timezone.utc)).sent) == 1
    message = smtp_server.mailbox.messages[-1]
    assert "1 response answers differently" in message["Subject"]
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    assert "RECOMMENDATIONS ANSWERED CHANGED\n- Merseyside Police, " in text
    assert "  + now answers Recommendation 10 (training)\n" in text
    assert f"  * states a newer update: March 2026 (was {was[1]})" in text
    assert "Recommendations answered changed" in html and "Now answers</span> Recommendation 10 (training)" in html
    a_second_later()

    # Dropped again: the page goes back to what it said before.
    scenario.replace(FORCE, behaviours.rewrite(original_behaviour(scenario, FORCE),
                                               lambda body: body.replace(TRAINING.encode(), b"", 1)))
    execute(settings, force_ids=[FORCE], trigger="test")
    a_second_later()
    with Store(settings.store.path) as store:
        assert len(deliver(store, settings, now=datetime.now(timezone.utc)).sent) == 1
    text = smtp_server.mailbox.messages[-1].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "  - no longer answers Recommendation 10 (training)\n" in text and "now answers" not in text
    # And a digest with nothing new says nothing about coverage.
    with Store(settings.store.path) as store:
        data = collect(store, settings, now=datetime.now(timezone.utc),
                       since=datetime.now(timezone.utc))
    assert data.coverage_changes == ()
    assert "RECOMMENDATIONS ANSWERED" not in render(data, settings.digest)[0]


def _coverage(ids: tuple[str, ...], latest: str | None):
    from monitor.models import Addressed, ForceCoverage

    return ForceCoverage(FORCE, 1, "2026-11-30T07:00:00+00:00",
                         tuple(Addressed(i, "quote", "page", "quoted") for i in ids), latest)


def test_answers_are_numbers_in_register_order_then_a_count_of_the_unnumbered():
    from monitor.presentation import answers_words

    register = bundled()
    unnumbered = [r.id for r in register if r.number is None]
    assert answers_words(_coverage(("training", unnumbered[0], "crime-recording", unnumbered[1]), None),
                         register) == "7, 10, +2"
    assert answers_words(_coverage((), None), register) == "none found"
    assert answers_words(None, register) == ""


def test_an_older_or_unreadable_update_is_not_news():
    from monitor.digest_data import coverage_change

    register = bundled()
    same = _coverage(("crime-recording",), "March 2026")
    assert coverage_change(same, _coverage(("crime-recording",), "March 2025"), "M", register) is None
    assert coverage_change(same, _coverage(("crime-recording",), "soon"), "M", register) is None
    assert coverage_change(_coverage(("crime-recording",), None), same, "M", register).update == "March 2026"
