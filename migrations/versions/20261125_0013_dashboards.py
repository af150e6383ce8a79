"""dashboards: a covering index for the lead's dashboards

The dashboards aggregate a range of original calls (amends_call_id empty) by Israeli day and
by agent, team, reason or offer. With every column they read in one partial index on
started_at, PostgreSQL reads a quarter of a team's calls from the index alone instead of
fetching rows scattered over the whole table (bench/lead.py, docs/dashboards.md). SQLite
gets the same partial index without the included columns (it has no INCLUDE).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 18:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INCLUDED = ["agent_id", "disposition_code", "primary_reason_code", "ended_at", "wrapup_ended_at", "still_active_90d",
            "customer_id", "id"]


def upgrade() -> None:
    originals = sa.text("amends_call_id IS NULL")
    op.create_index("ix_dashboard_calls", "retention_calls", ["started_at"], postgresql_include=INCLUDED,
                    postgresql_where=originals, sqlite_where=originals)


def downgrade() -> None:
    op.drop_index("ix_dashboard_calls", table_name="retention_calls")
