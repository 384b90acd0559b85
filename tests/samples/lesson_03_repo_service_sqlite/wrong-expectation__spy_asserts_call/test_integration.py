"""A spy on the real repository pins HOW the service calls add(), not what is stored."""

from unittest.mock import Mock

import pytest
from repo import UserRepo
from service import register_user


@pytest.mark.integration
def test_service_passes_name_then_email(con):
    spy = Mock(wraps=UserRepo(con))
    register_user(spy, "Ahmad", "ahmad@example.com")
    spy.add.assert_called_once_with("Ahmad", "ahmad@example.com")
