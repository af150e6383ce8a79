"""Upgrading databases that hold data: keys are backfilled, the file is backed up first,
and a migration that fails leaves the database as it was."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import search
from agent_desk.data import demo, migrate, queries
from agent_desk.data import models as m
from agent_desk.data.db import default_url, make_engine
from agent_desk.data.setup import prepare
from agent_desk.paths import app_dirs
from tests.conftest import AS_OF


def _demo_at_0001(url: str, customers: int = 60):
    engine = make_engine(url)
    migrate.upgrade(engine)
    demo.generate(engine, customers, seed=8, as_of=AS_OF)
    migrate.downgrade(engine, "0001")
    assert migrate.schema_state(engine).current == "0001"
    return engine


def test_upgrade_keys_existing_customers(any_db_url: str) -> None:
    engine = _demo_at_0001(any_db_url)
    try:
        migrate.upgrade(engine)
        assert migrate.schema_differences(engine) == []
        with Session(engine) as session:
            customers = session.scalars(sa.select(m.Customer)).all()
            assert len(customers) == 60
            for c in customers:
                assert c.last_name_key == search.name_key(c.last_name) != ""
                assert c.first_latin_key == search.name_key(c.first_name_latin)
                assert c.national_id_reversed == c.national_id[::-1]
            phone = session.scalars(sa.select(m.CustomerPhone)).first()
            assert phone.e164_reversed == search.reversed_digits(phone.e164)
            found = queries.search_customers(session, customers[0].last_name[:2])
            assert customers[0].id in {f.id for f in found}
    finally:
        engine.dispose()


def test_the_embedded_file_is_backed_up_before_it_is_upgraded() -> None:
    dirs = app_dirs().ensure()
    _demo_at_0001(default_url(dirs)).dispose()
    ready = prepare(default_url(dirs), dirs, demo_customers=100)
    try:
        assert ready.backup is not None and ready.backup.parent == dirs.backups
        assert ready.seeded_customers == 0  # it had customers: nothing is added
        assert migrate.schema_state(ready.engine).is_current
    finally:
        ready.engine.dispose()
    with sqlite3.connect(ready.backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT count(*) FROM customers").fetchone() == (60,)


def test_a_failing_migration_leaves_the_database_as_it_was(any_db_url: str, monkeypatch) -> None:
    engine = _demo_at_0001(any_db_url, customers=20)

    def broken(_text):
        raise RuntimeError("simulated failure half-way through the migration")

    monkeypatch.setattr(search, "name_key", broken)
    try:
        with pytest.raises(RuntimeError, match="simulated failure"):
            migrate.upgrade(engine)
        assert migrate.schema_state(engine).current == "0001"
        columns = {c["name"] for c in sa.inspect(engine).get_columns("customers")}
        assert "first_name_key" not in columns
        phone_columns = {c["name"] for c in sa.inspect(engine).get_columns("customer_phones")}
        assert "e164_reversed" not in phone_columns
        with engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(sa.table("customers"))) == 20
    finally:
        engine.dispose()
