"""The call object (issue 10, item 1): one owner of the call's facts, every in-call write
stamped with the desk's clock when the agent acted, and idempotent by its own key: a
retried write stores nothing twice and does not fail, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.call import Call, Desk
from agent_desk.calls import DeskUser
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.offers import approvals
from agent_desk.offers.service import rank_for_call

TODAY = date(2026, 11, 25)
DESK_TIME = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # the desk's clock, well before the write


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now


@pytest.fixture
def floor(any_db_url: str, as_person) -> Iterator[tuple[sessionmaker[Session], DeskUser, dict]]:
    """A team with an agent (Dana) and a lead (Yossi Levi), and a platinum customer, set up as
    the owner (``ids["owner"]``); the desk acts as Dana (on PostgreSQL her own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North")
        session.add(team)
        session.flush()
        agent = m.Agent(username="agent", display_name="Dana", role=d.Role.AGENT, team_id=team.id,
                        offer_authority=Decimal(100), offer_kinds=[k.value for k in d.OfferKind])
        lead = m.Agent(username="lead", display_name="Yossi Levi", role=d.Role.TEAM_LEAD, team_id=team.id,
                       offer_authority=Decimal(2000))
        customer = m.Customer(account_number="7", first_name="רחל", last_name="כהן",
                              customer_since=date(2015, 1, 1), value_tier=d.ValueTier.PLATINUM)
        session.add_all([agent, lead, customer])
        session.flush()
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "BUNDLE-TRIPLE")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("229.90"),
                                   started_on=date(2015, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        user = DeskUser(agent.id, agent.username, agent.display_name, agent.role, team.id, agent.offer_authority)
        ids = {"customer": customer.id, "lead": lead.id, "owner": sessionmaker(owner)}
    engine = make_engine(as_person(any_db_url, "agent"))
    try:
        yield sessionmaker(engine), user, ids
    finally:
        engine.dispose()
        owner.dispose()


def _authority(ids: dict, user: DeskUser, amount: int) -> None:
    """An admin's change (set-up, as the owner): agents cannot change anyone's authority."""
    with ids["owner"].begin() as session:
        session.execute(sa.update(m.Agent).where(m.Agent.id == user.id).values(offer_authority=amount))


def _ranked(factory, user, ids, within: bool = True):
    with factory() as session:
        offers = rank_for_call(session, ids["customer"], "competitor", user.id, TODAY)
    return next(r for r in offers.ranking.offers if r.within_authority == within)


def _presenting(floor) -> tuple[Desk, Call, object]:
    """Dana (authority enough) on a call about a competitor, presenting the best offer (not
    stored yet): the desk, the call and the presentation's write."""
    factory, user, ids = floor
    _authority(ids, user, 10_000)
    desk = Desk(factory, user)
    call = Call(user, customer_id=ids["customer"], clock=FakeClock(DESK_TIME))
    call.set_reason("competitor")
    return desk, call, call.present(_ranked(factory, user, ids))


def _count(factory, model) -> int:
    with factory() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_retried_presentation_and_answer_store_each_fact_once(floor) -> None:
    factory, user, ids = floor
    _authority(ids, user, 10_000)
    desk = Desk(factory, user)
    call = Call(user, customer_id=ids["customer"], customer_name="רחל כהן", clock=FakeClock(DESK_TIME))
    call.set_reason("competitor")
    ranked = _ranked(factory, user, ids)
    presented = call.present(ranked)
    assert desk.run(presented) == presented.key
    assert desk.run(presented) == presented.key  # the answer was lost; the desk tries again
    accepted = call.respond(presented.key, d.OfferResponse.ACCEPTED)
    for _ in range(3):
        desk.run(accepted)
    desk.run(presented)  # a late retry of the presentation does not undo the answer
    assert _count(factory, m.OfferPresentation) == 1 and _count(factory, m.RetentionCall) == 1
    with factory() as session:
        row = session.get_one(m.OfferPresentation, presented.key)
        stored_call = session.get_one(m.RetentionCall, call.id)
        assert row.response == d.OfferResponse.ACCEPTED
        # The desk's moments, not the server's: stamped when the agent acted.
        assert row.presented_at.replace(tzinfo=UTC) == presented.at
        assert row.responded_at.replace(tzinfo=UTC) == accepted.at
        assert stored_call.primary_reason_code == "competitor"
        assert stored_call.started_at.replace(tzinfo=UTC) == call.started_at
    assert call.accepted_offer is not None and call.proposed_outcome == "saved_with_offer"


def test_a_retried_approval_request_is_one_request(floor) -> None:
    factory, user, ids = floor
    _authority(ids, user, 0)
    desk = Desk(factory, user)
    call = Call(user, customer_id=ids["customer"], clock=FakeClock(DESK_TIME))
    call.set_reason("competitor")
    ranked = _ranked(factory, user, ids, within=False)
    asked = call.ask_lead(ranked)
    first = desk.run(asked)
    again = desk.run(asked)
    assert first == again and first.lead_name == "Yossi Levi"
    assert first.expires_at.replace(tzinfo=UTC) == asked.at + approvals.DEFAULT_TIMEOUT
    assert _count(factory, m.ApprovalRequest) == 1 and _count(factory, m.OfferPresentation) == 1
    key = call.offers[0].key
    call.lead_asked(key, first)
    assert call.offers[0].lead_name == "Yossi Levi" and call.offers[0].state == "pending"


def test_two_attempts_racing_store_one_row_and_neither_fails(floor) -> None:
    """A retry that starts while the first attempt is still in flight (the first answer was
    slow, not lost): both succeed, one row."""
    factory, user, ids = floor
    desk, call, presented = _presenting(floor)
    desk.run(Call(user, call_id=call.id, customer_id=ids["customer"]).present(_ranked(factory, user, ids)))
    results, errors = [], []

    def attempt() -> None:
        try:
            results.append(desk.run(presented))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [presented.key] * 3
    assert _count(factory, m.OfferPresentation) == 2  # the other offer's row, and this one once


def test_the_call_proposes_the_wrapup_from_what_it_recorded() -> None:
    user = DeskUser(__import__("uuid").uuid4(), "a", "Dana", d.Role.AGENT, None, Decimal(0))
    call = Call(user, customer_name="Rachel", clock=FakeClock(DESK_TIME))
    seen: list[str] = []
    call.observe(seen.append)
    call.set_reason("price")
    call.set_reason("price")  # no change, no news
    call.set_reason("competitor")
    call.capture("competitor", " Cellcom ")
    call.walked([{"step": "listen", "answer": "next"}], None, None)
    proposal = call.proposed_wrapup()
    assert proposal.primary_reason == "competitor" and proposal.competitor == "Cellcom"
    assert proposal.disposition is None
    call.walked([{"step": "listen"}, {"step": "downgraded"}], None, "downgraded")
    assert call.proposed_wrapup().disposition == "downgraded"
    assert [code for code, _at in call.reason_changes] == ["price", "competitor"]
    assert seen == ["reason", "reason", "captures", "script", "script"]


def test_the_answer_is_a_write_of_its_own_and_a_retry_stores_nothing_twice(floor, any_db_url: str) -> None:
    """The offer and the customer's answer are two writes with two keys (the audit names
    each); the answer sent again (its reply lost) changes nothing and does not fail."""
    factory, user, ids = floor
    desk, call, presented = _presenting(floor)
    desk.run(presented)
    declined = call.respond(presented.key, d.OfferResponse.DECLINED)
    assert declined.key != presented.key
    assert declined.payload["presentation_id"] == str(presented.key)
    assert declined.payload["answer_id"] == str(declined.key)
    assert desk.run(declined) == presented.key
    with factory() as session:
        answered_at = session.get_one(m.OfferPresentation, presented.key).responded_at
    for _ in range(2):
        assert desk.run(declined) == presented.key
    assert _count(factory, m.OfferPresentation) == 1
    with factory() as session:
        row = session.get_one(m.OfferPresentation, presented.key)
        assert row.response == d.OfferResponse.DECLINED and row.responded_at == answered_at
    if any_db_url.startswith("postgresql"):
        with ids["owner"]() as session:
            audit = session.execute(sa.select(m.AuditEvent.action, m.AuditEvent.mutation_id).where(
                m.AuditEvent.entity_type == "offer_presentations",
                m.AuditEvent.entity_id == str(presented.key)).order_by(m.AuditEvent.occurred_at)).all()
        # One row for the offer, one for its answer; the retries changed nothing to audit.
        assert [(action, key) for action, key in audit] == [("insert", str(presented.key)),
                                                             ("update", str(declined.key))]
