"""What is synced: the tables a desk holds and how each row is named (agrees with the
triggers of migration 0016), and how rows are compared (checksums)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa

from agent_desk.data import models as m

# table -> key columns (a composite key is joined with '|', as the trigger does)
SYNCED: dict[str, tuple[str, ...]] = {
    "teams": ("id",), "agents": ("id",), "products": ("id",), "cancellation_reasons": ("code",),
    "dispositions": ("code",), "call_script_versions": ("id",), "incidents": ("id",), "offers": ("id",),
    "churn_weights": ("factor",), "customers": ("id",), "customer_phones": ("id",), "subscriptions": ("id",),
    "billing_events": ("id",), "interactions": ("id",), "customer_attributes": ("customer_id", "name"),
    "survey_responses": ("id",), "retention_calls": ("id",), "offer_presentations": ("id",),
    "approval_requests": ("id",), "callbacks": ("id",), "referrals": ("id",),
    # Migration 0019: the learned figures an offline desk ranks and scores with.
    "offer_save_rates": ("offer_id", "reason_code", "segment"), "risk_models": ("id",),
}
# Tables whose rows belong to a customer, and the column that says which.
CUSTOMER_COLUMN = {
    "customers": "id", "customer_phones": "customer_id", "subscriptions": "customer_id",
    "billing_events": "customer_id", "interactions": "customer_id", "customer_attributes": "customer_id",
    "survey_responses": "customer_id", "retention_calls": "customer_id", "offer_presentations": "customer_id",
    "callbacks": "customer_id", "referrals": "referring_customer_id",
}
# The agent a row belongs to, where the change log records one (migration 0016's triggers):
# a desk holds its agent's approval requests and callbacks, and calls or notes against a
# number with no customer, whatever customers it holds.
AGENT_COLUMN = {
    "interactions": "agent_id", "retention_calls": "agent_id", "approval_requests": "requested_by",
    "callbacks": "owner_agent_id",
}
# Tables of reference data every desk holds whole.
REFERENCE = tuple(name for name in SYNCED if name not in CUSTOMER_COLUMN and name not in AGENT_COLUMN)
# Columns no desk role may read (security issue 11): never pulled, never compared.
UNREADABLE = {"customers": {"national_id", "national_id_reversed"}}


def table(name: str) -> sa.Table:
    return m.Base.metadata.tables[name]


def columns(name: str) -> list[sa.Column[Any]]:
    hidden = UNREADABLE.get(name, set())
    return [c for c in table(name).columns if c.name not in hidden]


def pulled_columns(session: Any, name: str) -> list[sa.ColumnElement[Any]]:
    """What a pull reads of ``name``: its readable columns, and for a customer the national
    ID as the server masks it (last four digits), so the desk's copy shows what an online
    desk shows and never holds the whole ID."""
    selected: list[sa.ColumnElement[Any]] = list(columns(name))
    if name == "customers":
        from agent_desk.security.sensitive import masked_national_id_column

        selected.append(masked_national_id_column(session).label("national_id"))
    return selected


def row_id(name: str, row: Mapping[str, Any]) -> str:
    return "|".join(str(row[k]) for k in SYNCED[name])


def key_values(name: str, rid: str) -> tuple[Any, ...]:
    """The key columns' values of the row ``rid`` (:func:`row_id`'s text) names, typed."""
    t, keys = table(name), SYNCED[name]
    return tuple(uuid.UUID(text) if isinstance(t.c[k].type, sa.Uuid) else text
                 for k, text in zip(keys, rid.split("|", len(keys) - 1), strict=True))


def key_clause(name: str, rid: str) -> sa.ColumnElement[bool]:
    t = table(name)
    return sa.and_(*(t.c[k] == v for k, v in zip(SYNCED[name], key_values(name, rid), strict=True)))


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return repr(value)
    return value


def canonical(name: str, row: Mapping[str, Any]) -> str:
    """A row as one canonical line: same values on SQLite and PostgreSQL, same text."""
    values = {c.name: _plain(row[c.name]) for c in columns(name)}
    return json.dumps([name, values], sort_keys=True, default=_plain, ensure_ascii=False)


def checksum(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[str, int]:
    """sha256 over the sorted canonical lines of ``(table, row)`` pairs, and their count."""
    lines = sorted(canonical(name, row) for name, row in rows)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest(), len(lines)
