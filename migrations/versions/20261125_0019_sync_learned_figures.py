"""sync the learned figures: offer save rates and risk models reach the desks' copies

An offline desk ranks offers and scores churn risk from its copy (``docs/sync.md``). Without
the learned save rates it ranked with the priors alone, and without the learned risk model it
scored with the hand-set weights: the same caller got other offers and another risk on the
same desk depending on the link. Both tables now get migration 0016's change-log triggers
(reference data: no customer, no agent; every desk holds them whole), and their rows are
stamped once here.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> key columns (a composite key joined with '|', as agent_desk.sync.tables says)
TRACKED: dict[str, tuple[str, ...]] = {
    "offer_save_rates": ("offer_id", "reason_code", "segment"),
    "risk_models": ("id",),
}


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    for table, keys in TRACKED.items():
        key = " || '|' || ".join(f"(r->>'{k}')" for k in keys)
        args = ", ".join("'" + a.replace("'", "''") + "'" for a in (key, "NULL::uuid", "NULL::uuid"))
        for event, refs in (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "NEW TABLE AS new_rows"),
                            ("DELETE", "OLD TABLE AS old_rows")):
            op.execute(f"CREATE TRIGGER sync_track_{event.lower()} AFTER {event} ON public.{table} "
                       f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION public.desk_sync_track({args})")
        op.execute(f"INSERT INTO public.sync_changes (table_name, row_id, xid, deleted, customer_id, agent_id) "
                   f"SELECT '{table}', {key}, pg_current_xact_id()::text::bigint, false, NULL, NULL "
                   f"FROM (SELECT to_jsonb(t) AS r FROM public.{table} t) s "
                   f"ON CONFLICT (table_name, row_id) DO NOTHING")


def downgrade() -> None:
    if not _postgres():
        return
    for table in TRACKED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS sync_track_{event} ON public.{table}")
        op.execute(f"DELETE FROM public.sync_changes WHERE table_name = '{table}'")
