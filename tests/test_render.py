"""Pages that need JavaScript (issue 19): Humberside's planted shell, read in a real Chromium.

Without a browser (rendering off, or not installed) the shell is `blocked`, never missing; with one,
the shell's script fetches the response from the site's API and the force is `published`. Every
request the page makes goes through the fetcher: what reached the network is read from the
replica's access log and from a loopback listener that must never be reached.

The browser tests need the Debian `chromium` package and the `render` extra (playwright); they are
skipped with that reason when either is missing. `.ci/run` installs both, so CI runs them.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import socket
import threading

import pytest

from monitor.models import Status
from monitor.checking import NOT_RENDERED
from monitor.run import execute
from monitor.render import RENDERED, browser_path
from monitor.replica import behaviours
from monitor.replica.content import SHELL_API_PREFIX, SHELL_SCRIPT_PATH
from monitor.replica.scenario import split_url

FORCE = "humberside"
CHROMIUM = browser_path("/usr/bin/chromium") or browser_path("chromium")
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None

needs_browser = pytest.mark.skipif(
    CHROMIUM is None or not HAVE_PLAYWRIGHT,
    reason="rendering needs Chromium (`apt-get install chromium`) and playwright (`pip install -e '.[render]'`); "
           f"found chromium: {CHROMIUM or 'no'}, playwright: {'yes' if HAVE_PLAYWRIGHT else 'no'}",
)


def rendering(settings, **render):
    return settings.replace(render={"enabled": True, "browser": CHROMIUM or "/usr/bin/chromium",
                                    "budget_seconds": 20.0, **render})


def check_of(settings, force_id: str = FORCE, *also: str):
    summary = execute(settings, force_ids=[force_id, *also])
    assert summary.state == "complete", summary.source_problem
    return {check.force_id: check for check in summary.checks}


def app_paths(scenario, force_id: str = FORCE) -> tuple[str, str]:
    host, path = split_url(scenario.link_for(force_id))
    return host, path


def serve_script(scenario, js: str, force_id: str = FORCE) -> None:
    host, _ = app_paths(scenario, force_id)
    scenario.with_route(host, SHELL_SCRIPT_PATH, behaviours.page(js, content_type="text/javascript"))


def paths_requested(replica, host: str) -> list[str]:
    return [record.path for record in replica.requests_for(host)]


# -- without a browser ------------------------------------------------------------------------------


def test_the_shell_is_blocked_not_missing_when_rendering_is_off(replica, scenario, settings):
    check = check_of(settings)[FORCE]
    assert check.status is Status.BLOCKED and check.status.category == "unverified"
    assert check.reason.startswith(NOT_RENDERED) and "[render] enabled = true" in check.reason
    assert check.evidence["page_kind"] == "empty shell" and "rendered" not in check.evidence
    host, _ = app_paths(scenario)
    assert SHELL_SCRIPT_PATH not in paths_requested(replica, host)  # nothing ran its script


def test_a_missing_browser_leaves_the_shell_blocked_and_says_how_to_install_it(replica, scenario, settings):
    check = check_of(rendering(settings, browser="/nonexistent/chromium"))[FORCE]
    assert check.status is Status.BLOCKED and check.reason.startswith(NOT_RENDERED)
    assert "/nonexistent/chromium" in check.reason and "apt-get install chromium" in check.reason


# -- in a browser -----------------------------------------------------------------------------------


@needs_browser
def test_the_shell_is_published_when_rendered_in_a_browser(replica, scenario, settings):
    settings = rendering(settings)
    check = check_of(settings)[FORCE]
    assert check.status is Status.PUBLISHED, check.reason
    assert check.evidence["rendered"] == RENDERED
    host, path = app_paths(scenario)
    api = SHELL_API_PREFIX + path
    assert check.evidence["render_fetched"] == [f"https://{host}{SHELL_SCRIPT_PATH}", f"https://{host}{api}"]
    assert "Humberside Police" in check.title and check.content_hash
    seen = replica.requests_for(host)
    # The browser's requests went through the fetcher: our user agent, politeness kept, and the
    # shell itself fetched once (the browser was handed the copy the pipeline had).
    assert {r.path for r in seen} >= {path, SHELL_SCRIPT_PATH, api}
    assert all(r.request_headers.get("user-agent") == settings.http.user_agent_header for r in seen)
    assert [r.path for r in seen].count(path) == 1
    assert replica.max_in_flight(host) <= settings.http.per_host_limit

    # The next run renders again: the shell's bytes say nothing about what its script fetches.
    replica.clear_log()
    again = check_of(settings)[FORCE]
    assert again.status is Status.PUBLISHED and again.evidence["rendered"] == RENDERED
    assert "unchanged" not in again.warnings and "not_modified" not in again.warnings
    assert api in paths_requested(replica, host)


@needs_browser
def test_a_shell_still_empty_after_rendering_is_blocked(replica, scenario, settings):
    serve_script(scenario, "console.log('this app shows nothing');")
    check = check_of(rendering(settings))[FORCE]
    assert check.status is Status.BLOCKED, check.reason
    assert check.reason.startswith(NOT_RENDERED) and "still empty after rendering" in check.reason
    assert check.evidence["rendered"] == RENDERED


class Listener:
    """A loopback TCP port that counts every connection made to it (none is allowed)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def __enter__(self) -> Listener:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@needs_browser
def test_requests_to_internal_addresses_and_other_sites_are_refused_at_the_route(replica, scenario, settings):
    host, _ = app_paths(scenario)
    with Listener() as internal:
        # An on-site URL that redirects to an internal address: refused before the hop is made.
        scenario.with_route(host, "/api/v2/config",
                            behaviours.redirect(f"http://127.0.0.1:{internal.port}/config", 302))
        serve_script(scenario, f"""
            var link = document.createElement("link");
            link.rel = "preconnect"; link.href = "http://127.0.0.1:{internal.port}/";
            document.head.appendChild(link);
            new Image().src = "http://127.0.0.1:{internal.port}/pixel.gif";
            try {{ new WebSocket("ws://127.0.0.1:{internal.port}/live"); }} catch (e) {{}}
            var asks = ["http://127.0.0.1:{internal.port}/secret", "http://169.254.169.254/latest/meta-data/",
                        "https://cdn.example.com/analytics.js", "/api/v2/config"];
            Promise.allSettled(asks.map(function (u) {{ return fetch(u); }})).then(function () {{
              return fetch("{SHELL_API_PREFIX}" + location.pathname);
            }}).then(function (r) {{ return r.json(); }}).then(function (page) {{
              document.getElementById("root").innerHTML = "<main>" + page.html + "</main>";
            }});
        """)
        check = check_of(rendering(settings))[FORCE]
    assert internal.connections == 0  # not the fetch, the image, the preconnect nor the WebSocket
    assert check.status is Status.PUBLISHED, check.reason  # what the page is made of was on its own site
    refused = " | ".join(check.evidence["render_refused"])
    for url in (f"http://127.0.0.1:{internal.port}/secret", "http://169.254.169.254/latest/meta-data/",
                "https://cdn.example.com/analytics.js"):
        assert f"{url} (not on the force's site" in refused
    assert f"https://{host}/api/v2/config (redirected to another site: http://127.0.0.1:{internal.port}/config)" in refused
    assert f"ws://127.0.0.1:{internal.port}/live (WebSockets are not opened)" in refused
    assert "cdn.example.com" not in {record.host for record in replica.access_log}


@needs_browser
def test_render_true_in_the_register_reads_any_page_of_that_force_in_a_browser(replica, scenario, settings):
    other = "dorset"
    forces = tuple(dataclasses.replace(f, render=True) if f.id == other else f for f in settings.forces)
    check = check_of(rendering(settings).replace(forces=forces), other)[other]
    assert check.status is Status.PUBLISHED and check.evidence["rendered"] == RENDERED


@needs_browser
def test_nothing_a_page_stores_is_there_for_the_next_run(replica, scenario, settings):
    # The script shows what it finds, then leaves a cookie and local storage behind.
    serve_script(scenario, "var found = document.cookie + '|' + (localStorage.getItem('seen') || ''); "
                           "document.cookie = 'seen=1; max-age=86400; path=/'; localStorage.setItem('seen', '1'); "
                           "document.title = 'found:' + found;")
    settings = rendering(settings)
    first, second = check_of(settings)[FORCE], check_of(settings)[FORCE]
    assert first.evidence["rendered"] == RENDERED and second.evidence["rendered"] == RENDERED
    assert first.title == second.title == "found:|"


def test_verify_a_shell_url_says_it_was_not_rendered(replica, scenario, settings):
    from monitor.spot_check import verify_target

    checked = verify_target(settings, scenario.link_for(FORCE))
    assert checked.verdict.status is Status.BLOCKED and checked.verdict.reason.startswith(NOT_RENDERED)


@needs_browser
def test_verify_a_shell_url_renders_it_when_rendering_is_on(replica, scenario, settings):
    from monitor.spot_check import verify_target

    checked = verify_target(rendering(settings), scenario.link_for(FORCE))
    assert checked.verdict.status is Status.PUBLISHED and checked.verdict.evidence["rendered"] == RENDERED


@needs_browser
def test_a_rendered_page_is_verified_in_the_worker_processes_like_any_page(replica, scenario, settings):
    check = check_of(rendering(settings).replace(verify={"workers": 2}))[FORCE]
    assert check.status is Status.PUBLISHED and check.evidence["rendered"] == RENDERED
