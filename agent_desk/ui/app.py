"""Starting the GUI: QApplication, language, sign-in on a shared database, main window.

On PostgreSQL the person signs in (:class:`~agent_desk.ui.sign_in.SignInDialog`) before any
view loads, and the window connects as them; the embedded SQLite file is one local user
and opens straight away. The views then follow the person's role (:func:`follow_role`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.engine import make_url

from agent_desk.calls import DeskUser
from agent_desk.data.db import resolve_url
from agent_desk.domain import Role
from agent_desk.logs import configure_logging
from agent_desk.paths import AppDirs, app_dirs, private_dir, resource
from agent_desk.security.identity import SignedIn, is_shared, without_password
from agent_desk.settings import Settings
from agent_desk.ui import i18n
from agent_desk.ui.gc_guard import collect_on_gui_thread
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.screen_pop import ScreenPopServer, send_to_running
from agent_desk.ui.sign_in import SignInDialog

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    collect_on_gui_thread(app)  # garbage cycles with Qt objects are freed on this thread only
    app.setApplicationName("agent-desk")
    app.setOrganizationName("agent-desk")
    app.setDesktopFileName("agent-desk")
    icon = resource("icons/agent-desk.svg")
    app.setWindowIcon(QIcon(str(icon)))
    return app


def install_language(settings: Settings) -> list[object]:
    """Install the translators for ``settings`` on the running app (keep them referenced)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    return list(i18n.install(app, i18n.choose_language(settings.language)))


def build_window(settings: Settings, view: str = "agent", signed: SignedIn | None = None,
                 translators: list[object] | None = None) -> tuple[MainWindow, list[object]]:
    """The main window for ``settings``, with translators installed on the running app.

    ``signed``: the person signed in to the shared database; the window connects as them
    and its views follow their role. ``translators``: already installed (the sign-in
    dialog came first); else they are installed here.
    Returns the window and the translators (keep both referenced).
    """
    if translators is None:
        translators = install_language(settings)
    dirs = app_dirs().ensure()
    url = signed.url if signed is not None else resolve_url(settings, dirs)
    asked = view
    if signed is not None:
        # The desk's identity is the login's: the agents row of current_user (whoami), never
        # a setting. MainWindow looks the person up by this name.
        settings = replace(settings, username=signed.user.username)
        if view == "lead" and not may_lead(signed.user):
            view = "agent"
    window = MainWindow(settings, url, dirs, view=view, signed=signed)
    if signed is not None:
        follow_role(window, signed.user, asked)
    return window, list(translators)


def may_lead(user: DeskUser | None) -> bool:
    """Team leads and admins have the team-lead view; agents do not."""
    return user is not None and user.role in (Role.TEAM_LEAD, Role.ADMIN)


def follow_role(window: MainWindow, user: DeskUser, asked_view: str = "agent") -> None:
    """The views the person may open: an agent gets no team-lead view (so none of its tabs:
    call log, dashboards, coaching, audit), only an admin gets the import screen, and each is
    told why when asking for what they may not open (``--view lead``, Ctrl+2, Ctrl+8, the
    menu); the database refuses the data to them anyway."""
    if user.role != Role.ADMIN:
        why = QCoreApplication.translate("SignIn", "Importing customers is for admins.")
        _refuse(window, window.import_action, "Ctrl+8", "importViewRefused", why, window.import_view)
    if may_lead(user):
        return
    why = QCoreApplication.translate("SignIn", "The team-lead view is for team leads and admins; "
                                               "you are signed in as an agent.")
    _refuse(window, window.lead_action, "Ctrl+2", "leadViewRefused", why, window.lead_view)
    if asked_view == "lead":
        window.statusBar().showMessage(why, 10_000)


def _refuse(window: MainWindow, action: QAction, keys: str, name: str, why: str, view: QWidget) -> None:
    """``action`` off for this person, with the reason as its tip and on its key."""
    action.setEnabled(False)
    action.setToolTip(why)
    action.setStatusTip(why)
    # A disabled action's key does nothing at all; say why instead.
    refusal = QShortcut(QKeySequence(keys), window)
    refusal.setObjectName(name)
    refusal.activated.connect(lambda: window.statusBar().showMessage(why, 10_000))
    if window.views.currentWidget() is view:
        window.show_view("agent")


# -- signing in -------------------------------------------------------------------------------

_SIGN_IN_FILE = "sign-in.ini"


def last_username(dirs: AppDirs) -> str:
    """The user name of the last sign-in on this computer (not a secret; no password)."""
    store = QSettings(str(dirs.config / _SIGN_IN_FILE), QSettings.Format.IniFormat)
    value = store.value("last/username", "")
    return value if isinstance(value, str) else ""


def remember_username(dirs: AppDirs, username: str) -> None:
    private_dir(dirs.config)
    store = QSettings(str(dirs.config / _SIGN_IN_FILE), QSettings.Format.IniFormat)
    store.setValue("last/username", username)
    store.sync()


Ask = Callable[[str, str], SignedIn | None]


def sign_in_at_start(settings: Settings, ask: Ask | None = None) -> tuple[bool, SignedIn | None]:
    """Sign in when the database is shared. Returns (go on?, who signed in).

    SQLite: (True, None), no dialog. PostgreSQL: the dialog, prefilled with ``--user`` /
    the settings' user name, else the URL's, else the last sign-in's; a password in the URL is dropped
    (with a warning) and asked for instead. Cancel: (False, None).
    """
    dirs = app_dirs().ensure()
    url = resolve_url(settings, dirs)
    if not is_shared(url):
        return True, None
    url, had_password = without_password(url)
    if had_password:
        message = ("the password in the database URL was ignored: passwords are typed at sign-in "
                   "(or kept in the keyring), never given in a URL")
        log.info(message)  # the file; the terminal gets it once, here
        print(f"agent-desk: {message}", file=sys.stderr)
    username = settings.username or make_url(url).username or last_username(dirs)
    # With offline on, a sign-in the server accepted is kept (a digest) so the same
    # password opens the desk's copy while the server cannot be reached.
    signed = ask(url, username) if ask is not None else SignInDialog.ask(url, username, offline=settings.offline)
    if signed is None:
        return False, None
    remember_username(dirs, signed.user.username)
    log.info("signed in as %s on %s", signed.user.username, signed.shown_url)
    return True, signed


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
    translators = install_language(settings)
    early: list[str] = []  # a call that rings while the person signs in pops once the window is up

    def keep(raw: str) -> None:
        early.append(raw)

    pops.pop_requested.connect(keep)
    go_on, signed = sign_in_at_start(settings)
    if not go_on:
        pops.close()
        return 0
    window, _translators = build_window(settings, view, signed, translators)
    pops.setParent(window)
    pops.pop_requested.disconnect(keep)
    pops.pop_requested.connect(window.pop_caller)
    if early and not ani:
        ani = early[-1]
    if settings.screen_pop_port and not pops.listen_http(settings.screen_pop_port):
        log.warning("screen-pop endpoint: port %s is not free", settings.screen_pop_port)
    window.show()
    window.start()
    if ani:
        window.pop_caller(ani)
    code = app.exec()
    pops.close()
    return code
