"""The address guard: which addresses and URLs are never fetched, judged where it counts.

GuardedBackend is an httpcore network backend that resolves names itself, so the guard judges
the address really connected to; private, loopback, link-local, multicast, special-purpose and
cloud-metadata addresses are refused (and every IPv6 form that embeds one) unless allowlisted.
`connect_to` targets are trusted as configured; an IP-literal link is judged on its own address
(a `*` mapping never launders it), and names under `.invalid` never reach DNS (RFC 6761).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from .network import AsyncioBackend


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
        self._inner = AsyncioBackend()
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
    """
    return judge(url)[1]


@functools.lru_cache(maxsize=1024)
def judge(url: str) -> tuple[httpx.URL | None, str | None]:
    """`url` parsed (once: httpx's parser checks every character, a tenth of a request's CPU), and
    why it cannot be fetched; the URL is None exactly when there is a reason.

    Both parsers must accept it: httpx quietly percent-encodes "http://[oops/" into a host name
    that urllib (robots.txt, redirects) then refuses. And httpx decodes IDNA only when asked for
    the host, so a bad "xn--" label must be asked about here, not raise from inside a request.

    Kept for the last 1,024 URLs (a pure function of the string, and httpx.URL is immutable): a
    page's URL is judged when its probe is asked for beside it, by robots.txt, and by the fetch.
    """
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme and scheme not in ("http", "https") and scheme.isascii() and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
        return None, f"a {scheme}: address ({url[:200]!r}): only http and https URLs are followed"
    try:
        port = urlsplit(url).port
        parts = httpx.URL(url)
        host = parts.host
    except (httpx.InvalidURL, ValueError) as exc:  # idna's errors are UnicodeErrors, so ValueErrors
        return None, f"{url[:200]!r}: not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return None, f"{url[:200]!r}: only http and https URLs are followed"
    if not host or "%" in host:
        # A zone id ("fe80::1%25lo") or a percent-encoded name: no host we could look up.
        return None, f"{url[:200]!r}: {host or 'no'} is not a host name we can look up"
    if port is not None and not 0 < port < 65536 or parts.port is not None and not 0 < parts.port < 65536:
        return None, f"{url[:200]!r}: port {parts.port or port} does not exist"
    return parts, None


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
