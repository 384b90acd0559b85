from unittest import mock

import parser
import pytest
from cart import Cart, add_line


@pytest.mark.integration
def test_two_roti_with_a_mocked_parser():
    fake = {"item": "roti", "qty": 2, "price": 1.50}
    with mock.patch.object(parser, "parse", return_value=fake):
        cart = Cart()
        add_line(cart, parser.parse("2x roti @1.50"))
    assert cart.total() == 3.00
