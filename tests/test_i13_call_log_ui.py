"""The call log browser driven like a team lead: the lazy table fetches more on scroll, the
filter bar applies on Enter, headers sort on the server, Enter opens a call's detail, the
correction editor saves (a reason required) and the list shows the corrected outcome."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from agent_desk.data import call_log as cl
from agent_desk.ui.call_log_view import SORT_COLUMNS, CallLogView
from agent_desk.ui.tasks import TaskRunner
from tests.test_i13_approvals_live import plain
from tests.test_i13_call_log import CallLogWorld, build_world

PAGE = 20


@pytest.fixture
def world(tmp_path: Path):
    built = build_world(f"sqlite:///{tmp_path / 'log.sqlite3'}")
    yield built
    built.engine.dispose()


@pytest.fixture
def log_view(qtbot, world: CallLogWorld):
    runner = TaskRunner()
    view = CallLogView(runner, page_size=PAGE)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    yield view
    runner.close()


def start(qtbot, view: CallLogView, service: cl.CallLogService) -> None:
    view.set_source(service)
    qtbot.waitUntil(lambda: view.model.rowCount() >= PAGE and not view.model.busy, timeout=10_000)
    qtbot.waitUntil(lambda: view.outcome.count() > 1, timeout=10_000)


def idle(view: CallLogView) -> bool:
    return view.runner.pending == 0


def test_the_model_passes_qt_checks_and_fetches_more_on_scroll(qtbot, qtmodeltester, log_view, world) -> None:
    start(qtbot, log_view, world.service(world.lead, world.team_a))
    model = log_view.model
    assert model.rowCount() == PAGE and model.has_more
    assert "scroll down for more" in log_view.status.text()
    qtmodeltester.check(model)
    # Scrolling to the end asks for the next page, off the GUI thread, and appends it.
    for pages in (2, 3):
        qtbot.waitUntil(lambda: not model.busy, timeout=10_000)
        log_view.table.scrollToBottom()
        qtbot.waitUntil(lambda n=pages: model.rowCount() >= n * PAGE, timeout=10_000)
    team_calls = len([i for i in range(len(world.calls)) if i % 3 != 2])
    while model.has_more:
        qtbot.waitUntil(lambda: not model.busy, timeout=10_000)
        shown = model.rowCount()
        log_view.table.scrollToBottom()
        qtbot.waitUntil(lambda n=shown: model.rowCount() > n or not model.has_more, timeout=10_000)
    qtbot.waitUntil(lambda: idle(log_view))
    assert model.rowCount() == team_calls
    ids = [model.entry_at(r).id for r in range(model.rowCount())]
    assert len(set(ids)) == team_calls  # every call once
    assert "all shown" in log_view.status.text()


def test_the_filter_bar_applies_on_enter(qtbot, log_view, world) -> None:
    start(qtbot, log_view, world.service(world.admin))
    log_view.outcome.setCurrentIndex(log_view.outcome.findData("cancelled"))
    log_view.text.setFocus()
    qtbot.keyClicks(log_view.text, "refund")
    qtbot.keyClick(log_view.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not log_view.model.busy and log_view.model.rowCount() > 0, timeout=10_000)
    rows = [log_view.model.entry_at(r) for r in range(log_view.model.rowCount())]
    assert rows and all(r.outcome == "cancelled" and "refund" in r.notes.lower() for r in rows)
    shown = log_view.model.index(0, 4).data()
    assert shown == "Cancelled"
    # A filter that cannot run says why and keeps what was typed.
    log_view.date_from.setDate(log_view.date_to.date().addDays(1))
    qtbot.keyClick(log_view.text, Qt.Key.Key_Return)
    assert log_view.status.text() == "The start date is after the end date."
    assert log_view.text.text() == "refund"


def test_a_header_click_sorts_the_whole_log_on_the_server(qtbot, log_view, world) -> None:
    start(qtbot, log_view, world.service(world.admin))
    header = log_view.table.horizontalHeader()
    column = SORT_COLUMNS[cl.SortKey.HANDLE_TIME]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + QPoint(header.sectionViewportPosition(column) + 5, 5))
    qtbot.waitUntil(lambda: log_view.model.sort_order.key is cl.SortKey.HANDLE_TIME
                    and not log_view.model.busy and log_view.model.rowCount() > 0, timeout=10_000)
    shown = [log_view.model.entry_at(r).handle_seconds for r in range(log_view.model.rowCount())]
    seconds = [-1 if s is None else s for s in shown]
    descending = log_view.model.sort_order.descending
    assert seconds == sorted(seconds, reverse=descending)
    # The first page starts at the extreme of the whole log, not of the rows loaded before.
    assert seconds[0] == (9 * 60 if descending else -1)
    server = world.service(world.admin).page(log_view.current_filter(), log_view.model.sort_order, None, PAGE)
    assert [log_view.model.entry_at(r).id for r in range(PAGE)] == [r.id for r in server.rows]
    assert log_view.model.index(0, column).data() == ("\u20669:00\u2069" if descending else "")
    # A column the server cannot sort keeps the order in force.
    before = log_view.model.sort_order
    log_view.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    assert log_view.model.sort_order == before
    assert header.sortIndicatorSection() == column


def test_enter_opens_the_call_and_a_correction_shows_in_the_list(qtbot, log_view, world) -> None:
    start(qtbot, log_view, world.service(world.lead, world.team_a))
    model = log_view.model
    # Call 27 of the world: Avi's (team North), cancelled, with a new address captured.
    row = model.row_of(world.calls[27])
    assert row is not None and row < PAGE
    call = model.entry_at(row)
    assert call.outcome == "cancelled"
    log_view.table.setFocus()
    log_view.table.selectRow(row)
    qtbot.keyClick(log_view.table, Qt.Key.Key_Return)
    detail = log_view.detail
    assert log_view.stack.currentWidget() is detail
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.entry.id == call.id, timeout=10_000)
    assert "Dana Katz" in detail.title.text()
    assert detail.path_model.rowCount() == 2
    assert detail.path_model.index(1, 3).data().strip("\u2066\u2069") == "0:40"
    assert plain(detail.captured.text()) == "Captured: New address: Herzl 1, Haifa"
    assert detail.notes.toPlainText() == call.notes

    # No reason, no correction: said at once, nothing sent.
    detail.field.setCurrentIndex(detail.field.findData("outcome"))
    detail.value.setCurrentIndex(detail.value.findData("saved_with_offer"))
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert detail.message.text() == "Write why the call is corrected."
    assert idle(log_view)
    with world.session() as session:
        assert cl.entry(session, call.id).corrections == 0

    qtbot.keyClicks(detail.why, "The customer took the discount after all")
    with qtbot.waitSignal(detail.corrected, timeout=10_000):
        qtbot.keyClick(detail.why, Qt.Key.Key_Return)
    assert detail.message.text() == "Correction saved."
    assert detail.corrections_model.rowCount() == 1
    assert detail.corrections_model.index(0, 1).data() == "Lea Lead"
    assert "(corrected)" in detail.summary.text()

    # Back (Esc) to the same row, which now shows the corrected outcome.
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    assert log_view.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: model.index(row, 4).data() == "Saved with an offer (corrected)", timeout=10_000)
    assert log_view.table.currentIndex().row() == row
    qtbot.waitUntil(lambda: idle(log_view))


def test_a_refused_correction_says_why_and_keeps_what_was_typed(qtbot, log_view, world) -> None:
    # An agent's desk (not a lead): the server side refuses, the editor keeps the text.
    start(qtbot, log_view, world.service(world.agents["bella"], world.team_a))
    log_view.table.setFocus()
    log_view.table.selectRow(0)
    qtbot.keyClick(log_view.table, Qt.Key.Key_Return)
    detail = log_view.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    detail.field.setCurrentIndex(detail.field.findData("competitor"))
    detail.value.setEditText("Partner")
    qtbot.keyClicks(detail.why, "Named a competitor")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.message.text().startswith("You may not correct"), timeout=10_000)
    assert detail.why.text() == "Named a competitor"
    qtbot.waitUntil(lambda: idle(log_view))


def test_saved_filters_from_the_bar(qtbot, log_view, world) -> None:
    start(qtbot, log_view, world.service(world.lead, world.team_a))
    log_view.reason.setCurrentIndex(log_view.reason.findData("moving"))
    qtbot.keyClicks(log_view.save_name, "Moving home")
    qtbot.mouseClick(log_view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: log_view.saved.findText("Moving home") >= 0, timeout=10_000)
    assert [s.name for s in world.service(world.lead).saved_filters()] == ["Moving home"]
    # Clearing the bar, then choosing the saved filter, brings it back and applies it.
    qtbot.mouseClick(log_view.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not log_view.model.busy, timeout=10_000)
    assert log_view.reason.currentData() is None
    log_view.saved.setCurrentIndex(log_view.saved.findText("Moving home"))
    log_view.saved.activated.emit(log_view.saved.currentIndex())
    assert log_view.reason.currentData() == "moving"
    qtbot.waitUntil(lambda: not log_view.model.busy and log_view.model.rowCount() > 0, timeout=10_000)
    assert {log_view.model.entry_at(r).reason for r in range(log_view.model.rowCount())} == {"moving"}
    qtbot.mouseClick(log_view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: log_view.saved.count() == 0, timeout=10_000)
    assert world.service(world.lead).saved_filters() == []
    qtbot.waitUntil(lambda: idle(log_view))


def test_the_default_range_is_the_last_30_israeli_days(log_view) -> None:
    flt = log_view.current_filter()
    assert flt.date_to - flt.date_from == timedelta(days=29)

