"""audit trail and sensitive data

* ``audit_events`` gains what the server knows about a change and the app cannot forge: the
  login (``db_user``), the client's address, the application name, the client's mutation id
  (``SET LOCAL agent_desk.mutation_id``), the acting person's team at the time (``team_id``, what
  a team lead's read of the audit keys on), where the row came from (``source``: ``db`` for the
  triggers below, ``app`` for a row the app wrote) and the changed values (``old_values`` /
  ``new_values``, only the changed columns of an update). On SQLite that is all: one local user,
  and the app keeps writing its own rows where it did.

On PostgreSQL, besides:

* every table that holds people's work or that admins curate is audited by statement-level
  triggers with transition tables (one INSERT ... SELECT per statement, however many rows). A
  session that can act as ``desk_owner`` (the migration login, demo data, a superuser) is not
  audited: it owns the triggers and could drop them, so recording it would promise what it
  cannot keep; the people, the jobs login and admins are;
* ``audit_events`` is append-only for everyone: no UPDATE/DELETE/TRUNCATE grant, and a trigger
  refuses them even for the owner. A person may INSERT (the app's own events), but a BEFORE
  INSERT trigger stamps who, when, where and which mutation over whatever the row said;
* national IDs: the desk roles lose SELECT on ``customers.national_id`` and
  ``national_id_reversed`` (column privileges: SELECT on every other column). The desk reads a
  masked form through ``masked_national_id(customer)``, finds customers by a whole ID or its last
  four digits through ``customers_by_national_id(digits, max_rows)`` (a whole-ID search is
  audited), and reads the ID itself only through ``reveal_national_id(customer, reason)``, which
  refuses an empty reason and writes the audit row (and a server-log line, which a rolled-back
  transaction cannot take back). All three are SECURITY DEFINER with a pinned search_path.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def _new_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("db_user", sa.String(length=64), nullable=True),
        sa.Column("client_addr", sa.String(length=64), nullable=True),
        sa.Column("application", sa.String(length=64), nullable=True),
        sa.Column("mutation_id", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
    )


# The person and service roles of migration 0008 (desk_lead is a member of desk_agent).
_DESK_ROLES = ("desk_agent", "desk_lead", "desk_admin", "desk_jobs")
_SENSITIVE = ("national_id", "national_id_reversed")

# table: (key column, only these columns ('' = all), masked columns, left-out columns, events)
_AUDITED = {
    "retention_calls": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "offer_presentations": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "approval_requests": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "callbacks": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "referrals": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "qa_reviews": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "interactions": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "survey_responses": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "incidents": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "offers": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    # The script's YAML can be 256 kB: its sha256 says which one it was.
    "call_script_versions": ("id", "", "", "source", ("INSERT", "UPDATE", "DELETE")),
    "agents": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "teams": ("id", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    "churn_weights": ("factor", "", "", "", ("INSERT", "UPDATE", "DELETE")),
    # A cancellation carried by the wrap-up; imports add holdings in bulk (not audited).
    "subscriptions": ("id", "", "", "", ("UPDATE", "DELETE")),
    # Customers' sensitive field only, and masked even here.
    "customers": ("id", "national_id", "national_id", "", ("UPDATE", "DELETE")),
}

_FUNCTIONS = (
    "desk_mask_national_id(text)",
    "desk_audit_values(jsonb, text[], text[], text[])",
    "desk_audit_changes()",
    "audit_events_stamp()",
    "audit_events_append_only()",
    "masked_national_id(uuid)",
    "reveal_national_id(uuid, text)",
    "customers_by_national_id(text, integer)",
)

_PIN = "SET search_path = pg_catalog, public"

_SQL_FUNCTIONS = [
    # The form every screen shows: the last four digits.
    f"""
    CREATE FUNCTION desk_mask_national_id(value text) RETURNS text
    LANGUAGE sql IMMUTABLE {_PIN} AS $$
        SELECT CASE WHEN value IS NULL OR value = '' THEN value
                    WHEN length(value) <= 4 THEN repeat('•', length(value))
                    ELSE repeat('•', length(value) - 4) || right(value, 4) END
    $$
    """,
    # A row as JSON, cut to what the audit keeps of it.
    f"""
    CREATE FUNCTION desk_audit_values(j jsonb, only_columns text[], masked text[], left_out text[])
    RETURNS jsonb LANGUAGE sql IMMUTABLE {_PIN} AS $$
        SELECT jsonb_object_agg(key, CASE WHEN key = ANY(masked)
                                          THEN to_jsonb(desk_mask_national_id(value #>> '{{}}'))
                                          ELSE value END)
          FROM jsonb_each(j)
         WHERE (only_columns IS NULL OR key = ANY(only_columns)) AND NOT key = ANY(left_out)
    $$
    """,
    # The triggers' work: one audit row per row the statement touched. Arguments: key column,
    # only these columns ('' = all), masked columns, left-out columns (comma lists).
    f"""
    CREATE FUNCTION desk_audit_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER {_PIN} AS $$
    DECLARE
        key_column text := TG_ARGV[0];
        only_columns text[] := CASE WHEN TG_ARGV[1] = '' THEN NULL ELSE string_to_array(TG_ARGV[1], ',') END;
        masked text[] := string_to_array(TG_ARGV[2], ',');
        left_out text[] := string_to_array(TG_ARGV[3], ',');
        me uuid;
        my_team uuid;
    BEGIN
        IF pg_has_role(session_user, 'desk_owner', 'MEMBER') THEN
            RETURN NULL;
        END IF;
        me := desk_me();
        my_team := desk_my_team();
        IF TG_OP = 'INSERT' THEN
            INSERT INTO audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id, new_values)
            SELECT gen_random_uuid(), now(), now(), me, 'insert', TG_TABLE_NAME, r.j ->> key_column,
                   '{{}}', 'db', my_team, desk_audit_values(r.j, only_columns, masked, left_out)
              FROM (SELECT to_jsonb(n) AS j FROM new_rows n) r;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id, old_values)
            SELECT gen_random_uuid(), now(), now(), me, 'delete', TG_TABLE_NAME, r.j ->> key_column,
                   '{{}}', 'db', my_team, desk_audit_values(r.j, only_columns, masked, left_out)
              FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
        ELSE
            INSERT INTO audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id, old_values, new_values)
            SELECT gen_random_uuid(), now(), now(), me, 'update', TG_TABLE_NAME, n.j ->> key_column,
                   '{{}}', 'db', my_team,
                   desk_audit_values(changed.before, only_columns, masked, left_out),
                   desk_audit_values(changed.after, only_columns, masked, left_out)
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
    """,
    # Whatever an INSERT said, the server says who, when, from where and which mutation. Rows
    # the triggers write (as desk_owner) keep their actor; a person's row gets the person.
    f"""
    CREATE FUNCTION audit_events_stamp() RETURNS trigger
    LANGUAGE plpgsql {_PIN} AS $$
    BEGIN
        IF current_user::text <> 'desk_owner' THEN
            NEW.source := 'app';
            NEW.occurred_at := now();
            IF NOT pg_has_role(session_user, 'desk_owner', 'MEMBER') THEN
                NEW.actor_id := desk_me();
                NEW.team_id := desk_my_team();
            END IF;
        END IF;
        NEW.db_user := left(session_user::text, 64);
        NEW.client_addr := left(host(inet_client_addr()), 64);
        NEW.application := left(nullif(current_setting('application_name', true), ''), 64);
        NEW.mutation_id := left(nullif(current_setting('agent_desk.mutation_id', true), ''), 64);
        RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql {_PIN} AS $$
    BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"""
    CREATE FUNCTION masked_national_id(customer uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER {_PIN} AS $$
        SELECT desk_mask_national_id(national_id) FROM customers WHERE id = customer
    $$
    """,
    f"""
    CREATE FUNCTION reveal_national_id(customer uuid, reason text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER {_PIN} AS $$
    DECLARE
        why text := btrim(coalesce(reason, ''));
        value text;
    BEGIN
        IF why = '' THEN
            RAISE EXCEPTION 'revealing a national ID needs a reason' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF length(why) > 500 THEN
            RAISE EXCEPTION 'the reason is longer than 500 characters' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF desk_me() IS NULL AND NOT pg_has_role(session_user, 'desk_owner', 'MEMBER') THEN
            RAISE EXCEPTION 'only a person of the desk may reveal a national ID'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT national_id INTO value FROM customers WHERE id = customer;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no customer %', customer USING ERRCODE = 'no_data_found';
        END IF;
        INSERT INTO audit_events (id, created_at, occurred_at, actor_id, action, entity_type, entity_id,
                                  details, source, team_id)
        VALUES (gen_random_uuid(), now(), now(), desk_me(), 'national_id.revealed', 'customers',
                customer::text, jsonb_build_object('reason', why), 'db', desk_my_team());
        -- The row above goes if the caller rolls back; this line in the server log does not.
        RAISE LOG 'agent-desk: % revealed the national ID of customer % (reason: %)',
            session_user, customer, why;
        RETURN value;
    END
    $$
    """,
    # A whole ID (audited: it says whether a guessed ID is a customer's), or its last four
    # digits at most (what the mask shows anyway); anything between finds nobody, so the
    # search cannot be used to read an ID digit by digit.
    f"""
    CREATE FUNCTION customers_by_national_id(digits text, max_rows integer) RETURNS SETOF uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER {_PIN} AS $$
    DECLARE
        wanted text := regexp_replace(coalesce(digits, ''), '[^0-9]', '', 'g');
    BEGIN
        IF length(wanted) = 9 THEN
            INSERT INTO audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id)
            VALUES (gen_random_uuid(), now(), now(), desk_me(), 'national_id.searched', 'customers', '',
                    jsonb_build_object('national_id', desk_mask_national_id(wanted)), 'db', desk_my_team());
            RETURN QUERY SELECT id FROM customers WHERE national_id = wanted LIMIT max_rows;
        ELSIF length(wanted) BETWEEN 1 AND 4 THEN
            RETURN QUERY EXECUTE format(
                'SELECT id FROM customers WHERE national_id_reversed LIKE %L LIMIT %s',
                reverse(wanted) || '%', greatest(coalesce(max_rows, 100), 0));
        END IF;
    END
    $$
    """,
]


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        for column in _new_columns():
            batch_op.add_column(column)
        batch_op.create_index(batch_op.f("ix_audit_events_team_id_audit_events_occurred_at"),
                              ["team_id", "occurred_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_team_id_audit_events_occurred_at"))
        for column in reversed(_new_columns()):
            batch_op.drop_column(column.name)


def _upgrade_postgresql() -> None:
    for statement in _SQL_FUNCTIONS:
        op.execute(statement)
    for signature in _FUNCTIONS:
        op.execute(f"ALTER FUNCTION {signature} OWNER TO desk_owner")
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for signature in ("masked_national_id(uuid)", "customers_by_national_id(text, integer)"):
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO desk_agent, desk_admin")
    op.execute("GRANT EXECUTE ON FUNCTION reveal_national_id(uuid, text) TO desk_agent, desk_admin")

    for table, (key, only, masked, left_out, events) in _AUDITED.items():
        arguments = ", ".join(f"'{a}'" for a in (key, only, masked, left_out))
        for event in events:
            rows = "OLD TABLE AS old_rows" if event == "DELETE" else (
                "NEW TABLE AS new_rows" if event == "INSERT" else "OLD TABLE AS old_rows NEW TABLE AS new_rows")
            op.execute(f"CREATE TRIGGER audit_{event.lower()} AFTER {event} ON {table} REFERENCING {rows} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION desk_audit_changes({arguments})")

    # The audit table: append-only, stamped, read by leads (their team) and admins.
    op.execute("CREATE TRIGGER audit_events_stamp BEFORE INSERT ON audit_events "
               "FOR EACH ROW EXECUTE FUNCTION audit_events_stamp()")
    op.execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
               "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")
    op.execute("CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()")
    op.execute("ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE audit_events FORCE ROW LEVEL SECURITY")
    op.execute("REVOKE ALL ON audit_events FROM PUBLIC, " + ", ".join(_DESK_ROLES))
    op.execute("GRANT INSERT ON audit_events TO desk_agent, desk_admin, desk_jobs")
    op.execute("GRANT SELECT ON audit_events TO desk_lead, desk_admin")
    op.execute("CREATE POLICY audit_events_written_by_triggers ON audit_events FOR INSERT TO desk_owner "
               "WITH CHECK (true)")
    op.execute("CREATE POLICY audit_events_written_by_app ON audit_events FOR INSERT "
               "TO desk_agent, desk_admin, desk_jobs "
               "WITH CHECK (source = 'app' AND actor_id IS NOT DISTINCT FROM desk_me())")
    op.execute("CREATE POLICY audit_events_lead_reads_team ON audit_events FOR SELECT TO desk_lead "
               "USING (team_id = desk_my_team())")
    op.execute("CREATE POLICY audit_events_admin_reads_all ON audit_events FOR SELECT TO desk_admin "
               "USING (true)")

    # National IDs: no desk role reads the columns; the functions above read them as the owner.
    op.execute("REVOKE SELECT ON customers FROM PUBLIC, " + ", ".join(_DESK_ROLES))
    readable = ", ".join(f'"{c}"' for c in _customer_columns() if c not in _SENSITIVE)
    op.execute(f"GRANT SELECT ({readable}) ON customers TO " + ", ".join(_DESK_ROLES))


def _downgrade_postgresql() -> None:
    op.execute("REVOKE SELECT ON customers FROM " + ", ".join(_DESK_ROLES))
    op.execute("GRANT SELECT ON customers TO desk_agent, desk_admin, desk_jobs")
    for policy in ("audit_events_written_by_triggers", "audit_events_written_by_app",
                   "audit_events_lead_reads_team", "audit_events_admin_reads_all"):
        op.execute(f"DROP POLICY IF EXISTS {policy} ON audit_events")
    op.execute("REVOKE ALL ON audit_events FROM " + ", ".join(_DESK_ROLES))
    for trigger in ("audit_events_stamp", "audit_events_append_only", "audit_events_no_truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON audit_events")
    for table, (*_, events) in _AUDITED.items():
        for event in events:
            op.execute(f"DROP TRIGGER IF EXISTS audit_{event.lower()} ON {table}")
    for signature in reversed(_FUNCTIONS):
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")


def _customer_columns() -> list[str]:
    return list(op.get_bind().scalars(
        sa.text("SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'customers' ORDER BY ordinal_position")
    ))
