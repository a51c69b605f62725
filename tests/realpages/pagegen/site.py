"""Site chrome and the two ways a page is saved: the full page, and the opening.

The full page is what a browser gets: the shared police platform's quick-exit button, cookie
notice, beta banner, mega-menu, breadcrumb and footer around the content (or another site's
chrome). The opening is the page as the external measurement saves it: an HTML file whose title is
taken from the address, one paragraph a line, tables flattened to "cell | cell" lines, a canonical
link, and only the first OPENING_CHARS characters of the page's text (the platform's banners take
about 900 of them).
"""

from __future__ import annotations

import html
import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Block, Spec

FORCES_TOML = Path(__file__).resolve().parents[3] / "config" / "forces.toml"
OPENING_CHARS = 2000

# Where forces really publish, when the register's first domain is not it.
REAL_DOMAIN = {"bedfordshire": "beds.police.uk"}
# The platform's path segment for a force, when it is not its name slugged.
SOH_SLUG = {"metropolitan": "metropolitan-police", "hampshire": "hampshire-and-isle-of-wight-constabulary"}


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    domain: str
    short: str  # "Kent", "Avon and Somerset"
    slug: str  # the platform's path segment: "kent-police"

    @property
    def base(self) -> str:
        return f"https://www.{self.domain}"

    @property
    def areas(self) -> str:
        """The platform's prefix for a force's own pages."""
        return f"{self.base}/police-forces/{self.slug}/areas/"

    def foi(self, rest: str) -> str:
        return f"{self.base}/foi-ai/{self.slug}/{rest}"


def load_forces() -> dict[str, Force]:
    data = tomllib.loads(FORCES_TOML.read_text(encoding="utf-8"))
    forces = {}
    for entry in data["force"]:
        name = entry["name"]
        short = re.sub(r"\s+(Police Service|Police|Constabulary)$", "", name)
        slug = SOH_SLUG.get(entry["id"], re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
        domain = REAL_DOMAIN.get(entry["id"], entry["domains"][0])
        forces[entry["id"]] = Force(entry["id"], name, domain, short, slug)
    return forces


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- the platform's banners (our own wording, the same on every force's site) ---------------------

SOH_BANNERS = (
    "Need to get away fast? Press Esc, or use the button, to leave this site at once. Leave this site",
    "Skip to main content",
    "Cookies on this website",
    "We use necessary cookies to make this website work. We would also like to set optional cookies that "
    "help us understand how you use the site, remember the settings you choose and improve the services "
    "we offer. We will not set optional cookies unless you switch them on.",
    "Choosing an option below sets a cookie on your device so that we remember what you chose. You can "
    "change your mind at any time on our cookies page.",
    "Accept optional cookies",
    "Reject optional cookies",
    "Choose which cookies we use",
    "You have accepted optional cookies. You can change your cookie settings at any time. Hide this message",
    "You have rejected optional cookies. You can change your cookie settings at any time. Hide this message",
    "This site is a beta, which means it is new and we are still improving it. Your feedback will help us "
    "make it better: tell us what you think.",
)

SOH_MENU = (
    ("Report", ("Report a crime", "Report antisocial behaviour", "Report a road traffic incident",
                "Report stalking or harassment", "Report domestic abuse", "Tell us about a non-crime matter")),
    ("Advice", ("Abuse, assault and harassment", "Domestic abuse", "Stalking and harassment",
                "Rape and sexual offences", "Burglary", "Fraud", "Online safety", "Victim support")),
    ("News", ("Latest news", "Appeals", "Court results", "Campaigns")),
    ("Your area", ("Find your neighbourhood team", "Local priorities", "Crime map")),
    ("About us", ("Our performance", "Freedom of information", "Publication scheme", "HMICFRS inspections",
                  "Super-complaints", "Policies and procedures", "Police and crime commissioner")),
    ("Contact us", ("Contact us", "Compliments and complaints", "Lost and found")),
)

SOH_FOOTER = ("Accessibility", "Cookies", "Privacy notice", "Terms and conditions", "Freedom of information",
              "Publication scheme", "Sitemap", "Contact us")


def soh_page(spec: Spec, force: Force, rng: random.Random) -> str:
    menu = "\n".join(
        f'<li class="mega-menu__item"><button aria-expanded="false">{esc(top)}</button><ul class="mega-menu__panel">'
        + "".join(f'<li><a href="{force.base}/{_slug(top)}/{_slug(item)}/">{esc(item)}</a></li>' for item in items)
        + "</ul></li>" for top, items in SOH_MENU)
    crumbs = "".join(f'<li class="breadcrumb__item"><a href="{force.base}/{_slug(c)}/">{esc(c)}</a></li>'
                     for c in ("Home", *spec.crumbs))
    footer = "".join(f'<li><a href="{force.base}/{_slug(f)}/">{esc(f)}</a></li>' for f in SOH_FOOTER)
    updated = rng.choice(("21 November 2024", "22 November 2024", "27 March 2025", "2 April 2025", "14 March 2026"))
    b = SOH_BANNERS
    welsh = f'\n<a class="language-toggle" href="{force.base}/cy/" lang="cy">Cymraeg</a>' if force.id in WELSH else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(spec.title)} | {esc(force.name)}</title>
<link rel="canonical" href="{esc(spec.url)}">
<link rel="stylesheet" href="{force.base}/SysSiteAssets/css/soh.min.css">
<script>window.sohConfig = {{"force": "{force.slug}", "beta": true}};</script>
</head>
<body class="soh">
<div class="quick-exit"><a class="quick-exit__button" href="https://www.bbc.co.uk/weather" title="Leave this site"><span class="visually-hidden">Press Esc, or use the button, to leave this site at once</span> Leave this site</a></div>
<a class="skip-link" href="#main">{b[1]}</a>
<div class="cookie-banner" role="region" aria-label="{b[2]}">
<h2>{b[2]}</h2><p>{b[3]}</p><p>{b[4]}</p>
<button>{b[5]}</button> <button>{b[6]}</button> <a href="{force.base}/cookies/">{b[7]}</a>
<div hidden><p>{b[8]}</p></div><div hidden><p>{b[9]}</p></div>
</div>
<div class="phase-banner"><p><strong>Beta</strong> {esc(b[10])}</p></div>{welsh}
<header class="site-header">
<a class="site-header__logo" href="{force.base}/"><img src="{force.base}/SysSiteAssets/logo.svg" alt="{esc(force.name)} homepage"></a>
<form class="site-search" action="{force.base}/search/"><label for="q">Search</label><input id="q" name="q" type="search" placeholder="Search"><button>Search</button></form>
<nav class="mega-menu" aria-label="Main menu"><button class="mega-menu__toggle">Menu</button><ul>
{menu}
</ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{crumbs}</ol></nav>
<main id="main" class="main-content">
<h1>{esc(spec.title)}</h1>
{render_blocks(spec.blocks)}
<p class="last-updated">Last updated: {updated}</p>
</main>
<aside class="feedback"><h2>Was this page helpful?</h2><button>Yes</button> <button>No</button></aside>
<footer class="site-footer">
<p>In an emergency, always call 999. If you have hearing or speech difficulties, contact us using textphone 18000 or text us on 999 if you have pre-registered with the emergencySMS service.</p>
<ul class="site-footer__links">{footer}</ul>
<p>&copy; {esc(force.name)} 2026</p>
</footer>
<script src="{force.base}/SysSiteAssets/js/soh.min.js" defer></script>
</body>
</html>
"""


# -- other sites' chrome --------------------------------------------------------------------------

OWN_BANNERS = (
    "Leave this website quickly",
    "We use cookies to give you the best experience of our site. Accept all Reject Settings",
)


def own_page(spec: Spec, force: Force, rng: random.Random) -> str:
    """A force that runs its own site (Avon and Somerset, Lancashire): a short cookie line, no beta banner."""
    nav = "".join(f'<li><a href="{force.base}/{_slug(n)}/">{esc(n)}</a></li>'
                  for n in ("Report it", "Advice and support", "News", "Your area", "About us", "Contact us"))
    crumbs = " &gt; ".join(esc(c) for c in ("Home", *spec.crumbs))
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{esc(spec.title)} - {esc(force.name)}</title>
<link rel="canonical" href="{esc(spec.url)}"></head>
<body>
<a id="exit" class="btn-exit" href="https://www.google.co.uk/">{OWN_BANNERS[0]}</a>
<div id="cookie-notice"><p>{OWN_BANNERS[1]}</p></div>
<header><a href="{force.base}/" class="logo">{esc(force.name)}</a><ul class="nav">{nav}</ul></header>
<div class="crumbs">{crumbs}</div>
<article class="content">
<h1>{esc(spec.title)}</h1>
{render_blocks(spec.blocks)}
</article>
<footer><p>{esc(force.name)}, {rng.choice(('Police Headquarters', 'Force Headquarters'))}. Call 101 or 999 in an emergency.</p>
<p><a href="{force.base}/privacy/">Privacy</a> <a href="{force.base}/accessibility/">Accessibility</a> <a href="{force.base}/cookies/">Cookies</a></p></footer>
</body></html>
"""


GOVUK_BANNERS = (
    "Skip to main content",
    "Cookies on GOV.UK",
    "We use some essential cookies to make this website work. We would like to set extra cookies to "
    "understand how you use GOV.UK, remember your settings and improve government services.",
    "Accept additional cookies Reject additional cookies View cookies",
    "GOV.UK Menu Search GOV.UK",
)


def govuk_page(spec: Spec, force: Force, rng: random.Random) -> str:
    crumbs = "".join(f'<li class="govuk-breadcrumbs__list-item"><a href="https://www.gov.uk/">{esc(c)}</a></li>'
                     for c in ("Home", *spec.crumbs))
    return f"""<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head><meta charset="utf-8"><title>{esc(spec.title)} - GOV.UK</title>
<link rel="canonical" href="{esc(spec.url)}"></head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">{GOVUK_BANNERS[0]}</a>
<div class="gem-c-cookie-banner" role="region" aria-label="{GOVUK_BANNERS[1]}"><h2>{GOVUK_BANNERS[1]}</h2><p>{GOVUK_BANNERS[2]}</p>
<button>Accept additional cookies</button><button>Reject additional cookies</button><a href="/help/cookies">View cookies</a></div>
<header class="govuk-header"><a href="https://www.gov.uk/" class="govuk-header__link">GOV.UK</a><button>Menu</button><form><input name="q" aria-label="Search GOV.UK"></form></header>
<div class="govuk-width-container"><nav class="govuk-breadcrumbs"><ol>{crumbs}</ol></nav>
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-xl">{esc(spec.title)}</h1>
<div class="gem-c-govspeak govuk-govspeak">
{render_blocks(spec.blocks)}
</div></main></div>
<footer class="govuk-footer"><p>All content is available under the Open Government Licence v3.0, except where otherwise stated</p><p>&copy; Crown copyright</p></footer>
</body></html>
"""


NATIONAL_BANNERS = (
    "Skip to content",
    "This website uses cookies to improve your experience. You can choose to accept or reject optional cookies.",
    "Accept Reject Cookie settings",
)


def national_page(spec: Spec, force: Force, rng: random.Random) -> str:
    """An inspectorate, the IOPC, the College, the NPCC or a PCC: their own simple chrome."""
    host = urlsplit(spec.url).netloc
    nav = "".join(f'<li><a href="https://{host}/{_slug(n)}/">{esc(n)}</a></li>'
                  for n in ("Home", "About us", "Publications", "News", "Contact"))
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{esc(spec.title)}</title>
<link rel="canonical" href="{esc(spec.url)}"></head>
<body>
<a class="skip" href="#content">{NATIONAL_BANNERS[0]}</a>
<div class="cookie"><p>{NATIONAL_BANNERS[1]}</p><p>{NATIONAL_BANNERS[2]}</p></div>
<header><nav><ul>{nav}</ul></nav></header>
<div id="content" class="page">
<h1>{esc(spec.title)}</h1>
{render_blocks(spec.blocks)}
</div>
<footer><p><a href="https://{host}/privacy/">Privacy</a> <a href="https://{host}/accessibility/">Accessibility</a></p></footer>
</body></html>
"""


PAGES = {"soh": soh_page, "own": own_page, "govuk": govuk_page, "national": national_page, "pcc": national_page}
BANNERS = {"soh": SOH_BANNERS, "own": OWN_BANNERS, "govuk": GOVUK_BANNERS, "national": NATIONAL_BANNERS,
           "pcc": NATIONAL_BANNERS}


def full_page(spec: Spec, force: Force, rng: random.Random) -> str:
    return PAGES[spec.site](spec, force, rng)


# -- blocks to HTML, and to the opening's lines ---------------------------------------------------


def render_blocks(blocks: tuple[Block, ...]) -> str:
    return "\n".join(_block_html(b) for b in blocks)


def _cell(text: str) -> str:
    parts = [p for p in text.split("\n\n") if p]
    return "".join(f"<p>{esc(p)}</p>" for p in parts) if len(parts) > 1 else esc(text)


def _block_html(block: Block) -> str:
    kind = block[0]
    if kind in ("h2", "h3", "p"):
        return f"<{kind}>{esc(block[1])}</{kind}>"
    if kind == "strong":
        return f"<p><strong>{esc(block[1])}</strong></p>"
    if kind == "quote":
        return f"<blockquote><p>{esc(block[1])}</p></blockquote>"
    if kind in ("ul", "ol"):
        return f"<{kind}>" + "".join(f"<li>{esc(i)}</li>" for i in block[1]) + f"</{kind}>"
    if kind == "table":
        head, *rows = block[1]
        thead = "<tr>" + "".join(f'<th scope="col">{_cell(c)}</th>' for c in head) + "</tr>"
        tbody = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f'<div class="table-wrapper"><table><thead>{thead}</thead><tbody>{tbody}</tbody></table></div>'
    if kind == "kv":
        return "\n".join(f"<p><strong>{esc(k)}</strong> {esc(v)}</p>" if v else f"<p><strong>{esc(k)}</strong></p>"
                         for k, v in block[1])
    if kind == "kvtable":
        rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{_cell(v)}</td></tr>' for k, v in block[1])
        return f"<table><tbody>{rows}</tbody></table>"
    if kind == "link":
        return f'<p><a href="{esc(block[2])}">{esc(block[1])}</a></p>'
    if kind == "accordion":
        return "\n".join(f'<details class="accordion"><summary>{esc(title)}</summary>\n{render_blocks(tuple(inner))}\n</details>'
                         for title, inner in block[1])
    if kind == "embed":
        return (f'<div class="document-viewer"><iframe src="{esc(block[2])}" title="{esc(block[1])}" width="100%" '
                f'height="800"></iframe></div>')
    if kind == "doc":
        return (f'<div class="document-download"><a href="{esc(block[2])}">{esc(block[1])}</a>'
                f' <span class="document-meta">({esc(block[3])})</span></div>')
    raise ValueError(f"unknown block kind {kind!r}")


def block_lines(block: Block) -> list[str]:
    kind = block[0]
    if kind in ("h2", "h3", "p", "strong", "quote", "link"):
        return [block[1]]
    if kind in ("ul", "ol"):
        return list(block[1])
    if kind == "table":
        return [" | ".join(" ".join(c.split("\n\n")) for c in row) for row in block[1]]
    if kind == "kv":
        return [f"{k} {v}".strip() for k, v in block[1]]
    if kind == "kvtable":
        return [f"{k} | {' '.join(v.split(chr(10) * 2))}" for k, v in block[1]]
    if kind == "doc":
        return [f"{block[1]} ({block[3]})"]
    if kind == "accordion":
        return [line for title, inner in block[1] for line in [title, *(x for b in inner for x in block_lines(b))]]
    if kind == "embed":
        return []
    raise ValueError(f"unknown block kind {kind!r}")


TRAILERS = {
    "soh": ("Was this page helpful?", "Yes", "No",
            "In an emergency, always call 999. If you have hearing or speech difficulties, contact us using "
            "textphone 18000 or text us on 999 if you have pre-registered with the emergencySMS service.",
            *SOH_FOOTER),
    "own": ("Call 101 or 999 in an emergency.", "Privacy Accessibility Cookies"),
    "govuk": ("All content is available under the Open Government Licence v3.0, except where otherwise stated",
              "\u00a9 Crown copyright"),
    "national": ("Privacy Accessibility",),
    "pcc": ("Privacy Accessibility",),
}
WELSH = {"dyfed-powys", "gwent", "north-wales", "south-wales"}


def page_lines(spec: Spec) -> list[str]:
    """The page's text, one paragraph a line, as a reader of the whole page gets it."""
    lines = list(BANNERS[spec.site])
    if spec.site == "soh" and spec.force in WELSH:
        lines.append("Cymraeg")
    if spec.site == "soh" and spec.crumbs:
        lines.append("Home " + " ".join(spec.crumbs))
    lines.append(spec.title)
    for block in spec.blocks:
        lines.extend(block_lines(block))
    lines.extend(TRAILERS[spec.site])
    return lines


def title_from_address(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    segment = unquote(path.rsplit("/", 1)[-1]) if path else urlsplit(url).netloc
    words = re.sub(r"[-_]+", " ", segment).strip()
    return words[:1].upper() + words[1:]


def opening_text(spec: Spec) -> str:
    """The first OPENING_CHARS characters of the page's text, cut where they end (mid-word too)."""
    return "\n".join(page_lines(spec))[:OPENING_CHARS]


def opening_page(spec: Spec) -> str:
    paragraphs = "\n".join(f"<p>{esc(line)}</p>" for line in opening_text(spec).split("\n") if line.strip())
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title_from_address(spec.url))}</title>
<link rel="canonical" href="{esc(spec.url)}">
</head>
<body>
{paragraphs}
</body>
</html>
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
