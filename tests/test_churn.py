"""The churn score: the arithmetic, the ranking of reasons, and facts from a history."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from agent_desk.churn import ChurnFacts, facts_from_history, score
from agent_desk.data.reference import CHURN_WEIGHTS
from agent_desk.domain import BillingKind, InteractionKind, OfferResponse, SurveyKind

TODAY = date(2026, 11, 25)
WEIGHTS = {factor: weight for factor, weight, _he, _en in CHURN_WEIGHTS}


def at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)


def test_the_score_is_a_logistic_sum_of_weighted_facts() -> None:
    facts = ChurnFacts(complaints_60d=3, tenure_years=2)
    risk = score(facts, {"intercept": -1.0, "complaints_60d": 0.5, "tenure_years": -0.25})
    assert risk.probability == pytest.approx(1 / (1 + math.exp(-(-1.0 + 1.5 - 0.5))))
    assert [c.factor for c in risk.reasons()] == ["complaints_60d"]
    assert risk.contributions[0].log_odds == pytest.approx(1.5)
    assert risk.contributions[-1].log_odds == pytest.approx(-0.5)


def test_a_factor_without_a_weight_counts_for_nothing() -> None:
    assert score(ChurnFacts(late_payments_12m=9), {"intercept": 0.0}).probability == pytest.approx(0.5)


def test_reasons_are_ranked_and_limited() -> None:
    facts = ChurnFacts(commitment_ends_30d=1, complaints_60d=4, contacts_30d=2, low_satisfaction=1)
    reasons = score(facts, WEIGHTS).reasons()
    assert [r.factor for r in reasons] == ["complaints_60d", "commitment_ends_30d", "low_satisfaction"]


@pytest.mark.parametrize(
    ("field", "kwargs", "expected"),
    [
        ("complaints_60d", {"interactions": [(InteractionKind.COMPLAINT, at(10), True),
                                             (InteractionKind.COMPLAINT, at(59), True),
                                             (InteractionKind.COMPLAINT, at(61), True),
                                             (InteractionKind.CALL, at(1), True)]}, 2),
        ("contacts_30d", {"interactions": [(InteractionKind.CALL, at(1), True),
                                           (InteractionKind.OUTREACH, at(2), False),
                                           (InteractionKind.TICKET, at(31), True)]}, 1),
        ("commitment_ends_30d", {"commitment_ends": [TODAY + timedelta(days=12)]}, 1),
        ("commitment_ends_30d", {"commitment_ends": [TODAY + timedelta(days=90)]}, 0),
        ("price_rise_pct", {"billing": [(BillingKind.PRICE_CHANGE, at(20), Decimal("118"), Decimal("100")),
                                        (BillingKind.PRICE_CHANGE, at(200), Decimal("200"), Decimal("100"))]}, 18.0),
        ("late_payments_12m", {"billing": [(BillingKind.LATE_PAYMENT, at(30), Decimal("99"), None),
                                           (BillingKind.LATE_PAYMENT, at(400), Decimal("99"), None)]}, 1),
        ("low_satisfaction", {"surveys": [(SurveyKind.NPS, 9, at(300)), (SurveyKind.CSAT, 2, at(5))]}, 1),
        ("low_satisfaction", {"surveys": [(SurveyKind.CSAT, 1, at(300)), (SurveyKind.NPS, 9, at(5))]}, 0),
        ("offers_accepted_12m", {"offer_responses": [(OfferResponse.ACCEPTED, at(100)),
                                                     (OfferResponse.DECLINED, at(50)),
                                                     (OfferResponse.ACCEPTED, at(500))]}, 1),
        ("tenure_years", {}, 5.0),
    ],
)
def test_facts_from_a_history(field: str, kwargs: dict, expected: float) -> None:
    arguments = {"today": TODAY, "customer_since": date(2021, 11, 25), "commitment_ends": [], "interactions": [],
                 "billing": [], "surveys": [], "offer_responses": []}
    arguments.update(kwargs)
    facts = facts_from_history(**arguments)
    assert getattr(facts, field) == pytest.approx(expected, abs=0.01)


def test_days_to_the_end_of_the_commitment_are_kept_for_the_explanation() -> None:
    facts = facts_from_history(TODAY, date(2020, 1, 1), [TODAY + timedelta(days=12), TODAY + timedelta(days=200)],
                               [], [], [], [])
    assert facts.days_to_commitment_end == 12
