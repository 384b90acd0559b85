"""A new customer from the real directory gets a real welcome email."""

import pytest
from notification_service import NotificationService
from user_service import UserService


@pytest.mark.integration
def test_alice_gets_her_welcome_email(mailer):
    user = UserService().get_user(1)
    service = NotificationService(mailer=mailer)

    result = service.send_welcome_email(user)

    assert result == "Welcome email sent to alice@example.com"
    assert len(mailer.sent) == 1
    assert mailer.sent[0].to == "alice@example.com"
