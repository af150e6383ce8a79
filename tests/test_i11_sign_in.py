"""Issue 11, item 1: on PostgreSQL each person signs in through a dialog with their own login;
who is at the desk is the database's current_user; a password may be kept in the OS keyring,
never in a file, a URL or a log. The embedded SQLite file stays one local user, no dialog."""

from __future__ import annotations

import contextlib
import logging
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from agent_desk import credentials
from agent_desk.data.db import make_engine
from agent_desk.domain import Role
from agent_desk.logs import _OwnHandler, configure_logging
from agent_desk.security.identity import Refusal, SignInRefused, sign_in, whoami
from agent_desk.settings import Settings
from agent_desk.ui import app as app_module
from agent_desk.ui.app import build_window, sign_in_at_start
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.sign_in import SignInDialog

WAIT_MS = 30_000


# --- fixtures -------------------------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("none kept")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def log_text() -> Iterator[callable]:
    """The app's log file as configured at start (restored afterwards); call it to read."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    path = configure_logging()
    assert path is not None
    yield lambda: path.read_text(encoding="utf-8") if path.exists() else ""
    for handler in [h for h in root.handlers if isinstance(h, _OwnHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _bare(url: str) -> str:
    """The desk's configured URL: server and database, no user, no password."""
    parsed = make_url(url)
    return URL.create(parsed.drivername, None, None, parsed.host, parsed.port, parsed.database).render_as_string(
        hide_password=False)


def _texts(*widgets: QWidget) -> str:
    """Every text a person can see in these windows (labels, fields, titles, tooltips, status)."""
    found = []
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            found += [widget.windowTitle(), widget.toolTip(), widget.statusTip()]
            if isinstance(widget, QLabel):
                found.append(widget.text())
            text = getattr(widget, "text", None)
            if callable(text) and not isinstance(widget, QLabel):
                with contextlib.suppress(TypeError):
                    found.append(str(text()))
        if isinstance(top, MainWindow):
            found.append(top.statusBar().currentMessage())
    return "\n".join(found)


def _open_dialog(qtbot, url: str, username: str = "") -> SignInDialog:
    dialog = SignInDialog(url, username)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.runner.pending == 0, timeout=WAIT_MS)  # the keyring looked at
    return dialog


def _submit(qtbot, dialog: SignInDialog, password: str | None = None) -> None:
    if password is not None:
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def _open_window(qtbot, settings: Settings, signed, view: str = "agent") -> MainWindow:
    window, _translators = build_window(settings, view, signed)
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    return window


# --- the dialog on a real server --------------------------------------------------------------


def test_a_wrong_then_a_right_password_signs_in_and_the_desk_shows_that_person(
        qtbot, qapp, pg_desk_url, pg_login, pg_passwords, no_keyring, log_text) -> None:
    person = pg_login(pg_desk_url, "dana", "agent", team="North", authority=150, display_name="Dana Levi")
    login, password = make_url(person).username, make_url(person).password
    other = pg_login(pg_desk_url, "yossi", "agent", team="North", display_name="Yossi Cohen")
    wrong = "Wr0ng-" + secrets.token_hex(6)
    dialog = _open_dialog(qtbot, _bare(pg_desk_url), login)
    assert dialog.user.text() == login and dialog.password.text() == ""

    _submit(qtbot, dialog, wrong)
    assert dialog.busy.isVisible() or dialog.message.isVisible()  # "Signing in…" while it waits
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=WAIT_MS)
    assert dialog.message.text() == "Wrong user name or password."
    assert dialog.user.text() == login, "the user name is kept"
    assert dialog.password.text() == "", "the password is cleared"
    assert dialog.isVisible() and dialog.signed is None

    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT_MS):
        _submit(qtbot, dialog, password)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    signed = dialog.signed
    assert signed.user.username == login and signed.user.display_name == "Dana Levi"
    assert password not in repr(signed)

    # --user / the settings' user name only prefilled the dialog: it never picks who you are.
    settings = Settings(db_url=_bare(pg_desk_url), language="en", username=make_url(other).username)
    window = _open_window(qtbot, settings, signed)
    assert "Dana Levi" in window.user_label.text()
    assert "Yossi" not in window.user_label.text()
    assert window.user.username == login

    shown = _texts(dialog, window)
    for secret in (password, wrong):
        assert secret not in shown
        assert secret not in log_text(), "a password reached the log file"
    assert login in log_text(), "the sign-in is in the log (without its password)"


def test_who_is_at_the_desk_is_the_databases_current_user(pg_desk_url, pg_login) -> None:
    person = pg_login(pg_desk_url, "rina", "team_lead", team="South", display_name="Rina Lead")
    engine = make_engine(person)
    try:
        with Session(engine) as session:
            me = whoami(session, username="someone-else")  # a setting never picks who you are
    finally:
        engine.dispose()
    assert me is not None and me.username == make_url(person).username and me.role is Role.TEAM_LEAD
    owner = make_engine(pg_desk_url)
    try:
        with Session(owner) as session:
            assert whoami(session, "rina") is None, "the migration login is nobody at the desk"
    finally:
        owner.dispose()


def test_why_a_sign_in_did_not_work_in_one_line(qtbot, pg_desk_url, pg_login, pg_server,
                                                pg_passwords, no_keyring) -> None:
    bare = _bare(pg_desk_url)
    # A login role with no agents row: a database login, but nobody of the desk.
    stranger, stranger_password = f"stranger_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    disabled = pg_login(pg_desk_url, "gone", "agent")
    admin = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(
                f"CREATE ROLE {stranger} LOGIN PASSWORD {_quote(stranger_password)} IN ROLE desk_agent")
            connection.exec_driver_sql(f'ALTER ROLE "{make_url(disabled).username}" NOLOGIN')
        with pytest.raises(SignInRefused) as refused:
            sign_in(bare, stranger, stranger_password)
        assert refused.value.refusal is Refusal.NOT_DESK_USER
        with pytest.raises(SignInRefused) as refused:
            sign_in(bare, "nobody_" + secrets.token_hex(3), "whatever")
        assert refused.value.refusal is Refusal.WRONG_PASSWORD, "an unknown login says no more than a wrong password"
        with pytest.raises(SignInRefused) as refused:
            sign_in(bare, make_url(disabled).username, make_url(disabled).password)
        assert refused.value.refusal is Refusal.DISABLED

        dialog = _open_dialog(qtbot, bare, stranger)
        _submit(qtbot, dialog, stranger_password)
        qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
        assert dialog.message.text() == "This login is not a desk user; ask your admin."
        assert stranger_password not in _texts(dialog)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {stranger}")
        admin.dispose()


def test_an_unreachable_server_is_said_so_and_cancel_works_while_it_waits(qtbot, no_keyring) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    dialog = _open_dialog(qtbot, f"postgresql+psycopg://127.0.0.1:{port}/desk", "dana")
    _submit(qtbot, dialog, "pw")
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert dialog.message.text() == "The database server cannot be reached. Check the network and try again."
    assert dialog.user.text() == "dana" and dialog.password.text() == ""

    # A server that takes the connection and never answers: Cancel closes the dialog at once.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        dialog = _open_dialog(qtbot, f"postgresql+psycopg://127.0.0.1:{silent.getsockname()[1]}/desk", "dana")
        _submit(qtbot, dialog, "pw")
        assert dialog.busy.isVisible() and not dialog.sign_in_button.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible() and dialog.result() == SignInDialog.DialogCode.Rejected
        qtbot.waitUntil(lambda: dialog.runner.pending == 0, timeout=WAIT_MS)  # the late answer is dropped
        assert dialog.signed is None


# --- the keyring ----------------------------------------------------------------------------


def test_the_password_can_be_kept_in_the_keyring_and_nowhere_else(
        qtbot, pg_desk_url, pg_login, pg_passwords, memory_keyring, isolated_home: Path, log_text) -> None:
    person = pg_login(pg_desk_url, "miri", "agent", display_name="Miri")
    login, password = make_url(person).username, make_url(person).password
    bare = _bare(pg_desk_url)
    dialog = _open_dialog(qtbot, bare, login)
    assert dialog.remember.isEnabled() and not dialog.remember.isChecked()
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT_MS):
        _submit(qtbot, dialog, password)
    qtbot.waitUntil(lambda: dialog.runner.pending == 0, timeout=WAIT_MS)
    assert memory_keyring.kept == {(credentials.SERVICE, credentials.account(bare, login)): password}

    # Next start: the password comes from the keyring; Sign in is all it takes.
    again = _open_dialog(qtbot, bare, login)
    assert again.password.text() == password and again.remember.isChecked()
    with qtbot.waitSignal(again.signed_in, timeout=WAIT_MS):
        _submit(qtbot, again)
    qtbot.waitUntil(lambda: again.runner.pending == 0, timeout=WAIT_MS)

    # The password changed on the server: the kept one fails, is said so and forgotten.
    memory_keyring.kept[(credentials.SERVICE, credentials.account(bare, login))] = "an-old-password"
    stale = _open_dialog(qtbot, bare, login)
    _submit(qtbot, stale)
    qtbot.waitUntil(stale.message.isVisible, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: stale.runner.pending == 0, timeout=WAIT_MS)
    assert stale.message.text() == "Wrong user name or password."
    assert memory_keyring.kept == {}

    # Unticking the box forgets it.
    memory_keyring.kept[(credentials.SERVICE, credentials.account(bare, login))] = password
    last = _open_dialog(qtbot, bare, login)
    last.remember.setChecked(False)
    with qtbot.waitSignal(last.signed_in, timeout=WAIT_MS):
        _submit(qtbot, last)
    qtbot.waitUntil(lambda: last.runner.pending == 0, timeout=WAIT_MS)
    assert memory_keyring.kept == {}

    # Never in a file of ours.
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), f"the password is in {path}"
    assert password not in log_text()


def test_without_a_keyring_the_box_is_off_and_says_why(qtbot, no_keyring) -> None:
    dialog = _open_dialog(qtbot, "postgresql+psycopg://db.example.com/desk", "dana")
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert "keyring" in dialog.remember.toolTip()
    assert credentials.keyring_problem() is not None
    assert credentials.load_password("postgresql+psycopg://db.example.com/desk", "dana") is None


# --- when the dialog shows ------------------------------------------------------------------


def test_sqlite_shows_no_dialog_and_stays_one_local_user(qtbot, demo_db: str, open_desk) -> None:
    def never(*_args):
        raise AssertionError("the embedded database needs no sign-in")

    go_on, signed = sign_in_at_start(Settings(db_url=demo_db), ask=never)
    assert go_on and signed is None
    window = open_desk(demo_db, "en")
    assert window.user is not None and window.user.role is Role.AGENT
    assert not QApplication.topLevelWidgets() or not any(
        isinstance(w, SignInDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_the_dialog_is_prefilled_and_a_password_in_the_url_is_dropped(capsys, isolated_home: Path) -> None:
    asked = []

    def ask(url: str, username: str):
        asked.append((url, username))
        return None

    secret = "S3cret-in-url"
    go_on, signed = sign_in_at_start(Settings(db_url=f"postgresql://dana:{secret}@db.example.com/desk",
                                              username="dana"), ask=ask)
    assert (go_on, signed) == (False, None), "Cancel ends the start"
    (url, username), = asked
    assert username == "dana"
    assert make_url(url).password is None and secret not in url
    err = capsys.readouterr().err
    assert "password in the database URL was ignored" in err and secret not in err

    # No user name given: the last sign-in's is offered.
    app_module.remember_username(app_module.app_dirs().ensure(), "rina")
    asked.clear()
    sign_in_at_start(Settings(db_url="postgresql://db.example.com/desk"), ask=ask)
    assert asked[0][1] == "rina"
    # A user in the URL comes before the last sign-in's.
    sign_in_at_start(Settings(db_url="postgresql://avi@db.example.com/desk"), ask=ask)
    assert asked[1][1] == "avi"


# --- the views follow the role ---------------------------------------------------------------


def test_an_agent_cannot_open_the_lead_view_and_is_told_why(
        qtbot, pg_desk_url, pg_login, pg_passwords, no_keyring) -> None:
    agent = pg_login(pg_desk_url, "avi", "agent", team="North", display_name="Avi")
    signed = sign_in(_bare(pg_desk_url), make_url(agent).username, make_url(agent).password)
    window = _open_window(qtbot, Settings(db_url=_bare(pg_desk_url), language="en"), signed, view="lead")
    assert window.views.currentWidget() is window.agent_view, "--view lead does not open it for an agent"
    assert "team-lead view is for team leads" in window.statusBar().currentMessage(), "and says why"
    window.statusBar().clearMessage()
    assert not window.lead_action.isEnabled()
    assert "team leads" in window.lead_action.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.agent_view
    assert "team-lead view is for team leads" in window.statusBar().currentMessage()

    lead = pg_login(pg_desk_url, "rina", "team_lead", team="North", display_name="Rina")
    signed = sign_in(_bare(pg_desk_url), make_url(lead).username, make_url(lead).password)
    window = _open_window(qtbot, Settings(db_url=_bare(pg_desk_url), language="en"), signed, view="lead")
    assert window.lead_action.isEnabled() and window.views.currentWidget() is window.lead_view


def test_cancel_at_sign_in_ends_the_app_without_a_window(qtbot, monkeypatch, log_text) -> None:
    asked = []

    def ask(cls, url: str, username: str = "", parent=None, offline: bool = False):
        asked.append(username)
        return None

    monkeypatch.setattr(SignInDialog, "ask", classmethod(ask))
    before = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    assert app_module.run_app(Settings(db_url="postgresql://db.example.com/desk", username="dana")) == 0
    assert asked == ["dana"]
    assert {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)} <= before


def test_on_sqlite_whoami_keeps_the_single_local_user_rule(demo_db: str) -> None:
    from agent_desk.data import models as m

    engine = make_engine(demo_db)
    try:
        with Session(engine) as session:
            first = whoami(session)
            other = session.scalars(sa.select(m.Agent).where(m.Agent.active, m.Agent.username != first.username)
                                    .order_by(m.Agent.username)).first()
            assert first is not None and first.role is Role.AGENT
            assert whoami(session, other.username).username == other.username
            assert whoami(session, "nobody-here") is None
    finally:
        engine.dispose()
