"""One call, from the pop to the submitted wrap-up: the single owner of what the call knows.

The customer (or the number), the reason for leaving and each change of it, the script's
path and where it ended, every offer presented and the customer's answer, approval
requests and who was asked, fields the script captured, and the wrap-up those facts
propose. Widgets send a :class:`Call` the agent's actions and redraw from it; none keeps a
copy of these facts (that is how a stale reason used to reach the wrap-up).

Every in-call write (a presentation, an answer, an approval request) is a :class:`Write`
made here, at the moment the agent acted: it carries its own client-made key (UUIDv7) and
the desk's clock reading of that moment, so running it again (a retry after a lost answer,
later the offline outbox) stores nothing twice and does not fail. The desk
(:class:`agent_desk.desk.Desk`, re-exported here) owns the database and the person at the
desk and runs each write in a unit of work of its own.

Qt-free: no PySide6 here (``tests/test_layers.py``); the UI adapter is
``agent_desk.ui.call_signals``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import DeskUser, ensure_call
from agent_desk.desk import Desk
from agent_desk.ids import new_id
from agent_desk.offers import approvals
from agent_desk.offers.ranking import RankedOffer
from agent_desk.offers.service import record_presentation, respond
from agent_desk.wrapup import WrapUp

Clock = Callable[[], datetime]

__all__ = ["ApprovalAsked", "Call", "Clock", "Desk", "OfferOnCall", "Write"]

#: What a captured script field is called on the wrap-up form, when it has a field there;
#: every other captured field goes into the wrap-up's (and the stored call's) ``captured``.
WRAPUP_FIELDS = {"competitor": "competitor"}

#: The outcome an accepted offer of this kind proposes when the script did not end on one.
_OUTCOME_FOR_KIND = {d.OfferKind.DOWNGRADE.value: "downgraded"}
_ACCEPTED_OUTCOME = "saved_with_offer"


def utc_now() -> datetime:
    return datetime.now(UTC)


def _ranked_payload(ranked: RankedOffer) -> dict[str, Any]:
    """What an offer's presentation stores of its ranking (``agent_desk.sync.mutations``)."""
    return {"offer_id": str(ranked.offer.id), "p_save": ranked.p_save,
            "expected_value": None if ranked.expected_value is None else str(ranked.expected_value),
            "cost": None if ranked.cost is None else str(ranked.cost)}


@dataclass(frozen=True)
class OfferOnCall:
    """One offer made on this call and where it stands.

    Attributes:
        key: the presentation row's id, made by the desk when the agent acted.
        request_key: the approval request's id, when the team lead was asked.
        lead_name: who was asked (the team lead's name), once the request is stored.
        expires_at: when the request runs out, once stored.
        decided_by, decision_reason: the lead's answer.
    """

    key: uuid.UUID
    offer_id: uuid.UUID
    code: str
    kind: str
    title_he: str
    title_en: str
    response: d.OfferResponse
    presented_at: datetime
    responded_at: datetime | None = None
    request_key: uuid.UUID | None = None
    approval: d.ApprovalStatus | None = None
    lead_name: str | None = None
    expires_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None

    @property
    def state(self) -> str:
        """new-less card state: presented, pending, approved, refused, expired, accepted, declined."""
        if self.response == d.OfferResponse.ACCEPTED:
            return "accepted"
        if self.response == d.OfferResponse.DECLINED:
            return "declined"
        if self.approval == d.ApprovalStatus.PENDING:
            return "pending"
        if self.approval == d.ApprovalStatus.DECLINED:
            return "refused"
        if self.approval in (d.ApprovalStatus.EXPIRED, d.ApprovalStatus.CANCELLED):
            return "expired"
        if self.approval == d.ApprovalStatus.APPROVED and self.response != d.OfferResponse.OFFERED:
            return "approved"
        return "presented"


@dataclass(frozen=True)
class Write:
    """An in-call write, made when the agent acted: run :attr:`apply` in a session (again and
    again if need be: it is idempotent by :attr:`key`).

    Attributes:
        kind, payload: the same write as data (``agent_desk.sync.mutations``): what the
            offline outbox queues and the server applies with the same service code.
    """

    key: uuid.UUID
    at: datetime
    what: str
    apply: Callable[[Session], Any]
    kind: str = ""
    payload: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ApprovalAsked:
    """What storing an approval request tells the agent: who was asked and until when."""

    lead_name: str | None
    expires_at: datetime


class Call:
    """The call on the desk. Observers (``observe(fn)``) are told ``fn(what)`` after each
    change: ``reason``, ``script``, ``offers``, ``captures``, ``customer``, ``outbound``,
    ``ended``."""

    def __init__(self, agent: DeskUser | None, *, customer_id: uuid.UUID | None = None, customer_name: str = "",
                 caller_e164: str | None = None, call_id: uuid.UUID | None = None,
                 started_at: datetime | None = None, clock: Clock = utc_now) -> None:
        self.clock = clock
        self.agent = agent
        self.id = call_id or new_id()
        self.started_at = started_at or clock()
        self.ended_at: datetime | None = None
        self.customer_id = customer_id
        self.customer_name = customer_name
        self.caller_e164 = caller_e164
        self.outbound = False  # the desk called them (a work-queue task)
        self.reason_changes: list[tuple[str | None, datetime]] = []
        self.script_path: tuple[dict[str, Any], ...] = ()
        self.script_version_id: uuid.UUID | None = None
        self.script_outcome: str | None = None
        self.script_reason: str | None = None
        self.captures: dict[str, str] = {}
        self._offers: dict[uuid.UUID, OfferOnCall] = {}
        self._unsent: dict[uuid.UUID, int] = {}  # offer key -> its writes not stored yet
        self._write_offer: dict[Write, uuid.UUID] = {}
        self._observers: list[Callable[[str], None]] = []

    # -- observing -------------------------------------------------------------------

    def observe(self, fn: Callable[[str], None]) -> None:
        self._observers.append(fn)

    def forget(self, fn: Callable[[str], None]) -> None:
        if fn in self._observers:
            self._observers.remove(fn)

    def _changed(self, what: str) -> None:
        for fn in list(self._observers):
            fn(what)

    # -- facts -----------------------------------------------------------------------

    @property
    def reason(self) -> str | None:
        return self.reason_changes[-1][0] if self.reason_changes else None

    def set_reason(self, code: str | None) -> bool:
        """The agent chose (or changed) the reason for leaving. True when it changed."""
        code = code or None
        if code == self.reason:
            return False
        self.reason_changes.append((code, self.clock()))
        self._changed("reason")
        return True

    def set_customer(self, customer_id: uuid.UUID, name: str) -> None:
        """An unknown caller turned out to be this customer: the call is theirs now."""
        self.customer_id, self.customer_name = customer_id, name
        self._changed("customer")

    def mark_outbound(self) -> None:
        """The desk made this call (a work-queue task): its wrap-up is an outbound call's."""
        if not self.outbound:
            self.outbound = True
            self._changed("outbound")

    def walked(self, path: list[dict[str, Any]] | tuple[dict[str, Any], ...], version_id: uuid.UUID | None,
               outcome: str | None, reason: str | None = None) -> None:
        """The script moved: its path so far, and the outcome if it ended (or set one)."""
        self.script_path, self.script_version_id = tuple(path), version_id
        self.script_outcome, self.script_reason = outcome or None, reason or None
        self._changed("script")

    def capture(self, field: str, value: str) -> None:
        """A script step captured a value (a competitor's name, a new address...)."""
        value = (value or "").strip()
        if self.captures.get(field) == value:
            return
        if value:
            self.captures[field] = value
        else:
            self.captures.pop(field, None)
        self._changed("captures")

    def end(self, at: datetime | None = None) -> datetime:
        if self.ended_at is None:
            self.ended_at = at or self.clock()
            self._changed("ended")
        return self.ended_at

    # -- offers ----------------------------------------------------------------------

    @property
    def offers(self) -> tuple[OfferOnCall, ...]:
        return tuple(self._offers.values())

    def offer(self, offer_id: uuid.UUID) -> OfferOnCall | None:
        """The latest presentation of this offer on the call."""
        found = [o for o in self._offers.values() if o.offer_id == offer_id]
        return found[-1] if found else None

    def sending(self, key: uuid.UUID) -> bool:
        """Is a write about this offer still on its way to the database?"""
        return self._unsent.get(key, 0) > 0

    def _made(self, offer_key: uuid.UUID, write: Write) -> Write:
        self._unsent[offer_key] = self._unsent.get(offer_key, 0) + 1
        self._write_offer[write] = offer_key
        self._changed("offers")
        return write

    def stored(self, write: Write) -> None:
        """The database has ``write`` (the UI adapter says so when the write comes back)."""
        offer_key = self._write_offer.pop(write, None)
        if offer_key is not None and self._unsent.get(offer_key):
            self._unsent[offer_key] -= 1
            self._changed("offers")

    @property
    def accepted_offer(self) -> OfferOnCall | None:
        found = [o for o in self._offers.values() if o.response == d.OfferResponse.ACCEPTED]
        return found[-1] if found else None

    def _ensure_row(self, session: Session) -> None:
        assert self.agent is not None, "a call is recorded against the person at the desk"
        ensure_call(session, self.id, self.agent.id, self.customer_id, self.caller_e164, self.started_at,
                    self.reason)

    def _call_payload(self) -> dict[str, Any]:
        assert self.agent is not None, "a call is recorded against the person at the desk"
        return {"id": str(self.id), "customer_id": str(self.customer_id) if self.customer_id else None,
                "caller_e164": self.caller_e164, "started_at": self.started_at.isoformat(), "reason": self.reason}

    def present(self, ranked: RankedOffer) -> Write:
        """The agent presents ``ranked`` now: recorded on the call, and the write to store it."""
        offer = self.offer(ranked.offer.id)
        if offer is not None and offer.state == "approved":
            return self.respond(offer.key, d.OfferResponse.OFFERED)
        at, key = self.clock(), new_id()
        self._offers[key] = OfferOnCall(key, ranked.offer.id, ranked.offer.code, str(ranked.offer.kind),
                                        ranked.offer.title_he, ranked.offer.title_en, d.OfferResponse.OFFERED, at)
        customer_id, call_id = self.customer_id, self.id

        def apply(session: Session) -> uuid.UUID:
            self._ensure_row(session)
            return record_presentation(session, call_id, customer_id, ranked, d.OfferResponse.OFFERED,
                                       now=at, presentation_id=key).id

        payload = {"call": self._call_payload(), "presentation_id": str(key), "response": "offered",
                   "at": at.isoformat(), **_ranked_payload(ranked)}
        return self._made(key, Write(key, at, "present", apply, "call.present", payload))

    def respond(self, key: uuid.UUID, response: d.OfferResponse) -> Write:
        """The customer answered (or the agent presents an approved offer) now.

        The answer is a write of its own, with its own key (the audit tells the offer and its
        answer apart); running it again stores nothing new: the presentation's row already
        holds this answer at this moment.
        """
        at, answer_key = self.clock(), new_id()
        offer = self._offers[key]
        answered = response in (d.OfferResponse.ACCEPTED, d.OfferResponse.DECLINED)
        self._offers[key] = replace(offer, response=response, responded_at=at if answered else None)

        def apply(session: Session) -> uuid.UUID:
            return respond(session, key, response, now=at).id

        # ``agent_desk.sync.mutations._respond`` reads presentation_id, response and at;
        # answer_id names this answer (the outbox keys its mutations itself).
        payload = {"presentation_id": str(key), "answer_id": str(answer_key), "response": response.value,
                   "at": at.isoformat()}
        return self._made(key, Write(answer_key, at, f"respond:{response.value}", apply, "call.respond", payload))

    def ask_lead(self, ranked: RankedOffer) -> Write:
        """An offer above the agent's authority: the team lead is asked now."""
        at, key, request_key = self.clock(), new_id(), new_id()
        self._offers[key] = OfferOnCall(key, ranked.offer.id, ranked.offer.code, str(ranked.offer.kind),
                                        ranked.offer.title_he, ranked.offer.title_en,
                                        d.OfferResponse.PENDING_APPROVAL, at, request_key=request_key,
                                        approval=d.ApprovalStatus.PENDING)
        assert self.agent is not None, "a call is recorded against the person at the desk"
        customer_id, call_id, agent_id = self.customer_id, self.id, self.agent.id

        def apply(session: Session) -> ApprovalAsked:
            self._ensure_row(session)
            record_presentation(session, call_id, customer_id, ranked, d.OfferResponse.PENDING_APPROVAL,
                                now=at, presentation_id=key)
            request = approvals.request_approval(session, call_id, ranked.offer.id, agent_id,
                                                 presentation_id=key, now=at, request_id=request_key)
            return ApprovalAsked(approvals.team_lead_name(session, request.team_id), request.expires_at)

        payload = {"call": self._call_payload(), "presentation_id": str(key), "request_id": str(request_key),
                   "at": at.isoformat(), **_ranked_payload(ranked)}
        return self._made(key, Write(request_key, at, "ask_lead", apply, "call.ask_lead", payload))

    def lead_asked(self, key: uuid.UUID, asked: ApprovalAsked) -> None:
        """The request is stored: now the agent can see who was asked and until when."""
        offer = self._offers[key]
        self._offers[key] = replace(offer, lead_name=asked.lead_name, expires_at=asked.expires_at)
        self._changed("offers")

    def lead_answered(self, request_key: uuid.UUID, state: approvals.ApprovalState) -> bool:
        """The lead's answer (or the request ran out). True when it changed anything."""
        offer = next((o for o in self._offers.values() if o.request_key == request_key), None)
        if offer is None or offer.approval == state.status:
            return False
        self._offers[offer.key] = replace(offer, approval=state.status, decided_by=state.decided_by,
                                          decision_reason=state.reason, expires_at=state.expires_at)
        self._changed("offers")
        return True

    @property
    def waiting_for_lead(self) -> tuple[OfferOnCall, ...]:
        return tuple(o for o in self._offers.values() if o.approval == d.ApprovalStatus.PENDING)

    # -- the wrap-up -----------------------------------------------------------------

    @property
    def proposed_outcome(self) -> str | None:
        """How the call ended, as far as the call knows: the script's end, else the accepted offer."""
        if self.script_outcome:
            return self.script_outcome
        accepted = self.accepted_offer
        if accepted is not None:
            return _OUTCOME_FOR_KIND.get(accepted.kind, _ACCEPTED_OUTCOME)
        return None

    def proposed_wrapup(self) -> WrapUp:
        """The wrap-up the call's facts propose; the agent confirms or corrects it."""
        assert self.agent is not None, "a wrap-up is the desk person's"
        return WrapUp(
            call_id=self.id, agent_id=self.agent.id, started_at=self.started_at, ended_at=self.ended_at,
            customer_id=self.customer_id, caller_e164=self.caller_e164, customer_name=self.customer_name,
            disposition=self.proposed_outcome, primary_reason=self.script_reason or self.reason,
            competitor=self.captures.get("competitor", ""),
            captured={k: v for k, v in self.captures.items() if k not in WRAPUP_FIELDS},
            script_path=self.script_path, script_version_id=self.script_version_id, outbound=self.outbound,
        )
