"""The agent view: pop a caller by phone number, or search, and see the caller 360.

Lookups run on the task runner's interactive lane as one "latest" stream: an answer that
arrives after a newer request was made is dropped by the runner, so one customer's data
never appears under another's header. A pop paints the header as soon as the profile is
in, then the history. A pop that fails (the database is down) clears the screen, says
why, and still opens the wrap-up for the number, so the call can be logged.

Every read and write goes through the desk (:class:`agent_desk.desk.Desk`), which the view
and its panels are given (:meth:`AgentView.set_desk`); none of them holds a session.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk.call import Call
from agent_desk.desk import (
    CallerLookup,
    CustomerHistory,
    CustomerMatch,
    CustomerProfile,
    Desk,
    DeskUser,
    DueCallback,
)
from agent_desk.drafts import DraftStore
from agent_desk.offline import NotOnThisDesk
from agent_desk.outage import OUTAGE_REASON, IncidentInfo, Outage
from agent_desk.phones import PhoneNumberError, to_e164
from agent_desk.phones import display as display_phone
from agent_desk.proactive.work import QueueTask, WorkQueue
from agent_desk.search import SearchTooLong, check_search_text, digits
from agent_desk.ui.call_signals import CallSignals
from agent_desk.ui.caller_view import Caller360View
from agent_desk.ui.chooser import CallerChooser
from agent_desk.ui.i18n import current_language, ltr, pick
from agent_desk.ui.incident_banner import IncidentBanner
from agent_desk.ui.offers_panel import OffersPanel
from agent_desk.ui.plain_text import plain
from agent_desk.ui.script_panel import ScriptPanel
from agent_desk.ui.tasks import Lane, TaskRunner, describe, is_connection_failure
from agent_desk.ui.wrapup_panel import WrapUpPanel
from agent_desk.wrapup import ISRAEL, WrapUp

FULL_NUMBER_DIGITS = 9
FLASH_MS = 4000
CALLBACKS_POLL_MS = 30_000


class ReasonChangeDialog(QDialog):
    """Asks before a new reason for leaving discards the script path the agent has walked."""

    def __init__(self, parent: QWidget | None, old: str, new: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change the reason?"))
        text = QLabel(self.tr("The reason changes from \u201c%1\u201d to \u201c%2\u201d. The script starts "
                              "again for the new reason and the steps walked so far are dropped; offers "
                              "already made stay on the call.").replace("%1", old).replace("%2", new))
        text.setWordWrap(True)
        plain(text)
        buttons = QDialogButtonBox()
        self.change = buttons.addButton(self.tr("Change the reason"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep = buttons.addButton(self.tr("Keep the script"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.change.setDefault(True)

    @classmethod
    def ask(cls, parent: QWidget | None, old: str, new: str) -> bool:
        """True when the agent confirms the change (tests replace this)."""
        return cls(parent, old, new).exec() == QDialog.DialogCode.Accepted


class HandleClock(QLabel):
    """The call's handle time, started by a screen pop (mm:ss, then h:mm:ss)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text or self.tr("On call %1")
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
        self.setText(self._text.replace("%1", ltr(text)))


class AgentView(QWidget):
    """Search box on top; below it a waiting page, a list of customers, a new-caller card
    or the caller 360.

    Signals:
        caller_shown(str): the account number of the customer now on screen (header painted).
        history_shown(str): the account number whose history has just been painted.
        failed(str): a lookup could not be made (the main window shows why).
        task_done(object): the id of the work-queue task whose outbound call was submitted.
    """

    caller_shown = Signal(str)
    history_shown = Signal(str)
    failed = Signal(str)
    task_done = Signal(object)

    def __init__(self, runner: TaskRunner, drafts: DraftStore, region: str = "IL",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.region = region
        self.user: DeskUser | None = None
        # The call on the desk (Qt-free, agent_desk.call): every widget redraws from it.
        self.calls = CallSignals(runner, self)
        self.calls.failed.connect(lambda text: self.failed.emit(
            self.tr("An offer could not be recorded yet: %1 It is kept and sent again shortly.").replace("%1", text)))
        self.calls.changed.connect(self._call_changed)
        self._waiting: tuple[str, object] | None = None
        self._popped_e164: str | None = None
        self.desk: Desk | None = None
        # A work-queue task being worked (an outbound call), its queue, and the scripts the
        # script panel had before the task's own script took over.
        self.task: QueueTask | None = None
        self.task_queue: WorkQueue | None = None
        self._scripts_before_task: list | None = None

        self.phone = QLineEdit()
        self.phone.setObjectName("phoneInput")
        self.phone.setPlaceholderText(self.tr("Caller's phone, or a name, account, email or ID digits"))
        self.phone.setClearButtonEnabled(True)
        self.phone.returnPressed.connect(self._submit_typed)
        self.pop_button = QPushButton(self.tr("Fin&d"))
        self.pop_button.clicked.connect(self._submit_typed)
        self.clock = HandleClock()
        self.message = QLabel()
        self.message.setObjectName("lookupMessage")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self._focus_phone)

        self.end_button = QPushButton(self.tr("&End call"))
        self.end_button.setObjectName("endCall")
        self.end_button.setToolTip(self.tr("End the call and start the wrap-up (Ctrl+E)"))
        self.end_button.clicked.connect(self.end_call)
        self.end_button.hide()
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.end_call)
        self.wrap_clock = HandleClock(self.tr("Wrap-up %1"))
        self.wrap_clock.setObjectName("wrapupClock")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Caller:")))
        bar.addWidget(self.phone, 1)
        bar.addWidget(self.pop_button)
        bar.addWidget(self.clock)
        bar.addWidget(self.wrap_clock)
        bar.addWidget(self.end_button)
        # A pop during a call asks before it replaces anything.
        self.replace_bar = QFrame()
        self.replace_bar.setObjectName("replaceBar")
        self.replace_bar.setStyleSheet("#replaceBar { background: #fff3cd; border: 1px solid #b26a00; }")
        self.replace_text = QLabel()
        self.replace_yes = QPushButton(self.tr("Re&place it"))
        self.replace_yes.setObjectName("replaceCall")
        self.replace_yes.clicked.connect(self._replace_confirmed)
        self.replace_no = QPushButton(self.tr("&Keep the current call"))
        self.replace_no.setObjectName("keepCall")
        self.replace_no.clicked.connect(self._replace_refused)
        replace_layout = QHBoxLayout(self.replace_bar)
        replace_layout.addWidget(self.replace_text, 1)
        replace_layout.addWidget(self.replace_yes)
        replace_layout.addWidget(self.replace_no)
        self.replace_bar.hide()
        # Callbacks due for me or my team: checked every half minute off the GUI thread.
        self.callbacks_bar = QFrame()
        self.callbacks_bar.setObjectName("callbacksBar")
        self.callbacks_bar.setStyleSheet("#callbacksBar { background: #e8f0fe; border: 1px solid #1d5fa8; }")
        self.callbacks_text = QLabel()
        self.callbacks_text.setObjectName("callbacksText")
        self.callback_call = QPushButton(self.tr("&Call now"))
        self.callback_call.clicked.connect(self._call_back)
        self.callback_done = QPushButton(self.tr("Call&back done"))
        self.callback_done.setObjectName("callbackDone")
        self.callback_done.setToolTip(self.tr("The callback was dealt with: take it off the list"))
        self.callback_done.clicked.connect(self._callback_done)
        callbacks_layout = QHBoxLayout(self.callbacks_bar)
        callbacks_layout.addWidget(self.callbacks_text, 1)
        callbacks_layout.addWidget(self.callback_call)
        callbacks_layout.addWidget(self.callback_done)
        self.callbacks_bar.hide()
        self.due: list[DueCallback] = []
        # Outage mode (agent_desk.outage): the open incidents above everything, and a flag
        # while an affected caller is on screen.
        self.incident_banner = IncidentBanner(runner)
        self.outage: Outage | None = None
        self.incident_poll_seconds: int | None = None  # None: the banner's default
        self.callbacks_timer = QTimer(self)
        self.callbacks_timer.setInterval(CALLBACKS_POLL_MS)
        self.callbacks_timer.timeout.connect(self.check_callbacks)

        self.pages = QStackedWidget()
        self.waiting = QLabel(self.tr("Waiting for a call.\nType or paste the caller's number above "
                                      "(Ctrl+L) and press Enter, or search by name, account, email or ID."))
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setObjectName("waitingPage")

        self.chooser_page = QWidget()
        self.chooser_title = QLabel()
        self.chooser_title.setObjectName("chooserTitle")
        self.chooser = CallerChooser()  # age, products, last contact, open cases per match
        self.chooser.itemActivated.connect(self._chosen)
        chooser_layout = QVBoxLayout(self.chooser_page)
        chooser_layout.addWidget(self.chooser_title)
        chooser_layout.addWidget(self.chooser)

        self.unknown = QLabel()
        self.unknown.setObjectName("unknownCaller")
        self.unknown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unknown.setWordWrap(True)
        # What was typed or found: searches, names, callbacks' notes, the server's words.
        plain(self.message, self.replace_text, self.callbacks_text, self.chooser_title, self.unknown)

        self.caller = Caller360View()
        # Reveal asks the desk (the database audits it); the answer shows for this call only.
        self.caller.revealRequested.connect(self.reveal_national_id)
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
        self.offers.attach(self.calls)
        self.offers.lead_answered.connect(self._lead_answered)
        # P, A, D, T and Ctrl+Up/Down act on the chosen card on the Offers tab too.
        self.offers.bind_keys(self.offers)
        # The offers for the script's offers step, right under it (same call, same facts).
        self.inline_offers = OffersPanel(runner, inline=True)
        self.inline_offers.setObjectName("inlineOffers")
        self.inline_offers.failed.connect(self.failed)
        self.inline_offers.attach(self.calls)
        self.inline_offers.follow(self.offers)  # the step's kinds of the one ranking
        self.inline_offers.answered.connect(self._inline_answered)
        self.inline_offers.show_all.connect(self.show_all_offers)
        self.inline_offers.hide()
        self.script.offers_requested.connect(self._offers_requested)
        self.script_page = QWidget()
        self.script_page.setObjectName("scriptPage")
        script_page_layout = QVBoxLayout(self.script_page)
        script_page_layout.setContentsMargins(0, 0, 0, 0)
        script_page_layout.addWidget(self.script, 1)
        script_page_layout.addWidget(self.inline_offers, 1)
        self.inline_offers.bind_keys(self.script_page)
        self.flash_timer = QTimer(self)
        self.flash_timer.setSingleShot(True)
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(self._unflash)
        self.tools = QTabWidget()
        self.tools.setObjectName("callTools")
        self.wrapup = WrapUpPanel(runner, drafts)
        self.wrapup.setObjectName("wrapupPanel")
        self.wrapup.failed.connect(self.failed)
        self.wrapup.submitted.connect(self._call_submitted)
        self.script.path_changed.connect(self._script_moved)
        self.tools.addTab(self.script_page, self.tr("Scr&ipt"))
        self.tools.addTab(self.offers, self.tr("&Offers"))
        self.tools.addTab(self.wrapup, self.tr("&Wrap-up"))
        QShortcut(QKeySequence("F6"), self, activated=self.focus_script)
        QShortcut(QKeySequence("F7"), self, activated=self.focus_reason)
        QShortcut(QKeySequence("F8"), self, activated=self.open_objections)
        QShortcut(QKeySequence("F9"), self, activated=self.cancel_now)
        self.tools.currentChanged.connect(self._tool_shown)
        tools_box = QWidget()
        reason_row = QHBoxLayout()
        reason_label = QLabel(self.tr("Reason for leaving (F7):"))
        reason_label.setBuddy(self.reason)
        reason_row.addWidget(reason_label)
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
        layout.addWidget(self.incident_banner)
        layout.addLayout(bar)
        layout.addWidget(self.replace_bar)
        layout.addWidget(self.callbacks_bar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.set_enabled_for_data(False)
        self.unknown_number: str | None = None

    # -- wiring ----------------------------------------------------------------------

    def set_enabled_for_data(self, enabled: bool) -> None:
        self.phone.setEnabled(enabled)
        self.pop_button.setEnabled(enabled)

    def set_desk(self, desk: Desk, reasons: Sequence[tuple[str, str, str]],
                 dispositions: Sequence[tuple[str, str, str, bool, bool]]) -> None:
        """The desk every lookup and write goes through (its person takes the calls), the
        reason tree and the outcomes to choose from."""
        self.desk = desk
        self.user = user = desk.user
        self.set_enabled_for_data(True)
        # Before the scripts load: the first script shown already speaks in the agent's form.
        self.script.set_agent_gender(user.gender.value if user is not None else None)
        self.wrapup.set_desk(desk, reasons, dispositions)
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItem(self.tr("Choose the reason…"), "")
        for code, he, en in reasons:
            self.reason.addItem(pick(he, en), code)
        self.reason.blockSignals(False)
        self.script.set_desk(desk, {code: (he, en) for code, he, en, _save, _cancel in dispositions})
        self.offers.set_desk(desk)
        self.inline_offers.set_desk(desk)
        self.calls.desk = desk
        self.callbacks_timer.start()
        self.check_callbacks()
        self.outage = Outage.of(desk)
        self.incident_banner.set_outage(self.outage, self.incident_poll_seconds)

    def check_callbacks(self) -> None:
        if self.desk is None or self.user is None:
            return
        desk = self.desk

        def load() -> list[DueCallback]:
            # On the embedded file the desk keeps its own house first (overdue callbacks go
            # to the team queue); on a shared server the server job does, not the desks.
            desk.housekeeping()
            return desk.due_callbacks()

        # A poll: never two at once, never in the way of a lookup; a server that is down is
        # shown in the status bar, not as a message every half minute.
        self.runner.submit(load, self._show_callbacks, self._poll_failed, lane=Lane.POLL, key="callbacks")

    def _poll_failed(self, exc: Exception) -> None:
        if not is_connection_failure(exc):
            self.failed.emit(describe(exc))

    def _show_callbacks(self, due: list[DueCallback]) -> None:
        self.due = due
        if not due:
            self.callbacks_bar.hide()
            return
        first = due[0]
        who = first.customer_name or ltr(display_phone(first.phone_e164 or ""))
        when = first.due_at.astimezone(ISRAEL).strftime("%H:%M")
        text = (self.tr("Callback overdue since %1: %2") if first.overdue else self.tr("Callback due at %1: %2"))
        text = text.replace("%1", when).replace("%2", who)
        if not first.mine:
            text += " " + self.tr("(team queue)")
        if first.note:
            text += f" · {first.note}"
        if len(due) > 1:
            text += " " + self.tr("and %1 more").replace("%1", str(len(due) - 1))
        self.callbacks_text.setText(text)
        self.callback_call.setEnabled(bool(first.phone_e164))
        self.callbacks_bar.show()

    def _call_back(self) -> None:
        if self.due and self.due[0].phone_e164:
            self.pop(self.due[0].phone_e164)

    def _callback_done(self) -> None:
        if not self.due or self.desk is None:
            return
        desk, callback_id = self.desk, self.due[0].id
        self.runner.submit(lambda: desk.complete_callback(callback_id), lambda _r: self.check_callbacks(),
                           lambda exc: self.failed.emit(describe(exc)))

    def reveal_national_id(self, customer_id: uuid.UUID, reason: str) -> None:
        """The agent gave a reason to see the whole national ID: the desk asks the database
        (which records who saw it, when and why) and the 360 shows it for this call."""
        if self.desk is None:
            self.caller.reveal_refused()
            return
        desk = self.desk

        def failed(exc: Exception) -> None:
            text = self.tr("The national ID could not be shown: %1").replace("%1", describe(exc))
            self.caller.reveal_refused(text)
            self.show_note(text, error=True)

        self.runner.submit(lambda: desk.reveal_national_id(customer_id, reason), self.caller.show_national_id,
                           failed)

    def focus_script(self) -> None:
        """F6: the script takes the keyboard (answers by number, Alt+Left back; on an offers
        step P, A, D, T act on the chosen offer)."""
        self.tools.setCurrentWidget(self.script_page)
        self.script.setFocus()

    def open_objections(self) -> None:
        """F8: the script's objection library, open on the script tab (arrows and Enter choose)."""
        self.focus_script()
        self.script.show_objections()

    def cancel_now(self) -> None:
        """F9: the customer wants to leave: the script goes to the cancellation at once."""
        self.focus_script()
        self.script.cancel_now()

    def _tool_shown(self, _index: int) -> None:
        """The Offers tab came forward (Alt+O, a click): the keyboard goes to its cards, so
        P, A, D and T act at once, unless the agent is walking the tabs with the arrows."""
        if self.tools.currentWidget() is self.offers and not self.tools.tabBar().hasFocus():
            self.offers.setFocus()

    def focus_reason(self) -> None:
        """F7: the reason for leaving (arrows choose; the script, offers and wrap-up follow)."""
        self.reason.setFocus()

    def show_all_offers(self) -> None:
        """The full list of offers, whatever the script step asked for."""
        self.offers.set_kinds(None)
        self.tools.setCurrentWidget(self.offers)
        self.offers.setFocus()

    # -- the call ----------------------------------------------------------------------

    @property
    def call(self) -> Call | None:
        return self.calls.call

    @property
    def call_id(self) -> uuid.UUID | None:
        return self.call.id if self.call else None

    @property
    def call_ended(self) -> datetime | None:
        return self.call.ended_at if self.call else None

    def _start_call(self, e164: str | None = None) -> Call:
        call = Call(self.user, caller_e164=e164)
        self.calls.start(call)
        self.clock.start()
        self.wrap_clock.stop()
        self.end_button.show()
        return call

    def _reason_changed(self, _index: int) -> None:
        """The agent picked a reason: the call has it, and script, offers and wrap-up follow.
        A script path the agent has walked is discarded only after asking."""
        code = self.reason.currentData() or None
        call = self.call
        if call is None:
            return
        if call.reason is not None and code != call.reason and self.script.runner is not None \
                and self.script.runner.can_go_back:
            old = self.reason.itemText(max(self.reason.findData(call.reason), 0))
            if not ReasonChangeDialog.ask(self, old, self.reason.currentText()):
                self.reason.blockSignals(True)
                self.reason.setCurrentIndex(max(self.reason.findData(call.reason), 0))
                self.reason.blockSignals(False)
                return
        call.set_reason(code)

    def _call_changed(self, what: str) -> None:
        call = self.call
        if call is None:
            return
        if what == "reason":
            self.script.set_reason(call.reason)
            self.offers.set_reason(call.reason)
            self.inline_offers.set_reason(call.reason)
            self._show_inline_offers()
            self.reason.blockSignals(True)
            self.reason.setCurrentIndex(max(self.reason.findData(call.reason or ""), 0))
            self.reason.blockSignals(False)
        if what in ("reason", "script", "offers", "captures", "customer", "outbound") and self.user is not None \
                and self.wrapup.in_progress:
            self.wrapup.propose(call.proposed_wrapup())

    def _script_moved(self) -> None:
        runner, call = self.script.runner, self.call
        if runner is None or call is None:
            return
        captured = dict(runner.captured)  # Back undoes a capture too
        for field in set(call.captures) | set(captured):
            call.capture(field, captured.get(field, ""))
        call.walked(runner.path_for_log(), runner.script.version_id,
                    runner.disposition if runner.finished else None, runner.reason)
        self._show_inline_offers()

    def _offers_requested(self, kinds: list[str]) -> None:
        # The offers step's kinds, right under the step; the Offers tab keeps the full list.
        self.inline_offers.set_kinds(kinds)
        self._show_inline_offers()

    def _show_inline_offers(self) -> None:
        runner = self.script.runner
        show = bool(runner is not None and not runner.finished and runner.current.offer_kinds
                    and self.call is not None and self.call.reason)
        # With offers below, the step's text and answers take what they need and the offers
        # the rest; without, the script has the whole tab.
        layout = self.script_page.layout()
        layout.setStretchFactor(self.script, 0 if show else 1)
        self.script.setSizePolicy(QSizePolicy.Policy.Preferred,
                                  QSizePolicy.Policy.Maximum if show else QSizePolicy.Policy.Preferred)
        self.inline_offers.setVisible(show)

    def _inline_answered(self, response: str) -> None:
        """The customer answered an offer under the script: the script moves on (declined
        only once no other offer there is left to present)."""
        runner = self.script.runner
        if runner is None or runner.finished or not runner.current.offer_kinds:
            return
        if response == "declined" and any(c.state == "new" for c in self.inline_offers.cards):
            self.inline_offers.choose(next(n for n, c in enumerate(self.inline_offers.cards) if c.state == "new"))
            return
        keys = runner.current.answer_keys
        if response in keys:
            self.script.answer(keys.index(response))
            self.script.setFocus()

    def _lead_answered(self, _word: str) -> None:
        """The team lead answered: the agent must notice, whatever tab is open."""
        QApplication.beep()
        self.tools.setStyleSheet("QTabWidget#callTools::pane { border: 3px solid #b26a00; }"
                                 "QTabWidget#callTools QTabBar::tab { background: #fff3cd; }")
        self.flashing = True
        self.flash_timer.start()

    def _unflash(self) -> None:
        self.tools.setStyleSheet("")
        self.flashing = False

    def _new_call(self, profile: CustomerProfile | None, e164: str | None = None) -> None:
        """The customer (or unknown number) now on screen: the script, the offers and the
        wrap-up start for the call, which starts now unless a pop started it already."""
        call = self.call or self._start_call()
        name = f"{profile.first_name} {profile.last_name}" if profile else ""
        if call.caller_e164 is None and e164:
            call.caller_e164 = e164
        base = self.wrapup.current() if self.wrapup.in_progress else None
        linking = base is not None and base.call_id == call.id and base.customer_id is None and profile is not None
        if profile is not None:
            call.set_customer(profile.id, name)
        self.reason.blockSignals(True)
        self.reason.setCurrentIndex(0)
        self.reason.blockSignals(False)
        call.reason_changes.clear()  # a new customer on the line: their reason is still to come
        self.offers.show_customer(profile)
        self.inline_offers.show_customer(profile)
        self.inline_offers.hide()
        self.script.show_customer(profile)
        if linking and base is not None and profile is not None:
            # An unknown caller turned out to be this customer: the call (and what the agent
            # typed) stays, now linked to them.
            self.wrapup.begin(WrapUp(**{**base.__dict__, "customer_id": profile.id, "customer_name": name}))
        elif self.user is not None:
            self.wrapup.begin(call.proposed_wrapup())
        self.tools.setCurrentWidget(self.script_page)
        self._check_outage(call, profile)
        if self.task is not None and profile is not None and profile.id == self.task.customer_id:
            self._begin_task_call(call)

    # -- the work queue's outbound calls ------------------------------------------------

    def work_task(self, task: QueueTask, queue: WorkQueue) -> None:
        """Call the customer of a claimed work-queue task: pop them with the task's script;
        the call is logged outbound and submitting its wrap-up closes the task."""
        if self.call_id is not None and self.wrapup.in_progress:
            self.show_note(self.tr("Finish the wrap-up of the call on screen first."), error=True)
            return
        self.task, self.task_queue = task, queue
        self.open_customer(task.customer_id)

    def _begin_task_call(self, call: Call) -> None:
        task, queue = self.task, self.task_queue
        assert task is not None and queue is not None
        call.mark_outbound()  # the wrap-up follows: outcomes of a call we made, no reason unless they leave
        chosen = next((s for s in self.script.scripts if s.key == task.script_key), None)
        if chosen is not None:
            # The task's script answers every reason on this call (the panel picks a script by
            # the reason for leaving; a greeting or a survey has none).
            if self._scripts_before_task is None:
                self._scripts_before_task = list(self.script.scripts)
            self.script.scripts = [replace(chosen, fallback=True)]
            self.script.set_reason(None)
            self.script.show_customer(self.script.profile)
        call_id, started = call.id, call.started_at
        self.runner.submit(lambda: queue.start_call(task.id, call_id, started), lambda _id: None,
                           lambda exc: self.failed.emit(describe(exc)))
        self.show_note(self.tr("Outbound call: %1").replace("%1", task.title(current_language())))

    def _end_task(self) -> None:
        if self._scripts_before_task is not None:
            self.script.scripts = self._scripts_before_task
            self._scripts_before_task = None
        self.task = self.task_queue = None

    def _check_outage(self, call: Call, profile: CustomerProfile | None) -> None:
        """Outage mode: an open incident touching this caller flags them in the banner, puts
        the outage script (reason "outage") and the goodwill offers first, and tags the call."""
        self.incident_banner.show_caller([])
        outage = self.outage
        if outage is None or profile is None:
            return
        call_id, customer_id = call.id, profile.id

        def done(affected: list[IncidentInfo]) -> None:
            call = self.call
            if call is None or call.id != call_id or not affected:
                return
            self.incident_banner.show_caller(affected)
            self.script.set_open_incident(True)
            base = self.wrapup.base
            if base is not None and base.call_id == call_id:
                self.wrapup.base = WrapUp(**{**base.__dict__, "incident_id": affected[0].id})
            if call.reason is None:
                call.set_reason(OUTAGE_REASON)

        self.runner.submit(lambda: outage.affecting(customer_id), done, lambda _exc: None, latest="outage-caller")

    def restore_call(self, draft: WrapUp) -> None:
        """After a crash: reopen the unfinished call with everything the agent had typed,
        the caller's 360 (header and history), and the keyboard in the wrap-up."""
        call = Call(self.user, call_id=draft.call_id, started_at=draft.started_at, customer_id=draft.customer_id,
                    customer_name=draft.customer_name, caller_e164=draft.caller_e164)
        if draft.primary_reason:
            call.reason_changes.append((draft.primary_reason, draft.started_at))
        call.captures.update(draft.captured)  # so the next proposal keeps what the script captured
        if draft.outbound:
            call.mark_outbound()
        call.ended_at = draft.ended_at
        self.calls.start(call)
        self.wrapup.begin(draft)
        self.end_button.setVisible(draft.ended_at is None)
        self.tools.setCurrentWidget(self.wrapup)
        # Ctrl+Enter submits from inside the form: the keyboard goes there, not to the search.
        self.wrapup.disposition.setFocus()
        self.show_note(self.tr("Your unfinished call was restored: finish its wrap-up."))
        if draft.customer_id is None:
            self.unknown_number = draft.caller_e164
            self.unknown.setText(self.tr("Unfinished call with %1: finish its wrap-up.").replace(
                "%1", ltr(display_phone(draft.caller_e164 or "")) if draft.caller_e164 else "…"))
            self.pages.setCurrentWidget(self.unknown)
        elif self.desk is not None:
            desk, customer_id = self.desk, draft.customer_id

            def done(result: tuple[CustomerProfile | None, CustomerHistory | None]) -> None:
                profile, history = result
                if profile is None or self.call_id != draft.call_id:
                    return
                self.caller.show_profile(profile)
                self.pages.setCurrentWidget(self.caller)
                self.offers.show_customer(profile)
                self.inline_offers.show_customer(profile)
                self.caller_shown.emit(profile.account_number)
                if history is not None:
                    self.caller.show_history(history)
                    self.script.set_history(history)
                    self.history_shown.emit(profile.account_number)

            self.runner.submit(lambda: desk.customer_360(customer_id), done, self._lookup_failed, latest="caller")

    def end_call(self) -> None:
        """Ctrl+E: the conversation is over; the wrap-up clock starts."""
        if self.call_id is None or self.call_ended is not None:
            return
        assert self.call is not None
        ended = self.call.end()
        self.clock.stop()
        self.end_button.hide()
        self.wrap_clock.start()
        self.wrapup.end_call(ended)
        self.tools.setCurrentWidget(self.wrapup)
        self.wrapup.disposition.setFocus()

    def _call_submitted(self, result: object) -> None:
        task, queue = self.task, self.task_queue
        call_id = getattr(result, "call_id", None)
        if task is not None and queue is not None and isinstance(call_id, uuid.UUID):
            self.runner.submit(lambda: queue.finish(task.id, call_id), lambda _r: self.task_done.emit(task.id),
                               lambda exc: self.failed.emit(describe(exc)))
        self._end_task()
        self.calls.start(None)
        self.inline_offers.hide()
        self.incident_banner.show_caller([])
        self.clock.stop()
        self.wrap_clock.stop()
        self.end_button.hide()

    def _busy_with_a_call(self, action: str, argument: object) -> bool:
        """True (and ask) when a call's wrap-up is still open; the action waits for an answer.

        Opening a customer while the caller is unknown links the call to them instead.
        """
        if self.call_id is None or not self.wrapup.in_progress:
            return False
        base = self.wrapup.base
        if action == "open_customer" and base is not None and base.customer_id is None:
            return False
        self._waiting = (action, argument)
        self.replace_text.setText(self.tr("A call with %1 is not wrapped up yet. Replace it?")
                                  .replace("%1", self.wrapup.title.text().split(": ", 1)[-1] or "…"))
        self.replace_bar.show()
        self.replace_no.setFocus()
        return True

    def _replace_confirmed(self) -> None:
        self.replace_bar.hide()
        waiting, self._waiting = self._waiting, None
        self.wrapup.discard()
        self._call_submitted(None)
        if waiting is not None:
            action, argument = waiting
            getattr(self, action)(argument)

    def _replace_refused(self) -> None:
        self.replace_bar.hide()
        self._waiting = None

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
        if self.desk is None or self._busy_with_a_call("pop", raw):
            return
        if self.phone.text() != raw:
            self.phone.setText(raw)
        self._start_call()
        desk, region = self.desk, self.region
        self._run(lambda: desk.pop(raw, region), self._show_lookup, lambda exc: self._pop_failed(raw, exc))

    def search(self, text: str) -> None:
        if self.desk is None:
            return
        try:
            text = check_search_text(text)  # refused here, before anything is sent
        except SearchTooLong as exc:
            if exc.what == "words":
                note = self.tr("A search takes at most %n words: a name, a number or an email.", "", exc.limit)
            else:
                note = self.tr("A search takes at most %n characters.", "", exc.limit)
            self.show_note(note, error=True)
            return
        desk, region = self.desk, self.region
        self._run(lambda: desk.search(text, region), lambda found: self._show_results(text, found))

    def open_customer(self, customer_id: uuid.UUID) -> None:
        if self.desk is None or self._busy_with_a_call("open_customer", customer_id):
            return
        desk = self.desk
        self._run(lambda: desk.customer(customer_id), self._show_profile)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.open_customer(item.data(Qt.ItemDataRole.UserRole))

    def _run(self, fn: Callable[[], object], show: Callable[[object], None],
             failed: Callable[[Exception], None] | None = None) -> None:
        # One "latest" stream for everything that decides who is on screen: the runner
        # drops an answer (or error) once a newer pop, search or open was asked for.
        self.runner.submit(fn, show, failed or self._lookup_failed, latest="caller")

    def _lookup_failed(self, exc: Exception) -> None:
        self.show_note(self.tr("The lookup failed: %1").replace("%1", describe(exc)), error=True)

    def _pop_failed(self, raw: str, exc: Exception) -> None:
        """The pop could not be looked up: nobody's data stays on screen, the agent is told
        why, and the wrap-up opens for the number so the call can still be logged."""
        try:
            e164: str | None = to_e164(raw, self.region)
        except PhoneNumberError:
            e164 = None
        self.caller.clear()
        self.unknown_number = e164
        self._popped_e164 = e164
        shown = ltr(display_phone(e164 or raw))
        if isinstance(exc, NotOnThisDesk):
            # Offline, and this caller's history is not on the desk: the call still counts.
            self.unknown.setText(
                self.tr("The server cannot be reached, and the caller %1 is not among the customers kept on this "
                        "desk.\nTake the call and log it in the wrap-up: it is kept against the number and sent "
                        "when the server answers.").replace("%1", shown))
            note = self.tr("The caller is not on this desk, and the server cannot be reached now.")
        else:
            self.unknown.setText(
                self.tr("The caller %1 could not be looked up.\nTake the call and log it in the wrap-up: "
                        "it is kept against the number.").replace("%1", shown))
            note = self.tr("The caller could not be looked up: %1").replace("%1", describe(exc))
        self.pages.setCurrentWidget(self.unknown)
        self._new_call(None, e164 or raw)
        self.tools.setCurrentWidget(self.wrapup)
        self.show_note(note, error=True)

    def show_note(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1d5fa8;")
        self.message.show()

    # -- showing ---------------------------------------------------------------------

    def _show_lookup(self, lookup: object) -> None:
        assert isinstance(lookup, CallerLookup)
        if lookup.error:
            self.show_note(self.tr("This is not a phone number we can use: %1").replace("%1", lookup.raw), error=True)
            return
        self.message.hide()
        self.unknown_number = None
        self._popped_e164 = lookup.e164
        if lookup.profile is not None:
            self._show_profile(lookup.profile, lookup.history)
        elif lookup.matches:
            self._show_chooser(
                self.tr("%1 customers share the number %2. Who is calling?")
                .replace("%1", str(len(lookup.matches))).replace("%2", ltr(display_phone(lookup.e164 or ""))),
                lookup.matches,
            )
        else:
            self.unknown_number = lookup.e164
            self._new_call(None, lookup.e164)
            self.unknown.setText(
                self.tr("New caller: no customer has the number %1.\n"
                        "Take the call; if you find who it is (search above), the call is linked to them.")
                .replace("%1", ltr(display_phone(lookup.e164 or lookup.raw)))
            )
            self.pages.setCurrentWidget(self.unknown)

    def _show_results(self, text: str, found: object) -> None:
        assert isinstance(found, list)
        self.message.hide()
        if len(found) == 1 and not getattr(found, "local_only", False):
            self.open_customer(found[0].id)
            return
        title = (self.tr("%1 customers match \u201c%2\u201d. Choose one:").replace("%1", str(len(found)))
                 if found else self.tr("No customer matches \u201c%2\u201d.")).replace("%2", text)
        self._show_chooser(title, tuple(found))
        if getattr(found, "local_only", False):
            self.show_note(self.tr("The server cannot be reached: only the customers kept on this desk were "
                                   "searched."))

    def _show_chooser(self, title: str, matches: tuple[CustomerMatch, ...]) -> None:
        self.chooser_title.setText(title)
        self.chooser.show_matches(matches)
        self.pages.setCurrentWidget(self.chooser_page)
        if matches:
            self.chooser.setFocus()

    def _show_profile(self, profile: object, history: CustomerHistory | None = None) -> None:
        """The caller's 360: the header now, the history when it comes (or at once, when the
        desk read it with the profile: an offline desk's copy answers both in one go, and
        the screen is then laid out and painted once instead of twice)."""
        if not isinstance(profile, CustomerProfile):
            self.show_note(self.tr("That customer no longer exists."), error=True)
            return
        self.caller.show_profile(profile)
        self._new_call(profile, self._popped_e164)
        self.pages.setCurrentWidget(self.caller)
        self.caller_shown.emit(profile.account_number)
        # The history is the same stream: a newer pop drops it as well.
        desk = self.desk
        assert desk is not None

        def done(result: CustomerHistory) -> None:
            self.caller.show_history(result)
            self.script.set_history(result)
            self.history_shown.emit(profile.account_number)

        if history is not None:
            done(history)
            return
        self.runner.submit(lambda: desk.history(profile), done, self._lookup_failed, latest="caller")
