"""Is this page really the force's published response? Pure: FetchResult in, Verdict out.

The decision is layered so the reason a person reads is the one that decided:
1. the HTTP outcome (no answer, 4xx/5xx, bot challenge);
2. what the page *is* (a not-found page, the homepage after a redirect, an empty shell);
3. what it is *about* (the stalking super-complaint and its recommendations, or something else),
   from the page's main text and from any plan document it links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .documents import DocumentError, document_kind, extract_text
from .models import ErrorKind, FetchResult, Force, Status, Verdict

PUBLISHED_SCORE = 5.0

_UNREACHABLE = {ErrorKind.DNS, ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.TLS, ErrorKind.FORBIDDEN_ADDRESS}
_BROKEN = {ErrorKind.REDIRECT_LOOP, ErrorKind.TOO_MANY_REDIRECTS, ErrorKind.TOO_LARGE, ErrorKind.PROTOCOL, ErrorKind.BAD_URL}
_BLOCKED = {ErrorKind.ROBOTS, ErrorKind.RETRY_AFTER}

# Phrases, each with a weight: (label, pattern, weight). Labels are what the evidence shows.
_POSITIVE: tuple[tuple[str, str, float], ...] = (
    ("super-complaint", r"super[\s\-‑–]?complaints?", 2.0),
    ("uwch-gŵyn", r"uwch[\s\-‑]?g[ŵw]yn", 2.0),
    ("Suzy Lamplugh Trust", r"suzy\s+lamplugh", 1.5),
    ("National Stalking Consortium", r"national\s+stalking\s+consortium", 1.5),
    ("stalking", r"\bstalking\b|\bstelcio\b", 1.0),
    ("action plan", r"action\s+plan|cynllun\s+gweithredu", 1.0),
    ("recommendations", r"\brecommendations?\s*\d*|argymhelliad|argymhellion", 1.0),
    ("chief constables", r"chief\s+constables?|prif\s+gwnstabl", 0.5),
    ("IOPC / HMICFRS / College of Policing", r"\bIOPC\b|HMICFRS|College\s+of\s+Policing", 1.0),
    ("update", r"\bupdates?\b|\bprogress\b|\bdiweddariad", 0.5),
    ("March 2025 deadline", r"march\s+2025|mawrth\s+2025", 0.5),
)
# What a person expects a response to mention; listed as "missing" when absent.
_KEY_SIGNALS = ("super-complaint", "Suzy Lamplugh Trust", "National Stalking Consortium", "stalking")
_NOT_FOUND = re.compile(
    r"page (?:was )?not (?:be )?found|can(?:no|')t find (?:that|the|this) page|could not (?:be )?find (?:that|the|this) page"
    r"|couldn'?t find (?:that|the|this|what)|page you (?:requested|are looking for|were looking for)[^.]{0,60}"
    r"(?:could not|cannot|can't|couldn't|doesn't|does not|no longer)|\b404\b[^.]{0,40}(?:not found|error|page)"
    r"|no longer exists|has (?:been )?(?:moved|removed)[^.]{0,30}no longer|ni allwn ddod o hyd i'?r dudalen"
    r"|tudalen heb ei chanfod",
    re.IGNORECASE,
)
_JS_SHELL = re.compile(r"enable javascript|javascript (?:is )?(?:required|disabled)|requires javascript", re.IGNORECASE)
_LOGIN = re.compile(r"\b(?:sign|log)\s?in\b[^.]{0,80}\bpassword\b|\bpassword\b[^.]{0,80}\b(?:sign|log)\s?in\b", re.IGNORECASE)
_OTHER_SUPER_COMPLAINTS = re.compile(
    r"police[\s-]perpetrated domestic abuse|centre for women'?s justice|modern slavery|vulnerable victims|"
    r"pre[\s-]charge bail|immigration enforcement|victims of sexual violence|child sexual abuse|"
    r"criminal justice system.{0,20}migrant",
    re.IGNORECASE,
)
_FOI = re.compile(r"freedom of information|\bFOI\b|disclosure log", re.IGNORECASE)
_PLAN_LINK = re.compile(r"action[\s_%20-]*plan|super[\s_%20-]*complaint|response|cynllun|uwch", re.IGNORECASE)
_BOILERPLATE_SELECTORS = (
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form",
    "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[aria-label*=cookie i]",
    "[class*=cookie]", "[id*=cookie]", "[class*=breadcrumb]", "[class*=menu]", "[class*=megamenu]",
    "[class*=skip-link]", "[class*=quick-exit]", "[class*=leave-site]",
)


@dataclass(frozen=True)
class PageText:
    """What verification reads from one HTML page."""

    title: str
    headings: tuple[str, ...]
    main_text: str
    full_text: str
    links: tuple[tuple[str, str], ...]  # (absolute URL, link text)


def verdict_for_fetch(result: FetchResult) -> Verdict | None:
    """The verdict the HTTP outcome alone decides, or None when the content must be read."""
    evidence = _fetch_evidence(result)
    if result.error_kind in _UNREACHABLE:
        return Verdict(Status.UNREACHABLE, result.error or "unreachable", evidence=evidence)
    if result.error_kind in _BLOCKED:
        return Verdict(Status.BLOCKED, result.error or "blocked", evidence=evidence)
    if result.error_kind in _BROKEN:
        return Verdict(Status.BROKEN, result.error or "broken", evidence=evidence)
    code = result.status_code
    if code is None:
        return Verdict(Status.UNREACHABLE, result.error or "no response", evidence=evidence)
    if code in (401, 403) and result.headers.get("cf-mitigated", "").lower() == "challenge":
        return Verdict(Status.BLOCKED, f"a bot challenge answered {code}: we could not verify the page", evidence=evidence)
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


def read_page(result: FetchResult) -> PageText:
    """Title, headings, the main text without site chrome, and the links."""
    tree = LexborHTMLParser(limit_nesting(result.text or ""))
    title_node = tree.css_first("title")
    title = _clean(title_node.text()) if title_node else ""
    headings = tuple(_clean(h.text()) for h in tree.css("h1, h2, h3") if _clean(h.text()))[:30]
    links = []
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            links.append((urljoin(result.final_url, href), _clean(anchor.text())))
    body = tree.body
    full_text = _clean(body.text(separator=" ")) if body else ""
    main = tree.css_first("main") or tree.css_first("[role=main]") or tree.css_first("article") or body
    if main is not None:
        for selector in _BOILERPLATE_SELECTORS:
            for node in main.css(selector):
                # Old CMSs wrap the whole page in a <form> or a "menu" layout: never strip the
                # container that holds the page's own heading.
                if node.css_first("h1") is None:
                    node.decompose()
        main_text = _clean(main.text(separator=" "))
    else:
        main_text = ""
    return PageText(title=title, headings=headings, main_text=main_text, full_text=full_text, links=tuple(links))


# lexbor's tree builder is quadratic in nesting depth: 40,000 unclosed <div>s take 1.7 s, 200,000
# take 110 s, all of it holding the event loop, so one malformed page would stall the whole run.
# Browsers cap the depth (Blink at 512); so do we, before parsing, dropping the tags (never the
# text) that would nest deeper. Real pages nest a few dozen levels and pass through untouched.
MAX_NESTING = 512
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|xmp)\b.*?(?:</\1\s*>|\Z)|<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>",
    re.S | re.I,
)
# Void elements, and elements a parser closes by itself (an unclosed <p> or <li> does not nest).
_NOT_NESTING = frozenset(
    "area base br col embed hr img image input link meta param source track wbr keygen frame basefont bgsound "
    "p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp rtc colgroup caption html head body".split()
)


def limit_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """The HTML with start tags past `limit` levels deep (and their end tags) removed; linear time."""
    depth = excess = 0
    drops: list[tuple[int, int]] = []
    for match in _TAG.finditer(html):
        name, closing, self_closing = match.group(3), match.group(2), match.group(4)
        if name is None or self_closing or name.lower() in _NOT_NESTING:
            continue  # a comment, raw text (script, style...), or a tag that does not nest
        if closing:
            if excess:
                excess -= 1
                drops.append(match.span())
            elif depth:
                depth -= 1
        elif depth >= limit:
            excess += 1
            drops.append(match.span())
        else:
            depth += 1
    if not drops:
        return html
    pieces, last = [], 0
    for start, end in drops:
        pieces.append(html[last:start])
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def score_text(text: str) -> tuple[float, list[str]]:
    """How strongly the text is about the stalking super-complaint response, and the phrases seen."""
    score = 0.0
    matched = []
    for label, pattern, weight in _POSITIVE:
        if re.search(pattern, text, re.IGNORECASE):
            score += weight
            matched.append(label)
    return score, matched


def plan_documents(page: PageText) -> list[str]:
    """Links on the page to documents that look like the plan (PDF, DOCX, ODT), best first."""
    found = []
    for url, text in page.links:
        if document_kind(None, url) and (_PLAN_LINK.search(text) or _PLAN_LINK.search(urlsplit(url).path)):
            found.append(url)
    return list(dict.fromkeys(found))


def verify_text(text: str, *, source: str) -> Verdict:
    """Verify a document's (or page's main) text on its own."""
    score, matched = score_text(text)
    evidence = {"matched": matched, "score": score, "source": source}
    missing = [label for label in _KEY_SIGNALS if label not in matched]
    if _is_response(matched, score):
        return Verdict(Status.PUBLISHED, f"{source} is the stalking super-complaint response ({', '.join(matched[:4])})",
                       score=score, evidence=evidence, text=text)
    evidence["missing"] = missing
    return Verdict(Status.NOT_RESPONSE, f"{source} does not read as the super-complaint response (missing: {', '.join(missing[:3])})",
                   score=score, evidence=evidence, text=text)


def verify_page(
    result: FetchResult,
    force: Force | None = None,
    *,
    requested_url: str | None = None,
    documents: Mapping[str, FetchResult] | None = None,
) -> Verdict:
    """The verdict for a fetched page, with the plan documents it links already fetched."""
    early = verdict_for_fetch(result)
    if early is not None:
        return early
    evidence = _fetch_evidence(result)
    kind = document_kind(result.content_type, result.final_url, result.body)
    if kind is not None:
        return _verify_document(result, kind, evidence, label="the linked document")
    if result.text is None:
        return Verdict(Status.NOT_RESPONSE, f"the link serves {result.content_type or 'binary data'}, not a page or a document",
                       evidence=evidence)
    page = read_page(result)
    evidence.update(title=page.title, headings=list(page.headings[:8]))
    lead = " ".join([page.title, *page.headings[:3]])
    if _NOT_FOUND.search(lead) or (_NOT_FOUND.search(page.main_text[:600]) and len(page.main_text) < 3000):
        phrase = (_NOT_FOUND.search(lead) or _NOT_FOUND.search(page.main_text[:600])).group(0)
        evidence["not_found_phrase"] = phrase
        return Verdict(Status.SOFT_404, f"the page answers {result.status_code} but says '{phrase}'", evidence=evidence)
    requested = requested_url or result.url
    if result.redirected and _is_homepage(result.final_url) and not _is_homepage(requested):
        return Verdict(Status.NOT_RESPONSE, f"the link redirects to the site's homepage ({result.final_url})", evidence=evidence)
    if len(page.full_text) < 400 and _JS_SHELL.search(page.full_text + " " + (result.text or "")[:5000]):
        return Verdict(Status.NOT_RESPONSE, "the page is an empty shell that needs JavaScript to show anything", evidence=evidence)
    score, matched = score_text(page.main_text)
    evidence.update(matched=matched, score=score)
    # The plan documents the page links decide first: a dead plan is a broken response, even on
    # a page that describes it well, because readers cannot get the plan itself.
    for url in plan_documents(page):
        fetched = (documents or {}).get(url)
        if fetched is None:
            continue
        evidence["document_url"] = url
        doc_early = verdict_for_fetch(fetched)
        if doc_early is not None:
            if doc_early.status is Status.BLOCKED:
                return Verdict(Status.BLOCKED, f"plan document {url}: {doc_early.reason}", evidence=evidence)
            return Verdict(Status.BROKEN, f"the plan document is dead: {url} ({doc_early.reason})", evidence=evidence)
        doc_kind = document_kind(fetched.content_type, fetched.final_url, fetched.body)
        if doc_kind is None:
            continue
        verdict = _verify_document(fetched, doc_kind, evidence, label=f"plan document {url}")
        if verdict.status is Status.PUBLISHED:
            return verdict
    if _is_response(matched, score):
        return Verdict(Status.PUBLISHED, f"the page is the stalking super-complaint response ({', '.join(matched[:4])})",
                       score=score, evidence=evidence, text=page.main_text)
    missing = [label for label in _KEY_SIGNALS if label not in matched]
    evidence["missing"] = missing
    return Verdict(Status.NOT_RESPONSE,
                   f"the page loads but is not the super-complaint response (missing: {', '.join(missing[:3]) or 'enough signals'})",
                   score=score, evidence=evidence)


def _verify_document(result: FetchResult, kind: str, evidence: dict, *, label: str) -> Verdict:
    try:
        text = extract_text(result.body, kind)
    except DocumentError as exc:
        return Verdict(Status.NOT_RESPONSE, f"{label} cannot be read: {exc}", evidence=evidence)
    verdict = verify_text(text, source=label)
    return Verdict(verdict.status, verdict.reason, score=verdict.score, evidence={**evidence, **verdict.evidence}, text=text)


def _is_response(matched: Sequence[str], score: float) -> bool:
    about_complaint = "super-complaint" in matched or "uwch-gŵyn" in matched or "National Stalking Consortium" in matched
    return about_complaint and "stalking" in matched and score >= PUBLISHED_SCORE


def _is_homepage(url: str) -> bool:
    path = urlsplit(url).path.rstrip("/")
    return path in ("", "/index.html", "/index.php", "/home", "/en", "/cy", "/en-gb")


def _fetch_evidence(result: FetchResult) -> dict:
    return {
        "final_url": result.final_url,
        "http_status": result.status_code,
        "redirects": [hop.url for hop in result.hops[:-1]],
    }


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())
