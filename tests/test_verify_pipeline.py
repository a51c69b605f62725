"""Verification with its I/O (checking.py, probes.py, pacing.py, run.py): plan documents and the
not-found probe, against the replica.

What the replica saw is asserted from its access log, so "one probe per host per run" is checked
on the wire, not inferred.
"""

from __future__ import annotations

import asyncio

from monitor.http import Fetcher
from monitor.models import Status
from monitor.checking import Tools, check_url, verify_url
from monitor.probes import PROBE_PATH, ProbeCache
from monitor.replica import behaviours
from monitor.replica.content import plan_blocks
from monitor.replica.pdf import make_pdf
from monitor.replica.scenario import split_url
from monitor.run import run_once
from monitor.store import Store

PROBE_PREFIX = PROBE_PATH.split("{", 1)[0]


def verify(settings, url, force=None, probes=None):
    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await verify_url(Tools(fetcher, probes or ProbeCache(fetcher)), url, force)

    return asyncio.run(go())


def probes_seen(replica, host):
    return [r for r in replica.requests_for(host) if r.path.startswith(PROBE_PREFIX)]


def test_one_probe_per_host_per_run(replica, scenario, settings, tmp_path):
    forces = ["cumbria", "derbyshire", "merseyside", "lincolnshire"]
    with Store(tmp_path / "m.db") as store:
        summary = asyncio.run(_run(settings, store, forces))
    assert {c.force_id: c.status.value for c in summary.checks} == {
        "cumbria": "published", "derbyshire": "soft_404", "merseyside": "published", "lincolnshire": "broken"}
    for force_id in forces:
        host = split_url(scenario.link_for(force_id))[0]
        assert len(probes_seen(replica, host)) == 1, host


async def _run(settings, store, forces):
    async with Fetcher(settings.http) as fetcher:
        return await run_once(settings, fetcher, store, force_ids=forces)


def test_the_probe_is_shared_by_every_page_on_a_host(replica, scenario, settings):
    url = scenario.link_for("merseyside")
    host = split_url(url)[0]

    async def go():
        async with Fetcher(settings.http) as fetcher:
            probes = ProbeCache(fetcher)
            tools = Tools(fetcher, probes)
            first, second = await asyncio.gather(verify_url(tools, url), verify_url(tools, url + "?again=1"))
            return first, second, len(probes)

    (_, one), (_, two), cached = asyncio.run(go())
    assert one.status is two.status is Status.PUBLISHED
    assert cached == 1 and len(probes_seen(replica, host)) == 1
    assert one.evidence["probe"]["http_status"] == 404
    assert "as it should" in one.evidence["probe"]["summary"]


def test_a_wordless_soft_404_is_caught_by_the_probe(replica, scenario, settings, base_settings):
    """A site that answers every unknown address 200 with a generic page, no 'not found' anywhere."""
    url = scenario.link_for("cumbria")
    host, path = split_url(url)
    site = scenario.site_for(host)
    site.routes.pop(path.rstrip("/"), None)
    site.not_found = behaviours.page(
        "<html><head><title>Cumbria Constabulary</title></head><body><nav><a href='/'>Home</a></nav><main>"
        "<h1>How can we help?</h1><p>Report a crime, find your neighbourhood team or contact us.</p>"
        "<ul><li><a href='/report/'>Report</a></li><li><a href='/advice/stalking/'>Stalking and harassment</a></li>"
        "</ul></main></body></html>")
    _, verdict = verify(settings, url, base_settings.force("cumbria"))
    assert verdict.status is Status.SOFT_404, verdict.reason
    assert "any address that does not exist" in verdict.reason
    assert verdict.evidence["probe"]["similarity"] == 1.0


def test_the_published_page_on_a_soft_404_site_stays_published(replica, scenario, settings, base_settings):
    _, verdict = verify(settings, scenario.link_for("cumbria"), base_settings.force("cumbria"))
    assert verdict.status is Status.PUBLISHED
    probe = verdict.evidence["probe"]
    assert probe["http_status"] == 200 and not probe["soft_404"] and probe["similarity"] < 0.2


def test_the_landing_page_pdf_is_fetched_and_read(replica, scenario, settings, base_settings):
    _, verdict = verify(settings, scenario.link_for("avon-and-somerset"), base_settings.force("avon-and-somerset"))
    assert verdict.status is Status.PUBLISHED
    assert "plan document" in verdict.reason and "(PDF)" in verdict.reason
    [doc] = verdict.evidence["documents"]
    assert doc["status"] == "published" and doc["kind"] == "pdf" and doc["url"].endswith(".pdf")


def test_a_dead_plan_pdf_makes_the_landing_page_broken(replica, scenario, settings, base_settings):
    force = base_settings.force("lincolnshire")
    _, verdict = verify(settings, scenario.link_for("lincolnshire"), force)
    assert verdict.status is Status.BROKEN
    assert verdict.reason.startswith("the plan document is dead: https://www.lincs.police.uk/") and "404" in verdict.reason


def test_a_pdf_linked_straight_from_the_npcc_response_is_verified(replica, scenario, settings, base_settings):
    force = base_settings.force("durham")
    replica_force = scenario.force("durham")
    pdf = make_pdf(plan_blocks(replica_force), title="Durham stalking super-complaint action plan")
    scenario.replace("durham", behaviours.page(pdf, content_type="application/pdf"))
    result, verdict = verify(settings, scenario.link_for("durham"), force)
    assert result.content_type == "application/pdf"
    assert verdict.status is Status.PUBLISHED and verdict.reason.startswith("the document (PDF) is the stalking")
    assert "probe" not in verdict.evidence  # documents are not compared with the not-found page


def test_check_url_records_evidence_a_person_can_read(replica, scenario, settings, base_settings):
    force = base_settings.force("dyfed-powys")

    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await check_url(Tools(fetcher, ProbeCache(fetcher)), force, scenario.link_for("dyfed-powys"))

    check = asyncio.run(go())
    assert check.status is Status.PUBLISHED
    assert check.title and "uwch-gŵyn" in check.evidence["phrases"]
    assert check.content_hash and check.text


def test_every_planted_case_is_classified_as_planted_and_says_why(replica, scenario, settings, tmp_path):
    """The demo's planted faults (dead PDF, generic stalking page, JS shell, Welsh page, soft 404,
    homepage redirect, ...): the status, and the reason a person reads names the fault."""
    with Store(tmp_path / "m.db") as store:
        summary = asyncio.run(_run(settings, store, None))
    checks = {c.force_id: c for c in summary.checks}
    wrong = {fid: (checks[fid].status.value, e.status) for fid, e in scenario.expected.items() if checks[fid].status.value != e.status}
    assert not wrong
    for force_id, expected in scenario.expected.items():
        if expected.reason_hint:
            assert expected.reason_hint.lower() in checks[force_id].reason.lower(), (force_id, checks[force_id].reason)
    assert "uwch-gŵyn" in checks["dyfed-powys"].evidence["phrases"]


def test_checks_start_one_site_in_turn_and_come_back_in_register_order():
    from monitor.models import Check, Force
    from monitor.pacing import bounded, by_host_in_turn

    forces = [Force(id=f"f{n}", name=f"F{n}") for n in range(7)]
    hosts = ["a", "a", "a", "b", "b", "c", None]  # f6 has nothing to fetch
    plan = {f.id: ((f"https://{h}.example/{f.id}",), False) for f, h in zip(forces, hosts) if h}
    order = by_host_in_turn(forces, plan)
    assert [forces[i].id for i in order] == ["f6", "f0", "f3", "f5", "f1", "f4", "f2"]

    started = []

    async def check(force):
        started.append(force.id)
        await asyncio.sleep(0.01 * (7 - int(force.id[1:])))  # later forces finish first
        return Check(force_id=force.id, status=Status.PUBLISHED, reason="ok")

    checks = asyncio.run(bounded(check, order, forces, window=2))
    assert started == [forces[i].id for i in order]
    assert [c.force_id for c in checks] == [f.id for f in forces]


def test_a_run_summary_repr_stays_short_however_many_checks():
    # asyncio.run formats its main task's result when a run ends (restoring the Ctrl-C handler).
    from monitor.models import Check, RunSummary

    checks = tuple(Check(force_id=f"f{n}", status=Status.PUBLISHED, reason="ok" * 100, evidence={"x": "y" * 1000})
                   for n in range(2000))
    summary = RunSummary(run_id=7, started="a", finished="b", state="complete", checks=checks)
    assert len(repr(summary)) < 200 and "checks=<2000>" in repr(summary)
