"""Signing in to a shared database: user name, password, and an optional keyring.

Shown at start on PostgreSQL, before any view loads. The connection is tried on a worker
(:mod:`agent_desk.ui.tasks`): the dialog says "Signing in…" and stays responsive, and Cancel
works while it waits. A failure is one line (wrong password, disabled, not a desk user,
server unreachable), the user name stays and the password is cleared. The keyring is read
and written on the worker too (unlocking one may wait); with no keyring on the machine the
"remember" box is off and says why.

The password goes from the field to :func:`agent_desk.security.identity.sign_in` and to the
keyring, nowhere else: no log line, no message, no settings file. With the offline copy on, a
salted scrypt digest of it (never the password) goes into the person's copy on this computer,
so they can sign in there while the server cannot be reached (``agent_desk.offline``).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from agent_desk import credentials
from agent_desk.offline import offline_sign_in, remember_sign_in, store_path
from agent_desk.paths import app_dirs
from agent_desk.security.identity import (
    MAX_PASSWORD,
    MAX_USERNAME,
    Refusal,
    SignedIn,
    SignInRefused,
    sign_in,
    with_login,
)
from agent_desk.ui.i18n import ltr
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import TaskRunner, summary

log = logging.getLogger(__name__)


def _attempt(url: str, username: str, password: str, remember: bool | None, stale_remembered: bool,
             offline: bool = False) -> SignedIn:
    """The worker's part: connect, then remember or forget the password as the box says
    (``remember`` None: the keyring is not usable, leave it alone).

    ``offline``: the desk keeps a local store (``agent_desk.offline``): a sign-in the server
    accepted is remembered there (a digest), and while the server cannot be reached the same
    password opens the store."""
    try:
        signed = sign_in(url, username, password)
    except SignInRefused as refused:
        if refused.refusal is Refusal.WRONG_PASSWORD and stale_remembered:
            credentials.forget_password(url, username)  # a changed password: ask next time
        if refused.refusal is Refusal.UNREACHABLE and offline:
            return _sign_in_offline(url, username, password, refused)
        raise
    if remember:
        credentials.store_password(url, username, password)
    elif remember is False:
        credentials.forget_password(url, username)
    if offline:
        try:
            remember_sign_in(app_dirs().ensure(), url, signed.user, password)
        except (OSError, ValueError, sa.exc.SQLAlchemyError) as exc:
            # Not fatal: only signing in here while the server is down would not work.
            log.warning("the offline sign-in could not be kept: %s", summary(exc))
    return signed


def _sign_in_offline(url: str, username: str, password: str, refused: SignInRefused) -> SignedIn:
    dirs = app_dirs().ensure()
    if not store_path(dirs, url, username.strip()).exists():
        raise refused  # nobody signed in here as this person before: nothing to open
    user = offline_sign_in(dirs, url, username, password)
    if user is None:
        raise SignInRefused(Refusal.OFFLINE_WRONG_PASSWORD)
    log.info("the server cannot be reached: %s signed in to this desk's offline copy", user.username)
    return SignedIn(with_login(url, username.strip(), password), user, offline=True)


def _look_up(url: str, username: str) -> tuple[str | None, str | None]:
    """The worker's part at opening: is there a keyring, and a password kept in it?"""
    problem = credentials.keyring_problem()
    if problem is not None:
        log.info("passwords cannot be remembered on this computer: %s", problem)
        return problem, None
    return None, credentials.load_password(url, username)


class SignInDialog(QDialog):
    """User name and password for the shared database.

    Signals:
        signed_in(SignedIn): the person is signed in (emitted before the dialog accepts).

    Attributes:
        signed: the :class:`SignedIn` once it worked, else None.
    """

    signed_in = Signal(object)

    def __init__(self, url: str, username: str = "", parent: QWidget | None = None,
                 runner: TaskRunner | None = None, offline: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in to agent-desk"))
        self.url = url
        self.offline = offline
        self.signed: SignedIn | None = None
        self.runner = runner or TaskRunner(self)
        self._busy = False
        self._cancelled = False
        self._remembered: str | None = None
        self._keyring_ok = False

        parsed = make_url(url)
        where = f"{parsed.host or 'localhost'}{':' + str(parsed.port) if parsed.port else ''}/{parsed.database or ''}"
        self.server = QLabel(ltr(where))
        self.server.setObjectName("signInServer")
        # An address reads left to right; it still sits on the layout's side, like the fields.
        side = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        self.server.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self.user = QLineEdit(username)
        self.user.setObjectName("signInUser")
        self.user.setMaxLength(MAX_USERNAME)
        self.user.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # login names are Latin
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(MAX_PASSWORD)
        self.password.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.remember = QCheckBox(self.tr("&Remember password on this computer"))
        self.remember.setObjectName("rememberPassword")
        self.remember.setEnabled(False)  # until the worker has looked for a keyring
        self.remember.setToolTip(self.tr("Looking for this computer's keyring…"))

        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setStyleSheet("QLabel { color: #b3261e; font-weight: bold; }")
        self.message.setWordWrap(True)
        plain(self.server, self.message)  # an address, the server's words
        self.message.hide()
        self.busy = QWidget()
        self.busy.setObjectName("signInBusy")
        spinner = QProgressBar()
        spinner.setRange(0, 0)  # an endless "working" bar
        spinner.setTextVisible(False)
        spinner.setMaximumWidth(120)
        busy_layout = QHBoxLayout(self.busy)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(spinner)
        busy_layout.addWidget(QLabel(self.tr("Signing in…")), 1)
        self.busy.hide()

        form = QFormLayout()
        form.addRow(self.tr("Server:"), self.server)
        user_label = QLabel(self.tr("&User name:"))
        user_label.setBuddy(self.user)
        form.addRow(user_label, self.user)
        password_label = QLabel(self.tr("&Password:"))
        password_label.setBuddy(self.password)
        form.addRow(password_label, self.password)
        form.addRow("", self.remember)

        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(self.tr("&Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAutoDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.clicked.connect(self.attempt)
        self.cancel_button.clicked.connect(self.reject)

        heading = QLabel(self.tr("Sign in to agent-desk"))
        heading.setObjectName("signInHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if username else self.user).setFocus()

        self.runner.submit(lambda: _look_up(url, username), self._looked_up, self._lookup_failed)

    @classmethod
    def ask(cls, url: str, username: str = "", parent: QWidget | None = None,
            offline: bool = False) -> SignedIn | None:
        """Show the dialog until the person signs in (the result) or cancels (None).

        Tests replace this, or drive the dialog itself; they never exec() it.
        """
        dialog = cls(url, username, parent, offline=offline)
        try:
            return dialog.signed if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.runner.close(timeout_ms=15_000)  # a cancelled attempt ends within the connect timeout

    # -- the keyring -----------------------------------------------------------------

    def _looked_up(self, result: tuple[str | None, str | None]) -> None:
        problem, remembered = result
        self._keyring_ok = problem is None
        self.remember.setEnabled(self._keyring_ok and not self._busy)
        if not self._keyring_ok:
            self.remember.setChecked(False)
            self.remember.setToolTip(self.tr("This computer has no keyring service to keep a password safely, "
                                             "so it cannot be remembered here. Type it each time."))
            return
        self.remember.setToolTip(self.tr("Kept in this computer's keyring, never in a file"))
        if remembered and not self.password.text():
            self._remembered = remembered
            self.password.setText(remembered)
            self.remember.setChecked(True)
            self.sign_in_button.setFocus()

    def _lookup_failed(self, exc: Exception) -> None:
        log.warning("the keyring could not be checked: %s", type(exc).__name__)
        self._looked_up(("unusable", None))

    # -- signing in ------------------------------------------------------------------

    def attempt(self) -> None:
        """Try the user name and password on a worker; the dialog stays responsive."""
        if self._busy:
            return
        username, password = self.user.text().strip(), self.password.text()
        if not username or not password:
            self._say(self.tr("Type your user name and password."))
            (self.user if not username else self.password).setFocus()
            return
        remember = self.remember.isChecked() if self._keyring_ok else None
        stale = self._remembered is not None and password == self._remembered
        self._set_busy(True)
        url, offline = self.url, self.offline
        self.runner.submit(lambda: _attempt(url, username, password, remember, stale, offline),
                           self._signed_in, self._refused)

    def _signed_in(self, signed: SignedIn) -> None:
        self._set_busy(False)
        if self._cancelled:
            return
        self.signed = signed
        self.password.clear()
        self.signed_in.emit(signed)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        if self._cancelled:
            return
        refusal = exc.refusal if isinstance(exc, SignInRefused) else Refusal.OTHER
        if refusal is Refusal.WRONG_PASSWORD:
            self._remembered = None
        self._say(self.refusal_text(exc))
        self.password.clear()
        self.password.setFocus()

    def refusal_text(self, exc: Exception) -> str:
        """One line for the person: what went wrong and what to do."""
        refusal = exc.refusal if isinstance(exc, SignInRefused) else Refusal.OTHER
        texts = {
            Refusal.WRONG_PASSWORD: self.tr("Wrong user name or password."),
            Refusal.DISABLED: self.tr("This login is disabled; ask your admin."),
            Refusal.NOT_DESK_USER: self.tr("This login is not a desk user; ask your admin."),
            Refusal.NOT_ALLOWED_HERE: self.tr("The database does not accept sign-ins from this computer; "
                                              "ask your admin."),
            Refusal.UNREACHABLE: self.tr("The database server cannot be reached. Check the network and "
                                         "try again."),
            Refusal.EMPTY: self.tr("Type your user name and password."),
            Refusal.OFFLINE_WRONG_PASSWORD: self.tr(
                "The server cannot be reached. To work offline, type the password you last signed in "
                "with on this computer."),
        }
        if refusal in texts:
            return texts[refusal]
        detail = exc.detail if isinstance(exc, SignInRefused) else type(exc).__name__
        return self.tr("The database refused the sign-in: %1").replace("%1", detail or type(exc).__name__)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        if busy:
            self.message.hide()
        for widget in (self.user, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        self.remember.setEnabled(self._keyring_ok and not busy)

    def reject(self) -> None:
        """Cancel, even while an attempt waits on the network (its answer is then dropped)."""
        self._cancelled = True
        self.password.clear()
        super().reject()
