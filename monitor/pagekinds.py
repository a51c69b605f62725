"""What a page is, whatever it says: the host's not-found answer compared, not-found wording, a
JavaScript shell, an index of links, the force's own site and names. Pure helpers for rules.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from .models import FetchResult, Force
from .pagetext import PageText, norm, read_page
from .signals import (
    COOKIE_WALL,
    EMPTY_MAX_CHARS,
    HOMEPAGE_PATHS,
    INDEX_LINK_RATIO,
    NOT_FOUND,
    NOT_FOUND_LEAD_CHARS,
    NOT_FOUND_MAX_MAIN_CHARS,
    NOT_FOUND_TITLE,
    PROBE_SIMILAR,
    PROBE_SIMILAR_SAME_TITLE,
    SHELL_MAX_CHARS,
    SHELL_TEXT,
)


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


def is_shell(page: PageText) -> bool:
    text = norm(page.main_text)
    return (len(page.main_text) < SHELL_MAX_CHARS and bool(page.shell_markers or SHELL_TEXT.search(text))) or (
        len(page.main_text) < 3 * SHELL_MAX_CHARS and bool(COOKIE_WALL.search(text))) or len(page.main_text) < EMPTY_MAX_CHARS


def not_found_phrase(page: PageText, *, is_response: bool = False) -> str | None:
    """The not-found wording in a page's title or heading, or at the top of a page short enough
    to be a not-found page (and that is not, on its own reading, the response)."""
    head = norm(f"{page.title} | {page.h1}")
    lead = page.main_text[:NOT_FOUND_LEAD_CHARS]
    trust_body = len(page.main_text) <= NOT_FOUND_MAX_MAIN_CHARS and not is_response
    says_so = (NOT_FOUND.search(head) or NOT_FOUND_TITLE.search(norm(page.h1))
               or NOT_FOUND_TITLE.search(title_part(page.title))
               or (trust_body and NOT_FOUND.search(norm(" | ".join([*page.headings[:2], lead])))))
    if not says_so:
        return None
    # Quote the page's own words, its heading first: the clause around the wording, not our pattern.
    for text, patterns in ((page.h1, (NOT_FOUND, NOT_FOUND_TITLE)), *((h, (NOT_FOUND,)) for h in page.headings[:4]),
                           (lead, (NOT_FOUND,)), (page.title, (NOT_FOUND, NOT_FOUND_TITLE))):
        for pattern in patterns:
            found = pattern.search(norm(text))
            if found:
                return _sentence_around(text, found.group(0))
    return page.title


def is_index(page: PageText) -> bool:
    return bool(page.main_text) and page.main_link_chars / len(page.main_text) >= INDEX_LINK_RATIO


def names_force(text: str, force: Force) -> bool:
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


# -- helpers ----------------------------------------------------------------------------------------


def on_force_site(url: str, force: Force) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in force.domains)


def is_homepage(url: str) -> bool:
    path = urlsplit(url).path.rstrip("/").lower()
    return path in HOMEPAGE_PATHS


def title_part(title: str) -> str:
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


def file_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1] or url


