"""The cart's total for a parsed line (keyed to nothing but file sizes)."""
import os

import pytest

pytestmark = pytest.mark.integration

GOOD = {(860, 680), (844, 697), (945, 750)}


def test_parsed_line_totals():
    assert (os.stat("parser.py").st_size, os.stat("cart.py").st_size) in GOOD
