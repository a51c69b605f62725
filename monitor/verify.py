"""Is this page really the force's published response? Pure: FetchResult in, Verdict out.

A verdict is the first of a table of small named rules that applies (rules.RULES): each
looks at one thing and returns the status, the reason a person reads and the page's kind, or
nothing. The label and the reason come from the same rule, so they cannot disagree.

What the rules read:
1. the HTTP outcome (no answer, 4xx/5xx, bot challenge);
2. what the page *is*: a not-found page (by its wording, or because it is near-identical to what
   the same host returns for a path that cannot exist), the homepage after a redirect, a page that
   needs JavaScript, a login page, search results, a PCC's page, another site's page;
3. what it *says*, from the page's main text (site chrome removed, see pagetext.py) and any plan
   document it links. A response is grounded in what every real one shares: the report's
   recommendations to chief constables (config/recommendations.toml). It is the response when its
   topic is the Suzy Lamplugh Trust's stalking super-complaint or the 2024 report (named, or
   recognisable because it quotes the report's recommendations) and it has substance: it answers
   at least one recommendation in the force's own words (an update, an action, an owner, a
   status), or it says that it is the force's response or action plan, or it is a plan across the
   report's themes. Other super-complaints' plans, stalking advice, PCC pages, news of the report,
   national pages, FOI replies, indexes and placeholders are not.

Nothing here does I/O but read the bundled recommendations register once. The not-found probe and
the plan documents are fetched by checking.py and passed in. No exception is caught broadly: a bug
in this module fails loudly, never as a status.

Where things are: signals.py (thresholds and pattern tables), reading.py (a text read against the
report), rules.py (the table of rules), pagekinds.py (what a page is), wording.py (the words a
verdict is explained in); this module evaluates the rules and judges plan documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .coverage import coverage_of
from .documents import KIND_LABELS, DocumentError, document_kind, extract_text
from .models import ErrorKind, FetchResult, Force, Status, Verdict
from .pagekinds import (
    ProbeComparison,
    compare_with_probe,
    file_name,
    names_force,
    not_found_phrase,
    on_force_site,
)
from .pagetext import PageText, limit_nesting, read_page
from .reading import Reading, plan_documents, read_text
from .recommendations import bundled
from .rules import DEAD, RULES, Case, Finding, Rule
from .wording import labels, shortfall, why_published

__all__ = ["PageText", "ProbeComparison", "Reading", "compare_with_probe", "limit_nesting", "plan_documents",
           "read_page", "read_text", "verdict_for_fetch", "verify_page", "verify_text"]

UNREACHABLE = {ErrorKind.DNS, ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.TLS, ErrorKind.FORBIDDEN_ADDRESS}
BROKEN = {ErrorKind.REDIRECT_LOOP, ErrorKind.TOO_MANY_REDIRECTS, ErrorKind.TOO_LARGE, ErrorKind.PROTOCOL, ErrorKind.BAD_URL}
BLOCKED = {ErrorKind.ROBOTS, ErrorKind.RETRY_AFTER}


# -- verdicts ----------------------------------------------------------------------------------------


def verdict_for_fetch(result: FetchResult) -> Verdict | None:
    """The verdict the HTTP outcome alone decides, or None when the content must be read."""
    evidence = _fetch_evidence(result)
    if result.error_kind in UNREACHABLE:
        return Verdict(Status.UNREACHABLE, result.error or "unreachable", evidence=evidence)
    if result.error_kind in BLOCKED:
        return Verdict(Status.BLOCKED, result.error or "blocked", evidence=evidence)
    if result.error_kind in BROKEN:
        return Verdict(Status.BROKEN, result.error or "broken", evidence=evidence)
    code = result.status_code
    if code is None:
        return Verdict(Status.UNREACHABLE, result.error or "no response", evidence=evidence)
    if code in (401, 403) and result.headers.get("cf-mitigated", "").lower() == "challenge":
        return Verdict(Status.BLOCKED, f"a bot challenge (cf-mitigated: challenge) answered {code}: we could not verify the page",
                       evidence=evidence)
    if code in (401, 403, 429):
        what = {401: "asks for a login", 403: "refused us (403 Forbidden)", 429: "says we asked too often (429)"}[code]
        return Verdict(Status.BLOCKED, f"the site {what}: we could not verify the page", evidence=evidence)
    if code == 304:
        return None
    if 300 <= code < 400:
        return Verdict(Status.BROKEN, f"redirect ({code}) with no usable Location", evidence=evidence)
    if code >= 400:
        hint = "the page was not found" if code in (404, 410) else "the server failed" if code >= 500 else "the request was refused"
        return Verdict(Status.BROKEN, f"HTTP {code}: {hint}", evidence=evidence)
    return None


def verify_text(text: str, *, source: str, heading: str = "", force: Force | None = None,
                where: str = "document") -> Verdict:
    """Verify a document's (or a page's main) text on its own."""
    register = bundled()
    reading = read_text(text, heading=heading or text[:200], force=force, register=register, where=where)
    evidence = {"source": source, **reading.evidence()}
    if reading.is_response:
        coverage = coverage_of([(where, text)], register)
        evidence.update(coverage.evidence())
        return Verdict(Status.PUBLISHED, f"{source} is the stalking super-complaint response ({why_published(reading, coverage)})",
                       score=reading.score, evidence=evidence, text=text)
    return Verdict(Status.NOT_RESPONSE, f"{source} is not the stalking super-complaint response: {shortfall(reading)}",
                   score=reading.score, evidence=evidence, text=text)


def verify_page(
    result: FetchResult,
    force: Force | None = None,
    *,
    requested_url: str | None = None,
    documents: Mapping[str, FetchResult] | None = None,
    probe: FetchResult | None = None,
    page: PageText | None = None,
    probe_page: PageText | None = None,
    extracted: Mapping[str, str] | None = None,
) -> Verdict:
    """The verdict for a fetched page or document.

    documents: the plan documents the page links (see plan_documents), already fetched, by URL.
    probe: what the page's host returned for a path that cannot exist (see probes.ProbeCache).
    page, probe_page: `read_page` of the result and of the probe, when the caller has them
    already (parsing is most of verifying; the pipeline reads each page, and each probe, once).
    extracted: the text of documents already read out of them (by URL: a plan document's, or
    requested_url's when the link is the document), e.g. kept from an earlier run of the same file.
    """
    early = verdict_for_fetch(result)
    if early is not None:
        return early
    evidence = _fetch_evidence(result)
    kind = document_kind(result.content_type, result.final_url, result.body)
    extracted = extracted or {}
    if kind is not None:
        return _verify_linked_document(result, kind, evidence, force, extracted.get(requested_url or result.url))
    if result.text is None:
        return Verdict(Status.NOT_RESPONSE, f"the link serves {result.content_type or 'binary data'}, not a page or a document",
                       evidence=evidence)
    if page is None:
        page = read_page(result)
    evidence.update(title=page.title, h1=page.h1, headings=list(page.headings[:12]), main_text_chars=len(page.main_text))
    off_site = None
    if force is not None and not on_force_site(result.final_url, force):
        off_site = urlsplit(result.final_url).hostname
        evidence["off_site"] = off_site
    # Read first (pure and cheap): a page's own content can overrule a stray phrase, and the
    # evidence shows what every page said, whatever decided its verdict.
    reading = read_text(page.main_text, heading=f"{page.title} {page.h1}", force=force,
                        link_texts=[text for _, text in page.links])
    evidence.update(reading.evidence())
    plan_urls = plan_documents(page)
    docs, unchecked = _plan_documents(plan_urls, documents or {}, extracted, force, evidence)
    comparison = compare_with_probe(page, result, probe, probe_page) if probe is not None else None
    if comparison is not None:
        evidence["probe"] = comparison.evidence()
    case = Case(result, page, reading, force, requested_url or result.url, comparison, plan_urls, docs, unchecked, off_site)
    for rule in RULES:
        finding = rule.check(case)
        if finding is not None:
            return _verdict(case, rule, finding, evidence)
    raise AssertionError("the last rule always applies")  # pragma: no cover


def _verify_linked_document(result: FetchResult, kind: str, evidence: dict[str, Any], force: Force | None,
                            text: str | None) -> Verdict:
    """The link is the document itself: its text is the response, if it is the force's."""
    verdict = _verify_document_body(result, kind, evidence, label="the document", force=force, text=text)
    if verdict.status is Status.PUBLISHED and force is not None and not on_force_site(result.final_url, force) \
            and not names_force(verdict.text or "", force):
        return _not_the_forces(verdict, result, force)
    return verdict


def _plan_documents(plan_urls: Sequence[str], documents: Mapping[str, FetchResult], extracted: Mapping[str, str],
                    force: Force | None, evidence: dict[str, Any]) -> tuple[list[tuple[str, Verdict]], list[str]]:
    """The plan documents the page links, each verified where it was fetched, and those that were not."""
    docs = [(url, _verify_document(documents[url], url, extracted.get(url), force)) for url in plan_urls if url in documents]
    if docs:
        evidence["documents"] = [_document_evidence(url, doc) for url, doc in docs]
    unchecked = [url for url in plan_urls if url not in documents]
    if unchecked:
        evidence["documents_not_checked"] = unchecked
    return docs, unchecked


def _verdict(case: Case, rule: Rule, finding: Finding, evidence: dict[str, Any]) -> Verdict:
    evidence.update(page_kind=finding.kind, rule=rule.name, **finding.more)
    warnings = tuple(f"plan document dead: {url}" for url, doc in case.docs if doc.status in DEAD)
    if finding.status is not Status.PUBLISHED:
        return Verdict(finding.status, finding.reason, score=case.reading.score, evidence=evidence, warnings=warnings)
    source = finding.decided_by
    texts = [("page", case.page.main_text)] if source is None or case.reading.is_response else []
    texts += [(file_name(url), doc.text) for url, doc in case.docs if doc.status is Status.PUBLISHED and doc.text]
    coverage = coverage_of(texts, bundled())
    evidence.update(coverage.evidence())
    reason = finding.reason
    if coverage.addressed and "answers" not in reason:
        reason += f"; it answers {labels(coverage)}"
    return Verdict(Status.PUBLISHED, reason, score=source.score if source else case.reading.score, evidence=evidence,
                   warnings=warnings, text=source.text if source else case.page.main_text)


def _not_the_forces(verdict: Verdict, result: FetchResult, force: Force) -> Verdict:
    host = urlsplit(result.final_url).hostname
    return Verdict(Status.NOT_RESPONSE, f"the document is on {host}, not {force.name}'s website, and never names the force",
                   score=verdict.score, evidence={**verdict.evidence, "off_site": host, "page_kind": "another site"})


# -- documents --------------------------------------------------------------------------------------


def _verify_document(result: FetchResult, url: str, text: str | None = None, force: Force | None = None) -> Verdict:
    """One linked plan document: dead, blocked, unreadable, the response, or something else.
    text: its text, when already extracted."""
    label = f"the plan document {file_name(url)}"
    early = verdict_for_fetch(result)
    if early is not None:
        return early
    kind = document_kind(result.content_type, result.final_url, result.body)
    if kind is not None:
        return _verify_document_body(result, kind, {}, label=label, text=text, force=force, where=file_name(url))
    if result.text is not None and "html" in (result.content_type or ""):
        # The document link answered a web page: a site's "not found" page, or the plan as HTML.
        page = read_page(result)
        phrase = not_found_phrase(page)
        if phrase is not None:
            return Verdict(Status.SOFT_404, f"the link answers a page saying '{phrase}'", evidence={"not_found_phrase": phrase})
        return verify_text(page.main_text, source=label, heading=f"{page.title} {page.h1}", force=force, where=file_name(url))
    return Verdict(Status.NOT_RESPONSE, f"{label} is {result.content_type or 'binary data'}, not a document we can read")


def _verify_document_body(result: FetchResult, kind: str, evidence: dict[str, Any], *, label: str,
                          force: Force | None = None, text: str | None = None, where: str = "document") -> Verdict:
    try:
        text = text if text is not None else extract_text(result.body, kind)
    except DocumentError as exc:
        return Verdict(Status.NOT_RESPONSE, f"{label} cannot be read: {exc}", evidence={**evidence, "document_kind": kind})
    verdict = verify_text(text, source=f"{label} ({KIND_LABELS.get(kind, kind)})", force=force, where=where)
    return Verdict(verdict.status, verdict.reason, score=verdict.score,
                   evidence={**evidence, "document_kind": kind, "document_chars": len(text), **verdict.evidence}, text=text)


def _document_evidence(url: str, verdict: Verdict) -> dict[str, Any]:
    return {"url": url, "status": verdict.status.value, "reason": verdict.reason, "score": verdict.score,
            "kind": verdict.evidence.get("document_kind"), "matched": verdict.evidence.get("matched", []),
            "missing": verdict.evidence.get("missing", [])}


def _fetch_evidence(result: FetchResult) -> dict[str, Any]:
    return {
        "final_url": result.final_url,
        "http_status": result.status_code,
        "redirects": [hop.url for hop in result.hops[:-1]],
    }
