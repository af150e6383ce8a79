"""Screenshots at 1366x768, Hebrew and English, of the offline desk as the agent sees it: the
link down, a caller popped from the desk's copy with the sync line saying what waits to be
sent, and a caller the desk does not hold (logged against the number).

The images go to a temporary folder; with ``AGENT_DESK_SHOTS=docs/screenshots`` they are the
ones in the docs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from agent_desk.ui.main_window import MainWindow
from tests.tcpproxy import TcpProxy
from tests.test_i12_offline_app import _sign_in, _submit, _two_callers, _window, demo_pg, proxy  # noqa: F401

SIZE = (1366, 768)
WAIT_MS = 60_000


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("language", ["he", "en"])
def test_screenshots_of_the_offline_desk(qtbot, qapp, demo_pg: str, proxy: TcpProxy, pg_person, tmp_path,  # noqa: F811
                                         language) -> None:
    out = Path(os.environ.get("AGENT_DESK_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    (held, _held_id), (other, _other_id) = _two_callers(demo_pg)
    person = make_url(pg_person(demo_pg, "agent01"))
    login, password = person.username, person.password
    url = person.set(host="127.0.0.1", port=proxy.port, password=None).render_as_string(hide_password=False)
    window, translators = _window(qtbot, url, _sign_in(qtbot, url, login, password))
    try:  # yesterday, online: the copy is filled and the first caller is held
        qtbot.waitUntil(lambda: window.agent_view.desk is not None, timeout=WAIT_MS)
        with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
            window.pop_caller(held)
        _submit(qtbot, window)
        qtbot.waitUntil(lambda: window.sync is not None and window.sync.desk.store.pending_hint == 0
                        and window.sync.state.state == "online", timeout=WAIT_MS)
    finally:
        window.close()
        for translator in translators:
            qapp.removeTranslator(translator)

    proxy.black_hole()
    signed = _sign_in(qtbot, url, login, password)
    window, translators = build_window(Settings(db_url=url, language=language), "agent", signed)
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.resize(*SIZE)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.agent_view.desk is not None and window.sync.state.state == "offline",
                        timeout=WAIT_MS)

        def shot(name: str) -> None:
            qtbot.waitUntil(lambda: window.runner.pending == 0 or window.runner.is_running("sync"),
                            timeout=WAIT_MS)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            image = window.grab()
            assert (image.width(), image.height()) == SIZE
            assert image.save(str(out / f"{name}-{language}.png"))

        with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
            window.pop_caller(held)
        _submit(qtbot, window, "saved", "moving")
        with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
            window.pop_caller(held)  # the next call from the same caller, one call waiting to be sent
        assert window.sync.state.pending == 1
        shot("offline-pop")
        view = window.agent_view
        window.agent_view.wrapup.discard()
        view._call_submitted(None)
        window.pop_caller(other)
        qtbot.waitUntil(lambda: view.pages.currentWidget() is view.unknown, timeout=WAIT_MS)
        shot("offline-not-held")
    finally:
        proxy.restore()
        window.shutdown()  # the last call's wrap-up stays open in the picture: no quit question
        window.close()
        for translator in translators:
            qapp.removeTranslator(translator)
