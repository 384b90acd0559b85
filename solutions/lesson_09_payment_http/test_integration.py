"""Reference integration tests: checkout → the real client → real HTTP → the sandbox.

Nothing of ours is mocked. The payment provider is the one external edge, and it
is replaced by a contract-faithful fake (sandbox.py) served on 127.0.0.1. After
paying, the tests ask the provider what it charged, the way the bakery's
accountant would, instead of trusting the order's status.
"""

from decimal import Decimal

import pytest
import requests
from checkout import pay_order
from orders import Order
from payments import PaymentDeclined
from sandbox import TEST_KEY

pytestmark = pytest.mark.integration


def at_the_provider(sandbox_url: str, path: str) -> dict:
    """Ask the provider directly (not through the client under test)."""
    response = requests.get(sandbox_url + path, auth=(TEST_KEY, ""), timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("total", "cents"), [("54.96", 5496), ("0.50", 50)])
def test_the_provider_charged_the_order_total(payment_client, sandbox_url, total, cents):
    order = pay_order(Order(id=7, total=Decimal(total)), payment_client, "tok_visa")

    assert order.status == "paid"
    charge = at_the_provider(sandbox_url, f"/v1/charges/{order.charge_id}")
    assert (charge["amount"], charge["currency"]) == (cents, "sgd")
    assert (charge["paid"], charge["status"]) == (True, "succeeded")


def test_one_order_is_one_charge(payment_client, sandbox_url):
    order = pay_order(Order(id=7, total=Decimal("54.96")), payment_client, "tok_visa")

    charges = at_the_provider(sandbox_url, "/v1/charges")["data"]

    assert [(charge["id"], charge["amount"]) for charge in charges] == [(order.charge_id, 5496)]


def test_a_declined_card_leaves_the_order_pending_and_unpaid(payment_client, sandbox_url):
    order = Order(id=7, total=Decimal("54.96"))

    with pytest.raises(PaymentDeclined):
        pay_order(order, payment_client, "tok_chargeDeclined")

    assert (order.status, order.charge_id) == ("pending", None)
    charges = at_the_provider(sandbox_url, "/v1/charges")["data"]
    assert [charge["paid"] for charge in charges] == [False]
