"""What is stored, read with raw SQL: right about the columns, blind to find() and UNIQUE."""

import pytest
from repo import UserRepo
from service import register_user


@pytest.mark.integration
def test_the_member_is_stored_in_the_right_columns(con):
    register_user(UserRepo(con), "Siti", "siti@example.com")
    assert con.execute("SELECT name, email FROM users").fetchall() == [("Siti", "siti@example.com")]
