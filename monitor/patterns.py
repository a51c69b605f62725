r"""Regular expressions with a literal pre-filter, and on a long text one pass for all of them.

The verifier runs about seventy patterns on every page. Python's regex engine has no filter for a
pattern that does not start with a literal: it tries every branch at every character, 60-200 us
for a page's main text. So each pattern knows literal text every match of it contains (its
needles, read from the pattern by a small reader of our own, never the private re._parser,
conservative where unsure: a filter that is too weak costs time, never a match).

On a short text a substring test per needle rules a pattern out. On a response page the needles
are there ("stalking", "update", "we "), so every pattern would scan the whole text: instead one
Aho-Corasick pass (pyahocorasick) finds every needle of every pattern, and each pattern's regex
runs only in windows around its needles' places. The window is exact, not a heuristic: every
match contains a needle, is at most `most` characters wide and looks at most `reach` characters
past what it consumed (see Shape), so a match containing the needle at p lies in
[p + len(needle) - lead, p + most + reach), where lead is how far from a match's start that
needle ends at most. Searching there (with pos/endpos: lookbehinds and \b still see the text
before pos) returns the very matches a scan of the whole text returns. A pattern whose width has
no bound (`[a-z-]+`, `\s*`, `$`) still has its needle within `lead` of a match's start, so it is
tried (re.match) only at the few places a match can start, and runs on to wherever it ends.
tests/test_patterns.py holds every pattern to the whole scan over every test page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

# Texts shorter than this (titles, headings, a page's first lines) are scanned whole: cheap either
# way, and kept out of the few scans remembered (_scan), which the page's main text needs. A
# real-layout page's main text (median 956 characters) is read faster through the windows too:
# verify_page 0.81 -> 0.56 ms against a threshold of 1,500 (bench/bench_verify.py).
FAST_MIN_CHARS = 256
# A text holding more needles than this (a hostile page of dots, a vast document) is scanned whole,
# as before the windows: the places would cost more memory and time than the scans they save. A
# response page holds a few hundred.
MAX_PLACES = 50_000


def rx(pattern: str) -> Pattern:
    # Every pattern runs on normalised text: lower case, straight apostrophes, ASCII hyphens,
    # single spaces (see pagetext.norm), so patterns need not spell out typographic variants.
    return Pattern(pattern)


class Pattern:
    """A compiled pattern that first looks for literal text every match of it contains.

    Matches are the regex's own: the filter only skips searches that cannot succeed, and on a
    long text the windows (or the starts) only skip the places where no match can lie.
    """

    __slots__ = ("regex", "needles", "shape", "shifts", "__weakref__")

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.needles = needles_of(pattern)
        shape = shape_of(pattern)
        # Only where every needle places a match's start; otherwise the pre-filter and the scan.
        self.shape = shape if shape is not None and all(lead is not None for _, lead in shape.leads) else None
        # needle -> where a match holding it can start at the earliest, from the needle's place
        self.shifts = tuple((needle, len(needle) - (lead or 0)) for needle, lead in (self.shape.leads if self.shape else ()))
        if self.shape is not None:
            _register(self)

    def _absent(self, text: str) -> bool:
        return self.needles is not None and not any(needle in text for needle in self.needles)

    def _scan(self, text: str) -> _Scan | None:
        """The needles' places in `text`, when this pattern searches by them there."""
        if self.shape is None or len(text) < FAST_MIN_CHARS:
            return None
        scan = _scan(text)
        return scan if scan.places is not None else None

    def spans(self, text: str) -> list[tuple[int, int]] | None:
        """Where in `text` this pattern's matches can lie, as (pos, endpos) pairs in order; None
        when the whole text is scanned. A pattern of unbounded width gives one-character spans:
        the places its matches can start."""
        scan = self._scan(text)
        if scan is None:
            return None
        if self.shape is not None and self.shape.bounded:
            return scan.spans(self)
        starts = scan.starts(self)
        return None if starts is None else [(start, start + 1) for start in starts]

    def search(self, text: str) -> re.Match[str] | None:
        scan = self._scan(text)
        if scan is None:
            return None if self._absent(text) else self.regex.search(text)
        if self.shape is not None and self.shape.bounded:
            search = self.regex.search
            for pos, endpos in scan.spans(self):
                found = search(text, pos, endpos)
                if found is not None:
                    return found
            return None
        starts = scan.starts(self)
        if starts is None:
            return self.regex.search(text)
        match = self.regex.match
        for start in starts:
            found = match(text, start)
            if found is not None:
                return found
        return None

    def finditer(self, text: str) -> list[re.Match[str]]:
        scan = self._scan(text)
        if scan is None:
            return [] if self._absent(text) else list(self.regex.finditer(text))
        found: list[re.Match[str]] = []
        # Matches never overlap (the next starts where the last ended) and every one is at least
        # one character wide (shape.least), so no empty match needs finditer's own rules.
        if self.shape is not None and self.shape.bounded:
            search = self.regex.search
            for pos, endpos in scan.spans(self):
                while (one := search(text, pos, endpos)) is not None:
                    found.append(one)
                    pos = one.end()
            return found
        starts = scan.starts(self)
        if starts is None:
            return list(self.regex.finditer(text))
        match, cursor = self.regex.match, 0
        for start in starts:
            if start >= cursor and (one := match(text, start)) is not None:
                found.append(one)
                cursor = one.end()
        return found

    def findall(self, text: str) -> list[Any]:
        if self.spans(text) is None:
            return [] if self._absent(text) else self.regex.findall(text)
        groups = self.regex.groups
        if groups == 0:
            return [match.group(0) for match in self.finditer(text)]
        if groups == 1:
            return [match.group(1) or "" for match in self.finditer(text)]
        return [match.groups("") for match in self.finditer(text)]


# -- one pass for every pattern's needles -------------------------------------------------------------

_FAST: list[Pattern] = []  # the patterns searched in windows, whose needles the automaton holds
_automaton: Any = None


def _register(pattern: Pattern) -> None:
    global _automaton
    _FAST.append(pattern)
    _automaton = None  # built again, with this pattern's needles, when next needed
    _scan.cache_clear()


def _needle_automaton() -> Any:
    global _automaton
    if _automaton is None:
        automaton = ahocorasick.Automaton()
        for needle in sorted({needle for p in _FAST for needle, _ in (p.shape.leads if p.shape else ())}):
            automaton.add_word(needle, (needle, len(needle)))
        automaton.make_automaton()
        _automaton = automaton
    return _automaton


class _Scan:
    """Where each needle occurs in one text (every occurrence, overlapping ones too), and each
    pattern's windows or starts, worked out when first asked for."""

    __slots__ = ("length", "places", "worked")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        places: dict[str, list[int]] = {}
        for count, (end, (needle, size)) in enumerate(_needle_automaton().iter(text)):
            if count >= MAX_PLACES:
                places = None  # type: ignore[assignment]  # every pattern scans this text whole
                break
            places.setdefault(needle, []).append(end - size + 1)
        self.places: dict[str, list[int]] | None = places
        self.worked: dict[int, Any] = {}

    def _hits(self, pattern: Pattern) -> list[tuple[int, int]]:
        """(where the needle starts, the earliest a match holding it can start), per occurrence.
        A match holding the needle at p starts no earlier than p + len(needle) - lead and no later
        than p."""
        places = self.places
        assert places is not None
        return [(at, at + shift if at + shift > 0 else 0) for needle, shift in pattern.shifts if needle in places
                for at in places[needle]]

    def spans(self, pattern: Pattern) -> list[tuple[int, int]]:
        """Merged windows [earliest start, p + most + reach) around every needle's place."""
        key = id(pattern)  # patterns live as long as their module: an id is never reused meanwhile
        spans = self.worked.get(key)
        if spans is None:
            assert pattern.shape is not None and pattern.shape.most is not None and pattern.shape.reach is not None
            tail, length = pattern.shape.most + pattern.shape.reach, self.length
            merged: list[tuple[int, int]] = []
            for start, end in sorted((earliest, min(length, at + tail)) for at, earliest in self._hits(pattern)):
                if merged and start < merged[-1][1]:
                    if end > merged[-1][1]:
                        merged[-1] = (merged[-1][0], end)
                else:
                    merged.append((start, end))
            spans = self.worked[key] = merged
        return spans

    def starts(self, pattern: Pattern) -> list[int] | None:
        """Every place a match can start, in order (for a pattern of unbounded width); None when
        they are so many (a needle on every line) that scanning the text whole is cheaper."""
        key = id(pattern)
        if key not in self.worked:
            hits = self._hits(pattern)
            if sum(at - earliest + 1 for at, earliest in hits) > self.length // 2:
                self.worked[key] = None
            else:
                places: set[int] = set()
                for at, earliest in hits:
                    places.update(range(earliest, at + 1))
                self.worked[key] = sorted(places)
        starts: list[int] | None = self.worked[key]
        return starts


@lru_cache(maxsize=8)
def _scan(text: str) -> _Scan:
    # A page's main text is read by most patterns in turn, and again by the rules: one pass each.
    return _Scan(text)


class _Opaque(Exception):
    """A pattern feature the needle reader does not follow: no filter for that pattern."""


ZERO_WIDTH_ESCAPES = set("bBAZ")
CLASS_ESCAPES = set("wWdDsS")


def needles_of(pattern: str) -> tuple[str, ...] | None:
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


def _group(p: str, i: int) -> tuple[set[str] | None, int]:
    """The group opening at p[i] ("("): the needles it always contains (None for a lookaround or
    an optional group), and where it ends, past its quantifier."""
    if p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
        _, i = _alternation(p, i + (4 if p[i + 2] == "<" else 3))
        if p[i] != ")":
            raise _Opaque("unbalanced")
        return None, i + 1  # a lookaround consumes nothing: no needle from it
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
    return (found if found and not optional else None), i


def _past_class(p: str, i: int) -> int:
    """Where the character class opening at p[i] ("[") ends, past its quantifier."""
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":
        i += 1
    while p[i] != "]":
        i += 2 if p[i] == "\\" else 1
    _, i = _quantifier(p, i + 1)
    return i


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
            found, i = _group(p, i)
            if found:
                candidates.append(found)
            continue
        if char == "[":
            close_run()
            i = _past_class(p, i)
            continue
        if char == "\\":
            escaped = p[i + 1]
            if escaped.isalnum():
                if escaped not in ZERO_WIDTH_ESCAPES and escaped not in CLASS_ESCAPES:
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



# -- where a match can lie ---------------------------------------------------------------------------


class _Unsure(Exception):
    """A pattern feature the shape reader does not follow: the pattern keeps the whole scan."""


@dataclass(frozen=True)
class Shape:
    """What bounds where a pattern's matches lie, read from the pattern.

    least, most: the fewest and most characters a match spans (most None: no bound, `+`, `*`).
    reach: how far past the point it has reached a match may look (a lookahead's width, 1 for
      \\b; None for `$`, which looks at the end of the text).
    leads: needle -> how far from a match's start that needle's occurrence ends at most (None:
      no bound). Every match contains one of the needles, ending within its lead of the start.
    """

    least: int
    most: int | None
    reach: int | None
    leads: tuple[tuple[str, int | None], ...]

    @property
    def bounded(self) -> bool:
        """Every match and all it looks at lie within a window around a needle's place."""
        return self.most is not None and self.reach is not None


Bounds = Shape  # the name the tests and older callers know


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _max(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else max(a, b)


@dataclass(frozen=True)
class _Node:
    least: int
    most: int | None
    reach: int | None
    leads: dict[str, int | None] | None = None  # None: no needle every match contains
    char: str | None = None  # a plain literal character (runs of them make one needle)


def shape_of(pattern: str) -> Shape | None:
    """The shape of `pattern`'s matches; None when the reader is unsure or no needle is certain."""
    try:
        node, end = _s_alternation(pattern, 0)
    except (_Unsure, IndexError, ValueError):
        return None
    if end != len(pattern) or not node.leads or node.least == 0:
        return None
    return Shape(node.least, node.most, node.reach, tuple(sorted(node.leads.items())))


def bounds_of(pattern: str) -> Shape | None:
    """The shape of `pattern`, only when its every match is bounded (see Shape.bounded)."""
    shape = shape_of(pattern)
    return shape if shape is not None and shape.bounded else None


def _s_alternation(p: str, i: int) -> tuple[_Node, int]:
    branches: list[_Node] = []
    while True:
        node, i = _s_sequence(p, i)
        branches.append(node)
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        break
    least = min(b.least for b in branches)
    most: int | None = branches[0].most
    reach: int | None = branches[0].reach
    for b in branches[1:]:
        most, reach = _max(most, b.most), _max(reach, b.reach)
    leads: dict[str, int | None] | None = None
    if all(b.leads for b in branches):
        leads = {}
        for b in branches:
            for needle, lead in (b.leads or {}).items():
                leads[needle] = _max(leads[needle], lead) if needle in leads else lead
    return _Node(least, most, reach, leads), i


def _s_quantified(p: str, i: int, node: _Node) -> tuple[_Node, int]:
    """`node` (the item before p[i]) with its quantifier, if any, applied."""
    if i >= len(p) or p[i] not in "?*+{":
        return node, i
    if p[i] == "{":
        end = p.index("}", i)
        low_text, comma, high_text = p[i + 1:end].partition(",")
        low = int(low_text.strip() or 0)
        high: int | None = (int(high_text.strip()) if high_text.strip() else None) if comma else low
        i = end + 1
    else:
        low, high = (0, 1) if p[i] == "?" else (0, None) if p[i] == "*" else (1, None)
        i += 1
    if i < len(p) and p[i] in "?+":
        i += 1  # lazy or possessive: the same widths
    most = None if high is None or node.most is None else node.most * high
    # At least one repetition: the first holds the needle, where the item alone would.
    leads = node.leads if low >= 1 else None
    return _Node(node.least * low, most, node.reach, leads), i


def _s_group(p: str, i: int) -> tuple[_Node, int]:
    if p.startswith(("(?=", "(?!"), i):
        inner, i = _s_alternation(p, i + 3)
        if p[i] != ")":
            raise _Unsure("unbalanced")
        # It looks ahead of where it stands: as far as its own widest match and what that looks at.
        return _Node(0, 0, _add(inner.most, inner.reach)), i + 1
    if p.startswith(("(?<=", "(?<!"), i):
        _, i = _s_alternation(p, i + 4)
        if p[i] != ")":
            raise _Unsure("unbalanced")
        return _Node(0, 0, 0), i + 1  # looks before the match: a search from pos sees that text
    if p.startswith("(?:", i):
        start = i + 3
    elif p.startswith("(?P<", i):
        start = p.index(">", i) + 1
    elif p.startswith("(?", i):
        raise _Unsure(p[i:i + 4])  # inline flags and the like
    else:
        start = i + 1
    inner, i = _s_alternation(p, start)
    if p[i] != ")":
        raise _Unsure("unbalanced")
    return _s_quantified(p, i + 1, inner)


def _s_item(p: str, i: int) -> tuple[_Node, int]:
    char = p[i]
    if char == "(":
        return _s_group(p, i)
    if char == "[":
        return _s_quantified(p, _class_end(p, i), _Node(1, 1, 0))
    if char == "\\":
        escaped = p[i + 1]
        if escaped in "bB":
            return _Node(0, 0, 1), i + 2  # looks at the character after where it stands
        if escaped == "A":
            return _Node(0, 0, 0), i + 2
        if escaped == "Z":
            return _Node(0, 0, None), i + 2  # the end of the text: no window's end may look like it
        if escaped.isalnum() and escaped not in CLASS_ESCAPES:
            raise _Unsure("\\" + escaped)  # backreferences, \N{...}, \x..: not followed
        literal = None if escaped in CLASS_ESCAPES else escaped
        node, after = _s_quantified(p, i + 2, _Node(1, 1, 0, {literal: 1} if literal else None, literal))
        return (node if after != i + 2 else node), after
    if char == "^":
        return _Node(0, 0, 0), i + 1
    if char == "$":
        return _Node(0, 0, None), i + 1
    if char == ".":
        return _s_quantified(p, i + 1, _Node(1, 1, 0))
    plain = _Node(1, 1, 0, {char: 1}, char)
    node, after = _s_quantified(p, i + 1, plain)
    return (plain if after == i + 1 else _Node(node.least, node.most, node.reach, node.leads)), after


def _s_sequence(p: str, i: int) -> tuple[_Node, int]:
    least, most, reach = 0, 0, 0
    offset: int | None = 0  # the widest the sequence so far can be: where the next item starts at most
    best: dict[str, int | None] | None = None
    run_start: int | None
    run, run_start = "", None  # a run of plain literal characters: one needle

    def consider(leads: dict[str, int | None]) -> None:
        nonlocal best
        if best is None or _better(leads, best):
            best = leads

    while i < len(p) and p[i] not in "|)":
        node, i = _s_item(p, i)
        if node.char is not None:
            if not run:
                run_start = offset
            run += node.char
        else:
            if run:
                consider({run: _add(run_start, len(run))})
                run = ""
            if node.leads:
                consider({needle: _add(offset, lead) for needle, lead in node.leads.items()})
        least += node.least
        most = _add(most, node.most)  # type: ignore[assignment]
        reach = _max(reach, node.reach)  # type: ignore[assignment]
        offset = _add(offset, node.most)
    if run:
        consider({run: _add(run_start, len(run))})
    return _Node(least, most, reach, best), i


def _better(new: dict[str, int | None], old: dict[str, int | None]) -> bool:
    """Needles that place a match (a lead bound) first; then the rarest (the longest shortest
    needle), less the places a match can start around each (a needle after a variable part,
    " update" after "(?:march|september) 202\\d", is tried at each place that part allows)."""
    def key(leads: dict[str, int | None]) -> tuple[bool, int]:
        placed = all(lead is not None for lead in leads.values())
        slack = max((lead - len(needle) for needle, lead in leads.items() if lead is not None), default=0)
        return placed, min(map(len, leads)) - 2 * (slack + 1).bit_length()  # about 2 log2(slack)
    return key(new) > key(old)


def _class_end(p: str, i: int) -> int:
    """Where the character class opening at p[i] ("[") ends (just past its "]")."""
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":
        i += 1
    while p[i] != "]":
        i += 2 if p[i] == "\\" else 1
    return i + 1
