"""The one presentation layer: what every human-facing page shares.

The status page (`report --format html`), the published site (`publish`) and the digest render
from Jinja2 templates in monitor/templates through `environment()`, so they use the same status
symbols, colours and words, the same time format in the configured zone, and the same rule for
links: only http(s) URLs ever become a link (`safe_url`), whatever a page, a redirect or a
tampered source supplied. Pure: no I/O beyond reading the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .history_models import ForceState, Observation, Outage, Overview, Uptime
from .models import Force, ForceCoverage, Recommendation, Status

# By how a status counts (Status.category). Shape and colour both carry the meaning, and the
# status is always also given in words: colour is never the only signal.
SYMBOL = {"ok": "✓", "broken": "✗", "missing": "–", "unverified": "?", "none": "·"}
# Dark enough for white text on them and for text on white (WCAG AA, 4.5:1 or more).
COLOUR = {"ok": "#00703c", "broken": "#b10e1e", "missing": "#8a4b00", "unverified": "#5c2d91", "none": "#505a5f"}
CATEGORY_WORDS = {"ok": "published", "broken": "broken", "missing": "missing",
                  "unverified": "not verified (blocked)", "none": "not checked yet"}
# A cell of the recommendations-by-forces matrix: a symbol and a word, so colour is never the only
# signal and a screen reader says "yes" or "no", not a glyph's name. Short words, so eight
# columns and the force's name fit a laptop's width; the page says what "no" means.
ANSWERED = ("✓", "yes")
NOT_FOUND = ("–", "no")
# The order problems are shown in: the worst first, the good news last.
CATEGORY_ORDER = ("broken", "missing", "unverified", "none", "ok")


def category(status: Status | None) -> str:
    return status.category if status is not None else "none"


def safe_url(url: Any) -> str | None:
    """The URL if it may become a link (an http or https URL with a host), else None.

    Everything we render comes from the web in the end: a redirect's Location, the NPCC page's
    links, a force's page. A `javascript:`, `data:` or `vbscript:` URL, or one hiding control
    characters or spaces (which browsers strip before reading the scheme), is shown as text only.
    """
    if not isinstance(url, str) or not url:
        return None
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def short_host(url: Any) -> str:
    """'https://www.kent.police.uk/about/...' -> 'kent.police.uk': what a person recognises."""
    if not isinstance(url, str) or not url:
        return "-"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    if not host:
        return url[:60]
    return host[4:] if host.startswith("www.") else host


def as_datetime(moment: datetime | str | None) -> datetime | None:
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_time(moment: datetime | str | None, zone: ZoneInfo) -> str:
    """'Sat 28 Nov 2026, 07:30 GMT' in the configured zone, its name shown; '-' for nothing."""
    value = as_datetime(moment)
    if value is None:
        return "-"
    local = value.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def local_date(moment: datetime | str | None, zone: ZoneInfo) -> str:
    """'3 Dec 2024' in the configured zone; '-' for nothing."""
    value = as_datetime(moment)
    if value is None:
        return "-"
    local = value.astimezone(zone)
    return f"{local.day} {local:%b %Y}"


def span(now: datetime | str, moment: datetime | str | None) -> str:
    """How long since `moment`, in the largest unit that reads naturally: '12 days', '5 hours'."""
    start, end = as_datetime(moment), as_datetime(now)
    if start is None or end is None:
        return ""
    seconds = max(0, int((end - start).total_seconds()))
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 86400:
        return "1 day"
    hours = seconds // 3600
    if hours >= 1:
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "less than an hour"


def state_duration(status: Status | None, since: datetime | str | None, now: datetime | str, zone: ZoneInfo,
                   *, first: bool = False) -> str:
    """'published since 3 Dec 2024' for good news (the date is what people quote), 'broken for
    12 days, since 18 Nov 2026' for a problem (how long it has lasted is what matters); '' when
    not confirmed.

    first: the state is the first the monitor saw, so it began before monitoring did: 'broken for
    at least 9 days, since monitoring began on 18 Nov 2026', never a date that looks like the day
    the link broke.
    """
    held = state_held(status, since, now, zone, first=first)
    return f"{status.label} {held}" if status is not None and held else ""


def state_held(status: Status | None, since: datetime | str | None, now: datetime | str, zone: ZoneInfo,
               *, first: bool = False) -> str:
    """state_duration without the status's name, for beside a badge that shows it."""
    if status is None or since is None:
        return ""
    if first:
        if status.category == "ok":
            return f"since at least {local_date(since, zone)}, when monitoring began"
        return f"for at least {span(now, since)}, since monitoring began on {local_date(since, zone)}"
    if status.category == "ok":
        return f"since {local_date(since, zone)}"
    return f"for {span(now, since)}, since {local_date(since, zone)}"


def uptime_words(percent: float | None) -> str:
    """'99.2%', '100%', or '-' when nothing was counted."""
    if percent is None:
        return "-"
    return f"{percent:.0f}%" if percent in (0, 100) else f"{percent:.1f}%"


def strip_words(strip: Sequence[Observation]) -> str:
    """'last 30 runs, oldest first: 28 published, 2 broken': a strip of symbols in words."""
    if not strip:
        return "no runs yet"
    counts: dict[str, int] = {}
    for obs in strip:
        counts[obs.status.category] = counts.get(obs.status.category, 0) + 1
    parts = [f"{counts[c]} {CATEGORY_WORDS[c]}" for c in ("ok", "broken", "missing", "unverified") if c in counts]
    return f"last {len(strip)} run{'' if len(strip) == 1 else 's'}, oldest first: " + ", ".join(parts)


# The tile map: each territorial force's cell (column, row) on a 7 x 9 grid, roughly where it is
# in England and Wales, and the short name on its tile (the full name is in its label).
TILES: dict[str, tuple[int, int, str]] = {
    "northumbria": (4, 1, "Nbria"),
    "cumbria": (3, 2, "Cumb"), "durham": (4, 2, "Durh"), "cleveland": (5, 2, "Clev"),
    "lancashire": (3, 3, "Lancs"), "north-yorkshire": (4, 3, "N Yks"), "humberside": (5, 3, "Humb"),
    "merseyside": (2, 4, "Mers"), "greater-manchester": (3, 4, "GMP"), "west-yorkshire": (4, 4, "W Yks"),
    "south-yorkshire": (5, 4, "S Yks"), "lincolnshire": (6, 4, "Lincs"),
    "north-wales": (1, 5, "N Wal"), "cheshire": (2, 5, "Ches"), "staffordshire": (3, 5, "Staffs"),
    "derbyshire": (4, 5, "Derbs"), "nottinghamshire": (5, 5, "Notts"), "norfolk": (7, 5, "Norf"),
    "dyfed-powys": (1, 6, "D-P"), "west-mercia": (2, 6, "W Merc"), "west-midlands": (3, 6, "W Mids"),
    "warwickshire": (4, 6, "Warks"), "leicestershire": (5, 6, "Leics"), "cambridgeshire": (6, 6, "Cambs"),
    "suffolk": (7, 6, "Suff"),
    "south-wales": (1, 7, "S Wal"), "gwent": (2, 7, "Gwent"), "gloucestershire": (3, 7, "Glos"),
    "northamptonshire": (4, 7, "Nhants"), "bedfordshire": (5, 7, "Beds"), "hertfordshire": (6, 7, "Herts"),
    "essex": (7, 7, "Essex"),
    "avon-and-somerset": (2, 8, "A&S"), "wiltshire": (3, 8, "Wilts"), "thames-valley": (4, 8, "TVP"),
    "metropolitan": (5, 8, "Met"), "city-of-london": (6, 8, "City"),
    "devon-and-cornwall": (1, 9, "D&C"), "dorset": (2, 9, "Dorset"), "hampshire": (3, 9, "Hants"),
    "surrey": (4, 9, "Surrey"), "sussex": (5, 9, "Sussex"), "kent": (6, 9, "Kent"),
}


@dataclass(frozen=True)
class ForceRow:
    """One force as every page shows it: the status page, the site's index and its own page."""

    id: str
    name: str
    status: Status | None
    confirmed: bool
    since: str | None
    note: str  # 'unconfirmed: ...' or 'now broken, awaiting confirmation', else ''
    reason: str  # why, where something is wrong (for a published page it is noise)
    url: str | None
    final_url: str | None
    uptime: dict[int, Uptime] = field(default_factory=dict)
    strip: tuple[Observation, ...] = ()
    link_changed: str | None = None
    last_checked: str | None = None
    first_state: bool = False  # the state began before monitoring did (ForceState.first_state)
    # "hosted off Kent Police's registered domains: example.org", shown whatever the status.
    warning: str = ""

    @property
    def category(self) -> str:
        return category(self.status)

    @property
    def label(self) -> str:
        return self.status.label if self.status is not None else CATEGORY_WORDS["none"]

    @property
    def tile(self) -> tuple[int, int, str] | None:
        return TILES.get(self.id)

    def pct(self, days: int) -> str:
        uptime = self.uptime.get(days)
        return uptime_words(uptime.percent if uptime is not None else None)


def force_row(state: ForceState, forces: Sequence[Force], overview: Overview | None = None) -> ForceRow:
    obs = state.observed
    shown = state.shown
    note = ""
    if not state.confirmed and shown is not None:
        note = "unconfirmed: seen once, awaiting the next run"
    elif state.pending and obs is not None:
        note = f"now {obs.status.label}, awaiting confirmation"
    problem = obs is not None and obs.reason and obs.status.category != "ok"
    force = next((f for f in forces if f.id == state.force_id), None)
    return ForceRow(
        id=state.force_id,
        name=force.name if force is not None else state.force_id,
        status=shown,
        confirmed=state.confirmed,
        since=state.since if state.confirmed else None,
        note=note,
        reason=obs.reason if problem and obs is not None else "",
        url=obs.url if obs else None,
        final_url=obs.final_url if obs else None,
        uptime=overview.uptime.get(state.force_id, {}) if overview else {},
        strip=overview.strips.get(state.force_id, ()) if overview else (),
        link_changed=overview.link_changed.get(state.force_id) if overview else None,
        last_checked=obs.checked_at if obs else None,
        first_state=state.confirmed and state.first_state,
        warning=off_domain_words(force, obs),
    )


def off_domain_words(force: Force | None, observed: Observation | None) -> str:
    """The pipeline's off-domain warning when the force's last observation carries one (its reason
    says so; an override URL is the operator's choice and carries none), else ''."""
    if force is None or observed is None:
        return ""
    host = force.off_domain_host(observed.url) or force.off_domain_host(observed.final_url)
    warning = force.off_domain_warning(host) if host else ""
    return warning if warning and warning in observed.reason else ""


def problems_first(rows: Sequence[ForceRow]) -> tuple[list[ForceRow], list[ForceRow]]:
    """(problems, published): problems by severity (broken, missing, blocked, not checked), the
    longest-standing first within each; the published in register order."""
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    problems = sorted((r for r in rows if r.category != "ok"),
                      key=lambda r: (rank[r.category], r.since or "9999"))
    return problems, [r for r in rows if r.category == "ok"]


def environment(*, html: bool, zone: str | ZoneInfo = "UTC", now: datetime | str | None = None) -> Any:
    """The Jinja2 environment every template renders in: autoescaped for HTML (page titles,
    reasons and URLs are untrusted), with the shared vocabulary as globals and filters."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    env = Environment(loader=PackageLoader("monitor", "templates"), autoescape=html, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=not html)
    moment = as_datetime(now) or datetime.now(timezone.utc)
    when: Callable[[Any], str] = lambda value: local_time(value, tz)  # noqa: E731
    env.filters.update(
        safe_url=safe_url,
        host=short_host,
        when=when,
        day=lambda value: local_date(value, tz),
        ago=lambda value: span(moment, value),
        pct=uptime_words,
    )
    env.globals.update(
        SYMBOL=SYMBOL,
        COLOUR=COLOUR,
        CATEGORY_WORDS=CATEGORY_WORDS,
        ANSWERED=ANSWERED,
        NOT_FOUND=NOT_FOUND,
        category=category,
        strip_words=strip_words,
        duration=lambda status, since, first=False: state_duration(status, since, moment, tz, first=first),
        held=lambda status, since, first=False: state_held(status, since, moment, tz, first=first),
        zone_name=getattr(tz, "key", str(tz)),
        now=moment,
    )
    return env


def outage_words(outage: Outage, when: Callable[[str | None], str]) -> str:
    """The first thing every page says while the newest runs could not finish."""
    runs = "the last run" if outage.runs == 1 else f"the last {outage.runs} runs"
    as_of = (f"Forces' states are as of the last complete run, {when(outage.last_good)}." if outage.last_good
             else "No run has completed yet, so no force has a state.")
    if outage.source:
        return f"The NPCC response could not be read in {runs}, since {when(outage.since)}: {outage.reason}. {as_of}"
    return f"{runs[0].upper()}{runs[1:]} did not complete, since {when(outage.since)}: {outage.reason}. {as_of}"


def recovery_words(outage: Outage, when: Callable[[str | None], str]) -> str:
    """What the digest says once runs that could not finish are followed by one that did."""
    runs = "1 run" if outage.runs == 1 else f"{outage.runs} runs"
    if outage.source:
        return (f"The NPCC response could not be read in {runs} since {when(outage.since)} ({outage.reason}); "
                "it has been read again and the states below are current.")
    return (f"{runs[0].upper()}{runs[1:]} did not complete since {when(outage.since)} ({outage.reason}); "
            "a run has completed since and the states below are current.")


@dataclass(frozen=True)
class CoverageColumn:
    """One of the register's recommendations as a column of the matrix and the CSV."""

    id: str
    label: str  # "Rec. 7", or "Unnumbered" where the report's number is not known
    theme: str  # "crime recording": the few words under the label
    title: str  # the register's short title, in the key below the matrix

    @property
    def csv_header(self) -> str:
        return f"answers_{self.id}"


def coverage_columns(register: Sequence[Recommendation]) -> tuple[CoverageColumn, ...]:
    """The matrix's columns in the register's order (config/recommendations.toml)."""
    return tuple(CoverageColumn(r.id, f"Rec. {r.number}" if r.number is not None else "Unnumbered", r.theme, r.title)
                 for r in register)


def answers_words(coverage: ForceCoverage | None, register: Sequence[Recommendation]) -> str:
    """'7, 10, +2': the numbers of the recommendations a response answers, in register order, then
    how many more it answers whose number the report's public summaries do not give; '' for none."""
    if coverage is None:
        return ""
    answered = set(coverage.ids)
    numbers = [str(r.number) for r in register if r.id in answered and r.number is not None]
    known = {r.id for r in register}
    unnumbered = sum(1 for r in register if r.id in answered and r.number is None)
    unnumbered += sum(1 for rid in answered if rid not in known)  # an older register's id: still counted
    return ", ".join(numbers + ([f"+{unnumbered}"] if unnumbered else [])) or "none found"


@dataclass(frozen=True)
class CoverageRow:
    """One published force as a row of the matrix."""

    id: str
    name: str
    cells: tuple[tuple[CoverageColumn, bool, str], ...]  # (column, answered, the response's words)
    latest_update: str | None
    answered: int


def coverage_rows(overview: Overview, forces: Sequence[Force],
                  register: Sequence[Recommendation]) -> list[CoverageRow]:
    """The matrix's rows: every force with a published response whose check recorded coverage,
    in register order."""
    columns = coverage_columns(register)
    rows = []
    for state in overview.states:
        coverage = overview.coverage.get(state.force_id)
        if coverage is None:
            continue
        quotes = {item.recommendation: item.quote for item in coverage.answered}
        force = next((f for f in forces if f.id == state.force_id), None)
        rows.append(CoverageRow(
            id=state.force_id, name=force.name if force is not None else state.force_id,
            cells=tuple((c, c.id in quotes, quotes.get(c.id, "")) for c in columns),
            latest_update=coverage.latest_update, answered=len(quotes)))
    return rows
