"""Fixtures shared by every test of this lesson, the integration tests included."""

import pytest
from mailer import Email, RecipientRefused


class RecordingMailer:
    """A faithful fake of the mail edge: it records what it is sent instead of
    delivering it, and refuses what the real edge refuses (a message without a
    recipient address). ``test_mailer.py`` holds it to the same contract as ``Outbox``.
    """

    def __init__(self) -> None:
        self.sent: list[Email] = []

    def send(self, email: Email) -> None:
        if not isinstance(email.to, str) or "@" not in email.to:
            raise RecipientRefused(f"no recipient address: {email.to!r}")
        self.sent.append(email)


@pytest.fixture
def mailer() -> RecordingMailer:
    """A fresh recording fake of the mailer; read what was sent from ``mailer.sent``."""
    return RecordingMailer()
