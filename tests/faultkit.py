"""Helpers for the fetch and fault-injection tests: loopback-only name resolution, certificates
made at test time, and a full run of the register against the replica.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from monitor.config import Settings
from monitor.http import Fetcher
from monitor.models import Check, RunSummary
from monitor.run import execute, run_once
from monitor.replica import Replica, Scenario, behaviours
from monitor.replica.scenario import split_url
from monitor.store import Store


def guard_dns(monkeypatch) -> None:
    """Fail the test if anything asks DNS about a name: tests never leave 127.0.0.0/8.

    IP literals and "localhost" (answered from /etc/hosts) are allowed; any other name means the
    fetcher bypassed connect_to or the .invalid short-cut and would have queried a real resolver.
    """
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name != "localhost":
            try:
                ipaddress.ip_address(name)
            except ValueError:
                raise AssertionError(f"a test tried to resolve {name!r}: tests must stay on loopback") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def loopback_only(monkeypatch):
    """The DNS guard as a fixture (conftest applies it to every test already)."""
    guard_dns(monkeypatch)


def held_until(gate: threading.Event, inner):
    """A replica behaviour that answers only once the test opens the gate (`gate.set()`): two
    things overlap because the test made them, not because this machine happened to be quick."""

    async def behaviour(ex):
        while not gate.is_set():
            await asyncio.sleep(0.02)
        return await behaviours.run(inner, ex)

    return behaviour


def original_behaviour(scenario: Scenario, force_id: str):
    """What the scenario serves at the force's NPCC link now (to wrap it in a fault)."""
    host, path = split_url(scenario.link_for(force_id))
    return scenario.sites[host].resolve(path)[1]


def relink(scenario: Scenario, force_id: str, url: str) -> None:
    """Point the NPCC response's link(s) for this force at another URL."""
    for link in scenario.npcc.links:
        if link.force_id == force_id:
            link.url = url


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def checks_of(settings: Settings, force_ids: Iterable[str] | None = None, **verify) -> dict[str, Check]:
    """run.execute, as `check` runs (store, lock, workers), with [verify] settings changed,
    over every force or those named (`check --force`); the run must complete. Each force's check, by id."""
    summary = execute(settings.replace(verify=verify) if verify else settings,
                      force_ids=list(force_ids) if force_ids is not None else None)
    assert summary.state == "complete", summary.source_problem
    return {check.force_id: check for check in summary.checks}


def run_register(settings: Settings, db_path: str | Path | None = None,
                 force_ids: Iterable[str] | None = None) -> tuple[RunSummary, float]:
    """run.run_once over every force (or those named, as `check --force`); returns the
    summary and the wall time in seconds."""
    wanted = list(force_ids) if force_ids is not None else None

    async def go(store: Store) -> RunSummary:
        async with Fetcher(settings.http) as fetcher:
            return await run_once(settings, fetcher, store, force_ids=wanted)

    with Store(str(db_path) if db_path else ":memory:") as store:
        started = time.monotonic()
        summary = asyncio.run(go(store))
        return summary, time.monotonic() - started


def max_overlap(replica: Replica, hosts: Iterable[str] | None = None) -> int:
    """Most requests the server was answering at once (over the given hosts, or all)."""
    wanted = set(hosts) if hosts is not None else None
    edges = []
    for record in replica.access_log:
        if wanted is None or record.host in wanted:
            edges += [(record.time_monotonic, 1), (record.time_monotonic + record.duration, -1)]
    current = peak = 0
    for _, step in sorted(edges, key=lambda edge: (edge[0], edge[1])):  # ends before starts at a tie
        current += step
        peak = max(peak, current)
    return peak


# -- certificates, made when the test runs -------------------------------------------------------


def expiring_certificate(tmp_path: Path, hosts: Iterable[str], days: float, replica_ca: str) -> tuple[str, str]:
    """A certificate for `hosts` from a new trustme CA, valid for `days` more days.

    Returns (key+chain PEM for Site.tls, a CA bundle trusting both the replica's CA and this one).
    """
    import trustme

    ca = trustme.CA(organization_name="Expiring-certificate test CA (TEST ONLY)")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    leaf = ca.issue_cert(*hosts, not_before=now - datetime.timedelta(days=300), not_after=now + datetime.timedelta(days=days))
    pem = tmp_path / "expiring.pem"
    pem.write_bytes(leaf.private_key_pem.bytes() + b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    bundle = tmp_path / "ca-bundle.pem"
    bundle.write_bytes(Path(replica_ca).read_bytes() + ca.cert_pem.bytes())
    return str(pem), str(bundle)


def self_signed_certificate(tmp_path: Path, hosts: Iterable[str]) -> str:
    """A self-signed certificate (no CA at all) naming `hosts`: key + certificate PEM path."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    hosts = list(hosts)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = tmp_path / "self-signed.pem"
    pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + cert.public_bytes(serialization.Encoding.PEM)
    )
    return str(pem)
