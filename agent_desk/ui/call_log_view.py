"""The team lead's call log: a filter bar, saved filters, and a lazy table over millions of calls.

The table's model asks for the next keyset page (``agent_desk.data.call_log.page``) only when
the view scrolls near its end (``canFetchMore``/``fetchMore``), on a worker through the
TaskRunner; clicking a sortable header sorts on the server. Enter (or a double click) opens
the call's detail (:class:`~agent_desk.ui.call_detail.CallDetailView`) in place of the list;
Esc comes back to the same row.

The view holds no session: it is given a Qt-free service (``CallLogService``) and calls it
from workers. Everything a person sees goes through ``tr()``.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_desk.data.call_log import (
    DEFAULT_SORT,
    MAX_FILTER_NAME,
    MAX_TEXT,
    PAGE_SIZE,
    CallFilter,
    CallLogEntry,
    CallLogError,
    CallLogPage,
    CallSort,
    Choice,
    FilterChoices,
    PageKey,
    SavedCallFilter,
    SortKey,
)
from agent_desk.ui.call_detail import CallDetailView, CallRecords, duration
from agent_desk.ui.i18n import ISRAEL, date_edit, isolate, pick
from agent_desk.ui.labels import local_time
from agent_desk.ui.plain_text import plain, plain_tip
from agent_desk.ui.tasks import Lane, TaskRunner, describe

# The date range a fresh log shows (Israel's calendar days, today included).
DEFAULT_DAYS = 30
_HEADERS = "TableHeaders"
_CORRECTED = QBrush(QColor("#7a4d00"))


class CallLogSource(CallRecords, Protocol):
    """What the log needs from the desk (``agent_desk.data.call_log.CallLogService``)."""

    def page(self, flt: CallFilter, sort: CallSort = DEFAULT_SORT, after: PageKey | None = None,
             limit: int = PAGE_SIZE) -> CallLogPage: ...

    def entry(self, call_id: uuid.UUID) -> CallLogEntry | None: ...

    def saved_filters(self) -> list[SavedCallFilter]: ...

    def save_filter(self, name: str, flt: CallFilter) -> SavedCallFilter: ...

    def delete_filter(self, filter_id: uuid.UUID) -> bool: ...


def _outcome(entry: CallLogEntry) -> str:
    text = pick(entry.outcome_he, entry.outcome_en)
    if entry.original_outcome is not None:
        return QCoreApplication.translate("CallLogModel", "%1 (corrected)").replace("%1", text)
    return text


# (header, text of a row, the server-side sort of the column or None)
_COLUMNS: tuple[tuple[str, Any, SortKey | None], ...] = (
    (QT_TRANSLATE_NOOP("TableHeaders", "Started"), lambda e: local_time(e.started_at), SortKey.TIME),
    (QT_TRANSLATE_NOOP("TableHeaders", "Agent"), lambda e: isolate(e.agent_name), SortKey.AGENT),
    (QT_TRANSLATE_NOOP("TableHeaders", "Customer"), lambda e: isolate(e.customer_name), None),
    (QT_TRANSLATE_NOOP("TableHeaders", "Reason"), lambda e: pick(e.reason_he, e.reason_en), None),
    (QT_TRANSLATE_NOOP("TableHeaders", "Outcome"), _outcome, SortKey.OUTCOME),
    (QT_TRANSLATE_NOOP("TableHeaders", "Handle time"), lambda e: duration(e.handle_seconds), SortKey.HANDLE_TIME),
    (QT_TRANSLATE_NOOP("TableHeaders", "Notes"), lambda e: isolate((e.notes or "").replace("\n", " ")), None),
)
NOTES_COLUMN = len(_COLUMNS) - 1
SORT_COLUMNS = {key: column for column, (_title, _text, key) in enumerate(_COLUMNS) if key is not None}


class CallLogModel(QAbstractTableModel):
    """The log as a lazy table: rows arrive a keyset page at a time, off the GUI thread.

    Signals:
        loading(bool): a page is being fetched / has arrived.
        failed(str): a page could not be loaded (the text says why, translated).
        loaded(int): a page arrived; the number of rows now in the table.
    """

    loading = Signal(bool)
    failed = Signal(str)
    loaded = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.runner = runner
        self.page_size = page_size
        self.source: CallLogSource | None = None
        self.filter = CallFilter()
        self.sort_order = DEFAULT_SORT
        self._rows: list[CallLogEntry] = []
        self._index: dict[uuid.UUID, int] = {}
        self._next: PageKey | None = None
        self._more = False
        self._busy = False
        self._generation = 0

    # -- what the view asks -------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(_COLUMNS):
            return QCoreApplication.translate(_HEADERS, _COLUMNS[section][0])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and 0 <= section < len(_COLUMNS) and _COLUMNS[section][2] is not None:
            return self.tr("Click to sort the whole log by this column")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[index.column()][1](entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == NOTES_COLUMN and entry.notes:
                return plain_tip(entry.notes)  # the agent's notes as typed, never markup
            if entry.corrected:
                return self.tr("Corrected %n times; Enter opens the call and its corrections", "", entry.corrections)
        if role == Qt.ItemDataRole.ForegroundRole and entry.original_outcome is not None and index.column() == 4:
            return _CORRECTED
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 5:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return not parent.isValid() and self._more and not self._busy and self.source is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self._fetch()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on the server by a sortable column (others keep the current order)."""
        key = _COLUMNS[column][2] if 0 <= column < len(_COLUMNS) else None
        if key is None:
            return
        self.reload(self.filter, CallSort(key, order == Qt.SortOrder.DescendingOrder))

    # -- loading --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def has_more(self) -> bool:
        return self._more

    def entry_at(self, row: int) -> CallLogEntry:
        return self._rows[row]

    def set_source(self, source: CallLogSource | None) -> None:
        self.source = source

    def reload(self, flt: CallFilter, sort: CallSort | None = None) -> None:
        """Start over with ``flt`` (and ``sort``): the table empties and the first page loads."""
        self.filter = flt
        self.sort_order = sort or self.sort_order
        self._generation += 1
        self.beginResetModel()
        self._rows, self._index = [], {}
        self._next, self._more, self._busy = None, self.source is not None, False
        self.endResetModel()
        if self.source is not None:
            self._fetch()

    def _fetch(self) -> None:
        source, flt, sort, after, size = self.source, self.filter, self.sort_order, self._next, self.page_size
        generation = self._generation
        assert source is not None
        self._busy = True
        self.loading.emit(True)

        def done(result: CallLogPage) -> None:
            if generation != self._generation:  # a page of an older filter or sort
                return
            self._busy = False
            self._append(result)
            self.loading.emit(False)
            self.loaded.emit(len(self._rows))

        def failed(exc: Exception) -> None:
            if generation != self._generation:
                return
            self._busy, self._more = False, False  # no retry loop against a failing server
            self.loading.emit(False)
            self.failed.emit(str(exc) if isinstance(exc, CallLogError) else describe(exc))

        # Only the newest request counts: a new filter drops the pages of the old one.
        self.runner.submit(lambda: source.page(flt, sort, after, size), done, failed,
                           lane=Lane.INTERACTIVE, latest="call-log-page")

    def _append(self, result: CallLogPage) -> None:
        fresh = [r for r in result.rows if r.id not in self._index]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, row in enumerate(fresh):
                self._index[row.id] = first + offset
            self._rows.extend(fresh)
            self.endInsertRows()
        self._next = result.next_key
        self._more = result.next_key is not None

    def replace_entry(self, entry: CallLogEntry) -> None:
        """One call's line anew (after a correction), in place: selection and scroll stay."""
        row = self._index.get(entry.id)
        if row is None:
            return
        self._rows[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))

    def row_of(self, call_id: uuid.UUID) -> int | None:
        return self._index.get(call_id)


class _Keys(QObject):
    """Enter in the filter bar applies the filter; Enter in the table opens the call."""

    def __init__(self, view: CallLogView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.view.table:
                self.view.open_current()
            else:
                self.view.apply_filter()
            return True
        return super().eventFilter(watched, event)


def _combo(name: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, None)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    return combo


def _fill(combo: QComboBox, choices: tuple[Choice, ...]) -> None:
    keep = combo.currentData()
    while combo.count() > 1:
        combo.removeItem(1)
    for choice in choices:
        combo.addItem(pick(choice.label_he, choice.label_en), choice.value)
    _select(combo, keep)


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(None if value is None else str(value))
    combo.setCurrentIndex(max(index, 0))


def _today() -> date:
    from datetime import datetime

    return datetime.now(ISRAEL).date()


class CallLogView(QWidget):
    """The call log browser and, in its place on Enter, a call's detail.

    Signals:
        call_opened(object): the call id whose detail is now shown.
    """

    call_opened = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.runner = runner
        self.source: CallLogSource | None = None
        self.choices = FilterChoices()
        self._saved: dict[str, SavedCallFilter] = {}
        self._keys = _Keys(self)

        # -- the filter bar --
        self.date_from = date_edit("dateFrom")
        self.date_to = date_edit("dateTo")
        self.team = _combo("teamFilter", self.tr("All teams"))
        self.agent = _combo("agentFilter", self.tr("All agents"))
        self.reason = _combo("reasonFilter", self.tr("All reasons"))
        self.outcome = _combo("outcomeFilter", self.tr("All outcomes"))
        self.offer = _combo("offerFilter", self.tr("Any offer"))
        self.incident = _combo("incidentFilter", self.tr("Any incident"))
        self.script = _combo("scriptFilter", self.tr("Any script version"))
        self.text = QLineEdit()
        self.text.setObjectName("textFilter")
        self.text.setMaxLength(MAX_TEXT)
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("Text in the notes"))
        self.apply_button = QPushButton(self.tr("&Apply"))
        self.apply_button.setObjectName("applyFilter")
        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button = QPushButton(self.tr("Cl&ear"))
        self.clear_button.clicked.connect(self.clear_filter)
        self.saved = QComboBox()
        self.saved.setObjectName("savedFilters")
        self.saved.setMinimumContentsLength(12)
        self.saved.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved.activated.connect(self._use_saved)
        self.save_name = QLineEdit()
        self.save_name.setObjectName("saveFilterName")
        self.save_name.setMaxLength(MAX_FILTER_NAME)
        self.save_name.setPlaceholderText(self.tr("Name to save this filter as"))
        self.save_name.returnPressed.connect(self.save_current_filter)
        self.save_button = QPushButton(self.tr("&Save filter"))
        self.save_button.setObjectName("saveFilter")
        self.save_button.clicked.connect(self.save_current_filter)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("deleteFilter")
        self.delete_button.clicked.connect(self.delete_saved_filter)

        first_row = QHBoxLayout()
        # Alt+letters: not F, V, H (the window's menus) nor P, D, T, L, R, O, U (the lead
        # view's buttons and tabs around this one); tests/test_i10_keyboard.py checks.
        for text, widget in ((self.tr("Fro&m"), self.date_from), (self.tr("U&ntil"), self.date_to)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            first_row.addWidget(caption)
            first_row.addWidget(widget)
        for widget in (self.team, self.agent, self.reason, self.outcome):
            first_row.addWidget(widget, 1)
        first_row.addWidget(self.apply_button)
        first_row.addWidget(self.clear_button)
        second_row = QHBoxLayout()
        for widget in (self.offer, self.incident, self.script):
            second_row.addWidget(widget, 1)
        second_row.addWidget(self.text, 2)
        saved_row = QHBoxLayout()
        saved_caption = QLabel(self.tr("Saved f&ilters"))
        saved_caption.setBuddy(self.saved)
        saved_row.addWidget(saved_caption)
        saved_row.addWidget(self.saved, 1)
        saved_row.addWidget(self.delete_button)
        saved_row.addSpacing(16)
        saved_row.addWidget(self.save_name, 1)
        saved_row.addWidget(self.save_button)
        for widget in (self.date_from, self.date_to, self.team, self.agent, self.reason, self.outcome, self.offer,
                       self.incident, self.script, self.text):
            widget.installEventFilter(self._keys)

        # -- the table --
        self.model = CallLogModel(runner, self, page_size)
        self.table = QTableView()
        self.table.setObjectName("callLogTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Rows of one height: the view need not measure a million rows to scroll.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(SORT_COLUMNS[SortKey.TIME], Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._header_sort)
        for section in range(len(_COLUMNS)):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NOTES_COLUMN, QHeaderView.ResizeMode.Stretch)
        for section, width in enumerate((125, 130, 130, 140, 215, 80)):
            header.resizeSection(section, width)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.installEventFilter(self._keys)
        self.status = QLabel()
        plain(self.status)  # a saved filter's name, the server's words
        self.status.setObjectName("callLogStatus")
        self.model.loading.connect(lambda _busy: self._show_status())
        self.model.loaded.connect(lambda _n: self._show_status())
        self.model.failed.connect(self._show_error)
        self._error = ""

        lists = QWidget()
        list_layout = QVBoxLayout(lists)
        list_layout.addLayout(first_row)
        list_layout.addLayout(second_row)
        list_layout.addLayout(saved_row)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.status)

        self.detail = CallDetailView(runner)
        self.detail.back.connect(self.show_list)
        self.detail.corrected.connect(self._refresh_entry)
        self.stack = QStackedWidget()
        self.stack.addWidget(lists)
        self.stack.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._set_dates(None, None)

    # -- wiring -------------------------------------------------------------------------------

    def set_source(self, source: CallLogSource | None) -> None:
        """Show the log of ``source`` (the desk's call-log service); None empties it."""
        self.source = source
        self.model.set_source(source)
        self.detail.set_records(source)
        if source is None:
            self.model.reload(CallFilter())
            return

        def load() -> tuple[FilterChoices, list[SavedCallFilter]]:
            return source.choices(), source.saved_filters()

        self.runner.submit(load, self._show_choices, lambda exc: self._show_error(describe(exc)))
        self.apply_filter()

    def _show_choices(self, loaded: tuple[FilterChoices, list[SavedCallFilter]]) -> None:
        self.choices, saved = loaded
        _fill(self.team, self.choices.teams)
        self.team.setVisible(len(self.choices.teams) > 1)  # a team lead sees their own team only
        _fill(self.agent, self.choices.agents)
        _fill(self.reason, self.choices.reasons)
        _fill(self.outcome, self.choices.outcomes)
        _fill(self.offer, self.choices.offers)
        _fill(self.incident, self.choices.incidents)
        self.incident.setVisible(bool(self.choices.incidents))
        _fill(self.script, self.choices.script_versions)
        self.script.setVisible(bool(self.choices.script_versions))
        self.detail.set_choices(self.choices)
        self._show_saved(saved)

    # -- the filter ---------------------------------------------------------------------------

    def _set_dates(self, start: date | None, end: date | None) -> None:
        end = end or _today()
        start = start or end - timedelta(days=DEFAULT_DAYS - 1)
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))

    def current_filter(self) -> CallFilter:
        def data(combo: QComboBox) -> str | None:
            value = combo.currentData()
            return str(value) if value else None

        def ident(combo: QComboBox) -> uuid.UUID | None:
            value = data(combo)
            return uuid.UUID(value) if value else None

        start, end = self.date_from.date(), self.date_to.date()
        return CallFilter(
            date_from=date(start.year(), start.month(), start.day()),
            date_to=date(end.year(), end.month(), end.day()),
            team_id=ident(self.team), agent_id=ident(self.agent), reason=data(self.reason),
            outcome=data(self.outcome), offer_id=ident(self.offer), incident_id=ident(self.incident),
            script_version_id=ident(self.script), text=self.text.text().strip(),
        )

    def show_filter(self, flt: CallFilter) -> None:
        """Put ``flt`` in the filter bar (a saved filter chosen)."""
        self._set_dates(flt.date_from, flt.date_to)
        for combo, value in ((self.team, flt.team_id), (self.agent, flt.agent_id), (self.reason, flt.reason),
                             (self.outcome, flt.outcome), (self.offer, flt.offer_id),
                             (self.incident, flt.incident_id), (self.script, flt.script_version_id)):
            _select(combo, value)
        self.text.setText(flt.text)

    def apply_filter(self) -> None:
        """Load the log anew with what the filter bar says (Enter in any of its fields)."""
        try:
            flt = self.current_filter().check()
        except CallLogError as exc:
            self._show_error(self._explain(exc))
            return
        self._error = ""
        self.model.reload(flt)
        self._show_status()

    def _explain(self, exc: CallLogError) -> str:
        text = str(exc)
        if "after the end date" in text:
            return self.tr("The start date is after the end date.")
        if "needs a date range" in text or "covers at most" in text:
            return self.tr("A search in the notes covers at most a year: narrow the dates.")
        return self.tr("The filter cannot be used: %1").replace("%1", text)

    def clear_filter(self) -> None:
        self.show_filter(CallFilter())
        self.saved.setCurrentIndex(-1)
        self.apply_filter()

    def _header_sort(self, column: int, order: Qt.SortOrder) -> None:
        if _COLUMNS[column][2] is None:
            # Not sortable on the server: the indicator goes back to the order in force.
            current = SORT_COLUMNS[self.model.sort_order.key]
            wanted = Qt.SortOrder.DescendingOrder if self.model.sort_order.descending else Qt.SortOrder.AscendingOrder
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, wanted)
            header.blockSignals(False)
            return
        self.model.sort(column, order)

    # -- saved filters ------------------------------------------------------------------------

    def _show_saved(self, saved: list[SavedCallFilter]) -> None:
        self._saved = {s.name: s for s in saved}
        keep = self.saved.currentText()
        self.saved.clear()
        for item in saved:
            self.saved.addItem(item.name, str(item.id))
        self.saved.setCurrentIndex(self.saved.findText(keep) if keep else -1)
        self.delete_button.setEnabled(bool(saved))

    def _use_saved(self, _index: int) -> None:
        chosen = self._saved.get(self.saved.currentText())
        if chosen is not None:
            self.show_filter(chosen.filter)
            self.apply_filter()

    def save_current_filter(self) -> None:
        name = self.save_name.text().strip()
        if self.source is None:
            return
        if not name:
            self._show_error(self.tr("Type a name for the filter first."))
            self.save_name.setFocus()
            return
        source, flt = self.source, self.current_filter()

        def write() -> list[SavedCallFilter]:
            source.save_filter(name, flt)
            return source.saved_filters()

        def done(saved: list[SavedCallFilter]) -> None:
            self.save_name.clear()
            self._show_saved(saved)
            self.saved.setCurrentIndex(self.saved.findText(name))
            self._error = ""
            self.status.setText(self.tr("Filter “%1” saved.").replace("%1", name))

        def failed(exc: Exception) -> None:
            # The name typed stays in its field: nothing is lost, the message says why.
            self._show_error(self._explain(exc) if isinstance(exc, CallLogError) else describe(exc))

        self.runner.submit(write, done, failed)

    def delete_saved_filter(self) -> None:
        chosen = self._saved.get(self.saved.currentText())
        if chosen is None or self.source is None:
            return
        source = self.source

        def write() -> list[SavedCallFilter]:
            source.delete_filter(chosen.id)
            return source.saved_filters()

        self.runner.submit(write, self._show_saved, lambda exc: self._show_error(describe(exc)))

    # -- the detail ---------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        if not (0 <= row < self.model.rowCount()):
            return
        call_id = self.model.entry_at(row).id
        self.stack.setCurrentWidget(self.detail)
        self.detail.show_call(call_id)
        self.detail.back_button.setFocus()
        self.call_opened.emit(call_id)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    def _refresh_entry(self, call_id: uuid.UUID) -> None:
        if self.source is None:
            return
        source = self.source
        self.runner.submit(lambda: source.entry(call_id),
                           lambda entry: self.model.replace_entry(entry) if entry is not None else None,
                           lambda exc: self._show_error(describe(exc)))

    # -- status ---------------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self._error = text
        self.status.setText(text)

    def _show_status(self) -> None:
        if self._error:
            self.status.setText(self._error)
            return
        rows = self.model.rowCount()
        if self.model.busy:
            self.status.setText(self.tr("Loading calls…"))
        elif rows == 0:
            self.status.setText(self.tr("No calls match this filter."))
        elif self.model.has_more:
            self.status.setText(self.tr("%n calls shown; scroll down for more", "", rows))
        else:
            self.status.setText(self.tr("%n calls, all shown", "", rows))
