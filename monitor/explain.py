"""Why a verdict is what it is, in words and as data: the evidence, and which recommendations a
response answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Check, Force, Verdict
from .report_json import JSON_FORMAT_VERSION


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
    if "unchanged" in check.warnings:  # checking.UNCHANGED: the verdict was kept, not made again
        lines.append("  verified: in an earlier run; the page, its documents and the not-found answer are unchanged since")
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
        "coverage": coverage_of(verdict.evidence),
        "evidence": verdict.evidence,
    }


def coverage_of(evidence: dict[str, Any]) -> dict[str, Any] | None:
    """A published response's coverage: the recommendations it answers and its latest update
    (None for a page that is not a response: coverage is of responses)."""
    if "coverage" not in evidence:
        return None
    return {"recommendations": evidence["coverage"], "latest_update": evidence.get("latest_update"),
            "latest_update_quote": evidence.get("latest_update_quote")}


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


_BASIS_WORDS = {
    "answers": "it answers the report's recommendations in the force's own words",
    "declares": "it says it is the force's response or action plan",
    "plan": "it is a plan across the report's recommendation themes",
}


def coverage_lines(coverage: list[dict[str, Any]], latest: str | None, latest_quote: str | None) -> list[str]:
    """Coverage for people: each recommendation answered, the words that show it, and where."""
    lines = []
    if coverage:
        lines.append(f"  coverage: {len(coverage)} of the report's recommendations to chief constables found")
    for item in coverage:
        label = f"Recommendation {item['number']}" if item.get("number") is not None else "Recommendation"
        lines.append(f"    {label} ({item.get('title') or item.get('recommendation')}): '{item.get('quote')}' "
                     f"[{item.get('where')}, {item.get('how')}]")
    if latest:
        lines.append(f"  latest update stated: {latest}" + (f" ('{latest_quote}')" if latest_quote else ""))
    return lines


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

    _page_lines(ev, add, score)
    add("matched", ev.pop("matched", None))
    add("phrases", [f"'{p}'" for p in ev.pop("phrases", [])])
    themes = ev.pop("themes", [])
    if themes:
        add(f"recommendation themes ({len(themes)})", themes)
    add("status and tracking terms", ev.pop("status_terms", None))
    add("why it is the response", _BASIS_WORDS.get(ev.pop("basis", None) or ""))
    add("recommendations found", ev.pop("recommendations_found", None))
    add("the force's own words", ev.pop("answer_fields", None))
    add("says it is the response", ev.pop("declaration", None))
    lines.extend(coverage_lines(ev.pop("coverage", None) or [], ev.pop("latest_update", None),
                                ev.pop("latest_update_quote", None)))
    _followed_lines(ev, add)
    for key, value in ev.items():  # anything verify adds later still shows
        add(key.replace("_", " "), value)
    return lines


def _page_lines(ev: dict[str, Any], add: Callable[[str, Any], None], score: float) -> None:
    """What the page is: where it redirected from, its kind, title and headings, its score."""
    for hop_url in ev.pop("redirects", []) or []:
        add("redirected from", hop_url)
    for key in ("final_url", "http_status"):
        ev.pop(key, None)
    add("page kind", ev.pop("page_kind", None))
    add("decided by rule", ev.pop("rule", None))
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


def _followed_lines(ev: dict[str, Any], add: Callable[[str, Any], None]) -> None:
    """What the page lacks or is about instead, and what was followed: documents and the probe."""
    add("missing", ev.pop("missing", None))
    mentions = ev.pop("stalking_mentions", None)
    if mentions is not None:
        add("stalking mentioned", f"{mentions} times")
    add("about instead", ev.pop("about", None))
    add("also mentions", ev.pop("also_mentions", None))
    add("not on the force's site", ev.pop("off_site", None))
    add("shell markers", ev.pop("shell_markers", None))
    for doc in ev.pop("documents", []):
        read = f" ({doc['kind']}, score {doc.get('score')})" if doc.get("kind") else ""
        add(f"document {doc.get('url')}", f"{doc.get('status')}{read}: {doc.get('reason')}")
        if doc.get("missing"):
            add("  missing", doc["missing"])
    add("documents not checked", ev.pop("documents_not_checked", None))
    probe = ev.pop("probe", None)
    if probe:
        add("not-found probe", f"{probe.get('url')} -> {probe.get('summary')}")
