"""Issue 10, item 5: a keyboard map. Alt+letters are unique within each view of the main
window (menus included), in English and in Hebrew; every call action has a key (the offers on
the Offers tab, the objections, Cancel now, the replace bar, the callback bar, All offers);
F1 shows the map over the window and Esc closes it; the map on screen and docs/keyboard.md
come from one table; Tab steps over a table in one press."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ui import keymap
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.table_models import TimelineModel, make_table_view
from tests.callers import single_owner_number

WAIT_MS = 30_000
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
DOCS = Path(__file__).resolve().parents[1] / "docs" / "keyboard.md"


def _numbers(url: str, count: int) -> list[str]:
    """Numbers that one customer alone owns (a pop shows them at once, no chooser)."""
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        found = list(connection.scalars(sa.select(m.CustomerPhone.e164).where(m.CustomerPhone.e164.in_(owners))
                                        .order_by(m.CustomerPhone.e164).limit(count)))
    engine.dispose()
    return found


def _single_owner(url: str) -> str:
    return _numbers(url, 1)[0]


def _mid_call(open_desk, qtbot, url: str, language: str, reason: str | None = None) -> MainWindow:
    window = open_desk(url, language)
    view = window.agent_view
    # With a reason: a long-standing gold or platinum customer, who gets offers.
    caller = single_owner_number(url) if reason else _single_owner(url)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(caller)  # mid-call: the script, offers and wrap-up are all built
    view.reason.setCurrentIndex(view.reason.findData(reason) if reason else 1)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    return window


def _views(window: MainWindow) -> dict[str, QWidget]:
    """Every view of the main window: each page of its stack, a view added later included."""
    pages = [window.views.widget(n) for n in range(window.views.count())]
    named = {"agent": window.agent_view, "lead": window.lead_view, "catalog": window.catalog_view,
             "queue": window.queue_view, "referrals": window.referrals_view, "incidents": window.incident_view}
    assert set(named.values()) <= set(pages)
    others = {page.objectName() or type(page).__name__: page for page in pages if page not in named.values()}
    return {**named, **others}


def _clashes(window: MainWindow) -> dict[str, dict[str, list[str]]]:
    found = {}
    for name, widget in _views(window).items():
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


def _authority(url: str, amount: int) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.update(m.Agent).values(offer_authority=amount))
    engine.dispose()


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is now, sent to the window as the keyboard sends it (so
    Alt+letters reach the buttons that underline them)."""
    assert QApplication.focusWidget() is not None, "nothing has the keyboard"
    QTest.keyClick(QApplication.focusWidget().window().windowHandle(), key, modifier)


def test_the_offers_tab_answers_to_p_a_d_t_and_ctrl_arrows(open_desk, qtbot, demo_db: str) -> None:
    _authority(demo_db, 100_000)
    window = _mid_call(open_desk, qtbot, demo_db, "en", reason="competitor")
    view = window.agent_view
    panel = view.offers
    qtbot.waitUntil(lambda: len(panel.cards) >= 2, timeout=WAIT_MS)
    view.phone.setFocus()
    _press(qtbot, Qt.Key.Key_O, ALT)
    assert view.tools.currentWidget() is panel
    assert panel.isAncestorOf(QApplication.focusWidget()) or panel.hasFocus()
    assert panel.cards[0].property("chosen")
    _press(qtbot, Qt.Key.Key_Down, CTRL)
    second = panel.cards[1]
    assert panel.chosen == 1 and second.property("chosen") and not panel.cards[0].property("chosen")
    _press(qtbot, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: second.state == "presented", timeout=WAIT_MS)
    assert view.call.offer(second.ranked.offer.id).response == d.OfferResponse.OFFERED
    assert panel.cards[0].state == "new"  # the key acted on the chosen card only
    _press(qtbot, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: second.state == "declined", timeout=WAIT_MS)
    _press(qtbot, Qt.Key.Key_Up, CTRL)
    _press(qtbot, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: panel.cards[0].state == "presented", timeout=WAIT_MS)
    _press(qtbot, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: panel.cards[0].state == "accepted", timeout=WAIT_MS)
    assert view.call.accepted_offer.offer_id == panel.cards[0].ranked.offer.id


def test_the_team_lead_is_asked_with_t_on_the_offers_tab(open_desk, qtbot, demo_db: str) -> None:
    _authority(demo_db, 0)
    window = _mid_call(open_desk, qtbot, demo_db, "en", reason="competitor")
    view = window.agent_view
    panel = view.offers
    qtbot.waitUntil(lambda: bool(panel.cards), timeout=WAIT_MS)
    view.phone.setFocus()
    _press(qtbot, Qt.Key.Key_O, ALT)
    asked = next(n for n, card in enumerate(panel.cards) if card.can("ask"))
    for _ in range(asked):
        _press(qtbot, Qt.Key.Key_Down, CTRL)
    _press(qtbot, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: panel.cards[asked].state == "pending", timeout=WAIT_MS)
    assert view.call.waiting_for_lead


# The objection library is a popup menu: the offscreen test screen cannot grab the keyboard
# for it (a real screen does), so the keys go to the menu directly below.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_objections_and_all_offers_by_key(open_desk, qtbot, demo_db: str) -> None:
    _authority(demo_db, 100_000)
    window = _mid_call(open_desk, qtbot, demo_db, "en", reason="competitor")
    view = window.agent_view
    script = view.script
    view.phone.setFocus()
    _press(qtbot, Qt.Key.Key_F8)  # the objection library, from anywhere in the call
    menu = script.objections_menu
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    assert view.tools.currentWidget() is view.script_page and menu.activeAction() is menu.actions()[0]
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=WAIT_MS)
    assert script.runner.current.in_objection
    # Under an offers step, Alt+L opens the whole list on the Offers tab.
    script.back()
    for _ in range(12):
        if script.runner.current.offer_kinds:
            break
        script.answer({"offer_details": 2}.get(script.runner.current.id, 0))
    qtbot.waitUntil(lambda: view.inline_offers.isVisible() and bool(view.inline_offers.cards), timeout=WAIT_MS)
    view.focus_script()
    _press(qtbot, Qt.Key.Key_L, ALT)  # (a button pressed by its letter clicks a moment later)
    qtbot.waitUntil(lambda: view.tools.currentWidget() is view.offers, timeout=WAIT_MS)
    assert view.offers.kinds is None and view.offers.isAncestorOf(QApplication.focusWidget())


def test_the_replace_and_callback_bars_answer_to_their_letters(open_desk, qtbot, demo_db: str) -> None:
    window = _mid_call(open_desk, qtbot, demo_db, "en")
    view = window.agent_view
    call = view.call_id
    other = [e164 for e164 in _numbers(demo_db, 2) if e164 != view.call.caller_e164][0]
    view.pop(other)
    assert view.replace_bar.isVisible()
    _press(qtbot, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: not view.replace_bar.isVisible(), timeout=WAIT_MS)
    assert view.call_id == call
    view.pop(other)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        _press(qtbot, Qt.Key.Key_P, ALT)
    assert view.call_id != call


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
