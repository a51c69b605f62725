"""mypy over monitor/ is part of the suite: the frozen dataclasses and enums at module boundaries
are only worth their words if something checks what crosses them (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def mypy_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's own cache when it runs (reruns then check only what changed), else a temp dir."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("mypy"))
    return tmp_path_factory.mktemp("mypy-cache")


def test_monitor_is_clean_under_mypy(request, tmp_path_factory):
    # The settings ([tool.mypy] in pyproject.toml) are mypy's own, read from the checkout's root.
    result = subprocess.run([sys.executable, "-m", "mypy", "monitor/", "--cache-dir", str(mypy_cache(request, tmp_path_factory)),
                             "--no-error-summary", "--hide-error-context"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, (
        f"mypy found {len(errors)} errors in monitor/ (fix them, or say why in a narrow `# type: ignore[code]`):\n"
        + "\n".join(errors or [result.stdout, result.stderr]))
