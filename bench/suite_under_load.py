"""Run the README's test command N times in a row beside CPU hogs, and report each run.

Issue 14's target: the suite passes 5 times in a row while two CPU-bound processes run beside
it, on a 2-core machine. This does exactly that and prints one line a run (passed or not, wall
time, the pytest summary line, the load average at its end), then the tally. It is not a test:
it runs the tests. Each run's CPU seconds (pytest and everything it started, from the kernel's
account of this script's reaped children) are printed beside its wall time: on a shared
machine the wall time says how busy it was as much as how long the suite takes.

    .venv/bin/python bench/suite_under_load.py              # 5 runs beside 2 hogs
    .venv/bin/python bench/suite_under_load.py --runs 1 --hogs 0   # one quiet run, timed

Exits 0 only when every run passed. The hogs are this script's own children, ended (by their
ids) when it finishes, however it finishes. Other processes on the machine also load it: the
load average printed is the whole machine's, so say what it was when quoting the figures.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import machine  # noqa: E402


def hog() -> None:
    """One core's worth of pure CPU, until killed."""
    n = 0
    while True:
        n = (n * 1103515245 + 12345) & 0x7FFFFFFF


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def children_cpu() -> float:
    """User + system CPU seconds of every child this script has reaped (pytest and its workers,
    and theirs), so far. The hogs are reaped only at the end: they never count."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def summary_line(output: str) -> str:
    """pytest's last line: "408 passed in 95.12s" or "2 failed, 406 passed in ..."."""
    lines = [line.strip("= ").strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="times to run the suite (default 5)")
    parser.add_argument("--hogs", type=int, default=2, help="CPU-bound processes beside it (default 2)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs pytest")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    print(f"command: {args.python} -m pytest {' '.join(args.pytest_args)} (in {ROOT}), "
          f"{args.runs} runs beside {args.hogs} CPU hogs; load average (1/5 min) at start {load()}")
    # A SIGTERM (a CI timeout, `kill`) ends the script through its finally, so the hogs end too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    hogs = [multiprocessing.Process(target=hog, daemon=True) for _ in range(args.hogs)]
    for process in hogs:
        process.start()
    passed = 0
    times: list[float] = []
    try:
        for number in range(1, args.runs + 1):
            started, cpu_before = time.monotonic(), children_cpu()
            # The README's command (-q and no cache folder change what it prints and leaves, not what it runs).
            result = subprocess.run([args.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args],
                                    cwd=ROOT, capture_output=True, text=True)
            elapsed, cpu = time.monotonic() - started, children_cpu() - cpu_before
            times.append(elapsed)
            ok = result.returncode == 0
            passed += ok
            print(f"run {number}: {'PASSED' if ok else 'FAILED'} in {elapsed:.0f} s wall, {cpu:.0f} s CPU; "
                  f"{summary_line(result.stdout)}; load {load()}", flush=True)
            if not ok:
                failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
                for line in failures[:20]:
                    print(f"    {line}")
                # The whole output, for the tracebacks: a failure only this load brings out is
                # otherwise gone with the run.
                kept = Path(tempfile.gettempdir()) / f"suite_under_load-run{number}-{os.getpid()}.txt"
                kept.write_text(result.stdout + result.stderr)
                print(f"    the run's whole output: {kept}")
    finally:
        for process in hogs:
            process.kill()  # our own children, by their ids
            process.join()
    if times:
        print(f"{passed} of {args.runs} runs passed beside {args.hogs} CPU hogs; "
              f"wall time min {min(times):.0f} s, max {max(times):.0f} s")
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
