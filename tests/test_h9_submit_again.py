"""Issue 9, item 7: a submit whose answer was lost is sent again, and that is a success.

The desk retries a submit when it never heard back; the first one may have committed. The
second must give the agent the same confirmation, write nothing twice, and never turn into
"Not saved: call … was submitted". Only a *different* wrap-up for a submitted call is an
error (corrections are amendments).
"""

from __future__ import annotations

import threading
import time
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
from agent_desk.ids import new_id
from agent_desk.wrapup import (
    CallAlreadySubmitted,
    CallbackRequest,
    ReferralRequest,
    SurveyAnswer,
    WrapUp,
    submit_call,
)

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


@pytest.fixture
def desk(any_db_url: str, as_person):
    """Set up as the owner (``ids["owner"]``, also what counts rows); the tests submit as the
    agent (on PostgreSQL her own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North")
        session.add(team)
        session.flush()
        agent = m.Agent(username="b", display_name="Bat", role=d.Role.AGENT, team_id=team.id)
        customer = m.Customer(account_number="77", first_name="נועה", last_name="לוי", customer_since=date(2019, 3, 1))
        session.add_all([agent, customer])
        session.flush()
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "MOB-PLUS")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("59.90"),
                                   started_on=date(2019, 3, 1), status=d.SubscriptionStatus.ACTIVE))
        ids = {"agent": agent.id, "customer": customer.id, "owner": owner}
    engine = make_engine(as_person(any_db_url, "b"))
    yield engine, ids
    engine.dispose()
    owner.dispose()


def _cancellation(ids) -> WrapUp:
    return WrapUp(
        call_id=new_id(), agent_id=ids["agent"], customer_id=ids["customer"], caller_e164="+972541112233",
        started_at=NOW - timedelta(minutes=11), ended_at=NOW - timedelta(minutes=2), disposition="cancelled",
        primary_reason="moving", notes="Private: moving in with her mother after the divorce",
        script_path=({"step": "listen", "answer": "next", "at": "2026-11-25T10:20:00+00:00"},),
        cancellation_requested_at=NOW - timedelta(minutes=8), cancellation_effective_on=date(2026, 11, 26),
        callback=CallbackRequest(NOW + timedelta(hours=1), note="Check the move"),
    )


def _counts(ids: dict) -> dict[str, int]:
    """Rows written, read as the owner (an agent reads no audit); audit rows are the app's own
    (on PostgreSQL the triggers add theirs, source 'db')."""
    with Session(ids["owner"]) as session:
        counts = {table.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(table))
                  for table in (m.RetentionCall, m.Callback, m.Referral, m.SurveyResponse)}
        counts["audit_events"] = session.scalar(sa.select(sa.func.count()).select_from(m.AuditEvent).where(
            sa.or_(m.AuditEvent.source.is_(None), m.AuditEvent.source == "app")))
        return counts


def test_the_same_wrap_up_sent_again_gets_the_first_answer(desk) -> None:
    engine, ids = desk
    wrapup = _cancellation(ids)
    with Session(engine) as session, session.begin():
        first = submit_call(session, wrapup, NOW)
    written = _counts(ids)
    # The retry comes two hours later: the callback is no longer in the future, and that
    # must not turn a call that was saved into "Not saved".
    with Session(engine) as session, session.begin():
        again = submit_call(session, wrapup, NOW + timedelta(hours=2))
    assert again == first
    assert again.confirmation_number is not None and again.submitted_at == NOW
    assert again.cancellation_deadline == first.cancellation_deadline is not None
    assert _counts(ids) == written == {"retention_calls": 1, "callbacks": 1, "referrals": 0,
                                          "survey_responses": 0, "audit_events": 1}


def test_a_happy_call_with_survey_and_referral_is_idempotent_too(desk) -> None:
    engine, ids = desk
    wrapup = WrapUp(call_id=new_id(), agent_id=ids["agent"], customer_id=ids["customer"],
                    started_at=NOW - timedelta(minutes=4), disposition="saved", primary_reason="too_expensive",
                    referral=ReferralRequest("Dana Levi", "052-7654321", True),
                    survey=SurveyAnswer(d.SurveyKind.NPS, 9, "nice"))
    with Session(engine) as session, session.begin():
        first = submit_call(session, wrapup, NOW)
    with Session(engine) as session, session.begin():
        again = submit_call(session, wrapup, NOW + timedelta(seconds=30))
    assert again == first and set(first.related) == {"referral", "survey"}
    assert first.confirmation_number is None
    assert _counts(ids)["referrals"] == 1 and _counts(ids)["survey_responses"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"disposition": "saved", "cancellation_requested_at": None, "cancellation_effective_on": None},
         "disposition"),
        ({"notes": "Something else entirely"}, "notes"),
        ({"callback": None}, "callback"),
        ({"cancellation_effective_on": date(2026, 12, 1)}, "cancellation_effective_on"),
    ],
)
def test_different_content_for_a_submitted_call_is_still_refused(desk, change, field) -> None:
    engine, ids = desk
    wrapup = _cancellation(ids)
    with Session(engine) as session, session.begin():
        submit_call(session, wrapup, NOW)
    written = _counts(ids)
    other = WrapUp(**{**wrapup.__dict__, **change})
    with Session(engine) as session, session.begin(), pytest.raises(CallAlreadySubmitted) as error:
        submit_call(session, other, NOW + timedelta(minutes=1))
    message = str(error.value)
    assert field in message and "amendment" in message
    # What the agent typed (customer notes) never appears in the message, nor any SQL.
    assert "divorce" not in message and "Something else" not in message and "SELECT" not in message.upper()
    assert _counts(ids) == written


@pytest.mark.postgres
def test_a_retry_racing_the_first_try_waits_for_it_and_gets_its_answer(pg_url: str, pg_person) -> None:
    """The link froze while the first submit was committing; the desk sent it again. The
    retry waits on the call's key, and when the first commits it answers with the first."""
    owner = make_engine(pg_url)
    try:
        migrate.upgrade(owner)
        with Session(owner) as session, session.begin():
            ensure_reference_data(session)
            agent = m.Agent(username="e", display_name="Eli", role=d.Role.AGENT)
            session.add(agent)
            session.flush()
            ids = {"agent": agent.id, "customer": None, "owner": owner}
        engine = make_engine(pg_person(pg_url, "e"))  # the agent's own login submits, twice
        wrapup = WrapUp(**{**_cancellation(ids).__dict__, "customer_id": None})
        first_session = Session(engine)
        first_session.begin()
        first = submit_call(first_session, wrapup, NOW)  # written, not yet committed
        answers: list[object] = []

        def retry() -> None:
            try:
                with Session(engine) as session, session.begin():
                    answers.append(submit_call(session, wrapup, NOW + timedelta(seconds=20)))
            except Exception as exc:  # noqa: BLE001 - the test reports it
                answers.append(exc)

        worker = threading.Thread(target=retry)
        worker.start()
        deadline = time.monotonic() + 20
        with engine.connect() as watcher:  # wait until the retry is blocked on the call's key
            while not watcher.scalar(sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
                assert time.monotonic() < deadline and worker.is_alive(), answers
                watcher.rollback()
        first_session.commit()
        first_session.close()
        worker.join(20)
        assert answers == [first]
        assert _counts(ids)["retention_calls"] == 1
        engine.dispose()
    finally:
        owner.dispose()
