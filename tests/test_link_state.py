"""What a check keeps for the next run (models.LinkState: validators, the memo's keys, the plan
it linked) lives in its own table, apart from the evidence people read. A v5 database, where it
rode in each check's evidence, is migrated in place, and the next run starts from what it kept.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from monitor.checking import NOT_MODIFIED, UNCHANGED
from monitor.models import LinkState
from monitor.replica import behaviours
from monitor.replica.scenario import split_url
from monitor.schema import SCHEMA_VERSION
from monitor.store import Store
from tests.faultkit import checks_of, original_behaviour

DATA = Path(__file__).resolve().parent / "data"
# What v5 kept in the evidence for the next run, or for marking a reused verdict.
STATE_KEYS = {"inputs", "etag", "last_modified", "not_modified", "unchanged"}
ETAG, LAST_MODIFIED = '"v1"', "Fri, 14 Mar 2025 09:30:00 GMT"
PAGES = ("cumbria", "derbyshire", "avon-and-somerset")  # verified pages, with keys; kent was blocked


def _v5_file(tmp_path) -> Path:
    path = tmp_path / "v5.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "v5.sql").read_text())
        # A page served with validators, as v5 kept them (the demo's pages send none).
        conn.execute("UPDATE checks SET evidence = json_set(evidence, '$.etag', ?, '$.last_modified', ?) "
                     "WHERE id = (SELECT max(id) FROM checks WHERE force_id = 'cumbria')", [ETAG, LAST_MODIFIED])
    return path


def _evidence(path: Path) -> dict[int, dict]:
    with sqlite3.connect(path) as conn:
        return {row[0]: json.loads(row[1]) for row in conn.execute("SELECT id, evidence FROM checks")}


def _newest_ids(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT force_id, max(id) FROM checks GROUP BY force_id").fetchall())


def test_a_v5_database_moves_next_run_state_out_of_the_evidence(tmp_path):
    path = _v5_file(tmp_path)
    before, newest_ids = _evidence(path), _newest_ids(path)
    assert any(STATE_KEYS & set(evidence) for evidence in before.values()), "the v5 file holds state to move"

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 6
        newest = {check.force_id: check for check in store.checks_for_run(2)}
        states = {fid: store.link_state(fid, check.url) for fid, check in newest.items()}
        first_run_warnings = {check.force_id: check.warnings for check in store.checks_for_run(1)}
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = _evidence(path)

    # Every check keeps every piece of evidence but the state; none is lost, nothing else changes.
    assert set(after) == set(before)
    assert all(after[i] == {k: v for k, v in before[i].items() if k not in STATE_KEYS} for i in before)
    # The newest check of each verified link handed its state over, as it was.
    for force_id in PAGES:
        inputs = before[newest_ids[force_id]]["inputs"]
        assert states[force_id] == LinkState(
            etag=ETAG if force_id == "cumbria" else None, last_modified=LAST_MODIFIED if force_id == "cumbria" else None,
            page_key=inputs["page"], inputs_key=inputs["key"], plan=tuple(inputs["plan"]),
            warnings=tuple(inputs["warnings"]))
        # v5's second run kept these verdicts ("unchanged": true): the mark is now a warning.
        assert UNCHANGED in newest[force_id].warnings and UNCHANGED not in first_run_warnings[force_id]
    assert states["avon-and-somerset"].plan and states["avon-and-somerset"].plan[0].endswith(".pdf")
    assert states["kent"] is None  # blocked by a bot wall: nothing to keep


def test_the_next_run_starts_from_the_migrated_state(replica, scenario, settings, tmp_path):
    path = _v5_file(tmp_path)
    v5_check = _newest_ids(path)["cumbria"]
    scenario.replace("cumbria", behaviours.conditional(original_behaviour(scenario, "cumbria"), etag=ETAG))
    checks = checks_of(settings.replace(store={"path": str(path)}), ["cumbria", "kent"], workers=0)

    host, page = split_url(scenario.link_for("cumbria"))
    sent = [r.request_headers.get("if-none-match") for r in replica.requests_for(host) if r.path == page]
    assert sent == [ETAG]  # the validator moved out of the evidence made the request conditional
    cumbria = checks["cumbria"]
    assert cumbria.http_status == 304 and cumbria.status.value == "published"
    assert cumbria.reason.startswith(NOT_MODIFIED) and "not_modified" in cumbria.warnings
    assert not STATE_KEYS & set(cumbria.evidence)
    with Store(path) as store:
        kept = store.link_state("cumbria", cumbria.url)
        migrated = store.db.execute("SELECT evidence FROM checks WHERE id = ?", [v5_check]).fetchone()
    # The 304 stood for the verdict the v5 run made, evidence and all.
    assert cumbria.evidence == json.loads(migrated[0])
    # And carried the state on: validators, and the memo's keys for the run after.
    assert kept is not None and kept.etag == ETAG and kept.page_key and kept.plan == ()


def test_prune_drops_the_state_of_a_link_whose_checks_are_all_gone(tmp_path):
    path = _v5_file(tmp_path)
    with Store(path) as store:
        urls = {check.force_id: check.url for check in store.checks_for_run(2)}
        # cumbria's link was checked again recently; the others' checks are all older than the cut-off.
        store.db.execute("UPDATE checks SET checked_at = '2026-01-05T09:00:00+00:00' WHERE force_id != 'cumbria'")
        store.db.conn.commit()
        store.prune(30, "2026-11-30T09:00:00+00:00")
        assert store.link_state("cumbria", urls["cumbria"]) is not None
        assert store.last_check("cumbria", urls["cumbria"]).link_state == store.link_state("cumbria", urls["cumbria"])
        assert [store.link_state(fid, urls[fid]) for fid in ("derbyshire", "avon-and-somerset")] == [None, None]
