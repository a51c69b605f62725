"""CPU per request of the HTTP path alone: the Fetcher over the synthetic web, nothing else.

Not a test: it prints figures. bench_check.py's CPU per URL covers the whole run (source,
verify workers, the store); this isolates what monitor/http costs per request, so a change to
the Fetcher is measured without the rest's noise. The replica runs in its own process (its CPU
never counts); this process fetches every link of an N-link, H-host synthetic web with robots.txt
on (the requests a run makes for its pages: robots once per site, each page), under the shipped
per-site limit with no per-site gap, and reports CPU seconds (process time) per request, the
median of several passes, each with a fresh Fetcher. Connections opened are counted from the
replica's access log against requests, to show that keep-alive happens.

    /work/venv/bin/python bench/bench_fetch_cpu.py [--links 1000] [--hosts 100] [--repeat 3]
    /work/venv/bin/python bench/bench_fetch_cpu.py --profile OUT.txt   # cProfile on CPU time

Loopback only: every connection goes to the replica through connect_to.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchkit import machine, refuse_dns

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve(links: int, hosts: int, latency: float) -> None:
    """In the replica's process: serve the synthetic web, print the links and where to connect;
    then answer 'log' (requests and connections since the last 'log') and 'quit' on stdin."""
    from monitor.replica import Replica
    from monitor.replica.synthetic import SyntheticSpec, synthetic_web

    class CountingReplica(Replica):
        """The replica, counting the TCP connections it accepts (its access log counts requests)."""

        accepted = 0

        async def _serve_connection(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            CountingReplica.accepted += 1
            return await super()._serve_connection(*args, **kwargs)

    web = synthetic_web(SyntheticSpec(links=links, hosts=hosts, latency=latency, not_found=0.0, soft_404_hosts=0.0))
    replica = CountingReplica(web.scenario).start()
    print(json.dumps({"connect_to": replica.connect_to, "ca_path": replica.ca_path,
                      "urls": [link.url for link in web.scenario.npcc.links]}), flush=True)
    for line in sys.stdin:
        if line.strip() == "log":
            print(json.dumps({"requests": len(replica.access_log), "connections": CountingReplica.accepted}), flush=True)
            replica.clear_log()
            CountingReplica.accepted = 0
        elif line.strip() == "quit":
            break
    replica.stop()


async def one_pass(settings, urls: list[str]) -> tuple[float, int]:
    # A checkout from before monitor/http has monitor/fetch.py (copy this script there to compare).
    # Asked by path: an editable install's finder would find another checkout's monitor.http.
    if (ROOT / "monitor" / "http").is_dir():
        from monitor.http import Fetcher
    else:
        from monitor.fetch import Fetcher  # type: ignore[no-redef]

    started = time.process_time()
    async with Fetcher(settings) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    cpu = time.process_time() - started
    bad = [r for r in results if r.error_kind is not None or r.status_code != 200]
    if bad:
        raise SystemExit(f"{len(bad)} fetches failed, e.g. {bad[0].url}: {bad[0].error or bad[0].status_code}")
    return cpu, len(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds before each answer (default 0.02)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", metavar="OUT", help="write a cProfile of one pass, timed on CPU, sorted by own time")
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), int(args.serve[1]), float(args.serve[2]))
        return 0
    refuse_dns()
    from monitor.config import HttpSettings

    server = subprocess.Popen([sys.executable, __file__, "--serve", str(args.links), str(args.hosts), str(args.latency)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert server.stdout is not None and server.stdin is not None
        replica = json.loads(server.stdout.readline())
        settings = HttpSettings(ca_bundle=replica["ca_path"], connect_to=replica["connect_to"],
                                allow_networks=("127.0.0.0/8",), per_host_delay=0.0, proxy="none")
        urls = replica["urls"]
        print(machine())
        print(f"load:    {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
        if args.profile:
            import cProfile  # CPU-timed, unlike pyinstrument's wall clock: the figure is CPU per request
            import pstats

            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(asyncio.run, one_pass(settings, urls))
            with open(args.profile, "w") as out:
                pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(60)
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(80)
            print(f"profile: {args.profile}")
            return 0
        figures, logs = [], []
        for _ in range(args.repeat):
            cpu, count = asyncio.run(one_pass(settings, urls))
            server.stdin.write("log\n")
            server.stdin.flush()
            log = json.loads(server.stdout.readline())
            figures.append(cpu * 1000 / log["requests"])
            logs.append(log)
        print(f"fetch CPU per request, {args.links} links over {args.hosts} hosts (robots once per host, "
              f"per_host_limit {settings.per_host_limit}): median {statistics.median(figures):.2f} ms "
              f"(passes: {', '.join(f'{f:.2f}' for f in figures)})")
        print(f"replica saw: {logs[-1]['requests']} requests over {logs[-1]['connections']} connections (last pass)")
        print(f"load:    {os.getloadavg()[0]:.2f} after")
        return 0
    finally:
        if server.stdin is not None:
            server.stdin.write("quit\n")
            server.stdin.flush()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
