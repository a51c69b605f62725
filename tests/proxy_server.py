"""A tiny forward proxy on loopback that records what it was asked: CONNECT tunnels (https) and
absolute-form requests (http). It sends every connection to an upstream chosen by port, like the
fetcher's connect_to, so a test's proxy reaches the replica and never the internet."""

from __future__ import annotations

import socket
import socketserver
import threading
from urllib.parse import urlsplit


class ProxyServer:
    def __init__(self, upstream: dict[str, str]) -> None:
        """upstream: {"*:443": "127.0.0.1:<port>", ...}: where a request for any host on that port goes."""
        self.upstream = {key.split(":", 1)[1]: value for key, value in upstream.items()}
        self.asked: list[tuple[str, str]] = []  # (method, target) as the client sent them
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def targets(self) -> list[str]:
        with self._lock:
            return [target for _, target in self.asked]

    def _handle(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(65536)
            if not chunk:
                return
            head += chunk
        request_line, _, rest = head.partition(b"\r\n")
        method, target, version = request_line.decode("latin-1").split(" ", 2)
        with self._lock:
            self.asked.append((method, target))
        if method == "CONNECT":
            port = target.rsplit(":", 1)[1]
            upstream = self._connect(port)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            extra = head.partition(b"\r\n\r\n")[2]  # anything the client sent past the CONNECT head
        else:
            parts = urlsplit(target)
            upstream = self._connect(str(parts.port or 80))
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            upstream.sendall(f"{method} {path} {version}\r\n".encode("latin-1") + rest)
            extra = b""
        if extra:
            upstream.sendall(extra)
        self._relay(client, upstream)

    def _connect(self, port: str) -> socket.socket:
        address, upstream_port = self.upstream[port].rsplit(":", 1)
        return socket.create_connection((address, int(upstream_port)))

    @staticmethod
    def _relay(a: socket.socket, b: socket.socket) -> None:
        def pump(source: socket.socket, sink: socket.socket) -> None:
            try:
                while chunk := source.recv(65536):
                    sink.sendall(chunk)
            except OSError:
                pass
            finally:
                for sock in (source, sink):
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        other = threading.Thread(target=pump, args=(b, a), daemon=True)
        other.start()
        pump(a, b)
        other.join(timeout=30)
        b.close()

    def __enter__(self) -> ProxyServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
