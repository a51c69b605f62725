"""The not-found probe: what each host answers for a path no site has, asked once per host per run.

verify.py compares a page with its host's answer (a soft-404 site answers every unknown path with
the same 200 page); this module only asks, shares the one request among every check on the host,
and reads the answer once.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from .http import Fetcher, unfetchable
from .memo import probe_part
from .models import FetchResult
from .verify import PageText
from .workers import Verifier

log = logging.getLogger("monitor.probes")
# The not-found probe: a path no site has, so whatever the host answers is its "not found".
PROBE_PATH = "/force-monitor-probe-{token}-this-page-does-not-exist"
# The token back out of a probe's URL (the memo's key leaves it out): read from PROBE_PATH itself.
_PROBE_TOKEN = re.compile(re.escape(PROBE_PATH).replace(re.escape("{token}"), "([0-9a-f]+)"))


def probe_token(probe: FetchResult | None) -> str | None:
    """The run's random token in a probe's URL (None: no probe, or not one of ours)."""
    found = _PROBE_TOKEN.search(probe.url) if probe is not None else None
    return found.group(1) if found else None


class ProbeCache:
    """What each host answers for a path that cannot exist: one probe per (scheme, host, port) per run.

    verify.py compares a page with its host's answer: a site that answers every unknown path with
    the same 200 page is a soft-404 site, and a page near-identical to that answer is its not-found
    page, whatever the wording. Concurrent checks on one host share the one request.

    It carries the run's Verifier, which reads pages and decides verdicts (in worker processes,
    or in this thread when none is given).
    """

    def __init__(self, fetcher: Fetcher, verifier: Verifier | None = None) -> None:
        self._fetcher = fetcher
        self.verifier = verifier if verifier is not None else Verifier(0)
        self._probes: dict[tuple[str, str, int], asyncio.Future[FetchResult]] = {}
        self._pages: dict[tuple[str, str, int], asyncio.Future[PageText]] = {}
        self._parts: dict[tuple[str, str, int], tuple[FetchResult, str]] = {}  # memo_part's, per host
        # Probes asked for beside a page, by task (kept: a task needs a holder), with their host.
        self._early: dict[asyncio.Task[None], tuple[str, str, int]] = {}

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # asked several times a page (probe, memo, the run's sites)
    def key(url: str) -> tuple[str, str, int]:
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)
        except ValueError:  # a link the fetcher refuses (a bad port, "[::1"): it gets no probe anyway
            return "", url, 0

    async def probe(self, url: str, *, respect_robots: bool | None = None) -> FetchResult:
        """The host's answer for a random path on the host that served `url`."""
        return await self.start(url, respect_robots=respect_robots)

    def asked(self, url: str) -> asyncio.Future[FetchResult] | None:
        """The probe of `url`'s host, if it has been asked for."""
        return self._probes.get(self.key(url))

    def arrived(self, url: str) -> FetchResult | None:
        """The probe of `url`'s host if it was asked for and is in (not failed, not cancelled)."""
        asked = self.asked(url)
        if asked is None or not asked.done() or asked.cancelled() or asked.exception() is not None:
            return None
        return asked.result()

    def start_beside(self, url: str, *, respect_robots: bool | None = None) -> None:
        """Ask for the probe of the page `url`'s host beside the page, once robots.txt allows the
        page: a page we may not fetch needs no probe."""
        if self.key(url) in self._probes or unfetchable(url) is not None:
            return  # a URL the page fetch refuses needs no probe, nor its host's robots.txt

        async def when_allowed() -> None:
            robots = self._fetcher.settings.respect_robots if respect_robots is None else respect_robots
            if not robots or await self._fetcher.allowed_by_robots(url):
                self.start(url, respect_robots=respect_robots)

        task = asyncio.ensure_future(when_allowed())
        self._early[task] = self.key(url)
        task.add_done_callback(self._finished_early)

    def _finished_early(self, task: asyncio.Task[None]) -> None:
        self._early.pop(task, None)
        # Nobody awaits this task: an exception left in it would surface at exit as "Task exception
        # was never retrieved" with a traceback. The page's own check reports what went wrong.
        if not task.cancelled() and task.exception() is not None:
            log.warning("asking for a not-found probe failed: %s", task.exception())

    def start(self, url: str, *, respect_robots: bool | None = None) -> asyncio.Future[FetchResult]:
        """Send the probe for `url`'s host now, if not yet sent, without waiting for it."""
        key = self.key(url)
        if key not in self._probes:
            scheme, host, port = key
            default = 443 if scheme == "https" else 80
            netloc = host if port == default else f"{host}:{port}"
            probe_url = f"{scheme}://{netloc}{PROBE_PATH.format(token=secrets.token_hex(8))}"
            self._probes[key] = asyncio.ensure_future(
                self._fetcher.fetch(probe_url, respect_robots=respect_robots, follow_up=True))
        return self._probes[key]

    def memo_part(self, url: str, probe: FetchResult | None) -> str:
        """memo.probe_part of `url`'s host's probe, worked out once per host (every page on the host
        has the same probe); the run's token comes out of it."""
        if probe is None:
            return probe_part(None, None)
        key = self.key(url)
        kept = self._parts.get(key)
        if kept is None or kept[0] is not probe:
            kept = self._parts[key] = (probe, probe_part(probe, probe_token(probe)))
        return kept[1]

    async def page(self, url: str, probe: FetchResult) -> PageText | None:
        """The probe's answer read once per host (verify compares every page on the host with it);
        None when the host answered the probe with an error, as it should, and there is nothing to read."""
        if probe.error_kind is not None or probe.status_code is None or not 200 <= probe.status_code < 300:
            return None
        key = self.key(url)
        if key not in self._pages:
            self._pages[key] = asyncio.ensure_future(self.verifier.read_page(probe))
        return await self._pages[key]

    async def forget(self, url: str) -> bool:
        """Every check planned on `url`'s host is done: drop what is kept of its probe (its body and
        its reading: about 100 KB a host, 50 MB at 500 hosts). A later link to the host (a redirect
        from another site) asks again.

        False, and nothing dropped, while the probe is still on its way: a check redirected here
        from another site may be waiting for it, and must get it, not a cancellation."""
        key = self.key(url)
        probe = self._probes.get(key)
        if probe is not None and not probe.done():
            return False
        for task, host in list(self._early.items()):
            # The task that asks for the probe once robots.txt allows; by now it has (the page
            # waited for robots.txt too) or it never will.
            if host == key and not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        page = self._pages.get(key)
        if page is not None and not page.done():
            return False
        self._probes.pop(key, None)
        self._pages.pop(key, None)
        self._parts.pop(key, None)
        return True

    async def aclose(self) -> None:
        """Cancel what is still in flight: a probe asked for beside a page that then failed is
        never awaited, and must not outlive the run's client."""
        every: list[asyncio.Future[Any]] = [*self._early, *self._probes.values(), *self._pages.values()]
        pending = [f for f in every if not f.done()]
        for future in pending:
            future.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def __len__(self) -> int:
        return len(self._probes)
