"""Render a run for people and programs: terminal table, plain text, JSON.

Pure rendering: takes a RunSummary (and the register for names), returns text or data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .models import STATUS_ORDER, Check, Force, RunSummary, Status, Verdict

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
        "override_note": force.note if check.used_override and force else None,
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
        note = f" ({force.note})" if force and force.note else ""
        lines.append(f"  override: the NPCC response has no link for this force, so the register's override_url was checked{note}")
    lines.append(f"  link: {check.url or '-'}")
    for hop in check.redirect_chain:
        lines.append(f"    {hop.status} {hop.url}" + (f" -> {hop.location}" if hop.location else ""))
    lines.append(f"  final URL: {check.final_url or '-'}  HTTP {check.http_status if check.http_status is not None else '-'}  {check.elapsed_ms} ms")
    if check.warnings:
        lines.append(f"  warnings: {', '.join(check.warnings)}")
    if check.error:
        lines.append(f"  error: {check.error}")
    lines += evidence_lines({k: v for k, v in check.evidence.items() if k != "redirects"}, score=check.score)
    return "\n".join(lines)


def verification_to_dict(target: str, verdict: Verdict, force: Force | None) -> dict[str, Any]:
    """`verify --json`: one object with at least status, score, reason and evidence."""
    return {
        "format": JSON_FORMAT_VERSION,
        "target": target,
        "force": force.id if force else None,
        "status": verdict.status.value,
        "score": round(verdict.score, 2),
        "reason": verdict.reason,
        "warnings": list(verdict.warnings),
        "evidence": verdict.evidence,
    }


def explain_verification(target: str, verdict: Verdict, force: Force | None) -> str:
    """`verify` for people: the verdict, then the evidence behind it."""
    evidence = verdict.evidence
    lines = [f"{target}: {verdict.status.label}", f"  reason: {verdict.reason}"]
    if force is not None:
        lines.append(f"  force: {force.name} ({force.id})")
    if evidence.get("final_url") and evidence["final_url"] != target and "://" in target:
        lines.append(f"  final URL: {evidence['final_url']}  HTTP {evidence.get('http_status')}")
    if verdict.warnings:
        lines.append(f"  warnings: {', '.join(verdict.warnings)}")
    lines += evidence_lines(evidence, score=verdict.score)
    return "\n".join(lines)


def evidence_lines(evidence: dict[str, Any], *, score: float) -> list[str]:
    """verify.py's evidence, in the order a person reads it: what the page is, what it says,
    which of the expected signals it has and lacks, the documents followed and the probe."""
    ev = dict(evidence)
    lines: list[str] = []

    def add(label: str, value: Any) -> None:
        if value in (None, "", [], {}):
            return
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        lines.append(f"  {label}: {value}")

    for hop_url in ev.pop("redirects", []) or []:
        add("redirected from", hop_url)
    for key in ("final_url", "http_status"):
        ev.pop(key, None)
    add("page kind", ev.pop("page_kind", None))
    add("title", ev.pop("title", None))
    add("main heading", ev.pop("h1", None))
    add("headings", ev.pop("headings", None))
    chars = ev.pop("main_text_chars", None)
    if chars is not None:
        add("main text", f"{chars} characters")
    add("not-found wording", ev.pop("not_found_phrase", None))
    if "topic_score" in ev or score:
        topic, substance = ev.pop("topic_score", None), ev.pop("substance_score", None)
        parts = f" (topic {topic} + substance {substance})" if topic is not None else ""
        add("score", f"{round(score, 2)}{parts}")
    ev.pop("score", None)
    add("matched", ev.pop("matched", None))
    add("phrases", [f"'{p}'" for p in ev.pop("phrases", [])])
    themes = ev.pop("themes", [])
    if themes:
        add(f"recommendation themes ({len(themes)})", themes)
    add("status and tracking terms", ev.pop("status_terms", None))
    add("missing", ev.pop("missing", None))
    mentions = ev.pop("stalking_mentions", None)
    if mentions is not None:
        add("stalking mentioned", f"{mentions} times")
    add("about instead", ev.pop("about", None))
    add("also mentions", ev.pop("also_mentions", None))
    add("not on the force's site", ev.pop("off_site", None))
    add("shell markers", ev.pop("shell_markers", None))
    documents = ev.pop("documents", [])
    for doc in documents:
        read = f" ({doc['kind']}, score {doc.get('score')})" if doc.get("kind") else ""
        add(f"document {doc.get('url')}", f"{doc.get('status')}{read}: {doc.get('reason')}")
        if doc.get("missing"):
            add("  missing", doc["missing"])
    add("documents not checked", ev.pop("documents_not_checked", None))
    probe = ev.pop("probe", None)
    if probe:
        add("not-found probe", f"{probe.get('url')} -> {probe.get('summary')}")
    for key, value in ev.items():  # anything verify adds later still shows
        add(key.replace("_", " "), value)
    return lines


def _ordered(checks: Sequence[Check], forces: Sequence[Force]) -> list[Check]:
    order = {force.id: index for index, force in enumerate(forces)}
    return sorted(checks, key=lambda c: order.get(c.force_id, len(order)))
