"""roles, grants and row-level security (PostgreSQL)

The shared database enforces who may see and do what, so that a person who opens psql with
their own login gets no more than the app allows (docs/security.md):

* NOLOGIN group roles, made here when missing (role names are cluster-wide; a DBA may have
  made them already): ``desk_owner`` owns every table and function and nobody logs in as it;
  ``desk_agent``, ``desk_lead`` (a member of desk_agent: a lead works calls too),
  ``desk_admin`` and ``desk_jobs`` (the housekeeping service). A person is a LOGIN role in
  one of the first three whose name is their ``agents.username``.
* Helper functions, SECURITY DEFINER with a pinned search_path, owned by desk_owner:
  ``desk_me()``, ``desk_my_team()``, ``desk_role()``, ``desk_is_teammate(uuid)``,
  ``desk_call_agent(uuid)``. They read who the *session* user is (inside a SECURITY DEFINER
  function current_user is the owner).
* Grants per role, and row-level security, enabled and FORCEd, with policies on the tables
  that hold people's work: calls, presentations, approval requests, callbacks, referrals,
  survey answers, notes (interactions), QA reviews; the audit trail is only adopted (0009
  gives it grants and policies).
* A trigger refuses any change to, or deletion of, a submitted call (corrections are new
  rows), whoever asks; a CHECK caps a call script's source at 256 KiB.

SQLite (one local user) is left as it is: this revision does nothing there.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUPS = ("desk_owner", "desk_agent", "desk_lead", "desk_admin", "desk_jobs")
DESK = "desk_agent, desk_admin, desk_jobs"  # desk_lead reads through desk_agent
SCRIPT_SOURCE_LIMIT = 262_144  # bytes; the bundled scripts are under 16 KB

# Tables that hold people's work: row-level security, forced.
RLS_TABLES = (
    "retention_calls", "offer_presentations", "approval_requests", "callbacks", "referrals",
    "survey_responses", "interactions", "qa_reviews", "audit_events",
)
OWNER_TABLES = tuple(t for t in RLS_TABLES if t != "audit_events")
# audit_events is only adopted here (owner, RLS forced, no grant, no policy: nobody reaches
# it); migration 0009 gives it its triggers, grants and policies.

GRANTS = (
    # agents (and, through membership, leads)
    "GRANT INSERT, UPDATE ON retention_calls TO desk_agent",
    "GRANT INSERT, UPDATE ON offer_presentations TO desk_agent",
    "GRANT INSERT ON approval_requests TO desk_agent",
    "GRANT INSERT ON callbacks TO desk_agent",
    "GRANT UPDATE (status, completed_at) ON callbacks TO desk_agent",
    "GRANT INSERT ON referrals, survey_responses, interactions TO desk_agent",
    # the wrap-up carries a cancellation onto the customer's subscriptions
    "GRANT UPDATE (status, cancel_requested_at, cancel_effective_on) ON subscriptions TO desk_agent",
    # leads
    "GRANT UPDATE (status, decided_by, decided_at, decision_reason) ON approval_requests TO desk_lead",
    "GRANT UPDATE ON callbacks TO desk_lead",
    "GRANT INSERT, UPDATE ON qa_reviews TO desk_lead",
    "GRANT INSERT, UPDATE ON incidents TO desk_lead",
    # a lead takes an offer off the screens during an outage (the catalog view); its terms
    # and authority stay the admins'
    "GRANT UPDATE (active) ON offers TO desk_lead",
    # admins: every table that is not people's work (catalogs, customers: the loop in
    # upgrade()), and the customer history an import brings
    "GRANT INSERT, UPDATE, DELETE ON interactions, survey_responses, referrals TO desk_admin",
    # housekeeping
    "GRANT UPDATE (owner_agent_id, escalated_at) ON callbacks TO desk_jobs",
    "GRANT UPDATE (status, decided_at) ON approval_requests TO desk_jobs",
    "GRANT UPDATE (still_active_90d, checked_at) ON offer_presentations TO desk_jobs",
    "GRANT INSERT, DELETE ON offer_save_rates TO desk_jobs",
)

# (table, policy, command, roles, USING, WITH CHECK)
MINE_OR_TEAM_QUEUE = ("(owner_agent_id = desk_me() OR (owner_agent_id IS NULL "
                      "AND owner_team_id = desk_my_team()))")
POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    # calls: a caller's history is everyone's to read; each writes only their own, unsubmitted
    ("retention_calls", "calls_read", "SELECT", f"{DESK}, desk_owner", "true", None),
    ("retention_calls", "calls_insert", "INSERT", "desk_agent", None,
     "agent_id = desk_me() AND (amends_call_id IS NULL OR desk_call_agent(amends_call_id) = desk_me())"),
    ("retention_calls", "calls_lead_amend", "INSERT", "desk_lead", None,
     "agent_id = desk_me() AND amends_call_id IS NOT NULL AND desk_is_teammate(desk_call_agent(amends_call_id))"),
    ("retention_calls", "calls_update", "UPDATE", "desk_agent", "agent_id = desk_me()",
     "agent_id = desk_me() AND (amends_call_id IS NULL OR desk_call_agent(amends_call_id) = desk_me())"),
    # offers presented: on my own calls; the lead answers for the team; the 90-day check
    ("offer_presentations", "presentations_read", "SELECT", DESK, "true", None),
    ("offer_presentations", "presentations_insert", "INSERT", "desk_agent", None,
     "desk_call_agent(call_id) = desk_me()"),
    ("offer_presentations", "presentations_update", "UPDATE", "desk_agent",
     "desk_call_agent(call_id) = desk_me()", "desk_call_agent(call_id) = desk_me()"),
    ("offer_presentations", "presentations_lead_update", "UPDATE", "desk_lead",
     "desk_is_teammate(desk_call_agent(call_id))", "desk_is_teammate(desk_call_agent(call_id))"),
    ("offer_presentations", "presentations_jobs_update", "UPDATE", "desk_jobs", "true", "true"),
    # approval requests: an agent asks and sees their own; a lead decides the team's, never
    # their own; nobody else decides
    ("approval_requests", "approvals_read_own", "SELECT", "desk_agent", "requested_by = desk_me()", None),
    ("approval_requests", "approvals_read_team", "SELECT", "desk_lead",
     "team_id = desk_my_team() OR desk_is_teammate(requested_by)", None),
    ("approval_requests", "approvals_read_all", "SELECT", "desk_admin, desk_jobs", "true", None),
    ("approval_requests", "approvals_insert", "INSERT", "desk_agent", None,
     "requested_by = desk_me() AND status = 'pending' AND decided_by IS NULL AND decided_at IS NULL "
     "AND team_id IS NOT DISTINCT FROM desk_my_team() AND desk_call_agent(call_id) = desk_me()"),
    ("approval_requests", "approvals_decide", "UPDATE", "desk_lead",
     "team_id = desk_my_team() AND requested_by <> desk_me()",
     "team_id = desk_my_team() AND requested_by <> desk_me() AND (decided_by IS NULL OR decided_by = desk_me())"),
    ("approval_requests", "approvals_expire", "UPDATE", "desk_jobs", "true", "status = 'expired'"),
    # callbacks: my own, my team's queue; leads the team's; the escalation job all
    ("callbacks", "callbacks_read", "SELECT", "desk_agent", f"{MINE_OR_TEAM_QUEUE} OR created_by = desk_me()", None),
    ("callbacks", "callbacks_read_team", "SELECT", "desk_lead",
     "owner_team_id = desk_my_team() OR desk_is_teammate(owner_agent_id)", None),
    ("callbacks", "callbacks_read_all", "SELECT", "desk_admin, desk_jobs", "true", None),
    ("callbacks", "callbacks_insert", "INSERT", "desk_agent", None,
     f"created_by = desk_me() AND {MINE_OR_TEAM_QUEUE}"),
    ("callbacks", "callbacks_complete", "UPDATE", "desk_agent", MINE_OR_TEAM_QUEUE, MINE_OR_TEAM_QUEUE),
    ("callbacks", "callbacks_lead_update", "UPDATE", "desk_lead",
     "owner_team_id = desk_my_team()", "owner_team_id = desk_my_team()"),
    ("callbacks", "callbacks_escalate", "UPDATE", "desk_jobs", "true", "true"),
    # referrals name a third person: the call's agent, their lead and admins see them
    ("referrals", "referrals_read", "SELECT", "desk_agent", "desk_call_agent(call_id) = desk_me()", None),
    ("referrals", "referrals_read_team", "SELECT", "desk_lead", "desk_is_teammate(desk_call_agent(call_id))", None),
    ("referrals", "referrals_insert", "INSERT", "desk_agent", None, "desk_call_agent(call_id) = desk_me()"),
    ("referrals", "referrals_admin", "ALL", "desk_admin", "true", "true"),
    # survey answers: part of the customer's history; written with my own call
    ("survey_responses", "surveys_read", "SELECT", DESK, "true", None),
    ("survey_responses", "surveys_insert", "INSERT", "desk_agent", None, "desk_call_agent(call_id) = desk_me()"),
    ("survey_responses", "surveys_admin", "ALL", "desk_admin", "true", "true"),
    # interactions (the timeline, notes): everyone reads; a note is written as myself
    ("interactions", "interactions_read", "SELECT", DESK, "true", None),
    ("interactions", "interactions_insert", "INSERT", "desk_agent", None, "agent_id = desk_me()"),
    ("interactions", "interactions_admin", "ALL", "desk_admin", "true", "true"),
    # QA reviews: an agent sees those of their own calls; a lead reviews the team's calls
    ("qa_reviews", "qa_read_own", "SELECT", "desk_agent", "desk_call_agent(call_id) = desk_me()", None),
    ("qa_reviews", "qa_read_team", "SELECT", "desk_lead",
     "desk_is_teammate(desk_call_agent(call_id)) OR reviewer_id = desk_me()", None),
    ("qa_reviews", "qa_read_all", "SELECT", "desk_admin", "true", None),
    ("qa_reviews", "qa_insert", "INSERT", "desk_lead", None,
     "reviewer_id = desk_me() AND desk_is_teammate(desk_call_agent(call_id)) "
     "AND desk_call_agent(call_id) <> desk_me()"),
    ("qa_reviews", "qa_update", "UPDATE", "desk_lead", "reviewer_id = desk_me()",
     "reviewer_id = desk_me() AND desk_is_teammate(desk_call_agent(call_id)) "
     "AND desk_call_agent(call_id) <> desk_me()"),
)

PIN = "SET search_path = pg_catalog, public"
FUNCTIONS = (
    ("desk_me()", "uuid",
     "SELECT a.id FROM public.agents a WHERE a.username = session_user AND a.active"),
    ("desk_my_team()", "uuid",
     "SELECT a.team_id FROM public.agents a WHERE a.username = session_user AND a.active"),
    ("desk_role()", "text",
     "SELECT a.role::text FROM public.agents a WHERE a.username = session_user AND a.active"),
    ("desk_is_teammate(who uuid)", "boolean",
     "SELECT EXISTS (SELECT 1 FROM public.agents a JOIN public.agents me ON me.team_id = a.team_id "
     "WHERE a.id = who AND me.username = session_user AND me.active)"),
    ("desk_call_agent(which_call uuid)", "uuid",
     "SELECT c.agent_id FROM public.retention_calls c WHERE c.id = which_call"),
)

IMMUTABLE_CALL = """
CREATE FUNCTION desk_refuse_submitted_call_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $fn$
BEGIN
    IF OLD.submitted_at IS NOT NULL THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'call % was submitted and cannot be deleted', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF to_jsonb(NEW) IS DISTINCT FROM to_jsonb(OLD) THEN
            RAISE EXCEPTION 'call % was submitted and cannot be changed; a correction is a new call row', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$fn$
"""


# Making and changing people's logins: fixed code that runs as desk_owner (CREATEROLE), executable
# by desk_admin only. It only ever makes a login in one person group, and only ever touches a
# login that is a person's (in a person group, in no other role, no special attribute): never
# the migration login, the jobs service, a group or a superuser.
PERSON_CHECK = """
CREATE FUNCTION desk_check_person(login text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_roles r
        WHERE r.rolname = login AND NOT (r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb
                                         OR r.rolreplication)
          AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                      WHERE m.member = r.oid AND g.rolname IN ('desk_agent', 'desk_lead', 'desk_admin'))
          AND NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                          WHERE m.member = r.oid AND g.rolname NOT IN ('desk_agent', 'desk_lead', 'desk_admin'))
          AND NOT EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = r.oid))
    THEN
        RAISE EXCEPTION 'login % is not a desk user''s', login USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$
"""
USER_FUNCTIONS = (
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
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION 'a database login named % exists already on this server', login
            USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT '
                   'PASSWORD %L IN ROLE %I', login, verifier, grp);"""),
    ("desk_set_login_group(login text, grp text)", """
    PERFORM desk_check_person(login);
    IF grp IS NULL OR grp NOT IN ('desk_agent', 'desk_lead', 'desk_admin') THEN
        RAISE EXCEPTION 'no person group %', grp USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR other IN SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = login AND g.rolname <> grp LOOP
        EXECUTE format('REVOKE %I FROM %I', other, login);
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                   JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = login AND g.rolname = grp) THEN
        EXECUTE format('GRANT %I TO %I', grp, login);
    END IF;"""),
    ("desk_disable_login(login text)", """
    PERFORM desk_check_person(login);
    EXECUTE format('ALTER ROLE %I NOLOGIN', login);"""),
    ("desk_set_login_password(login text, verifier text)", """
    PERFORM desk_check_person(login);
    IF verifier IS NULL OR verifier !~ '^SCRAM-SHA-256[$]' THEN
        RAISE EXCEPTION 'the password must come as a SCRAM verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);"""),
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    for role in GROUPS:
        op.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                   f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$")
    # The user functions below run as desk_owner and make logins: it needs CREATEROLE (the DBA
    # gives it when the migration login may not). No person has CREATEROLE: on PostgreSQL 15 it
    # would let them grant themselves any group, desk_owner included.
    op.execute("DO $$ BEGIN IF NOT (SELECT rolcreaterole FROM pg_roles WHERE rolname = 'desk_owner') "
               "THEN ALTER ROLE desk_owner CREATEROLE; END IF; END $$")
    # Only when missing: a migration login without CREATEROLE (docs/security.md) may not grant it.
    op.execute("DO $$ BEGIN IF NOT pg_has_role('desk_lead', 'desk_agent', 'MEMBER') "
               "THEN GRANT desk_agent TO desk_lead; END IF; END $$")
    # A non-superuser may hand a table only to a new owner that can create in its schema.
    op.execute("GRANT CREATE, USAGE ON SCHEMA public TO desk_owner")
    op.execute("GRANT USAGE ON SCHEMA public TO desk_agent, desk_lead, desk_admin, desk_jobs")
    # Every table (and any sequence or view) the earlier revisions made is desk_owner's;
    # alembic_version stays the migration login's.
    op.execute("""
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                     AND c.relname <> 'alembic_version'
          LOOP
            EXECUTE format('ALTER %s public.%I OWNER TO desk_owner',
                           CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                          WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname);
            IF r.relkind IN ('r', 'p', 'v', 'm') AND r.relname <> 'audit_events' THEN
              EXECUTE format('GRANT SELECT ON public.%I TO desk_agent, desk_admin, desk_jobs', r.relname);
            END IF;
            IF r.relkind = 'v' THEN
              EXECUTE format('ALTER VIEW public.%I SET (security_invoker = true)', r.relname);
            END IF;
          END LOOP;
        END $$""")
    op.execute("GRANT SELECT ON alembic_version TO desk_agent, desk_admin, desk_jobs")
    # Admins write every table that is not people's work: catalogs, customers, and tables made
    # by revisions this one does not name (learned risk models...).
    op.execute(f"""
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'
                   AND tablename <> ALL (ARRAY[{", ".join(f"'{t}'" for t in RLS_TABLES)}])
          LOOP
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.%I TO desk_admin', r.tablename);
          END LOOP;
        END $$""")
    for grant in GRANTS:
        op.execute(grant)
    for signature, returns, body in FUNCTIONS:
        name = signature.split("(")[0]
        op.execute(f"CREATE FUNCTION {signature} RETURNS {returns} LANGUAGE sql STABLE SECURITY DEFINER {PIN} "
                   f"AS $fn$ {body} $fn$")
        op.execute(f"ALTER FUNCTION {name} OWNER TO desk_owner")
        op.execute(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {name} TO desk_agent, desk_admin, desk_jobs")
    op.execute(PERSON_CHECK)
    for signature, body in USER_FUNCTIONS:
        op.execute(f"CREATE FUNCTION {signature} RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER {PIN} "
                   f"AS $fn$ DECLARE other text; BEGIN {body} END $fn$")
    for name in ("desk_check_person", *(signature.split("(")[0] for signature, _ in USER_FUNCTIONS)):
        op.execute(f"ALTER FUNCTION {name} OWNER TO desk_owner")
        op.execute(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {name} TO desk_admin")
    op.execute(IMMUTABLE_CALL)
    op.execute("ALTER FUNCTION desk_refuse_submitted_call_change() OWNER TO desk_owner")
    op.execute("REVOKE ALL ON FUNCTION desk_refuse_submitted_call_change() FROM PUBLIC")
    op.execute("CREATE TRIGGER retention_calls_submitted_immutable BEFORE UPDATE OR DELETE ON retention_calls "
               "FOR EACH ROW EXECUTE FUNCTION desk_refuse_submitted_call_change()")
    op.execute(f"ALTER TABLE call_script_versions ADD CONSTRAINT ck_call_script_versions_source_size "
               f"CHECK (octet_length(source) <= {SCRIPT_SOURCE_LIMIT})")
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for table, name, command, roles, using, check in POLICIES:
        clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
        op.execute(f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {roles}{clauses}")
    # FORCE binds the owner too; set-up work (demo data, imports by the migration login, a member
    # of desk_owner) and the owner's own functions get every row by a policy that says so.
    for table in OWNER_TABLES:
        op.execute(f"CREATE POLICY {table}_owner ON {table} AS PERMISSIVE FOR ALL TO desk_owner "
                   f"USING (true) WITH CHECK (true)")


def downgrade() -> None:
    if not _postgres():
        return
    for table in OWNER_TABLES:
        op.execute(f"DROP POLICY IF EXISTS {table}_owner ON {table}")
    for table, name, *_ in reversed(POLICIES):
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE call_script_versions DROP CONSTRAINT IF EXISTS ck_call_script_versions_source_size")
    op.execute("DROP TRIGGER IF EXISTS retention_calls_submitted_immutable ON retention_calls")
    op.execute("DROP FUNCTION IF EXISTS desk_refuse_submitted_call_change()")
    for signature, _body in reversed(USER_FUNCTIONS):
        op.execute(f"DROP FUNCTION IF EXISTS {signature.split('(')[0]}")
    op.execute("DROP FUNCTION IF EXISTS desk_check_person")
    for signature, _returns, _body in reversed(FUNCTIONS):
        op.execute(f"DROP FUNCTION IF EXISTS {signature.split('(')[0]}")
    # The tables go back to the login that runs the downgrade; the group roles stay (they are
    # the cluster's, and other databases on it may use them), without any privilege here.
    op.execute("""
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          LOOP
            EXECUTE format('REVOKE ALL ON public.%I FROM desk_agent, desk_lead, desk_admin, desk_jobs', r.relname);
            IF r.relname <> 'alembic_version' THEN
              EXECUTE format('ALTER %s public.%I OWNER TO %I',
                             CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                            WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                             r.relname, current_user);
            END IF;
          END LOOP;
        END $$""")
    op.execute("REVOKE USAGE ON SCHEMA public FROM desk_agent, desk_lead, desk_admin, desk_jobs")
    op.execute("REVOKE CREATE, USAGE ON SCHEMA public FROM desk_owner")
