"""What the store keeps of the NPCC source: a snapshot of its links a run, and the runs that could
not read it; the source guard's baseline and its streak of problems are read from these.

`Store` inherits them from `SourceRecords` and owns the connection and its transactions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import sqlite_utils

from .models import Reconciliation, RunState, SourceSnapshot


class SourceRecords:
    """The source's snapshots and problem streaks over one store's connection; `Store` is one."""

    db: sqlite_utils.Database
    transaction: Callable[[], AbstractContextManager[None]]

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
