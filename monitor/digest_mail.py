"""The digest as a message: its subject, the plain text and HTML parts (Jinja2 with autoescape:
page titles and URLs are untrusted input), and delivery by SMTP with retries."""

from __future__ import annotations

import smtplib
import socket
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from zoneinfo import ZoneInfo

from .config import DigestSettings
from .digest_data import DigestData
from .errors import DeliveryError
from .models import Status
from .presentation import (
    COLOUR,
    SYMBOL,
    local_time,
    outage_words,
    recovery_words,
    uptime_words,
)
from .presentation import environment as page_environment

# The symbols and colours every page shares (presentation.py): the HTML strip shows the same
# symbol on a colour, so colour is never the only signal.
STRIP_SYMBOL = {status: SYMBOL[status.category] for status in Status}


STATUS_COLOUR = COLOUR


def subject(data: DigestData, settings: DigestSettings) -> str:
    """'Stalking responses: 40/43 published, 2 newly broken, 1 recovered' (counts only: no page text)."""
    parts = []
    if data.outage is not None or data.source_problem:
        # First, as in the body: the newest runs could not read the NPCC response or finish.
        unreadable = data.source_problem or (data.outage is not None and data.outage.source)
        parts.append("source problem: NPCC response unreadable" if unreadable else "runs not completing")
    elif data.recovered_from is not None:
        parts.append("NPCC response read again" if data.recovered_from.source else "runs completing again")
    parts.append(f"{data.published}/{len(data.forces)} published")
    for count, words in ((len(data.newly_broken), "newly broken"), (len(data.newly_missing), "newly missing"),
                         (len(data.recovered), "recovered"), (len(data.newly_published), "newly published"),
                         (len(data.newly_blocked), "newly blocked"),
                         (len(data.content_changes), "plan changed" if len(data.content_changes) == 1 else "plans changed"),
                         (len(data.source_changes), "NPCC links changed"),
                         (len(data.coverage_changes),
                          "response answers differently" if len(data.coverage_changes) == 1 else "responses answer differently"),
                         (len(data.off_domain), "hosted off their registered domains")):
        if count:
            parts.append(f"{count} {words}")
    if not data.changed and data.outage is None:
        parts.append("no changes")
    return f"{settings.subject_prefix}: {', '.join(parts)}"


def render(data: DigestData, settings: DigestSettings) -> tuple[str, str]:
    """The text part and the HTML part, from the templates every page shares (presentation.py)."""
    zone = ZoneInfo(settings.timezone)
    common = dict(
        data=data,
        subject=subject(data, settings),
        hint=settings.settings_hint,
        zone_name=settings.timezone,
        symbol=STRIP_SYMBOL,
        colour=lambda status: STATUS_COLOUR[status.category],
        when=lambda moment: local_time(moment, zone),
        days=lambda moment: _days(data.generated_at, moment),
        pct=uptime_words,
        outage=outage_words(data.outage, lambda moment: local_time(moment, zone)) if data.outage else None,
        recovery=recovery_words(data.recovered_from, lambda moment: local_time(moment, zone)) if data.recovered_from else None,
    )
    text = page_environment(html=False, zone=zone, now=data.generated_at).get_template("digest.txt").render(**common)
    html = page_environment(html=True, zone=zone, now=data.generated_at).get_template("digest.html.j2").render(**common)
    return text, html


def compose(data: DigestData, settings: DigestSettings, *, message_id: str | None = None) -> EmailMessage:
    """A multipart/alternative message; headers come from config and counts, never from pages."""
    text, html = render(data, settings)
    message = EmailMessage()
    message["Subject"] = subject(data, settings)
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to) if settings.to else "undisclosed-recipients:;"
    message["Date"] = formatdate(data.generated_at.timestamp(), localtime=False)
    message["Message-ID"] = message_id or new_message_id(settings)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def new_message_id(settings: DigestSettings) -> str:
    domain = settings.sender.rsplit("@", 1)[-1].strip("> ") or "force-monitor.invalid"
    return make_msgid(idstring="digest", domain=domain)


def send(message: EmailMessage, settings: DigestSettings, password: str | None) -> None:
    """Hand the message to the SMTP server; raise DeliveryError when it was not accepted.

    Retries connection problems and temporary (4xx) refusals with backoff; an authentication
    failure or a permanent refusal is not retried.
    """
    import tenacity

    if not settings.to:
        raise DeliveryError("[digest] to is empty: the digest has nobody to go to",
                            hint="Add addresses to [digest] to in config/monitor.toml")

    def attempt() -> None:
        context = ssl.create_default_context()
        try:
            if settings.smtp_security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                        timeout=settings.smtp_timeout, context=context)
            else:
                client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
            with client:
                client.ehlo()
                if settings.smtp_security == "starttls":
                    client.starttls(context=context)
                    client.ehlo()
                if settings.smtp_user:
                    if password is None:
                        raise DeliveryError(f"the SMTP password is not set: export {settings.smtp_password_env}",
                                            hint=f"Set the environment variable {settings.smtp_password_env} "
                                                 "for the process that sends the digest")
                    client.login(settings.smtp_user, password)
                client.send_message(message)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"the SMTP server {settings.smtp_host}:{settings.smtp_port} refused the login for "
                                f"{settings.smtp_user!r} ({exc.smtp_code})",
                                hint=f"Check [digest] smtp_user and the password in ${settings.smtp_password_env}; "
                                     "the digest stays in the outbox") from None
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise _Temporary(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            raise DeliveryError(f"the SMTP server refused the digest: {exc.smtp_code} {_decode(exc.smtp_error)}") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"the SMTP server refused every recipient: {', '.join(exc.recipients)}") from exc
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError, OSError) as exc:
            raise _Temporary(f"{type(exc).__name__}: {exc}") from exc

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(settings.smtp_retries + 1),
        wait=tenacity.wait_exponential_jitter(multiplier=settings.smtp_retry_backoff, max=settings.smtp_retry_backoff * 8,
                                              jitter=settings.smtp_retry_backoff / 2),
        retry=tenacity.retry_if_exception_type(_Temporary),
        reraise=True,
    )
    try:
        retrying(attempt)
    except _Temporary as exc:
        raise DeliveryError(f"could not deliver the digest to {settings.smtp_host}:{settings.smtp_port} "
                            f"after {settings.smtp_retries + 1} attempts ({exc})") from exc


class _Temporary(Exception):
    """A delivery problem worth another try."""


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _days(now: datetime, moment: datetime | None) -> str:
    days = max(0, (now - moment).days) if moment else 0
    return "1 day" if days == 1 else f"{days} days"
