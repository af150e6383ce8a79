"""Eligibility rules for save offers: a small declarative language, validated up front.

A rule set is a mapping (YAML in the catalog file, JSON in the database)::

    min_tenure_years: 1          # customer for at least a year
    min_monthly_revenue: 80      # ₪ a month across active subscriptions
    plans: [NET-100, NET-500]    # holds one of these product codes
    categories: [internet, tv]   # holds a product of one of these categories
    value_tiers: [gold, platinum]
    reasons: [too_expensive, competitor]   # answers one of these cancellation reasons
    regions: [north, haifa]
    open_incident: true          # only during an outage (false: only outside one)
    max_days_to_contract_end: 60 # a commitment ends within this many days
    not_offered_within_days: 90  # re-offer limit: not presented to this customer lately
    max_accepted_12m: 2          # at most this many accepted offers in 12 months (any offer)
    never_same_twice_in_row: true  # not the offer this customer was presented last

Every key is optional; all that are given must hold. :func:`validate` names each problem
with its path (``offers[3].eligibility.reasons``) so an admin can fix the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from agent_desk.domain import ProductCategory, ValueTier

NUMBER_KEYS = {"min_tenure_years", "min_monthly_revenue", "max_days_to_contract_end", "not_offered_within_days",
               "max_accepted_12m"}
LIST_KEYS = {"plans", "categories", "value_tiers", "reasons", "regions"}
BOOL_KEYS = {"open_incident", "never_same_twice_in_row"}
KNOWN_KEYS = NUMBER_KEYS | LIST_KEYS | BOOL_KEYS


class RuleError(ValueError):
    """The rules are malformed; ``problems`` lists each one with its path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def validate(rules: Any, path: str = "eligibility", known_reasons: set[str] | None = None) -> list[str]:
    """Every problem in ``rules`` as "path: message" (empty when the rules are good)."""
    if rules is None:
        return []
    if not isinstance(rules, Mapping):
        return [f"{path}: must be a mapping of rule: value, not {type(rules).__name__}"]
    problems = []
    for key, value in rules.items():
        where = f"{path}.{key}"
        if key not in KNOWN_KEYS:
            problems.append(f"{where}: unknown rule (known: {', '.join(sorted(KNOWN_KEYS))})")
        elif key in NUMBER_KEYS:
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                problems.append(f"{where}: must be a number of zero or more")
        elif key in BOOL_KEYS:
            if not isinstance(value, bool):
                problems.append(f"{where}: must be true or false")
        elif not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: must be a non-empty list of codes")
        elif key == "value_tiers" and (bad := [v for v in value if v not in {t.value for t in ValueTier}]):
            problems.append(f"{where}: unknown value tier {', '.join(bad)}")
        elif key == "categories" and (bad := [v for v in value if v not in {c.value for c in ProductCategory}]):
            problems.append(f"{where}: unknown product category {', '.join(bad)}")
        elif key == "reasons" and known_reasons is not None and (bad := [v for v in value if v not in known_reasons]):
            problems.append(f"{where}: unknown cancellation reason {', '.join(bad)}")
    return problems


@dataclass(frozen=True)
class OfferCustomer:
    """What eligibility looks at about the customer on the line."""

    tenure_years: float
    monthly_revenue: Decimal
    plans: frozenset[str]
    categories: frozenset[str]
    value_tier: str
    region: str | None
    days_to_contract_end: int | None
    open_incident: bool = False


@dataclass(frozen=True)
class PastPresentation:
    offer_code: str
    presented_at: datetime
    accepted: bool


@dataclass(frozen=True)
class OfferHistory:
    """The customer's earlier offers, newest first."""

    presentations: tuple[PastPresentation, ...] = field(default=())

    def accepted_within(self, today: date, days: int) -> int:
        return sum(1 for p in self.presentations if p.accepted and (today - p.presented_at.date()).days <= days)

    def last_offered(self, code: str) -> datetime | None:
        return max((p.presented_at for p in self.presentations if p.offer_code == code), default=None)

    @property
    def latest_code(self) -> str | None:
        return max(self.presentations, key=lambda p: p.presented_at).offer_code if self.presentations else None


def failed_rules(
    rules: Mapping[str, Any], code: str, customer: OfferCustomer, history: OfferHistory, reason: str | None,
    today: date,
) -> list[str]:
    """The names of the rules ``customer`` does not meet for offer ``code`` (empty: eligible)."""
    failed = []

    def check(key: str, ok: bool) -> None:
        if key in rules and not ok:
            failed.append(key)

    check("min_tenure_years", customer.tenure_years >= float(rules.get("min_tenure_years", 0)))
    check("min_monthly_revenue", customer.monthly_revenue >= Decimal(str(rules.get("min_monthly_revenue", 0))))
    check("plans", bool(customer.plans & set(rules.get("plans", ()))))
    check("categories", bool(customer.categories & set(rules.get("categories", ()))))
    check("value_tiers", customer.value_tier in rules.get("value_tiers", ()))
    check("reasons", reason in rules.get("reasons", ()))
    check("regions", customer.region in rules.get("regions", ()))
    check("open_incident", customer.open_incident == rules.get("open_incident"))
    days_left = customer.days_to_contract_end
    check("max_days_to_contract_end",
          days_left is not None and 0 <= days_left <= rules.get("max_days_to_contract_end", 0))
    last = history.last_offered(code)
    check("not_offered_within_days",
          last is None or (today - last.date()).days > rules.get("not_offered_within_days", 0))
    check("max_accepted_12m", history.accepted_within(today, 365) < rules.get("max_accepted_12m", 0))
    check("never_same_twice_in_row", not rules.get("never_same_twice_in_row") or history.latest_code != code)
    return failed
