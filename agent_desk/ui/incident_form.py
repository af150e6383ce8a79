"""The team lead's incident form: declare an outage, or update the open one's wording.

Title and talking points in Hebrew and English, the affected products and areas (none ticked:
all of them), the expected fix in Israel time (or not known yet) and the severity. The form
only builds an :class:`agent_desk.outage.IncidentDraft`; the incident screen stores it on a
worker. A draft the domain refuses shows the reason under the form and keeps what was typed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk import domain as d
from agent_desk.outage import PRODUCTS, REGIONS, IncidentDraft, IncidentError, IncidentInfo
from agent_desk.ui.incident_banner import product_label, region_label
from agent_desk.ui.plain_text import plain
from agent_desk.wrapup import ISRAEL


class IncidentForm(QWidget):
    """Declare (no incident chosen) or update (an open one chosen) an incident.

    Signals:
        declared(object): the lead asks to declare this IncidentDraft.
        updated(object, object): the lead asks to update incident id (uuid) with this draft.
        resolved(object): the lead says incident id (uuid) is over.
    """

    declared = Signal(object)
    updated = Signal(object, object)
    resolved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing: IncidentInfo | None = None
        self.heading = QLabel()
        self.heading.setObjectName("incidentFormHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.title_he = QLineEdit()
        self.title_he.setObjectName("incidentTitleHe")
        self.title_he.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.title_he.setMaxLength(200)
        self.title_en = QLineEdit()
        self.title_en.setObjectName("incidentTitleEn")
        self.title_en.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.title_en.setMaxLength(200)
        self.products = {code: QCheckBox(product_label(code)) for code in PRODUCTS}
        self.regions = {code: QCheckBox(region_label(code)) for code in REGIONS}
        products_box = self._ticks(self.tr("Affected products (none ticked: all)"), self.products, "incidentProducts")
        regions_box = self._ticks(self.tr("Affected areas (none ticked: all)"), self.regions, "incidentRegions")
        self.points_he = QPlainTextEdit()
        self.points_he.setObjectName("incidentPointsHe")
        self.points_he.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.points_en = QPlainTextEdit()
        self.points_en.setObjectName("incidentPointsEn")
        self.points_en.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        for edit in (self.points_he, self.points_en):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(80)
        self.expected = QDateTimeEdit()
        self.expected.setObjectName("incidentExpected")
        # Left to right before the format: a right-to-left edit reverses its sections.
        self.expected.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.expected.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.expected.setCalendarPopup(True)
        self.expected_known = QCheckBox(self.tr("Known"))
        self.expected_known.setObjectName("incidentExpectedKnown")
        self.expected_known.toggled.connect(self.expected.setEnabled)
        expected_row = QHBoxLayout()
        expected_row.addWidget(self.expected, 1)
        expected_row.addWidget(self.expected_known)
        self.severity = QComboBox()
        self.severity.setObjectName("incidentSeverity")
        for value, text in (("minor", self.tr("Minor")), ("major", self.tr("Major")),
                            ("critical", self.tr("Critical"))):
            self.severity.addItem(text, value)
        form = QFormLayout()
        form.addRow(self.tr("Title (Hebrew):"), self.title_he)
        form.addRow(self.tr("Title (English):"), self.title_en)
        form.addRow(self.tr("Severity:"), self.severity)
        form.addRow(self.tr("Expected fix (Israel time):"), expected_row)
        form.addRow(self.tr("Talking points (Hebrew):"), self.points_he)
        form.addRow(self.tr("Talking points (English):"), self.points_en)
        self.error = QLabel()
        self.error.setObjectName("incidentFormError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        plain(self.error)
        self.error.hide()
        self.declare_button = QPushButton(self.tr("&Declare the incident"))
        self.declare_button.setObjectName("declareIncident")
        self.declare_button.clicked.connect(self._declare)
        self.update_button = QPushButton(self.tr("Send the &update"))
        self.update_button.setObjectName("updateIncident")
        self.update_button.clicked.connect(self._update)
        self.resolve_button = QPushButton(self.tr("&Resolved: end it"))
        self.resolve_button.setObjectName("resolveIncident")
        self.resolve_button.clicked.connect(self._resolve)
        self.new_button = QPushButton(self.tr("&New incident"))
        self.new_button.clicked.connect(lambda: self.edit(None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.declare_button)
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        ticks = QHBoxLayout()
        ticks.addWidget(products_box)
        ticks.addWidget(regions_box)
        layout.addLayout(ticks)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.edit(None)

    @staticmethod
    def _ticks(title: str, boxes: dict[str, QCheckBox], name: str) -> QGroupBox:
        group = QGroupBox(title)
        group.setObjectName(name)
        grid = QGridLayout(group)
        for index, box in enumerate(boxes.values()):
            grid.addWidget(box, index // 3, index % 3)
        return group

    def set_allowed(self, allowed: bool) -> None:
        """Only team leads and admins declare (the database refuses anyone else as well)."""
        for widget in (self.declare_button, self.update_button, self.resolve_button, self.new_button):
            widget.setEnabled(allowed)
        if not allowed:
            self.heading.setText(self.tr("Incidents (team leads declare them)"))
        else:
            self._buttons()

    # -- filling and reading ---------------------------------------------------------

    def edit(self, incident: IncidentInfo | None) -> None:
        """Fill the form from ``incident`` (an update), or empty it for a new one."""
        self.editing = incident
        self.error.hide()
        self.title_he.setText(incident.title_he if incident else "")
        self.title_en.setText(incident.title_en if incident else "")
        for code, box in self.products.items():
            box.setChecked(bool(incident and code in incident.products))
        for code, box in self.regions.items():
            box.setChecked(bool(incident and code in incident.regions))
        self.points_he.setPlainText(incident.talking_points_he if incident else "")
        self.points_en.setPlainText(incident.talking_points_en if incident else "")
        end = incident.expected_end_at if incident else None
        self.expected_known.setChecked(end is not None or incident is None)
        self.expected.setEnabled(self.expected_known.isChecked())
        self.set_expected(end or (datetime.now(UTC) + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0))
        self.severity.setCurrentIndex(max(self.severity.findData(incident.severity if incident else
                                                                 d.IncidentSeverity.MAJOR.value), 0))
        self._buttons()

    def _buttons(self) -> None:
        editing = self.editing is not None and self.editing.open
        self.heading.setText(self.tr("Update the incident") if editing else self.tr("Declare an incident"))
        self.declare_button.setVisible(not editing)
        self.update_button.setVisible(editing)
        self.resolve_button.setVisible(editing)

    def set_expected(self, when: datetime) -> None:
        local = when.astimezone(ISRAEL)
        self.expected.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                            QTime(local.hour, local.minute)))

    def expected_at(self) -> datetime | None:
        if not self.expected_known.isChecked():
            return None
        value = self.expected.dateTime()
        day, clock = value.date(), value.time()
        local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=ISRAEL)
        return local.astimezone(UTC)

    def draft(self) -> IncidentDraft:
        """What the form says, checked (raises IncidentError naming the field)."""
        return IncidentDraft(
            title_he=self.title_he.text(), title_en=self.title_en.text(),
            products=tuple(code for code, box in self.products.items() if box.isChecked()),
            regions=tuple(code for code, box in self.regions.items() if box.isChecked()),
            talking_points_he=self.points_he.toPlainText(), talking_points_en=self.points_en.toPlainText(),
            expected_end_at=self.expected_at(), severity=self.severity.currentData(),
        ).checked()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _checked_draft(self) -> IncidentDraft | None:
        try:
            draft = self.draft()
        except IncidentError as exc:
            field = str(exc).split(":", 1)[0]
            self.show_error(self._explain(field))
            return None
        self.show_error("")
        return draft

    def _explain(self, field: str) -> str:
        if field == "title":
            return self.tr("Give the incident a title, in Hebrew or in English.")
        if field.startswith("title"):
            return self.tr("The title is too long (200 characters at most).")
        return self.tr("Check the field: %1").replace("%1", field)

    def _declare(self) -> None:
        draft = self._checked_draft()
        if draft is not None:
            self.declared.emit(draft)

    def _update(self) -> None:
        draft = self._checked_draft()
        if draft is not None and self.editing is not None:
            self.updated.emit(self.editing.id, draft)

    def _resolve(self) -> None:
        if self.editing is not None:
            self.resolved.emit(self.editing.id)
