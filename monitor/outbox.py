"""The digest outbox: a digest is stored before it is sent and marked sent only after the channel
accepted it, so a crash or an outage never loses or duplicates one (DESIGN.md, "Delivery").

Rows cross this module's boundary as `OutboxRow` (frozen), and a new digest comes in as a
`DigestDraft`: no plain dicts, so a misspelt column is a type error rather than a KeyError in the
middle of a delivery. The `Store` owns the connection and its transactions; an `Outbox` is the
store's `outbox` attribute and shares both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, fields
from typing import Any

import sqlite_utils

from .errors import StoreError

TABLE = "outbox"


@dataclass(frozen=True)
class DigestDraft:
    """A digest composed and not yet stored: what it covers and the whole message as it will be sent."""

    created_at: str
    since: str | None  # the digest covers changes after this time (None: from the beginning)
    until: str
    first_event_id: int | None  # events covered: first_event_id..last_event_id
    last_event_id: int
    message_id: str
    subject: str
    message: str  # the whole MIME message, as sent


@dataclass(frozen=True)
class OutboxRow:
    """One stored digest for one channel, and how its delivery stands."""

    id: int
    channel: str
    state: str  # pending, sent, superseded
    created_at: str
    since: str | None
    until: str
    first_event_id: int | None
    last_event_id: int
    message_id: str
    subject: str
    message: str
    attempts: int
    in_flight: bool  # an attempt started and its outcome is unknown
    last_attempt_at: str | None
    last_error: str | None
    sent_at: str | None
    claimed_by: str | None  # the sender that took it, and until when its claim stands
    claimed_until: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> OutboxRow:
        values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(cls)}
        values["in_flight"] = bool(values["in_flight"])
        values["attempts"] = int(values["attempts"] or 0)
        return cls(**values)


@dataclass(frozen=True)
class OutboxClaim:
    """What `Outbox.claim` took for one channel: at most one of the three is set."""

    busy: OutboxRow | None = None  # another live sender holds this row: leave it to them
    resend: tuple[OutboxRow, ...] = ()  # rows whose earlier attempt may have been accepted
    new: OutboxRow | None = None  # a digest just composed


class Outbox:
    """The outbox table of one store's connection; every write is its own transaction."""

    def __init__(self, db: sqlite_utils.Database, transaction: Callable[[], AbstractContextManager[None]]) -> None:
        self._db = db
        self._transaction = transaction

    @property
    def _table(self) -> sqlite_utils.db.Table:
        return self._db.table(TABLE)

    def add(self, draft: DigestDraft, *, channel: str = "email") -> int:
        with self._transaction():
            return self._insert(draft, channel=channel)

    def _insert(self, draft: DigestDraft, **extra: Any) -> int:
        table = self._table
        table.insert({"state": "pending", "attempts": 0, "in_flight": 0, **asdict(draft), **extra})
        if table.last_pk is None:  # sqlite-utils sets it on every insert
            raise StoreError("the outbox insert returned no row id")
        return int(table.last_pk)

    def get(self, digest_id: int) -> OutboxRow:
        return OutboxRow.from_row(dict(self._table.get(digest_id)))

    def rows(self) -> list[OutboxRow]:
        """Every stored digest, oldest first."""
        return self._select("1 ORDER BY id")

    def pending(self, channel: str | None = None) -> list[OutboxRow]:
        """Digests not yet delivered (on that channel, or any), oldest first."""
        if channel is None:
            return self._select("state = 'pending' ORDER BY id")
        return self._select("state = 'pending' AND channel = ? ORDER BY id", [channel])

    def last_sent(self, channel: str = "email") -> OutboxRow | None:
        """The newest digest the channel delivered: its next one covers what came after it."""
        found = self._select("state = 'sent' AND channel = ? ORDER BY last_event_id DESC, id DESC LIMIT 1", [channel])
        return found[0] if found else None

    def claim(self, channel: str, claimant: str, *, at: str, until: str, alive: Callable[[str], bool],
              compose: Callable[[OutboxRow | None], DigestDraft | None] | None = None) -> OutboxClaim:
        """Take what the channel owes, in one transaction, so that no other sender takes it too.

        - A pending row claimed by another sender whose claim still stands (`claimed_until` not
          past and `alive(claimed_by)`) means that sender is delivering: nothing is taken (busy).
        - Rows in flight with nobody standing behind them (the sender died mid-attempt: the
          channel may have accepted) are claimed to be resent as they are (resend).
        - Other pending rows were never accepted: superseded, as the next digest covers them.
        - Otherwise `compose(last_sent_row)` may return a new draft, inserted already claimed (new).
        Every claimed row is in flight (attempts + 1) until `sent` or `failed`.
        """
        claimed = {"claimed_by": claimant, "claimed_until": until, "in_flight": 1, "last_attempt_at": at}
        with self._transaction():
            pending = self.pending(channel)
            for row in pending:
                if row.claimed_by and row.claimed_by != claimant and (row.claimed_until or "") > at and alive(row.claimed_by):
                    return OutboxClaim(busy=row)
            for row in pending:
                if not row.in_flight:
                    self._table.update(row.id, {"state": "superseded", "claimed_by": None, "claimed_until": None})
            uncertain = [row for row in pending if row.in_flight]
            if uncertain:
                for row in uncertain:
                    self._table.update(row.id, {**claimed, "attempts": row.attempts + 1})
                return OutboxClaim(resend=tuple(self.get(row.id) for row in uncertain))
            draft = compose(self.last_sent(channel)) if compose is not None else None
            if draft is None:
                return OutboxClaim()
            digest_id = self._insert(draft, channel=channel, **claimed, attempts=1)
            return OutboxClaim(new=self.get(digest_id))

    def begin_attempt(self, digest_id: int, at: str, *, claimant: str | None = None, until: str | None = None) -> None:
        # Committed before the conversation with the channel starts: if we die during it, the next run knows.
        with self._transaction():
            self._db.execute("UPDATE outbox SET attempts = attempts + 1, in_flight = 1, last_attempt_at = ?, "
                             "claimed_by = ?, claimed_until = ? WHERE id = ?", [at, claimant, until, digest_id])

    def sent(self, digest_id: int, at: str) -> None:
        with self._transaction():
            self._table.update(digest_id, {"state": "sent", "sent_at": at, "in_flight": 0, "last_error": None,
                                           "claimed_by": None, "claimed_until": None})

    def failed(self, digest_id: int, error: str, *, outcome_known: bool = True) -> None:
        """The channel did not accept it. A digest whose earlier attempt may have been accepted
        stays uncertain (outcome_known=False): it is resent as it is, never replaced."""
        with self._transaction():
            self._table.update(digest_id, {"in_flight": 0 if outcome_known else 1, "last_error": error,
                                           "claimed_by": None, "claimed_until": None})

    def supersede(self, digest_ids: Sequence[int]) -> None:
        """Pending digests whose content a newer digest covers (they were never accepted)."""
        with self._transaction():
            for digest_id in digest_ids:
                self._table.update(digest_id, {"state": "superseded", "in_flight": 0})

    def _select(self, where: str, params: Sequence[Any] = ()) -> list[OutboxRow]:
        return [OutboxRow.from_row(row) for row in self._db.query(f"SELECT * FROM outbox WHERE {where}", list(params))]
