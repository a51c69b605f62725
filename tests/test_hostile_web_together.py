"""The hostile-web table, continued (see tests/test_hostile_web.py): every hostile page, link and
document planted in one run (issue 13's "done when").

A file of its own so that the test runner's workers (one file each) share the table's runs: this
run's 32 s deadline is spent in full, beside the other files' tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.replica import Scenario
from tests.test_hostile_web import (
    HTTP,
    PLAIN,
    SLOW_FORCE,
    VERIFY,
    Planted,
    assert_the_slow_site_did_not_hold_the_run,
    backtracking,
    bad_idna,
    check_case,
    hostile_titles,
    internal_address_forms,
    invalid_port_link,
    ipv6_literal_links,
    many_links,
    odd_scheme_redirects,
    run_in_child,
    slow_chain,
    slow_site,
)
from tests.test_hostile_web_documents import docx_bombs, every_hostile_document

# -- everything at once ----------------------------------------------------------------------------

# Links moved off the force's own site are matched to it by the row's name: plant those in PLAIN.
RELINKED = [ipv6_literal_links, bad_idna, internal_address_forms, invalid_port_link]
# The rest replace what the force's own link serves: any force the replica serves as published.
REPLACED = [odd_scheme_redirects, backtracking, many_links, hostile_titles, docx_bombs, every_hostile_document]


# One worker reads every page in turn, each hostile one up to its CPU budget, on a machine where
# a CPU second can take many of the clock's (the suite runs beside other work): a 1 s budget here
# (still ten times what a normal page takes) keeps the queue behind them short, and the other
# forces get 32 s. The slow site answers robots.txt, the page and its probe after 5 s each and its
# plan, a PDF, after 100 s, inside the 120 s per-URL deadline: it would hold the run for 115 s, and
# the run's deadline must cut it (judged on the replica's clock, not by this machine's speed).
ALL_AT_ONCE_SLOW = {"answer": 5.0, "plan_answer": 100.0}
ALL_AT_ONCE_HTTP = {"read_timeout": 120.0, "total_timeout": 120.0, "run_timeout": 32.0}
ALL_AT_ONCE_VERIFY = {**VERIFY, "cpu_seconds": 1.0}


def everything(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """Every hostile page, link and document of the table, each in forces of its own, and the slow site."""
    planted = slow_site(scenario, (), **ALL_AT_ONCE_SLOW)
    plain = list(PLAIN)
    # Not Essex: its page already answers 1.2 s late, and the slow case is the slow site's.
    # Nor a force whose link redirects (a rewritten page would be the redirect's body).
    others = [f.id for f in scenario.forces if scenario.expected[f.id].status == "published"
              and f.id not in PLAIN and f.id not in (SLOW_FORCE, "essex", "gloucestershire", "staffordshire")]
    for plant, pool in [*((p, plain) for p in RELINKED), *((p, others) for p in REPLACED)]:
        if not pool:
            continue
        done = plant(scenario, pool)
        planted += done
        del pool[:len(done)]
    return planted


def test_every_hostile_page_at_once(scenario, replica, tmp_path):
    """Issue 13's "done when": the whole table planted in one run: it completes, every other force
    as planted, under 250 MB, and the slow site does not hold it (the run's deadline cuts it)."""
    planted = everything(scenario, ())
    assert len(planted) >= 25, [p.force for p in planted]
    http = {**HTTP, **ALL_AT_ONCE_HTTP}
    run = run_in_child(tmp_path, replica, http, ALL_AT_ONCE_VERIFY)
    check_case(planted, scenario, run, http, "everything-at-once")
    assert_the_slow_site_did_not_hold_the_run(run, replica, scenario, slow_chain(**ALL_AT_ONCE_SLOW))
