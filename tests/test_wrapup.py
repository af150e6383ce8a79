"""The wrap-up service: validation, the written call, immutability, amendments, callbacks, drafts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.drafts import DraftStore
from agent_desk.ids import new_id, read_confirmation_number
from agent_desk.paths import app_dirs
from agent_desk.wrapup import (
    CallAlreadySubmitted,
    CallbackRequest,
    ReferralRequest,
    SurveyAnswer,
    WrapUp,
    amend_call,
    due_callbacks,
    escalate_overdue_callbacks,
    next_business_day,
    submit_call,
    validate,
)

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # a Wednesday
OUTCOMES = {"saved": (True, False), "cancelled": (False, True), "callback_scheduled": (False, False),
            "not_account_holder": (False, False), "reached": (False, False), "no_answer": (False, False)}


@pytest.mark.parametrize(
    ("asked", "deadline"),
    [
        (datetime(2026, 11, 25, 10, tzinfo=UTC), date(2026, 11, 26)),  # Wednesday -> Thursday
        (datetime(2026, 11, 26, 10, tzinfo=UTC), date(2026, 11, 29)),  # Thursday -> Sunday (no Fri/Sat)
        (datetime(2026, 9, 20, 10, tzinfo=UTC), date(2026, 9, 22)),  # Sunday -> Tuesday: Yom Kippur on Monday
        (datetime(2026, 9, 10, 10, tzinfo=UTC), date(2026, 9, 14)),  # Thursday -> Monday: Rosh Hashanah Sunday
    ],
)
def test_the_cancellation_is_due_within_a_business_day(asked: datetime, deadline: date) -> None:
    assert next_business_day(asked).date() == deadline


def _wrapup(**changes) -> WrapUp:
    base = WrapUp(call_id=new_id(), agent_id=new_id(), started_at=NOW - timedelta(minutes=9),
                  disposition="saved", primary_reason="too_expensive")
    return WrapUp(**{**base.__dict__, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"disposition": None}, "disposition", "Choose how the call ended."),
        ({"primary_reason": None}, "primary_reason", "Choose why"),
        ({"secondary_reason": "too_expensive"}, "secondary_reason", "repeats"),
        ({"primary_reason": "competitor"}, "competitor", "Name the competitor."),
        ({"notes": "x" * 4001}, "notes", "4000"),
        ({"disposition": "cancelled"}, "cancellation_effective_on", "Set the date"),
        ({"disposition": "cancelled", "cancellation_requested_at": NOW,
          "cancellation_effective_on": date(2026, 11, 1)}, "cancellation_effective_on", "past"),
        ({"disposition": "callback_scheduled"}, "callback", "Set when to call back."),
        ({"callback": CallbackRequest(NOW - timedelta(hours=1))}, "callback", "future"),
        ({"referral": ReferralRequest("Dana", "12", True)}, "referral", "not valid"),
        ({"survey": SurveyAnswer(d.SurveyKind.CSAT, 7)}, "survey", "from 1 to 5"),
        ({"disposition": "reached"}, "disposition", "calls we make"),
        ({"outbound": True, "disposition": "cancelled", "primary_reason": None}, "primary_reason", "Choose why"),
    ],
)
def test_each_problem_is_named_next_to_its_field(changes, field, message) -> None:
    problems = validate(_wrapup(**changes), OUTCOMES, NOW)
    assert field in problems and message in problems[field]


def test_a_complete_wrap_up_has_no_problems() -> None:
    assert validate(_wrapup(), OUTCOMES, NOW) == {}
    assert validate(_wrapup(disposition="not_account_holder", primary_reason=None), OUTCOMES, NOW) == {}


@pytest.mark.parametrize("outcome", ["reached", "no_answer", "callback_scheduled", "saved"])
def test_a_call_we_made_needs_no_reason_for_leaving_unless_they_asked_to_leave(outcome: str) -> None:
    callback = CallbackRequest(NOW + timedelta(days=1)) if outcome == "callback_scheduled" else None
    made = _wrapup(outbound=True, disposition=outcome, primary_reason=None, callback=callback)
    assert validate(made, OUTCOMES, NOW) == {}
    # The same outcome on a call the customer made to us still asks why they wanted to leave.
    taken = validate(WrapUp(**{**made.__dict__, "outbound": False}), OUTCOMES, NOW)
    assert "primary_reason" in taken


@pytest.fixture
def desk(any_db_url: str, as_person):
    """(the agent's engine, ids, the owner's engine): set up as the owner, then each test acts
    as the agent (on PostgreSQL their own login) and reads back what the agent may not as the owner."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="South", callback_escalation_minutes=30)
        session.add(team)
        session.flush()
        agent = m.Agent(username="a", display_name="Avi", role=d.Role.AGENT, team_id=team.id)
        lead = m.Agent(username="l", display_name="Lior", role=d.Role.TEAM_LEAD, team_id=team.id)
        session.add(lead)
        customer = m.Customer(account_number="9", first_name="מרים", last_name="חורי", customer_since=date(2018, 1, 1))
        session.add_all([agent, customer])
        session.flush()
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "MOB-PLUS")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("49.90"),
                                   started_on=date(2018, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        ids = {"agent": agent.id, "customer": customer.id, "team": team.id, "lead": lead.id}
    engine = make_engine(as_person(any_db_url, "a"))
    lead_url = as_person(any_db_url, "l")
    ids["lead_url"] = lead_url
    yield engine, ids, owner
    engine.dispose()
    owner.dispose()


def test_a_cancellation_is_written_whole_and_carried_onto_the_subscription(desk) -> None:
    engine, ids, owner = desk
    wrapup = WrapUp(
        call_id=new_id(), agent_id=ids["agent"], customer_id=ids["customer"], caller_e164="+972541234567",
        started_at=NOW - timedelta(minutes=12), ended_at=NOW - timedelta(minutes=1), disposition="cancelled",
        primary_reason="moving", secondary_reason="too_expensive", notes="Moving to Eilat in December.",
        script_path=({"step": "listen", "answer": "next", "at": "2026-11-25T10:20:00+00:00"},),
        cancellation_requested_at=NOW - timedelta(minutes=10), cancellation_effective_on=date(2026, 11, 26),
        callback=CallbackRequest(NOW + timedelta(days=7), note="Check the move went well"),
    )
    with Session(engine) as session, session.begin():
        result = submit_call(session, wrapup, NOW)
    assert read_confirmation_number(result.confirmation_number) == result.confirmation_number
    assert result.cancellation_deadline.date() == date(2026, 11, 26)
    with Session(engine) as session:
        call = session.get(m.RetentionCall, wrapup.call_id)
        subscription = session.scalars(sa.select(m.Subscription)).one()
        callback = session.get(m.Callback, result.callback_id)
    with Session(owner) as session:  # agents do not read the audit trail
        audit = session.scalars(sa.select(m.AuditEvent).where(m.AuditEvent.action == "call.submitted")).one()
    assert call.disposition_code == "cancelled" and call.primary_reason_code == "moving"
    assert call.secondary_reason_code == "too_expensive" and call.notes == "Moving to Eilat in December."
    assert call.confirmation_number == result.confirmation_number and call.submitted_at == NOW
    assert call.cancellation_effective_on == date(2026, 11, 26) and call.script_path[0]["step"] == "listen"
    assert call.ended_at == NOW - timedelta(minutes=1) and call.wrapup_ended_at == NOW
    assert subscription.status == d.SubscriptionStatus.PENDING_CANCELLATION
    assert subscription.cancel_effective_on == date(2026, 11, 26)
    assert callback.owner_agent_id == ids["agent"] and callback.note == "Check the move went well"
    assert audit.action == "call.submitted" and audit.entity_id == str(wrapup.call_id)


def test_an_outbound_survey_call_is_written_with_its_answer_and_referral(desk) -> None:
    """A survey call from the work queue: reached, no reason for leaving, NPS with the
    customer's comment and a referral; written as an outbound call, and as a draft it keeps
    being an outbound call's wrap-up."""
    engine, ids, _owner = desk
    wrapup = WrapUp(
        call_id=new_id(), agent_id=ids["agent"], customer_id=ids["customer"], started_at=NOW - timedelta(minutes=6),
        ended_at=NOW - timedelta(minutes=1), disposition="reached", outbound=True,
        survey=SurveyAnswer(d.SurveyKind.NPS, 10, "The technician came the same day"),
        referral=ReferralRequest("Noa Levi", "052-7654321", True))
    assert WrapUp.from_json(wrapup.to_json()) == wrapup
    with Session(engine) as session, session.begin():
        result = submit_call(session, wrapup, NOW)
    with Session(engine) as session:
        call = session.get_one(m.RetentionCall, wrapup.call_id)
        survey = session.get_one(m.SurveyResponse, result.related["survey"])
        referral = session.get_one(m.Referral, result.related["referral"])
        assert call.direction == d.CallDirection.OUTBOUND and call.primary_reason_code is None
        assert call.disposition_code == "reached" and result.confirmation_number is None
        assert (survey.kind, survey.score, survey.comment) == (d.SurveyKind.NPS, 10, "The technician came the same day")
        assert survey.referral_given and (referral.name, referral.phone_e164) == ("Noa Levi", "+972527654321")


def test_a_submitted_call_is_immutable_and_corrected_by_amendment(desk) -> None:
    engine, ids, _owner = desk
    wrapup = WrapUp(call_id=new_id(), agent_id=ids["agent"], customer_id=ids["customer"],
                    started_at=NOW - timedelta(minutes=5), disposition="saved", primary_reason="too_expensive",
                    referral=ReferralRequest("Dana Levi", "052-7654321", True),
                    survey=SurveyAnswer(d.SurveyKind.NPS, 9))
    with Session(engine) as session, session.begin():
        submit_call(session, wrapup, NOW)
    changed = WrapUp(**{**wrapup.__dict__, "disposition": "saved_with_offer"})
    with Session(engine) as session, session.begin(), pytest.raises(CallAlreadySubmitted, match="disposition"):
        submit_call(session, changed, NOW + timedelta(minutes=1))
    with Session(engine) as session, session.begin():
        with pytest.raises(ValueError, match="reason"):
            amend_call(session, wrapup.call_id, ids["agent"], "  ", disposition_code="saved_with_offer")
        amendment = amend_call(session, wrapup.call_id, ids["agent"], "The customer took the 15% offer",
                               NOW + timedelta(hours=1), disposition_code="saved_with_offer")
        amendment_id = amendment.id
    with Session(engine) as session:
        original = session.get(m.RetentionCall, wrapup.call_id)
        amended = session.get(m.RetentionCall, amendment_id)
        referral = session.scalars(sa.select(m.Referral)).one()
        survey = session.scalars(sa.select(m.SurveyResponse)).one()
    assert original.disposition_code == "saved" and original.amends_call_id is None
    assert amended.disposition_code == "saved_with_offer" and amended.amends_call_id == original.id
    assert amended.amendment_reason == "The customer took the 15% offer"
    assert amended.primary_reason_code == "too_expensive"
    assert referral.phone_e164 == "+972527654321" and referral.consent
    assert survey.score == 9 and survey.referral_given


def test_callbacks_are_due_for_their_owner_and_move_to_the_team_when_overdue(desk) -> None:
    engine, ids, owner = desk
    with Session(owner) as session, session.begin():  # set-up: callbacks the agent scheduled earlier
        session.add(m.Callback(owner_agent_id=ids["agent"], owner_team_id=ids["team"], customer_id=ids["customer"],
                               due_at=NOW - timedelta(minutes=40), status=d.CallbackStatus.OPEN))
        session.add(m.Callback(owner_agent_id=ids["agent"], owner_team_id=ids["team"],
                               due_at=NOW + timedelta(minutes=10), status=d.CallbackStatus.OPEN))
        session.add(m.Callback(owner_agent_id=ids["agent"], owner_team_id=ids["team"],
                               due_at=NOW + timedelta(days=1), status=d.CallbackStatus.OPEN))
    with Session(engine) as session, session.begin():
        due = due_callbacks(session, ids["agent"], ids["team"], NOW)
        assert [(c.overdue, c.mine) for c in due] == [(True, True), (False, True)]
        assert due[0].customer_name == "מרים חורי"
    with Session(owner) as session, session.begin():  # the server's housekeeping (agent-desk jobs run)
        assert escalate_overdue_callbacks(session, NOW) == 1
    with Session(engine) as session:
        escalated = session.scalars(sa.select(m.Callback).where(m.Callback.escalated_at.is_not(None))).one()
        assert escalated.owner_agent_id is None and escalated.owner_team_id == ids["team"]
        assert [c.mine for c in due_callbacks(session, ids["agent"], ids["team"], NOW)] == [False, True]


def test_a_draft_survives_as_a_whole_file() -> None:
    store = DraftStore(app_dirs())
    wrapup = _wrapup(notes="חצי משפט שהוקלד", callback=CallbackRequest(NOW + timedelta(days=1), True, "x"),
                     survey=SurveyAnswer(d.SurveyKind.CSAT, 4))
    store.save(wrapup.to_json())
    assert WrapUp.from_json(store.load()) == wrapup
    assert [p.name for p in store.folder.iterdir()] == ["current.json"]  # no temporary file left behind
    store.path.write_text("{ half a dr", encoding="utf-8")
    assert store.load() is None
    assert store.path.with_suffix(".unreadable.json").exists()  # kept aside, not thrown away
    store.save(json.loads(json.dumps(wrapup.to_json())))
    store.clear()
    assert store.load() is None


def test_the_lead_sees_a_correction_with_the_original(desk) -> None:
    from agent_desk.data.queries import lead_overview

    engine, ids, _owner = desk
    wrapup = WrapUp(call_id=new_id(), agent_id=ids["agent"], customer_id=ids["customer"],
                    started_at=NOW - timedelta(minutes=5), disposition="saved", primary_reason="too_expensive")
    with Session(engine) as session, session.begin():
        submit_call(session, wrapup, NOW)
        amend_call(session, wrapup.call_id, ids["agent"], "Wrong outcome chosen", NOW + timedelta(minutes=1),
                   disposition_code="cancelled")
    lead = make_engine(ids["lead_url"])
    try:
        with Session(lead) as session:
            overview = lead_overview(session, NOW + timedelta(hours=1))
    finally:
        lead.dispose()
    assert [r.disposition_en for r in overview.recent] == ["Saved"]  # the original, once
    assert overview.recent[0].corrected_en == "Cancelled"
    assert overview.recent[0].correction_reason == "Wrong outcome chosen"
