"""Hostile web pages for tests/test_hostile_web.py, built here (no checked-in binaries).

Each generator takes the force's real page (bytes) where it needs one, and returns the page as
the hostile site would serve it. Plan documents come from tests/hostile_documents.py.

| function | what it does to a naive monitor |
|---|---|
| `backtracking_page(page)` | ends in 2,000 unclosed "<a": verify's tag pattern (the nesting limiter's `<(/?)([a-zA-Z][^\\s/>]*)([^>]*)>`) backtracks cubically: 4 KB, over a minute of CPU |
| `many_links_page(page)` | just under the 5 MB page cap, 300,000 links: seconds of CPU and some 300 MB to parse |
| `hostile_title_page(page)` | a title carrying an OSC set-title and a CSI clear-screen, rich markup `[/x]` and `[link=...]` |
| `heavy_docx()` | a valid DOCX of 600,000 one-word runs (25 MB of XML, about 3:1): no bomb, just a lot of reading |
"""

from __future__ import annotations

import io
import random
import re
import zipfile

BACKTRACKING_TAIL = b"<a" * 2000
LINKS = 300_000
# What a hostile title carries: terminal escapes (set the window title, clear the screen, ring the
# bell) and rich markup (a closing tag nobody opened, a hyperlink).
HOSTILE_TITLE = ("Stalking \x1b]0;owned\x07super-complaint\x1b[2J\x1b[H response [/x] "
                 "[link=https://evil.example]click[/link] [bold red]alarm[/] \x9b31m\u202eevil")


def backtracking_page(page: bytes) -> bytes:
    """The page, cut off by 4 KB of "<a<a<a..." that never reaches a ">"."""
    return page + BACKTRACKING_TAIL


def many_links_page(page: bytes, links: int = LINKS) -> bytes:
    """The page with `links` short links in its main text (about 4.8 MB)."""
    at = page.index(b"</main>") if b"</main>" in page else len(page)
    return page[:at] + b"<a href=/a>x</a>" * links + page[at:]


def hostile_title_page(page: bytes, title: str = HOSTILE_TITLE) -> bytes:
    """The page with its <title> and first heading replaced by `title`."""
    encoded = title.encode("utf-8")
    page = re.sub(rb"<title>.*?</title>", b"<title>" + encoded + b"</title>", page, count=1, flags=re.S)
    return re.sub(rb"<h1([^>]*)>.*?</h1>", b"<h1\\1>" + encoded + b"</h1>", page, count=1, flags=re.S)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def heavy_docx(runs: int = 600_000) -> bytes:
    """A valid DOCX that passes every ZIP check (one member, about 3:1, no DTD, no deep nesting)
    and still takes seconds of CPU to read: 25 MB of XML, a run of one word at a time, each with
    its own revision id. What a CPU budget, not a format check, must stop."""
    rnd = random.Random(13)
    body = "".join(f'<w:r w:rsidR="{rnd.getrandbits(32):08X}"><w:t>w{i % 97} </w:t></w:r>' for i in range(runs))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
           f"<w:p>{body}</w:p></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns='
                         '"http://schemas.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", xml)
    return buffer.getvalue()
