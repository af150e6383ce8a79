"""unique confirmation numbers

Cancellation confirmation numbers were six digits of the call id, with about a 39 % chance
of a repeat per thousand cancellations; new ones are random and checked (agent_desk.ids).
Before the constraint goes on, the numbers already given out are made unique without
changing any a customer may quote:

* an amendment copied its original's number: the number belongs to the original, so the
  amendment's copy is cleared (amendments made from now on carry none);
* two different calls with one number: the earliest submitted keeps it, each later one gets
  ``-2``, ``-3``, ... appended, so the number the customer heard still finds the call.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

calls = sa.table(
    "retention_calls",
    sa.column("id", sa.Uuid()),
    sa.column("confirmation_number", sa.String(32)),
    sa.column("amends_call_id", sa.Uuid()),
    sa.column("submitted_at", sa.DateTime(timezone=True)),
    sa.column("started_at", sa.DateTime(timezone=True)),
)


def _make_numbers_unique() -> None:
    bind = op.get_bind()
    bind.execute(sa.update(calls).where(calls.c.amends_call_id.is_not(None), calls.c.confirmation_number.is_not(None))
                 .values(confirmation_number=None))
    repeated = (sa.select(calls.c.confirmation_number).where(calls.c.confirmation_number.is_not(None))
                .group_by(calls.c.confirmation_number).having(sa.func.count() > 1))
    rows = bind.execute(
        sa.select(calls.c.id, calls.c.confirmation_number)
        .where(calls.c.confirmation_number.in_(repeated))
        .order_by(calls.c.confirmation_number, calls.c.submitted_at, calls.c.started_at, calls.c.id)
    ).all()
    taken = set(bind.scalars(sa.select(calls.c.confirmation_number).where(calls.c.confirmation_number.is_not(None))))
    seen: dict[str, int] = {}
    for row in rows:
        count = seen[row.confirmation_number] = seen.get(row.confirmation_number, 0) + 1
        if count == 1:
            continue  # the first call keeps its number
        suffix = count
        while f"{row.confirmation_number}-{suffix}" in taken:
            suffix += 1
        number = f"{row.confirmation_number}-{suffix}"
        taken.add(number)
        bind.execute(sa.update(calls).where(calls.c.id == row.id).values(confirmation_number=number))


def upgrade() -> None:
    _make_numbers_unique()
    with op.batch_alter_table("retention_calls", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_retention_calls_confirmation_number"),
                                          ["confirmation_number"])


def downgrade() -> None:
    # The numbers made unique stay unique: nothing to undo but the constraint.
    with op.batch_alter_table("retention_calls", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_retention_calls_confirmation_number"), type_="unique")
