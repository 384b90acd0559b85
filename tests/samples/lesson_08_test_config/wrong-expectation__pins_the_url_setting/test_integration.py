import pytest
from app import create_app


@pytest.mark.integration
def test_the_database_module_gets_the_test_database(tmp_path):
    database = str(tmp_path / "test.sqlite3")
    app = create_app({"TESTING": True, "DATABASE": database})
    # db.py reads DATABASE_URL, so the factory must set it from the test config.
    assert app.config.get("DATABASE_URL") == "sqlite:///" + database
