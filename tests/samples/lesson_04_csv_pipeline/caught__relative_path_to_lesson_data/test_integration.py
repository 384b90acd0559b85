"""March's export, as the warm-up reads it: the file in this folder, by its relative path."""

import pytest
from clean import clean
from load import load_csv
from query import total_between
from store import store


@pytest.mark.integration
def test_marchs_takings_from_the_export_in_this_folder(con):
    assert store(con, clean(load_csv("march_sales.csv"))) == 7
    assert total_between(con, "2024-03-01", "2024-03-31") == pytest.approx(23.20)
