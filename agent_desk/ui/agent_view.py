"""The agent view: pop a caller by phone number, or search, and see the caller 360.

Lookups run on the task runner. Every request carries a number; an answer that arrives
after a newer request was made is dropped, so one customer's data never appears under
another's header. A pop paints the header as soon as the profile is in, then the history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.calls import DeskUser
from agent_desk.data.queries import (
    CallerLookup,
    CustomerHistory,
    CustomerMatch,
    CustomerProfile,
    load_history,
    load_profile,
    pop_caller,
    search_customers,
)
from agent_desk.phones import PhoneNumberError, to_e164
from agent_desk.phones import display as display_phone
from agent_desk.search import digits
from agent_desk.ui.caller_view import Caller360View
from agent_desk.ui.i18n import ltr, pick
from agent_desk.ui.offers_panel import OffersPanel
from agent_desk.ui.script_panel import ScriptPanel
from agent_desk.ui.tasks import TaskRunner

FULL_NUMBER_DIGITS = 9


class HandleClock(QLabel):
    """The call's handle time, started by a screen pop (mm:ss, then h:mm:ss)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handleClock")
        font = QFont(self.font())
        font.setBold(True)
        self.setFont(font)
        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.hide()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def seconds(self) -> int:
        return self._elapsed.elapsed() // 1000 if self._elapsed.isValid() else 0

    def start(self) -> None:
        self._elapsed.start()
        self._timer.start()
        self._tick()
        self.show()

    def stop(self) -> None:
        self._timer.stop()
        self.hide()

    def _tick(self) -> None:
        total = self.seconds()
        hours, rest = divmod(total, 3600)
        text = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"
        self.setText(self.tr("On call %1").replace("%1", ltr(text)))


class AgentView(QWidget):
    """Search box on top; below it a waiting page, a list of customers, a new-caller card
    or the caller 360.

    Signals:
        caller_shown(str): the account number of the customer now on screen (header painted).
        history_shown(str): the account number whose history has just been painted.
        failed(str): a lookup could not be made (the main window shows why).
    """

    caller_shown = Signal(str)
    history_shown = Signal(str)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, region: str = "IL", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.region = region
        self._factory: sessionmaker[Session] | None = None
        self._request = 0

        self.phone = QLineEdit()
        self.phone.setObjectName("phoneInput")
        self.phone.setPlaceholderText(self.tr("Caller's phone, or a name, account, email or ID digits"))
        self.phone.setClearButtonEnabled(True)
        self.phone.returnPressed.connect(self._submit_typed)
        self.pop_button = QPushButton(self.tr("&Find"))
        self.pop_button.clicked.connect(self._submit_typed)
        self.clock = HandleClock()
        self.message = QLabel()
        self.message.setObjectName("lookupMessage")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self._focus_phone)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Caller:")))
        bar.addWidget(self.phone, 1)
        bar.addWidget(self.pop_button)
        bar.addWidget(self.clock)

        self.pages = QStackedWidget()
        self.waiting = QLabel(self.tr("Waiting for a call.\nType or paste the caller's number above "
                                      "(Ctrl+L) and press Enter, or search by name, account, email or ID."))
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setObjectName("waitingPage")

        self.chooser_page = QWidget()
        self.chooser_title = QLabel()
        self.chooser_title.setObjectName("chooserTitle")
        self.chooser = QListWidget()
        self.chooser.setObjectName("callerChooser")
        self.chooser.itemActivated.connect(self._chosen)
        chooser_layout = QVBoxLayout(self.chooser_page)
        chooser_layout.addWidget(self.chooser_title)
        chooser_layout.addWidget(self.chooser)

        self.unknown = QLabel()
        self.unknown.setObjectName("unknownCaller")
        self.unknown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unknown.setWordWrap(True)

        self.caller = Caller360View()
        self.card_page = self.caller
        self.header = self.caller.header
        self.timeline = self.caller.timeline

        for page in (self.waiting, self.chooser_page, self.unknown, self.caller):
            self.pages.addWidget(page)

        # The call's working tools beside the 360: the reason for leaving (it picks the
        # script and the offers), the script, and the offers.
        self.reason = QComboBox()
        self.reason.setObjectName("reasonChoice")
        self.reason.currentIndexChanged.connect(self._reason_changed)
        self.script = ScriptPanel(runner)
        self.script.setObjectName("scriptPanel")
        self.script.failed.connect(self.failed)
        self.offers = OffersPanel(runner)
        self.offers.setObjectName("offersPanel")
        self.offers.failed.connect(self.failed)
        self.script.offers_requested.connect(self._offers_requested)
        self.tools = QTabWidget()
        self.tools.setObjectName("callTools")
        self.tools.addTab(self.script, self.tr("Scr&ipt"))
        self.tools.addTab(self.offers, self.tr("O&ffers"))
        QShortcut(QKeySequence("F6"), self, activated=self.focus_script)
        tools_box = QWidget()
        reason_row = QHBoxLayout()
        reason_row.addWidget(QLabel(self.tr("Reason for leaving:")))
        reason_row.addWidget(self.reason, 1)
        tools_layout = QVBoxLayout(tools_box)
        tools_layout.setContentsMargins(0, 0, 0, 0)
        tools_layout.addLayout(reason_row)
        tools_layout.addWidget(self.tools, 1)
        splitter = QSplitter()
        splitter.addWidget(self.pages)
        splitter.addWidget(tools_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.set_enabled_for_data(False)
        self.unknown_number: str | None = None

    # -- wiring ----------------------------------------------------------------------

    def set_session_factory(self, factory: sessionmaker[Session] | None) -> None:
        self._factory = factory
        self.set_enabled_for_data(factory is not None)

    def set_enabled_for_data(self, enabled: bool) -> None:
        self.phone.setEnabled(enabled)
        self.pop_button.setEnabled(enabled)

    def set_desk(self, factory: sessionmaker[Session], user: DeskUser | None,
                 reasons: list[tuple[str, str, str]]) -> None:
        """Who takes the calls, and the reason tree to choose from."""
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItem(self.tr("Choose the reason…"), "")
        for code, he, en in reasons:
            self.reason.addItem(pick(he, en), code)
        self.reason.blockSignals(False)
        self.script.set_context(factory, user)
        self.offers.set_context(factory, user)

    def focus_script(self) -> None:
        """F6: the script takes the keyboard (answers by number, Alt+Left back)."""
        self.tools.setCurrentWidget(self.script)
        self.script.setFocus()

    def _reason_changed(self, _index: int) -> None:
        code = self.reason.currentData() or None
        self.script.set_reason(code)
        self.offers.set_reason(code)

    def _offers_requested(self, kinds: list[str]) -> None:
        # The script keeps the keyboard; the Offers tab (Alt+F) now shows just these kinds.
        self.offers.set_kinds(kinds)

    def _new_call(self, profile: CustomerProfile | None) -> None:
        self.reason.blockSignals(True)
        self.reason.setCurrentIndex(0)
        self.reason.blockSignals(False)
        self.offers.show_customer(profile)
        self.script.show_customer(profile)
        self.tools.setCurrentWidget(self.script)

    def _focus_phone(self) -> None:
        self.phone.setFocus()
        self.phone.selectAll()

    # -- requests --------------------------------------------------------------------

    def _submit_typed(self) -> None:
        text = self.phone.text().strip()
        if not text:
            return
        if self._is_full_number(text):
            self.pop(text)
        else:
            self.search(text)

    def _is_full_number(self, text: str) -> bool:
        if any(ch.isalpha() or ch == "@" for ch in text) or len(digits(text)) < FULL_NUMBER_DIGITS:
            return False
        try:
            to_e164(text, self.region)
        except PhoneNumberError:
            return False
        return True

    def pop(self, raw: str) -> None:
        """A call from ``raw``: start the handle-time clock and show who is calling."""
        if self._factory is None:
            return
        if self.phone.text() != raw:
            self.phone.setText(raw)
        self.clock.start()
        factory, region = self._factory, self.region

        def lookup() -> CallerLookup:
            with factory() as session:
                return pop_caller(session, raw, region, full=False)

        self._run(lookup, self._show_lookup)

    def search(self, text: str) -> None:
        if self._factory is None:
            return
        factory, region = self._factory, self.region

        def find() -> list[CustomerMatch]:
            with factory() as session:
                return search_customers(session, text, region)

        self._run(find, lambda found: self._show_results(text, found))

    def open_customer(self, customer_id: uuid.UUID) -> None:
        if self._factory is None:
            return
        factory = self._factory

        def load() -> CustomerProfile | None:
            with factory() as session:
                return load_profile(session, customer_id)

        self._run(load, self._show_profile)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.open_customer(item.data(Qt.ItemDataRole.UserRole))

    def _run(self, fn: Callable[[], object], show: Callable[[object], None]) -> None:
        self._request += 1
        request = self._request

        def done(result: object) -> None:
            if request == self._request:  # a newer request has superseded this answer
                show(result)

        def failed(exc: Exception) -> None:
            if request == self._request:
                self.failed.emit(str(exc))

        self.runner.submit(fn, done, failed)

    # -- showing ---------------------------------------------------------------------

    def _show_lookup(self, lookup: object) -> None:
        assert isinstance(lookup, CallerLookup)
        if lookup.error:
            self.message.setText(self.tr("This is not a phone number we can use: %1").replace("%1", lookup.raw))
            self.message.show()
            return
        self.message.hide()
        self.unknown_number = None
        if lookup.profile is not None:
            self._show_profile(lookup.profile)
        elif lookup.matches:
            self._show_chooser(
                self.tr("%1 customers share the number %2. Who is calling?")
                .replace("%1", str(len(lookup.matches))).replace("%2", ltr(display_phone(lookup.e164 or ""))),
                lookup.matches,
            )
        else:
            self.unknown_number = lookup.e164
            self._new_call(None)
            self.unknown.setText(
                self.tr("New caller: no customer has the number %1.\n"
                        "You can still take the call and link it to a customer later.")
                .replace("%1", ltr(display_phone(lookup.e164 or lookup.raw)))
            )
            self.pages.setCurrentWidget(self.unknown)

    def _show_results(self, text: str, found: object) -> None:
        assert isinstance(found, list)
        self.message.hide()
        if len(found) == 1:
            self.open_customer(found[0].id)
            return
        title = (self.tr("%1 customers match \u201c%2\u201d. Choose one:").replace("%1", str(len(found)))
                 if found else self.tr("No customer matches \u201c%2\u201d.")).replace("%2", text)
        self._show_chooser(title, tuple(found))

    def _show_chooser(self, title: str, matches: tuple[CustomerMatch, ...]) -> None:
        self.chooser_title.setText(title)
        self.chooser.clear()
        for match in matches:
            text = f"{match.first_name} {match.last_name} · {match.account_number} · {match.city or ''}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            self.chooser.addItem(item)
        self.chooser.setCurrentRow(0)
        self.pages.setCurrentWidget(self.chooser_page)
        if matches:
            self.chooser.setFocus()

    def _show_profile(self, profile: object) -> None:
        if not isinstance(profile, CustomerProfile):
            self.message.setText(self.tr("That customer no longer exists."))
            self.message.show()
            return
        self.caller.show_profile(profile)
        self._new_call(profile)
        self.pages.setCurrentWidget(self.caller)
        self.caller_shown.emit(profile.account_number)
        # The history is the same request: a newer pop drops it as well.
        factory = self._factory
        assert factory is not None
        request = self._request

        def history() -> CustomerHistory:
            with factory() as session:
                return load_history(session, profile, datetime.now(UTC).date())

        def done(result: CustomerHistory) -> None:
            if request == self._request:
                self.caller.show_history(result)
                self.script.set_history(result)
                self.history_shown.emit(profile.account_number)

        def failed(exc: Exception) -> None:
            if request == self._request:
                self.failed.emit(str(exc))

        self.runner.submit(history, done, failed)
