"""Read services for the screens: each takes a Session and returns frozen dataclasses.

The UI never sees an ORM object: what it gets cannot lazy-load on the GUI thread or go
stale under it. The caller owns the unit of work (``with factory() as session``).
"""

from __future__ import annotations

import contextlib
import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.churn import ChurnRisk, facts_from_history
from agent_desk.data import call_log
from agent_desk.data import models as m
from agent_desk.importer.attributes import attribute_rows, shown_attributes
from agent_desk.phones import DEFAULT_REGION, PhoneNumberError, to_e164
from agent_desk.risk.model import attributes_of, customer_risk
from agent_desk.search import check_search_text, digits, name_key
from agent_desk.security.sensitive import (
    SENSITIVE_CUSTOMER_COLUMNS,
    mask_national_id,
    masked_national_id_column,
    national_id_condition,
)

# The timeline loads at most this many of the newest events (the view stays smooth with them).
TIMELINE_LIMIT = 10_000
_SEPARATORS = re.compile(r"[\s\-().+\u200e\u200f]")
SEARCH_LIMIT = 50
BILLING_MONTHS = 24


@dataclass(frozen=True)
class CustomerMatch:
    """One customer found by a phone number or a search."""

    id: uuid.UUID
    account_number: str
    first_name: str
    last_name: str
    city: str | None
    value_tier: d.ValueTier
    # What tells family members on one number apart (filled by :func:`describe_matches`).
    birth_date: date | None = None
    products: tuple[tuple[str, str], ...] = ()  # (Hebrew, English) names of live subscriptions
    last_contact: datetime | None = None
    open_cases: int = 0

    def age_on(self, today: date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class SubscriptionLine:
    product_he: str
    product_en: str
    category: d.ProductCategory
    monthly_price: Decimal
    started_on: date
    commitment_end: date | None
    status: d.SubscriptionStatus
    cancel_effective_on: date | None = None
    code: str = ""


@dataclass(frozen=True)
class CustomerProfile:
    """Who the customer is: the header of the 360."""

    id: uuid.UUID
    account_number: str
    first_name: str
    last_name: str
    first_name_latin: str | None
    last_name_latin: str | None
    # Masked (•••••6789): the whole ID is read only by revealing it (agent_desk.security.sensitive).
    national_id: str | None
    preferred_language: str
    birth_date: date | None
    gender: d.Gender
    customer_since: date
    city: str | None
    region: str | None
    family_status: d.FamilyStatus
    occupation: str | None
    interests: tuple[str, ...]
    email: str | None
    value_tier: d.ValueTier
    status: d.CustomerStatus
    consent_marketing: bool
    consent_sms: bool
    consent_email: bool
    consent_calls: bool
    phones: tuple[str, ...]
    subscriptions: tuple[SubscriptionLine, ...]

    @property
    def masked_national_id(self) -> str:
        """National IDs are sensitive: the agent sees the last four digits only."""
        return mask_national_id(self.national_id)

    @property
    def monthly_revenue(self) -> Decimal:
        return sum(
            (s.monthly_price for s in self.subscriptions if s.status != d.SubscriptionStatus.CANCELLED),
            Decimal(0),
        )

    @property
    def has_open_cancellation(self) -> bool:
        return any(s.status == d.SubscriptionStatus.PENDING_CANCELLATION for s in self.subscriptions)

    def lifetime_value(self, today: date) -> Decimal:
        """Revenue over the customer's life so far, estimated from each holding's price and span."""
        total = Decimal(0)
        for s in self.subscriptions:
            end = min(filter(None, (s.cancel_effective_on, today))) if s.cancel_effective_on else today
            months = max((end - s.started_on).days, 0) / Decimal("30.44")
            total += s.monthly_price * months
        return total.quantize(Decimal("1"))

    def age_on(self, today: date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def tenure_years_on(self, today: date) -> float:
        return (today - self.customer_since).days / 365.25


@dataclass(frozen=True)
class TimelineEntry:
    id: uuid.UUID
    occurred_at: datetime
    kind: d.InteractionKind
    channel: d.Channel
    direction: d.Direction
    subject: str
    body: str | None
    case_status: d.CaseStatus | None
    pinned: bool

    @property
    def is_open_case(self) -> bool:
        return self.case_status in (d.CaseStatus.OPEN, d.CaseStatus.IN_PROGRESS)


@dataclass(frozen=True)
class BillingLine:
    occurred_at: datetime
    kind: d.BillingKind
    amount: Decimal
    previous_amount: Decimal | None
    days_late: int | None
    description: str | None

    @property
    def change_percent(self) -> float | None:
        if self.kind != d.BillingKind.PRICE_CHANGE or not self.previous_amount:
            return None
        return float((self.amount - self.previous_amount) / self.previous_amount * 100)


@dataclass(frozen=True)
class SurveyPoint:
    responded_at: datetime
    kind: d.SurveyKind
    score: int
    comment: str | None


@dataclass(frozen=True)
class OfferMade:
    title_he: str
    title_en: str
    response: d.OfferResponse
    still_active_90d: bool | None


@dataclass(frozen=True)
class RetentionAttempt:
    """An earlier retention call: why, how it ended, what was offered, did the save last."""

    started_at: datetime
    reason_he: str | None
    reason_en: str | None
    disposition_he: str | None
    disposition_en: str | None
    counts_as_save: bool
    still_active_90d: bool | None
    offers: tuple[OfferMade, ...]
    notes: str | None


@dataclass(frozen=True)
class CustomerHistory:
    """Everything that happened with the customer, and the churn risk it adds up to."""

    timeline: tuple[TimelineEntry, ...]
    interactions_total: int
    billing: tuple[BillingLine, ...]
    surveys: tuple[SurveyPoint, ...]
    retention: tuple[RetentionAttempt, ...]
    risk: ChurnRisk
    risk_labels: dict[str, tuple[str, str]]  # factor -> (Hebrew, English)
    # Imported columns with no field of their own: (name, kind, value), by name; a yes/no
    # value is a bool for the view to say in the UI's language.
    attributes: tuple[tuple[str, str, str | bool], ...] = ()

    @property
    def open_cases(self) -> tuple[TimelineEntry, ...]:
        return tuple(e for e in self.timeline if e.is_open_case)

    @property
    def pinned(self) -> tuple[TimelineEntry, ...]:
        return tuple(e for e in self.timeline if e.pinned)


@dataclass(frozen=True)
class Caller360:
    profile: CustomerProfile
    history: CustomerHistory


@dataclass(frozen=True)
class CallerLookup:
    """The answer to a screen pop: who is behind the number, and their 360 if just one.

    ``profile`` is set whenever exactly one customer matched; ``history`` only when the
    caller asked for the full 360 in the same call.
    """

    raw: str
    e164: str | None
    matches: tuple[CustomerMatch, ...]
    profile: CustomerProfile | None = None
    history: CustomerHistory | None = None
    error: str | None = None


def _match(row: sa.Row) -> CustomerMatch:
    return CustomerMatch(row.id, row.account_number, row.first_name, row.last_name, row.city, row.value_tier)


_MATCH_COLUMNS = (
    m.Customer.id, m.Customer.account_number, m.Customer.first_name, m.Customer.last_name,
    m.Customer.city, m.Customer.value_tier,
)


def find_by_phone(session: Session, e164: str) -> list[CustomerMatch]:
    """Everyone who owns ``e164``; when several do, with what tells them apart."""
    rows = session.execute(
        sa.select(*_MATCH_COLUMNS)
        .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
        .where(m.CustomerPhone.e164 == e164)
        .order_by(m.Customer.last_name, m.Customer.first_name)
    )
    found = [_match(r) for r in rows]
    return describe_matches(session, found) if len(found) > 1 else found


def describe_matches(session: Session, matches: list[CustomerMatch]) -> list[CustomerMatch]:
    """``matches`` with age, live products, last contact and open cases: what the agent asks
    about to tell five family members on one number apart. Four queries, whatever the count."""
    if not matches:
        return matches
    ids = [x.id for x in matches]
    c, s, i = m.Customer, m.Subscription, m.Interaction
    born = dict(session.execute(sa.select(c.id, c.birth_date).where(c.id.in_(ids))).all())
    products: dict[uuid.UUID, list[tuple[str, str]]] = {}
    for r in session.execute(
        sa.select(s.customer_id, m.Product.name_he, m.Product.name_en)
        .join(m.Product, m.Product.id == s.product_id)
        .where(s.customer_id.in_(ids), s.status != d.SubscriptionStatus.CANCELLED)
        .order_by(s.started_on)
    ):
        products.setdefault(r.customer_id, []).append((r.name_he, r.name_en))
    last = dict(session.execute(
        sa.select(i.customer_id, sa.func.max(i.occurred_at)).where(i.customer_id.in_(ids)).group_by(i.customer_id)
    ).all())
    open_cases = dict(session.execute(
        sa.select(i.customer_id, sa.func.count())
        .where(i.customer_id.in_(ids), i.case_status.in_((d.CaseStatus.OPEN, d.CaseStatus.IN_PROGRESS)))
        .group_by(i.customer_id)
    ).all())
    return [
        replace(x, birth_date=born.get(x.id), products=tuple(products.get(x.id, ())),
                last_contact=last.get(x.id), open_cases=int(open_cases.get(x.id, 0)))
        for x in matches
    ]


def load_profile(session: Session, customer_id: uuid.UUID) -> CustomerProfile | None:
    # Every column but the national ID's (a desk role may not read them on PostgreSQL): its
    # masked form instead.
    columns = [column for column in m.Customer.__table__.c if column.key not in SENSITIVE_CUSTOMER_COLUMNS]
    c = session.execute(sa.select(*columns, masked_national_id_column(session).label("national_id"))
                        .where(m.Customer.id == customer_id)).one_or_none()
    if c is None:
        return None
    phones = session.scalars(
        sa.select(m.CustomerPhone.e164)
        .where(m.CustomerPhone.customer_id == customer_id)
        .order_by(m.CustomerPhone.is_primary.desc(), m.CustomerPhone.e164)
    ).all()
    subscriptions = tuple(
        SubscriptionLine(r.name_he, r.name_en, d.ProductCategory(r.category), r.monthly_price, r.started_on,
                         r.commitment_end, d.SubscriptionStatus(r.status), r.cancel_effective_on, r.code)
        for r in session.execute(
            sa.select(m.Product.name_he, m.Product.name_en, m.Product.category, m.Subscription.monthly_price,
                      m.Subscription.started_on, m.Subscription.commitment_end, m.Subscription.status,
                      m.Subscription.cancel_effective_on, m.Product.code)
            .join(m.Product, m.Product.id == m.Subscription.product_id)
            .where(m.Subscription.customer_id == customer_id)
            .order_by(m.Subscription.started_on)
        )
    )
    return CustomerProfile(
        id=c.id, account_number=c.account_number, first_name=c.first_name, last_name=c.last_name,
        first_name_latin=c.first_name_latin, last_name_latin=c.last_name_latin,
        national_id=mask_national_id(c.national_id) or None,
        preferred_language=c.preferred_language, birth_date=c.birth_date, gender=d.Gender(c.gender),
        customer_since=c.customer_since, city=c.city, region=c.region,
        family_status=d.FamilyStatus(c.family_status), occupation=c.occupation,
        interests=tuple(c.interests or ()), email=c.email, value_tier=d.ValueTier(c.value_tier),
        status=d.CustomerStatus(c.status), consent_marketing=c.consent_marketing, consent_sms=c.consent_sms,
        consent_email=c.consent_email, consent_calls=c.consent_calls, phones=tuple(phones),
        subscriptions=subscriptions,
    )


def churn_weights(session: Session) -> tuple[dict[str, float], dict[str, tuple[str, str]]]:
    rows = session.execute(sa.select(m.ChurnWeight.factor, m.ChurnWeight.weight, m.ChurnWeight.label_he,
                                     m.ChurnWeight.label_en)).all()
    return {r.factor: r.weight for r in rows}, {r.factor: (r.label_he, r.label_en) for r in rows}


def load_history(session: Session, profile: CustomerProfile, today: date) -> CustomerHistory:
    """Timeline, billing, surveys, earlier retention attempts and the churn risk."""
    customer_id = profile.id
    i = m.Interaction
    timeline = tuple(
        TimelineEntry(r.id, r.occurred_at, d.InteractionKind(r.kind), d.Channel(r.channel),
                      d.Direction(r.direction), r.subject, r.body,
                      d.CaseStatus(r.case_status) if r.case_status else None, r.pinned)
        for r in session.execute(
            sa.select(i.id, i.occurred_at, i.kind, i.channel, i.direction, i.subject, i.body, i.case_status,
                      i.pinned)
            .where(i.customer_id == customer_id)
            .order_by(i.occurred_at.desc())
            .limit(TIMELINE_LIMIT)
        )
    )
    total = len(timeline)
    if total == TIMELINE_LIMIT:
        total = session.scalar(sa.select(sa.func.count()).where(i.customer_id == customer_id)) or total
    since = datetime.combine(today - timedelta(days=BILLING_MONTHS * 31), datetime.min.time(), tzinfo=UTC)
    b = m.BillingEvent
    billing = tuple(
        BillingLine(r.occurred_at, d.BillingKind(r.kind), r.amount, r.previous_amount, r.days_late, r.description)
        for r in session.execute(
            sa.select(b.occurred_at, b.kind, b.amount, b.previous_amount, b.days_late, b.description)
            .where(b.customer_id == customer_id, b.occurred_at >= since)
            .order_by(b.occurred_at.desc())
        )
    )
    s = m.SurveyResponse
    surveys = tuple(
        SurveyPoint(r.responded_at, d.SurveyKind(r.kind), r.score, r.comment)
        for r in session.execute(
            sa.select(s.responded_at, s.kind, s.score, s.comment)
            .where(s.customer_id == customer_id)
            .order_by(s.responded_at)
        )
    )
    retention = _retention_attempts(session, customer_id)
    facts = facts_from_history(
        today=today,
        customer_since=profile.customer_since,
        commitment_ends=[sub.commitment_end for sub in profile.subscriptions
                         if sub.commitment_end and sub.status != d.SubscriptionStatus.CANCELLED],
        interactions=[(e.kind, e.occurred_at, e.direction == d.Direction.INBOUND) for e in timeline],
        billing=[(line.kind, line.occurred_at, line.amount, line.previous_amount) for line in billing],
        surveys=[(p.kind, p.score, p.responded_at) for p in surveys],
        offer_responses=[(o.response, a.started_at) for a in retention for o in a.offers],
    )
    # The newest learned model (agent_desk.risk), else the hand-set churn_weights.
    # Read once: the 360 shows them, and a learned model may use them.
    attributes = attribute_rows(session, customer_id)
    risk, labels = customer_risk(session, customer_id, facts, profile.subscriptions, attributes_of(attributes))
    return CustomerHistory(
        timeline=timeline, interactions_total=total, billing=billing, surveys=surveys, retention=retention,
        risk=risk, risk_labels=labels, attributes=tuple(shown_attributes(attributes)),
    )


def _retention_attempts(session: Session, customer_id: uuid.UUID) -> tuple[RetentionAttempt, ...]:
    call = m.RetentionCall
    reason = sa.orm.aliased(m.CancellationReason)
    calls = session.execute(
        sa.select(call.id, call.started_at, call.still_active_90d, call.notes, reason.label_he, reason.label_en,
                  m.Disposition.label_he.label("disp_he"), m.Disposition.label_en.label("disp_en"),
                  m.Disposition.counts_as_save)
        .outerjoin(reason, reason.code == call.primary_reason_code)
        .outerjoin(m.Disposition, m.Disposition.code == call.disposition_code)
        .where(call.customer_id == customer_id)
        .order_by(call.started_at.desc())
    ).all()
    if not calls:
        return ()
    offers: dict[uuid.UUID, list[OfferMade]] = {}
    for r in session.execute(
        sa.select(m.OfferPresentation.call_id, m.Offer.title_he, m.Offer.title_en, m.OfferPresentation.response,
                  m.OfferPresentation.still_active_90d)
        .join(m.Offer, m.Offer.id == m.OfferPresentation.offer_id)
        .where(m.OfferPresentation.customer_id == customer_id)
        .order_by(m.OfferPresentation.presented_at)
    ):
        offers.setdefault(r.call_id, []).append(
            OfferMade(r.title_he, r.title_en, d.OfferResponse(r.response), r.still_active_90d))
    return tuple(
        RetentionAttempt(c.started_at, c.label_he, c.label_en, c.disp_he, c.disp_en, bool(c.counts_as_save),
                         c.still_active_90d, tuple(offers.get(c.id, ())), c.notes)
        for c in calls
    )


def load_caller_360(session: Session, customer_id: uuid.UUID, today: date | None = None) -> Caller360 | None:
    """The whole caller 360 in one unit of work (the screen pop's service call)."""
    profile = load_profile(session, customer_id)
    if profile is None:
        return None
    return Caller360(profile, load_history(session, profile, today or datetime.now(UTC).date()))


def pop_caller(
    session: Session, raw: str, region: str = DEFAULT_REGION, today: date | None = None, full: bool = True
) -> CallerLookup:
    """Find who is calling from ``raw`` (any way of writing the number).

    With one match, the profile comes back too, and with ``full`` the whole history: one
    service call, one unit of work. The GUI asks for the profile first (``full=False``) to
    paint the header at once, then for the history.
    """
    try:
        e164 = to_e164(raw, region)
    except PhoneNumberError as exc:
        return CallerLookup(raw=raw, e164=None, matches=(), error=str(exc))
    matches = tuple(find_by_phone(session, e164))
    if len(matches) != 1:
        return CallerLookup(raw=raw, e164=e164, matches=matches)
    profile = load_profile(session, matches[0].id)
    history = None
    if full and profile is not None:
        history = load_history(session, profile, today or datetime.now(UTC).date())
    return CallerLookup(raw=raw, e164=e164, matches=matches, profile=profile, history=history)


# --- search ------------------------------------------------------------------------------


def _prefix(session: Session, column: sa.ColumnElement[str], text: str) -> sa.ColumnElement[bool]:
    """``column`` starts with ``text``, as an index range scan on either database."""
    if session.get_bind().dialect.name == "postgresql":
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(escaped + "%", escape="\\")
    # SQLite compares UTF-8 bytes: everything that starts with text sorts below text + U+10FFFF.
    return sa.and_(column >= text, column < text + "\U0010ffff")


def search_customers(
    session: Session, text: str, region: str = DEFAULT_REGION, limit: int = SEARCH_LIMIT
) -> list[CustomerMatch]:
    """Customers by phone (any format, or its first or last digits), name in Hebrew or Latin
    letters (each word a prefix), account number, email, or the whole national ID or its last
    four digits (:func:`~agent_desk.security.sensitive.national_id_condition`).

    Raises :class:`~agent_desk.search.SearchTooLong` for text over the caps (8 words, 200
    characters) before any SQL is sent.
    """
    text = check_search_text(text)
    if not text:
        return []
    c = m.Customer
    number = digits(text)
    conditions: list[sa.ColumnElement[bool]] = []
    phone_ids: sa.Select | None = None
    if "@" in text:
        conditions.append(_prefix(session, c.email, text.lower()))
    elif _SEPARATORS.sub("", text).isdigit():
        # Mostly digits: a phone number, an account number or the end of a national ID.
        phone_conditions = []
        with contextlib.suppress(PhoneNumberError):  # not a whole number: prefixes below
            phone_conditions.append(m.CustomerPhone.e164 == to_e164(text, region))
        if len(number) >= 3:
            if number.startswith("0"):
                phone_conditions.append(_prefix(session, m.CustomerPhone.e164, "+972" + number[1:]))
            elif number.startswith("972"):
                phone_conditions.append(_prefix(session, m.CustomerPhone.e164, "+" + number))
            phone_conditions.append(_prefix(session, m.CustomerPhone.e164_reversed, number[::-1]))
            by_national_id = national_id_condition(session, number, limit)
            if by_national_id is not None:
                conditions.append(by_national_id)
        conditions.append(_prefix(session, c.account_number, number))
        if phone_conditions:
            phone_ids = sa.select(m.CustomerPhone.customer_id).where(sa.or_(*phone_conditions))
    else:
        words = name_key(text).split()
        if not words:
            return []
        for word in words:
            conditions.append(sa.or_(*(
                _prefix(session, column, word)
                for column in (c.first_name_key, c.last_name_key, c.first_latin_key, c.last_latin_key)
            )))
        rows = session.execute(sa.select(*_MATCH_COLUMNS).where(sa.and_(*conditions)).limit(limit))
        return sorted((_match(r) for r in rows), key=lambda x: (x.last_name, x.first_name, x.account_number))
    found: dict[uuid.UUID, CustomerMatch] = {}
    queries = [sa.select(*_MATCH_COLUMNS).where(condition).limit(limit) for condition in conditions]
    if phone_ids is not None:
        queries.insert(0, sa.select(*_MATCH_COLUMNS).where(c.id.in_(phone_ids)).limit(limit))
    for query in queries:
        for row in session.execute(query):
            found.setdefault(row.id, _match(row))
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


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
    # The latest correction of this call, if any: the outcome it gave, and why.
    corrected_he: str | None = None
    corrected_en: str | None = None
    correction_reason: str | None = None


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
    session: Session, now: datetime | None = None, days: int = 30, recent: int = 200,
    team_id: uuid.UUID | None = None,
) -> LeadOverview:
    """Results of the last ``days`` days by *corrected* outcome, and the newest calls.

    A call a lead corrected counts under its newest correction's outcome, as in the call log
    and the dashboards (:func:`agent_desk.data.call_log.outcome_counts`); the newest calls
    show their own outcome and, beside it, what it was corrected to and why. ``team_id``: one
    team's calls only (a team lead's; on PostgreSQL row-level security narrows it anyway).
    """
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    call = m.RetentionCall
    counts = call_log.outcome_counts(session, since, team_id=team_id)
    by_disposition = tuple(
        DispositionCount(disp.code, disp.label_he, disp.label_en, disp.counts_as_save, counts.get(disp.code, 0))
        for disp in session.scalars(sa.select(m.Disposition).order_by(m.Disposition.sort_order))
    )
    reason = sa.orm.aliased(m.CancellationReason)
    newest = (
        sa.select(call, m.Agent.display_name, m.Customer.first_name, m.Customer.last_name,
                  reason.label_he, reason.label_en, m.Disposition.label_he, m.Disposition.label_en)
        .join(m.Agent, m.Agent.id == call.agent_id)
        .outerjoin(m.Customer, m.Customer.id == call.customer_id)
        .outerjoin(reason, reason.code == call.primary_reason_code)
        .outerjoin(m.Disposition, m.Disposition.code == call.disposition_code)
        .where(call.started_at <= now, call.amends_call_id.is_(None))
    )
    if team_id is not None:
        newest = newest.where(m.Agent.team_id == team_id)
    rows = session.execute(newest.order_by(call.started_at.desc()).limit(recent)).all()
    ids = [r[0].id for r in rows]
    # The newest change of each call's outcome: a lead's correction (call_corrections) or an
    # amended copy of the call (amends_call_id); the later of the two wins.
    changes: dict[uuid.UUID, tuple[datetime, str | None, str | None, str | None]] = {}

    def keep(call_id: uuid.UUID, at: datetime, label_he: str | None, label_en: str | None, why: str | None) -> None:
        if call_id not in changes or at >= changes[call_id][0]:
            changes[call_id] = (at, label_he, label_en, why)

    for original, at, label_he, label_en, why in session.execute(
        sa.select(call.amends_call_id, call.submitted_at, m.Disposition.label_he, m.Disposition.label_en,
                  call.amendment_reason)
        .outerjoin(m.Disposition, m.Disposition.code == call.disposition_code)
        .where(call.amends_call_id.in_(ids))
        .order_by(call.submitted_at)
    ):
        keep(original, at or now, label_he, label_en, why)
    cc = m.CallCorrection
    for call_id, at, label_he, label_en, why in session.execute(
        sa.select(cc.call_id, cc.corrected_at, m.Disposition.label_he, m.Disposition.label_en, cc.why)
        .outerjoin(m.Disposition, m.Disposition.code == cc.new_value)
        .where(cc.call_id.in_(ids), cc.field == "outcome")
        .order_by(cc.corrected_at, cc.id)
    ):
        keep(call_id, at, label_he, label_en, why)
    log = tuple(
        CallLogRow(
            started_at=c.started_at, agent_name=agent,
            customer_name=f"{first} {last}" if first else "",
            reason_he=r_he, reason_en=r_en, disposition_he=d_he, disposition_en=d_en,
            handle_seconds=int((c.ended_at - c.started_at).total_seconds()) if c.ended_at else None,
            corrected_he=changes[c.id][1] if c.id in changes else None,
            corrected_en=changes[c.id][2] if c.id in changes else None,
            correction_reason=changes[c.id][3] if c.id in changes else None,
        )
        for c, agent, first, last, r_he, r_en, d_he, d_en in rows
    )
    return LeadOverview(since=since, by_disposition=by_disposition, recent=log)


@dataclass(frozen=True)
class ApprovalContext:
    """Beside an approval request: who the customer is and how far the agent may go alone."""

    request_id: uuid.UUID
    agent_authority: Decimal
    customer_since: date | None
    monthly_revenue: Decimal
    products: int
    open_cases: int


def approval_context(session: Session, request_ids: list[uuid.UUID]) -> dict[uuid.UUID, ApprovalContext]:
    """The customer's summary and the asking agent's authority for each request."""
    if not request_ids:
        return {}
    r, call, c, s, i = m.ApprovalRequest, m.RetentionCall, m.Customer, m.Subscription, m.Interaction
    rows = session.execute(
        sa.select(r.id, m.Agent.offer_authority, call.customer_id, c.customer_since)
        .join(m.Agent, m.Agent.id == r.requested_by)
        .join(call, call.id == r.call_id)
        .outerjoin(c, c.id == call.customer_id)
        .where(r.id.in_(request_ids))
    ).all()
    customers = [row.customer_id for row in rows if row.customer_id is not None]
    revenue: dict[uuid.UUID, tuple[Decimal, int]] = {
        row[0]: (row[1] or Decimal(0), row[2]) for row in session.execute(
            sa.select(s.customer_id, sa.func.sum(s.monthly_price), sa.func.count())
            .where(s.customer_id.in_(customers), s.status != d.SubscriptionStatus.CANCELLED)
            .group_by(s.customer_id))
    }
    cases = dict(session.execute(
        sa.select(i.customer_id, sa.func.count())
        .where(i.customer_id.in_(customers), i.case_status.in_((d.CaseStatus.OPEN, d.CaseStatus.IN_PROGRESS)))
        .group_by(i.customer_id)
    ).all())
    return {
        row.id: ApprovalContext(
            row.id, row.offer_authority or Decimal(0), row.customer_since,
            Decimal(revenue.get(row.customer_id, (Decimal(0), 0))[0]), revenue.get(row.customer_id, (0, 0))[1],
            int(cases.get(row.customer_id, 0)))
        for row in rows
    }
