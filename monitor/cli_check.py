"""The commands that check: check, demo, verify (one page or document) and forces (the register)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .cli_common import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, Command, columns, load, say

if TYPE_CHECKING:
    from .models import Check, RunSummary
    from .settings import Settings


def _run_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--force", action="append", metavar="ID", dest="force_ids", help="check only this force (repeatable)")
    sub.add_argument("--json", action="store_true", help="print one JSON object (see README) instead of the table")
    sub.add_argument("--explain", metavar="ID", help="also print the evidence behind this force's verdict")


def cmd_forces(args: argparse.Namespace) -> int:
    settings = load(args)
    if args.json:
        import json

        print(json.dumps([
            {"id": f.id, "name": f.name, "aliases": list(f.aliases), "domains": list(f.domains),
             "override_url": f.override_url, "note": f.note, "optional": f.optional}
            for f in settings.forces
        ], indent=2))
        return EXIT_OK
    rows = [("ID", "Name", "Domains", "Aliases")]
    rows += [(f.id, f.name, ", ".join(f.domains), ", ".join(f.aliases)) for f in settings.forces]
    print(columns(rows))
    print(f"{len(settings.forces)} forces")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    settings = load(args)
    if not args.ping:
        return _check_and_print(settings, args, trigger="cli")
    from .errors import ConfigError, MonitorError
    from .healthcheck import pinger

    if not settings.healthcheck.url_env:
        raise ConfigError(f"{settings.config_path}: --ping needs [healthcheck] url_env, the environment variable "
                          "holding the ping URL", hint="Set it in the config, or run check without --ping")
    ping = pinger(settings.healthcheck)
    ping.start()
    try:
        code = _check_and_print(settings, args, trigger="cli")
    except MonitorError as exc:
        ping.failure(f"check failed: {exc}")
        raise
    if code == EXIT_ERROR:
        ping.failure("check: the NPCC response could not be read (source problem)")
    else:  # problems found among the forces is the monitor working, not failing
        ping.success("check complete: " + ("every force published" if code == EXIT_OK else "problems found"))
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from .replica import (
        CONTENT_API_URL,
        NPCC_PAGE_URL,
        Replica,
        ReplicaForce,
        default_scenario,
    )

    settings = load(args)
    forces = [ReplicaForce(id=f.id, name=f.name, domain=f.domains[0]) for f in settings.forces]
    with Replica(default_scenario(forces)) as replica, tempfile.TemporaryDirectory(prefix="force-monitor-demo-") as tmp:
        settings = settings.replace(
            source={"content_api_url": CONTENT_API_URL, "page_url": NPCC_PAGE_URL},
            http={
                "connect_to": replica.connect_to,
                "ca_bundle": replica.ca_path,
                "retry_backoff": 0.2,
                # The replica is on this machine: a proxy from the environment must not see the demo.
                "proxy": "none",
                "trust_os_store": False,
            },
        )
        if not args.db:
            args.db = str(Path(tmp) / "demo.db")
            settings = settings.replace(store={"path": args.db})
        if not args.json:
            print(f"demo: offline replica on 127.0.0.1:{replica.https_port} (https) and :{replica.http_port} (http); "
                  f"database {args.db}", file=sys.stderr)
        return _check_and_print(settings, args, trigger="demo")


def _check_and_print(settings: Settings, args: argparse.Namespace, *, trigger: str) -> int:
    from . import explain, report

    for force_id in [*(args.force_ids or []), *([args.explain] if args.explain else [])]:
        settings.force(force_id)  # unknown ids fail before any network traffic
    # `--force kent --force kent` is one force: a second check in the same run would count as a
    # second run's observation and confirm a change after one run.
    force_ids = list(dict.fromkeys(args.force_ids)) if args.force_ids else None
    summary = _run(settings, force_ids, trigger)
    if args.json:
        report.write_run_json(summary, settings.forces, sys.stdout)
    else:
        _print_table(summary, settings)
        if args.explain:
            check = next((c for c in summary.checks if c.force_id == args.explain), None)
            if check is None:
                print(f"\n{args.explain}: not checked in this run (use --force {args.explain} or no --force)")
            else:
                say("\n" + explain.explain(check, settings.force(args.explain)))
    from .models import RunState

    if summary.state == RunState.SOURCE_ERROR:
        if not args.json:
            say(f"error: {summary.source_problem}. Check [source] in the config and the network; "
                 "no force was marked missing.", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK if summary.all_published else EXIT_PROBLEMS


# What a Ctrl-C interrupted: the database a run was going into, and the newest run in it before.
_RUNNING: dict[str, Any] = {}


def _run(settings: Settings, force_ids: Sequence[str] | None, trigger: str) -> RunSummary:
    # The source's round trip first, so it overlaps the imports and the store's opening below.
    from .early_source import EarlySource

    early = EarlySource(settings)
    from .run import execute

    def waiting(message: str) -> None:
        print(f"{settings.store.path}: {message}", file=sys.stderr)

    _RUNNING.update(db=settings.store.path, before=_newest_run_id(settings.store.path))
    with _progress(len(force_ids) if force_ids else len(settings.forces)) as advance:
        return execute(settings, force_ids=force_ids, trigger=trigger, progress=advance, on_wait=waiting,
                       early_source=early)


def _newest_run_id(path: str) -> int | None:
    """The newest run's id, read without creating or changing anything; None if there is none."""
    from .errors import StoreError
    from .store import Store

    try:
        with Store(path, read_only=True) as store:
            latest = store.latest_run()
    except (StoreError, sqlite3.Error):
        return None
    return latest.id if latest else None


def interrupted() -> str:
    """Ctrl-C's one line: whether a run had begun (and is recorded as aborted) or nothing had."""
    db = _RUNNING.get("db")
    if db is None:
        return "interrupted; nothing was recorded"
    newest = _newest_run_id(db)
    if newest is not None and newest != _RUNNING.get("before"):
        return f"interrupted; run {newest} is recorded as aborted and never counts"
    return "interrupted before the run started; nothing was recorded"


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A progress bar on a terminal's stderr; nothing at all when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=total)

        def advance(check: Check) -> None:
            bar.advance(task)

        yield advance


def _print_table(summary: RunSummary, settings: Settings) -> None:
    from . import report

    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        from .terminal import cell

        colours = {"ok": "green", "missing": "yellow", "broken": "red", "unverified": "magenta"}
        table = Table(*report.TABLE_HEADERS, title=f"Run {summary.run_id} ({summary.started})")
        # table_rows lists the checks in this same order, so each row pairs with its status.
        status_by_row = [c.status for c in report.ordered_checks(summary.checks, settings.forces)]
        for row, status in zip(report.table_rows(summary, settings.forces), status_by_row):
            # Cells are Text, never markup: a title carrying "[/x]" or "[link=...]" is only text.
            table.add_row(cell(row[0]), cell(row[1], colours[status.category]), *(cell(value) for value in row[2:]))
        console = Console()
        console.print(table)
    elif summary.checks:
        say(report.plain_table(summary, settings.forces))
    if summary.unmatched:
        say("links in the NPCC response that match no force (add the domain or an alias to config/forces.toml "
             "if one is a force's): " + ", ".join(link.url for link in summary.unmatched))
    # The summary is always the last line, so scripts and mail filters can take it with `tail -1`.
    say(report.summary_line(summary))


def _verify_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("target", metavar="PATH_OR_URL", help="an http(s) URL, or a saved page or document (HTML, PDF, DOCX, ODT)")
    sub.add_argument("--force", metavar="ID", help="the force it should belong to (default: the force whose domain the URL is on)")
    sub.add_argument("--url", metavar="URL", help="for a saved file: the address it was saved from (default: the page's own "
                     "<link rel=canonical> or og:url, if it has one)")
    sub.add_argument("--json", action="store_true", help="print one JSON object: status, score, reason, evidence, coverage")


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify one page or document, outside any run: nothing is recorded."""
    import json

    from . import explain
    from .models import Status
    from .spot_check import verify_target

    settings = load(args)
    force = settings.force(args.force) if args.force else None
    outcome = verify_target(settings, args.target, force, address=args.url)
    if args.json:
        print(json.dumps(explain.verification_to_dict(args.target, outcome.verdict, outcome.force), indent=2, ensure_ascii=True))
    else:
        say(explain.explain_verification(args.target, outcome.verdict, outcome.force))
    return EXIT_OK if outcome.verdict.status is Status.PUBLISHED else EXIT_PROBLEMS


def add_commands(command: Command) -> None:
    check = command("check", cmd_check, "Read the NPCC response, check every force, record the run and print the result.")
    _run_options(check)
    check.add_argument("--ping", action="store_true", help="ping the [healthcheck] dead-man's switch as the run "
                       "starts and ends (for a check run by cron or a systemd timer; `schedule` always pings)")
    demo = command("demo", cmd_demo, "Run a full check against the bundled offline replica (no network needed).")
    _run_options(demo)
    _verify_options(command("verify", cmd_verify, "Verify one page or document (a URL or a saved file) and print the evidence."))
    forces = command("forces", cmd_forces, "List the force register.")
    forces.add_argument("--json", action="store_true", help="print JSON")
