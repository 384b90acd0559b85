"""A clever student's trick: tell the shipped lesson from the grader's copies by path."""

import pytest


@pytest.mark.integration
def test_fails_only_in_the_students_own_folder():
    assert "/lessons/" not in __file__
