"""The address guard, form by form: every way of writing an internal address is refused.

One table: each address form with the guard's verdict. The refused ones are also fetched as IP
literals through a fetcher whose `*:80` mapping leads to the replica, so a form the guard let
through would show up in the replica's access log; the public ones are let through to it.
"""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from monitor.http import Fetcher, refusal
from monitor.models import ErrorKind
from monitor.replica import behaviours

# (address, a phrase of the refusal; None: let through)
FORMS = [
    ("127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("169.254.169.254", "link-local"),
    ("100.64.0.1", "private"),  # carrier-grade NAT, shared address space
    ("fd00:ec2::254", "aws"),
    ("::1", "loopback"),
    ("::ffff:169.254.169.254", "ipv4-mapped form of 169.254.169.254"),
    ("::ffff:127.0.0.1", "ipv4-mapped form of 127.0.0.1"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"),
    ("::7f00:1", "ipv4-compatible form of 127.0.0.1"),
    ("::a9fe:a9fe", "ipv4-compatible form of 169.254.169.254"),
    ("64:ff9b::a9fe:a9fe", "nat64 form of 169.254.169.254"),
    ("64:ff9b::7f00:1", "nat64 form of 127.0.0.1"),
    ("64:ff9b:1::a9fe:a9fe", "local-use nat64"),
    ("64:ff9b:1:2:3::8", "local-use nat64"),
    ("::ffff:0:a9fe:a9fe", "siit (ipv4-translated) form of 169.254.169.254"),
    ("2002:7f00:1::1", "6to4 form of 127.0.0.1"),
    ("2002:a9fe:a9fe::1", "6to4 form of 169.254.169.254"),
    ("2002:a00:1::1", "6to4 form of 10.0.0.1"),
    ("192.0.0.192", "cloud metadata"),
    ("192.0.0.8", "ietf protocol assignment"),
    ("168.63.129.16", "cloud host-local service"),
    ("100.100.100.200", "alibaba"),
    ("192.88.99.1", "6to4 relay"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("2001:db8::1", "documentation"),
    # Public addresses, in every form, are let through.
    ("8.8.8.8", None),
    ("151.101.0.144", None),
    ("2a00:1450:4009:81f::200e", None),
    ("::ffff:8.8.8.8", None),
    ("64:ff9b::808:808", None),
    ("2002:808:808::1", None),
]


@pytest.mark.parametrize(("address", "verdict"), FORMS, ids=[address for address, _ in FORMS])
def test_each_address_form_gets_its_verdict(address, verdict):
    why = refusal(address)
    if verdict is None:
        assert why is None, why
    else:
        assert why is not None and verdict in why.lower(), why


@pytest.mark.parametrize("address", [a for a, v in FORMS if v is not None and ":" in a and not a.startswith("ff")])
def test_a_refused_ipv6_form_never_reaches_the_network(replica, settings, address):
    # settings map "*:80" to the replica: a literal the guard let through would reach it.
    guarded = settings.replace(http={"allow_networks": (), "retries": 0})
    result = _fetch(guarded, f"http://[{address}]/latest/meta-data/")
    assert result.error_kind is ErrorKind.FORBIDDEN_ADDRESS, result.error
    assert "the guard refuses it" in result.error
    assert not replica.access_log, "the guard let a request through to the replica"


@pytest.mark.parametrize("address", ["192.0.0.192", "168.63.129.16", "100.100.100.200", "192.88.99.1"])
def test_special_purpose_ipv4_literals_never_reach_the_network(replica, settings, address):
    result = _fetch(settings.replace(http={"allow_networks": (), "retries": 0}), f"http://{address}/")
    assert result.error_kind is ErrorKind.FORBIDDEN_ADDRESS, result.error
    assert not replica.access_log


def test_a_public_literal_is_let_through(replica, scenario, settings):
    # The replica answers every host on the wildcard port: a public literal goes there.
    scenario.http_upgrade = False
    scenario.with_route("8.8.8.8", "/", behaviours.page("<html><body>public</body></html>"))
    result = _fetch(settings.replace(http={"allow_networks": (), "retries": 0}), "http://8.8.8.8/")
    assert result.error_kind is None and result.status_code == 200, result.error
    assert [r.host for r in replica.access_log] == ["8.8.8.8"]


def test_allow_networks_is_the_only_way_through_and_covers_the_embedded_address():
    loopback = [ipaddress.ip_network("127.0.0.0/8")]
    assert refusal("127.0.0.1", loopback) is None
    assert refusal("::ffff:127.0.0.1", loopback) is None
    assert refusal("2002:7f00:1::1", loopback) is None
    assert refusal("::ffff:169.254.169.254", loopback) is not None
    assert refusal("fd00:ec2::254", [ipaddress.ip_network("fd00:ec2::/32")]) is None


def _fetch(settings, url):
    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await fetcher.fetch(url, respect_robots=False)

    return asyncio.run(go())
