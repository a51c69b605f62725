"""Structural checks of our HTML pages (status page, published site), with nothing but the
standard library: elements balanced, headers scoped, no script or external asset, only http(s)
links (or the site's own files), and the text as a screen reader reads it (aria-hidden skipped)."""

from __future__ import annotations

from html.parser import HTMLParser


class PageCheck(HTMLParser):
    """Structural checks of the status page, with nothing but the standard library."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, *, relative: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.counts: dict[str, int] = {}
        self.html_lang = self.viewport = False
        self.col_headers: list[str | None] = []
        self.row_headers: list[str | None] = []
        self.body_rows = 0
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.style = ""
        self.ids: set[str] = set()
        self.hidden_depth: int | None = None  # inside an aria-hidden element: a screen reader skips it
        self.relative = relative

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "html":
            self.html_lang = bool(attrs.get("lang"))
        if tag == "meta" and attrs.get("name") == "viewport" and "width=device-width" in (attrs.get("content") or ""):
            self.viewport = True
        if tag in ("script", "iframe", "object", "embed", "img") or (tag == "link" and not self.relative):
            self.problems.append(f"<{tag}> on a page that must stand alone")
        for name, value in attrs.items():
            if name == "src" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "href":
                value = value or ""
                web = value.startswith(("https://", "http://"))
                local = self.relative and tag in ("a", "link") and value and ":" not in value.split("/")[0]
                if not (web or value.startswith("#") or local) or (tag != "a" and not local):
                    self.problems.append(f"<{tag} href={value!r}>")
                self.hrefs.append(value)
            if name == "id":
                self.ids.add(value)
        if tag == "th":
            (self.col_headers if "thead" in self.stack else self.row_headers).append(attrs.get("scope"))
        if tag == "tr" and "tbody" in self.stack:
            self.body_rows += 1
        if tag not in self.VOID:
            self.stack.append(tag)
            if attrs.get("aria-hidden") == "true" and self.hidden_depth is None:
                self.hidden_depth = len(self.stack)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        if self.hidden_depth == len(self.stack):
            self.hidden_depth = None
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style += data
        elif data.strip() and self.hidden_depth is None:
            self.text.append(data.strip())


def check_page(html: str, *, relative: bool = False) -> PageCheck:
    """Parse a page and assert it is well formed and accessible. relative: a page of the published
    site, whose links may point at its other files (the caller checks they exist)."""
    page = PageCheck(relative=relative)
    page.feed(html)
    page.close()
    assert html.startswith("<!DOCTYPE html>")
    assert not page.problems, page.problems
    assert page.stack == [], f"unclosed: {page.stack}"
    assert page.counts.get("h1") == 1 and page.counts.get("title") == 1
    assert page.html_lang and page.viewport
    assert page.col_headers and all(scope == "col" for scope in page.col_headers)
    assert page.row_headers and all(scope == "row" for scope in page.row_headers)
    missing = [h for h in page.hrefs if h.startswith("#") and h[1:] not in page.ids]
    assert not missing, f"links to no element on the page: {missing}"
    assert "url(" not in page.style and "@import" not in page.style and "@media" in page.style
    return page
