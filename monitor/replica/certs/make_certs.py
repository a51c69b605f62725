"""Generate the replica's test-only TLS material (dev-time only; needs trustme).

Run from the repository root when the host list changes:

    /work/venv/bin/python monitor/replica/certs/make_certs.py

Writes, next to this script:
  ca.pem         the test CA certificate clients trust (Replica.ca_path)
  server.pem     server private key + certificate chain for every replica host
  expired.pem    key + chain for the same hosts, signed by the same CA, expired in 2001
  untrusted.pem  key + chain for the same hosts, signed by a CA nobody trusts
  hosts.txt      the host names in the certificates' subjectAltName, one a line

The replica never imports this script: runtime code is stdlib only.
"""

from __future__ import annotations

import datetime
import pathlib
import tomllib

import trustme

HERE = pathlib.Path(__file__).resolve().parent
FORCES_TOML = HERE.parents[2] / "config" / "forces.toml"

# Hosts the replica serves that are not force domains. Keep in step with monitor/replica/default.py.
EXTRA_HOSTS = [
    "www.gov.uk",
    "gov.uk",
    "assets.publishing.service.gov.uk",
    "www.police.uk",
    "police.uk",
    "www.example-pcc.org.uk",
    "example-pcc.org.uk",
    "news.westyorkshire.police.uk",
    "replica.test",
    "*.replica.test",
    "localhost",
]


def replica_hosts() -> list[str]:
    forces = tomllib.loads(FORCES_TOML.read_text(encoding="utf-8"))["force"]
    hosts: list[str] = []
    for host in EXTRA_HOSTS:
        if host not in hosts:
            hosts.append(host)
    for force in forces:
        for domain in force["domains"]:
            # Explicit names first (what the brief promises), then a wildcard so that tests can add
            # subdomains without regenerating certificates.
            for host in (domain, f"www.{domain}", f"*.{domain}"):
                if host not in hosts:
                    hosts.append(host)
    return hosts


def main() -> None:
    hosts = replica_hosts()
    ca = trustme.CA(organization_name="Force-response monitor replica (TEST ONLY)")
    forever = datetime.datetime(2060, 1, 1)
    server = ca.issue_cert(*hosts, common_name="replica", not_after=forever)
    expired = ca.issue_cert(
        *hosts,
        common_name="replica-expired",
        not_before=datetime.datetime(2000, 1, 1),
        not_after=datetime.datetime(2001, 1, 1),
    )
    stranger = trustme.CA(organization_name="Untrusted replica CA (TEST ONLY)")
    untrusted = stranger.issue_cert(*hosts, common_name="replica-untrusted", not_after=forever)

    def pem(leaf: trustme.LeafCert) -> bytes:
        return leaf.private_key_pem.bytes() + b"".join(blob.bytes() for blob in leaf.cert_chain_pems)

    (HERE / "ca.pem").write_bytes(ca.cert_pem.bytes())
    (HERE / "server.pem").write_bytes(pem(server))
    (HERE / "expired.pem").write_bytes(pem(expired))
    (HERE / "untrusted.pem").write_bytes(pem(untrusted))
    (HERE / "hosts.txt").write_text("\n".join(hosts) + "\n", encoding="utf-8")
    print(f"wrote certificates for {len(hosts)} host names to {HERE}")


if __name__ == "__main__":
    main()
