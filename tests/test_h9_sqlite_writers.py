"""Issue 9, item 8: two desks (or a desk and a CLI command) writing one SQLite file.

Each writer reads, then writes, in one transaction (as a submit does). A deferred
transaction cannot wait for the write lock once it has read, so such writers used to fail
with "database is locked"; they now begin IMMEDIATE and wait their turn. Readers stay
deferred: they never wait behind a writer.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from agent_desk.data.db import make_engine, session_factory

WRITERS = 4
TRANSACTIONS = 30


def _prepare(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE submits (writer INTEGER, n INTEGER, seen INTEGER)")
    engine.dispose()
    return url


def _writer(url: str, writer: int, start: threading.Event) -> list[str]:
    """A desk of its own (own process, own engine): read, then write, TRANSACTIONS times."""
    engine = make_engine(url)
    factory = session_factory(engine)
    errors: list[str] = []
    start.wait(30)
    for n in range(TRANSACTIONS):
        try:
            with factory.begin() as session:
                seen = session.scalar(sa.text("SELECT count(*) FROM submits"))
                session.execute(sa.text("INSERT INTO submits VALUES (:w, :n, :s)"),
                                {"w": writer, "n": n, "s": seen})
        except sa.exc.OperationalError as exc:
            errors.append(str(exc.orig))
    engine.dispose()
    return errors


def test_concurrent_read_then_write_transactions_never_see_database_is_locked(tmp_path: Path) -> None:
    url = _prepare(tmp_path / "shared.sqlite3")
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(WRITERS) as pool:
            results = [pool.apply_async(_writer, (url, w, start)) for w in range(WRITERS)]
            start.set()
            errors = [e for result in results for e in result.get(timeout=120)]
    assert errors == []
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT writer, n, seen FROM submits").fetchall()
    engine.dispose()
    assert sorted((w, n) for w, n, _ in rows) == [(w, n) for w in range(WRITERS) for n in range(TRANSACTIONS)]
    # each writer saw every row committed before it: the counts are all different
    assert len({seen for *_, seen in rows}) == WRITERS * TRANSACTIONS


def test_a_reader_does_not_wait_behind_an_open_write_transaction(tmp_path: Path) -> None:
    url = _prepare(tmp_path / "shared.sqlite3")
    writer_engine, reader_engine = make_engine(url), make_engine(url)
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with session_factory(writer_engine).begin() as session:
            session.execute(sa.text("INSERT INTO submits VALUES (1, 1, 0)"))
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=hold_the_write_lock)
    thread.start()
    try:
        assert holding.wait(30)
        started = time.perf_counter()
        with session_factory(reader_engine)() as session:  # a read: autobegin, deferred
            assert session.scalar(sa.text("SELECT count(*) FROM submits")) == 0
        assert time.perf_counter() - started < 2  # far below the 10 s busy timeout
    finally:
        release.set()
        thread.join()
        writer_engine.dispose()
        reader_engine.dispose()
