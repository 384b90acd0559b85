"""Unit tests for clean alone: raw text rows in (built by hand), typed rows out."""

import pytest
from clean import clean

ROW = {"sold_on": "2024-03-05", "item": "roti", "qty": "2", "price": "1.50"}


def test_types_each_field_and_strips_whitespace():
    raw = {"sold_on": " 2024-03-05 ", "item": " roti ", "qty": " 2", "price": "1.50 "}
    assert clean([raw]) == [{"sold_on": "2024-03-05", "item": "roti", "qty": 2, "price": 1.50}]


@pytest.mark.parametrize("field", ["sold_on", "item", "qty", "price"])
@pytest.mark.parametrize("empty", ["", "   ", None])
def test_drops_a_row_with_an_empty_field(field, empty):
    # None is what csv.DictReader gives for a field missing from a short line.
    assert clean([ROW, {**ROW, field: empty}]) == clean([ROW])


@pytest.mark.parametrize("sold_on", ["05/03/2024", "2024-02-30", "yesterday"])
def test_rejects_a_date_that_is_not_iso(sold_on):
    with pytest.raises(ValueError, match=r"row 2: sold_on"):
        clean([ROW, {**ROW, "sold_on": sold_on}])


def test_rejects_a_quantity_that_is_not_a_number():
    with pytest.raises(ValueError, match="row 1"):
        clean([{**ROW, "qty": "two"}])
