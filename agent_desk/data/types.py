"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

MONEY_PRECISION = 12
MONEY_SCALE = 2


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no zone, so values are stored as UTC and
    handed back with ``tzinfo=UTC``. A naive datetime is refused: it would be a guess.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: agent-desk stores timezone-aware UTC only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def Money() -> sa.Numeric[Decimal]:  # noqa: N802 - reads like a type in the models
    """Shekels (or another currency) with agorot: exact ``Decimal`` in Python."""
    return sa.Numeric(MONEY_PRECISION, MONEY_SCALE, asdecimal=True)
