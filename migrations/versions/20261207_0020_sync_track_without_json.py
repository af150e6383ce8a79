"""sync change log: the tracking triggers read the changed rows' columns, not their JSON

Migration 0016's statement trigger turned every changed row into JSON (``to_jsonb``) only to
take its key, its customer and its agent out again. Turning a whole row into JSON costs far
more than the change-log row itself: 4.6 s for 200,000 customers against 0.1 s reading the
same three columns directly (PostgreSQL 15, 2026-12-07), so an import of 1,000,000 customers
spent most of a minute building JSON nobody kept. The trigger now receives the three
expressions over the transition table's row ``t`` (``t.id::text``, ``t.customer_id``...).
Same change rows, same keys (a uuid's and a text's ``::text`` is what ``->>`` gave).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (key columns, customer column, agent column), as 0016 and 0019 track them.
# Frozen here on purpose (a migration never imports the app); agent_desk.sync.tables agrees.
TRACKED: dict[str, tuple[tuple[str, ...], str | None, str | None]] = {
    "teams": (("id",), None, None),
    "agents": (("id",), None, None),
    "products": (("id",), None, None),
    "cancellation_reasons": (("code",), None, None),
    "dispositions": (("code",), None, None),
    "call_script_versions": (("id",), None, None),
    "incidents": (("id",), None, None),
    "offers": (("id",), None, None),
    "churn_weights": (("factor",), None, None),
    "customers": (("id",), "id", None),
    "customer_phones": (("id",), "customer_id", None),
    "subscriptions": (("id",), "customer_id", None),
    "billing_events": (("id",), "customer_id", None),
    "interactions": (("id",), "customer_id", "agent_id"),
    "customer_attributes": (("customer_id", "name"), "customer_id", None),
    "survey_responses": (("id",), "customer_id", None),
    "retention_calls": (("id",), "customer_id", "agent_id"),
    "offer_presentations": (("id",), "customer_id", None),
    "approval_requests": (("id",), None, "requested_by"),
    "callbacks": (("id",), "customer_id", "owner_agent_id"),
    "referrals": (("id",), "referring_customer_id", None),
    "offer_save_rates": (("offer_id", "reason_code", "segment"), None, None),
    "risk_models": (("id",), None, None),
}

# 0017's version read the rows through JSON ({rows} below); this one reads them directly.
_FUNCTION = """
CREATE OR REPLACE FUNCTION public.desk_sync_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
DECLARE
    source text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
BEGIN
    -- TG_ARGV: key expression, customer expression, agent expression ({over})
    EXECUTE format(
        'INSERT INTO public.sync_changes (table_name, row_id, xid, deleted, customer_id, agent_id) '
        'SELECT %L, %s, pg_current_xact_id()::text::bigint, %L, %s, %s '
        '{rows} '
        'ON CONFLICT (table_name, row_id) DO UPDATE SET xid = excluded.xid, deleted = excluded.deleted, '
        'customer_id = excluded.customer_id, agent_id = excluded.agent_id',
        TG_TABLE_NAME, TG_ARGV[0], TG_OP = 'DELETE', TG_ARGV[1], TG_ARGV[2], source);
    RETURN NULL;
END
$fn$
"""
_COLUMN_FUNCTION = _FUNCTION.format(over="over the changed rows t", rows="FROM %I t")
_JSON_FUNCTION = _FUNCTION.format(over="over the rows as jsonb r", rows="FROM (SELECT to_jsonb(t) AS r FROM %I t) s")


def _columns(keys: tuple[str, ...], customer: str | None, agent: str | None) -> tuple[str, str, str]:
    return (" || '|' || ".join(f"t.{k}::text" for k in keys),
            f"t.{customer}" if customer else "NULL::uuid", f"t.{agent}" if agent else "NULL::uuid")


def _json(keys: tuple[str, ...], customer: str | None, agent: str | None) -> tuple[str, str, str]:
    return (" || '|' || ".join(f"(r->>'{k}')" for k in keys),
            f"(r->>'{customer}')::uuid" if customer else "NULL::uuid",
            f"(r->>'{agent}')::uuid" if agent else "NULL::uuid")


def _triggers(expressions) -> None:  # type: ignore[no-untyped-def]
    for table, spec in TRACKED.items():
        args = ", ".join("'" + a.replace("'", "''") + "'" for a in expressions(*spec))
        for event, refs in (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "NEW TABLE AS new_rows"),
                            ("DELETE", "OLD TABLE AS old_rows")):
            op.execute(f"DROP TRIGGER IF EXISTS sync_track_{event.lower()} ON public.{table}")
            op.execute(f"CREATE TRIGGER sync_track_{event.lower()} AFTER {event} ON public.{table} "
                       f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION public.desk_sync_track({args})")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # One transaction: no statement sees the new function with the old arguments.
    op.execute(_COLUMN_FUNCTION)
    _triggers(_columns)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_JSON_FUNCTION)
    _triggers(_json)
