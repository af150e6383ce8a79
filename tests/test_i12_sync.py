"""Offline sync on a real PostgreSQL, each desk as its own login (issue 12): a resent batch is
skipped, a gap is an error, a refused mutation is kept and does not block the rest, a pull
cursor survives transactions that commit out of order, deletes reach the desk, a new server
incarnation makes the desk resync, two agents editing one field leave a conflict a team lead
can read, and a desk's copy ends equal to the server's."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from agent_desk.data import demo
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ids import new_id
from agent_desk.sync import server
from agent_desk.sync.engine import SyncEngine, local_checksum, server_view_checksum
from agent_desk.sync.errors import SequenceGap
from agent_desk.sync.local import LocalStore
from agent_desk.sync.mutations import Mutation, submit_payload
from agent_desk.sync.tables import canonical
from agent_desk.wrapup import CallbackRequest, WrapUp
from tests.conftest import AS_OF


@dataclass
class World:
    url: str
    owner: sa.Engine
    people: dict[str, tuple[str, uuid.UUID]]  # name -> (url, agent id)
    customers: list[uuid.UUID]
    reason: str
    engines: list = field(default_factory=list)

    def factory(self, name: str) -> sessionmaker:
        engine = make_engine(self.people[name][0])
        self.engines.append(engine)
        return sessionmaker(engine, expire_on_commit=False)

    def desk(self, name: str, tmp_path: Path) -> SyncEngine:
        store = LocalStore(tmp_path / f"{name}.sqlite3", self.people[name][1])
        self.engines.append(store.engine)
        return SyncEngine(store, self.factory(name), batch_size=50, page_size=500)


@pytest.fixture
def world(pg_desk_url: str, pg_person) -> World:
    owner = make_engine(pg_desk_url, deadline=False)
    demo.generate(owner, 12, seed=3, as_of=AS_OF)
    people = {}
    for name in ("agent01", "agent02"):
        url = pg_person(pg_desk_url, name)
        login = sa.engine.make_url(url).username
        with owner.connect() as connection:
            people[name] = (url, connection.scalar(sa.select(m.Agent.id).where(m.Agent.username == login)))
    with owner.connect() as connection:
        customers = list(connection.scalars(sa.select(m.Customer.id).order_by(m.Customer.id)))
        parents = set(connection.scalars(sa.select(m.CancellationReason.parent_code)))
        reason = next(c for c in connection.scalars(sa.select(m.CancellationReason.code)) if c not in parents)
    made = World(pg_desk_url, owner, people, customers, reason)
    yield made
    for engine in made.engines:
        engine.dispose()
    owner.dispose()


def note(customer_id: uuid.UUID, subject: str) -> dict:
    return {"id": str(new_id()), "customer_id": str(customer_id), "subject": subject,
            "at": datetime.now(UTC).isoformat()}


def wrapup(world: World, agent_id: uuid.UUID, customer_id: uuid.UUID, notes: str) -> WrapUp:
    now = datetime.now(UTC)
    return WrapUp(call_id=new_id(), agent_id=agent_id, started_at=now - timedelta(minutes=5), ended_at=now,
                  customer_id=customer_id, disposition="callback_scheduled", primary_reason=world.reason,
                  notes=notes, callback=CallbackRequest(due_at=now + timedelta(days=1), note="call back"))


def converged(world: World, name: str, desk: SyncEngine) -> bool:
    with world.factory(name)() as session:
        expected = server_view_checksum(session, desk.store.agent_id, desk.store.held_customers())
        if local_checksum(desk.store) != expected:  # say which rows differ
            theirs = {canonical(n, r) for n, r in server.view(session, desk.store.agent_id,
                                                               desk.store.held_customers())}
            ours = {canonical(n, r) for n, r in desk.store.rows()}
            print("server only:", sorted(theirs - ours)[:5], "\ndesk only:", sorted(ours - theirs)[:5])
    return local_checksum(desk.store) == expected


def test_offline_work_reaches_the_server_once_and_the_desk_matches_it(world: World, tmp_path: Path) -> None:
    desk = world.desk("agent01", tmp_path)
    me, customer = world.people["agent01"][1], world.customers[0]
    desk.sync_once()  # reference data: the outcomes and reasons a wrap-up needs
    # Offline now: the agent logs a note and a call (with a callback the server numbers itself).
    desk.store.write("note.add", note(customer, "asked about roaming"))
    call = wrapup(world, me, customer, "offline call")
    desk.store.write("call.submit", submit_payload(call, datetime.now(UTC)))
    assert desk.store.pending_count() == 2
    report = desk.sync_once()
    assert (report.pushed, report.rejected) == (2, 0)
    assert desk.store.pending_count() == 0
    with world.owner.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall)
                                 .where(m.RetentionCall.id == call.call_id)) == 1
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.Callback)
                                 .where(m.Callback.call_id == call.call_id)) == 1
    # The desk holds exactly the server's rows (the callback with the server's key, not its own).
    assert converged(world, "agent01", desk)
    with desk.store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.Callback)
                                 .where(m.Callback.call_id == call.call_id)) == 1


def test_a_resent_batch_is_skipped_and_a_gap_is_an_error(world: World) -> None:
    me, client = world.people["agent01"][1], uuid.uuid4()
    batch = [Mutation(client, seq, new_id(), "note.add", note(world.customers[1], f"n{seq}")) for seq in (1, 2, 3)]
    factory = world.factory("agent01")
    with factory.begin() as session:
        first = server.apply_batch(session, client, me, batch)
    with factory.begin() as session:
        again = server.apply_batch(session, client, me, batch)  # the answer was lost: sent again
    assert (first.applied, first.dedup_hits, first.last_seq) == (3, 0, 3)
    assert (again.applied, again.dedup_hits, again.last_seq) == (0, 3, 3)
    with world.owner.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction)
                                 .where(m.Interaction.subject.in_(["n1", "n2", "n3"]))) == 3
    late = Mutation(client, 5, new_id(), "note.add", note(world.customers[1], "n5"))
    with pytest.raises(SequenceGap), factory.begin() as session:
        server.apply_batch(session, client, me, [late])
    with factory() as session:
        assert server.last_seq(session, client) == 3


def test_a_refused_mutation_is_kept_and_does_not_block_the_rest(world: World, tmp_path: Path) -> None:
    desk = world.desk("agent01", tmp_path)
    desk.sync_once()
    customer = world.customers[2]
    desk.store.write("note.add", note(customer, "before"))
    # Another agent's call cannot be submitted as mine (the server refuses it for good).
    other = wrapup(world, world.people["agent02"][1], customer, "not mine")
    desk.store.write("note.add", note(customer, "x"))  # placeholder replaced below
    with desk.store.writer.begin() as connection:  # forge the queued entry: a wrap-up of someone else's
        connection.exec_driver_sql("UPDATE outbox SET kind = 'call.submit', payload = ? WHERE seq = 2",
                                   (json.dumps(submit_payload(other, datetime.now(UTC))),))
    desk.store.write("note.add", note(customer, "after"))
    report = desk.sync_once()
    assert (report.pushed, report.rejected) == (2, 1)
    assert [r["seq"] for r in desk.store.rejected()] == [2]
    with world.factory("agent01")() as session:
        kept = server.rejections(session, desk.store.client_id)
    assert [(r.seq, r.kind) for r in kept] == [(2, "call.submit")] and "Rejected" in kept[0].reason
    with world.owner.connect() as connection:
        subjects = set(connection.scalars(sa.select(m.Interaction.subject)
                                          .where(m.Interaction.customer_id == customer)))
    assert {"before", "after"} <= subjects
    assert converged(world, "agent01", desk)


def test_the_pull_cursor_skips_nothing_when_transactions_commit_out_of_order(world: World, tmp_path: Path) -> None:
    desk = world.desk("agent01", tmp_path)
    first, second = world.customers[3], world.customers[4]
    desk.store.hold([first, second])
    desk.sync_once()
    early = world.owner.connect()
    late = world.owner.connect()
    try:
        # The earlier transaction takes its id first, and commits last.
        early.begin()
        early.execute(sa.update(m.Customer).where(m.Customer.id == first).values(city="Early"))
        early_xid = early.scalar(sa.text("SELECT pg_current_xact_id()::text::bigint"))
        with late.begin():
            late.execute(sa.update(m.Customer).where(m.Customer.id == second).values(city="Late"))
            late_xid = late.scalar(sa.text("SELECT pg_current_xact_id()::text::bigint"))
        assert late_xid > early_xid
        desk.sync_once()  # sees the later transaction's change; the earlier one is still open
        with desk.store.engine.connect() as connection:
            assert connection.scalar(sa.select(m.Customer.city).where(m.Customer.id == second)) == "Late"
        cursor_xid = server.parse_cursor(desk.store.state("cursor"))[0]
        assert cursor_xid <= early_xid  # a "highest id seen" cursor would be past it here
        early.commit()
    finally:
        early.close()
        late.close()
    desk.sync_once()
    with desk.store.engine.connect() as connection:
        assert connection.scalar(sa.select(m.Customer.city).where(m.Customer.id == first)) == "Early"
    assert converged(world, "agent01", desk)


def test_a_delete_on_the_server_reaches_the_desk(world: World, tmp_path: Path) -> None:
    desk = world.desk("agent01", tmp_path)
    customer = world.customers[5]
    desk.store.hold([customer])
    desk.sync_once()
    with world.owner.begin() as connection:
        phone = connection.scalar(sa.select(m.CustomerPhone.id).where(m.CustomerPhone.customer_id == customer).limit(1))
        connection.execute(sa.delete(m.CustomerPhone).where(m.CustomerPhone.id == phone))
    with desk.store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.CustomerPhone)
                                 .where(m.CustomerPhone.id == phone)) == 1
    report = desk.sync_once()
    assert report.pulled_deletes == 1
    with desk.store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.CustomerPhone)
                                 .where(m.CustomerPhone.id == phone)) == 0
    assert converged(world, "agent01", desk)


def test_a_new_server_incarnation_makes_the_desk_resync(world: World, tmp_path: Path) -> None:
    desk = world.desk("agent01", tmp_path)
    customer = world.customers[6]
    desk.sync_once()
    # The server is "restored": its rows changed behind every cursor, and it has a new identity.
    with world.owner.begin() as connection:
        connection.execute(sa.text("ALTER TABLE products DISABLE TRIGGER sync_track_update"))
        connection.execute(sa.update(m.Product).values(name_en=m.Product.name_en + " (restored)"))
        connection.execute(sa.text("ALTER TABLE products ENABLE TRIGGER sync_track_update"))
        with sessionmaker(bind=connection)() as session:
            server.new_incarnation(session)
            session.flush()
    desk.store.write("note.add", note(customer, "while restoring"))  # pending work survives a resync
    report = desk.sync_once()
    assert report.resynced
    with desk.store.engine.connect() as connection:
        names = list(connection.scalars(sa.select(m.Product.name_en)))
    assert names and all(n.endswith("(restored)") for n in names)
    with world.owner.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction)
                                 .where(m.Interaction.subject == "while restoring")) == 1
    assert converged(world, "agent01", desk)


def test_two_agents_editing_one_field_leave_a_conflict_their_lead_can_read(world: World, tmp_path: Path,
                                                                           pg_person) -> None:
    one, two = world.desk("agent01", tmp_path), world.desk("agent02", tmp_path)
    customer = world.customers[7]
    for desk in (one, two):
        desk.store.hold([customer])
        desk.sync_once()
    with world.owner.connect() as connection:
        base = connection.scalar(sa.select(m.Customer.email).where(m.Customer.id == customer))
    # Both offline, both correct the e-mail from the same value they saw.
    one.store.write("customer.edit", {"customer_id": str(customer), "field": "email", "base": base,
                                      "value": "one@example.com", "at": datetime.now(UTC).isoformat()})
    two.store.write("customer.edit", {"customer_id": str(customer), "field": "email", "base": base,
                                      "value": "two@example.com", "at": datetime.now(UTC).isoformat()})
    one.sync_once()
    two.sync_once()  # reaches the server last: wins
    one.sync_once()
    for desk in (one, two):
        with desk.store.engine.connect() as connection:
            assert connection.scalar(sa.select(m.Customer.email).where(m.Customer.id == customer)) == "two@example.com"
    with world.owner.connect() as connection:
        team = connection.scalar(sa.select(m.Agent.team_id).where(m.Agent.id == world.people["agent02"][1]))
        lead = connection.scalar(sa.select(m.Agent.username).where(m.Agent.team_id == team,
                                                                   m.Agent.role == "team_lead"))
    lead_engine = make_engine(pg_person(world.url, lead))
    try:
        with lead_engine.connect() as connection:
            seen = connection.execute(sa.select(m.SyncConflict.winning_value, m.SyncConflict.losing_value,
                                                m.SyncConflict.winner_id)).all()
    finally:
        lead_engine.dispose()
    assert seen == [("two@example.com", "one@example.com", world.people["agent02"][1])]
    one.sync_once()  # the lead's new login renamed an agents row: reference data everyone holds
    two.sync_once()
    assert converged(world, "agent01", one) and converged(world, "agent02", two)
