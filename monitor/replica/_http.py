"""HTTP/1.1 message types and a hand-written, tolerant request parser (stdlib only).

The parser is deliberately strict about what it accepts and never raises anything but BadRequest,
so a malformed request costs the client a 400 and never costs the server a crash.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass, field
from http import HTTPStatus

MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 1024 * 1024

_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class BadRequest(Exception):
    """The request cannot be parsed; answer `status` and close the connection."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Request:
    """One parsed request. Header names are lower-cased; repeated headers are joined with ", "."""

    method: str
    target: str  # as sent: "/path?query" (or absolute-form)
    path: str  # without the query string
    query: str
    version: str  # "HTTP/1.1"
    headers: dict[str, str]
    host: str  # from Host (or the absolute-form target), lower-case, without port or trailing dot
    scheme: str  # "http" or "https": which replica port the request arrived on
    body: bytes = b""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def wants_close(self) -> bool:
        tokens = {t.strip().lower() for t in self.header("connection").split(",")}
        if self.version == "HTTP/1.0":
            return "keep-alive" not in tokens
        return "close" in tokens


@dataclass
class Response:
    """What a behaviour returns for the server to write.

    `headers` are written verbatim, in order (fault behaviours may put anything there);
    the server adds Date, Server, Content-Length and Connection when they are absent.
    `delay` is slept before anything is written (a slow server: time to first byte).
    """

    status: int = 200
    body: bytes | str = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    reason: str | None = None
    delay: float = 0.0

    def body_bytes(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body

    def has_header(self, name: str) -> bool:
        return any(k.lower() == name.lower() for k, _ in self.headers)


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def http_date() -> str:
    return email.utils.formatdate(usegmt=True)


def normalise_host(value: str) -> str:
    """'WWW.Kent.Police.UK:443' -> 'www.kent.police.uk'; '[::1]:80' -> '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def parse_head(raw: bytes, scheme: str) -> Request:
    """Parse the request line and headers (everything up to and including the blank line)."""
    try:
        text = raw.decode("latin-1")
    except Exception as exc:  # pragma: no cover - latin-1 decodes every byte
        raise BadRequest("undecodable request head") from exc
    lines = text.split("\r\n")
    while lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise BadRequest("empty request")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        raise BadRequest("malformed request line")
    method, target, version = parts
    if not method or any(c not in _TOKEN_CHARS for c in method):
        raise BadRequest("malformed method")
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise BadRequest("unsupported HTTP version", 505 if version.startswith("HTTP/") else 400)
    if not target or any(ord(c) <= 0x20 or ord(c) >= 0x7F for c in target):
        raise BadRequest("malformed request target")

    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line or line[0] in " \t":
            raise BadRequest("obsolete line folding or empty header line")
        name, sep, value = line.partition(":")
        if not sep or not name or any(c not in _TOKEN_CHARS for c in name):
            raise BadRequest("malformed header line")
        key = name.lower()
        value = value.strip(" \t")
        headers[key] = f"{headers[key]}, {value}" if key in headers else value

    host = headers.get("host", "")
    if target.startswith(("http://", "https://")):
        rest = target.split("://", 1)[1]
        authority, slash, tail = rest.partition("/")
        host = authority
        target = "/" + tail if slash else "/"
    elif target != "*" and not target.startswith("/"):
        raise BadRequest("malformed request target")
    if not host and version == "HTTP/1.1":
        raise BadRequest("missing Host header")

    path, _, query = target.partition("?")
    return Request(
        method=method,
        target=target,
        path=path,
        query=query,
        version=version,
        headers=headers,
        host=normalise_host(host),
        scheme=scheme,
    )


def body_length(request: Request) -> int | None:
    """Content-Length of the request body; None when it is chunked."""
    if "chunked" in request.header("transfer-encoding").lower():
        return None
    raw = request.header("content-length", "0") or "0"
    if not raw.isdigit():
        raise BadRequest("malformed Content-Length")
    length = int(raw)
    if length > MAX_BODY_BYTES:
        raise BadRequest("request body too large", 413)
    return length


def serialise_head(response: Response, *, keep_alive: bool, body_length: int) -> bytes:
    reason = response.reason if response.reason is not None else reason_phrase(response.status)
    lines = [f"HTTP/1.1 {response.status} {reason}"]
    for name, value in response.headers:
        lines.append(f"{name}: {value}")
    if not response.has_header("date"):
        lines.append(f"Date: {http_date()}")
    if not response.has_header("server"):
        lines.append("Server: replica")
    if not response.has_header("content-length") and not response.has_header("transfer-encoding"):
        lines.append(f"Content-Length: {body_length}")
    if not keep_alive and not response.has_header("connection"):
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", errors="replace")
