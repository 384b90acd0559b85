"""Looks like an integration test, but the user service is a Mock returning a
hand-built user: the same belief as test_notification_service.py."""

from unittest.mock import Mock

import pytest
from notification_service import NotificationService
from user_service import UserService


@pytest.mark.integration
def test_welcome_email_for_a_looked_up_user(mailer):
    users = Mock(spec=UserService)
    users.get_user.return_value = {
        "user_id": 1,
        "name": "Alice",
        "email_address": "alice@example.com",
    }

    text = NotificationService(mailer=mailer).send_welcome_email(users.get_user(1))

    assert text == "Welcome email sent to alice@example.com"
    assert mailer.sent[0].to == "alice@example.com"
