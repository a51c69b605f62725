"""The words and marks history is shown in, shared by every format of the report: times, percentages,
states, run strips."""

from __future__ import annotations

from collections.abc import Sequence

from .history_models import ForceState, Observation, Outage, Overview, Uptime
from .models import STATUS_ORDER, Force, Status
from .presentation import SYMBOL, strip_words

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


def force_name(forces: Sequence[Force], force_id: str) -> str:
    return next((f.name for f in forces if f.id == force_id), force_id)


def status_value(status: Status | None) -> str | None:
    return status.value if status is not None else None


def outage_line(outage: Outage | None) -> str:
    """What status, report, history and the site say first while the newest runs could not finish."""
    from .presentation import outage_words

    return outage_words(outage, when) if outage is not None else ""


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
