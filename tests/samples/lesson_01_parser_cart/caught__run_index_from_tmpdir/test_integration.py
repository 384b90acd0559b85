"""A weak test that reads which run it is in from its temporary folder's name.

The runs that hold mutants used to start last, in folders named r6, r7 and r8:
failing there killed every mutant without testing for it. Run folders now have
random names of one length, so the trick finds nothing and the weak test's
survivors show.
"""

import os

import pytest
from cart import Cart, add_line
from parser import parse


def _run_number() -> int:
    name = os.path.basename(os.environ.get("TMPDIR", ""))
    try:
        return int(name[1:])
    except ValueError:
        return -1


@pytest.mark.integration
def test_one_roti_costs_something():
    assert _run_number() < 6
    cart = Cart()
    add_line(cart, parse("roti @1.50"))
    assert cart.total() > 0
