"""A real HTTP server on loopback that keeps every request it gets: the digest's webhook channels
and the scheduler's healthcheck pings are tested against it (never a real service)."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Inbox:
    """What the server was sent; while `status` is not 2xx it answers with it and keeps nothing
    (an outage), counting the refusals in `refused`."""

    received: list[Received] = field(default_factory=list)
    status: int = 200
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accepted(self, path_prefix: str = "") -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path.startswith(path_prefix)]


class HttpReceiver:
    """`with HttpReceiver() as receiver:`; stop() and start() again keep the port (a restart)."""

    def __init__(self, port: int | None = None) -> None:
        self.inbox = Inbox()
        self.port = port or _free_port()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HttpReceiver:
        inbox = self.inbox

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with inbox.lock:
                    status = inbox.status
                    if 200 <= status < 300:
                        inbox.received.append(Received(self.command, self.path, dict(self.headers), body))
                    else:
                        inbox.refused += 1
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK" if status < 300 else b"no")

            do_GET = do_POST = do_HEAD = _handle  # noqa: N815 - http.server's hook names

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening (connections are refused: an outage); safe to call twice."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> HttpReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
