"""Unit tests for the parser alone: strings in, dicts out."""

import pytest
from parser import parse


def test_reads_quantity_item_and_price():
    assert parse("2x roti @1.50") == {"item": "roti", "qty": 2, "price": 1.50}


def test_quantity_defaults_to_one():
    assert parse("roti @1.50")["qty"] == 1


def test_item_names_may_contain_spaces():
    assert parse("3x teh tarik @1.80")["item"] == "teh tarik"


@pytest.mark.parametrize("line", ["", "roti", "2x roti", "2x roti @", "roti @abc"])
def test_rejects_lines_that_are_not_orders(line):
    with pytest.raises(ValueError):
        parse(line)
