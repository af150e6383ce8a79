"""The offline desk's sync worker and its status in the status bar (issue 12, item 6).

:class:`SyncWorker` runs sync rounds (``agent_desk.sync.engine.SyncEngine.sync_once``) on the
task runner's sync lane, never on the GUI thread: soon after each queued write, every few
seconds while the server answers, and with a growing pause (2 s up to 30 s) while it does not.
Now and then a round also asks the server which customers the agent will need and holds them,
and forgets the least recently needed beyond the desk's cap.

:class:`SyncIndicator` says what the agent needs to know in one line: online / offline /
syncing, how many things wait to be sent, when the desk last synced (Israel time), and how
many the server refused for good; clicking it lists those (:class:`RejectedDialog`): nothing
is dropped silently.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.data import migrate
from agent_desk.data.setup import SchemaMismatch
from agent_desk.offline import DEFAULT_HOLD, OfflineDesk
from agent_desk.security.identity import Refusal, classify
from agent_desk.sync.engine import SyncReport
from agent_desk.sync.errors import is_temporary
from agent_desk.ui.i18n import israel_clock, israel_date, israel_datetime
from agent_desk.ui.plain_text import plain_tip
from agent_desk.ui.tasks import Lane, TaskRunner, describe, summary

log = logging.getLogger(__name__)

ONLINE_EVERY_MS = 5_000  # the server answers: a round this often (what others changed comes in)
FIRST_RETRY_MS = 2_000  # it does not: the first retry, doubled each time...
LAST_RETRY_MS = 30_000  # ...up to this
SOON_MS = 150  # after a write: gather a burst of writes into one round
NEEDS_EVERY_S = 300  # ask the server what the agent will need this often


@dataclass(frozen=True)
class SyncState:
    """What the indicator shows.

    Attributes:
        state: ``online``, ``offline``, ``syncing`` or ``error`` (the server refuses for good:
            a changed password, a schema this app does not know).
        pending: writes waiting to be sent.
        last_sync: when a round last ended well.
        rejected: writes the server refused for good (kept, listed).
        problem: the last failure in words (for the tooltip), or "".
    """

    state: str
    pending: int
    last_sync: datetime | None
    rejected: int
    problem: str = ""


class SyncWorker(QObject):
    """Runs the desk's sync rounds. Signals: ``changed(SyncState)`` after every change of state."""

    changed = Signal(object)
    synced = Signal()  # a round ended well
    _wrote = Signal()  # from a worker thread: a write was queued
    _link = Signal(bool)  # from a worker thread: the link went up or down

    def __init__(self, runner: TaskRunner, desk: OfflineDesk, hold_limit: int = DEFAULT_HOLD,
                 parent: QObject | None = None, last_synced: datetime | None = None) -> None:
        super().__init__(parent)
        self.runner, self.engine, self.desk = runner, desk.sync_engine(), desk
        self.hold_limit = hold_limit or DEFAULT_HOLD
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.round)
        self._again = False
        self._retry_ms = FIRST_RETRY_MS
        self._needs_at: datetime | None = None
        self._stopped = False
        self._schema_checked = False
        self.last_report: SyncReport | None = None
        self.rejected: list[dict[str, Any]] = []
        self.state = SyncState("offline" if desk.link.online is False else "syncing", desk.store.pending_hint,
                               last_synced, 0)
        self._wrote.connect(self.soon)
        self._link.connect(self._link_changed)
        desk.link.on_write = self._wrote.emit
        desk.link.on_change = self._link.emit

    # -- scheduling ------------------------------------------------------------------------

    def start(self) -> None:
        self._stopped = False
        self.timer.start(0)

    def stop(self) -> None:
        """No more rounds; a round under way ends after its current batch or page."""
        self._stopped = True
        self.timer.stop()
        self.engine.stopping = True

    def soon(self) -> None:
        """A write was queued: say so now, send it in a moment (at once when online)."""
        self._show(pending=self.desk.store.pending_hint)
        if self._stopped:
            return
        if self.runner.is_running("sync"):
            self._again = True
        elif self.desk.link.online is not False:
            self.timer.start(SOON_MS)

    def _link_changed(self, online: bool) -> None:
        # A pop or a search found the server gone (or back): the indicator says so now.
        if not online and self.state.state != "offline":
            self._show(state="offline")

    def round(self) -> None:
        if self._stopped:
            return
        if self.runner.is_running("sync"):
            self._again = True
            return
        self._again = False
        ask_needs = self._needs_at is None or (datetime.now(UTC) - self._needs_at).total_seconds() > NEEDS_EVERY_S
        if self.state.state != "offline":
            self._show(state="syncing")
        started = self.runner.submit(lambda: self._work(ask_needs), self._done, self._failed, lane=Lane.SYNC,
                                     key="sync")
        if not started:
            self._again = True

    # -- on the worker ---------------------------------------------------------------------

    def _work(self, ask_needs: bool) -> tuple[SyncReport, list[dict[str, Any]], bool]:
        store, me = self.desk.store, self.desk.store.agent_id
        if not self._schema_checked:
            # A server on another schema than this app's would refuse (or worse, misread)
            # what the desk sends: nothing goes up until an admin upgrades one or the other.
            state = self.desk.server_schema()
            if not state.is_current:
                raise SchemaMismatch(f"the server has schema {state.current or 'none'}, this app needs {state.head}; "
                                     "ask an admin to run: agent-desk db upgrade")
            self._schema_checked = True
        report = self.engine.sync_once()
        store.mark_synced(datetime.now(UTC))
        self.desk.link.set(True)  # the server answered: the desk may ask it again
        if ask_needs:
            # At most half the cap: the other half is for the callers the agent pops.
            store.hold(self.desk.needed_customers(max(1, self.hold_limit // 2)))
            if store.held_customers(fetched=False):
                report = self.engine.sync_once()  # their histories now, not in five seconds
        store.evict(self.hold_limit, me)
        return report, store.rejected(), ask_needs

    # -- back on the GUI thread ------------------------------------------------------------

    def _done(self, result: tuple[SyncReport, list[dict[str, Any]], bool]) -> None:
        report, rejected, asked = result
        self.last_report, self.rejected = report, rejected
        if asked:
            self._needs_at = datetime.now(UTC)
        self.desk.link.set(True)
        self._retry_ms = FIRST_RETRY_MS
        self._show(state="online", last_sync=datetime.now(UTC), rejected=len(rejected), problem="",
                   pending=self.desk.store.pending_hint)
        self._next(SOON_MS if self._again else ONLINE_EVERY_MS)
        self.synced.emit()

    def _failed(self, exc: Exception) -> None:
        log.info("sync round failed: %s", summary(exc))
        refusal = classify(exc).refusal if isinstance(exc, sa.exc.DBAPIError) else None
        if refusal in (Refusal.WRONG_PASSWORD, Refusal.DISABLED, Refusal.NOT_ALLOWED_HERE):
            # Signed in offline with a password the server has since changed, or a login
            # disabled meanwhile: retrying will not help; the work stays here, nothing is lost.
            self._show(state="error", pending=self.desk.store.pending_hint, problem=self.tr(
                "The server refused this sign-in (a changed password, or a disabled login). Your work is kept on "
                "this desk: quit and sign in again to send it."))
            # Not tried again by itself (a server may lock a login out after a few refusals; F5
            # tries once more), and the old password no longer opens this desk offline.
            store = self.desk.store
            self.runner.submit(store.forget_password, lambda _done: None, lambda _exc: None, lane=Lane.SYNC)
            return
        if is_temporary(exc):
            self.desk.link.set(False)
            self._show(state="offline", problem=describe(exc), pending=self.desk.store.pending_hint)
            wait = self._retry_ms
            self._retry_ms = min(self._retry_ms * 2, LAST_RETRY_MS)
        else:
            # The server answers but refuses (a schema this version does not know...): say so
            # and keep working here; try again now and then. It answers: what needs it may try.
            self.desk.link.set(True)
            problem = (self.tr("The server is not ready for this version: %1").replace("%1", str(exc))
                       if isinstance(exc, SchemaMismatch | migrate.NewerSchema) else describe(exc))
            self._show(state="error", problem=problem, pending=self.desk.store.pending_hint)
            wait = LAST_RETRY_MS
        self._next(wait)

    def _next(self, ms: int) -> None:
        if not self._stopped:
            self.timer.start(ms)

    def _show(self, **changes: Any) -> None:
        values = {"state": self.state.state, "pending": self.state.pending, "last_sync": self.state.last_sync,
                  "rejected": self.state.rejected, "problem": self.state.problem, **changes}
        state = SyncState(**values)
        if state != self.state:
            self.state = state
            self.changed.emit(state)


class SyncIndicator(QToolButton):
    """The status bar's sync line; a click lists what the server refused."""

    def __init__(self, worker: SyncWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.worker = worker
        worker.changed.connect(self.show_state)
        self.clicked.connect(self.show_rejected)
        self.show_state(worker.state)

    def show_state(self, state: SyncState) -> None:
        parts = []
        if state.state == "online":
            parts.append(self.tr("Online"))
        elif state.state == "syncing":
            parts.append(self.tr("Syncing…"))
        elif state.state == "error":
            parts.append(self.tr("Not syncing"))
        else:
            parts.append(self.tr("Offline: working on this desk"))
        if state.pending:
            parts.append(self.tr("%n waiting to be sent", "", state.pending))
        elif state.state == "online":
            parts.append(self.tr("everything sent"))
        if state.last_sync is not None and state.state != "online":
            today = israel_date(datetime.now(UTC)) == israel_date(state.last_sync)
            when = israel_clock(state.last_sync) if today else israel_datetime(state.last_sync)
            parts.append(self.tr("last synced %1").replace("%1", when))
        if state.rejected:
            parts.append(self.tr("%n refused by the server", "", state.rejected))
        self.setText(" · ".join(parts))
        colour = {"online": "", "syncing": "", "offline": "color: #8a5300; font-weight: bold;",
                  "error": "color: #b3261e; font-weight: bold;"}[state.state]
        if state.rejected:
            colour = "color: #b3261e; font-weight: bold;"
        self.setStyleSheet(colour)
        tip = [self.tr("Last synced: %1").replace(
            "%1", israel_datetime(state.last_sync) if state.last_sync else self.tr("not yet"))]
        if state.problem:
            tip.append(state.problem)
        if state.rejected:
            tip.append(self.tr("Click to see what the server refused."))
        self.setToolTip(plain_tip("\n".join(tip)))  # the server's words, never markup

    def show_rejected(self) -> None:
        if self.worker.rejected:
            dialog = RejectedDialog(self.worker.rejected, self.window())
            dialog.open()


_KIND_WORDS = {
    "call.submit": QT_TRANSLATE_NOOP("RejectedDialog", "A call's wrap-up"),
    "call.present": QT_TRANSLATE_NOOP("RejectedDialog", "An offer presented"),
    "call.respond": QT_TRANSLATE_NOOP("RejectedDialog", "A customer's answer"),
    "call.ask_lead": QT_TRANSLATE_NOOP("RejectedDialog", "A request to the team lead"),
    "note.add": QT_TRANSLATE_NOOP("RejectedDialog", "A note"),
    "callback.add": QT_TRANSLATE_NOOP("RejectedDialog", "A callback"),
    "callback.complete": QT_TRANSLATE_NOOP("RejectedDialog", "A callback marked done"),
    "customer.edit": QT_TRANSLATE_NOOP("RejectedDialog", "A change to a customer's details"),
}


class RejectedDialog(QDialog):
    """What the server refused for good, with its reason: kept on the desk and on the server
    (the team lead sees them too), never dropped."""

    def __init__(self, rejected: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectedDialog")
        self.setWindowTitle(self.tr("Refused by the server"))
        text = QLabel(self.tr("The server refused these for good. They are kept here and on the server, where "
                              "your team lead can see them; nothing was thrown away."))
        text.setWordWrap(True)
        self.table = QTableWidget(len(rejected), 3)
        self.table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Customer or call"), self.tr("Why")])
        for row, entry in enumerate(rejected):
            kind = str(entry.get("kind", ""))
            what = QCoreApplication.translate("RejectedDialog", _KIND_WORDS[kind]) if kind in _KIND_WORDS else kind
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(_subject(entry.get("payload"))))
            self.table.setItem(row, 2, QTableWidgetItem(str(entry.get("reason", ""))))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 320)


def _subject(payload: Any) -> str:
    try:
        data = json.loads(payload) if isinstance(payload, str) else dict(payload or {})
    except (TypeError, ValueError):
        return ""
    wrapup = data.get("wrapup") or {}
    return str(wrapup.get("customer_name") or wrapup.get("caller_e164") or data.get("customer_id")
               or (data.get("call") or {}).get("id") or "")
