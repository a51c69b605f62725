"""The command line: thin commands over the library.

Exit codes: 0 all well, 1 problems found (some force not published), 2 usage, config, source or
store error, with one line saying what to fix. Heavy modules are imported inside the commands so
`--help` stays fast.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NoReturn

from .errors import MonitorError

if TYPE_CHECKING:
    from .config import Settings
    from .models import Check, RunSummary

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

# httpx imports its own command line (click, rich and pygments: 50-80 ms, a sixth of a check's
# start-up) whenever those are installed, and sqlite-utils installs click. The monitor never runs
# httpx's command line; a None entry makes that one import fail, and httpx then defines a stub
# `main` instead (its __init__ catches the ImportError for installs without the extras).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    args = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help()
            return EXIT_ERROR
        _inert_log()
        code = args.handler(args)
        sys.stdout.flush()  # inside the try: a reader that left early is handled below
        return code
    except MonitorError as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.DatabaseError as exc:
        # A file that opened as a database but is damaged inside (a page, an index).
        _say(f"error: {_database_of(args)}: the database cannot be read ({exc}). Point --db at the monitor's "
             "database; if it is damaged, restore it from a backup.", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_interrupted(), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `run_monitor.py status | head`: the reader left; that is not our error. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # A path the system refused (a name too long, a folder where a file should be), a full
        # disk, a file that cannot be written or read: the user's to fix, so one line naming it.
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"error: {where}{exc.strerror or exc}. Check the paths given (--config, --db, --output), "
             "free space and permissions, then run again", file=sys.stderr)
        return EXIT_ERROR


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake as one line (and exit 2) like every other input error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"error: {self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="run_monitor.py",
        description="Monitor police forces' published responses to the stalking super-complaint.",
        epilog="Exit codes: 0 all forces published, 1 problems found, 2 usage/config/source error.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"force-response-monitor {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", metavar="PATH", help="monitor.toml to use (default: $FORCE_MONITOR_CONFIG, then "
                         "./config/monitor.toml, then the user config folder, then the bundled defaults)")
        sub.add_argument("--db", metavar="PATH", help="SQLite database (default: [store] path in the config)")
        sub.set_defaults(handler=handler)
        return sub

    check = command("check", cmd_check, "Read the NPCC response, check every force, record the run and print the result.")
    _run_options(check)
    check.add_argument("--ping", action="store_true", help="ping the [healthcheck] dead-man's switch as the run "
                       "starts and ends (for a check run by cron or a systemd timer; `schedule` always pings)")
    demo = command("demo", cmd_demo, "Run a full check against the bundled offline replica (no network needed).")
    _run_options(demo)
    forces = command("forces", cmd_forces, "List the force register.")
    forces.add_argument("--json", action="store_true", help="print JSON")
    schedule = command("schedule", cmd_schedule,
                       "Run the check (and the digest) on the schedule in [schedule] until stopped (SIGTERM, Ctrl-C).")
    schedule.add_argument("--run-now", action="store_true", help="also run a check immediately at start")
    digest = command("digest", cmd_digest, "Compose the email digest of what changed since the last delivered one.")
    mode = digest.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="print the text part (the default); nothing is sent or recorded")
    mode.add_argument("--output", metavar="FILE.eml", help="write the whole MIME message to a file; nothing is sent or recorded")
    mode.add_argument("--send", action="store_true", help="deliver through the outbox to every channel: SMTP ([digest]) and each [[channel]]")
    digest.add_argument("--since", metavar="WHEN", help="cover changes since this UTC date or time (2026-11-01 or "
                        "2026-11-01T07:30) instead of since the last delivered digest")
    _verify_options(command("verify", cmd_verify, "Verify one page or document (a URL or a saved file) and print the evidence."))
    status = command("status", cmd_status, "Show every force's confirmed state, since when, and its 30-day uptime.")
    status.add_argument("--json", action="store_true", help="print JSON")
    history = command("history", cmd_history,
                      "Show one force's events, runs and content changes, or (without ID) everything that changed.")
    history.add_argument("force_id", nargs="?", metavar="ID", help="force id (see `forces`); omit for all forces")
    history.add_argument("--days", type=_days, default=30, metavar="N", help="look back N days (default 30, at most 36500)")
    history.add_argument("--since", metavar="DATE", help="look back to this UTC date or time (e.g. 2026-11-01) instead of --days")
    history.add_argument("--json", action="store_true", help="print JSON")
    report_cmd = command("report", cmd_report, "Write the status of every force as JSON, CSV or a static HTML page.")
    report_cmd.add_argument("--format", choices=("json", "csv", "html"), default="html", help="output format (default html)")
    report_cmd.add_argument("--output", metavar="PATH", default="-", help="file to write (default: standard output)")
    init = commands.add_parser("init", help="Write an editable copy of the default config and force register.",
                               description="Write an editable copy of the default config files (monitor.toml, "
                               "forces.toml, ...) into DIR, where the monitor finds them.")
    init.add_argument("directory", nargs="?", metavar="DIR",
                      help="folder to write them to (default: the user config folder, searched when --config is not given)")
    init.set_defaults(handler=cmd_init)
    publish = command("publish", cmd_publish, "Write the static site: status page, a page per force, open data, "
                      "Atom feeds and a badge, replacing DIR at once.")
    publish.add_argument("directory", metavar="DIR", help="folder to write the site to (replaced whole each time)")
    prune = command("prune", cmd_prune, "Fold raw checks older than N days into daily rollups and drop them.")
    prune.add_argument("--keep-days", type=_positive_int, required=True, metavar="N", help="keep N days of raw checks")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


# A century: further back than any monitor has run, and near enough that dates stay dates.
MAX_DAYS = 36_500


def _days(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{text} is more than {MAX_DAYS} days (a century); use --since DATE for a date")
    return value


def _run_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--force", action="append", metavar="ID", dest="force_ids", help="check only this force (repeatable)")
    sub.add_argument("--json", action="store_true", help="print one JSON object (see README) instead of the table")
    sub.add_argument("--explain", metavar="ID", help="also print the evidence behind this force's verdict")


# -- commands ---------------------------------------------------------------------------------


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
    print(_columns(rows))
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

    from .replica import CONTENT_API_URL, NPCC_PAGE_URL, Replica, ReplicaForce, default_scenario

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


def cmd_digest(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from . import digest

    settings = load(args)
    since = _parse_since(args.since) if args.since else None
    now = datetime.now(timezone.utc)
    # Only --send writes (the outbox); a preview opens the database read-only. Neither creates one.
    with _open_history(settings, write=args.send) as store:
        if args.send:
            outcome = digest.deliver(store, settings, now=now, since=since)
            print(f"digest: {outcome}")
            return EXIT_OK
        message = digest.preview(store, settings, now=now, since=since)
    if args.output:
        import email.policy

        _write_atomically(Path(args.output), message.as_bytes(policy=email.policy.SMTP), what="the digest")
        print(f"digest: wrote {args.output} ({message['Subject']})")
    else:
        body = message.get_body(("plain",))
        _say(body.get_content().rstrip("\n") if body is not None else "")  # the digest quotes pages: inert
    return EXIT_OK


def cmd_schedule(args: argparse.Namespace) -> int:
    import logging

    from .scheduler import Service

    settings = load(args)
    # One line per event on stderr, so journald or a log file keeps the record.
    from .terminal import InertFormatter

    # Log lines quote URLs and what pages said: inert, like everything else shown.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(InertFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from .digest import scheduled_delivery

    return Service(settings, digest_job=scheduled_delivery).serve(run_now=args.run_now)


def cmd_status(args: argparse.Namespace) -> int:
    from . import report_json, report_text

    settings = load(args)
    with _open_history(settings) as store:
        overview = store.overview(_utc_now(), [f.id for f in settings.forces])
    if args.json:
        print(report_json.overview_to_json(overview, settings.forces))
    else:
        _say(report_text.status_text(overview, settings.forces))
    return _exit_for(overview)


def cmd_history(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from . import report_json, report_text, report_words

    settings = load(args)
    force = settings.force(args.force_id) if args.force_id else None
    now = _utc_now()
    since = _parse_since(args.since) if args.since else now - timedelta(days=args.days)
    with _open_history(settings) as store:
        if force is None:
            changes = store.changes(since, now)
            outage = store.outage()
            if args.json:
                _say(report_json.changes_to_json(changes, settings.forces, outage))
            else:
                # An outage is what changed most: said first, or a run of failed checks looks like a quiet week.
                _say((report_words.outage_line(outage) + "\n\n" if outage else "") + report_text.changes_text(changes, settings.forces))
            return EXIT_OK
        days = max(1, -(-int((now - since).total_seconds()) // 86400))
        history = store.force_history(force.id, now, days=days)
    _say(report_json.history_to_json(history, force) if args.json else report_text.history_text(history, force))
    shown = history.state.shown
    return EXIT_OK if shown is not None and shown.category == "ok" else EXIT_PROBLEMS


def cmd_report(args: argparse.Namespace) -> int:
    from . import report_html, report_json

    settings = load(args)
    with _open_history(settings) as store:
        overview = store.overview(_utc_now(), [f.id for f in settings.forces])
    if args.format == "html":
        text = report_html.status_page(overview, settings.forces, zone=settings.publish.timezone)
    else:
        text = {"json": report_json.overview_to_json, "csv": report_json.overview_to_csv}[args.format](overview, settings.forces)
    if args.output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        _write_atomically(Path(args.output), text)
        print(f"wrote {args.output} ({args.format}, {len(overview.states)} forces)", file=sys.stderr)
    return _exit_for(overview)


def cmd_publish(args: argparse.Namespace) -> int:
    from . import publish

    settings = load(args)
    with _open_history(settings) as store:
        now = _utc_now()
        files = publish.build(store, settings, now)
        # The site says the outage first; its exit code stays about the forces (the publish timer's
        # contract), as it was.
        overview_exit = _exit_for(store.overview(now, [f.id for f in settings.forces]), outage_is_error=False)
    publish.write(Path(args.directory), files)
    print(f"wrote {args.directory}: {len(files) - 1} files ({len(settings.forces)} force pages)", file=sys.stderr)
    return overview_exit


def cmd_prune(args: argparse.Namespace) -> int:
    settings = load(args)
    with _open_history(settings, write=True) as store, store.run_lock(settings.store.lock_timeout):
        result = store.prune(args.keep_days, _utc_now())
    print(f"folded {result.checks_removed} checks from before {result.cutoff_day} into daily rollups "
          f"({result.days_rolled_up} force-days); events and texts kept")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """Copy the bundled config files; refuses to overwrite any of them, so a tuned config is never lost."""
    import shutil

    from .bundled import bundled_config_dir
    from .config import user_config_dir
    from .errors import ConfigError

    target = Path(args.directory) if args.directory else user_config_dir()
    sources = sorted(bundled_config_dir().glob("*.toml"))
    existing = [target / src.name for src in sources if (target / src.name).exists()]
    if existing:
        raise ConfigError(f"{existing[0]}: already exists; init never overwrites a config",
                          hint="Edit that file, or pass another DIR to init")
    try:
        target.mkdir(parents=True, exist_ok=True)
        for src in sources:
            shutil.copyfile(src, target / src.name)
    except OSError as exc:
        raise ConfigError(f"{target}: cannot write the config files ({exc.strerror})",
                          hint="Pass a DIR you can write to") from exc
    print(f"wrote {', '.join(src.name for src in sources)} to {target}")
    config = target / "monitor.toml"
    if args.directory and Path(args.directory).resolve() != (Path.cwd() / "config").resolve():
        print(f"use it with --config {config} (or FORCE_MONITOR_CONFIG={config})")
    print(f"next: set [http] contact in {config} to a real address, then run `force-monitor check`")
    return EXIT_OK


# -- shared -----------------------------------------------------------------------------------


def _inert_log() -> None:
    """Warnings and errors on stderr as Python would print them unconfigured (the message alone),
    but inert: they quote URLs and pages. `schedule` replaces this with its own timestamped lines."""
    import logging

    from .terminal import InertFormatter

    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(InertFormatter("%(message)s"))
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)


def _say(text: str, *, file: Any = None) -> None:
    """Print our output, with whatever it quotes from the web inert (terminal.py): a title's
    escape sequences are shown as text, never acted on by the terminal."""
    from .terminal import inert

    print(inert(text, keep_newlines=True), file=file if file is not None else sys.stdout)


def load(args: argparse.Namespace) -> Settings:
    from .config import find_config, load_settings

    settings = load_settings(find_config(args.config))
    if getattr(args, "db", None):
        settings = settings.replace(store={"path": args.db})
    return settings


def _check_and_print(settings: Settings, args: argparse.Namespace, *, trigger: str) -> int:
    from . import explain, report

    for force_id in [*(args.force_ids or []), *([args.explain] if args.explain else [])]:
        settings.force(force_id)  # unknown ids fail before any network traffic
    # `--force kent --force kent` is one force: a second check in the same run would count as a
    # second run's observation and confirm a change after one run.
    force_ids = list(dict.fromkeys(args.force_ids)) if args.force_ids else None
    summary = _run(settings, force_ids, trigger)
    if args.json:
        print(report.run_to_json(summary, settings.forces))
    else:
        _print_table(summary, settings)
        if args.explain:
            check = next((c for c in summary.checks if c.force_id == args.explain), None)
            if check is None:
                print(f"\n{args.explain}: not checked in this run (use --force {args.explain} or no --force)")
            else:
                _say("\n" + explain.explain(check, settings.force(args.explain)))
    from .models import RunState

    if summary.state == RunState.SOURCE_ERROR:
        if not args.json:
            _say(f"error: {summary.source_problem}. Check [source] in the config and the network; "
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


def _interrupted() -> str:
    """Ctrl-C's one line: whether a run had begun (and is recorded as aborted) or nothing had."""
    db = _RUNNING.get("db")
    if db is None:
        return "interrupted; nothing was recorded"
    newest = _newest_run_id(db)
    if newest is not None and newest != _RUNNING.get("before"):
        return f"interrupted; run {newest} is recorded as aborted and never counts"
    return "interrupted before the run started; nothing was recorded"


def _database_of(args: Any) -> str:
    if args is not None and getattr(args, "db", None):
        return str(args.db)
    try:
        return load(args).store.path if args is not None else "the database"
    except MonitorError:
        return "the database"


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A progress bar on a terminal's stderr; nothing at all when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
        _say(report.plain_table(summary, settings.forces))
    if summary.unmatched:
        _say("links in the NPCC response that match no force (add the domain or an alias to config/forces.toml "
             "if one is a force's): " + ", ".join(link.url for link in summary.unmatched))
    # The summary is always the last line, so scripts and mail filters can take it with `tail -1`.
    _say(report.summary_line(summary))


@contextmanager
def _open_history(settings: Settings, *, write: bool = False) -> Iterator[Any]:
    """The store for a command over recorded runs: a missing database is an error, never silently
    created; opened read-only unless the command writes (prune, digest --send)."""
    from .errors import StoreError
    from .store import Store

    path = settings.store.path
    if path != ":memory:" and not Path(path).exists():
        raise StoreError(f"{path}: no database here yet",
                         hint="Run `run_monitor.py check` first, or point --db at the monitor's database.")
    with Store(path, read_only=not write) as store:
        if store.latest_run() is None:
            raise StoreError(f"{path}: no run recorded yet", hint="Run `run_monitor.py check` first.")
        yield store


def _utc_now() -> Any:
    """Now, rounded up to the whole second. Stored times are whole seconds and history's windows
    end before `now`, so rounding down left out a run recorded in this same second: `history
    kent` straight after a check said "no runs yet"."""
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    return now.replace(microsecond=0) + timedelta(seconds=1) if now.microsecond else now


# No monitor history is older than the report (2024); before this, a date is a typo.
EARLIEST_SINCE = "2000-01-01"


def _parse_since(text: str) -> Any:
    """--since: a UTC date or time (an offset is honoured), not before EARLIEST_SINCE."""
    from datetime import datetime, timezone

    from .errors import ConfigError

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--since {text!r} is not a date or time", hint="Use 2026-11-01 or 2026-11-01T07:30 (UTC)") from None
    moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
    if moment < datetime.fromisoformat(EARLIEST_SINCE).replace(tzinfo=timezone.utc):
        raise ConfigError(f"--since {text!r} is before {EARLIEST_SINCE}",
                          hint="Give a date since the monitor began, e.g. 2026-11-01")
    return moment


def _exit_for(overview: Any, *, outage_is_error: bool = True) -> int:
    """2 while the NPCC response cannot be read (as `check` exits then; `status` and `report`);
    else 0 when every force is published (confirmed, or observed while unconfirmed), 1 when not."""
    if outage_is_error and overview.outage is not None and overview.outage.source:
        return EXIT_ERROR
    shown = [state.shown for state in overview.states]
    return EXIT_OK if shown and all(s is not None and s.category == "ok" for s in shown) else EXIT_PROBLEMS


def _write_atomically(path: Path, content: str | bytes, *, what: str = "the report") -> None:
    """Write next to the target and rename, so a web server never serves half a page."""
    import os
    import tempfile

    from .errors import MonitorError

    if path.is_dir():
        raise MonitorError(f"{path}: is a folder; cannot write {what} there",
                           hint="Give --output a file name, e.g. " + str(path / ("digest.eml" if what == "the digest" else "status.html")))
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise MonitorError(f"{path}: cannot write {what} ({exc.strerror})",
                           hint="Check the --output path and its folder's permissions.") from exc


def _columns(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(("  ".join(c.ljust(w) for c, w in zip(row[:-1], widths)) + "  " + row[-1]).rstrip() for row in rows)


# -- verify (one page or document) --------------------------------------------------------------


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
        _say(explain.explain_verification(args.target, outcome.verdict, outcome.force))
    return EXIT_OK if outcome.verdict.status is Status.PUBLISHED else EXIT_PROBLEMS
