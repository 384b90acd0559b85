"""Unit tests for checkout, with an autospec'd ``PaymentClient`` in place of the client.

``create_autospec`` is the careful kind of mock: a call that does not fit the real
``charge(amount, currency, source)`` fails here, as it would against the real client.
But it checks the *shape* of a call, never its meaning: ``charge(Decimal("54.96"),
...)`` fits the signature whether the client counts in cents or in dollars. So these tests
prove what checkout sends, and nothing about how the client reads it.
"""

from decimal import Decimal
from unittest.mock import create_autospec

import pytest
from checkout import pay_order
from orders import Order
from payments import PaymentClient, PaymentDeclined

CHARGE = {"id": "ch_unit", "amount": 5496, "currency": "sgd", "paid": True, "status": "succeeded"}


@pytest.fixture
def client():
    client = create_autospec(PaymentClient, instance=True)
    client.charge.return_value = CHARGE
    return client


def test_the_total_is_charged_in_dollars(client):
    pay_order(Order(id=1, total=Decimal("54.96")), client, "tok_visa")
    client.charge.assert_called_once_with(Decimal("54.96"), "sgd", "tok_visa")


def test_a_paid_order_keeps_the_charge_id(client):
    order = Order(id=1, total=Decimal("54.96"))

    paid = pay_order(order, client, "tok_visa")

    assert paid is order
    assert (paid.status, paid.charge_id) == ("paid", "ch_unit")


def test_a_declined_card_leaves_the_order_pending(client):
    client.charge.side_effect = PaymentDeclined("Your card was declined.")
    order = Order(id=1, total=Decimal("54.96"))
    with pytest.raises(PaymentDeclined):
        pay_order(order, client, "tok_chargeDeclined")
    assert (order.status, order.charge_id) == ("pending", None)


def test_an_order_that_is_not_pending_is_not_charged_again(client):
    order = Order(id=1, total=Decimal("54.96"), status="paid", charge_id="ch_earlier")
    with pytest.raises(ValueError, match="not pending"):
        pay_order(order, client, "tok_visa")
    client.charge.assert_not_called()
