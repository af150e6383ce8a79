"""Outage mode without a screen: what a lead may declare, whom an incident touches, the
goodwill offers first for them, and the repeat callers of an incident (SQLite and PostgreSQL);
on PostgreSQL an agent may not declare and every change reaches a listener."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk import outage
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.offers.service import rank_for_call

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def floor(url: str) -> dict:
    """A team (agent, lead) and three customers: internet in the north, mobile in the north,
    internet in the south; each with a phone."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North desk")
        session.add(team)
        session.flush()
        agent = m.Agent(username="agent", display_name="Dana", role=d.Role.AGENT, team_id=team.id,
                        offer_authority=Decimal(100), offer_kinds=[k.value for k in d.OfferKind])
        lead = m.Agent(username="lead", display_name="Yossi", role=d.Role.TEAM_LEAD, team_id=team.id,
                       offer_authority=Decimal(2000), offer_kinds=[k.value for k in d.OfferKind])
        session.add_all([agent, lead])
        session.flush()
        ids = {"team": team.id, "agent": agent.id, "lead": lead.id}
        for name, first, region, product, phone in (
                ("fibre_north", "רחל", "north", "NET-500", "+972541234567"),
                ("mobile_north", "משה", "north", "MOB-BASIC", "+972541234568"),
                ("fibre_south", "שרה", "south", "NET-500", "+972541234569")):
            customer = m.Customer(account_number=phone[-7:], first_name=first, last_name="כהן", region=region,
                                  customer_since=date(2015, 1, 1), value_tier=d.ValueTier.GOLD)
            session.add(customer)
            session.flush()
            item = session.scalars(sa.select(m.Product).where(m.Product.code == product)).first() or \
                session.scalars(sa.select(m.Product).where(m.Product.category == d.ProductCategory.MOBILE)).first()
            session.add(m.Subscription(customer_id=customer.id, product_id=item.id, monthly_price=Decimal("99.90"),
                                       started_on=date(2015, 1, 1), status=d.SubscriptionStatus.ACTIVE))
            session.add(m.CustomerPhone(customer_id=customer.id, e164=phone, kind=d.PhoneKind.MOBILE, is_primary=True))
            ids[name] = customer.id
    engine.dispose()
    return ids


FIBRE_NORTH = outage.IncidentDraft(
    title_he="תקלת סיבים בצפון", title_en="Fibre outage in the north", products=("internet",),
    regions=("north", "haifa"), talking_points_he="צוותים בשטח, צפי לתיקון עד 18:00.",
    talking_points_en="Crews are on site; a fix is expected by 18:00.", expected_end_at=NOW + timedelta(hours=6))


def test_a_draft_names_the_field_it_cannot_take() -> None:
    with pytest.raises(outage.IncidentError, match="^title:"):
        outage.IncidentDraft("  ", "").checked()
    with pytest.raises(outage.IncidentError, match="^title_en:"):
        outage.IncidentDraft("x", "y" * 201).checked()
    with pytest.raises(outage.IncidentError, match="^regions:"):
        outage.IncidentDraft("x", "x", regions=("atlantis",)).checked()
    with pytest.raises(outage.IncidentError, match="^products:"):
        outage.IncidentDraft("x", "x", products=("gas",)).checked()
    with pytest.raises(outage.IncidentError, match="^expected_end_at:"):
        outage.IncidentDraft("x", "x", expected_end_at=datetime(2026, 11, 25, 18)).checked()
    # One title is enough: the other language shows it too.
    assert outage.IncidentDraft("תקלה", "").checked().title_en == "תקלה"


def test_an_incident_touches_only_its_products_and_areas(any_db_url: str) -> None:
    ids = floor(any_db_url)
    engine = make_engine(any_db_url)
    with Session(engine) as session, session.begin():
        incident_id = outage.declare(session, FIBRE_NORTH, ids["lead"], NOW - timedelta(minutes=5))
    with Session(engine) as session:
        touched = {name for name in ("fibre_north", "mobile_north", "fibre_south")
                   if outage.affecting_customer(session, ids[name], NOW)}
        assert touched == {"fibre_north"}
        # The offers see it: the goodwill credit is eligible, and first, for the affected caller only.
        affected = rank_for_call(session, ids["fibre_north"], "outage", ids["agent"], NOW.date(), now=NOW)
        other = rank_for_call(session, ids["fibre_south"], "outage", ids["agent"], NOW.date(), now=NOW)
        assert affected.open_incident and affected.ranking.offers[0].offer.kind == d.OfferKind.OUTAGE_GOODWILL
        assert not other.open_incident
        assert d.OfferKind.OUTAGE_GOODWILL not in {r.offer.kind for r in other.ranking.offers}
        (shown,) = outage.open_incidents(session, NOW)
        assert shown.id == incident_id and shown.products == ("internet",) and shown.regions == ("north", "haifa")
    # Resolved: nobody is affected any more, and the banner's list is empty.
    with Session(engine) as session, session.begin():
        outage.resolve(session, incident_id, NOW)
    with Session(engine) as session:
        assert outage.open_incidents(session, NOW + timedelta(seconds=1)) == []
        assert outage.affecting_customer(session, ids["fibre_north"], NOW + timedelta(seconds=1)) == []
        assert [i.id for i in outage.recent_incidents(session, NOW)] == [incident_id]
    engine.dispose()


def test_repeat_callers_are_listed_most_contacts_first(any_db_url: str) -> None:
    ids = floor(any_db_url)
    engine = make_engine(any_db_url)
    with Session(engine) as session, session.begin():
        incident_id = outage.declare(session, FIBRE_NORTH, ids["lead"], NOW - timedelta(hours=2))

        def call(customer: str, hours_ago: float, tagged: bool) -> None:
            session.add(m.RetentionCall(customer_id=ids[customer], agent_id=ids["agent"],
                                        started_at=NOW - timedelta(hours=hours_ago),
                                        incident_id=incident_id if tagged else None))

        call("fibre_north", 30, False)  # more than 24 hours ago: does not count
        call("fibre_north", 3, False)  # before the declaration, but within 24 hours
        call("fibre_north", 1, True)
        call("fibre_north", 0.5, True)
        call("mobile_north", 5, False)  # two calls, none about the incident
        call("mobile_north", 1, False)
        call("fibre_south", 1, True)  # one call only
        session.flush()
    with Session(engine) as session:
        (incident,) = outage.open_incidents(session, NOW)
        callers = outage.repeat_callers(session, incident, NOW)
    assert [(c.customer_id, c.contacts) for c in callers] == [(ids["fibre_north"], 3)]
    assert callers[0].phone == "+972541234567" and callers[0].region == "north"
    engine.dispose()


def test_on_postgresql_agents_may_not_declare_and_every_change_is_notified(pg_url: str, pg_person) -> None:
    ids = floor(pg_url)
    agent_engine, lead_engine = make_engine(pg_person(pg_url, "agent")), make_engine(pg_person(pg_url, "lead"))
    heard: list[str] = []
    arrived = threading.Event()

    def changed(payload: str) -> None:
        heard.append(payload)
        arrived.set()

    agent_desk = outage.Outage(sessionmaker(agent_engine), ids["agent"])
    lead_desk = outage.Outage(sessionmaker(lead_engine), ids["lead"])
    listener = agent_desk.listener(changed)
    assert listener is not None
    listener.start()
    try:
        assert listener.listening.wait(10)
        with pytest.raises(sa.exc.ProgrammingError):  # row-level security / grants: not an agent's
            agent_desk.declare(FIBRE_NORTH)
        incident_id = lead_desk.declare(FIBRE_NORTH)
        assert arrived.wait(10) and heard == [str(incident_id)]
        arrived.clear()
        lead_desk.resolve(incident_id)
        assert arrived.wait(10) and heard == [str(incident_id)] * 2
        assert agent_desk.open() == []
    finally:
        listener.stop()
        agent_engine.dispose()
        lead_engine.dispose()
    assert not listener.running
