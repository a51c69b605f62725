"""The monitor's settings as frozen dataclasses, one a section of monitor.toml, with their defaults.

config.py reads and checks a file into these; everything else reads them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError
from .models import Force

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
