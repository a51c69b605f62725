"""What the benchmark scripts share: the machine they ran on, the rule that they stay on loopback, and
a config that points the monitor at a running replica."""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import os
import platform
import socket
from pathlib import Path


def reap_fork_server() -> None:
    """Stop multiprocessing's fork server, if one runs, and reap it.

    The verify workers are forked by that server, so the kernel adds their CPU and peak memory to
    this process's RUSAGE_CHILDREN only once the server itself is reaped. No public call stops it;
    the stdlib's own tests use this one. Where workers were spawned there is nothing to stop.
    """
    server = getattr(importlib.import_module("multiprocessing.forkserver"), "_forkserver", None)
    if server is not None and hasattr(server, "_stop"):
        server._stop()


def machine() -> str:
    """The machine, for the figures: architecture, cores this process may use, memory, OS, Python."""
    memory = ""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        with open("/proc/meminfo") as handle:
            total_kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
        memory = f", {total_kb / 1024 / 1024:.1f} GiB memory"
    return (f"{platform.machine()}, nproc {len(os.sched_getaffinity(0))}{memory}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def refuse_dns() -> None:
    """From now on, asking DNS about any name fails: connect_to routes every connection to the
    replica, so a lookup would mean a request leaving loopback. IP literals and localhost pass."""
    real = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in (None, "localhost"):
            try:
                ipaddress.ip_address(name)
            except ValueError:
                raise AssertionError(f"the benchmark tried to resolve {name!r}") from None
        return real(host, *args, **kwargs)

    socket.getaddrinfo = loopback_only


def replica_config(path: Path, replica, http: str = "", more: str = "") -> Path:
    """Write a monitor.toml at `path` that reads the replica's NPCC response and reaches every
    host through it (connect_to, its CA); `http` adds lines to [http], `more` whole sections."""
    from monitor.config import DEFAULT_CONFIG
    from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL

    connect_to = ", ".join(f'"{k}" = "{v}"' for k, v in replica.connect_to.items())
    path.write_text(f"""
[register]
path = "{(DEFAULT_CONFIG.parent / 'forces.toml').as_posix()}"
[source]
content_api_url = "{CONTENT_API_URL}"
page_url = "{NPCC_PAGE_URL}"
[http]
ca_bundle = "{Path(replica.ca_path).as_posix()}"
connect_to = {{ {connect_to} }}
{http}
{more}
""")
    return path
