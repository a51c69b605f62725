"""One run: read the source, plan the checks, check every force, record. The scheduler and the CLI
share it through `execute`; tests call `run_once` with a real loopback replica and a real SQLite file.

The check of one link is checking.py's; this module owns what a run adds around it: the source
and its guard, which URLs each force gets, how many checks run at once and in what order, the
run's deadline, a fault in one force staying in that force, and recording (the checks, their
link state, the run's state) in batches.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from . import source_guard
from .checking import Tools, check_force
from .config import Settings
from .early_source import EarlySource
from .errors import SourceError, StoreError
from .http import Fetcher
from .models import (
    Check,
    FetchResult,
    Force,
    Reconciliation,
    RunState,
    RunSummary,
    SourceSnapshot,
    Status,
    utc_iso,
)
from .pacing import LastChecks, bounded, by_host_in_turn, pages_in_flight, window
from .probes import ProbeCache
from .render import Renderer
from .source import parse_content_api, parse_html_page, reconcile
from .store import Store
from .workers import Verifier

Clock = Callable[[], datetime]
log = logging.getLogger("monitor.run")
Progress = Callable[[Check], None]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


iso = utc_iso


async def read_source(settings: Settings, fetcher: Fetcher, early: EarlySource | None = None) -> SourceSnapshot:
    """The NPCC response from the Content API, or from the HTML page if the API fails.

    early: the Content API's read, started when the process started (cli), if there is one.
    Raises SourceError when neither can be read: that is never 43 missing forces.
    """
    api = await early.answer() if early is not None else None
    if api is None:
        # The Content API is an API for programs, not a crawl target, so robots.txt is not consulted.
        api = await fetcher.fetch(settings.source.content_api_url, respect_robots=False)
    elif _source_problem(api) is not None:
        # The early read had a fetcher of its own, so this one's per-site gap knows nothing of it.
        await asyncio.sleep(settings.http.per_host_delay)
    problem = _source_problem(api)
    if problem is None:
        try:
            return parse_content_api(api.body, api.final_url)
        except SourceError as exc:
            problem = str(exc)
    page = await fetcher.fetch(settings.source.page_url, respect_robots=False)
    page_problem = _source_problem(page)
    if page_problem is not None:
        raise SourceError(
            f"cannot read the NPCC response: Content API: {problem}; HTML page: {page_problem}",
        )
    snapshot = parse_html_page(page.text or "", page.final_url)
    return SourceSnapshot(**{**snapshot.__dict__, "fallback_reason": problem})


def _source_problem(result: FetchResult) -> str | None:
    if result.error_kind is not None:
        return f"{result.url}: {result.error}"
    if result.status_code != 200:
        return f"{result.url}: HTTP {result.status_code}"
    return None


def targets(settings: Settings, reconciliation: Reconciliation, forces: Sequence[Force]) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Per force: the URLs to check and whether they come from the register's override."""
    plan: dict[str, tuple[tuple[str, ...], bool]] = {}
    budget = settings.source.max_links
    for force in forces:
        links = tuple(link.url for link in reconciliation.links_by_force.get(force.id, ()))[:3]
        if links:
            plan[force.id] = (links[:budget], False)
        elif force.override_url:
            plan[force.id] = ((force.override_url,), True)
        budget -= len(plan.get(force.id, ((), False))[0])
        if budget <= 0:
            break
    return plan


async def run_once(
    settings: Settings,
    fetcher: Fetcher,
    store: Store,
    *,
    clock: Clock = utc_now,
    force_ids: Sequence[str] | None = None,
    trigger: str = "cli",
    progress: Progress | None = None,
    verifier: Verifier | None = None,
    early_source: EarlySource | None = None,
) -> RunSummary:
    """Check the forces (all, or those named), record everything, return the run's summary.

    verifier: where pages are read and verdicts decided (default: in this thread).
    early_source: the Content API's read, already under way (see early_source.py).

    The caller holds `store.run_lock` (execute does), so no other run is live when this one
    marks runs left `running` as aborted.
    """
    forces = [settings.force(fid) for fid in force_ids] if force_ids else list(settings.forces)
    store.abort_stale_runs(iso(clock()))
    started = iso(clock())
    run = _Run(settings, fetcher, store, clock, store.start_run(started, trigger), progress)
    try:
        try:
            source = await run.read_source(early_source, forces)
            if source.problem is not None or source.reconciliation is None:
                return run.source_error(started, source)
            checks = await run.check_forces(forces, source.reconciliation, verifier)
        finally:
            await run.robots_settled()
        run.writer.flush()
    except BaseException:
        run.abort()  # cancelled or crashed mid-run: never leave the run looking complete
        raise
    assert source.snapshot is not None
    finished = iso(clock())
    events = store.complete_run(run.run_id, finished, confirm_runs=settings.store.confirm_runs)
    return RunSummary(run_id=run.run_id, started=started, finished=finished, state=RunState.COMPLETE,
                      checks=tuple(checks), source=source.snapshot, unmatched=source.reconciliation.unmatched,
                      events=tuple(events))


@dataclass(frozen=True)
class SourceRead:
    """The source as this run read it: the snapshot (None: unreadable), the links matched to
    forces, and the problem that stops the run (None: the checks go ahead)."""

    snapshot: SourceSnapshot | None
    reconciliation: Reconciliation | None = None
    problem: str | None = None


class _Run:
    """One run's steps, sharing what they record into: the source, then the checks, then the end."""

    def __init__(self, settings: Settings, fetcher: Fetcher, store: Store, clock: Clock, run_id: int,
                 progress: Progress | None) -> None:
        self.settings, self.fetcher, self.store, self.clock = settings, fetcher, store, clock
        self.run_id, self.progress = run_id, progress
        self.writer = _CheckWriter(store, run_id, clock)
        self._robots: list[asyncio.Task[bool]] = []

    async def read_source(self, early: EarlySource | None, forces: Sequence[Force]) -> SourceRead:
        """Read and record the source; a source that cannot be read, or that the guard doubts, is
        this run's problem (never every force missing)."""
        try:
            snapshot = await read_source(self.settings, self.fetcher, early)
        except SourceError as exc:
            return SourceRead(None, problem=str(exc))
        # The source's site is done with (a link back to it opens a new pool).
        for url in (self.settings.source.content_api_url, self.settings.source.page_url):
            await self.fetcher.close_site(url)
        reconciliation = reconcile(snapshot.links, self.settings.forces)
        plan = targets(self.settings, reconciliation, forces)
        self._ask_robots(plan, [forces[i] for i in by_host_in_turn(forces, plan)[:window(self.settings)]])
        self.store.record_snapshot(self.run_id, snapshot, reconciliation, iso(self.clock()))
        return SourceRead(snapshot, reconciliation, _guard(self.store, reconciliation, self.settings, self.run_id))

    def _ask_robots(self, plan: Mapping[str, tuple[tuple[str, ...], bool]], forces: Sequence[Force]) -> None:
        """Ask each planned site for its robots.txt now, before the snapshot is recorded and the
        guard consulted: every check on a site waits for it, and with the shipped politeness its
        0.25 s gap counts from it. Only the sites the planned links name, of the forces given (the
        first window's: a site whose checks start later would only hold a connection open till
        then); a redirect elsewhere gets its robots.txt when it gets there."""
        if not self.settings.http.respect_robots:
            return
        asked = set()
        for force in forces:
            if not force.robots or force.id not in plan:
                continue
            for url in plan[force.id][0]:
                site = ProbeCache.key(url)
                if site not in asked:
                    asked.add(site)
                    self._robots.append(asyncio.ensure_future(self.fetcher.allowed_by_robots(url)))

    async def robots_settled(self) -> None:
        """Cancel the robots.txt requests still under way (a run the guard stopped), before the
        client they use is closed."""
        for task in self._robots:
            task.cancel()
        await asyncio.gather(*self._robots, return_exceptions=True)
        self._robots = []

    def source_error(self, started: str, source: SourceRead) -> RunSummary:
        finished = iso(self.clock())
        self.store.finish_run(self.run_id, finished, state=RunState.SOURCE_ERROR, source_problem=source.problem)
        return RunSummary(self.run_id, started, finished, RunState.SOURCE_ERROR, (), source=source.snapshot,
                          source_problem=source.problem)

    async def check_forces(self, forces: Sequence[Force], reconciliation: Reconciliation,
                           verifier: Verifier | None) -> list[Check]:
        """Every force checked (at most a window at once, one site in turn), each recorded as it ends."""
        settings = self.settings
        plan = targets(settings, reconciliation, forces)
        verifier = verifier if verifier is not None else Verifier(0, cpu_seconds=settings.verify.cpu_seconds)
        # The browser starts only when a page needs it, and stops with the run.
        renderer = Renderer(settings.render, self.fetcher) if settings.render.enabled else None
        tools = Tools(self.fetcher, ProbeCache(self.fetcher, verifier), renderer, texts=self.store,
                      now=lambda: iso(self.clock()), pages=asyncio.Semaphore(pages_in_flight(settings)))
        # The whole run's deadline: a site that answers every request just inside total_timeout
        # (a page, then its probe, then its plan) must not hold the run for minutes.
        deadline = asyncio.get_running_loop().time() + settings.http.run_timeout
        checks = _ForceChecks(self, tools, plan, reconciliation, deadline)
        try:
            return await bounded(checks.one, by_host_in_turn(forces, plan), forces, window(settings))
        finally:
            await tools.probes.aclose()
            if renderer is not None:
                await renderer.aclose()

    def abort(self) -> None:
        try:
            self.writer.flush()  # the checks that did finish, as before an abort they always were
        finally:
            self.store.finish_run(self.run_id, iso(self.clock()), state=RunState.ABORTED)


class _ForceChecks:
    """Each force's check in a run: its planned URLs checked within the run's deadline (with the
    last check of each, whose state may make the request conditional or keep the verdict), or the
    reason it has none; then recorded and reported."""

    def __init__(self, run: _Run, tools: Tools, plan: Mapping[str, tuple[tuple[str, ...], bool]],
                 reconciliation: Reconciliation, deadline: float) -> None:
        self.run, self.tools, self.plan, self.reconciliation, self.deadline = run, tools, plan, reconciliation, deadline
        self.last_checks = LastChecks(plan)

    async def one(self, force: Force) -> Check:
        check = await self._check(force)
        for url in self.last_checks.done(force.id):
            await self._let_go(url)
        self.run.writer.add(check)
        if self.run.progress is not None:
            self.run.progress(check)
        # The verified text is in the store now (texts); the summary need not hold every page's.
        return replace(check, text=None) if check.text is not None else check

    async def _let_go(self, url: str) -> None:
        """No check of this run needs `url`'s site any more: its probe and connections go now. A
        failure to close is the library's and costs nothing but the memory this would have freed."""
        try:
            # A probe still on its way may be awaited by a check redirected here: the site stays
            # open, and is closed with the run.
            if await self.tools.probes.forget(url):
                await self.tools.fetcher.close_site(url)
        except Exception as exc:
            log.warning("closing the connections to %s failed: %s: %s", url, type(exc).__name__, exc)

    async def _check(self, force: Force) -> Check:
        settings = self.run.settings
        if force.id in self.plan:
            urls, used_override = self.plan[force.id]
            previous = {url: last for url in urls if (last := self.run.store.last_check(force.id, url)) is not None}
            check = await _within_run(self.deadline, settings.http.run_timeout, force, urls, check_force(
                self.tools, force, urls, used_override=used_override, previous=previous))
            return check if used_override else off_domain(force, check)
        if force.id in self.reconciliation.links_by_force or force.override_url:
            # Linked, but past the cap on links one source may make us follow: not "not linked".
            return Check(force_id=force.id, status=Status.BLOCKED,
                         reason=f"not checked: this run already followed [source] max_links = "
                                f"{settings.source.max_links} links from the source")
        return Check(force_id=force.id, status=Status.NOT_LINKED,
                     reason="the NPCC response has no link for this force (and the register gives no override)")


async def _within_run(deadline: float, seconds: float, force: Force, urls: Sequence[str],
                      check: Awaitable[Check]) -> Check:
    """The force's check, unless the run's deadline passes first; and a fault in it stays in it.

    Past the deadline the force is `unreachable` ("the run's deadline passed"), never missing.
    An exception nobody expected (a bug of ours, or a library's on input it never met) is logged
    with its traceback and the force is `blocked` with the cause: the other forces still count.
    """
    try:
        async with asyncio.timeout_at(deadline) as scope:
            return await check
    except TimeoutError:
        if not scope.expired():
            raise
        return Check(force_id=force.id, status=Status.UNREACHABLE, url=urls[0] if urls else None,
                     reason=f"not checked: the run's deadline passed ([http] run_timeout = {seconds:g} s) "
                            "before this force's check finished")
    except Exception as exc:
        log.error("checking %s (%s) failed with an unexpected error: %s: %s", force.id, urls[0] if urls else "",
                  type(exc).__name__, exc, exc_info=True)
        return Check(force_id=force.id, status=Status.BLOCKED, url=urls[0] if urls else None,
                     reason=f"not verified: checking it failed with an unexpected error ({type(exc).__name__}: "
                            f"{str(exc)[:200]}). Please report this with the URL")


class _CheckWriter:
    """Records a run's checks in batches: a transaction every FLUSH_SECONDS (or FLUSH_CHECKS),
    not one per check.

    Each commit syncs the database to disk (0.35 ms here); one per force was 3.5 s of a
    10,000-link run. Each check keeps the time it finished. A process killed mid-run loses at
    most the last batch, of a run that is marked aborted and never counts anyway.
    """

    FLUSH_SECONDS = 0.25
    FLUSH_CHECKS = 500

    def __init__(self, store: Store, run_id: int, clock: Clock) -> None:
        self._store, self._run_id, self._clock = store, run_id, clock
        self._pending: list[tuple[Check, str]] = []
        self._since = 0.0

    def add(self, check: Check) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append((check, iso(self._clock())))
        if len(self._pending) >= self.FLUSH_CHECKS or time.monotonic() - self._since >= self.FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self._store.record_checks(self._run_id, pending)


def off_domain(force: Force, check: Check) -> Check:
    """A force whose link (or the page it ends at) is outside its registered domains says so, in
    its reason (so every output and the digest show it) and as the warning `off_domain`: a
    source that moves one force's link elsewhere must never make it silently `published`. An
    override URL is the operator's own choice and is not judged."""
    host = force.off_domain_host(check.url) or force.off_domain_host(check.final_url)
    if host is None:
        return check
    warning = force.off_domain_warning(host)
    reason = check.reason if warning in check.reason else f"{check.reason}; {warning}"
    return replace(check, reason=reason, warnings=tuple(dict.fromkeys((*check.warnings, "off_domain"))),
                   evidence={**check.evidence, "off_domain": host})


def _guard(store: Store, reconciliation: Reconciliation, settings: Settings, run_id: int) -> str | None:
    """A source that links far fewer forces than its recent best, or links them mostly off their
    registered domains, is a source problem, not mass disappearance (source_guard.py)."""
    source = settings.source
    now = source_guard.facts(((force_id, link.url) for force_id, found in reconciliation.links_by_force.items()
                              for link in found), settings.forces)
    good = [source_guard.facts(links, settings.forces) for links in store.recent_good_snapshots(source.baseline_runs)]
    limits = source_guard.GuardLimits(source.min_link_fraction, source.max_off_domain_share)
    problem = source_guard.judge(now, source_guard.baseline(good), limits)
    if problem is None:
        return None
    earlier, since = store.source_problem_streak(run_id)
    return source_guard.confirmation(problem, earlier, since, settings.store.confirm_runs)


class RunHandle:
    """Lets another thread cancel a run in progress (the scheduler's SIGTERM handling)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._stop = threading.Event()

    def request_stop(self) -> None:
        """No new run may start (one in progress goes on until cancelled)."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def attach(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task | None) -> None:
        with self._lock:
            self._loop, self._task = loop, task

    def detach(self) -> None:
        with self._lock:
            self._loop = self._task = None

    def cancel(self) -> bool:
        """Cancel the run; it records itself as aborted. False when nothing is running."""
        with self._lock:
            if self._loop is None or self._task is None:
                return False
            self._loop.call_soon_threadsafe(self._task.cancel)
            return True


def execute(
    settings: Settings,
    *,
    force_ids: Sequence[str] | None = None,
    trigger: str = "cli",
    progress: Progress | None = None,
    handle: RunHandle | None = None,
    on_wait: Callable[[str], None] | None = None,
    early_source: EarlySource | None = None,
) -> RunSummary:
    """Open the store, take the run lock, run one check with a fresh client, close everything:
    the CLI's and the scheduler's one way in. Raises asyncio.CancelledError if `handle` cancelled
    it; `on_wait` hears why the lock is not yet free."""
    try:
        return _execute(settings, force_ids=force_ids, trigger=trigger, progress=progress, handle=handle,
                        on_wait=on_wait, early_source=early_source)
    except sqlite3.Error as exc:
        # The disk filled, or the file became read-only, mid-run: one line naming the file and the
        # cause. SQLite rolled back the transaction it could not write, so the database is intact.
        raise StoreError(f"{settings.store.path}: the database could not be written ({exc})",
                         hint="Free some disk space or fix the file's permissions, then run again; "
                              "the runs recorded so far are intact") from exc


def _execute(settings: Settings, *, force_ids: Sequence[str] | None, trigger: str, progress: Progress | None,
             handle: RunHandle | None, on_wait: Callable[[str], None] | None,
             early_source: EarlySource | None = None) -> RunSummary:
    give_up = (lambda: handle.stop_requested) if handle is not None else None
    with Store(settings.store.path) as store, store.run_lock(settings.store.lock_timeout, on_wait=on_wait, give_up=give_up):
        return asyncio.run(_handled_run(settings, store, force_ids=force_ids, trigger=trigger, progress=progress,
                                        handle=handle, early_source=early_source))


async def _handled_run(settings: Settings, store: Store, *, force_ids: Sequence[str] | None, trigger: str,
                       progress: Progress | None, handle: RunHandle | None,
                       early_source: EarlySource | None) -> RunSummary:
    """run_once with a fresh client and the verify workers, cancellable through `handle`."""
    if handle is not None and handle.stop_requested:
        raise asyncio.CancelledError("stopping: no new run starts")
    if handle is not None:
        handle.attach(asyncio.get_running_loop(), asyncio.current_task())
    try:
        # The workers start now, so their imports overlap the source read.
        with Verifier(settings.verify.workers, cpu_seconds=settings.verify.cpu_seconds,
                      memory_mb=settings.verify.memory_mb) as verifier:
            async with Fetcher(settings.http) as fetcher:
                return await run_once(settings, fetcher, store, force_ids=force_ids, trigger=trigger,
                                      progress=progress, verifier=verifier, early_source=early_source)
    finally:
        if handle is not None:
            handle.detach()
