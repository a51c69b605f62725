"""One page in the browser, in its own context: the routes that answer (or refuse) every request its
scripts make through the fetcher, its time budget, and the watchdog on its tab's memory.

render.py starts the browser once a run and hands each page to a PageSession here."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from .config import RenderSettings
from .http import Fetcher
from .models import ErrorKind, FetchResult

# What a page's scripts may ask for; everything else (images, fonts, styles, media, beacons) is
# not needed to read the page's text and is refused without a request.
FETCHED_TYPES = frozenset({"document", "script", "xhr", "fetch"})


# Headers passed from our fetch to the browser: the type, and nothing that would make it decode
# again (the fetcher has decompressed) or keep state (cookies stay in the fetcher's jar for the run).
PASSED_HEADERS = ("content-type", "content-language", "last-modified", "location")


# Share of the budget kept back to read the DOM after waiting for the page to load and settle.
READ_SHARE = 0.25


READ_RESERVE_CAP = 3.0


# Seconds to close a context or the browser before giving up on it (a hung tab is killed with
# its browser).
CLOSE_SECONDS = 5.0


# Requests named in the evidence, at most (the counts are always whole).
EVIDENCE_URLS = 10


# What a tab's process holds before the page adds anything (an empty renderer here: 75 to 165 MB
# resident, shared libraries included); the page's own budget, memory_mb, comes on top.
RENDERER_BASE_MB = 200


# How often the memory watchdog looks at the tabs' processes.
WATCH_SECONDS = 0.1


@dataclass(frozen=True)
class SubRequest:
    """One request the page's scripts made, and what became of it."""

    url: str
    fetched: bool
    why: str = ""  # why it was refused, or the fetch's error

    def describe(self) -> str:
        return self.url if self.fetched else f"{self.url} ({self.why})"


@dataclass(frozen=True)
class Rendered:
    """A page read in the browser, or why it could not be.

    result: the page as first fetched, with its body and text replaced by the rendered DOM's
    HTML (None when not rendered); error: why not, in words that finish "was not rendered: ...".
    """

    result: FetchResult | None
    error: str | None
    elapsed_ms: int = 0
    requests: tuple[SubRequest, ...] = ()
    skipped: int = 0  # images, fonts, styles and media refused without a request
    settled: bool = True  # the page stopped making requests before the budget ran out

    @property
    def blocked(self) -> tuple[SubRequest, ...]:
        return tuple(r for r in self.requests if not r.fetched)

    def evidence(self) -> dict[str, Any]:
        """For the check's evidence: how long it took and what the page asked for."""
        fetched = [r.url for r in self.requests if r.fetched]
        blocked = [r.describe() for r in self.blocked]
        evidence: dict[str, Any] = {
            "render_ms": self.elapsed_ms,
            "render_fetched": fetched[:EVIDENCE_URLS] + ([f"... {len(fetched) - EVIDENCE_URLS} more"]
                                                          if len(fetched) > EVIDENCE_URLS else []),
            "render_refused": blocked[:EVIDENCE_URLS] + ([f"... {len(blocked) - EVIDENCE_URLS} more"]
                                                          if len(blocked) > EVIDENCE_URLS else []),
        }
        if self.skipped:
            evidence["render_skipped"] = f"{self.skipped} image, font, style or media request{'s' if self.skipped != 1 else ''} not made"
        if not self.settled:
            evidence["render_unsettled"] = "the page was still making requests when it was read"
        return evidence


class PageSession:
    """One page in its own browser context: the routes that answer its requests, and its budget."""

    def __init__(self, settings: RenderSettings, fetcher: Fetcher, page: FetchResult, hosts: tuple[str, ...],
                 respect_robots: bool | None) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.max_bytes = fetcher.settings.max_page_bytes  # the rendered DOM, like any page
        self.page = page
        self.hosts = hosts
        self.respect_robots = respect_robots
        self.requests: list[SubRequest] = []
        self.skipped = 0
        self.made = 0  # requests fetched for the page (refused ones are not counted)
        self.served_page = False
        self.crashed = False
        self.over_memory: int | None = None  # MB the tab held when the watchdog stopped it
        self.browser_hung = False
        self.context: Any = None
        self._handlers: set[asyncio.Task[Any]] = set()

    async def run(self, browser: Any) -> Rendered:
        """The page rendered, or why not: the render and the memory watchdog race, and the
        watchdog only ever finishes by stopping a tab that outgrew its budget."""
        work = asyncio.ensure_future(self._render(browser))
        watch = asyncio.ensure_future(_watch_memory(self.settings.memory_mb + RENDERER_BASE_MB))
        try:
            await asyncio.wait({work, watch}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watch.cancel()
            if not work.done():
                work.cancel()
            await asyncio.gather(work, watch, return_exceptions=True)
        if watch.done() and not watch.cancelled() and watch.exception() is None and watch.result():
            self.over_memory = watch.result()
        if self.over_memory is not None:
            return self._failed(f"the page outgrew its memory budget: its tab held {self.over_memory} MB, over the "
                                f"{self.settings.memory_mb} MB a page may add to an empty tab, and was stopped")
        return work.result()

    async def _render(self, browser: Any) -> Rendered:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        budget = self.settings.budget_seconds
        deadline = time.monotonic() + budget
        reserve = min(READ_RESERVE_CAP, budget * READ_SHARE)

        def ms_until_reserve() -> float:
            return max(1.0, (deadline - reserve - time.monotonic()) * 1000)

        settled = True
        try:
            async with asyncio.timeout(budget):
                self.context = await browser.new_context(
                    service_workers="block", accept_downloads=False, locale="en-GB",
                    user_agent=self.fetcher.settings.user_agent_header,
                )
                await self.context.route("**/*", self._route)
                await self.context.route_web_socket("**/*", self._web_socket)
                tab = await self.context.new_page()
                tab.on("crash", lambda _: setattr(self, "crashed", True))
                try:
                    await tab.goto(self.page.final_url, wait_until="load", timeout=ms_until_reserve())
                    await tab.wait_for_load_state("networkidle", timeout=ms_until_reserve())
                except PlaywrightTimeout:
                    settled = False  # still loading or fetching: read what it shows by now
                size = await tab.evaluate("document.documentElement ? document.documentElement.outerHTML.length : 0")
                if size > self.max_bytes:
                    return self._failed(f"the page grew to {size} characters, over the "
                                        f"{self.max_bytes / 1_000_000:g} MB limit")
                html = await tab.content()
        except TimeoutError:
            return self._failed(f"its scripts were still running when the {budget:g} s render budget ran out")
        except PlaywrightError as exc:
            if self.crashed or "crash" in str(exc).lower():
                return self._failed(f"the page's tab crashed: over the {self.settings.memory_mb} MB "
                                    f"JavaScript memory budget, or a browser fault")
            return self._failed(f"the browser failed: {first_line(exc)}")
        body = html.encode("utf-8")
        headers = {**self.page.headers, "content-type": "text/html; charset=utf-8"}
        headers.pop("content-encoding", None)
        result = replace(self.page, body=body, text=html, content_type="text/html", headers=headers,
                         truncated=False)
        return Rendered(result, None, requests=tuple(self.requests), skipped=self.skipped, settled=settled)

    def _failed(self, why: str) -> Rendered:
        return Rendered(None, why, requests=tuple(self.requests), skipped=self.skipped)

    async def close(self) -> None:
        for task in list(self._handlers):
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        if self.context is not None:
            try:
                async with asyncio.timeout(CLOSE_SECONDS):
                    await self.context.close()
            except Exception:  # noqa: BLE001 - a hung or dead tab: the browser goes with it
                self.browser_hung = True

    # -- the routes: every request the page makes ------------------------------------------------

    async def _route(self, route: Any) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        try:
            await self._answer(route)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the page went away mid-answer (budget, crash): nothing to answer
            pass
        finally:
            if task is not None:
                self._handlers.discard(task)

    async def _answer(self, route: Any) -> None:
        request = route.request
        url = request.url
        if not self.served_page and request.is_navigation_request() and url == self.page.final_url:
            # The page as the pipeline fetched it: one request to the site, not two.
            self.served_page = True
            await route.fulfill(status=self.page.status_code or 200, headers=_passed(self.page.headers),
                                body=self.page.body)
            return
        if request.resource_type not in FETCHED_TYPES:
            self.skipped += 1
            await route.abort("blockedbyclient")
            return
        why = self._refusal(url, request.method)
        if why is not None:
            self.requests.append(SubRequest(url, False, why))
            await route.abort("blockedbyclient")
            return
        result = await self.fetcher.fetch(url, respect_robots=self.respect_robots, follow_up=True)
        off_site = next((hop.url for hop in result.hops if not self._on_site(hop.url)), None)
        if off_site is not None:
            self.requests.append(SubRequest(url, False, f"redirected to another site: {off_site}"))
            await route.abort("blockedbyclient")
            return
        if result.error_kind is not None or result.status_code is None:
            self.requests.append(SubRequest(url, False, result.error or "no answer"))
            reason = "addressunreachable" if result.error_kind is ErrorKind.FORBIDDEN_ADDRESS else "failed"
            await route.abort(reason)
            return
        self.requests.append(SubRequest(url, True))
        await route.fulfill(status=result.status_code, headers=_passed(result.headers), body=result.body)

    def _refusal(self, url: str, method: str) -> str | None:
        """Why this request is not made, or None to fetch it."""
        if method != "GET":
            return f"{method}: only GET requests are made"
        if not self._on_site(url):
            return "not on the force's site: requests to other hosts are not made"
        if self.made >= self.settings.max_requests:
            return f"over the {self.settings.max_requests} requests a page may make"
        self.made += 1
        return None

    def _on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme not in ("http", "https") or not host:
            return False
        return any(host == allowed or host.endswith("." + allowed) for allowed in self.hosts)

    async def _web_socket(self, socket: Any) -> None:
        # Not connected to any server: a monitor reads pages, it does not hold conversations.
        self.requests.append(SubRequest(socket.url, False, "WebSockets are not opened"))
        with contextlib.suppress(Exception):
            await socket.close()


async def _watch_memory(limit_mb: int) -> int | None:
    """Stop (SIGKILL) any tab process of ours holding more than limit_mb resident; return what it
    held. Only Chromium renderer processes descended from this one are looked at, by id. Without
    /proc (not Linux) there is nothing to watch: the JavaScript heap cap and the time budget remain."""
    if not os.path.isdir("/proc/self"):
        await asyncio.Event().wait()  # until cancelled
    page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
    while True:
        await asyncio.sleep(WATCH_SECONDS)
        for pid in _descendants(os.getpid()):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if b"--type=renderer" not in handle.read():
                        continue
                with open(f"/proc/{pid}/statm") as handle:
                    resident_mb = int(int(handle.read().split()[1]) * page_mb)
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
            if resident_mb > limit_mb:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                return resident_mb


def _descendants(root: int) -> list[int]:
    """Every process below `root`, from /proc (the driver, the browser, its tabs)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                # The command name may hold spaces and parentheses: the fields start after the last ")".
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found: list[int] = []
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _passed(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.lower() in PASSED_HEADERS}


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
