"""How many force checks run at once and in what order: a bounded window, one site in turn.

Pure scheduling over coroutines: it knows nothing of fetching or verifying, only that a check
holds memory until it is verified and that sites want their turns spread.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import cast

from .config import Settings
from .models import Check, Force
from .probes import ProbeCache

# Below this many force checks in progress, memory is no concern (about 100 KB a page waiting).
WINDOW_FLOOR = 256
WINDOW_SLACK = 128


def window(settings: Settings) -> int:
    """Force checks in progress at once.

    The global request limit plus WINDOW_SLACK (at least WINDOW_FLOOR): enough for every request
    slot to be busy while other checks wait on robots.txt, a document or a worker, and for a
    register of 43 to start at once. No more, because a check whose page has arrived holds it in
    memory until verified, and a large run is CPU-bound: with every check of 10,000 started at
    once, pages arrived faster than they could be verified and peak memory was 870 MB. (It was
    twice the global limit; since probes go beside pages, fewer checks wait, and at 10,000
    links over 500 sites the smaller window kept the speed and held 100 MB less.)
    """
    return max(WINDOW_FLOOR, settings.http.global_limit + WINDOW_SLACK)


# Pages fetched and waiting for their verdict (their probe, plan documents or a verify worker), at most.
PAGES_IN_FLIGHT = 128


def pages_in_flight(settings: Settings) -> int:
    """Link checks between their page's request and its verdict, at most: backpressure.

    A page waiting for a busy verify worker is held in the checking process (its body and its
    text, about 100 KB); with only the window of checks to bound them, a run at 10,000 links held
    a thousand while two workers fell behind. PAGES_IN_FLIGHT keeps the workers fed (they take a
    few ms a page; a page waits about a round trip for its probe) while fetching waits for them.
    It bounds page requests in flight too, far above what a core can verify: 128 pages a round
    trip is 1,280 a second at 100 ms, where verifying takes 3-6 ms a page. Robots.txt, probes
    and plan documents need no permit: a check holding one never waits for another.
    """
    return min(PAGES_IN_FLIGHT, window(settings))


# Sites whose checks are interleaved at once; the next group's start as this one's end.
SITES_AT_ONCE = 64


def by_host_in_turn(forces: Sequence[Force], plan: Mapping[str, tuple[tuple[str, ...], bool]],
                    sites_at_once: int | None = None) -> list[int]:
    """Positions of the forces in the order they are started: one per site in turn, so a bounded
    window of checks spreads over the sites instead of queueing on the first few (a register
    with twenty forces on one platform, say). Forces with nothing to fetch come first.

    In turn over SITES_AT_ONCE sites at a time, then the next group: over every site at once,
    each of 500 sites had checks left until the run's end and kept its connections (and its
    not-found probe) open to the end. 64 sites on 2 slots each carry the 128 pages the run
    lets be in flight (pages_in_flight), so a group loses nothing the permits had not bounded.
    """
    group = sites_at_once if sites_at_once is not None else SITES_AT_ONCE
    queues: dict[tuple[str, str, int], list[int]] = {}
    idle = []
    for position, force in enumerate(forces):
        urls = plan.get(force.id, ((), False))[0]
        if urls:
            queues.setdefault(ProbeCache.key(urls[0]), []).append(position)
        else:
            idle.append(position)
    order = idle
    sites = list(queues.values())
    for start in range(0, len(sites), max(1, group)):
        for turn in itertools.zip_longest(*sites[start:start + group]):
            order.extend(position for position in turn if position is not None)
    return order


class LastChecks:
    """Which force's check is the last on each site (scheme, host, port) of its planned URLs, so
    the run can let go of a site (its connections, its probe) as soon as it is done with it
    rather than at the end: at 10,000 links over 500 sites every site otherwise kept its
    connections open to the end of the run."""

    def __init__(self, plan: Mapping[str, tuple[tuple[str, ...], bool]]) -> None:
        self._left: dict[tuple[str, str, int], int] = {}
        self._sites: dict[str, dict[tuple[str, str, int], str]] = {}  # force id -> its sites, each with a URL on it
        for force_id, (urls, _) in plan.items():
            sites = {ProbeCache.key(url): url for url in urls}
            self._sites[force_id] = sites
            for site in sites:
                self._left[site] = self._left.get(site, 0) + 1

    def done(self, force_id: str) -> list[str]:
        """The force's check is over: a URL on each site no check of this run needs any more."""
        finished = []
        for site, url in self._sites.pop(force_id, {}).items():
            self._left[site] -= 1
            if self._left[site] == 0:
                finished.append(url)
        return finished


async def bounded(check: Callable[[Force], Awaitable[Check]], order: Sequence[int], forces: Sequence[Force],
                   window: int) -> list[Check]:
    """check() every force, at most `window` at once, started in `order`; results in register order."""
    results: list[Check | None] = [None] * len(forces)
    waiting = iter(order)

    async def worker() -> None:
        for position in waiting:
            results[position] = await check(forces[position])

    workers = [asyncio.ensure_future(worker()) for _ in range(max(1, min(window, len(forces))))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        # One failed for the whole run (the database cannot be written): stop the others before
        # the run's client closes under them, rather than let each fail on its own.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    assert all(result is not None for result in results), "every position is in `order` once"
    return cast(list[Check], results)
