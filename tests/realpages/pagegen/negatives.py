"""Hard negatives: pages in the same templates and vocabulary that are not a force's response to
the stalking super-complaint report. Our own wording throughout; recommendation sentences quoted
by national pages are the report's."""

from __future__ import annotations

import random

from . import recs
from .documents import make_pdf
from .model import Block, Document, Spec
from .positives import REPORT, REPORT_SHORT, SECTION_29A
from .recs import pick
from .site import Force

# -- another super-complaint's plan, laid out exactly like a stalking plan -------------------------

PPDA = "police perpetrated domestic abuse"
PPDA_REPORT = ("In 2024 HMICFRS, the College of Policing and the IOPC published their report on the super-complaint made "
               "by the Centre for Women's Justice about how forces deal with allegations of police perpetrated domestic "
               "abuse.")
PPDA_RECS = (
    "By 31 March 2025, make sure that every allegation of domestic abuse against an officer or member of staff is "
    "referred to the professional standards department and assessed for a criminal investigation.",
    "Make sure investigations into police perpetrated domestic abuse are carried out by officers who are independent "
    "of the suspect's team.",
    "By 31 March 2025, review how victims who are themselves police employees are supported and kept informed.",
)
PPDA_ACTIONS = (
    "All allegations are now referred to the Counter Corruption Unit and recorded on the conduct database.",
    "Investigations are allocated to a different command from the suspect's, with a named independent supervisor.",
    "A dedicated support officer is assigned to victims who work for the force.",
)
PM_REPORT = ("The super-complaint made by the Centre for Women's Justice about police use of protective measures in "
             "cases of violence against women and girls looked at pre-charge bail, domestic violence protection notices "
             "and orders, and breaches of non-molestation orders.")
PM_RECS = (
    "Chief constables should make sure that pre-charge bail with conditions is considered in every case where it is "
    "necessary and proportionate to protect a victim.",
    "Chief constables should make sure that breaches of protective orders, including Stalking Protection Orders and "
    "non-molestation orders, are recorded and investigated.",
    "Chief constables should review how domestic violence protection notices are used and monitored.",
)
PM_ACTIONS = (
    "Custody sergeants and investigators have been briefed on bail conditions; a monthly audit checks bail decisions.",
    "Breaches of protective orders are flagged on the crime system and reviewed daily by the safeguarding hub.",
    "DVPN use is reported to the Domestic Abuse Board each quarter.",
)


def other_plan_table(force: Force, rng: random.Random, which: str) -> list[Block]:
    """Hampshire's columns, another super-complaint's recommendations."""
    report, rows_in, acts = (PPDA_REPORT, PPDA_RECS, PPDA_ACTIONS) if which == "ppda" else (PM_REPORT, PM_RECS, PM_ACTIONS)
    owner = pick(rng, recs.OWNERS)
    rows = [["Rec No.", "Recomendation", "Sub recommendation/", "Rec. Owner", "Initial action plan response",
             "March 2026 update"]]
    for n, (rec, act) in enumerate(zip(rows_in, acts), start=1):
        rows.append([str(n), rec, "", owner, act, pick(rng, recs.UPDATES)])
    return [("p", report), ("p", f"{force.name}'s action plan for the recommendations made to chief constables."),
            ("table", rows)]


def other_plan_kv(force: Force, rng: random.Random, which: str) -> list[Block]:
    report, rows_in, acts = (PPDA_REPORT, PPDA_RECS, PPDA_ACTIONS) if which == "ppda" else (PM_REPORT, PM_RECS, PM_ACTIONS)
    blocks: list[Block] = [("p", f"Operational lead: {pick(rng, recs.LEADS)}"), ("p", report)]
    for n, (rec, act) in enumerate(zip(rows_in, acts), start=1):
        blocks += [("p", rec),
                   ("kv", [("Recommendation:", f"{n}.1"), ("Evidence requirements of progress:", "Policy in place and audited."),
                           ("Recommendation owner:", "Chief constables"), ("Force update:", act),
                           ("Date:", pick(rng, recs.UPDATE_DATES)), ("Status:", pick(rng, recs.STATUSES))])]
    return blocks


def other_plan_framework(force: Force, rng: random.Random, which: str) -> list[Block]:
    report, rows_in, acts = (PPDA_REPORT, PPDA_RECS, PPDA_ACTIONS) if which == "ppda" else (PM_REPORT, PM_RECS, PM_ACTIONS)
    return [("p", f"{force.name} reports its progress in the National Police Chiefs' Council (NPCC) template for reporting "
                  f"progress against the recommendations made to chief constables."), ("p", report),
            ("table", [["Recommendation number", "Evidence requirements of progress/completion", "Force update", "Status"],
                       *[[f"{n}.1", rec, act, pick(rng, recs.STATUSES)]
                         for n, (rec, act) in enumerate(zip(rows_in, acts), start=1)]])]


def other_plan_narrative(force: Force, rng: random.Random, which: str) -> list[Block]:
    report, rows_in, acts = (PPDA_REPORT, PPDA_RECS, PPDA_ACTIONS) if which == "ppda" else (PM_REPORT, PM_RECS, PM_ACTIONS)
    trust = "Centre for Women's Justice"
    return [("h2", "What is a super-complaint?"), ("p", SECTION_29A),
            ("p", f"{force.name}'s response to the report on the {trust}'s super complaint"), ("p", report),
            ("p", "We accept the recommendations made to chief constables. We are also reviewing our response to "
                  "stalking and harassment by officers as part of this work."),
            ("h2", "What we are doing"), *[("p", f"{rec} {act}") for rec, act in zip(rows_in, acts)]]


def other_plan_accept(force: Force, rng: random.Random, which: str) -> list[Block]:
    report, rows_in, acts = (PPDA_REPORT, PPDA_RECS, PPDA_ACTIONS) if which == "ppda" else (PM_REPORT, PM_RECS, PM_ACTIONS)
    return [("p", report),
            ("table", [["No.", "Recommendation", "Initial Constabulary Response 21st November 2024"],
                       *[[str(n), rec, "We accept this recommendation. Having looked at what we do now, we already "
                                       "meet part of it. " + act] for n, (rec, act) in enumerate(zip(rows_in, acts), start=1)]])]


# -- stalking advice -------------------------------------------------------------------------------


def what_is_stalking(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Stalking is a pattern of fixated, obsessive, unwanted and repeated behaviour that causes you fear, "
                  "alarm or distress. Remember FOUR: Fixated, Obsessive, Unwanted, Repeated."),
            ("h2", "Examples of stalking"),
            ("ul", ["following you or turning up where you are", "sending you unwanted messages or gifts",
                    "monitoring your phone or social media accounts", "contacting your friends, family or employer"]),
            ("h2", "Get help"),
            ("p", "If you are in immediate danger, call 999. You can also contact the National Stalking Helpline, run "
                  "by the Suzy Lamplugh Trust, for advice and support."),
            ("p", "Keep a diary of every incident and keep any messages, as they can help an investigation."),
            ("link", "Report stalking or harassment", f"{force.base}/ro/report/sh/")]


def report_stalking(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "You can report stalking or harassment online, by calling 101, or in an emergency on 999."),
            ("h2", "What happens after you report"),
            ("p", "An officer will contact you to talk about what has happened and to assess the risk to you. We record "
                  "stalking as a crime and, where other offences have taken place, we record those too so that the "
                  "whole pattern of behaviour can be seen."),
            ("p", "We may apply to the court for a Stalking Protection Order to stop the person contacting you."),
            ("h2", "Support"), ("p", "The Suzy Lamplugh Trust runs the National Stalking Helpline.")]


def spo_explainer(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "A Stalking Protection Order (SPO) is a civil order that a chief officer of police can apply for to "
                  "protect a person from stalking. An interim SPO can be made while the full application is heard."),
            ("h2", "What an order can do"),
            ("ul", ["ban the person from contacting the victim", "ban them from going to certain places",
                    "require them to attend a perpetrator programme"]),
            ("p", "Breaching an SPO is a criminal offence punishable by up to five years in prison."),
            ("p", "In 2024 the super-complaint report on the police response to stalking asked forces to improve how "
                  "they use these orders.")]


def stalking_advice_with_link(force: Force, rng: random.Random) -> list[Block]:
    return what_is_stalking(force, rng)[:4] + [
        ("h2", "Related pages"),
        ("link", "Our response to the stalking super-complaint", f"{force.areas}about-us/about-us/stalking-super-complaint/"),
        ("link", "Domestic abuse", f"{force.base}/advice/advice-and-information/daa/domestic-abuse/")]


# -- PCC pages, news, national pages ----------------------------------------------------------------


def pcc_page(force: Force, rng: random.Random) -> list[Block]:
    return [("p", REPORT_SHORT),
            ("p", "The report made one recommendation to police and crime commissioners, recommendation 15: By 27 March "
                  "2025, review whether the right specialist services have been commissioned to support stalking "
                  "victims in their area, including provision of trained independent stalking advocate caseworkers "
                  "(ISACs)."),
            ("p", f"The Commissioner has accepted this recommendation. Our review of the services we commission is "
                  f"under way and we will work with {force.name}, which is publishing its own action plan on the "
                  f"recommendations made to the Chief Constable."),
            ("h2", "Recommendations 16 and 25"),
            ("p", "Two recommendations are for commissioners and chief constables together. We are reviewing "
                  "commissioning and the multi-agency approach with the force.")]


def news_of_report(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Published: 27 September 2024"),
            ("p", f"{force.name} welcomes the publication today of the report into the police response to stalking, "
                  f"following a super-complaint by the Suzy Lamplugh Trust."),
            ("p", f"Detective Chief Superintendent {rng.choice(('Amy Pryce', 'Tom Hale', 'Sarah Blunt'))} said: \"We "
                  f"will study the recommendations made to chief constables carefully and publish our action plan in "
                  f"the coming weeks. Anyone who is being stalked should report it to us.\""),
            ("p", "The report found that stalking is often recorded as harassment, and that victims are not always "
                  "given the support they need."),
            ("p", "If you are worried about stalking, call 101 or the National Stalking Helpline.")]


def npcc_letter(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Updated 8 January 2025"),
            ("p", "This letter from the NPCC chair and the national lead for stalking and harassment gives the 56-day "
                  "update on the super-complaint, sent on 22 November 2024."),
            ("h2", "Recommendations to the NPCC"), ("p", "The NPCC accepts the recommendations made to it."),
            ("h2", "Recommendations to chief constables"),
            ("p", "Recommendation 7: " + recs.R7), ("p", "Recommendation 10: " + recs.R10),
            ("p", "Forces have published action plans on their websites; links to each force's plan are below."),
            ("table", [["Force", "Action plan"], ["Avon and Somerset Police", "Action plan"],
                       ["Bedfordshire Police", "Action plan"], [force.name, "Action plan"]])]


def progress_report(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Updated 1 August 2025"),
            ("p", "Of the 29 recommendations, 15 were specifically made for consideration of Chief Constables. This "
                  "report describes the progress forces have made."),
            ("h2", "Crime recording"),
            ("p", "Recommendation 7 asked forces to make crimes searchable as included classifications on crime "
                  f"records. {force.name} and others have changed their systems; most forces now use interim "
                  "intelligence reports while changes are pending."),
            ("h2", "Training"),
            ("p", "There has been an 800 per cent increase in uptake of the College of Policing's stalking training.")]


def apcc_summary(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Published 10 January 2025"),
            ("p", "The Association of Police and Crime Commissioners responds on behalf of all police and crime "
                  "commissioners, as per recommendation 27."),
            ("p", "Recommendation 15: By 27 March 2025, review whether the right specialist services have been "
                  "commissioned to support stalking victims in their area, including provision of trained independent "
                  "stalking advocate caseworkers (ISACs)."),
            ("p", "All 43 PCCs have accepted recommendation 15. Recommendation 16 and 25 are also directed to Chief "
                  "Constables, and commissioners are working with their forces on them."),
            ("p", f"For example, the commissioner for the {force.short} area is reviewing advocacy services with "
                  f"{force.name}.")]


def hmicfrs_report(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Publication date: 27 September 2024"),
            ("p", "A joint investigation by HMICFRS, the College of Policing and the IOPC into the super-complaint made "
                  "by the Suzy Lamplugh Trust on behalf of the National Stalking Consortium."),
            ("h2", "Recommendations"),
            ("p", "We make 29 recommendations. Those for chief constables include:"),
            ("ul", [recs.R7, recs.R10, recs.PUBLISH]),
            ("link", "Download the report (PDF)", "https://hmicfrs.justiceinspectorates.gov.uk/wp-content/uploads/"
                                                  "police-response-to-stalking-super-complaint.pdf")]


def iopc_page(force: Force, rng: random.Random) -> list[Block]:
    return [("p", REPORT),
            ("p", "The report makes recommendations to chief constables, police and crime commissioners, the NPCC, the "
                  "College of Policing, the Home Office and others. Organisations must respond within 56 days."),
            ("p", "By 27 March 2025 chief constables should, where required, seek changes to their crime recording "
                  "systems so that crimes not recorded as the principal crime can be found as included classifications "
                  "on crime records."),
            ("h2", "Responses"), ("p", "Responses from the Home Office and the NPCC are published on GOV.UK.")]


def college_news(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "27 September 2024"),
            ("p", "The College of Policing will update its guidance and training on stalking following the "
                  "super-complaint report. Forces are asked to " + recs.R10[len("By 27 March 2025, "):]),
            ("p", "Our stalking learning is free to every force and will be refreshed in 2025.")]


# -- FOI, indexes, VAWG, placeholders, other reports ------------------------------------------------


def foi_stalking(force: Force, rng: random.Random, *, asks_plan: bool = False) -> list[Block]:
    ref = f"FOI {rng.randrange(1000, 9999)}/25"
    request = ("Please send me a copy of your action plan in response to the stalking super-complaint and tell me how "
               "many stalking offences were recorded as included classifications in 2024."
               if asks_plan else
               "Please tell me how many stalking offences were recorded in each of the last three years, and how many "
               "Stalking Protection Orders you applied for.")
    answer = ("Our action plan is published on our website under super-complaints. The number of included "
              "classifications is not held in a retrievable form." if asks_plan else
              "2022: 1,204 offences; 2023: 1,388 offences; 2024: 1,467 offences. We applied for 31 Stalking "
              "Protection Orders in the period.")
    return [("p", f"Reference: {ref}"), ("p", "Date of response: 14 February 2025"),
            ("h2", "Request"), ("p", request), ("h2", "Response"), ("p", answer),
            ("p", f"{force.name} can confirm that it holds some of the information requested. This disclosure is made "
                  f"under the Freedom of Information Act 2000.")]


def foi_quoting_rec(force: Force, rng: random.Random) -> list[Block]:
    """An FOI reply that quotes recommendation 7 and says what the force did: still a disclosure."""
    return [("p", f"Reference: FOI {rng.randrange(1000, 9999)}/25"), ("p", "Date of response: 3 April 2025"),
            ("h2", "Request"),
            ("p", "The stalking super-complaint report recommended: \"" + recs.R7 + "\" Has your force made this "
                  "change, and how many crimes were recorded with a stalking included classification since then?"),
            ("h2", "Response"),
            ("p", f"{force.name} holds the information. The change to our crime recording system went live in February "
                  f"2025. Since then 214 crimes have been recorded with a stalking included classification."),
            ("p", "This response is made under the Freedom of Information Act 2000.")]


def news_quoting_recs(force: Force, rng: random.Random) -> list[Block]:
    """Publication-day news that quotes the recommendations and promises a plan: not the plan."""
    return [("p", "Published: 27 September 2024"),
            ("p", f"{force.name} has welcomed the report published today on the super-complaint by the Suzy Lamplugh "
                  f"Trust about the police response to stalking."),
            ("p", "Among the recommendations to chief constables are:"),
            ("ul", [recs.R7, recs.R10]),
            ("p", "Chief Superintendent Karen Doyle said: \"We will consider every recommendation and publish our action "
                  "plan by 22 November, as the report asks.\"")]


def placeholder_quoting(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "One of the report's recommendations to Chief Constables reads:"),
            ("quote", recs.PUBLISH),
            ("p", f"{force.name} is preparing its action plan. It will be published on this page by 22 November 2024."),
            ("p", "The recommendations made to chief constables include:"),
            ("ul", [recs.R7, recs.R10])]


def super_complaint_index(force: Force, rng: random.Random) -> list[Block]:
    base = f"{force.areas}about-us/about-us/super-complaints/"
    return [("p", SECTION_29A),
            ("p", "Our responses to super-complaints are listed below."),
            ("link", "Police response to stalking (Suzy Lamplugh Trust): our action plan", base + "stalking/"),
            ("link", "Police perpetrated domestic abuse (Centre for Women's Justice): our response", base + "ppda/"),
            ("link", "Police use of protective measures in cases of violence against women and girls: our response",
             base + "protective-measures/"),
            ("link", "Invisible victims: the police response to criminal exploitation: our response",
             base + "criminal-exploitation/")]


def vawg_strategy(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"Our violence against women and girls (VAWG) strategy sets out how {force.name} will pursue "
                  f"perpetrators, protect victims and build trust."),
            ("h2", "Our priorities"),
            ("ul", ["domestic abuse and coercive control", "rape and serious sexual offences",
                    "stalking and harassment, including our work following the stalking super-complaint",
                    "public sexual harassment and spiking"]),
            ("h2", "Stalking"),
            ("p", "We use Stalking Protection Orders and work with the Suzy Lamplugh Trust and local advocacy services. "
                  "Our separate action plan responds to the super-complaint recommendations."),
            ("h2", "Measuring progress"), ("p", "The VAWG delivery board meets quarterly.")]


def placeholder(force: Force, rng: random.Random) -> list[Block]:
    return [("p", REPORT),
            ("p", "The report asks chief constables to publish an action plan on their force website by 22 November "
                  "2024."),
            ("p", f"{force.name} is considering the recommendations carefully. We will publish our plan on this page by "
                  f"22 November 2024."),
            ("p", "If you are affected by stalking, please report it to us on 101, or 999 in an emergency.")]


def peel_response(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"HMICFRS inspected {force.name} in 2024 as part of its PEEL programme. This page is our response "
                  f"to the areas for improvement."),
            ("table", [["Area for improvement", "Our response", "Status"],
                       ["The force should improve how it records crime, including stalking and harassment, so that all "
                        "reported crime is recorded accurately.",
                        "Crime data integrity audits now sample stalking and harassment each month.", "In progress"],
                       ["The force should make sure it answers emergency calls promptly.",
                        "New call handlers recruited.", "Complete"]])]


def living_in_fear(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "In 2017 HMIC and HMCPSI published 'Living in fear', a joint inspection of the police and CPS "
                  "response to harassment and stalking."),
            ("p", f"This page sets out {force.name}'s response to its recommendations for chief constables."),
            ("table", [["Recommendation", "Our action"],
                       ["Chief constables should make sure stalking is correctly identified and recorded.",
                        "Stalking champions in every local policing area."],
                       ["Chief constables should review training on harassment and stalking.",
                        "Training delivered to all response officers in 2018."]])]


def other_landing(force: Force, rng: random.Random, doc_url: str) -> list[Block]:
    return [("p", PPDA_REPORT),
            ("p", f"{force.name} has published an action plan which explains what we will do in response to each of the "
                  f"recommendations made to chief constables."),
            ("doc", "Police perpetrated domestic abuse super-complaint action plan", doc_url, "PDF, 220KB")]


def crime_data_integrity(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Accurate crime recording means victims get the service they need. We follow the Home Office Counting "
                  "Rules and the National Crime Recording Standard."),
            ("h2", "How we record crime"),
            ("p", "Where a report discloses more than one crime, we record the principal crime and, where the rules "
                  "require it, the other crimes as well. Crimes such as harassment and stalking are often part of a "
                  "course of conduct, and the crime record holds each classification so that it can be searched."),
            ("h2", "Audits"),
            ("table", [["Audit", "Compliance", "Date"], ["Violent crime", "93%", "Mar-25"],
                       ["Stalking and harassment", "89%", "Mar-25"], ["Sexual offences", "95%", "Dec-24"]]),
            ("p", "Audit results are reported to the Force Crime Registrar and the Crime Data Integrity Board.")]


def conviction_news(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Published: 12 March 2025"),
            ("p", f"A man who stalked his former partner for eight months has been jailed and made subject to a Stalking "
                  f"Protection Order following an investigation by {force.name}."),
            ("p", "He sent hundreds of messages, tracked her car and turned up at her workplace. Officers recorded each "
                  "offence, including criminal damage, so that the whole pattern of behaviour was before the court."),
            ("p", "Detective Constable Lee Warner said: \"Stalking is a crime and we will act on every report. Our "
                  "action plan on stalking means victims are supported from the first call.\""),
            ("p", "If you are being stalked, call 101 or the National Stalking Helpline run by the Suzy Lamplugh Trust.")]


def awareness_week(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Published: 22 April 2025"),
            ("p", f"National Stalking Awareness Week runs from 21 to 25 April. {force.name} is joining the Suzy Lamplugh "
                  f"Trust and partners to encourage anyone affected to come forward."),
            ("p", "Since the super-complaint report last year, officers have had refreshed training and our stalking "
                  "clinic reviews new reports every day."),
            ("p", "Look out for our officers at railway stations and town centres during the week."),
            ("link", "Stalking advice and support", f"{force.base}/advice/advice-and-information/sh/stalking-harassment/")]


def specs(forces: dict[str, Force]) -> list[Spec]:
    f = forces
    out: list[Spec] = []

    def add(name: str, force: str, url: str, layout: str, title: str, make, note: str, **more) -> None:
        rng = random.Random(f"realpages:{name}")
        out.append(Spec(name=name, force=force, url=url, expected="not_response", layout=layout, title=title,
                        blocks=tuple(make(f[force], rng)), note=note, **more))

    sc = lambda force: f"{f[force].areas}about-us/about-us/super-complaints/"  # noqa: E731
    # Other super-complaints' plans in the stalking plans' layouts.
    add("essex-ppda-rec-table", "essex", sc("essex") + "police-perpetrated-domestic-abuse-action-plan/",
        "other_super_complaint", "Police perpetrated domestic abuse action plan",
        lambda force, rng: other_plan_table(force, rng, "ppda"),
        "Hampshire's columns (Rec No. / Recomendation / Rec. Owner / March 2026 update) for the PPDA super-complaint",
        crumbs=("About us", "Super-complaints"))
    add("kent-ppda-kv-blocks", "kent", f["kent"].foi("other-information/super-complaints/police-perpetrated-domestic-abuse/"),
        "other_super_complaint", "Police perpetrated domestic abuse", lambda force, rng: other_plan_kv(force, rng, "ppda"),
        "Kent's key-value blocks for the PPDA super-complaint", crumbs=("Freedom of information", "Super-complaints"))
    add("gloucestershire-protective-measures-framework", "gloucestershire",
        sc("gloucestershire") + "protective-measures/", "other_super_complaint", "Protective measures super-complaint",
        lambda force, rng: other_plan_framework(force, rng, "pm"),
        "NPCC framework columns for the protective measures (pre-charge bail) super-complaint; mentions SPO breaches",
        crumbs=("About us", "Super-complaints"))
    add("cambridgeshire-ppda-narrative", "cambridgeshire", sc("cambridgeshire") + "ppda-super-complaint/",
        "other_super_complaint", "PPDA super-complaint", lambda force, rng: other_plan_narrative(force, rng, "ppda"),
        "Section 29A preamble and '<force>'s response to the report on the Centre for Women's Justice's super complaint'",
        crumbs=("About us", "Super-complaints"))
    add("cheshire-protective-measures-accept", "cheshire", sc("cheshire") + "protective-measures-super-complaint/",
        "other_super_complaint", "Protective measures super-complaint",
        lambda force, rng: other_plan_accept(force, rng, "pm"),
        "Cheshire's accept table for the protective measures super-complaint", crumbs=("About us", "Super-complaints"))
    add("west-yorkshire-protective-measures-table", "west-yorkshire", sc("west-yorkshire") + "protective-measures/",
        "other_super_complaint", "Protective measures", lambda force, rng: other_plan_table(force, rng, "pm"),
        "Hampshire columns, protective measures; Stalking Protection Orders mentioned", crumbs=("About us", "Super-complaints"))
    add("merseyside-ppda-framework", "merseyside",
        f["merseyside"].foi("other-information/super-complaints/police-perpetrated-domestic-abuse-report/"),
        "other_super_complaint", "Police perpetrated domestic abuse report",
        lambda force, rng: other_plan_framework(force, rng, "ppda"), "NPCC framework for PPDA",
        crumbs=("Freedom of information", "Super-complaints"))
    ppda_doc = f"{f['norfolk'].base}/SysSiteAssets/media/downloads/norfolk/ppda-super-complaint-action-plan.pdf"
    add("norfolk-ppda-landing-pdf", "norfolk", sc("norfolk") + "police-perpetrated-domestic-abuse/",
        "other_super_complaint", "Police perpetrated domestic abuse",
        lambda force, rng: other_landing(force, rng, ppda_doc),
        "Landing page and PDF plan for the PPDA super-complaint", crumbs=("About us", "Super-complaints"),
        documents=(Document(ppda_doc, "documents/norfolk-ppda-landing-pdf.pdf", lambda: make_pdf([
            ("title", "Police perpetrated domestic abuse super-complaint: action plan"), ("p", PPDA_REPORT),
            ("table", [["No.", "Recommendation", "Owner", "Action", "Status"],
                       *[[str(n), r, "Chief Constable", a, "In progress"]
                         for n, (r, a) in enumerate(zip(PPDA_RECS, PPDA_ACTIONS), start=1)]])],
            widths=(0.5, 3, 1, 3, 1))),))
    # Stalking advice.
    add("surrey-what-is-stalking", "surrey", f"{f['surrey'].base}/advice/advice-and-information/sh/stalking-harassment/what-is-stalking/",
        "stalking_advice", "What is stalking", what_is_stalking, "FOUR, helpline run by the Suzy Lamplugh Trust",
        crumbs=("Advice", "Stalking and harassment"))
    add("sussex-report-stalking", "sussex", f"{f['sussex'].base}/ro/report/sh/report-stalking-or-harassment/",
        "stalking_advice", "Report stalking or harassment", report_stalking,
        "Report page that says other offences are recorded too", crumbs=("Report",))
    add("west-midlands-spo", "west-midlands", f"{f['west-midlands'].base}/advice/advice-and-information/sh/stalking-harassment/stalking-protection-orders/",
        "stalking_advice", "Stalking Protection Orders", spo_explainer, "SPO explainer mentioning the super-complaint report",
        crumbs=("Advice", "Stalking and harassment"))
    add("norfolk-stalking-advice-link", "norfolk", f"{f['norfolk'].base}/advice/advice-and-information/sh/stalking-harassment/",
        "stalking_advice", "Stalking and harassment", stalking_advice_with_link,
        "Advice page that links 'Our response to the stalking super-complaint'", crumbs=("Advice",))
    add("staffordshire-what-is-stalking", "staffordshire", f"{f['staffordshire'].base}/advice/advice-and-information/sh/stalking-harassment/",
        "stalking_advice", "Stalking and harassment", what_is_stalking, "Advice page", crumbs=("Advice",))
    # PCC pages (their own domains).
    add("kent-pcc-response", "kent", "https://www.kent-pcc.gov.uk/what-we-do/stalking-super-complaint/", "pcc",
        "Stalking super-complaint", pcc_page, "PCC's response to recommendation 15 and the joint 16 and 25", site="pcc")
    add("sussex-pcc-response", "sussex", "https://www.sussex-pcc.gov.uk/get-involved/stalking-super-complaint-response/", "pcc",
        "Stalking super-complaint response", pcc_page, "PCC page", site="pcc")
    add("north-yorkshire-pfcc-response", "north-yorkshire",
        "https://www.northyorkshire-pfcc.gov.uk/reports/stalking-super-complaint/", "pcc", "Stalking super-complaint",
        pcc_page, "Police, fire and crime commissioner page", site="pcc")
    # News of the report, no response.
    add("humberside-news-welcomes-report", "humberside",
        f"{f['humberside'].base}/news/humberside/news/2024/september/force-welcomes-stalking-report/", "news_of_report",
        "Force welcomes stalking report", news_of_report, "Publication-day news: will publish an action plan",
        crumbs=("News",))
    add("durham-news-welcomes-report", "durham",
        f"{f['durham'].base}/news/durham/news/2024/september/stalking-super-complaint-report-published/", "news_of_report",
        "Stalking super-complaint report published", news_of_report, "Publication-day news", crumbs=("News",))
    add("avon-somerset-news-report", "avon-and-somerset",
        f"{f['avon-and-somerset'].base}/news/2024/09/police-response-to-stalking-report/", "news_of_report",
        "Police response to stalking report", news_of_report, "Own-site news of the report", site="own", crumbs=("News",))
    # National and oversight pages, even quoting the recommendations.
    gov = "https://www.gov.uk/government/publications/responses-to-the-super-complaint-report-on-the-police-response-to-stalking/"
    add("govuk-npcc-letter", "metropolitan", gov + "npcc-response-to-the-stalking-super-complaint", "national",
        "NPCC response to the stalking super-complaint", npcc_letter,
        "The NPCC's 56-day letter quoting recommendations 7 and 10 and naming the force in its table", site="govuk",
        crumbs=("Crime, justice and law", "Policing"))
    add("govuk-progress-report", "kent", gov + "npcc-report-on-the-progress-made-by-police-forces-to-act-on-the-"
        "recommendations-of-the-stalking-super-complaint", "national",
        "NPCC report on the progress made by police forces to act on the recommendations of the stalking super-complaint",
        progress_report, "The NPCC progress report naming the force", site="govuk", crumbs=("Crime, justice and law",))
    add("govuk-apcc-summary", "durham", gov + "apcc-summary-response-super-complaint-stalking", "national",
        "APCC summary response: super-complaint stalking", apcc_summary,
        "The APCC's summary on GOV.UK: recommendations 15, 16 and 25, naming the force", site="govuk",
        crumbs=("Crime, justice and law", "Policing"))
    add("hmicfrs-report-page", "cumbria",
        "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/police-response-to-stalking-super-complaint/",
        "national", "The police response to stalking", hmicfrs_report, "The report's page, quoting 7, 10 and publish-a-plan",
        site="national")
    add("iopc-super-complaint-page", "dorset", "https://www.policeconduct.gov.uk/complaints/super-complaints/police-response-stalking",
        "national", "Police response to stalking", iopc_page, "IOPC page paraphrasing recommendation 7", site="national")
    add("college-news", "warwickshire",
        "https://www.college.police.uk/article/stalking-super-complaint-report-published", "national",
        "Stalking super-complaint report published", college_news, "College of Policing news", site="national")
    add("npcc-news", "northumbria", "https://news.npcc.police.uk/releases/policing-responds-to-stalking-super-complaint",
        "national", "Policing responds to stalking super-complaint",
        lambda force, rng: [("p", "22 November 2024"),
                            ("p", "Every police force in England and Wales has today sent the NPCC a link to its action "
                                  "plan in response to the stalking super-complaint, as the report recommended."),
                            ("p", "The national lead for stalking and harassment said: \"Forces have looked closely at "
                                  "each recommendation made to chief constables, including the changes to crime "
                                  "recording and training. We will report on their progress next year.\""),
                            *npcc_letter(force, rng)[4:7]],
        "NPCC news release quoting recommendations 7 and 10",
        site="national")
    # FOI disclosures.
    add("thames-valley-foi-stalking-figures", "thames-valley",
        f["thames-valley"].foi("disclosure-2025/february/stalking-offences-recorded/"), "foi", "Stalking offences recorded",
        foi_stalking, "FOI disclosure with stalking figures", crumbs=("Freedom of information", "Disclosure log"))
    add("gwent-foi-asks-for-plan", "gwent", f["gwent"].foi("disclosure-2025/january/stalking-super-complaint-action-plan/"),
        "foi", "Stalking super-complaint action plan", lambda force, rng: foi_stalking(force, rng, asks_plan=True),
        "FOI request asking for the plan, titled like the plan", crumbs=("Freedom of information", "Disclosure log"))
    add("north-wales-foi-stalking", "north-wales", f["north-wales"].foi("disclosure-2025/march/stalking-protection-orders/"),
        "foi", "Stalking protection orders", foi_stalking, "FOI about SPOs", crumbs=("Freedom of information",))
    # Super-complaint indexes.
    add("cumbria-super-complaints-index", "cumbria", sc("cumbria"), "index",
        "Super-complaints", super_complaint_index, "Lists four super-complaints, each linking its own page",
        crumbs=("About us",))
    add("hertfordshire-super-complaints-index", "hertfordshire", sc("hertfordshire"), "index", "Super-complaints",
        super_complaint_index, "Index of super-complaints", crumbs=("About us",))
    add("dyfed-powys-super-complaints-index", "dyfed-powys", sc("dyfed-powys"), "index", "Super-complaints",
        super_complaint_index, "Index of super-complaints", crumbs=("About us",))
    # VAWG strategies.
    add("west-mercia-vawg", "west-mercia", f"{f['west-mercia'].areas}about-us/our-plans/vawg-strategy/", "vawg",
        "VAWG strategy", vawg_strategy, "VAWG strategy naming the super-complaint", crumbs=("About us", "Our plans"))
    add("leicestershire-vawg", "leicestershire", f"{f['leicestershire'].areas}about-us/about-us/violence-against-women-and-girls/",
        "vawg", "Violence against women and girls", vawg_strategy, "VAWG page", crumbs=("About us",))
    add("south-wales-vawg", "south-wales", f"{f['south-wales'].areas}about-us/about-us/vawg-delivery-plan/", "vawg",
        "VAWG delivery plan", vawg_strategy, "VAWG delivery plan", crumbs=("About us",))
    # Placeholders.
    add("suffolk-placeholder", "suffolk", f"{f['suffolk'].areas}about-us/about-us/stalking-super-complaint-response/", "placeholder",
        "Stalking super-complaint response", placeholder, "'We will publish our plan on this page by 22 November 2024'",
        crumbs=("About us",))
    add("northamptonshire-placeholder", "northamptonshire",
        f"{f['northamptonshire'].areas}about-us/about-us/stalking-super-complaint/", "placeholder",
        "Stalking super-complaint", placeholder, "Placeholder", crumbs=("About us",))
    add("wiltshire-placeholder-quoting", "wiltshire",
        f"{f['wiltshire'].areas}about-us/about-us/stalking-super-complaint/", "placeholder",
        "Stalking super-complaint", placeholder_quoting,
        "Placeholder quoting the publish-a-plan recommendation and 7 and 10, Merseyside's wording, future tense",
        crumbs=("About us",))
    add("staffordshire-news-quoting-recs", "staffordshire",
        f"{f['staffordshire'].base}/news/staffordshire/news/2024/september/force-welcomes-stalking-super-complaint-report/",
        "news_of_report", "Force welcomes stalking super-complaint report", news_quoting_recs,
        "Publication-day news quoting recommendations 7 and 10, promising a plan", crumbs=("News",))
    add("nottinghamshire-foi-quoting-rec", "nottinghamshire",
        f["nottinghamshire"].foi("disclosure-2025/april/stalking-included-classifications/"), "foi",
        "Stalking included classifications", foi_quoting_rec,
        "FOI reply quoting recommendation 7 and saying what the force did", crumbs=("Freedom of information", "Disclosure log"))
    # Other reports that touch stalking.
    add("cleveland-peel-response", "cleveland", f"{f['cleveland'].areas}about-us/about-us/hmicfrs-peel-inspection/",
        "other_report", "HMICFRS PEEL inspection", peel_response, "PEEL areas for improvement mentioning stalking recording",
        crumbs=("About us",))
    add("lincolnshire-living-in-fear", "lincolnshire", f"{f['lincolnshire'].areas}about-us/about-us/living-in-fear-response/",
        "other_report", "Living in fear response", living_in_fear, "Response to the 2017 stalking inspection",
        crumbs=("About us",))
    add("kent-crime-data-integrity", "kent", f"{f['kent'].areas}about-us/our-performance/crime-data-integrity/",
        "crime_recording", "Crime data integrity", crime_data_integrity,
        "Crime recording page using recommendation 7's vocabulary (principal crime, classifications, searched)",
        crumbs=("About us", "Our performance"))
    add("essex-news-stalker-jailed", "essex",
        f"{f['essex'].base}/news/essex/news/2025/march/stalker-jailed-and-made-subject-to-spo/", "news",
        "Stalker jailed and made subject to SPO", conviction_news, "Conviction news mentioning 'our action plan on stalking'",
        crumbs=("News",))
    add("cheshire-news-awareness-week", "cheshire",
        f"{f['cheshire'].base}/news/cheshire/news/2025/april/national-stalking-awareness-week/", "news",
        "National stalking awareness week", awareness_week, "Awareness week news with a passing mention of the report",
        crumbs=("News",))
    return out
