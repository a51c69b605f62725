"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepted, for the digest tests."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Mailbox:
    """What the server accepted; `refuse_with` makes it answer DATA with that reply instead."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse_with: str | None = None
    attempts: int = 0
    # Seconds to hold each DATA before answering: keeps a sender mid-delivery, so a second
    # sender starting meanwhile meets its claim.
    data_delay: float = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.attempts += 1
        if self.data_delay:
            import asyncio

            await asyncio.sleep(self.data_delay)
        if self.refuse_with:
            return self.refuse_with
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self, *, user: str | None = None, password: str | None = None) -> None:
        self.mailbox = Mailbox()
        self.port = _free_port()
        kwargs = {}
        if user is not None:
            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                    and auth_data.password.decode() == password
                return AuthResult(success=ok, handled=False)

            kwargs = {"authenticator": authenticator, "auth_require_tls": False, "auth_required": True}
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> SmtpServer:
        self.controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Stop listening (a test may stop it early to make an outage); safe to call twice."""
        if getattr(self, "running", False):
            self.controller.stop()
            self.running = False

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
