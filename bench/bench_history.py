#!/usr/bin/env python3
"""History benchmark: a year of four runs a day for the 43 forces, then time status, history, report.

    python bench/bench_history.py            # build in a temp folder, time, print the figures
    python bench/bench_history.py --write    # also replace "## History queries" in bench/RESULTS.md
    python bench/bench_history.py --db PATH  # keep the generated database (e.g. to open it in Datasette)

The database is generated directly (bulk inserts in one transaction, ~63,000 checks), then events and
content changes are derived by `replay_history`, the same confirmation rule `complete_run` applies run
by run. Histories are seeded-random but shaped like the real thing: most forces published most of
the time, outages of a few runs to a few weeks, a force that blocks us, a few text revisions per
force, a few changes to the NPCC response, and 1% of runs aborted.

Each figure is the median of several calls on a warm cache; "first" is the first call after opening.
The target is under 100 ms for each library call (query + render).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchkit import machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import report_html, report_json, report_text  # noqa: E402
from monitor.cli import main as cli_main  # noqa: E402
from monitor.config import load_settings  # noqa: E402
from monitor.schema import DEFAULT_CONFIRM_RUNS, replay_history  # noqa: E402
from monitor.store import Store  # noqa: E402

DAYS = 365
RUNS_PER_DAY = 4
TARGET_MS = 100
START = datetime(2025, 11, 28, 0, 0, tzinfo=timezone.utc)
NOW = START + timedelta(days=DAYS)
PLAN = "Our response to the stalking super-complaint. We accept every recommendation. "


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def build(path: Path, force_ids: list[str], seed: int = 7) -> dict[str, int]:
    """Write the year into a fresh database at `path`; returns row counts."""
    rng = random.Random(seed)
    store = Store(path)
    db = store.db
    # Per force: outage windows (run index ranges) and text revision points.
    total_runs = DAYS * RUNS_PER_DAY
    outages: dict[str, list[tuple[int, int, str]]] = {}
    revisions: dict[str, list[int]] = {}
    for fid in force_ids:
        spans = []
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            start = rng.randrange(total_runs)
            spans.append((start, start + rng.choice((1, 1, 2, 6, 20, 80)),
                          rng.choice(("broken", "broken", "unreachable", "not_response", "soft_404"))))
        outages[fid] = spans
        revisions[fid] = sorted(rng.randrange(total_runs) for _ in range(rng.choice((0, 1, 2, 3))))
    blocked_force = force_ids[19]  # one force's firewall blocks us a third of the time

    runs, checks, snapshots = [], [], []
    texts: dict[str, bytes] = {}
    links = [{"url": f"https://www.{fid}.police.uk/stalking-response", "text": fid, "force_id": fid, "matched_by": "domain"}
             for fid in force_ids]
    public_updated_at = "2025-03-14T09:30:00.000+00:00"
    check_id = 0
    for index in range(total_runs):
        run_id = index + 1
        started = START + timedelta(hours=24 / RUNS_PER_DAY * index)
        state = "aborted" if rng.random() < 0.01 else "complete"
        runs.append({"id": run_id, "started": iso(started), "finished": iso(started + timedelta(seconds=9)),
                     "state": state, "trigger": "schedule", "source_problem": None, "version": "bench"})
        if index in (400, 900, 1300):  # the NPCC response is edited three times in the year
            moved = rng.randrange(len(links))
            links = [dict(link) for link in links]
            links[moved]["url"] = links[moved]["url"] + "-updated"
            public_updated_at = iso(started)
        snapshots.append({"run_id": run_id, "fetched_at": iso(started), "url": "https://www.gov.uk/api/content/npcc",
                          "kind": "content_api", "content_hash": f"npcc-{public_updated_at}", "title": "NPCC response",
                          "public_updated_at": public_updated_at, "updated_at": public_updated_at,
                          "fallback_reason": None, "force_link_count": len(links), "links": json.dumps(links),
                          "unmatched": "[]"})
        checked_at = iso(started + timedelta(seconds=3))
        for fid in force_ids:
            status = "published"
            for first, last, kind in outages[fid]:
                if first <= index <= last:
                    status = kind
            if fid == blocked_force and rng.random() < 0.33:
                status = "blocked"
            version = sum(1 for point in revisions[fid] if point <= index)
            text = f"{PLAN}{fid} plan, version {version}. " * 30 if status == "published" else None
            content_hash = f"{fid}-v{version}" if text else None
            if text and content_hash not in texts:
                texts[content_hash] = zlib.compress(text.encode(), 6)
            check_id += 1
            checks.append({
                "id": check_id, "run_id": run_id, "force_id": fid, "checked_at": checked_at, "status": status,
                "reason": "the page is the stalking super-complaint response" if status == "published" else f"{status} (bench)",
                "url": links[force_ids.index(fid)]["url"], "final_url": links[force_ids.index(fid)]["url"],
                "http_status": 200 if status == "published" else 404, "elapsed_ms": rng.randrange(80, 900),
                "score": 0.9, "warnings": "[]", "redirect_chain": "[]", "content_hash": content_hash,
                "title": f"{fid} response", "bytes": 40_000, "error": None, "used_override": 0, "evidence": "{}",
            })
    with store.transaction():
        db["runs"].insert_all(runs, batch_size=2000)
        db["checks"].insert_all(checks, batch_size=2000)
        db["source_snapshots"].insert_all(snapshots, batch_size=500)
        db["texts"].insert_all([{"hash": h, "text": blob, "chars": len(zlib.decompress(blob)), "first_seen": iso(START)}
                                for h, blob in texts.items()])
        replay_history(db, DEFAULT_CONFIRM_RUNS)
    db.execute("ANALYZE")
    counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("runs", "checks", "events", "content_changes", "texts", "source_snapshots")}
    store.close()
    return counts


def timed(fn, repeat: int = 7) -> tuple[float, float]:
    """(first call ms, median of the following calls ms)."""
    samples = []
    for _ in range(repeat + 1):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return samples[0], statistics.median(samples[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="keep the generated database here")
    parser.add_argument("--write", action="store_true", help="write the figures to bench/RESULTS.md")
    args = parser.parse_args()
    settings = load_settings()
    forces = list(settings.forces)
    force_ids = [f.id for f in forces]

    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "history.db"
        if path.exists():
            path.unlink()
        began = time.perf_counter()
        counts = build(path, force_ids)
        build_s = time.perf_counter() - began
        size_mb = path.stat().st_size / 1e6

        one = force_ids[5]
        figures: list[tuple[str, float, float]] = []
        with Store(path) as store:
            def status() -> str:
                return report_text.status_text(store.overview(NOW, force_ids), forces)

            def history() -> str:
                return report_text.history_text(store.force_history(one, NOW, days=30), settings.force(one))

            def history_all() -> str:
                return report_text.changes_text(store.changes(NOW - timedelta(days=30), NOW), forces)

            def html() -> str:
                return report_html.status_page(store.overview(NOW, force_ids), forces)

            def csv_json() -> str:
                overview = store.overview(NOW, force_ids)
                return report_json.overview_to_csv(overview, forces) + report_json.overview_to_json(overview, forces)

            for name, fn in (("status (overview + text)", status), (f"history {one} --days 30", history),
                             ("history --days 30 (all forces: what changed)", history_all),
                             ("report --format html", html), ("report csv + json", csv_json)):
                figures.append((f"library: {name}", *timed(fn)))

            # The per-run cost history adds: mark a run complete and apply 43 observations.
            def apply_one() -> None:
                run_id = store.start_run(iso(NOW), "bench")
                store.db.execute("INSERT INTO checks (run_id, force_id, checked_at, status) "
                                 "SELECT ?, force_id, ?, status FROM checks WHERE run_id = ?",
                                 [run_id, iso(NOW), run_id - 1])
                store.complete_run(run_id, iso(NOW))

            figures.append(("library: complete_run (apply 43 observations)", *timed(apply_one, repeat=5)))

        db_args = ["--db", str(path)]
        for name, argv in (("status", ["status"]), (f"history {one}", ["history", one]),
                           ("report --format html", ["report", "--format", "html", "--output", str(Path(tmp) / "s.html")])):
            def in_process(argv=argv) -> None:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    cli_main([*argv, *db_args])
            figures.append((f"cli.main in-process: {name}", *timed(in_process, repeat=5)))

            def subprocess_run(argv=argv) -> None:
                subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), *argv, *db_args],
                               capture_output=True, check=False, cwd=ROOT)
            figures.append((f"process (python start + imports): {name}", *timed(subprocess_run, repeat=3)))

    lines = [
        "## History queries",
        "",
        f"`python bench/bench_history.py --write`, {datetime.now(timezone.utc).date().isoformat()}; {machine()}, SQLite {sqlite3.sqlite_version}.",
        "",
        f"Database: {DAYS} days x {RUNS_PER_DAY} runs a day x {len(force_ids)} forces: "
        + ", ".join(f"{n:,} {t}" for t, n in counts.items()) + f"; {size_mb:.1f} MB; built in {build_s:.1f} s.",
        "",
        "| call | first (ms) | median (ms) | target |",
        "|---|---:|---:|---|",
    ]
    for name, first, median in figures:
        target = f"< {TARGET_MS} ms " + ("met" if median < TARGET_MS else "MISSED") if name.startswith("library") else ""
        lines.append(f"| {name} | {first:.1f} | {median:.1f} | {target} |")
    lines += ["", "Library figures are query + rendering on an open store (what the scheduler and the digest pay); "
              "`cli.main` adds opening the database and loading the config; a process adds the interpreter "
              "and imports.", ""]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", text)
    missed = [name for name, _, median in figures if name.startswith("library") and median >= TARGET_MS]
    return 1 if missed else 0


def write_section(path: Path, section: str) -> None:
    """Replace (or add) the "## History queries" section, leaving other sections as they are."""
    existing = path.read_text() if path.exists() else "# Benchmarks\n\n"
    head, marker, rest = existing.partition("## History queries")
    if marker:
        following = rest.find("\n## ")
        tail = rest[following + 1:] if following >= 0 else ""
        existing = head + section + ("\n" + tail if tail else "")
    else:
        existing = existing.rstrip("\n") + "\n\n" + section
    path.write_text(existing.rstrip("\n") + "\n")


if __name__ == "__main__":
    sys.exit(main())
