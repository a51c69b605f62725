"""mypy over monitor/ is part of the suite: the frozen dataclasses and enums at module boundaries
are only worth their words if something checks what crosses them (issue 16).

mypy is one process of about 6 s of CPU (cold cache, as in CI). Run by this test when its turn
came, it was often the last thing a busy run waited for (64 s of wall time at load 10), so when
the whole suite runs, tests/conftest.py starts it as the session starts (`start_mypy_early`) and
this test only reads its result; run alone, or with a selection, the test runs mypy itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the early run writes: mypy's output, then its exit status (written last: the run is over).
EARLY_ENV = "FORCE_MONITOR_TEST_MYPY_DIR"


def mypy_command(config) -> list[str]:
    """mypy over monitor/, its settings ([tool.mypy] in pyproject.toml) read from the checkout's root.

    The cache: pytest's own when it keeps one (reruns then check only what changed: 0.3 s instead
    of 6 s), else none at all: a cache nobody reads again (`-p no:cacheprovider`, as bench/ runs
    the suite) cost a fifth of mypy's time to write (mypy's documented way to skip it is the null
    device)."""
    cache = getattr(config, "cache", None)
    cache_dir = str(cache.mkdir("mypy")) if cache is not None else os.devnull
    return [sys.executable, "-m", "mypy", "monitor/", "--cache-dir", cache_dir, "--no-error-summary",
            "--hide-error-context"]


def start_mypy_early(config, folder: Path) -> subprocess.Popen:
    """Start mypy now, writing into `folder` (out.txt, then returncode once it has ended), and
    tell this test where (EARLY_ENV, which the test workers inherit)."""
    out = (folder / "out.txt").open("w")
    process = subprocess.Popen(mypy_command(config), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)

    def record() -> None:
        code = process.wait()
        out.close()
        (folder / "returncode.tmp").write_text(str(code))
        (folder / "returncode.tmp").replace(folder / "returncode")  # whole or absent, never half-written

    threading.Thread(target=record, name="mypy-early", daemon=True).start()
    os.environ[EARLY_ENV] = str(folder)
    return process


def early_result(folder: Path, timeout: float = 600.0) -> tuple[int, str]:
    """The early run's exit status and output, once it has ended."""
    done = folder / "returncode"
    end = time.monotonic() + timeout
    while not done.exists():
        assert time.monotonic() < end, f"mypy started with the session had not ended after {timeout:g} s"
        time.sleep(0.2)
    return int(done.read_text()), (folder / "out.txt").read_text()


def test_monitor_is_clean_under_mypy(request):
    early = os.environ.get(EARLY_ENV)
    if early:
        returncode, output = early_result(Path(early))
    else:
        result = subprocess.run(mypy_command(request.config), cwd=ROOT, capture_output=True, text=True, timeout=600)
        returncode, output = result.returncode, result.stdout + result.stderr
    errors = [line for line in output.splitlines() if ": error:" in line]
    assert returncode == 0 and not errors, (
        f"mypy found {len(errors)} errors in monitor/ (fix them, or say why in a narrow `# type: ignore[code]`):\n"
        + "\n".join(errors or [output]))
