"""The SQLite store: schema, migrations, writes and the queries history is built from.

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
- One run at a time: `run_lock` (filelock on `<db>.lock`, any OS) is taken by every caller of run_once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from .errors import StoreError
from .history_models import (
    Changes,
    ContentChange,
    ForceHistory,
    ForceState,
    Observation,
    Outage,
    Overview,
    PruneResult,
    RunInfo,
    SourceChange,
    Uptime,
)
from .history_rules import confirm, link_changes, short_diff
from .models import (
    Check,
    Event,
    ForceCoverage,
    Hop,
    LinkState,
    Reconciliation,
    RunState,
    SourceSnapshot,
    Status,
    utc_iso,
)
from .outbox import Outbox
from .schema import (
    APPLICATION_ID,
    CATEGORY_COLUMNS,
    COUNTED,
    DEFAULT_CONFIRM_RUNS,
    FAILED_RUNS,
    FORCE_INDEX,
    MIGRATIONS,
    SCHEMA_VERSION,
    UPTIME_INDEX,
    event_row,
)

UPTIME_WINDOWS = (7, 30, 90)


class Store:
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
                self.db.table("schema_version").insert({"version": version, "applied_at": _now()})

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
                table = self.db.table("events")
                table.insert(event_row(force_id, before, decision))
                new_events.append(self._event(_last_pk(table)))
            if status == Status.PUBLISHED.value and content_hash:
                previous = self.db.execute(
                    "SELECT new_hash FROM content_changes WHERE force_id = ? ORDER BY id DESC LIMIT 1", [force_id]
                ).fetchone()
                if previous is None or previous[0] != content_hash:
                    self.db.table("content_changes").insert({
                        "force_id": force_id, "at": checked_at, "run_id": run_id,
                        "old_hash": previous[0] if previous else None, "new_hash": content_hash,
                    })
        return new_events

    # -- one run at a time -------------------------------------------------------------------

    @contextmanager
    def run_lock(self, timeout: float, *, on_wait: Callable[[str], None] | None = None,
                 poll: float = 0.1, give_up: Callable[[], bool] | None = None) -> Iterator[None]:
        """Hold the run lock on `<db>.lock` (filelock: flock on Linux and macOS, LockFileEx on
        Windows), so two processes never interleave a run.

        SQLite's own locking is per transaction, and a run spans many. Waits up to `timeout`
        seconds (calling `on_wait(message)` once if it has to wait), then raises StoreError.
        The operating system drops the lock when the holder dies, even by SIGKILL: a stale lock
        file is harmless. Take it before `run_once` (which aborts runs left `running`). `give_up()`
        returning true ends the wait at once (a scheduler shutting down must not start a run).
        """
        if self.path == ":memory:":
            yield
            return
        from filelock import FileLock, Timeout

        lock_path = self.path + ".lock"
        # thread_local=False: the scheduler takes and leaves the lock in whichever thread runs the job.
        lock = FileLock(lock_path, thread_local=False)
        deadline = time.monotonic() + max(0.0, timeout)
        waited = False
        while True:
            try:
                lock.acquire(timeout=0)
                break
            except Timeout:
                holder = _lock_holder(lock_path)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreError(
                        f"{self.path}: another run is in progress ({holder} holds {lock_path}); "
                        f"gave up after waiting {timeout:g} s",
                        hint="Let that run finish and try again, or raise [store] lock_timeout in the config.",
                    ) from None
                if give_up is not None and give_up():
                    raise StoreError(f"{self.path}: stopped while waiting for the run lock")
                if not waited and on_wait is not None:
                    on_wait(f"another run is in progress ({holder}); waiting up to {timeout:g} s for it to finish")
                waited = True
                time.sleep(min(poll, remaining))
            except OSError as exc:
                raise StoreError(f"{lock_path}: cannot create the run lock ({exc.strerror or exc})") from exc
        try:
            _write_lock_holder(lock_path)
            yield
        finally:
            lock.release()

    # -- history queries ---------------------------------------------------------------------

    def latest_run(self, *, state: str | None = None) -> RunInfo | None:
        """The newest run (of that state, if given)."""
        sql = "SELECT * FROM runs" + (" WHERE state = ?" if state else "") + " ORDER BY id DESC LIMIT 1"
        row = next(iter(self.db.query(sql, [state] if state else [])), None)
        return _run_info(row) if row else None

    def events(self, *, after_id: int | None = None, since: datetime | str | None = None, until: datetime | str | None = None,
               force_id: str | None = None) -> list[Event]:
        """Confirmed state changes, oldest first.

        after_id: only events with a larger id (the digest remembers the last id it reported).
        since/until: only events confirmed at or after `since`, and before `until`.
        """
        sql, params = _history_rows("events", "confirmed_at", after_id=after_id, since=since, until=until,
                                    force_id=force_id)
        return [_row_to_event(row) for row in self.db.query(sql, params)]

    def last_event_id(self) -> int:
        """The newest event's id (0 when there is none): a digest's bookmark."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]

    def force_states(self, force_ids: Sequence[str] | None = None) -> list[ForceState]:
        """Each force's confirmed state, since when, its newest observation, first published and
        last content change. Forces named but never observed come back with everything None.
        Without force_ids: every force that has been observed.
        """
        latest = {row["force_id"]: _row_to_event(row) for row in self.db.query(
            "SELECT * FROM events WHERE id IN (SELECT max(id) FROM events GROUP BY force_id)")}
        changed = dict(self.db.execute(
            "SELECT force_id, max(at) FROM content_changes WHERE old_hash IS NOT NULL GROUP BY force_id").fetchall())
        rolled_first = dict(self.db.execute(
            "SELECT force_id, min(first_published_at) FROM daily_rollups "
            "WHERE first_published_at IS NOT NULL GROUP BY force_id").fetchall())
        ids = list(force_ids) if force_ids is not None else self._observed_force_ids()
        states = []
        for fid in ids:
            event = latest.get(fid)
            strip = self._observations(fid, 1)
            first = rolled_first.get(fid) or self._first_published(fid)
            states.append(ForceState(
                force_id=fid,
                state=event.to_status if event else None,
                since=event.at if event else None,
                confirmed_at=event.confirmed_at if event else None,
                event_id=event.id if event else None,
                observed=strip[-1] if strip else None,
                first_published=first,
                last_content_change=changed.get(fid),
                first_state=event is not None and event.from_status is None,
            ))
        return states

    def uptime(self, now: datetime | str, *, windows: Sequence[int] = UPTIME_WINDOWS,
               force_ids: Sequence[str] | None = None) -> dict[str, dict[int, Uptime]]:
        """Availability per force over each window (days) ending at `now`: force -> {days: Uptime}.

        Counts observations in complete runs only; blocked ones are left out. Raw checks count
        from exactly `now - days`; days folded by `prune` count whole from the window's first day.
        """
        moment = _as_datetime(now)
        windows = sorted(set(windows))
        starts = {days: _iso(moment - timedelta(days=days)) for days in windows}
        columns = ", ".join(
            f"sum(checked_at >= :s{d} AND status = 'published'), sum(checked_at >= :s{d} AND status != 'blocked'), "
            f"sum(checked_at >= :s{d} AND status = 'blocked')" for d in windows)
        params = {f"s{d}": starts[d] for d in windows} | {"longest": starts[windows[-1]]}
        counts: dict[str, list[int]] = {}
        # Pinned: without statistics the planner may walk a whole index to save a sort of a few forces.
        # For a handful of forces (history ID) their own index entries are fewer than the window's.
        few = force_ids is not None and len(force_ids) <= 3
        where = "checked_at >= :longest"
        if force_ids is not None and few:
            params |= {f"f{i}": fid for i, fid in enumerate(force_ids)}
            where += f" AND force_id IN ({', '.join(f':f{i}' for i in range(len(force_ids)))})"
        for row in self.db.execute(
            f"SELECT force_id, {columns} FROM checks INDEXED BY {FORCE_INDEX if few else UPTIME_INDEX} "
            f"WHERE {where} AND {COUNTED} GROUP BY force_id",
            params,
        ):
            counts[row[0]] = [value or 0 for value in row[1:]]
        days_from = {f"d{d}": starts[d][:10] for d in windows} | {"longest": starts[windows[-1]][:10]}
        columns = ", ".join(
            f"sum(CASE WHEN day >= :d{d} THEN published ELSE 0 END), "
            f"sum(CASE WHEN day >= :d{d} THEN published + missing + broken ELSE 0 END), "
            f"sum(CASE WHEN day >= :d{d} THEN blocked ELSE 0 END)" for d in windows)
        for row in self.db.execute(
            f"SELECT force_id, {columns} FROM daily_rollups INDEXED BY idx_daily_rollups_day "
            "WHERE day >= :longest GROUP BY force_id", days_from,
        ):
            base = counts.setdefault(row[0], [0] * (3 * len(windows)))
            counts[row[0]] = [a + (b or 0) for a, b in zip(base, row[1:])]
        ids = list(force_ids) if force_ids is not None else sorted(counts)
        result: dict[str, dict[int, Uptime]] = {}
        for fid in ids:
            values = counts.get(fid, [0] * (3 * len(windows)))
            result[fid] = {d: Uptime(fid, d, *values[3 * i:3 * i + 3]) for i, d in enumerate(windows)}
        return result

    def run_strips(self, limit: int = 30, force_ids: Sequence[str] | None = None) -> dict[str, tuple[Observation, ...]]:
        """Each force's newest `limit` observations (complete runs only), oldest first."""
        ids = list(force_ids) if force_ids is not None else self._observed_force_ids()
        return {fid: self._observations(fid, limit) for fid in ids}

    def observations(self, force_id: str, *, since: datetime | str, until: datetime | str | None = None) -> list[Observation]:
        """A force's observations in complete runs from `since`, oldest first."""
        sql = ("SELECT run_id, checked_at, status, reason, url, final_url, http_status FROM checks "
               f"WHERE force_id = ? AND checked_at >= ? AND {COUNTED}")
        params: list[Any] = [force_id, _iso(since)]
        if until is not None:
            sql += " AND checked_at < ?"
            params.append(_iso(until))
        return [_row_to_observation(row) for row in self.db.execute(sql + " ORDER BY run_id", params)]

    def content_changes(self, *, since: datetime | str | None = None, until: datetime | str | None = None,
                        after_id: int | None = None, force_id: str | None = None,
                        include_first: bool = False, diff_lines: int = 12) -> list[ContentChange]:
        """Changes of forces' verified texts, oldest first, each with a short diff.

        include_first: also the first version seen of each force's text (old_hash None).
        """
        sql, params = _history_rows("content_changes", "at", after_id=after_id, since=since, until=until,
                                    force_id=force_id, also=() if include_first else ("old_hash IS NOT NULL",))
        changes = []
        for row in self.db.query(sql, params):
            diff: tuple[str, ...] = ()
            if row["old_hash"] and diff_lines > 0:
                old, new = self.text(row["old_hash"]), self.text(row["new_hash"])
                if old is not None and new is not None:
                    diff = short_diff(old, new, max_lines=diff_lines)
            changes.append(ContentChange(row["id"], row["force_id"], row["at"], row["run_id"],
                                         row["old_hash"], row["new_hash"], diff))
        return changes

    def text(self, content_hash: str) -> str | None:
        """A verified text by its hash, or None if it was never kept."""
        row = self.db.execute("SELECT text FROM texts WHERE hash = ?", [content_hash]).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else None

    def source_changes(self, *, since: datetime | str | None = None, until: datetime | str | None = None,
                       after_run_id: int | None = None) -> list[SourceChange]:
        """Changes of the NPCC response between consecutive snapshots, oldest first.

        A change is reported when a force link was added, removed or changed, when GOV.UK's
        public_updated_at moved, or when the body changed (same kind of read). Snapshots of
        aborted runs are skipped; those of source_error runs count (a source that lost links is
        exactly what this should show). Filters apply to the newer snapshot.
        """
        rows = self.db.execute(
            "SELECT id, run_id, fetched_at, kind, content_hash, public_updated_at FROM source_snapshots "
            f"WHERE run_id NOT IN (SELECT id FROM runs WHERE state IN ('{RunState.ABORTED}', '{RunState.RUNNING}')) ORDER BY id"
        ).fetchall()
        changes = []
        for older, newer in zip(rows, rows[1:]):
            if newer[1] <= (after_run_id or 0):
                continue
            if since is not None and newer[2] < _iso(since):
                continue
            if until is not None and newer[2] >= _iso(until):
                continue
            if older[4] == newer[4] and older[5] == newer[5]:
                continue
            links = link_changes(self._snapshot_links(older[0]), self._snapshot_links(newer[0]))
            body = older[3] == newer[3] and older[4] != newer[4]
            if links or body or older[5] != newer[5]:
                changes.append(SourceChange(
                    run_id=newer[1], at=newer[2], previous_run_id=older[1], previous_at=older[2],
                    links=tuple(links), public_updated_at=newer[5], previous_public_updated_at=older[5],
                    content_changed=body,
                ))
        return changes

    def changes(self, since: datetime | str, until: datetime | str | None = None, *, diff_lines: int = 12) -> Changes:
        """Everything that changed from `since` (to `until`, default now): events, content, source."""
        end = _iso(until) if until is not None else _now()
        return Changes(
            since=_iso(since), until=end,
            events=tuple(self.events(since=since, until=end)),
            content_changes=tuple(self.content_changes(since=since, until=end, diff_lines=diff_lines)),
            source_changes=tuple(self.source_changes(since=since, until=end)),
        )

    def overview(self, now: datetime | str, force_ids: Sequence[str] | None = None, *, strip_runs: int = 30) -> Overview:
        """Every force at a glance (what `status` and `report` show), in the order of force_ids."""
        states = self.force_states(force_ids)
        ids = [state.force_id for state in states]
        source_changes = self.source_changes()
        link_changed: dict[str, str] = {}
        for change in source_changes:
            for link in change.links:
                if link.force_id:
                    link_changed[link.force_id] = change.at
        last_snapshot = self.db.execute(
            "SELECT public_updated_at FROM source_snapshots ORDER BY id DESC LIMIT 1").fetchone()
        return Overview(
            generated_at=_iso(now),
            states=tuple(states),
            uptime=self.uptime(now, force_ids=ids),
            strips=self.run_strips(strip_runs, ids),
            last_run=self.latest_run(),
            last_complete_run=self.latest_run(state=RunState.COMPLETE),
            source_public_updated_at=last_snapshot[0] if last_snapshot else None,
            last_source_change=source_changes[-1] if source_changes else None,
            link_changed=link_changed,
            outage=self.outage(),
            coverage={fid: cov for fid, cov in self.published_coverage(ids).items()
                      if any(st.force_id == fid and st.shown is Status.PUBLISHED for st in states)},
        )

    def outage(self, *, until: datetime | str | None = None) -> Outage | None:
        """The runs after the newest complete one (up to `until`) that could not finish, if any.

        A run still `running` is not a failure yet and is passed over; `source_error` (the NPCC
        response could not be read) and `aborted` (cut short: a crash, a full disk, Ctrl-C) are.
        """
        bound = " AND started <= ?" if until is not None else ""
        params = [_iso(until)] if until is not None else []
        last_good = self.db.execute(
            f"SELECT id, finished FROM runs WHERE state = '{RunState.COMPLETE}'{bound} ORDER BY id DESC LIMIT 1",
            params).fetchone()
        rows = self.db.execute(
            f"SELECT started, state, source_problem FROM runs WHERE id > ? AND state IN {FAILED_RUNS}{bound} "
            "ORDER BY id", [last_good[0] if last_good else 0, *params]).fetchall()
        if not rows:
            return None
        newest = rows[-1]
        reason = newest[2] or ("the run did not finish (interrupted, or the process stopped)" if newest[1] == RunState.ABORTED
                               else "the NPCC response could not be read")
        return Outage(runs=len(rows), source_errors=sum(1 for r in rows if r[1] == RunState.SOURCE_ERROR), since=rows[0][0],
                      reason=reason, last_good=last_good[1] if last_good else None)

    def recovery(self, since: datetime | str | None) -> Outage | None:
        """The failed runs just before the newest complete run, when that run began at or after
        `since`: an outage that ended in the period. Told by run order, not by comparing times,
        which are whole seconds."""
        newest = self.db.execute(f"SELECT id, started, finished FROM runs WHERE state = '{RunState.COMPLETE}' "
                                 "ORDER BY id DESC LIMIT 1").fetchone()
        if newest is None or (since is not None and newest[1] < _iso(since)):
            return None
        previous = self.db.execute(f"SELECT max(id) FROM runs WHERE state = '{RunState.COMPLETE}' AND id < ?",
                                   [newest[0]]).fetchone()[0]
        rows = self.db.execute(
            "SELECT started, state, source_problem FROM runs WHERE id > ? AND id < ? "
            f"AND state IN {FAILED_RUNS} ORDER BY id", [previous or 0, newest[0]]).fetchall()
        if not rows:
            return None
        return Outage(runs=len(rows), source_errors=sum(1 for r in rows if r[1] == RunState.SOURCE_ERROR), since=rows[0][0],
                      reason=rows[-1][2] or "the run did not finish", last_good=newest[2])

    def force_history(self, force_id: str, now: datetime | str, *, days: int = 30, diff_lines: int = 12) -> ForceHistory:
        """One force over the last `days` days: state, uptime, observations, events, content and link changes."""
        since = _iso(_as_datetime(now) - timedelta(days=days))
        end = _iso(now)
        link_changes = tuple(
            (change, link) for change in self.source_changes(since=since, until=end)
            for link in change.links if link.force_id == force_id
        )
        return ForceHistory(
            force_id=force_id, since=since, until=end,
            state=self.force_states([force_id])[0],
            uptime=self.uptime(now, force_ids=[force_id])[force_id],
            observations=tuple(self.observations(force_id, since=since, until=end)),
            events=tuple(self.events(force_id=force_id, since=since, until=end)),
            content_changes=tuple(self.content_changes(force_id=force_id, since=since, until=end,
                                                       include_first=True, diff_lines=diff_lines)),
            link_changes=link_changes,
        )

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
        cutoff = (_as_datetime(now) - timedelta(days=keep_days)).date().isoformat()
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

    def _event(self, event_id: int) -> Event:
        return _row_to_event(dict(self.db.table("events").get(event_id)))

    def _observations(self, force_id: str, limit: int) -> tuple[Observation, ...]:
        rows = self.db.execute(
            "SELECT run_id, checked_at, status, reason, url, final_url, http_status FROM checks "
            f"WHERE force_id = ? AND {COUNTED} ORDER BY run_id DESC LIMIT ?", [force_id, limit]).fetchall()
        return tuple(_row_to_observation(row) for row in reversed(rows))

    def _first_published(self, force_id: str) -> str | None:
        row = self.db.execute(
            f"SELECT checked_at FROM checks WHERE force_id = ? AND status = 'published' AND {COUNTED} "
            "ORDER BY checked_at LIMIT 1", [force_id]).fetchone()
        return row[0] if row else None

    def _observed_force_ids(self) -> list[str]:
        # A skip-scan: one index seek per force, instead of reading every check to find 43 names.
        skip = ("WITH RECURSIVE f(id) AS (SELECT min(force_id) FROM {t} UNION ALL "
                "SELECT (SELECT min(force_id) FROM {t} WHERE force_id > f.id) FROM f WHERE f.id IS NOT NULL) "
                "SELECT id FROM f WHERE id IS NOT NULL")
        ids = {row[0] for row in self.db.execute(skip.format(t="checks"))}
        ids |= {row[0] for row in self.db.execute(skip.format(t="events"))}
        return sorted(ids)

    def _snapshot_links(self, snapshot_id: int) -> tuple[list[dict[str, Any]], list[str]]:
        row = self.db.execute("SELECT links, unmatched FROM source_snapshots WHERE id = ?", [snapshot_id]).fetchone()
        return json.loads(row[0] or "[]"), json.loads(row[1] or "[]")

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
            self.db.table("checks").insert_all(rows)
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
            self.db.table("link_states").upsert_all(kept, pk=("force_id", "url"))

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

    def record_snapshot(self, run_id: int, snapshot: SourceSnapshot, reconciliation: Reconciliation, fetched_at: str) -> None:
        links = [
            {"url": link.url, "text": link.text, "force_id": link.force_id, "matched_by": link.matched_by}
            for link in [link for found in reconciliation.links_by_force.values() for link in found]
        ]
        with self.transaction():
            self.db.table("source_snapshots").insert(
                {
                    "run_id": run_id,
                    "fetched_at": fetched_at,
                    "url": snapshot.url,
                    "kind": snapshot.kind,
                    "content_hash": snapshot.content_hash,
                    "title": snapshot.title,
                    "public_updated_at": snapshot.public_updated_at,
                    "updated_at": snapshot.updated_at,
                    "fallback_reason": snapshot.fallback_reason,
                    "force_link_count": len(reconciliation.links_by_force),
                    "links": json.dumps(links),
                    "unmatched": json.dumps([link.url for link in reconciliation.unmatched]),
                }
            )

    def last_good_snapshot(self) -> dict[str, Any] | None:
        """The newest snapshot of a run that was not a source error."""
        rows = list(
            self.db.query(
                "SELECT s.* FROM source_snapshots s JOIN runs r ON r.id = s.run_id "
                f"WHERE r.state = '{RunState.COMPLETE}' ORDER BY s.id DESC LIMIT 1"
            )
        )
        return rows[0] if rows else None

    def recent_good_snapshots(self, limit: int) -> list[list[tuple[str, str]]]:
        """The force links, as (force id, url), of the newest `limit` snapshots of complete runs:
        what the source guard's baseline is made of."""
        rows = self.db.query(
            "SELECT s.links FROM source_snapshots s JOIN runs r ON r.id = s.run_id "
            f"WHERE r.state = '{RunState.COMPLETE}' ORDER BY s.id DESC LIMIT ?", [limit])
        return [[(link.get("force_id") or "", link.get("url") or "") for link in json.loads(row["links"] or "[]")]
                for row in rows]

    def source_problem_streak(self, before_run_id: int) -> tuple[int, str | None]:
        """How many finished runs in a row before this one were source problems, and when the first
        of them started. Aborted runs neither break nor extend the streak."""
        count, since = 0, None
        for row in self.db.query(f"SELECT state, started FROM runs WHERE id < ? "
                                 f"AND state IN ('{RunState.COMPLETE}', '{RunState.SOURCE_ERROR}') "
                                 "ORDER BY id DESC", [before_run_id]):
            if row["state"] != RunState.SOURCE_ERROR:
                break
            count, since = count + 1, row["started"]
        return count, since

    def checks_for_run(self, run_id: int) -> list[Check]:
        return [row_to_check(row) for row in self.db.query("SELECT * FROM checks WHERE run_id = ? ORDER BY id", [run_id])]

    def latest_checks(self, force_ids: Sequence[str] | None = None) -> dict[str, Check]:
        """Each force's newest check in a complete run, with its evidence (what the site's force
        pages show as the verdict's coverage)."""
        rows = self.db.query(
            f"SELECT * FROM checks WHERE id IN (SELECT max(id) FROM checks WHERE {COUNTED} GROUP BY force_id)")
        latest = {row["force_id"]: row_to_check(row) for row in rows}
        return latest if force_ids is None else {fid: latest[fid] for fid in force_ids if fid in latest}

    def published_coverage(self, force_ids: Sequence[str] | None = None, *,
                           before: datetime | str | None = None) -> dict[str, ForceCoverage]:
        """Each force's coverage from its newest published check in a complete run (checked before
        `before` when given: the digest compares then with now). Forces whose checks hold no
        coverage evidence are left out."""
        # One indexed lookup per force (checks by force_id, status, checked_at), never a scan of
        # every check: 43 forces and years of runs.
        sql = (f"SELECT force_id, run_id, checked_at, evidence FROM checks WHERE force_id = ? AND status = 'published' "
               f"AND {COUNTED}" + (" AND checked_at < ?" if before is not None else "")
               + " ORDER BY checked_at DESC, id DESC LIMIT 1")
        found: dict[str, ForceCoverage] = {}
        for force_id in (list(force_ids) if force_ids is not None else self._observed_force_ids()):
            params = [force_id] + ([_iso(before)] if before is not None else [])
            for row in self.db.query(sql, params):
                try:
                    evidence = json.loads(row["evidence"] or "{}")
                except ValueError:
                    continue
                coverage = ForceCoverage.from_evidence(row["force_id"], row["run_id"], row["checked_at"],
                                                       evidence if isinstance(evidence, dict) else {})
                if coverage is not None:
                    found[force_id] = coverage
        return found

    def daily_counts(self) -> list[dict[str, Any]]:
        """One row per force per UTC day: how many checks of complete runs found it published,
        missing, broken or blocked, raw checks and days folded by `prune` alike; oldest first."""
        rows = self.db.query(
            "SELECT force_id, day, sum(published) AS published, sum(missing) AS missing, sum(broken) AS broken, "
            "sum(blocked) AS blocked, sum(total) AS total FROM ("
            f"  SELECT force_id, substr(checked_at, 1, 10) AS day, {CATEGORY_COLUMNS}, 1 AS total "
            f"  FROM checks WHERE {COUNTED} "
            "  UNION ALL SELECT force_id, day, published, missing, broken, blocked, total FROM daily_rollups"
            ") GROUP BY force_id, day ORDER BY day, force_id")
        return list(rows)

    def last_check(self, force_id: str, url: str) -> Check | None:
        """The newest check of this force at this URL: conditional requests start from it."""
        rows = list(self.db.query(
            "SELECT * FROM checks WHERE force_id = ? AND url = ? ORDER BY id DESC LIMIT 1", [force_id, url]
        ))
        if not rows:
            return None
        return replace(row_to_check(rows[0]), link_state=self.link_state(force_id, url))


def _history_rows(table: str, time_column: str, *, after_id: int | None, since: datetime | str | None,
                  until: datetime | str | None, force_id: str | None, also: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """SELECT every row of an append-only history table (events, content_changes), oldest first:
    after an id, in [since, until) by its time column, of one force, and `also` (SQL conditions)."""
    where, params = list(also), []
    for condition, value in (("id > ?", after_id), (f"{time_column} >= ?", _iso(since) if since is not None else None),
                             (f"{time_column} < ?", _iso(until) if until is not None else None), ("force_id = ?", force_id)):
        if value is not None:
            where.append(condition)
            params.append(value)
    return f"SELECT * FROM {table}" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id", params


def row_to_check(row: dict[str, Any]) -> Check:
    return Check(
        force_id=row["force_id"],
        status=Status(row["status"]),
        reason=row["reason"] or "",
        url=row["url"],
        final_url=row["final_url"],
        http_status=row["http_status"],
        elapsed_ms=row["elapsed_ms"],
        score=row["score"] or 0.0,
        warnings=tuple(json.loads(row["warnings"] or "[]")),
        redirect_chain=tuple(Hop(**hop) for hop in json.loads(row["redirect_chain"] or "[]")),
        content_hash=row["content_hash"],
        title=row["title"],
        bytes=row["bytes"],
        error=row["error"],
        used_override=bool(row["used_override"]),
        evidence=json.loads(row["evidence"] or "{}"),
    )


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


def _now() -> str:
    return utc_iso(datetime.now(timezone.utc))


def _as_datetime(moment: datetime | str) -> datetime:
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is None:
        raise StoreError(f"time {moment!r} has no zone; the store keeps UTC")
    return value.astimezone(timezone.utc)


def _iso(moment: datetime | str) -> str:
    """The stored form of a time: UTC, seconds, "+00:00" (so times compare as text)."""
    return utc_iso(_as_datetime(moment))


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


def _lock_holder(lock_path: str) -> str:
    """Who holds the run lock, as its holder wrote it; a reader the OS keeps out (Windows locks
    the bytes) or an empty file says "another process"."""
    try:
        with open(lock_path, encoding="ascii", errors="replace") as handle:
            pid = handle.read(32).strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


def _write_lock_holder(lock_path: str) -> None:
    """Our pid into the lock file, for the message another run shows while it waits (best effort)."""
    try:
        with open(lock_path, "r+", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
            handle.truncate()
    except OSError:
        pass


def _last_pk(table: sqlite_utils.db.Table) -> int:
    """The id of the row the table's last insert wrote (set by every insert; None only before one)."""
    if table.last_pk is None:
        raise StoreError(f"no row id after an insert into {table.name}")
    return int(table.last_pk)


def _run_info(row: dict[str, Any]) -> RunInfo:
    return RunInfo(row["id"], row["started"], row["finished"], row["state"], row.get("trigger"), row.get("source_problem"))


def _row_to_event(row: dict[str, Any]) -> Event:
    return Event(
        id=row["id"],
        force_id=row["force_id"],
        from_status=Status(row["from_status"]) if row["from_status"] else None,
        to_status=Status(row["to_status"]),
        at=row["at"],
        confirmed_at=row["confirmed_at"],
        run_id=row["run_id"],
        first_run_id=row["first_run_id"],
        reason=row["reason"] or "",
    )


def _row_to_observation(row: Sequence[Any]) -> Observation:
    return Observation(row[0], row[1], Status(row[2]), row[3] or "", row[4], row[5], row[6])
