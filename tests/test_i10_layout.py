"""Issue 10, item 4: the window fits a 1366×768 laptop (it used to open at 1400×900, with End
call and Submit off-screen) in English and Hebrew, with a call on screen too (the script with
its offers, the Offers tab, the wrap-up with each of its boxes) and on every view: nothing
cut off, no sideways scrolling; and it remembers its size, position and splitters across
starts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTabBar,
    QWidget,
)

from agent_desk.ui import main_window
from agent_desk.ui.main_window import MainWindow
from tests.callers import single_owner_number

WAIT_MS = 30_000
LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel task bar


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> QRect:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))
    return LAPTOP


@pytest.mark.parametrize("language", ["en", "he"])
def test_the_window_opens_within_a_1366x768_screen(open_desk, laptop, qtbot, demo_db: str, language: str) -> None:
    window = open_desk(demo_db, language)
    room = laptop.size() - main_window.FRAME_ALLOWANCE
    assert window.width() <= room.width() and window.height() <= room.height()
    assert laptop.contains(window.geometry())
    # Nothing is cut off: every view's smallest workable size fits in the window.
    for view_name in ("agent", "lead", "catalog"):
        window.show_view(view_name)
        hint = window.minimumSizeHint()
        assert hint.width() <= room.width() and hint.height() <= room.height(), (view_name, hint)


def _cut_off(window: MainWindow, where: str) -> list[str]:
    """What a person would find cut off or scrolling sideways on the view now on screen."""
    QApplication.processEvents()  # the layouts settle
    room = LAPTOP.size() - main_window.FRAME_ALLOWANCE
    problems = []
    hint = window.minimumSizeHint()
    if hint.width() > room.width() or hint.height() > room.height():
        problems.append(f"{where}: the window needs {hint.width()}×{hint.height()}")
    view = window.views.currentWidget()
    for area in view.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            problems.append(f"{where}: {type(area).__name__} {area.objectName()} in "
                            f"{area.parentWidget().objectName()} scrolls sideways")
    for widget in view.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QLabel | QLineEdit | QComboBox | QAbstractSpinBox) \
                or not widget.isVisible() or widget.width() == 0:
            continue
        if isinstance(widget.parentWidget(), QLineEdit | QTabBar | QAbstractSpinBox):
            continue  # a line edit's clear button, a tab bar's arrows: Qt's own parts
        name = f"{type(widget).__name__} {widget.objectName()} \u201c{getattr(widget, 'text', str)()[:30]}\u201d"
        if isinstance(widget, QAbstractButton) and widget.width() < widget.sizeHint().width():
            problems.append(f"{where}: {name} is squeezed ({widget.width()} < {widget.sizeHint().width()})")
        # A line of text narrower than its text (a label that wraps has room below).
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() \
                and widget.width() < widget.minimumSizeHint().width():
            problems.append(f"{where}: {name} is squeezed ({widget.width()} < {widget.minimumSizeHint().width()})")
        area = _scrolled_by(widget)
        # Inside a scroll area only the sides count (up and down it scrolls); elsewhere the window's edges.
        frame = area.viewport() if area is not None else window
        box = QRect(widget.mapTo(frame, QPoint(0, 0)), widget.size())
        inside = frame.rect()
        if box.left() < inside.left() or box.right() > inside.right() or \
                (area is None and (box.top() < inside.top() or box.bottom() > inside.bottom())):
            problems.append(f"{where}: {name} is cut off at {box.getRect()} of {inside.getRect()}")
    return problems


def _scrolled_by(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


@pytest.mark.parametrize("language", ["en", "he"])
def test_every_view_fits_a_1366x768_screen_with_a_call_on_screen(open_desk, laptop, qtbot, demo_db: str,
                                                                  language: str) -> None:
    window = open_desk(demo_db, language)
    view = window.agent_view
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(single_owner_number(demo_db))
    view.reason.setCurrentIndex(view.reason.findData("competitor"))
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    script = view.script
    for _ in range(12):  # to the step that makes offers, with the offers under it
        if script.runner.current.offer_kinds:
            break
        script.answer({"offer_details": 2}.get(script.runner.current.id, 0))
    qtbot.waitUntil(lambda: window.runner.pending == 0 and bool(view.inline_offers.cards), timeout=WAIT_MS)
    problems = _cut_off(window, "script")
    view.tools.setCurrentWidget(view.offers)
    problems += _cut_off(window, "offers")
    view.end_call()
    wrapup = view.wrapup
    for outcome in ("cancelled", "saved"):  # the cancellation box; the survey and referral box
        wrapup._select(wrapup.disposition, outcome)
        wrapup.callback.setChecked(outcome == "saved")
        problems += _cut_off(window, f"wrap-up ({outcome})")
    for n in range(window.views.count()):  # the other views, the call still on the desk
        page = window.views.widget(n)
        if page is not view:
            window.views.setCurrentWidget(page)
            problems += _cut_off(window, page.objectName() or type(page).__name__)
    assert not problems, "\n".join(problems)


def test_size_position_and_splitters_are_remembered(open_desk, laptop, qtbot, demo_db: str) -> None:
    window = open_desk(demo_db, view="lead")
    # The offscreen test screen is 800 pixels wide and narrower than the window's least width:
    # Qt's own restore clamps the width to it, so the height tells whether the size came back.
    window.resize(window.width(), 610)
    splitter = window.lead_view.findChild(QSplitter, "leadSplitter")
    splitter.setSizes([120, 400])
    kept = splitter.sizes()
    window.close()  # saves on the way out
    again = open_desk(demo_db, view="lead")
    assert again.height() == 610
    assert again.lead_view.findChild(QSplitter, "leadSplitter").sizes() == kept


def test_a_remembered_size_larger_than_this_screen_is_cut_to_fit(open_desk, laptop, monkeypatch, qtbot,
                                                                  demo_db: str) -> None:
    window = open_desk(demo_db)
    window.resize(1300, 700)
    window.close()
    # The next start is on a smaller screen.
    small = QRect(0, 0, 1280, 680)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(small))
    again = open_desk(demo_db)
    room = small.size() - main_window.FRAME_ALLOWANCE
    assert again.width() <= max(room.width(), again.minimumSizeHint().width())
    assert again.height() <= room.height()
