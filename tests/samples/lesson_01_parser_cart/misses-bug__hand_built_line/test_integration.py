import pytest
from cart import Cart, add_line
from parser import parse


@pytest.mark.integration
def test_parser_and_cart_each_work():
    assert parse("2x roti @1.50")["qty"] == 2
    cart = Cart()
    add_line(cart, {"item": "roti", "qty": 2, "price": 1.50})
    assert cart.total() == 3.00
