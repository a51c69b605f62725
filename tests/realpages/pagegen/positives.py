"""Forces' responses, in the layouts real forces use (shared/realpages/recommendations.md,
"How forces lay out their responses"). Written by the team: the recommendation sentences are the
report's, everything else is our own wording."""

from __future__ import annotations

import random
from collections.abc import Callable

from . import recs
from .documents import make_docx, make_pdf
from .model import Block, Document, Spec
from .recs import pick
from .site import Force

REPORT = ("On 27 September 2024 His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS), the "
          "College of Policing and the Independent Office for Police Conduct (IOPC) published their report on the "
          "super-complaint made by the Suzy Lamplugh Trust about the police response to stalking.")
REPORT_SHORT = ("In September 2024 the report on the Suzy Lamplugh Trust's super-complaint about the police response "
                "to stalking was published by HMICFRS, the College of Policing and the IOPC.")
SECTION_29A = ("A super-complaint is a complaint made by a designated organisation that a feature, or combination of "
               "features, of policing in England and Wales is, or appears to be, significantly harming the interests "
               "of the public. Super-complaints are made under section 29A of the Police Reform Act 2002 and are "
               "investigated jointly by HMICFRS, the College of Policing and the IOPC.")


# -- the layouts -----------------------------------------------------------------------------------


def hampshire_table(force: Force, rng: random.Random, *, misspelt: bool = True, short_dates: bool = True,
                    update: str = "March 2026 update") -> list[Block]:
    r7, r10 = (recs.R7_SHORT_DATE, recs.R10_SHORT_DATE) if short_dates else (recs.R7, recs.R10)
    owner = pick(rng, recs.OWNERS)
    head = ["Rec No.", "Recomendation" if misspelt else "Recommendation", "Sub recommendation/", "Rec. Owner",
            "Initial action plan response", update]
    rows = [head,
            ["7", r7, "", owner, pick(rng, recs.ACTIONS_7), pick(rng, recs.UPDATES_7)],
            ["", "", "7.1 " + recs.R7_1, owner, pick(rng, recs.ACTIONS_7_1), pick(rng, recs.UPDATES_7)],
            ["", "", "7.2 " + recs.R7_2, owner, pick(rng, recs.ACTIONS_7_2), pick(rng, recs.UPDATES_7)],
            ["10", r10, "", owner, pick(rng, recs.ACTIONS_10), pick(rng, recs.UPDATES_10)]]
    for rec, actions in list(recs.ACTIONS_OTHER.items())[:3]:
        rows.append(["", rec.replace("By 27 March 2025", "By 27/03/25") if short_dates else rec, "", owner,
                     pick(rng, actions), pick(rng, recs.UPDATES)])
    return [("p", f"{force.name}'s action plan for the recommendations made to chief constables, with our "
                  f"{update}."),
            ("table", rows)]


def kent_kv(force: Force, rng: random.Random, *, as_table: bool = False) -> list[Block]:
    kind = "kvtable" if as_table else "kv"

    def block(number: str, evidence: str, update: str) -> Block:
        return (kind, [("Recommendation:", number), ("Evidence requirements of progress:", evidence),
                       ("Recommendation owner:", "Chief constables"), ("Force update:", update),
                       ("Date:", pick(rng, recs.UPDATE_DATES)), ("Status:", pick(rng, recs.STATUSES)),
                       ("Supporting documents:", "None")])

    return [("p", f"Operational lead: {pick(rng, recs.LEADS)}"),
            ("p", recs.R7),
            block("7.1", "The crime recording system can record and search included classifications, and "
                         "officers and staff use it.", pick(rng, recs.ACTIONS_7_1)),
            ("p", recs.R7_2),
            block("7.2", "Interim measures keep stalking and related offences searchable.", pick(rng, recs.ACTIONS_7_2)),
            ("p", recs.R10),
            block("10.1", "Training provision reviewed and updated.", pick(rng, recs.ACTIONS_10))]


def npcc_framework(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"{force.name} reports its progress in the National Police Chiefs' Council (NPCC) template for reporting "
                  f"progress against the recommendations made to chief constables."),
            ("h3", "Recommendation 7"),
            ("p", recs.R7),
            ("table", [["Recommendation number", "Evidence requirements of progress/completion", "Force update", "Status"],
                       ["7.1", recs.R7_1, pick(rng, recs.ACTIONS_7_1), pick(rng, recs.STATUSES)],
                       ["7.2", recs.R7_2, pick(rng, recs.ACTIONS_7_2), pick(rng, recs.STATUSES)]]),
            ("h3", "Recommendation 10"),
            ("p", recs.R10),
            ("table", [["Recommendation number", "Evidence requirements of progress/completion", "Force update", "Status"],
                       ["10.1", "A review of learning and training provision relating to stalking.",
                        pick(rng, recs.ACTIONS_10), pick(rng, recs.STATUSES)]])]


def cambs_leads(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"Executive Lead: {pick(rng, recs.LEADS)}"),
            ("p", f"Operational Lead: {pick(rng, recs.LEADS)}"),
            ("p", recs.R7),
            ("p", "7.1 - Evidence requirements of progress/completion:"),
            ("p", recs.R7_1),
            ("p", "Update: " + pick(rng, recs.ACTIONS_7_1)),
            ("p", "7.2 - Evidence requirements of progress/completion:"),
            ("p", recs.R7_2),
            ("p", "Update: " + pick(rng, recs.ACTIONS_7_2)),
            ("p", recs.R10),
            ("p", "10.1 - Evidence requirements of progress/completion:"),
            ("p", "Update: " + pick(rng, recs.ACTIONS_10))]


def cheshire_accept(force: Force, rng: random.Random, *, date: str = "21st November 2024") -> list[Block]:
    accept = ("We accept this recommendation. Having looked at what we do now, we already meet part of it. ",
              "We accept this recommendation. Having looked at what we do now, we already meet most of this "
              "recommendation. ")
    return [("p", f"The table below sets out {force.name}'s initial response to each recommendation made to chief "
                  f"constables."),
            ("table", [["No.", "Recommendation", f"Initial Constabulary Response {date}"],
                       ["7", f"{recs.R7}\n\n{recs.R7_1}\n\n{recs.R7_2}", accept[0] + pick(rng, recs.ACTIONS_7)],
                       ["10", recs.R10, accept[1] + pick(rng, recs.ACTIONS_10)],
                       ["", recs.INVESTIGATION, accept[1] + recs.ACTIONS_OTHER[recs.INVESTIGATION][0]]])]


def notts_table(force: Force, rng: random.Random) -> list[Block]:
    return [("p", REPORT),
            ("p", f"Our response to the recommendations for chief constables is set out below."),
            ("table", [["No.", "Recommendations", "Response"],
                       ["7", recs.R7_NO_THEIR, pick(rng, recs.ACTIONS_7)],
                       ["7.1", recs.R7_1, pick(rng, recs.ACTIONS_7_1)],
                       ["10", recs.R10, pick(rng, recs.ACTIONS_10)]])]


def city_action(force: Force, rng: random.Random) -> list[Block]:
    return [("table", [["Recommendation:", "Force Update:", "Action"],
                       ["7.1 " + recs.R7_PARAPHRASE, pick(rng, recs.ACTIONS_7),
                        "ACTION: Crime Registrar to confirm searchable included classifications. Owner: Head of Crime."],
                       ["7.2 Police Forces will put alternative measures in place so stalking offences are searchable "
                        "while system changes are pending.", pick(rng, recs.ACTIONS_7_2),
                        "ACTION: Intelligence reports submitted for all stalking-related crime."],
                       ["10.1 Police Forces will review and update learning and training on stalking.",
                        pick(rng, recs.ACTIONS_10), "ACTION: Training refreshed; uptake reported quarterly."]])]


def avon_themes(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"This page sets out how we are responding to the recommendations in the report on the police "
                  f"response to stalking."),
            ("h2", "Crime recording (recommendation 7)"),
            ("h3", "Recommendation received"),
            ("ol", [recs.R7_NO_DATE, recs.R7_1, recs.R7_2_REWORDED]),
            ("h3", "Our current process"),
            ("p", "Officers can add stalking as a secondary classification on our crime system, but it cannot yet be "
                  "searched in every report we run."),
            ("h3", "Changes we pledge to make"),
            ("ul", [pick(rng, recs.ACTIONS_7), pick(rng, recs.ACTIONS_7_2)]),
            ("h2", "Training (recommendation 10)"),
            ("h3", "Recommendation received"),
            ("ol", [recs.R10]),
            ("h3", "Our current process"),
            ("p", pick(rng, recs.ACTIONS_10))]


def merseyside_quote(force: Force, rng: random.Random) -> list[Block]:
    return [("p", REPORT),
            ("p", "One of the report's recommendations to Chief Constables reads:"),
            ("quote", recs.PUBLISH),
            ("p", f"The following sets out the {force.name} response."),
            ("p", recs.R7),
            ("p", recs.R7_1),
            ("p", recs.R7_2_CAPS),
            ("p", pick(rng, recs.ACTIONS_7)),
            ("p", recs.R10),
            ("p", pick(rng, recs.ACTIONS_10))]


def template_intro(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"This plan lists the report's recommendations for Chief Constables in the report on the police "
                  f"response to stalking. {force.name} has looked at how it works today and agreed what it will "
                  f"change; each action is set out beside its recommendation in the table."),
            ("table", [["Recommendation", "Action", "Owner", "Target date"],
                       [recs.R7, pick(rng, recs.ACTIONS_7), pick(rng, recs.LEADS), "March 2025"],
                       [recs.R10, pick(rng, recs.ACTIONS_10), pick(rng, recs.LEADS), "March 2025"],
                       [recs.SCREENING, recs.ACTIONS_OTHER[recs.SCREENING][0], pick(rng, recs.LEADS), "March 2025"]])]


def herts_intro(force: Force, rng: random.Random) -> list[Block]:
    return [("p", REPORT_SHORT),
            ("p", recs.PUBLISH_GIST),
            ("p", "The report gives forces 15 areas to act on. Our action plan sets out what we are doing under "
                  "each of them. So far we have:"),
            ("ul", ["made stalking searchable as an included classification on crime records, with a weekly check "
                    "by the crime bureau",
                    "reviewed and updated our learning and training provision relating to stalking; 85% of frontline "
                    "officers have completed the new course",
                    "started screening every harassment report within 24 hours to identify stalking",
                    "added online stalking evidence capture to our investigation checklist"]),
            ("link", "Read our action plan", f"{force.areas}about-us/about-us/stalking-super-complaint/our-action-plan/")]


def herts_report(force: Force, rng: random.Random) -> list[Block]:
    return [("h2", "1. Introduction"),
            ("p", "1.1 " + REPORT),
            ("p", "1.2 The report makes recommendations for Chief Constables, including: " + recs.PUBLISH_FORCES.replace(
                "2024", "2025", 1)),
            ("p", f"1.3 This document is {force.name}'s action plan."),
            ("h2", "2. Crime recording"),
            ("p", "2.1 " + recs.R7),
            ("p", "2.2 " + pick(rng, recs.ACTIONS_7)),
            ("h2", "3. Training"),
            ("p", "3.1 " + recs.R10),
            ("p", "3.2 " + pick(rng, recs.ACTIONS_10))]


def action_tracker_intro(force: Force, rng: random.Random, doc_url: str) -> list[Block]:
    return [("p", "Following the super-complaint report on the police response to stalking, forces are required by 22 "
                  "November 2024, to publish on their website an action plan which explains what their force will do "
                  "locally to respond to each of the recommendations made."),
            ("p", f"Our action tracker sets out how {force.name} is responding to each recommendation."),
            ("doc", "Stalking super-complaint action tracker", doc_url, "DOCX, 64KB")]


def news_with_plan(force: Force, rng: random.Random, doc_url: str, *, doc_name: str = "action plan",
                   meta: str = "PDF, 388KB") -> list[Block]:
    return [("p", f"Published: {rng.choice(('21 November 2024', '22 November 2024'))}"),
            ("p", f"{force.name} has published its {doc_name} in response to the super-complaint report on the police "
                  f"response to stalking, made by the Suzy Lamplugh Trust."),
            ("p", f"Assistant Chief Constable {rng.choice(('Jane Aldous', 'Mark Fenwick', 'Priya Shah'))} said: \"Stalking "
                  f"causes serious harm. We accept the recommendations made to chief constables and our plan sets out "
                  f"what we will do about each of them.\""),
            ("p", f"Our {doc_name} is available to read in full here:"),
            ("doc", f"{force.name} {doc_name} - stalking super-complaint", doc_url, meta)]


def derbyshire_outcomes(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"Stalking Action Plan: this plan sets out the outcomes, agreed nationally and locally, that {force.name} "
                  f"is working towards following the super-complaint report on the police response to stalking."),
            ("p", f"Assistant Chief Constable {rng.choice(('Helen Marsh', 'David Orr'))} said: \"We have looked hard at "
                  f"every recommendation and this plan is how we will answer them.\""),
            ("table", [["National outcome", "Local action", "Progress"],
                       ["Stalking can be documented and searched as an included classification on crime records "
                        "(recommendation 7).", pick(rng, recs.ACTIONS_7), pick(rng, recs.UPDATES_7)],
                       ["Learning and training provision relating to stalking is reviewed and updated (recommendation 10).",
                        pick(rng, recs.ACTIONS_10), pick(rng, recs.UPDATES_10)]])]


def met_stac(force: Force, rng: random.Random) -> list[Block]:
    return [("p", f"This is the {force.name}'s response to the super-complaint report on the police response to "
                  f"stalking."),
            ("p", "Our Stalking Threat Assessment Centre (STAC) brings police, health and advocacy services together "
                  "to assess risk and manage the behaviour of stalkers, and it is central to how we are answering the "
                  "report's recommendations."),
            ("h2", "Crime recording"),
            ("p", "The report asked chief constables to make sure crimes not recorded as the principal crime can be "
                  "found, as included classifications on crime records. " + pick(rng, recs.ACTIONS_7)),
            ("h2", "Training"),
            ("p", pick(rng, recs.ACTIONS_10))]


def preamble(force: Force, rng: random.Random, *, then: str = "table") -> list[Block]:
    blocks: list[Block] = [
        ("h2", "What is a super-complaint?"),
        ("p", SECTION_29A),
        ("h2", "The stalking super-complaint"),
        ("p", f"This is {force.name}'s response to the report on the Suzy Lamplugh Trust's super complaint about the "
              f"police response to stalking."),
    ]
    if then == "table":
        blocks.append(("table", [["Recommendation", "What we are doing", "Status"],
                                 [recs.R7, pick(rng, recs.ACTIONS_7), pick(rng, recs.STATUSES)],
                                 [recs.R10, pick(rng, recs.ACTIONS_10), pick(rng, recs.STATUSES)]]))
    return blocks


def long_preamble(force: Force, rng: random.Random) -> list[Block]:
    """The statement first, then so much about super-complaints that an opening holds nothing else."""
    return [("p", f"This page is {force.name}'s response to the report on the Suzy Lamplugh Trust's super-complaint "
                  f"about the police response to stalking."),
            ("h2", "What is a super-complaint?"), ("p", SECTION_29A),
            ("h2", "Who can make a super-complaint?"),
            ("p", "Only organisations designated by the Home Secretary can make a super-complaint. They include charities "
                  "and advocacy groups that represent the interests of the public, such as victims of crime."),
            ("h2", "What happens next?"),
            ("p", "The three bodies decide whether the complaint is eligible, investigate it and publish a report with "
                  "recommendations. Forces, the NPCC and others must say what they will do within 56 days."),
            *preamble(force, rng)[2:]]


def narrative(force: Force, rng: random.Random, *, with_rec: bool = True) -> list[Block]:
    blocks: list[Block] = [
        ("p", f"{force.name}'s response to the report on the Suzy Lamplugh Trust's super complaint"),
        ("p", REPORT_SHORT + f" It made recommendations to chief constables, and this page is our response to them."),
    ]
    if with_rec:
        blocks += [("h2", "Crime recording"), ("p", recs.R7), ("p", "What we are doing: " + pick(rng, recs.ACTIONS_7)),
                   ("h2", "Training"), ("p", recs.R10), ("p", "What we are doing: " + pick(rng, recs.ACTIONS_10))]
    return blocks


def update_page(force: Force, rng: random.Random, *, when: str = "March 2025") -> list[Block]:
    return [("p", f"Six months after the report on the police response to stalking, this {when} update sets out "
                  f"{force.name}'s progress against each recommendation made to chief constables."),
            ("table", [["Recommendation", "Initial response (November 2024)", f"Update {when}"],
                       [recs.R7, pick(rng, recs.ACTIONS_7), pick(rng, recs.UPDATES_7)],
                       [recs.R10, pick(rng, recs.ACTIONS_10), pick(rng, recs.UPDATES_10)]])]


def tv_count(force: Force, rng: random.Random) -> list[Block]:
    return [("p", "Of the report's 29 recommendations, 14 concern Chief Constables and the "
                  "Office of the Police and Crime Commissioner. Our action plan for them is below."),
            ("table", [["Ref", "Recommendation", "Action", "Lead", "RAG"],
                       ["7", recs.R7, pick(rng, recs.ACTIONS_7), pick(rng, recs.LEADS), "Green"],
                       ["10", recs.R10, pick(rng, recs.ACTIONS_10), pick(rng, recs.LEADS), "Amber"]])]


def landing(force: Force, rng: random.Random, doc_url: str, meta: str) -> list[Block]:
    return [("p", REPORT_SHORT),
            ("p", f"{force.name} has published an action plan which explains what we will do in response to each of "
                  f"the recommendations made to chief constables."),
            ("doc", f"{force.short} stalking super-complaint action plan", doc_url, meta)]


def accordion(force: Force, rng: random.Random) -> list[Block]:
    """The platform's accordions: one panel a recommendation, the answer inside."""
    return [("p", f"{force.name} has reviewed each recommendation made to chief constables in the super-complaint "
                  f"report on the police response to stalking. Open a recommendation to see what we are doing."),
            ("accordion", [
                ("Recommendation 7 - Crime recording", [("p", recs.R7), ("p", recs.R7_1), ("p", recs.R7_2),
                                                        ("strong", "Our response"), ("p", pick(rng, recs.ACTIONS_7))]),
                ("Recommendation 10 - Training", [("p", recs.R10), ("strong", "Our response"),
                                                  ("p", pick(rng, recs.ACTIONS_10))]),
                ("Online stalking", [("p", recs.ONLINE), ("strong", "Our response"),
                                     ("p", recs.ACTIONS_OTHER[recs.ONLINE][0])])])]


def typos_table(force: Force, rng: random.Random) -> list[Block]:
    """Words dropped and misspelt, numbers missing, as pages typed in a hurry have them."""
    r7 = (recs.R7.replace("recording systems", "recording sytems").replace("By 27 March 2025,", "By 27th March 2025")
          .replace("staff and officers", "officers and staff"))
    return [("p", "Norfolk and Suffolk Constabularies work together on public protection. This is our joint plan for the "
                  "stalking super complaint."),
            ("table", [["Recomendation", "Sub recomendation", "Lead", "Update"],
                       [r7, "", "Joint Protecting Vulnerable People Command", pick(rng, recs.ACTIONS_7)],
                       ["", "7.2 " + recs.R7_2_CAPS.replace("intelligence reports", "intel reports"),
                        "Joint Protecting Vulnerable People Command", pick(rng, recs.ACTIONS_7_2)],
                       [recs.R10.replace("provision relating", "provision related"), "", "Learning and Development",
                        pick(rng, recs.ACTIONS_10)]])]


def embedded(force: Force, rng: random.Random, doc_url: str) -> list[Block]:
    return [("p", f"Our stalking action plan, updated in March 2025, is shown below. It sets out {force.name}'s "
                  f"response to each recommendation made to chief constables in the super-complaint report."),
            ("embed", "Stalking action plan March 2025 update", doc_url)]


# -- plan documents --------------------------------------------------------------------------------


def plan_parts(force: Force, rng: random.Random, *, title: str) -> list[tuple]:
    owner = pick(rng, recs.OWNERS)
    rows = [["No.", "Recommendation", "Owner", "Action", "Status"],
            ["7", recs.R7, owner, pick(rng, recs.ACTIONS_7), pick(rng, recs.STATUSES)],
            ["7.1", recs.R7_1, owner, pick(rng, recs.ACTIONS_7_1), pick(rng, recs.STATUSES)],
            ["7.2", recs.R7_2, owner, pick(rng, recs.ACTIONS_7_2), pick(rng, recs.STATUSES)],
            ["10", recs.R10, owner, pick(rng, recs.ACTIONS_10), pick(rng, recs.STATUSES)]]
    for rec, actions in recs.ACTIONS_OTHER.items():
        rows.append(["", rec, owner, pick(rng, actions), pick(rng, recs.STATUSES)])
    return [("title", title),
            ("p", REPORT),
            ("p", f"This action plan explains what {force.name} will do in response to each of the recommendations "
                  f"made to chief constables."),
            ("table", rows)]


def document(force: Force, name: str, url: str, kind: str, parts: Callable[[], list[tuple]]) -> Document:
    if kind == "pdf":
        return Document(url, f"documents/{name}.pdf", lambda: make_pdf(parts(), widths=(0.5, 3, 1, 3, 1)))
    return Document(url, f"documents/{name}.docx", lambda: make_docx(parts()))


# -- the pages -------------------------------------------------------------------------------------

SC = "super-complaint"
HAS_7 = "included classifications"
SAYS = "response to the report on the Suzy Lamplugh Trust"


def specs(forces: dict[str, Force]) -> list[Spec]:
    f = forces
    out: list[Spec] = []

    def add(name: str, force: str, url: str, layout: str, title: str, make, note: str, *, shows: str = HAS_7,
            **more) -> None:
        rng = random.Random(f"realpages:{name}")
        out.append(Spec(name=name, force=force, url=url, expected="published", layout=layout, title=title,
                        blocks=tuple(make(f[force], rng)), note=note, opening_shows=shows, **more))

    def with_doc(name: str, force: str, kind: str, doc_url: str, title: str) -> tuple[Document, ...]:
        rng = random.Random(f"realpages:{name}:doc")
        return (document(f[force], name, doc_url, kind, lambda: plan_parts(f[force], rng, title=title)),)

    add("hampshire-rec-table", "hampshire", f"{f['hampshire'].areas}about-us/about-us/stalking-action-plan/",
        "rec_table", "Stalking action plan", hampshire_table,
        "Rec No. / Recomendation / Sub recommendation / Rec. Owner / Initial action plan response / March 2026 update; "
        "dates as 27/03/25", crumbs=("About us", "Stalking action plan"))
    add("surrey-rec-table", "surrey", f"{f['surrey'].areas}about-us/about-us/stalking-super-complaint-action-plan/",
        "rec_table", "Stalking super-complaint action plan",
        lambda force, rng: hampshire_table(force, rng, misspelt=False, short_dates=False, update="March 2025 update"),
        "Hampshire-style table spelt correctly, full dates, March 2025 update column", crumbs=("About us",))
    add("west-yorkshire-rec-table", "west-yorkshire", f"{f['west-yorkshire'].areas}about-us/super-complaints/stalking/",
        "rec_table", "Stalking", hampshire_table,
        "Hampshire-style table on a page titled only 'Stalking' under super-complaints",
        crumbs=("About us", "Super-complaints"))
    add("kent-kv-blocks", "kent", f["kent"].foi("other-information/super-complaints/police-response-to-stalking/"),
        "key_value", "Police response to stalking", kent_kv,
        "Key-value block per sub-part: Recommendation: 7.1 / Evidence requirements of progress: / Recommendation "
        "owner: Chief constables / Force update: / Date: / Status:; recommendation sentence above with no number",
        crumbs=("Freedom of information", "Super-complaints"))
    add("sussex-kv-table", "sussex", f["sussex"].foi("other-information/super-complaints/stalking-super-complaint/"),
        "key_value", "Stalking super-complaint", lambda force, rng: kent_kv(force, rng, as_table=True),
        "Kent-style key-value blocks as two-column tables (flattened to 'label | value')",
        crumbs=("Freedom of information", "Super-complaints"))
    add("cumbria-kv-blocks", "cumbria", f"{f['cumbria'].areas}about-us/about-us/our-response-to-the-stalking-super-complaint/",
        "key_value", "Our response to the stalking super-complaint", kent_kv, "Kent-style key-value blocks",
        crumbs=("About us",))
    add("west-mercia-kv-blocks", "west-mercia", f"{f['west-mercia'].areas}about-us/our-plans/stalking-action-plan/",
        "key_value", "Stalking action plan", lambda force, rng: kent_kv(force, rng, as_table=True),
        "Key-value tables under 'our plans'", crumbs=("About us", "Our plans"))
    add("gloucestershire-npcc-framework", "gloucestershire",
        f"{f['gloucestershire'].areas}about-us/about-us/stalking-super-complaint/", "npcc_framework",
        "Stalking super-complaint", npcc_framework,
        "NPCC framework columns: Recommendation number | Evidence requirements of progress/completion | Force update | Status",
        crumbs=("About us",))
    add("wiltshire-npcc-framework", "wiltshire", f"{f['wiltshire'].areas}about-us/about-us/stalking-action-plan/",
        "npcc_framework", "Stalking action plan", npcc_framework, "NPCC framework columns", crumbs=("About us",))
    add("northumbria-npcc-framework", "northumbria", f"{f['northumbria'].areas}about-us/super-complaints/our-action-plan/",
        "npcc_framework", "Our action plan", npcc_framework, "NPCC framework columns, titled 'Our action plan'",
        crumbs=("About us", "Super-complaints"))
    add("cambridgeshire-leads", "cambridgeshire", f"{f['cambridgeshire'].areas}about-us/about-us/stalking-action-plan/",
        "leads", "Stalking action plan", cambs_leads,
        "Executive Lead:/Operational Lead: header; unnumbered recommendation; '7.1 - Evidence requirements of "
        "progress/completion:'", crumbs=("About us",))
    add("bedfordshire-preamble-leads", "bedfordshire", f"{f['bedfordshire'].areas}about-us/about-us/stalking-super-complaint/",
        "preamble", "Stalking super-complaint",
        lambda force, rng: preamble(force, rng, then="none") + cambs_leads(force, rng),
        "On www.beds.police.uk (the real domain); section 29A preamble then Cambridgeshire-style leads",
        shows=SAYS, crumbs=("About us",))
    add("cheshire-initial-response", "cheshire", f"{f['cheshire'].areas}about-us/about-us/super-complaints/",
        "accept_table", "Super-complaints", cheshire_accept,
        "No. | Recommendation | Initial Constabulary Response 21st November 2024; 'We accept this recommendation'",
        crumbs=("About us",))
    add("staffordshire-initial-response", "staffordshire",
        f"{f['staffordshire'].areas}about-us/about-us/stalking-super-complaint-response/", "accept_table",
        "Stalking super-complaint response",
        lambda force, rng: cheshire_accept(force, rng, date="22 November 2024"), "Cheshire-style accept table",
        crumbs=("About us",))
    add("northamptonshire-initial-response", "northamptonshire",
        f"{f['northamptonshire'].areas}about-us/about-us/super-complaints/stalking/", "accept_table", "Stalking",
        cheshire_accept, "Cheshire-style accept table, page titled 'Stalking'", crumbs=("About us", "Super-complaints"))
    add("nottinghamshire-our-action-plan", "nottinghamshire",
        f"{f['nottinghamshire'].areas}about-us/about-us/stalking-super-complaint/our-action-plan/", "rec_table",
        "Our action plan", notts_table, "No. | Recommendations | Response; recommendation 7 without 'their'",
        crumbs=("About us", "Stalking super-complaint"))
    add("city-of-london-action", "city-of-london",
        f"{f['city-of-london'].areas}about-us/about-us/stalking-super-complaint/", "paraphrase",
        "Stalking super-complaint", city_action,
        "Recommendation: | Force Update: | Action; paraphrased recommendations ('Police Forces will'), 'ACTION:'",
        shows="crime recording systems", crumbs=("About us",))
    add("avon-somerset-themes", "avon-and-somerset",
        f"{f['avon-and-somerset'].base}/about/our-response-to-the-stalking-super-complaint/", "themes",
        "Our response to the stalking super-complaint", avon_themes,
        "Own site; theme headings 'Crime recording (recommendation 7)'; Recommendation received / Our current process",
        site="own", crumbs=("About", "Our response to the stalking super-complaint"))
    add("merseyside-quote-then-response", "merseyside",
        f["merseyside"].foi("other-information/super-complaints/stalking-super-complaint-report/"), "quote_then_response",
        "Stalking super-complaint report", merseyside_quote,
        "Quotes the publish-a-plan recommendation, then 'The following sets out the Merseyside Police response.'",
        shows="The following sets out", crumbs=("Freedom of information", "Super-complaints"))
    add("north-yorkshire-template-intro", "north-yorkshire",
        f"{f['north-yorkshire'].areas}about-us/about-us/stalking-super-complaint/our-action-plan/", "template_intro",
        "Our action plan", template_intro, "'This plan lists the report's recommendations for Chief Constables' intro",
        shows="each action is set out beside its recommendation", crumbs=("About us", "Stalking super-complaint"))
    add("essex-template-intro", "essex", f"{f['essex'].areas}about-us/about-us/stalking-super-complaint-action-plan/",
        "template_intro", "Stalking super-complaint action plan", template_intro, "Same template introduction as North Yorkshire",
        shows="each action is set out beside its recommendation", crumbs=("About us",))
    add("hertfordshire-intro", "hertfordshire", f"{f['hertfordshire'].areas}about-us/about-us/stalking-super-complaint/",
        "intro_page", "Stalking super-complaint", herts_intro,
        "Introduction page: the publish-a-plan gist, '15 areas to act on', what the force has done so far, link to the plan",
        shows="15 areas to act on", crumbs=("About us",))
    add("hertfordshire-action-plan", "hertfordshire",
        f"{f['hertfordshire'].areas}about-us/about-us/stalking-super-complaint/our-action-plan/", "report_sections",
        "Our action plan", herts_report,
        "Numbered report sections (1. Introduction, 1.1 ...), quoting the publish-a-plan recommendation with the year 2025",
        shows="action plan", crumbs=("About us", "Stalking super-complaint"))
    lancs_doc = f"{f['lancashire'].base}/media/5823/stalking-super-complaint-action-tracker.docx"
    add("lancashire-action-tracker", "lancashire", f"{f['lancashire'].base}/about-us/our-action-plan/", "tracker_doc",
        "Our action plan", lambda force, rng: action_tracker_intro(force, rng, lancs_doc),
        "Own site; two-sentence intro calling it an 'action tracker', the tracker is a DOCX",
        site="own", shows="action tracker", crumbs=("About us",),
        documents=with_doc("lancashire-action-tracker", "lancashire", "docx", lancs_doc,
                           "Lancashire Constabulary stalking super-complaint action tracker"))
    sw_doc = f"{f['south-wales'].base}/SysSiteAssets/media/downloads/south-wales/about-us/stalking-action-plan.pdf"
    add("south-wales-news-pdf", "south-wales",
        f"{f['south-wales'].base}/news/south-wales/news/2024/november/our-response-to-the-stalking-super-complaint/",
        "news_doc", "Our response to the stalking super-complaint",
        lambda force, rng: news_with_plan(force, rng, sw_doc), "News item: 'Our action plan is available to read in full here', PDF",
        shows="is available to read in full", crumbs=("News",),
        documents=with_doc("south-wales-news-pdf", "south-wales", "pdf", sw_doc, "South Wales Police stalking action plan"))
    leics_doc = f"{f['leicestershire'].base}/SysSiteAssets/media/downloads/leicestershire/stalking-delivery-plan.pdf"
    add("leicestershire-news-delivery-plan", "leicestershire",
        f"{f['leicestershire'].base}/news/leicestershire/news/2024/november/force-publishes-stalking-delivery-plan/",
        "news_doc", "Force publishes stalking delivery plan",
        lambda force, rng: news_with_plan(force, rng, leics_doc, doc_name="Leicestershire Police Delivery Plan"),
        "News item linking the 'Leicestershire Police Delivery Plan' PDF", shows="Delivery Plan", crumbs=("News",),
        documents=with_doc("leicestershire-news-delivery-plan", "leicestershire", "pdf", leics_doc,
                           "Leicestershire Police Delivery Plan: stalking super-complaint"))
    add("derbyshire-outcomes", "derbyshire",
        f"{f['derbyshire'].areas}about-derbyshire-constabulary/stalking-action-plan/", "narrative",
        "Stalking action plan", derbyshire_outcomes, "'Stalking Action Plan' with outcomes agreed nationally and locally, ACC quote",
        shows="included classification", crumbs=("About Derbyshire Constabulary",))
    add("metropolitan-stac", "metropolitan", f"{f['metropolitan'].areas}about-us/about-the-met/stalking-super-complaint/",
        "narrative", "Stalking super-complaint", met_stac, "Narrative about the Stalking Threat Assessment Centre",
        shows="response to the super-complaint", crumbs=("About us", "About the Met"))
    add("greater-manchester-preamble", "greater-manchester",
        f"{f['greater-manchester'].areas}about-us/about-us/super-complaints/", "preamble", "Super-complaints", long_preamble,
        "The statement, then a preamble so long that the opening holds only the intro", shows=SAYS, crumbs=("About us",))
    add("norfolk-preamble", "norfolk", f"{f['norfolk'].areas}about-us/about-us/stalking-super-complaint/", "preamble",
        "Stalking super-complaint", preamble, "Section 29A preamble then the plan table", shows=SAYS, crumbs=("About us",))
    add("dorset-preamble", "dorset", f"{f['dorset'].areas}about-us/about-us/stalking-action-plan/", "preamble",
        "Stalking action plan", preamble, "Section 29A wording shared with Bedfordshire", shows=SAYS, crumbs=("About us",))
    dc_doc = f"{f['devon-and-cornwall'].base}/SysSiteAssets/media/downloads/devon-and-cornwall/stalking-action-plan.pdf"
    add("devon-cornwall-preamble-pdf", "devon-and-cornwall",
        f"{f['devon-and-cornwall'].areas}about-us/about-us/stalking-action-plan/", "preamble",
        "Stalking action plan",
        lambda force, rng: preamble(force, rng, then="none") + [("doc", "Stalking action plan", dc_doc, "PDF, 290KB")],
        "Preamble and a PDF plan", shows=SAYS, crumbs=("About us",),
        documents=with_doc("devon-cornwall-preamble-pdf", "devon-and-cornwall", "pdf", dc_doc,
                           "Devon and Cornwall Police stalking action plan"))
    add("thames-valley-fourteen", "thames-valley",
        f["thames-valley"].foi("other-information/super-complaints/stalking-super-complaint-action-plan/"),
        "rec_table", "Stalking super-complaint action plan", tv_count,
        "'14 of the 29 concern Chief Constables and the OPCC', Ref/RAG table",
        crumbs=("Freedom of information", "Super-complaints"))
    add("west-midlands-narrative", "west-midlands",
        "https://www.westmidlands.police.uk/police-forces/west-midlands-police/areas/about-us/about-us/stalking-super-complaint/",
        "narrative", "Stalking super-complaint", narrative,
        "On www.westmidlands.police.uk (where the force publishes; the register has west-midlands.police.uk)",
        shows=SAYS, crumbs=("About us",))
    add("south-yorkshire-rec-table", "south-yorkshire",
        "https://www.southyorks.police.uk/police-forces/south-yorkshire-police/areas/about-us/about-us/stalking-action-plan/",
        "rec_table", "Stalking action plan", notts_table,
        "On www.southyorks.police.uk (where the force publishes; the register has southyorkshire.police.uk)",
        crumbs=("About us",))
    cleveland_doc = f"{f['cleveland'].base}/SysSiteAssets/media/downloads/cleveland/stalking-action-plan.docx"
    add("cleveland-landing-docx", "cleveland", f"{f['cleveland'].areas}about-us/about-us/stalking-action-plan/",
        "landing_doc", "Stalking action plan",
        lambda force, rng: landing(force, rng, cleveland_doc, "DOCX, 58KB"), "Landing page; the plan is a DOCX table",
        shows="has published an action plan", crumbs=("About us",),
        documents=with_doc("cleveland-landing-docx", "cleveland", "docx", cleveland_doc,
                           "Cleveland Police stalking super-complaint action plan"))
    nw_doc = f"{f['north-wales'].base}/SysSiteAssets/media/downloads/north-wales/stalking-super-complaint-action-plan.pdf"
    add("north-wales-landing-pdf", "north-wales",
        f"{f['north-wales'].areas}about-us/about-us/stalking-super-complaint/", "landing_doc",
        "Stalking super-complaint", lambda force, rng: landing(force, rng, nw_doc, "PDF, 301KB"),
        "Landing page; the plan is a PDF table", shows="has published an action plan", crumbs=("About us",),
        documents=with_doc("north-wales-landing-pdf", "north-wales", "pdf", nw_doc,
                           "North Wales Police stalking super-complaint action plan"))
    add("durham-rec-table", "durham", f"{f['durham'].areas}about-us/about-us/stalking-super-complaint-our-response/",
        "rec_table", "Stalking super-complaint: our response", template_intro, "Recommendation | Action | Owner | Target date",
        shows="each action is set out beside its recommendation", crumbs=("About us",))
    add("dyfed-powys-narrative", "dyfed-powys", f"{f['dyfed-powys'].areas}about-us/about-us/stalking-super-complaint/",
        "narrative", "Stalking super-complaint", narrative, "Narrative response naming itself the force's response",
        shows=SAYS, crumbs=("About us",))
    add("gwent-accept-table", "gwent", f"{f['gwent'].areas}about-us/about-us/super-complaints/stalking-super-complaint/",
        "accept_table", "Stalking super-complaint", cheshire_accept, "Cheshire-style accept table",
        crumbs=("About us", "Super-complaints"))
    add("humberside-march-update", "humberside",
        f"{f['humberside'].areas}about-us/about-us/stalking-super-complaint/march-2025-update/", "update",
        "March 2025 update", update_page, "Six-month update page with an 'Update March 2025' column",
        crumbs=("About us", "Stalking super-complaint"))
    add("lincolnshire-says-response", "lincolnshire", f"{f['lincolnshire'].areas}about-us/about-us/stalking-super-complaint/",
        "narrative", "Stalking super-complaint", lambda force, rng: narrative(force, rng, with_rec=False)
        + [("p", "We have reviewed each recommendation made to chief constables and set out our actions below."),
           ("table", [["Recommendation", "Our action"], [recs.R7, pick(rng, recs.ACTIONS_7)],
                      [recs.R10, pick(rng, recs.ACTIONS_10)]])],
        "Opens with '<force>'s response to the report on the Suzy Lamplugh Trust's super complaint'", shows=SAYS,
        crumbs=("About us",))
    add("suffolk-narrative", "suffolk", f"{f['suffolk'].areas}about-us/about-us/stalking-action-plan/", "narrative",
        "Stalking action plan", narrative, "Narrative response", shows=SAYS, crumbs=("About us",))
    add("warwickshire-rec-table", "warwickshire",
        f"{f['warwickshire'].areas}about-us/about-us/stalking-super-complaint-action-plan/", "rec_table",
        "Stalking super-complaint action plan", hampshire_table, "Hampshire-style table", crumbs=("About us",))
    add("staffordshire-accordion", "staffordshire",
        f"{f['staffordshire'].areas}about-us/about-us/stalking-super-complaint-our-action-plan/", "accordion",
        "Stalking super-complaint: our action plan", accordion,
        "The platform's accordions, one recommendation a panel (Recommendation 7 - Crime recording)",
        crumbs=("About us",))
    add("essex-accordion", "essex", f"{f['essex'].areas}about-us/about-us/stalking-super-complaint/", "accordion",
        "Stalking super-complaint", accordion, "Accordions", crumbs=("About us",))
    add("suffolk-joint-typos", "suffolk", f"{f['suffolk'].areas}about-us/about-us/stalking-super-complaint-joint-plan/",
        "rec_table", "Stalking super complaint joint plan", typos_table,
        "Norfolk and Suffolk joint plan: 'Recomendation', 'sytems', '27th', words reordered, 'intel reports'",
        shows="recording sytems", crumbs=("About us",))
    hants_doc = f"{f['hampshire'].base}/SysSiteAssets/media/downloads/hampshire/stalking-action-plan-march-2025.pdf"
    add("hampshire-embedded-pdf", "hampshire", f"{f['hampshire'].areas}about-us/about-us/stalking-action-plan-update/",
        "embedded_doc", "Stalking action plan update", lambda force, rng: embedded(force, rng, hants_doc),
        "The plan shown in an embedded viewer (<iframe>), with no link to it", shows="response to each recommendation",
        crumbs=("About us",),
        documents=with_doc("hampshire-embedded-pdf", "hampshire", "pdf", hants_doc,
                           "Hampshire and Isle of Wight Constabulary stalking action plan: March 2025 update"))
    add("cumbria-bare-rec-7", "cumbria", f"{f['cumbria'].areas}about-us/about-us/our-action-plan/", "rec_table",
        "Our action plan",
        lambda force, rng: [("table", [["Recommendation", "Force action", "Update"],
                                       [recs.R7, pick(rng, recs.ACTIONS_7), pick(rng, recs.UPDATES_7)],
                                       [recs.R7_1, pick(rng, recs.ACTIONS_7_1), pick(rng, recs.UPDATES_7)],
                                       [recs.R10, pick(rng, recs.ACTIONS_10), pick(rng, recs.UPDATES_10)]])],
        "No breadcrumb and no intro: a title from 'our-action-plan' and recommendation 7 answered; the report's "
        "sentence is the only sign of the topic")
    return out
