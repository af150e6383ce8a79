"""Getting a database ready at start-up (Qt-free; the UI runs it on a worker thread).

* The embedded SQLite file is migrated to head automatically, after a backup copy.
* A shared PostgreSQL database is never migrated by a client: if it is behind, the user
  is told to ask an admin to run ``agent-desk db upgrade``.
* The embedded default, on first run, is seeded with demo data so the app shows something.
* An unreachable server is reported as :class:`DatabaseUnavailable`: the app goes on
  offline, it does not crash.
* A damaged embedded file (``PRAGMA quick_check`` fails, or it is not a SQLite file at all)
  or another application's file is reported as :class:`DatabaseDamaged` and not used.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import error_line, make_engine, sqlite_path
from agent_desk.paths import AppDirs, private_dir

Progress = Callable[[int, int, str], None]


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached now (network, server down, wrong password)."""


class SchemaMismatch(RuntimeError):
    """The shared database's schema is not the one this build needs."""


class DatabaseDamaged(RuntimeError):
    """The database file is damaged, not a database, or another application's: not used."""


@dataclass(frozen=True)
class ReadyDatabase:
    engine: Engine
    url: str
    embedded: bool
    backup: Path | None
    seeded_customers: int


def prepare(
    url: str,
    dirs: AppDirs,
    demo_customers: int,
    progress: Progress | None = None,
) -> ReadyDatabase:
    """Connect, migrate (SQLite only), and seed the embedded default on first run.

    Raises:
        DatabaseUnavailable: the server cannot be reached.
        SchemaMismatch: a shared database needs an admin's upgrade (or a newer app).
        DatabaseDamaged: the file is damaged or not an agent-desk database; it is left as is.
    """
    report = progress or (lambda _done, _total, _what: None)
    engine = make_engine(url)
    path = sqlite_path(engine.url)
    embedded = path is not None
    is_default = path is not None and path.resolve() == dirs.default_database.resolve()
    report(0, 0, "connect")
    try:
        if path is not None:
            _check_integrity(engine, path, dirs)
        state = migrate.usable_state(engine)
    except migrate.NewerSchema as exc:
        engine.dispose()
        raise SchemaMismatch(str(exc)) from exc
    except migrate.ForeignDatabase as exc:
        engine.dispose()
        raise DatabaseDamaged(str(exc)) from exc
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if path is not None and "locked" not in str(exc.orig):
            raise DatabaseDamaged(f"the database file {path} cannot be used: {error_line(exc)}") from exc
        raise DatabaseUnavailable(error_line(exc, engine.url)) from exc
    except sa.exc.DatabaseError as exc:  # "file is not a database", a damaged header
        engine.dispose()
        raise DatabaseDamaged(
            f"the database file {path} is damaged or not a database ({error_line(exc)}); "
            "it was not used"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    backup = None
    if embedded:
        if not state.is_current:
            report(0, 0, "migrate")
            backup = migrate.upgrade(engine, backup_dir=dirs.backups)
    elif not state.is_current:
        engine.dispose()
        raise SchemaMismatch(
            f"the database has schema {state.current or 'none'}, this app needs {state.head}; "
            "ask an admin to run: agent-desk db upgrade --url <database URL>"
        )
    seeded = 0
    if is_default and demo_customers > 0 and _is_empty(engine):
        report(0, demo_customers, "seed")
        demo.generate(engine, demo_customers, progress=lambda done, total: report(done, total, "seed"))
        with Session(engine) as session, session.begin():
            publish_bundled_scripts(session)
        seeded = demo_customers
    return ReadyDatabase(engine, url, embedded, backup, seeded)


def publish_bundled_scripts(session: Session) -> int:
    """Publish the bundled call scripts (a new version only where the text changed)."""
    from agent_desk.scripts.library import bundled_script_files
    from agent_desk.scripts.publish import known_codes, publish_outcome

    known = known_codes(session)
    return sum(publish_outcome(session, path, known=known)[1] for path in bundled_script_files())


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        return not connection.scalar(sa.select(sa.func.count()).select_from(m.Customer))


# quick_check reads the whole file (about 0.5 GB/s warm, far less cold): every start for a
# file up to this size; a bigger one (a million customers is gigabytes) after a crash and
# at least weekly, so a desk on a big file is not kept waiting a minute at every start.
CHECK_EVERY_START_BYTES = 512 * 1024 * 1024
CHECK_AT_LEAST_EVERY_S = 7 * 24 * 3600


def _check_integrity(engine: Engine, path: Path, dirs: AppDirs) -> None:
    """``PRAGMA quick_check`` on the embedded file: a damaged file is reported, never used
    (writing into it could spread the damage, and its answers could be wrong).

    A file that does not even open as SQLite fails later, in the schema check, on every start.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    marker = dirs.cache / "integrity" / hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    wal = Path(f"{path}-wal")
    crashed = wal.exists() and wal.stat().st_size > 0  # a clean close folds the WAL back in
    recent = marker.exists() and time.time() - marker.stat().st_mtime < CHECK_AT_LEAST_EVERY_S
    if path.stat().st_size > CHECK_EVERY_START_BYTES and recent and not crashed:
        return
    with engine.connect() as connection:
        rows = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check(5)")]
    if rows != ["ok"]:
        marker.unlink(missing_ok=True)
        raise DatabaseDamaged(
            f"the database file {path} is damaged ({'; '.join(str(r) for r in rows[:2])}); "
            "it was not used: restore a backup or move the file aside"
        )
    private_dir(marker.parent)
    marker.touch()
