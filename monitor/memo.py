"""Keys for work that need not be done again: what a verdict or a document's text was made from.

verify.py is a pure function of what was fetched, so a page fetched again with the same bytes, the
same redirects, the same plan documents and the same not-found answer from its host gets the same
verdict it got last time; checking.py keeps the keys in the link's state (models.LinkState, stored
apart from the evidence people read) and reuses the last verdict when the key matches. The key names the verifier too (the source of verify.py, the text
and coverage readers and documents.py, the recommendations register it recognises responses by,
and the releases of the parsers they use), so a new release of any of them verifies everything
afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from . import (coverage, decoding, documents, pagekinds, pagetext, patterns, reading, recommendations, rules, signals,
               verify, wording)
from .models import FetchResult, Force, LinkState

# Part of the probe's URL that is new every run (probes.PROBE_PATH's token): not part of the key.
TOKEN_MARK = "{token}"


def _version(package: str) -> str:
    # Read from the installed package's metadata, so asking does not import the package.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


@cache
def extractor_id() -> str:
    """Names what documents.extract_text is today: its revision and the PDFium binding it uses. A
    document's text kept by another extractor is read again."""
    return f"documents/{documents.EXTRACTOR_REVISION} pypdfium2/{_version('pypdfium2')}"


@cache
def verifier_id() -> str:
    """Names what verify_page is today: its code, the text reader's, and the parsers' releases."""
    digest = hashlib.sha256()
    # decoding: a page's text is its bytes decoded by it, so the keys hash the bytes, not the text.
    for module in (verify, rules, pagekinds, wording, reading, signals, patterns, pagetext, coverage, documents, decoding):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(repr(recommendations.bundled()).encode())
    digest.update(f"{extractor_id()} selectolax/{_version('selectolax')} rapidfuzz/{_version('rapidfuzz')}".encode())
    return digest.hexdigest()[:16]


def page_key(result: FetchResult, force: Force | None, requested_url: str) -> str:
    """What a page's reading depends on: the verifier, the force, the link, where it led, and the
    page's bytes. Equal keys: the same page, so the same plan documents to fetch."""
    return _hash(verifier_id(), repr(force), requested_url, _result_part(result))


def inputs_key(page: str, probe_part: str, documents: Mapping[str, FetchResult]) -> str:
    """What the page's verdict depends on beyond the page: its host's answer for a path that cannot
    exist (probe_part: `probe_part()` of it) and each plan document as fetched."""
    return _hash(page, probe_part, *(f"{url}\n{_result_part(doc)}" for url, doc in sorted(documents.items())))


def probe_part(probe: FetchResult | None, token: str | None) -> str:
    """The not-found probe's share of a key, with the run's random token taken out. The same for
    every page on its host: worked out once per host per run (probes.ProbeCache.memo_part), not
    once per page, where hashing the probe's body was a tenth of the checking process's CPU."""
    return "" if probe is None else _result_part(probe, token)


def _result_part(result: FetchResult, token: str | None = None) -> str:
    """Every field of a fetch that verify.py reads. Headers are left out but for those it reads.

    The text is not hashed: it is the body decoded as its Content-Type says (decoding.py, named
    in verifier_id), so the body's hash and that header stand for it at half the cost."""
    body = result.body
    final_url = result.final_url
    hops = repr(tuple((hop.url, hop.status, hop.location) for hop in result.hops))
    if token:
        final_url, hops = (part.replace(token, TOKEN_MARK) for part in (final_url, hops))
        body = body.replace(token.encode("ascii", "replace"), TOKEN_MARK.encode())  # a page that echoes the path
    return "\n".join((
        final_url, str(result.status_code), hops, result.content_type or "", str(result.error_kind),
        result.error or "", str(result.truncated), result.headers.get("cf-mitigated", ""),
        result.headers.get("content-type", ""), hashlib.sha256(body).hexdigest(),
    ))


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Memo:
    """One page's keys, and the last run's state of its link when that state is about this page.

    Two keys: the page's own (the same page links the same plan documents, so they can be fetched
    without reading the page) and the whole one (the page, its host's not-found answer and the
    documents as fetched: the same verdict).
    """

    def __init__(self, result: FetchResult, force: Force | None, url: str, max_documents: int,
                 kept: LinkState | None) -> None:
        self.page = page_key(result, force, f"{url}\n{max_documents}")
        # Another page's state, another verifier's, or one without its plan: verify as if new.
        usable = kept is not None and kept.page_key == self.page and kept.plan is not None
        self.kept = kept if usable else None
        self.plan: tuple[str, ...] | None = kept.plan if usable and kept is not None else None

    def key(self, probe_part: str, documents: Mapping[str, FetchResult]) -> str:
        """The whole key: the page's, its host's not-found answer (`probe_part()`: less the run's
        token) and the documents as fetched."""
        return inputs_key(self.page, probe_part, documents)

    def unchanged(self, key: str) -> bool:
        return self.kept is not None and self.kept.inputs_key == key

    def state(self, key: str, plan: Sequence[str], warnings: Sequence[str]) -> LinkState:
        """What the next run's check of this link needs to keep this verdict."""
        return LinkState(page_key=self.page, inputs_key=key, plan=tuple(plan), warnings=tuple(warnings))
