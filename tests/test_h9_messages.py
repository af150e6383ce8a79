"""No message on screen shows SQL or its parameters (issue 9, item 7): a desk that cannot load
says so in plain words."""

from __future__ import annotations

import sqlalchemy as sa

from agent_desk.desk import Desk
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window

WAIT_MS = 30_000


def test_a_failed_desk_load_shows_plain_words(qtbot, qapp, demo_db: str, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT agent.id FROM agent WHERE agent.username = ?", ("dana.levi",),
                                      Exception("disk I/O error"))

    monkeypatch.setattr(Desk, "start_up", broken)
    window, translators = build_window(Settings(db_url=demo_db, language="en"))
    qtbot.addWidget(window)
    window.show()
    try:
        window.start()
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
        shown = window.banner_text.text()
        assert "SELECT" not in shown.upper() and "dana.levi" not in shown
        assert "database" in shown and window.state_label.text() == "Offline"
    finally:
        window.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)
