"""What the replica serves: sites, routes, behaviours, the NPCC document and the expected outcome.

A behaviour is any callable `behaviour(exchange) -> Response | None` (plain or async). Returning a
Response lets the server write it; returning None means the behaviour wrote to (or broke)
`exchange.writer` itself, for streaming faults, and the server closes the connection afterwards.

State that must survive between requests (e.g. "first request 503, then 200") is kept on the
Scenario instance (`exchange.hits`, `exchange.state`), never in module globals, so two scenarios
never share a counter.
"""

from __future__ import annotations

import asyncio
import pathlib
import threading
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from ._http import Request, Response

Behaviour = Callable[["Exchange"], "Response | None | Awaitable[Response | None]"]

STATUSES = ("published", "not_linked", "not_response", "soft_404", "broken", "unreachable", "blocked")


@dataclass(frozen=True)
class ReplicaForce:
    id: str
    name: str
    domain: str  # the force's first web domain, without "www."


@dataclass(frozen=True)
class Expected:
    """What a correct monitor reports for one force.

    status:      one of STATUSES
    reason_hint: a lower-case word or phrase the monitor's reason/evidence should contain, if any
    planted:     what was deliberately planted for this force (a fault or a source irregularity)
    warnings:    warnings a correct monitor adds (e.g. "redirected" for a stale 301 link)
    """

    status: str
    reason_hint: str | None = None
    planted: str | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; expected one of {STATUSES}")


@dataclass
class NpccLink:
    """One force link in the NPCC response body.

    section: "table" (a row whose header cell is `label`), "list" (a bullet after the table), or
    "letter" (inline in the letter's prose).
    """

    force_id: str | None
    label: str
    url: str
    text: str
    section: str = "table"


@dataclass
class NpccDocument:
    """The NPCC response, rendered at request time so tests can change it between runs."""

    links: list[NpccLink]
    # How the force links are laid out (govuk.LINK_LAYOUTS): "table", "list", "paragraphs",
    # "unnamed" (link text naming no force) or "documents" (straight to plan documents).
    layout: str = "table"
    first_published_at: str = "2025-01-08T10:00:00.000+00:00"
    public_updated_at: str = "2025-03-14T09:30:00.000+00:00"
    updated_at: str = "2025-03-14T09:30:12.431+00:00"


@dataclass
class Exchange:
    """One request being answered: what a behaviour sees."""

    request: Request
    scenario: Scenario
    writer: asyncio.StreamWriter
    hits: int  # 1-based: how many requests this scenario has had for this host+path, this one included
    state: dict[str, Any]  # per host+path scratch space, kept on the scenario
    status: int | None = None  # a raw behaviour sets this for the access log
    bytes_sent: int = 0
    keep_alive: bool = True
    finished: float | None = None  # time.monotonic() when the server was done with it
    reader: asyncio.StreamReader | None = None  # the connection's read side, to notice a client that left

    async def send(self, data: bytes) -> None:
        """Write raw bytes to the client (counted in the access log before they leave).

        Raises ConnectionResetError once the client has hung up. asyncio's TLS transport silently
        drops writes after the peer's close_notify (no error, drain() returns at once), so a
        streaming fault would otherwise spin on and over-count bytes_sent; our clients never
        half-close after a request, so EOF on the read side means they are gone.
        """
        if self.reader is not None and self.reader.at_eof():
            raise ConnectionResetError("the client closed the connection")
        self.bytes_sent += len(data)
        self.writer.write(data)
        await self.writer.drain()
        await asyncio.sleep(0)  # drain() need not suspend; let the loop deliver the client's EOF


def normalise_path(path: str) -> str:
    """Routes ignore a trailing slash: '/a/b/' and '/a/b' are one resource."""
    return path.rstrip("/") or "/"


@dataclass
class Site:
    """One web site, answering on one or more host names (e.g. the bare domain and www.)."""

    hosts: tuple[str, ...]
    not_found: Behaviour
    routes: dict[str, Behaviour] = field(default_factory=dict)
    force_id: str | None = None
    # Serve another certificate to this site's hosts: "expired", "untrusted", or a PEM file's path
    # (private key + certificate chain), e.g. one a test issued with trustme.
    tls: str | None = None

    @property
    def host(self) -> str:
        return self.hosts[0]

    def route(self, path: str, behaviour: Behaviour) -> Site:
        self.routes[normalise_path(path)] = behaviour
        return self

    def resolve(self, path: str) -> tuple[str, Behaviour]:
        key = normalise_path(path)
        return key, self.routes.get(key, self.not_found)


@dataclass
class Scenario:
    """Everything the replica serves, and what a correct monitor should conclude from it.

    sites:        host name -> Site (a site with several host names appears under each)
    expected:     force id -> Expected, for every force the scenario was built for
    npcc:         the NPCC response document the GOV.UK routes render
    forces:       the forces the scenario was built for
    unknown_host: answers requests for hosts with no site
    http_upgrade: plain-HTTP requests to known hosts are redirected to https (as real sites do)
    """

    sites: dict[str, Site]
    expected: dict[str, Expected]
    npcc: NpccDocument
    forces: list[ReplicaForce]
    unknown_host: Behaviour
    http_upgrade: bool = True
    _hits: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _state: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- lookups -------------------------------------------------------------------------------

    def hosts(self) -> list[str]:
        return sorted(self.sites)

    def site_for(self, host: str) -> Site | None:
        return self.sites.get(host)

    def force(self, force_id: str) -> ReplicaForce:
        for force in self.forces:
            if force.id == force_id:
                return force
        raise KeyError(force_id)

    def link_for(self, force_id: str) -> str | None:
        """The first URL the NPCC response links for this force (None when not linked)."""
        for link in self.npcc.links:
            if link.force_id == force_id:
                return link.url
        return None

    # -- changing a scenario (mutates in place; returns self so calls chain) ---------------------

    def add_site(self, site: Site) -> Scenario:
        for host in site.hosts:
            self.sites[host] = site
        return self

    def with_route(self, host: str, path: str, behaviour: Behaviour) -> Scenario:
        """Serve `behaviour` at host+path; creates a bare site (404 elsewhere) for a new host."""
        site = self.sites.get(host)
        if site is None:
            from .behaviours import plain_not_found  # local: behaviours imports this module

            site = Site(hosts=(host,), not_found=plain_not_found())
            self.add_site(site)
        site.route(path, behaviour)
        return self

    def replace(self, force_id: str, behaviour: Behaviour, expected: Expected | None = None) -> Scenario:
        """Serve `behaviour` at the URL the NPCC response links for this force."""
        url = self.link_for(force_id)
        if url is None:
            raise KeyError(f"{force_id} is not linked from the NPCC response")
        host, path = split_url(url)
        self.with_route(host, path, behaviour)
        if expected is not None:
            self.expected[force_id] = expected
        return self

    def unlink(self, force_id: str) -> Scenario:
        """Drop every NPCC link for this force; a correct monitor then reports it not_linked."""
        self.npcc.links = [link for link in self.npcc.links if link.force_id != force_id]
        self.expected[force_id] = Expected("not_linked", None, "removed from the NPCC response")
        return self

    # -- per-scenario request state --------------------------------------------------------------

    def count_hit(self, host: str, key: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            n = self._hits.get((host, key), 0) + 1
            self._hits[(host, key)] = n
            return n, self._state.setdefault((host, key), {})

    def reset_state(self) -> None:
        """Forget hit counts and behaviour state (e.g. so "first request 503" fires again)."""
        with self._lock:
            self._hits.clear()
            self._state.clear()


def split_url(url: str) -> tuple[str, str]:
    """'https://www.kent.police.uk/a/b?x=1#f' -> ('www.kent.police.uk', '/a/b')."""
    rest = url.split("://", 1)[1] if "://" in url else url
    authority, _, tail = rest.partition("/")
    path = "/" + tail.split("#", 1)[0].split("?", 1)[0]
    return authority.split(":", 1)[0].lower(), path


def load_forces(path: str | pathlib.Path | None = None) -> list[ReplicaForce]:
    """Read config/forces.toml (the first domain of each force). Skips optional forces."""
    if path is None:
        path = pathlib.Path(__file__).resolve().parents[2] / "config" / "forces.toml"
    data = tomllib.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    return [
        ReplicaForce(id=f["id"], name=f["name"], domain=f["domains"][0])
        for f in data.get("force", [])
        if not f.get("optional", False)
    ]
