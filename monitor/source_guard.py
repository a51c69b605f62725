"""The source guard: is this run's NPCC response the source we have been reading, or a source
problem? Pure: facts in, a verdict out (the pipeline fetches, the store remembers).

A hostile-web trial (issue 18) showed two ways past a guard that compared a run only with the
last good run: links cut by just under half each run passed every time (42 forces ended "not
linked"), and links all moved to other hosts passed too (39 forces confirmed missing; with copied
pages, 42 "published"). So a run is compared with a baseline of recent good runs, whose link count
is the most any of them had: a ratchet that a slow shrink cannot walk down, since a run below it
is a source problem and never joins the baseline. And a wholesale move of the force links to hosts
outside the forces' registered domains is a source problem too.

A source problem checks no force and marks none missing (the pipeline records the run as
`source_error`); it is reported at once and called confirmed once `confirm_runs` runs in a row
have had one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .models import Force


@dataclass(frozen=True)
class SourceFacts:
    """What the guard needs of one snapshot of the source."""

    linked: int  # forces with at least one link
    off_domain: tuple[tuple[str, str], ...] = ()  # (force id, host): forces linked only off their domains

    @property
    def off_domain_share(self) -> float:
        return len(self.off_domain) / self.linked if self.linked else 0.0


@dataclass(frozen=True)
class Baseline:
    """Recent good snapshots, as one: the most forces any of them linked, and the largest share of
    forces linked off their domains (a register whose domains are out of date is not a hijack)."""

    runs: int
    most_linked: int
    off_domain_share: float


@dataclass(frozen=True)
class GuardLimits:
    min_link_fraction: float
    max_off_domain_share: float


def facts(links: Iterable[tuple[str, str]], forces: Sequence[Force]) -> SourceFacts:
    """From (force id, url) pairs: how many forces are linked, and which only off their domains."""
    by_id = {force.id: force for force in forces}
    urls: dict[str, list[str]] = {}
    for force_id, url in links:
        if force_id:
            urls.setdefault(force_id, []).append(url)
    off = []
    for force_id, found in urls.items():
        force = by_id.get(force_id)
        hosts = [force.off_domain_host(url) for url in found] if force is not None else []
        if hosts and all(hosts):
            off.append((force_id, str(hosts[0])))
    return SourceFacts(linked=len(urls), off_domain=tuple(sorted(off)))


def baseline(good: Sequence[SourceFacts]) -> Baseline | None:
    if not good:
        return None
    return Baseline(runs=len(good), most_linked=max(f.linked for f in good),
                    off_domain_share=max(f.off_domain_share for f in good))


def _links_nothing(now: SourceFacts, base: Baseline | None, limits: GuardLimits) -> str | None:
    return "the NPCC response links no force at all" if now.linked == 0 else None


def _shrank(now: SourceFacts, base: Baseline | None, limits: GuardLimits) -> str | None:
    if base is None or now.linked >= base.most_linked * limits.min_link_fraction:
        return None
    return (f"the NPCC response now links {now.linked} forces, down from {base.most_linked} "
            f"(the most in the last {base.runs} good runs)")


def _moved_off_domains(now: SourceFacts, base: Baseline | None, limits: GuardLimits) -> str | None:
    if base is None or now.off_domain_share <= limits.max_off_domain_share:
        return None  # a first run has nothing to have changed from (each such force still warns)
    if base.off_domain_share > limits.max_off_domain_share:
        return None  # it always looked like this: the register's domains, not the source, are off
    hosts = sorted({host for _, host in now.off_domain})
    shown = ", ".join(hosts[:3]) + (f" and {len(hosts) - 3} more" if len(hosts) > 3 else "")
    return (f"{len(now.off_domain)} of the {now.linked} forces the NPCC response links are linked only "
            f"outside their registered domains ({shown})")


# Each rule: (name, rule). The first that finds a problem decides.
RULES: tuple[tuple[str, Callable[[SourceFacts, Baseline | None, GuardLimits], str | None]], ...] = (
    ("links_nothing", _links_nothing),
    ("shrank", _shrank),
    ("moved_off_domains", _moved_off_domains),
)


def judge(now: SourceFacts, base: Baseline | None, limits: GuardLimits) -> str | None:
    """The source problem in words, or None when the source looks like itself."""
    for _, rule in RULES:
        problem = rule(now, base, limits)
        if problem is not None:
            return problem
    return None


def confirmation(problem: str, earlier: int, since: str | None, confirm_runs: int) -> str:
    """The problem as reported: with how many runs in a row have had a source problem (`earlier`
    before this one, since `since`), and whether that confirms it."""
    runs = earlier + 1
    if runs >= confirm_runs:
        started = f" since {since}" if since else ""
        return (f"{problem}; confirmed: {runs} runs in a row{started} found a source problem. No force is "
                "checked or marked missing until the source is fixed: look at the NPCC response")
    return (f"{problem}; not marking forces missing (a source problem in {runs} of the {confirm_runs} runs in a "
            "row that confirm it)")
