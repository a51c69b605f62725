"""History on real SQLite files: migrations, confirmation, uptime, retention, changes, the run lock.

Runs are written through the store's own API with explicit times, so every number below can be
worked out by hand from the test's own data.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils

from monitor.errors import StoreError
from monitor.history_models import Observation
from monitor.history_rules import confirm, short_diff
from monitor.models import Check, Reconciliation, SourceLink, SourceSnapshot, Status
from monitor.schema import MIGRATIONS, SCHEMA_VERSION
from monitor.store import Store

DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
P, B, U, NL, BL = Status.PUBLISHED, Status.BROKEN, Status.UNREACHABLE, Status.NOT_LINKED, Status.BLOCKED


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def record(store: Store, at: datetime, statuses: dict, *, state: str = "complete", confirm_runs: int = 2):
    """One run at `at` with one check per force; returns (run id, events it produced).

    statuses: force id -> Status, or (Status, text) for a published page with that verified text.
    """
    run_id = store.start_run(iso(at), "cli")
    for force_id, value in statuses.items():
        status, text = value if isinstance(value, tuple) else (value, None)
        content_hash = f"h{abs(hash(text))}" if text else None
        store.record_check(run_id, Check(force_id=force_id, status=status, reason=f"{status.label} on purpose",
                                         url=f"https://www.{force_id}.police.uk/response",
                                         final_url=f"https://www.{force_id}.police.uk/response",
                                         http_status=200 if status is P else 404, content_hash=content_hash, text=text),
                           iso(at + timedelta(seconds=1)))
    if state == "complete":
        return run_id, store.complete_run(run_id, iso(at + timedelta(seconds=5)), confirm_runs=confirm_runs)
    if state != "running":
        store.finish_run(run_id, iso(at + timedelta(seconds=5)), state=state)
    return run_id, []


def runs(store: Store, sequence: list, *, force: str = "kent", start: datetime | None = None, **kw):
    """Record one run per status in `sequence`, six hours apart (by default six hours after the
    newest run, or ten days ago); returns every event produced."""
    if start is None:
        latest = store.latest_run()
        start = datetime.fromisoformat(latest.started) + timedelta(hours=6) if latest else NOW - timedelta(days=10)
    produced = []
    for index, status in enumerate(sequence):
        produced += record(store, start + timedelta(hours=6 * index), {force: status}, **kw)[1]
    return produced


# -- migrations -------------------------------------------------------------------------------------


def test_a_v1_file_from_the_old_monitor_is_upgraded_in_place_and_keeps_its_history(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "v1.sql").read_text())
    with sqlite3.connect(path) as conn:
        assert conn.execute("select max(version) from schema_version").fetchone()[0] == 1
        assert "events" not in {r[0] for r in conn.execute("select name from sqlite_master")}

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 6
        assert {"events", "texts", "content_changes", "daily_rollups", "outbox", "document_texts"} <= set(store.db.table_names())
        assert store.db.execute("select count(*) from checks").fetchone()[0] == 7  # nothing lost
        # Replayed with the default confirm_runs = 2; the aborted run 3 (kent broken) never counts.
        events = store.events()
        assert [(e.force_id, e.from_status, e.to_status, e.first_run_id, e.run_id) for e in events] == [
            ("kent", None, P, 1, 2),
            ("cleveland", None, B, 2, 4),
        ]
        assert events[1].at == "2026-11-02T09:00:01+00:00"  # broken since run 2, confirmed by run 4
        changes = store.content_changes(include_first=True)
        assert [(c.force_id, c.old_hash, c.new_hash) for c in changes] == [
            ("kent", None, "k1"), ("cleveland", None, "c1"), ("kent", "k1", "k2")]
        assert changes[-1].diff == ()  # v1 never kept texts, so there is nothing to diff
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(path) as store:  # opening again migrates nothing twice
        assert len(store.events()) == 2


def test_a_v1_database_built_by_migration_1_upgrades_and_new_runs_continue_its_history(tmp_path):
    path = tmp_path / "v1.db"
    db = sqlite_utils.Database(path)
    db["schema_version"].create({"version": int, "applied_at": str}, pk="version")
    MIGRATIONS[1](db)
    db["schema_version"].insert({"version": 1, "applied_at": "2026-01-01T00:00:00+00:00"})
    db["runs"].insert({"id": 1, "started": "2026-11-20T09:00:00+00:00", "state": "complete"})
    db["checks"].insert({"run_id": 1, "force_id": "kent", "checked_at": "2026-11-20T09:00:01+00:00", "status": "broken"})
    db.conn.close()
    with Store(path) as store:
        assert store.events() == []  # one observation confirms nothing
        _, produced = record(store, datetime(2026, 11, 21, 9, tzinfo=timezone.utc), {"kent": B})
        assert [(e.to_status, e.at) for e in produced] == [(B, "2026-11-20T09:00:01+00:00")]


def test_every_history_query_uses_an_index(tmp_path):
    """EXPLAIN QUERY PLAN of every statement the history API runs: no full scan of a big table."""
    with Store(tmp_path / "m.db") as store:
        runs(store, [P, P, (P, "One. Two."), B, B, BL, (P, "One. Three.")])
        _snapshot(store, NOW - timedelta(days=1), {"kent": "https://www.kent.police.uk/a"})
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        store.overview(NOW, ["kent", "essex"])
        store.force_states()
        store.uptime(NOW)
        store.run_strips(30)
        store.force_history("kent", NOW, days=30)
        store.changes(NOW - timedelta(days=30), NOW)
        store.events(after_id=1)
        store.published_coverage(["kent"], before=NOW)  # the digest's coverage before its period
        store.prune(3, NOW)
        store.db.conn.set_trace_callback(None)
        scans = []
        for sql in {s for s in statements if s.lstrip().upper().startswith("SELECT")}:
            for row in store.db.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
                detail = row[-1]
                # checks is the table that grows fast: never scanned, not even a whole index. Events,
                # texts, content changes and rollups grow slowly: an index walk is fine there. runs and
                # source_snapshots hold one row per run.
                if re.match(r"SCAN checks\b", detail) or (
                        re.match(r"SCAN (events|content_changes|daily_rollups|texts)\b", detail) and "INDEX" not in detail):
                    scans.append((detail, sql))
        assert not scans, scans


# -- confirmation -----------------------------------------------------------------------------------


def obs(*statuses: Status) -> list[Observation]:
    """Observations NEWEST FIRST, as confirm() reads them, one run apart."""
    return [Observation(run_id=100 - i, checked_at=f"t{100 - i}", status=s) for i, s in enumerate(statuses)]


@pytest.mark.parametrize(("newest_first", "confirmed", "expected", "first_run"), [
    ((), None, None, None),
    ((B,), P, None, None),  # one blip alerts nobody
    ((B, B), P, B, 99),  # two agreeing runs do
    ((B, B, B, P), P, B, 98),  # the change began at the oldest agreeing run
    ((P, B), P, None, None),
    ((U, B), P, U, 99),  # 503 then a timeout: both broken; the newest status is shown
    ((U, B), B, None, None),  # still broken: no event
    ((B, BL, B), P, B, 98),  # a blocked run neither counts nor interrupts
    ((BL, BL), P, BL, 99),  # blocked twice: unverified, never broken or missing
    ((BL, BL, BL), BL, None, None),
    ((BL, B), P, None, None),
    ((P, P), None, P, 99),  # a force's first state needs confirming too
    ((P,), None, None, None),
    ((NL, Status.NOT_RESPONSE), P, NL, 99),  # both missing
])
def test_confirmation_rule(newest_first, confirmed, expected, first_run):
    decision = confirm(obs(*newest_first), confirmed, 2)
    if expected is None:
        assert decision is None
    else:
        assert decision is not None and decision.status is expected and decision.first.run_id == first_run
        assert decision.last.run_id == 100


def test_confirm_runs_three_needs_three_and_one_confirms_at_once():
    assert confirm(obs(B, B), P, 3) is None
    assert confirm(obs(B, B, B), P, 3).status is B
    assert confirm(obs(B), P, 1).status is B


def test_confirm_reads_only_as_far_as_it_needs():
    read = []

    def lazily():
        for o in obs(P, P, *([P] * 10_000)):
            read.append(o)
            yield o

    assert confirm(lazily(), P, 2) is None
    assert len(read) == 2


def test_one_blip_alerts_nobody_two_agreeing_runs_do(tmp_path):
    with Store(tmp_path / "m.db") as store:
        first = runs(store, [P, P])
        assert [(e.from_status, e.to_status) for e in first] == [(None, P)]
        assert runs(store, [B, P, B, P, U, P]) == []  # blips, each alone: nobody hears of them
        produced = runs(store, [B, B])
        assert [(e.from_status, e.to_status) for e in produced] == [(P, B)]
        state, strip = store.force_states(["kent"])[0], store.run_strips(2)["kent"]
        assert state.state is B and state.since == strip[0].checked_at  # broken since the first of the two
        assert state.confirmed_at == strip[1].checked_at
        assert runs(store, [P, P])[0].to_status is P


def test_a_403_never_confirms_a_force_broken(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [P, P])
        produced = runs(store, [BL, B, BL, BL, BL, B, BL], start=NOW - timedelta(days=4))
        assert all(e.to_status is not B for e in produced)
        assert [e.to_status for e in produced] == [BL]  # three blocked in a row: unverified
        assert store.force_states(["kent"])[0].state is BL


def test_checks_of_aborted_runs_never_count_towards_confirmation(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [P, P])
        record(store, NOW - timedelta(days=2), {"kent": B}, state="aborted")
        record(store, NOW - timedelta(days=1, hours=12), {"kent": B}, state="running")
        store.abort_stale_runs(iso(NOW - timedelta(days=1)))
        assert record(store, NOW - timedelta(days=1), {"kent": B})[1] == []
        assert store.force_states(["kent"])[0].pending


def test_applying_a_run_twice_changes_nothing(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [B])
        run_id, produced = record(store, NOW, {"kent": B})
        assert len(produced) == 1
        assert store.complete_run(run_id, iso(NOW)) == []
        assert len(store.events()) == 1


def test_events_since_an_id_or_a_time(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [P, P, B, B, P, P], force="kent", start=NOW - timedelta(days=3))
        runs(store, [B, B], force="essex", start=NOW - timedelta(days=1))
        everything = store.events()
        assert [(e.force_id, e.to_status) for e in everything] == [("kent", P), ("kent", B), ("kent", P), ("essex", B)]
        assert store.events(after_id=everything[1].id) == everything[2:]
        assert store.last_event_id() == everything[-1].id
        assert store.events(since=everything[2].confirmed_at) == everything[2:]
        assert store.events(since=NOW - timedelta(days=1), force_id="kent") == []


# -- uptime -----------------------------------------------------------------------------------------


def test_uptime_counts_complete_runs_and_leaves_out_blocked_and_aborted(tmp_path):
    with Store(tmp_path / "m.db") as store:
        record(store, NOW - timedelta(days=100), {"kent": B})  # outside every window
        record(store, NOW - timedelta(days=40), {"kent": B})
        record(store, NOW - timedelta(days=10), {"kent": P})
        record(store, NOW - timedelta(days=5), {"kent": B}, state="aborted")  # never counts
        record(store, NOW - timedelta(days=4), {"kent": B}, state="source_error")  # never counts
        record(store, NOW - timedelta(days=3), {"kent": BL})  # not counted: we could not verify
        record(store, NOW - timedelta(days=2), {"kent": B})
        record(store, NOW - timedelta(days=1), {"kent": P})
        up = store.uptime(NOW)["kent"]
        assert (up[7].published, up[7].counted, up[7].blocked) == (1, 2, 1)
        assert (up[30].published, up[30].counted) == (2, 3)
        assert (up[90].published, up[90].counted) == (2, 4)
        assert up[7].percent == 50.0 and round(up[30].percent, 1) == 66.7 and up[90].percent == 50.0
        assert store.uptime(NOW, force_ids=["kent"]) == {"kent": up}  # the one-force path agrees

        store.prune(3, NOW)  # days before 25 November fold into rollups: the figures stay the same
        assert store.db.execute("select count(*) from checks").fetchone()[0] == 3
        assert store.uptime(NOW)["kent"] == up == store.uptime(NOW, force_ids=["kent"])["kent"]


def test_uptime_of_a_force_never_counted_is_unknown_not_zero(tmp_path):
    with Store(tmp_path / "m.db") as store:
        record(store, NOW - timedelta(days=1), {"kent": BL})
        up = store.uptime(NOW, force_ids=["kent", "essex"])
        assert up["kent"][30].percent is None and up["kent"][30].blocked == 1
        assert up["essex"][30].percent is None


# -- retention --------------------------------------------------------------------------------------


def test_prune_folds_old_checks_into_daily_rollups_and_keeps_events_and_texts(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [(P, "First plan."), (P, "First plan."), B, B, (P, "Second plan.")], start=NOW - timedelta(days=40))
        record(store, NOW - timedelta(days=1), {"kent": (P, "Second plan.")})
        before = store.force_states(["kent"])[0]
        events, texts = store.events(), store.db.execute("select count(*) from texts").fetchone()[0]

        result = store.prune(30, NOW)
        assert result.checks_removed == 5 and result.cutoff_day == "2026-10-29"
        rollups = list(store.db.query("select * from daily_rollups order by day"))
        assert [(r["day"], r["published"], r["broken"], r["total"]) for r in rollups] == [
            ("2026-10-19", 2, 0, 2), ("2026-10-20", 1, 2, 3)]
        assert store.events() == events
        assert store.db.execute("select count(*) from texts").fetchone()[0] == texts == 2
        after = store.force_states(["kent"])[0]
        assert after.first_published == before.first_published == iso(NOW - timedelta(days=40, seconds=-1))
        assert after.last_content_change == before.last_content_change
        assert store.content_changes()[0].diff == ("- First plan.", "+ Second plan.")
        assert store.prune(30, NOW).checks_removed == 0  # nothing left to fold


def test_prune_refuses_to_keep_less_than_a_day(tmp_path):
    with Store(tmp_path / "m.db") as store, pytest.raises(StoreError, match="at least 1"):
        store.prune(0, NOW)


# -- content and source changes ---------------------------------------------------------------------


def test_each_distinct_text_is_kept_once_compressed_and_changes_show_a_short_diff(tmp_path):
    old = "Our response to the stalking super-complaint. We will train every officer. " * 20 + "Contact us by phone."
    new = old.replace("Contact us by phone.", "Contact us online or by phone.")
    with Store(tmp_path / "m.db") as store:
        runs(store, [(P, old), (P, old), (P, new), (P, new)])
        rows = store.db.execute("select hash, length(text), chars from texts").fetchall()
        assert len(rows) == 2 and all(stored < chars / 5 for _, stored, chars in rows)
        [change] = store.content_changes()
        assert change.force_id == "kent" and not change.first
        assert change.diff == ("- Contact us by phone.", "+ Contact us online or by phone.")
        assert store.text(change.new_hash) == new
        assert store.force_states(["kent"])[0].last_content_change == change.at
        assert [c.first for c in store.content_changes(include_first=True)] == [True, False]


def test_short_diff_is_short():
    old = " ".join(f"Sentence {i}." for i in range(100))
    new = " ".join(f"Sentence {i * 2}." for i in range(100))
    lines = short_diff(old, new, max_lines=5)
    assert len(lines) == 6 and lines[-1].startswith("… ") and lines[-1].endswith("more changed sentences")


def _snapshot(store: Store, at: datetime, links: dict[str, str], *, updated: str = "2025-03-14T09:30:00+00:00",
              state: str = "complete") -> int:
    run_id = store.start_run(iso(at), "cli")
    reconciliation = Reconciliation({fid: (SourceLink(url, fid, force_id=fid),) for fid, url in links.items()}, (), ())
    body = repr(sorted(links.items())) + updated
    store.record_snapshot(run_id, SourceSnapshot("https://www.gov.uk/api/content/npcc", "content_api", f"h{hash(body)}",
                                                 "NPCC", updated, updated, ()), reconciliation, iso(at))
    if state == "complete":
        store.complete_run(run_id, iso(at))
    else:
        store.finish_run(run_id, iso(at), state=state)
    return run_id


def test_source_changes_name_links_added_removed_and_changed_and_republication(tmp_path):
    links = {"kent": "https://www.kent.police.uk/a", "essex": "https://www.essex.police.uk/a"}
    with Store(tmp_path / "m.db") as store:
        _snapshot(store, NOW - timedelta(days=3), links)
        _snapshot(store, NOW - timedelta(days=2, hours=18), links)  # same: no change
        _snapshot(store, NOW - timedelta(days=2, hours=12), {}, state="aborted")  # aborted: skipped
        _snapshot(store, NOW - timedelta(days=2), {"kent": "https://www.kent.police.uk/b",
                                                   "surrey": "https://www.surrey.police.uk/a"},
                  updated="2026-11-26T10:00:00+00:00")
        [change] = store.source_changes()
        assert {(link.force_id, link.kind) for link in change.links} == {
            ("kent", "changed"), ("essex", "removed"), ("surrey", "added")}
        kent = next(link for link in change.links if link.force_id == "kent")
        assert (kent.previous_url, kent.url) == ("https://www.kent.police.uk/a", "https://www.kent.police.uk/b")
        assert change.republished and change.public_updated_at == "2026-11-26T10:00:00+00:00"
        assert store.source_changes(since=NOW - timedelta(days=1)) == []
        overview = store.overview(NOW, ["kent", "essex", "surrey", "dorset"])
        assert overview.last_source_change == change
        assert overview.link_changed == {"kent": change.at, "essex": change.at, "surrey": change.at}
        assert overview.source_public_updated_at == "2026-11-26T10:00:00+00:00"


def test_changes_bundle_everything_in_a_period(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [(P, "Plan one."), (P, "Plan one.")], start=NOW - timedelta(days=40))
        runs(store, [(P, "Plan two."), B, B], start=NOW - timedelta(days=3))
        month = store.changes(NOW - timedelta(days=30), NOW)
        assert [e.to_status for e in month.events] == [B]
        assert [c.diff for c in month.content_changes] == [("- Plan one.", "+ Plan two.")]
        assert month.source_changes == ()


# -- states and the overview ------------------------------------------------------------------------


def test_force_states_show_unconfirmed_and_pending_and_forces_never_seen(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [B], force="essex")
        runs(store, [P, P, B], force="kent")
        kent, essex, dorset = store.force_states(["kent", "essex", "dorset"])
        assert kent.state is P and kent.pending and kent.observed.status is B and kent.shown is P
        assert essex.state is None and not essex.confirmed and essex.shown is B
        assert dorset.shown is None and dorset.observed is None


def test_run_strips_hold_the_newest_complete_runs_oldest_first(tmp_path):
    with Store(tmp_path / "m.db") as store:
        runs(store, [P] * 3 + [B] * 29)
        record(store, NOW, {"kent": P}, state="aborted")
        strip = store.run_strips(30)["kent"]
        assert len(strip) == 30 and [o.status for o in strip] == [P] + [B] * 29
        assert strip[0].run_id < strip[-1].run_id


# -- the run lock -----------------------------------------------------------------------------------


def test_the_run_lock_makes_a_second_run_wait_then_gives_up_with_a_clear_error(tmp_path):
    path = tmp_path / "m.db"
    with Store(path) as first, Store(path) as second:
        with first.run_lock(5):
            waits: list[str] = []
            started = time.monotonic()
            with pytest.raises(StoreError, match=r"another run is in progress \(process \d+ holds .*m\.db\.lock\); "
                                                 r"gave up after waiting 0\.3 s\. .*lock_timeout"):
                with second.run_lock(0.3, on_wait=waits.append):
                    pass
            assert 0.3 <= time.monotonic() - started < 30  # gave up: the holder never lets go
            assert len(waits) == 1 and "waiting up to 0.3 s" in waits[0]
        with second.run_lock(0.3):  # released when the holder leaves
            pass


def test_the_run_lock_is_taken_as_soon_as_the_holder_finishes(tmp_path):
    path = tmp_path / "m.db"
    order: list[str] = []
    with Store(path) as first:
        holder_in = threading.Event()

        def hold() -> None:
            with first.run_lock(5):
                holder_in.set()
                time.sleep(0.3)
                order.append("first done")

        thread = threading.Thread(target=hold)
        thread.start()
        holder_in.wait(5)
        with Store(path) as second, second.run_lock(5):
            order.append("second in")
        thread.join()
    assert order == ["first done", "second in"]
