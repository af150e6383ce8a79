"""import external refs and custom attributes

* ``external_ref`` on customers, subscriptions and interactions: the source system's key of
  an imported row, so re-importing a file updates the rows it names instead of adding them
  again. A unique index (not a table constraint): SQLite adds it without copying the table,
  and ``INSERT ... ON CONFLICT (external_ref)`` uses it on both databases. Rows already
  there (demo data, desk-made rows) have none.
* ``customer_attributes``: the columns of a CRM export that have no field of their own,
  kept typed (text, number, yes/no) per customer for the 360 and the risk model.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("customers", "subscriptions", "interactions")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("external_ref", sa.String(length=64), nullable=True))
        op.create_index(op.f(f"ix_{table}_external_ref"), table, ["external_ref"], unique=True)
    op.create_table(
        "customer_attributes",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text_value", sa.String(length=500), nullable=True),
        sa.Column("number_value", sa.Double(), nullable=True),
        sa.Column("bool_value", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_customer_attributes_customer_id_customers")),
        sa.PrimaryKeyConstraint("customer_id", "name", name=op.f("pk_customer_attributes")),
    )


def downgrade() -> None:
    op.drop_table("customer_attributes")
    for table in reversed(_TABLES):
        op.drop_index(op.f(f"ix_{table}_external_ref"), table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("external_ref")
