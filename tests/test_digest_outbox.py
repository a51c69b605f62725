"""The digest end to end: real runs against the replica, the outbox, a real SMTP server."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from monitor.digest import deliver, preview, send
from monitor.errors import DeliveryError
from monitor.outbox import DigestDraft, OutboxRow
from monitor.run import execute
from monitor.replica import Expected, behaviours
from monitor.store import Store
from tests.conftest import digest_settings_for
from tests.test_cli import ROOT, replica_config


def now() -> datetime:
    return datetime.now(timezone.utc)


def two_runs(settings, force_ids=None) -> None:
    """Two agreeing runs: with confirm_runs = 2, every force gets a confirmed state. Tests that
    start from two runs of the default scenario take `seeded_db` instead (built once a session)."""
    execute(settings, force_ids=force_ids, trigger="test")
    execute(settings, force_ids=force_ids, trigger="test")


def outbox(settings) -> list[OutboxRow]:
    with Store(settings.store.path) as store:
        return store.outbox.rows()


def test_first_digest_reports_confirmed_states_and_is_delivered_once(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings)
    with Store(settings.store.path) as store:
        outcome = deliver(store, settings, now=now())
        assert len(outcome.sent) == 1
        again = deliver(store, settings, now=now())
    assert again.sent == () and "no changes" in again.skipped
    [message] = smtp_server.mailbox.messages
    assert message["Subject"].startswith("Stalking responses: 35/43 published, 3 newly broken, 3 newly missing, "
                                      "35 newly published, 2 newly blocked")
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "This is the first digest" in text and "Cleveland Police: broken since" in text
    assert [row.state for row in outbox(settings)] == ["sent"]


def test_next_digest_covers_only_what_changed_since_the_delivered_one(seeded_db, settings, smtp_server, scenario):
    settings = digest_settings_for(smtp_server, settings)
    with Store(settings.store.path) as store:
        deliver(store, settings, now=now())
    scenario.replace("merseyside", behaviours.page("gone", status=404), Expected("broken"))
    # Only Merseyside changed, so only Merseyside is checked again (as `check --force merseyside`).
    execute(settings, force_ids=["merseyside"], trigger="test")
    with Store(settings.store.path) as store:
        # One blip alerts nobody.
        assert deliver(store, settings, now=now()).sent == ()
    execute(settings, force_ids=["merseyside"], trigger="test")
    with Store(settings.store.path) as store:
        deliver(store, settings, now=now())
    second = smtp_server.mailbox.messages[-1]
    assert second["Subject"] == "Stalking responses: 34/43 published, 1 newly broken"
    text = second.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "NEWLY BROKEN\n- Merseyside Police: broken since" in text
    assert "https://web.archive.org/web/*/https://www.merseyside.police.uk/" in text
    assert "NEWLY PUBLISHED" not in text and "first digest" not in text


def test_send_when_always_mails_a_quiet_all_clear(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings, send_when="always")
    with Store(settings.store.path) as store:
        deliver(store, settings, now=now())
        deliver(store, settings, now=now())
    assert [m["Subject"] for m in smtp_server.mailbox.messages][-1] == "Stalking responses: 35/43 published, no changes"
    assert "No changes since the last digest. The monitor is running." in \
        smtp_server.mailbox.messages[-1].get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_smtp_outage_keeps_the_digest_pending_and_a_later_run_delivers_exactly_one(seeded_db, settings, smtp_server, scenario):
    settings = digest_settings_for(smtp_server, settings)
    smtp_server.mailbox.refuse_with = "451 4.3.0 mailbox busy, try later"
    with Store(settings.store.path) as store:
        with pytest.raises(DeliveryError, match="after 2 attempts"):
            deliver(store, settings, now=now())
    assert [(r.state, r.in_flight) for r in outbox(settings)] == [("pending", False)]
    # More changes arrive while mail is down.
    scenario.replace("merseyside", behaviours.page("gone", status=404), Expected("broken"))
    two_runs(settings, force_ids=["merseyside"])
    smtp_server.mailbox.refuse_with = None
    with Store(settings.store.path) as store:
        outcome = deliver(store, settings, now=now())
    assert len(outcome.sent) == 1
    [message] = smtp_server.mailbox.messages
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    # One digest covering everything since the last delivered one (none): the first states and the break.
    assert "This is the first digest" in text and "Merseyside Police: broken since" in text
    assert [r.state for r in outbox(settings)] == ["superseded", "sent"]


def test_crash_between_acceptance_and_marking_resends_under_the_same_message_id(seeded_db, settings, smtp_server):
    settings = digest_settings_for(smtp_server, settings)
    with Store(settings.store.path) as store:
        message = preview(store, settings, now=now())
        digest_id = store.outbox.add(DigestDraft(created_at=now().isoformat(), since=None, until=now().isoformat(),
                                     first_event_id=1, last_event_id=store.last_event_id(),
                                     message_id=message["Message-ID"], subject=message["Subject"],
                                     message=message.as_string(policy=email.policy.SMTP)))
        store.outbox.begin_attempt(digest_id, now().isoformat())
        send(message, settings.digest, password=None)  # the server accepted it; then the process "died"
    with Store(settings.store.path) as store:
        outcome = deliver(store, settings, now=now())
    assert len(outcome.sent) == 1 and "no changes" in outcome.skipped
    first, second = smtp_server.mailbox.messages
    assert first["Message-ID"] == second["Message-ID"] == message["Message-ID"]
    assert [r.state for r in outbox(settings)] == ["sent"]


def digest_cli(config, db, *args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "digest", "--config", str(config),
                           "--db", str(db), *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def smtp_config(tmp_path, replica, smtp_server, extra=""):
    return replica_config(tmp_path, replica, extra=(
        "[digest]\nto = [\"campaigns@example.org\"]\nsmtp_host = \"127.0.0.1\"\n"
        f"smtp_port = {smtp_server.port}\nsmtp_security = \"none\"\nsmtp_retries = 0\n{extra}"))


def test_digest_command_dry_run_output_and_send(tmp_path, replica, seeded_db, smtp_server):
    config = smtp_config(tmp_path, replica, smtp_server)
    db = seeded_db
    dry = digest_cli(config, db, "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("Stalking responses: 35/43 published")
    eml = tmp_path / "digest.eml"
    written = digest_cli(config, db, "--output", str(eml))
    assert written.returncode == 0
    parsed = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert {part.get_content_type() for part in parsed.iter_parts()} == {"text/plain", "text/html"}
    assert smtp_server.mailbox.messages == []  # neither dry run nor output sends
    sent = digest_cli(config, db, "--send")
    assert sent.returncode == 0 and "sent 'Stalking responses: 35/43 published" in sent.stdout
    assert len(smtp_server.mailbox.messages) == 1
    quiet = digest_cli(config, db, "--send")
    assert quiet.returncode == 0 and "no changes since the last digest" in quiet.stdout
    assert len(smtp_server.mailbox.messages) == 1


def test_digest_send_with_the_server_down_exits_2_and_keeps_it_pending(tmp_path, replica, seeded_db, smtp_server):
    config = smtp_config(tmp_path, replica, smtp_server)
    db = seeded_db
    smtp_server.stop()
    result = digest_cli(config, db, "--send")
    assert result.returncode == 2
    assert result.stderr.startswith("error: could not deliver the digest to 127.0.0.1:")
    assert "stays in the outbox" in result.stderr
    with Store(db) as store:
        assert [r.state for r in store.outbox.pending()] == ["pending"]


def test_password_comes_from_the_environment_variable_named_in_config(tmp_path, replica, seeded_db):
    from tests.smtp_server import SmtpServer

    with SmtpServer(user="monitor", password="s3cret") as server:
        config = smtp_config(tmp_path, replica, server, extra="smtp_user = \"monitor\"\nsmtp_password_env = \"FM_PW\"\n")
        db = seeded_db
        missing = digest_cli(config, db, "--send", env={"FM_PW": ""})
        assert missing.returncode == 2 and "refused the login" in missing.stderr
        ok = digest_cli(config, db, "--send", env={"FM_PW": "s3cret"})
        assert ok.returncode == 0, ok.stderr
        assert len(server.mailbox.messages) == 1
    assert "s3cret" not in config.read_text()
    with Store(db) as store:
        assert not any("s3cret" in (row.message + (row.last_error or "")) for row in store.outbox.rows())
