"""Start-up preparation: migrate the embedded file, seed on first run, report what is wrong."""

from __future__ import annotations

import socket
import sqlite3

import pytest
import sqlalchemy as sa

from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import default_url, make_engine
from agent_desk.data.setup import DatabaseUnavailable, SchemaMismatch, prepare
from agent_desk.paths import app_dirs


def test_first_run_creates_and_seeds_the_embedded_default() -> None:
    dirs = app_dirs().ensure()
    steps: list[str] = []
    ready = prepare(default_url(dirs), dirs, demo_customers=30, progress=lambda d, t, what: steps.append(what))
    try:
        assert ready.embedded and ready.seeded_customers == 30
        assert dirs.default_database.exists()
        assert "seed" in steps
        with ready.engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.Customer)) == 30
    finally:
        ready.engine.dispose()
    again = prepare(default_url(dirs), dirs, demo_customers=30)
    assert again.seeded_customers == 0 and again.backup is None
    again.engine.dispose()


def test_another_sqlite_file_is_migrated_but_not_seeded(tmp_path) -> None:
    dirs = app_dirs().ensure()
    ready = prepare(f"sqlite:///{tmp_path / 'branch.sqlite3'}", dirs, demo_customers=30)
    try:
        assert migrate.schema_state(ready.engine).is_current
        assert ready.seeded_customers == 0
    finally:
        ready.engine.dispose()


def test_a_shared_database_is_never_migrated_by_the_client(pg_url: str) -> None:
    with pytest.raises(SchemaMismatch, match="agent-desk db upgrade"):
        prepare(pg_url, app_dirs().ensure(), demo_customers=30)
    engine = make_engine(pg_url)
    assert migrate.schema_state(engine).is_empty
    migrate.upgrade(engine)
    engine.dispose()
    ready = prepare(pg_url, app_dirs(), demo_customers=30)
    assert not ready.embedded and ready.seeded_customers == 0
    ready.engine.dispose()


def test_a_database_newer_than_the_app_is_named(tmp_path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    engine.dispose()
    with pytest.raises(SchemaMismatch, match="ffff.*newer agent-desk"):
        prepare(f"sqlite:///{path}", app_dirs().ensure(), demo_customers=0)


def test_an_unreachable_server_is_reported_as_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseUnavailable):
        prepare(f"postgresql://nobody@127.0.0.1:{port}/desk", app_dirs().ensure(), demo_customers=0)


def test_backup_copy_of_a_live_file(demo_db: str, tmp_path) -> None:
    path = tmp_path / "demo.sqlite3"
    copy = migrate.backup_sqlite(path, tmp_path / "backups", label="0001")
    assert copy.parent == tmp_path / "backups" and "0001" in copy.name
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone()[0] == 400
