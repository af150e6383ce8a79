"""search keys for names, national ID and phone suffixes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 02:05:19.436728

Adds folded name keys and reversed digits so the caller search (prefix of a name in Hebrew
or Latin letters, last digits of a phone or national ID) is an index range scan, and gives
the PostgreSQL indexes ``varchar_pattern_ops`` so ``LIKE 'x%'`` uses them whatever the
database collation. Existing rows are keyed here; afterwards the ORM keeps them in step. The columns keep an
empty server default, so adding them never rebuilds a big table on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The folding rules are the search's contract; if they ever change, a new revision re-keys.
from agent_desk.search import name_key, reversed_digits

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CUSTOMER_KEYS = ("first_name_key", "last_name_key", "first_latin_key", "last_latin_key")
PATTERN_INDEXES = {
    "customers": (*CUSTOMER_KEYS, "national_id_reversed"),
    "customer_phones": ("e164_reversed",),
}
BATCH = 5000


def _backfill() -> None:
    connection = op.get_bind()
    customers = connection.execute(
        sa.text("SELECT id, first_name, last_name, first_name_latin, last_name_latin, national_id FROM customers")
    ).all()
    update = sa.text(
        "UPDATE customers SET first_name_key = :f, last_name_key = :l, first_latin_key = :fl, "
        "last_latin_key = :ll, national_id_reversed = :nid WHERE id = :id"
    )
    rows = [
        {"id": c.id, "f": name_key(c.first_name), "l": name_key(c.last_name), "fl": name_key(c.first_name_latin),
         "ll": name_key(c.last_name_latin), "nid": reversed_digits(c.national_id) or None}
        for c in customers
    ]
    for start in range(0, len(rows), BATCH):
        connection.execute(update, rows[start:start + BATCH])
    phones = connection.execute(sa.text("SELECT id, e164 FROM customer_phones")).all()
    update_phone = sa.text("UPDATE customer_phones SET e164_reversed = :r WHERE id = :id")
    phone_rows = [{"id": p.id, "r": reversed_digits(p.e164)} for p in phones]
    for start in range(0, len(phone_rows), BATCH):
        connection.execute(update_phone, phone_rows[start:start + BATCH])


def upgrade() -> None:
    with op.batch_alter_table("customer_phones") as batch_op:
        batch_op.add_column(sa.Column("e164_reversed", sa.String(length=16), nullable=False, server_default=""))
    with op.batch_alter_table("customers") as batch_op:
        for column in CUSTOMER_KEYS:
            batch_op.add_column(sa.Column(column, sa.String(length=80), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("national_id_reversed", sa.String(length=9), nullable=True))

    _backfill()

    for table, columns in PATTERN_INDEXES.items():
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column], postgresql_ops={column: "varchar_pattern_ops"})
    if op.get_bind().dialect.name == "postgresql":
        # Existing indexes used for prefix searches get pattern ops too.
        for table, column in (("customers", "email"), ("customer_phones", "e164")):
            op.drop_index(f"ix_{table}_{column}", table_name=table)
            op.create_index(f"ix_{table}_{column}", table, [column], postgresql_ops={column: "varchar_pattern_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in (("customers", "email"), ("customer_phones", "e164")):
            op.drop_index(f"ix_{table}_{column}", table_name=table)
            op.create_index(f"ix_{table}_{column}", table, [column])
    for table, columns in PATTERN_INDEXES.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("national_id_reversed")
        for column in reversed(CUSTOMER_KEYS):
            batch_op.drop_column(column)
    with op.batch_alter_table("customer_phones") as batch_op:
        batch_op.drop_column("e164_reversed")
