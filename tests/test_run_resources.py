"""What a run holds while it goes: a site's connections go when its last check is done.

Against the replica's synthetic web on loopback; what is open is read from the fetcher's own
pools (Fetcher.open_sites) at the moment each check is reported, not timed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from urllib.parse import urlsplit

from monitor.http import Fetcher
from monitor.models import Force
from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL, Replica
from monitor.replica.synthetic import SyntheticSpec, synthetic_web
from monitor.run import run_once
from monitor.store import Store


def _settings(base_settings, replica, web, **http):
    forces = tuple(Force(id=f.id, name=f.name, domains=(f.domain,)) for f in web.forces)
    return base_settings.replace(
        forces=forces,
        source={"content_api_url": CONTENT_API_URL, "page_url": NPCC_PAGE_URL, "max_links": len(forces)},
        http={"connect_to": replica.connect_to, "ca_bundle": replica.ca_path, "allow_networks": ("127.0.0.0/8",),
              "per_host_delay": 0.0, "retry_backoff": 0.05, **http},
    )


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
