"""Finding the caller and loading their 360, on SQLite and PostgreSQL, on data the test makes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import migrate, queries
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def _customer(session: Session, account: str, first: str, last: str, first_latin: str, last_latin: str,
              phones: list[str], **extra) -> m.Customer:
    customer = m.Customer(account_number=account, first_name=first, last_name=last, first_name_latin=first_latin,
                          last_name_latin=last_latin, customer_since=date(2019, 3, 1), **extra)
    session.add(customer)
    session.flush()
    for n, phone in enumerate(phones):
        session.add(m.CustomerPhone(customer_id=customer.id, e164=phone, kind=d.PhoneKind.MOBILE, is_primary=n == 0))
    return customer


@pytest.fixture
def world(any_db_url: str, as_person):
    """Four customers: the Cohens share a family number; Yael has a long, rich history. Set up
    as the owner; the tests read as the agent (on PostgreSQL his own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        agent = m.Agent(username="a1", display_name="Agent One", role=d.Role.AGENT)
        session.add(agent)
        yael = _customer(session, "20000001", "יעל", "כֹּהֵן", "Yael", "Cohén", ["+972541234567"],
                         national_id="123456782", email="Yael.Cohen@mail.example", birth_date=date(1990, 6, 1))
        moshe = _customer(session, "20000002", "משה", "כהן", "Moshe", "Cohen", ["+972501112233", "+97236001234"])
        _customer(session, "20000003", "רחל", "כהן", "Rachel", "Cohen", ["+97236001234"])
        _customer(session, "20000004", "דוד", "ג'בארין", "David", "Jabareen", ["+972771234567"],
                  email="david@mail.example", national_id="987654324")
        product = session.query(m.Product).filter_by(code="NET-1000").one()
        session.add(m.Subscription(customer_id=yael.id, product_id=product.id, monthly_price=Decimal("129.90"),
                                   started_on=date(2024, 12, 7), commitment_end=TODAY + timedelta(days=12),
                                   status=d.SubscriptionStatus.ACTIVE))
        session.add(m.BillingEvent(customer_id=yael.id, kind=d.BillingKind.PRICE_CHANGE, occurred_at=ago(20),
                                   amount=Decimal("129.90"), previous_amount=Decimal("109.90")))
        session.add(m.BillingEvent(customer_id=yael.id, kind=d.BillingKind.LATE_PAYMENT, occurred_at=ago(40),
                                   amount=Decimal("129.90"), days_late=12))
        for days, kind, subject, status, pinned in (
            (3, d.InteractionKind.COMPLAINT, "Router drops every evening", d.CaseStatus.OPEN, False),
            (15, d.InteractionKind.COMPLAINT, "Billed twice", d.CaseStatus.RESOLVED, False),
            (200, d.InteractionKind.PURCHASE, "Fibre upgrade", None, False),
            (400, d.InteractionKind.NOTE, "Prefers WhatsApp over calls", None, True),
        ):
            session.add(m.Interaction(customer_id=yael.id, agent_id=agent.id, kind=kind, channel=d.Channel.PHONE,
                                      direction=d.Direction.INBOUND, occurred_at=ago(days), subject=subject,
                                      case_status=status, pinned=pinned))
        session.add(m.SurveyResponse(customer_id=yael.id, kind=d.SurveyKind.NPS, score=3, responded_at=ago(10)))
        # Columns of a CRM import with no field of their own (agent_desk.importer).
        session.add(m.CustomerAttribute(customer_id=yael.id, name="סוג חוזה", kind="text", text_value="חודשי"))
        session.add(m.CustomerAttribute(customer_id=yael.id, name="בעלת עסק", kind="bool", bool_value=True))
        session.add(m.CustomerAttribute(customer_id=yael.id, name="Dependents", kind="number", number_value=2.0))
        offer = m.Offer(code="FIBRE-20", kind=d.OfferKind.PERCENT_DISCOUNT, title_he="20% הנחה", title_en="20% off")
        session.add(offer)
        call = m.RetentionCall(customer_id=yael.id, agent_id=agent.id, started_at=ago(300), ended_at=ago(300),
                               primary_reason_code="too_expensive", disposition_code="saved_with_offer",
                               still_active_90d=True)
        session.add(call)
        session.flush()
        session.add(m.OfferPresentation(call_id=call.id, offer_id=offer.id, customer_id=yael.id,
                                        presented_at=ago(300), response=d.OfferResponse.ACCEPTED))
        ids = {"yael": yael.id, "moshe": moshe.id}
    owner.dispose()
    engine = make_engine(as_person(any_db_url, "a1"))
    yield engine, ids
    engine.dispose()


def _search(engine, text: str) -> set[str]:
    with Session(engine) as session:
        return {match.account_number for match in queries.search_customers(session, text)}


@pytest.mark.parametrize(
    ("typed", "accounts"),
    [
        ("כה", {"20000001", "20000002", "20000003"}),  # final letter ן folded, niqqud ignored
        ("כֹּהֵ", {"20000001", "20000002", "20000003"}),
        ("יעל כה", {"20000001"}),  # every word a prefix of some name
        ("coh", {"20000001", "20000002", "20000003"}),
        ("COHEN RACH", {"20000003"}),
        ("cohén", {"20000001", "20000002", "20000003"}),
        ("ג'בא", {"20000004"}),
        ("גבארין", {"20000004"}),
        ("2000000", {"20000001", "20000002", "20000003", "20000004"}),  # account prefix
        ("20000004", {"20000004"}),
        ("yael.co", {"20000001"}),  # email, any case
        ("DAVID@", {"20000004"}),
        ("6782", {"20000001"}),  # last digits of the national ID
        ("4567", {"20000001", "20000004"}),  # last digits of a phone number
        ("054-123", {"20000001"}),  # the start of a number
        ("03-6001234", {"20000002", "20000003"}),  # a shared landline
        ("+972 54-123-4567", {"20000001"}),
        ("zzz", set()),
    ],
)
def test_search_finds_customers_every_way_they_are_typed(world, typed: str, accounts: set[str]) -> None:
    engine, _ids = world
    assert _search(engine, typed) == accounts


def test_pop_by_phone_shared_unknown_and_invalid(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        shared = queries.pop_caller(session, "03-600-1234", today=TODAY)
        assert {x.account_number for x in shared.matches} == {"20000002", "20000003"}
        assert shared.profile is None and shared.history is None
        unknown = queries.pop_caller(session, "052-9999999", today=TODAY)
        assert unknown.e164 == "+972529999999" and unknown.matches == () and unknown.profile is None
        invalid = queries.pop_caller(session, "12", today=TODAY)
        assert invalid.error and invalid.e164 is None
        header_only = queries.pop_caller(session, "0541234567", today=TODAY, full=False)
        assert header_only.profile.id == ids["yael"] and header_only.history is None


def test_the_360_carries_the_whole_history(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        lookup = queries.pop_caller(session, "+972-054-1234567", today=TODAY)
    profile, history = lookup.profile, lookup.history
    assert profile.id == ids["yael"] and profile.last_name == "כֹּהֵן"
    assert profile.masked_national_id == "•••••6782" and "123456782" not in repr(profile)
    assert profile.monthly_revenue == Decimal("129.90")
    assert profile.age_on(TODAY) == 36
    assert profile.subscriptions[0].commitment_end == TODAY + timedelta(days=12)
    assert profile.lifetime_value(TODAY) > Decimal("1000")

    assert [e.subject for e in history.timeline] == [
        "Router drops every evening", "Billed twice", "Fibre upgrade", "Prefers WhatsApp over calls"]
    assert history.interactions_total == 4
    assert [e.subject for e in history.open_cases] == ["Router drops every evening"]
    assert [e.subject for e in history.pinned] == ["Prefers WhatsApp over calls"]
    rise = next(b for b in history.billing if b.kind == d.BillingKind.PRICE_CHANGE)
    assert rise.change_percent == pytest.approx(18.2, abs=0.1)
    assert [s.score for s in history.surveys] == [3]
    attempt = history.retention[0]
    assert attempt.reason_en == "Too expensive" and attempt.disposition_en == "Saved with an offer"
    assert attempt.still_active_90d is True
    assert [(o.title_en, o.response) for o in attempt.offers] == [("20% off", d.OfferResponse.ACCEPTED)]

    facts = history.risk.facts
    assert facts.complaints_60d == 2 and facts.late_payments_12m == 1 and facts.low_satisfaction == 1
    assert facts.days_to_commitment_end == 12 and facts.offers_accepted_12m == 1
    assert facts.price_rise_pct == pytest.approx(18.2, abs=0.1)
    reasons = {r.factor for r in history.risk.reasons(limit=10)}
    assert {"complaints_60d", "commitment_ends_30d", "low_satisfaction", "price_rise_pct"} <= reasons
    assert history.risk.probability > 0.5
    assert history.risk_labels["complaints_60d"][1] == "Complaints in the last 60 days"
    assert history.attributes == (("Dependents", "number", "2"), ("בעלת עסק", "bool", True),
                                  ("סוג חוזה", "text", "חודשי"))


def test_the_360_shows_imported_details_in_words(world, qtbot) -> None:
    from agent_desk.ui.caller_view import Caller360View

    engine, _ids = world
    with Session(engine) as session:
        lookup = queries.pop_caller(session, "+972-054-1234567", today=TODAY)
    view = Caller360View()
    qtbot.addWidget(view)
    view.show_profile(lookup.profile, TODAY)
    view.show_history(lookup.history)
    model = view.details_model
    shown = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert shown == {"Dependents": "2", "בעלת עסק": "Yes", "סוג חוזה": "חודשי"}
    assert view.tabs.tabText(view.tabs.indexOf(view.details)).endswith("(3)")


def test_loading_a_customer_that_does_not_exist(world) -> None:
    import uuid

    engine, _ids = world
    with Session(engine) as session:
        assert queries.load_caller_360(session, uuid.uuid4()) is None
