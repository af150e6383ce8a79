"""Issue 11, item 5 (the app's side): team leads see their team's audit trail in the app,
admins everyone's; the screen filters by person, dates (Israel days) and text, shows Israel
time, and holds no session (it is given a loader)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QDate, Qt
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.desk import Desk
from agent_desk.security.audit_read import AuditFilter, AuditRow, audit_people, recent_audit
from agent_desk.security.sensitive import reveal_national_id
from agent_desk.ui.audit_view import AuditView
from agent_desk.ui.tasks import TaskRunner
from tests.conftest import AS_OF

WAIT_MS = 30_000
TODAY = QDate(2026, 11, 25)


def _row(minutes_ago: int, who: str = "Dana Levi", action: str = "update", **more) -> AuditRow:
    base = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    values = {"id": uuid.uuid4(), "occurred_at": base - timedelta(minutes=minutes_ago), "actor_id": uuid.uuid4(),
              "who": who, "action": action, "entity_type": "retention_calls", "entity_id": uuid.uuid4().hex,
              "changed": ("status",), "where": "10.1.2.3/32, agent-desk"}
    values.update(more)
    return AuditRow(**values)


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.close()


def test_the_screen_shows_israel_time_who_what_where_and_asks_with_its_filters(qtbot, runner) -> None:
    asked: list[AuditFilter] = []
    dana, avi = uuid.uuid4(), uuid.uuid4()
    rows = [_row(0), _row(5, "Avi Cohen", "national_id.revealed", entity_type="customers", changed=(),
                         details={"reason": "Verifying the caller's identity"}, where="")]

    def load(wanted: AuditFilter) -> list[AuditRow]:
        asked.append(wanted)
        return [r for r in rows if wanted.text is None or wanted.text.lower() in r.who.lower()]

    view = AuditView(runner, load, lambda: [(dana, "Dana Levi"), (avi, "Avi Cohen")], today=TODAY)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.start()
    qtbot.waitUntil(lambda: runner.pending == 0)
    model = view.model
    assert model.rowCount() == 2
    # 10:00 UTC on 25/11 is 12:00 in Israel (winter time), whatever this computer's zone.
    assert model.data(model.index(0, 0)) == "25/11/2026 12:00"
    assert model.data(model.index(0, 1)) == "Dana Levi"
    assert model.data(model.index(0, 2)) == "Changed"
    assert "Call" in model.data(model.index(0, 3)) and "status" in model.data(model.index(0, 3))
    assert "10.1.2.3/32, agent-desk" in model.data(model.index(0, 4))
    assert model.data(model.index(1, 2)) == "Revealed an ID number"
    assert "Verifying the caller's identity" in model.data(model.index(1, 3))
    assert view.status.text() == "2 events"

    # The default window is the last seven Israel days, midnight to midnight Israel time.
    first = asked[-1]
    assert first.since == datetime(2026, 11, 18, 22, 0, tzinfo=UTC)  # 19/11 00:00 in Israel
    assert first.until == datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # 26/11 00:00 in Israel
    assert first.agent_id is None and first.text is None

    # One person.
    assert [view.person.itemText(i) for i in range(view.person.count())] == ["Everyone", "Dana Levi", "Avi Cohen"]
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.person.setCurrentIndex(2)
    assert asked[-1].agent_id == avi

    # Text: asked once typing pauses, not on every key.
    count = len(asked)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        qtbot.keyClicks(view.text, "avi")
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert len(asked) == count + 1 and asked[-1].text == "avi"
    assert model.rowCount() == 1 and model.data(model.index(0, 1)) == "Avi Cohen"

    # Dates the wrong way round are read as the range they mean.
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.since.setDate(QDate(2026, 11, 30))
    assert asked[-1].since == datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    assert asked[-1].until == datetime(2026, 11, 30, 22, 0, tzinfo=UTC)


def test_a_failed_load_says_so_in_plain_words(qtbot, runner) -> None:
    def load(_wanted: AuditFilter) -> list[AuditRow]:
        raise sa.exc.OperationalError("SELECT audit_events.id FROM audit_events", {}, Exception("connection refused"))

    view = AuditView(runner, load, today=TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=WAIT_MS):
        view.refresh()
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert view.status.text().startswith("The audit could not be loaded: ")
    assert "SELECT" not in view.status.text()


def test_the_table_model_follows_the_model_contract(qtmodeltester) -> None:
    from agent_desk.ui.audit_view import AuditModel

    model = AuditModel()
    model.set_rows([_row(n) for n in range(5)])
    qtmodeltester.check(model)


# --- reading the trail ----------------------------------------------------------------------


def _people(session: Session) -> tuple[m.Agent, m.Agent]:
    team = m.Team(name="North", callback_escalation_minutes=30)
    session.add(team)
    session.flush()
    dana = m.Agent(username="dana", display_name="Dana Levi", role="agent", team_id=team.id,
                   offer_authority=Decimal(100))
    avi = m.Agent(username="avi", display_name="Avi 100%_Cohen", role="agent", team_id=team.id,
                  offer_authority=Decimal(100))
    session.add_all([dana, avi])
    session.flush()
    return dana, avi


def test_recent_audit_filters_by_time_person_and_text_as_data(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    migrate.upgrade(engine)
    now = datetime.now(UTC)
    sqlite = engine.dialect.name == "sqlite"
    try:
        with Session(engine) as session, session.begin():
            dana, avi = _people(session)
            # Oldest first (PostgreSQL stamps them all with the transaction's time; the key
            # then orders them, newest last, as here).
            for n, (who, action) in enumerate([(avi, "call.submitted"), (dana, "national_id.revealed"),
                                               (avi, "call.amended"), (dana, "call.submitted")]):
                session.add(m.AuditEvent(occurred_at=now - timedelta(minutes=3 - n), actor_id=who.id, action=action,
                                         entity_type="retention_call", entity_id=str(uuid.uuid4()),
                                         details={"reason": "asked 50% off"} if n == 1 else {}))
                session.flush()
            if sqlite:  # the server would stamp it with now()
                session.add(m.AuditEvent(occurred_at=now - timedelta(days=30), actor_id=dana.id,
                                         action="call.submitted", entity_type="retention_call", entity_id="old",
                                         details={}))
            avi_id = avi.id
        day = {"since": now - timedelta(days=1), "until": now + timedelta(hours=1)}
        with Session(engine) as session:
            rows = recent_audit(session, **day)
            assert [r.action for r in rows] == ["call.submitted", "call.amended", "national_id.revealed",
                                                "call.submitted"], "newest first, nothing from outside the window"
            assert rows[0].who == "Dana Levi" and rows[1].who == "Avi 100%_Cohen"
            assert recent_audit(session, since=now - timedelta(days=3), until=now - timedelta(days=2)) == []
            assert [r.actor_id for r in recent_audit(session, agent_id=avi_id, **day)] == [avi_id, avi_id]
            assert [r.action for r in recent_audit(session, text="REVEALED", **day)] == ["national_id.revealed"]
            # Wildcards typed in the box are letters, not patterns.
            assert {r.actor_id for r in recent_audit(session, text="100%_", **day)} == {avi_id}
            assert [r.action for r in recent_audit(session, text="50% off", **day)] == ["national_id.revealed"]
            assert recent_audit(session, text="a%e", **day) == [], "% is not 'anything'"
            assert recent_audit(session, text="a_i", **day) == [], "_ is not 'any letter'"
            assert recent_audit(session, text="'; DROP TABLE audit_events; --", **day) == []
            assert len(recent_audit(session, limit=2, **day)) == 2
            assert [name for _id, name in audit_people(session)] == ["Avi 100%_Cohen", "Dana Levi"]
            assert session.scalar(sa.select(sa.func.count()).select_from(m.AuditEvent)) == (5 if sqlite else 4)
    finally:
        engine.dispose()


@pytest.fixture
def pg_demo(pg_desk_url: str) -> str:
    engine = make_engine(pg_desk_url, deadline=False)
    try:
        demo.generate(engine, 20, seed=3, as_of=AS_OF)
    finally:
        engine.dispose()
    return pg_desk_url


def _reveal_as(url: str, customer_id: uuid.UUID, reason: str) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            reveal_national_id(session, customer_id, reason)
    finally:
        engine.dispose()


def test_a_lead_sees_the_teams_audit_an_admin_all_an_agent_none(qtbot, runner, pg_demo: str, pg_login) -> None:
    north = pg_login(pg_demo, "dana", "agent", team="North", display_name="Dana North")
    south = pg_login(pg_demo, "yoni", "agent", team="South", display_name="Yoni South")
    lead = pg_login(pg_demo, "rina", "team_lead", team="North", display_name="Rina Lead")
    admin = pg_login(pg_demo, "adi", "admin", display_name="Adi Admin")
    owner = make_engine(pg_demo)
    with owner.connect() as connection:
        customer_id = connection.scalar(sa.select(m.Customer.id).order_by(m.Customer.account_number).limit(1))
    owner.dispose()
    _reveal_as(north, customer_id, "north asked")
    _reveal_as(south, customer_id, "south asked")

    now = datetime.now(UTC)
    window = {"since": now - timedelta(hours=1), "until": now + timedelta(hours=1)}

    def reasons(url: str) -> set[str]:
        engine = make_engine(url)
        try:
            with Session(engine) as session:
                return {r.details.get("reason") for r in recent_audit(session, **window)
                        if r.action == "national_id.revealed"}
        finally:
            engine.dispose()

    assert reasons(lead) == {"north asked"}, "a lead sees their team's audit only"
    assert reasons(admin) == {"north asked", "south asked"}
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        reasons(north)  # an agent reads no audit at all

    # The screen, as the lead, reading through a desk on the lead's own login.
    engine = make_engine(lead)
    try:
        view = AuditView(runner, Desk.on(engine).audit, today=QDate.currentDate())
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded, timeout=WAIT_MS) as loaded:
            view.start()
        qtbot.waitUntil(lambda: runner.pending == 0)
        texts = [view.model.data(view.model.index(r, c)) for r in range(view.model.rowCount()) for c in range(5)]
        assert loaded.args[0] >= 1
        assert "Dana North" in texts and "Yoni South" not in texts
        assert any("north asked" in t for t in texts) and not any("south asked" in t for t in texts)
        assert view.model.data(view.model.index(0, 0), Qt.ItemDataRole.DisplayRole)
    finally:
        engine.dispose()
    assert make_url(lead).username
