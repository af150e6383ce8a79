"""The offline desk's reads and writes on a real PostgreSQL, as the agent's own login (issue 12,
items 1, 3 and 6): a caller held on the desk pops from its copy with the server gone; one not
held is fetched through and kept while the server answers, and said to be missing when it
does not; a search falls back to the desk's customers and says so; a write the server refuses
for good is kept, listed with its reason in the window, and does not hold up the rest; the
desk keeps at most its cap of customers, never one that queued work names."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ids import new_id
from agent_desk.offline import Link, NotOnThisDesk, OfflineDesk, ServerOffline
from agent_desk.outage import IncidentDraft, Outage, declare
from agent_desk.security.identity import sign_in
from agent_desk.sync.engine import SyncEngine
from agent_desk.sync.local import LocalStore
from agent_desk.ui.sync_status import RejectedDialog, SyncIndicator, SyncWorker
from agent_desk.ui.tasks import TaskRunner
from tests.conftest import AS_OF

WAIT_MS = 30_000


@pytest.fixture
def desk(pg_url: str, pg_person, tmp_path):
    owner = make_engine(pg_url, deadline=False)
    migrate.upgrade(owner)
    demo.generate(owner, 30, seed=4, as_of=AS_OF)
    with Session(owner) as session, session.begin():  # an outage is on when the desk fills its copy
        declare(session, IncidentDraft("תקלה בצפון", "Outage in the north", regions=("north",)), None,
                datetime.now(UTC) - timedelta(minutes=5))
    person = make_url(pg_person(pg_url, "agent01"))
    signed = sign_in(person.set(password=None).render_as_string(hide_password=False), person.username,
                     person.password)
    engine = make_engine(signed.url)
    store = LocalStore(tmp_path / "desk.sqlite3", signed.user.id)
    made = OfflineDesk(sessionmaker(engine, expire_on_commit=False), store, signed.user, Link())
    SyncEngine(store, made.server_factory).sync_once()  # the first copy: reference data
    made.owner = owner  # type: ignore[attr-defined]
    yield made
    store.close()
    engine.dispose()
    owner.dispose()


def _numbers(owner: sa.Engine, n: int) -> list[tuple[str, uuid.UUID]]:
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with owner.connect() as connection:
        return [tuple(r) for r in connection.execute(
            sa.select(m.CustomerPhone.e164, m.CustomerPhone.customer_id).where(m.CustomerPhone.e164.in_(owners))
            .order_by(m.CustomerPhone.e164).limit(n))]


@pytest.mark.postgres
def test_pops_fetch_through_and_work_from_the_copy_without_the_server(desk: OfflineDesk) -> None:
    (held, held_id), (other, _other_id) = _numbers(desk.owner, 2)
    assert not desk.store.holds(held_id)
    lookup = desk.pop(held)  # online: fetched through, and kept
    assert lookup.profile is not None and lookup.profile.id == held_id
    assert desk.store.holds(held_id)
    history = desk.history(lookup.profile)
    assert history.timeline, "the whole history came with the customer"

    desk.link.set(False)  # the server is gone
    again = desk.pop(held)
    assert again.profile is not None and again.profile.account_number == lookup.profile.account_number
    assert len(desk.history(again.profile).timeline) == len(history.timeline)
    with pytest.raises(NotOnThisDesk) as missing:
        desk.pop(other)
    assert missing.value.e164 == other
    found = desk.search(lookup.profile.last_name)
    assert found.local_only and [c.id for c in found] == [held_id]
    assert desk.rank_offers(held_id, "moving") is not None  # from the copy, with the learned save rates
    with desk.store.reader() as session, desk.owner.connect() as connection:
        rates = sa.select(sa.func.count()).select_from(m.OfferSaveRate)
        assert session.scalar(rates) == connection.scalar(rates) > 0
    with pytest.raises(ServerOffline):
        desk.lead_overview()  # the lead's figures need the server: refused at once, not after a timeout
    # The banner still knows of the outage: incidents come with every sync.
    assert [i.title_en for i in Outage.of(desk).open()] == ["Outage in the north"]


@pytest.mark.postgres
def test_the_cap_forgets_the_least_recently_needed_never_what_queued_work_names(desk: OfflineDesk) -> None:
    numbers = _numbers(desk.owner, 4)
    for e164, _customer in numbers:
        desk.pop(e164)
    first = numbers[0][1]
    desk.store.write("note.add", {"id": str(new_id()), "customer_id": str(first), "subject": "queued",
                                  "at": datetime.now(UTC).isoformat()})
    desk.link.set(False)  # nothing goes out: the note stays queued
    # Everyone was needed a moment ago (the caller on screen among them): nobody goes yet.
    assert desk.store.evict(2, desk.store.agent_id) == 0
    forgotten = desk.store.evict(2, desk.store.agent_id, protect=timedelta(0))  # hours later
    assert forgotten == 2
    kept = set(desk.store.held_customers())
    assert first in kept and numbers[3][1] in kept  # queued work, and the most recent
    with pytest.raises(NotOnThisDesk):
        desk.pop(numbers[1][0])


@pytest.mark.postgres
def test_a_write_the_server_refuses_is_kept_listed_and_holds_up_nothing(qtbot, desk: OfflineDesk) -> None:
    (e164, customer), = _numbers(desk.owner, 1)
    desk.pop(e164)
    # The desk's copy takes a city of 300 letters; the server's column holds 80: refused for good.
    desk.store.write("customer.edit", {"customer_id": str(customer), "field": "city", "base": None,
                                       "value": "x" * 300, "at": datetime.now(UTC).isoformat()})
    note = str(new_id())
    desk.store.write("note.add", {"id": note, "customer_id": str(customer), "subject": "after the refused one",
                                  "at": datetime.now(UTC).isoformat()})
    runner = TaskRunner()
    worker = SyncWorker(runner, desk)
    indicator = SyncIndicator(worker)
    qtbot.addWidget(indicator)
    try:
        worker.start()
        qtbot.waitUntil(lambda: worker.state.rejected == 1 and worker.state.pending == 0, timeout=WAIT_MS)
        assert "1 refused by the server" in indicator.text()
        with desk.owner.connect() as connection:  # the rest went through
            assert connection.scalar(sa.select(m.Interaction.subject).where(m.Interaction.id == uuid.UUID(note))) \
                == "after the refused one"
            kept = connection.scalar(sa.select(sa.func.count()).select_from(m.SyncRejection)
                                     .where(m.SyncRejection.kind == "customer.edit"))
            assert kept == 1
            assert connection.scalar(sa.select(m.Customer.city).where(m.Customer.id == customer)) != "x" * 300
        with desk.store.reader() as session:  # the desk shows the server's value again
            qtbot.waitUntil(lambda: session.scalar(sa.select(m.Customer.city).where(m.Customer.id == customer))
                            != "x" * 300, timeout=WAIT_MS)
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
        dialog = indicator.findChild(RejectedDialog) or next(
            w for w in indicator.window().findChildren(RejectedDialog))
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 0).text() == "A change to a customer's details"
        assert "value too long" in dialog.table.item(0, 2).text() or "22001" in dialog.table.item(0, 2).text()
        dialog.close()
    finally:
        worker.stop()
        runner.close()


@pytest.mark.postgres
def test_a_family_number_is_held_whole_so_an_offline_pop_offers_the_choice(desk: OfflineDesk) -> None:
    (e164, first), (_other, second) = _numbers(desk.owner, 2)
    with Session(desk.owner) as session, session.begin():  # the second customer shares the first's number
        session.add(m.CustomerPhone(customer_id=second, e164=e164, kind="mobile", is_primary=False))
    desk.fetch([first])  # a pop, a callback... brought the first one
    assert desk.store.holds(first) and desk.store.holds(second)
    desk.link.set(False)
    lookup = desk.pop(e164)
    assert lookup.profile is None and sorted(c.id for c in lookup.matches) == sorted([first, second])


@pytest.mark.postgres
def test_a_server_restored_with_work_queued_gets_the_work_again(desk: OfflineDesk) -> None:
    (_e164, customer), = _numbers(desk.owner, 1)
    engine = desk.sync_engine()

    def note(subject: str) -> uuid.UUID:
        key = new_id()
        desk.store.write("note.add", {"id": str(key), "customer_id": str(customer), "subject": subject,
                                      "at": datetime.now(UTC).isoformat()})
        return key

    before = note("before the backup")
    engine.sync_once()
    after = note("after the backup")
    engine.sync_once()
    # The server is restored from a backup taken between the two notes: the second is gone,
    # the desk's number with it, and the server has a new identity.
    with desk.owner.begin() as connection:
        connection.execute(sa.delete(m.Interaction).where(m.Interaction.id == after))
        connection.execute(sa.delete(m.SyncMutation).where(m.SyncMutation.client_id == desk.store.client_id,
                                                           m.SyncMutation.seq > 1))
        connection.execute(sa.update(m.SyncClient).where(m.SyncClient.client_id == desk.store.client_id)
                           .values(last_seq=1))
        connection.execute(sa.update(m.SyncIncarnation).values(incarnation=uuid.uuid4()))
    queued = note("queued while the server was down")
    report = engine.sync_once()
    assert report.resynced
    with desk.owner.connect() as connection:
        subjects = dict(connection.execute(sa.select(m.Interaction.id, m.Interaction.subject)
                                           .where(m.Interaction.id.in_([before, after, queued]))).all())
    assert subjects == {before: "before the backup", after: "after the backup",
                        queued: "queued while the server was down"}
    assert desk.store.pending_count() == 0
