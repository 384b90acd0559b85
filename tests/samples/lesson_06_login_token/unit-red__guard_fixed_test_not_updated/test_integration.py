import pytest
from app.models import User


@pytest.fixture
def customers(db_session):
    made = {}
    for email, password in [("mei@example.com", "kaya toast"), ("siti@example.com", "teh tarik")]:
        user = User(email=email)
        user.set_password(password)
        db_session.add(user)
        made[email] = user
    db_session.commit()
    return made


def log_in(client, email, password):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 200
    return response


@pytest.mark.integration
def test_login_then_me(client, customers):
    log_in(client, "mei@example.com", "kaya toast")
    me = client.get("/api/me")
    assert me.status_code == 200
    assert me.get_json() == {"id": customers["mei@example.com"].id, "email": "mei@example.com"}


@pytest.mark.integration
def test_two_customers_each_get_their_own_account(app, customers):
    mei, siti = app.test_client(), app.test_client()
    log_in(mei, "mei@example.com", "kaya toast")
    log_in(siti, "siti@example.com", "teh tarik")
    mei_id, siti_id = customers["mei@example.com"].id, customers["siti@example.com"].id
    assert mei.get("/api/me").get_json() == {"id": mei_id, "email": "mei@example.com"}
    assert siti.get("/api/me").get_json() == {"id": siti_id, "email": "siti@example.com"}


@pytest.mark.integration
def test_changing_the_user_id_in_the_token_is_refused(client, customers):
    log_in(client, "siti@example.com", "teh tarik")
    assert client.get("/api/me").status_code == 200
    token = client.get_cookie("session_token").value
    version, user_id, expires, signature = token.split(".")
    mei_id = customers["mei@example.com"].id
    client.set_cookie("session_token", f"{version}.{mei_id}.{expires}.{signature}")
    assert client.get("/api/me").status_code == 401
