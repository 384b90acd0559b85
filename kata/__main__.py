"""``python -m kata``: the one entry point behind every Makefile target."""

import atexit
import os
import sys
from contextlib import suppress

if sys.version_info < (3, 10):  # noqa: UP036 - say it plainly instead of a SyntaxError later
    sys.stderr.write(
        "The kata needs Python 3.10 or newer; this is Python {}.{}.\n"
        "Install a newer Python and run `make` with PYTHON=python3.12 (for example).\n".format(
            *sys.version_info[:2]
        )
    )
    sys.exit(3)

try:
    from kata.runs import prestart

    prestart.start(sys.argv[1:])  # before anything else: it takes the longest
    from kata.cli import main

    status = main()
except KeyboardInterrupt:  # Ctrl-C before the command itself was under way
    sys.stderr.write("\nkata: interrupted; your files are untouched.\n")
    status = 130
# Exit now: the command's work is done once the exit handlers (the fork server's
# end among them) have run and the output is flushed. Tearing the interpreter down
# takes longer than many a command; and with 130, a Ctrl-C that landed inside
# exec() (as dataclasses and namedtuples use) would make Python end by SIGINT.
atexit._run_exitfuncs()
for stream in (sys.stdout, sys.stderr):
    with suppress(OSError):
        stream.flush()
os._exit(status if isinstance(status, int) else 1)
