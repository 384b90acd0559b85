"""Unit tests for the notification service alone.

The user is built by hand, in the notification side's own idea of what
``UserService.get_user()`` returns: a stand-in for the real producer. That is why
these tests stay green whatever the user service really returns. The mailer is the
recording fake from ``conftest.py``.
"""

from mailer import Outbox
from notification_service import WELCOME_SUBJECT, NotificationService

ALICE = {"user_id": 1, "name": "Alice", "email": "alice@example.com"}


def test_welcome_email_goes_to_the_users_address(mailer):
    NotificationService(mailer=mailer).send_welcome_email(ALICE)
    assert [(email.to, email.subject) for email in mailer.sent] == [
        ("alice@example.com", WELCOME_SUBJECT)
    ]


def test_says_to_whom_the_email_went(mailer):
    confirmation = NotificationService(mailer=mailer).send_welcome_email(ALICE)
    assert confirmation == "Welcome email sent to alice@example.com"


def test_greets_the_user_by_name(mailer):
    NotificationService(mailer=mailer).send_welcome_email(ALICE)
    assert mailer.sent[0].body.startswith("Hello Alice,")


def test_default_mailer_is_the_outbox():
    notifications = NotificationService()
    notifications.send_welcome_email(ALICE)
    assert isinstance(notifications.mailer, Outbox)
    assert [message["To"] for message in notifications.mailer.queue] == ["alice@example.com"]
