"""The dashboards and the funnel on screen, driven like a team lead: pick a range and the lines,
read the figures in the tables and on the charts, compare two script versions, export a table
to CSV and to Excel (right to left in Hebrew)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agent_desk.data import dashboards as db
from agent_desk.ui.dashboard_view import DashboardView, ExportButtons
from agent_desk.ui.tasks import TaskRunner
from tests.test_i13_dashboards import RANGE, SUN1, History, build_history


@pytest.fixture
def history(tmp_path: Path):
    made = build_history(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    yield made
    made.engine.dispose()


@pytest.fixture
def view(qtbot, history: History):
    runner = TaskRunner()
    shown = DashboardView(runner)
    qtbot.addWidget(shown)
    shown.resize(1366, 700)
    shown.set_range(RANGE.date_from, RANGE.date_to)
    shown.show()
    yield shown
    runner.close()


def _cells(view, name: str) -> list[list[str]]:
    model = view.pages[name].model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _show(qtbot, view: DashboardView, history: History, dimension: db.Dimension = db.Dimension.ALL) -> None:
    view.dimension.setCurrentIndex(view.dimension.findData(dimension.value))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        if view.source is None:
            view.set_source(history.service(team=history.north))
        else:
            qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)


def test_the_dashboard_shows_the_figures(qtbot, qtmodeltester, view, history) -> None:
    _show(qtbot, view, history)
    # The North team, week of 1 November: calls 1, 2 and 3 (3 corrected to a save).
    rows = _cells(view, "save_rate")
    assert rows[0][0] == "01/11/2026"
    assert rows[0][2:] == ["3", "2", f"{66.7:.1f}%"]
    qtmodeltester.check(view.pages["save_rate"].model)
    assert view.status.text().startswith("5 calls")
    handle = _cells(view, "handle_time")
    assert handle[0][3:] == ["7.2", "1.3"]  # minutes: (300+600+400)/3 s, (60+120+60)/3 s
    kept = _cells(view, "saves_kept")
    assert [r[2:5] for r in kept] == [["2", "1", "1"], ["1", "1", "0"]]
    offers = _cells(view, "offer_value")
    assert any(r[1] == "Discount" and r[2] == "1" for r in offers)
    assert _cells(view, "repeat_contacts")[0][1:3] == ["3", "1"]
    # Charts: a line on each line chart, bars for the offers.
    assert view.pages["save_rate"].chart.getPlotItem().listDataItems()
    assert view.pages["offer_value"].chart.getPlotItem().items

    _show(qtbot, view, history, db.Dimension.AGENT)
    lines = {r[1] for r in _cells(view, "save_rate")}
    assert lines == {"Avi Cohen", "בת-אל לוי"}
    assert len(view.pages["save_rate"].chart.getPlotItem().listDataItems()) == 2


def test_a_wrong_range_says_so_and_keeps_the_figures(qtbot, view, history) -> None:
    _show(qtbot, view, history)
    view.set_range(RANGE.date_to, RANGE.date_from)
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "The start date is after the end date."
    assert view.pages["save_rate"].model.rowCount() == 2


def test_the_funnel_compares_two_versions(qtbot, view, history) -> None:
    _show(qtbot, view, history)
    funnel = view.funnel
    view.tabs.setCurrentWidget(funnel)
    qtbot.waitUntil(lambda: funnel.version_b.count() == 2, timeout=10_000)
    funnel.select(history.v1, history.v2)
    with qtbot.waitSignal(funnel.compared, timeout=10_000):
        qtbot.mouseClick(funnel.compare_button, Qt.MouseButton.LeftButton)
    # North only: version 1 has calls 1, 2, 6 (one save); version 2 calls 3 and 4 (two saves).
    text = funnel.result.text()
    assert "\u200e+66.7\u200e points" in text
    assert "A: 1 of 3 calls saved; B: 2 of 2." in text
    assert "Not enough evidence" in text
    a = funnel.models["a"]
    rows = [[a.index(r, c).data() for c in range(a.columnCount())] for r in range(a.rowCount())]
    assert rows[0][:3] == ["greet", "", "3"]
    offer = next(i for i, r in enumerate(rows) if r[0] == "offer")
    assert rows[offer + 1][1:6] == ["decline", "2", "0", "2", "0.0%"]
    assert funnel.titles["b"].text() == "Price script v2: 2 calls, save rate 100.0%"
    assert funnel.chart.getPlotItem().items


def test_export_writes_csv_and_excel(qtbot, view, history, tmp_path) -> None:
    _show(qtbot, view, history, db.Dimension.AGENT)
    buttons: ExportButtons = view.pages["save_rate"].buttons
    target = {"path": tmp_path / "rates.csv"}
    buttons.ask_path = lambda parent, suggested, formats: target["path"]
    with qtbot.waitSignal(buttons.exported, timeout=10_000) as written:
        qtbot.mouseClick(buttons.csv_button, Qt.MouseButton.LeftButton)
    assert written.args[1] == view.pages["save_rate"].model.rowCount()
    with target["path"].open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["From", "Group", "Calls", "Saves", "Save rate"]
    assert ["01/11/2026", "בת-אל לוי", "1", "1", "1"] in rows
    assert "Exported" in view.status.text()

    app = QApplication.instance()
    before = app.property("agent_desk_language")
    app.setProperty("agent_desk_language", "he")  # an export from the Hebrew desk
    try:
        target["path"] = tmp_path / "rates.xlsx"
        with qtbot.waitSignal(buttons.exported, timeout=10_000):
            qtbot.mouseClick(buttons.xlsx_button, Qt.MouseButton.LeftButton)
    finally:
        app.setProperty("agent_desk_language", before)
    sheet = openpyxl.load_workbook(target["path"]).active
    assert sheet.sheet_view.rightToLeft
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + view.pages["save_rate"].model.rowCount()
    assert values[1][0].date() == SUN1 and values[1][2] >= 1


def test_over_the_row_limit_excel_turns_into_csv_with_a_message(qtbot, view, history, tmp_path,
                                                                 monkeypatch) -> None:
    from agent_desk import exports

    _show(qtbot, view, history, db.Dimension.AGENT)
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 2)
    buttons = view.pages["save_rate"].buttons
    asked = []

    def ask(parent, suggested, formats):
        asked.append((suggested, formats))
        return tmp_path / suggested

    buttons.ask_path = ask
    messages = []
    buttons.message.connect(messages.append)
    with qtbot.waitSignal(buttons.exported, timeout=10_000) as written:
        qtbot.mouseClick(buttons.xlsx_button, Qt.MouseButton.LeftButton)
    assert asked[0] == ("Save rate.csv", ("csv",))
    assert written.args[0].suffix == ".csv"
    assert messages[0].endswith("rows are more than an Excel sheet holds: export as CSV.")
