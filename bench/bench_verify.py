#!/usr/bin/env python3
"""CPU of verifying one page, and of what a verify worker does with it besides (issue 17).

The same pages every time: the synthetic web's response pages (monitor/replica/synthetic.py, the
pages bench_check.py and side_by_side.py serve: median 47 KB), and the real-layout set's full pages
(tests/realpages). Each figure is `time.process_time` per page over the whole set, best of
--repeat runs, in this one process (no network, no workers):

  read_page     lexbor's parse, the chrome stripped from the main region, text, links, rows
  read_text     the main text read against the report (patterns, recommendations, declarations)
  verify_page   the whole verdict, given the page already read (as the workers call it), and the
                host's answer for a path that cannot exist (the synthetic host's own: 404, or a
                200 not-found page on a soft-404 host)
  pickle        what crosses the pipe to and from a worker per page: the FetchResult (and the
                probe's), the verdict back; dumps and loads

    /work/main/.venv/bin/python bench/bench_verify.py                 # this checkout's verifier
    /work/main/.venv/bin/python bench/bench_verify.py --root DIR      # another checkout's, same pages

Compare with `git worktree add DIR COMMIT` (or `git archive COMMIT monitor config | tar -x -C DIR`)
and `--root DIR`. Nothing here touches the network.
"""

from __future__ import annotations

import argparse
from collections import Counter
import pickle
import statistics
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(HERE.parent), help="the checkout whose monitor/ is measured")
    parser.add_argument("--repeat", type=int, default=5, help="runs over the pages; the best is shown (default 5)")
    parser.add_argument("--pages", type=int, default=100, help="synthetic pages (default 100)")
    args = parser.parse_args()
    sys.path[:0] = [args.root, str(HERE.parent)]

    from monitor.config import load_settings
    from monitor.models import FetchResult, Force, Hop
    from monitor.replica.synthetic import PAGE, SyntheticSpec, synthetic_web
    from monitor.verify import read_page, read_text, verify_page

    def result(url: str, body: bytes, status: int = 200) -> FetchResult:
        return FetchResult(url=url, final_url=url, status_code=status, hops=(Hop(url, status),),
                           content_type="text/html; charset=utf-8", body=body, text=body.decode("utf-8"))

    web = synthetic_web(SyntheticSpec(links=args.pages, hosts=10, latency=0.0, not_found=0.0, landing=0.0))
    synthetic, probes, synthetic_forces = [], [], []
    for link in web.scenario.npcc.links:
        if web.kind_of[link.force_id] != PAGE:
            continue
        host = link.url.split("/")[2]
        path = "/" + link.url.split("/", 3)[3]
        _, behaviour = web.scenario.sites[host].resolve(path)
        synthetic.append(result(link.url, behaviour(None).body))  # type: ignore[arg-type]
        synthetic_forces.append(Force(id=link.force_id or "", name=link.label, domains=(host,)))
        # What the host answers for a path that cannot exist: 404, or its 200 not-found page.
        missing = web.scenario.sites[host].not_found(None)  # type: ignore[arg-type]
        probes.append(result(f"https://{host}/force-monitor-probe-0/", missing.body, missing.status))
    realpages = HERE.parent / "tests" / "realpages"
    manifest = tomllib.loads((realpages / "manifest.toml").read_text(encoding="utf-8"))["page"]
    full = [entry for entry in manifest if entry["file"].startswith("full/")]
    real = [result(entry["url"], (realpages / entry["file"]).read_bytes()) for entry in full]
    settings = load_settings()
    real_forces = [settings.force(entry["force"]) for entry in full]
    gone = [result(p.url.split("/", 3)[0] + "//" + p.url.split("/")[2] + "/force-monitor-probe-0/", b"<h1>Not found</h1>", 404)
            for p in real]

    print(f"monitor from {args.root}; best of {args.repeat}, process_time per page")
    for name, pages, probes_of, forces in (("synthetic", synthetic, probes, synthetic_forces),
                                           ("real-layout", real, gone, real_forces)):
        sizes = sorted(len(p.body) for p in pages)
        read = [read_page(p) for p in pages]
        chars = statistics.median(len(r.main_text) for r in read)
        print(f"\n{name}: {len(pages)} pages, median {sizes[len(sizes) // 2] / 1000:.0f} KB, {chars:.0f} chars of main text")
        probe_pages = [read_page(p) for p in probes_of]
        figures = {
            "read_page": lambda: [read_page(p) for p in pages],
            "read_text": lambda: [read_text(r.main_text, heading=f"{r.title} {r.h1}", force=f, link_texts=[t for _, t in r.links])
                                  for r, f in zip(read, forces)],
            "verify_page": lambda: [verify_page(p, f, page=r, probe=q, probe_page=qr)
                                    for p, r, q, qr, f in zip(pages, read, probes_of, probe_pages, forces)],
            "pickle": lambda: [pickle.loads(pickle.dumps((p, q, qr), protocol=pickle.HIGHEST_PROTOCOL))
                               for p, q, qr in zip(pages, probes_of, probe_pages)],
        }
        verdicts = [verify_page(p, f, page=r, probe=q, probe_page=qr)
                    for p, r, q, qr, f in zip(pages, read, probes_of, probe_pages, forces)]
        print(f"  verdicts: {dict(Counter(v.status.value for v in verdicts))}")
        figures["pickle verdict"] = lambda: [pickle.loads(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for v in verdicts]
        for label, run in figures.items():
            best = min(_timed(run) for _ in range(args.repeat))
            print(f"  {label:<15} {best / len(pages) * 1000:7.3f} ms")


def _timed(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


if __name__ == "__main__":
    main()
