"""One run: source -> fetch -> verify -> store. The only module that imports all of them.

`run_once` takes its collaborators (settings, fetcher, store, clock) so tests pass a real
loopback replica and a real SQLite file, and the scheduler and the CLI share one code path.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from .config import Settings
from .errors import SourceError
from .fetch import Fetcher, Validators
from .models import Check, FetchResult, Force, Reconciliation, RunSummary, SourceSnapshot, Status, Verdict
from .source import parse_content_api, parse_html_page, reconcile
from .store import Store
from .verify import plan_documents, read_page, verify_page

Clock = Callable[[], datetime]
Progress = Callable[[Check], None]
# Plan documents followed from one landing page, at most.
MAX_DOCUMENTS_PER_PAGE = 3
# A 304 keeps the verdict of the run that last read the page; the reason says so.
NOT_MODIFIED = "not modified since last run (304): "
# Verdicts decided by the page's own content, which a 304 says is unchanged.
_CONTENT_VERDICTS = (Status.PUBLISHED, Status.NOT_RESPONSE, Status.SOFT_404)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SourceRead:
    snapshot: SourceSnapshot
    reconciliation: Reconciliation


async def read_source(settings: Settings, fetcher: Fetcher) -> SourceSnapshot:
    """The NPCC response from the Content API, or from the HTML page if the API fails.

    Raises SourceError when neither can be read: that is never 43 missing forces.
    """
    # The Content API is an API for programs, not a crawl target, so robots.txt is not consulted.
    api = await fetcher.fetch(settings.source.content_api_url, respect_robots=False)
    problem = _source_problem(api)
    if problem is None:
        try:
            return parse_content_api(api.body, api.final_url)
        except SourceError as exc:
            problem = str(exc)
    page = await fetcher.fetch(settings.source.page_url, respect_robots=False)
    page_problem = _source_problem(page)
    if page_problem is not None:
        raise SourceError(
            f"cannot read the NPCC response: Content API: {problem}; HTML page: {page_problem}",
        )
    snapshot = parse_html_page(page.text or "", page.final_url)
    return SourceSnapshot(**{**snapshot.__dict__, "fallback_reason": problem})


def _source_problem(result: FetchResult) -> str | None:
    if result.error_kind is not None:
        return f"{result.url}: {result.error}"
    if result.status_code != 200:
        return f"{result.url}: HTTP {result.status_code}"
    return None


async def check_force(
    fetcher: Fetcher,
    force: Force,
    urls: Sequence[str],
    *,
    used_override: bool = False,
    previous: Mapping[str, Check] | None = None,
) -> Check:
    """Check every URL the force has (usually one) and keep the best verdict.

    previous: the last check of each URL, whose validators make the request conditional.
    """
    best: Check | None = None
    for url in urls:
        check = await check_url(fetcher, force, url, used_override=used_override, previous=(previous or {}).get(url))
        if best is None or _rank(check.status) < _rank(best.status):
            best = check
        if best.status is Status.PUBLISHED:
            break
    assert best is not None, "check_force needs at least one URL"
    return best


async def check_url(
    fetcher: Fetcher, force: Force, url: str, *, used_override: bool = False, previous: Check | None = None
) -> Check:
    # None: the config's [http] respect_robots decides; a force may opt out in the register.
    robots = None if force.robots else False
    result = await fetcher.fetch(url, respect_robots=robots, validators=_validators(previous))
    if result.not_modified and previous is not None:
        return _not_modified(force, url, result, previous, used_override)
    documents: dict[str, FetchResult] = {}
    if result.ok and result.text is not None:
        wanted = plan_documents(read_page(result))[:MAX_DOCUMENTS_PER_PAGE]
        fetched = await asyncio.gather(*(fetcher.fetch(doc, document=True, respect_robots=robots) for doc in wanted))
        documents = dict(zip(wanted, fetched))
    verdict = verify_page(result, force, requested_url=url, documents=documents)
    return _check(force, url, result, verdict, used_override)


def _validators(previous: Check | None) -> Validators | None:
    """The last run's ETag / Last-Modified, when a 304 could stand for its verdict.

    Not when the verdict came from a plan document: the page being unchanged says nothing about
    whether the document it links is still there.
    """
    if previous is None or previous.status not in _CONTENT_VERDICTS or "document_url" in previous.evidence:
        return None
    etag, last_modified = previous.evidence.get("etag"), previous.evidence.get("last_modified")
    if not (etag or last_modified) or not previous.final_url:
        return None
    chain = tuple(hop.url for hop in previous.redirect_chain) or (previous.final_url,)
    return Validators(chain=chain, etag=etag, last_modified=last_modified)


def _validator_evidence(result: FetchResult) -> dict[str, str]:
    """Validators to keep in the check's evidence, for the next run's conditional request."""
    if result.error_kind is not None or result.status_code not in (200, 304):
        return {}
    found = {"etag": result.headers.get("etag"), "last_modified": result.headers.get("last-modified")}
    return {key: value for key, value in found.items() if value}


def _not_modified(force: Force, url: str, result: FetchResult, previous: Check, used_override: bool) -> Check:
    """A 304: the page is as the last run verified it, so that verdict and evidence stand."""
    reason = previous.reason.removeprefix(NOT_MODIFIED)
    evidence = {**previous.evidence, **_validator_evidence(result), "not_modified": True}
    verdict = Verdict(previous.status, NOT_MODIFIED + reason, score=previous.score, evidence=evidence,
                      warnings=("not_modified",))
    return replace(_check(force, url, result, verdict, used_override), content_hash=previous.content_hash)


def _check(force: Force, url: str, result: FetchResult, verdict: Verdict, used_override: bool) -> Check:
    warnings = list(result.warnings) + list(verdict.warnings)
    if result.redirected and any(hop.status in (301, 308) for hop in result.hops[:1]):
        warnings.append("redirected")
    text = verdict.text if verdict.status is Status.PUBLISHED else None
    return Check(
        force_id=force.id,
        status=verdict.status,
        reason=verdict.reason,
        url=url,
        final_url=result.final_url,
        http_status=result.status_code,
        elapsed_ms=result.elapsed_ms,
        score=verdict.score,
        warnings=tuple(dict.fromkeys(warnings)),
        redirect_chain=result.hops,
        content_hash=hashlib.sha256(" ".join(text.split()).encode()).hexdigest() if text else None,
        title=verdict.evidence.get("title"),
        bytes=len(result.body),
        error=result.error,
        used_override=used_override,
        evidence={**verdict.evidence, **_validator_evidence(result)},
        text=text,
    )


_RANK = {status: index for index, status in enumerate(
    (Status.PUBLISHED, Status.BLOCKED, Status.NOT_RESPONSE, Status.SOFT_404, Status.BROKEN, Status.UNREACHABLE, Status.NOT_LINKED)
)}


def _rank(status: Status) -> int:
    return _RANK[status]


def targets(settings: Settings, reconciliation: Reconciliation, forces: Sequence[Force]) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Per force: the URLs to check and whether they come from the register's override."""
    plan: dict[str, tuple[tuple[str, ...], bool]] = {}
    budget = settings.source.max_links
    for force in forces:
        links = tuple(link.url for link in reconciliation.links_by_force.get(force.id, ()))[:3]
        if links:
            plan[force.id] = (links[:budget], False)
        elif force.override_url:
            plan[force.id] = ((force.override_url,), True)
        budget -= len(plan.get(force.id, ((), False))[0])
        if budget <= 0:
            break
    return plan


async def run_once(
    settings: Settings,
    fetcher: Fetcher,
    store: Store,
    *,
    clock: Clock = utc_now,
    force_ids: Sequence[str] | None = None,
    trigger: str = "cli",
    progress: Progress | None = None,
) -> RunSummary:
    """Check the forces (all, or those named), record everything, return the run's summary."""
    forces = [settings.force(fid) for fid in force_ids] if force_ids else [f for f in settings.forces]
    store.abort_stale_runs(iso(clock()))
    started = iso(clock())
    run_id = store.start_run(started, trigger)
    try:
        try:
            snapshot = await read_source(settings, fetcher)
        except SourceError as exc:
            finished = iso(clock())
            store.finish_run(run_id, finished, state="source_error", source_problem=str(exc))
            return RunSummary(run_id, started, finished, "source_error", (), source_problem=str(exc))
        reconciliation = reconcile(snapshot.links, settings.forces)
        store.record_snapshot(run_id, snapshot, reconciliation, iso(clock()))
        problem = _guard(store, reconciliation, settings, run_id)
        if problem is not None:
            finished = iso(clock())
            store.finish_run(run_id, finished, state="source_error", source_problem=problem)
            return RunSummary(run_id, started, finished, "source_error", (), source=snapshot, source_problem=problem)

        plan = targets(settings, reconciliation, forces)

        async def one(force: Force) -> Check:
            if force.id in plan:
                urls, used_override = plan[force.id]
                previous = {url: last for url in urls if (last := store.last_check(force.id, url)) is not None}
                check = await check_force(fetcher, force, urls, used_override=used_override, previous=previous)
            elif force.id in reconciliation.links_by_force or force.override_url:
                # Linked, but past the cap on links one source may make us follow: not "not linked".
                check = Check(force_id=force.id, status=Status.BLOCKED,
                              reason=f"not checked: this run already followed [source] max_links = "
                                     f"{settings.source.max_links} links from the source")
            else:
                check = Check(force_id=force.id, status=Status.NOT_LINKED,
                              reason="the NPCC response has no link for this force (and the register gives no override)")
            store.record_check(run_id, check, iso(clock()))
            if progress is not None:
                progress(check)
            return check

        checks = await asyncio.gather(*(one(force) for force in forces))
    except BaseException:
        # Cancelled or crashed mid-run: never leave the run looking complete.
        store.finish_run(run_id, iso(clock()), state="aborted")
        raise
    finished = iso(clock())
    store.finish_run(run_id, finished, state="complete")
    return RunSummary(
        run_id=run_id,
        started=started,
        finished=finished,
        state="complete",
        checks=tuple(checks),
        source=snapshot,
        unmatched=reconciliation.unmatched,
    )


def _guard(store: Store, reconciliation: Reconciliation, settings: Settings, run_id: int) -> str | None:
    """A source that suddenly links far fewer forces is a source problem, not mass disappearance."""
    previous = store.last_good_snapshot()
    found = len(reconciliation.links_by_force)
    if previous and previous["run_id"] != run_id:
        before = previous["force_link_count"] or 0
        if before and found < before * settings.source.min_link_fraction:
            return (f"the NPCC response now links {found} forces, down from {before} at the last good run; "
                    "not marking forces missing until this is checked")
    if found == 0:
        return "the NPCC response links no force at all"
    return None
