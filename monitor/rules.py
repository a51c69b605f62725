"""The verdict's rules: a table of small named checks (RULES), evaluated in order by verify.py;
the first that applies decides. Each returns a Finding (the status, the reason a person reads and
the page's kind) or None, so the label and the reason come from the same rule and cannot disagree.

What a page *is* (not found, homepage, sign-in, needs JavaScript, search results, FOI, PCC,
another site) comes before what it *says* (the response itself), then what it links (its plan
documents), then, for everything that is not the response, the most specific reason why not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .documents import KIND_LABELS
from .models import FetchResult, Force, Status, Verdict
from .pagekinds import (
    ProbeComparison,
    file_name,
    is_homepage,
    is_index,
    is_shell,
    names_force,
    not_found_phrase,
    on_force_site,
    title_part,
)
from .pagetext import PageText, norm
from .reading import SUPER_COMPLAINT_LABELS, Reading
from .signals import (
    COOKIE_WALL,
    DATELINE,
    EMPTY_MAX_CHARS,
    FOI,
    FOI_REQUEST,
    LOGIN_HOSTS,
    LOGIN_TEXT,
    LOGIN_TITLE,
    MIN_TOPIC,
    NEWS_PATH,
    NOT_FOUND_LEAD_CHARS,
    PCC,
    PCC_HOST,
    PLAN_LINK,
    SEARCH_PARAMS,
    SEARCH_TITLE,
    SHELL_MAX_CHARS,
    SHELL_TEXT,
)
from .wording import (
    document_shortfall,
    shortfall,
    why_published,
    why_published_evidence,
)

# -- the rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
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
    check: Callable[[Case], Finding | None]


DEAD = (Status.BROKEN, Status.UNREACHABLE, Status.SOFT_404)


def _not_found_by_words(case: Case) -> Finding | None:
    """The page says it was not found (title, heading, or the top of a short page)."""
    phrase = not_found_phrase(case.page, is_response=case.reading.is_response)
    if phrase is None:
        return None
    also = "; it is the page the site serves for any unknown address" if _matches_probe(case) else ""
    return Finding(Status.SOFT_404, f"the page answers {case.result.status_code} but says '{phrase}'{also}", "not found",
                   {"not_found_phrase": phrase})


def _not_found_by_probe(case: Case) -> Finding | None:
    """The page is what the host serves for an address that cannot exist (a soft 404)."""
    if case.comparison is None or not _matches_probe(case) or case.reading.is_response:
        return None
    return Finding(Status.SOFT_404, f"the page is what the site serves for any address that does not exist: "
                   f"{case.comparison.summary}", "not found")


def _homepage(case: Case) -> Finding | None:
    """The link redirected to the site's homepage."""
    if case.result.redirected and is_homepage(case.result.final_url) and not is_homepage(case.requested):
        return Finding(Status.NOT_RESPONSE, f"the link redirects to the site's homepage ({case.result.final_url})", "homepage")
    return None


def _sign_in(case: Case) -> Finding | None:
    """The link ends at a sign-in page: the response is not public there."""
    host = (urlsplit(case.result.final_url).hostname or "").lower()
    if host in LOGIN_HOSTS:
        return Finding(Status.NOT_RESPONSE, f"the link ends at a sign-in page ({host})", "login")
    page = case.page
    if LOGIN_TITLE.search(norm(f"{page.title} {page.h1}")) and (page.has_password_field or LOGIN_TEXT.search(norm(page.main_text))):
        return Finding(Status.NOT_RESPONSE, "the page asks you to sign in; the response is not public there", "login")
    return None


def _needs_javascript(case: Case) -> Finding | None:
    """An empty JavaScript shell or a cookie-consent wall: we could not read the page, so we cannot
    say it is not the response (blocked: unverified, never counted as missing)."""
    page = case.page
    if case.plan_urls or len(page.main_text) >= 3 * SHELL_MAX_CHARS:
        return None
    text = norm(page.main_text)
    if len(page.main_text) < SHELL_MAX_CHARS and (page.shell_markers or SHELL_TEXT.search(text)):
        return Finding(Status.BLOCKED, "the page needs JavaScript and was not rendered: we could not verify it",
                       "empty shell", {"shell_markers": list(page.shell_markers)})
    if COOKIE_WALL.search(text):
        return Finding(Status.BLOCKED, "the page shows only a cookie-consent wall: we could not verify what is behind it",
                       "cookie wall")
    return None


def _empty(case: Case) -> Finding | None:
    """Almost no text at all, and no plan document to read."""
    if not case.plan_urls and len(case.page.main_text) < EMPTY_MAX_CHARS:
        return Finding(Status.NOT_RESPONSE, f"the page has almost no text ({len(case.page.main_text)} characters)", "empty")
    return None


def _search_results(case: Case) -> Finding | None:
    """A list of search results."""
    page, parts = case.page, urlsplit(case.result.final_url)
    searchy_url = "search" in parts.path.lower() or any(k.lower() in SEARCH_PARAMS for k, _ in parse_qsl(parts.query))
    searchy_title = bool(SEARCH_TITLE.search(norm(page.h1)) or SEARCH_TITLE.search(title_part(page.title)))
    if searchy_title and (searchy_url or "result" in norm(page.main_text[:300])):
        return Finding(Status.NOT_RESPONSE, "the page is a list of search results, not the response", "search results")
    return None


def _foi(case: Case) -> Finding | None:
    """A freedom-of-information disclosure (unless it answers the recommendations itself)."""
    page = case.page
    lead = norm(" ".join([page.title, page.h1, page.main_text[:NOT_FOUND_LEAD_CHARS]]))
    if case.reading.basis != "answers" and FOI.search(lead) and FOI_REQUEST.search(norm(page.main_text)):
        return Finding(Status.NOT_RESPONSE, "the page is a freedom-of-information disclosure, not the response", "FOI disclosure")
    return None


def _pcc(case: Case) -> Finding | None:
    """The police and crime commissioner's page (off the force's site)."""
    page, url, force = case.page, case.result.final_url, case.force
    if force is not None and on_force_site(url, force):
        return None
    host = (urlsplit(url).hostname or "").lower()
    if PCC_HOST.search(host) or PCC.search(norm(f"{page.title} | {page.h1}")):
        return Finding(Status.NOT_RESPONSE, f"the page is the police and crime commissioner's ({urlsplit(url).hostname}), "
                       "not the force's response", "PCC page")
    return None


def _another_site(case: Case) -> Finding | None:
    """Off the force's site, a page that does not say it is the force's is someone else's: the
    national report itself, the NPCC's letter listing every force, the charity's, another force's."""
    force, page = case.force, case.page
    # Named where a page says whose it is (title, headings, opening), not in a list of all 43.
    own = " ".join([page.title, page.h1, *page.headings[:6], page.main_text[:NOT_FOUND_LEAD_CHARS]])
    if force is None or case.off_site is None or names_force(own, force):
        return None
    return Finding(Status.NOT_RESPONSE, f"the page is on {case.off_site}, not {force.name}'s website, and does not say it is the force's",
                   "another site")


def _the_response(case: Case) -> Finding | None:
    """The page itself is the response: it answers recommendations, says it is the plan, or is one.
    A page that only says so while linking plan documents is a landing page: they decide."""
    if not case.reading.is_response or is_index(case.page):
        return None
    if case.reading.basis == "declares" and case.plan_urls:
        return None
    return Finding(Status.PUBLISHED, f"the page is the stalking super-complaint response ({why_published(case.reading)})",
                   "response")


def _document_is_response(case: Case) -> Finding | None:
    """A landing page or news item whose linked plan document is the response."""
    for url, doc in case.docs:
        if doc.status is Status.PUBLISHED:
            kind = KIND_LABELS.get(doc.evidence.get("document_kind", ""), "document")
            return Finding(Status.PUBLISHED, f"the page links the plan document {file_name(url)} ({kind}), which is the "
                           f"response ({why_published_evidence(doc.evidence)})", "landing page", decided_by=doc)
    return None


def _is_landing(case: Case) -> bool:
    """A page about the plan (its topic, or a plan-like title) whose documents decide."""
    return bool(case.docs) and (case.reading.topic_score >= MIN_TOPIC
                                or bool(PLAN_LINK.search(norm(f"{case.page.title} {case.page.h1}"))))


def _document_dead(case: Case) -> Finding | None:
    """A landing page whose plan document is dead."""
    dead = [(url, doc) for url, doc in case.docs if doc.status in DEAD]
    if _is_landing(case) and dead:
        url, doc = dead[0]
        return Finding(Status.BROKEN, f"the plan document is dead: {url} ({doc.reason})", "landing page")
    return None


def _document_blocked(case: Case) -> Finding | None:
    """A landing page whose plan document could not be fetched."""
    blocked = [(url, doc) for url, doc in case.docs if doc.status is Status.BLOCKED]
    if _is_landing(case) and blocked:
        url, doc = blocked[0]
        return Finding(Status.BLOCKED, f"could not fetch the plan document {url}: {doc.reason}", "landing page")
    return None


def _document_not_response(case: Case) -> Finding | None:
    """A landing page whose plan document is something else."""
    if not _is_landing(case):
        return None
    url, doc = case.docs[0]
    return Finding(Status.NOT_RESPONSE, f"the page's plan document {file_name(url)} is not the stalking response: "
                   f"{document_shortfall(doc)}", "landing page")


def _another_subject(case: Case) -> Finding | None:
    """The page is about another super-complaint, VAWG, a PEEL inspection..."""
    if case.reading.other_subject:
        return Finding(Status.NOT_RESPONSE, f"the page is about {case.reading.other_subject}, not the stalking "
                       "super-complaint", "another subject")
    return None


def _several_super_complaints(case: Case) -> Finding | None:
    """A page listing several super-complaints: an index, whose stalking entry is elsewhere."""
    reading = case.reading
    supers = [label for label in reading.other_mentions if label in SUPER_COMPLAINT_LABELS]
    if len(supers) >= 2 and reading.topic_score >= MIN_TOPIC:
        return Finding(Status.NOT_RESPONSE, "the page lists several super-complaints; its stalking entry is not the "
                       "response itself", "index")
    return None


def _index(case: Case) -> Finding | None:
    """Mostly link text: a section or hub page."""
    if is_index(case.page):
        return Finding(Status.NOT_RESPONSE, "the page is an index of links (a section or hub page), not the response", "index")
    return None


def _unchecked_document(case: Case) -> Finding | None:
    """The page is about the complaint and links a plan document nobody fetched (verify it)."""
    if case.unchecked and case.reading.topic_score >= MIN_TOPIC:
        return Finding(Status.NOT_RESPONSE, f"the page links a plan document that was not checked "
                       f"({file_name(case.unchecked[0])}); verify the document itself", _kind_of(case))
    return None


def _placeholder(case: Case) -> Finding | None:
    """The page promises the plan but does not contain it."""
    if case.reading.placeholder:
        news = " (a news story)" if _is_news(case) else ""
        return Finding(Status.NOT_RESPONSE, f"the page promises the plan but does not contain it{news}", "placeholder")
    return None


def _news(case: Case) -> Finding | None:
    """A news story about the report or stalking, with no response in it."""
    if _is_news(case):
        never = "" if case.reading.topic_score >= MIN_TOPIC else " (it never mentions the super-complaint)"
        return Finding(Status.NOT_RESPONSE, f"the page is a news story, not the response{never}", "news")
    return None


def _heading_subject(case: Case) -> Finding | None:
    """Not about the complaint, and its heading names another subject."""
    reading = case.reading
    if reading.topic_score < MIN_TOPIC and reading.heading_subject:
        return Finding(Status.NOT_RESPONSE, f"the page is about {reading.heading_subject}, not the stalking super-complaint",
                       "another subject")
    return None


def _stalking_page(case: Case) -> Finding | None:
    """About stalking, but never about the complaint: advice, reporting, orders."""
    reading = case.reading
    if reading.topic_score < MIN_TOPIC and reading.stalking_mentions:
        return Finding(Status.NOT_RESPONSE, "the page is about stalking but never mentions the super-complaint "
                       "(a general stalking page)", "stalking page")
    return None


def _not_enough(case: Case) -> Finding:
    """Whatever is left: it loads, but it is not the response; say what it lacks."""
    return Finding(Status.NOT_RESPONSE, f"the page loads but is not the super-complaint response: {shortfall(case.reading)}",
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


def _matches_probe(case: Case) -> bool:
    # A single-page app serves its one shell everywhere: that is a shell, not a 404.
    return case.comparison is not None and case.comparison.soft_404 and not is_shell(case.page)


def _is_news(case: Case) -> bool:
    page = case.page
    return bool(NEWS_PATH.search(urlsplit(case.result.final_url).path.lower())
                or DATELINE.search(norm(page.main_text[len(page.h1):][:80]).strip()))


def _kind_of(case: Case) -> str:
    reading = case.reading
    if reading.other_subject:
        return "another subject"
    if is_index(case.page):
        return "index"
    if _is_news(case):
        return "news"
    if reading.placeholder:
        return "placeholder"
    if reading.topic_score < MIN_TOPIC:
        return "stalking page" if reading.stalking_mentions else "unrelated page"
    return "mentions the super-complaint"


