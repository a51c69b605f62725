"""Crontab lines and IANA time zones, read the way cron and people read them.

Shared by config (which checks every field at load, whatever the command) and the scheduler
(which builds its triggers from them), so a line `schedule` would refuse is refused by `check`
too, and both say the same thing.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def zone(name: str) -> ZoneInfo:
    """The IANA zone of that name; ValueError when there is none ("Mars/Olympus", "", "../x")."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone") from exc


def cron_trigger(expression: str, timezone: ZoneInfo, jitter: int = 0) -> Any:
    """A CronTrigger from a crontab line, with crontab's weekday numbers (0 or 7 = Sunday).

    APScheduler 3's own from_crontab passes the weekday through, where 0 means Monday: "0 7 * * 1"
    would run on Tuesdays. Numbers are translated to names, which both read the same way.
    Raises ValueError for a line cron would not take ("61 * * * *", four fields).
    """
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"wrong number of fields; got {len(fields)}, expected 5")
    minute, hour, day, month, weekday = fields
    weekday = re.sub(r"(?<![/\d])([0-7])(?!\d)", lambda m: _WEEKDAYS[int(m.group(1))], weekday)
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday, timezone=timezone,
                       jitter=jitter or None)
