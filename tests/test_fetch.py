"""fetch.py against real loopback servers: redirects, retries, timeouts, guards, politeness."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib

import pytest

from monitor.decoding import decode_text, sniff_content_type
from monitor.http import Fetcher, Validators
from monitor.models import ErrorKind
from monitor.replica import behaviours
from monitor.replica._http import Response
from tests.conftest import settings_for
from tests.faultkit import closed_port, expiring_certificate, loopback_only, max_overlap, self_signed_certificate

HOST = "fetch.replica.test"
OTHER = "other.replica.test"
PAGE = "<html><head><title>T</title></head><body><p>stalking super-complaint response</p></body></html>"

pytestmark = pytest.mark.usefixtures("loopback_only")


def fetch_many(settings, urls, **kwargs):
    """Fetch all at once through one Fetcher (one run's politeness state)."""

    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(url, **kwargs) for url in urls))

    return asyncio.run(go())


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
    assert result.elapsed_ms < 4500  # gave up before the server's 5 s answer, however busy the machine


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


# -- retries and Retry-After -----------------------------------------------------------------------


def test_500_then_200_is_retried_within_the_run(replica, scenario, settings):
    # 500 is in the retry set: one blip must not alert anybody (LESSONS.md).
    scenario.with_route(HOST, "/blip", behaviours.fail_first(1, behaviours.page("oops", status=500), behaviours.page(PAGE)))
    result = fetch(settings, f"https://{HOST}/blip")
    assert result.status_code == 200 and result.attempts == 2


def test_retry_after_within_the_cap_is_waited_for(replica, scenario, settings):
    scenario.with_route(HOST, "/busy", behaviours.retry_after(1, behaviours.page(PAGE)))
    result = fetch(settings, f"https://{HOST}/busy")
    assert result.status_code == 200 and result.attempts == 2
    first, second = [r for r in replica.requests_for(HOST) if r.path == "/busy"]
    assert (first.status, second.status) == (429, 200)
    assert second.time_monotonic - first.time_monotonic >= 0.95


def test_503_retry_after_holds_back_every_request_to_that_host(replica, scenario, settings):
    scenario.with_route(HOST, "/maintenance", behaviours.retry_after(1, behaviours.page(PAGE), status=503))
    scenario.with_route(HOST, "/other", behaviours.page(PAGE))

    async def go():
        async with Fetcher(settings.http) as fetcher:
            first = await fetcher.fetch(f"https://{HOST}/maintenance")
            return first, await fetcher.fetch(f"https://{HOST}/other")

    first, other = asyncio.run(go())
    assert first.status_code == other.status_code == 200
    log = {r.path: r for r in replica.requests_for(HOST) if r.status in (200, 503)}
    told = next(r for r in replica.requests_for(HOST) if r.status == 503)
    assert log["/other"].time_monotonic - told.time_monotonic >= 0.95


def test_a_urls_deadline_starts_with_its_request_not_its_wait_behind_others(replica, scenario, settings):
    # Eight links to one site, two at a time, 0.5 s each: the last pair starts ~1.5 s in. Each URL
    # takes 0.5 s of its own, well inside 2 s even on a busy machine; the queue is ours, not the
    # site's slowness.
    scenario.with_route(HOST, "/slow", behaviours.delayed(0.5, behaviours.page(PAGE)))
    quick = settings.replace(http={"read_timeout": 2.0, "total_timeout": 2.0, "retries": 0})
    results = fetch_many(quick, [f"https://{HOST}/slow?{i}" for i in range(8)], respect_robots=False)
    starts = sorted(r.time_monotonic for r in replica.requests_for(HOST))
    assert starts[-1] - starts[0] >= 1.4  # the server saw the last pair start 1.5 s after the first
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    assert max(r.elapsed_ms for r in results) < 2000  # its own time: no "slow" for waiting its turn


def test_retry_after_longer_than_the_time_left_is_blocked_not_a_timeout(replica, scenario, settings):
    scenario.with_route(HOST, "/later", behaviours.retry_after(3, behaviours.page(PAGE)))
    result = fetch(settings.replace(http={"retry_after_cap": 10.0, "total_timeout": 2.0}), f"https://{HOST}/later")
    assert result.error_kind is ErrorKind.RETRY_AFTER and "left for this URL" in result.error
    assert result.elapsed_ms < 3000  # did not wait out the 3 s it was told


def test_retry_after_as_an_http_date_is_understood(replica, scenario, settings):
    from email.utils import formatdate

    scenario.with_route(HOST, "/date", behaviours.retry_after(formatdate(time.time() + 3600, usegmt=True), behaviours.page(PAGE)))
    result = fetch(settings, f"https://{HOST}/date")
    assert result.error_kind is ErrorKind.RETRY_AFTER and "cap" in result.error


def test_the_total_deadline_bounds_retries_and_a_dripping_body(replica, scenario, settings):
    scenario.with_route(HOST, "/drip", behaviours.drip(b"x" * 100, chunk=1, interval=1.0))
    quick = settings.replace(http={"read_timeout": 3.0, "total_timeout": 1.5})
    result = fetch(quick, f"https://{HOST}/drip")
    assert result.error_kind is ErrorKind.TIMEOUT and "total deadline" in result.error
    assert result.elapsed_ms < 10_000  # the body would drip for 100 s; the read timeout never fires


# -- politeness, seen from the server ------------------------------------------------------------


def test_per_host_limit_holds_from_the_servers_side(replica, scenario, settings):
    scenario.with_route(HOST, "/slow", behaviours.delayed(0.3, behaviours.page(PAGE)))
    results = fetch_many(settings, [f"https://{HOST}/slow?{i}" for i in range(8)])
    assert all(r.ok for r in results)
    assert replica.max_in_flight(HOST) == settings.http.per_host_limit == 2


def test_per_host_limit_counts_the_port(replica, scenario, settings):
    # http://host and https://host are different origins; lychee's mistake was ignoring the port.
    http_only = settings.replace(http={"per_host_limit": 1})
    scenario.http_upgrade = False
    scenario.with_route(HOST, "/slow", behaviours.delayed(0.3, behaviours.page(PAGE)))
    fetch_many(http_only, [f"https://{HOST}/slow?a", f"http://{HOST}/slow?b"])
    assert replica.max_in_flight(HOST) == 2


def test_per_host_delay_is_kept_between_request_starts(replica, scenario, settings):
    scenario.with_route(HOST, "/p", behaviours.page(PAGE))
    polite = settings.replace(http={"per_host_delay": 0.2, "per_host_limit": 4})
    # Plain http: the server sees a request start a TLS handshake after the client started it,
    # and on a busy machine handshakes differ by more than the slack below (one new connection,
    # then one kept alive, seen 0.08 s apart); without TLS the two clocks stay within a few ms.
    scenario.http_upgrade = False
    fetch_many(polite, [f"http://{HOST}/p?{i}" for i in range(5)])
    starts = sorted(r.time_monotonic for r in replica.requests_for(HOST))
    assert len(starts) == 6  # robots.txt and five pages
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.1


def test_a_sites_pause_between_requests_holds_no_global_slot(replica, scenario, settings):
    # One global slot; a site that must wait 0.6 s before its second request, and another site.
    # The pause is that site's politeness, not a reason for every other site to wait.
    scenario.with_route(HOST, "/p", behaviours.page(PAGE))
    scenario.with_route(OTHER, "/p", behaviours.page(PAGE))
    polite = settings.replace(http={"per_host_delay": 0.6, "global_limit": 1})
    # The gap is read on the server's clock, so both requests must reach it the same way: over
    # plain http, and on a connection already open (beside two CPU hogs a first request's new
    # connection and TLS handshake arrived 0.11 s later than the request started, and the gap
    # seen by the server shrank by as much).
    scenario.http_upgrade = False

    async def go():
        async with Fetcher(polite.http) as fetcher:
            await fetcher.fetch(f"http://{HOST}/p?0", respect_robots=False)  # opens the connection
            first = asyncio.create_task(fetcher.fetch(f"http://{HOST}/p?1", respect_robots=False))
            await asyncio.sleep(0)
            second = asyncio.create_task(fetcher.fetch(f"http://{HOST}/p?2", respect_robots=False))
            await asyncio.sleep(0)
            other = await fetcher.fetch(f"http://{OTHER}/p", respect_robots=False)
            return [other, *await asyncio.gather(first, second)]

    assert all(r.ok for r in asyncio.run(go()))
    starts = {(r.host, r.target): r.time_monotonic for r in replica.access_log}
    assert starts[(OTHER, "/p")] < starts[(HOST, "/p?2")]  # it did not wait out HOST's pause
    assert starts[(HOST, "/p?2")] - starts[(HOST, "/p?1")] >= 0.5  # and the pause was kept


def test_global_limit_holds_across_hosts(replica, scenario, settings):
    hosts = [f"h{i}.replica.test" for i in range(6)]
    for host in hosts:
        scenario.with_route(host, "/slow", behaviours.delayed(0.2, behaviours.page(PAGE)))
    limited = settings.replace(http={"global_limit": 3}, )
    results = fetch_many(limited, [f"https://{h}/slow?{i}" for h in hosts for i in range(2)], respect_robots=False)
    assert all(r.ok for r in results)
    assert max_overlap(replica, hosts) == 3


def test_a_queue_for_one_slow_host_does_not_stall_the_others(replica, scenario, settings):
    # Before: the four waiting for the slow host's two slots held the three global slots.
    scenario.with_route(HOST, "/slow", behaviours.delayed(1.0, behaviours.page(PAGE)))
    scenario.with_route(OTHER, "/fast", behaviours.page(PAGE))
    limited = settings.replace(http={"global_limit": 3, "per_host_limit": 2})

    async def go():
        async with Fetcher(limited.http) as fetcher:
            slow = [asyncio.create_task(fetcher.fetch(f"https://{HOST}/slow?{i}", respect_robots=False)) for i in range(6)]
            await asyncio.sleep(0.1)
            fast = await fetcher.fetch(f"https://{OTHER}/fast", respect_robots=False)
            await asyncio.gather(*slow)
            return fast

    fast = asyncio.run(go())
    assert fast.ok
    # Seen from the server: the fast site was asked while the slow site's first pair was still
    # being answered, so it waited for no slow page (behind them it would start a second later).
    [fast_record] = replica.requests_for(OTHER)
    first_pair_done = min(r.time_monotonic + r.duration for r in replica.requests_for(HOST))
    assert fast_record.time_monotonic < first_pair_done


def test_robots_txt_is_read_once_per_host_and_obeyed(replica, scenario, settings):
    scenario.with_route(HOST, "/robots.txt", behaviours.page(
        "User-agent: *\nDisallow: /private\n\nUser-agent: force-response-monitor\nDisallow: /not-for-monitors\n",
        content_type="text/plain"))
    scenario.with_route(HOST, "/open", behaviours.page(PAGE))
    scenario.with_route(HOST, "/not-for-monitors", behaviours.page(PAGE))
    urls = [f"https://{HOST}/open?{i}" for i in range(4)] + [f"https://{HOST}/not-for-monitors"]
    results = fetch_many(settings, urls)
    assert all(r.ok for r in results[:4])
    # The group naming our product token applies, not the "*" one.
    assert results[4].error_kind is ErrorKind.ROBOTS and results[4].error.startswith("robots.txt disallows")
    assert [r.path for r in replica.requests_for(HOST)].count("/robots.txt") == 1
    assert "/not-for-monitors" not in [r.path for r in replica.requests_for(HOST)]
    assert fetch(settings, f"https://{HOST}/not-for-monitors", respect_robots=False).ok


def test_robots_txt_redirect_is_followed(replica, scenario, settings):
    scenario.with_route(HOST, "/robots.txt", behaviours.redirect(f"https://{OTHER}/robots.txt"))
    scenario.with_route(OTHER, "/robots.txt", behaviours.page("User-agent: *\nDisallow: /\n", content_type="text/plain"))
    scenario.with_route(HOST, "/page", behaviours.page(PAGE))
    assert fetch(settings, f"https://{HOST}/page").error_kind is ErrorKind.ROBOTS


def test_robots_txt_that_never_answers_means_no_rules_not_a_stalled_host(replica, scenario, settings):
    scenario.with_route(HOST, "/robots.txt", behaviours.drip(b"User-agent: *\nDisallow: /\n", interval=1.0))
    scenario.with_route(HOST, "/page", behaviours.page(PAGE))
    result = fetch(settings.replace(http={"total_timeout": 4.0}), f"https://{HOST}/page")
    assert result.ok and result.elapsed_ms < 3500  # robots.txt gets a quarter of the 4 s deadline, not all of it


# -- redirects -------------------------------------------------------------------------------------


def test_ten_redirects_are_followed_and_eleven_are_too_many(replica, scenario, settings):
    scenario.with_route(HOST, "/ten", behaviours.redirect_chain(10, behaviours.page(PAGE)))
    scenario.with_route(HOST, "/eleven", behaviours.redirect_chain(11, behaviours.page(PAGE)))
    ten, eleven = fetch_many(settings, [f"https://{HOST}/ten", f"https://{HOST}/eleven"])
    assert ten.ok and len(ten.hops) == 11 and ten.final_url == f"https://{HOST}/ten?hop=10"
    assert eleven.error_kind is ErrorKind.TOO_MANY_REDIRECTS and len(eleven.hops) == 11
    assert [h.location for h in eleven.hops][:2] == ["/eleven?hop=1", "/eleven?hop=2"]


def test_redirect_loop_is_detected(replica, scenario, settings):
    scenario.with_route(HOST, "/loop", behaviours.redirect_loop())
    result = fetch(settings, f"https://{HOST}/loop")
    assert result.error_kind is ErrorKind.REDIRECT_LOOP and len(result.hops) == 4


def test_https_to_http_downgrade_is_flagged(replica, scenario, settings):
    scenario.http_upgrade = False
    scenario.with_route(HOST, "/down", behaviours.redirect(f"http://{HOST}/plain"))
    scenario.with_route(HOST, "/plain", behaviours.page(PAGE))
    result = fetch(settings, f"https://{HOST}/down")
    assert result.ok and "downgraded to http" in result.warnings and "insecure" in result.warnings


# -- conditional requests --------------------------------------------------------------------------


def test_validators_go_only_to_the_validated_url_by_the_same_chain(replica, scenario, settings):
    page = behaviours.conditional(behaviours.page(PAGE), etag='"v7"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT")
    scenario.with_route(HOST, "/old", behaviours.redirect("/new"))
    scenario.with_route(HOST, "/new", page)
    same = Validators(chain=(f"https://{HOST}/old", f"https://{HOST}/new"), etag='"v7"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT")
    result = fetch(settings, f"https://{HOST}/old", validators=same)
    assert result.not_modified and result.status_code == 304 and not result.ok
    sent = {r.path: r.request_headers for r in replica.requests_for(HOST)}
    assert "if-none-match" not in sent["/old"] and sent["/new"]["if-none-match"] == '"v7"'
    assert sent["/new"]["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    replica.reset_log()
    other_chain = Validators(chain=(f"https://{HOST}/new",), etag='"v7"')
    result = fetch(settings, f"https://{HOST}/old", validators=other_chain)
    assert result.ok and not result.not_modified
    assert all("if-none-match" not in r.request_headers for r in replica.requests_for(HOST))


# -- bodies ---------------------------------------------------------------------------------------


def peak_memory_of(call):
    """(result, peak bytes Python allocated meanwhile, replica thread included)."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_body_over_the_cap_is_cut_and_the_connection_dropped(replica, scenario, settings):
    scenario.with_route(HOST, "/huge", behaviours.endless(200_000_000))
    result, peak = peak_memory_of(lambda: fetch(settings.replace(http={"max_page_bytes": 1_000_000}), f"https://{HOST}/huge"))
    assert result.error_kind is ErrorKind.TOO_LARGE and result.truncated and len(result.body) == 64 * 1024
    assert peak < 16_000_000, f"{peak:,} bytes allocated for a 1 MB cap"
    assert "1 MB" in result.error
    time.sleep(0.2)
    sent = [r.bytes_sent for r in replica.requests_for(HOST) if r.path == "/huge"][0]
    assert sent < 30_000_000, "the server kept sending: the client did not hang up"


def test_documents_have_their_own_larger_cap(replica, scenario, settings):
    scenario.with_route(HOST, "/plan.pdf", behaviours.endless(3_000_000, content_type="application/pdf", block=b"%PDF-1.4 " * 1000))
    capped = settings.replace(http={"max_page_bytes": 1_000_000, "max_document_bytes": 4_000_000})
    assert fetch(capped, f"https://{HOST}/plan.pdf").error_kind is ErrorKind.TOO_LARGE
    assert fetch(capped, f"https://{HOST}/plan.pdf", document=True).ok


def test_a_gzip_bomb_is_cut_at_the_cap_once_decompressed(replica, scenario, settings):
    scenario.with_route(HOST, "/bomb", behaviours.gzip_bomb(2_000_000_000))
    result, peak = peak_memory_of(lambda: fetch(settings.replace(http={"max_page_bytes": 1_000_000}), f"https://{HOST}/bomb"))
    assert result.error_kind is ErrorKind.TOO_LARGE and "decompressed" in result.error
    assert result.truncated and len(result.body) == 64 * 1024
    # The server's own megabyte of zeros is in this figure; unbounded inflating would add 64 MB+.
    assert peak < 16_000_000, f"{peak:,} bytes allocated for a 1 MB cap"


@pytest.mark.parametrize("compress", [
    lambda b: gzip.compress(b),
    lambda b: zlib.compress(b),
    lambda b: zlib.compress(b)[2:-4],  # raw deflate, as old IIS sends it
], ids=["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies_are_decoded(replica, scenario, settings, compress):
    encoding = "gzip" if compress(b"x")[:2] == b"\x1f\x8b" else "deflate"
    scenario.with_route(HOST, "/z", behaviours.page(compress(PAGE.encode()), headers=[("Content-Encoding", encoding)]))
    result = fetch(settings, f"https://{HOST}/z")
    assert result.ok and result.text == PAGE


def test_a_corrupt_gzip_body_is_a_page_problem(replica, scenario, settings):
    scenario.with_route(HOST, "/bad", behaviours.page(b"\x1f\x8b\x08\x00garbage" * 10, headers=[("Content-Encoding", "gzip")]))
    result = fetch(settings.replace(http={"retries": 0}), f"https://{HOST}/bad")
    assert result.error_kind is ErrorKind.PROTOCOL and "corrupt" in result.error


def test_a_malformed_header_is_a_page_problem_not_a_crash(replica, scenario, settings):
    scenario.with_route(HOST, "/crlf", behaviours.raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Bad: a\rb\r\nContent-Length: 5\r\n\r\nhello"))
    result = fetch(settings.replace(http={"retries": 0}), f"https://{HOST}/crlf")
    assert result.error_kind is ErrorKind.PROTOCOL and "protocol" in result.error


@pytest.mark.parametrize("body, header, expected", [
    ("Café – “quotes”".encode("utf-8"), "text/html; charset=iso-8859-1", "Café – “quotes”"),  # stale label
    ("Café – “quotes”".encode("cp1252"), "text/html; charset=utf-8", "Café – “quotes”"),  # mislabelled
    ("Café – “quotes”".encode("cp1252"), "text/html; charset=utf-16", "Café – “quotes”"),  # absurd label
    ("Café – “quotes”".encode("cp1252"), "text/html; charset=klingon", "Café – “quotes”"),  # unknown label
    ("Café – “quotes”".encode("cp1252"), "text/html; charset=latin1", "Café – “quotes”"),  # latin1 = cp1252
    ("Zoë".encode("iso-8859-15"), "text/html; charset=iso-8859-15", "Zoë"),
    ("Ça va".encode("utf-8-sig"), "text/html", "Ça va"),  # BOM
    ("Ça va".encode("utf-16"), "text/html; charset=utf-8", "Ça va"),  # BOM beats the header
    (b"<meta charset=\"windows-1252\"><p>caf\xe9</p>", "text/html", "<meta charset=\"windows-1252\"><p>café</p>"),
    ("Café – “quotes” ".encode() * 20 + b"\xff", "text/html; charset=utf-8",
     "Café – “quotes” " * 20 + "\ufffd"),  # mostly UTF-8 with a bad byte: keep it
])
def test_text_is_decoded_whatever_the_label_says(body, header, expected):
    assert decode_text(body, header, "text/html") == expected


@pytest.mark.parametrize("head, expected", [
    (b"<!doctype html><html>", "text/html"),
    (bytes(range(256)) * 4, "application/octet-stream"),
    (b"\x89PNG\r\n\x1a\n" + b"a" * 100, "application/octet-stream"),
    (b"\x1f\x8b\x08" + b"a" * 100, "application/octet-stream"),
    (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"text", "application/octet-stream"),
    (b"%PDF-1.7\n", "application/pdf"),
    ("Ça va".encode("utf-16"), "text/html"),
])
def test_binary_served_as_text_html_is_sniffed(head, expected):
    assert sniff_content_type("text/html; charset=utf-8", head) == expected


# -- TLS --------------------------------------------------------------------------------------------


def test_a_self_signed_certificate_is_named(replica, scenario, settings, tmp_path):
    scenario.with_route(HOST, "/", behaviours.page(PAGE))
    scenario.sites[HOST].tls = self_signed_certificate(tmp_path, [HOST])
    result = fetch(settings.replace(http={"retries": 0}), f"https://{HOST}/")
    assert result.error_kind is ErrorKind.TLS and "self-signed certificate" in result.error.replace("self signed", "self-signed")


def test_an_expired_certificate_is_named(replica, scenario, settings):
    scenario.with_route(HOST, "/", behaviours.page(PAGE))
    scenario.sites[HOST].tls = "expired"
    result = fetch(settings, f"https://{HOST}/")
    assert result.error_kind is ErrorKind.TLS and "expired" in result.error and result.attempts == 1


def test_a_certificate_expiring_within_14_days_is_a_warning(replica, scenario, settings, tmp_path):
    scenario.with_route(HOST, "/", behaviours.page(PAGE))
    pem, bundle = expiring_certificate(tmp_path, [HOST], days=5, replica_ca=replica.ca_path)
    scenario.sites[HOST].tls = pem
    result = fetch(settings.replace(http={"ca_bundle": bundle}), f"https://{HOST}/")
    assert result.ok
    assert [w for w in result.warnings if w.startswith("certificate expires in 4 days")]


def test_a_certificate_with_months_left_is_not_a_warning(replica, scenario, settings, tmp_path):
    scenario.with_route(HOST, "/", behaviours.page(PAGE))
    pem, bundle = expiring_certificate(tmp_path, [HOST], days=60, replica_ca=replica.ca_path)
    scenario.sites[HOST].tls = pem
    result = fetch(settings.replace(http={"ca_bundle": bundle}), f"https://{HOST}/")
    assert result.ok and not result.warnings


# -- address guard and bad URLs -------------------------------------------------------------------


@pytest.mark.parametrize("host", [
    "127.0.0.1", "169.254.169.254", "10.1.2.3", "192.168.0.1", "[::1]", "[::ffff:127.0.0.1]", "[fe80::1]",
    "224.0.0.1", "0.0.0.0", "0x7f.1", "2130706433",
])
def test_private_and_local_literals_are_refused_even_with_a_wildcard_connect_to(replica, settings, host):
    # settings map "*:80" and "*:443" to the replica; an IP literal must not ride on that mapping.
    guarded = settings.replace(http={"allow_networks": ()})
    result = fetch(guarded, f"http://{host}/latest/meta-data/")
    assert result.error_kind is ErrorKind.FORBIDDEN_ADDRESS and "address guard" in result.error
    assert result.attempts == 1
    assert not replica.access_log, "the guard let a request through to the replica"


def test_connect_to_targets_are_reachable_without_an_allowlist(replica, scenario, settings):
    scenario.with_route(HOST, "/", behaviours.page(PAGE))
    assert fetch(settings.replace(http={"allow_networks": ()}), f"https://{HOST}/").ok


def test_an_allowlisted_literal_is_fetched(replica, scenario, base_settings):
    allowed = base_settings.replace(http={"allow_networks": ("127.0.0.1/32",), "retries": 0})
    assert fetch(allowed, f"http://127.0.0.1:{replica.http_port}/").error_kind is None
    assert fetch(allowed, f"http://127.0.0.2:{replica.http_port}/").error_kind is ErrorKind.FORBIDDEN_ADDRESS


def test_a_name_resolving_to_loopback_is_refused(replica, base_settings):
    result = fetch(base_settings.replace(http={"retries": 0}), f"http://localhost:{replica.http_port}/")
    assert result.error_kind is ErrorKind.FORBIDDEN_ADDRESS and "resolves to" in result.error
    assert not replica.access_log


def test_a_refused_connection_is_retried_then_reported(replica, settings):
    port = closed_port()
    refused = settings.replace(http={"connect_to": {**settings.http.connect_to, f"{HOST}:443": f"127.0.0.1:{port}"}})
    result = fetch(refused, f"https://{HOST}/")
    assert result.error_kind is ErrorKind.CONNECT and "refused" in result.error.lower()
    assert result.attempts == settings.http.retries + 1


@pytest.mark.parametrize("url", [
    "http://[oops/", "https://x.replica.test:99999/", "https://x.replica.test:0/", "ftp://x.replica.test/",
    "file:///etc/passwd", "javascript:alert(1)", "https:///nohost",
])
def test_bad_urls_are_results_not_exceptions(replica, settings, url):
    result = fetch(settings, url)
    assert result.error_kind is ErrorKind.BAD_URL and result.attempts == 1
    assert not replica.access_log


def test_a_slot_handed_to_a_cancelled_waiter_is_passed_on_not_lost():
    # A run cancelled mid-queue (SIGTERM, the total deadline) must never leak a site's slot.
    from monitor.http.politeness import _Slots

    async def go():
        slots = _Slots(1)
        await slots.acquire()
        cancelled = asyncio.create_task(slots.acquire(follow_up=True))
        queued = asyncio.create_task(slots.acquire())
        await asyncio.sleep(0)
        slots.release()  # handed to `cancelled`...
        cancelled.cancel()  # ...which is cancelled before it runs: the slot goes on to `queued`
        await asyncio.wait_for(queued, 1)
        gone = asyncio.create_task(slots.acquire())
        await asyncio.sleep(0)
        gone.cancel()  # cancelled while still queued: simply leaves the queue
        await asyncio.sleep(0)
        slots.release()
        await asyncio.wait_for(slots.acquire(), 1)  # the one slot is free again, exactly once
        late = asyncio.create_task(slots.acquire())
        await asyncio.sleep(0)
        late.cancel()  # cancelled, and dropped by a release before it could leave the queue itself
        slots.release()
        await asyncio.gather(late, return_exceptions=True)
        await asyncio.wait_for(slots.acquire(), 1)
        return cancelled.cancelled() and late.cancelled()

    assert asyncio.run(go())


def test_a_site_that_bounces_to_set_a_cookie_gets_it_back_and_no_other_site_does(replica, scenario, settings):
    def bounce(ex):
        if "visited=yes" in ex.request.header("cookie"):
            return Response(200, PAGE, [("Content-Type", "text/html")])
        return Response(302, b"", [("Location", ex.request.target), ("Set-Cookie", "visited=yes; Path=/")])

    scenario.with_route(HOST, "/bounce", bounce)
    scenario.with_route(OTHER, "/page", behaviours.page(PAGE))

    async def go():
        async with Fetcher(settings.http) as fetcher:
            return [await fetcher.fetch(url, respect_robots=False)
                    for url in (f"https://{HOST}/bounce", f"https://{HOST}/bounce?again", f"https://{OTHER}/page")]

    first, again, other = asyncio.run(go())
    assert first.ok and [hop.status for hop in first.hops] == [302, 200]  # kept across the hop
    assert again.ok and [hop.status for hop in again.hops] == [200]  # and for the site's next URL
    assert other.ok and not [r for r in replica.requests_for(OTHER) if r.request_headers.get("cookie")]
