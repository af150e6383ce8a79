"""Nothing typed is lost (issue 9, items 9 and 10): quitting mid-wrap-up asks and flushes the
draft; a submit never brings its draft back; a restored call that was already submitted is
not offered again; a restored call paints the caller's history and Ctrl+Enter submits it."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.drafts import DraftStore
from agent_desk.paths import app_dirs
from agent_desk.settings import Settings
from agent_desk.ui import main_window as main_window_module
from agent_desk.ui.app import build_window

WAIT_MS = 30_000


def _open(qtbot, url: str):
    window, translators = build_window(Settings(db_url=url, language="en"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    return window, translators


def _close(qapp, window, translators) -> None:
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def _caller(url: str) -> tuple[str, str]:
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(m.CustomerPhone.e164, m.Customer.first_name)
            .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .where(m.CustomerPhone.e164.in_(owners)).order_by(m.Customer.account_number).limit(1)).one()
    engine.dispose()
    return row[0], row[1]


def _pop(qtbot, window, e164: str) -> None:
    with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
        window.agent_view.pop(e164)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def _fill(panel) -> None:
    panel.disposition.setCurrentIndex(panel.disposition.findData("undecided"))
    panel.primary.setCurrentIndex(panel.primary.findData("moving"))


def _draft_notes() -> str | None:
    draft = DraftStore(app_dirs()).load()
    return draft["notes"] if draft else None


def test_quitting_mid_wrap_up_asks_and_keeps_the_last_keystrokes(qtbot, qapp, demo_db: str, monkeypatch) -> None:
    e164, name = _caller(demo_db)
    window, translators = _open(qtbot, demo_db)
    _pop(qtbot, window, e164)
    panel = window.agent_view.wrapup
    panel.autosave.stop()  # the last seconds of typing: no autosave has seen them yet
    panel.notes.setPlainText("Typed a second before quitting")
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(main_window_module.QuitQuestion, "ask",
                        classmethod(lambda cls, parent, who: asked.append(who) or answer[0]))
    window.close()
    assert asked and name in asked[0]
    assert window.isVisible() and panel.in_progress  # "stay" keeps everything as it was
    answer[0] = True
    try:
        window.close()
        assert not window.isVisible()
        assert _draft_notes() == "Typed a second before quitting"
    finally:
        _close(qapp, window, translators)


def test_quitting_with_nothing_to_wrap_up_does_not_ask(qtbot, qapp, demo_db: str, monkeypatch) -> None:
    window, translators = _open(qtbot, demo_db)
    monkeypatch.setattr(main_window_module.QuitQuestion, "ask",
                        classmethod(lambda cls, parent, who: (_ for _ in ()).throw(AssertionError("asked"))))
    try:
        window.close()
        assert not window.isVisible()
    finally:
        _close(qapp, window, translators)


def test_the_quit_question_stays_by_default(qtbot, qapp) -> None:
    box = main_window_module.QuitQuestion(None, "Dana Levi")
    qtbot.addWidget(box)
    assert "Dana Levi" in box.text()
    assert box.defaultButton() is box.stay_button and box.escapeButton() is box.stay_button


def test_an_autosave_in_flight_never_brings_a_submitted_call_back(qtbot, qapp, demo_db: str, monkeypatch) -> None:
    e164, _name = _caller(demo_db)
    window, translators = _open(qtbot, demo_db)
    try:
        _pop(qtbot, window, e164)
        panel = window.agent_view.wrapup
        store = panel.drafts
        real_save = DraftStore.save
        in_flight, release = threading.Event(), threading.Event()

        def slow_save(self, draft):
            in_flight.set()
            release.wait(20)
            return real_save(self, draft)

        monkeypatch.setattr(DraftStore, "save", slow_save)
        _fill(panel)
        panel.notes.setPlainText("About to be submitted")
        panel.save_draft()
        qtbot.waitUntil(in_flight.is_set, timeout=WAIT_MS)
        with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS):
            panel.submit()
        release.set()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        assert not store.path.exists()
    finally:
        release.set()
        _close(qapp, window, translators)


def test_replacing_a_call_never_brings_its_draft_back(qtbot, qapp, demo_db: str, monkeypatch) -> None:
    e164, _name = _caller(demo_db)
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    try:
        _pop(qtbot, window, e164)
        first_call = view.call_id
        real_save = DraftStore.save
        in_flight, release = threading.Event(), threading.Event()

        def slow_save(self, draft):
            if draft["call_id"] == str(first_call):
                in_flight.set()
                release.wait(20)
            return real_save(self, draft)

        monkeypatch.setattr(DraftStore, "save", slow_save)
        view.wrapup.notes.setPlainText("The first caller's notes")
        view.wrapup.save_draft()
        qtbot.waitUntil(in_flight.is_set, timeout=WAIT_MS)
        view.pop("+972 3 000 0000")  # asks first: a call is open
        assert view.replace_bar.isVisible()
        qtbot.mouseClick(view.replace_yes, Qt.MouseButton.LeftButton)
        release.set()
        qtbot.waitUntil(lambda: window.runner.pending == 0 and view.call_id != first_call, timeout=WAIT_MS)
        draft = DraftStore(app_dirs()).load()
        assert draft is None or draft["call_id"] != str(first_call)
    finally:
        release.set()
        _close(qapp, window, translators)


def test_a_restored_call_that_was_already_submitted_is_not_offered(qtbot, qapp, demo_db: str) -> None:
    e164, _name = _caller(demo_db)
    window, translators = _open(qtbot, demo_db)
    _pop(qtbot, window, e164)
    panel = window.agent_view.wrapup
    _fill(panel)
    draft = panel.current()
    with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS):
        panel.submit()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    _close(qapp, window, translators)
    # The commit happened, then the app died before the draft was deleted.
    DraftStore(app_dirs()).save(draft.to_json())
    again, translators = _open(qtbot, demo_db)
    try:
        assert not again.agent_view.wrapup.in_progress
        assert again.agent_view.call_id is None
        assert "already been saved" in again.agent_view.message.text()
        assert DraftStore(app_dirs()).load() is None
    finally:
        _close(qapp, again, translators)


def test_a_restored_call_paints_the_history_and_ctrl_enter_submits(qtbot, qapp, demo_db: str) -> None:
    e164, name = _caller(demo_db)
    window, translators = _open(qtbot, demo_db)
    _pop(qtbot, window, e164)
    panel = window.agent_view.wrapup
    _fill(panel)
    panel.notes.setPlainText("Restored after the crash")
    draft = panel.current()
    _close(qapp, window, translators)
    DraftStore(app_dirs()).save(draft.to_json())  # as the autosave left it before the crash

    window, translators = build_window(Settings(db_url=demo_db, language="en"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    view = window.agent_view
    try:
        with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
            window.start()
        assert view.header.name.text().startswith(name)
        assert view.caller.timeline.model().rowCount() > 0
        assert "Loading" not in view.header.reasons.text()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        focus = QApplication.focusWidget()
        assert focus is not None and panel_contains(view.wrapup, focus)
        with qtbot.waitSignal(view.wrapup.submitted, timeout=WAIT_MS) as sent:
            qtbot.keyClick(focus, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert sent.args[0].call_id == draft.call_id
        assert "Saved" in view.wrapup.result.text()
    finally:
        _close(qapp, window, translators)


def panel_contains(panel, widget) -> bool:
    return widget is panel or panel.isAncestorOf(widget)


def test_a_draft_store_refuses_a_retired_call(tmp_path) -> None:
    store = DraftStore(app_dirs())
    draft = {"call_id": "c1", "notes": "x"}
    assert store.save(draft)
    store.retire("c1")
    assert not store.save(draft)
    assert store.load() is None
    assert store.save({"call_id": "c2", "notes": "y"})
    store.retire("c1")  # a late delete for the old call leaves the new call's draft alone
    assert store.load()["call_id"] == "c2"
