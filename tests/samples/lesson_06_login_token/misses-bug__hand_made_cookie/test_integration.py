import hashlib
import hmac

import pytest
from app import TEST_TOKEN_SECRET
from app.models import User


@pytest.mark.integration
def test_me_with_a_session_cookie(client, db_session):
    user = User(email="test@example.com")
    user.set_password("secretpassword")
    db_session.add(user)
    db_session.commit()
    signature = hmac.new(
        TEST_TOKEN_SECRET.encode(), str(user.id).encode(), hashlib.sha256
    ).hexdigest()
    client.set_cookie("session_token", f"{user.id}.{signature}")

    me = client.get("/api/me")

    assert me.status_code == 200
    assert me.get_json() == {"id": user.id, "email": "test@example.com"}
