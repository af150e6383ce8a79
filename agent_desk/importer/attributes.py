"""A customer's custom attributes (the columns of an import that have no field of their
own), as the caller 360 shows them.

The lead wires this into the 360 (``agent_desk/ui/caller_view.py`` belongs to another
change): a "More details" list of name and value, with ``True``/``False`` shown as the
translated yes/no. Qt-free; the caller owns the session.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import models as m


def display_number(value: float) -> str:
    """``120.0`` -> ``"120"``, ``99.9`` -> ``"99.9"`` (no float noise, no exponent)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else repr(value)


def attribute_rows(session: Session, customer_id: uuid.UUID) -> list[sa.Row[Any]]:
    """The customer's custom attribute rows as stored: (name, kind, text, number, flag)."""
    a = m.CustomerAttribute
    return list(session.execute(sa.select(a.name, a.kind, a.text_value, a.number_value, a.bool_value)
                                .where(a.customer_id == customer_id)).all())


def customer_attributes(session: Session, customer_id: uuid.UUID) -> list[tuple[str, str, str | bool]]:
    """(name, kind, value) for each of the customer's custom attributes, by name.

    ``kind`` is ``text``, ``number`` or ``bool``; the value is the text, the number written
    plainly (``"99.9"``), or a ``bool`` for the view to say yes or no in the UI language.
    """
    return shown_attributes(attribute_rows(session, customer_id))


def shown_attributes(rows: list[sa.Row[Any]]) -> list[tuple[str, str, str | bool]]:
    """:func:`customer_attributes` of rows already read (:func:`attribute_rows`)."""
    out: list[tuple[str, str, str | bool]] = []
    # Sorted here, not by the database: its collation of Hebrew differs between servers.
    for name, kind, text, number, flag in sorted(rows, key=lambda row: row[0]):
        if kind == "number" and number is not None:
            out.append((name, kind, display_number(number)))
        elif kind == "bool" and flag is not None:
            out.append((name, kind, bool(flag)))
        elif text is not None:
            out.append((name, "text", text))
    return out
