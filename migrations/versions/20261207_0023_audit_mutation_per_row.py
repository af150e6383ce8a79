"""audit rows name their own mutation when a statement writes the rows of many

A desk's push applies a batch of mutations with one statement per table and kind (a batch's
two hundred notes in one INSERT) instead of one statement per mutation (``agent_desk.sync.bulk``):
ten thousand queued mutations took minutes, one round trip and a trigger run per row. Each
audit row must still say which of the desk's mutations wrote its row. ``SET LOCAL
agent_desk.mutation_id`` names one mutation for a whole transaction; now a statement may also
carry ``agent_desk.mutation_ids``, a JSON object from ``"<TG_OP>:<row key>"`` (``INSERT:…``,
``UPDATE:…``) to the mutation key, and:

* ``desk_audit_changes`` (the audit triggers' work) reads it once per statement and gives each
  audit row its row's mutation; a row the map does not name gets ``agent_desk.mutation_id``,
  as before.
* ``audit_events_stamp`` keeps the mutation a trigger's row carries. A row the app writes
  itself (``call.submitted``) is still stamped with ``agent_desk.mutation_id`` when that is
  set; when it is not, the row keeps the mutation it names. (Both come from the desk's own
  session either way: the server never knew more about a mutation than the desk told it.)

Who, when, from where and the login stay the server's, as before. SQLite: nothing here.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 18:30:00
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PIN = "SET search_path = pg_catalog, public, pg_temp"


def _audit_changes() -> str:
    """The audit triggers' function as 0017 left it, with each row's mutation, and a row
    passed whole when the trigger masks, picks and leaves out nothing."""

    def values(row: str) -> str:
        # desk_audit_values would rebuild the same object key by key, for every row.
        return f"CASE WHEN whole THEN {row} ELSE public.desk_audit_values({row}, only_columns, masked, left_out) END"

    def mutation(op_name: str, row: str) -> str:
        return f"ids ->> ('{op_name}:' || ({row} ->> key_column))"

    return f"""
    CREATE OR REPLACE FUNCTION public.desk_audit_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
    DECLARE
        key_column text := TG_ARGV[0];
        only_columns text[] := CASE WHEN TG_ARGV[1] = '' THEN NULL ELSE string_to_array(TG_ARGV[1], ',') END;
        masked text[] := string_to_array(TG_ARGV[2], ',');
        left_out text[] := string_to_array(TG_ARGV[3], ',');
        whole boolean := only_columns IS NULL AND cardinality(masked) = 0 AND cardinality(left_out) = 0;
        ids jsonb := nullif(current_setting('agent_desk.mutation_ids', true), '')::jsonb;
        me uuid;
        my_team uuid;
    BEGIN
        IF pg_has_role(session_user, 'desk_owner', 'MEMBER') THEN
            RETURN NULL;
        END IF;
        me := public.desk_me();
        my_team := public.desk_my_team();
        IF TG_OP = 'INSERT' THEN
            INSERT INTO public.audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                             entity_id, details, source, team_id, new_values, mutation_id)
            SELECT gen_random_uuid(), now(), now(), me, 'insert', TG_TABLE_NAME, r.j ->> key_column,
                   '{{}}', 'db', my_team, {values("r.j")}, {mutation("INSERT", "r.j")}
              FROM (SELECT to_jsonb(n) AS j FROM new_rows n) r;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO public.audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                             entity_id, details, source, team_id, old_values, mutation_id)
            SELECT gen_random_uuid(), now(), now(), me, 'delete', TG_TABLE_NAME, r.j ->> key_column,
                   '{{}}', 'db', my_team, {values("r.j")}, {mutation("DELETE", "r.j")}
              FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
        ELSE
            INSERT INTO public.audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                             entity_id, details, source, team_id, old_values, new_values,
                                             mutation_id)
            SELECT gen_random_uuid(), now(), now(), me, 'update', TG_TABLE_NAME, n.j ->> key_column,
                   '{{}}', 'db', my_team, {values("changed.before")}, {values("changed.after")},
                   {mutation("UPDATE", "n.j")}
              FROM (SELECT to_jsonb(o) AS j FROM old_rows o) o
              JOIN (SELECT to_jsonb(x) AS j FROM new_rows x) n ON n.j -> key_column = o.j -> key_column
             CROSS JOIN LATERAL (
                   SELECT jsonb_object_agg(k, o.j -> k) AS before, jsonb_object_agg(k, n.j -> k) AS after
                     FROM jsonb_object_keys(n.j) k
                    WHERE (n.j -> k) IS DISTINCT FROM (o.j -> k)
                      AND (only_columns IS NULL OR k = ANY(only_columns))
                      AND NOT k = ANY(left_out)) changed
             WHERE changed.after IS NOT NULL;
        END IF;
        RETURN NULL;
    END
    $$
    """


STAMP = f"""
    CREATE OR REPLACE FUNCTION public.audit_events_stamp() RETURNS trigger
    LANGUAGE plpgsql {PIN} AS $$
    BEGIN
        IF current_user::text <> 'desk_owner' THEN
            NEW.source := 'app';
            NEW.occurred_at := now();
            IF NOT pg_has_role(session_user, 'desk_owner', 'MEMBER') THEN
                NEW.actor_id := public.desk_me();
                NEW.team_id := public.desk_my_team();
            END IF;
            NEW.mutation_id := coalesce(nullif(current_setting('agent_desk.mutation_id', true), ''), NEW.mutation_id);
        ELSE
            NEW.mutation_id := coalesce(NEW.mutation_id, nullif(current_setting('agent_desk.mutation_id', true), ''));
        END IF;
        NEW.db_user := left(session_user::text, 64);
        NEW.client_addr := left(host(inet_client_addr()), 64);
        NEW.application := left(nullif(current_setting('application_name', true), ''), 64);
        NEW.mutation_id := left(NEW.mutation_id, 64);
        RETURN NEW;
    END
    $$
    """


def _earlier(file_name: str) -> ModuleType:
    """An earlier revision's module (its definitions are what a downgrade puts back, to the byte)."""
    spec = importlib.util.spec_from_file_location(f"_revision_{file_name[:13]}", Path(__file__).with_name(file_name))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_before() -> list[str]:
    """desk_audit_changes as 0017 made it, audit_events_stamp as 0009 made it (with 0017's pin)."""
    r0009 = _earlier("20261125_0009_audit_trail_and_sensitive_data.py")
    r0017 = _earlier("20261125_0017_definer_search_path_and_incident_rules.py")
    changes = next(f for f in r0017._functions(qualified=True) if "desk_audit_changes()" in f)
    stamp = next(f for f in r0009._SQL_FUNCTIONS if "audit_events_stamp()" in f)
    stamp = stamp.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").replace(r0009._PIN, PIN)
    return [changes, stamp]


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _postgres():
        op.execute(_audit_changes())
        op.execute(STAMP)


def downgrade() -> None:
    if _postgres():
        for statement in _as_before():
            op.execute(statement)
