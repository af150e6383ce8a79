"""Coaching screens: the lead's list per agent, and the agent's own reviews.

* :class:`CoachingView` (a team lead): the agents of my team with their number of reviews,
  average score, open disputes and reviews waiting for an answer; for the chosen agent their
  reviews (with the agent's answer) and newest calls, from which Enter opens the QA review
  form (:mod:`agent_desk.ui.qa_review`); a dispute can be marked resolved.
* :class:`MyReviewsView` (an agent): reviews of my calls, newest first, each with its
  scores and comments; I acknowledge it or dispute it with a comment.

Both read and write through :class:`agent_desk.coaching.Coaching` on the task runner.
"""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.coaching import (
    ACKNOWLEDGED,
    DISPUTED,
    RESOLVED,
    SENT,
    AgentCoaching,
    CallForReview,
    Coaching,
    Review,
    Rubric,
)
from agent_desk.ui.i18n import current_language, isolate, israel_date, israel_datetime, pick
from agent_desk.ui.plain_text import plain
from agent_desk.ui.qa_review import QaReviewDialog, refusal_text
from agent_desk.ui.table_models import Column, RecordTableModel, make_table_view
from agent_desk.ui.tasks import Lane, TaskRunner, describe

_ATTENTION = QBrush(QColor("#b3261e"))
_STATUS = {
    SENT: QT_TRANSLATE_NOOP("Coaching", "waiting for the agent"),
    ACKNOWLEDGED: QT_TRANSLATE_NOOP("Coaching", "acknowledged"),
    DISPUTED: QT_TRANSLATE_NOOP("Coaching", "disputed"),
    RESOLVED: QT_TRANSLATE_NOOP("Coaching", "dispute resolved"),
}


def status_text(status: str) -> str:
    return QCoreApplication.translate("Coaching", _STATUS.get(status, status))


class AgentCoachingModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Agent"), lambda a: a.agent_name),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Reviews"), lambda a: str(a.reviews), lambda a: a.reviews,
               numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Average"),
               lambda a: f"{a.average:.0f}" if a.average is not None else "—",
               lambda a: a.average if a.average is not None else -1, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Disputes open"), lambda a: str(a.disputes_open),
               lambda a: a.disputes_open, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Not answered"), lambda a: str(a.waiting), lambda a: a.waiting,
               numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Last review"), lambda a: israel_datetime(a.last_reviewed),
               lambda a: a.last_reviewed.timestamp() if a.last_reviewed else 0, stretch=True),
    )

    def attention(self, record: AgentCoaching) -> QBrush | None:
        return _ATTENTION if record.disputes_open else None


class ReviewModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Reviewed"), lambda r: israel_date(r.reviewed_at),
               lambda r: r.reviewed_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Call"), lambda r: israel_datetime(r.call_started_at),
               lambda r: r.call_started_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Customer"), lambda r: r.customer_name),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Score"), lambda r: str(r.score), lambda r: r.score, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Status"), lambda r: status_text(r.status)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Agent's comment"), lambda r: r.agent_comment or "", stretch=True),
    )

    def attention(self, record: Review) -> QBrush | None:
        return _ATTENTION if record.status in (DISPUTED, SENT) else None


class CallChoiceModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Started"), lambda c: israel_datetime(c.started_at),
               lambda c: c.started_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Customer"), lambda c: c.customer_name),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Reason"), lambda c: pick(c.reason_he, c.reason_en)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Outcome"), lambda c: pick(c.outcome_he, c.outcome_en),
               stretch=True),
    )


def select_row(view: QTableView, row: int = 0) -> None:
    """Choose a whole row. (``QTableView.selectRow`` picks the column under the view's leading
    edge, and right to left, with columns narrower than the view, there is none: nothing
    would be chosen in Hebrew.)"""
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(model.index(row, 0), flags)


def fit_columns(view: QTableView, model: RecordTableModel) -> None:
    """Size the columns to the rows now in them (not only the headers), the long text column
    taking what is left."""
    for section, column in enumerate(model.columns):
        if not column.stretch:
            view.resizeColumnToContents(section)


def _chosen(view: QTableView, model: RecordTableModel) -> object | None:
    selection = view.selectionModel()
    rows = selection.selectedRows() if selection is not None else []
    if not rows:
        return None
    proxy = view.model()
    index = proxy.mapToSource(rows[0]) if hasattr(proxy, "mapToSource") else rows[0]
    return model.row_at(index.row())


def review_html(review: Review, rubric: Rubric | None) -> str:
    """A review's scores, comments and answer as rich text (labels in the UI's language)."""
    heading = QCoreApplication.translate("Coaching", "Score %1 / 100 by %2, %3").replace("%1", str(review.score)) \
        .replace("%2", isolate(review.reviewer_name)).replace("%3", isolate(israel_datetime(review.reviewed_at)))
    parts = [f"<p><b>{html.escape(heading)}</b></p>"]
    if rubric is not None and review.scores:
        language = current_language()
        rows = "".join(
            f"<tr><td>{html.escape(c.label(language))}</td>"
            f"<td>{html.escape(str(review.scores.get(c.code, '—')))} / {c.scale}</td></tr>"
            for c in rubric.criteria)
        side = "right" if language == "he" else "left"
        parts.append(f"<table cellspacing='4' align='{side}'>{rows}</table><br clear='all'>")
    if review.comments:
        parts.append(f"<p>{html.escape(review.comments)}</p>")
    parts.append(f"<p><i>{html.escape(status_text(review.status))}</i></p>")
    if review.agent_comment:
        wrote = QCoreApplication.translate("Coaching", "The agent wrote: %1").replace("%1", review.agent_comment)
        parts.append(f"<p>{html.escape(wrote)}</p>")
    direction = "rtl" if current_language() == "he" else "ltr"
    return f"<div dir='{direction}'>{''.join(parts)}</div>"


class CoachingView(QWidget):
    """The team lead's coaching list.

    Signals:
        failed(str): something could not be loaded.
        refreshed(): the agents' figures are on screen (tests wait on it).
    """

    failed = Signal(str)
    refreshed = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.coaching: Coaching | None = None
        self.rubrics: dict[int, Rubric] = {}
        self.agents_model = AgentCoachingModel(self)
        self.agents = make_table_view(self.agents_model)
        self.agents.setObjectName("coachingAgents")
        self.agents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agents.selectionModel().selectionChanged.connect(lambda *_: self._load_agent())
        self.reviews_model = ReviewModel(self)
        self.reviews = make_table_view(self.reviews_model)
        self.reviews.setObjectName("coachingReviews")
        self.reviews.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reviews.selectionModel().selectionChanged.connect(lambda *_: self._show_review())
        self.review_text = QTextBrowser()
        self.review_text.setObjectName("coachingReviewText")
        self.resolve_button = QPushButton(self.tr("&Mark the dispute resolved"))
        self.resolve_button.setEnabled(False)
        self.resolve_button.clicked.connect(self.resolve)
        self.calls_model = CallChoiceModel(self)
        self.calls = make_table_view(self.calls_model)
        self.calls.setObjectName("coachingCalls")
        self.calls.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.calls.doubleClicked.connect(lambda _index: self.review_chosen_call())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.calls, self.review_chosen_call,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.review_button = QPushButton(self.tr("Review this &call…"))
        self.review_button.setObjectName("reviewCall")
        self.review_button.clicked.connect(self.review_chosen_call)
        self.message = QLabel()
        self.message.setObjectName("coachingMessage")
        plain(self.message)
        self.dialog: QaReviewDialog | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Agents of my team")))
        left_layout.addWidget(self.agents, 1)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(QLabel(self.tr("Reviews")))
        middle_layout.addWidget(self.reviews, 2)
        middle_layout.addWidget(self.review_text, 3)
        middle_layout.addWidget(self.resolve_button)
        middle_layout.addWidget(QLabel(self.tr("Newest calls (Enter reviews the chosen one)")))
        middle_layout.addWidget(self.calls, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.review_button)
        middle_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.setObjectName("coachingSplitter")
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([480, 880])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    def set_coaching(self, coaching: Coaching | None) -> None:
        self.coaching = coaching
        self.setEnabled(coaching is not None)

    def refresh(self) -> None:
        if self.coaching is None or self.coaching.desk.user is None:
            return
        self.runner.submit(self.coaching.team, self._show_team, self._failed, lane=Lane.POLL, key="coaching-team")

    def _show_team(self, team: list[AgentCoaching]) -> None:
        self.agents_model.update_rows(team, key=lambda a: a.agent_id)
        fit_columns(self.agents, self.agents_model)
        if team and not self.agents.selectionModel().hasSelection():
            select_row(self.agents)
        else:
            self._load_agent()
        self.refreshed.emit()

    def _agent(self) -> AgentCoaching | None:
        return _chosen(self.agents, self.agents_model)  # type: ignore[return-value]

    def _load_agent(self) -> None:
        agent = self._agent()
        if agent is None or self.coaching is None:
            return
        coaching, known = self.coaching, dict(self.rubrics)

        def load() -> tuple[list[Review], list[CallForReview], dict[int, Rubric]]:
            reviews = coaching.agent_reviews(agent.agent_id)
            for version in {r.rubric_version for r in reviews if r.rubric_version is not None} - set(known):
                known[version] = coaching.rubric(version)
            return reviews, coaching.agent_calls(agent.agent_id), known

        self.runner.submit(load, self._show_agent, self._failed, latest="coaching-agent")

    def _show_agent(self, loaded: tuple[list[Review], list[CallForReview], dict[int, Rubric]]) -> None:
        reviews, calls, self.rubrics = loaded
        self.reviews_model.update_rows(reviews, key=lambda r: r.id)
        self.calls_model.update_rows(calls, key=lambda c: c.call_id)
        fit_columns(self.reviews, self.reviews_model)
        fit_columns(self.calls, self.calls_model)
        if calls and not self.calls.selectionModel().hasSelection():
            select_row(self.calls)
        self._show_review()

    def _review(self) -> Review | None:
        return _chosen(self.reviews, self.reviews_model)  # type: ignore[return-value]

    def _show_review(self) -> None:
        review = self._review()
        self.resolve_button.setEnabled(review is not None and review.status == DISPUTED)
        self.review_text.setHtml(review_html(review, self.rubrics.get(review.rubric_version or 0))
                                 if review is not None else "")

    def review_chosen_call(self) -> QaReviewDialog | None:
        call = _chosen(self.calls, self.calls_model)
        if call is None or self.coaching is None:
            self.message.setText(self.tr("Choose a call in the list first."))
            return None
        return self.review_call(call.call_id)  # type: ignore[attr-defined]

    def review_call(self, call_id: uuid.UUID) -> QaReviewDialog | None:
        """Open the QA review form for ``call_id`` (from this list or any other screen)."""
        if self.coaching is None:
            return None
        self.dialog = QaReviewDialog.open_for(self.runner, self.coaching, call_id, self)
        self.dialog.form.saved.connect(lambda _id: self.refresh())
        return self.dialog

    def resolve(self) -> None:
        review = self._review()
        if review is None or self.coaching is None:
            return
        coaching = self.coaching
        self.runner.submit(lambda: coaching.resolve(review.id), lambda _none: self.refresh(), self._failed)

    def _failed(self, exc: Exception) -> None:
        text = refusal_text(exc) or describe(exc)
        self.message.setText(text)
        self.failed.emit(text)


class MyReviewsView(QWidget):
    """The agent's reviews: read each, acknowledge it or dispute it with a comment.

    Signals:
        failed(str): something could not be loaded or sent.
        refreshed(): the reviews are on screen (tests wait on it).
        answered(object): the id of a review just answered.
    """

    failed = Signal(str)
    refreshed = Signal()
    answered = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.coaching: Coaching | None = None
        self.rubrics: dict[int, Rubric] = {}
        self.title = QLabel(self.tr("My reviews"))
        self.model = ReviewModel(self)
        self.reviews = make_table_view(self.model)
        self.reviews.setObjectName("myReviews")
        self.reviews.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reviews.selectionModel().selectionChanged.connect(lambda *_: self._show_review())
        self.text = QTextBrowser()
        self.text.setObjectName("myReviewText")
        self.comment = QLineEdit()
        self.comment.setObjectName("answerComment")
        self.comment.setPlaceholderText(self.tr("Your comment (needed to dispute)"))
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge"))
        self.acknowledge_button.setObjectName("acknowledgeReview")
        self.acknowledge_button.clicked.connect(lambda: self.answer(False))
        self.dispute_button = QPushButton(self.tr("D&ispute"))
        self.dispute_button.setObjectName("disputeReview")
        self.dispute_button.clicked.connect(lambda: self.answer(True))
        self.message = QLabel()
        self.message.setObjectName("myReviewsMessage")
        plain(self.message)
        self.message.setWordWrap(True)
        answer = QHBoxLayout()
        answer.addWidget(self.comment, 1)
        answer.addWidget(self.acknowledge_button)
        answer.addWidget(self.dispute_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reviews, 2)
        layout.addWidget(self.text, 3)
        layout.addLayout(answer)
        layout.addWidget(self.message)
        self._show_review()

    def set_coaching(self, coaching: Coaching | None) -> None:
        self.coaching = coaching

    def refresh(self) -> None:
        if self.coaching is None or self.coaching.desk.user is None:
            return
        coaching, known = self.coaching, dict(self.rubrics)

        def load() -> tuple[list[Review], dict[int, Rubric]]:
            reviews = coaching.my_reviews()
            for version in {r.rubric_version for r in reviews if r.rubric_version is not None} - set(known):
                known[version] = coaching.rubric(version)
            return reviews, known

        self.runner.submit(load, self._show, self._failed, lane=Lane.POLL, key="my-reviews")

    def _show(self, loaded: tuple[list[Review], dict[int, Rubric]]) -> None:
        reviews, self.rubrics = loaded
        self.model.update_rows(reviews, key=lambda r: r.id)
        fit_columns(self.reviews, self.model)
        waiting = sum(1 for r in reviews if r.status == SENT)
        self.title.setText(self.tr("My reviews: %n waiting for your answer", "", waiting))
        if reviews and not self.reviews.selectionModel().hasSelection():
            select_row(self.reviews)
        self._show_review()
        self.refreshed.emit()

    def _review(self) -> Review | None:
        return _chosen(self.reviews, self.model)  # type: ignore[return-value]

    def _show_review(self) -> None:
        review = self._review()
        open_ = review is not None and review.status == SENT
        for widget in (self.comment, self.acknowledge_button, self.dispute_button):
            widget.setEnabled(open_)
        self.text.setHtml(review_html(review, self.rubrics.get(review.rubric_version or 0)) if review else "")

    def answer(self, dispute: bool) -> None:
        review = self._review()
        if review is None or self.coaching is None:
            self.message.setText(self.tr("Choose a review in the list first."))
            return
        comment = self.comment.text().strip()
        if dispute and not comment:
            self.message.setText(self.tr("Write why you dispute the review."))
            self.comment.setFocus()
            return
        coaching = self.coaching

        def done(_none: None) -> None:
            self.comment.clear()
            self.message.setText(self.tr("Your answer was sent to your team lead."))
            self.answered.emit(review.id)
            self.refresh()

        self.runner.submit(lambda: coaching.answer(review.id, dispute, comment), done, self._failed)

    def _failed(self, exc: Exception) -> None:
        text = refusal_text(exc) or describe(exc)
        self.message.setText(text)
        self.failed.emit(text)
