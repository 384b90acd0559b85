"""The pipeline stores dates as ISO text and the report adds up."""

import pytest
from clean import clean
from load import load_csv
from query import total_between
from store import store


@pytest.mark.integration
def test_dates_are_stored_as_iso_text(tmp_path, con):
    csv_file = tmp_path / "week.csv"
    csv_file.write_text(
        "sold_on,item,qty,price\n2024-05-06,roti,3,1.50\n2024-05-08,kaya toast,2,2.20\n",
        encoding="utf-8",
    )
    store(con, clean(load_csv(csv_file)))

    # Pins one fix: a query that converts its bounds to timestamps is just as correct.
    stored = con.execute("SELECT sold_on FROM sales ORDER BY sold_on").fetchall()
    assert stored == [("2024-05-06",), ("2024-05-08",)]
    assert total_between(con, "2024-05-06", "2024-05-12") == pytest.approx(8.90)
