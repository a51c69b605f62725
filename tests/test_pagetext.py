"""pagetext's short cuts against what they stand in for: the link joiner against urljoin."""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from monitor.pagetext import _joiner

ROOT = Path(__file__).resolve().parent.parent
BASES = ("https://www.kent.police.uk/police-forces/kent/about-us/stalking/", "http://example.police.uk/a/b.aspx?x=1",
         "https://www.example.police.uk")
CRAFTED = (
    "/Contact-us.aspx", "/a/../b", "/a/./b", "/a/..", "/a/.", "/.hidden/x", "/a..b/c", "/a//b", "/x?", "/x#", "/x;p",
    "https://www.google.co.uk/", "https://host", "HTTPS://Host/x", "https://host/a/../b", "https://host/x?", "https://host/x#",
    "https://host/x;p", "https://[::1/x", "https://[::1]/x", "https://user@host/x", "https://host:99999/x", "https://host:ab/x",
    "https://h\u00f6st/x", "https://host/a\tb", "https://host/a\x01b", "http://host/a\\b", "http:host/x", "https:/x", "https:///x",
    "http://other.example/p", "ftp://host/x", "//host/x", "x/y", "../z", "?q=1", "https://host/%2e%2e/x", "https://host/a b",
)


def _hrefs() -> list[str]:
    hrefs = set(CRAFTED)
    for folder in ("realpages", "corpus"):
        base = ROOT / "tests" / folder
        for entry in tomllib.loads((base / "manifest.toml").read_text(encoding="utf-8"))["page"]:
            tree = LexborHTMLParser((base / entry["file"]).read_text(encoding="utf-8"))
            hrefs.update((a.attributes.get("href") or "").strip() for a in tree.css("a[href]"))
    return sorted(hrefs)


@pytest.mark.parametrize("base", BASES)
def test_the_link_joiner_is_urljoin(base):
    join = _joiner(base)
    hrefs = _hrefs()
    assert len(hrefs) > 500  # the test pages' links are all here, not only the crafted ones
    for href in hrefs:
        try:
            expected: str | type[ValueError] = urljoin(base, href)
        except ValueError:
            expected = ValueError
        try:
            got: str | type[ValueError] = join(href)
        except ValueError:
            got = ValueError
        assert got == expected, href
