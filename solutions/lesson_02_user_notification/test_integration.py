"""Reference integration tests: the real user service feeds the real notification
service.

No hand-built user dicts: whatever ``get_user`` really returns is what
``send_welcome_email`` gets, so a disagreement about the shape of a user fails here.
Only the mailer, the external edge, is replaced: by the recording fake from
``conftest.py``, which refuses a message without a recipient as SMTP would.
"""

import pytest
from notification_service import NotificationService
from user_service import UserService

pytestmark = pytest.mark.integration


def test_welcome_email_reaches_the_address_in_the_directory(mailer):
    users = UserService()
    notifications = NotificationService(mailer=mailer)

    confirmation = notifications.send_welcome_email(users.get_user(1))

    assert confirmation == "Welcome email sent to alice@example.com"
    assert [email.to for email in mailer.sent] == ["alice@example.com"]


def test_each_user_is_welcomed_at_their_own_address(mailer):
    users = UserService(
        {
            1: {"name": "Alice", "email": "alice@example.com"},
            2: {"name": "Bala", "email": "bala@example.com"},
        }
    )
    notifications = NotificationService(mailer=mailer)

    confirmations = [notifications.send_welcome_email(users.get_user(i)) for i in (1, 2)]

    assert confirmations == [
        "Welcome email sent to alice@example.com",
        "Welcome email sent to bala@example.com",
    ]
    assert [email.to for email in mailer.sent] == ["alice@example.com", "bala@example.com"]
    assert mailer.sent[1].body.startswith("Hello Bala,")
