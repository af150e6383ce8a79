"""The team lead's view: approval requests live, results of the last 30 days, the newest
calls, and coaching (QA reviews per agent).

Everything it shows or sends goes through the desk (:class:`agent_desk.desk.Desk`) on the
task runner; the desk's person is the team lead whose queue this is.

Live: on PostgreSQL a listener on a thread of its own (:mod:`agent_desk.ui.approvals_live`)
hears each request and decision the moment it commits, and the queue is read again then;
a slow poll stays as a safety net. When the listener is down (or on SQLite, which has no
notifications) the queue is polled every few seconds.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk.coaching import Coaching
from agent_desk.desk import ApprovalContext, Desk, DeskUser, LeadOverview, LeadQueue, PendingApproval
from agent_desk.offers import approvals
from agent_desk.ui.approvals_live import ApprovalFeed
from agent_desk.ui.coaching_view import CoachingView
from agent_desk.ui.i18n import isolate, money, short_date, ui_direction
from agent_desk.ui.plain_text import plain
from agent_desk.ui.table_models import ApprovalModel, CallLogModel, DispositionModel, make_table_view
from agent_desk.ui.tasks import Lane, TaskRunner, describe, is_connection_failure

APPROVALS_POLL_MS = 3000  # no notices (SQLite, or the listener is down): poll this often
LIVE_POLL_MS = 60_000  # notices arrive: a slow poll only as a safety net


class _ApprovalsClock(QTimer):
    """The live queue's clock: stopping it (the window's shutdown) also stops the listener."""

    def __init__(self, view: LeadView) -> None:
        super().__init__(view)
        self._view = view

    def stop(self) -> None:
        super().stop()
        self._view.stop_live()


class LeadView(QWidget):
    """Signals:
    failed(str): the overview could not be loaded.
    """

    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.desk: Desk | None = None
        self.title = QLabel(self.tr("Last 30 days"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.calls = QLabel()
        self.calls.setObjectName("leadCalls")
        self.saves = QLabel()
        self.saves.setObjectName("leadSaves")
        self.rate = QLabel()
        self.rate.setObjectName("leadSaveRate")
        summary = QHBoxLayout()
        summary.setSpacing(32)
        for widget in (self.calls, self.saves, self.rate):
            widget.setFont(font)
            summary.addWidget(widget)
        summary.addStretch(1)

        self.disposition_model = DispositionModel(self)
        self.log_model = CallLogModel(self)
        # Outcomes keep the order the admins gave them.
        self.dispositions = make_table_view(self.disposition_model, sortable=False)
        self.dispositions.setObjectName("dispositions")
        self.log = make_table_view(self.log_model)
        self.log.setObjectName("callLog")
        self.log.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Outcomes")))
        left_layout.addWidget(self.dispositions)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Latest calls")))
        right_layout.addWidget(self.log)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)

        self.approval_model = ApprovalModel(self)
        self.approvals = make_table_view(self.approval_model)
        self.approvals.setObjectName("approvals")
        self.approvals.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.approvals.selectionModel().selectionChanged.connect(lambda *_: self._show_request_context())
        self.approvals_title = QLabel(self._waiting_text(0))
        self.approvals_title.setObjectName("approvalsTitle")
        self.live_state = QLabel()
        self.live_state.setObjectName("approvalsLive")
        self.feed: ApprovalFeed | None = None
        self._listening_for: Desk | None = None
        self._read_again = False
        # Who the customer is and how far the agent may go alone, for the chosen request.
        self.request_context = QLabel()
        self.request_context.setObjectName("requestContext")
        self.request_context.setWordWrap(True)
        side = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        self.request_context.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self._contexts: dict[uuid.UUID, ApprovalContext] = {}
        self.decision_reason = QLineEdit()
        self.decision_reason.setObjectName("decisionReason")
        self.decision_reason.setPlaceholderText(self.tr("Reason (the agent sees it)"))
        self.approve_button = QPushButton(self.tr("A&pprove"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button = QPushButton(self.tr("&Decline"))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.decision_message = QLabel()
        plain(self.request_context, self.decision_message)  # names, the server's words
        decision = QHBoxLayout()
        decision.addWidget(self.decision_reason, 1)
        decision.addWidget(self.approve_button)
        decision.addWidget(self.refuse_button)
        approvals_box = QWidget()
        approvals_layout = QVBoxLayout(approvals_box)
        approvals_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.approvals_title, 1)
        title_row.addWidget(self.live_state)
        approvals_layout.addLayout(title_row)
        approvals_layout.addWidget(self.approvals, 1)
        approvals_layout.addWidget(self.request_context)
        approvals_layout.addLayout(decision)
        approvals_layout.addWidget(self.decision_message)
        # Requests arrive live (notices), else by a poll off the GUI thread every few seconds.
        self.approvals_timer = _ApprovalsClock(self)
        self.approvals_timer.setInterval(APPROVALS_POLL_MS)
        self.approvals_timer.timeout.connect(self.refresh_approvals)
        splitter.setObjectName("leadResultsSplitter")
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.setObjectName("leadSplitter")
        self.coaching = CoachingView(runner)
        self.coaching.failed.connect(self.failed)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("leadTabs")
        self.tabs.addTab(splitter, self.tr("Resul&ts"))
        # Scrolls rather than making the window taller than a 1366x768 laptop's screen.
        self.coaching_page = coaching_page = QScrollArea()
        coaching_page.setObjectName("coachingPage")
        coaching_page.setWidgetResizable(True)
        coaching_page.setFrameShape(QFrame.Shape.NoFrame)
        coaching_page.setWidget(self.coaching)
        self.tabs.addTab(coaching_page, self.tr("C&oaching"))
        self.tabs.currentChanged.connect(lambda _index: self._tab_shown())
        vertical.addWidget(approvals_box)
        vertical.addWidget(self.tabs)
        vertical.setStretchFactor(1, 3)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_live)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(summary)
        layout.addWidget(vertical, 1)

    @property
    def lead(self) -> DeskUser | None:
        """The team lead at this desk (the desk's person)."""
        return self.desk.user if self.desk is not None else None

    def set_desk(self, desk: Desk | None) -> None:
        """The desk to read through; with a person at it, their team's approval requests
        are shown live."""
        self.desk = desk
        lead = self.lead
        self.approvals.setEnabled(lead is not None)
        self.coaching.set_coaching(Coaching(desk) if desk is not None and lead is not None else None)
        if lead is not None:
            self._start_live(desk)
            self.approvals_timer.start()
            self.refresh_approvals()
            if self.tabs.currentWidget() is self.coaching_page:
                self.coaching.refresh()
        else:
            self.approvals_timer.stop()

    # -- live approvals --------------------------------------------------------------------

    def _start_live(self, desk: Desk | None) -> None:
        if desk is self._listening_for and self.feed is not None:
            return
        self.stop_live()
        connect = approvals.listener_for(desk) if desk is not None else None
        self._listening_for = desk
        if connect is None:
            self._show_live(False)
            return
        self.feed = ApprovalFeed(connect, self)
        self.feed.notified.connect(self._notice)
        self.feed.live_changed.connect(self._show_live)
        self.feed.start()

    def stop_live(self) -> None:
        """Stop listening (the window closes, or another desk comes)."""
        if self.feed is not None:
            self.feed.stop()
            self.feed.deleteLater()
            self.feed = None
        self._listening_for = None

    def _show_live(self, live: bool) -> None:
        self.approvals_timer.setInterval(LIVE_POLL_MS if live else APPROVALS_POLL_MS)
        self.live_state.setText(self.tr("live") if live else
                                self.tr("checking every %n seconds", "", APPROVALS_POLL_MS // 1000))

    def _notice(self, channel: str, payload: str) -> None:
        lead = self.lead
        if lead is None:
            return
        if channel == approvals.REQUESTS_CHANNEL and payload.split(":", 1)[0] != str(lead.team_id):
            return  # another team's request
        if channel == approvals.DECISIONS_CHANNEL and payload not in {
                str(self.approval_model.row_at(row).id) for row in range(self.approval_model.rowCount())}:
            return  # decided, but not one of ours
        self.refresh_approvals()

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.coaching_page:
            self.coaching.refresh()

    def refresh_approvals(self) -> None:
        if self.desk is None or self.lead is None:
            return
        desk = self.desk

        # A poll: one at a time, in the poll lane; a server that is down shows in the status bar.
        # A notice that comes while one runs is read by another right after it.
        def failed(exc: Exception) -> None:
            if not is_connection_failure(exc):
                self.failed.emit(describe(exc))

        started = self.runner.submit(desk.lead_queue, self._show_approvals, failed, lane=Lane.POLL,
                                     key="lead-approvals")
        self._read_again = not started and self.runner.is_running("lead-approvals")

    def _waiting_text(self, count: int) -> str:
        return self.tr("Waiting for your approval: %n requests", "", count)

    def _show_approvals(self, queue: LeadQueue) -> None:
        pending, self._contexts = queue
        if self._read_again:
            self._read_again = False
            QTimer.singleShot(0, self.refresh_approvals)
        # In place: the request the lead has chosen stays chosen while others come and go.
        self.approval_model.update_rows(pending, key=lambda request: request.id)
        self.approvals_title.setText(self._waiting_text(len(pending)))
        if pending and not self.approvals.selectionModel().hasSelection():
            self.approvals.selectRow(0)
        self._show_request_context()

    def _chosen(self) -> PendingApproval | None:
        rows = self.approvals.selectionModel().selectedRows() if self.approvals.selectionModel() else []
        if not rows:
            return None
        source = self.approvals.model().mapToSource(rows[0]) if hasattr(self.approvals.model(), "mapToSource") \
            else rows[0]
        return self.approval_model.row_at(source.row())

    def _chosen_request(self) -> uuid.UUID | None:
        chosen = self._chosen()
        return chosen.id if chosen is not None else None

    def _show_request_context(self) -> None:
        request = self._chosen()
        context = self._contexts.get(request.id) if request is not None else None
        if request is None or context is None:
            self.request_context.clear()
            return
        parts = []
        if context.customer_since is not None:
            parts.append(self.tr("customer since %1").replace("%1", short_date(context.customer_since)))
        parts.append(self.tr("pays %1 a month").replace("%1", money(context.monthly_revenue)))
        parts.append(self.tr("%n products", "", context.products))
        parts.append(self.tr("%n open cases", "", context.open_cases))
        customer = self.tr("%1: %2").replace("%1", isolate(request.customer_name or self.tr("unknown caller"))) \
            .replace("%2", ", ".join(parts))
        authority = self.tr("%1 may give up to %2 alone").replace("%1", isolate(request.agent_name)) \
            .replace("%2", money(context.agent_authority))
        if request.cost is not None and request.cost > context.agent_authority:
            authority += self.tr("; this asks %1, %2 more").replace("%1", money(request.cost)) \
                .replace("%2", money(request.cost - context.agent_authority))
        self.request_context.setText(f"{ui_direction(customer)}\n{ui_direction(authority)}")

    def decide(self, approve: bool) -> None:
        request_id = self._chosen_request()
        reason = self.decision_reason.text().strip()
        if self.desk is None or self.lead is None:
            return
        if request_id is None:
            # Never a silent no-op: the lead learns why nothing happened.
            self.decision_message.setText(self.tr("Choose a request in the list first."))
            self.approvals.setFocus()
            return
        if not reason:
            self.decision_message.setText(self.tr("Write the reason the agent will see."))
            self.decision_reason.setFocus()
            return
        desk = self.desk

        def done(_result: None) -> None:
            self.decision_reason.clear()
            self.decision_message.setText(self.tr("Sent to the agent."))
            self.refresh_approvals()

        def failed(exc: Exception) -> None:
            self.decision_message.setText(describe(exc))
            self.refresh_approvals()

        self.runner.submit(lambda: desk.decide(request_id, approve, reason), done, failed)

    def refresh(self) -> None:
        if self.desk is None:
            return

        # Not started again while the last refresh is still going (a slow server).
        self.runner.submit(self.desk.lead_overview, self.show_overview, lambda exc: self.failed.emit(describe(exc)),
                           lane=Lane.POLL, key="lead-overview")

    def show_overview(self, overview: LeadOverview) -> None:
        self.calls.setText(self.tr("%Ln calls", "", overview.calls))
        self.saves.setText(self.tr("%Ln saved", "", overview.saves))
        rate = overview.save_rate
        self.rate.setText(
            self.tr("save rate %1%").replace("%1", f"{rate * 100:.0f}") if rate is not None
            else self.tr("no calls yet")
        )
        self.disposition_model.set_rows(overview.by_disposition)
        self.log_model.set_rows(overview.recent)
