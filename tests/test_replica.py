"""The offline replica, tested from the outside with stdlib clients over loopback.

Every request goes to 127.0.0.1 with the real host name in the Host header and (for https) in SNI,
exactly as the monitor's connect-to override sends it.
"""

from __future__ import annotations

import gzip
import html
import http.client
import io
import json
import re
import socket
import ssl
import threading
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pypdf
import pytest

from monitor.replica import (
    CONTENT_API_URL,
    NPCC_PAGE_URL,
    Expected,
    Replica,
    ReplicaForce,
    Response,
    default_scenario,
    load_forces,
)
from monitor.replica import behaviours, content
from monitor.replica.govuk import COLLECTION_PATH, NPCC_PATH
from monitor.replica.pdf import make_pdf
from monitor.replica.scenario import split_url

FORCES = load_forces()
STATUSES = {"published", "not_linked", "not_response", "soft_404", "broken", "unreachable", "blocked"}


# -- a tiny stdlib client -------------------------------------------------------------------------------


class Conn(http.client.HTTPConnection):
    """An HTTP(S) connection to the replica's port that keeps the real host name in SNI and Host."""

    def __init__(self, replica: Replica, scheme: str, host: str, timeout: float = 10) -> None:
        port = replica.https_port if scheme == "https" else replica.http_port
        super().__init__("127.0.0.1", port, timeout=timeout)
        self.real_host = host
        self.ctx = ssl.create_default_context(cafile=replica.ca_path) if scheme == "https" else None

    def connect(self) -> None:
        super().connect()
        if self.ctx is not None:
            self.sock = self.ctx.wrap_socket(self.sock, server_hostname=self.real_host)

    def fetch(self, path: str, method: str = "GET", headers: dict[str, str] | None = None):
        self.request(method, path, headers={"Host": self.real_host, **(headers or {})})
        resp = self.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()


def fetch(replica: Replica, url: str, method: str = "GET", headers: dict[str, str] | None = None):
    scheme = url.split("://", 1)[0]
    host, _ = split_url(url)
    target = "/" + url.split("://", 1)[1].partition("/")[2].split("#", 1)[0]
    conn = Conn(replica, scheme, host)
    try:
        return conn.fetch(target, method, headers)
    finally:
        conn.close()


def follow(replica: Replica, url: str, limit: int = 5):
    """GET with redirects followed; returns (status, headers, body, final_url, hops)."""
    hops = 0
    while True:
        status, headers, body = fetch(replica, url)
        if status in (301, 302, 303, 307, 308) and hops < limit:
            location = headers["location"]
            if location.startswith("/"):
                location = url.split("://")[0] + "://" + split_url(url)[0] + location
            url, hops = location, hops + 1
            continue
        return status, headers, body, url, hops


def text_of(body: bytes) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", body.decode("utf-8")))


@pytest.fixture
def scenario():
    return default_scenario(FORCES)


@pytest.fixture
def replica(scenario):
    with Replica(scenario) as running:
        yield running
    assert not running.errors, running.errors


# -- GOV.UK source ------------------------------------------------------------------------------------


def test_content_api_is_shaped_like_govuk(replica):
    status, headers, body = fetch(replica, CONTENT_API_URL)
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    item = json.loads(body)
    assert item["base_path"] == NPCC_PATH
    assert item["document_type"] == "html_publication"
    assert item["schema_name"] == "html_publication"
    assert item["title"] == "NPCC response to the stalking super-complaint"
    assert item["locale"] == "en"
    for key in ("content_id", "first_published_at", "public_updated_at", "updated_at"):
        assert item[key]
    assert item["details"]["body"].startswith('<div class="govspeak">')
    assert {h["id"] for h in item["details"]["headers"]} >= {"force-responses", "contact"}
    assert item["links"]["parent"][0]["base_path"] == COLLECTION_PATH
    assert item["links"]["organisations"][0]["title"] == "Home Office"


def test_content_api_is_gzipped_when_asked(replica):
    status, headers, body = fetch(replica, CONTENT_API_URL, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["title"].startswith("NPCC")


def test_html_page_holds_the_same_govspeak_body(replica):
    api_body = json.loads(fetch(replica, CONTENT_API_URL)[2])["details"]["body"]
    status, headers, page = fetch(replica, NPCC_PAGE_URL)
    page_text = page.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<div class="gem-c-govspeak govuk-govspeak" data-module="govspeak">\n' + api_body in page_text
    for chrome in ("Cookies on GOV.UK", "govuk-breadcrumbs", "govuk-footer", "Skip to main content"):
        assert chrome in page_text


def test_every_force_but_the_unlinked_is_linked_from_the_body(replica, scenario):
    body = json.loads(fetch(replica, CONTENT_API_URL)[2])["details"]["body"]
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', body)]
    assert set(scenario.expected) == {f.id for f in FORCES}
    for force in FORCES:
        expected = scenario.expected[force.id]
        assert expected.status in STATUSES
        if expected.status == "not_linked":
            assert force.domain not in body and force.name not in body
            continue
        url = scenario.link_for(force.id)
        assert url in hrefs, force.id
        assert split_url(url)[0].endswith(force.domain)


def test_body_has_the_irregularities_a_parser_must_survive(replica):
    body = json.loads(fetch(replica, CONTENT_API_URL)[2])["details"]["body"]
    assert '<th scope="col">Force</th>' in body and '<th scope="row">Kent Police</th>' in body
    assert '<th scope="row">Met Police</th>' in body and '<th scope="row">GMP</th>' in body
    assert ">Read the response</a>" in body and ">here</a>" in body
    assert f'href="{COLLECTION_PATH}"' in body  # relative GOV.UK link
    assert 'href="mailto:' in body
    assert "https://www.example-pcc.org.uk/" in body and "https://www.police.uk/" in body
    assert 'href="https://sussex.police.uk/' in body  # no www.
    assert 'href="https://news.westyorkshire.police.uk/' in body  # subdomain
    herts = re.findall(r'href="(https://www\.herts\.police\.uk[^"]*)"', body)
    assert len(herts) == 2 and any("utm_source=" in h and "#" in h for h in herts)
    after_table = body.split("</table>", 1)[1]
    assert "<ul>" in after_table and "North Wales Police" in after_table
    assert 'rel="external"' in body


def test_collection_page_and_item(replica):
    status, _, page = fetch(replica, "https://www.gov.uk" + COLLECTION_PATH)
    assert status == 200
    text = text_of(page)
    assert "Responses to the super-complaint report on the police response to stalking" in text
    assert "Links to the individual force responses are included in the NPCC response above" in text
    assert f'href="{NPCC_PATH}"' in page.decode()
    item = json.loads(fetch(replica, "https://www.gov.uk/api/content" + COLLECTION_PATH)[2])
    assert any(a["url"] == NPCC_PAGE_URL for a in item["details"]["attachments"])
    status, headers, _ = fetch(replica, "https://gov.uk" + NPCC_PATH)
    assert status == 301 and headers["location"] == NPCC_PAGE_URL


# -- TLS ----------------------------------------------------------------------------------------------


def test_tls_verifies_for_every_host_with_sni(replica, scenario):
    ctx = ssl.create_default_context(cafile=replica.ca_path)
    for host in scenario.hosts():
        with socket.create_connection(("127.0.0.1", replica.https_port), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname=host) as tls:
                assert tls.version() in ("TLSv1.2", "TLSv1.3"), host


def test_tls_refuses_a_host_outside_the_certificate(replica):
    ctx = ssl.create_default_context(cafile=replica.ca_path)
    with socket.create_connection(("127.0.0.1", replica.https_port), timeout=5) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            ctx.wrap_socket(raw, server_hostname="www.not-in-the-certificate.example")


def test_a_site_can_serve_an_expired_certificate(scenario):
    scenario.site_for("www.dorset.police.uk").tls = "expired"
    with Replica(scenario) as replica:
        with pytest.raises(ssl.SSLCertVerificationError, match="expired"):
            fetch(replica, scenario.link_for("dorset"))
        assert fetch(replica, scenario.link_for("essex").replace("essex", "cheshire"))[0] in (200, 404)


def test_plain_http_redirects_to_https(replica):
    status, headers, _ = fetch(replica, "http://www.kent.police.uk/robots.txt?x=1")
    assert status == 301 and headers["location"] == "https://www.kent.police.uk/robots.txt?x=1"


# -- planted behaviours -------------------------------------------------------------------------------


def test_cleveland_link_is_404(replica, scenario):
    assert fetch(replica, scenario.link_for("cleveland"))[0] == 404


def test_derbyshire_answers_200_not_found_everywhere(replica, scenario):
    for url in (scenario.link_for("derbyshire"), f"https://www.derbyshire.police.uk/{uuid.uuid4().hex}"):
        status, _, body = fetch(replica, url)
        assert status == 200 and "Sorry, we can't find that page" in text_of(body)


def test_gwent_redirects_to_the_homepage(replica, scenario):
    status, headers, _ = fetch(replica, scenario.link_for("gwent"))
    assert status == 301 and headers["location"] == "https://www.gwent.police.uk/"
    status, _, body = fetch(replica, headers["location"])
    text = text_of(body)
    assert status == 200 and "Stalking and harassment" in text and "super-complaint" not in text


def test_kent_is_behind_a_bot_challenge(replica, scenario):
    status, headers, body = fetch(replica, scenario.link_for("kent"))
    assert status == 403 and headers["cf-mitigated"] == "challenge"
    assert "Just a moment..." in body.decode()
    assert fetch(replica, "https://www.kent.police.uk/robots.txt")[0] == 200


def test_norfolk_fails_once_then_recovers(replica, scenario):
    url = scenario.link_for("norfolk")
    assert fetch(replica, url)[0] == 503
    status, _, body = fetch(replica, url)
    assert status == 200 and "Suzy Lamplugh Trust" in text_of(body)


def test_norfolk_state_belongs_to_each_scenario():
    for _ in range(2):
        scenario = default_scenario(FORCES)
        with Replica(scenario) as replica:
            assert fetch(replica, scenario.link_for("norfolk"))[0] == 503


def test_essex_is_slow_but_fine(replica, scenario):
    started = time.monotonic()
    status, _, body = fetch(replica, scenario.link_for("essex"))
    assert 1.1 <= time.monotonic() - started < 30  # slow (1.2 s), but it answers: no hang
    assert status == 200 and "super-complaint" in text_of(body)


def test_pdf_action_plans_are_extractable(replica, scenario):
    for force_id in ("avon-and-somerset", "durham", "suffolk"):
        status, _, landing = fetch(replica, scenario.link_for(force_id))
        assert status == 200
        match = re.search(r'href="([^"]+\.pdf)">Download our stalking super-complaint action plan \(PDF, \d+KB\)', landing.decode())
        assert match, force_id
        host = split_url(scenario.link_for(force_id))[0]
        status, headers, pdf = fetch(replica, f"https://{host}{html.unescape(match.group(1))}")
        assert status == 200 and headers["content-type"] == "application/pdf"
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert "stalking super-complaint action plan" in text
        assert "Suzy Lamplugh Trust" in text
        # The report's own recommendation 7 and the NPCC template's sub-part labels.
        assert "Recommendation 7: Crime recording" in text and "included classifications on crime records" in text
        assert "7.1 - Evidence requirements of progress/completion" in text


def test_lincolnshire_plan_document_is_dead(replica, scenario):
    status, _, landing = fetch(replica, scenario.link_for("lincolnshire"))
    assert status == 200
    href = re.search(r'href="([^"]+\.pdf)"', landing.decode()).group(1)
    assert fetch(replica, "https://www.lincs.police.uk" + href)[0] == 404


def test_surrey_and_humberside_are_not_responses(replica, scenario):
    status, _, body = fetch(replica, scenario.link_for("surrey"))
    assert status == 200 and "Stalking and harassment" in text_of(body)
    assert "super-complaint" not in body.decode().lower() and "super complaint" not in body.decode().lower()
    status, _, body = fetch(replica, scenario.link_for("humberside"))
    assert status == 200 and "You need to enable JavaScript to run this app" in body.decode()
    assert '<div id="root"></div>' in body.decode()


def test_humberside_shell_script_reads_the_response_from_its_api(replica, scenario):
    """The shell is a real single-page app: its script asks the API for the page at its path."""
    from monitor.replica.content import SHELL_API_PREFIX, SHELL_SCRIPT_PATH

    link = scenario.link_for("humberside")
    host, path = split_url(link)
    shell = fetch(replica, link)[2].decode()
    assert f'src="{SHELL_SCRIPT_PATH}"' in shell
    status, headers, script = fetch(replica, f"https://{host}{SHELL_SCRIPT_PATH}")
    assert status == 200 and "javascript" in headers["content-type"] and b"location.pathname" in script
    status, headers, data = fetch(replica, f"https://{host}{SHELL_API_PREFIX}{path}")
    page = json.loads(data)
    assert status == 200 and headers["content-type"] == "application/json"
    assert "Suzy Lamplugh" in text_of(page["html"].encode()) and "Humberside Police" in page["title"]


def test_dyfed_powys_is_bilingual(replica, scenario):
    status, _, body = fetch(replica, scenario.link_for("dyfed-powys"))
    text = text_of(body)
    assert status == 200 and "uwch-gŵyn" in text and "Suzy Lamplugh Trust" in text


def test_stale_links_redirect_to_the_response(replica, scenario):
    for force_id in ("staffordshire", "gloucestershire"):
        status, _, body, final, hops = follow(replica, scenario.link_for(force_id))
        assert status == 200 and hops == 1 and final != scenario.link_for(force_id)
        assert "Suzy Lamplugh Trust" in text_of(body)


def test_south_wales_is_a_news_item_linking_a_word_plan(replica, scenario):
    status, _, page = fetch(replica, scenario.link_for("south-wales"))
    assert status == 200 and "/news/" in scenario.link_for("south-wales")
    href = html.unescape(re.search(r'href="([^"]+\.docx)">[^<]*\(Word document, \d+KB\)', page.decode()).group(1))
    status, headers, data = fetch(replica, "https://" + split_url(scenario.link_for("south-wales"))[0] + href)
    assert status == 200 and headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "<w:tbl>" in document and "included classifications on crime records" in document


def test_force_pages_use_the_layouts_real_forces_use(replica, scenario):
    """Every layout appears in the demo, each page quotes recommendation 7 and its sub-part, and no
    two forces serve the same response text."""
    seen: dict[str, str] = {}
    texts: list[str] = []
    for force in FORCES:
        if scenario.expected[force.id].status != "published" or force.id in ("essex", "norfolk"):
            continue
        status, _, body, _, _ = follow(replica, scenario.link_for(force.id))
        text = " ".join(text_of(body).split())
        if "Download our" in text or "Word document" in text:
            continue  # the plan is the linked document
        assert status == 200, force.id
        seen.setdefault(content.layout_of(force), force.id)
        assert "crime recording systems" in text and "principal crime" in text, force.id
        assert "system capability is effectively used" in text, force.id
        if "10" not in content.OMITTED.get(force.id, ()):
            assert "learning and training provision relating to stalking" in text, force.id
        main = text[text.index("Last updated"):]
        texts.append(main.replace(force.name, "FORCE"))
    assert set(seen) == set(content.LAYOUTS), f"layouts never served: {set(content.LAYOUTS) - set(seen)}"
    assert len(texts) >= 25 and len(set(texts)) == len(texts)  # with the name masked, still all different


@pytest.mark.parametrize("layout, markers", [
    ("rec_table", ("Rec No.", "Sub recommendation/", "Rec. Owner", "Initial action plan response")),
    ("kv_blocks", ("Evidence requirements of progress:", "Recommendation owner:", "Force update:", "Status:", "Date:")),
    ("npcc_template", ("Recommendation number", "Evidence requirements of progress/completion", "Force update")),
    ("response_table", ("No.", "We accept this recommendation")),
    ("themes", ("(recommendation 7)", "Recommendation received", "Our current process")),
    ("narrative", ("One of the report's recommendations to Chief Constables reads:", "send the NPCC a link")),
    ("action_column", ("Force Update:", "ACTION:", "forces are to make changes")),
    ("report", ("1. Introduction", "1.1 ", "areas for action")),
])
def test_each_layout_has_the_shape_forces_publish(layout, markers):
    force = next(f for f in FORCES if content.layout_of(f) == layout)
    text = " ".join(text_of(content.response_main(force).encode()).split())
    for marker in markers:
        assert marker in text, (layout, marker)


def test_recommendations_are_quoted_with_the_variants_forces_write():
    quoted = {content.quote(f, content.BY_KEY["7"]) for f in FORCES}
    openings = {q.split(" where required")[0] for q in quoted}
    assert {"By 27 March 2025,", "By 27/03/25,", "By 27th March 2025,", "Where required, seek changes"} & openings
    assert any(q.startswith("By 27/03/25,") for q in quoted)
    assert any(q.startswith("Where required") for q in quoted)  # no date
    assert any("changes to crime recording" in q for q in quoted)  # "their" dropped
    parts = {content.quote_part(f, content.BY_KEY["7"].parts[1]) for f in FORCES}
    assert any("Chief Constables should" in p for p in parts) and any("chief constables should" in p for p in parts)
    labels = {content._label(f) for f in FORCES}
    assert labels == {"Recommendation", "Recomendation"}


def classify(replica: Replica, scenario, force_id: str) -> str:
    """A deliberately simple oracle, to check `expected` agrees with what is served."""
    url = scenario.link_for(force_id)
    if url is None:
        return "not_linked"
    status, headers, body, final, _ = follow(replica, url)
    if status == 503:
        status, headers, body, final, _ = follow(replica, url)
    if status in (401, 403, 429):
        return "blocked"
    if status >= 400:
        return "broken"
    text = text_of(body)
    if "You need to enable JavaScript" in text and '<div id="root"></div>' in body.decode():
        return "blocked"  # an app shell: unread without a browser, which [render] is off by default
    if "can't find that page" in text:
        return "soft_404"
    if 'id="root"></div>' in body.decode() and len(text) < 200:
        return "blocked"  # an empty JavaScript shell: not rendered, so not verified
    pdf = re.search(r'href="([^"]+\.pdf)"', body.decode())
    if pdf and "Download our" in text:
        pstatus, _, data = fetch(replica, "https://" + split_url(final)[0] + html.unescape(pdf.group(1)))
        if pstatus != 200:
            return "broken"
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    doc = re.search(r'href="([^"]+\.docx)"', body.decode())
    if doc and "Word document" in text:
        dstatus, _, data = fetch(replica, "https://" + split_url(final)[0] + html.unescape(doc.group(1)))
        if dstatus != 200:
            return "broken"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = re.sub(r"<[^>]+>", " ", archive.read("word/document.xml").decode())
    text = " ".join(text.split())
    # The topic, and at least one of the report's recommendations quoted with the force's reply.
    quoted = any(phrase in text for phrase in RECOMMENDATION_PHRASES)
    if re.search(r"super[- ]complaint", text) and quoted and re.search(r"(?i)status|update|action", text):
        return "published"
    return "not_response"


RECOMMENDATION_PHRASES = (
    "included classifications on crime records",
    "learning and training provision relating to stalking",
    "send the NPCC a link",
    "online elements of stalking",
    "early screening of crimes",
)


def test_expected_agrees_with_what_is_served(replica, scenario):
    with ThreadPoolExecutor(8) as pool:
        seen = dict(zip(scenario.expected, pool.map(lambda f: classify(replica, scenario, f), scenario.expected)))
    assert seen == {fid: e.status for fid, e in scenario.expected.items()}
    wanted = {
        "wiltshire": "not_linked", "cleveland": "broken", "derbyshire": "soft_404", "gwent": "not_response",
        "essex": "published", "kent": "blocked", "norfolk": "published", "lincolnshire": "broken",
        "surrey": "not_response", "humberside": "blocked", "dyfed-powys": "published",
    }
    assert {fid: scenario.expected[fid].status for fid in wanted} == wanted


# -- every force site ---------------------------------------------------------------------------------


def test_robots_txt_allows_all_but_search(replica):
    status, headers, body = fetch(replica, "https://www.merseyside.police.uk/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert "User-agent: *" in body.decode() and "Disallow: /search" in body.decode()
    assert replica.requests_for("www.merseyside.police.uk")[-1].path == "/robots.txt"


def test_homepages_mention_stalking_but_are_not_responses(replica):
    for force in FORCES[:10]:
        status, _, body, _, _ = follow(replica, f"https://www.{force.domain}/")
        if force.id == "kent":
            assert status == 403
            continue
        text = text_of(body)
        assert status == 200, force.id
        if force.id != "humberside":
            assert "Stalking and harassment" in text and "super-complaint" not in text.lower()


def test_unknown_paths(replica):
    missing = "/" + uuid.uuid4().hex + "/"
    assert fetch(replica, "https://www.dorset.police.uk" + missing)[0] == 404
    assert fetch(replica, "https://www.gmp.police.uk" + missing)[0] == 404
    status, _, body = fetch(replica, "https://www.cumbria.police.uk" + missing)
    assert status == 200 and "Sorry, we can't find that page" in text_of(body)
    assert fetch(replica, "https://www.gov.uk" + missing)[0] == 404


def test_unknown_host_over_plain_http_is_misdirected(replica):
    status, _, body = fetch(replica, "http://unknown.example/")
    assert status == 421 and b"no site for host" in body


def test_head_has_no_body(replica):
    conn = Conn(replica, "https", "www.gov.uk")
    conn.request("HEAD", NPCC_PATH, headers={"Host": "www.gov.uk"})
    resp = conn.getresponse()
    assert resp.status == 200 and int(resp.getheader("content-length")) > 1000 and resp.read() == b""
    status, _, _ = conn.fetch(NPCC_PATH)  # the connection is still in step
    assert status == 200
    conn.close()


# -- server mechanics ---------------------------------------------------------------------------------


def test_keep_alive_and_connection_close(replica):
    conn = Conn(replica, "https", "www.dorset.police.uk")
    for _ in range(3):
        assert conn.fetch("/robots.txt")[0] == 200
    conn.close()
    records = replica.requests_for("www.dorset.police.uk")
    assert len(records) == 3
    with socket.create_connection(("127.0.0.1", replica.http_port), timeout=5) as sock:
        sock.sendall(b"GET /x HTTP/1.1\r\nHost: unknown.example\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):  # returns b"" only because the server closes
            data += chunk
    assert data.startswith(b"HTTP/1.1 421") and b"Connection: close" in data


@pytest.mark.parametrize(
    "garbage",
    [b"NONSENSE\r\n\r\n", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n",
     b"GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n"],
)
def test_bad_requests_get_400_and_the_server_lives(replica, garbage):
    with socket.create_connection(("127.0.0.1", replica.http_port), timeout=5) as sock:
        sock.sendall(garbage)
        assert re.match(rb"HTTP/1\.1 (400|505) ", sock.recv(4096))
    assert fetch(replica, "http://unknown.example/")[0] == 421


def test_a_hundred_concurrent_requests(replica):
    barrier = threading.Barrier(100)

    def one(i: int) -> int:
        force = FORCES[i % len(FORCES)]
        conn = Conn(replica, "https", f"www.{force.domain}")
        conn.connect()
        barrier.wait()
        try:
            return conn.fetch("/robots.txt")[0]
        finally:
            conn.close()

    with ThreadPoolExecutor(100) as pool:
        statuses = list(pool.map(one, range(100)))
    assert statuses == [200] * 100
    assert len(replica.access_log) == 100


def test_access_log_counts_requests_in_flight_per_host(scenario):
    scenario.with_route("slow.replica.test", "/", behaviours.delayed(0.3, behaviours.page("ok")))
    with Replica(scenario) as replica:
        with ThreadPoolExecutor(5) as pool:
            list(pool.map(lambda _: fetch(replica, "https://slow.replica.test/"), range(5)))
        assert replica.max_in_flight("slow.replica.test") == 5
        replica.reset_log()
        for _ in range(3):
            fetch(replica, "https://slow.replica.test/")
        records = replica.requests_for("slow.replica.test")
        assert [r.in_flight_for_host for r in records] == [1, 1, 1]
        record = records[0]
        assert record.method == "GET" and record.status == 200 and record.bytes_sent > 2
        assert record.request_headers["host"] == "slow.replica.test"
        assert record.time_monotonic <= time.monotonic()


def test_stop_is_prompt_with_busy_and_idle_connections(scenario):
    scenario.with_route("hang.replica.test", "/", behaviours.delayed(60, behaviours.page("late")))
    replica = Replica(scenario).start()
    idle = Conn(replica, "https", "www.dorset.police.uk")
    idle.fetch("/robots.txt")
    busy = threading.Thread(target=lambda: pytest.raises(Exception, fetch, replica, "https://hang.replica.test/"))
    busy.start()
    time.sleep(0.2)
    started = time.monotonic()
    replica.stop()
    assert time.monotonic() - started < 20  # far from the 60 s the busy connection would hold it
    busy.join(2)
    assert not busy.is_alive()
    idle.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", replica.https_port), timeout=1).close()
    with replica:  # and it can start again, on new ports
        assert fetch(replica, "https://www.dorset.police.uk/robots.txt")[0] == 200


# -- extending a scenario -------------------------------------------------------------------------------


def test_replace_one_force_and_add_a_fault(scenario):
    def retry_after_429(ex):
        if ex.hits == 1:
            return Response(429, "slow down", [("Retry-After", "1")])
        return Response(200, "<h1>fine</h1>", [("Content-Type", "text/html")])

    scenario.replace("kent", retry_after_429, Expected("published", None, "429 then 200"))
    scenario.unlink("dorset")
    with Replica(scenario) as replica:
        url = scenario.link_for("kent")
        status, headers, _ = fetch(replica, url)
        assert status == 429 and headers["retry-after"] == "1"
        assert fetch(replica, url)[0] == 200
        body = json.loads(fetch(replica, CONTENT_API_URL)[2])["details"]["body"]
        assert "dorset.police.uk" not in body
    assert scenario.expected["dorset"].status == "not_linked"


def test_streaming_faults(scenario):
    scenario.with_route("www.dorset.police.uk", "/drip", behaviours.drip(b"abcdef", chunk=2, interval=0.05))
    scenario.with_route("www.dorset.police.uk", "/reset", behaviours.reset_connection(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"))
    with Replica(scenario) as replica:
        status, _, body = fetch(replica, "https://www.dorset.police.uk/drip")
        assert status == 200 and body == b"abcdef"
        with pytest.raises((http.client.IncompleteRead, ConnectionError, ssl.SSLError)):
            fetch(replica, "https://www.dorset.police.uk/reset")
        assert replica.requests_for("www.dorset.police.uk")[-1].status == 0


def test_a_custom_force_list_gets_fine_pages():
    forces = [ReplicaForce("alpha", "Alpha Police", "kent.police.uk"), ReplicaForce("wiltshire", "Wiltshire Police", "wiltshire.police.uk")]
    scenario = default_scenario(forces)
    assert scenario.expected["alpha"].status == "published"
    assert scenario.expected["wiltshire"].status == "not_linked"
    with Replica(scenario) as replica:
        assert classify(replica, scenario, "alpha") == "published"


def test_runtime_code_imports_only_the_standard_library():
    import ast
    import pathlib
    import sys

    package = pathlib.Path(__file__).resolve().parents[1] / "monitor" / "replica"
    for path in package.glob("*.py"):  # certs/make_certs.py is dev-time only (trustme)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            for root in roots:
                assert root in sys.stdlib_module_names or root == "__future__", f"{path.name} imports {root}"


def test_a_behaviour_that_raises_answers_500_and_is_reported(scenario):
    def broken(ex):
        raise RuntimeError("replica bug")

    scenario.with_route("www.dorset.police.uk", "/bug", broken)
    with Replica(scenario) as replica:
        assert fetch(replica, "https://www.dorset.police.uk/bug")[0] == 500
        assert fetch(replica, "https://www.dorset.police.uk/robots.txt")[0] == 200
        assert "replica bug" in replica.errors[0]


def test_pdf_writer_round_trips_through_pypdf():
    blocks = [("title", "Plan (draft) \\ “quoted” – dash")] + [("li", f"Recommendation {i}") for i in range(120)]
    data = make_pdf(blocks, title="Plan", author="Test")
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) > 1 and reader.metadata.title == "Plan"
    assert "Plan (draft) \\ “quoted” – dash" in reader.pages[0].extract_text()
    assert "Recommendation 119" in reader.pages[-1].extract_text()


def test_force_pages_name_their_own_address_as_canonical(replica, scenario):
    for force_id in ("dorset", "durham", "west-yorkshire", "south-wales", "staffordshire"):
        status, _, body, final, _ = follow(replica, scenario.link_for(force_id))
        found = re.search(r'<link rel="canonical" href="([^"]+)">', body.decode())
        assert status == 200 and found, force_id
        assert html.unescape(found.group(1)) == final.split("?")[0], force_id


def test_the_word_plan_is_the_same_bytes_every_time_it_is_built():
    from monitor.replica.docx import make_docx

    first = make_docx(["Action plan"], [["Rec No.", "Recommendation"]])
    time.sleep(2.1)  # zip timestamps have two-second resolution
    assert make_docx(["Action plan"], [["Rec No.", "Recommendation"]]) == first
