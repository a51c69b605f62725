"""Shared fixtures: the force register, a replica on loopback, settings pointed at it, a DB path.

Tests never touch the internet: every URL the monitor fetches is routed to the replica by the
fetcher's connect-to map, and the address guard allowlists loopback only.
"""

from __future__ import annotations

import pytest

from monitor.config import Settings, load_settings


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):
    """Every test in this process: a DNS lookup of any real name fails the test (loopback only)."""
    from tests.faultkit import guard_dns

    guard_dns(monkeypatch)


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def replica_forces(base_settings):
    from monitor.replica import ReplicaForce

    return [ReplicaForce(id=f.id, name=f.name, domain=f.domains[0]) for f in base_settings.forces]


@pytest.fixture
def scenario(replica_forces):
    from monitor.replica import default_scenario

    return default_scenario(replica_forces)


@pytest.fixture
def replica(scenario):
    from monitor.replica import Replica

    with Replica(scenario) as running:
        yield running


def settings_for(replica, settings: Settings, **http) -> Settings:
    """Settings that send every connection to the replica, with fast retries for tests."""
    from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL

    return settings.replace(
        source={"content_api_url": CONTENT_API_URL, "page_url": NPCC_PAGE_URL},
        http={
            "connect_to": replica.connect_to,
            "ca_bundle": replica.ca_path,
            "retry_backoff": 0.05,
            "per_host_delay": 0.0,
            # The replica is on loopback: a proxy in the environment running the tests must not apply.
            "proxy": "none",
            **http,
        },
    )


@pytest.fixture
def settings(replica, base_settings, tmp_path) -> Settings:
    return settings_for(replica, base_settings).replace(store={"path": str(tmp_path / "monitor.db")})


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "monitor.db"


@pytest.fixture
def smtp_server():
    from tests.smtp_server import SmtpServer

    with SmtpServer() as server:
        yield server


def digest_settings_for(smtp_server, settings: Settings, **digest) -> Settings:
    """Digest settings that deliver to the loopback SMTP server, quickly."""
    return settings.replace(digest={
        "to": ("campaigns@example.org", "oversight@example.org"),
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_server.port,
        "smtp_security": "none",
        "smtp_retries": 1,
        "smtp_retry_backoff": 0.05,
        "smtp_timeout": 5.0,
        **digest,
    })
