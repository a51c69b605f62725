"""The dead-man's switch: pings around each scheduled check, healthchecks.io style.

A monitor that has stopped is silent, and silence looks like "all well". So the scheduler tells an
outside service when each check starts, succeeds or fails; when the pings stop coming, that
service alerts someone. The three URLs are a base read from an environment variable (a ping URL
is a key: whoever has it can ping) plus a suffix each ("/start", "", "/fail" on healthchecks.io).

A ping is best effort: it never fails or delays a run beyond its own timeout and retries, and its
failure is one warning in the log that names the ping, never the URL. Each run's pings carry the
same `rid` (healthchecks.io pairs a start with its end by it, and times the run).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from .config import HealthcheckSettings

log = logging.getLogger("monitor.healthcheck")

# healthchecks.io keeps the first 100 kB of a ping's body as its log; ours is one summary line.
MAX_BODY = 10_000


@dataclass(frozen=True)
class Pinger:
    """Pings for one scheduled run. `base` None: no [healthcheck] configured, every ping is a no-op."""

    settings: HealthcheckSettings
    base: str | None
    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    sleep: Callable[[float], None] = time.sleep

    def start(self) -> bool:
        return self._ping("start", self.settings.start_suffix, "")

    def success(self, message: str) -> bool:
        return self._ping("success", self.settings.success_suffix, message)

    def failure(self, message: str) -> bool:
        return self._ping("failure", self.settings.failure_suffix, message)

    def _ping(self, kind: str, suffix: str, message: str) -> bool:
        """POST the message to base + suffix; True when the service answered 2xx."""
        if not self.base:
            return False
        import httpx

        url = self.base.rstrip("/") + suffix if suffix else self.base
        problem = ""
        for attempt in range(self.settings.retries + 1):
            if attempt:
                self.sleep(min(2.0 ** (attempt - 1), 10.0))
            try:
                # trust_env: a ping goes out to the internet, through HTTPS_PROXY if one is set.
                response = httpx.post(url, params={"rid": self.run_id}, content=message[:MAX_BODY].encode(),
                                      headers={"Content-Type": "text/plain; charset=utf-8"},
                                      timeout=self.settings.timeout, follow_redirects=True, trust_env=True)
            except httpx.HTTPError as exc:
                problem = type(exc).__name__  # its text may hold the URL
                continue
            if 200 <= response.status_code < 300:
                return True
            problem = f"HTTP {response.status_code}"
        log.warning("healthcheck: the %s ping was not accepted (%s); the run itself is unaffected", kind, problem)
        return False


def pinger(settings: HealthcheckSettings, environ: dict[str, str] | None = None) -> Pinger:
    """A Pinger for one run, its base URL read from `url_env` (unset or empty: pings are off)."""
    env = os.environ if environ is None else environ
    base = env.get(settings.url_env, "").strip() if settings.url_env else ""
    if settings.url_env and not base:
        log.warning("healthcheck: [healthcheck] url_env names %s, which is not set: no pings", settings.url_env)
    return Pinger(settings, base or None)
