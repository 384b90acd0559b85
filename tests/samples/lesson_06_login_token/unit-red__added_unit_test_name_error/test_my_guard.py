"""A unit test the student added, with a typo in a name: it fails for its own reason."""

from app.guard import user_id_from_token


def test_a_token_without_a_signature_names_no_user():
    assert user_id_from_token("1") is None
    assert user_id_from_tokn("1.") is None  # noqa: F821 - the typo this sample is about
