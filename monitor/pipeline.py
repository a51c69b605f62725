"""One run: source -> fetch -> verify -> store. The only module that imports all of them.

`run_once` takes its collaborators (settings, fetcher, store, clock) so tests pass a real
loopback replica and a real SQLite file, and the scheduler and the CLI share one code path.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from . import source_guard
from .config import Settings
from .documents import DOCUMENT_SUFFIXES, PACKED_KINDS, document_kind, kind_from_name
from .early_source import EarlySource
from .errors import MonitorError, SourceError, StoreError
from .decoding import decode_text, sniff_content_type
from .http import Fetcher, Validators, unfetchable
from .memo import inputs_key, page_key
from .models import (
    Check, FetchResult, Force, Hop, Reconciliation, RunState, RunSummary, SourceSnapshot, Status, Verdict, utc_iso,
)
from .render import RENDERED, Renderer, describe_refused
from .source import RegisterIndex, host_of, parse_content_api, parse_html_page, reconcile
from .store import Store
from .verify import PageText, plan_documents, read_page, verify_page
from .workers import BudgetExceeded, Verifier, VerifierCrashed, within_budget

Clock = Callable[[], datetime]
log = logging.getLogger("monitor.pipeline")
Progress = Callable[[Check], None]
# Plan documents followed from one landing page, at most.
MAX_DOCUMENTS_PER_PAGE = 3
# The not-found probe: a path no site has, so whatever the host answers is its "not found".
PROBE_PATH = "/force-monitor-probe-{token}-this-page-does-not-exist"
# The token back out of a probe's URL (the memo's key leaves it out): read from PROBE_PATH itself.
_PROBE_TOKEN = re.compile(re.escape(PROBE_PATH).replace(re.escape("{token}"), "([0-9a-f]+)"))
_MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "text": "text/plain",
}
# A 304 keeps the verdict of the run that last read the page; the reason says so.
NOT_MODIFIED = "not modified since last run (304): "
# Verdicts decided by the page's own content, which a 304 says is unchanged.
_CONTENT_VERDICTS = (Status.PUBLISHED, Status.NOT_RESPONSE, Status.SOFT_404)
# verify's page kind for a page that shows nothing without JavaScript.
EMPTY_SHELL = "empty shell"
# Such a page, unread: we failed to read it, the force did not fail to publish (never missing).
NOT_RENDERED = "the page needs JavaScript and was not rendered: we could not verify it"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


iso = utc_iso


async def read_source(settings: Settings, fetcher: Fetcher, early: EarlySource | None = None) -> SourceSnapshot:
    """The NPCC response from the Content API, or from the HTML page if the API fails.

    early: the Content API's read, started when the process started (cli), if there is one.
    Raises SourceError when neither can be read: that is never 43 missing forces.
    """
    api = await early.answer() if early is not None else None
    if api is None:
        # The Content API is an API for programs, not a crawl target, so robots.txt is not consulted.
        api = await fetcher.fetch(settings.source.content_api_url, respect_robots=False)
    elif _source_problem(api) is not None:
        # The early read had a fetcher of its own, so this one's per-site gap knows nothing of it.
        await asyncio.sleep(settings.http.per_host_delay)
    problem = _source_problem(api)
    if problem is None:
        try:
            return parse_content_api(api.body, api.final_url)
        except SourceError as exc:
            problem = str(exc)
    page = await fetcher.fetch(settings.source.page_url, respect_robots=False)
    page_problem = _source_problem(page)
    if page_problem is not None:
        raise SourceError(
            f"cannot read the NPCC response: Content API: {problem}; HTML page: {page_problem}",
        )
    snapshot = parse_html_page(page.text or "", page.final_url)
    return SourceSnapshot(**{**snapshot.__dict__, "fallback_reason": problem})


def _source_problem(result: FetchResult) -> str | None:
    if result.error_kind is not None:
        return f"{result.url}: {result.error}"
    if result.status_code != 200:
        return f"{result.url}: HTTP {result.status_code}"
    return None


async def check_force(
    fetcher: Fetcher,
    force: Force,
    urls: Sequence[str],
    *,
    used_override: bool = False,
    probes: ProbeCache | None = None,
    previous: Mapping[str, Check] | None = None,
    renderer: Renderer | None = None,
) -> Check:
    """Check every URL the force has (usually one) and keep the best verdict.

    previous: the last check of each URL, whose validators make the request conditional.
    probes: the run's probe cache, which also holds its Verifier (by default a fresh cache that
    verifies in this thread).
    renderer: reads pages that need JavaScript in a browser (None: [render] is off).
    """
    best: Check | None = None
    for url in urls:
        check = await check_url(fetcher, force, url, used_override=used_override, probes=probes,
                                previous=(previous or {}).get(url), renderer=renderer)
        if best is None or _rank(check.status) < _rank(best.status):
            best = check
        if best.status is Status.PUBLISHED:
            break
    assert best is not None, "check_force needs at least one URL"
    return best


class ProbeCache:
    """What each host answers for a path that cannot exist: one probe per (scheme, host, port) per run.

    verify.py compares a page with its host's answer: a site that answers every unknown path with
    the same 200 page is a soft-404 site, and a page near-identical to that answer is its not-found
    page, whatever the wording. Concurrent checks on one host share the one request.

    It carries the run's Verifier, which reads pages and decides verdicts (in worker processes,
    or in this thread when none is given).
    """

    def __init__(self, fetcher: Fetcher, verifier: Verifier | None = None) -> None:
        self._fetcher = fetcher
        self.verifier = verifier if verifier is not None else Verifier(0)
        self._probes: dict[tuple[str, str, int], asyncio.Future[FetchResult]] = {}
        self._pages: dict[tuple[str, str, int], asyncio.Future[PageText]] = {}
        self._early: set[asyncio.Task[None]] = set()  # probes asked for beside a page (kept: a task needs a holder)

    @staticmethod
    def key(url: str) -> tuple[str, str, int]:
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)
        except ValueError:  # a link the fetcher refuses (a bad port, "[::1"): it gets no probe anyway
            return "", url, 0

    async def probe(self, url: str, *, respect_robots: bool | None = None) -> FetchResult:
        """The host's answer for a random path on the host that served `url`."""
        return await self.start(url, respect_robots=respect_robots)

    def asked(self, url: str) -> asyncio.Future[FetchResult] | None:
        """The probe of `url`'s host, if it has been asked for."""
        return self._probes.get(self.key(url))

    def start_beside(self, url: str, *, respect_robots: bool | None = None) -> None:
        """Ask for the probe of the page `url`'s host beside the page, once robots.txt allows the
        page: a page we may not fetch needs no probe."""
        if self.key(url) in self._probes or unfetchable(url) is not None:
            return  # a URL the page fetch refuses needs no probe, nor its host's robots.txt

        async def when_allowed() -> None:
            robots = self._fetcher.settings.respect_robots if respect_robots is None else respect_robots
            if not robots or await self._fetcher.allowed_by_robots(url):
                self.start(url, respect_robots=respect_robots)

        task = asyncio.ensure_future(when_allowed())
        self._early.add(task)
        task.add_done_callback(self._finished_early)

    def _finished_early(self, task: asyncio.Task[None]) -> None:
        self._early.discard(task)
        # Nobody awaits this task: an exception left in it would surface at exit as "Task exception
        # was never retrieved" with a traceback. The page's own check reports what went wrong.
        if not task.cancelled() and task.exception() is not None:
            log.warning("asking for a not-found probe failed: %s", task.exception())

    def start(self, url: str, *, respect_robots: bool | None = None) -> asyncio.Future[FetchResult]:
        """Send the probe for `url`'s host now, if not yet sent, without waiting for it."""
        key = self.key(url)
        if key not in self._probes:
            scheme, host, port = key
            default = 443 if scheme == "https" else 80
            netloc = host if port == default else f"{host}:{port}"
            probe_url = f"{scheme}://{netloc}{PROBE_PATH.format(token=secrets.token_hex(8))}"
            self._probes[key] = asyncio.ensure_future(
                self._fetcher.fetch(probe_url, respect_robots=respect_robots, follow_up=True))
        return self._probes[key]

    async def page(self, url: str, probe: FetchResult) -> PageText | None:
        """The probe's answer read once per host (verify compares every page on the host with it);
        None when the host answered the probe with an error, as it should, and there is nothing to read."""
        if probe.error_kind is not None or probe.status_code is None or not 200 <= probe.status_code < 300:
            return None
        key = self.key(url)
        if key not in self._pages:
            self._pages[key] = asyncio.ensure_future(self.verifier.read_page(probe))
        return await self._pages[key]

    async def aclose(self) -> None:
        """Cancel what is still in flight: a probe asked for beside a page that then failed is
        never awaited, and must not outlive the run's client."""
        pending = [f for f in (*self._early, *self._probes.values(), *self._pages.values()) if not f.done()]
        for future in pending:
            future.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def __len__(self) -> int:
        return len(self._probes)


async def verify_url(
    fetcher: Fetcher,
    url: str,
    force: Force | None = None,
    *,
    probes: ProbeCache | None = None,
    respect_robots: bool | None = None,
    renderer: Renderer | None = None,
) -> tuple[FetchResult, Verdict]:
    """Fetch a URL, the plan documents it links and its host's not-found probe, then verify
    (in a browser too, when the page needs JavaScript and a renderer is given)."""
    result = await _fetch_link(fetcher, url, respect_robots=respect_robots)
    verdict, _ = await _verify_fetched(fetcher, url, result, force, probes=probes, respect_robots=respect_robots)
    if _needs_browser(result, verdict, force):
        verdict = await _in_browser(fetcher, url, result, force, verdict, renderer=renderer, probes=probes,
                                    respect_robots=respect_robots)
    return result, verdict


async def _fetch_link(fetcher: Fetcher, url: str, *, respect_robots: bool | None,
                      validators: Validators | None = None) -> FetchResult:
    # A link that names a document gets the document size cap from the first request.
    return await fetcher.fetch(url, document=kind_from_name(url) is not None, respect_robots=respect_robots,
                               validators=validators)


async def _verify_fetched(
    fetcher: Fetcher,
    url: str,
    result: FetchResult,
    force: Force | None,
    *,
    probes: ProbeCache | None,
    respect_robots: bool | None,
    previous: Check | None = None,
) -> tuple[Verdict, bool]:
    """Fetch what verifying the page needs (its plan documents, its host's probe), then verify.

    previous: the last check of this link; when everything the verdict rests on is as it was
    then, its verdict stands and nothing is verified again (the second value says so).
    """
    documents: dict[str, FetchResult] = {}
    probe: FetchResult | None = None
    page = probe_page = None
    memo: _Memo | None = None
    key: str | None = None
    probes = probes if probes is not None else ProbeCache(fetcher)
    kind = document_kind(result.content_type, result.final_url, result.body)
    is_page = result.text is not None and kind is None
    try:
        if result.ok and kind is not None:
            documents = {url: result}  # the link is the document: read it like a plan document
        elif result.ok and is_page:
            memo = _Memo(result, force, url, previous)
            asked = probes.asked(result.final_url)
            if memo.plan is not None:
                wanted = memo.plan  # the page is as it was: so are the plan documents it links
            elif asked is not None and asked.done() and not asked.cancelled() and asked.exception() is None:
                # The host's probe is in (asked for beside the page): a page that links no plan
                # document is read and verified in one trip to a worker.
                probe = asked.result()
                probe_page = await probes.page(result.final_url, probe)
                page, wanted, verdict = await probes.verifier.read_and_verify(
                    result, force, requested_url=url, probe=probe, probe_page=probe_page,
                    max_documents=MAX_DOCUMENTS_PER_PAGE)
                if verdict is not None:
                    return memo.remember(verdict, memo.key(probe, {}), []), False
            else:
                page = await probes.verifier.read_page(result)  # once: verify_page reads the same PageText
                wanted = plan_documents(page)[:MAX_DOCUMENTS_PER_PAGE]
            probe, *fetched = await asyncio.gather(
                probes.probe(result.final_url, respect_robots=respect_robots),
                *(fetcher.fetch(doc, document=True, respect_robots=respect_robots, follow_up=True) for doc in wanted),
            )
            documents = dict(zip(wanted, fetched))
            key = memo.key(probe, documents)  # hashes every document: once
            if memo.unchanged(key):
                return memo.last_verdict(), True
            probe_page = await probes.page(result.final_url, probe)
        extracted = await _document_texts(probes.verifier, documents)
        if kind is not None:
            documents = {}
        verdict = await probes.verifier.verify_page(result, force, requested_url=url, documents=documents, probe=probe,
                                                    page=page, probe_page=probe_page, extracted=extracted)
        return (memo.remember(verdict, key, list(documents)) if memo is not None and key is not None else verdict), False
    except BudgetExceeded as exc:
        # Unverified is not missing. The subject is the page unless a document said otherwise.
        subject = exc.args[1] if len(exc.args) > 1 else "the page"
        return Verdict(Status.BLOCKED, f"not verified: {subject} {exc.args[0]}. If it is genuine, raise "
                                       f"[verify] cpu_seconds or memory_mb; `run_monitor.py verify {url}` shows it alone",
                       evidence={"budget_exceeded": True}), False
    except VerifierCrashed as exc:
        # Unverified is not missing: like a bot wall, this says nothing about whether it is published.
        return Verdict(Status.BLOCKED, f"not verified: {exc}; it may be a malformed page or document. "
                                       f"Run `run_monitor.py verify {url}` to see it on its own",
                       evidence={"verifier_crashed": True}), False


class _Memo:
    """A page's verdict kept with the key of what it was made from (memo.py), in the check's
    evidence under "inputs"; the next run reuses it when the key is the same.

    Two keys: the page's own (the same page links the same plan documents, so they can be fetched
    without reading the page) and the whole one (the page, its host's not-found answer and the
    documents as fetched: the same verdict).
    """

    def __init__(self, result: FetchResult, force: Force | None, url: str, previous: Check | None) -> None:
        self.page = page_key(result, force, f"{url}\n{MAX_DOCUMENTS_PER_PAGE}")
        kept = previous.evidence.get("inputs") if previous is not None else None
        plan = kept.get("plan") if isinstance(kept, dict) else None
        # Anything else (no key, another page's, a hand-edited one) means: verify as if new.
        usable = isinstance(plan, list) and all(isinstance(url, str) for url in plan) and kept.get("page") == self.page
        self.previous, self.kept = previous, kept if usable else None
        self.plan: list[str] | None = list(plan) if usable else None

    def key(self, probe: FetchResult | None, documents: Mapping[str, FetchResult]) -> str:
        """The whole key: the page's, its host's not-found answer and the documents as fetched."""
        token = _PROBE_TOKEN.search(probe.url) if probe is not None else None
        return inputs_key(self.page, probe, token.group(1) if token else None, documents)

    def unchanged(self, key: str) -> bool:
        return self.kept is not None and self.kept.get("key") == key

    def last_verdict(self) -> Verdict:
        """The last check's verdict, as it was verified (its text is kept in the store already)."""
        assert self.previous is not None and self.kept is not None
        previous = self.previous
        evidence = {k: v for k, v in previous.evidence.items() if k not in ("etag", "last_modified", "not_modified")}
        evidence["unchanged"] = True
        return Verdict(previous.status, previous.reason.removeprefix(NOT_MODIFIED), score=previous.score,
                       evidence=evidence, warnings=tuple(self.kept.get("warnings", ())))

    def remember(self, verdict: Verdict, key: str, plan: list[str]) -> Verdict:
        inputs = {"page": self.page, "key": key, "plan": plan, "warnings": list(verdict.warnings)}
        return replace(verdict, evidence={**verdict.evidence, "inputs": inputs})


async def _document_texts(verifier: Verifier, documents: Mapping[str, FetchResult]) -> dict[str, str]:
    """The text of each PDF, DOCX or ODT that arrived whole, by URL: kept from an earlier run of the
    same file, or read now. Those that cannot be read are left out (verify_page says why)."""
    wanted = {url: kind for url, doc in documents.items()
              if doc.ok and not doc.truncated
              and (kind := document_kind(doc.content_type, doc.final_url, doc.body)) in PACKED_KINDS}

    async def text_of(url: str, kind: str) -> str | None:
        try:
            return await verifier.document_text(documents[url].body, kind)
        except BudgetExceeded as exc:
            raise BudgetExceeded(exc.args[0], f"the plan document {url}") from None

    texts = await asyncio.gather(*(text_of(url, kind) for url, kind in wanted.items()))
    return {url: text for url, text in zip(wanted, texts) if text is not None}


async def check_url(
    fetcher: Fetcher,
    force: Force,
    url: str,
    *,
    used_override: bool = False,
    probes: ProbeCache | None = None,
    previous: Check | None = None,
    renderer: Renderer | None = None,
) -> Check:
    # None: the config's [http] respect_robots decides; a force may opt out in the register.
    robots = None if force.robots else False
    validators = _validators(previous)
    if probes is not None and validators is None and kind_from_name(url) is None:
        # A page is compared with its host's not-found answer, which does not depend on the page:
        # ask for it beside the page (the site's second slot), not after it, where it would
        # lengthen every check by a round trip. Not when a 304 is likely to make it unneeded.
        probes.start_beside(url, respect_robots=robots)
    result = await _fetch_link(fetcher, url, respect_robots=robots, validators=validators)
    if result.not_modified and previous is not None:
        return _not_modified(force, url, result, previous, used_override)
    verdict, unchanged = await _verify_fetched(fetcher, url, result, force, probes=probes, respect_robots=robots,
                                               previous=previous)
    # A shell kept unread from the last run stays so while there is no browser; with one, it is
    # rendered every run (what its scripts fetch may have changed though the shell did not).
    kept_unread = unchanged and renderer is None and verdict.status is Status.BLOCKED
    if _needs_browser(result, verdict, force) and not kept_unread:
        verdict = await _in_browser(fetcher, url, result, force, verdict, renderer=renderer, probes=probes,
                                    respect_robots=robots)
        unchanged = False
    check = _check(force, url, result, verdict, used_override)
    if unchanged and previous is not None:
        # The last verdict stands; its text (kept in the store under this hash) was not read again.
        check = replace(check, content_hash=previous.content_hash)
    return check


def _needs_browser(result: FetchResult, verdict: Verdict, force: Force | None) -> bool:
    """An empty JavaScript shell, or any page of a force the register marks `render = true`."""
    if verdict.evidence.get("page_kind") == EMPTY_SHELL:
        return True
    return force is not None and force.render and result.ok and result.text is not None


async def _in_browser(
    fetcher: Fetcher,
    url: str,
    result: FetchResult,
    force: Force | None,
    verdict: Verdict,
    *,
    renderer: Renderer | None,
    probes: ProbeCache | None,
    respect_robots: bool | None,
) -> Verdict:
    """The verdict on the page as a browser shows it, verified by the same rules as any page.

    Not rendered (rendering off, no browser, a failed or cut-off render), or still empty after
    rendering: `blocked`, because we could not read the page, which says nothing about whether the
    force published. Always rendered afresh: the shell's bytes (and a 304 for them) say nothing
    about what its scripts fetch, so the verdict is never kept from an earlier run.
    """
    shell = verdict.evidence.get("page_kind") == EMPTY_SHELL
    if renderer is None:
        if not shell:
            return verdict  # `render = true` asks for a browser when there is one; without, the page's own verdict
        return _not_rendered(verdict, "rendering is off: set [render] enabled = true in the config to read it in a browser",
                             {"render": "off"})
    rendered = await renderer.render(result, force, respect_robots=respect_robots)
    if rendered.result is None:
        return _not_rendered(verdict, rendered.error or "the browser gave no page", rendered.evidence())
    again, _ = await _verify_fetched(fetcher, url, rendered.result, force, probes=probes, respect_robots=respect_robots)
    evidence = {**again.evidence, "rendered": RENDERED, **rendered.evidence()}
    if again.evidence.get("page_kind") == EMPTY_SHELL:
        refused = describe_refused(rendered.requests)
        why = "it was still empty after rendering in a browser" + (f" ({refused})" if refused else "")
        return _not_rendered(again, why, evidence)
    return replace(again, evidence=evidence)


def _not_rendered(verdict: Verdict, why: str, evidence: Mapping[str, object]) -> Verdict:
    return Verdict(Status.BLOCKED, f"{NOT_RENDERED} ({why})", score=verdict.score,
                   evidence={**verdict.evidence, **evidence}, warnings=verdict.warnings)


@dataclass(frozen=True)
class Verification:
    """`run_monitor.py verify`: one page or document checked on its own, outside any run."""

    target: str  # the URL or file as given
    result: FetchResult
    verdict: Verdict
    force: Force | None


def verify_target(settings: Settings, target: str, force: Force | None = None, address: str | None = None) -> Verification:
    """Verify a URL (fetched like a check: redirects, plan documents, probe) or a saved file.

    A saved file is judged as the page at its address: `address` when given, else the address the
    page itself names (<link rel=canonical> or og:url), which a saved page keeps. The force, when
    not given, is the one whose domains hold that address."""
    if address is not None:
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MonitorError(f"--url {address}: not an http(s) address", hint="Give the address the page was saved from, "
                               "e.g. --url https://www.kent.police.uk/...")
    scheme = urlsplit(target).scheme.lower()
    if "://" in target and scheme not in ("http", "https"):
        raise MonitorError(f"{target}: only http(s) URLs are fetched", hint="Save the page and pass the file instead")
    if scheme in ("http", "https"):
        force = force or force_for_url(settings.forces, target)

        async def go() -> tuple[FetchResult, Verdict]:
            async with Fetcher(settings.http) as fetcher:
                robots = None if force is None or force.robots else False
                # In this thread (one page, nothing else waits on it), within the CPU budget.
                probes = ProbeCache(fetcher, Verifier(0, cpu_seconds=settings.verify.cpu_seconds))
                if not settings.render.enabled:
                    return await verify_url(fetcher, target, force, probes=probes, respect_robots=robots)
                async with Renderer(settings.render, fetcher) as renderer:
                    return await verify_url(fetcher, target, force, probes=probes, respect_robots=robots,
                                            renderer=renderer)

        result, verdict = asyncio.run(go())
    else:
        result = result_from_file(Path(target))
        if address is None and result.text is not None:
            address = _canonical_address(settings, result)
        if address is not None:
            result = replace(result, url=address, final_url=address, hops=(Hop(address, 200),))
            force = force or force_for_url(settings.forces, address)
        try:
            verdict = within_budget(settings.verify.cpu_seconds, verify_page, result, force)
        except BudgetExceeded as exc:
            verdict = Verdict(Status.BLOCKED, f"not verified: the file {exc.args[0]}. If it is genuine, raise "
                                              "[verify] cpu_seconds", evidence={"budget_exceeded": True})
    return Verification(target, result, verdict, force)


def _canonical_address(settings: Settings, result: FetchResult) -> str | None:
    """The address a saved page names itself (<link rel=canonical>, og:url), read within the same
    CPU budget as its verdict: a hostile file must not hold the command either way."""
    try:
        return within_budget(settings.verify.cpu_seconds, read_page, result).canonical
    except BudgetExceeded:
        return None  # verifying it, under the same budget, says why


def force_for_url(forces: Sequence[Force], url: str) -> Force | None:
    """The force whose web domains hold this URL, if any (the same rule that matches source links)."""
    force_id = RegisterIndex(forces).by_host(host_of(url))
    return next((force for force in forces if force.id == force_id), None)


def result_from_file(path: Path) -> FetchResult:
    """A saved page or document, as if a server had answered 200 with it."""
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise MonitorError(f"{path}: no such file", hint="Give a saved page (HTML, PDF, DOCX, ODT) or an http(s) URL") from None
    except IsADirectoryError:
        raise MonitorError(f"{path}: is a directory, not a saved page or document") from None
    except OSError as exc:
        raise MonitorError(f"{path}: cannot read: {exc.strerror}") from None
    uri = path.resolve().as_uri()
    kind = document_kind(None, path.name, body)
    if kind is None and path.suffix.lower() == ".txt":
        kind = "text"  # text already extracted from a plan document
    if kind is not None:
        content_type = _MEDIA_TYPES[kind]
        text = None
    else:
        content_type = sniff_content_type("text/html" if path.suffix.lower() in (".html", ".htm") else None, body)
        text = decode_text(body, None, content_type)
    if path.suffix.lower() in DOCUMENT_SUFFIXES and kind is None:
        content_type = "application/octet-stream"  # named like a document but is not one: verify says so
    return FetchResult(url=uri, final_url=uri, status_code=200, hops=(Hop(uri, 200),), content_type=content_type,
                       body=body, text=text)


def _validators(previous: Check | None) -> Validators | None:
    """The last run's ETag / Last-Modified, when a 304 could stand for its verdict.

    Not when the page links plan documents: the page being unchanged says nothing about whether
    the documents it links are still there, and they decide a landing page's verdict.
    """
    if previous is None or previous.status not in _CONTENT_VERDICTS or "documents" in previous.evidence:
        return None
    if "rendered" in previous.evidence or previous.evidence.get("page_kind") == EMPTY_SHELL:
        return None  # a shell's 304 says nothing about what its scripts fetch
    etag, last_modified = previous.evidence.get("etag"), previous.evidence.get("last_modified")
    if not (etag or last_modified) or not previous.final_url:
        return None
    chain = tuple(hop.url for hop in previous.redirect_chain) or (previous.final_url,)
    return Validators(chain=chain, etag=etag, last_modified=last_modified)


def _validator_evidence(result: FetchResult) -> dict[str, str]:
    """Validators to keep in the check's evidence, for the next run's conditional request."""
    if result.error_kind is not None or result.status_code not in (200, 304):
        return {}
    found = {"etag": result.headers.get("etag"), "last_modified": result.headers.get("last-modified")}
    return {key: value for key, value in found.items() if value}


def _not_modified(force: Force, url: str, result: FetchResult, previous: Check, used_override: bool) -> Check:
    """A 304: the page is as the last run verified it, so that verdict and evidence stand."""
    reason = previous.reason.removeprefix(NOT_MODIFIED)
    evidence = {**previous.evidence, **_validator_evidence(result), "not_modified": True}
    verdict = Verdict(previous.status, NOT_MODIFIED + reason, score=previous.score, evidence=evidence,
                      warnings=("not_modified",))
    return replace(_check(force, url, result, verdict, used_override), content_hash=previous.content_hash)


def _check(force: Force, url: str, result: FetchResult, verdict: Verdict, used_override: bool) -> Check:
    warnings = list(result.warnings) + list(verdict.warnings)
    if result.redirected and any(hop.status in (301, 308) for hop in result.hops[:1]):
        warnings.append("redirected")
    text = verdict.text if verdict.status is Status.PUBLISHED else None
    return Check(
        force_id=force.id,
        status=verdict.status,
        reason=verdict.reason,
        url=url,
        final_url=result.final_url,
        http_status=result.status_code,
        elapsed_ms=result.elapsed_ms,
        score=verdict.score,
        warnings=tuple(dict.fromkeys(warnings)),
        redirect_chain=result.hops,
        content_hash=hashlib.sha256(" ".join(text.split()).encode()).hexdigest() if text else None,
        title=verdict.evidence.get("title"),
        bytes=len(result.body),
        error=result.error,
        used_override=used_override,
        evidence={**verdict.evidence, **_validator_evidence(result)},
        text=text,
    )


_RANK = {status: index for index, status in enumerate(
    (Status.PUBLISHED, Status.BLOCKED, Status.NOT_RESPONSE, Status.SOFT_404, Status.BROKEN, Status.UNREACHABLE, Status.NOT_LINKED)
)}


def _rank(status: Status) -> int:
    return _RANK[status]


def targets(settings: Settings, reconciliation: Reconciliation, forces: Sequence[Force]) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Per force: the URLs to check and whether they come from the register's override."""
    plan: dict[str, tuple[tuple[str, ...], bool]] = {}
    budget = settings.source.max_links
    for force in forces:
        links = tuple(link.url for link in reconciliation.links_by_force.get(force.id, ()))[:3]
        if links:
            plan[force.id] = (links[:budget], False)
        elif force.override_url:
            plan[force.id] = ((force.override_url,), True)
        budget -= len(plan.get(force.id, ((), False))[0])
        if budget <= 0:
            break
    return plan


async def run_once(
    settings: Settings,
    fetcher: Fetcher,
    store: Store,
    *,
    clock: Clock = utc_now,
    force_ids: Sequence[str] | None = None,
    trigger: str = "cli",
    progress: Progress | None = None,
    verifier: Verifier | None = None,
    early_source: EarlySource | None = None,
) -> RunSummary:
    """Check the forces (all, or those named), record everything, return the run's summary.

    verifier: where pages are read and verdicts decided (default: in this thread).
    early_source: the Content API's read, already under way (see early_source.py).

    The caller holds `store.run_lock` (execute does), so no other run is live when this one
    marks runs left `running` as aborted.
    """
    forces = [settings.force(fid) for fid in force_ids] if force_ids else [f for f in settings.forces]
    store.abort_stale_runs(iso(clock()))
    started = iso(clock())
    run_id = store.start_run(started, trigger)
    writer = _CheckWriter(store, run_id, clock)
    try:
        try:
            snapshot = await read_source(settings, fetcher, early_source)
        except SourceError as exc:
            finished = iso(clock())
            store.finish_run(run_id, finished, state=RunState.SOURCE_ERROR, source_problem=str(exc))
            return RunSummary(run_id, started, finished, RunState.SOURCE_ERROR, (), source_problem=str(exc))
        reconciliation = reconcile(snapshot.links, settings.forces)
        store.record_snapshot(run_id, snapshot, reconciliation, iso(clock()))
        problem = _guard(store, reconciliation, settings, run_id)
        if problem is not None:
            finished = iso(clock())
            store.finish_run(run_id, finished, state=RunState.SOURCE_ERROR, source_problem=problem)
            return RunSummary(run_id, started, finished, RunState.SOURCE_ERROR, (), source=snapshot, source_problem=problem)

        plan = targets(settings, reconciliation, forces)
        verifier = verifier if verifier is not None else Verifier(0, cpu_seconds=settings.verify.cpu_seconds)
        verifier.keep_texts(store, lambda: iso(clock()))
        probes = ProbeCache(fetcher, verifier)
        # The browser starts only when a page needs it, and stops with the run.
        renderer = Renderer(settings.render, fetcher) if settings.render.enabled else None

        # The whole run's deadline: a site that answers every request just inside total_timeout
        # (a page, then its probe, then its plan) must not hold the run for minutes.
        run_deadline = asyncio.get_running_loop().time() + settings.http.run_timeout

        async def one(force: Force) -> Check:
            if force.id in plan:
                urls, used_override = plan[force.id]
                previous = {url: last for url in urls if (last := store.last_check(force.id, url)) is not None}
                check = await _within_run(run_deadline, settings.http.run_timeout, force, urls, check_force(
                    fetcher, force, urls, used_override=used_override, probes=probes, previous=previous,
                    renderer=renderer))
                if not used_override:
                    check = off_domain(force, check)
            elif force.id in reconciliation.links_by_force or force.override_url:
                # Linked, but past the cap on links one source may make us follow: not "not linked".
                check = Check(force_id=force.id, status=Status.BLOCKED,
                              reason=f"not checked: this run already followed [source] max_links = "
                                     f"{settings.source.max_links} links from the source")
            else:
                check = Check(force_id=force.id, status=Status.NOT_LINKED,
                              reason="the NPCC response has no link for this force (and the register gives no override)")
            writer.add(check)
            if progress is not None:
                progress(check)
            # The verified text is in the store now (texts); the summary need not hold every page's.
            return replace(check, text=None) if check.text is not None else check

        try:
            checks = await _bounded(one, _by_host_in_turn(forces, plan), forces, _window(settings))
        finally:
            await probes.aclose()
            if renderer is not None:
                await renderer.aclose()
        writer.flush()
    except BaseException:
        # Cancelled or crashed mid-run: never leave the run looking complete.
        try:
            writer.flush()  # the checks that did finish, as before an abort they always were
        finally:
            store.finish_run(run_id, iso(clock()), state=RunState.ABORTED)
        raise
    finished = iso(clock())
    events = store.complete_run(run_id, finished, confirm_runs=settings.store.confirm_runs)
    return RunSummary(
        run_id=run_id,
        started=started,
        finished=finished,
        state=RunState.COMPLETE,
        checks=tuple(checks),
        source=snapshot,
        unmatched=reconciliation.unmatched,
        events=tuple(events),
    )


async def _within_run(deadline: float, seconds: float, force: Force, urls: Sequence[str],
                      check: Awaitable[Check]) -> Check:
    """The force's check, unless the run's deadline passes first; and a fault in it stays in it.

    Past the deadline the force is `unreachable` ("the run's deadline passed"), never missing.
    An exception nobody expected (a bug of ours, or a library's on input it never met) is logged
    with its traceback and the force is `blocked` with the cause: the other forces still count.
    """
    try:
        async with asyncio.timeout_at(deadline) as scope:
            return await check
    except TimeoutError:
        if not scope.expired():
            raise
        return Check(force_id=force.id, status=Status.UNREACHABLE, url=urls[0] if urls else None,
                     reason=f"not checked: the run's deadline passed ([http] run_timeout = {seconds:g} s) "
                            "before this force's check finished")
    except Exception as exc:
        log.error("checking %s (%s) failed with an unexpected error: %s: %s", force.id, urls[0] if urls else "",
                  type(exc).__name__, exc, exc_info=True)
        return Check(force_id=force.id, status=Status.BLOCKED, url=urls[0] if urls else None,
                     reason=f"not verified: checking it failed with an unexpected error ({type(exc).__name__}: "
                            f"{str(exc)[:200]}). Please report this with the URL")


# Below this many force checks in progress, memory is no concern (about 100 KB a page waiting).
WINDOW_FLOOR = 256
WINDOW_SLACK = 128


def _window(settings: Settings) -> int:
    """Force checks in progress at once.

    The global request limit plus WINDOW_SLACK (at least WINDOW_FLOOR): enough for every request
    slot to be busy while other checks wait on robots.txt, a document or a worker, and for a
    register of 43 to start at once. No more, because a check whose page has arrived holds it in
    memory until verified, and a large run is CPU-bound: with every check of 10,000 started at
    once, pages arrived faster than they could be verified and peak memory was 870 MB. (It was
    twice the global limit; since probes go beside pages, fewer checks wait, and at 10,000
    links over 500 sites the smaller window kept the speed and held 100 MB less.)
    """
    return max(WINDOW_FLOOR, settings.http.global_limit + WINDOW_SLACK)


def _by_host_in_turn(forces: Sequence[Force], plan: Mapping[str, tuple[tuple[str, ...], bool]]) -> list[int]:
    """Positions of the forces in the order they are started: one per site in turn, so a bounded
    window of checks spreads over every site instead of queueing on the first few (a register
    with twenty forces on one platform, say). Forces with nothing to fetch come first."""
    queues: dict[str, list[int]] = {}
    idle = []
    for position, force in enumerate(forces):
        urls = plan.get(force.id, ((), False))[0]
        if urls:
            queues.setdefault(ProbeCache.key(urls[0])[1], []).append(position)
        else:
            idle.append(position)
    order = idle
    for turn in itertools.zip_longest(*queues.values()):
        order.extend(position for position in turn if position is not None)
    return order


async def _bounded(check: Callable[[Force], Awaitable[Check]], order: Sequence[int], forces: Sequence[Force],
                   window: int) -> list[Check]:
    """check() every force, at most `window` at once, started in `order`; results in register order."""
    results: list[Check | None] = [None] * len(forces)
    waiting = iter(order)

    async def worker() -> None:
        for position in waiting:
            results[position] = await check(forces[position])

    workers = [asyncio.ensure_future(worker()) for _ in range(max(1, min(window, len(forces))))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        # One failed for the whole run (the database cannot be written): stop the others before
        # the run's client closes under them, rather than let each fail on its own.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    assert all(result is not None for result in results), "every position is in `order` once"
    return cast(list[Check], results)


class _CheckWriter:
    """Records a run's checks in batches: a transaction every FLUSH_SECONDS (or FLUSH_CHECKS),
    not one per check.

    Each commit syncs the database to disk (0.35 ms here); one per force was 3.5 s of a
    10,000-link run. Each check keeps the time it finished. A process killed mid-run loses at
    most the last batch, of a run that is marked aborted and never counts anyway.
    """

    FLUSH_SECONDS = 0.25
    FLUSH_CHECKS = 500

    def __init__(self, store: Store, run_id: int, clock: Clock) -> None:
        self._store, self._run_id, self._clock = store, run_id, clock
        self._pending: list[tuple[Check, str]] = []
        self._since = 0.0

    def add(self, check: Check) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append((check, iso(self._clock())))
        if len(self._pending) >= self.FLUSH_CHECKS or time.monotonic() - self._since >= self.FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self._store.record_checks(self._run_id, pending)


def off_domain(force: Force, check: Check) -> Check:
    """A force whose link (or the page it ends at) is outside its registered domains says so, in
    its reason (so every output and the digest show it) and as the warning `off_domain`: a
    source that moves one force's link elsewhere must never make it silently `published`. An
    override URL is the operator's own choice and is not judged."""
    host = force.off_domain_host(check.url) or force.off_domain_host(check.final_url)
    if host is None:
        return check
    warning = force.off_domain_warning(host)
    reason = check.reason if warning in check.reason else f"{check.reason}; {warning}"
    return replace(check, reason=reason, warnings=tuple(dict.fromkeys((*check.warnings, "off_domain"))),
                   evidence={**check.evidence, "off_domain": host})


def _guard(store: Store, reconciliation: Reconciliation, settings: Settings, run_id: int) -> str | None:
    """A source that links far fewer forces than its recent best, or links them mostly off their
    registered domains, is a source problem, not mass disappearance (source_guard.py)."""
    source = settings.source
    now = source_guard.facts(((force_id, link.url) for force_id, found in reconciliation.links_by_force.items()
                              for link in found), settings.forces)
    good = [source_guard.facts(links, settings.forces) for links in store.recent_good_snapshots(source.baseline_runs)]
    limits = source_guard.GuardLimits(source.min_link_fraction, source.max_off_domain_share)
    problem = source_guard.judge(now, source_guard.baseline(good), limits)
    if problem is None:
        return None
    earlier, since = store.source_problem_streak(run_id)
    return source_guard.confirmation(problem, earlier, since, settings.store.confirm_runs)


class RunHandle:
    """Lets another thread cancel a run in progress (the scheduler's SIGTERM handling)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._stop = threading.Event()

    def request_stop(self) -> None:
        """No new run may start (one in progress goes on until cancelled)."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def attach(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task | None) -> None:
        with self._lock:
            self._loop, self._task = loop, task

    def detach(self) -> None:
        with self._lock:
            self._loop = self._task = None

    def cancel(self) -> bool:
        """Cancel the run; it records itself as aborted. False when nothing is running."""
        with self._lock:
            if self._loop is None or self._task is None:
                return False
            self._loop.call_soon_threadsafe(self._task.cancel)
            return True


def execute(
    settings: Settings,
    *,
    force_ids: Sequence[str] | None = None,
    trigger: str = "cli",
    progress: Progress | None = None,
    handle: RunHandle | None = None,
    on_wait: Callable[[str], None] | None = None,
    early_source: EarlySource | None = None,
) -> RunSummary:
    """Open the store, take the run lock, run one check with a fresh client, close everything:
    the CLI's and the scheduler's one way in. Raises asyncio.CancelledError if `handle` cancelled
    it; `on_wait` hears why the lock is not yet free."""
    try:
        return _execute(settings, force_ids=force_ids, trigger=trigger, progress=progress, handle=handle,
                        on_wait=on_wait, early_source=early_source)
    except sqlite3.Error as exc:
        # The disk filled, or the file became read-only, mid-run: one line naming the file and the
        # cause. SQLite rolled back the transaction it could not write, so the database is intact.
        raise StoreError(f"{settings.store.path}: the database could not be written ({exc})",
                         hint="Free some disk space or fix the file's permissions, then run again; "
                              "the runs recorded so far are intact") from exc


def _execute(settings: Settings, *, force_ids: Sequence[str] | None, trigger: str, progress: Progress | None,
             handle: RunHandle | None, on_wait: Callable[[str], None] | None,
             early_source: EarlySource | None = None) -> RunSummary:
    give_up = (lambda: handle.stop_requested) if handle is not None else None
    with Store(settings.store.path) as store, store.run_lock(settings.store.lock_timeout, on_wait=on_wait, give_up=give_up):

        async def go() -> RunSummary:
            if handle is not None:
                if handle.stop_requested:
                    raise asyncio.CancelledError("stopping: no new run starts")
                handle.attach(asyncio.get_running_loop(), asyncio.current_task())
            try:
                # The workers start now, so their imports overlap the source read.
                with Verifier(settings.verify.workers, cpu_seconds=settings.verify.cpu_seconds,
                              memory_mb=settings.verify.memory_mb) as verifier:
                    async with Fetcher(settings.http) as fetcher:
                        return await run_once(settings, fetcher, store, force_ids=force_ids, trigger=trigger,
                                              progress=progress, verifier=verifier, early_source=early_source)
            finally:
                if handle is not None:
                    handle.detach()

        return asyncio.run(go())
