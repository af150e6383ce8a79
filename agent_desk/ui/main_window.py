"""The main window: agent and team-lead views, database status, start-up progress.

Views (Ctrl+1 … Ctrl+8): the agent's desk, the team lead's (approvals above Results, Call
log, Dashboards, Coaching and Audit tabs), the offer catalog, the work queue, referrals,
incidents, the agent's own QA reviews (My reviews) and the admin's import screen. Each gets
the desk (or a service of it) once the database is ready; none holds a session or an engine.

Start-up work (connect, migrate the embedded file, seed demo data on first run) runs on
the task runner while the window is already on screen, with a progress dialog while it
seeds; an unreachable database leaves the window up with an offline banner and a Retry
button instead of a crash. The status bar follows the database: "Connected" only while
calls to it work. Quitting with a wrap-up not yet submitted asks first
(:class:`QuitQuestion`), and the draft is on the disk before the window goes.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from agent_desk.data.db import sqlite_path
from agent_desk.data.setup import DatabaseUnavailable, ReadyDatabase, SchemaMismatch, prepare
from agent_desk.desk import Desk, DeskStart, DeskUser
from agent_desk.drafts import DraftStore
from agent_desk.offline import OfflineDesk, OpenedStore, ServerOffline, open_offline
from agent_desk.outage import Outage
from agent_desk.paths import AppDirs
from agent_desk.proactive.work import QueueTask
from agent_desk.reports_db import ReportDatabaseError
from agent_desk.security.identity import SignedIn
from agent_desk.settings import Settings
from agent_desk.sync.local import LocalStore
from agent_desk.ui.agent_view import AgentView
from agent_desk.ui.catalog_view import CatalogView
from agent_desk.ui.coaching_view import MyReviewsView
from agent_desk.ui.i18n import ltr
from agent_desk.ui.import_view import ImportView
from agent_desk.ui.incident_view import IncidentView
from agent_desk.ui.keymap import KeyboardMapOverlay
from agent_desk.ui.lead_view import LeadView
from agent_desk.ui.plain_text import plain
from agent_desk.ui.referrals_view import ReferralsView
from agent_desk.ui.sync_status import SyncIndicator, SyncState, SyncWorker
from agent_desk.ui.tasks import TaskRunner, describe, is_connection_failure
from agent_desk.ui.work_queue_view import WorkQueueView
from agent_desk.wrapup import WrapUp

# The size the window would like; it never opens larger than the screen it is on.
PREFERRED_SIZE = QSize(1400, 900)
# Room for the title bar and borders the window manager adds around the window.
FRAME_ALLOWANCE = QSize(16, 40)
WINDOW_STATE_FILE = "window.ini"


class QuitQuestion(QMessageBox):
    """Asked when the agent quits with a wrap-up not yet submitted: quit (the draft is kept
    and reopens at the next start) or stay and finish it. Staying is the default."""

    def __init__(self, parent: QWidget | None, who: str) -> None:
        super().__init__(parent)
        self.setObjectName("quitQuestion")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Quit agent-desk?"))
        self.setTextFormat(Qt.TextFormat.PlainText)  # the customer's name as it is on file
        self.setText(self.tr("The wrap-up of the call with %1 is not submitted yet.").replace("%1", who or "…"))
        self.setInformativeText(self.tr("If you quit now, what you typed is kept and reopens the next time "
                                        "you start agent-desk."))
        self.quit_button = self.addButton(self.tr("&Quit, keep the draft"), QMessageBox.ButtonRole.AcceptRole)
        self.stay_button = self.addButton(self.tr("&Stay and finish it"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.stay_button)
        self.setEscapeButton(self.stay_button)

    @classmethod
    def ask(cls, parent: QWidget | None, who: str) -> bool:
        """True to quit. Tests replace this; they never exec() a modal."""
        box = cls(parent, who)
        box.exec()
        return box.clickedButton() is box.quit_button


class MainWindow(QMainWindow):
    """Signals:
    ready(): the database is ready and the desk user known (pops and panels can work).
    settled(): no background work is running (the screen shows what it will show).
    """

    ready = Signal()
    settled = Signal()

    def __init__(self, settings: Settings, url: str, dirs: AppDirs, view: str = "agent",
                 signed: SignedIn | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.url = url
        self.dirs = dirs
        # On a shared server with offline on: the person signed in, their local store, the
        # sync worker and its line in the status bar (made when the store is open).
        self.signed = signed
        self.sync: SyncWorker | None = None
        self.sync_indicator: SyncIndicator | None = None
        self._store: LocalStore | None = None
        self.database: ReadyDatabase | None = None
        # The views' one way to the data (Qt-free): made when the database is ready.
        self.desk: Desk | None = None
        self._reports_desk: Desk | None = None  # the desk whose report database is open
        self.runner = TaskRunner(self)
        self.runner.busy_changed.connect(self._busy_changed)
        self.runner.database_reachable.connect(self._reachability_changed)
        self._shut_down = False
        self.setWindowTitle(self.tr("agent-desk: retention desk"))

        self.drafts = DraftStore(dirs)
        self.agent_view = AgentView(self.runner, self.drafts, settings.phone_region)
        self.lead_view = LeadView(self.runner)
        self.agent_view.incident_poll_seconds = settings.incident_poll_seconds or None
        self.catalog_view = CatalogView(self.runner)
        self.queue_view = WorkQueueView(self.runner)
        self.referrals_view = ReferralsView(self.runner)
        self.views = QStackedWidget()
        self.views.addWidget(self.agent_view)
        self.views.addWidget(self.lead_view)
        self.views.addWidget(self.catalog_view)
        self.views.addWidget(self.queue_view)
        self.views.addWidget(self.referrals_view)
        for view_widget in (self.agent_view, self.lead_view, self.catalog_view, self.queue_view,
                            self.referrals_view):
            view_widget.failed.connect(self._show_failure)
        # A task from the work queue is called from the agent view; its submit closes the task.
        self.queue_view.workTask.connect(self._work_task)
        self.agent_view.task_done.connect(self.queue_view.task_done)

        # The lead's outage screen: declare, update and resolve incidents; repeat callers.
        self.incident_view = IncidentView(self.runner)
        self.incident_view.failed.connect(self._show_failure)
        self.views.addWidget(self.incident_view)
        # The agent's own QA reviews (acknowledge or dispute), and the admin's import screen
        # (on a worker thread of its own: a long import never holds up the desk's lanes).
        self.reviews_view = MyReviewsView(self.runner)
        self.reviews_view.setObjectName("myReviewsView")
        self.views.addWidget(self.reviews_view)
        self.import_view = ImportView()
        self.import_view.setObjectName("importView")
        self.views.addWidget(self.import_view)

        self.banner = QFrame()
        self.banner.setObjectName("statusBanner")
        self.banner.setStyleSheet("#statusBanner { background: #fdecea; border: 1px solid #b3261e; }")
        self.banner_text = QLabel()
        plain(self.banner_text)  # what went wrong, in the words of a server or a file
        self.banner_text.setWordWrap(True)
        self.retry = QPushButton(self.tr("&Retry"))
        self.retry.clicked.connect(self.start)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.retry)
        self.banner.hide()

        # Window-modal but never exec()'d: the event loop keeps running under it. No Cancel:
        # half a demo base is worse than waiting the few seconds it takes.
        self.progress_dialog = QProgressDialog(self)
        self.progress_dialog.setObjectName("startupProgress")
        self.progress_dialog.setWindowTitle(self.tr("Preparing agent-desk"))
        self.progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress_dialog.setCancelButton(None)
        self.progress_dialog.setAutoClose(False)
        self.progress_dialog.setAutoReset(False)
        self.progress_dialog.setMinimumDuration(0)
        self.progress_dialog.reset()
        self.progress_dialog.hide()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.views, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self.user: DeskUser | None = None
        self._desk_loaded = False
        self.user_label = QLabel()
        self.db_label = QLabel(self._describe_database())
        self.state_label = QLabel()
        self.state_label.setObjectName("databaseState")
        plain(self.user_label, self.state_label)
        self.statusBar().addWidget(self.state_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.show_view(view)
        self._waiting_pop: str | None = None
        self.keyboard_map = KeyboardMapOverlay(self)
        self.fit_to_screen()
        self.restore_layout()

    # -- actions ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        group = QActionGroup(self)
        self.agent_action = QAction(self.tr("&Agent view"), self, checkable=True)
        self.agent_action.setShortcut(QKeySequence("Ctrl+1"))
        self.agent_action.triggered.connect(lambda: self.show_view("agent"))
        self.lead_action = QAction(self.tr("Team &lead view"), self, checkable=True)
        self.lead_action.setShortcut(QKeySequence("Ctrl+2"))
        self.lead_action.triggered.connect(lambda: self.show_view("lead"))
        self.catalog_action = QAction(self.tr("Offer &catalog"), self, checkable=True)
        self.catalog_action.setShortcut(QKeySequence("Ctrl+3"))
        self.catalog_action.triggered.connect(lambda: self.show_view("catalog"))
        self.queue_action = QAction(self.tr("&Work queue"), self, checkable=True)
        self.queue_action.setShortcut(QKeySequence("Ctrl+4"))
        self.queue_action.triggered.connect(lambda: self.show_view("queue"))
        self.referrals_action = QAction(self.tr("&Referrals"), self, checkable=True)
        self.referrals_action.setShortcut(QKeySequence("Ctrl+5"))
        self.referrals_action.triggered.connect(lambda: self.show_view("referrals"))
        self.incidents_action = QAction(self.tr("&Incidents"), self, checkable=True)
        self.incidents_action.setShortcut(QKeySequence("Ctrl+6"))
        self.incidents_action.triggered.connect(lambda: self.show_view("incidents"))
        group.addAction(self.incidents_action)
        self.reviews_action = QAction(self.tr("&My reviews"), self, checkable=True)
        self.reviews_action.setShortcut(QKeySequence("Ctrl+7"))
        self.reviews_action.triggered.connect(lambda: self.show_view("reviews"))
        group.addAction(self.reviews_action)
        self.import_action = QAction(self.tr("Im&port customers"), self, checkable=True)
        self.import_action.setShortcut(QKeySequence("Ctrl+8"))
        self.import_action.triggered.connect(lambda: self.show_view("import"))
        group.addAction(self.import_action)
        refresh = QAction(self.tr("&Refresh"), self)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.triggered.connect(self.refresh)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        views = (self.agent_action, self.lead_action, self.catalog_action, self.queue_action,
                 self.referrals_action)
        for action in views:
            group.addAction(action)
        toolbar = self.addToolBar(self.tr("Views"))
        toolbar.setObjectName("viewsToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.agent_action)
        toolbar.addAction(self.lead_action)
        toolbar.addAction(self.catalog_action)
        toolbar.addAction(self.queue_action)
        toolbar.addAction(self.referrals_action)
        toolbar.addAction(self.incidents_action)
        toolbar.addAction(self.reviews_action)
        toolbar.addAction(self.import_action)
        toolbar.addSeparator()
        toolbar.addAction(refresh)
        self.keys_action = QAction(self.tr("&Keyboard map"), self)
        self.keys_action.setShortcut(QKeySequence("F1"))
        self.keys_action.triggered.connect(lambda: self.keyboard_map.toggle())
        self.addAction(self.keys_action)
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.agent_action)
        view_menu.addAction(self.lead_action)
        view_menu.addAction(self.catalog_action)
        view_menu.addAction(self.queue_action)
        view_menu.addAction(self.referrals_action)
        view_menu.addAction(self.incidents_action)
        view_menu.addAction(self.reviews_action)
        view_menu.addAction(self.import_action)
        view_menu.addAction(refresh)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.keys_action)

    # -- size, position and splitters ----------------------------------------------

    def fit_to_screen(self) -> None:
        """Open at the preferred size, or smaller: never past the screen's free area
        (a 1366×768 laptop with a task bar has about 1366×728 of it)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(PREFERRED_SIZE)
            return
        free = screen.availableGeometry()
        room = free.size() - FRAME_ALLOWANCE
        size = PREFERRED_SIZE.boundedTo(room).expandedTo(QSize(640, 480))
        self.resize(size)
        self.move(free.x() + max((free.width() - size.width() - FRAME_ALLOWANCE.width()) // 2, 0),
                  free.y() + max((free.height() - size.height() - FRAME_ALLOWANCE.height()) // 2, 0))

    def _layout_store(self) -> QSettings:
        return QSettings(str(self.dirs.config / WINDOW_STATE_FILE), QSettings.Format.IniFormat)

    def _splitters(self) -> dict[str, QSplitter]:
        """Every splitter of every view, by a name that stays put across starts."""
        found: dict[str, QSplitter] = {}
        for view_name, view_widget in (("agent", self.agent_view), ("lead", self.lead_view),
                                       ("catalog", self.catalog_view)):
            for n, splitter in enumerate(view_widget.findChildren(QSplitter)):
                found[f"{view_name}/{splitter.objectName() or n}"] = splitter
        return found

    def restore_layout(self) -> None:
        """The size, position and splitters of the last session, if they still fit this screen."""
        store = self._layout_store()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is not None and not screen.availableGeometry().contains(self.frameGeometry().topLeft()):
                self.fit_to_screen()  # the last session ran on a screen that is not here now
            elif screen is not None:
                room = screen.availableGeometry().size() - FRAME_ALLOWANCE
                if self.width() > room.width() or self.height() > room.height():
                    self.resize(self.size().boundedTo(room))
        for name, splitter in self._splitters().items():
            state = store.value(f"splitters/{name}")
            if state is not None:
                splitter.restoreState(state)

    def save_layout(self) -> None:
        store = self._layout_store()
        store.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self._splitters().items():
            store.setValue(f"splitters/{name}", splitter.saveState())
        store.sync()

    def show_view(self, view: str) -> None:
        if view == "reviews":
            self.views.setCurrentWidget(self.reviews_view)
            self.reviews_action.setChecked(True)
            self.reviews_view.refresh()
            self.reviews_view.reviews.setFocus()
            return
        if view == "import":
            self.views.setCurrentWidget(self.import_view)
            self.import_action.setChecked(True)
            self.import_view.kind.setFocus()
            return
        if view == "incidents":
            self.views.setCurrentWidget(self.incident_view)
            self.incidents_action.setChecked(True)
            self.incident_view.refresh()
            return
        if view == "queue":
            self.views.setCurrentWidget(self.queue_view)
            self.queue_action.setChecked(True)
            self.queue_view.refresh()
        elif view == "referrals":
            self.views.setCurrentWidget(self.referrals_view)
            self.referrals_action.setChecked(True)
            self.referrals_view.refresh()
        elif view == "catalog":
            self.views.setCurrentWidget(self.catalog_view)
            self.catalog_action.setChecked(True)
            self.catalog_view.refresh()
        elif view == "lead":
            self.views.setCurrentWidget(self.lead_view)
            self.lead_action.setChecked(True)
            self.lead_view.refresh()
        else:
            self.views.setCurrentWidget(self.agent_view)
            self.agent_action.setChecked(True)

    def _work_task(self, task: object) -> None:
        """A claimed work-queue task: call its customer from the agent view."""
        queue = self.queue_view.queue
        if queue is None or not isinstance(task, QueueTask):
            return
        self.show_view("agent")
        self.agent_view.work_task(task, queue)

    def pop_caller(self, raw: str) -> None:
        """A screen pop from the telephony side: bring the window up and show the caller.

        Before the database is ready the number waits and pops as soon as it is.
        """
        self.show_view("agent")
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if self.database is None or not self._desk_loaded:
            self._waiting_pop = raw
        else:
            self.agent_view.pop(raw)

    def refresh(self) -> None:
        if self.sync is not None:
            self.sync.round()  # F5 on an offline desk also syncs now
        if self.database is None:
            self.start()
        elif self.views.currentWidget() is self.lead_view:
            self.lead_view.reload()
        elif self.views.currentWidget() is self.catalog_view:
            self.catalog_view.refresh()
        elif self.views.currentWidget() is self.incident_view:
            self.incident_view.refresh()
        elif self.views.currentWidget() is self.reviews_view:
            self.reviews_view.refresh()

    # -- start-up --------------------------------------------------------------------

    @property
    def offline_capable(self) -> bool:
        """A shared server, with the desk's local store on (``settings.offline``)."""
        return self.signed is not None and self.settings.offline

    def start(self) -> None:
        """Connect to the database (and prepare it) without blocking the window."""
        self.banner.hide()
        if self.offline_capable:
            self._open_store()
            return
        self.state_label.setText(self.tr("Connecting to the database…"))
        url, dirs, customers = self.url, self.dirs, self.settings.demo_customers
        self.runner.submit(
            lambda report: prepare(url, dirs, customers, report),
            self._database_ready,
            self._database_failed,
            self._startup_progress,
        )

    # -- the offline desk (issue 12) ---------------------------------------------------

    def _open_store(self) -> None:
        """Open the person's local store (never the server: the desk starts without it)."""
        assert self.signed is not None
        if self.sync is not None:  # Retry: the worker is there; try the server now
            self.sync.round()
            return
        self.state_label.setText(self.tr("Opening this desk's copy…"))
        signed, dirs = self.signed, self.dirs
        self.runner.submit(lambda: open_offline(signed, dirs), self._store_open, self._database_failed)

    def _store_open(self, opened: OpenedStore) -> None:
        assert self.signed is not None
        self.database = ReadyDatabase(opened.engine, self.url, False, None, 0)
        self._store = opened.store
        self.desk = desk = opened.desk
        self.sync = SyncWorker(self.runner, desk, self.settings.offline_customers, self, opened.last_synced)
        self.sync_indicator = SyncIndicator(self.sync)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.state_label.clear()
        self._open_reports(desk)
        self.lead_view.set_desk(desk)
        self.catalog_view.set_desk(desk)
        if opened.filled:
            self._load_desk(desk)
        else:
            # A new desk: its copy comes from the server first (reasons, outcomes, scripts, offers).
            self.state_label.setText(self.tr("Getting this desk's copy from the server…"))
            self.sync.synced.connect(self._first_copy, Qt.ConnectionType.SingleShotConnection)
            self.sync.changed.connect(self._no_first_copy)
        self.sync.start()

    def _first_copy(self) -> None:
        if self.sync is not None:
            self.sync.changed.disconnect(self._no_first_copy)
        self.state_label.clear()
        self.banner.hide()
        if isinstance(self.desk, OfflineDesk):
            self._load_desk(self.desk)

    def _no_first_copy(self, state: SyncState) -> None:
        if state.state in ("offline", "error"):
            self.state_label.setText(self.tr("Offline"))
            self._show_banner(self.tr("This desk has no copy of the data yet, and the server cannot be reached "
                                      "(%1). It starts as soon as the server answers.").replace("%1", state.problem))

    def _startup_progress(self, done: int, total: int, what: str) -> None:
        texts = {
            "connect": self.tr("Connecting to the database…"),
            "migrate": self.tr("Updating the local database (a backup copy is kept)…"),
            "seed": self.tr("First run: creating demo customers (%1 of %2)…"),
        }
        text = texts.get(what, what).replace("%1", f"{done:,}").replace("%2", f"{total:,}")
        self.state_label.setText(text)
        if what == "seed":
            self.progress_dialog.setLabelText(text)
            self.progress_dialog.setRange(0, max(total, 1))
            self.progress_dialog.setValue(done)
            self.progress_dialog.show()

    def _database_ready(self, database: ReadyDatabase) -> None:
        self.progress_dialog.hide()
        if self.database is not None:
            self.database.engine.dispose()
        self.database = database
        self.desk = desk = Desk.on(database.engine)
        self._open_reports(desk)
        # Results and the catalog show at once; the person at the desk follows (_load_desk).
        self.lead_view.set_desk(desk)
        self.catalog_view.set_desk(desk)
        self._load_desk(desk)
        self.state_label.setText(self.tr("Connected"))
        if self.views.currentWidget() is self.lead_view:
            self.lead_view.refresh()
        elif self.views.currentWidget() is self.catalog_view:
            self.catalog_view.refresh()
        else:
            self.agent_view.phone.setFocus()

    def _load_desk(self, desk: Desk) -> None:
        """Who sits here, and the reason tree, for the offers and script panels."""
        username = self.settings.username

        drafts = self.drafts

        def load() -> tuple[DeskStart, dict | None]:
            draft = drafts.load()
            call_id = _draft_call_id(draft)
            if call_id is not None and desk.call_submitted(call_id):
                # Written before a crash took the acknowledgement (or the delete) with it:
                # nothing to finish, and never offered twice.
                drafts.retire(draft.get("call_id") if draft else call_id)
                draft = {}
            return desk.start_up(username), draft

        def done(result: tuple[DeskStart, dict | None]) -> None:
            start, draft = result
            agent, lead = start.agent, start.lead
            self.user = agent
            self._desk_loaded = True
            self.agent_view.set_desk(desk.as_user(agent), start.reasons, start.outcomes)
            if draft == {}:
                self.agent_view.show_note(self.tr("The call from your last session had already been saved."))
            elif draft is not None:
                try:
                    self.agent_view.restore_call(WrapUp.from_json(draft))
                except (KeyError, TypeError, ValueError) as exc:
                    self._show_banner(self.tr("An unfinished wrap-up could not be read: %1").replace("%1", str(exc)))
            self.lead_view.set_desk(desk.as_user(lead))
            self.incident_view.set_outage(Outage.of(desk.as_user(lead or agent)), lead or agent,
                                          self.settings.incident_poll_seconds or None)
            self.catalog_view.set_desk(desk.as_user(agent))
            self.queue_view.set_desk(desk.as_user(agent))
            self.referrals_view.set_desk(desk.as_user(lead or agent))
            self._console_ready(desk, agent)
            who = agent.display_name if agent else self.tr("no desk user")
            self.user_label.setText(self.tr("Agent: %1").replace("%1", who))
            # Ready only now: a pop needs to know who takes the call (authority, team).
            if self._waiting_pop is not None:
                raw, self._waiting_pop = self._waiting_pop, None
                self.agent_view.pop(raw)
            self.ready.emit()

        self.runner.submit(load, done, self._database_failed)

    # -- the lead console and the agent's reviews ---------------------------------------

    def _open_reports(self, desk: Desk) -> None:
        """The lead's reports read from ``report_db_url`` when it is set (docs/replica.md).
        Only an engine is made here; nothing connects until a report is read."""
        if self._reports_desk is not None:
            self._reports_desk.close_reports()  # a Retry: the last desk's report database goes
        self._reports_desk = desk
        try:
            desk.open_reports(self.settings)
        except ReportDatabaseError as exc:
            # The floor still works: the reports read the primary, and the banner says why.
            self._show_banner(self.tr("Reports read the main database: %1").replace("%1", str(exc)))

    def _console_ready(self, desk: Desk, agent: DeskUser | None) -> None:
        """The person at the desk known: their own QA reviews, and the import screen."""
        mine = desk.as_user(agent)
        self.reviews_view.set_coaching(mine.coaching() if agent is not None else None)
        self.import_view.set_source(mine)
        if self.views.currentWidget() is self.reviews_view:
            self.reviews_view.refresh()

    def _database_failed(self, exc: Exception) -> None:
        self.progress_dialog.hide()
        if isinstance(exc, DatabaseUnavailable):
            text = self.tr("The database cannot be reached (%1). Working offline; "
                           "press Retry when the network is back.").replace("%1", str(exc))
            self.state_label.setText(self.tr("Offline"))
        elif isinstance(exc, SchemaMismatch):
            text = self.tr("The database is not ready for this version: %1").replace("%1", str(exc))
            self.state_label.setText(self.tr("Database needs an upgrade"))
        elif is_connection_failure(exc):
            text = self.tr("The database cannot be reached (%1). Working offline; "
                           "press Retry when the network is back.").replace("%1", describe(exc))
            self.state_label.setText(self.tr("Offline"))
        else:
            # The driver's message would carry SQL and its parameters: plain words for those;
            # start-up's own errors (a damaged file...) are written for people already.
            why = describe(exc) if isinstance(exc, sa.exc.SQLAlchemyError) else str(exc)
            text = self.tr("The database could not be opened: %1").replace("%1", why)
            self.state_label.setText(self.tr("Database error"))
        self._show_banner(text)

    def _reachability_changed(self, reachable: bool) -> None:
        """The status bar says what the last database call found, and recovers by itself."""
        if self.database is None or self.sync is not None:
            return  # the offline desk: its sync line says what the link is
        if reachable:
            self.state_label.setText(self.tr("Connected"))
            self.state_label.setStyleSheet("")
        else:
            self.state_label.setText(self.tr("Offline: the database is not answering"))
            self.state_label.setStyleSheet("color: #b3261e; font-weight: bold;")

    def _show_failure(self, message: str) -> None:
        if self.sync is not None and message == describe(ServerOffline()):
            return  # an offline desk: the sync line says so already; the views say the rest
        self._show_banner(self.tr("Something went wrong while loading: %1").replace("%1", message))

    def _show_banner(self, text: str) -> None:
        self.banner_text.setText(text)
        self.banner.show()

    def _describe_database(self) -> str:
        path = sqlite_path(self.url)
        if path is not None:
            return self.tr("Local database: %1").replace("%1", ltr(str(path)))
        parsed = make_url(self.url)
        return self.tr("Server: %1/%2").replace("%1", ltr(parsed.host or "localhost")).replace(
            "%2", ltr(parsed.database or "")
        )

    def _busy_changed(self, busy: bool) -> None:
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if not busy:
            self.settled.emit()

    # -- shutdown --------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the timers, wait for background work and close the database (called on close).

        Draft writes already asked for are finished first (the disk lane is never dropped).
        """
        if not self._shut_down:
            self.save_layout()
        self._shut_down = True
        self.lead_view.approvals_timer.stop()
        self.agent_view.offers.poll.stop()
        self.agent_view.clock.stop()
        self.agent_view.wrapup.autosave.stop()
        self.agent_view.callbacks_timer.stop()
        self.agent_view.incident_banner.stop()
        self.incident_view.stop()
        if self.sync is not None:
            self.sync.stop()
        self.import_view.runner.close()
        self.runner.close()
        if self._reports_desk is not None:
            self._reports_desk.close_reports()
        if self.database is not None:
            self.database.engine.dispose()
            self.database = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._shut_down:
            wrapup = self.agent_view.wrapup
            if wrapup.in_progress:
                who = wrapup.title.text().split(": ", 1)[-1]
                if not QuitQuestion.ask(self, who):
                    event.ignore()
                    return
                # The last seconds of typing, not just the last autosave.
                wrapup.flush_draft()
            self.shutdown()
        super().closeEvent(event)


def _draft_call_id(draft: dict | None) -> uuid.UUID | None:
    """The call an unfinished wrap-up's draft belongs to (None: no draft, or no readable id)."""
    if not draft:
        return None
    try:
        return uuid.UUID(str(draft.get("call_id")))
    except ValueError:
        return None
