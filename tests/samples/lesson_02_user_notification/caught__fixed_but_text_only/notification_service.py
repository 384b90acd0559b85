"""Tell the bakery's customers things by email.

The service writes the message; the mailer delivers it. The mailer is the edge we
do not own (SMTP), so it is passed in, and a test can pass its own.
"""

from mailer import Email, Mailer, Outbox

WELCOME_SUBJECT = "Welcome to the corner bakery"


class NotificationService:
    """Writes customer emails and hands them to a mailer (an ``Outbox`` by default)."""

    def __init__(self, mailer: Mailer | None = None) -> None:
        self.mailer: Mailer = Outbox() if mailer is None else mailer

    def send_welcome_email(self, user: dict) -> str:
        """Welcome ``user`` by email and say to whom the email went.

        ``user`` is a dict as ``UserService.get_user()`` returns it: ``user_id``,
        ``name`` and ``email``. Returns ``"Welcome email sent to <address>"``.
        """
        address = user["email"]
        body = (
            f"Hello {user['name']},\n\n"
            "welcome to the corner bakery! Your first teh tarik is on us.\n"
        )
        self.mailer.send(Email(to=address, subject=WELCOME_SUBJECT, body=body))
        return f"Welcome email sent to {address}"
