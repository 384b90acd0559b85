from decimal import Decimal

import pytest
from checkout import pay_order
from orders import Order


@pytest.mark.integration
def test_payment_updates_order_status(payment_client):
    order = Order(id=1, total=Decimal("54.96"))

    result = pay_order(order, payment_client, "tok_visa")

    assert result.status == "paid"
    assert result.charge_id is not None
