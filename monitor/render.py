"""Pages that need JavaScript, read in headless Chromium: every request the page makes goes
through the fetcher, so the browser itself never touches the network.

Why it is built this way:
- A force whose CMS renders its content with JavaScript has not failed to publish: we failed to
  read. changedetection.io answers the same problem with a browser (Playwright and Chromium);
  so do we, with the Debian `chromium` package (never a browser downloaded at run time).
- The browser's network is ours. Every request is intercepted (Playwright's route API) and
  answered from `Fetcher.fetch`: the address guard (every internal address, on every hop), the
  per-site politeness slots and gap, robots.txt, the size caps and `connect_to` all apply, as
  to any page. Only GET to the force's own hosts (the page's host and its register domains) is
  fetched; another host, another method, images, fonts, styles and media are refused at the
  route. The page itself is not fetched again: the shell the pipeline already has is served.
  Behind the routes, Chromium resolves no name (`--host-resolver-rules`) and its proxy is a
  name that never resolves, so a request that escaped interception (a preconnect, WebRTC)
  goes nowhere; service workers are blocked and WebSockets are closed at the route.
- One page at a time, in a fresh browser context (incognito-like: no cookies, storage or cache
  shared with any other page), in one browser per run whose profile Playwright makes empty in a
  temporary folder and deletes when the run closes it: nothing is kept between runs.
- Budgets: the whole render of a page (scripts, requests, reading the DOM) within
  `budget_seconds`, cut off by closing the page's context; memory: a JavaScript heap of
  `memory_mb` (V8's old space), past which the tab crashes, not the run, and, since a page can
  grow its DOM without touching that heap (a loop of appendChild reached 760 MB in 20 s), a
  watchdog that stops any tab whose process holds more than `memory_mb` above what an empty
  tab holds (RENDERER_BASE_MB; read from /proc, so on Linux); at most `max_requests` requests a
  page; the DOM read back no larger than `[http] max_page_bytes`.
- Never raises for the web's faults or a missing browser: a Rendered with `error` says why the
  page was not rendered, and the pipeline makes that `blocked`, never missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from .config import RenderSettings
from .http import Fetcher
from .models import FetchResult, Force
from .render_page import CLOSE_SECONDS, PageSession, Rendered, SubRequest, first_line

# The evidence a rendered verdict carries, in words.
RENDERED = "rendered in a browser"

CHROMIUM_ARGS = (
    "--no-sandbox",  # the monitor may run as root (CI, containers), where Chromium's sandbox cannot start
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--mute-audio",
    "--renderer-process-limit=1",
    # Nothing the routes did not answer reaches the network: no name resolves, and the proxy every
    # connection must use is a name that does not resolve either (so an IP literal goes nowhere).
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://proxy.invalid:9",
    "--proxy-bypass-list=<-loopback>",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)


def browser_path(name: str) -> str | None:
    """The browser's executable: a path as given, or a command name found on PATH."""
    if "/" in name:
        return name if shutil.which(name) else None
    return shutil.which(name)


class Renderer:
    """Renders pages for one run. Use as `async with Renderer(settings.render, fetcher) as r:`.

    The browser starts at the first page that needs it (a run with no shell never starts one)
    and stops when the run closes the renderer; a browser that cannot start is tried once a run.
    """

    def __init__(self, settings: RenderSettings, fetcher: Fetcher) -> None:
        self.settings = settings
        self._fetcher = fetcher
        self._lock = asyncio.Lock()  # one page in the browser at a time: memory stays one page's
        self._playwright: Any = None
        self._browser: Any = None
        self._unavailable: str | None = None

    async def __aenter__(self) -> Renderer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._stop()

    async def render(self, page: FetchResult, force: Force | None, *, respect_robots: bool | None = None) -> Rendered:
        """The page after its scripts ran; `page` is the response already fetched (not fetched again)."""
        async with self._lock:
            started = time.monotonic()
            browser = await self._start()
            if browser is None:
                return Rendered(None, self._unavailable)
            session = PageSession(self.settings, self._fetcher, page, self._allowed_hosts(page, force), respect_robots)
            try:
                rendered = await session.run(browser)
            finally:
                await session.close()
            if session.browser_hung:
                await self._stop()  # a context that would not close: the next page gets a new browser
            return replace(rendered, elapsed_ms=int((time.monotonic() - started) * 1000))

    async def _start(self) -> Any:
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        if self._unavailable is not None:
            return None
        await self._stop()  # a browser that died under a page: its driver goes too, and a new one starts
        executable = browser_path(self.settings.browser)
        if executable is None:
            self._unavailable = (f"the browser {self.settings.browser!r} is not installed: install it with "
                                 f"`apt-get install chromium`, or set [render] browser to its path")
            return None
        try:
            from playwright.async_api import async_playwright
        except ImportError:
            self._unavailable = ("the playwright package is not installed: install the render extra "
                                 "(`pip install -e '.[render]'`)")
            return None
        try:
            async with asyncio.timeout(self.settings.budget_seconds + CLOSE_SECONDS):
                self._playwright = await async_playwright().start()
                self._browser = await self._playwright.chromium.launch(
                    executable_path=executable,
                    args=[*CHROMIUM_ARGS, f"--js-flags=--max-old-space-size={self.settings.memory_mb}"],
                    # The run decides when to stop; Chromium must not act on the terminal's signals itself.
                    handle_sigint=False, handle_sigterm=False, handle_sighup=False,
                    timeout=self.settings.budget_seconds * 1000,
                )
        except Exception as exc:  # noqa: BLE001 - Playwright's errors, a dead driver, a timeout: all "could not start"
            self._unavailable = f"the browser {executable} did not start: {first_line(exc)}"
            await self._stop()
            return None
        return self._browser

    async def _stop(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        with contextlib.suppress(Exception):
            if browser is not None:
                async with asyncio.timeout(CLOSE_SECONDS):
                    await browser.close()
        with contextlib.suppress(Exception):
            if playwright is not None:
                async with asyncio.timeout(CLOSE_SECONDS):
                    await playwright.stop()

    def _allowed_hosts(self, page: FetchResult, force: Force | None) -> tuple[str, ...]:
        hosts = [urlsplit(page.final_url).hostname or "", urlsplit(page.url).hostname or ""]
        return tuple(h.lower() for h in hosts if h) + (force.domains if force is not None else ())


def describe_refused(requests: Iterable[SubRequest]) -> str:
    """'3 requests refused (2 to other hosts)' for a reason line; '' when none was refused."""
    refused = [r for r in requests if not r.fetched]
    if not refused:
        return ""
    other = sum(1 for r in refused if r.why.startswith("not on the force's site"))
    tail = f" ({other} to other hosts)" if other else ""
    return f"{len(refused)} request{'s' if len(refused) != 1 else ''} refused{tail}"
