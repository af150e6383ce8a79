"""call corrections and saved filters

* ``call_corrections``: a lead's correction of a submitted call is a new row (field, old
  and new value, who, when, why; why is required by a CHECK). The call's effective value
  is the newest correction's, else its own (``agent_desk.data.call_log``).
* ``saved_filters``: a person's named call-log filters (JSON), unique per owner and name.
* Indexes for the call log over millions of calls: each filter column followed by
  ``started_at``, so a filtered page newest first is an index range read.
* PostgreSQL (roles of 0008): both tables owned by ``desk_owner`` with row-level security
  forced. Corrections: every desk role reads those of calls it may see (an agent: their own
  calls'; a lead: the team's; admins and the jobs role: all); a lead adds them for a
  teammate's call but not their own, an admin for any call, always as themself
  (``corrected_by = desk_me()``); nobody changes or deletes one. Saved filters: each person
  reads and writes their own only. A trigger copies the call's start into each correction
  (``call_started_at``, what the log's outcome filter walks), whatever the writer sent.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CALL_LOG_INDEXES = (
    ("ix_call_log_reason", "primary_reason_code"),
    ("ix_call_log_outcome", "disposition_code"),
    ("ix_call_log_incident", "incident_id"),
    ("ix_call_log_script_version", "script_version_id"),
)


def upgrade() -> None:
    op.create_table(
        "call_corrections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("call_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrected_by", sa.Uuid(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=24), nullable=False),
        sa.Column("old_value", sa.String(length=200), nullable=True),
        sa.Column("new_value", sa.String(length=200), nullable=True),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(why)) > 0", name=op.f("ck_call_corrections_why_given")),
        sa.ForeignKeyConstraint(["call_id"], ["retention_calls.id"],
                                name=op.f("fk_call_corrections_call_id_retention_calls")),
        sa.ForeignKeyConstraint(["corrected_by"], ["agents.id"],
                                name=op.f("fk_call_corrections_corrected_by_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_corrections")),
    )
    op.create_index("ix_call_corrections_call_field", "call_corrections", ["call_id", "field", "corrected_at"])
    op.create_index("ix_call_corrections_field_value", "call_corrections",
                    ["field", "new_value", "call_started_at", "call_id"])
    op.create_table(
        "saved_filters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("filter", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["agents.id"], name=op.f("fk_saved_filters_owner_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filters")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_saved_filters_owner_id_name")),
    )
    for name, column in _CALL_LOG_INDEXES:
        op.create_index(name, "retention_calls", [column, "started_at"])
    if op.get_bind().dialect.name == "postgresql":
        _secure()


# (table, policy, command, role, USING, WITH CHECK)
_POLICIES = (
    ("call_corrections", "corrections_read", "SELECT", "desk_agent", "desk_call_agent(call_id) = desk_me()", None),
    ("call_corrections", "corrections_lead_read", "SELECT", "desk_lead",
     "desk_is_teammate(desk_call_agent(call_id))", None),
    ("call_corrections", "corrections_lead_insert", "INSERT", "desk_lead", None,
     "corrected_by = desk_me() AND desk_is_teammate(desk_call_agent(call_id)) "
     "AND desk_call_agent(call_id) <> desk_me()"),
    ("call_corrections", "corrections_admin_read", "SELECT", "desk_admin", "true", None),
    ("call_corrections", "corrections_admin_insert", "INSERT", "desk_admin", None, "corrected_by = desk_me()"),
    ("call_corrections", "corrections_jobs_read", "SELECT", "desk_jobs", "true", None),
    ("saved_filters", "saved_filters_own", "ALL", "desk_agent, desk_admin", "owner_id = desk_me()",
     "owner_id = desk_me()"),
)
_GRANTS = (
    "GRANT SELECT ON call_corrections TO desk_agent, desk_admin, desk_jobs",
    "GRANT INSERT ON call_corrections TO desk_lead, desk_admin",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON saved_filters TO desk_agent, desk_admin",
)


_STAMP = """
CREATE FUNCTION call_corrections_stamp_call_start() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    SELECT started_at INTO NEW.call_started_at FROM retention_calls WHERE id = NEW.call_id;
    RETURN NEW;
END
$$
"""


def _secure() -> None:
    """Owner, grants and row-level security on PostgreSQL (0008's roles and functions)."""
    op.execute(_STAMP)
    op.execute("ALTER FUNCTION call_corrections_stamp_call_start() OWNER TO desk_owner")
    op.execute("REVOKE ALL ON FUNCTION call_corrections_stamp_call_start() FROM PUBLIC")
    op.execute("CREATE TRIGGER call_corrections_stamp_call_start BEFORE INSERT OR UPDATE ON call_corrections "
               "FOR EACH ROW EXECUTE FUNCTION call_corrections_stamp_call_start()")
    for table in ("call_corrections", "saved_filters"):
        op.execute(f"ALTER TABLE {table} OWNER TO desk_owner")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for grant in _GRANTS:
        op.execute(grant)
    for table, name, command, role, using, check in _POLICIES:
        sql = f"CREATE POLICY {name} ON {table} FOR {command} TO {role}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, name, *_rest in reversed(_POLICIES):
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS call_corrections_stamp_call_start ON call_corrections")
        op.execute("DROP FUNCTION IF EXISTS call_corrections_stamp_call_start()")
    for name, _column in reversed(_CALL_LOG_INDEXES):
        op.drop_index(name, table_name="retention_calls")
    op.drop_table("saved_filters")
    op.drop_index("ix_call_corrections_field_value", table_name="call_corrections")
    op.drop_index("ix_call_corrections_call_field", table_name="call_corrections")
    op.drop_table("call_corrections")
