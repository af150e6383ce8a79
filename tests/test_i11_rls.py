"""Who may see and do what, as the database enforces it (issue 11, items 2 and 3).

Each test connects as a person's own login (a member of desk_agent, desk_lead or desk_admin,
or the desk_jobs service) and speaks plain SQL, the way someone with psql would: no app code
between them and the server. Every forbidden read or write is refused or touches no row;
every allowed one works.

One database and one set of people serve the whole module (making a database and its
logins costs seconds); each test makes the rows it works on with fresh keys.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from agent_desk import domain as d
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.security import admin, roles

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
PEOPLE = {  # name: (role, team)
    "dana": (d.Role.AGENT, "North"),
    "eli": (d.Role.AGENT, "North"),
    "omer": (d.Role.AGENT, "South"),
    "lea": (d.Role.TEAM_LEAD, "North"),
    "sam": (d.Role.TEAM_LEAD, "South"),
    "ada": (d.Role.ADMIN, None),
}


@dataclass
class Desk:
    """The module's database: the superuser's engine, each person's engine and agents id."""

    owner: Engine
    engines: dict[str, Engine] = field(default_factory=dict)
    ids: dict[str, uuid.UUID] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)
    teams: dict[str, uuid.UUID] = field(default_factory=dict)
    customer: uuid.UUID | None = None
    offer: uuid.UUID | None = None


@pytest.fixture(scope="module")
def desk(pg_server, pg_passwords) -> Iterator[Desk]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    server = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = pg_server.url_for(name)
    world = Desk(owner=make_engine(url))
    migrate.upgrade(world.owner)
    suffix = secrets.token_hex(3)
    with world.owner.begin() as connection:
        for team in ("North", "South"):
            world.teams[team] = uuid.uuid4()
            connection.execute(sa.insert(m.Team).values(id=world.teams[team], created_at=NOW, name=team,
                                                        callback_escalation_minutes=30))
        for person, (role, team) in PEOPLE.items():
            login = f"{person}_{suffix}"
            password = secrets.token_urlsafe(12)
            world.ids[person] = admin.create_user(connection, login, role, password, team=team,
                                                  authority=Decimal(100), display_name=person.title())
            world.logins[person] = login
            world.engines[person] = make_engine(
                sa.engine.make_url(url).set(username=login, password=password).render_as_string(hide_password=False))
        jobs_login, jobs_password = f"jobs_{suffix}", secrets.token_urlsafe(12)
        connection.exec_driver_sql(f"CREATE ROLE {jobs_login} LOGIN PASSWORD '{jobs_password}' IN ROLE desk_jobs")
        world.logins["jobs"] = jobs_login
        world.engines["jobs"] = make_engine(
            sa.engine.make_url(url).set(username=jobs_login, password=jobs_password)
            .render_as_string(hide_password=False))
        world.customer, world.offer = uuid.uuid4(), uuid.uuid4()
        connection.execute(sa.insert(m.Customer).values(
            id=world.customer, created_at=NOW, account_number="A-1", first_name="רחל", last_name="כהן",
            national_id="123456782", customer_since=date(2015, 1, 1), updated_at=NOW, interests=[],
            gender="female", family_status="unknown", preferred_language="he", value_tier="gold", status="active",
            consent_marketing=False, consent_sms=False, consent_email=False, consent_calls=False))
        connection.execute(sa.insert(m.Offer).values(
            id=world.offer, created_at=NOW, code="loyal20", kind="percent_discount", title_he="20%",
            title_en="20% off", terms={}, monthly_cost=Decimal(30), one_off_cost=Decimal(0), duration_months=6,
            eligibility={}, required_authority=Decimal(500), active=True))
        connection.execute(sa.insert(m.Disposition).values(code="saved", label_he="נשמר", label_en="Saved",
                                                           counts_as_save=True, is_cancellation=False,
                                                           sort_order=1, active=True))
    try:
        yield world
    finally:
        for engine in world.engines.values():
            engine.dispose()
        world.owner.dispose()
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for login in world.logins.values():
                connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        server.dispose()


def run(desk: Desk, who: str, statement: str, **params: object) -> sa.CursorResult:
    """Run one statement as ``who`` (or "owner") in a transaction of its own; rows are buffered."""
    engine = desk.owner if who == "owner" else desk.engines[who]
    with engine.begin() as connection:
        result = connection.execute(sa.text(statement), params)
        if result.returns_rows:
            result = result.freeze()
        return result


def rows(desk: Desk, who: str, statement: str, **params: object) -> list[sa.Row]:
    return list(run(desk, who, statement, **params)())  # a frozen result is callable


def changed(desk: Desk, who: str, statement: str, **params: object) -> int:
    return run(desk, who, statement, **params).rowcount


def refused(desk: Desk, who: str, statement: str, **params: object) -> str:
    """The statement fails with insufficient privilege (no grant, a policy's WITH CHECK, or the
    submitted-call trigger); returns the server's message."""
    with pytest.raises(sa.exc.DBAPIError) as caught:
        run(desk, who, statement, **params)
    assert caught.value.orig.sqlstate in ("42501",), caught.value.orig
    return str(caught.value.orig)


def call(desk: Desk, agent: str, submitted: bool = True) -> uuid.UUID:
    """A call of ``agent``'s, made by the owner (submitted unless told otherwise)."""
    key = uuid.uuid4()
    run(desk, "owner", "INSERT INTO retention_calls (id, created_at, agent_id, customer_id, direction, started_at, "
        "script_path, submitted_at, disposition_code) VALUES (:id, :now, :agent, :customer, 'inbound', :now, '[]', "
        ":submitted, :disposition)", id=key, now=NOW, agent=desk.ids[agent], customer=desk.customer,
        submitted=NOW if submitted else None, disposition="saved" if submitted else None)
    return key


def request(desk: Desk, agent: str, team: str) -> uuid.UUID:
    key = uuid.uuid4()
    run(desk, "owner", "INSERT INTO approval_requests (id, created_at, call_id, offer_id, requested_by, team_id, "
        "requested_at, expires_at, status) VALUES (:id, :now, :call, :offer, :agent, :team, :now, :later, 'pending')",
        id=key, now=NOW, call=call(desk, agent, submitted=False), offer=desk.offer, agent=desk.ids[agent],
        team=desk.teams[team], later=NOW + timedelta(hours=1))
    return key


def callback(desk: Desk, owner: str | None, team: str, created_by: str) -> uuid.UUID:
    key = uuid.uuid4()
    run(desk, "owner", "INSERT INTO callbacks (id, created_at, customer_id, owner_agent_id, owner_team_id, due_at, "
        "status, created_by) VALUES (:id, :now, :customer, :owner, :team, :now, 'open', :by)",
        id=key, now=NOW, customer=desk.customer, owner=desk.ids[owner] if owner else None, team=desk.teams[team],
        by=desk.ids[created_by])
    return key


# --- roles and ownership -----------------------------------------------------------------


def test_no_person_is_superuser_or_bypasses_row_security_and_desk_owner_owns_everything(desk: Desk) -> None:
    members = rows(desk, "owner", """
        SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcanlogin, g.rolname AS grp
        FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
        WHERE g.rolname IN ('desk_agent', 'desk_lead', 'desk_admin', 'desk_jobs') AND r.rolcanlogin""")
    assert {row.rolname for row in members} >= set(desk.logins.values())
    assert not [row.rolname for row in members if row.rolsuper or row.rolbypassrls or row.rolcreaterole]
    groups = rows(desk, "owner", "SELECT rolname, rolcanlogin, rolsuper, rolbypassrls FROM pg_roles "
                  "WHERE rolname LIKE 'desk\\_%'")
    assert {g.rolname for g in groups} == set(roles.ALL_GROUPS)
    assert not [g.rolname for g in groups if g.rolcanlogin or g.rolsuper or g.rolbypassrls]

    owners = rows(desk, "owner", "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' "
                  "AND tablename <> 'alembic_version'")
    assert len(owners) >= 20
    assert {o.tableowner for o in owners} == {roles.OWNER}, [o for o in owners if o.tableowner != roles.OWNER]

    forced = {r.relname: (r.relrowsecurity, r.relforcerowsecurity) for r in rows(
        desk, "owner", "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")}
    assert set(REFERENCE_TABLES) <= set(m.Base.metadata.tables), "a reference table the models no longer have"
    work = sorted(set(m.Base.metadata.tables) - set(REFERENCE_TABLES))
    assert len(work) >= 20
    assert [t for t in work if forced.get(t) != (True, True)] == []


# Tables without row-level security: every desk role reads every row of them, and grants alone
# keep their writes to admins (and, for named columns, to whom a column grant names). Every
# other table of the models holds people's work and must have it forced.
REFERENCE_TABLES = {
    "teams": "the desk's teams: every desk reads them; admins write",
    "agents": "who is who on the desk: names, roles, teams are read by every desk; admins write",
    "customers": "any caller may ring: every desk reads every customer (national IDs: column grants); admins "
                 "and imports write, agents only the contact columns (column grant)",
    "customer_phones": "a customer's record, read by every desk (the screen pop); admins and imports write",
    "customer_attributes": "a customer's imported details, read by every desk; imports write",
    "subscriptions": "a customer's record; agents update only the cancellation columns (column grant)",
    "billing_events": "a customer's record, read by every desk; imports write",
    "products": "catalog: admins write",
    "cancellation_reasons": "catalog: admins write",
    "dispositions": "catalog: admins write",
    "offers": "catalog: admins write; a lead only takes an offer off the screens (column grant on active)",
    "churn_weights": "catalog: admins write",
    "offer_save_rates": "derived from every desk's presentations by the jobs service, read by every desk",
    "risk_models": "the learned churn model, read by every desk; admins train it",
}


def test_every_function_that_runs_as_its_owner_pins_a_search_path_with_pg_temp_last(desk: Desk) -> None:
    """Not only the desk_* helpers: every SECURITY DEFINER function in the database, whatever its
    name or schema. With pg_temp anywhere but last (or not named, when PostgreSQL searches it
    first), a caller's temporary table or type would stand in for the owner's."""
    definers = rows(desk, "owner", """
        SELECT p.oid::regprocedure::text AS name, n.nspname, pg_get_userbyid(p.proowner) AS owner, p.proconfig,
               has_function_privilege('public', p.oid, 'EXECUTE') AS anyone
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')""")
    assert {f.name.split("(")[0] for f in definers} >= {
        "desk_me", "desk_my_team", "desk_role", "desk_is_teammate", "desk_call_agent", "desk_create_login",
        "desk_set_login_group", "desk_disable_login", "desk_set_login_password", "desk_check_person",
        "desk_audit_changes", "masked_national_id", "reveal_national_id", "customers_by_national_id",
        "desk_sync_track", "desk_dash_mark_calls", "desk_dash_mark_corrections", "desk_dash_mark_presentations"}
    for f in definers:
        assert (f.nspname, f.owner, f.anyone) == ("public", roles.OWNER, False), f
        assert f.proconfig == ["search_path=pg_catalog, public, pg_temp"], f
    # the plain functions that pin a path (triggers that enforce a rule) put pg_temp last too
    pinned = rows(desk, "owner", """
        SELECT p.oid::regprocedure::text AS name, c AS setting FROM pg_proc p, unnest(p.proconfig) c
        WHERE p.pronamespace = 'public'::regnamespace AND c LIKE 'search\\_path=%'""")
    assert len(pinned) > len(definers)
    assert [f for f in pinned if not f.setting.endswith(", pg_temp")] == []


def test_who_am_i_comes_from_the_login(desk: Desk) -> None:
    (me,) = rows(desk, "dana", "SELECT current_user AS login, desk_me() AS id, desk_my_team() AS team, "
                 "desk_role() AS role")
    assert (me.login, me.id, me.team, me.role) == (desk.logins["dana"], desk.ids["dana"], desk.teams["North"],
                                                   "agent")
    (lead,) = rows(desk, "lea", "SELECT desk_role() AS role, pg_has_role('desk_agent', 'USAGE') AS works_calls")
    assert lead.role == "team_lead" and lead.works_calls  # a lead works calls too
    (jobs,) = rows(desk, "jobs", "SELECT desk_me() AS id")
    assert jobs.id is None  # the service is nobody


def test_nobody_raises_their_own_authority_or_role(desk: Desk) -> None:
    for statement in ("UPDATE agents SET offer_authority = 99999 WHERE id = :me",
                      "UPDATE agents SET role = 'admin' WHERE id = :me",
                      "UPDATE agents SET team_id = NULL WHERE id = :me",
                      "INSERT INTO teams (id, created_at, name, callback_escalation_minutes) "
                      "VALUES (gen_random_uuid(), now(), 'Mine', 30)"):
        for person in ("dana", "lea"):
            refused(desk, person, statement, me=desk.ids[person])
    for person in ("dana", "lea"):
        for grab in ("GRANT desk_admin TO CURRENT_USER", "GRANT desk_owner TO CURRENT_USER",
                     "SET ROLE desk_admin", "SET ROLE desk_owner", "ALTER ROLE CURRENT_USER BYPASSRLS",
                     "ALTER ROLE CURRENT_USER SUPERUSER"):
            with pytest.raises(sa.exc.DBAPIError):
                run(desk, person, grab)
    (dana,) = rows(desk, "owner", "SELECT offer_authority, role FROM agents WHERE id = :id", id=desk.ids["dana"])
    assert (dana.offer_authority, dana.role) == (Decimal(100), "agent")
    # the admin manages users
    assert changed(desk, "ada", "UPDATE agents SET offer_authority = 250 WHERE id = :id", id=desk.ids["eli"]) == 1


def test_agents_change_no_offers_scripts_or_weights(desk: Desk) -> None:
    for statement in (
        "UPDATE offers SET required_authority = 0",
        "DELETE FROM offers",
        "INSERT INTO call_script_versions (id, created_at, script_key, version, title_he, title_en, reasons, source, "
        "sha256, published_at) VALUES (gen_random_uuid(), now(), 'x', 1, 'x', 'x', '[]', 'steps: []', 'x', now())",
        "INSERT INTO churn_weights (factor, weight, label_he, label_en, updated_at) VALUES ('x', 9, 'x', 'x', now())",
        "UPDATE churn_weights SET weight = 0",
        "UPDATE dispositions SET counts_as_save = true",
        "UPDATE customers SET value_tier = 'platinum'",
        "UPDATE subscriptions SET monthly_price = 0",
        "DELETE FROM customers",
    ):
        for person in ("dana", "lea", "jobs"):
            refused(desk, person, statement)
    # ...but everyone on the desk reads them, and the customer's history
    for person in ("dana", "lea", "ada"):
        assert rows(desk, person, "SELECT count(*) AS n FROM offers")[0].n == 1
        assert rows(desk, person, "SELECT count(*) AS n FROM customers WHERE id = :c", c=desk.customer)[0].n == 1
    omer_call = call(desk, "omer")
    assert rows(desk, "dana", "SELECT agent_id FROM retention_calls WHERE id = :c", c=omer_call)[0].agent_id \
        == desk.ids["omer"]  # any caller may ring: another team's call is part of their history
    # the admin manages the catalogs; a lead only takes an offer off the screens (and back)
    assert changed(desk, "ada", "UPDATE offers SET title_en = '20% off for loyal customers'") == 1
    assert changed(desk, "lea", "UPDATE offers SET active = false") == 1
    assert changed(desk, "lea", "UPDATE offers SET active = true") == 1
    refused(desk, "lea", "UPDATE offers SET active = true, required_authority = 0")
    refused(desk, "dana", "UPDATE offers SET active = false")


def test_a_huge_script_is_refused_even_for_an_admin(desk: Desk) -> None:
    insert = ("INSERT INTO call_script_versions (id, created_at, script_key, version, title_he, title_en, reasons, "
              "source, sha256, published_at, published_by) VALUES (gen_random_uuid(), now(), :key, 1, 't', 't', '[]', "
              ":source, 'x', now(), desk_me())")
    with pytest.raises(sa.exc.IntegrityError, match="source_size"):
        run(desk, "ada", insert, key="huge", source="a: b\n" * 100_000)
    assert changed(desk, "ada", insert, key="fine", source="steps: []\n") == 1


# --- incidents and scripts --------------------------------------------------------------


DECLARE = ("INSERT INTO incidents (id, created_at, title_he, title_en, severity, started_at, created_by) "
           "VALUES (:id, now(), 'תקלה', 'Outage', 'major', now(), :by)")


def test_a_lead_declares_incidents_for_the_floor_only_in_their_own_name(desk: Desk) -> None:
    leas = uuid.uuid4()
    assert changed(desk, "lea", DECLARE, id=leas, by=desk.ids["lea"]) == 1
    assert "row-level security" in refused(desk, "lea", DECLARE, id=uuid.uuid4(), by=desk.ids["sam"])
    refused(desk, "lea", DECLARE, id=uuid.uuid4(), by=None)
    for person in ("dana", "jobs"):  # agents and the service declare nothing
        refused(desk, person, DECLARE, id=uuid.uuid4(), by=desk.ids["dana"])
        refused(desk, person, "UPDATE incidents SET title_en = 'x' WHERE id = :id", id=leas)
    # every desk reads it (the banner)
    for person in ("dana", "omer", "sam", "ada", "jobs"):
        assert rows(desk, person, "SELECT created_by FROM incidents WHERE id = :id", id=leas) == [(desk.ids["lea"],)]
    # an outage is the floor's: the lead on the next shift, of another team, updates it too...
    assert changed(desk, "sam", "UPDATE incidents SET title_en = 'Fibre outage in the north', "
                   "expected_end_at = now() + interval '2 hours' WHERE id = :id", id=leas) == 1
    # ...but who declared it and when it started stay as declared
    for statement in ("UPDATE incidents SET created_by = :me WHERE id = :id",
                      "UPDATE incidents SET started_at = now() - interval '1 day' WHERE id = :id",
                      "UPDATE incidents SET created_at = now() WHERE id = :id"):
        for person in ("sam", "ada"):
            refused(desk, person, statement, me=desk.ids[person], id=leas)
    refused(desk, "lea", "DELETE FROM incidents WHERE id = :id", id=leas)
    # resolved, it is history: a lead neither rewrites nor reopens it
    assert changed(desk, "sam", "UPDATE incidents SET resolved_at = now() WHERE id = :id", id=leas) == 1
    assert changed(desk, "lea", "UPDATE incidents SET title_en = 'nothing happened' WHERE id = :id", id=leas) == 0
    assert changed(desk, "lea", "UPDATE incidents SET resolved_at = NULL WHERE id = :id", id=leas) == 0
    (row,) = rows(desk, "owner", "SELECT title_en, created_by, resolved_at IS NOT NULL AS resolved FROM incidents "
                  "WHERE id = :id", id=leas)
    assert tuple(row) == ("Fibre outage in the north", desk.ids["lea"], True)
    # an admin declares in their own name, corrects any incident and removes a mistaken one
    adas = uuid.uuid4()
    refused(desk, "ada", DECLARE, id=adas, by=desk.ids["lea"])
    assert changed(desk, "ada", DECLARE, id=adas, by=desk.ids["ada"]) == 1
    assert changed(desk, "ada", "UPDATE incidents SET title_en = 'Outage (resolved)' WHERE id = :id", id=leas) == 1
    assert changed(desk, "ada", "DELETE FROM incidents WHERE id = :id", id=adas) == 1


PUBLISH = ("INSERT INTO call_script_versions (id, created_at, script_key, version, title_he, title_en, reasons, "
           "source, sha256, published_at, published_by) VALUES (:id, now(), :key, 1, 't', 't', '[]', 'steps: []', "
           "'x', now(), :by)")


def test_only_an_admin_publishes_a_script_only_in_their_own_name_and_it_never_changes(desk: Desk) -> None:
    key = f"s-{secrets.token_hex(3)}"
    version = uuid.uuid4()
    assert "row-level security" in refused(desk, "ada", PUBLISH, id=uuid.uuid4(), key=key, by=desk.ids["lea"])
    refused(desk, "ada", PUBLISH, id=uuid.uuid4(), key=key, by=None)
    for person in ("lea", "dana", "jobs"):
        refused(desk, person, PUBLISH, id=uuid.uuid4(), key=key, by=desk.ids.get(person, desk.ids["dana"]))
    assert changed(desk, "ada", PUBLISH, id=version, key=key, by=desk.ids["ada"]) == 1
    for person in ("dana", "lea", "ada", "jobs"):
        assert rows(desk, person, "SELECT published_by FROM call_script_versions WHERE id = :id",
                    id=version) == [(desk.ids["ada"],)]
    # a published version is what calls replay: a fix is a new version, never an edit
    for person in ("ada", "lea", "dana"):
        refused(desk, person, "UPDATE call_script_versions SET source = 'steps: [x]', published_by = :me "
                "WHERE id = :id", me=desk.ids[person], id=version)
    refused(desk, "lea", "DELETE FROM call_script_versions WHERE id = :id", id=version)
    assert changed(desk, "ada", "DELETE FROM call_script_versions WHERE id = :id", id=version) == 1


# --- calls -------------------------------------------------------------------------------


INSERT_CALL = ("INSERT INTO retention_calls (id, created_at, agent_id, direction, started_at, script_path) "
               "VALUES (:id, now(), :agent, 'inbound', now(), '[]')")


def test_an_agent_makes_calls_only_as_themself(desk: Desk) -> None:
    mine = uuid.uuid4()
    assert changed(desk, "dana", INSERT_CALL, id=mine, agent=desk.ids["dana"]) == 1
    assert "row-level security" in refused(desk, "dana", INSERT_CALL, id=uuid.uuid4(), agent=desk.ids["eli"])
    # in the call: the reason is recorded on her own open call; nobody else's
    assert changed(desk, "dana", "UPDATE retention_calls SET primary_reason_code = NULL, notes = 'x' "
                   "WHERE id = :id", id=mine) == 1
    elis = call(desk, "eli", submitted=False)
    assert changed(desk, "dana", "UPDATE retention_calls SET notes = 'mine now' WHERE id = :id", id=elis) == 0
    refused(desk, "dana", "UPDATE retention_calls SET agent_id = :eli WHERE id = :id", eli=desk.ids["eli"], id=mine)
    # submitting is the last change the call takes
    assert changed(desk, "dana", "UPDATE retention_calls SET submitted_at = now(), disposition_code = 'saved' "
                   "WHERE id = :id", id=mine) == 1
    assert "submitted" in refused(desk, "dana", "UPDATE retention_calls SET disposition_code = NULL WHERE id = :id",
                                  id=mine)


def test_nobody_rewrites_or_deletes_a_submitted_call(desk: Desk) -> None:
    elis = call(desk, "eli")
    # another agent's submitted calls: no row is touched, none deleted
    assert changed(desk, "dana", "UPDATE retention_calls SET notes = 'rewritten' WHERE agent_id = :eli",
                   eli=desk.ids["eli"]) == 0
    refused(desk, "dana", "DELETE FROM retention_calls WHERE id = :id", id=elis)
    # his own, once submitted: refused too
    refused(desk, "eli", "UPDATE retention_calls SET disposition_code = NULL WHERE id = :id", id=elis)
    refused(desk, "eli", "DELETE FROM retention_calls WHERE id = :id", id=elis)
    # the lead, the admin and even the superuser do not rewrite it: a correction is a new row
    assert changed(desk, "lea", "UPDATE retention_calls SET notes = 'rewritten' WHERE id = :id", id=elis) == 0
    refused(desk, "ada", "UPDATE retention_calls SET notes = 'rewritten' WHERE id = :id", id=elis)
    with pytest.raises(sa.exc.DBAPIError, match="submitted"):
        run(desk, "owner", "UPDATE retention_calls SET notes = 'rewritten' WHERE id = :id", id=elis)
    with pytest.raises(sa.exc.DBAPIError, match="submitted"):
        run(desk, "owner", "DELETE FROM retention_calls WHERE id = :id", id=elis)
    assert rows(desk, "owner", "SELECT notes, disposition_code FROM retention_calls WHERE id = :id", id=elis)[0] \
        == (None, "saved")


def test_corrections_are_new_rows_by_the_agent_or_their_lead(desk: Desk) -> None:
    danas, omers = call(desk, "dana"), call(desk, "omer")
    amend = ("INSERT INTO retention_calls (id, created_at, agent_id, direction, started_at, script_path, "
             "amends_call_id, amendment_reason, submitted_at) VALUES (gen_random_uuid(), now(), :me, 'inbound', "
             "now(), '[]', :original, 'typo', now())")
    assert changed(desk, "dana", amend, me=desk.ids["dana"], original=danas) == 1
    refused(desk, "eli", amend, me=desk.ids["eli"], original=danas)  # a colleague's call
    assert changed(desk, "lea", amend, me=desk.ids["lea"], original=danas) == 1  # her team's
    refused(desk, "lea", amend, me=desk.ids["lea"], original=omers)  # another team's


# --- approvals ---------------------------------------------------------------------------


def test_an_agent_asks_but_cannot_approve_anything(desk: Desk) -> None:
    own_call = call(desk, "dana", submitted=False)
    ask = ("INSERT INTO approval_requests (id, created_at, call_id, offer_id, requested_by, team_id, requested_at, "
           "expires_at, status, decided_by) VALUES (:id, now(), :call, :offer, :by, :team, now(), "
           "now() + interval '90 seconds', :status, :decided_by)")
    mine = uuid.uuid4()
    assert changed(desk, "dana", ask, id=mine, call=own_call, offer=desk.offer, by=desk.ids["dana"],
                   team=desk.teams["North"], status="pending", decided_by=None) == 1
    # asked approved, in someone else's name, or for someone else's call: refused
    refused(desk, "dana", ask, id=uuid.uuid4(), call=own_call, offer=desk.offer, by=desk.ids["dana"],
            team=desk.teams["North"], status="approved", decided_by=desk.ids["dana"])
    refused(desk, "dana", ask, id=uuid.uuid4(), call=own_call, offer=desk.offer, by=desk.ids["eli"],
            team=desk.teams["North"], status="pending", decided_by=None)
    refused(desk, "dana", ask, id=uuid.uuid4(), call=call(desk, "eli", submitted=False), offer=desk.offer,
            by=desk.ids["dana"], team=desk.teams["North"], status="pending", decided_by=None)
    # deciding: her own request, a colleague's: no privilege at all
    elis = request(desk, "eli", "North")
    for target in (mine, elis):
        refused(desk, "dana", "UPDATE approval_requests SET status = 'approved', decided_by = :me, "
                "decided_at = now(), decision_reason = 'ok' WHERE id = :id", me=desk.ids["dana"], id=target)
    # she sees her own requests only
    assert {r.id for r in rows(desk, "dana", "SELECT id FROM approval_requests")} == {mine}
    assert rows(desk, "owner", "SELECT status FROM approval_requests WHERE id = :id", id=mine)[0].status == "pending"
    # nor does an admin decide
    refused(desk, "ada", "UPDATE approval_requests SET status = 'approved' WHERE id = :id", id=elis)


DECIDE = ("UPDATE approval_requests SET status = 'approved', decided_by = :me, decided_at = now(), "
          "decision_reason = 'loyal' WHERE id = :id")


def test_a_lead_decides_within_the_team_never_their_own_request(desk: Desk) -> None:
    danas, omers, leas = request(desk, "dana", "North"), request(desk, "omer", "South"), request(desk, "lea", "North")
    assert changed(desk, "lea", DECIDE, me=desk.ids["lea"], id=danas) == 1
    assert changed(desk, "lea", DECIDE, me=desk.ids["lea"], id=omers) == 0  # another team's
    assert changed(desk, "lea", DECIDE, me=desk.ids["lea"], id=leas) == 0  # her own
    assert changed(desk, "sam", DECIDE, me=desk.ids["sam"], id=danas) == 0
    # not in another lead's name
    elis = request(desk, "eli", "North")
    refused(desk, "lea", DECIDE, me=desk.ids["sam"], id=elis)
    statuses = dict(rows(desk, "owner", "SELECT id, status FROM approval_requests WHERE id IN (:a, :b, :c, :d)",
                         a=danas, b=omers, c=leas, d=elis))
    assert statuses == {danas: "approved", omers: "pending", leas: "pending", elis: "pending"}
    # the lead sees the team's requests (her own too), not the other team's
    seen = {r.id for r in rows(desk, "lea", "SELECT id FROM approval_requests")}
    assert {danas, leas, elis} <= seen and omers not in seen
    # and answers for the team's offers on the call
    presentation = uuid.uuid4()
    run(desk, "owner", "INSERT INTO offer_presentations (id, created_at, call_id, offer_id, presented_at, response) "
        "SELECT :id, now(), call_id, offer_id, now(), 'pending_approval' FROM approval_requests WHERE id = :r",
        id=presentation, r=elis)
    assert changed(desk, "lea", "UPDATE offer_presentations SET response = 'offered' WHERE id = :id",
                   id=presentation) == 1
    assert changed(desk, "sam", "UPDATE offer_presentations SET response = 'withdrawn' WHERE id = :id",
                   id=presentation) == 0


# --- callbacks ---------------------------------------------------------------------------


COMPLETE = "UPDATE callbacks SET status = 'done', completed_at = now() WHERE id = :id"


def test_an_agent_completes_only_their_own_or_their_team_queues_callbacks(desk: Desk) -> None:
    own, queue = callback(desk, "dana", "North", "dana"), callback(desk, None, "North", "eli")
    elis, south_queue = callback(desk, "eli", "North", "eli"), callback(desk, None, "South", "omer")
    assert changed(desk, "dana", COMPLETE, id=own) == 1
    assert changed(desk, "dana", COMPLETE, id=queue) == 1
    assert changed(desk, "dana", COMPLETE, id=elis) == 0
    assert changed(desk, "dana", COMPLETE, id=south_queue) == 0
    assert {r.id for r in rows(desk, "dana", "SELECT id FROM callbacks WHERE id IN (:a, :b)", a=elis,
                               b=south_queue)} == set()
    # she cannot hand hers to someone else or move it
    refused(desk, "dana", "UPDATE callbacks SET owner_agent_id = :eli WHERE id = :id", eli=desk.ids["eli"], id=own)
    refused(desk, "dana", "UPDATE callbacks SET due_at = now() + interval '1 day' WHERE id = :id", id=own)
    # she books callbacks as herself, for herself or her team's queue
    book = ("INSERT INTO callbacks (id, created_at, owner_agent_id, owner_team_id, due_at, status, created_by) "
            "VALUES (gen_random_uuid(), now(), :owner, :team, now() + interval '1 hour', 'open', :by)")
    assert changed(desk, "dana", book, owner=desk.ids["dana"], team=desk.teams["North"], by=desk.ids["dana"]) == 1
    assert changed(desk, "dana", book, owner=None, team=desk.teams["North"], by=desk.ids["dana"]) == 1
    refused(desk, "dana", book, owner=desk.ids["eli"], team=desk.teams["North"], by=desk.ids["dana"])
    refused(desk, "dana", book, owner=None, team=desk.teams["South"], by=desk.ids["dana"])
    refused(desk, "dana", book, owner=desk.ids["dana"], team=desk.teams["North"], by=desk.ids["eli"])
    # the lead reassigns within the team
    assert changed(desk, "lea", "UPDATE callbacks SET owner_agent_id = :dana WHERE id = :id", dana=desk.ids["dana"],
                   id=elis) == 1
    assert changed(desk, "lea", "UPDATE callbacks SET owner_agent_id = NULL WHERE id = :id", id=south_queue) == 0


# --- work on a call: offers, referrals, surveys, notes -----------------------------------


def test_work_on_a_call_is_recorded_only_on_ones_own_call(desk: Desk) -> None:
    mine, elis = call(desk, "dana", submitted=False), call(desk, "eli", submitted=False)
    present = ("INSERT INTO offer_presentations (id, created_at, call_id, offer_id, customer_id, presented_at, "
               "response) VALUES (gen_random_uuid(), now(), :call, :offer, :customer, now(), 'offered')")
    assert changed(desk, "dana", present, call=mine, offer=desk.offer, customer=desk.customer) == 1
    refused(desk, "dana", present, call=elis, offer=desk.offer, customer=desk.customer)
    assert changed(desk, "dana", "UPDATE offer_presentations SET response = 'accepted' WHERE call_id = :c",
                   c=mine) == 1
    assert changed(desk, "eli", "UPDATE offer_presentations SET response = 'declined' WHERE call_id = :c",
                   c=mine) == 0

    refer = ("INSERT INTO referrals (id, created_at, referring_customer_id, call_id, name, phone_e164, consent, "
             "status) VALUES (gen_random_uuid(), now(), :customer, :call, 'Moshe', '+972541234567', true, 'new')")
    assert changed(desk, "dana", refer, customer=desk.customer, call=mine) == 1
    refused(desk, "dana", refer, customer=desk.customer, call=elis)
    # a referral names a third person: the call's agent, her lead and admins see it
    assert len(rows(desk, "dana", "SELECT id FROM referrals WHERE call_id = :c", c=mine)) == 1
    assert len(rows(desk, "lea", "SELECT id FROM referrals WHERE call_id = :c", c=mine)) == 1
    assert len(rows(desk, "ada", "SELECT id FROM referrals WHERE call_id = :c", c=mine)) == 1
    assert rows(desk, "eli", "SELECT id FROM referrals WHERE call_id = :c", c=mine) == []
    assert rows(desk, "sam", "SELECT id FROM referrals WHERE call_id = :c", c=mine) == []

    survey = ("INSERT INTO survey_responses (id, created_at, customer_id, call_id, kind, score, referral_asked, "
              "referral_given, responded_at) VALUES (gen_random_uuid(), now(), :customer, :call, 'csat', 5, true, "
              "true, now())")
    assert changed(desk, "dana", survey, customer=desk.customer, call=mine) == 1
    refused(desk, "dana", survey, customer=desk.customer, call=elis)

    note = ("INSERT INTO interactions (id, created_at, customer_id, agent_id, kind, channel, direction, occurred_at, "
            "subject, pinned) VALUES (gen_random_uuid(), now(), :customer, :agent, 'note', 'phone', 'inbound', "
            "now(), 'called about the bill', false)")
    assert changed(desk, "dana", note, customer=desk.customer, agent=desk.ids["dana"]) == 1
    refused(desk, "dana", note, customer=desk.customer, agent=desk.ids["eli"])
    refused(desk, "dana", "UPDATE interactions SET subject = 'x'")
    # an admin brings the history in (imports): any agent's, or none
    assert changed(desk, "ada", note, customer=desk.customer, agent=desk.ids["eli"]) == 1
    assert changed(desk, "ada", note, customer=desk.customer, agent=None) == 1

    # the wrap-up carries a cancellation onto the customer's subscriptions, and no more
    subscription = uuid.uuid4()
    run(desk, "owner", "INSERT INTO products (id, created_at, code, category, name_he, name_en, list_price, "
        "commitment_months, active) VALUES (:id, now(), :code, 'mobile', 'x', 'x', 100, 0, true)",
        id=subscription, code=f"p-{subscription.hex[:8]}")
    run(desk, "owner", "INSERT INTO subscriptions (id, created_at, customer_id, product_id, monthly_price, "
        "started_on, status) VALUES (:id, now(), :customer, :id, 100, '2020-01-01', 'active')",
        id=subscription, customer=desk.customer)
    assert changed(desk, "dana", "UPDATE subscriptions SET status = 'pending_cancellation', "
                   "cancel_requested_at = now(), cancel_effective_on = current_date + 1 WHERE id = :id",
                   id=subscription) == 1
    refused(desk, "dana", "UPDATE subscriptions SET monthly_price = 1 WHERE id = :id", id=subscription)


# --- QA reviews --------------------------------------------------------------------------


def test_qa_reviews_an_agent_sees_only_those_of_their_own_calls(desk: Desk) -> None:
    danas, elis, omers, leas = call(desk, "dana"), call(desk, "eli"), call(desk, "omer"), call(desk, "lea")
    review = ("INSERT INTO qa_reviews (id, created_at, call_id, reviewer_id, reviewed_at, score, checklist) "
              "VALUES (:id, now(), :call, :me, now(), 4, '{}')")
    on_dana, on_eli = uuid.uuid4(), uuid.uuid4()
    assert changed(desk, "lea", review, id=on_dana, call=danas, me=desk.ids["lea"]) == 1
    assert changed(desk, "lea", review, id=on_eli, call=elis, me=desk.ids["lea"]) == 1
    refused(desk, "lea", review, id=uuid.uuid4(), call=omers, me=desk.ids["lea"])  # another team's call
    refused(desk, "lea", review, id=uuid.uuid4(), call=leas, me=desk.ids["lea"])  # her own call
    refused(desk, "dana", review, id=uuid.uuid4(), call=elis, me=desk.ids["dana"])  # agents do not review
    assert {r.id for r in rows(desk, "dana", "SELECT id FROM qa_reviews")} == {on_dana}
    assert {r.id for r in rows(desk, "eli", "SELECT id FROM qa_reviews")} == {on_eli}
    assert rows(desk, "sam", "SELECT id FROM qa_reviews WHERE id IN (:a, :b)", a=on_dana, b=on_eli) == []
    assert len(rows(desk, "ada", "SELECT id FROM qa_reviews WHERE id IN (:a, :b)", a=on_dana, b=on_eli)) == 2
    refused(desk, "dana", "UPDATE qa_reviews SET score = 5 WHERE id = :id", id=on_dana)
    assert changed(desk, "sam", "UPDATE qa_reviews SET score = 1 WHERE id = :id", id=on_dana) == 0


# --- housekeeping ------------------------------------------------------------------------


def test_the_jobs_service_does_housekeeping_and_nothing_else(desk: Desk) -> None:
    overdue = request(desk, "dana", "North")
    run(desk, "owner", "UPDATE approval_requests SET expires_at = now() - interval '1 minute' WHERE id = :id",
        id=overdue)
    assert changed(desk, "jobs", "UPDATE approval_requests SET status = 'expired', decided_at = now() "
                   "WHERE id = :id", id=overdue) == 1
    refused(desk, "jobs", DECIDE, me=desk.ids["lea"], id=request(desk, "eli", "North"))
    late = callback(desk, "dana", "North", "dana")
    assert changed(desk, "jobs", "UPDATE callbacks SET owner_agent_id = NULL, escalated_at = now() "
                   "WHERE id = :id", id=late) == 1
    refused(desk, "jobs", INSERT_CALL, id=uuid.uuid4(), agent=desk.ids["dana"])
    refused(desk, "jobs", "UPDATE agents SET offer_authority = 1")


# --- the migration itself ----------------------------------------------------------------


def test_0008_downgrades_cleanly_and_upgrades_again(pg_url: str) -> None:
    """Down to 0007: no policy, no desk_* function, no grant, tables back with the login that
    ran it; the group roles stay (other databases on the server use them). Up again: the same."""
    engine = make_engine(pg_url)
    state = """SELECT (SELECT count(*) FROM pg_policies WHERE schemaname = 'public') AS policies,
                      (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
                                                      AND proname LIKE 'desk\\_%') AS functions,
                      (SELECT array_agg(DISTINCT tableowner::text) FROM pg_tables WHERE schemaname = 'public'
                                                                    AND tablename <> 'alembic_version') AS owners,
                      (SELECT count(*) FROM information_schema.role_table_grants
                        WHERE grantee IN ('desk_agent', 'desk_lead', 'desk_admin', 'desk_jobs')) AS grants,
                      (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'desk\\_%') AS groups"""
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "0007")
        with engine.connect() as connection:
            down = connection.execute(sa.text(state)).one()
            superuser = connection.execute(sa.text("SELECT current_user")).scalar()
        assert (down.policies, down.functions, down.grants, down.groups) == (0, 0, 0, len(roles.ALL_GROUPS))
        assert down.owners == [superuser]
        migrate.upgrade(engine)
        with engine.connect() as connection:
            up = connection.execute(sa.text(state)).one()
        assert up.policies > 30 and up.functions >= 5 and up.grants > 50 and up.owners == [roles.OWNER]
    finally:
        engine.dispose()


# --- functions that run as their owner: no look-alike table of the caller's ------------------


def session_of(desk: Desk, who: str, *setup: str) -> tuple[sa.Connection, sa.RootTransaction]:
    """One open connection of ``who``'s with ``setup`` run in its transaction (temporary tables
    live in one session only); the caller commits and closes it."""
    connection = desk.engines[who].connect()
    transaction = connection.begin()
    for statement in setup:
        connection.exec_driver_sql(statement)
    return connection, transaction


# A person's own look-alikes of the tables the owner's functions write, in their session's
# temporary schema (every login may make them unless the DBA revoked TEMPORARY), open to the
# functions' owner: without pg_temp pinned last, PostgreSQL searches that schema first.
LOOK_ALIKES = (
    "CREATE TEMP TABLE audit_events (id uuid, created_at timestamptz, occurred_at timestamptz, actor_id uuid, "
    "action text, entity_type text, entity_id text, details jsonb, source text, team_id uuid, old_values jsonb, "
    "new_values jsonb)",
    "CREATE TEMP TABLE sync_changes (table_name text, row_id text, xid bigint, deleted boolean, customer_id uuid, "
    "agent_id uuid, PRIMARY KEY (table_name, row_id))",
    "GRANT ALL ON pg_temp.audit_events, pg_temp.sync_changes TO PUBLIC",
)


def test_an_agents_temporary_tables_do_not_swallow_the_audit_of_their_writes_and_reveals(desk: Desk) -> None:
    note = uuid.uuid4()
    connection, transaction = session_of(desk, "dana", *LOOK_ALIKES)
    try:
        connection.execute(sa.text(
            "INSERT INTO interactions (id, created_at, customer_id, agent_id, kind, channel, direction, occurred_at, "
            "subject, pinned) VALUES (:id, now(), :customer, :me, 'note', 'phone', 'inbound', now(), 'quiet', false)"),
            {"id": note, "customer": desk.customer, "me": desk.ids["dana"]})
        revealed = connection.execute(sa.text("SELECT reveal_national_id(:c, 'nobody will know')"),
                                      {"c": desk.customer}).scalar()
        found = connection.execute(sa.text("SELECT * FROM customers_by_national_id('123456782', 5)")).scalars().all()
        swallowed = connection.exec_driver_sql("SELECT count(*) FROM pg_temp.audit_events").scalar()
        untracked = connection.exec_driver_sql("SELECT count(*) FROM pg_temp.sync_changes").scalar()
        transaction.commit()
    finally:
        connection.close()
    assert revealed == "123456782" and found == [desk.customer]  # the functions still work for her
    assert (swallowed, untracked) == (0, 0)
    audit = rows(desk, "owner", "SELECT action, entity_type, actor_id, details FROM audit_events "
                 "WHERE entity_id = :note OR (actor_id = :me AND action LIKE 'national\\_id.%' "
                 "AND details::text LIKE '%nobody will know%') OR (actor_id = :me AND action = 'national_id.searched')",
                 note=str(note), me=desk.ids["dana"])
    assert {(a.action, a.entity_type) for a in audit} >= {("insert", "interactions"),
                                                         ("national_id.revealed", "customers"),
                                                         ("national_id.searched", "customers")}
    assert {a.actor_id for a in audit} == {desk.ids["dana"]}
    # and the other desks hear of the note (offline sync's change feed)
    assert rows(desk, "owner", "SELECT deleted FROM sync_changes WHERE table_name = 'interactions' "
                "AND row_id = :note", note=str(note)) == [(False,)]


def test_an_admins_temporary_pg_roles_does_not_make_the_migration_login_a_desk_person(desk: Desk,
                                                                                       pg_server) -> None:
    """desk_check_person reads the catalog: a look-alike pg_roles and pg_auth_members in the
    admin's session must not pass a login in desk_owner off as a person, or the admin could set
    its password and sign in as the owner of every table."""
    target, password = f"migrator_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    run(desk, "owner", f"CREATE ROLE {target} LOGIN NOSUPERUSER BYPASSRLS PASSWORD '{password}' IN ROLE desk_owner")
    try:
        connection, transaction = session_of(
            desk, "ada",
            "CREATE TEMP TABLE pg_roles AS SELECT oid, rolname, false AS rolsuper, false AS rolbypassrls, "
            "false AS rolcreaterole, false AS rolcreatedb, false AS rolreplication FROM pg_catalog.pg_roles "
            f"WHERE rolname IN ('{target}', 'desk_agent')",
            "CREATE TEMP TABLE pg_auth_members AS SELECT g.oid AS roleid, r.oid AS member FROM pg_catalog.pg_roles g, "
            f"pg_catalog.pg_roles r WHERE g.rolname = 'desk_agent' AND r.rolname = '{target}'",
            "GRANT SELECT ON pg_temp.pg_roles, pg_temp.pg_auth_members TO PUBLIC")
        try:
            verifier = connection.connection.driver_connection.pgconn.encrypt_password(
                b"taken-over", target.encode(), b"scram-sha-256").decode()
            with pytest.raises(sa.exc.DBAPIError) as caught:
                connection.execute(sa.text("SELECT desk_set_login_password(:t, :v)"), {"t": target, "v": verifier})
            assert caught.value.orig.sqlstate == "42501" and "not a desk user" in str(caught.value.orig)
            transaction.rollback()
            for function in ("desk_disable_login(:t)", "desk_set_login_group(:t, 'desk_admin')"):
                with connection.begin(), pytest.raises(sa.exc.DBAPIError, match="not a desk user"):
                    connection.execute(sa.text(f"SELECT {function}"), {"t": target})
        finally:
            connection.close()
        taken = make_engine(sa.engine.make_url(pg_server.url_for(desk.owner.url.database))
                            .set(username=target, password="taken-over").render_as_string(hide_password=False))
        try:
            with pytest.raises(sa.exc.OperationalError, match="password authentication failed"), taken.connect():
                pass
        finally:
            taken.dispose()
        (still,) = rows(desk, "owner", "SELECT rolcanlogin, pg_has_role(:t, 'desk_owner', 'MEMBER') AS owner, "
                        "pg_has_role(:t, 'desk_admin', 'MEMBER') AS admin FROM pg_roles WHERE rolname = :t", t=target)
        assert (still.rolcanlogin, still.owner, still.admin) == (True, True, False)
    finally:
        run(desk, "owner", f"DROP ROLE IF EXISTS {target}")


def test_0017_downgrades_to_the_definitions_it_replaced_and_upgrades_again(pg_url: str) -> None:
    """Down to 0016: every function's body, settings, owner and grants as 0016 left them, the
    grants of 0008 back, no row-level security on incidents and scripts. Up again: pg_temp last."""
    engine = make_engine(pg_url)
    functions = """SELECT p.oid::regprocedure::text AS name, p.prosrc, p.proconfig, p.prosecdef, p.provolatile,
                          pg_get_userbyid(p.proowner) AS owner, p.proacl::text AS acl
                   FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1"""
    tables = """SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text AS acl,
                       (SELECT array_agg(a.attname || ':' || a.attacl::text ORDER BY a.attname) FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL) AS columns,
                       (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) AS policies
                FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
                 AND c.relname IN ('incidents', 'call_script_versions') ORDER BY 1"""

    def state() -> tuple[list[sa.Row], list[sa.Row]]:
        with engine.connect() as connection:
            return (list(connection.execute(sa.text(functions))), list(connection.execute(sa.text(tables))))

    try:
        migrate.upgrade(engine, "0016")
        before = state()
        migrate.upgrade(engine, "0017")
        after = state()
        assert {f.name for f in after[0]} == {f.name for f in before[0]}
        assert {tuple(f.proconfig) for f in after[0]} == {("search_path=pg_catalog, public, pg_temp",)}
        assert [(t.relrowsecurity, t.relforcerowsecurity) for t in after[1]] == [(True, True)] * 2
        migrate.downgrade(engine, "0016")
        assert state() == before
        migrate.upgrade(engine, "0017")
        assert state()[0] == after[0]
        migrate.upgrade(engine)  # later revisions redefine some of these (0020: desk_sync_track)
    finally:
        engine.dispose()
