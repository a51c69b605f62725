"""The guarded transport: httpx requests over httpcore pools whose network backend is the guard.

Built on public API only, as httpx's own AsyncHTTPTransport is: each pool is an httpcore
AsyncConnectionPool (or AsyncHTTPProxy) given `network_backend=GuardedBackend(...)`, requests
and responses are mapped between httpx's and httpcore's types, and httpcore's exceptions become
httpx's (raised `from` the original, so the guard's own refusal stays in the chain). Nothing
private is touched, so httpx needs no pin below its next release.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import cast

import httpcore
import httpx

from ..config import HttpSettings
from .guard import AddressRefused, GuardedBackend, NameNotResolved
from .network import AsyncioBackend
from .proxies import Proxies
from .tls import tls_context

# httpcore's exceptions and httpx's, as httpx maps them (httpx/_transports/default.py).
_HTTPX_ERROR: dict[type[Exception], type[httpx.HTTPError]] = {
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
}


def httpx_error(exc: Exception) -> httpx.HTTPError | None:
    """httpx's exception for one of httpcore's (its most specific kind), or None for any other.

    The most specific is the nearest class in the exception's own ancestry: AddressRefused, an
    httpcore.ConnectError, becomes httpx.ConnectError.
    """
    for cls in type(exc).__mro__:
        mapped = _HTTPX_ERROR.get(cls)
        if mapped is not None:
            return mapped(str(exc))
    return None


class _ResponseStream(httpx.AsyncByteStream):
    """An httpcore response body as httpx reads one, with httpcore's errors mapped on the way."""

    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except Exception as exc:
            mapped = httpx_error(exc)
            if mapped is None:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)
        if close is not None:
            await close()


# A kept-alive connection idle this long is closed (httpx's default; httpcore's own is never).
KEEPALIVE_EXPIRY = 5.0
_Pool = httpcore.AsyncConnectionPool | httpcore.AsyncHTTPProxy


class GuardedTransport(httpx.AsyncBaseTransport):
    """A connection pool per site (scheme, host, port), of per_host_limit connections each.

    httpcore's pool looks at every connection for every queued request whenever one request
    starts or ends, so one pool shared by hundreds of sites costs time quadratic in their number:
    at 1,000 links over 100 sites it was a third of the run's CPU. A pool per site scans only the
    site's own connections and keeps them alive between its requests. The limit over all sites is
    the politeness' global slots, not a pool's.
    """

    def __init__(self, http: HttpSettings) -> None:
        self._context = tls_context(http)
        self._backend = GuardedBackend(http.connect_to, http.allow_networks)
        self._per_host = http.per_host_limit
        self._connect_timeout = http.connect_timeout
        self._proxies = Proxies.from_settings(http)
        # Per site: its pool, and whether it goes through a proxy.
        self._sites: dict[tuple[bytes, bytes, int | None], tuple[_Pool, bool]] = {}

    def _site(self, url: httpx.URL) -> tuple[_Pool, bool]:
        key = (url.raw_scheme, url.raw_host, url.port)
        site = self._sites.get(key)
        if site is not None:
            return site
        proxy = self._proxies.for_url(url.scheme, url.host)
        pool: _Pool
        if proxy is None:
            pool = httpcore.AsyncConnectionPool(
                ssl_context=self._context, max_connections=self._per_host,
                max_keepalive_connections=self._per_host, keepalive_expiry=KEEPALIVE_EXPIRY,
                network_backend=self._backend,
            )
        else:
            # The proxy's own address is configuration, trusted as written (a company proxy is
            # usually on a private address); the target is judged in handle_async_request.
            pool = httpcore.AsyncHTTPProxy(
                proxy_url=proxy.url, proxy_auth=proxy.auth, ssl_context=self._context,
                max_connections=self._per_host, max_keepalive_connections=self._per_host,
                keepalive_expiry=KEEPALIVE_EXPIRY, network_backend=AsyncioBackend(),
            )
        site = self._sites[key] = (pool, proxy is not None)
        return site

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        pool, proxied = self._site(url)
        if proxied:
            # The proxy resolves and connects, so the guard judges the target here first: a link to
            # 169.254.169.254, or to a name resolving to a private address, never reaches the proxy.
            try:
                await self._backend.target(url.host, url.port or (443 if url.scheme == "https" else 80),
                                           self._connect_timeout)
            except (AddressRefused, NameNotResolved) as exc:
                raise httpx.ConnectError(str(exc), request=request) from exc
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = await pool.handle_async_request(core_request)
        except Exception as exc:
            mapped = httpx_error(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(cast(AsyncIterable[bytes], response.stream)),  # an async pool's are async
            extensions=response.extensions,
        )

    async def close_site(self, url: str) -> None:
        """Close the pool of `url`'s site (scheme, host, port) and its kept-alive connections.

        httpcore expires an idle connection only when its pool is used again, so a site done with
        keeps its TLS connections (about 50 KB each) until the run ends: at 10,000 links over 500
        sites, up to 1,000 of them. A later request to the site opens a new pool."""
        try:
            parts = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return
        key = (parts.raw_scheme, parts.raw_host, parts.port)
        site = self._sites.get(key)
        if site is None:
            return
        if not all(connection.is_idle() for connection in site[0].connections):
            return  # a request is under way (a link from another site led here): closed with the run
        del self._sites[key]
        await site[0].aclose()

    def open_sites(self) -> list[str]:
        """The sites with a pool open, as "scheme://host[:port]"."""
        return [f"{scheme.decode()}://{host.decode()}{'' if port is None else f':{port}'}"
                for scheme, host, port in self._sites]

    async def aclose(self) -> None:
        for pool, _ in list(self._sites.values()):
            await pool.aclose()
