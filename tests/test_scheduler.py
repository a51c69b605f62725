"""The schedule service: triggers across clock changes, validation, a real subprocess stopped by SIGTERM."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.errors import ConfigError
from monitor.replica import Expected, behaviours
from monitor.replica.scenario import split_url
from monitor.scheduler import Service, cron_trigger, validate
from tests.faultkit import held_until
from tests.test_cli import ROOT, replica_config

LONDON = ZoneInfo("Europe/London")


def fires(trigger, start: datetime, count: int) -> list[str]:
    out, previous, now = [], None, start
    for _ in range(count):
        nxt = trigger.get_next_fire_time(previous, now)
        out.append(nxt.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M UTC"))
        previous, now = nxt, nxt
    return out


def test_daily_digest_stays_at_0730_london_across_the_march_change():
    # Clocks go forward at 01:00 UTC on Sunday 29 March 2026: 07:30 local moves from 07:30 to 06:30 UTC.
    trigger = cron_trigger("30 7 * * *", LONDON)
    assert fires(trigger, datetime(2026, 3, 27, 12, tzinfo=LONDON), 3) == [
        "2026-03-28 07:30 UTC", "2026-03-29 06:30 UTC", "2026-03-30 06:30 UTC"]


def test_daily_digest_stays_at_0730_london_across_the_october_change():
    # Clocks go back at 01:00 UTC on Sunday 25 October 2026.
    trigger = cron_trigger("30 7 * * *", LONDON)
    assert fires(trigger, datetime(2026, 10, 23, 12, tzinfo=LONDON), 3) == [
        "2026-10-24 06:30 UTC", "2026-10-25 07:30 UTC", "2026-10-26 07:30 UTC"]


def test_a_time_inside_the_skipped_hour_runs_once_that_day():
    # 01:30 does not exist in London on 29 March 2026; the run happens once, not zero or two times.
    trigger = cron_trigger("30 1 * * *", LONDON)
    runs = fires(trigger, datetime(2026, 3, 28, 12, tzinfo=LONDON), 2)
    assert runs[0].startswith("2026-03-29") and runs[1].startswith("2026-03-30")


def test_crontab_weekday_numbers_mean_what_cron_means():
    # 28 November 2026 is a Saturday; "1" is Monday in crontab (APScheduler alone would read Tuesday).
    assert fires(cron_trigger("0 7 * * 1", LONDON), datetime(2026, 11, 28, 12, tzinfo=LONDON), 1) == ["2026-11-30 07:00 UTC"]
    assert fires(cron_trigger("0 7 * * 0", LONDON), datetime(2026, 11, 28, 12, tzinfo=LONDON), 1) == ["2026-11-29 07:00 UTC"]


@pytest.mark.parametrize(("schedule", "message"), [
    ({"timezone": "Europe/Londn"}, "field 'timezone' is 'Europe/Londn', not an IANA time zone"),
    ({"digest_cron": "30 7 * *"}, "field 'digest_cron' is not a valid crontab expression"),
    ({"check_cron": "61 * * * *"}, "field 'check_cron' is not a valid crontab expression"),
])
def test_invalid_schedule_settings_fail_at_start_up_naming_the_field(base_settings, schedule, message):
    with pytest.raises(ConfigError, match=message):
        validate(base_settings.replace(schedule=schedule))


def test_a_run_that_fails_does_not_stop_the_next_one(settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the database folder should be")
    broken = settings.replace(store={"path": str(blocker / "monitor.db")}, schedule={"check_jitter_seconds": 0})
    service = Service(broken)
    service.run_check()  # StoreError: logged, not raised
    blocker.unlink()
    service.run_check()
    with sqlite3.connect(blocker / "monitor.db") as conn:
        assert conn.execute("select state from runs").fetchall() == [("complete",)]


def start_schedule(config: Path, db: Path, log: Path | None = None) -> subprocess.Popen:
    """The service in its own process; its log (stderr) goes to `log` when given, so a test can
    wait for a line instead of guessing how long this machine takes to write it."""
    return subprocess.Popen([sys.executable, str(ROOT / "run_monitor.py"), "schedule", "--config", str(config),
                             "--db", str(db), "--run-now"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=log.open("w") if log is not None else subprocess.PIPE, text=True)


def wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def runs(db: Path) -> list[tuple[int, str]]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("select id, state from runs order by id").fetchall()
    except sqlite3.OperationalError:
        return []


def test_schedule_runs_checks_and_delivers_exactly_one_digest_then_stops_on_sigterm(tmp_path, replica, smtp_server):
    config = replica_config(tmp_path, replica, extra=(
        "[schedule]\ncheck_interval_seconds = 2\ncheck_jitter_seconds = 0\ndigest_interval_seconds = 3\n"
        "[digest]\nto = [\"campaigns@example.org\"]\nsmtp_host = \"127.0.0.1\"\n"
        f"smtp_port = {smtp_server.port}\nsmtp_security = \"none\"\n"))
    db = tmp_path / "monitor.db"
    log = tmp_path / "schedule.log"
    process = start_schedule(config, db, log)
    try:
        assert wait_for(lambda: sum(state == "complete" for _, state in runs(db)) >= 2
                        and len(smtp_server.mailbox.messages) == 1, 120), runs(db)
        # A later digest finds nothing new (send_when = "changes"): still exactly one. Waited for
        # in the log, however long this machine takes to get there.
        assert wait_for(lambda: "no changes since the last digest" in log.read_text(), 120), log.read_text()
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    err = log.read_text()
    assert process.returncode == 0, err
    states = [state for _, state in runs(db)]
    assert "running" not in states and states.count("complete") >= 2
    assert set(states) <= {"complete", "aborted"}
    assert len(smtp_server.mailbox.messages) == 1
    assert smtp_server.mailbox.messages[0]["Subject"].startswith("Stalking responses: 35/43 published")
    assert "check: run 1 complete: 35/43 published" in err
    assert "digest: sent 'Stalking responses" in err and "no changes since the last digest" in err
    assert "SIGTERM received, stopping" in err and err.rstrip().endswith("schedule: stopped")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select state from outbox").fetchall() == [("sent",)]


def test_a_manual_check_during_a_scheduled_run_waits_for_the_lock(tmp_path, replica, scenario):
    # The scheduled run holds Essex's page until the manual check has said it is waiting: the
    # overlap is made, not hoped for from how long a page takes on this machine.
    gate = threading.Event()
    scenario.replace("essex", held_until(gate, behaviours.page("<h1>slow</h1>")), Expected("not_response"))
    config = replica_config(tmp_path, replica, extra="[schedule]\ncheck_interval_seconds = 3600\n"
                            "check_jitter_seconds = 0\ndigest = false\n")
    db = tmp_path / "monitor.db"
    manual_log = tmp_path / "manual.log"
    process = start_schedule(config, db)
    try:
        assert wait_for(lambda: any(state == "running" for _, state in runs(db)), 60)
        with manual_log.open("w") as err:
            manual = subprocess.Popen([sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(config),
                                       "--db", str(db), "--force", "merseyside"], cwd=ROOT, stdout=subprocess.PIPE,
                                      stderr=err, text=True)
        assert wait_for(lambda: "waiting" in manual_log.read_text(), 60), manual_log.read_text()
        gate.set()
        manual.communicate(timeout=60)
    finally:
        gate.set()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert manual.returncode == 0, manual_log.read_text()
    with sqlite3.connect(db) as conn:
        (s_start, s_end, s_trigger), (m_start, m_end, m_trigger) = conn.execute(
            "select started, finished, trigger from runs order by id").fetchall()
    assert (s_trigger, m_trigger) == ("schedule", "cli")
    assert m_start >= s_end  # never interleaved


def test_sigterm_during_a_slow_run_marks_it_aborted_after_the_grace_period(tmp_path, replica, scenario):
    # Essex's page is held until the test ends: the run cannot finish by itself, however fast or
    # slow this machine is, so only the grace period's cancel can end it (or the 60 s guard fails it).
    gate = threading.Event()
    scenario.replace("essex", held_until(gate, behaviours.page("late")), Expected("unreachable"))
    essex = split_url(scenario.link_for("essex"))[0]
    config = replica_config(tmp_path, replica, extra="read_timeout = 60.0\ntotal_timeout = 90.0\n"
                            "[schedule]\ncheck_interval_seconds = 3600\ncheck_jitter_seconds = 0\n"
                            "digest = false\nstop_grace_seconds = 1\n")
    db = tmp_path / "monitor.db"
    process = start_schedule(config, db)
    try:
        # The run is waiting on Essex's page (the replica has the request), not merely started.
        assert wait_for(lambda: any(r.path != "/robots.txt" for r in replica.requests_for(essex)), 120)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=60)
        finally:
            gate.set()
    assert process.returncode == 0, err
    assert [state for _, state in runs(db)] == ["aborted"]
    assert "did not finish within 1 s; cancelling it" in err


def test_sigterm_while_a_scheduled_check_waits_for_the_lock_stops_promptly_without_running_it(tmp_path, replica):
    from monitor.store import Store

    # A lock_timeout far past the 60 s guard on the stop below: a check that kept waiting for the
    # lock instead of stopping fails the test whatever this machine's speed, with no clock to read.
    config = replica_config(tmp_path, replica, extra="[store]\nlock_timeout = 600.0\n[schedule]\n"
                            "check_interval_seconds = 3600\ncheck_jitter_seconds = 0\ndigest = false\n")
    db = tmp_path / "monitor.db"
    log = tmp_path / "schedule.log"
    with Store(db) as store, store.run_lock(1):  # another process's run holds the lock
        process = start_schedule(config, db, log)
        try:
            # The --run-now check has begun (so it is waiting for the lock), however long this
            # machine took to start the process.
            assert wait_for(lambda: "check: starting" in log.read_text(), 120), log.read_text()
            time.sleep(0.5)
            assert process.poll() is None
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()  # it kept waiting for the lock: the failure, without leaving it behind
                process.communicate()
                raise
    err = log.read_text()
    assert process.returncode == 0, err
    assert "stopped while waiting for the run lock" in err
    assert runs(db) == []  # no run was started after the stop
