"""verify.py with plain inputs: hand-written pages, none of them from the corpus or the replica.

Each test reads like the behaviour it pins down: what a person would call the page, and why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from monitor import pagetext, patterns, signals, verify
from monitor.models import ErrorKind, FetchResult, Force, Hop, Status
from monitor.replica.content import plan_blocks
from monitor.replica.pdf import make_pdf
from monitor.replica.scenario import ReplicaForce
from monitor.signals import PUBLISHED_SCORE
from monitor.verify import plan_documents, read_page, verify_page

HOST = "https://www.exampleshire.police.uk"
FORCE = Force(id="exampleshire", name="Exampleshire Constabulary", domains=("exampleshire.police.uk",))

# Site chrome as real force sites have it: stalking and super-complaints in the menus, a cookie
# banner, a quick-exit button. None of it may count towards (or against) a verdict.
CHROME_TOP = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<div class="cookie-banner"><h2>Cookies on this site</h2><p>We use cookies. You must accept or reject them.</p></div>
<a class="quick-exit" href="https://www.bbc.co.uk">Leave this site</a>
<header><a href="/">Exampleshire Constabulary</a><nav><ul><li><a href="/advice/stalking/">Stalking and harassment</a></li>
<li><a href="/about/super-complaints/">Super-complaints</a></li><li><a href="/advice/da/">Domestic abuse</a></li>
<li><a href="/foi/">Freedom of information</a></li></ul></nav></header>
<nav class="breadcrumb"><a href="/">Home</a> / <a href="/about/">About us</a></nav>
<main id="main">"""
CHROME_BOTTOM = """</main><footer><p>Call 999 in an emergency, 101 otherwise.</p><a href="/privacy/">Privacy</a>
<a href="/modern-slavery-statement/">Modern slavery statement</a></footer></body></html>"""

RESPONSE_MAIN = """<h1>Our plan following the stalking super complaint</h1>
<p>In September 2024 the College of Policing, HMICFRS and the IOPC published the outcome of the super
complaint lodged by the Suzy Lamplugh Trust. Below we set out how Exampleshire Constabulary is acting on
each recommendation to chief constables, who leads it and where we have got to.</p>
<table><tr><th>Recommendation</th><th>What we are doing</th><th>Lead</th><th>Status</th></tr>
<tr><td>Record stalking correctly, including where it is reported as harassment</td><td>Our crime recording
team audits harassment reports every month.</td><td>Force Crime Registrar</td><td>Complete</td></tr>
<tr><td>Consider a Stalking Protection Order in every suitable case</td><td>An SPO checklist is part of every
stalking investigation plan.</td><td>Head of Public Protection</td><td>In progress</td></tr>
<tr><td>Train call handlers and officers to recognise stalking</td><td>Training is complete for 90% of
officers.</td><td>Head of Learning</td><td>On track</td></tr>
<tr><td>Refer victims to specialist stalking advocates</td><td>Referrals are made at the point of report.</td>
<td>Head of Victim Services</td><td>Complete</td></tr></table>"""

WELSH_MAIN = """<h1>Uwch-gŵyn stelcio: ein cynllun gweithredu</h1>
<p>Ym mis Medi 2024 cyhoeddodd yr IOPC, HMICFRS a'r Coleg Plismona adroddiad ar yr uwch-gŵyn gan Ymddiriedolaeth
Suzy Lamplugh. Dyma ein hymateb i bob argymhelliad i brif gwnstabliaid.</p>
<table><tr><th>Argymhelliad</th><th>Ein hymateb</th><th>Statws</th></tr>
<tr><td>Systemau cofnodi troseddau stelcio</td><td>Rydym yn cofnodi troseddau stelcio yn gywir.</td><td>Wedi'i gwblhau</td></tr>
<tr><td>Hyfforddiant ar stelcio</td><td>Mae pob swyddog yn cael hyfforddiant.</td><td>Ar waith</td></tr>
<tr><td>Gorchmynion Amddiffyn rhag Stelcio</td><td>Ystyrir gorchymyn ym mhob achos stelcio.</td><td>Parhaus</td></tr></table>"""


def html(main: str, title: str = "Page | Exampleshire Constabulary") -> str:
    return CHROME_TOP.format(title=title) + main + CHROME_BOTTOM


def fetched(body: str | bytes, *, url: str = f"{HOST}/about-us/stalking-plan/", status: int = 200,
            content_type: str = "text/html; charset=utf-8", requested: str | None = None, **more) -> FetchResult:
    data = body.encode() if isinstance(body, str) else body
    hops = ((Hop(requested, 301, url),) if requested else ()) + (Hop(url, status),)
    return FetchResult(url=requested or url, final_url=url, status_code=status, hops=hops, content_type=content_type,
                       body=data, text=body if isinstance(body, str) else None, **more)


def pdf_result(url: str, blocks) -> FetchResult:
    return fetched(make_pdf(blocks, title="plan"), url=url, content_type="application/pdf")


def check(main: str, title: str = "Page | Exampleshire Constabulary", **kwargs):
    force = kwargs.pop("force", FORCE)
    return verify_page(fetched(html(main, title), **kwargs), force)


# -- the response ------------------------------------------------------------------------------------


def test_a_response_page_is_published_with_its_evidence():
    verdict = check(RESPONSE_MAIN, "Stalking super complaint: our plan | Exampleshire Constabulary")
    assert verdict.status is Status.PUBLISHED
    assert verdict.score >= PUBLISHED_SCORE
    assert "stalking super-complaint response" in verdict.reason
    ev = verdict.evidence
    assert ev["title"] == "Stalking super complaint: our plan | Exampleshire Constabulary"
    assert ev["h1"] == "Our plan following the stalking super complaint"
    assert "Cookies on this site" not in ev["headings"]  # chrome is not the page's own
    assert {"super-complaint", "Suzy Lamplugh Trust", "recommendations to chief constables"} <= set(ev["matched"])
    assert {"crime recording", "Stalking Protection Orders", "training", "support for victims"} <= set(ev["themes"])
    assert "super complaint" in [p.lower() for p in ev["phrases"]]  # the page's own spelling is shown
    assert ev["missing"] == []
    assert verdict.text and "Force Crime Registrar" in verdict.text


def test_a_welsh_only_response_is_published():
    verdict = check(WELSH_MAIN, "Uwch-gŵyn stelcio | Heddlu Exampleshire")
    assert verdict.status is Status.PUBLISHED, verdict.reason
    assert "Uwch-gŵyn" in verdict.evidence["phrases"]  # quoted as the page wrote it


def test_site_chrome_alone_never_makes_a_response():
    verdict = check("<h1>Contact us</h1><p>Call 101 or use our online form. For textphone, dial 18001 101. "
                    "Our front counters are open 8am to 8pm.</p>", "Contact us | Exampleshire Constabulary")
    assert verdict.status is Status.NOT_RESPONSE
    assert verdict.evidence["matched"] == []


# -- not found ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("heading, text", [
    ("Page not found", "Check the address or search the site."),
    ("Sorry, we can't find that page", "It may have been moved."),
    ("Oops!", "That page doesn't exist any more. Try the menu."),
    ("This content has been archived", "The page you're looking for has been removed and is no longer available."),
    ("Ni allwn ddod o hyd i'r dudalen", "Efallai ei bod wedi'i symud."),
    ("Error 404", "Try our homepage."),
])
def test_not_found_wording_is_a_soft_404(heading, text):
    verdict = check(f"<h1>{heading}</h1><p>{text}</p><ul><li><a href='/advice/stalking/'>Stalking advice</a></li></ul>")
    assert verdict.status is Status.SOFT_404, verdict.reason
    assert verdict.reason.startswith("the page answers 200 but says '")
    assert verdict.evidence["not_found_phrase"]


def test_a_response_that_mentions_a_moved_page_is_not_a_soft_404():
    main = RESPONSE_MAIN.replace("</h1>", "</h1><p>Our earlier page no longer exists; this page replaces it.</p>", 1)
    assert check(main).status is Status.PUBLISHED


NOT_FOUND_WITHOUT_WORDS = "<h1>Exampleshire Constabulary</h1><p>Try one of these: <a href='/report/'>Report a crime</a>, " \
                          "<a href='/contact/'>Contact us</a>, <a href='/news/'>Latest news</a>.</p>"


def test_soft_404_without_wording_is_found_by_comparing_with_the_host_probe():
    page = fetched(html(NOT_FOUND_WITHOUT_WORDS))
    probe = fetched(html(NOT_FOUND_WITHOUT_WORDS), url=f"{HOST}/force-monitor-probe-0123abcd-this-page-does-not-exist")
    assert verify_page(page, FORCE).status is Status.NOT_RESPONSE  # wording alone cannot tell
    verdict = verify_page(page, FORCE, probe=probe)
    assert verdict.status is Status.SOFT_404
    assert "what the site serves for any address that does not exist" in verdict.reason
    assert verdict.evidence["probe"]["similarity"] == 1.0 and verdict.evidence["probe"]["soft_404"]


def test_the_requested_path_echoed_on_a_not_found_page_does_not_hide_it():
    def echo(path: str) -> str:
        return html(f"<h1>Hmm.</h1><p>Nothing lives at {path}. Try the menu above or our search.</p>")

    page = fetched(echo("/about-us/stalking-plan/"))
    probe = fetched(echo("/force-monitor-probe-0123abcd-this-page-does-not-exist"),
                    url=f"{HOST}/force-monitor-probe-0123abcd-this-page-does-not-exist")
    assert verify_page(page, FORCE, probe=probe).status is Status.SOFT_404


def test_a_real_page_on_a_soft_404_site_is_not_a_soft_404():
    probe = fetched(html(NOT_FOUND_WITHOUT_WORDS), url=f"{HOST}/force-monitor-probe-x")
    verdict = verify_page(fetched(html(RESPONSE_MAIN)), FORCE, probe=probe)
    assert verdict.status is Status.PUBLISHED
    assert verdict.evidence["probe"]["similarity"] < 0.2 and not verdict.evidence["probe"]["soft_404"]


@pytest.mark.parametrize("main", [NOT_FOUND_WITHOUT_WORDS, RESPONSE_MAIN])
def test_a_page_and_probe_read_once_get_the_verdict_reading_them_again_gets(main):
    # The pipeline reads each page once (for its plan documents) and each host's probe once.
    page = fetched(html(main))
    probe = fetched(html(NOT_FOUND_WITHOUT_WORDS), url=f"{HOST}/force-monitor-probe-x")
    again = verify_page(page, FORCE, probe=probe)
    once = verify_page(page, FORCE, probe=probe, page=read_page(page), probe_page=read_page(probe))
    assert once == again


def test_a_host_that_answers_404_to_the_probe_is_noted_and_not_compared():
    probe = fetched(html("<h1>Not here</h1>"), url=f"{HOST}/force-monitor-probe-x", status=404)
    verdict = verify_page(fetched(html(NOT_FOUND_WITHOUT_WORDS)), FORCE, probe=probe)
    assert verdict.status is Status.NOT_RESPONSE
    assert verdict.evidence["probe"]["summary"] == "the host answers 404 for a path that cannot exist, as it should"


# -- what the page is --------------------------------------------------------------------------------


def test_a_redirect_to_the_homepage_is_not_the_response():
    verdict = verify_page(fetched(html("<h1>Welcome</h1><p>Stalking: know the signs.</p>"), url=f"{HOST}/",
                                  requested=f"{HOST}/stalking-plan"), FORCE, requested_url=f"{HOST}/stalking-plan")
    assert verdict.status is Status.NOT_RESPONSE and "homepage" in verdict.reason


def test_a_javascript_shell_is_blocked_never_missing():
    # We failed to read it; the force has not failed to publish (issue 19).
    shell = ('<!doctype html><html><head><title>Exampleshire Constabulary</title></head><body>'
             '<noscript>Please enable JavaScript to view this site.</noscript><div id="app"></div>'
             '<script src="/app.js"></script></body></html>')
    verdict = verify_page(fetched(shell), FORCE)
    assert verdict.status is Status.BLOCKED
    assert verdict.reason == "the page needs JavaScript and was not rendered: we could not verify it"
    assert verdict.evidence["page_kind"] == "empty shell"
    # A single-page app serves the same shell for every path: it is a shell, not a soft 404.
    assert verify_page(fetched(shell), FORCE, probe=fetched(shell, url=f"{HOST}/probe")).status is Status.BLOCKED


def test_a_cookie_wall_is_blocked_never_missing():
    wall = ('<html><head><title>Exampleshire</title></head><body><div class="consent"><h1>Your privacy</h1>'
            '<p>We use cookies. You need to make a choice before continuing.</p><button>Accept</button></div></body></html>')
    verdict = verify_page(fetched(wall), FORCE)
    assert verdict.status is Status.BLOCKED and "cookie" in verdict.reason


def test_a_login_page_is_not_the_response():
    login = html('<h1>Sign in</h1><form><label>Email</label><input type="email"><label>Password</label>'
                 '<input type="password"></form><p>Sign in to see the stalking super-complaint documents.</p>')
    verdict = verify_page(fetched(login), FORCE)
    assert verdict.status is Status.NOT_RESPONSE and "sign in" in verdict.reason


def test_search_results_are_not_the_response_even_when_the_plan_is_the_first_hit():
    results = ("<h1>Search results</h1><p>3 results for stalking super complaint</p><ol>"
               f"<li><a href='/about-us/stalking-plan/'>Our plan following the stalking super complaint</a> "
               "Suzy Lamplugh Trust recommendations to chief constables...</li></ol>")
    verdict = check(results, "Search | Exampleshire Constabulary", url=f"{HOST}/search?q=stalking+super+complaint")
    assert verdict.status is Status.NOT_RESPONSE and "search results" in verdict.reason


def test_an_foi_disclosure_quoting_the_plan_is_not_the_response():
    foi = ("<h1>Stalking super complaint plan</h1><p>FOI reference 2025/123. Request: please send your plan. "
           "Response: the plan is published on our website.</p>" + RESPONSE_MAIN.split("</h1>", 1)[1])
    verdict = check(foi, url=f"{HOST}/foi/disclosure-log/2025-123/")
    assert verdict.status is Status.NOT_RESPONSE and "freedom-of-information" in verdict.reason


def test_another_super_complaint_plan_is_not_the_response():
    other = (RESPONSE_MAIN.replace("Our plan following the stalking super complaint",
                                   "Police-perpetrated domestic abuse super-complaint: our plan")
             .replace("Suzy Lamplugh Trust", "Centre for Women's Justice"))
    verdict = check(other, "Police-perpetrated domestic abuse super-complaint | Exampleshire Constabulary")
    assert verdict.status is Status.NOT_RESPONSE
    assert verdict.reason == ("the page is about the police-perpetrated domestic abuse super-complaint, "
                              "not the stalking super-complaint")


def test_a_stalking_advice_page_is_not_the_response():
    advice = ("<h1>Stalking</h1><p>Stalking is fixated, obsessive, unwanted and repeated behaviour. If you are being "
              "stalked, keep a diary and report it. We can apply for a Stalking Protection Order. The National "
              "Stalking Helpline is run by the Suzy Lamplugh Trust.</p>")
    verdict = check(advice)
    assert verdict.status is Status.NOT_RESPONSE
    assert "never mentions the super-complaint" in verdict.reason


def test_news_of_the_report_is_not_the_response():
    news = ("<h1>Force welcomes stalking report</h1><p>27 September 2024</p><p>Exampleshire Constabulary welcomes "
            "the report into the super-complaint by the Suzy Lamplugh Trust about the police response to stalking, "
            "which makes recommendations to chief constables. We will publish our action plan in November.</p>")
    verdict = check(news, url=f"{HOST}/news/2024/09/force-welcomes-stalking-report/")
    assert verdict.status is Status.NOT_RESPONSE
    assert verdict.reason == "the page promises the plan but does not contain it (a news story)"


def test_the_commissioners_page_is_not_the_forces_response():
    verdict = check(RESPONSE_MAIN, "The Commissioner's response | Exampleshire Police and Crime Commissioner",
                    url="https://www.exampleshire-pcc.gov.uk/stalking-super-complaint/")
    assert verdict.status is Status.NOT_RESPONSE and "police and crime commissioner" in verdict.reason
    assert verdict.evidence["off_site"] == "www.exampleshire-pcc.gov.uk"


def test_a_page_off_the_forces_site_that_never_names_it_is_someone_elses():
    # The national report itself reads like a plan: recommendations to chief constables, every theme.
    report = RESPONSE_MAIN.replace("Exampleshire Constabulary is", "forces are")
    verdict = check(report, "Police response to stalking | HMICFRS", url="https://hmicfrs.example.org.uk/stalking-report/")
    assert verdict.status is Status.NOT_RESPONSE
    assert verdict.reason == ("the page is on hmicfrs.example.org.uk, not Exampleshire Constabulary's website, "
                              "and does not say it is the force's")
    # Hosted elsewhere but clearly the force's own (a CDN, a shared platform): judged on its content.
    hosted = check(RESPONSE_MAIN, url="https://cdn.example.net/exampleshire/stalking-plan.html")
    assert hosted.status is Status.PUBLISHED and hosted.evidence["off_site"] == "cdn.example.net"


# -- documents ---------------------------------------------------------------------------------------

LANDING = ("<h1>Stalking super-complaint</h1><p>Our action plan in response to the stalking super-complaint is below.</p>"
           "<p><a href='/media/stalking-action-plan.pdf'>Stalking action plan (PDF, 120KB)</a></p>"
           "<p><a href='/media/annual-report.pdf'>Annual report 2024</a></p>")
PLAN_URL = f"{HOST}/media/stalking-action-plan.pdf"
PLAN = plan_blocks(ReplicaForce(id="exampleshire", name="Exampleshire Constabulary", domain="exampleshire.police.uk"))


def test_plan_documents_are_the_plan_like_document_links():
    page = read_page(fetched(html(LANDING)))
    assert plan_documents(page) == [PLAN_URL]  # the annual report is a document, but not the plan
    page = read_page(fetched(html("<a href='/download?id=9'>Our response to the super-complaint (PDF, 1MB)</a>")))
    assert plan_documents(page) == [f"{HOST}/download?id=9"]


def test_a_landing_page_is_published_by_its_plan_document():
    verdict = verify_page(fetched(html(LANDING)), FORCE, documents={PLAN_URL: pdf_result(PLAN_URL, PLAN)})
    assert verdict.status is Status.PUBLISHED
    assert verdict.reason.startswith("the page links the plan document stalking-action-plan.pdf (PDF), which is the response")
    [doc] = verdict.evidence["documents"]
    assert doc["url"] == PLAN_URL and doc["status"] == "published" and doc["kind"] == "pdf"


def test_a_landing_page_whose_plan_is_dead_is_broken_and_says_so():
    dead = fetched("<h1>Not Found</h1>", url=PLAN_URL, status=404)
    verdict = verify_page(fetched(html(LANDING)), FORCE, documents={PLAN_URL: dead})
    assert verdict.status is Status.BROKEN
    assert verdict.reason == f"the plan document is dead: {PLAN_URL} (HTTP 404: the page was not found)"


def test_a_plan_link_answering_a_not_found_page_is_dead_too():
    soft = fetched(html("<h1>Page not found</h1><p>Sorry.</p>"), url=PLAN_URL)
    verdict = verify_page(fetched(html(LANDING)), FORCE, documents={PLAN_URL: soft})
    assert verdict.status is Status.BROKEN and "Page not found" in verdict.reason


def test_a_landing_page_whose_document_is_another_plan_is_not_the_response():
    vawg = pdf_result(PLAN_URL, [("title", "Violence against women and girls delivery plan"),
                                 ("p", "Pillar 1: build trust. Owner: ACC Crime. Target date: March 2025. Status: in progress.")])
    verdict = verify_page(fetched(html(LANDING)), FORCE, documents={PLAN_URL: vawg})
    assert verdict.status is Status.NOT_RESPONSE
    assert "stalking-action-plan.pdf is not the stalking response" in verdict.reason


def test_a_plan_document_we_may_not_fetch_leaves_the_page_blocked():
    refused = FetchResult(url=PLAN_URL, final_url=PLAN_URL, error_kind=ErrorKind.ROBOTS, error="robots.txt disallows this URL")
    assert verify_page(fetched(html(LANDING)), FORCE, documents={PLAN_URL: refused}).status is Status.BLOCKED


def test_a_full_response_page_with_a_dead_pdf_copy_is_published_with_a_warning():
    main = RESPONSE_MAIN + "<p><a href='/media/stalking-action-plan.pdf'>Download this plan (PDF)</a></p>"
    dead = fetched("gone", url=PLAN_URL, status=410)
    verdict = verify_page(fetched(html(main)), FORCE, documents={PLAN_URL: dead})
    assert verdict.status is Status.PUBLISHED
    assert verdict.warnings == (f"plan document dead: {PLAN_URL}",)


def test_a_pdf_linked_directly_is_verified_the_same_way():
    verdict = verify_page(pdf_result(PLAN_URL, PLAN), FORCE)
    assert verdict.status is Status.PUBLISHED and verdict.reason.startswith("the document (PDF) is the stalking")
    assert verdict.evidence["document_kind"] == "pdf" and verdict.evidence["themes"]
    elsewhere = "https://cdn.example.net/files/plan.pdf"
    assert verify_page(pdf_result(elsewhere, PLAN), FORCE).status is Status.PUBLISHED  # names the force
    national = pdf_result(elsewhere, [(kind, text.replace("Exampleshire Constabulary", "each force")) for kind, text in PLAN])
    assert "never names the force" in verify_page(national, FORCE).reason
    broken = fetched(b"%PDF-1.7 truncated", url=PLAN_URL, content_type="application/pdf")
    verdict = verify_page(broken, FORCE)
    assert verdict.status is Status.NOT_RESPONSE and "cannot be read" in verdict.reason


# -- the HTTP outcome --------------------------------------------------------------------------------


@pytest.mark.parametrize("result, status, words", [
    (FetchResult(url=HOST, final_url=HOST, status_code=404, hops=(Hop(HOST, 404),)), Status.BROKEN, "404"),
    (FetchResult(url=HOST, final_url=HOST, status_code=503, hops=(Hop(HOST, 503),)), Status.BROKEN, "server failed"),
    (FetchResult(url=HOST, final_url=HOST, status_code=403, headers={"cf-mitigated": "challenge"}), Status.BLOCKED, "bot challenge"),
    (FetchResult(url=HOST, final_url=HOST, status_code=429), Status.BLOCKED, "too often"),
    (FetchResult(url=HOST, final_url=HOST, error_kind=ErrorKind.TIMEOUT, error="timed out"), Status.UNREACHABLE, "timed out"),
    (FetchResult(url=HOST, final_url=HOST, error_kind=ErrorKind.REDIRECT_LOOP, error="redirect loop"), Status.BROKEN, "loop"),
])
def test_the_http_outcome_decides_first(result, status, words):
    verdict = verify_page(result, FORCE)
    assert verdict.status is status and words in verdict.reason


# -- module discipline -------------------------------------------------------------------------------


def test_our_own_bugs_are_not_swallowed_into_a_status(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the verifier")

    monkeypatch.setattr(verify, "read_text", broken)
    with pytest.raises(ZeroDivisionError):
        verify_page(fetched(html(RESPONSE_MAIN)), FORCE)


@pytest.mark.parametrize("module", ["verify.py", "documents.py", "office_text.py", "pdf_text.py", "pagetext.py", "coverage.py",
                                    "patterns.py", "signals.py", "reading.py", "rules.py", "pagekinds.py", "wording.py"])
def test_verify_and_documents_are_pure(module):
    """No network, no database, no files: they take data and return data (DESIGN.md)."""
    tree = ast.parse((Path(verify.__file__).parent / module).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    assert imported <= {"__future__", "re", "io", "logging", "zipfile", "xml", "collections", "dataclasses", "typing",
                        "urllib", "functools", "selectolax", "pypdfium2", "struct", "zlib", "rapidfuzz", "ahocorasick"}
    local = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
    # recommendations: the bundled register, read once (the verifier's knowledge of the report);
    # errors: DocumentError, the one exception a document reader raises
    assert local <= {"models", "errors", "documents", "office_text", "pdf_text", "pagetext", "coverage", "recommendations",
                     "patterns", "signals", "reading", "rules", "pagekinds", "wording"}
    source = (Path(verify.__file__).parent / module).read_text()
    assert "except Exception" not in source


# -- nesting ----------------------------------------------------------------------------------------


def test_tags_nested_past_the_limit_are_dropped_and_their_text_kept():
    deep = "<div>" * 5 + "text" + "</div>" * 5
    assert verify.limit_nesting(deep, 3) == "<div>" * 3 + "text" + "</div>" * 3
    assert verify.limit_nesting(deep, 5) == deep


def test_what_does_not_nest_never_counts_towards_the_limit():
    # Void and self-closing tags, comments, and markup inside raw text (scripts, styles, titles).
    page = ("<div><br><img src='/a/b.png'/><p>one<p>two<!-- <div><div> --><script>var s = '<div><div>';</script >"
            "<STYLE>a > b {}</style><title><div></title><span>x</span></div>")
    assert verify.limit_nesting(page, 2) == page
    assert verify.limit_nesting("<div><div><div>a</div></div></div>", 2) == "<div><div>a</div></div>"


def test_an_unclosed_script_or_comment_runs_to_the_end_as_text():
    assert verify.limit_nesting("<div><script>x<div><div><div>", 1) == "<div><script>x<div><div><div>"
    assert verify.limit_nesting("<div><!-- <div><div>", 1) == "<div><!-- <div><div>"


def test_links_resolve_exactly_as_urljoin_has_them():
    from urllib.parse import urljoin

    hrefs = ["/advice/stalking/", "/a/../b/", "/a/./b", "/x?", "/x#", "/x?q=1#top", "/p;v=1", "//cdn.example.org/x.pdf",
             "plan.pdf", "../up/", "?page=2", "https://other.example.org/y", "/a\tb", "/.well-known/x"]
    base = f"{HOST}/about-us/stalking-plan/index.html?from=menu"
    page = read_page(fetched("".join(f'<a href="{h}">{n}</a>' for n, h in enumerate(hrefs)), url=base))
    assert [url for url, _ in page.links] == [urljoin(base, h) for h in hrefs]


def _all_patterns():
    for name, value in vars(signals).items():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            for part in (item if isinstance(item, tuple) else (item,)):
                if isinstance(part, patterns.Pattern):
                    yield name, part


def test_the_literal_filter_never_changes_what_a_pattern_finds():
    # Each pattern first checks for text every match must contain; where that text is absent the
    # regex is skipped. On every corpus page, and on text that holds the filter's own strings,
    # the answers must be the regex's own.
    texts = [pagetext.norm(read_page(fetched(path.read_text(errors="replace"))).main_text)
             for path in sorted(Path(__file__).parent.glob("corpus/**/*.htm*"))]
    patterns = list(_all_patterns())
    assert len(patterns) > 40 and sum(p.needles is not None for _, p in patterns) > 35
    texts += [" ".join(p.needles or ()) for _, p in patterns]
    for name, pattern in patterns:
        for text in texts:
            found, plain = pattern.search(text), pattern.regex.search(text)
            assert (found and found.span()) == (plain and plain.span()), (name, pattern.regex.pattern)
            assert pattern.findall(text) == pattern.regex.findall(text), (name, pattern.regex.pattern)


def test_the_literal_filter_reads_alternatives_groups_and_repeats():
    assert patterns.needles_of(r"\bsuper-? ?complaints?\b|\buwch-? ?g[wŵ]yn") == ("complaint", "uwch")
    assert patterns.needles_of(r"(?:ab|cd)+x?") == ("ab", "cd")
    assert patterns.needles_of(r"a?b*") is None  # can match without either: no filter
    assert patterns.needles_of(r"(?=stalking)\w+") is None  # a lookahead is not part of the match
    assert patterns.needles_of(r"(?i)stalking") is None
