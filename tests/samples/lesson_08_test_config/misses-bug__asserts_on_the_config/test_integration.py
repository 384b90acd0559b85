"""The test checks the setting it passed, not where the customer went: the app reads
its database from another setting, and the settings dictionary never says so."""

import pytest
from app import create_app


@pytest.mark.integration
def test_the_app_uses_the_test_database(tmp_path):
    db_file = tmp_path / "test.sqlite3"
    app = create_app({"TESTING": True, "DATABASE": str(db_file)})
    assert app.config["DATABASE"] == str(db_file)
    response = app.test_client().post(
        "/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"}
    )
    assert response.status_code == 201
