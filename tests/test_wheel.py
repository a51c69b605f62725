"""The monitor as a new user gets it: a built wheel, installed in a fresh virtualenv, run from an
empty folder. Before the config shipped as package data this exited 2 with
".../site-packages/config/monitor.toml: file not found".

One module-scoped build and install, then each assertion is a separate test on the same install.
The wheel is installed with --no-deps: its dependencies are the ones this suite already runs on,
put on the new venv's path by a .pth line (resolving and unpacking twenty packages from the index
was 10 s of CPU, the suite's largest single step). That the wheel declares everything it imports
is checked apart, on the wheel's own files (`test_the_wheel_declares_every_package_it_imports`),
and that the program runs is the installed copy's, not the checkout's (`test_the_installed_copy_is_the_one_that_runs`).
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
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
    # The wheel alone, from the local folder; no index is asked for anything.
    install = _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet",
                    "--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)])
    assert install.returncode == 0, install.stderr[-3000:]
    # Its dependencies: this environment's site-packages, as a path line in a .pth file of the new
    # venv. Python adds that folder to sys.path (after the venv's own) but does not read the .pth
    # files inside it, so the checkout's editable install (a .pth there) is not activated; that the
    # `monitor` which runs is the wheel's is checked (test_the_installed_copy_is_the_one_that_runs).
    site_packages = Path(_run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              env={"PATH": os.environ.get("PATH", "")}).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "zz_test_dependencies.pth").write_text("".join(f"{d}\n" for d in sorted(deps)))
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


def test_the_installed_copy_is_the_one_that_runs(installed):
    # The dependencies' folder holds the checkout's editable install too, and the checkout is one
    # folder up from the tests: the tests above prove something about the wheel only if the
    # `monitor` the new venv imports is the copy the wheel installed.
    folder = _empty_folder(installed)
    result = _run([str(installed["bin"] / "python"), "-c", "import monitor; print(monitor.__file__)"],
                  cwd=folder, env=installed["env"])
    assert result.returncode == 0, result.stderr
    where = Path(result.stdout.strip()).resolve()
    assert where.is_relative_to(installed["base"].resolve() / "venv"), f"monitor was imported from {where}"


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503): "Jinja2>=3.1" -> "jinja2"."""
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert found, requirement
    return re.sub(r"[-_.]+", "-", found.group(1)).lower()


def _installed_with(declared: set[str]) -> set[str]:
    """The distributions a pip install of `declared` brings: them and what they require (no extras)."""
    seen: set[str] = set()
    todo = list(declared)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.distribution(name).requires or []
        except importlib.metadata.PackageNotFoundError:
            continue  # not installed here (an extra nobody asked for): it brings nothing we can see
        todo += [_name(r) for r in requires if "extra ==" not in r.split(";", 1)[-1]]
    return seen


def test_the_wheel_declares_every_package_it_imports(installed):
    """The install above takes its dependencies from this environment, so a package the monitor
    imports but the wheel does not require would go unnoticed there: every third-party import in
    the wheel's own modules must come from a distribution its Requires-Dist brings (directly, or
    as a dependency of one it names; an extra's, like playwright for [render], counts)."""
    wheel = zipfile.ZipFile(installed["wheel"])
    metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    requires = [line.split(":", 1)[1] for line in wheel.read(metadata).decode().splitlines()
                if line.startswith("Requires-Dist:")]
    brought = _installed_with({_name(r) for r in requires})
    imported: dict[str, str] = {}
    for member in wheel.namelist():
        if not member.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(wheel.read(member), member)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                imported.setdefault(name.split(".")[0], member)
    third_party = {top: member for top, member in imported.items()
                   if top not in sys.stdlib_module_names and top not in ("monitor", "__future__")}
    assert {"httpx", "jinja2", "selectolax"} <= third_party.keys(), sorted(third_party)  # the walk sees imports
    providers = importlib.metadata.packages_distributions()
    missing = {top: member for top, member in third_party.items()
               if not {_name(d) for d in providers.get(top, [])} & brought}
    assert not missing, (f"the wheel imports {sorted(missing)} (in {sorted(set(missing.values()))}) but no "
                         f"Requires-Dist brings them: add them to [project] dependencies in pyproject.toml")
