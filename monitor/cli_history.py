"""The commands over recorded history: status, history, report and prune."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Command,
    days_arg,
    exit_for,
    load,
    open_history,
    parse_since,
    positive_int,
    say,
    utc_now,
    write_atomically,
)


def cmd_status(args: argparse.Namespace) -> int:
    from . import report_json, report_text

    settings = load(args)
    with open_history(settings) as store:
        overview = store.overview(utc_now(), [f.id for f in settings.forces])
    if args.json:
        print(report_json.overview_to_json(overview, settings.forces))
    else:
        say(report_text.status_text(overview, settings.forces))
    return exit_for(overview)


def cmd_history(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from . import report_json, report_text, report_words

    settings = load(args)
    force = settings.force(args.force_id) if args.force_id else None
    now = utc_now()
    since = parse_since(args.since) if args.since else now - timedelta(days=args.days)
    with open_history(settings) as store:
        if force is None:
            changes = store.changes(since, now)
            outage = store.outage()
            if args.json:
                say(report_json.changes_to_json(changes, settings.forces, outage))
            else:
                # An outage is what changed most: said first, or a run of failed checks looks like a quiet week.
                say((report_words.outage_line(outage) + "\n\n" if outage else "") + report_text.changes_text(changes, settings.forces))
            return EXIT_OK
        days = max(1, -(-int((now - since).total_seconds()) // 86400))
        history = store.force_history(force.id, now, days=days)
    say(report_json.history_to_json(history, force) if args.json else report_text.history_text(history, force))
    shown = history.state.shown
    return EXIT_OK if shown is not None and shown.category == "ok" else EXIT_PROBLEMS


def cmd_report(args: argparse.Namespace) -> int:
    from . import report_html, report_json

    settings = load(args)
    with open_history(settings) as store:
        overview = store.overview(utc_now(), [f.id for f in settings.forces])
    if args.format == "html":
        text = report_html.status_page(overview, settings.forces, zone=settings.publish.timezone)
    else:
        text = {"json": report_json.overview_to_json, "csv": report_json.overview_to_csv}[args.format](overview, settings.forces)
    if args.output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_atomically(Path(args.output), text)
        print(f"wrote {args.output} ({args.format}, {len(overview.states)} forces)", file=sys.stderr)
    return exit_for(overview)


def cmd_prune(args: argparse.Namespace) -> int:
    settings = load(args)
    with open_history(settings, write=True) as store, store.run_lock(settings.store.lock_timeout):
        result = store.prune(args.keep_days, utc_now())
    print(f"folded {result.checks_removed} checks from before {result.cutoff_day} into daily rollups "
          f"({result.days_rolled_up} force-days); events and texts kept")
    return EXIT_OK


def add_commands(command: Command) -> None:
    status = command("status", cmd_status, "Show every force's confirmed state, since when, and its 30-day uptime.")
    status.add_argument("--json", action="store_true", help="print JSON")
    history = command("history", cmd_history,
                      "Show one force's events, runs and content changes, or (without ID) everything that changed.")
    history.add_argument("force_id", nargs="?", metavar="ID", help="force id (see `forces`); omit for all forces")
    history.add_argument("--days", type=days_arg, default=30, metavar="N", help="look back N days (default 30, at most 36500)")
    history.add_argument("--since", metavar="DATE", help="look back to this UTC date or time (e.g. 2026-11-01) instead of --days")
    history.add_argument("--json", action="store_true", help="print JSON")
    report_cmd = command("report", cmd_report, "Write the status of every force as JSON, CSV or a static HTML page.")
    report_cmd.add_argument("--format", choices=("json", "csv", "html"), default="html", help="output format (default html)")
    report_cmd.add_argument("--output", metavar="PATH", default="-", help="file to write (default: standard output)")
    prune = command("prune", cmd_prune, "Fold raw checks older than N days into daily rollups and drop them.")
    prune.add_argument("--keep-days", type=positive_int, required=True, metavar="N", help="keep N days of raw checks")
