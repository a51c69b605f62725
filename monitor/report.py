"""Render a run for people and programs: terminal table, plain text, JSON.

Pure rendering: takes a RunSummary (and the register for names), returns text or data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .models import STATUS_ORDER, Check, Force, RunSummary, Status

# The JSON shape is a contract with scripts: add fields, never rename or remove them.
JSON_FORMAT_VERSION = 1


def summary_line(summary: RunSummary) -> str:
    """'39/43 published, 2 broken, 1 not linked, 1 blocked'."""
    if summary.state == "source_error":
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
        "redirect_chain": [{"url": h.url, "status": h.status, "location": h.location} for h in check.redirect_chain],
        "title": check.title,
        "score": round(check.score, 2),
        "content_hash": check.content_hash,
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
        "forces": [check_to_dict(check, by_id.get(check.force_id)) for check in _ordered(summary.checks, forces)],
    }


def run_to_json(summary: RunSummary, forces: Sequence[Force]) -> str:
    return json.dumps(run_to_dict(summary, forces), indent=2, ensure_ascii=False)


def table_rows(summary: RunSummary, forces: Sequence[Force]) -> list[tuple[str, ...]]:
    by_id = {force.id: force for force in forces}
    rows = []
    for check in _ordered(summary.checks, forces):
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


def explain(check: Check, force: Force | None) -> str:
    """The evidence behind one verdict, for `check --explain`."""
    name = force.name if force else check.force_id
    lines = [f"{name} ({check.force_id}): {check.status.label}", f"  reason: {check.reason}"]
    if check.used_override:
        lines.append(f"  checked the register's override URL{': ' + force.note if force and force.note else ''}")
    lines.append(f"  link: {check.url or '-'}")
    for hop in check.redirect_chain:
        lines.append(f"    {hop.status} {hop.url}" + (f" -> {hop.location}" if hop.location else ""))
    lines.append(f"  final URL: {check.final_url or '-'}  HTTP {check.http_status if check.http_status is not None else '-'}  {check.elapsed_ms} ms")
    if check.warnings:
        lines.append(f"  warnings: {', '.join(check.warnings)}")
    for key, value in check.evidence.items():
        if key in ("final_url", "http_status"):
            continue
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value) or "-"
        lines.append(f"  {key.replace('_', ' ')}: {value}")
    return "\n".join(lines)


def _ordered(checks: Sequence[Check], forces: Sequence[Force]) -> list[Check]:
    order = {force.id: index for index, force in enumerate(forces)}
    return sorted(checks, key=lambda c: order.get(c.force_id, len(order)))
