"""Reading a text (a page's main text, or a plan document's) against the report: its topic, the
recommendations it quotes or names, the force's own words beside them, whether it says it is the
response, and what it is about instead. Pure; the verdict is rules.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from .coverage import find_addressed, written_forms
from .documents import kind_from_name
from .models import Addressed, Force, Recommendation
from .pagetext import PageText, norm
from .patterns import Pattern
from .recommendations import bundled
from .signals import (
    ANSWER_FIELDS, AUTHORS, DEADLINES, DECLARES, DOCUMENT_LINK_TEXT, FORCE_VOICE, JOINT_REPORT,
    JOINT_REPORT_WEIGHT, MAX_STATUS_TERMS, MIN_STALKING_MENTIONS, MIN_SUBSTANCE, MIN_THEMES, MIN_TOPIC,
    OTHER_SUBJECTS, OTHER_SUPER_COMPLAINTS, PLACEHOLDER, PLAN_LINK, PLAN_WORDS, STALKING, STATUS_TERMS,
    STATUS_WEIGHT, STRONG_THEMES, THEMES, THEME_WEIGHT, TITLE_DECLARES, TOPIC, TOPIC_WORDS, TO_CHIEF_CONSTABLES,
)


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


# -- reading a text ----------------------------------------------------------------------------------

QUOTED_TOPIC = "the report's recommendations, quoted"
ANSWERED_REASON = "an answer to one of the report's recommendations to chief constables in the force's own words " \
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
    addressed = find_addressed(text, register, where=where)
    confident = [item for item in addressed if item.how == "quoted" and _confidence(register, item) != "gist"]
    topic, matched, phrases = _topic(written, lowered, confident)
    substance, themes, status_terms = _plan_substance(written, lowered, matched, phrases)
    stalking = len(STALKING.findall(lowered))
    other_subject, other_mentions, head_other = _subject(lowered, head, stalking)

    has_topic = topic >= MIN_TOPIC
    fields = tuple(label for label, pattern in ANSWER_FIELDS if pattern.search(lowered))
    answered = [item for item in addressed if item.recommendation != "publish-plan"]
    voice = bool(FORCE_VOICE.search(lowered)) or (force is not None and _force_acts(force, lowered))
    placeholder = bool(PLACEHOLDER.search(lowered))
    # The force's fields (update, owner, status...) answer; its voice alone ("we will") only across
    # several recommendations, and never on a page that says the plan is still to come.
    answers = has_topic and bool(answered) and (bool(fields) or (voice and len(answered) >= 2 and not placeholder))
    declaration = None
    if has_topic and not placeholder and (stalking or confident or "Suzy Lamplugh Trust" in matched):
        declaration = _declaration(written, lowered, head, force, link_texts, bool(confident))
    responds = TO_CHIEF_CONSTABLES[0] in matched or len(themes) >= STRONG_THEMES
    # A plan by its themes; not one that says the plan is still to come (news of the report quotes
    # the recommendations, and so names their themes and deadlines).
    plan = (has_topic and stalking >= MIN_STALKING_MENTIONS and responds and len(themes) >= MIN_THEMES
            and substance >= MIN_SUBSTANCE and not placeholder)
    basis = _basis(answers=answers, plan=plan, declares=declaration is not None, other_subject=other_subject)
    missing = []
    if not has_topic:
        missing.append("the super-complaint (the Suzy Lamplugh Trust, the 2024 IOPC/HMICFRS/College of Policing "
                       "report, or its recommendations quoted)")
    if basis is None and not answers and declaration is None:
        missing.append(ANSWERED_REASON)
    return Reading(
        topic_score=round(topic, 2), substance_score=round(substance, 2), matched=tuple(matched),
        phrases=tuple(dict.fromkeys(phrases)), themes=themes, status_terms=status_terms, stalking_mentions=stalking,
        other_subject=other_subject, other_mentions=other_mentions, heading_subject=head_other,
        addressed=addressed, answer_fields=fields, declaration=declaration, placeholder=placeholder,
        basis=basis, missing=tuple(missing),
    )


def _topic(written: str, lowered: str, confident: Sequence[Addressed]) -> tuple[float, list[str], list[str]]:
    """How plainly the text is about the complaint or the report: its score, labels and words."""
    matched: list[str] = []
    phrases: list[str] = []
    topic = 0.0
    for label, pattern, weight in TOPIC:
        found = pattern.search(lowered)
        if found:
            topic += weight
            matched.append(label)
            phrases.append(written[found.start():found.end()])
    if all(author.search(lowered) for author in AUTHORS):
        topic += JOINT_REPORT_WEIGHT
        matched.append(JOINT_REPORT)
    # The recommendations' wording is the report's own: a text quoting it is about the report.
    if confident:
        topic += MIN_TOPIC
        matched.append(QUOTED_TOPIC)
        phrases.extend(item.quote for item in confident[:3])
    return topic, matched, phrases


def _plan_substance(written: str, lowered: str, matched: list[str],
                    phrases: list[str]) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """The plan-by-themes score: the report's deadlines and addressees, themes, tracking terms
    (adds its labels and words to `matched` and `phrases`)."""
    substance = 0.0
    for label, pattern, weight in (TO_CHIEF_CONSTABLES, DEADLINES):
        found = pattern.search(lowered)
        if found:
            substance += weight
            matched.append(label)
            phrases.append(written[found.start():found.end()])
    themes = tuple(label for label, pattern in THEMES if pattern.search(lowered))
    status_terms = tuple(label for label, pattern in STATUS_TERMS if pattern.search(lowered))
    substance += THEME_WEIGHT * len(themes) + STATUS_WEIGHT * min(len(status_terms), MAX_STATUS_TERMS)
    return substance, themes, status_terms


def _subject(lowered: str, head: str, stalking: int) -> tuple[str | None, tuple[str, ...], str | None]:
    """(what the text is about instead of stalking, every other subject it names, another subject its
    heading names). The heading decides; without one saying stalking, the subject named most."""
    other_mentions = tuple(label for label, pattern in OTHER_SUBJECTS if pattern.search(lowered))
    head_other = next((label for label, pattern in OTHER_SUBJECTS if pattern.search(head)), None)
    if STALKING.search(head):
        return None, other_mentions, head_other
    if head_other is not None:
        return head_other, other_mentions, head_other
    counts = {label: len(pattern.findall(lowered)) if label in other_mentions else 0 for label, pattern in OTHER_SUBJECTS}
    top = max(counts, key=lambda label: counts[label])
    if counts[top] >= MIN_STALKING_MENTIONS and counts[top] > stalking:
        return top, other_mentions, head_other
    return None, other_mentions, head_other


def _basis(*, answers: bool, plan: bool, declares: bool, other_subject: str | None) -> str | None:
    """Why the text is the response, strongest first; another super-complaint rules all out, and
    another subject (VAWG, PEEL) all but answering the report's own recommendations."""
    if other_subject in SUPER_COMPLAINT_LABELS:
        return None
    if answers:
        return "answers"
    if other_subject is not None:
        return None
    if plan:
        return "plan"  # substance on the page outranks a statement about it
    return "declares" if declares else None


SUPER_COMPLAINT_LABELS = frozenset(label for label, _ in OTHER_SUPER_COMPLAINTS)


def _topic_score(lowered: str) -> float:
    return sum(weight for _, pattern, weight in TOPIC if pattern.search(lowered))


def _confidence(register: tuple[Recommendation, ...], item: Addressed) -> str:
    return next((r.confidence for r in register if r.id == item.recommendation), "gist")


def _declaration(written: str, lowered: str, head: str, force: Force | None, link_texts: Sequence[str],
                 quotes_report: bool) -> str | None:
    """The words where a text says it is the force's response or action plan, if it does (in its
    own words: a link saying so names another page)."""
    links: list[str] | None = None  # normalised when first needed: most pages declare nothing
    patterns: list[Pattern | _Named] = [DECLARES, *([_declares_for(force)] if force is not None else [])]
    for pattern in patterns:
        for found in pattern.finditer(lowered):
            words = found.group(0)
            if links is None:
                links = [norm(text) for text in link_texts if len(text) > 12]
            if any(words in link or link in words for link in links):
                continue  # a link saying so names another page
            rest = lowered[:found.start()] + " " + lowered[found.end():]
            if not (quotes_report or _topic_score(rest) >= MIN_TOPIC or _topic_score(head) >= MIN_TOPIC):
                continue  # a line naming the response among other things ("Related pages: ..."), no more
            return _clip(written[found.start():found.end()])
    title = TITLE_DECLARES.search(head)
    if title is not None:
        return f"its title: {_clip(head)}"
    return None


# The force naming its own plan: its name, then one of these. Compiled once for every force: a
# pattern per force with its names inside cost 0.5 ms to compile, once a link at 1,000 forces.
_DECLARES_AFTER_NAME = (
    re.compile(rf"(?:'s|s')? (?:[a-z-]+ )?{PLAN_WORDS}\b[^.|]{{0,100}}?\b{TOPIC_WORDS}"),
    re.compile(rf" (?:has|have) (?:now )?published (?:an|its|our|the|a) (?:[a-z-]+ )?{PLAN_WORDS}\b"),
)
_ACTS_AFTER_NAME = (re.compile(r" (?:has|have|will|is|are|now)\b"),)
_BOUNDARY = re.compile(r"\b")


@dataclass(frozen=True)
class _Found:
    """Where a force's name and what follows it matched: what _declaration reads of a match."""

    where: tuple[int, int]
    text: str

    def span(self) -> tuple[int, int]:
        return self.where

    def start(self) -> int:
        return self.where[0]

    def end(self) -> int:
        return self.where[1]

    def group(self, index: int = 0) -> str:
        assert index == 0
        return self.text[self.where[0]:self.where[1]]


@dataclass(frozen=True)
class _Named:
    """`\\b(?:name|name...)TAIL|\\b(?:name|name...)TAIL2...` with the force's names, matched
    as that one regex would match it (the same matches, in the same order), without compiling it:
    at each place a name starts on a word boundary, in order, each tail in turn with each name in
    turn (longest first, as the alternation lists them), the first that matches wins; the next
    search starts where that match ended."""

    names: tuple[str, ...]
    tails: tuple[re.Pattern[str], ...]

    def finditer(self, text: str) -> list[_Found]:
        starts: set[int] = set()
        for name in self.names:
            at = text.find(name)
            while at >= 0:
                starts.add(at)
                at = text.find(name, at + 1)
        found: list[_Found] = []
        cursor = 0
        for start in sorted(starts):
            if start < cursor or not _BOUNDARY.match(text, start):
                continue
            end = self._match_at(text, start)
            if end is not None:
                found.append(_Found((start, end), text))
                cursor = end
        return found

    def _match_at(self, text: str, start: int) -> int | None:
        for tail in self.tails:
            for name in self.names:
                if text.startswith(name, start):
                    after = tail.match(text, start + len(name))
                    if after is not None:
                        return after.end()
        return None

    def search(self, text: str) -> _Found | None:
        found = self.finditer(text)
        return found[0] if found else None


@cache
def _declares_for(force: Force) -> _Named:
    """'Kent Police's response to ...', 'GMP's action plan in response to ...': the force naming its own
    (short aliases too: followed by "'s response to ... super-complaint" they are not ordinary words)."""
    return _Named(tuple(name.lower() for name in force.names if len(name) > 2), _DECLARES_AFTER_NAME)


@cache
def _acts_for(force: Force) -> _Named:
    return _Named(tuple(name.lower() for name in force.names if len(name) > 4), _ACTS_AFTER_NAME)


def _force_acts(force: Force, lowered: str) -> bool:
    return _acts_for(force).search(lowered) is not None


def _clip(text: str, limit: int = 140) -> str:
    text = text.strip(" |")
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def plan_documents(page: PageText) -> list[str]:
    """Links on the page to documents that look like the plan (PDF, DOCX, ODT), in page order."""
    found = []
    for url, text in page.links:
        # Every document suffix and every DOCUMENT_LINK_TEXT match holds "pdf", "doc" or "odt": three
        # substring tests in C rule out a menu link (a page has 50-100) before any work in Python.
        either = (url + " " + text).lower()
        if "pdf" not in either and "doc" not in either and "odt" not in either:
            continue
        lowered = text.lower()
        is_document = kind_from_name(url) is not None or (
            ("pdf" in lowered or "doc" in lowered or "odt" in lowered) and DOCUMENT_LINK_TEXT.search(norm(text)))
        if is_document and (PLAN_LINK.search(norm(text)) or PLAN_LINK.search(urlsplit(url).path.lower())):
            found.append(url.split("#", 1)[0])
    return list(dict.fromkeys(found))

