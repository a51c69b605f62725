"""Networks people really have: a proxy from HTTPS_PROXY / NO_PROXY or the config, the address
guard still judging each target, and the operating system's trust store. Against a tiny loopback
proxy (tests/proxy_server.py) that records what it was asked and forwards to the replica."""

from __future__ import annotations

import asyncio

import pytest

from monitor.http import Fetcher
from monitor.models import ErrorKind
from monitor.run import execute
from monitor.report import summary_line
from tests.proxy_server import ProxyServer


@pytest.fixture
def proxy(replica):
    with ProxyServer(replica.connect_to) as server:
        yield server


@pytest.fixture
def no_proxy_env(monkeypatch):
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def fetch_all(settings, urls):
    async def go():
        async with Fetcher(settings.http) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(url) for url in urls))

    return asyncio.run(go())


def test_a_whole_run_through_the_configured_proxy_gives_the_same_verdicts(settings, proxy, no_proxy_env):
    direct = execute(settings, trigger="test")
    through = execute(settings.replace(http={"proxy": proxy.url}), trigger="test")
    assert summary_line(through) == summary_line(direct)
    assert [(c.force_id, c.status) for c in through.checks] == [(c.force_id, c.status) for c in direct.checks]
    # Every https request was a CONNECT tunnel through the proxy, to the host the link names.
    targets = proxy.targets()
    assert {method for method, _ in proxy.asked} == {"CONNECT"}
    assert "www.gov.uk:443" in targets and "www.kent.police.uk:443" in targets


def test_https_proxy_and_no_proxy_come_from_the_environment(settings, proxy, no_proxy_env, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "kent.police.uk,.essex.police.uk")
    results = fetch_all(settings.replace(http={"proxy": "env"}), [
        "https://www.kent.police.uk/", "https://www.essex.police.uk/", "https://www.cheshire.police.uk/"])
    assert [r.error_kind for r in results] == [None, None, None]
    assert proxy.targets() == ["www.cheshire.police.uk:443"]  # NO_PROXY names went direct


def test_proxy_none_ignores_the_environment(settings, proxy, no_proxy_env, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    [result] = fetch_all(settings.replace(http={"proxy": "none"}), ["https://www.cheshire.police.uk/"])
    assert result.error_kind is None and proxy.asked == []


def test_the_address_guard_judges_the_target_before_the_proxy_is_asked(settings, proxy, no_proxy_env):
    via_proxy = settings.replace(http={"proxy": proxy.url, "retries": 0})
    results = fetch_all(via_proxy, ["https://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/admin",
                                    "https://[::1]/", "https://0x7f.1/", "https://no-such-force.invalid/"])
    assert [r.error_kind for r in results] == [ErrorKind.FORBIDDEN_ADDRESS] * 4 + [ErrorKind.DNS]
    assert "refused by the address guard" in results[0].error
    assert proxy.asked == []  # none of them reached the proxy


def test_a_plain_http_link_goes_through_the_proxy_as_an_absolute_request(settings, proxy, no_proxy_env):
    [result] = fetch_all(settings.replace(http={"proxy": proxy.url}), ["http://www.cheshire.police.uk/"])
    # The replica's http site redirects to https: the http requests were absolute-form GETs to the
    # proxy (robots.txt first; the page rode the same connection, which this proxy relays unread),
    # and the https hop a CONNECT.
    assert (result.final_url, result.status_code) == ("https://www.cheshire.police.uk/", 200)
    assert proxy.asked == [("GET", "http://www.cheshire.police.uk/robots.txt"), ("CONNECT", "www.cheshire.police.uk:443")]


def test_the_os_trust_store_does_not_know_the_replicas_ca_unless_it_is_added(settings, no_proxy_env):
    pytest.importorskip("truststore")
    untrusting = settings.replace(http={"trust_os_store": True, "ca_bundle": None, "retries": 0})
    [refused] = fetch_all(untrusting, ["https://www.cheshire.police.uk/"])
    assert refused.error_kind is ErrorKind.TLS and "certificate" in refused.error
    [accepted] = fetch_all(settings.replace(http={"trust_os_store": True}), ["https://www.cheshire.police.uk/"])
    assert accepted.error_kind is None and accepted.status_code == 200
