"""TLS: the trust a run verifies certificates against, and what a certificate warns about."""

from __future__ import annotations

import functools
import os
import ssl
import weakref
from datetime import datetime, timezone
from typing import Any

import httpx

from ..config import HttpSettings

CERT_EXPIRY_WARNING_DAYS = 14


def tls_context(http: HttpSettings) -> ssl.SSLContext:
    """Python's default trust (OpenSSL's default certificate paths), or with `trust_os_store` the
    operating system's own store through truststore (the Keychain on macOS, the certificate store
    on Windows, the system bundle on Linux); `ca_bundle` is added to either.

    Built once per trust settings and shared: loading the system's roots costs tens of
    milliseconds, and a context holds no per-connection state. The bundle's modification time is
    part of the key, so a long-running scheduler sees a bundle that was replaced.
    """
    mtime = os.stat(http.ca_bundle).st_mtime_ns if http.ca_bundle and os.path.exists(http.ca_bundle) else None
    return _context(http.trust_os_store, http.ca_bundle or None, mtime)


@functools.lru_cache(maxsize=8)
def _context(trust_os_store: bool, ca_bundle: str | None, mtime: int | None) -> ssl.SSLContext:
    if trust_os_store:
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.create_default_context()
    if ca_bundle:
        context.load_verify_locations(ca_bundle)
    return context


# When each connection's certificate expires (None: not TLS, or no date), read once per
# connection: finding the SSL object through anyio's attribute layers and decoding the
# certificate cost more than the rest of handling a small response.
_EXPIRIES: weakref.WeakKeyDictionary[Any, datetime | None] = weakref.WeakKeyDictionary()


def certificate_warnings(response: httpx.Response) -> list[str]:
    """"certificate expires in N days" when the connection's certificate is near its end."""
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

