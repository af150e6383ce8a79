"""The lead console through the real main window (issues 13, 11 item 5 and 15 item 2): the
team lead's Call log, Dashboards and Audit tabs, the agent's My reviews and the admin's
import screen are reached by keyboard, work through the desk, and follow the person's role.

On PostgreSQL each person is their own login (``as_person`` / ``pg_login``); the embedded
file is one local user (the demo's first lead and first agent).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.coaching import Coaching
from agent_desk.data import call_log as cl
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.desk import Desk
from agent_desk.ui.main_window import MainWindow
from tests.test_i13_approvals_live import plain
from tests.test_i13_call_log import CallLogWorld, build_world
from tests.test_i13_coaching_rls import GOOD, _desk, build_floor
from tests.test_i15_import import GOOD as GOOD_ROWS
from tests.test_i15_import import _files

WAIT_MS = 30_000
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
APPROVED_WHY = "Nine years with us; the offer is worth it"


def press(window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the window system delivers it (through the window's shortcut map)."""
    QTest.keyClick(window.windowHandle(), key, modifier)


def idle(window: MainWindow) -> bool:
    return window.runner.pending == 0


@pytest.fixture
def console(any_db_url: str, as_person):
    """The call log's world (two teams, 250 calls) with an approval decided on call 27 (Avi's,
    team North, cancelled, a new address captured); the URL the lead Lea signs in with."""
    world = build_world(any_db_url)
    with Session(world.engine) as session, session.begin():
        call = session.get_one(m.RetentionCall, world.calls[27])
        session.add(m.ApprovalRequest(call_id=call.id, offer_id=world.offer, requested_by=call.agent_id,
                                      team_id=world.team_a, requested_at=call.started_at + timedelta(minutes=2),
                                      expires_at=call.started_at + timedelta(minutes=12),
                                      status=d.ApprovalStatus.APPROVED, decided_by=world.lead,
                                      decided_at=call.started_at + timedelta(minutes=3),
                                      decision_reason=APPROVED_WHY))
    yield world, as_person(any_db_url, "lead")
    world.engine.dispose()


def _counts(window: MainWindow) -> dict[str, int]:
    model = window.lead_view.disposition_model
    return {model.row_at(r).code: model.row_at(r).calls for r in range(model.rowCount())}


def test_a_lead_pages_the_call_log_reads_a_call_and_the_correction_counts_in_the_results(
        open_desk, qtbot, console: tuple[CallLogWorld, str]) -> None:
    world, url = console
    window = open_desk(url, "en", "lead")
    lead = window.lead_view
    qtbot.waitUntil(lambda: sum(_counts(window).values()) > 0, timeout=WAIT_MS)
    before = _counts(window)
    team_calls = len([i for i in range(len(world.calls)) if i % 3 != 2])  # Avi's and Bella's
    assert sum(before.values()) == team_calls  # the lead's team, not the other one

    # Alt+2: the call log, a page at a time as the lead scrolls.
    press(window, Qt.Key.Key_2, ALT)
    log = lead.call_log
    assert lead.tabs.currentWidget() is log
    model = log.model
    qtbot.waitUntil(lambda: model.rowCount() == cl.PAGE_SIZE and not model.busy, timeout=WAIT_MS)
    assert model.has_more and log.status.text() == f"{cl.PAGE_SIZE} calls shown; scroll down for more"
    log.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == team_calls and not model.busy, timeout=WAIT_MS)
    assert log.status.text() == f"{team_calls} calls, all shown"
    assert {model.entry_at(r).agent_name for r in range(model.rowCount())} == {"Avi Cohen", "Bella Levi"}

    # Enter on call 27: its detail, with the approval asked on it and the address captured.
    row = model.row_of(world.calls[27])
    log.table.setFocus()
    log.table.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(log.table, Qt.Key.Key_Return)
    detail = log.detail
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.entry.id == world.calls[27], timeout=WAIT_MS)
    assert log.stack.currentWidget() is detail and detail.isVisible()
    approvals = detail.approvals_model
    assert approvals.rowCount() == 1
    assert [approvals.index(0, c).data() for c in (2, 3, 4)] == ["Approved", "Lea Lead", APPROVED_WHY]
    assert plain(detail.captured.text()) == "Captured: New address: Herzl 1, Haifa"
    assert "Dana Katz" in plain(detail.title.text()) and "outcome: Cancelled" in plain(detail.summary.text())

    # The lead corrects it (a reason is required), and goes back to the same line.
    detail.field.setCurrentIndex(detail.field.findData("outcome"))
    detail.value.setCurrentIndex(detail.value.findData("saved_with_offer"))
    qtbot.keyClicks(detail.why, "She took the discount at the end of the call")
    with qtbot.waitSignal(detail.corrected, timeout=WAIT_MS):
        qtbot.keyClick(detail.why, Qt.Key.Key_Return)
    assert detail.corrections_model.rowCount() == 1
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    assert log.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: model.index(row, 4).data() == "Saved with an offer (corrected)", timeout=WAIT_MS)

    # Results (Alt+1), read again (F5): the call counts under its corrected outcome.
    press(window, Qt.Key.Key_1, ALT)
    assert lead.tabs.currentWidget() is lead.results_page
    press(window, Qt.Key.Key_F5)
    expected = {**before, "cancelled": before["cancelled"] - 1, "saved_with_offer": before["saved_with_offer"] + 1}
    qtbot.waitUntil(lambda: _counts(window) == expected, timeout=WAIT_MS)
    corrected = [lead.log_model.row_at(r) for r in range(lead.log_model.rowCount())
                 if lead.log_model.row_at(r).correction_reason]
    assert [(c.disposition_en, c.corrected_en) for c in corrected] == [("Cancelled", "Saved with an offer")]
    qtbot.waitUntil(lambda: idle(window), timeout=WAIT_MS)


def test_the_overview_counts_a_corrected_call_under_its_corrected_outcome(console) -> None:
    world, url = console
    engine = make_engine(url)
    try:
        desk = Desk.on(engine)
        desk = desk.as_user(desk.start_up("lead").lead)
        before = {c.code: c.calls for c in desk.lead_overview().by_disposition}
        desk.call_log().correct(world.calls[27], "outcome", "saved_with_offer", "Took the discount after all")
        after = desk.lead_overview()
    finally:
        engine.dispose()
    counts = {c.code: c.calls for c in after.by_disposition}
    assert counts == {**before, "cancelled": before["cancelled"] - 1,
                      "saved_with_offer": before["saved_with_offer"] + 1}
    assert after.calls == sum(before.values())  # moved, not added


def test_a_lead_opens_the_dashboards_and_exports_a_table(open_desk, qtbot, console, tmp_path: Path) -> None:
    world, url = console
    window = open_desk(url, "en", "lead")
    lead = window.lead_view
    boards = lead.dashboards
    with qtbot.waitSignal(boards.loaded, timeout=WAIT_MS) as loaded:
        press(window, Qt.Key.Key_3, ALT)
    assert lead.tabs.currentWidget() is lead.dashboards_page
    team_calls = len([i for i in range(len(world.calls)) if i % 3 != 2])
    board = loaded.args[0]
    assert sum(t.calls for t in board.calls.totals) == team_calls
    page = boards.pages["save_rate"]
    assert page.model.rowCount() > 0 and boards.status.text().startswith(f"{team_calls} calls; save rate")
    qtbot.waitUntil(lambda: boards.funnel.version_a.count() == 1, timeout=WAIT_MS)  # the world's one script

    target = tmp_path / "save-rate.xlsx"
    page.buttons.ask_path = lambda _parent, _suggested, _formats: target
    with qtbot.waitSignal(page.buttons.exported, timeout=WAIT_MS):
        qtbot.mouseClick(page.buttons.xlsx_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("From", "Group", "Calls", "Saves", "Save rate")
    assert len(rows) == page.model.rowCount() + 1 and sum(r[2] for r in rows[1:]) == team_calls
    shown = page.model.rowCount()
    assert boards.status.text() == f"Exported {shown} row{'s' * (shown != 1)} to \u2066save-rate.xlsx\u2069."
    qtbot.waitUntil(lambda: idle(window), timeout=WAIT_MS)


def test_the_lead_views_tabs_answer_to_alt_digits_and_f5(open_desk, qtbot, tmp_path: Path) -> None:
    world = build_world(f"sqlite:///{tmp_path / 'tabs.sqlite3'}", calls=30)
    try:
        window = open_desk(world.url, "en", "lead")
        lead = window.lead_view
        for key, page in ((Qt.Key.Key_5, lead.audit), (Qt.Key.Key_4, lead.coaching_page),
                          (Qt.Key.Key_2, lead.call_log), (Qt.Key.Key_3, lead.dashboards_page),
                          (Qt.Key.Key_1, lead.results_page)):
            press(window, key, ALT)
            assert lead.tabs.currentWidget() is page
        qtbot.waitUntil(lambda: idle(window), timeout=WAIT_MS)
        # The audit tab: the lead's own correction, just made, is on it after F5.
        lead_desk = lead.desk
        assert lead_desk is not None
        lead_desk.call_log().correct(world.calls[0], "competitor", "Partner", "Named on the call")
        press(window, Qt.Key.Key_5, ALT)
        press(window, Qt.Key.Key_F5)
        audit = lead.audit
        qtbot.waitUntil(lambda: any(audit.model.row_at(r).action == "call.corrected"
                                    for r in range(audit.model.rowCount())), timeout=WAIT_MS)
        assert audit.person.count() == 4  # everyone, and the lead's team: Lea, Avi, Bella
        qtbot.waitUntil(lambda: idle(window), timeout=WAIT_MS)
    finally:
        world.engine.dispose()


@pytest.mark.postgres
def test_leads_see_their_teams_audit_and_admins_everyones(open_desk, qtbot, pg_desk_url: str, pg_login) -> None:
    dana = pg_login(pg_desk_url, "dana", "agent", team="North", display_name="Dana North")
    yoni = pg_login(pg_desk_url, "yoni", "agent", team="South", display_name="Yoni South")
    rina = pg_login(pg_desk_url, "rina", "team_lead", team="North", display_name="Rina Lead")
    adi = pg_login(pg_desk_url, "adi", "admin", display_name="Adi Admin")
    owner = make_engine(pg_desk_url)
    with Session(owner) as session, session.begin():
        customer = m.Customer(account_number="4411", first_name="Rachel", last_name="Cohen",
                              national_id="123456782", customer_since=date(2019, 5, 1))
        session.add(customer)
        session.flush()
        customer_id = customer.id
    owner.dispose()
    for url, why in ((dana, "north asked"), (yoni, "south asked")):
        engine = make_engine(url)
        try:
            Desk.on(engine).reveal_national_id(customer_id, why)
        finally:
            engine.dispose()

    def reasons(url: str) -> set[str]:
        window = open_desk(url, "en", "lead")
        audit = window.lead_view.audit
        with qtbot.waitSignal(audit.loaded, timeout=WAIT_MS):
            press(window, Qt.Key.Key_5, ALT)
        qtbot.waitUntil(lambda: idle(window), timeout=WAIT_MS)
        texts = {audit.model.data(audit.model.index(r, 3)) for r in range(audit.model.rowCount())}
        window.shutdown()
        return {why for why in ("north asked", "south asked") if any(why in plain(t or "") for t in texts)}

    assert reasons(rina) == {"north asked"}
    assert reasons(adi) == {"north asked", "south asked"}


def test_an_agent_answers_a_review_in_my_reviews(open_desk, qtbot, any_db_url: str, as_person) -> None:
    ids = build_floor(any_db_url)
    lea_url, dana_url = as_person(any_db_url, "lea"), as_person(any_db_url, "dana")
    lea, lea_engine = _desk(lea_url, "lea") if lea_url == any_db_url else _desk(lea_url)
    try:
        Coaching(lea).save_review(ids["call_dana"], GOOD, "Offer the bundle earlier")
    finally:
        lea_engine.dispose()
    window = open_desk(dana_url, "en")
    assert window.user is not None and window.user.display_name == "Dana Cohen"
    press(window, Qt.Key.Key_7, CTRL)
    mine = window.reviews_view
    assert window.views.currentWidget() is mine and window.reviews_action.isChecked()
    qtbot.waitUntil(lambda: mine.title.text() == "My reviews: 1 waiting for your answer", timeout=WAIT_MS)
    assert "Score 83 / 100 by Lea Shapira" in plain(mine.text.toPlainText())
    qtbot.keyClicks(mine.comment, "Thanks, noted")
    with qtbot.waitSignal(mine.answered, timeout=WAIT_MS):
        qtbot.mouseClick(mine.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: mine.model.rowCount() == 1 and mine.model.row_at(0).status == "acknowledged",
                    timeout=WAIT_MS)
    assert mine.title.text() == "My reviews: 0 waiting for your answer"
    if any_db_url.startswith("postgresql"):
        # An agent on the shared server has no lead view and no import screen.
        assert not window.lead_action.isEnabled() and not window.import_action.isEnabled()
        press(window, Qt.Key.Key_8, CTRL)
        assert window.views.currentWidget() is mine
        assert window.statusBar().currentMessage() == "Importing customers is for admins."
    qtbot.waitUntil(lambda: idle(window), timeout=WAIT_MS)


@pytest.mark.postgres
def test_an_admin_imports_from_the_import_screen_and_a_lead_may_not(open_desk, qtbot, pg_desk_url: str, pg_login,
                                                                     tmp_path: Path) -> None:
    admin = pg_login(pg_desk_url, "adi", "admin", display_name="Adi Admin")
    lead = pg_login(pg_desk_url, "rina", "team_lead", team="North", display_name="Rina Lead")
    export, _mapping = _files(tmp_path, GOOD_ROWS)

    window = open_desk(lead, "en")
    assert window.lead_action.isEnabled() and not window.import_action.isEnabled()
    press(window, Qt.Key.Key_8, CTRL)
    assert window.views.currentWidget() is not window.import_view
    assert window.statusBar().currentMessage() == "Importing customers is for admins."
    window.shutdown()

    window = open_desk(admin, "en")
    press(window, Qt.Key.Key_8, CTRL)
    screen = window.import_view
    assert window.views.currentWidget() is screen and window.import_action.isChecked()
    screen.kind.setCurrentIndex(screen.kind.findData("customers"))
    screen.file.setText(str(export))  # as the file dialog leaves it
    screen.mapping.setText(str(tmp_path / "crm.toml"))
    with qtbot.waitSignal(screen.finished, timeout=WAIT_MS) as checked:
        qtbot.mouseClick(screen.dry_run_button, Qt.MouseButton.LeftButton)
    assert checked.args[0].dry_run and checked.args[0].inserted == 2
    seen: list[int] = []
    screen.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(screen.finished, timeout=WAIT_MS) as imported:
        qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert (imported.args[0].inserted, imported.args[0].rejected) == (2, 0)
    assert screen.progress.value() == 100 and seen[-1] == 100
    assert screen.status.text() == "Import finished: 2 rows read, 2 added, 0 updated, 0 rejected."
    owner = make_engine(pg_desk_url)
    with owner.connect() as connection:
        refs = set(connection.scalars(sa.select(m.Customer.external_ref).where(m.Customer.external_ref.is_not(None))))
    owner.dispose()
    assert refs == {"C001", "C002"}


@pytest.mark.postgres
def test_the_call_log_and_dashboards_read_the_replica_and_corrections_the_primary(pg_replica) -> None:
    from agent_desk.data import migrate
    from agent_desk.data.dashboards import DashboardFilter
    from agent_desk.security import admin as people
    from agent_desk.security import roles
    from agent_desk.settings import Settings
    from tests.test_i13_replica import _until

    database = f"lead_{uuid.uuid4().hex[:8]}"
    superuser = make_engine(pg_replica.primary_url(), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
    superuser.dispose()
    world = build_world(pg_replica.primary_url(database), calls=30)
    login = f"lea_{uuid.uuid4().hex[:6]}"
    with world.engine.begin() as connection:
        people.create_user(connection, login, roles.role_from_text("lead"), "a-Password-9", team="North",
                           display_name="Lea Lead")
    assert migrate.schema_state(world.engine).is_current
    lea_url = sa.engine.make_url(pg_replica.primary_url(database)).set(username=login, password="a-Password-9")
    replica = sa.engine.make_url(pg_replica.replica_url(database)).set(username=None)
    primary = make_engine(lea_url.render_as_string(hide_password=False))
    standby_admin = make_engine(pg_replica.replica_url(database), isolation_level="AUTOCOMMIT")
    desk = Desk.on(primary)
    try:
        assert desk.open_reports(Settings(report_db_url=replica.render_as_string(hide_password=False)))
        desk = desk.as_user(desk.start_up().lead)
        assert desk.reports is not None and desk.user is not None and desk.user.username == login
        log, boards = desk.call_log(), desk.dashboards()
        everything = cl.CallFilter()
        _until(lambda: len(log.page(everything, limit=100).rows) == 20)  # the team's calls, replayed
        today = world.now.astimezone(cl.ISRAEL).date()
        window = DashboardFilter(today - timedelta(days=2), today)

        # Replay paused: a call written on the primary is not in the pages or the figures yet,
        # but the lead's own correction shows at once (a call's line and detail read the primary).
        with standby_admin.connect() as connection:
            connection.exec_driver_sql("SELECT pg_wal_replay_pause()")
        try:
            with Session(world.engine) as session, session.begin():
                late = m.RetentionCall(agent_id=world.agents["avi"], started_at=world.now - timedelta(minutes=1),
                                       disposition_code="saved", submitted_at=world.now)
                session.add(late)
                session.flush()
                late_id = late.id
            assert late_id not in {r.id for r in log.page(everything, limit=100).rows}
            assert sum(t.calls for t in boards.dashboard(window).calls.totals) == 20
            assert log.entry(late_id) is not None
            corrected = log.correct(world.calls[0], "outcome", "cancelled", "Cancelled at the end")
            assert corrected is not None and corrected.entry.outcome == "cancelled"
            assert log.entry(world.calls[0]).outcome == "cancelled"
            _until(lambda: desk.report_lag().lag is not None and desk.report_lag().lag > timedelta(0))
        finally:
            with standby_admin.connect() as connection:
                connection.exec_driver_sql("SELECT pg_wal_replay_resume()")
        _until(lambda: late_id in {r.id for r in log.page(everything, limit=100).rows})
        assert sum(t.calls for t in boards.dashboard(window).calls.totals) == 21
        with pytest.raises(sa.exc.DBAPIError, match="read-only"), desk.reports() as session, session.begin():
            session.add(m.Team(name="never written"))
    finally:
        desk.close_reports()
        standby_admin.dispose()
        primary.dispose()
        world.engine.dispose()


def test_a_letter_may_come_back_on_another_tab_but_not_beside_itself(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout, QWidget

    from agent_desk.ui import keymap

    root = QWidget()
    qtbot.addWidget(root)
    tabs = QTabWidget()
    first, second = QWidget(), QWidget()
    QVBoxLayout(first).addWidget(QPushButton("&Apply"))
    QVBoxLayout(second).addWidget(QPushButton("&Add"))  # another tab: never on screen with Apply
    tabs.addTab(first, "&Filters")
    tabs.addTab(second, "&More")
    layout = QVBoxLayout(root)
    layout.addWidget(tabs)
    assert keymap.clashes(root) == {}
    layout.addWidget(QPushButton("&Forward"))  # beside the tab bar, always on screen with it
    second.layout().addWidget(QPushButton("A&dd more"))
    first.layout().addWidget(QPushButton("&Again"))  # the same page as Apply
    found = {key: sorted(owners) for key, owners in keymap.clashes(root).items()}
    assert found == {"Alt+F": ["QPushButton “Forward”", "QTabBar qt_tabwidget_tabbar “Filters”"],
                     "Alt+A": ["QPushButton “Again”", "QPushButton “Apply”"]}
