import pytest
from parser import parse


@pytest.mark.integration
def test_price_is_a_float():
    assert isinstance(parse("2x roti @1.50")["price"], float)
