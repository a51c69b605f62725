"""Reading an HTML page: its title, headings, the main text without site chrome, tables as rows,
its links and its canonical address. Pure: a FetchResult in, a PageText out.

verify.py decides what a page is from this; the pipeline reads each page once (in a worker process)
and hands the PageText on. Nothing here knows about stalking or the super-complaint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .models import FetchResult

# A page this short with app markers is a JavaScript shell (verify.py draws the line too).
SHELL_MAX_CHARS = 200
# Links read from one page: a plan page links tens of documents; a hostile page links 300,000.
MAX_LINKS = 5000
# A page's tables as rows: enough for any plan (15 recommendations, a few rows each), bounded so a
# page of 100,000 cells costs no more than its text.
MAX_ROWS = 400
MAX_ROW_CHARS = 2000
# Site chrome known by its words, for pages with no structure to strip it by (a page saved as plain
# paragraphs, an old CMS): the police platform's quick-exit button, cookie and beta banners, the
# "was this page helpful" box and the footer's links. Only short paragraphs: content stays.
CHROME_MAX_CHARS = 400
_CHROME_TEXT = re.compile(
    r"\b(?:leave|exit|hide) this site\b|\bescape key\b|\bquick(?:ly)? exit\b|\bcookies?\b|\bthis site is a beta\b"
    r"|\byour feedback will help\b|\bwas this page helpful\b|\bskip to (?:main )?content\b"
    r"|\bin an emergency,? (?:always )?call 999\b|\btextphone 18000\b"
    r"|^(?:accessibility|privacy(?: notice| policy)?|terms and conditions|terms of use|sitemap|site map|contact us"
    r"|publication scheme|freedom of information|cymraeg|english|yes|no|share this page|print this page|menu|search)$"
)
# A consent wall hides the page until a choice is made: that is no banner to strip, it is all
# the page shows (verify.py calls such a page unverified).
COOKIE_WALL = r"cookies?.{0,300}(?:(?:must|need to) (?:make a choice|choose|accept)|before (?:you )?continu)"
_COOKIE_WALL = re.compile(COOKIE_WALL)
_SHELL_TEXT = re.compile(r"enable javascript|javascript (?:is )?(?:required|disabled|turned off)|requires javascript|^loading\W*$")
_BOILERPLATE_SELECTORS = (
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form", "aside",
    "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=search]", "[aria-label*=cookie i]",
    "[class*=cookie]", "[id*=cookie]", "[class*=breadcrumb]", "[id*=breadcrumb]", "[class*=menu]",
    "[class*=megamenu]", "[class*=skip-link]", "[id*=skiplink]", "[class*=quick-exit]", "[class*=leave-site]",
    "[class*=hide-site]", "[class*=related]", "[class*=feedback]", "[class*=share]", "[class*=rsbtn]",
)
_BOILERPLATE = ", ".join(_BOILERPLATE_SELECTORS)
# Where old CMSs without <main> or an <h1> put a page's own content.
_CONTENT_CONTAINERS = "#content, #main-content, #maincontent, #main, .main-content, .mainContent, #page-content, .page-content"
_APP_ROOTS = "#root, #app, #__next, app-root, [ng-app], [ng-version], [data-reactroot]"


@dataclass(frozen=True)
class PageText:
    """What verification reads from one HTML page."""

    title: str
    h1: str
    headings: tuple[str, ...]  # h1-h3 of the main content
    main_text: str  # the page's own content, site chrome removed
    links: tuple[tuple[str, str], ...]  # every link: (absolute URL, link text)
    main_link_chars: int  # characters of main_text that are link text
    shell_markers: tuple[str, ...]  # signs of a client-side app: an empty #root, a <noscript> plea
    has_password_field: bool
    rows: tuple[str, ...] = ()  # the main content's table rows, cells joined by " | "
    canonical: str | None = None  # <link rel=canonical> or og:url, absolute, when the page gives one


def read_page(result: FetchResult) -> PageText:
    """Title, headings, the main text without site chrome, table rows, links and canonical address."""
    tree = LexborHTMLParser(limit_nesting(result.text or ""))
    title_node = tree.css_first("title")
    title = clean(title_node.text()) if title_node else ""
    links: list[tuple[str, str]] = []
    join = _joiner(result.final_url)
    for anchor in tree.css("a[href]"):
        if len(links) >= MAX_LINKS:
            break  # a plan page links tens of documents, not thousands: the rest cannot matter
        href = (anchor.attributes.get("href") or "").strip()
        if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            try:
                links.append((join(href), clean(anchor.text())))
            except ValueError:
                continue  # "http://[::1" and the like: not a link anyone can follow, so not a plan

    shell_markers = []
    for noscript in tree.css("noscript"):
        if _SHELL_TEXT.search(norm(noscript.text())):
            shell_markers.append("a <noscript> message asks for JavaScript")
            break
    root = tree.css_first(_APP_ROOTS)
    if root is not None and len(clean(root.text())) < SHELL_MAX_CHARS:
        shell_markers.append(f"an app root element ({root.tag}{'#' + root.id if root.id else ''}) with no content")
    has_password = tree.css_first("input[type=password]") is not None
    canonical = _canonical(tree, join)

    main = _main_region(tree)
    h1_text = ""
    headings: tuple[str, ...] = ()
    main_text = ""
    main_link_chars = 0
    rows: tuple[str, ...] = ()
    if main is not None:
        # One query for all the chrome selectors (lexbor returns each node once, in document
        # order), stripped innermost first: a node is gone before any container of it is, so no
        # node is touched after its memory went with an ancestor's. None of the selectors looks
        # at a node's place in the tree, so what is stripped is what 30 queries in turn stripped.
        for node in reversed(main.css(_BOILERPLATE)):
            # Old CMSs wrap the whole page in a <form> or a "menu" layout: never strip the
            # container that holds the page's own heading.
            if node.css_first("h1") is None:
                node.decompose()
        if main.tag == "body":  # no structure told content from chrome: tell it by its words
            for node in main.css("p, li"):
                words = norm(node.text())
                if len(words) <= CHROME_MAX_CHARS and _CHROME_TEXT.search(words) and not _COOKIE_WALL.search(words):
                    node.decompose()
        h1 = main.css_first("h1")
        h1_text = clean(h1.text()) if h1 is not None else ""
        headings = tuple(text for h in main.css("h1, h2, h3") if (text := clean(h.text())))[:30]
        main_text = clean(main.text(separator=" "))
        # Link text counted by lexbor's own text of each link, capped: an index has hundreds of
        # links, and past MAX_LINKS the ratio is an index's whatever the rest say.
        main_link_chars = sum(len(clean(a.text())) for a in main.css("a")[:MAX_LINKS])
        rows = _table_rows(main)
    if not h1_text:
        h1 = tree.css_first("h1")
        h1_text = clean(h1.text()) if h1 is not None else ""
    return PageText(title=title, h1=h1_text, headings=headings, main_text=main_text,
                    links=tuple(links), main_link_chars=main_link_chars, shell_markers=tuple(shell_markers),
                    has_password_field=has_password, rows=rows, canonical=canonical)


def _table_rows(main: LexborNode) -> tuple[str, ...]:
    """Each table row as its cells' text joined by " | ", the way plans print in stored text."""
    rows: list[str] = []
    for row in main.css("tr"):
        cells = [clean(cell.text(separator=" ")) for cell in row.css("th, td")]
        line = " | ".join(cell for cell in cells if cell)
        if line:
            rows.append(line[:MAX_ROW_CHARS])
            if len(rows) >= MAX_ROWS:
                break
    return tuple(rows)


def _canonical(tree: LexborHTMLParser, join: Callable[[str], str]) -> str | None:
    """The address the page says it lives at: a saved copy of a page keeps it, so a file given to
    `verify` is judged as the page at that address."""
    for selector, attribute in (("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")):
        node = tree.css_first(selector)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value:
            try:
                url = join(value)
                parts = urlsplit(url)
                if parts.scheme in ("http", "https") and parts.hostname:
                    return url
            except ValueError:
                pass  # a malformed address says nothing about where the page lives
    return None


# lexbor's tree builder is quadratic in nesting depth: 40,000 unclosed <div>s take 1.7 s, 200,000
# take 110 s, all of it holding the event loop, so one malformed page would stall the whole run.
# Browsers cap the depth (Blink at 512); so do we, before parsing, dropping the tags (never the
# text) that would nest deeper. Real pages nest a few dozen levels and pass through untouched.
MAX_NESTING = 512
# A comment, a raw-text element (its content is not markup), or a tag: its slash, name and the rest
# up to ">" (ending in "/" when self-closing). Written so no branch steps one character at a time
# (".*?"): a page's inline scripts are most of its bytes.
_TAG = re.compile(
    r"<!--[^-]*(?:-(?!->)[^-]*)*(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*(?:</\1\s*>|\Z)"
    # Neither class takes "<": on "<a<a<a..." with no ">" each try stops at the next "<" (linear),
    # where letting them run to the end made the engine try every split between the two (cubic:
    # 4 KB took 40 s).
    r"|<(/?)([a-zA-Z][^\s/<>]*)([^<>]*)>",
    re.I,
)
# Void elements, and elements a parser closes by itself (an unclosed <p> or <li> does not nest).
_NOT_NESTING = frozenset(
    "area base br col embed hr img image input link meta param source track wbr keygen frame basefont bgsound "
    "p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp rtc colgroup caption html head body".split()
)


def limit_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """The HTML with start tags past `limit` levels deep (and their end tags) removed; linear time."""
    if html.count("<") - html.count("</") <= limit:
        return html  # fewer start tags than the limit: nothing can nest that deep
    depth = excess = 0
    drops: list[tuple[int, int]] = []
    for match in _TAG.finditer(html):
        name, closing = match.group(3), match.group(2)
        if not name or match.group(4).endswith("/") or name.lower() in _NOT_NESTING:
            continue  # a comment, raw text (script, style...), or a tag that does not nest
        if closing:
            if excess:
                excess -= 1
                drops.append(match.span())
            elif depth:
                depth -= 1
        elif depth >= limit:
            excess += 1
            drops.append(match.span())
        else:
            depth += 1
    if not drops:
        return html
    pieces, last = [], 0
    for start, end in drops:
        pieces.append(html[last:start])
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def _main_region(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the page's own content: <main>, else <article>, else the block
    around the page's <h1> (old CMSs), else a conventional content container, else <body>."""
    for selector in ("main", "[role=main]", "article"):
        nodes = tree.css(selector)
        if nodes:
            with_h1 = [n for n in nodes if n.css_first("h1") is not None]
            return (with_h1 or sorted(nodes, key=lambda n: len(n.text()), reverse=True))[0]
    h1 = tree.css_first("h1")
    body = tree.body
    if h1 is not None and body is not None:
        node = h1.parent
        own = len(clean(h1.text()))
        # Climb past wrappers that hold little more than the heading itself.
        while node is not None and node.parent is not None and node.tag != "body" and len(clean(node.text())) - own < 200:
            node = node.parent
        if node is not None and node.tag not in ("html",):
            return node
    return tree.css_first(_CONTENT_CONTAINERS) or body


# What makes urljoin do more than put a site-absolute path after the origin: dot segments to
# resolve ("/a/../b"; a dot in a name, "/Contact-us.aspx", is no segment), an empty query or
# fragment to drop, parameters, and the tab and newline characters urlsplit deletes.
_NOT_PLAIN_PATH = re.compile(r"/\.\.?(?:/|$)|[?#;\t\r\n]")
# An absolute http(s) address urljoin gives back as it is: a lower-case scheme, an ASCII host
# with no brackets (urlsplit checks an IPv6 literal and may refuse it), no userinfo, and a path
# with nothing urlsplit takes apart or deletes. urljoin resolves no dot segments in an address
# that has its own host.
_PLAIN_ABSOLUTE = re.compile(r"https?://[^/?#;\[\]@\\\s]+(?:/[^?#;\\\s]*)?")


def _joiner(base: str) -> Callable[[str], str]:
    """urljoin(base, href), with a short cut for the commonest link, a plain "/path/to/page/".

    A page has a hundred or more links (menus, footers); urljoin on each was a fifth of reading a
    page. A plain site-absolute path resolves to the base's origin followed by the path, and a
    plain absolute address to itself, exactly as urljoin has them; anything else goes through
    urljoin (tests/test_pagetext.py holds the short cuts to urljoin over every test page's links).
    """
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https"):
        return lambda href: urljoin(base, href)
    origin = f"{parts.scheme}://{parts.netloc}"

    def join(href: str) -> str:
        if href[:1] == "/" and href[1:2] != "/" and not _NOT_PLAIN_PATH.search(href):
            return origin + href
        if href[:4] == "http" and href.isascii() and _PLAIN_ABSOLUTE.fullmatch(href):
            return href
        return urljoin(base, href)

    return join


_TYPOGRAPHY = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-",
               "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\xa0": " "}


def plain(text: str) -> str:
    """Typographic apostrophes, dashes and no-break spaces as their ASCII forms.

    One str.replace per character present rather than str.translate: translate looks every
    character up in a dict (250 us for a 5,000-character page), replace scans in C, and ASCII
    text (isascii is a flag, not a scan) has none of them.
    """
    if text.isascii():
        return text
    for char, ascii_form in _TYPOGRAPHY.items():
        if char in text:
            text = text.replace(char, ascii_form)
    return text


def norm(text: str) -> str:
    return " ".join(plain(text).lower().split())


def clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())
