"""History: what the store's queries return (store.py; shown by the report and the digest).

Frozen data, like models.py, which holds what one run makes (checks, events). Times are UTC
ISO-8601 strings, as stored. Sequences run oldest first unless a docstring says otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Event, ForceCoverage, RunState, Status


@dataclass(frozen=True)
class RunInfo:
    """One run as recorded."""

    id: int
    started: str
    finished: str | None
    state: RunState | str
    trigger: str | None = None
    source_problem: str | None = None


@dataclass(frozen=True)
class Observation:
    """One force's status in one complete run: the unit that confirmation and uptime count."""

    run_id: int
    checked_at: str
    status: Status
    reason: str = ""
    url: str | None = None
    final_url: str | None = None
    http_status: int | None = None


@dataclass(frozen=True)
class ForceState:
    """A force's confirmed state and the facts derived from its history.

    state is None until the force's first `confirm_runs` observations agree ("unconfirmed"); the
    newest observation is always in `observed`. `since` is when the confirmed state began.
    """

    force_id: str
    state: Status | None = None
    since: str | None = None
    confirmed_at: str | None = None
    event_id: int | None = None
    observed: Observation | None = None
    first_published: str | None = None
    last_content_change: str | None = None
    # The confirmed state is the first the monitor saw, so it began before monitoring did and
    # `since` is when monitoring began, not when (say) the link broke.
    first_state: bool = False

    @property
    def shown(self) -> Status | None:
        """What to show: the confirmed state, or the newest observation while unconfirmed."""
        if self.state is not None:
            return self.state
        return self.observed.status if self.observed else None

    @property
    def confirmed(self) -> bool:
        return self.state is not None

    @property
    def pending(self) -> bool:
        """The newest observation disagrees with the confirmed state and awaits confirmation."""
        return (self.state is not None and self.observed is not None
                and self.observed.status.category != self.state.category)


@dataclass(frozen=True)
class Uptime:
    """Availability of one force over a window of `days` ending at the query's `now`.

    Counts observations in complete runs (raw checks plus rolled-up days). Blocked observations
    are excluded: we could not verify the page, so they count neither up nor down.
    """

    force_id: str
    days: int
    published: int = 0
    counted: int = 0  # observations counted: published + missing + broken
    blocked: int = 0  # observations left out because the force blocked us

    @property
    def percent(self) -> float | None:
        """Published share of counted observations, 0-100; None when nothing was counted."""
        return 100.0 * self.published / self.counted if self.counted else None


@dataclass(frozen=True)
class LinkChange:
    """One force link that differs between two snapshots of the NPCC response."""

    force_id: str | None  # None: a link that matches no force
    url: str | None  # the link now (None: removed)
    previous_url: str | None  # the link before (None: added)

    @property
    def kind(self) -> str:
        """added, removed or changed."""
        if self.previous_url is None:
            return "added"
        if self.url is None:
            return "removed"
        return "changed"


@dataclass(frozen=True)
class SourceChange:
    """The NPCC response changed between two consecutive snapshots (runs)."""

    run_id: int
    at: str  # when the newer snapshot was read
    previous_run_id: int
    previous_at: str
    links: tuple[LinkChange, ...] = ()
    public_updated_at: str | None = None
    previous_public_updated_at: str | None = None
    content_changed: bool = False  # the body changed even if no force link did

    @property
    def republished(self) -> bool:
        """GOV.UK's public_updated_at moved: a major change by the publisher's own account."""
        return self.public_updated_at != self.previous_public_updated_at


@dataclass(frozen=True)
class ContentChange:
    """A force's verified text changed (or, with old_hash None, was seen for the first time).

    diff holds a few lines, "- old sentence" / "+ new sentence", and is empty when either text
    is not stored (checks recorded before texts were kept).
    """

    id: int
    force_id: str
    at: str
    run_id: int
    old_hash: str | None
    new_hash: str
    diff: tuple[str, ...] = ()

    @property
    def first(self) -> bool:
        return self.old_hash is None


@dataclass(frozen=True)
class Changes:
    """Everything that changed in a period: what `history` without a force shows, the digest's input."""

    since: str
    until: str
    events: tuple[Event, ...] = ()
    content_changes: tuple[ContentChange, ...] = ()
    source_changes: tuple[SourceChange, ...] = ()


@dataclass(frozen=True)
class Outage:
    """The newest runs, after the last complete one, that could not finish: what `status`,
    `report`, the published pages and the digest say first.

    runs:          how many in a row (source_error or aborted), newest last
    source_errors: how many of them could not read the NPCC response
    since:         when the first of them started
    reason:        the newest one's problem
    last_good:     when the last complete run finished (forces' states are as of then), or None
    """

    runs: int
    source_errors: int
    since: str
    reason: str
    last_good: str | None

    @property
    def source(self) -> bool:
        """The NPCC response could not be read (not only runs cut short)."""
        return self.source_errors > 0


@dataclass(frozen=True)
class Overview:
    """Every force at a glance: what `status` and `report` render.

    uptime:       force id -> {days: Uptime} for 7, 30 and 90 days
    strips:       force id -> its newest observations in complete runs, oldest first
    link_changed: force id -> when the NPCC response last changed this force's link
    """

    generated_at: str
    states: tuple[ForceState, ...]
    uptime: dict[str, dict[int, Uptime]]
    strips: dict[str, tuple[Observation, ...]]
    last_run: RunInfo | None = None
    last_complete_run: RunInfo | None = None
    source_public_updated_at: str | None = None
    last_source_change: SourceChange | None = None
    link_changed: dict[str, str] = field(default_factory=dict)
    # The newest runs could not finish (the NPCC response unreadable, a crash): said first.
    outage: Outage | None = None
    # force id -> what its newest published check's response answers (published forces only).
    coverage: dict[str, ForceCoverage] = field(default_factory=dict)


@dataclass(frozen=True)
class ForceHistory:
    """One force over a period: what `history ID` shows."""

    force_id: str
    since: str
    until: str
    state: ForceState
    uptime: dict[int, Uptime]
    observations: tuple[Observation, ...]  # oldest first
    events: tuple[Event, ...]
    content_changes: tuple[ContentChange, ...]
    link_changes: tuple[tuple[SourceChange, LinkChange], ...]


@dataclass(frozen=True)
class PruneResult:
    cutoff_day: str  # checks from before this day (UTC) were folded and removed
    checks_removed: int
    days_rolled_up: int  # (force, day) rollup rows written or added to
