"""robots.txt: read once per site per run, on the way to the site's first URL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx
from protego import Protego

from ..models import FetchResult
from .budget import CURRENT, Deadline
from .guard import judge, unfetchable
from .politeness import SiteKey, site_key

# robots.txt redirects followed (RFC 9309 asks for at least five).
ROBOTS_REDIRECTS = 5
# Share of the per-URL deadline a robots.txt fetch may use; past it the site has no rules for us.
ROBOTS_DEADLINE_SHARE = 0.25
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

# Fetches one URL once (no redirects followed, no retries), as a follow-up: a page waits on it.
GetOnce = Callable[[str], Awaitable[FetchResult]]


@dataclass
class _SiteRules:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    loaded: bool = False
    rules: Protego | None = None


class Robots:
    """Each site's rules for our user agent, loaded on first use with `get`."""

    def __init__(self, user_agent: str, total_timeout: float, get: GetOnce) -> None:
        self._user_agent = user_agent
        self._total_timeout = total_timeout
        self._get = get
        self._sites: dict[SiteKey, _SiteRules] = {}

    async def allowed(self, url: str, parts: httpx.URL | None = None) -> bool:
        """Whether the site's robots.txt lets us fetch `url` (`parts`: the URL already parsed)."""
        if parts is None:
            parts, problem = judge(url)
            if parts is None:
                return True  # nothing to ask: the page fetch refuses the URL itself, and says why
        key = site_key(parts.scheme, parts.host, parts.port)
        site = self._sites.get(key)
        if site is None:
            site = self._sites[key] = _SiteRules()
        if not site.loaded:
            async with site.lock:
                if not site.loaded:
                    try:
                        site.rules = await self._load(url)
                    finally:
                        # Once per site per run, even if this load was cut short: no rules, then.
                        site.loaded = True
        if site.rules is None:
            return True
        return site.rules.can_fetch(url, self._user_agent)

    async def _load(self, url: str) -> Protego | None:
        """The site's rules, or None for no rules.

        No robots.txt (4xx) means no rules (RFC 9309). So, here, do 5xx, network errors and a
        robots.txt slower than its share of the deadline: RFC 9309 would have us assume "disallow
        all", but a monitor that turned every flaky robots.txt into `blocked` would hide outages
        the page itself would show.
        """
        target = urljoin(url, "/robots.txt")
        # Its own share of the deadline, from its first request (like a URL's), on the URL's clock too.
        deadline = Deadline(self._total_timeout * ROBOTS_DEADLINE_SHARE, parent=CURRENT.get())
        token = CURRENT.set(deadline)
        try:
            async with asyncio.timeout(None) as scope:
                deadline.bind(scope)
                result = await self._follow(target)
        except TimeoutError:
            return None
        finally:
            CURRENT.reset(token)
        if result is None or result.error_kind is not None or result.status_code != 200 or not result.body:
            return None
        # Parsed whatever the Content-Type says (servers label robots.txt all sorts of ways).
        return Protego.parse(result.body.decode("utf-8", errors="replace"))

    async def _follow(self, target: str) -> FetchResult | None:
        """robots.txt after its redirects, or None when one leads nowhere we would fetch."""
        for _ in range(ROBOTS_REDIRECTS + 1):
            result = await self._get(target)
            location = result.headers.get("location")
            if result.error_kind is None and result.status_code in _REDIRECTS and location:
                try:
                    target = urljoin(target, location.strip())
                except ValueError:
                    return None
                if unfetchable(target) is not None:
                    return None
                continue
            return result
        return result
