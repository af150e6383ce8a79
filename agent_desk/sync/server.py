"""The server's half of sync (PostgreSQL, run under the agent's own login): apply a batch of
mutations, and pull what changed since a cursor.

Push (:func:`apply_batch`) is one transaction: the client's row in ``sync_clients`` is locked,
mutations at or below its ``last_seq`` are skipped (a resent batch: ``dedup_hits``), a gap is
an error, each mutation runs in a savepoint, and one that can never be applied is kept as a
rejection without stopping the rest. ``last_seq`` is written in the same transaction as the
rows, so "applied" and "recorded as applied" cannot disagree (Replicache).

Pull (:func:`pull`) reads ``sync_changes`` (kept by the triggers of migration 0016) in order of
transaction id, up to the horizon ``pg_snapshot_xmin(pg_current_snapshot())``: every
transaction below it has ended, so no change below the horizon can appear later. A cursor is
(transaction id, table, row id); see ``docs/sync.md``.
"""

from __future__ import annotations

import json
import logging
import operator
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from agent_desk.calls import DeskUser
from agent_desk.data import models as m
from agent_desk.security.sensitive import set_mutation_id
from agent_desk.sync import bulk, tables
from agent_desk.sync.errors import SequenceGap, is_temporary
from agent_desk.sync.mutations import Mutation, Rejected, apply_mutation
from agent_desk.wrapup import CallAlreadySubmitted

log = logging.getLogger(__name__)

START = "0::"  # the cursor of a client that holds nothing yet
# A sync transaction waiting longer than this for its desk's next statement is ended by the
# server (the desk is gone; a push's retry finds the batch not applied and sends it again).
IDLE_LIMIT_S = 20
# A batch this long or longer is first tried a statement per table and kind (agent_desk.sync.bulk).
BULK_FROM = 2


@dataclass(frozen=True)
class Rejection:
    seq: int
    key: uuid.UUID
    kind: str
    reason: str


@dataclass(frozen=True)
class BatchResult:
    """What the server did with a batch.

    Attributes:
        last_seq: the client's sequence number now recorded as applied (the acknowledgement).
        applied: mutations applied now.
        dedup_hits: mutations skipped because they were applied before (a resent batch).
        rejected: mutations refused for good (kept on the server in ``sync_rejections``).
        results: per applied mutation key, its answer (a confirmation number...).
    """

    last_seq: int
    applied: int
    dedup_hits: int
    rejected: tuple[Rejection, ...] = ()
    results: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class PullPage:
    """One page of changes.

    Attributes:
        rows: (table, row as a dict of column values) for each row changed and still there.
        deleted: (table, row id) tombstones.
        cursor: where the next page starts (save it only after the rows are stored).
        more: True when another page is waiting now.
        incarnation: the server's identity; a different one than before means resync.
    """

    rows: list[tuple[str, dict[str, Any]]]
    deleted: list[tuple[str, str]]
    cursor: str
    more: bool
    incarnation: uuid.UUID


def _vanishing_desk_limits() -> tuple[sa.ColumnElement[Any], ...]:
    """For this transaction only: the server ends it when its desk has not said anything for
    IDLE_LIMIT_S (a desk whose link vanished, as a NAT that dropped its state leaves it, would
    otherwise keep it open until TCP notices: hours), and a statement still running when its
    desk hangs up stops within seconds rather than at the statement timeout."""
    return (sa.func.set_config("idle_in_transaction_session_timeout", f"{IDLE_LIMIT_S}s", True),
            sa.func.set_config("client_connection_check_interval", "2s", True))


def incarnation(session: Session) -> uuid.UUID:
    query = sa.select(m.SyncIncarnation.incarnation).where(m.SyncIncarnation.id == 1)
    if session.get_bind().dialect.name == "postgresql":
        query = query.add_columns(*_vanishing_desk_limits())  # a pull round's first statement
    return session.execute(query).first()[0]


def new_incarnation(session: Session) -> uuid.UUID:
    """After a restore: every client's cursor is from another history; make them resync."""
    value = uuid.uuid4()
    session.execute(sa.update(m.SyncIncarnation).where(m.SyncIncarnation.id == 1)
                    .values(incarnation=value, created_at=datetime.now(UTC)))
    return value


def _permanent(exc: BaseException) -> str | None:
    """The reason to keep when ``exc`` means the mutation can never be applied; None for a
    failure a retry may fix (the link, a deadlock), which rolls the batch back."""
    if is_temporary(exc):
        return None
    if isinstance(exc, Rejected | CallAlreadySubmitted | ValueError | LookupError | sa.exc.NoResultFound):
        return f"{type(exc).__name__}: {exc}"[:1000]
    if isinstance(exc, sa.exc.DBAPIError):
        orig = exc.orig
        first = (str(orig).strip().splitlines() or [""])[0]
        return f"{type(orig).__name__} ({getattr(orig, 'sqlstate', '')}): {first}"[:1000]
    if isinstance(exc, SequenceGap):
        return None  # the batch itself is wrong, not this mutation
    # Anything else (a bug, data the code did not expect) fails the same way every time:
    # kept and shown like any refusal, so it never holds up the rest of the desk's outbox.
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:1000]


def apply_batch(session: Session, client_id: uuid.UUID, agent: DeskUser | uuid.UUID,
                mutations: Sequence[Mutation], now: datetime | None = None) -> BatchResult:
    """Apply ``mutations`` (one client's, in sequence order) in the caller's transaction.

    The batch runs in one savepoint; only when a mutation in it fails for good is the batch
    run again with a savepoint per mutation, so that one is kept as a rejection and the rest
    applied (each savepoint costs a round trip: a healthy batch does not pay them).

    Raises:
        SequenceGap: the batch starts after a sequence number the server has not seen, or
            skips one (nothing of it is applied).
        Any temporary database error: nothing of the batch is kept; send it again.
    """
    agent_id = agent.id if isinstance(agent, DeskUser) else agent
    now = now or datetime.now(UTC)
    c = m.SyncClient.__table__
    if session.get_bind().dialect.name == "postgresql":
        # A desk whose link vanishes mid-push would leave this transaction holding its own row
        # here (its next push waits on it) and the rows it changed (hot customers other desks
        # edit) for hours.
        session.execute(sa.select(*_vanishing_desk_limits()))
        session.execute(postgresql.insert(c).values(client_id=client_id, agent_id=agent_id, last_seq=0,
                                                    created_at=now).on_conflict_do_nothing())
    elif session.get(m.SyncClient, client_id) is None:
        session.add(m.SyncClient(client_id=client_id, agent_id=agent_id, last_seq=0, created_at=now))
        session.flush()
    last = session.execute(sa.select(c.c.last_seq, c.c.agent_id).where(c.c.client_id == client_id)
                           .with_for_update()).one()
    if last.agent_id != agent_id:
        raise Rejected("this local store belongs to another person")
    # Sorted out before anything is applied: resent (skipped), new, or a gap (an error).
    last_seq, skipped, fresh = last.last_seq, [], []
    for mutation in sorted(mutations, key=lambda mu: mu.seq):
        if mutation.client_id != client_id:
            raise Rejected("a batch carries one client's mutations")
        if mutation.seq <= last_seq:
            skipped.append(mutation.seq)
            continue
        if mutation.seq != last_seq + 1:
            raise SequenceGap(f"expected mutation {last_seq + 1}, got {mutation.seq}")
        fresh.append(mutation)
        last_seq = mutation.seq
    dedup = len(skipped)
    if fresh:  # a key applied already (under another number) is never applied twice
        k = m.SyncMutation.__table__.c
        known = set(session.scalars(sa.select(k.key).where(k.key.in_([mu.key for mu in fresh]))))
        dedup += len(known)
        fresh = [mu for mu in fresh if mu.key not in known]
    results, refused = _apply_bulk(session, client_id, agent_id, fresh, now)
    rejected: list[Rejection] = []
    if refused:  # one of them is refused: a savepoint each, from the start
        results, rejected = _apply_each(session, client_id, agent_id, fresh, now)
    elif results is None:
        try:
            with session.begin_nested():
                results = _apply_all(session, client_id, agent_id, fresh, now)
        except Exception as exc:  # noqa: BLE001 - sorted: a temporary failure fails the batch
            if _permanent(exc) is None:
                raise
            results, rejected = _apply_each(session, client_id, agent_id, fresh, now)
    if skipped:
        # A resent batch: the first answer was lost, and with it the rejections it carried.
        # Send them again, or the desk would never show them (and keep their rows).
        r = m.SyncRejection.__table__.c
        rejected += [Rejection(row.seq, row.key, row.kind, row.reason) for row in session.execute(
            sa.select(r.seq, r.key, r.kind, r.reason).where(r.client_id == client_id, r.seq.in_(skipped)))]
        rejected.sort(key=lambda each: each.seq)
    session.execute(sa.update(c).where(c.c.client_id == client_id).values(last_seq=last_seq, last_push_at=now))
    return BatchResult(last_seq, len(results), dedup, tuple(rejected), results)


def _apply_one(session: Session, agent_id: uuid.UUID, mutation: Mutation) -> dict[str, Any]:
    set_mutation_id(session, mutation.key)
    done = apply_mutation(session, mutation, agent_id)
    if done.conflict is not None:
        session.add(done.conflict)
    return done.result


def _record(session: Session, client_id: uuid.UUID, applied: Sequence[Mutation], now: datetime,
            naming: str | None = None) -> None:
    """Each applied mutation's key, in one statement (the key is the primary key: never twice).
    ``naming``: see :func:`bulk.insert_values`."""
    if applied and session.get_bind().dialect.name == "postgresql":
        client, at = str(client_id), now.isoformat()
        bulk.insert_values(session, m.SyncMutation.__table__, [
            {"key": str(mu.key), "client_id": client, "seq": mu.seq, "kind": mu.kind, "applied_at": at}
            for mu in applied], naming)
    elif applied:
        session.execute(sa.insert(m.SyncMutation.__table__), [
            {"key": mu.key, "client_id": client_id, "seq": mu.seq, "kind": mu.kind, "applied_at": now}
            for mu in applied])
    session.flush()


# Kinds that write rows other desks write too, and the row each one writes.
SHARED_ROWS = {"customer.edit": "customer_id"}


def _lock_order(mutations: Sequence[Mutation]) -> list[Mutation]:
    """The order a batch is applied in: the desk's own rows first, in sequence order, then the
    writes to rows other desks write too (a customer's contact fields), by row, each row's in
    sequence order. The batch then holds those rows' locks only while it finishes, and every
    batch takes them in one order, so two batches cannot deadlock on them. (Applied in
    sequence order, ten desks editing three customers queued behind each other's whole
    batches and deadlocked until every push timed out, over and over: the fault harness.)
    Nothing else a batch does reads those fields, so the order changes nothing else."""
    own = [mu for mu in mutations if mu.kind not in SHARED_ROWS]
    shared = [mu for mu in mutations if mu.kind in SHARED_ROWS]
    return own + sorted(shared, key=lambda mu: (str(mu.payload.get(SHARED_ROWS[mu.kind])), mu.seq))


def _apply_all(session: Session, client_id: uuid.UUID, agent_id: uuid.UUID, mutations: Sequence[Mutation],
               now: datetime) -> dict[str, dict[str, Any]]:
    results = {str(mu.key): _apply_one(session, agent_id, mu) for mu in _lock_order(mutations)}
    _record(session, client_id, mutations, now)
    return results


def _apply_bulk(session: Session, client_id: uuid.UUID, agent_id: uuid.UUID, mutations: Sequence[Mutation],
                now: datetime) -> tuple[dict[str, dict[str, Any]] | None, bool]:
    """The batch a statement per table and kind (:mod:`agent_desk.sync.bulk`), in a savepoint:
    (the answers, False); or (None, whether a mutation of it will be refused) when it must go
    one mutation at a time (nothing of this attempt is kept then)."""
    if len(mutations) < BULK_FROM or session.get_bind().dialect.name != "postgresql":
        return None, False
    try:
        with session.begin_nested():
            results = bulk.apply(session, agent_id, _lock_order(mutations), now)
            _record(session, client_id, mutations, now, naming="")  # the rows' names end with the batch
            return results, False
    except bulk.NotBulk as exc:
        log.debug("sync: batch applied one at a time: %s", exc)
        return None, exc.refused
    except Exception as exc:  # noqa: BLE001 - sorted: a temporary failure fails the batch
        if _permanent(exc) is None:
            raise
        log.info("sync: batch applied one at a time after %s", _permanent(exc))
        return None, True


def _apply_each(session: Session, client_id: uuid.UUID, agent_id: uuid.UUID, mutations: Sequence[Mutation],
                now: datetime) -> tuple[dict[str, dict[str, Any]], list[Rejection]]:
    """The slow way, after a mutation of the batch failed for good: a savepoint each, the
    refused ones kept as rejections, the rest applied."""
    results: dict[str, dict[str, Any]] = {}
    rejected: list[Rejection] = []
    for mutation in _lock_order(mutations):
        try:
            with session.begin_nested():
                result = _apply_one(session, agent_id, mutation)
                _record(session, client_id, [mutation], now)
            results[str(mutation.key)] = result
        except Exception as exc:  # noqa: BLE001 - sorted just below: kept or re-raised
            reason = _permanent(exc)
            if reason is None:
                raise
            log.info("sync: mutation %s (%s) rejected: %s", mutation.seq, mutation.kind, reason)
            rejected.append(Rejection(mutation.seq, mutation.key, mutation.kind, reason))
            session.add(m.SyncRejection(client_id=client_id, agent_id=agent_id, seq=mutation.seq,
                                        key=mutation.key, kind=mutation.kind, payload=mutation.payload,
                                        reason=reason, at=now))
            session.flush()
    return results, sorted(rejected, key=lambda each: each.seq)


def last_seq(session: Session, client_id: uuid.UUID) -> int:
    return session.scalar(sa.select(m.SyncClient.last_seq).where(m.SyncClient.client_id == client_id)) or 0


def rejections(session: Session, client_id: uuid.UUID) -> list[m.SyncRejection]:
    return list(session.scalars(sa.select(m.SyncRejection).where(m.SyncRejection.client_id == client_id)
                                .order_by(m.SyncRejection.seq)))


# --- pull --------------------------------------------------------------------------------


def parse_cursor(cursor: str) -> tuple[int, str, str]:
    """(transaction id, table, row id) after which the next page starts."""
    return _split(_parts(cursor)[0])


def _split(position: str) -> tuple[int, str, str]:
    xid, table, rid = position.split(":", 2)
    return int(xid), table, rid


def _parts(cursor: str) -> tuple[str, str | None]:
    """A cursor is a position, or (while a pull pages through what has committed above the
    horizon) JSON: the position and how far above the horizon the pages have come."""
    if cursor.startswith("{"):
        parts = json.loads(cursor)
        return str(parts["at"]), str(parts["above"])
    return cursor, None


def _fetch(session: Session, name: str, ids: Iterable[str]) -> list[dict[str, Any]]:
    ids = list(ids)
    if not ids:
        return []
    t = tables.table(name)
    keys = tables.SYNCED[name]
    cols = tables.pulled_columns(session, name)
    found: list[dict[str, Any]] = []

    def read(query: sa.Select[Any]) -> None:
        result = session.execute(query)
        names = list(result.keys())
        found.extend(dict(zip(names, row, strict=True)) for row in result.all())  # one fetch, not one a row

    if len(keys) == 1:
        column = t.c[keys[0]]
        values = [tables.key_values(name, i)[0] for i in ids]
        array = postgresql.ARRAY(sa.Uuid() if isinstance(column.type, sa.Uuid) else sa.String())
        for start in range(0, len(values), 5000):  # one array parameter, not thousands
            read(sa.select(*cols).where(column == sa.any_(sa.literal(values[start:start + 5000], array))))
    else:  # a composite key (a customer's attribute, a save rate): row values, a thousand at a time
        key_columns = [t.c[k] for k in keys]
        values = [tables.key_values(name, rid) for rid in ids]
        for start in range(0, len(values), 1000):
            read(sa.select(*cols).where(sa.tuple_(*key_columns).in_(values[start:start + 1000])))
    return found


def _scope(me: uuid.UUID, held: Sequence[uuid.UUID]) -> sa.ColumnElement[bool]:
    """What a desk holds: the reference data (no customer, no agent), every row of the
    customers it holds, and of the agent's own rows those no held customer brings: their
    approval requests, their callbacks, and calls or notes against a number with no customer.
    Not the agent's years of calls with customers the desk does not hold (a desk's first
    fill would pull them all)."""
    ch = m.SyncChange.__table__.c
    return sa.or_(sa.and_(ch.customer_id.is_(None), ch.agent_id.is_(None)),
                  sa.and_(ch.agent_id == me, sa.or_(ch.customer_id.is_(None), ch.table_name == "callbacks")),
                  ch.customer_id == sa.any_(sa.literal(list(held), postgresql.ARRAY(sa.Uuid())))
                  if held else sa.false())  # one array parameter: the statement stays short and cached


def pull(session: Session, cursor: str, limit: int, me: uuid.UUID, held: Sequence[uuid.UUID] = ()) -> PullPage:
    """The next page of changes after ``cursor`` that this agent holds: reference data, the
    ``held`` customers' rows, and the agent's own rows. Run it in a REPEATABLE READ
    transaction (:func:`pull_session_options`) so the horizon and the rows are one snapshot."""
    ch = m.SyncChange.__table__.c
    # The cursor never passes the newest committed change: an id above it may not be on disk,
    # and a server that crashes hands out ids again from the last one its WAL holds. A cursor
    # at the horizon could then sit past a new transaction's id (an aborted transaction's id,
    # never flushed, reused after the crash) and skip its changes for good.
    horizon, newest, current, *_ = session.execute(sa.select(
        sa.text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"),
        sa.select(sa.func.max(ch.xid)).scalar_subquery(),
        sa.select(m.SyncIncarnation.incarnation).where(m.SyncIncarnation.id == 1).scalar_subquery(),
        *_vanishing_desk_limits())).one()
    durable = min(horizon, (newest or 0) + 1)
    at, above = _parts(cursor)
    after = _split(at)

    def since(position: tuple[int, str, str]) -> sa.ColumnElement[bool]:
        return sa.tuple_(ch.xid, ch.table_name, ch.row_id) > sa.tuple_(
            sa.literal(position[0], sa.BigInteger), sa.literal(position[1]), sa.literal(position[2]))

    def part(number: int, where: sa.ColumnElement[bool]) -> sa.Select[Any]:
        return (sa.select(ch.table_name, ch.row_id, ch.xid, ch.deleted, sa.literal(number).label("part"))
                .where(_scope(me, held), since(after), where).order_by(ch.xid, ch.table_name, ch.row_id)
                .limit(limit))

    # Below the horizon every transaction has ended: that part is final and pages by keyset.
    # Above it, what has committed is sent now too, but the cursor stays at the horizon: a
    # transaction still open there may commit later with a smaller id (sent again then). When
    # that is more than a page (the horizon held back by a long transaction while much
    # commits), the next pages go on from the last row sent above it; the last page leaves
    # that out, so the next round starts above the horizon again. Both parts in one round trip.
    resume = _split(above) if above else None
    over = since(resume) if resume and resume[0] >= horizon else ch.xid >= horizon
    found = session.execute(sa.union_all(part(0, ch.xid < horizon), part(1, over))).all()
    order = operator.attrgetter("xid", "table_name", "row_id")
    changes = sorted((row for row in found if row.part == 0), key=order)
    more = len(changes) == limit
    if more:
        last = changes[-1]
        next_cursor = f"{last.xid}:{last.table_name}:{last.row_id}"
    else:
        room = limit - len(changes)
        beyond = sorted((row for row in found if row.part == 1), key=order)[:room]
        changes += beyond
        base = f"{durable}::" if durable > after[0] else at
        more = len(beyond) == room
        if more:
            last = beyond[-1]
            next_cursor = json.dumps({"at": base, "above": f"{last.xid}:{last.table_name}:{last.row_id}"})
        else:
            next_cursor = base
    wanted: dict[str, list[str]] = {}
    deleted: list[tuple[str, str]] = []
    for change in changes:
        if change.table_name not in tables.SYNCED:
            continue
        if change.deleted:
            deleted.append((change.table_name, change.row_id))
        else:
            wanted.setdefault(change.table_name, []).append(change.row_id)
    rows = [(name, row) for name, ids in wanted.items() for row in _fetch(session, name, ids)]
    return PullPage(rows, deleted, next_cursor, more, current)


def with_co_owners(session: Session, customer_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """These customers and everyone who shares a phone number with them (a family's number):
    a desk holds them together, or a pop of that number on the desk would find one of them
    only and take the caller for them."""
    if not customer_ids:
        return []
    p = m.CustomerPhone.__table__.c
    numbers = sa.select(p.e164).where(p.customer_id.in_(list(customer_ids))).scalar_subquery()
    sharing = set(session.scalars(sa.select(p.customer_id).where(p.e164.in_(numbers)).distinct()))
    return list(dict.fromkeys([*customer_ids, *sorted(sharing - set(customer_ids))]))


def customer_rows(session: Session, customer_ids: Sequence[uuid.UUID]) -> list[tuple[str, dict[str, Any]]]:
    """Everything the desk holds about these customers, as of now (a customer newly held)."""
    if not customer_ids:
        return []
    found: list[tuple[str, dict[str, Any]]] = []
    for name, column_name in tables.CUSTOMER_COLUMN.items():
        t = tables.table(name)
        query = sa.select(*tables.pulled_columns(session, name)).where(t.c[column_name].in_(list(customer_ids)))
        found += [(name, dict(r._mapping)) for r in session.execute(query)]
    return found


def view(session: Session, me: uuid.UUID, held: Sequence[uuid.UUID]) -> list[tuple[str, dict[str, Any]]]:
    """All this agent's desk should hold, read from the tables themselves as the server has
    them now (the convergence check's reference; the same scope as :func:`_scope`, but not
    read through the change log, so a change the log missed shows as a difference)."""
    held = list(held)
    found: list[tuple[str, dict[str, Any]]] = []
    for name in tables.SYNCED:
        t = tables.table(name)
        if name in tables.REFERENCE:
            where: sa.ColumnElement[bool] = sa.true()
        else:
            parts = []
            customer_column = tables.CUSTOMER_COLUMN.get(name)
            if customer_column is not None and held:
                parts.append(t.c[customer_column].in_(held))
            agent_column = tables.AGENT_COLUMN.get(name)
            if agent_column is not None:
                mine = t.c[agent_column] == me
                if customer_column is not None and name != "callbacks":
                    mine = sa.and_(mine, t.c[customer_column].is_(None))
                parts.append(mine)
            if not parts:
                continue
            where = sa.or_(*parts)
        found += [(name, dict(r._mapping)) for r in session.execute(
            sa.select(*tables.pulled_columns(session, name)).where(where))]
    return found


PULL_OPTIONS = {"isolation_level": "REPEATABLE READ"}
