"""The commands the kata suggests, in the form the student runs it.

Every make target is a recipe ``python3 -m kata <verb> ...``, and make puts
``MAKELEVEL`` (and ``MAKEFLAGS``) into its recipes' environment. With either there,
the student typed ``make lesson-07`` and is told ``make lesson-08`` next; without
them, they typed ``python -m kata lesson 07`` (no make, Windows) and are told
``python -m kata lesson 08``. Standard library only: set-up messages use it
before ``.venv`` exists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: Options of ``python -m kata`` and the make variables that pass them (see the Makefile).
MAKE_VARIABLES = {
    "--yes": "YES=1",
    "--next": "NEXT=1",
    "--full": "FULL=1",
    "--verbose": "VERBOSE=1",
}


def under_make(environ: Mapping[str, str] | None = None) -> bool:
    """True when the kata runs as a recipe of make."""
    environ = os.environ if environ is None else environ
    return "MAKELEVEL" in environ or "MAKEFLAGS" in environ


def command(
    verb: str, lesson: str | None = None, *options: str, environ: Mapping[str, str] | None = None
) -> str:
    """The command that runs ``verb`` (for ``lesson``, with ``options``) as the student
    runs the kata: ``make reset-03 YES=1`` through make, else ``python -m kata reset 03 --yes``.

    ``options`` are those the Makefile passes: ``--yes``, ``--next``, ``--full``, ``--verbose``,
    and ``--all`` for ``check`` (``make check-all``).
    """
    if not under_make(environ):
        return " ".join(["python -m kata", verb, *([lesson] if lesson else []), *options])
    target = f"{verb}-{lesson}" if lesson else verb
    variables = []
    for option in options:
        if verb == "check" and option == "--all" and lesson is None:
            target = "check-all"
        elif option in MAKE_VARIABLES:
            variables.append(MAKE_VARIABLES[option])
        else:
            raise ValueError(f"make passes no {option} to `{verb}`")
    return " ".join(["make", target, *variables])
