"""Functions for tests/test_workers.py to run in a real verify worker process.

They live in a module of their own because a spawned worker finds a function by importing the
module that defines it.
"""

from __future__ import annotations

import os


def twice(value: int) -> int:
    return 2 * value


def die_on(value: int, fatal: int) -> int:
    """Kill the worker process outright (as a segfault in a C parser would) for one value."""
    if value == fatal:
        os._exit(70)
    return 2 * value


def worker_pid(_: int) -> int:
    return os.getpid()


def spin(seconds: float) -> str:
    """Burn CPU in Python for `seconds` of CPU time (a budget's timer stops it sooner)."""
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return "done"


def backtrack(length: int) -> bool:
    """A pattern that backtracks exponentially: the regex engine's own loop, in C."""
    import re

    return re.search(r"(a+)+b", "a" * length) is not None


def allocate(megabytes: int) -> int:
    """Hold `megabytes` of memory at once."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def spin_deaf(seconds: float) -> str:
    """Burn CPU with the budget's signal blocked, as C code that never looks at signals would:
    only the process's CPU limit can stop it."""
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
    try:
        return spin(seconds)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGPROF})
