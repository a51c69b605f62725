"""The source's Content API read started at the process's start (early_source.py): the run uses
that answer instead of asking again, asks again when it has gone stale, and falls back to the
HTML page when it failed, as a run that read the source itself does."""

from __future__ import annotations

from urllib.parse import urlsplit

from monitor.early_source import FRESH_FOR_SECONDS, EarlySource
from monitor.models import RunState
from monitor.run import execute
from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL

API_PATH = urlsplit(CONTENT_API_URL).path
PAGE_PATH = urlsplit(NPCC_PAGE_URL).path


def source_requests(replica) -> list[str]:
    return [r.path for r in replica.requests_for("www.gov.uk") if r.path in (API_PATH, PAGE_PATH)]


def test_the_run_takes_the_early_answer_and_asks_the_content_api_once(replica, settings):
    early = EarlySource(settings)
    summary = execute(settings, trigger="test", early_source=early)
    assert summary.state == RunState.COMPLETE
    assert summary.source is not None and summary.source.kind == "content_api"
    assert len(summary.checks) == len(settings.forces)
    assert source_requests(replica) == [API_PATH]


def test_an_answer_gone_stale_while_the_run_waited_is_asked_again(replica, settings):
    now = [1000.0]
    early = EarlySource(settings, clock=lambda: now[0])
    early._thread.join(timeout=60)  # the answer is in; then the run lock took longer than it keeps
    now[0] += FRESH_FOR_SECONDS + 1
    summary = execute(settings, trigger="test", early_source=early)
    assert summary.state == RunState.COMPLETE
    assert source_requests(replica) == [API_PATH, API_PATH]


def test_an_early_read_that_failed_falls_back_to_the_page_as_the_run_would(replica, settings):
    settings = settings.replace(source={"content_api_url": "https://www.gov.uk/api/content/nothing-here",
                                        "page_url": NPCC_PAGE_URL})
    early = EarlySource(settings)
    summary = execute(settings, trigger="test", early_source=early)
    assert summary.state == RunState.COMPLETE
    assert summary.source is not None and summary.source.kind == "html"
    assert "404" in (summary.source.fallback_reason or "")
    paths = [r.path for r in replica.requests_for("www.gov.uk")]
    assert paths.count("/api/content/nothing-here") == 1 and paths.count(PAGE_PATH) == 1
