"""History as data for programs: JSON (a contract with scripts: add fields, never rename or remove
them) and CSV (one row a force, cells made inert for spreadsheets)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from .history_models import (
    Changes,
    ContentChange,
    ForceHistory,
    ForceState,
    LinkChange,
    Observation,
    Outage,
    Overview,
    SourceChange,
    Uptime,
)
from .models import Event, Force, ForceCoverage, Recommendation
from .presentation import coverage_columns
from .recommendations import bundled as bundled_register
from .report_words import (
    force_name,
    outage_line,
    overview_counts,
    status_value,
    strip_text,
)
from .terminal import csv_cell


def _observation_dict(obs: Observation | None) -> dict[str, Any] | None:
    if obs is None:
        return None
    return {"run_id": obs.run_id, "checked_at": obs.checked_at, "status": obs.status.value, "reason": obs.reason,
            "url": obs.url, "final_url": obs.final_url, "http_status": obs.http_status}


def _uptime_dict(uptime: dict[int, Uptime]) -> dict[str, Any]:
    return {str(days): {"percent": None if u.percent is None else round(u.percent, 2), "published": u.published,
                        "counted": u.counted, "blocked": u.blocked} for days, u in sorted(uptime.items())}


def event_to_dict(event: Event) -> dict[str, Any]:
    return {"id": event.id, "force_id": event.force_id, "from": status_value(event.from_status),
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
        "status": status_value(state.shown),
        "confirmed": state.confirmed,
        "confirmed_status": status_value(state.state),
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
                "name": force_name(forces, state.force_id),
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


def overview_to_json(overview: Overview, forces: Sequence[Force]) -> str:
    return json.dumps(overview_to_dict(overview, forces), indent=2, ensure_ascii=True)


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
            state.force_id, force_name(forces, state.force_id), status_value(state.shown) or "",
            "yes" if state.confirmed else "no", state.since or "", obs.checked_at if obs else "",
            obs.status.value if obs else "", csv_cell(obs.reason if obs else ""), pct(7), pct(30), pct(90),
            state.first_published or "", state.last_content_change or "", csv_cell(obs.url if obs else None),
            csv_cell(obs.final_url if obs else None), csv_cell(overview.link_changed.get(state.force_id, "")),
            strip_text(overview.strips.get(state.force_id, ())),
            *("yes" if c.id in answered else "" for c in columns),
            csv_cell(coverage.latest_update if coverage is not None else ""),
        ])
    return out.getvalue()


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


def changes_to_dict(changes: Changes, forces: Sequence[Force]) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT_VERSION,
        "since": changes.since,
        "until": changes.until,
        "events": [{**event_to_dict(e), "name": force_name(forces, e.force_id)} for e in changes.events],
        "content_changes": [{**content_change_to_dict(c), "name": force_name(forces, c.force_id)} for c in changes.content_changes],
        "source_changes": [source_change_to_dict(c) for c in changes.source_changes],
    }


def changes_to_json(changes: Changes, forces: Sequence[Force], outage: Outage | None = None) -> str:
    data = changes_to_dict(changes, forces)
    if outage is not None:
        data = {"outage": {"line": outage_line(outage), "runs": outage.runs, "source_errors": outage.source_errors,
                           "since": outage.since, "reason": outage.reason, "states_as_of": outage.last_good}, **data}
    return json.dumps(data, indent=2, ensure_ascii=True)


# The JSON shape is a contract with scripts: add fields, never rename or remove them.
JSON_FORMAT_VERSION = 1
