"""One run's result for people and programs: the summary line, the table, the run as JSON.

The report is pure rendering, a module a format: `report_words` (times, states, strips shared by
all), `report_json` (JSON and CSV), `report_text` (terminal), `report_html` (the status page),
`explain` (why a verdict is what it is). Each takes a RunSummary or the store's history
dataclasses (and the register for names) and returns text or data; the CLI writes the result.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from .explain import coverage_of
from .models import (
    STATUS_ORDER,
    Check,
    Force,
    RunState,
    RunSummary,
    Status,
)
from .report_json import JSON_FORMAT_VERSION, event_to_dict


def summary_line(summary: RunSummary) -> str:
    """'39/43 published, 2 broken, 1 not linked, 1 blocked'."""
    if summary.state == RunState.SOURCE_ERROR:
        return f"source problem: {summary.source_problem}"
    counts = summary.counts()
    total = len(summary.checks)
    parts = [f"{counts[Status.PUBLISHED.value]}/{total} published"]
    parts += [f"{counts[s.value]} {s.label}" for s in STATUS_ORDER[1:] if counts[s.value]]
    return ", ".join(parts)


def check_to_dict(check: Check, force: Force | None) -> dict[str, Any]:
    return {
        "id": check.force_id,
        "name": force.name if force else check.force_id,
        "status": check.status.value,
        "url": check.url,
        "final_url": check.final_url,
        "http_status": check.http_status,
        "reason": check.reason,
        "elapsed_ms": check.elapsed_ms,
        "warnings": list(check.warnings),
        "used_override": check.used_override,
        "override_note": force.note if check.used_override and force else None,
        "redirect_chain": [{"url": h.url, "status": h.status, "location": h.location} for h in check.redirect_chain],
        "title": check.title,
        "score": round(check.score, 2),
        "content_hash": check.content_hash,
        # Which of the report's recommendations the response answers (None unless published).
        "coverage": coverage_of(check.evidence),
    }


def run_to_dict(summary: RunSummary, forces: Sequence[Force]) -> dict[str, Any]:
    by_id = {force.id: force for force in forces}
    source = summary.source
    return {
        "format": JSON_FORMAT_VERSION,
        "run": {"id": summary.run_id, "started": summary.started, "finished": summary.finished, "state": summary.state},
        "summary": {**summary.counts(), "total": len(summary.checks), "line": summary_line(summary)},
        "source": None if source is None else {
            "url": source.url,
            "kind": source.kind,
            "title": source.title,
            "public_updated_at": source.public_updated_at,
            "updated_at": source.updated_at,
            "content_hash": source.content_hash,
            "fallback_reason": source.fallback_reason,
            "unmatched_links": [link.url for link in summary.unmatched],
        },
        "source_problem": summary.source_problem,
        "forces": [check_to_dict(check, by_id.get(check.force_id)) for check in ordered_checks(summary.checks, forces)],
        # Confirmed state changes this run produced (see `status`); added in schema v2.
        "events": [event_to_dict(event) for event in summary.events],
    }


# One layout for the run's JSON, whether built as a string or written out as it is made.
_JSON_LAYOUT: dict[str, Any] = {"indent": 2, "ensure_ascii": True}


def run_to_json(summary: RunSummary, forces: Sequence[Force]) -> str:
    return json.dumps(run_to_dict(summary, forces), **_JSON_LAYOUT)


def write_run_json(summary: RunSummary, forces: Sequence[Force], out: TextIO) -> None:
    """The run's JSON and a newline, written to `out` piece by piece: at 10,000 checks the text is
    36 MB, and building it whole (json.dumps' pieces, then print's encoded copy) peaked 165 MB
    above the run itself (bench/RESULTS.md)."""
    json.dump(run_to_dict(summary, forces), out, **_JSON_LAYOUT)
    out.write("\n")


def table_rows(summary: RunSummary, forces: Sequence[Force]) -> list[tuple[str, ...]]:
    by_id = {force.id: force for force in forces}
    rows: list[tuple[str, ...]] = []
    for check in ordered_checks(summary.checks, forces):
        force = by_id.get(check.force_id)
        reason = check.reason + (" [override]" if check.used_override else "")
        if check.warnings:
            reason += f" ({', '.join(check.warnings)})"
        rows.append((
            force.name if force else check.force_id,
            check.status.label,
            str(check.http_status) if check.http_status is not None else "-",
            check.final_url or check.url or "-",
            str(check.elapsed_ms) if check.elapsed_ms is not None else "-",
            reason,
        ))
    return rows


TABLE_HEADERS = ("Force", "Status", "HTTP", "Final URL", "ms", "Reason")


def plain_table(summary: RunSummary, forces: Sequence[Force]) -> str:
    """Aligned columns with no decoration, for pipes, logs and mail."""
    rows = [TABLE_HEADERS, *table_rows(summary, forces)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_HEADERS) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths)) + "  " + row[-1] for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def ordered_checks(checks: Sequence[Check], forces: Sequence[Force]) -> list[Check]:
    order = {force.id: index for index, force in enumerate(forces)}
    return sorted(checks, key=lambda c: order.get(c.force_id, len(order)))


# -- history: status, history, changes, report -----------------------------------------------------


# -- the static HTML status page ----------------------------------------------------------------------


