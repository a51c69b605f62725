"""Plan content: the recommendations to chief constables, and forces' answers to them.

Wording here is our own paraphrase of the themes of the September 2024 report (crime recording,
training, identification at first contact, risk, Stalking Protection Orders, victim support,
cyber-enabled stalking, and so on), with several independently written answers per theme so that
no two generated plans read alike. ``{force}`` and ``{short}`` are filled per page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .chrome import Force, esc


@dataclass(frozen=True)
class Theme:
    key: str
    area: str  # short heading as forces write it
    recs: tuple[str, ...]  # ways the recommendation is quoted
    answers: tuple[str, ...]  # what the force says it does / will do
    updates: tuple[str, ...]  # six-month or later progress notes
    owners: tuple[str, ...]
    due: tuple[str, ...]


THEMES: list[Theme] = [
    Theme(
        "publish", "Publishing this plan",
        (
            "Within 56 days of the report (by 22 November 2024), publish on the force website an action plan "
            "explaining what the force will do about each recommendation made to chief constables, and send the "
            "NPCC a link to it.",
            "By 22 November 2024, publish an action plan on the force's website setting out how the force will "
            "respond to each of the recommendations addressed to chief constables, and share the link with the "
            "National Police Chiefs' Council.",
        ),
        (
            "This is our published plan. The link was sent to the NPCC lead for stalking and harassment on "
            "{pubdate}, and we will refresh the page when each review point is reached.",
            "Complete. {force} published this plan within the 56-day window and notified the NPCC. Progress is "
            "overseen by our Vulnerability Board, chaired by an Assistant Chief Constable.",
            "We have published this response and will add six-monthly progress updates to it rather than replace "
            "it, so that changes can be followed over time.",
        ),
        (
            "Plan published on time. A March 2025 progress return has been provided to the NPCC and this page has "
            "been updated to match it.",
            "Complete. The plan is now reviewed quarterly at the Public Protection Governance Board.",
        ),
        ("Chief Constable", "ACC Crime and Public Protection", "Head of Corporate Development"),
        ("22 November 2024",),
    ),
    Theme(
        "recording", "Crime recording systems",
        (
            "By 27 March 2025, where required, seek changes to crime recording systems so that officers and "
            "staff can record, and later search for, stalking offences that are not the principal crime on a "
            "record.",
            "By March 2025, make sure crime recording systems let staff record stalking as an additional "
            "classification where it is not the principal offence, and make sure those records can be searched.",
        ),
        (
            "Our records management system already allows secondary offences to be added, but they are not "
            "searchable in a reliable way. A change request has been raised with our supplier. In the meantime "
            "crimes are tagged with a stalking qualifier and an intelligence log is created so they can be found.",
            "The Force Crime and Incident Registrar has audited a sample of harassment, malicious communications "
            "and breach-of-order crimes to find stalking that was missed. Findings are being used to brief "
            "supervisors, and a system change to add an 'included classification' field is being scoped with "
            "the regional forces that share our platform.",
            "{short} moved to a new crime system in 2023 and it supports linked offences. We are writing "
            "guidance so that officers use this consistently, and a monthly report will show every record where "
            "stalking appears anywhere on the crime, not only as the headline offence.",
            "We cannot change the national system ourselves. Until the supplier change is delivered, every "
            "occurrence with a stalking element must carry a searchable flag, checked daily by the crime "
            "standards team.",
        ),
        (
            "Flag introduced in January 2025; daily checks in place. Supplier change still awaited (amber).",
            "System change delivered in February 2025. Guidance issued to all investigators. Complete.",
            "Interim measures working; a dip sample in March found 94% of relevant records correctly flagged.",
        ),
        ("Force Crime and Incident Registrar", "Head of Crime Standards", "Head of Information Services"),
        ("27 March 2025", "March 2025", "31/03/2025"),
    ),
    Theme(
        "training", "Learning and training",
        (
            "By 27 March 2025, review and update learning and training on stalking, and make sure officers and "
            "staff receive it, including those who handle first contact.",
            "Review stalking training by March 2025 so that it covers recognising stalking, the difference "
            "from harassment, cyber-enabled stalking, risk and the effect on victims.",
        ),
        (
            "All new recruits receive a stalking input during initial training. We are adding a victim-led "
            "session delivered with a local advocacy service, and a mandatory e-learning package for response "
            "officers and call handlers.",
            "The College of Policing stalking or harassment course has been made mandatory for detectives in "
            "our Public Protection teams. Sergeants will receive a briefing on supervising stalking cases.",
            "A training needs analysis was completed in October 2024. It found gaps for contact centre staff and "
            "neighbourhood officers; a new package is being written and will be delivered face to face.",
            "We have trained a network of stalking champions who give short inputs at team briefings, and "
            "we are recording who has completed the national e-learning so that uptake can be monitored.",
        ),
        (
            "E-learning launched December 2024; 71% of frontline officers completed by the end of March 2025.",
            "Face-to-face training delivered to all contact centre teams. Complete.",
            "Recruit input updated and now includes cyber-stalking. Champion network in place in every district.",
        ),
        ("Head of Learning and Development", "Chief Inspector, Training", "Head of Public Protection"),
        ("27 March 2025", "March 2025"),
    ),
    Theme(
        "identify", "Identifying stalking at first contact",
        (
            "Make sure stalking is identified at the first point of contact, using screening questions, and that "
            "it is not wrongly recorded as harassment or malicious communications.",
            "Make sure call handlers and first responders can recognise stalking behaviours (fixated, obsessive, "
            "unwanted and repeated) and record the correct offence.",
        ),
        (
            "Stalking screening questions have been built into our call-handling risk assessment, so every "
            "report of harassment now prompts the handler to ask about fixated or obsessive behaviour.",
            "Contact centre supervisors review a sample of harassment calls each week. Where stalking was "
            "missed the call handler is given feedback and the crime is reclassified.",
            "We use the FOUR acronym (Fixated, Obsessive, Unwanted, Repeated) in all briefing material and on "
            "the crime recording screens, and we are auditing misidentification every quarter.",
        ),
        (
            "Screening questions live since January 2025. Quarterly audit shows misidentification falling.",
            "Weekly dip sampling embedded. Business as usual.",
        ),
        ("Head of Contact Management", "Superintendent, Force Control Room", "Head of Crime Standards"),
        ("March 2025", "31 March 2025"),
    ),
    Theme(
        "risk", "Risk assessment",
        (
            "Make sure a stalking-specific risk assessment is completed for every victim and reviewed as the "
            "investigation progresses.",
            "Make sure officers assess risk using a tool suitable for stalking, and that the assessment is "
            "revisited when new behaviour is reported.",
        ),
        (
            "Officers use the stalking screening tool alongside the DASH risk assessment where the stalker is a "
            "former partner. A safeguarding review is triggered by every new report on an open case.",
            "High-risk stalking cases are reviewed daily in our safeguarding meeting; medium-risk cases within "
            "72 hours. We will test whether a dedicated stalking risk tool should replace our current one.",
            "We are piloting a risk assessment written specifically for stalking with two local policing areas. "
            "If the evaluation is positive it will be used across {short} from summer 2025.",
        ),
        (
            "Pilot evaluated positively; force-wide rollout planned for June 2025.",
            "Daily review meeting in place and attended by the independent stalking advocate.",
        ),
        ("Head of Public Protection", "Detective Superintendent, Safeguarding"),
        ("March 2025", "September 2025"),
    ),
    Theme(
        "spo", "Stalking Protection Orders",
        (
            "Make sure Stalking Protection Orders, including interim orders, are considered in all suitable "
            "cases, and that breaches are monitored and acted on.",
            "Improve the use of Stalking Protection Orders (SPOs): consider them early, apply where appropriate, "
            "and manage those subject to an order.",
        ),
        (
            "Every stalking investigation now has an SPO prompt in the investigation plan, and the decision "
            "(apply or not, and why) must be recorded by a supervisor.",
            "Our legal services team has created templates to speed up applications, and interim SPOs are now "
            "sought at first hearing where the risk justifies it. All orders are recorded on PND.",
            "We have appointed an SPO coordinator who tracks every order, reminds officers of renewal dates and "
            "makes sure breaches are investigated as a priority.",
        ),
        (
            "SPO applications up from 19 to 41 compared with the same period last year. Coordinator in post.",
            "Supervisor rationale now mandatory on the crime system; compliance 88% in March audit.",
        ),
        ("Head of Legal Services", "Detective Chief Inspector, Public Protection", "SPO Coordinator"),
        ("March 2025", "Ongoing"),
    ),
    Theme(
        "investigation", "Investigation standards and supervision",
        (
            "Make sure stalking cases are allocated to investigators with the right skills and experience, and "
            "that supervisors review them regularly.",
            "Improve the quality of stalking investigations, with effective supervision and a documented "
            "investigation plan for every case.",
        ),
        (
            "Stalking involving former partners is allocated to our domestic abuse investigation teams; "
            "stranger and acquaintance stalking goes to CID. A minimum investigation standard has been published.",
            "A stalking investigation checklist is mandatory and supervisors must review cases at seven and 28 "
            "days. Compliance is reported to the Vulnerability Board.",
            "We are creating a small specialist stalking team to investigate the highest-risk cases and give "
            "advice to other investigators across {short}.",
        ),
        (
            "Checklist introduced; supervisory review compliance at 82% and rising.",
            "Specialist team recruited and operating from April 2025.",
        ),
        ("Head of Crime", "Detective Superintendent, Investigations"),
        ("March 2025", "April 2025"),
    ),
    Theme(
        "victims", "Support for victims",
        (
            "Make sure victims of stalking are referred to specialist stalking support services and are kept "
            "updated in line with the Victims' Code.",
            "Make sure every victim is offered referral to a specialist stalking advocate and that officers keep "
            "them informed about their case.",
        ),
        (
            "All victims are offered a referral to the commissioned stalking advocacy service. Officers are "
            "reminded that a referral does not need the victim to support a prosecution.",
            "We have agreed a direct referral pathway with the independent stalking advocacy caseworkers funded by "
            "the Police and Crime Commissioner, and we monitor Victims' Code compliance monthly.",
            "Victims are given the contact details of the officer in the case and of the National Stalking "
            "Helpline. We are working with the Suzy Lamplugh Trust to improve our victim update letters.",
        ),
        (
            "Referral rate to advocacy rose from 48% to 76% between October 2024 and March 2025.",
            "Victim update letters redesigned with victim feedback. Complete.",
        ),
        ("Head of Victim Services", "Victim Care Unit Manager"),
        ("March 2025", "Ongoing"),
    ),
    Theme(
        "cyber", "Cyber-enabled stalking and digital evidence",
        (
            "Make sure investigators can obtain digital evidence in cyber-enabled stalking cases, and have a "
            "clear approach to telling victims who an anonymous perpetrator is once identified.",
            "Improve the investigation of online and cyber-enabled stalking, including the use of digital "
            "evidence and informing victims of a perpetrator's identity where it is safe to do so.",
        ),
        (
            "Our digital forensics unit has produced a quick-reference guide for capturing evidence from social "
            "media and messaging apps, and digital media investigators are available to every stalking case.",
            "A force policy on disclosing the identity of an anonymous stalker to the victim has been drafted "
            "with legal advice and will be published to officers by March 2025.",
            "Cyber-stalking awareness has been added to the recruit curriculum and to the e-learning; the "
            "cyber crime unit offers same-day advice to investigators.",
        ),
        (
            "Disclosure policy approved in February 2025 and briefed to investigators.",
            "Quick-reference guide issued; digital media investigator support requests up 30%.",
        ),
        ("Head of Digital Forensics", "Detective Chief Inspector, Cyber Crime Unit"),
        ("March 2025",),
    ),
    Theme(
        "multiagency", "Working with partners",
        (
            "Work with partners to set up or make better use of multi-agency arrangements for stalking, such as "
            "stalking clinics or a multi-agency stalking intervention programme.",
            "Make sure there are effective multi-agency arrangements to manage the risk posed by stalking "
            "perpetrators.",
        ),
        (
            "A monthly stalking clinic brings together police, probation, mental health services and the "
            "advocacy service to agree plans for the highest-risk cases.",
            "We are part of a regional bid for a multi-agency stalking intervention programme and, until it is "
            "funded, high-risk cases are discussed at MARAC or at our own stalking panel.",
            "Our stalking clinic has been extended to include the CPS so that charging advice can be sought "
            "early in complex cases.",
        ),
        (
            "Clinic running monthly; 37 cases discussed since November 2024.",
            "Regional bid unsuccessful; force-run panel now meets fortnightly.",
        ),
        ("Head of Public Protection", "Partnerships Manager"),
        ("September 2025", "Ongoing"),
    ),
    Theme(
        "perpetrators", "Managing perpetrators",
        (
            "Make sure information about stalking suspects, including bail conditions and any protective order, "
            "is recorded on police systems and is available to officers who deal with them.",
            "Record and share information about stalking suspects so that officers attending any incident know "
            "about bail conditions, orders and previous behaviour.",
        ),
        (
            "Bail conditions and orders are now added to PNC and to our local system the same day. A warning "
            "marker for stalking has been introduced.",
            "Custody officers check for stalking markers when a detained person is booked in, and alert the "
            "investigating team so that safeguarding can be considered before release.",
        ),
        (
            "Stalking warning marker live from February 2025.",
            "Custody checks in place; audited monthly by the custody inspector.",
        ),
        ("Head of Criminal Justice", "Custody Superintendent"),
        ("March 2025",),
    ),
    Theme(
        "police_perpetrated", "Police-perpetrated stalking",
        (
            "Make sure the professional standards department recognises and responds to stalking by police "
            "officers and staff, including where it involves abuse of position.",
        ),
        (
            "Our Professional Standards Department and Counter Corruption Unit treat allegations of stalking by "
            "officers or staff as potential abuse of position, and refer qualifying cases to the IOPC.",
            "Complaints that mention stalking by an officer are now triaged by a specialist investigator, and "
            "the complainant is offered the same advocacy support as any other victim.",
        ),
        (
            "IOPC Focus guidance received and adopted; PSD staff briefed.",
            "Triage process in place. Complete.",
        ),
        ("Head of Professional Standards",),
        ("March 2025", "Ongoing"),
    ),
    Theme(
        "performance", "Performance and data",
        (
            "Monitor data on reports of stalking, outcomes and the use of protective orders, and use it to "
            "improve the service to victims.",
        ),
        (
            "A stalking dashboard now shows reports, arrests, charges, SPO applications and victim referral "
            "rates by district, and is reviewed monthly.",
            "Stalking performance is included in the quarterly performance pack scrutinised by the Police and "
            "Crime Commissioner.",
        ),
        (
            "Dashboard launched January 2025.",
            "Data now reported quarterly to the PCC's accountability board.",
        ),
        ("Head of Performance and Insight",),
        ("March 2025",),
    ),
    Theme(
        "spoc", "Specialist advice and leadership",
        (
            "Make sure there is a chief officer lead for stalking and a single point of contact that officers "
            "can go to for specialist advice.",
        ),
        (
            "The Assistant Chief Constable for Crime is the force lead for stalking. A detective inspector acts "
            "as single point of contact and attends the national SPOC network.",
            "We have named stalking single points of contact in each policing area, listed on the intranet "
            "with their contact details.",
        ),
        (
            "SPOC network meets monthly and feeds into the national group.",
        ),
        ("ACC Crime", "Detective Inspector, Stalking SPOC"),
        ("November 2024", "Complete"),
    ),
    Theme(
        "policy", "Policy and guidance",
        (
            "Make sure force policy reflects national guidance on stalking, and update it when the College of "
            "Policing revises its authorised professional practice.",
        ),
        (
            "Our stalking and harassment policy has been rewritten and is awaiting the revised College of "
            "Policing APP; it will be re-issued within three months of the APP being published.",
            "Policy reviewed in October 2024 against the report's findings; a short guide for frontline officers "
            "has been published on the intranet.",
        ),
        (
            "Awaiting revised APP; interim guide in use.",
        ),
        ("Head of Public Protection", "Policy Officer"),
        ("On publication of APP",),
    ),
]

THEME_BY_KEY = {t.key: t for t in THEMES}

STATUSES = ("Complete", "In progress", "Ongoing", "Not started", "On track", "Business as usual")
RAG = ("Green", "Amber", "Red", "Blue (complete)")


def pick_themes(rng: random.Random, n: int, *, must: tuple[str, ...] = ("recording", "training")) -> list[Theme]:
    rest = [t for t in THEMES if t.key not in must]
    chosen = [THEME_BY_KEY[k] for k in must] + rng.sample(rest, max(0, n - len(must)))
    order = {t.key: i for i, t in enumerate(THEMES)}
    return sorted(chosen, key=lambda t: order[t.key])


def _fill(text: str, force: Force, pubdate: str = "20 November 2024") -> str:
    return text.format(force=force.name, short=force.short, pubdate=pubdate)


def answer(t: Theme, rng: random.Random, force: Force, k: int = 1) -> list[str]:
    return [_fill(a, force) for a in rng.sample(t.answers, min(k, len(t.answers)))]


# --------------------------------------------------------------------------------------------
# Renderers: the same plan content laid out the ways forces actually lay it out
# --------------------------------------------------------------------------------------------

def table(themes: list[Theme], rng: random.Random, force: Force, *, columns: str = "owner_status",
          numbering: str = "seq", cls: str = "table") -> str:
    """A recommendation table. columns: owner_status | update | rag | simple."""
    heads = {
        "owner_status": ["No.", "Recommendation", "Our response", "Owner", "Status", "Target date"],
        "update": ["Rec", "Recommendation to chief constables", "Initial response (November 2024)",
                   "Update \u2013 March 2025", "Lead"],
        "rag": ["Ref", "Area", "Recommendation", "Action", "Lead", "Due", "RAG"],
        "simple": ["Recommendation", "What we are doing"],
    }[columns]
    rows = []
    for i, t in enumerate(themes, 1):
        num = str(i) if numbering == "seq" else f"R{i}" if numbering == "r" else f"{i}.0"
        rec = rng.choice(t.recs)
        ans = " ".join(answer(t, rng, force, rng.choice([1, 1, 2])))
        if columns == "owner_status":
            cells = [num, rec, ans, rng.choice(t.owners), rng.choice(STATUSES), rng.choice(t.due)]
        elif columns == "update":
            cells = [num, rec, ans, rng.choice(t.updates), rng.choice(t.owners)]
        elif columns == "rag":
            cells = [num, t.area, rec, ans, rng.choice(t.owners), rng.choice(t.due), rng.choice(RAG)]
        else:
            cells = [f"<strong>{esc(t.area)}</strong><br>{esc(rec)}", esc(ans)]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
    return (f'<div class="table-wrapper" tabindex="0"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>\n' + "\n".join(rows) + "\n</tbody></table></div>")


def accordion(themes: list[Theme], rng: random.Random, force: Force, *, style: str = "details",
              with_update: bool = False, label: str = "Recommendation") -> str:
    out = []
    for i, t in enumerate(themes, 1):
        rec = rng.choice(t.recs)
        paras = "".join(f"<p>{esc(a)}</p>" for a in answer(t, rng, force, rng.choice([1, 2])))
        extra = ""
        if with_update:
            extra = f'<p><strong>Progress:</strong> {esc(rng.choice(t.updates))}</p>'
        meta = f'<p class="meta">Lead: {esc(rng.choice(t.owners))}. Target: {esc(rng.choice(t.due))}.</p>'
        inner = f'<p><em>{esc(rec)}</em></p>{paras}{extra}{meta}'
        title = f"{label} {i}: {t.area}"
        if style == "details":
            out.append(f'<details class="accordion__item"><summary>{esc(title)}</summary>{inner}</details>')
        elif style == "aria":
            out.append(
                f'<div class="accordion__section"><h3 class="accordion__heading"><button type="button" '
                f'aria-expanded="false" aria-controls="acc-{i}" class="accordion__trigger">{esc(title)}</button></h3>'
                f'<div id="acc-{i}" class="accordion__panel" role="region" hidden>{inner}</div></div>'
            )
        else:  # govuk
            out.append(
                f'<div class="govuk-accordion__section"><div class="govuk-accordion__section-header">'
                f'<h2 class="govuk-accordion__section-heading"><span class="govuk-accordion__section-button" '
                f'id="accordion-heading-{i}">{esc(title)}</span></h2></div>'
                f'<div id="accordion-content-{i}" class="govuk-accordion__section-content">{inner}</div></div>'
            )
    wrapper = "govuk-accordion" if style == "govuk" else "accordion"
    extra_attr = ' data-module="govuk-accordion" id="accordion-default"' if style == "govuk" else ""
    return f'<div class="{wrapper}"{extra_attr}>' + "".join(out) + "</div>"


def headed(themes: list[Theme], rng: random.Random, force: Force, *, level: int = 2,
           rec_label: str = "What the report asked", ans_label: str = "Our response") -> str:
    out = []
    for t in themes:
        rec = rng.choice(t.recs)
        ans = answer(t, rng, force, rng.choice([1, 2]))
        out.append(
            f"<h{level}>{esc(t.area)}</h{level}>"
            f"<p><strong>{esc(rec_label)}:</strong> {esc(rec)}</p>"
            f"<p><strong>{esc(ans_label)}:</strong> {esc(ans[0])}</p>"
            + "".join(f"<p>{esc(a)}</p>" for a in ans[1:])
        )
    return "\n".join(out)


def bullets(themes: list[Theme], rng: random.Random, force: Force) -> str:
    items = "".join(f"<li><strong>{esc(t.area)}.</strong> {esc(answer(t, rng, force)[0])}</li>" for t in themes)
    return f"<ul>{items}</ul>"


def pdf_text(themes: list[Theme], rng: random.Random, force: Force, *, title: str, intro: str,
             update: bool = False, marking: str = "OFFICIAL") -> str:
    """What a text extractor gets out of a tabular PDF action plan: cells on their own lines,
    running headers and footers, page numbers, hyphen-free wrapping at ~90 columns."""
    import textwrap

    pages: list[list[str]] = [[]]
    lines = pages[0]
    lines += [marking, "", title, "", *textwrap.wrap(intro, 88), ""]
    cols = ["Rec", "Recommendation", "Action / current position", "Owner", "Target date", "Status"]
    if update:
        cols.insert(3, "Update March 2025")
    lines += [" ".join(cols), ""]
    for i, t in enumerate(themes, 1):
        block = [str(i)]
        block += textwrap.wrap(rng.choice(t.recs), 60)
        for a in answer(t, rng, force, rng.choice([1, 2])):
            block += textwrap.wrap(a, 60)
        if update:
            block += textwrap.wrap(rng.choice(t.updates), 60)
        block += [rng.choice(t.owners), rng.choice(t.due), rng.choice(STATUSES), ""]
        if len(lines) + len(block) > 52:
            pages.append([])
            lines = pages[-1]
            lines += [marking, ""]
        lines += block
    out = []
    for n, pg in enumerate(pages, 1):
        out += pg + ["", f"Page {n} of {len(pages)}", "\f"]
    return "\n".join(out).rstrip("\f\n") + "\n"
