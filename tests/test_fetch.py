"""fetch.py against real loopback servers: redirects, retries, timeouts, guards."""

from __future__ import annotations

import asyncio

import pytest

from monitor.fetch import Fetcher
from monitor.models import ErrorKind
from monitor.replica import behaviours
from monitor.replica._http import Response
from tests.conftest import settings_for

HOST = "fetch.replica.test"


def fetch(settings, url, **kwargs):
    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(go())


def test_redirect_chain_is_recorded_hop_by_hop(replica, scenario, settings):
    scenario.with_route(HOST, "/a", behaviours.redirect("/b", 301))
    scenario.with_route(HOST, "/b", behaviours.redirect(f"https://{HOST}/c", 302))
    scenario.with_route(HOST, "/c", behaviours.page("<html><title>C</title><body>final</body></html>"))
    result = fetch(settings, f"https://{HOST}/a")
    assert result.ok and result.final_url == f"https://{HOST}/c"
    assert [(h.url, h.status, h.location) for h in result.hops] == [
        (f"https://{HOST}/a", 301, "/b"),
        (f"https://{HOST}/b", 302, f"https://{HOST}/c"),
        (f"https://{HOST}/c", 200, None),
    ]
    assert "final" in result.text


def test_503_then_200_is_retried_within_the_run(replica, scenario, settings):
    scenario.with_route(HOST, "/flaky", behaviours.fail_first(
        2, behaviours.page("down", status=503), behaviours.page("<html><body>up</body></html>")))
    result = fetch(settings, f"https://{HOST}/flaky")
    assert result.status_code == 200 and result.attempts == 3
    assert [r.status for r in replica.requests_for(HOST) if r.path == "/flaky"] == [503, 503, 200]


def test_503_that_never_recovers_gives_up_after_the_configured_retries(replica, scenario, settings):
    scenario.with_route(HOST, "/down", behaviours.page("down", status=503))
    result = fetch(settings.replace(http={"retries": 1}), f"https://{HOST}/down")
    assert result.status_code == 503 and result.attempts == 2
    assert len([r for r in replica.requests_for(HOST) if r.path == "/down"]) == 2


def test_404_is_not_retried(replica, scenario, settings):
    scenario.with_route(HOST, "/gone", behaviours.page("gone", status=404))
    result = fetch(settings, f"https://{HOST}/gone")
    assert result.status_code == 404 and result.attempts == 1


def test_slow_headers_time_out_within_the_total_deadline(replica, scenario, settings):
    scenario.with_route(HOST, "/slow", behaviours.delayed(5, behaviours.page("late")))
    quick = settings.replace(http={"read_timeout": 0.3, "total_timeout": 1.5, "retries": 1})
    result = fetch(quick, f"https://{HOST}/slow")
    assert result.error_kind is ErrorKind.TIMEOUT
    assert result.elapsed_ms < 3000


def test_honest_user_agent_is_sent(replica, scenario, settings):
    scenario.with_route(HOST, "/ua", behaviours.page("ok"))
    fetch(settings, f"https://{HOST}/ua")
    sent = [r.request_headers.get("user-agent") for r in replica.requests_for(HOST) if r.path == "/ua"]
    assert sent and sent[0].startswith("force-response-monitor/") and "mailto:monitor@example.org" in sent[0]


def test_untrusted_certificate_is_a_tls_problem(replica, base_settings):
    # Without the replica's CA the client trusts nothing the replica serves.
    untrusting = settings_for(replica, base_settings).replace(http={"ca_bundle": None})
    result = fetch(untrusting, "https://www.kent.police.uk/")
    assert result.error_kind is ErrorKind.TLS
    assert "certificate" in result.error


def test_address_guard_refuses_loopback_unless_allowlisted(replica, base_settings):
    # No connect-to map and no allowlist: a link to 127.0.0.1 must not be followed.
    guarded = base_settings.replace(http={"retries": 0})
    result = fetch(guarded, f"http://127.0.0.1:{replica.http_port}/")
    assert result.error_kind is ErrorKind.FORBIDDEN_ADDRESS
    assert not [r for r in replica.access_log if r.scheme == "http"]
    allowed = base_settings.replace(http={"retries": 0, "allow_networks": ("127.0.0.0/8",)})
    assert fetch(allowed, f"http://127.0.0.1:{replica.http_port}/").error_kind is None


def test_unresolvable_name_is_a_dns_error(replica, base_settings):
    result = fetch(base_settings.replace(http={"retries": 0}), "https://no-such-force.invalid/")
    assert result.error_kind is ErrorKind.DNS


def test_connection_reset_mid_body_is_a_connection_failure_not_a_crash(replica, scenario, settings):
    # DESIGN: "connection refused or reset" is unreachable, so a reset is a connection error.
    scenario.with_route(HOST, "/reset", behaviours.reset_connection(after=b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nhalf"))
    result = fetch(settings.replace(http={"retries": 0}), f"https://{HOST}/reset")
    assert result.error_kind is ErrorKind.CONNECT
    assert "reset" in result.error


def test_retry_after_beyond_the_cap_gives_up_as_blocked(replica, scenario, settings):
    scenario.with_route(HOST, "/busy", lambda ex: Response(429, b"busy", [("Retry-After", "3600")]))
    result = fetch(settings, f"https://{HOST}/busy")
    assert result.error_kind is ErrorKind.RETRY_AFTER and "3600" in result.error
    assert len([r for r in replica.requests_for(HOST) if r.path == "/busy"]) == 1
