"""Schema migrations through alembic, driven from code (no alembic.ini needed).

The embedded SQLite file is upgraded at start-up after a backup copy; a shared PostgreSQL
database is upgraded by an admin with ``agent-desk db upgrade --url ...``.

Alembic is handed the engine itself, never its URL: alembic's config is a configparser,
which reads ``%`` in a path or a password as interpolation, and a URL in the config ends
up in tracebacks with its password.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from agent_desk.data.db import sqlite_path
from agent_desk.data.models import Base
from agent_desk.paths import bundled, private_dir, private_file

# Migration backups kept per database file; older ones are deleted after a new one is made.
KEEP_BACKUPS = 5


class DatabaseNotUsable(RuntimeError):
    """The database is not one this build can work on; the message says why, in plain words."""


class ForeignDatabase(DatabaseNotUsable):
    """The database holds some other application's tables and no agent-desk schema."""


class NewerSchema(DatabaseNotUsable):
    """The database was migrated by a newer agent-desk (its revision is unknown here)."""


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the migrations this build carries."""

    current: str | None
    head: str
    foreign_tables: tuple[str, ...] = ()
    known: bool = True

    @property
    def is_empty(self) -> bool:
        return self.current is None and not self.foreign_tables

    @property
    def is_current(self) -> bool:
        return self.current == self.head


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    # A folder path may hold "%" too (configparser interpolation): escape it.
    config.set_main_option("script_location", str(bundled("migrations")).replace("%", "%%"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions has no revision"
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        foreign: tuple[str, ...] = ()
        if current is None:
            # An empty alembic_version (downgraded to base) is ours, not foreign.
            foreign = tuple(sorted(set(sa.inspect(connection).get_table_names()) - {"alembic_version"}))
    known = current is None or current in known_revisions()
    return SchemaState(current=current, head=head_revision(), foreign_tables=foreign, known=known)


def usable_state(engine: Engine) -> SchemaState:
    """The schema state, or an error saying why this build must not touch the database.

    Raises:
        ForeignDatabase: another application's tables, no agent-desk schema.
        NewerSchema: a revision this build does not know (a newer agent-desk migrated it).
    """
    state = schema_state(engine)
    if state.foreign_tables:
        shown = ", ".join(state.foreign_tables[:3]) + (", ..." if len(state.foreign_tables) > 3 else "")
        raise ForeignDatabase(
            f"the database holds another application's tables ({shown}) and no agent-desk "
            "schema; use an empty database"
        )
    if not state.known:
        raise NewerSchema(
            f"the database has schema {state.current}, newer than this agent-desk knows "
            f"({state.head}); install the newer agent-desk"
        )
    return state


def upgrade(engine: Engine, revision: str = "head", backup_dir: Path | None = None) -> Path | None:
    """Upgrade the database; for a SQLite file with data, first copy it to ``backup_dir``.

    Returns the backup's path when one was made.
    """
    backup = None
    state = usable_state(engine)
    path = sqlite_path(engine.url)
    will_change = state.current != revision and not (revision == "head" and state.is_current)
    if backup_dir is not None and path is not None and path.exists() and not state.is_empty and will_change:
        backup = backup_sqlite(path, backup_dir, label=state.current or "empty")
    command.upgrade(alembic_config(engine), revision)
    return backup


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


def backup_sqlite(path: Path, backup_dir: Path, label: str, keep: int = KEEP_BACKUPS) -> Path:
    """A consistent copy of a live SQLite file (the backup API copes with WAL).

    The copy is made under a temporary name, flushed to the disk and only then renamed, so
    a file under a backup's name is always a whole backup (a kill mid-copy leaves only a
    ``.partial`` file, cleared by the next backup). The newest ``keep`` backups of the file
    are kept, older ones deleted. Backups are owner-only (customers' data).
    """
    private_dir(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{path.stem}-{stamp}-{label}.sqlite3"
    partial = backup_dir / f".{target.name}.partial"
    for stale in backup_dir.glob(f".{glob.escape(path.stem)}-*.partial"):
        stale.unlink(missing_ok=True)
    try:
        private_file(partial)
        with contextlib.closing(sqlite3.connect(path)) as source, \
                contextlib.closing(sqlite3.connect(partial)) as copy:
            _copy(source, copy)
        _fsync(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync(backup_dir)
    prune_backups(path, backup_dir, keep)
    return target


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune_backups(path: Path, backup_dir: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``path``; returns the deleted ones."""
    pattern = re.compile(rf"^{re.escape(path.stem)}-(\d{{8}}T\d{{6}})(\d{{6}})?Z-.+\.sqlite3$")
    backups = []
    for candidate in backup_dir.iterdir():
        match = pattern.match(candidate.name)
        if match:
            backups.append((match.group(1) + (match.group(2) or "000000"), candidate))
    backups.sort()
    old = [candidate for _stamp, candidate in backups[: max(0, len(backups) - keep)]]
    for candidate in old:
        candidate.unlink(missing_ok=True)
    return old


def schema_differences(engine: Engine) -> list[object]:
    """What differs between the database and the models (empty when they agree)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))

