"""The emailed digest: what changed, composed once, kept in an outbox, delivered once.

Three parts, in three modules, kept apart as urlwatch keeps its reporters and mailer apart:
- `digest_data.DigestData`: what the digest says, grouped once (built from the store by `collect`);
- `digest_mail.compose`: renders it to a multipart/alternative message (plain text + HTML, Jinja2 with
  autoescape, because page titles and URLs are untrusted input);
- delivery (here): one outbox row per digest and channel (SMTP, or an apprise channel from
  channels.py), claimed in a transaction before sending and marked sent only after the channel
  accepts it, under a stable Message-ID so a resend is recognisable. Each channel has its own
  bookmark: a failing one keeps its own digest pending while the others go ahead.
"""

from __future__ import annotations

import email
import email.policy
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

from .config import EMAIL_CHANNEL, ChannelSettings, Settings
from .digest_data import collect
from .digest_mail import compose, new_message_id, send
from .errors import DeliveryError
from .models import utc_iso
from .outbox import DigestDraft, OutboxRow
from .store import Store


@dataclass(frozen=True)
class Outcome:
    """What `deliver` did, for the CLI's and the scheduler's one line."""

    sent: tuple[str, ...] = ()  # subjects delivered
    skipped: str | None = None  # why nothing new was composed
    via: tuple[str, ...] = ()  # the channel of each subject sent, when there are several channels

    def __str__(self) -> str:
        parts = [f"sent '{subject}'" + (f" to {channel}" if channel else "")
                 for subject, channel in zip(self.sent, self.via or ("",) * len(self.sent))]
        if self.skipped:
            parts.append(self.skipped)
        return "; ".join(parts) or "nothing to do"


def preview(store: Store, settings: Settings, *, now: datetime, since: datetime | None = None) -> EmailMessage:
    """The digest that `deliver` would compose now (for its first channel), without touching the outbox."""
    configured = channels(settings)
    last = store.outbox.last_sent(configured[0].name if configured else EMAIL_CHANNEL)
    if since is None and last is not None:
        data = collect(store, settings, now=now, since=datetime.fromisoformat(last.until),
                       after_event_id=last.last_event_id)
    else:
        data = collect(store, settings, now=now, since=since)
    return compose(data, settings.digest)


@dataclass(frozen=True)
class Channel:
    """Where a digest can go: the SMTP digest ('email') or an apprise [[channel]]."""

    name: str
    send: Callable[[EmailMessage], None]  # raises DeliveryError unless the channel accepted it
    lease_seconds: float  # how long one delivery may take at most, retries included


def channels(settings: Settings, password: str | None = None) -> tuple[Channel, ...]:
    """Every configured channel: SMTP when [digest] to lists someone, then each [[channel]]."""
    from .channels import send_apprise

    found = []
    digest_settings = settings.digest
    if digest_settings.to:
        # Connect, EHLO, STARTTLS and DATA may each wait smtp_timeout; then the backoff between tries.
        lease = (digest_settings.smtp_retries + 1) * (4 * digest_settings.smtp_timeout
                                                      + 8 * digest_settings.smtp_retry_backoff)
        found.append(Channel(EMAIL_CHANNEL, lambda message: send(message, digest_settings, password), lease + 60))
    for channel in settings.channels:
        lease = (channel.retries + 1) * (2 * channel.timeout + channel.retry_backoff * 2 ** channel.retries)
        found.append(Channel(channel.name, _apprise_sender(channel, send_apprise), lease + 60))
    return tuple(found)


def _apprise_sender(channel: ChannelSettings, send_apprise: Callable[..., None]) -> Callable[[EmailMessage], None]:
    def deliver_to(message: EmailMessage) -> None:
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        send_apprise(channel, str(message["Subject"]), text.replace("\r\n", "\n"))
    return deliver_to


def deliver(store: Store, settings: Settings, *, now: datetime, since: datetime | None = None,
            password: str | None = None, only: Sequence[str] | None = None) -> Outcome:
    """Send what each channel is owed: first any digest whose last attempt may have been accepted
    (as it was, under the same Message-ID, so a duplicate is recognisable), then one digest
    covering everything since the last one that channel delivered. Each channel is claimed in a
    transaction before anything is sent (`Outbox.claim`), so two senders at once (two
    `digest --send`, or one and the scheduler) deliver a digest once. A channel that fails keeps
    its digest pending and the others go ahead; DeliveryError at the end names every failure.
    """
    if password is None:
        password = os.environ.get(settings.digest.smtp_password_env)
    targets = [c for c in channels(settings, password) if only is None or c.name in only]
    if not targets:
        raise DeliveryError("[digest] to is empty and no [[channel]] is configured: the digest has nobody to go to",
                            hint="Add addresses to [digest] to, or a [[channel]], in the config")
    sent: list[str] = []
    via: list[str] = []
    skipped: list[str] = []
    failures: list[tuple[str, DeliveryError]] = []
    for channel in targets:
        label = "" if len(targets) == 1 else f"{channel.name}: "
        try:
            subjects, why = _deliver_channel(store, settings, channel, now=now, since=since)
        except DeliveryError as exc:
            failures.append((label, exc))
            continue
        sent.extend(subjects)
        via.extend(channel.name for _ in subjects)
        if why:
            skipped.append(f"{label}{why}")
    if len(failures) == 1 and not via:
        raise failures[0][1]
    if failures:
        delivered = f" (delivered to: {', '.join(dict.fromkeys(via))})" if via else ""
        raise DeliveryError("; ".join(f"{label}{exc}" for label, exc in failures) + delivered,
                            hint="Each failed channel's digest stays in the outbox and is sent to it next time")
    return Outcome(tuple(sent), skipped="; ".join(skipped) or None, via=tuple(via) if len(targets) > 1 else ())


def _deliver_channel(store: Store, settings: Settings, channel: Channel, *, now: datetime,
                     since: datetime | None) -> tuple[list[str], str | None]:
    claimant = _claimant()
    sent: list[str] = []

    def compose_new(last: OutboxRow | None) -> DigestDraft | None:
        if since is None and last is not None:
            data = collect(store, settings, now=now, since=datetime.fromisoformat(last.until),
                       after_event_id=last.last_event_id)
        else:
            data = collect(store, settings, now=now, since=since)
        if not data.changed and settings.digest.send_when == "changes":
            return None
        message_id = new_message_id(settings.digest)
        message = compose(data, settings.digest, message_id=message_id)
        return DigestDraft(created_at=utc_iso(now), since=utc_iso(data.since) if data.since else None,
                           until=utc_iso(now), first_event_id=data.first_event_id,
                           last_event_id=data.last_event_id or 0, message_id=message_id,
                           subject=str(message["Subject"]), message=message.as_string(policy=email.policy.SMTP))

    while True:
        at = datetime.now(timezone.utc)
        claim = store.outbox.claim(channel.name, claimant, at=utc_iso(at), until=utc_iso(at + timedelta(seconds=channel.lease_seconds)),
                                   alive=_claimant_alive, compose=compose_new)
        if claim.busy is not None:
            return sent, (f"another sender ({_describe_claimant(claim.busy.claimed_by or '')}) is delivering "
                          f"digest {claim.busy.id} now; nothing more to do")
        # Resent rows: an earlier attempt's outcome is unknown, so a failure leaves it uncertain.
        for row in claim.resend:
            _attempt(store, row, channel, outcome_known=False)
            sent.append(row.subject)
        if claim.resend:
            continue  # then compose what came after them
        if claim.new is None:
            return sent, "no changes since the last digest (send_when = \"changes\")"
        _attempt(store, claim.new, channel)
        sent.append(claim.new.subject)
        return sent, None


def _attempt(store: Store, row: OutboxRow, channel: Channel, *, outcome_known: bool = True) -> None:
    message = email.message_from_string(row.message, policy=email.policy.SMTP)
    try:
        channel.send(message)
    except DeliveryError as exc:
        store.outbox.failed(row.id, str(exc), outcome_known=outcome_known)
        raise
    except BaseException as exc:
        # Our bug or an interrupt mid-send: the channel may have accepted; resend as it is next time.
        store.outbox.failed(row.id, f"{type(exc).__name__} while sending", outcome_known=False)
        raise
    store.outbox.sent(row.id, utc_iso(datetime.now(timezone.utc)))


def _claimant() -> str:
    """Who is sending: host, process and this call, so a claim names a process one can look for."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _describe_claimant(claimant: str) -> str:
    host, _, rest = claimant.partition(":")
    return f"process {rest.partition(':')[0]} on {host}"


def _claimant_alive(claimant: str) -> bool:
    """Can the sender behind a claim still be working? Across hosts, or where a process cannot be
    asked about without harm (os.kill on Windows ends it), its claim stands until it runs out."""
    host, _, rest = claimant.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or os.name != "posix":
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def scheduled_delivery(settings: Settings) -> Outcome:
    """The scheduler's digest job: deliver what is owed now."""
    with Store(settings.store.path) as store:
        return deliver(store, settings, now=datetime.now(timezone.utc))
