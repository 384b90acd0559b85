"""Edited by the student until it went green: the bug in parser.py is still there."""

from parser import parse


def test_parse_returns_something():
    assert parse("2x roti @1.50")
