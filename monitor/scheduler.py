"""Scheduled background runs: APScheduler 3.x BlockingScheduler with the check and digest jobs.

Built to run unattended for months:
- times in an explicit IANA zone (default Europe/London), so 07:30 stays 07:30 across the
  clock changes;
- coalesce, one instance per job and a misfire grace time, so a machine that slept does not
  fire a burst of runs;
- an error in one run is logged and the next run goes ahead;
- pings to a dead-man's switch (healthcheck.py) around each check, when [healthcheck] is set;
- SIGTERM / SIGINT stop it cleanly: a run in progress gets `stop_grace_seconds` to finish,
  then it is cancelled and recorded as aborted; the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from . import crontab
from .config import Settings
from .crontab import cron_trigger
from .errors import ConfigError, MonitorError
from .healthcheck import pinger
from .models import RunState
from .run import RunHandle, execute

log = logging.getLogger("monitor.scheduler")


@dataclass(frozen=True)
class Triggers:
    check: Any
    digest: Any | None
    zone: ZoneInfo


def validate(settings: Settings) -> Triggers:
    """Build the triggers, or fail now with the field to fix (not at 3 a.m.)."""
    from apscheduler.triggers.interval import IntervalTrigger

    schedule = settings.schedule
    where = settings.config_path or "config"
    try:
        zone = crontab.zone(schedule.timezone)
    except ValueError:
        raise ConfigError(f"{where}: [schedule]: field 'timezone' is {schedule.timezone!r}, not an IANA time zone",
                          hint="Use a name like 'Europe/London'.") from None

    def cron(field_name: str, expression: str, jitter: int = 0) -> Any:
        try:
            return cron_trigger(expression, zone, jitter)
        except ValueError as exc:
            raise ConfigError(f"{where}: [schedule]: field {field_name!r} is not a valid crontab expression "
                              f"({expression!r}: {exc})", hint="Use five fields: minute hour day month weekday.") from None

    if schedule.check_cron:
        check = cron("check_cron", schedule.check_cron, schedule.check_jitter_seconds)
    else:
        if schedule.check_interval_seconds < 1:
            raise ConfigError(f"{where}: [schedule]: field 'check_interval_seconds' must be at least 1")
        check = IntervalTrigger(seconds=schedule.check_interval_seconds, jitter=schedule.check_jitter_seconds or None,
                                timezone=zone)
    digest = None
    if schedule.digest:
        if schedule.digest_interval_seconds:
            digest = IntervalTrigger(seconds=schedule.digest_interval_seconds, timezone=zone)
        else:
            digest = cron("digest_cron", schedule.digest_cron)
    return Triggers(check=check, digest=digest, zone=zone)


class Service:
    """The long-running `schedule` process."""

    def __init__(self, settings: Settings, *, digest_job: Callable[[Settings], Any] | None = None) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.blocking import BlockingScheduler

        self.settings = settings
        self.triggers = validate(settings)
        self.handle = RunHandle()
        self._digest_job = digest_job
        self._stopping = threading.Event()
        # Jobs (check or digest) still running in the scheduler's threads: the process says
        # "stopped" only after each has finished, logged its own last line, or been cancelled.
        self._jobs = 0
        self._jobs_changed = threading.Condition()
        self.scheduler = BlockingScheduler(
            timezone=self.triggers.zone,
            executors={"default": ThreadPoolExecutor(max_workers=2)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": settings.schedule.misfire_grace_seconds,
            },
        )
        self.scheduler.add_job(self.run_check, self.triggers.check, id="check", name="check")
        if self.triggers.digest is not None and digest_job is not None:
            self.scheduler.add_job(self.run_digest, self.triggers.digest, id="digest", name="digest")

    @contextlib.contextmanager
    def _job(self) -> Iterator[None]:
        with self._jobs_changed:
            self._jobs += 1
        try:
            yield
        finally:
            with self._jobs_changed:
                self._jobs -= 1
                self._jobs_changed.notify_all()

    def _wait_for_jobs(self, seconds: float) -> bool:
        with self._jobs_changed:
            return self._jobs_changed.wait_for(lambda: self._jobs == 0, timeout=seconds)

    def run_check(self) -> None:
        with self._job():
            self._run_check()

    def _run_check(self) -> None:
        if self._stopping.is_set():
            return
        started = time.monotonic()
        log.info("check: starting")
        # The dead-man's switch: an outside service hears of each run's start and end, and
        # alerts when they stop coming (a monitor that died is otherwise silent).
        ping = pinger(self.settings.healthcheck)
        ping.start()
        try:
            summary = execute(self.settings, trigger="schedule", handle=self.handle)
        except MonitorError as exc:
            log.error("check: failed: %s", exc)
            ping.failure(f"check failed: {exc}")
            return
        except BaseException as exc:  # noqa: BLE001 - one bad run must not stop the service
            if isinstance(exc, asyncio.CancelledError):
                # A planned stop is no failure to alert on; the next run's pings follow the restart.
                log.warning("check: cancelled at shutdown; the run is recorded as aborted")
                return
            # One line a person can act on; the traceback is for whoever debugs (at debug level).
            log.error("check: failed with an unexpected error (the next run goes ahead): %s: %s",
                      type(exc).__name__, exc)
            log.debug("check: the unexpected error's traceback", exc_info=exc)
            ping.failure(f"check failed with an unexpected error: {type(exc).__name__}")
            return
        from .report import summary_line

        duration = time.monotonic() - started
        if summary.state == RunState.SOURCE_ERROR:
            log.error("check: run %s: source problem: %s (%.1f s)", summary.run_id, summary.source_problem, duration)
            ping.failure(f"run {summary.run_id}: source problem: {summary.source_problem}")
        else:
            log.info("check: run %s complete: %s (%.1f s)", summary.run_id, summary_line(summary), duration)
            ping.success(f"run {summary.run_id} complete: {summary_line(summary)}")

    def run_digest(self) -> None:
        with self._job():
            self._run_digest()

    def _run_digest(self) -> None:
        if self._stopping.is_set() or self._digest_job is None:
            return
        log.info("digest: starting")
        try:
            outcome = self._digest_job(self.settings)
        except MonitorError as exc:
            log.error("digest: failed: %s", exc)
            return
        except Exception as exc:  # noqa: BLE001 - one bad digest must not stop the service
            log.error("digest: failed with an unexpected error (it stays in the outbox): %s: %s", type(exc).__name__, exc)
            log.debug("digest: the unexpected error's traceback", exc_info=exc)
            return
        log.info("digest: %s", outcome)

    def serve(self, *, run_now: bool = False) -> int:
        """Run until SIGTERM or SIGINT; returns the process exit code (0 on a clean stop)."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if run_now:
                self.scheduler.add_job(self.run_check, id="check-now", name="check (--run-now)",
                                       next_run_time=datetime.now(self.triggers.zone))
            for job in self.scheduler.get_jobs() if self.scheduler.running else []:
                log.info("scheduled %s", job)
            log.info("schedule: started (zone %s); check %s; digest %s", self.triggers.zone.key, _describe(self.triggers.check),
                     _describe(self.triggers.digest) if self._digest_job and self.triggers.digest else "off")
            self.scheduler.start()  # blocks until shutdown
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self._finish_running_work()
        log.info("schedule: stopped")
        return 0

    def _on_signal(self, signum: int, frame: object) -> None:
        log.info("schedule: %s received, stopping", signal.Signals(signum).name)
        self._stopping.set()
        self.handle.request_stop()  # a check still waiting for the run lock gives up instead of starting
        # wait=False: the signal handler must return; _finish_running_work waits with a deadline.
        self.scheduler.shutdown(wait=False)

    def _finish_running_work(self) -> None:
        # Waits for the jobs, not only the run: a check that has just finished still records and
        # logs its outcome, and that line belongs before "stopped".
        if self._wait_for_jobs(self.settings.schedule.stop_grace_seconds):
            return
        if self.handle.cancel():
            log.warning("schedule: the run in progress did not finish within %s s; cancelling it",
                        self.settings.schedule.stop_grace_seconds)
        self._wait_for_jobs(10)


def _describe(trigger: Any) -> str:
    return str(trigger) if trigger is not None else "off"
