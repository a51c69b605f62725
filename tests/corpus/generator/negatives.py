"""Negative pages: they load, often talk about stalking, and are not the response."""

from __future__ import annotations

import random

from .chrome import Force, esc
from .model import Page
from .positives import ABOUT, SC_CRUMBS, soh_url

STALK = [("Advice", "/advice/"), ("Stalking and harassment", "/advice/advice-and-information/sh/stalking-harassment/")]


# --------------------------------------------------------------------------------------------
# Soft 404s: 200 OK, full chrome, the body says the page is not there
# --------------------------------------------------------------------------------------------

def s404_kent(rng, f):
    return """
<p>The page you're looking for may have been moved or deleted, or the web address may be wrong.</p>
<h2>What you can do</h2>
<ul><li>check the web address is spelt correctly</li><li><a href="/search/">search our website</a></li>
<li>go to our <a href="/">homepage</a></li></ul>
<p>If you need to report a crime, you can <a href="/ro/report/ocr/af/how-to-report-a-crime/">report it online</a>.</p>
"""


def s404_essex(rng, f):
    return """
<p>If you typed the web address, check it is correct.</p>
<p>If you pasted the web address, check you copied the entire address.</p>
<p>If the web address is correct or you selected a link or button, use the search box or start again from the
homepage.</p>
<h2>Popular pages</h2>
<ul class="link-list"><li><a href="/ro/report/">Report a crime</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/">Stalking and harassment</a></li>
<li><a href="/advice/advice-and-information/daa/domestic-abuse/">Domestic abuse</a></li>
<li><a href="/contact/af/contact-us/">Contact us</a></li></ul>
"""


def s404_met(rng, f):
    return """
<h1>Page not found</h1>
<p>We've recently moved to a new website and some pages have new addresses. The link you followed may be out of
date.</p>
<h2>Were you looking for one of these?</h2>
<ul><li><a href="/police-forces/metropolitan-police/areas/about-us/about-the-met/stalking-super-complaint/">Stalking
super-complaint: the Met's action plan</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/">Stalking and harassment advice</a></li>
<li><a href="/police-forces/metropolitan-police/areas/about-us/about-the-met/">About the Met</a></li></ul>
<p>Or <a href="/search/">search the site</a>.</p>
"""


def s404_wmids(rng, f):
    return """
<p>The page you requested could not be found.</p>
<p>It may have been removed, had its name changed, or be temporarily unavailable. Please use the menu or the search
box to find what you need. If you believe this is a fault, tell us using the
<a href="/contact-us/website-feedback">website feedback form</a>.</p>
"""


def s404_avon(rng, f):
    return """
<!-- wp:group --><div class="wp-block-group error-404 not-found">
<p class="has-large-font-size">Oops! We couldn't find the page you were looking for.</p>
<p>It might have been moved as part of our recent website changes. Try one of these instead:</p>
<ul><li><a href="/advice/stalking-and-harassment/">Stalking and harassment</a></li><li><a href="/report/">Report
something</a></li><li><a href="/about/">About Avon and Somerset Police</a></li></ul>
<form role="search" method="get" class="search-form" action="/"><input type="search" name="s" placeholder="Search"></form>
</div><!-- /wp:group -->
"""


def s404_dorset(rng, f):
    return """
<h2>404 - this page has moved or no longer exists</h2>
<p>We are sorry but the page you asked for has moved or no longer exists. We review our content regularly and
remove pages that are out of date.</p>
<p>You could try the <a href="/a-z">A to Z of services</a>, or go back to the <a href="/">home page</a>.</p>
"""


def s404_gwent(rng, f):
    return """
<div class="error-page">
<p lang="cy"><strong>Mae'n ddrwg gennym. Ni allwn ddod o hyd i'r dudalen.</strong> Efallai bod y dudalen wedi'i symud
neu ei dileu. Gwiriwch y cyfeiriad gwe neu chwiliwch y wefan.</p>
<p><strong>Sorry. We can't find the page.</strong> The page may have been moved or deleted. Check the web address or
search the site.</p>
<ul><li><a href="/cy/">Hafan / Home</a></li><li><a href="/cy/cyngor/stelcio-ac-aflonyddu/">Stelcio ac aflonyddu /
Stalking and harassment</a></li></ul>
</div>
"""


def s404_lincs(rng, f):
    return """
<p class="govuk-body">If you entered a web address, check it was correct.</p>
<p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
<p class="govuk-body">You can <a class="govuk-link" href="/search">search the site</a> or
<a class="govuk-link" href="/contact-us">contact us</a> if you need help.</p>
"""


def s404_durham(rng, f):
    return """
<section class="error-404 not-found">
<p>It looks like nothing was found at this location. Maybe try one of the links below or a search?</p>
<form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">Search for:</span>
<input type="search" class="search-field" name="s"></label><input type="submit" class="search-submit" value="Search"></form>
<div class="widget widget_recent_entries"><h2 class="widget-title">Recent news</h2><ul>
<li><a href="/news/appeal-following-assault-in-bishop-auckland/">Appeal following assault in Bishop Auckland</a></li>
<li><a href="/news/man-charged-with-stalking/">Man charged with stalking</a></li>
<li><a href="/news/stalking-awareness-week/">Stalking awareness: know the signs</a></li></ul></div>
</section>
"""


def s404_nwales_cy(rng, f):
    return """
<p>Mae'n ddrwg gennym, ni allwn ddod o hyd i'r dudalen honno.</p>
<p>Efallai eich bod wedi dilyn hen ddolen, neu fod y cyfeiriad wedi'i deipio'n anghywir.</p>
<ul class="govuk-list"><li><a class="govuk-link" href="/cy/">Ewch i'r hafan</a></li>
<li><a class="govuk-link" href="/cy/chwilio">Chwilio'r wefan</a></li>
<li><a class="govuk-link" href="/cy/cyngor/stelcio-ac-aflonyddu">Cyngor ar stelcio ac aflonyddu</a></li></ul>
"""


def s404_syorks(rng, f):
    return """
<p>Sorry, the page you were looking for can't be found. It may have been updated and moved as part of our regular
content review.</p>
<h2>Related pages</h2>
<ul><li><a href="/police-forces/south-yorkshire-police/areas/about-us/about-us/stalking-super-complaint-action-plan/">
Stalking super-complaint action plan</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/">Stalking and harassment</a></li></ul>
"""


def s404_warks(rng, f):
    return """
<div class="notice notice--warning"><h2>This page is no longer available</h2>
<p>The content you are looking for has been removed or archived and cannot be found at this address.</p>
<p>Older publications can be requested under the Freedom of Information Act.</p></div>
<p><a href="/">Return to the home page</a></p>
"""


def s404_staffs(rng, f):
    return """
<!-- wp:paragraph --><p>Sorry, that page doesn't exist any more, or it never did. The link may be broken.</p><!-- /wp:paragraph -->
<!-- wp:paragraph --><p>You might find what you need from the menu above, or use our search.</p><!-- /wp:paragraph -->
"""


# --------------------------------------------------------------------------------------------
# Homepages (served after a redirect)
# --------------------------------------------------------------------------------------------

def home_cumbria(rng, f):
    return """
<section class="hero"><h1 class="hero__title">How can we help you today?</h1>
<div class="tiles">
<a class="tile" href="/ro/report/"><span class="tile__title">Report</span><span>Report a crime or incident online</span></a>
<a class="tile" href="/contact/af/contact-us/"><span class="tile__title">Contact us</span><span>Other ways to get in touch</span></a>
<a class="tile" href="/advice/advice-and-information/sh/stalking-harassment/"><span class="tile__title">Stalking and harassment</span><span>Advice and support</span></a>
<a class="tile" href="/a/your-area/"><span class="tile__title">Your area</span><span>Find your neighbourhood team</span></a>
</div></section>
<section class="news-feed"><h2>Latest news</h2>
<article class="news-card"><h3><a href="/news/cumbria/news/2025/man-jailed-after-stalking-former-partner/">Man jailed after stalking former partner</a></h3>
<p>A Workington man has been jailed for 20 months after he admitted stalking his former partner.</p></article>
<article class="news-card"><h3><a href="/news/cumbria/news/2025/appeal-carlisle-burglary/">Appeal after Carlisle burglary</a></h3>
<p>Officers are appealing for witnesses after a house was broken into on Warwick Road.</p></article>
<article class="news-card"><h3><a href="/news/cumbria/news/2025/lake-safety/">Stay safe near open water this summer</a></h3>
<p>Our marine unit is reminding visitors of the dangers of cold water shock.</p></article>
</section>
"""


def home_staffs(rng, f):
    return """
<!-- wp:cover --><div class="wp-block-cover"><div class="wp-block-cover__inner-container">
<h1 class="has-text-align-center">Staffordshire Police</h1><p class="has-text-align-center">Working with communities to keep Staffordshire safe</p>
</div></div><!-- /wp:cover -->
<!-- wp:columns --><div class="wp-block-columns">
<div class="wp-block-column"><h2>Report</h2><p><a href="/report/">Report a crime, a crash or antisocial behaviour</a></p></div>
<div class="wp-block-column"><h2>Advice</h2><p><a href="/advice/stalking-and-harassment/">Stalking and harassment</a>,
<a href="/advice/domestic-abuse/">domestic abuse</a>, <a href="/advice/scams/">scams</a></p></div>
<div class="wp-block-column"><h2>Careers</h2><p>Become a police officer, PCSO or special constable.</p></div>
</div><!-- /wp:columns -->
<!-- wp:latest-posts --><ul class="wp-block-latest-posts__list"><li><a href="/news/appeal-stoke/">Appeal for witnesses in Stoke-on-Trent</a></li>
<li><a href="/news/knife-amnesty/">Knife amnesty returns</a></li><li><a href="/news/rural-crime/">Rural crime team seize stolen plant</a></li></ul>
"""


def home_northants(rng, f):
    return """
<div id="homeBanner"><h1>Welcome to Northamptonshire Police</h1><p>In an emergency always dial 999.</p></div>
<table class="homeTiles" width="100%"><tr>
<td><a href="/report-it"><img src="/images/tiles/report.png" alt="" /><br />Report it online</a></td>
<td><a href="/advice/stalking"><img src="/images/tiles/stalking.png" alt="" /><br />Stalking advice</a></td>
<td><a href="/neighbourhoods"><img src="/images/tiles/area.png" alt="" /><br />Your neighbourhood</a></td></tr></table>
<div class="promoBox wide"><h2>Spotlight</h2>
<p><a href="/about-us/stalking-super-complaint-response.aspx">Our response to the stalking super-complaint</a> &ndash;
read what we are doing to improve how we respond to stalking.</p>
<p><a href="/news/op-sceptre">Operation Sceptre: knife crime week of action</a></p></div>
<div class="newsList"><h2>Latest news</h2><ul><li><a href="/news/1">Two arrested after Corby disorder</a></li>
<li><a href="/news/2">Missing man found safe</a></li><li><a href="/news/3">Drink-drive campaign results</a></li></ul></div>
"""


def home_wyorks(rng, f):
    return """
<div class="paragraph paragraph--type--hero"><h1>West Yorkshire Police</h1><p>Report, get advice, find your local team.</p></div>
<div class="views-element-container"><div class="view view-quick-links">
<div class="views-row"><a href="/report">Report a crime</a></div><div class="views-row"><a href="/advice/stalking-and-harassment">Stalking and harassment</a></div>
<div class="views-row"><a href="/advice/domestic-abuse">Domestic abuse</a></div><div class="views-row"><a href="/your-area">Your area</a></div>
</div></div>
<div class="view view-news"><h2>News</h2>
<div class="views-row"><h3><a href="/news/leeds-stabbing-appeal">Appeal after Leeds stabbing</a></h3></div>
<div class="views-row"><h3><a href="/news/bradford-drugs-warrants">Drugs warrants executed in Bradford</a></h3></div>
<div class="views-row"><h3><a href="/news/stalking-protection-order-huddersfield">Stalking Protection Order granted in Huddersfield</a></h3></div>
</div>
"""


# --------------------------------------------------------------------------------------------
# Search results and section indexes
# --------------------------------------------------------------------------------------------

def search_tvp(rng, f):
    results = [
        ("Stalking supercomplaint response", "/police-forces/thames-valley-police/areas/about-us/about-us/stalking-supercomplaint-response/",
         "Thames Valley Police welcomes the findings of the stalking supercomplaint investigation and is committed to improving..."),
        ("Stalking and harassment", "/advice/advice-and-information/sh/stalking-harassment/",
         "Stalking is a pattern of unwanted, fixated and obsessive behaviour which is intrusive..."),
        ("Stalking Protection Orders", "/advice/advice-and-information/sh/stalking-harassment/spo/",
         "A Stalking Protection Order can be applied for by the police to protect victims..."),
        ("Super-complaints", "/police-forces/thames-valley-police/areas/about-us/super-complaints/",
         "A super-complaint is a complaint that a feature, or combination of features, of policing..."),
        ("Man sentenced for stalking in Reading", "/news/thames-valley/news/2025/stalking-reading/",
         "A man has been sentenced after pleading guilty to stalking involving serious alarm or distress..."),
        ("Domestic abuse", "/advice/advice-and-information/daa/domestic-abuse/",
         "Domestic abuse is any incident or pattern of incidents of controlling, coercive..."),
    ]
    items = "".join(
        f'<li class="search-results__item"><h2 class="search-results__title"><a href="{h}">{esc(t)}</a></h2>'
        f'<p class="search-results__snippet">{esc(s)}</p><p class="search-results__url">{esc(f.base + h)}</p></li>'
        for t, h, s in results
    )
    return f"""
<form class="search-page-form" action="/search/" method="get"><label for="sq">Search</label>
<input id="sq" name="q" type="search" value="stalking super complaint"><button>Search</button></form>
<p class="search-results__count">Showing 1&ndash;6 of 23 results for <strong>stalking super complaint</strong></p>
<ol class="search-results">{items}</ol>
<nav class="pagination"><a href="?q=stalking+super+complaint&amp;page=2">Next page</a></nav>
"""


def search_derby(rng, f):
    titles = ["Stalking", "Stalking Protection Orders: what you need to know", "Harassment",
              "Personal safety", "Domestic abuse", "Clare's Law", "Victim support", "Cyber stalking",
              "Stalking super-complaint tracker", "Freedom of information disclosure log"]
    rows = "".join(
        f'<div class="views-row"><h3 class="search-result__title"><a href="/search-result/{i}">{esc(t)}</a></h3>'
        f'<div class="search-result__info">Basic page &ndash; updated {rng.randint(1, 28)}/{rng.randint(1, 12)}/2024</div></div>'
        for i, t in enumerate(titles)
    )
    return f"""
<h1>Search results</h1>
<form action="/search/node" method="get"><input type="search" name="keys" value="stalking"><input type="submit" value="Search"></form>
<h2>Your search yielded 47 results</h2>
<div class="view view-search">{rows}</div>
<nav class="pager"><ul><li class="pager__item is-active">1</li><li><a href="?keys=stalking&amp;page=1">2</a></li>
<li><a href="?keys=stalking&amp;page=2">3</a></li><li><a href="?keys=stalking&amp;page=1">Next &rsaquo;</a></li></ul></nav>
"""


def search_leics_none(rng, f):
    return """
<form class="search-page-form" action="/search/" method="get"><label for="sq">Search</label>
<input id="sq" name="q" type="search" value="stalking super-complaint action plan"><button>Search</button></form>
<p class="search-results__count">0 results for <strong>stalking super-complaint action plan</strong></p>
<h2>No results found</h2>
<p>Improve your search results by:</p>
<ul><li>double-checking your spelling</li><li>using fewer keywords</li><li>searching for something less specific</li></ul>
"""


def index_surrey_advice(rng, f):
    topics = ["Antisocial behaviour", "Burglary", "Child abuse", "Cyber crime", "Domestic abuse", "Drugs",
              "Fraud", "Hate crime", "Honour-based abuse", "Lost and found property", "Modern slavery",
              "Online safety", "Rape and sexual assault", "Road safety", "Stalking and harassment",
              "Theft", "Vehicle crime", "Victim support", "Weapons and knife crime"]
    cards = "".join(
        f'<li class="card"><a class="card__link" href="/advice/advice-and-information/{i}/">{esc(t)}</a>'
        f'<p class="card__desc">Information and advice about {esc(t.lower())}.</p></li>'
        for i, t in enumerate(topics)
    )
    return f"""
<p class="lead">Find out how to stay safe, what to do if something happens, and where to get support.</p>
<ul class="card-list">{cards}</ul>
"""


def index_hants_stalking(rng, f):
    return """
<p>Stalking and harassment can happen to anyone. Find information on recognising it, reporting it and getting help.</p>
<ul class="nav-list">
<li><a href="/advice/advice-and-information/sh/stalking-harassment/what-is-stalking-harassment/">What is stalking and harassment?</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/report-stalking-harassment/">Report stalking or harassment</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/spo/">Stalking Protection Orders</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/cyberstalking/">Cyberstalking</a></li>
<li><a href="/advice/advice-and-information/sh/stalking-harassment/support/">Support for victims of stalking</a></li>
<li><a href="/police-forces/hampshire-constabulary/areas/other/stalking-action-plan/">Our response to the stalking super-complaint</a></li>
</ul>
"""


def index_notts_publications(rng, f):
    rows = [
        ("Annual report 2023/24", "PDF"), ("Equality, diversity and inclusion strategy", "Web page"),
        ("HMICFRS PEEL inspection 2023: our response", "Web page"),
        ("Stalking super-complaint: our action plan", "Web page"),
        ("Police-perpetrated domestic abuse super-complaint: our response", "Web page"),
        ("Violence against women and girls strategy", "PDF"), ("Gender pay gap report", "PDF"),
    ]
    items = "".join(
        f'<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/about-us/publications/{i}">'
        f'{esc(t)}</a></td><td class="govuk-table__cell">{k}</td></tr>'
        for i, (t, k) in enumerate(rows)
    )
    return f"""
<p class="govuk-body">Reports, strategies and plans published by Nottinghamshire Police.</p>
<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Publication</th>
<th scope="col" class="govuk-table__header">Format</th></tr></thead><tbody class="govuk-table__body">{items}</tbody></table>
"""


def index_merseyside_sc(rng, f):
    return """
<p>A super-complaint is a complaint that a feature, or combination of features, of policing in England and Wales by
one or more forces is, or appears to be, significantly harming the interests of the public.</p>
<p>Only designated organisations can make a super-complaint. Each is investigated by HMICFRS, the College of Policing
and the IOPC, whose reports can include recommendations to chief constables. Forces respond within 56 days.</p>
<h2>Our responses</h2>
<ul>
<li><a href="/foi-ai/merseyside-police/super-complaints2/police-perpetrated-domestic-abuse/">Police-perpetrated domestic abuse</a> (Centre for Women's Justice)</li>
<li><a href="/foi-ai/merseyside-police/super-complaints2/protective-measures/">Use of protective measures in cases of violence against women and girls</a> (Centre for Women's Justice)</li>
<li><a href="/foi-ai/merseyside-police/super-complaints2/suzy-lamplugh-trust-talking-super-complaint/">Police response to stalking</a> (Suzy Lamplugh Trust)</li>
<li><a href="/foi-ai/merseyside-police/super-complaints2/modern-slavery/">Modern slavery victims</a> (Hestia)</li>
</ul>
<p>More information about the super-complaints system is available on GOV.UK.</p>
"""


# --------------------------------------------------------------------------------------------
# Login pages and JavaScript shells (raw documents)
# --------------------------------------------------------------------------------------------

def login_norfolk(rng, f):
    return """
<div class="auth-panel">
<p>Sign in to track your reports, save forms and get updates.</p>
<form class="form" method="post" action="/account/sign-in?ReturnUrl=%2Fpolice-forces%2Fnorfolk-constabulary%2Fareas%2Fabout-us%2F">
<input name="__RequestVerificationToken" type="hidden" value="CfDJ8N1kE4x3Yz">
<div class="form-group"><label for="Email">Email address</label><input id="Email" name="Email" type="email" autocomplete="email"></div>
<div class="form-group"><label for="Password">Password</label><input id="Password" name="Password" type="password" autocomplete="current-password"></div>
<button class="btn btn--primary" type="submit">Sign in</button>
</form>
<p><a href="/account/forgotten-password/">Forgotten your password?</a></p>
<p>Don't have an account? <a href="/account/register/">Create one</a>.</p>
</div>
"""


def raw_ms_login(rng, f):
    return """<!DOCTYPE html>
<html dir="ltr" class="" lang="en"><head><title>Sign in to your account</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=2.0, user-scalable=yes">
<meta name="robots" content="none"><meta name="PageID" content="ConvergedSignIn"><meta name="SiteID" content="">
<link rel="preconnect" href="https://aadcdn.msftauth.net" crossorigin>
<script type="text/javascript">//<![CDATA[
$Config={"fShowPersistentCookiesWarning":false,"urlMsaSignUp":"https://login.live.com/oauth20_authorize.srf","iMaxStackForKnockoutAsyncComponents":10000,"fShowButtons":true,"urlCdn":"https://aadcdn.msftauth.net/shared/1.0/","urlDefaultFavicon":"https://aadcdn.msftauth.net/shared/1.0/content/images/favicon_a_eupayfgghqiai7k9sol6lg2.ico","urlFooterTOU":"https://www.microsoft.com/en-GB/servicesagreement/","urlFooterPrivacy":"https://privacy.microsoft.com/en-GB/privacystatement","iPawnIcon":0,"sPOST_Username":"","sFTName":"flowToken","sFT":"AQABIQEAAAAmoFfGtYxvRrNriQdPKIZ-","sCtx":"rQQIARAAjZG9b9NQFMXt","sessionId":"b4b0f1a6-0c0a-4d7e","country":"GB","strings":{"mfaPhoneNumber":""}};
//]]></script>
<script type="text/javascript">!function(){var e=window,r=e.$Debug=e.$Debug||{},t=e.$Config||{};if(!r.appendLog){var n=[],o=0;r.appendLog=function(e){var r=t.maxDebugLog||25,i=(new Date).toUTCString()+":"+e;n.push(o+":"+i),n.length>r&&n.shift(),o++},r.getLogs=function(){return n}}}();</script>
<script crossorigin="anonymous" src="https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin_PCore_Fh7Rr2Yl3.js"></script>
</head>
<body data-bind="defineGlobals: ServerData, bodyCssClass" class="cb" style="display: none">
<noscript><meta http-equiv="Refresh" content="0; URL=https://login.microsoftonline.com/jsdisabled" />
<div>JavaScript required</div><div>We can't sign you in. Your browser is currently set to block JavaScript. You need to allow JavaScript to use this service.</div></noscript>
<div id="lightbox" class="sign-in-box"><div class="title" role="heading" aria-level="1">Sign in</div>
<div class="form-group"><input type="email" name="loginfmt" id="i0116" class="form-control" placeholder="Email, phone, or Skype" aria-label="Enter your email, phone, or Skype."></div>
<div class="row"><a id="cantAccessAccount" href="#">Can't access your account?</a></div>
<input type="submit" id="idSIButton9" class="win-button button_primary" value="Next"></div>
<div id="footer"><a id="ftrTerms" href="https://www.microsoft.com/en-GB/servicesagreement/">Terms of use</a>
<a id="ftrPrivacy" href="https://privacy.microsoft.com/en-GB/privacystatement">Privacy &amp; cookies</a></div>
</body></html>
"""


def raw_cra(rng, f):
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"/><link rel="icon" href="/favicon.ico"/>
<meta name="viewport" content="width=device-width,initial-scale=1"/><meta name="theme-color" content="#003366"/>
<meta name="description" content="{esc(f.name)}"/><link rel="manifest" href="/manifest.json"/>
<title>{esc(f.name)}</title>
<script defer="defer" src="/static/js/main.8f2d41c7.js"></script><link href="/static/css/main.1a2b3c4d.css" rel="stylesheet">
</head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>
"""


def raw_root_only(rng, f):
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(f.name)}</title>
<link rel="preload" href="/_next/static/media/4c9affa5bc8f420e-s.p.woff2" as="font" crossorigin="" type="font/woff2">
<link rel="stylesheet" href="/_next/static/css/a61f3c8d5d3b1c2e.css" data-precedence="next">
<script src="/_next/static/chunks/webpack-3c41e2b9a7f1d2c8.js" async=""></script>
<script src="/_next/static/chunks/main-app-0f12a9c3b5e6d7f8.js" async=""></script>
</head>
<body>
<div id="root"></div>
<script>(self.__next_f=self.__next_f||[]).push([0]);self.__next_f.push([2,null])</script>
<script>self.__next_f.push([1,"1:HL[\\"/_next/static/css/a61f3c8d5d3b1c2e.css\\",\\"style\\"]\\n"])</script>
</body>
</html>
"""


def raw_cookie_wall(rng, f):
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(f.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js" data-domain-script="0191a2b3-c4d5-7e6f-8a9b-{f.id[:4]}0c1d2e3f" charset="UTF-8"></script>
<script>function OptanonWrapper() {{ if (window.OnetrustActiveGroups.indexOf('C0002') > -1) {{ document.getElementById('app').removeAttribute('hidden'); }} }}</script>
</head>
<body>
<div id="onetrust-consent-sdk">
<div id="onetrust-banner-sdk" class="otCenterRounded" role="dialog" aria-modal="true" aria-label="Privacy">
<div class="ot-sdk-container"><h2 id="onetrust-policy-title">Your privacy</h2>
<div id="onetrust-policy-text">We and our partners use cookies to give you the best experience of our website, to
understand how it is used and to remember your settings. You must make a choice before continuing.
<a href="/cookie-policy" aria-label="More information about your privacy">More information</a></div>
<div id="onetrust-button-group"><button id="onetrust-accept-btn-handler">Accept all cookies</button>
<button id="onetrust-reject-all-handler">Reject all</button><button id="onetrust-pc-btn-handler">Cookie settings</button></div></div></div>
</div>
<div id="app" hidden></div>
<script src="/dist/app.{f.id[:3]}91c2.js" defer></script>
</body>
</html>
"""


def raw_angular(rng, f):
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(f.name)} | Loading</title>
  <base href="/">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" type="image/x-icon" href="favicon.ico">
<link rel="stylesheet" href="styles.5d4e3c2b1a.css"></head>
<body>
  <app-root><div class="app-loading"><div class="spinner" role="status" aria-label="Loading"></div><p>Loading&hellip;</p></div></app-root>
<script src="runtime.9a8b7c6d.js" type="module"></script><script src="polyfills.1e2f3a4b.js" type="module"></script><script src="main.5c6d7e8f.js" type="module"></script></body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Generic stalking advice (never mentions the super-complaint)
# --------------------------------------------------------------------------------------------

def stalking_sussex(rng, f):
    return """
<p class="lead">Stalking is a pattern of unwanted, fixated and obsessive behaviour which is intrusive. It can include
harassment that amounts to stalking, or stalking that causes fear of violence or serious alarm or distress.</p>
<h2>Signs of stalking</h2>
<p>Remember <strong>FOUR</strong>: is the behaviour Fixated, Obsessive, Unwanted and Repeated? Stalking can include:</p>
<ul><li>regularly following someone</li><li>repeatedly going uninvited to their home</li><li>checking someone's
internet use, email or other electronic communication</li><li>loitering in a place known to be frequented by the
other person</li><li>watching or spying on someone</li><li>sending gifts, letters or messages that are not wanted</li></ul>
<h2>Make a safety plan</h2>
<p>If you are being stalked, it can help to have an action plan for what you will do if you feel in danger. Think
about:</p>
<ul><li>who you can call, and keeping your phone charged</li><li>varying your routes and routines</li>
<li>telling your employer or school so that they can help</li><li>keeping a diary of every incident, with dates,
times and what happened</li></ul>
<h2>Stalking Protection Orders</h2>
<p>We can apply to a magistrates' court for a Stalking Protection Order (SPO) to protect you. An SPO can ban the
stalker from contacting you or going to certain places, and can require them to do things such as attend a
treatment programme. Breaching an SPO is a criminal offence.</p>
<h2>Get support</h2>
<p>The National Stalking Helpline, run by the Suzy Lamplugh Trust, gives free and confidential advice on 0808 802
0300. Paladin National Stalking Advocacy Service can also help.</p>
<p>You can <a href="/ro/report/sh/">report stalking online</a>. If you are in immediate danger, call 999.</p>
"""


def stalking_northumbria(rng, f):
    return """
<p>Nobody has the right to make you feel scared or intimidated. If someone is repeatedly contacting you, following
you or turning up where you are, it could be stalking &ndash; and it is a crime.</p>
<h2>What counts as stalking?</h2>
<p>There is no list of behaviours that are always stalking. What matters is the pattern. Stalkers are often former
partners, but they can also be someone you know slightly, a colleague, or a stranger.</p>
<h2>Online stalking</h2>
<p>Stalking is increasingly carried out online: through social media, tracking apps, fake profiles or hacking
accounts. Take screenshots, do not delete messages, and check your devices for location sharing.</p>
<h2>What we will do</h2>
<p>When you report stalking, an officer will ask you some questions about what has happened so we can understand the
risk to you. We can arrest the stalker, apply for bail conditions, and apply for a Stalking Protection Order. We will
refer you to a specialist stalking advocate, who can support you through the whole process.</p>
<h2>Support</h2>
<ul><li>National Stalking Helpline (Suzy Lamplugh Trust): 0808 802 0300</li><li>Victims First Northumbria</li>
<li>Protection Against Stalking</li></ul>
"""


def stalking_glos(rng, f):
    return """
<!-- wp:paragraph --><p>Stalking and harassment can have a devastating effect on victims. We want you to know that
you will be believed and supported.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading">Harassment or stalking?</h2><!-- /wp:heading -->
<!-- wp:paragraph --><p>Harassment is behaviour, on at least two occasions, that causes alarm or distress. When that
behaviour is fixated and obsessive, it becomes stalking. Stalking is often more serious and the risk to the victim
can be higher.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading">Keeping evidence</h2><!-- /wp:heading -->
<!-- wp:list --><ul><li>keep a log of what happens</li><li>save texts, voicemails, emails and social media
messages</li><li>note car registration numbers</li><li>ask neighbours to note anything unusual</li></ul><!-- /wp:list -->
<!-- wp:heading --><h2 class="wp-block-heading">Your personal safety action plan</h2><!-- /wp:heading -->
<!-- wp:paragraph --><p>A specialist advocate can help you write a personal safety action plan covering your home,
your journeys and your online life. Recommendations might include fitting a video doorbell, changing passwords and
agreeing a code word with friends.</p><!-- /wp:paragraph -->
<!-- wp:paragraph --><p>Call the National Stalking Helpline on 0808 802 0300 for advice, or contact us on 101.</p><!-- /wp:paragraph -->
"""


def stalking_warks(rng, f):
    return """
<h2>Stalking</h2>
<p>Stalking is a criminal offence under the Protection from Harassment Act 1997. It includes following a person,
contacting or attempting to contact them by any means, publishing material relating to them, monitoring their use
of the internet, email or other communication, loitering, interfering with their property and watching or spying on
them.</p>
<h2>How to report</h2>
<p>Call 999 in an emergency, call 101, or use our online reporting form. Our officers are trained in line with College
of Policing guidance to recognise stalking and to assess the risk to you.</p>
<h2>Court orders</h2>
<p>As well as prosecution, courts can impose restraining orders on conviction, and we can apply for Stalking
Protection Orders even before anyone is charged.</p>
<h2>Help and advice</h2>
<table class="contactTable"><tr><td>National Stalking Helpline</td><td>0808 802 0300</td></tr>
<tr><td>Victim Support</td><td>0808 168 9111</td></tr><tr><td>Refuge (National Domestic Abuse Helpline)</td><td>0808 2000 247</td></tr></table>
"""


def stalking_dyfed_cy(rng, f):
    return """
<p lang="cy">Stelcio yw patrwm o ymddygiad sefydlog ac obsesiynol sy'n ymwthiol ac yn achosi ofn. Mae'n drosedd.
Os ydych mewn perygl uniongyrchol, ffoniwch 999.</p>
<p>Stalking is a pattern of fixated and obsessive behaviour that is intrusive and causes fear. It is a crime. If you
are in immediate danger, call 999.</p>
<h2>Cynllun diogelwch / Safety plan</h2>
<p lang="cy">Gall eiriolwr stelcio eich helpu i lunio cynllun gweithredu diogelwch personol.</p>
<p>A stalking advocate can help you draw up a personal safety action plan.</p>
<h2>Gorchmynion Amddiffyn rhag Stelcio / Stalking Protection Orders</h2>
<p lang="cy">Gallwn wneud cais i'r llys am Orchymyn Amddiffyn rhag Stelcio i'ch amddiffyn.</p>
<p>We can apply to the court for a Stalking Protection Order to protect you.</p>
<h2>Cymorth / Support</h2>
<p lang="cy">Llinell Gymorth Stelcio Genedlaethol (Ymddiriedolaeth Suzy Lamplugh): 0808 802 0300. Byw Heb Ofn: 0808 80 10 800.</p>
<p>National Stalking Helpline (Suzy Lamplugh Trust): 0808 802 0300. Live Fear Free: 0808 80 10 800.</p>
"""


def stalking_beds_related(rng, f):
    return """
<p class="govuk-body-l">If you think you are being stalked, you do not have to put up with it. Tell us.</p>
<h2 class="govuk-heading-m">What you can do now</h2>
<ul class="govuk-list govuk-list--bullet"><li>record every incident, however small</li><li>do not engage with the
stalker</li><li>tell people you trust what is happening</li><li>review your privacy settings online</li></ul>
<h2 class="govuk-heading-m">What happens when you report</h2>
<p class="govuk-body">We will ask screening questions to understand whether the behaviour is stalking, assess the risk
to you and agree how we will keep you updated. We will offer to refer you to an independent stalking advocate.</p>
<div class="govuk-inset-text">National Stalking Helpline (Suzy Lamplugh Trust): 0808 802 0300, weekdays 9.30am to 4pm
(Wednesday 1pm to 4pm).</div>
<h2 class="govuk-heading-m">Related</h2>
<ul class="govuk-list"><li><a class="govuk-link" href="/advice/stalking-protection-orders">Stalking Protection Orders</a></li>
<li><a class="govuk-link" href="/about-us/stalking-super-complaint">Our response to the stalking super-complaint</a></li></ul>
"""


def spo_kent(rng, f):
    return """
<p>A Stalking Protection Order (SPO) is a civil order introduced by the Stalking Protection Act 2019. Police can apply
to a magistrates' court for one where a person has carried out acts associated with stalking, poses a risk of
stalking-related harm, and the order is necessary to protect another person.</p>
<h2>What an SPO can do</h2>
<p>An SPO can contain prohibitions (for example, not to contact the victim or go near their workplace) and positive
requirements (for example, to attend a perpetrator programme). It lasts for at least two years, or until further
order.</p>
<h2>Interim orders</h2>
<p>While the full application is being considered, the court can make an interim SPO to protect the victim straight
away.</p>
<h2>Breaches</h2>
<p>Breaching an SPO without reasonable excuse is a criminal offence with a maximum penalty of five years'
imprisonment. Tell us straight away if an order is breached.</p>
<p>For independent advice, contact the National Stalking Helpline on 0808 802 0300.</p>
"""


# --------------------------------------------------------------------------------------------
# News
# --------------------------------------------------------------------------------------------

def news_lancs(rng, f):
    return """
<p class="article-meta">Published 14 February 2025, 16:05</p>
<p>A Preston man who sent hundreds of messages to a woman he had met once at a party has been jailed for stalking.</p>
<p>Daniel Hargreaves, 34, of Ribbleton, pleaded guilty at Preston Crown Court to stalking involving serious alarm or
distress. He was jailed for two years and given a ten-year restraining order.</p>
<p>The court heard he set up more than 40 social media accounts after being blocked, and turned up at the victim's
workplace on several occasions.</p>
<p>DC Amy Whittle said: &ldquo;This was a frightening and sustained campaign. I want to praise the victim for her
courage in coming forward. Stalking is a serious crime and I would urge anyone experiencing it to contact us.&rdquo;</p>
<p>Support is available from the National Stalking Helpline on 0808 802 0300.</p>
"""


def news_humberside(rng, f):
    return """
<p class="article-meta">16 January 2025</p>
<p>A Stalking Protection Order has been granted by Hull Magistrates' Court against a 52-year-old man.</p>
<p>The order, which lasts for five years, bans him from contacting his former neighbour, entering her street, or
posting about her online. He must also attend a course addressing his behaviour.</p>
<p>Detective Inspector Mark Cole from our Protecting Vulnerable People Unit said: &ldquo;Stalking Protection Orders
let us act early to keep victims safe. We will not hesitate to apply for them, and we will act on any breach.&rdquo;</p>
"""


def news_cleveland_welcome(rng, f):
    return """
<p class="article-meta">27 September 2024</p>
<p>Cleveland Police has welcomed the publication today of a national report into how police forces respond to
stalking.</p>
<p>The report, by HMICFRS, the IOPC and the College of Policing, follows a super-complaint made by the Suzy Lamplugh
Trust on behalf of the National Stalking Consortium. It makes recommendations to chief constables, police and crime
commissioners and government.</p>
<p>Assistant Chief Constable Joanne Lawson said: &ldquo;We will study the recommendations carefully. Stalking is a
crime that can have a devastating effect on victims' lives, and we are determined to get our response right. We will
publish our action plan in the coming weeks.&rdquo;</p>
<p>Anyone affected by stalking can contact us on 101, or the National Stalking Helpline on 0808 802 0300.</p>
"""


def news_wmercia_week(rng, f):
    return """
<p class="article-date">Posted on 22 April 2024</p>
<p>This National Stalking Awareness Week we are urging people to trust their instincts and report behaviour that
worries them.</p>
<p>Our officers will be at community events across Herefordshire, Shropshire, Telford and Worcestershire throughout
the week, with advice on spotting the signs of stalking and on staying safe online.</p>
<p>The theme this year, set by the Suzy Lamplugh Trust, is &ldquo;bridging the gaps&rdquo; between agencies that
support victims.</p>
"""


def news_essex_breach(rng, f):
    return """
<p class="article-meta">3 March 2025</p>
<p>A Colchester man has been jailed for 18 months after breaching a Stalking Protection Order three times in a
fortnight.</p>
<p>The order had been made in December after he repeatedly followed a woman from her workplace. He admitted the
breaches at Chelmsford Crown Court.</p>
<p>Our Stalking and Harassment Unit reviews every breach of an SPO. &ldquo;These orders exist to protect people, and
breaking them has consequences,&rdquo; said DS Laura Finch.</p>
"""


# --------------------------------------------------------------------------------------------
# Other super-complaints and other reports (the hardest negatives)
# --------------------------------------------------------------------------------------------

PPDA_RECS = [
    ("Make sure that allegations of domestic abuse against police officers and staff are investigated by officers from a "
     "different area or command to the one where the suspect works.",
     "All such allegations are now allocated to our Professional Standards Department's specialist team, and never to the "
     "suspect's own command."),
    ("Put in place arrangements to make sure victims of police-perpetrated domestic abuse are referred to independent "
     "domestic violence advisers outside the force.",
     "We have agreed a referral pathway with an independent specialist service so that victims do not need to approach "
     "the force for support."),
    ("Make sure that officers and staff are aware of the standards expected of them, and that domestic abuse by an "
     "officer is a matter for both criminal investigation and misconduct proceedings.",
     "Mandatory training on professional boundaries and domestic abuse was delivered to all supervisors by March 2023."),
    ("Review vetting decisions when an officer or staff member is the subject of a domestic abuse allegation.",
     "Vetting reviews are triggered automatically by the counter corruption unit when an allegation is recorded."),
    ("Collect and analyse data on police-perpetrated domestic abuse, including outcomes.",
     "A quarterly report to the Chief Officer Group shows numbers, outcomes and timeliness."),
]


def ppda_staffs(rng, f):
    rows = "".join(
        f"<tr><td>{i}</td><td>{esc(r)}</td><td>{esc(a)}</td><td>{esc(rng.choice(['Head of PSD', 'Deputy Chief Constable', 'Head of Vetting']))}</td>"
        f"<td>{esc(rng.choice(['Complete', 'In progress', 'Ongoing']))}</td><td>{esc(rng.choice(['December 2022', 'March 2023', 'June 2023']))}</td></tr>"
        for i, (r, a) in enumerate(PPDA_RECS, 1)
    )
    return f"""
<!-- wp:paragraph --><p>In March 2020 the Centre for Women's Justice submitted a super-complaint about how police forces
deal with domestic abuse committed by police officers and staff. It was investigated by HMICFRS, the College of
Policing and the IOPC, who published their report in June 2022.</p><!-- /wp:paragraph -->
<!-- wp:paragraph --><p>The report made recommendations to chief constables. This action plan sets out Staffordshire
Police's response to each of them. Police-perpetrated abuse can include controlling behaviour, violence, stalking
and harassment, and abuse of position.</p><!-- /wp:paragraph -->
<figure class="wp-block-table"><table><thead><tr><th>No.</th><th>Recommendation</th><th>Our response</th><th>Owner</th><th>Status</th><th>Target date</th></tr></thead>
<tbody>{rows}</tbody></table></figure>
"""


def modern_slavery_kent(rng, f):
    return """
<p>In 2019 Hestia, a charity that supports adults and children in times of crisis, made a super-complaint about the
police response to victims of modern slavery. The complaint focused on victims being treated as offenders or
immigration cases, rather than as victims of crime.</p>
<p>HMICFRS, the College of Policing and the IOPC investigated and made recommendations to chief constables, the
National Police Chiefs' Council and the Home Office. Kent Police's action plan is below.</p>
<h2>Recommendations to chief constables and our actions</h2>
<h3>Identifying victims</h3>
<p>Officers must be able to recognise the indicators of modern slavery and record victims correctly. We have
delivered training to all frontline staff and introduced a modern slavery flag on our crime system.</p>
<h3>Immigration enforcement</h3>
<p>Victims of modern slavery who are also suspected of immigration offences must be treated first and foremost as
victims. We do not share victims' details with Immigration Enforcement for enforcement purposes.</p>
<h3>Support</h3>
<p>Every potential victim is offered referral into the National Referral Mechanism and to specialist support
services. Progress against this plan is reported to the Chief Officer Group.</p>
"""


def protective_measures_essex(rng, f):
    return """
<p>In 2019 the Centre for Women's Justice made a super-complaint about the police's use of protective measures in
cases of violence against women and girls: pre-charge bail, Domestic Violence Protection Notices and Orders,
non-molestation orders and restraining orders.</p>
<p>The joint investigation by HMICFRS, the College of Policing and the IOPC found that these measures were not being
used as effectively as they could be. Its recommendations to chief constables, and our responses, are set out
below.</p>
<table class="table"><thead><tr><th>Recommendation</th><th>Essex Police action</th><th>Status</th></tr></thead><tbody>
<tr><td>Review the use of pre-charge bail in VAWG cases and make sure conditions are used to protect victims.</td><td>Bail
management team established; daily review of released-under-investigation cases with a VAWG marker.</td><td>Complete</td></tr>
<tr><td>Make sure officers understand and use Domestic Violence Protection Orders.</td><td>DVPO toolkit issued; applications
have risen every quarter since.</td><td>Complete</td></tr>
<tr><td>Make sure breaches of non-molestation orders are treated as criminal offences and investigated.</td><td>Guidance issued
to control room and response teams.</td><td>Ongoing</td></tr>
<tr><td>Collect data on the use of protective orders, including restraining orders and Stalking Protection Orders.</td>
<td>Included in the monthly public protection performance report.</td><td>Ongoing</td></tr>
</tbody></table>
<p>Our action plan was agreed by the Chief Constable and is reviewed annually.</p>
"""


def immigration_met(rng, f):
    return """
<p>In December 2018 Liberty and Southall Black Sisters submitted a super-complaint about police sharing information
on the immigration status of victims and witnesses with the Home Office.</p>
<p>The report by HMICFRS, the College of Policing and the IOPC, published in December 2020, concluded that this
practice was harming the public interest, because victims with insecure status were afraid to report crime. It made
recommendations to chief constables, the NPCC and the Home Office.</p>
<h2>Our position</h2>
<p>The Met does not share information about victims of crime with Immigration Enforcement for the purpose of
immigration enforcement. Officers have been briefed on the NPCC guidance and our policy has been updated.</p>
<h2>Action plan</h2>
<ul><li>Policy updated to reflect the recommendations &ndash; complete</li>
<li>Training for officers dealing with victims of domestic abuse, stalking and sexual offences &ndash; complete</li>
<li>Data recorded on any information sharing with the Home Office &ndash; ongoing</li></ul>
"""


def ppda_south_wales_cy(rng, f):
    return """
<p lang="cy">Ym mis Mawrth 2020, cyflwynodd y Ganolfan Cyfiawnder i Fenywod uwch-gŵyn am y ffordd y mae heddluoedd yn
ymdrin â cham-drin domestig gan swyddogion a staff yr heddlu. Mae'r cynllun gweithredu hwn yn ymateb i'r argymhellion
i brif gwnstabliaid.</p>
<p>In March 2020 the Centre for Women's Justice submitted a super-complaint about how forces deal with domestic abuse by
police officers and staff. This action plan responds to the recommendations to chief constables.</p>
<table class="table"><thead><tr><th>Argymhelliad / Recommendation</th><th>Ein hymateb / Our response</th><th>Statws / Status</th></tr></thead><tbody>
<tr><td>Ymchwilio i honiadau gan swyddogion o ardal wahanol / Allegations investigated by officers from a different area</td>
<td lang="cy">Mae'r Adran Safonau Proffesiynol yn ymdrin â phob honiad. / Professional Standards handles every allegation.</td><td>Wedi'i gwblhau / Complete</td></tr>
<tr><td>Cyfeirio dioddefwyr at gymorth annibynnol / Refer victims to independent support</td>
<td>Llwybr atgyfeirio gyda gwasanaeth arbenigol. / Referral pathway with a specialist service.</td><td>Wedi'i gwblhau / Complete</td></tr>
<tr><td>Adolygu penderfyniadau fetio / Review vetting decisions</td>
<td>Adolygiad fetio awtomatig pan gofnodir honiad. / Automatic vetting review when an allegation is recorded.</td><td>Parhaus / Ongoing</td></tr>
</tbody></table>
<p lang="cy">Gall cam-drin domestig gan yr heddlu gynnwys rheolaeth drwy orfodaeth, trais, stelcio ac aflonyddu.</p>
"""


def living_in_fear_cheshire(rng, f):
    return """
<p>In July 2017 HM Inspectorate of Constabulary and HM Crown Prosecution Service Inspectorate published <em>Living in
fear &ndash; the police and CPS response to harassment and stalking</em>. The inspection found that harassment and
stalking were not always recognised and that victims were often let down.</p>
<p>The report made recommendations to chief constables, including to improve training, crime recording and the use of
risk assessment. Our action plan in response was agreed in 2018 and completed in 2020.</p>
<table class="table"><thead><tr><th>Recommendation</th><th>Action taken</th><th>Completed</th></tr></thead><tbody>
<tr><td>Adopt a national definition of stalking</td><td>Definition included in force policy and training</td><td>2018</td></tr>
<tr><td>Review crime recording of harassment and stalking</td><td>Audit completed by the Force Crime Registrar</td><td>2018</td></tr>
<tr><td>Train officers to recognise stalking behaviours</td><td>Training delivered to response and neighbourhood officers</td><td>2019</td></tr>
<tr><td>Use a stalking risk screening tool</td><td>Screening questions added to the risk assessment</td><td>2019</td></tr>
</tbody></table>
<p>This page is kept for reference. For current information, see our stalking and harassment pages.</p>
"""


def peel_norfolk(rng, f):
    return """
<p>HM Inspectorate of Constabulary and Fire &amp; Rescue Services (HMICFRS) inspects every force's effectiveness,
efficiency and legitimacy through its PEEL programme.</p>
<p>Our most recent PEEL inspection rated the force <strong>good</strong> at preventing crime and
<strong>adequate</strong> at investigating crime. It identified areas for improvement, including:</p>
<ul><li>recording crime accurately, particularly stalking, harassment and controlling or coercive behaviour</li>
<li>answering non-emergency calls promptly</li><li>making sure victims are updated in line with the Victims' Code</li></ul>
<h2>Our action plan</h2>
<p>Each area for improvement has a chief officer owner. Progress is reported to HMICFRS and to the Police and Crime
Commissioner. A crime data integrity audit in January 2025 found improved recording of stalking offences.</p>
"""


# --------------------------------------------------------------------------------------------
# FOI, VAWG, PCC, placeholders
# --------------------------------------------------------------------------------------------

def foi_herts(rng, f):
    return """
<dl class="foi-meta"><dt>Reference</dt><dd>FOI 2025/0417</dd><dt>Date of response</dt><dd>12 March 2025</dd>
<dt>Category</dt><dd>Crime statistics</dd></dl>
<h2>Request</h2>
<p>Please provide the number of stalking offences recorded by Hertfordshire Constabulary in each calendar year from 2019
to 2024, and the number that resulted in a charge.</p>
<h2>Response</h2>
<p>Hertfordshire Constabulary holds the information requested. Information held is provided in the table below.</p>
<table class="table"><thead><tr><th>Year</th><th>Stalking offences recorded</th><th>Charged/summonsed</th></tr></thead><tbody>
<tr><td>2019</td><td>612</td><td>61</td></tr><tr><td>2020</td><td>1,048</td><td>83</td></tr><tr><td>2021</td><td>1,392</td><td>97</td></tr>
<tr><td>2022</td><td>1,655</td><td>118</td></tr><tr><td>2023</td><td>1,702</td><td>131</td></tr><tr><td>2024</td><td>1,688</td><td>142</td></tr></tbody></table>
<p>Please note that figures are provisional and may change as investigations progress.</p>
"""


def foi_nyorks(rng, f):
    return """
<dl class="foi-meta"><dt>Reference</dt><dd>NYP/FOI/002371/25</dd><dt>Date</dt><dd>4 February 2025</dd></dl>
<h2>Request</h2>
<p>1. Has North Yorkshire Police published an action plan in response to the super-complaint on the police response to
stalking made by the Suzy Lamplugh Trust? 2. If so, please provide a copy. 3. How many recommendations to chief
constables have been completed?</p>
<h2>Response</h2>
<p>1. Yes. 2. The action plan is published on our website and is therefore exempt under Section 21 of the Freedom of
Information Act 2000 (information reasonably accessible to the applicant by other means). It can be found in the About
us section of our website. 3. Information held: at the date of this response, four of the recommendations made to chief
constables by HMICFRS, the IOPC and the College of Policing had been assessed as complete.</p>
<p>This response will be published in our disclosure log.</p>
"""


def foi_devon(rng, f):
    return """
<h2>Freedom of Information request 1234/25: Stalking Protection Orders</h2>
<p><strong>Request:</strong> How many applications for Stalking Protection Orders did the force make in 2023 and 2024,
how many were granted, and how many breaches were recorded?</p>
<p><strong>Response:</strong> Devon and Cornwall Police can confirm that information is held. 2023: 38 applications,
33 granted, 11 breaches recorded. 2024: 52 applications, 47 granted, 19 breaches recorded.</p>
<p>Interim orders are counted within the applications figure.</p>
<p><a href="/foi/disclosure-log">Back to disclosure log</a></p>
"""


def vawg_wmids(rng, f):
    return """
<p>Violence against women and girls (VAWG) is a national policing priority. Our strategy sets out how West Midlands
Police will build trust and confidence, relentlessly pursue perpetrators and create safer spaces.</p>
<h2>What VAWG includes</h2>
<p>VAWG covers crimes that disproportionately affect women and girls, including domestic abuse, rape and sexual
offences, stalking, harassment, so-called honour-based abuse, female genital mutilation and online abuse.</p>
<h2>Our priorities</h2>
<ol><li>Improve the investigation of rape and serious sexual offences</li><li>Target the most harmful perpetrators,
including serial stalkers and domestic abusers</li><li>Make public spaces safer, including the night-time economy</li>
<li>Listen to women and girls about how safe they feel</li></ol>
<p>We work with the Police and Crime Commissioner, local councils and specialist services. Progress is reviewed by
HMICFRS as part of its inspections.</p>
"""


def vawg_avon(rng, f):
    rows = [
        ("1.1", "Increase the use of Stalking Protection Orders and Domestic Abuse Protection Notices", "Head of Public Protection", "March 2025"),
        ("1.2", "Deliver bystander training in the night-time economy", "Neighbourhood Policing Lead", "September 2024"),
        ("2.1", "Implement the national VAWG framework for delivery", "ACC Crime", "March 2025"),
        ("2.2", "Respond to HMICFRS recommendations on vetting and misconduct", "Head of Professional Standards", "June 2025"),
        ("3.1", "Create a perpetrator-focused action plan for high-harm offenders", "Head of Crime", "December 2024"),
    ]
    trs = "".join(f"<tr><td>{a}</td><td>{esc(b)}</td><td>{esc(c)}</td><td>{d}</td></tr>" for a, b, c, d in rows)
    return f"""
<!-- wp:paragraph --><p>Our VAWG delivery plan turns the national framework into actions for Avon and Somerset. Each
action has an owner and a date, and progress is reported to the Police and Crime Commissioner.</p><!-- /wp:paragraph -->
<figure class="wp-block-table"><table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Target date</th></tr></thead>
<tbody>{trs}</tbody></table></figure>
<!-- wp:paragraph --><p>If you are affected by stalking, domestic abuse or sexual violence, support is available.</p><!-- /wp:paragraph -->
"""


def vawdasv_nwales(rng, f):
    return """
<p lang="cy">Mae Strategaeth Trais yn erbyn Menywod, Cam-drin Domestig a Thrais Rhywiol (VAWDASV) Cymru yn nodi sut y bydd
gwasanaethau cyhoeddus yn cydweithio. Mae Heddlu Gogledd Cymru yn aelod o Fwrdd VAWDASV Gogledd Cymru.</p>
<p>The Wales Violence against Women, Domestic Abuse and Sexual Violence (VAWDASV) strategy sets out how public services
work together. North Wales Police is a member of the North Wales VAWDASV Board.</p>
<h2>Ein blaenoriaethau / Our priorities</h2>
<ul><li lang="cy">Herio agweddau ac ymddygiad sy'n goddef trais</li><li>Challenging attitudes and behaviours that
tolerate violence</li><li lang="cy">Dal cyflawnwyr i gyfrif, gan gynnwys stelcwyr</li><li>Holding perpetrators to
account, including stalkers</li></ul>
<p>Live Fear Free / Byw Heb Ofn: 0808 80 10 800.</p>
"""


def pcc_kent(rng, f):
    return """
<p>The report <em>Police response to stalking</em>, published in September 2024 following the super-complaint by the
Suzy Lamplugh Trust, made recommendations to police and crime commissioners as well as to chief constables.</p>
<p>The recommendations to PCCs concern the commissioning of specialist stalking advocacy services and the scrutiny of
how forces respond to stalking. This is the Commissioner's response to those recommendations. The Chief Constable's
action plan is published separately on the Kent Police website.</p>
<h2>Commissioning</h2>
<p>The Commissioner funds an independent stalking advocacy service across Kent and Medway, and has extended its
contract to March 2027. A needs assessment will look at demand from victims of cyber-stalking.</p>
<h2>Scrutiny</h2>
<p>The Commissioner will hold the Chief Constable to account for delivery of the force's action plan through the
Performance and Delivery Board, which meets in public.</p>
"""


def pcc_cambs(rng, f):
    return """
<p>The Police and Crime Plan sets the priorities for policing in Cambridgeshire and Peterborough. The Commissioner
holds the Chief Constable to account for delivering it.</p>
<h2>Priorities</h2>
<ul><li>Victims: making sure victims of crime, including domestic abuse and stalking, get the support they need</li>
<li>Communities: visible neighbourhood policing</li><li>Offenders: reducing reoffending</li>
<li>Ethical policing: building trust and confidence</li></ul>
<h2>Commissioned services</h2>
<p>The Commissioner funds the Victim and Witness Hub, independent domestic violence advisers and a specialist stalking
advocacy service.</p>
"""


def pcc_tvp(rng, f):
    return """
<p>The Police and Crime Commissioner for Thames Valley has awarded a new contract for an independent stalking advocacy
service covering Berkshire, Buckinghamshire and Oxfordshire.</p>
<p>Advocates will support victims at medium and high risk, help them to draw up safety plans, and represent their
views to the police and courts. Referrals can be made by the police or by victims themselves.</p>
<p>The Commissioner said: &ldquo;Stalking is a terrifying crime, and victims need specialist support from people who
understand it. This service will make a real difference.&rdquo;</p>
"""


def placeholder_wyorks(rng, f):
    return """
<p>On 27 September 2024 the IOPC, HMICFRS and the College of Policing published their report on the super-complaint
made by the Suzy Lamplugh Trust about the police response to stalking.</p>
<p>West Yorkshire Police welcomes the report. We are reviewing each of the recommendations made to chief constables and
will publish our action plan on this page by 22 November 2024.</p>
<p>In the meantime, if you are experiencing stalking, please contact us on 101 or 999 in an emergency. You can also call
the National Stalking Helpline on 0808 802 0300.</p>
"""


def wrong_doc_vawg(rng: random.Random, f: Force) -> str:
    return """OFFICIAL

Lincolnshire Police
Violence Against Women and Girls Delivery Plan 2024-2026

Introduction
This plan sets out how Lincolnshire Police will deliver the national VAWG framework. It covers
domestic abuse, rape and serious sexual offences, stalking and harassment, and public space safety.

Pillar 1: Build trust and confidence
1.1 Improve victim satisfaction with updates                Head of Victim Services     March 2025
1.2 Engage with women and girls through safety surveys      Neighbourhood Lead          Ongoing

Pillar 2: Relentless perpetrator pursuit
2.1 Increase use of protective orders (DVPOs, SPOs)         Head of Public Protection   March 2025
2.2 Identify and manage high-harm perpetrators              Head of Crime               June 2025

Pillar 3: Safer spaces
3.1 Night-time economy patrol plans                          Superintendent, Operations  September 2024

Page 1 of 2

OFFICIAL
Governance
Progress is reported to the Force Vulnerability Board and to the Police and Crime Commissioner.

Page 2 of 2
"""


# --------------------------------------------------------------------------------------------
# The page list
# --------------------------------------------------------------------------------------------

def pages(F: dict[str, Force]) -> list[Page]:
    pg: list[Page] = []
    add = pg.append
    N = "negative/"

    # --- soft 404s ---
    f = F["kent"]
    add(Page(N + "kent-soft404-cant-find.html", "soft_404", "kent", "soft404",
             "SOH chrome with stalking in the mega menu; 'Sorry, we can't find that page' as the h1.",
             f"{f.base}/police-forces/kent-police/areas/about-us/stalking-super-complaint-our-response-2024/",
             "Sorry, we can't find that page", s404_kent, "soh", "Sorry, we can't find that page", []))
    f = F["essex"]
    add(Page(N + "essex-soft404-page-not-found.html", "soft_404", "essex", "soft404",
             "GOV.UK-style 404 wording ('If you typed the web address...'); popular links include stalking.",
             f"{f.base}/police-forces/essex-police/areas/about-us/about-us/stalking-action-plan-old/",
             "Page not found", s404_essex, "soh", "Page not found", []))
    f = F["metropolitan"]
    add(Page(N + "met-soft404-suggests-plan.html", "soft_404", "metropolitan", "soft404",
             "Hard: the not-found page suggests a link titled 'Stalking super-complaint: the Met's action plan'. "
             "Template h1 absent; the 'Page not found' h1 is in the body.",
             f"{f.base}/SysSiteAssets/media/downloads/met/about-us/stalking-super-complaint-response.pdf",
             "Page not found", s404_met, "soh", None, []))
    f = F["west-midlands"]
    add(Page(N + "west-midlands-soft404-drupal.html", "soft_404", "west-midlands", "soft404",
             "Drupal default wording 'The page you requested could not be found.'",
             f"{f.base}/about-us/stalking-super-complaint-action-plan", "Page not found", s404_wmids, "drupal",
             "Page not found", []))
    f = F["avon-and-somerset"]
    add(Page(N + "avon-soft404-oops.html", "soft_404", "avon-and-somerset", "soft404",
             "WordPress 404 template answered with 200: 'Oops! We couldn't find...'; no h1 from the template.",
             f"{f.base}/about/stalking-super-complaint-response/", "Page not found", s404_avon, "wordpress",
             None, []))
    f = F["dorset"]
    add(Page(N + "dorset-soft404-moved.html", "soft_404", "dorset", "soft404",
             "'404 - this page has moved or no longer exists' inside an h2; page title is the generic site name.",
             f"{f.base}/about-us/stalking-super-complaint/", "Dorset Police", s404_dorset, "council",
             "Sorry", []))
    f = F["gwent"]
    add(Page(N + "gwent-soft404-bilingual.html", "soft_404", "gwent", "soft404",
             "Bilingual not-found: 'Ni allwn ddod o hyd i'r dudalen' / 'We can't find the page'.",
             f"{f.base}/police-forces/gwent-police/areas/about-us/stalking-super-complaint-response/",
             "Ni allwn ddod o hyd i'r dudalen / We can't find the page", s404_gwent, "soh",
             "Ni allwn ddod o hyd i'r dudalen / We can't find the page", [], lang="cy-en"))
    f = F["lincolnshire"]
    add(Page(N + "lincs-soft404-govuk.html", "soft_404", "lincolnshire", "soft404",
             "GOV.UK Frontend 'Page not found' served with 200.",
             f"{f.base}/about-us/stalking-super-complaint-2024", "Page not found", s404_lincs, "govuk",
             "Page not found", []))
    f = F["durham"]
    add(Page(N + "durham-soft404-wp-nothing-found.html", "soft_404", "durham", "soft404",
             "WordPress default 'It looks like nothing was found at this location'; recent-news widget mentions "
             "stalking twice.",
             f"{f.base}/about-us/stalking-action-plan/", "Page not found", s404_durham, "wordpress",
             "Oops! That page can\u2019t be found.", []))
    f = F["north-wales"]
    add(Page(N + "north-wales-soft404-welsh-only.html", "soft_404", "north-wales", "soft404",
             "Welsh-only not-found page ('Mae'n ddrwg gennym, ni allwn ddod o hyd i'r dudalen honno').",
             f"{f.base}/cy/amdanom-ni/cynllun-gweithredu-stelcio", "Tudalen heb ei chanfod", s404_nwales_cy,
             "govuk", "Tudalen heb ei chanfod", [], lang="cy"))
    f = F["south-yorkshire"]
    add(Page(N + "south-yorks-soft404-related.html", "soft_404", "south-yorkshire", "soft404",
             "Hard: URL slug and a 'Related pages' link both say 'stalking super-complaint action plan'.",
             f"{f.base}/police-forces/south-yorkshire-police/areas/about-us/about-us/stalking-super-complaint-action-plan-2024/",
             "Page not found", s404_syorks, "soh", "Page not found", []))
    f = F["warwickshire"]
    add(Page(N + "warwickshire-soft404-archived.html", "soft_404", "warwickshire", "soft404",
             "Says the content 'has been removed or archived and cannot be found'; no '404' anywhere.",
             f"{f.base}/about-us/police-response-to-stalking-report-2024", "Page unavailable", s404_warks,
             "council", None, []))
    f = F["staffordshire"]
    add(Page(N + "staffs-soft404-generic-title.html", "soft_404", "staffordshire", "soft404",
             "Title is just the site name; body says the page doesn't exist any more.",
             f"{f.base}/about/stalking-super-complaint-response/", "Staffordshire Police", s404_staffs,
             "wordpress", None, []))

    # --- homepages after redirect ---
    f = F["cumbria"]
    add(Page(N + "cumbria-homepage-redirect.html", "not_response", "cumbria", "homepage",
             "Old .aspx link redirected to the homepage; stalking tile and a stalking news teaser.",
             f"{f.base}/", "Home", home_cumbria, "soh", None, [],
             requested_url="https://www.cumbria.police.uk/Stalking-Super-Complaint-Action-Plan.aspx"))
    f = F["staffordshire"]
    add(Page(N + "staffs-homepage-redirect.html", "not_response", "staffordshire", "homepage",
             "WordPress homepage served after a redirect from a deleted page.",
             f"{f.base}/", "Home", home_staffs, "wordpress", None, [],
             requested_url="https://www.staffordshire.police.uk/about/stalking-action-plan-2024/"))
    f = F["northamptonshire"]
    add(Page(N + "northants-homepage-promo-link.html", "not_response", "northamptonshire", "homepage",
             "Hard: homepage with a spotlight promo linking 'Our response to the stalking super-complaint'.",
             f"{f.base}/", "Home", home_northants, "council", None, [],
             requested_url="https://www.northants.police.uk/stalkingplan"))
    f = F["west-yorkshire"]
    add(Page(N + "west-yorks-homepage-redirect.html", "not_response", "west-yorkshire", "homepage",
             "Drupal front page; news list includes an SPO story.",
             f"{f.base}/", "Home", home_wyorks, "drupal", None, [],
             requested_url="https://www.westyorkshire.police.uk/stalking-super-complaint"))

    # --- search and indexes ---
    f = F["thames-valley"]
    add(Page(N + "thames-valley-search-results.html", "not_response", "thames-valley", "search",
             "Hard: search results for 'stalking super complaint' whose first hit is the real plan, with its snippet.",
             f"{f.base}/search/?q=stalking+super+complaint", "Search", search_tvp, "soh", "Search results", []))
    f = F["derbyshire"]
    add(Page(N + "derbyshire-search-stalking.html", "not_response", "derbyshire", "search",
             "Drupal search page listing titles including 'Stalking super-complaint tracker'.",
             f"{f.base}/search/node?keys=stalking", "Search", search_derby, "drupal", None, []))
    f = F["leicestershire"]
    add(Page(N + "leics-search-no-results.html", "not_response", "leicestershire", "search",
             "Search page with zero results. Labelled not_response, not soft_404: the page exists and works.",
             f"{f.base}/search/?q=stalking+super-complaint+action+plan", "Search", search_leics_none, "soh",
             "Search", []))
    f = F["surrey"]
    add(Page(N + "surrey-advice-hub.html", "not_response", "surrey", "index",
             "'Advice and information' hub: card list of topics including stalking.",
             f"{f.base}/advice/advice-and-information/", "Advice and information", index_surrey_advice, "soh",
             "Advice and information", [("Advice", "/advice/")]))
    f = F["hampshire"]
    add(Page(N + "hampshire-stalking-section-index.html", "not_response", "hampshire", "index",
             "Hard: stalking section index whose last link is 'Our response to the stalking super-complaint'.",
             f"{f.base}/advice/advice-and-information/sh/stalking-harassment/", "Stalking and harassment",
             index_hants_stalking, "soh", "Stalking and harassment", [("Advice", "/advice/")]))
    f = F["nottinghamshire"]
    add(Page(N + "notts-publications-index.html", "not_response", "nottinghamshire", "index",
             "Publications index: one row is 'Stalking super-complaint: our action plan' (a link).",
             f"{f.base}/about-us/publications", "Publications and reports", index_notts_publications, "govuk",
             "Publications and reports", ABOUT))
    f = F["merseyside"]
    add(Page(N + "merseyside-super-complaints-index.html", "not_response", "merseyside", "super_complaint_index",
             "Borderline, labelled not_response: lists responses to all super-complaints; stalking is one line "
             "linking to an HTML page elsewhere. The NPCC link should point at the plan itself.",
             f"{f.base}/foi-ai/merseyside-police/super-complaints2/", "Super-complaints", index_merseyside_sc,
             "soh", "Super-complaints", [("FOI", "/foi-ai/")]))

    # --- login and shells ---
    f = F["norfolk"]
    add(Page(N + "norfolk-sign-in.html", "not_response", "norfolk", "login",
             "SOH account sign-in page (200) reached through a ReturnUrl redirect.",
             f"{f.base}/account/sign-in/?ReturnUrl=%2Fpolice-forces%2Fnorfolk-constabulary%2Fareas%2Fabout-us%2Fstalking-plan%2F",
             "Sign in", login_norfolk, "soh", "Sign in to your account", [],
             requested_url=f"{f.base}/police-forces/norfolk-constabulary/areas/about-us/stalking-plan/"))
    f = F["cheshire"]
    add(Page(N + "cheshire-microsoft-login.html", "not_response", "cheshire", "login",
             "Plan linked on SharePoint; the link lands on the Microsoft sign-in page. No force chrome at all.",
             "https://login.microsoftonline.com/common/oauth2/authorize?client_id=00000003-0000-0ff1-ce00-000000000000",
             "Sign in to your account", None, raw=raw_ms_login,
             requested_url="https://cheshireconstabulary.sharepoint.com/:b:/s/Public/EStalkingActionPlan.pdf"))
    f = F["greater-manchester"]
    add(Page(N + "gmp-js-shell-cra.html", "blocked", "greater-manchester", "js_shell",
             "React shell: only 'You need to enable JavaScript to run this app.' and a div#root.",
             f"{f.base}/stalking-super-complaint", f.name, None, raw=raw_cra))
    f = F["city-of-london"]
    add(Page(N + "city-js-shell-root-only.html", "blocked", "city-of-london", "js_shell",
             "Next.js-like shell: title, empty div#root and scripts; no text at all.",
             f"{f.base}/about-us/police-response-to-stalking-action-plan", f.name, None, raw=raw_root_only))
    f = F["wiltshire"]
    add(Page(N + "wiltshire-cookie-wall.html", "blocked", "wiltshire", "js_shell",
             "Cookie-consent wall with the app container hidden and empty.",
             f"{f.base}/advice/stalking/", f.name, None, raw=raw_cookie_wall))
    f = F["bedfordshire"]
    add(Page(N + "beds-angular-loading.html", "blocked", "bedfordshire", "js_shell",
             "Angular app-root with only a 'Loading...' spinner.",
             f"{f.base}/app/publications/stalking", f.name, None, raw=raw_angular))

    # --- generic stalking ---
    f = F["sussex"]
    add(Page(N + "sussex-stalking-advice.html", "not_response", "sussex", "generic_stalking",
             "Generic advice: FOUR, safety 'action plan', SPOs, National Stalking Helpline run by the Suzy Lamplugh Trust.",
             f"{f.base}/advice/advice-and-information/sh/stalking-harassment/what-is-stalking-harassment/",
             "What is stalking?", stalking_sussex, "soh", "What is stalking?", STALK, updated="12 March 2025"))
    f = F["northumbria"]
    add(Page(N + "northumbria-stalking-advice.html", "not_response", "northumbria", "generic_stalking",
             "Advice page describing what police will do (risk questions, SPOs, advocates) without the complaint.",
             f"{f.base}/advice/stalking", "Stalking", stalking_northumbria, "drupal", "Stalking",
             [("Advice", "/advice")], updated="3 December 2024"))
    f = F["gloucestershire"]
    add(Page(N + "glos-stalking-harassment.html", "not_response", "gloucestershire", "generic_stalking",
             "Hard: 'Your personal safety action plan' heading and 'Recommendations might include...'.",
             f"{f.base}/advice/stalking-and-harassment/", "Stalking and harassment", stalking_glos, "wordpress",
             "Stalking and harassment", [("Advice", "/advice/")]))
    f = F["warwickshire"]
    add(Page(N + "warwickshire-stalking-council.html", "not_response", "warwickshire", "generic_stalking",
             "Legal definition, reporting, orders; mentions College of Policing guidance.",
             f"{f.base}/advice/stalking", "Stalking", stalking_warks, "council", "Stalking and harassment",
             [("Advice", "/advice")]))
    f = F["dyfed-powys"]
    add(Page(N + "dyfed-powys-stalking-bilingual.html", "not_response", "dyfed-powys", "generic_stalking",
             "Hard: bilingual generic page with 'stelcio', 'cynllun gweithredu diogelwch', 'Ymddiriedolaeth Suzy Lamplugh'.",
             f"{f.base}/en/advice/stalking/", "Stelcio / Stalking", stalking_dyfed_cy, "drupal",
             "Stelcio / Stalking", [("Cyngor / Advice", "/en/advice/")], lang="cy-en"))
    f = F["bedfordshire"]
    add(Page(N + "beds-stalking-related-link.html", "not_response", "bedfordshire", "generic_stalking",
             "Hard: generic advice ending with a related link 'Our response to the stalking super-complaint'.",
             f"{f.base}/advice/stalking", "Stalking", stalking_beds_related, "govuk", "Stalking",
             [("Advice", "/advice")]))
    f = F["kent"]
    add(Page(N + "kent-stalking-protection-orders.html", "not_response", "kent", "generic_stalking",
             "SPO explainer: interim orders, breaches, helpline.",
             f"{f.base}/advice/advice-and-information/sh/stalking-harassment/spo/", "Stalking Protection Orders",
             spo_kent, "soh", "Stalking Protection Orders", STALK, updated="28 November 2024"))

    # --- news ---
    f = F["lancashire"]
    add(Page(N + "lancashire-news-conviction.html", "not_response", "lancashire", "news",
             "Stalking conviction news story.",
             f"{f.base}/news/2025/february/preston-man-jailed-for-stalking", "Preston man jailed for stalking",
             news_lancs, "drupal", "Preston man jailed for stalking", [("News", "/news")]))
    f = F["humberside"]
    add(Page(N + "humberside-news-spo.html", "not_response", "humberside", "news",
             "SPO granted news story.",
             f"{f.base}/news/humberside/news/2025/january/stalking-protection-order-granted/",
             "Stalking Protection Order granted", news_humberside, "soh", "Stalking Protection Order granted",
             [("News", "/news/")]))
    f = F["cleveland"]
    add(Page(N + "cleveland-news-welcomes-report.html", "not_response", "cleveland", "news",
             "Hard: news on the report's publication day; names the super-complaint, HMICFRS/IOPC/College, "
             "recommendations to chief constables, and promises an action plan; contains none.",
             f"{f.base}/news/cleveland/news/2024/september/force-welcomes-stalking-report/",
             "Force welcomes report into police response to stalking", news_cleveland_welcome, "soh",
             "Force welcomes report into police response to stalking", [("News", "/news/")]))
    f = F["west-mercia"]
    add(Page(N + "west-mercia-news-awareness-week.html", "not_response", "west-mercia", "news",
             "National Stalking Awareness Week story.",
             f"{f.base}/news/west-mercia/news/2024/april/national-stalking-awareness-week/",
             "National Stalking Awareness Week", news_wmercia_week, "council", "National Stalking Awareness Week",
             [("News", "/news")]))
    f = F["essex"]
    add(Page(N + "essex-news-spo-breach.html", "not_response", "essex", "news",
             "SPO breach sentencing story.",
             f"{f.base}/news/essex/news/2025/march/man-jailed-for-breaching-stalking-protection-order/",
             "Man jailed for breaching Stalking Protection Order", news_essex_breach, "soh",
             "Man jailed for breaching Stalking Protection Order", [("News", "/news/")]))

    # --- other super-complaints and other reports ---
    f = F["staffordshire"]
    add(Page(N + "staffs-ppda-super-complaint-plan.html", "not_response", "staffordshire", "other_super_complaint",
             "Hardest kind: police-perpetrated domestic abuse super-complaint action plan table (recommendations to "
             "chief constables, owners, status, target dates); mentions stalking once.",
             f"{f.base}/about/super-complaint-police-perpetrated-domestic-abuse/",
             "Super-complaint: police-perpetrated domestic abuse", ppda_staffs, "wordpress",
             "Super-complaint: police-perpetrated domestic abuse \u2013 our action plan", [("About", "/about/")],
             updated="14 March 2023"))
    f = F["kent"]
    add(Page(N + "kent-modern-slavery-super-complaint.html", "not_response", "kent", "other_super_complaint",
             "Modern slavery (Hestia) super-complaint response with recommendations to chief constables.",
             soh_url(f, "modern-slavery-super-complaint-our-response"), "Modern slavery super-complaint: our response",
             modern_slavery_kent, "soh", "Modern slavery super-complaint: our response", SC_CRUMBS))
    f = F["essex"]
    add(Page(N + "essex-protective-measures-super-complaint.html", "not_response", "essex", "other_super_complaint",
             "Protective measures (CWJ, 2019) response; table mentions Stalking Protection Orders.",
             soh_url(f, "super-complaint-use-of-protective-measures"), "Super-complaint: use of protective measures",
             protective_measures_essex, "soh", "Super-complaint: use of protective measures \u2013 our response",
             SC_CRUMBS))
    f = F["metropolitan"]
    add(Page(N + "met-immigration-data-super-complaint.html", "not_response", "metropolitan", "other_super_complaint",
             "Liberty/Southall Black Sisters data-sharing super-complaint; action list mentions stalking victims.",
             f"{f.base}/police-forces/metropolitan-police/areas/about-us/about-the-met/super-complaint-data-sharing/",
             "Super-complaint: sharing victims' data for immigration purposes", immigration_met, "soh",
             "Super-complaint: sharing victims' data for immigration purposes", ABOUT))
    f = F["south-wales"]
    add(Page(N + "south-wales-ppda-bilingual.html", "not_response", "south-wales", "other_super_complaint",
             "Hard: bilingual plan for a different super-complaint, with 'uwch-gŵyn', 'cynllun gweithredu', "
             "'argymhellion' and one mention of 'stelcio'.",
             soh_url(f, "uwch-gwyn-cam-drin-domestig-gan-yr-heddlu"),
             "Uwch-gŵyn: cam-drin domestig gan yr heddlu / Police-perpetrated domestic abuse super-complaint",
             ppda_south_wales_cy, "soh",
             "Uwch-gŵyn: cam-drin domestig gan yr heddlu / Police-perpetrated domestic abuse super-complaint",
             [("Amdanom ni / About us", "/about-us/")], lang="cy-en"))
    f = F["cheshire"]
    add(Page(N + "cheshire-living-in-fear-2017.html", "not_response", "cheshire", "other_stalking_report",
             "Hard: response to the 2017 HMIC/HMCPSI stalking inspection 'Living in fear' \u2013 stalking, "
             "recommendations to chief constables, action plan; but not the super-complaint.",
             f"{f.base}/about-us/hmicfrs/living-in-fear-our-response",
             "Living in fear: our response to the harassment and stalking inspection", living_in_fear_cheshire,
             "drupal", "Living in fear: our response to the harassment and stalking inspection",
             [("About us", "/about-us"), ("HMICFRS", "/about-us/hmicfrs")]))
    f = F["norfolk"]
    add(Page(N + "norfolk-peel-response.html", "not_response", "norfolk", "other_inspection",
             "HMICFRS PEEL response; areas for improvement include stalking crime recording; 'Our action plan'.",
             soh_url(f, "hmicfrs-peel-inspection"), "HMICFRS PEEL inspection", peel_norfolk, "soh",
             "HMICFRS PEEL inspection: our response", ABOUT, updated="20 February 2025"))

    # --- FOI ---
    f = F["hertfordshire"]
    add(Page(N + "herts-foi-stalking-figures.html", "not_response", "hertfordshire", "foi",
             "FOI disclosure: stalking offences by year (Reference/Request/Response/Information held).",
             f"{f.base}/foi-ai/hertfordshire-constabulary/disclosure-2025/march/stalking-offences-2019-2024/",
             "Stalking offences 2019-2024", foi_herts, "soh", "Stalking offences 2019-2024",
             [("FOI", "/foi-ai/"), ("Disclosure log", "/foi-ai/disclosure-log/")], updated="12 March 2025"))
    f = F["north-yorkshire"]
    add(Page(N + "north-yorks-foi-asks-for-plan.html", "not_response", "north-yorkshire", "foi",
             "Hardest FOI: the request asks for the stalking super-complaint action plan; the answer cites s.21 and "
             "counts completed recommendations, but the plan is not here.",
             f"{f.base}/foi-ai/north-yorkshire-police/disclosure-2025/february/stalking-super-complaint-action-plan/",
             "Stalking super-complaint action plan", foi_nyorks, "soh", "Stalking super-complaint action plan",
             [("FOI", "/foi-ai/"), ("Disclosure log", "/foi-ai/disclosure-log/")]))
    f = F["devon-and-cornwall"]
    add(Page(N + "devon-foi-spo.html", "not_response", "devon-and-cornwall", "foi",
             "FOI about Stalking Protection Orders.",
             f"{f.base}/foi/disclosure-log/1234-25-stalking-protection-orders", "FOI 1234/25",
             foi_devon, "council", None, [("FOI", "/foi"), ("Disclosure log", "/foi/disclosure-log")]))

    # --- VAWG ---
    f = F["west-midlands"]
    add(Page(N + "west-midlands-vawg-strategy.html", "not_response", "west-midlands", "vawg",
             "VAWG strategy naming stalking and HMICFRS.",
             f"{f.base}/about-us/vawg-strategy", "Violence against women and girls strategy", vawg_wmids, "drupal",
             "Violence against women and girls strategy", ABOUT))
    f = F["avon-and-somerset"]
    add(Page(N + "avon-vawg-delivery-plan.html", "not_response", "avon-and-somerset", "vawg",
             "Hard: VAWG delivery plan table with owners and March 2025 dates; SPO action; HMICFRS recommendations.",
             f"{f.base}/about/vawg-delivery-plan/", "VAWG delivery plan", vawg_avon, "wordpress",
             "Violence against women and girls: delivery plan", [("About", "/about/")], updated="2 October 2024"))
    f = F["north-wales"]
    add(Page(N + "north-wales-vawdasv.html", "not_response", "north-wales", "vawg",
             "Bilingual VAWDASV page mentioning stalkers ('stelcwyr').",
             f"{f.base}/about-us/vawdasv", "VAWDASV", vawdasv_nwales, "govuk",
             "Trais yn erbyn Menywod, Cam-drin Domestig a Thrais Rhywiol / VAWDASV",
             [("Amdanom ni / About us", "/about-us")], lang="cy-en"))

    # --- PCC ---
    f = F["kent"]
    add(Page(N + "kent-pcc-response.html", "not_response", "kent", "pcc",
             "Hardest PCC case: the Commissioner's response to the recommendations to PCCs, on the PCC's domain; "
             "says the force plan is published separately.",
             "https://www.kent-pcc.gov.uk/what-we-do/stalking-super-complaint-commissioners-response/",
             "Stalking super-complaint: the Commissioner's response", pcc_kent, "wordpress",
             "Stalking super-complaint: the Commissioner's response", [("What we do", "/what-we-do/")],
             site_name="Kent Police and Crime Commissioner", site_domain="kent-pcc.gov.uk"))
    f = F["cambridgeshire"]
    add(Page(N + "cambs-pcc-police-and-crime-plan.html", "not_response", "cambridgeshire", "pcc",
             "PCC's Police and Crime Plan page (PCC domain).",
             "https://www.cambridgeshire-pcc.gov.uk/police-and-crime-plan/", "Police and Crime Plan", pcc_cambs,
             "wordpress", "Police and Crime Plan", [],
             site_name="Cambridgeshire and Peterborough Police and Crime Commissioner",
             site_domain="cambridgeshire-pcc.gov.uk"))
    f = F["thames-valley"]
    add(Page(N + "tvp-pcc-stalking-advocacy.html", "not_response", "thames-valley", "pcc",
             "PCC news: new stalking advocacy service contract.",
             "https://www.thamesvalley-pcc.gov.uk/news/new-stalking-advocacy-service/",
             "New stalking advocacy service", pcc_tvp, "drupal", "New stalking advocacy service", [("News", "/news")],
             site_name="Thames Valley Police and Crime Commissioner", site_domain="thamesvalley-pcc.gov.uk"))

    # --- placeholder, wrong document, dead document ---
    f = F["west-yorkshire"]
    add(Page(N + "west-yorks-placeholder-will-publish.html", "not_response", "west-yorkshire", "placeholder",
             "Borderline, labelled not_response: acknowledges the report and promises the plan 'by 22 November "
             "2024'; contains no actions.",
             f"{f.base}/about-us/police-response-stalking", "Police response to stalking", placeholder_wyorks,
             "drupal", "Police response to stalking", ABOUT, updated="27 September 2024"))
    f = F["lincolnshire"]
    add(Page(N + "lincs-landing-wrong-document.html", "not_response", "lincolnshire", "landing_wrong_document",
             "Borderline, labelled not_response: landing page promises the stalking action plan but the linked PDF "
             "is the force's VAWG delivery plan. For landing pages the document decides.",
             f"{f.base}/about-us/stalking-action-plan", "Stalking action plan",
             lambda rng, f: (
                 "<p class=\"govuk-body\">Our action plan in response to the stalking super-complaint is available "
                 "below.</p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/media/vawg-delivery-plan-2024.pdf\">"
                 "Stalking super-complaint action plan (PDF, 190KB)</a></p>"),
             "govuk", "Stalking action plan", ABOUT,
             documents={N + "lincs-landing-wrong-document.doc.txt": wrong_doc_vawg}))
    f = F["durham"]
    add(Page(N + "durham-landing-dead-document.html", "broken", "durham", "landing_dead_document",
             "Borderline, labelled broken (DESIGN: 'document link dead'): a genuine landing page, but its only "
             "plan document answers 404, so nothing can be verified. Must never count as published.",
             f"{f.base}/about-us/stalking-super-complaint/", "Stalking super-complaint",
             lambda rng, f: (
                 "<p>Durham Constabulary's action plan in response to the stalking super-complaint can be downloaded "
                 "below.</p><p><a href=\"/wp-content/uploads/2024/11/stalking-super-complaint-action-plan.pdf\">"
                 "Stalking super-complaint action plan (PDF, 260KB)</a></p>"),
             "wordpress", "Stalking super-complaint", [("About us", "/about-us/")],
             missing_documents=[f"{f.base}/wp-content/uploads/2024/11/stalking-super-complaint-action-plan.pdf"]))
    return pg
