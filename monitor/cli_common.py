"""What every command shares: exit codes, loading the settings, opening the history, printing inert
text, times and dates from the command line, writing a file whole."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import MonitorError

if TYPE_CHECKING:
    from .settings import Settings

# Exit codes: all well; problems found (some force not published); usage, config, source or store error.
EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

# A command's function: the parsed arguments in, the exit code out.
Handler = Callable[[argparse.Namespace], int]
# Adds one subcommand (with --config and --db) and returns its parser for the command's own options.
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


# A century: further back than any monitor has run, and near enough that dates stay dates.
MAX_DAYS = 36_500


def days_arg(text: str) -> int:
    value = positive_int(text)
    if value > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{text} is more than {MAX_DAYS} days (a century); use --since DATE for a date")
    return value


def inert_log() -> None:
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


def say(text: str, *, file: Any = None) -> None:
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


def database_of(args: Any) -> str:
    if args is not None and getattr(args, "db", None):
        return str(args.db)
    try:
        return load(args).store.path if args is not None else "the database"
    except MonitorError:
        return "the database"


@contextmanager
def open_history(settings: Settings, *, write: bool = False) -> Iterator[Any]:
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


def utc_now() -> Any:
    """Now, rounded up to the whole second. Stored times are whole seconds and history's windows
    end before `now`, so rounding down left out a run recorded in this same second: `history
    kent` straight after a check said "no runs yet"."""
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    return now.replace(microsecond=0) + timedelta(seconds=1) if now.microsecond else now


# No monitor history is older than the report (2024); before this, a date is a typo.
EARLIEST_SINCE = "2000-01-01"


def parse_since(text: str) -> Any:
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


def exit_for(overview: Any, *, outage_is_error: bool = True) -> int:
    """2 while the NPCC response cannot be read (as `check` exits then; `status` and `report`);
    else 0 when every force is published (confirmed, or observed while unconfirmed), 1 when not."""
    if outage_is_error and overview.outage is not None and overview.outage.source:
        return EXIT_ERROR
    shown = [state.shown for state in overview.states]
    return EXIT_OK if shown and all(s is not None and s.category == "ok" for s in shown) else EXIT_PROBLEMS


def write_atomically(path: Path, content: str | bytes, *, what: str = "the report") -> None:
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


def columns(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(("  ".join(c.ljust(w) for c, w in zip(row[:-1], widths)) + "  " + row[-1]).rstrip() for row in rows)
