from decimal import Decimal

import pytest
import requests
from checkout import pay_order
from orders import Order
from sandbox import TEST_KEY


@pytest.mark.integration
def test_provider_charged_the_order_total(payment_client, sandbox_url):
    order = pay_order(Order(id=1, total=Decimal("54.96")), payment_client, "tok_visa")

    response = requests.get(
        f"{sandbox_url}/v1/charges/{order.charge_id}", auth=(TEST_KEY, ""), timeout=5
    )
    charge = response.json()
    assert charge["amount"] == 5496
    assert charge["currency"] == "sgd"
