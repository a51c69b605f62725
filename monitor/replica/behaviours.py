"""Small, composable behaviours: each returns a callable the server runs for one request.

Adding a fault is one small function. A fault that only shapes the response returns a Response:

    def retry_after_429(seconds: int, then: Behaviour) -> Behaviour:
        async def behaviour(ex: Exchange) -> Response | None:
            if ex.hits == 1:  # per scenario, per host+path
                return Response(429, "Too many requests", [("Retry-After", str(seconds))])
            return await run(then, ex)
        return behaviour

A fault that streams or breaks the connection writes to `ex.writer` itself and returns None
(see drip and reset_connection below).
"""

from __future__ import annotations

import asyncio
import gzip
import inspect
import socket
import struct
import zlib
from collections.abc import Callable

from ._http import Response
from .scenario import Behaviour, Exchange

HTML = "text/html; charset=utf-8"


async def run(behaviour: Behaviour, ex: Exchange) -> Response | None:
    """Call a behaviour whether it is a plain or an async callable."""
    result = behaviour(ex)
    if inspect.isawaitable(result):
        result = await result
    return result


def page(
    body: str | bytes,
    *,
    status: int = 200,
    content_type: str = HTML,
    headers: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
) -> Behaviour:
    """A fixed response."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    base = [("Content-Type", content_type), *headers]

    def behaviour(ex: Exchange) -> Response:
        return Response(status, data, list(base))

    return behaviour


def redirect(location: str, status: int = 301) -> Behaviour:
    """Redirect to `location` (absolute URL or path on the same host)."""

    def behaviour(ex: Exchange) -> Response:
        body = f'<html><body>Moved to <a href="{location}">{location}</a></body></html>'
        return Response(status, body, [("Location", location), ("Content-Type", HTML)])

    return behaviour


def redirect_to_host(host: str, scheme: str = "https", status: int = 301) -> Behaviour:
    """Redirect to the same path (and query) on another host, e.g. gov.uk -> www.gov.uk."""

    def behaviour(ex: Exchange) -> Response:
        return Response(status, b"", [("Location", f"{scheme}://{host}{ex.request.target}")])

    return behaviour


def https_upgrade() -> Behaviour:
    """What real sites answer on port 80: a permanent redirect to https on the same host."""

    def behaviour(ex: Exchange) -> Response:
        location = f"https://{ex.request.host}{ex.request.target}"
        return Response(301, b"", [("Location", location), ("Content-Type", HTML)])

    return behaviour


def plain_not_found() -> Behaviour:
    return page("<html><body><h1>Not Found</h1></body></html>", status=404)


def delayed(seconds: float, inner: Behaviour) -> Behaviour:
    """Wait before sending the headers (slow time to first byte)."""

    async def behaviour(ex: Exchange) -> Response | None:
        await asyncio.sleep(seconds)
        return await run(inner, ex)

    return behaviour


def sequence(*behaviours: Behaviour) -> Behaviour:
    """The n-th request to this host+path gets behaviours[n-1]; the last one repeats."""
    if not behaviours:
        raise ValueError("sequence needs at least one behaviour")

    async def behaviour(ex: Exchange) -> Response | None:
        return await run(behaviours[min(ex.hits, len(behaviours)) - 1], ex)

    return behaviour


def fail_first(times: int, failure: Behaviour, then: Behaviour) -> Behaviour:
    """The first `times` requests (per scenario) get `failure`, later ones `then`."""
    return sequence(*([failure] * times), then)


def only_if_header(name: str, value_contains: str, matched: Behaviour, otherwise: Behaviour) -> Behaviour:
    """Branch on a request header (e.g. serve bots differently)."""

    async def behaviour(ex: Exchange) -> Response | None:
        chosen = matched if value_contains.lower() in ex.request.header(name).lower() else otherwise
        return await run(chosen, ex)

    return behaviour


def gzip_if_accepted(inner: Behaviour) -> Behaviour:
    """Compress the inner response when the client accepts gzip, as GOV.UK's CDN does."""

    async def behaviour(ex: Exchange) -> Response | None:
        response = await run(inner, ex)
        if response is None or "gzip" not in ex.request.header("accept-encoding").lower():
            return response
        if response.has_header("content-encoding"):
            return response
        response.body = gzip.compress(response.body_bytes(), mtime=0)
        response.headers = [*response.headers, ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        return response

    return behaviour


# -- streaming and connection faults: they write to the raw stream and return None ------------------


def drip(body: bytes, *, chunk: int = 1, interval: float = 0.5, status: int = 200) -> Behaviour:
    """Send the headers at once, then the body `chunk` bytes every `interval` seconds (slowloris)."""

    async def behaviour(ex: Exchange) -> None:
        head = (
            f"HTTP/1.1 {status} OK\r\nContent-Type: {HTML}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        ex.status = status
        await ex.send(head.encode("latin-1"))
        for i in range(0, len(body), chunk):
            await asyncio.sleep(interval)
            await ex.send(body[i : i + chunk])
        return None

    return behaviour


def reset_connection(after: bytes = b"") -> Behaviour:
    """Send `after` (e.g. headers and half a body), then reset the TCP connection (RST)."""

    async def behaviour(ex: Exchange) -> None:
        ex.status = 0
        if after:
            await ex.send(after)
        sock = ex.writer.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        ex.writer.transport.abort()
        return None

    return behaviour


# -- faults for the fault-injection suite (tests/test_faults.py) ----------------------------------


def retry_after(seconds: int | str, then: Behaviour, *, status: int = 429, times: int = 1) -> Behaviour:
    """The first `times` requests answer `status` with `Retry-After: seconds`; later ones `then`."""

    async def behaviour(ex: Exchange) -> Response | None:
        if ex.hits <= times:
            return Response(status, "Too many requests, slow down\n", [("Retry-After", str(seconds)), ("Content-Type", "text/plain")])
        return await run(then, ex)

    return behaviour


def redirect_chain(hops: int, then: Behaviour, *, status: int = 302) -> Behaviour:
    """`hops` redirects on one route (path?hop=1, ?hop=2, ...), then `then`."""

    async def behaviour(ex: Exchange) -> Response | None:
        done = int(ex.request.query.removeprefix("hop=") or 0) if ex.request.query.startswith("hop=") else 0
        if done < hops:
            return Response(status, b"", [("Location", f"{ex.request.path}?hop={done + 1}")])
        return await run(then, ex)

    return behaviour


def redirect_loop(*, status: int = 302) -> Behaviour:
    """path -> path?again -> path -> ... forever."""

    def behaviour(ex: Exchange) -> Response:
        location = ex.request.path if ex.request.query else f"{ex.request.path}?again"
        return Response(status, b"", [("Location", location)])

    return behaviour


def conditional(inner: Behaviour, *, etag: str | None = None, last_modified: str | None = None) -> Behaviour:
    """Serve `inner` with validators; answer 304 Not Modified when the client's match."""

    async def behaviour(ex: Exchange) -> Response | None:
        validators = [(k, v) for k, v in (("ETag", etag), ("Last-Modified", last_modified)) if v]
        if_none_match = ex.request.header("if-none-match")
        if etag and if_none_match:
            fresh = etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
        else:
            fresh = bool(last_modified) and ex.request.header("if-modified-since") == last_modified
        if fresh:
            return Response(304, b"", validators)
        response = await run(inner, ex)
        if response is not None:
            response.headers = [*response.headers, *validators]
        return response

    return behaviour


def rewrite(inner: Behaviour, body: Callable[[bytes], bytes], *, content_type: str | None = None) -> Behaviour:
    """Serve `inner` with its body passed through `body` (and its Content-Type replaced)."""

    async def behaviour(ex: Exchange) -> Response | None:
        response = await run(inner, ex)
        if response is None:
            return None
        response.body = body(response.body_bytes())
        if content_type is not None:
            response.headers = [(k, v) for k, v in response.headers if k.lower() != "content-type"]
            response.headers.append(("Content-Type", content_type))
        return response

    return behaviour


def endless(size: int, *, content_type: str = HTML, block: bytes = b"<p>" + b"stalking " * 7000 + b"</p>\n") -> Behaviour:
    """A `size`-byte body generated while it is sent (one block reused), never held in memory."""

    async def behaviour(ex: Exchange) -> None:
        ex.status = 200
        await ex.send(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {size}\r\n"
                      "Connection: close\r\n\r\n".encode("latin-1"))
        left = size
        while left > 0 and not ex.writer.is_closing():  # the client hung up: stop generating
            piece = block if left >= len(block) else block[:left]
            await ex.send(piece)  # drains: a client that stops reading stops us
            left -= len(piece)
        return None

    return behaviour


def gzip_bomb(size: int, *, content_type: str = HTML) -> Behaviour:
    """A gzip body that inflates to `size` zero bytes; compressed as it is sent (about size/1000)."""

    async def behaviour(ex: Exchange) -> None:
        ex.status = 200
        await ex.send(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Encoding: gzip\r\n"
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode("latin-1"))
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(1 << 20)
        left = size
        while left > 0 and not ex.writer.is_closing():
            # A sync flush per megabyte (a few bytes each) keeps data flowing, so every round
            # sends, yields to the loop and notices a client that hung up.
            piece = compressor.compress(zeros if left >= len(zeros) else zeros[:left]) + compressor.flush(zlib.Z_SYNC_FLUSH)
            left -= min(left, len(zeros))
            await ex.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        tail = compressor.flush()
        await ex.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))
        return None

    return behaviour


def raw(data: bytes) -> Behaviour:
    """Send `data` verbatim (a hand-made, possibly malformed, response) and close."""

    async def behaviour(ex: Exchange) -> None:
        ex.status = int(data[9:12]) if data[:5] == b"HTTP/" and data[9:12].isdigit() else 0
        await ex.send(data)
        return None

    return behaviour
