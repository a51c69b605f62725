"""Words for force pages: responses, action plans, landing pages, advice pages and homepages.

Responses are built on the layouts real forces use for the stalking super-complaint (see
../shared/realpages/recommendations.md, "How forces lay out their responses"): a table per
recommendation, key-value blocks per sub-part from the NPCC template, headings by theme with the
number in brackets, narrative pages that quote the publish-a-plan recommendation, and landing pages
or news items that link the plan as a PDF or a Word document. Every layout quotes the report's own
recommendations to chief constables (7 and its sub-parts, 10, publish-a-plan, and the three known
by their wording), with the variants forces write: "27/03/25", a dropped "their", "Chief
Constables", a missing number, "Recomendation".

Each force gets its own layout, wording, actions, updates and statuses, picked deterministically
from its id, so pages differ the way real force sites do while every run serves identical bytes.
The sentences of the recommendations are the report's (Crown copyright, Open Government Licence),
except 16 and 25, whose wording is not public (their gist, in our words); everything a force says in
reply is written for the replica.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from html import escape

from .scenario import ReplicaForce


def pick(force_id: str, salt: str, options: list | tuple):
    """A stable choice for this force (same every run, differs between forces)."""
    return options[zlib.crc32(f"{salt}:{force_id}".encode()) % len(options)]


def _number(force_id: str, salt: str, low: int, high: int) -> int:
    return low + zlib.crc32(f"{salt}:{force_id}".encode()) % (high - low + 1)


# -- the report's recommendations to chief constables ------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A sub-part of a recommendation as the NPCC template numbers it (7.1, 7.2)."""

    label: str
    text: str
    evidence: str  # the template's "Evidence requirements of progress/completion", in our words


@dataclass(frozen=True)
class Recommendation:
    """One recommendation to chief constables.

    number: the report's number where it is known (None: forces quote it without one)
    deadline: "27 March 2025" or "22 November 2024"; text: the sentence after "By <deadline>, "
    actions / updates: what a force writes in reply (initial response; a later update), options
    """

    key: str
    number: int | None
    theme: str  # a heading as forces give it ("Crime recording")
    deadline: str | None
    text: str
    parts: tuple[Part, ...]
    owners: tuple[str, ...]
    actions: tuple[str, ...]
    updates: tuple[str, ...]
    joint: bool = False  # made to PCCs and chief constables together


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(
        "plan",
        None,
        "Publishing our action plan",
        "22 November 2024",
        "(56 days from publication), publish on their force website an action plan which explains what their force "
        "will do in response to each of the recommendations made to them and send the NPCC a link to where this "
        "action plan can be found.",
        (),
        ("Chief Constable", "Deputy Chief Constable"),
        (
            "This page is our action plan. A link to it was sent to the NPCC lead for stalking and harassment in "
            "November 2024.",
            "The plan was signed off at the Chief Officer Group and published on this website; the NPCC has been "
            "sent the link.",
        ),
        (
            "Our six-month update was sent to the NPCC in March 2025 and is shown against each recommendation below.",
            "The plan is reviewed each quarter at our stalking delivery board and this page is updated afterwards.",
        ),
    ),
    Recommendation(
        "7",
        7,
        "Crime recording",
        "27 March 2025",
        "where required, seek changes to their crime recording systems to enable staff and officers to document "
        "and search for crimes not recorded as the principal crime, as included classifications on crime records.",
        (
            Part(
                "7.1",
                "Processes should be put in place to make sure this system capability is effectively used by officers "
                "and staff.",
                "A recording process and guidance issued to officers and staff; audit results showing it is used.",
            ),
            Part(
                "7.2",
                "While any necessary system changes are pending, chief constables should put alternative measures in "
                "place to make sure stalking and related offences are fully searchable. This could, for example, be "
                "the submission of intelligence reports.",
                "Interim searching arrangements in place and briefed, until the system change is live.",
            ),
        ),
        ("Force Crime Registrar", "Head of Crime and Incident Data Quality", "Head of Public Protection"),
        (
            "Our records system ({system}) already lets a second, included classification be added to a crime. We "
            "have asked the supplier to make those classifications searchable in every report.",
            "A change request was raised with the {system} supplier in October 2024 so that stalking can be recorded "
            "and found as an included classification beside the principal crime.",
            "We checked how stalking is recorded beside other offences in {system}. Crime recording guidance now "
            "tells officers to add stalking as an included classification whenever the behaviour is present.",
        ),
        (
            "The {system} change went live in February 2025. A dip-sample of {n} crimes found the included "
            "classification used correctly in most cases; the Force Crime Registrar audits it monthly.",
            "Until the system change is delivered, officers submit an intelligence report flagged for stalking so "
            "every case can be searched. The interim process was briefed to all response and investigation teams.",
            "Searching for stalking recorded as an included classification is now part of the monthly crime data "
            "integrity audit. {n} records were reviewed in the last quarter.",
        ),
    ),
    Recommendation(
        "10",
        10,
        "Learning and training",
        "27 March 2025",
        "review and update their learning and training provision relating to stalking.",
        (),
        ("Head of Learning and Development", "Head of Public Protection", "Force Training Manager"),
        (
            "We have reviewed our stalking training against the College of Policing learning standards. Call "
            "handlers, response officers and investigators each have a tailored package.",
            "A training needs analysis for stalking was completed in November 2024 with a specialist stalking "
            "advocacy service.",
            "Stalking is part of our public protection continuous professional development programme; the content "
            "is being refreshed to cover online stalking and the fixated, obsessive, unwanted and repeated (FOUR) "
            "behaviours.",
        ),
        (
            "{pct}% of frontline officers and staff have completed the updated stalking e-learning. Face-to-face "
            "input for detective sergeants was delivered in March 2025.",
            "The refreshed training has been delivered to {n} officers and call handlers; completion is monitored "
            "at the public protection performance meeting.",
            "New recruits now receive stalking input including cyber-enabled stalking; {pct}% of existing "
            "investigators have completed the College of Policing module.",
        ),
    ),
    Recommendation(
        "investigation",
        None,
        "Quality of investigations",
        "27 March 2025",
        "take steps to improve the quality of stalking investigations by taking a victim centred, suspect focussed "
        "and context led approach",
        (),
        ("Head of Crime", "Detective Chief Superintendent, Public Protection"),
        (
            "Every stalking investigation now has a supervisor review within 72 hours and an investigation plan "
            "that considers the suspect's history as well as the latest incident.",
            "We have introduced stalking scrutiny sessions where detective inspectors review open cases with the "
            "investigating officer.",
        ),
        (
            "Supervisor reviews were completed in {pct}% of stalking crimes audited in March 2025.",
            "Monthly case reviews with the Crown Prosecution Service started in January 2025 and {n} cases have been "
            "reviewed so far.",
        ),
    ),
    Recommendation(
        "online",
        None,
        "Online stalking",
        "27 March 2025",
        "take steps to improve how their force effectively recognises and responds to online elements of stalking",
        (),
        ("Head of Digital Forensics", "Head of Cyber Crime"),
        (
            "Digital investigation advice is available to every stalking investigation through our digital media "
            "investigators, and a guide on capturing online evidence has been issued.",
            "Our cyber crime unit has written guidance for officers on recognising online stalking behaviour, "
            "including fake profiles and tracking apps.",
        ),
        (
            "Digital media investigators gave advice in {n} stalking cases between December 2024 and March 2025.",
            "Guidance on online stalking is now part of the stalking investigation checklist.",
        ),
    ),
    Recommendation(
        "screening",
        None,
        "Early screening",
        "27 March 2025",
        "implement a mechanism for early screening of crimes to improve the identification, recording and "
        "management of all stalking cases.",
        (),
        ("Head of Contact Management", "Head of Public Protection"),
        (
            "Harassment, malicious communications and breach of order crimes are screened each morning by the "
            "public protection hub so stalking is identified early.",
            "A daily screening of new crimes for stalking behaviours has started in the crime management unit, "
            "with stalking prompts added for call handlers.",
        ),
        (
            "The daily screening identified {n} crimes re-classified as stalking in its first three months.",
            "Early screening is now business as usual and is overseen by the Force Crime Registrar.",
        ),
    ),
    # 16 and 25 are joint with PCCs; only their openings and gist are public (the APCC's summary), so
    # the sentences below are that gist in our words, not the report's: a matcher should not expect them.
    Recommendation(
        "16",
        16,
        "Victim support (joint with the Police and Crime Commissioner)",
        "27 March 2025",
        "work together to review commissioning arrangements for services that support victims of stalking.",
        (),
        ("Police and Crime Commissioner and Chief Constable",),
        (
            "We are working with the Office of the Police and Crime Commissioner, who commissions the local "
            "stalking advocacy service, to review referral routes.",
        ),
        (
            "Referrals from officers to the independent stalking advocacy service rose to {n} in the last quarter.",
        ),
        joint=True,
    ),
    Recommendation(
        "25",
        25,
        "Multi-agency working (joint with the Police and Crime Commissioner)",
        None,
        "explore how to improve working between police forces and local partners so that the approach to stalking "
        "is an effective multi-agency one.",
        (),
        ("Police and Crime Commissioner and Chief Constable",),
        (
            "A multi-agency stalking intervention panel with probation, health and the stalking advocacy service "
            "meets monthly to manage high-risk cases.",
        ),
        (
            "The panel has reviewed {n} cases since it began; perpetrator referrals are tracked by the partnership.",
        ),
        joint=True,
    ),
)
BY_KEY = {rec.key: rec for rec in RECOMMENDATIONS}

SYSTEMS = ("Niche", "Athena", "Connect", "Niche RMS", "Unifi")
STATUSES = ("Action complete", "Complete", "In progress", "On track", "Ongoing", "Partially complete",
            "Business as usual")
DATES = ("Nov-24", "Dec-24", "Jan-25", "Mar-25", "Jun-25", "Sep-25")


def _fill(force: ReplicaForce, key: str, text: str) -> str:
    return text.format(system=pick(force.id, "system", SYSTEMS), n=_number(force.id, key + "n", 12, 480),
                       pct=_number(force.id, key + "pct", 71, 98))


def quote(force: ReplicaForce, rec: Recommendation, *, with_date: bool | None = None) -> str:
    """The recommendation's sentence as this force quotes it (its date style, its slips)."""
    text = rec.text
    if rec.deadline is None:
        return text[0].upper() + text[1:]
    style = pick(force.id, "datestyle", ("long", "long", "long", "slash", "th", "none"))
    if with_date is False or (with_date is None and style == "none"):
        opening = ""
    elif style == "slash":
        day, month, year = rec.deadline.split()
        months = {"March": "03", "November": "11"}
        opening = f"By {day}/{months[month]}/{year[2:]}, "
    elif style == "th":
        day, month, year = rec.deadline.split()
        suffix = {"1": "st", "2": "nd", "3": "rd"}.get(day[-1], "th") if day not in ("11", "12", "13") else "th"
        opening = f"By {day}{suffix} {month} {year}, "
    else:
        opening = f"By {rec.deadline}, "
    if rec.key == "plan" and opening:
        opening = opening[:-2] + " "  # "By 22 November 2024 (56 days from publication), publish ..."
    if pick(force.id, "dropthe", (False, False, True)):
        text = text.replace("changes to their crime", "changes to crime")
    if rec.key == "plan" and not opening:
        text = text.split(", ", 1)[1]  # "(56 days from publication), " goes with the date
    sentence = opening + text if opening else text[0].upper() + text[1:]
    return sentence


def quote_part(force: ReplicaForce, part: Part) -> str:
    if pick(force.id, "capitals", (False, True)):
        return part.text.replace("chief constables", "Chief Constables")
    return part.text


@dataclass(frozen=True)
class Row:
    """One recommendation as this force answers it."""

    rec: Recommendation
    quoted: str
    owner: str
    action: str
    update: str
    status: str
    date: str


# Not every force answered every recommendation (the NPCC's progress report says as much), so a
# few plans skip one; Merseyside's skips 10, so a test can watch the digest notice when it starts
# answering it.
OMITTED = {"merseyside": ("10",), "cumbria": ("online",), "norfolk": ("screening",)}


def rows(force: ReplicaForce) -> list[Row]:
    """The recommendations this force answers, in its order, with its own words."""
    keys = [k for k in ("7", "10", "investigation", "online", "screening") if k not in OMITTED.get(force.id, ())]
    if pick(force.id, "hasplan", (True, True, False)):
        keys.insert(0, "plan")
    if pick(force.id, "joint", (True, False)):
        keys += ["16", "25"]
    out = []
    for key in keys:
        rec = BY_KEY[key]
        status = pick(force.id, key + "status", STATUSES)
        out.append(Row(
            rec=rec,
            quoted=quote(force, rec),
            owner=pick(force.id, key + "owner", rec.owners),
            action=_fill(force, key, pick(force.id, key + "action", rec.actions)),
            update=_fill(force, key, pick(force.id, key + "update", rec.updates)),
            status=status,
            date=pick(force.id, key + "date", DATES),
        ))
    return out


# -- page wording ------------------------------------------------------------------------------------

HEADINGS = (
    "Stalking super-complaint action plan",
    "Police response to stalking: our action plan",
    "Our response to the stalking super-complaint",
    "Super-complaint: the police response to stalking",
    "Stalking action plan",
    "Super-complaint into the police response to stalking: action plan",
)


def heading(force: ReplicaForce) -> str:
    return pick(force.id, "heading", HEADINGS)


LAYOUTS = ("rec_table", "kv_blocks", "npcc_template", "response_table", "themes", "narrative", "action_column",
           "report")
# Forces whose real layout is known from public pages keep it here; the rest are spread by pick().
LAYOUT_FOR = {
    "hampshire": "rec_table", "kent": "kv_blocks", "gloucestershire": "npcc_template", "cheshire": "response_table",
    "nottinghamshire": "response_table", "avon-and-somerset": "themes", "merseyside": "narrative",
    "city-of-london": "action_column", "hertfordshire": "report", "cambridgeshire": "kv_blocks",
}


def layout_of(force: ReplicaForce) -> str:
    return LAYOUT_FOR.get(force.id) or pick(force.id, "layout", LAYOUTS)


def _intro(force: ReplicaForce, term: str) -> str:
    name = escape(force.name)
    options = (
        f"<p>In September 2024 the Independent Office for Police Conduct (IOPC), His Majesty's Inspectorate of "
        f"Constabulary and Fire &amp; Rescue Services (HMICFRS) and the College of Policing published their report "
        f"on the {term} made by the Suzy Lamplugh Trust, on behalf of the National Stalking Consortium, about the "
        f"police response to stalking.</p><p>The report made recommendations to chief constables. This page sets "
        f"out what {name} is doing about each of them and how far we have got.</p>",
        f"<p>This plan lists the report's recommendations for Chief Constables in the report on the {term} "
        f"submitted by the Suzy Lamplugh Trust. Having reviewed them, {name} has identified actions for each "
        f"one; they are listed beside the recommendations below, with our latest update on stalking.</p>",
        f"<p>This is {name}'s response to the report on the Suzy Lamplugh Trust's {term} about the police "
        f"response to stalking, published by HMICFRS, the College of Policing and the IOPC on 27 September "
        f"2024.</p><p>Each recommendation made to chief constables is quoted below with our response.</p>",
        f"<p>A {term} is a complaint that a feature of policing is harming the interests of the public. In "
        f"November 2022 the Suzy Lamplugh Trust, on behalf of the National Stalking Consortium, raised a {term} "
        f"about the police response to stalking, and the joint investigation reported in September 2024.</p>"
        f"<p>Chief constables were asked to publish an action plan explaining how they would respond to each "
        f"recommendation. This is the {name} plan.</p>",
    )
    return pick(force.id, "intro", options)


def _leads(force: ReplicaForce) -> str:
    executive = pick(force.id, "exec", ("Assistant Chief Constable", "Deputy Chief Constable"))
    operational = pick(force.id, "oplead", ("Detective Superintendent, Public Protection", "Head of Safeguarding",
                                            "Detective Chief Inspector, Domestic Abuse and Stalking"))
    return f"<p><strong>Executive Lead:</strong> {executive}<br><strong>Operational Lead:</strong> {operational}</p>"


def _label(force: ReplicaForce) -> str:
    return pick(force.id, "spelling", ("Recommendation", "Recommendation", "Recommendation", "Recomendation"))


def _no(row: Row) -> str:
    return str(row.rec.number) if row.rec.number is not None else ""


def _rec_table(force: ReplicaForce, rs: list[Row]) -> str:
    """Hampshire's shape: Rec No. | Recomendation | Sub recommendation | Rec. Owner | Initial | March update."""
    later = pick(force.id, "later", ("March 2025 update", "March 2026 update"))
    head = ("Rec No.", _label(force), "Sub recommendation/", "Rec. Owner", "Initial action plan response", later)
    out = ['<table class="table"><thead><tr>', *(f'<th scope="col">{escape(h)}</th>' for h in head), "</tr></thead><tbody>"]
    owner = pick(force.id, "recowner", ("Chief Constables", "Chief constables"))
    for row in rs:
        parts = row.rec.parts or (None,)
        for i, part in enumerate(parts):
            sub = f"{part.label} {quote_part(force, part)}" if part else ""
            first = i == 0
            out.append(
                f"<tr><td>{_no(row) if first else ''}</td><td>{escape(row.quoted) if first else ''}</td>"
                f"<td>{escape(sub)}</td><td>{owner}</td><td>{escape(row.action) if first else 'See above.'}</td>"
                f"<td>{escape(row.update) if first else escape(row.status)}</td></tr>"
            )
    out.append("</tbody></table>")
    return "".join(out)


def _kv_blocks(force: ReplicaForce, rs: list[Row]) -> str:
    """Kent's and Cambridgeshire's shape: the sentence with no number, then one block per sub-part."""
    out = [_leads(force)]
    for row in rs:
        out.append(f"<h3>{escape(row.rec.theme)}</h3><p>{escape(row.quoted)}</p>")
        labels = [(f"{p.label} {quote_part(force, p)}", p.evidence) for p in row.rec.parts] or [
            (str(row.rec.number) if row.rec.number else row.rec.theme, "An action plan with owners and dates, and "
             "evidence that each action has been delivered.")]
        for label, evidence in labels:
            out.append(
                '<div class="recommendation-block"><dl>'
                f"<dt>{_label(force)}:</dt><dd>{escape(label)}</dd>"
                f"<dt>Evidence requirements of progress:</dt><dd>{escape(evidence)}</dd>"
                f"<dt>Recommendation owner:</dt><dd>Chief constables</dd>"
                f"<dt>Force update:</dt><dd>{escape(row.action)} {escape(row.update)}</dd>"
                f"<dt>Date:</dt><dd>{row.date}</dd><dt>Status:</dt><dd>{escape(row.status)}</dd>"
                "<dt>Supporting documents:</dt><dd>Available on request</dd></dl></div>"
            )
    return "".join(out)


def _npcc_template(force: ReplicaForce, rs: list[Row]) -> str:
    """Gloucestershire's shape: the NPCC framework's columns."""
    out = [
        f"<p>{escape(force.name)} reports its progress in the National Police Chiefs' Council (NPCC) template for recording "
        "progress against each recommendation.</p>",
        "<table><thead><tr><th>Recommendation number</th><th>Evidence requirements of progress/completion</th>"
        "<th>Force update</th><th>Status</th></tr></thead><tbody>",
    ]
    for row in rs:
        out.append(f'<tr><td colspan="4"><strong>{escape(_no(row) or row.rec.theme)}</strong> {escape(row.quoted)}</td></tr>')
        for part in row.rec.parts:
            out.append(f"<tr><td>{part.label}</td><td>{escape(quote_part(force, part))} {escape(part.evidence)}</td>"
                       f"<td>{escape(row.update)}</td><td>{escape(row.status)}</td></tr>")
        if not row.rec.parts:
            out.append(f"<tr><td>{escape(_no(row))}</td><td>Action plan in place and delivered.</td>"
                       f"<td>{escape(row.action)} {escape(row.update)}</td><td>{escape(row.status)}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


ACCEPT = (
    "We accept this recommendation. Having looked at what we do now, we already meet part of it.",
    "We accept this recommendation and already meet most of what it asks.",
    "We accept this recommendation in full.",
)


def _response_table(force: ReplicaForce, rs: list[Row]) -> str:
    """Cheshire's and Nottinghamshire's shape: No. | Recommendation | the force's response."""
    column = pick(force.id, "respcol", ("Initial Constabulary Response 21st November 2024", "Response",
                                        "Our response (November 2024)"))
    out = [f"<table><thead><tr><th>No.</th><th>{_label(force)}s</th><th>{escape(column)}</th></tr></thead><tbody>"]
    for row in rs:
        parts = "".join(f"<p>{p.label} {escape(quote_part(force, p))}</p>" for p in row.rec.parts)
        accept = pick(force.id, row.rec.key + "accept", ACCEPT)
        out.append(f"<tr><td>{_no(row)}</td><td><p>{escape(row.quoted)}</p>{parts}</td>"
                   f"<td><p>{accept}</p><p>{escape(row.action)}</p><p><strong>Update:</strong> {escape(row.update)}</p></td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _themes(force: ReplicaForce, rs: list[Row]) -> str:
    """Avon and Somerset's shape: a heading per theme, "(recommendation 7)"; received / current / pledge."""
    out = []
    for row in rs:
        bracket = f" (recommendation {row.rec.number})" if row.rec.number else ""
        items = [row.quoted, *(quote_part(force, p) for p in row.rec.parts)]
        out.append(
            f"<h2>{escape(row.rec.theme)}{bracket}</h2><h3>Recommendation received</h3><ol>"
            + "".join(f"<li>{escape(item)}</li>" for item in items)
            + f"</ol><h3>Our current process</h3><p>{escape(row.action)}</p>"
            f"<h3>Changes we pledge to make</h3><p>{escape(row.update)}</p>"
        )
    return "".join(out)


def _narrative(force: ReplicaForce, rs: list[Row]) -> str:
    """Merseyside's shape: the publish-a-plan recommendation quoted first, then paragraphs."""
    plan = quote(force, BY_KEY["plan"])
    out = [
        f"<p>One of the report's recommendations to Chief Constables reads:</p><blockquote><p>"
        f"{escape(plan)}</p></blockquote><p>The following sets out the {escape(force.name)} response.</p>"
    ]
    for row in rs:
        if row.rec.key == "plan":
            continue
        out.append(f"<p><em>{escape(row.quoted)}</em></p>")
        out.extend(f"<p><em>{escape(quote_part(force, p))}</em></p>" for p in row.rec.parts)
        out.append(f"<p>{escape(row.action)} {escape(row.update)} Current status: {escape(row.status.lower())}.</p>")
    return "".join(out)


def _paraphrase(row: Row) -> str:
    text = row.quoted
    for old, new in (("seek changes to their", "forces are to make changes to their"),
                     ("seek changes to crime", "forces are to make changes to crime"),
                     ("review and update their", "Police Forces will review and update their"),
                     ("take steps to", "Police Forces will take steps to"),
                     ("implement a mechanism", "Police Forces will implement a mechanism")):
        text = text.replace(old, new, 1)
    return text


def _action_column(force: ReplicaForce, rs: list[Row]) -> str:
    """City of London's shape: Recommendation: | Force Update: | Action |, paraphrased, "ACTION:" rows."""
    out = ["<table><thead><tr><th>Recommendation:</th><th>Force Update:</th><th>Action</th></tr></thead><tbody>"]
    for row in rs:
        subs = "".join(f"<p>{p.label} {escape(quote_part(force, p))}</p>" for p in row.rec.parts)
        out.append(f"<tr><td><p>{escape(_paraphrase(row))}</p>{subs}</td><td>{escape(row.update)}</td>"
                   f"<td>ACTION: {escape(row.action)}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _report(force: ReplicaForce, rs: list[Row], term: str) -> str:
    """Hertfordshire's shape: a report with numbered sections."""
    out = [
        "<h2>1. Introduction</h2>",
        f"<p>1.1 This document is the {escape(force.name)} action plan in response to the {term} report on the "
        "police response to stalking.</p>",
        f"<p>1.2 Forces are required to publish an action plan on their website, and {escape(force.name)} has "
        f"{len(rs)} areas for action set out below.</p>",
        "<h2>2. Recommendations and actions</h2>",
    ]
    for i, row in enumerate(rs, start=1):
        number = f" (recommendation {row.rec.number})" if row.rec.number else ""
        subs = "".join(f"<p>{p.label} {escape(quote_part(force, p))}</p>" for p in row.rec.parts)
        out.append(f"<h3>2.{i} {escape(row.rec.theme)}{number}</h3><p>{escape(row.quoted)}</p>{subs}"
                   f"<p><strong>Action:</strong> {escape(row.action)}</p><p><strong>Owner:</strong> "
                   f"{escape(row.owner)}. <strong>Status:</strong> {escape(row.status)}.</p>"
                   f"<p><strong>Update ({row.date}):</strong> {escape(row.update)}</p>")
    return "".join(out)


def recommendations_html(force: ReplicaForce, term: str = "super-complaint") -> str:
    rs = rows(force)
    layout = layout_of(force)
    if layout == "report":
        return _report(force, rs, term)
    return {
        "rec_table": _rec_table, "kv_blocks": _kv_blocks, "npcc_template": _npcc_template,
        "response_table": _response_table, "themes": _themes, "narrative": _narrative,
        "action_column": _action_column,
    }[layout](force, rs)


HELP = (
    '<h2 id="help">If you are being stalked</h2><p>If you are in immediate danger call 999. If you cannot '
    "speak, cough or tap the handset and follow the instructions. You can report stalking online or by "
    "calling 101.</p><p>The National Stalking Helpline, run by the Suzy Lamplugh Trust, gives free, "
    "confidential advice on 0808 802 0300. Paladin, the National Stalking Advocacy Service, supports "
    "high-risk victims.</p>"
)


def response_main(force: ReplicaForce, *, term: str = "super-complaint") -> str:
    """The body of a published response page, in this force's layout."""
    updated = pick(force.id, "updated", ("14 March 2025", "28 February 2025", "2 April 2025", "31 January 2025",
                                         "21 November 2024", "19 March 2026"))
    title = heading(force).replace("super-complaint", term)
    layout = layout_of(force)
    closing = pick(force.id, "closing", (
        "<h2 id=\"next\">What happens next</h2><p>Progress is overseen by our Deputy Chief Constable at the "
        "stalking delivery board and reported to the Police and Crime Commissioner. We update this page after "
        "each review.</p>",
        "<h2 id=\"next\">Governance</h2><p>The plan is owned by the Chief Officer Group. Updates were sent to the "
        "NPCC in March 2025.</p>",
        "",
    ))
    body = recommendations_html(force, term)
    if layout in ("narrative", "report"):
        intro = ""  # these layouts open with their own framing, as the real pages do
    else:
        intro = _intro(force, term)
    return (
        f'<h1 class="page-title">{escape(title)}</h1>'
        f'<p class="page-meta">Last updated: {updated}</p>'
        f"{intro}{_lead_in(force, term) if not intro else ''}{body}{closing}{HELP}"
    )


def _lead_in(force: ReplicaForce, term: str) -> str:
    """One line of framing for the layouts without an introduction."""
    return (f"<p>Stalking is a priority for {escape(force.name)}. This page is our response to the recommendations "
            f"made to chief constables in the {term} report on the police response to stalking, raised by the Suzy "
            f"Lamplugh Trust.</p>")


def plan_blocks(force: ReplicaForce) -> list[tuple[str, str]]:
    """The action plan as (kind, text) blocks for pdf.make_pdf: the NPCC template as forces filled it in."""
    blocks: list[tuple[str, str]] = [
        ("title", f"{force.name}: stalking super-complaint action plan"),
        ("small", "Version 1.2, March 2025. OFFICIAL - for publication."),
        ("p", "Executive Lead: " + pick(force.id, "exec", ("Assistant Chief Constable", "Deputy Chief Constable"))),
        ("h", "Background"),
        (
            "p",
            "In September 2024 the IOPC, HMICFRS and the College of Policing published a joint report on "
            "the super-complaint made by the Suzy Lamplugh Trust, on behalf of the National Stalking "
            "Consortium, about the police response to stalking. This plan sets out how "
            f"{force.name} is responding to the recommendations made to chief constables.",
        ),
        ("h", "Recommendations to chief constables"),
    ]
    for row in rows(force):
        number = f"Recommendation {row.rec.number}: " if row.rec.number else ""
        blocks.append(("h", f"{number}{row.rec.theme}"))
        blocks.append(("p", row.quoted))
        for part in row.rec.parts:
            blocks.append(("li", f"{part.label} - Evidence requirements of progress/completion: {part.evidence}"))
            blocks.append(("p", quote_part(force, part)))
        blocks.append(("li", f"Owner: {row.owner}"))
        blocks.append(("li", f"Status: {row.status}"))
        blocks.append(("p", f"Initial action plan response: {row.action}"))
        blocks.append(("p", f"March 2025 update: {row.update}"))
    blocks.append(("h", "Governance"))
    blocks.append(("p", "The Deputy Chief Constable chairs the board that oversees this plan; progress is "
                        "reported quarterly to the Police and Crime Commissioner."))
    return blocks


def plan_paragraphs(force: ReplicaForce) -> tuple[list[str], list[list[str]]]:
    """The action plan as a Word document holds it: paragraphs, then the plan as one table."""
    paragraphs = [text for kind, text in plan_blocks(force)[:6]]
    table = [["Rec No.", "Recommendation", "Owner", "Initial action plan response", "March 2025 update", "Status"]]
    for row in rows(force):
        subs = " ".join(f"{p.label} {quote_part(force, p)}" for p in row.rec.parts)
        table.append([_no(row), f"{row.quoted} {subs}".strip(), row.owner, row.action, row.update, row.status])
    return paragraphs, table


def landing_main(force: ReplicaForce, pdf_href: str, size_label: str) -> str:
    """A short page that only links the PDF action plan (as many forces publish)."""
    return (
        f'<h1 class="page-title">{escape(heading(force))}</h1>'
        "<p>In September 2024 a joint report by HMICFRS, the College of Policing and the IOPC was "
        "published following a super-complaint about the police response to stalking.</p>"
        f"<p>{escape(force.name)} has prepared an action plan in response to the recommendations made to "
        "chief constables. You can read it below.</p>"
        f'<div class="download"><a class="download__link" href="{escape(pdf_href)}">Download our stalking '
        f'super-complaint action plan (PDF, {size_label})</a><p class="download__meta">This file may not be '
        "suitable for users of assistive technology. Email us to request an accessible format.</p></div>"
        f"{HELP}"
    )


def news_main(force: ReplicaForce, doc_href: str, size_label: str, published: str = "22 November 2024") -> str:
    """A news item announcing the plan and linking it as a Word document (South Wales, Leicestershire)."""
    name = escape(force.name)
    return (
        f'<h1 class="page-title">Our action plan in response to the stalking super-complaint</h1>'
        f'<p class="news-date">Published: {published}</p>'
        f"<p>{name} has published its action plan responding to the recommendations of the super-complaint "
        "report on the police response to stalking, made by the Suzy Lamplugh Trust.</p>"
        f"<p>\u201cStalking causes serious and lasting harm,\u201d said our "
        f"{pick(force.id, 'acc', ('Assistant Chief Constable', 'Deputy Chief Constable'))}. \u201cThis plan sets out "
        "what we are changing, from how we record stalking to how we train our officers.\u201d</p>"
        f'<p>Our action plan is available to read in full here: <a href="{escape(doc_href)}">stalking super-complaint '
        f"action plan (Word document, {size_label})</a>.</p>{HELP}"
    )


WELSH_STATUS = {
    "Action complete": "Cam weithredu wedi'i gwblhau",
    "Complete": "Wedi'i gwblhau",
    "In progress": "Ar y gweill",
    "On track": "Ar y trywydd iawn",
    "Ongoing": "Parhaus",
    "Partially complete": "Wedi'i gwblhau'n rhannol",
    "Business as usual": "Busnes fel arfer",
}
WELSH_THEME = {
    "plan": "Cyhoeddi ein cynllun gweithredu",
    "7": "Cofnodi troseddau",
    "10": "Dysgu a hyfforddiant",
    "investigation": "Ansawdd ymchwiliadau",
    "online": "Stelcian ar-lein",
    "screening": "Sgrinio cynnar",
    "16": "Cymorth i ddioddefwyr (ar y cyd â'r Comisiynydd)",
    "25": "Gweithio amlasiantaethol (ar y cyd â'r Comisiynydd)",
}


def bilingual_main(force: ReplicaForce) -> str:
    """A Welsh-first bilingual response page, as Welsh forces publish."""
    welsh_rows = "".join(
        f"<tr><td>{'Argymhelliad ' + str(row.rec.number) + ': ' if row.rec.number else ''}{WELSH_THEME[row.rec.key]}</td>"
        f"<td>{WELSH_STATUS[row.status]}</td></tr>"
        for row in rows(force)
    )
    english = response_main(force)
    return (
        '<div lang="cy" class="bilingual bilingual--cy">'
        "<h1 class=\"page-title\">Ein hymateb i'r uwch-gŵyn am stelcian</h1>"
        "<p>Ym mis Medi 2024, cyhoeddodd Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC), Arolygiaeth "
        "Cwnstabliaethau a Gwasanaethau Tân ac Achub EF (HMICFRS) a'r Coleg Plismona adroddiad ar yr "
        "uwch-gŵyn a gyflwynwyd gan Ymddiriedolaeth Suzy Lamplugh ar ran y Consortiwm Stelcian "
        "Cenedlaethol.</p><p>Mae'r adroddiad yn gwneud argymhellion i bob prif gwnstabl. Mae'r tabl isod "
        "yn nodi ein cynnydd yn erbyn pob argymhelliad.</p>"
        '<table><thead><tr><th scope="col">Argymhelliad</th><th scope="col">Statws</th></tr></thead>'
        f"<tbody>{welsh_rows}</tbody></table>"
        "<p>Os ydych mewn perygl uniongyrchol, ffoniwch 999.</p></div>"
        '<hr class="bilingual__divider">'
        f'<div lang="en" class="bilingual bilingual--en">{english}</div>'
    )


def advice_main(force: ReplicaForce) -> str:
    """A generic 'Stalking and harassment' advice page: about stalking, not the super-complaint."""
    return (
        '<h1 class="page-title">Stalking and harassment</h1>'
        "<p>Stalking is a pattern of fixated, obsessive, unwanted and repeated behaviour (FOUR) that "
        "causes you fear, alarm or distress. Harassment is when someone behaves in a way that makes you "
        "feel distressed, humiliated or threatened.</p>"
        '<h2 id="signs">Signs of stalking</h2><ul><li>regularly following you or turning up where you '
        "are</li><li>repeated calls, messages or emails, including on social media</li><li>sending you "
        "unwanted gifts</li><li>monitoring your use of the internet, email or other electronic "
        "communication</li><li>damaging your property or breaking into your home</li></ul>"
        '<h2 id="what-to-do">What you can do</h2><p>Keep a diary of everything that happens, including '
        "dates, times and who was there. Keep messages and screenshots. Tell people you trust.</p>"
        '<h2 id="report">Report stalking or harassment</h2><p>Call 999 if you are in immediate danger. '
        f"Otherwise report it online or call 101. {escape(force.name)} takes every report seriously.</p>"
        "<h2 id=\"support\">Support</h2><p>The National Stalking Helpline: 0808 802 0300. Paladin National "
        "Stalking Advocacy Service. Protection Against Stalking. Victim Support: 08 08 16 89 111.</p>"
    )


def homepage_main(force: ReplicaForce, advice_path: str) -> str:
    name = escape(force.name)
    return (
        f'<h1 class="visually-hidden">{name} homepage</h1>'
        '<section class="hero"><h2>How can we help?</h2><ul class="tiles">'
        '<li><a href="/report/">Report a crime or incident</a></li>'
        '<li><a href="/contact/">Contact us</a></li>'
        f'<li><a href="{advice_path}">Stalking and harassment</a></li>'
        '<li><a href="/advice/advice-and-information/daa/domestic-abuse/">Domestic abuse</a></li>'
        '<li><a href="/police-forces/your-area/">Find your local team</a></li>'
        '<li><a href="/careers/">Join us</a></li></ul></section>'
        '<section class="news"><h2>Latest news</h2><ul>'
        "<li><a href=\"/news/2025/03/appeal-for-witnesses/\">Appeal for witnesses after collision</a></li>"
        "<li><a href=\"/news/2025/03/week-of-action-on-knife-crime/\">Week of action on knife crime</a></li>"
        "<li><a href=\"/news/2025/02/new-officers-pass-out/\">New officers pass out</a></li></ul></section>"
        f"<section class=\"promo\"><h2>Stalking: know the signs</h2><p>Fixated, obsessive, unwanted and "
        f"repeated behaviour is stalking. {name} will listen and act.</p></section>"
    )


def js_shell(force: ReplicaForce) -> str:
    """An app shell with no server-rendered content, as a single-page app serves to a client without JS."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width,initial-scale=1"/>'
        '<meta name="theme-color" content="#002d62"/><link rel="icon" href="/favicon.ico"/>'
        '<link rel="manifest" href="/manifest.json"/>'
        f"<title>{escape(force.name)}</title>"
        '<script defer="defer" src="/static/js/main.8f3c2a91.js"></script>'
        '<link href="/static/css/main.1e4b7d02.css" rel="stylesheet"></head>'
        "<body><noscript>You need to enable JavaScript to run this app.</noscript>"
        '<div id="root"></div>'
        '<script>window.__CONFIG__={"api":"/api/v2","tenant":"force"};</script>'
        "</body></html>"
    )


# The single-page app's script and the API it reads pages from (Humberside's planted shell).
SHELL_SCRIPT_PATH = "/static/js/main.8f3c2a91.js"
SHELL_API_PREFIX = "/api/v2/pages"

SHELL_SCRIPT = """(function () {
  var root = document.getElementById("root");
  var api = (window.__CONFIG__ && window.__CONFIG__.api) || "/api/v2";
  fetch(api + "/pages" + location.pathname, {headers: {"Accept": "application/json"}})
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (page) {
      document.title = page.title;
      root.innerHTML = '<main id="main-content" class="app-main">' + page.html + "</main>";
    })
    .catch(function () {
      root.innerHTML = '<main id="main-content"><h1>Sorry, we can\\'t find that page</h1></main>';
    });
})();
"""


def shell_api_page(force: ReplicaForce, title: str, main_html: str) -> str:
    """What the app's API answers for one page: its title and its body as HTML, in JSON."""
    return json.dumps({"title": f"{title} | {force.name}", "html": main_html})
