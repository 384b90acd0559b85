"""Seeds the table with a positional add(): pins the call shape of UserRepo.add."""

import pytest
from repo import UserRepo
from service import EmailTaken, register_user


@pytest.mark.integration
def test_email_of_an_existing_member_is_taken(con):
    repo = UserRepo(con)
    repo.add("Ahmad", "ahmad@example.com")
    with pytest.raises(EmailTaken):
        register_user(repo, "Mei Ling", "ahmad@example.com")
