"""Labelled cases for training: every customer whose outcome is known, with the facts the
desk would have shown *before* that outcome.

What "known" means here:

* **cancelled**: the customer's status is cancelled. The facts are taken as of the moment
  the customer asked to cancel (the request time of the subscription that ended last, else
  the latest retention call that recorded a cancellation, else the day the subscription
  ended), and only what happened strictly before it counts. Otherwise the cancellation
  call itself, and the silence after leaving, would teach the model the answer
  (label leakage). A cancelled customer with no date anywhere (an export with only a
  status) is taken as of the training day, like the active ones, and counted.
* **active**: the customer is active, asked to cancel nothing that is still pending, and had
  no retention call in the last 90 days (whether such a save holds is not known yet: many
  "saves" leave again within 90 days). The facts are as of the training day.
* everyone else (suspended, a cancellation pending, a recent save) is left out and counted.

The same :func:`agent_desk.churn.facts_from_history` the 360 uses makes the facts, so the
model is trained on exactly what it will be shown. History is read in slices of customers,
so memory stays flat on a large base. Qt-free; takes the caller's session.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.churn import ChurnFacts, facts_from_history
from agent_desk.data import models as m
from agent_desk.risk.model import ATTRIBUTES, AttributeValue, attribute_value

SLICE = 2000
# An active customer who asked to leave this recently has no known outcome yet.
SAVE_SETTLES_DAYS = 90
# The facts look back at most a year (late payments, accepted offers).
LOOKBACK_DAYS = 366

EXCLUDED_SUSPENDED = "suspended"
EXCLUDED_PENDING = "cancellation still pending"
EXCLUDED_RECENT_SAVE = "asked to leave in the last 90 days (outcome not known yet)"
EXCLUDED_NOT_YET = "became a customer after the training day"


@dataclass(frozen=True)
class Case:
    """One customer with a known outcome and the facts as of before it."""

    customer_id: uuid.UUID
    cancelled: bool
    as_of: date
    facts: ChurnFacts
    attributes: dict[str, AttributeValue]


@dataclass
class LabelledHistory:
    """The cases, and how many customers were left out and why."""

    today: date
    cases: list[Case] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)
    cancelled_without_date: int = 0
    has_attributes: bool = False

    @property
    def cancelled(self) -> int:
        return sum(1 for c in self.cases if c.cancelled)


@dataclass
class _Subscription:
    status: str
    price: float
    started_on: date
    commitment_end: date | None
    ended: date | None  # the day it stopped, when known
    requested_at: datetime | None


def _end_of(row: sa.Row) -> date | None:
    if row.ended_on or row.cancel_effective_on:
        return row.ended_on or row.cancel_effective_on
    if row.status == d.SubscriptionStatus.CANCELLED and row.cancel_requested_at is not None:
        return row.cancel_requested_at.date()
    return None


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _cancelled_at(subs: list[_Subscription], cancel_calls: list[datetime]) -> datetime | None:
    """When a cancelled customer asked to leave (see the module docstring), or None."""
    gone = [s for s in subs if s.status == d.SubscriptionStatus.CANCELLED]
    if gone:
        last = max(gone, key=lambda s: (s.ended or date.min, s.requested_at or datetime.min.replace(tzinfo=UTC)))
        if last.requested_at is not None:
            return last.requested_at
        if cancel_calls:
            before_end = [c for c in cancel_calls if last.ended is None or c.date() <= last.ended]
            if before_end:
                return max(before_end)
        if last.ended is not None:
            return _moment(last.ended)
    return max(cancel_calls) if cancel_calls else None


def labelled_cases(session: Session, today: date, progress: Callable[[int, int], None] | None = None,
                   only: set[uuid.UUID] | None = None) -> LabelledHistory:
    """Every customer with a known outcome, with facts as of before it (see the module docstring)."""
    result = LabelledHistory(today=today)
    end_of_today = _moment(today + timedelta(days=1))
    c, s, r = m.Customer, m.Subscription, m.RetentionCall
    subs: dict[uuid.UUID, list[_Subscription]] = defaultdict(list)
    for row in session.execute(sa.select(s.customer_id, s.status, s.monthly_price, s.started_on, s.commitment_end,
                                         s.ended_on, s.cancel_effective_on, s.cancel_requested_at)):
        subs[row.customer_id].append(_Subscription(
            row.status, float(row.monthly_price), row.started_on, row.commitment_end, _end_of(row),
            row.cancel_requested_at))
    cancel_calls: dict[uuid.UUID, list[datetime]] = defaultdict(list)
    recent_call: set[uuid.UUID] = set()
    settles = _moment(today - timedelta(days=SAVE_SETTLES_DAYS))
    for row in session.execute(sa.select(r.customer_id, r.started_at, r.cancellation_requested_at)
                               .where(r.customer_id.is_not(None), r.amends_call_id.is_(None))):
        if row.cancellation_requested_at is not None:
            cancel_calls[row.customer_id].append(row.cancellation_requested_at)
        if row.started_at >= settles:
            recent_call.add(row.customer_id)

    # customer -> (cancelled, cut-off moment: only what happened before it counts)
    chosen: dict[uuid.UUID, tuple[bool, datetime, date]] = {}
    excluded: dict[str, int] = defaultdict(int)
    for row in session.execute(sa.select(c.id, c.status, c.customer_since)):
        if only is not None and row.id not in only:
            continue
        if row.customer_since > today:
            excluded[EXCLUDED_NOT_YET] += 1
        elif row.status == d.CustomerStatus.SUSPENDED:
            excluded[EXCLUDED_SUSPENDED] += 1
        elif row.status == d.CustomerStatus.CANCELLED:
            at = _cancelled_at(subs.get(row.id, []), cancel_calls.get(row.id, []))
            if at is None or at >= end_of_today:
                result.cancelled_without_date += 1
                at = end_of_today
            chosen[row.id] = (True, max(at, _moment(row.customer_since)), row.customer_since)
        elif any(x.status == d.SubscriptionStatus.PENDING_CANCELLATION for x in subs.get(row.id, [])):
            excluded[EXCLUDED_PENDING] += 1
        elif row.id in recent_call:
            excluded[EXCLUDED_RECENT_SAVE] += 1
        else:
            chosen[row.id] = (False, end_of_today, row.customer_since)
    result.excluded = dict(excluded)
    result.has_attributes = sa.inspect(session.connection()).has_table("customer_attributes")

    ids = sorted(chosen)
    for done, (first, last) in enumerate(_slices(ids), start=1):
        in_slice = ids[first:last]
        lo, hi = in_slice[0], in_slice[-1]
        earliest = min(chosen[i][1] for i in in_slice) - timedelta(days=LOOKBACK_DAYS)
        history = _slice_history(session, lo, hi, earliest, result.has_attributes)
        for customer_id in in_slice:
            cancelled, cut, since = chosen[customer_id]
            result.cases.append(_case(customer_id, cancelled, cut, since, subs.get(customer_id, []), history))
        if progress:
            progress(min(done * SLICE, len(ids)), len(ids))
    return result


def _slices(ids: list[uuid.UUID]) -> Iterator[tuple[int, int]]:
    for first in range(0, len(ids), SLICE):
        yield first, min(first + SLICE, len(ids))


@dataclass
class _History:
    interactions: dict[uuid.UUID, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    billing: dict[uuid.UUID, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    surveys: dict[uuid.UUID, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    offers: dict[uuid.UUID, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    attributes: dict[uuid.UUID, dict[str, AttributeValue]] = field(default_factory=lambda: defaultdict(dict))


def _slice_history(session: Session, lo: uuid.UUID, hi: uuid.UUID, since: datetime, attributes: bool) -> _History:
    """Everything the facts need for the customers with ids from ``lo`` to ``hi``."""
    out = _History()
    i, b, s, o = m.Interaction, m.BillingEvent, m.SurveyResponse, m.OfferPresentation
    for row in session.execute(sa.select(i.customer_id, i.kind, i.occurred_at, i.direction)
                               .where(i.customer_id.between(lo, hi), i.occurred_at >= since)):
        out.interactions[row.customer_id].append(
            (d.InteractionKind(row.kind), row.occurred_at, row.direction == d.Direction.INBOUND))
    for row in session.execute(sa.select(b.customer_id, b.kind, b.occurred_at, b.amount, b.previous_amount)
                               .where(b.customer_id.between(lo, hi), b.occurred_at >= since,
                                      b.kind.in_((d.BillingKind.LATE_PAYMENT, d.BillingKind.PRICE_CHANGE)))):
        out.billing[row.customer_id].append((d.BillingKind(row.kind), row.occurred_at, row.amount,
                                             row.previous_amount))
    # The latest survey counts however old it is.
    for row in session.execute(sa.select(s.customer_id, s.kind, s.score, s.responded_at)
                               .where(s.customer_id.between(lo, hi))):
        out.surveys[row.customer_id].append((d.SurveyKind(row.kind), row.score, row.responded_at))
    for row in session.execute(sa.select(o.customer_id, o.response, o.presented_at)
                               .where(o.customer_id.between(lo, hi), o.presented_at >= since)):
        out.offers[row.customer_id].append((d.OfferResponse(row.response), row.presented_at))
    if attributes:
        a = ATTRIBUTES.c
        for row in session.execute(sa.select(a.customer_id, a.name, a.kind, a.text_value, a.number_value,
                                             a.bool_value).where(a.customer_id.between(lo, hi))):
            out.attributes[row.customer_id][row.name] = attribute_value(
                row.kind, row.text_value, row.number_value, row.bool_value)
    return out


def _case(customer_id: uuid.UUID, cancelled: bool, cut: datetime, since: date, subs: list[_Subscription],
          history: _History) -> Case:
    """The facts as the desk would have shown them just before ``cut``."""
    today = min(cut, cut - timedelta(microseconds=1)).date()
    live = [x for x in subs if x.started_on <= today and (x.ended is None or x.ended > today)
            and not (x.status == d.SubscriptionStatus.CANCELLED and x.ended is None)]
    facts = facts_from_history(
        today=today,
        customer_since=since,
        commitment_ends=[x.commitment_end for x in live if x.commitment_end],
        interactions=[e for e in history.interactions.get(customer_id, ()) if e[1] < cut],
        billing=[e for e in history.billing.get(customer_id, ()) if e[1] < cut],
        surveys=[e for e in history.surveys.get(customer_id, ()) if e[2] < cut],
        offer_responses=[e for e in history.offers.get(customer_id, ()) if e[1] < cut],
        live_prices=[x.price for x in live],
    )
    return Case(customer_id, cancelled, today, facts, dict(history.attributes.get(customer_id, {})))
