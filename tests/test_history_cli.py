"""History commands end to end: processes killed mid-run, concurrent runs, and the reports they write.

Slow runs come from the replica in this test process, serving every force page after a delay, with
the monitor limited to a request or two at a time, so a run takes seconds and can be caught in the
middle.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pagecheck import check_page
from monitor import report_html, report_json, report_words
from monitor.cli import main
from monitor.config import load_settings
from monitor.models import Status
from monitor.replica import behaviours
from monitor.replica.scenario import split_url
from monitor.store import Store
from tests.faultkit import held_until
from tests.test_cli import ROOT, replica_config
from tests.test_history import B, BL, P, _snapshot, record, runs

PUBLISHED = ("merseyside", "dorset", "norfolk")  # published, and quick, in the default scenario


def slow(scenario, seconds: float, forces=None) -> None:
    """Every linked force page (or those named) answers after `seconds`."""
    for link in list(scenario.npcc.links):
        if link.force_id and (forces is None or link.force_id in forces):
            host, path = split_url(link.url)
            site = scenario.site_for(host)
            if site is not None:
                scenario.with_route(host, path, behaviours.delayed(seconds, site.resolve(path)[1]))


def held(scenario, gate: threading.Event, forces) -> None:
    """The named forces' pages answer only once the test opens the gate."""
    for link in list(scenario.npcc.links):
        if link.force_id in forces:
            host, path = split_url(link.url)
            site = scenario.site_for(host)
            scenario.with_route(host, path, held_until(gate, site.resolve(path)[1]))


def start_check(config: Path, db: Path, *args: str, log: Path | None = None) -> subprocess.Popen:
    """`check` in its own process; its stderr goes to `log` when given (read while it runs)."""
    return subprocess.Popen([sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(config),
                             "--db", str(db), *args], stdout=subprocess.PIPE,
                            stderr=log.open("w") if log is not None else subprocess.PIPE, text=True, cwd=ROOT)


def wait_for_text(path: Path, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {text!r} in {path}")


def wait_for(db: Path, sql: str, at_least: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    if conn.execute(sql).fetchone()[0] >= at_least:
                        return
            except sqlite3.OperationalError:
                pass  # the schema is still being created
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {sql} >= {at_least}")


def test_a_check_killed_mid_run_leaves_a_sound_database_and_the_next_run_completes(tmp_path, replica, scenario):
    # 43 pages at 0.2 s, six at a time: the run has over a second to go when its first checks land.
    slow(scenario, 0.2)
    config = replica_config(tmp_path, replica, extra="global_limit = 6")
    db = tmp_path / "m.db"
    victim = start_check(config, db)
    try:
        wait_for(db, "select count(*) from checks", 3)
        victim.send_signal(signal.SIGKILL)
    finally:
        victim.wait(10)
    assert victim.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select state from runs").fetchall() == [("running",)]
        assert 3 <= conn.execute("select count(*) from checks").fetchone()[0] < 43

    after = start_check(config, db, "--force", "merseyside", "--json")
    out, err = after.communicate(timeout=60)
    assert after.returncode == 0, err
    assert json.loads(out)["run"]["state"] == "complete"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select id, state from runs order by id").fetchall() == [(1, "aborted"), (2, "complete")]
        assert conn.execute("select count(*) from events").fetchone()[0] == 0  # the killed run never counts


def test_two_checks_at_once_run_one_after_the_other(tmp_path, replica, scenario):
    # The first run's pages are held until the second process has met the lock and said so.
    gate = threading.Event()
    held(scenario, gate, PUBLISHED)
    config = replica_config(tmp_path, replica, extra="global_limit = 1")
    db = tmp_path / "m.db"
    Store(db).close()  # so both processes meet an existing schema
    first = start_check(config, db, *[arg for fid in PUBLISHED for arg in ("--force", fid)])
    try:
        wait_for(db, "select count(*) from runs", 1)
        second_log = tmp_path / "second.err"
        second = start_check(config, db, "--force", "merseyside", log=second_log)
        wait_for_text(second_log, "another run is in progress")
    finally:
        gate.set()
    codes = [first.wait(120), second.wait(120)]
    assert codes == [0, 0], (first.stderr.read(), second_log.read_text())
    assert "waiting up to 60 s" in second_log.read_text()
    with Store(db) as store:
        done = list(store.db.query("select * from runs order by id"))
        assert [r["state"] for r in done] == ["complete", "complete"]
        assert done[0]["finished"] <= done[1]["started"]  # no overlap
        checked = [r["run_id"] for r in store.db.query("select run_id from checks order by id")]
        assert checked == [1, 1, 1, 2]  # every check of run 1 before any of run 2
        assert [(e.force_id, e.to_status) for e in store.events()] == [("merseyside", Status.PUBLISHED)]


def test_a_check_that_cannot_get_the_lock_in_time_exits_2_saying_why(tmp_path, replica, scenario):
    gate = threading.Event()  # the holder's pages wait until the late run has given up
    held(scenario, gate, PUBLISHED)
    config = replica_config(tmp_path, replica, extra="global_limit = 1\n[store]\nlock_timeout = 0.3")
    db = tmp_path / "m.db"
    holder = start_check(config, db, *[arg for fid in PUBLISHED for arg in ("--force", fid)])
    try:
        wait_for(db, "select count(*) from runs", 1)
        late = start_check(config, db, "--force", "merseyside")
        _, err = late.communicate(timeout=120)
    finally:
        gate.set()
        holder.kill()
        holder.wait(10)
    assert late.returncode == 2
    assert err.count("\n") == 2  # "waiting..." then one error line
    assert "another run is in progress" in err and "gave up after waiting 0.3 s" in err and "lock_timeout" in err


# -- status, history, report, prune -------------------------------------------------------------------

NOW = datetime.now(timezone.utc).replace(microsecond=0)
# Daily runs, a quarter-day off NOW, so "the last N days" never splits on the seconds a test takes.
START = NOW - timedelta(days=20) + timedelta(hours=6)
KENT_BROKEN_SINCE = report_words.when((START + timedelta(days=18, seconds=1)).isoformat())


@pytest.fixture(scope="module")
def history_db(tmp_path_factory) -> Path:
    """A month of runs: Kent broken for the last day, Essex blocked, a text revision, an NPCC link change."""
    path = tmp_path_factory.mktemp("history") / "m.db"
    forces = [f.id for f in load_settings().forces]
    with Store(path) as store:
        for index in range(20):
            at = START + timedelta(days=index)
            statuses = {fid: P for fid in forces}
            statuses["kent"] = B if index >= 18 else (P, "Kent plan. We train officers." if index < 10 else
                                                       "Kent plan. We train every officer and staff.")
            statuses["essex"] = BL
            statuses["wiltshire"] = Status.NOT_LINKED
            record(store, at, statuses)
        _snapshot(store, NOW - timedelta(days=1, hours=1), {"kent": "https://www.kent.police.uk/a"})
        _snapshot(store, NOW - timedelta(hours=1), {"kent": "https://www.kent.police.uk/b"},
                  updated="2026-11-20T10:00:00+00:00")
    return path


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_answers_since_when_for_every_force(history_db, capsys):
    code, out, _ = cli(capsys, "status", "--db", str(history_db))
    assert code == 1  # some force is not published
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Force", "Status"]
    kent = next(line for line in lines if line.startswith("Kent Police"))
    assert "broken" in kent and KENT_BROKEN_SINCE in kent and "90.0%" in kent
    essex = next(line for line in lines if line.startswith("Essex Police"))
    assert "blocked" in essex and "??" in essex
    assert lines[-1] == "40/43 published, 1 broken, 1 not linked, 1 blocked"

    code, out, _ = cli(capsys, "status", "--db", str(history_db), "--json")
    data = json.loads(out)
    kent = next(f for f in data["forces"] if f["id"] == "kent")
    assert kent["status"] == "broken" and kent["confirmed"] and report_words.when(kent["since"]) == KENT_BROKEN_SINCE
    assert kent["uptime"]["30"]["percent"] == 90.0 and kent["uptime"]["30"]["counted"] == 20
    assert len(kent["strip"]) == 20 and kent["last_content_change"] is not None
    assert data["summary"]["broken"] == 1 and len(data["forces"]) == 43


def test_history_of_one_force_shows_events_runs_and_a_content_diff(history_db, capsys):
    code, out, _ = cli(capsys, "history", "kent", "--db", str(history_db))
    assert code == 1
    assert out.startswith(f"Kent Police (kent): broken since {KENT_BROKEN_SINCE}\n")
    assert "+" * 18 + "xx" in out
    assert "published -> broken" in out
    assert "- We train officers." in out and "+ We train every officer and staff." in out
    assert "changed from https://www.kent.police.uk/a to https://www.kent.police.uk/b" in out

    code, out, _ = cli(capsys, "history", "kent", "--days", "5", "--json", "--db", str(history_db))
    data = json.loads(out)
    assert data["status"] == "broken" and len(data["runs"]) == 5
    assert [(e["from"], e["to"]) for e in data["events"]] == [("published", "broken")]


def test_history_without_a_force_is_what_changed(history_db, capsys):
    code, out, _ = cli(capsys, "history", "--since", (NOW - timedelta(days=30)).date().isoformat(), "--db", str(history_db))
    assert code == 0
    assert "Kent Police:" in out and "published -> broken" in out
    assert "Kent Police link changed from https://www.kent.police.uk/a to https://www.kent.police.uk/b" in out
    assert "+ We train every officer and staff." in out
    code, out, _ = cli(capsys, "history", "--days", "30", "--json", "--db", str(history_db))
    data = json.loads(out)
    assert {e["name"] for e in data["events"] if e["to"] == "broken"} == {"Kent Police"}
    assert data["source_changes"][0]["links"][0]["kind"] == "changed"


def test_report_json_and_csv_parse(history_db, tmp_path, capsys):
    code, _, err = cli(capsys, "report", "--format", "json", "--output", str(tmp_path / "s.json"), "--db", str(history_db))
    assert code == 1 and "wrote" in err
    data = json.loads((tmp_path / "s.json").read_text())
    assert len(data["forces"]) == 43 and data["format"] == 1
    cli(capsys, "report", "--format", "csv", "--output", str(tmp_path / "s.csv"), "--db", str(history_db))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text())))
    # The documented columns keep their places; coverage columns are appended after them.
    assert len(rows) == 43 and tuple(rows[0])[:len(report_json.CSV_HEADERS)] == report_json.CSV_HEADERS
    kent = next(row for row in rows if row["id"] == "kent")
    assert (kent["status"], kent["confirmed"], kent["uptime_30d"], kent["strip"]) == ("broken", "yes", "90.0", "+" * 18 + "xx")


def test_report_html_is_one_standalone_accessible_page(history_db, tmp_path, capsys):
    out = tmp_path / "site" / "index.html"
    code, _, _ = cli(capsys, "report", "--format", "html", "--output", str(out), "--db", str(history_db))
    assert code == 1
    page = check_page(out.read_text(encoding="utf-8"))
    assert page.body_rows == 43 and len(page.row_headers) == 43
    words = " ".join(page.text)
    # Status in words, not colour alone; the strip is also given in words for screen readers.
    assert "Kent Police broken" in words and "Essex Police blocked" in words
    assert "last 20 runs, oldest first: 18 published, 2 broken" in words
    assert "https://www.kent.police.uk/response" in page.hrefs
    assert list(out.parent.iterdir()) == [out]  # written atomically: no temporary file left behind


def test_the_page_escapes_what_the_sites_and_the_source_say(tmp_path):
    """A hostile page title, reason or link never becomes markup or a javascript: link."""
    with Store(tmp_path / "m.db") as store:
        for index in range(2):
            run_id = store.start_run(f"2026-11-0{index + 1}T09:00:00+00:00", "cli")
            from monitor.models import Check

            store.record_check(run_id, Check(force_id="kent", status=B, reason='<script>alert("x")</script> & "quotes"',
                                             url="javascript:alert(1)", final_url='https://x.example/"><b>'),
                               f"2026-11-0{index + 1}T09:00:01+00:00")
            store.complete_run(run_id, f"2026-11-0{index + 1}T09:00:02+00:00")
        overview = store.overview("2026-11-02T10:00:00+00:00", ["kent"])
    html = report_html.status_page(overview, load_settings().forces)
    page = check_page(html)
    assert "<script>" not in html and "javascript:alert(1)" in " ".join(page.text)
    assert '<script>alert("x")</script> & "quotes"' in " ".join(page.text)


def test_prune_keeps_status_answers_the_same(history_db, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(history_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    _, before, _ = cli(capsys, "status", "--json", "--db", str(copy))
    code, out, _ = cli(capsys, "prune", "--keep-days", "5", "--db", str(copy))
    assert code == 0 and out.startswith("folded ") and "events and texts kept" in out
    _, after, _ = cli(capsys, "status", "--json", "--db", str(copy))

    def answers(output: str) -> list[dict]:
        # The strip shows raw runs only, and a rolled-up day counts whole at a window's first day,
        # so the 7-day figure may move by a run at its edge; the 20 days sit inside 30 and 90.
        forces = json.loads(output)["forces"]
        return [{**{k: v for k, v in f.items() if k not in ("strip", "uptime")},
                 "uptime": {d: f["uptime"][d] for d in ("30", "90")}} for f in forces]

    assert answers(after) == answers(before)
    with sqlite3.connect(copy) as conn:
        assert conn.execute("select count(*) from checks").fetchone()[0] < 43 * 6
        assert conn.execute("select sum(total) from daily_rollups").fetchone()[0] >= 43 * 14


def test_read_commands_on_a_missing_database_exit_2_and_create_nothing(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "status", "--db", str(tmp_path / "nope.db")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no database here yet" in result.stderr and "check" in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_unknown_force_in_history_is_a_usage_error(history_db, capsys):
    code, _, err = cli(capsys, "history", "atlantis", "--db", str(history_db))
    assert code == 2 and "unknown force id 'atlantis'" in err


def test_readme_documents_every_table_and_the_history_commands(tmp_path):
    readme = (ROOT / "README.md").read_text()
    database = readme[readme.index("## The database"):]
    with Store(tmp_path / "m.db") as store:
        for table in store.db.table_names():
            row = next((line for line in database.splitlines() if line.startswith(f"| `{table}` |")), None)
            assert row is not None, f"README's database section does not describe table {table}"
            for column in store.db[table].columns_dict:
                assert f"`{column}`" in row, f"README: column {table}.{column} is not described"
    for command in ("status", "history ID", "report", "prune"):
        assert f"| `{command}` |" in readme


def test_demo_without_db_uses_a_temporary_database_not_the_working_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "demo", "--force", "merseyside", "--json")
    assert code == 0, err
    assert json.loads(out)["run"]["state"] == "complete"
    assert list(tmp_path.iterdir()) == []  # no monitor.db, no lock file left in the current folder
