"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 01:52:53.766252
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cancellation_reasons",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("parent_code", sa.String(length=40), nullable=True),
        sa.Column("label_he", sa.String(length=120), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column("no_save_attempt", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["cancellation_reasons.code"],
            name=op.f("fk_cancellation_reasons_parent_code_cancellation_reasons"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cancellation_reasons")),
    )
    op.create_table(
        "churn_weights",
        sa.Column("factor", sa.String(length=40), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("label_he", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("factor", name=op.f("pk_churn_weights")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_number", sa.String(length=20), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("first_name_latin", sa.String(length=80), nullable=True),
        sa.Column("last_name_latin", sa.String(length=80), nullable=True),
        sa.Column("national_id", sa.String(length=9), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=24), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("family_status", sa.String(length=24), nullable=False),
        sa.Column("occupation", sa.String(length=120), nullable=True),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("preferred_language", sa.String(length=8), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("consent_marketing", sa.Boolean(), nullable=False),
        sa.Column("consent_sms", sa.Boolean(), nullable=False),
        sa.Column("consent_email", sa.Boolean(), nullable=False),
        sa.Column("consent_calls", sa.Boolean(), nullable=False),
        sa.Column("value_tier", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("customer_since", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("account_number", name=op.f("uq_customers_account_number")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_national_id"), ["national_id"], unique=False)

    op.create_table(
        "dispositions",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_he", sa.String(length=120), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column("counts_as_save", sa.Boolean(), nullable=False),
        sa.Column("is_cancellation", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_dispositions")),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title_he", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("talking_points_he", sa.Text(), nullable=True),
        sa.Column("talking_points_en", sa.Text(), nullable=True),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("monthly_cost", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("one_off_cost", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("duration_months", sa.Integer(), nullable=False),
        sa.Column("eligibility", sa.JSON(), nullable=False),
        sa.Column("required_authority", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("code", name=op.f("uq_offers_code")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("name_he", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("list_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("commitment_months", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=True),
        sa.Column("callback_escalation_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "agents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("offer_authority", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("offer_kinds", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_agents_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("username", name=op.f("uq_agents_username")),
    )
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agents_team_id"), ["team_id"], unique=False)

    op.create_table(
        "customer_phones",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("e164", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_phones_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_phones")),
        sa.UniqueConstraint("customer_id", "e164", name=op.f("uq_customer_phones_customer_id_e164")),
    )
    with op.batch_alter_table("customer_phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_phones_e164"), ["e164"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("monthly_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("commitment_end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("cancel_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_effective_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_subscriptions_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_subscriptions_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscriptions_product_id"), ["product_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["agents.id"], name=op.f("fk_audit_events_actor_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_events_entity_type_audit_events_entity_id"),
            ["entity_type", "entity_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "billing_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("subscription_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("previous_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("days_late", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_billing_events_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_billing_events_subscription_id_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_events")),
    )
    with op.batch_alter_table("billing_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_billing_events_customer_id_billing_events_occurred_at"),
            ["customer_id", "occurred_at"],
            unique=False,
        )

    op.create_table(
        "call_script_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("script_key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title_he", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by"], ["agents.id"], name=op.f("fk_call_script_versions_published_by_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_script_versions")),
        sa.UniqueConstraint("script_key", "version", name=op.f("uq_call_script_versions_script_key_version")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title_he", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("severity", sa.String(length=24), nullable=False),
        sa.Column("product_category", sa.String(length=24), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expected_end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("talking_points_he", sa.Text(), nullable=True),
        sa.Column("talking_points_en", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["agents.id"], name=op.f("fk_incidents_created_by_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_table(
        "interactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("direction", sa.String(length=24), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("case_status", sa.String(length=24), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_interactions_agent_id_agents")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_interactions_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interactions_customer_id_interactions_occurred_at"),
            ["customer_id", "occurred_at"],
            unique=False,
        )

    op.create_table(
        "retention_calls",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("caller_e164", sa.String(length=16), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=24), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wrapup_ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("primary_reason_code", sa.String(length=40), nullable=True),
        sa.Column("secondary_reason_code", sa.String(length=40), nullable=True),
        sa.Column("competitor", sa.String(length=80), nullable=True),
        sa.Column("disposition_code", sa.String(length=40), nullable=True),
        sa.Column("script_version_id", sa.Uuid(), nullable=True),
        sa.Column("script_path", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("incident_id", sa.Uuid(), nullable=True),
        sa.Column("cancellation_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_effective_on", sa.Date(), nullable=True),
        sa.Column("confirmation_number", sa.String(length=32), nullable=True),
        sa.Column("still_active_90d", sa.Boolean(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("amends_call_id", sa.Uuid(), nullable=True),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_retention_calls_agent_id_agents")),
        sa.ForeignKeyConstraint(
            ["amends_call_id"],
            ["retention_calls.id"],
            name=op.f("fk_retention_calls_amends_call_id_retention_calls"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_retention_calls_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["disposition_code"],
            ["dispositions.code"],
            name=op.f("fk_retention_calls_disposition_code_dispositions"),
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_retention_calls_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["primary_reason_code"],
            ["cancellation_reasons.code"],
            name=op.f("fk_retention_calls_primary_reason_code_cancellation_reasons"),
        ),
        sa.ForeignKeyConstraint(
            ["script_version_id"],
            ["call_script_versions.id"],
            name=op.f("fk_retention_calls_script_version_id_call_script_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["secondary_reason_code"],
            ["cancellation_reasons.code"],
            name=op.f("fk_retention_calls_secondary_reason_code_cancellation_reasons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_calls")),
    )
    with op.batch_alter_table("retention_calls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retention_calls_agent_id_retention_calls_started_at"),
            ["agent_id", "started_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_retention_calls_caller_e164"), ["caller_e164"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_retention_calls_customer_id_retention_calls_started_at"),
            ["customer_id", "started_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_retention_calls_disposition_code"), ["disposition_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_retention_calls_started_at"), ["started_at"], unique=False)

    op.create_table(
        "callbacks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("phone_e164", sa.String(length=16), nullable=True),
        sa.Column("owner_agent_id", sa.Uuid(), nullable=True),
        sa.Column("owner_team_id", sa.Uuid(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["retention_calls.id"], name=op.f("fk_callbacks_call_id_retention_calls")
        ),
        sa.ForeignKeyConstraint(["created_by"], ["agents.id"], name=op.f("fk_callbacks_created_by_agents")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_callbacks_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["owner_agent_id"], ["agents.id"], name=op.f("fk_callbacks_owner_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["owner_team_id"], ["teams.id"], name=op.f("fk_callbacks_owner_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callbacks")),
    )
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_callbacks_owner_agent_id_callbacks_status_callbacks_due_at"),
            ["owner_agent_id", "status", "due_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_callbacks_owner_team_id_callbacks_status_callbacks_due_at"),
            ["owner_team_id", "status", "due_at"],
            unique=False,
        )

    op.create_table(
        "offer_presentations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("presented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.String(length=24), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("p_save", sa.Double(), nullable=True),
        sa.Column("expected_value", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("cost", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("still_active_90d", sa.Boolean(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["retention_calls.id"], name=op.f("fk_offer_presentations_call_id_retention_calls")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_offer_presentations_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_presentations_offer_id_offers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_presentations")),
    )
    with op.batch_alter_table("offer_presentations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_presentations_call_id"), ["call_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_offer_presentations_customer_id_offer_presentations_presented_at"),
            ["customer_id", "presented_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_offer_presentations_offer_id"), ["offer_id"], unique=False)

    op.create_table(
        "qa_reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_id", sa.Uuid(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["retention_calls.id"], name=op.f("fk_qa_reviews_call_id_retention_calls")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["agents.id"], name=op.f("fk_qa_reviews_reviewer_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_reviews")),
    )
    with op.batch_alter_table("qa_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qa_reviews_call_id"), ["call_id"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("referring_customer_id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["retention_calls.id"], name=op.f("fk_referrals_call_id_retention_calls")
        ),
        sa.ForeignKeyConstraint(
            ["referring_customer_id"],
            ["customers.id"],
            name=op.f("fk_referrals_referring_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_referring_customer_id"), ["referring_customer_id"], unique=False
        )

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("referral_asked", sa.Boolean(), nullable=False),
        sa.Column("referral_given", sa.Boolean(), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["retention_calls.id"], name=op.f("fk_survey_responses_call_id_retention_calls")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_survey_responses_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_responses_customer_id_survey_responses_responded_at"),
            ["customer_id", "responded_at"],
            unique=False,
        )

    op.create_table(
        "approval_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("presentation_id", sa.Uuid(), nullable=True),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["retention_calls.id"], name=op.f("fk_approval_requests_call_id_retention_calls")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["agents.id"], name=op.f("fk_approval_requests_decided_by_agents")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_approval_requests_offer_id_offers")
        ),
        sa.ForeignKeyConstraint(
            ["presentation_id"],
            ["offer_presentations.id"],
            name=op.f("fk_approval_requests_presentation_id_offer_presentations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["agents.id"], name=op.f("fk_approval_requests_requested_by_agents")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_approval_requests_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_requests")),
    )
    with op.batch_alter_table("approval_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_requests_call_id"), ["call_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_approval_requests_team_id_approval_requests_status"),
            ["team_id", "status"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("approval_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_requests_team_id_approval_requests_status"))
        batch_op.drop_index(batch_op.f("ix_approval_requests_call_id"))

    op.drop_table("approval_requests")
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_customer_id_survey_responses_responded_at"))

    op.drop_table("survey_responses")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_referring_customer_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("qa_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qa_reviews_call_id"))

    op.drop_table("qa_reviews")
    with op.batch_alter_table("offer_presentations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_presentations_offer_id"))
        batch_op.drop_index(batch_op.f("ix_offer_presentations_customer_id_offer_presentations_presented_at"))
        batch_op.drop_index(batch_op.f("ix_offer_presentations_call_id"))

    op.drop_table("offer_presentations")
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callbacks_owner_team_id_callbacks_status_callbacks_due_at"))
        batch_op.drop_index(batch_op.f("ix_callbacks_owner_agent_id_callbacks_status_callbacks_due_at"))

    op.drop_table("callbacks")
    with op.batch_alter_table("retention_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_calls_started_at"))
        batch_op.drop_index(batch_op.f("ix_retention_calls_disposition_code"))
        batch_op.drop_index(batch_op.f("ix_retention_calls_customer_id_retention_calls_started_at"))
        batch_op.drop_index(batch_op.f("ix_retention_calls_caller_e164"))
        batch_op.drop_index(batch_op.f("ix_retention_calls_agent_id_retention_calls_started_at"))

    op.drop_table("retention_calls")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_customer_id_interactions_occurred_at"))

    op.drop_table("interactions")
    op.drop_table("incidents")
    op.drop_table("call_script_versions")
    with op.batch_alter_table("billing_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_events_customer_id_billing_events_occurred_at"))

    op.drop_table("billing_events")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_entity_type_audit_events_entity_id"))

    op.drop_table("audit_events")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscriptions_product_id"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_customer_id"))

    op.drop_table("subscriptions")
    with op.batch_alter_table("customer_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_phones_e164"))

    op.drop_table("customer_phones")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agents_team_id"))

    op.drop_table("agents")
    op.drop_table("teams")
    op.drop_table("products")
    op.drop_table("offers")
    op.drop_table("dispositions")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_national_id"))
        batch_op.drop_index(batch_op.f("ix_customers_email"))

    op.drop_table("customers")
    op.drop_table("churn_weights")
    op.drop_table("cancellation_reasons")
