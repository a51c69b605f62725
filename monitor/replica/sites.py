"""Force web site looks: the shared "Single Online Home" platform and a few bespoke CMSs.

A template wraps a page's main content in that site's chrome (cookie banner, "Leave this site
quickly", big navigation menus, footer) and knows the site's paths and not-found pages.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from .content import pick
from .scenario import ReplicaForce


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Menus as real force sites have them: long, and full of words (stalking, report, contact) that a
# naive "is this the response?" check would trip over. None mentions the super-complaint.
MENUS: dict[str, list[str]] = {
    "Report": [
        "Report a crime", "Report antisocial behaviour", "Report a road traffic incident",
        "Report domestic abuse", "Report stalking or harassment", "Report fraud", "Report a hate crime",
        "Report lost or found property", "Report rape or sexual assault", "Report a missing person",
        "Give information about a crime", "Report a drone incident", "Report a firearms licensing concern",
        "Report possible terrorist activity", "Report driving offences", "Tell us about a crime you saw online",
    ],
    "Advice": [
        "Abuse, exploitation and trafficking", "Antisocial behaviour", "Burglary", "Child sexual exploitation",
        "Cybercrime and online safety", "Domestic abuse", "Drugs", "Fraud", "Hate crime", "Missing people",
        "Modern slavery", "Road safety", "Rape and sexual assault", "Stalking and harassment", "Vehicle crime",
        "Violence against women and girls", "Victim support", "Young people and crime",
    ],
    "Services": [
        "Apply for a firearms licence", "Request information under Freedom of Information",
        "Request your personal data", "Ask about a partner's history (Clare's Law)",
        "Ask about child sex offenders (Sarah's Law)", "Request a collision report", "Pay a fixed penalty",
        "Plan an event", "Lost property", "Vehicle recovery and removals",
    ],
    "About us": [
        "Our chief officer team", "How we are structured", "Our performance", "Policies and procedures",
        "Publications and documents", "Freedom of information publication scheme", "Complaints and compliments",
        "Careers", "Volunteering", "Police and Crime Commissioner", "Equality, diversity and inclusion",
    ],
    "Contact us": [
        "Contact us", "Police station opening times", "Compliments", "Complaints", "Press office",
        "Accessibility", "Feedback about this website",
    ],
}


@dataclass(frozen=True)
class Template:
    """One site look. Subclasses override the chrome; paths are per template and per force."""

    name: str = "base"
    advice_path: str = "/advice/stalking-and-harassment/"
    lang: str = "en"
    server_headers: tuple[tuple[str, str], ...] = (("Server", "nginx"),)

    # -- paths -----------------------------------------------------------------------------------

    def response_paths(self, force: ReplicaForce) -> list[str]:
        return ["/about-us/publications/stalking-super-complaint-response/"]

    def response_path(self, force: ReplicaForce) -> str:
        return pick(force.id, "path", self.response_paths(force))

    def pdf_path(self, force: ReplicaForce) -> str:
        return "/media/documents/stalking-super-complaint-action-plan-march-2025.pdf"

    def old_response_path(self, force: ReplicaForce) -> str:
        return "/news/2025/01/stalking-super-complaint/"

    def news_path(self, force: ReplicaForce) -> str:
        return "/news/2024/11/our-action-plan-in-response-to-the-stalking-super-complaint/"

    def link(self, label: str) -> str:
        return "/" + slug(label) + "/"

    # -- pages -----------------------------------------------------------------------------------

    def page(self, force: ReplicaForce, title: str, main: str, *, crumbs: tuple[str, ...] = ()) -> str:
        raise NotImplementedError

    def not_found(self, force: ReplicaForce) -> str:
        return self.page(
            force,
            "Page not found",
            '<h1 class="page-title">Page not found</h1><p>The page you requested could not be found. It may '
            "have been moved or deleted. Check the address, or search our site.</p>"
            '<p><a href="/">Go to the homepage</a></p>',
        )

    def soft_not_found(self, force: ReplicaForce) -> str:
        return self.page(
            force,
            "Page not found",
            "<h1 class=\"page-title\">Sorry, we can't find that page</h1><p>The page you were looking for "
            "may have been moved, or the address may be wrong.</p><p>Try searching our website, or go to "
            '<a href="/">the homepage</a>.</p>',
        )

    def robots(self, force: ReplicaForce, host: str) -> str:
        return f"User-agent: *\nAllow: /\nDisallow: /search\n\nSitemap: https://{host}/sitemap.xml\n"


def _menus(cls: str, link: Callable[[str], str]) -> str:
    parts = [f'<ul class="{cls}">']
    for heading, items in MENUS.items():
        parts.append(
            f'<li class="{cls}__item"><button class="{cls}__toggle" aria-expanded="false">{heading}</button>'
            f'<ul class="{cls}__panel">'
        )
        parts.extend(f'<li><a href="{link(item)}">{escape(item)}</a></li>' for item in items)
        parts.append("</ul></li>")
    parts.append("</ul>")
    return "".join(parts)


COOKIE_TEXT = (
    "<p>We use some essential cookies to make this website work.</p><p>We'd like to set additional cookies "
    "to understand how you use the website, remember your settings and improve our services.</p><p>We also "
    "use cookies set by other sites to help us deliver content from their services.</p>"
)


@dataclass(frozen=True)
class SingleOnlineHome(Template):
    """The shared national platform many forces use (paths like /police-forces/<force>/areas/...)."""

    name: str = "soh"
    advice_path: str = "/advice/advice-and-information/sh/stalking-harassment/"
    server_headers: tuple[tuple[str, str], ...] = (
        ("Server", "Microsoft-IIS/10.0"),
        ("X-Powered-By", "ASP.NET"),
        ("Cache-Control", "private"),
        ("X-Content-Type-Options", "nosniff"),
    )

    def response_paths(self, force: ReplicaForce) -> list[str]:
        s = slug(force.name)
        return [
            "/advice/advice-and-information/sh/stalking-harassment/stalking-super-complaint-response/",
            f"/police-forces/{s}/areas/{s}/about-us/about-us/stalking-super-complaint/",
            f"/police-forces/{s}/areas/about-us/publications/our-response-to-the-stalking-super-complaint/",
            f"/police-forces/{s}/areas/{s}/about-us/about-us/hmicfrs-super-complaint-stalking-response/",
        ]

    def pdf_path(self, force: ReplicaForce) -> str:
        return f"/SysSiteAssets/media/downloads/{slug(force.name)}/about-us/stalking-super-complaint-action-plan.pdf"

    def old_response_path(self, force: ReplicaForce) -> str:
        return f"/news/{slug(force.name)}/news/2025/january/stalking-super-complaint/"

    def link(self, label: str) -> str:
        if label == "Stalking and harassment":
            return self.advice_path
        return "/" + slug(label)[:30] + "/"

    def page(self, force: ReplicaForce, title: str, main: str, *, crumbs: tuple[str, ...] = ()) -> str:
        s = slug(force.name)
        name = escape(force.name)
        colour = pick(force.id, "colour", ("#0b0c0c", "#002f5f", "#1d3b6e", "#00395d", "#253268"))
        crumb_html = "".join(f"<li>{escape(c)}</li>" for c in crumbs)
        return f"""<!DOCTYPE html>
<html lang="en-GB" class="no-js">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {name}</title>
<meta name="description" content="{name}: report crime, get advice and find out about your area.">
<meta property="og:site_name" content="{name}">
<link rel="stylesheet" href="/static/css/soh.min.css?v=2.41.7">
<style>:root {{ --brand: {colour}; }}</style>
<script>document.documentElement.className = document.documentElement.className.replace('no-js', 'js');</script>
</head>
<body class="theme theme--{s}">
<div class="cookie-banner" id="cookie-banner" role="region" aria-label="Cookie banner">
<h2 class="cookie-banner__heading">Cookies on the {name} website</h2>{COOKIE_TEXT}
<button type="button" class="button" data-cookie="accept">Accept additional cookies</button>
<button type="button" class="button" data-cookie="reject">Reject additional cookies</button>
<a class="cookie-banner__link" href="/hyg/cookies/">View cookies</a>
</div>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="hide-site"><a class="hide-site__button" href="https://www.bbc.co.uk/weather" rel="noopener noreferrer">Leave this site quickly</a>
<p class="hide-site__hint">Press Esc three times to leave this site quickly.</p></div>
<header class="site-header" role="banner">
<div class="site-header__inner">
<a class="site-header__logo" href="/"><img src="/SysSiteAssets/images/logo/{s}-logo.svg" alt="{name} homepage"></a>
<div class="site-header__emergency">In an emergency call <strong>999</strong>. For non-emergencies call <strong>101</strong>.</div>
<form class="site-search" action="/search/" method="get" role="search"><label for="q">Search this site</label><input id="q" name="q" type="search"><button type="submit">Search</button></form>
</div>
<nav class="primary-nav" aria-label="Main menu">{_menus("primary-nav__list", self.link)}</nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>{crumb_html}</ol></nav>
<main id="main" class="main-content" role="main">
<article class="content">
{main}
</article>
<aside class="related" aria-label="Related content"><h2>Related</h2><ul>
<li><a href="{self.advice_path}">Stalking and harassment</a></li>
<li><a href="/advice/advice-and-information/daa/domestic-abuse/">Domestic abuse</a></li>
<li><a href="/ro/report/">Report a crime</a></li></ul></aside>
<div class="feedback"><h2>Was this page helpful?</h2><button>Yes</button><button>No</button>
<a href="/contact-us/feedback/">Report a problem with this page</a></div>
</main>
<footer class="site-footer" role="contentinfo">
<div class="site-footer__emergency"><p>Call 999 in an emergency, or 101 for non-emergencies. If you're deaf,
hard of hearing or speech-impaired, use textphone 18000 in an emergency or text 999 if you've registered
with the emergencySMS service.</p></div>
<ul class="site-footer__social"><li><a href="https://www.facebook.com/{s}">Facebook</a></li>
<li><a href="https://x.com/{s}">X (formerly Twitter)</a></li><li><a href="https://www.instagram.com/{s}">Instagram</a></li>
<li><a href="https://www.youtube.com/@{s}">YouTube</a></li></ul>
<ul class="site-footer__links"><li><a href="/hyg/accessibility/">Accessibility</a></li>
<li><a href="/hyg/cookies/">Cookies</a></li><li><a href="/hyg/privacy-notice/">Privacy notice</a></li>
<li><a href="/hyg/terms-and-conditions/">Terms and conditions</a></li>
<li><a href="/foi-ai/{s}/">Freedom of information</a></li><li><a href="/contact/af/contact-us/">Contact us</a></li>
<li><a href="/sitemap/">Sitemap</a></li></ul>
<p class="site-footer__platform">This website is part of the Single Online Home national police platform.</p>
<p class="site-footer__copyright">&copy; {name} 2025</p>
</footer>
<script src="/static/js/soh.min.js?v=2.41.7" defer></script>
</body>
</html>
"""


@dataclass(frozen=True)
class Civic(Template):
    """A bespoke CMS: different markup, 'Quick exit' button, its own URL scheme."""

    name: str = "civic"
    advice_path: str = "/advice-and-support/stalking-and-harassment/"
    server_headers: tuple[tuple[str, str], ...] = (
        ("Server", "nginx"),
        ("X-Generator", "Drupal 10 (https://www.drupal.org)"),
        ("Cache-Control", "max-age=600, public"),
        ("X-Drupal-Cache", "HIT"),
    )

    def response_paths(self, force: ReplicaForce) -> list[str]:
        return [
            "/about-us/publications-and-documents/stalking-super-complaint-response/",
            "/about-us/how-we-are-performing/super-complaints/stalking/",
            "/about-us/our-priorities/violence-against-women-and-girls/stalking-super-complaint/",
        ]

    def pdf_path(self, force: ReplicaForce) -> str:
        n = 1000 + zlib_id(force.id) % 9000
        return f"/media/{n}/stalking-super-complaint-action-plan-march-2025.pdf"

    def old_response_path(self, force: ReplicaForce) -> str:
        return "/news/2025/01/stalking-super-complaint-update/"

    def link(self, label: str) -> str:
        if label == "Stalking and harassment":
            return self.advice_path
        return "/advice-and-support/" + slug(label)[:30] + "/"

    def page(self, force: ReplicaForce, title: str, main: str, *, crumbs: tuple[str, ...] = ()) -> str:
        name = escape(force.name)
        return f"""<!doctype html>
<html lang="{self.lang}" dir="ltr">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<title>{escape(title)} - {name}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_Wf3kq9.css">
</head>
<body class="path-node page-node-type-page">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div id="sliding-popup" class="sliding-popup-bottom" role="dialog" aria-label="Cookie consent">
<div class="eu-cookie-compliance-message"><h2>We use cookies on this site to enhance your user experience</h2>
<p>By clicking "Accept all cookies" you agree to us setting analytics cookies. You can change your
settings at any time on our cookies page.</p></div>
<button type="button" class="agree-button">Accept all cookies</button>
<button type="button" class="decline-button">Essential cookies only</button></div>
<div class="quick-exit"><a href="https://www.google.co.uk/" class="quick-exit__link" rel="noopener">Quick exit <span>Leave this site quickly</span></a></div>
<div class="dialog-off-canvas-main-canvas">
<header class="header">
<div class="header__top"><a href="/" rel="home" class="header__brand">{name}</a>
<ul class="header__utility"><li><a href="/contact-us/">Contact us</a></li><li><a href="/jobs/">Jobs</a></li>
<li><a href="/news/">News</a></li><li><a href="/your-area/">Your area</a></li></ul>
<div class="header__cta"><a class="btn btn--report" href="/report-it/">Report it</a></div></div>
<nav role="navigation" aria-labelledby="block-main-menu" class="mega-menu"><h2 id="block-main-menu" class="visually-hidden">Main navigation</h2>
{_menus("mega-menu__list", self.link)}</nav>
</header>
<div class="region-breadcrumb"><nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>{"".join(f"<li>{escape(c)}</li>" for c in crumbs)}</ol></nav></div>
<main role="main" id="main-content"><div class="layout-content"><div class="node__content clearfix">
{main}
</div></div></main>
<footer class="footer" role="contentinfo"><div class="footer__grid">
<section><h2>Get in touch</h2><p>Emergency: 999<br>Non-emergency: 101<br>Textphone: 18001 101</p></section>
<section><h2>Useful links</h2><ul><li><a href="/about-us/freedom-of-information/">Freedom of information</a></li>
<li><a href="/about-us/complaints/">Complaints</a></li><li><a href="/accessibility-statement/">Accessibility statement</a></li>
<li><a href="/privacy-notice/">Privacy notice</a></li><li><a href="/cookies/">Cookies</a></li>
<li><a href="/modern-slavery-statement/">Modern slavery statement</a></li></ul></section>
<section><h2>Follow us</h2><ul><li>Facebook</li><li>X</li><li>Instagram</li><li>LinkedIn</li></ul></section>
</div><p class="footer__copyright">&copy; 2025 {name}. All rights reserved.</p></footer>
</div>
<script src="/core/assets/vendor/once/once.min.js?v=1.0.1"></script>
</body>
</html>
"""


@dataclass(frozen=True)
class Classic(Template):
    """An older ASP.NET site: view state, left-hand navigation, table layout remnants."""

    name: str = "classic"
    advice_path: str = "/Advice/Stalking-and-harassment.aspx"
    server_headers: tuple[tuple[str, str], ...] = (
        ("Server", "Microsoft-IIS/8.5"),
        ("X-AspNet-Version", "4.0.30319"),
        ("X-Powered-By", "ASP.NET"),
        ("Set-Cookie", "ASP.NET_SessionId=xq3vz1k2m4n5b6c7d8e9f0ga; path=/; HttpOnly; SameSite=Lax"),
    )

    def response_paths(self, force: ReplicaForce) -> list[str]:
        return [
            "/About-us/Publications/Stalking-super-complaint-response.aspx",
            "/Your-Force/Corporate-information/Stalking-Super-Complaint.aspx",
        ]

    def pdf_path(self, force: ReplicaForce) -> str:
        return "/Documents/About-us/Stalking%20super-complaint%20action%20plan.pdf"

    def old_response_path(self, force: ReplicaForce) -> str:
        return "/News/Stalking-super-complaint.aspx"

    def link(self, label: str) -> str:
        if label == "Stalking and harassment":
            return self.advice_path
        return "/" + "-".join(w.capitalize() for w in slug(label).split("-")[:4]) + ".aspx"

    def page(self, force: ReplicaForce, title: str, main: str, *, crumbs: tuple[str, ...] = ()) -> str:
        name = escape(force.name)
        viewstate = "/wEPDwUKLTk1NjE0MjI2Nw9kFgJmD2QWAgIDD2QWBAIBD2QWAmYPZBYCZg8WAh4EVGV4dAUJ" * 6
        left = "".join(f'<li><a href="{self.link(i)}">{escape(i)}</a></li>' for i in MENUS["Advice"])
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{name} - {escape(title)}</title>
<link href="/App_Themes/Main/styles.css" type="text/css" rel="stylesheet" /></head>
<body>
<form method="post" action="./" id="aspnetForm">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" /></div>
<div id="cookieNotice">This site uses cookies. By continuing to browse you agree to our use of cookies.
<a href="/Cookies.aspx">Find out more</a> <a href="#" id="cookieClose">Close</a></div>
<div id="escape"><a href="https://www.google.co.uk/">Leave this site quickly</a></div>
<table id="layout" width="100%" cellpadding="0" cellspacing="0"><tr><td colspan="2" id="header">
<a href="/"><img src="/images/crest.gif" alt="{name}" /></a>
<ul id="topnav"><li><a href="/Report.aspx">Report</a></li><li><a href="/Contact-us.aspx">Contact us</a></li>
<li><a href="/Advice.aspx">Advice</a></li><li><a href="/About-us.aspx">About us</a></li><li><a href="/News.aspx">News</a></li></ul>
</td></tr><tr><td id="leftnav" valign="top"><h3>Advice</h3><ul>{left}</ul>
<h3>Report</h3><ul>{"".join(f'<li><a href="{self.link(i)}">{escape(i)}</a></li>' for i in MENUS["Report"])}</ul></td>
<td id="content" valign="top">
{main}
</td></tr><tr><td colspan="2" id="footer"><a href="/Accessibility.aspx">Accessibility</a> |
<a href="/Privacy.aspx">Privacy</a> | <a href="/FOI.aspx">Freedom of information</a> | <a href="/Contact-us.aspx">Contact us</a>
<br />Emergency 999 | Non-emergency 101 | &copy; {name} 2025</td></tr></table>
</form>
</body>
</html>
"""


@dataclass(frozen=True)
class Cymru(Civic):
    """A Welsh force's bilingual site: /en/ and /cy/ trees and a language switch."""

    name: str = "cymru"
    advice_path: str = "/en/advice/stalking-and-harassment/"

    def response_paths(self, force: ReplicaForce) -> list[str]:
        return [
            "/en/about-us/publications/stalking-super-complaint-response/",
            "/en/about-us/our-performance/stalking-super-complaint/",
        ]

    def old_response_path(self, force: ReplicaForce) -> str:
        return "/en/news/stalking-super-complaint/"

    def news_path(self, force: ReplicaForce) -> str:
        return "/en/news/2024/11/our-action-plan-in-response-to-the-stalking-super-complaint/"

    def pdf_path(self, force: ReplicaForce) -> str:
        return "/media/documents/en/stalking-super-complaint-action-plan.pdf"

    def link(self, label: str) -> str:
        if label == "Stalking and harassment":
            return self.advice_path
        return "/en/" + slug(label)[:30] + "/"

    def page(self, force: ReplicaForce, title: str, main: str, *, crumbs: tuple[str, ...] = ()) -> str:
        html = super().page(force, title, main, crumbs=crumbs)
        welsh = escape(welsh_name(force))
        switch = (
            f'<div class="language-switch"><a href="/cy/" lang="cy" hreflang="cy">Cymraeg</a> | '
            f'<span lang="en">English</span></div><p class="header__bilingual" lang="cy">{welsh}</p>'
            '<div class="quick-exit quick-exit--cy"><a href="https://www.google.co.uk/" lang="cy">'
            "Gadael y safle hwn yn gyflym</a></div>"
        )
        return html.replace('<div class="dialog-off-canvas-main-canvas">', switch + '<div class="dialog-off-canvas-main-canvas">', 1)


def welsh_name(force: ReplicaForce) -> str:
    names = {
        "dyfed-powys": "Heddlu Dyfed-Powys",
        "gwent": "Heddlu Gwent",
        "north-wales": "Heddlu Gogledd Cymru",
        "south-wales": "Heddlu De Cymru",
    }
    return names.get(force.id, force.name)


def zlib_id(force_id: str) -> int:
    return zlib.crc32(force_id.encode())


SOH = SingleOnlineHome()
CIVIC = Civic()
CLASSIC = Classic()
CYMRU = Cymru()
TEMPLATES = {t.name: t for t in (SOH, CIVIC, CLASSIC, CYMRU)}
