"""Load and validate config/monitor.toml and config/forces.toml into frozen Settings.

Every mistake is a ConfigError naming the file, the entry and the field, because the person
reading it is usually fixing a file by hand. Secrets never live here: the config names the
environment variable that holds them.
"""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import math
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import crontab
from .bundled import PROJECT_ROOT, bundled_config_dir, bundled_file  # noqa: F401  (re-exported)
from .errors import ConfigError
from .models import Force

# The name of the folders the monitor uses in the user's config and data folders (platformdirs).
APP_NAME = "force-monitor"
# Where `--config` is looked for when not given, in order (README, "Where the config and database live").
CONFIG_ENV = "FORCE_MONITOR_CONFIG"
DEFAULT_CONFIG = bundled_file("monitor.toml")

CONTENT_API_URL = (
    "https://www.gov.uk/api/content/government/publications/"
    "responses-to-the-super-complaint-report-on-the-police-response-to-stalking/"
    "npcc-response-to-the-stalking-super-complaint"
)
PAGE_URL = (
    "https://www.gov.uk/government/publications/"
    "responses-to-the-super-complaint-report-on-the-police-response-to-stalking/"
    "npcc-response-to-the-stalking-super-complaint"
)


@dataclass(frozen=True)
class SourceSettings:
    content_api_url: str = CONTENT_API_URL
    page_url: str = PAGE_URL
    # Source guard: a run that finds fewer force links than this fraction of the baseline (the
    # most force links of the last `baseline_runs` good snapshots: a ratchet, so a source cut a
    # little every run cannot walk it down), or whose force links mostly point outside the forces'
    # registered domains (more than `max_off_domain_share` of them), records a source problem
    # instead of marking forces missing.
    min_link_fraction: float = 0.5
    baseline_runs: int = 10
    max_off_domain_share: float = 0.5
    # A tampered source must not make us follow thousands of links.
    max_links: int = 200


@dataclass(frozen=True)
class HttpSettings:
    user_agent: str = "force-response-monitor/{version} (+{contact})"
    contact: str = "mailto:monitor@example.org"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # per URL, retries included
    # The whole run's deadline, from its start: what is still being checked then is `unreachable`
    # ("the run's deadline passed"), never missing. Usually a few times total_timeout.
    run_timeout: float = 180.0
    retries: int = 2
    retry_backoff: float = 1.0
    retry_after_cap: float = 30.0
    per_host_limit: int = 2
    per_host_delay: float = 0.25
    global_limit: int = 20
    max_redirects: int = 10
    max_page_bytes: int = 5_000_000
    max_document_bytes: int = 25_000_000
    slow_ms: int = 5000
    respect_robots: bool = True
    ca_bundle: str | None = None
    # Networks the address guard lets through (the replica and tests allowlist loopback).
    allow_networks: tuple[str, ...] = ()
    # Like curl --connect-to: "host:port" (host may be "*") -> "ip:port". TLS and Host keep the name.
    connect_to: dict[str, str] = field(default_factory=dict)
    # "env": HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment, as curl reads
    # them; "none": always connect directly; or a proxy URL ("http://proxy.example:3128") for
    # every request, NO_PROXY still honoured. The address guard still judges each target.
    proxy: str = "env"
    # Verify certificates against the operating system's trust store (truststore), e.g. where a
    # company's TLS-inspecting proxy has its root installed there, instead of Python's defaults.
    trust_os_store: bool = False

    @property
    def user_agent_header(self) -> str:
        from . import __version__

        return self.user_agent.format(version=__version__, contact=self.contact)


@dataclass(frozen=True)
class StoreSettings:
    path: str = "monitor.db"
    confirm_runs: int = 2
    lock_timeout: float = 60.0


# Each worker is a Python process of about 50 MB.
MAX_WORKERS = 32
# Below this a verify worker cannot even start (imports, the parser's arena).
MIN_WORKER_MB = 100


@dataclass(frozen=True)
class VerifySettings:
    # Processes that read pages and documents and decide verdicts, so the checking process only
    # fetches, and a page built to take minutes or gigabytes costs its own budget and nothing
    # else. 0 verifies in the checking process itself: within the CPU budget, but with no memory
    # ceiling and the fetching stopped meanwhile (for `verify` and tests; a run ships 1).
    workers: int = 1
    # CPU time one page or document may take to be read and verified; past it the force is
    # `blocked` "not verified: the page took longer than N s to read" (never missing).
    cpu_seconds: float = 10.0
    # Each worker's address-space ceiling (a fresh worker uses about 55 MB of it); past it the
    # page or document is `blocked` "not verified" like a page over its CPU time.
    memory_mb: int = 128


# The bounds of a page's render budget: below the floor Chromium cannot even load a page; above
# the ceiling one page would hold a run for longer than the whole register usually takes.
RENDER_SECONDS = (2.0, 120.0)
RENDER_MEMORY_MB = (64, 4096)
RENDER_MAX_REQUESTS = 500


@dataclass(frozen=True)
class RenderSettings:
    """Pages that need JavaScript, read in headless Chromium (monitor/render.py).

    Off by default: it needs the Debian `chromium` package and the `render` extra (playwright),
    and a browser costs a few hundred MB while it runs.
    """

    enabled: bool = False
    # A path, or a command name looked up on PATH.
    browser: str = "/usr/bin/chromium"
    # One page's whole render (its scripts, the requests they make, reading the DOM).
    budget_seconds: float = 20.0
    # What the page may add to its tab's memory, in MB: the JavaScript heap's cap (V8's old space),
    # and, above an empty tab's own, the most its process may hold (render.py's watchdog). A
    # page past either crashes its own tab, not the run.
    memory_mb: int = 256
    # Requests one page's scripts may make (each goes through the fetcher, politely, in turn).
    max_requests: int = 50


@dataclass(frozen=True)
class ScheduleSettings:
    """When `schedule` runs the check and the digest. Validated by scheduler.validate at start-up."""

    timezone: str = "Europe/London"
    # A crontab expression ("0 */6 * * *"); when empty, the check runs every check_interval_seconds.
    check_cron: str = ""
    check_interval_seconds: int = 6 * 3600
    # Random delay added to each check, so many monitors do not hit the forces at the same second.
    check_jitter_seconds: int = 300
    digest_cron: str = "30 7 * * *"
    # When above 0, the digest runs at this interval instead of digest_cron (tests, short trials).
    digest_interval_seconds: int = 0
    digest: bool = True
    # A run that missed its time by more than this (the machine slept) is skipped, not replayed.
    misfire_grace_seconds: int = 3600
    # On SIGTERM, a run in progress gets this long to finish before it is cancelled and marked aborted.
    stop_grace_seconds: int = 30


@dataclass(frozen=True)
class DigestSettings:
    """The emailed digest. The SMTP password is read from the environment variable named here."""

    to: tuple[str, ...] = ()
    sender: str = "Force-response monitor <monitor@example.org>"
    subject_prefix: str = "Stalking responses"
    send_when: str = "changes"  # "changes", or "always" for a daily all-clear
    timezone: str = "Europe/London"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls, tls (implicit) or none
    smtp_user: str = ""
    smtp_password_env: str = "MONITOR_SMTP_PASSWORD"
    smtp_timeout: float = 30.0
    smtp_retries: int = 2
    smtp_retry_backoff: float = 2.0
    # Recent runs shown per force in the digest's table.
    strip_runs: int = 14
    settings_hint: str = "To change who receives this digest or when, edit [digest] in config/monitor.toml."


@dataclass(frozen=True)
class PublishSettings:
    """The status page and the static site (`report --format html`, `publish DIR`)."""

    # Times on the pages are shown in this zone, named on every page.
    timezone: str = "Europe/London"
    # Where the site is served from ("https://example.org/stalking-responses/"): makes the Atom
    # feeds' links absolute. Empty: links are relative to the feed, which feed readers resolve.
    base_url: str = ""
    # The open data's licence, said on the site and on the first line of every CSV file.
    licence: str = "Licence: Creative Commons Attribution 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class ChannelSettings:
    """A further digest channel ([[channel]]): an apprise URL (Teams, Slack, Matrix, ntfy, a JSON
    webhook, email), read from the environment variable named here, because such a URL carries
    its token: it never sits in a file, the database or a log line."""

    name: str  # names the channel in the outbox, messages and logs (never the URL)
    url_env: str
    timeout: float = 10.0  # seconds to connect, and again to read the answer
    retries: int = 2  # more attempts in the same delivery, with backoff
    retry_backoff: float = 2.0


@dataclass(frozen=True)
class HealthcheckSettings:
    """A dead-man's switch ([healthcheck], healthchecks.io style): the scheduler pings
    base + start_suffix when a check starts, base + success_suffix when it completes, and
    base + failure_suffix when it fails. The base URL is read from the environment variable
    named here (a ping URL is a key: whoever has it can ping), so empty means off."""

    url_env: str = ""
    start_suffix: str = "/start"
    success_suffix: str = ""
    failure_suffix: str = "/fail"
    timeout: float = 10.0
    retries: int = 2


@dataclass(frozen=True)
class Settings:
    source: SourceSettings = field(default_factory=SourceSettings)
    http: HttpSettings = field(default_factory=HttpSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    verify: VerifySettings = field(default_factory=VerifySettings)
    render: RenderSettings = field(default_factory=RenderSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)
    healthcheck: HealthcheckSettings = field(default_factory=HealthcheckSettings)
    channels: tuple[ChannelSettings, ...] = ()
    forces: tuple[Force, ...] = ()
    config_path: str | None = None

    def force(self, force_id: str) -> Force:
        for force in self.forces:
            if force.id == force_id:
                return force
        known = ", ".join(f.id for f in self.forces)
        raise ConfigError(
            f"unknown force id {force_id!r}",
            hint=f"Run `run_monitor.py forces` to list them; known ids: {known}",
        )

    def replace(self, **sections: Any) -> Settings:
        """A copy with some fields of some sections changed: replace(http={"retries": 0})."""
        changes: dict[str, Any] = {}
        for name, value in sections.items():
            current = getattr(self, name)
            if isinstance(value, dict) and dataclasses.is_dataclass(current) and not isinstance(current, type):
                changes[name] = dataclasses.replace(current, **value)
            else:
                changes[name] = value
        return dataclasses.replace(self, **changes)


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
        name: _build(cls, data.get(name, {}), config_path, f"[{name}]") for name, cls in _SECTIONS.items()
    }
    _check_urls(sections["source"], config_path)
    _check_http(sections["http"], config_path)
    _check_digest(sections["digest"], config_path)
    _check_fields(sections, config_path)
    if not sections["verify"].cpu_seconds > 0:
        raise ConfigError(f"{config_path}: [verify]: field 'cpu_seconds' must be more than 0",
                          hint="A normal page takes well under a second; 10 leaves room for the largest plans")
    if sections["verify"].memory_mb < MIN_WORKER_MB:
        raise ConfigError(f"{config_path}: [verify]: field 'memory_mb' must be at least {MIN_WORKER_MB}",
                          hint="A worker needs about 55 MB before it reads anything")
    _check_render(sections["render"], config_path)
    _check_publish(sections["publish"], config_path)
    channels = _load_channels(data.get("channel", []), config_path)
    _check_env_name(sections["healthcheck"].url_env, config_path, "[healthcheck]: field 'url_env'", optional=True)
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
        force = _build(Force, entry, path, where)
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
            _check_url(force.override_url, path, f"{where}: field 'override_url'")
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


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # Once a class: evaluating the annotations' strings took 0.7 ms a call, once per force (35 ms
    # of a check's start-up, before its first request).
    return typing.get_type_hints(cls)


def _build(cls: type, table: Any, path: Path, where: str) -> Any:
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


def _check_url(url: str, path: Path, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{path}: {where} is not an http(s) URL: {url!r}")


def _check_urls(source: SourceSettings, path: Path) -> None:
    _check_url(source.content_api_url, path, "[source]: field 'content_api_url'")
    _check_url(source.page_url, path, "[source]: field 'page_url'")
    if not 0 < source.min_link_fraction <= 1:
        raise ConfigError(f"{path}: [source]: field 'min_link_fraction' must be above 0 and at most 1")
    if not 0 <= source.max_off_domain_share < 1:
        raise ConfigError(f"{path}: [source]: field 'max_off_domain_share' must be at least 0 and below 1")
    if source.baseline_runs < 1:
        raise ConfigError(f"{path}: [source]: field 'baseline_runs' must be at least 1")


def _check_http(http: HttpSettings, path: Path) -> None:
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


def _check_render(render: RenderSettings, path: Path) -> None:
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


def _check_digest(digest: DigestSettings, path: Path) -> None:
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


# -- field rules, checked at load whatever the command -------------------------------------------

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


def _check_fields(sections: dict[str, Any], path: Path) -> None:
    for section, name, rule, must_be in FIELD_RULES:
        value = getattr(sections[section], name)
        if not rule(value):
            raise ConfigError(f"{path}: [{section}]: field {name!r} must be {must_be}, not {value!r}")
def _check_publish(publish: PublishSettings, path: Path) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(publish.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: [publish]: field 'timezone' {publish.timezone!r} is not a time zone",
                          hint='Use an IANA name such as "Europe/London" or "UTC"') from None
    if publish.base_url:
        _check_url(publish.base_url, path, "[publish]: field 'base_url'")
    if "\n" in publish.licence or "\r" in publish.licence:
        raise ConfigError(f"{path}: [publish]: field 'licence' must be one line")


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
        channel = _build(ChannelSettings, entry, path, where)
        if not channel.name or not all(c.isalnum() or c in "-_" for c in channel.name) or channel.name != channel.name.lower():
            raise ConfigError(f"{path}: {where}: field 'name' must be a lower-case word of letters, digits, '-' and '_'")
        if channel.name == EMAIL_CHANNEL or channel.name in {c.name for c in channels}:
            raise ConfigError(f"{path}: {where}: field 'name' is {channel.name!r}, which another channel already uses",
                              hint=f"{EMAIL_CHANNEL!r} is the SMTP digest of [digest]; give each channel its own name")
        _check_env_name(channel.url_env, path, f"{where}: field 'url_env'")
        if channel.timeout <= 0:
            raise ConfigError(f"{path}: {where}: field 'timeout' must be above 0")
        channels.append(channel)
    return tuple(channels)


def _check_env_name(name: str, path: Path, where: str, *, optional: bool = False) -> None:
    """An environment variable's name, never its value: a URL here would put the secret in a file."""
    if optional and not name:
        return
    if not name or not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
        raise ConfigError(f"{path}: {where} must name an environment variable (like MONITOR_TEAMS_URL), not {name!r}",
                          hint="Put the URL itself in that environment variable, never in the config file")
