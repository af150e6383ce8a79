"""Alembic environment: runs against the engine handed in by ``agent_desk.data.migrate``
(or the URL in the config when alembic's own command line is used)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection, Engine

from agent_desk.data.db import make_engine
from agent_desk.data.models import Base

config = context.config
target_metadata = Base.metadata


def _pragma(connection: Connection, statement: str) -> None:
    """Run a pragma outside any transaction (where SQLite honours it)."""
    connection.connection.driver_connection.execute(statement)


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # Batch mode rebuilds a table by copy-and-drop, which foreign keys would refuse
            # while other tables point at it. The pragma only works outside a transaction;
            # integrity is checked once at the end instead.
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
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
            if sqlite:
                _pragma(connection, "PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
