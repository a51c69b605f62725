#!/usr/bin/env python3
"""How close a check runs to the network's limit: wall time, CPU, memory and requests (issue #8).

    python bench/bench_check.py                 # every case, figures printed
    python bench/bench_check.py --quick         # the small cases only (about a minute)
    python bench/bench_check.py --case n10000 --profile /tmp/prof   # one case, pyinstrument text profile
    python bench/bench_check.py --write         # also write the figures into bench/RESULTS.md

Three processes per case, so each figure is of what it names:
  replica  the synthetic web (monitor/replica/synthetic.py), in its own process: its CPU and memory
           never count as the monitor's; its access log gives the requests made;
  monitor  a fresh child running `run.execute` (the CLI's own way in: store, run lock, fetch,
           verify, record) over the synthetic register; it reports its wall time, CPU and ru_maxrss;
  parent   builds the configs, starts both, computes the lower bound and prints.

The lower bound is what the hosts impose, with every request a correct run must make counted:
the source (one Content API read, L), then per host robots.txt before anything else (L), then on
`per_host_limit` slots the pages (L each), plan documents (L, after their page), the not-found
probe (L, after a page) and links that never answer (each holds a slot for total_timeout). Per
host: L + max(longest chain, ceil(work / (limit * L)) * L); with a per-host gap g, also
(requests - 1) * g + L. The bound is L + the slowest host. The issue's bare formula,
ceil(N / (H * per_host_limit)) * L, is printed beside it. global_limit is our own resource cap,
not a politeness promise, so cases set it to H * per_host_limit (never binding) unless they say
otherwise; a case that keeps the shipped 20 counts it in the bound as ceil(all work / (20 * L)) * L.

Loopback only: the monitor's connect_to sends every host to the replica's ports on 127.0.0.1;
nothing is resolved. Every run is bounded (a child that outlives its timeout is killed).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchkit import machine, reap_fork_server, refuse_dns

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "RESULTS.md"
CHILD_TIMEOUT = 600  # seconds: no case may run longer than this, whatever goes wrong


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    links: int
    hosts: int
    latency: float
    quick: bool = False
    register: bool = False  # the real register (43 forces, one host each) instead of synthetic forces
    landing: float = 0.0
    not_found: float = 0.02
    timeouts: float = 0.0
    soft_404_hosts: float = 0.05
    http: dict = field(default_factory=dict)  # [http] settings beyond the harness defaults
    verify: dict = field(default_factory=dict)  # [verify] settings (the shipped defaults otherwise)
    targets: dict = field(default_factory=dict)  # ratio, cpu_ms_per_url, rss_mb
    # Measure the second run against the same database (the steady state: the plans already read).
    warm: bool = False


# [http] for every case: politeness as the issue states it (per-host limit 2, no per-host gap, so the
# bound is the formula), quick backoff; the shipped timeouts (read 20 s, total 60 s) unless a
# case plants links that never answer, where they are cut so one costs seconds, not a minute.
BASE_HTTP = {"per_host_limit": 2, "per_host_delay": 0.0, "retry_backoff": 0.1}

# [verify] for the synthetic cases: a worker a core, as a deployment checking thousands of links
# would set (the shipped 0 suits the 43 forces; `--verify workers=0` measures it here too).
AT_SCALE = {"workers": 2}

CASES = [
    Case("real", "real scale: 43 forces, a landing page and a plan document each, L = 200 ms",
         links=43, hosts=43, latency=0.2, quick=True, register=True, landing=1.0, not_found=0.0, soft_404_hosts=0.0,
         http={"global_limit": 86}, targets={"ratio": 1.5}),
    Case("real-warm", "real scale, the run after: the same web, the plans' texts kept from the first run",
         links=43, hosts=43, latency=0.2, quick=True, register=True, landing=1.0, not_found=0.0, soft_404_hosts=0.0,
         http={"global_limit": 86}, targets={"ratio": 1.5}, warm=True),
    Case("real-shipped", "real scale with the shipped politeness: per-host gap 0.25 s, global limit 20",
         links=43, hosts=43, latency=0.2, quick=True, register=True, landing=1.0, not_found=0.0, soft_404_hosts=0.0,
         http={"per_host_delay": 0.25, "global_limit": 20}),
    Case("n1000", "N = 1,000 over H = 100, L = 100 ms", links=1000, hosts=100, latency=0.1, quick=True,
         verify=AT_SCALE),
    Case("n1000-timeouts", "N = 1,000 over H = 100, L = 100 ms, 0.5% of links never answer",
         links=1000, hosts=100, latency=0.1, timeouts=0.005, http={"read_timeout": 1.0, "total_timeout": 2.0},
         verify=AT_SCALE),
    Case("n10000", "N = 10,000 over H = 500, L = 100 ms", links=10_000, hosts=500, latency=0.1,
         targets={"ratio": 2.0, "cpu_ms_per_url": 1.0, "rss_mb": 250}, verify=AT_SCALE),
    Case("n10000-warm", "N = 10,000 over H = 500, L = 100 ms, the run after: nothing changed", links=10_000,
         hosts=500, latency=0.1, targets={"ratio": 2.0, "cpu_ms_per_url": 1.0, "rss_mb": 250}, verify=AT_SCALE,
         warm=True),
]


# -- the replica process ------------------------------------------------------------------------------


def serve(spec_path: str, out_path: str) -> None:
    """Build the synthetic web, serve it, write the register; then answer 'log', 'forget' and 'quit' on stdin."""
    from monitor.replica import Replica
    from monitor.replica.scenario import ReplicaForce
    from monitor.replica.synthetic import SyntheticSpec, synthetic_web

    raw = json.loads(Path(spec_path).read_text())
    raw["register"] = tuple(ReplicaForce(**force) for force in raw.get("register", ()))
    web = synthetic_web(SyntheticSpec(**raw))
    # The monitor's register on its own (the real register is read from forces.toml instead).
    Path(out_path).with_suffix(".register.json").write_text(json.dumps({
        "forces": [] if raw["register"] else [asdict(force) for force in web.forces]}))
    Path(out_path).write_text(json.dumps({
        "forces": [asdict(force) for force in web.forces],
        "host_of": web.host_of,
        "kind_of": web.kind_of,
        "expected": {fid: e.status for fid, e in web.scenario.expected.items()},
        "requests": {host: dict(counts) for host, counts in web.requests().items()},
        "page_bytes": sorted(web.page_bytes.values()),
    }))
    replica = Replica(web.scenario).start()
    print(json.dumps({"connect_to": replica.connect_to, "ca_path": replica.ca_path}), flush=True)
    for line in sys.stdin:
        if line.strip() == "log":
            print(json.dumps(_log_summary(replica)), flush=True)
        elif line.strip() == "forget":
            replica.clear_log()
            print("{}", flush=True)
        elif line.strip() == "quit":
            break
    replica.stop()


def _log_summary(replica) -> dict:
    from monitor.replica.synthetic import request_kind

    kinds: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    per_target: Counter[tuple[str, str]] = Counter()
    for record in replica.access_log:
        kinds[request_kind(record)] += 1
        statuses[record.status] += 1
        per_target[(record.host, record.target)] += 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    hosts = {record.host for record in replica.access_log}
    # When each kind of request reached the replica, from the first one (the source), in seconds:
    # a timeline of the run as the network saw it.
    log = replica.access_log
    start = min((record.time_monotonic for record in log), default=0.0)
    timeline = {}
    for record in log:
        kind = request_kind(record)
        first, last, end = timeline.get(kind, (1e9, 0.0, 0.0))
        at = record.time_monotonic - start
        timeline[kind] = (min(first, at), max(last, at), max(end, at + record.duration))
    return {
        "kinds": dict(kinds),
        "total": sum(kinds.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "repeated": sum(n - 1 for n in per_target.values() if n > 1),
        "max_in_flight_per_host": max((replica.max_in_flight(h) for h in hosts), default=0),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "errors": len(replica.errors),
        "timeline": {kind: [round(t, 3) for t in times] for kind, times in timeline.items()},
        "start": start,
    }


# -- the monitor process ------------------------------------------------------------------------------


def monitor(config_path: str, register_path: str, profile_path: str | None) -> None:
    """A fresh process: load settings and the register, run one check as the CLI does, report."""
    refuse_dns()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    from monitor.config import load_settings
    from monitor.models import Force
    from monitor.run import execute

    settings = load_settings(config_path)
    register = json.loads(Path(register_path).read_text())
    if register["forces"]:  # synthetic forces; the real register comes from forces.toml
        forces = tuple(Force(id=f["id"], name=f["name"], domains=(f["domain"],)) for f in register["forces"])
        settings = settings.replace(forces=forces)
    del register  # only the register the monitor would load stays in memory
    floor_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    profiler = None
    if profile_path and profile_path.endswith(".memory.txt"):
        profiler = _MemoryPeak(profile_path)
    elif profile_path and profile_path.endswith(".cpu.txt"):
        profiler = _CpuProfile(profile_path)
    elif profile_path:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    verdict_times = []  # when each force's check was done: the timeline's monitor side
    started = time.monotonic()
    summary = execute(settings, trigger="cli", progress=lambda check: verdict_times.append(time.monotonic()))
    ended = time.monotonic()
    wall = ended - started
    if isinstance(profiler, (_MemoryPeak, _CpuProfile)):
        profiler.stop()
    elif profiler is not None:
        profiler.stop()
        Path(profile_path).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
        # The same samples by function, self time: where the CPU goes whoever called it.
        Path(profile_path).with_suffix(".flat.txt").write_text(
            profiler.output_text(unicode=False, color=False, flat=True, flat_time="self"))
        Path(profile_path).with_suffix(".all.txt").write_text(
            profiler.output_text(unicode=False, color=False, show_all=True))
    usage2 = resource.getrusage(resource.RUSAGE_SELF)
    reap_fork_server()  # the workers' CPU and memory count only once their fork server is reaped
    # The verify workers ([verify] workers), reaped when the run closed them: their CPU is the run's
    # too, and their memory is held beside the monitor's.
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    statuses = {check.force_id: check.status.value for check in summary.checks}
    reasons = {check.force_id: check.reason[:100] for check in summary.checks}
    print(json.dumps({
        "wall": wall,
        "cpu_run": (usage2.ru_utime + usage2.ru_stime) - (usage1.ru_utime + usage1.ru_stime)
        + workers.ru_utime + workers.ru_stime,
        "cpu_workers": workers.ru_utime + workers.ru_stime,
        "cpu_start": (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime),
        # KiB on Linux: the process's high-water mark, plus the largest worker's for each worker
        # (the kernel reports only the largest): a bound on them all together, since their peaks
        # need not coincide.
        "maxrss_kb": usage2.ru_maxrss + settings.verify.workers * workers.ru_maxrss,
        "workers_maxrss_kb": workers.ru_maxrss,
        "own_maxrss_kb": usage2.ru_maxrss,
        "workers": settings.verify.workers,
        "floor_kb": floor_kb,  # the same after imports and loading settings, before the run
        "state": summary.state,
        # CLOCK_MONOTONIC is the machine's, so these compare with the replica's access log.
        "marks": {"started": started, "first_verdict": min(verdict_times, default=ended),
                  "last_verdict": max(verdict_times, default=ended), "ended": ended},
        "statuses": statuses,
        "reasons": reasons,
    }))


class _CpuProfile:
    """cProfile timed on this process's CPU clock (process_time), not the wall: on a shared machine
    a wall-clock profile counts the time other processes had the core. Self time and cumulative
    time, each the top 60; cProfile roughly doubles Python-heavy code, so read shares, not ms."""

    def __init__(self, path: str) -> None:
        import cProfile

        self.path = path
        self.profile = cProfile.Profile(time.process_time)
        self.profile.enable()

    def stop(self) -> None:
        import io
        import pstats

        self.profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(self.profile, stream=out)
        stats.sort_stats("tottime").print_stats(60)
        stats.sort_stats("cumulative").print_stats(80)
        Path(self.path).write_text(out.getvalue())
        self.profile.dump_stats(str(Path(self.path).with_suffix(".pstats")))


class _MemoryPeak:
    """tracemalloc, snapshotted at each new high of traced memory: what was held at the peak."""

    def __init__(self, path: str) -> None:
        import threading
        import tracemalloc

        self.path, self.tracemalloc = path, tracemalloc
        self.best, self.snapshot = 0, None
        self.done = threading.Event()
        tracemalloc.start(12)
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.done.wait(0.25):
            current, _ = self.tracemalloc.get_traced_memory()
            if current > self.best * 1.05:
                self.best, self.snapshot = current, self.tracemalloc.take_snapshot()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
        _, peak = self.tracemalloc.get_traced_memory()
        lines = [f"traced peak {peak / 1e6:.1f} MB; snapshot at {self.best / 1e6:.1f} MB", "", "by line:"]
        snapshot = self.snapshot or self.tracemalloc.take_snapshot()
        for stat in snapshot.statistics("lineno")[:25]:
            lines.append(f"{stat.size / 1e6:8.1f} MB {stat.count:8d}  {stat.traceback[0]}")
        lines += ["", "by traceback (top 8):"]
        for stat in snapshot.statistics("traceback")[:8]:
            lines.append(f"{stat.size / 1e6:8.1f} MB {stat.count:8d}")
            lines += [f"      {frame}" for frame in stat.traceback[-8:]]
        Path(self.path).write_text("\n".join(lines) + "\n")
        self.tracemalloc.stop()


# -- the parent ----------------------------------------------------------------------------------------


def lower_bound(requests: dict[str, dict[str, int]], *, latency: float, limit: int, gap: float,
                global_limit: int, total_timeout: float) -> dict[str, float]:
    """The fastest a correct run could be under these limits (see the module docstring)."""
    L = latency

    def on_grid(seconds: float) -> float:
        return math.ceil(seconds / L - 1e-9) * L

    slowest = 0.0
    all_work = L  # the source read
    for counts in requests.values():
        pages, documents, probe = counts.get("page", 0), counts.get("document", 0), counts.get("probe", 0)
        timeouts = counts.get("timeout", 0)
        work = (pages + documents + probe) * L + timeouts * total_timeout
        chain = max(L if pages else 0.0, 2 * L if (documents or probe) else 0.0, total_timeout if timeouts else 0.0)
        host = L + max(chain, on_grid(work / limit))
        starts = 1 + pages + documents + probe + timeouts
        if gap > 0:
            host = max(host, (starts - 1) * gap + L)
        slowest = max(slowest, host)
        all_work += L + work
    bound = L + slowest
    if global_limit:
        bound = max(bound, on_grid(all_work / global_limit))
    return {"bound": bound, "slowest_host": slowest}


def write_config(tmp: Path, case: Case, replica: dict) -> tuple[Path, dict]:
    from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL

    http = {**BASE_HTTP, "global_limit": case.hosts * BASE_HTTP["per_host_limit"], **case.http}
    lines = [
        "[source]",
        f'content_api_url = "{CONTENT_API_URL}"',
        f'page_url = "{NPCC_PAGE_URL}"',
        f"max_links = {max(200, case.links)}",
        "[store]",
        f'path = "{(tmp / "monitor.db").as_posix()}"',
        "[http]",
        f'ca_bundle = "{Path(replica["ca_path"]).as_posix()}"',
        'allow_networks = ["127.0.0.0/8"]',
        *(f"{key} = {json.dumps(value)}" for key, value in http.items()),
        "[http.connect_to]",
        *(f'"{key}" = "{value}"' for key, value in replica["connect_to"].items()),
        "[verify]",
        *(f"{key} = {json.dumps(value)}" for key, value in case.verify.items()),
    ]
    path = tmp / "monitor.toml"
    path.write_text("\n".join(lines) + "\n")
    shutil.copy(ROOT / "config" / "forces.toml", tmp / "forces.toml")  # the register the config names
    return path, http


def run_case(case: Case, profile_dir: Path | None, memory: str | None = None) -> dict:
    spec = {"links": case.links, "hosts": case.hosts, "latency": case.latency, "not_found": case.not_found,
            "timeouts": case.timeouts, "landing": case.landing, "soft_404_hosts": case.soft_404_hosts}
    if case.register:
        from monitor.config import load_settings

        spec["register"] = [{"id": f.id, "name": f.name, "domain": f.domains[0]}
                            for f in load_settings().forces if not f.optional]
    with tempfile.TemporaryDirectory(prefix="bench-check-") as name:
        tmp = Path(name)
        (tmp / "spec.json").write_text(json.dumps(spec))
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(tmp / "spec.json"), str(tmp / "web.json")],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            ready = server.stdout.readline()
            if not ready:
                raise SystemExit(f"{case.name}: the replica did not start")
            replica = json.loads(ready)
            config, http = write_config(tmp, case, replica)
            suffix = ".memory" if memory == "memory" else ".cpu" if memory == "cpu" else ""
            profile = str(profile_dir / f"{case.name}{suffix}.txt") if profile_dir else None

            def ask(line: str) -> str:  # the replica process answers one line on stdout for each
                server.stdin.write(line + "\n")
                server.stdin.flush()
                return server.stdout.readline()

            def run_monitor(*extra: str) -> dict:
                command = [sys.executable, __file__, "--monitor", str(config), str(tmp / "web.register.json"), *extra]
                done = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, cwd=ROOT)
                if done.returncode != 0:
                    raise SystemExit(f"{case.name}: the monitor failed:\n{done.stderr[-4000:]}")
                return json.loads(done.stdout.strip().splitlines()[-1])

            if case.warm:  # the first run, unmeasured: it reads and keeps the plans
                run_monitor()
                ask("forget")
            result = run_monitor(*(["--profile-to", profile] if profile else []))
            log = json.loads(ask("log"))
            server.stdin.write("quit\n")
            server.stdin.flush()
            server.wait(30)
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                server.wait(10)
        web = json.loads((tmp / "web.json").read_text())
    bound = lower_bound(web["requests"], latency=case.latency, limit=http["per_host_limit"], gap=http["per_host_delay"],
                        global_limit=http["global_limit"] if http["global_limit"] < case.hosts * http["per_host_limit"] else 0,
                        total_timeout=http.get("total_timeout", 60.0))
    wrong = {fid: (got, web["expected"][fid]) for fid, got in result["statuses"].items() if got != web["expected"][fid]}
    why_wrong = Counter(f"{result['statuses'][fid]} (planted {web['expected'][fid]}): {result['reasons'][fid]}"
                        for fid in wrong)
    pages = web["page_bytes"]
    return {
        "case": case.name,
        "title": case.title,
        "links": case.links,
        "hosts": case.hosts,
        "latency": case.latency,
        "http": http,
        "verify": case.verify,
        "wall": result["wall"],
        "cpu_run": result["cpu_run"],
        "cpu_ms_per_url": 1000 * result["cpu_run"] / case.links,
        "cpu_workers": result["cpu_workers"],
        "marks": result["marks"],
        "workers_rss_mb": result["workers_maxrss_kb"] * 1024 / 1_000_000,
        "workers": result["workers"],
        "rss_mb": result["maxrss_kb"] * 1024 / 1_000_000,
        "own_rss_mb": result["own_maxrss_kb"] * 1024 / 1_000_000,
        "floor_mb": result["floor_kb"] * 1024 / 1_000_000,
        "bound": bound["bound"],
        "bare_bound": math.ceil(case.links / (case.hosts * http["per_host_limit"])) * case.latency,
        "ratio": result["wall"] / bound["bound"],
        "requests": log,
        "expected_requests": dict(sum((Counter(c) for c in web["requests"].values()), Counter())),
        "wrong": wrong,
        "why_wrong": why_wrong.most_common(5),
        "state": result["state"],
        "page_median_kb": statistics.median(pages) / 1000 if pages else 0,
        "targets": case.targets,
    }


def verdicts(row: dict) -> list[str]:
    out = []
    targets = row["targets"]
    if "ratio" in targets:
        out.append(f"ratio < {targets['ratio']}: {'met' if row['ratio'] < targets['ratio'] else 'NOT met'}")
    if "cpu_ms_per_url" in targets:
        out.append(f"CPU < {targets['cpu_ms_per_url']} ms/URL: {'met' if row['cpu_ms_per_url'] < targets['cpu_ms_per_url'] else 'NOT met'}")
    if "rss_mb" in targets:
        out.append(f"RSS < {targets['rss_mb']} MB: {'met' if row['rss_mb'] < targets['rss_mb'] else 'NOT met'}")
    return out


def print_row(row: dict, verbose: bool = False) -> None:
    req = row["requests"]
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(req["kinds"].items()))
    print(f"{row['case']}: {row['title']}")
    walls = row.get("walls", [])
    spread = f" (median of {len(walls)}: {', '.join(f'{w:.2f}' for w in walls)})" if len(walls) > 1 else ""
    print(f"  wall {row['wall']:.2f} s{spread}; bound {row['bound']:.2f} s (bare {row['bare_bound']:.2f} s); "
          f"ratio {row['ratio']:.2f}")
    workers = (f"; {row['workers']} verify workers: {row['cpu_workers']:.2f} s of the CPU, at most "
               f"{row['workers_rss_mb']:.0f} MB each" if row["workers"] else "")
    checking = 1000 * (row["cpu_run"] - row["cpu_workers"]) / row["links"]
    print(f"  CPU {row['cpu_run']:.2f} s = {row['cpu_ms_per_url']:.3f} ms/URL (the checking process {checking:.2f}, "
          f"its own peak RSS {row['own_rss_mb']:.0f} MB); peak RSS {row['rss_mb']:.1f} MB "
          f"({row['floor_mb']:.0f} MB before the run{workers}); "
          f"replica CPU {req['cpu_seconds']:.2f} s")
    print(f"  requests {req['total']} ({kinds}); repeated {req['repeated']}; "
          f"most in flight on one host {req['max_in_flight_per_host']}; statuses {req['statuses']}")
    if verbose:
        order = sorted(req["timeline"].items(), key=lambda item: item[1][0])
        print("  timeline (s after the source request; first start, last start, last end): "
              + "; ".join(f"{kind} {a:.2f}/{b:.2f}/{c:.2f}" for kind, (a, b, c) in order))
        marks = {name: at - req["start"] for name, at in row["marks"].items()}
        print(f"  monitor: run started {marks['started']:.2f}, first verdict {marks['first_verdict']:.2f}, "
              f"last verdict {marks['last_verdict']:.2f}, run ended {marks['ended']:.2f}")
    print(f"  verdicts: {len(row['wrong'])} differ from what was planted"
          + f"; median page {row['page_median_kb']:.0f} KB")
    for reason, count in row["why_wrong"]:
        print(f"    {count} x {reason}")
    for line in verdicts(row):
        print(f"  target {line}")


# -- start-up and a 5 MB page ----------------------------------------------------------------------------


def startup(repeat: int = 15) -> dict:
    """`run_monitor.py --help`, a fresh interpreter each time: median and worst wall time."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "--help"], capture_output=True, check=True, timeout=60)
        times.append(time.perf_counter() - started)
    bare = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True, timeout=60)
        bare.append(time.perf_counter() - started)
    return {"median_ms": 1000 * statistics.median(times), "max_ms": 1000 * max(times),
            "python_ms": 1000 * statistics.median(bare)}


def big_page(repeat: int = 3) -> dict:
    """`check` of the demo (CLI, fresh process) with one force's page grown to just under 5 MB of
    response text, against the same check without it; and that page's verify time on its own."""

    from monitor.config import load_settings
    from monitor.decoding import decode_text, sniff_content_type
    from monitor.models import FetchResult, Hop
    from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL, Replica, ReplicaForce, default_scenario
    from monitor.replica.behaviours import page
    from monitor.verify import read_page, verify_page

    settings = load_settings()
    forces = [ReplicaForce(id=f.id, name=f.name, domain=f.domains[0]) for f in settings.forces]
    target = "cheshire"
    out = {}
    for mode in ("clean", "5mb"):
        runs = []
        body = b""
        for _ in range(repeat):
            scenario = default_scenario(forces)
            if mode == "5mb":
                body = _grown_page(scenario, target, settings.http.max_page_bytes - 50_000)
                scenario.replace(target, page(body))
            with Replica(scenario) as replica, tempfile.TemporaryDirectory(prefix="bench-big-") as name:
                tmp = Path(name)
                config = tmp / "monitor.toml"
                lines = [f'[register]\npath = "{(ROOT / "config" / "forces.toml").as_posix()}"',
                         "[http]", f'ca_bundle = "{Path(replica.ca_path).as_posix()}"', "per_host_delay = 0.0",
                         'allow_networks = ["127.0.0.0/8"]', "retry_backoff = 0.1", "[http.connect_to]",
                         *(f'"{k}" = "{v}"' for k, v in replica.connect_to.items()),
                         "[source]", f'content_api_url = "{CONTENT_API_URL}"', f'page_url = "{NPCC_PAGE_URL}"']
                config.write_text("\n".join(lines) + "\n")
                started = time.perf_counter()
                done = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(config),
                                       "--db", str(tmp / "m.db"), "--json"], capture_output=True, text=True, timeout=CHILD_TIMEOUT)
                seconds = time.perf_counter() - started
                if done.returncode not in (0, 1):
                    raise SystemExit(f"check failed: {done.stderr[-2000:]}")
                status = next(f for f in json.loads(done.stdout)["forces"] if f["id"] == target)
                runs.append((seconds, status["status"], status["reason"][:90]))
        out[mode] = {"median_s": statistics.median(r[0] for r in runs), "status": runs[-1][1], "reason": runs[-1][2]}
        if mode == "5mb":
            text = decode_text(body, "text/html; charset=utf-8", sniff_content_type("text/html", body))
            result = FetchResult(url="https://x/", final_url="https://x/", status_code=200, hops=(Hop("https://x/", 200),),
                                 content_type="text/html", body=body, text=text)
            force = settings.force(target)
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                verify_page(result, force)
                times.append(time.perf_counter() - started)
            started = time.perf_counter()
            read_page(result)
            out["verify_s"] = statistics.median(times)
            out["read_page_s"] = time.perf_counter() - started
            out["bytes"] = len(body)
    return out


def _grown_page(scenario, force_id: str, size: int) -> bytes:
    """The force's own response page with its main text repeated until the page is `size` bytes."""
    from monitor.replica.scenario import split_url

    host, path = split_url(scenario.link_for(force_id))
    behaviour = scenario.sites[host].resolve(path)[1]
    response = behaviour(_FakeExchange())
    html = response.body_bytes().decode()
    start, end = html.index("<main"), html.index("</main>")
    inner_start = html.index(">", start) + 1
    main = html[inner_start:end]
    repeats = max(1, (size - len(html)) // len(main))
    grown = html[:inner_start] + main * (repeats + 1) + html[end:]
    return grown.encode()[:size] if len(grown) > size else grown.encode()


class _FakeExchange:
    """Enough of an Exchange for the demo's fixed-page behaviours, which never look at it."""


def history_figures(write: bool) -> str:
    """bench_history.py as it is; with --write it refreshes its own "History queries" section."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_history.py"), *(["--write"] if write else [])],
                         capture_output=True, text=True, timeout=CHILD_TIMEOUT, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"bench_history.py failed:\n{out.stderr[-2000:]}")
    return out.stdout


# -- main ----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the small cases, no history queries")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each small case; the median is shown (default 3)")
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES], help="run only this case (repeatable)")
    parser.add_argument("--profile", metavar="DIR", help="write a pyinstrument profile of each monitor run into DIR")
    parser.add_argument("--memory", action="store_true",
                        help="with --profile: a tracemalloc report of what the monitor held at its peak instead")
    parser.add_argument("--cpu", action="store_true",
                        help="with --profile: cProfile on the process's CPU clock (CASE.cpu.txt, CASE.cpu.pstats) "
                             "instead of pyinstrument's wall-clock samples")
    parser.add_argument("--http", action="append", default=[], metavar="KEY=VALUE",
                        help="override an [http] setting for every case run (e.g. global_limit=200)")
    parser.add_argument("--verify", action="append", default=[], metavar="KEY=VALUE",
                        help="override a [verify] setting for every case run (e.g. workers=2)")
    parser.add_argument("--verbose", action="store_true", help="also print when each kind of request reached the replica")
    parser.add_argument("--skip-extras", action="store_true", help="no --help timing, 5 MB page or history queries")
    parser.add_argument("--write", action="store_true", help="write the figures into bench/RESULTS.md")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--monitor", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return 0
    if args.monitor:
        monitor(*args.monitor, args.profile_to)
        return 0

    print(f"machine: {machine()}")
    print(f"date:    {time.strftime('%Y-%m-%d %H:%M %Z')}")
    profile_dir = Path(args.profile) if args.profile else None
    if profile_dir:
        profile_dir.mkdir(parents=True, exist_ok=True)
    cases = [c for c in CASES if (not args.case or c.name in args.case) and (not args.quick or c.quick)]
    if args.http:
        extra = {key: json.loads(value) for key, value in (item.split("=", 1) for item in args.http)}
        cases = [dataclasses.replace(c, http={**c.http, **extra}, title=f"{c.title} ({', '.join(args.http)})")
                 for c in cases]
    if args.verify:
        extra = {key: json.loads(value) for key, value in (item.split("=", 1) for item in args.verify)}
        cases = [dataclasses.replace(c, verify={**c.verify, **extra}, title=f"{c.title} ({', '.join(args.verify)})")
                 for c in cases]
    rows = []
    for case in cases:
        kind = "memory" if args.memory else "cpu" if args.cpu else None
        runs = [run_case(case, profile_dir, kind) for _ in range(args.repeat if case.quick else 1)]
        row = sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]  # the median run, all its figures
        row["walls"] = [r["wall"] for r in runs]
        print_row(row, args.verbose)
        rows.append(row)
    extras: dict = {}
    if not args.skip_extras and not args.case:
        extras["startup"] = startup()
        print(f"--help: median {extras['startup']['median_ms']:.0f} ms, worst {extras['startup']['max_ms']:.0f} ms "
              f"(bare python {extras['startup']['python_ms']:.0f} ms); target < 300 ms")
        extras["big_page"] = big_page()
        big = extras["big_page"]
        print(f"check with a {big['bytes'] / 1e6:.2f} MB page: {big['5mb']['median_s']:.2f} s "
              f"(without it {big['clean']['median_s']:.2f} s); that page: {big['5mb']['status']}, "
              f"verify {big['verify_s'] * 1000:.0f} ms of CPU (read_page {big['read_page_s'] * 1000:.0f} ms)")
        if not args.quick:
            extras["history"] = history_figures(args.write)
            print("history queries (bench/bench_history.py):")
            print(extras["history"])
    if args.write:
        write_results(rows, extras)
    return 0


BEGIN, END = "<!-- bench_check.py --write: begin -->", "<!-- bench_check.py --write: end -->"


def results_block(rows: list[dict], extras: dict, command: str) -> str:
    """The figures, as markdown, for the generated part of RESULTS.md's "Check throughput"."""
    lines = [BEGIN, f"`{command}`, {time.strftime('%Y-%m-%d')}; {machine()}.", "",
             "| case | links / sites, L | requests made (source, robots, pages, probes, documents) | wall | bound (bare) "
             "| wall / bound | CPU per URL | peak RSS (before the run) | verdicts as planted |",
             "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        kinds = row["requests"]["kinds"]
        made = " + ".join(str(kinds.get(k, 0)) for k in ("source", "robots", "page", "probe", "document"))
        walls = row.get("walls", [row["wall"]])
        spread = f" ({min(walls):.2f}-{max(walls):.2f})" if len(walls) > 1 else ""
        lines.append(
            f"| {row['case']} | {row['links']:,} / {row['hosts']}, {row['latency'] * 1000:.0f} ms "
            f"| {row['requests']['total']:,} = {made} | {row['wall']:.2f} s{spread} | {row['bound']:.2f} s ({row['bare_bound']:.2f} s) "
            f"| {row['ratio']:.2f} | {row['cpu_ms_per_url']:.2f} ms | {row['rss_mb']:.0f} MB ({row['floor_mb']:.0f} MB) "
            f"| {row['links'] - len(row['wrong'])} of {row['links']} |")
    lines += ["", "Settings per case (`[http]` and `[verify]`, beyond the shipped defaults):", ""]
    for row in rows:
        http = ", ".join(f"{k} = {v}" for k, v in {**row["http"], **row["verify"]}.items())
        lines.append(f"- `{row['case']}`: {row['title']}; {http}.")
    targets = [f"`{row['case']}`: " + "; ".join(verdicts(row)) for row in rows if row["targets"]]
    if targets:
        lines += ["", "Targets: " + ". ".join(targets) + "."]
    if "startup" in extras:
        st = extras["startup"]
        lines += ["", f"`run_monitor.py --help`, a fresh interpreter each time: median {st['median_ms']:.0f} ms, "
                      f"worst {st['max_ms']:.0f} ms of 15 (the bare interpreter: {st['python_ms']:.0f} ms); target < 300 ms: "
                      f"{'met' if st['median_ms'] < 300 else 'NOT met'}."]
    if "big_page" in extras:
        big = extras["big_page"]
        lines += ["", f"`check` of the demo with one force's page grown to {big['bytes'] / 1e6:.2f} MB of response text "
                      f"(a fresh CLI process, median of 3): {big['5mb']['median_s']:.2f} s, against "
                      f"{big['clean']['median_s']:.2f} s without it; the page is `{big['5mb']['status']}`. Verifying it "
                      f"takes {big['verify_s'] * 1000:.0f} ms of CPU ({big['read_page_s'] * 1000:.0f} ms of it reading "
                      "the page), spent in a verify worker while the checking process goes on fetching."]
    if "history" in extras:
        lines += ["", "The history queries: `bench_history.py`, run by this command, wrote its own section, "
                      "[History queries](#history-queries)."]
    lines.append(END)
    return "\n".join(lines)


def write_results(rows: list[dict], extras: dict) -> None:
    """Replace the generated block in RESULTS.md (kept between its markers); other text stays."""
    command = "python bench/bench_check.py " + " ".join(sys.argv[1:])
    block = results_block(rows, extras, command.strip())
    text = RESULTS.read_text()
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## Check throughput\n\n" + block + "\n"
    RESULTS.write_text(text)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    raise SystemExit(main())
