"""The domain schema: SQLAlchemy 2.0 typed models, portable to SQLite and PostgreSQL.

Conventions (see ``docs/data-model.md``):

* rows that clients create have client-made UUIDv7 keys (:func:`agent_desk.ids.new_id`),
  so an offline client can create them and sync later without duplicates;
* reference data that admins curate (reasons, dispositions) is keyed by a stable code;
* every timestamp is timezone-aware UTC (:class:`UTCDateTime`), money is ``Decimal``;
* every constraint and index is named through :data:`NAMING_CONVENTION`, so migrations
  can drop and alter them on both databases.

Every change here needs an alembic revision in ``migrations/versions``; the schema test
fails otherwise.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from agent_desk import domain as d
from agent_desk.data.types import Money, UTCDateTime
from agent_desk.ids import new_id
from agent_desk.search import name_key, reversed_digits

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def _enum(kind: type[StrEnum]) -> sa.Enum:
    # Stored as VARCHAR: a new value is a code change, not an ALTER TYPE on PostgreSQL.
    return sa.Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        Decimal: Money(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
        uuid.UUID: sa.Uuid(),
    }


class ClientRow:
    """Mixin for rows that clients create: a UUIDv7 key and a creation time."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id, sort_order=-100)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- people ------------------------------------------------------------------------------


class Team(ClientRow, Base):
    __tablename__ = "teams"

    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    site: Mapped[str | None] = mapped_column(sa.String(100))
    # Minutes after which an overdue personal callback moves to the team queue.
    callback_escalation_minutes: Mapped[int] = mapped_column(default=30)

    agents: Mapped[list[Agent]] = relationship(back_populates="team")


class Agent(ClientRow, Base):
    """A user of the app: agent, team lead or admin."""

    __tablename__ = "agents"
    # No RETURNING of server defaults (gender): the insert names only the columns it sets.
    __mapper_args__ = {"eager_defaults": False}

    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[d.Role] = mapped_column(_enum(d.Role))
    team_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("teams.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(8), default="he")
    # Which Hebrew form the script's words take in the agent's mouth ({agent:מבין|מבינה}).
    # Unknown by the server's default only: an insert that does not name it leaves the column
    # out, so code written against an older schema (and its tests) still inserts agents.
    gender: Mapped[d.Gender] = mapped_column(_enum(d.Gender), server_default=sa.text("'unknown'"))
    # Offers whose cost exceeds this need a team lead's approval.
    offer_authority: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    offer_kinds: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)

    team: Mapped[Team | None] = relationship(back_populates="agents")


# --- customers ---------------------------------------------------------------------------


class Customer(ClientRow, Base):
    """A customer's profile: who they are, how to reach them, what they agreed to."""

    __tablename__ = "customers"

    account_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80))
    # Names in Latin letters for search and for agents who do not read the script.
    first_name_latin: Mapped[str | None] = mapped_column(sa.String(80))
    last_name_latin: Mapped[str | None] = mapped_column(sa.String(80))
    # Sensitive: deferred, so loading a customer never reads it (on PostgreSQL the desk roles have
    # no SELECT on it at all; agent_desk.security.sensitive masks and reveals it).
    national_id: Mapped[str | None] = mapped_column(sa.String(9), index=True, deferred=True)
    birth_date: Mapped[date | None]
    gender: Mapped[d.Gender] = mapped_column(_enum(d.Gender), default=d.Gender.UNKNOWN)
    city: Mapped[str | None] = mapped_column(sa.String(80))
    region: Mapped[str | None] = mapped_column(sa.String(40))
    family_status: Mapped[d.FamilyStatus] = mapped_column(
        _enum(d.FamilyStatus), default=d.FamilyStatus.UNKNOWN
    )
    occupation: Mapped[str | None] = mapped_column(sa.String(120))
    interests: Mapped[list[Any]] = mapped_column(default=list)
    preferred_language: Mapped[str] = mapped_column(sa.String(8), default="he")
    email: Mapped[str | None] = mapped_column(sa.String(200))
    consent_marketing: Mapped[bool] = mapped_column(default=False)
    consent_sms: Mapped[bool] = mapped_column(default=False)
    consent_email: Mapped[bool] = mapped_column(default=False)
    consent_calls: Mapped[bool] = mapped_column(default=False)
    value_tier: Mapped[d.ValueTier] = mapped_column(_enum(d.ValueTier), default=d.ValueTier.BRONZE)
    status: Mapped[d.CustomerStatus] = mapped_column(
        _enum(d.CustomerStatus), default=d.CustomerStatus.ACTIVE
    )
    customer_since: Mapped[date]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Search keys (agent_desk.search), kept in step by the mapper events at the end of
    # this module: prefix searches on them use an index on both databases.
    first_name_key: Mapped[str] = mapped_column(sa.String(80), default="", server_default=sa.text("''"))
    last_name_key: Mapped[str] = mapped_column(sa.String(80), default="", server_default=sa.text("''"))
    first_latin_key: Mapped[str] = mapped_column(sa.String(80), default="", server_default=sa.text("''"))
    last_latin_key: Mapped[str] = mapped_column(sa.String(80), default="", server_default=sa.text("''"))
    national_id_reversed: Mapped[str | None] = mapped_column(sa.String(9), deferred=True)
    # The customer's key in the CRM it was imported from (agent-desk import): a re-import
    # updates the row it names instead of adding another.
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)

    __table_args__ = tuple(
        sa.Index(f"ix_customers_{column}", column, postgresql_ops={column: "varchar_pattern_ops"})
        for column in ("first_name_key", "last_name_key", "first_latin_key", "last_latin_key",
                       "national_id_reversed", "email")
    )

    phones: Mapped[list[CustomerPhone]] = relationship(back_populates="customer")
    subscriptions: Mapped[list[Subscription]] = relationship(back_populates="customer")


class CustomerPhone(ClientRow, Base):
    """A phone number in E.164; one number may belong to several customers (families)."""

    __tablename__ = "customer_phones"
    __table_args__ = (
        sa.UniqueConstraint("customer_id", "e164"),
        sa.Index("ix_customer_phones_e164", "e164", postgresql_ops={"e164": "varchar_pattern_ops"}),
        sa.Index("ix_customer_phones_e164_reversed", "e164_reversed",
                 postgresql_ops={"e164_reversed": "varchar_pattern_ops"}),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"))
    e164: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[d.PhoneKind] = mapped_column(_enum(d.PhoneKind))
    is_primary: Mapped[bool] = mapped_column(default=False)
    # Digits last-first, for "the number ends in 4567" searches.
    e164_reversed: Mapped[str] = mapped_column(sa.String(16), default="", server_default=sa.text("''"))

    customer: Mapped[Customer] = relationship(back_populates="phones")


class Product(ClientRow, Base):
    """A plan or product the company sells (the catalogue, not a customer's holding)."""

    __tablename__ = "products"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    category: Mapped[d.ProductCategory] = mapped_column(_enum(d.ProductCategory))
    name_he: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    list_price: Mapped[Decimal]
    commitment_months: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Subscription(ClientRow, Base):
    """A customer's holding of a product, with its price and commitment."""

    __tablename__ = "subscriptions"

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("products.id"), index=True)
    monthly_price: Mapped[Decimal]
    started_on: Mapped[date]
    commitment_end: Mapped[date | None]
    status: Mapped[d.SubscriptionStatus] = mapped_column(_enum(d.SubscriptionStatus))
    cancel_requested_at: Mapped[datetime | None]
    cancel_effective_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    # The billing system's key (agent-desk import): a re-import updates, never duplicates.
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)

    customer: Mapped[Customer] = relationship(back_populates="subscriptions")
    product: Mapped[Product] = relationship()


class BillingEvent(ClientRow, Base):
    """An invoice, payment, late payment, price change, credit or refund."""

    __tablename__ = "billing_events"
    __table_args__ = (sa.Index(None, "customer_id", "occurred_at"),)

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"))
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("subscriptions.id"))
    kind: Mapped[d.BillingKind] = mapped_column(_enum(d.BillingKind))
    occurred_at: Mapped[datetime]
    amount: Mapped[Decimal]
    # For a price change: the price before (``amount`` is the price after).
    previous_amount: Mapped[Decimal | None]
    due_on: Mapped[date | None]
    days_late: Mapped[int | None]
    description: Mapped[str | None] = mapped_column(sa.String(200))


class Interaction(ClientRow, Base):
    """Any past contact with the customer: call, complaint, ticket, purchase, note..."""

    __tablename__ = "interactions"
    __table_args__ = (sa.Index(None, "customer_id", "occurred_at"),)

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    kind: Mapped[d.InteractionKind] = mapped_column(_enum(d.InteractionKind))
    channel: Mapped[d.Channel] = mapped_column(_enum(d.Channel))
    direction: Mapped[d.Direction] = mapped_column(_enum(d.Direction))
    occurred_at: Mapped[datetime]
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str | None] = mapped_column(sa.Text)
    # Complaints and tickets have a status; other kinds leave it empty.
    case_status: Mapped[d.CaseStatus | None] = mapped_column(_enum(d.CaseStatus))
    resolved_at: Mapped[datetime | None]
    pinned: Mapped[bool] = mapped_column(default=False)
    # The CRM's key for an imported contact (agent-desk import): a re-import updates it.
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)


class CustomerAttribute(Base):
    """A column of an imported CRM export that has no field of its own, kept typed per
    customer (``kind`` says which of the three values is set). The 360 shows them and the
    risk model may learn from them."""

    __tablename__ = "customer_attributes"

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8))  # 'text' | 'number' | 'bool'
    text_value: Mapped[str | None] = mapped_column(sa.String(500))
    number_value: Mapped[float | None]
    bool_value: Mapped[bool | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyResponse(ClientRow, Base):
    """A CSAT (1-5) or NPS (0-10) answer, and whether a referral was asked for."""

    __tablename__ = "survey_responses"
    __table_args__ = (sa.Index(None, "customer_id", "responded_at"),)

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"))
    call_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("retention_calls.id"))
    kind: Mapped[d.SurveyKind] = mapped_column(_enum(d.SurveyKind))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(sa.Text)
    referral_asked: Mapped[bool] = mapped_column(default=False)
    referral_given: Mapped[bool] = mapped_column(default=False)
    responded_at: Mapped[datetime]


# --- the retention call ------------------------------------------------------------------


class CancellationReason(Base):
    """A node of the configurable reason tree (``parent_code`` makes the tree)."""

    __tablename__ = "cancellation_reasons"

    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(sa.ForeignKey("cancellation_reasons.code"))
    label_he: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    # Death or business closure: no save attempt, sensitive wording.
    no_save_attempt: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Disposition(Base):
    """How a call ended (saved, cancelled, callback scheduled...)."""

    __tablename__ = "dispositions"

    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label_he: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    counts_as_save: Mapped[bool] = mapped_column(default=False)
    is_cancellation: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class CallScriptVersion(ClientRow, Base):
    """An immutable published version of a call script (YAML source kept verbatim)."""

    __tablename__ = "call_script_versions"
    __table_args__ = (sa.UniqueConstraint("script_key", "version"),)

    script_key: Mapped[str] = mapped_column(sa.String(80))
    version: Mapped[int]
    title_he: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))


class Incident(ClientRow, Base):
    """An outage or crisis event (אירוע משברי) and what agents should tell callers."""

    __tablename__ = "incidents"

    title_he: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    severity: Mapped[d.IncidentSeverity] = mapped_column(_enum(d.IncidentSeverity))
    product_category: Mapped[d.ProductCategory | None] = mapped_column(_enum(d.ProductCategory))
    region: Mapped[str | None] = mapped_column(sa.String(40))
    # Several products and areas (0015): JSON lists of ProductCategory values and regions;
    # NULL falls back to the single column above, and both NULL means every one.
    product_categories: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    regions: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    started_at: Mapped[datetime]
    expected_end_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    talking_points_he: Mapped[str | None] = mapped_column(sa.Text)
    talking_points_en: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))


class RetentionCall(ClientRow, Base):
    """One retention call and its wrap-up. Immutable once submitted: a correction is a
    new row that ``amends_call_id`` the original, with who, when and why."""

    __tablename__ = "retention_calls"
    __table_args__ = (
        sa.Index(None, "customer_id", "started_at"),
        sa.Index(None, "agent_id", "started_at"),
    )

    # Empty for an unknown caller; the call is linked to a customer later.
    customer_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("customers.id"))
    caller_e164: Mapped[str | None] = mapped_column(sa.String(16), index=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"))
    direction: Mapped[d.CallDirection] = mapped_column(
        _enum(d.CallDirection), default=d.CallDirection.INBOUND
    )
    # Indexed alone for the team lead's call log (newest first, across agents).
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    wrapup_ended_at: Mapped[datetime | None]
    primary_reason_code: Mapped[str | None] = mapped_column(
        sa.ForeignKey("cancellation_reasons.code")
    )
    secondary_reason_code: Mapped[str | None] = mapped_column(
        sa.ForeignKey("cancellation_reasons.code")
    )
    competitor: Mapped[str | None] = mapped_column(sa.String(80))
    # What script steps captured that has no column of its own ({"new_address": ..., "move_date":
    # ISO date}), NULL when nothing was; the competitor has its column above, not repeated here.
    captured: Mapped[dict[str, Any] | None]
    disposition_code: Mapped[str | None] = mapped_column(
        sa.ForeignKey("dispositions.code"), index=True
    )
    script_version_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("call_script_versions.id")
    )
    # [{"step": ..., "answer": ..., "at": ISO-8601}, ...] as recorded by the script runner.
    script_path: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    incident_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("incidents.id"))
    cancellation_requested_at: Mapped[datetime | None]
    cancellation_effective_on: Mapped[date | None]
    # What the customer is told for a cancellation; made on the desk, unique across desks
    # (agent_desk.ids.new_confirmation_number). Amendments leave it to the original.
    confirmation_number: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    # Filled by the 90-day check: was the save still a save?
    still_active_90d: Mapped[bool | None]
    submitted_at: Mapped[datetime | None]
    amends_call_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("retention_calls.id"))
    amendment_reason: Mapped[str | None] = mapped_column(sa.Text)


class Offer(ClientRow, Base):
    """A save offer in the catalog, with its terms, cost model and eligibility rules."""

    __tablename__ = "offers"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    kind: Mapped[d.OfferKind] = mapped_column(_enum(d.OfferKind))
    title_he: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    talking_points_he: Mapped[str | None] = mapped_column(sa.Text)
    talking_points_en: Mapped[str | None] = mapped_column(sa.Text)
    # Kind-specific terms, e.g. {"percent": 20, "months": 6}.
    terms: Mapped[dict[str, Any]] = mapped_column(default=dict)
    monthly_cost: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    one_off_cost: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    duration_months: Mapped[int] = mapped_column(default=0)
    # Declarative eligibility rules (the offers' condition language).
    eligibility: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # An agent whose authority is below this needs a team lead's approval.
    required_authority: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)


class OfferPresentation(ClientRow, Base):
    """An offer made on a call and what the customer said to it."""

    __tablename__ = "offer_presentations"
    __table_args__ = (sa.Index(None, "customer_id", "presented_at"),)

    call_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("retention_calls.id"), index=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("offers.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("customers.id"))
    presented_at: Mapped[datetime]
    response: Mapped[d.OfferResponse] = mapped_column(_enum(d.OfferResponse))
    responded_at: Mapped[datetime | None]
    p_save: Mapped[float | None]
    expected_value: Mapped[Decimal | None]
    cost: Mapped[Decimal | None]
    still_active_90d: Mapped[bool | None]
    checked_at: Mapped[datetime | None]


class OfferSaveRate(Base):
    """How often an offer saved the customer, per cancellation reason and value tier.

    Counts, not probabilities: the ranking smooths them toward the offer's and the whole
    desk's rates, so thin data gives a cautious estimate. Rebuilt by
    ``agent-desk offers refresh-rates`` from the presentations on record.
    """

    __tablename__ = "offer_save_rates"

    offer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("offers.id"), primary_key=True)
    reason_code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    segment: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    presented: Mapped[int]
    saved: Mapped[int]
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApprovalRequest(ClientRow, Base):
    """An agent's request for a team lead to approve an offer above the agent's authority."""

    __tablename__ = "approval_requests"
    __table_args__ = (sa.Index(None, "team_id", "status"),)

    call_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("retention_calls.id"), index=True)
    presentation_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("offer_presentations.id")
    )
    offer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("offers.id"))
    requested_by: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("teams.id"))
    requested_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    status: Mapped[d.ApprovalStatus] = mapped_column(_enum(d.ApprovalStatus))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)


class Callback(ClientRow, Base):
    """A scheduled call back to a customer, owned by an agent or a team's queue."""

    __tablename__ = "callbacks"
    __table_args__ = (
        sa.Index(None, "owner_agent_id", "status", "due_at"),
        sa.Index(None, "owner_team_id", "status", "due_at"),
    )

    customer_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("customers.id"))
    call_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("retention_calls.id"))
    phone_e164: Mapped[str | None] = mapped_column(sa.String(16))
    owner_agent_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    owner_team_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("teams.id"))
    due_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[d.CallbackStatus] = mapped_column(_enum(d.CallbackStatus))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    escalated_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class Referral(ClientRow, Base):
    """Someone a satisfied customer recommended (חבר מביא חבר)."""

    __tablename__ = "referrals"

    referring_customer_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("customers.id"), index=True
    )
    call_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("retention_calls.id"))
    name: Mapped[str] = mapped_column(sa.String(160))
    phone_e164: Mapped[str] = mapped_column(sa.String(16))
    consent: Mapped[bool]
    status: Mapped[d.ReferralStatus] = mapped_column(
        _enum(d.ReferralStatus), default=d.ReferralStatus.NEW
    )


class QaRubricCriterion(ClientRow, Base):
    """One criterion of a version of the QA scoring rubric (migration 0014): scored 0..scale,
    counting ``weight`` in the review's total. A new version is new rows; reviews keep theirs."""

    __tablename__ = "qa_rubrics"
    __table_args__ = (
        sa.UniqueConstraint("version", "code"),
        sa.CheckConstraint("weight > 0 AND scale BETWEEN 1 AND 10", name="weight_and_scale"),
    )

    version: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(40))
    label_he: Mapped[str] = mapped_column(sa.String(200))
    label_en: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[int]
    scale: Mapped[int]
    sort_order: Mapped[int] = mapped_column(default=0)


class QaReview(ClientRow, Base):
    """A team lead's quality review of a call, and the agent's answer to it.

    ``score`` is the weighted total (0-100) of ``scores`` (criterion code -> points) on rubric
    ``rubric_version``. ``status``: sent, then acknowledged or disputed by the call's agent
    (``agent_comment``, ``answered_at``), a dispute later resolved by the reviewer."""

    __tablename__ = "qa_reviews"

    call_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("retention_calls.id"), index=True)
    reviewer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"))
    reviewed_at: Mapped[datetime]
    score: Mapped[int]
    checklist: Mapped[dict[str, Any]] = mapped_column(default=dict)
    comments: Mapped[str | None] = mapped_column(sa.Text)
    rubric_version: Mapped[int | None]
    scores: Mapped[dict[str, Any] | None]
    status: Mapped[str] = mapped_column(sa.String(16), default="sent", server_default=sa.text("'sent'"), index=True)
    agent_comment: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None]


class AuditEvent(ClientRow, Base):
    """Who did what to which row, for compliance and for the team lead's review.

    On PostgreSQL, triggers write a row for every change to people's work and the admin
    tables (``source`` 'db', ``action`` insert/update/delete, the changed values), and the
    server stamps every row, the app's own included (``source`` 'app'), with who, when, from
    where and which mutation; nobody can alter or delete one (migration 0009,
    ``docs/security.md``). On SQLite the app's rows are all there is.
    """

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index(None, "entity_type", "entity_id"), sa.Index(None, "team_id", "occurred_at"))

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    action: Mapped[str] = mapped_column(sa.String(60))
    entity_type: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Stamped by the server (PostgreSQL); no server defaults, so an insert needs no RETURNING
    # (agents may write audit rows but not read them).
    db_user: Mapped[str | None] = mapped_column(sa.String(64))
    client_addr: Mapped[str | None] = mapped_column(sa.String(64))
    application: Mapped[str | None] = mapped_column(sa.String(64))
    mutation_id: Mapped[str | None] = mapped_column(sa.String(64))
    source: Mapped[str | None] = mapped_column(sa.String(8))
    # The acting person's team when it happened: what a team lead's read of the audit keys on.
    team_id: Mapped[uuid.UUID | None]
    old_values: Mapped[dict[str, Any] | None]
    new_values: Mapped[dict[str, Any] | None]


class ChurnWeight(Base):
    """One factor of the churn-risk score and its weight (tuned without a release)."""

    __tablename__ = "churn_weights"

    factor: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    weight: Mapped[float]
    label_he: Mapped[str] = mapped_column(sa.String(200))
    label_en: Mapped[str] = mapped_column(sa.String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RiskModel(ClientRow, Base):
    """A churn-risk model learned from the desk's own history (``agent-desk risk train``).

    Rows are never changed after training, except ``active``: the desk scores with the
    newest active model and falls back to the hand-set ``churn_weights`` when there is none.
    ``features`` is everything scoring needs in plain Python: per feature its source (a
    standard fact or a custom attribute), how it is encoded (mean and scale, or the category
    it flags), its weight and its labels (see ``agent_desk.risk.model``).
    """

    __tablename__ = "risk_models"

    version: Mapped[int] = mapped_column(unique=True)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)
    intercept: Mapped[float]
    features: Mapped[list[Any]]
    # Held-out ROC AUC of this model, and of a plain logistic regression on the standard
    # facts measured on the same split (the figure to beat).
    auc_holdout: Mapped[float]
    auc_baseline: Mapped[float | None]
    train_rows: Mapped[int]
    holdout_rows: Mapped[int]
    cancelled_rows: Mapped[int]
    # How it was trained: as-of date, regularisation, customers left out and why.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


# --- the lead console: corrections and saved filters (migration 0010) ------------------


class CallCorrection(ClientRow, Base):
    """A team lead's correction of a submitted call: a new row, never an edit of the call.

    The call's effective value of ``field`` is the newest correction's ``new_value`` (by
    ``corrected_at``, then ``id``), else the call's own column; every figure counts that
    (``agent_desk.data.call_log``).
    """

    __tablename__ = "call_corrections"
    __table_args__ = (
        sa.Index("ix_call_corrections_call_field", "call_id", "field", "corrected_at"),
        # The calls corrected to an outcome, newest call first (the call log's outcome filter).
        sa.Index("ix_call_corrections_field_value", "field", "new_value", "call_started_at", "call_id"),
        sa.CheckConstraint("length(trim(why)) > 0", name="why_given"),
    )

    call_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("retention_calls.id"))
    # The call's own start (a submitted call never changes), so the calls corrected to an
    # outcome are read newest first from this table's index, not sorted after reading them all.
    call_started_at: Mapped[datetime]
    corrected_by: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"))
    corrected_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "outcome" (a disposition code), "reason" (a cancellation reason code), "competitor".
    field: Mapped[str] = mapped_column(sa.String(24))
    old_value: Mapped[str | None] = mapped_column(sa.String(200))
    new_value: Mapped[str | None] = mapped_column(sa.String(200))
    why: Mapped[str] = mapped_column(sa.Text)


class SavedFilter(ClientRow, Base):
    """A call-log filter a person keeps under a name (``CallFilter.to_json``)."""

    __tablename__ = "saved_filters"
    __table_args__ = (sa.UniqueConstraint("owner_id", "name"),)

    owner_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"))
    name: Mapped[str] = mapped_column(sa.String(100))
    filter: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# The call log's filters, each led by its column and then the time the log sorts by, so a
# filtered page is an index range read newest first (``agent_id`` and ``started_at`` alone
# have theirs on RetentionCall already).
for _name, _column in (("ix_call_log_reason", RetentionCall.primary_reason_code),
                       ("ix_call_log_outcome", RetentionCall.disposition_code),
                       ("ix_call_log_incident", RetentionCall.incident_id),
                       ("ix_call_log_script_version", RetentionCall.script_version_id)):
    sa.Index(_name, _column, RetentionCall.started_at)
del _name, _column

# The lead's dashboards (agent_desk/data/dashboards.py) aggregate a range of original calls by
# day. Every column they read is in this index, so PostgreSQL answers from the index alone:
# calls are seldom stored in the order they started, and fetching their rows for a quarter
# would read most of the table (migration 0013).
sa.Index("ix_dashboard_calls", RetentionCall.started_at,
         postgresql_include=["agent_id", "disposition_code", "primary_reason_code", "ended_at", "wrapup_ended_at",
                             "still_active_90d", "customer_id", "id"],
         postgresql_where=RetentionCall.amends_call_id.is_(None), sqlite_where=RetentionCall.amends_call_id.is_(None))


# --- the proactive work queue (migration 0012) ------------------------------------------


class QueueRule(Base):
    """A rule of the proactive work queue, kept as data (``agent-desk queue rules load``).

    ``kind`` says which generator it drives (``agent_desk.proactive.rules.RULE_KINDS``);
    ``params`` its kind's settings (days after a purchase, the risk threshold, holidays...).
    A marketing rule (greetings, added value) reaches only customers who consented to
    marketing and to its ``channel``.
    """

    __tablename__ = "queue_rules"

    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24))
    enabled: Mapped[bool] = mapped_column(default=True)
    title_he: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    priority: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(sa.String(8), default="phone")
    needs_marketing_consent: Mapped[bool] = mapped_column(default=False)
    script_key: Mapped[str | None] = mapped_column(sa.String(80))
    # At most this many new tasks of the rule a day (the best first); NULL: no limit.
    daily_limit: Mapped[int | None]
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QueuePolicy(Base):
    """The contact policy's settings by name (contact cap, calling hours...), as JSON values."""

    __tablename__ = "queue_policy"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WorkTask(ClientRow, Base):
    """One proactive contact to make: who, why, how urgent, and what came of it.

    Made on the server by ``agent-desk queue generate`` (set-based, idempotent for a day).
    ``reason_key`` names the very occasion (a callback, a purchase, a birthday's year, a
    holiday), so the same occasion never makes a second task; at most one task per
    customer, kind and day. At most one claimed task per customer: two agents never call
    the same customer at once (the partial unique index ``uq_work_tasks_claimed_customer``).
    """

    __tablename__ = "work_tasks"
    __table_args__ = (
        sa.UniqueConstraint("customer_id", "kind", "due_on"),
        sa.UniqueConstraint("customer_id", "reason_key"),
        sa.Index("ix_work_tasks_queue", "status", "priority", "due_on"),
        sa.Index("ix_work_tasks_claimed_by", "claimed_by", "status"),
        sa.Index("ix_work_tasks_day", "due_on", "rule_code"),
        sa.Index("uq_work_tasks_claimed_customer", "customer_id", unique=True,
                 postgresql_where=sa.text("status = 'claimed'"), sqlite_where=sa.text("status = 'claimed'")),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"))
    rule_code: Mapped[str] = mapped_column(sa.ForeignKey("queue_rules.code"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    reason_key: Mapped[str] = mapped_column(sa.String(120))
    # What the agent is told about the occasion ({"holiday_he": "פסח", "days_to_end": 12...}).
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    priority: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(sa.String(8), default="phone")
    script_key: Mapped[str | None] = mapped_column(sa.String(80))
    # Israel calendar days: from when it may be worked, and the last day it makes sense.
    due_on: Mapped[date]
    expires_on: Mapped[date | None]
    # Whose queue: an agent's own (a callback they promised), a team's, or everyone's (both NULL).
    team_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("teams.id"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default="new")  # new claimed done skipped snoozed
    claimed_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    claimed_at: Mapped[datetime | None]
    snooze_until: Mapped[datetime | None]
    # Why it was skipped or snoozed, in the agent's words.
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    call_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("retention_calls.id"))
    done_at: Mapped[datetime | None]


# What queue generation reads by date range (purchases and complaints by kind and time,
# resolutions, commitments, price changes, answers): index range reads, not scans of the
# history; the customer and the row's key (and a price change's amounts, a survey's score)
# ride along in the index so generation reads the index alone. The outbound ones count contacts for the cap.
sa.Index("ix_interactions_kind_occurred_at", Interaction.kind, Interaction.occurred_at, Interaction.customer_id,
         Interaction.id)
sa.Index("ix_interactions_resolved_at", Interaction.resolved_at, Interaction.kind, Interaction.customer_id,
         Interaction.id, postgresql_where=Interaction.resolved_at.isnot(None),
         sqlite_where=Interaction.resolved_at.isnot(None))
sa.Index("ix_subscriptions_commitment_end", Subscription.commitment_end, Subscription.status,
         Subscription.customer_id, Subscription.id)
sa.Index("ix_subscriptions_leaving", Subscription.customer_id,
         postgresql_where=sa.text("status = 'pending_cancellation'"),
         sqlite_where=sa.text("status = 'pending_cancellation'"))
# Who may be contacted and how they rank, read for every candidate without the wide row.
sa.Index("ix_customers_queue", Customer.id, Customer.status, Customer.value_tier, Customer.consent_marketing,
         Customer.consent_calls, Customer.consent_sms, Customer.consent_email, Customer.birth_date,
         Customer.customer_since)
sa.Index("ix_billing_events_kind_occurred_at", BillingEvent.kind, BillingEvent.occurred_at, BillingEvent.customer_id,
         BillingEvent.amount, BillingEvent.previous_amount)
sa.Index("ix_survey_responses_responded_at", SurveyResponse.responded_at)
sa.Index("ix_survey_responses_latest", SurveyResponse.customer_id, SurveyResponse.responded_at, SurveyResponse.kind,
         SurveyResponse.score)
sa.Index("ix_interactions_outbound", Interaction.occurred_at, Interaction.customer_id,
         postgresql_where=sa.text("direction = 'outbound'"), sqlite_where=sa.text("direction = 'outbound'"))
sa.Index("ix_retention_calls_outbound", RetentionCall.started_at, RetentionCall.customer_id,
         postgresql_where=sa.text("direction = 'outbound'"), sqlite_where=sa.text("direction = 'outbound'"))


@sa.event.listens_for(Customer, "before_insert")
@sa.event.listens_for(Customer, "before_update")
def _customer_search_keys(_mapper: object, _connection: object, customer: Customer) -> None:
    customer.first_name_key = name_key(customer.first_name)
    customer.last_name_key = name_key(customer.last_name)
    customer.first_latin_key = name_key(customer.first_name_latin)
    customer.last_latin_key = name_key(customer.last_name_latin)
    # Only when the ID itself was set: reading a deferred ID here would load it (and on
    # PostgreSQL a desk role may not).
    if sa.inspect(customer).attrs.national_id.history.has_changes():
        customer.national_id_reversed = reversed_digits(customer.national_id) or None


@sa.event.listens_for(CustomerPhone, "before_insert")
@sa.event.listens_for(CustomerPhone, "before_update")
def _phone_search_key(_mapper: object, _connection: object, phone: CustomerPhone) -> None:
    phone.e164_reversed = reversed_digits(phone.e164)


# --- offline sync (migration 0016, agent_desk.sync) --------------------------------------


class SyncClient(Base):
    """A desk's local store, as the server knows it: whose it is and the last mutation of its
    sequence applied here, written in the same transaction as the batch (Replicache)."""

    __tablename__ = "sync_clients"

    client_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"), index=True)
    last_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_push_at: Mapped[datetime | None]


class SyncMutation(Base):
    """Every mutation applied, by its own key: a key is applied once, whatever the sequence
    logic said (the second line of defence against a duplicate)."""

    __tablename__ = "sync_mutations"

    key: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sync_clients.client_id"))
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(40))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("client_id", "seq"),)


class SyncRejection(ClientRow, Base):
    """A mutation the server refused for good, kept with its reason (shown, never dropped)."""

    __tablename__ = "sync_rejections"
    __table_args__ = (sa.UniqueConstraint("client_id", "seq"),)

    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sync_clients.client_id"))
    agent_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agents.id"), index=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    key: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(sa.String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncConflict(ClientRow, Base):
    """Two people changed the same field: the value that won, the one that lost, and who."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (sa.Index(None, "team_id", "at"),)

    table_name: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[str] = mapped_column(sa.String(80))
    field: Mapped[str] = mapped_column(sa.String(40))
    winning_value: Mapped[str | None] = mapped_column(sa.Text)
    losing_value: Mapped[str | None] = mapped_column(sa.Text)
    winner_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    loser_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("agents.id"))
    # The team of the person whose mutation found the conflict (team leads read their team's).
    team_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("teams.id"))
    mutation_key: Mapped[uuid.UUID]
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncIncarnation(Base):
    """The server's identity (one row): made at migration, made again after a restore, so
    every client's cursor from before is known to be worthless and it resyncs."""

    __tablename__ = "sync_incarnation"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    incarnation: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncChange(Base):
    """The newest change of each synced row (PostgreSQL: kept by triggers): the transaction id
    that made it (``pg_current_xact_id()``), whether it was a delete (the tombstone), and whose
    row it is (customer, agent; both NULL: reference data everyone holds)."""

    __tablename__ = "sync_changes"
    __table_args__ = (sa.Index("ix_sync_changes_xid", "xid", "table_name", "row_id"),)

    table_name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    xid: Mapped[int] = mapped_column(sa.BigInteger)
    deleted: Mapped[bool] = mapped_column(default=False)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    agent_id: Mapped[uuid.UUID | None] = mapped_column(index=True)


# --- the dashboards' daily rollup (PostgreSQL; migration 0022, agent_desk.data.rollup) ------


class DashCallDay(Base):
    """One Israeli day's calls of one agent with one (corrected) reason, summed: what the save
    rate, handle and wrap-up time and the 90-day figure read for days the rollup covers."""

    __tablename__ = "dash_call_days"
    __table_args__ = (sa.Index("ix_dash_call_days_agent_day", "agent_id", "day"),)  # a team's days

    day: Mapped[date] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(sa.String(), primary_key=True)  # '' when none
    calls: Mapped[int]  # with an outcome (corrected)
    saves: Mapped[int]
    handle_seconds: Mapped[float] = mapped_column(sa.Float)
    handled: Mapped[int]
    wrapup_seconds: Mapped[float] = mapped_column(sa.Float)
    wrapped: Mapped[int]
    checked: Mapped[int]  # saves whose 90-day verdict is in
    kept: Mapped[int]


class DashOfferDay(Base):
    """One day's calls of one agent on which one offer was presented, and the offer's accepted
    presentations on saved calls: their cost and the monthly revenue they kept."""

    __tablename__ = "dash_offer_days"
    __table_args__ = (sa.Index("ix_dash_offer_days_agent_day", "agent_id", "day"),)  # a team's days

    day: Mapped[date] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    calls: Mapped[int]
    saves: Mapped[int]
    accepted: Mapped[int]
    cost: Mapped[Decimal] = mapped_column(sa.Numeric())  # sums: no precision limit
    monthly_revenue: Mapped[Decimal] = mapped_column(sa.Numeric())


class DashFunnelDay(Base):
    """One day's calls of one agent on one script version: per step (answer '') the calls
    that reached it, and per step and answer those that gave it; step '' is the version's
    calls. ``position_sum``/``moves`` order the steps (their mean place on the path)."""

    __tablename__ = "dash_funnel_days"
    __table_args__ = (sa.Index("ix_dash_funnel_days_agent_day", "agent_id", "day"),  # a team's days
                      sa.Index("ix_dash_funnel_days_version_day", "version_id", "day"))  # a version's

    day: Mapped[date] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(sa.String(), primary_key=True)
    answer: Mapped[str] = mapped_column(sa.String(), primary_key=True)
    calls: Mapped[int]
    saves: Mapped[int]
    losses: Mapped[int]
    ended: Mapped[int]
    position_sum: Mapped[int] = mapped_column(sa.BigInteger)
    moves: Mapped[int]


class DashRepeatDay(Base):
    """One day's calls of known customers taken by one agent, and the repeats among them."""

    __tablename__ = "dash_repeat_days"
    __table_args__ = (sa.Index("ix_dash_repeat_days_agent_day", "agent_id", "day"),)  # a team's days

    day: Mapped[date] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    calls: Mapped[int]
    repeats: Mapped[int]


class DashDirtyDay(Base):
    """A day whose rolled-up figures a committed change has made stale (kept by triggers on
    calls, corrections and offer presentations): the dashboards read it from the calls until
    the rollup job has done it again and removed the mark."""

    __tablename__ = "dash_dirty_days"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                                    autoincrement=True)
    day: Mapped[date] = mapped_column(index=True)


class DashRollup(Base):
    """The rollup's state (one row): every day up to ``through`` is rolled up, but for the
    dirty ones; ``codes`` are the outcome codes counted as saves and losses when it was made
    (the rollup is not read when they have changed since)."""

    __tablename__ = "dash_rollup"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    through: Mapped[date | None]
    codes: Mapped[str] = mapped_column(sa.Text)
    rolled_at: Mapped[datetime]
