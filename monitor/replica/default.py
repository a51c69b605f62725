"""The demo scenario: GOV.UK's NPCC response, one site per force, and a planted fault per tricky case.

Every planted fault and source irregularity is named here by force id and recorded in
`scenario.expected`, so a test can compare a monitor's verdicts with what was planted.
Forces this module has no plan for (e.g. a test's own list) get a fine response page.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from . import content, govuk
from ._http import Response
from .behaviours import delayed, fail_first, page, redirect, redirect_to_host
from .docx import DOCX_TYPE, make_docx
from .pdf import make_pdf
from .scenario import Behaviour, Exchange, Expected, NpccDocument, NpccLink, ReplicaForce, Scenario, Site
from .sites import CIVIC, CLASSIC, CYMRU, SOH, Template

TEMPLATE_FOR: dict[str, Template] = {
    **{fid: CIVIC for fid in ("avon-and-somerset", "greater-manchester", "lancashire", "durham",
                              "gloucestershire", "northumbria", "west-midlands", "south-yorkshire")},
    **{fid: CLASSIC for fid in ("city-of-london", "merseyside", "west-yorkshire", "lincolnshire")},
    **{fid: CYMRU for fid in ("dyfed-powys", "gwent", "north-wales", "south-wales")},
}

# Source irregularities: how the NPCC body links a force.
LINK_TEXT = {
    "bedfordshire": "Read the response",
    "cambridgeshire": "Read the response",
    "northamptonshire": "Read the response",
    "lancashire": "here",
    "south-yorkshire": "here",
}
ROW_ALIAS = {"metropolitan": "Met Police", "greater-manchester": "GMP"}
LISTED_AFTER_TABLE = ("north-wales", "south-wales", "warwickshire", "west-mercia")
NO_WWW = ("sussex",)
SUBDOMAIN = {"west-yorkshire": "news"}
DUPLICATED = ("hertfordshire",)
NOT_LINKED = ("wiltshire",)

# Site shapes.
PDF_PLAN = ("avon-and-somerset", "durham", "suffolk")
# A news item that links the plan as a Word document (as South Wales and Leicestershire published).
DOCX_NEWS = ("south-wales",)
STALE_LINK = ("staffordshire", "gloucestershire")
SOFT_404_SITES = ("derbyshire", "cumbria")
UNHYPHENATED = ("leicestershire",)

HTML = "text/html; charset=utf-8"
PCC_HOST = "www.example-pcc.org.uk"
PCC_PATH = "/news/commissioner-statement-on-the-stalking-super-complaint/"

CHALLENGE_HTML = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1">
<style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}body{display:flex;flex-direction:column;height:100vh;min-height:100vh}.main-content{margin:8rem auto;max-width:60rem;padding-left:1.5rem}</style>
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">%(host)s</h1><h2 class="h2" id="challenge-running">Verifying you are human. This may take a few seconds.</h2>
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
<div id="challenge-body-text" class="core-msg spacer">%(host)s needs to review the security of your connection before proceeding.</div>
</div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "%(host)s",cType: 'managed',cRay: '8f2c1a9b7d3e4f50',cH: 'Xq1.rZ4kUu8',cUPMDTk: "\\/?__cf_chl_tk=abc123",cFPWv: 'g',cITimeS: '1741944612'};var cpo=document.createElement('script');cpo.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f2c1a9b7d3e4f50';document.getElementsByTagName('head')[0].appendChild(cpo);}());</script>
<div class="footer" role="contentinfo"><div class="footer-inner"><div class="text-center">Ray ID: <code>8f2c1a9b7d3e4f50</code></div>
<div class="text-center">Performance &amp; security by Cloudflare</div></div></div></body></html>"""

UNAVAILABLE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>
<body><h1>Service unavailable</h1><p>We're sorry, this page is temporarily unavailable while we carry out
maintenance. Please try again in a few minutes.</p></body></html>"""


def bot_challenge() -> Behaviour:
    """Cloudflare's managed challenge: 403 with cf-mitigated: challenge."""

    def behaviour(ex: Exchange) -> Response:
        body = CHALLENGE_HTML % {"host": escape(ex.request.host)}
        return Response(
            403,
            body,
            [
                ("Content-Type", "text/html; charset=UTF-8"),
                ("cf-mitigated", "challenge"),
                ("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"),
                ("Cross-Origin-Embedder-Policy", "require-corp"),
                ("Server", "cloudflare"),
                ("CF-RAY", "8f2c1a9b7d3e4f50-LHR"),
            ],
        )

    return behaviour


def misdirected() -> Behaviour:
    def behaviour(ex: Exchange) -> Response:
        text = f"replica: no site for host {ex.request.host!r}; add one to the scenario\n"
        return Response(421, text, [("Content-Type", "text/plain; charset=utf-8")])

    return behaviour


def _html(t: Template, body: str, status: int = 200) -> Behaviour:
    return page(body, status=status, content_type=HTML, headers=t.server_headers)


def _pdf(body: bytes) -> Behaviour:
    return page(body, content_type="application/pdf", headers=(("Accept-Ranges", "bytes"),))


def canonical(html: str, url: str) -> str:
    """The page with <link rel="canonical"> naming its address, as force sites write it."""
    return html.replace("</head>", f'<link rel="canonical" href="{escape(url)}">\n</head>', 1)


def _size_label(n: int) -> str:
    return f"{max(1, round(n / 1024))}KB"


def default_scenario(forces: Iterable[ReplicaForce], *, npcc_layout: str = "table") -> Scenario:
    """The demo: every force's site, the NPCC response linking them, and the planted faults.

    npcc_layout picks how the NPCC letter lays out its force links (govuk.LINK_LAYOUTS); the real
    page's layout is not known, so a parser is tested against each. The planted faults and the
    expected statuses are the same in every layout.
    """
    if npcc_layout not in govuk.LINK_LAYOUTS:
        raise ValueError(f"unknown NPCC link layout {npcc_layout!r}; expected one of {govuk.LINK_LAYOUTS}")
    forces = list(forces)
    npcc = NpccDocument(links=[], layout=npcc_layout)
    scenario = Scenario(sites={}, expected={}, npcc=npcc, forces=forces, unknown_host=misdirected())
    _add_govuk(scenario)
    _add_other_sites(scenario)
    for force in forces:
        _add_force(scenario, force)
    table = sorted((l for l in scenario.npcc.links if l.section == "table"), key=lambda l: l.label.lower())
    listed = sorted((l for l in scenario.npcc.links if l.section == "list"), key=lambda l: l.label.lower())
    inline = [l for l in scenario.npcc.links if l.section == "letter"]
    scenario.npcc.links = table + listed + inline
    return scenario


def _add_govuk(scenario: Scenario) -> None:
    robots = (
        "User-agent: *\nDisallow: /*/print$\nDisallow: /search/all*\nDisallow: /info/*\n"
        "Sitemap: https://www.gov.uk/sitemap.xml\n"
    )
    site = Site(hosts=("www.gov.uk",), not_found=govuk.serve_not_found())
    site.route(govuk.CONTENT_API_PREFIX + govuk.NPCC_PATH, govuk.serve_content_item())
    site.route(govuk.CONTENT_API_PREFIX + govuk.COLLECTION_PATH, govuk.serve_collection_item())
    site.route(govuk.NPCC_PATH, govuk.serve_npcc_page())
    site.route(govuk.COLLECTION_PATH, govuk.serve_collection_page())
    site.route("/robots.txt", page(robots, content_type="text/plain; charset=utf-8"))
    scenario.add_site(site)
    scenario.add_site(Site(hosts=("gov.uk",), not_found=redirect_to_host("www.gov.uk")))

    assets = Site(hosts=("assets.publishing.service.gov.uk",), not_found=govuk.serve_not_found())
    for slug, title, kind, _size in govuk.ATTACHMENTS:
        if kind == "PDF":
            pdf = make_pdf([("title", title), ("p", "Published on GOV.UK. Crown copyright 2025.")], title=title)
            assets.route(govuk.attachment_href(slug, kind).split("gov.uk", 1)[1], _pdf(pdf))
    scenario.add_site(assets)


def _add_other_sites(scenario: Scenario) -> None:
    pcc = Site(hosts=(PCC_HOST, "example-pcc.org.uk"), not_found=page("<h1>Page not found</h1>", status=404))
    pcc.route(
        PCC_PATH,
        page(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Commissioner statement on the stalking super-complaint"
            "</title></head><body><header>Office of the Police and Crime Commissioner</header><main><h1>Commissioner "
            "statement on the stalking super-complaint</h1><p>The Commissioner welcomes the Chief Constable's "
            "response to the super-complaint and will scrutinise progress at the quarterly accountability "
            "board.</p></main></body></html>"
        ),
    )
    pcc.route("/robots.txt", page("User-agent: *\nAllow: /\n", content_type="text/plain"))
    scenario.add_site(pcc)

    police_uk = Site(hosts=("www.police.uk",), not_found=page("<h1>Page not found</h1>", status=404))
    police_uk.route(
        "/",
        page(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Home | police.uk</title></head><body><h1>police.uk"
            "</h1><p>Find your local police force, report a crime online, and see crime and policing in your "
            "area.</p><ul><li><a href=\"/pu/contact-us/\">Contact the police</a></li><li><a href=\"/pu/"
            "your-area/\">Your area</a></li></ul></body></html>"
        ),
    )
    police_uk.route("/robots.txt", page("User-agent: *\nAllow: /\n", content_type="text/plain"))
    scenario.add_site(police_uk)
    scenario.add_site(Site(hosts=("police.uk",), not_found=redirect_to_host("www.police.uk")))


def _add_force(scenario: Scenario, force: ReplicaForce) -> None:
    fid = force.id
    t = TEMPLATE_FOR.get(fid, SOH)
    www = f"www.{force.domain}"
    site = Site(hosts=(www, force.domain), not_found=_html(t, t.not_found(force), 404), force_id=fid)
    site.route("/", _html(t, t.page(force, "Home", content.homepage_main(force, t.advice_path))))
    site.route("/robots.txt", page(t.robots(force, www), content_type="text/plain; charset=utf-8"))
    advice = t.page(force, "Stalking and harassment", content.advice_main(force), crumbs=("Advice", "Stalking and harassment"))
    site.route(t.advice_path, _html(t, advice))
    scenario.add_site(site)

    path = t.response_path(force)
    term = "super complaint" if fid in UNHYPHENATED else "super-complaint"
    title = content.heading(force).replace("super-complaint", term)
    crumbs = ("About us", title)
    main = content.bilingual_main(force) if fid == "dyfed-powys" else content.response_main(force, term=term)
    # Real force pages name their own address in <link rel="canonical">, as a saved copy keeps it.
    response = _html(t, canonical(t.page(force, title, main, crumbs=crumbs), f"https://{www}{path}"))
    link_host, link_path = www, None  # link_path defaults to wherever `path` ends up
    document_path = None  # the plan document, for an NPCC letter that links documents directly
    expected = Expected("published")
    notes: list[str] = []

    if fid in SOFT_404_SITES:
        site.not_found = _html(t, t.soft_not_found(force))
        if fid != "derbyshire":
            notes.append("unknown paths answer 200 \"Sorry, we can't find that page\"; its response is fine")

    if fid == "wiltshire":
        site.route(path, response)  # published, but the NPCC response never links it
        expected = Expected("not_linked", None, "not linked from the NPCC response at all")
    elif fid == "cleveland":
        expected = Expected("broken", "404", "the linked page answers 404 Not Found")
    elif fid == "derbyshire":
        expected = Expected("soft_404", "can't find", "the linked page answers 200 \"Sorry, we can't find that page\"")
    elif fid == "gwent":
        site.route(path, redirect(f"https://{www}/", 301))
        expected = Expected("not_response", "homepage", "the link 301-redirects to the site homepage", ("redirected",))
    elif fid == "essex":
        site.route(path, delayed(1.2, response))
        expected = Expected("published", None, "the page answers after a 1.2 s delay")
    elif fid == "kent":
        challenge = bot_challenge()
        for route in list(site.routes):
            if route != "/robots.txt":
                site.routes[route] = challenge
        site.not_found = challenge
        expected = Expected("blocked", "cf-mitigated", "403 with cf-mitigated: challenge (Cloudflare bot challenge)")
    elif fid == "norfolk":
        site.route(path, fail_first(1, _html(t, UNAVAILABLE_HTML, 503), response))
        expected = Expected("published", None, "the first request answers 503, later ones 200 (retry)")
    elif fid == "lincolnshire":
        landing = content.landing_main(force, t.pdf_path(force), "210KB")
        site.route(path, _html(t, canonical(t.page(force, title, landing, crumbs=crumbs), f"https://{www}{path}")))
        document_path = t.pdf_path(force)
        expected = Expected("broken", "404", "the landing page's PDF action plan (plan document) answers 404")
    elif fid == "surrey":
        path = t.advice_path
        expected = Expected("not_response", "super-complaint", "a generic stalking and harassment advice page")
    elif fid == "humberside":
        shell = _html(t, content.js_shell(force))
        site.routes = {"/robots.txt": site.routes["/robots.txt"]}
        site.not_found = shell  # a single-page app: every path is the same empty shell
        path = "/stalking-super-complaint-response"
        # Its script asks the app's API for the page at this path and puts the response in #root.
        site.route(content.SHELL_SCRIPT_PATH, page(content.SHELL_SCRIPT, content_type="text/javascript; charset=utf-8"))
        site.route(content.SHELL_API_PREFIX + path,
                   page(content.shell_api_page(force, title, main), content_type="application/json"))
        expected = Expected("blocked", "javascript", "an empty JavaScript app shell (div#root) whose script inserts "
                                                     "the response: blocked unless [render] is on, then published")
    elif fid in PDF_PLAN:
        pdf = make_pdf(content.plan_blocks(force), title=f"{force.name} stalking super-complaint action plan", author=force.name)
        landing = content.landing_main(force, t.pdf_path(force), _size_label(len(pdf)))
        site.route(path, _html(t, canonical(t.page(force, title, landing, crumbs=crumbs), f"https://{www}{path}")))
        site.route(t.pdf_path(force), _pdf(pdf))
        document_path = t.pdf_path(force)
        expected = Expected("published", None, "a landing page linking a PDF action plan")
    elif fid in DOCX_NEWS:
        paragraphs, table = content.plan_paragraphs(force)
        docx = make_docx(paragraphs, table)
        doc_path = t.pdf_path(force).replace(".pdf", ".docx")
        path = t.news_path(force)
        news = content.news_main(force, doc_path, _size_label(len(docx)))
        site.route(path, _html(t, canonical(t.page(force, "Our action plan in response to the stalking super-complaint",
                                                   news, crumbs=("News",)), f"https://{www}{path}")))
        site.route(doc_path, page(docx, content_type=DOCX_TYPE))
        document_path = doc_path
        expected = Expected("published", None, "a news item linking the action plan as a Word document (DOCX)")
    elif fid in STALE_LINK:
        site.route(path, response)
        site.route(t.old_response_path(force), redirect(f"https://{www}{path}", 301))
        link_path = t.old_response_path(force)
        expected = Expected("published", None, "the NPCC link is an old URL that 301-redirects to the response", ("redirected",))
    elif fid in SUBDOMAIN:
        sub = f"{SUBDOMAIN[fid]}.{force.domain}"
        news_site = Site(hosts=(sub,), not_found=_html(t, t.not_found(force), 404), force_id=fid)
        news_site.route("/", _html(t, t.page(force, "News", content.homepage_main(force, t.advice_path))))
        news_site.route("/robots.txt", page(t.robots(force, sub), content_type="text/plain; charset=utf-8"))
        path = "/news/2025/03/our-response-to-the-stalking-super-complaint/"
        news_site.route(path, _html(t, canonical(t.page(force, title, main, crumbs=crumbs), f"https://{sub}{path}")))
        scenario.add_site(news_site)
        link_host = sub
        notes.append(f"linked on the subdomain {sub}")
    elif fid == "dyfed-powys":
        site.route(path, response)
        expected = Expected("published", None, "a bilingual Welsh/English response")
    else:
        site.route(path, response)
        if fid in UNHYPHENATED:
            notes.append("the page writes 'super complaint' without a hyphen")

    if fid in NO_WWW:
        link_host = force.domain
        notes.append(f"linked without www. ({force.domain})")
    url = f"https://{link_host}{link_path or path}"
    if scenario.npcc.layout == "documents" and document_path is not None:
        url = f"https://{link_host}{document_path}"
        notes.append("the NPCC letter links its plan document directly")
    if fid not in NOT_LINKED:
        notes += _link(scenario, force, url)
    if notes:
        planted = "; ".join(([expected.planted] if expected.planted else []) + notes)
        expected = Expected(expected.status, expected.reason_hint, planted, expected.warnings)
    scenario.expected[fid] = expected


def _link(scenario: Scenario, force: ReplicaForce, url: str) -> list[str]:
    """Add the force's NPCC link(s); return notes on any irregularity."""
    fid = force.id
    notes = []
    label = ROW_ALIAS.get(fid, force.name)
    text = LINK_TEXT.get(fid, f"{force.name} response")
    section = "table"
    if fid in ROW_ALIAS:
        notes.append(f"its row names it by the alias {label!r}")
    if fid in LINK_TEXT:
        notes.append(f"link text {text!r}; the force is named only in the row header")
    if fid in LISTED_AFTER_TABLE:
        section, text = "list", f"{force.name}: response to the stalking super-complaint"
        notes.append("linked from the bulleted list after the table")
    if fid in DUPLICATED:
        bare = url.rstrip("/")
        scenario.npcc.links.append(NpccLink(fid, label, bare, text, section))
        scenario.npcc.links.append(
            NpccLink(fid, force.name, bare + "/?utm_source=govuk&utm_medium=referral#recommendations", "full action plan", "letter")
        )
        notes.append("linked twice: in the table, and in the letter with a trailing slash, ?utm_source= and #fragment")
        return notes
    scenario.npcc.links.append(NpccLink(fid, label, url, text, section))
    return notes
