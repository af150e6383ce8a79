"""offer save rates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 02:26:42.879146
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offer_save_rates",
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("segment", sa.String(length=24), nullable=False),
        sa.Column("presented", sa.Integer(), nullable=False),
        sa.Column("saved", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name=op.f("fk_offer_save_rates_offer_id_offers")),
        sa.PrimaryKeyConstraint("offer_id", "reason_code", "segment", name=op.f("pk_offer_save_rates")),
    )


def downgrade() -> None:
    op.drop_table("offer_save_rates")
