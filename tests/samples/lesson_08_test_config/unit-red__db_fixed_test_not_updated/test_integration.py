import sqlite3

import pytest
from app import create_app


@pytest.mark.integration
def test_customer_lands_in_the_file_the_test_named(tmp_path):
    database = tmp_path / "test.sqlite3"
    client = create_app({"TESTING": True, "DATABASE": str(database)}).test_client()

    response = client.post("/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 201

    assert database.exists(), "the app never created the database the test configured"
    con = sqlite3.connect(database)
    try:
        rows = con.execute("SELECT name, email FROM customers").fetchall()
    finally:
        con.close()
    assert rows == [("Mei Ling", "mei@example.com")]
