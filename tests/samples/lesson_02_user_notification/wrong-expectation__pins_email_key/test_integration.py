"""Crosses the seam, but also pins how the producer spells its key: a user
service that returns "email_address" is just as correct and fails here."""

import pytest
from notification_service import NotificationService
from user_service import UserService


@pytest.mark.integration
def test_welcome_email_uses_the_email_field(mailer):
    user = UserService().get_user(1)
    assert user["email"] == "alice@example.com"

    text = NotificationService(mailer=mailer).send_welcome_email(user)

    assert text == "Welcome email sent to alice@example.com"
