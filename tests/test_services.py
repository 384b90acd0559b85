"""The verdict's PostgreSQL: what a run may do on it, and what outlives it.

Every run of a verdict gets ``KATA_POSTGRES_URL``; these tests connect with it as a
student's test would. The server belongs to the kata's keeper, not to the runs.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import errors

from kata.runs import services
from kata.runs.pgkeeper import with_login

#: What a run might try to take over the server's machine, and must not be allowed.
ATTACKS = [
    "COPY (SELECT 1) TO PROGRAM 'true'",
    "SELECT pg_read_file('/etc/passwd')",
    "COPY pg_temp.nothing FROM '/etc/passwd'",
    "SELECT lo_import('/etc/passwd')",
    "ALTER ROLE CURRENT_USER SUPERUSER",
    "GRANT pg_execute_server_program TO CURRENT_USER",
    "SET ROLE postgres",
]


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """What the runs of a verdict are given, from a server of the kata's own for this module."""
    with services.started([services.POSTGRES]) as env:
        yield env


@pytest.fixture(scope="module")
def run_url(server_env) -> str:
    """The address one run gets."""
    return server_env[services.URL_VARIABLE]


def _run_urls(env: dict[str, str], count: int) -> list[str]:
    """The addresses ``count`` runs of one verdict get, as the kata hands them out."""
    from kata.runs.model import Run

    runs = [Run(f"run {index}", Path("."), ("test_x.py",)) for index in range(count)]
    return [dict(run.env)[services.URL_VARIABLE] for run in services.with_services(runs, env)]


def test_each_run_logs_in_as_a_role_of_its_own_and_never_sees_the_others(server_env):
    urls = _run_urls(server_env, 12)
    users = [urlsplit(url).username for url in urls]
    assert len(set(users)) == 12
    runs = services.with_services([], server_env)  # nothing to hand out: no error
    assert runs == []
    from kata.runs.model import Run

    [run] = services.with_services([Run("one", Path("."), ("test_x.py",))], server_env)
    assert services.ROLES_VARIABLE not in dict(run.env)  # no run learns the other roles


def test_a_run_cannot_change_what_another_run_created(server_env):
    """Two runs of one verdict: the first creates a database with a table in it; the
    second may not create an operator there (one that made LIKE ignore case bought
    a buggy search `fixed` while every run shared one role), nor write its table."""
    first, second = _run_urls(server_env, 2)
    name = f"kata_{secrets.token_hex(8)}"
    with psycopg.connect(first, autocommit=True) as owner:
        owner.execute(f"CREATE DATABASE {name}")
    mine = first.replace("/postgres?", f"/{name}?")
    with psycopg.connect(mine, autocommit=True) as owner:
        owner.execute("CREATE TABLE customer (name varchar)")
    theirs = second.replace("/postgres?", f"/{name}?")
    with psycopg.connect(theirs, autocommit=True) as other:
        for statement in (
            "CREATE FUNCTION public.ci_like(varchar, text) RETURNS boolean"
            " LANGUAGE sql AS 'SELECT $1::text ILIKE $2'",
            "INSERT INTO customer VALUES ('Alice')",
            "CREATE TABLE public.planted (x int)",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                other.execute(statement)


def _socket_folder(url: str) -> Path:
    """The folder of the server's Unix socket: its data folder (the server puts it there)."""
    return Path(dict(p.split("=", 1) for p in urlsplit(url).query.split("&"))["host"])


@pytest.mark.parametrize("statement", ATTACKS)
def test_a_run_may_not_run_programs_read_server_files_or_become_superuser(run_url, statement):
    with psycopg.connect(run_url, autocommit=True) as connection:
        connection.execute("CREATE TEMP TABLE nothing (line text)")
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute(statement)


def test_the_runs_role_may_create_databases_and_nothing_more(run_url):
    with psycopg.connect(run_url, autocommit=True) as connection:
        role = connection.execute(
            "SELECT rolsuper, rolcreaterole, rolreplication, rolbypassrls, rolcreatedb"
            " FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        assert role == (False, False, False, False, True)
        powers = connection.execute(
            "SELECT name FROM unnest(ARRAY['pg_execute_server_program', 'pg_read_server_files',"
            " 'pg_write_server_files']) AS name WHERE pg_has_role(current_user, name, 'USAGE')"
        ).fetchall()
        assert powers == []
        name = f"kata_{secrets.token_hex(6)}"  # ours: DDL takes no bind parameters
        connection.execute(f'CREATE DATABASE "{name}"')
        connection.execute(f'DROP DATABASE "{name}"')


@pytest.mark.parametrize("password", ["theirs", "none", "guessed"])
def test_a_run_cannot_connect_as_the_superuser(run_url, password):
    given = urlsplit(run_url).password
    chosen = {"theirs": given, "none": None, "guessed": "postgres"}[password]
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(with_login(run_url, "postgres", chosen)).close()


def _processes_with(argument: str) -> list[int]:
    """Live (not zombie) processes with ``argument`` on their command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if argument.encode() in words and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_nothing_the_server_started_outlives_the_verdict():
    """Whatever the server runs ends with the verdict, even if the role had been bypassed.

    The test has the server's files at hand, as its owner: it lets the superuser in
    without a password, starts a program in the background from the server, then
    ends the verdict.
    """
    seconds = f"{1000 + secrets.randbelow(10**6) / 10**6:.6f}"  # marks the program as ours
    with services.started([services.POSTGRES]) as env:
        url = env[services.URL_VARIABLE]
        data = _socket_folder(url)
        (data / "pg_hba.conf").write_text("local all all trust\n", encoding="utf-8")
        os.kill(int((data / "postmaster.pid").read_text().split()[0]), signal.SIGHUP)
        deadline = time.monotonic() + 10
        while True:
            try:
                superuser = psycopg.connect(with_login(url, "postgres", None), autocommit=True)
                break
            except psycopg.OperationalError:
                assert time.monotonic() < deadline, "the server never reloaded pg_hba.conf"
                time.sleep(0.01)
        with superuser:
            # The program reads its input first: the server writes a row into the pipe,
            # and a shell that had already left would break it (a race under load).
            program = f"cat > /dev/null; sleep {seconds} > /dev/null 2>&1 &"
            superuser.execute(f"COPY (SELECT 1) TO PROGRAM '{program}'")
        # The shell may return before its child has become `sleep`: wait for it.
        deadline = time.monotonic() + 10
        while not _processes_with(seconds):
            assert time.monotonic() < deadline, "the server started no program"
            time.sleep(0.01)
    survivors = _processes_with(seconds)
    for pid in survivors:  # a failed test leaves no program behind
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


def test_a_server_the_user_names_is_used_as_it_is(monkeypatch):
    """The kata then starts nothing, and cannot choose the role its runs connect as."""
    monkeypatch.setenv(services.URL_VARIABLE, "postgresql://kata:secret@127.0.0.1:5432/postgres")
    with services.started([services.POSTGRES]) as env:
        assert env == {}
