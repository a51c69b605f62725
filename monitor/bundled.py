"""Where the default config files that ship with the monitor are: the one rule, for every module
that reads one (config.py: monitor.toml and forces.toml; recommendations.py: recommendations.toml).

Installed from a wheel they are package data in monitor/defaults (pyproject.toml maps config/ to
the package `monitor.defaults`); in a checkout they are config/ itself. Imports nothing of ours.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def bundled_config_dir() -> Path:
    """The folder of the default config files: monitor.toml, forces.toml, recommendations.toml."""
    installed = Path(__file__).resolve().parent / "defaults"
    if (installed / "monitor.toml").is_file():
        return installed
    return PROJECT_ROOT / "config"


def bundled_file(name: str) -> Path:
    """One default config file by name ("forces.toml", "recommendations.toml")."""
    return bundled_config_dir() / name
