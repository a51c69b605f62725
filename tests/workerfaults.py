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
