"""Both services real; the mailer is a unittest.mock.Mock, and the test checks
what it was called with."""

from unittest.mock import Mock

import pytest
from notification_service import NotificationService
from user_service import UserService


@pytest.mark.integration
def test_welcome_email_is_handed_to_the_mailer_for_alice():
    mailer = Mock()
    notifications = NotificationService(mailer=mailer)

    text = notifications.send_welcome_email(UserService().get_user(1))

    assert text == "Welcome email sent to alice@example.com"
    mailer.send.assert_called_once()
    (email,) = mailer.send.call_args.args
    assert email.to == "alice@example.com"
