"""The NPCC response's Content API, asked for at the process's start, in a thread of its own.

A check cannot ask any site before it has read the source, and the source's answer takes a round
trip. Before this, the request left only after every module of the run was imported and the store
opened (0.5-0.7 s of CPU on a quiet machine, several times that on a busy one), so the run's
critical path was imports + round trip + the rest. Started first (it needs only config, models and
the fetcher), the round trip overlaps the imports instead. The thread runs its own event loop and
its own Fetcher, closed when the answer is in; the run reads the answer as a plain FetchResult.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

from .config import Settings
from .http import Fetcher
from .models import FetchResult

# An answer older than this when the run gets to it (the run lock was busy, a long wait) is not
# the source "now": the run asks again itself.
FRESH_FOR_SECONDS = 30.0


class EarlySource:
    """One Content API read, started now; `answer()` hands it to the run's event loop."""

    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.url = settings.source.content_api_url
        self._clock = clock
        self._http = settings.http
        self._future: Future[FetchResult] = Future()
        self._done_at: float | None = None
        # A daemon: Ctrl-C or an error before the run starts must not wait for the network.
        self._thread = threading.Thread(target=self._read, name="early-source", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        if not self._future.set_running_or_notify_cancel():
            return  # the run was cancelled before this thread began
        # Running: a run cancelled while it waits for the answer cannot cancel the future under
        # this thread (set_result would then raise here).

        async def read() -> FetchResult:
            # The Content API is an API for programs, not a crawl target: robots.txt is not
            # consulted (as run.read_source does).
            async with Fetcher(self._http) as fetcher:
                return await fetcher.fetch(self.url, respect_robots=False)

        try:
            result = asyncio.run(read())
        except BaseException as exc:  # handed to the run, which raises it where it would have
            self._future.set_exception(exc)
        else:
            self._done_at = self._clock()
            self._future.set_result(result)

    async def answer(self) -> FetchResult | None:
        """The Content API's answer, or None when it is stale and the run should ask again."""
        result = await asyncio.wrap_future(self._future)
        if self._done_at is not None and self._clock() - self._done_at > FRESH_FOR_SECONDS:
            return None
        return result
