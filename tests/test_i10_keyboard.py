"""Issue 10, item 5: a keyboard map. Alt+letters are unique within each view (menus included),
in English and in Hebrew; F1 shows the map over the window and Esc closes it; the map on
screen and docs/keyboard.md come from one table; Tab steps over a table in one press."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ui import keymap
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.table_models import TimelineModel, make_table_view

WAIT_MS = 30_000
DOCS = Path(__file__).resolve().parents[1] / "docs" / "keyboard.md"


def _single_owner(url: str) -> str:
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        e164 = connection.scalar(sa.select(m.CustomerPhone.e164).where(m.CustomerPhone.e164.in_(owners))
                                 .order_by(m.CustomerPhone.e164).limit(1))
    engine.dispose()
    return e164


def _mid_call(open_desk, qtbot, url: str, language: str) -> MainWindow:
    window = open_desk(url, language)
    view = window.agent_view
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(_single_owner(url))  # mid-call: the script, offers and wrap-up are all built
    view.reason.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    return window


def _clashes(window: MainWindow) -> dict[str, dict[str, list[str]]]:
    found = {}
    for name, widget in (("agent", window.agent_view), ("lead", window.lead_view),
                         ("catalog", window.catalog_view)):
        clashes = keymap.clashes(widget, window.menuBar())
        if clashes:
            found[name] = clashes
    return found


def _say(found: dict[str, dict[str, list[str]]]) -> str:
    return "\n".join(f"{view}: {key} is claimed by {', '.join(owners)}"
                     for view, clashes in found.items() for key, owners in clashes.items())


@pytest.mark.parametrize("language", ["en", "he"])
def test_the_lead_and_catalog_views_and_the_history_tabs_clash_with_nothing(
        open_desk, qtbot, demo_db: str, language: str) -> None:
    window = _mid_call(open_desk, qtbot, demo_db, language)
    found = _clashes(window)
    claims = keymap.mnemonics(window.agent_view, window.menuBar())
    assert len(claims) >= 8, claims  # the enumeration sees the tabs, buttons, labels and menus
    ours = {owner for owners in keymap.mnemonics(window.agent_view.caller).values() for owner in owners}
    history = {key: owners for key, owners in found.get("agent", {}).items() if ours & set(owners)}
    assert not history, _say({"agent": history})
    assert "lead" not in found and "catalog" not in found, _say(found)


@pytest.mark.parametrize("language", ["en", "he"])
def test_every_views_alt_letters_are_unique(open_desk, qtbot, demo_db: str, language: str) -> None:
    found = _clashes(_mid_call(open_desk, qtbot, demo_db, language))
    assert not found, _say(found)


def test_f1_shows_the_map_over_the_window_and_esc_closes_it(open_desk, qtbot, demo_db: str) -> None:
    window = open_desk(demo_db, "en")
    window.agent_view.phone.setFocus()
    qtbot.keyClick(window.agent_view.phone, Qt.Key.Key_F1)
    overlay = window.keyboard_map
    assert overlay.isVisible()
    assert overlay.geometry() == window.rect()
    text = overlay.text.text()
    for binding in keymap.KEYS:
        assert keymap.key_text(binding.keys) in text and binding.action.split(" (")[0] in text.replace("&amp;", "&")
    qtbot.keyClick(QApplication.focusWidget() or overlay, Qt.Key.Key_Escape)
    assert not overlay.isVisible()


def test_the_map_follows_the_language(open_desk, qtbot, demo_db: str) -> None:
    window = open_desk(demo_db, "he")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    overlay = window.keyboard_map
    assert overlay.isVisible() and overlay.isRightToLeft()
    for area, key, action in overlay.rows():
        assert area and action and key
        assert action in overlay.text.text() or html.escape(action) in overlay.text.text()
    qtbot.keyClick(overlay, Qt.Key.Key_F1)
    assert not overlay.isVisible()


def test_docs_keyboard_md_is_the_map() -> None:
    assert DOCS.read_text(encoding="utf-8") == keymap.markdown(), \
        "docs/keyboard.md is out of date: python -m agent_desk.ui.keymap > docs/keyboard.md"


def test_tab_steps_over_a_table_in_one_press(qtbot) -> None:
    page = QWidget()
    before, after = QLineEdit(), QPushButton("after")
    table = make_table_view(TimelineModel())
    layout = QVBoxLayout(page)
    for widget in (before, table, after):
        layout.addWidget(widget)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
