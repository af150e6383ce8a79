"""An over-long search is refused at the search box, in words, before anything is sent."""

from __future__ import annotations

from PySide6.QtCore import Qt

from agent_desk.settings import Settings
from agent_desk.ui.app import build_window

WAIT_MS = 30_000


def test_too_many_words_are_refused_with_a_note_and_nothing_is_sent(qtbot, qapp, demo_db: str) -> None:
    window, translators = build_window(Settings(db_url=demo_db, language="en"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    view = window.agent_view
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    sent: list[object] = []
    original = window.runner.submit
    window.runner.submit = lambda *a, **k: (sent.append(a[0]), original(*a, **k))  # type: ignore[method-assign]
    view.phone.setText(" ".join(["cohen"] * 11))
    qtbot.keyClick(view.phone, Qt.Key.Key_Return)
    assert view.message.isVisible()
    assert view.message.text() == "A search takes at most 8 words: a name, a number or an email."
    view.phone.setText("x" * 201)
    qtbot.keyClick(view.phone, Qt.Key.Key_Return)
    assert view.message.text() == "A search takes at most 200 characters."
    assert sent == []
    window.runner.submit = original  # type: ignore[method-assign]
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)
