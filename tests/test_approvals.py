"""Team-lead approval: request, live notice, decision, and the timeout fallback, on a real
PostgreSQL with an agent and a lead on two separate connections."""

from __future__ import annotations

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
from agent_desk.offers import approvals
from agent_desk.offers.service import rank_for_call, record_presentation

TODAY = date(2026, 11, 25)


def _floor(url: str) -> dict:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North")
        session.add(team)
        session.flush()
        agent = m.Agent(username="agent", display_name="Dana", role=d.Role.AGENT, team_id=team.id,
                        offer_authority=Decimal(100), offer_kinds=[k.value for k in d.OfferKind])
        lead = m.Agent(username="lead", display_name="Yossi", role=d.Role.TEAM_LEAD, team_id=team.id,
                       offer_authority=Decimal(2000))
        customer = m.Customer(account_number="7", first_name="רחל", last_name="כהן", customer_since=date(2015, 1, 1),
                              value_tier=d.ValueTier.PLATINUM)
        session.add_all([agent, lead, customer])
        session.flush()
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "BUNDLE-TRIPLE")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("229.90"),
                                   started_on=date(2015, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        call = m.RetentionCall(customer_id=customer.id, agent_id=agent.id, started_at=datetime.now(UTC),
                               primary_reason_code="competitor")
        session.add(call)
        session.flush()
        ids = {"team": team.id, "agent": agent.id, "lead": lead.id, "customer": customer.id, "call": call.id}
    engine.dispose()
    return ids


def _ask(agent_engine, ids, timeout: timedelta):
    """The agent ranks, picks the best offer above their authority and asks for approval."""
    with Session(agent_engine) as session, session.begin():
        offers = rank_for_call(session, ids["customer"], "competitor", ids["agent"], TODAY)
        above = next(r for r in offers.ranking.offers if not r.within_authority)
        fallback = offers.ranking.best_within_authority
        presentation = record_presentation(session, ids["call"], ids["customer"], above,
                                           d.OfferResponse.PENDING_APPROVAL)
        request = approvals.request_approval(session, ids["call"], above.offer.id, ids["agent"],
                                             presentation_id=presentation.id, timeout=timeout)
        return request.id, above, fallback


def test_round_trip_between_an_agent_and_a_lead(pg_url: str, pg_person) -> None:
    ids = _floor(pg_url)  # set-up as the owner; then each acts as their own login
    agent_url, lead_url = pg_person(pg_url, "agent"), pg_person(pg_url, "lead")
    agent_engine, lead_engine = make_engine(agent_url), make_engine(lead_url)
    heard: list[tuple[str, str]] = []
    try:
        with approvals.ApprovalListener(lead_url, [approvals.REQUESTS_CHANNEL]) as lead_ears, \
                approvals.ApprovalListener(agent_url, [approvals.DECISIONS_CHANNEL]) as agent_ears:
            asked_at = time.monotonic()
            request_id, above, _fallback = _ask(agent_engine, ids, timedelta(seconds=60))
            heard += lead_ears.wait(timeout=5, stop_after=1)
            assert heard == [(approvals.REQUESTS_CHANNEL, f"{ids['team']}:{request_id}")]
            assert time.monotonic() - asked_at < 5  # live, not the next poll

            with Session(lead_engine) as session:
                pending = approvals.pending_requests(session, ids["team"])
            assert [p.id for p in pending] == [request_id]
            summary = pending[0]
            assert summary.agent_name == "Dana" and summary.customer_name == "רחל כהן"
            assert summary.value_tier == "platinum" and summary.reason_en == "Competitor's offer"
            assert summary.offer_en == above.offer.title_en and summary.cost == above.cost

            with Session(lead_engine) as session, session.begin():
                approvals.decide(session, request_id, ids["lead"], approve=True, reason="Loyal for 11 years")
            assert agent_ears.wait(timeout=5, stop_after=1) == [(approvals.DECISIONS_CHANNEL, str(request_id))]
        with Session(agent_engine) as session:
            state = approvals.approval_state(session, request_id)
            presentation = session.scalars(sa.select(m.OfferPresentation)).one()
        assert state.status == d.ApprovalStatus.APPROVED
        assert state.reason == "Loyal for 11 years" and state.decided_by == "Yossi"
        assert presentation.response == d.OfferResponse.OFFERED  # the agent may now present it
        with Session(lead_engine) as session, session.begin(), pytest.raises(approvals.ApprovalError):
            approvals.decide(session, request_id, ids["lead"], approve=False, reason="changed my mind")
    finally:
        agent_engine.dispose()
        lead_engine.dispose()


def test_an_unanswered_request_expires_and_falls_back(pg_url: str, pg_person) -> None:
    ids = _floor(pg_url)
    agent_url = pg_person(pg_url, "agent")
    engine, lead_engine, server = make_engine(agent_url), make_engine(pg_person(pg_url, "lead")), make_engine(pg_url)
    try:
        with approvals.ApprovalListener(agent_url, [approvals.DECISIONS_CHANNEL]) as agent_ears:
            request_id, above, fallback = _ask(engine, ids, timedelta(seconds=1))
            assert agent_ears.wait(timeout=0.5) == []  # nobody answered yet
            # The server's housekeeping (agent-desk jobs run), the clock past the 1 s timeout.
            with Session(server) as session, session.begin():
                assert approvals.expire_overdue(session, datetime.now(UTC) + timedelta(seconds=1.1)) == [request_id]
            assert agent_ears.wait(timeout=5, stop_after=1) == [(approvals.DECISIONS_CHANNEL, str(request_id))]
        with Session(engine) as session, session.begin():
            assert approvals.approval_state(session, request_id).status == d.ApprovalStatus.EXPIRED
        with Session(lead_engine) as session, session.begin():
            assert approvals.pending_requests(session, ids["team"]) == []
            with pytest.raises(approvals.ApprovalError, match="already expired"):
                approvals.decide(session, request_id, ids["lead"], approve=True, reason="too late")
        assert fallback is not None and fallback.within_authority
        assert fallback.cost <= Decimal(100) and fallback.offer.code != above.offer.code
    finally:
        engine.dispose()
        lead_engine.dispose()
        server.dispose()


def test_a_decline_needs_a_reason_and_is_stored(tmp_path) -> None:
    """SQLite: no notifications, the same rows (clients poll)."""
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    ids = _floor(url)
    engine = make_engine(url)
    request_id, _above, _fallback = _ask(engine, ids, timedelta(seconds=60))
    with Session(engine) as session, session.begin(), pytest.raises(approvals.ApprovalError, match="reason"):
        approvals.decide(session, request_id, ids["lead"], approve=False, reason="  ")
    with Session(engine) as session, session.begin():
        approvals.decide(session, request_id, ids["lead"], approve=False, reason="Over budget this month")
    with Session(engine) as session:
        state = approvals.approval_state(session, request_id)
        presentation = session.scalars(sa.select(m.OfferPresentation)).one()
    assert state.status == d.ApprovalStatus.DECLINED and state.reason == "Over budget this month"
    assert presentation.response == d.OfferResponse.WITHDRAWN
    engine.dispose()


def test_the_listener_needs_postgresql(tmp_path) -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        approvals.ApprovalListener(f"sqlite:///{tmp_path / 'x.sqlite3'}", [approvals.DECISIONS_CHANNEL])
