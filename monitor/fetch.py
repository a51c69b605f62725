"""The only module that talks HTTP.

One httpx.AsyncClient per run. Every URL gets a FetchResult, never an exception: a bad page or a
bad network is data (error_kind + error), while our own bugs still raise.

What it does, and why:
- GET only (some servers answer HEAD wrongly; LESSONS.md), redirects followed by hand so every
  hop is recorded, cookies kept across hops (sites that redirect to themselves to set a cookie).
- Retries (tenacity) on connect errors, timeouts and 502/503/504, with exponential backoff and
  jitter, all inside one total deadline per URL so a slow link cannot dominate a run.
- Politeness: a per-host limit (host *and* port), a minimum gap between requests to one host, a
  global limit, robots.txt once per host per run, Retry-After honoured up to a cap.
- Safety: bodies streamed with a size cap and decompressed by hand with a bounded output (gzip
  bombs), and an address guard in the network backend that refuses private, loopback, link-local
  and multicast addresses unless allowlisted, checked on the address actually connected to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
import tenacity
from protego import Protego

from .config import HttpSettings
from .models import ErrorKind, FetchResult, Hop

RETRY_STATUSES = frozenset({502, 503, 504})
# Same URL this many times in one chain is a loop; twice is allowed (a cookie-setting bounce).
LOOP_VISITS = 3
CERT_EXPIRY_WARNING_DAYS = 14
_CHUNK = 64 * 1024


class AddressRefused(httpcore.ConnectError):
    """The address guard refused to connect."""


class NameNotResolved(httpcore.ConnectError):
    """DNS gave no address for the host."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves names itself, so the guard judges the address we really connect to.

    Also implements `connect_to` (like curl --connect-to): the TCP connection goes to the mapped
    address while TLS and the Host header keep the real name. The replica and tests use it.
    """

    def __init__(self, connect_to: dict[str, str], allow_networks: Iterable[str]) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._connect_to = dict(connect_to)
        self._allowed = [ipaddress.ip_network(n, strict=False) for n in allow_networks]

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        mapped = self._connect_to.get(f"{host}:{port}") or self._connect_to.get(f"*:{port}")
        if mapped is not None:
            target_host, target_port = mapped.rsplit(":", 1)
            return await self._inner.connect_tcp(target_host, int(target_port), timeout, local_address, socket_options)
        address = await self._resolve(host, port)
        return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)

    async def _resolve(self, host: str, port: int) -> str:
        try:
            ipaddress.ip_address(host)
            candidates = [host]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise NameNotResolved(f"the name {host} does not resolve ({exc})") from exc
            candidates = list(dict.fromkeys(info[4][0] for info in infos))
        refused = []
        for candidate in candidates:
            if self.permits(candidate):
                return candidate
            refused.append(candidate)
        raise AddressRefused(f"{host} resolves to {', '.join(refused)}, a private or local address the guard refuses")

    def permits(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip in network for network in self._allowed):
            return True
        return ip.is_global and not ip.is_multicast

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@dataclass
class _Host:
    """Politeness state for one (scheme, host, port)."""

    slots: asyncio.Semaphore
    gap_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    robots: Protego | None = None
    robots_loaded: bool = False
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class _Retry(Exception):
    """An attempt's outcome is worth another try (carries the result to give up with)."""

    def __init__(self, result: FetchResult, wait: float | None = None) -> None:
        super().__init__(result.error or f"HTTP {result.status_code}")
        self.result = result
        self.wait = wait


class Fetcher:
    """Fetch URLs politely and safely. Use as `async with Fetcher(settings.http) as fetcher:`."""

    def __init__(self, http: HttpSettings, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = http
        self._hosts: dict[tuple[str, str, int], _Host] = {}
        self._global = asyncio.Semaphore(http.global_limit)
        self._client = httpx.AsyncClient(
            transport=transport or self._transport(http),
            headers={
                "User-Agent": http.user_agent_header,
                "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate",
                "Accept-Language": "en-GB,en;q=0.9,cy;q=0.8",
            },
            timeout=httpx.Timeout(http.read_timeout, connect=http.connect_timeout),
            follow_redirects=False,
            trust_env=False,
        )

    @staticmethod
    def _transport(http: HttpSettings) -> httpx.AsyncHTTPTransport:
        context = ssl.create_default_context()
        if http.ca_bundle:
            context.load_verify_locations(http.ca_bundle)
        limits = httpx.Limits(max_connections=http.global_limit, max_keepalive_connections=http.global_limit)
        transport = httpx.AsyncHTTPTransport(verify=context, limits=limits, trust_env=False)
        # httpx has no public hook for the network backend; the pool it builds is replaced with one
        # that uses ours, same options. Pinned to httpx < 0.29 in pyproject.toml for this reason.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(http.connect_to, http.allow_networks),
        )
        return transport

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        document: bool = False,
        respect_robots: bool | None = None,
    ) -> FetchResult:
        """GET one URL with redirects, retries and every guard; never raises for the web's faults."""
        started = time.monotonic()
        attempts = 0
        robots = self.settings.respect_robots if respect_robots is None else respect_robots

        async def attempt() -> FetchResult:
            nonlocal attempts
            attempts += 1
            result = await self._follow(url, document=document, robots=robots)
            if result.error_kind in (ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.PROTOCOL):
                raise _Retry(result)
            if result.status_code in RETRY_STATUSES or result.status_code == 429:
                wait = _retry_after(result.headers.get("retry-after"))
                if wait is not None and wait > self.settings.retry_after_cap:
                    return _with(result, error_kind=ErrorKind.RETRY_AFTER,
                                 error=f"the server asked us to wait {wait:.0f} s (Retry-After), more than the {self.settings.retry_after_cap:.0f} s cap")
                if result.status_code in RETRY_STATUSES or wait is not None:
                    raise _Retry(result, wait)
            return result

        retrying = tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(self.settings.retries + 1),
            wait=_RetryWait(self.settings.retry_backoff),
            retry=tenacity.retry_if_exception_type(_Retry),
            reraise=True,
        )
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                try:
                    result = await retrying(attempt)
                except _Retry as gave_up:
                    result = gave_up.result
        except TimeoutError:
            result = FetchResult(
                url=url,
                final_url=url,
                error_kind=ErrorKind.TIMEOUT,
                error=f"no complete answer within the {self.settings.total_timeout:.0f} s total deadline",
            )
        elapsed = int((time.monotonic() - started) * 1000)
        warnings = list(result.warnings)
        if elapsed > self.settings.slow_ms and result.error_kind is None:
            warnings.append("slow")
        return _with(result, elapsed_ms=elapsed, attempts=attempts, warnings=tuple(dict.fromkeys(warnings)))

    async def _follow(self, url: str, *, document: bool, robots: bool) -> FetchResult:
        hops: list[Hop] = []
        visits: dict[str, int] = {}
        warnings: list[str] = []
        current = url
        while True:
            scheme = urlsplit(current).scheme
            if scheme not in ("http", "https") or not urlsplit(current).hostname:
                return FetchResult(url=url, final_url=current, hops=tuple(hops), error_kind=ErrorKind.BAD_URL,
                                   error=f"cannot fetch {current!r}: only http and https URLs are followed")
            if scheme == "http":
                warnings.append("insecure")
            visits[current] = visits.get(current, 0) + 1
            if visits[current] >= LOOP_VISITS:
                return FetchResult(url=url, final_url=current, hops=tuple(hops), status_code=hops[-1].status,
                                   error_kind=ErrorKind.REDIRECT_LOOP,
                                   error=f"redirect loop: {current} came round {visits[current]} times", warnings=tuple(warnings))
            if robots and not await self.allowed_by_robots(current):
                return FetchResult(url=url, final_url=current, hops=tuple(hops), error_kind=ErrorKind.ROBOTS,
                                   error="robots.txt disallows this URL for our user agent", warnings=tuple(warnings))
            result = await self._get_once(current, document=document)
            hops.append(Hop(url=current, status=result.status_code or 0,
                            location=result.headers.get("location") if result.status_code and 300 <= result.status_code < 400 else None))
            result = _with(result, url=url, hops=tuple(hops), warnings=tuple(dict.fromkeys([*warnings, *result.warnings])))
            if result.error_kind is not None or not (300 <= (result.status_code or 0) < 400):
                return result
            location = result.headers.get("location")
            if not location:
                return result  # a 3xx with nowhere to go is the page's answer; verify calls it broken
            if len(hops) > self.settings.max_redirects:
                return _with(result, error_kind=ErrorKind.TOO_MANY_REDIRECTS,
                             error=f"more than {self.settings.max_redirects} redirects")
            try:
                next_url = str(httpx.URL(urljoin(current, location.strip())))
            except (httpx.InvalidURL, ValueError):
                return _with(result, error_kind=ErrorKind.BAD_URL, error=f"redirect to an invalid URL: {location!r}")
            if scheme == "https" and next_url.startswith("http:"):
                warnings.append("downgraded to http")
            current = next_url

    async def _get_once(self, url: str, *, document: bool) -> FetchResult:
        cap = self.settings.max_document_bytes if document else self.settings.max_page_bytes
        parts = httpx.URL(url)
        host = self._host(parts.scheme, parts.host, parts.port)
        try:
            async with self._global, host.slots:
                await self._keep_gap(host)
                async with self._client.stream("GET", url) as response:
                    body, truncated = await _read_capped(response, cap)
                    warnings = _certificate_warnings(response)
        except httpx.HTTPError as exc:
            kind, message = _classify_error(exc)
            return FetchResult(url=url, final_url=url, error_kind=kind, error=message)
        except _BodyError as exc:
            return FetchResult(url=url, final_url=url, status_code=exc.status, error_kind=exc.kind, error=str(exc))
        headers = {k.lower(): v for k, v in response.headers.items()}
        content_type = sniff_content_type(headers.get("content-type"), body)
        result = FetchResult(
            url=url,
            final_url=url,
            status_code=response.status_code,
            headers=headers,
            content_type=content_type,
            body=body,
            text=decode_text(body, headers.get("content-type"), content_type),
            truncated=truncated,
            warnings=tuple(warnings),
        )
        if truncated:
            limit = f"{cap / 1_000_000:g} MB"
            return _with(result, error_kind=ErrorKind.TOO_LARGE, error=f"the body is larger than the {limit} limit")
        return result

    def _host(self, scheme: str, host: str, port: int | None) -> _Host:
        key = (scheme, host, port or (443 if scheme == "https" else 80))
        if key not in self._hosts:
            self._hosts[key] = _Host(slots=asyncio.Semaphore(self.settings.per_host_limit))
        return self._hosts[key]

    async def _keep_gap(self, host: _Host) -> None:
        # Only the start times are serialised, never the requests, so a slow host stalls only itself.
        async with host.gap_lock:
            now = time.monotonic()
            if host.next_start > now:
                await asyncio.sleep(host.next_start - now)
            host.next_start = max(now, host.next_start) + self.settings.per_host_delay

    async def allowed_by_robots(self, url: str) -> bool:
        parts = httpx.URL(url)
        host = self._host(parts.scheme, parts.host, parts.port)
        async with host.robots_lock:
            if not host.robots_loaded:
                host.robots = await self._load_robots(url)
                host.robots_loaded = True
        if host.robots is None:
            return True
        return host.robots.can_fetch(url, self.settings.user_agent_header)

    async def _load_robots(self, url: str) -> Protego | None:
        robots_url = urljoin(url, "/robots.txt")
        result = await self._get_once(robots_url, document=False)
        # No robots.txt, or one we cannot read, means no rules (RFC 9309 for 4xx; 5xx we do not
        # punish the force for).
        if result.status_code != 200 or not result.text:
            return None
        return Protego.parse(result.text)


class _RetryWait(tenacity.wait.wait_base):
    """Exponential backoff with jitter, or the server's Retry-After when it gave one."""

    def __init__(self, initial: float) -> None:
        self._backoff = tenacity.wait_exponential_jitter(multiplier=initial, max=initial * 8, jitter=initial)

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, _Retry) and exc.wait is not None:
            return exc.wait
        return self._backoff(retry_state)


class _BodyError(Exception):
    def __init__(self, kind: ErrorKind, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


async def _read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """Read at most `cap` decoded bytes; decompress by hand so a bomb cannot outgrow the cap."""
    encoding = response.headers.get("content-encoding", "").lower().strip()
    decoder = _decoder(encoding)
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw(_CHUNK):
        if decoder is None:
            pieces = [raw]
        else:
            pieces = _inflate(decoder, raw, cap - size + 1, response.status_code)
        for piece in pieces:
            chunks.append(piece)
            size += len(piece)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def _decoder(encoding: str) -> Any:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def _inflate(decoder: Any, raw: bytes, room: int, status: int) -> list[bytes]:
    pieces = []
    data = raw
    try:
        while data and room > 0:
            piece = decoder.decompress(data, min(room, _CHUNK * 4))
            pieces.append(piece)
            room -= len(piece)
            data = decoder.unconsumed_tail
    except zlib.error as exc:
        raise _BodyError(ErrorKind.PROTOCOL, f"the compressed body is corrupt ({exc})", status) from exc
    return pieces


def sniff_content_type(header: str | None, body: bytes) -> str:
    """The media type, trusting the bytes over the header where they disagree."""
    declared = (header or "").split(";", 1)[0].strip().lower()
    head = body[:1024]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") and declared in ("", "application/octet-stream", "application/zip", "text/html"):
        return "application/zip"
    if declared and declared not in ("application/octet-stream", "binary/octet-stream"):
        if declared.startswith("text/") and b"\x00" in head:
            return "application/octet-stream"  # binary served as text
        return declared
    lowered = head.lower().lstrip()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "text/html"
    return declared or "application/octet-stream"


def decode_text(body: bytes, header: str | None, content_type: str) -> str | None:
    """Text for text types; invalid bytes replaced, never an exception."""
    if not (content_type.startswith("text/") or content_type in ("application/xhtml+xml", "application/json", "application/xml")):
        return None
    declared = _charset(header) or _meta_charset(body[:4096])
    # A page that is valid UTF-8 is UTF-8, whatever a stale header says (ISO-8859-1 is common).
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for candidate in (declared, "cp1252"):
        if candidate:
            try:
                return body.decode(candidate, errors="replace")
            except LookupError:
                continue
    return body.decode("utf-8", errors="replace")


def _charset(header: str | None) -> str | None:
    for part in (header or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _meta_charset(head: bytes) -> str | None:
    lowered = head.lower()
    index = lowered.find(b"charset=")
    if index < 0:
        return None
    value = lowered[index + 8 : index + 40].lstrip(b"\"' ")
    name = bytes(c for c in value.split(b'"')[0].split(b"'")[0].split(b";")[0].split(b" ")[0].split(b">")[0] if 32 < c < 127)
    return name.decode("ascii") or None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _certificate_warnings(response: httpx.Response) -> list[str]:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return []
    cert = ssl_object.getpeercert()
    not_after = cert.get("notAfter") if cert else None
    if not not_after:
        return []
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), timezone.utc)
    days = (expires - datetime.now(timezone.utc)).days
    if days < CERT_EXPIRY_WARNING_DAYS:
        return [f"certificate expires in {days} days ({expires:%Y-%m-%d})"]
    return []


def _classify_error(exc: httpx.HTTPError) -> tuple[ErrorKind, str]:
    """Translate httpx's errors into what a person needs to know: one place, like httpx's own map."""
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, AddressRefused):
            return ErrorKind.FORBIDDEN_ADDRESS, f"refused: {cause}"
        if isinstance(cause, NameNotResolved):
            return ErrorKind.DNS, str(cause)
    # Before TLS: a read that times out on a TLS socket also carries an SSLError in its chain.
    if isinstance(exc, httpx.TimeoutException):
        return ErrorKind.TIMEOUT, f"timed out ({type(exc).__name__})"
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return ErrorKind.TLS, f"TLS certificate problem: {cause.verify_message or cause.reason}"
        if isinstance(cause, ssl.SSLError):
            return ErrorKind.TLS, f"TLS problem: {cause.reason or cause}"
    if isinstance(exc, httpx.ConnectError):
        return ErrorKind.CONNECT, f"could not connect: {exc or 'connection refused'}"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return ErrorKind.BAD_URL, str(exc)
    if isinstance(exc, (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError, httpx.LocalProtocolError)):
        return ErrorKind.PROTOCOL, f"the connection broke: {exc or type(exc).__name__}"
    return ErrorKind.PROTOCOL, f"{type(exc).__name__}: {exc}"


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    return chain


def _with(result: FetchResult, **changes: Any) -> FetchResult:
    from dataclasses import replace

    return replace(result, **changes)
