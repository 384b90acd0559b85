import pytest
from cart import Cart, add_line
from parser import parse

pytestmark = pytest.mark.integration


def test_two_roti_cost_three_dollars():
    cart = Cart()
    add_line(cart, parse("2x roti @1.50"))
    assert cart.total() == pytest.approx(3.00)
