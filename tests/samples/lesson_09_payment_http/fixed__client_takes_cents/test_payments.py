"""Unit tests for the payment client, with a ``Mock`` standing in for the HTTP session.

No request leaves these tests: ``session.post`` is a ``Mock`` that answers what the
provider's documentation shows. They check what the client *sends* for what it is
given, so they prove the client keeps its own promise about ``amount``; they say
nothing about what its callers pass in, nor whether the provider agrees.
"""

from unittest.mock import Mock

import pytest
import requests
from payments import DEFAULT_TIMEOUT, PaymentClient, PaymentDeclined, PaymentError

URL = "https://payments.example.test"
KEY = "sk_test_unit"
CHARGE = {"id": "ch_unit", "amount": 5496, "currency": "sgd", "paid": True, "status": "succeeded"}


def reply(status: int, body: dict) -> Mock:
    """A stand-in for a ``requests.Response`` with this status and JSON body."""
    return Mock(status_code=status, ok=status < 400, **{"json.return_value": body})


@pytest.fixture
def session() -> Mock:
    session = Mock()
    session.post.return_value = reply(200, CHARGE)
    return session


def test_charge_sends_the_amount_in_cents_as_a_form(session):
    client = PaymentClient(URL, KEY, session=session)

    charge = client.charge(5496, "sgd", "tok_visa")

    session.post.assert_called_once_with(
        f"{URL}/v1/charges",
        data={"amount": 5496, "currency": "sgd", "source": "tok_visa"},
        auth=(KEY, ""),
        timeout=DEFAULT_TIMEOUT,
    )
    assert charge == CHARGE


def test_a_declined_card_raises_payment_declined(session):
    session.post.return_value = reply(
        402, {"error": {"type": "card_error", "message": "Your card was declined."}}
    )
    client = PaymentClient(URL, KEY, session=session)
    with pytest.raises(PaymentDeclined, match="declined"):
        client.charge(5496, "sgd", "tok_chargeDeclined")


@pytest.mark.parametrize("status", [400, 401, 500])
def test_a_refused_request_raises_payment_error(session, status):
    session.post.return_value = reply(status, {"error": {"message": "No such token"}})
    client = PaymentClient(URL, KEY, session=session)
    with pytest.raises(PaymentError, match=str(status)) as raised:
        client.charge(5496, "sgd", "tok_nothing")
    assert not isinstance(raised.value, PaymentDeclined)


@pytest.mark.parametrize("failure", [requests.ConnectionError, requests.Timeout])
def test_an_unreachable_provider_raises_payment_error(session, failure):
    session.post.side_effect = failure("no route to the provider")
    client = PaymentClient(URL, KEY, session=session)
    with pytest.raises(PaymentError, match="could not be reached"):
        client.charge(5496, "sgd", "tok_visa")


def test_a_trailing_slash_in_the_base_url_is_harmless(session):
    PaymentClient(URL + "/", KEY, session=session).charge(5496, "sgd", "tok_visa")
    assert session.post.call_args.args == (f"{URL}/v1/charges",)


def test_the_shop_reads_url_and_key_from_the_environment():
    environ = {"PAYMENTS_URL": URL, "PAYMENTS_API_KEY": "sk_test_from_env"}
    assert PaymentClient.from_environment(environ).base_url == URL
    with pytest.raises(KeyError):
        PaymentClient.from_environment({"PAYMENTS_URL": URL})  # no key: no client
