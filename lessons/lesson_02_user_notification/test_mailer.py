"""Contract tests for the mail edge: the real ``Outbox`` and the tests' fake keep
the same promises.

A fake is only worth its speed if it behaves like the thing it replaces. Every test
that takes ``edge`` runs twice, once per implementation, so the fake cannot drift
into accepting what the real edge would refuse.
"""

import pytest
from mailer import SENDER, Email, Outbox, RecipientRefused


@pytest.fixture(params=["Outbox", "RecordingMailer"])
def edge(request, mailer):
    return Outbox() if request.param == "Outbox" else mailer


def test_accepts_a_message_with_an_address(edge):
    edge.send(Email(to="alice@example.com", subject="Hi", body="Hello"))


@pytest.mark.parametrize("recipient", [None, "", "Alice"], ids=["none", "empty", "name-only"])
def test_refuses_a_message_without_an_address(edge, recipient):
    with pytest.raises(RecipientRefused, match="no recipient address"):
        edge.send(Email(to=recipient, subject="Hi", body="Hello"))


def test_outbox_queues_the_message_smtp_would_carry():
    outbox = Outbox()
    outbox.send(Email(to="alice@example.com", subject="Hi", body="Hello"))
    [message] = outbox.queue
    assert (message["From"], message["To"], message["Subject"]) == (
        SENDER,
        "alice@example.com",
        "Hi",
    )
    assert message.get_content() == "Hello\n"


def test_refused_message_is_not_queued():
    outbox = Outbox()
    with pytest.raises(RecipientRefused):
        outbox.send(Email(to=None, subject="Hi", body="Hello"))
    assert outbox.queue == []


def test_fake_records_what_it_is_sent(mailer):
    email = Email(to="alice@example.com", subject="Hi", body="Hello")
    mailer.send(email)
    assert mailer.sent == [email]
