"""Alembic environment: runs against the engine (or connection) handed in by
``agent_desk.data.migrate`` through ``config.attributes``; only alembic's own command line
(``alembic.ini``) goes through the URL in the config."""

from __future__ import annotations

import contextlib

from alembic import context
from sqlalchemy.engine import Connection, Engine

from agent_desk.data.db import WRITE_OPTION, make_engine
from agent_desk.data.models import Base

config = context.config
target_metadata = Base.metadata


def _pragma(connection: Connection, statement: str) -> None:
    """Run a pragma outside any transaction (where SQLite honours it)."""
    connection.connection.driver_connection.execute(statement)


def run_migrations_online() -> None:
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        _migrate(given)
        return
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        _migrate(connection)


def _migrate(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    outer = connection.in_transaction()  # a caller's transaction: it commits, not us
    # Migrations read, then write: take SQLite's write lock at BEGIN (see db._sqlite_begin).
    connection.execution_options(**{WRITE_OPTION: True})
    if sqlite and not outer:
        # Batch mode rebuilds a table by copy-and-drop, which foreign keys would refuse
        # while other tables point at it. The pragma only works outside a transaction;
        # integrity is checked once at the end instead.
        _pragma(connection, "PRAGMA foreign_keys=OFF")
    try:
        with contextlib.nullcontext() if outer else connection.begin():
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                # SQLite cannot ALTER most things; batch mode copies the table instead.
                render_as_batch=sqlite,
                compare_type=True,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} broken foreign keys: {broken[:5]}")
    finally:
        if sqlite and not outer:
            _pragma(connection, "PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
