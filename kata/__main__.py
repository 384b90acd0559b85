"""``python -m kata``: the one entry point behind every Makefile target."""

import sys

if sys.version_info < (3, 10):  # noqa: UP036 - say it plainly instead of a SyntaxError later
    sys.stderr.write(
        "The kata needs Python 3.10 or newer; this is Python {}.{}.\n"
        "Install a newer Python and run `make` with PYTHON=python3.12 (for example).\n".format(
            *sys.version_info[:2]
        )
    )
    sys.exit(3)

from kata.cli import main  # noqa: E402

sys.exit(main())
