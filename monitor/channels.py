"""The digest's further channels: apprise URLs (Teams, Slack, Matrix, ntfy, JSON webhooks, email).

Only the sending lives here; the outbox (digest.py) decides what is owed and records what was
accepted, exactly as for SMTP. Each channel's URL is read from the environment variable the
config names, because an apprise URL carries its token. The URL never leaves this module: apprise's
own log lines (which name it) are captured, not propagated, and scrubbed of every part of it
before they become an error message, which the outbox stores and the CLI prints.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from urllib.parse import parse_qsl, unquote, urlsplit

from .config import ChannelSettings
from .errors import DeliveryError

# Longer than this is cut from an error message (apprise can log a whole response body).
_ERROR_CHARS = 300


def channel_url(channel: ChannelSettings, environ: dict[str, str] | None = None) -> str:
    """The channel's apprise URL, from its environment variable, or DeliveryError saying what to set."""
    url = (environ if environ is not None else os.environ).get(channel.url_env, "").strip()
    if not url:
        raise DeliveryError(f"channel {channel.name!r}: the environment variable {channel.url_env} is not set",
                            hint=f"Export {channel.url_env} with the channel's apprise URL for the process that "
                                 "sends the digest; the digest stays in the outbox for that channel")
    return url


def send_apprise(channel: ChannelSettings, title: str, body: str, *, environ: dict[str, str] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
    """Deliver one digest (title and plain-text body) to the channel; DeliveryError unless accepted.

    apprise answers only "accepted or not" for a service, so every refusal is retried, up to
    `retries` more times with exponential backoff; then the last reason apprise gave is reported.
    """
    import apprise

    url = channel_url(channel, environ)
    secrets = _secret_parts(url)
    reason = ""
    for attempt in range(channel.retries + 1):
        if attempt:
            sleep(channel.retry_backoff * 2 ** (attempt - 1))
        accepted, log = _notify_once(apprise, url, channel.timeout, title, body)
        if accepted is None:
            raise DeliveryError(f"channel {channel.name!r}: ${channel.url_env} does not hold a URL apprise knows"
                                f"{_reason(log, secrets)}",
                                hint="Check the URL's scheme against apprise's list of services; the digest stays "
                                     "in the outbox for that channel")
        if accepted:
            return
        reason = _reason(log, secrets)
    raise DeliveryError(f"could not deliver the digest to channel {channel.name!r} after "
                        f"{channel.retries + 1} attempts{reason}",
                        hint=f"Check the service and ${channel.url_env}; the digest stays in the outbox and is "
                             "sent to that channel next time")


def _notify_once(apprise: object, url: str, timeout: float, title: str, body: str) -> tuple[bool | None, str]:
    """One apprise call with its log captured and kept from our handlers (its lines name the URL).
    Returns (None: URL not understood | accepted, the captured log)."""
    logger = logging.getLogger("apprise")
    propagate = logger.propagate
    logger.propagate = False
    try:
        with apprise.LogCapture(level=logging.INFO) as log:  # type: ignore[attr-defined]
            notifier = apprise.Apprise()  # type: ignore[attr-defined]
            # cto / rto: apprise's connect and read timeouts, seconds.
            separator = "&" if "?" in url else "?"
            if not notifier.add(f"{url}{separator}cto={timeout:g}&rto={timeout:g}"):
                return None, log.getvalue()
            accepted = bool(notifier.notify(body=body, title=title,
                                            body_format=apprise.NotifyFormat.TEXT))  # type: ignore[attr-defined]
            return accepted, log.getvalue()
    finally:
        logger.propagate = propagate


def _secret_parts(url: str) -> list[str]:
    """Every piece of the URL that may be a secret: the whole, user, password, host, each path
    segment and query value (webhook tokens live in any of them). Longest first, for replacing."""
    parts = urlsplit(url)
    pieces = {url, parts.netloc, parts.username or "", parts.password or "", parts.hostname or ""}
    pieces.update(segment for segment in parts.path.split("/"))
    pieces.update(value for _, value in parse_qsl(parts.query))
    pieces.update({unquote(piece) for piece in pieces})
    return sorted((p for p in pieces if len(p) >= 4), key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _reason(log: str, secrets: list[str]) -> str:
    """apprise's warnings and errors, one line, without the URL's parts: ' (Failed to send ...)'."""
    lines = []
    for line in log.splitlines():
        _, _, rest = line.partition(" - ")
        level, _, message = rest.partition(" - ")
        if level in ("WARNING", "ERROR", "CRITICAL") and message.strip():
            lines.append(message.strip())
    text = scrub("; ".join(dict.fromkeys(lines)), secrets)
    if len(text) > _ERROR_CHARS:
        text = text[:_ERROR_CHARS] + "..."
    return f" ({text})" if text else ""
