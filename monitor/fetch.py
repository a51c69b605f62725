"""The only module that talks HTTP.

One httpx.AsyncClient per run. Every URL gets a FetchResult, never an exception: a bad page or a
bad network is data (error_kind + error), while our own bugs still raise.

What it does, and why:
- GET only (some servers answer HEAD wrongly; LESSONS.md), redirects followed by hand so every
  hop is recorded, cookies kept per site across hops and requests (sites that redirect to
  themselves to set a cookie).
- Retries (tenacity) on connect errors, resets, timeouts and 408/500/502/503/504, with exponential
  backoff and jitter, all inside one total deadline per URL so a slow link cannot dominate a run
  (counted from the URL's first request: waiting its turn behind other URLs to the site is not it).
  500 is retried because one blip must not alert anybody (LESSONS.md); a page that is really
  broken answers 500 again and is reported after `retries` more tries.
- Politeness: a per-host limit (scheme, host *and* port), a minimum gap between request starts to
  one host, a global limit that waiters on a busy host do not hold, robots.txt once per host per
  run, Retry-After honoured up to a cap (and applied to the whole host, not only the one URL).
- Conditional requests: given the last run's validators, If-None-Match / If-Modified-Since go to
  the same final URL reached by the same chain; a 304 comes back as `not_modified`.
- Safety: bodies streamed with a size cap and decompressed by hand with a bounded output (gzip
  bombs), and an address guard in the network backend that refuses private, loopback, link-local
  and multicast addresses unless allowlisted, checked on the address actually connected to.
  `connect_to` targets are trusted as configured; an IP-literal link is judged on its own address
  (a `*` mapping never launders it), and names under `.invalid` never reach DNS (RFC 6761).
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import contextvars
import http.cookiejar as http_cookiejar
import ipaddress
import os
import socket
import ssl
import time
import weakref
import zlib
from collections import deque
from collections.abc import AsyncIterator, Iterable
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

RETRY_STATUSES = frozenset({408, 500, 502, 503, 504})
# Retry-After is only read on these (RFC 9110 defines it for 503 and 3xx; 429 in RFC 6585).
RETRY_AFTER_STATUSES = frozenset({429, 503})
# Same URL this many times in one chain is a loop; twice is allowed (a cookie-setting bounce).
LOOP_VISITS = 3
CERT_EXPIRY_WARNING_DAYS = 14
# robots.txt redirects followed (RFC 9309 asks for at least five).
ROBOTS_REDIRECTS = 5
# Share of the per-URL deadline a robots.txt fetch may use; past it the host has no rules for us.
ROBOTS_DEADLINE_SHARE = 0.25
_CHUNK = 64 * 1024
# Of a body over its cap, this much is kept: enough to sniff and show, never 25 MB held for nothing.
TRUNCATED_KEEP = 64 * 1024


class AddressRefused(httpcore.ConnectError):
    """The address guard refused to connect."""


class NameNotResolved(httpcore.ConnectError):
    """DNS gave no address for the host."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves names itself, so the guard judges the address we really connect to.

    Also implements `connect_to` (like curl --connect-to): the TCP connection goes to the mapped
    address while TLS and the Host header keep the real name. The replica and tests use it.
    A mapping is configuration, so its target is trusted as written; what the guard judges is
    everything a link can choose: resolved names, and IP literals (which a `*:port` mapping never
    applies to, so a link to 127.0.0.1 or 169.254.169.254 is refused, not re-routed).
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
        target = await self.target(host, port, timeout)
        return await self._inner.connect_tcp(target[0], target[1], timeout, local_address, socket_options)

    async def target(self, host: str, port: int, timeout: float | None = None) -> tuple[str, int]:
        """Where a connection to host:port really goes, or AddressRefused / NameNotResolved."""
        host = host.strip("[]").rstrip(".").lower()
        if host == "invalid" or host.endswith(".invalid"):
            raise NameNotResolved(f"the name {host} does not resolve (.invalid names never do)")
        exact = self._connect_to.get(f"{host}:{port}")
        if exact is not None:
            return _split_target(exact)
        literal = _ip_literal(host)
        refused = refusal(literal, self._allowed) if literal is not None else None
        if refused is not None:
            raise AddressRefused(f"{host} is {refused}: the guard refuses it")
        wildcard = self._connect_to.get(f"*:{port}")
        if wildcard is not None:
            return _split_target(wildcard)
        if literal is not None:
            return host, port
        return await self._resolve(host, port, timeout), port

    async def _resolve(self, host: str, port: int, timeout: float | None) -> str:
        try:
            # getaddrinfo has no timeout of its own; the connect timeout bounds it.
            async with asyncio.timeout(timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise NameNotResolved(f"the name {host} did not resolve within {timeout:g} s") from None
        except (socket.gaierror, UnicodeError) as exc:
            raise NameNotResolved(f"the name {host} does not resolve ({exc})") from exc
        candidates = list(dict.fromkeys(str(info[4][0]) for info in infos))
        refused = []
        for candidate in candidates:
            why = refusal(candidate, self._allowed)
            if why is None:
                return candidate
            refused.append(f"{candidate} ({why})")
        raise AddressRefused(f"{host} resolves to {', '.join(refused)}: the guard refuses it")

    def permits(self, address: str) -> bool:
        return refusal(address, self._allowed) is None

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


# Addresses Python's ipaddress calls global that are still nobody's public web site: IETF
# special-purpose blocks and the cloud providers' metadata and host services (the classic SSRF
# targets). Private, loopback, link-local, reserved and multicast are refused by is_global already.
_REFUSED_NETWORKS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(network), why) for network, why in (
        ("192.0.0.0/24", "an IETF protocol assignment (192.0.0.0/24; 192.0.0.192 is a cloud metadata address)"),
        ("192.88.99.0/24", "the deprecated 6to4 relay anycast block"),
        ("168.63.129.16/32", "a cloud host-local service (Azure's wireserver)"),
        ("100.100.100.200/32", "a cloud metadata address (Alibaba Cloud)"),
        ("169.254.0.0/16", "a link-local address (cloud metadata lives at 169.254.169.254)"),
        ("fd00:ec2::/32", "a cloud metadata address (AWS's IPv6 instance metadata)"),
        ("64:ff9b:1::/48", "a local-use NAT64 prefix (RFC 8215): it leads to internal IPv4 addresses"),
        ("2001:db8::/32", "the IPv6 documentation prefix"),
        ("100::/64", "the IPv6 discard prefix"),
    )
)
_IPV6_EMBEDDING: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(network), form) for network, form in (
        ("::ffff:0:0/96", "IPv4-mapped"),
        ("::ffff:0:0:0/96", "SIIT (IPv4-translated)"),
        ("64:ff9b::/96", "NAT64"),
        ("::/96", "IPv4-compatible"),
    )
)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, by form: a router or the host's own stack
    turns each of these into a connection to that IPv4 address, so the guard judges it too."""
    found = []
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    for network, form in _IPV6_EMBEDDING:
        if ip in network and not (form == "IPv4-compatible" and int(ip) <= 1):  # :: and ::1 are their own
            found.append((form, low32))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        found += [("Teredo server", ip.teredo[0]), ("Teredo client", ip.teredo[1])]
    return found


def refusal(address: str, allowed: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network] = ()) -> str | None:
    """Why the guard refuses to connect to `address`, or None when it may.

    Refused: anything not global (private, loopback, link-local, reserved, shared), multicast,
    the special-purpose and cloud-metadata blocks above, and any IPv6 form that embeds an IPv4
    address the guard would refuse (::ffff:169.254.169.254, 64:ff9b::a9fe:a9fe, 2002:7f00:1::1).
    `allow_networks` is the only way through: an address, or the IPv4 address it embeds, in one of them.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    embedded = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else []
    allowed = list(allowed)
    if any(candidate in network for candidate in (ip, *(v4 for _, v4 in embedded)) for network in allowed
           if candidate.version == network.version):
        return None
    for form, v4 in embedded:
        why = refusal(str(v4))
        if why is not None:
            return f"the {form} form of {v4}, {why}"
    for network, why in _REFUSED_NETWORKS:
        if ip.version == network.version and ip in network:
            return why
    if ip.is_multicast:
        return "a multicast address"
    if not ip.is_global:
        return "a private, loopback, link-local or reserved address"
    return None


def unfetchable(url: str) -> str | None:
    """Why `url` cannot be fetched, in words that follow "cannot fetch " or "redirects to "; None
    when it can. One judge for links, redirects and robots.txt, so nothing reaches the network (or
    DNS) that the page fetch would have refused.

    Both parsers must accept it: httpx quietly percent-encodes "http://[oops/" into a host name
    that urllib (robots.txt, redirects) then refuses. And httpx decodes IDNA only when asked for
    the host, so a bad "xn--" label must be asked about here, not raise from inside a request.
    """
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme and scheme not in ("http", "https") and scheme.isascii() and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
        return f"a {scheme}: address ({url[:200]!r}): only http and https URLs are followed"
    try:
        port = urlsplit(url).port
        parts = httpx.URL(url)
        host = parts.host
    except (httpx.InvalidURL, ValueError) as exc:  # idna's errors are UnicodeErrors, so ValueErrors
        return f"{url[:200]!r}: not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"{url[:200]!r}: only http and https URLs are followed"
    if not host or "%" in host:
        # A zone id ("fe80::1%25lo") or a percent-encoded name: no host we could look up.
        return f"{url[:200]!r}: {host or 'no'} is not a host name we can look up"
    if port is not None and not 0 < port < 65536 or parts.port is not None and not 0 < parts.port < 65536:
        return f"{url[:200]!r}: port {parts.port or port} does not exist"
    return None


def _ip_literal(host: str) -> str | None:
    """The address an IP-literal host stands for, including the legacy forms resolvers accept
    (0x7f.1, 2130706433, 0177.0.0.1): each is 127.0.0.1 to getaddrinfo, so to the guard too."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if host and all(label and (label.isdigit() or label.startswith("0x")) for label in host.split(".")):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _split_target(target: str) -> tuple[str, int]:
    address, port = target.rsplit(":", 1)
    return address.strip("[]"), int(port)


class _NoClientCookies(http_cookiejar.DefaultCookiePolicy):
    """The client's own jar keeps nothing: each site has its own (Fetcher._jars)."""

    def set_ok(self, cookie: http_cookiejar.Cookie, request: Any) -> bool:
        return False


class _Slots:
    """A semaphore with two queues: follow-ups first, then new work.

    A follow-up is a request a fetched page is waiting on (its host's not-found probe, its plan
    documents, robots.txt). Behind a plain FIFO it would queue after every page already waiting
    for the site, and each fetched page would hold its body until then: at 1,000 links over 100
    sites, 700 pages sat in memory waiting for their site's probe. Follow-ups going first keep
    that to a page or two per site. A released slot is handed straight to the next waiter.
    """

    def __init__(self, size: int) -> None:
        self._free = size
        self._follow_ups: deque[asyncio.Future[None]] = deque()
        self._new: deque[asyncio.Future[None]] = deque()

    async def acquire(self, follow_up: bool = False) -> None:
        if self._free > 0:
            self._free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        queue = self._follow_ups if follow_up else self._new
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot as we were cancelled: pass it on
            elif waiter in queue:  # a release may already have dropped it, being cancelled
                queue.remove(waiter)
            raise

    def release(self) -> None:
        for queue in (self._follow_ups, self._new):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._free += 1

    @contextlib.asynccontextmanager
    async def hold(self, follow_up: bool = False) -> AsyncIterator[None]:
        await self.acquire(follow_up)
        try:
            yield
        finally:
            self.release()


@dataclass
class _Host:
    """Politeness state for one (scheme, host, port)."""

    slots: _Slots
    gap_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    robots: Protego | None = None
    robots_loaded: bool = False
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def tls_context(http: HttpSettings) -> ssl.SSLContext:
    """Python's default trust (OpenSSL's default certificate paths), or with `trust_os_store` the
    operating system's own store through truststore (the Keychain on macOS, the certificate store
    on Windows, the system bundle on Linux); `ca_bundle` is added to either."""
    if http.trust_os_store:
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.create_default_context()
    if http.ca_bundle:
        context.load_verify_locations(http.ca_bundle)
    return context


@dataclass(frozen=True)
class Proxy:
    url: str  # without credentials
    auth: tuple[str, str] | None = None


@dataclass(frozen=True)
class Proxies:
    """Which requests go through a proxy: `[http] proxy` = "env" reads HTTPS_PROXY, HTTP_PROXY,
    ALL_PROXY and NO_PROXY (either case) once, as curl and urllib read them; "none" never; a URL
    for every scheme. NO_PROXY is honoured in both of the first and last."""

    by_scheme: dict[str, str] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)  # urllib's form: scheme -> URL, "no" -> NO_PROXY

    @classmethod
    def from_settings(cls, http: HttpSettings) -> Proxies:
        import urllib.request

        if http.proxy == "none":
            return cls()
        found = urllib.request.getproxies_environment()
        if http.proxy == "env":
            by_scheme = {scheme: found.get(scheme) or found.get("all", "") for scheme in ("http", "https")}
        else:
            by_scheme = {"http": http.proxy, "https": http.proxy}
        return cls({k: v for k, v in by_scheme.items() if v}, found)

    def for_url(self, scheme: str, host: str) -> Proxy | None:
        import urllib.request

        url = self.by_scheme.get(scheme)
        if not url or (self.environ.get("no") and urllib.request.proxy_bypass_environment(host, self.environ)):
            return None
        if "://" not in url:
            url = f"http://{url}"  # HTTPS_PROXY=proxy:3128, as curl accepts it
        parts = urlsplit(url)
        auth = None
        if parts.username is not None:
            from urllib.parse import unquote

            auth = (unquote(parts.username), unquote(parts.password or ""))
            url = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        return Proxy(url, auth)


class _PerHostTransport(httpx.AsyncBaseTransport):
    """A connection pool per site (scheme, host, port), of per_host_limit connections each.

    httpcore's pool looks at every connection for every queued request whenever one request
    starts or ends, so one pool shared by hundreds of sites costs time quadratic in their number:
    at 1,000 links over 100 sites it was a third of the run's CPU. A pool per site scans only the
    site's own connections and keeps them alive between its requests. The limit over all sites is
    Fetcher's global semaphore, not a pool's.
    """

    def __init__(self, http: HttpSettings) -> None:
        self._context = tls_context(http)
        self._backend = GuardedBackend(http.connect_to, http.allow_networks)
        self._limits = httpx.Limits(max_connections=http.per_host_limit, max_keepalive_connections=http.per_host_limit)
        self._connect_timeout = http.connect_timeout
        self._proxies = Proxies.from_settings(http)
        # Per site: its transport, and whether it goes through a proxy.
        self._sites: dict[tuple[bytes, bytes, int | None], tuple[httpx.AsyncHTTPTransport, bool]] = {}

    def _site(self, url: httpx.URL) -> tuple[httpx.AsyncHTTPTransport, bool]:
        key = (url.raw_scheme, url.raw_host, url.port)
        site = self._sites.get(key)
        if site is None:
            transport = httpx.AsyncHTTPTransport(verify=self._context, limits=self._limits, trust_env=False)
            proxy = self._proxies.for_url(url.scheme, url.host)
            # httpx has no public hook for the network backend; the pool it builds is replaced with
            # one that uses ours, same options. Pinned to httpx < 0.29 in pyproject.toml for this.
            if proxy is None:
                transport._pool = httpcore.AsyncConnectionPool(
                    ssl_context=self._context,
                    max_connections=self._limits.max_connections,
                    max_keepalive_connections=self._limits.max_keepalive_connections,
                    keepalive_expiry=self._limits.keepalive_expiry,
                    network_backend=self._backend,
                )
            else:
                # The proxy's own address is configuration, trusted as written (a company proxy
                # is usually on a private address); the target is judged in handle_async_request.
                transport._pool = httpcore.AsyncHTTPProxy(
                    proxy_url=proxy.url,
                    proxy_auth=proxy.auth,
                    ssl_context=self._context,
                    max_connections=self._limits.max_connections,
                    max_keepalive_connections=self._limits.max_keepalive_connections,
                    keepalive_expiry=self._limits.keepalive_expiry,
                    network_backend=httpcore.AnyIOBackend(),
                )
            site = self._sites[key] = (transport, proxy is not None)
        return site

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport, proxied = self._site(request.url)
        if proxied:
            # The proxy resolves and connects, so the guard judges the target here first: a link to
            # 169.254.169.254, or to a name resolving to a private address, never reaches the proxy.
            url = request.url
            try:
                await self._backend.target(url.host, url.port or (443 if url.scheme == "https" else 80),
                                           self._connect_timeout)
            except (AddressRefused, NameNotResolved) as exc:
                raise httpx.ConnectError(str(exc), request=request) from exc
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport, _ in list(self._sites.values()):
            await transport.aclose()


@dataclass(frozen=True)
class Validators:
    """What the last run saw, sent back as a conditional GET.

    chain: the URLs of the last run's redirect chain, the final (validated) URL last. The headers
    go only to that final URL, and only when this run got there by the same chain: a 304 says the
    representation is unchanged, not that the redirects are.
    """

    chain: tuple[str, ...]
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class _Deadline:
    """One URL's time budget (total_timeout), retries and redirects included.

    It starts with the URL's first request, not when the URL joins the queue for its site: a
    queue of our own making (twenty links to one site, two at a time) is not the site being slow,
    and must neither time the URL out nor count in its elapsed time ("slow"). A nested budget
    (robots.txt, fetched on the URL's way) starts its parent too.
    """

    def __init__(self, seconds: float, parent: _Deadline | None = None) -> None:
        self.seconds = seconds
        self.parent = parent
        self.started: float | None = None
        self._scope: asyncio.Timeout | None = None

    def bind(self, scope: asyncio.Timeout) -> None:
        self._scope = scope
        if self.started is not None:
            scope.reschedule(asyncio.get_running_loop().time() + self.left())

    def start(self) -> None:
        if self.parent is not None:
            self.parent.start()
        if self.started is None:
            self.started = time.monotonic()
            if self._scope is not None:
                self._scope.reschedule(asyncio.get_running_loop().time() + self.seconds)

    def elapsed(self) -> float:
        return 0.0 if self.started is None else time.monotonic() - self.started

    def left(self) -> float:
        return self.seconds - self.elapsed()


# The budget of the URL being fetched in this task: _get_once starts it when a request really starts.
_DEADLINE: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar("fetch_deadline", default=None)


class _StopBeforeDeadline(tenacity.stop.stop_base):
    """Stop early rather than sleep into the deadline: the last real answer beats "timed out"."""

    def __init__(self, deadline: _Deadline) -> None:
        self._deadline = deadline

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        return (retry_state.upcoming_sleep or 0.0) >= self._deadline.left()


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
        self._global = _Slots(http.global_limit)
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
            cookies=http_cookiejar.CookieJar(policy=_NoClientCookies()),
            event_hooks={"response": [_take_location]},
        )
        # Cookies per site (host name), like a browser's, kept across hops and across the run's
        # requests to that site. Not in the client: httpx copies the client's whole jar into
        # every request, so with a cookie from each of 500 sites a request cost 2 ms more.
        self._jars: dict[str, httpx.Cookies] = {}

    @staticmethod
    def _transport(http: HttpSettings) -> httpx.AsyncBaseTransport:
        return _PerHostTransport(http)

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
        validators: Validators | None = None,
        follow_up: bool = False,
    ) -> FetchResult:
        """GET one URL with redirects, retries and every guard; never raises for the web's faults.

        follow_up: a fetched page is waiting on this one (its probe, its plan documents), so it
        goes before new pages queued for the same site (see _Slots).
        """
        deadline = _Deadline(self.settings.total_timeout)
        attempts = 0
        robots = self.settings.respect_robots if respect_robots is None else respect_robots

        async def attempt() -> FetchResult:
            nonlocal attempts
            attempts += 1
            result = await self._follow(url, document=document, robots=robots, validators=validators, follow_up=follow_up)
            if result.error_kind in (ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.PROTOCOL):
                raise _Retry(result)
            if result.error_kind is not None:
                return result
            wait = _retry_after(result.headers.get("retry-after")) if result.status_code in RETRY_AFTER_STATUSES else None
            if wait is not None:
                cap, left = self.settings.retry_after_cap, deadline.left()
                if wait > cap:
                    return _with(result, error_kind=ErrorKind.RETRY_AFTER,
                                 error=f"the server asked us to wait {wait:.0f} s (Retry-After on {result.status_code}), "
                                       f"more than the {cap:g} s cap: not retried in this run")
                if wait > left:
                    return _with(result, error_kind=ErrorKind.RETRY_AFTER,
                                 error=f"the server asked us to wait {wait:.0f} s (Retry-After on {result.status_code}), "
                                       f"more than the {max(left, 0):.0f} s left for this URL: not retried in this run")
                raise _Retry(result, wait)
            if result.status_code in RETRY_STATUSES:
                raise _Retry(result)
            return result

        retrying = tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(self.settings.retries + 1) | _StopBeforeDeadline(deadline),
            wait=_RetryWait(self.settings.retry_backoff),
            retry=tenacity.retry_if_exception_type(_Retry),
            reraise=True,
        )
        token = _DEADLINE.set(deadline)
        try:
            # No deadline until the first request starts (deadline.start() sets it).
            async with asyncio.timeout(None) as scope:
                deadline.bind(scope)
                try:
                    result = await retrying(attempt)
                except _Retry as gave_up:
                    result = gave_up.result
        except TimeoutError:
            result = FetchResult(
                url=url,
                final_url=url,
                error_kind=ErrorKind.TIMEOUT,
                error=f"timed out: no complete answer within the {self.settings.total_timeout:g} s total deadline "
                      f"({attempts} attempt{'s' if attempts != 1 else ''})",
            )
        finally:
            _DEADLINE.reset(token)
        elapsed = int(deadline.elapsed() * 1000)
        warnings = list(result.warnings)
        if elapsed > self.settings.slow_ms and result.error_kind is None:
            warnings.append("slow")
        return _with(result, elapsed_ms=elapsed, attempts=attempts, warnings=tuple(dict.fromkeys(warnings)))

    async def _follow(self, url: str, *, document: bool, robots: bool, validators: Validators | None,
                      follow_up: bool) -> FetchResult:
        hops: list[Hop] = []
        visits: dict[str, int] = {}
        warnings: list[str] = []
        current = url
        while True:
            problem = unfetchable(current)
            if problem is not None:
                what = f"redirects to {problem}" if hops else f"cannot fetch {problem}"
                return FetchResult(url=url, final_url=current, hops=tuple(hops), error_kind=ErrorKind.BAD_URL,
                                   error=what, warnings=tuple(warnings))
            parts = httpx.URL(current)
            if parts.scheme == "http":
                warnings.append("insecure")
            visits[current] = visits.get(current, 0) + 1
            if visits[current] >= LOOP_VISITS:
                return FetchResult(url=url, final_url=current, hops=tuple(hops), status_code=hops[-1].status,
                                   error_kind=ErrorKind.REDIRECT_LOOP,
                                   error=f"redirect loop: {current} came round {visits[current]} times", warnings=tuple(warnings))
            if robots and not await self.allowed_by_robots(current):
                return FetchResult(url=url, final_url=current, hops=tuple(hops), error_kind=ErrorKind.ROBOTS,
                                   error="robots.txt disallows this URL for our user agent", warnings=tuple(warnings))
            conditional = None
            if validators is not None and (*(hop.url for hop in hops), current) == validators.chain:
                conditional = validators.headers() or None
            result = await self._get_once(current, document=document, headers=conditional, follow_up=follow_up)
            is_redirect = result.status_code is not None and 300 <= result.status_code < 400
            hops.append(Hop(url=current, status=result.status_code or 0,
                            location=result.headers.get("location") if is_redirect else None))
            result = _with(result, url=url, hops=tuple(hops), warnings=tuple(dict.fromkeys([*warnings, *result.warnings])))
            if result.status_code == 304 and conditional is not None and result.error_kind is None:
                return _with(result, not_modified=True)
            if result.error_kind is not None or not is_redirect:
                return result
            location = result.headers.get("location")
            if not location:
                return result  # a 3xx with nowhere to go is the page's answer; verify calls it broken
            if len(hops) > self.settings.max_redirects:
                return _with(result, error_kind=ErrorKind.TOO_MANY_REDIRECTS,
                             error=f"more than {self.settings.max_redirects} redirects")
            try:
                next_url = urljoin(current, location.strip())
            except ValueError:  # "http://[oops/": urljoin parses the Location before we can judge it
                next_url = location.strip()
            if parts.scheme == "https" and next_url.startswith("http:"):
                warnings.append("downgraded to http")
            current = next_url

    async def _get_once(self, url: str, *, document: bool, headers: dict[str, str] | None = None,
                        follow_up: bool = False) -> FetchResult:
        cap = self.settings.max_document_bytes if document else self.settings.max_page_bytes
        parts = httpx.URL(url)
        host = self._host(parts.scheme, parts.host, parts.port)
        try:
            # The host's slot first, then a global one: a queue for one busy host never holds the
            # global slots every other host needs (LinkChecker's stall, LESSONS.md).
            async with host.slots.hold(follow_up):
                await self._await_turn(host)
                async with self._started_in_turn(host, follow_up):
                    deadline = _DEADLINE.get()
                    if deadline is not None:
                        deadline.start()  # the URL's time starts now, not while it queued
                    jar = self._jars.setdefault(parts.host, httpx.Cookies())
                    request = self._client.build_request("GET", url, headers=headers)
                    if jar:
                        jar.set_cookie_header(request)
                    response = await self._client.send(request, stream=True)
                    try:
                        if "set-cookie" in response.headers:
                            jar.extract_cookies(response)
                        body, truncated = await _read_capped(response, cap)
                        warnings = _certificate_warnings(response)
                    finally:
                        await response.aclose()
        except httpx.HTTPError as exc:
            kind, message = _classify_error(exc)
            return FetchResult(url=url, final_url=url, error_kind=kind, error=message)
        except _BodyError as exc:
            return FetchResult(url=url, final_url=url, status_code=exc.status, error_kind=exc.kind, error=str(exc))
        headers_seen = {k.lower(): v for k, v in response.headers.items()}
        if _LOCATION in response.extensions:
            headers_seen["location"] = response.extensions[_LOCATION]
        self._note_retry_after(host, response.status_code, headers_seen.get("retry-after"))
        content_type = sniff_content_type(headers_seen.get("content-type"), body)
        result = FetchResult(
            url=url,
            final_url=url,
            status_code=response.status_code,
            headers=headers_seen,
            content_type=content_type,
            body=body,
            text=decode_text(body, headers_seen.get("content-type"), content_type),
            truncated=truncated,
            warnings=tuple(warnings),
        )
        if truncated:
            limit = f"{cap / 1_000_000:g} MB"
            what = " once decompressed" if headers_seen.get("content-encoding") else ""
            return _with(result, error_kind=ErrorKind.TOO_LARGE, error=f"the body is larger than the {limit} limit{what}")
        return result

    def _host(self, scheme: str, host: str, port: int | None) -> _Host:
        key = (scheme, host, port or (443 if scheme == "https" else 80))
        if key not in self._hosts:
            self._hosts[key] = _Host(slots=_Slots(self.settings.per_host_limit))
        return self._hosts[key]

    async def _await_turn(self, host: _Host) -> None:
        # A long wait (Retry-After) is sat out before queueing for the site's next start.
        while (early := host.next_start - time.monotonic()) > self.settings.per_host_delay:
            await asyncio.sleep(early - self.settings.per_host_delay)

    @contextlib.asynccontextmanager
    async def _started_in_turn(self, host: _Host, follow_up: bool) -> AsyncIterator[None]:
        """Hold a global slot for one request that starts at least the gap after the site's last.

        Starts are serialised per site (gap_lock), never the requests, so a slow site stalls
        only itself; and the gap is slept out before taking a global slot, so a site's pause
        never holds a slot another site could use (with global_limit 20 and a 0.25 s gap, slots
        held asleep made a run of the 43 forces twice the bound). The next start is timed from
        this one's real start, so a request that waited for a global slot still keeps the gap.
        """
        async with host.gap_lock:
            while (early := host.next_start - time.monotonic()) > 0:
                await asyncio.sleep(early)
            await self._global.acquire(follow_up)
            host.next_start = time.monotonic() + self.settings.per_host_delay
        try:
            yield
        finally:
            self._global.release()

    def _note_retry_after(self, host: _Host, status: int, header: str | None) -> None:
        """A host that asked us to wait gets no request from us before then (up to the cap)."""
        if status not in RETRY_AFTER_STATUSES:
            return
        wait = _retry_after(header)
        if wait is not None:
            host.next_start = max(host.next_start, time.monotonic() + min(wait, self.settings.retry_after_cap))

    async def allowed_by_robots(self, url: str) -> bool:
        if unfetchable(url) is not None:
            return True  # nothing to ask: the page fetch refuses the URL itself, and says why
        parts = httpx.URL(url)
        host = self._host(parts.scheme, parts.host, parts.port)
        async with host.robots_lock:
            if not host.robots_loaded:
                try:
                    host.robots = await self._load_robots(url)
                finally:
                    # Once per host per run, even if this load was cut short: no rules, then.
                    host.robots_loaded = True
        if host.robots is None:
            return True
        return host.robots.can_fetch(url, self.settings.user_agent_header)

    async def _load_robots(self, url: str) -> Protego | None:
        """The host's rules, or None for no rules.

        No robots.txt (4xx) means no rules (RFC 9309). So, here, do 5xx, network errors and a
        robots.txt slower than its share of the deadline: RFC 9309 would have us assume "disallow
        all", but a monitor that turned every flaky robots.txt into `blocked` would hide outages
        the page itself would show.
        """
        target = urljoin(url, "/robots.txt")
        # Its own share of the deadline, from its first request (like a URL's), on the URL's clock too.
        deadline = _Deadline(self.settings.total_timeout * ROBOTS_DEADLINE_SHARE, parent=_DEADLINE.get())
        token = _DEADLINE.set(deadline)
        try:
            async with asyncio.timeout(None) as scope:
                deadline.bind(scope)
                for _ in range(ROBOTS_REDIRECTS + 1):
                    result = await self._get_once(target, document=False, follow_up=True)  # everyone waits on it
                    location = result.headers.get("location")
                    if result.error_kind is None and result.status_code in (301, 302, 303, 307, 308) and location:
                        try:
                            target = urljoin(target, location.strip())
                        except ValueError:
                            return None
                        if unfetchable(target) is not None:
                            return None
                        continue
                    break
        except TimeoutError:
            return None
        finally:
            _DEADLINE.reset(token)
        if result.error_kind is not None or result.status_code != 200 or not result.body:
            return None
        # Parsed whatever the Content-Type says (servers label robots.txt all sorts of ways).
        return Protego.parse(result.body.decode("utf-8", errors="replace"))


_LOCATION = "force_monitor_location"


async def _take_location(response: httpx.Response) -> None:
    """Keep a redirect's Location away from httpx, which we never let follow one.

    Even with follow_redirects off, httpx builds the next request of every redirect before
    returning it, and raises (InvalidURL, an IDNA error) on a Location it cannot build one for:
    `mailto:`, `data:`, a bad "xn--" host. That aborted a whole run. _follow judges the Location
    itself (unfetchable), so the hook moves it where httpx does not look.
    """
    location = response.headers.get("location")
    if location is not None and 300 <= response.status_code < 400:
        response.extensions[_LOCATION] = location
        del response.headers["location"]


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
    """Read at most `cap` decoded bytes; decompress by hand so a bomb cannot outgrow the cap.

    One growing buffer: peak memory is about the cap, never the body. A body over the cap is
    never verified, so only its first TRUNCATED_KEEP bytes are kept (for sniffing and evidence).
    """
    encoding = response.headers.get("content-encoding", "").lower().strip()
    inflater = _Inflater(encoding, response.status_code) if encoding in _INFLATED else None
    body = bytearray()
    async for raw in response.aiter_raw(_CHUNK):
        if inflater is None:
            body += raw
        else:
            inflater.feed(raw, body, cap + 1 - len(body))
        if len(body) > cap:
            return bytes(body[:TRUNCATED_KEEP]), True
    if inflater is not None:
        inflater.finish(body, cap + 1 - len(body))
        if len(body) > cap:
            return bytes(body[:TRUNCATED_KEEP]), True
    return bytes(body), False


_INFLATED = ("gzip", "x-gzip", "deflate")


class _Inflater:
    """gzip or deflate with a bound on the output of every call (zlib's max_length)."""

    def __init__(self, encoding: str, status: int) -> None:
        self._status = status
        self._raw_deflate_tried = encoding != "deflate"
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._decoder = zlib.decompressobj(wbits)

    def feed(self, data: bytes, out: bytearray, room: int) -> None:
        try:
            while data and room > 0:
                piece = self._decoder.decompress(data, min(room, _CHUNK * 4))
                out += piece
                room -= len(piece)
                data = self._decoder.unconsumed_tail
        except zlib.error as exc:
            if not self._raw_deflate_tried and not out:
                # "deflate" is zlib-wrapped by the RFC, raw by some servers (old IIS): try raw once.
                self._raw_deflate_tried = True
                self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                self.feed(data, out, room)
                return
            raise _BodyError(ErrorKind.PROTOCOL, f"the compressed body is corrupt ({exc})", self._status) from exc

    def finish(self, out: bytearray, room: int) -> None:
        if room > 0:
            try:
                out += self._decoder.flush(room)
            except zlib.error as exc:
                raise _BodyError(ErrorKind.PROTOCOL, f"the compressed body is corrupt ({exc})", self._status) from exc


# Magic numbers of binary formats that turn up behind a text/html label.
_BINARY_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"\x1f\x8b", b"BM", b"RIFF", b"OggS",
    b"\x7fELF", b"MZ", b"\x00asm", b"Rar!", b"7z\xbc\xaf", b"\xfd7zXZ", b"wOFF", b"wOF2",
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
# Every byte that is not a control byte a text page would not have (deleted to count those).
_NOT_CONTROLS = bytes(byte for byte in range(256) if byte >= 32 or byte in _TEXT_CONTROLS)


def looks_binary(head: bytes) -> bool:
    """Bytes no text page starts with: a NUL, a binary format's magic, or many control bytes."""
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16 text is full of NULs
    if b"\x00" in head or head.startswith(_BINARY_MAGIC):
        return True
    controls = len(head.translate(None, _NOT_CONTROLS))  # what is left are the control bytes
    return controls > len(head) // 10


def sniff_content_type(header: str | None, body: bytes) -> str:
    """The media type, trusting the bytes over the header where they disagree."""
    declared = (header or "").split(";", 1)[0].strip().lower()
    head = body[:1024]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") and declared in ("", "application/octet-stream", "application/zip", "text/html"):
        return "application/zip"
    if declared and declared not in ("application/octet-stream", "binary/octet-stream"):
        if (declared.startswith("text/") or declared in _TEXT_TYPES) and looks_binary(head):
            return "application/octet-stream"  # binary served as text
        return declared
    lowered = head.lower().lstrip()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "text/html"
    return declared or "application/octet-stream"


_TEXT_TYPES = ("application/xhtml+xml", "application/json", "application/xml")
# Wide encodings are only believed with a BOM: HTML's rule for a <meta> that claims UTF-16, and
# the only safe reading of a header that does (decoding ASCII as UTF-16 gives CJK nonsense).
_WIDE = ("utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "ucs-2", "ucs-4")


def decode_text(body: bytes, header: str | None, content_type: str) -> str | None:
    """Text for text types; wrong labels and invalid bytes survive, never an exception.

    Order: a BOM; valid UTF-8 (whatever a stale header says: ISO-8859-1 labels on UTF-8 pages are
    common); the declared charset (header, then <meta>); then UTF-8 with replacement characters if
    the bytes are mostly UTF-8 with a few bad ones, else Windows-1252 (what "latin-1" means on the
    web) for single-byte text mislabelled as UTF-8.
    """
    if not (content_type.startswith("text/") or content_type in _TEXT_TYPES):
        return None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for declared in (_charset(header), _meta_charset(body[:4096])):
        codec = _codec(declared)
        if codec is None or codec == "utf-8":
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    lenient = body.decode("utf-8", errors="replace")
    non_ascii = sum(1 for byte in body if byte >= 0x80)
    if lenient.count("\ufffd") * 2 < non_ascii:
        return lenient  # mostly valid UTF-8: keep it, with a few replacement characters
    return body.decode("cp1252", errors="replace")


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, or None when it is unknown or not to be believed."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    if name in _WIDE or name.startswith(("utf-16", "utf-32")):
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # WHATWG: these labels mean windows-1252
    return name


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


# When each connection's certificate expires (None: not TLS, or no date), read once per
# connection: finding the SSL object through anyio's attribute layers and decoding the
# certificate cost more than the rest of handling a small response.
_EXPIRIES: weakref.WeakKeyDictionary[Any, datetime | None] = weakref.WeakKeyDictionary()


def _certificate_warnings(response: httpx.Response) -> list[str]:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return []
    try:
        expires = _EXPIRIES[stream]
    except (KeyError, TypeError):
        expires = _certificate_expiry(stream)
        try:
            _EXPIRIES[stream] = expires
        except TypeError:
            pass  # a stream that cannot be weakly referenced is simply read every time
    if expires is None:
        return []
    days = (expires - datetime.now(timezone.utc)).days
    if days < CERT_EXPIRY_WARNING_DAYS:
        return [f"certificate expires in {days} days ({expires:%Y-%m-%d})"]
    return []


def _certificate_expiry(stream: Any) -> datetime | None:
    ssl_object = stream.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    cert = ssl_object.getpeercert()
    not_after = cert.get("notAfter") if cert else None
    if not not_after:
        return None
    return datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), timezone.utc)


def _classify_error(exc: httpx.HTTPError) -> tuple[ErrorKind, str]:
    """Translate httpx's errors into what a person needs to know: one place, like httpx's own map.

    Only httpx's own errors arrive here; anything else is our bug and propagates.
    """
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, AddressRefused):
            return ErrorKind.FORBIDDEN_ADDRESS, f"refused by the address guard: {cause}"
        if isinstance(cause, NameNotResolved):
            return ErrorKind.DNS, str(cause)
    # Before TLS: a read that times out on a TLS socket also carries an SSLError in its chain.
    if isinstance(exc, httpx.TimeoutException):
        what = {
            httpx.ConnectTimeout: "connecting",
            httpx.ReadTimeout: "waiting for the server to send",
            httpx.WriteTimeout: "sending the request",
            httpx.PoolTimeout: "waiting for a free connection",
        }.get(type(exc), "waiting")
        return ErrorKind.TIMEOUT, f"timed out {what} ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        # The TLS handshake is part of connecting: certificate problems surface here.
        for cause in causes:
            if isinstance(cause, ssl.SSLCertVerificationError):
                return ErrorKind.TLS, f"TLS certificate problem: {cause.verify_message or cause.reason}"
            if isinstance(cause, ssl.SSLError):
                return ErrorKind.TLS, f"TLS problem: {cause.reason or cause}"
        return ErrorKind.CONNECT, f"could not connect: {_describe(causes)}"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        # Connected, then the connection was reset or dropped: DESIGN counts a reset as unreachable.
        return ErrorKind.CONNECT, f"the connection was reset or dropped mid-response: {_describe(causes)}"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return ErrorKind.BAD_URL, str(exc)
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.LocalProtocolError)):
        return ErrorKind.PROTOCOL, f"the server broke the HTTP protocol: {_describe(causes)}"
    return ErrorKind.PROTOCOL, f"{type(exc).__name__}: {_describe(causes)}"


def _describe(causes: list[BaseException]) -> str:
    """What went wrong, in words: the OS error if there is one ("Connection refused"), else the
    first non-empty message in the chain (httpx's and anyio's own are often empty or generic)."""
    for cause in causes:
        if isinstance(cause, OSError) and cause.errno:
            return os.strerror(cause.errno)
    for cause in causes:
        text = str(cause).strip()
        if text:
            return text
    return type(causes[-1]).__name__ if causes else "unknown error"


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
