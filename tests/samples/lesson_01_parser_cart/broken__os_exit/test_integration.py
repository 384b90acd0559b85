import os

import pytest

from parser import parse


@pytest.mark.integration
def test_quits_the_process():
    parse("2x roti @1.50")
    os._exit(0)  # no report, no cleanup: the process is simply gone
