"""The register of the report's recommendations to chief constables, and coverage read against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.coverage import coverage_of, find_addressed, latest_update
from monitor.errors import ConfigError
from monitor.recommendations import bundled, load_register

REGISTER = bundled()
IDS = {r.id for r in REGISTER}


def test_the_bundled_register_holds_what_public_sources_confirm():
    numbers = {r.number: r.id for r in REGISTER if r.number is not None}
    assert numbers == {7: "crime-recording", 10: "training", 16: "victim-services", 25: "multi-agency"}
    assert {"publish-plan", "investigation-quality", "online-stalking", "early-screening"} <= IDS
    publish = next(r for r in REGISTER if r.id == "publish-plan")
    assert publish.deadline == "2024-11-22" and publish.number is None  # its number was never seen
    assert all(r.deadline == "2025-03-27" for r in REGISTER if r.id != "publish-plan")


GOOD = '''[[recommendation]]
id = "x"
title = "A title"
theme = "crime recording"
deadline = "2025-03-27"
phrases = ["a phrase long enough to be distinctive"]
'''


@pytest.mark.parametrize("change, words", [
    (('id = "x"', 'id = "X y"'), "field 'id' must be a lower-case slug"),
    (('deadline = "2025-03-27"', 'deadline = "27/03/25"'), "field 'deadline' must be a date written YYYY-MM-DD"),
    (('phrases = ["a phrase long enough to be distinctive"]', 'phrases = ["too short"]'), "too short to be distinctive"),
    (('phrases = ["a phrase long enough to be distinctive"]', 'phrases = ["A Phrase In Capitals For Sure"]'),
     "must be lower case"),
    (('theme = "crime recording"', 'theme = "crime recording"\nowner = "someone"'), "unknown field 'owner'"),
    (('id = "x"', 'id = "x"\nnumber = 0'), "field 'number' must be a whole number from 1 to 99"),
    (('id = "x"', 'id = "x"\nconfidence = "rumour"'), "field 'confidence' must be one of"),
    (("", ""), None),
])
def test_a_bad_entry_is_named_by_file_entry_and_field(tmp_path: Path, change, words):
    path = tmp_path / "recommendations.toml"
    path.write_text(GOOD.replace(*change) if change[0] else GOOD, encoding="utf-8")
    if words is None:
        assert [r.id for r in load_register(path)] == ["x"]
        return
    with pytest.raises(ConfigError) as caught:
        load_register(path)
    assert str(path) in str(caught.value) and "[[recommendation]] #1" in str(caught.value) and words in str(caught.value)


def test_duplicates_and_non_utf8_are_refused(tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(ConfigError, match="#2 .*duplicate id 'x'"):
        load_register(path)
    path.write_bytes(b"\xff\xfe" + GOOD.encode())
    with pytest.raises(ConfigError, match="not valid UTF-8 TOML"):
        load_register(path)


# -- coverage: the variants forces write ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # verbatim, as the report words it
    ("By 27 March 2025, where required, seek changes to their crime recording systems to enable staff and officers "
     "to document and search for crimes not recorded as the principal crime, as included classifications on crime records.",
     "crime-recording"),
    # abbreviated date, a word dropped, capitals, a typo
    ("By 27/03/25, where required, seek changes to crime recording sytems to enable staff and officers to document "
     "and search for crimes not recorded as the principal crime", "crime-recording"),
    # paraphrased opening, as a table row flattened to text
    ("7 | By 27 March 2025, where required, forces are to make changes to their crime recording systems to "
     "enable staff and officers to document and search for crimes | ACTION: audit", "crime-recording"),
    # the sub-part alone
    ("7.2 While any necessary system changes are pending, Chief Constables should put alternative measures in place "
     "to make sure stalking and related offences are fully searchable.", "crime-recording"),
    ("10 | By 27 March 2025, review and update their learning and training provision relating to stalking. | We accept",
     "training"),
    ("By 27 March 2025, take steps to improve the quality of stalking investigations by taking a victim centred, "
     "suspect focussed and context led approach", "investigation-quality"),
    ("publish on their force website an action plan which explains what their force will do in response to each of "
     "the recommendations made to them and send the NPCC a link", "publish-plan"),
    # numbered, with no wording quoted
    ("Crime recording (recommendation 7) Our current process: we flag stalking", "crime-recording"),
    ("Recomendation 10 | Update: all officers trained", "training"),
])
def test_a_recommendation_is_found_in_the_variants_forces_write(text, expected):
    found = find_addressed(text, REGISTER, where="page")
    assert expected in [item.recommendation for item in found], found
    item = next(item for item in found if item.recommendation == expected)
    assert item.quote and item.quote.lower().split()[0] in text.lower() and item.where == "page"


@pytest.mark.parametrize("text", [
    "We record every crime accurately and our systems are audited by the Force Crime Registrar.",
    "Stalking is a crime. Report it to us on 101 or online. Training for officers is ongoing.",
    "Recommendation 15 asked PCCs to review specialist services.",  # not a chief constables' number
    "We work with local partners to keep victims safe through a multi-agency approach.",  # a gist, not its words
])
def test_ordinary_sentences_are_not_taken_for_a_recommendation(text):
    assert find_addressed(text, REGISTER, where="page") == ()


@pytest.mark.parametrize("text, latest", [
    ("Rec No. | Initial action plan response | March 2026 update | ...", "March 2026"),
    ("Update - March 2025: the audit is complete. Update – September 2025: done.", "September 2025"),
    ("Recommendation: 7.1 Force update: ... Date: Nov-24 Status: Action complete", "November 2024"),
    ("Initial Constabulary Response 21st November 2024", "November 2024"),
    ("By 27 March 2025, review and update their learning", None),  # the report's deadline, not an update
])
def test_the_latest_update_a_plan_states(text, latest):
    found = latest_update(text)
    assert (found[0] if found else None) == latest


def test_coverage_over_a_page_and_its_document_keeps_where_each_was_found():
    page = "Crime recording (recommendation 7). Our current process is set out in the plan. March 2025 update."
    document = "By 27 March 2025, review and update their learning and training provision relating to stalking. " \
               "Progress update: March 2026 update"
    coverage = coverage_of([("page", page), ("plan.pdf", document)], REGISTER)
    assert [(item.recommendation, item.where) for item in coverage.addressed] == [("crime-recording", "page"),
                                                                                   ("training", "plan.pdf")]
    assert coverage.latest_update == "March 2026"
    assert coverage.evidence()["coverage"][0]["number"] == 7
