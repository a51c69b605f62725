"""The register of the report's recommendations to chief constables (config/recommendations.toml).

It is the verifier's knowledge of the report, versioned with the code like its patterns: the
verifier reads the bundled register, and the memo key of every verdict names its contents, so a
change to it verifies every page again. Validated as strictly as the force register: a bad entry
is a ConfigError naming the file, the entry and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .bundled import bundled_file
from .errors import ConfigError
from .models import Recommendation

CONFIDENCE = ("confirmed", "one source", "gist")
# A phrase shorter than this is a few common words, which other documents use too.
MIN_PHRASE_CHARS = 20


@cache
def bundled() -> tuple[Recommendation, ...]:
    """The register the verifier uses: the one shipped with the monitor."""
    return load_register(bundled_path())


def bundled_path() -> Path:
    """Package data in an installed monitor (monitor/defaults, which pyproject maps from config/),
    config/ itself in a checkout: the one rule (monitor/bundled.py) every default file follows."""
    return bundled_file("recommendations.toml")


def load_register(path: str | Path) -> tuple[Recommendation, ...]:
    """Read and validate a recommendations register."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found", hint="Reinstall the monitor: the register ships with it") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid UTF-8 TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if set(data) != {"recommendation"} or not isinstance(data["recommendation"], list) or not data["recommendation"]:
        raise ConfigError(f"{path}: expected only [[recommendation]] entries, at least one")
    known = {f.name for f in fields(Recommendation)}
    register: list[Recommendation] = []
    seen: set[str] = set()
    numbers: set[int] = set()
    for index, entry in enumerate(data["recommendation"], start=1):
        where = f"{path}: [[recommendation]] #{index}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: not a table")
        if isinstance(entry.get("id"), str):
            where += f" (id {entry['id']!r})"
        unknown = set(entry) - known
        if unknown:
            raise ConfigError(f"{where}: unknown field {sorted(unknown)[0]!r}", hint=f"Known fields: {', '.join(sorted(known))}")
        recommendation = _entry(entry, where)
        if recommendation.id in seen:
            raise ConfigError(f"{where}: duplicate id {recommendation.id!r}")
        if recommendation.number is not None:
            if recommendation.number in numbers:
                raise ConfigError(f"{where}: number {recommendation.number} is used twice")
            numbers.add(recommendation.number)
        seen.add(recommendation.id)
        register.append(recommendation)
    return tuple(register)


def _entry(entry: dict[str, Any], where: str) -> Recommendation:
    def text(name: str, required: bool = True) -> str:
        value = entry.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: field {name!r} must be a non-empty string")
        return value.strip()

    slug = text("id")
    if slug != slug.lower() or not all(c.isalnum() or c == "-" for c in slug):
        raise ConfigError(f"{where}: field 'id' must be a lower-case slug of letters, digits and '-'")
    number = entry.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99):
        raise ConfigError(f"{where}: field 'number' must be a whole number from 1 to 99 (omit it when unknown)")
    deadline = text("deadline")
    try:
        date.fromisoformat(deadline)
    except ValueError:
        raise ConfigError(f"{where}: field 'deadline' must be a date written YYYY-MM-DD, not {deadline!r}") from None
    confidence = text("confidence", required=False) or "confirmed"
    if confidence not in CONFIDENCE:
        raise ConfigError(f"{where}: field 'confidence' must be one of {', '.join(CONFIDENCE)}")
    phrases = entry.get("phrases")
    if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
        raise ConfigError(f"{where}: field 'phrases' must list at least one phrase")
    for phrase in phrases:
        if phrase != " ".join(phrase.lower().split()):
            raise ConfigError(f"{where}: phrase {phrase!r} must be lower case with single spaces (it is matched on normalised text)")
        if len(phrase) < MIN_PHRASE_CHARS:
            raise ConfigError(f"{where}: phrase {phrase!r} is too short to be distinctive (at least {MIN_PHRASE_CHARS} characters)")
    return Recommendation(id=slug, title=text("title"), theme=text("theme"), deadline=deadline,
                          phrases=tuple(phrases), number=number, to=text("to", required=False) or "chief constables",
                          confidence=confidence)
