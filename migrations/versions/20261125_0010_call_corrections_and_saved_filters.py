"""call corrections and saved filters

* ``call_corrections``: a lead's correction of a submitted call is a new row (field, old
  and new value, who, when, why; why is required by a CHECK). The call's effective value
  is the newest correction's, else its own (``agent_desk.data.call_log``).
* ``saved_filters``: a person's named call-log filters (JSON), unique per owner and name.
* Indexes for the call log over millions of calls: each filter column followed by
  ``started_at``, so a filtered page newest first is an index range read.

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
    op.create_index("ix_call_corrections_field_value", "call_corrections", ["field", "new_value"])
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


def downgrade() -> None:
    for name, _column in reversed(_CALL_LOG_INDEXES):
        op.drop_index(name, table_name="retention_calls")
    op.drop_table("saved_filters")
    op.drop_index("ix_call_corrections_field_value", table_name="call_corrections")
    op.drop_index("ix_call_corrections_call_field", table_name="call_corrections")
    op.drop_table("call_corrections")
