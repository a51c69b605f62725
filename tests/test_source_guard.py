"""The source guard with memory (issue 18.1), against the replica: a hijacked NPCC response and one
cut by just under half every run are source problems, confirmed over runs and reported, and never
forces missing; a force whose link leaves its registered domains says so everywhere."""

from __future__ import annotations

import html as html_module
import json
from datetime import datetime, timezone

import pytest

from monitor import digest_data, digest_mail, source_guard
from monitor.models import Force, Status
from monitor.report import run_to_json, table_rows
from monitor.report_html import status_page
from monitor.run import execute
from monitor.replica.scenario import split_url
from monitor.store import Store
from tests.faultkit import original_behaviour, relink

HIJACK_HOST = "responses.example.org"


def _move(scenario, force_id: str, host: str = HIJACK_HOST) -> str:
    """Serve a copy of the force's real page on another host, and point the NPCC link there."""
    behaviour = original_behaviour(scenario, force_id)
    _, path = split_url(scenario.link_for(force_id))
    url = f"https://{host}/{force_id}{path}"
    scenario.with_route(host, f"/{force_id}{path}", behaviour)
    relink(scenario, force_id, url)
    return url


def _missing(summary) -> set[str]:
    return {c.force_id for c in summary.checks if c.status.category == "missing"}


def _confirmed_states(settings) -> dict[str, Status | None]:
    with Store(settings.store.path) as store:
        overview = store.overview(datetime.now(timezone.utc), [f.id for f in settings.forces])
        return {state.force_id: state.confirmed for state in overview.states}


def test_a_hijacked_source_is_a_confirmed_source_problem_never_forces_missing_or_published(replica, scenario, settings):
    first = execute(settings)
    assert first.state == "complete"
    published = {c.force_id for c in first.checks if c.status is Status.PUBLISHED}
    assert len(published) > 20

    # Every link moves to one other host, serving copies of the real responses.
    for force_id in [link.force_id for link in scenario.npcc.links if link.force_id]:
        _move(scenario, force_id)
    requests_before = len(replica.access_log)
    second = execute(settings)
    assert second.state == "source_error" and second.checks == ()
    assert "outside their registered domains (responses.example.org)" in second.source_problem
    assert "not marking forces missing" in second.source_problem and "confirmed" not in second.source_problem
    # Nothing was fetched from the new host: the run stopped at the source.
    assert not any(record.host == HIJACK_HOST for record in replica.access_log[requests_before:])

    third = execute(settings)
    assert third.state == "source_error"
    assert "confirmed: 2 runs in a row since" in third.source_problem
    # The forces keep the states the good run gave them (one run confirms nothing; none is missing).
    with Store(settings.store.path) as store:
        assert store.checks_for_run(third.run_id) == []
        assert not [c for c in store.checks_for_run(second.run_id)]

    data = digest_data.collect(Store(settings.store.path), settings, now=datetime.now(timezone.utc))
    text, html = digest_mail.render(data, settings.digest)
    assert "SOURCE PROBLEM" in text and "confirmed: 2 runs in a row" in text
    assert "Source problem" in html and "responses.example.org" in html
    assert "source problem" in digest_mail.subject(data, settings.digest)


def test_a_source_cut_by_just_under_half_each_run_cannot_walk_the_baseline_down(replica, scenario, settings):
    assert execute(settings).state == "complete"
    linked = [link.force_id for link in scenario.npcc.links if link.force_id]
    everyone = set(linked)
    states = []
    not_linked_seen: set[str] = set()
    for _ in range(4):
        remaining = sorted({link.force_id for link in scenario.npcc.links if link.force_id})
        keep = len(remaining) // 2 + 1  # just over half stays: "cut by just under half"
        for force_id in remaining[keep:]:
            scenario.unlink(force_id)
        summary = execute(settings)
        states.append(summary.state)
        not_linked_seen |= {c.force_id for c in summary.checks if c.status is Status.NOT_LINKED}
    # The first cut is within min_link_fraction of the baseline; every later one is measured
    # against the best of the recent good runs, not against the last (shrunken) one.
    assert states == ["complete", "source_error", "source_error", "source_error"]
    assert len(not_linked_seen) <= len(everyone) // 2
    last = execute(settings)
    assert "down from" in last.source_problem and "(the most in the last 2 good runs)" in last.source_problem
    assert "confirmed: 4 runs in a row" in last.source_problem
    confirmed = _confirmed_states(settings)
    assert sum(1 for status in confirmed.values() if status is Status.NOT_LINKED) <= len(everyone) // 2


def test_a_force_linked_off_its_registered_domains_is_never_silently_published(replica, scenario, settings):
    force_id = "kent"
    _move(scenario, force_id, host="kent-response.example.org")
    summary = execute(settings)
    assert summary.state == "complete"  # one force moved is not a source problem
    check = next(c for c in summary.checks if c.force_id == force_id)
    warning = "hosted off Kent Police's registered domains: kent-response.example.org"
    assert "off_domain" in check.warnings and warning in check.reason
    # Every output shows it: JSON, the table, and the digest (text and HTML).
    forces = settings.forces
    as_json = next(f for f in json.loads(run_to_json(summary, forces))["forces"] if f["id"] == force_id)
    assert warning in as_json["reason"] and "off_domain" in as_json["warnings"]
    assert any(warning in " ".join(row) for row in table_rows(summary, forces))
    data = digest_data.collect(Store(settings.store.path), settings, now=datetime.now(timezone.utc))
    text, html = digest_mail.render(data, settings.digest)
    assert warning in text and warning in html_module.unescape(html)
    assert "1 hosted off their registered domains" in digest_mail.subject(data, settings.digest)
    # The status page, where a published force otherwise shows no reason at all.
    with Store(settings.store.path) as store:
        overview = store.overview(datetime.now(timezone.utc), [f.id for f in forces])
    page = html_module.unescape(status_page(overview, forces))
    assert warning in page
    others = [c for c in summary.checks if c.force_id != force_id]
    assert not any("off_domain" in c.warnings for c in others)


# -- the rules, as a table ---------------------------------------------------------------------------

KENT = Force(id="kent", name="Kent Police", domains=("kent.police.uk",))
DORSET = Force(id="dorset", name="Dorset Police", domains=("dorset.police.uk",))
LIMITS = source_guard.GuardLimits(min_link_fraction=0.5, max_off_domain_share=0.5)


def _facts(linked: int, off: int = 0) -> source_guard.SourceFacts:
    return source_guard.SourceFacts(linked=linked, off_domain=tuple((f"f{i}", "example.org") for i in range(off)))


@pytest.mark.parametrize("now, good, problem", [
    (_facts(43), [_facts(43)], None),
    (_facts(22), [_facts(43)], None),  # within min_link_fraction
    (_facts(21), [_facts(43)], "down from 43 (the most in the last 1 good runs)"),
    (_facts(12), [_facts(22), _facts(43)], "down from 43 (the most in the last 2 good runs)"),  # the ratchet
    (_facts(0), [], "links no force at all"),
    (_facts(43, off=22), [_facts(43)], "22 of the 43 forces"),
    (_facts(43, off=21), [_facts(43)], None),
    (_facts(43, off=22), [], None),  # no baseline, no change to see (each force still carries its warning)
    (_facts(43, off=30), [_facts(43, off=30)], None),  # always so: the register's domains are out of date
])
def test_guard_rules(now, good, problem):
    found = source_guard.judge(now, source_guard.baseline(good), LIMITS)
    assert (found is None) if problem is None else (problem in found)


def test_facts_count_a_force_off_its_domains_only_when_every_link_of_it_is():
    facts = source_guard.facts([("kent", "https://www.kent.police.uk/plan"), ("kent", "https://x.example.org/p"),
                                ("dorset", "https://EVIL.example.net./p"), ("", "https://other.example/")],
                               [KENT, DORSET])
    assert facts.linked == 2 and facts.off_domain == (("dorset", "evil.example.net"),)
    assert KENT.off_domain_host("https://kent.police.uk.evil.example/") == "kent.police.uk.evil.example"
    assert KENT.off_domain_host("https://www.kent.police.uk/") is None
    assert KENT.off_domain_host("http://[::1") == "http://[::1"  # malformed: on no force's domain
