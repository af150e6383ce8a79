"""The churn-risk score: a small logistic model an agent can read.

risk = sigmoid(intercept + Σ weightᵢ · (factᵢ - baselineᵢ)). Each fact comes from the
customer's own history (:class:`ChurnFacts`). The weights are the hand-set starting values of
the ``churn_weights`` table (baseline 0), or those of a model learned from the desk's history
(``agent_desk.risk``), whose baselines are the average customer's values. Every factor's
contribution (in log-odds) is kept, so the agent sees *why* a customer is at risk, biggest
reason first.

Qt-free and database-free: the caller hands in facts and weights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from agent_desk.domain import BillingKind, InteractionKind, OfferResponse, SurveyKind

INTERCEPT = "intercept"
# A customer whose commitment ends within this many days is free to leave at no cost.
COMMITMENT_WINDOW_DAYS = 30
PRICE_RISE_WINDOW_DAYS = 90
# Commitments further out than this count the same (a three-year contract is rare).
MAX_MONTHS_COMMITTED = 36.0
DAYS_PER_MONTH = 30.44


# Labels of the standard facts (Hebrew, English) for models that carry no labels of their own.
FACT_LABELS: dict[str, tuple[str, str]] = {
    INTERCEPT: ("בסיס", "Baseline"),
    "commitment_ends_30d": ("ההתחייבות מסתיימת בקרוב", "Contract ends soon"),
    "complaints_60d": ("תלונות ב-60 הימים האחרונים", "Complaints in the last 60 days"),
    "contacts_30d": ("פניות ב-30 הימים האחרונים", "Contacts in the last 30 days"),
    "price_rise_pct": ("העלאת מחיר אחרונה (באחוזים)", "Last price rise (percent)"),
    "late_payments_12m": ("איחורים בתשלום בשנה האחרונה", "Late payments in the last year"),
    "low_satisfaction": ("שביעות רצון נמוכה", "Low satisfaction"),
    "tenure_years": ("ותק בשנים", "Tenure in years"),
    "offers_accepted_12m": ("הצעות שימור שהתקבלו בשנה האחרונה", "Save offers taken in the last year"),
    "products": ("מוצרים פעילים", "Live products"),
    "monthly_price": ("תשלום חודשי (₪)", "Monthly bill (₪)"),
    "months_committed": ("חודשי התחייבות שנותרו", "Months of commitment left"),
}


@dataclass(frozen=True)
class ChurnFacts:
    """What the model looks at; field names are the factor names in ``churn_weights``.

    Attributes:
        commitment_ends_30d: 1 when a commitment ends within 30 days (or ended in the last 30).
        complaints_60d: complaints opened in the last 60 days.
        contacts_30d: inbound contacts of any kind in the last 30 days.
        price_rise_pct: the latest price rise in the last 90 days, in percent.
        late_payments_12m: late payments in the last 12 months.
        low_satisfaction: 1 when the latest survey was low (CSAT ≤ 2 or NPS ≤ 6).
        tenure_years: years as a customer (long tenure lowers the risk).
        offers_accepted_12m: save offers accepted in the last 12 months (serial savers churn).
        products: live subscriptions (not cancelled).
        monthly_price: what the live subscriptions cost a month, in ₪.
        months_committed: months until the furthest commitment ends (0 when none is running).
        days_to_commitment_end: for the explanation ("contract ends in 12 days"); not a factor.
    """

    commitment_ends_30d: float = 0.0
    complaints_60d: float = 0.0
    contacts_30d: float = 0.0
    price_rise_pct: float = 0.0
    late_payments_12m: float = 0.0
    low_satisfaction: float = 0.0
    tenure_years: float = 0.0
    offers_accepted_12m: float = 0.0
    products: float = 0.0
    monthly_price: float = 0.0
    months_committed: float = 0.0
    days_to_commitment_end: int | None = None

    @classmethod
    def factor_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name != "days_to_commitment_end")


@dataclass(frozen=True)
class Contribution:
    """One factor's part of the score: ``(value - baseline) * weight`` in log-odds.

    ``baseline`` is 0 for the hand-set weights; a learned model measures numbers from the
    average customer, so "3 complaints" raises the risk only as far as it is above average.
    """

    factor: str
    value: float
    weight: float
    baseline: float = 0.0

    @property
    def log_odds(self) -> float:
        return (self.value - self.baseline) * self.weight


@dataclass(frozen=True)
class ChurnRisk:
    """The score and its explanation."""

    probability: float
    contributions: tuple[Contribution, ...]  # biggest first, the intercept left out
    facts: ChurnFacts
    # A reason must add more than this (a learned model's tiny above-average nudges are no reason).
    min_reason: float = 0.0

    @property
    def percent(self) -> int:
        return round(self.probability * 100)

    def reasons(self, limit: int = 3) -> tuple[Contribution, ...]:
        """The factors that raise the risk most (positive contributions only)."""
        return tuple(c for c in self.contributions if c.log_odds > max(self.min_reason, 0.0))[:limit]


def score(facts: ChurnFacts, weights: Mapping[str, float]) -> ChurnRisk:
    """The logistic score of ``facts``; a factor with no weight counts as zero (and is not listed)."""
    contributions = [
        Contribution(name, float(getattr(facts, name)), float(weights[name]))
        for name in ChurnFacts.factor_names() if name in weights
    ]
    return combine(facts, float(weights.get(INTERCEPT, 0.0)), contributions)


def combine(facts: ChurnFacts, intercept: float, contributions: Iterable[Contribution],
            min_reason: float = 0.0) -> ChurnRisk:
    """The risk that ``intercept`` and ``contributions`` add up to, reasons ranked."""
    ranked = tuple(sorted(contributions, key=lambda c: c.log_odds, reverse=True))
    z = intercept + sum(c.log_odds for c in ranked)
    probability = 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
    return ChurnRisk(probability=probability, contributions=ranked, facts=facts, min_reason=min_reason)


def facts_from_history(
    today: date,
    customer_since: date,
    commitment_ends: Iterable[date],
    interactions: Iterable[tuple[object, datetime, bool]],
    billing: Iterable[tuple[object, datetime, object, object]],
    surveys: Iterable[tuple[object, int, datetime]],
    offer_responses: Iterable[tuple[object, datetime]],
    live_prices: Iterable[object] = (),
) -> ChurnFacts:
    """Facts from plain history tuples, as of ``today``.

    The caller hands in only what happened before the moment the facts are for (training
    cuts a cancelled customer's history at the cancellation request: see ``agent_desk.risk``).

    Args:
        commitment_ends: the commitment end of each live subscription that has one.
        interactions: (kind, occurred_at, inbound) per contact.
        billing: (kind, occurred_at, amount, previous_amount) per billing event.
        surveys: (kind, score, responded_at) per survey answer.
        offer_responses: (response, presented_at) per offer made to the customer.
        live_prices: the monthly price of each live subscription.
    """
    day = lambda ts: ts.date()  # noqa: E731 - tiny local helper
    commitment_ends = list(commitment_ends)
    ends = [e for e in commitment_ends if e >= today - timedelta(days=COMMITMENT_WINDOW_DAYS)]
    days_to_end = min(((e - today).days for e in ends), default=None)
    furthest = max(((e - today).days for e in commitment_ends), default=0)
    prices = [float(p) for p in live_prices]
    complaints = contacts = 0
    for kind, occurred_at, inbound in interactions:
        age = (today - day(occurred_at)).days
        if kind == InteractionKind.COMPLAINT and age <= 60:
            complaints += 1
        if inbound and age <= 30:
            contacts += 1
    late = 0
    rise_pct = 0.0
    latest_rise: datetime | None = None
    for kind, occurred_at, amount, previous in billing:
        age = (today - day(occurred_at)).days
        if kind == BillingKind.LATE_PAYMENT and age <= 365:
            late += 1
        if (kind == BillingKind.PRICE_CHANGE and age <= PRICE_RISE_WINDOW_DAYS and previous
                and amount > previous and (latest_rise is None or occurred_at > latest_rise)):
            latest_rise = occurred_at
            rise_pct = float((amount - previous) / previous * 100)
    latest_survey = max(surveys, key=lambda s: s[2], default=None)
    low = 0.0
    if latest_survey is not None:
        kind, value, _ = latest_survey
        low = 1.0 if (kind == SurveyKind.NPS and value <= 6) or (kind == SurveyKind.CSAT and value <= 2) else 0.0
    accepted = sum(
        1 for response, at in offer_responses
        if response == OfferResponse.ACCEPTED and (today - day(at)).days <= 365
    )
    return ChurnFacts(
        commitment_ends_30d=1.0 if days_to_end is not None and days_to_end <= COMMITMENT_WINDOW_DAYS else 0.0,
        complaints_60d=float(complaints),
        contacts_30d=float(contacts),
        price_rise_pct=round(rise_pct, 1),
        late_payments_12m=float(late),
        low_satisfaction=low,
        tenure_years=round((today - customer_since).days / 365.25, 2),
        offers_accepted_12m=float(accepted),
        products=float(len(prices)),
        monthly_price=round(sum(prices), 2),
        months_committed=round(min(max(furthest, 0) / DAYS_PER_MONTH, MAX_MONTHS_COMMITTED), 2),
        days_to_commitment_end=days_to_end,
    )
