"""Save offers: the catalog file, eligibility and re-offer limits, ranking on built histories."""

from __future__ import annotations

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
from agent_desk.data.reference import CANCELLATION_REASONS
from agent_desk.offers import catalog
from agent_desk.offers.ranking import AgentAuthority, OfferSpec, SaveCounts, SaveRates, rank
from agent_desk.offers.rules import OfferCustomer, OfferHistory, PastPresentation, failed_rules, validate
from agent_desk.offers.service import (
    check_saves_after_90_days,
    rank_for_call,
    record_presentation,
    refresh_save_rates,
)
from agent_desk.paths import resource

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
REASONS = {code for code, *_ in CANCELLATION_REASONS}


def test_the_starter_catalog_is_valid_and_bilingual() -> None:
    offers = catalog.load(resource("offers/catalog.yaml"), REASONS)
    assert len(offers) >= 15
    assert len({o.kind for o in offers}) >= 11
    assert all(o.title_he and o.title_en and o.talking_points_he and o.talking_points_en for o in offers)


HEAD = "offers:\n  - code: X\n    kind: pause\n    title: {he: a, en: b}\n"


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("offers:\n  - code: X\n    kind: bribe\n    title: {he: a, en: b}\n", "offers[0] (X).kind: 'bribe'"),
        ("offers:\n  - code: X\n    kind: pause\n    title: {he: a}\n", "offers[0] (X).title: needs both he and en"),
        (HEAD + "    eligibility: {min_tenure: 1}\n",
         "offers[0] (X).eligibility.min_tenure: unknown rule"),
        (HEAD + "    eligibility: {value_tiers: [diamond]}\n",
         "unknown value tier diamond"),
        (HEAD + "    eligibility: {reasons: [boredom]}\n",
         "unknown cancellation reason boredom"),
        (HEAD + "    eligibility: {max_accepted_12m: -1}\n",
         "must be a number of zero or more"),
        ("offers:\n  - code: X\n    kind: pause\n    title: {he: a, en: b}\n  - code: X\n    kind: pause\n"
         "    title: {he: a, en: b}\n", "the code appears twice"),
        (HEAD + "    cost: {percent: 5}\n", ".cost: use only"),
        (HEAD + "    talking_points: {he: 'שלום {nickname}', en: hi}\n",
         "talking_points.he: unknown variable nickname"),
        (HEAD + "    talking_points: {he: 'אני יכול/ה להוריד', en: hi}\n",
         "talking_points.he: slash form 'יכול/ה'"),
        ("offers: [\n", "line 2"),
        ("version: 1\n", "needs a list under 'offers:'"),
    ],
)
def test_a_broken_catalog_names_each_problem(snippet: str, message: str) -> None:
    with pytest.raises(catalog.CatalogError) as error:
        catalog.parse(snippet, "mine.yaml", REASONS)
    assert "mine.yaml" in str(error.value)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def _customer(**overrides) -> OfferCustomer:
    values = dict(tenure_years=3.0, monthly_revenue=Decimal("150"), plans=frozenset({"NET-500"}),
                  categories=frozenset({"internet"}), value_tier="gold", region="north", days_to_contract_end=20,
                  open_incident=False)
    values.update(overrides)
    return OfferCustomer(**values)


def _past(code: str, days_ago: int, accepted: bool) -> PastPresentation:
    return PastPresentation(code, NOW - timedelta(days=days_ago), accepted)


@pytest.mark.parametrize(
    ("rules", "customer", "history", "reason", "failed"),
    [
        ({"min_tenure_years": 2}, {}, [], None, []),
        ({"min_tenure_years": 5}, {}, [], None, ["min_tenure_years"]),
        ({"min_monthly_revenue": 200}, {}, [], None, ["min_monthly_revenue"]),
        ({"plans": ["NET-500", "NET-100"]}, {}, [], None, []),
        ({"plans": ["TV-BASIC"]}, {}, [], None, ["plans"]),
        ({"categories": ["tv"]}, {}, [], None, ["categories"]),
        ({"value_tiers": ["gold", "platinum"]}, {"value_tier": "silver"}, [], None, ["value_tiers"]),
        ({"reasons": ["competitor"]}, {}, [], "competitor", []),
        ({"reasons": ["competitor"]}, {}, [], "moving", ["reasons"]),
        ({"regions": ["south"]}, {}, [], None, ["regions"]),
        ({"open_incident": True}, {"open_incident": True}, [], None, []),
        ({"open_incident": True}, {}, [], None, ["open_incident"]),
        ({"max_days_to_contract_end": 30}, {}, [], None, []),
        ({"max_days_to_contract_end": 30}, {"days_to_contract_end": None}, [], None, ["max_days_to_contract_end"]),
        # re-offer limits
        ({"not_offered_within_days": 90}, {}, [("OFFER", 30, False)], None, ["not_offered_within_days"]),
        ({"not_offered_within_days": 90}, {}, [("OFFER", 120, False)], None, []),
        ({"not_offered_within_days": 90}, {}, [("OTHER", 5, False)], None, []),
        ({"max_accepted_12m": 2}, {}, [("A", 10, True), ("B", 200, True)], None, ["max_accepted_12m"]),
        ({"max_accepted_12m": 2}, {}, [("A", 10, True), ("B", 400, True)], None, []),
        ({"never_same_twice_in_row": True}, {}, [("OFFER", 400, False), ("X", 500, False)], None,
         ["never_same_twice_in_row"]),
        ({"never_same_twice_in_row": True}, {}, [("X", 10, False), ("OFFER", 400, False)], None, []),
    ],
)
def test_eligibility_and_re_offer_limits(rules, customer, history, reason, failed) -> None:
    past = OfferHistory(tuple(_past(*h) for h in history))
    assert validate(rules) == []
    assert failed_rules(rules, "OFFER", _customer(**customer), past, reason, TODAY) == failed


def _spec(code: str, cost: dict, authority: int = 0, rules: dict | None = None,
          kind: d.OfferKind = d.OfferKind.PERCENT_DISCOUNT) -> OfferSpec:
    return OfferSpec(code, code, kind, code, code, None, None, cost, Decimal(authority), rules or {})


def test_ranking_by_expected_net_value_with_the_numbers_behind_it() -> None:
    offers = [
        _spec("CHEAP-WEAK", {"one_off": 20}),
        _spec("PRICEY-STRONG", {"percent_of_monthly": 50, "months": 6}, authority=400),
        _spec("NOT-FOR-THIS", {"one_off": 1}, rules={"reasons": ["moving"]}),
    ]
    rates = SaveRates.from_cells({
        ("CHEAP-WEAK", "competitor", "gold"): SaveCounts(200, 20),     # 10 % with plenty of evidence
        ("PRICEY-STRONG", "competitor", "gold"): SaveCounts(200, 150),  # 75 %
    })
    ranking = rank(offers, _customer(), OfferHistory(), "competitor", rates, AgentAuthority(Decimal(250)), TODAY)
    assert [r.offer.code for r in ranking.offers] == ["PRICEY-STRONG", "CHEAP-WEAK"]
    best = ranking.offers[0]
    assert best.cost == Decimal("450.00")  # 50 % of ₪150 for six months
    assert best.retained_revenue == Decimal("1800.00")  # ₪150 × 12 months
    assert best.expected_value == (Decimal(str(round(best.p_save, 6))) * Decimal(1800) - Decimal(450)).quantize(
        Decimal("0.01"))
    assert 0.7 < best.p_save < 0.75 and best.evidence == 200
    assert not best.within_authority  # ₪450 is above the agent's ₪250
    assert ranking.best_within_authority.offer.code == "CHEAP-WEAK"
    assert [(o.code, why) for o, why in ranking.ineligible] == [("NOT-FOR-THIS", ("reasons",))]


def test_thin_data_is_pulled_toward_the_prior() -> None:
    lucky = SaveRates.from_cells({("A", "price", "gold"): SaveCounts(2, 2),
                                  ("B", "price", "gold"): SaveCounts(100, 40)})
    p_lucky, evidence = lucky.estimate("A", "price", "gold")
    assert evidence == 2
    assert p_lucky < 0.6  # two out of two is not 100 %
    p_unknown, _ = lucky.estimate("C", "price", "gold")
    desk = (42 + 20 * 0.3) / (102 + 20)
    assert p_unknown == pytest.approx(desk, abs=0.01)


def test_kinds_filter_and_validity_dates() -> None:
    offers = [_spec("A", {"one_off": 10}, kind=d.OfferKind.PAUSE),
              OfferSpec("B", "B", d.OfferKind.FREE_MONTHS, "B", "B", None, None, {"one_off": 5}, Decimal(0), {},
                        valid_to=TODAY - timedelta(days=1))]
    ranking = rank(offers, _customer(), OfferHistory(), None, SaveRates(), AgentAuthority(Decimal(100)), TODAY,
                   kinds=["pause", "free_months"])
    assert [r.offer.code for r in ranking.offers] == ["A"]


@pytest.fixture
def desk(tmp_path):
    """A database with the starter catalog, an agent, and a gold customer on a call."""
    engine = make_engine(f"sqlite:///{tmp_path / 'offers.sqlite3'}")
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        ensure_reference_data(session)
        agent = m.Agent(username="a", display_name="A", role=d.Role.AGENT, offer_authority=Decimal(250),
                        offer_kinds=[k.value for k in d.OfferKind])
        customer = m.Customer(account_number="1", first_name="נועה", last_name="לוי", customer_since=date(2020, 1, 1),
                              value_tier=d.ValueTier.GOLD, region="north")
        session.add_all([agent, customer])
        session.flush()
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "NET-500")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("150"),
                                   started_on=date(2020, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        call = m.RetentionCall(customer_id=customer.id, agent_id=agent.id, started_at=NOW,
                               primary_reason_code="competitor")
        session.add(call)
        session.flush()
        ids = {"agent": agent.id, "customer": customer.id, "call": call.id}
    yield engine, ids
    engine.dispose()


def _history(session: Session, ids: dict, code: str, presented: int, saved: int, reason: str = "competitor") -> None:
    """Earlier calls of other gold customers with this offer and their outcomes."""
    offer = session.scalars(sa.select(m.Offer).where(m.Offer.code == code)).one()
    for n in range(presented):
        other = m.Customer(account_number=f"{code}-{n}", first_name="x", last_name="y", customer_since=date(2021, 1, 1),
                           value_tier=d.ValueTier.GOLD)
        session.add(other)
        session.flush()
        call = m.RetentionCall(customer_id=other.id, agent_id=ids["agent"], started_at=NOW - timedelta(days=200),
                               primary_reason_code=reason)
        session.add(call)
        session.flush()
        session.add(m.OfferPresentation(call_id=call.id, offer_id=offer.id, customer_id=other.id,
                                        presented_at=NOW - timedelta(days=200),
                                        response=d.OfferResponse.ACCEPTED if n < saved else d.OfferResponse.DECLINED))


def test_ranking_learns_from_the_desks_own_history(desk) -> None:
    engine, ids = desk
    with Session(engine) as session, session.begin():
        _history(session, ids, "DISC-15-6M", presented=40, saved=4)
        _history(session, ids, "FIXED-30-6M", presented=40, saved=32)
        assert refresh_save_rates(session, NOW) == 2
    with Session(engine) as session:
        offers = rank_for_call(session, ids["customer"], "competitor", ids["agent"], TODAY, now=NOW)
    codes = [r.offer.code for r in offers.ranking.offers]
    assert codes.index("FIXED-30-6M") < codes.index("DISC-15-6M")
    fixed = next(r for r in offers.ranking.offers if r.offer.code == "FIXED-30-6M")
    assert fixed.evidence == 40 and fixed.p_save > 0.6
    assert fixed.cost == Decimal("180.00") and fixed.within_authority
    assert all("competitor" in r.offer.eligibility.get("reasons", ["competitor"]) for r in offers.ranking.offers)
    ineligible = {o.code for o, _why in offers.ranking.ineligible}
    assert "HARDSHIP-PLAN" in ineligible and "OUTAGE-CREDIT" in ineligible


def test_an_offer_made_on_this_call_counts_against_re_offering(desk) -> None:
    engine, ids = desk
    with Session(engine) as session, session.begin():
        first = rank_for_call(session, ids["customer"], "competitor", ids["agent"], TODAY, now=NOW)
        top = first.ranking.offers[0]
        record_presentation(session, ids["call"], ids["customer"], top, d.OfferResponse.DECLINED, NOW)
    with Session(engine) as session:
        again = rank_for_call(session, ids["customer"], "competitor", ids["agent"], TODAY, now=NOW)
        stored = session.scalars(sa.select(m.OfferPresentation)).one()
    assert top.offer.code not in [r.offer.code for r in again.ranking.offers]
    assert stored.response == d.OfferResponse.DECLINED and stored.cost == top.cost
    assert stored.p_save == pytest.approx(top.p_save)


def test_an_outage_opens_the_goodwill_offer(desk) -> None:
    engine, ids = desk
    with Session(engine) as session, session.begin():
        session.add(m.Incident(title_he="תקלה", title_en="Outage", severity=d.IncidentSeverity.MAJOR,
                               product_category=d.ProductCategory.INTERNET, started_at=NOW - timedelta(hours=3)))
    with Session(engine) as session:
        offers = rank_for_call(session, ids["customer"], "technical_fault", ids["agent"], TODAY, now=NOW)
    assert offers.open_incident
    assert "OUTAGE-CREDIT" in [r.offer.code for r in offers.ranking.offers]


def test_saves_are_checked_ninety_days_later(desk) -> None:
    engine, ids = desk
    with Session(engine) as session, session.begin():
        offer = session.scalars(sa.select(m.Offer).where(m.Offer.code == "FREE-1M")).one()
        session.add(m.OfferPresentation(call_id=ids["call"], offer_id=offer.id, customer_id=ids["customer"],
                                        presented_at=NOW - timedelta(days=100), response=d.OfferResponse.ACCEPTED))
        young = m.OfferPresentation(call_id=ids["call"], offer_id=offer.id, customer_id=ids["customer"],
                                    presented_at=NOW - timedelta(days=10), response=d.OfferResponse.ACCEPTED)
        session.add(young)
    with Session(engine) as session, session.begin():
        assert check_saves_after_90_days(session, TODAY) == 1
    with Session(engine) as session:
        results = {p.presented_at.date(): p.still_active_90d for p in session.scalars(sa.select(m.OfferPresentation))}
    assert results == {TODAY - timedelta(days=100): True, TODAY - timedelta(days=10): None}


def test_import_updates_by_code_and_export_round_trips(desk) -> None:
    engine, _ids = desk
    with Session(engine) as session, session.begin():
        before = session.scalar(sa.select(sa.func.count()).select_from(m.Offer))
        text = catalog.export_offers(session)
        again = catalog.parse(text, "export", REASONS)
        assert catalog.import_offers(session, again) == (0, before)
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Offer)) == before
        original = {o.code: o for o in catalog.load(resource("offers/catalog.yaml"), REASONS)}
        for offer in again:
            assert offer.eligibility == original[offer.code].eligibility
            assert offer.cost == original[offer.code].cost
            assert offer.title_he == original[offer.code].title_he


def test_a_customer_with_nothing_left_still_gets_an_answer(desk) -> None:
    """A customer whose subscriptions are all cancelled: no crash, no offers tied to products."""
    engine, ids = desk
    with Session(engine) as session, session.begin():
        session.execute(sa.update(m.Subscription).values(status=d.SubscriptionStatus.CANCELLED))
        session.add(m.Incident(title_he="תקלה", title_en="Outage", severity=d.IncidentSeverity.MINOR,
                               product_category=d.ProductCategory.TV, started_at=NOW - timedelta(hours=1)))
    with Session(engine) as session:
        offers = rank_for_call(session, ids["customer"], "moving", ids["agent"], TODAY, now=NOW)
    assert not offers.open_incident
    assert all(r.cost == 0 or r.offer.cost_model.get("percent_of_monthly") is None for r in offers.ranking.offers)
