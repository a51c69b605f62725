"""Per-site politeness: how many requests a site gets at once, how far apart, and Retry-After.

A site is (scheme, host, port). Each has `per_host_limit` slots and a minimum gap between request
starts; a global limit caps requests over all sites, and a site's waiters never hold a global
slot while they wait (LinkChecker's stall, LESSONS.md). A site that asked us to wait
(Retry-After on 429 or 503) gets no request before then, up to the configured cap.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# Retry-After is only read on these (RFC 9110 defines it for 503 and 3xx; 429 in RFC 6585).
RETRY_AFTER_STATUSES = frozenset({429, 503})


class _Slots:
    """A semaphore with two queues: follow-ups first, then new work.

    A follow-up is a request a fetched page is waiting on (its host's not-found probe, its plan
    documents, robots.txt). Behind a plain FIFO it would queue after every page already waiting
    for the site, and each fetched page would hold its body until then: at 1,000 links over 100
    sites, 700 pages sat in memory waiting for their site's probe. Follow-ups going first keep
    that to a page or two per site. A released slot is handed straight to the next waiter.
    """

    def __init__(self, size: int, ranks: int = 2) -> None:
        self._free = size
        # One queue per rank, served in rank order: 0 is follow-ups, 1 new work (see Politeness.turn
        # for the global slots' three).
        self._queues: tuple[deque[asyncio.Future[None]], ...] = tuple(deque() for _ in range(ranks))

    async def acquire(self, follow_up: bool = False, rank: int | None = None) -> None:
        if self._free > 0:
            self._free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        queue = self._queues[rank if rank is not None else 0 if follow_up else 1]
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot as we were cancelled: pass it on
            elif waiter in queue:  # a release may already have dropped it, being cancelled
                queue.remove(waiter)
            raise

    def release(self) -> None:
        for queue in self._queues:
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the slot passes to it; _free stays as it is
                    return
        self._free += 1

    @contextlib.asynccontextmanager
    async def hold(self, follow_up: bool = False) -> AsyncIterator[None]:
        await self.acquire(follow_up)
        try:
            yield
        finally:
            self.release()


@dataclass
class _Site:
    """Politeness state for one (scheme, host, port)."""

    slots: _Slots
    gap_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


SiteKey = tuple[str, str, int]


def site_key(scheme: str, host: str, port: int | None) -> SiteKey:
    """The site a URL belongs to: the port counts (lychee's per-host limit ignores it; LESSONS.md)."""
    return scheme, host, port or (443 if scheme == "https" else 80)


class Politeness:
    """Turns to start a request, per site and over all sites."""

    def __init__(self, per_host_limit: int, per_host_delay: float, global_limit: int, retry_after_cap: float) -> None:
        self._per_host_limit = per_host_limit
        self._gap = per_host_delay
        self._cap = retry_after_cap
        self._global = _Slots(global_limit, ranks=3)
        self._sites: dict[SiteKey, _Site] = {}

    def _site(self, key: SiteKey) -> _Site:
        site = self._sites.get(key)
        if site is None:
            site = self._sites[key] = _Site(slots=_Slots(self._per_host_limit))
        return site

    @contextlib.asynccontextmanager
    async def turn(self, key: SiteKey, follow_up: bool = False, robots: bool = False) -> AsyncIterator[None]:
        """Hold the site's slot, then a global one, for one request that may start now.

        The site's slot first, then a global one: a queue for one busy site never holds the
        global slots every other site needs. Starts are serialised per site (gap_lock), never the
        requests, so a slow site stalls only itself; and the gap is slept out before taking a
        global slot, so a site's pause never holds a slot another site could use (with
        global_limit 20 and a 0.25 s gap, slots held asleep made a run of the 43 forces twice the
        bound). The next start is timed from this one's real start, so a request that waited for
        a global slot still keeps the gap.

        The global slots go to what gates the most work first: robots.txt (a whole site waits on
        it), then pages (a page's plan documents wait on it), then probes and documents. Served
        the other way round (every follow-up before any page), the last sites' pages started last
        and their probe and plan, each a gap apart, made a tail the other sites had left idle.
        That cannot pile pages up: pages waiting for their verdict are bounded by the run's page
        permits, and a site's own slots still serve its follow-ups first.
        """
        site = self._site(key)
        await site.slots.acquire(follow_up)
        try:
            # A long wait (Retry-After) is sat out before queueing for the site's next start.
            while (early := site.next_start - time.monotonic()) > self._gap:
                await asyncio.sleep(early - self._gap)
            async with site.gap_lock:
                while (early := site.next_start - time.monotonic()) > 0:
                    await asyncio.sleep(early)
                await self._global.acquire(rank=0 if robots else 2 if follow_up else 1)
                site.next_start = time.monotonic() + self._gap
            try:
                yield
            finally:
                self._global.release()
        finally:
            site.slots.release()

    def note_retry_after(self, key: SiteKey, status: int, header: str | None) -> None:
        """A site that asked us to wait gets no request from us before then (up to the cap)."""
        if status not in RETRY_AFTER_STATUSES:
            return
        wait = retry_after(header)
        if wait is not None:
            site = self._site(key)
            site.next_start = max(site.next_start, time.monotonic() + min(wait, self._cap))


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)  # "-0000" dates come back naive; HTTP dates are GMT
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
