"""The status page: one static HTML page of every force's state, rendered through the shared templates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .history_models import Overview
from .models import Force, Recommendation, RunState
from .presentation import coverage_columns
from .recommendations import bundled as bundled_register
from .report_text import overview_line, source_change_words


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
    from .presentation import (
        TILES,
        coverage_rows,
        environment,
        force_row,
        local_time,
        outage_words,
        problems_first,
    )

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
