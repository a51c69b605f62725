"""The windowed search (monitor/patterns.py) against the plain scan of the whole text.

On a long text each pattern's regex runs only in windows around its needles' places, bounded by
the pattern's widest match. That is exact only while every bound is right: here every pattern the
verifier uses is run both ways over every page the tests know (the real-layout set, the corpus,
the replica's synthetic pages, the hostile pages), on each text the verifier gives it, and the
matches must be the same, position for position. A new pattern with a width the reader gets
wrong fails here.
"""

from __future__ import annotations

import functools
import inspect
import random
import re
import tomllib
from pathlib import Path

import pytest

import monitor.signals  # noqa: F401  (the patterns the verifier uses, registered on import)
from monitor import patterns
from monitor.coverage import written_forms
from monitor.models import FetchResult, Hop
from monitor.pagetext import norm, read_page
from monitor.patterns import Pattern, shape_of
from monitor.replica.synthetic import SyntheticSpec, synthetic_web
from tests.hostile_web import backtracking_page, hostile_title_page, many_links_page

ROOT = Path(__file__).resolve().parent.parent


def _result(url: str, html: str) -> FetchResult:
    return FetchResult(url=url, final_url=url, status_code=200, hops=(Hop(url, 200),),
                       content_type="text/html; charset=utf-8", body=html.encode(), text=html)


def _pages() -> list[tuple[str, str]]:
    """(name, HTML) of every page the tests know."""
    pages = []
    for folder in ("realpages", "corpus"):
        base = ROOT / "tests" / folder
        for entry in tomllib.loads((base / "manifest.toml").read_text(encoding="utf-8"))["page"]:
            pages.append((f"{folder}/{entry['file']}", (base / entry["file"]).read_text(encoding="utf-8")))
    web = synthetic_web(SyntheticSpec(links=24, hosts=4, latency=0.0, not_found=0.2, landing=0.2, soft_404_hosts=0.5))
    for host, site in web.scenario.sites.items():
        if host == "www.gov.uk":
            continue  # the NPCC's letter, not a force's page
        for path in site.routes:
            _, behaviour = site.resolve(path)
            response = behaviour(None)  # type: ignore[arg-type]  # the synthetic pages ignore the request
            if inspect.iscoroutine(response):  # GOV.UK's pages, served after a delay: not force pages
                response.close()
                continue
            if "html" in dict(response.headers).get("Content-Type", ""):
                pages.append((f"synthetic {host}{path}", response.body.decode("utf-8")))
        missing = site.not_found(None)  # type: ignore[arg-type]
        if inspect.iscoroutine(missing):
            missing.close()
        else:
            pages.append((f"synthetic {host} not found", missing.body.decode("utf-8")))
    real = (ROOT / "tests" / "realpages" / "full" / "avon-somerset-themes.html").read_bytes()
    for name, hostile in (("backtracking", backtracking_page(real)), ("hostile title", hostile_title_page(real)),
                          ("many links", many_links_page(real, links=2000))):
        pages.append((f"hostile {name}", hostile.decode("utf-8", "replace")))
    return pages


@functools.cache  # built at first use, not at collection: every test worker collects this module
def _texts() -> list[tuple[str, str]]:
    """Each text the verifier hands a pattern, from every page: the main text as read_text reads
    it, normalised, and its title and heading; plus the raw main text and the raw HTML (a pattern
    must agree on whatever it is given)."""
    texts = []
    for name, html in _pages():
        page = read_page(_result("https://www.example.police.uk/stalking/", html))
        written, lowered = written_forms(page.main_text)
        texts += [(f"{name} (read)", lowered), (name, written), (name, norm(f"{page.title} {page.h1}")),
                  (name, page.main_text), (name, html.lower())]
    # Every needle of every pattern, run together and apart, beside a page's words: places where
    # a needle stands without the rest of its pattern, and where it stands at a text's ends.
    needles = sorted({needle for pattern in patterns._FAST for needle in pattern.needles or ()}
                     | {needle for pattern in patterns._FAST for needle, _ in pattern.shifts})
    rng = random.Random(17)
    words = texts[0][1].split()
    for glue in (" ", "", ". ", " | "):
        texts.append(("needles", glue.join(needles)))
    for _ in range(20):
        texts.append(("needles among words", " ".join(rng.choice(needles) if rng.random() < 0.3 else rng.choice(words)
                                                       for _ in range(600))))
    return texts



def _same(pattern: Pattern, text: str) -> None:
    regex = pattern.regex
    # The whole scan once: its search is its first match, its findall each match's groups (as
    # re.findall gives them: the match, the one group, or a tuple of groups; '' for one unset).
    plain = list(regex.finditer(text))
    plain_search = plain[0] if plain else None
    plain_findall = [m.group(0) if regex.groups == 0 else m.groups("")[0] if regex.groups == 1 else m.groups("")
                     for m in plain]
    fast_search = pattern.search(text)
    assert (fast_search and (fast_search.span(), fast_search.groups())) == (
        plain_search and (plain_search.span(), plain_search.groups())), regex.pattern
    assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == [(m.span(), m.groups()) for m in plain], \
        regex.pattern
    assert pattern.findall(text) == plain_findall, regex.pattern


# Each text's needle scan, kept for the module: the verifier keeps the last few (it reads one page
# at a time), and each test below reads every text again, so it rebuilt every scan per pattern.
_every_scan = functools.cache(patterns._scan.__wrapped__)


@pytest.mark.parametrize("pattern", patterns._FAST, ids=lambda p: p.regex.pattern[:40])
def test_the_windowed_search_finds_what_the_whole_scan_finds(pattern, monkeypatch):
    # Every text through the windows, however short (the shipped threshold skips short ones).
    monkeypatch.setattr(patterns, "FAST_MIN_CHARS", 0)
    monkeypatch.setattr(patterns, "_scan", _every_scan)
    windowed = 0
    for _, text in _texts():
        if pattern.spans(text):
            windowed += 1
        _same(pattern, text)
    assert windowed, f"no test text has a needle of {pattern.regex.pattern!r}: the check above proved nothing for it"


def test_most_of_the_verifiers_patterns_are_searched_in_windows():
    # The ones left to the whole scan have no needle placed at a bounded distance; a pattern that drops out by accident
    # (a reader that stops understanding the syntax) would make verification slow again, silently.
    assert len(patterns._FAST) >= 65


def test_long_texts_take_the_windows_and_short_ones_the_whole_scan():
    pattern = next(p for p in patterns._FAST if p.regex.pattern.startswith(r"\bstalk"))
    assert pattern.spans("stalking " * 20) is None
    long_text = "x" * patterns.FAST_MIN_CHARS + " we know about stalking here and stalkers there"
    spans = pattern.spans(long_text)
    # A window from where a match holding "stalk" can start (right there: it leads the pattern)
    # to as far as its widest match (13) and the \\b after it (1) can look.
    at = long_text.index("stalking")
    assert spans is not None and spans[0] == (at, at + 14) and len(spans) == 2
    assert [m.group(0) for m in pattern.finditer(long_text)] == ["stalking", "stalkers"]


@pytest.mark.parametrize(("regex", "widths", "leads"), [
    (r"abc", (3, 3, 0), {"abc": 3}),
    (r"\babc\b", (3, 3, 1), {"abc": 3}),
    (r"ab(?:cd|e)?f", (3, 5, 0), {"ab": 2}),
    (r"a[^.]{0,60}?bcd", (4, 64, 0), {"a": 1}),  # "bcd" is rarer, but a match may start 61 places before it
    (r"abc(?![./]\d)", (3, 3, 2), {"abc": 3}),
    (r"(?<=will )publish", (7, 7, 0), {"publish": 7}),
    (r"x{2,3}", (2, 3, 0), {"x": 1}),
    (r"(?:our|the force's) (?:[a-z-]+ )?plan", (8, None, 0), {"our": 3, "the force's": 11}),
    (r"\bsupervis\w+", (9, None, 1), {"supervis": 8}),
    (r"(?:a|b)$", (1, 1, None), {"a": 1, "b": 1}),
    (r"\w+abc", (4, None, 0), {"abc": None}),
])
def test_the_shape_reader(regex, widths, leads):
    shape = shape_of(regex)
    assert shape is not None
    assert (shape.least, shape.most, shape.reach) == widths
    assert dict(shape.leads) == leads
    for sample in ("abc", "abbf", "abcdf", "aqqqbcd", "xxx", "will publish", "abc./1", "our big plan", "supervisors"):
        for match in re.finditer(regex, sample):  # a bound it gives is a true bound
            assert shape.least <= len(match.group(0)) <= (shape.most or len(sample))
            assert any(needle in match.group(0)[:lead or len(sample)] for needle, lead in shape.leads)


@pytest.mark.parametrize("regex", [r"(a)\1", r"(?i)abc", r"a?", r"\d+"])
def test_the_shape_reader_gives_up_where_unsure(regex):
    assert shape_of(regex) is None


def test_a_forces_own_words_are_found_as_one_regex_with_its_names_would_find_them():
    """reading._Named stands in for a regex compiled per force (0.5 ms a force): the same matches."""
    from monitor.config import load_settings
    from monitor.reading import _ACTS_AFTER_NAME, _DECLARES_AFTER_NAME, _acts_for, _declares_for

    def regex(names: list[str], tails) -> re.Pattern[str]:
        alternation = "|".join(re.escape(name) for name in names)
        return re.compile("|".join(rf"\b(?:{alternation}){tail.pattern}" for tail in tails) if names else r"(?!)")

    forces = list(load_settings().forces)
    texts = [text for name, text in _texts() if name.endswith("(read)")]  # as read_text reads a page
    # Each force named where a declaration could follow, by each of its names.
    texts += [" ".join(f"{name.lower()}'s action plan in response to the super-complaint. {name.lower()} has now published "
                       f"its action plan. {name.lower()} will" for name in force.names) for force in forces]
    found = 0
    for force in forces:
        for named, tails, shortest in ((_declares_for(force), _DECLARES_AFTER_NAME, 3), (_acts_for(force), _ACTS_AFTER_NAME, 5)):
            plain = regex([name.lower() for name in force.names if len(name) >= shortest], tails)
            for text in texts:
                expected = [m.span() for m in plain.finditer(text)]
                assert [m.span() for m in named.finditer(text)] == expected, (force.id, plain.pattern)
                found += len(expected)
    assert found > 100


def test_a_text_crowded_with_needles_is_scanned_whole_with_the_same_matches():
    """A hostile page of dots, or a needle on every line: the places would cost more than the
    scans they save, so those texts (or those patterns) take the whole scan, and agree."""
    crowded = "." * (patterns.MAX_PLACES + 10)
    assert patterns._scan(crowded).places is None
    dense = "recommendation 7. 1.2 - evidence requirements. " * 600 + ". " * 15_000  # places under the cap, starts over it
    assert patterns._scan(dense).places is not None
    assert any(p.shape and not p.shape.bounded and p.spans(dense) is None for p in patterns._FAST)
    for pattern in patterns._FAST:
        for text in (crowded, dense):
            _same(pattern, text)
