"""The desk's local store: an SQLite file in the user data dir holding what the agent needs
offline (the same tables as the server, from the models), the outbox, and the sync state.

Every local write and its outbox entry commit in one local transaction (WAL,
``synchronous=FULL``: once :meth:`LocalStore.write` returns, a power cut loses neither). The
store is a cache of the server's truth plus the agent's pending work: foreign keys are not
enforced here (a pull page may bring a presentation before its call; the server enforces them).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.data import models as m
from agent_desk.ids import new_id
from agent_desk.paths import private_dir, private_file
from agent_desk.sync import tables
from agent_desk.sync.crash import crash_point
from agent_desk.sync.mutations import Applied, Mutation, apply_mutation

LOCAL = sa.MetaData()
outbox = sa.Table(
    "outbox", LOCAL,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("key", sa.String(36), nullable=False, unique=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("made_at", sa.String(40), nullable=False),
    # [table, row id, keyed] of each row the local apply made; keyed: the payload names its key
    # (the server's row has it too). Unkeyed rows (a callback a wrap-up makes) are replaced by
    # the server's own when acknowledged; a rejected mutation's rows all go.
    sa.Column("local_rows", sa.Text, nullable=False, server_default="[]"),
    sa.Column("acked", sa.Boolean, nullable=False, server_default=sa.false()),
)
sync_state = sa.Table(
    "sync_state", LOCAL,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
held = sa.Table(
    "held_customers", LOCAL,
    sa.Column("customer_id", sa.String(36), primary_key=True),
    sa.Column("fetched", sa.Boolean, nullable=False, server_default=sa.false()),
)
rejected = sa.Table(
    "rejected", LOCAL,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("key", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)


def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    dbapi_connection.isolation_level = None  # SQLAlchemy says BEGIN (IMMEDIATE) itself


def _begin(connection) -> None:  # type: ignore[no-untyped-def]
    # Writers take the write lock at BEGIN (where busy_timeout waits); readers stay deferred.
    writes = connection.get_execution_options().get("local_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _customer_ids(kind: str, payload: dict[str, Any]) -> list[str]:
    found = [payload.get("customer_id"), (payload.get("call") or {}).get("customer_id"),
             (payload.get("wrapup") or {}).get("customer_id")]
    return [str(c) for c in found if c]


def _client_keys(payload: Any) -> set[str]:
    """Every id the payload names: rows with these keys are the same on the server."""
    found: set[str] = set()
    if isinstance(payload, dict):
        for value in payload.values():
            found |= _client_keys(value)
    elif isinstance(payload, list):
        for value in payload:
            found |= _client_keys(value)
    elif isinstance(payload, str) and len(payload) == 36 and payload.count("-") == 4:
        found.add(payload)
    return found


@dataclass(frozen=True)
class Pending:
    seq: int
    mutation: Mutation


class LocalStore:
    """One agent's local store. Writes take SQLite's write lock at BEGIN (IMMEDIATE).

    Attributes:
        path: the file.
        engine: its SQLAlchemy engine (reads by the desk's queries work on it).
    """

    def __init__(self, path: Path, agent_id: uuid.UUID | None = None) -> None:
        self.path = path
        if not path.exists():
            private_dir(path.parent)
            private_file(path)
        self.engine: Engine = sa.create_engine(f"sqlite:///{path}", hide_parameters=True)
        event.listen(self.engine, "connect", _pragmas)
        event.listen(self.engine, "begin", _begin)
        m.Base.metadata.create_all(self.engine)
        LOCAL.create_all(self.engine)
        self.writer = self.engine.execution_options(local_write=True)
        self.factory = sessionmaker(self.writer, expire_on_commit=False)
        with self.writer.begin() as connection:
            if self._get(connection, "client_id") is None:
                self._set(connection, "client_id", str(uuid.uuid4()))
                self._set(connection, "cursor", "0::")
                self._set(connection, "next_seq", "1")
            if agent_id is not None:
                known = self._get(connection, "agent_id")
                if known is not None and known != str(agent_id):
                    raise ValueError(f"{path}: this local store belongs to another person")
                self._set(connection, "agent_id", str(agent_id))
        self.client_id = uuid.UUID(self.state("client_id"))
        known_agent = self.state("agent_id", "")
        self._agent_id = uuid.UUID(known_agent) if known_agent else None

    def close(self) -> None:
        self.engine.dispose()

    # -- state ----------------------------------------------------------------------------

    @staticmethod
    def _get(connection: sa.Connection, name: str) -> str | None:
        return connection.scalar(sa.select(sync_state.c.value).where(sync_state.c.name == name))

    @staticmethod
    def _set(connection: sa.Connection, name: str, value: str) -> None:
        connection.execute(sa.text("INSERT OR REPLACE INTO sync_state (name, value) VALUES (:n, :v)"),
                           {"n": name, "v": value})

    def state(self, name: str, default: str | None = None) -> str:
        with self.engine.connect() as connection:
            value = self._get(connection, name)
        if value is None:
            if default is None:
                raise KeyError(name)
            return default
        return value

    @property
    def agent_id(self) -> uuid.UUID:
        if self._agent_id is None:
            raise RuntimeError(f"{self.path}: nobody's local store yet")
        return self._agent_id

    # -- writes ---------------------------------------------------------------------------

    def write(self, kind: str, payload: dict[str, Any]) -> tuple[Mutation, Applied]:
        """Apply the agent's write here and queue it for the server, in one local transaction."""
        made: list[tuple[str, str]] = []

        def collect(session: Session, _context: object) -> None:
            for obj in session.new:
                table_name = getattr(obj, "__tablename__", None)
                if table_name in tables.SYNCED:
                    made.append((table_name, tables.row_id(table_name, {k: getattr(obj, k)
                                                                          for k in tables.SYNCED[table_name]})))

        with self.factory() as session, session.begin():
            connection = session.connection()
            seq = int(self._get(connection, "next_seq") or "1")
            mutation = Mutation(self.client_id, seq, new_id(), kind, payload)
            event.listen(session, "after_flush", collect)
            try:
                done = apply_mutation(session, mutation, self.agent_id)
                session.flush()
            finally:
                event.remove(session, "after_flush", collect)
            keys = _client_keys(payload)
            rows_made = [(t, rid, rid in keys) for t, rid in made]
            connection.execute(outbox.insert().values(
                seq=seq, key=str(mutation.key), kind=kind, payload=json.dumps(payload, ensure_ascii=False),
                made_at=datetime.now(UTC).isoformat(), local_rows=json.dumps(rows_made)))
            self._set(connection, "next_seq", str(seq + 1))
            for customer_id in _customer_ids(kind, payload):
                connection.execute(sa.text("INSERT OR IGNORE INTO held_customers (customer_id, fetched) "
                                           "VALUES (:c, 0)"), {"c": customer_id})
        crash_point("after_local_write")
        return mutation, done

    def hold(self, customer_ids: Iterable[uuid.UUID]) -> None:
        """Keep these customers here from now on (fetched whole at the next sync)."""
        with self.writer.begin() as connection:
            for customer_id in customer_ids:
                connection.execute(sa.text("INSERT OR IGNORE INTO held_customers (customer_id, fetched) "
                                           "VALUES (:c, 0)"), {"c": str(customer_id)})

    def held_customers(self, fetched: bool | None = None) -> list[uuid.UUID]:
        query = sa.select(held.c.customer_id)
        if fetched is not None:
            query = query.where(held.c.fetched == fetched)
        with self.engine.connect() as connection:
            return [uuid.UUID(c) for c in connection.scalars(query)]

    # -- the outbox -----------------------------------------------------------------------

    def pending(self, limit: int | None = None) -> list[Mutation]:
        query = sa.select(outbox).where(outbox.c.acked.is_(False)).order_by(outbox.c.seq)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [Mutation(self.client_id, r.seq, uuid.UUID(r.key), r.kind, json.loads(r.payload))
                    for r in connection.execute(query)]

    def pending_count(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.count()).select_from(outbox)
                                     .where(outbox.c.acked.is_(False))) or 0

    def acknowledge(self, last_seq: int, rejections: Sequence[tuple[int, str, str, str]] = ()) -> None:
        """The server has everything up to ``last_seq``: mark it sent, drop the rows the local
        apply made with keys of its own (the server's arrive with the next pull), and keep
        each rejection (seq, key, kind, reason) where the agent can see it, undoing its rows."""
        refused = {seq: (key, kind, reason) for seq, key, kind, reason in rejections}
        with self.writer.begin() as connection:
            entries = connection.execute(sa.select(outbox.c.seq, outbox.c.payload, outbox.c.local_rows)
                                         .where(outbox.c.acked.is_(False), outbox.c.seq <= last_seq)).all()
            for seq, payload, local_rows in entries:
                made = json.loads(local_rows)
                drop = [(t, rid) for t, rid, keyed in made if not keyed or seq in refused]
                if seq in refused:
                    key, kind, reason = refused[seq]
                    connection.execute(sa.text("INSERT OR REPLACE INTO rejected (seq, key, kind, payload, reason) "
                                               "VALUES (:s, :k, :t, :p, :r)"),
                                       {"s": seq, "k": key, "t": kind, "p": payload, "r": reason})
                    # Its rows never reached the server: take them out here too, and fetch its
                    # customers again (an edit that was refused must show the server's value).
                    for customer_id in _customer_ids(kind, json.loads(payload)):
                        connection.execute(sa.text("UPDATE held_customers SET fetched = 0 WHERE customer_id = :c"),
                                           {"c": customer_id})
                for table_name, rid in drop:
                    connection.execute(sa.delete(tables.table(table_name)).where(tables.key_clause(table_name, rid)))
            connection.execute(sa.update(outbox).where(outbox.c.seq <= last_seq).values(acked=True))
            self._set(connection, "acked_seq", str(last_seq))

    def rejected(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(sa.select(rejected).order_by(rejected.c.seq))]

    def resend_from(self, server_last_seq: int) -> None:
        """After the server was restored: everything above what it has is pending again."""
        with self.writer.begin() as connection:
            connection.execute(sa.update(outbox).where(outbox.c.seq > server_last_seq).values(acked=False))
            self._set(connection, "acked_seq", str(server_last_seq))

    # -- pulled rows ----------------------------------------------------------------------

    @contextmanager
    def applying(self) -> Iterator[sa.Connection]:
        with self.writer.begin() as connection:
            yield connection

    def store_rows(self, connection: sa.Connection, rows: Sequence[tuple[str, dict[str, Any]]],
                   deleted: Sequence[tuple[str, str]] = ()) -> None:
        by_table: dict[str, list[dict[str, Any]]] = {}
        for name, row in rows:
            by_table.setdefault(name, []).append(row)
        for name, some in by_table.items():
            connection.execute(tables.table(name).insert().prefix_with("OR REPLACE"), some)
        for name, rid in deleted:
            connection.execute(sa.delete(tables.table(name)).where(tables.key_clause(name, rid)))

    def reapply_pending_edits(self, connection: sa.Connection) -> None:
        """A pulled row must not hide the agent's own edit still on its way (rebase)."""
        c = m.Customer.__table__.c
        for (payload,) in connection.execute(sa.select(outbox.c.payload).where(
                outbox.c.acked.is_(False), outbox.c.kind == "customer.edit").order_by(outbox.c.seq)):
            p = json.loads(payload)
            connection.execute(sa.update(m.Customer.__table__).where(c.id == uuid.UUID(p["customer_id"]))
                               .values({p["field"]: p.get("value")}))

    def save_cursor(self, connection: sa.Connection, cursor: str, incarnation: uuid.UUID | None = None) -> None:
        self._set(connection, "cursor", cursor)
        if incarnation is not None:
            self._set(connection, "incarnation", str(incarnation))

    def mark_fetched(self, connection: sa.Connection, customer_ids: Sequence[uuid.UUID]) -> None:
        for customer_id in customer_ids:
            connection.execute(sa.text("UPDATE held_customers SET fetched = 1 WHERE customer_id = :c"),
                               {"c": str(customer_id)})

    def forget_server_rows(self) -> None:
        """A new server incarnation: drop every synced row (the agent's pending work stays in
        the outbox and is applied again on top of the fresh copy) and start the cursor over."""
        with self.writer.begin() as connection:
            for name in tables.SYNCED:
                connection.execute(sa.delete(tables.table(name)))
            connection.execute(sa.update(held).values(fetched=False))
            self._set(connection, "cursor", "0::")
            connection.execute(sa.delete(sync_state).where(sync_state.c.name == "incarnation"))

    def replay_pending(self) -> None:
        """Apply the pending mutations again on the local copy (after a fresh copy)."""
        for mutation in self.pending():
            with self.factory() as session, session.begin():
                try:
                    with session.begin_nested():
                        apply_mutation(session, mutation, self.agent_id)
                except Exception:  # noqa: BLE001 - the server decides; the local copy is best effort
                    pass

    def rows(self) -> list[tuple[str, dict[str, Any]]]:
        """Every synced row held here (the convergence check)."""
        found: list[tuple[str, dict[str, Any]]] = []
        with self.engine.connect() as connection:
            for name in tables.SYNCED:
                found += [(name, dict(r._mapping)) for r in connection.execute(sa.select(*tables.columns(name)))]
        return found
