"""One check run in a fresh process, for tests/test_hostile_web.py: its figures are the run's own.

    python -m tests.hostile_run CONFIG OUT [FORCE,FORCE,...]

Runs `run.execute` (the CLI's way in: store, run lock, verify workers, fetch) with CONFIG, over
the forces named (every force when none is), and writes OUT as JSON: each force's status and reason, the run's wall time (from the run
itself) with its start and end on the system's monotonic clock (the one the replica's access log
uses, so a test can place the run among the requests the replica saw), and peak memory: this process's high-water mark plus the
peak of every verify worker it had (read from /proc while they live): a bound on them all
together, since their peaks need not coincide.

The process never asks DNS about a name: the replica is reached through connect_to, and the
guard must refuse or the fetcher must reject everything else before it gets that far.
"""

from __future__ import annotations

import ipaddress
import json
import multiprocessing
import resource
import socket
import sys
import threading
import time
from pathlib import Path


def _loopback_only() -> None:
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name != "localhost":
            try:
                ipaddress.ip_address(name)
            except ValueError:
                raise OSError(f"the hostile-web run tried to resolve {name!r}: tests stay on loopback") from None
        return real(host, *args, **kwargs)

    socket.getaddrinfo = guarded  # type: ignore[assignment]


def _hwm_mb(pid: int | str) -> float:
    """A process's resident high-water mark (VmHWM), in MB. Not ru_maxrss: across exec Linux keeps
    the larger of the old image's and the new one's, so a child forked from pytest (or a worker
    spawned from the checker) would report its parent's size."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _WorkerPeaks:
    """The verify workers' high-water marks, read every 20 ms while they live (a worker's peak is
    during a task; it then waits, idle, until the run closes it)."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            for child in multiprocessing.active_children():
                if child.pid is not None:
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0.0), _hwm_mb(child.pid))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main(config: str, out: str, forces: str = "") -> None:
    _loopback_only()
    from monitor.config import load_settings
    from monitor.run import execute

    settings = load_settings(config)
    watch = _WorkerPeaks()
    started = time.monotonic()
    summary = execute(settings, trigger="cli", force_ids=[f for f in forces.split(",") if f] or None)
    wall = time.monotonic() - started
    watch.stop()
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    own_mb, worker_mb = _hwm_mb("self"), sum(watch.peaks.values())
    Path(out).write_text(json.dumps({
        "state": summary.state,
        "wall": wall,
        # time.monotonic() is CLOCK_MONOTONIC, one clock for every process on the machine.
        "started_monotonic": started,
        "ended_monotonic": started + wall,
        "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
        "self_mb": own_mb,
        # Every worker the run had (a replaced one too), each at its peak: a bound on them together.
        "worker_mb": worker_mb,
        "workers_seen": len(watch.peaks),
        "peak_mb": own_mb + worker_mb,
        "checks": {c.force_id: {"status": c.status.value, "reason": c.reason, "title": c.title} for c in summary.checks},
    }))


if __name__ == "__main__":
    main(*sys.argv[1:4])
