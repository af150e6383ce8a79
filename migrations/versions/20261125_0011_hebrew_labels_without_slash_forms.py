"""Hebrew labels without slash forms

The reference labels of dispositions and one reason read "נשמר/ה", "לא החליט/ה": a slash
form on every wrap-up although the customer's gender is known (issue 10). They become
neutral nouns ("שימור", "ללא החלטה"). A label an admin has already changed is left alone:
only a row still carrying the old starter text is updated, and downgrade restores only
rows still carrying the new one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 18:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, code, old label, new label
LABELS = (
    ("dispositions", "saved", "נשמר/ה", "שימור"),
    ("dispositions", "saved_with_offer", "נשמר/ה עם הצעה", "שימור עם הצעה"),
    ("dispositions", "downgraded", "עבר/ה לחבילה זולה", "מעבר לחבילה זולה"),
    ("dispositions", "transferred", "הועבר/ה", "העברה לגורם אחר"),
    ("dispositions", "escalated", "הוסלם/ה", "הסלמה"),
    ("dispositions", "undecided", "לא החליט/ה", "ללא החלטה"),
    ("dispositions", "not_account_holder", "לא בעל/ת החשבון", "לא מבעלי החשבון"),
    ("cancellation_reasons", "no_longer_needed", "כבר לא צריך/ה", "כבר אין צורך בשירות"),
)


def _relabel(forward: bool) -> None:
    for table, code, old, new in LABELS:
        before, after = (old, new) if forward else (new, old)
        op.execute(
            sa.text(f"UPDATE {table} SET label_he = :after WHERE code = :code AND label_he = :before")
            .bindparams(after=after, code=code, before=before)
        )


def upgrade() -> None:
    _relabel(forward=True)


def downgrade() -> None:
    _relabel(forward=False)
