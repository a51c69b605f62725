"""GOV.UK, replayed: the NPCC response (Content API JSON and HTML page) and its parent collection.

The NPCC body is rendered from the scenario's NpccDocument on every request, so a test can change
the links between runs. The JSON `details.body` and the HTML page's govspeak div hold the same string.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from ._http import Response
from .behaviours import gzip_if_accepted
from .scenario import Behaviour, Exchange, NpccDocument, NpccLink

COLLECTION_PATH = "/government/publications/responses-to-the-super-complaint-report-on-the-police-response-to-stalking"
NPCC_PATH = COLLECTION_PATH + "/npcc-response-to-the-stalking-super-complaint"
CONTENT_API_PREFIX = "/api/content"
CONTENT_API_URL = "https://www.gov.uk" + CONTENT_API_PREFIX + NPCC_PATH
NPCC_PAGE_URL = "https://www.gov.uk" + NPCC_PATH
COLLECTION_URL = "https://www.gov.uk" + COLLECTION_PATH

NPCC_TITLE = "NPCC response to the stalking super-complaint"
COLLECTION_TITLE = "Responses to the super-complaint report on the police response to stalking"
COLLECTION_DESCRIPTION = (
    "Responses to recommendations in the report on the super-complaint submitted by the Suzy Lamplugh "
    "Trust, on behalf of the National Stalking Consortium about the police response to stalking."
)
NPCC_CONTENT_ID = "5f0d1c8e-7a8b-4c55-9a61-2f7b1e9c4d30"
COLLECTION_CONTENT_ID = "a3b6e2f4-1c9d-4e7a-8b5f-6d2c0e9a7b14"
HOME_OFFICE = {
    "analytics_identifier": "D6",
    "api_path": "/api/content/government/organisations/home-office",
    "base_path": "/government/organisations/home-office",
    "content_id": "0a9bcc5e-4fb5-4d5b-bd1f-3e0fb6d4f6f2",
    "document_type": "organisation",
    "locale": "en",
    "schema_name": "organisation",
    "title": "Home Office",
    "web_url": "https://www.gov.uk/government/organisations/home-office",
    "withdrawn": False,
    "details": {"acronym": "HO", "brand": "home-office", "logo": {"crest": "single-identity", "formatted_title": "Home Office"}},
    "links": {},
}

# -- the NPCC body -----------------------------------------------------------------------------------
# Modelled on the NPCC's "56-Day Update" on the super-complaint (GOV.UK, published 8 January 2025):
# a letter from the NPCC chair and the national lead for stalking and harassment to the IOPC,
# HMICFRS and the College of Policing, sent 22 November 2024, in sections for the recommendations
# to the NPCC, those made jointly with partners, and those to chief constables. The words are ours.
# How the real page lays out its force links is not known, so NpccDocument.layout picks one of
# LINK_LAYOUTS; the source parser must find the links in every one of them.

LINK_LAYOUTS = ("table", "list", "paragraphs", "unnamed", "documents")

HEADINGS = [
    ("letter-information", "Letter information"),
    ("recommendations-to-the-npcc", "Recommendations to the NPCC"),
    ("recommendations-made-jointly-to-the-npcc-and-partner-agencies",
     "Recommendations made jointly to the NPCC and partner agencies"),
    ("recommendations-to-chief-constables", "Recommendations to chief constables in England and Wales"),
    ("force-responses", "Force action plans"),
    ("responses-received-after-this-letter-was-prepared", "Responses received after this letter was prepared"),
    ("contact", "Contact"),
]
SENT = "22 November 2024"


# Links in a letter are often pasted from mail or a shared document, still wrapped in that service's
# redirect; a few are, in the layouts below (the force's address is inside the query string).
WRAPPED = {
    "paragraphs": {"essex": "https://eur02.safelinks.protection.outlook.com/?url={url}&data=05%7C02%7C&reserved=0"},
    "list": {"dorset": "https://www.google.com/url?q={url}&sa=D&source=docs&ust=1732270000000000"},
}


def _a(link: NpccLink, text: str | None = None, layout: str = "table") -> str:
    href = link.url
    wrapper = WRAPPED.get(layout, {}).get(link.force_id or "")
    if wrapper is not None:
        href = wrapper.format(url=quote(link.url, safe=""))
    return f'<a rel="external" href="{escape(href)}">{escape(link.text if text is None else text)}</a>'


def _cell(link: NpccLink) -> str:
    if link.text == "here":  # as real tables have it: the force only in the row header
        return f"The response is available {_a(link)}."
    return _a(link)


def _forces_table(links: list[NpccLink]) -> list[str]:
    parts = [
        "<p>The table below links to each force’s published action plan.</p>",
        "<table>",
        "  <thead>",
        "    <tr>",
        '      <th scope="col">Force</th>',
        '      <th scope="col">Response</th>',
        "    </tr>",
        "  </thead>",
        "  <tbody>",
    ]
    for link in links:
        parts += ["    <tr>", f'      <th scope="row">{escape(link.label)}</th>', f"      <td>{_cell(link)}</td>", "    </tr>"]
    return parts + ["  </tbody>", "</table>"]


def _force_links(doc: NpccDocument, links: list[NpccLink]) -> list[str]:
    """The force links in the document's layout."""
    if doc.layout == "list":
        return ["<p>Forces have published their action plans at the following addresses:</p>", "<ul>",
                *(f"<li>{escape(link.label)}: {_a(link, layout='list')}</li>" for link in links), "</ul>"]
    if doc.layout == "paragraphs":
        # Links inside running prose, a few forces to a paragraph, each link text naming its force.
        out = []
        for start in range(0, len(links), 6):
            group = links[start:start + 6]
            named = ", ".join(_a(link, link.label, "paragraphs") for link in group[:-1])
            tail = _a(group[-1], group[-1].label, "paragraphs")
            joined = f"{named} and {tail}" if named else tail
            out.append(f"<p>Action plans have been published by {joined}; each sets out the force’s actions "
                       "against the recommendations.</p>")
        return out
    if doc.layout == "unnamed":
        # Link text that names no force, in items that name none: only the address says whose it is.
        return ["<p>Each force’s action plan can be read at the links below.</p>", "<ol>",
                *(f"<li>{_a(link, 'Action plan')} (published November 2024)</li>" for link in links), "</ol>"]
    if doc.layout == "documents":
        # A table whose links go straight to each force's plan document where it published one.
        return _forces_table(links)
    return _forces_table(links)


def render_body(doc: NpccDocument) -> str:
    """The govspeak HTML of the NPCC letter, wrapped in <div class="govspeak">."""
    table = [link for link in doc.links if link.section == "table"]
    listed = [link for link in doc.links if link.section == "list"]
    inline = [link for link in doc.links if link.section == "letter"]
    h = dict(HEADINGS)
    parts = [
        '<div class="govspeak">',
        f'<h2 id="letter-information">{h["letter-information"]}</h2>',
        "<p>From: the Chair of the National Police Chiefs’ Council (NPCC)<br>",
        "From: the NPCC National Lead for Stalking and Harassment</p>",
        "<p>To: the Director General, Independent Office for Police Conduct<br>",
        "To: His Majesty’s Chief Inspector of Constabulary<br>",
        "To: the Chief Executive Officer, College of Policing</p>",
        f"<p>Sent: {SENT}</p>",
        "<p><strong>NPCC 56-Day Update: Super-Complaint – The Police Response to Stalking</strong></p>",
        "<p>We are writing together, 56 days after the publication on 27 September 2024 of the report on the "
        "super-complaint about the police response to stalking, made by the Suzy Lamplugh Trust on behalf of the "
        "National Stalking Consortium, to give the update the report asked for.</p>",
        "<p>This letter reports progress against three groups of recommendations:</p>",
        "<ul>",
        "<li>the recommendations made to the NPCC</li>",
        "<li>the recommendations made jointly to the NPCC and partner agencies</li>",
        "<li>the recommendations made to chief constables in England and Wales</li>",
        "</ul>",
        "<p>The NPCC and chief constables welcome the report and will use its recommendations to improve how "
        "policing responds to stalking. Since publication the findings have been briefed to Chief Constables’ "
        "Council, every chief constable has been written to about the next steps, and stalking single points "
        "of contact from every force have met at a national event with the Crown Prosecution Service.</p>",
        f'<h2 id="recommendations-to-the-npcc">{h["recommendations-to-the-npcc"]}</h2>',
        "<p>Work on the recommendations made to the NPCC has started through the national stalking and "
        "harassment portfolio. A national problem profile is being prepared and forces have been asked for the "
        "data it needs. We will report on these recommendations with the six-month update.</p>",
        f'<h2 id="recommendations-made-jointly-to-the-npcc-and-partner-agencies">'
        f'{h["recommendations-made-jointly-to-the-npcc-and-partner-agencies"]}</h2>',
        "<p>With the College of Policing we are reviewing the authorised professional practice on stalking and "
        "harassment, and with the Crown Prosecution Service the joint protocol on stalking and harassment "
        "offences. With the Home Office we are looking at how stalking protection orders, including interim "
        "orders, can be made simpler to apply for and to enforce.</p>",
        "<p>Police and crime commissioners have set out how they will hold their chief constables to "
        'account; see for example <a rel="external" href="https://www.example-pcc.org.uk/news/commissioner-'
        'statement-on-the-stalking-super-complaint/">a commissioner’s statement on the stalking '
        "super-complaint</a>. Anyone can find their local force, and report online, through "
        '<a rel="external" href="https://www.police.uk/">police.uk</a>.</p>',
        f'<h2 id="recommendations-to-chief-constables">{h["recommendations-to-chief-constables"]}</h2>',
        "<p>The report asked every chief constable to publish, within 56 days, an action plan on their force "
        "website explaining what the force will do in response to each recommendation made to them, and to send "
        "the NPCC a link to it. Forces will send the NPCC a six-month update in March 2025. The other responses "
        f'to the report are in the <a href="{COLLECTION_PATH}">collection of responses to the super-complaint '
        "report</a>.</p>",
    ]
    for link in inline:
        parts.append(f"<p>{escape(link.label)} has published its {_a(link)}, which other forces may find useful.</p>")
    parts.append(f'<h3 id="force-responses">{h["force-responses"]}</h3>')
    parts += _force_links(doc, table)
    if listed:
        parts += [
            f'<h2 id="responses-received-after-this-letter-was-prepared">'
            f'{h["responses-received-after-this-letter-was-prepared"]}</h2>',
            "<ul>",
            *(f"<li>{_a(link)}</li>" for link in listed),
            "</ul>",
        ]
    parts += [
        f'<h2 id="contact">{h["contact"]}</h2>',
        "<p>Questions about this letter should be sent to the NPCC stalking and harassment portfolio at "
        '<a href="mailto:stalking.harassment@npcc.police.uk">stalking.harassment@npcc.police.uk</a>.</p>',
        "<p>Yours sincerely,</p>",
        "<p>Chair, National Police Chiefs’ Council<br>NPCC National Lead for Stalking and Harassment</p>",
        "</div>",
    ]
    return "\n".join(parts)


def headers(doc: NpccDocument) -> list[dict[str, object]]:
    has_list = any(link.section == "list" for link in doc.links)
    return [
        {"text": text, "level": 3 if hid == "force-responses" else 2, "id": hid}
        for hid, text in HEADINGS
        if has_list or hid != "responses-received-after-this-letter-was-prepared"
    ]


def _parent_link(doc: NpccDocument) -> dict[str, object]:
    return {
        "api_path": CONTENT_API_PREFIX + COLLECTION_PATH,
        "api_url": "https://www.gov.uk" + CONTENT_API_PREFIX + COLLECTION_PATH,
        "base_path": COLLECTION_PATH,
        "content_id": COLLECTION_CONTENT_ID,
        "document_type": "transparency",
        "locale": "en",
        "public_updated_at": doc.public_updated_at,
        "schema_name": "publication",
        "title": COLLECTION_TITLE,
        "web_url": COLLECTION_URL,
        "withdrawn": False,
        "links": {"organisations": [HOME_OFFICE]},
    }


def content_item(doc: NpccDocument) -> dict[str, object]:
    """The NPCC response as the GOV.UK Content API returns an html_publication."""
    return {
        "analytics_identifier": None,
        "base_path": NPCC_PATH,
        "content_id": NPCC_CONTENT_ID,
        "document_type": "html_publication",
        "first_published_at": doc.first_published_at,
        "locale": "en",
        "phase": "live",
        "public_updated_at": doc.public_updated_at,
        "publishing_app": "whitehall",
        "publishing_request_id": "31-1741944612.431-10.13.4.200-1234",
        "publishing_scheduled_at": None,
        "rendering_app": "government-frontend",
        "scheduled_publishing_delay_seconds": None,
        "schema_name": "html_publication",
        "title": NPCC_TITLE,
        "updated_at": doc.updated_at,
        "withdrawn_notice": {},
        "description": None,
        "details": {
            "body": render_body(doc),
            "headers": headers(doc),
            "first_published_version": False,
            "national_applicability": {
                "england": {"label": "England", "content_id": "", "base_path": "", "api_path": ""},
                "wales": {"label": "Wales", "content_id": "", "base_path": "", "api_path": ""},
            },
            "political": False,
            "public_timestamp": doc.public_updated_at,
        },
        "links": {
            "organisations": [HOME_OFFICE],
            "parent": [_parent_link(doc)],
            "primary_publishing_organisation": [HOME_OFFICE],
            "available_translations": [
                {"base_path": NPCC_PATH, "locale": "en", "title": NPCC_TITLE, "api_path": CONTENT_API_PREFIX + NPCC_PATH}
            ],
        },
    }


# -- the collection page (text from the real GOV.UK page) ---------------------------------------------

ATTACHMENTS = [
    ("letter-from-the-minister-for-safeguarding", "Letter from the Minister for Safeguarding with the government response to stalking super-complaint", "PDF", "212 KB"),
    ("apcc-summary-response-super-complaint-stalking", "APCC summary response super-complaint stalking", "PDF", "186 KB"),
    ("apcc-full-super-complaint-stalking-response", "APCC full super complaint stalking response", "PDF", "1.1 MB"),
    ("cps-response-to-stalking-super-complaint-report", "CPS response to stalking super-complaint report", "PDF", "143 KB"),
    ("npcc-response-to-the-stalking-super-complaint", NPCC_TITLE, "HTML", ""),
]

ACCESSIBLE = (
    '<p class="gem-c-attachment__metadata">Request an accessible format.</p>'
    '<p class="gem-c-attachment__metadata">If you use assistive technology (such as a screen reader) and need a '
    "version of this document in a more accessible format, please email "
    '<a href="mailto:alternative.formats@homeoffice.gov.uk" class="govuk-link">alternative.formats@homeoffice.gov.uk</a>. '
    "Please tell us what format you need. It will help us if you say what assistive technology you use.</p>"
)

COLLECTION_DETAILS = """<div class="govspeak">
<p>In September 2024, the Independent Office for Police Conduct (IOPC), HM Inspectorate of Constabulary and Fire &amp; Rescue Services (HMICFRS) and the College of Policing published a report in response to the super-complaint regarding the police response to stalking. This super-complaint was submitted by the Suzy Lamplugh Trust on behalf of the National Stalking Consortium.</p>
<p>The super-complaint investigation report includes recommendations to chief constables, police and crime commissioners and mayor equivalents, the National Police Chiefs’ Council (NPCC), the Ministry of Justice (MoJ), the Home Office (HO) and the Crown Prosecution Service (CPS). The details of these recommendations are listed in the final section of the report. The documents above are letters of response to the recommendations from the NPCC, and the Association of Police and Crime Commissioners (APCC), the CPS, and a government response to the recommendations made to the MoJ and HO.</p>
<p>Please note: We have asked police forces to publish their responses to the recommendations on their own websites. Links to the individual force responses are included in the NPCC response above.</p>
<p>The super-complaint investigation report also includes actions for the IOPC and the College of Policing. An update on these actions is provided below.</p>
<h2 id="college-of-policing">College of Policing</h2>
<h3 id="action-one">Action one:</h3>
<p>The College of Policing will develop its authorised professional practice (APP) on stalking or harassment. The update will take into consideration the learning from this super-complaint including learning on identifying stalking and distinguishing it from harassment, identifying and assessing risk, victim safeguarding and care and multi‑agency working. This development work will begin during the 2024/25 financial year.</p>
<p>Work to develop the APP on stalking or harassment has begun. The College has agreed a scope for this work that aligns with the commitment set out in this action. The College is currently assessing the material in our existing stalking or harassment advice, the findings of the super-complaint investigation and other relevant material to inform the draft APP.</p>
<p>The College is committed to working closely with stakeholders within and beyond policing as we carry out this work, including the Suzy Lamplugh Trust. The College also intends to consult publicly on a draft of the updated APP before finalising it. The feedback we receive through consultation will inform the final product. This consultation exercise is expected to take place in Spring 2025.</p>
<h3 id="action-2">Action 2:</h3>
<p>This action is for the IOPC to provide advice to its staff and police professional standards departments about recognising and responding to police perpetrated stalking behaviours, particularly where these are present in cases involving police abuse of position. The IOPC has committed to completing this action by 27 March 2025.</p>
<p>Update – 22 November 2024: </p>
<p>The IOPC produces a publication called Focus, which gives police professional standards departments practical guidance on dealing with complaints, conduct matters, and death or serious injury cases. In Spring 2025, the IOPC plans to publish a special edition of Focus which will provide advice for police on responding to complaints and conduct matters relating to violence against women and girls. The IOPC will use this publication to provide advice to police about recognising and responding to police perpetrated stalking behaviours.</p>
<p>The IOPC has also started work to identify and make required changes to the guidance it provides its own staff to help them recognise and respond to possible police perpetrated stalking behaviours in the cases the IOPC deals with.</p>
<p><a href="/government/publications/super-complaint-police-response-to-stalking" class="govuk-link">Return to main report</a></p>
</div>"""


def attachment_href(slug_: str, kind: str) -> str:
    if kind == "HTML":
        return f"{COLLECTION_PATH}/{slug_}"
    return f"https://assets.publishing.service.gov.uk/media/67f3a2b1c8e4d9001a2b3c4d/{slug_}.pdf"


def collection_item(doc: NpccDocument) -> dict[str, object]:
    """The parent publication as the Content API returns it (details.attachments lists the NPCC page)."""
    attachments = []
    for slug_, title, kind, size in ATTACHMENTS:
        item: dict[str, object] = {
            "attachment_type": "html" if kind == "HTML" else "file",
            "id": slug_,
            "title": title,
            "url": ("https://www.gov.uk" if kind == "HTML" else "") + attachment_href(slug_, kind),
            "locale": "en",
        }
        if kind != "HTML":
            item.update({"content_type": "application/pdf", "filename": f"{slug_}.pdf"})
        attachments.append(item)
    return {
        "base_path": COLLECTION_PATH,
        "content_id": COLLECTION_CONTENT_ID,
        "document_type": "transparency",
        "first_published_at": doc.first_published_at,
        "locale": "en",
        "public_updated_at": doc.public_updated_at,
        "schema_name": "publication",
        "title": COLLECTION_TITLE,
        "description": COLLECTION_DESCRIPTION,
        "updated_at": doc.updated_at,
        "details": {"body": COLLECTION_DETAILS, "attachments": attachments, "documents": [], "political": False},
        "links": {"organisations": [HOME_OFFICE], "primary_publishing_organisation": [HOME_OFFICE]},
    }


# -- page chrome ------------------------------------------------------------------------------------

def _page(title: str, path: str, main: str, *, crumbs: list[tuple[str, str]]) -> str:
    crumb_html = "".join(
        f'<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{href}">{escape(text)}</a></li>'
        for text, href in crumbs
    )
    return f"""<!DOCTYPE html>
<html lang="en" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<title>{escape(title)} - GOV.UK</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1d70b8">
<link rel="canonical" href="https://www.gov.uk{path}">
<link rel="stylesheet" href="/assets/frontend/application-6d0b3a.css">
<meta name="govuk:format" content="html_publication">
<meta name="govuk:content-id" content="{NPCC_CONTENT_ID}">
<meta name="govuk:primary-publishing-organisation" content="Home Office">
<meta property="og:site_name" content="GOV.UK">
<meta property="og:title" content="{escape(title)}">
</head>
<body class="govuk-template__body">
<script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>
<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" data-module="cookie-banner" role="region" aria-label="Cookies on GOV.UK" hidden>
<div class="govuk-cookie-banner js-banner-wrapper" role="region" aria-label="Cookies on GOV.UK">
<div class="gem-c-cookie-banner__message govuk-cookie-banner__message govuk-width-container">
<h2 class="govuk-cookie-banner__heading govuk-heading-m">Cookies on GOV.UK</h2>
<div class="govuk-cookie-banner__content"><p class="govuk-body">We use some essential cookies to make this website work.</p>
<p class="govuk-body">We’d like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.</p>
<p class="govuk-body">We also use cookies set by other sites to help us deliver content from their services.</p></div>
<div class="govuk-button-group"><button class="govuk-button" type="submit" data-accept-cookies="true">Accept additional cookies</button>
<button class="govuk-button" type="submit" data-reject-cookies="true">Reject additional cookies</button>
<a class="govuk-link" href="/help/cookies">View cookies</a></div></div></div></div>
<a href="#content" class="gem-c-skip-link govuk-skip-link govuk-!-display-none-print" data-module="govuk-skip-link">Skip to main content</a>
<header role="banner" data-module="gem-header" class="gem-c-layout-super-navigation-header">
<div class="gem-c-layout-super-navigation-header__container govuk-width-container">
<a href="/" class="gem-c-layout-super-navigation-header__header-logotype-link" title="Go to the GOV.UK homepage">GOV.UK</a>
<nav aria-labelledby="super-navigation-menu-heading" class="gem-c-layout-super-navigation-header__content">
<h2 id="super-navigation-menu-heading" class="govuk-visually-hidden">Navigation menu</h2>
<button aria-controls="super-navigation-menu" class="gem-c-layout-super-navigation-header__navigation-top-toggle-button">Menu</button>
<ul class="gem-c-layout-super-navigation-header__navigation-items">
<li><a href="/browse/benefits">Benefits</a></li><li><a href="/browse/business">Business and self-employed</a></li>
<li><a href="/browse/childcare-parenting">Childcare and parenting</a></li><li><a href="/browse/citizenship">Citizenship and living in the UK</a></li>
<li><a href="/browse/justice">Crime, justice and the law</a></li><li><a href="/browse/disabilities">Disabled people</a></li>
<li><a href="/browse/driving">Driving and transport</a></li><li><a href="/browse/education">Education and learning</a></li>
<li><a href="/browse/employing-people">Employing people</a></li><li><a href="/browse/environment-countryside">Environment and countryside</a></li>
<li><a href="/browse/housing-local-services">Housing and local services</a></li><li><a href="/browse/tax">Money and tax</a></li>
<li><a href="/browse/abroad">Passports, travel and living abroad</a></li><li><a href="/browse/visas-immigration">Visas and immigration</a></li>
<li><a href="/browse/working">Working, jobs and pensions</a></li></ul>
<button aria-controls="super-search-menu" class="gem-c-layout-super-navigation-header__search-toggle-button">Search GOV.UK</button>
</nav></div></header>
<div class="govuk-width-container">
<div class="gem-c-breadcrumbs govuk-breadcrumbs govuk-breadcrumbs--collapse-on-mobile" data-module="gem-breadcrumbs">
<ol class="govuk-breadcrumbs__list"><li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/">Home</a></li>{crumb_html}</ol></div>
<main role="main" id="content" class="govuk-main-wrapper" lang="en">
{main}
</main></div>
<footer class="gem-c-layout-footer govuk-footer" role="contentinfo">
<div class="govuk-width-container">
<div class="govuk-footer__navigation"><div class="govuk-grid-column-two-thirds"><h2 class="govuk-footer__heading govuk-heading-m">Topics</h2>
<ul class="govuk-footer__list govuk-footer__list--columns-2"><li><a class="govuk-footer__link" href="/browse/benefits">Benefits</a></li>
<li><a class="govuk-footer__link" href="/browse/justice">Crime, justice and the law</a></li>
<li><a class="govuk-footer__link" href="/browse/driving">Driving and transport</a></li>
<li><a class="govuk-footer__link" href="/browse/working">Working, jobs and pensions</a></li></ul></div>
<div class="govuk-grid-column-one-third"><h2 class="govuk-footer__heading govuk-heading-m">Government activity</h2>
<ul class="govuk-footer__list"><li><a class="govuk-footer__link" href="/government/organisations">Departments</a></li>
<li><a class="govuk-footer__link" href="/search/news-and-communications">News</a></li>
<li><a class="govuk-footer__link" href="/search/guidance-and-regulation">Guidance and regulation</a></li>
<li><a class="govuk-footer__link" href="/search/research-and-statistics">Research and statistics</a></li>
<li><a class="govuk-footer__link" href="/search/transparency-and-freedom-of-information-releases">Transparency</a></li></ul></div></div>
<hr class="govuk-footer__section-break">
<div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<h2 class="govuk-visually-hidden">Support links</h2><ul class="govuk-footer__inline-list">
<li><a class="govuk-footer__link" href="/help">Help</a></li><li><a class="govuk-footer__link" href="/help/privacy-notice">Privacy</a></li>
<li><a class="govuk-footer__link" href="/help/cookies">Cookies</a></li><li><a class="govuk-footer__link" href="/help/accessibility-statement">Accessibility statement</a></li>
<li><a class="govuk-footer__link" href="/contact">Contact</a></li><li><a class="govuk-footer__link" href="/help/terms-conditions">Terms and conditions</a></li>
<li><a class="govuk-footer__link" href="/cymraeg" lang="cy" hreflang="cy">Rhestr o Wasanaethau Cymraeg</a></li>
<li><a class="govuk-footer__link" href="/government/organisations/government-digital-service">Government Digital Service</a></li></ul>
<span class="govuk-footer__licence-description">All content is available under the <a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" rel="license">Open Government Licence v3.0</a>, except where otherwise stated</span></div>
<div class="govuk-footer__meta-item"><a class="govuk-footer__link govuk-footer__copyright-logo" href="https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/">© Crown copyright</a></div></div>
</div></footer>
<script src="/assets/frontend/application-2b7f1c.js" type="module"></script>
</body>
</html>
"""


CRUMBS = [
    ("Crime, justice and the law", "/crime-justice-and-law"),
    ("Policing", "/crime-justice-and-law/policing"),
    (COLLECTION_TITLE, COLLECTION_PATH),
]


def npcc_page(doc: NpccDocument) -> str:
    contents = "".join(
        f'<li class="gem-c-contents-list__list-item gem-c-contents-list__list-item--numbered">'
        f'<a class="gem-c-contents-list__link govuk-link" href="#{h["id"]}">{escape(str(h["text"]))}</a></li>'
        for h in headers(doc)
    )
    main = f"""<div class="govuk-grid-row"><div class="govuk-grid-column-full">
<div class="gem-c-inverse-header gem-c-inverse-header--padding-top"><header class="gem-c-inverse-header__content">
<span class="govuk-caption-xl gem-c-title__context">Transparency data</span>
<h1 class="gem-c-title__text govuk-heading-xl">{NPCC_TITLE}</h1>
<p class="publication-header__last-changed">Updated 14 March 2025</p></header></div></div></div>
<div class="govuk-grid-row sidebar-with-body" data-module="sticky-element-container">
<div class="govuk-grid-column-one-quarter-from-desktop contents-list-container">
<nav class="gem-c-contents-list" aria-label="Contents" role="navigation"><h2 class="gem-c-contents-list__title">Contents</h2>
<ol class="gem-c-contents-list__list">{contents}</ol></nav></div>
<div class="print-wrapper"><div class="print-meta-data"><p>© Crown copyright 2025</p>
<p>This publication is licensed under the terms of the Open Government Licence v3.0 except where otherwise stated.</p></div></div>
<div class="main-content-container govuk-grid-column-three-quarters-from-desktop">
<div class="gem-c-govspeak-html-publication">
<div class="gem-c-govspeak govuk-govspeak" data-module="govspeak">
{render_body(doc)}
</div>
</div></div></div>"""
    return _page(NPCC_TITLE, NPCC_PATH, main, crumbs=CRUMBS)


def collection_page(doc: NpccDocument) -> str:
    attachments = []
    for slug_, title, kind, size in ATTACHMENTS:
        href = attachment_href(slug_, kind)
        meta = "HTML" if kind == "HTML" else f'PDF, <span class="gem-c-attachment__attribute">{size}</span>'
        attachments.append(
            f'<section class="gem-c-attachment govuk-!-display-none-print"><div class="gem-c-attachment__details">'
            f'<h3 class="gem-c-attachment__title"><a class="govuk-link gem-c-attachment__link" href="{href}">{escape(title)}</a></h3>'
            f'<p class="gem-c-attachment__metadata">{meta}</p>{ACCESSIBLE}</div></section>'
        )
    main = f"""<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<span class="govuk-caption-xl gem-c-title__context">Transparency data</span>
<h1 class="gem-c-title__text govuk-heading-l">{COLLECTION_TITLE}</h1>
<p class="gem-c-lead-paragraph">{COLLECTION_DESCRIPTION}</p></div></div>
<div class="gem-c-metadata"><dl><dt>From:</dt><dd><a href="/government/organisations/home-office" class="govuk-link">Home Office</a></dd>
<dt>Published</dt><dd>8 January 2025</dd><dt>Last updated</dt><dd>14 March 2025</dd></dl></div>
<p class="govuk-body">Applies to England and Wales</p>
<section id="documents"><h2 class="govuk-heading-l">Documents</h2>{"".join(attachments)}</section>
<section id="details"><h2 class="govuk-heading-l">Details</h2>
<div class="gem-c-govspeak govuk-govspeak">{COLLECTION_DETAILS}</div></section>
<p class="govuk-body"><a class="govuk-link" href="/government/publications/super-complaint-police-response-to-stalking">Super-complaint on the police response to stalking</a></p>
<div class="app-c-published-dates"><h2 class="govuk-heading-s">Updates to this page</h2><p>Published 8 January 2025</p></div>
<p class="govuk-body"><a class="govuk-link" href="/email-signup">Sign up for emails</a> or <a class="govuk-link" href="#">print this page</a></p>"""
    return _page(COLLECTION_TITLE, COLLECTION_PATH, main, crumbs=CRUMBS[:2])


def not_found_page() -> str:
    main = (
        '<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">'
        '<h1 class="govuk-heading-xl">Page not found</h1>'
        '<p class="govuk-body">If you entered a web address, check it is correct.</p>'
        '<p class="govuk-body">You can <a class="govuk-link" href="/search">browse from the homepage or use '
        "the search box</a> to find the information you need.</p></div></div>"
    )
    return _page("Page not found", "/404", main, crumbs=[])


# -- behaviours ---------------------------------------------------------------------------------------

GOVUK_HEADERS = [
    ("Cache-Control", "max-age=300, public"),
    ("Strict-Transport-Security", "max-age=31536000; preload"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Via", "1.1 varnish"),
]


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=None).encode("utf-8")


def serve_content_item() -> Behaviour:
    def behaviour(ex: Exchange) -> Response:
        body = _json(content_item(ex.scenario.npcc))
        return Response(200, body, [("Content-Type", "application/json; charset=utf-8"), *GOVUK_HEADERS])

    return gzip_if_accepted(behaviour)


def serve_collection_item() -> Behaviour:
    def behaviour(ex: Exchange) -> Response:
        body = _json(collection_item(ex.scenario.npcc))
        return Response(200, body, [("Content-Type", "application/json; charset=utf-8"), *GOVUK_HEADERS])

    return gzip_if_accepted(behaviour)


def serve_npcc_page() -> Behaviour:
    def behaviour(ex: Exchange) -> Response:
        return Response(200, npcc_page(ex.scenario.npcc), [("Content-Type", "text/html; charset=utf-8"), *GOVUK_HEADERS])

    return gzip_if_accepted(behaviour)


def serve_collection_page() -> Behaviour:
    def behaviour(ex: Exchange) -> Response:
        return Response(200, collection_page(ex.scenario.npcc), [("Content-Type", "text/html; charset=utf-8"), *GOVUK_HEADERS])

    return gzip_if_accepted(behaviour)


def serve_not_found() -> Behaviour:
    body = not_found_page()

    def behaviour(ex: Exchange) -> Response:
        if ex.request.path.startswith(CONTENT_API_PREFIX + "/"):
            data = _json({"error": {"code": 404, "message": f"Could not find content item with base_path {ex.request.path[len(CONTENT_API_PREFIX):]}"}})
            return Response(404, data, [("Content-Type", "application/json; charset=utf-8")])
        return Response(404, body, [("Content-Type", "text/html; charset=utf-8"), *GOVUK_HEADERS])

    return behaviour

