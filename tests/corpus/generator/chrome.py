"""Site chrome: five families of police-website templates, with per-page variation.

Every page in the corpus, positive or negative, is wrapped by one of these, so the chrome itself
(cookie banners, the quick-exit button, mega menus that mention stalking, domestic abuse and
super-complaints, footers) never tells the two classes apart. Variation comes from a seeded
``random.Random`` handed in by the caller, so output is deterministic.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    domain: str
    short: str  # "Kent", "Avon and Somerset"
    slug: str  # Single Online Home path segment: "kent-police"

    @property
    def base(self) -> str:
        return f"https://www.{self.domain}"


def make_force(entry: dict) -> Force:
    name = entry["name"]
    short = re.sub(r"\s+(Police Service|Police|Constabulary)$", "", name)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return Force(entry["id"], name, entry["domains"][0], short, slug)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------------------------
# Labels. "cy-en" pages show both languages side by side, as the Welsh forces' sites do.
# --------------------------------------------------------------------------------------------

LABELS = {
    "en": {
        "skip": "Skip to main content",
        "leave": "Leave this site",
        "leave_hint": "Press Esc, or use the button, to leave this site at once",
        "search": "Search",
        "search_ph": "Search this site",
        "menu": "Menu",
        "home": "Home",
        "report": "Report",
        "advice": "Advice",
        "contact": "Contact us",
        "news": "News",
        "about": "About us",
        "area": "Your area",
        "careers": "Careers",
        "accessibility": "Accessibility statement",
        "cookies": "Cookies",
        "privacy": "Privacy notice",
        "terms": "Terms and conditions",
        "foi": "Freedom of information",
        "sitemap": "Sitemap",
        "helpful": "Was this page helpful?",
        "yes": "Yes",
        "no": "No",
        "follow": "Follow us",
        "emergency": "In an emergency, always call 999.",
        "updated": "Last updated",
        "lang_switch": "Cymraeg",
    },
    "cy": {
        "skip": "Neidio i'r prif gynnwys",
        "leave": "Gadael y wefan hon",
        "leave_hint": "Gadewch y wefan hon yn gyflym drwy bwyso'r fysell Escape",
        "search": "Chwilio",
        "search_ph": "Chwilio'r wefan hon",
        "menu": "Dewislen",
        "home": "Hafan",
        "report": "Rhoi gwybod",
        "advice": "Cyngor",
        "contact": "Cysylltu â ni",
        "news": "Newyddion",
        "about": "Amdanom ni",
        "area": "Eich ardal",
        "careers": "Gyrfaoedd",
        "accessibility": "Datganiad hygyrchedd",
        "cookies": "Cwcis",
        "privacy": "Hysbysiad preifatrwydd",
        "terms": "Telerau ac amodau",
        "foi": "Rhyddid gwybodaeth",
        "sitemap": "Map o'r safle",
        "helpful": "Oedd y dudalen hon yn ddefnyddiol?",
        "yes": "Oedd",
        "no": "Nac oedd",
        "follow": "Dilynwch ni",
        "emergency": "Mewn argyfwng, ffoniwch 999 bob amser.",
        "updated": "Diweddarwyd ddiwethaf",
        "lang_switch": "English",
    },
}


def lab(lang: str, key: str) -> str:
    if lang == "cy-en":
        cy, en = LABELS["cy"][key], LABELS["en"][key]
        return cy if cy == en else f"{cy} / {en}"
    return LABELS["cy" if lang == "cy" else "en"][key]


ADVICE_MENU_EN = [
    ("Abuse, assault and harassment", [
        ("Domestic abuse", "advice/advice-and-information/daa/domestic-abuse/"),
        ("Stalking and harassment", "advice/advice-and-information/sh/stalking-harassment/"),
        ("Rape and sexual assault", "advice/advice-and-information/rsa/rape-and-sexual-assault/"),
        ("Honour-based abuse, forced marriage and FGM", "advice/advice-and-information/hbaf/"),
        ("Hate crime", "advice/advice-and-information/hco/hate-crime/"),
        ("Child abuse", "advice/advice-and-information/caa/child-abuse/"),
    ]),
    ("Crime prevention", [
        ("Burglary", "advice/advice-and-information/bu/burglary/"),
        ("Vehicle crime", "advice/advice-and-information/vc/vehicle-crime/"),
        ("Fraud", "advice/advice-and-information/fa/fraud/"),
        ("Online safety", "advice/advice-and-information/online-safety/"),
    ]),
    ("Support for victims", [
        ("Victim support", "advice/advice-and-information/victim-support/"),
        ("Victims' Code", "advice/advice-and-information/victims-code/"),
        ("Clare's Law", "advice/advice-and-information/daa/domestic-abuse/af/clares-law/"),
    ]),
]

ADVICE_MENU_CY = [
    ("Cam-drin, ymosod ac aflonyddu", [
        ("Cam-drin domestig", "cy/cyngor/cam-drin-domestig/"),
        ("Stelcio ac aflonyddu", "cy/cyngor/stelcio-ac-aflonyddu/"),
        ("Trais rhywiol ac ymosodiad rhywiol", "cy/cyngor/trais-rhywiol/"),
        ("Troseddau casineb", "cy/cyngor/troseddau-casineb/"),
    ]),
    ("Atal trosedd", [
        ("Bwrgleriaeth", "cy/cyngor/bwrgleriaeth/"),
        ("Twyll", "cy/cyngor/twyll/"),
        ("Diogelwch ar-lein", "cy/cyngor/diogelwch-ar-lein/"),
    ]),
]

REPORT_MENU_EN = [
    ("Report a crime", "ro/report/ocr/af/how-to-report-a-crime/"),
    ("Report antisocial behaviour", "ro/report/asb/"),
    ("Report domestic abuse", "ro/report/daa/"),
    ("Report stalking or harassment", "ro/report/sh/"),
    ("Report a road traffic incident", "ro/report/rti/"),
    ("Give information about a crime", "ro/report/giat/"),
]

REPORT_MENU_CY = [
    ("Rhoi gwybod am drosedd", "cy/rhoi-gwybod/trosedd/"),
    ("Rhoi gwybod am gam-drin domestig", "cy/rhoi-gwybod/cam-drin-domestig/"),
    ("Rhoi gwybod am stelcio neu aflonyddu", "cy/rhoi-gwybod/stelcio/"),
]

ABOUT_MENU_EN = [
    ("Our performance", "about-us/our-performance/"),
    ("Freedom of information", "foi-ai/af/accessing-information/"),
    ("Publication scheme", "foi-ai/publication-scheme/"),
    ("HMICFRS inspections", "about-us/hmicfrs/"),
    ("Super-complaints", "about-us/super-complaints/"),
    ("Policies and procedures", "about-us/policies/"),
    ("Police and Crime Commissioner", "about-us/pcc/"),
]

ABOUT_MENU_CY = [
    ("Ein perfformiad", "cy/amdanom-ni/perfformiad/"),
    ("Rhyddid gwybodaeth", "cy/amdanom-ni/rhyddid-gwybodaeth/"),
    ("Uwch-gwynion", "cy/amdanom-ni/uwch-gwynion/"),
    ("Arolygiadau HMICFRS", "cy/amdanom-ni/hmicfrs/"),
]

SOCIALS = [
    ("Facebook", "https://www.facebook.com/{handle}"),
    ("X (Twitter)", "https://x.com/{handle}"),
    ("Instagram", "https://www.instagram.com/{handle}/"),
    ("YouTube", "https://www.youtube.com/@{handle}"),
    ("LinkedIn", "https://www.linkedin.com/company/{handle}"),
    ("Nextdoor", "https://nextdoor.co.uk/agency/{handle}/"),
]

COOKIE_TEXTS_EN = [
    ("We use some essential cookies to make our website work. We'd like to set additional cookies so we "
     "can remember your preferences and understand how you use our site. You can manage your preferences "
     "and cookie settings at any time by clicking on \u201cCustomise cookies\u201d below."),
    ("This website uses cookies. Some are necessary for the site to function; others help us to improve "
     "it by collecting anonymous information about how it is used. Choose which optional cookies you are "
     "happy for us to use."),
    ("We'd like to use analytics cookies to understand how people use this website so we can make it "
     "better. These cookies will only be set if you accept. Necessary cookies are always on."),
    ("Cookies on this site: we use necessary cookies to make the site work, and optional cookies to "
     "measure traffic and remember settings such as text size and high-contrast mode."),
]

COOKIE_TEXT_CY = (
    "Rydym yn defnyddio rhai cwcis hanfodol i wneud i'n gwefan weithio. Hoffem osod cwcis ychwanegol i "
    "gofio eich dewisiadau a deall sut rydych yn defnyddio ein gwefan. / We use some essential cookies to "
    "make our website work. We'd like to set additional cookies to remember your preferences."
)


def _handle(force: Force) -> str:
    return re.sub(r"[^A-Za-z]", "", force.short.title()) + ("Police" if "Police" in force.name else "Constab")


def _gtm(rng: random.Random) -> str:
    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
    return (
        "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
        "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?"
        "'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;"
        f"f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','GTM-{code}');</script>"
    )


def _hexid(rng: random.Random, n: int = 8) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _quick_exit_script(rng: random.Random, cls: str) -> str:
    target = rng.choice(["https://www.bbc.co.uk/weather", "https://www.google.co.uk", "https://www.metoffice.gov.uk"])
    return (
        "<script>document.addEventListener('keydown',function(e){if(e.key==='Escape'){"
        f"window.open('{target}','_newtab');window.location.replace('{target}');}}}});"
        f"document.querySelectorAll('.{cls}').forEach(function(b){{b.addEventListener('click',function(ev){{"
        f"ev.preventDefault();window.location.replace('{target}');}});}});</script>"
    )


def _crumbs_list(force: Force, crumbs: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    return [(lab(lang, "home"), "/")] + crumbs


# --------------------------------------------------------------------------------------------
# Template 1: the "Single Online Home" shared platform
# --------------------------------------------------------------------------------------------

def soh(force: Force, *, title: str, body: str, crumbs: list[tuple[str, str]], rng: random.Random,
        lang: str = "en", heading: str | None = None, updated: str | None = None) -> str:
    welsh = lang in ("cy", "cy-en")
    advice = ADVICE_MENU_CY if lang == "cy" else ADVICE_MENU_EN
    report = REPORT_MENU_CY if lang == "cy" else REPORT_MENU_EN
    about = ABOUT_MENU_CY if lang == "cy" else ABOUT_MENU_EN
    cookie = COOKIE_TEXT_CY if welsh else rng.choice(COOKIE_TEXTS_EN[:2])
    beta = rng.random() < 0.6
    adv_html = "".join(
        f'<li class="mega-menu__group"><h3 class="mega-menu__heading">{esc(g)}</h3><ul class="mega-menu__list">'
        + "".join(f'<li><a class="mega-menu__link" href="/{h}">{esc(t)}</a></li>' for t, h in items)
        + "</ul></li>"
        for g, items in advice
    )
    rep_html = "".join(f'<li><a class="mega-menu__link" href="/{h}">{esc(t)}</a></li>' for t, h in report)
    about_items = list(about)
    rng.shuffle(about_items)
    about_html = "".join(f'<li><a href="/{h}">{esc(t)}</a></li>' for t, h in about_items)
    crumbs_html = "".join(
        f'<li class="breadcrumb__item"><a class="breadcrumb__link" href="{esc(h)}">{esc(t)}</a></li>'
        for t, h in _crumbs_list(force, crumbs, lang)
    )
    socials = rng.sample(SOCIALS, rng.randint(3, 5))
    soc_html = "".join(
        f'<li><a class="social-link" href="{u.format(handle=_handle(force))}" rel="noopener">'
        f'<span class="visually-hidden">{esc(n)}</span><svg aria-hidden="true" class="icon icon--{n.split()[0].lower()}">'
        f'<use href="/assets/icons.svg#{n.split()[0].lower()}"></use></svg></a></li>'
        for n, u in socials
    )
    h1 = f'<h1 class="page-title">{esc(heading)}</h1>' if heading else ""
    upd = f'<p class="page-meta">{lab(lang, "updated")}: {esc(updated)}</p>' if updated else ""
    build = _hexid(rng, 10)
    lang_attr = "cy" if lang == "cy" else "en-GB"
    if lang == "cy":
        lang_toggle = '<a class="language-toggle" hreflang="en" lang="en" href="/">English</a>'
    elif welsh:
        lang_toggle = '<a class="language-toggle" hreflang="cy" lang="cy" href="/cy/">Cymraeg</a>'
    else:
        lang_toggle = ""
    beta_html = (
        '<div class="phase-banner"><p><strong class="tag">Beta</strong> This site is a beta, which means it\'s a '
        "work in progress and we'll be adding more to it over the next few weeks. Your "
        '<a href="/contact/af/feedback/">feedback</a> helps us make things better.</p></div>'
        if beta and not welsh else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{lang_attr}" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(force.name)}</title>
<meta name="description" content="{esc(heading or title)}">
<meta property="og:site_name" content="{esc(force.name)}">
<meta property="og:title" content="{esc(heading or title)}">
<link rel="stylesheet" href="/assets/css/soh.main.{build}.css">
<link rel="icon" href="/assets/img/{force.id}/favicon.ico">
<script>document.documentElement.className=document.documentElement.className.replace('no-js','js');</script>
{_gtm(rng)}
</head>
<body class="soh force-{force.id}">
<a class="skip-link" href="#main-content">{lab(lang, "skip")}</a>
<div id="cookie-banner" class="cookie-banner" role="region" aria-label="Cookies">
  <div class="cookie-banner__inner">
    <h2 class="cookie-banner__title">{"Cwcis ar y wefan hon / Cookies on this site" if welsh else "Cookies on this site"}</h2>
    <p>{esc(cookie)}</p>
    <p>For more information on how we use cookies, please see our <a href="/hyg/cookies/">Cookies notice</a>.</p>
    <div class="cookie-banner__buttons">
      <button class="btn btn--primary" data-cookie="accept">Accept all cookies</button>
      <button class="btn btn--secondary" data-cookie="reject">Reject additional cookies</button>
      <a class="btn btn--link" href="/hyg/cookies/">Customise cookies</a>
    </div>
    <p class="cookie-banner__saved" hidden>Your cookie preferences have been saved. You can update your cookie settings at any time on the cookies page.</p>
    <p class="cookie-banner__error" hidden>Sorry, there was a technical problem. Please try again.</p>
  </div>
</div>
<div class="quick-exit" role="complementary">
  <span class="quick-exit__hint">{lab(lang, "leave_hint")}</span>
  <a class="quick-exit__button js-quick-exit" href="https://www.bbc.co.uk/weather" rel="nofollow">{lab(lang, "leave")}</a>
</div>
{beta_html}
<header class="site-header" role="banner">
  <div class="site-header__inner container">
    <a class="site-header__logo" href="/"><img src="/assets/img/{force.id}/logo.svg" alt="{esc(force.name)} - {lab(lang, "home")}" width="180" height="60"></a>
    {lang_toggle}
    <form class="site-search" action="/search/" method="get" role="search">
      <label class="visually-hidden" for="q">{lab(lang, "search")}</label>
      <input id="q" name="q" type="search" placeholder="{lab(lang, "search_ph")}">
      <button type="submit" class="site-search__button">{lab(lang, "search")}</button>
    </form>
    <button class="menu-toggle" aria-expanded="false" aria-controls="primary-nav">{lab(lang, "menu")}</button>
  </div>
  <nav id="primary-nav" class="primary-nav" aria-label="Main">
    <ul class="primary-nav__list">
      <li class="primary-nav__item has-mega"><a href="/ro/report/">{lab(lang, "report")}</a>
        <div class="mega-menu"><ul class="mega-menu__list">{rep_html}</ul></div></li>
      <li class="primary-nav__item has-mega"><a href="/advice/">{lab(lang, "advice")}</a>
        <div class="mega-menu"><ul class="mega-menu__groups">{adv_html}</ul></div></li>
      <li class="primary-nav__item"><a href="/a/your-area/">{lab(lang, "area")}</a></li>
      <li class="primary-nav__item"><a href="/news/">{lab(lang, "news")}</a></li>
      <li class="primary-nav__item"><a href="/police-forces/{force.slug}/areas/careers/">{lab(lang, "careers")}</a></li>
      <li class="primary-nav__item has-mega"><a href="/police-forces/{force.slug}/areas/about-us/">{lab(lang, "about")}</a>
        <div class="mega-menu"><ul class="mega-menu__list">{about_html}</ul></div></li>
      <li class="primary-nav__item"><a href="/contact/af/contact-us/">{lab(lang, "contact")}</a></li>
    </ul>
  </nav>
</header>
<div class="container">
  <nav class="breadcrumb" aria-label="Breadcrumb"><ol class="breadcrumb__list">{crumbs_html}</ol></nav>
  <main id="main-content" class="main" role="main" tabindex="-1">
    <div class="content-area">
      {h1}
      {body}
      {upd}
    </div>
    <aside class="page-feedback">
      <h2 class="page-feedback__title">{lab(lang, "helpful")}</h2>
      <button class="btn btn--small" data-feedback="yes">{lab(lang, "yes")}</button>
      <button class="btn btn--small" data-feedback="no">{lab(lang, "no")}</button>
    </aside>
  </main>
</div>
<footer class="site-footer" role="contentinfo">
  <div class="container site-footer__inner">
    <p class="site-footer__emergency">{lab(lang, "emergency")} Contact us on 101 for non-emergencies, or report online.</p>
    <h2 class="visually-hidden">{lab(lang, "follow")}</h2>
    <ul class="social-links">{soc_html}</ul>
    <ul class="site-footer__links">
      <li><a href="/hyg/accessibility/">{lab(lang, "accessibility")}</a></li>
      <li><a href="/hyg/cookies/">{lab(lang, "cookies")}</a></li>
      <li><a href="/hyg/privacy-notice/">{lab(lang, "privacy")}</a></li>
      <li><a href="/hyg/terms-and-conditions/">{lab(lang, "terms")}</a></li>
      <li><a href="/foi-ai/">{lab(lang, "foi")}</a></li>
    </ul>
    <p class="site-footer__copy">&copy; {esc(force.name)}. This website is part of the Single Online Home national programme.</p>
  </div>
</footer>
<script src="/assets/js/soh.bundle.{build}.js" defer></script>
{_quick_exit_script(rng, "js-quick-exit")}
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Template 2: Drupal-like
# --------------------------------------------------------------------------------------------

def drupal(force: Force, *, title: str, body: str, crumbs: list[tuple[str, str]], rng: random.Random,
           lang: str = "en", heading: str | None = None, updated: str | None = None) -> str:
    node = rng.randint(1200, 48000)
    theme = rng.choice(["constabulary", "bluelight", "force_theme", "olivero_sub"])
    perm = _hexid(rng, 12)
    menu_main = [
        ("Report it", "/report", ["Report a crime online", "Report domestic abuse", "Report stalking",
                                 "Report anti-social behaviour", "Report a hate crime"]),
        ("Advice and support", "/advice", ["Domestic abuse", "Stalking and harassment", "Sexual offences",
                                           "Fraud and scams", "Keeping safe online", "Victim care"]),
        ("Your area", "/your-area", ["Neighbourhood teams", "Local priorities", "Police stations"]),
        ("News and appeals", "/news", ["Latest news", "Appeals", "Wanted"]),
        ("About us", "/about-us", ["Our leadership", "Performance", "Freedom of information",
                                   "Super-complaints", "Equality and diversity"]),
        ("Contact us", "/contact-us", ["Ways to contact us", "Complaints", "Lost property"]),
    ]
    menu_html = ""
    for label, href, subs in menu_main:
        sub = "".join(
            f'<li class="menu-item"><a href="{href}/{re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")}" '
            f'data-drupal-link-system-path="node/{rng.randint(100, 9999)}">{esc(s)}</a></li>'
            for s in subs
        )
        menu_html += (
            f'<li class="menu-item menu-item--expanded"><a href="{href}">{esc(label)}</a>'
            f'<ul class="menu menu--level-2">{sub}</ul></li>'
        )
    crumbs_html = "".join(
        f'<li class="breadcrumb__item"><a href="{esc(h)}">{esc(t)}</a></li>'
        for t, h in _crumbs_list(force, crumbs, lang)
    )
    h1 = (f'<h1 class="page-title"><span class="field field--name-title field--type-string">{esc(heading)}</span></h1>'
          if heading else "")
    upd = (f'<div class="field field--name-field-last-reviewed"><div class="field__label">{lab(lang, "updated")}</div>'
           f'<div class="field__item"><time>{esc(updated)}</time></div></div>' if updated else "")
    settings = (
        '{"path":{"baseUrl":"\\/","scriptPath":null,"pathPrefix":"","currentPath":"node\\/%d",'
        '"currentPathIsAdmin":false,"isFront":false,"currentLanguage":"%s"},"pluralDelimiter":"\\u0003",'
        '"suppressDeprecationErrors":true,"ajaxPageState":{"libraries":"%s","theme":"%s","theme_token":null},'
        '"eu_cookie_compliance":{"popup_enabled":true,"popup_agreed_enabled":false,"popup_clicking_confirmation":false,'
        '"popup_scrolling_confirmation":false,"popup_html_info":"","method":"categories"},"user":{"uid":0,"permissionsHash":"%s"}}'
    ) % (node, "cy" if lang == "cy" else "en", _hexid(rng, 24), theme, perm)
    welsh = lang in ("cy", "cy-en")
    cookie = COOKIE_TEXT_CY if welsh else rng.choice(COOKIE_TEXTS_EN)
    return f"""<!DOCTYPE html>
<html lang="{"cy" if lang == "cy" else "en"}" dir="ltr" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="HandheldFriendly" content="true" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="canonical" href="{force.base}/node/{node}" />
<title>{esc(title)} | {esc(force.name)}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_{_hexid(rng, 20)}.css?delta=0&amp;language=en&amp;theme={theme}" />
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_{_hexid(rng, 20)}.css?delta=1&amp;language=en&amp;theme={theme}" />
{_gtm(rng)}
</head>
<body class="path-node page-node-type-{rng.choice(["page", "basic_page", "landing_page", "article"])} {theme}">
<a href="#main-content" class="visually-hidden focusable skip-link">{lab(lang, "skip")}</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="layout-container">
  <div class="region region--pre-header">
    <a class="exit-button" id="exit-site" href="https://www.google.co.uk">{lab(lang, "leave")}</a>
    <p class="exit-hint">{lab(lang, "leave_hint")}. Remember to clear your browsing history.</p>
  </div>
  <header role="banner" class="region region--header">
    <div id="block-{theme}-branding" class="block block-system block-system-branding-block">
      <a href="/" rel="home" class="site-logo"><img src="/themes/custom/{theme}/logo.svg" alt="{esc(force.name)}" /></a>
    </div>
    <div class="search-block-form block block-search" data-drupal-selector="search-block-form" role="search">
      <form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8">
        <label for="edit-keys" class="visually-hidden">{lab(lang, "search")}</label>
        <input title="Enter the terms you wish to search for." placeholder="{lab(lang, "search_ph")}" type="search" id="edit-keys" name="keys" size="15" maxlength="128" class="form-search" />
        <input type="submit" value="{lab(lang, "search")}" class="button js-form-submit form-submit" />
      </form>
    </div>
  </header>
  <div class="region region--primary-menu">
    <nav role="navigation" aria-labelledby="block-{theme}-main-menu-menu" id="block-{theme}-main-menu" class="block block-menu navigation menu--main">
      <h2 class="visually-hidden" id="block-{theme}-main-menu-menu">Main navigation</h2>
      <ul class="menu menu--level-1">{menu_html}</ul>
    </nav>
  </div>
  <div class="region region--breadcrumb">
    <nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2>
      <ol>{crumbs_html}</ol></nav>
  </div>
  <main role="main">
    <a id="main-content" tabindex="-1"></a>
    <div class="region region--content">
      <div data-drupal-messages-fallback class="hidden"></div>
      {h1}
      <article data-history-node-id="{node}" class="node node--type-page node--view-mode-full">
        <div class="node__content">
          <div class="clearfix text-formatted field field--name-body field--type-text-with-summary field__item">
{body}
          </div>
          {upd}
        </div>
      </article>
    </div>
  </main>
  <footer role="contentinfo" class="region region--footer">
    <nav class="block block-menu menu--footer" aria-label="Footer">
      <ul class="menu">
        <li class="menu-item"><a href="/accessibility">{lab(lang, "accessibility")}</a></li>
        <li class="menu-item"><a href="/cookies">{lab(lang, "cookies")}</a></li>
        <li class="menu-item"><a href="/privacy">{lab(lang, "privacy")}</a></li>
        <li class="menu-item"><a href="/foi">{lab(lang, "foi")}</a></li>
        <li class="menu-item"><a href="/sitemap">{lab(lang, "sitemap")}</a></li>
      </ul>
    </nav>
    <div class="block block-block-content"><p>{lab(lang, "emergency")} If you are deaf or speech-impaired, text 999 if you have pre-registered with the emergencySMS service.</p></div>
    <p class="copyright">&copy; {esc(force.name)}</p>
  </footer>
</div>
</div>
<div id="sliding-popup" class="sliding-popup-bottom eu-cookie-compliance-banner" role="dialog" aria-label="Cookie consent">
  <div class="eu-cookie-compliance-content"><div class="eu-cookie-compliance-message"><h2>Cookies</h2><p>{esc(cookie)}</p></div>
  <div class="eu-cookie-compliance-buttons"><button type="button" class="agree-button eu-cookie-compliance-default-button">Accept all</button>
  <button type="button" class="decline-button eu-cookie-compliance-default-button">Necessary only</button></div></div>
</div>
<script type="application/json" data-drupal-selector="drupal-settings-json">{settings}</script>
<script src="/core/assets/vendor/once/once.min.js?v=1.0.1"></script>
<script src="/sites/default/files/js/js_{_hexid(rng, 20)}.js?scope=footer&amp;delta=0&amp;language=en&amp;theme={theme}"></script>
<script>document.getElementById('exit-site').addEventListener('click',function(e){{e.preventDefault();window.location.replace('https://www.google.co.uk');}});</script>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Template 3: WordPress-like
# --------------------------------------------------------------------------------------------

def wordpress(force: Force, *, title: str, body: str, crumbs: list[tuple[str, str]], rng: random.Random,
              lang: str = "en", heading: str | None = None, updated: str | None = None) -> str:
    pid = rng.randint(80, 9800)
    ver = rng.choice(["6.4.3", "6.5.2", "6.6.1", "6.7"])
    welsh = lang in ("cy", "cy-en")
    items = [
        ("Report", ["Report a crime", "Report a concern about a child", "Report stalking or harassment"]),
        ("Advice", ["Domestic abuse", "Stalking and harassment", "Sexual violence", "Scams", "Online safety",
                    "Road safety"]),
        ("Victims", ["Support for victims", "Victims' Code", "Independent advocates"]),
        ("News", []),
        ("About", ["Chief Constable", "Our values", "Transparency", "Super-complaints", "FOI disclosure log"]),
        ("Contact", []),
    ]
    rng.shuffle(items[1][1])
    nav = ""
    for i, (label, subs) in enumerate(items):
        mid = 100 + i * 10 + rng.randint(0, 9)
        slug = label.lower()
        if subs:
            sub = "".join(
                f'<li id="menu-item-{mid * 10 + j}" class="menu-item menu-item-type-post_type menu-item-object-page">'
                f'<a href="/{slug}/{re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")}/">{esc(s)}</a></li>'
                for j, s in enumerate(subs)
            )
            nav += (f'<li id="menu-item-{mid}" class="menu-item menu-item-has-children"><a href="/{slug}/">{esc(label)}</a>'
                    f'<ul class="sub-menu">{sub}</ul></li>')
        else:
            nav += f'<li id="menu-item-{mid}" class="menu-item"><a href="/{slug}/">{esc(label)}</a></li>'
    crumbs_html = " <span class=\"sep\">&raquo;</span> ".join(
        f'<span><a href="{esc(h)}">{esc(t)}</a></span>' for t, h in _crumbs_list(force, crumbs, lang)
    )
    h1 = f'<h1 class="entry-title">{esc(heading)}</h1>' if heading else ""
    upd = (f'<p class="post-modified"><span>{lab(lang, "updated")}</span> <time class="updated">{esc(updated)}</time></p>'
           if updated else "")
    cookie = COOKIE_TEXT_CY if welsh else rng.choice(COOKIE_TEXTS_EN)
    return f"""<!doctype html>
<html lang="{"cy" if lang == "cy" else "en-GB"}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{esc(title)} &#8211; {esc(force.name)}</title>
<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />
<link rel='dns-prefetch' href='//www.googletagmanager.com' />
<link rel="alternate" type="application/rss+xml" title="{esc(force.name)} &raquo; Feed" href="{force.base}/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='{force.base}/wp-includes/css/dist/block-library/style.min.css?ver={ver}' media='all' />
<link rel='stylesheet' id='force-theme-style-css' href='{force.base}/wp-content/themes/force-theme/style.css?ver={rng.randint(100, 999)}' media='all' />
<link rel="https://api.w.org/" href="{force.base}/wp-json/" />
<link rel="alternate" type="application/json" href="{force.base}/wp-json/wp/v2/pages/{pid}" />
<meta name="generator" content="WordPress {ver}" />
{_gtm(rng)}
</head>
<body class="page-template-default page page-id-{pid} wp-custom-logo wp-embed-responsive no-sidebar">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">{lab(lang, "skip")}</a>
<div class="hide-my-visit"><a href="https://www.google.co.uk/search?q=weather" class="hide-my-visit__btn" id="hmv">{lab(lang, "leave")}</a></div>
<header id="masthead" class="site-header">
  <div class="site-branding"><a href="{force.base}/" class="custom-logo-link" rel="home"><img width="240" height="72" src="{force.base}/wp-content/uploads/2023/0{rng.randint(1, 9)}/logo.png" class="custom-logo" alt="{esc(force.name)}" decoding="async" /></a>
  <p class="site-description">{esc(force.name)} &ndash; {"keeping our communities safe" if not welsh else "cadw ein cymunedau'n ddiogel / keeping our communities safe"}</p></div>
  <nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">{lab(lang, "menu")}</button>
    <div class="menu-primary-container"><ul id="primary-menu" class="menu">{nav}</ul></div></nav>
  <form role="search" method="get" class="search-form" action="{force.base}/"><label><span class="screen-reader-text">{lab(lang, "search")}:</span>
    <input type="search" class="search-field" placeholder="{lab(lang, "search_ph")} &hellip;" value="" name="s" /></label>
    <input type="submit" class="search-submit" value="{lab(lang, "search")}" /></form>
</header>
<div id="content" class="site-content">
  <div class="breadcrumbs" typeof="BreadcrumbList" vocab="https://schema.org/">{crumbs_html}</div>
  <div id="primary" class="content-area"><main id="main" class="site-main">
    <article id="post-{pid}" class="post-{pid} page type-page status-publish hentry">
      <header class="entry-header">{h1}</header>
      <div class="entry-content">
{body}
      </div>
      <footer class="entry-footer">{upd}</footer>
    </article>
  </main></div>
  <aside id="secondary" class="widget-area"><section class="widget widget_text"><h2 class="widget-title">{"Angen help? / Need help?" if welsh else "Need help now?"}</h2>
    <div class="textwidget"><p>{lab(lang, "emergency")} If you can't speak, listen to the questions and respond by coughing or tapping the handset.</p></div></section></aside>
</div>
<footer id="colophon" class="site-footer">
  <div class="footer-widgets"><ul class="footer-menu">
    <li><a href="{force.base}/accessibility/">{lab(lang, "accessibility")}</a></li>
    <li><a href="{force.base}/cookie-policy/">{lab(lang, "cookies")}</a></li>
    <li><a href="{force.base}/privacy/">{lab(lang, "privacy")}</a></li>
    <li><a href="{force.base}/about/transparency/">Transparency</a></li></ul></div>
  <div class="site-info">&copy; {esc(force.name)} &middot; Powered by WordPress</div>
</footer>
</div>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>{esc(cookie)}</span>
  <a role='button' data-cli_action="accept" id="cookie_action_close_header" class="cli-plugin-button">Accept</a>
  <a role='button' id="cookie_action_close_header_reject" class="cli-plugin-button">Reject</a>
  <a href="{force.base}/cookie-policy/" id="CONSTANT_OPEN_URL" class="cli-plugin-main-link">Cookie settings</a></div>
<script id="wp-emoji-settings" type="application/json">{{"baseUrl":"https://s.w.org/images/core/emoji/15.0.3/72x72/","ext":".png"}}</script>
<script src="{force.base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script src="{force.base}/wp-content/themes/force-theme/js/navigation.js?ver={rng.randint(100, 999)}" id="force-theme-navigation-js"></script>
<script>document.getElementById('hmv').addEventListener('click',function(e){{e.preventDefault();window.open('https://www.bbc.co.uk/news','_newtab');window.location.replace('https://www.google.co.uk/search?q=weather');}});</script>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Template 4: bespoke, council-like CMS (old-school markup, ReadSpeaker, A-Z)
# --------------------------------------------------------------------------------------------

def council(force: Force, *, title: str, body: str, crumbs: list[tuple[str, str]], rng: random.Random,
            lang: str = "en", heading: str | None = None, updated: str | None = None) -> str:
    pageid = rng.randint(10000, 99999)
    welsh = lang in ("cy", "cy-en")
    letters = "".join(f'<a href="/a-z/{c.lower()}">{c}</a> ' for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    tabs = [("Home", "/"), ("Report it", "/report-it"), ("Stalking", "/advice/stalking"),
            ("Domestic abuse", "/advice/domestic-abuse"), ("Advice &amp; support", "/advice"),
            ("Your neighbourhood", "/neighbourhoods"), ("News", "/news"), ("About us", "/about"),
            ("Contact us", "/contact")]
    if rng.random() < 0.5:
        tabs.insert(3, ("Victims", "/victims"))
    tabs_html = "".join(f'<td class="tab"><a href="{h}">{t}</a></td>' for t, h in tabs)
    crumbs_html = " &gt; ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in _crumbs_list(force, crumbs, lang))
    side = ["Stalking and harassment", "Domestic abuse", "Clare's Law", "Sexual offences", "Hate crime",
            "Victim care", "Freedom of information", "Super-complaints", "Publications"]
    rng.shuffle(side)
    side_html = "".join(f'<li><a href="/sidenav/{re.sub(r"[^a-z0-9]+", "-", s.lower())}">{esc(s)}</a></li>'
                        for s in side[: rng.randint(5, 9)])
    h1 = f'<h1 id="pageTitle">{esc(heading)}</h1>' if heading else ""
    upd = f'<div class="pageUpdated">{lab(lang, "updated")}: {esc(updated)}</div>' if updated else ""
    cookie = COOKIE_TEXT_CY if welsh else rng.choice(COOKIE_TEXTS_EN)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="{"cy" if lang == "cy" else "en"}" lang="{"cy" if lang == "cy" else "en"}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(force.name)} - {esc(title)}</title>
<meta name="keywords" content="police, {esc(force.short.lower())}, crime, report, advice" />
<link href="/css/main.css?v={rng.randint(10, 99)}" rel="stylesheet" type="text/css" />
<link href="/css/print.css" rel="stylesheet" type="text/css" media="print" />
<script type="text/javascript" src="/scripts/jquery-1.12.4.min.js"></script>
<script type="text/javascript" src="//cdn-eu.readspeaker.com/script/{rng.randint(1000, 9999)}/webReader/webReader.js?pids=wr"></script>
<script type="text/javascript">var _paq = window._paq = window._paq || []; _paq.push(['trackPageView']); _paq.push(['enableLinkTracking']);
(function(){{var u="https://analytics.{force.domain}/";_paq.push(['setTrackerUrl', u+'matomo.php']);_paq.push(['setSiteId', '{rng.randint(1, 9)}']);}})();</script>
</head>
<body id="page{pageid}" class="inner">
<div id="skiplinks"><a href="#content">{lab(lang, "skip")}</a></div>
<div id="cookieNotice" class="cookieNotice"><p>{esc(cookie)}</p><p><a href="#" id="cookieAccept" class="button">I'm OK with cookies</a> <a href="/cookies" class="button">Change settings</a></p></div>
<div id="wrapper">
  <div id="topBar">
    <a href="https://www.google.co.uk" id="escapeButton" class="escape">{lab(lang, "leave")} (Esc)</a>
    <div id="accessTools"><a href="#" onclick="textSize(1)">A+</a> <a href="#" onclick="textSize(-1)">A-</a> <a href="#" onclick="contrast()">High contrast</a>
      <a href="//translate.google.com/translate?u={force.base}">Translate this page</a></div>
  </div>
  <div id="header"><a href="/" id="logo"><img src="/images/logo.gif" alt="{esc(force.name)}" /></a>
    <form id="searchForm" action="/search.aspx" method="get"><input type="text" name="terms" id="searchTerms" value="{lab(lang, "search_ph")}" onfocus="this.value=''" /><input type="submit" value="Go" /></form></div>
  <table id="tabs" cellspacing="0" cellpadding="0"><tr>{tabs_html}</tr></table>
  <div id="azBar"><span>A&ndash;Z:</span> {letters}</div>
  <div id="breadcrumb">You are here: {crumbs_html}</div>
  <div id="columns">
    <div id="leftCol"><ul class="sideNav">{side_html}</ul>
      <div class="promoBox"><h3>Need to talk?</h3><p>{lab(lang, "emergency")} Non-emergency: 101.</p></div></div>
    <div id="content" class="mainContent">
      <div id="readspeaker_button1" class="rs_skip rsbtn rs_preserve"><a rel="nofollow" class="rsbtn_play" accesskey="L" title="Listen to this page using ReadSpeaker" href="//app-eu.readspeaker.com/cgi-bin/rsent?customerid={rng.randint(1000, 9999)}&amp;lang=en_uk&amp;readid=content&amp;url={force.base}">Listen</a></div>
      {h1}
      <div class="pageBody">
{body}
      </div>
      {upd}
      <div class="printLink"><a href="javascript:window.print()">Print this page</a></div>
    </div>
  </div>
  <div id="footer">
    <ul><li><a href="/accessibility">{lab(lang, "accessibility")}</a></li><li><a href="/cookies">{lab(lang, "cookies")}</a></li>
      <li><a href="/privacy">{lab(lang, "privacy")}</a></li><li><a href="/foi">{lab(lang, "foi")}</a></li><li><a href="/sitemap">{lab(lang, "sitemap")}</a></li></ul>
    <p>&copy; {esc(force.name)} {rng.choice(["2024", "2025"])}. All rights reserved. Site by a local supplier.</p>
  </div>
</div>
<script type="text/javascript">$(document).keyup(function(e){{if(e.keyCode==27){{window.location.replace('https://www.google.co.uk');}}}});
$('#cookieAccept').click(function(){{document.cookie='cookiesOK=1;path=/;max-age=31536000';$('#cookieNotice').hide();return false;}});</script>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Template 5: GOV.UK Frontend-like
# --------------------------------------------------------------------------------------------

def govuk(force: Force, *, title: str, body: str, crumbs: list[tuple[str, str]], rng: random.Random,
          lang: str = "en", heading: str | None = None, updated: str | None = None) -> str:
    welsh = lang in ("cy", "cy-en")
    nav = [("Report", "/report"), ("Stalking and harassment", "/advice/stalking-and-harassment"),
           ("Domestic abuse", "/advice/domestic-abuse"), ("Advice", "/advice"), ("News", "/news"),
           ("About us", "/about-us"), ("Contact us", "/contact-us")]
    nav_html = "".join(
        f'<li class="govuk-header__navigation-item"><a class="govuk-header__link" href="{h}">{esc(t)}</a></li>'
        for t, h in nav
    )
    crumbs_html = "".join(
        f'<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{esc(h)}">{esc(t)}</a></li>'
        for t, h in _crumbs_list(force, crumbs, lang)
    )
    h1 = f'<h1 class="govuk-heading-xl">{esc(heading)}</h1>' if heading else ""
    upd = (f'<p class="govuk-body-s app-last-updated">{lab(lang, "updated")}: {esc(updated)}</p>' if updated else "")
    cookie = COOKIE_TEXT_CY if welsh else COOKIE_TEXTS_EN[2]
    return f"""<!DOCTYPE html>
<html lang="{"cy" if lang == "cy" else "en"}" class="govuk-template">
<head>
<meta charset="utf-8">
<title>{esc(title)} - {esc(force.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0b0c0c">
<link rel="icon" sizes="48x48" href="/assets/images/favicon.ico">
<link href="/stylesheets/application.css?v={_hexid(rng, 6)}" rel="stylesheet">
</head>
<body class="govuk-template__body">
<script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>
<div class="govuk-cookie-banner" data-nosnippet role="region" aria-label="Cookies on {esc(force.name)}">
  <div class="govuk-cookie-banner__message govuk-width-container"><div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
    <h2 class="govuk-cookie-banner__heading govuk-heading-m">Cookies on {esc(force.name)}</h2>
    <div class="govuk-cookie-banner__content"><p class="govuk-body">{esc(cookie)}</p></div></div></div>
    <div class="govuk-button-group"><button type="button" class="govuk-button" data-module="govuk-button">Accept analytics cookies</button>
    <button type="button" class="govuk-button" data-module="govuk-button">Reject analytics cookies</button>
    <a class="govuk-link" href="/cookies">View cookies</a></div></div>
</div>
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">{lab(lang, "skip")}</a>
<div class="govuk-exit-this-page" data-module="govuk-exit-this-page"><a href="https://www.bbc.co.uk/weather" role="button" draggable="false" class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button" data-module="govuk-button" rel="nofollow noreferrer"><span class="govuk-visually-hidden">Emergency</span> {lab(lang, "leave")}</a></div>
<header class="govuk-header" data-module="govuk-header">
  <div class="govuk-header__container govuk-width-container">
    <div class="govuk-header__logo"><a href="/" class="govuk-header__link govuk-header__link--homepage"><span class="govuk-header__logotype-text">{esc(force.name)}</span></a></div>
    <div class="govuk-header__content"><nav aria-label="Menu" class="govuk-header__navigation">
      <button type="button" class="govuk-header__menu-button govuk-js-header-toggle" aria-controls="navigation" hidden>{lab(lang, "menu")}</button>
      <ul id="navigation" class="govuk-header__navigation-list">{nav_html}</ul></nav></div>
  </div>
</header>
<div class="govuk-width-container">
  <nav class="govuk-breadcrumbs" aria-label="Breadcrumb"><ol class="govuk-breadcrumbs__list">{crumbs_html}</ol></nav>
  <main class="govuk-main-wrapper" id="main-content" role="main">
    <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
      {h1}
      <div class="govuk-body app-prose">
{body}
      </div>
      {upd}
    </div>
    <div class="govuk-grid-column-one-third"><aside class="app-related-items" role="complementary">
      <h2 class="govuk-heading-s">Related content</h2>
      <ul class="govuk-list govuk-!-font-size-16"><li><a class="govuk-link" href="/advice/stalking-and-harassment">Stalking and harassment</a></li>
      <li><a class="govuk-link" href="/advice/domestic-abuse">Domestic abuse</a></li><li><a class="govuk-link" href="/about-us/super-complaints">Super-complaints</a></li></ul>
    </aside></div></div>
  </main>
</div>
<footer class="govuk-footer" role="contentinfo"><div class="govuk-width-container"><div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
  <h2 class="govuk-visually-hidden">Support links</h2><ul class="govuk-footer__inline-list">
  <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/accessibility">{lab(lang, "accessibility")}</a></li>
  <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/cookies">{lab(lang, "cookies")}</a></li>
  <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/privacy">{lab(lang, "privacy")}</a></li></ul>
  <span class="govuk-footer__licence-description">All content is available under the <a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" rel="license">Open Government Licence v3.0</a>, except where otherwise stated</span>
</div></div></div></footer>
<script type="module" src="/javascripts/govuk-frontend.min.js"></script>
<script type="module">import {{ initAll }} from '/javascripts/govuk-frontend.min.js'; initAll();</script>
</body>
</html>
"""


TEMPLATES = {"soh": soh, "drupal": drupal, "wordpress": wordpress, "council": council, "govuk": govuk}
