"""Pages that need JavaScript (issue 19), continued from tests/test_render.py: the budgets that stop
a page's scripts (time, the JavaScript heap, the tab's memory) and the run going on after them.

A file of its own so that the test runner's workers (one file each) render these pages, which
spend their budgets in full by design, beside the rest of test_render.py instead of after it.
"""

from __future__ import annotations

from monitor.checking import NOT_RENDERED
from monitor.models import Status
from monitor.render import RENDERED
from monitor.replica import behaviours
from monitor.replica.content import SHELL_SCRIPT_PATH
from tests.test_render import FORCE, app_paths, check_of, needs_browser, rendering, serve_script


@needs_browser
def test_an_endless_script_is_cut_off_within_budget_and_the_next_page_renders(replica, scenario, settings):
    budget = 10.0  # enough for the second page to render on a busy machine
    serve_script(scenario, "while (true) {}")
    # A second force whose page is the same kind of app, checked in the same run after it.
    other = "dorset"
    other_host, other_path = app_paths(scenario, other)
    shell = scenario.sites[app_paths(scenario)[0]].not_found
    scenario.with_route(other_host, other_path, shell)
    scenario.with_route(other_host, SHELL_SCRIPT_PATH, behaviours.page(
        "document.title = 'Our response'; "
        "document.getElementById('root').innerHTML = '<main><h1>Our response</h1></main>';",
        content_type="text/javascript"))
    settings = rendering(settings, budget_seconds=budget)
    checks = check_of(settings, FORCE, other)
    check = checks[FORCE]
    assert check.status is Status.BLOCKED and check.reason.startswith(NOT_RENDERED)
    assert f"still running when the {budget:g} s render budget ran out" in check.reason
    # Cut off at the budget (measured by the renderer itself), not left to run: generous above.
    assert budget * 1000 <= check.evidence["render_ms"] < budget * 1000 + 30_000
    # The browser was not left hung: the other page's script ran and its DOM was read.
    assert checks[other].evidence.get("rendered") == RENDERED and checks[other].title == "Our response"
    assert "budget ran out" not in checks[other].reason


@needs_browser
def test_a_script_that_eats_memory_crashes_its_own_tab_not_the_run(replica, scenario, settings):
    serve_script(scenario, "var hoard = []; while (true) { hoard.push(new Array(1e6).fill(Math.random())); }")
    check = check_of(rendering(settings, memory_mb=64, budget_seconds=30))[FORCE]
    assert check.status is Status.BLOCKED and check.reason.startswith(NOT_RENDERED)
    # V8's heap cap crashes the tab (or, on a slow machine, the watchdog stops it first).
    assert "over the 64 MB JavaScript memory budget" in check.reason or "outgrew its memory budget" in check.reason


@needs_browser
def test_a_page_that_grows_its_dom_without_end_is_stopped_by_the_memory_watchdog(replica, scenario, settings):
    # DOM nodes live outside V8's heap, so only the watchdog on the tab's process bounds them.
    serve_script(scenario, "var root = document.getElementById('root'); for (;;) { "
                           "var row = document.createElement('div'); row.textContent = 'stalking '.repeat(8); "
                           "root.appendChild(row); }")
    check = check_of(rendering(settings, memory_mb=64, budget_seconds=60))[FORCE]
    assert check.status is Status.BLOCKED and check.reason.startswith(NOT_RENDERED)
    assert "outgrew its memory budget" in check.reason and "over the 64 MB a page may add" in check.reason
