"""Unit tests for the loader alone: a real file in, raw text rows out."""

from load import load_csv

HEADER = "sold_on,item,qty,price\n"


def test_reads_each_row_as_text_keyed_by_the_header(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(HEADER + "2024-03-01,roti,2,1.50\n2024-03-02,kaya toast,1,2.20\n")
    assert load_csv(path) == [
        {"sold_on": "2024-03-01", "item": "roti", "qty": "2", "price": "1.50"},
        {"sold_on": "2024-03-02", "item": "kaya toast", "qty": "1", "price": "2.20"},
    ]


def test_leaves_cleaning_to_clean(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(HEADER + " 2024-03-01 , roti ,,1.50\n")
    assert load_csv(path) == [
        {"sold_on": " 2024-03-01 ", "item": " roti ", "qty": "", "price": "1.50"}
    ]


def test_quoted_field_may_hold_a_comma_and_utf8(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(HEADER + '2024-03-01,"crème brûlée, small",1,3.90\n', encoding="utf-8")
    assert load_csv(path)[0]["item"] == "crème brûlée, small"


def test_header_only_file_has_no_rows(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(HEADER)
    assert load_csv(path) == []
