"""A test that tries to run a program on the database server's machine.

The verdict's server gives runs a role that may not: the COPY fails with
InsufficientPrivilege on every implementation, the correct ones included.
"""

import pytest
from sqlalchemy import text


@pytest.mark.integration
def test_runs_a_program_on_the_server(pg_engine):
    with pg_engine.connect() as connection:
        connection.execute(text("COPY (SELECT 1) TO PROGRAM 'sleep 1 &'"))
