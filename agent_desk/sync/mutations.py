"""Mutations: what an agent wrote, as data (not closures), and how each kind is applied.

A :class:`Mutation` is JSON-serialisable: it waits in the desk's outbox, travels in a batch,
and is applied on the server by the same service code the desk runs online (so online and
offline write the same rows). Every row a mutation makes has a key the desk made (UUIDv7 in
the payload), so applying it twice stores nothing twice; the mutation's own ``key`` is
recorded on the server (``sync_mutations``) and is applied once whatever happens.

Kinds: ``call.submit`` (the wrap-up), ``call.present`` / ``call.respond`` / ``call.ask_lead``
(offers on a call), ``note.add``, ``callback.add`` / ``callback.complete``, ``customer.edit``
(a contact field, with the value the agent saw: a conflict when it changed meanwhile).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import ensure_call, insert_once
from agent_desk.data import models as m
from agent_desk.offers import approvals
from agent_desk.offers.ranking import RankedOffer
from agent_desk.offers.service import record_presentation, respond
from agent_desk.wrapup import WrapUp, complete_callback, submit_call

#: The customer fields an agent may change at the desk (migration 0016 grants exactly these).
EDITABLE_FIELDS = ("email", "city", "region", "occupation", "preferred_language")


class Rejected(ValueError):
    """The mutation can never be applied (bad payload, not allowed): kept as a rejection."""


@dataclass(frozen=True)
class Mutation:
    """One thing an agent did, in the order the desk did it.

    Attributes:
        client_id: the desk's local store.
        seq: its place in that store's sequence (1, 2, 3... without gaps).
        key: the mutation's own key (UUIDv7), applied once on the server.
        kind: what it is (``call.submit``...).
        payload: the facts, JSON-safe (ids as text, times ISO 8601 with zone).
    """

    client_id: uuid.UUID
    seq: int
    key: uuid.UUID
    kind: str
    payload: dict[str, Any] = field(hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"client_id": str(self.client_id), "seq": self.seq, "key": str(self.key), "kind": self.kind,
                "payload": self.payload}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mutation:
        return cls(uuid.UUID(data["client_id"]), int(data["seq"]), uuid.UUID(data["key"]), str(data["kind"]),
                   dict(data["payload"]))


@dataclass(frozen=True)
class Applied:
    """What applying a mutation did: its answer for the desk, and a conflict if there was one."""

    result: dict[str, Any] = field(default_factory=dict)
    conflict: m.SyncConflict | None = None


def _id(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _when(value: Any) -> datetime:
    at = datetime.fromisoformat(str(value))
    if at.tzinfo is None:
        raise Rejected("a time without a zone")
    return at


@dataclass(frozen=True)
class _Offer:
    id: uuid.UUID


@dataclass(frozen=True)
class _Ranked:
    """What record_presentation reads of a ranked offer."""

    offer: _Offer
    p_save: float | None
    expected_value: Decimal | None
    cost: Decimal | None


def _ranked(p: dict[str, Any]) -> RankedOffer:
    def money(key: str) -> Decimal | None:
        return Decimal(str(p[key])) if p.get(key) is not None else None

    return cast(RankedOffer, _Ranked(_Offer(uuid.UUID(p["offer_id"])), p.get("p_save"), money("expected_value"),
                                     money("cost")))


def _ensure_call(session: Session, call: dict[str, Any], agent_id: uuid.UUID) -> uuid.UUID:
    return ensure_call(session, _id(call["id"]), agent_id, _id(call.get("customer_id")), call.get("caller_e164"),
                       _when(call["started_at"]), call.get("reason"))


def call_payload(call_id: uuid.UUID, customer_id: uuid.UUID | None, caller_e164: str | None, started_at: datetime,
                 reason: str | None) -> dict[str, Any]:
    """The call a presentation belongs to, as a payload part (its row is made on first use)."""
    return {"id": str(call_id), "customer_id": str(customer_id) if customer_id else None,
            "caller_e164": caller_e164, "started_at": started_at.isoformat(), "reason": reason}


def ranked_payload(ranked: RankedOffer) -> dict[str, Any]:
    return {"offer_id": str(ranked.offer.id), "p_save": ranked.p_save,
            "expected_value": None if ranked.expected_value is None else str(ranked.expected_value),
            "cost": None if ranked.cost is None else str(ranked.cost)}


# --- one function per kind -----------------------------------------------------------------


def _submit(session: Session, p: dict[str, Any], agent_id: uuid.UUID) -> Applied:
    wrapup = WrapUp.from_json(p["wrapup"])
    if wrapup.agent_id != agent_id:
        raise Rejected("a wrap-up is submitted by the agent who took the call")
    done = submit_call(session, wrapup, now=_when(p["at"]), confirmation_number=p.get("confirmation_number"))
    return Applied({"call_id": str(done.call_id), "confirmation_number": done.confirmation_number})


def _present(session: Session, p: dict[str, Any], agent_id: uuid.UUID) -> Applied:
    call_id = _ensure_call(session, p["call"], agent_id)
    row = record_presentation(session, call_id, _id(p["call"].get("customer_id")), _ranked(p),
                              d.OfferResponse(p.get("response", "offered")), now=_when(p["at"]),
                              presentation_id=uuid.UUID(p["presentation_id"]))
    return Applied({"presentation_id": str(row.id)})


def _respond(session: Session, p: dict[str, Any], _agent_id: uuid.UUID) -> Applied:
    row = respond(session, uuid.UUID(p["presentation_id"]), d.OfferResponse(p["response"]), now=_when(p["at"]))
    return Applied({"presentation_id": str(row.id), "response": str(row.response)})


def _ask_lead(session: Session, p: dict[str, Any], agent_id: uuid.UUID) -> Applied:
    call_id = _ensure_call(session, p["call"], agent_id)
    at, presentation_id = _when(p["at"]), uuid.UUID(p["presentation_id"])
    ranked = _ranked(p)
    record_presentation(session, call_id, _id(p["call"].get("customer_id")), ranked,
                        d.OfferResponse.PENDING_APPROVAL, now=at, presentation_id=presentation_id)
    request = approvals.request_approval(session, call_id, ranked.offer.id, agent_id, presentation_id=presentation_id,
                                         now=at, request_id=uuid.UUID(p["request_id"]))
    return Applied({"request_id": str(request.id), "expires_at": request.expires_at.isoformat()})


def note_values(p: dict[str, Any], agent_id: uuid.UUID) -> dict[str, Any]:
    """The note a ``note.add`` makes (its column values)."""
    subject = str(p.get("subject") or "").strip()[:200]
    if not subject:
        raise Rejected("a note needs a subject")
    return {"id": uuid.UUID(p["id"]), "customer_id": uuid.UUID(p["customer_id"]), "agent_id": agent_id,
            "kind": d.InteractionKind.NOTE, "channel": d.Channel.PHONE, "direction": d.Direction.INBOUND,
            "occurred_at": _when(p["at"]), "subject": subject, "body": p.get("body") or None}


def _note(session: Session, p: dict[str, Any], agent_id: uuid.UUID) -> Applied:
    row = insert_once(session, m.Interaction(**note_values(p, agent_id)))
    return Applied({"id": str(row.id)})


def callback_values(p: dict[str, Any], agent_id: uuid.UUID, team_id: uuid.UUID | None) -> dict[str, Any]:
    """The callback a ``callback.add`` makes (its column values; ``team_id``: the agent's team)."""
    to_team = bool(p.get("to_team"))
    return {"id": uuid.UUID(p["id"]), "customer_id": _id(p.get("customer_id")), "phone_e164": p.get("phone_e164"),
            "owner_agent_id": None if to_team else agent_id, "owner_team_id": team_id, "due_at": _when(p["due_at"]),
            "note": p.get("note") or None, "status": d.CallbackStatus.OPEN, "created_by": agent_id,
            "created_at": _when(p["at"])}


def _callback_add(session: Session, p: dict[str, Any], agent_id: uuid.UUID) -> Applied:
    team_id = session.scalar(sa.select(m.Agent.team_id).where(m.Agent.id == agent_id))
    row = insert_once(session, m.Callback(**callback_values(p, agent_id, team_id)))
    return Applied({"id": str(row.id)})


def _callback_complete(session: Session, p: dict[str, Any], _agent_id: uuid.UUID) -> Applied:
    complete_callback(session, uuid.UUID(p["id"]), _when(p["at"]))
    return Applied({"id": p["id"]})


def conflict_values(p: dict[str, Any], replaced: Any, agent_id: uuid.UUID, team_id: uuid.UUID | None,
                    ) -> dict[str, Any]:
    """The record of an edit that replaced a value its agent did not see (``replaced``)."""
    return {"table_name": "customers", "row_id": str(uuid.UUID(str(p["customer_id"]))), "field": p["field"],
            "winning_value": p.get("value"), "losing_value": replaced, "winner_id": agent_id, "loser_id": None,
            "team_id": team_id, "mutation_key": uuid.UUID(p["_key"]), "at": _when(p["at"])}


def _customer_edit(session: Session, p: dict[str, Any], agent_id: uuid.UUID) -> Applied:
    """Last write to reach the server wins (the order the server applies them in, the same
    for every desk); the value it replaced, when that was not the value the agent saw, is
    kept as a conflict record with who wrote each (team leads read them)."""
    name = p.get("field")
    if name not in EDITABLE_FIELDS:
        raise Rejected(f"the field {name!r} cannot be changed at the desk")
    customer_id, value, base = uuid.UUID(p["customer_id"]), p.get("value"), p.get("base")
    c = m.Customer.__table__.c
    # FOR NO KEY UPDATE, the lock the UPDATE takes anyway: FOR UPDATE would also wait for
    # every transaction that merely inserted a row pointing at this customer (a note, a call:
    # their foreign keys hold KEY SHARE until commit) and deadlock with them.
    current = session.execute(sa.select(c[name], c.id).where(c.id == customer_id)
                              .with_for_update(key_share=True)).first()
    if current is None:
        raise Rejected("no such customer")
    conflict = None
    if current[0] != base and current[0] != value:
        team_id = session.scalar(sa.select(m.Agent.team_id).where(m.Agent.id == agent_id))
        conflict = m.SyncConflict(**conflict_values(p, current[0], agent_id, team_id))
    if current[0] != value:
        session.execute(sa.update(m.Customer.__table__).where(c.id == customer_id)
                        .values({name: value, "updated_at": _when(p["at"])}))
    return Applied({"customer_id": str(customer_id), "field": name}, conflict)


KINDS: dict[str, Callable[[Session, dict[str, Any], uuid.UUID], Applied]] = {
    "call.submit": _submit, "call.present": _present, "call.respond": _respond, "call.ask_lead": _ask_lead,
    "note.add": _note, "callback.add": _callback_add, "callback.complete": _callback_complete,
    "customer.edit": _customer_edit,
}


def apply_mutation(session: Session, mutation: Mutation, agent_id: uuid.UUID) -> Applied:
    """Apply one mutation as ``agent_id`` in ``session`` (the caller owns the transaction).

    Raises:
        Rejected: an unknown kind or a payload that can never be applied.
    """
    fn = KINDS.get(mutation.kind)
    if fn is None:
        raise Rejected(f"unknown mutation kind {mutation.kind!r}")
    try:
        return fn(session, {**mutation.payload, "_key": str(mutation.key)}, agent_id)
    except (KeyError, TypeError) as exc:
        raise Rejected(f"malformed {mutation.kind} payload ({type(exc).__name__}: {exc})") from exc


def submit_payload(wrapup: WrapUp, at: datetime, confirmation_number: str | None = None) -> dict[str, Any]:
    """``call.submit``: the wrap-up, when the agent submitted it (its checks use that time),
    and the confirmation number the desk gave the customer, if it gave one."""
    payload: dict[str, Any] = {"wrapup": wrapup.to_json(), "at": at.isoformat()}
    if confirmation_number:
        payload["confirmation_number"] = confirmation_number
    return payload
