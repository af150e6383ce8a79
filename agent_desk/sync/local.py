"""The desk's local store: an SQLite file in the user data dir holding what the agent needs
offline (the same tables as the server, from the models), the outbox, and the sync state.

Every local write and its outbox entry commit in one local transaction (WAL,
``synchronous=FULL``: once :meth:`LocalStore.write` returns, a power cut loses neither). The
store is a cache of the server's truth plus the agent's pending work: foreign keys are not
enforced here (a pull page may bring a presentation before its call; the server enforces them).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
from agent_desk.sync.mutations import Mutation, apply_mutation
from agent_desk.wrapup import RELATED_ROLES, related_id

LOCAL = sa.MetaData()
outbox = sa.Table(
    "outbox", LOCAL,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("key", sa.String(36), nullable=False, unique=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("made_at", sa.String(40), nullable=False),
    # [table, row id, keyed] of each row the local apply made; keyed: the desk made its key (the
    # payload names it, or it is made from the call's key: a wrap-up's callback), so the server's
    # row has it too. Unkeyed rows are dropped when acknowledged (the server's own arrive with
    # the next pull); a rejected mutation's rows all go.
    sa.Column("local_rows", sa.Text, nullable=False, server_default="[]"),
    sa.Column("acked", sa.Boolean, nullable=False, server_default=sa.false()),
)
# The outbox keeps what was sent (a restored server gets it again), so a desk's outbox grows
# for as long as the desk is used: what is still to send is found through this index, not by
# reading past everything ever sent.
PENDING_INDEX = sa.Index("ix_outbox_pending", outbox.c.seq, sqlite_where=outbox.c.acked.is_(False))
sync_state = sa.Table(
    "sync_state", LOCAL,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
held = sa.Table(
    "held_customers", LOCAL,
    sa.Column("customer_id", sa.String(36), primary_key=True),
    sa.Column("fetched", sa.Boolean, nullable=False, server_default=sa.false()),
    # When the desk last needed them (a pop, a write, the server's list of what the agent
    # will need): the least recently needed go first when the store is over its cap.
    sa.Column("touched_at", sa.String(40), nullable=False, server_default=""),
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


def _schema_tag() -> str:
    """A digest of every table and column the store is made of, and of which tables are
    synced: another version of the app with other tables or columns, or that syncs a table
    this one did not (its pulls skipped that table's changes), gets another tag."""
    parts = [f"synced {name} {keys}" for name, keys in sorted(tables.SYNCED.items())]
    for metadata in (m.Base.metadata, LOCAL):
        for table_ in sorted(metadata.sorted_tables, key=lambda t: t.name):
            parts.append(table_.name + "(" + ",".join(f"{c.name} {c.type!r}" for c in table_.columns) + ")")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


SCHEMA_TAG = _schema_tag()
# What a store keeps across a change of the app's schema: the agent's work and who they are.
_KEPT_STATE = ("client_id", "next_seq", "agent_id", "acked_seq", "credential")


def _older_schema(path: Path) -> dict[str, list[dict[str, Any]]] | None:
    """When ``path`` is a store of another schema: its outbox, rejections, state and held
    customers (plain rows), after moving the file aside (``<name>.old``); else None.

    The store is a cache of the server plus the agent's queued work: the cache is pulled
    again from scratch, the work is kept and replayed."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.row_factory = sqlite3.Row
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "sync_state" not in names:
            return None
        tag = connection.execute("SELECT value FROM sync_state WHERE name = 'schema'").fetchone()
        if tag is not None and tag[0] == SCHEMA_TAG:
            return None
        kept = {name: [dict(r) for r in connection.execute(f'SELECT * FROM "{name}"')]  # noqa: S608 - our names
                for name in ("outbox", "rejected", "sync_state", "held_customers") if name in names}
    finally:
        connection.close()
    aside = path.with_name(path.name + ".old")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    private_file(path)
    return kept


def _restore(connection: sa.Connection, kept: dict[str, list[dict[str, Any]]]) -> None:
    for table_ in (outbox, rejected, held):
        columns = {c.name for c in table_.columns}
        rows = [{k: v for k, v in row.items() if k in columns} for row in kept.get(table_.name, [])]
        if table_ is held:
            rows = [{**row, "fetched": False} for row in rows]
        if rows:
            connection.execute(table_.insert(), rows)
    for row in kept.get("sync_state", []):
        if row.get("name") in _KEPT_STATE:
            connection.execute(sync_state.insert(), {"name": row["name"], "value": row["value"]})
    connection.execute(sync_state.insert(), {"name": "cursor", "value": "0::"})


_SCRYPT_N = 2**14  # about 50 ms a check: once at sign-in, slow for anyone guessing offline


def _now_text() -> str:
    return datetime.now(UTC).isoformat()


def _hold(connection: sa.Connection, customer_ids: Iterable[str], fetched: bool = False) -> None:
    at = _now_text()
    for customer_id in customer_ids:
        connection.execute(sa.text(
            "INSERT INTO held_customers (customer_id, fetched, touched_at) VALUES (:c, :f, :t) "
            "ON CONFLICT (customer_id) DO UPDATE SET touched_at = excluded.touched_at, "
            "fetched = max(fetched, excluded.fetched)"), {"c": str(customer_id), "f": fetched, "t": at})


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
        kept = _older_schema(path)  # a store written by another version of the app (moved aside)
        self.engine: Engine = sa.create_engine(f"sqlite:///{path}", hide_parameters=True)
        event.listen(self.engine, "connect", _pragmas)
        event.listen(self.engine, "begin", _begin)
        m.Base.metadata.create_all(self.engine)
        LOCAL.create_all(self.engine)
        PENDING_INDEX.create(self.engine, checkfirst=True)  # a store made before the index
        self.writer = self.engine.execution_options(local_write=True)
        self.factory = sessionmaker(self.writer, expire_on_commit=False)
        # Reads never take the write lock (a pull being stored does not hold up a pop).
        self.reader = sessionmaker(self.engine, expire_on_commit=False)
        with self.writer.begin() as connection:
            if kept is not None:
                _restore(connection, kept)
            if self._get(connection, "client_id") is None:
                self._set(connection, "client_id", str(uuid.uuid4()))
                self._set(connection, "cursor", "0::")
                self._set(connection, "next_seq", "1")
            self._set(connection, "schema", SCHEMA_TAG)
            if agent_id is not None:
                known = self._get(connection, "agent_id")
                if known is not None and known != str(agent_id):
                    raise ValueError(f"{path}: this local store belongs to another person")
                self._set(connection, "agent_id", str(agent_id))
        self.client_id = uuid.UUID(self.state("client_id"))
        known_agent = self.state("agent_id", "")
        self._agent_id = uuid.UUID(known_agent) if known_agent else None
        if kept is not None:
            if self._agent_id is not None:
                self.replay_pending()  # the agent's queued work, on the fresh (empty) copy
            # Its queued work and who it belongs to are in the new store (committed above):
            # the old copy of customers' data is not left behind on the disk.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path.with_name(path.name + '.old')}{suffix}").unlink(missing_ok=True)
        #: The outbox's length as last counted here (read without touching the disk).
        self._hint_lock = threading.Lock()
        self.pending_hint = self.pending_count()

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

    def last_synced(self) -> datetime | None:
        """When a sync round last ended well on this desk (kept across starts)."""
        value = self.state("last_synced", "")
        return datetime.fromisoformat(value) if value else None

    def mark_synced(self, at: datetime) -> None:
        with self.writer.begin() as connection:
            self._set(connection, "last_synced", at.isoformat())

    @property
    def agent_id(self) -> uuid.UUID:
        if self._agent_id is None:
            raise RuntimeError(f"{self.path}: nobody's local store yet")
        return self._agent_id

    # -- writes ---------------------------------------------------------------------------

    def write(self, kind: str, payload: dict[str, Any], apply: Callable[[Session], Any] | None = None,
              key: uuid.UUID | None = None) -> tuple[Mutation, Any]:
        """Apply the agent's write here and queue it for the server, in one local transaction.

        ``apply``: the local effect, when the caller has it as code (the call object's writes,
        the desk's submit); it must do what :func:`apply_mutation` does with the payload, and
        its answer is returned. Else the payload is applied (the answer is an
        :class:`Applied`). ``key``: the mutation's own key (else a new one); a key already
        queued is not queued again (a retried write): it is applied again (idempotent) and
        the first entry stands.
        """
        made: list[tuple[str, str]] = []

        def collect(session: Session, _context: object) -> None:
            for obj in session.new:
                table_name = getattr(obj, "__tablename__", None)
                if table_name in tables.SYNCED:
                    made.append((table_name, tables.row_id(table_name, {k: getattr(obj, k)
                                                                          for k in tables.SYNCED[table_name]})))

        with self.factory() as session, session.begin():
            connection = session.connection()
            if key is not None:
                queued = connection.execute(sa.select(outbox.c.seq).where(outbox.c.key == str(key))).first()
                if queued is not None:  # a retry of a write already queued
                    again = Mutation(self.client_id, queued.seq, key, kind, payload)
                    return again, apply(session) if apply is not None else apply_mutation(session, again,
                                                                                           self.agent_id)
            seq = int(self._get(connection, "next_seq") or "1")
            mutation = Mutation(self.client_id, seq, key or new_id(), kind, payload)
            event.listen(session, "after_flush", collect)
            try:
                done = apply(session) if apply is not None else apply_mutation(session, mutation, self.agent_id)
                session.flush()
            finally:
                event.remove(session, "after_flush", collect)
            keys = _client_keys(payload)
            if kind == "call.submit":  # its callback, referral and survey rows: keys made from the call's
                call_id = uuid.UUID(payload["wrapup"]["call_id"])
                keys |= {str(related_id(call_id, role)) for role in RELATED_ROLES}
            rows_made = [(t, rid, rid in keys) for t, rid in made]
            connection.execute(outbox.insert().values(
                seq=seq, key=str(mutation.key), kind=kind, payload=json.dumps(payload, ensure_ascii=False),
                made_at=datetime.now(UTC).isoformat(), local_rows=json.dumps(rows_made)))
            self._set(connection, "next_seq", str(seq + 1))
            _hold(connection, _customer_ids(kind, payload))
        with self._hint_lock:
            self.pending_hint += 1
        crash_point("after_local_write")
        return mutation, done

    def hold(self, customer_ids: Iterable[uuid.UUID], fetched: bool = False) -> None:
        """Keep these customers here from now on (fetched whole at the next sync, unless
        ``fetched``: their rows were just stored), and mark them as needed now."""
        with self.writer.begin() as connection:
            _hold(connection, [str(c) for c in customer_ids], fetched)

    def holds(self, customer_id: uuid.UUID) -> bool:
        """Is this customer's whole history here?"""
        with self.engine.connect() as connection:
            return bool(connection.scalar(sa.select(held.c.fetched).where(held.c.customer_id == str(customer_id))))

    def evict(self, keep: int, me: uuid.UUID, protect: timedelta = timedelta(hours=12)) -> int:
        """Forget the least recently needed customers beyond ``keep`` (never one needed within
        ``protect``, such as the caller on screen, nor one the agent's queued work or open
        callbacks name): their rows go, except the agent's own callbacks (the server's view for
        the agent keeps those whatever the customer). Returns how many."""
        recent = (datetime.now(UTC) - protect).isoformat()
        with self.writer.begin() as connection:
            count = connection.scalar(sa.select(sa.func.count()).select_from(held)) or 0
            if count <= keep:
                return 0
            pinned: set[str] = set()
            for kind, payload in connection.execute(sa.select(outbox.c.kind, outbox.c.payload)
                                                    .where(outbox.c.acked.is_(False))):
                pinned.update(_customer_ids(kind, json.loads(payload)))
            # The customers of the agent's open callbacks stay: the callback's changes (done,
            # passed on to the team queue) reach the desk through its customer.
            cb = m.Callback.__table__.c
            pinned.update(str(c) for c in connection.scalars(sa.select(cb.customer_id).where(
                cb.owner_agent_id == me, cb.status == "open", cb.customer_id.is_not(None))))
            oldest = [c for c in connection.scalars(sa.select(held.c.customer_id).where(held.c.touched_at < recent)
                                                    .order_by(held.c.touched_at, held.c.customer_id))
                      if c not in pinned][:count - keep]
            for start in range(0, len(oldest), 500):
                some = [uuid.UUID(c) for c in oldest[start:start + 500]]
                for name, column_name in tables.CUSTOMER_COLUMN.items():
                    t = tables.table(name)
                    doomed = t.c[column_name].in_(some)
                    if name == "callbacks":
                        doomed = sa.and_(doomed, sa.or_(t.c.owner_agent_id.is_(None), t.c.owner_agent_id != me))
                    connection.execute(sa.delete(t).where(doomed))
                connection.execute(sa.delete(held).where(held.c.customer_id.in_([str(c) for c in some])))
            return len(oldest)

    # -- signing in without the server ---------------------------------------------------

    def remember_password(self, password: str) -> None:
        """Keep a salted scrypt digest of the password that just signed in on the server, so
        the same person can open this store while the server cannot be reached. Never the
        password itself; the server checks the real one again when the link is back."""
        salt = secrets.token_bytes(16)
        digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=8, p=1, dklen=32)
        with self.writer.begin() as connection:
            self._set(connection, "credential", f"scrypt${_SCRYPT_N}${salt.hex()}${digest.hex()}")

    def check_password(self, password: str) -> bool:
        """Is this the password that last signed in on the server from this desk?"""
        stored = self.state("credential", "")
        try:
            _name, n, salt, digest = stored.split("$")
            again = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=8, p=1, dklen=32)
        except ValueError:
            return False
        return hmac.compare_digest(again.hex(), digest)

    def forget_password(self) -> None:
        with self.writer.begin() as connection:
            connection.execute(sa.delete(sync_state).where(sync_state.c.name == "credential"))

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
        dropped: dict[str, list[str]] = {}
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
                    again = _customer_ids(kind, json.loads(payload))
                    if kind == "call.respond":  # an answer names its presentation, not the customer
                        p = m.OfferPresentation.__table__.c
                        found = connection.scalar(sa.select(p.customer_id).where(
                            p.id == uuid.UUID(json.loads(payload)["presentation_id"])))
                        again += [str(found)] if found else []
                    for customer_id in again:
                        connection.execute(sa.text("UPDATE held_customers SET fetched = 0 WHERE customer_id = :c"),
                                           {"c": customer_id})
                for table_name, rid in drop:
                    dropped.setdefault(table_name, []).append(rid)
            for table_name, rids in dropped.items():  # a statement a table, not one a row
                for start in range(0, len(rids), 500):
                    connection.execute(sa.delete(tables.table(table_name)).where(
                        sa.or_(*(tables.key_clause(table_name, rid) for rid in rids[start:start + 500]))))
            connection.execute(sa.update(outbox).where(outbox.c.acked.is_(False), outbox.c.seq <= last_seq)
                               .values(acked=True))
            self._set(connection, "acked_seq", str(last_seq))
        self._recount()

    def _recount(self) -> None:
        with self._hint_lock:
            self.pending_hint = self.pending_count()

    def rejected(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(sa.select(rejected).order_by(rejected.c.seq))]

    def resend_from(self, server_last_seq: int) -> None:
        """After the server was restored: everything above what it has is pending again."""
        with self.writer.begin() as connection:
            connection.execute(sa.update(outbox).where(outbox.c.seq > server_last_seq).values(acked=False))
            self._set(connection, "acked_seq", str(server_last_seq))
        self._recount()

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

    def reapply_pending(self, connection: sa.Connection) -> None:
        """A pulled row must not hide the agent's own work still on its way (rebase): every
        queued mutation is applied again over what was just stored (each is idempotent; one
        that no longer applies here is left to the server, which decides)."""
        entries = connection.execute(sa.select(outbox.c.seq, outbox.c.key, outbox.c.kind, outbox.c.payload)
                                     .where(outbox.c.acked.is_(False)).order_by(outbox.c.seq)).all()
        if not entries:
            return
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            for seq, key, kind, payload in entries:
                mutation = Mutation(self.client_id, seq, uuid.UUID(key), kind, json.loads(payload))
                try:
                    with session.begin_nested():
                        apply_mutation(session, mutation, self.agent_id)
                except Exception:  # noqa: BLE001, S110 - the server decides; the copy is best effort
                    pass
            session.flush()

    def refetch(self, customer_ids: Iterable[uuid.UUID]) -> None:
        """These customers are fetched whole again at the next round."""
        ids = [str(c) for c in customer_ids]
        if ids:
            with self.writer.begin() as connection:
                connection.execute(sa.update(held).where(held.c.customer_id.in_(ids)).values(fetched=False))

    def store_customers(self, rows: Sequence[tuple[str, dict[str, Any]]], customer_ids: Sequence[uuid.UUID]) -> None:
        """Customers fetched whole: their rows, the agent's queued work over them, and the
        mark that they are held, in one local transaction."""
        with self.applying() as connection:
            self.store_rows(connection, rows)
            self.reapply_pending(connection)
            _hold(connection, [str(c) for c in customer_ids], True)

    def save_cursor(self, connection: sa.Connection, cursor: str, incarnation: uuid.UUID | None = None) -> None:
        self._set(connection, "cursor", cursor)
        if incarnation is not None:
            self._set(connection, "incarnation", str(incarnation))

    def mark_fetched(self, connection: sa.Connection, customer_ids: Sequence[uuid.UUID]) -> None:
        for customer_id in customer_ids:
            connection.execute(sa.text("UPDATE held_customers SET fetched = 1 WHERE customer_id = :c"),
                               {"c": str(customer_id)})

    def forget_server_rows(self) -> None:
        """A new server incarnation: drop the customers' and the agent's rows (the pending
        work stays in the outbox and goes to the server again) and start the cursor over. The
        reference data stays until the pull brings it again: a link lost in the middle of a
        resync still leaves a desk that can take calls and sign its person in."""
        with self.writer.begin() as connection:
            for name in tables.SYNCED:
                if name not in tables.REFERENCE:
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
