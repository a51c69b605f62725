"""What the verifier looks for: the thresholds and the tables of patterns, in one place.

Every pattern runs on normalised text (lower case, straight apostrophes, ASCII hyphens, single
spaces: pagetext.norm). Tables are data: a label a person reads beside the pattern that finds it.
reading.py reads a text with them; rules.py judges a page with them.
"""

from __future__ import annotations

from .pagetext import COOKIE_WALL as COOKIE_WALL_WORDS
from .patterns import Pattern, rx

# -- thresholds -------------------------------------------------------------------------------------
# Topic and the old plan-by-themes substance are sums of the weights below; the corpus in
# tests/corpus and the real-layout set in tests/realpages measure how well these bars separate pages.
MIN_TOPIC = 2.0  # e.g. "super-complaint", or the joint report named with its authors and date
MIN_SUBSTANCE = 3.0
MIN_THEMES = 3  # distinct recommendation themes (crime recording, SPOs, training, ...)
# Plans that never write "recommendations to chief constables" still cover this many of the
# report's themes; no other plan (VAWG, PEEL, other super-complaints) covers half of them.
STRONG_THEMES = 6
MIN_STALKING_MENTIONS = 3
PUBLISHED_SCORE = MIN_TOPIC + MIN_SUBSTANCE
# Not-found wording is only trusted near the top of a page, and on pages short enough to be one.
NOT_FOUND_LEAD_CHARS = 400
NOT_FOUND_MAX_MAIN_CHARS = 3000
# A page this short with app markers is a JavaScript shell; this short with nothing at all is empty.
SHELL_MAX_CHARS = 200
EMPTY_MAX_CHARS = 80
# Main text mostly link text: an index, a hub or a list of results.
INDEX_LINK_RATIO = 0.6
# Similarity (0..1) with the host's answer for a path that cannot exist, above which the page is
# that not-found page. Pages sharing a template still differ in their main text, which is compared.
PROBE_SIMILAR = 0.8
PROBE_SIMILAR_SAME_TITLE = 0.5
# report in one place and says "we will" somewhere else has not answered it).

# -- what a response is about (topic) ---------------------------------------------------------------
TOPIC: tuple[tuple[str, Pattern, float], ...] = (
    ("super-complaint", rx(r"\bsuper-? ?complaints?\b|\buwch-? ?g[wŵ]yn(?:ion)?\b"), 2.0),
    ("Suzy Lamplugh Trust", rx(r"suzy lamplugh"), 1.5),
    ("National Stalking Consortium", rx(r"national stalking consortium|consortiwm stelci\w* cenedlaethol"), 1.0),
    ("'Police response to stalking' report", rx(
        r"police response to stalking|ymateb yr heddlu i stelci\w*|how police (?:forces )?respond to (?:reports of )?stalking"), 1.0),
    ("September 2024 report", rx(r"\bseptember 2024\b|\bmedi 2024\b"), 0.5),
)
JOINT_REPORT = "joint report by the IOPC, HMICFRS and College of Policing"
JOINT_REPORT_WEIGHT = 1.0
AUTHORS = (
    rx(r"\biopc\b|independent office for police conduct|swyddfa annibynnol ymddygiad yr heddlu"),
    rx(r"\bhmicfrs\b|inspectorate of constabulary and fire|arolygiaeth (?:heddluoedd|cwnstabliaethau)"),
    rx(r"college of policing|coleg plismona"),
)
STALKING = rx(r"\bstalk(?:ing|ers?|ed)?\b|\bstelci(?:o|an)\b|\bstelcwyr\b|\bcyberstalking\b")

# -- what a response contains (substance) -----------------------------------------------------------
TO_CHIEF_CONSTABLES = ("recommendations to chief constables", rx(
    r"\b(?:recommendations?|argymhelli(?:on|ad))\b[^.]{0,60}?\b(?:chief constables?|[pb]rif gwnstabl(?:iaid)?)\b"
    r"|\bchief constables (?:were|are) asked\b"), 1.5)
DEADLINES = ("the report's deadlines (22 November 2024, 56 days, March 2025)", rx(
    r"22 november 2024|\b56 days\b|\b56 diwrnod\b|\b(?:by|erbyn) (?:27 )?(?:march|mawrth) 2025\b"), 0.5)
THEME_WEIGHT = 0.5
THEMES: tuple[tuple[str, Pattern], ...] = (
    ("crime recording", rx(r"crime recording|record(?:ing|ed)? (?:of )?stalking|recorded as stalking|cofnodi (?:troseddau|stelci)")),
    ("training", rx(r"\btraining\b|\be-learning\b|learning and development|hyfforddiant|e-ddysgu")),
    ("Stalking Protection Orders", rx(r"stalking protection orders?|\bspos?\b|gorchymyn(?:ion)? (?:amddiffyn|diogelu) rhag stelci|gorchmynion (?:amddiffyn|diogelu) rhag stelci")),
    ("risk assessment", rx(r"risk (?:assessment|screening)|screening (?:tool|questions)|asesiad risg|asesu risg|cwestiynau sgrinio")),
    ("investigation standards", rx(r"investigation (?:standards|plans?|template)|\bsupervis\w+|safonau ymchwilio|goruchwyl\w+")),
    ("support for victims", rx(r"victims'? code|stalking advoca\w+|\badvocates?\b|support(?:ing)? (?:for )?victims|victim contact|eiriolaeth|cod dioddefwyr|cefnogi dioddefwyr|cymorth i ddioddefwyr")),
    ("police-perpetrated stalking", rx(r"police-perpetrated stalking|stalking by (?:police )?officers|professional standards|stelcian gan swyddogion")),
    ("digital evidence", rx(r"cyber-? ?(?:enabled|stalking)|digital (?:evidence|forensic)|online stalking|tystiolaeth ddigidol|stelcio seiber")),
    ("managing perpetrators", rx(r"managing perpetrators|perpetrator (?:programme|management)|warning marker|rheoli cyflawnwyr")),
    ("working with partners", rx(r"working with partners|multi-agency|partner agencies|stalking clinics?|gweithio gyda phartneriaid|amlasiantaethol|clinig(?:au)? stelcio")),
    ("first contact", rx(r"first (?:point of )?contact|call[- ]handl\w+|contact centre|control room|cyswllt cyntaf|trinwyr galwadau")),
    ("specialist advice", rx(r"single points? of contact|stalking champions?|specialist (?:advice|investigators?|leads?)|stalking leads?")),
    ("performance and data", rx(r"performance and data|data quality|dashboard|dip[- ]sample|\baudits?\b")),
    ("publishing the plan", rx(r"publishing this plan|publish(?:ed)? (?:an |this |our )?action plan|cyhoeddi cynllun")),
)
STATUS_WEIGHT = 0.25
MAX_STATUS_TERMS = 6
STATUS_TERMS: tuple[tuple[str, Pattern], ...] = (
    ("complete", rx(r"\bcomplete[ds]?\b|wedi(?: ei|'i)? (?:g|c)wblhau")),
    ("in progress", rx(r"in progress|on track|ar waith|ar y gweill|ar y trywydd")),
    ("ongoing", rx(r"\bongoing\b|business as usual|not started|\bparhaus\b")),
    ("owner / lead", rx(r"\bowners?\b|\blead\b|\baccountable\b|\bresponsible\b|\barweinydd\b")),
    ("target date", rx(r"target dates?|\bdue\b|completion date|dyddiad targed")),
    ("status / RAG", rx(r"\bstatus\b|\brag\b|\bstatws\b")),
    ("progress update", rx(r"update\s*-?\s*(?:march|september) 202\d|six-month|one year on|progress (?:update|against|at)|diweddariad")),
)


# -- the force's own answer beside a recommendation (substance grounded in the recommendations) -----
# Fields of the NPCC template and of the tables forces drew up, and the way a force writes an
# answer. Each is the force's voice, not the report's: the report never writes "force update".
ANSWER_FIELDS: tuple[tuple[str, Pattern], ...] = (
    ("force update", rx(r"\bforce updates?\b|\bconstabulary updates?\b")),
    ("initial response", rx(r"\binitial (?:action plan |constabulary |force |police )?response\b")),
    # "Force response:", "Thames Valley Police response:": a label for the force's own answer.
    ("response label", rx(r"\b(?:force|our|police|constabulary) response\s*[:|-]")),
    ("recommendation owner", rx(r"\b(?:recommendation|rec\.?|action) owner\b")),
    ("evidence requirements (NPCC template)", rx(r"\bevidence requirements? of (?:progress|completion)")),
    ("named lead", rx(r"\b(?:operational|executive|strategic|senior|force|accountable) lead\b|\blead officer\b")),
    ("current process", rx(r"\bour current (?:process|position|practice)\b|\bcurrent position\b|\brecommendation received\b")),
    # Not "action plan": every page about the complaint says that.
    ("action", rx(r"\bactions?:|\bactions? (?:taken|identified|agreed|completed?|owner)\b|\baction complete\b|\bnext steps\b")),
    ("status", rx(r"\bstatus\s*[:|]|\brag (?:status|rating)\b|\bin progress\b|\bon track\b|\bcompleted?\b|\bongoing\b|\bnot started\b")),
    ("update", rx(r"\bupdates?\s*[:|-]|\bprogress\s*[:|]|\bprogress update\b|\b(?:march|september|november) 202\d update\b|\bdate\s*:")),
    # "We accept this recommendation", never "we welcome the report": news of the report says that.
    ("accepted", rx(r"\bwe (?:accept|have accepted|fully accept) (?:this|the|all|each|these)\b|\baccepted in full\b")),
    ("compliance", rx(r"\b(?:complies|comply|compliant) with\b|\bour initial assessment\b")),
    # A table column for the force's answer: "Recommendation | Lead | Update" flattened to text.
    ("answer column", rx(r"\| ?(?:lead|owner|update|status|progress|response|force response|our response|actions?(?: taken)?) ?(?:\||$)")),
    ("pledge", rx(r"\b(?:we )?pledge to\b|\bwhat we (?:will do|have done|are doing)\b|\bchanges we (?:will|have)\b")),
)
FORCE_VOICE = rx(r"\bwe (?:have|will|are|now|continue|already|use|record|ensure)\b|\bthe (?:force|constabulary) (?:has|have|will|is|are|now)\b"
                   r"|\bour (?:officers|staff|teams?|force|crime recording|systems?|training)\b")

# -- the page saying what it is ---------------------------------------------------------------------
# "This is our response to ...", "Kent Police's action plan in response to ...", "The following
# sets out the force's response", "The plan below lists the recommendations": a page (or
# document) that says it is the force's response or plan. The force's own names are
# matched apart (_declares_for), since they differ per force.
PLAN_WORDS = r"(?:response|action plan|action tracker|delivery plan|improvement plan|plan|update)"
TOPIC_WORDS = r"(?:super-? ?complaints?|suzy lamplugh|police response to stalking|report|recommendations?)"
DECLARES = rx(
    rf"\b(?:our|the force's|the constabulary's|this is the|this is our|below is our|here is our)"
    rf" (?:[a-z-]+ )?{PLAN_WORDS}\b[^.|]{{0,100}}?\b{TOPIC_WORDS}"
    rf"|\bthe (?:below|following) (?:provides|sets out|outlines|details|shows|is)\b[^.|]{{0,80}}?\b(?:response|plan|actions)\b"
    rf"|\bthe plan below\b|\bthese actions are (?:detailed|set out|listed)\b"
    # A landing page or news item pointing at the plan: "Read our action plan", "Our action plan can
    # be read in full here" (the topic must stand elsewhere on the page, see _declaration).
    rf"|\b(?:read|see|view|download) our (?:[a-z-]+ )?(?:action plan|response|action tracker|delivery plan)\b"
    rf"|\bour (?:[a-z-]+ )?(?:action plan|action tracker|delivery plan) (?:can be|is|has been) (?:read|found|viewed|downloaded|available|published)\b"
    rf"|\bwe have (?:now )?(?:published|produced|developed|written|prepared) (?:an|our|this|the following) (?:[a-z-]+ )?{PLAN_WORDS}\b"
)
# A page whose own title says it is a response or plan, e.g. "Stalking action plan", "Super-
# complaint: our response" (its topic must still be the complaint, from its text).
TITLE_DECLARES = rx(
    # Not "response to": the report itself is "The police response to stalking".
    r"\baction plan\b|\baction tracker\b|\bdelivery plan\b|\bour response\b|\bforce response\b"
    r"|\bresponse to (?:the )?(?:stalking )?super-? ?complaint|\bsuper-? ?complaint response\b"
    r"|\bcynllun gweithredu\b|\bein hymateb\b")
# A promise in the force's voice ("we will publish our plan", "... and publish our action plan by
# 22 November"), not the report's requirement ("forces are required to publish an action plan").
# Written to start with the literal "publish", which the regex engine finds fast.
PLACEHOLDER = rx(r"publish(?:(?<=will publish)|(?<=and publish)) (?:our|the|its|an|this) (?:[a-z-]+ )?(?:action )?plan"
                   r"|(?:plan|response|it) will be published\b|will be publishing (?:our|the|its|an)"
                   r"|(?:plan|response) (?:is|are) being (?:prepared|developed|drafted)"
                   r"|\b(?:is|are) (?:preparing|developing|drafting|writing) (?:its|our|an|the) (?:[a-z-]+ )?(?:action )?plan")

# -- what a page is about instead -------------------------------------------------------------------
OTHER_SUPER_COMPLAINTS: tuple[tuple[str, Pattern], ...] = (
    ("the police-perpetrated domestic abuse super-complaint", rx(
        r"police[- ]perpetrated domestic abuse|\bppda\b|centre for women's justice|domestic abuse (?:committed )?by police|cam-drin domestig gan (?:yr )?heddlu")),
    ("the protective measures super-complaint", rx(r"protective measures|pre-charge bail")),
    ("the modern slavery super-complaint", rx(r"modern slavery|\bhestia\b")),
    ("the immigration data-sharing super-complaint", rx(
        r"immigration (?:status|enforcement|purposes)|sharing victims' data|southall black sisters")),
)
# Subjects that share the vocabulary but are not a super-complaint: they decide only for a page
# that neither answers a recommendation nor calls itself the response.
SOFT_SUBJECTS: tuple[tuple[str, Pattern], ...] = (
    ("violence against women and girls (VAWG)", rx(r"violence against women and girls|\bvawg\b|\bvawdasv\b|trais yn erbyn menywod")),
    ("a PEEL inspection", rx(r"\bpeel\b")),
    ("the 2017 'Living in fear' inspection", rx(r"living in fear")),
    ("the police and crime plan", rx(r"police and crime plan")),
)
OTHER_SUBJECTS = (*OTHER_SUPER_COMPLAINTS, *SOFT_SUBJECTS)

# -- what a page is, whatever it mentions ------------------------------------------------------------
NOT_FOUND = rx(
    r"\bpage (?:was |is )?not (?:be )?found\b"
    r"|\b(?:can ?not|can't|could ?not|couldn't|unable to) (?:find|locate) (?:that|the|this|what|it)\b"
    r"|\b(?:cannot|can't|could not|couldn't) be found\b"
    r"|\b(?:no longer|does not|doesn't|did not|never did) (?:exists?|available)\b"
    r"|\bno longer exists\b|\bno longer available\b"
    r"|\b(?:page|content|document) (?:you|you're)[^.]{0,40}(?:has|have) been (?:moved|removed|deleted|archived)"
    r"|\bnothing (?:was )?found\b"
    r"|\bpage unavailable\b"
    r"|\bni allwn ddod o hyd\b|\bheb ei (?:ch)?anfod\b|\bnid yw'r dudalen (?:ar gael|yn bodoli)\b"
)
NOT_FOUND_TITLE = rx(r"\b404\b|\bnot found\b|\bheb ei (?:ch)?anfod\b")
COOKIE_WALL = rx(COOKIE_WALL_WORDS)
LOGIN_TITLE = rx(r"\bsign(?:ing)? ?in\b|\blog ?in\b|\bmewngofnodi\b")
LOGIN_TEXT = rx(r"\bpassword\b|\baccount\b|\bcyfrinair\b")
LOGIN_HOSTS = ("login.microsoftonline.com", "login.live.com", "accounts.google.com", "login.windows.net")
SEARCH_TITLE = rx(r"^search\b|\bsearch results?\b|\bresults for\b|\bcanlyniadau chwilio\b|^chwilio\b")
SEARCH_PARAMS = {"q", "query", "search", "keys", "keywords", "s", "term", "terms", "searchterm", "searchtext", "k"}
FOI = rx(r"\bfoi\b|freedom of information (?:act )?request|\bdisclosure log\b|rhyddid gwybodaeth")
FOI_REQUEST = rx(r"\brequest(?:ed)?\b|\bcais\b")
PCC = rx(r"\bpolice(?:,)? (?:fire )?(?:and )?crime (?:and victims' )?commissioner|\bpcc\b|\bopcc\b|commissioner's response|comisiynydd heddlu")
PCC_HOST = rx(r"(?:^|[.-])o?p?f?cc[.-]|commissioner")
NEWS_PATH = rx(r"/news/|/newyddion/|/press-releases?/")
DATELINE = rx(r"^(?:(?:published|posted)(?: on)?:? )?\d{1,2} (?:january|february|march|april|may|june|july|august|september|october|november|december) 20\d\d\b")
PLAN_LINK = rx(r"action[ _-]?plan|super[ _-]?complaint|response|cynllun|uwch[ _-]?g|stalking|stelci|update|diweddariad")
DOCUMENT_LINK_TEXT = rx(r"\(pdf\b|\bpdf,|\bword document\b|\(docx?\b|\(odt\b")
HOMEPAGE_PATHS = ("", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home",
                   "/en", "/cy", "/en-gb", "/hafan", "/home.aspx")
SHELL_TEXT = rx(r"enable javascript|javascript (?:is )?(?:required|disabled|turned off)|requires javascript|^loading\W*$")
