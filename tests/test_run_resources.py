"""What a run holds while it goes: a site's connections go when its last check is done.

Against the replica's synthetic web on loopback; what is open is read from the fetcher's own
pools (Fetcher.open_sites) at the moment each check is reported, not timed.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from urllib.parse import urlsplit

from monitor.http import Fetcher
from monitor.replica import Replica
from monitor.replica.synthetic import SyntheticSpec, synthetic_web
from monitor.run import run_once
from monitor.store import Store
from tests.test_synthetic import _settings  # the synthetic web's settings, as that file runs it


def test_a_sites_connections_are_closed_once_its_last_check_is_done(base_settings, tmp_path):
    # Four sites of six links each, started one site in turn: every site has checks left until
    # near the end, so a site closed only with the run would be open at every report.
    web = synthetic_web(SyntheticSpec(links=24, hosts=4, latency=0.0, not_found=0.0, landing=0.0,
                                      soft_404_hosts=0.0, seed=5))
    left = Counter(web.host_of.values())
    seen: list[tuple[str, list[str]]] = []  # (the reported check's host, the sites open then)

    with Replica(web.scenario) as replica:
        settings = _settings(base_settings, replica, web)

        async def go(store: Store) -> None:
            async with Fetcher(settings.http) as fetcher:
                def progress(check) -> None:
                    seen.append((urlsplit(check.url).hostname, fetcher.open_sites()))

                summary = await run_once(settings, fetcher, store, progress=progress)
                assert len(summary.checks) == 24

        with Store(str(tmp_path / "m.db")) as store:
            asyncio.run(go(store))

    assert len(seen) == 24
    opened = set()
    for host, open_now in seen:
        opened |= {urlsplit(site).hostname for site in open_now}
        left[host] -= 1
        site_open = any(urlsplit(site).hostname == host for site in open_now)
        if left[host] == 0:
            assert not site_open, f"{host}: its last check is reported, but its connections are still open"
    assert opened == set(web.host_of.values()), "each site's pool was open while its checks were going on, " \
                                                "and the source's was closed once it was read"
    assert len(seen[-1][1]) == 0, "nothing is left open once the last check is reported"


def test_pages_waiting_for_their_verdict_are_bounded(base_settings, tmp_path, monkeypatch):
    # Every page is held by the replica until the test opens the gate, so no page reaches its
    # verdict before then: the page requests the server has seen by then are the permits, though
    # the window of checks (all 12 start) and the sites' and global limits would allow them all.
    import threading

    from monitor import pacing
    from tests.faultkit import held_until, original_behaviour

    monkeypatch.setattr(pacing, "PAGES_IN_FLIGHT", 3)
    web = synthetic_web(SyntheticSpec(links=12, hosts=6, latency=0.0, not_found=0.0, landing=0.0,
                                      soft_404_hosts=0.0, seed=7))
    gate, arrived = threading.Event(), []
    for force_id in web.host_of:
        url = web.scenario.link_for(force_id)
        inner = held_until(gate, original_behaviour(web.scenario, force_id))

        async def counted(ex, inner=inner, url=url):
            arrived.append(url)
            return await inner(ex)

        host, _, path = url.removeprefix("https://").partition("/")
        web.scenario.with_route(host, "/" + path, counted)

    with Replica(web.scenario) as replica:
        settings = _settings(base_settings, replica, web, global_limit=50)
        outcome: dict[str, object] = {}

        def run() -> None:
            with Store(str(tmp_path / "m.db")) as store:
                async def go():
                    async with Fetcher(settings.http) as fetcher:
                        return await run_once(settings, fetcher, store)
                outcome["summary"] = asyncio.run(go())

        thread = threading.Thread(target=run)
        thread.start()
        try:
            give_up = time.monotonic() + 60  # not a speed bound: only "they arrived at all"
            while len(arrived) < 3 and time.monotonic() < give_up:
                time.sleep(0.02)
            time.sleep(0.5)  # room for a fourth to arrive, if the bound did not hold
            held = len(arrived)
        finally:
            gate.set()
            thread.join(120)
    assert held == 3, f"{held} pages were requested while 3 permits were all held"
    assert len(outcome["summary"].checks) == 12 and len(set(arrived)) == 12


def _run_web(base_settings, web, tmp_path, **http):
    """One run over the synthetic web with these [http] settings: its summary and the replica's log."""
    with Replica(web.scenario) as replica:
        settings = _settings(base_settings, replica, web, **http)

        async def go(store: Store):
            async with Fetcher(settings.http) as fetcher:
                return await run_once(settings, fetcher, store)

        with Store(str(tmp_path / "m.db")) as store:
            summary = asyncio.run(go(store))
        return summary, list(replica.access_log)


def test_every_planned_sites_robots_txt_is_asked_for_before_any_page(base_settings, tmp_path, monkeypatch):
    # Six checks at once over six sites, one page permit: robots.txt asked for on the way to each
    # page would reach sites 2-6 only after the first page. Asked for as soon as the source is
    # matched to forces, every site's comes first (they go before pages in the global queue).
    from monitor import pacing
    from monitor.replica.synthetic import request_kind

    monkeypatch.setattr(pacing, "WINDOW_FLOOR", 6)
    monkeypatch.setattr(pacing, "WINDOW_SLACK", 0)
    monkeypatch.setattr(pacing, "PAGES_IN_FLIGHT", 1)
    web = synthetic_web(SyntheticSpec(links=6, hosts=6, latency=0.05, not_found=0.0, landing=0.0,
                                      soft_404_hosts=0.0, seed=9))
    summary, log = _run_web(base_settings, web, tmp_path, global_limit=2)
    assert len(summary.checks) == 6
    robots = [r.time_monotonic for r in log if request_kind(r) == "robots"]
    pages = [r.time_monotonic for r in log if request_kind(r) == "page"]
    assert len(robots) == 6 and len(pages) == 6
    assert max(robots) < min(pages), "a page was requested before every planned site's robots.txt"


def test_the_global_limit_serves_robots_then_pages_then_probes(base_settings, tmp_path):
    # One global slot over three sites: what gates the most work goes first. Every robots.txt
    # before any page (a site's pages wait on it), every page before any probe (a page's plan
    # documents wait on it; the probe only on its verdict). Served follow-ups first, each site's
    # probe went before the next site's page.
    from monitor.replica.synthetic import request_kind

    web = synthetic_web(SyntheticSpec(links=3, hosts=3, latency=0.02, not_found=0.0, landing=0.0,
                                      soft_404_hosts=0.0, seed=11))
    summary, log = _run_web(base_settings, web, tmp_path, global_limit=1)
    log = sorted((r for r in log if request_kind(r) != "source"), key=lambda r: r.time_monotonic)
    assert len(summary.checks) == 3
    assert [request_kind(r) for r in log] == ["robots"] * 3 + ["page"] * 3 + ["probe"] * 3
