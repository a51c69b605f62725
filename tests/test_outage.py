"""Outages said plainly (issue 14, Why 1): after good runs, runs that could not read the NPCC
response (or could not finish) are the first thing status, report and the digest say, status and
report exit 2, and the outage and its recovery each make a digest worth sending.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

from monitor.cli import main
from monitor.digest import deliver, preview
from monitor.run import execute
from monitor.store import Store
from tests.conftest import digest_settings_for

NOWHERE = {"content_api_url": "https://www.gov.uk/api/content/nothing-here", "page_url": "https://www.gov.uk/nothing-here"}


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def source_down(settings, runs: int = 3) -> None:
    """`runs` checks that cannot read the NPCC response (both of its URLs answer 404)."""
    for _ in range(runs):
        summary = execute(settings.replace(source=NOWHERE), trigger="test")
        assert summary.state == "source_error"


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_status_and_report_open_with_the_outage_and_exit_2(seeded_db, settings, capsys):
    source_down(settings)
    db = str(seeded_db)
    code, out, _ = cli(capsys, "status", "--db", db)
    assert code == 2
    first = out.splitlines()[0]
    assert first.startswith("The NPCC response could not be read in the last 3 runs, since ")
    assert "cannot read the NPCC response" in first and "Forces' states are as of the last complete run" in first
    assert "Kent Police" in out  # the states from before the outage are still shown

    code, out, _ = cli(capsys, "report", "--format", "json", "--db", db)
    data = json.loads(out)
    assert code == 2 and next(iter(data)) == "outage"
    assert data["outage"]["runs"] == 3 and data["outage"]["source_errors"] == 3 and data["outage"]["line"] == first
    assert len(data["forces"]) == 43

    code, out, _ = cli(capsys, "report", "--format", "csv", "--db", db)
    assert code == 2 and out.splitlines()[0] == f"# {first}"
    rows = list(csv.DictReader(io.StringIO(out.split("\n", 1)[1])))
    assert len(rows) == 43

    since = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    code, out, _ = cli(capsys, "history", "--since", since, "--db", db)
    assert out.splitlines()[0] == first  # what changed most: the source could not be read

    code, out, _ = cli(capsys, "report", "--format", "html", "--db", db)
    assert code == 2
    header = out[out.index("<h1"):out.index("<p class=\"headline\"")]
    assert "could not be read in the last 3 runs" in header  # before anything else the page says


def test_no_outage_means_no_outage_line_and_the_usual_exit(seeded_db, capsys):
    code, out, _ = cli(capsys, "status", "--db", str(seeded_db))
    assert code == 1 and "could not be read" not in out
    code, out, _ = cli(capsys, "report", "--format", "json", "--db", str(seeded_db))
    assert json.loads(out)["outage"] is None


def test_the_digest_opens_with_the_outage_and_it_is_worth_sending(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings)
    with Store(settings.store.path) as store:
        assert len(deliver(store, settings, now=datetime.now(timezone.utc)).sent) == 1  # the first digest
    source_down(settings)
    with Store(settings.store.path) as store:
        outcome = deliver(store, settings, now=datetime.now(timezone.utc))
    assert len(outcome.sent) == 1, outcome  # send_when = "changes": the outage is a change
    message = smtp_server.mailbox.messages[-1]
    assert str(message["Subject"]).strip().startswith("Stalking responses: source problem: NPCC response unreadable, 35/43 published")
    body = text_of(message)
    opening = body.split("\n\n")[2]  # after the subject line and the "Generated ..." line
    assert opening.startswith("The NPCC response could not be read in the last 3 runs")
    assert "No changes since the last digest. The monitor is running." not in body


def test_always_digest_during_an_outage_never_says_all_is_well(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings, send_when="always")
    with Store(settings.store.path) as store:
        deliver(store, settings, now=datetime.now(timezone.utc))
    source_down(settings)
    with Store(settings.store.path) as store:
        deliver(store, settings, now=datetime.now(timezone.utc))
        deliver(store, settings, now=datetime.now(timezone.utc))
    body = text_of(smtp_server.mailbox.messages[-1])
    assert "could not be read in the last 3 runs" in body
    assert "The monitor is running." not in body


def test_the_recovery_is_a_change_the_next_digest_sends(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings)
    source_down(settings, runs=2)
    with Store(settings.store.path) as store:
        deliver(store, settings, now=datetime.now(timezone.utc))
    summary = execute(settings.replace(), force_ids=["merseyside"], trigger="test")
    assert summary.state == "complete"
    with Store(settings.store.path) as store:
        outcome = deliver(store, settings, now=datetime.now(timezone.utc))
    assert len(outcome.sent) == 1, outcome
    message = smtp_server.mailbox.messages[-1]
    assert "NPCC response read again" in message["Subject"]
    assert "it has been read again and the states below are current" in text_of(message)


def test_a_run_that_did_not_complete_is_said_first_too(seeded_db, settings, capsys):
    with Store(settings.store.path) as store:  # a run that crashed: started, then marked aborted by the next start
        run_id = store.start_run(datetime.now(timezone.utc).isoformat(timespec="seconds"), "schedule")
        store.finish_run(run_id, datetime.now(timezone.utc).isoformat(timespec="seconds"), state="aborted")
        message = preview(store, settings, now=datetime.now(timezone.utc))
    assert text_of(message).split("\n\n")[2].startswith("The last run did not complete, since ")
    code, out, _ = cli(capsys, "status", "--db", str(seeded_db))
    assert out.startswith("The last run did not complete") and code == 1  # a crash is said, not a source error
