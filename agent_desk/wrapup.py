"""The wrap-up of a call: what the agent fills in, how it is checked, and how it is written.

:func:`submit_call` is the one place a finished call is written (the offline outbox will
hook in here): the call row with every field, the callback, the referral, the survey
answer, the cancellation carried onto the subscriptions, and an audit event, in the
caller's unit of work. A submitted call is never changed again; :func:`amend_call` adds a
correction that points at the original, with who, when and why.

Qt-free. Times are aware UTC; dates of the cancellation are Israeli calendar dates.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.ids import new_confirmation_number, new_id
from agent_desk.phones import PhoneNumberError, to_e164

ISRAEL = ZoneInfo("Asia/Jerusalem")
NOTES_LIMIT = 4000
SATISFIED = {"saved", "saved_with_offer", "downgraded"}
# Dispositions that need no reason: the caller was not the one to ask, or went elsewhere.
NO_REASON_NEEDED = {"not_account_holder", "transferred"}
# Outcomes of a call the desk makes (a work-queue task), never of one it takes; and those
# in which nobody was reached (no survey, no referral).
OUTBOUND_ONLY = ("reached", "no_answer", "left_message")
NOT_REACHED = frozenset({"no_answer", "left_message"})
# Bounds on the times a wrap-up may carry. A restored draft may be days old, and desks'
# clocks differ by a little; a start in 1900 or a callback in 9999 is a typo or a bad clock.
CLOCK_SKEW = timedelta(minutes=5)
MAX_CALL_AGE = timedelta(days=7)
MAX_CANCEL_REQUEST_AGE = timedelta(days=30)  # before the call: asked by letter, then phoned
MAX_AHEAD = timedelta(days=366)  # callbacks and effective dates: within a year

# Messages that validate() returns (the UI shows its translated text for each; see
# wrapup_panel's _show_errors). Named so the UI can tell apart two problems of one field.
STARTED_TOO_LONG_AGO = "The call started more than 7 days ago: check the date, or log it as a new call."
STARTED_IN_THE_FUTURE = "The call cannot start in the future: check the computer's clock."
ENDED_BEFORE_START = "The call cannot end before it started."
ENDED_IN_THE_FUTURE = "The call cannot end in the future: check the computer's clock."
REQUESTED_IN_THE_FUTURE = "The cancellation request cannot be in the future."
REQUESTED_TOO_EARLY = "The cancellation request is more than 30 days before the call: check the date."
EFFECTIVE_TOO_FAR = "The effective date must be within a year."
CALLBACK_IN_THE_PAST = "The callback must be in the future."
CALLBACK_TOO_FAR = "The callback must be within a year."
OUTBOUND_OUTCOME_INBOUND = "That outcome is for calls we make, not for a call we took."


class CallAlreadySubmitted(RuntimeError):
    """The call was submitted already with *different* content: a submitted call is
    immutable, corrections are amendments (:func:`amend_call`). Sending the same wrap-up
    again is not this error: it succeeds with the first answer (see :func:`submit_call`)."""


@dataclass(frozen=True)
class CallbackRequest:
    due_at: datetime
    to_team: bool = False  # False: the agent's own queue
    note: str = ""


@dataclass(frozen=True)
class ReferralRequest:
    name: str
    phone: str
    consent: bool


@dataclass(frozen=True)
class SurveyAnswer:
    kind: d.SurveyKind
    score: int
    comment: str = ""


@dataclass(frozen=True)
class WrapUp:
    """Everything the wrap-up form holds; also what the draft file stores."""

    call_id: uuid.UUID
    agent_id: uuid.UUID
    started_at: datetime
    customer_id: uuid.UUID | None = None
    caller_e164: str | None = None
    ended_at: datetime | None = None
    disposition: str | None = None
    primary_reason: str | None = None
    secondary_reason: str | None = None
    competitor: str = ""
    # What script steps captured that has no field of its own (see CAPTURED_LABELS).
    captured: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    incident_id: uuid.UUID | None = None
    script_version_id: uuid.UUID | None = None
    script_path: tuple[dict[str, Any], ...] = ()
    cancellation_requested_at: datetime | None = None
    cancellation_effective_on: date | None = None
    callback: CallbackRequest | None = None
    referral: ReferralRequest | None = None
    survey: SurveyAnswer | None = None
    customer_name: str = ""  # for the screen and the draft, not stored on the call
    # A call the desk made (a work-queue task): no reason for leaving unless the customer
    # asked to cancel; the outcomes of OUTBOUND_ONLY; survey and referral whenever reached.
    outbound: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (for the draft file)."""
        def plain(value: Any) -> Any:
            if isinstance(value, uuid.UUID):
                return str(value)
            if isinstance(value, datetime | date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return plain(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WrapUp:
        def when(value: str | None) -> datetime | None:
            return datetime.fromisoformat(value) if value else None

        def key(value: str | None) -> uuid.UUID | None:
            return uuid.UUID(value) if value else None

        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        callback = data.get("callback")
        referral = data.get("referral")
        survey = data.get("survey")
        return cls(**{
            **data,
            "call_id": uuid.UUID(data["call_id"]), "agent_id": uuid.UUID(data["agent_id"]),
            "started_at": when(data["started_at"]), "customer_id": key(data.get("customer_id")),
            "ended_at": when(data.get("ended_at")), "incident_id": key(data.get("incident_id")),
            "script_version_id": key(data.get("script_version_id")),
            "script_path": tuple(data.get("script_path") or ()),
            "captured": {str(k): str(v) for k, v in (data.get("captured") or {}).items()},
            "cancellation_requested_at": when(data.get("cancellation_requested_at")),
            "cancellation_effective_on": date.fromisoformat(data["cancellation_effective_on"])
            if data.get("cancellation_effective_on") else None,
            "callback": CallbackRequest(when(callback["due_at"]), callback["to_team"], callback["note"])
            if callback else None,
            "referral": ReferralRequest(**referral) if referral else None,
            "survey": SurveyAnswer(d.SurveyKind(survey["kind"]), survey["score"], survey.get("comment", ""))
            if survey else None,
        })


@functools.cache
def _israeli_holidays(year: int) -> holidays.HolidayBase:
    # Building the calendar costs milliseconds; the form asks on every edit of the time.
    return holidays.country_holidays("IL", years=range(year, year + 2))


def next_business_day(start: datetime) -> datetime:
    """A business day after ``start`` in Israel: Friday, Saturday and holidays do not count."""
    local = start.astimezone(ISRAEL)
    calendar = _israeli_holidays(local.year)
    day = local.date()
    while True:
        day += timedelta(days=1)
        if day.weekday() not in (4, 5) and day not in calendar:  # Friday, Saturday
            break
    return datetime.combine(day, local.timetz()).astimezone(UTC)


def validate(wrapup: WrapUp, dispositions: dict[str, tuple[bool, bool]], now: datetime) -> dict[str, str]:
    """Problems by field name, in plain words (empty: ready to submit).

    ``dispositions`` maps a code to (counts_as_save, is_cancellation).
    """
    problems: dict[str, str] = {}
    cancelling = bool(wrapup.disposition and dispositions.get(wrapup.disposition, (False, False))[1])
    if not wrapup.disposition:
        problems["disposition"] = "Choose how the call ended."
    elif wrapup.disposition not in dispositions:
        problems["disposition"] = "That outcome is not in the list."
    elif wrapup.disposition in OUTBOUND_ONLY and not wrapup.outbound:
        problems["disposition"] = OUTBOUND_OUTCOME_INBOUND
    # We called them: there is a reason for leaving only if they asked to leave.
    reason_needed = wrapup.disposition not in NO_REASON_NEEDED and (cancelling or not wrapup.outbound)
    if not wrapup.primary_reason and reason_needed:
        problems["primary_reason"] = "Choose why the customer wanted to leave."
    if wrapup.secondary_reason and wrapup.secondary_reason == wrapup.primary_reason:
        problems["secondary_reason"] = "The second reason repeats the first."
    if wrapup.primary_reason == "competitor" and not wrapup.competitor.strip():
        problems["competitor"] = "Name the competitor."
    if len(wrapup.notes) > NOTES_LIMIT:
        problems["notes"] = f"Notes are limited to {NOTES_LIMIT} characters."
    if wrapup.started_at < now - MAX_CALL_AGE:
        problems["started_at"] = STARTED_TOO_LONG_AGO
    elif wrapup.started_at > now + CLOCK_SKEW:
        problems["started_at"] = STARTED_IN_THE_FUTURE
    if wrapup.ended_at is not None:
        if wrapup.ended_at < wrapup.started_at:
            problems["ended_at"] = ENDED_BEFORE_START
        elif wrapup.ended_at > now + CLOCK_SKEW:
            problems["ended_at"] = ENDED_IN_THE_FUTURE
    if cancelling:
        requested = wrapup.cancellation_requested_at
        if requested is None:
            problems["cancellation_requested_at"] = "When did the customer ask to cancel?"
        elif requested > now + CLOCK_SKEW:
            problems["cancellation_requested_at"] = REQUESTED_IN_THE_FUTURE
        elif requested < wrapup.started_at - MAX_CANCEL_REQUEST_AGE:
            problems["cancellation_requested_at"] = REQUESTED_TOO_EARLY
        today = now.astimezone(ISRAEL).date()
        if wrapup.cancellation_effective_on is None:
            problems["cancellation_effective_on"] = "Set the date the cancellation takes effect."
        elif wrapup.cancellation_effective_on < today:
            problems["cancellation_effective_on"] = "The effective date cannot be in the past."
        elif wrapup.cancellation_effective_on > today + MAX_AHEAD:
            problems["cancellation_effective_on"] = EFFECTIVE_TOO_FAR
    if wrapup.disposition == "callback_scheduled" and wrapup.callback is None:
        problems["callback"] = "Set when to call back."
    if wrapup.callback is not None:
        if wrapup.callback.due_at <= now:
            problems["callback"] = CALLBACK_IN_THE_PAST
        elif wrapup.callback.due_at > now + MAX_AHEAD:
            problems["callback"] = CALLBACK_TOO_FAR
    if wrapup.referral is not None:
        if not wrapup.referral.name.strip():
            problems["referral"] = "The referral needs a name."
        else:
            try:
                to_e164(wrapup.referral.phone)
            except PhoneNumberError:
                problems["referral"] = "The referral's phone number is not valid."
    if wrapup.survey is not None:
        low, high = (0, 10) if wrapup.survey.kind == d.SurveyKind.NPS else (1, 5)
        if not low <= wrapup.survey.score <= high:
            problems["survey"] = f"The score goes from {low} to {high}."
    return problems


@dataclass(frozen=True)
class SubmittedCall:
    call_id: uuid.UUID
    submitted_at: datetime
    confirmation_number: str | None
    cancellation_deadline: datetime | None
    callback_id: uuid.UUID | None = None
    related: dict[str, uuid.UUID] = field(default_factory=dict)


def captured_values(wrapup: WrapUp) -> dict[str, str]:
    """The captured fields as they are stored: trimmed, the empty ones left out."""
    return {name: value.strip() for name, value in sorted(wrapup.captured.items()) if value and value.strip()}


#: The rows a wrap-up may make besides the call: each keyed by :func:`related_id`.
RELATED_ROLES = ("callback", "referral", "survey")


def related_id(call_id: uuid.UUID, role: str) -> uuid.UUID:
    """The key of a row a wrap-up makes (its callback, referral, survey answer), made from the
    call's own key: the desk's copy and the server make the same rows under the same keys, so
    the desk's row stands until the server's replaces it (``agent_desk.sync``)."""
    return uuid.uuid5(call_id, role)


def free_confirmation_number(session: Session) -> str:
    """A new confirmation number no call holds yet (see :func:`agent_desk.ids.new_confirmation_number`).

    Drawing again is all but never needed (50 random bits); the unique constraint on the
    column refuses what a concurrent desk might slip in between the check and the insert.
    """
    for _ in range(8):
        number = new_confirmation_number()
        taken = session.scalar(sa.select(sa.exists().where(m.RetentionCall.confirmation_number == number)))
        if not taken:
            return number
    raise RuntimeError("no free confirmation number after 8 draws")  # pragma: no cover - 2**-400


def _differences(session: Session, call: m.RetentionCall, wrapup: WrapUp, cancelling: bool) -> list[str]:
    """The fields in which ``wrapup`` differs from what was written for ``call`` (empty: same call)."""
    def text(value: str) -> str | None:
        return value.strip() or None

    stored = {
        "customer_id": (call.customer_id, wrapup.customer_id),
        "caller_e164": (call.caller_e164, wrapup.caller_e164),
        "agent_id": (call.agent_id, wrapup.agent_id),
        "started_at": (call.started_at, wrapup.started_at),
        "disposition": (call.disposition_code, wrapup.disposition),
        "primary_reason": (call.primary_reason_code, wrapup.primary_reason),
        "secondary_reason": (call.secondary_reason_code, wrapup.secondary_reason),
        "competitor": (call.competitor, text(wrapup.competitor)),
        "captured": (dict(call.captured or {}), captured_values(wrapup)),
        "notes": (call.notes, text(wrapup.notes)),
        "incident_id": (call.incident_id, wrapup.incident_id),
        "script_version_id": (call.script_version_id, wrapup.script_version_id),
        "script_path": (list(call.script_path or []), list(wrapup.script_path)),
        "cancellation_requested_at": (call.cancellation_requested_at,
                                      wrapup.cancellation_requested_at if cancelling else None),
        "cancellation_effective_on": (call.cancellation_effective_on,
                                      wrapup.cancellation_effective_on if cancelling else None),
    }
    if wrapup.ended_at is not None:  # None: the first submit stamped its own "now"
        stored["ended_at"] = (call.ended_at, wrapup.ended_at)
    callbacks = session.scalars(sa.select(m.Callback).where(m.Callback.call_id == call.id)).all()
    stored["callback"] = (
        [(c.due_at, c.note or "") for c in callbacks],
        [(wrapup.callback.due_at, wrapup.callback.note or "")] if wrapup.callback else [],
    )
    if wrapup.customer_id is not None:
        referrals = session.scalars(sa.select(m.Referral).where(m.Referral.call_id == call.id)).all()
        stored["referral"] = (
            [(r.name, r.phone_e164, r.consent) for r in referrals],
            [(wrapup.referral.name, _e164_or_none(wrapup.referral.phone), wrapup.referral.consent)]
            if wrapup.referral else [],
        )
        surveys = session.scalars(sa.select(m.SurveyResponse).where(m.SurveyResponse.call_id == call.id)).all()
        stored["survey"] = (
            [(s.kind, s.score, s.comment) for s in surveys],
            [(wrapup.survey.kind, wrapup.survey.score, wrapup.survey.comment or None)] if wrapup.survey else [],
        )
    return [name for name, (was, now) in stored.items() if was != now]


def _e164_or_none(phone: str) -> str | None:
    try:
        return to_e164(phone)
    except PhoneNumberError:
        return None


def _already_submitted(session: Session, call: m.RetentionCall, wrapup: WrapUp,
                       outcomes: dict[str, tuple[bool, bool]]) -> SubmittedCall:
    """The answer the first submit gave, if ``wrapup`` is the call that was written."""
    cancelling = outcomes.get(wrapup.disposition or "", (False, False))[1]
    differences = _differences(session, call, wrapup, cancelling)
    if differences:
        raise CallAlreadySubmitted(
            f"call {wrapup.call_id} was submitted at {call.submitted_at:%Y-%m-%d %H:%M} UTC with a different "
            f"{', '.join(differences)}; a correction is an amendment")
    related: dict[str, uuid.UUID] = {}
    for name, model in (("callback", m.Callback), ("referral", m.Referral), ("survey", m.SurveyResponse)):
        key = session.scalar(sa.select(model.id).where(model.call_id == call.id).limit(1))
        if key is not None:
            related[name] = key
    deadline = None
    if call.confirmation_number and call.customer_id is not None and call.cancellation_requested_at is not None:
        deadline = next_business_day(call.cancellation_requested_at)
    assert call.submitted_at is not None
    return SubmittedCall(call.id, call.submitted_at, call.confirmation_number, deadline, related.get("callback"),
                         related)


def dispositions(session: Session) -> dict[str, tuple[bool, bool]]:
    return {r.code: (r.counts_as_save, r.is_cancellation)
            for r in session.scalars(sa.select(m.Disposition).where(m.Disposition.active))}


def call_values(wrapup: WrapUp, now: datetime, cancelling: bool) -> dict[str, Any]:
    """What a submit writes on the call's row, all but its confirmation number and the time
    it was submitted (set last: a submitted call's row never changes again, and drawing a
    confirmation number reads the table, which flushes what is set so far)."""
    values: dict[str, Any] = {
        "customer_id": wrapup.customer_id, "caller_e164": wrapup.caller_e164, "agent_id": wrapup.agent_id,
        "started_at": wrapup.started_at, "ended_at": wrapup.ended_at or now, "wrapup_ended_at": now,
        "primary_reason_code": wrapup.primary_reason, "secondary_reason_code": wrapup.secondary_reason,
        "competitor": wrapup.competitor.strip() or None}
    captured = captured_values(wrapup)
    if captured:  # else left SQL NULL (a Python None would be stored as JSON null)
        values["captured"] = captured
    values.update({
        "disposition_code": wrapup.disposition, "script_version_id": wrapup.script_version_id,
        "script_path": list(wrapup.script_path), "notes": wrapup.notes.strip() or None,
        "incident_id": wrapup.incident_id,
        "cancellation_requested_at": wrapup.cancellation_requested_at if cancelling else None,
        "cancellation_effective_on": wrapup.cancellation_effective_on if cancelling else None})
    if wrapup.outbound:  # also when the work queue's own mark of the call never got through
        values["direction"] = d.CallDirection.OUTBOUND
    return values


def related_values(wrapup: WrapUp, team_id: uuid.UUID | None, now: datetime,
                   ) -> dict[str, tuple[type[m.ClientRow], dict[str, Any]]]:
    """The rows a submit makes besides the call (by role: callback, referral, survey: the
    model and its column values), keyed by :func:`related_id`; ``team_id``: the agent's team
    (a callback's owning team)."""
    call_id = wrapup.call_id
    rows: dict[str, tuple[type[m.ClientRow], dict[str, Any]]] = {}
    if wrapup.callback is not None:
        rows["callback"] = (m.Callback, {
            "id": related_id(call_id, "callback"), "customer_id": wrapup.customer_id, "call_id": call_id,
            "phone_e164": wrapup.caller_e164, "owner_agent_id": None if wrapup.callback.to_team else wrapup.agent_id,
            "owner_team_id": team_id, "due_at": wrapup.callback.due_at, "note": wrapup.callback.note or None,
            "status": d.CallbackStatus.OPEN, "created_by": wrapup.agent_id})
    if wrapup.referral is not None and wrapup.customer_id is not None:
        rows["referral"] = (m.Referral, {
            "id": related_id(call_id, "referral"), "referring_customer_id": wrapup.customer_id, "call_id": call_id,
            "name": wrapup.referral.name, "phone_e164": to_e164(wrapup.referral.phone),
            "consent": wrapup.referral.consent})
    if wrapup.survey is not None and wrapup.customer_id is not None:
        rows["survey"] = (m.SurveyResponse, {
            "id": related_id(call_id, "survey"), "customer_id": wrapup.customer_id, "call_id": call_id,
            "kind": wrapup.survey.kind, "score": wrapup.survey.score, "comment": wrapup.survey.comment or None,
            "referral_asked": True, "referral_given": wrapup.referral is not None, "responded_at": now})
    return rows


def submitted_event(wrapup: WrapUp, now: datetime) -> dict[str, Any]:
    """The audit row a submit writes itself (its column values)."""
    return {"occurred_at": now, "actor_id": wrapup.agent_id, "action": "call.submitted",
            "entity_type": "retention_call", "entity_id": str(wrapup.call_id),
            "details": {"disposition": wrapup.disposition}}


def submit_call(session: Session, wrapup: WrapUp, now: datetime | None = None,
                confirmation_number: str | None = None) -> SubmittedCall:
    """Write the finished call (the caller commits). Raises ValueError with the problems
    if the wrap-up is not complete.

    Idempotent: a desk that lost the answer to a submit that did commit sends the same
    wrap-up again, and gets the first answer back (same time, same confirmation number),
    with nothing written twice. The same call id with different content raises
    :class:`CallAlreadySubmitted`: corrections go through :func:`amend_call`.

    ``confirmation_number``: the number the desk already told the customer (an offline desk
    draws it when the agent submits, before the server has the call); kept unless another
    call holds it, then a new one is drawn. None: drawn here.
    """
    now = now or datetime.now(UTC)
    outcomes = dispositions(session)
    call = session.get(m.RetentionCall, wrapup.call_id, with_for_update=True)
    if call is not None and call.submitted_at is not None:
        # Checked before validate(): a retry an hour later must not fail on "the callback
        # must be in the future" for a callback that was in the future when it was written.
        return _already_submitted(session, call, wrapup, outcomes)
    problems = validate(wrapup, outcomes, now)
    if problems:
        raise ValueError("; ".join(f"{k}: {v}" for k, v in problems.items()))
    if call is None:
        call = m.RetentionCall(id=wrapup.call_id, agent_id=wrapup.agent_id, started_at=wrapup.started_at)
        try:
            # The row is claimed first, in a savepoint: a retry sent while the first try is
            # still committing (a frozen link) waits here for it, then finds the call.
            with session.begin_nested():
                session.add(call)
        except IntegrityError:
            raced = session.get(m.RetentionCall, wrapup.call_id, with_for_update=True, populate_existing=True)
            if raced is None:
                raise
            if raced.submitted_at is not None:
                return _already_submitted(session, raced, wrapup, outcomes)
            call = raced  # an in-call write (an offer presented) made the row a moment ago
    cancelling = outcomes[wrapup.disposition or ""][1]
    for name, value in call_values(wrapup, now, cancelling).items():
        setattr(call, name, value)
    if not cancelling:
        call.confirmation_number = None
    elif confirmation_number and not session.scalar(sa.select(sa.exists().where(
            m.RetentionCall.confirmation_number == confirmation_number, m.RetentionCall.id != call.id))):
        call.confirmation_number = confirmation_number
    else:
        call.confirmation_number = free_confirmation_number(session)
    call.submitted_at = now
    session.flush()  # the call row first: the rows below point at it
    deadline = None
    if cancelling and wrapup.customer_id is not None and wrapup.cancellation_requested_at is not None:
        deadline = next_business_day(wrapup.cancellation_requested_at)
        session.execute(
            sa.update(m.Subscription)
            .where(m.Subscription.customer_id == wrapup.customer_id,
                   m.Subscription.status.in_([d.SubscriptionStatus.ACTIVE, d.SubscriptionStatus.PAUSED]))
            .values(status=d.SubscriptionStatus.PENDING_CANCELLATION,
                    cancel_requested_at=wrapup.cancellation_requested_at,
                    cancel_effective_on=wrapup.cancellation_effective_on)
        )
    team_id = None
    if wrapup.callback is not None:
        agent = session.get(m.Agent, wrapup.agent_id)
        team_id = agent.team_id if agent else None
    related: dict[str, uuid.UUID] = {}
    for role, (model, values) in related_values(wrapup, team_id, now).items():
        session.add(model(**values))
        session.flush()
        related[role] = values["id"]
    session.add(m.AuditEvent(**submitted_event(wrapup, now)))
    session.flush()
    return SubmittedCall(call.id, now, call.confirmation_number, deadline, related.get("callback"), related)


def amend_call(session: Session, original_id: uuid.UUID, who: uuid.UUID, why: str,
               now: datetime | None = None, **changes: Any) -> m.RetentionCall:
    """A correction: a new row copying the original with ``changes``, pointing back at it."""
    if not why.strip():
        raise ValueError("an amendment needs a reason")
    now = now or datetime.now(UTC)
    original = session.get_one(m.RetentionCall, original_id)
    if original.submitted_at is None:
        raise ValueError("only a submitted call can be amended; edit the wrap-up instead")
    copy = {c.key: getattr(original, c.key) for c in sa.inspect(m.RetentionCall).column_attrs
            if c.key not in ("id", "created_at")}
    unknown = set(changes) - set(copy)
    if unknown:
        raise ValueError(f"no such fields: {', '.join(sorted(unknown))}")
    # The confirmation number stays the original's (it is what the customer was told, and
    # unique); an amendment that turns the call into a cancellation gets a number of its own.
    copy["confirmation_number"] = None
    if "confirmation_number" not in changes and original.confirmation_number is None:
        code = changes.get("disposition_code", original.disposition_code)
        cancelling = bool(code and session.scalar(sa.select(m.Disposition.is_cancellation)
                                                  .where(m.Disposition.code == code)))
        if cancelling:
            copy["confirmation_number"] = free_confirmation_number(session)
    amendment = m.RetentionCall(**{**copy, **changes, "id": new_id(), "amends_call_id": original.id,
                                   "amendment_reason": why.strip(), "submitted_at": now, "agent_id": who})
    session.add(amendment)
    session.add(m.AuditEvent(occurred_at=now, actor_id=who, action="call.amended", entity_type="retention_call",
                             entity_id=str(original.id), details={"amendment": str(amendment.id), "why": why.strip(),
                                                                  "fields": sorted(changes)}))
    session.flush()
    return amendment


# --- callbacks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DueCallback:
    id: uuid.UUID
    due_at: datetime
    customer_name: str
    phone_e164: str | None
    note: str | None
    mine: bool
    overdue: bool


def due_callbacks(session: Session, agent_id: uuid.UUID, team_id: uuid.UUID | None, now: datetime,
                  ahead: timedelta = timedelta(minutes=15)) -> list[DueCallback]:
    """Open callbacks due within ``ahead`` for this agent or their team's queue."""
    c = m.Callback
    owner = c.owner_agent_id == agent_id
    if team_id is not None:
        owner = sa.or_(owner, sa.and_(c.owner_agent_id.is_(None), c.owner_team_id == team_id))
    rows = session.execute(
        sa.select(c.id, c.due_at, c.phone_e164, c.note, c.owner_agent_id, m.Customer.first_name, m.Customer.last_name)
        .outerjoin(m.Customer, m.Customer.id == c.customer_id)
        .where(c.status == d.CallbackStatus.OPEN, c.due_at <= now + ahead, owner)
        .order_by(c.due_at)
    ).all()
    return [DueCallback(r.id, r.due_at, f"{r.first_name or ''} {r.last_name or ''}".strip(), r.phone_e164, r.note,
                        r.owner_agent_id == agent_id, r.due_at < now) for r in rows]


def escalate_overdue_callbacks(session: Session, now: datetime) -> int:
    """Personal callbacks overdue by their team's grace time move to the team's queue."""
    c, team = m.Callback, m.Team
    rows = session.execute(
        sa.select(c.id, c.due_at, team.callback_escalation_minutes)
        .join(team, team.id == c.owner_team_id)
        .where(c.status == d.CallbackStatus.OPEN, c.owner_agent_id.is_not(None))
    ).all()
    late = [r.id for r in rows if r.due_at + timedelta(minutes=r.callback_escalation_minutes) <= now]
    if late:
        session.execute(sa.update(c).where(c.id.in_(late)).values(owner_agent_id=None, escalated_at=now))
    return len(late)


def complete_callback(session: Session, callback_id: uuid.UUID, now: datetime) -> None:
    session.execute(sa.update(m.Callback).where(m.Callback.id == callback_id)
                    .values(status=d.CallbackStatus.DONE, completed_at=now))


def default_effective_date(requested_at: datetime) -> date:
    """The cancellation takes effect the next business day unless the customer asks otherwise."""
    return next_business_day(requested_at).astimezone(ISRAEL).date()
