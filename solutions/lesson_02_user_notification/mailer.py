"""The mail edge: the one part of this lesson the bakery does not own.

In the shop this is an SMTP server. ``Outbox`` stands in for it in memory, so the
lesson runs offline, and it keeps the SMTP rule that matters at this seam: a
message without a recipient address is refused, not delivered to nobody.
"""

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

SENDER = "hello@cornerbakery.example"


class RecipientRefused(ValueError):
    """The edge refused the recipient, as an SMTP server answers ``RCPT TO`` with 5xx."""


@dataclass(frozen=True)
class Email:
    """One message as the bakery writes it, before it leaves the building."""

    to: str
    subject: str
    body: str


class Mailer(Protocol):
    """Anything that can take an email off our hands: the outbox, or a test's fake."""

    def send(self, email: Email) -> None: ...


class Outbox:
    """An in-memory stand-in for SMTP: refuses what SMTP refuses, queues the rest."""

    def __init__(self) -> None:
        self.queue: list[EmailMessage] = []

    def send(self, email: Email) -> None:
        """Queue ``email`` as the message SMTP would carry; refuse it without an address."""
        if not isinstance(email.to, str) or "@" not in email.to:
            raise RecipientRefused(f"no recipient address: {email.to!r}")
        message = EmailMessage()
        message["From"] = SENDER
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.body)
        self.queue.append(message)
