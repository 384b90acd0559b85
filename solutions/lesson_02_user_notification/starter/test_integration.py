"""Your integration test for lesson 02: the user service feeds the notification service.

Both unit suites are green, yet welcoming a real user crashes where
``UserService.get_user`` hands its user to ``NotificationService.send_welcome_email``.
Write a test here that runs BOTH real services and replaces only the mailer, the
external edge: the ``mailer`` fixture from ``conftest.py`` is a recording fake
(name it as an argument of your test function to get one).

    1. Take a user from the real directory: ``UserService().get_user(1)``.
    2. Welcome them: ``NotificationService(mailer=mailer).send_welcome_email(user)``.
    3. Assert what the shop would check: the text it returns, and the address on
       the email the fake mailer received (``mailer.sent``).

Mark it ``@pytest.mark.integration`` and run ``make lesson-02`` (or
``python -m kata lesson 02``). The grader tells you whether your test
really catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
