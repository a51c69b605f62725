"""Read the NPCC response and reconcile its links with the force register.

Pure: takes the bytes the Fetcher got and the register, returns data. The pipeline decides what to
do when the source cannot be read (a source error, never 43 missing forces).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .errors import SourceError
from .models import Force, Reconciliation, SourceLink, SourceSnapshot

# Query parameters that only track the click; two links differing only in these are one link.
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|gclid|fbclid|mc_[a-z]+|_ga)$", re.IGNORECASE)
# The container a link's surrounding text is taken from, nearest first.
_CONTEXT_TAGS = ("tr", "li", "p", "dd", "h2", "h3", "h4")
_GOVUK_HOSTS = ("gov.uk",)


def parse_content_api(raw: bytes | str, url: str) -> SourceSnapshot:
    """A GOV.UK Content API document for the html_publication."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"{url}: the Content API did not return JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise SourceError(f"{url}: the Content API returned JSON that is not an object")
    details = data.get("details")
    body = details.get("body") if isinstance(details, dict) else None
    if not isinstance(body, str) or not body.strip():
        raise SourceError(f"{url}: the Content API document has no details.body")
    links = extract_links(body, base_url=url)
    return SourceSnapshot(
        url=url,
        kind="content_api",
        content_hash=content_hash(body),
        title=_str_or_none(data.get("title")),
        public_updated_at=_str_or_none(data.get("public_updated_at")),
        updated_at=_str_or_none(data.get("updated_at")),
        links=tuple(links),
    )


def parse_html_page(html: str, url: str) -> SourceSnapshot:
    """The rendered GOV.UK page: the body sits in the govspeak container."""
    tree = LexborHTMLParser(html)
    body = tree.css_first(".gem-c-govspeak .govspeak") or tree.css_first(".govspeak") or tree.css_first(".gem-c-govspeak")
    if body is None:
        raise SourceError(f"{url}: the page has no govspeak body (is this the NPCC response page?)")
    body_html = body.html or ""
    title_node = tree.css_first("h1") or tree.css_first("title")
    updated = tree.css_first('meta[name="govuk:updated-at"]') or tree.css_first('meta[name="govuk:public-updated-at"]')
    return SourceSnapshot(
        url=url,
        kind="html",
        content_hash=content_hash(body_html),
        title=title_node.text(strip=True) if title_node else None,
        public_updated_at=None,
        updated_at=updated.attributes.get("content") if updated else None,
        links=tuple(extract_links(body_html, base_url=url)),
    )


def content_hash(text: str) -> str:
    """Hash with white space folded, so re-indentation is not a change."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def extract_links(body_html: str, base_url: str) -> list[SourceLink]:
    """Every http(s) link in the body, resolved, normalised and de-duplicated, in page order."""
    tree = LexborHTMLParser(body_html)
    seen: dict[str, int] = {}
    links: list[SourceLink] = []
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        try:
            url = normalise_url(unwrap_redirect(urljoin(base_url, href)))
        except ValueError:
            # A malformed href (a port past 65535, a broken IPv6 literal) is still the force's link:
            # kept as written, it is checked and reported broken, never "not linked" (missing).
            url = href if href.lower().startswith(("http://", "https://")) else None
        if url is None:
            continue
        text = _clean(anchor.text(deep=True))
        context = _context_text(anchor)
        key = dedupe_key(url)
        if key in seen:
            # Keep the first URL but the most telling text: "Kent Police response" beats "here".
            first = links[seen[key]]
            if len(text) > len(first.text):
                links[seen[key]] = SourceLink(url=first.url, text=text, context=first.context or context)
            continue
        seen[key] = len(links)
        links.append(SourceLink(url=url, text=text, context=context))
    return links


# Links pasted from a mail client or a shared document arrive wrapped in the service's redirect
# (host, path, the query parameter holding the real address). The wrapper's host is nobody's force.
_REDIRECT_WRAPPERS = (
    ("safelinks.protection.outlook.com", "/", "url"),
    ("www.google.com", "/url", "q"),
    ("www.google.co.uk", "/url", "q"),
)


def unwrap_redirect(url: str) -> str:
    """The address inside a known redirect wrapper (Outlook Safe Links, Google's /url), else the URL."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for suffix, path, param in _REDIRECT_WRAPPERS:
        if (host == suffix or host.endswith("." + suffix)) and (parts.path or "/") == path:
            target = next((value for key, value in parse_qsl(parts.query) if key == param), "")
            if target.lower().startswith(("http://", "https://")):
                return target
    return url


def normalise_url(url: str) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets, or its colons read as a port
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def dedupe_key(url: str) -> str:
    """Two normalised URLs that differ only by a trailing slash are the same link."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # kept as written (see extract_links)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") or "/", parts.query, ""))


class RegisterIndex:
    """The register prepared for matching, built once per reconciliation.

    Lookups by domain (walking up the host's labels), by name (one alternation per case rule,
    longest names first) and by path slug, so matching stays linear in the number of links
    however large the register grows.
    """

    def __init__(self, forces: Sequence[Force]) -> None:
        self.domains = {domain: force.id for force in forces for domain in force.domains}
        names = sorted({(name, force.id) for force in forces for name in force.names}, key=lambda p: len(p[0]), reverse=True)
        # Short names ("Met", "GMP", "TVP") are acronyms or proper nouns: their case must match.
        self._short = {name: fid for name, fid in names if len(name) <= 4}
        self._long = {name.lower(): fid for name, fid in names if len(name) > 4}
        self._long_names = [name for name, _ in names if len(name) > 4]
        self.slugs: dict[str, str] = {}
        for force in forces:
            for slug in (force.id, _slug(force.name), *(_slug(a) for a in force.aliases if len(a) > 4)):
                self.slugs.setdefault(slug, force.id)

    def by_host(self, host: str) -> str | None:
        labels = host.lower().rstrip(".").split(".")
        for start in range(len(labels) - 1):
            found = self.domains.get(".".join(labels[start:]))
            if found:
                return found
        return None

    # Compiled when a link first needs matching by name: the alternation of every name takes 35 ms
    # to compile for the 43 forces (and grows with the register), on the path between the
    # source's answer and the run's first request, and most links match by their domain.
    @functools.cached_property
    def _short_pattern(self) -> re.Pattern[str] | None:
        return _alternation(list(self._short), 0)

    @functools.cached_property
    def _long_pattern(self) -> re.Pattern[str] | None:
        return _alternation(self._long_names, re.IGNORECASE)

    def named_in(self, text: str) -> list[str]:
        """Forces named in the text, in order; a longer name hides the shorter ones inside it."""
        if not text:
            return []
        found: list[str] = []
        remaining = text
        if self._long_pattern is not None:
            for match in self._long_pattern.finditer(remaining):
                found.append(self._long[match.group(0).lower()])
            remaining = self._long_pattern.sub(" ", remaining)
        if self._short_pattern is not None:
            found += [self._short[m.group(0)] for m in self._short_pattern.finditer(remaining)]
        return list(dict.fromkeys(found))

    def by_path(self, url: str) -> str | None:
        try:
            path = urlsplit(url).path
        except ValueError:
            return None
        for segment in path.split("/"):
            found = self.slugs.get(segment.lower())
            if found:
                return found
        return None


def _alternation(names: list[str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", flags)


def reconcile(links: Sequence[SourceLink], forces: Sequence[Force]) -> Reconciliation:
    """Which force each link belongs to, which forces have no link, which links match nobody."""
    index = RegisterIndex(forces)
    by_force: dict[str, list[SourceLink]] = {force.id: [] for force in forces}
    unmatched: list[SourceLink] = []
    for link in links:
        matched = match_link(link, index)
        if matched.force_id is not None:
            by_force[matched.force_id].append(matched)
        elif not is_govuk(link.url):
            unmatched.append(matched)
    not_linked = tuple(force.id for force in forces if not by_force[force.id] and not force.optional)
    return Reconciliation(
        links_by_force={fid: tuple(found) for fid, found in by_force.items() if found},
        not_linked=not_linked,
        unmatched=tuple(unmatched),
    )


def match_link(link: SourceLink, register: Sequence[Force] | RegisterIndex) -> SourceLink:
    """Match by the link's domain first, then by the names around it, then by a platform path."""
    index = register if isinstance(register, RegisterIndex) else RegisterIndex(register)
    by_domain = index.by_host(host_of(link.url))
    if by_domain is not None:
        return _with(link, by_domain, "domain")
    if is_govuk(link.url):
        return link
    for text in (link.text, link.context):
        found = index.named_in(text)
        if len(found) == 1:
            return _with(link, found[0], "text")
    by_path = index.by_path(link.url)
    if by_path is not None:
        return _with(link, by_path, "path")
    return link


def host_of(url: str) -> str:
    """The URL's host name, lower case; "" when it has none or cannot be parsed ("http://[::1")."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_govuk(url: str) -> bool:
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in _GOVUK_HOSTS)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _with(link: SourceLink, force_id: str, how: str) -> SourceLink:
    return SourceLink(url=link.url, text=link.text, context=link.context, force_id=force_id, matched_by=how)


def _context_text(anchor: LexborNode) -> str:
    node = anchor.parent
    while node is not None:
        if node.tag in _CONTEXT_TAGS:
            return _clean(node.text(deep=True, separator=" "))[:300]
        if node.tag in ("table", "ul", "ol", "div", "body"):
            break
        node = node.parent
    return ""


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
