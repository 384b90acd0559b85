"""Reference integration tests: log in for real, then use the cookie for real.

Every token here is issued by the real ``POST /login`` and read by the real guard
on ``GET /api/me``, through ``app.test_client()``, which keeps cookies the way a
browser does (by name, domain and path). Users are stored with real password hashes
in the app's own fresh in-memory database, through the ``db_session`` fixture.
"""

import pytest
from app.models import User

pytestmark = pytest.mark.integration


@pytest.fixture
def add_user(db_session):
    def add(email, password):
        user = User(email=email)
        user.set_password(password)
        db_session.add(user)
        db_session.commit()  # before any request: the app reads committed rows
        return user

    return add


def log_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def session_token(client):
    """The token the client holds for ``/``, the path every page of the app lives under."""
    cookie = client.get_cookie("session_token")
    assert cookie is not None, "login set no session_token cookie that /api/me would receive"
    return cookie.value


def test_after_login_the_cookie_opens_api_me(client, add_user):
    mei = add_user("mei@example.com", "kaya toast")

    login = log_in(client, "mei@example.com", "kaya toast")
    me = client.get("/api/me")

    assert login.status_code == 200
    assert login.get_json() == {"id": mei.id, "email": "mei@example.com"}
    assert me.status_code == 200, f"/api/me refused the fresh login: {me.get_json()}"
    assert me.get_json() == {"id": mei.id, "email": "mei@example.com"}


def test_each_user_sees_their_own_account(app, add_user):
    mei = add_user("mei@example.com", "kaya toast")
    siti = add_user("siti@example.com", "teh tarik")
    mei_browser, siti_browser = app.test_client(), app.test_client()

    assert log_in(siti_browser, "siti@example.com", "teh tarik").status_code == 200
    assert log_in(mei_browser, "mei@example.com", "kaya toast").status_code == 200

    assert siti_browser.get("/api/me").get_json() == {"id": siti.id, "email": "siti@example.com"}
    assert mei_browser.get("/api/me").get_json() == {"id": mei.id, "email": "mei@example.com"}


def test_a_token_edited_to_name_another_user_is_refused(client, add_user):
    mei = add_user("mei@example.com", "kaya toast")
    siti = add_user("siti@example.com", "teh tarik")
    assert log_in(client, "siti@example.com", "teh tarik").status_code == 200
    assert client.get("/api/me").status_code == 200  # the token as issued works

    version, user_id, expires, signature = session_token(client).split(".")
    assert user_id == str(siti.id)
    client.set_cookie("session_token", f"{version}.{mei.id}.{expires}.{signature}")

    assert client.get("/api/me").status_code == 401  # Siti cannot become Mei


def test_a_token_with_a_changed_signature_is_refused(client, add_user):
    add_user("mei@example.com", "kaya toast")
    assert log_in(client, "mei@example.com", "kaya toast").status_code == 200
    assert client.get("/api/me").status_code == 200

    token = session_token(client)
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    client.set_cookie("session_token", forged)

    response = client.get("/api/me")
    assert response.status_code == 401
    assert isinstance(response.get_json()["error"], str)


def test_login_cookie_is_http_only_lax_and_for_the_whole_site(client, add_user):
    add_user("mei@example.com", "kaya toast")
    response = log_in(client, "mei@example.com", "kaya toast")
    cookie = client.get_cookie("session_token")  # looked up for path "/"
    assert response.status_code == 200
    assert cookie is not None, response.headers.getlist("Set-Cookie")
    assert (cookie.http_only, cookie.same_site) == (True, "Lax")


@pytest.mark.parametrize(
    "form",
    [
        {"email": "mei@example.com", "password": "roti"},
        {"email": "nobody@example.com", "password": "kaya toast"},
        {"email": "mei@example.com"},
    ],
)
def test_bad_credentials_are_401_and_open_nothing(client, add_user, form):
    add_user("mei@example.com", "kaya toast")
    response = client.post("/login", data=form)
    assert response.status_code == 401
    assert isinstance(response.get_json()["error"], str)
    assert client.get_cookie("session_token") is None
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize("token", [None, "", "garbage", "v2.1.9999999999.abc"])
def test_api_me_without_a_valid_token_is_401(client, add_user, token):
    add_user("mei@example.com", "kaya toast")
    if token is not None:
        client.set_cookie("session_token", token)
    response = client.get("/api/me")
    assert response.status_code == 401
    assert isinstance(response.get_json()["error"], str)
