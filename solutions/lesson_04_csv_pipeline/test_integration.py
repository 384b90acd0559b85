"""Reference integration tests: a real CSV file, real SQLite, the real pipeline.

Integrated incrementally: each seam test adds one real component to the chain, so the
first red one names the seam that breaks. On the shipped bug, load → clean and
clean → store are green (store keeps exactly what clean gives it), while store → query
is red (the query cannot find what was stored), and so is the whole chain. No test
raises: the bug is a silent 0.0, so every test asserts the number it expects.
"""

import pytest
from clean import clean
from load import load_csv
from query import total_between
from store import store

pytestmark = pytest.mark.integration

# Raw rows, as load_csv() returns them: text typed at the till, header names as keys.
MARCH = [
    {"sold_on": "2024-03-01", "item": "roti", "qty": "2", "price": "1.50"},
    {"sold_on": "2024-03-15", "item": "kaya toast", "qty": "1", "price": "2.20"},
    {"sold_on": "2024-03-31", "item": "teh tarik", "qty": "3", "price": "1.80"},
    {"sold_on": "2024-04-01", "item": "roti", "qty": "4", "price": "1.50"},
]
MARCH_TAKINGS = 10.60  # 3.00 + 2.20 + 5.40: 1 and 31 March both count, 1 April does not


def test_load_feeds_clean(tmp_path):
    path = tmp_path / "march.csv"
    path.write_text(
        "sold_on,item,qty,price\n 2024-03-01 , roti ,2,1.50\n2024-03-02,,1,2.20\n", encoding="utf-8"
    )
    rows = clean(load_csv(path))
    assert [(row["item"], row["qty"], row["price"]) for row in rows] == [("roti", 2, 1.50)]


def test_clean_feeds_store(con):
    """Store keeps every cleaned row exactly as clean shaped it, whatever that shape is."""
    rows = clean(MARCH)
    assert store(con, rows) == len(MARCH)
    stored = con.execute("SELECT sold_on, item, qty, price FROM sales ORDER BY rowid").fetchall()
    assert stored == [(row["sold_on"], row["item"], row["qty"], row["price"]) for row in rows]


def test_store_feeds_query(con):
    """The query finds what clean → store wrote.

    The rows come from clean(), not from a hand-built dict: only clean knows the format
    it writes, and a hand-built row would repeat test_query.py's belief.
    """
    store(con, clean(MARCH))
    assert total_between(con, "2024-03-01", "2024-03-31") == pytest.approx(MARCH_TAKINGS)
    assert total_between(con, "2024-03-15", "2024-03-15") == pytest.approx(2.20)


def test_whole_chain_from_a_csv_file(tmp_path, con):
    path = tmp_path / "march.csv"
    path.write_text(
        "sold_on,item,qty,price\n"
        "2024-03-01,roti,2,1.50\n"
        " 2024-03-15 , kaya toast , 1 , 2.20 \n"
        "2024-03-20,teh tarik,,1.80\n"  # voided at the till: dropped by clean
        "2024-03-31,teh tarik,3,1.80\n"
        "2024-04-01,roti,4,1.50\n",
        encoding="utf-8",
    )
    assert store(con, clean(load_csv(path))) == 4
    assert total_between(con, "2024-03-01", "2024-03-31") == pytest.approx(MARCH_TAKINGS)
