from pathlib import Path

import pytest

from cart import Cart, add_line
from parser import parse


@pytest.mark.integration
def test_prints_a_receipt_and_checks_the_total():
    cart = Cart()
    Path("receipt.txt").write_text("2x roti @1.50\n", encoding="utf-8")  # into the cwd
    for line in Path("receipt.txt").read_text(encoding="utf-8").splitlines():
        add_line(cart, parse(line))
    assert cart.total() == 3.00
