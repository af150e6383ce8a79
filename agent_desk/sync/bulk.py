"""A push batch applied a statement per table and kind, not a statement per mutation.

Applied one at a time, a batch of 200 mutations is about 1,200 statements: a round trip each,
and the audit, change-log and dashboard triggers run again for every row (10,000 queued
mutations took 51 s). Here the batch is read in a handful of statements (every row it refers
to, locked as the one-at-a-time path locks it), checked in Python, and written with one
multi-row statement per table (all the batch's notes in one INSERT), so each trigger runs
once per table.

It is only a faster way to the same rows: the same builders make them (``note_values``,
``presentation_values``, ``call_values``...), every check of the one-at-a-time path is made first,
and whenever the batch holds anything out of the ordinary (a mutation the server will refuse,
a kind it does not know, two answers to one offer, a call's reason changed twice) it raises
:class:`NotBulk`, and :mod:`agent_desk.sync.server` applies the batch one mutation at a time as
before. A database error while writing (a row another desk slipped in, a value too long) rolls
this attempt back (its savepoint) and takes that path too. ``tests/test_i12_bulk.py`` checks,
on random batches, that both paths leave the same rows, answers, refusals and conflicts, and
that every row is audited under the same mutations (a row made and changed in one batch is
one audited INSERT here, an INSERT and UPDATEs there).

Each audit row still names the mutation that wrote its row: the statement carries
``agent_desk.mutation_ids`` (``"INSERT:<key>"`` → mutation key, migration 0023).

PostgreSQL only (the sync server); Qt-free.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.ids import new_confirmation_number
from agent_desk.offers.service import presentation_values
from agent_desk.sync.mutations import (
    EDITABLE_FIELDS,
    Mutation,
    _id,
    _ranked,
    _when,
    callback_values,
    conflict_values,
    note_values,
)
from agent_desk.wrapup import WrapUp, call_values, dispositions, related_values, submitted_event, validate

KINDS = frozenset({"call.submit", "call.present", "call.respond", "note.add", "callback.add", "callback.complete",
                   "customer.edit"})
_OPEN = (d.SubscriptionStatus.ACTIVE, d.SubscriptionStatus.PAUSED)
_NO_ANSWER = (d.OfferResponse.OFFERED, d.OfferResponse.PENDING_APPROVAL)


class NotBulk(Exception):  # noqa: N818 - a signal, not a failure: the batch goes one at a time
    """This batch takes the one-mutation-at-a-time path (nothing has been written).

    ``refused``: a mutation of it will be refused there (a savepoint each from the start,
    not a first pass that fails at it)."""

    def __init__(self, reason: str, refused: bool = False) -> None:
        super().__init__(reason)
        self.refused = refused


@dataclass
class _Call:
    """A call the batch refers to: as the server has it, and what the batch does to it."""

    id: uuid.UUID
    exists: bool = False
    submitted: bool = False
    reason: str | None = None  # the stored primary reason
    new_row: dict[str, Any] | None = None  # made by this batch (its INSERT's values)
    creator: uuid.UUID | None = None  # the mutation that made it
    update: dict[str, Any] = field(default_factory=dict)  # columns this batch changes on a stored row
    updater: uuid.UUID | None = None


@dataclass
class _Batch:
    agent_id: uuid.UUID
    now: datetime
    position: dict[uuid.UUID, int]  # each mutation's place in the order the batch is applied in
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    submits: list[tuple[Mutation, WrapUp, datetime, str | None]] = field(default_factory=list)
    presents: list[tuple[Mutation, dict[str, Any]]] = field(default_factory=list)
    responds: list[tuple[Mutation, uuid.UUID, d.OfferResponse, datetime]] = field(default_factory=list)
    notes: list[tuple[Mutation, dict[str, Any]]] = field(default_factory=list)
    callbacks: list[tuple[Mutation, dict[str, Any]]] = field(default_factory=list)
    completes: list[tuple[Mutation, uuid.UUID, datetime]] = field(default_factory=list)
    edits: list[tuple[Mutation, dict[str, Any]]] = field(default_factory=list)


def apply(session: Session, agent_id: uuid.UUID, mutations: Sequence[Mutation], now: datetime,
          ) -> dict[str, dict[str, Any]]:
    """Apply ``mutations`` (in the server's apply order, :func:`server._lock_order`), each
    one's answer by key, as the one-at-a-time path would.

    Raises:
        NotBulk: the batch must go one at a time (raised before anything is written, but for
            an edit of a customer the server does not have, found last: the caller rolls this
            attempt back, as for any database error).
    """
    if any(mu.kind not in KINDS for mu in mutations):
        raise NotBulk("a kind applied one at a time")
    batch = _Batch(agent_id, now, {mu.key: n for n, mu in enumerate(mutations)})
    try:
        for mutation in mutations:
            _parse(batch, mutation)
    except NotBulk:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever is wrong, the one-at-a-time path says it
        raise NotBulk(f"{type(exc).__name__}: {exc}", refused=True) from exc
    _write(session, batch)
    return batch.results


def _parse(batch: _Batch, mutation: Mutation) -> None:
    """The payload as the kind's function reads it (any error: NotBulk, via apply)."""
    p = {**mutation.payload, "_key": str(mutation.key)}
    kind = mutation.kind
    if kind == "call.submit":
        wrapup = WrapUp.from_json(p["wrapup"])
        if wrapup.agent_id != batch.agent_id:
            raise NotBulk("another agent's wrap-up", refused=True)
        batch.submits.append((mutation, wrapup, _when(p["at"]), p.get("confirmation_number")))
    elif kind == "call.present":
        call = p["call"]
        if not call.get("id"):
            raise NotBulk("a call without a key")
        parsed = {"call_id": uuid.UUID(str(call["id"])), "customer_id": _id(call.get("customer_id")),
                  "caller_e164": call.get("caller_e164"), "started_at": _when(call["started_at"]),
                  "reason": call.get("reason"), "ranked": _ranked(p),
                  "response": d.OfferResponse(p.get("response", "offered")), "at": _when(p["at"]),
                  "presentation_id": uuid.UUID(p["presentation_id"])}
        batch.presents.append((mutation, parsed))
    elif kind == "call.respond":
        batch.responds.append((mutation, uuid.UUID(p["presentation_id"]), d.OfferResponse(p["response"]),
                               _when(p["at"])))
    elif kind == "note.add":
        batch.notes.append((mutation, note_values(p, batch.agent_id)))
    elif kind == "callback.add":
        callback_values(p, batch.agent_id, None)  # every check it makes, now
        batch.callbacks.append((mutation, p))
    elif kind == "callback.complete":
        batch.completes.append((mutation, uuid.UUID(p["id"]), _when(p["at"])))
    else:  # customer.edit
        if p.get("field") not in EDITABLE_FIELDS:
            raise NotBulk("a field the desk cannot change", refused=True)
        uuid.UUID(p["customer_id"])
        _when(p["at"])
        batch.edits.append((mutation, p))


# --- reading and writing -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON for ``json_to_recordset`` (what its bind would send)."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if kind is uuid.UUID or kind is Decimal:
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:  # refused, as UTCDateTime refuses it in a flush
            raise ValueError(f"naive datetime {value!r}: agent-desk stores timezone-aware UTC only")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value  # JSON columns: dicts and lists as they are


def _record_type(column: sa.Column[Any], dialect: sa.Dialect) -> str:
    """The column's type without its length or precision: a value too long is then refused
    by the table's own column, as an INSERT of it would be, not cut short on the way."""
    if isinstance(column.type, sa.JSON):
        return "json"
    return re.sub(r"\(.*\)", "", column.type.compile(dialect=dialect)).strip()


_NO_DEFAULT = object()


@functools.cache
def _columns(model: type[m.Base]) -> tuple[tuple[str, sa.Column[Any], Any], ...]:
    """Each mapped column of ``model``: its attribute, the column, and how its default is
    made (a callable, a value, or none)."""
    found = []
    for attr in sa.inspect(model).column_attrs:
        column = attr.columns[0]
        default: Any = _NO_DEFAULT
        if column.default is not None:
            if column.default.is_callable:
                default = column.default.arg
            elif column.default.is_scalar:
                value = column.default.arg
                default = lambda _context, value=value: value  # noqa: E731 - one shape for both
            else:
                raise NotBulk(f"{column} has a default made on the server")
        found.append((attr.key, column, default))
    return tuple(found)


def _new_values(model: type[m.Base], given: dict[str, Any]) -> dict[str, Any]:
    """A new row's column values as a flush inserts them: an unset column with a default
    gets it (as the flush would), any other unset column stays NULL."""
    values: dict[str, Any] = {}
    for key, column, default in _columns(model):
        value = given.get(key)
        if value is None and default is not _NO_DEFAULT:
            value = default(None)
        if value is not None:
            values[column.key] = _plain(value)
    return values


def _recordset(table: sa.Table, names: Sequence[str], dialect: sa.Dialect) -> str:
    quote = dialect.identifier_preparer.quote
    return ("json_to_recordset(CAST(:rows AS json)) AS v("
            + ", ".join(f"{quote(n)} {_record_type(table.c[n], dialect)}" for n in names) + ")")


def insert_rows(session: Session, rows: Sequence[tuple[type[m.Base], dict[str, Any]]],
                names: _Names | None = None) -> None:
    """New rows (each its model and attribute values): one INSERT per table, its rows in one
    parameter (``json_to_recordset``): one short statement the server plans once, not
    thousands of parameters to parse and type."""
    tables: dict[sa.Table, list[dict[str, Any]]] = defaultdict(list)
    for model, given in rows:
        tables[model.__table__].append(_new_values(model, given))
    for table, values in tables.items():
        insert_values(session, table, values, names.take() if names else None)


def insert_values(session: Session, table: sa.Table, values: Sequence[dict[str, Any]],
                  naming: str | None = None) -> None:
    """One INSERT of rows given as JSON-ready column values (defaults are not filled in).
    ``naming``: ``agent_desk.mutation_ids`` from this statement on (see :func:`_named`)."""
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    names = [c.key for c in table.c if any(c.key in v for v in values)]
    columns = ", ".join(quote(n) for n in names)
    session.execute(sa.text(f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} FROM "
                            f"{_recordset(table, names, dialect)}{_named(naming, 'WHERE')}"),
                    {"rows": json.dumps(values)} | ({"naming": naming} if naming is not None else {}))


def _named(naming: str | None, keyword: str) -> str:
    """A statement's condition that names the rows' mutations (``agent_desk.mutation_ids``,
    migration 0023) as it runs: set_config is evaluated as the statement reads its rows, so
    before its audit trigger runs at its end, and the setting lasts to the end of the
    transaction. One round trip fewer than a SELECT set_config of its own. Only for a
    statement that reads at least one row: an INSERT of a non-empty batch, an UPDATE of rows
    locked before it."""
    if naming is None:
        return ""
    return (f" {keyword} set_config('agent_desk.mutation_ids', :naming, true) IS NOT NULL"
            " AND set_config('agent_desk.mutation_id', '', true) IS NOT NULL")


class _Names:
    """The batch's names of rows and their mutations, handed to the first statement written."""

    def __init__(self, names: dict[str, uuid.UUID]) -> None:
        self.pending: str | None = json.dumps({k: str(v) for k, v in names.items()})

    def take(self) -> str | None:
        naming, self.pending = self.pending, None
        return naming


def _update(session: Session, table: sa.Table, rows: Sequence[dict[str, Any]], naming: str | None = None) -> None:
    """One ``UPDATE ... FROM json_to_recordset(...)`` per set of columns: each row's ``id``
    and the columns it sets. ``naming``: the statement's own names (see :func:`_named`)."""
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(row))].append({k: _plain(v) for k, v in row.items()})
    for names, group in groups.items():
        sets = ", ".join(f"{quote(n)} = v.{quote(n)}" for n in names if n != "id")
        # t.id = ANY(...) as well: the planner takes any set-returning function for 100 rows
        # and would hash-join them against the whole table, read end to end each time.
        session.execute(sa.text(f"UPDATE {quote(table.name)} AS t SET {sets} FROM {_recordset(table, names, dialect)} "
                                f"WHERE t.id = v.id AND t.id = ANY(CAST(:ids AS uuid[])){_named(naming, 'AND')}"),
                        {"rows": json.dumps(group), "ids": [row["id"] for row in group]}
                        | ({"naming": naming} if naming is not None else {}))
        naming = None  # named from the first statement on


def _write(session: Session, batch: _Batch) -> None:  # noqa: C901, PLR0912, PLR0915 - one pass, in the path's order
    agent_id, results = batch.agent_id, batch.results
    names: dict[str, uuid.UUID] = {}  # "INSERT:<row key>" -> the mutation that writes it

    # What the batch refers to, as the server has it: calls (locked, as submit_call locks them).
    calls: dict[uuid.UUID, _Call] = {}
    for _mu, wrapup, _at, _number in batch.submits:
        calls.setdefault(wrapup.call_id, _Call(wrapup.call_id))
    for _mu, parsed in batch.presents:
        calls.setdefault(parsed["call_id"], _Call(parsed["call_id"]))
    if len({w.call_id for _mu, w, _at, _n in batch.submits}) != len(batch.submits):
        raise NotBulk("one call submitted twice")
    c = m.RetentionCall.__table__.c
    submitted_calls = {w.call_id for _mu, w, _at, _n in batch.submits}
    presented_only = [call_id for call_id in calls if call_id not in submitted_calls]
    # The calls it submits locked as submit_call locks them (FOR UPDATE), in key order; the
    # calls it only presents offers on read as ensure_call reads them (no lock).
    for ids, locked in ((sorted(submitted_calls), True), (presented_only, False)):
        if not ids:
            continue
        query = sa.select(c.id, c.submitted_at, c.primary_reason_code).where(c.id.in_(ids))
        for row in session.execute(query.order_by(c.id).with_for_update() if locked else query):
            call = calls[row.id]
            call.exists, call.submitted, call.reason = True, row.submitted_at is not None, row.primary_reason_code

    outcomes = dispositions(session) if batch.submits else {}
    for _mu, wrapup, at, _number in batch.submits:
        if calls[wrapup.call_id].submitted:
            raise NotBulk("a call submitted before (the first answer is sent again one at a time)")
        if validate(wrapup, outcomes, at):
            raise NotBulk("a wrap-up the server refuses", refused=True)

    team_id = None
    if batch.callbacks or batch.edits or any(w.callback is not None for _mu, w, _at, _n in batch.submits):
        team_id = session.scalar(sa.select(m.Agent.team_id).where(m.Agent.id == agent_id))

    # The rows the batch makes, as the one-at-a-time path makes them in the batch's order.
    position = batch.position
    presentations: list[dict[str, Any]] = []
    made_by_present: set[uuid.UUID] = set()
    submit_at = {w.call_id: position[mu.key] for mu, w, _at, _n in batch.submits}
    for mu, parsed in batch.presents:
        call = calls[parsed["call_id"]]
        here = position[mu.key]
        submitted = call.submitted or submit_at.get(call.id, len(position)) < here
        if not call.exists and call.new_row is None and not submitted:
            # ensure_call: the call's row, made now (with the reason given: its flush writes it)
            call.new_row = {"id": call.id, "agent_id": agent_id, "customer_id": parsed["customer_id"],
                            "caller_e164": parsed["caller_e164"], "started_at": parsed["started_at"]}
            call.creator = mu.key
            made_by_present.add(call.id)
            if parsed["reason"]:
                call.new_row["primary_reason_code"] = call.reason = parsed["reason"]
        elif parsed["reason"] and not submitted and parsed["reason"] != call.reason:
            # ensure_call changing the reason of a call made before: an UPDATE of its own. Only
            # one UPDATE a call a batch here (each one-at-a-time UPDATE names its mutation).
            if call.update or call.id in submit_at:
                raise NotBulk("a call's reason changed, then changed or submitted again")
            call.update, call.updater, call.reason = {"primary_reason_code": parsed["reason"]}, mu.key, parsed["reason"]
        row = presentation_values(call.id, parsed["customer_id"], parsed["ranked"], parsed["response"], parsed["at"],
                                  parsed["presentation_id"])
        presentations.append(row)
        names[f"INSERT:{row['id']}"] = mu.key
        results[str(mu.key)] = {"presentation_id": str(row["id"])}
    if len({p["id"] for p in presentations}) != len(presentations):
        raise NotBulk("one offer presented twice")

    cancelling_numbers: list[str] = []
    related: list[tuple[type[m.Base], dict[str, Any]]] = []
    events: list[tuple[type[m.Base], dict[str, Any]]] = []
    cancellations: list[tuple[uuid.UUID, uuid.UUID, WrapUp]] = []  # (customer, mutation, wrap-up)
    for mu, wrapup, at, number in batch.submits:
        call = calls[wrapup.call_id]
        cancelling = outcomes[wrapup.disposition or ""][1]
        values = call_values(wrapup, at, cancelling)
        values["confirmation_number"] = (number or new_confirmation_number()) if cancelling else None
        values["submitted_at"] = at
        if values["confirmation_number"]:
            cancelling_numbers.append(values["confirmation_number"])
        if not call.exists and call.id not in made_by_present:  # made by the submit, as submitted
            call.new_row = {"id": call.id, "agent_id": wrapup.agent_id, "started_at": wrapup.started_at, **values}
            call.creator = mu.key
        else:  # a stored call, or one an offer of this batch made: an UPDATE of what submit sets
            call.update, call.updater = values, mu.key
        if cancelling and wrapup.customer_id is not None and wrapup.cancellation_requested_at is not None:
            cancellations.append((wrapup.customer_id, mu.key, wrapup))
        for model, row in related_values(wrapup, team_id, at).values():
            related.append((model, row))
            names[f"INSERT:{row['id']}"] = mu.key
        events.append((m.AuditEvent, {**submitted_event(wrapup, at), "mutation_id": str(mu.key)[:64]}))
        results[str(mu.key)] = {"call_id": str(call.id), "confirmation_number": values["confirmation_number"]}
    if len(set(cancelling_numbers)) != len(cancelling_numbers):
        raise NotBulk("one confirmation number twice")
    if cancelling_numbers and session.scalar(sa.select(sa.func.count()).where(
            c.confirmation_number.in_(cancelling_numbers))):
        raise NotBulk("a confirmation number another call holds")  # one at a time draws another

    callbacks: list[dict[str, Any]] = []
    for mu, p in batch.callbacks:
        row = callback_values(p, agent_id, team_id)
        callbacks.append(row)
        names[f"INSERT:{row['id']}"] = mu.key
        results[str(mu.key)] = {"id": str(row["id"])}
    for mu, row in batch.notes:
        names[f"INSERT:{row['id']}"] = mu.key
        results[str(mu.key)] = {"id": str(row["id"])}

    # A row the batch makes that is there already (a retry racing its first attempt, which
    # the one-at-a-time path answers with the stored row) fails its INSERT: this attempt is
    # rolled back and the batch goes one at a time. An answer to an offer the server does not
    # have is refused there: not for this path.
    answered = {pid for _mu, pid, _r, _at in batch.responds}
    if len(answered) != len(batch.responds):
        raise NotBulk("two answers to one offer")
    if len({cid for _mu, cid, _at in batch.completes}) != len(batch.completes):
        raise NotBulk("one callback completed twice")
    op = m.OfferPresentation.__table__.c
    waiting = answered - {p["id"] for p in presentations}
    stored_answers: dict[uuid.UUID, tuple[datetime | None, str]] = {}
    if waiting:
        stored_answers = {row.id: (row.responded_at, row.response) for row in session.execute(
            sa.select(op.id, op.responded_at, op.response).where(op.id.in_(list(waiting))))}
    if waiting - set(stored_answers):
        raise NotBulk("an answer to an offer the server does not have", refused=True)

    answers: list[dict[str, Any]] = []
    made = {p["id"]: p for p in presentations}
    presented_at = {parsed["presentation_id"]: position[mu.key] for mu, parsed in batch.presents}
    for mu, pid, response, at in batch.responds:
        if presented_at.get(pid, -1) > position[mu.key]:  # one at a time: no such offer yet
            raise NotBulk("an answer before its offer", refused=True)
        if pid in made:
            previous_at, previous = made[pid]["responded_at"], made[pid]["response"]
        else:
            previous_at, previous = stored_answers[pid]
        if previous_at is not None and previous_at > at:  # a late retry of an older answer
            results[str(mu.key)] = {"presentation_id": str(pid), "response": str(previous)}
            continue
        answers.append({"id": pid, "response": response, "responded_at": None if response in _NO_ANSWER else at})
        names[f"UPDATE:{pid}"] = mu.key
        results[str(mu.key)] = {"presentation_id": str(pid), "response": str(response)}
    added_at = {uuid.UUID(p["id"]): position[mu.key] for mu, p in batch.callbacks}
    for mu, cid, _at in batch.completes:
        if added_at.get(cid, -1) > position[mu.key]:  # one at a time: it updates nothing yet
            raise NotBulk("a callback completed before it was added")
        names[f"UPDATE:{cid}"] = mu.key
        results[str(mu.key)] = {"id": str(cid)}
    for call in calls.values():
        if call.new_row is not None:
            names[f"INSERT:{call.id}"] = call.creator
        if call.update:
            names[f"UPDATE:{call.id}"] = call.updater

    # Subscriptions a cancellation moves to pending (the first cancellation of a customer wins,
    # as the one-at-a-time path's UPDATE finds nothing open the second time).
    subscription_rows: list[dict[str, Any]] = []
    if cancellations:
        s = m.Subscription.__table__.c
        firsts: dict[uuid.UUID, tuple[uuid.UUID, WrapUp]] = {}
        for customer_id, key, wrapup in cancellations:
            firsts.setdefault(customer_id, (key, wrapup))
        for row in session.execute(sa.select(s.id, s.customer_id).where(
                s.customer_id.in_(list(firsts)), s.status.in_(_OPEN)).order_by(s.id).with_for_update(key_share=True)):
            key, wrapup = firsts[row.customer_id]
            subscription_rows.append({"id": row.id, "status": d.SubscriptionStatus.PENDING_CANCELLATION,
                                      "cancel_requested_at": wrapup.cancellation_requested_at,
                                      "cancel_effective_on": wrapup.cancellation_effective_on})
            names[f"UPDATE:{row.id}"] = key

    # Writing: the calls first (the rows below point at them), then each table's rows at once.
    naming = _Names(names)
    insert_rows(session, [(m.RetentionCall, call.new_row) for call in calls.values() if call.new_row is not None],
                naming)
    updates = [{"id": call.id, **call.update} for call in calls.values() if call.update]
    if updates:
        _update_each(session, m.RetentionCall.__table__, updates, naming)
    insert_rows(session, [*((m.OfferPresentation, row) for row in presentations), *related,
                          *((m.Callback, row) for row in callbacks),
                          *((m.Interaction, row) for _mu, row in batch.notes)], naming)
    insert_rows(session, events, naming)
    if answers or batch.completes or subscription_rows:
        _set_names(session, naming)
    if answers:
        _update(session, m.OfferPresentation.__table__, answers)
    if batch.completes:
        _update(session, m.Callback.__table__, [{"id": cid, "status": d.CallbackStatus.DONE, "completed_at": at}
                                                for _mu, cid, at in batch.completes])
    if subscription_rows:
        _update(session, m.Subscription.__table__, subscription_rows)
    if batch.edits:  # last: a statement of its own names its rows
        _edit(session, batch, team_id)


def _set_names(session: Session, names: _Names) -> None:
    """The batch's names, by a statement of their own, when no INSERT has carried them yet
    (an UPDATE may find no row to read, and then would not set them)."""
    naming = names.take()
    if naming is not None:
        session.execute(sa.select(sa.func.set_config("agent_desk.mutation_ids", naming, True),
                                  sa.func.set_config("agent_desk.mutation_id", "", True)))


def _update_each(session: Session, table: sa.Table, rows: Sequence[dict[str, Any]], names: _Names) -> None:
    """Stored calls a batch changes (an offer's reason, a submit): few, each its own columns."""
    _set_names(session, names)
    for row in rows:
        session.execute(sa.update(table).where(table.c.id == row["id"])
                        .values({k: v for k, v in row.items() if k != "id"}))


def _edit(session: Session, batch: _Batch, team_id: uuid.UUID | None) -> None:
    """Contact-field edits, last (as :func:`server._lock_order` puts them): the customers
    locked in key order, each edit decided in turn as ``_customer_edit`` decides it (its
    conflict record when it replaced a value its agent did not see), and each customer's
    row then written once with what the batch's edits leave in it. (One at a time, a
    customer edited three times in a batch is three UPDATEs of one transaction; the values
    between them were never seen outside it, and contact fields are not audited.)"""
    cu = m.Customer.__table__.c
    wanted = sorted({uuid.UUID(p["customer_id"]) for _mu, p in batch.edits})
    current: dict[uuid.UUID, dict[str, Any]] = {}
    for row in session.execute(sa.select(cu.id, *(cu[f] for f in EDITABLE_FIELDS)).where(cu.id.in_(wanted))
                               .order_by(cu.id).with_for_update(key_share=True)):
        current[row.id] = dict(row._mapping)
    if len(current) != len(wanted):
        raise NotBulk("an edit of a customer the server does not have", refused=True)
    changed: dict[uuid.UUID, dict[str, Any]] = {}
    naming: dict[str, str] = {}
    conflicts: list[tuple[type[m.Base], dict[str, Any]]] = []
    for mu, p in batch.edits:
        customer_id, name, value = uuid.UUID(p["customer_id"]), p["field"], p.get("value")
        stored = current[customer_id][name]
        if stored != p.get("base") and stored != value:
            conflicts.append((m.SyncConflict, conflict_values(p, stored, batch.agent_id, team_id)))
        if stored != value:
            current[customer_id][name] = value
            row = changed.setdefault(customer_id, {"id": customer_id})
            row[name], row["updated_at"] = value, _when(p["at"])
            naming[f"UPDATE:{customer_id}"] = str(mu.key)
        batch.results[str(mu.key)] = {"customer_id": str(customer_id), "field": name}
    if changed:
        _update(session, m.Customer.__table__, list(changed.values()), json.dumps(naming))
    if conflicts:
        insert_rows(session, conflicts)
