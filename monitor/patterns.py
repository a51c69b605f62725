"""Regular expressions with a literal pre-filter: the verifier runs about sixty patterns on every
page, and most are absent from most pages.

Python's regex engine has no filter for a pattern that does not start with a literal: where the
pattern is absent it tries every branch at every character, 60-200 us for a page's main text. A
substring test in C rules most of them out in a microsecond or two. The literals are read from
the pattern by a small reader of our own (never the private re._parser), conservative where
unsure: a filter that is too weak costs time, never a match.
"""

from __future__ import annotations

import re
from typing import Any


def rx(pattern: str) -> Pattern:
    # Every pattern runs on normalised text: lower case, straight apostrophes, ASCII hyphens,
    # single spaces (see pagetext.norm), so patterns need not spell out typographic variants.
    return Pattern(pattern)


class Pattern:
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
        self.needles = needles_of(pattern)

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

