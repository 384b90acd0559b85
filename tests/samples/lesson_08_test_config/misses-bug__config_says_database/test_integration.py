import pytest
from app import create_app


@pytest.mark.integration
def test_test_config_is_used(tmp_path):
    database = str(tmp_path / "test.sqlite3")
    app = create_app({"TESTING": True, "DATABASE": database})
    assert app.config["DATABASE"] == database
    response = app.test_client().post(
        "/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"}
    )
    assert response.status_code == 201
