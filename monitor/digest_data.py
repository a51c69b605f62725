"""What the digest says, grouped once: every force's line, the confirmed changes, content, plan,
coverage and NPCC link changes since the bookmark (`collect`, from the store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .config import Settings
from .history_models import Outage, Overview
from .models import Event, ForceCoverage, Recommendation, RunState, Status, utc_iso
from .presentation import off_domain_words, safe_url
from .recommendations import bundled as bundled_register
from .store import Store

ARCHIVE = "https://web.archive.org/web/*/{url}"


def _archive(url: str | None) -> str | None:
    """The Internet Archive's copies of an http(s) page; none for anything else."""
    return ARCHIVE.format(url=url) if safe_url(url) else None


@dataclass(frozen=True)
class ForceLine:
    """One force as the digest shows it."""

    id: str
    name: str
    status: Status
    since: datetime | None = None
    uptime_30: float | None = None
    strip: tuple[Status, ...] = ()
    url: str | None = None
    final_url: str | None = None
    reason: str = ""
    # "hosted off Kent Police's registered domains: example.org", whatever the status.
    warning: str = ""

    @property
    def archive_url(self) -> str | None:
        return _archive(self.url)


@dataclass(frozen=True)
class Change:
    """A confirmed state change of one force."""

    force_id: str
    name: str
    from_status: Status | None
    to_status: Status
    at: datetime
    reason: str = ""
    url: str | None = None

    @property
    def archive_url(self) -> str | None:
        return _archive(self.url)


@dataclass(frozen=True)
class PlanChange:
    """A force's verified plan text changed."""

    force_id: str
    name: str
    at: datetime
    diff: str  # a short unified diff of the verified text


@dataclass(frozen=True)
class CoverageChange:
    """A force's published response answers other recommendations, or states a newer update, than
    its newest published check before this digest's period did (both read from stored evidence)."""

    force_id: str
    name: str
    at: datetime  # the check that saw it
    added: tuple[str, ...] = ()  # "Recommendation 10 (training)"
    dropped: tuple[str, ...] = ()
    update: str | None = None  # the newer latest update ("March 2026"), when there is one
    previous_update: str | None = None


def coverage_change(before: ForceCoverage, now: ForceCoverage, name: str,
                    register: Sequence[Recommendation]) -> CoverageChange | None:
    """What changed between two readings of one force's response; None when nothing did."""
    labels = {r.id: f"{r.label} ({r.theme})" if r.number is not None else r.title for r in register}
    order = {r.id: i for i, r in enumerate(register)}

    def sort(ids: set[str]) -> tuple[str, ...]:
        return tuple(labels.get(i, i) for i in sorted(ids, key=lambda i: (order.get(i, len(order)), i)))

    added, dropped = set(now.ids) - set(before.ids), set(before.ids) - set(now.ids)
    newer = now.update_key is not None and (before.update_key is None or now.update_key > before.update_key)
    if not added and not dropped and not newer:
        return None
    return CoverageChange(now.force_id, name, _dt(now.checked_at), sort(added), sort(dropped),
                          now.latest_update if newer else None, before.latest_update)


@dataclass(frozen=True)
class LinkUpdate:
    """The NPCC response's force links changed."""

    at: datetime
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    public_updated_at: str | None = None


@dataclass(frozen=True)
class DigestData:
    generated_at: datetime
    since: datetime | None
    forces: tuple[ForceLine, ...]
    newly_broken: tuple[Change, ...] = ()
    newly_missing: tuple[Change, ...] = ()
    recovered: tuple[Change, ...] = ()
    newly_published: tuple[Change, ...] = ()
    newly_blocked: tuple[Change, ...] = ()
    content_changes: tuple[PlanChange, ...] = ()
    source_changes: tuple[LinkUpdate, ...] = ()
    coverage_changes: tuple[CoverageChange, ...] = ()
    # The newest run's source problem (the guard's words, confirmed or not), while it lasts.
    source_problem: str | None = None
    first_event_id: int | None = None
    last_event_id: int | None = None
    version: str = ""
    # The newest runs could not finish (said first), and whether that began in this period.
    outage: Outage | None = None
    outage_began: bool = False
    # Runs in this period that could not finish, when a later run did: the recovery.
    recovered_from: Outage | None = None

    @property
    def published(self) -> int:
        return sum(1 for f in self.forces if f.status is Status.PUBLISHED)

    @property
    def still_bad(self) -> tuple[ForceLine, ...]:
        """Broken or missing before this digest's period too, longest first (the newly broken or
        missing are listed under what changed, not twice)."""
        new = {c.force_id for c in (*self.newly_broken, *self.newly_missing)}
        bad = [f for f in self.forces if f.status.category in ("broken", "missing") and f.id not in new]
        return tuple(sorted(bad, key=lambda f: f.since or self.generated_at))

    @property
    def blocked(self) -> tuple[ForceLine, ...]:
        return tuple(f for f in self.forces if f.status is Status.BLOCKED)

    @property
    def off_domain(self) -> tuple[ForceLine, ...]:
        return tuple(f for f in self.forces if f.warning)

    @property
    def changed(self) -> bool:
        """Worth sending under send_when = "changes": a confirmed change of a force, a source
        problem in the newest run, or runs that could not finish beginning or ending this period."""
        return any((self.newly_broken, self.newly_missing, self.recovered, self.newly_published,
                    self.newly_blocked, self.content_changes, self.source_changes, self.coverage_changes,
                    self.source_problem,
                    self.outage_began, self.recovered_from is not None))


def collect(store: Store, settings: Settings, *, now: datetime, since: datetime | None = None,
            after_event_id: int | None = None) -> DigestData:
    """Group everything the digest says, once: changes after the bookmark, every force's state."""
    from . import __version__

    names = {force.id: force.name for force in settings.forces}
    since_iso = utc_iso(since) if since else None
    if after_event_id is not None:
        events = store.events(after_id=after_event_id)
    else:
        events = store.events(since=since_iso)
    plan_changes = tuple(
        PlanChange(c.force_id, names.get(c.force_id, c.force_id), _dt(c.at), "\n".join(c.diff))
        for c in store.content_changes(since=since_iso)
    )
    overview = store.overview(now, [force.id for force in settings.forces], strip_runs=settings.digest.strip_runs)
    links = {state.force_id: state.observed.url for state in overview.states if state.observed}
    groups: dict[str, list[Change]] = {key: [] for key in ("broken", "missing", "recovered", "published", "blocked")}
    for event in events:
        groups[_group(event)].append(_change(event, names, links.get(event.force_id)))
    outage = store.outage(until=now)
    coverage_changes = _coverage_changes(store, [f.id for f in settings.forces], names, since_iso)
    # Over now: the runs that failed before the newest complete one, when that one is in this period.
    recovered_from = store.recovery(since_iso) if outage is None else None
    return DigestData(
        outage=outage,
        outage_began=outage is not None and (since_iso is None or outage.since >= since_iso),
        recovered_from=recovered_from,
        generated_at=now,
        since=since,
        forces=_force_lines(overview, settings),
        newly_broken=tuple(groups["broken"]),
        newly_missing=tuple(groups["missing"]),
        recovered=tuple(groups["recovered"]),
        newly_published=tuple(groups["published"]),
        newly_blocked=tuple(groups["blocked"]),
        content_changes=plan_changes,
        source_changes=_link_updates(store, since_iso),
        coverage_changes=coverage_changes,
        source_problem=(overview.last_run.source_problem
                        if overview.last_run is not None and overview.last_run.state == RunState.SOURCE_ERROR else None),
        first_event_id=events[0].id if events else None,
        last_event_id=events[-1].id if events else (after_event_id if after_event_id is not None else store.last_event_id()),
        version=__version__,
    )


def _link_updates(store: Store, since_iso: str | None) -> tuple[LinkUpdate, ...]:
    """The NPCC response's force links added, removed or changed, and its republications."""
    updates = []
    for change in store.source_changes(since=since_iso):
        added = tuple(link.url for link in change.links if link.url and link.kind in ("added", "changed"))
        removed = tuple(link.previous_url for link in change.links if link.previous_url and link.kind in ("removed", "changed"))
        if added or removed or change.republished:
            updates.append(LinkUpdate(_dt(change.at), added, removed,
                                      change.public_updated_at if change.republished else None))
    return tuple(updates)


def _force_lines(overview: Overview, settings: Settings) -> tuple[ForceLine, ...]:
    """Every force checked at least once, as the digest shows it; a force never checked is left out."""
    names = {force.id: force.name for force in settings.forces}
    forces = {force.id: force for force in settings.forces}
    lines = []
    for state in overview.states:
        shown = state.shown
        if shown is None:
            continue  # never checked yet: nothing to say about it
        observed = state.observed
        uptime = overview.uptime.get(state.force_id, {}).get(30)
        lines.append(ForceLine(
            id=state.force_id,
            name=names.get(state.force_id, state.force_id),
            status=shown,
            since=_dt(state.since) if state.since else None,
            uptime_30=uptime.percent if uptime else None,
            strip=tuple(o.status for o in overview.strips.get(state.force_id, ())),
            url=observed.url if observed else None,
            final_url=observed.final_url if observed else None,
            reason=observed.reason if observed and shown is not Status.PUBLISHED else "",
            warning=off_domain_words(forces.get(state.force_id), observed),
        ))
    return tuple(lines)


def _coverage_changes(store: Store, force_ids: Sequence[str], names: dict[str, str],
                      since_iso: str | None) -> tuple[CoverageChange, ...]:
    """Each force whose newest published check in this period reads its response differently from
    its newest published check before the period. Nothing is kept for this: both are stored
    checks' evidence. The first digest has nothing to compare with."""
    if since_iso is None:
        return ()
    before = store.published_coverage(force_ids, before=since_iso)
    now = store.published_coverage(force_ids)
    register = bundled_register()
    changes = []
    for force_id in force_ids:
        old, new = before.get(force_id), now.get(force_id)
        if old is None or new is None or new.checked_at < since_iso:
            continue
        change = coverage_change(old, new, names.get(force_id, force_id), register)
        if change is not None:
            changes.append(change)
    return tuple(changes)


def _group(event: Event) -> str:
    to = event.to_status.category
    if to == "ok":
        before = event.from_status.category if event.from_status else None
        return "recovered" if before in ("broken", "unverified") else "published"
    if to == "unverified":
        return "blocked"
    return to  # broken or missing


def _change(event: Event, names: dict[str, str], url: str | None) -> Change:
    return Change(event.force_id, names.get(event.force_id, event.force_id), event.from_status, event.to_status,
                  _dt(event.at), event.reason, url)


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)
