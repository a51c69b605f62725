"""Is this page really the force's published response? Pure: FetchResult in, Verdict out.

A verdict is the first of a table of small named rules that applies (RULES, at the end): each
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
the plan documents are fetched by pipeline.py and passed in. No exception is caught broadly: a bug
in this module fails loudly, never as a status.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .coverage import Coverage, coverage_of, find_addressed, written_forms
from .documents import KIND_LABELS, DocumentError, document_kind, extract_text, kind_from_name
from .models import Addressed, ErrorKind, FetchResult, Force, Recommendation, Status, Verdict
from .pagetext import COOKIE_WALL, PageText, limit_nesting, norm, read_page
from .recommendations import bundled

__all__ = ["PageText", "ProbeComparison", "Reading", "compare_with_probe", "limit_nesting", "plan_documents",
           "read_page", "read_text", "verdict_for_fetch", "verify_page", "verify_text"]

# -- thresholds -------------------------------------------------------------------------------------
# Topic and the old plan-by-themes substance are sums of the weights below; the corpus in
# tests/corpus and the real-layout set in tests/realpages measure how well these bars separate pages.
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
# The force's own answer must stand near the recommendation it answers (a page that quotes the
# report in one place and says "we will" somewhere else has not answered it).
ANSWER_REACH = 1200

_UNREACHABLE = {ErrorKind.DNS, ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.TLS, ErrorKind.FORBIDDEN_ADDRESS}
_BROKEN = {ErrorKind.REDIRECT_LOOP, ErrorKind.TOO_MANY_REDIRECTS, ErrorKind.TOO_LARGE, ErrorKind.PROTOCOL, ErrorKind.BAD_URL}
_BLOCKED = {ErrorKind.ROBOTS, ErrorKind.RETRY_AFTER}


def _rx(pattern: str) -> _Pattern:
    # Every pattern runs on normalised text: lower case, straight apostrophes, ASCII hyphens,
    # single spaces (see pagetext.norm), so patterns need not spell out typographic variants.
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

    def finditer(self, text: str) -> list[re.Match[str]]:
        return [] if self._absent(text) else list(self.regex.finditer(text))

    def findall(self, text: str) -> list[Any]:
        return [] if self._absent(text) else self.regex.findall(text)


class _Opaque(Exception):
    """A pattern feature the needle reader does not follow: no filter for that pattern."""


_ZERO_WIDTH_ESCAPES = set("bBAZ")
_CLASS_ESCAPES = set("wWdDsS")


def _needles_of(pattern: str) -> tuple[str, ...] | None:
    """Strings of which every match of `pattern` contains at least one; None when unsure.

    Read by a small reader of our own (the patterns here use a plain subset of the syntax): a run
    of literal characters, or a group (not optional) whose alternatives each have one. Anything
    else (classes, lookarounds, optional parts) contributes nothing, which only makes the filter
    weaker, never wrong; flags or syntax it does not know give no filter at all.
    """
    try:
        found, end = _alternation(pattern, 0)
    except (_Opaque, IndexError):
        return None
    if end != len(pattern) or not found:
        return None
    return tuple(sorted(found))


def _alternation(p: str, i: int) -> tuple[set[str] | None, int]:
    """Needles of alternatives from p[i] up to an unmatched ')' or the end: every one must have some."""
    branches: list[set[str] | None] = []
    while True:
        found, i = _sequence(p, i)
        branches.append(found)
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        break
    if all(branches):
        return set().union(*branches), i  # type: ignore[arg-type]
    return None, i


def _quantifier(p: str, i: int) -> tuple[bool, int]:
    """(may the item before p[i] be absent, index after the quantifier)."""
    if i >= len(p):
        return False, i
    if p[i] in "?*":
        i += 1
        return True, i + 1 if i < len(p) and p[i] in "?+" else i
    if p[i] == "+":
        i += 1
        return False, i + 1 if i < len(p) and p[i] in "?+" else i
    if p[i] == "{":
        end = p.index("}", i)
        low = p[i + 1:end].split(",")[0].strip()
        return (not low or int(low) == 0), end + 1
    return False, i


def _sequence(p: str, i: int) -> tuple[set[str] | None, int]:
    candidates: list[set[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()

    while i < len(p) and p[i] not in "|)":
        char = p[i]
        if char == "(":
            close_run()
            if p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                _, i = _alternation(p, i + (4 if p[i + 2] == "<" else 3))
                if p[i] != ")":
                    raise _Opaque("unbalanced")
                i += 1  # a lookaround consumes nothing: no needle from it
                continue
            if p.startswith("(?:", i):
                start = i + 3
            elif p.startswith("(?P<", i):
                start = p.index(">", i) + 1
            elif p.startswith("(?", i):
                raise _Opaque(p[i:i + 4])  # inline flags and the like
            else:
                start = i + 1
            found, i = _alternation(p, start)
            if p[i] != ")":
                raise _Opaque("unbalanced")
            optional, i = _quantifier(p, i + 1)
            if found and not optional:
                candidates.append(found)
            continue
        if char == "[":
            close_run()
            i += 1
            if i < len(p) and p[i] == "^":
                i += 1
            if i < len(p) and p[i] == "]":
                i += 1
            while p[i] != "]":
                i += 2 if p[i] == "\\" else 1
            _, i = _quantifier(p, i + 1)
            continue
        if char == "\\":
            escaped = p[i + 1]
            if escaped.isalnum():
                if escaped not in _ZERO_WIDTH_ESCAPES and escaped not in _CLASS_ESCAPES:
                    raise _Opaque(p[i:i + 2])  # backreferences, \N{...}, \x..: not followed
                close_run()
                _, i = _quantifier(p, i + 2)
                continue
            literal, i = escaped, i + 2
        elif char in ".^$":
            close_run()
            _, i = _quantifier(p, i + 1)
            continue
        else:
            literal, i = char, i + 1
        optional, after = _quantifier(p, i)
        if optional:
            close_run()
        else:
            run.append(literal)
            if after != i:  # "a+": at least one "a", but what follows need not touch this run
                close_run()
        i = after
    close_run()
    # The most selective: the set whose shortest string is longest.
    return (max(candidates, key=lambda c: min(map(len, c))) if candidates else None), i


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


# -- the force's own answer beside a recommendation (substance grounded in the recommendations) -----
# Fields of the NPCC template and of the tables forces drew up, and the way a force writes an
# answer. Each is the force's voice, not the report's: the report never writes "force update".
_ANSWER_FIELDS: tuple[tuple[str, _Pattern], ...] = (
    ("force update", _rx(r"\bforce updates?\b|\bconstabulary updates?\b")),
    ("initial response", _rx(r"\binitial (?:action plan |constabulary |force |police )?response\b")),
    ("recommendation owner", _rx(r"\b(?:recommendation|rec\.?|action) owner\b")),
    ("evidence requirements (NPCC template)", _rx(r"\bevidence requirements? of (?:progress|completion)")),
    ("named lead", _rx(r"\b(?:operational|executive|strategic|senior|force|accountable) lead\b|\blead officer\b")),
    ("current process", _rx(r"\bour current (?:process|position|practice)\b|\bcurrent position\b|\brecommendation received\b")),
    # Not "action plan": every page about the complaint says that.
    ("action", _rx(r"\bactions?:|\bactions? (?:taken|identified|agreed|completed?|owner)\b|\baction complete\b|\bnext steps\b")),
    ("status", _rx(r"\bstatus\s*[:|]|\brag (?:status|rating)\b|\bin progress\b|\bon track\b|\bcompleted?\b|\bongoing\b|\bnot started\b")),
    ("update", _rx(r"\bupdates?\s*[:|-]|\bprogress update\b|\b(?:march|september|november) 202\d update\b|\bdate\s*:")),
    # "We accept this recommendation", never "we welcome the report": news of the report says that.
    ("accepted", _rx(r"\bwe (?:accept|have accepted|fully accept) (?:this|the|all|each|these)\b|\baccepted in full\b")),
    ("compliance", _rx(r"\b(?:complies|comply|compliant) with\b|\bour initial assessment\b")),
    # A table column for the force's answer: "Recommendation | Lead | Update" flattened to text.
    ("answer column", _rx(r"\| ?(?:lead|owner|update|status|progress|force response|our response|actions?(?: taken)?) ?(?:\||$)")),
    ("pledge", _rx(r"\b(?:we )?pledge to\b|\bwhat we (?:will do|have done|are doing)\b|\bchanges we (?:will|have)\b")),
)
_FORCE_VOICE = _rx(r"\bwe (?:have|will|are|now|continue|already|use|record|ensure)\b|\bthe (?:force|constabulary) (?:has|have|will|is|are|now)\b"
                   r"|\bour (?:officers|staff|teams?|force|crime recording|systems?|training)\b")

# -- the page saying what it is ---------------------------------------------------------------------
# "This is our response to ...", "Kent Police's action plan in response to ...", "The below
# provides the Merseyside Police response", "The plan below outlines the recommendations": a
# page (or document) that says it is the force's response or plan. The force's own names are
# matched apart (_declares_for), since they differ per force.
_PLAN_WORDS = r"(?:response|action plan|action tracker|delivery plan|improvement plan|plan|update)"
_TOPIC_WORDS = r"(?:super-? ?complaints?|suzy lamplugh|police response to stalking|report|recommendations?)"
_DECLARES = _rx(
    rf"\b(?:our|the force's|the constabulary's|this is the|this is our|below is our|here is our)"
    rf" (?:[a-z-]+ )?{_PLAN_WORDS}\b[^.|]{{0,100}}?\b{_TOPIC_WORDS}"
    rf"|\bthe (?:below|following) (?:provides|sets out|outlines|details|shows|is)\b[^.|]{{0,80}}?\b(?:response|plan|actions)\b"
    rf"|\bthe plan below\b|\bthese actions are (?:detailed|set out|listed)\b"
    rf"|\bwe have (?:now )?(?:published|produced|developed|written|prepared) (?:an|our|this|the following) (?:[a-z-]+ )?{_PLAN_WORDS}\b"
)
# A page whose own title says it is a response or plan, e.g. "Stalking action plan", "Super-
# complaint: our response" (its topic must still be the complaint, from its text).
_TITLE_DECLARES = _rx(
    # Not "response to": the report itself is "The police response to stalking".
    r"\baction plan\b|\baction tracker\b|\bdelivery plan\b|\bour response\b|\bforce response\b"
    r"|\bresponse to (?:the )?(?:stalking )?super-? ?complaint|\bsuper-? ?complaint response\b"
    r"|\bcynllun gweithredu\b|\bein hymateb\b")
# A promise in the force's voice ("we will publish our plan", "... and publish our action plan by
# 22 November"), not the report's requirement ("forces are required to publish an action plan").
# Written to start with the literal "publish", which the regex engine finds fast.
_PLACEHOLDER = _rx(r"publish(?:(?<=will publish)|(?<=and publish)) (?:our|the|its|an|this) (?:[a-z-]+ )?(?:action )?plan"
                   r"|(?:plan|response|it) will be published\b|will be publishing (?:our|the|its|an)"
                   r"|(?:plan|response) (?:is|are) being (?:prepared|developed|drafted)"
                   r"|\b(?:is|are) (?:preparing|developing|drafting|writing) (?:its|our|an|the) (?:[a-z-]+ )?(?:action )?plan")

# -- what a page is about instead -------------------------------------------------------------------
_OTHER_SUPER_COMPLAINTS: tuple[tuple[str, _Pattern], ...] = (
    ("the police-perpetrated domestic abuse super-complaint", _rx(
        r"police[- ]perpetrated domestic abuse|\bppda\b|centre for women's justice|domestic abuse (?:committed )?by police|cam-drin domestig gan (?:yr )?heddlu")),
    ("the protective measures super-complaint", _rx(r"protective measures|pre-charge bail")),
    ("the modern slavery super-complaint", _rx(r"modern slavery|\bhestia\b")),
    ("the immigration data-sharing super-complaint", _rx(
        r"immigration (?:status|enforcement|purposes)|sharing victims' data|southall black sisters")),
)
# Subjects that share the vocabulary but are not a super-complaint: they decide only for a page
# that neither answers a recommendation nor calls itself the response.
_SOFT_SUBJECTS: tuple[tuple[str, _Pattern], ...] = (
    ("violence against women and girls (VAWG)", _rx(r"violence against women and girls|\bvawg\b|\bvawdasv\b|trais yn erbyn menywod")),
    ("a PEEL inspection", _rx(r"\bpeel\b")),
    ("the 2017 'Living in fear' inspection", _rx(r"living in fear")),
    ("the police and crime plan", _rx(r"police and crime plan")),
)
_OTHER_SUBJECTS = (*_OTHER_SUPER_COMPLAINTS, *_SOFT_SUBJECTS)

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
_COOKIE_WALL = _rx(COOKIE_WALL)
_LOGIN_TITLE = _rx(r"\bsign(?:ing)? ?in\b|\blog ?in\b|\bmewngofnodi\b")
_LOGIN_TEXT = _rx(r"\bpassword\b|\baccount\b|\bcyfrinair\b")
_LOGIN_HOSTS = ("login.microsoftonline.com", "login.live.com", "accounts.google.com", "login.windows.net")
_SEARCH_TITLE = _rx(r"^search\b|\bsearch results?\b|\bresults for\b|\bcanlyniadau chwilio\b|^chwilio\b")
_SEARCH_PARAMS = {"q", "query", "search", "keys", "keywords", "s", "term", "terms", "searchterm", "searchtext", "k"}
_FOI = _rx(r"\bfoi\b|freedom of information (?:act )?request|\bdisclosure log\b|rhyddid gwybodaeth")
_FOI_REQUEST = _rx(r"\brequest(?:ed)?\b|\bcais\b")
_PCC = _rx(r"\bpolice(?:,)? (?:fire )?(?:and )?crime (?:and victims' )?commissioner|\bpcc\b|\bopcc\b|commissioner's response|comisiynydd heddlu")
_PCC_HOST = _rx(r"(?:^|[.-])o?p?f?cc[.-]|commissioner")
_NEWS_PATH = _rx(r"/news/|/newyddion/|/press-releases?/")
_DATELINE = _rx(r"^(?:(?:published|posted)(?: on)?:? )?\d{1,2} (?:january|february|march|april|may|june|july|august|september|october|november|december) 20\d\d\b")
_PLAN_LINK = _rx(r"action[ _-]?plan|super[ _-]?complaint|response|cynllun|uwch[ _-]?g|stalking|stelci|update|diweddariad")
_DOCUMENT_LINK_TEXT = _rx(r"\(pdf\b|\bpdf,|\bword document\b|\(docx?\b|\(odt\b")
_HOMEPAGE_PATHS = ("", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home",
                   "/en", "/cy", "/en-gb", "/hafan", "/home.aspx")
_SHELL_TEXT = _rx(r"enable javascript|javascript (?:is )?(?:required|disabled|turned off)|requires javascript|^loading\W*$")


@dataclass(frozen=True)
class Reading:
    """What a text (a page's main text, or a plan document's) says, read against the report."""

    topic_score: float
    substance_score: float  # the plan-by-themes score: themes, status terms, deadlines
    matched: tuple[str, ...]  # topic and substance signals found
    phrases: tuple[str, ...]  # the words that matched, as written
    themes: tuple[str, ...]
    status_terms: tuple[str, ...]
    stalking_mentions: int
    other_subject: str | None  # what the text is about instead of the stalking super-complaint
    other_mentions: tuple[str, ...]  # every other subject the text names
    heading_subject: str | None  # another subject its heading names (even beside stalking)
    addressed: tuple[Addressed, ...]  # the recommendations it quotes or names
    answer_fields: tuple[str, ...]  # the force's own words: update, owner, status, action...
    declaration: str | None  # where it says it is the force's response or plan
    placeholder: bool  # it promises the plan rather than giving it
    basis: str | None  # why it is a response: "answers", "declares", "plan"; None when it is not
    missing: tuple[str, ...]  # what a response would have that this text lacks

    @property
    def score(self) -> float:
        return round(self.topic_score + self.substance_score, 2)

    @property
    def is_response(self) -> bool:
        return self.basis is not None

    @property
    def answered(self) -> tuple[Addressed, ...]:
        """The recommendations it answers (quoting the one that asks for a plan answers nothing)."""
        return tuple(item for item in self.addressed if item.recommendation != "publish-plan")

    def evidence(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "topic_score": self.topic_score,
            "substance_score": self.substance_score,
            "basis": self.basis,
            "matched": list(self.matched),
            "phrases": list(self.phrases),
            "recommendations_found": [item.recommendation for item in self.addressed],
            "answer_fields": list(self.answer_fields),
            "declaration": self.declaration,
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


# -- reading a text ----------------------------------------------------------------------------------

_QUOTED_TOPIC = "the report's recommendations, quoted"
_ANSWERED_REASON = "an answer to one of the report's recommendations to chief constables in the force's own words " \
                   "(an update, action, owner or status), or a statement that it is the force's response or action plan"


def read_text(text: str, *, heading: str = "", force: Force | None = None,
              register: tuple[Recommendation, ...] | None = None, where: str = "page",
              link_texts: Sequence[str] = ()) -> Reading:
    """Topic, substance and subject of a text (a page's main text, or a document's text).

    `heading` is the page's title and main heading (for a document, its opening lines): what a
    page says it is about weighs more than what it mentions in passing. `force`: whose response it
    would be (a page may name itself "Kent Police's response"). `link_texts`: the page's link
    texts, since a link named "Our response to the super-complaint" points at the response.
    """
    register = bundled() if register is None else register
    written, lowered = written_forms(text)
    head = norm(heading)
    if head and " " not in head.strip():
        head = re.sub(r"[-_/.]+", " ", head)  # a title made from an address: "stalking-action-plan"
    matched: list[str] = []
    phrases: list[str] = []
    topic = 0.0
    for label, pattern, weight in _TOPIC:
        found = pattern.search(lowered)
        if found:
            topic += weight
            matched.append(label)
            phrases.append(written[found.start():found.end()])
    if all(author.search(lowered) for author in _AUTHORS):
        topic += _JOINT_REPORT_WEIGHT
        matched.append(_JOINT_REPORT)
    # The recommendations' wording is the report's own: a text quoting it is about the report.
    addressed = find_addressed(text, register, where=where)
    confident = [item for item in addressed if item.how == "quoted" and _confidence(register, item) != "gist"]
    if confident:
        topic += MIN_TOPIC
        matched.append(_QUOTED_TOPIC)
        phrases.extend(item.quote for item in confident[:3])
    substance = 0.0
    for label, pattern, weight in (_TO_CHIEF_CONSTABLES, _DEADLINES):
        found = pattern.search(lowered)
        if found:
            substance += weight
            matched.append(label)
            phrases.append(written[found.start():found.end()])
    themes = tuple(label for label, pattern in _THEMES if pattern.search(lowered))
    status_terms = tuple(label for label, pattern in _STATUS_TERMS if pattern.search(lowered))
    substance += _THEME_WEIGHT * len(themes) + _STATUS_WEIGHT * min(len(status_terms), _MAX_STATUS_TERMS)
    stalking = len(_STALKING.findall(lowered))

    other_mentions = tuple(label for label, pattern in _OTHER_SUBJECTS if pattern.search(lowered))
    head_other = next((label for label, pattern in _OTHER_SUBJECTS if pattern.search(head)), None)
    other_subject = None
    if head_other is not None and not _STALKING.search(head):
        other_subject = head_other  # the heading names another subject and not stalking
    elif not _STALKING.search(head):
        # No heading to go by: the subject named more often than stalking is the subject.
        counts = {label: len(pattern.findall(lowered)) if label in other_mentions else 0 for label, pattern in _OTHER_SUBJECTS}
        top = max(counts, key=lambda label: counts[label])
        if counts[top] >= MIN_STALKING_MENTIONS and counts[top] > stalking:
            other_subject = top
    hard_other = other_subject if other_subject in _SUPER_COMPLAINT_LABELS else None

    has_topic = topic >= MIN_TOPIC
    fields = tuple(label for label, pattern in _ANSWER_FIELDS if pattern.search(lowered))
    answered = [item for item in addressed if item.recommendation != "publish-plan"]
    voice = bool(_FORCE_VOICE.search(lowered)) or (force is not None and _force_acts(force, lowered))
    placeholder = bool(_PLACEHOLDER.search(lowered))
    # The force's fields (update, owner, status...) answer; its voice alone ("we will") only across
    # several recommendations, and never on a page that says the plan is still to come.
    answers = has_topic and bool(answered) and (bool(fields) or (voice and len(answered) >= 2 and not placeholder))
    declaration = None
    if has_topic and not placeholder and (stalking or confident or "Suzy Lamplugh Trust" in matched):
        declaration = _declaration(written, lowered, head, force, link_texts, bool(confident))
    responds = _TO_CHIEF_CONSTABLES[0] in matched or len(themes) >= STRONG_THEMES
    # A plan by its themes; not one that says the plan is still to come (news of the report quotes
    # the recommendations, and so names their themes and deadlines).
    plan = (has_topic and stalking >= MIN_STALKING_MENTIONS and responds and len(themes) >= MIN_THEMES
            and substance >= MIN_SUBSTANCE and not placeholder)

    basis = None
    if hard_other is None:
        if answers:
            basis = "answers"
        elif other_subject is None and plan:
            basis = "plan"  # substance on the page outranks a statement about it
        elif other_subject is None and declaration is not None:
            basis = "declares"
    missing = []
    if not has_topic:
        missing.append("the super-complaint (the Suzy Lamplugh Trust, the 2024 IOPC/HMICFRS/College of Policing "
                       "report, or its recommendations quoted)")
    if basis is None and not answers and declaration is None:
        missing.append(_ANSWERED_REASON)
    return Reading(
        topic_score=round(topic, 2), substance_score=round(substance, 2), matched=tuple(matched),
        phrases=tuple(dict.fromkeys(phrases)), themes=themes, status_terms=status_terms, stalking_mentions=stalking,
        other_subject=other_subject, other_mentions=other_mentions, heading_subject=head_other,
        addressed=addressed, answer_fields=fields, declaration=declaration, placeholder=placeholder,
        basis=basis, missing=tuple(missing),
    )


_SUPER_COMPLAINT_LABELS = frozenset(label for label, _ in _OTHER_SUPER_COMPLAINTS)


def _topic_score(lowered: str) -> float:
    return sum(weight for _, pattern, weight in _TOPIC if pattern.search(lowered))


def _confidence(register: tuple[Recommendation, ...], item: Addressed) -> str:
    return next((r.confidence for r in register if r.id == item.recommendation), "gist")


def _declaration(written: str, lowered: str, head: str, force: Force | None, link_texts: Sequence[str],
                 quotes_report: bool) -> str | None:
    """The words where a text says it is the force's response or action plan, if it does (in its
    own words: a link saying so names another page)."""
    links = [norm(text) for text in link_texts if len(text) > 12]
    patterns: list[_Pattern | re.Pattern[str]] = [_DECLARES, *([_declares_for(force)] if force is not None else [])]
    for pattern in patterns:
        for found in pattern.finditer(lowered):
            words = found.group(0)
            if any(words in link or link in words for link in links):
                continue  # a link saying so names another page
            rest = lowered[:found.start()] + " " + lowered[found.end():]
            if not (quotes_report or _topic_score(rest) >= MIN_TOPIC or _topic_score(head) >= MIN_TOPIC):
                continue  # a line naming the response among other things ("Related pages: ..."), no more
            return _clip(written[found.start():found.end()])
    title = _TITLE_DECLARES.search(head)
    if title is not None:
        return f"its title: {_clip(head)}"
    return None


@cache
def _declares_for(force: Force) -> re.Pattern[str]:
    """'Kent Police's response to ...', 'the Merseyside Police response': the force naming its own."""
    names = "|".join(re.escape(name.lower()) for name in force.names if len(name) > 4)
    if not names:
        return re.compile(r"(?!)")
    return re.compile(rf"\b(?:{names})(?:'s|s')? (?:[a-z-]+ )?{_PLAN_WORDS}\b[^.|]{{0,100}}?\b{_TOPIC_WORDS}"
                      rf"|\b(?:{names}) (?:has|have) (?:now )?published (?:an|its|our|the|a) (?:[a-z-]+ )?{_PLAN_WORDS}\b")


@cache
def _acts_for(force: Force) -> re.Pattern[str]:
    names = "|".join(re.escape(name.lower()) for name in force.names if len(name) > 4)
    return re.compile(rf"\b(?:{names}) (?:has|have|will|is|are|now)\b") if names else re.compile(r"(?!)")


def _force_acts(force: Force, lowered: str) -> bool:
    return bool(_acts_for(force).search(lowered))


def _clip(text: str, limit: int = 140) -> str:
    text = text.strip(" |")
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def plan_documents(page: PageText) -> list[str]:
    """Links on the page to documents that look like the plan (PDF, DOCX, ODT), in page order."""
    found = []
    for url, text in page.links:
        lowered = text.lower()  # every _DOCUMENT_LINK_TEXT match holds "pdf", "doc" or "odt"
        is_document = kind_from_name(url) is not None or (
            ("pdf" in lowered or "doc" in lowered or "odt" in lowered) and _DOCUMENT_LINK_TEXT.search(norm(text)))
        if is_document and (_PLAN_LINK.search(norm(text)) or _PLAN_LINK.search(urlsplit(url).path.lower())):
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
    same_title = bool(page.title) and norm(page.title) == norm(other.title)
    same_place = result.redirected and probe.redirected and result.final_url == probe.final_url
    soft = same_place or similarity >= PROBE_SIMILAR or (same_title and similarity >= PROBE_SIMILAR_SAME_TITLE)
    summary = (f"the host answers {code} for a path that cannot exist; this page is {similarity:.0%} similar to that answer"
               + (" and has the same title" if same_title else "")
               + (f" and both end at {probe.final_url}" if same_place else ""))
    return ProbeComparison(probe.url, code, round(similarity, 3), same_title, soft, summary)


# -- verdicts ----------------------------------------------------------------------------------------


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


def verify_text(text: str, *, source: str, heading: str = "", force: Force | None = None,
                where: str = "document") -> Verdict:
    """Verify a document's (or a page's main) text on its own."""
    register = bundled()
    reading = read_text(text, heading=heading or text[:200], force=force, register=register, where=where)
    evidence = {"source": source, **reading.evidence()}
    if reading.is_response:
        coverage = coverage_of([(where, text)], register)
        evidence.update(coverage.evidence())
        return Verdict(Status.PUBLISHED, f"{source} is the stalking super-complaint response ({_why_published(reading, coverage)})",
                       score=reading.score, evidence=evidence, text=text)
    return Verdict(Status.NOT_RESPONSE, f"{source} is not the stalking super-complaint response: {_shortfall(reading)}",
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
        verdict = _verify_document_body(result, kind, evidence, label="the document", force=force,
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
    off_site = None
    if force is not None and not _on_force_site(result.final_url, force):
        off_site = urlsplit(result.final_url).hostname
        evidence["off_site"] = off_site
    # Read first (pure and cheap): a page's own content can overrule a stray phrase, and the
    # evidence shows what every page said, whatever decided its verdict.
    reading = read_text(page.main_text, heading=f"{page.title} {page.h1}", force=force,
                        link_texts=[text for _, text in page.links])
    evidence.update(reading.evidence())
    plan_urls = plan_documents(page)
    documents = documents or {}
    docs = [(url, _verify_document(documents[url], url, extracted.get(url), force)) for url in plan_urls if url in documents]
    if docs:
        evidence["documents"] = [_document_evidence(url, doc) for url, doc in docs]
    unchecked = [url for url in plan_urls if url not in documents]
    if unchecked:
        evidence["documents_not_checked"] = unchecked
    comparison = compare_with_probe(page, result, probe, probe_page) if probe is not None else None
    if comparison is not None:
        evidence["probe"] = comparison.evidence()
    case = _Case(result, page, reading, force, requested_url or result.url, comparison, plan_urls, docs, unchecked, off_site)
    for rule in RULES:
        finding = rule.check(case)
        if finding is not None:
            return _verdict(case, rule, finding, evidence)
    raise AssertionError("the last rule always applies")  # pragma: no cover


# -- the rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    """Everything a rule may look at for one page."""

    result: FetchResult
    page: PageText
    reading: Reading
    force: Force | None
    requested: str
    comparison: ProbeComparison | None
    plan_urls: Sequence[str]
    docs: Sequence[tuple[str, Verdict]]  # the plan documents it links, each verified
    unchecked: Sequence[str]  # plan documents it links that were not fetched
    off_site: str | None  # the page's host, when it is not one of the force's domains


@dataclass(frozen=True)
class Finding:
    """What one rule decided: the status, the reason a person reads, and what the page is."""

    status: Status
    reason: str
    kind: str
    more: dict[str, Any] = field(default_factory=dict)  # evidence the rule adds
    decided_by: Verdict | None = None  # the plan document that decided, for a landing page


@dataclass(frozen=True)
class Rule:
    """One named check: what it looks at is its docstring; check() returns a Finding or None."""

    name: str
    check: Callable[[_Case], Finding | None]


def _verdict(case: _Case, rule: Rule, finding: Finding, evidence: dict[str, Any]) -> Verdict:
    evidence.update(page_kind=finding.kind, rule=rule.name, **finding.more)
    warnings = tuple(f"plan document dead: {url}" for url, doc in case.docs if doc.status in _DEAD)
    if finding.status is not Status.PUBLISHED:
        return Verdict(finding.status, finding.reason, score=case.reading.score, evidence=evidence, warnings=warnings)
    source = finding.decided_by
    texts = [("page", case.page.main_text)] if source is None or case.reading.is_response else []
    texts += [(_name(url), doc.text) for url, doc in case.docs if doc.status is Status.PUBLISHED and doc.text]
    coverage = coverage_of(texts, bundled())
    evidence.update(coverage.evidence())
    reason = finding.reason
    if coverage.addressed and "answers" not in reason:
        reason += f"; it answers {_labels(coverage)}"
    return Verdict(Status.PUBLISHED, reason, score=source.score if source else case.reading.score, evidence=evidence,
                   warnings=warnings, text=source.text if source else case.page.main_text)


_DEAD = (Status.BROKEN, Status.UNREACHABLE, Status.SOFT_404)


def _not_found_by_words(case: _Case) -> Finding | None:
    """The page says it was not found (title, heading, or the top of a short page)."""
    phrase = _not_found_phrase(case.page, is_response=case.reading.is_response)
    if phrase is None:
        return None
    also = "; it is the page the site serves for any unknown address" if _matches_probe(case) else ""
    return Finding(Status.SOFT_404, f"the page answers {case.result.status_code} but says '{phrase}'{also}", "not found",
                   {"not_found_phrase": phrase})


def _not_found_by_probe(case: _Case) -> Finding | None:
    """The page is what the host serves for an address that cannot exist (a soft 404)."""
    if case.comparison is None or not _matches_probe(case) or case.reading.is_response:
        return None
    return Finding(Status.SOFT_404, f"the page is what the site serves for any address that does not exist: "
                   f"{case.comparison.summary}", "not found")


def _homepage(case: _Case) -> Finding | None:
    """The link redirected to the site's homepage."""
    if case.result.redirected and _is_homepage(case.result.final_url) and not _is_homepage(case.requested):
        return Finding(Status.NOT_RESPONSE, f"the link redirects to the site's homepage ({case.result.final_url})", "homepage")
    return None


def _sign_in(case: _Case) -> Finding | None:
    """The link ends at a sign-in page: the response is not public there."""
    host = (urlsplit(case.result.final_url).hostname or "").lower()
    if host in _LOGIN_HOSTS:
        return Finding(Status.NOT_RESPONSE, f"the link ends at a sign-in page ({host})", "login")
    page = case.page
    if _LOGIN_TITLE.search(norm(f"{page.title} {page.h1}")) and (page.has_password_field or _LOGIN_TEXT.search(norm(page.main_text))):
        return Finding(Status.NOT_RESPONSE, "the page asks you to sign in; the response is not public there", "login")
    return None


def _needs_javascript(case: _Case) -> Finding | None:
    """An empty JavaScript shell or a cookie-consent wall: we could not read the page, so we cannot
    say it is not the response (blocked: unverified, never counted as missing)."""
    page = case.page
    if case.plan_urls or len(page.main_text) >= 3 * SHELL_MAX_CHARS:
        return None
    text = norm(page.main_text)
    if len(page.main_text) < SHELL_MAX_CHARS and (page.shell_markers or _SHELL_TEXT.search(text)):
        return Finding(Status.BLOCKED, "the page needs JavaScript and was not rendered: we could not verify it",
                       "empty shell", {"shell_markers": list(page.shell_markers)})
    if _COOKIE_WALL.search(text):
        return Finding(Status.BLOCKED, "the page shows only a cookie-consent wall: we could not verify what is behind it",
                       "cookie wall")
    return None


def _empty(case: _Case) -> Finding | None:
    """Almost no text at all, and no plan document to read."""
    if not case.plan_urls and len(case.page.main_text) < EMPTY_MAX_CHARS:
        return Finding(Status.NOT_RESPONSE, f"the page has almost no text ({len(case.page.main_text)} characters)", "empty")
    return None


def _search_results(case: _Case) -> Finding | None:
    """A list of search results."""
    page, parts = case.page, urlsplit(case.result.final_url)
    searchy_url = "search" in parts.path.lower() or any(k.lower() in _SEARCH_PARAMS for k, _ in parse_qsl(parts.query))
    searchy_title = bool(_SEARCH_TITLE.search(norm(page.h1)) or _SEARCH_TITLE.search(_title_part(page.title)))
    if searchy_title and (searchy_url or "result" in norm(page.main_text[:300])):
        return Finding(Status.NOT_RESPONSE, "the page is a list of search results, not the response", "search results")
    return None


def _foi(case: _Case) -> Finding | None:
    """A freedom-of-information disclosure (unless it answers the recommendations itself)."""
    page = case.page
    lead = norm(" ".join([page.title, page.h1, page.main_text[:NOT_FOUND_LEAD_CHARS]]))
    if case.reading.basis != "answers" and _FOI.search(lead) and _FOI_REQUEST.search(norm(page.main_text)):
        return Finding(Status.NOT_RESPONSE, "the page is a freedom-of-information disclosure, not the response", "FOI disclosure")
    return None


def _pcc(case: _Case) -> Finding | None:
    """The police and crime commissioner's page (off the force's site)."""
    page, url, force = case.page, case.result.final_url, case.force
    if force is not None and _on_force_site(url, force):
        return None
    host = (urlsplit(url).hostname or "").lower()
    if _PCC_HOST.search(host) or _PCC.search(norm(f"{page.title} | {page.h1}")):
        return Finding(Status.NOT_RESPONSE, f"the page is the police and crime commissioner's ({urlsplit(url).hostname}), "
                       "not the force's response", "PCC page")
    return None


def _another_site(case: _Case) -> Finding | None:
    """Off the force's site, a page that does not say it is the force's is someone else's: the
    national report itself, the NPCC's letter listing every force, the charity's, another force's."""
    force, page = case.force, case.page
    # Named where a page says whose it is (title, headings, opening), not in a list of all 43.
    own = " ".join([page.title, page.h1, *page.headings[:6], page.main_text[:NOT_FOUND_LEAD_CHARS]])
    if force is None or case.off_site is None or _names_force(own, force):
        return None
    return Finding(Status.NOT_RESPONSE, f"the page is on {case.off_site}, not {force.name}'s website, and does not say it is the force's",
                   "another site")


def _the_response(case: _Case) -> Finding | None:
    """The page itself is the response: it answers recommendations, says it is the plan, or is one.
    A page that only says so while linking plan documents is a landing page: they decide."""
    if not case.reading.is_response or _is_index(case.page):
        return None
    if case.reading.basis == "declares" and case.plan_urls:
        return None
    return Finding(Status.PUBLISHED, f"the page is the stalking super-complaint response ({_why_published(case.reading)})",
                   "response")


def _document_is_response(case: _Case) -> Finding | None:
    """A landing page or news item whose linked plan document is the response."""
    for url, doc in case.docs:
        if doc.status is Status.PUBLISHED:
            kind = KIND_LABELS.get(doc.evidence.get("document_kind", ""), "document")
            return Finding(Status.PUBLISHED, f"the page links the plan document {_name(url)} ({kind}), which is the "
                           f"response ({_why_published_evidence(doc.evidence)})", "landing page", decided_by=doc)
    return None


def _is_landing(case: _Case) -> bool:
    """A page about the plan (its topic, or a plan-like title) whose documents decide."""
    return bool(case.docs) and (case.reading.topic_score >= MIN_TOPIC
                                or bool(_PLAN_LINK.search(norm(f"{case.page.title} {case.page.h1}"))))


def _document_dead(case: _Case) -> Finding | None:
    """A landing page whose plan document is dead."""
    dead = [(url, doc) for url, doc in case.docs if doc.status in _DEAD]
    if _is_landing(case) and dead:
        url, doc = dead[0]
        return Finding(Status.BROKEN, f"the plan document is dead: {url} ({doc.reason})", "landing page")
    return None


def _document_blocked(case: _Case) -> Finding | None:
    """A landing page whose plan document could not be fetched."""
    blocked = [(url, doc) for url, doc in case.docs if doc.status is Status.BLOCKED]
    if _is_landing(case) and blocked:
        url, doc = blocked[0]
        return Finding(Status.BLOCKED, f"could not fetch the plan document {url}: {doc.reason}", "landing page")
    return None


def _document_not_response(case: _Case) -> Finding | None:
    """A landing page whose plan document is something else."""
    if not _is_landing(case):
        return None
    url, doc = case.docs[0]
    return Finding(Status.NOT_RESPONSE, f"the page's plan document {_name(url)} is not the stalking response: "
                   f"{_document_shortfall(doc)}", "landing page")


def _another_subject(case: _Case) -> Finding | None:
    """The page is about another super-complaint, VAWG, a PEEL inspection..."""
    if case.reading.other_subject:
        return Finding(Status.NOT_RESPONSE, f"the page is about {case.reading.other_subject}, not the stalking "
                       "super-complaint", "another subject")
    return None


def _several_super_complaints(case: _Case) -> Finding | None:
    """A page listing several super-complaints: an index, whose stalking entry is elsewhere."""
    reading = case.reading
    supers = [label for label in reading.other_mentions if label in _SUPER_COMPLAINT_LABELS]
    if len(supers) >= 2 and reading.topic_score >= MIN_TOPIC:
        return Finding(Status.NOT_RESPONSE, "the page lists several super-complaints; its stalking entry is not the "
                       "response itself", "index")
    return None


def _index(case: _Case) -> Finding | None:
    """Mostly link text: a section or hub page."""
    if _is_index(case.page):
        return Finding(Status.NOT_RESPONSE, "the page is an index of links (a section or hub page), not the response", "index")
    return None


def _unchecked_document(case: _Case) -> Finding | None:
    """The page is about the complaint and links a plan document nobody fetched (verify it)."""
    if case.unchecked and case.reading.topic_score >= MIN_TOPIC:
        return Finding(Status.NOT_RESPONSE, f"the page links a plan document that was not checked "
                       f"({_name(case.unchecked[0])}); verify the document itself", _kind_of(case))
    return None


def _placeholder(case: _Case) -> Finding | None:
    """The page promises the plan but does not contain it."""
    if case.reading.placeholder:
        news = " (a news story)" if _is_news(case) else ""
        return Finding(Status.NOT_RESPONSE, f"the page promises the plan but does not contain it{news}", "placeholder")
    return None


def _news(case: _Case) -> Finding | None:
    """A news story about the report or stalking, with no response in it."""
    if _is_news(case):
        never = "" if case.reading.topic_score >= MIN_TOPIC else " (it never mentions the super-complaint)"
        return Finding(Status.NOT_RESPONSE, f"the page is a news story, not the response{never}", "news")
    return None


def _heading_subject(case: _Case) -> Finding | None:
    """Not about the complaint, and its heading names another subject."""
    reading = case.reading
    if reading.topic_score < MIN_TOPIC and reading.heading_subject:
        return Finding(Status.NOT_RESPONSE, f"the page is about {reading.heading_subject}, not the stalking super-complaint",
                       "another subject")
    return None


def _stalking_page(case: _Case) -> Finding | None:
    """About stalking, but never about the complaint: advice, reporting, orders."""
    reading = case.reading
    if reading.topic_score < MIN_TOPIC and reading.stalking_mentions:
        return Finding(Status.NOT_RESPONSE, "the page is about stalking but never mentions the super-complaint "
                       "(a general stalking page)", "stalking page")
    return None


def _not_enough(case: _Case) -> Finding:
    """Whatever is left: it loads, but it is not the response; say what it lacks."""
    return Finding(Status.NOT_RESPONSE, f"the page loads but is not the super-complaint response: {_shortfall(case.reading)}",
                   _kind_of(case))


# First match decides. What a page *is* comes before what it says; the response itself before what
# it links; then, for everything that is not the response, the most specific reason.
RULES: tuple[Rule, ...] = (
    Rule("not found (its own words)", _not_found_by_words),
    Rule("not found (the host's answer for any address)", _not_found_by_probe),
    Rule("homepage after a redirect", _homepage),
    Rule("sign-in page", _sign_in),
    Rule("needs JavaScript or consent", _needs_javascript),
    Rule("almost empty", _empty),
    Rule("search results", _search_results),
    Rule("freedom-of-information disclosure", _foi),
    Rule("police and crime commissioner", _pcc),
    Rule("another site", _another_site),
    Rule("the response itself", _the_response),
    Rule("plan document is the response", _document_is_response),
    Rule("plan document dead", _document_dead),
    Rule("plan document blocked", _document_blocked),
    Rule("plan document is something else", _document_not_response),
    Rule("another subject", _another_subject),
    Rule("several super-complaints", _several_super_complaints),
    Rule("index of links", _index),
    Rule("plan document not checked", _unchecked_document),
    Rule("placeholder", _placeholder),
    Rule("news story", _news),
    Rule("heading names another subject", _heading_subject),
    Rule("general stalking page", _stalking_page),
    Rule("not enough", _not_enough),
)


# -- page kinds -------------------------------------------------------------------------------------


def _matches_probe(case: _Case) -> bool:
    # A single-page app serves its one shell everywhere: that is a shell, not a 404.
    return case.comparison is not None and case.comparison.soft_404 and not _is_shell(case.page)


def _is_shell(page: PageText) -> bool:
    text = norm(page.main_text)
    return (len(page.main_text) < SHELL_MAX_CHARS and bool(page.shell_markers or _SHELL_TEXT.search(text))) or (
        len(page.main_text) < 3 * SHELL_MAX_CHARS and bool(_COOKIE_WALL.search(text))) or len(page.main_text) < EMPTY_MAX_CHARS


def _not_found_phrase(page: PageText, *, is_response: bool = False) -> str | None:
    """The not-found wording in a page's title or heading, or at the top of a page short enough
    to be a not-found page (and that is not, on its own reading, the response)."""
    head = norm(f"{page.title} | {page.h1}")
    lead = page.main_text[:NOT_FOUND_LEAD_CHARS]
    trust_body = len(page.main_text) <= NOT_FOUND_MAX_MAIN_CHARS and not is_response
    says_so = (_NOT_FOUND.search(head) or _NOT_FOUND_TITLE.search(norm(page.h1))
               or _NOT_FOUND_TITLE.search(_title_part(page.title))
               or (trust_body and _NOT_FOUND.search(norm(" | ".join([*page.headings[:2], lead])))))
    if not says_so:
        return None
    # Quote the page's own words, its heading first: the clause around the wording, not our pattern.
    for text, patterns in ((page.h1, (_NOT_FOUND, _NOT_FOUND_TITLE)), *((h, (_NOT_FOUND,)) for h in page.headings[:4]),
                           (lead, (_NOT_FOUND,)), (page.title, (_NOT_FOUND, _NOT_FOUND_TITLE))):
        for pattern in patterns:
            found = pattern.search(norm(text))
            if found:
                return _sentence_around(text, found.group(0))
    return page.title


def _is_index(page: PageText) -> bool:
    return bool(page.main_text) and page.main_link_chars / len(page.main_text) >= INDEX_LINK_RATIO


def _is_news(case: _Case) -> bool:
    page = case.page
    return bool(_NEWS_PATH.search(urlsplit(case.result.final_url).path.lower())
                or _DATELINE.search(norm(page.main_text[len(page.h1):][:80]).strip()))


def _kind_of(case: _Case) -> str:
    reading = case.reading
    if reading.other_subject:
        return "another subject"
    if _is_index(case.page):
        return "index"
    if _is_news(case):
        return "news"
    if reading.placeholder:
        return "placeholder"
    if reading.topic_score < MIN_TOPIC:
        return "stalking page" if reading.stalking_mentions else "unrelated page"
    return "mentions the super-complaint"


def _why_published(reading: Reading, coverage: Coverage | None = None) -> str:
    """Why a text is the response, in words: what it answers, what it says it is, or its themes."""
    if reading.basis == "answers":
        labels = _labels(coverage) if coverage is not None else ", ".join(_label_of(item) for item in reading.answered[:4])
        fields = ", ".join(reading.answer_fields[:3])
        return f"it answers {labels} in the force's own words ({fields})"
    if reading.basis == "declares":
        return f"it says it is the force's response or plan: '{reading.declaration}'"
    return _why_published_evidence(reading.evidence())


def _why_published_evidence(evidence: Mapping[str, Any]) -> str:
    """'super-complaint, Suzy Lamplugh Trust; 11 recommendation themes' from reading evidence."""
    if evidence.get("basis") in ("answers", "declares") and evidence.get("recommendations_found"):
        found = [_label_by_id(rid) for rid in evidence["recommendations_found"] if rid != "publish-plan"]
        if found:
            return f"it answers {', '.join(found[:4])}" + (f" and {len(found) - 4} more" if len(found) > 4 else "")
    if evidence.get("basis") == "declares" and evidence.get("declaration"):
        return f"it says it is the force's response or plan: '{evidence['declaration']}'"
    topic_labels = {label for label, _, _ in _TOPIC} | {_JOINT_REPORT, _QUOTED_TOPIC}
    topic = [m for m in evidence.get("matched", []) if m in topic_labels]
    return f"{', '.join(topic[:2]) or 'the report'}; {len(evidence.get('themes', []))} recommendation themes"


def _labels(coverage: Coverage | None) -> str:
    if coverage is None:
        return "the report's recommendations"
    found = [_label_by_id(item.recommendation) for item in coverage.addressed if item.recommendation != "publish-plan"]
    if not found:
        return "the recommendation to publish a plan"
    return ", ".join(found[:4]) + (f" and {len(found) - 4} more" if len(found) > 4 else "")


def _label_of(item: Addressed) -> str:
    return _label_by_id(item.recommendation)


def _label_by_id(recommendation_id: str) -> str:
    for recommendation in bundled():
        if recommendation.id == recommendation_id:
            return recommendation.label if recommendation.number is not None else f"'{recommendation.title}'"
    return recommendation_id


def _shortfall(reading: Reading) -> str:
    if reading.other_subject:
        return f"it is about {reading.other_subject}"
    if reading.placeholder and not reading.is_response:
        return "it promises the plan but does not contain it"
    return "missing " + "; ".join(reading.missing) if reading.missing else "not enough evidence"


def _names_force(text: str, force: Force) -> bool:
    return bool(_force_names(force).search(text))


@cache
def _force_names(force: Force) -> re.Pattern[str]:
    # Short aliases ("Met", "GMP") only count as written; "we met" is not the Met.
    long_names = [re.escape(name) for name in force.names if len(name) > 4]
    short_names = [re.escape(name) for name in force.names if len(name) <= 4]
    parts = []
    if long_names:
        parts.append(rf"(?i:(?<!\w)(?:{'|'.join(long_names)})(?!\w))")
    if short_names:
        parts.append(rf"(?<!\w)(?:{'|'.join(short_names)})(?!\w)")
    return re.compile("|".join(parts) or r"(?!)")


def _not_the_forces(verdict: Verdict, result: FetchResult, force: Force) -> Verdict:
    host = urlsplit(result.final_url).hostname
    return Verdict(Status.NOT_RESPONSE, f"the document is on {host}, not {force.name}'s website, and never names the force",
                   score=verdict.score, evidence={**verdict.evidence, "off_site": host, "page_kind": "another site"})


# -- documents --------------------------------------------------------------------------------------


def _verify_document(result: FetchResult, url: str, text: str | None = None, force: Force | None = None) -> Verdict:
    """One linked plan document: dead, blocked, unreadable, the response, or something else.
    text: its text, when already extracted."""
    label = f"the plan document {_name(url)}"
    early = verdict_for_fetch(result)
    if early is not None:
        return early
    kind = document_kind(result.content_type, result.final_url, result.body)
    if kind is not None:
        return _verify_document_body(result, kind, {}, label=label, text=text, force=force, where=_name(url))
    if result.text is not None and "html" in (result.content_type or ""):
        # The document link answered a web page: a site's "not found" page, or the plan as HTML.
        page = read_page(result)
        phrase = _not_found_phrase(page)
        if phrase is not None:
            return Verdict(Status.SOFT_404, f"the link answers a page saying '{phrase}'", evidence={"not_found_phrase": phrase})
        return verify_text(page.main_text, source=label, heading=f"{page.title} {page.h1}", force=force, where=_name(url))
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


def _on_force_site(url: str, force: Force) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in force.domains)


def _is_homepage(url: str) -> bool:
    path = urlsplit(url).path.rstrip("/").lower()
    return path in _HOMEPAGE_PATHS


def _title_part(title: str) -> str:
    """The page's own part of a title like 'Page not found | Kent Police'."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    return norm(parts[0] if parts else title)


def _path_words(url: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", urlsplit(url).path.lower()) if w}


def _similarity(a: str, b: str, noise: set[str]) -> float:
    """Jaccard similarity of word trigrams, ignoring words from the URLs (sites echo the path)."""
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = [w for w in re.findall(r"\w+", norm(text)) if w not in noise]
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
        if match in norm(clause):
            clause = clause.strip(" |")
            return clause if len(clause) <= 120 else clause[:117] + "..."
    return match


def _name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1] or url


def _fetch_evidence(result: FetchResult) -> dict[str, Any]:
    return {
        "final_url": result.final_url,
        "http_status": result.status_code,
        "redirects": [hop.url for hop in result.hops[:-1]],
    }
