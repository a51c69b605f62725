"""Frozen dataclasses and enums that cross module boundaries.

Everything here is plain data: no I/O, no behaviour beyond small derived properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit


def utc_iso(moment: datetime) -> str:
    """A time as the monitor stores and exchanges it: UTC, to the second, "+00:00" (so stored
    times compare as text). The one place that says so."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


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


class RunState(StrEnum):
    """How a run ended (or that it has not): stored as its value in `runs.state`."""

    RUNNING = "running"
    COMPLETE = "complete"
    ABORTED = "aborted"  # did not finish (interrupted, the process stopped): never half-counted
    SOURCE_ERROR = "source_error"  # the NPCC response could not be read, or the source guard refused it


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
    # Read the force's page in a browser even when it does not look like an empty shell
    # (only when [render] is enabled): for a site whose server-side text misleads.
    render: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the force goes by, longest first (so "West Midlands Police" beats "West")."""
        return tuple(sorted({self.name, *self.aliases}, key=len, reverse=True))

    def off_domain_host(self, url: str | None) -> str | None:
        """The URL's host when it is outside the force's registered domains (None when inside, when
        the register gives no domains to judge by, or for no URL)."""
        if not url or not self.domains:
            return None
        try:
            host = (urlsplit(url).hostname or "").lower().rstrip(".")
        except ValueError:  # a malformed link (an unclosed IPv6 literal) is on no force's domain
            return url
        if any(host == domain or host.endswith("." + domain) for domain in self.domains):
            return None
        return host or url

    def off_domain_warning(self, host: str) -> str:
        """The words every output shows beside a force whose link is off its registered domains."""
        return f"hosted off {self.name}'s registered domains: {host}"


@dataclass(frozen=True)
class Recommendation:
    """One of the report's recommendations to chief constables (config/recommendations.toml)."""

    id: str
    title: str
    theme: str
    deadline: str  # YYYY-MM-DD
    phrases: tuple[str, ...]  # distinctive phrases of its wording, lower case
    number: int | None = None  # the report's number, where known
    to: str = "chief constables"
    confidence: str = "confirmed"  # confirmed, one source or gist

    @property
    def label(self) -> str:
        """'Recommendation 7' where the number is known, else its title."""
        return f"Recommendation {self.number}" if self.number is not None else self.title


@dataclass(frozen=True)
class Addressed:
    """Where a response answers one recommendation: coverage, which no link checker has."""

    recommendation: str  # Recommendation.id
    quote: str  # the words on the page that show it (as written, short)
    where: str  # "page", or the plan document's file name
    how: str  # "quoted" (its wording, fuzzily), "numbered" (e.g. "Recommendation 7", "7.1")
    similarity: int = 100  # 0-100, how closely the quoted wording matched
    number: int | None = None  # the report's number, where known
    title: str = ""  # the register's short title

    def evidence(self) -> dict[str, Any]:
        return {"recommendation": self.recommendation, "number": self.number, "title": self.title,
                "quote": self.quote, "where": self.where, "how": self.how, "similarity": self.similarity}


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")


@dataclass(frozen=True)
class ForceCoverage:
    """Which of the report's recommendations a force's response answers, and the latest update it
    states, as its newest published check's evidence recorded them. Derived, never stored: the
    checks table already holds the evidence (`status`, `report` and the digest read it back)."""

    force_id: str
    run_id: int
    checked_at: str
    answered: tuple[Addressed, ...] = ()
    latest_update: str | None = None  # "March 2026"
    latest_update_quote: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.recommendation for item in self.answered)

    @property
    def update_key(self) -> tuple[int, int] | None:
        """(year, month) of the latest update, to tell a newer one from an older; None if unknown."""
        parts = (self.latest_update or "").split()
        if len(parts) != 2 or parts[0].lower() not in _MONTH_NAMES or not parts[1].isdigit():
            return None
        return int(parts[1]), _MONTH_NAMES.index(parts[0].lower()) + 1

    @classmethod
    def from_evidence(cls, force_id: str, run_id: int, checked_at: str,
                      evidence: dict[str, Any]) -> ForceCoverage | None:
        """The coverage a check's evidence holds; None when it holds none (not a response, or a
        check made before coverage was recorded). Stored JSON is read defensively: an item
        without a recommendation id is skipped, never a crash."""
        items = evidence.get("coverage")
        if not isinstance(items, list):
            return None
        answered = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("recommendation"), str):
                continue
            number = item.get("number")
            answered.append(Addressed(
                recommendation=item["recommendation"], quote=str(item.get("quote") or ""),
                where=str(item.get("where") or ""), how=str(item.get("how") or ""),
                similarity=int(item.get("similarity") or 0),
                number=number if isinstance(number, int) else None, title=str(item.get("title") or "")))
        latest = evidence.get("latest_update")
        quote = evidence.get("latest_update_quote")
        return cls(force_id, run_id, checked_at, tuple(answered),
                   latest if isinstance(latest, str) else None, quote if isinstance(quote, str) else None)


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

    monitor/http (its Fetcher) is the only producer; it never raises for a bad page or a bad network.
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
class LinkState:
    """What one link's check keeps for the next run's check of the same link: never evidence,
    never shown. The store keeps it in its own table, one row per (force, link).

    etag, last_modified: the validators of a conditional request, kept only when a 304 could
      stand for the verdict (a page's own content decided it; no plan documents, no browser).
    page_key, inputs_key: memo.py's keys of what the verdict was made from: the page alone, and
      the page with its host's not-found answer and its plan documents as fetched.
    plan: the plan documents the page linked (fetched again without reading the page when its
      key is the same); None: not known.
    warnings: the verdict's own warnings, given again with a kept verdict.
    """

    etag: str | None = None
    last_modified: str | None = None
    page_key: str | None = None
    inputs_key: str | None = None
    plan: tuple[str, ...] | None = None
    warnings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self == LinkState()


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
    # What the next run's check of this link starts from; stored apart from the evidence people read.
    link_state: LinkState | None = None


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    started: str
    finished: str | None
    state: RunState | str  # a RunState; a plain str from rows recorded before it compares the same
    checks: tuple[Check, ...]
    source: SourceSnapshot | None = None
    unmatched: tuple[SourceLink, ...] = ()
    source_problem: str | None = None
    # Confirmed state changes this run produced (store.complete_run), oldest first.
    events: tuple[Event, ...] = ()

    def counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in STATUS_ORDER}
        for check in self.checks:
            counts[check.status.value] += 1
        return counts

    @property
    def all_published(self) -> bool:
        return bool(self.checks) and all(c.status is Status.PUBLISHED for c in self.checks)

    def __repr__(self) -> str:
        # Short on purpose. asyncio.run builds the repr of its main task, result included, when
        # it restores the Ctrl-C handler at the end of a run (signal.getsignal formats the handler,
        # a partial holding the task): the generated repr of 10,000 checks with their evidence cost
        # 1.7 s and 270 MB at the very end of the run, only to be cut to 30 characters.
        return (f"RunSummary(run_id={self.run_id!r}, state={self.state!r}, started={self.started!r}, "
                f"finished={self.finished!r}, checks=<{len(self.checks)}>, events=<{len(self.events)}>)")


@dataclass(frozen=True)
class Event:
    """A confirmed change of a force's state: `confirm_runs` consecutive observations agreed.

    from_status: the confirmed status before, or None for the force's first confirmed state.
    to_status:   the newest agreeing observation's status.
    at:          when the new state began: the first of the agreeing observations.
    confirmed_at, run_id: the observation (and run) that confirmed it.
    first_run_id: the run of the first agreeing observation.
    """

    id: int
    force_id: str
    from_status: Status | None
    to_status: Status
    at: str
    confirmed_at: str
    run_id: int
    first_run_id: int
    reason: str = ""

    @property
    def first(self) -> bool:
        """The force's first confirmed state (nothing was confirmed before it)."""
        return self.from_status is None


