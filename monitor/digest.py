"""The emailed digest: what changed, composed once, kept in an outbox, delivered once.

Three parts, kept apart as urlwatch keeps its reporters and mailer apart:
- `DigestData`: what the digest says, grouped once (built from the store by `collect`);
- `compose`: renders it to a multipart/alternative message (plain text + HTML, Jinja2 with
  autoescape, because page titles and URLs are untrusted input);
- delivery: one outbox row per digest and channel (SMTP, or an apprise channel from
  channels.py), claimed in a transaction before sending and marked sent only after the channel
  accepts it, under a stable Message-ID so a resend is recognisable. Each channel has its own
  bookmark: a failing one keeps its own digest pending while the others go ahead.
"""

from __future__ import annotations

import email
import email.policy
import os
import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from zoneinfo import ZoneInfo

from .config import EMAIL_CHANNEL, ChannelSettings, DigestSettings, Settings
from .errors import DeliveryError
from .models import Event, ForceCoverage, Outage, Recommendation, RunState, Status, utc_iso
from .outbox import DigestDraft, OutboxRow
from .presentation import COLOUR, SYMBOL, local_time, off_domain_words, outage_words, recovery_words, safe_url, uptime_words
from .presentation import environment as page_environment
from .recommendations import bundled as bundled_register
from .store import Store

ARCHIVE = "https://web.archive.org/web/*/{url}"
# The symbols and colours every page shares (presentation.py): the HTML strip shows the same
# symbol on a colour, so colour is never the only signal.
STRIP_SYMBOL = {status: SYMBOL[status.category] for status in Status}
STATUS_COLOUR = COLOUR


def _archive(url: str | None) -> str | None:
    """The Internet Archive's copies of an http(s) page; none for anything else."""
    return ARCHIVE.format(url=url) if safe_url(url) else None


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
    # "hosted off Kent Police's registered domains: example.org", whatever the status.
    warning: str = ""

    @property
    def archive_url(self) -> str | None:
        return _archive(self.url)


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
        return _archive(self.url)


@dataclass(frozen=True)
class PlanChange:
    """A force's verified plan text changed."""

    force_id: str
    name: str
    at: datetime
    diff: str  # a short unified diff of the verified text


@dataclass(frozen=True)
class CoverageChange:
    """A force's published response answers other recommendations, or states a newer update, than
    its newest published check before this digest's period did (both read from stored evidence)."""

    force_id: str
    name: str
    at: datetime  # the check that saw it
    added: tuple[str, ...] = ()  # "Recommendation 10 (training)"
    dropped: tuple[str, ...] = ()
    update: str | None = None  # the newer latest update ("March 2026"), when there is one
    previous_update: str | None = None


def coverage_change(before: ForceCoverage, now: ForceCoverage, name: str,
                    register: Sequence[Recommendation]) -> CoverageChange | None:
    """What changed between two readings of one force's response; None when nothing did."""
    labels = {r.id: f"{r.label} ({r.theme})" if r.number is not None else r.title for r in register}
    order = {r.id: i for i, r in enumerate(register)}

    def sort(ids: set[str]) -> tuple[str, ...]:
        return tuple(labels.get(i, i) for i in sorted(ids, key=lambda i: (order.get(i, len(order)), i)))

    added, dropped = set(now.ids) - set(before.ids), set(before.ids) - set(now.ids)
    newer = now.update_key is not None and (before.update_key is None or now.update_key > before.update_key)
    if not added and not dropped and not newer:
        return None
    return CoverageChange(now.force_id, name, _dt(now.checked_at), sort(added), sort(dropped),
                          now.latest_update if newer else None, before.latest_update)


@dataclass(frozen=True)
class LinkUpdate:
    """The NPCC response's force links changed."""

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
    newly_blocked: tuple[Change, ...] = ()
    content_changes: tuple[PlanChange, ...] = ()
    source_changes: tuple[LinkUpdate, ...] = ()
    coverage_changes: tuple[CoverageChange, ...] = ()
    # The newest run's source problem (the guard's words, confirmed or not), while it lasts.
    source_problem: str | None = None
    first_event_id: int | None = None
    last_event_id: int | None = None
    version: str = ""
    # The newest runs could not finish (said first), and whether that began in this period.
    outage: Outage | None = None
    outage_began: bool = False
    # Runs in this period that could not finish, when a later run did: the recovery.
    recovered_from: Outage | None = None

    @property
    def published(self) -> int:
        return sum(1 for f in self.forces if f.status is Status.PUBLISHED)

    @property
    def still_bad(self) -> tuple[ForceLine, ...]:
        """Broken or missing before this digest's period too, longest first (the newly broken or
        missing are listed under what changed, not twice)."""
        new = {c.force_id for c in (*self.newly_broken, *self.newly_missing)}
        bad = [f for f in self.forces if f.status.category in ("broken", "missing") and f.id not in new]
        return tuple(sorted(bad, key=lambda f: f.since or self.generated_at))

    @property
    def blocked(self) -> tuple[ForceLine, ...]:
        return tuple(f for f in self.forces if f.status is Status.BLOCKED)

    @property
    def off_domain(self) -> tuple[ForceLine, ...]:
        return tuple(f for f in self.forces if f.warning)

    @property
    def changed(self) -> bool:
        """Worth sending under send_when = "changes": a confirmed change of a force, a source
        problem in the newest run, or runs that could not finish beginning or ending this period."""
        return any((self.newly_broken, self.newly_missing, self.recovered, self.newly_published,
                    self.newly_blocked, self.content_changes, self.source_changes, self.coverage_changes,
                    self.source_problem,
                    self.outage_began, self.recovered_from is not None))


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


__all__ = [
    "ARCHIVE", "Change", "Channel", "CoverageChange", "coverage_change", "DigestData", "ForceLine", "LinkUpdate", "PlanChange", "Outcome",
    "channels", "collect", "compose", "deliver", "new_message_id", "preview", "render", "send", "subject",
]


# -- from the store to DigestData -------------------------------------------------------------


def collect(store: Store, settings: Settings, *, now: datetime, since: datetime | None = None,
            after_event_id: int | None = None) -> DigestData:
    """Group everything the digest says, once: changes after the bookmark, every force's state."""
    from . import __version__

    names = {force.id: force.name for force in settings.forces}
    forces = {force.id: force for force in settings.forces}
    since_iso = utc_iso(since) if since else None
    if after_event_id is not None:
        events = store.events(after_id=after_event_id)
    else:
        events = store.events(since=since_iso)
    plan_changes = tuple(
        PlanChange(c.force_id, names.get(c.force_id, c.force_id), _dt(c.at), "\n".join(c.diff))
        for c in store.content_changes(since=since_iso)
    )
    link_updates = []
    for change in store.source_changes(since=since_iso):
        added = tuple(link.url for link in change.links if link.url and link.kind in ("added", "changed"))
        removed = tuple(link.previous_url for link in change.links if link.previous_url and link.kind in ("removed", "changed"))
        if added or removed or change.republished:
            link_updates.append(LinkUpdate(_dt(change.at), added, removed,
                                           change.public_updated_at if change.republished else None))
    overview = store.overview(now, [force.id for force in settings.forces], strip_runs=settings.digest.strip_runs)
    links = {state.force_id: state.observed.url for state in overview.states if state.observed}
    groups: dict[str, list[Change]] = {key: [] for key in ("broken", "missing", "recovered", "published", "blocked")}
    for event in events:
        groups[_group(event)].append(_change(event, names, links.get(event.force_id)))
    lines = []
    for state in overview.states:
        shown = state.shown
        if shown is None:
            continue  # never checked yet: nothing to say about it
        observed = state.observed
        uptime = overview.uptime.get(state.force_id, {}).get(30)
        lines.append(ForceLine(
            id=state.force_id,
            name=names.get(state.force_id, state.force_id),
            status=shown,
            since=_dt(state.since) if state.since else None,
            uptime_30=uptime.percent if uptime else None,
            strip=tuple(o.status for o in overview.strips.get(state.force_id, ())),
            url=observed.url if observed else None,
            final_url=observed.final_url if observed else None,
            reason=observed.reason if observed and shown is not Status.PUBLISHED else "",
            warning=off_domain_words(forces.get(state.force_id), observed),
        ))
    outage = store.outage(until=now)
    coverage_changes = _coverage_changes(store, [f.id for f in settings.forces], names, since_iso)
    # Over now: the runs that failed before the newest complete one, when that one is in this period.
    recovered_from = store.recovery(since_iso) if outage is None else None
    return DigestData(
        outage=outage,
        outage_began=outage is not None and (since_iso is None or outage.since >= since_iso),
        recovered_from=recovered_from,
        generated_at=now,
        since=since,
        forces=tuple(lines),
        newly_broken=tuple(groups["broken"]),
        newly_missing=tuple(groups["missing"]),
        recovered=tuple(groups["recovered"]),
        newly_published=tuple(groups["published"]),
        newly_blocked=tuple(groups["blocked"]),
        content_changes=plan_changes,
        source_changes=tuple(link_updates),
        coverage_changes=coverage_changes,
        source_problem=(overview.last_run.source_problem
                        if overview.last_run is not None and overview.last_run.state == RunState.SOURCE_ERROR else None),
        first_event_id=events[0].id if events else None,
        last_event_id=events[-1].id if events else (after_event_id if after_event_id is not None else store.last_event_id()),
        version=__version__,
    )


def _coverage_changes(store: Store, force_ids: Sequence[str], names: dict[str, str],
                      since_iso: str | None) -> tuple[CoverageChange, ...]:
    """Each force whose newest published check in this period reads its response differently from
    its newest published check before the period. Nothing is kept for this: both are stored
    checks' evidence. The first digest has nothing to compare with."""
    if since_iso is None:
        return ()
    before = store.published_coverage(force_ids, before=since_iso)
    now = store.published_coverage(force_ids)
    register = bundled_register()
    changes = []
    for force_id in force_ids:
        old, new = before.get(force_id), now.get(force_id)
        if old is None or new is None or new.checked_at < since_iso:
            continue
        change = coverage_change(old, new, names.get(force_id, force_id), register)
        if change is not None:
            changes.append(change)
    return tuple(changes)


def _group(event: Event) -> str:
    to = event.to_status.category
    if to == "ok":
        before = event.from_status.category if event.from_status else None
        return "recovered" if before in ("broken", "unverified") else "published"
    if to == "unverified":
        return "blocked"
    return to  # broken or missing


def _change(event: Event, names: dict[str, str], url: str | None) -> Change:
    return Change(event.force_id, names.get(event.force_id, event.force_id), event.from_status, event.to_status,
                  _dt(event.at), event.reason, url)


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


# -- the outbox: compose once, deliver once ---------------------------------------------------


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
        data = collect(store, settings, now=now, since=_dt(last.until), after_event_id=last.last_event_id)
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
            data = collect(store, settings, now=now, since=_dt(last.until), after_event_id=last.last_event_id)
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
