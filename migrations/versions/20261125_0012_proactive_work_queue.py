"""proactive work queue

* ``queue_rules``: the queue's rules as data (kind, enabled, priority, channel, marketing
  consent, script, daily limit, kind-specific params); loaded from
  ``resources/queue/rules.yaml`` by ``agent-desk queue rules load`` (or on the first
  ``queue generate``).
* ``queue_policy``: the contact policy's settings by name (contact cap, calling hours).
* ``work_tasks``: the generated tasks. UNIQUE (customer, kind, due day) and (customer,
  reason key): the same occasion never makes two tasks; a partial unique index allows one
  *claimed* task per customer, so two agents never call the same customer at once.
* Indexes generation reads (covering, so it reads the index alone): interactions by (kind,
  occurred_at) and by resolution time, with the customer and key; subscriptions by
  commitment end, and pending cancellations; billing events by (kind, occurred_at) with the
  customer and amounts (the churn-risk proxy); survey answers by time and each customer's
  latest answer; outbound interactions and calls by time (the contact cap); customers'
  status, tier, consent and dates (who may be called, and how they rank).
* PostgreSQL: tables adopted by ``desk_owner`` with forced row-level security. Everyone reads
  the rules and policy, admins change them; an agent sees and works their own tasks, their
  team's and the desk's unassigned ones, and claims only as themselves; a lead reads the
  team's; ``desk_jobs`` (the generator) inserts and updates all; admins do anything.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("ix_interactions_kind_occurred_at", "interactions", ["kind", "occurred_at", "customer_id", "id"], None),
    ("ix_interactions_resolved_at", "interactions", ["resolved_at", "kind", "customer_id", "id"],
     "resolved_at IS NOT NULL"),
    ("ix_subscriptions_commitment_end", "subscriptions", ["commitment_end", "status", "customer_id", "id"], None),
    ("ix_subscriptions_leaving", "subscriptions", ["customer_id"], "status = 'pending_cancellation'"),
    ("ix_customers_queue", "customers", ["id", "status", "value_tier", "consent_marketing", "consent_calls",
                                         "consent_sms", "consent_email", "birth_date", "customer_since"], None),
    ("ix_billing_events_kind_occurred_at", "billing_events",
     ["kind", "occurred_at", "customer_id", "amount", "previous_amount"], None),
    ("ix_survey_responses_responded_at", "survey_responses", ["responded_at"], None),
    ("ix_survey_responses_latest", "survey_responses", ["customer_id", "responded_at", "kind", "score"], None),
    ("ix_interactions_outbound", "interactions", ["occurred_at", "customer_id"], "direction = 'outbound'"),
    ("ix_retention_calls_outbound", "retention_calls", ["started_at", "customer_id"], "direction = 'outbound'"),
)

# A task is mine to see and work: assigned to me, or to my team, or to nobody (the desk's).
_MINE = ("(agent_id = desk_me() OR claimed_by = desk_me() "
         "OR (agent_id IS NULL AND (team_id IS NULL OR team_id = desk_my_team())))")
# (table, policy, command, roles, USING, WITH CHECK)
_POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("queue_rules", "queue_rules_read", "SELECT", "desk_agent, desk_admin, desk_jobs", "true", None),
    ("queue_rules", "queue_rules_admin", "ALL", "desk_admin", "true", "true"),
    ("queue_policy", "queue_policy_read", "SELECT", "desk_agent, desk_admin, desk_jobs", "true", None),
    ("queue_policy", "queue_policy_admin", "ALL", "desk_admin", "true", "true"),
    ("work_tasks", "work_tasks_read", "SELECT", "desk_agent", _MINE, None),
    ("work_tasks", "work_tasks_lead_read", "SELECT", "desk_lead",
     "team_id = desk_my_team() OR desk_is_teammate(agent_id) OR desk_is_teammate(claimed_by)", None),
    # Claiming, skipping, snoozing, finishing: only tasks I may see, and only as myself.
    ("work_tasks", "work_tasks_work", "UPDATE", "desk_agent", _MINE,
     f"{_MINE} AND (claimed_by IS NULL OR claimed_by = desk_me())"),
    ("work_tasks", "work_tasks_jobs", "ALL", "desk_jobs", "true", "true"),
    ("work_tasks", "work_tasks_admin", "ALL", "desk_admin", "true", "true"),
)
_GRANTS = (
    "GRANT SELECT ON queue_rules, queue_policy, work_tasks TO desk_agent, desk_admin, desk_jobs",
    "GRANT INSERT, UPDATE, DELETE ON queue_rules, queue_policy, work_tasks TO desk_admin",
    "GRANT INSERT, UPDATE ON queue_rules, queue_policy TO desk_jobs",
    "GRANT INSERT, UPDATE, DELETE ON work_tasks TO desk_jobs",
    "GRANT UPDATE (status, claimed_by, claimed_at, snooze_until, status_reason, call_id, done_at) "
    "ON work_tasks TO desk_agent",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _has_desk_roles() -> bool:
    return bool(op.get_bind().scalar(sa.text("SELECT count(*) FROM pg_roles WHERE rolname = 'desk_owner'")))


def upgrade() -> None:
    op.create_table(
        "queue_rules",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("title_he", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("needs_marketing_consent", sa.Boolean(), nullable=False),
        sa.Column("script_key", sa.String(length=80), nullable=True),
        sa.Column("daily_limit", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_queue_rules")),
    )
    op.create_table(
        "queue_policy",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_queue_policy")),
    )
    op.create_table(
        "work_tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("rule_code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("reason_key", sa.String(length=120), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("script_key", sa.String(length=80), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.Uuid(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snooze_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_work_tasks_agent_id_agents")),
        sa.ForeignKeyConstraint(["call_id"], ["retention_calls.id"],
                                name=op.f("fk_work_tasks_call_id_retention_calls")),
        sa.ForeignKeyConstraint(["claimed_by"], ["agents.id"], name=op.f("fk_work_tasks_claimed_by_agents")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_work_tasks_customer_id_customers")),
        sa.ForeignKeyConstraint(["rule_code"], ["queue_rules.code"], name=op.f("fk_work_tasks_rule_code_queue_rules")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_work_tasks_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_tasks")),
        sa.UniqueConstraint("customer_id", "kind", "due_on", name=op.f("uq_work_tasks_customer_id_kind_due_on")),
        sa.UniqueConstraint("customer_id", "reason_key", name=op.f("uq_work_tasks_customer_id_reason_key")),
    )
    op.create_index("ix_work_tasks_queue", "work_tasks", ["status", "priority", "due_on"])
    op.create_index("ix_work_tasks_claimed_by", "work_tasks", ["claimed_by", "status"])
    op.create_index("ix_work_tasks_day", "work_tasks", ["due_on", "rule_code"])
    claimed = sa.text("status = 'claimed'")
    op.create_index("uq_work_tasks_claimed_customer", "work_tasks", ["customer_id"], unique=True,
                    postgresql_where=claimed, sqlite_where=claimed)
    for name, table, columns, where in _INDEXES:
        partial = sa.text(where) if where else None
        op.create_index(name, table, columns, postgresql_where=partial, sqlite_where=partial)
    if _postgres() and _has_desk_roles():
        for table in ("queue_rules", "queue_policy", "work_tasks"):
            op.execute(f"ALTER TABLE {table} OWNER TO desk_owner")
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        for grant in _GRANTS:
            op.execute(grant)
        for table, name, command, roles, using, check in _POLICIES:
            clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            op.execute(f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {roles}{clauses}")


def downgrade() -> None:
    if _postgres():
        for table, name, *_rest in reversed(_POLICIES):
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    for name, table, _columns, _where in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("uq_work_tasks_claimed_customer", table_name="work_tasks")
    op.drop_index("ix_work_tasks_day", table_name="work_tasks")
    op.drop_index("ix_work_tasks_claimed_by", table_name="work_tasks")
    op.drop_index("ix_work_tasks_queue", table_name="work_tasks")
    op.drop_table("work_tasks")
    op.drop_table("queue_policy")
    op.drop_table("queue_rules")
