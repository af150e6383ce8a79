"""What the desk calls an error: "offline" only when the server is out of reach."""

from __future__ import annotations

import socket
import sqlite3

import pytest
import sqlalchemy as sa

from agent_desk.data.db import make_engine
from agent_desk.ui.tasks import describe, is_connection_failure


def _error_of(url: str, statement: str, **engine_kwargs) -> sa.exc.DBAPIError:
    engine = make_engine(url, **engine_kwargs)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    except sa.exc.DBAPIError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError(f"{statement!r} did not fail")


def test_a_sqlite_error_is_the_database_s_not_offline(qapp, tmp_path) -> None:
    exc = _error_of(f"sqlite:///{tmp_path / 'x.sqlite3'}", "SELECT * FROM offers")
    assert not is_connection_failure(exc)
    assert describe(exc) == "The database reported an error."


def test_a_locked_sqlite_file_says_busy_not_offline(qapp, tmp_path) -> None:
    path = tmp_path / "x.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)  # another program holding the write lock
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    try:
        exc = _error_of(f"sqlite:///{path}", "INSERT INTO t VALUES (1)", connect_args={"timeout": 0})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not is_connection_failure(exc)
    assert "busy" in describe(exc)


def test_a_server_that_refuses_is_offline(qapp) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exc = _error_of(f"postgresql://nobody@127.0.0.1:{port}/desk", "SELECT 1")
    assert is_connection_failure(exc)
    assert describe(exc) == "The database refused the connection."


@pytest.mark.postgres
def test_a_postgresql_error_in_the_query_is_not_offline(qapp, pg_url: str) -> None:
    exc = _error_of(pg_url, "SELECT * FROM no_such_table")
    assert not is_connection_failure(exc)
    assert describe(exc) == "The database reported an error."
