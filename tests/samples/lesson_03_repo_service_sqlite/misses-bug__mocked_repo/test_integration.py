"""The repository is mocked, so the test only sees the service's side of the seam."""

from unittest.mock import Mock

import pytest
from service import register_user


@pytest.mark.integration
def test_sign_up_stores_the_member():
    repo = Mock()
    register_user(repo, "Ahmad", "ahmad@example.com")
    repo.add.assert_called_once()
