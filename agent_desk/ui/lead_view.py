"""The team lead's view: approval requests live above five tabs: Results (the last 30 days by
corrected outcome, the newest calls), the Call log (filters, a call's detail, corrections),
Dashboards (with the script funnel), Coaching (QA reviews per agent) and Audit (the team's
audit trail; an admin's is everyone's). Alt+1 to Alt+5 open the tabs in any language.

Everything it shows or sends goes through the desk (:class:`agent_desk.desk.Desk`) on the
task runner; the desk's person is the team lead whose queue this is. A tab gets its service
from the desk the first time it is shown (a lead who only answers requests never waits for a
dashboard); the call log's pages and the dashboards read the report database when one is set
(``report_db_url``), and a note says so when it lags behind the floor.

Live: on PostgreSQL a listener on a thread of its own (:mod:`agent_desk.ui.approvals_live`)
hears each request and decision the moment it commits, and the queue is read again then;
a slow poll stays as a safety net. When the listener is down (or on SQLite, which has no
notifications) the queue is polled every few seconds.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
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
from agent_desk.desk import ApprovalContext, Desk, DeskUser, LeadOverview, LeadQueue, PendingApproval, ReplicaState
from agent_desk.offers import approvals
from agent_desk.ui.approvals_live import ApprovalFeed
from agent_desk.ui.audit_view import AuditView
from agent_desk.ui.call_log_view import CallLogView
from agent_desk.ui.coaching_view import CoachingView, fit_columns, select_row
from agent_desk.ui.dashboard_view import DashboardView
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


class FittingScroll(QScrollArea):
    """A page that fills its tab and scrolls only below its content's smallest workable size.

    (QScrollArea's own resizing asks a layout with word-wrapping labels for its preferred
    height and scrolls a page that would have fitted.)"""

    def __init__(self, widget: QWidget, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(widget)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return super().viewportEvent(event)

    def _fit(self) -> None:
        widget = self.widget()
        if widget is not None:
            widget.resize(self.viewport().size().expandedTo(widget.minimumSizeHint()))


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
        # Its two lines (the customer, the authority) keep their room when the list is squeezed.
        self.request_context.setMinimumHeight(self.request_context.fontMetrics().lineSpacing() * 2 + 4)
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
        self.call_log = CallLogView(runner)
        self.call_log.setObjectName("leadCallLog")
        self.dashboards = DashboardView(runner)
        self.dashboards.setObjectName("leadDashboards")
        # Its status line says what went wrong (an agent's login reads no audit at all).
        self.audit = AuditView(runner)
        self.results_page = splitter
        self.tabs = QTabWidget()
        self.tabs.setObjectName("leadTabs")
        # Alt+letters of the tabs: not F, V, H (the window's menus) nor P, D (the buttons above).
        self.tabs.addTab(splitter, self.tr("Resul&ts"))
        self.tabs.addTab(self.call_log, self.tr("Call &log"))
        # These scroll rather than make the window taller than a 1366x768 laptop's screen.
        self.dashboards_page = FittingScroll(self.dashboards, "dashboardsPage")
        self.tabs.addTab(self.dashboards_page, self.tr("Dashboa&rds"))
        self.coaching_page = coaching_page = FittingScroll(self.coaching, "coachingPage")
        self.tabs.addTab(coaching_page, self.tr("C&oaching"))
        self.tabs.addTab(self.audit, self.tr("A&udit"))
        self.tabs.currentChanged.connect(lambda _index: self._tab_shown())
        # Alt+1 … Alt+5 open the tabs whatever the language (the letters differ in Hebrew).
        for n in range(self.tabs.count()):
            QShortcut(QKeySequence(f"Alt+{n + 1}"), self, activated=lambda n=n: self.tabs.setCurrentIndex(n))
        # Which tabs have this desk's services already (each gets them when first shown).
        self._wired: set[QWidget] = set()
        self.reports_note = QLabel()
        self.reports_note.setObjectName("reportsNote")
        self.reports_note.setWordWrap(True)
        self.reports_note.setStyleSheet("color: #7a4d00;")
        self.reports_note.hide()
        vertical.addWidget(approvals_box)
        vertical.addWidget(self.tabs)
        vertical.setStretchFactor(1, 3)
        # The tabs (a call log, charts) get two thirds; the queue keeps room for a few requests.
        vertical.setSizes([1, 2])
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_live)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(summary)
        layout.addWidget(self.reports_note)
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
        self._wired.clear()
        if lead is not None:
            self._start_live(desk)
            self.approvals_timer.start()
            self.refresh_approvals()
            self.refresh()
            self._tab_shown()
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

    # -- the tabs ----------------------------------------------------------------------------

    def _tab_shown(self) -> None:
        """The tab now shown gets the desk's services the first time (and loads); coaching and
        the audit are read again each time they come up."""
        page, desk = self.tabs.currentWidget(), self.desk
        if desk is None or self.lead is None:
            return
        first = page not in self._wired
        self._wired.add(page)
        if page is self.coaching_page:
            self.coaching.refresh()
        elif page is self.call_log and first:
            self.call_log.set_source(desk.call_log())
            self._check_reports()
        elif page is self.dashboards_page and first:
            self.dashboards.set_source(desk.dashboards())
            self._check_reports()
        elif page is self.audit:
            if first:
                self.audit.set_loaders(desk.audit, desk.audit_people)
                self.audit.start()
            else:
                self.audit.refresh()

    def reload(self) -> None:
        """F5: the figures, the queue and the tab in front, read again."""
        self.refresh()
        self.refresh_approvals()
        page = self.tabs.currentWidget()
        if page not in self._wired:
            self._tab_shown()
        elif page is self.call_log:
            self.call_log.apply_filter()
            self._check_reports()
        elif page is self.dashboards_page:
            self.dashboards.refresh()
            self._check_reports()
        elif page is self.coaching_page:
            self.coaching.refresh()
        elif page is self.audit:
            self.audit.refresh()

    def _check_reports(self) -> None:
        """Ask (in the poll lane) how far behind the report database is, for the note."""
        if self.desk is None:
            return
        self.runner.submit(self.desk.report_lag, self._show_reports_state, lambda _exc: self.reports_note.hide(),
                           lane=Lane.POLL, key="report-lag")

    def _show_reports_state(self, state: ReplicaState) -> None:
        if state.behind and state.lag is not None:
            seconds = int(state.lag.total_seconds())
            self.reports_note.setText(self.tr("The call log and the dashboards are read from a copy of the "
                                              "database that is %n seconds behind: the newest calls may be "
                                              "missing.", "", seconds))
            self.reports_note.show()
        else:
            self.reports_note.hide()

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
        fit_columns(self.approvals, self.approval_model)
        self.approvals_title.setText(self._waiting_text(len(pending)))
        if pending and not self.approvals.selectionModel().hasSelection():
            select_row(self.approvals)
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
        """The last 30 days of the lead's team (read once the lead is known: whose team it is
        decides what is counted)."""
        if self.desk is None or self.lead is None:
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
