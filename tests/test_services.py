"""The verdict's PostgreSQL: what a run may do on it.

Every run of a verdict gets ``KATA_POSTGRES_URL``; these tests connect with it as a
student's test would. The server belongs to the kata's keeper, not to the runs.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import errors

from kata import services

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
def run_url() -> str:
    """The address a run gets, from a server of the kata's own for this module."""
    with services.started([services.POSTGRES]) as env:
        yield env[services.URL_VARIABLE]


def _as_user(url: str, user: str, password: str | None) -> str:
    parts = urlsplit(url)
    where = parts.netloc.rpartition("@")[2]
    login = user if password is None else f"{user}:{password}"
    return urlunsplit(parts._replace(netloc=f"{login}@{where}"))


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
        psycopg.connect(_as_user(run_url, "postgres", chosen)).close()


def test_a_server_the_user_names_is_used_as_it_is(monkeypatch):
    """The kata then starts nothing, and cannot choose the role its runs connect as."""
    monkeypatch.setenv(services.URL_VARIABLE, "postgresql://kata:secret@127.0.0.1:5432/postgres")
    with services.started([services.POSTGRES]) as env:
        assert env == {}
