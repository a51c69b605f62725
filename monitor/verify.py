"""Is this page really the force's published response? Pure: FetchResult in, Verdict out.

The decision is layered so the reason a person reads is the one that decided:

1. the HTTP outcome (no answer, 4xx/5xx, bot challenge);
2. what the page *is*: a not-found page (by its wording, or because it is near-identical to what
   the same host returns for a path that cannot exist), the homepage after a redirect, an empty
   JavaScript shell or cookie wall, a login page, search results, an FOI disclosure, a police and
   crime commissioner's page;
3. what it is *about*, from the page's main text (site chrome removed) and from any plan document
   it links: the *topic* (the Suzy Lamplugh Trust's stalking super-complaint and the 2024 IOPC /
   HMICFRS / College of Policing report) and the *substance* (a response to the recommendations
   made to chief constables: their themes, owners, status and dates). Mentioning the complaint is
   not enough (news, placeholders, indexes, FOI replies all do), and neither is a plan with owners
   and dates (other super-complaints, VAWG plans and older inspections have those): a response
   needs both, and stalking must be its subject.

Nothing here does I/O. The not-found probe and the plan documents are fetched by pipeline.py and
passed in. No exception is caught broadly: a bug in this module fails loudly, never as a status.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .documents import KIND_LABELS, DocumentError, document_kind, extract_text, kind_from_name
from .models import ErrorKind, FetchResult, Force, Status, Verdict

# -- thresholds -------------------------------------------------------------------------------------
# A response identifies what it responds to (topic) and responds to it (substance). Scores are sums
# of the weights below; the corpus in tests/corpus measures how well these bars separate pages.
MIN_TOPIC = 2.0  # e.g. "super-complaint", or the joint report named with its authors and date
MIN_SUBSTANCE = 3.0
MIN_THEMES = 3  # distinct recommendation themes (crime recording, SPOs, training, ...)
# Plans that never write "recommendations to chief constables" still cover this many of the
# report's themes; no other plan (VAWG, PEEL, other super-complaints) covers half of them.
STRONG_THEMES = 6
MIN_STALKING_MENTIONS = 3
PUBLISHED_SCORE = MIN_TOPIC + MIN_SUBSTANCE
# Not-found wording is only trusted near the top of a page, and on pages short enough to be one.
NOT_FOUND_LEAD_CHARS = 400
NOT_FOUND_MAX_MAIN_CHARS = 3000
# A page this short with app markers is a JavaScript shell; this short with nothing at all is empty.
SHELL_MAX_CHARS = 200
EMPTY_MAX_CHARS = 80
# Main text mostly link text: an index, a hub or a list of results.
INDEX_LINK_RATIO = 0.6
# Similarity (0..1) with the host's answer for a path that cannot exist, above which the page is
# that not-found page. Pages sharing a template still differ in their main text, which is compared.
PROBE_SIMILAR = 0.8
PROBE_SIMILAR_SAME_TITLE = 0.5

_UNREACHABLE = {ErrorKind.DNS, ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.TLS, ErrorKind.FORBIDDEN_ADDRESS}
_BROKEN = {ErrorKind.REDIRECT_LOOP, ErrorKind.TOO_MANY_REDIRECTS, ErrorKind.TOO_LARGE, ErrorKind.PROTOCOL, ErrorKind.BAD_URL}
_BLOCKED = {ErrorKind.ROBOTS, ErrorKind.RETRY_AFTER}


def _rx(pattern: str) -> _Pattern:
    # Every pattern runs on normalised text: lower case, straight apostrophes, ASCII hyphens,
    # single spaces (see _norm), so patterns need not spell out typographic variants.
    return _Pattern(pattern)


class _Pattern:
    """A compiled pattern that first looks for literal text every match of it contains.

    Python's regex engine has no such filter for a pattern that does not start with a literal:
    where the pattern is absent (most of them, on most pages) it tries every branch at every
    character, 60-200 us for a page's main text, and a verdict runs about forty patterns. A
    substring test in C rules most of them out in a microsecond or two. Matches are the
    regex's own: the filter only skips searches that cannot succeed.
    """

    __slots__ = ("regex", "needles")

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.needles = _needles_of(pattern)

    def _absent(self, text: str) -> bool:
        return self.needles is not None and not any(needle in text for needle in self.needles)

    def search(self, text: str) -> re.Match[str] | None:
        return None if self._absent(text) else self.regex.search(text)

    def findall(self, text: str) -> list[Any]:
        return [] if self._absent(text) else self.regex.findall(text)


def _needles_of(pattern: str) -> tuple[str, ...] | None:
    """Strings of which every match of `pattern` contains at least one; None when unsure.

    Read from the parsed pattern: a run of literal characters, or a group or mandatory repeat
    whose own alternatives each have one. Anything else (classes, lookarounds, optional parts)
    contributes nothing, which only makes the filter weaker, never wrong.
    """
    try:
        from re import _constants as sre, _parser as parser  # the parser behind re.compile

        parsed = parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}

        def needles(items: Any) -> set[str] | None:
            candidates: list[set[str]] = []
            run: list[str] = []
            for op, arg in [*items, (None, None)]:
                if op is sre.LITERAL:
                    run.append(chr(arg))
                    continue
                if run:
                    candidates.append({"".join(run)})
                    run = []
                found = None
                if op is sre.SUBPATTERN and not arg[1] & re.IGNORECASE:
                    found = needles(arg[3])
                elif op is sre.BRANCH:
                    each = [needles(alternative) for alternative in arg[1]]
                    found = set().union(*each) if all(each) else None
                elif op in repeats and arg[0] >= 1:
                    found = needles(arg[2])
                if found:
                    candidates.append(found)
            # The most selective: the set whose shortest string is longest.
            return max(candidates, key=lambda c: min(map(len, c))) if candidates else None

        found = needles(parsed)
    except (ImportError, AttributeError, TypeError, ValueError, IndexError):
        return None  # the private parser changed shape in some Python: no filter, same matches
    return tuple(sorted(found)) if found else None


# -- what a response is about (topic) ---------------------------------------------------------------
_TOPIC: tuple[tuple[str, _Pattern, float], ...] = (
    ("super-complaint", _rx(r"\bsuper-? ?complaints?\b|\buwch-? ?g[wŵ]yn(?:ion)?\b"), 2.0),
    ("Suzy Lamplugh Trust", _rx(r"suzy lamplugh"), 1.5),
    ("National Stalking Consortium", _rx(r"national stalking consortium|consortiwm stelci\w* cenedlaethol"), 1.0),
    ("'Police response to stalking' report", _rx(
        r"police response to stalking|ymateb yr heddlu i stelci\w*|how police (?:forces )?respond to (?:reports of )?stalking"), 1.0),
    ("September 2024 report", _rx(r"\bseptember 2024\b|\bmedi 2024\b"), 0.5),
)
_JOINT_REPORT = "joint report by the IOPC, HMICFRS and College of Policing"
_JOINT_REPORT_WEIGHT = 1.0
_AUTHORS = (
    _rx(r"\biopc\b|independent office for police conduct|swyddfa annibynnol ymddygiad yr heddlu"),
    _rx(r"\bhmicfrs\b|inspectorate of constabulary and fire|arolygiaeth (?:heddluoedd|cwnstabliaethau)"),
    _rx(r"college of policing|coleg plismona"),
)
_STALKING = _rx(r"\bstalk(?:ing|ers?|ed)?\b|\bstelci(?:o|an)\b|\bstelcwyr\b|\bcyberstalking\b")

# -- what a response contains (substance) -----------------------------------------------------------
_TO_CHIEF_CONSTABLES = ("recommendations to chief constables", _rx(
    r"\b(?:recommendations?|argymhelli(?:on|ad))\b[^.]{0,60}?\b(?:chief constables?|[pb]rif gwnstabl(?:iaid)?)\b"
    r"|\bchief constables (?:were|are) asked\b"), 1.5)
_DEADLINES = ("the report's deadlines (22 November 2024, 56 days, March 2025)", _rx(
    r"22 november 2024|\b56 days\b|\b56 diwrnod\b|\b(?:by|erbyn) (?:27 )?(?:march|mawrth) 2025\b"), 0.5)
_THEME_WEIGHT = 0.5
_THEMES: tuple[tuple[str, _Pattern], ...] = (
    ("crime recording", _rx(r"crime recording|record(?:ing|ed)? (?:of )?stalking|recorded as stalking|cofnodi (?:troseddau|stelci)")),
    ("training", _rx(r"\btraining\b|\be-learning\b|learning and development|hyfforddiant|e-ddysgu")),
    ("Stalking Protection Orders", _rx(r"stalking protection orders?|\bspos?\b|gorchymyn(?:ion)? (?:amddiffyn|diogelu) rhag stelci|gorchmynion (?:amddiffyn|diogelu) rhag stelci")),
    ("risk assessment", _rx(r"risk (?:assessment|screening)|screening (?:tool|questions)|asesiad risg|asesu risg|cwestiynau sgrinio")),
    ("investigation standards", _rx(r"investigation (?:standards|plans?|template)|\bsupervis\w+|safonau ymchwilio|goruchwyl\w+")),
    ("support for victims", _rx(r"victims'? code|stalking advoca\w+|\badvocates?\b|support(?:ing)? (?:for )?victims|victim contact|eiriolaeth|cod dioddefwyr|cefnogi dioddefwyr|cymorth i ddioddefwyr")),
    ("police-perpetrated stalking", _rx(r"police-perpetrated stalking|stalking by (?:police )?officers|professional standards|stelcian gan swyddogion")),
    ("digital evidence", _rx(r"cyber-? ?(?:enabled|stalking)|digital (?:evidence|forensic)|online stalking|tystiolaeth ddigidol|stelcio seiber")),
    ("managing perpetrators", _rx(r"managing perpetrators|perpetrator (?:programme|management)|warning marker|rheoli cyflawnwyr")),
    ("working with partners", _rx(r"working with partners|multi-agency|partner agencies|stalking clinics?|gweithio gyda phartneriaid|amlasiantaethol|clinig(?:au)? stelcio")),
    ("first contact", _rx(r"first (?:point of )?contact|call[- ]handl\w+|contact centre|control room|cyswllt cyntaf|trinwyr galwadau")),
    ("specialist advice", _rx(r"single points? of contact|stalking champions?|specialist (?:advice|investigators?|leads?)|stalking leads?")),
    ("performance and data", _rx(r"performance and data|data quality|dashboard|dip[- ]sample|\baudits?\b")),
    ("publishing the plan", _rx(r"publishing this plan|publish(?:ed)? (?:an |this |our )?action plan|cyhoeddi cynllun")),
)
_STATUS_WEIGHT = 0.25
_MAX_STATUS_TERMS = 6
_STATUS_TERMS: tuple[tuple[str, _Pattern], ...] = (
    ("complete", _rx(r"\bcomplete[ds]?\b|wedi(?: ei|'i)? (?:g|c)wblhau")),
    ("in progress", _rx(r"in progress|on track|ar waith|ar y gweill|ar y trywydd")),
    ("ongoing", _rx(r"\bongoing\b|business as usual|not started|\bparhaus\b")),
    ("owner / lead", _rx(r"\bowners?\b|\blead\b|\baccountable\b|\bresponsible\b|\barweinydd\b")),
    ("target date", _rx(r"target dates?|\bdue\b|completion date|dyddiad targed")),
    ("status / RAG", _rx(r"\bstatus\b|\brag\b|\bstatws\b")),
    ("progress update", _rx(r"update\s*-?\s*(?:march|september) 202\d|six-month|one year on|progress (?:update|against|at)|diweddariad")),
)

# -- what a page is about instead -------------------------------------------------------------------
_OTHER_SUPER_COMPLAINTS: tuple[tuple[str, _Pattern], ...] = (
    ("the police-perpetrated domestic abuse super-complaint", _rx(
        r"police-perpetrated domestic abuse|domestic abuse (?:committed )?by police|cam-drin domestig gan (?:yr )?heddlu")),
    ("the protective measures super-complaint", _rx(r"protective measures|pre-charge bail")),
    ("the modern slavery super-complaint", _rx(r"modern slavery|\bhestia\b")),
    ("the immigration data-sharing super-complaint", _rx(
        r"immigration (?:status|enforcement|purposes)|sharing victims' data|southall black sisters")),
)
_OTHER_SUBJECTS: tuple[tuple[str, _Pattern], ...] = (
    *_OTHER_SUPER_COMPLAINTS,
    ("violence against women and girls (VAWG)", _rx(r"violence against women and girls|\bvawg\b|\bvawdasv\b|trais yn erbyn menywod")),
    ("a PEEL inspection", _rx(r"\bpeel\b")),
    ("the 2017 'Living in fear' inspection", _rx(r"living in fear")),
    ("the police and crime plan", _rx(r"police and crime plan")),
)

# -- what a page is, whatever it mentions ------------------------------------------------------------
_NOT_FOUND = _rx(
    r"\bpage (?:was |is )?not (?:be )?found\b"
    r"|\b(?:can ?not|can't|could ?not|couldn't|unable to) (?:find|locate) (?:that|the|this|what|it)\b"
    r"|\b(?:cannot|can't|could not|couldn't) be found\b"
    r"|\b(?:no longer|does not|doesn't|did not|never did) (?:exists?|available)\b"
    r"|\bno longer exists\b|\bno longer available\b"
    r"|\b(?:page|content|document) (?:you|you're)[^.]{0,40}(?:has|have) been (?:moved|removed|deleted|archived)"
    r"|\bnothing (?:was )?found\b"
    r"|\bpage unavailable\b"
    r"|\bni allwn ddod o hyd\b|\bheb ei (?:ch)?anfod\b|\bnid yw'r dudalen (?:ar gael|yn bodoli)\b"
)
_NOT_FOUND_TITLE = _rx(r"\b404\b|\bnot found\b|\bheb ei (?:ch)?anfod\b")
_SHELL_TEXT = _rx(r"enable javascript|javascript (?:is )?(?:required|disabled|turned off)|requires javascript|^loading\W*$")
_COOKIE_WALL = _rx(r"cookies?.{0,300}(?:(?:must|need to) (?:make a choice|choose|accept)|before (?:you )?continu)")
_LOGIN_TITLE = _rx(r"\bsign(?:ing)? ?in\b|\blog ?in\b|\bmewngofnodi\b")
_LOGIN_TEXT = _rx(r"\bpassword\b|\baccount\b|\bcyfrinair\b")
_LOGIN_HOSTS = ("login.microsoftonline.com", "login.live.com", "accounts.google.com", "login.windows.net")
_SEARCH_TITLE = _rx(r"^search\b|\bsearch results?\b|\bresults for\b|\bcanlyniadau chwilio\b|^chwilio\b")
_SEARCH_PARAMS = {"q", "query", "search", "keys", "keywords", "s", "term", "terms", "searchterm", "searchtext", "k"}
_FOI = _rx(r"\bfoi\b|freedom of information (?:act )?request|\bdisclosure log\b|rhyddid gwybodaeth")
_FOI_REQUEST = _rx(r"\brequest(?:ed)?\b|\bcais\b")
_PCC = _rx(r"\bpolice(?:,)? (?:fire )?(?:and )?crime (?:and victims' )?commissioner|\bpcc\b|\bopcc\b|commissioner's response|comisiynydd heddlu")
_PCC_HOST = _rx(r"(?:^|[.-])o?pcc[.-]|commissioner")
_NEWS_PATH = _rx(r"/news/|/newyddion/|/press-releases?/")
_DATELINE = _rx(r"^(?:(?:published|posted)(?: on)?:? )?\d{1,2} (?:january|february|march|april|may|june|july|august|september|october|november|december) 20\d\d\b")
_PLACEHOLDER = _rx(r"will publish (?:our|the|its|an|this) (?:action )?plan|(?:plan|response) will be published|(?:plan|response) (?:is|are) being (?:prepared|developed)")
_PLAN_LINK = _rx(r"action[ _-]?plan|super[ _-]?complaint|response|cynllun|uwch[ _-]?g|stalking|stelci|update|diweddariad")
_DOCUMENT_LINK_TEXT = _rx(r"\(pdf\b|\bpdf,|\bword document\b|\(docx?\b|\(odt\b")
_BOILERPLATE_SELECTORS = (
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form", "aside",
    "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=search]", "[aria-label*=cookie i]",
    "[class*=cookie]", "[id*=cookie]", "[class*=breadcrumb]", "[id*=breadcrumb]", "[class*=menu]",
    "[class*=megamenu]", "[class*=skip-link]", "[id*=skiplink]", "[class*=quick-exit]", "[class*=leave-site]",
    "[class*=hide-site]", "[class*=related]", "[class*=feedback]", "[class*=share]", "[class*=rsbtn]",
)
# Where old CMSs without <main> or an <h1> put a page's own content.
_CONTENT_CONTAINERS = "#content, #main-content, #maincontent, #main, .main-content, .mainContent, #page-content, .page-content"
_APP_ROOTS = "#root, #app, #__next, app-root, [ng-app], [ng-version], [data-reactroot]"
_HOMEPAGE_PATHS = ("", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home",
                   "/en", "/cy", "/en-gb", "/hafan", "/home.aspx")


@dataclass(frozen=True)
class PageText:
    """What verification reads from one HTML page."""

    title: str
    h1: str
    headings: tuple[str, ...]  # h1-h3 of the main content
    main_text: str  # the page's own content, site chrome removed
    links: tuple[tuple[str, str], ...]  # every link: (absolute URL, link text)
    main_link_chars: int  # characters of main_text that are link text
    shell_markers: tuple[str, ...]  # signs of a client-side app: an empty #root, a <noscript> plea
    has_password_field: bool


@dataclass(frozen=True)
class Analysis:
    """How strongly a text is the stalking super-complaint response, and why."""

    topic_score: float
    substance_score: float
    matched: tuple[str, ...]  # topic and substance signals found
    phrases: tuple[str, ...]  # the words that matched, as written
    themes: tuple[str, ...]
    status_terms: tuple[str, ...]
    missing: tuple[str, ...]  # what a response would have that this text lacks
    stalking_mentions: int
    other_subject: str | None  # what the text is about instead of stalking, when it is
    other_mentions: tuple[str, ...]  # every other subject the text names
    heading_subject: str | None  # another subject its heading names (even beside stalking)

    @property
    def score(self) -> float:
        return round(self.topic_score + self.substance_score, 2)

    @property
    def is_response(self) -> bool:
        return not self.missing and self.other_subject is None

    def evidence(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "topic_score": self.topic_score,
            "substance_score": self.substance_score,
            "matched": list(self.matched),
            "phrases": list(self.phrases),
            "themes": list(self.themes),
            "status_terms": list(self.status_terms),
            "missing": list(self.missing),
            "stalking_mentions": self.stalking_mentions,
            "about": self.other_subject,
            "also_mentions": list(self.other_mentions),
        }


@dataclass(frozen=True)
class ProbeComparison:
    """The page set against what its host returns for a path that cannot exist."""

    probe_url: str
    probe_status: int | None
    similarity: float | None  # None when the host answered the probe with an error (as it should)
    same_title: bool
    soft_404: bool
    summary: str

    def evidence(self) -> dict[str, Any]:
        return {"url": self.probe_url, "http_status": self.probe_status, "similarity": self.similarity,
                "same_title": self.same_title, "soft_404": self.soft_404, "summary": self.summary}


# -- public API -------------------------------------------------------------------------------------


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


def read_page(result: FetchResult) -> PageText:
    """Title, headings, the main text without site chrome, and the links."""
    tree = LexborHTMLParser(limit_nesting(result.text or ""))
    title_node = tree.css_first("title")
    title = _clean(title_node.text()) if title_node else ""
    links = []
    join = _joiner(result.final_url)
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            links.append((join(href), _clean(anchor.text())))
    shell_markers = []
    for noscript in tree.css("noscript"):
        if _SHELL_TEXT.search(_norm(noscript.text())):
            shell_markers.append("a <noscript> message asks for JavaScript")
            break
    root = tree.css_first(_APP_ROOTS)
    if root is not None and len(_clean(root.text())) < SHELL_MAX_CHARS:
        shell_markers.append(f"an app root element ({root.tag}{'#' + root.id if root.id else ''}) with no content")
    has_password = tree.css_first("input[type=password]") is not None

    main = _main_region(tree)
    h1_text = ""
    headings: tuple[str, ...] = ()
    main_text = ""
    main_link_chars = 0
    if main is not None:
        for selector in _BOILERPLATE_SELECTORS:
            for node in main.css(selector):
                # Old CMSs wrap the whole page in a <form> or a "menu" layout: never strip the
                # container that holds the page's own heading.
                if node.css_first("h1") is None:
                    node.decompose()
        h1 = main.css_first("h1")
        h1_text = _clean(h1.text()) if h1 is not None else ""
        headings = tuple(text for h in main.css("h1, h2, h3") if (text := _clean(h.text())))[:30]
        main_text = _clean(main.text(separator=" "))
        main_link_chars = sum(len(_clean(a.text())) for a in main.css("a"))
    if not h1_text:
        h1 = tree.css_first("h1")
        h1_text = _clean(h1.text()) if h1 is not None else ""
    return PageText(title=title, h1=h1_text, headings=headings, main_text=main_text,
                    links=tuple(links), main_link_chars=main_link_chars, shell_markers=tuple(shell_markers),
                    has_password_field=has_password)


# lexbor's tree builder is quadratic in nesting depth: 40,000 unclosed <div>s take 1.7 s, 200,000
# take 110 s, all of it holding the event loop, so one malformed page would stall the whole run.
# Browsers cap the depth (Blink at 512); so do we, before parsing, dropping the tags (never the
# text) that would nest deeper. Real pages nest a few dozen levels and pass through untouched.
MAX_NESTING = 512
# A comment, a raw-text element (its content is not markup), or a tag: its slash, name and the rest
# up to ">" (ending in "/" when self-closing). Written so no branch steps one character at a time
# (".*?"): a page's inline scripts are most of its bytes.
_TAG = re.compile(
    r"<!--[^-]*(?:-(?!->)[^-]*)*(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)([^>]*)>",
    re.I,
)
# Void elements, and elements a parser closes by itself (an unclosed <p> or <li> does not nest).
_NOT_NESTING = frozenset(
    "area base br col embed hr img image input link meta param source track wbr keygen frame basefont bgsound "
    "p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp rtc colgroup caption html head body".split()
)


def limit_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """The HTML with start tags past `limit` levels deep (and their end tags) removed; linear time."""
    if html.count("<") - html.count("</") <= limit:
        return html  # fewer start tags than the limit: nothing can nest that deep
    depth = excess = 0
    drops: list[tuple[int, int]] = []
    for match in _TAG.finditer(html):
        name, closing = match.group(3), match.group(2)
        if not name or match.group(4).endswith("/") or name.lower() in _NOT_NESTING:
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


def analyse_text(text: str, *, heading: str = "") -> Analysis:
    """Topic, substance and subject of a text (a page's main text, or a document's text).

    `heading` is the page's title and main heading (for a document, its opening lines): what a
    page says it is about weighs more than what it mentions in passing.
    """
    written = " ".join(_plain(text).split())
    norm = written.lower()
    if len(norm) != len(written):  # a rare letter whose lower case is longer: quote in lower case
        written = norm
    head = _norm(heading)
    matched: list[str] = []
    phrases: list[str] = []
    topic = 0.0
    for label, pattern, weight in _TOPIC:
        found = pattern.search(norm)
        if found:
            topic += weight
            matched.append(label)
            phrases.append(written[found.start():found.end()])
    if all(author.search(norm) for author in _AUTHORS):
        topic += _JOINT_REPORT_WEIGHT
        matched.append(_JOINT_REPORT)
    substance = 0.0
    for label, pattern, weight in (_TO_CHIEF_CONSTABLES, _DEADLINES):
        found = pattern.search(norm)
        if found:
            substance += weight
            matched.append(label)
            phrases.append(written[found.start():found.end()])
    themes = tuple(label for label, pattern in _THEMES if pattern.search(norm))
    status_terms = tuple(label for label, pattern in _STATUS_TERMS if pattern.search(norm))
    substance += _THEME_WEIGHT * len(themes) + _STATUS_WEIGHT * min(len(status_terms), _MAX_STATUS_TERMS)
    stalking = len(_STALKING.findall(norm))

    other_mentions = tuple(label for label, pattern in _OTHER_SUBJECTS if pattern.search(norm))
    other_subject = None
    head_other = next((label for label, pattern in _OTHER_SUBJECTS if pattern.search(head)), None)
    if head_other is not None and not _STALKING.search(head):
        other_subject = head_other  # the heading names another subject and not stalking
    else:
        # No heading to go by: the subject named more often than stalking is the subject.
        counts = {label: len(pattern.findall(norm)) if label in other_mentions else 0 for label, pattern in _OTHER_SUBJECTS}
        top = max(counts, key=lambda label: counts[label])
        if counts[top] >= MIN_STALKING_MENTIONS and counts[top] > stalking:
            other_subject = top

    missing = []
    if topic < MIN_TOPIC:
        missing.append("the super-complaint (the Suzy Lamplugh Trust, or the 2024 IOPC/HMICFRS/College of Policing report)")
    if stalking < MIN_STALKING_MENTIONS:
        missing.append(f"stalking as its subject (mentioned {stalking} times)")
    responds = _TO_CHIEF_CONSTABLES[0] in matched or len(themes) >= STRONG_THEMES
    if not responds:
        missing.append("the recommendations to chief constables")
    if len(themes) < MIN_THEMES:
        missing.append(f"actions on the report's recommendation themes ({len(themes)} of {len(_THEMES)} found, {MIN_THEMES} needed)")
    elif substance < MIN_SUBSTANCE:
        missing.append(f"enough of a plan (substance {substance:.2f}, {MIN_SUBSTANCE} needed)")
    return Analysis(
        topic_score=round(topic, 2),
        substance_score=round(substance, 2),
        matched=tuple(matched),
        phrases=tuple(dict.fromkeys(phrases)),
        themes=themes,
        status_terms=status_terms,
        missing=tuple(missing),
        stalking_mentions=stalking,
        other_subject=other_subject,
        other_mentions=other_mentions,
        heading_subject=head_other,
    )


def plan_documents(page: PageText) -> list[str]:
    """Links on the page to documents that look like the plan (PDF, DOCX, ODT), in page order."""
    found = []
    for url, text in page.links:
        lowered = text.lower()  # every _DOCUMENT_LINK_TEXT match holds "pdf", "doc" or "odt"
        is_document = kind_from_name(url) is not None or (
            ("pdf" in lowered or "doc" in lowered or "odt" in lowered) and _DOCUMENT_LINK_TEXT.search(_norm(text)))
        if is_document and (_PLAN_LINK.search(_norm(text)) or _PLAN_LINK.search(urlsplit(url).path.lower())):
            found.append(url.split("#", 1)[0])
    return list(dict.fromkeys(found))


def compare_with_probe(page: PageText, result: FetchResult, probe: FetchResult,
                       probe_page: PageText | None = None) -> ProbeComparison:
    """Is this page the host's not-found page? Compare it with the host's answer for a path that
    cannot exist: a soft-404 site answers both with the same page, whatever its wording.

    probe_page: the probe already read by read_page (every page on a host is compared with the
    same probe, so a run reads it once per host)."""
    code = probe.status_code
    if probe.error_kind is not None or code is None:
        return ProbeComparison(probe.url, code, None, False, False,
                               f"the not-found probe got no answer ({probe.error or 'no response'}); not compared")
    if not 200 <= code < 300:
        return ProbeComparison(probe.url, code, None, False, False,
                               f"the host answers {code} for a path that cannot exist, as it should")
    other = probe_page if probe_page is not None else read_page(probe)
    noise = _path_words(result.final_url) | _path_words(probe.url) | _path_words(probe.final_url)
    similarity = _similarity(page.main_text, other.main_text, noise)
    same_title = bool(page.title) and _norm(page.title) == _norm(other.title)
    same_place = result.redirected and probe.redirected and result.final_url == probe.final_url
    soft = same_place or similarity >= PROBE_SIMILAR or (same_title and similarity >= PROBE_SIMILAR_SAME_TITLE)
    summary = (f"the host answers {code} for a path that cannot exist; this page is {similarity:.0%} similar to that answer"
               + (" and has the same title" if same_title else "")
               + (f" and both end at {probe.final_url}" if same_place else ""))
    return ProbeComparison(probe.url, code, round(similarity, 3), same_title, soft, summary)


def verify_text(text: str, *, source: str, heading: str = "") -> Verdict:
    """Verify a document's (or a page's main) text on its own."""
    analysis = analyse_text(text, heading=heading or text[:200])
    evidence = {"source": source, **analysis.evidence()}
    if analysis.is_response:
        return Verdict(Status.PUBLISHED, f"{source} is the stalking super-complaint response ({_summary_of(evidence)})",
                       score=analysis.score, evidence=evidence, text=text)
    return Verdict(Status.NOT_RESPONSE, f"{source} is not the stalking super-complaint response: {_shortfall(analysis)}",
                   score=analysis.score, evidence=evidence, text=text)


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
    probe: what the page's host returned for a path that cannot exist (see pipeline.ProbeCache).
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
        verdict = _verify_document_body(result, kind, evidence, label="the document",
                                        text=extracted.get(requested_url or result.url))
        if verdict.status is Status.PUBLISHED and force is not None and not _on_force_site(result.final_url, force) \
                and not _names_force(verdict.text or "", force):
            return _not_the_forces(verdict, result, force)
        return verdict
    if result.text is None:
        return Verdict(Status.NOT_RESPONSE, f"the link serves {result.content_type or 'binary data'}, not a page or a document",
                       evidence=evidence)
    if page is None:
        page = read_page(result)
    evidence.update(title=page.title, h1=page.h1, headings=list(page.headings[:12]), main_text_chars=len(page.main_text))
    if force is not None and not _on_force_site(result.final_url, force):
        evidence["off_site"] = urlsplit(result.final_url).hostname
    # Read first (pure and cheap): a page's own content can overrule a stray phrase, and the
    # evidence shows what every page said, whatever decided its verdict.
    analysis = analyse_text(page.main_text, heading=f"{page.title} {page.h1}")
    evidence.update(analysis.evidence())
    plan_urls = plan_documents(page)
    verdict = _what_the_page_is(page, result, analysis, evidence, force=force, requested=requested_url or result.url,
                                probe=probe, probe_page=probe_page, has_plan_links=bool(plan_urls))
    if verdict is not None:
        return verdict
    return _what_it_is_about(page, result, analysis, evidence, plan_urls, documents or {}, extracted)


def _what_the_page_is(page: PageText, result: FetchResult, analysis: Analysis, evidence: dict[str, Any], *,
                      force: Force | None, requested: str, probe: FetchResult | None, probe_page: PageText | None,
                      has_plan_links: bool) -> Verdict | None:
    """Layer 2: a verdict when the page is something that cannot be the response, whatever it says."""

    def verdict(status: Status, reason: str, kind: str, **more: Any) -> Verdict:
        evidence.update(page_kind=kind, **more)
        return Verdict(status, reason, score=analysis.score, evidence=evidence)

    # Not found: by its own words, or by matching what the host serves for a path that cannot
    # exist (a single-page app serves its one shell everywhere: that is a shell, not a 404).
    comparison = compare_with_probe(page, result, probe, probe_page) if probe is not None else None
    if comparison is not None:
        evidence["probe"] = comparison.evidence()
    matches_probe = comparison is not None and comparison.soft_404 and _shell(page) is None
    phrase = _not_found_phrase(page, is_response=analysis.is_response)
    if phrase is not None:
        also = "; it is the page the site serves for any unknown address" if matches_probe else ""
        return verdict(Status.SOFT_404, f"the page answers {result.status_code} but says '{phrase}'{also}", "not found",
                       not_found_phrase=phrase)
    if comparison is not None and matches_probe and not analysis.is_response:
        return verdict(Status.SOFT_404, f"the page is what the site serves for any address that does not exist: "
                       f"{comparison.summary}", "not found")
    if result.redirected and _is_homepage(result.final_url) and not _is_homepage(requested):
        return verdict(Status.NOT_RESPONSE, f"the link redirects to the site's homepage ({result.final_url})", "homepage")
    login = _login(page, result)
    if login is not None:
        return verdict(Status.NOT_RESPONSE, login, "login")
    shell = _shell(page)
    if shell is not None and not has_plan_links:
        return verdict(Status.NOT_RESPONSE, shell, "empty shell", shell_markers=list(page.shell_markers))
    if _is_search(page, result.final_url):
        return verdict(Status.NOT_RESPONSE, "the page is a list of search results, not the response", "search results")
    lead = _norm(" ".join([page.title, page.h1, page.main_text[:NOT_FOUND_LEAD_CHARS]]))
    if _FOI.search(lead) and _FOI_REQUEST.search(_norm(page.main_text)):
        return verdict(Status.NOT_RESPONSE, "the page is a freedom-of-information disclosure, not the response", "FOI disclosure")
    if _is_pcc(page, result.final_url, force):
        host = urlsplit(result.final_url).hostname
        return verdict(Status.NOT_RESPONSE, f"the page is the police and crime commissioner's ({host}), not the force's response",
                       "PCC page")
    if force is not None and "off_site" in evidence and not _names_force(f"{page.title} {page.main_text}", force):
        # Off the force's site, a page that never names the force is someone else's: the national
        # report itself, the charity's page, another force's plan, GOV.UK.
        return verdict(Status.NOT_RESPONSE, f"the page is on {evidence['off_site']}, not {force.name}'s website, and never "
                       f"names the force", "another site")
    return None


def _names_force(text: str, force: Force) -> bool:
    for name in force.names:
        # Short aliases ("Met", "GMP") only count as written; "we met" is not the Met.
        flags = re.IGNORECASE if len(name) > 4 else 0
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags):
            return True
    return False


def _not_the_forces(verdict: Verdict, result: FetchResult, force: Force) -> Verdict:
    host = urlsplit(result.final_url).hostname
    return Verdict(Status.NOT_RESPONSE, f"the document is on {host}, not {force.name}'s website, and never names the force",
                   score=verdict.score, evidence={**verdict.evidence, "off_site": host, "page_kind": "another site"})


def _what_it_is_about(page: PageText, result: FetchResult, analysis: Analysis, evidence: dict[str, Any],
                      plan_urls: Sequence[str], documents: Mapping[str, FetchResult],
                      extracted: Mapping[str, str]) -> Verdict:
    """Layer 3: the page's own content, then the plan documents it links."""
    docs = [(url, _verify_document(documents[url], url, extracted.get(url))) for url in plan_urls if url in documents]
    if docs:
        evidence["documents"] = [_document_evidence(url, doc) for url, doc in docs]
    unchecked = [url for url in plan_urls if url not in documents]
    if unchecked:
        evidence["documents_not_checked"] = unchecked
    dead = [(url, doc) for url, doc in docs if doc.status in (Status.BROKEN, Status.UNREACHABLE, Status.SOFT_404)]
    warnings = tuple(f"plan document dead: {url}" for url, _ in dead)
    if analysis.is_response and not _is_index(page):
        return Verdict(Status.PUBLISHED, f"the page is the stalking super-complaint response ({_summary_of(evidence)})",
                       score=analysis.score, evidence=evidence, warnings=warnings, text=page.main_text)
    for url, doc in docs:
        if doc.status is Status.PUBLISHED:
            kind = KIND_LABELS.get(doc.evidence.get("document_kind", ""), "document")
            evidence["page_kind"] = "landing page"
            return Verdict(Status.PUBLISHED, f"the page links the plan document {_name(url)} ({kind}), which is the "
                           f"response ({_summary_of(doc.evidence)})", score=doc.score, evidence=evidence,
                           warnings=warnings, text=doc.text)
    # A page about the plan whose documents fail is judged by them (the document decides for a
    # landing page); a page about something else that links a stray document is judged as a page.
    if docs and (analysis.topic_score >= MIN_TOPIC or _PLAN_LINK.search(_norm(f"{page.title} {page.h1}"))):
        evidence["page_kind"] = "landing page"
        if dead:
            url, doc = dead[0]
            return Verdict(Status.BROKEN, f"the plan document is dead: {url} ({doc.reason})", score=analysis.score,
                           evidence=evidence)
        blocked = [(url, doc) for url, doc in docs if doc.status is Status.BLOCKED]
        if blocked:
            url, doc = blocked[0]
            return Verdict(Status.BLOCKED, f"could not fetch the plan document {url}: {doc.reason}", score=analysis.score,
                           evidence=evidence)
        url, doc = docs[0]
        return Verdict(Status.NOT_RESPONSE, f"the page's plan document {_name(url)} is not the stalking response: "
                       f"{_document_shortfall(doc)}", score=analysis.score, evidence=evidence)
    evidence["page_kind"] = _kind_of(page, result, analysis)
    return Verdict(Status.NOT_RESPONSE, _why_not(page, result, analysis, unchecked), score=analysis.score, evidence=evidence)


# -- page kinds -------------------------------------------------------------------------------------


def _not_found_phrase(page: PageText, *, is_response: bool = False) -> str | None:
    """The not-found wording in a page's title or heading, or at the top of a page short enough
    to be a not-found page (and that is not, on its own reading, the response)."""
    head = _norm(f"{page.title} | {page.h1}")
    lead = page.main_text[:NOT_FOUND_LEAD_CHARS]
    trust_body = len(page.main_text) <= NOT_FOUND_MAX_MAIN_CHARS and not is_response
    says_so = (_NOT_FOUND.search(head) or _NOT_FOUND_TITLE.search(_norm(page.h1))
               or _NOT_FOUND_TITLE.search(_title_part(page.title))
               or (trust_body and _NOT_FOUND.search(_norm(" | ".join([*page.headings[:2], lead])))))
    if not says_so:
        return None
    # Quote the page's own words, its heading first: the clause around the wording, not our pattern.
    for text, patterns in ((page.h1, (_NOT_FOUND, _NOT_FOUND_TITLE)), *((h, (_NOT_FOUND,)) for h in page.headings[:4]),
                           (lead, (_NOT_FOUND,)), (page.title, (_NOT_FOUND, _NOT_FOUND_TITLE))):
        for pattern in patterns:
            found = pattern.search(_norm(text))
            if found:
                return _sentence_around(text, found.group(0))
    return page.title


def _shell(page: PageText) -> str | None:
    text = _norm(page.main_text)
    if len(page.main_text) < SHELL_MAX_CHARS and (page.shell_markers or _SHELL_TEXT.search(text)):
        return "the page is an empty shell that needs JavaScript to show anything"
    if len(page.main_text) < 3 * SHELL_MAX_CHARS and _COOKIE_WALL.search(text):
        return "the page is a cookie-consent wall with no content behind it"
    if len(page.main_text) < EMPTY_MAX_CHARS:
        return f"the page has almost no text ({len(page.main_text)} characters)"
    return None


def _login(page: PageText, result: FetchResult) -> str | None:
    host = (urlsplit(result.final_url).hostname or "").lower()
    if host in _LOGIN_HOSTS:
        return f"the link ends at a sign-in page ({host})"
    if _LOGIN_TITLE.search(_norm(f"{page.title} {page.h1}")) and (page.has_password_field or _LOGIN_TEXT.search(_norm(page.main_text))):
        return "the page asks you to sign in; the response is not public there"
    return None


def _is_search(page: PageText, url: str) -> bool:
    parts = urlsplit(url)
    searchy_url = "search" in parts.path.lower() or any(k.lower() in _SEARCH_PARAMS for k, _ in parse_qsl(parts.query))
    searchy_title = bool(_SEARCH_TITLE.search(_norm(page.h1)) or _SEARCH_TITLE.search(_title_part(page.title)))
    return searchy_title and (searchy_url or "result" in _norm(page.main_text[:300]))


def _is_pcc(page: PageText, url: str, force: Force | None) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if force is not None and _on_force_site(url, force):
        return False
    return bool(_PCC_HOST.search(host) or _PCC.search(_norm(f"{page.title} | {page.h1}")))


def _is_index(page: PageText) -> bool:
    return bool(page.main_text) and page.main_link_chars / len(page.main_text) >= INDEX_LINK_RATIO


def _kind_of(page: PageText, result: FetchResult, analysis: Analysis) -> str:
    if analysis.other_subject:
        return "another subject"
    if _is_index(page):
        return "index"
    if _NEWS_PATH.search(urlsplit(result.final_url).path.lower()) or _DATELINE.search(_norm(page.main_text[len(page.h1):][:80]).strip()):
        return "news"
    if _PLACEHOLDER.search(_norm(page.main_text)):
        return "placeholder"
    if analysis.topic_score < MIN_TOPIC:
        return "stalking page" if analysis.stalking_mentions else "unrelated page"
    return "mentions the super-complaint"


def _why_not(page: PageText, result: FetchResult, analysis: Analysis, unchecked: Sequence[str]) -> str:
    """One line a person can act on: what the page is, and what it lacks."""
    supers = [label for label, _ in _OTHER_SUPER_COMPLAINTS if label in analysis.other_mentions]
    if analysis.other_subject:
        return f"the page is about {analysis.other_subject}, not the stalking super-complaint"
    if len(supers) >= 2 and analysis.topic_score >= MIN_TOPIC:
        return "the page lists several super-complaints; its stalking entry is not the response itself"
    if _is_index(page):
        return "the page is an index of links (a section or hub page), not the response"
    if unchecked and analysis.topic_score >= MIN_TOPIC:
        return f"the page links a plan document that was not checked ({_name(unchecked[0])}); verify the document itself"
    news = _kind_of(page, result, analysis) == "news"
    if _PLACEHOLDER.search(_norm(page.main_text)):
        return "the page promises the plan but does not contain it" + (" (a news story)" if news else "")
    if news:
        return "the page is a news story, not the response" + ("" if analysis.topic_score >= MIN_TOPIC else " (it never mentions the super-complaint)")
    if analysis.topic_score < MIN_TOPIC and analysis.heading_subject:
        return f"the page is about {analysis.heading_subject}, not the stalking super-complaint"
    if analysis.topic_score < MIN_TOPIC and analysis.stalking_mentions:
        return "the page is about stalking but never mentions the super-complaint (a general stalking page)"
    return f"the page loads but is not the super-complaint response: {_shortfall(analysis)}"


# -- documents --------------------------------------------------------------------------------------


def _verify_document(result: FetchResult, url: str, text: str | None = None) -> Verdict:
    """One linked plan document: dead, blocked, unreadable, the response, or something else.
    text: its text, when already extracted."""
    label = f"the plan document {_name(url)}"
    early = verdict_for_fetch(result)
    if early is not None:
        return early
    kind = document_kind(result.content_type, result.final_url, result.body)
    if kind is not None:
        return _verify_document_body(result, kind, {}, label=label, text=text)
    if result.text is not None and "html" in (result.content_type or ""):
        # The document link answered a web page: a site's "not found" page, or the plan as HTML.
        page = read_page(result)
        phrase = _not_found_phrase(page)
        if phrase is not None:
            return Verdict(Status.SOFT_404, f"the link answers a page saying '{phrase}'", evidence={"not_found_phrase": phrase})
        return verify_text(page.main_text, source=label, heading=f"{page.title} {page.h1}")
    return Verdict(Status.NOT_RESPONSE, f"{label} is {result.content_type or 'binary data'}, not a document we can read")


def _verify_document_body(result: FetchResult, kind: str, evidence: dict[str, Any], *, label: str,
                          text: str | None = None) -> Verdict:
    try:
        text = text if text is not None else extract_text(result.body, kind)
    except DocumentError as exc:
        return Verdict(Status.NOT_RESPONSE, f"{label} cannot be read: {exc}", evidence={**evidence, "document_kind": kind})
    verdict = verify_text(text, source=f"{label} ({KIND_LABELS.get(kind, kind)})")
    return Verdict(verdict.status, verdict.reason, score=verdict.score,
                   evidence={**evidence, "document_kind": kind, "document_chars": len(text), **verdict.evidence}, text=text)


def _document_shortfall(verdict: Verdict) -> str:
    about, missing = verdict.evidence.get("about"), verdict.evidence.get("missing")
    if about:
        return f"it is about {about}"
    if missing:
        return "missing " + "; ".join(missing)
    return verdict.reason


def _document_evidence(url: str, verdict: Verdict) -> dict[str, Any]:
    return {"url": url, "status": verdict.status.value, "reason": verdict.reason, "score": verdict.score,
            "kind": verdict.evidence.get("document_kind"), "matched": verdict.evidence.get("matched", []),
            "missing": verdict.evidence.get("missing", [])}


# -- helpers ----------------------------------------------------------------------------------------


def _main_region(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the page's own content: <main>, else <article>, else the block
    around the page's <h1> (old CMSs), else a conventional content container, else <body>."""
    for selector in ("main", "[role=main]", "article"):
        nodes = tree.css(selector)
        if nodes:
            with_h1 = [n for n in nodes if n.css_first("h1") is not None]
            return (with_h1 or sorted(nodes, key=lambda n: len(n.text()), reverse=True))[0]
    h1 = tree.css_first("h1")
    body = tree.body
    if h1 is not None and body is not None:
        node = h1.parent
        own = len(_clean(h1.text()))
        # Climb past wrappers that hold little more than the heading itself.
        while node is not None and node.parent is not None and node.tag != "body" and len(_clean(node.text())) - own < 200:
            node = node.parent
        if node is not None and node.tag not in ("html",):
            return node
    return tree.css_first(_CONTENT_CONTAINERS) or body


def _summary_of(evidence: Mapping[str, Any]) -> str:
    """'super-complaint, Suzy Lamplugh Trust; 11 recommendation themes' from analysis evidence."""
    topic_labels = {label for label, _, _ in _TOPIC} | {_JOINT_REPORT}
    topic = [m for m in evidence.get("matched", []) if m in topic_labels]
    return f"{', '.join(topic[:2]) or 'the report'}; {len(evidence.get('themes', []))} recommendation themes"


def _shortfall(analysis: Analysis) -> str:
    if analysis.other_subject:
        return f"it is about {analysis.other_subject}"
    return "missing " + "; ".join(analysis.missing) if analysis.missing else "not enough evidence"


def _on_force_site(url: str, force: Force) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in force.domains)


def _is_homepage(url: str) -> bool:
    path = urlsplit(url).path.rstrip("/").lower()
    return path in _HOMEPAGE_PATHS


def _title_part(title: str) -> str:
    """The page's own part of a title like 'Page not found | Kent Police'."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    return _norm(parts[0] if parts else title)


def _path_words(url: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", urlsplit(url).path.lower()) if w}


def _similarity(a: str, b: str, noise: set[str]) -> float:
    """Jaccard similarity of word trigrams, ignoring words from the URLs (sites echo the path)."""
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = [w for w in re.findall(r"\w+", _norm(text)) if w not in noise]
        if len(words) < 3:
            return {tuple(words)} if words else set()
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

    left, right = shingles(a), shingles(b)
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def _sentence_around(text: str, match: str) -> str:
    """The clause of `text` containing `match` (matched on normalised text), in the page's words."""
    for clause in re.split(r"(?<=[.!?|])\s+", text):
        if match in _norm(clause):
            clause = clause.strip(" |")
            return clause if len(clause) <= 120 else clause[:117] + "..."
    return match


def _name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1] or url


# Characters that make urljoin do more than put a site-absolute path after the origin: dot
# segments to resolve, an empty query or fragment to drop, parameters, and the tab and newline
# characters urlsplit deletes.
_NOT_PLAIN_PATH = re.compile(r"[.?#;\t\r\n]")


def _joiner(base: str) -> Callable[[str], str]:
    """urljoin(base, href), with a short cut for the commonest link, a plain "/path/to/page/".

    A page has a hundred or more links (menus, footers); urljoin on each was a fifth of reading a
    page. A plain site-absolute path resolves to the base's origin followed by the path, exactly
    as urljoin has it; anything else goes through urljoin.
    """
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https"):
        return lambda href: urljoin(base, href)
    origin = f"{parts.scheme}://{parts.netloc}"

    def join(href: str) -> str:
        if href[:1] == "/" and href[1:2] != "/" and not _NOT_PLAIN_PATH.search(href):
            return origin + href
        return urljoin(base, href)

    return join


def _fetch_evidence(result: FetchResult) -> dict[str, Any]:
    return {
        "final_url": result.final_url,
        "http_status": result.status_code,
        "redirects": [hop.url for hop in result.hops[:-1]],
    }


_TYPOGRAPHY = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-",
               "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\xa0": " "}


def _plain(text: str) -> str:
    """Typographic apostrophes, dashes and no-break spaces as their ASCII forms.

    One str.replace per character present rather than str.translate: translate looks every
    character up in a dict (250 us for a 5,000-character page), replace scans in C, and ASCII
    text (isascii is a flag, not a scan) has none of them.
    """
    if text.isascii():
        return text
    for char, plain in _TYPOGRAPHY.items():
        if char in text:
            text = text.replace(char, plain)
    return text


def _norm(text: str) -> str:
    return " ".join(_plain(text).lower().split())


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())
