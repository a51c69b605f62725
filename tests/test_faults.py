"""Fault injection: one fault planted in one force's page, then a run beside a few other forces.

For each fault: the faulty force gets the expected status and reason, the other forces checked
beside it (a published page, a PDF plan, a broken link, a bot challenge) are still checked as the
replica planted them, no replica behaviour crashed, and the server saw a polite client (per-host
limit, robots.txt at most once per host). Whole-register runs are kept for what only a whole
register shows (politeness over every site, the max_links cap).

Deadlines come from the scenario, not from how fast this machine is today: generous everywhere,
so an untouched page never times out on a busy machine, and short only where the fault is a
server that never answers (60 s of silence, a 10,000 s drip), where a deadline of seconds is
still far from what a good page needs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from monitor.models import Status
from monitor.replica import Expected, Replica, Scenario, behaviours
from monitor.replica.pdf import make_pdf
from monitor.replica.scenario import split_url
from tests.conftest import settings_for
from tests.faultkit import (
    closed_port,
    expiring_certificate,
    loopback_only,
    max_overlap,
    original_behaviour,
    relink,
    run_register,
    self_signed_certificate,
)

pytestmark = pytest.mark.usefixtures("loopback_only")

FORCE = "cheshire"
# Checked beside the faulty force: a page that is the response, a landing page with a PDF plan, a
# dead link and a bot challenge, each on its own site.
NEIGHBOURS = ("merseyside", "avon-and-somerset", "cleveland", "kent")
CHECKED = (FORCE, *NEIGHBOURS)
FAULT_HTTP = {
    "connect_timeout": 10.0,
    "read_timeout": 10.0,
    "total_timeout": 20.0,
    "retries": 1,
    "retry_backoff": 0.05,
    "retry_after_cap": 2.0,
    "per_host_delay": 0.0,
    # Nothing allowlisted: the replica is reached through connect_to, which is trusted as
    # configured; a link to a private or local address is refused on its own merits.
    "allow_networks": (),
}
# For a server that never answers in time: far below its 60 s silence or its hours-long drip,
# far above the milliseconds a loopback page takes even on a loaded machine.
SHORT_DEADLINE = {"read_timeout": 1.5, "total_timeout": 3.0}
# A guard against a hung run, not a speed test: a test never fails because the machine is busy.
RUN_BOUND = 120.0


@dataclass(frozen=True)
class Fault:
    """plant(scenario, replica, tmp_path) routes the fault and returns [http] overrides."""

    id: str
    plant: Callable[[Scenario, Replica, object], dict]
    status: str
    reason: str  # lower-case text the faulty force's reason must contain
    warning: str | None = None  # a warning the faulty force must carry (prefix)
    server: Callable[[Replica, Scenario], None] | None = None  # what the server must (not) have seen


def _replace(make: Callable[[Scenario], behaviours.Behaviour], http: dict | None = None) -> Callable[[Scenario, Replica, object], dict]:
    def plant(scenario: Scenario, replica: Replica, tmp_path: object) -> dict:
        scenario.replace(FORCE, make(scenario))
        return dict(http or {})

    return plant


def _relink(url: Callable[[Replica], str]) -> Callable[[Scenario, Replica, object], dict]:
    def plant(scenario: Scenario, replica: Replica, tmp_path: object) -> dict:
        relink(scenario, FORCE, url(replica))
        return {}

    return plant


def _refused(scenario: Scenario, replica: Replica, tmp_path: object) -> dict:
    host, _ = split_url(scenario.link_for(FORCE))
    return {"connect_to": {**replica.connect_to, f"{host}:443": f"127.0.0.1:{closed_port()}"}}


def _self_signed(scenario: Scenario, replica: Replica, tmp_path) -> dict:
    site = scenario.sites[split_url(scenario.link_for(FORCE))[0]]
    site.tls = self_signed_certificate(tmp_path, site.hosts)
    return {}


def _expiring(scenario: Scenario, replica: Replica, tmp_path) -> dict:
    site = scenario.sites[split_url(scenario.link_for(FORCE))[0]]
    site.tls, bundle = expiring_certificate(tmp_path, site.hosts, days=5, replica_ca=replica.ca_path)
    return {"ca_bundle": bundle}


def _corrupt_utf8(body: bytes) -> bytes:
    # Stray bytes that are never valid UTF-8, in the middle of the text and the markup.
    return body.replace(b"stalking", b"stalk\xff\xfeing", 1).replace(b"</p>", b"\xc3\x28</p>").replace(b"<h1", b"\x80\x81<h1", 1)


def _recode_cp1252(body: bytes) -> bytes:
    return body.decode("utf-8").replace("\u2019", "\u2019\u00e9").encode("cp1252", errors="replace")


def _nest(body: bytes) -> bytes:
    # 200,000 unclosed elements before the content: unbounded, lexbor would take minutes.
    at = body.index(b">", body.index(b"<main")) + 1
    return body[:at] + b"<div class=wrap><span>" * 100_000 + b"<div><b><i>" * 20_000 + body[at:]


def _no_request_to(host: str) -> Callable[[Replica, Scenario], None]:
    def check(replica: Replica, scenario: Scenario) -> None:
        assert not [r for r in replica.access_log if r.host == host], f"something connected to {host}"

    return check


def _statuses_seen(expected: list[int]) -> Callable[[Replica, Scenario], None]:
    def check(replica: Replica, scenario: Scenario) -> None:
        host, path = split_url(scenario.link_for(FORCE))
        seen = [r.status for r in replica.requests_for(host) if r.path.rstrip("/") == path.rstrip("/")]
        assert seen == expected

    return check


def _retry_waited(replica: Replica, scenario: Scenario) -> None:
    host, path = split_url(scenario.link_for(FORCE))
    told, retried = [r for r in replica.requests_for(host) if r.path.rstrip("/") == path.rstrip("/")]
    assert (told.status, retried.status) == (429, 200)
    assert retried.time_monotonic - told.time_monotonic >= 0.95


def _hung_up(replica: Replica, scenario: Scenario) -> None:
    host, path = split_url(scenario.link_for(FORCE))
    sent = [r.bytes_sent for r in replica.requests_for(host) if r.path.rstrip("/") == path.rstrip("/")]
    assert sent and max(sent) < 50_000_000, f"the server got to send {max(sent):,} bytes"


RESPONSE_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 20000\r\n\r\n"

FAULTS = [
    Fault("slow-headers", _replace(lambda sc: behaviours.delayed(60, original_behaviour(sc, FORCE)), SHORT_DEADLINE),
          "unreachable", "timed out"),
    Fault("slowloris-body", _replace(lambda sc: behaviours.drip(b"<p>stalking</p>" * 700, chunk=1, interval=1.0),
                                     SHORT_DEADLINE),
          "unreachable", "total deadline"),
    Fault("reset-mid-body", _replace(lambda sc: behaviours.reset_connection(after=RESPONSE_HEAD + b"<html><body>half")),
          "unreachable", "reset"),
    Fault("refused-connection", _refused, "unreachable", "connection refused"),
    Fault("name-does-not-resolve", _relink(lambda rep: "https://www.cheshire-constabulary.invalid/stalking-super-complaint"),
          "unreachable", "does not resolve"),
    Fault("500-then-200", _replace(lambda sc: behaviours.fail_first(
        1, behaviours.page("<h1>Internal Server Error</h1>", status=500), original_behaviour(sc, FORCE))),
          "published", "super-complaint response", server=_statuses_seen([500, 200])),
    Fault("429-retry-after-within-cap", _replace(lambda sc: behaviours.retry_after(1, original_behaviour(sc, FORCE))),
          "published", "super-complaint response", server=_retry_waited),
    Fault("429-retry-after-beyond-cap", _replace(lambda sc: behaviours.retry_after(3600, original_behaviour(sc, FORCE))),
          "blocked", "retry-after", server=_statuses_seen([429])),
    Fault("redirect-loop", _replace(lambda sc: behaviours.redirect_loop()), "broken", "redirect loop"),
    Fault("20-hop-chain", _replace(lambda sc: behaviours.redirect_chain(20, original_behaviour(sc, FORCE))),
          "broken", "more than 10 redirects"),
    Fault("200-mb-body", _replace(lambda sc: behaviours.endless(200_000_000)),
          "broken", "larger than the 5 mb limit", server=_hung_up),
    Fault("gzip-bomb", _replace(lambda sc: behaviours.gzip_bomb(10_000_000_000)),
          "broken", "larger than the 5 mb limit once decompressed", server=_hung_up),
    Fault("invalid-utf8", _replace(lambda sc: behaviours.rewrite(original_behaviour(sc, FORCE), _corrupt_utf8)),
          "published", "super-complaint response"),
    Fault("wrong-charset-header", _replace(lambda sc: behaviours.rewrite(
        original_behaviour(sc, FORCE), _recode_cp1252, content_type="text/html; charset=utf-16")),
          "published", "super-complaint response"),
    Fault("deeply-nested-malformed-html", _replace(lambda sc: behaviours.rewrite(original_behaviour(sc, FORCE), _nest)),
          "published", "super-complaint response"),
    Fault("binary-as-text-html", _replace(lambda sc: behaviours.page(random.Random(4).randbytes(200_000))),
          "not_response", "application/octet-stream"),
    Fault("malformed-header", _replace(lambda sc: behaviours.raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Note: a\rb\r\nContent-Length: 5\r\n\r\nhello")),
          "broken", "http protocol"),
    Fault("self-signed-certificate", _self_signed, "unreachable", "self-signed certificate"),
    Fault("expiring-certificate", _expiring, "published", "super-complaint response", warning="certificate expires in 4 days"),
    Fault("link-to-127.0.0.1", _relink(lambda rep: f"http://127.0.0.1:{rep.http_port}/stalking-super-complaint"),
          "unreachable", "address guard", server=_no_request_to("127.0.0.1")),
    Fault("link-to-169.254.169.254", _relink(lambda rep: "http://169.254.169.254/latest/meta-data/"),
          "unreachable", "address guard", server=_no_request_to("169.254.169.254")),
]


def assert_polite(replica: Replica, per_host_limit: int) -> None:
    by_host = Counter((r.host, r.path) for r in replica.access_log)
    for host in {r.host for r in replica.access_log}:
        assert replica.max_in_flight(host) <= per_host_limit, f"{host}: more than {per_host_limit} requests at once"
        assert by_host[(host, "/robots.txt")] <= 1, f"{host}: robots.txt fetched {by_host[(host, '/robots.txt')]} times"


def assert_everyone_else_as_planted(summary, scenario: Scenario, but: str = FORCE, checked: tuple[str, ...] | None = None) -> None:
    """Every force checked (those named, or the whole register) but `but` got what was planted."""
    assert summary.state == "complete"
    if checked is None:
        assert len(summary.checks) == len(scenario.forces) == 43
    else:
        assert sorted(c.force_id for c in summary.checks) == sorted(checked)
    wrong = {c.force_id: (c.status.value, scenario.expected[c.force_id].status, c.reason)
             for c in summary.checks if c.force_id != but and c.status.value != scenario.expected[c.force_id].status}
    assert not wrong, f"other forces were not checked as planted: {wrong}"


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_a_fault_in_one_force_page_costs_only_that_force(fault, replica, scenario, base_settings, tmp_path):
    overrides = fault.plant(scenario, replica, tmp_path)
    scenario.expected[FORCE] = Expected(fault.status, fault.reason, fault.id)
    settings = settings_for(replica, base_settings, **{**FAULT_HTTP, **overrides})

    summary, elapsed = run_register(settings, force_ids=CHECKED)

    check = next(c for c in summary.checks if c.force_id == FORCE)
    reason = check.reason.lower().replace("self signed", "self-signed")
    assert (check.status.value, fault.reason in reason) == (fault.status, True), check.reason
    if fault.warning:
        assert any(w.startswith(fault.warning) for w in check.warnings), check.warnings
    assert_everyone_else_as_planted(summary, scenario, checked=CHECKED)
    assert elapsed < RUN_BOUND, f"the run took {elapsed:.1f} s"
    assert not replica.errors, replica.errors
    assert_polite(replica, settings.http.per_host_limit)
    if fault.server is not None:
        fault.server(replica, scenario)


# -- politeness over a whole run, seen from the server ---------------------------------------------


def _three_slow_plans(scenario: Scenario) -> str:
    """Replace FORCE's page with a landing page linking three slow PDF plans; return its host."""
    force = scenario.force(FORCE)
    host, path = split_url(scenario.link_for(FORCE))
    from monitor.replica import content

    links = "".join(f'<li><a href="/documents/action-plan-part-{n}.pdf">Action plan part {n} (PDF)</a></li>' for n in (1, 2, 3))
    scenario.replace(FORCE, behaviours.page(
        "<!doctype html><html><head><title>Our response to the stalking super-complaint</title></head><body><main>"
        f"<h1>{force.name}: response to the stalking super-complaint</h1><p>Our action plan is in three parts.</p>"
        f"<ul>{links}</ul></main></body></html>"))
    pdf = make_pdf(content.plan_blocks(force), title=f"{force.name} stalking super-complaint action plan")
    # Each answer takes 3 s, so the second plan's request (0.3 s behind the first at the client)
    # reaches the server while the first is still answered, even on a busy machine where plan
    # documents wait behind every other force's page for a global slot (they are served last):
    # with 0.6 s, a run beside two CPU hogs saw the first answered before the second arrived.
    for n in (1, 2, 3):
        scenario.with_route(host, f"/documents/action-plan-part-{n}.pdf",
                            behaviours.delayed(3.0, behaviours.page(pdf, content_type="application/pdf")))
    return host


def test_politeness_holds_over_a_full_run(replica, scenario, base_settings):
    busy = _three_slow_plans(scenario)  # three documents fetched at once from one host
    settings = settings_for(replica, base_settings, **{**FAULT_HTTP, "per_host_delay": 0.3, "global_limit": 6})

    summary, elapsed = run_register(settings)

    assert_everyone_else_as_planted(summary, scenario, but="")
    assert elapsed < RUN_BOUND
    hosts = {r.host for r in replica.access_log}
    for host in hosts:
        assert replica.max_in_flight(host) <= 2
        starts = sorted(r.time_monotonic for r in replica.requests_for(host))
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        # 0.3 s between starts at the client. The server sees a start a TCP+TLS handshake later
        # when the request opens a connection, and on a loaded machine a handshake can take most
        # of that, so the request after it on the other, open connection arrives close behind:
        # one short gap per extra connection (per_host_limit 2: one). Without the delay, requests
        # would start in pairs, every other gap near 0.
        short = [gap for gap in gaps if gap < 0.15]
        assert len(short) <= 1, f"{host}: requests {[round(g, 3) for g in gaps]} s apart"
    assert replica.max_in_flight(busy) == 2, "the per-host limit was never exercised"
    assert max_overlap(replica) <= 6
    force_hosts = {host for host in hosts if scenario.sites.get(host) and scenario.sites[host].force_id}
    robots = Counter(r.host for r in replica.access_log if r.path == "/robots.txt")
    assert {host: robots[host] for host in force_hosts} == {host: 1 for host in force_hosts}


def _disallow(scenario: Scenario) -> None:
    host, path = split_url(scenario.link_for(FORCE))
    scenario.with_route(host, "/robots.txt", behaviours.page(f"User-agent: *\nDisallow: {path}\n", content_type="text/plain"))


def test_robots_txt_is_respected_by_default(replica, scenario, base_settings):
    _disallow(scenario)
    summary, _ = run_register(settings_for(replica, base_settings, **FAULT_HTTP), force_ids=CHECKED)
    check = next(c for c in summary.checks if c.force_id == FORCE)
    assert check.status is Status.BLOCKED and "robots.txt disallows" in check.reason
    host, path = split_url(scenario.link_for(FORCE))
    assert [r.path for r in replica.requests_for(host)] == ["/robots.txt"]


def test_robots_false_in_the_register_is_the_forces_switch(tmp_path):
    from monitor.config import load_forces

    register = tmp_path / "forces.toml"
    register.write_text('[[force]]\nid = "x"\nname = "X Police"\ndomains = ["x.police.uk"]\nrobots = false\n')
    assert load_forces(register)[0].robots is False


def test_robots_txt_can_be_switched_off_for_one_force(replica, scenario, base_settings):
    _disallow(scenario)
    settings = settings_for(replica, base_settings, **FAULT_HTTP)
    settings = settings.replace(forces=tuple(replace(f, robots=False) if f.id == FORCE else f for f in settings.forces))
    summary, _ = run_register(settings, force_ids=CHECKED)
    assert_everyone_else_as_planted(summary, scenario, but="", checked=CHECKED)
    host, _ = split_url(scenario.link_for(FORCE))
    assert "/robots.txt" not in [r.path for r in replica.requests_for(host)]


# -- conditional requests over runs -----------------------------------------------------------------


def test_a_304_keeps_the_last_verified_evidence(replica, scenario, base_settings, tmp_path):
    page = behaviours.conditional(original_behaviour(scenario, FORCE), etag='"v1"', last_modified="Fri, 14 Mar 2025 09:30:00 GMT")
    scenario.replace(FORCE, page)
    host, path = split_url(scenario.link_for(FORCE))
    pdf_force = "avon-and-somerset"  # its verdict comes from a plan document: never conditional
    scenario.replace(pdf_force, behaviours.conditional(original_behaviour(scenario, pdf_force), etag='"pdf-landing"'))
    settings = settings_for(replica, base_settings, **FAULT_HTTP)
    db = tmp_path / "monitor.db"

    first, _ = run_register(settings, db, force_ids=CHECKED)
    second, _ = run_register(settings, db, force_ids=CHECKED)
    third, _ = run_register(settings, db, force_ids=CHECKED)

    before, after, again = (next(c for c in run.checks if c.force_id == FORCE) for run in (first, second, third))
    assert before.status is Status.PUBLISHED and before.http_status == 200 and before.link_state.etag == '"v1"'
    assert after.status is Status.PUBLISHED and after.http_status == 304
    assert after.reason == "not modified since last run (304): " + before.reason
    assert again.reason == after.reason  # the prefix is not stacked run after run
    assert "not_modified" in after.warnings and after.link_state.etag == '"v1"'
    assert not {"etag", "last_modified", "not_modified"} & set(after.evidence)  # state is not evidence
    assert after.content_hash == before.content_hash and after.title == before.title
    assert after.evidence["matched"] == before.evidence["matched"]
    sent = [r.request_headers.get("if-none-match") for r in replica.requests_for(host) if r.path.rstrip("/") == path.rstrip("/")]
    assert sent == [None, '"v1"', '"v1"']
    pdf_host, pdf_path = split_url(scenario.link_for(pdf_force))
    assert all("if-none-match" not in r.request_headers for r in replica.requests_for(pdf_host))
    assert_everyone_else_as_planted(third, scenario, but="", checked=CHECKED)


def test_a_changed_page_is_fetched_and_verified_afresh(replica, scenario, base_settings, tmp_path):
    original = original_behaviour(scenario, FORCE)
    scenario.replace(FORCE, behaviours.conditional(original, etag='"v1"'))
    settings = settings_for(replica, base_settings, **FAULT_HTTP)
    db = tmp_path / "monitor.db"
    run_register(settings, db, force_ids=[FORCE])
    scenario.replace(FORCE, behaviours.conditional(behaviours.page("<html><body><h1>Page not found</h1></body></html>"), etag='"v2"'))
    summary, _ = run_register(settings, db, force_ids=[FORCE])
    check = next(c for c in summary.checks if c.force_id == FORCE)
    assert check.status is Status.SOFT_404 and check.http_status == 200 and check.link_state.etag == '"v2"'


# -- how many links one source may make us follow --------------------------------------------------


def test_max_links_caps_what_a_source_makes_us_follow(replica, scenario, base_settings):
    from monitor.replica import NpccLink

    # A tampered source: 300 more links on one force's domain.
    host, _ = split_url(scenario.link_for(FORCE))
    for n in range(300):
        scenario.npcc.links.append(NpccLink(FORCE, "Cheshire Constabulary", f"https://{host}/probe/{n}", "Cheshire Constabulary response", "letter"))
    settings = settings_for(replica, base_settings, **FAULT_HTTP).replace(source={"max_links": 10})

    summary, elapsed = run_register(settings)

    capped = [c for c in summary.checks if "max_links" in c.reason]
    assert capped and all(c.status is Status.BLOCKED for c in capped)
    assert [c.force_id for c in summary.checks if c.status is Status.NOT_LINKED] == ["wiltshire"]
    pages = [r for r in replica.access_log
             if scenario.sites.get(r.host) and scenario.sites[r.host].force_id and r.path != "/robots.txt"
             and not r.path.endswith(".pdf") and r.status < 300]  # count each link once: not its redirects
    assert len(pages) <= 10
    assert len([r for r in replica.requests_for(host) if r.path.startswith("/probe/")]) <= 3  # 3 links a force, at most
    assert elapsed < RUN_BOUND
