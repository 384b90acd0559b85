from decimal import Decimal
from unittest.mock import Mock

import pytest
from checkout import pay_order
from orders import Order


@pytest.mark.integration
def test_checkout_charges_the_total_in_cents():
    client = Mock()
    client.charge.return_value = {"id": "ch_1", "amount": 5496, "paid": True}

    order = pay_order(Order(id=1, total=Decimal("54.96")), client, "tok_visa")

    client.charge.assert_called_once_with(5496, "sgd", "tok_visa")
    assert order.status == "paid"
