"""Reference integration tests: the real parser feeds the real cart.

No hand-built dicts: whatever ``parse`` really returns is what the cart gets, so a
disagreement about the shape of a price fails here.
"""

import pytest
from cart import Cart, add_line
from parser import parse

pytestmark = pytest.mark.integration


def test_parsed_line_adds_its_price_to_the_cart():
    cart = Cart()
    add_line(cart, parse("2x roti @1.50"))
    assert cart.total() == pytest.approx(3.00)


def test_a_whole_order_totals_across_lines():
    cart = Cart()
    for line in ["2x roti @1.50", "kaya toast @2.20", "3x teh tarik @1.80"]:
        add_line(cart, parse(line))
    assert cart.total() == pytest.approx(3.00 + 2.20 + 5.40)
