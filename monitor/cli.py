"""The command line: thin commands over the library.

Exit codes: 0 all well, 1 problems found (some force not published), 2 usage, config, source or
store error, with one line saying what to fix. Heavy modules are imported inside the commands so
`--help` stays fast.

This module parses and dispatches; the commands live by what they do: `cli_check` (check, demo,
verify, forces), `cli_history` (status, history, report, prune), `cli_delivery` (digest,
publish, schedule), with what they share in `cli_common`.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import cli_check, cli_delivery, cli_history
from .cli_check import interrupted
from .cli_common import EXIT_ERROR, EXIT_OK, Handler, database_of, inert_log, say
from .errors import MonitorError

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
        inert_log()
        code = args.handler(args)
        sys.stdout.flush()  # inside the try: a reader that left early is handled below
        return code
    except MonitorError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.DatabaseError as exc:
        # A file that opened as a database but is damaged inside (a page, an index).
        say(f"error: {database_of(args)}: the database cannot be read ({exc}). Point --db at the monitor's "
             "database; if it is damaged, restore it from a backup.", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(interrupted(), file=sys.stderr)
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
        say(f"error: {where}{exc.strerror or exc}. Check the paths given (--config, --db, --output), "
             "free space and permissions, then run again", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if not during_ctrl_c(exc):
            raise
        # A clean-up that failed on the way out of a Ctrl-C (a `with` block closing what the
        # interrupt left half-done) raises its own error over the KeyboardInterrupt; the user
        # still pressed Ctrl-C, and that is what to say.
        print(interrupted(), file=sys.stderr)
        return 130


def during_ctrl_c(exc: BaseException) -> bool:
    """Whether exc was raised while a KeyboardInterrupt was being handled or unwound."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:  # a chain can loop back on itself
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__context__
    return False


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

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", metavar="PATH", help="monitor.toml to use (default: $FORCE_MONITOR_CONFIG, then "
                         "./config/monitor.toml, then the user config folder, then the bundled defaults)")
        sub.add_argument("--db", metavar="PATH", help="SQLite database (default: [store] path in the config)")
        sub.set_defaults(handler=handler)
        return sub

    # Grouped as `--help` lists them: checking, history, delivery, setup.
    cli_check.add_commands(command)
    cli_history.add_commands(command)
    cli_delivery.add_commands(command)
    init = commands.add_parser("init", help="Write an editable copy of the default config and force register.",
                               description="Write an editable copy of the default config files (monitor.toml, "
                               "forces.toml, ...) into DIR, where the monitor finds them.")
    init.add_argument("directory", nargs="?", metavar="DIR",
                      help="folder to write them to (default: the user config folder, searched when --config is not given)")
    init.set_defaults(handler=cmd_init)
    return parser


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


