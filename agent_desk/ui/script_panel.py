"""The script panel: the retention call script, one step at a time, keyboard first.

The step's text is large, with the customer's data filled in and highlighted; answers are
buttons with number keys 1-9 (while the panel has focus: F6 puts it there), Back is
Alt+Left, a breadcrumb names the steps walked so far, the objection library is a menu (F8
in the agent view opens it), and "Cancel now" (F9) is always there: the cancellation is
never blocked. The script follows the reason for leaving the agent picks.

The script speaks the customer's preferred language where the script has it (an English
speaker hears the English script on a Hebrew screen), with the Hebrew forms that fit the
customer's and the agent's gender; its text runs right to left for Hebrew and Arabic
whatever the screen's language. A step that captures a value (the competitor's name, the
new address, the moving day) shows an input under the text: moving onto such a step puts
the keyboard there, Enter keeps the value and moves on (on a question, to the answers, which
then take the value with them), Escape leaves it for the number keys.

Scripts are the newest published versions in the database (so the call can record the
version it used), or the bundled ones when nothing is published yet: the desk
(:meth:`agent_desk.desk.Desk.scripts`) loads them on the task runner; walking the script is
in memory (a deterministic state machine).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.desk import CustomerHistory, CustomerProfile, Desk, DeskUser
from agent_desk.scripts.facts import facts_from_profile
from agent_desk.scripts.library import script_language, select_script
from agent_desk.scripts.model import CaptureKind, Script
from agent_desk.scripts.runner import RenderedStep, RunnerError, ScriptRunner
from agent_desk.ui.i18n import current_language, highlighted, pick
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import TaskRunner, describe

MAX_ANSWERS = 9
RIGHT_TO_LEFT = frozenset({"he", "ar"})
NO_DATE = QDate(2000, 1, 1)  # the date input's "nothing typed yet" (shown blank)


class ScriptPanel(QWidget):
    """Signals:
    offers_requested(list): an offers step asks for offers of these kinds.
    path_changed(): the agent moved (the wrap-up keeps the path).
    finished(str): the script reached its end with this disposition code.
    failed(str): scripts could not be loaded.
    captured(str, str): a step captured a value for this wrap-up field (field, value; a date
        as yyyy-mm-dd). Sent when the agent moves on with a value, and with "" when Back
        undoes it. The fields are ``agent_desk.scripts.model.CAPTURE_FIELDS``.
    """

    offers_requested = Signal(list)
    path_changed = Signal()
    finished = Signal(str)
    failed = Signal(str)
    captured = Signal(str, str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = runner
        self.scripts: list[Script] = []
        self.user: DeskUser | None = None
        self.profile: CustomerProfile | None = None
        self.open_incident = False  # an outage touches the caller (agent_desk.outage): its branch
        self.history: CustomerHistory | None = None
        self.reason: str | None = None
        self.runner: ScriptRunner | None = None
        self.outcomes: dict[str, tuple[str, str]] = {}
        self.agent_gender: str | None = None

        self.title = QLabel()
        self.title.setObjectName("scriptTitle")
        self.breadcrumb = QLabel()
        self.breadcrumb.setObjectName("scriptBreadcrumb")
        self.breadcrumb.setWordWrap(True)
        self.breadcrumb.setStyleSheet("color: palette(mid);")
        self.text = QLabel()
        self.text.setObjectName("scriptText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        self.text.setFont(font)
        self.hint = QLabel()
        self.hint.setObjectName("scriptHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setStyleSheet("color: #555555; font-style: italic;")
        self.capture_label = QLabel()
        self.capture_label.setObjectName("scriptCaptureLabel")
        self.capture_text = QLineEdit()
        self.capture_text.setObjectName("scriptCapture")
        self.capture_date = QDateEdit()
        self.capture_date.setObjectName("scriptCaptureDate")
        self.capture_date.setCalendarPopup(True)
        # Left to right before the format: a right-to-left edit reverses its sections in Hebrew.
        self.capture_date.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.capture_date.setDisplayFormat("dd/MM/yyyy")
        self.capture_date.setMinimumDate(NO_DATE)
        self.capture_date.setSpecialValueText(" ")
        for field in (self.capture_text, self.capture_date):
            field.installEventFilter(self)
        self.capture_row = QWidget()
        capture_row = QHBoxLayout(self.capture_row)
        capture_row.setContentsMargins(0, 0, 0, 0)
        capture_row.addWidget(self.capture_label)
        capture_row.addWidget(self.capture_text, 1)
        capture_row.addWidget(self.capture_date, 1)
        self.answers_box = QVBoxLayout()
        self.answer_buttons: list[QPushButton] = []
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Undo the last answer (Alt+Left)"))
        self.back_button.clicked.connect(self.back)
        self.objections = QToolButton()
        self.objections.setText(self.tr("Objections"))
        self.objections.setObjectName("objections")
        self.objections.setToolTip(self.tr("What to say to an objection; the script returns here (F8)"))
        self.objections.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.objections_menu = QMenu(self.objections)
        self.objections.setMenu(self.objections_menu)
        self.cancel_button = QPushButton(self.tr("Cancel now"))
        self.cancel_button.setObjectName("cancelNow")
        self.cancel_button.setToolTip(self.tr("The customer wants to leave: honour it at once (F9)"))
        self.cancel_button.clicked.connect(self.cancel_now)
        self.outcome = QLabel()
        self.outcome.setObjectName("scriptOutcome")
        # A script file's titles and prompts are data; only the step's own text is rich (escaped).
        plain(self.title, self.breadcrumb, self.capture_label, self.outcome)

        tools = QHBoxLayout()
        tools.addWidget(self.back_button)
        tools.addWidget(self.objections)
        tools.addStretch(1)
        tools.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)
        layout.addWidget(self.capture_row)
        layout.addLayout(self.answers_box)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addLayout(tools)

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for number in range(1, MAX_ANSWERS + 1):
            shortcut = QShortcut(QKeySequence(str(number)), self, context=scope)
            shortcut.activated.connect(lambda n=number: self.answer(n - 1))
        QShortcut(QKeySequence("Alt+Left"), self, context=scope).activated.connect(self.back)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show_nothing(self.tr("The script starts when a customer is on screen."))

    # -- context ---------------------------------------------------------------------

    def set_desk(self, desk: Desk, outcomes: Mapping[str, tuple[str, str]] | None = None) -> None:
        """Load the scripts through ``desk`` (its person's name fills the scripts' agent name).
        ``outcomes``: disposition code -> (Hebrew, English) label, for the end of the script."""
        self.user = desk.user
        self.outcomes = dict(outcomes or {})

        def done(scripts: list[Script]) -> None:
            self.scripts = scripts
            self._restart()

        self.tasks.submit(desk.scripts, done, lambda exc: self.failed.emit(describe(exc)))

    def set_agent_gender(self, gender: str | None) -> None:
        """"male" or "female": the agent's own words in the script take that form
        (``agents.gender``, set by the agent view from the desk user; unknown shows both forms)."""
        if gender != self.agent_gender:
            self.agent_gender = gender
            if self.runner is not None and not self.runner.can_go_back:
                self._restart()

    def show_customer(self, profile: CustomerProfile | None) -> None:
        self.profile, self.history, self.reason, self.open_incident = profile, None, None, False
        self._restart()

    def set_open_incident(self, flag: bool) -> None:
        """An outage touches this caller (or no longer): the scripts' ``open_incident`` fact."""
        if flag != self.open_incident:
            self.open_incident = flag
            if self.runner is None or not self.runner.can_go_back:
                self._restart()

    def set_history(self, history: CustomerHistory) -> None:
        """The history arrived: risk and open complaints become known to the conditions."""
        self.history = history
        if self.runner is not None and not self.runner.can_go_back:
            self._restart()  # nothing answered yet: start again with the full facts

    def set_reason(self, reason: str | None) -> None:
        if reason != self.reason:
            self.reason = reason
            self._restart()

    @property
    def script_ref(self) -> tuple[str, int | None] | None:
        """(script id, published version) of the script in use, for the call log."""
        if self.runner is None:
            return None
        return self.runner.script.key, self.runner.script.version

    def _restart(self) -> None:
        if self.profile is None or not self.scripts:
            self.runner = None
            self._show_nothing(self.tr("The script starts when a customer is on screen."))
            return
        script = select_script(self.scripts, self.reason)
        facts = facts_from_profile(self.profile, self.history, datetime.now(UTC).date(), self.reason,
                                   self.user.display_name if self.user else "", open_incident=self.open_incident,
                                   agent_gender=self.agent_gender)
        language = script_language(script, self.profile.preferred_language, current_language())
        self.runner = ScriptRunner(script, facts, language)
        self.objections_menu.clear()
        for key, label in self.runner.objections():
            self.objections_menu.addAction(label, lambda k=key: self.enter_objection(k))
        self.objections.setEnabled(bool(self.runner.objections()))
        self._show(self.runner.current)

    # -- moving ----------------------------------------------------------------------

    def answer(self, index: int) -> None:
        if self.runner is None or self.runner.finished or index >= len(self.runner.current.answers):
            return
        value = self.capture_value()
        self._move(lambda: self.runner.answer(index, value))

    def capture_value(self) -> str | None:
        """What the agent typed in the step's input (None: the step captures nothing, or blank)."""
        capture = self.runner.current.capture if self.runner is not None else None
        if capture is None:
            return None
        if capture.kind == CaptureKind.DATE:
            typed = self.capture_date.date()
            return None if typed == NO_DATE else typed.toString("yyyy-MM-dd")
        return self.capture_text.text().strip() or None

    def confirm_capture(self) -> None:
        """Enter in the input: a say step moves on with the value; a question hands the
        keyboard to its answers (which take the value along)."""
        if self.runner is None or self.runner.current.capture is None:
            return
        if self.runner.current.kind == "say":
            self.answer(0)
        else:
            self.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched in (self.capture_text, self.capture_date) and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.confirm_capture()
                return True
            if key == Qt.Key.Key_Escape:
                self.setFocus()
                return True
        return super().eventFilter(watched, event)

    def back(self) -> None:
        if self.runner is not None and self.runner.can_go_back:
            self._move(self.runner.back)

    def cancel_now(self) -> None:
        if self.runner is not None and not self.runner.finished:
            self._move(self.runner.cancel_now)

    def show_objections(self) -> None:
        """The objection library under its button, the first one chosen: arrows and Enter
        pick one, Esc closes it. A popup, not exec(): the event loop keeps running."""
        if not self.objections.isEnabled() or self.objections_menu.isEmpty():
            return
        rect = self.objections.rect()  # a right-to-left menu opens leftwards from its point
        below = self.objections.mapToGlobal(rect.bottomRight() if self.isRightToLeft() else rect.bottomLeft())
        self.objections_menu.popup(below)
        self.objections_menu.setActiveAction(self.objections_menu.actions()[0])

    def enter_objection(self, key: str) -> None:
        if self.runner is not None and not self.runner.finished:
            self._move(lambda: self.runner.enter_objection(key))

    def _move(self, step: object) -> None:
        assert self.runner is not None
        had_focus = self.hasFocus() or self.isAncestorOf(self.focusWidget() or self)
        before = self.runner.captured
        try:
            current = step()  # type: ignore[operator]
        except RunnerError as exc:
            self.failed.emit(str(exc))
            return
        self._show(current)
        if current.capture is not None and had_focus:
            field = self.capture_date if current.capture.kind == CaptureKind.DATE else self.capture_text
            field.setFocus()
        elif had_focus and not self.hasFocus() and not self.isAncestorOf(self.focusWidget() or self):
            self.setFocus()
        after = self.runner.captured
        for name in dict.fromkeys((*before, *after)):
            if before.get(name) != after.get(name):
                self.captured.emit(name, after.get(name, ""))
        self.path_changed.emit()

    # -- showing ---------------------------------------------------------------------

    def _show_nothing(self, text: str) -> None:
        self.title.setText("")
        self.breadcrumb.setText("")
        self.text.setText(html.escape(text))
        self.hint.setText("")
        self.outcome.setText("")
        self._show_capture(None)
        self._set_answers(())
        for widget in (self.back_button, self.objections, self.cancel_button):
            widget.setEnabled(False)

    def _show(self, step: RenderedStep) -> None:
        assert self.runner is not None
        script = self.runner.script
        direction = (Qt.LayoutDirection.RightToLeft if self.runner.language in RIGHT_TO_LEFT
                     else Qt.LayoutDirection.LeftToRight)
        # What the customer hears runs in the script's direction, which may differ from the
        # screen's (an English script on a Hebrew screen); the panel's own controls do not.
        for widget in (self.title, self.breadcrumb, self.text, self.hint, self.capture_row):
            widget.setLayoutDirection(direction)
        self.title.setText(script.title.get(self.runner.language))
        walked = [self.runner.title_of(entry.step) for entry in self.runner.path]
        self.breadcrumb.setText(" › ".join([*walked, step.title]) if walked else self.tr("Start"))
        self.text.setText(highlighted(step.segments))
        self.hint.setText(highlighted(step.hint))
        self.hint.setVisible(bool(step.hint))
        self._show_capture(step)
        self._set_answers(step.answers)
        self.back_button.setEnabled(self.runner.can_go_back)
        self.cancel_button.setEnabled(not step.terminal)
        self.objections.setEnabled(not step.terminal and bool(self.runner.objections()))
        if step.offer_kinds:
            self.offers_requested.emit(list(step.offer_kinds))
        if step.terminal:
            code = step.disposition or ""
            outcome = pick(*self.outcomes.get(code, (code, code)))
            self.outcome.setText(self.tr("Script finished: %1").replace("%1", outcome))
            self.finished.emit(step.disposition or "")
        else:
            self.outcome.setText(self.tr("In the objection library: the script returns here")
                                 if step.in_objection else "")

    def _show_capture(self, step: RenderedStep | None) -> None:
        capture = step.capture if step is not None else None
        is_date = capture is not None and capture.kind == CaptureKind.DATE
        self.capture_row.setVisible(capture is not None)
        self.capture_label.setVisible(capture is not None)
        self.capture_text.setVisible(capture is not None and not is_date)
        self.capture_date.setVisible(is_date)
        if capture is None:
            return
        self.capture_label.setText(capture.prompt + ":")
        self.capture_label.setBuddy(self.capture_date if is_date else self.capture_text)
        if is_date:
            self.capture_date.setDate(QDate.fromString(capture.value, "yyyy-MM-dd") if capture.value
                                      else NO_DATE)
        else:
            self.capture_text.setText(capture.value)
            self.capture_text.setPlaceholderText(self.tr("Type it, then Enter"))

    def _set_answers(self, answers: Sequence[tuple[int, str]]) -> None:
        for button in self.answer_buttons:
            self.answers_box.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.answer_buttons = []
        for index, label in list(answers)[:MAX_ANSWERS]:
            button = QPushButton(f"{index + 1}. {label}")
            button.setObjectName(f"answer{index + 1}")
            rtl = self.runner is not None and self.runner.language in RIGHT_TO_LEFT
            app_rtl = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
            button.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            if rtl != app_rtl:  # the mark makes "1." lead in the script's direction
                button.setText(("\u200f" if rtl else "\u200e") + button.text())
            # A style sheet's text-align is mirrored on a right-to-left screen, whatever the
            # button's own direction: ask for the mirror of the side wanted.
            side = "right" if rtl != app_rtl else "left"
            button.setStyleSheet(f"text-align: {side}; padding: 6px;")
            button.clicked.connect(lambda _c=False, i=index: self.answer(i))
            self.answers_box.addWidget(button)
            self.answer_buttons.append(button)
