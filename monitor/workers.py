"""Where verification's CPU work runs: parsing pages, reading PDFs, weighing the text.

The event loop's one thread fetches every link; whatever CPU it spends on a page is time no other
request is sent or read. With `[verify] workers = N` the loop ships each fetched page to one of N
spawned processes and awaits the verdict: at 10,000 links over 500 sites that took a run from
51 s to 37 s on 2 cores, and a 5 MB page (0.9 s of parsing) no longer stops the fetching.
`Verifier(0)`, the shipped default, verifies in the calling thread: for the 43 forces it is as
fast and half the memory (bench/RESULTS.md). verify.py stays pure and knows nothing of this;
checking.py is the only user.

Workers get plain inputs (what was fetched, the force) and return frozen results (PageText,
PageReading, Verdict, a document's text); they never see the database. What is kept between runs
(document texts, link state) is looked up and recorded by the checking process.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # Windows: no O_ASYNC either (see _watch_parent)
    fcntl = None  # type: ignore[assignment]

from .documents import DocumentError, document_kind, extract_text
from .models import FetchResult, Force, Verdict
from .verify import PageText, plan_documents, read_page, verify_page

T = TypeVar("T")
log = logging.getLogger("monitor.workers")


@dataclass(frozen=True)
class PageReading:
    """A page read in a worker: the page as read and the plan documents to fetch; or, when it links
    none, its verdict there and then (and no page: it need not travel back)."""

    page: PageText | None
    wanted: tuple[str, ...]
    verdict: Verdict | None = None


class VerifierCrashed(Exception):
    """Verifying one page killed a fresh worker process of its own: that page, not bad luck."""


class BudgetExceeded(Exception):
    """Reading one page or document went past its CPU-time or memory budget; what it says follows
    "the page" or "the plan document" ("took longer than 10 s to read")."""


class _CpuSpent(BaseException):
    # A BaseException, so the "except Exception" blocks inside parsers (pypdf has many) cannot
    # swallow it and carry on reading.
    pass


def _over_cpu(signum: int, frame: Any) -> None:
    raise _CpuSpent()


_IN_WORKER = False  # set by _start_worker: this process is a verify worker


def _start_worker(memory_bytes: int = 0) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    # A checking process killed outright (SIGKILL, the OOM killer, a service manager's last resort)
    # cannot shut its pool down, and its workers would wait for tasks for ever, one set more each
    # time. The parent's sentinel becomes ready when the parent is gone, whether this worker was
    # spawned or forked by the fork server; then the worker goes too.
    parent = multiprocessing.parent_process()
    if parent is not None:
        _watch_parent(parent.sentinel)
    # Ctrl-C and the service manager's SIGTERM reach the whole process group; the parent decides
    # when a run stops (it gives the run a grace period), so a worker must not die first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # A worker the CPU backstop kills must not leave a core file in the working directory.
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if memory_bytes:
        # The whole process's address space (a fresh worker uses about 55 MB of it): an
        # allocation past it fails with MemoryError in the page's own task, not the OOM killer.
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard), hard))


# How often a worker looks at its parent's pipe besides SIGIO (see _watch_parent).
PARENT_RECHECK_SECONDS = 2.0


def _watch_parent(sentinel: int) -> None:
    """Exit when `sentinel` (the parent's end of a pipe) closes, with no thread of our own.

    A watching thread would cost the worker its memory ceiling (a thread's stack and malloc arena
    count against RLIMIT_AS) and take process signals meant for the page's own thread. The kernel
    sends SIGIO when the pipe's writer closes, and SIGIO's handler runs in the one thread. SIGIO
    is not enough alone: beside two CPU hogs a worker was once found alive minutes after its
    parent, its pipe at its end and SIGIO armed, and it went at once on a SIGIO sent by hand; so
    the pipe is also looked at every PARENT_RECHECK_SECONDS on a real-time timer (SIGALRM: the
    CPU budget has the profiling timer), which costs an idle worker a poll() every 2 s. Where
    O_ASYNC is missing the timer alone does it; on Windows, neither.
    """
    if not hasattr(signal, "setitimer"):
        return  # Windows: workers of a killed parent stay, as before
    signal.signal(signal.SIGALRM, lambda _signum, _frame: _exit_if_closed(sentinel))
    signal.setitimer(signal.ITIMER_REAL, PARENT_RECHECK_SECONDS, PARENT_RECHECK_SECONDS)
    if fcntl is not None and hasattr(os, "O_ASYNC") and hasattr(fcntl, "F_SETOWN"):
        signal.signal(signal.SIGIO, lambda _signum, _frame: _exit_if_closed(sentinel))
        fcntl.fcntl(sentinel, fcntl.F_SETOWN, os.getpid())
        fcntl.fcntl(sentinel, fcntl.F_SETFL, fcntl.fcntl(sentinel, fcntl.F_GETFL) | os.O_ASYNC)
    _exit_if_closed(sentinel)  # the parent may have gone before the watch was armed


def _exit_if_closed(sentinel: int) -> None:
    # SIGIO comes for any descriptor set to O_ASYNC, the timer whenever: exit only when the parent's
    # pipe is at its end.
    if multiprocessing.connection.wait([sentinel], timeout=0):
        os._exit(0)


# A failure with the worker's address space past this share of its ceiling is put down to memory.
CEILING_SHARE = 0.9


def _peak_mb() -> float:
    """This process's largest address space so far (VmPeak), in MB; 0 where /proc has no such line."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _budgeted(cpu_seconds: float, memory_mb: int, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) within a CPU-time budget: past it, BudgetExceeded.

    The budget is a profiling timer (CPU time of this process, so a busy machine does not count
    against a page), whose signal interrupts Python code and the regex engine alike. Signals
    reach only the main thread: elsewhere (a scheduler's thread verifying without workers) the
    work runs unbudgeted. In a worker (memory_mb set) a MemoryError means the page needed more
    than the worker's ceiling, and a CPU limit on the process backs the timer up: C code that
    never looks at signals is killed with its worker (SIGXCPU), which the Verifier reports.
    """
    if cpu_seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)
    if _IN_WORKER:
        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + 2 * cpu_seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.getrlimit(resource.RLIMIT_CPU)[1]))
    previous = signal.signal(signal.SIGPROF, _over_cpu)
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    try:
        return fn(*args, **kwargs)
    except _CpuSpent:
        raise BudgetExceeded(f"took longer than {cpu_seconds:g} s to read") from None
    except Exception as exc:
        # A parser in C reports a failed allocation its own way (lexbor: "Can't parse HTML"), so
        # any failure while this worker's address space stood at its ceiling is the ceiling's.
        if _IN_WORKER and memory_mb and (isinstance(exc, MemoryError) or _peak_mb() >= CEILING_SHARE * memory_mb):
            raise BudgetExceeded(f"needed more than the {memory_mb} MB a verify worker may use to read") from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _read_and_verify(result: FetchResult, force: Force | None, requested_url: str, probe: FetchResult | None,
                     probe_page: PageText | None, max_documents: int) -> PageReading:
    """Read a page; when it links no plan document, verify it there and then (one trip to a worker
    instead of two). Otherwise the page as read and the documents to fetch, and no verdict yet."""
    page = read_page(result)
    wanted = tuple(plan_documents(page)[:max_documents])
    if wanted:
        return PageReading(page, wanted)
    return PageReading(None, (), verify_page(result, force, requested_url=requested_url, probe=probe, page=page,
                                             probe_page=probe_page))


def _read_document(body: bytes, kind: str) -> str | None:
    """The document's text, or None when it cannot be read (verify_page then says why)."""
    try:
        return extract_text(body, kind)
    except DocumentError:
        return None


def _ready() -> bool:
    # The first plan document would otherwise import PDFium (0.1 s) just as the run's documents
    # arrive; a worker starts during the source read, when it has nothing else to do. Where the
    # fork server preloaded it (_worker_context) this is already done, once for every worker.
    import pypdfium2  # noqa: F401

    return True


# What the fork server imports before it forks any worker: this module (the verifier) and PDFium,
# so each worker starts with both instead of importing PDFium again in each. Both are safe to
# import before a fork: neither starts a thread at import (PDFium's library init is plain C state,
# copied whole into each child). A name the server cannot import is skipped by multiprocessing.
_PRELOAD = (__name__, "pypdfium2")


def _lean(result: FetchResult | None) -> FetchResult | None:
    """`result` as a worker needs it: a page without its body, when only its text is read.

    Every task is pickled to its worker, and a page's decoded text and raw bytes are the same
    page twice over. In a worker, the body is read only to tell a document from a page
    (document_kind sniffs "%PDF-" and "PK" first) and to read a document's text. So a result
    that has text, does not start like a document and is no document by its type or name goes
    without it: document_kind gives the same answer for it with no bytes, and nothing else in
    verification reads them. Anything else goes whole.
    """
    if (result is None or not result.body or result.text is None or result.body.startswith((b"%PDF-", b"PK"))
            or document_kind(result.content_type, result.final_url) is not None):
        return result
    return dataclasses.replace(result, body=b"")


def within_budget(cpu_seconds: float, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) in this thread within the CPU budget (BudgetExceeded past it): for one
    page verified on its own (`run_monitor.py verify FILE`), where nothing else waits on it."""
    return _budgeted(cpu_seconds, 0, fn, *args, **kwargs)


def _worker_context() -> multiprocessing.context.BaseContext:
    """Where worker processes come from: a fork server where the OS has one, else spawn.

    A spawned worker is a new interpreter that imports the verifier afresh, about half a second of
    CPU for every run's pool (a scheduled monitor starts one a run, the test suite hundreds). The
    fork server is itself a fresh, single-threaded process, started once per parent with this
    module imported, and each worker is forked from it: none of the parent's threads or locks come
    along, which is why plain fork is never used. Windows has only spawn.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Takes effect when the server starts (the first pool of this process); the same list each time.
    context.set_forkserver_preload(list(_PRELOAD))
    return context


class Verifier:
    """read_page and verify_page, run in `workers` processes (0: in this thread).

    Processes are never forked from the parent: it has threads (the scheduler's, the store's), and
    a fork copies their locks in whatever state they were; they come from a fork server
    (_worker_context), or are spawned. They start when the Verifier is made, so
    their imports overlap the run's first requests, and stop at close().

    A worker that dies (a crash in a C parser, the kernel's OOM killer) fails every task it had in
    its pool; each of those is retried once in a fresh process of its own, so only the page that
    kills its process again is reported (VerifierCrashed), and the rest of the run goes on.
    Workers that cannot start at all (a new worker re-imports the program's main module, which
    fails when that is not a file) are not the pages' fault: the run verifies in this thread, and
    says so once in the log.
    """

    def __init__(self, workers: int, *, cpu_seconds: float = 0.0, memory_mb: int = 0) -> None:
        self.workers = workers
        self.cpu_seconds = cpu_seconds
        # The memory ceiling holds in worker processes only (this process's own is not ours to cap).
        self.memory_mb = memory_mb if workers else 0
        self._pool: ProcessPoolExecutor | None = None
        self._alone = asyncio.Lock() if workers else None  # one isolated retry at a time
        self._started: list[Future[bool]] = []
        self._starting: threading.Thread | None = None
        if workers:
            self._pool = self._new_pool(workers)
            # Start every worker now, not at the first page, and from a thread: starting the first
            # worker waits for the fork server to import the verifier (0.1 s of wall on a quiet
            # machine, 0.9 s at load 9), time the run's source read and robots.txt need not wait
            # for. The first page to verify waits for it instead, if it is still not done.
            self._starting = threading.Thread(target=self._start_workers, args=(self._pool, workers),
                                              name="verify-workers-start", daemon=True)
            self._starting.start()

    def wait_started(self) -> bool:
        """Block until every worker has started (or failed to): True when they all did."""
        if self._starting is not None:
            self._starting.join()
        return bool(self._started) and all(f.exception() is None and f.result() for f in self._started)

    def _start_workers(self, pool: ProcessPoolExecutor, workers: int) -> None:
        try:
            for _ in range(workers):
                self._started.append(pool.submit(_ready))
        except Exception as exc:  # broken or shut down already: the first page's call says so, and copes
            log.debug("starting the verify workers: %s", exc)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(),
                                   initializer=_start_worker, initargs=(self.memory_mb * 1024 * 1024,))

    async def read_page(self, result: FetchResult) -> PageText:
        return await self._call(read_page, self._lean(result))

    async def read_and_verify(self, result: FetchResult, force: Force | None, *, requested_url: str,
                              probe: FetchResult | None, probe_page: PageText | None,
                              max_documents: int) -> PageReading:
        return await self._call(_read_and_verify, self._lean(result), force, requested_url, self._lean(probe),
                                probe_page, max_documents)

    async def document_text(self, body: bytes, kind: str) -> str | None:
        """The text of a PDF, DOCX or ODT file, read now; None when it cannot be read."""
        return await self._call(_read_document, body, kind)

    async def verify_page(self, result: FetchResult, force: Force | None, *, requested_url: str,
                          documents: Mapping[str, FetchResult], probe: FetchResult | None,
                          page: PageText | None, probe_page: PageText | None,
                          extracted: Mapping[str, str]) -> Verdict:
        # Each document goes whole, text or not: which kind it is may take its bytes (a DOCX is told
        # from an ODT by the names inside the zip).
        return await self._call(verify_page, self._lean(result), force, requested_url=requested_url,
                                documents={url: self._lean(doc) for url, doc in documents.items()},
                                probe=self._lean(probe), page=page, probe_page=probe_page, extracted=dict(extracted))

    def _lean(self, result: FetchResult | None) -> FetchResult | None:
        # Only what crosses to a worker is trimmed: verifying in this thread copies nothing.
        return _lean(result) if self._pool is not None else result

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._pool is None:
            return _budgeted(self.cpu_seconds, 0, fn, *args, **kwargs)
        call = functools.partial(_budgeted, self.cpu_seconds, self.memory_mb, fn, *args, **kwargs)
        pool = self._pool
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(pool, call)
        except BrokenProcessPool as exc:
            if self._starting is not None:
                self._starting.join()  # whether the workers ever started is known once it is done
            if not any(f.done() and f.exception() is None for f in self._started):
                if self._pool is not None:
                    log.warning("the verify workers could not start (%s); verifying in the checking process instead. "
                                "Set [verify] workers = 0 to skip trying", exc)
                    self.close()
                return _budgeted(self.cpu_seconds, 0, fn, *args, **kwargs)
            if self._pool is pool:  # the first task to notice replaces the pool for everyone
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool(self.workers)
        assert self._alone is not None
        async with self._alone:
            alone = self._new_pool(1)
            try:
                return await loop.run_in_executor(alone, call)
            except BrokenProcessPool:
                raise VerifierCrashed("the worker process verifying it died twice") from None
            finally:
                alone.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers. Tasks still queued are dropped (the run is over, or cancelled)."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
