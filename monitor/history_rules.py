"""History's pure rules: when a force's confirmed state changes, what changed between two source
snapshots, and a short diff of two verified texts. No database: store.py applies them to rows,
and they are tested with plain data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .history_models import LinkChange, Observation
from .models import Status


@dataclass(frozen=True)
class Confirmation:
    """confirm()'s answer: the new confirmed status, the first and newest agreeing observations."""

    status: Status
    first: Observation
    last: Observation
    reason: str


def confirm(observations: Iterable[Observation], confirmed: Status | None, confirm_runs: int) -> Confirmation | None:
    """Does the force's confirmed state change?

    observations: the force's observations since its last event, NEWEST FIRST; read lazily, only
    as far as needed. confirmed: its confirmed status (None if never confirmed).

    The state moves to a new category when the newest `confirm_runs` observations agree: either
    they are all blocked (confirmed `blocked`, unverified), or, skipping blocked ones, the newest
    `confirm_runs` verified observations share a category. The new status is the newest agreeing
    observation's; the change began at the oldest consecutive agreeing observation.
    """
    n = max(1, confirm_runs)
    it = iter(observations)
    head: list[Observation] = []
    for obs in it:
        head.append(obs)
        if len(head) == n:
            break
    if len(head) < n:
        return None
    if all(obs.status is Status.BLOCKED for obs in head):
        if confirmed is Status.BLOCKED:
            return None
        first = head[-1]
        for obs in it:
            if obs.status is not Status.BLOCKED:
                break
            first = obs
        return Confirmation(Status.BLOCKED, first, head[0], head[0].reason)
    verified = [obs for obs in head if obs.status is not Status.BLOCKED]
    while len(verified) < n:
        more = next(it, None)
        if more is None:
            return None
        obs = more
        if obs.status is not Status.BLOCKED:
            verified.append(obs)
    category = verified[0].status.category
    if any(obs.status.category != category for obs in verified):
        return None
    if confirmed is not None and confirmed.category == category:
        return None
    first = verified[-1]
    for obs in it:
        if obs.status is Status.BLOCKED:
            continue
        if obs.status.category != category:
            break
        first = obs
    return Confirmation(verified[0].status, first, head[0], verified[0].reason)


def link_changes(old: tuple[list[dict[str, Any]], list[str]], new: tuple[list[dict[str, Any]], list[str]]) -> list[LinkChange]:
    """Force links added, removed or changed (one out, one in for the same force) between snapshots."""

    def by_force(links: list[dict[str, Any]]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for link in links:
            if link.get("force_id"):
                urls = found.setdefault(link["force_id"], [])
                if link["url"] not in urls:
                    urls.append(link["url"])
        return found

    before, after = by_force(old[0]), by_force(new[0])
    changes: list[LinkChange] = []
    for fid in sorted(set(before) | set(after)):
        gone = [url for url in before.get(fid, []) if url not in after.get(fid, [])]
        came = [url for url in after.get(fid, []) if url not in before.get(fid, [])]
        while gone and came:
            changes.append(LinkChange(fid, came.pop(0), gone.pop(0)))
        changes += [LinkChange(fid, None, url) for url in gone]
        changes += [LinkChange(fid, url, None) for url in came]
    changes += [LinkChange(None, None, url) for url in old[1] if url not in new[1]]
    changes += [LinkChange(None, url, None) for url in new[1] if url not in old[1]]
    return changes


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def short_diff(old: str, new: str, *, max_lines: int = 12, width: int = 160) -> tuple[str, ...]:
    """A few "- removed" / "+ added" lines, sentence by sentence (verified texts are one long line)."""

    def units(text: str) -> list[str]:
        return [part.strip() for line in text.splitlines() for part in _SENTENCE.split(line) if part.strip()]

    lines = []
    for line in difflib.unified_diff(units(old), units(new), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        sign, body = line[0], line[1:]
        lines.append(f"{sign} {body[:width - 1] + '…' if len(body) > width else body}")
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"… {len(lines) - max_lines} more changed sentences"]
    return tuple(lines)
