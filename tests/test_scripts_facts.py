"""Script facts from the caller 360, the condition language, and how values are written."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import yaml

from agent_desk import domain as d
from agent_desk.churn import ChurnFacts, ChurnRisk
from agent_desk.data.queries import CustomerHistory, CustomerProfile, SubscriptionLine, TimelineEntry
from agent_desk.scripts import ScriptFacts, facts_from_profile, format_date, format_price
from agent_desk.scripts.conditions import ConditionParser
from agent_desk.scripts.model import Pos
from agent_desk.scripts.variables import render

TODAY = date(2026, 11, 25)


def line(name_en: str, name_he: str, price: str, status=d.SubscriptionStatus.ACTIVE, end: date | None = None,
         category=d.ProductCategory.INTERNET, code: str = "") -> SubscriptionLine:
    return SubscriptionLine(name_he, name_en, category, Decimal(price), date(2020, 1, 1), end, status, code=code)


def profile(*subscriptions: SubscriptionLine) -> CustomerProfile:
    return CustomerProfile(
        id=uuid.uuid4(), account_number="100200", first_name="מיכל", last_name="כהן", first_name_latin="Michal",
        last_name_latin="Cohen", national_id=None, preferred_language="he", birth_date=None, gender=d.Gender.FEMALE,
        customer_since=date(2021, 5, 25), city="חיפה", region="north", family_status=d.FamilyStatus.MARRIED,
        occupation=None, interests=(), email=None, value_tier=d.ValueTier.GOLD, status=d.CustomerStatus.ACTIVE,
        consent_marketing=True, consent_sms=True, consent_email=True, consent_calls=True, phones=(),
        subscriptions=subscriptions,
    )


def history(probability: float, open_case: bool) -> CustomerHistory:
    entry = TimelineEntry(uuid.uuid4(), datetime(2026, 11, 1, tzinfo=UTC), d.InteractionKind.COMPLAINT,
                          d.Channel.PHONE, d.Direction.INBOUND, "slow internet", None,
                          d.CaseStatus.OPEN if open_case else d.CaseStatus.RESOLVED, False)
    return CustomerHistory((entry,), 1, (), (), (), ChurnRisk(probability, (), ChurnFacts()), {})


def test_facts_come_from_the_main_running_subscription() -> None:
    customer = profile(
        line("Mobile Basic 15GB", "סלולר בסיסי 15GB", "29.90", category=d.ProductCategory.MOBILE),
        line("Fibre 1 Gbps", "סיבים 1 ג'יגה", "129.90", end=date(2027, 1, 9), code="NET-1000"),
        line("TV with sports", "טלוויזיה + ספורט", "209.90", status=d.SubscriptionStatus.CANCELLED),
    )
    facts = facts_from_profile(customer, history(0.62, open_case=True), TODAY, "price_rise", "אבי",
                               open_incident=True, competitor="HOT")
    assert (facts.plan, facts.plan_en, facts.plan_he, facts.plan_category) == (
        "NET-1000", "Fibre 1 Gbps", "סיבים 1 ג'יגה", "internet")
    assert facts.monthly_price == Decimal("129.90")
    assert (facts.contract_end, facts.days_to_contract_end) == (date(2027, 1, 9), 45)
    assert facts.tenure_years == pytest.approx(5.5, abs=0.01)
    assert (facts.value_tier, facts.risk, facts.reason) == ("gold", 0.62, "price_rise")
    assert facts.open_incident and facts.open_complaint and facts.competitor == "HOT"
    assert (facts.first_name, facts.first_name_latin, facts.agent_name) == ("מיכל", "Michal", "אבי")


def test_a_line_without_a_code_finds_it_by_the_catalogue_name() -> None:
    facts = facts_from_profile(profile(line("Fibre 500 Mbps", "סיבים 500 מגה", "99.90")), None, TODAY, None, "Avi")
    assert facts.plan == "NET-500"
    renamed = profile(line("Fibre, renamed", "סיבים", "99.90", code="NET-500X"))
    assert facts_from_profile(renamed, None, TODAY, None, "Avi").plan == "NET-500X"


def test_an_ended_commitment_and_a_missing_history_are_unknown_not_wrong() -> None:
    customer = profile(line("Fibre 1 Gbps", "סיבים 1 ג'יגה", "129.90", end=date(2026, 10, 1)))
    facts = facts_from_profile(customer, None, TODAY, None, "Avi")
    assert facts.contract_end is None and facts.days_to_contract_end is None
    assert facts.risk is None and not facts.open_complaint
    nothing = facts_from_profile(profile(), history(0.1, open_case=False), TODAY, "moving", "Avi")
    assert nothing.plan is None and nothing.monthly_price is None and not nothing.open_complaint


@pytest.mark.parametrize(("amount", "language", "written"), [
    ("49.90", "en", "₪49.90"), ("49.90", "he", "49.90 ₪"), ("1234.5", "en", "₪1,234.50"), ("0", "he", "0.00 ₪"),
])
def test_prices_are_written_with_the_shekel_sign_on_the_right_side(amount: str, language: str, written: str) -> None:
    assert format_price(Decimal(amount), language) == written


def test_dates_are_day_month_year() -> None:
    assert format_date(date(2027, 3, 4)) == "04/03/2027"


def test_rendering_marks_each_filled_value_and_leaves_other_braces_alone() -> None:
    facts = ScriptFacts(first_name="Noa", monthly_price=Decimal("59.9"), tenure_years=2.9)
    segments, missing = render("{first_name}: {tenure_years}y at {monthly_price} {not a var} {nope}", facts, "en")
    assert segments == (("Noa", True), (": ", False), ("2", True), ("y at ", False), ("₪59.90", True),
                        (" {not a var} {nope}", False))
    assert missing == ()
    _, missing = render("{competitor} vs {contract_end} vs {competitor}", facts, "he")
    assert missing == ("competitor", "contract_end")


def parse(text: str):
    problems: list[str] = []
    condition = ConditionParser(lambda _node, message: problems.append(message), lambda _node: Pos(1, 1)).parse(
        yaml.compose(text))
    assert problems == []
    return condition


@pytest.mark.parametrize(("condition", "holds"), [
    ("{tenure_years: {gte: 3}}", True),
    ("{tenure_years: {gt: 3.5}}", False),
    ("{value_tier: [gold, platinum]}", True),
    ("{value_tier: {not_in: [gold]}}", False),
    ("{plan: NET-1000}", True),
    ("{risk: {gte: 0.5, lt: 0.8}}", True),
    ("{monthly_price: {lte: 99.9}}", False),
    ("{open_incident: false}", True),
    ("{any: [{reason: competitor}, {reason: price_rise}]}", True),
    ("{all: [{reason: price_rise}, {open_complaint: true}]}", False),
    ("{not: {tenure_years: {lt: 1}}}", True),
    ("{days_to_contract_end: {known: false}}", True),
    ("{days_to_contract_end: {lte: 30}}", False),  # unknown fails every test but known: false
    ("{days_to_contract_end: {ne: 30}}", False),
])
def test_conditions_decide_on_the_facts(condition: str, holds: bool) -> None:
    facts = ScriptFacts(plan="NET-1000", tenure_years=3.2, value_tier="gold", risk=0.6, reason="price_rise",
                        monthly_price=Decimal("129.90"))
    assert parse(condition).holds(facts.condition_values()) is holds
