"""learned risk models

The churn-risk models that ``agent-desk risk train`` learns from the desk's history: weights,
intercept and feature spec, version, held-out AUC next to a plain baseline, sizes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "risk_models",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("intercept", sa.Double(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("auc_holdout", sa.Double(), nullable=False),
        sa.Column("auc_baseline", sa.Double(), nullable=True),
        sa.Column("train_rows", sa.Integer(), nullable=False),
        sa.Column("holdout_rows", sa.Integer(), nullable=False),
        sa.Column("cancelled_rows", sa.Integer(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_models")),
        sa.UniqueConstraint("version", name=op.f("uq_risk_models_version")),
    )


def downgrade() -> None:
    op.drop_table("risk_models")
