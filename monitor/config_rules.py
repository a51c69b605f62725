"""What each field of monitor.toml and forces.toml must be, checked at load whatever the command.

A value a rule refuses is a ConfigError naming the file, the section or entry and the field, so a
mistake never waits for the run (or the 3 a.m. digest) that would trip over it."""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import math
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import crontab
from .errors import ConfigError
from .settings import (
    RENDER_MAX_REQUESTS,
    RENDER_MEMORY_MB,
    RENDER_SECONDS,
    DigestSettings,
    HttpSettings,
    PublishSettings,
    RenderSettings,
    SourceSettings,
)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # Once a class: evaluating the annotations' strings took 0.7 ms a call, once per force (35 ms
    # of a check's start-up, before its first request).
    return typing.get_type_hints(cls)


def build_section(cls: type, table: Any, path: Path, where: str) -> Any:
    """Build a frozen dataclass from a TOML table, refusing unknown keys and wrong types."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in ("forces", "config_path")}
    unknown = set(table) - set(fields)
    if unknown:
        raise ConfigError(
            f"{path}: {where}: unknown field {sorted(unknown)[0]!r}",
            hint=f"Known fields: {', '.join(sorted(fields))}",
        )
    values = {}
    for name, value in table.items():
        values[name] = _coerce(value, hints[name], path, f"{where}: field {name!r}")
    missing = [
        name
        for name, f in fields.items()
        if name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{path}: {where}: missing required field {missing[0]!r}")
    return cls(**values)


def _coerce(value: Any, hint: Any, path: Path, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)][0]
        return _coerce(value, inner, path, where)
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {where} must be a list of strings, not {value!r}")
        return tuple(value)
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{path}: {where} must be a table of strings")
        return dict(value)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{path}: {where} must be a number, not {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{path}: {where} must be a finite number, not {value!r}")
        if value < 0:
            raise ConfigError(f"{path}: {where} must not be negative")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{path}: {where} must be a whole number, not {value!r}")
        if value < 0:
            raise ConfigError(f"{path}: {where} must not be negative")
        if value > _LARGEST_INT:
            raise ConfigError(f"{path}: {where} is too large ({value}); at most {_LARGEST_INT}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: {where} must be true or false, not {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {where} must be a string, not {value!r}")
        return value
    raise AssertionError(f"config type {hint!r} not handled")  # our bug, not the user's


def check_url(url: str, path: Path, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{path}: {where} is not an http(s) URL: {url!r}")


def check_source(source: SourceSettings, path: Path) -> None:
    check_url(source.content_api_url, path, "[source]: field 'content_api_url'")
    check_url(source.page_url, path, "[source]: field 'page_url'")
    if not 0 < source.min_link_fraction <= 1:
        raise ConfigError(f"{path}: [source]: field 'min_link_fraction' must be above 0 and at most 1")
    if not 0 <= source.max_off_domain_share < 1:
        raise ConfigError(f"{path}: [source]: field 'max_off_domain_share' must be at least 0 and below 1")
    if source.baseline_runs < 1:
        raise ConfigError(f"{path}: [source]: field 'baseline_runs' must be at least 1")


def check_http(http: HttpSettings, path: Path) -> None:
    for name in ("total_timeout", "run_timeout"):
        if not getattr(http, name) > 0:
            raise ConfigError(f"{path}: [http]: field {name!r} must be more than 0 seconds")
    for name in ("per_host_limit", "global_limit"):
        if getattr(http, name) < 1:
            raise ConfigError(f"{path}: [http]: field {name!r} must be at least 1")
    for network in http.allow_networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(f"{path}: [http]: field 'allow_networks' has {network!r}, which is not a network") from None
    if http.proxy not in ("env", "none"):
        parts = urlsplit(http.proxy)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{path}: [http]: field 'proxy' must be \"env\", \"none\" or an http(s) URL "
                              f"like \"http://proxy.example:3128\", not {_without_password(http.proxy)!r}")
    for source, target in http.connect_to.items():
        if source.count(":") != 1 or target.rsplit(":", 1)[-1].isdigit() is False:
            raise ConfigError(
                f"{path}: [http.connect_to]: {source!r} = {target!r} must map 'host:port' to 'address:port'"
            )


def check_render(render: RenderSettings, path: Path) -> None:
    # Whether the browser is installed is not checked here: a config is shared between machines,
    # and a missing browser makes shells `blocked` with the reason, never a failed run.
    if not render.browser.strip() or any(c in render.browser for c in "\r\n\0"):
        raise ConfigError(f"{path}: [render]: field 'browser' must be a path or a command name, such as \"/usr/bin/chromium\"")
    low, high = RENDER_SECONDS
    if not low <= render.budget_seconds <= high:
        raise ConfigError(f"{path}: [render]: field 'budget_seconds' must be between {low:g} and {high:g}",
                          hint="20 seconds reads a typical single-page app")
    low_mb, high_mb = RENDER_MEMORY_MB
    if not low_mb <= render.memory_mb <= high_mb:
        raise ConfigError(f"{path}: [render]: field 'memory_mb' must be between {low_mb} and {high_mb}")
    if not 1 <= render.max_requests <= RENDER_MAX_REQUESTS:
        raise ConfigError(f"{path}: [render]: field 'max_requests' must be between 1 and {RENDER_MAX_REQUESTS}")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    return url.replace(parts.password, "***") if parts.password else url


def check_digest(digest: DigestSettings, path: Path) -> None:
    if digest.send_when not in ("changes", "always"):
        raise ConfigError(f"{path}: [digest]: field 'send_when' must be \"changes\" or \"always\", not {digest.send_when!r}")
    if digest.smtp_security not in ("starttls", "tls", "none"):
        raise ConfigError(f"{path}: [digest]: field 'smtp_security' must be \"starttls\", \"tls\" or \"none\"")
    for name, values in (("to", digest.to), ("sender", (digest.sender,))):
        for address in values:
            # A newline in an address would let a config value add mail headers.
            if "@" not in address or any(c in address for c in "\r\n"):
                raise ConfigError(f"{path}: [digest]: field {name!r} has {address!r}, which is not an email address")
    if any(c in digest.subject_prefix for c in "\r\n"):
        raise ConfigError(f"{path}: [digest]: field 'subject_prefix' must be one line")


# SQLite's largest integer; nothing we count comes near it, and no value past it can be stored.
_LARGEST_INT = 2**63 - 1


def _between(low: float, high: float) -> Callable[[Any], bool]:
    return lambda value: low <= value <= high


def _above(low: float) -> Callable[[Any], bool]:
    return lambda value: value > low


def _zone(value: str) -> bool:
    try:
        crontab.zone(value)
    except ValueError:
        return False
    return True


def _cron_or_empty(value: str) -> bool:
    if not value:
        return True
    try:
        crontab.cron_trigger(value, crontab.zone("UTC"))
    except ValueError:
        return False
    return True


def _fills_placeholders(value: str) -> bool:
    try:
        value.format(version="0", contact="x")
    except (KeyError, IndexError, ValueError):
        return False
    return True


def _one_line(value: str) -> bool:
    return not any(c in value for c in "\r\n\0")


def _existing_file_or_unset(value: str | None) -> bool:
    return value is None or Path(value).is_file()


# (section, field, rule, what the field must be): a value the rule refuses is one line naming the
# file, section and field, at load, so a mistake never waits for the run (or the 3 a.m. digest)
# that would trip over it.
FIELD_RULES: tuple[tuple[str, str, Callable[[Any], bool], str], ...] = (
    ("source", "max_links", _between(1, 100_000), "between 1 and 100000"),
    ("http", "connect_timeout", _above(0), "above 0 seconds"),
    ("http", "read_timeout", _above(0), "above 0 seconds"),
    ("http", "total_timeout", _above(0), "above 0 seconds (the whole budget for one URL)"),
    ("http", "retries", _between(0, 10), "between 0 and 10"),
    ("http", "retry_backoff", _between(0, 600), "between 0 and 600 seconds"),
    ("http", "retry_after_cap", _between(0, 86_400), "between 0 and 86400 seconds"),
    ("http", "per_host_limit", _between(1, 100), "between 1 and 100"),
    ("http", "per_host_delay", _between(0, 600), "between 0 and 600 seconds"),
    ("http", "global_limit", _between(1, 10_000), "between 1 and 10000"),
    ("http", "max_redirects", _between(0, 100), "between 0 and 100"),
    ("http", "max_page_bytes", _between(1, 10**11), "between 1 and 100000000000 bytes"),
    ("http", "max_document_bytes", _between(1, 10**11), "between 1 and 100000000000 bytes"),
    ("http", "user_agent", _fills_placeholders, "text whose only placeholders are {version} and {contact}"),
    ("http", "user_agent", _one_line, "one line"),
    ("http", "contact", _one_line, "one line"),
    ("http", "ca_bundle", _existing_file_or_unset, "a file that exists (a PEM bundle of CA certificates)"),
    ("store", "confirm_runs", _between(1, 100), "between 1 and 100 runs"),
    ("store", "lock_timeout", _between(0, 86_400), "between 0 and 86400 seconds"),
    ("schedule", "timezone", _zone, "an IANA time zone such as 'Europe/London'"),
    ("schedule", "check_cron", _cron_or_empty, "empty or a crontab line of five fields (minute hour day month weekday)"),
    ("schedule", "digest_cron", _cron_or_empty, "empty or a crontab line of five fields (minute hour day month weekday)"),
    ("schedule", "check_interval_seconds", _between(1, 10**9), "at least 1 second"),
    ("digest", "timezone", _zone, "an IANA time zone such as 'Europe/London'"),
    ("digest", "smtp_port", _between(1, 65_535), "a port between 1 and 65535"),
    ("digest", "smtp_timeout", _above(0), "above 0 seconds"),
    ("digest", "smtp_retries", _between(0, 10), "between 0 and 10"),
    ("digest", "smtp_retry_backoff", _between(0, 600), "between 0 and 600 seconds"),
    ("digest", "strip_runs", _between(1, 1000), "between 1 and 1000"),
)


def check_fields(sections: dict[str, Any], path: Path) -> None:
    for section, name, rule, must_be in FIELD_RULES:
        value = getattr(sections[section], name)
        if not rule(value):
            raise ConfigError(f"{path}: [{section}]: field {name!r} must be {must_be}, not {value!r}")


def check_publish(publish: PublishSettings, path: Path) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(publish.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: [publish]: field 'timezone' {publish.timezone!r} is not a time zone",
                          hint='Use an IANA name such as "Europe/London" or "UTC"') from None
    if publish.base_url:
        check_url(publish.base_url, path, "[publish]: field 'base_url'")
    if "\n" in publish.licence or "\r" in publish.licence:
        raise ConfigError(f"{path}: [publish]: field 'licence' must be one line")


def check_env_name(name: str, path: Path, where: str, *, optional: bool = False) -> None:
    """An environment variable's name, never its value: a URL here would put the secret in a file."""
    if optional and not name:
        return
    if not name or not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
        raise ConfigError(f"{path}: {where} must name an environment variable (like MONITOR_TEAMS_URL), not {name!r}",
                          hint="Put the URL itself in that environment variable, never in the config file")
