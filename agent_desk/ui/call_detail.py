"""One call's whole record for the team lead, and the correction editor.

The caller, the script path replayed step by step (answers and times), offers and answers,
approval requests, notes, captured fields and earlier corrections; below them a correction
is written as a new row (field, new value, why: required) with who and when.

The widget holds no session: it calls a Qt-free service (``CallLogService`` or anything with
``detail(call_id)`` and ``correct(call_id, field, value, why)``) on a worker through the
TaskRunner, and redraws from the frozen :class:`~agent_desk.data.call_log.CallDetail`.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agent_desk.data.call_log import (
    MAX_WHY,
    CallDetail,
    CallLogError,
    Choice,
    CorrectionRefused,
    FilterChoices,
    ScriptMove,
)
from agent_desk.phones import display as display_phone
from agent_desk.ui.i18n import isolate, israel_clock, ltr, money, pick, ui_direction
from agent_desk.ui.labels import label, local_time
from agent_desk.ui.plain_text import plain
from agent_desk.ui.table_models import Column, RecordTableModel, make_table_view
from agent_desk.ui.tasks import Lane, TaskRunner, describe


class CallRecords(Protocol):
    """What the detail needs from the desk (``agent_desk.data.call_log.CallLogService``)."""

    def detail(self, call_id: uuid.UUID) -> CallDetail | None: ...

    def correct(self, call_id: uuid.UUID, field_name: str, new_value: str | None, why: str) -> CallDetail | None: ...

    def choices(self) -> FilterChoices: ...


def duration(seconds: int | None) -> str:
    """m:ss (h:mm:ss past an hour), as a left-to-right run inside Hebrew."""
    if seconds is None or seconds < 0:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    text = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    return ltr(text)


class _PathModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Step"), lambda s: pick(s.step_he, s.step_en), stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Answer"), lambda s: pick(s.answer_he, s.answer_en) or ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "At"), lambda s: israel_clock(s.at) if s.at else ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Took"), lambda s: s.took, numeric=True),
    )


class _Move:
    """A script move with the time it took since the move before (for the path table)."""

    def __init__(self, move: ScriptMove, took: str) -> None:
        self.move = move
        self.took = took

    def __getattr__(self, name: str) -> Any:
        return getattr(self.move, name)


class _OffersModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Offer"), lambda o: pick(o.title_he, o.title_en), stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Presented"), lambda o: israel_clock(o.presented_at)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Answer"), lambda o: label(o.response)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Cost"), lambda o: money(o.cost) if o.cost is not None else "",
               numeric=True),
    )


class _ApprovalsModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Offer"), lambda a: pick(a.offer_he, a.offer_en), stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Asked"), lambda a: israel_clock(a.requested_at)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Status"), lambda a: label(a.status)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Decided by"), lambda a: a.decided_by or ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Why"), lambda a: a.reason or ""),
    )


_FIELD_NAMES = {
    "outcome": QT_TRANSLATE_NOOP("CallDetailView", "Outcome"),
    "reason": QT_TRANSLATE_NOOP("CallDetailView", "Reason"),
    "competitor": QT_TRANSLATE_NOOP("CallDetailView", "Competitor"),
}


_CAPTURED = {
    "new_address": QT_TRANSLATE_NOOP("CallDetailView", "New address"),
    "move_date": QT_TRANSLATE_NOOP("CallDetailView", "Moving day"),
}


def _captured_name(key: str) -> str:
    text = _CAPTURED.get(key)
    return QCoreApplication.translate("CallDetailView", text) if text else key


def _field_name(code: str) -> str:
    text = _FIELD_NAMES.get(code)
    return QCoreApplication.translate("CallDetailView", text) if text else code


class _CorrectionsModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda c: local_time(c.corrected_at)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "By"), lambda c: c.corrected_by),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Field"), lambda c: _field_name(c.field)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "From"), lambda c: pick(c.old_he, c.old_en) or ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "To"), lambda c: pick(c.new_he, c.new_en) or ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Why"), lambda c: c.why, stretch=True),
    )


def _moves(path: tuple[ScriptMove, ...]) -> list[_Move]:
    out, before = [], None
    for move in path:
        took = ""
        if move.at is not None and before is not None:
            took = duration(int((move.at - before).total_seconds()))
        out.append(_Move(move, took))
        before = move.at or before
    return out


class CallDetailView(QWidget):
    """A call's record and the correction editor.

    Signals:
        corrected(object): a correction of this call id was saved.
        back(): the lead asked to go back to the list (Esc or the Back button).
        loaded(object): the shown :class:`CallDetail` (after a load or a correction).
    """

    corrected = Signal(object)
    back = Signal()
    loaded = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.records: CallRecords | None = None
        self.detail: CallDetail | None = None
        self._choices = FilterChoices()

        self.back_button = QPushButton(self.tr("← &Back to the list"))
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel()
        self.title.setObjectName("callTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("callSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)

        self.path_model = _PathModel(self)
        self.path = make_table_view(self.path_model, sortable=False)
        self.path.setObjectName("scriptPath")
        self.offers_model = _OffersModel(self)
        self.offers = make_table_view(self.offers_model, sortable=False)
        self.offers.setObjectName("callOffers")
        self.approvals_model = _ApprovalsModel(self)
        self.approvals = make_table_view(self.approvals_model, sortable=False)
        self.approvals.setObjectName("callApprovals")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("callNotes")
        self.notes.setReadOnly(True)
        self.captured = QLabel()
        self.captured.setObjectName("callCaptured")
        self.captured.setWordWrap(True)
        self.corrections_model = _CorrectionsModel(self)
        self.corrections = make_table_view(self.corrections_model, sortable=False)
        self.corrections.setObjectName("callCorrections")

        # The correction editor: field, new value, why (required).
        self.field = QComboBox()
        self.field.setObjectName("correctionField")
        for code in ("outcome", "reason", "competitor"):
            self.field.addItem(_field_name(code), code)
        self.field.currentIndexChanged.connect(self._fill_values)
        self.value = QComboBox()
        self.value.setObjectName("correctionValue")
        self.why = QLineEdit()
        self.why.setObjectName("correctionWhy")
        self.why.setMaxLength(MAX_WHY)
        self.why.setPlaceholderText(self.tr("Why (required; kept with the correction)"))
        self.why.returnPressed.connect(self.save_correction)
        self.save_button = QPushButton(self.tr("&Save correction"))
        self.save_button.setObjectName("saveCorrection")
        self.save_button.clicked.connect(self.save_correction)
        self.message = QLabel()
        self.message.setObjectName("correctionMessage")
        self.message.setWordWrap(True)
        # Names, what the script captured, the server's words: as typed, never markup.
        plain(self.title, self.summary, self.captured, self.message)
        editor = QGroupBox(self.tr("Correct this call"))
        form = QFormLayout(editor)
        form.addRow(self.tr("Fi&eld"), self.field)
        form.addRow(self.tr("&New value"), self.value)
        form.addRow(self.tr("&Why"), self.why)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Script path")))
        left_layout.addWidget(self.path, 3)
        left_layout.addWidget(QLabel(self.tr("Offers")))
        left_layout.addWidget(self.offers, 1)
        left_layout.addWidget(QLabel(self.tr("Approval requests")))
        left_layout.addWidget(self.approvals, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Notes")))
        right_layout.addWidget(self.notes, 1)
        right_layout.addWidget(self.captured)
        right_layout.addWidget(QLabel(self.tr("Corrections")))
        right_layout.addWidget(self.corrections, 1)
        right_layout.addWidget(editor)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- loading ------------------------------------------------------------------------------

    def set_records(self, records: CallRecords | None, choices: FilterChoices | None = None) -> None:
        self.records = records
        if choices is not None:
            self.set_choices(choices)

    def set_choices(self, choices: FilterChoices) -> None:
        self._choices = choices
        self._fill_values()

    def show_call(self, call_id: uuid.UUID) -> None:
        """Load and show one call (off the GUI thread; only the newest asked-for call shows)."""
        if self.records is None:
            return
        records = self.records
        self.message.clear()
        self.runner.submit(lambda: records.detail(call_id), self.show_detail,
                           lambda exc: self.message.setText(describe(exc)),
                           lane=Lane.INTERACTIVE, latest="call-detail")

    def show_detail(self, detail: CallDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.title.setText(self.tr("This call is no longer on record."))
            for model in (self.path_model, self.offers_model, self.approvals_model, self.corrections_model):
                model.set_rows(())
            return
        e = detail.entry
        who = e.customer_name or self.tr("unknown caller")
        self.title.setText(ui_direction(self.tr("%1, %2").replace("%1", isolate(who))
                                        .replace("%2", local_time(e.started_at))))
        self.summary.setText(self._summary(detail))
        self.path_model.set_rows(_moves(detail.path))
        self.offers_model.set_rows(detail.offers)
        self.approvals_model.set_rows(detail.approvals)
        self.corrections_model.set_rows(detail.corrections)
        self.notes.setPlainText(e.notes or "")
        if detail.captured:
            lines = [f"{isolate(_captured_name(k))}: {isolate(v)}" for k, v in detail.captured]
            self.captured.setText(self.tr("Captured: %1").replace("%1", "; ".join(lines)))
        else:
            self.captured.setText(self.tr("Nothing captured on this call."))
        self._fill_values()
        self.loaded.emit(detail)

    def _summary(self, detail: CallDetail) -> str:
        e = detail.entry
        parts = []
        if detail.account_number:
            parts.append(self.tr("account %1").replace("%1", ltr(detail.account_number)))
        if detail.caller_e164:
            # The national form (054-1234567), as agents say it; no leading + to misplace in Hebrew.
            parts.append(self.tr("from %1").replace("%1", ltr(display_phone(detail.caller_e164))))
        parts.append(self.tr("agent %1").replace("%1", isolate(e.agent_name)))
        if e.team_name:
            parts.append(self.tr("team %1").replace("%1", isolate(e.team_name)))
        if e.handle_seconds is not None:
            parts.append(self.tr("talked %1").replace("%1", duration(e.handle_seconds)))
        parts.append(self.tr("reason: %1").replace("%1", pick(e.reason_he, e.reason_en) or self.tr("none")))
        outcome = pick(e.outcome_he, e.outcome_en) or self.tr("none yet")
        if e.original_outcome is not None:
            outcome = self.tr("%1 (corrected)").replace("%1", outcome)
        parts.append(self.tr("outcome: %1").replace("%1", outcome))
        if detail.competitor:
            parts.append(self.tr("competitor: %1").replace("%1", isolate(detail.competitor)))
        if detail.script_he or detail.script_en:
            parts.append(self.tr("script %1, version %2").replace("%1", isolate(pick(detail.script_he,
                                                                                       detail.script_en)))
                         .replace("%2", str(detail.script_version)))
        if detail.incident_he or detail.incident_en:
            parts.append(self.tr("during %1").replace("%1", isolate(pick(detail.incident_he, detail.incident_en))))
        if detail.confirmation_number:
            parts.append(self.tr("confirmation %1").replace("%1", ltr(detail.confirmation_number)))
        return ui_direction(" · ".join(parts))

    # -- the correction editor ----------------------------------------------------------------

    def _fill_values(self, _index: int = 0) -> None:
        code = self.field.currentData()
        current = self._current_value(code)
        self.value.clear()
        options: tuple[Choice, ...] = ()
        if code == "outcome":
            options = self._choices.outcomes
        elif code == "reason":
            options = self._choices.reasons
        self.value.setEditable(code == "competitor")
        for choice in options:
            self.value.addItem(pick(choice.label_he, choice.label_en), choice.value)
        if code == "competitor":
            self.value.setEditText(current or "")
        elif current is not None:
            index = self.value.findData(current)
            if index >= 0:
                self.value.setCurrentIndex(index)

    def _current_value(self, code: str | None) -> str | None:
        if self.detail is None:
            return None
        if code == "outcome":
            return self.detail.entry.outcome
        if code == "reason":
            return self.detail.entry.reason
        return self.detail.competitor

    def save_correction(self) -> None:
        if self.records is None or self.detail is None:
            return
        why = self.why.text().strip()
        code = self.field.currentData()
        value = self.value.currentText().strip() if code == "competitor" else self.value.currentData()
        if not why:  # required: said here at once, nothing is sent
            self.message.setText(self.tr("Write why the call is corrected."))
            self.why.setFocus()
            return
        if value == self._current_value(code):
            self.message.setText(self.tr("Choose a value other than the current one."))
            self.value.setFocus()
            return
        records, call_id = self.records, self.detail.entry.id
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Saving…"))

        def done(detail: CallDetail | None) -> None:
            self.save_button.setEnabled(True)
            self.why.clear()
            self.show_detail(detail)
            self.message.setText(self.tr("Correction saved."))
            self.corrected.emit(call_id)

        def failed(exc: Exception) -> None:
            # What was typed stays, so nothing is lost; the message says what to do.
            self.save_button.setEnabled(True)
            if isinstance(exc, CorrectionRefused):
                self.message.setText(self.tr("You may not correct this call: only a team lead of the agent's "
                                             "team or an admin may, and not on their own calls."))
            elif isinstance(exc, CallLogError):
                self.message.setText(self.tr("The correction was not saved: %1").replace("%1", str(exc)))
            else:
                self.message.setText(describe(exc))

        self.runner.submit(lambda: records.correct(call_id, code, value, why), done, failed)

    # -- keys -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)

