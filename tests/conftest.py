"""Shared fixtures: the force register, a replica on loopback, settings pointed at it, a DB path.

Tests never touch the internet: every URL the monitor fetches is routed to the replica by the
fetcher's connect-to map, and the address guard allowlists loopback only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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


@pytest.fixture(scope="session")
def two_runs_db(tmp_path_factory, base_settings, replica_forces) -> Path:
    """A database of two complete runs of the default scenario, built once per test run.

    Two agreeing runs give every force a confirmed state (confirm_runs = 2), which is where most
    digest, history and unchanged-page tests start; building it per test was most of the suite's
    time. Never handed out itself: `seeded_db` copies it, so no test sees another's writes. The
    rows name the real hosts (the replica is reached through connect_to), so the copy fits any
    replica a test starts.
    """
    from monitor.run import execute
    from monitor.replica import Replica, default_scenario

    path = tmp_path_factory.mktemp("two-runs") / "monitor.db"
    with Replica(default_scenario(replica_forces)) as replica:
        settings = settings_for(replica, base_settings).replace(store={"path": str(path)})
        for _ in range(2):
            summary = execute(settings, trigger="test")
            assert summary.state == "complete", summary.source_problem
    return path


def copy_database(source: Path, target: str | Path) -> Path:
    """A private copy of a closed database (its WAL, if any, beside it)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


@pytest.fixture
def seeded_db(two_runs_db, tmp_path) -> Path:
    """This test's own copy of the two-runs database, at tmp_path/monitor.db (the `settings` path)."""
    return copy_database(two_runs_db, tmp_path / "monitor.db")


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
