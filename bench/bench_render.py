"""What rendering costs (issue 19): a check of Humberside's planted shell with [render] off and on.

Not a test: it prints figures. The replica runs in this process; every measured run is a fresh
child process running run.execute (as `check --force humberside` does) with rendering off
(the shell is `blocked`) or on (headless Chromium reads it: `published`). The parent samples the
child's whole process tree every 20 ms (the child, Playwright's driver, Chromium's processes) and
keeps the peak of the tree's summed PSS (proportional set size: pages shared between Chromium's
processes counted once, split among them) and of its summed RSS (shared pages counted in every
process: an upper bound). The child reports its own wall time for the run and its ru_maxrss.

    /work/venv/bin/python bench/bench_render.py [--repeat N] [--register]

--register checks all 43 forces instead of one (Humberside is still the only shell).
Loopback only: every connection goes to the replica through connect_to; Chromium's go nowhere.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchkit import machine, refuse_dns, replica_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORCE = "humberside"
BROWSER = "/usr/bin/chromium"
SAMPLE_SECONDS = 0.02


def child(config: str, register: bool) -> None:
    """Run in the fresh process: one check, then its figures as JSON."""
    refuse_dns()
    from monitor.config import load_settings
    from monitor.run import execute

    settings = load_settings(config)
    started = time.monotonic()
    summary = execute(settings, force_ids=None if register else [FORCE], trigger="demo")
    seconds = time.monotonic() - started
    check = next(c for c in summary.checks if c.force_id == FORCE)
    print(json.dumps({
        "seconds": round(seconds, 3),
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "status": check.status.value,
        "reason": check.reason,
        "render_ms": check.evidence.get("render_ms"),
        "forces": len(summary.checks),
    }))


def _tree(root: int) -> list[int]:
    """root and every process descended from it, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB; (0, 0) once it has gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def measure(config: Path, register: bool) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(config)] + (["--register"] if register else []),
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    peak = {"pss": 0, "rss": 0, "processes": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = _tree(proc.pid)
            totals = [_memory_kb(pid) for pid in pids]
            peak["pss"] = max(peak["pss"], sum(t[0] for t in totals))
            peak["rss"] = max(peak["rss"], sum(t[1] for t in totals))
            peak["processes"] = max(peak["processes"], len(pids))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.monotonic()
    sampler.start()
    out, _ = proc.communicate()
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    figures = json.loads(out.strip().splitlines()[-1])
    return {**figures, "process_seconds": round(wall, 2), "tree_pss_mb": peak["pss"] / 1024,
            "tree_rss_mb": peak["rss"] / 1024, "processes": peak["processes"]}


def write_config(tmp: Path, replica, render: bool, browser: str = BROWSER) -> Path:
    more = f"""[render]
enabled = {"true" if render else "false"}
browser = "{browser}"
[store]
path = "{(tmp / f'monitor-{render}.db').as_posix()}"
"""
    return replica_config(tmp / f"monitor-{'on' if render else 'off'}.toml", replica, more=more)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--register", action="store_true", help="check all 43 forces, not only Humberside")
    parser.add_argument("--browser", default=BROWSER, help=f"[render] browser (default {BROWSER})")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.register)
        return 0

    from monitor.replica import Replica

    print(f"machine: {machine()}")
    print(f"run: {'all 43 forces' if args.register else 'check --force ' + FORCE}, median of {args.repeat}; "
          f"browser {args.browser}")
    with tempfile.TemporaryDirectory() as tmp, Replica() as replica:
        results: dict[bool, list[dict]] = {False: [], True: []}
        for _ in range(args.repeat):
            for render in (False, True):  # interleaved, so a busy spell hits both alike
                results[render].append(measure(write_config(Path(tmp), replica, render, args.browser), args.register))
    rows = []
    for render, runs in results.items():
        med = {key: statistics.median(run[key] for run in runs)
               for key in ("seconds", "process_seconds", "tree_pss_mb", "tree_rss_mb", "maxrss_kb")}
        rows.append((render, med, runs[-1]))
        label = "render on " if render else "render off"
        print(f"{label}: {runs[-1]['status']:<9} run {med['seconds']:.2f} s (process {med['process_seconds']:.2f} s), "
              f"peak memory of the process tree {med['tree_pss_mb']:.0f} MB PSS ({med['tree_rss_mb']:.0f} MB RSS), "
              f"monitor process alone {med['maxrss_kb'] / 1024:.0f} MB, "
              f"{max(r['processes'] for r in runs)} processes at most"
              + (f", render {statistics.median(r['render_ms'] for r in runs):.0f} ms" if render else ""))
    (_, off, _), (_, on, _) = rows
    print(f"extra with rendering on: {on['seconds'] - off['seconds']:+.2f} s wall time, "
          f"{on['tree_pss_mb'] - off['tree_pss_mb']:+.0f} MB peak PSS ({on['tree_rss_mb'] - off['tree_rss_mb']:+.0f} MB RSS)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
