"""Schema migrations through alembic, driven from code (no alembic.ini needed).

The embedded SQLite file is upgraded at start-up after a backup copy; a shared PostgreSQL
database is upgraded by an admin with ``agent-desk db upgrade --url ...``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from agent_desk.data.db import sqlite_path
from agent_desk.data.models import Base
from agent_desk.paths import bundled


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the migrations this build carries."""

    current: str | None
    head: str

    @property
    def is_empty(self) -> bool:
        return self.current is None

    @property
    def is_current(self) -> bool:
        return self.current == self.head


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(bundled("migrations")))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions has no revision"
    return head


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return SchemaState(current=current, head=head_revision())


def upgrade(engine: Engine, revision: str = "head", backup_dir: Path | None = None) -> Path | None:
    """Upgrade the database; for a SQLite file with data, first copy it to ``backup_dir``.

    Returns the backup's path when one was made.
    """
    backup = None
    state = schema_state(engine)
    path = sqlite_path(engine.url)
    will_change = state.current != revision and not (revision == "head" and state.is_current)
    if backup_dir is not None and path is not None and path.exists() and not state.is_empty and will_change:
        backup = backup_sqlite(path, backup_dir, label=state.current or "empty")
    command.upgrade(alembic_config(engine), revision)
    return backup


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


def backup_sqlite(path: Path, backup_dir: Path, label: str) -> Path:
    """A consistent copy of a live SQLite file (the backup API copes with WAL)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{path.stem}-{stamp}-{label}.sqlite3"
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def schema_differences(engine: Engine) -> list[object]:
    """What differs between the database and the models (empty when they agree)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))

