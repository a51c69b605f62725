"""Which of the report's recommendations a text answers, where, and the latest update it states.

Pure: text and the register in, data out. Forces quote the recommendations to chief constables
(config/recommendations.toml) beside their own answers, but not as the report printed them: words
dropped or changed, "Chief Constables" capitalised, dates as "27/03/25", typos, table cells
flattened into one line. So each register phrase is found fuzzily (rapidfuzz), and only near the
rarer words it contains: a page is searched a few times per phrase, not at every character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz

from .models import Addressed, Recommendation
from .pagetext import plain
from .patterns import Pattern

# partial_ratio (0-100) at or above which a register phrase is taken as quoted. Measured on the
# test pages: verbatim quotes score 100, forces' variants (dropped "their", a typo, a paraphrased
# clause) 88-97, unrelated sentences sharing the anchor words under 75.
MIN_SIMILARITY = 86
# Phrases from a paraphrase of the report (confidence "gist") are general words: only near-verbatim.
MIN_SIMILARITY_GIST = 94
# Anchor words: a phrase is only compared where one of its two longest words occurs.
ANCHORS_PER_PHRASE = 2
MIN_ANCHOR_CHARS = 5
MAX_PLACES_PER_ANCHOR = 25
QUOTE_CHARS = 160

# Patterns (not bare re.compile): on a plan's text they are searched around their needles
# ("rec", a month's first letters), not at every character (see patterns.py).
_NUMBERED = Pattern(
    # "Recommendation 7", "Rec No. 7", "(recommendation 7)", "Recomendation 10" (a real misspelling)
    r"\b(?:recomm?endations?|rec)\b\.?\s*(?:no\.?|number|#)?\s*(\d{1,2})(?:\.\d{1,2})?\b(?![./]\d)"
    # the NPCC template's sub-parts: "7.1 - Evidence requirements of progress/completion"
    r"|(?<![\d.])(\d{1,2})\.\d{1,2}\s*[-:|]?\s*evidence requirements"
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YEAR = r"(20\d\d|\d\d)\b"
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
# Where a plan says when it was last brought up to date: "March 2026 update", "Update - March
# 2025", "Date: Nov-24", "Initial Constabulary Response 21st November 2024", "updated 3 March
# 2025". A deadline ("by 27 March 2025") is the report's date, not the force's, and never matches.
_UPDATES = (
    Pattern(rf"\b{_MONTH}[\s-]+{_YEAR}\s+(?:update|progress update|review)\b"),
    Pattern(rf"\b(?:update[ds]?|progress|response|reviewed|as at|as of|date)\b\s*(?:[-:]\s*)?(?:on\s+|as (?:at|of)\s+)?{_DAY}{_MONTH}[\s,-]+{_YEAR}"),
)


@dataclass(frozen=True)
class Coverage:
    """The recommendations a response answers and the latest update it states."""

    addressed: tuple[Addressed, ...]
    latest_update: str | None = None  # "March 2026"
    latest_update_quote: str | None = None  # the words that said so

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.recommendation for item in self.addressed)

    def evidence(self) -> dict[str, Any]:
        return {"coverage": [item.evidence() for item in self.addressed],
                "latest_update": self.latest_update, "latest_update_quote": self.latest_update_quote}


@lru_cache(maxsize=8)
def written_forms(text: str) -> tuple[str, str]:
    """The text with typography made plain and spaces single, and the same in lower case (the
    positions of one are the positions of the other, so a match is quoted as written). Kept for
    the last few texts: reading a page, its recommendations and its latest update each ask."""
    written = " ".join(plain(text).split())
    lowered = written.lower()
    return (lowered if len(lowered) != len(written) else written), lowered


@lru_cache(maxsize=32)
def find_addressed(text: str, register: tuple[Recommendation, ...], *, where: str) -> tuple[Addressed, ...]:
    """Every recommendation of the register the text quotes (fuzzily) or names by number.
    Kept for the last few texts: a verdict reads a text once to judge it and again for coverage."""
    written, lowered = written_forms(text)
    found: dict[str, Addressed] = {}
    for recommendation in register:
        best = _best_quote(lowered, recommendation)
        if best is not None:
            start, end, score = best
            found[recommendation.id] = Addressed(recommendation.id, _quote(written, start, end), where, "quoted", score,
                                                 recommendation.number, recommendation.title)
    by_number = {r.number: r for r in register if r.number is not None}
    for match in _NUMBERED.finditer(lowered):
        number = int(match.group(1) or match.group(2))
        named = by_number.get(number)
        if named is not None and named.id not in found:
            found[named.id] = Addressed(named.id, _quote(written, match.start(), match.end()),
                                        where, "numbered", 100, named.number, named.title)
    order = {r.id: i for i, r in enumerate(register)}
    return tuple(sorted(found.values(), key=lambda item: order[item.recommendation]))


def latest_update(text: str) -> tuple[str, str] | None:
    """The latest month a plan says it was updated ("March 2026") and the words that said so."""
    written, lowered = written_forms(text)
    best: tuple[int, int] | None = None
    quote = ""
    for pattern in _UPDATES:
        for match in pattern.finditer(lowered):
            month = _month_number(match.group(1))
            year = int(match.group(2))
            year = year + 2000 if year < 100 else year
            if month is None or not 2024 <= year <= 2100:
                continue
            if best is None or (year, month) > best:
                best, quote = (year, month), written[match.start():match.end()]
    if best is None:
        return None
    return f"{_MONTHS[best[1] - 1].title()} {best[0]}", quote


def coverage_of(texts: Iterable[tuple[str, str]], register: tuple[Recommendation, ...]) -> Coverage:
    """Coverage over several texts (a page and its plan documents): (where, text) pairs, first
    place each recommendation is answered wins; the latest update of them all."""
    addressed: dict[str, Addressed] = {}
    latest: tuple[tuple[int, int], str, str] | None = None
    for where, text in texts:
        for item in find_addressed(text, register, where=where):
            addressed.setdefault(item.recommendation, item)
        update = latest_update(text)
        if update is not None:
            month, year = update[0].split()
            key = (int(year), _MONTHS.index(month.lower()) + 1)
            if latest is None or key > latest[0]:
                latest = (key, update[0], update[1])
    order = {r.id: i for i, r in enumerate(register)}
    items = tuple(sorted(addressed.values(), key=lambda item: order[item.recommendation]))
    return Coverage(items, latest[1] if latest else None, latest[2] if latest else None)


def _best_quote(lowered: str, recommendation: Recommendation) -> tuple[int, int, int] | None:
    """(start, end, similarity) of the closest of the recommendation's phrases in the text."""
    cutoff = MIN_SIMILARITY_GIST if recommendation.confidence == "gist" else MIN_SIMILARITY
    best: tuple[int, int, int] | None = None
    for phrase in recommendation.phrases:
        at = lowered.find(phrase)
        if at >= 0:
            return at, at + len(phrase), 100
        for start, end, score in _near_anchors(lowered, phrase, cutoff):
            if best is None or score > best[2]:
                best = (start, end, score)
    return best


def _near_anchors(lowered: str, phrase: str, cutoff: int) -> Iterable[tuple[int, int, int]]:
    """Fuzzy matches of `phrase` in windows around the places its rarer words occur."""
    reach = len(phrase) + 24
    seen: set[int] = set()
    for anchor in _anchors(phrase):
        at, places = lowered.find(anchor), 0
        while at >= 0 and places < MAX_PLACES_PER_ANCHOR:
            left = max(0, at - reach)
            if left not in seen:
                seen.add(left)
                window = lowered[left:at + reach]
                alignment = fuzz.partial_ratio_alignment(phrase, window, score_cutoff=cutoff)
                if alignment is not None:
                    yield left + alignment.dest_start, left + alignment.dest_end, round(alignment.score)
            at, places = lowered.find(anchor, at + len(anchor)), places + 1


@cache
def _anchors(phrase: str) -> tuple[str, ...]:
    """The phrase's longest words: the rarest, so the fewest places to compare."""
    words = sorted({w for w in re.findall(r"[a-z]+", phrase) if len(w) >= MIN_ANCHOR_CHARS}, key=len, reverse=True)
    return tuple(words[:ANCHORS_PER_PHRASE])


def _quote(written: str, start: int, end: int) -> str:
    """The matched words as written, widened to whole words and cut to a readable length."""
    while start > 0 and written[start - 1].isalnum():
        start -= 1
    while end < len(written) and written[end].isalnum():
        end += 1
    quote = written[start:end].strip(" |,;:-")
    return quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS - 3].rstrip() + "..."


def _month_number(name: str) -> int | None:
    for number, month in enumerate(_MONTHS, start=1):
        if month.startswith(name[:3]):
            return number
    return None
