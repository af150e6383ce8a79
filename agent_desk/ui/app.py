"""Starting the GUI: QApplication, language, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from agent_desk.data.db import resolve_url
from agent_desk.logs import configure_logging
from agent_desk.paths import app_dirs, resource
from agent_desk.settings import Settings
from agent_desk.ui import i18n
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.screen_pop import ScreenPopServer, send_to_running

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("agent-desk")
    app.setOrganizationName("agent-desk")
    app.setDesktopFileName("agent-desk")
    icon = resource("icons/agent-desk.svg")
    app.setWindowIcon(QIcon(str(icon)))
    return app


def build_window(settings: Settings, view: str = "agent") -> tuple[MainWindow, list[object]]:
    """The main window for ``settings``, with translators installed on the running app.

    Returns the window and the translators (keep both referenced).
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    language = i18n.choose_language(settings.language)
    translators = i18n.install(app, language)
    dirs = app_dirs().ensure()
    window = MainWindow(settings, resolve_url(settings, dirs), dirs, view=view)
    return window, list(translators)


def run_app(settings: Settings, view: str = "agent", ani: str | None = None) -> int:
    """Run the app; with ``ani``, pop that caller as soon as the database is ready.

    One instance per user and profile: a second start hands its number to the first.
    """
    configure_logging()  # INFO (alembic's chatter too) to the log file; the terminal gets warnings
    app = create_application()
    pops = ScreenPopServer()
    try:
        first = pops.listen_local()
    except OSError as problem:
        # UnsafeSocketFolder: someone else could read the numbers sent to it. Run without it
        # rather than use it, or than refuse to start.
        log.warning("screen pops from the command line are off: %s", problem)
        first = True
    if not first:
        if ani:
            send_to_running(ani)
        print("agent-desk is already running; the number went to it" if ani else "agent-desk is already running")
        return 0
    window, _translators = build_window(settings, view)
    pops.setParent(window)
    pops.pop_requested.connect(window.pop_caller)
    if settings.screen_pop_port and not pops.listen_http(settings.screen_pop_port):
        log.warning("screen-pop endpoint: port %s is not free", settings.screen_pop_port)
    window.show()
    window.start()
    if ani:
        window.pop_caller(ani)
    code = app.exec()
    pops.close()
    return code
