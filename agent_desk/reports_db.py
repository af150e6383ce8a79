"""Where reports and dashboards read: a PostgreSQL streaming replica, or the primary.

A lead's long query (a dashboard over months of calls, the call log's deep pages) should never
hold up the floor's writes. With ``report_db_url`` set (settings.toml, ``docs/replica.md``)
reports read from a hot standby that streams the primary's WAL; without it, from the primary.
The person signs in once: a report URL without a user takes the primary's login (the roles
and row-level security are the primary's, replicated), so each lead still sees only what the
primary would show them.

A standby is read-only: any write through the report engine is refused by the server
("cannot execute ... in a read-only transaction"), and the engine also opens every
transaction read-only, so the refusal comes the same way on a primary used for reports.
What a lead reads there may be seconds old: :func:`replica_lag` says how old.

Qt-free. ``report_engine`` makes an engine (no connection yet); the caller disposes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from agent_desk.data.db import make_engine, normalize_url
from agent_desk.settings import Settings

# Above this a lead is told the figures may be behind (the screens show the lag).
LAG_WARNING = timedelta(seconds=30)


class ReportDatabaseError(ValueError):
    """report_db_url cannot be used (the message names the setting and why)."""


def report_url(settings: Settings, primary: Engine) -> str | None:
    """The URL reports read from (with the primary's login filled in), or None: the primary."""
    raw = settings.report_db_url.strip()
    if not raw:
        return None
    try:
        url = make_url(normalize_url(raw))
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise ReportDatabaseError(f"report_db_url: not a database URL ({exc.__class__.__name__})") from None
    if url.get_backend_name() != "postgresql" or primary.dialect.name != "postgresql":
        raise ReportDatabaseError("report_db_url: a streaming replica needs PostgreSQL on both sides")
    if url.username is None:
        url = url.set(username=primary.url.username, password=primary.url.password)
    if url.database is None:
        url = url.set(database=primary.url.database)
    return url.render_as_string(hide_password=False)


def report_engine(settings: Settings, primary: Engine) -> Engine:
    """The engine reports and dashboards read through: the replica's when ``report_db_url``
    is set, else ``primary`` itself (then the caller must not dispose it twice: compare)."""
    url = report_url(settings, primary)
    if url is None:
        return primary
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Reports never write: every transaction on this engine is read-only.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")
        dbapi_connection.commit()

    return engine


@dataclass(frozen=True)
class ReplicaState:
    """How far behind the report database is.

    Attributes:
        standby: the report database is a standby (``pg_is_in_recovery()``).
        lag: how far behind a standby is: ``now() - pg_last_xact_replay_timestamp()`` while
            it has WAL still to replay, zero when it has replayed all it received (an idle
            primary sends nothing new); None on the primary itself.
        replay_age: ``now() - pg_last_xact_replay_timestamp()`` as it is (grows on a standby
            of an idle primary; None before the first replayed transaction or on a primary).
    """

    standby: bool
    lag: timedelta | None
    replay_age: timedelta | None = None

    @property
    def behind(self) -> bool:
        return self.lag is not None and self.lag > LAG_WARNING


def replica_lag(engine: Engine) -> ReplicaState:
    """Ask the report database how old its data is (one short query)."""
    if engine.dialect.name != "postgresql":
        return ReplicaState(False, None)
    with engine.connect() as connection:
        standby, lag, age = connection.execute(sa.text(
            "SELECT pg_is_in_recovery(), "
            "CASE WHEN NOT pg_is_in_recovery() THEN NULL "
            # Everything received is replayed: the data is as new as the primary sent it.
            "     WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN interval '0' "
            "     ELSE now() - pg_last_xact_replay_timestamp() END, "
            "now() - pg_last_xact_replay_timestamp()")).one()
    return ReplicaState(bool(standby), lag, age)
