"""Offers against the database: rank for a call, record what was presented, learn, check saves.

Each function takes the caller's session (one unit of work) and never commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import insert_once
from agent_desk.data import models as m
from agent_desk.data.queries import CustomerProfile, load_profile
from agent_desk.offers.ranking import AgentAuthority, OfferSpec, RankedOffer, Ranking, SaveCounts, SaveRates, rank
from agent_desk.offers.rules import OfferCustomer, OfferHistory, PastPresentation
from agent_desk.outage import affecting, goodwill_first

SAVE_CHECK_DAYS = 90


def load_offer_specs(session: Session) -> list[OfferSpec]:
    specs = []
    for o in session.scalars(sa.select(m.Offer).where(m.Offer.active).order_by(m.Offer.code)):
        cost = dict((o.terms or {}).get("cost") or {})
        if not cost:
            cost = {"monthly": float(o.monthly_cost), "one_off": float(o.one_off_cost), "months": o.duration_months}
        specs.append(OfferSpec(
            id=o.id, code=o.code, kind=o.kind, title_he=o.title_he, title_en=o.title_en,
            talking_points_he=o.talking_points_he, talking_points_en=o.talking_points_en, cost_model=cost,
            required_authority=o.required_authority, eligibility=dict(o.eligibility or {}), valid_from=o.valid_from,
            valid_to=o.valid_to, active=o.active,
        ))
    return specs


def load_save_rates(session: Session) -> SaveRates:
    r = m.OfferSaveRate
    cells = {
        (row.offer_id, row.reason_code, row.segment): SaveCounts(row.presented, row.saved)
        for row in session.execute(sa.select(r.offer_id, r.reason_code, r.segment, r.presented, r.saved))
    }
    return SaveRates.from_cells(cells)


def refresh_save_rates(session: Session, now: datetime | None = None) -> int:
    """Rebuild the learned counts from every presentation on record. Returns the cells written."""
    now = now or datetime.now(UTC)
    p, call, customer = m.OfferPresentation, m.RetentionCall, m.Customer
    accepted = sa.case((p.response == d.OfferResponse.ACCEPTED.value, 1), else_=0)
    rows = session.execute(
        sa.select(p.offer_id, sa.func.coalesce(call.primary_reason_code, ""), customer.value_tier,
                  sa.func.count(), sa.func.sum(accepted))
        .join(call, call.id == p.call_id)
        .join(customer, customer.id == p.customer_id)
        .where(p.response.in_([d.OfferResponse.ACCEPTED.value, d.OfferResponse.DECLINED.value]))
        .group_by(p.offer_id, call.primary_reason_code, customer.value_tier)
    ).all()
    session.execute(sa.delete(m.OfferSaveRate))
    session.add_all(
        m.OfferSaveRate(offer_id=offer_id, reason_code=reason, segment=str(getattr(tier, "value", tier)),
                        presented=n, saved=int(saved or 0), refreshed_at=now)
        for offer_id, reason, tier, n, saved in rows
    )
    session.flush()
    return len(rows)


def offer_history(session: Session, customer_id: uuid.UUID) -> OfferHistory:
    rows = session.execute(
        sa.select(m.Offer.code, m.OfferPresentation.presented_at, m.OfferPresentation.response)
        .join(m.Offer, m.Offer.id == m.OfferPresentation.offer_id)
        .where(m.OfferPresentation.customer_id == customer_id)
        .order_by(m.OfferPresentation.presented_at.desc())
    )
    return OfferHistory(tuple(PastPresentation(code, at, response == d.OfferResponse.ACCEPTED)
                              for code, at, response in rows))


def open_incident_for(session: Session, profile: CustomerProfile, now: datetime) -> bool:
    """Is an unresolved outage touching this customer's region or products?"""
    # Incidents name several products and areas (0015): agent_desk.outage reads them.
    return bool(affecting(session, profile, now))


def offer_customer(profile: CustomerProfile, today: date, open_incident: bool = False) -> OfferCustomer:
    live = [s for s in profile.subscriptions if s.status != d.SubscriptionStatus.CANCELLED]
    ends = [(s.commitment_end - today).days for s in live if s.commitment_end and s.commitment_end >= today]
    return OfferCustomer(
        tenure_years=profile.tenure_years_on(today),
        monthly_revenue=profile.monthly_revenue,
        plans=frozenset(s.code for s in live if s.code),
        categories=frozenset(s.category.value for s in live),
        value_tier=profile.value_tier.value,
        region=profile.region,
        days_to_contract_end=min(ends, default=None),
        open_incident=open_incident,
    )


def agent_authority(session: Session, agent_id: uuid.UUID) -> AgentAuthority:
    agent = session.get(m.Agent, agent_id)
    if agent is None:
        return AgentAuthority(Decimal(0))
    return AgentAuthority(agent.offer_authority, frozenset(agent.offer_kinds or ()))


@dataclass(frozen=True)
class CallOffers:
    """The ranked offers for the customer on a call, and what the ranking used."""

    customer_id: uuid.UUID
    reason: str | None
    ranking: Ranking
    open_incident: bool

    def only_kinds(self, kinds: list[str] | None) -> CallOffers:
        """These offers of ``kinds`` only (None or empty: all), in the same order: a script
        step's filter of the call's ranking, not a second ranking."""
        if not kinds:
            return self
        wanted = set(kinds)
        ranking = Ranking(tuple(r for r in self.ranking.offers if r.offer.kind.value in wanted),
                          tuple(x for x in self.ranking.ineligible if x[0].kind.value in wanted))
        return replace(self, ranking=ranking)


def rank_for_call(
    session: Session, customer_id: uuid.UUID, reason: str | None, agent_id: uuid.UUID,
    today: date | None = None, kinds: list[str] | None = None, now: datetime | None = None,
) -> CallOffers | None:
    """Rank the offers this customer is eligible for, for this reason and agent: one unit of work."""
    now = now or datetime.now(UTC)
    today = today or now.date()
    profile = load_profile(session, customer_id)
    if profile is None:
        return None
    incident = open_incident_for(session, profile, now)
    ranking = rank(load_offer_specs(session), offer_customer(profile, today, incident),
                   offer_history(session, customer_id), reason, load_save_rates(session),
                   agent_authority(session, agent_id), today, kinds)
    if incident:  # outage mode: the goodwill offers come first
        ranking = Ranking(goodwill_first(ranking.offers), ranking.ineligible)
    return CallOffers(customer_id, reason, ranking, incident)


def presentation_values(call_id: uuid.UUID, customer_id: uuid.UUID | None, ranked: RankedOffer,
                        response: d.OfferResponse, now: datetime, presentation_id: uuid.UUID | None = None,
                        ) -> dict[str, Any]:
    """The column values of the row that records an offer made on a call."""
    values: dict[str, Any] = {
        "call_id": call_id, "offer_id": ranked.offer.id, "customer_id": customer_id, "presented_at": now,
        "response": response,
        "responded_at": None if response in (d.OfferResponse.OFFERED, d.OfferResponse.PENDING_APPROVAL) else now,
        "p_save": ranked.p_save, "expected_value": ranked.expected_value, "cost": ranked.cost}
    if presentation_id is not None:
        values["id"] = presentation_id
    return values


def record_presentation(
    session: Session, call_id: uuid.UUID, customer_id: uuid.UUID | None, ranked: RankedOffer,
    response: d.OfferResponse, now: datetime | None = None, presentation_id: uuid.UUID | None = None,
) -> m.OfferPresentation:
    """Record an offer made on a call. With ``presentation_id`` (the desk's own key) a retry
    returns the row already there instead of adding a second one or failing."""
    values = presentation_values(call_id, customer_id, ranked, response, now or datetime.now(UTC), presentation_id)
    return insert_once(session, m.OfferPresentation(**values))


def respond(session: Session, presentation_id: uuid.UUID, response: d.OfferResponse,
            now: datetime | None = None) -> m.OfferPresentation:
    """The customer's answer to a presented offer, as of ``now`` (the desk's clock when the
    agent recorded it). Repeating it changes nothing; an older answer arriving after a
    newer one (a late retry) does not overwrite it."""
    row = session.get_one(m.OfferPresentation, presentation_id)
    now = now or datetime.now(UTC)
    if row.responded_at is not None and row.responded_at > now:
        return row
    row.response = response
    row.responded_at = None if response in (d.OfferResponse.OFFERED, d.OfferResponse.PENDING_APPROVAL) else now
    session.flush()
    return row


def check_saves_after_90_days(session: Session, today: date) -> int:
    """Mark accepted offers 90+ days old: is the customer still with us? Returns rows checked."""
    cutoff = datetime.combine(today - timedelta(days=SAVE_CHECK_DAYS), datetime.min.time(), tzinfo=UTC)
    p = m.OfferPresentation
    due = session.execute(
        sa.select(p.id, p.customer_id, p.presented_at)
        .where(p.response == d.OfferResponse.ACCEPTED, p.still_active_90d.is_(None), p.presented_at <= cutoff)
    ).all()
    checked_at = datetime.now(UTC)
    for presentation_id, customer_id, presented_at in due:
        window_end = presented_at.date() + timedelta(days=SAVE_CHECK_DAYS)
        left = session.scalar(
            sa.select(sa.func.count()).select_from(m.Subscription).where(
                m.Subscription.customer_id == customer_id,
                m.Subscription.status.in_([d.SubscriptionStatus.CANCELLED, d.SubscriptionStatus.PENDING_CANCELLATION]),
                sa.or_(m.Subscription.cancel_effective_on.is_(None), m.Subscription.cancel_effective_on <= window_end),
                m.Subscription.cancel_requested_at >= presented_at,
            )
        )
        session.execute(sa.update(p).where(p.id == presentation_id).values(still_active_90d=not left,
                                                                            checked_at=checked_at))
    return len(due)
