"""The replica server: asyncio HTTP/1.1 on two loopback ports (plain and TLS), in a daemon thread.

Every request is dispatched by its Host header and path to the scenario's behaviours, so a client
that connects every host's port 443 to `https_port` (and 80 to `http_port`) sees a whole small web.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import pathlib
import ssl
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import _http
from ._http import BadRequest, Request, Response
from .behaviours import https_upgrade, run
from .scenario import Exchange, Scenario

CERT_DIR = pathlib.Path(__file__).resolve().parent / "certs"
CA_PATH = CERT_DIR / "ca.pem"
CERT_FILES = {
    None: CERT_DIR / "server.pem",
    "expired": CERT_DIR / "expired.pem",
    "untrusted": CERT_DIR / "untrusted.pem",
}
KEEP_ALIVE_IDLE_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class AccessRecord:
    """One request as the server saw it.

    in_flight_for_host counts requests to the same host being answered when this one started,
    this one included (1 = it was alone). time_monotonic is time.monotonic() at that moment.
    """

    time_monotonic: float
    host: str
    method: str
    path: str
    status: int  # 0 when the behaviour broke the connection before any status line
    request_headers: dict[str, str]
    bytes_sent: int
    in_flight_for_host: int
    scheme: str = "https"
    target: str = ""
    duration: float = 0.0  # so far, for a request still in progress


class Replica:
    """Run a Scenario on 127.0.0.1. Use as a context manager, or call start() and stop()."""

    def __init__(self, scenario: Scenario | None = None, *, bind: str = "127.0.0.1", ports: tuple[int, int] = (0, 0)) -> None:
        if scenario is None:
            from .default import default_scenario
            from .scenario import load_forces

            scenario = default_scenario(load_forces())
        self.scenario = scenario
        self.bind = bind
        # (http, https) to listen on; 0 lets the system choose. Fixed ports (80, 443) serve tools that
        # cannot be told a port per host, in a network namespace of their own (bench/side_by_side.py).
        self.ports = ports
        self.http_port = 0
        self.https_port = 0
        self.ca_path = str(CA_PATH)
        self.errors: list[str] = []  # tracebacks of behaviours that raised (replica bugs)
        self._log: list[AccessRecord | _LiveRecord] = []
        self._log_lock = threading.Lock()
        self._in_flight: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping: asyncio.Event | None = None
        self._startup_error: BaseException | None = None
        self._connections: set[asyncio.Task[Any]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._ssl_contexts: dict[str | None, ssl.SSLContext] = {}

    # -- public ----------------------------------------------------------------------------------

    @property
    def connect_to(self) -> dict[str, str]:
        return {"*:443": f"{self.bind}:{self.https_port}", "*:80": f"{self.bind}:{self.http_port}"}

    @property
    def access_log(self) -> list[AccessRecord]:
        """A snapshot; a request still being answered shows the status and bytes sent so far."""
        with self._log_lock:
            entries = list(self._log)
        return [e.snapshot() if isinstance(e, _LiveRecord) else e for e in entries]

    def clear_log(self) -> None:
        """Forget the requests so far (a benchmark measures a second run on its own)."""
        with self._log_lock:
            self._log.clear()

    def requests_for(self, host: str) -> list[AccessRecord]:
        host = _http.normalise_host(host)
        return [record for record in self.access_log if record.host == host]

    def max_in_flight(self, host: str) -> int:
        return max((r.in_flight_for_host for r in self.requests_for(host)), default=0)

    def reset_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    def start(self) -> Replica:
        if self._thread is not None:
            raise RuntimeError("replica already started")
        # A stopped replica may start again (on new ports); the access log is kept.
        self._ready.clear()
        self._startup_error = None
        self._in_flight.clear()
        self._thread = threading.Thread(target=self._run_loop, name="replica", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("replica did not start within 10 s")
        if self._startup_error is not None:
            raise RuntimeError(f"replica failed to start: {self._startup_error}") from self._startup_error
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if thread.is_alive() and self._stopping is not None:
            try:
                loop.call_soon_threadsafe(self._stopping.set)
            except RuntimeError:  # loop already closed
                pass
        thread.join(STOP_TIMEOUT_SECONDS + 1)
        self._thread = None

    def __enter__(self) -> Replica:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- loop thread -----------------------------------------------------------------------------

    def _run_loop(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        # Clients that drop a TLS handshake or a connection are normal here, not worth a traceback.
        loop.set_exception_handler(lambda _loop, _context: None)
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._startup_error = exc
        finally:
            self._ready.set()
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    def _ssl_context(self, name: str | None) -> ssl.SSLContext:
        ctx = self._ssl_contexts.get(name)
        if ctx is None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            # A name from CERT_FILES, or the path of a key + chain PEM a test made (e.g. with trustme).
            ctx.load_cert_chain(CERT_FILES[name] if name in CERT_FILES else pathlib.Path(str(name)))
            ctx.set_alpn_protocols(["http/1.1"])
            if name is None:
                ctx.sni_callback = self._pick_certificate
            self._ssl_contexts[name] = ctx
        return ctx

    def _pick_certificate(self, sslobj: ssl.SSLObject, server_name: str | None, _ctx: ssl.SSLContext) -> None:
        site = self.scenario.site_for(_http.normalise_host(server_name or ""))
        if site is not None and site.tls is not None:
            sslobj.context = self._ssl_context(site.tls)
        return None

    async def _main(self) -> None:
        self._stopping = asyncio.Event()
        plain = await asyncio.start_server(
            partial(self._serve_connection, scheme="http"), self.bind, self.ports[0], backlog=1024, limit=_http.MAX_HEAD_BYTES
        )
        tls = await asyncio.start_server(
            partial(self._serve_connection, scheme="https"),
            self.bind,
            self.ports[1],
            ssl=self._ssl_context(None),
            ssl_handshake_timeout=10,
            backlog=1024,
            limit=_http.MAX_HEAD_BYTES,
        )
        self.http_port = plain.sockets[0].getsockname()[1]
        self.https_port = tls.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stopping.wait()
        for server in (plain, tls):
            server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.wait(list(self._connections), timeout=STOP_TIMEOUT_SECONDS)

    # -- one connection --------------------------------------------------------------------------

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, scheme: str) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self._writers.add(writer)
        try:
            keep_alive = True
            while keep_alive:
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), KEEP_ALIVE_IDLE_SECONDS)
                except asyncio.LimitOverrunError:
                    await self._reject(writer, BadRequest("request head too large", 431), scheme)
                    return
                except (asyncio.IncompleteReadError, ConnectionError, TimeoutError, ssl.SSLError):
                    return
                try:
                    request = _http.parse_head(head, scheme)
                    length = _http.body_length(request)
                    body = await (reader.readexactly(length) if length is not None else _read_chunked(reader))
                    request = _with_body(request, body)
                except BadRequest as exc:
                    await self._reject(writer, exc, scheme)
                    return
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                keep_alive = await self._answer(request, writer, reader)
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            self._connections.discard(task)
            self._writers.discard(writer)
            writer.close()

    async def _reject(self, writer: asyncio.StreamWriter, exc: BadRequest, scheme: str) -> None:
        body = f"{exc.status} {_http.reason_phrase(exc.status)}: {exc}\n".encode()
        response = Response(exc.status, body, [("Content-Type", "text/plain; charset=utf-8")])
        data = _http.serialise_head(response, keep_alive=False, body_length=len(body)) + body
        self._record(
            AccessRecord(time.monotonic(), "", "", "", exc.status, {}, len(data), 0, scheme=scheme)
        )
        try:
            writer.write(data)
            await writer.drain()
        except ConnectionError:
            pass

    async def _answer(self, request: Request, writer: asyncio.StreamWriter, reader: asyncio.StreamReader | None = None) -> bool:
        """Answer one request; return whether the connection may be reused."""
        scenario = self.scenario
        site = scenario.site_for(request.host)
        if site is None:
            key, behaviour = request.path, scenario.unknown_host
        elif request.scheme == "http" and scenario.http_upgrade:
            key, behaviour = request.path, https_upgrade()
        else:
            key, behaviour = site.resolve(request.path)
        hits, state = scenario.count_hit(request.host, key)
        ex = Exchange(request=request, scenario=scenario, writer=writer, hits=hits, state=state, reader=reader)

        host = request.host
        self._in_flight[host] = self._in_flight.get(host, 0) + 1
        # Logged when the request starts, read live: a client that has its answer sees its record.
        self._record(_LiveRecord(time.monotonic(), request, self._in_flight[host], ex))
        try:
            response = await run(behaviour, ex)
            if response is None:  # the behaviour wrote (or broke) the stream itself
                return False
            await self._write(ex, response)
            return ex.keep_alive
        except (ConnectionError, ssl.SSLError):
            return False
        except asyncio.CancelledError:
            raise
        except Exception:  # a replica bug: say so loudly, answer 500, keep serving
            self.errors.append(traceback.format_exc())
            print(f"replica: behaviour for {host}{request.path} raised:\n{self.errors[-1]}", file=sys.stderr)
            if ex.bytes_sent == 0:
                ex.keep_alive = False
                with contextlib.suppress(ConnectionError, ssl.SSLError):
                    await self._write(ex, Response(500, b"replica behaviour error\n"))
            return False
        finally:
            self._in_flight[host] -= 1
            ex.finished = time.monotonic()

    async def _write(self, ex: Exchange, response: Response) -> None:
        if response.delay:
            await asyncio.sleep(response.delay)
        body = response.body_bytes()
        if ex.request.wants_close or "close" in _header(response, "connection"):
            ex.keep_alive = False
        head = _http.serialise_head(response, keep_alive=ex.keep_alive, body_length=len(body))
        ex.status = response.status
        no_body = ex.request.method == "HEAD" or response.status in (204, 304) or 100 <= response.status < 200
        await ex.send(head if no_body else head + body)

    def _record(self, record: AccessRecord | _LiveRecord) -> None:
        with self._log_lock:
            self._log.append(record)


@dataclass
class _LiveRecord:
    """An access-log entry whose status and byte count fill in while the request is answered."""

    started: float
    request: Request
    in_flight: int
    ex: Exchange

    def snapshot(self) -> AccessRecord:
        ex, request = self.ex, self.request
        return AccessRecord(
            time_monotonic=self.started,
            host=request.host,
            method=request.method,
            path=request.path,
            status=ex.status or 0,
            request_headers=dict(request.headers),
            bytes_sent=ex.bytes_sent,
            in_flight_for_host=self.in_flight,
            scheme=request.scheme,
            target=request.target,
            duration=(ex.finished or time.monotonic()) - self.started,
        )


def _header(response: Response, name: str) -> str:
    return ", ".join(v for k, v in response.headers if k.lower() == name).lower()


def _with_body(request: Request, body: bytes) -> Request:
    return dataclasses.replace(request, body=body) if body else request


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        line = await reader.readuntil(b"\r\n")
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as exc:
            raise BadRequest("malformed chunk size") from exc
        if size == 0:
            # trailers until the blank line
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass
            return bytes(body)
        if len(body) + size > _http.MAX_BODY_BYTES:
            raise BadRequest("request body too large", 413)
        body += await reader.readexactly(size)
        await reader.readexactly(2)
