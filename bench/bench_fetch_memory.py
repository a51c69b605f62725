"""Peak memory of a full run with a 200 MB body and a gzip bomb planted (issue #4: under 150 MB).

Not a test: it prints figures (and exits 1 if a run with faults goes over the budget). The replica
runs in this process; every measured run is a fresh child process running run.run_once over
all 43 forces, which reports its own RSS high-water mark (resource.getrusage ru_maxrss), so the
replica's memory never counts.

Runs measured, each several times:
  imports   the child imports everything and stops: the floor
  clean     the demo scenario as shipped
  pages     the issue's case: the demo scenario with a 200 MB page and a gzip bomb page (10 GB
            inflated), on two forces
  documents as pages, plus a 200 MB plan document and a gzip bomb plan document on two more
            forces (documents have the larger 25 MB cap)

    /work/venv/bin/python bench/bench_fetch_memory.py [--repeat N]

Loopback only: every connection goes to the replica through connect_to.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import machine, reap_fork_server, refuse_dns, replica_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_MB = 150
PAGE_FAULTS = {
    "cheshire": "200 MB page",
    "dorset": "gzip bomb page (10 GB inflated)",
}
DOCUMENT_FAULTS = {
    "suffolk": "200 MB plan document",
    "durham": "gzip bomb plan document (10 GB inflated)",
}
PLANTED = {"clean": {}, "pages": PAGE_FAULTS, "documents": {**PAGE_FAULTS, **DOCUMENT_FAULTS}}


def child(mode: str, config: str, db: str) -> None:
    """Run in the fresh process: import, maybe run, report ru_maxrss."""
    import asyncio

    refuse_dns()

    from monitor.config import load_settings
    from monitor.http import Fetcher
    from monitor.run import run_once
    from monitor.store import Store
    from monitor.workers import Verifier

    statuses: dict[str, str] = {}
    started = time.monotonic()
    if mode != "imports":
        settings = load_settings(config)

        async def go():
            with Verifier(settings.verify.workers) as verifier:  # as `check` runs: the shipped workers
                async with Fetcher(settings.http) as fetcher:
                    with Store(db) as store:
                        return await run_once(settings, fetcher, store, trigger="demo", verifier=verifier)

        summary = asyncio.run(go())
        statuses = {c.force_id: f"{c.status.value}: {c.reason}" for c in summary.checks}
    workers = load_settings(config).verify.workers if mode != "imports" else 0
    reap_fork_server()  # the workers' peak memory counts only once their fork server is reaped
    print(json.dumps({
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # KiB on Linux
        # The verify workers, reaped at close: the kernel keeps the largest one's peak.
        "workers": workers,
        "worker_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if workers else 0,
        "seconds": round(time.monotonic() - started, 2),
        "statuses": statuses,
    }))


def plant_faults(scenario, mode: str) -> None:
    from monitor.replica import behaviours
    from monitor.replica.scenario import split_url

    scenario.replace("cheshire", behaviours.endless(200_000_000))
    scenario.replace("dorset", behaviours.gzip_bomb(10_000_000_000))
    if mode != "documents":
        return
    # The plan documents linked from the PDF-plan forces' landing pages.
    for force_id, fault in (("suffolk", behaviours.endless(200_000_000, content_type="application/pdf", block=b"%PDF-1.7 " * 7000)),
                            ("durham", behaviours.gzip_bomb(10_000_000_000, content_type="application/pdf"))):
        host, _ = split_url(scenario.link_for(force_id))
        pdfs = [path for path in scenario.sites[host].routes if path.endswith(".pdf")]
        assert pdfs, f"{force_id} has no plan document route to replace"
        for path in pdfs:
            scenario.with_route(host, path, fault)


def write_config(tmp: Path, replica) -> Path:
    return replica_config(tmp / "monitor.toml", replica, http="retry_backoff = 0.2")


def measure(mode: str, repeat: int) -> list[dict]:
    from monitor.replica import Replica, ReplicaForce, default_scenario
    from monitor.config import load_settings

    forces = [ReplicaForce(id=f.id, name=f.name, domain=f.domains[0]) for f in load_settings().forces]
    results = []
    for _ in range(repeat):
        scenario = default_scenario(forces)
        if mode in ("pages", "documents"):
            plant_faults(scenario, mode)
        with Replica(scenario) as replica, tempfile.TemporaryDirectory(prefix="bench-fetch-") as tmp:
            config = write_config(Path(tmp), replica)
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, str(config), str(Path(tmp) / "bench.db")],
                capture_output=True, text=True, timeout=600, cwd=ROOT,
            )
            if out.returncode != 0:
                raise SystemExit(f"child failed ({mode}):\n{out.stderr}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CONFIG", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    print(f"machine: {machine()}")
    print(f"date:    {time.strftime('%Y-%m-%d %H:%M %Z')}")
    over = False
    for mode in ("imports", "clean", "pages", "documents"):
        runs = measure(mode, args.repeat)
        peaks = [r["maxrss_kb"] * 1024 / 1_000_000 for r in runs]  # decimal MB, the budget's unit
        worker = max(r["worker_maxrss_kb"] for r in runs) * 1024 / 1_000_000
        seconds = [r["seconds"] for r in runs]
        print(f"{mode:9} peak RSS {max(peaks):6.1f} MB (runs: {', '.join(f'{p:.1f}' for p in peaks)}); "
              f"run time {min(seconds):.1f}-{max(seconds):.1f} s"
              + (f"; plus {runs[-1]['workers']} verify workers of at most {worker:.1f} MB each" if worker else ""))
        if mode in ("pages", "documents"):
            over = over or max(peaks) >= BUDGET_MB
        for force_id, fault in PLANTED.get(mode, {}).items():
            print(f"          {force_id:10} {fault:42} -> {runs[-1]['statuses'][force_id][:100]}")
    print(f"budget:  {BUDGET_MB} MB for a run with faults: {'OVER' if over else 'within'}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
