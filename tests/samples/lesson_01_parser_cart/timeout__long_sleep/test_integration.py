import time

import pytest

from parser import parse


@pytest.mark.integration
def test_waits_for_the_oven():
    parse("2x roti @1.50")
    time.sleep(60)
