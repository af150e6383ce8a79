"""The QA review form: a team lead scores a call on the rubric, with comments.

Opened from a call's id (:meth:`QaReviewForm.open_call`, or :meth:`QaReviewDialog.open_for`
beside another screen). One score box per criterion of the rubric the database holds (0 to
the criterion's scale, "—" until scored), the weighted total as the lead types, comments,
Ctrl+Enter saves. Everything is reachable by keyboard: Tab walks the scores (arrows or digits
set them), then the comments and the button.

All reads and writes go through :class:`agent_desk.coaching.Coaching` on the task runner;
nothing here waits on the database.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agent_desk.coaching import CallForReview, Coaching, CoachingError, NotYours, Review, Rubric
from agent_desk.ui.i18n import current_language, isolate, israel_datetime, pick, ui_direction
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import TaskRunner, describe

UNSCORED = -1


def refusal_text(exc: Exception) -> str | None:
    """The translated sentence for a refusal of the coaching rules (by the service or, on
    PostgreSQL, by the database itself), or None for any other failure."""
    from PySide6.QtCore import QCoreApplication

    orig = getattr(exc, "orig", None)
    if isinstance(exc, NotYours) or (isinstance(exc, sa.exc.DBAPIError) and getattr(orig, "sqlstate", "") == "42501"):
        return QCoreApplication.translate("Coaching", "Not allowed: leads review their team's calls, never their own, and only the call's agent answers a review.")  # noqa: E501 - one literal for lupdate
    if isinstance(exc, CoachingError):
        return QCoreApplication.translate("Coaching", "Not saved: %1").replace("%1", str(exc))
    return None


class QaReviewForm(QWidget):
    """Scores, comments and the total for one call.

    Signals:
        saved(object): the review's id, once stored.
        loaded(): the call and its rubric are shown (tests wait on it).
    """

    saved = Signal(object)
    loaded = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.coaching: Coaching | None = None
        self.call: CallForReview | None = None
        self.rubric: Rubric | None = None
        self.review_id: uuid.UUID | None = None
        self.scores: dict[str, QSpinBox] = {}

        self.heading = QLabel()
        self.heading.setObjectName("qaCall")
        self.heading.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("qaNotes")
        self.notes.setWordWrap(True)
        self.criteria = QFormLayout()
        self.criteria.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.total = QLabel()
        self.total.setObjectName("qaTotal")
        font = self.total.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.total.setFont(font)
        self.comments = QPlainTextEdit()
        self.comments.setObjectName("qaComments")
        self.comments.setTabChangesFocus(True)
        self.comments.setPlaceholderText(self.tr("What went well, what to work on (the agent reads this)"))
        comments_label = QLabel(self.tr("&Comments"))
        comments_label.setBuddy(self.comments)
        self.save_button = QPushButton(self.tr("&Save review"))
        self.save_button.setObjectName("qaSave")
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("qaMessage")
        self.message.setWordWrap(True)
        # Names, the agent's notes and the server's words, shown as typed.
        plain(self.heading, self.notes, self.total, self.message)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        buttons = QHBoxLayout()
        buttons.addWidget(self.total, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notes)
        layout.addLayout(self.criteria)
        layout.addWidget(comments_label)
        layout.addWidget(self.comments, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.setEnabled(False)

    def set_coaching(self, coaching: Coaching | None) -> None:
        self.coaching = coaching

    def open_call(self, call_id: uuid.UUID) -> None:
        """Load the call and the rubric (and my review of it still waiting for an answer)."""
        if self.coaching is None:
            return
        coaching = self.coaching
        self.setEnabled(False)
        self.message.setText(self.tr("Loading the call…"))
        self.runner.submit(lambda: coaching.open_call(call_id), self._show, self._failed, latest="qa-review-open")

    def _show(self, loaded: tuple[CallForReview, Rubric, Review | None]) -> None:
        call, rubric, review = loaded
        self.call, self.rubric, self.review_id = call, rubric, review.id if review else None
        when = israel_datetime(call.started_at)
        self.heading.setText(ui_direction(
            self.tr("Call of %1 with %2, %3: %4, %5")
            .replace("%1", isolate(call.agent_name)).replace("%2", isolate(call.customer_name or self.tr("unknown")))
            .replace("%3", when).replace("%4", pick(call.reason_he, call.reason_en) or self.tr("no reason"))
            .replace("%5", pick(call.outcome_he, call.outcome_en) or self.tr("no outcome"))))
        self.notes.setText(self.tr("Notes: %1").replace("%1", isolate(call.notes)) if call.notes else "")
        while self.criteria.rowCount():
            self.criteria.removeRow(0)
        self.scores.clear()
        language = current_language()
        for number, criterion in enumerate(rubric.criteria, start=1):
            box = QSpinBox()
            box.setObjectName(f"qaScore_{criterion.code}")
            box.setRange(UNSCORED, criterion.scale)
            box.setSpecialValueText("—")
            box.setValue(review.scores.get(criterion.code, UNSCORED) if review else UNSCORED)
            box.setSuffix(f" / {criterion.scale}")
            box.setAccessibleName(criterion.label(language))
            box.valueChanged.connect(self._update_total)
            label = QLabel(f"&{number}  {criterion.label(language)}" if number < 10 else criterion.label(language))
            label.setBuddy(box)
            plain(label)
            label.setToolTip(self.tr("weight %1").replace("%1", str(criterion.weight)))
            self.criteria.addRow(label, box)
            self.scores[criterion.code] = box
        self.comments.setPlainText(review.comments or "" if review else "")
        self.message.setText(self.tr("Editing your review of this call (the agent has not answered yet).")
                             if review else "")
        self._update_total()
        self.setEnabled(True)
        if self.scores:
            next(iter(self.scores.values())).setFocus()
        self.loaded.emit()

    def _values(self) -> dict[str, int]:
        return {code: box.value() for code, box in self.scores.items() if box.value() != UNSCORED}

    def _update_total(self, _value: int = 0) -> None:
        if self.rubric is None:
            return
        values = self._values()
        missing = len(self.scores) - len(values)
        text = self.tr("Total: %1 / 100").replace("%1", str(self.rubric.total(values)))
        if missing:
            text += "  " + self.tr("(%n criteria not scored)", "", missing)
        self.total.setText(text)

    def save(self) -> None:
        if self.coaching is None or self.call is None or self.rubric is None or not self.isEnabled():
            return
        values = self._values()
        unscored = [code for code in self.scores if code not in values]
        if unscored:
            self.message.setText(self.tr("Score every criterion first."))
            self.scores[unscored[0]].setFocus()
            return
        coaching, call_id, version = self.coaching, self.call.call_id, self.rubric.version
        comments, review_id = self.comments.toPlainText(), self.review_id or uuid.uuid4()
        self.save_button.setEnabled(False)

        def done(stored: uuid.UUID) -> None:
            self.save_button.setEnabled(True)
            self.review_id = stored
            self.message.setText(self.tr("Saved. The agent sees it in My reviews."))
            self.saved.emit(stored)

        def failed(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            self._failed(exc)

        # The key is made here, so a retry after a lost answer changes the same review.
        self.runner.submit(lambda: coaching.save_review(call_id, values, comments, rubric_version=version,
                                                        review_id=review_id), done, failed)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(refusal_text(exc) or describe(exc))


class QaReviewDialog(QDialog):
    """The form in a window of its own, beside the screen it was opened from (never modal:
    the lead may look at the call while scoring)."""

    def __init__(self, runner: TaskRunner, coaching: Coaching, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("QA review"))
        self.form = QaReviewForm(runner, self)
        self.form.set_coaching(coaching)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.resize(640, 560)

    @classmethod
    def open_for(cls, runner: TaskRunner, coaching: Coaching, call_id: uuid.UUID,
                 parent: QWidget | None = None) -> QaReviewDialog:
        """Show the form for ``call_id`` and return the (non-modal) dialog."""
        dialog = cls(runner, coaching, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.form.saved.connect(lambda _id: dialog.accept())
        dialog.show()
        dialog.form.open_call(call_id)
        return dialog
