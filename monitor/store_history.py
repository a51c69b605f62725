"""The history queries: everything derived from checks, events and content changes when asked
(states, since when, uptime, run strips, what changed, outages), read by status, history, report,
publish and the digest.

`Store` inherits them from `HistoryQueries`, so callers ask the store; they only read."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
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
    RunInfo,
    SourceChange,
    Uptime,
)
from .history_rules import link_changes, short_diff
from .models import Check, Event, ForceCoverage, Hop, RunState, Status, utc_iso
from .schema import CATEGORY_COLUMNS, COUNTED, FAILED_RUNS, FORCE_INDEX, UPTIME_INDEX

UPTIME_WINDOWS = (7, 30, 90)


class HistoryQueries:
    """Read-only queries over a monitor database's history; `Store` is one."""

    db: sqlite_utils.Database

    def latest_run(self, *, state: str | None = None) -> RunInfo | None:
        """The newest run (of that state, if given)."""
        sql = "SELECT * FROM runs" + (" WHERE state = ?" if state else "") + " ORDER BY id DESC LIMIT 1"
        row = next(iter(self.db.query(sql, [state] if state else [])), None)
        return run_info(row) if row else None

    def events(self, *, after_id: int | None = None, since: datetime | str | None = None, until: datetime | str | None = None,
               force_id: str | None = None) -> list[Event]:
        """Confirmed state changes, oldest first.

        after_id: only events with a larger id (the digest remembers the last id it reported).
        since/until: only events confirmed at or after `since`, and before `until`.
        """
        sql, params = history_rows("events", "confirmed_at", after_id=after_id, since=since, until=until,
                                    force_id=force_id)
        return [row_to_event(row) for row in self.db.query(sql, params)]

    def last_event_id(self) -> int:
        """The newest event's id (0 when there is none): a digest's bookmark."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]

    def force_states(self, force_ids: Sequence[str] | None = None) -> list[ForceState]:
        """Each force's confirmed state, since when, its newest observation, first published and
        last content change. Forces named but never observed come back with everything None.
        Without force_ids: every force that has been observed.
        """
        latest = {row["force_id"]: row_to_event(row) for row in self.db.query(
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
        moment = as_utc(now)
        windows = sorted(set(windows))
        starts = {days: stored_time(moment - timedelta(days=days)) for days in windows}
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
        params: list[Any] = [force_id, stored_time(since)]
        if until is not None:
            sql += " AND checked_at < ?"
            params.append(stored_time(until))
        return [row_to_observation(row) for row in self.db.execute(sql + " ORDER BY run_id", params)]

    def content_changes(self, *, since: datetime | str | None = None, until: datetime | str | None = None,
                        after_id: int | None = None, force_id: str | None = None,
                        include_first: bool = False, diff_lines: int = 12) -> list[ContentChange]:
        """Changes of forces' verified texts, oldest first, each with a short diff.

        include_first: also the first version seen of each force's text (old_hash None).
        """
        sql, params = history_rows("content_changes", "at", after_id=after_id, since=since, until=until,
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
            if since is not None and newer[2] < stored_time(since):
                continue
            if until is not None and newer[2] >= stored_time(until):
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
        end = stored_time(until) if until is not None else now_iso()
        return Changes(
            since=stored_time(since), until=end,
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
            generated_at=stored_time(now),
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
        params = [stored_time(until)] if until is not None else []
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
        if newest is None or (since is not None and newest[1] < stored_time(since)):
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
        since = stored_time(as_utc(now) - timedelta(days=days))
        end = stored_time(now)
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

    def _event(self, event_id: int) -> Event:
        return row_to_event(dict(self.db.table("events").get(event_id)))

    def _observations(self, force_id: str, limit: int) -> tuple[Observation, ...]:
        rows = self.db.execute(
            "SELECT run_id, checked_at, status, reason, url, final_url, http_status FROM checks "
            f"WHERE force_id = ? AND {COUNTED} ORDER BY run_id DESC LIMIT ?", [force_id, limit]).fetchall()
        return tuple(row_to_observation(row) for row in reversed(rows))

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
            params = [force_id] + ([stored_time(before)] if before is not None else [])
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



def history_rows(table: str, time_column: str, *, after_id: int | None, since: datetime | str | None,
                  until: datetime | str | None, force_id: str | None, also: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """SELECT every row of an append-only history table (events, content_changes), oldest first:
    after an id, in [since, until) by its time column, of one force, and `also` (SQL conditions)."""
    where, params = list(also), []
    for condition, value in (("id > ?", after_id), (f"{time_column} >= ?", stored_time(since) if since is not None else None),
                             (f"{time_column} < ?", stored_time(until) if until is not None else None), ("force_id = ?", force_id)):
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


def now_iso() -> str:
    return utc_iso(datetime.now(timezone.utc))


def as_utc(moment: datetime | str) -> datetime:
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is None:
        raise StoreError(f"time {moment!r} has no zone; the store keeps UTC")
    return value.astimezone(timezone.utc)


def stored_time(moment: datetime | str) -> str:
    """The stored form of a time: UTC, seconds, "+00:00" (so times compare as text)."""
    return utc_iso(as_utc(moment))


def row_to_event(row: dict[str, Any]) -> Event:
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


def row_to_observation(row: Sequence[Any]) -> Observation:
    return Observation(row[0], row[1], Status(row[2]), row[3] or "", row[4], row[5], row[6])


def run_info(row: dict[str, Any]) -> RunInfo:
    return RunInfo(row["id"], row["started"], row["finished"], row["state"], row.get("trigger"), row.get("source_problem"))

