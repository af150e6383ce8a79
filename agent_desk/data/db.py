"""Engines and sessions: which database, and how to talk to it safely.

SQLite (the embedded default) gets WAL, ``synchronous=FULL`` and foreign keys on every
connection; PostgreSQL gets psycopg 3, a short connect timeout (an unreachable server must
turn into offline mode quickly, not a frozen wait) and pre-ping.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, quote_plus

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.orm.session import SessionTransactionOrigin

from agent_desk.data import pg_deadline
from agent_desk.paths import AppDirs, app_dirs, private_dir, private_file
from agent_desk.settings import Settings

CONNECT_TIMEOUT_S = 5
# Execution option read by the SQLite "begin" hook: this transaction will write, so it
# takes the write lock up front (BEGIN IMMEDIATE) instead of on its first write.
WRITE_OPTION = "agent_desk_writes"


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
        raise DatabaseUrlError(f"not a database URL: {display_url(url)!r}") from exc
    except ValueError as exc:  # a port that is not a number
        raise DatabaseUrlError(f"the port in {display_url(url)!r} is not a number") from exc
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise DatabaseUrlError(f"unsupported database {backend!r}: use sqlite or postgresql")
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory SQLite."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (sa.exc.ArgumentError, ValueError):
        return None
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
        if path is not None and not path.exists():
            # Owner-only from the first byte; SQLite gives -wal and -shm the same mode.
            private_dir(path.parent)
            private_file(path)
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
    # WAL is written into the file's header: only for a new file or one of ours, never for
    # another application's file (which is refused, and must be left as it was).
    cursor.execute("SELECT count(*), count(*) FILTER (WHERE name = 'alembic_version') FROM sqlite_master")
    objects, ours = cursor.fetchone()
    if objects == 0 or ours:
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
    # A deferred transaction that reads and then writes cannot wait for the write lock:
    # if another process wrote since its read, SQLite fails it at once ("database is
    # locked") whatever the busy timeout. Writers therefore take the lock at BEGIN, where
    # busy_timeout does wait. Readers stay deferred: in WAL they never block anyone.
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@event.listens_for(Session, "after_transaction_create")
def _explicit_begin_writes(session: Session, transaction: SessionTransaction) -> None:
    """``session.begin()`` / ``factory.begin()`` is how this code base says "I will write"
    (a read opens its session and lets it autobegin); on SQLite such a transaction begins
    IMMEDIATE, on its connection at once."""
    if transaction.origin is not SessionTransactionOrigin.BEGIN or transaction.parent is not None:
        return
    bind = session.bind
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        session.connection(execution_options={WRITE_OPTION: True})


def writing(engine: Engine) -> Engine:
    """The same engine, whose ``begin()`` takes SQLite's write lock up front (Core writers)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def display_url(url: str | URL) -> str:
    """A database URL as shown to people: in messages, logs and the status bar.

    The password is never shown, even in a URL that does not parse.
    """
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return re.sub(r"(://[^/@:]*:)[^/]*@", r"\1***@", url)


def scrub(message: str, url: str | URL | None = None) -> str:
    """``message`` with any password taken out: the URL's own, and libpq's ``password=...``
    and ``user:password@`` forms."""
    password = None
    if url is not None:
        try:
            password = (make_url(url) if isinstance(url, str) else url).password
        except (sa.exc.ArgumentError, ValueError):
            password = None
    if password:
        for form in {str(password), quote(str(password), safe=""), quote_plus(str(password))}:
            message = message.replace(form, "***")
    message = re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", message, flags=re.IGNORECASE)
    return re.sub(r"(://[^/@:\s]*:)[^/@\s]*@", r"\1***@", message)


def error_line(exc: BaseException, url: str | URL | None = None) -> str:
    """One line for a person about a database error: the driver's words, no SQL, no
    parameters, no password."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    line = text.splitlines()[0].strip() if text else ""
    return scrub(line, url) or type(exc).__name__


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects outlive their session so services can turn them into frozen dataclasses.
    return sessionmaker(engine, expire_on_commit=False)
