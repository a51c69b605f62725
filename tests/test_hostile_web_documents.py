"""The hostile-web table, continued (see tests/test_hostile_web.py): plan documents
(tests/hostile_documents.py) served at a force's NPCC link, each read or refused in its own force.

A file of its own so that the test runner's workers (one file each) run these beside the run with
everything planted at once (tests/test_hostile_web_together.py), not after it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from monitor.replica import Scenario, behaviours
from tests.hostile_documents import HOSTILE_DOCUMENTS, media_type
from tests.hostile_web import heavy_docx
from tests.test_hostile_web import (
    HTTP,
    PLAIN,
    VERIFY,
    Case,
    Planted,
    check_case,
    in_run,
    run_in_child,
)

# -- plan documents (tests/hostile_documents.py) ------------------------------------------------------


# Forces whose NPCC link may be pointed at a document on their own site.
DOCUMENT_FORCES = PLAIN + ("bedfordshire", "cambridgeshire", "lancashire", "northamptonshire", "south-yorkshire")


def plant_documents(scenario: Scenario, names: Sequence[str], forces: Sequence[str]) -> dict[str, str]:
    """Serve one hostile document at each force's NPCC link (a plan linked directly); force -> name."""
    planted = {}
    for force, name in zip(forces, names):
        kind, make = HOSTILE_DOCUMENTS[name]
        scenario.replace(force, behaviours.page(make(), content_type=media_type(kind)))
        planted[force] = name
    return planted


DOCX_BOMBS = ["docx-bloated-member", "docx-bloated-paragraph", "docx-many-bloated-members", "docx-lying-directory"]


def docx_bombs(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """The issue's three DOCX variants (915 MB, 2.1 GB, 3.5 GB before) and the lying directory."""
    planted = plant_documents(scenario, DOCX_BOMBS, forces)
    return [Planted(force, "not_response", "the document cannot be read") for force in planted]


def every_hostile_document(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """All of tests/hostile_documents.py at once, one per force: each read or refused."""
    planted = plant_documents(scenario, list(HOSTILE_DOCUMENTS), forces)
    # Two PDFs are readable, and say nothing of the super-complaint; the rest are refused.
    readable = {"pdf-cyclic-page-tree", "pdf-many-tiny-objects"}
    return [Planted(force, "not_response", "is not the stalking super-complaint response" if name in readable
                    else "the document cannot be read") for force, name in planted.items()]


def heavy_document(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """A valid plan that passes every format check but takes more CPU to read than it may."""
    scenario.replace(forces[0], behaviours.page(heavy_docx(), content_type=media_type("docx")))
    return [Planted(forces[0], "blocked", "not verified: the plan document")]


DOCUMENT_CASES = [
    Case("docx-bombs", docx_bombs),
    Case("every-hostile-document", every_hostile_document),
    # A budget far under what the plan needs (over a second of CPU) and far over what any normal
    # page or plan of the replica takes (a few hundredths).
    Case("heavy-document-over-its-cpu-budget", heavy_document, verify={"cpu_seconds": 0.4}),
]


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=[c.id for c in DOCUMENT_CASES])
def test_a_hostile_document_stays_in_its_force(case, scenario, replica, tmp_path):
    planted = case.plant(scenario, DOCUMENT_FORCES)
    http = {**HTTP, **case.http}
    forces = in_run(planted)
    run = run_in_child(tmp_path, replica, http, {**VERIFY, **case.verify}, forces)
    check_case(planted, scenario, run, http, case.id, forces)
    assert not replica.errors, replica.errors
