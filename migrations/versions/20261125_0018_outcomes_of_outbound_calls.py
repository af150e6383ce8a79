"""outcomes of the calls the desk makes: reached, no answer, left a message

A call from the work queue (a greeting, a purchase follow-up, a survey, an at-risk check)
ended as "undecided" or, worse, as "saved" for want of anything better (issue 14). Three
outcomes of its own are added to an existing installation's ``dispositions``: neither a save
nor a cancellation. A fresh database gets them with the rest of the reference data
(``agent_desk/data/reference.py``), so nothing is written into an empty table here. A code an
admin has already added is left as it is.

The downgrade removes them, except one a call already ended with (that call's outcome would
be lost): such a row is kept.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-25 19:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# code, Hebrew, English (as released: later changes to reference.py do not reach back here)
OUTCOMES = (
    ("reached", "שיחה התקיימה", "Reached: we talked"),
    ("no_answer", "אין מענה", "No answer"),
    ("left_message", "הושארה הודעה", "Left a message"),
)


def upgrade() -> None:
    for n, (code, he, en) in enumerate(OUTCOMES, 1):
        op.execute(sa.text(
            "INSERT INTO dispositions (code, label_he, label_en, counts_as_save, is_cancellation, sort_order, active) "
            "SELECT :code, :he, :en, false, false, (SELECT max(sort_order) FROM dispositions) + :n, true "
            "WHERE EXISTS (SELECT 1 FROM dispositions) "
            "AND NOT EXISTS (SELECT 1 FROM dispositions WHERE code = :code)"
        ).bindparams(code=code, he=he, en=en, n=n))


def downgrade() -> None:
    for code, _he, _en in OUTCOMES:
        op.execute(sa.text(
            "DELETE FROM dispositions WHERE code = :code "
            "AND NOT EXISTS (SELECT 1 FROM retention_calls WHERE disposition_code = :code)"
        ).bindparams(code=code))
