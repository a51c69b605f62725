"""Words for force pages: responses, action plans, landing pages, advice pages and homepages.

Each force gets its own wording and layout, picked deterministically from its id, so pages differ
the way real force sites do while every run of the replica serves identical bytes.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from html import escape

from .scenario import ReplicaForce


def pick(force_id: str, salt: str, options: list | tuple):  # type: ignore[type-arg]
    """A stable choice for this force (same every run, differs between forces)."""
    return options[zlib.crc32(f"{salt}:{force_id}".encode()) % len(options)]


@dataclass(frozen=True)
class Recommendation:
    number: int
    short: str
    text: str
    updates: tuple[str, ...]  # alternative progress updates; forces word theirs differently
    owner: str


RECOMMENDATIONS = (
    Recommendation(
        1,
        "Identifying and recording stalking",
        "Chief constables should make sure that stalking is identified at first contact and recorded "
        "correctly, including where it is first reported as harassment or malicious communications.",
        (
            "Crime recording rules for stalking have been reissued to all staff and our Force Crime "
            "Registrar audits a monthly sample of harassment reports to check stalking has not been missed.",
            "We have added stalking prompts to our call-handling scripts and our incident closure checks. "
            "A dip-sample of 200 harassment crimes found 31 that should have been recorded as stalking; "
            "each was re-classified and reviewed.",
            "Monthly audits by the crime and incident data quality team now include stalking. Early "
            "results show a 40% rise in crimes correctly recorded as stalking.",
        ),
        "Force Crime Registrar",
    ),
    Recommendation(
        2,
        "Stalking protection orders",
        "Chief constables should make sure officers consider a stalking protection order (SPO) in every "
        "suitable case, and that breaches are investigated robustly.",
        (
            "A stalking protection order checklist is now part of every stalking investigation plan. "
            "Our legal services team reviews all applications and monitors breaches.",
            "We have appointed a dedicated SPO lead in the Public Protection Unit and doubled the "
            "number of applications made compared with the previous year.",
            "Guidance on interim SPOs has been published on our intranet and delivered to detective "
            "sergeants through continuing professional development sessions.",
        ),
        "Head of Public Protection",
    ),
    Recommendation(
        3,
        "Risk assessment",
        "Chief constables should use a stalking-specific risk screening tool and make sure high-risk "
        "cases receive specialist oversight.",
        (
            "We have adopted a stalking screening tool alongside the domestic abuse risk assessment. "
            "High-risk cases are reviewed daily at our safeguarding meeting.",
            "All stalking reports are now screened using the stalking risk screening questions, and "
            "cases scored high risk are allocated to a specialist investigator within 24 hours.",
        ),
        "Detective Superintendent, Safeguarding",
    ),
    Recommendation(
        4,
        "Specialist advice and single points of contact",
        "Chief constables should appoint stalking champions or single points of contact and make "
        "specialist advice available to investigators.",
        (
            "Every local policing area now has at least two trained stalking champions, and a stalking "
            "single point of contact sits within the Public Protection Unit.",
            "Our network of 48 stalking champions meets quarterly and offers advice to investigators "
            "seven days a week.",
        ),
        "Head of Public Protection",
    ),
    Recommendation(
        5,
        "Supporting victims",
        "Chief constables should make sure victims are referred to specialist stalking advocacy "
        "services and kept informed in line with the Victims' Code.",
        (
            "With our Police and Crime Commissioner we have funded an independent stalking advocate "
            "service. Referrals are made with the victim's consent at the point of report.",
            "Victim contact agreements are now recorded for every stalking crime, and our compliance "
            "with the Victims' Code is reported to the force performance board.",
        ),
        "Head of Victim Services",
    ),
    Recommendation(
        6,
        "Training",
        "Chief constables should make sure call handlers, frontline officers and investigators receive "
        "training on recognising stalking behaviours, including online stalking.",
        (
            "Stalking awareness training, developed with a specialist charity, has been completed by 87% "
            "of frontline officers and 94% of contact centre staff.",
            "A new e-learning package on recognising fixated, obsessive, unwanted and repeated (FOUR) "
            "behaviours is mandatory for all officers and staff.",
            "Training for call handlers was delivered in January 2025; training for investigators "
            "follows in the summer.",
        ),
        "Head of Learning and Development",
    ),
    Recommendation(
        7,
        "Investigation standards",
        "Chief constables should make sure stalking investigations follow a clear investigation plan, "
        "including evidence gathered across force boundaries.",
        (
            "A stalking investigation template is now mandatory on our records system and is checked "
            "by supervisors within 72 hours.",
            "We have reviewed our investigation standards and added a cross-border evidence checklist.",
        ),
        "Head of Crime",
    ),
    Recommendation(
        8,
        "Police-perpetrated stalking",
        "Chief constables should make sure allegations of stalking by police officers and staff are "
        "recognised and referred to the professional standards department.",
        (
            "Our Professional Standards Department reviews every allegation of stalking against an "
            "officer or member of staff, and refers cases to the IOPC where required.",
            "We have published guidance to all staff on reporting concerns about colleagues and set up "
            "a confidential reporting line.",
        ),
        "Head of Professional Standards",
    ),
)

STATUSES = ("Complete", "In progress", "On track", "Complete", "Partially complete", "Ongoing")
TARGET_DATES = ("March 2025", "June 2025", "September 2025", "December 2025", "March 2026")


def _plan_rows(force: ReplicaForce) -> list[tuple[Recommendation, str, str, str]]:
    rows = []
    for rec in RECOMMENDATIONS:
        salt = f"rec{rec.number}"
        status = pick(force.id, salt + "status", STATUSES)
        update = pick(force.id, salt + "update", rec.updates)
        target = "Complete" if status == "Complete" else pick(force.id, salt + "date", TARGET_DATES)
        rows.append((rec, status, update, target))
    return rows


HEADINGS = (
    "Our response to the stalking super-complaint",
    "Stalking super-complaint: our response",
    "Response to the police super-complaint on stalking",
    "Police response to stalking: our super-complaint action plan",
)


def heading(force: ReplicaForce) -> str:
    return pick(force.id, "heading", HEADINGS)


def _intro(force: ReplicaForce, term: str) -> str:
    name = escape(force.name)
    options = (
        f"<p>In September 2024 the Independent Office for Police Conduct (IOPC), His Majesty's "
        f"Inspectorate of Constabulary and Fire &amp; Rescue Services (HMICFRS) and the College of Policing "
        f"published their joint report on the {term} about the police response to stalking. The "
        f"{term} was made by the Suzy Lamplugh Trust on behalf of the National Stalking Consortium.</p>"
        f"<p>The report made recommendations to every chief constable. This page sets out how {name} "
        f"is responding to each of them, and what we have done so far.</p>",
        f"<p>Stalking is a serious crime that can have a devastating effect on victims. We welcome the "
        f"joint report published by HMICFRS, the College of Policing and the IOPC in September 2024, "
        f"which followed a {term} from the Suzy Lamplugh Trust, on behalf of the National Stalking "
        f"Consortium.</p><p>Our Chief Constable has accepted all of the recommendations made to chief "
        f"constables. Below is our action plan and our progress against it.</p>",
        f"<p>{name} has reviewed the findings of the {term} investigation into the police response to "
        f"stalking. The investigation, by the IOPC, HMICFRS and the College of Policing, reported in "
        f"September 2024 after the Suzy Lamplugh Trust raised the {term} on behalf of the National "
        f"Stalking Consortium.</p><p>We are publishing our response so that victims, partners and the "
        f"public can see what we are doing and hold us to account.</p>",
    )
    return pick(force.id, "intro", options)


def _recommendations(force: ReplicaForce) -> str:
    rows = _plan_rows(force)
    layout = pick(force.id, "layout", ("table", "sections", "accordion", "prose"))
    parts = []
    if layout == "table":
        parts.append(
            '<table class="table table--striped"><caption>Progress against the recommendations to chief '
            "constables</caption><thead><tr><th scope=\"col\">Recommendation</th><th scope=\"col\">Lead</th>"
            '<th scope="col">Status</th><th scope="col">Update</th><th scope="col">Target date</th></tr>'
            "</thead><tbody>"
        )
        for rec, status, update, target in rows:
            parts.append(
                f"<tr><td><strong>Recommendation {rec.number}</strong><br>{escape(rec.text)}</td>"
                f"<td>{escape(rec.owner)}</td><td>{status}</td><td>{escape(update)}</td><td>{target}</td></tr>"
            )
        parts.append("</tbody></table>")
    elif layout == "sections":
        for rec, status, update, target in rows:
            parts.append(
                f'<h3 id="recommendation-{rec.number}">Recommendation {rec.number}: {escape(rec.short)}</h3>'
                f"<p><em>{escape(rec.text)}</em></p><dl class=\"summary-list\"><dt>Owner</dt>"
                f"<dd>{escape(rec.owner)}</dd><dt>Status</dt><dd>{status}</dd><dt>Target date</dt>"
                f"<dd>{target}</dd></dl><p>{escape(update)}</p>"
            )
    elif layout == "accordion":
        parts.append('<div class="accordion" data-module="accordion">')
        for rec, status, update, target in rows:
            parts.append(
                f'<details class="accordion__section"><summary class="accordion__heading">Recommendation '
                f"{rec.number} &ndash; {escape(rec.short)} ({status})</summary><div class=\"accordion__body\">"
                f"<p>{escape(rec.text)}</p><p><strong>What we have done:</strong> {escape(update)}</p>"
                f"<p><strong>Responsible:</strong> {escape(rec.owner)}. <strong>Due:</strong> {target}</p>"
                f"</div></details>"
            )
        parts.append("</div>")
    else:
        for rec, status, update, target in rows:
            due = "This action is complete." if target == "Complete" else f"We expect to complete it by {target}."
            parts.append(
                f"<p><strong>Recommendation {rec.number}</strong> asks us to "
                f"{escape(rec.text[len('Chief constables should '):])} {escape(update)} "
                f"Status: {status.lower()}. {due}</p>"
            )
    return "".join(parts)


HELP = (
    '<h2 id="help">If you are being stalked</h2><p>If you are in immediate danger call 999. If you cannot '
    "speak, cough or tap the handset and follow the instructions. You can report stalking online or by "
    "calling 101.</p><p>The National Stalking Helpline, run by the Suzy Lamplugh Trust, gives free, "
    "confidential advice on 0808 802 0300. Paladin, the National Stalking Advocacy Service, supports "
    "high-risk victims.</p>"
)


def response_main(force: ReplicaForce, *, term: str = "super-complaint") -> str:
    """The body of a published response page."""
    updated = pick(force.id, "updated", ("14 March 2025", "28 February 2025", "2 April 2025", "31 January 2025"))
    return (
        f'<h1 class="page-title">{escape(heading(force).replace("super-complaint", term))}</h1>'
        f'<p class="page-meta">Last updated: {updated}</p>'
        f"{_intro(force, term)}"
        f'<h2 id="recommendations">Recommendations to chief constables</h2>'
        f"{_recommendations(force)}"
        f'<h2 id="next">What happens next</h2><p>Progress is overseen by our Deputy Chief Constable through '
        f"the Violence Against Women and Girls board, and reported to the Police and Crime Commissioner. "
        f"We will update this page every three months.</p>{HELP}"
    )


def plan_blocks(force: ReplicaForce) -> list[tuple[str, str]]:
    """The action plan as (kind, text) blocks for pdf.make_pdf."""
    blocks: list[tuple[str, str]] = [
        ("title", f"{force.name}: stalking super-complaint action plan"),
        ("small", "Version 1.2, March 2025. OFFICIAL - for publication."),
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
    for rec, status, update, target in _plan_rows(force):
        blocks.append(("h", f"Recommendation {rec.number}: {rec.short}"))
        blocks.append(("p", rec.text))
        blocks.append(("li", f"Owner: {rec.owner}"))
        blocks.append(("li", f"Status: {status}"))
        blocks.append(("li", f"Target date: {target}"))
        blocks.append(("p", f"Update: {update}"))
    blocks.append(("h", "Governance"))
    blocks.append(("p", "The Deputy Chief Constable chairs the board that oversees this plan; progress is "
                        "reported quarterly to the Police and Crime Commissioner."))
    return blocks


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


WELSH_STATUS = {
    "Complete": "Wedi'i gwblhau",
    "In progress": "Ar y gweill",
    "On track": "Ar y trywydd iawn",
    "Partially complete": "Wedi'i gwblhau'n rhannol",
    "Ongoing": "Parhaus",
}
WELSH_DATES = {
    "Complete": "Wedi'i gwblhau",
    "March 2025": "Mawrth 2025",
    "June 2025": "Mehefin 2025",
    "September 2025": "Medi 2025",
    "December 2025": "Rhagfyr 2025",
    "March 2026": "Mawrth 2026",
}
WELSH_SHORT = (
    "Nodi a chofnodi stelcian",
    "Gorchmynion diogelu rhag stelcian",
    "Asesu risg",
    "Cyngor arbenigol a phwyntiau cyswllt unigol",
    "Cefnogi dioddefwyr",
    "Hyfforddiant",
    "Safonau ymchwilio",
    "Stelcian gan swyddogion yr heddlu",
)


def bilingual_main(force: ReplicaForce) -> str:
    """A Welsh-first bilingual response page, as Welsh forces publish."""
    rows = _plan_rows(force)
    welsh_rows = "".join(
        f"<tr><td>Argymhelliad {rec.number}: {WELSH_SHORT[rec.number - 1]}</td><td>{WELSH_STATUS[status]}</td>"
        f"<td>{WELSH_DATES[target]}</td></tr>"
        for rec, status, _update, target in rows
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
        '<table><thead><tr><th scope="col">Argymhelliad</th><th scope="col">Statws</th>'
        f'<th scope="col">Dyddiad targed</th></tr></thead><tbody>{welsh_rows}</tbody></table>'
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
