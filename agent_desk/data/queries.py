"""Read services for the screens: each takes a Session and returns frozen dataclasses.

The UI never sees an ORM object: what it gets cannot lazy-load on the GUI thread or go
stale under it. The caller owns the unit of work (``with factory() as session``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.phones import DEFAULT_REGION, PhoneNumberError, to_e164

TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class CustomerMatch:
    """One customer behind a phone number (several for a shared family number)."""

    id: uuid.UUID
    account_number: str
    first_name: str
    last_name: str
    city: str | None
    value_tier: d.ValueTier


@dataclass(frozen=True)
class SubscriptionLine:
    product_he: str
    product_en: str
    monthly_price: Decimal
    started_on: date
    commitment_end: date | None
    status: d.SubscriptionStatus


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    kind: d.InteractionKind
    channel: d.Channel
    subject: str
    case_status: d.CaseStatus | None


@dataclass(frozen=True)
class CallerCard:
    """What the agent sees the moment a known caller is popped."""

    customer_id: uuid.UUID
    account_number: str
    first_name: str
    last_name: str
    preferred_language: str
    birth_date: date | None
    customer_since: date
    city: str | None
    value_tier: d.ValueTier
    status: d.CustomerStatus
    consent_marketing: bool
    consent_sms: bool
    consent_email: bool
    consent_calls: bool
    phones: tuple[str, ...]
    subscriptions: tuple[SubscriptionLine, ...]
    timeline: tuple[TimelineEntry, ...]
    interactions_total: int
    open_cases: int

    @property
    def monthly_revenue(self) -> Decimal:
        return sum(
            (s.monthly_price for s in self.subscriptions if s.status != d.SubscriptionStatus.CANCELLED),
            Decimal(0),
        )

    @property
    def has_open_cancellation(self) -> bool:
        return any(s.status == d.SubscriptionStatus.PENDING_CANCELLATION for s in self.subscriptions)

    def age_on(self, today: date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def tenure_years_on(self, today: date) -> float:
        return (today - self.customer_since).days / 365.25


@dataclass(frozen=True)
class CallerLookup:
    """The answer to a screen pop: who is behind the number, and their card if just one."""

    raw: str
    e164: str | None
    matches: tuple[CustomerMatch, ...]
    card: CallerCard | None
    error: str | None = None


def find_by_phone(session: Session, e164: str) -> list[CustomerMatch]:
    rows = session.execute(
        sa.select(m.Customer)
        .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
        .where(m.CustomerPhone.e164 == e164)
        .order_by(m.Customer.last_name, m.Customer.first_name)
    ).scalars()
    return [
        CustomerMatch(c.id, c.account_number, c.first_name, c.last_name, c.city, c.value_tier)
        for c in rows
    ]


def load_caller_card(session: Session, customer_id: uuid.UUID) -> CallerCard | None:
    customer = session.get(m.Customer, customer_id)
    if customer is None:
        return None
    phones = session.scalars(
        sa.select(m.CustomerPhone.e164)
        .where(m.CustomerPhone.customer_id == customer_id)
        .order_by(m.CustomerPhone.is_primary.desc(), m.CustomerPhone.e164)
    ).all()
    subscriptions = [
        SubscriptionLine(p.name_he, p.name_en, s.monthly_price, s.started_on, s.commitment_end, s.status)
        for s, p in session.execute(
            sa.select(m.Subscription, m.Product)
            .join(m.Product, m.Product.id == m.Subscription.product_id)
            .where(m.Subscription.customer_id == customer_id)
            .order_by(m.Subscription.started_on)
        )
    ]
    timeline = [
        TimelineEntry(i.occurred_at, i.kind, i.channel, i.subject, i.case_status)
        for i in session.scalars(
            sa.select(m.Interaction)
            .where(m.Interaction.customer_id == customer_id)
            .order_by(m.Interaction.occurred_at.desc())
            .limit(TIMELINE_LIMIT)
        )
    ]
    total, open_cases = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(
                m.Interaction.case_status.in_([d.CaseStatus.OPEN, d.CaseStatus.IN_PROGRESS])
            ),
        ).where(m.Interaction.customer_id == customer_id)
    ).one()
    c = customer
    return CallerCard(
        customer_id=c.id, account_number=c.account_number, first_name=c.first_name,
        last_name=c.last_name, preferred_language=c.preferred_language, birth_date=c.birth_date,
        customer_since=c.customer_since, city=c.city, value_tier=c.value_tier, status=c.status,
        consent_marketing=c.consent_marketing, consent_sms=c.consent_sms,
        consent_email=c.consent_email, consent_calls=c.consent_calls, phones=tuple(phones),
        subscriptions=tuple(subscriptions), timeline=tuple(timeline), interactions_total=total,
        open_cases=open_cases,
    )


def pop_caller(session: Session, raw: str, region: str = DEFAULT_REGION) -> CallerLookup:
    """Find who is calling from ``raw`` (any way of writing the number)."""
    try:
        e164 = to_e164(raw, region)
    except PhoneNumberError as exc:
        return CallerLookup(raw=raw, e164=None, matches=(), card=None, error=str(exc))
    matches = tuple(find_by_phone(session, e164))
    card = load_caller_card(session, matches[0].id) if len(matches) == 1 else None
    return CallerLookup(raw=raw, e164=e164, matches=matches, card=card)


# --- team lead ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DispositionCount:
    code: str
    label_he: str
    label_en: str
    counts_as_save: bool
    calls: int


@dataclass(frozen=True)
class CallLogRow:
    started_at: datetime
    agent_name: str
    customer_name: str
    reason_he: str | None
    reason_en: str | None
    disposition_he: str | None
    disposition_en: str | None
    handle_seconds: int | None


@dataclass(frozen=True)
class LeadOverview:
    since: datetime
    by_disposition: tuple[DispositionCount, ...]
    recent: tuple[CallLogRow, ...]

    @property
    def calls(self) -> int:
        return sum(c.calls for c in self.by_disposition)

    @property
    def saves(self) -> int:
        return sum(c.calls for c in self.by_disposition if c.counts_as_save)

    @property
    def save_rate(self) -> float | None:
        return self.saves / self.calls if self.calls else None


def lead_overview(
    session: Session, now: datetime | None = None, days: int = 30, recent: int = 200
) -> LeadOverview:
    """Results of the last ``days`` days by disposition, and the newest calls."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    call = m.RetentionCall
    counts = session.execute(
        sa.select(m.Disposition, sa.func.count(call.id))
        .outerjoin(call, sa.and_(call.disposition_code == m.Disposition.code, call.started_at >= since))
        .group_by(m.Disposition.code)
        .order_by(m.Disposition.sort_order)
    )
    by_disposition = tuple(
        DispositionCount(disp.code, disp.label_he, disp.label_en, disp.counts_as_save, n)
        for disp, n in counts
    )
    reason = sa.orm.aliased(m.CancellationReason)
    rows = session.execute(
        sa.select(call, m.Agent.display_name, m.Customer.first_name, m.Customer.last_name,
                  reason.label_he, reason.label_en, m.Disposition.label_he, m.Disposition.label_en)
        .join(m.Agent, m.Agent.id == call.agent_id)
        .outerjoin(m.Customer, m.Customer.id == call.customer_id)
        .outerjoin(reason, reason.code == call.primary_reason_code)
        .outerjoin(m.Disposition, m.Disposition.code == call.disposition_code)
        .where(call.started_at <= now)
        .order_by(call.started_at.desc())
        .limit(recent)
    )
    log = tuple(
        CallLogRow(
            started_at=c.started_at, agent_name=agent,
            customer_name=f"{first} {last}" if first else "",
            reason_he=r_he, reason_en=r_en, disposition_he=d_he, disposition_en=d_en,
            handle_seconds=int((c.ended_at - c.started_at).total_seconds()) if c.ended_at else None,
        )
        for c, agent, first, last, r_he, r_en, d_he, d_en in rows
    )
    return LeadOverview(since=since, by_disposition=by_disposition, recent=log)
