"""Synthetic mode: a web of N force links over H hosts, every answer delayed by L, for benchmarks.

    web = synthetic_web(SyntheticSpec(links=10_000, hosts=500, latency=0.1))
    with Replica(web.scenario) as replica: ...
    web.forces          # ReplicaForce per link: build the monitor's register from these
    web.requests()      # what a correct monitor must ask each host for (for a lower bound)

Hosts are Host-based virtual hosts `h<j>.replica.test` (the replica's certificate covers
`*.replica.test`); link i goes to host i mod H, so every host has N/H links. Each force's page
is one of the replica's own site templates with a real response text (the same words a check of
the demo reads), named for that force and padded with an inline script to a seeded log-normal
size. Every answer, robots.txt and not-found pages included, waits `latency` seconds first.

Reconciliation stays linear: links sit in a bulleted list whose text names no force, and their
path carries the force id (`/police-forces/<id>/...`, as on the Single Online Home platform), so
each link is matched by one dictionary lookup on a path segment. Force domains are never linked
(`<id>.forces.replica.test`), so pages are off the force's domain and name it instead, as pages
on a shared platform do.

`spec.register` switches to the real shape: one host per force (`www.<domain>`), links in the
NPCC table under the force's name, matched by domain.

Failures, seeded: a share of links answer 404 (soft 404 on hosts that answer unknown paths with
200), a share never answer (the monitor's read timeout ends them), and a share of hosts answer
unknown paths with a 200 "can't find that page". A share of pages are landing pages whose plan
document (a PDF) is the response. Stdlib only, like the rest of the replica.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import content, govuk
from ._http import Response
from .default import misdirected
from .pdf import make_pdf
from .scenario import Behaviour, Exchange, Expected, NpccDocument, NpccLink, ReplicaForce, Scenario, Site
from .sites import CIVIC, CLASSIC, CYMRU, SOH, Template, slug

if TYPE_CHECKING:
    from .server import AccessRecord

HTML = "text/html; charset=utf-8"
SYNTHETIC_DOMAIN = "replica.test"
# A name and a path no template writes, replaced by each force's own when a page is served.
_MARK = "Synthmarker Constabulary"
_MARK_SLUG = slug(_MARK)
_PDF_MARK = "/synthmarker-plan-document.pdf"
_TEMPLATES: tuple[Template, ...] = (SOH, CIVIC, CLASSIC, CYMRU)
# Page variants built once (template x wording); each force is served one, with its own name.
_VARIANTS = 16
# Sizes of whole HTML pages, bytes: log-normal around the median, clipped.
MAX_PAGE_BYTES = 300_000

# Link kinds.
PAGE = "page"  # the response, as an HTML page
LANDING = "landing"  # a landing page linking the plan document (PDF), which is the response
NOT_FOUND = "not_found"  # the link answers 404 (or the host's 200 not-found page)
TIMEOUT = "timeout"  # the link never answers in time


@dataclass(frozen=True)
class SyntheticSpec:
    """What to build. Shares are fractions of links (or of hosts, for soft_404_hosts)."""

    links: int
    hosts: int
    latency: float  # seconds before every answer
    seed: int = 8
    not_found: float = 0.02
    timeouts: float = 0.0
    landing: float = 0.0
    soft_404_hosts: float = 0.05
    page_median_bytes: int = 40_000
    page_sigma: float = 0.5
    # How long a TIMEOUT link holds its answer back (the monitor gives up long before).
    hang_seconds: float = 120.0
    # The real register's shape instead: one host per force, www.<domain>; links >= len(register).
    register: tuple[ReplicaForce, ...] = ()
    # The hosts' parent domain. The replica's certificate covers only replica.test; another needs a
    # certificate of its own on each site (Site.tls), as bench/side_by_side.py gives one for lychee,
    # which skips every name under a reserved TLD (.test, .example, .invalid, .localhost).
    domain: str = SYNTHETIC_DOMAIN


@dataclass
class SyntheticWeb:
    spec: SyntheticSpec
    scenario: Scenario
    forces: list[ReplicaForce]
    host_of: dict[str, str]  # force id -> host its link goes to
    kind_of: dict[str, str]  # force id -> PAGE, LANDING, NOT_FOUND or TIMEOUT
    page_bytes: dict[str, int] = field(default_factory=dict)  # force id -> size of its page (served ones)
    soft_404_hosts: frozenset[str] = frozenset()

    def requests(self) -> dict[str, Counter[str]]:
        """Per host: the fewest requests a correct monitor makes, by kind.

        robots (one per host), page (one per link answered at once), timeout (links that never
        answer: each ties up a connection until the monitor gives up), document (one per landing
        page) and probe (one per host with a page that loaded: the not-found probe).
        """
        per_host: dict[str, Counter[str]] = {}
        for force in self.forces:
            host, kind = self.host_of[force.id], self.kind_of[force.id]
            counts = per_host.setdefault(host, Counter())
            counts["robots"] = 1
            if kind == TIMEOUT:
                counts["timeout"] += 1
                continue
            counts["page"] += 1
            if kind == LANDING:
                counts["document"] += 1
            if kind != NOT_FOUND or host in self.soft_404_hosts:
                counts["probe"] = 1
        return per_host


# The path of the monitor's not-found probe begins so (monitor/probes.py PROBE_PATH; the replica
# imports nothing of the monitor's).
PROBE_PREFIX = "/force-monitor-probe-"


def request_kind(record: AccessRecord) -> str:
    """What a request the replica answered was, in SyntheticWeb.requests()'s terms (and source,
    the NPCC response): the measure of what a monitor really asked for."""
    if record.host == "www.gov.uk":
        return "source"
    if record.path == "/robots.txt":
        return "robots"
    if record.path.startswith(PROBE_PREFIX):
        return "probe"
    return "document" if record.path.endswith(".pdf") else "page"


def synthetic_web(spec: SyntheticSpec) -> SyntheticWeb:
    if spec.links < 1 or spec.hosts < 1:
        raise ValueError("a synthetic web needs at least one link and one host")
    if spec.register and len(spec.register) < spec.links:
        raise ValueError(f"the register has {len(spec.register)} forces, fewer than {spec.links} links")
    rng = random.Random(spec.seed)
    delay = spec.latency
    scenario = Scenario(sites={}, expected={}, npcc=NpccDocument(links=[]), forces=[], unknown_host=misdirected())
    _add_govuk(scenario, delay)
    pages = [_variant(k, landing=False) for k in range(_VARIANTS)]
    landings = [_variant(k, landing=True) for k in range(_VARIANTS)]
    pdfs = [_plan_pdf(k) for k in range(_VARIANTS)]
    filler = _filler(MAX_PAGE_BYTES)

    if spec.register:
        forces = list(spec.register[: spec.links])
        host_names = [f"www.{force.domain}" for force in forces]
    else:
        forces = [ReplicaForce(id=f"sf{i:05d}", name=f"Synthetic Constabulary {i:05d}", domain=f"sf{i:05d}.forces.{spec.domain}")
                  for i in range(spec.links)]
        host_names = [f"h{j}.{spec.domain}" for j in range(spec.hosts)]
    soft = frozenset(host for host in host_names if rng.random() < spec.soft_404_hosts)
    sites: dict[str, Site] = {}
    for index, host in enumerate(host_names):
        template = _TEMPLATES[index % len(_TEMPLATES)]
        if host in sites:
            continue
        owner = ReplicaForce(id=f"host-{index}", name=host, domain=host)
        missing = (template.soft_not_found(owner), 200) if host in soft else (template.not_found(owner), 404)
        site = Site(hosts=(host,), not_found=_fixed(missing[0].encode(), delay, status=missing[1], headers=template.server_headers))
        site.route("/robots.txt", _fixed(template.robots(owner, host).encode(), delay, content_type="text/plain; charset=utf-8"))
        sites[host] = site
        scenario.add_site(site)

    web = SyntheticWeb(spec=spec, scenario=scenario, forces=forces, host_of={}, kind_of={}, soft_404_hosts=soft)
    for index, force in enumerate(forces):
        host = host_names[index % len(host_names)]
        site = sites[host]
        roll = rng.random()
        kind = (NOT_FOUND if roll < spec.not_found
                else TIMEOUT if roll < spec.not_found + spec.timeouts
                else LANDING if rng.random() < spec.landing
                else PAGE)
        variant = rng.randrange(_VARIANTS)
        size = min(MAX_PAGE_BYTES, int(spec.page_median_bytes * math.exp(rng.gauss(0.0, spec.page_sigma))))
        if spec.register:
            path = _TEMPLATES[index % len(_TEMPLATES)].response_path(force)
        else:
            path = f"/police-forces/{force.id}/about-us/stalking-super-complaint-response/"
        pdf_path = path.rstrip("/") + "/stalking-super-complaint-action-plan.pdf"
        served = (landings if kind == LANDING else pages)[variant]
        body = _personalise(served, force, pdf_path, filler, size)
        if kind == PAGE or kind == LANDING:
            site.route(path, _fixed(body, delay))
            web.page_bytes[force.id] = len(body)
        if kind == LANDING:
            site.route(pdf_path, _fixed(pdfs[variant], delay, content_type="application/pdf"))
        if kind == TIMEOUT:
            site.route(path, _fixed(body, spec.hang_seconds))
        expected = {PAGE: Expected("published"), LANDING: Expected("published", planted="a landing page linking its plan document"),
                    NOT_FOUND: Expected("soft_404" if host in soft else "broken", planted="the link answers not found"),
                    TIMEOUT: Expected("unreachable", "timed out", planted="the link never answers")}[kind]
        scenario.expected[force.id] = expected
        web.host_of[force.id] = host
        web.kind_of[force.id] = kind
        if spec.register:
            link = NpccLink(force.id, force.name, f"https://{host}{path}", f"{force.name} response", "table")
        else:
            link = NpccLink(force.id, force.name, f"https://{host}{path}", "Read the response", "list")
        scenario.npcc.links.append(link)
    scenario.forces = forces
    return web


# -- building blocks ----------------------------------------------------------------------------------


def _fixed(body: bytes, delay: float, *, status: int = 200, content_type: str = HTML,
           headers: Sequence[tuple[str, str]] = ()) -> Behaviour:
    """The same answer every time, after `delay` seconds."""
    base = [("Content-Type", content_type), *headers]

    def behaviour(ex: Exchange) -> Response:
        return Response(status, body, list(base), delay=delay)

    return behaviour


def _add_govuk(scenario: Scenario, delay: float) -> None:
    site = Site(hosts=("www.gov.uk",), not_found=govuk.serve_not_found())
    site.route(govuk.CONTENT_API_PREFIX + govuk.NPCC_PATH, _delayed_async(delay, govuk.serve_content_item()))
    site.route(govuk.NPCC_PATH, _delayed_async(delay, govuk.serve_npcc_page()))
    scenario.add_site(site)


def _delayed_async(delay: float, inner: Behaviour) -> Behaviour:
    from .behaviours import run

    async def behaviour(ex: Exchange) -> Response | None:
        response = await run(inner, ex)
        if response is not None:
            response.delay = delay
        return response

    return behaviour


def _variant(k: int, *, landing: bool) -> str:
    """One page wording in one site template, naming the marker force (replaced when served)."""
    template = _TEMPLATES[k % len(_TEMPLATES)]
    mark = ReplicaForce(id=f"variant-{k}", name=_MARK, domain=f"{_MARK_SLUG}.{SYNTHETIC_DOMAIN}")
    title = content.heading(mark)
    crumbs = ("About us", title)
    main = (content.landing_main(mark, _PDF_MARK, f"{90 + 7 * k}KB") if landing
            else content.response_main(mark))
    return template.page(mark, title, main, crumbs=crumbs)


def _plan_pdf(k: int) -> bytes:
    mark = ReplicaForce(id=f"variant-{k}", name="The force", domain=SYNTHETIC_DOMAIN)
    return make_pdf(content.plan_blocks(mark), title="Stalking super-complaint action plan", author="The force")


def _personalise(page: str, force: ReplicaForce, pdf_path: str, filler: str, size: int) -> bytes:
    """The variant named for this force, padded with an inline script to about `size` bytes."""
    html = page.replace(_MARK, force.name).replace(_MARK_SLUG, slug(force.name)).replace(_PDF_MARK, pdf_path)
    room = size - len(html) - 80
    if room > 0:
        html = html.replace("</body>", f'<script type="application/json" id="site-data">{filler[:room]}</script>\n</body>', 1)
    return html.encode("utf-8")


def _filler(size: int) -> str:
    """JSON of the kind sites inline (menus, settings, analytics): text a parser must skip."""
    item = ('{"id":%d,"title":"Report a crime","url":"/ro/report/ocr/af/how-to-report-a-crime/","children":[],'
            '"analytics":{"category":"navigation","action":"click","label":"menu-%d"},"visible":true},')
    parts, length, n = ["["], 1, 0
    while length < size:
        piece = item % (n, n)
        parts.append(piece)
        length += len(piece)
        n += 1
    return "".join(parts)

