"""offline sync

* ``sync_clients``: each desk's local store (client id, whose it is, the last mutation of its
  sequence applied), written in the batch's own transaction (Replicache's last-applied table).
* ``sync_mutations``: the key of every applied mutation (primary key): a key is applied once
  even if the sequence logic failed.
* ``sync_rejections``: mutations refused for good, with the reason: kept, shown, never dropped.
* ``sync_conflicts``: a field two people changed: the winning and losing value and who; team
  leads read their team's.
* ``sync_incarnation``: one row, the server's identity; ``agent-desk sync new-incarnation``
  makes a new one after a restore and every client resyncs from scratch.
* ``sync_changes``: the newest change of each synced row. PostgreSQL only: statement-level
  triggers on every synced table stamp it with ``pg_current_xact_id()`` (deletes leave a
  tombstone), and whose row it is (its customer, its agent) so a pull sends each desk what it
  holds. Existing reference rows and agents' own rows are stamped once here (a customer's
  rows reach a desk whole when it first holds them). Pull's cursor is a transaction id bounded by the
  snapshot's xmin (``docs/sync.md`` says why a timestamp or serial would skip rows).
* PostgreSQL: tables adopted by ``desk_owner`` with forced row-level security; agents push and
  pull as themselves; agents may update a customer's contact fields (``customer.edit``).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-25 18:20:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (key columns, customer column, agent column): what a change row says about a row.
# Frozen here on purpose (a migration never imports the app); agent_desk.sync.tables agrees.
SYNCED: dict[str, tuple[tuple[str, ...], str | None, str | None]] = {
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
}

# Agents may correct a customer's contact details at the desk (customer.edit), nothing else.
AGENT_EDITABLE = ("email", "city", "region", "occupation", "preferred_language", "updated_at")

_TRACK = """
CREATE FUNCTION desk_sync_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    source text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
BEGIN
    -- TG_ARGV: key expression, customer expression, agent expression (over the rows as jsonb r)
    EXECUTE format(
        'INSERT INTO sync_changes (table_name, row_id, xid, deleted, customer_id, agent_id) '
        'SELECT %L, %s, pg_current_xact_id()::text::bigint, %L, %s, %s '
        'FROM (SELECT to_jsonb(t) AS r FROM %I t) s '
        'ON CONFLICT (table_name, row_id) DO UPDATE SET xid = excluded.xid, deleted = excluded.deleted, '
        'customer_id = excluded.customer_id, agent_id = excluded.agent_id',
        TG_TABLE_NAME, TG_ARGV[0], TG_OP = 'DELETE', TG_ARGV[1], TG_ARGV[2], source);
    RETURN NULL;
END
$fn$
"""


def _expressions(keys: tuple[str, ...], customer: str | None, agent: str | None) -> tuple[str, str, str]:
    key = " || '|' || ".join(f"(r->>'{k}')" for k in keys)
    return (key, f"(r->>'{customer}')::uuid" if customer else "NULL::uuid",
            f"(r->>'{agent}')::uuid" if agent else "NULL::uuid")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _has_desk_roles() -> bool:
    return bool(op.get_bind().scalar(sa.text("SELECT count(*) FROM pg_roles WHERE rolname = 'desk_owner'")))


_POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("sync_clients", "sync_clients_own", "ALL", "desk_agent, desk_admin", "agent_id = desk_me()",
     "agent_id = desk_me()"),
    ("sync_mutations", "sync_mutations_own", "ALL", "desk_agent, desk_admin",
     "EXISTS (SELECT 1 FROM sync_clients c WHERE c.client_id = sync_mutations.client_id AND c.agent_id = desk_me())",
     "EXISTS (SELECT 1 FROM sync_clients c WHERE c.client_id = sync_mutations.client_id AND c.agent_id = desk_me())"),
    ("sync_rejections", "sync_rejections_own", "ALL", "desk_agent, desk_admin", "agent_id = desk_me()",
     "agent_id = desk_me()"),
    ("sync_rejections", "sync_rejections_lead", "SELECT", "desk_lead", "desk_is_teammate(agent_id)", None),
    ("sync_rejections", "sync_rejections_admin", "SELECT", "desk_admin", "true", None),
    ("sync_conflicts", "sync_conflicts_write", "INSERT", "desk_agent, desk_admin", None, "winner_id = desk_me()"),
    ("sync_conflicts", "sync_conflicts_own", "SELECT", "desk_agent", "winner_id = desk_me() OR loser_id = desk_me()",
     None),
    ("sync_conflicts", "sync_conflicts_lead", "SELECT", "desk_lead", "team_id = desk_my_team()", None),
    ("sync_conflicts", "sync_conflicts_admin", "SELECT", "desk_admin", "true", None),
    ("sync_incarnation", "sync_incarnation_read", "SELECT", "desk_agent, desk_admin, desk_jobs", "true", None),
    ("sync_incarnation", "sync_incarnation_admin", "UPDATE", "desk_admin", "true", "true"),
    ("sync_changes", "sync_changes_read", "SELECT", "desk_agent, desk_admin", "true", None),
)
_TABLES = ("sync_clients", "sync_mutations", "sync_rejections", "sync_conflicts", "sync_incarnation", "sync_changes")
_GRANTS = (
    "GRANT SELECT, INSERT, UPDATE ON sync_clients TO desk_agent, desk_admin",
    "GRANT SELECT, INSERT ON sync_mutations, sync_rejections, sync_conflicts TO desk_agent, desk_admin",
    "GRANT SELECT ON sync_incarnation TO desk_agent, desk_admin, desk_jobs",
    "GRANT UPDATE ON sync_incarnation TO desk_admin",
    "GRANT SELECT ON sync_changes TO desk_agent, desk_admin",
    f"GRANT UPDATE ({', '.join(AGENT_EDITABLE)}) ON customers TO desk_agent",
)


def upgrade() -> None:
    op.create_table(
        "sync_clients",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_push_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_sync_clients_agent_id_agents")),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_sync_clients")),
    )
    op.create_index(op.f("ix_sync_clients_agent_id"), "sync_clients", ["agent_id"])
    op.create_table(
        "sync_mutations",
        sa.Column("key", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["sync_clients.client_id"],
                                name=op.f("fk_sync_mutations_client_id_sync_clients")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_mutations")),
        sa.UniqueConstraint("client_id", "seq", name=op.f("uq_sync_mutations_client_id_seq")),
    )
    op.create_table(
        "sync_rejections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_sync_rejections_agent_id_agents")),
        sa.ForeignKeyConstraint(["client_id"], ["sync_clients.client_id"],
                                name=op.f("fk_sync_rejections_client_id_sync_clients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_rejections")),
        sa.UniqueConstraint("client_id", "seq", name=op.f("uq_sync_rejections_client_id_seq")),
    )
    op.create_index(op.f("ix_sync_rejections_agent_id"), "sync_rejections", ["agent_id"])
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=80), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("winning_value", sa.Text(), nullable=True),
        sa.Column("losing_value", sa.Text(), nullable=True),
        sa.Column("winner_id", sa.Uuid(), nullable=True),
        sa.Column("loser_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("mutation_key", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["loser_id"], ["agents.id"], name=op.f("fk_sync_conflicts_loser_id_agents")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_sync_conflicts_team_id_teams")),
        sa.ForeignKeyConstraint(["winner_id"], ["agents.id"], name=op.f("fk_sync_conflicts_winner_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    op.create_index(op.f("ix_sync_conflicts_team_id_sync_conflicts_at"), "sync_conflicts", ["team_id", "at"])
    op.create_table(
        "sync_incarnation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("incarnation", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_incarnation")),
    )
    op.create_table(
        "sync_changes",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=80), nullable=False),
        sa.Column("xid", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_sync_changes")),
    )
    op.create_index("ix_sync_changes_xid", "sync_changes", ["xid", "table_name", "row_id"])
    op.create_index(op.f("ix_sync_changes_customer_id"), "sync_changes", ["customer_id"])
    op.create_index(op.f("ix_sync_changes_agent_id"), "sync_changes", ["agent_id"])
    op.execute(sa.text("INSERT INTO sync_incarnation (id, incarnation, created_at) VALUES (1, :i, CURRENT_TIMESTAMP)")
               .bindparams(sa.bindparam("i", uuid.uuid4(), type_=sa.Uuid())))
    if not _postgres():
        return
    roles = _has_desk_roles()
    if roles:
        for table in _TABLES:
            op.execute(f"ALTER TABLE {table} OWNER TO desk_owner")
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY {table}_owner ON {table} FOR ALL TO desk_owner USING (true) WITH CHECK (true)")
        for grant in _GRANTS:
            op.execute(grant)
        for table, name, command, who, using, check in _POLICIES:
            clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            op.execute(f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {who}{clauses}")
    op.execute(_TRACK)
    if roles:
        op.execute("ALTER FUNCTION desk_sync_track() OWNER TO desk_owner")
        op.execute("REVOKE ALL ON FUNCTION desk_sync_track() FROM PUBLIC")
    for table, (keys, customer, agent) in SYNCED.items():
        key, customer_expr, agent_expr = _expressions(keys, customer, agent)
        args = ", ".join("'" + a.replace("'", "''") + "'" for a in (key, customer_expr, agent_expr))
        for event, refs in (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "NEW TABLE AS new_rows"),
                            ("DELETE", "OLD TABLE AS old_rows")):
            op.execute(f"CREATE TRIGGER sync_track_{event.lower()} AFTER {event} ON {table} REFERENCING {refs} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION desk_sync_track({args})")
        # The rows already there that a desk pulls through the log: changed "now", by the
        # migration's transaction. Reference data, and the agent's own rows no customer
        # brings (approval requests, callbacks, calls and notes against a number). A
        # customer's rows are not: a desk fetches a customer whole when it first holds them,
        # and later changes are logged (stamping every history row of a large database would
        # take the upgrade hours and double its size).
        if customer is not None and agent is None:
            continue
        only = ""
        if customer is not None and table != "callbacks":
            only = f" WHERE {customer} IS NULL AND {agent} IS NOT NULL"
        elif agent is not None:
            only = f" WHERE {agent} IS NOT NULL"
        op.execute(f"INSERT INTO sync_changes (table_name, row_id, xid, deleted, customer_id, agent_id) "
                   f"SELECT '{table}', {key}, pg_current_xact_id()::text::bigint, false, {customer_expr}, "
                   f"{agent_expr} FROM (SELECT to_jsonb(t) AS r FROM {table} t{only}) s")


def downgrade() -> None:
    if _postgres():
        for table in SYNCED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS sync_track_{event} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS desk_sync_track()")
        if _has_desk_roles():
            op.execute(f"REVOKE UPDATE ({', '.join(AGENT_EDITABLE)}) ON customers FROM desk_agent")
    op.drop_index(op.f("ix_sync_changes_agent_id"), table_name="sync_changes")
    op.drop_index(op.f("ix_sync_changes_customer_id"), table_name="sync_changes")
    op.drop_index("ix_sync_changes_xid", table_name="sync_changes")
    op.drop_table("sync_changes")
    op.drop_table("sync_incarnation")
    op.drop_index(op.f("ix_sync_conflicts_team_id_sync_conflicts_at"), table_name="sync_conflicts")
    op.drop_table("sync_conflicts")
    op.drop_index(op.f("ix_sync_rejections_agent_id"), table_name="sync_rejections")
    op.drop_table("sync_rejections")
    op.drop_table("sync_mutations")
    op.drop_index(op.f("ix_sync_clients_agent_id"), table_name="sync_clients")
    op.drop_table("sync_clients")
