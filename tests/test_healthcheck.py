"""Dead-man's-switch pings around each scheduled check, against a loopback HTTP receiver."""

from __future__ import annotations

import logging
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest

from monitor.scheduler import Service
from tests.http_receiver import HttpReceiver

KEY = "b9e3c1aa-ping-key"
ENV = "FM_TEST_HEALTHCHECK_URL"


@pytest.fixture
def receiver():
    with HttpReceiver() as server:
        yield server


# The pings wrap a run whatever it finds, so the scheduled checks here cover three forces (one
# published, one broken, one blocked), not all 43: a whole register costs a second of CPU a run
# and proves nothing more about the pings.
FEW = ("kent", "cleveland", "essex")


def few_forces(settings):
    return settings.replace(forces=tuple(f for f in settings.forces if f.id in FEW))


@pytest.fixture
def pinged(settings, receiver, monkeypatch):
    """Settings whose scheduled checks ping the receiver, healthchecks.io style."""
    monkeypatch.setenv(ENV, f"{receiver.url}/ping/{KEY}")
    return few_forces(settings).replace(healthcheck={"url_env": ENV, "retries": 0, "timeout": 5.0},
                                        schedule={"check_jitter_seconds": 0})


def pings(receiver) -> list[tuple[str, str, str]]:
    """(path, rid, body) of each ping received, in order."""
    out = []
    for request in receiver.inbox.accepted():
        parts = urlsplit(request.path)
        out.append((parts.path, parse_qs(parts.query)["rid"][0], request.body.decode()))
    return out


def test_a_scheduled_check_pings_start_then_success_with_its_summary(pinged, receiver):
    Service(pinged).run_check()
    (start, rid, body), (end, rid_end, summary) = pings(receiver)
    assert (start, end) == (f"/ping/{KEY}/start", f"/ping/{KEY}")
    assert rid == rid_end and body == ""  # one run: healthchecks.io pairs them and times it
    assert summary.startswith("run 1 complete: 1/3 published, 1 broken, 1 blocked")
    Service(pinged).run_check()
    assert len(pings(receiver)) == 4 and pings(receiver)[2][1] != rid  # each run its own rid


def test_a_source_problem_pings_failure(pinged, receiver, tmp_path):
    broken = pinged.replace(source={"content_api_url": "https://www.gov.uk/api/content/nothing-here",
                                    "page_url": "https://www.gov.uk/nothing-here"})
    Service(broken).run_check()
    [(start, _, _), (end, _, body)] = pings(receiver)
    assert (start, end) == (f"/ping/{KEY}/start", f"/ping/{KEY}/fail")
    assert body.startswith("run 1: source problem: cannot read the NPCC response")


def test_a_run_that_cannot_start_pings_failure(pinged, receiver, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the database folder should be")
    Service(pinged.replace(store={"path": str(blocker / "monitor.db")})).run_check()
    [(start, _, _), (end, _, body)] = pings(receiver)
    assert end == f"/ping/{KEY}/fail" and body.startswith("check failed: ")


def test_a_ping_service_that_is_down_costs_the_run_nothing_and_the_log_never_shows_the_key(
        pinged, receiver, caplog):
    receiver.stop()
    with caplog.at_level(logging.WARNING, logger="monitor.healthcheck"):
        Service(pinged).run_check()
    with sqlite3.connect(pinged.store.path) as conn:
        assert conn.execute("select state from runs").fetchall() == [("complete",)]
    warnings = [r.getMessage() for r in caplog.records if r.name == "monitor.healthcheck"]
    assert len(warnings) == 2 and "the start ping was not accepted (ConnectError)" in warnings[0]
    assert "the success ping was not accepted" in warnings[1]
    assert not any(KEY in message for message in caplog.messages)


def test_an_outage_answering_5xx_is_retried_then_reported(pinged, receiver, caplog):
    receiver.inbox.status = 503
    settings = pinged.replace(healthcheck={"retries": 1})
    from monitor.healthcheck import pinger

    ping = pinger(settings.healthcheck)
    ping = type(ping)(ping.settings, ping.base, sleep=lambda seconds: None)
    with caplog.at_level(logging.WARNING, logger="monitor.healthcheck"):
        assert ping.start() is False
    assert receiver.inbox.refused == 2  # the first try and one retry
    assert "the start ping was not accepted (HTTP 503)" in caplog.text
    receiver.inbox.status = 200
    assert ping.success("ok") is True


def test_without_a_healthcheck_nothing_is_pinged(settings, receiver, monkeypatch):
    monkeypatch.setenv(ENV, f"{receiver.url}/ping/{KEY}")  # set, but no [healthcheck] url_env names it
    Service(few_forces(settings).replace(schedule={"check_jitter_seconds": 0})).run_check()
    assert receiver.inbox.accepted() == [] and receiver.inbox.refused == 0


def test_check_ping_wraps_a_check_run_from_cron_or_a_timer(tmp_path, replica, receiver):
    import os
    import subprocess
    import sys

    from tests.test_cli import ROOT, replica_config

    config = replica_config(tmp_path, replica, extra=f"[healthcheck]\nurl_env = \"{ENV}\"\nretries = 0\n")
    env = {**os.environ, ENV: f"{receiver.url}/ping/{KEY}"}
    # One force the replica plants broken is enough to wrap (`--force`, as FEW above).
    run = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "check", "--ping", "--force", "cleveland",
                          "--config", str(config), "--db", str(tmp_path / "m.db")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env=env)
    assert run.returncode == 1, run.stderr  # the replica plants problems: found, not a failure
    assert [(path, body) for path, _, body in pings(receiver)] == [
        (f"/ping/{KEY}/start", ""), (f"/ping/{KEY}", "check complete: problems found")]
    unset = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "check", "--ping", "--config",
                            str(replica_config(tmp_path, replica)), "--db", str(tmp_path / "m.db")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert unset.returncode == 2 and "--ping needs [healthcheck] url_env" in unset.stderr
