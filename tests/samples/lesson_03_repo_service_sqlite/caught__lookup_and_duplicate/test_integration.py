"""Sign-ups go through the real service into a real SQLite database."""

import pytest
from repo import UserRepo
from service import EmailTaken, register_user


@pytest.mark.integration
def test_new_member_can_be_looked_up_by_email(con):
    repo = UserRepo(con)
    register_user(repo, "Ahmad", "ahmad@example.com")
    assert repo.find("ahmad@example.com") == "Ahmad"


@pytest.mark.integration
def test_second_person_cannot_take_a_registered_email(con):
    repo = UserRepo(con)
    register_user(repo, "Ahmad", "ahmad@example.com")
    with pytest.raises(EmailTaken):
        register_user(repo, "Mei Ling", "ahmad@example.com")
