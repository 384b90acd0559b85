import pytest
from cart import add_line
from parser import parse


@pytest.fixture
def cart():
    from cart import Cart

    return Cart()


@pytest.mark.integration
def test_two_roti(carts):
    add_line(carts, parse("2x roti @1.50"))
    assert carts.total() == 3.00
