import hashlib
import hmac

import pytest
from app.models import User


@pytest.mark.integration
def test_only_new_tokens_open_api_me(app, client, db_session):
    user = User(email="test@example.com")
    user.set_password("secretpassword")
    db_session.add(user)
    db_session.commit()
    client.post("/login", data={"email": "test@example.com", "password": "secretpassword"})
    assert client.get("/api/me").status_code == 200

    # An old "<user_id>.<signature>" token must not work any more.
    key = app.config["TOKEN_SECRET"].encode()
    old_signature = hmac.new(key, str(user.id).encode(), hashlib.sha256).hexdigest()
    client.set_cookie("session_token", f"{user.id}.{old_signature}")
    assert client.get("/api/me").status_code == 401
