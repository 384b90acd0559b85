import pytest
from app.models import User


@pytest.mark.integration
def test_login_then_me(client, db_session):
    user = User(email="test@example.com")
    user.set_password("secretpassword")
    db_session.add(user)
    db_session.commit()

    login = client.post("/login", data={"email": "test@example.com", "password": "secretpassword"})
    assert login.status_code == 200

    me = client.get("/api/me")
    assert me.status_code == 200
    assert me.get_json() == {"id": user.id, "email": "test@example.com"}
