"""A whole run against the replica's NPCC letter in each way it might lay out its force links.

How the real GOV.UK page lays them out is not known (a table by force, a list, links in running
prose, link text that names no force, links straight to plan documents), so the monitor must reach
the same verdicts whichever it meets: the planted faults and nothing else.
"""

from __future__ import annotations

import pytest

from monitor.replica import Replica, default_scenario, govuk
from tests.conftest import settings_for
from tests.faultkit import run_register


@pytest.mark.parametrize("layout", [layout for layout in govuk.LINK_LAYOUTS if layout != "table"])
def test_a_run_reaches_the_planted_verdicts_in_every_link_layout(layout, replica_forces, base_settings):
    scenario = default_scenario(replica_forces, npcc_layout=layout)
    with Replica(scenario) as replica:
        summary, _ = run_register(settings_for(replica, base_settings))
    assert summary.state == "complete"
    seen = {check.force_id: check.status.value for check in summary.checks}
    assert seen == {fid: expected.status for fid, expected in scenario.expected.items()}
    assert [link.url for link in summary.unmatched] == [
        "https://www.example-pcc.org.uk/news/commissioner-statement-on-the-stalking-super-complaint/",
        "https://www.police.uk/"]
    if layout == "documents":
        # The letter links the plan documents themselves: the checks' final URLs are the documents.
        urls = {check.force_id: check.final_url for check in summary.checks}
        assert urls["durham"].endswith(".pdf") and urls["south-wales"].endswith(".docx")
