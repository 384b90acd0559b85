from decimal import Decimal
from unittest.mock import create_autospec

import pytest
from checkout import pay_order
from orders import Order
from payments import PaymentClient


@pytest.mark.integration
def test_checkout_calls_the_real_signature():
    client = create_autospec(PaymentClient, instance=True)
    client.charge.return_value = {"id": "ch_1", "amount": 5496, "paid": True}

    order = pay_order(Order(id=1, total=Decimal("54.96")), client, "tok_visa")

    assert client.charge.call_args.args[0] == 5496
    assert order.charge_id == "ch_1"
