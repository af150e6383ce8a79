"""A PostgreSQL server or link that freezes mid-session makes a database call fail within
15 s instead of hanging (issue 9, item 5): behind a black-holed TCP proxy and with the
server process stopped (SIGSTOP)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from agent_desk.data.db import make_engine
from tests.tcpproxy import TcpProxy

LIMIT_S = 15


@pytest.fixture
def proxy(pg_url: str) -> Iterator[TcpProxy]:
    target = make_url(pg_url)
    with TcpProxy(target.host or "127.0.0.1", target.port or 5432) as running:
        yield running


def proxied(pg_url: str, proxy: TcpProxy) -> str:
    return make_url(pg_url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


@pytest.mark.postgres
def test_a_query_over_a_black_holed_link_fails_within_15_s(pg_url: str, proxy: TcpProxy) -> None:
    engine = make_engine(proxied(pg_url, proxy))
    try:
        with engine.connect() as connection:
            assert connection.scalar(sa.text("select 1")) == 1
        proxy.black_hole()
        started = time.monotonic()
        with pytest.raises(sa.exc.OperationalError), engine.connect() as connection:
            connection.scalar(sa.text("select 2"))
        assert time.monotonic() - started < LIMIT_S
        # The link comes back: the next call works on a fresh connection.
        proxy.restore()
        with engine.connect() as connection:
            assert connection.scalar(sa.text("select 3")) == 3
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_statement_in_flight_when_the_link_freezes_fails_within_15_s(pg_url: str, proxy: TcpProxy) -> None:
    engine = make_engine(proxied(pg_url, proxy))
    try:
        with engine.connect() as connection:
            connection.scalar(sa.text("select 1"))
            proxy.black_hole()
            started = time.monotonic()
            with pytest.raises(sa.exc.OperationalError) as caught:
                connection.scalar(sa.text("select 2"))
            assert time.monotonic() - started < LIMIT_S
            assert caught.value.connection_invalidated  # the pool will not hand it out again
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(os.geteuid() != 0, reason="stopping the server's process needs root")
def test_a_stopped_server_process_makes_the_call_fail_within_15_s(pg_url: str) -> None:
    engine = make_engine(pg_url)
    pid = None
    try:
        with engine.connect() as connection:
            pid = connection.scalar(sa.text("select pg_backend_pid()"))
            os.kill(pid, signal.SIGSTOP)
            started = time.monotonic()
            with pytest.raises(sa.exc.OperationalError):
                connection.scalar(sa.text("select 2"))
            assert time.monotonic() - started < LIMIT_S
    finally:
        if pid is not None:
            os.kill(pid, signal.SIGCONT)
        engine.dispose()


@pytest.mark.postgres
def test_a_slow_statement_is_cancelled_by_the_server(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with pytest.raises(sa.exc.OperationalError, match="statement timeout"), engine.connect() as connection:
            connection.scalar(sa.text("select pg_sleep(30)"))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_admin_work_may_run_long_statements(pg_url: str) -> None:
    engine = make_engine(pg_url, deadline=False)
    try:
        with engine.connect() as connection:
            assert connection.scalar(sa.text("show statement_timeout")) == "0"
    finally:
        engine.dispose()


def test_error_messages_carry_no_sql_parameters(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with pytest.raises(sa.exc.DBAPIError) as caught, engine.connect() as connection:
            connection.execute(sa.text("select * from no_such_table where notes = :n"), {"n": "secret note"})
        assert "secret note" not in str(caught.value)
    finally:
        engine.dispose()
