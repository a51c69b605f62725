"""mypy over monitor/ is part of the suite: the frozen dataclasses and enums at module boundaries
are only worth their words if something checks what crosses them (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def mypy_cache(request: pytest.FixtureRequest) -> str:
    """pytest's own cache when it runs (reruns then check only what changed: 0.3 s instead of 6 s),
    else none at all: a cache nobody reads again (`-p no:cacheprovider`, as bench/ runs the suite)
    cost a fifth of mypy's time to write (mypy's documented way to skip it is the null device)."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return str(cache.mkdir("mypy"))
    return os.devnull


def test_monitor_is_clean_under_mypy(request):
    # The settings ([tool.mypy] in pyproject.toml) are mypy's own, read from the checkout's root.
    result = subprocess.run([sys.executable, "-m", "mypy", "monitor/", "--cache-dir", mypy_cache(request),
                             "--no-error-summary", "--hide-error-context"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, (
        f"mypy found {len(errors)} errors in monitor/ (fix them, or say why in a narrow `# type: ignore[code]`):\n"
        + "\n".join(errors or [result.stdout, result.stderr]))
