"""History through real runs: run_once against the replica on loopback, with an injected clock.

The replica's routes are swapped between runs (a 404, a 403) the way a force's site changes between
two scheduled checks; the clock moves six hours per run.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from monitor.http import Fetcher
from monitor.models import Status
from monitor.run import run_once
from monitor.replica import behaviours
from monitor.replica.scenario import split_url
from monitor.store import Store

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
FORCE = "merseyside"  # published in the default scenario


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, hours: float = 6) -> None:
        self.now += timedelta(hours=hours)


@pytest.fixture
def serve(scenario):
    """serve(force, behaviour) swaps the force's page; serve(force, None) puts the original back."""
    originals = {}

    def swap(force_id: str, behaviour):
        host, path = split_url(scenario.link_for(force_id))
        site = scenario.site_for(host)
        originals.setdefault(force_id, (host, path, site.resolve(path)[1]))
        scenario.with_route(host, path, behaviour if behaviour is not None else originals[force_id][2])

    return swap


def check(settings, store, clock, forces=(FORCE,), **kw):
    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await run_once(settings, fetcher, store, clock=clock, force_ids=list(forces), **kw)

    summary = asyncio.run(go())
    clock.advance()
    return summary


def test_one_404_alerts_nobody_and_two_in_a_row_confirm_broken(settings, serve, tmp_path):
    clock = Clock(T0)
    with Store(tmp_path / "m.db") as store:
        assert check(settings, store, clock).events == ()  # first observation: unconfirmed
        [first] = check(settings, store, clock).events
        assert (first.from_status, first.to_status, first.at) == (None, Status.PUBLISHED, "2026-11-01T09:00:00+00:00")

        serve(FORCE, behaviours.page("<h1>Not found</h1>", status=404))
        blip = check(settings, store, clock)
        assert blip.checks[0].status is Status.BROKEN and blip.events == ()
        serve(FORCE, None)
        assert check(settings, store, clock).events == ()

        serve(FORCE, behaviours.page("<h1>Not found</h1>", status=404))
        assert check(settings, store, clock).events == ()
        [broken] = check(settings, store, clock).events
        assert (broken.from_status, broken.to_status) == (Status.PUBLISHED, Status.BROKEN)
        assert broken.at == "2026-11-02T09:00:00+00:00" and broken.confirmed_at == "2026-11-02T15:00:00+00:00"
        state = store.force_states([FORCE])[0]
        assert state.state is Status.BROKEN and state.since == broken.at


def test_a_403_is_blocked_never_broken_and_stays_out_of_uptime(settings, serve, tmp_path):
    clock = Clock(T0)
    with Store(tmp_path / "m.db") as store:
        check(settings, store, clock)
        check(settings, store, clock)
        serve(FORCE, behaviours.page("Forbidden", status=403))
        produced = [event for _ in range(4) for event in check(settings, store, clock).events]
        assert [(e.from_status, e.to_status) for e in produced] == [(Status.PUBLISHED, Status.BLOCKED)]
        up = store.uptime(clock.now)[FORCE][7]
        assert (up.published, up.counted, up.blocked, up.percent) == (2, 2, 4, 100.0)


def test_uptime_leaves_out_a_run_that_was_cut_short(settings, serve, tmp_path):
    clock = Clock(T0)
    with Store(tmp_path / "m.db") as store:
        check(settings, store, clock, forces=(FORCE, "kent"))  # kent: a bot challenge, blocked
        check(settings, store, clock, forces=(FORCE, "kent"))
        serve(FORCE, behaviours.page("<h1>Not found</h1>", status=404))

        def crash(recorded):  # the run dies once the first check is stored
            raise RuntimeError("crash")

        with pytest.raises(RuntimeError, match="crash"):
            check(settings, store, clock, forces=(FORCE, "kent"), progress=crash)
        assert store.latest_run().state == "aborted"
        assert store.db.execute("select count(*) from checks where run_id = ?", [store.latest_run().id]).fetchone()[0] >= 1

        check(settings, store, clock, forces=(FORCE, "kent"))  # a 404 that counts
        up = store.uptime(clock.now)
        assert (up[FORCE][30].published, up[FORCE][30].counted) == (2, 3)
        assert round(up[FORCE][30].percent, 1) == 66.7
        assert up["kent"][30].percent is None and up["kent"][30].blocked == 3
        assert [o.status for o in store.run_strips(30)[FORCE]] == [Status.PUBLISHED, Status.PUBLISHED, Status.BROKEN]
