"""The check of one link: fetch it, the plan documents it links and its host's not-found answer,
verify (in a browser too, when the page needs one), and say what the next run starts from.

It never touches the database. What it reads from the last run comes in with the last check (its
verdict, and its LinkState: validators and the memo's keys); what it leaves for the next run goes
out in the new check's LinkState, which the run records apart from the evidence people read.
Document texts kept between runs come through the TextCache it is handed (the run's store).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from .documents import PACKED_KINDS, document_kind, kind_from_name
from .http import Fetcher, Validators
from .memo import Memo, extractor_id
from .models import Check, FetchResult, Force, LinkState, Status, Verdict
from .probes import ProbeCache
from .render import RENDERED, Renderer, describe_refused
from .verify import PageText, plan_documents
from .workers import BudgetExceeded, PageReading, Verifier, VerifierCrashed

# Plan documents followed from one landing page, at most.
MAX_DOCUMENTS_PER_PAGE = 3
# A 304 keeps the verdict of the run that last read the page; the reason says so.
NOT_MODIFIED = "not modified since last run (304): "
# The warning of a verdict kept because nothing it rests on changed since the last run.
UNCHANGED = "unchanged"
# Verdicts decided by the page's own content, which a 304 says is unchanged.
_CONTENT_VERDICTS = (Status.PUBLISHED, Status.NOT_RESPONSE, Status.SOFT_404)
# verify's page kind for a page that shows nothing without JavaScript.
EMPTY_SHELL = "empty shell"
# Such a page, unread: we failed to read it, the force did not fail to publish (never missing).
NOT_RENDERED = "the page needs JavaScript and was not rendered: we could not verify it"


class TextCache(Protocol):
    """Where texts read out of documents are kept between runs (store.Store is one)."""

    def document_text(self, body_hash: str, extractor: str) -> str | None: ...

    def keep_document_text(self, body_hash: str, extractor: str, kind: str, text: str, now: str) -> None: ...


def _no_time() -> str:
    return ""


@dataclass(frozen=True)
class Tools:
    """What checking links uses, made once per run: the client, the run's probe cache (which holds
    its Verifier), the browser (None: [render] is off) and the document texts kept between runs."""

    fetcher: Fetcher
    probes: ProbeCache
    renderer: Renderer | None = None
    texts: TextCache | None = None
    now: Callable[[], str] = field(default=_no_time)  # when a document's text is kept
    # Pages fetched and not yet verified, at most (None: no bound): see pacing.pages_in_flight.
    pages: asyncio.Semaphore | None = None

    @property
    def verifier(self) -> Verifier:
        return self.probes.verifier


@dataclass(frozen=True)
class Verified:
    """A link's verdict, with what the next run needs to keep it (the memo's part of LinkState)."""

    verdict: Verdict
    memo: LinkState | None = None
    kept: bool = False  # the last run's verdict stands: nothing it rests on changed


async def check_force(tools: Tools, force: Force, urls: Sequence[str], *, used_override: bool = False,
                      previous: Mapping[str, Check] | None = None) -> Check:
    """Check every URL the force has (usually one) and keep the best verdict.

    previous: the last check of each URL, whose state makes the request conditional and may keep
    its verdict."""
    best: Check | None = None
    for url in urls:
        check = await check_url(tools, force, url, used_override=used_override, previous=(previous or {}).get(url))
        if best is None or _RANK[check.status] < _RANK[best.status]:
            best = check
        if best.status is Status.PUBLISHED:
            break
    assert best is not None, "check_force needs at least one URL"
    return best


async def check_url(tools: Tools, force: Force, url: str, *, used_override: bool = False,
                    previous: Check | None = None) -> Check:
    """One link's check, holding one of the run's page permits from its request to its verdict:
    when verification falls behind, fetching waits instead of piling pages up in memory."""
    if tools.pages is None:
        return await _check_url(tools, force, url, used_override=used_override, previous=previous)
    async with tools.pages:
        return await _check_url(tools, force, url, used_override=used_override, previous=previous)


async def _check_url(tools: Tools, force: Force, url: str, *, used_override: bool,
                     previous: Check | None) -> Check:
    # None: the config's [http] respect_robots decides; a force may opt out in the register.
    robots = None if force.robots else False
    validators = _validators(previous)
    if validators is None and kind_from_name(url) is None:
        # A page is compared with its host's not-found answer, which does not depend on the page:
        # ask for it beside the page (the site's second slot), not after it, where it would
        # lengthen every check by a round trip. Not when a 304 is likely to make it unneeded.
        tools.probes.start_beside(url, respect_robots=robots)
    result = await _fetch_link(tools.fetcher, url, respect_robots=robots, validators=validators)
    if result.not_modified and previous is not None:
        return _not_modified(force, url, result, previous, used_override)
    verified = await _verify_fetched(tools, url, result, force, respect_robots=robots, previous=previous)
    verified = await _rendered_if_needed(tools, url, result, force, verified, respect_robots=robots)
    check = _check(force, url, result, verified.verdict, used_override, verified.memo)
    if verified.kept and previous is not None:
        # The last verdict stands; its text (kept in the store under this hash) was not read again.
        check = replace(check, content_hash=previous.content_hash)
    return check


async def verify_url(tools: Tools, url: str, force: Force | None = None, *,
                     respect_robots: bool | None = None) -> tuple[FetchResult, Verdict]:
    """Fetch a URL, the plan documents it links and its host's not-found probe, then verify
    (in a browser too, when the page needs JavaScript and the tools have a renderer)."""
    result = await _fetch_link(tools.fetcher, url, respect_robots=respect_robots)
    verified = await _verify_fetched(tools, url, result, force, respect_robots=respect_robots)
    if _needs_browser(result, verified.verdict, force):
        return result, await _in_browser(tools, url, result, force, verified.verdict, respect_robots=respect_robots)
    return result, verified.verdict


async def _fetch_link(fetcher: Fetcher, url: str, *, respect_robots: bool | None,
                      validators: Validators | None = None) -> FetchResult:
    # A link that names a document gets the document size cap from the first request.
    return await fetcher.fetch(url, document=kind_from_name(url) is not None, respect_robots=respect_robots,
                               validators=validators)


async def _verify_fetched(tools: Tools, url: str, result: FetchResult, force: Force | None, *,
                          respect_robots: bool | None, previous: Check | None = None) -> Verified:
    """Fetch what verifying the page needs (its plan documents, its host's probe), then verify.

    previous: the last check of this link; when everything the verdict rests on is as it was
    then, its verdict stands and nothing is verified again (Verified.kept says so).
    """
    kind = document_kind(result.content_type, result.final_url, result.body)
    try:
        if result.ok and kind is not None:
            # The link is the document: read it like a plan document, verify it as the page.
            extracted = await _document_texts(tools, {url: result})
            return Verified(await tools.verifier.verify_page(result, force, requested_url=url, documents={}, probe=None,
                                                             page=None, probe_page=None, extracted=extracted))
        if result.ok and result.text is not None:
            return await _verify_page(tools, url, result, force, respect_robots, previous)
        return Verified(await tools.verifier.verify_page(result, force, requested_url=url, documents={}, probe=None,
                                                         page=None, probe_page=None, extracted={}))
    except BudgetExceeded as exc:
        return Verified(_over_budget(exc, url))
    except VerifierCrashed as exc:
        return Verified(_crashed(exc, url))


async def _verify_page(tools: Tools, url: str, result: FetchResult, force: Force | None,
                       respect_robots: bool | None, previous: Check | None) -> Verified:
    """A page: read it (or know its plan from the last run), fetch its plan documents and its
    host's probe, and verify; or keep the last verdict when none of that changed."""
    memo = Memo(result, force, url, MAX_DOCUMENTS_PER_PAGE, previous.link_state if previous is not None else None)
    page: PageText | None = None
    if memo.plan is not None:
        wanted = memo.plan  # the page is as it was: so are the plan documents it links
    else:
        early = tools.probes.arrived(result.final_url)
        reading = await _read(tools, url, result, force, early)
        if reading.verdict is not None:
            key = memo.key(tools.probes.memo_part(result.final_url, early), {})
            return Verified(reading.verdict, memo.state(key, (), reading.verdict.warnings))
        page, wanted = reading.page, reading.wanted
    probe, *fetched = await asyncio.gather(
        tools.probes.probe(result.final_url, respect_robots=respect_robots),
        *(tools.fetcher.fetch(doc, document=True, respect_robots=respect_robots, follow_up=True) for doc in wanted),
    )
    documents = dict(zip(wanted, fetched))
    key = memo.key(tools.probes.memo_part(result.final_url, probe), documents)  # hashes every document: once
    if memo.unchanged(key) and previous is not None and memo.kept is not None:
        return _kept(previous, memo.kept)
    probe_page = await tools.probes.page(result.final_url, probe)
    extracted = await _document_texts(tools, documents)
    verdict = await tools.verifier.verify_page(result, force, requested_url=url, documents=documents, probe=probe,
                                               page=page, probe_page=probe_page, extracted=extracted)
    return Verified(verdict, memo.state(key, list(documents), verdict.warnings))


async def _read(tools: Tools, url: str, result: FetchResult, force: Force | None,
                probe: FetchResult | None) -> PageReading:
    """Read the page once (verify_page reads the same PageText). When its host's probe is already
    in (asked for beside the page), a page that links no plan document is read and verified in
    one trip to a worker."""
    if probe is None:
        page = await tools.verifier.read_page(result)
        return PageReading(page, tuple(plan_documents(page)[:MAX_DOCUMENTS_PER_PAGE]))
    probe_page = await tools.probes.page(result.final_url, probe)
    return await tools.verifier.read_and_verify(result, force, requested_url=url, probe=probe, probe_page=probe_page,
                                                max_documents=MAX_DOCUMENTS_PER_PAGE)


def _kept(previous: Check, state: LinkState) -> Verified:
    """The last check's verdict, as it was verified (its text is kept in the store already)."""
    verdict = Verdict(previous.status, previous.reason.removeprefix(NOT_MODIFIED), score=previous.score,
                      evidence=dict(previous.evidence), warnings=(*state.warnings, UNCHANGED))
    return Verified(verdict, replace(state, etag=None, last_modified=None), kept=True)


def _over_budget(exc: BudgetExceeded, url: str) -> Verdict:
    # Unverified is not missing. The subject is the page unless a document said otherwise.
    subject = exc.args[1] if len(exc.args) > 1 else "the page"
    return Verdict(Status.BLOCKED, f"not verified: {subject} {exc.args[0]}. If it is genuine, raise "
                                   f"[verify] cpu_seconds or memory_mb; `run_monitor.py verify {url}` shows it alone",
                   evidence={"budget_exceeded": True})


def _crashed(exc: VerifierCrashed, url: str) -> Verdict:
    # Unverified is not missing: like a bot wall, this says nothing about whether it is published.
    return Verdict(Status.BLOCKED, f"not verified: {exc}; it may be a malformed page or document. "
                                   f"Run `run_monitor.py verify {url}` to see it on its own",
                   evidence={"verifier_crashed": True})


async def _document_texts(tools: Tools, documents: Mapping[str, FetchResult]) -> dict[str, str]:
    """The text of each PDF, DOCX or ODT that arrived whole, by URL: kept from an earlier run of the
    same file, or read now. Those that cannot be read are left out (verify_page says why)."""
    wanted = {url: kind for url, doc in documents.items()
              if doc.ok and not doc.truncated
              and (kind := document_kind(doc.content_type, doc.final_url, doc.body)) in PACKED_KINDS}

    async def text_of(url: str, kind: str) -> str | None:
        try:
            return await _document_text(tools, documents[url].body, kind)
        except BudgetExceeded as exc:
            raise BudgetExceeded(exc.args[0], f"the plan document {url}") from None

    texts = await asyncio.gather(*(text_of(url, kind) for url, kind in wanted.items()))
    return {url: text for url, text in zip(wanted, texts) if text is not None}


async def _document_text(tools: Tools, body: bytes, kind: str) -> str | None:
    """A document's text, kept from an earlier run of the same file, or read now (in a worker)
    and kept here, in the checking process. None when it cannot be read."""
    if tools.texts is None:
        return await tools.verifier.document_text(body, kind)
    body_hash = hashlib.sha256(body).hexdigest()
    text = tools.texts.document_text(body_hash, extractor_id())
    if text is None:
        text = await tools.verifier.document_text(body, kind)
        if text is not None:
            tools.texts.keep_document_text(body_hash, extractor_id(), kind, text, tools.now())
    return text


# -- pages that need a browser -------------------------------------------------------------------


async def _rendered_if_needed(tools: Tools, url: str, result: FetchResult, force: Force, verified: Verified, *,
                              respect_robots: bool | None) -> Verified:
    # A shell kept unread from the last run stays so while there is no browser; with one, it is
    # rendered every run (what its scripts fetch may have changed though the shell did not).
    kept_unread = verified.kept and tools.renderer is None and verified.verdict.status is Status.BLOCKED
    if kept_unread or not _needs_browser(result, verified.verdict, force):
        return verified
    verdict = await _in_browser(tools, url, result, force, verified.verdict, respect_robots=respect_robots)
    # A rendered verdict is never kept for the next run; an unrendered one rests on the shell alone.
    return Verified(verdict, verified.memo if tools.renderer is None else None)


def _needs_browser(result: FetchResult, verdict: Verdict, force: Force | None) -> bool:
    """An empty JavaScript shell, or any page of a force the register marks `render = true`."""
    if verdict.evidence.get("page_kind") == EMPTY_SHELL:
        return True
    return force is not None and force.render and result.ok and result.text is not None


async def _in_browser(tools: Tools, url: str, result: FetchResult, force: Force | None, verdict: Verdict, *,
                      respect_robots: bool | None) -> Verdict:
    """The verdict on the page as a browser shows it, verified by the same rules as any page.

    Not rendered (rendering off, no browser, a failed or cut-off render), or still empty after
    rendering: `blocked`, because we could not read the page, which says nothing about whether the
    force published. Always rendered afresh: the shell's bytes (and a 304 for them) say nothing
    about what its scripts fetch, so the verdict is never kept from an earlier run.
    """
    shell = verdict.evidence.get("page_kind") == EMPTY_SHELL
    if tools.renderer is None:
        if not shell:
            return verdict  # `render = true` asks for a browser when there is one; without, the page's own verdict
        return _not_rendered(verdict, "rendering is off: set [render] enabled = true in the config to read it in a browser",
                             {"render": "off"})
    rendered = await tools.renderer.render(result, force, respect_robots=respect_robots)
    if rendered.result is None:
        return _not_rendered(verdict, rendered.error or "the browser gave no page", rendered.evidence())
    again = (await _verify_fetched(tools, url, rendered.result, force, respect_robots=respect_robots)).verdict
    evidence = {**again.evidence, "rendered": RENDERED, **rendered.evidence()}
    if again.evidence.get("page_kind") == EMPTY_SHELL:
        refused = describe_refused(rendered.requests)
        why = "it was still empty after rendering in a browser" + (f" ({refused})" if refused else "")
        return _not_rendered(again, why, evidence)
    return replace(again, evidence=evidence)


def _not_rendered(verdict: Verdict, why: str, evidence: Mapping[str, object]) -> Verdict:
    return Verdict(Status.BLOCKED, f"{NOT_RENDERED} ({why})", score=verdict.score,
                   evidence={**verdict.evidence, **evidence}, warnings=verdict.warnings)


# -- conditional requests ------------------------------------------------------------------------


def _validators(previous: Check | None) -> Validators | None:
    """The last run's ETag / Last-Modified, when a 304 could stand for its verdict.

    Not when the page links plan documents: the page being unchanged says nothing about whether
    the documents it links are still there, and they decide a landing page's verdict.
    """
    state = previous.link_state if previous is not None else None
    if previous is None or state is None or previous.status not in _CONTENT_VERDICTS or "documents" in previous.evidence:
        return None
    if "rendered" in previous.evidence or previous.evidence.get("page_kind") == EMPTY_SHELL:
        return None  # a shell's 304 says nothing about what its scripts fetch
    if not (state.etag or state.last_modified) or not previous.final_url:
        return None
    chain = tuple(hop.url for hop in previous.redirect_chain) or (previous.final_url,)
    return Validators(chain=chain, etag=state.etag, last_modified=state.last_modified)


def _with_validators(state: LinkState, result: FetchResult) -> LinkState:
    """The state with the validators the page was served with (those it was not served with stay
    as they were), for the next run's conditional request."""
    if result.error_kind is not None or result.status_code not in (200, 304):
        return state
    return replace(state, etag=result.headers.get("etag") or state.etag,
                   last_modified=result.headers.get("last-modified") or state.last_modified)


def _not_modified(force: Force, url: str, result: FetchResult, previous: Check, used_override: bool) -> Check:
    """A 304: the page is as the last run verified it, so that verdict and evidence stand, and so
    does the state the next run starts from (with the validators the 304 gave, if any)."""
    reason = previous.reason.removeprefix(NOT_MODIFIED)
    verdict = Verdict(previous.status, NOT_MODIFIED + reason, score=previous.score, evidence=dict(previous.evidence),
                      warnings=("not_modified",))
    check = _check(force, url, result, verdict, used_override, None)
    state = _with_validators(previous.link_state or LinkState(), result)
    return replace(check, content_hash=previous.content_hash, link_state=state)


def _check(force: Force, url: str, result: FetchResult, verdict: Verdict, used_override: bool,
           memo: LinkState | None) -> Check:
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
        evidence=dict(verdict.evidence),
        text=text,
        link_state=_with_validators(memo or LinkState(), result),
    )


_RANK = {status: index for index, status in enumerate(
    (Status.PUBLISHED, Status.BLOCKED, Status.NOT_RESPONSE, Status.SOFT_404, Status.BROKEN, Status.UNREACHABLE, Status.NOT_LINKED)
)}
