"""The replica's synthetic mode (the benchmark's web), checked end to end by the monitor.

A fast monitor that reaches wrong verdicts is worth nothing, so the web the benchmark measures is
first checked here: every verdict is what was planted, and the server saw the requests the
synthetic web says a correct run makes.
"""

from __future__ import annotations

from collections import Counter

import pytest

from monitor.models import Force
from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL, Replica
from monitor.replica.synthetic import (
    LANDING,
    NOT_FOUND,
    PAGE,
    PROBE_PREFIX,
    TIMEOUT,
    SyntheticSpec,
    request_kind,
    synthetic_web,
)
from monitor.source import reconcile
from tests.faultkit import loopback_only, run_register  # noqa: F401  (fixture)


def _settings(base_settings, replica, web, **http):
    forces = tuple(Force(id=f.id, name=f.name, domains=(f.domain,)) for f in web.forces)
    return base_settings.replace(
        forces=forces,
        source={"content_api_url": CONTENT_API_URL, "page_url": NPCC_PAGE_URL, "max_links": len(forces)},
        http={"connect_to": replica.connect_to, "ca_bundle": replica.ca_path, "allow_networks": ("127.0.0.0/8",),
              "per_host_delay": 0.0, "retry_backoff": 0.05, **http},
    )


def test_a_synthetic_web_is_seeded_and_spread_evenly_over_its_hosts():
    spec = SyntheticSpec(links=60, hosts=6, latency=0.0, not_found=0.1, landing=0.2, seed=3)
    one, two = synthetic_web(spec), synthetic_web(spec)
    assert one.kind_of == two.kind_of and one.page_bytes == two.page_bytes
    assert Counter(one.host_of.values()) == {f"h{j}.replica.test": 10 for j in range(6)}
    assert {PAGE, LANDING, NOT_FOUND} <= set(one.kind_of.values())
    requests = one.requests()
    assert all(counts["robots"] == 1 for counts in requests.values())
    assert sum(counts["page"] for counts in requests.values()) == 60


def test_the_monitor_gets_every_synthetic_verdict_right(base_settings, loopback_only, tmp_path):
    web = synthetic_web(SyntheticSpec(links=40, hosts=4, latency=0.0, not_found=0.1, landing=0.15,
                                      soft_404_hosts=0.5, seed=3))
    assert {PAGE, LANDING, NOT_FOUND} <= set(web.kind_of.values())
    missing_on = {web.host_of[fid] in web.soft_404_hosts for fid, kind in web.kind_of.items() if kind == NOT_FOUND}
    assert missing_on == {True, False}  # a 404 and a soft 404 among the dead links
    with Replica(web.scenario) as replica:
        settings = _settings(base_settings, replica, web)
        summary, _ = run_register(settings, tmp_path / "m.db")
        seen = Counter(request_kind(record) for record in replica.access_log)
    got = {check.force_id: check.status.value for check in summary.checks}
    assert got == {fid: expected.status for fid, expected in web.scenario.expected.items()}
    wanted = sum((Counter(counts) for counts in web.requests().values()), Counter())
    assert seen == {**wanted, "source": 1}
    # Linked from a list whose text names no force: matched by the path, one lookup per link.
    matched = reconcile(summary.source.links, settings.forces).links_by_force
    assert {link.matched_by for links in matched.values() for link in links} == {"path"}


def test_a_link_that_never_answers_is_unreachable_and_holds_up_nothing_else(base_settings, loopback_only, tmp_path):
    web = synthetic_web(SyntheticSpec(links=12, hosts=2, latency=0.0, not_found=0.0, timeouts=0.2, seed=1))
    assert TIMEOUT in web.kind_of.values()
    with Replica(web.scenario) as replica:
        # Deadlines from the scenario: a silent link holds its answer 120 s; a page answers in
        # milliseconds, and still well inside 1.5 s on a machine at load 11.
        settings = _settings(base_settings, replica, web, read_timeout=1.5, total_timeout=3.0, retries=0)
        summary, elapsed = run_register(settings, tmp_path / "m.db")
        seen = Counter(request_kind(record) for record in replica.access_log)
    got = {check.force_id: check.status.value for check in summary.checks}
    assert got == {fid: expected.status for fid, expected in web.scenario.expected.items()}
    # Each silent link was asked for once and given up on (retries = 0), and every other link was
    # still asked for exactly what a correct run asks: read from the server's log, not this
    # machine's clock, which only guards against a hung run.
    wanted = sum((Counter(counts) for counts in web.requests().values()), Counter())
    wanted["page"] += wanted.pop(TIMEOUT)  # on the wire a silent link is a page request like any other
    assert seen == {**wanted, "source": 1}
    assert elapsed < 120  # a hang guard, not a speed test


def test_a_pages_probe_and_plan_document_go_before_pages_still_queued_for_the_site(base_settings, loopback_only, tmp_path):
    # Behind a plain queue the probe went last, and every fetched page held its body until then.
    # The probe is queued once robots.txt allows the first page, a few event-loop turns after the
    # page itself; with an instant server a loaded machine could finish the whole first page in
    # between, and the next page would take the free slot first. Pages that take 0.2 s make the
    # order the one the queue decides, not a race with this machine's load.
    web = synthetic_web(SyntheticSpec(links=8, hosts=1, latency=0.2, not_found=0.0, landing=0.0, seed=2))
    with Replica(web.scenario) as replica:
        summary, _ = run_register(_settings(base_settings, replica, web, per_host_limit=1, global_limit=1), tmp_path / "m.db")
        order = [request_kind(record) for record in replica.access_log]
    assert {check.status.value for check in summary.checks} == {"published"}
    # The probe is asked for beside the first page, so it is next, ahead of the pages still queued.
    assert order[:4] == ["source", "robots", "page", "probe"]


@pytest.mark.parametrize("register_size", [5])
def test_register_mode_puts_each_force_on_its_own_host(register_size, replica_forces):
    forces = tuple(replica_forces[:register_size])
    web = synthetic_web(SyntheticSpec(links=register_size, hosts=register_size, latency=0.0, register=forces, landing=1.0,
                                      not_found=0.0))
    assert [web.host_of[f.id] for f in forces] == [f"www.{f.domain}" for f in forces]
    assert set(web.kind_of.values()) == {LANDING}
    assert all(link.section == "table" for link in web.scenario.npcc.links)


def test_the_replica_tells_the_monitors_probe_by_its_path():
    from monitor.probes import PROBE_PATH

    assert PROBE_PATH.startswith(PROBE_PREFIX)


def test_a_synthetic_web_can_live_under_another_domain():
    # bench/side_by_side.py moves the web off replica.test, a reserved name lychee refuses to check.
    web = synthetic_web(SyntheticSpec(links=12, hosts=3, latency=0.0, domain="replica.internal"))
    assert sorted(set(web.host_of.values())) == ["h0.replica.internal", "h1.replica.internal", "h2.replica.internal"]
    assert all(link.url.startswith("https://h") and ".replica.internal/" in link.url for link in web.scenario.npcc.links)
    assert all(force.domain.endswith(".forces.replica.internal") for force in web.forces)
