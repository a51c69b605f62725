"""One URL's time budget, and the retries (tenacity) that spend it.

Retries on connect errors, resets, timeouts and 408/500/502/503/504, with exponential backoff and
jitter, all inside one total deadline per URL so a slow link cannot dominate a run (LESSONS.md:
lychee's long backoff). 500 is retried because one blip must not alert anybody; a page that is
really broken answers 500 again and is reported after `retries` more tries.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from ..models import FetchResult

if TYPE_CHECKING:
    import tenacity

RETRY_STATUSES = frozenset({408, 500, 502, 503, 504})


class Deadline:
    """One URL's time budget (total_timeout), retries and redirects included.

    It starts with the URL's first request, not when the URL joins the queue for its site: a
    queue of our own making (twenty links to one site, two at a time) is not the site being slow,
    and must neither time the URL out nor count in its elapsed time ("slow"). A nested budget
    (robots.txt, fetched on the URL's way) starts its parent too.
    """

    def __init__(self, seconds: float, parent: Deadline | None = None) -> None:
        self.seconds = seconds
        self.parent = parent
        self.started: float | None = None
        self._scope: asyncio.Timeout | None = None

    def bind(self, scope: asyncio.Timeout) -> None:
        self._scope = scope
        if self.started is not None:
            scope.reschedule(asyncio.get_running_loop().time() + self.left())

    def start(self) -> None:
        if self.parent is not None:
            self.parent.start()
        if self.started is None:
            self.started = time.monotonic()
            if self._scope is not None:
                self._scope.reschedule(asyncio.get_running_loop().time() + self.seconds)

    def elapsed(self) -> float:
        return 0.0 if self.started is None else time.monotonic() - self.started

    def left(self) -> float:
        return self.seconds - self.elapsed()


# The budget of the URL being fetched in this task: a request starts it when it really starts.
CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("fetch_deadline", default=None)


class Retry(Exception):
    """An attempt's outcome is worth another try (carries the result to give up with)."""

    def __init__(self, result: FetchResult, wait: float | None = None) -> None:
        super().__init__(result.error or f"HTTP {result.status_code}")
        self.result = result
        self.wait = wait


class _Stop:
    """tenacity's stop rule: after `attempts` attempts, or early rather than sleep into the
    deadline (the last real answer beats "timed out")."""

    def __init__(self, attempts: int, deadline: Deadline) -> None:
        self._attempts = attempts
        self._deadline = deadline

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        return (retry_state.attempt_number >= self._attempts
                or (retry_state.upcoming_sleep or 0.0) >= self._deadline.left())


class _RetryWait:
    """tenacity's wait rule: exponential backoff with jitter, or the server's Retry-After."""

    def __init__(self, initial: float) -> None:
        import tenacity

        self._backoff = tenacity.wait_exponential_jitter(multiplier=initial, max=initial * 8, jitter=initial)

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, Retry) and exc.wait is not None:
            return exc.wait
        return self._backoff(retry_state)


async def with_retries(attempt: Callable[[], Awaitable[FetchResult]], *, retries: int, backoff: float,
                       deadline: Deadline) -> FetchResult:
    """`attempt()` until it returns, up to `retries` more times after the first, within `deadline`.

    The first attempt runs bare: most URLs answer at once, and need neither tenacity's state
    machine nor its import. Only a first attempt that asks for another try
    builds the tenacity loop, which is handed that first outcome as its own attempt 1, so
    attempt numbers, backoff and stopping are exactly tenacity's.
    """
    try:
        return await attempt()
    except Retry as first:
        if retries <= 0:
            return first.result
        first_failure: Retry | None = first

    async def again() -> FetchResult:
        nonlocal first_failure
        if first_failure is not None:
            failure, first_failure = first_failure, None
            raise failure
        return await attempt()

    import tenacity  # here: most runs never retry, and importing it is a start-up cost

    retrying = tenacity.AsyncRetrying(
        stop=_Stop(retries + 1, deadline),
        wait=_RetryWait(backoff),
        retry=tenacity.retry_if_exception_type(Retry),
        reraise=True,
    )
    try:
        return await retrying(again)
    except Retry as gave_up:
        return gave_up.result
