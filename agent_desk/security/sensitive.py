"""Sensitive data: national IDs masked by default, revealed for a reason and audited.

On PostgreSQL the database enforces it (migration 0009, ``docs/security.md``): no desk role
may SELECT ``customers.national_id`` or ``national_id_reversed``; the desk reads a masked form
through ``masked_national_id(customer)``, finds customers by a whole ID or its last four
digits through ``customers_by_national_id(digits, max_rows)`` (a whole-ID search is audited),
and reads an ID only through ``reveal_national_id(customer, reason)``, which writes the audit
row. On SQLite (one local user) this module applies the same rules in Python and writes the
audit row itself.

The schema holds no payment details (``billing_events`` has amounts, dates and a description,
no card or account numbers), so the national ID is the one masked field.

Qt-free; the functions take the caller's session and never commit it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import models as m

# Columns no desk role may read on PostgreSQL (the ORM maps them deferred).
SENSITIVE_CUSTOMER_COLUMNS = ("national_id", "national_id_reversed")
MASK = "•"
SHOWN_DIGITS = 4  # the last four: what a caller is asked to confirm, and all a search by suffix may use
NATIONAL_ID_DIGITS = 9
REASON_LIMIT = 500
REVEALED = "national_id.revealed"


class RevealRefused(ValueError):
    """A reveal the rules do not allow (no reason, an unknown customer); the message says why."""


def mask_national_id(value: str | None) -> str:
    """``•••••6789`` for ``123456789``: all but the last four digits hidden ("" for none).
    Masking a masked value changes nothing."""
    if not value:
        return ""
    if len(value) <= SHOWN_DIGITS:
        return MASK * len(value)
    return MASK * (len(value) - SHOWN_DIGITS) + value[-SHOWN_DIGITS:]


def masked_national_id_column(session: Session) -> sa.ColumnElement[str | None]:
    """What a query selects to show a customer's ID: already masked by the server on
    PostgreSQL; on SQLite the raw column, for the caller to pass through :func:`mask_national_id`."""
    if _postgresql(session):
        return sa.func.masked_national_id(m.Customer.id, type_=sa.String)
    return m.Customer.national_id.expression


def national_id_condition(session: Session, digits: str, limit: int) -> sa.ColumnElement[bool] | None:
    """Customers whose national ID is ``digits`` (all nine: audited on PostgreSQL) or ends in
    them (four digits at most: no more than the mask shows). Any other length finds nobody
    (``None``): a search must not read an ID digit by digit."""
    if not digits.isdigit() or not (len(digits) == NATIONAL_ID_DIGITS or len(digits) <= SHOWN_DIGITS):
        return None
    c = m.Customer
    if _postgresql(session):
        found = sa.func.customers_by_national_id(digits, limit).column_valued("customer_id", sa.Uuid())
        return c.id.in_(sa.select(found))
    if len(digits) == NATIONAL_ID_DIGITS:
        return c.national_id == digits
    start = digits[::-1]
    return sa.and_(c.national_id_reversed >= start, c.national_id_reversed < start + "\U0010ffff")


def reveal_national_id(session: Session, customer_id: uuid.UUID, reason: str, *,
                       actor_id: uuid.UUID | None = None, now: datetime | None = None) -> str:
    """The customer's whole national ID ("" when none is on file), for ``reason``, audited.

    PostgreSQL: the server's ``reveal_national_id`` reads it and writes the audit row as the
    signed-in person (``actor_id`` is not needed there: the server knows who asks). SQLite:
    read here, and an :class:`~agent_desk.data.models.AuditEvent` by ``actor_id`` is added to
    the session (the caller's unit of work commits both).

    Raises:
        RevealRefused: no reason, a reason over 500 characters, or no such customer.
    """
    why = (reason or "").strip()
    if not why:
        raise RevealRefused("revealing a national ID needs a reason")
    if len(why) > REASON_LIMIT:
        raise RevealRefused(f"the reason is longer than {REASON_LIMIT} characters")
    if _postgresql(session):
        try:
            with session.begin_nested():
                value = session.scalar(sa.select(sa.func.reveal_national_id(customer_id, why, type_=sa.String)))
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) in ("22023", "P0002"):  # bad reason, no such customer
                raise RevealRefused(str(getattr(exc.orig.diag, "message_primary", None) or exc.orig)) from None
            raise
        return value or ""
    row = session.execute(sa.select(m.Customer.national_id).where(m.Customer.id == customer_id)).one_or_none()
    if row is None:
        raise RevealRefused(f"no customer {customer_id}")
    session.add(m.AuditEvent(occurred_at=now or datetime.now(UTC), actor_id=actor_id, action=REVEALED,
                             entity_type="customers", entity_id=str(customer_id), details={"reason": why},
                             source="app"))
    session.flush()
    return row.national_id or ""


def set_mutation_id(session: Session, mutation_id: str | uuid.UUID) -> None:
    """Name the client's mutation for the audit rows this transaction writes (PostgreSQL:
    ``SET LOCAL agent_desk.mutation_id``; on SQLite nothing records it)."""
    if _postgresql(session):
        session.execute(sa.select(sa.func.set_config("agent_desk.mutation_id", str(mutation_id)[:64], True)))


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
