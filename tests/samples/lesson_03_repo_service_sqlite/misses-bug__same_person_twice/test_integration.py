"""Real SQLite, but the same person twice: a UNIQUE on either column rejects it."""

import pytest
from repo import UserRepo
from service import EmailTaken, register_user


@pytest.mark.integration
def test_signing_up_twice_raises_email_taken(con):
    repo = UserRepo(con)
    register_user(repo, "Ahmad", "ahmad@example.com")
    with pytest.raises(EmailTaken):
        register_user(repo, "Ahmad", "ahmad@example.com")
