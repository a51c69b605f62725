"""Render runs and history for people and programs: terminal text, JSON, CSV, a static HTML page.

Pure rendering: takes a RunSummary or the store's history dataclasses (and the register for
names), returns text or data. No I/O here: the CLI writes the result.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from .models import (
    RunState,
    STATUS_ORDER,
    Changes,
    Check,
    ContentChange,
    Event,
    Force,
    ForceCoverage,
    ForceHistory,
    ForceState,
    LinkChange,
    Observation,
    Outage,
    Overview,
    Recommendation,
    RunSummary,
    SourceChange,
    Status,
    Uptime,
    Verdict,
)
from .presentation import SYMBOL, answers_words, coverage_columns, strip_words
from .recommendations import bundled as bundled_register
from .terminal import csv_cell

# The JSON shape is a contract with scripts: add fields, never rename or remove them.
JSON_FORMAT_VERSION = 1


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


def run_to_json(summary: RunSummary, forces: Sequence[Force]) -> str:
    return json.dumps(run_to_dict(summary, forces), indent=2, ensure_ascii=True)


def table_rows(summary: RunSummary, forces: Sequence[Force]) -> list[tuple[str, ...]]:
    by_id = {force.id: force for force in forces}
    rows = []
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


def ordered_checks(checks: Sequence[Check], forces: Sequence[Force]) -> list[Check]:
    order = {force.id: index for index, force in enumerate(forces)}
    return sorted(checks, key=lambda c: order.get(c.force_id, len(order)))


# -- history: status, history, changes, report -----------------------------------------------------

# One character per run in a strip, by category, for terminals and CSV (ASCII, so any pipe takes it).
STRIP_CHARS = {"ok": "+", "broken": "x", "missing": "-", "unverified": "?"}
# The pages' symbols and words are the presentation layer's, so every output says the same.
STRIP_SYMBOLS = {category: SYMBOL[category] for category in ("ok", "broken", "missing", "unverified")}

def when(moment: str | None) -> str:
    """'2026-11-28T09:00:00+00:00' -> '2026-11-28 09:00 UTC'; '-' for None."""
    if not moment:
        return "-"
    if len(moment) <= 10:
        return moment
    return f"{moment[:10]} {moment[11:16]} UTC"


def percent(uptime: Uptime | None) -> str:
    """'99.2%', or '-' when nothing was counted (no runs, or only blocked ones)."""
    if uptime is None or uptime.percent is None:
        return "-"
    value = uptime.percent
    return "100%" if value == 100 else f"{value:.1f}%"


def state_words(state: ForceState) -> str:
    """The status in words, saying when it is not yet confirmed or a change awaits confirmation."""
    shown = state.shown
    if shown is None:
        return "not checked yet"
    if not state.confirmed:
        return f"{shown.label} (unconfirmed)"
    if state.pending and state.observed is not None:
        return f"{shown.label} (now {state.observed.status.label}, awaiting confirmation)"
    return shown.label


def strip_text(strip: Sequence[Observation]) -> str:
    return "".join(STRIP_CHARS[obs.status.category] for obs in strip)


def strip_summary(strip: Sequence[Observation]) -> str:
    """'last 30 runs, oldest first: 28 published, 2 broken' (the strip in words)."""
    return strip_words(strip)

def _name(forces: Sequence[Force], force_id: str) -> str:
    return next((f.name for f in forces if f.id == force_id), force_id)


def _status_value(status: Status | None) -> str | None:
    return status.value if status is not None else None


def _observation_dict(obs: Observation | None) -> dict[str, Any] | None:
    if obs is None:
        return None
    return {"run_id": obs.run_id, "checked_at": obs.checked_at, "status": obs.status.value, "reason": obs.reason,
            "url": obs.url, "final_url": obs.final_url, "http_status": obs.http_status}


def _uptime_dict(uptime: dict[int, Uptime]) -> dict[str, Any]:
    return {str(days): {"percent": None if u.percent is None else round(u.percent, 2), "published": u.published,
                        "counted": u.counted, "blocked": u.blocked} for days, u in sorted(uptime.items())}


def event_to_dict(event: Event) -> dict[str, Any]:
    return {"id": event.id, "force_id": event.force_id, "from": _status_value(event.from_status),
            "to": event.to_status.value, "at": event.at, "confirmed_at": event.confirmed_at,
            "run_id": event.run_id, "first_run_id": event.first_run_id, "reason": event.reason}


def content_change_to_dict(change: ContentChange) -> dict[str, Any]:
    return {"id": change.id, "force_id": change.force_id, "at": change.at, "run_id": change.run_id,
            "old_hash": change.old_hash, "new_hash": change.new_hash, "first": change.first, "diff": list(change.diff)}


def link_change_to_dict(link: LinkChange) -> dict[str, Any]:
    return {"force_id": link.force_id, "kind": link.kind, "url": link.url, "previous_url": link.previous_url}


def source_change_to_dict(change: SourceChange) -> dict[str, Any]:
    return {"run_id": change.run_id, "at": change.at, "previous_run_id": change.previous_run_id,
            "previous_at": change.previous_at, "public_updated_at": change.public_updated_at,
            "previous_public_updated_at": change.previous_public_updated_at,
            "content_changed": change.content_changed, "links": [link_change_to_dict(link) for link in change.links]}


def _state_dict(state: ForceState) -> dict[str, Any]:
    return {
        "status": _status_value(state.shown),
        "confirmed": state.confirmed,
        "confirmed_status": _status_value(state.state),
        "since": state.since,
        "confirmed_at": state.confirmed_at,
        "pending": state.pending,
        "last": _observation_dict(state.observed),
        "first_published": state.first_published,
        "last_content_change": state.last_content_change,
    }


def overview_to_dict(overview: Overview, forces: Sequence[Force]) -> dict[str, Any]:
    """The shape of `status --json` and `report --format json` (fields are added, never renamed)."""
    run = overview.last_run
    change = overview.last_source_change
    outage = overview.outage
    return {
        # First, as on every page: the newest runs could not finish (null when all is well).
        "outage": None if outage is None else {
            "line": outage_line(overview.outage), "runs": outage.runs, "source_errors": outage.source_errors,
            "since": outage.since, "reason": outage.reason, "states_as_of": outage.last_good},
        "format": JSON_FORMAT_VERSION,
        "generated_at": overview.generated_at,
        "last_run": None if run is None else {"id": run.id, "started": run.started, "finished": run.finished,
                                               "state": run.state},
        "source": {"public_updated_at": overview.source_public_updated_at,
                   "last_change": None if change is None else source_change_to_dict(change)},
        "summary": overview_counts(overview),
        "forces": [
            {
                "id": state.force_id,
                "name": _name(forces, state.force_id),
                **_state_dict(state),
                "uptime": _uptime_dict(overview.uptime.get(state.force_id, {})),
                "strip": [{"run_id": o.run_id, "checked_at": o.checked_at, "status": o.status.value}
                          for o in overview.strips.get(state.force_id, ())],
                "link_changed": overview.link_changed.get(state.force_id),
                # What the current response answers (published forces only; else null).
                "coverage": force_coverage_to_dict(overview.coverage.get(state.force_id)),
            }
            for state in overview.states
        ],
    }


def force_coverage_to_dict(coverage: ForceCoverage | None) -> dict[str, Any] | None:
    """The shape `check --json` gives a force's coverage, plus the check it comes from."""
    if coverage is None:
        return None
    return {"recommendations": [item.evidence() for item in coverage.answered],
            "latest_update": coverage.latest_update, "latest_update_quote": coverage.latest_update_quote,
            "run_id": coverage.run_id, "checked_at": coverage.checked_at}


def outage_line(outage: Outage | None) -> str:
    """What status, report, history and the site say first while the newest runs could not finish."""
    from .presentation import outage_words

    return outage_words(outage, when) if outage is not None else ""


def overview_to_json(overview: Overview, forces: Sequence[Force]) -> str:
    return json.dumps(overview_to_dict(overview, forces), indent=2, ensure_ascii=True)


def overview_counts(overview: Overview) -> dict[str, int]:
    """How many forces show each status (confirmed, or observed while unconfirmed)."""
    counts = {status.value: 0 for status in STATUS_ORDER}
    counts["unconfirmed"] = counts["not_checked"] = 0
    for state in overview.states:
        if state.shown is None:
            counts["not_checked"] += 1
            continue
        counts[state.shown.value] += 1
        if not state.confirmed:
            counts["unconfirmed"] += 1
    return counts


def overview_line(overview: Overview) -> str:
    """'39/43 published, 2 broken, 1 blocked; 1 unconfirmed' over what status shows."""
    counts = overview_counts(overview)
    parts = [f"{counts[Status.PUBLISHED.value]}/{len(overview.states)} published"]
    parts += [f"{counts[s.value]} {s.label}" for s in STATUS_ORDER[1:] if counts[s.value]]
    line = ", ".join(parts)
    extra = [f"{counts['unconfirmed']} unconfirmed"] if counts["unconfirmed"] else []
    extra += [f"{counts['not_checked']} not checked yet"] if counts["not_checked"] else []
    return line + ("; " + ", ".join(extra) if extra else "")


CSV_HEADERS = ("id", "name", "status", "confirmed", "since", "last_checked", "last_status", "reason",
               "uptime_7d", "uptime_30d", "uptime_90d", "first_published", "last_content_change",
               "link", "final_url", "link_changed", "strip")


def overview_to_csv(overview: Overview, forces: Sequence[Force],
                    register: Sequence[Recommendation] | None = None) -> str:
    """One row per force; uptimes are percentages with one decimal, empty when nothing was counted.
    Coverage columns come last (one per recommendation, "yes" or empty, then the latest update),
    so the earlier columns keep their places for scripts that read them by position."""
    columns = coverage_columns(bundled_register() if register is None else register)
    out = io.StringIO()
    if overview.outage is not None:
        out.write(f"# {outage_line(overview.outage)}\n")  # a comment line first, only while runs fail
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*CSV_HEADERS, *(c.csv_header for c in columns), "latest_update"))
    for state in overview.states:
        coverage = overview.coverage.get(state.force_id)
        answered = set(coverage.ids) if coverage is not None else set()
        uptime = overview.uptime.get(state.force_id, {})
        obs = state.observed

        def pct(days: int) -> str:
            value = uptime.get(days)
            return "" if value is None or value.percent is None else f"{value.percent:.1f}"

        # What came from the web (reasons quote pages; URLs) never runs as a spreadsheet formula.
        # The strip is ours, and its "+" and "x" are its documented format.
        writer.writerow([
            state.force_id, _name(forces, state.force_id), _status_value(state.shown) or "",
            "yes" if state.confirmed else "no", state.since or "", obs.checked_at if obs else "",
            obs.status.value if obs else "", csv_cell(obs.reason if obs else ""), pct(7), pct(30), pct(90),
            state.first_published or "", state.last_content_change or "", csv_cell(obs.url if obs else None),
            csv_cell(obs.final_url if obs else None), csv_cell(overview.link_changed.get(state.force_id, "")),
            strip_text(overview.strips.get(state.force_id, ())),
            *("yes" if c.id in answered else "" for c in columns),
            csv_cell(coverage.latest_update if coverage is not None else ""),
        ])
    return out.getvalue()


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(("  ".join(c.ljust(w) for c, w in zip(row[:-1], widths)) + "  " + row[-1]).rstrip() for row in rows)


def status_text(overview: Overview, forces: Sequence[Force],
                register: Sequence[Recommendation] | None = None) -> str:
    """The `status` table: one row per force, then a legend and a summary line (always last).

    A published force's row also says which recommendations its response answers ("7, 10, +2")
    and the latest update it states; the page's words reach the terminal through `cli._say`,
    which makes them inert."""
    register = bundled_register() if register is None else register
    rows = [("Force", "Status", "Since", "Uptime 30d", "Last 30 runs", "Last checked", "Answers", "Updated")]
    for state in overview.states:
        coverage = overview.coverage.get(state.force_id)
        rows.append((
            _name(forces, state.force_id),
            state_words(state),
            when(state.since) if state.confirmed else "-",
            percent(overview.uptime.get(state.force_id, {}).get(30)),
            strip_text(overview.strips.get(state.force_id, ())) or "-",
            when(state.observed.checked_at) if state.observed else "-",
            answers_words(coverage, register) or "-",
            (coverage.latest_update or "-") if coverage is not None else "-",
        ))
    lines = [outage_line(overview.outage), ""] if overview.outage is not None else []
    lines += [_table(rows), ""]
    lines.append("Runs, oldest first: + published, x broken, - missing, ? blocked (not counted in uptime). "
                 "A state is confirmed after consecutive runs agree.")
    if overview.coverage:
        lines.append("Answers: the numbers of the report's recommendations to chief constables the published "
                     "response answers, +N for those without a known number; Updated: the latest update it states.")
    if overview.last_source_change is not None:
        lines.append(f"NPCC response last changed: {source_change_words(overview.last_source_change, forces)}")
    lines.append(overview_line(overview))
    return "\n".join(lines)


def source_change_words(change: SourceChange, forces: Sequence[Force]) -> str:
    """'2026-11-20 09:00 UTC: Kent Police link changed; republished 2026-11-19 ...'"""
    parts = []
    for link in change.links:
        who = _name(forces, link.force_id) if link.force_id else "a link to no known force"
        if link.kind == "changed":
            parts.append(f"{who} link changed from {link.previous_url} to {link.url}")
        elif link.kind == "added":
            parts.append(f"{who} link added: {link.url}")
        else:
            parts.append(f"{who} link removed: {link.previous_url}")
    if change.republished:
        parts.append(f"GOV.UK public_updated_at moved to {change.public_updated_at}")
    if change.content_changed and not change.links:
        parts.append("the text changed (no force link did)")
    return f"{when(change.at)}: " + "; ".join(parts)


def _uptime_words(uptime: dict[int, Uptime]) -> str:
    return ", ".join(f"{days} days {percent(u)}" for days, u in sorted(uptime.items()))


def _event_words(event: Event) -> str:
    before = event.from_status.label if event.from_status else "first confirmed state"
    return (f"{when(event.at)}  {before} -> {event.to_status.label}  "
            f"(confirmed {when(event.confirmed_at)}, run {event.run_id}){': ' + event.reason if event.reason else ''}")


def history_text(history: ForceHistory, force: Force) -> str:
    """`history ID`: the answer to "since when?" first, then runs, events, content and link changes."""
    state = history.state
    head = f"{force.name} ({force.id}): {state_words(state)}"
    if state.confirmed:
        head += f" since {when(state.since)}"
    lines = [head]
    if state.observed is not None:
        obs = state.observed
        lines.append(f"  last checked {when(obs.checked_at)}: {obs.status.label}"
                     + (f" (HTTP {obs.http_status})" if obs.http_status is not None else "") + f": {obs.reason}")
        lines.append(f"  link: {obs.url or '-'}  final URL: {obs.final_url or '-'}")
    lines.append(f"  uptime: {_uptime_words(history.uptime)}")
    lines.append(f"  first seen published: {when(state.first_published)}; last content change: {when(state.last_content_change)}")
    lines.append("")
    lines.append(f"Runs from {when(history.since)} ({strip_summary(history.observations)}):")
    lines.append("  " + (strip_text(history.observations) or "none") + "   (+ published, x broken, - missing, ? blocked)")
    lines.append("")
    lines.append("Confirmed changes:" if history.events else "Confirmed changes: none in this period")
    lines += [f"  {_event_words(event)}" for event in history.events]
    changes = [c for c in history.content_changes if not c.first]
    firsts = [c for c in history.content_changes if c.first]
    lines.append("")
    lines.append("Content changes:" if changes or firsts else "Content changes: none in this period")
    for change in history.content_changes:
        if change.first:
            lines.append(f"  {when(change.at)} (run {change.run_id}): first verified text seen")
            continue
        lines.append(f"  {when(change.at)} (run {change.run_id}): text changed")
        lines += [f"    {line}" for line in change.diff] or ["    (no diff: an earlier text was not kept)"]
    if history.link_changes:
        lines.append("")
        lines.append("NPCC link changes:")
        for change, link in history.link_changes:
            if link.kind == "changed":
                lines.append(f"  {when(change.at)}: changed from {link.previous_url} to {link.url}")
            else:
                lines.append(f"  {when(change.at)}: {link.kind} {link.url or link.previous_url}")
    return "\n".join(lines)


def history_to_dict(history: ForceHistory, force: Force) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT_VERSION,
        "id": force.id,
        "name": force.name,
        "since": history.since,
        "until": history.until,
        **_state_dict(history.state),
        "uptime": _uptime_dict(history.uptime),
        "runs": [_observation_dict(obs) for obs in history.observations],
        "events": [event_to_dict(event) for event in history.events],
        "content_changes": [content_change_to_dict(change) for change in history.content_changes],
        "link_changes": [{"at": change.at, "run_id": change.run_id, **link_change_to_dict(link)}
                         for change, link in history.link_changes],
    }


def history_to_json(history: ForceHistory, force: Force) -> str:
    return json.dumps(history_to_dict(history, force), indent=2, ensure_ascii=True)


def changes_text(changes: Changes, forces: Sequence[Force]) -> str:
    """`history` without an id: what changed, across every force and the source, oldest first."""
    lines = [f"Changes from {when(changes.since)} to {when(changes.until)}", ""]
    lines.append("Confirmed changes:" if changes.events else "Confirmed changes: none")
    lines += [f"  {_name(forces, e.force_id)}: {_event_words(e)}" for e in changes.events]
    lines.append("")
    lines.append("Content changes:" if changes.content_changes else "Content changes: none")
    for change in changes.content_changes:
        lines.append(f"  {_name(forces, change.force_id)}: {when(change.at)} (run {change.run_id}): text changed")
        lines += [f"    {line}" for line in change.diff]
    lines.append("")
    lines.append("NPCC response changes:" if changes.source_changes else "NPCC response changes: none")
    lines += [f"  {source_change_words(c, forces)}" for c in changes.source_changes]
    total = len(changes.events) + len(changes.content_changes) + len(changes.source_changes)
    lines.append("")
    lines.append(f"{len(changes.events)} confirmed changes, {len(changes.content_changes)} content changes, "
                 f"{len(changes.source_changes)} NPCC response changes" if total else "nothing changed")
    return "\n".join(lines)


def changes_to_dict(changes: Changes, forces: Sequence[Force]) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT_VERSION,
        "since": changes.since,
        "until": changes.until,
        "events": [{**event_to_dict(e), "name": _name(forces, e.force_id)} for e in changes.events],
        "content_changes": [{**content_change_to_dict(c), "name": _name(forces, c.force_id)} for c in changes.content_changes],
        "source_changes": [source_change_to_dict(c) for c in changes.source_changes],
    }


def changes_to_json(changes: Changes, forces: Sequence[Force], outage: Outage | None = None) -> str:
    data = changes_to_dict(changes, forces)
    if outage is not None:
        data = {"outage": {"line": outage_line(outage), "runs": outage.runs, "source_errors": outage.source_errors,
                           "since": outage.since, "reason": outage.reason, "states_as_of": outage.last_good}, **data}
    return json.dumps(data, indent=2, ensure_ascii=True)


# -- the static HTML status page ----------------------------------------------------------------------


def status_page(overview: Overview, forces: Sequence[Force], *, zone: str = "UTC", site: bool = False,
                licence: str = "", register: Sequence[Recommendation] | None = None) -> str:
    """The status page: `report --format html` (one file: no JavaScript, no external assets), and
    with site=True the published site's index.html (links to each force's page and the open data).

    The problems come first, each force says how long it has been in its state, a tile map shows
    every force roughly where it is; status is in words as well as colour and symbol; on a narrow
    screen each table row becomes a card labelled field by field. Rendered from the templates the
    digest and the site share (presentation.py).
    """
    from . import __version__
    from .presentation import TILES, coverage_rows, environment, force_row, local_time, outage_words, problems_first

    register = bundled_register() if register is None else register
    now = overview.generated_at
    env = environment(html=True, zone=zone, now=now)
    rows = [force_row(state, forces, overview) for state in overview.states]
    problems, ok_rows = problems_first(rows)
    counts = {c: sum(1 for r in rows if r.category == c) for c in ("ok", "broken", "missing", "unverified", "none")}
    bits = []
    tz = env.globals["zone_name"]
    if overview.source_public_updated_at:
        bits.append(f"last updated on GOV.UK {local_time(overview.source_public_updated_at, _zone(tz))}")
    if overview.last_source_change is not None:
        bits.append(f"last change seen {source_change_words(overview.last_source_change, forces)}")
    run = overview.last_run
    return env.get_template("status.html.j2").render(
        rows=rows, problems=problems, ok_rows=ok_rows, counts=counts,
        untiled=[r for r in rows if r.id not in TILES],
        published=counts["ok"], total=len(rows), summary=overview_line(overview),
        last_run=overview.last_complete_run, generated_at=now, version=__version__,
        source_words="; ".join(bits) if bits else "no change seen",
        source_problem=run.source_problem if run is not None and run.state == RunState.SOURCE_ERROR else None,
        outage=outage_words(overview.outage, lambda moment: local_time(moment, _zone(tz))) if overview.outage else None,
        licence=licence, site=site,
        columns=coverage_columns(register), matrix=coverage_rows(overview, forces, register),
        force_href=(lambda r: f"forces/{r.id}.html") if site else (lambda r: f"#force-{r.id}"),
    )


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
