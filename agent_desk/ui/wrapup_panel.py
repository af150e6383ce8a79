"""The wrap-up form: how the call ended, why, and what happens next. Keyboard first.

A call the desk made (a work-queue task: a greeting, a follow-up, a survey, an at-risk
check) offers the outcomes of such a call first (reached, no answer, left a message), asks
for a reason for leaving only if the customer asked to cancel, and has the survey answer
(with the customer's comment) and the referral whenever the customer was reached; a call
the desk took shows the survey and referral for a saved customer.

Every field has its message right under it; Ctrl+Enter submits from anywhere in the form.
The draft is saved to the local disk every few seconds (on a worker) and reopened after a
crash. Submitting goes through the desk (:meth:`agent_desk.desk.Desk.submit`, the one write
service :func:`agent_desk.wrapup.submit_call`) on a worker; the form shows the
cancellation's confirmation number and how long is left to carry it out.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agent_desk import domain as d
from agent_desk import wrapup as rules
from agent_desk.desk import Desk, DeskUser
from agent_desk.drafts import DraftStore
from agent_desk.phones import display as display_phone
from agent_desk.ui.i18n import ltr, pick
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import Lane, TaskRunner, describe
from agent_desk.wrapup import (
    ISRAEL,
    CallbackRequest,
    ReferralRequest,
    SubmittedCall,
    SurveyAnswer,
    WrapUp,
    default_effective_date,
    next_business_day,
    validate,
)

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000
ISRAEL_ZONE = QTimeZone(b"Asia/Jerusalem")
_ERROR_STYLE = "color: #b3261e;"


def _date_edit(kind: type[QDateTimeEdit]) -> QDateTimeEdit:
    """A date edit laid out left to right: a right-to-left one reverses its sections when
    given a format ("26/11/2026 02:55" would read "55:02 2026/11/26"), so the direction must
    be set before the format is."""
    edit = kind()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    # Israel's wall clock, like every other time on screen: without this the edit shows
    # (and reads back) the machine's own zone.
    edit.setTimeZone(ISRAEL_ZONE)
    return edit


def _to_qt(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()), ISRAEL_ZONE)


def _from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=UTC)


class WrapUpPanel(QWidget):
    """Signals:
    submitted(object): the call was written (a :class:`SubmittedCall`).
    failed(str): the draft could not be saved or the call not written.
    """

    submitted = Signal(object)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, drafts: DraftStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = runner
        self.drafts = drafts
        self.desk: Desk | None = None
        self.outcomes: dict[str, tuple[bool, bool]] = {}
        self._dispositions: list[tuple[str, str, str, bool, bool]] = []
        self._listed_for: bool | None = None  # the outcome list is an outbound call's (True) or not
        self.base: WrapUp | None = None
        self.script_path: tuple[dict, ...] = ()
        self.script_version_id: uuid.UUID | None = None
        self._saved_json = ""
        self._sending = False
        self._proposed: WrapUp | None = None
        # What the script captured with no field of its own: shown read-only, submitted as is.
        self.captured: dict[str, str] = {}

        self.title = QLabel()
        self.title.setObjectName("wrapupTitle")
        self.disposition = QComboBox()
        self.disposition.setObjectName("disposition")
        self.primary = QComboBox()
        self.primary.setObjectName("primaryReason")
        self.secondary = QComboBox()
        self.secondary.setObjectName("secondaryReason")
        self.competitor = QLineEdit()
        self.competitor.setObjectName("competitor")
        self.captured_line = QLabel()
        self.captured_line.setObjectName("capturedFields")
        self.captured_line.setWordWrap(True)
        self.captured_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("What the customer said, what you did, what was promised"))
        # Five lines, then it scrolls: on a 768-pixel screen the callback and the survey stay in view.
        margins = 2 * (self.notes.frameWidth() + int(self.notes.document().documentMargin()))
        self.notes.setMaximumHeight(5 * self.notes.fontMetrics().lineSpacing() + margins)

        self.requested = _date_edit(QDateTimeEdit)
        self.requested.setObjectName("cancellationRequested")
        self.requested.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.effective = _date_edit(QDateEdit)
        self.effective.setObjectName("cancellationEffective")
        self.effective.setDisplayFormat("dd/MM/yyyy")
        self.effective.setCalendarPopup(True)
        self.deadline = QLabel()
        self.deadline.setObjectName("cancellationDeadline")
        self.cancel_box = QGroupBox(self.tr("Cancellation"))
        cancel_form = QFormLayout(self.cancel_box)

        self.callback = QCheckBox(self.tr("Schedule a callback"))
        self.callback.setObjectName("scheduleCallback")
        self.callback_due = _date_edit(QDateTimeEdit)
        self.callback_due.setObjectName("callbackDue")
        self.callback_due.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.callback_owner = QComboBox()
        self.callback_owner.addItem(self.tr("Me"), False)
        self.callback_owner.addItem(self.tr("My team's queue"), True)
        self.callback_note = QLineEdit()
        self.callback_box = QGroupBox(self.tr("Callback"))
        callback_form = QFormLayout(self.callback_box)

        self.survey_kind = QComboBox()
        self.survey_kind.setObjectName("surveyKind")
        self.survey_kind.addItem(self.tr("Not asked"), "")
        self.survey_kind.addItem(self.tr("Satisfaction 1-5 (CSAT)"), d.SurveyKind.CSAT.value)
        self.survey_kind.addItem(self.tr("Would recommend 0-10 (NPS)"), d.SurveyKind.NPS.value)
        self.survey_score = QSpinBox()
        self.survey_score.setObjectName("surveyScore")
        self.survey_score.setRange(0, 10)
        self.survey_comment = QLineEdit()
        self.survey_comment.setObjectName("surveyComment")
        self.survey_comment.setPlaceholderText(self.tr("Why that score, in the customer's words"))
        self.referral_name = QLineEdit()
        self.referral_name.setObjectName("referralName")
        self.referral_phone = QLineEdit()
        self.referral_phone.setObjectName("referralPhone")
        self.referral_consent = QCheckBox(self.tr("They agreed to be contacted"))
        # A short title (a group box's title never wraps: a long one widened the whole form
        # past a laptop's pane); the advice for a call we took is a wrapped line inside.
        self.happy_box = QGroupBox(self.tr("Survey answer and referral"))
        happy_form = QFormLayout(self.happy_box)
        self.happy_hint = QLabel(self.tr("A satisfied customer: ask for a survey answer and a referral"))
        self.happy_hint.setWordWrap(True)
        happy_form.addRow(self.happy_hint)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        self._row(form, self.tr("O&utcome:"), self.disposition, "disposition")
        self._row(form, self.tr("&Reason:"), self.primary, "primary_reason")
        self._row(form, self.tr("Second reason:"), self.secondary, "secondary_reason")
        self._row(form, self.tr("Co&mpetitor:"), self.competitor, "competitor")
        form.addRow(self.captured_line)
        self._captured_row = form.rowCount() - 1
        self._form = form
        self._row(form, self.tr("&Notes:"), self.notes, "notes")
        self._row(cancel_form, self.tr("Asked to cancel at (Israel time):"), self.requested,
                  "cancellation_requested_at")
        self._row(cancel_form, self.tr("Takes effect on:"), self.effective, "cancellation_effective_on")
        cancel_form.addRow(self.deadline)
        callback_form.addRow(self.callback)
        self._row(callback_form, self.tr("Due (Israel time):"), self.callback_due, "callback")
        callback_form.addRow(self.tr("Owner:"), self.callback_owner)
        callback_form.addRow(self.tr("Note:"), self.callback_note)
        self._row(happy_form, self.tr("Survey:"), self.survey_kind, "survey")
        happy_form.addRow(self.tr("Score:"), self.survey_score)
        happy_form.addRow(self.tr("Comment:"), self.survey_comment)
        self._row(happy_form, self.tr("Referral's name:"), self.referral_name, "referral")
        happy_form.addRow(self.tr("Referral's phone:"), self.referral_phone)
        happy_form.addRow(self.referral_consent)

        self.submit_button = QPushButton(self.tr("&Submit (Ctrl+Enter)"))
        self.submit_button.setObjectName("submitCall")
        self.submit_button.clicked.connect(self.submit)
        self.result = QLabel()
        self.result.setObjectName("wrapupResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The customer's name, what the script captured, the server's words: shown as typed.
        plain(self.title, self.captured_line, self.deadline, self.result)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result, 1)
        bottom.addWidget(self.submit_button)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.title)
        inner_layout.addLayout(form)
        inner_layout.addWidget(self.cancel_box)
        inner_layout.addWidget(self.callback_box)
        inner_layout.addWidget(self.happy_box)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        # Up and down only: the form is never wider than its pane (see _keep_width).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, context=scope).activated.connect(self.submit)
        self.disposition.currentIndexChanged.connect(self._outcome_changed)
        self.primary.currentIndexChanged.connect(self._reason_changed)
        self.callback.toggled.connect(self._callback_toggled)
        self.requested.dateTimeChanged.connect(lambda _v: self._show_deadline())
        # Dates, times and phone numbers are edited left to right in Hebrew too.
        for widget in (self.requested, self.effective, self.callback_due, self.referral_phone):
            widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.setEnabled(False)
        self._keep_width()

    def _keep_width(self) -> None:
        """The pane never gets narrower than the form's narrowest layout (a splitter dragged
        too far would cut it off: there is no sideways scrolling). The cancellation, callback
        and survey boxes come and go with the outcome, so this follows them."""
        inner = self.scroll.widget()
        frame = 2 * self.scroll.frameWidth()
        self.scroll.setMinimumWidth(inner.minimumSizeHint().width() + frame
                                    + self.scroll.verticalScrollBar().sizeHint().width())

    def _row(self, form: QFormLayout, text: str, widget: QWidget, key: str) -> None:
        error = QLabel()
        error.setObjectName(f"error_{key}")
        plain(error)
        error.setStyleSheet(_ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.errors[key] = error
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, box)

    # -- context ---------------------------------------------------------------------

    @property
    def user(self) -> DeskUser | None:
        return self.desk.user if self.desk is not None else None

    def set_desk(self, desk: Desk | None, reasons: Sequence[tuple[str, str, str]],
                 dispositions: Sequence[tuple[str, str, str, bool, bool]]) -> None:
        """Where the wrap-up is submitted, and the reasons and outcomes to choose from."""
        self.desk = desk
        self.outcomes = {code: (save, cancel) for code, _he, _en, save, cancel in dispositions}
        self._dispositions = list(dispositions)
        self._listed_for = None
        for combo, first in ((self.primary, self.tr("Choose…")), (self.secondary, self.tr("None"))):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, "")
            combo.blockSignals(False)
        self._list_outcomes(False)
        for code, he, en in reasons:
            self.primary.addItem(pick(he, en), code)
            self.secondary.addItem(pick(he, en), code)

    def _list_outcomes(self, outbound: bool) -> None:
        """The outcomes that fit the call: a call we took never ends "no answer"; a call we
        made lists its own outcomes first. The one chosen stays if it is still there."""
        if self._listed_for == outbound:
            return
        self._listed_for = outbound
        chosen = self.disposition.currentData() or ""
        own = [row for row in self._dispositions if row[0] in rules.OUTBOUND_ONLY]
        rest = [row for row in self._dispositions if row[0] not in rules.OUTBOUND_ONLY]
        self.disposition.blockSignals(True)
        self.disposition.clear()
        self.disposition.addItem(self.tr("Choose…"), "")
        for code, he, en, _save, _cancel in (own + rest if outbound else rest):
            self.disposition.addItem(pick(he, en), code)
        self._select(self.disposition, chosen)
        self.disposition.blockSignals(False)
        # We called them: a reason for leaving only if they asked to leave.
        self.primary.setItemText(0, self.tr("None: they did not ask to leave") if outbound else self.tr("Choose…"))
        self.happy_hint.setVisible(not outbound)  # we called them: the script says what to ask

    @property
    def outbound(self) -> bool:
        return bool(self.base and self.base.outbound)

    def begin(self, wrapup: WrapUp) -> None:
        """A new call (or one restored from its draft): fill the form from ``wrapup``."""
        self.base = wrapup
        self._proposed = None
        self._list_outcomes(wrapup.outbound)
        self.script_path, self.script_version_id = wrapup.script_path, wrapup.script_version_id
        name = wrapup.customer_name or (ltr(display_phone(wrapup.caller_e164)) if wrapup.caller_e164 else "")
        self.title.setText(self.tr("Wrap-up: %1").replace("%1", name))
        self._select(self.disposition, wrapup.disposition)
        self._select(self.primary, wrapup.primary_reason)
        self._select(self.secondary, wrapup.secondary_reason)
        self.competitor.setText(wrapup.competitor)
        self._show_captured(wrapup.captured)
        self.notes.setPlainText(wrapup.notes)
        asked = wrapup.cancellation_requested_at or wrapup.started_at
        self.requested.setDateTime(_to_qt(asked))
        effective = wrapup.cancellation_effective_on or default_effective_date(asked)
        self.effective.setDate(QDate(effective.year, effective.month, effective.day))
        self.callback.setChecked(wrapup.callback is not None)
        due = wrapup.callback.due_at if wrapup.callback else datetime.now(UTC) + timedelta(days=1)
        self.callback_due.setDateTime(_to_qt(due))
        self.callback_owner.setCurrentIndex(1 if wrapup.callback and wrapup.callback.to_team else 0)
        self.callback_note.setText(wrapup.callback.note if wrapup.callback else "")
        self._select(self.survey_kind, wrapup.survey.kind.value if wrapup.survey else "")
        self.survey_score.setValue(wrapup.survey.score if wrapup.survey else 0)
        self.survey_comment.setText(wrapup.survey.comment if wrapup.survey else "")
        self.referral_name.setText(wrapup.referral.name if wrapup.referral else "")
        self.referral_phone.setText(wrapup.referral.phone if wrapup.referral else "")
        self.referral_consent.setChecked(bool(wrapup.referral and wrapup.referral.consent))
        self.result.clear()
        self._show_errors({})
        self._outcome_changed()
        self._reason_changed()
        self._callback_toggled(self.callback.isChecked())
        self._saved_json = ""
        self._sending = False
        for widget in (self.disposition, self.primary, self.secondary, self.notes, self.submit_button):
            widget.setEnabled(True)
        self.setEnabled(True)
        self.autosave.start()

    def set_reason(self, code: str | None) -> None:
        """The reason the agent picked for the script and offers starts the form's too."""
        if code and not self.primary.currentData():
            self._select(self.primary, code)

    def propose(self, proposal: WrapUp) -> None:
        """What the call recorded (reason, outcome, competitor, script path) fills the form.

        A field changes only when the call's value for it changed since the last proposal, so
        a correction the agent typed stays until the call learns something new about it.
        """
        self.script_path, self.script_version_id = proposal.script_path, proposal.script_version_id
        last, self._proposed = self._proposed, proposal
        if self.base is None:
            return
        if proposal.outbound != self.base.outbound:  # a work-queue call: we made it
            self.base = WrapUp(**{**self.base.__dict__, "outbound": proposal.outbound})
            self._list_outcomes(proposal.outbound)
            self._outcome_changed()
        if last is None or proposal.primary_reason != last.primary_reason:
            self._select(self.primary, proposal.primary_reason)
        if last is None or proposal.disposition != last.disposition:
            self._select(self.disposition, proposal.disposition)
        if (last is None or proposal.competitor != last.competitor) and proposal.competitor:
            self.competitor.setText(proposal.competitor)
            self._reason_changed()
        if last is None or proposal.captured != last.captured:
            self._show_captured(proposal.captured)
            said = proposal.captured.get("notes", "")
            if self.outbound and said and not self.survey_comment.text().strip():
                self.survey_comment.setText(said)  # the survey's "why that score", as the script took it

    def _show_captured(self, captured: dict[str, str]) -> None:
        """One read-only line: "New address: ..., Moving day: ..." (nothing when none)."""
        self.captured = dict(captured)
        labels = {"new_address": self.tr("New address: %1"), "move_date": self.tr("Moving day: %1"),
                  "notes": self.tr("Noted in the script: %1")}
        parts = []
        for name, value in captured.items():
            if name == "move_date":
                with contextlib.suppress(ValueError):  # not a date: shown as typed
                    value = date.fromisoformat(value).strftime("%d/%m/%Y")
            parts.append(labels.get(name, f"{name}: %1").replace("%1", value))
        self.captured_line.setText(", ".join(parts))
        self._form.setRowVisible(self._captured_row, bool(parts))

    def end_call(self, ended_at: datetime) -> None:
        if self.base is not None:
            self.base = WrapUp(**{**self.base.__dict__, "ended_at": ended_at})

    @staticmethod
    def _select(combo: QComboBox, value: str | None) -> None:
        combo.setCurrentIndex(max(combo.findData(value or ""), 0))

    # -- the form --------------------------------------------------------------------

    def current(self) -> WrapUp | None:
        """The wrap-up as the form holds it now."""
        if self.base is None:
            return None
        callback = (CallbackRequest(_from_qt(self.callback_due.dateTime()), bool(self.callback_owner.currentData()),
                                    self.callback_note.text().strip()) if self.callback.isChecked() else None)
        kind = self.survey_kind.currentData()
        survey = (SurveyAnswer(d.SurveyKind(kind), self.survey_score.value(), self.survey_comment.text().strip())
                  if kind else None)
        referral = (ReferralRequest(self.referral_name.text().strip(), self.referral_phone.text().strip(),
                                    self.referral_consent.isChecked())
                    if self.referral_name.text().strip() or self.referral_phone.text().strip() else None)
        effective = self.effective.date()
        cancelling = self.outcomes.get(self.disposition.currentData() or "", (False, False))[1]
        return WrapUp(**{
            **self.base.__dict__,
            "disposition": self.disposition.currentData() or None,
            "primary_reason": self.primary.currentData() or None,
            "secondary_reason": self.secondary.currentData() or None,
            "competitor": self.competitor.text().strip(),
            "captured": dict(self.captured),
            "notes": self.notes.toPlainText(),
            "script_path": self.script_path,
            "script_version_id": self.script_version_id,
            "cancellation_requested_at": _from_qt(self.requested.dateTime()) if cancelling else None,
            "cancellation_effective_on": effective.toPython() if cancelling else None,
            "callback": callback,
            "referral": referral if self.happy_box.isVisibleTo(self) else None,
            "survey": survey if self.happy_box.isVisibleTo(self) else None,
        })

    def _outcome_changed(self, _index: int = 0) -> None:
        code = self.disposition.currentData() or ""
        save, cancel = self.outcomes.get(code, (False, False))
        self.cancel_box.setVisible(cancel)
        # A call we made: the survey and referral whenever the customer was reached.
        reached = self.outbound and not cancel and code not in rules.NOT_REACHED
        self.happy_box.setVisible(save or reached)
        self._keep_width()
        if code == "callback_scheduled" and not self.callback.isChecked():
            self.callback.setChecked(True)
        self._show_deadline()

    def _reason_changed(self, _index: int = 0) -> None:
        self.competitor.setEnabled(self.primary.currentData() == "competitor" or bool(self.competitor.text()))

    def _callback_toggled(self, on: bool) -> None:
        for widget in (self.callback_due, self.callback_owner, self.callback_note):
            widget.setEnabled(on)

    def _show_deadline(self) -> None:
        asked = _from_qt(self.requested.dateTime())
        due = next_business_day(asked)
        left = due - datetime.now(UTC)
        hours = max(int(left.total_seconds() // 3600), 0)
        self.deadline.setText(
            self.tr("Carry out by %1 (%2 hours left)").replace("%1", due.astimezone(ISRAEL).strftime("%d/%m/%Y %H:%M"))
            .replace("%2", str(hours))
        )

    def _show_errors(self, problems: dict[str, str]) -> None:
        """Each field's problem in the agent's language: the domain names the exact problem
        (a callback in the past and one years ahead need different words)."""
        exact = {
            rules.REQUESTED_IN_THE_FUTURE: self.tr("The cancellation request cannot be in the future."),
            rules.REQUESTED_TOO_EARLY: self.tr("The request is more than 30 days before the call: check the date."),
            rules.EFFECTIVE_TOO_FAR: self.tr("The effective date must be within a year."),
            rules.CALLBACK_IN_THE_PAST: self.tr("Set a time in the future to call back."),
            rules.CALLBACK_TOO_FAR: self.tr("The callback must be within a year."),
            rules.OUTBOUND_OUTCOME_INBOUND: self.tr("That outcome is for calls we make, not for a call we took."),
        }
        texts = {
            "disposition": self.tr("Choose how the call ended."),
            "primary_reason": self.tr("Choose why the customer wanted to leave."),
            "secondary_reason": self.tr("The second reason repeats the first."),
            "competitor": self.tr("Name the competitor."),
            "notes": self.tr("The notes are too long (4,000 characters at most)."),
            "cancellation_requested_at": self.tr("When did the customer ask to cancel?"),
            "cancellation_effective_on": self.tr("The date must be today or later."),
            "callback": self.tr("Set when to call back."),
            "referral": self.tr("The referral needs a name and a valid phone number."),
            "survey": self.tr("The score is out of range for this survey."),
        }
        for key, label in self.errors.items():
            problem = problems.get(key)
            label.setText("" if problem is None else exact.get(problem, texts.get(key, "")))
            label.setVisible(problem is not None)

    # -- saving ----------------------------------------------------------------------

    def save_draft(self) -> None:
        wrapup = self.current()
        if wrapup is None or self._sending:
            return
        text = json.dumps(wrapup.to_json(), ensure_ascii=False, sort_keys=True)
        if text == self._saved_json:
            return
        self._saved_json = text
        store, draft = self.drafts, wrapup.to_json()

        def failed(exc: Exception) -> None:
            self._saved_json = ""  # try again at the next tick
            self.failed.emit(self.tr("The draft could not be saved: %1").replace("%1", describe(exc)))

        # The disk lane: never behind a slow database, and in order with the delete after
        # a submit or a replace.
        self.tasks.submit(lambda: store.save(draft), lambda _r: None, failed, lane=Lane.DISK)

    def flush_draft(self) -> None:
        """Queue the form as it is now (quitting): the window waits for the disk lane."""
        self._saved_json = ""
        was_sending, self._sending = self._sending, False
        self.save_draft()
        self._sending = was_sending

    def discard(self) -> None:
        """The agent replaced this call with another: its draft goes, in order with any save."""
        if self.base is not None:
            store, call_id = self.drafts, self.base.call_id
            self.tasks.submit(lambda: store.retire(call_id), lambda _r: None,
                              lambda exc: log.warning("draft not removed: %s", type(exc).__name__), lane=Lane.DISK)
        self.autosave.stop()
        self.base = None

    def submit(self) -> None:
        wrapup = self.current()
        if wrapup is None or self._sending:
            return
        problems = validate(wrapup, self.outcomes, datetime.now(UTC))
        self._show_errors(problems)
        if problems:
            first = next((key for key in problems if key in self.errors), None)
            if first is None:  # the call's own times (started_at, ended_at) have no field on the form
                self.result.setText(self.tr("The call's start or end time is not possible: check the computer's "
                                            "date and clock."))
                return
            widget = self.errors[first].parentWidget().layout().itemAt(0).widget()
            widget.setFocus()
            return
        if self.desk is None:
            return
        self._sending = True
        self.submit_button.setEnabled(False)
        self.result.setText(self.tr("Sending…"))
        desk, store = self.desk, self.drafts

        def write() -> SubmittedCall:
            result = desk.submit(wrapup)
            store.retire(wrapup.call_id)  # under the store's lock: an autosave in flight cannot revive it
            return result

        def done(result: SubmittedCall) -> None:
            self.autosave.stop()
            self.submit_button.setEnabled(True)
            text = self.tr("Saved.")
            if result.confirmation_number:
                text = self.tr("Saved. Cancellation confirmation for the customer: %1. Carry it out by %2.").replace(
                    "%1", ltr(result.confirmation_number)).replace(
                    "%2", result.cancellation_deadline.astimezone(ISRAEL).strftime("%d/%m/%Y %H:%M")
                    if result.cancellation_deadline else "")
            self.result.setText(text)
            self.base = None
            self.setEnabled(True)
            for widget in (self.disposition, self.primary, self.secondary, self.notes, self.submit_button):
                widget.setEnabled(False)
            self.submitted.emit(result)

        def failed(exc: Exception) -> None:
            self._sending = False
            self.submit_button.setEnabled(True)
            # Plain words only: the driver's message would carry SQL and the notes typed.
            self.result.setText(self.tr("Not saved: %1 Your wrap-up is kept; try again.").replace("%1", describe(exc)))
            self.save_draft()

        self.tasks.submit(write, done, failed)

    @property
    def in_progress(self) -> bool:
        """A call whose wrap-up is not submitted yet."""
        return self.base is not None
