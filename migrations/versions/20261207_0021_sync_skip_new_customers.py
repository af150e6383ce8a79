"""sync change log: nothing for customers the transaction itself creates

A desk holds a customer's rows only after reading them from the server: fetched whole when it
comes to hold the customer (a pop, a callback, the work queue), changes after that through the
change log. A customer that a transaction creates cannot be on any desk before that
transaction commits, and a desk that comes to hold them afterwards fetches them whole, so the
change rows of that customer and of the rows written with them in the same transaction
(phones, subscriptions, imported attributes...) are never read by anyone. An import of
1,000,000 customers wrote 5,000,000 of them (a customer, a phone, three attributes), each
into a table with four indexes and an ON CONFLICT check: 59 % of the server's time in the
import (perf, 2026-12-07), about 120 s of CPU.

How the trigger knows: an INSERT into ``customers`` records the new keys in a temporary
table of the session, ``pg_temp.desk_sync_fresh``, emptied at every commit (``ON COMMIT
DELETE ROWS``), owned by the trigger's owner (no login can write it) and trusted only when
it is that owner's (a table of that name someone made first is ignored: every row is then
logged as before). Rows of a table with a customer column are left out of the log while
their customer is in it. What is still always logged:

* a customer whose key the change log has seen before (a customer deleted and made again
  with the same key: a desk may still list them as held); the check reads what has committed
  by the statement, so a transaction at REPEATABLE READ or SERIALIZABLE, whose snapshot may be
  older than another's deletion of that key, logs everything as before;
* rows that name an agent (calls, notes, callbacks, approval requests): an agent's desk pulls
  their own callbacks whatever the customer;
* everything in a transaction that created no customer, and every later transaction's
  changes of the new customers (the fresh list is empty again after the commit).

Rows written in a savepoint that rolls back take their fresh entries with them.

What would let an existing customer pass for new, and so hide a transaction's changes of
them from the desks holding them (found by review), is refused:

* **changing a customer's key** (a new trigger): renaming them, then inserting another row under
  the old key in the same transaction. Desks and every table hold customers by the key, and the
  log would record the new key and never the old one's end;
* **deleting a customer this transaction made**: one statement (MERGE, a writable CTE) can
  delete a customer and insert their key again with the insert's trigger firing first, before
  the deletion's tombstone is written. (Deleting and inserting in two statements is safe: the
  insert then sees the tombstone.)

``desk_owner`` (the trigger's owner, a role nobody logs in as) gets the right to make
temporary tables in the database: a site set up as docs/security.md says revokes it from
PUBLIC. The migration login owns the database, so it may grant it; no login gains anything
(the one member of desk_owner, the migration login, has it already as the owner). Without the
right (a DBA took it away) the trigger logs every row, as before.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 11:30:00
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The triggers and their arguments stay as 0020 made them (TG_ARGV: the key, customer and
# agent expressions over the changed rows t; 'NULL::uuid' when the table has no such column).
# "OFFSET 0" keeps each NOT EXISTS a lookup in an index per changed row: without it PostgreSQL
# makes it a hash anti-join that reads the whole fresh list (or every customer's change row)
# into a hash table at every statement, and an import's 400 statements would read a
# million-row list 400 times.
_FUNCTION = """
CREATE OR REPLACE FUNCTION public.desk_sync_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
DECLARE
    source text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
    fresh regclass := to_regclass('pg_temp.desk_sync_fresh');
    unseen text := '';
    remade boolean;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        fresh := NULL;  -- its snapshot may be older than another's deletion of a key it inserts
    ELSIF fresh IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
            WHERE c.oid = fresh AND r.rolname = current_user) THEN
        fresh := NULL;  -- not the one this function made: never trusted, everything is logged
    ELSIF fresh IS NULL AND TG_TABLE_NAME = 'customers' AND TG_OP = 'INSERT'
            AND has_database_privilege(current_database(), 'TEMPORARY') THEN
        CREATE TEMPORARY TABLE desk_sync_fresh (customer_id uuid PRIMARY KEY) ON COMMIT DELETE ROWS;
        fresh := 'pg_temp.desk_sync_fresh'::regclass;
    END IF;
    IF fresh IS NOT NULL AND TG_TABLE_NAME = 'customers' AND TG_OP = 'DELETE' THEN
        -- One statement can delete a customer and insert their key again (MERGE, a writable
        -- CTE) with the insert's trigger first: the key would pass for new, unseen by the log.
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM old_rows t WHERE EXISTS (SELECT 1 FROM pg_temp.desk_sync_fresh f '
                'WHERE f.customer_id = t.id OFFSET 0))' INTO remade;
        IF remade THEN
            RAISE EXCEPTION 'a customer made in this transaction cannot be deleted in it'
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
    END IF;
    IF fresh IS NOT NULL AND TG_TABLE_NAME = 'customers' AND TG_OP = 'INSERT' THEN
        -- New customers the log has never seen: no desk can hold them before this commits.
        EXECUTE 'INSERT INTO pg_temp.desk_sync_fresh (customer_id) SELECT t.id FROM new_rows t '
                'WHERE NOT EXISTS (SELECT 1 FROM public.sync_changes s '
                'WHERE s.table_name = ''customers'' AND s.row_id = t.id::text OFFSET 0) ON CONFLICT DO NOTHING';
    END IF;
    IF fresh IS NOT NULL AND TG_ARGV[1] <> 'NULL::uuid' AND TG_ARGV[2] = 'NULL::uuid' THEN
        unseen := format('WHERE NOT EXISTS (SELECT 1 FROM pg_temp.desk_sync_fresh f '
                         'WHERE f.customer_id = %s OFFSET 0) ', TG_ARGV[1]);
    END IF;
    EXECUTE format(
        'INSERT INTO public.sync_changes (table_name, row_id, xid, deleted, customer_id, agent_id) '
        'SELECT %L, %s, pg_current_xact_id()::text::bigint, %L, %s, %s FROM %I t %s'
        'ON CONFLICT (table_name, row_id) DO UPDATE SET xid = excluded.xid, deleted = excluded.deleted, '
        'customer_id = excluded.customer_id, agent_id = excluded.agent_id',
        TG_TABLE_NAME, TG_ARGV[0], TG_OP = 'DELETE', TG_ARGV[1], TG_ARGV[2], source, unseen);
    RETURN NULL;
END
$fn$
"""


_KEY_FIXED = """
CREATE FUNCTION public.desk_customer_key_fixed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $fn$
BEGIN
    RAISE EXCEPTION 'customer %: a customer''s key never changes', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$fn$
"""


def _previous_function() -> str:
    """0020's function, read from 0020 itself (a downgrade puts it back as it was)."""
    path = Path(__file__).with_name("20261207_0020_sync_track_without_json.py")
    spec = importlib.util.spec_from_file_location("_migration_0020", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module._COLUMN_FUNCTION)


_TEMPORARY = "DO $$ BEGIN EXECUTE format('{} TEMPORARY ON DATABASE %I {} desk_owner', current_database()); END $$"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_TEMPORARY.format("GRANT", "TO"))
    op.execute(_FUNCTION)
    op.execute(_KEY_FIXED)
    op.execute("ALTER FUNCTION public.desk_customer_key_fixed() OWNER TO desk_owner")
    op.execute("REVOKE ALL ON FUNCTION public.desk_customer_key_fixed() FROM PUBLIC")
    op.execute("CREATE TRIGGER customer_key_fixed BEFORE UPDATE OF id ON public.customers FOR EACH ROW "
               "WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.desk_customer_key_fixed()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS customer_key_fixed ON public.customers")
    op.execute("DROP FUNCTION IF EXISTS public.desk_customer_key_fixed()")
    op.execute(_previous_function())
    op.execute(_TEMPORARY.format("REVOKE", "FROM"))
