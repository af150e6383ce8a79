"""Engines and sessions: which database, and how to talk to it safely.

SQLite (the embedded default) gets WAL, ``synchronous=FULL`` and foreign keys on every
connection; PostgreSQL gets psycopg 3, a short connect timeout (an unreachable server must
turn into offline mode quickly, not a frozen wait) and pre-ping.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.data import pg_deadline
from agent_desk.paths import AppDirs, app_dirs
from agent_desk.settings import Settings

CONNECT_TIMEOUT_S = 5


class DatabaseUrlError(ValueError):
    """The database URL cannot be used; the message says why in plain words."""


def default_url(dirs: AppDirs | None = None) -> str:
    """The embedded SQLite file in the user's data dir."""
    return f"sqlite:///{(dirs or app_dirs()).default_database}"


def resolve_url(settings: Settings, dirs: AppDirs | None = None) -> str:
    return normalize_url(settings.db_url) if settings.db_url else default_url(dirs)


def normalize_url(url: str) -> str:
    """Accept the URLs people paste (``postgres://``, ``postgresql://``) and use psycopg 3."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise DatabaseUrlError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise DatabaseUrlError(f"unsupported database {backend!r}: use sqlite or postgresql")
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory SQLite."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, *, deadline: bool = True, **kwargs: object) -> Engine:
    """The engine for ``url``. Error messages and logs never carry SQL parameters.

    On PostgreSQL every exchange with the server gives up within seconds when the server
    stops answering (:mod:`agent_desk.data.pg_deadline`); ``deadline=False`` is for admin
    work whose statements may rightly run for minutes (migrations, demo data).
    """
    kwargs.setdefault("hide_parameters", True)
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "agent-desk",
                    **pg_deadline.connect_args(deadline)}
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    event.listen(engine, "do_connect", pg_deadline.make_connector(deadline))
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    # Another agent-desk process (a CLI command, the screenshot tool) may hold the write
    # lock for a moment; wait for it instead of failing.
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # pysqlite's own transaction handling commits DDL on the spot, so a failed migration
    # would leave a half-changed file. Let SQLAlchemy say BEGIN itself (SQLAlchemy docs,
    # "Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects outlive their session so services can turn them into frozen dataclasses.
    return sessionmaker(engine, expire_on_commit=False)
