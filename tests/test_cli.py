"""The command line end to end: real processes against the replica on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import DEFAULT_CONFIG

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def replica_config(tmp_path: Path, replica, extra: str = "") -> Path:
    """A monitor.toml that routes every connection to the replica, as a user would write one."""
    connect_to = ", ".join(f'"{k}" = "{v}"' for k, v in replica.connect_to.items())
    path = tmp_path / "monitor.toml"
    path.write_text(f"""
[register]
path = "{(DEFAULT_CONFIG.parent / 'forces.toml').as_posix()}"
[http]
ca_bundle = "{Path(replica.ca_path).as_posix()}"
connect_to = {{ {connect_to} }}
retry_backoff = 0.05
per_host_delay = 0.0
proxy = "none"
{extra}
""")
    return path


def test_check_json_has_the_documented_shape_and_every_planted_status(tmp_path, replica, scenario):
    config = replica_config(tmp_path, replica)
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"), "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert set(data["run"]) >= {"id", "started", "finished"}
    assert data["summary"]["total"] == 43
    assert len(data["forces"]) == 43
    for force in data["forces"]:
        assert set(force) >= {"id", "name", "status", "url", "final_url", "http_status", "reason", "elapsed_ms"}
    statuses = {f["id"]: f["status"] for f in data["forces"]}
    wrong = {fid: (statuses[fid], exp.status) for fid, exp in scenario.expected.items() if statuses[fid] != exp.status}
    assert not wrong, f"forces classified differently from what the replica planted: {wrong}"
    assert sum(data["summary"][s] for s in ("published", "broken", "soft_404", "unreachable",
                                             "not_response", "not_linked", "blocked")) == 43


def test_check_table_when_piped_is_plain_and_ends_with_summary(tmp_path, replica):
    config = replica_config(tmp_path, replica)
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"), "--force", "kent", "--force", "cleveland")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["Force", "Status", "HTTP"]
    assert "\x1b[" not in result.stdout and "━" not in result.stdout and "│" not in result.stdout
    assert lines[-1] == "0/2 published, 1 broken, 1 blocked"
    assert any(line.startswith("Kent Police") and "blocked" in line for line in lines)
    assert any(line.startswith("Cleveland Police") and "404" in line for line in lines)


def test_check_one_published_force_exits_zero(tmp_path, replica):
    config = replica_config(tmp_path, replica)
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"), "--force", "merseyside", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert [f["status"] for f in data["forces"]] == ["published"]
    assert data["summary"]["line"] == "1/1 published"


def test_unknown_force_is_a_usage_error(tmp_path, replica):
    config = replica_config(tmp_path, replica)
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"), "--force", "atlantis")
    assert result.returncode == 2
    assert "unknown force id 'atlantis'" in result.stderr and "run_monitor.py forces" in result.stderr


def test_broken_config_file_exits_2_with_one_line_naming_the_field(tmp_path):
    config = tmp_path / "monitor.toml"
    config.write_text("[http]\nretries = 'many'\n")
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "monitor.toml: [http]: field 'retries' must be a whole number" in result.stderr


def test_source_down_is_exit_2_and_no_force_marked_missing(tmp_path, replica, scenario):
    # Point the source at paths the replica does not serve: both the API and the page 404.
    config = replica_config(tmp_path, replica, extra="")
    text = config.read_text().replace("[http]", "[source]\ncontent_api_url = \"https://www.gov.uk/api/content/nothing-here\"\n"
                                       "page_url = \"https://www.gov.uk/nothing-here\"\n[http]")
    config.write_text(text)
    db = tmp_path / "m.db"
    result = run_cli("check", "--config", str(config), "--db", str(db), "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["forces"] == [] and data["run"]["state"] == "source_error"
    assert "cannot read the NPCC response" in data["source_problem"]
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from checks").fetchone()[0] == 0
        assert conn.execute("select state from runs").fetchone()[0] == "source_error"


def test_forces_lists_the_register():
    result = run_cli("forces")
    assert result.returncode == 0
    assert "metropolitan" in result.stdout and result.stdout.strip().endswith("43 forces")
    listed = json.loads(run_cli("forces", "--json").stdout)
    assert len(listed) == 43 and {"id", "name", "aliases", "domains"} <= set(listed[0])


def test_demo_runs_offline_and_classifies_every_planted_fault(tmp_path, scenario):
    result = run_cli("demo", "--json", "--db", str(tmp_path / "demo.db"))
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    statuses = {f["id"]: f["status"] for f in data["forces"]}
    assert len(statuses) == 43
    wrong = {fid: (statuses[fid], exp.status) for fid, exp in scenario.expected.items() if statuses[fid] != exp.status}
    assert not wrong, wrong
    assert (tmp_path / "demo.db").exists()


def test_no_command_prints_help_and_exits_2():
    result = run_cli()
    assert result.returncode == 2 and "check" in result.stdout


def test_progress_bar_shows_on_a_terminal_and_not_when_piped(tmp_path, replica):
    import os
    import pty

    config = replica_config(tmp_path, replica)
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(config),
                                    "--db", str(tmp_path / "m.db"), "--force", "essex"],
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, text=True,
                                   env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
        os.close(slave)
        out, _ = process.communicate(timeout=60)
        terminal = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            terminal += chunk
    finally:
        os.close(master)
    assert process.returncode == 0
    assert b"checking" in terminal and b"0/1" in terminal
    # stdout was a pipe: the table is plain, and the bar went to the terminal only
    assert "checking" not in out and out.strip().splitlines()[-1] == "1/1 published"


def test_output_piped_into_a_reader_that_leaves_early_is_not_a_traceback():
    # Like `forces | head -1`, at its harshest: the reader is gone before we write anything.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, str(ROOT / "run_monitor.py"), "forces"], stdout=write_end,
                                stderr=subprocess.PIPE, text=True, timeout=60, cwd=ROOT)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
    assert result.returncode == 0


def test_every_command_is_documented_in_the_readme():
    from monitor.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._subparsers._group_actions).choices  # argparse keeps them here
    readme = (ROOT / "README.md").read_text()
    undocumented = [name for name in commands if f"| `{name}" not in readme]
    assert not undocumented, f"commands missing from the README's commands table: {undocumented}"
    for name, sub in commands.items():
        assert sub.description, f"`{name}` has no help text"
