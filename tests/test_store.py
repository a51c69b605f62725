"""The store on real SQLite files."""

import sqlite3

import pytest

from monitor.errors import StoreError
from monitor.models import Check, Hop, Reconciliation, SourceLink, SourceSnapshot, Status
from monitor.schema import CATEGORY_COLUMNS, SCHEMA_VERSION
from monitor.store import Store


def test_new_database_has_schema_wal_and_version(db_path):
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert {"runs", "checks", "source_snapshots", "schema_version"} <= set(store.db.table_names())
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_check_round_trips_with_its_evidence(db_path):
    check = Check(force_id="kent", status=Status.BROKEN, reason="HTTP 404: the page was not found",
                  url="https://www.kent.police.uk/a", final_url="https://www.kent.police.uk/b", http_status=404,
                  elapsed_ms=12, warnings=("redirected",), redirect_chain=(Hop("https://www.kent.police.uk/a", 301, "/b"),
                                                                            Hop("https://www.kent.police.uk/b", 404)),
                  evidence={"redirects": ["https://www.kent.police.uk/a"]})
    with Store(db_path) as store:
        run_id = store.start_run("2026-11-28T09:00:00+00:00", "cli")
        store.record_check(run_id, check, "2026-11-28T09:00:01+00:00")
        store.finish_run(run_id, "2026-11-28T09:00:02+00:00")
        assert store.checks_for_run(run_id) == [check]
        assert store.run(run_id)["state"] == "complete"


def test_checks_recorded_in_one_batch_keep_their_order_times_and_texts(db_path):
    checks = [Check(force_id=f"force-{n}", status=Status.PUBLISHED, reason="the page is the response",
                    content_hash=f"hash-{n % 2}", text=f"text {n % 2}") for n in range(5)]
    times = [f"2026-11-28T09:00:0{n}+00:00" for n in range(5)]
    with Store(db_path) as store:
        run_id = store.start_run("2026-11-28T09:00:00+00:00", "cli")
        store.record_checks(run_id, list(zip(checks, times)))
        assert store.checks_for_run(run_id) == [Check(**{**c.__dict__, "text": None}) for c in checks]
        rows = store.db.execute("SELECT force_id, checked_at FROM checks ORDER BY id").fetchall()
        assert rows == [(c.force_id, t) for c, t in zip(checks, times)]
        assert store.db.execute("SELECT hash, first_seen FROM texts ORDER BY hash").fetchall() == [
            ("hash-0", times[0]), ("hash-1", times[1])]


def test_run_left_running_is_aborted_by_the_next_start(db_path):
    with Store(db_path) as store:
        dead = store.start_run("2026-11-28T09:00:00+00:00", "schedule")
    with Store(db_path) as store:
        assert store.abort_stale_runs("2026-11-28T10:00:00+00:00") == [dead]
        assert store.run(dead)["state"] == "aborted"


def test_last_good_snapshot_skips_source_errors(db_path):
    snapshot = SourceSnapshot(url="u", kind="content_api", content_hash="h", title="t", public_updated_at=None,
                              updated_at=None, links=())
    links = Reconciliation(links_by_force={"kent": (SourceLink("https://www.kent.police.uk/", "Kent", force_id="kent"),)},
                           not_linked=(), unmatched=())
    with Store(db_path) as store:
        good = store.start_run("2026-11-28T09:00:00+00:00", "cli")
        store.record_snapshot(good, snapshot, links, "2026-11-28T09:00:00+00:00")
        store.finish_run(good, "2026-11-28T09:00:05+00:00")
        bad = store.start_run("2026-11-28T10:00:00+00:00", "cli")
        store.record_snapshot(bad, snapshot, Reconciliation({}, (), ()), "2026-11-28T10:00:00+00:00")
        store.finish_run(bad, "2026-11-28T10:00:05+00:00", state="source_error", source_problem="x")
        last = store.last_good_snapshot()
        assert last["run_id"] == good and last["force_link_count"] == 1


def test_newer_schema_is_refused_with_a_clear_message(db_path):
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'later')", [SCHEMA_VERSION + 1])
    with pytest.raises(StoreError, match="newer than this monitor understands"):
        Store(db_path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)
    assert path.read_text().startswith("these are my notes")


def test_the_databases_sums_count_each_status_as_status_category_does(db_path):
    """prune's rollups and daily_counts sum categories in SQL: built from Status.category, so a
    status moved between categories moves in the database's counts too."""
    columns = {"ok": "published", "missing": "missing", "broken": "broken", "unverified": "blocked"}
    with Store(db_path) as store:
        for status in Status:
            row = store.db.execute(f"SELECT {CATEGORY_COLUMNS} FROM (SELECT ? AS status)", [status.value]).fetchone()
            counted = dict(zip(("published", "missing", "broken", "blocked"), row))
            assert counted == {name: int(columns[status.category] == name) for name in counted}, status
        run_id = store.start_run("2026-01-01T09:00:00+00:00", "cli")
        for force_id, status in (("kent", Status.SOFT_404), ("essex", Status.NOT_RESPONSE), ("dorset", Status.BLOCKED)):
            store.record_check(run_id, Check(force_id=force_id, status=status, reason="", url=f"https://{force_id}.test/"),
                               "2026-01-01T09:00:01+00:00")
        store.finish_run(run_id, "2026-01-01T09:00:02+00:00")
        before = store.daily_counts()
        store.prune(1, "2026-03-01T00:00:00+00:00")
        assert store.daily_counts() == before  # folded into rollups with the same mapping
        assert {row["force_id"]: (row["missing"], row["broken"], row["blocked"]) for row in before} == {
            "kent": (0, 1, 0), "essex": (1, 0, 0), "dorset": (0, 0, 1)}
