"""Positive pages: each is a force's real response to the stalking super-complaint."""

from __future__ import annotations

import random

from . import plans as P
from .chrome import Force, esc
from .model import Page


def soh_url(f: Force, slug: str, section: str = "about-us/about-us") -> str:
    return f"{f.base}/police-forces/{f.slug}/areas/{section}/{slug}/"


ABOUT = [("About us", "/about-us/")]
SC_CRUMBS = [("About us", "/about-us/"), ("Super-complaints", "/about-us/super-complaints/")]


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

def kent_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 12)
    return f"""
<p class="lead">In November 2022 the Suzy Lamplugh Trust, on behalf of the National Stalking Consortium, made a
super-complaint about how police forces in England and Wales respond to stalking.</p>
<p>The complaint was investigated jointly by the Independent Office for Police Conduct (IOPC), His Majesty's
Inspectorate of Constabulary and Fire &amp; Rescue Services (HMICFRS) and the College of Policing. Their report,
published on 27 September 2024, made 29 recommendations, 15 of them to chief constables.</p>
<p>The table below is our response. For each recommendation to chief constables it shows what {esc(f.name)} is
doing, who is accountable and when we expect to finish. We will review it every six months.</p>
<h2>Our action plan</h2>
{P.table(themes, rng, f, columns="owner_status")}
<h2>Getting help</h2>
<p>If you are being stalked, please <a href="/ro/report/sh/">report it to us</a>. You can also get confidential
advice from the National Stalking Helpline on 0808 802 0300.</p>
"""


def essex_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 15, must=("publish", "recording", "training"))
    return f"""
<p>On 27 September 2024 a joint report by the IOPC, HMICFRS and the College of Policing, <em>The police response to
stalking</em>, was published following a super-complaint by the Suzy Lamplugh Trust.</p>
<p>Chief constables were asked to publish, within 56 days, an action plan explaining what their force will do about
each recommendation made to them. This is ours. Essex Police accepts every recommendation.</p>
<p><strong>Executive lead:</strong> Assistant Chief Constable, Crime and Public Protection<br>
<strong>Operational lead:</strong> Detective Superintendent, Public Protection</p>
{P.table(themes, rng, f, columns="owner_status", numbering="r", cls="table table--striped")}
<p>Status key: <em>Complete</em> &ndash; the action is finished and is now part of normal business;
<em>In progress</em> &ndash; work has started; <em>Not started</em> &ndash; work is scheduled.</p>
"""


def herts_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 9)
    return f"""
<p>A super-complaint submitted by the Suzy Lamplugh Trust (on behalf of the National Stalking Consortium) led to an
investigation which found that significant changes are needed to improve how police respond to reports of stalking.</p>
<p>Twenty-nine recommendations were made across policing and government. Fifteen of them fall to chief constables,
and forces must publish a plan that explains what they will do locally about each one.</p>
<p>Our plan is set out below. Several actions are shared with our collaboration partners in Bedfordshire and
Cambridgeshire, because we share major crime and public protection functions.</p>
{P.table(themes, rng, f, columns="rag")}
<p>RAG rating: Green &ndash; on track; Amber &ndash; some risk to the target date; Red &ndash; target date at risk;
Blue &ndash; complete.</p>
"""


def hampshire_update_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 10, must=("recording", "training", "spo"))
    return f"""
<p>In response to the super-complaint submitted by the Suzy Lamplugh Trust, on behalf of the National Stalking
Consortium.</p>
<p><strong>Strategic lead:</strong> Detective Superintendent, Public Protection</p>
<p>We first published this plan in November 2024. The column headed <em>Update &ndash; March 2025</em> shows the
progress reported to the National Police Chiefs' Council at the six-month point.</p>
{P.table(themes, rng, f, columns="update")}
"""


def thames_valley_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 11)
    return f"""
<p>Thames Valley Police welcomes the findings of the stalking supercomplaint investigation and is committed to
improving the service we give to victims of stalking.</p>
<p>The supercomplaint was brought by the Suzy Lamplugh Trust for the National Stalking Consortium. The joint
investigation report (IOPC, HMICFRS, College of Policing, September 2024) sets out recommendations for chief
constables. Our response to each of them is shown below.</p>
{P.table(themes, rng, f, columns="owner_status", numbering="dot")}
<h2>Governance</h2>
<p>Delivery is monitored by the Force Vulnerability Board. The Police and Crime Commissioner receives a report on
progress at the Performance and Accountability Meeting.</p>
"""


def west_midlands_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 13)
    return f"""
<div class="callout"><p>This page sets out West Midlands Police's action plan in response to the recommendations
made to chief constables in the report <em>Police response to stalking</em>, following the super-complaint by the
Suzy Lamplugh Trust.</p></div>
<h2>Background</h2>
<p>The report found that although police understanding of stalking had improved, victims were too often let down:
stalking was misidentified, protective orders were under-used and victims were not always referred for specialist
support.</p>
<p>We have assessed our current practice against each recommendation. Where we already meet it we say so, and
explain how we will check that this continues; where we do not, we set out the action we will take.</p>
<h2>Action plan</h2>
{P.table(themes, rng, f, columns="owner_status")}
<p>This plan will be updated in May 2025.</p>
"""


def derbyshire_rag(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 14)
    return f"""
<h2>Stalking super-complaint</h2>
<p>Derbyshire Constabulary has reviewed the recommendations in the joint HMICFRS, IOPC and College of Policing
report on the police response to stalking, which followed a super-complaint from the Suzy Lamplugh Trust.</p>
<p>This tracker is owned by the Head of Public Protection and reviewed monthly. It was last refreshed in
September 2025.</p>
{P.table(themes, rng, f, columns="rag", numbering="r")}
"""


def lincs_govuk_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 10)
    tbl = P.table(themes, rng, f, columns="owner_status", cls="govuk-table")
    return f"""
<p class="govuk-body-l">How Lincolnshire Police is responding to the recommendations made to chief constables after
the super-complaint about the police response to stalking.</p>
<h2 class="govuk-heading-l">Background</h2>
<p class="govuk-body">The Suzy Lamplugh Trust made the super-complaint in November 2022 on behalf of the National
Stalking Consortium. The joint investigation report was published in September 2024.</p>
<p class="govuk-body">The report asked every chief constable to publish an action plan within 56 days. The plan
below will be reviewed at least every six months.</p>
<h2 class="govuk-heading-l">Action plan</h2>
{tbl}
<h2 class="govuk-heading-m">Contact</h2>
<p class="govuk-body">Questions about this plan can be sent to our Public Protection Unit through the
<a class="govuk-link" href="/contact-us">contact form</a>.</p>
"""


def norfolk_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 8)
    return f"""
<p>Norfolk Constabulary and Suffolk Constabulary share a Joint Justice Command and a joint approach to public
protection. This is Norfolk's response to the stalking super-complaint; Suffolk has published its own.</p>
<p>The recommendations to chief constables and our actions are listed below. The plan was agreed by the Chief
Constable on 18 November 2024.</p>
{P.table(themes, rng, f, columns="owner_status")}
<p>If you are worried about stalking, read our <a href="/advice/advice-and-information/sh/stalking-harassment/">stalking
and harassment advice</a>.</p>
"""


def staffs_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 9)
    return f"""
<!-- wp:paragraph -->
<p>Staffordshire Police has published this action plan in response to the super-complaint regarding the police
response to stalking, made by the Suzy Lamplugh Trust and investigated by the IOPC, HMICFRS and the College of
Policing.</p>
<!-- /wp:paragraph -->
<!-- wp:paragraph -->
<p>It responds to the recommendations for chief constables. Each action has a named lead and a target date. Some
dates run beyond March 2025 because they depend on changes to shared IT systems.</p>
<!-- /wp:paragraph -->
<!-- wp:table {{"className":"is-style-stripes"}} -->
<figure class="wp-block-table is-style-stripes">{P.table(themes, rng, f, columns="owner_status", cls="has-fixed-layout")}</figure>
<!-- /wp:table -->
"""


def surrey_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 12)
    return f"""
<p>Surrey Police is committed to tackling stalking and supporting victims. Following the joint investigation into
the super-complaint made by the Suzy Lamplugh Trust, we have assessed ourselves against every recommendation made to
chief constables.</p>
<p>Surrey and Sussex Police work together on some specialist functions, but each force has its own plan. The
actions below are Surrey's.</p>
{P.table(themes, rng, f, columns="simple")}
"""


def city_of_london_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 9)
    return f"""
<p class="govuk-body">The City of London Police is the smallest territorial force in England and Wales, but stalking
still affects people who live in, work in and visit the Square Mile.</p>
<p class="govuk-body">Following the super-complaint made by the Suzy Lamplugh Trust, the IOPC, HMICFRS and the College
of Policing made recommendations to every chief constable. Our Commissioner has agreed the following plan.</p>
{P.table(themes, rng, f, columns="owner_status", cls="govuk-table")}
<p class="govuk-body">We will publish an update in spring 2025.</p>
"""


def northants_council_table(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 10)
    rows = []
    for i, t in enumerate(themes, 1):
        rows.append(
            f"<tr><td>{i}</td><td>{esc(rng.choice(t.recs))}</td><td>{esc(P.answer(t, rng, f)[0])}</td>"
            f"<td>by {esc(rng.choice(['March 2025', 'end of March 2025', 'June 2025', 'September 2025']))}</td></tr>"
        )
    return f"""
<p>Northamptonshire Police: response to the super-complaint on the police response to stalking.</p>
<p>This document sets out the actions Northamptonshire Police will take following the report published by HMICFRS,
the IOPC and the College of Policing. The super-complaint was submitted by the Suzy Lamplugh Trust.</p>
<table border="1" cellpadding="4" cellspacing="0" width="100%" summary="Stalking super-complaint action plan">
<tr bgcolor="#dfe7f2"><th>No</th><th>Recommendation</th><th>Action</th><th>Completion</th></tr>
{''.join(rows)}
</table>
<p>Please note: this plan is a living document and will be updated as actions are completed.</p>
"""


# --------------------------------------------------------------------------------------------
# Prose, headings and accordions
# --------------------------------------------------------------------------------------------

def cambs_prose(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 8)
    parts = []
    for i, t in enumerate(themes, 1):
        a = P.answer(t, rng, f, 2)
        parts.append(
            f"<h3>{i}. {esc(t.area)}</h3><p>{esc(rng.choice(t.recs))}</p>"
            f"<p>{i}.1 &ndash; Current position: {esc(a[0])}</p>"
            + (f"<p>{i}.2 &ndash; Further action: {esc(a[1])}</p>" if len(a) > 1 else "")
            + f"<p>Owner: {esc(rng.choice(t.owners))}</p>"
        )
    return f"""
<p>The following stalking action plan is our response to the super complaint submitted by the Suzy Lamplugh Trust
on behalf of the National Stalking Consortium on the police response to stalking.</p>
<p>Executive lead: Assistant Chief Constable<br>Operational lead: Detective Superintendent, Safeguarding</p>
{''.join(parts)}
"""


def north_yorks_accordion(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 10)
    return f"""
<p>In November 2022 the Suzy Lamplugh Trust submitted a super-complaint on behalf of the National Stalking
Consortium about the police response to stalking.</p>
<p>Following an investigation by the IOPC, HMICFRS and the College of Policing, a joint report was published. It
made 29 recommendations for organisations including the Home Office, the Ministry of Justice, police and crime
commissioners, the Crown Prosecution Service and chief constables.</p>
<p>The plan below lists the recommendations for chief constables. Select a recommendation to see the actions North
Yorkshire Police has identified.</p>
{P.accordion(themes, rng, f, style="aria")}
"""


def lancashire_tracker(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 15, must=("publish", "recording", "training"))
    rows = []
    for i, t in enumerate(themes, 1):
        rows.append(
            f'<div class="tracker__row" role="row"><div class="tracker__cell" role="cell">{i}</div>'
            f'<div class="tracker__cell" role="cell">{esc(rng.choice(t.recs))}</div>'
            f'<div class="tracker__cell" role="cell">{esc(" ".join(P.answer(t, rng, f, 2)))}</div>'
            f'<div class="tracker__cell" role="cell">{esc(rng.choice(P.STATUSES))}</div></div>'
        )
    return f"""
<p>This action tracker follows the super-complaint submitted by the Suzy Lamplugh Trust, on behalf of the National
Stalking Consortium, about the police response to stalking.</p>
<p>Forces were asked, by 22 November 2024, to publish on their website an action plan explaining what they will do
locally in response to each recommendation made to chief constables. Lancashire Constabulary's tracker is below.</p>
<div class="tracker" role="table" aria-label="Stalking action tracker">
<div class="tracker__row tracker__row--head" role="row"><div role="columnheader">#</div><div role="columnheader">Recommendation</div>
<div role="columnheader">Lancashire response</div><div role="columnheader">Status</div></div>
{''.join(rows)}
</div>
"""


def merseyside_prose(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 9)
    return f"""
<p>On 27 September 2024 the report into the super-complaint made by the Suzy Lamplugh Trust about the police response
to stalking was published.</p>
<p>It contains a recommendation for chief constables to publish, within 56 days, an action plan explaining what their
force will do about each recommendation made to them, and to send the NPCC a link to it.</p>
<p>The Merseyside Police response is below.</p>
{P.headed(themes, rng, f, level=3, rec_label="Recommendation", ans_label="Merseyside Police response")}
"""


def met_accordion(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 13)
    return f"""
<p class="lead">Stalking ruins lives. We know that too many victims in London have not had the service they deserve
from us, and we accept the findings of the super-complaint investigation.</p>
<p>The super-complaint was made by the Suzy Lamplugh Trust on behalf of the National Stalking Consortium. The
IOPC, HMICFRS and the College of Policing published their findings on 27 September 2024.</p>
<p>Below is the Met's action plan against each recommendation to chief constables. Our Stalking Threat Assessment
Centre, run with health partners, is central to several of the actions.</p>
{P.accordion(themes, rng, f, style="details")}
<h2>Tell us what you think</h2>
<p>We welcome feedback on this plan from victims, advocates and partners.</p>
"""


def gmp_update(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 11)
    items = []
    for t in themes:
        items.append(
            f"<h3>{esc(t.area)}</h3><p>{esc(P.answer(t, rng, f)[0])}</p>"
            f"<p><strong>Update &ndash; March 2025:</strong> {esc(rng.choice(t.updates))}</p>"
        )
    return f"""
<p><strong>Update &ndash; March 2025.</strong> This page has been updated with our six-month progress against the
stalking super-complaint action plan we published in November 2024.</p>
<p>The super-complaint, made by the Suzy Lamplugh Trust for the National Stalking Consortium, was investigated by the
IOPC, HMICFRS and the College of Policing. Greater Manchester Police accepted all of the recommendations to chief
constables.</p>
<h2>Progress by recommendation</h2>
{''.join(items)}
<p>Our next update is due in September 2025.</p>
"""


def west_yorks_headed(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 10)
    return f"""
<p>West Yorkshire Police has prepared this plan in response to the report <em>Police response to stalking</em>,
published by the IOPC, HMICFRS and the College of Policing after a super-complaint by the Suzy Lamplugh Trust.</p>
<p>We have grouped the recommendations to chief constables by theme. Under each you will find what the report asked
and what we are doing.</p>
{P.headed(themes, rng, f, level=2, rec_label="The recommendation", ans_label="What we are doing")}
"""


def avon_accordion(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 12)
    return f"""
<!-- wp:paragraph --><p>Avon and Somerset Police's response to the stalking super complaint.</p><!-- /wp:paragraph -->
<!-- wp:paragraph --><p>The super complaint was made by the Suzy Lamplugh Trust on behalf of the National Stalking
Consortium. We have worked with our Police and Crime Commissioner, local advocacy services and people with lived
experience of stalking to write this plan.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading">Recommendations to chief constables</h2><!-- /wp:heading -->
{P.accordion(themes, rng, f, style="details", with_update=True)}
"""


def durham_progress(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 8, must=("recording", "training", "spo"))
    themes = [t for t in themes if t.key != "victims"]
    paras = []
    for t in themes:
        paras.append(f"<h3>{esc(t.area)}</h3><p>{esc(P.answer(t, rng, f)[0])} {esc(rng.choice(t.updates))}</p>")
    return f"""
<p>In September 2024 HM Inspectorate of Constabulary and Fire &amp; Rescue Services, the Independent Office for Police
Conduct and the College of Policing published a joint report on how police forces respond to stalking. The report
followed a complaint made by the Suzy Lamplugh Trust and contains recommendations for every chief constable.</p>
<p>This page records the progress Durham Constabulary has made against those recommendations since we published our
plan in November 2024.</p>
{''.join(paras)}
<p>Durham Constabulary will continue to report progress through the Police, Crime and Victims' Commissioner's
scrutiny arrangements.</p>
"""


def cleveland_update(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 10)
    rows = []
    for i, t in enumerate(themes, 1):
        rows.append(
            f"<tr><td>{i}</td><td>{esc(t.area)}</td><td>{esc(P.answer(t, rng, f)[0])}</td>"
            f"<td>{esc(rng.choice(t.updates))}</td><td>{esc(rng.choice(['Complete', 'Ongoing', 'Complete', 'On track']))}</td></tr>"
        )
    return f"""
<p><strong>Update &ndash; September 2025.</strong> One year on from the publication of the joint report on the police
response to stalking, this page shows where Cleveland Police has got to with each action in our super-complaint
action plan.</p>
<table class="table">
<caption>Stalking super-complaint action plan: progress at September 2025</caption>
<thead><tr><th>Rec</th><th>Theme</th><th>Action agreed (November 2024)</th><th>Progress</th><th>Status</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<p>Our original plan, published in November 2024, is available on request.</p>
"""


def glos_short(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 7)
    return f"""
<!-- wp:paragraph --><p>We have accepted all of the recommendations made to chief constables following the Suzy Lamplugh
Trust's super-complaint about the police response to stalking.</p><!-- /wp:paragraph -->
<!-- wp:paragraph --><p>In summary, Gloucestershire Constabulary will:</p><!-- /wp:paragraph -->
<!-- wp:list -->{P.bullets(themes, rng, f)}<!-- /wp:list -->
<!-- wp:paragraph --><p>Each action has a senior owner and we will report progress to the Police and Crime
Commissioner's Accountability Board every quarter. This statement was agreed by the Chief Constable on
14 November 2024.</p><!-- /wp:paragraph -->
"""


def humberside_slt_once(rng: random.Random, f: Force) -> str:
    themes = [t for t in P.pick_themes(rng, 9) if t.key != "victims"]
    return f"""
<p>This is Humberside Police's response to the report <em>The police response to stalking</em> by HMICFRS, the IOPC
and the College of Policing, which followed a super-complaint by the Suzy Lamplugh Trust.</p>
<p>We have taken each recommendation addressed to chief constables and recorded what we already do, the gaps we found
and the action we are taking.</p>
{P.headed(themes, rng, f, level=3, rec_label="Recommendation", ans_label="Action")}
"""


def south_yorks_accordion(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 11)
    return f"""
<p>South Yorkshire Police welcomes the report on the police response to stalking and the super-complaint that led to
it. We have used the report to check our own practice.</p>
<p>The actions below respond to each recommendation for chief constables. They are overseen by our Public
Protection Board.</p>
{P.accordion(themes, rng, f, style="aria", with_update=True)}
"""


def warwickshire_no_term(rng: random.Random, f: Force) -> str:
    themes = [t for t in P.pick_themes(rng, 9) if t.key != "victims"]
    return f"""
<p>In September 2024 the Independent Office for Police Conduct, HM Inspectorate of Constabulary and Fire &amp; Rescue
Services and the College of Policing jointly published <em>Police response to stalking</em>. The report asked chief
constables to take a series of actions, and to publish what they will do.</p>
<p>This page is Warwickshire Police's response. It covers each of the recommendations addressed to chief constables.
Some actions are shared with West Mercia Police where we used to have joint arrangements.</p>
{P.table(themes, rng, f, columns="simple")}
<p>We will publish a progress update in spring 2025.</p>
"""


def west_mercia_news(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 7)
    return f"""
<p class="article-date">Posted on 21 November 2024</p>
<p>West Mercia Police has today published its action plan responding to the super-complaint about the police response
to stalking.</p>
<p>Detective Chief Superintendent Rachel Morgan, head of public protection, said: &ldquo;We know that stalking is
frightening and can escalate. The report was a chance to look hard at what we do, and this plan is our commitment to
victims.&rdquo;</p>
<h2>What we will do</h2>
<p>Against the recommendations made to chief constables by the IOPC, HMICFRS and the College of Policing, we have
committed to the following actions:</p>
{P.headed(themes, rng, f, level=3, rec_label="Recommendation", ans_label="Our action")}
<p>The super-complaint was made by the Suzy Lamplugh Trust on behalf of the National Stalking Consortium.</p>
"""


def wiltshire_mixed(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 8)
    return f"""
<!-- wp:paragraph --><p>Stalking is a pattern of fixated, obsessive, unwanted and repeated behaviour. It is a crime and we
take every report seriously. If you are in immediate danger call 999.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading">Getting support</h2><!-- /wp:heading -->
<!-- wp:paragraph --><p>The National Stalking Helpline (0808 802 0300) gives free, confidential advice. You do not have to
report to the police to use it.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading" id="super-complaint">Our response to the stalking super-complaint</h2><!-- /wp:heading -->
<!-- wp:paragraph --><p>In 2024 a joint investigation by the IOPC, HMICFRS and the College of Policing into a super-complaint
by the Suzy Lamplugh Trust made recommendations to every chief constable. Wiltshire Police's action plan is below.</p><!-- /wp:paragraph -->
{P.table(themes, rng, f, columns="owner_status", cls="wp-table")}
"""


def cheshire_transcribed(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 8)
    chunks = []
    for i, t in enumerate(themes, 1):
        rec = rng.choice(t.recs)
        ans = P.answer(t, rng, f)[0]
        chunks.append(
            f"<p><strong>{i}</strong><br>{esc(rec[:70])}<br>{esc(rec[70:])}</p>"
            f"<p>{esc(ans)}</p><p>{esc(rng.choice(t.owners))}<br>{esc(rng.choice(t.due))}</p>"
        )
    return f"""
<p><strong>OFFICIAL</strong></p>
<p><strong>Cheshire Constabulary &ndash; Super-Complaint Action Plan &ndash; Police Response to Stalking</strong></p>
<p>Recommendations for Chief Constables<br>(IOPC / HMICFRS / College of Policing, September 2024)</p>
<p>Rec&nbsp;&nbsp; Recommendation&nbsp;&nbsp; Cheshire position&nbsp;&nbsp; Owner&nbsp;&nbsp; Date</p>
{''.join(chunks)}
<p>Submitted following the Suzy Lamplugh Trust super-complaint.</p>
"""


def suffolk_joint(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 9)
    return f"""
<p>Suffolk Constabulary's response to the police super-complaint on stalking, submitted by the Suzy Lamplugh Trust
for the National Stalking Consortium.</p>
<p>Many of our public protection teams are shared with Norfolk Constabulary. Where an action is joint, this is shown
in the text; Suffolk-only actions are marked as such.</p>
{P.headed(themes, rng, f, level=2, rec_label="Recommendation to chief constables", ans_label="Suffolk action")}
"""


def northumbria_sixmonth(rng: random.Random, f: Force) -> str:
    themes = P.pick_themes(rng, 12)
    return f"""
<h2>Six-month update (March 2025)</h2>
<p>In November 2024 Northumbria Police published its action plan in response to the stalking super-complaint. This
update shows our progress against the plan at the six-month point, as reported to the NPCC.</p>
{P.table(themes, rng, f, columns="update")}
<h2>About the super-complaint</h2>
<p>The Suzy Lamplugh Trust made the super-complaint on behalf of the National Stalking Consortium. It was
investigated by the IOPC, HMICFRS and the College of Policing.</p>
"""


# --------------------------------------------------------------------------------------------
# Landing pages whose substance is a linked document
# --------------------------------------------------------------------------------------------

def landing(text_before: str, link_text: str, href: str, text_after: str = "") -> str:
    return (f"{text_before}\n<p class=\"download\"><a class=\"download__link\" href=\"{esc(href)}\">{esc(link_text)}</a></p>\n"
            f"{text_after}")


def plan_doc(title: str, intro: str, n: int, must: tuple[str, ...] = ("recording", "training"), update=False):
    def build(rng: random.Random, f: Force) -> str:
        return P.pdf_text(P.pick_themes(rng, n, must=must), rng, f, title=title, intro=intro, update=update)
    return build


def welsh_doc(rng: random.Random, f: Force) -> str:
    lines = ["SWYDDOGOL / OFFICIAL", "",
             "Heddlu Dyfed-Powys \u2013 Cynllun Gweithredu: Uwch-gŵyn Stelcio",
             "Dyfed-Powys Police \u2013 Stalking Super-Complaint Action Plan", "",
             "Mae'r cynllun hwn yn ymateb i'r argymhellion i brif gwnstabliaid yn yr adroddiad ar y cyd gan yr IOPC,",
             "HMICFRS a'r Coleg Plismona yn dilyn yr uwch-gŵyn gan Ymddiriedolaeth Suzy Lamplugh.",
             "This plan responds to the recommendations to chief constables in the joint IOPC, HMICFRS and",
             "College of Policing report following the super-complaint by the Suzy Lamplugh Trust.", ""]
    for i, key in enumerate(["recording", "training", "identify", "spo", "victims", "risk"], 1):
        w = WELSH[key]
        t = P.THEME_BY_KEY[key]
        lines += [f"{i}", w["rec"], rng.choice(t.recs), w["ans"], P.answer(t, rng, f)[0],
                  rng.choice(["Wedi'i gwblhau / Complete", "Ar waith / In progress", "Parhaus / Ongoing"]), ""]
    lines += ["", "Tudalen 1 o 1 / Page 1 of 1"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Welsh
# --------------------------------------------------------------------------------------------

WELSH = {
    "recording": {
        "area": "Systemau cofnodi troseddau",
        "rec": "Erbyn 27 Mawrth 2025, lle bo angen, gofyn am newidiadau i systemau cofnodi troseddau fel y gall swyddogion "
               "a staff gofnodi a chwilio am droseddau stelcio nad ydynt yn brif drosedd ar gofnod.",
        "ans": "Mae ein system gofnodi yn caniatáu ychwanegu troseddau eilaidd. Rydym wedi gofyn i'r cyflenwr wneud newid "
               "fel bod modd chwilio amdanynt, ac yn y cyfamser mae pob achos yn cael ei farcio â baner stelcio.",
    },
    "training": {
        "area": "Dysgu a hyfforddiant",
        "rec": "Erbyn 27 Mawrth 2025, adolygu a diweddaru'r dysgu a'r hyfforddiant ar stelcio, gan gynnwys i'r rhai sy'n "
               "ymdrin â'r cyswllt cyntaf.",
        "ans": "Mae pob recriwt newydd yn cael sesiwn ar stelcio, ac rydym yn cyflwyno pecyn e-ddysgu gorfodol i swyddogion "
               "ymateb a thrinwyr galwadau.",
    },
    "identify": {
        "area": "Adnabod stelcio yn y cyswllt cyntaf",
        "rec": "Sicrhau bod stelcio yn cael ei adnabod yn y cyswllt cyntaf, gan ddefnyddio cwestiynau sgrinio, ac nad yw'n "
               "cael ei gofnodi'n anghywir fel aflonyddu.",
        "ans": "Mae cwestiynau sgrinio stelcio bellach yn rhan o asesiad risg ein hystafell reoli, ac mae goruchwylwyr yn "
               "gwirio sampl o alwadau bob wythnos.",
    },
    "spo": {
        "area": "Gorchmynion Amddiffyn rhag Stelcio",
        "rec": "Sicrhau bod Gorchmynion Amddiffyn rhag Stelcio, gan gynnwys gorchmynion interim, yn cael eu hystyried ym "
               "mhob achos addas, a bod achosion o dorri gorchymyn yn cael eu monitro.",
        "ans": "Mae gan bob ymchwiliad stelcio anogwr i ystyried Gorchymyn Amddiffyn rhag Stelcio, ac mae'n rhaid i "
               "oruchwyliwr gofnodi'r penderfyniad a'r rheswm drosto.",
    },
    "victims": {
        "area": "Cymorth i ddioddefwyr",
        "rec": "Sicrhau bod dioddefwyr stelcio yn cael eu cyfeirio at wasanaethau cymorth stelcio arbenigol a'u diweddaru "
               "yn unol â'r Cod Dioddefwyr.",
        "ans": "Cynigir atgyfeiriad i bob dioddefwr at y gwasanaeth eiriolaeth stelcio a gomisiynwyd gan y Comisiynydd "
               "Heddlu a Throseddu.",
    },
    "risk": {
        "area": "Asesu risg",
        "rec": "Sicrhau bod asesiad risg sy'n benodol i stelcio yn cael ei gwblhau i bob dioddefwr a'i adolygu wrth i'r "
               "ymchwiliad fynd rhagddo.",
        "ans": "Caiff achosion stelcio risg uchel eu hadolygu bob dydd yn ein cyfarfod diogelu, ac achosion risg canolig o "
               "fewn 72 awr.",
    },
    "cyber": {
        "area": "Stelcio seiber a thystiolaeth ddigidol",
        "rec": "Sicrhau bod ymchwilwyr yn gallu casglu tystiolaeth ddigidol mewn achosion o stelcio seiber.",
        "ans": "Mae ein huned fforensig ddigidol wedi llunio canllaw cyflym ar gasglu tystiolaeth o gyfryngau "
               "cymdeithasol ac apiau negeseua.",
    },
    "multiagency": {
        "area": "Gweithio gyda phartneriaid",
        "rec": "Gweithio gyda phartneriaid i sefydlu trefniadau amlasiantaethol ar gyfer stelcio, megis clinigau stelcio.",
        "ans": "Mae clinig stelcio misol yn dod â'r heddlu, y gwasanaeth prawf, gwasanaethau iechyd meddwl a'r gwasanaeth "
               "eiriolaeth ynghyd i gytuno cynlluniau ar gyfer yr achosion risg uchaf.",
    },
}

W_STATUS = ["Wedi'i gwblhau / Complete", "Ar waith / In progress", "Parhaus / Ongoing"]
W_OWNER = ["Pennaeth Diogelu'r Cyhoedd / Head of Public Protection",
           "Pennaeth Dysgu a Datblygu / Head of Learning and Development",
           "Cofrestrydd Troseddau'r Heddlu / Force Crime Registrar"]


def dyfed_powys_table(rng: random.Random, f: Force) -> str:
    keys = ["recording", "training", "identify", "risk", "spo", "victims", "cyber"]
    rows = []
    for i, k in enumerate(keys, 1):
        t, w = P.THEME_BY_KEY[k], WELSH[k]
        rows.append(
            f"<tr><td>{i}</td><td lang=\"cy\">{esc(w['rec'])}</td><td>{esc(rng.choice(t.recs))}</td>"
            f"<td><span lang=\"cy\">{esc(w['ans'])}</span><br>{esc(P.answer(t, rng, f)[0])}</td>"
            f"<td>{esc(rng.choice(W_OWNER))}</td><td>{esc(rng.choice(W_STATUS))}</td>"
            f"<td>{esc(rng.choice(['Mawrth 2025 / March 2025', 'Medi 2025 / September 2025']))}</td></tr>"
        )
    return f"""
<p lang="cy">Ym mis Tachwedd 2022, cyflwynodd Ymddiriedolaeth Suzy Lamplugh uwch-gŵyn ar ran y Consortiwm Stelcio
Cenedlaethol am ymateb yr heddlu i stelcio. Ym mis Medi 2024, cyhoeddodd Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC),
Arolygiaeth Heddluoedd a Gwasanaethau Tân ac Achub EF (HMICFRS) a'r Coleg Plismona adroddiad ar y cyd gydag argymhellion
i brif gwnstabliaid. Mae'r cynllun gweithredu hwn yn nodi sut y bydd Heddlu Dyfed-Powys yn ymateb i bob argymhelliad.</p>
<p>In November 2022 the Suzy Lamplugh Trust made a super-complaint on behalf of the National Stalking Consortium about
the police response to stalking. In September 2024 the IOPC, HMICFRS and the College of Policing published a joint
report with recommendations to chief constables. This action plan sets out how Dyfed-Powys Police will respond to each
recommendation.</p>
<table class="table table--bilingual">
<thead><tr><th>#</th><th lang="cy">Argymhelliad</th><th>Recommendation</th><th>Ein hymateb / Our response</th>
<th>Perchennog / Owner</th><th>Statws / Status</th><th>Dyddiad targed / Target date</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
"""


def gwent_prose(rng: random.Random, f: Force) -> str:
    keys = ["identify", "training", "recording", "spo", "multiagency", "victims"]
    out = []
    for k in keys:
        t, w = P.THEME_BY_KEY[k], WELSH[k]
        out.append(
            f"<h2><span lang=\"cy\">{esc(w['area'])}</span> / {esc(t.area)}</h2>"
            f"<p lang=\"cy\">{esc(w['ans'])}</p><p>{esc(P.answer(t, rng, f)[0])}</p>"
        )
    return f"""
<p lang="cy"><strong>Ymateb Heddlu Gwent i'r uwch gŵyn am ymateb yr heddlu i stelcio.</strong> Gwnaed yr uwch gŵyn gan
Ymddiriedolaeth Suzy Lamplugh. Rydym yn derbyn pob un o'r argymhellion i brif gwnstabliaid ac mae ein cynllun
gweithredu wedi'i nodi isod.</p>
<p><strong>Gwent Police's response to the super-complaint about the police response to stalking.</strong> The
super-complaint was made by the Suzy Lamplugh Trust. We accept every recommendation to chief constables and our action
plan is set out below.</p>
{''.join(out)}
<p lang="cy">Byddwn yn diweddaru'r dudalen hon bob chwe mis. / We will update this page every six months.</p>
"""


def north_wales_accordion(rng: random.Random, f: Force) -> str:
    keys = ["recording", "training", "risk", "spo", "cyber", "multiagency", "victims"]
    out = []
    for i, k in enumerate(keys, 1):
        t, w = P.THEME_BY_KEY[k], WELSH[k]
        out.append(
            f'<details class="accordion__item"><summary>Argymhelliad {i} / Recommendation {i}: '
            f'{esc(w["area"])} / {esc(t.area)}</summary>'
            f'<p lang="cy"><em>{esc(w["rec"])}</em></p><p><em>{esc(rng.choice(t.recs))}</em></p>'
            f'<p lang="cy">{esc(w["ans"])}</p><p>{esc(P.answer(t, rng, f)[0])}</p>'
            f'<p>Statws / Status: {esc(rng.choice(W_STATUS))}</p></details>'
        )
    return f"""
<p lang="cy">Cynllun gweithredu Heddlu Gogledd Cymru mewn ymateb i'r uwch-gŵyn ar stelcio a wnaed gan Ymddiriedolaeth
Suzy Lamplugh ar ran y Consortiwm Stelcio Cenedlaethol.</p>
<p>North Wales Police's action plan in response to the stalking super-complaint made by the Suzy Lamplugh Trust on
behalf of the National Stalking Consortium.</p>
<div class="accordion">{''.join(out)}</div>
"""


def south_wales_cy_only(rng: random.Random, f: Force) -> str:
    keys = ["recording", "training", "identify", "risk", "spo", "cyber", "multiagency", "victims"]
    out = []
    for i, k in enumerate(keys, 1):
        w = WELSH[k]
        out.append(
            f"<tr><td>{i}</td><td>{esc(w['rec'])}</td><td>{esc(w['ans'])}</td>"
            f"<td>{esc(rng.choice(['Wedi cwblhau', 'Ar waith', 'Parhaus']))}</td></tr>"
        )
    return f"""
<p>Ym mis Medi 2024, cyhoeddodd yr IOPC, HMICFRS a'r Coleg Plismona adroddiad ar ymateb yr heddlu i stelcio, yn dilyn
uwch-gŵyn gan Ymddiriedolaeth Suzy Lamplugh ar ran y Consortiwm Stelcio Cenedlaethol.</p>
<p>Gofynnodd yr adroddiad i bob prif gwnstabl gyhoeddi cynllun gweithredu o fewn 56 diwrnod. Dyma gynllun Heddlu De
Cymru. Mae'r tabl yn dangos pob argymhelliad, ein hymateb a'r statws presennol.</p>
<table class="table">
<thead><tr><th>Rhif</th><th>Argymhelliad i brif gwnstabliaid</th><th>Ymateb Heddlu De Cymru</th><th>Statws</th></tr></thead>
<tbody>{''.join(out)}</tbody></table>
<p>Mae fersiwn Saesneg o'r dudalen hon ar gael.</p>
"""


# --------------------------------------------------------------------------------------------
# The page list
# --------------------------------------------------------------------------------------------

def pages(F: dict[str, Force]) -> list[Page]:
    pg: list[Page] = []
    add = pg.append

    f = F["kent"]
    add(Page("positive/kent-action-plan-table.html", "published", "kent", "table",
             "SOH layout; classic recommendation table with owner/status/target date columns.",
             soh_url(f, "stalking-super-complaint-our-response"), "Stalking super-complaint: our response",
             kent_table, "soh", "Stalking super-complaint: our response", ABOUT, updated="20 November 2024"))
    f = F["essex"]
    add(Page("positive/essex-action-plan-15-recs.html", "published", "essex", "table",
             "All 15 chief-constable recommendations in one long table, numbered R1..R15.",
             soh_url(f, "police-response-to-stalking-super-complaint-action-plan"),
             "Police response to stalking \u2013 super-complaint action plan", essex_table, "soh",
             "Police response to stalking \u2013 super-complaint action plan", SC_CRUMBS))
    f = F["hertfordshire"]
    add(Page("positive/herts-rag-table.html", "published", "hertfordshire", "table",
             "RAG-rated table (Ref/Area/Recommendation/Action/Lead/Due/RAG); collaboration with Beds/Cambs mentioned.",
             f"{f.base}/police-forces/{f.slug}/areas/about-us/suzy-lamplugh-trust-stalking-super-complaint/"
             "suzy-lamplugh-trust-stalking-super-complaint-our-action-plan/",
             "Suzy Lamplugh Trust stalking super-complaint: our action plan", herts_table, "soh",
             "Suzy Lamplugh Trust stalking super-complaint: our action plan", ABOUT))
    f = F["hampshire"]
    add(Page("positive/hampshire-update-column.html", "published", "hampshire", "update",
             "Table with an 'Update \u2013 March 2025' column next to the initial response; very short intro.",
             soh_url(f, "stalking-action-plan", "other"), "Stalking action plan", hampshire_update_table, "soh",
             "Stalking action plan", [("Other", "/other/")], updated="28 March 2025"))
    f = F["thames-valley"]
    add(Page("positive/thames-valley-supercomplaint-spelling.html", "published", "thames-valley", "table",
             "Spells it 'supercomplaint' (one word) throughout; numbering 1.0, 2.0 ...",
             soh_url(f, "stalking-supercomplaint-response"), "Stalking supercomplaint response",
             thames_valley_table, "soh", "Stalking supercomplaint: our response", SC_CRUMBS))
    f = F["west-midlands"]
    add(Page("positive/west-midlands-drupal-table.html", "published", "west-midlands", "table",
             "Drupal template; callout intro, background paragraph describing the report's findings, then table.",
             f"{f.base}/about-us/our-response-to-the-stalking-super-complaint",
             "Our response to the stalking super-complaint", west_midlands_table, "drupal",
             "Our response to the stalking super-complaint", ABOUT))
    f = F["derbyshire"]
    add(Page("positive/derbyshire-rag-tracker.html", "published", "derbyshire", "table",
             "Drupal; RAG tracker with R-numbers, 'last refreshed September 2025'.",
             f"{f.base}/about-us/transparency/stalking-super-complaint-tracker",
             "Stalking super-complaint tracker", derbyshire_rag, "drupal", "Stalking super-complaint tracker",
             [("About us", "/about-us"), ("Transparency", "/about-us/transparency")]))
    f = F["lincolnshire"]
    add(Page("positive/lincs-govuk-table.html", "published", "lincolnshire", "table",
             "GOV.UK Frontend template with govuk-table; title without the word 'plan'.",
             f"{f.base}/about-us/stalking-super-complaint", "Stalking super-complaint: our response",
             lincs_govuk_table, "govuk", "Stalking super-complaint: our response", ABOUT))
    f = F["norfolk"]
    add(Page("positive/norfolk-table-joint-command.html", "published", "norfolk", "table",
             "Mentions Suffolk (joint command) but is Norfolk's own plan.",
             soh_url(f, "stalking-super-complaint-action-plan"), "Stalking super-complaint action plan",
             norfolk_table, "soh", "Stalking super-complaint action plan", SC_CRUMBS))
    f = F["staffordshire"]
    add(Page("positive/staffordshire-wp-table.html", "published", "staffordshire", "table",
             "WordPress block markup (wp:table comments, figure.wp-block-table).",
             f"{f.base}/about/super-complaint-police-response-to-stalking/",
             "Super-complaint: police response to stalking", staffs_table, "wordpress",
             "Super-complaint: police response to stalking", [("About", "/about/")]))
    f = F["surrey"]
    add(Page("positive/surrey-two-column-table.html", "published", "surrey", "table",
             "Two-column table (Recommendation | What we are doing); no owner/date columns.",
             soh_url(f, "stalking-super-complaint"), "Stalking super-complaint", surrey_table, "soh",
             "Stalking super-complaint", ABOUT))
    f = F["city-of-london"]
    add(Page("positive/city-of-london-govuk.html", "published", "city-of-london", "table",
             "GOV.UK-like template; smallest force; 'Commissioner' instead of 'Chief Constable'.",
             f"{f.base}/about-us/police-response-to-stalking-action-plan",
             "Police response to stalking: action plan", city_of_london_table, "govuk",
             "Police response to stalking: action plan", ABOUT))
    f = F["northamptonshire"]
    add(Page("positive/northants-council-table.html", "published", "northamptonshire", "table",
             "Old-style council CMS with a bordered layout table and 'by March 2025' completion dates.",
             f"{f.base}/about-us/stalking-super-complaint-response.aspx",
             "Stalking super-complaint response", northants_council_table, "council",
             "Response to the stalking super-complaint", [("About us", "/about")]))

    f = F["cambridgeshire"]
    add(Page("positive/cambs-prose-numbered.html", "published", "cambridgeshire", "prose",
             "Numbered headings with 1.1/1.2 sub-points; spells it 'super complaint' (two words).",
             soh_url(f, "stalking-action-plan"), "Stalking action plan", cambs_prose, "soh",
             "Stalking action plan", ABOUT))
    f = F["north-yorkshire"]
    add(Page("positive/north-yorks-accordion-hidden.html", "published", "north-yorkshire", "accordion",
             "ARIA accordion: every panel has the hidden attribute, so the plan text is not 'visible' without JS.",
             soh_url(f, "suzy-lamplugh-trust-stalking-super-complaint-our-action-plan"),
             "Suzy Lamplugh Trust stalking super-complaint - our action plan", north_yorks_accordion, "soh",
             "Suzy Lamplugh Trust stalking super-complaint - our action plan", ABOUT))
    f = F["lancashire"]
    add(Page("positive/lancashire-div-tracker.html", "published", "lancashire", "table",
             "A 'table' built from divs with ARIA roles, not <table>; Drupal template.",
             f"{f.base}/about-us/our-commitment/police-response-to-stalking-our-action-plan",
             "Police response to stalking - our action plan", lancashire_tracker, "drupal",
             "Police response to stalking \u2013 our action plan",
             [("About us", "/about-us"), ("Our commitment", "/about-us/our-commitment")]))
    f = F["merseyside"]
    add(Page("positive/merseyside-under-foi-path.html", "published", "merseyside", "prose",
             "Lives under an /foi-ai/ path (URL looks like an FOI page) with a misspelt slug; headed prose.",
             f"{f.base}/foi-ai/merseyside-police/super-complaints2/suzy-lamplugh-trust-talking-super-complaint/",
             "Suzy Lamplugh Trust stalking super-complaint", merseyside_prose, "soh",
             "Suzy Lamplugh Trust stalking super-complaint", [("FOI", "/foi-ai/"), ("Super-complaints", "/foi-ai/sc/")]))
    f = F["metropolitan"]
    add(Page("positive/met-details-accordion.html", "published", "metropolitan", "accordion",
             "<details>/<summary> accordion; names a local unit; emotive lead paragraph.",
             f"{f.base}/police-forces/metropolitan-police/areas/about-us/about-the-met/stalking-super-complaint/",
             "Stalking super-complaint: the Met's action plan", met_accordion, "soh",
             "Stalking super-complaint: the Met's action plan", ABOUT))
    f = F["greater-manchester"]
    add(Page("positive/gmp-update-march-2025.html", "published", "greater-manchester", "update",
             "Six-month update page ('Update \u2013 March 2025'), heading per theme with update paragraph.",
             f"{f.base}/about-us/stalking-super-complaint-update-march-2025",
             "Stalking super-complaint: update \u2013 March 2025", gmp_update, "drupal",
             "Stalking super-complaint action plan: update \u2013 March 2025", ABOUT, updated="31 March 2025"))
    f = F["west-yorkshire"]
    add(Page("positive/west-yorks-themed-prose.html", "published", "west-yorkshire", "prose",
             "Drupal; themed h2 sections with 'The recommendation' / 'What we are doing'.",
             f"{f.base}/about-us/police-response-stalking", "Police response to stalking",
             west_yorks_headed, "drupal", "Police response to stalking: our plan", ABOUT))
    f = F["avon-and-somerset"]
    add(Page("positive/avon-somerset-wp-accordion.html", "published", "avon-and-somerset", "accordion",
             "WordPress; 'super complaint' spelling; details accordion with progress lines.",
             f"{f.base}/about/stalking-super-complaint/", "Stalking super complaint", avon_accordion, "wordpress",
             "Stalking super complaint: our response", [("About", "/about/")]))
    f = F["durham"]
    add(Page("positive/durham-our-progress.html", "published", "durham", "slt_once",
             "Title 'HMICFRS / IOPC / College of Policing report: our progress'; the body never says 'super-complaint' "
             "(only the site menu does); "
             "Suzy Lamplugh Trust mentioned once ('a complaint made by').",
             f"{f.base}/about-us/stalking-report-our-progress/",
             "HMICFRS / IOPC / College of Policing report: our progress", durham_progress, "wordpress",
             "HMICFRS / IOPC / College of Policing report: our progress", [("About us", "/about-us/")]))
    f = F["cleveland"]
    add(Page("positive/cleveland-update-sept-2025.html", "published", "cleveland", "update",
             "One-year update table (Update \u2013 September 2025) with a caption.",
             soh_url(f, "stalking-super-complaint-action-plan"), "Stalking super-complaint action plan",
             cleveland_update, "soh", "Stalking super-complaint action plan: September 2025 update", SC_CRUMBS,
             updated="26 September 2025"))
    f = F["gloucestershire"]
    add(Page("positive/glos-short-statement.html", "published", "gloucestershire", "prose",
             "Short statement with a bullet list of commitments per theme; no table, no per-recommendation numbers.",
             f"{f.base}/about/stalking-super-complaint-our-response/",
             "Stalking super-complaint: our response", glos_short, "wordpress",
             "Stalking super-complaint: our response", [("About", "/about/")]))
    f = F["humberside"]
    add(Page("positive/humberside-slt-once.html", "published", "humberside", "slt_once",
             "Mentions the Suzy Lamplugh Trust once, in the first paragraph only.",
             soh_url(f, "police-response-to-stalking-our-response"), "Police response to stalking: our response",
             humberside_slt_once, "soh", "Police response to stalking: our response", ABOUT))
    f = F["south-yorkshire"]
    add(Page("positive/south-yorks-accordion-progress.html", "published", "south-yorkshire", "accordion",
             "Hidden ARIA accordion panels with progress lines; intro never names the complainant organisation.",
             soh_url(f, "stalking-super-complaint-action-plan"), "Stalking super-complaint action plan",
             south_yorks_accordion, "soh", "Stalking super-complaint action plan", SC_CRUMBS))
    f = F["warwickshire"]
    add(Page("positive/warwickshire-no-super-complaint-word.html", "published", "warwickshire", "no_term",
             "Hard positive: the body never uses 'super-complaint' or the Trust's name; identifies the report by its "
             "publishers and title and answers each recommendation to chief constables.",
             f"{f.base}/about-us/police-response-to-stalking-report", "Police response to stalking: our response",
             warwickshire_no_term, "council", "Police response to stalking: our response", [("About us", "/about")]))
    f = F["west-mercia"]
    add(Page("positive/west-mercia-news-style.html", "published", "west-mercia", "news_style",
             "Hard positive: laid out as a news item announcing publication, but the plan itself is in the page.",
             f"{f.base}/news/west-mercia/news/2024/november/we-have-published-our-stalking-action-plan/",
             "We have published our stalking action plan", west_mercia_news, "council",
             "West Mercia Police publishes stalking super-complaint action plan",
             [("News", "/news"), ("2024", "/news/2024")]))
    f = F["wiltshire"]
    add(Page("positive/wiltshire-advice-plus-plan.html", "published", "wiltshire", "mixed",
             "Hard positive: starts as generic stalking advice; the super-complaint action plan is a section below.",
             f"{f.base}/advice/stalking/#super-complaint", "Stalking", wiltshire_mixed, "wordpress",
             "Stalking", [("Advice", "/advice/")]))
    f = F["cheshire"]
    add(Page("positive/cheshire-pdf-transcribed.html", "published", "cheshire", "prose",
             "HTML transcribed from a PDF: broken lines, nbsp column headers, 'OFFICIAL' marking.",
             f"{f.base}/about-us/super-complaint-action-plan-police-response-to-stalking",
             "Super-Complaint Action Plan \u2013 Police Response to Stalking", cheshire_transcribed, "drupal",
             None, ABOUT))
    f = F["suffolk"]
    add(Page("positive/suffolk-joint-prose.html", "published", "suffolk", "prose",
             "Names Norfolk repeatedly (shared teams) but is Suffolk's plan.",
             soh_url(f, "police-super-complaint-stalking"), "Police super-complaint: stalking", suffolk_joint,
             "soh", "Police super-complaint: stalking", SC_CRUMBS))
    f = F["northumbria"]
    add(Page("positive/northumbria-six-month.html", "published", "northumbria", "update",
             "Six-month update (March 2025) table; background paragraph at the bottom.",
             f"{f.base}/about-us/stalking-super-complaint/six-month-update",
             "Stalking super-complaint: six-month update", northumbria_sixmonth, "drupal",
             "Stalking super-complaint: six-month update", [("About us", "/about-us"),
                                                            ("Stalking super-complaint", "/about-us/stalking-super-complaint")]))

    # --- Welsh forces ---
    f = F["dyfed-powys"]
    add(Page("positive/dyfed-powys-bilingual-table.html", "published", "dyfed-powys", "welsh",
             "Bilingual Welsh/English table: 'uwch-gŵyn', 'stelcio', 'argymhellion', 'Ymddiriedolaeth Suzy Lamplugh'.",
             f"{f.base}/en/about-us/stalking-super-complaint-action-plan/",
             "Uwch-gŵyn stelcio: cynllun gweithredu / Stalking super-complaint: action plan", dyfed_powys_table,
             "drupal", "Uwch-gŵyn ar stelcio: ein cynllun gweithredu / Stalking super-complaint: our action plan",
             [("Amdanom ni / About us", "/en/about-us/")], lang="cy-en"))
    f = F["gwent"]
    add(Page("positive/gwent-bilingual-prose.html", "published", "gwent", "welsh",
             "Bilingual prose, Welsh first; spells it 'uwch gŵyn' (no hyphen).",
             soh_url(f, "stalking-super-complaint-response"),
             "Ymateb i'r uwch gŵyn stelcio / Stalking super-complaint response", gwent_prose, "soh",
             "Ymateb i'r uwch gŵyn stelcio / Stalking super-complaint response",
             [("Amdanom ni / About us", "/about-us/")], lang="cy-en"))
    f = F["north-wales"]
    add(Page("positive/north-wales-bilingual-accordion.html", "published", "north-wales", "welsh",
             "Bilingual details accordion; 'Argymhelliad n / Recommendation n'.",
             f"{f.base}/about-us/stalking-super-complaint-action-plan",
             "Cynllun gweithredu uwch-gŵyn stelcio / Stalking super-complaint action plan",
             north_wales_accordion, "govuk",
             "Cynllun gweithredu: uwch-gŵyn stelcio / Action plan: stalking super-complaint",
             [("Amdanom ni / About us", "/about-us")], lang="cy-en"))
    f = F["south-wales"]
    add(Page("positive/south-wales-welsh-only.html", "published", "south-wales", "welsh",
             "Hard positive: Welsh-only version (/cy/) with no English body text at all.",
             f"{f.base}/cy/amdanom-ni/uwch-gwyn-stelcio-cynllun-gweithredu/",
             "Uwch-gŵyn stelcio: cynllun gweithredu", south_wales_cy_only, "soh",
             "Uwch-gŵyn stelcio: ein cynllun gweithredu", [("Amdanom ni", "/cy/amdanom-ni/")], lang="cy"))

    # --- landing pages with plan documents ---
    f = F["devon-and-cornwall"]
    add(Page("positive/devon-cornwall-landing-pdf.html", "published", "devon-and-cornwall", "landing_pdf",
             "Landing page: two sentences and a PDF link; the substance is in the document.",
             f"{f.base}/about-us/publications/stalking-super-complaint/", "Stalking super-complaint",
             lambda rng, f: landing(
                 "<p>Devon and Cornwall Police has published its action plan in response to the super-complaint "
                 "about the police response to stalking.</p>",
                 "Download our stalking super-complaint action plan (PDF, 312KB)",
                 "/media/2417/stalking-super-complaint-action-plan-nov-2024.pdf",
                 "<p>If you need this document in another format, please contact us.</p>"),
             "council", "Stalking super-complaint", [("About us", "/about"), ("Publications", "/about/publications")],
             documents={"positive/devon-cornwall-landing-pdf.plan.txt": plan_doc(
                 "Devon and Cornwall Police \u2013 Stalking Super-Complaint Action Plan (November 2024)",
                 "This plan sets out the response of Devon and Cornwall Police to the recommendations made to chief "
                 "constables in the report on the super-complaint submitted by the Suzy Lamplugh Trust on behalf of "
                 "the National Stalking Consortium.", 12)}))
    f = F["dorset"]
    add(Page("positive/dorset-landing-pdf.html", "published", "dorset", "landing_pdf",
             "Landing page whose link text is the only mention of 'action plan'; PDF has the plan.",
             f"{f.base}/about-us/stalking-response/", "Police response to stalking",
             lambda rng, f: landing(
                 "<p>Following the joint IOPC, HMICFRS and College of Policing investigation into the super-complaint "
                 "made by the Suzy Lamplugh Trust, we have reviewed how Dorset Police responds to stalking.</p>",
                 "Dorset Police stalking super-complaint action plan (PDF, 245KB)",
                 "/media/5561/dorset-stalking-action-plan.pdf"),
             "council", "Police response to stalking", [("About us", "/about")],
             documents={"positive/dorset-landing-pdf.plan.txt": plan_doc(
                 "DORSET POLICE\nSuper-complaint: police response to stalking\nAction plan",
                 "Response to the recommendations for chief constables, IOPC/HMICFRS/College of Policing report of "
                 "27 September 2024.", 10)}))
    f = F["cumbria"]
    add(Page("positive/cumbria-landing-docx.html", "published", "cumbria", "landing_pdf",
             "Landing page linking a Word document (DOCX) rather than a PDF.",
             soh_url(f, "stalking-super-complaint"), "Stalking super-complaint",
             lambda rng, f: landing(
                 "<p>Cumbria Constabulary's response to the recommendations made to chief constables following the "
                 "stalking super-complaint is available to download.</p>",
                 "Stalking super-complaint: Cumbria Constabulary action plan (Word document, 86KB)",
                 "/SysSiteAssets/media/downloads/cumbria/about-us/stalking-super-complaint-action-plan.docx",
                 "<p>An accessible version is available on request.</p>"),
             "soh", "Stalking super-complaint", ABOUT,
             documents={"positive/cumbria-landing-docx.plan.txt": plan_doc(
                 "Cumbria Constabulary\nResponse to the Police Super-Complaint on Stalking",
                 "The Suzy Lamplugh Trust submitted a super-complaint about the police response to stalking. This "
                 "document is Cumbria Constabulary's action plan against each recommendation to chief constables.", 9)}))
    f = F["leicestershire"]
    add(Page("positive/leics-landing-summary.html", "published", "leicestershire", "landing_pdf",
             "Landing page with a short summary of themes plus the full plan as a PDF.",
             soh_url(f, "stalking-super-complaint-action-plan"), "Stalking super-complaint action plan",
             lambda rng, f: landing(
                 "<p>In September 2024 a report into the police response to stalking made recommendations to every "
                 "chief constable. Our plan covers training, crime recording, risk assessment, Stalking Protection "
                 "Orders and support for victims.</p>",
                 "Leicestershire Police stalking super-complaint action plan (PDF, 198KB)",
                 "/SysSiteAssets/media/downloads/leicestershire/about-us/stalking-action-plan.pdf"),
             "soh", "Stalking super-complaint action plan", ABOUT,
             documents={"positive/leics-landing-summary.plan.txt": plan_doc(
                 "Leicestershire Police: Super-complaint \u2013 Police response to stalking. Action plan.",
                 "This action plan responds to each recommendation made to chief constables.", 11)}))
    f = F["sussex"]
    add(Page("positive/sussex-landing-minimal.html", "published", "sussex", "landing_pdf",
             "Hard positive: page text is a heading and one link only; all evidence is in the document.",
             soh_url(f, "stalking-action-plan"), "Stalking action plan",
             lambda rng, f: landing("", "Stalking action plan (PDF, 401KB)",
                                    "/SysSiteAssets/media/downloads/sussex/about-us/stalking-action-plan-v2.pdf"),
             "soh", "Stalking action plan", ABOUT,
             documents={"positive/sussex-landing-minimal.plan.txt": plan_doc(
                 "Sussex Police \u2013 Stalking Super Complaint \u2013 Action Plan",
                 "Recommendations for chief constables arising from the IOPC, HMICFRS and College of Policing "
                 "investigation into the super-complaint made by Suzy Lamplugh Trust.", 13)}))
    f = F["bedfordshire"]
    add(Page("positive/beds-landing-two-docs.html", "published", "bedfordshire", "landing_pdf",
             "Landing page with two documents: the November 2024 plan and the March 2025 update.",
             soh_url(f, "stalking-super-complaint"), "Stalking super-complaint",
             lambda rng, f: (
                 "<p>Bedfordshire Police's response to the super-complaint on the police response to stalking is "
                 "published below. We have added our six-month update.</p><ul class=\"downloads\">"
                 "<li><a href=\"/SysSiteAssets/media/downloads/bedfordshire/stalking-action-plan-nov-2024.pdf\">"
                 "Stalking super-complaint action plan, November 2024 (PDF, 220KB)</a></li>"
                 "<li><a href=\"/SysSiteAssets/media/downloads/bedfordshire/stalking-action-plan-update-mar-2025.pdf\">"
                 "Update \u2013 March 2025 (PDF, 240KB)</a></li></ul>"),
             "soh", "Stalking super-complaint", ABOUT,
             documents={
                 "positive/beds-landing-two-docs.plan.txt": plan_doc(
                     "Bedfordshire Police \u2013 Stalking Super-Complaint Action Plan \u2013 November 2024",
                     "Our response to the recommendations to chief constables following the super-complaint by the "
                     "Suzy Lamplugh Trust.", 10),
                 "positive/beds-landing-two-docs.update.txt": plan_doc(
                     "Bedfordshire Police \u2013 Stalking Super-Complaint Action Plan \u2013 Update March 2025",
                     "Six-month progress update provided to the NPCC.", 10, update=True),
             }))
    f = F["nottinghamshire"]
    add(Page("positive/notts-summary-and-doc.html", "published", "nottinghamshire", "landing_pdf",
             "GOV.UK-like page with both an inline summary list and the full plan document.",
             f"{f.base}/about-us/stalking-super-complaint", "Stalking super-complaint: our action plan",
             lambda rng, f: (
                 "<p class=\"govuk-body\">Nottinghamshire Police accepts all of the recommendations to chief "
                 "constables in the super-complaint report on stalking. In summary we will:</p>"
                 + P.bullets(P.pick_themes(rng, 6), rng, f)
                 + "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/media/stalking-plan.pdf\">"
                 "Read the full action plan (PDF, 288KB)</a></p>"),
             "govuk", "Stalking super-complaint: our action plan", ABOUT,
             documents={"positive/notts-summary-and-doc.plan.txt": plan_doc(
                 "Nottinghamshire Police Stalking Super-Complaint Action Plan",
                 "Action plan responding to the recommendations made to chief constables.", 12)}))
    f = F["dyfed-powys"]
    add(Page("positive/dyfed-powys-landing-bilingual-pdf.html", "published", "dyfed-powys", "welsh",
             "Bilingual landing page; the linked PDF is bilingual too.",
             f"{f.base}/en/about-us/publications/stalking-action-plan/",
             "Cynllun gweithredu stelcio / Stalking action plan",
             lambda rng, f: landing(
                 "<p lang=\"cy\">Mae ein cynllun gweithredu mewn ymateb i'r uwch-gŵyn ar stelcio ar gael i'w "
                 "lawrlwytho.</p><p>Our action plan in response to the stalking super-complaint is available to "
                 "download.</p>",
                 "Lawrlwytho'r cynllun gweithredu / Download the action plan (PDF, 350KB)",
                 "/media/3921/cynllun-gweithredu-stelcio-stalking-action-plan.pdf"),
             "drupal", "Cynllun gweithredu stelcio / Stalking action plan",
             [("Cyhoeddiadau / Publications", "/en/about-us/publications/")], lang="cy-en",
             documents={"positive/dyfed-powys-landing-bilingual-pdf.plan.txt": welsh_doc}))
    f = F["south-wales"]
    add(Page("positive/south-wales-english-landing.html", "published", "south-wales", "landing_pdf",
             "English page with 'super complaint' spelling and a PDF; bilingual chrome.",
             soh_url(f, "stalking-super-complaint"), "Stalking super complaint",
             lambda rng, f: landing(
                 "<p>South Wales Police has published its response to the stalking super complaint. The plan explains "
                 "what we are doing about each recommendation made to chief constables.</p>",
                 "South Wales Police stalking super complaint action plan (PDF, 274KB)",
                 "/SysSiteAssets/media/downloads/south-wales/about-us/stalking-super-complaint-plan.pdf",
                 "<p>Mae'r ddogfen hon ar gael yn Gymraeg. / This document is available in Welsh.</p>"),
             "soh", "Stalking super complaint", ABOUT, lang="cy-en",
             documents={"positive/south-wales-english-landing.plan.txt": plan_doc(
                 "South Wales Police \u2013 Super Complaint: Police Response to Stalking \u2013 Action Plan",
                 "South Wales Police response to the recommendations to chief constables.", 10)}))
    f = F["gwent"]
    add(Page("positive/gwent-super-complaints-page-with-plan-pdf.html", "published", "gwent",
             "super_complaint_index_doc",
             "Borderline, labelled published: a super-complaints page listing several, whose stalking entry links "
             "straight to the plan document (text supplied). Rule: a plan document linked directly from the page "
             "counts, an HTML page elsewhere does not.",
             soh_url(f, "super-complaints"), "Uwch-gwynion / Super-complaints",
             lambda rng, f: (
                 "<p lang=\"cy\">Mae uwch-gŵyn yn gŵyn gan sefydliad dynodedig am fater sy'n effeithio ar y "
                 "cyhoedd. / A super-complaint is a complaint by a designated organisation about an issue that "
                 "affects the public.</p>"
                 "<h2>Ymatebion / Responses</h2><ul>"
                 "<li>Police-perpetrated domestic abuse (Centre for Women's Justice) &ndash; "
                 "<a href=\"/about-us/super-complaints/police-perpetrated-domestic-abuse/\">our response</a></li>"
                 "<li>Stalking (Suzy Lamplugh Trust) &ndash; <a href=\"/SysSiteAssets/media/downloads/gwent/"
                 "stalking-super-complaint-action-plan.pdf\">Gwent Police stalking super-complaint action plan "
                 "(PDF, 290KB)</a></li>"
                 "<li>Modern slavery (Hestia) &ndash; <a href=\"/about-us/super-complaints/modern-slavery/\">our "
                 "response</a></li></ul>"),
             "soh", "Uwch-gwynion / Super-complaints", [("Amdanom ni / About us", "/about-us/")], lang="cy-en",
             documents={"positive/gwent-super-complaints-page-with-plan-pdf.plan.txt": plan_doc(
                 "Gwent Police \u2013 Stalking Super-Complaint Action Plan",
                 "Gwent Police response to the recommendations for chief constables made in the report on the "
                 "super-complaint by the Suzy Lamplugh Trust.", 9)}))
    return pg
