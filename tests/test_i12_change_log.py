"""The sync change log's trigger, on real PostgreSQL.

Migration 0020: it reads the changed rows' columns instead of their JSON. A desk's pull finds
rows by these change rows, so they must be exactly what the JSON trigger wrote: the same keys
(a uuid, a text key), the same tombstones.

Migration 0021: a customer a transaction creates, and the rows written with them in it, are
not logged (no desk can hold them yet; one that comes to hold them fetches them whole); every
later change is, and so is a customer the log has seen before, and every row naming an agent.
A list of fresh customers the trigger did not make itself is never trusted, and without the
right to make one (a site's DBA took it away) every row is logged."""

from __future__ import annotations

import uuid
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ids import new_id
from agent_desk.importer.load import run_import
from agent_desk.importer.mapping import load_mapping
from tests.test_i12_sync import converged, world  # noqa: F401 - world: the fixture


def _changes(engine: sa.Engine, team: uuid.UUID, factors: list[str]) -> dict[str, object]:
    """What the change log says of the team and the churn factors, by role."""
    with engine.connect() as connection:
        rows = {(r.table_name, r.row_id): (r.deleted, r.customer_id, r.agent_id) for r in connection.execute(sa.text(
            "SELECT table_name, row_id, deleted, customer_id, agent_id FROM sync_changes "
            "WHERE table_name IN ('teams', 'churn_weights')"))}
    return {"team": rows.get(("teams", str(team))),
            **{f"factor{n}": rows.get(("churn_weights", factor)) for n, factor in enumerate(factors)}}


def _write(engine: sa.Engine, tag: str) -> tuple[uuid.UUID, list[str]]:
    """A team inserted; a factor inserted, one inserted and updated, one inserted and deleted."""
    factors = [f"{tag}_kept", f"{tag}_changed", f"{tag}_gone"]
    team = uuid.uuid4()
    with Session(engine) as session, session.begin():
        session.add(m.Team(id=team, name=f"Team {tag}"))
        session.add_all(m.ChurnWeight(factor=f, weight=0.5, label_he=f, label_en=f) for f in factors)
    with Session(engine) as session, session.begin():
        session.get(m.ChurnWeight, factors[1]).weight = 0.7
        session.delete(session.get(m.ChurnWeight, factors[2]))
    return team, factors


def _tracking(engine: sa.Engine) -> tuple[str, str]:
    with engine.connect() as connection:
        source = connection.scalar(sa.text("SELECT prosrc FROM pg_proc WHERE proname = 'desk_sync_track'"))
        args = connection.scalar(sa.text(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'sync_track_insert' "
            "AND tgrelid = 'public.customer_attributes'::regclass"))
    return source, args


def test_the_change_log_is_the_same_with_the_columns_as_with_the_json(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        migrate.upgrade(engine, "0019")
        json_team, json_factors = _write(engine, "json")
        by_json = _changes(engine, json_team, json_factors)
        migrate.upgrade(engine, "0020")
        team, factors = _write(engine, "columns")
        by_columns = _changes(engine, team, factors)

        assert by_json == by_columns
        assert by_columns == {"team": (False, None, None), "factor0": (False, None, None),
                              "factor1": (False, None, None), "factor2": (True, None, None)}

        columns = source, args = _tracking(engine)
        assert "to_jsonb" not in source
        assert "t.customer_id::text || ''|'' || t.name::text" in args  # a composite key, from columns
        # Down and up again: the JSON trigger comes back whole, then leaves again.
        migrate.downgrade(engine, "0019")
        source, args = _tracking(engine)
        assert "to_jsonb(t)" in source and "(r->>''customer_id'') || ''|'' || (r->>''name'')" in args
        migrate.upgrade(engine, "0020")
        assert _tracking(engine) == columns
        # 0021 changes the function only (the triggers keep their column arguments), and its
        # downgrade brings 0020's back.
        migrate.upgrade(engine, "0021")
        fresh_source, fresh_args = _tracking(engine)
        assert "desk_sync_fresh" in fresh_source and fresh_args == columns[1]
        migrate.downgrade(engine, "0020")
        assert _tracking(engine) == columns
        migrate.upgrade(engine)
    finally:
        engine.dispose()


# --- migration 0021: customers a transaction creates are not logged in it -------------------


def _logged(engine: sa.Engine, customer: uuid.UUID) -> set[str]:
    """The tables whose change rows name this customer."""
    with engine.connect() as connection:
        return set(connection.scalars(sa.text("SELECT table_name FROM sync_changes WHERE customer_id = :c"),
                                      {"c": customer}))


def _new_customer(session: Session, like: uuid.UUID, tag: str, key: uuid.UUID | None = None) -> uuid.UUID:
    """A customer made as a copy of ``like`` (a new account and reference; a new key unless
    ``key`` is given), with a phone and an imported attribute, in the session's transaction."""
    source = session.get(m.Customer, like)
    values = {a.key: getattr(source, a.key) for a in sa.inspect(m.Customer).column_attrs}
    key = key or new_id()
    values.update(id=key, account_number=f"T{tag}", external_ref=f"T{tag}", email=None, national_id=None)
    session.add(m.Customer(**values))
    session.flush()
    session.add(m.CustomerPhone(id=new_id(), customer_id=key, e164=f"+97250{zlib.crc32(tag.encode()) % 10**7:07d}",
                                kind=d.PhoneKind.MOBILE, is_primary=True))
    session.add(m.CustomerAttribute(customer_id=key, name="plan", kind="text", text_value="basic",
                                    updated_at=datetime.now(UTC)))
    return key


def test_a_customer_made_in_a_transaction_is_logged_from_the_next_change_on(world, pg_person) -> None:  # noqa: ANN001, F811
    owner, agent = world.owner, world.people["agent01"][1]
    with Session(owner) as session, session.begin():
        fresh = _new_customer(session, world.customers[0], "fresh")
        # A row that names an agent is logged all the same: their desk pulls their callbacks.
        session.add(m.Callback(id=new_id(), customer_id=fresh, owner_agent_id=agent, created_by=agent,
                               due_at=datetime.now(UTC) + timedelta(days=30), status=d.CallbackStatus.OPEN))
    assert _logged(owner, fresh) == {"callbacks"}

    # The next transaction's changes are logged: a desk may hold the customer by now.
    with Session(owner) as session, session.begin():
        session.add(m.CustomerAttribute(customer_id=fresh, name="paperless", kind="bool", bool_value=True,
                                        updated_at=datetime.now(UTC)))
        session.get(m.Customer, fresh).city = "עכו"
    assert _logged(owner, fresh) == {"callbacks", "customer_attributes", "customers"}

    # A customer the log has seen, deleted and made again with the same key, is logged: a desk
    # may still list them as held.
    with Session(owner) as session, session.begin():
        old = _new_customer(session, world.customers[0], "again")
    with Session(owner) as session, session.begin():
        session.get(m.Customer, old).city = "עכו"
    with owner.begin() as connection:
        for table in ("customer_attributes", "customer_phones"):
            connection.execute(sa.text(f"DELETE FROM {table} WHERE customer_id = :c"), {"c": old})
        connection.execute(sa.text("DELETE FROM customers WHERE id = :c"), {"c": old})
    with Session(owner) as session, session.begin():
        _new_customer(session, world.customers[0], "back", key=old)
    with owner.connect() as connection:
        remade = dict(connection.execute(sa.text(
            "SELECT table_name, deleted FROM sync_changes WHERE (table_name, row_id) IN ("
            "SELECT 'customers', CAST(:c AS text) UNION ALL SELECT 'customer_attributes', CAST(:c AS text) || '|plan' "
            "UNION ALL SELECT 'customer_phones', id::text FROM customer_phones WHERE customer_id = :c)"),
            {"c": old}).all())
    assert remade == {"customers": False, "customer_phones": False, "customer_attributes": False}


def test_a_fresh_list_someone_else_made_is_never_trusted(world, pg_person) -> None:  # noqa: ANN001, F811
    """An agent who makes ``pg_temp.desk_sync_fresh`` first, naming a customer, cannot hide
    their edit of that customer from the other desks: the trigger trusts only its own list."""
    customer = world.customers[1]
    assert "customers" not in _logged(world.owner, customer)  # made with the demo, never changed since
    agent = make_engine(world.people["agent01"][0])
    try:
        with agent.begin() as connection:
            connection.exec_driver_sql("CREATE TEMPORARY TABLE desk_sync_fresh (customer_id uuid PRIMARY KEY)")
            connection.execute(sa.text("INSERT INTO desk_sync_fresh VALUES (:c)"), {"c": customer})
            connection.exec_driver_sql("GRANT SELECT ON desk_sync_fresh TO PUBLIC")  # the trigger could read it
            connection.execute(sa.text("UPDATE customers SET city = 'עכו' WHERE id = :c"), {"c": customer})
    finally:
        agent.dispose()
    assert "customers" in _logged(world.owner, customer)


def test_imported_customers_reach_a_desk_whole_and_their_next_import_by_pull(world, tmp_path: Path) -> None:  # noqa: ANN001, F811
    """The whole path: customers imported in one transaction are not in the change log, a desk
    that comes to hold one fetches them whole (phone, attribute), and a re-import that changes
    them reaches that desk through its pull."""
    mapping_path = tmp_path / "crm.toml"
    mapping_path.write_text('kind = "customers"\n[columns]\n"ref" = "external_ref"\n"first" = "first_name"\n'
                            '"last" = "last_name"\n"phone" = "phone"\n"plan" = { attribute = "plan", kind = "text" }\n'
                            '[defaults]\ncustomer_since = 2020-01-01\n',
                            encoding="utf-8")
    mapping = load_mapping(mapping_path, kind="customers")
    export = tmp_path / "customers.csv"
    rows = [("I1", "נועה", "כהן", "054-7770001"), ("I2", "יוסף", "לוי", "054-7770002")]

    def write(plans: tuple[str, str]) -> None:
        lines = ["ref,first,last,phone,plan", *(",".join((*row, plan)) for row, plan in zip(rows, plans, strict=True))]
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")

    write(("בסיס", "פלוס"))
    assert run_import(world.owner, export, mapping, "customers").inserted == 2
    with world.owner.connect() as connection:
        imported = connection.scalar(sa.select(m.Customer.id).where(m.Customer.external_ref == "I1"))
    assert _logged(world.owner, imported) == set()

    desk = world.desk("agent01", tmp_path)
    desk.sync_once()
    desk.store.hold([imported])
    desk.sync_once()

    def plan_on_desk() -> str | None:
        with desk.store.engine.connect() as connection:
            return connection.scalar(sa.select(m.CustomerAttribute.text_value).where(
                m.CustomerAttribute.customer_id == imported, m.CustomerAttribute.name == "plan"))

    with desk.store.engine.connect() as connection:
        phones = list(connection.scalars(sa.select(m.CustomerPhone.e164)
                                         .where(m.CustomerPhone.customer_id == imported)))
    assert (phones, plan_on_desk()) == (["+972547770001"], "בסיס")

    write(("זהב", "פלוס"))
    assert run_import(world.owner, export, mapping, "customers").updated == 2
    desk.sync_once()
    assert plan_on_desk() == "זהב"
    assert converged(world, "agent01", desk)


def test_without_the_right_to_temporary_tables_every_row_is_logged(world) -> None:  # noqa: ANN001, F811
    """A DBA who takes the right to make temporary tables away from the trigger's owner costs
    the import its speed, never a failed write or a change the desks miss."""
    with world.owner.begin() as connection:
        database = connection.scalar(sa.text("SELECT current_database()"))
        connection.exec_driver_sql(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC, desk_owner')
    with Session(world.owner) as session, session.begin():
        fresh = _new_customer(session, world.customers[0], "norights")
    assert _logged(world.owner, fresh) == {"customers", "customer_phones", "customer_attributes"}


def test_a_customers_key_never_changes(world) -> None:  # noqa: ANN001, F811
    """Renaming a customer and inserting another under the old key in the same transaction
    would make a customer the log has seen look new (and hide that transaction's changes of
    them from the desks): the key cannot change at all."""
    customer = world.customers[2]
    with pytest.raises(sa.exc.DBAPIError, match="a customer's key never changes"), world.owner.begin() as connection:
        connection.execute(sa.text("UPDATE customers SET id = :new WHERE id = :old"),
                           {"new": new_id(), "old": customer})
    with world.owner.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM customers WHERE id = :c"), {"c": customer}) == 1


def test_a_transaction_at_repeatable_read_logs_its_new_customers(world) -> None:  # noqa: ANN001, F811
    """Its snapshot may be older than another transaction's deletion of the key it inserts
    (the tombstone it would check): such a transaction logs every row, as before 0021."""
    with Session(world.owner.execution_options(isolation_level="REPEATABLE READ")) as session, session.begin():
        fresh = _new_customer(session, world.customers[0], "repeatable")
    assert _logged(world.owner, fresh) == {"customers", "customer_phones", "customer_attributes"}


_COLUMNS = [c.name for c in m.Customer.__table__.columns]
_REMADE = {
    "writable CTE": "WITH gone AS (DELETE FROM customers WHERE id = :c RETURNING *) "
                    "INSERT INTO customers SELECT * FROM (SELECT * FROM gone LIMIT 1) again",
    "MERGE": "MERGE INTO customers c USING (SELECT x.*, o.op FROM customers x, (VALUES ('delete'), ('insert')) o(op) "
             "WHERE x.id = :c) s ON c.id = s.id AND s.op = 'delete' WHEN MATCHED THEN DELETE "
             f"WHEN NOT MATCHED THEN INSERT ({', '.join(_COLUMNS)}) VALUES ({', '.join('s.' + n for n in _COLUMNS)})",
}


@pytest.mark.parametrize("how", sorted(_REMADE))
def test_one_statement_cannot_delete_a_customer_and_make_them_again_unseen(world, how: str) -> None:  # noqa: ANN001, F811
    """Deleting a customer and inserting their key again in one statement (an admin could) would
    let the insert's trigger run before the deletion's and take a customer the desks hold for
    new: their changes in that transaction would reach no desk. Refused, or logged: never hidden."""
    customer = world.customers[3]
    try:
        with world.owner.begin() as connection:
            connection.execute(sa.text(_REMADE[how]), {"c": customer})
            connection.execute(sa.text("UPDATE customers SET city = 'עכו' WHERE id = :c"), {"c": customer})
    except sa.exc.DBAPIError as exc:
        assert "a customer made in this transaction cannot be deleted in it" in str(exc.orig), exc.orig
        with world.owner.connect() as connection:  # refused: nothing changed
            assert connection.scalar(sa.text("SELECT city FROM customers WHERE id = :c"), {"c": customer}) != "עכו"
        return
    with world.owner.connect() as connection:
        row = connection.execute(sa.text("SELECT deleted FROM sync_changes WHERE table_name = 'customers' "
                                         "AND row_id = :c"), {"c": str(customer)}).first()
    assert row is not None and row.deleted is False  # logged: the desks see the customer as they are
