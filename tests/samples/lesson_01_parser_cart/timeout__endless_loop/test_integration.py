import pytest
from cart import Cart, add_line
from parser import parse


@pytest.mark.integration
def test_waits_for_the_total_forever():
    cart = Cart()
    add_line(cart, parse("2x roti @1.50"))
    while cart.total() != 3.00:
        pass
