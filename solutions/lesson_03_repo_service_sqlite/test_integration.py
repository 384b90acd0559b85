"""Reference integration tests: the real service, the real repository, real SQLite.

Nothing is mocked. The ``user_repo`` fixture (conftest.py) is a ``UserRepo`` on a
fresh in-memory database, so whatever the service really passes to ``add`` is what
lands in the table, and the UNIQUE constraint really guards the email column.
"""

import pytest
from service import EmailTaken, register_user

pytestmark = pytest.mark.integration


def test_registered_member_is_found_by_email(user_repo):
    register_user(user_repo, "Siti", "siti@example.com")
    assert user_repo.find("siti@example.com") == "Siti"


def test_same_email_twice_raises_email_taken(user_repo):
    # Two different people: with the same name twice, a UNIQUE constraint on the
    # wrong column would still fire and hide the bug.
    register_user(user_repo, "Siti", "siti@example.com")
    with pytest.raises(EmailTaken):
        register_user(user_repo, "Siti Rahman", "siti@example.com")
    assert user_repo.find("siti@example.com") == "Siti"
