"""Load and validate config/monitor.toml and config/forces.toml into frozen Settings.

Every mistake is a ConfigError naming the file, the entry and the field, because the person
reading it is usually fixing a file by hand. Secrets never live here: the config names the
environment variable that holds them.

The sections' dataclasses live in `settings.py` and what each field must be in `config_rules.py`;
this module finds the file, reads it and builds them (and the names stay importable from here).
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bundled import PROJECT_ROOT, bundled_config_dir, bundled_file  # noqa: F401  (re-exported)
from .config_rules import (
    build_section,
    check_digest,
    check_env_name,
    check_fields,
    check_http,
    check_publish,
    check_render,
    check_source,
    check_url,
)
from .errors import ConfigError
from .models import Force
from .settings import (
    MAX_WORKERS,
    MIN_WORKER_MB,
    ChannelSettings,
    DigestSettings,
    HealthcheckSettings,
    HttpSettings,
    PublishSettings,
    RenderSettings,
    ScheduleSettings,
    Settings,
    SourceSettings,
    StoreSettings,
    VerifySettings,
)

# The name of the folders the monitor uses in the user's config and data folders (platformdirs).
APP_NAME = "force-monitor"
# Where `--config` is looked for when not given, in order (README, "Where the config and database live").
CONFIG_ENV = "FORCE_MONITOR_CONFIG"
DEFAULT_CONFIG = bundled_file("monitor.toml")


_SECTIONS: dict[str, type] = {
    "source": SourceSettings,
    "http": HttpSettings,
    "store": StoreSettings,
    "verify": VerifySettings,
    "render": RenderSettings,
    "schedule": ScheduleSettings,
    "digest": DigestSettings,
    "publish": PublishSettings,
    "healthcheck": HealthcheckSettings,
}


@dataclass(frozen=True)
class ConfigLocation:
    """Which monitor.toml to read, and why: `origin` is option, env, cwd, user or bundled."""

    path: Path
    origin: str


def user_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def find_config(explicit: str | Path | None, *, environ: dict[str, str] | None = None,
                cwd: Path | None = None) -> ConfigLocation:
    """The config to use: `--config`, then $FORCE_MONITOR_CONFIG, then ./config/monitor.toml, then
    monitor.toml in the user config folder (`init` writes one there), then the bundled defaults.

    An explicit choice (option or variable) that does not exist is an error when read, never a
    silent fall-through to another file.
    """
    import os

    env = os.environ if environ is None else environ
    if explicit:
        return ConfigLocation(Path(explicit), "option")
    if env.get(CONFIG_ENV):
        return ConfigLocation(Path(env[CONFIG_ENV]), "env")
    local = (cwd or Path.cwd()) / "config" / "monitor.toml"
    if local.is_file():
        return ConfigLocation(local, "cwd")
    user = user_config_dir() / "monitor.toml"
    if user.is_file():
        return ConfigLocation(user, "user")
    return ConfigLocation(DEFAULT_CONFIG, "bundled")


def load_settings(path: str | Path | ConfigLocation | None = None) -> Settings:
    """Read monitor.toml and the force register it names (default: forces.toml beside it).

    Without a path: the bundled defaults. A relative `[store] path` is resolved beside the config
    file, except for the bundled defaults and the user config folder, whose database lives in the
    user data folder: never wherever the command happened to be started.
    """
    location = path if isinstance(path, ConfigLocation) else (
        ConfigLocation(Path(path), "option") if path else ConfigLocation(DEFAULT_CONFIG, "bundled"))
    config_path = location.path
    data = _read_toml(config_path)
    unknown = set(data) - set(_SECTIONS) - {"register", "channel"}
    if unknown:
        raise ConfigError(
            f"{config_path}: unknown section [{sorted(unknown)[0]}]",
            hint=f"Known sections: {', '.join(sorted([*_SECTIONS, 'register', 'channel']))}",
        )
    sections = {
        name: build_section(cls, data.get(name, {}), config_path, f"[{name}]") for name, cls in _SECTIONS.items()
    }
    check_source(sections["source"], config_path)
    check_http(sections["http"], config_path)
    check_digest(sections["digest"], config_path)
    check_fields(sections, config_path)
    if not sections["verify"].cpu_seconds > 0:
        raise ConfigError(f"{config_path}: [verify]: field 'cpu_seconds' must be more than 0",
                          hint="A normal page takes well under a second; 10 leaves room for the largest plans")
    if sections["verify"].memory_mb < MIN_WORKER_MB:
        raise ConfigError(f"{config_path}: [verify]: field 'memory_mb' must be at least {MIN_WORKER_MB}",
                          hint="A worker needs about 55 MB before it reads anything")
    check_render(sections["render"], config_path)
    check_publish(sections["publish"], config_path)
    channels = _load_channels(data.get("channel", []), config_path)
    check_env_name(sections["healthcheck"].url_env, config_path, "[healthcheck]: field 'url_env'", optional=True)
    if sections["verify"].workers > MAX_WORKERS:
        raise ConfigError(f"{config_path}: [verify]: field 'workers' must be at most {MAX_WORKERS}",
                          hint="One worker a spare core is plenty; 0 verifies in the checking process")
    register = data.get("register", {})
    if not isinstance(register, dict) or set(register) - {"path"}:
        raise ConfigError(f"{config_path}: [register] takes only `path`")
    register_path = config_path.parent / register.get("path", "forces.toml")
    forces = load_forces(register_path)
    sections["store"] = dataclasses.replace(sections["store"], path=_store_path(sections["store"].path, location))
    return Settings(**sections, channels=channels, forces=forces, config_path=str(config_path))


def _store_path(path: str, location: ConfigLocation) -> str:
    if path == ":memory:" or Path(path).is_absolute():
        return path
    base = user_data_dir() if location.origin in ("bundled", "user") else location.path.parent
    return str(base / path)


def load_forces(path: str | Path) -> tuple[Force, ...]:
    """Read and validate the force register."""
    path = Path(path)
    data = _read_toml(path)
    if set(data) - {"force"}:
        raise ConfigError(f"{path}: unknown top-level key {sorted(set(data) - {'force'})[0]!r}; expected [[force]] entries")
    entries = data.get("force")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[force]] entries found")
    forces: list[Force] = []
    seen_ids: dict[str, int] = {}
    seen_domains: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"[[force]] #{number}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where += f" (id {entry['id']!r})"
        force = build_section(Force, entry, path, where)
        if not force.id or not all(c.isalnum() or c == "-" for c in force.id) or force.id != force.id.lower():
            raise ConfigError(f"{path}: {where}: field 'id' must be a lower-case slug of letters, digits and '-'")
        if not force.name.strip():
            raise ConfigError(f"{path}: {where}: field 'name' must not be empty")
        if force.id in seen_ids:
            raise ConfigError(f"{path}: {where}: duplicate id {force.id!r} (first used by entry #{seen_ids[force.id]})")
        seen_ids[force.id] = number
        if not force.domains:
            raise ConfigError(f"{path}: {where}: field 'domains' must list at least one domain")
        domains = []
        for domain in force.domains:
            domain = domain.strip().lower().rstrip(".")
            if not domain or "/" in domain or ":" in domain or "." not in domain or " " in domain:
                raise ConfigError(f"{path}: {where}: field 'domains' has {domain!r}, which is not a domain name")
            if domain in seen_domains:
                raise ConfigError(f"{path}: {where}: domain {domain!r} is already used by force {seen_domains[domain]!r}")
            seen_domains[domain] = force.id
            domains.append(domain)
        if force.override_url is not None:
            check_url(force.override_url, path, f"{where}: field 'override_url'")
        forces.append(dataclasses.replace(force, domains=tuple(domains)))
    return tuple(forces)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found", hint="Pass --config PATH, or write an editable copy of the defaults with `force-monitor init DIR`") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start} cannot be read)",
                          hint="Save the file as UTF-8 and run again.") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc


# The SMTP digest's channel name in the outbox; a [[channel]] may not take it.
EMAIL_CHANNEL = "email"


def _load_channels(entries: Any, path: Path) -> tuple[ChannelSettings, ...]:
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: [channel] must be written [[channel]] (one table per channel)")
    channels: list[ChannelSettings] = []
    for number, entry in enumerate(entries, start=1):
        where = f"[[channel]] #{number}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            where += f" ({entry['name']!r})"
        channel = build_section(ChannelSettings, entry, path, where)
        if not channel.name or not all(c.isalnum() or c in "-_" for c in channel.name) or channel.name != channel.name.lower():
            raise ConfigError(f"{path}: {where}: field 'name' must be a lower-case word of letters, digits, '-' and '_'")
        if channel.name == EMAIL_CHANNEL or channel.name in {c.name for c in channels}:
            raise ConfigError(f"{path}: {where}: field 'name' is {channel.name!r}, which another channel already uses",
                              hint=f"{EMAIL_CHANNEL!r} is the SMTP digest of [digest]; give each channel its own name")
        check_env_name(channel.url_env, path, f"{where}: field 'url_env'")
        if channel.timeout <= 0:
            raise ConfigError(f"{path}: {where}: field 'timeout' must be above 0")
        channels.append(channel)
    return tuple(channels)


