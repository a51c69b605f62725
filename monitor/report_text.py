"""History as text for people on a terminal: the status table, one force's history, what changed."""

from __future__ import annotations

from collections.abc import Sequence

from .history_models import Changes, ForceHistory, Overview, SourceChange, Uptime
from .models import STATUS_ORDER, Event, Force, Recommendation, Status
from .presentation import answers_words
from .recommendations import bundled as bundled_register
from .report_words import (
    force_name,
    outage_line,
    overview_counts,
    percent,
    state_words,
    strip_summary,
    strip_text,
    when,
)


def overview_line(overview: Overview) -> str:
    """'39/43 published, 2 broken, 1 blocked; 1 unconfirmed' over what status shows."""
    counts = overview_counts(overview)
    parts = [f"{counts[Status.PUBLISHED.value]}/{len(overview.states)} published"]
    parts += [f"{counts[s.value]} {s.label}" for s in STATUS_ORDER[1:] if counts[s.value]]
    line = ", ".join(parts)
    extra = [f"{counts['unconfirmed']} unconfirmed"] if counts["unconfirmed"] else []
    extra += [f"{counts['not_checked']} not checked yet"] if counts["not_checked"] else []
    return line + ("; " + ", ".join(extra) if extra else "")


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
            force_name(forces, state.force_id),
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
        who = force_name(forces, link.force_id) if link.force_id else "a link to no known force"
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
        for source_change, link in history.link_changes:
            if link.kind == "changed":
                lines.append(f"  {when(source_change.at)}: changed from {link.previous_url} to {link.url}")
            else:
                lines.append(f"  {when(source_change.at)}: {link.kind} {link.url or link.previous_url}")
    return "\n".join(lines)


def changes_text(changes: Changes, forces: Sequence[Force]) -> str:
    """`history` without an id: what changed, across every force and the source, oldest first."""
    lines = [f"Changes from {when(changes.since)} to {when(changes.until)}", ""]
    lines.append("Confirmed changes:" if changes.events else "Confirmed changes: none")
    lines += [f"  {force_name(forces, e.force_id)}: {_event_words(e)}" for e in changes.events]
    lines.append("")
    lines.append("Content changes:" if changes.content_changes else "Content changes: none")
    for change in changes.content_changes:
        lines.append(f"  {force_name(forces, change.force_id)}: {when(change.at)} (run {change.run_id}): text changed")
        lines += [f"    {line}" for line in change.diff]
    lines.append("")
    lines.append("NPCC response changes:" if changes.source_changes else "NPCC response changes: none")
    lines += [f"  {source_change_words(c, forces)}" for c in changes.source_changes]
    total = len(changes.events) + len(changes.content_changes) + len(changes.source_changes)
    lines.append("")
    lines.append(f"{len(changes.events)} confirmed changes, {len(changes.content_changes)} content changes, "
                 f"{len(changes.source_changes)} NPCC response changes" if total else "nothing changed")
    return "\n".join(lines)
