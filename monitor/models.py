"""Frozen dataclasses and enums that cross module boundaries.

Everything here is plain data: no I/O, no behaviour beyond small derived properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """The status of one force in one run (DESIGN.md, "Status of one force in one run")."""

    PUBLISHED = "published"
    NOT_LINKED = "not_linked"
    NOT_RESPONSE = "not_response"
    SOFT_404 = "soft_404"
    BROKEN = "broken"
    UNREACHABLE = "unreachable"
    BLOCKED = "blocked"

    @property
    def category(self) -> str:
        """ok, missing, broken or unverified: how the status counts."""
        return _CATEGORY[self]

    @property
    def label(self) -> str:
        """The status in words, for people."""
        return _LABEL[self]


_CATEGORY = {
    Status.PUBLISHED: "ok",
    Status.NOT_LINKED: "missing",
    Status.NOT_RESPONSE: "missing",
    Status.SOFT_404: "broken",
    Status.BROKEN: "broken",
    Status.UNREACHABLE: "broken",
    Status.BLOCKED: "unverified",
}

_LABEL = {
    Status.PUBLISHED: "published",
    Status.NOT_LINKED: "not linked",
    Status.NOT_RESPONSE: "not the response",
    Status.SOFT_404: "soft 404",
    Status.BROKEN: "broken",
    Status.UNREACHABLE: "unreachable",
    Status.BLOCKED: "blocked",
}

# Display order for summaries: good news first, then the problems by severity.
STATUS_ORDER: tuple[Status, ...] = (
    Status.PUBLISHED,
    Status.BROKEN,
    Status.SOFT_404,
    Status.UNREACHABLE,
    Status.NOT_RESPONSE,
    Status.NOT_LINKED,
    Status.BLOCKED,
)


class ErrorKind(StrEnum):
    """Why a fetch produced no usable response; decides broken / unreachable / blocked."""

    DNS = "dns"
    CONNECT = "connect"
    TIMEOUT = "timeout"
    TLS = "tls"
    PROTOCOL = "protocol"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    FORBIDDEN_ADDRESS = "forbidden_address"
    BAD_URL = "bad_url"
    ROBOTS = "robots"
    RETRY_AFTER = "retry_after"


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    override_url: str | None = None
    note: str | None = None
    robots: bool = True
    optional: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the force goes by, longest first (so "West Midlands Police" beats "West")."""
        return tuple(sorted({self.name, *self.aliases}, key=len, reverse=True))


@dataclass(frozen=True)
class SourceLink:
    """One link found in the NPCC response body."""

    url: str
    text: str
    context: str = ""  # the table row or list item the link sits in
    force_id: str | None = None
    matched_by: str | None = None  # "domain", "text" or "path"


@dataclass(frozen=True)
class SourceSnapshot:
    """What one run saw of the NPCC response."""

    url: str  # the URL actually read
    kind: str  # "content_api" or "html"
    content_hash: str
    title: str | None
    public_updated_at: str | None
    updated_at: str | None
    links: tuple[SourceLink, ...]
    fallback_reason: str | None = None  # why the Content API was not used, if it was not


@dataclass(frozen=True)
class Reconciliation:
    """The source's links set against the register."""

    links_by_force: dict[str, tuple[SourceLink, ...]]
    not_linked: tuple[str, ...]
    unmatched: tuple[SourceLink, ...]


@dataclass(frozen=True)
class Hop:
    """One response in a redirect chain."""

    url: str
    status: int
    location: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """Everything one GET told us, or why it could not tell us anything.

    fetch.py is the only producer; it never raises for a bad page or a bad network.
    """

    url: str
    final_url: str
    status_code: int | None = None
    hops: tuple[Hop, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    body: bytes = b""
    text: str | None = None  # decoded body for text types
    elapsed_ms: int = 0
    attempts: int = 1
    error_kind: ErrorKind | None = None
    error: str | None = None
    truncated: bool = False
    not_modified: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error_kind is None and self.status_code is not None and 200 <= self.status_code < 300

    @property
    def redirected(self) -> bool:
        return len(self.hops) > 1


@dataclass(frozen=True)
class Verdict:
    """verify.py's answer for one page (and the documents it links)."""

    status: Status
    reason: str
    score: float = 0.0
    evidence: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    text: str | None = None  # the text that was verified (page main text or document text)


@dataclass(frozen=True)
class Check:
    """One force in one run: the verdict plus the fetch evidence, as stored."""

    force_id: str
    status: Status
    reason: str
    url: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    elapsed_ms: int | None = None
    score: float = 0.0
    warnings: tuple[str, ...] = ()
    redirect_chain: tuple[Hop, ...] = ()
    content_hash: str | None = None
    title: str | None = None
    bytes: int | None = None
    error: str | None = None
    used_override: bool = False
    evidence: dict[str, Any] = field(default_factory=dict)
    text: str | None = None  # verified text, kept for content-change diffs


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    started: str
    finished: str | None
    state: str  # running, complete, aborted, source_error
    checks: tuple[Check, ...]
    source: SourceSnapshot | None = None
    unmatched: tuple[SourceLink, ...] = ()
    source_problem: str | None = None

    def counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in STATUS_ORDER}
        for check in self.checks:
            counts[check.status.value] += 1
        return counts

    @property
    def all_published(self) -> bool:
        return bool(self.checks) and all(c.status is Status.PUBLISHED for c in self.checks)
