"""agent gender and captured fields

* ``agents.gender``: the script's words in the agent's mouth take the agent's Hebrew form
  ({agent:מבין|מבינה}); agents already there are ``unknown`` (both forms shown) until an
  admin sets it.
* ``retention_calls.captured``: what script steps captured that has no column of its own
  (a new address, the moving day); empty (NULL) when nothing was captured, as for every
  call already there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 16:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gender", sa.String(length=24), nullable=False,
                                      server_default=sa.text("'unknown'")))
    with op.batch_alter_table("retention_calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("captured", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("retention_calls", schema=None) as batch_op:
        batch_op.drop_column("captured")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_column("gender")
