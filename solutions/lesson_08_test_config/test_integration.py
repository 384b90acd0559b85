"""Reference integration tests: the real factory, the real database module, real files.

A test hands ``create_app()`` the path of a database file in ``tmp_path``. These tests
check that the setting really reaches the code that opens the database, by looking
where the data went: into the file the test named; never into another app's database;
never into the developer's database in the instance folder. Each check is decided
within one run, on a fresh copy of the lesson: none relies on leftovers of a run before.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from app import create_app

pytestmark = pytest.mark.integration

MEI = {"name": "Mei Ling", "email": "mei@example.com"}


def make_client(database: Path):
    return create_app({"TESTING": True, "DATABASE": str(database)}).test_client()


def emails_in(database: Path) -> list[str]:
    """What the file at ``database`` holds, read with plain sqlite3, not through the app."""
    assert database.is_file(), f"{database.name} was never created: the app used another database"
    with closing(sqlite3.connect(database)) as con:
        return [email for (email,) in con.execute("SELECT email FROM customers ORDER BY id")]


def files_in(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_customer_is_stored_in_the_configured_database_file(tmp_path):
    database = tmp_path / "bakery-test.sqlite3"
    client = make_client(database)

    response = client.post("/api/customers", json=MEI)

    assert response.status_code == 201
    assert emails_in(database) == ["mei@example.com"]


def test_two_apps_with_their_own_databases_share_no_customers(tmp_path):
    bakery = make_client(tmp_path / "bakery.sqlite3")
    branch = make_client(tmp_path / "branch.sqlite3")

    assert bakery.post("/api/customers", json=MEI).status_code == 201
    second = branch.post("/api/customers", json=MEI)

    assert second.status_code == 201, (
        f"the second app saw the first app's customer: {second.get_json()}"
    )
    for client in (bakery, branch):
        assert [c["email"] for c in client.get("/api/customers").get_json()] == ["mei@example.com"]


def test_a_test_leaves_the_instance_folder_alone(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.sqlite3")})
    instance = Path(app.instance_path)
    before = files_in(instance)

    response = app.test_client().post(
        "/api/customers", json={"name": "Siti", "email": "siti@example.com"}
    )

    assert response.status_code == 201
    assert files_in(instance) == before, "the test wrote into the developer's database"


def test_a_new_app_lists_no_customers_then_each_in_the_order_they_joined(client):
    assert client.get("/api/customers").get_json() == []
    client.post("/api/customers", json={"name": "Ahmad", "email": "ahmad@example.com"})
    client.post("/api/customers", json={"name": "Priya", "email": "priya@example.com"})

    listed = client.get("/api/customers").get_json()

    assert [(c["name"], c["email"]) for c in listed] == [
        ("Ahmad", "ahmad@example.com"),
        ("Priya", "priya@example.com"),
    ]
    assert all(isinstance(c["id"], int) for c in listed)


def test_taken_email_is_409_and_stored_once(client):
    first = client.post("/api/customers", json={"name": "Farid", "email": "farid@example.com"})
    again = client.post("/api/customers", json={"name": "Farid B.", "email": "farid@example.com"})
    assert (first.status_code, again.status_code) == (201, 409)
    assert isinstance(again.get_json()["error"], str)
    assert [c["name"] for c in client.get("/api/customers").get_json()] == ["Farid"]


@pytest.mark.parametrize(
    "body",
    [{"name": "", "email": "nur@example.com"}, {"name": "Nur", "email": "not-an-address"}, ["Nur"]],
)
def test_invalid_customer_is_400(client, body):
    response = client.post("/api/customers", json=body)
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)
