"""The whole pipeline runs and stores every row: true, and true on the broken code too."""

import pytest
from clean import clean
from load import load_csv
from query import total_between
from store import store


@pytest.mark.integration
def test_pipeline_runs_end_to_end(tmp_path, con):
    csv_file = tmp_path / "week.csv"
    csv_file.write_text(
        "sold_on,item,qty,price\n2024-05-06,roti,3,1.50\n2024-05-08,kaya toast,2,2.20\n",
        encoding="utf-8",
    )
    assert store(con, clean(load_csv(csv_file))) == 2
    assert total_between(con, "2024-05-06", "2024-05-12") >= 0.0
