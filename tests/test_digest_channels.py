"""The digest's apprise channels and its outbox under concurrency: real runs against the replica,
a real SMTP server (aiosmtpd) and a real HTTP receiver on loopback standing in for a webhook."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from dataclasses import asdict

import pytest

from monitor.config import ChannelSettings
from monitor.digest import deliver, preview
from monitor.errors import DeliveryError
from monitor.outbox import DigestDraft
from monitor.run import execute
from monitor.replica import Expected, behaviours
from monitor.store import Store
from tests.conftest import copy_database, digest_settings_for
from tests.http_receiver import HttpReceiver
from tests.test_cli import ROOT
from tests.test_digest_outbox import now, outbox, smtp_config, two_runs

TOKEN = "s3cr3t-webhook-token"
HOOK_ENV = "FM_TEST_HOOK_URL"


@pytest.fixture
def receiver():
    with HttpReceiver() as server:
        yield server


def hook_url(receiver) -> str:
    # apprise's generic JSON webhook: POST {"title", "message", "type", ...} to http://host:port/path.
    return f"json://127.0.0.1:{receiver.port}/hook/{TOKEN}"


def hook_channel(**changes) -> ChannelSettings:
    return ChannelSettings(**{"name": "hook", "url_env": HOOK_ENV, "timeout": 5.0, "retries": 0, **changes})


def digest_cli(config, db, *args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "digest", "--config", str(config),
                           "--db", str(db), *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


CHANNEL_TOML = f'[[channel]]\nname = "hook"\nurl_env = "{HOOK_ENV}"\ntimeout = 5.0\nretries = 0\n'


def test_a_webhook_gets_exactly_one_digest_per_change_across_an_outage_and_a_restart(
        tmp_path, replica, seeded_db, settings, scenario, smtp_server, receiver, monkeypatch):
    monkeypatch.setenv(HOOK_ENV, hook_url(receiver))
    settings = digest_settings_for(smtp_server, settings).replace(channels=(hook_channel(),))
    with Store(settings.store.path) as store:
        outcome = deliver(store, settings, now=now())
    assert outcome.via == ("email", "hook")
    [first] = receiver.inbox.accepted("/hook/")
    assert first.json()["title"].startswith("Stalking responses: 35/43 published, 3 newly broken")
    assert "Cleveland Police: broken since" in first.json()["message"]
    assert len(smtp_server.mailbox.messages) == 1

    # The webhook's service is down while Merseyside breaks: email goes, the webhook's digest waits.
    receiver.inbox.status = 503
    scenario.replace("merseyside", behaviours.page("gone", status=404), Expected("broken"))
    # Only Merseyside changed, so only Merseyside is checked again (as `check --force merseyside`).
    two_runs(settings, force_ids=["merseyside"])
    with Store(settings.store.path) as store:
        with pytest.raises(DeliveryError, match="channel 'hook' after 1 attempts") as failed:
            deliver(store, settings, now=now())
    assert "delivered to: email" in str(failed.value) and TOKEN not in str(failed.value)
    assert receiver.inbox.refused == 1 and len(receiver.inbox.accepted()) == 1
    assert len(smtp_server.mailbox.messages) == 2
    assert [(r.channel, r.state) for r in outbox(settings)] == [
        ("email", "sent"), ("hook", "sent"), ("email", "sent"), ("hook", "pending")]

    # The receiver restarts (down, then up on the same port) and the monitor restarts: a new
    # process delivers the webhook's one digest covering the break, and mails nothing new.
    receiver.stop()
    receiver.inbox.status = 200
    receiver.start()
    config = smtp_config(tmp_path, replica, smtp_server, extra=CHANNEL_TOML)
    env = {HOOK_ENV: hook_url(receiver)}
    sent = digest_cli(config, settings.store.path, "--send", env=env)
    assert sent.returncode == 0, sent.stderr
    assert "sent 'Stalking responses: 34/43 published, 1 newly broken' to hook" in sent.stdout
    assert "email: no changes since the last digest" in sent.stdout
    second = receiver.inbox.accepted("/hook/")[-1]
    assert len(receiver.inbox.accepted()) == 2
    assert second.json()["title"] == "Stalking responses: 34/43 published, 1 newly broken"
    assert "Merseyside Police: broken since" in second.json()["message"]
    assert len(smtp_server.mailbox.messages) == 2

    # Nothing changed since: neither channel gets anything more, however often it is asked.
    again = digest_cli(config, settings.store.path, "--send", env=env)
    assert again.returncode == 0 and "sent" not in again.stdout
    assert len(receiver.inbox.accepted()) == 2 and len(smtp_server.mailbox.messages) == 2
    # The webhook's URL (its token) is in the environment only: not in the config, the database or output.
    rows = outbox(settings)
    assert not any(TOKEN in str(value) for row in rows for value in asdict(row).values())
    assert TOKEN not in config.read_text() + sent.stdout + sent.stderr + again.stdout + again.stderr
    # The digest refused during the outage was superseded by the one covering everything since.
    assert [(r.channel, r.state) for r in rows] == [
        ("email", "sent"), ("hook", "sent"), ("email", "sent"), ("hook", "superseded"), ("hook", "sent")]


def test_a_channel_whose_variable_is_unset_keeps_its_digest_and_names_the_variable(
        tmp_path, replica, two_runs_db, smtp_server, receiver):
    config = smtp_config(tmp_path, replica, smtp_server, extra=CHANNEL_TOML)
    db = copy_database(two_runs_db, tmp_path / "cli.db")
    env = {k: v for k, v in os.environ.items() if k != HOOK_ENV}
    result = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "digest", "--send", "--config", str(config),
                             "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2
    [line] = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"error: hook: channel 'hook': the environment variable {HOOK_ENV} is not set")
    assert "delivered to: email" in line
    assert len(smtp_server.mailbox.messages) == 1
    with Store(db) as store:
        assert [(r.channel, r.state) for r in store.outbox.rows()] == [
            ("email", "sent"), ("hook", "pending")]


def test_a_url_apprise_does_not_know_is_refused_without_showing_it(seeded_db, settings, monkeypatch):
    monkeypatch.setenv(HOOK_ENV, f"nosuchservice://{TOKEN}@example.invalid/x")
    settings = settings.replace(channels=(hook_channel(),))
    with Store(settings.store.path) as store:
        with pytest.raises(DeliveryError, match="does not hold a URL apprise knows") as refused:
            deliver(store, settings, now=now())
    assert TOKEN not in str(refused.value)
    with Store(settings.store.path) as store:
        [row] = store.outbox.pending("hook")
    assert TOKEN not in (row.last_error or "")


def test_two_digest_sends_at_once_deliver_each_digest_once(tmp_path, replica, two_runs_db, smtp_server, receiver):
    """Issue 18 #4: each sender claims the channel's digest in a transaction before sending, so
    the second finds it claimed (or already sent) and composes nothing of its own."""
    config = smtp_config(tmp_path, replica, smtp_server, extra=CHANNEL_TOML)
    db = copy_database(two_runs_db, tmp_path / "cli.db")
    # Each delivery holds DATA for 3 s, so the two senders overlap unless a machine is very busy
    # (and then the second finds the digest sent: one delivery either way).
    smtp_server.mailbox.data_delay = 3.0
    env = {**os.environ, HOOK_ENV: hook_url(receiver)}
    command = [sys.executable, str(ROOT / "run_monitor.py"), "digest", "--send", "--config", str(config), "--db", str(db)]
    senders = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for _ in range(2)]
    results = [sender.communicate(timeout=120) for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0], results
    assert len(smtp_server.mailbox.messages) == 1
    assert len(receiver.inbox.accepted("/hook/")) == 1
    outputs = "\n".join(out for out, _ in results)
    assert outputs.count("sent 'Stalking responses: 35/43 published") == 2  # one per channel, in all
    with Store(db) as store:
        rows = list(store.db.query("select channel, state, attempts from outbox order by id"))
    assert sorted((r["channel"], r["state"], r["attempts"]) for r in rows) == [("email", "sent", 1), ("hook", "sent", 1)]


def test_a_sender_that_died_mid_delivery_is_taken_over_at_once(seeded_db, settings, smtp_server):
    """A claim whose process is gone does not make the next sender wait out its lease."""
    settings = digest_settings_for(smtp_server, settings)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket
    from datetime import timedelta

    with Store(settings.store.path) as store:
        composed = preview(store, settings, now=now())
        store.outbox.add(DigestDraft(created_at=now().isoformat(), since=None, until=now().isoformat(), first_event_id=1,
                         last_event_id=store.last_event_id(), message_id=composed["Message-ID"],
                         subject=composed["Subject"], message=composed.as_string(policy=email.policy.SMTP)))
        [row] = store.outbox.pending()
        store.outbox.begin_attempt(row.id, now().isoformat(), claimant=f"{socket.gethostname()}:{dead.pid}:x",
                                   until=(now() + timedelta(hours=1)).isoformat(timespec="seconds"))
        outcome = deliver(store, settings, now=now())
    # Not left to a claim that stands for an hour: its process is gone, so the digest is resent
    # as it was, under its Message-ID (recognisable if the server had accepted it).
    assert outcome.sent == (composed["Subject"],)
    [message] = smtp_server.mailbox.messages
    assert message["Message-ID"] == composed["Message-ID"]


def test_a_live_senders_claim_is_left_alone(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings)
    import socket
    from datetime import timedelta

    with Store(settings.store.path) as store:
        composed = preview(store, settings, now=now())
        store.outbox.add(DigestDraft(created_at=now().isoformat(), since=None, until=now().isoformat(), first_event_id=1,
                         last_event_id=store.last_event_id(), message_id=composed["Message-ID"],
                         subject=composed["Subject"], message=composed.as_string(policy=email.policy.SMTP)))
        [row] = store.outbox.pending()
        # This test's own parent process stands for a sender still at work.
        store.outbox.begin_attempt(row.id, now().isoformat(), claimant=f"{socket.gethostname()}:{os.getppid()}:x",
                                   until=(now() + timedelta(hours=1)).isoformat(timespec="seconds"))
        outcome = deliver(store, settings, now=now())
    assert outcome.sent == () and f"is delivering digest {row.id} now" in outcome.skipped
    assert smtp_server.mailbox.messages == []
