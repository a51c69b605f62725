"""`run_monitor.py verify`: one page, document or saved file verified on its own, outside any run,
as a check would verify it (redirects, plan documents, the not-found probe, the browser)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from .checking import Tools, verify_url
from .config import Settings
from .decoding import decode_text, sniff_content_type
from .documents import DOCUMENT_SUFFIXES, document_kind
from .errors import MonitorError
from .http import Fetcher
from .models import FetchResult, Force, Hop, Status, Verdict
from .probes import ProbeCache
from .render import Renderer
from .source import RegisterIndex, host_of
from .verify import read_page, verify_page
from .workers import BudgetExceeded, Verifier, within_budget

_MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "text": "text/plain",
}


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
        result, verdict = asyncio.run(_fetched(settings, target, force))
        return Verification(target, result, verdict, force)
    return _saved(settings, target, force, address)


async def _fetched(settings: Settings, url: str, force: Force | None) -> tuple[FetchResult, Verdict]:
    """A URL fetched and verified like a check, in this thread (one page, nothing else waits on
    it), within the CPU budget."""
    robots = None if force is None or force.robots else False
    async with Fetcher(settings.http) as fetcher:
        probes = ProbeCache(fetcher, Verifier(0, cpu_seconds=settings.verify.cpu_seconds))
        try:
            if not settings.render.enabled:
                return await verify_url(Tools(fetcher, probes), url, force, respect_robots=robots)
            async with Renderer(settings.render, fetcher) as renderer:
                return await verify_url(Tools(fetcher, probes, renderer), url, force, respect_robots=robots)
        finally:
            await probes.aclose()


def _saved(settings: Settings, target: str, force: Force | None, address: str | None) -> Verification:
    """A saved file judged as the page at its address (given, or the one it names itself)."""
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
