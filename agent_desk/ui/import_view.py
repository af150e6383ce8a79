"""The admin screen for importing CRM and billing exports (``agent-desk import`` with a face).

Pick what the file holds, the export and its mapping file; *Dry run* checks everything and
writes nothing, *Import* writes. The work (reading the mapping and the file, the database)
runs on the view's own :class:`~agent_desk.ui.tasks.TaskRunner`, so a long import never
holds up the desk's lanes; progress comes back by signal to a progress bar. The summary
says how many rows were read, added, updated and rejected, and a button opens the rejects
file.

The view holds no session and no engine: it is given the desk (or anything with the desk's
``import_file``), called on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.desk import DatabaseNotCurrent, ImportSummary
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import TaskRunner, describe

PROGRESS_STEPS = 1000


class ImportSource(Protocol):
    """What the screen needs from the desk (:meth:`agent_desk.desk.Desk.import_file`)."""

    def import_file(self, kind: str, file: Path, mapping_file: Path, *, dry_run: bool = False,
                    progress: Callable[[float], None] | None = None) -> ImportSummary: ...


def _import_job(source: ImportSource, kind: str, file: Path, mapping_file: Path,
                dry_run: bool) -> Callable[[Callable[[int, int, str], None]], ImportSummary]:
    """The worker's part: the desk reads the mapping, checks the schema, imports (or checks)."""

    def job(progress: Callable[[int, int, str], None]) -> ImportSummary:
        return source.import_file(kind, file, mapping_file, dry_run=dry_run,
                                  progress=lambda fraction: progress(int(fraction * PROGRESS_STEPS),
                                                                     PROGRESS_STEPS, ""))

    return job


class ImportView(QWidget):
    """Import a CSV or XLSX export through a mapping file.

    Signals:
        finished(object): the :class:`ImportSummary` of a run that completed.
        failed(str): the one-line, translated reason a run did not complete.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, source: ImportSource | None = None, parent: QWidget | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.runner = runner or TaskRunner(self, max_threads=1)
        self.summary: ImportSummary | None = None

        intro = QLabel(self.tr("Bring customers, subscriptions or contacts from the company's CRM or billing "
                               "system: choose the export (CSV or Excel) and the mapping file that says which "
                               "column is which. Rows with a problem are set aside in a rejects file; the rest "
                               "are imported. A dry run checks everything and changes nothing."))
        intro.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("importKind")
        for kind, text in (("customers", self.tr("Customers")), ("subscriptions", self.tr("Subscriptions")),
                           ("interactions", self.tr("Contacts and complaints"))):
            self.kind.addItem(text, kind)
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.file.setPlaceholderText(self.tr("customers.csv or .xlsx"))
        self.mapping = QLineEdit()
        self.mapping.setObjectName("importMapping")
        self.mapping.setPlaceholderText(self.tr("mapping.toml"))
        browse_file = QPushButton(self.tr("&Browse…"))
        browse_file.clicked.connect(self._ask_file)
        browse_mapping = QPushButton(self.tr("B&rowse…"))
        browse_mapping.clicked.connect(self._ask_mapping)

        form = QFormLayout()
        form.addRow(self.tr("&What the file holds:"), self.kind)
        form.addRow(self.tr("&Export file:"), _row(self.file, browse_file))
        form.addRow(self.tr("&Mapping file:"), _row(self.mapping, browse_mapping))

        self.dry_run_button = QPushButton(self.tr("&Dry run"))
        self.dry_run_button.setToolTip(self.tr("Check the file and the mapping; write nothing"))
        self.dry_run_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel()
        plain(self.status)  # a file's problems quote what the file says
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.open_rejects_button = QPushButton(self.tr("&Open the rejects file"))
        self.open_rejects_button.setEnabled(False)
        self.open_rejects_button.clicked.connect(self.open_rejects)

        buttons = QHBoxLayout()
        buttons.addWidget(self.dry_run_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_rejects_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def set_source(self, source: ImportSource | None) -> None:
        """The desk to import through (None: not connected yet)."""
        self.source = source

    # -- choosing files (the only modal parts; tests fill the fields instead) --------------

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the export"), "",
                                              self.tr("Exports (*.csv *.xlsx *.xlsm *.xls *.ods)"))
        if path:
            self.file.setText(path)

    def _ask_mapping(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the mapping file"), "",
                                              self.tr("Mapping files (*.toml)"))
        if path:
            self.mapping.setText(path)

    # -- running -----------------------------------------------------------------------------

    def start(self, dry_run: bool) -> bool:
        """Run an import (or a dry run) of the chosen file; False if nothing was started."""
        file, mapping = self.file.text().strip(), self.mapping.text().strip()
        if not file or not mapping:
            self._show_error(self.tr("Choose the export file and its mapping file first."))
            return False
        if self.source is None:
            self._show_error(self.tr("The database is not ready yet; try again in a moment."))
            return False
        kind = self.kind.currentData()
        job = _import_job(self.source, kind, Path(file), Path(mapping), dry_run)
        started = self.runner.submit(job, self._done, self._failed, self._progressed, key="import")
        if started:
            self.summary = None
            self._set_running(True)
            self.progress.setValue(0)
            self.status.setStyleSheet("")
            self.status.setText(self.tr("Checking…") if dry_run else self.tr("Importing…"))
        return started

    def _set_running(self, running: bool) -> None:
        for widget in (self.dry_run_button, self.import_button, self.kind, self.file, self.mapping):
            widget.setEnabled(not running)
        self.open_rejects_button.setEnabled(not running and self.summary is not None
                                            and self.summary.rejects_path is not None)

    def _progressed(self, done: int, total: int, _what: str) -> None:
        self.progress.setValue(min(100, done * 100 // max(total, 1)))

    def _done(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.progress.setValue(100)
        self._set_running(False)
        self.status.setStyleSheet("")
        self.status.setText(self.describe_summary(summary))
        self.finished.emit(summary)

    def describe_summary(self, summary: ImportSummary) -> str:
        """The summary in the UI language: rows read, added, updated, rejected."""
        if summary.dry_run:
            parts = [self.tr("%n rows read", "", summary.rows_read),
                     self.tr("%n would be added", "", summary.inserted),
                     self.tr("%n would be updated", "", summary.updated),
                     self.tr("%n rejected", "", summary.rejected)]
            text = self.tr("Dry run, nothing was written: %1.").replace("%1", ", ".join(parts))
        else:
            parts = [self.tr("%n rows read", "", summary.rows_read),
                     self.tr("%n added", "", summary.inserted),
                     self.tr("%n updated", "", summary.updated),
                     self.tr("%n rejected", "", summary.rejected)]
            text = self.tr("Import finished: %1.").replace("%1", ", ".join(parts))
        if summary.rejects_path is not None:
            text += " " + self.tr("Each rejected row, with its line, column and reason, is in %1.").replace(
                "%1", str(summary.rejects_path))
        return text

    def _failed(self, exc: Exception) -> None:
        from agent_desk.importer.mapping import MappingError
        from agent_desk.importer.reader import ImportFileError

        self._set_running(False)
        self.progress.setValue(0)
        if isinstance(exc, MappingError):
            message = self.tr("The mapping file cannot be used: %1").replace("%1", str(exc))
        elif isinstance(exc, ImportFileError):
            message = self.tr("The export cannot be read: %1").replace("%1", str(exc))
        elif isinstance(exc, DatabaseNotCurrent):
            message = self.tr("The database needs an upgrade first (agent-desk db upgrade).")
        elif isinstance(exc, FileNotFoundError):
            message = self.tr("No such file: %1").replace("%1", str(exc.filename))
        else:
            message = describe(exc)
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        # One line, whatever the cause: a path or a driver message never spreads over the screen.
        line = " ".join(message.split())
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(line)
        self.failed.emit(line)

    def open_rejects(self) -> None:
        """Open the rejects file in the system's program for CSV (a spreadsheet)."""
        if self.summary is not None and self.summary.rejects_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.summary.rejects_path)))


def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return box
