"""httpcore's network backend on asyncio's own streams, for the guard to hand connections to.

httpcore's AnyIOBackend runs every read and write through anyio's cancel scopes (fail_after)
and several layers of stream wrappers: a third of a request's CPU on the synthetic web
(bench/bench_fetch_cpu.py --profile). The monitor runs on asyncio only, so its streams do the
same job with asyncio.timeout, and TLS with an SSLObject over memory BIOs (as anyio does, and
unlike asyncio's TLS transport, which holds 256 KB per connection). Errors are httpcore's, as
AnyIOBackend raises them (`from` the OSError or ssl.SSLError, which errors.py reads), and a TLS
peer that closes without close_notify is an end of stream, as with AnyIOBackend.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import ssl
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpcore

# StreamReader's buffer before it stops reading from the socket: httpcore reads 64 KB at a time.
_READ_LIMIT = 256 * 1024
# What a TLS stream asks of the socket at once.
_CHUNK = 64 * 1024


@contextlib.asynccontextmanager
async def _io(timeout: float | None, timed_out: type[Exception], failed: type[Exception],
              doing: str) -> AsyncIterator[None]:
    """One read, write or connect within its timeout, failing as httpcore's backends fail."""
    try:
        async with asyncio.timeout(timeout):
            yield
    except TimeoutError as exc:  # before OSError: TimeoutError is one
        raise timed_out(str(exc) or f"timed out {doing}") from exc
    except OSError as exc:
        raise failed(str(exc)) from exc


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = b""
        async with _io(timeout, httpcore.ReadTimeout, httpcore.ReadError, "reading"):
            data = await self._reader.read(max_bytes)
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        async with _io(timeout, httpcore.WriteTimeout, httpcore.WriteError, "writing"):
            self._writer.write(buffer)
            await self._writer.drain()

    async def aclose(self) -> None:
        # Not waiting for the peer's close_notify (AnyIOBackend does not either): asyncio closes
        # the socket after its own shutdown timeout if a peer never answers.
        self._writer.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return await _start_tls(self, ssl_context, server_hostname, timeout)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._writer.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info == "socket":
            return self._writer.get_extra_info("socket")
        if info == "is_readable":
            # An idle kept-alive connection the server closed (or wrote to): not to be reused.
            if self._reader.at_eof() or self._writer.is_closing():
                return True
            sock = self._writer.get_extra_info("socket")
            if sock is None:
                return True
            readable, _, _ = select.select([sock.fileno()], [], [], 0)
            return bool(readable)
        return None


async def _start_tls(raw: httpcore.AsyncNetworkStream, ssl_context: ssl.SSLContext, server_hostname: str | None,
                     timeout: float | None) -> httpcore.AsyncNetworkStream:
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = _TLSStream(raw, ssl_context.wrap_bio(incoming, outgoing, server_hostname=server_hostname), incoming, outgoing)
    try:
        async with asyncio.timeout(timeout):
            await tls.handshake()
    except TimeoutError as exc:
        await raw.aclose()
        raise httpcore.ConnectTimeout(str(exc) or "timed out in the TLS handshake") from exc
    except (OSError, httpcore.NetworkError) as exc:  # ssl.SSLError included: errors.py finds it in the chain
        await raw.aclose()
        raise httpcore.ConnectError(str(exc)) from exc
    return tls


class _TLSStream(httpcore.AsyncNetworkStream):
    """TLS over another stream with an SSLObject and memory BIOs, as AnyIOBackend's TLS does.

    Not asyncio's own TLS transport: it keeps a 256 KB read buffer for every connection for as
    long as the connection lives, 50 MB at the 200 kept-alive connections of 1,000 links
    (bench_fetch_memory.py saw +13 MB at 43 forces). Memory BIOs hold only what is in flight.
    A peer that closes without close_notify ends the stream (anyio's standard_compatible=False).
    """

    def __init__(self, raw: httpcore.AsyncNetworkStream, tls: ssl.SSLObject, incoming: ssl.MemoryBIO,
                 outgoing: ssl.MemoryBIO) -> None:
        self._raw = raw
        self._tls = tls
        self._incoming = incoming
        self._outgoing = outgoing

    async def _call(self, method: Any, *args: Any) -> Any:
        """An SSLObject method, feeding it from the stream below and sending what it writes."""
        while True:
            try:
                result = method(*args)
            except ssl.SSLWantReadError:
                if self._outgoing.pending:
                    await self._raw.write(self._outgoing.read())
                data = await self._raw.read(_CHUNK)
                if data:
                    self._incoming.write(data)
                else:
                    self._incoming.write_eof()
            except ssl.SSLWantWriteError:
                await self._raw.write(self._outgoing.read())
            else:
                if self._outgoing.pending:
                    await self._raw.write(self._outgoing.read())
                return result

    async def handshake(self) -> None:
        await self._call(self._tls.do_handshake)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                data: bytes = await self._call(self._tls.read, max_bytes)
                return data
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
            return b""  # closed, with or without close_notify: the end of the stream
        except ssl.SSLError as exc:
            if "UNEXPECTED_EOF" in str(exc):
                return b""
            raise httpcore.ReadError(str(exc)) from exc
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc) or "timed out reading") from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        async with _io(timeout, httpcore.WriteTimeout, httpcore.WriteError, "writing"):
            await self._call(self._tls.write, buffer)

    async def aclose(self) -> None:
        await self._raw.aclose()  # no close_notify, as AnyIOBackend (standard_compatible=False)

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return await _start_tls(self, ssl_context, server_hostname, timeout)  # TLS to a site through an HTTPS proxy

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._tls
        if info == "is_readable" and self._tls.pending():
            return True
        return self._raw.get_extra_info(info)


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections as asyncio streams. Hosts are addresses already (the guard resolved them)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        async with _io(timeout, httpcore.ConnectTimeout, httpcore.ConnectError, "connecting"):
            reader, writer = await asyncio.open_connection(
                host, port, limit=_READ_LIMIT, local_addr=(local_address, 0) if local_address else None)
        sock: socket.socket | None = writer.get_extra_info("socket")
        for option in socket_options or ():
            if sock is not None:
                sock.setsockopt(*option)
        return _Stream(reader, writer)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
