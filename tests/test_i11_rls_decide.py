"""Approving an offer: the app's own check and the database's, with real people's logins.

An agent asks through the app's services on their own login (row-level security lets every
step through); only a team lead of the agent's team decides, never their own request. The app
says so in plain words; a desk that lied about who is deciding is refused by the database.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import ensure_call
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.offers import approvals
from agent_desk.offers.service import rank_for_call, record_presentation

TODAY = date(2026, 11, 25)


def _customer(engine: sa.Engine) -> uuid.UUID:
    with Session(engine) as session, session.begin():
        ensure_reference_data(session)
        customer = m.Customer(account_number="7", first_name="רחל", last_name="כהן", customer_since=date(2015, 1, 1),
                              value_tier=d.ValueTier.PLATINUM)
        session.add(customer)
        session.flush()
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "BUNDLE-TRIPLE")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("229.90"),
                                   started_on=date(2015, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        return customer.id


def _ask(engine: sa.Engine, customer: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The person on ``engine`` takes a call, presents the best offer above their authority and
    asks their lead: every step through the app's services. Returns (request, presentation)."""
    with Session(engine) as session, session.begin():
        me = session.scalar(sa.text("SELECT desk_me()"))
        call = ensure_call(session, uuid.uuid4(), me, customer, "+972541234567", datetime.now(UTC), "competitor")
        offers = rank_for_call(session, customer, "competitor", me, TODAY)
        above = next(r for r in offers.ranking.offers if not r.within_authority)
        presentation = record_presentation(session, call, customer, above, d.OfferResponse.PENDING_APPROVAL)
        request = approvals.request_approval(session, call, above.offer.id, me, presentation_id=presentation.id,
                                             timeout=timedelta(minutes=5))
        return request.id, presentation.id


def _decide(engine: sa.Engine, request: uuid.UUID, lead: uuid.UUID, approve: bool = True) -> None:
    with Session(engine) as session, session.begin():
        approvals.decide(session, request, lead, approve, "Loyal for 11 years")


def _id(engine: sa.Engine) -> uuid.UUID:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT desk_me()")).scalar()


def test_only_a_lead_of_the_team_decides_and_never_their_own(pg_desk_url, pg_login) -> None:
    owner = make_engine(pg_desk_url)
    customer = _customer(owner)
    people = {
        "dana": make_engine(pg_login(pg_desk_url, "dana", "agent", team="North", authority=100)),
        "lea": make_engine(pg_login(pg_desk_url, "lea", "lead", team="North", authority=100)),
        "sam": make_engine(pg_login(pg_desk_url, "sam", "lead", team="South", authority=100)),
    }
    ids = {name: _id(engine) for name, engine in people.items()}
    try:
        danas, presentation = _ask(people["dana"], customer)
        # the agent, even deciding "as herself", is told no
        with pytest.raises(approvals.NotAllowed, match="only a team lead"):
            _decide(people["dana"], danas, ids["dana"])
        # another team's lead does not even see it
        with pytest.raises(approvals.ApprovalError, match="no such approval request"):
            _decide(people["sam"], danas, ids["sam"])
        # a desk that claims to be the lead is still the agent's login: the database refuses
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            _decide(people["dana"], danas, ids["lea"])
        # the lead of her team decides; the agent sees it, and the offer is hers to make again
        _decide(people["lea"], danas, ids["lea"])
        with Session(people["dana"]) as session:
            state = approvals.approval_state(session, danas)
            assert (state.status, state.decided_by) == (d.ApprovalStatus.APPROVED, "Lea")
            assert session.get(m.OfferPresentation, presentation).response == d.OfferResponse.OFFERED
        # a lead works calls too, and asks; she cannot answer herself
        leas, _ = _ask(people["lea"], customer)
        with pytest.raises(approvals.NotAllowed, match="their own request"):
            _decide(people["lea"], leas, ids["lea"])
        with Session(owner) as session:
            assert session.get(m.ApprovalRequest, leas).status == d.ApprovalStatus.PENDING
    finally:
        for engine in (*people.values(), owner):
            engine.dispose()


def test_the_app_refuses_the_same_on_the_embedded_file(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    migrate.upgrade(engine)
    try:
        with Session(engine) as session, session.begin():
            north, south = m.Team(name="North"), m.Team(name="South")
            session.add_all([north, south])
            session.flush()
            people = {name: m.Agent(username=name, display_name=name.title(), role=role, team_id=team.id)
                      for name, role, team in (("dana", d.Role.AGENT, north), ("lea", d.Role.TEAM_LEAD, north),
                                               ("sam", d.Role.TEAM_LEAD, south), ("ada", d.Role.ADMIN, north))}
            session.add_all(people.values())
            offer = m.Offer(code="o", kind=d.OfferKind.PERCENT_DISCOUNT, title_he="o", title_en="o")
            session.add(offer)
            session.flush()
            requests = {}
            for asker in ("dana", "lea"):
                call = m.RetentionCall(agent_id=people[asker].id, started_at=datetime.now(UTC))
                session.add(call)
                session.flush()
                requests[asker] = approvals.request_approval(session, call.id, offer.id, people[asker].id).id
            ids = {name: agent.id for name, agent in people.items()}
        for decider, request, says in (("dana", "dana", "only a team lead"), ("ada", "dana", "only a team lead"),
                                       ("sam", "dana", "another team"), ("lea", "lea", "their own request")):
            with pytest.raises(approvals.NotAllowed, match=says):
                _decide(engine, requests[request], ids[decider])
        _decide(engine, requests["dana"], ids["lea"], approve=False)
        with Session(engine) as session:
            assert session.get(m.ApprovalRequest, requests["dana"]).status == d.ApprovalStatus.DECLINED
            assert session.get(m.ApprovalRequest, requests["lea"]).status == d.ApprovalStatus.PENDING
    finally:
        engine.dispose()
