"""Ranking save offers by expected net value, with the numbers behind each rank.

    expected value = P(save | offer, reason, segment) × retained revenue over the horizon − cost

* P is learned from the desk's own presentations (``offer_save_rates`` counts), smoothed
  toward the offer's overall rate and that toward the whole desk's rate, so an offer with
  little history gets a cautious, not a wild, estimate (a beta-binomial shrinkage).
* Retained revenue is the customer's monthly revenue over the horizon (12 months).
* Cost is what the offer costs the company for this customer (its cost model).
* An offer above the agent's authority is still ranked, marked "needs approval"; the
  best offer within authority is the fallback when a lead does not answer in time.

Qt-free and database-free: :mod:`agent_desk.offers.service` loads the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from agent_desk.domain import OfferKind
from agent_desk.offers.rules import OfferCustomer, OfferHistory, failed_rules

HORIZON_MONTHS = 12
# How many presentations the prior is worth: with fewer than this, the prior dominates.
PRIOR_STRENGTH = 20.0
DESK_PRIOR = 0.3  # before the desk has any history at all
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class OfferSpec:
    """An offer from the catalog, as the ranking needs it."""

    id: Any
    code: str
    kind: OfferKind
    title_he: str
    title_en: str
    talking_points_he: str | None
    talking_points_en: str | None
    cost_model: Mapping[str, float]
    required_authority: Decimal
    eligibility: Mapping[str, Any]
    valid_from: date | None = None
    valid_to: date | None = None
    active: bool = True

    def cost_for(self, monthly_revenue: Decimal) -> Decimal:
        """What the offer costs the company over its duration for this customer."""
        c = self.cost_model
        months = Decimal(str(c.get("months", 0)))
        monthly = monthly_revenue * Decimal(str(c.get("percent_of_monthly", 0))) / 100 + Decimal(
            str(c.get("monthly", 0)))
        return (monthly * months + Decimal(str(c.get("one_off", 0)))).quantize(_CENT)

    def valid_on(self, today: date) -> bool:
        return self.active and (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or today <= self.valid_to)


@dataclass(frozen=True)
class AgentAuthority:
    limit: Decimal
    kinds: frozenset[str] = field(default_factory=frozenset)

    def allows(self, offer: OfferSpec, cost: Decimal) -> bool:
        kind_ok = not self.kinds or offer.kind.value in self.kinds
        return kind_ok and cost <= self.limit and offer.required_authority <= self.limit


@dataclass(frozen=True)
class SaveCounts:
    presented: int
    saved: int


@dataclass(frozen=True)
class SaveRates:
    """Learned counts: per (offer id, reason, segment), per offer, and for the whole desk."""

    cells: Mapping[tuple[Any, str, str], SaveCounts] = field(default_factory=dict)
    offers: Mapping[Any, SaveCounts] = field(default_factory=dict)
    desk: SaveCounts = SaveCounts(0, 0)

    @classmethod
    def from_cells(cls, cells: Mapping[tuple[Any, str, str], SaveCounts]) -> SaveRates:
        per_offer: dict[Any, list[int]] = {}
        for (offer_id, _reason, _segment), counts in cells.items():
            totals = per_offer.setdefault(offer_id, [0, 0])
            totals[0] += counts.presented
            totals[1] += counts.saved
        desk = SaveCounts(sum(t[0] for t in per_offer.values()), sum(t[1] for t in per_offer.values()))
        return cls(dict(cells), {k: SaveCounts(*v) for k, v in per_offer.items()}, desk)

    def estimate(self, offer_id: Any, reason: str | None, segment: str) -> tuple[float, int]:
        """(P(save), presentations behind it for this reason and segment)."""
        desk = (self.desk.saved + PRIOR_STRENGTH * DESK_PRIOR) / (self.desk.presented + PRIOR_STRENGTH)
        offer = self.offers.get(offer_id, SaveCounts(0, 0))
        offer_rate = (offer.saved + PRIOR_STRENGTH * desk) / (offer.presented + PRIOR_STRENGTH)
        cell = self.cells.get((offer_id, reason or "", segment), SaveCounts(0, 0))
        return (cell.saved + PRIOR_STRENGTH * offer_rate) / (cell.presented + PRIOR_STRENGTH), cell.presented


@dataclass(frozen=True)
class RankedOffer:
    """An eligible offer with the numbers behind its rank ("why this offer")."""

    offer: OfferSpec
    p_save: float
    evidence: int  # presentations for this reason and segment behind p_save
    retained_revenue: Decimal
    cost: Decimal
    expected_value: Decimal
    within_authority: bool


@dataclass(frozen=True)
class Ranking:
    offers: tuple[RankedOffer, ...]
    ineligible: tuple[tuple[OfferSpec, tuple[str, ...]], ...]  # with the rules each one failed

    @property
    def best_within_authority(self) -> RankedOffer | None:
        return next((r for r in self.offers if r.within_authority), None)


def rank(
    offers: Iterable[OfferSpec],
    customer: OfferCustomer,
    history: OfferHistory,
    reason: str | None,
    rates: SaveRates,
    agent: AgentAuthority,
    today: date,
    kinds: Iterable[str] | None = None,
    horizon_months: int = HORIZON_MONTHS,
) -> Ranking:
    """Eligible offers (of ``kinds``, if given) best first; ties go to the cheaper offer."""
    wanted = set(kinds) if kinds else None
    retained = (customer.monthly_revenue * horizon_months).quantize(_CENT)
    ranked: list[RankedOffer] = []
    ineligible: list[tuple[OfferSpec, tuple[str, ...]]] = []
    for offer in offers:
        if not offer.valid_on(today) or (wanted is not None and offer.kind.value not in wanted):
            continue
        failed = failed_rules(offer.eligibility, offer.code, customer, history, reason, today)
        if failed:
            ineligible.append((offer, tuple(failed)))
            continue
        cost = offer.cost_for(customer.monthly_revenue)
        p, evidence = rates.estimate(offer.id, reason, customer.value_tier)
        value = (Decimal(str(round(p, 6))) * retained - cost).quantize(_CENT)
        ranked.append(RankedOffer(offer, p, evidence, retained, cost, value, agent.allows(offer, cost)))
    ranked.sort(key=lambda r: (-r.expected_value, r.cost, r.offer.code))
    return Ranking(tuple(ranked), tuple(ineligible))
