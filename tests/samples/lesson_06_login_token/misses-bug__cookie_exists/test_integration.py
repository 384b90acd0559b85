import pytest
from app.models import User


@pytest.mark.integration
def test_user_login(client, db_session):
    user = User(email="test@example.com")
    user.set_password("secretpassword")
    db_session.add(user)
    db_session.commit()

    response = client.post(
        "/login", data={"email": "test@example.com", "password": "secretpassword"}
    )

    assert response.status_code == 200
    assert "session_token" in response.headers.get("Set-Cookie", "")
