"""Only the returned text: the trap the lesson's README warns about."""

import pytest
from notification_service import NotificationService
from user_service import UserService


@pytest.mark.integration
def test_alice_is_told_her_welcome_email_was_sent():
    user = UserService().get_user(1)
    assert NotificationService().send_welcome_email(user) == "Welcome email sent to alice@example.com"
