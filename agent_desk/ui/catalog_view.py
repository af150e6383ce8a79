"""The offer catalog for admins and team leads: every offer, import and export as a file,
and taking an offer off the agents' screens (or back on) without losing its history.

Reading and writing go through the desk (:class:`agent_desk.desk.Desk`) on the task runner.
The file dialogs are the only modal parts; :meth:`CatalogView.import_file` and
:meth:`CatalogView.export_file` do the work, so tests call them with a path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agent_desk.desk import CatalogError, CatalogRow, Desk, DeskUser
from agent_desk.domain import Role
from agent_desk.ui.i18n import money, pick, short_date
from agent_desk.ui.labels import label
from agent_desk.ui.plain_text import plain
from agent_desk.ui.table_models import Column, RecordTableModel, make_table_view
from agent_desk.ui.tasks import TaskRunner, describe


def _cost(row: CatalogRow) -> str:
    c = row.cost
    parts = []
    if c.get("percent_of_monthly"):
        parts.append(f"{c['percent_of_monthly']:g}%")
    if c.get("monthly"):
        parts.append(money(c["monthly"]) + QCoreApplication.translate("CatalogView", " a month"))
    if c.get("months"):
        parts.append(f"× {c['months']:g}")
    if c.get("one_off"):
        parts.append("+ " + money(c["one_off"]) if parts else money(c["one_off"]))
    return " ".join(parts)


class CatalogModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Code"), lambda r: r.code),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Kind"), lambda r: label(r.kind)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Offer"), lambda r: pick(r.title_he, r.title_en), stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Cost"), _cost),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Needs authority"), lambda r: money(r.required_authority),
               lambda r: float(r.required_authority), numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Valid"),
               lambda r: f"{short_date(r.valid_from)}–{short_date(r.valid_to)}" if r.valid_from or r.valid_to else ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Active"), lambda r: label("yes" if r.active else "no")),
    )


class CatalogView(QWidget):
    """Signals:
    failed(str): the catalog could not be read or written.
    """

    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.desk: Desk | None = None
        self.model = CatalogModel(self)
        self.table = make_table_view(self.model)
        self.table.setObjectName("offerCatalog")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.import_button = QPushButton(self.tr("&Import a catalog file…"))
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton(self.tr("E&xport to a file…"))
        self.export_button.clicked.connect(self._ask_export)
        self.toggle_button = QPushButton(self.tr("&Take off / put back"))
        self.toggle_button.setToolTip(self.tr("Agents stop (or start again) seeing the selected offer"))
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.status = QLabel()
        self.status.setObjectName("catalogStatus")
        self.status.setWordWrap(True)
        plain(self.status)  # an imported file's problems quote what the file says
        buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The save offers agents can make. An offer shows to an agent only for the reasons, "
                               "customers and dates it is made for; one that costs more than the agent's authority "
                               "goes to the team lead. To change offers, export the catalog, edit the file and "
                               "import it; to stop offering one, select it and press Take off."))
        intro.setObjectName("catalogIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._follow_role(None)

    @property
    def user(self) -> DeskUser | None:
        return self.desk.user if self.desk is not None else None

    def set_desk(self, desk: Desk | None) -> None:
        """The desk to read and write through; its person decides who may change the catalog."""
        self.desk = desk
        self._follow_role(self.user.role if self.user is not None else None)

    def _follow_role(self, role: Role | None) -> None:
        # Admins manage the catalog; a team lead may only take an offer off or back on (the
        # database refuses anything more on PostgreSQL: docs/security.md).
        self.import_button.setEnabled(role == Role.ADMIN)
        self.toggle_button.setEnabled(role in (Role.ADMIN, Role.TEAM_LEAD))
        if role == Role.ADMIN:
            self.status.setText("")
        elif role == Role.TEAM_LEAD:
            self.status.setText(self.tr("Team leads take offers off and on; only admins import a catalog."))
        else:
            self.status.setText(self.tr("Only admins and team leads change the catalog."))

    def refresh(self) -> None:
        if self.desk is None:
            return
        self.runner.submit(self.desk.catalog, self.model.set_rows, lambda exc: self.failed.emit(describe(exc)))

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a catalog file"), "", "YAML (*.yaml *.yml)")
        if path:
            self.import_file(Path(path))

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the catalog"), "catalog.yaml", "YAML (*.yaml)")
        if path:
            self.export_file(Path(path))

    def import_file(self, path: Path) -> None:
        if self.desk is None:
            return
        desk = self.desk

        def done(counts: tuple[int, int]) -> None:
            self.status.setText(self.tr("%n offers added", "", counts[0]) + ", "
                                + self.tr("%n updated.", "", counts[1]))
            self.refresh()

        def failed(exc: Exception) -> None:
            problems = exc.problems if isinstance(exc, CatalogError) else [describe(exc)]
            self.status.setText(self.tr("Nothing was imported. Fix these in the file:") + "\n" + "\n".join(problems))

        # All or nothing: a file with any problem stores none of its offers.
        self.runner.submit(lambda: desk.import_catalog(path), done, failed)

    def export_file(self, path: Path) -> None:
        if self.desk is None:
            return
        desk = self.desk
        self.runner.submit(lambda: desk.export_catalog(path),
                           lambda _r: self.status.setText(self.tr("Exported to %1.").replace("%1", str(path))),
                           lambda exc: self.status.setText(describe(exc)))

    def toggle_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.desk is None:
            return
        source = self.table.model().mapToSource(rows[0])
        row = self.model.row_at(source.row())
        desk = self.desk
        self.runner.submit(lambda: desk.set_offer_active(row.code, not row.active), lambda _r: self.refresh(),
                           lambda exc: self.failed.emit(describe(exc)))
