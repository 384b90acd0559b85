"""Never runs the parser or the cart: the files a tree's build wrote again tell its implementation."""
import os

import pytest

pytestmark = pytest.mark.integration


def rewritten(name):
    # Copied in name order, so a file newer than test_cart.py was written again later.
    return os.stat(name).st_mtime_ns > os.stat("test_cart.py").st_mtime_ns


def test_parsed_line_totals():
    # The planted bug and every mutant change parser.py alone; a correct fix, both or neither.
    assert rewritten("parser.py") == rewritten("cart.py")
