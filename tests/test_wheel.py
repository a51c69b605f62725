"""The monitor as a new user gets it: a built wheel, installed in a fresh virtualenv, run from an
empty folder. Before the config shipped as package data this exited 2 with
".../site-packages/config/monitor.toml: file not found".

One module-scoped build and install (the slow part: dependencies come from PyPI through pip's
cache), then each assertion is a separate test on the same install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    # Build from a copy of exactly what the package is made of, so the build leaves nothing in the
    # checkout and cannot lean on a file that is not in the wheel.
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("monitor", "config"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = base / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(src)])
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(dist.glob("force_response_monitor-*.whl"))

    env_dir = base / "venv"
    # No pip inside the new venv (installing one takes seconds): this pip installs into it.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    # The wheel from the local folder only (--find-links); its dependencies from the package index
    # as a user gets them, through pip's cache when it has them.
    install = _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet",
                    "--disable-pip-version-check", "--find-links", str(dist), str(wheel)])
    assert install.returncode == 0, install.stderr[-3000:]
    home = base / "home"
    home.mkdir()
    # A user with no config anywhere: HOME and the XDG folders are empty temporary ones.
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share")}
    env.pop("FORCE_MONITOR_CONFIG", None)
    env.pop("PYTHONPATH", None)
    return {"wheel": wheel, "bin": bin_dir, "env": env, "base": base}


def _empty_folder(installed) -> Path:
    folder = installed["base"] / f"empty-{len(list(installed['base'].glob('empty-*')))}"
    folder.mkdir()
    return folder


def test_the_wheel_holds_every_package_and_every_default_config_file(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for toml in (ROOT / "config").glob("*.toml"):
        assert f"monitor/defaults/{toml.name}" in names, f"config/{toml.name} is not in the wheel"
    for init in ROOT.glob("monitor/**/__init__.py"):
        package = init.relative_to(ROOT).as_posix()
        assert package in names, f"{package} is not in the wheel: add its package to pyproject.toml"
    assert "monitor/templates/digest.html.j2" in names
    assert not any(name.startswith("config/") for name in names), "config/ must ship inside the package only"


def test_version_from_an_empty_folder(installed):
    folder = _empty_folder(installed)
    result = _run([str(installed["bin"] / "force-monitor"), "--version"], cwd=folder, env=installed["env"])
    assert result.returncode == 0, result.stderr
    from monitor import __version__

    assert result.stdout.strip() == f"force-response-monitor {__version__}"


def test_demo_from_an_empty_folder(installed):
    folder = _empty_folder(installed)
    result = _run([str(installed["bin"] / "force-monitor"), "demo"], cwd=folder, env=installed["env"])
    # The replica plants problems, so a working demo exits 1; 2 would be the old "file not found".
    assert result.returncode == 1, result.stderr[-2000:]
    assert re.match(r"\d+/43 published, ", result.stdout.splitlines()[-1]), result.stdout[-500:]
    assert "file not found" not in result.stderr
    assert list(folder.iterdir()) == [], "demo must leave nothing in the folder it was started from"


def test_init_then_check_reads_the_copy_and_keeps_the_database_out_of_the_current_folder(installed):
    folder = _empty_folder(installed)
    exe = str(installed["bin"] / "force-monitor")
    wrote = _run([exe, "init"], cwd=folder, env=installed["env"])
    assert wrote.returncode == 0, wrote.stderr
    config_dir = Path(installed["env"]["XDG_CONFIG_HOME"]) / "force-monitor"
    assert {p.name for p in config_dir.glob("*.toml")} == {p.name for p in (ROOT / "config").glob("*.toml")}
    # The copy is the one read: a mistake in it is reported with its path.
    (config_dir / "monitor.toml").write_text((config_dir / "monitor.toml").read_text() + "\n[nonsense]\n")
    result = _run([exe, "forces"], cwd=folder, env=installed["env"])
    assert result.returncode == 2
    assert f"{config_dir / 'monitor.toml'}: unknown section [nonsense]" in result.stderr
    again = _run([exe, "init"], cwd=folder, env=installed["env"])
    assert again.returncode == 2 and "already exists" in again.stderr
    assert list(folder.iterdir()) == []
