"""Shared fixtures: the force register, a replica on loopback, settings pointed at it, a DB path.

Tests never touch the internet: every URL the monitor fetches is routed to the replica by the
fetcher's connect-to map, and the address guard allowlists loopback only.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from monitor.config import Settings, load_settings


# -- how the suite is spread over workers (pytest-xdist; the settings are in pyproject.toml) -----------

# Workers a core for `-n auto`. Most of a test's time is waiting (loopback servers answering on the
# scenario's schedule, child processes starting, a run's deadline), so a worker a core left the
# cores idle about 40% of a quiet run (818 tests: 207 s wall, 250 s of CPU on 2 cores). Tests do
# not depend on how fast the machine is, so more of them at once cannot make one fail.
WORKERS_PER_CORE = 3


def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto`: WORKERS_PER_CORE workers a core this process may use (PYTEST_XDIST_AUTO_NUM_WORKERS,
    if set, still decides: pytest-xdist reads it when this returns None)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return WORKERS_PER_CORE * cores


# The project's own modules compiled once, before the workers start. With PYTHONDONTWRITEBYTECODE
# set (as in this project's CI) every worker and every child process the tests start (the CLI, a
# scheduled run, a whole run beside a hostile page) compiled monitor/ and tests/ from source again:
# about 2 s of CPU a worker and 0.15 s a child, a tenth of the suite's CPU. pip compiles installed
# packages the same way whatever the variable says; __pycache__ is git-ignored, and a stale file is
# never used (Python checks each .pyc against its source's mtime and size).
COMPILED_ONCE = ("monitor", "tests")
# Likewise pytest's rewritten test modules (it caches them in __pycache__ only when bytecode may be
# written): each worker rewrote every test module's asserts again, about 2 s of CPU a worker a run.
sys.dont_write_bytecode = False


@pytest.hookimpl(trylast=True)  # after the cache plugin's: mypy keeps its cache in pytest's (test_types.py)
def pytest_configure(config) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker: the controller compiled already
        return
    import compileall

    root = Path(__file__).resolve().parent.parent
    for name in COMPILED_ONCE:
        path = root / name
        if path.is_dir():
            compileall.compile_dir(path, quiet=2, workers=1)
        elif path.is_file():
            compileall.compile_file(path, quiet=2)
    _start_mypy_early(config, root)


_EARLY_MYPY: list = []  # the mypy process started with the session (tests/test_types.py), if any


def _start_mypy_early(config, root: Path) -> None:
    """When the whole suite runs (no paths but tests/, no -k or -m, not --collect-only), start
    tests/test_types.py's mypy now, before the test workers start, so that it runs beside the
    first files instead of at the end of a busy run; the test waits for its result."""
    option = config.option
    if option.collectonly or option.keyword or option.markexpr:
        return
    here = config.invocation_params.dir
    paths = {(here / arg.split("::")[0]).resolve() for arg in config.args} or {root / "tests"}
    if not paths <= {root, root / "tests"} or any("::" in arg for arg in config.args):
        return
    import tempfile

    from tests.test_types import start_mypy_early

    folder = Path(tempfile.mkdtemp(prefix="force-monitor-mypy-"))
    _EARLY_MYPY.append((start_mypy_early(config, folder), folder))


def pytest_unconfigure(config) -> None:
    # A run stopped early (Ctrl-C, -x) must not leave mypy behind: our own child, by its object.
    for process, folder in _EARLY_MYPY:
        if process.poll() is None:
            process.kill()
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)


# The files that take longest (most waiting, then most CPU: `--durations`, and `/usr/bin/time` per
# file with -n 0), handed to workers first (--no-loadscope-reorder keeps this order), so that no
# worker starts one of them when the others have nothing left to do. It orders the run, nothing
# else: a file missing here costs time, never a result.
LONG_FIRST = (
    "tests/test_render.py",  # a browser per run
    "tests/test_hostile_web.py",  # ten runs in child processes; a 10 s run deadline spent in full
    "tests/test_operator_errors.py",  # fifty cases, most a CLI child process
    "tests/test_cli.py",
    "tests/test_faults.py",
    "tests/test_disk_full.py",
    "tests/test_render_limits.py",  # a browser per run; a 10 s render budget spent in full
    "tests/test_hostile_web_together.py",  # a 32 s run deadline spent in full
    "tests/test_hostile_web_documents.py",  # three runs in child processes, documents to their CPU budgets
    "tests/test_workers.py",
    "tests/test_documents.py",
    "tests/test_scheduler.py",
    "tests/test_patterns.py",  # every verify pattern over 1,600 texts: 8-9 s of CPU, no waiting
    "tests/test_digest_channels.py",
    "tests/test_digest_outbox.py",
    "tests/test_history_cli.py",
    "tests/test_fetch.py",
    "tests/test_wheel.py",  # build the wheel and install it alone into a new virtualenv
    "tests/test_healthcheck.py",
    "tests/test_replica.py",
    "tests/test_site_browser.py",
    "tests/test_source_guard.py",
    # mypy over monitor/: 6-10 s of CPU when its cache is cold, as in CI. Last, because when the
    # whole suite runs mypy starts with the session (tests/test_types.py) and the test only reads it.
    "tests/test_types.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:
    """The long files first (LONG_FIRST), the rest in the order collected (a stable sort); every
    worker collects the same order, as pytest-xdist requires."""

    def rank(item) -> int:
        return next((i for i, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)), len(LONG_FIRST))

    items.sort(key=rank)


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


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock` (a file) against the run's other worker processes."""
    import fcntl

    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_dir(tmp_path_factory) -> Path:
    """A folder every worker of this test run shares (the run's base temp folder: pytest-xdist
    gives each worker a folder inside it), or this process's own without workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def two_runs_db(tmp_path_factory, base_settings, replica_forces) -> Path:
    """A database of two complete runs of the default scenario, built once per test run.

    Two agreeing runs give every force a confirmed state (confirm_runs = 2), which is where most
    digest, history and unchanged-page tests start; building it per test was most of the suite's
    time. Built once for all the run's workers (the first to need it builds it under a lock, the
    others wait and take it). Never handed out itself: `seeded_db` copies it, so no test sees
    another's writes. The rows name the real hosts (the replica is reached through connect_to),
    so the copy fits any replica a test starts.
    """
    from monitor.run import execute
    from monitor.replica import Replica, default_scenario

    folder = shared_dir(tmp_path_factory) / "two-runs"
    folder.mkdir(exist_ok=True)
    path, built = folder / "monitor.db", folder / "built"
    with _exclusive(folder.with_suffix(".lock")):
        if not built.exists():
            path.unlink(missing_ok=True)  # a build that failed part-way in another worker
            with Replica(default_scenario(replica_forces)) as replica:
                settings = settings_for(replica, base_settings).replace(store={"path": str(path)})
                for _ in range(2):
                    summary = execute(settings, trigger="test")
                    assert summary.state == "complete", summary.source_problem
            built.touch()
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
