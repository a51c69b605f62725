"""One run at a time: a lock file beside the database, held for a whole run (SQLite's own locking
is per transaction, and a run spans many)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .errors import StoreError


@contextmanager
def hold_run_lock(path: str, timeout: float, *, on_wait: Callable[[str], None] | None = None,
                  poll: float = 0.1, give_up: Callable[[], bool] | None = None) -> Iterator[None]:
    """Hold the run lock on `<db>.lock` (filelock: flock on Linux and macOS, LockFileEx on
    Windows), so two processes never interleave a run.

    SQLite's own locking is per transaction, and a run spans many. Waits up to `timeout`
    seconds (calling `on_wait(message)` once if it has to wait), then raises StoreError.
    The operating system drops the lock when the holder dies, even by SIGKILL: a stale lock
    file is harmless. Take it before `run_once` (which aborts runs left `running`). `give_up()`
    returning true ends the wait at once (a scheduler shutting down must not start a run).
    """
    if path == ":memory:":
        yield
        return
    from filelock import FileLock, Timeout

    lock_path = path + ".lock"
    # thread_local=False: the scheduler takes and leaves the lock in whichever thread runs the job.
    lock = FileLock(lock_path, thread_local=False)
    deadline = time.monotonic() + max(0.0, timeout)
    waited = False
    while True:
        try:
            lock.acquire(timeout=0)
            break
        except Timeout:
            holder = _lock_holder(lock_path)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise StoreError(
                    f"{path}: another run is in progress ({holder} holds {lock_path}); "
                    f"gave up after waiting {timeout:g} s",
                    hint="Let that run finish and try again, or raise [store] lock_timeout in the config.",
                ) from None
            if give_up is not None and give_up():
                raise StoreError(f"{path}: stopped while waiting for the run lock")
            if not waited and on_wait is not None:
                on_wait(f"another run is in progress ({holder}); waiting up to {timeout:g} s for it to finish")
            waited = True
            time.sleep(min(poll, remaining))
        except OSError as exc:
            raise StoreError(f"{lock_path}: cannot create the run lock ({exc.strerror or exc})") from exc
    try:
        _write_lock_holder(lock_path)
        yield
    finally:
        lock.release()


def _lock_holder(lock_path: str) -> str:
    """Who holds the run lock, as its holder wrote it; a reader the OS keeps out (Windows locks
    the bytes) or an empty file says "another process"."""
    try:
        with open(lock_path, encoding="ascii", errors="replace") as handle:
            pid = handle.read(32).strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


def _write_lock_holder(lock_path: str) -> None:
    """Our pid into the lock file, for the message another run shows while it waits (best effort)."""
    try:
        with open(lock_path, "r+", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
            handle.truncate()
    except OSError:
        pass
