"""Composing and delivering the digest: real messages to a real SMTP server on loopback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from monitor.digest import compose, send
from monitor.digest_mail import subject
from monitor.digest_data import Change, DigestData, ForceLine
from monitor.errors import DeliveryError
from monitor.models import Status
from tests.conftest import digest_settings_for
from tests.smtp_server import SmtpServer

NOW = datetime(2026, 11, 28, 7, 30, tzinfo=timezone.utc)
HOSTILE = 'Stalking <script>alert("x")</script>\r\nBcc: victim@example.org'


def data(**changes) -> DigestData:
    forces = (
        ForceLine("kent", "Kent Police", Status.PUBLISHED, NOW - timedelta(days=40), 100.0, (Status.PUBLISHED,) * 3,
                  "https://www.kent.police.uk/r"),
        ForceLine("cleveland", "Cleveland Police", Status.BROKEN, NOW - timedelta(days=3), 90.0,
                  (Status.PUBLISHED, Status.BROKEN, Status.BROKEN), "https://www.cleveland.police.uk/r",
                  reason="HTTP 404: the page was not found"),
        ForceLine("surrey", "Surrey Police", Status.BLOCKED, None, None, (Status.BLOCKED,), "https://www.surrey.police.uk/r",
                  reason="a bot challenge answered 403"),
    )
    return DigestData(generated_at=NOW, since=NOW - timedelta(days=1), forces=forces, version="0.1.0", **changes)


BROKE = Change("cleveland", "Cleveland Police", Status.PUBLISHED, Status.BROKEN, NOW - timedelta(hours=5),
               "HTTP 404: the page was not found", "https://www.cleveland.police.uk/r")


def test_subject_headline_counts_and_quiet_runs(base_settings):
    settings = base_settings.digest
    assert subject(data(newly_broken=(BROKE,)), settings) == "Stalking responses: 1/3 published, 1 newly broken"
    assert subject(data(), settings) == "Stalking responses: 1/3 published, no changes"


def test_message_arrives_with_both_parts_and_the_right_headers(base_settings, smtp_server):
    settings = digest_settings_for(smtp_server, base_settings)
    message = compose(data(newly_broken=(BROKE,)), settings.digest)
    send(message, settings.digest, password=None)
    [received] = smtp_server.mailbox.messages
    assert received["Subject"] == "Stalking responses: 1/3 published, 1 newly broken"
    assert received["Message-ID"] == message["Message-ID"]
    assert received["To"] == "campaigns@example.org, oversight@example.org"
    assert received.get_content_type() == "multipart/alternative"
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "NEWLY BROKEN" in text and "Cleveland Police: broken since Sat 28 Nov 2026, 02:30 GMT" in text
    assert "https://web.archive.org/web/*/https://www.cleveland.police.uk/r" in text
    assert "Times are Europe/London time" in text and "0.1.0" in text
    assert "Newly broken" in html and "archived copies" in html
    assert smtp_server.mailbox.envelopes[0][1] == ["campaigns@example.org", "oversight@example.org"]


def test_hostile_page_text_is_escaped_and_cannot_add_headers(base_settings, smtp_server):
    settings = digest_settings_for(smtp_server, base_settings)
    hostile = Change("cleveland", HOSTILE, Status.PUBLISHED, Status.BROKEN, NOW, reason=HOSTILE,
                     url='https://evil.example/"><script>x</script>')
    send(compose(data(newly_broken=(hostile,)), settings.digest), settings.digest, password=None)
    [received] = smtp_server.mailbox.messages
    assert received["Bcc"] is None
    assert [rcpt for _, rcpts in smtp_server.mailbox.envelopes for rcpt in rcpts] == [
        "campaigns@example.org", "oversight@example.org"]
    html = received.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html

    class Tags(HTMLParser):
        seen: set[str] = set()

        def handle_starttag(self, tag, attrs):
            self.seen.add(tag)
            for name, value in attrs:
                assert not name.startswith("on")
                if tag == "img" or name == "src":
                    raise AssertionError(f"external asset: {tag} {name}={value}")

    parser = Tags()
    parser.feed(html)
    assert not parser.seen & {"script", "svg", "img", "iframe", "link"}


def test_html_part_is_plain_tables_with_inline_styles(base_settings):
    message = compose(data(newly_broken=(BROKE,)), base_settings.digest)
    html = message.get_body(("html",)).get_content()
    assert "<style" not in html and "class=" not in html
    assert '<th scope="col"' in html and '<th scope="row"' in html and '<html lang="en">' in html
    # every status is written in words next to its colour
    assert "✗ broken" in html and "? blocked" in html


def test_auth_failure_is_a_clear_delivery_error(base_settings):
    with SmtpServer(user="monitor", password="right") as server:
        settings = digest_settings_for(server, base_settings, smtp_user="monitor")
        with pytest.raises(DeliveryError, match="refused the login for 'monitor'") as info:
            send(compose(data(), settings.digest), settings.digest, password="wrong")
        assert "MONITOR_SMTP_PASSWORD" in str(info.value)
        send(compose(data(), settings.digest), settings.digest, password="right")
        assert len(server.mailbox.messages) == 1


def test_missing_password_says_which_variable_to_set(base_settings, smtp_server):
    settings = digest_settings_for(smtp_server, base_settings, smtp_user="monitor")
    with pytest.raises(DeliveryError, match="export MONITOR_SMTP_PASSWORD"):
        send(compose(data(), settings.digest), settings.digest, password=None)


def test_temporary_refusal_is_retried_then_reported(base_settings, smtp_server):
    smtp_server.mailbox.refuse_with = "451 4.3.0 try again later"
    settings = digest_settings_for(smtp_server, base_settings, smtp_retries=2)
    with pytest.raises(DeliveryError, match="after 3 attempts"):
        send(compose(data(), settings.digest), settings.digest, password=None)
    assert smtp_server.mailbox.attempts == 3 and smtp_server.mailbox.messages == []


def test_server_down_is_a_delivery_error_not_a_crash(base_settings):
    server = SmtpServer()  # never started: nothing listens on its port
    settings = digest_settings_for(server, base_settings, smtp_retries=0)
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{server.port}"):
        send(compose(data(), settings.digest), settings.digest, password=None)


def test_only_http_links_even_when_a_redirect_or_the_source_supplies_another(base_settings):
    """Issue 18: a site's redirect ended at a javascript: URL and the digest linked it."""
    from monitor.digest_data import LinkUpdate

    evil = "javascript:alert(document.cookie)"
    forces = (
        ForceLine("kent", "Kent Police", Status.NOT_RESPONSE, NOW - timedelta(days=2), 50.0, (Status.NOT_RESPONSE,),
                  url="https://www.kent.police.uk/r", final_url=evil, reason="redirected away"),
        ForceLine("cleveland", "Cleveland Police", Status.BROKEN, NOW - timedelta(days=3), 0.0, (Status.BROKEN,),
                  url=" JavaScript:alert(1)", reason="HTTP 404"),
    )
    moved = Change("kent", "Kent Police", Status.PUBLISHED, Status.BROKEN, NOW, "gone", url="data:text/html,<b>x</b>")
    digest = DigestData(generated_at=NOW, since=NOW - timedelta(days=1), forces=forces, version="0.1.0",
                        newly_broken=(moved,), source_changes=(LinkUpdate(NOW, added=(evil, "https://ok.example/a")),))
    html = compose(digest, base_settings.digest).get_body(("html",)).get_content()

    class Links(HTMLParser):
        hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.hrefs += [value for name, value in attrs if name == "href"]

    parser = Links()
    parser.feed(html)
    assert parser.hrefs and all(h.startswith(("https://", "http://")) for h in parser.hrefs), parser.hrefs
    assert "https://ok.example/a" in parser.hrefs
    assert not any("javascript" in h.lower() or h.startswith("data:") for h in parser.hrefs)
    assert evil in html  # still shown, as text, so the reader sees what the site did
