"""The audit trail on PostgreSQL (issue 11, item 5), as people with their own logins see it.

Each test speaks plain SQL as a person's login, the way someone with psql would. What a
person does to calls and the admin tables leaves a row saying who (the agents row and the
login), when, from which address and application, what changed and under which mutation;
nobody can change or delete a row, the owner included; a team lead reads their team's rows,
an admin all of them, an agent none.

One database and one set of people serve the module (see :func:`audit_desk`).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from agent_desk import domain as d
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.security import admin

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
NATIONAL_ID = "123456782"
PEOPLE = {  # name: (role, team)
    "dana": (d.Role.AGENT, "North"),
    "omer": (d.Role.AGENT, "South"),
    "lea": (d.Role.TEAM_LEAD, "North"),
    "ada": (d.Role.ADMIN, None),
}


@dataclass
class AuditDesk:
    """The module's database: the superuser's engine, each person's engine, login and agents id."""

    url: str
    owner: Engine
    engines: dict[str, Engine] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    ids: dict[str, uuid.UUID] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)
    teams: dict[str, uuid.UUID] = field(default_factory=dict)
    customer: uuid.UUID = field(default_factory=uuid.uuid4)

    def run(self, who: str, statement: str, **params: object) -> list[sa.Row]:
        """One statement as ``who`` ("owner" for the superuser), in a transaction of its own."""
        engine = self.owner if who == "owner" else self.engines[who]
        with engine.begin() as connection:
            result = connection.execute(sa.text(statement), params)
            return list(result) if result.returns_rows else []

    def audit(self, **where: object) -> list[sa.Row]:
        """Audit rows (read as the superuser) matching ``where``, oldest first."""
        clauses = " AND ".join(f"{column} = :{column}" for column in where) or "true"
        return self.run("owner", f"SELECT * FROM audit_events WHERE {clauses} ORDER BY occurred_at, created_at",
                        **where)


@pytest.fixture(scope="module")
def audit_desk(pg_server) -> Iterator[AuditDesk]:
    with open_audit_desk(pg_server) as desk:
        yield desk


@contextlib.contextmanager
def open_audit_desk(pg_server) -> Iterator[AuditDesk]:
    """A migrated database with two teams, a customer with a national ID, and a person of each
    role, made by the superuser (set-up); the tests act as the people."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    server = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = pg_server.url_for(name)
    desk = AuditDesk(url=url, owner=make_engine(url))
    migrate.upgrade(desk.owner)
    suffix = secrets.token_hex(3)
    try:
        with desk.owner.begin() as connection:
            for team in ("North", "South"):
                desk.teams[team] = uuid.uuid4()
                connection.execute(sa.insert(m.Team).values(id=desk.teams[team], created_at=NOW, name=team,
                                                            callback_escalation_minutes=30))
            for person, (role, team) in PEOPLE.items():
                login, password = f"{person}_{suffix}", secrets.token_urlsafe(12)
                desk.ids[person] = admin.create_user(connection, login, role, password, team=team,
                                                     authority=Decimal(100), display_name=person.title())
                desk.logins[person] = login
                desk.urls[person] = (sa.engine.make_url(url).set(username=login, password=password)
                                     .render_as_string(hide_password=False))
                desk.engines[person] = make_engine(desk.urls[person])
            connection.execute(sa.insert(m.Customer).values(
                id=desk.customer, created_at=NOW, account_number="A-1", first_name="רחל", last_name="כהן",
                national_id=NATIONAL_ID, national_id_reversed=NATIONAL_ID[::-1], customer_since=date(2015, 1, 1),
                updated_at=NOW, interests=[], gender="female", family_status="unknown", preferred_language="he",
                value_tier="gold", status="active", consent_marketing=False, consent_sms=False,
                consent_email=False, consent_calls=False))
        yield desk
    finally:
        for engine in desk.engines.values():
            engine.dispose()
        desk.owner.dispose()
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for login in desk.logins.values():
                connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        server.dispose()


def new_call(desk: AuditDesk, who: str) -> uuid.UUID:
    """An open (unsubmitted) call of ``who``'s, made as ``who``."""
    call = uuid.uuid4()
    desk.run(who, "INSERT INTO retention_calls (id, created_at, agent_id, direction, started_at, script_path) "
                  "VALUES (:id, now(), desk_me(), 'inbound', now(), '[]')", id=call)
    return call


def psql_session(desk: AuditDesk, who: str) -> psycopg.Connection:
    """``who`` at a psql prompt: their own login, psql's application name, no app code."""
    url = sa.engine.make_url(desk.urls[who])
    return psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=url.username,
                           password=url.password, application_name="psql")


def test_a_persons_changes_leave_who_when_where_what_and_which_mutation(audit_desk: AuditDesk) -> None:
    desk, call = audit_desk, uuid.uuid4()
    before = desk.run("owner", "SELECT now() AS at")[0].at
    with psql_session(desk, "dana") as connection:
        connection.execute("SET LOCAL agent_desk.mutation_id = 'wrapup-7f3a'")
        connection.execute("INSERT INTO retention_calls (id, created_at, agent_id, direction, started_at, "
                           "script_path, notes) VALUES (%s, now(), desk_me(), 'inbound', now(), '[]', 'hello')",
                           (call,))
        connection.execute("UPDATE retention_calls SET notes = 'wants to leave', competitor = 'Partner' "
                           "WHERE id = %s", (call,))
    inserted, updated = desk.audit(entity_type="retention_calls", entity_id=str(call))
    for row in (inserted, updated):
        assert row.actor_id == desk.ids["dana"] and row.db_user == desk.logins["dana"]
        assert row.team_id == desk.teams["North"]
        assert row.client_addr == "127.0.0.1" and row.application == "psql"
        assert row.mutation_id == "wrapup-7f3a" and row.source == "db"
        assert before <= row.occurred_at <= before + timedelta(minutes=1)
    assert inserted.action == "insert" and inserted.old_values is None
    assert inserted.new_values["notes"] == "hello" and inserted.new_values["agent_id"] == str(desk.ids["dana"])
    # An update keeps only what changed, before and after.
    assert updated.action == "update"
    assert updated.old_values == {"notes": "hello", "competitor": None}
    assert updated.new_values == {"notes": "wants to leave", "competitor": "Partner"}
    # The next transaction has no mutation id of its own unless it sets one.
    desk.run("dana", "UPDATE retention_calls SET notes = 'later' WHERE id = :id", id=call)
    assert desk.audit(entity_type="retention_calls", entity_id=str(call))[-1].mutation_id is None


def test_one_statement_writing_many_rows_names_each_rows_own_mutation(audit_desk: AuditDesk) -> None:
    """A push applies a batch with one statement per table (migration 0023): the statement
    names each row's mutation in agent_desk.mutation_ids; a row it does not name gets
    agent_desk.mutation_id, as before. A row the app writes keeps the mutation it names only
    when the session names none."""
    desk, first, second, third = audit_desk, uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with psql_session(desk, "dana") as connection:
        connection.execute("SELECT set_config('agent_desk.mutation_ids', %s, true), "
                           "set_config('agent_desk.mutation_id', 'the-batch', true)",
                           (json.dumps({f"INSERT:{first}": "m-1", f"INSERT:{second}": "m-2",
                                        f"UPDATE:{first}": "m-3"}),))
        connection.execute("INSERT INTO retention_calls (id, created_at, agent_id, direction, started_at, "
                           "script_path) SELECT id, now(), desk_me(), 'inbound', now(), '[]' "
                           "FROM unnest(%s::uuid[]) AS id", ([first, second, third],))
        connection.execute("UPDATE retention_calls SET notes = 'n' WHERE id = ANY(%s)", ([first, second],))
        connection.execute("INSERT INTO audit_events (id, created_at, occurred_at, action, entity_type, entity_id, "
                           "details, mutation_id) VALUES (gen_random_uuid(), now(), now(), 'call.submitted', "
                           "'retention_call', %s, '{}', 'forged')", (str(third),))
        connection.execute("SELECT set_config('agent_desk.mutation_id', '', true)")
        connection.execute("INSERT INTO audit_events (id, created_at, occurred_at, action, entity_type, entity_id, "
                           "details, mutation_id) VALUES (gen_random_uuid(), now(), now(), 'call.submitted', "
                           "'retention_call', %s, '{}', 'm-4')", (str(first),))

    def named(call: uuid.UUID, source: str = "db") -> list[tuple[str, str]]:
        return sorted((r.action, r.mutation_id) for r in desk.audit(entity_id=str(call)) if r.source == source)

    assert named(first) == [("insert", "m-1"), ("update", "m-3")]
    assert named(second) == [("insert", "m-2"), ("update", "the-batch")]
    assert named(third) == [("insert", "the-batch")]
    # The app's own rows: the session's mutation when it names one, else the row's.
    assert named(third, "app") == [("call.submitted", "the-batch")]
    assert named(first, "app") == [("call.submitted", "m-4")]


def test_admin_changes_to_offers_agents_and_weights_are_audited(audit_desk: AuditDesk) -> None:
    desk = audit_desk
    offer = uuid.uuid4()
    desk.run("ada", "INSERT INTO offers (id, created_at, code, kind, title_he, title_en, terms, monthly_cost, "
                    "one_off_cost, duration_months, eligibility, required_authority, active) VALUES "
                    "(:id, now(), :code, 'percent_discount', 'הנחה', 'Discount', '{}', 30, 0, 6, '{}', 500, true)",
             id=offer, code=f"audit-{offer.hex[:8]}")
    desk.run("ada", "UPDATE offers SET required_authority = 50 WHERE id = :id", id=offer)
    desk.run("ada", "UPDATE agents SET offer_authority = 900 WHERE id = :id", id=desk.ids["dana"])
    rows = desk.audit(entity_type="offers", entity_id=str(offer))
    assert [r.action for r in rows] == ["insert", "update"]
    assert rows[1].old_values == {"required_authority": 500} and rows[1].new_values == {"required_authority": 50}
    authority = desk.audit(entity_type="agents", entity_id=str(desk.ids["dana"]))[-1]
    assert authority.actor_id == desk.ids["ada"] and authority.team_id is None
    assert authority.old_values == {"offer_authority": 100} and authority.new_values == {"offer_authority": 900}


def test_nobody_can_change_or_delete_an_audit_row(audit_desk: AuditDesk) -> None:
    desk = audit_desk
    new_call(desk, "dana")
    assert desk.audit(actor_id=desk.ids["dana"])
    for who in ("dana", "lea", "ada"):
        for statement in ("UPDATE audit_events SET action = 'nothing'", "DELETE FROM audit_events",
                          "TRUNCATE audit_events"):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                desk.run(who, statement)
    # Not even the owner or a superuser, short of dropping the trigger.
    for statement in ("UPDATE audit_events SET action = 'nothing'", "DELETE FROM audit_events",
                      "TRUNCATE audit_events"):
        with pytest.raises(sa.exc.ProgrammingError, match="append-only"):
            desk.run("owner", statement)
    assert desk.audit(actor_id=desk.ids["dana"])


def test_a_row_the_app_writes_is_stamped_by_the_server_not_the_writer(audit_desk: AuditDesk) -> None:
    """A person may add the app's own events, but not say they were someone else, or earlier."""
    desk, forged = audit_desk, uuid.uuid4()
    desk.run("dana", "INSERT INTO audit_events (id, created_at, occurred_at, actor_id, action, entity_type, "
                     "entity_id, details, source, db_user) VALUES (:id, now(), '2020-01-01', :other, "
                     "'call.submitted', 'retention_call', 'x', '{}', 'db', 'postgres')",
             id=forged, other=desk.ids["omer"])
    (row,) = desk.audit(id=forged)
    assert row.actor_id == desk.ids["dana"] and row.db_user == desk.logins["dana"]
    assert row.source == "app" and row.occurred_at > NOW - timedelta(days=365)
    assert row.team_id == desk.teams["North"]


def test_a_lead_reads_their_teams_audit_an_admin_all_an_agent_none(audit_desk: AuditDesk) -> None:
    desk = audit_desk
    north, south = new_call(desk, "dana"), new_call(desk, "omer")
    own = new_call(desk, "lea")
    seen_by_lead = {r.entity_id for r in desk.run("lea", "SELECT entity_id FROM audit_events")}
    assert {str(north), str(own)} <= seen_by_lead and str(south) not in seen_by_lead
    seen_by_admin = {r.entity_id for r in desk.run("ada", "SELECT entity_id FROM audit_events")}
    assert {str(north), str(south), str(own)} <= seen_by_admin
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        desk.run("dana", "SELECT * FROM audit_events")


def test_the_housekeeping_service_is_audited_by_its_login(audit_desk: AuditDesk) -> None:
    """The jobs login is nobody's agents row: its changes name the login, no person."""
    desk, callback = audit_desk, uuid.uuid4()
    desk.run("owner", "INSERT INTO callbacks (id, created_at, owner_agent_id, owner_team_id, due_at, status) "
                      "VALUES (:id, now(), :agent, :team, now() - interval '2 hours', 'open')",
             id=callback, agent=desk.ids["dana"], team=desk.teams["North"])
    login = f"jobs_{secrets.token_hex(3)}"
    desk.run("owner", f"CREATE ROLE {login} LOGIN IN ROLE desk_jobs")
    try:
        with desk.owner.begin() as connection:  # the service's own session (SET ROLE keeps the login)
            connection.exec_driver_sql(f"SET LOCAL SESSION AUTHORIZATION {login}")
            connection.execute(sa.text("UPDATE callbacks SET owner_agent_id = NULL, escalated_at = now() "
                                       "WHERE id = :id"), {"id": callback})
    finally:
        desk.run("owner", f"DROP OWNED BY {login}; DROP ROLE {login}")
    (row,) = desk.audit(entity_type="callbacks", entity_id=str(callback))
    assert row.db_user == login and row.actor_id is None and row.team_id is None
    assert row.old_values["owner_agent_id"] == str(desk.ids["dana"]) and row.new_values["owner_agent_id"] is None


def test_set_up_sessions_are_not_audited(audit_desk: AuditDesk) -> None:
    """The migration login and the superuser own the triggers (and could drop them): what they
    do (migrations, demo data) is set-up, not a person's work, and leaves no audit row."""
    desk, call = audit_desk, uuid.uuid4()
    desk.run("owner", "INSERT INTO retention_calls (id, created_at, agent_id, direction, started_at, script_path) "
                      "VALUES (:id, now(), :agent, 'inbound', now(), '[]')", id=call, agent=desk.ids["omer"])
    assert desk.audit(entity_id=str(call)) == []
