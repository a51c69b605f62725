"""The emailed digest: what changed, composed once, kept in an outbox, delivered once.

Three parts, kept apart as urlwatch keeps its reporters and mailer apart:
- `DigestData`: what the digest says, grouped once (built from the store by `collect`);
- `compose`: renders it to a multipart/alternative message (plain text + HTML, Jinja2 with
  autoescape, because page titles and URLs are untrusted input);
- delivery: the outbox row is written before sending and marked sent only after the SMTP
  server accepts the message, under a stable Message-ID so a resend is recognisable.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from zoneinfo import ZoneInfo

from .config import DigestSettings
from .errors import DeliveryError
from .models import Status

ARCHIVE = "https://web.archive.org/web/*/{url}"
# One symbol per status for the text strip; the HTML strip shows the same symbol on a colour,
# so colour is never the only signal.
STRIP_SYMBOL = {
    Status.PUBLISHED: "✓",
    Status.BROKEN: "✗",
    Status.SOFT_404: "✗",
    Status.UNREACHABLE: "✗",
    Status.NOT_RESPONSE: "–",
    Status.NOT_LINKED: "–",
    Status.BLOCKED: "?",
}
STATUS_COLOUR = {"ok": "#00703c", "missing": "#b35900", "broken": "#d4351c", "unverified": "#5f3dc4"}


@dataclass(frozen=True)
class ForceLine:
    """One force as the digest shows it."""

    id: str
    name: str
    status: Status
    since: datetime | None = None
    uptime_30: float | None = None
    strip: tuple[Status, ...] = ()
    url: str | None = None
    final_url: str | None = None
    reason: str = ""

    @property
    def archive_url(self) -> str | None:
        return ARCHIVE.format(url=self.url) if self.url else None


@dataclass(frozen=True)
class Change:
    """A confirmed state change of one force."""

    force_id: str
    name: str
    from_status: Status | None
    to_status: Status
    at: datetime
    reason: str = ""
    url: str | None = None

    @property
    def archive_url(self) -> str | None:
        return ARCHIVE.format(url=self.url) if self.url else None


@dataclass(frozen=True)
class ContentChange:
    force_id: str
    name: str
    at: datetime
    diff: str  # a short unified diff of the verified text


@dataclass(frozen=True)
class SourceChange:
    at: datetime
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    public_updated_at: str | None = None


@dataclass(frozen=True)
class DigestData:
    generated_at: datetime
    since: datetime | None
    forces: tuple[ForceLine, ...]
    newly_broken: tuple[Change, ...] = ()
    newly_missing: tuple[Change, ...] = ()
    recovered: tuple[Change, ...] = ()
    newly_published: tuple[Change, ...] = ()
    content_changes: tuple[ContentChange, ...] = ()
    source_changes: tuple[SourceChange, ...] = ()
    first_event_id: int | None = None
    last_event_id: int | None = None
    version: str = ""

    @property
    def published(self) -> int:
        return sum(1 for f in self.forces if f.status is Status.PUBLISHED)

    @property
    def still_bad(self) -> tuple[ForceLine, ...]:
        """Broken or missing, longest first."""
        bad = [f for f in self.forces if f.status.category in ("broken", "missing")]
        return tuple(sorted(bad, key=lambda f: f.since or self.generated_at))

    @property
    def blocked(self) -> tuple[ForceLine, ...]:
        return tuple(f for f in self.forces if f.status is Status.BLOCKED)

    @property
    def changed(self) -> bool:
        return any((self.newly_broken, self.newly_missing, self.recovered, self.newly_published,
                    self.content_changes, self.source_changes))


def subject(data: DigestData, settings: DigestSettings) -> str:
    """'Stalking responses: 40/43 published, 2 newly broken, 1 recovered' (counts only: no page text)."""
    parts = [f"{data.published}/{len(data.forces)} published"]
    for count, words in ((len(data.newly_broken), "newly broken"), (len(data.newly_missing), "newly missing"),
                         (len(data.recovered), "recovered"), (len(data.newly_published), "newly published"),
                         (len(data.content_changes), "plan changed" if len(data.content_changes) == 1 else "plans changed"),
                         (len(data.source_changes), "NPCC links changed")):
        if count:
            parts.append(f"{count} {words}")
    if not data.changed:
        parts.append("no changes")
    return f"{settings.subject_prefix}: {', '.join(parts)}"


def render(data: DigestData, settings: DigestSettings) -> tuple[str, str]:
    """The text part and the HTML part."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    zone = ZoneInfo(settings.timezone)
    common = dict(
        data=data,
        subject=subject(data, settings),
        hint=settings.settings_hint,
        zone_name=settings.timezone,
        symbol=STRIP_SYMBOL,
        colour=lambda status: STATUS_COLOUR[status.category],
        when=lambda moment: _local(moment, zone),
        days=lambda moment: _days(data.generated_at, moment),
        pct=lambda value: "-" if value is None else f"{value:.0f}%" if value in (0, 100) else f"{value:.1f}%",
    )
    text_env = Environment(loader=PackageLoader("monitor", "templates"), autoescape=False, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    html_env = Environment(loader=PackageLoader("monitor", "templates"), autoescape=select_autoescape(["html", "j2"]),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    text = text_env.get_template("digest.txt").render(**common)
    html = html_env.get_template("digest.html.j2").render(**common)
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


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "-"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(zone)
    return f"{local:%a %d %b %Y, %H:%M} {local.tzname()}"


__all__ = [
    "ARCHIVE", "Change", "ContentChange", "DigestData", "ForceLine", "SourceChange",
    "compose", "new_message_id", "render", "send", "subject",
]
