"""httpx's errors translated into what a person needs to know: one place, like httpx's own map.

Only httpx's own errors arrive here; anything else is our bug and propagates.
"""

from __future__ import annotations

import os
import ssl

import httpx

from ..models import ErrorKind
from .guard import AddressRefused, NameNotResolved


def classify_error(exc: httpx.HTTPError) -> tuple[ErrorKind, str]:
    """The kind of failure, and a sentence saying what happened."""
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

