"""Regular expressions with a literal pre-filter, and on a long text one pass for all of them.

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
past what it consumed (see Bounds), so a match containing the needle at p lies in
[p + len(needle) - most, p + most + reach). Searching there (with pos/endpos: lookbehinds and
\b still see the text before pos) returns the very matches a scan of the whole text returns.
A pattern whose width has no bound (`+`, `*`, `$`) keeps the pre-filter and the whole scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

# Texts shorter than this are scanned whole: the windows' bookkeeping would cost more than it saves.
FAST_MIN_CHARS = 1500


def rx(pattern: str) -> Pattern:
    # Every pattern runs on normalised text: lower case, straight apostrophes, ASCII hyphens,
    # single spaces (see pagetext.norm), so patterns need not spell out typographic variants.
    return Pattern(pattern)


class Pattern:
    """A compiled pattern that first looks for literal text every match of it contains.

    Matches are the regex's own: the filter only skips searches that cannot succeed, and the
    windows (on a long text) only skip the stretches where no match can lie.
    """

    __slots__ = ("regex", "needles", "bounds", "__weakref__")

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.needles = needles_of(pattern)
        bounds = bounds_of(pattern) if self.needles is not None else None
        # A pattern that can match nothing at all would need finditer's rules for empty matches.
        self.bounds = bounds if bounds is not None and bounds.least > 0 else None
        if self.bounds is not None:
            _register(self)

    def _absent(self, text: str) -> bool:
        return self.needles is not None and not any(needle in text for needle in self.needles)

    def spans(self, text: str) -> list[tuple[int, int]] | None:
        """Where in `text` this pattern's matches can lie, as (pos, endpos) pairs in order; None
        when the whole text must be scanned."""
        if self.bounds is None or len(text) < FAST_MIN_CHARS:
            return None
        return _scan(text).spans(self)

    def search(self, text: str) -> re.Match[str] | None:
        spans = self.spans(text)
        if spans is None:
            return None if self._absent(text) else self.regex.search(text)
        search = self.regex.search
        for pos, endpos in spans:
            found = search(text, pos, endpos)
            if found is not None:
                return found
        return None

    def finditer(self, text: str) -> list[re.Match[str]]:
        spans = self.spans(text)
        if spans is None:
            return [] if self._absent(text) else list(self.regex.finditer(text))
        search = self.regex.search
        found: list[re.Match[str]] = []
        for pos, endpos in spans:
            # Matches never overlap and every one is at least one character wide (bounds.least).
            while (match := search(text, pos, endpos)) is not None:
                found.append(match)
                pos = match.end()
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
        for needle in sorted({n for p in _FAST for n in p.needles or ()}):
            automaton.add_word(needle, (needle, len(needle)))
        automaton.make_automaton()
        _automaton = automaton
    return _automaton


class _Scan:
    """Where each needle occurs in one text (every occurrence, overlapping ones too), and each
    pattern's windows, worked out when first asked for."""

    __slots__ = ("length", "places", "windows")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.places: dict[str, list[int]] = {}
        for end, (needle, size) in _needle_automaton().iter(text):
            self.places.setdefault(needle, []).append(end - size + 1)
        self.windows: dict[int, list[tuple[int, int]]] = {}

    def spans(self, pattern: Pattern) -> list[tuple[int, int]]:
        key = id(pattern)  # patterns live as long as the module: an id is never reused meanwhile
        spans = self.windows.get(key)
        if spans is None:
            spans = self.windows[key] = self._spans(pattern)
        return spans

    def _spans(self, pattern: Pattern) -> list[tuple[int, int]]:
        bounds = pattern.bounds
        assert bounds is not None and pattern.needles is not None
        most, tail, length = bounds.most, bounds.most + bounds.reach, self.length
        windows = sorted((max(0, at + len(needle) - most), min(length, at + tail))
                         for needle in pattern.needles for at in self.places.get(needle, ()))
        merged: list[tuple[int, int]] = []
        for start, end in windows:
            if merged and start < merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged


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



# -- how wide a match can be ------------------------------------------------------------------------


class _Unbounded(Exception):
    """A pattern whose matches (or what it looks at past them) have no upper width: `+`, `*`,
    `{m,}`, `$`, backreferences; the windowed search does not apply to it."""


@dataclass(frozen=True)
class Bounds:
    """What a match of a pattern can span: at least `least` and at most `most` characters, and
    what it may look at past the point it has reached (`reach`: a lookahead's width, 1 for \\b).
    A lookbehind looks before the match; a search from `pos` still sees that text."""

    least: int
    most: int
    reach: int


def bounds_of(pattern: str) -> Bounds | None:
    """The match widths of `pattern`, or None when unbounded or when the reader is unsure."""
    try:
        (least, most, reach), end = _b_alternation(pattern, 0)
    except (_Opaque, _Unbounded, IndexError, ValueError):
        return None
    if end != len(pattern):
        return None
    return Bounds(least, most, reach)


_Width = tuple[int, int, int]  # least, most, reach


def _b_alternation(p: str, i: int) -> tuple[_Width, int]:
    branches: list[_Width] = []
    while True:
        width, i = _b_sequence(p, i)
        branches.append(width)
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        break
    return (min(b[0] for b in branches), max(b[1] for b in branches), max(b[2] for b in branches)), i


def _b_quantified(p: str, i: int, width: _Width) -> tuple[_Width, int]:
    """The item of `width` before p[i] with its quantifier, if any, applied."""
    least, most, reach = width
    if i >= len(p):
        return width, i
    if p[i] in "*+":
        raise _Unbounded(p[i])
    if p[i] == "?":
        i += 1
        return (0, most, reach), i + 1 if i < len(p) and p[i] in "?+" else i
    if p[i] == "{":
        end = p.index("}", i)
        low, _, high = p[i + 1:end].partition(",")
        if "," not in p[i + 1:end]:
            high = low
        if not high.strip():
            raise _Unbounded("{m,}")
        i = end + 1
        low_n, high_n = int(low.strip() or 0), int(high.strip())
        return (least * low_n, most * high_n, reach), i + 1 if i < len(p) and p[i] in "?+" else i
    return width, i


def _b_sequence(p: str, i: int) -> tuple[_Width, int]:
    least = most = reach = 0
    while i < len(p) and p[i] not in "|)":
        char = p[i]
        if char == "(":
            if p.startswith(("(?=", "(?!"), i):
                (_, inner_most, inner_reach), i = _b_alternation(p, i + 3)
                if p[i] != ")":
                    raise _Opaque("unbalanced")
                i += 1
                # Looks ahead of where it stands (never past the match's end by more than this).
                reach = max(reach, inner_most + inner_reach)
                continue
            if p.startswith(("(?<=", "(?<!"), i):
                _, i = _b_alternation(p, i + 4)
                if p[i] != ")":
                    raise _Opaque("unbalanced")
                i += 1  # looks behind the match: a search from pos sees the text before pos
                continue
            if p.startswith("(?:", i):
                start = i + 3
            elif p.startswith("(?P<", i):
                start = p.index(">", i) + 1
            elif p.startswith("(?", i):
                raise _Opaque(p[i:i + 4])
            else:
                start = i + 1
            width, i = _b_alternation(p, start)
            if p[i] != ")":
                raise _Opaque("unbalanced")
            width, i = _b_quantified(p, i + 1, width)
        elif char == "[":
            i = _class_end(p, i)
            width, i = _b_quantified(p, i, (1, 1, 0))
        elif char == "\\":
            escaped = p[i + 1]
            i += 2
            if escaped in "bB":
                reach = max(reach, 1)  # looks at the character after where it stands
                continue
            if escaped == "A":
                continue
            if escaped == "Z" or (escaped.isdigit() and escaped != "0"):
                raise _Unbounded("\\" + escaped)  # the end of the text; a backreference
            if escaped.isalnum() and escaped not in CLASS_ESCAPES:
                raise _Opaque("\\" + escaped)
            width, i = _b_quantified(p, i, (1, 1, 0))
        elif char == "^":
            i += 1
            continue
        elif char == "$":
            raise _Unbounded("$")  # "at the end of the text": a window's end would look like it
        else:
            width, i = _b_quantified(p, i + 1, (1, 1, 0))
        least, most, reach = least + width[0], most + width[1], max(reach, width[2])
    return (least, most, reach), i


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
