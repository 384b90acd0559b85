from decimal import Decimal

import pytest
import requests
from checkout import pay_order
from orders import Order
from payments import PaymentClient
from sandbox import TEST_KEY


@pytest.mark.integration
def test_one_order_one_charge_of_its_total(sandbox_url):
    client = PaymentClient(sandbox_url, TEST_KEY, timeout=5)
    order = pay_order(Order(id=3, total=Decimal("12.30")), client, "tok_visa")

    listed = requests.get(f"{sandbox_url}/v1/charges", auth=(TEST_KEY, ""), timeout=5).json()

    assert order.status == "paid"
    assert [(c["id"], c["amount"], c["currency"]) for c in listed["data"]] == [
        (order.charge_id, 1230, "sgd")
    ]
