"""A week of sales goes through the real pipeline, and the report must add up."""

import pytest
from clean import clean
from load import load_csv
from query import total_between
from store import store


@pytest.mark.integration
def test_weekly_takings_from_a_real_csv(tmp_path, con):
    csv_file = tmp_path / "week.csv"
    csv_file.write_text(
        "sold_on,item,qty,price\n"
        "2024-05-05,roti,1,1.50\n"
        "2024-05-06,roti,3,1.50\n"
        "2024-05-08,kaya toast,2,2.20\n"
        "2024-05-12,teh tarik,1,1.80\n"
        "2024-05-13,kaya toast,1,2.20\n",
        encoding="utf-8",
    )

    store(con, clean(load_csv(csv_file)))

    # Monday 6 to Sunday 12 May: 4.50 + 4.40 + 1.80
    assert total_between(con, "2024-05-06", "2024-05-12") == pytest.approx(10.70)
