"""The commands that deliver: the digest, the published site, and the scheduler that runs both."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import (
    EXIT_OK,
    Command,
    exit_for,
    load,
    open_history,
    parse_since,
    say,
    utc_now,
    write_atomically,
)


def cmd_digest(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from . import digest

    settings = load(args)
    since = parse_since(args.since) if args.since else None
    now = datetime.now(timezone.utc)
    # Only --send writes (the outbox); a preview opens the database read-only. Neither creates one.
    with open_history(settings, write=args.send) as store:
        if args.send:
            outcome = digest.deliver(store, settings, now=now, since=since)
            print(f"digest: {outcome}")
            return EXIT_OK
        message = digest.preview(store, settings, now=now, since=since)
    if args.output:
        import email.policy

        write_atomically(Path(args.output), message.as_bytes(policy=email.policy.SMTP), what="the digest")
        print(f"digest: wrote {args.output} ({message['Subject']})")
    else:
        body = message.get_body(("plain",))
        say(body.get_content().rstrip("\n") if body is not None else "")  # the digest quotes pages: inert
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


def cmd_publish(args: argparse.Namespace) -> int:
    from . import publish

    settings = load(args)
    with open_history(settings) as store:
        now = utc_now()
        files = publish.build(store, settings, now)
        # The site says the outage first; its exit code stays about the forces (the publish timer's
        # contract), as it was.
        overview_exit = exit_for(store.overview(now, [f.id for f in settings.forces]), outage_is_error=False)
    publish.write(Path(args.directory), files)
    print(f"wrote {args.directory}: {len(files) - 1} files ({len(settings.forces)} force pages)", file=sys.stderr)
    return overview_exit


def add_commands(command: Command) -> None:
    digest = command("digest", cmd_digest, "Compose the email digest of what changed since the last delivered one.")
    mode = digest.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="print the text part (the default); nothing is sent or recorded")
    mode.add_argument("--output", metavar="FILE.eml", help="write the whole MIME message to a file; nothing is sent or recorded")
    mode.add_argument("--send", action="store_true", help="deliver through the outbox to every channel: SMTP ([digest]) and each [[channel]]")
    digest.add_argument("--since", metavar="WHEN", help="cover changes since this UTC date or time (2026-11-01 or "
                        "2026-11-01T07:30) instead of since the last delivered digest")
    publish = command("publish", cmd_publish, "Write the static site: status page, a page per force, open data, "
                      "Atom feeds and a badge, replacing DIR at once.")
    publish.add_argument("directory", metavar="DIR", help="folder to write the site to (replaced whole each time)")
    schedule = command("schedule", cmd_schedule,
                       "Run the check (and the digest) on the schedule in [schedule] until stopped (SIGTERM, Ctrl-C).")
    schedule.add_argument("--run-now", action="store_true", help="also run a check immediately at start")
