"""The database's schema: its mark, its version and the migrations that reach it, and the one
function a migration shares with a run (history replayed from checks).

store.py opens a file, checks its mark and version and runs what is missing, each migration in
its own transaction; every query lives there.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from .history_models import Observation
from .history_rules import Confirmation, confirm
from .models import RunState, Status

# PRAGMA application_id of a monitor database ("FRMD"): SQLite's own mark of which application
# a file belongs to (`file` names it too), so another program's database is refused, never
# given our tables.
APPLICATION_ID = 0x46524D44
SCHEMA_VERSION = 6
# How many agreeing runs confirm a change when nothing else says ([store] confirm_runs); migration 2
# replays history from the checks with it.
DEFAULT_CONFIRM_RUNS = 2


def _migration_1(db: sqlite_utils.Database) -> None:
    db.table("runs").create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "state": str,  # running, complete, aborted, source_error
            "trigger": str,
            "source_problem": str,
            "version": str,
        },
        pk="id",
    )
    db.table("checks").create(
        {
            "id": int,
            "run_id": int,
            "force_id": str,
            "checked_at": str,
            "status": str,
            "reason": str,
            "url": str,
            "final_url": str,
            "http_status": int,
            "elapsed_ms": int,
            "score": float,
            "warnings": str,  # JSON list
            "redirect_chain": str,  # JSON list of {url, status, location}
            "content_hash": str,
            "title": str,
            "bytes": int,
            "error": str,
            "used_override": int,
            "evidence": str,  # JSON object
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("checks").create_index(["force_id", "checked_at"])
    db.table("checks").create_index(["run_id"])
    db.table("source_snapshots").create(
        {
            "id": int,
            "run_id": int,
            "fetched_at": str,
            "url": str,
            "kind": str,
            "content_hash": str,
            "title": str,
            "public_updated_at": str,
            "updated_at": str,
            "fallback_reason": str,
            "force_link_count": int,
            "links": str,  # JSON list of {url, text, force_id, matched_by}
            "unmatched": str,  # JSON list of URLs that match no force
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("source_snapshots").create_index(["fetched_at"])


def _migration_2(db: sqlite_utils.Database) -> None:
    """History: confirmed-state events, content versions, daily rollups, and the indexes history needs.

    Checks recorded under v1 are replayed through the confirmation rule (with the default
    confirm_runs), so an upgraded database keeps its history. v1 never kept page texts, so content
    changes from that time have no diff.
    """
    db.table("texts").create(
        {"hash": str, "text": bytes, "chars": int, "first_seen": str},  # text: zlib-compressed UTF-8
        pk="hash",
    )
    db.table("events").create(
        {
            "id": int,
            "force_id": str,
            "from_status": str,  # NULL: the force's first confirmed state
            "to_status": str,
            "at": str,  # when the new state began (first agreeing observation)
            "confirmed_at": str,  # the observation that confirmed it
            "run_id": int,
            "first_run_id": int,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("content_changes").create(
        {"id": int, "force_id": str, "at": str, "run_id": int, "old_hash": str, "new_hash": str},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("daily_rollups").create(
        {
            "force_id": str,
            "day": str,  # YYYY-MM-DD, UTC
            "published": int,
            "missing": int,
            "broken": int,
            "blocked": int,
            "total": int,
            "first_published_at": str,  # earliest published check that day
        },
        pk=("force_id", "day"),
    )
    # One index per history query (tests/test_history.py checks the query plans).
    db.table("checks").create_index(["force_id", "run_id"])  # observations since an event, run strips
    db.table("checks").create_index(["checked_at", "force_id", "status", "run_id"])  # uptime windows (covering)
    db.table("checks").create_index(["force_id", "status", "checked_at", "run_id"])  # first seen published
    db.table("runs").create_index(["state"])  # the few runs that are not complete
    db.table("events").create_index(["force_id", "id"])
    db.table("events").create_index(["confirmed_at"])
    db.table("content_changes").create_index(["force_id", "id"])
    db.table("content_changes").create_index(["at"])
    db.table("daily_rollups").create_index(["day"])
    db.table("source_snapshots").create_index(["run_id"])
    replay_history(db, DEFAULT_CONFIRM_RUNS)


def _migration_3(db: sqlite_utils.Database) -> None:
    """The digest outbox: a digest is stored before it is sent and marked sent only after the SMTP
    server accepted it. `in_flight` is set (and committed) before each attempt and cleared after
    it, so a digest still in flight at the next start had an unknown outcome: it is resent with
    the same Message-ID, never composed again under a new one."""
    db.table("outbox").create(
        {
            "id": int,
            "created_at": str,
            "since": str,  # the digest covers changes after this time (NULL: from the beginning)
            "until": str,
            "first_event_id": int,  # events covered: first_event_id..last_event_id
            "last_event_id": int,
            "message_id": str,
            "subject": str,
            "message": str,  # the whole MIME message, as sent
            "state": str,  # pending, sent, superseded
            "attempts": int,
            "in_flight": int,
            "last_attempt_at": str,
            "last_error": str,
            "sent_at": str,
        },
        pk="id",
        not_null={"created_at", "state", "message_id", "message"},
        defaults={"attempts": 0, "in_flight": 0},
    )
    db.table("outbox").create_index(["state", "id"])


def _migration_4(db: sqlite_utils.Database) -> None:
    """Text read out of plan documents, by the file's SHA-256 and the extractor that read it, so a
    plan that has not changed is not read again: pypdf is most of a run's CPU (a long plan takes
    seconds), and plans change rarely. A cache: pruning it only costs reading a plan again."""
    db.table("document_texts").create(
        {"body_hash": str, "extractor": str, "kind": str, "text": bytes, "chars": int, "first_seen": str},
        pk=("body_hash", "extractor"),  # text: zlib-compressed UTF-8
    )
    db.table("document_texts").create_index(["first_seen"])


def _migration_5(db: sqlite_utils.Database) -> None:
    """One outbox row per digest and channel (SMTP is channel 'email'; apprise channels by their
    name), so each channel keeps its own bookmark and a failing one keeps only its own message
    pending. `claimed_by` / `claimed_until`: the sender that took the row in a transaction before
    sending, and until when its claim stands, so two senders at once never deliver it twice."""
    table = db.table("outbox")
    table.add_column("channel", str, not_null_default="email")
    table.add_column("claimed_by", str)
    table.add_column("claimed_until", str)
    table.create_index(["channel", "state", "id"])


# Keys of a check's evidence that were the next run's state before v6 (now in link_states).
STATE_KEYS = ("etag", "last_modified", "inputs", "not_modified", "unchanged")


def _migration_6(db: sqlite_utils.Database) -> None:
    """What a link's check keeps for the next run (validators, the memo's keys, the plan it linked)
    in its own table, one row per (force, link), apart from the evidence people read.

    Before v6 it rode in each check's evidence, which every reader then had to strip. The newest
    check of each link hands its state over; every check's evidence loses those keys. The two
    marks of a reused verdict become what they are now, warnings: `not_modified` (a 304) already
    was one, `unchanged` (the memo kept it) is added.
    """
    db.table("link_states").create(
        {
            "force_id": str,
            "url": str,
            "run_id": int,  # the run whose check left this state
            "etag": str,
            "last_modified": str,
            "page_key": str,
            "inputs_key": str,
            "plan": str,  # JSON list of URLs; NULL: not known
            "warnings": str,  # JSON list
        },
        pk=("force_id", "url"),
    )
    newest = db.execute(
        "SELECT force_id, url, run_id, evidence FROM checks "
        "WHERE id IN (SELECT max(id) FROM checks WHERE url IS NOT NULL GROUP BY force_id, url)").fetchall()
    rows = [row for row in (_legacy_state(*found) for found in newest) if row is not None]
    db.table("link_states").insert_all(rows)
    marked = " OR ".join(f"evidence LIKE '%\"{key}\"%'" for key in STATE_KEYS)
    db.execute(
        "UPDATE checks SET warnings = json_insert(coalesce(warnings, '[]'), '$[#]', 'unchanged') "
        "WHERE json_valid(evidence) AND json_extract(evidence, '$.unchanged') AND json_valid(coalesce(warnings, '[]')) "
        "AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(checks.warnings, '[]')) WHERE value = 'unchanged')")
    paths = ", ".join(f"'$.{key}'" for key in STATE_KEYS)
    db.execute(f"UPDATE checks SET evidence = json_remove(evidence, {paths}) WHERE json_valid(evidence) AND ({marked})")


def _legacy_state(force_id: str, url: str, run_id: int, evidence: str | None) -> dict[str, Any] | None:
    """A link_states row from a pre-v6 check's evidence; None when it kept nothing. Whatever is
    damaged is left out: the next run then verifies as if new."""
    try:
        found = json.loads(evidence or "{}")
    except ValueError:
        return None
    if not isinstance(found, dict):
        return None
    kept = found.get("inputs")
    inputs: dict[str, Any] = kept if isinstance(kept, dict) else {}
    plan, warnings = inputs.get("plan"), inputs.get("warnings")
    row = {
        "etag": found.get("etag") if isinstance(found.get("etag"), str) else None,
        "last_modified": found.get("last_modified") if isinstance(found.get("last_modified"), str) else None,
        "page_key": inputs.get("page") if isinstance(inputs.get("page"), str) else None,
        "inputs_key": inputs.get("key") if isinstance(inputs.get("key"), str) else None,
        "plan": json.dumps(plan) if isinstance(plan, list) else None,
        "warnings": json.dumps(warnings if isinstance(warnings, list) else []),
    }
    if not any(value for key, value in row.items() if key != "warnings"):
        return None
    return {"force_id": force_id, "url": url, "run_id": run_id, **row}


# Append-only: a released database is upgraded by running the migrations it has not seen.
MIGRATIONS = {1: _migration_1, 2: _migration_2, 3: _migration_3, 4: _migration_4, 5: _migration_5, 6: _migration_6}

UPTIME_INDEX = "idx_checks_checked_at_force_id_status_run_id"
FORCE_INDEX = "idx_checks_force_id_status_checked_at_run_id"
# Checks of these runs are observations; SQL fragment reused by every history query.
COUNTED = f"run_id NOT IN (SELECT id FROM runs WHERE state != '{RunState.COMPLETE}')"
# Runs that did not end well: the NPCC response could not be read, or the run was cut short.
FAILED_RUNS = f"('{RunState.SOURCE_ERROR}', '{RunState.ABORTED}')"


def in_category(category: str) -> str:
    """SQL: the check's status counts as `category` (ok, missing, broken, unverified), built from
    `Status.category`, so the database's sums and the code's counts use the one mapping."""
    values = [f"'{status.value}'" for status in Status if status.category == category]
    if not values:
        raise ValueError(f"no status counts as {category!r}")
    return f"status IN ({', '.join(values)})"


# Per check: 1 in the column of the category its status counts as; what daily rollups sum.
CATEGORY_COLUMNS = (f"{in_category('ok')} AS published, {in_category('missing')} AS missing, "
                    f"{in_category('broken')} AS broken, {in_category('unverified')} AS blocked")


def replay_history(db: sqlite_utils.Database, confirm_runs: int) -> None:
    """Write events and content changes for every complete run after the newest one already applied.

    Migration 2 uses it on a database that has checks but no history; it reads the checks once, in
    run order, and applies the same rule as `complete_run`.
    """
    applied = db.execute("SELECT coalesce(max(run_id), 0) FROM events").fetchone()[0]
    applied = max(applied, db.execute("SELECT coalesce(max(run_id), 0) FROM content_changes").fetchone()[0])
    pending: dict[str, list[Observation]] = {}  # per force: observations since its last event, oldest first
    confirmed: dict[str, Status] = {}
    last_hash: dict[str, str] = {}
    for row in db.execute("SELECT e.force_id, e.to_status FROM events e "
                          "WHERE e.id IN (SELECT max(id) FROM events GROUP BY force_id)").fetchall():
        confirmed[row[0]] = Status(row[1])
    for row in db.execute("SELECT force_id, new_hash FROM content_changes "
                          "WHERE id IN (SELECT max(id) FROM content_changes GROUP BY force_id)").fetchall():
        last_hash[row[0]] = row[1]
    events: list[dict[str, Any]] = []
    contents: list[dict[str, Any]] = []
    cursor = db.execute(
        "SELECT c.run_id, c.checked_at, c.status, c.reason, c.force_id, c.content_hash FROM checks c "
        f"WHERE c.run_id > ? AND c.{COUNTED} ORDER BY c.run_id, c.id", [applied])
    for run_id, checked_at, status, reason, force_id, content_hash in cursor:
        obs = Observation(run_id, checked_at, Status(status), reason or "")
        seen = pending.setdefault(force_id, [])
        seen.append(obs)
        decision = confirm(reversed(seen), confirmed.get(force_id), confirm_runs)
        if decision is not None:
            events.append(event_row(force_id, confirmed.get(force_id), decision))
            confirmed[force_id] = decision.status
            seen.clear()
        if obs.status is Status.PUBLISHED and content_hash and last_hash.get(force_id) != content_hash:
            contents.append({"force_id": force_id, "at": checked_at, "run_id": run_id,
                             "old_hash": last_hash.get(force_id), "new_hash": content_hash})
            last_hash[force_id] = content_hash
    db.table("events").insert_all(events)
    db.table("content_changes").insert_all(contents)


def event_row(force_id: str, before: Status | None, decision: Confirmation) -> dict[str, Any]:
    return {
        "force_id": force_id,
        "from_status": before.value if before else None,
        "to_status": decision.status.value,
        "at": decision.first.checked_at,
        "confirmed_at": decision.last.checked_at,
        "run_id": decision.last.run_id,
        "first_run_id": decision.first.run_id,
        "reason": decision.reason,
    }
