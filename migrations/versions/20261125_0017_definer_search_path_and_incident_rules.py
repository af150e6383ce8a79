"""functions that run as their owner search pg_temp last; incidents and scripts under row-level security

An audit (issue 11) found two holes, both PostgreSQL only (SQLite: nothing to do here):

* **pg_temp first.** Every function of 0008-0016 pinned ``search_path = pg_catalog, public``.
  PostgreSQL then searches the session's temporary schema *first* for tables and types (it is
  only left out for functions and operators), so a person with the TEMPORARY privilege on the
  database (every login, by default) could make ``CREATE TEMP TABLE audit_events (...)``,
  open it to the owner, and the SECURITY DEFINER audit trigger wrote the audit rows of their
  writes and reveals there, to vanish at the end of the session; a temporary ``pg_roles`` and
  ``pg_auth_members`` passed any login (the migration login, a member of ``desk_owner``) off
  as a person to ``desk_check_person``, and an admin could set its password. Every function
  that pins a search_path now pins ``pg_catalog, public, pg_temp`` (pg_temp last), and the
  functions that run as their owner, and the correction trigger, name every table
  schema-qualified (``public.audit_events``, ``pg_catalog.pg_roles``) and their own helper
  functions too (``public.desk_me()``). Built-in functions and types come from pg_catalog,
  first in the path.
* **incidents and call_script_versions had no row-level security**: a lead could declare an
  incident in anyone's name (``created_by``), rewrite any incident, resolved ones included, and
  an admin publish a script in another person's name. Now both are ENABLEd and FORCEd:

  - ``incidents``: everyone reads; a lead or an admin declares, only as themself
    (``created_by = desk_me()``); a lead updates or resolves any *open* incident (an outage is
    the floor's, not a team's: the lead on the next shift resolves it), an admin any; nobody
    changes who declared it or when it started (UPDATE is granted on the other columns only);
    an admin may delete one (a mistaken declaration no call points at).
  - ``call_script_versions``: everyone reads; only admins publish, only as themself
    (``published_by = desk_me()``); a published version never changes (no UPDATE: a fix is a
    new version), an admin may delete one.

  ``desk_owner`` (the migration login, demo data) keeps every row, as on the other tables.

The downgrade puts back the definitions of 0008-0016 and the grants of 0008, and takes row-level
security off the two tables.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-25 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PIN = "SET search_path = pg_catalog, public, pg_temp"
OLD_PIN = "SET search_path = pg_catalog, public"

# Functions whose bodies were already schema-qualified (or read no table): only the pin moves.
PIN_ONLY = (
    "desk_me()", "desk_my_team()", "desk_role()", "desk_is_teammate(uuid)", "desk_call_agent(uuid)",
    "desk_refuse_submitted_call_change()", "desk_mask_national_id(text)",
    "desk_audit_values(jsonb, text[], text[], text[])", "audit_events_stamp()", "audit_events_append_only()",
    "desk_qa_review_rules()", "desk_incident_changed()",
)

# The functions whose bodies name tables (or call the helpers) unqualified before this revision,
# as they were written in 0008, 0009, 0010 and 0016, with ``{p}`` where "public." now stands,
# ``{c}`` where "pg_catalog." does and ``{pin}`` for the search_path: rendered with them for the
# upgrade, with empty strings and the old pin for the downgrade (the earlier text, exactly).
_USER_FUNCTION = ("CREATE OR REPLACE FUNCTION {signature} RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER "
                  "{pin} AS $fn$ DECLARE other text; BEGIN {body} END $fn$")
_USER_FUNCTIONS = (  # 0008
    ("desk_create_login(login text, verifier text, grp text)", """
    IF login !~ '^[a-z][a-z0-9_.-]{0,62}$' OR login LIKE 'pg\\_%' OR login LIKE 'desk\\_%'
       OR login IN ('postgres', 'public', 'none') THEN
        RAISE EXCEPTION 'user name % is not allowed', login USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF grp IS NULL OR grp NOT IN ('desk_agent', 'desk_lead', 'desk_admin') THEN
        RAISE EXCEPTION 'no person group %', grp USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF verifier IS NULL OR verifier !~ '^SCRAM-SHA-256[$]' THEN
        RAISE EXCEPTION 'the password must come as a SCRAM verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM {c}pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION 'a database login named % exists already on this server', login
            USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT '
                   'PASSWORD %L IN ROLE %I', login, verifier, grp);"""),
    ("desk_set_login_group(login text, grp text)", """
    PERFORM {p}desk_check_person(login);
    IF grp IS NULL OR grp NOT IN ('desk_agent', 'desk_lead', 'desk_admin') THEN
        RAISE EXCEPTION 'no person group %', grp USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR other IN SELECT g.rolname FROM {c}pg_auth_members m JOIN {c}pg_roles g ON g.oid = m.roleid
                 JOIN {c}pg_roles r ON r.oid = m.member WHERE r.rolname = login AND g.rolname <> grp LOOP
        EXECUTE format('REVOKE %I FROM %I', other, login);
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM {c}pg_auth_members m JOIN {c}pg_roles g ON g.oid = m.roleid
                   JOIN {c}pg_roles r ON r.oid = m.member WHERE r.rolname = login AND g.rolname = grp) THEN
        EXECUTE format('GRANT %I TO %I', grp, login);
    END IF;"""),
    ("desk_disable_login(login text)", """
    PERFORM {p}desk_check_person(login);
    EXECUTE format('ALTER ROLE %I NOLOGIN', login);"""),
    ("desk_set_login_password(login text, verifier text)", """
    PERFORM {p}desk_check_person(login);
    IF verifier IS NULL OR verifier !~ '^SCRAM-SHA-256[$]' THEN
        RAISE EXCEPTION 'the password must come as a SCRAM verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);"""),
)

_TEMPLATES = (
    # 0008
    """
CREATE OR REPLACE FUNCTION {p}desk_check_person(login text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER {pin} AS $fn$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM {c}pg_roles r
        WHERE r.rolname = login AND NOT (r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb
                                         OR r.rolreplication)
          AND EXISTS (SELECT 1 FROM {c}pg_auth_members m JOIN {c}pg_roles g ON g.oid = m.roleid
                      WHERE m.member = r.oid AND g.rolname IN ('desk_agent', 'desk_lead', 'desk_admin'))
          AND NOT EXISTS (SELECT 1 FROM {c}pg_auth_members m JOIN {c}pg_roles g ON g.oid = m.roleid
                          WHERE m.member = r.oid AND g.rolname NOT IN ('desk_agent', 'desk_lead', 'desk_admin'))
          AND NOT EXISTS (SELECT 1 FROM {c}pg_auth_members m WHERE m.roleid = r.oid))
    THEN
        RAISE EXCEPTION 'login % is not a desk user''s', login USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$
""",
    *(_USER_FUNCTION.replace("{signature}", "{p}" + signature).replace("{body}", body)
      for signature, body in _USER_FUNCTIONS),
    # 0009
    """
    CREATE OR REPLACE FUNCTION {p}desk_audit_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER {pin} AS $$
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
        me := {p}desk_me();
        my_team := {p}desk_my_team();
        IF TG_OP = 'INSERT' THEN
            INSERT INTO {p}audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id, new_values)
            SELECT gen_random_uuid(), now(), now(), me, 'insert', TG_TABLE_NAME, r.j ->> key_column,
                   '{}', 'db', my_team, {p}desk_audit_values(r.j, only_columns, masked, left_out)
              FROM (SELECT to_jsonb(n) AS j FROM new_rows n) r;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO {p}audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id, old_values)
            SELECT gen_random_uuid(), now(), now(), me, 'delete', TG_TABLE_NAME, r.j ->> key_column,
                   '{}', 'db', my_team, {p}desk_audit_values(r.j, only_columns, masked, left_out)
              FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
        ELSE
            INSERT INTO {p}audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id, old_values, new_values)
            SELECT gen_random_uuid(), now(), now(), me, 'update', TG_TABLE_NAME, n.j ->> key_column,
                   '{}', 'db', my_team,
                   {p}desk_audit_values(changed.before, only_columns, masked, left_out),
                   {p}desk_audit_values(changed.after, only_columns, masked, left_out)
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
    """
    CREATE OR REPLACE FUNCTION {p}masked_national_id(customer uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER {pin} AS $$
        SELECT {p}desk_mask_national_id(national_id) FROM {p}customers WHERE id = customer
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION {p}reveal_national_id(customer uuid, reason text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER {pin} AS $$
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
        IF {p}desk_me() IS NULL AND NOT pg_has_role(session_user, 'desk_owner', 'MEMBER') THEN
            RAISE EXCEPTION 'only a person of the desk may reveal a national ID'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT national_id INTO value FROM {p}customers WHERE id = customer;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no customer %', customer USING ERRCODE = 'no_data_found';
        END IF;
        INSERT INTO {p}audit_events (id, created_at, occurred_at, actor_id, action, entity_type, entity_id,
                                  details, source, team_id)
        VALUES (gen_random_uuid(), now(), now(), {p}desk_me(), 'national_id.revealed', 'customers',
                customer::text, jsonb_build_object('reason', why), 'db', {p}desk_my_team());
        -- The row above goes if the caller rolls back; this line in the server log does not.
        RAISE LOG 'agent-desk: % revealed the national ID of customer % (reason: %)',
            session_user, customer, why;
        RETURN value;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION {p}customers_by_national_id(digits text, max_rows integer) RETURNS SETOF uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER {pin} AS $$
    DECLARE
        wanted text := regexp_replace(coalesce(digits, ''), '[^0-9]', '', 'g');
    BEGIN
        IF length(wanted) = 9 THEN
            INSERT INTO {p}audit_events (id, created_at, occurred_at, actor_id, action, entity_type,
                                      entity_id, details, source, team_id)
            VALUES (gen_random_uuid(), now(), now(), {p}desk_me(), 'national_id.searched', 'customers', '',
                    jsonb_build_object('national_id', {p}desk_mask_national_id(wanted)), 'db', {p}desk_my_team());
            RETURN QUERY SELECT id FROM {p}customers WHERE national_id = wanted LIMIT max_rows;
        ELSIF length(wanted) BETWEEN 1 AND 4 THEN
            RETURN QUERY EXECUTE format(
                'SELECT id FROM {p}customers WHERE national_id_reversed LIKE %L LIMIT %s',
                reverse(wanted) || '%', greatest(coalesce(max_rows, 100), 0));
        END IF;
    END
    $$
    """,
    # 0010: a plain trigger, but its copy of the call's start is what no writer may choose
    """
CREATE OR REPLACE FUNCTION {p}call_corrections_stamp_call_start() RETURNS trigger
LANGUAGE plpgsql {pin} AS $$
BEGIN
    SELECT started_at INTO NEW.call_started_at FROM {p}retention_calls WHERE id = NEW.call_id;
    RETURN NEW;
END
$$
""",
    # 0016
    """
CREATE OR REPLACE FUNCTION {p}desk_sync_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {pin} AS $fn$
DECLARE
    source text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
BEGIN
    -- TG_ARGV: key expression, customer expression, agent expression (over the rows as jsonb r)
    EXECUTE format(
        'INSERT INTO {p}sync_changes (table_name, row_id, xid, deleted, customer_id, agent_id) '
        'SELECT %L, %s, pg_current_xact_id()::text::bigint, %L, %s, %s '
        'FROM (SELECT to_jsonb(t) AS r FROM %I t) s '
        'ON CONFLICT (table_name, row_id) DO UPDATE SET xid = excluded.xid, deleted = excluded.deleted, '
        'customer_id = excluded.customer_id, agent_id = excluded.agent_id',
        TG_TABLE_NAME, TG_ARGV[0], TG_OP = 'DELETE', TG_ARGV[1], TG_ARGV[2], source);
    RETURN NULL;
END
$fn$
""",
)


def _functions(qualified: bool) -> list[str]:
    public, catalog, pin = ("public.", "pg_catalog.", PIN) if qualified else ("", "", OLD_PIN)
    return [template.replace("{p}", public).replace("{c}", catalog).replace("{pin}", pin)
            for template in _TEMPLATES]


# Who declared an incident and when it started stay as declared; everything else is what a
# lead (or an admin) updates and resolves.
INCIDENT_UPDATABLE = ("title_he", "title_en", "description", "severity", "product_category", "region",
                      "product_categories", "regions", "expected_end_at", "resolved_at", "talking_points_he",
                      "talking_points_en")
_READERS = "desk_agent, desk_admin, desk_jobs"  # desk_lead reads through desk_agent
# (table, policy, command, roles, USING, WITH CHECK)
POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("incidents", "incidents_owner", "ALL", "desk_owner", "true", "true"),
    ("incidents", "incidents_read", "SELECT", _READERS, "true", None),
    ("incidents", "incidents_declare", "INSERT", "desk_lead, desk_admin", None, "created_by = public.desk_me()"),
    ("incidents", "incidents_lead_update", "UPDATE", "desk_lead", "resolved_at IS NULL", "true"),
    ("incidents", "incidents_admin_update", "UPDATE", "desk_admin", "true", "true"),
    ("incidents", "incidents_admin_delete", "DELETE", "desk_admin", "true", None),
    ("call_script_versions", "call_script_versions_owner", "ALL", "desk_owner", "true", "true"),
    ("call_script_versions", "call_script_versions_read", "SELECT", _READERS, "true", None),
    ("call_script_versions", "call_script_versions_publish", "INSERT", "desk_admin", None,
     "published_by = public.desk_me()"),
    ("call_script_versions", "call_script_versions_admin_delete", "DELETE", "desk_admin", "true", None),
)
GRANTS = (
    "REVOKE UPDATE ON incidents FROM desk_lead, desk_admin",
    f"GRANT UPDATE ({', '.join(INCIDENT_UPDATABLE)}) ON incidents TO desk_lead, desk_admin",
    "REVOKE UPDATE ON call_script_versions FROM desk_admin",
)
# What 0008 granted (leads: INSERT, UPDATE on incidents; admins: every catalog table).
OLD_GRANTS = (
    f"REVOKE UPDATE ({', '.join(INCIDENT_UPDATABLE)}) ON incidents FROM desk_lead, desk_admin",
    "GRANT UPDATE ON incidents TO desk_lead, desk_admin",
    "GRANT UPDATE ON call_script_versions TO desk_admin",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    for signature in PIN_ONLY:
        op.execute(f"ALTER FUNCTION public.{signature} {PIN}")
    for statement in _functions(qualified=True):
        op.execute(statement)
    for statement in GRANTS:
        op.execute(statement)
    for table in ("incidents", "call_script_versions"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for table, name, command, roles, using, check in POLICIES:
        clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
        op.execute(f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {roles}{clauses}")


def downgrade() -> None:
    if not _postgres():
        return
    for table, name, *_rest in reversed(POLICIES):
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    for table in ("incidents", "call_script_versions"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for statement in OLD_GRANTS:
        op.execute(statement)
    for statement in _functions(qualified=False):
        op.execute(statement)
    for signature in PIN_ONLY:
        op.execute(f"ALTER FUNCTION public.{signature} {OLD_PIN}")
