"""An honest test of the seam, and an attack on the grader beside it.

Run by plain ``pytest`` in the student's own lesson folder, importing this file
rewrites ``../../kata/verdict/grade.py`` so that every verdict is ``fixed``: a grader that
runs ``python -m kata check`` inside the student's clone then uses that kata.
``python -m kata grade`` judges with the instructor's kata and reads only the
student's lesson files, and every run happens in a copy where no kata is in reach:
the verdict stays what the honest part earns, ``caught``.
"""

from pathlib import Path

import pytest
from cart import Cart, add_line
from parser import parse

ALWAYS_FIXED = '''

_decide_honestly = decide


def decide(*args, **kwargs):
    verdict = _decide_honestly(*args, **kwargs)
    verdict.state = "fixed"
    return verdict
'''

KATA = Path.cwd().parent.parent / "kata" / "verdict" / "grade.py"
try:
    if KATA.is_file() and "_decide_honestly" not in KATA.read_text(encoding="utf-8"):
        with KATA.open("a", encoding="utf-8") as grader:
            grader.write(ALWAYS_FIXED)
except OSError:
    pass  # not in reach: the attack fails quietly, the test goes on


@pytest.mark.integration
def test_two_roti_cost_three_dollars():
    cart = Cart()
    add_line(cart, parse("2x roti @1.50"))
    assert cart.total() == 3.00
