"""A page fetched again exactly as it was keeps its verdict, without being verified again.

Shown from outside: the stored reasons are marked between two runs against the replica; a check
whose verdict was kept carries the mark into the next run, and one that was verified again has
verify's own reason. What the verdict rests on (the page, its plan documents, its host's
not-found answer, the verifier) is changed one at a time, and only what changed is verified.
"""

from __future__ import annotations

import pytest

from monitor.replica import behaviours
from monitor.replica.scenario import split_url
from monitor.store import Store
from tests.faultkit import checks_of, original_behaviour

MARK = "[kept] "
LANDING = "avon-and-somerset"  # a landing page whose PDF plan is the response
PAGE = "cumbria"  # a page that is the response itself
# Checked again after the two runs every test starts from: the two above, and one of each other
# verdict the default scenario plants (a page, a 404, a soft 404, not the response, a bot
# challenge, a force with two links). The rest of the register would only repeat them.
AGAIN = (LANDING, PAGE, "merseyside", "cleveland", "derbyshire", "gwent", "kent", "hertfordshire")


def _run(settings) -> dict:
    return checks_of(settings, AGAIN, workers=0)


def _mark(db) -> None:
    with Store(db) as store:
        store.db.execute("UPDATE checks SET reason = ? || reason", [MARK])
        store.db.conn.commit()


def _kept(checks) -> set[str]:
    return {force_id for force_id, check in checks.items() if check.reason.startswith(MARK)}


@pytest.fixture
def first(replica, scenario, settings, seeded_db):
    """The checks of the second of two runs of the whole register (the session's copy), marked."""
    with Store(seeded_db) as store:
        latest = store.latest_run()
        assert latest is not None and latest.state == "complete"
        checks = {check.force_id: check for check in store.checks_for_run(latest.id) if check.force_id in AGAIN}
    _mark(settings.store.path)
    return checks


def _verified(db, checks) -> set[str]:
    """Forces whose verdict verify.py made from a page that loaded (others have nothing to keep):
    their link's state holds the key of what the verdict rests on."""
    with Store(db) as store:
        states = {c.force_id: store.link_state(c.force_id, c.url) for c in checks.values() if c.url}
    return {force_id for force_id, state in states.items() if state is not None and state.inputs_key}


def test_every_unchanged_page_keeps_its_verdict(first, settings, seeded_db):
    with Store(seeded_db) as store:
        assert len(_verified(seeded_db, {c.force_id: c for c in store.checks_for_run(store.latest_run().id)})) >= 35
    verified = _verified(seeded_db, first)
    assert verified == {LANDING, PAGE, "merseyside", "derbyshire", "gwent", "hertfordshire"}
    # What the next run starts from is kept apart: none of it is in the evidence people read.
    assert not any({"inputs", "etag", "last_modified", "unchanged"} & set(c.evidence) for c in first.values())
    second = _run(settings)
    assert _kept(second) == verified
    assert {f: c.status for f, c in second.items()} == {f: c.status for f, c in first.items()}
    kept = second[PAGE]
    assert kept.content_hash == first[PAGE].content_hash and kept.title == first[PAGE].title
    assert "unchanged" in kept.warnings and kept.evidence == first[PAGE].evidence
    # The run after that still knows what the verdict rests on, and keeps it again.
    _mark(settings.store.path)
    assert _kept(_run(settings)) == verified


def test_a_changed_page_is_verified_again(first, scenario, settings):
    scenario.replace(PAGE, behaviours.rewrite(original_behaviour(scenario, PAGE), lambda body: body.replace(
        b"</main>", b"<p>Updated in November with the latest progress.</p></main>", 1)))
    second = _run(settings)
    assert PAGE not in _kept(second)
    assert second[PAGE].status.value == "published" and "unchanged" not in second[PAGE].warnings
    assert _kept(second) == _verified(settings.store.path, first) - {PAGE}


def _plan_route(scenario) -> tuple[str, str]:
    """Host and path of LANDING's PDF plan."""
    host, _ = split_url(scenario.link_for(LANDING))
    [pdf] = [path for path in scenario.sites[host].routes if path.endswith(".pdf")]
    return host, pdf


def test_a_changed_plan_document_is_verified_again(first, scenario, settings):
    host, pdf = _plan_route(scenario)
    served = scenario.sites[host].routes[pdf]
    # The same plan, saved again: other bytes, the same text.
    scenario.with_route(host, pdf, behaviours.rewrite(served, lambda body: body + b"\n%% saved again\n"))
    second = _run(settings)
    assert LANDING not in _kept(second)
    assert second[LANDING].status.value == "published"


def test_a_plan_document_that_died_is_noticed_though_the_page_is_unchanged(first, scenario, settings):
    scenario.with_route(*_plan_route(scenario), behaviours.plain_not_found())
    second = _run(settings)
    assert second[LANDING].status.value == "broken" and LANDING not in _kept(second)


def test_a_verdict_kept_by_another_verifier_is_not_trusted(first, settings):
    verified = _verified(settings.store.path, first)
    with Store(settings.store.path) as store:
        store.db.execute("UPDATE link_states SET page_key = 'another verifier' WHERE force_id = ?", [PAGE])
        store.db.conn.commit()
    second = _run(settings)
    assert PAGE not in _kept(second) and second[PAGE].status.value == "published"
    assert _kept(second) == verified - {PAGE}


@pytest.mark.parametrize("damage", ["plan = 'not a list'", "plan = '[1, 2]'", "plan = NULL", "inputs_key = 'x'",
                                    "warnings = '{'"])
def test_a_damaged_state_means_verifying_again_not_failing(first, settings, damage):
    with Store(settings.store.path) as store:
        store.db.execute(f"UPDATE link_states SET {damage} WHERE force_id = ?", [PAGE])
        store.db.conn.commit()
    second = _run(settings)
    assert second[PAGE].status.value == "published"
    if damage.startswith("warnings"):  # the key still holds: kept, without the warnings it lost
        assert PAGE in _kept(second)
    else:
        assert PAGE not in _kept(second)
