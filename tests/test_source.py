"""Source parsing and register matching, on plain inputs (source.py is pure)."""

import json

import pytest

from monitor.config import load_forces, DEFAULT_CONFIG
from monitor.errors import SourceError
from monitor.models import SourceLink
from monitor.source import (
    RegisterIndex,
    dedupe_key,
    extract_links,
    match_link,
    normalise_url,
    parse_content_api,
    parse_html_page,
    reconcile,
)

FORCES = load_forces(DEFAULT_CONFIG.parent / "forces.toml")
API = "https://www.gov.uk/api/content/government/publications/x/npcc-response"

BODY = """<div class="govspeak">
<p>Dear colleagues, see the <a href="/government/publications/responses">collection</a>
or write to <a href="mailto:npcc@example.org">us</a>.</p>
<table><thead><tr><th scope="col">Force</th><th scope="col">Response</th></tr></thead>
<tbody>
<tr><th scope="row">Kent Police</th><td><a rel="external" href="https://www.kent.police.uk/stalking-response/">Kent Police response</a></td></tr>
<tr><th scope="row">Met Police</th><td><a rel="external" href="https://www.met.police.uk/sc/?utm_source=govuk">Read the response</a></td></tr>
<tr><th scope="row">Metropolitan Police Service</th><td><a rel="external" href="https://WWW.MET.POLICE.UK/sc#top">here</a></td></tr>
<tr><th scope="row">GMP</th><td><a href="https://gmp.police.uk/response">here</a></td></tr>
<tr><th scope="row">Cheshire</th><td><a href="https://news.cheshire.police.uk/plan.pdf">Action plan (PDF)</a></td></tr>
<tr><th scope="row">Avon and Somerset</th><td><a href="https://www.example-pcc.org.uk/stalking">Response</a></td></tr>
</tbody></table>
<ul><li>West Midlands Police: <a href="https://www.police.uk/pu/your-area/west-midlands-police/stalking/">response</a></li>
<li><a href="https://www.unknown-site.example/thing">Something else</a></li></ul>
</div>"""


def test_content_api_document_parses_with_dates_and_links():
    doc = {"title": "NPCC response", "public_updated_at": "2025-01-08T10:00:00Z", "updated_at": "2025-02-01T10:00:00Z",
           "details": {"body": BODY}}
    snapshot = parse_content_api(json.dumps(doc), API)
    assert snapshot.kind == "content_api"
    assert snapshot.title == "NPCC response"
    assert snapshot.public_updated_at == "2025-01-08T10:00:00Z"
    urls = [link.url for link in snapshot.links]
    # relative link resolved against GOV.UK, mailto dropped, duplicates folded, tracking removed
    assert "https://www.gov.uk/government/publications/responses" in urls
    assert not any(u.startswith("mailto:") for u in urls)
    assert urls.count("https://www.met.police.uk/sc/") == 1
    assert "https://www.met.police.uk/sc" not in urls


def test_duplicate_keeps_most_telling_text():
    links = extract_links(BODY, API)
    met = [link for link in links if "met.police.uk" in link.url]
    assert len(met) == 1 and met[0].text == "Read the response"


def test_links_carry_their_table_row_and_list_item_context():
    links = {link.url: link for link in extract_links(BODY, API)}
    assert links["https://gmp.police.uk/response"].context == "GMP here"
    assert "West Midlands Police" in links["https://www.police.uk/pu/your-area/west-midlands-police/stalking/"].context


@pytest.mark.parametrize("raw", ["not json", "[]", json.dumps({"details": {}}), json.dumps({"details": {"body": " "}})])
def test_content_api_without_a_body_is_a_source_error_naming_the_url(raw):
    with pytest.raises(SourceError, match="api/content"):
        parse_content_api(raw, API)


def test_html_page_body_is_read_from_the_govspeak_container():
    html = f"""<html><head><title>NPCC response - GOV.UK</title></head><body>
    <header><a href="https://www.kent.police.uk/not-this">nav link outside the body</a></header>
    <main><h1>NPCC response to the stalking super-complaint</h1>
    <div class="gem-c-govspeak govuk-govspeak">{BODY}</div></main></body></html>"""
    snapshot = parse_html_page(html, "https://www.gov.uk/government/publications/x/npcc-response")
    assert snapshot.kind == "html"
    assert snapshot.title == "NPCC response to the stalking super-complaint"
    urls = [link.url for link in snapshot.links]
    assert "https://www.kent.police.uk/stalking-response/" in urls
    assert "https://www.kent.police.uk/not-this" not in urls


def test_html_page_without_govspeak_is_a_source_error():
    with pytest.raises(SourceError, match="no govspeak body"):
        parse_html_page("<html><body><p>Maintenance</p></body></html>", "https://www.gov.uk/x")


def test_normalise_and_dedupe():
    assert normalise_url("HTTPS://WWW.Kent.Police.UK:443/a?utm_medium=x&id=3#frag") == "https://www.kent.police.uk/a?id=3"
    assert normalise_url("https://kent.police.uk") == "https://kent.police.uk/"
    assert normalise_url("ftp://kent.police.uk/x") is None
    assert dedupe_key("https://a.uk/x/") == dedupe_key("https://a.uk/x")


def _match(url, text="", context=""):
    return match_link(SourceLink(url=url, text=text, context=context), FORCES)


def test_matching_by_domain_www_bare_and_subdomain():
    assert _match("https://www.kent.police.uk/x").force_id == "kent"
    assert _match("https://gmp.police.uk/x").force_id == "greater-manchester"
    matched = _match("https://news.cheshire.police.uk/plan.pdf")
    assert (matched.force_id, matched.matched_by) == ("cheshire", "domain")


def test_parent_domain_police_uk_alone_matches_no_force_by_domain():
    assert _match("https://www.police.uk/something").force_id is None


def test_matching_by_text_uses_aliases_and_prefers_longest_name():
    assert _match("https://www.example-pcc.org.uk/s", context="Met Police Read the response").force_id == "metropolitan"
    assert _match("https://x.example/s", text="West Midlands Police response").force_id == "west-midlands"
    assert _match("https://x.example/s", text="North Yorkshire").force_id == "north-yorkshire"


def test_short_aliases_match_case_exactly():
    # "met" in a sentence is not the Metropolitan Police
    assert _match("https://x.example/s", context="we met the consortium").force_id is None


def test_matching_by_platform_path():
    matched = _match("https://www.police.uk/pu/your-area/west-midlands-police/stalking/")
    assert matched.force_id == "west-midlands"


def test_unknown_domain_is_unmatched_and_govuk_links_are_not_reported():
    reconciliation = reconcile(extract_links(BODY, API), FORCES)
    unmatched = [link.url for link in reconciliation.unmatched]
    assert unmatched == ["https://www.unknown-site.example/thing"]
    assert "kent" in reconciliation.links_by_force
    # A PCC-site link whose table row names the force is that force's link.
    assert reconciliation.links_by_force["avon-and-somerset"][0].matched_by == "text"
    assert "wiltshire" in reconciliation.not_linked
    assert "kent" not in reconciliation.not_linked


# -- the replica's NPCC letter in every layout the real page might use -------------------------------

from monitor.replica import default_scenario, govuk, load_forces as replica_forces  # noqa: E402

REPLICA_FORCES = replica_forces()


@pytest.mark.parametrize("layout", govuk.LINK_LAYOUTS)
def test_every_force_link_is_found_and_matched_in_every_layout(layout):
    scenario = default_scenario(REPLICA_FORCES, npcc_layout=layout)
    body = govuk.render_body(scenario.npcc)
    reconciliation = reconcile(extract_links(body, API), FORCES)
    planted = {}
    for link in scenario.npcc.links:
        planted.setdefault(link.force_id, set()).add(dedupe_key(normalise_url(link.url)))
    found = {fid: {dedupe_key(link.url) for link in links} for fid, links in reconciliation.links_by_force.items()}
    assert found == planted
    assert reconciliation.not_linked == ("wiltshire",)
    # Only the two non-force links of the letter (a PCC's statement, police.uk) are left over.
    assert sorted(link.url for link in reconciliation.unmatched) == [
        "https://www.example-pcc.org.uk/news/commissioner-statement-on-the-stalking-super-complaint/",
        "https://www.police.uk/"]


def test_links_whose_text_names_no_force_are_matched_by_their_domain():
    scenario = default_scenario(REPLICA_FORCES, npcc_layout="unnamed")
    body = govuk.render_body(scenario.npcc)
    links = [link for link in extract_links(body, API) if link.text == "Action plan"]
    assert len(links) >= 35 and all(link.context == "Action plan (published November 2024)" for link in links)
    matched = [match_link(link, FORCES) for link in links]
    assert all(m.matched_by == "domain" and m.force_id for m in matched)
    assert len({m.force_id for m in matched}) == len(matched)


def test_links_straight_to_plan_documents_are_matched():
    scenario = default_scenario(REPLICA_FORCES, npcc_layout="documents")
    reconciliation = reconcile(extract_links(govuk.render_body(scenario.npcc), API), FORCES)
    documents = {fid: links[0].url for fid, links in reconciliation.links_by_force.items()
                 if links[0].url.endswith((".pdf", ".docx"))}
    assert set(documents) == {"avon-and-somerset", "durham", "suffolk", "lincolnshire", "south-wales"}
    assert documents["south-wales"].endswith(".docx")


def test_links_inside_paragraphs_naming_several_forces_are_each_matched():
    scenario = default_scenario(REPLICA_FORCES, npcc_layout="paragraphs")
    links = extract_links(govuk.render_body(scenario.npcc), API)
    in_prose = [link for link in links if link.context.startswith("Action plans have been published by")]
    assert len(in_prose) >= 35
    assert all(len(RegisterIndex(FORCES).named_in(link.context)) > 1 for link in in_prose[:5])
    assert all(match_link(link, FORCES).force_id for link in in_prose)


def test_the_letter_has_the_sections_of_the_56_day_update():
    body = govuk.render_body(default_scenario(REPLICA_FORCES).npcc)
    for heading in ("Recommendations to the NPCC", "Recommendations made jointly to the NPCC and partner agencies",
                    "Recommendations to chief constables in England and Wales", "Sent: 22 November 2024",
                    "NPCC 56-Day Update"):
        assert heading in body


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="unknown NPCC link layout"):
        default_scenario(REPLICA_FORCES, npcc_layout="carousel")


@pytest.mark.parametrize("wrapped, inner", [
    ("https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.essex.police.uk%2Fsc%2F&data=05%7C02&reserved=0",
     "https://www.essex.police.uk/sc/"),
    ("https://www.google.com/url?q=https://www.dorset.police.uk/plan/&sa=D&source=docs", "https://www.dorset.police.uk/plan/"),
    ("https://www.google.com/search?q=https://www.dorset.police.uk/", None),  # a search, not a redirect
    ("https://eur02.safelinks.protection.outlook.com/?url=javascript:alert(1)", None),  # only http(s) inside
])
def test_links_wrapped_in_a_mail_or_document_redirect_are_unwrapped(wrapped, inner):
    body = f'<div class="govspeak"><p><a href="{wrapped.replace("&", "&amp;")}">Action plan</a></p></div>'
    links = extract_links(body, API)
    if inner is None:
        assert links[0].url == normalise_url(wrapped)
    else:
        assert links[0].url == inner
        assert match_link(links[0], FORCES).matched_by == "domain"


@pytest.mark.parametrize("layout, force_id", [("paragraphs", "essex"), ("list", "dorset")])
def test_the_replica_letter_wraps_a_link_and_the_parser_unwraps_it(layout, force_id):
    scenario = default_scenario(REPLICA_FORCES, npcc_layout=layout)
    body = govuk.render_body(scenario.npcc)
    assert ("safelinks.protection.outlook.com" if force_id == "essex" else "www.google.com/url?q=") in body
    reconciliation = reconcile(extract_links(body, API), FORCES)
    assert reconciliation.links_by_force[force_id][0].url == normalise_url(scenario.link_for(force_id))
