"""The SQLite store: opening a file (ours, at the right version), runs, checks, retention.

Beside it, each with one job: `schema` (the tables and their migrations), `history_rules` (pure
rules, no database), `store_history` (the queries history is built from), `store_source` (the NPCC
source's snapshots), `outbox` (the digest's), `run_lock` (one run at a time). A `Store` is the
one object callers hold: it inherits the queries and owns the connection and its transactions.

Times are UTC ISO-8601 strings ("2026-11-28T09:00:00+00:00"), so they sort as text and any
SQLite client reads them. Every write of a run happens inside short transactions, so a process
killed mid-run leaves a consistent database with the run still `running`; the next run marks it
`aborted`.

History (schema v2):

- An *observation* is one force's check in a **complete** run. Checks of aborted, running and
  source_error runs never count for anything.
- Confirmation (`history_rules.confirm`): a force's confirmed state moves to a new category (ok, missing,
  broken, unverified) only when its newest `confirm_runs` observations since the last event agree.
  A `blocked` observation says nothing about the page, so it neither counts toward nor interrupts
  a streak of verified observations; `confirm_runs` consecutive blocked observations confirm the
  force as `blocked` (unverified), never as missing or broken. A force starts unconfirmed: its
  first confirmed state is an event with from_status None.
- `events` and `content_changes` are the two logs of change. They are written from the checks in
  the same transaction that marks a run complete (`complete_run`), and survive `prune`.
- Everything else is derived when asked: uptime, since-when, first published, last content change,
  NPCC source changes. `daily_rollups` hold pruned checks folded per force and day, so uptime still
  counts them.
- One run at a time: `Store.run_lock` (filelock on `<db>.lock`, any OS) is taken by every caller of run_once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from .errors import StoreError
from .history_models import (
    Observation,
    PruneResult,
)
from .history_rules import confirm
from .models import (
    Check,
    Event,
    LinkState,
    RunState,
    Status,
)
from .outbox import Outbox
from .run_lock import hold_run_lock
from .schema import (
    APPLICATION_ID,
    CATEGORY_COLUMNS,
    COUNTED,
    DEFAULT_CONFIRM_RUNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    event_row,
)
from .store_history import HistoryQueries, as_utc, now_iso, row_to_check
from .store_source import SourceRecords


class Store(HistoryQueries, SourceRecords):
    """One SQLite database. Open with `Store(path)`; ":memory:" works for tests of pure queries.

    `read_only=True` is for the commands that only read (status, history, report, the digest's
    previews): the file is opened read-only, so it is never created, migrated or changed, and a
    database the user may only read (a web server's account running `report`) can be read.
    Either way a file that is not a monitor database is refused before anything touches it.
    """

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 30_000, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        conn: sqlite3.Connection | None = None
        try:
            if read_only:
                if self.path == ":memory:" or not Path(self.path).is_file():
                    raise StoreError(f"{self.path}: no database here yet",
                                     hint="Run `run_monitor.py check` first, or point --db at the monitor's database.")
                conn = _connect_read_only(Path(self.path), busy_timeout_ms)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            self.outbox = Outbox(self.db, self.transaction)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._check_identity()
            if read_only:
                self._check_readable_schema()
            else:
                if self.path != ":memory:":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA foreign_keys = ON")
                self._migrate()
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"{self.path}: cannot open the database ({exc})",
                             hint="Point --db at the monitor's database; if it is damaged, restore it from a backup.") from exc
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the database ({exc.strerror})") from exc

    def _check_identity(self) -> None:
        """Refuse a file that is not ours: another application's database, whatever it holds.

        Ours carries APPLICATION_ID; a monitor database made before the mark existed has our
        schema_version and runs tables (a writer marks it now); an empty file is a new database
        for a writer. Anything else is left exactly as it was.
        """
        application_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        if application_id == APPLICATION_ID:
            return
        tables = set(self.db.table_names())
        ours_unmarked = application_id == 0 and {"schema_version", "runs"} <= tables
        empty = application_id == 0 and not tables
        if ours_unmarked or (empty and not self.read_only):
            if not self.read_only:
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return
        raise StoreError(f"{self.path}: not a force-monitor database" + (" (it is empty)" if empty else ""),
                         hint="Point --db at the monitor's database (the [store] path in the config); "
                              "this file was left as it was.")

    def _check_readable_schema(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the database is schema version {current}, newer than this monitor understands ({SCHEMA_VERSION})",
                hint="Upgrade the monitor, or point --db at another file.",
            )
        if current < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the database is schema version {current}, older than this monitor's ({SCHEMA_VERSION})",
                hint="Run `run_monitor.py check` once to upgrade it in place; read commands never change the file.",
            )

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- schema ------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        if "schema_version" not in self.db.table_names():
            return 0
        row = self.db.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the database is schema version {current}, newer than this monitor understands ({SCHEMA_VERSION})",
                hint="Upgrade the monitor, or point --db at another file.",
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                if version == 1 and "schema_version" not in self.db.table_names():
                    self.db.table("schema_version").create({"version": int, "applied_at": str}, pk="version")
                MIGRATIONS[version](self.db)
                self.db.table("schema_version").insert({"version": version, "applied_at": now_iso()})

    # -- runs --------------------------------------------------------------------------------

    def abort_stale_runs(self, now: str) -> list[int]:
        """Runs left `running` by a process that died are `aborted`, never half-counted."""
        with self.transaction():
            stale = [row[0] for row in self.db.execute(f"SELECT id FROM runs WHERE state = '{RunState.RUNNING}'").fetchall()]
            for run_id in stale:
                self.db.table("runs").update(run_id, {"state": RunState.ABORTED.value, "finished": now})
        return stale

    def start_run(self, started: str, trigger: str) -> int:
        from . import __version__

        with self.transaction():
            table = self.db.table("runs")
            table.insert({"started": started, "state": RunState.RUNNING.value, "trigger": trigger, "version": __version__})
            return _last_pk(table)

    def finish_run(self, run_id: int, finished: str, state: RunState = RunState.COMPLETE,
                   source_problem: str | None = None) -> None:
        with self.transaction():
            self.db.table("runs").update(run_id, {"finished": finished, "state": state, "source_problem": source_problem})

    def complete_run(self, run_id: int, finished: str, *, confirm_runs: int = DEFAULT_CONFIRM_RUNS) -> list[Event]:
        """Mark the run complete and apply its observations, in one transaction.

        Returns the confirmed state changes (events) the run produced. A crash before the commit
        leaves the run `running` (aborted by the next run) and no event half-written.
        """
        with self.transaction():
            self.db.table("runs").update(run_id, {"finished": finished, "state": RunState.COMPLETE.value, "source_problem": None})
            return self._apply_run(run_id, confirm_runs)

    def _apply_run(self, run_id: int, confirm_runs: int) -> list[Event]:
        """Confirmation and content versions for each force observed in the run (inside a transaction).

        Derived from the checks, so applying a run twice changes nothing.
        """
        new_events: list[Event] = []
        rows = self.db.execute(
            "SELECT force_id, checked_at, status, content_hash FROM checks WHERE run_id = ? ORDER BY id", [run_id]
        ).fetchall()
        for force_id, checked_at, status, content_hash in rows:
            last = self.db.execute(
                "SELECT to_status, run_id FROM events WHERE force_id = ? ORDER BY id DESC LIMIT 1", [force_id]
            ).fetchone()
            before = Status(last[0]) if last else None
            cursor = self.db.execute(
                "SELECT run_id, checked_at, status, reason FROM checks "
                f"WHERE force_id = ? AND run_id > ? AND run_id <= ? AND {COUNTED} ORDER BY run_id DESC",
                [force_id, last[1] if last else 0, run_id],
            )
            observations = (Observation(r[0], r[1], Status(r[2]), r[3] or "") for r in cursor)
            decision = confirm(observations, before, confirm_runs)
            cursor.close()
            if decision is not None:
                new_events.append(self._event(_insert(self.db, "events", [event_row(force_id, before, decision)])))
            if status == Status.PUBLISHED.value and content_hash:
                previous = self.db.execute(
                    "SELECT new_hash FROM content_changes WHERE force_id = ? ORDER BY id DESC LIMIT 1", [force_id]
                ).fetchone()
                if previous is None or previous[0] != content_hash:
                    _insert(self.db, "content_changes", [{
                        "force_id": force_id, "at": checked_at, "run_id": run_id,
                        "old_hash": previous[0] if previous else None, "new_hash": content_hash,
                    }])
        return new_events

    # -- one run at a time -------------------------------------------------------------------

    def run_lock(self, timeout: float, *, on_wait: Callable[[str], None] | None = None,
                 poll: float = 0.1, give_up: Callable[[], bool] | None = None) -> AbstractContextManager[None]:
        """Hold the run lock beside this database (run_lock.py): take it before `run_once`."""
        return hold_run_lock(self.path, timeout, on_wait=on_wait, poll=poll, give_up=give_up)

    # -- plan document texts (a cache) -------------------------------------------------------

    def document_text(self, body_hash: str, extractor: str) -> str | None:
        """The text `extractor` read from the file with this SHA-256, if it was kept."""
        row = self.db.execute("SELECT text FROM document_texts WHERE body_hash = ? AND extractor = ?",
                              [body_hash, extractor]).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else None

    def keep_document_text(self, body_hash: str, extractor: str, kind: str, text: str, now: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO document_texts (body_hash, extractor, kind, text, chars, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [body_hash, extractor, kind, zlib.compress(text.encode("utf-8"), 6), len(text), now])

    # -- retention ---------------------------------------------------------------------------

    def prune(self, keep_days: int, now: datetime | str) -> PruneResult:
        """Fold checks from before (today - keep_days) into daily per-force rollups, then drop them.

        Only checks of complete runs are folded (others never count). Runs, events, content
        changes, texts and source snapshots are kept; plan document texts first kept before then
        are dropped (a plan still linked is read again once). One transaction: all or nothing.
        """
        if keep_days < 1:
            raise StoreError(f"prune: --keep-days must be at least 1 (got {keep_days})",
                             hint="Keep at least 90 days of raw checks to keep full run strips and exact uptime.")
        cutoff = (as_utc(now) - timedelta(days=keep_days)).date().isoformat()
        with self.transaction():
            folded = self.db.execute(
                "INSERT INTO daily_rollups (force_id, day, published, missing, broken, blocked, total, first_published_at) "
                "SELECT force_id, day, sum(published), sum(missing), sum(broken), sum(blocked), count(*), "
                "min(CASE WHEN published THEN checked_at END) "
                f"FROM (SELECT force_id, substr(checked_at, 1, 10) AS day, checked_at, {CATEGORY_COLUMNS} "
                f"      FROM checks WHERE checked_at < ? AND {COUNTED}) WHERE true GROUP BY force_id, day "
                "ON CONFLICT (force_id, day) DO UPDATE SET "
                "published = published + excluded.published, missing = missing + excluded.missing, "
                "broken = broken + excluded.broken, blocked = blocked + excluded.blocked, "
                "total = total + excluded.total, "
                "first_published_at = coalesce(min(first_published_at, excluded.first_published_at), "
                "first_published_at, excluded.first_published_at)",
                [cutoff],
            ).rowcount
            removed = self.db.execute("DELETE FROM checks WHERE checked_at < ?", [cutoff]).rowcount
            self.db.execute("DELETE FROM document_texts WHERE first_seen < ?", [cutoff])
            # A link none of whose checks is left has no last check to start from: its state goes too.
            self.db.execute("DELETE FROM link_states WHERE NOT EXISTS (SELECT 1 FROM checks c "
                            "WHERE c.force_id = link_states.force_id AND c.url = link_states.url)")
        return PruneResult(cutoff_day=cutoff, checks_removed=removed, days_rolled_up=max(folded, 0))

    # -- helpers -----------------------------------------------------------------------------

    def _keep_text(self, content_hash: str, text: str, seen: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO texts (hash, text, chars, first_seen) VALUES (?, ?, ?, ?)",
            [content_hash, zlib.compress(text.encode("utf-8"), 6), len(text), seen],
        )

    def run(self, run_id: int) -> dict[str, Any]:
        try:
            return dict(self.db.table("runs").get(run_id))
        except sqlite_utils.db.NotFoundError:
            raise StoreError(f"{self.path}: no run with id {run_id}") from None

    # -- checks and snapshots ----------------------------------------------------------------

    def record_check(self, run_id: int, check: Check, checked_at: str) -> None:
        self.record_checks(run_id, [(check, checked_at)])

    def record_checks(self, run_id: int, checks: Sequence[tuple[Check, str]]) -> None:
        """Record checks (each with its time) in one transaction: one commit for many, since a
        commit is a sync to disk and a large register finishes checks by the hundred."""
        rows = [self._check_row(run_id, check, checked_at) for check, checked_at in checks]
        with self.transaction():
            _insert(self.db, "checks", rows)
            for check, checked_at in checks:
                if check.text and check.content_hash:
                    self._keep_text(check.content_hash, check.text, checked_at)
            self._keep_link_states(run_id, [check for check, _ in checks])

    # -- link state: what the next run's check of a link starts from ------------------------------

    def _keep_link_states(self, run_id: int, checks: Sequence[Check]) -> None:
        """Each link's state is its newest check's: replaced, or dropped when that check kept none
        (an older state must never outlive the check that came after it)."""
        kept = [_link_state_row(run_id, check) for check in checks if check.url and check.link_state is not None
                and not check.link_state.empty]
        dropped = [(check.force_id, check.url) for check in checks if check.url
                   and (check.link_state is None or check.link_state.empty)]
        if dropped:
            self.db.conn.executemany("DELETE FROM link_states WHERE force_id = ? AND url = ?", dropped)
        if kept:
            _insert(self.db, "link_states", kept, replace=True)  # its primary key is (force_id, url)

    def link_state(self, force_id: str, url: str) -> LinkState | None:
        rows = list(self.db.query("SELECT * FROM link_states WHERE force_id = ? AND url = ?", [force_id, url]))
        return _row_to_link_state(rows[0]) if rows else None

    @staticmethod
    def _check_row(run_id: int, check: Check, checked_at: str) -> dict[str, Any]:
        return {
            "run_id": run_id,
            "force_id": check.force_id,
            "checked_at": checked_at,
            "status": check.status.value,
            "reason": check.reason,
            "url": check.url,
            "final_url": check.final_url,
            "http_status": check.http_status,
            "elapsed_ms": check.elapsed_ms,
            "score": check.score,
            "warnings": json.dumps(list(check.warnings)),
            "redirect_chain": json.dumps([asdict(hop) for hop in check.redirect_chain]),
            "content_hash": check.content_hash,
            "title": check.title,
            "bytes": check.bytes,
            "error": check.error,
            "used_override": int(check.used_override),
            "evidence": json.dumps(check.evidence, default=str),
        }

    def checks_for_run(self, run_id: int) -> list[Check]:
        return [row_to_check(row) for row in self.db.query("SELECT * FROM checks WHERE run_id = ? ORDER BY id", [run_id])]

    def last_check(self, force_id: str, url: str) -> Check | None:
        """The newest check of this force at this URL: conditional requests start from it."""
        rows = list(self.db.query(
            "SELECT * FROM checks WHERE force_id = ? AND url = ? ORDER BY id DESC LIMIT 1", [force_id, url]
        ))
        if not rows:
            return None
        return replace(row_to_check(rows[0]), link_state=self.link_state(force_id, url))


def _link_state_row(run_id: int, check: Check) -> dict[str, Any]:
    state = check.link_state
    assert state is not None
    return {"force_id": check.force_id, "url": check.url, "run_id": run_id, "etag": state.etag,
            "last_modified": state.last_modified, "page_key": state.page_key, "inputs_key": state.inputs_key,
            "plan": None if state.plan is None else json.dumps(list(state.plan)),
            "warnings": json.dumps(list(state.warnings))}


def _row_to_link_state(row: dict[str, Any]) -> LinkState:
    """A stored state; a damaged plan or warnings list reads as unknown (verify afresh), never a crash."""
    def strings(text: str | None) -> tuple[str, ...] | None:
        try:
            found = json.loads(text) if text else None
        except ValueError:
            return None
        return tuple(found) if isinstance(found, list) and all(isinstance(item, str) for item in found) else None

    return LinkState(etag=row["etag"], last_modified=row["last_modified"], page_key=row["page_key"],
                     inputs_key=row["inputs_key"], plan=strings(row["plan"]), warnings=strings(row["warnings"]) or ())


def _connect_read_only(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A read-only connection, for a user who may not write the database or its folder.

    SQLite reads a WAL database through a `-shm` index beside it, which such a user cannot
    create. When there is no `-wal` file either, no writer is connected and nothing is waiting to
    be checkpointed, so the file alone is the whole database: it is read as immutable, without
    the index. (A writer that starts meanwhile writes its own `-wal`, not this file, until it
    checkpoints when it closes.)
    """
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if Path(f"{path}-wal").exists() or os.access(path.parent, os.W_OK):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None)




def _insert(db: sqlite_utils.Database, table: str, rows: Sequence[dict[str, Any]], *, replace: bool = False) -> int:
    """Insert rows that all have the same columns, in one statement; the last row's id.

    sqlite-utils' insert_all works out the table's columns and types for every call (a query
    of the schema, each value inspected): at one call per run's batch and one per event that
    was a tenth of the checking process's CPU spent recording. Our tables' columns are known.
    replace: a row with the same primary key is replaced (a link's state: the newest check's).
    """
    columns = list(rows[0])
    sql = (f"INSERT {'OR REPLACE ' if replace else ''}INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    if len(rows) == 1:
        cursor = db.conn.execute(sql, [rows[0][c] for c in columns])
    else:
        cursor = db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
    return int(cursor.lastrowid or 0)


def _last_pk(table: sqlite_utils.db.Table) -> int:
    """The id of the row the table's last insert wrote (set by every insert; None only before one)."""
    if table.last_pk is None:
        raise StoreError(f"no row id after an insert into {table.name}")
    return int(table.last_pk)


