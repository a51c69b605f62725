"""The SQLite store: schema, migrations, writes and the queries history is built from.

Times are UTC ISO-8601 strings ("2026-11-28T09:00:00+00:00"), so they sort as text and any
SQLite client reads them. Every write of a run happens inside short transactions, so a process
killed mid-run leaves a consistent database with the run still `running`; the next run marks it
`aborted`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from .errors import StoreError
from .models import Check, Hop, Reconciliation, SourceSnapshot, Status

SCHEMA_VERSION = 1


def _migration_1(db: sqlite_utils.Database) -> None:
    db["runs"].create(
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
    db["checks"].create(
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
    db["checks"].create_index(["force_id", "checked_at"])
    db["checks"].create_index(["run_id"])
    db["source_snapshots"].create(
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
    db["source_snapshots"].create_index(["fetched_at"])


# Append-only: a released database is upgraded by running the migrations it has not seen.
MIGRATIONS = {1: _migration_1}


class Store:
    """One SQLite database. Open with `Store(path)`; ":memory:" works for tests of pure queries."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 30_000) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from exc
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the database ({exc.strerror})") from exc

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
                    self.db["schema_version"].create({"version": int, "applied_at": str}, pk="version")
                MIGRATIONS[version](self.db)
                self.db["schema_version"].insert({"version": version, "applied_at": _now()})

    # -- runs --------------------------------------------------------------------------------

    def abort_stale_runs(self, now: str) -> list[int]:
        """Runs left `running` by a process that died are `aborted`, never half-counted."""
        with self.transaction():
            stale = [row[0] for row in self.db.execute("SELECT id FROM runs WHERE state = 'running'").fetchall()]
            for run_id in stale:
                self.db["runs"].update(run_id, {"state": "aborted", "finished": now})
        return stale

    def start_run(self, started: str, trigger: str) -> int:
        from . import __version__

        with self.transaction():
            table = self.db["runs"]
            table.insert({"started": started, "state": "running", "trigger": trigger, "version": __version__})
            return int(table.last_pk)

    def finish_run(self, run_id: int, finished: str, state: str = "complete", source_problem: str | None = None) -> None:
        with self.transaction():
            self.db["runs"].update(run_id, {"finished": finished, "state": state, "source_problem": source_problem})

    def run(self, run_id: int) -> dict[str, Any]:
        try:
            return dict(self.db["runs"].get(run_id))
        except sqlite_utils.db.NotFoundError:
            raise StoreError(f"{self.path}: no run with id {run_id}") from None

    # -- checks and snapshots ----------------------------------------------------------------

    def record_check(self, run_id: int, check: Check, checked_at: str) -> None:
        row = {
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
        with self.transaction():
            self.db["checks"].insert(row)

    def record_snapshot(self, run_id: int, snapshot: SourceSnapshot, reconciliation: Reconciliation, fetched_at: str) -> None:
        links = [
            {"url": link.url, "text": link.text, "force_id": link.force_id, "matched_by": link.matched_by}
            for link in [link for found in reconciliation.links_by_force.values() for link in found]
        ]
        with self.transaction():
            self.db["source_snapshots"].insert(
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
                "WHERE r.state = 'complete' ORDER BY s.id DESC LIMIT 1"
            )
        )
        return rows[0] if rows else None

    def checks_for_run(self, run_id: int) -> list[Check]:
        return [row_to_check(row) for row in self.db.query("SELECT * FROM checks WHERE run_id = ? ORDER BY id", [run_id])]

    def last_check(self, force_id: str, url: str) -> Check | None:
        """The newest check of this force at this URL: conditional requests start from it."""
        rows = list(self.db.query(
            "SELECT * FROM checks WHERE force_id = ? AND url = ? ORDER BY id DESC LIMIT 1", [force_id, url]
        ))
        return row_to_check(rows[0]) if rows else None


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


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
