"""The disk filling mid-run: one line naming the database and the cause, exit 2, nothing lost.

The full disk is real: the run's process gets a file-size limit (RLIMIT_FSIZE) below the size of
the database it must grow, with SIGXFSZ ignored, so every write past it fails with EFBIG exactly
as a full disk's writes fail with ENOSPC (both reach SQLite as an I/O error it cannot get past).
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time

from tests.test_cli import ROOT, replica_config, run_cli

LIMIT = 64 * 1024  # bytes any file may grow to: far below a database holding one run


def _full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _runs(db) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return con.execute("SELECT id, state FROM runs ORDER BY id").fetchall()


def test_a_full_disk_mid_run_is_one_line_and_exit_2_and_the_database_stays_intact(tmp_path, replica):
    config = replica_config(tmp_path, replica)
    db = tmp_path / "m.db"
    first = run_cli("check", "--config", str(config), "--db", str(db), "--json")
    assert first.returncode == 1, first.stderr
    assert os.path.getsize(db) > LIMIT
    before = _runs(db)

    full = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(config),
                           "--db", str(db)], capture_output=True, text=True, timeout=180, cwd=ROOT,
                          preexec_fn=_full_disk)

    assert full.returncode == 2, full.stderr
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1, full.stderr
    assert lines[0].startswith(f"error: {db}: the database could not be written (")
    assert "Traceback" not in full.stderr
    # Nothing recorded before is lost, and the file is a sound database.
    assert _runs(db)[: len(before)] == before


def test_a_scheduled_run_on_a_full_disk_logs_its_cause_in_one_line(tmp_path, replica):
    config = replica_config(tmp_path, replica)
    db = tmp_path / "m.db"
    assert run_cli("check", "--config", str(config), "--db", str(db), "--json").returncode == 1
    process = subprocess.Popen([sys.executable, str(ROOT / "run_monitor.py"), "schedule", "--run-now",
                                "--config", str(config), "--db", str(db)], stderr=subprocess.PIPE, text=True,
                               cwd=ROOT, preexec_fn=_full_disk)
    lines = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if "check: failed" in line:
                break
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    failed = [line for line in lines if "check: failed" in line]
    assert failed, lines
    assert f"{db}: the database could not be written (" in failed[0]
    assert "Traceback" not in "\n".join(lines)
