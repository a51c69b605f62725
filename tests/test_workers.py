"""Verify workers (monitor/workers.py): real spawned processes, against the replica.

The workers must change where verification runs, never what it decides; a worker that dies must
cost only the page that killed it; workers that cannot start must not cost the run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.workers import Verifier, VerifierCrashed
from tests.faultkit import checks_of
from tests.workerfaults import die_on, twice, worker_pid


def _run(settings, workers: int, db) -> dict[str, tuple[str, str]]:
    checks = checks_of(settings.replace(store={"path": str(db)}), workers=workers)
    return {force_id: (check.status.value, check.reason) for force_id, check in checks.items()}


def test_workers_decide_exactly_what_the_checking_process_decides(replica, scenario, settings, tmp_path):
    inline = _run(settings, 0, tmp_path / "inline.db")
    pooled = _run(settings, 2, tmp_path / "pooled.db")
    assert pooled == inline
    # And both are the planted verdicts, so the comparison is not of two wrong runs.
    assert {fid: status for fid, (status, _) in pooled.items()} == {fid: e.status for fid, e in scenario.expected.items()}


def test_the_work_really_runs_in_other_processes():
    import os

    async def go():
        with Verifier(2) as verifier:
            return set(await asyncio.gather(*(verifier._call(worker_pid, n) for n in range(20))))

    pids = asyncio.run(go())
    assert pids and os.getpid() not in pids


def test_a_worker_that_dies_costs_only_the_task_that_killed_it():
    async def go():
        with Verifier(1) as verifier:
            # All queued on the one worker: its death fails every task it holds, not just the culprit's.
            results = await asyncio.gather(*(verifier._call(die_on, n, 5) for n in range(10)), return_exceptions=True)
            after = await verifier._call(twice, 21)  # the pool was replaced and goes on serving
        return results, after

    results, after = asyncio.run(go())
    crashed = [n for n, r in enumerate(results) if isinstance(r, VerifierCrashed)]
    assert crashed == [5]
    assert [r for n, r in enumerate(results) if n != 5] == [2 * n for n in range(10) if n != 5]
    assert after == 42


def test_workers_that_cannot_start_leave_the_run_to_the_checking_process(replica, scenario, settings, tmp_path,
                                                                        monkeypatch, caplog):
    # A spawned worker re-imports the program's main file; when there is none (python - < script),
    # the workers die on start-up. That is not any page's fault.
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None, raising=False)  # found by path, not by module name
    monkeypatch.setattr(main, "__file__", str(tmp_path / "no-such-main.py"), raising=False)
    with caplog.at_level(logging.WARNING, logger="monitor.workers"):
        got = _run(settings, 1, tmp_path / "m.db")
    assert {fid: status for fid, (status, _) in got.items()} == {fid: e.status for fid, e in scenario.expected.items()}
    warnings = [r.getMessage() for r in caplog.records if r.name == "monitor.workers"]
    assert len(warnings) == 1 and "verifying in the checking process instead" in warnings[0]


def test_no_workers_means_no_processes():
    verifier = Verifier(0)
    assert verifier._pool is None
    assert asyncio.run(verifier._call(twice, 4)) == 8


@pytest.mark.parametrize("workers", [0, 1])
def test_a_page_that_crashes_its_worker_is_reported_unverified_not_missing(workers):
    """The verdict a crash gives: blocked (we could not verify), with what to run next."""
    from monitor.models import FetchResult, Status
    from monitor.checking import Tools, _verify_fetched
    from monitor.probes import ProbeCache

    class Crashing(Verifier):
        async def verify_page(self, *args, **kwargs):
            raise VerifierCrashed("the worker process verifying it died twice")

    result = FetchResult(url="https://www.kent.police.uk/x.pdf", final_url="https://www.kent.police.uk/x.pdf",
                         status_code=200, content_type="application/pdf", body=b"%PDF-1.4")

    async def go():
        with Crashing(workers) as verifier:
            return await _verify_fetched(Tools(None, ProbeCache(None, verifier)), result.url, result, None,
                                         respect_robots=None)

    verified = asyncio.run(go())
    verdict = verified.verdict
    assert not verified.kept and verified.memo is None
    assert verdict.status is Status.BLOCKED
    assert "not verified" in verdict.reason and "run_monitor.py verify https://www.kent.police.uk/x.pdf" in verdict.reason


# -- budgets: CPU time and memory per page or document ------------------------------------------------

from monitor.workers import BudgetExceeded  # noqa: E402
from tests.workerfaults import allocate, backtrack, spin, spin_deaf  # noqa: E402


def _budgeted(workers: int, fn, *args, cpu_seconds: float = 0.5, memory_mb: int = 128):
    async def go():
        with Verifier(workers, cpu_seconds=cpu_seconds, memory_mb=memory_mb) as verifier:
            try:
                outcome = await verifier._call(fn, *args)
            except (BudgetExceeded, VerifierCrashed) as exc:
                outcome = exc
            return outcome, await verifier._call(twice, 21)  # and it goes on serving

    return asyncio.run(go())


@pytest.mark.parametrize("workers", [0, 1])
def test_a_task_past_its_cpu_budget_is_stopped_and_the_verifier_goes_on(workers):
    outcome, after = _budgeted(workers, spin, 30.0)
    assert isinstance(outcome, BudgetExceeded) and outcome.args[0] == "took longer than 0.5 s to read"
    assert after == 42


@pytest.mark.parametrize("workers", [0, 1])
def test_the_cpu_budget_interrupts_a_backtracking_regex(workers):
    outcome, after = _budgeted(workers, backtrack, 40)  # 2**40 steps unbounded
    assert isinstance(outcome, BudgetExceeded), outcome
    assert after == 42


def test_a_task_within_its_budget_is_untouched():
    outcome, _ = _budgeted(1, spin, 0.05)
    assert outcome == "done"


def test_a_task_past_the_memory_ceiling_is_stopped_and_the_worker_goes_on():
    outcome, after = _budgeted(1, allocate, 300)
    assert isinstance(outcome, BudgetExceeded) and "more than the 128 MB" in outcome.args[0]
    assert after == 42
    fits, _ = _budgeted(1, allocate, 20)
    assert fits == 20 * 1024 * 1024


def test_code_deaf_to_the_timer_is_stopped_by_the_process_cpu_limit():
    # The timer's signal is blocked, as in C code that never checks for signals: RLIMIT_CPU, set
    # at used + 2 x budget + 2 s, kills the worker; its retry alone dies the same way.
    outcome, after = _budgeted(1, spin_deaf, 60.0, cpu_seconds=0.2)
    assert isinstance(outcome, VerifierCrashed), outcome
    assert after == 42


def test_a_worker_gets_what_was_fetched_and_returns_a_frozen_reading(replica, scenario, settings, base_settings):
    """Plain inputs in (the fetch, the force), frozen results out: nothing a worker returns can be
    changed on its way to being recorded, and nothing it is handed is the database."""
    import dataclasses

    from monitor.http import Fetcher
    from monitor.workers import PageReading

    async def go():
        async with Fetcher(settings.http) as fetcher:
            landing = await fetcher.fetch(scenario.link_for("avon-and-somerset"))  # links its PDF plan
            page = await fetcher.fetch(scenario.link_for("cumbria"))  # the response itself, no plan
        with Verifier(1) as verifier:
            return [await verifier.read_and_verify(result, base_settings.force(fid), requested_url=result.url,
                                                   probe=None, probe_page=None, max_documents=3)
                    for fid, result in (("avon-and-somerset", landing), ("cumbria", page))]

    landing, page = asyncio.run(go())
    assert isinstance(landing, PageReading) and landing.verdict is None and landing.page is not None
    assert landing.wanted and landing.wanted[0].endswith(".pdf")
    assert page.verdict is not None and page.verdict.status.value == "published" and page.page is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.verdict = None  # type: ignore[misc]



def test_a_page_crosses_to_a_worker_as_its_text_and_a_document_as_its_bytes(replica, scenario, settings, base_settings):
    """Every task is pickled to its worker: a page costs about its text there, not its text and its
    bytes again, while a document (whose bytes are what is read) goes whole; the verdict is the same."""
    import pickle

    from monitor.http import Fetcher
    from monitor.verify import verify_page
    from monitor.workers import _lean

    async def go():
        async with Fetcher(settings.http) as fetcher:
            landing = await fetcher.fetch(scenario.link_for("avon-and-somerset"))
            plan = await fetcher.fetch(landing_plan(landing), document=True)
            page = await fetcher.fetch(scenario.link_for("cumbria"))
        return landing, plan, page

    def landing_plan(result):
        from monitor.verify import plan_documents, read_page

        return plan_documents(read_page(result))[0]

    landing, plan, page = asyncio.run(go())
    for result in (landing, page):
        assert result.text and len(result.body) > 1000
        lean = _lean(result)
        sent, whole = len(pickle.dumps(lean)), len(pickle.dumps(result))
        assert lean.body == b"" and lean.text == result.text
        assert sent < len(pickle.dumps(result.text)) + 2000 < whole
    assert plan.body.startswith(b"%PDF-") and _lean(plan) is plan
    force = base_settings.force("cumbria")
    assert verify_page(_lean(page), force, requested_url=page.url) == verify_page(page, force, requested_url=page.url)
    # Documents by their type or name, and zips, keep their bytes: they are read from them.
    text_plain = dataclasses.replace(page, content_type="text/plain")
    named = dataclasses.replace(page, content_type="application/octet-stream", final_url=page.final_url + "/plan.docx")
    zipped = dataclasses.replace(page, body=b"PK\x03\x04" + page.body)
    assert all(_lean(result) is result for result in (text_plain, named, zipped, None))


ROOT = Path(__file__).resolve().parent.parent

# A checking process that starts a pool of two workers, says their process ids, then waits.
_POOL_THEN_WAIT = """
import sys, time
from monitor.workers import Verifier
verifier = Verifier(2)
assert verifier.wait_started()
print(" ".join(str(pid) for pid in verifier._pool._processes), flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc to see which processes run")
def test_workers_of_a_checking_process_killed_outright_do_not_outlive_it():
    # SIGKILL (the OOM killer, a service manager's last resort) leaves the pool no chance to shut
    # down; before the parent watch each worker waited for tasks for ever, two more every time.
    parent = subprocess.Popen([sys.executable, "-c", _POOL_THEN_WAIT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 120  # not a speed bound: only "gone at all", however busy the machine
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers), "verify workers outlived their killed parent"


# A watch whose SIGIO never comes: O_ASYNC is taken off again right after arming, as if the
# kernel's signal had been lost, so only the timer's re-check can see the parent's pipe end.
_WATCH_WITHOUT_SIGIO = """
import fcntl, os, sys, time
from monitor import workers
r = int(sys.argv[1])
workers._watch_parent(r)
fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) & ~os.O_ASYNC)
print("watching", flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the re-check runs on a POSIX interval timer")
def test_a_worker_whose_parent_signal_is_lost_still_goes_when_the_parent_does():
    read_end, write_end = os.pipe()
    child = subprocess.Popen([sys.executable, "-c", _WATCH_WITHOUT_SIGIO, str(read_end)], cwd=ROOT,
                             pass_fds=(read_end,), stdout=subprocess.PIPE, text=True)
    try:
        os.close(read_end)
        assert child.stdout.readline() == "watching\n"
        os.close(write_end)  # the parent's end of the pipe goes, as when the parent dies
        child.wait(timeout=120)  # not a speed bound: only "gone at all"; it sleeps 600 s otherwise
        assert child.returncode == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
