"""Walking a script during a call: :class:`ScriptRunner`, a deterministic state machine.

The agent sees one step at a time (say, question, offers, end) and moves on by answering.
Branch, action and return steps are passed through on their own: a branch by the call's
facts, an action by recording what it says, a return by resuming the step the agent was on
before entering an objection. Where a call goes therefore depends only on the facts and the
answers; the clock only stamps the path.

Every move (an answer, entering an objection, "cancel now") pushes the state before it, so
:meth:`ScriptRunner.back` restores it exactly: step, objection stack, recorded actions and
path, captured values. The path (step, answer, time) is what the call log stores in
``retention_calls.script_path``. Qt-free and database-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from agent_desk.scripts.facts import ScriptFacts
from agent_desk.scripts.model import ActionKind, CaptureKind, Script, Step, StepKind, Text
from agent_desk.scripts.variables import Segment, render

CANCEL_NOW = "cancel-now"  # the path's answer for the runner's own "cancel now" (not a valid answer key)
OBJECTION_PREFIX = "objection:"
TITLE_WORDS = 4  # a step without a title shows this many words of its text in the breadcrumb


class Choice(NamedTuple):
    """An answer the agent can give: its index (for :meth:`ScriptRunner.answer`) and label."""

    index: int
    label: str


@dataclass(frozen=True)
class PathEntry:
    """One move of the agent: on ``step`` they answered ``answer`` at ``at`` (ISO-8601, UTC)."""

    step: str
    answer: str
    at: str

    def as_dict(self) -> dict[str, str]:
        return {"step": self.step, "answer": self.answer, "at": self.at}


@dataclass(frozen=True)
class RecordedAction:
    """What an action step recorded.

    Attributes:
        step: the action step.
        action: record_reason, schedule_callback or set_disposition.
        code: the reason or disposition code (None for a callback).
        in_days: when the callback is due, in days from now (callbacks only).
        at: when it was recorded (ISO-8601, UTC).
    """

    step: str
    action: ActionKind
    code: str | None
    in_days: int | None
    at: str

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "action": str(self.action), "code": self.code, "in_days": self.in_days,
                "at": self.at}


@dataclass(frozen=True)
class CapturePrompt:
    """The input a step shows: which wrap-up field, what kind of value, its label, and the
    value captured so far (empty when none)."""

    field: str
    kind: CaptureKind
    prompt: str
    value: str = ""


@dataclass(frozen=True)
class RenderedStep:
    """The step on screen, in the runner's language, with the variables filled in.

    Attributes:
        id, kind: the step.
        segments: the text as (text, is_variable) pieces; empty when the step has no text.
        hint: guidance for the agent's eyes only, as segments.
        answers: (index, label) of each answer; say steps have one, "continue".
        answer_keys: the answer keys, in the same order.
        terminal: an end step: the call's outcome is ``disposition``.
        disposition: the end step's disposition code.
        offer_kinds: for an offers step, the kinds to ask the offer engine for.
        in_objection: the agent is inside the objection library (a return will come back).
        missing: variables the call does not know (shown as placeholders).
        title: the step's short name (its ``title:``, else the start of its text).
        capture: the value the step asks for, if any.
    """

    id: str
    kind: StepKind
    segments: tuple[Segment, ...]
    hint: tuple[Segment, ...]
    answers: tuple[Choice, ...]
    answer_keys: tuple[str, ...]
    terminal: bool
    disposition: str | None
    offer_kinds: tuple[str, ...]
    in_objection: bool
    missing: tuple[str, ...] = ()
    title: str = ""
    capture: CapturePrompt | None = None

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class RunnerState:
    """Everything that changes during a walk; immutable, so back() is exact.

    Attributes:
        step: the step on screen.
        stack: steps to resume when an objection returns, innermost last.
        path: the agent's moves so far.
        actions: what action steps recorded so far.
        captured: (field, value) pairs the agent typed, in order (the latest per field counts).
    """

    step: str
    stack: tuple[str, ...] = ()
    path: tuple[PathEntry, ...] = ()
    actions: tuple[RecordedAction, ...] = ()
    captured: tuple[tuple[str, str], ...] = ()


class RunnerError(RuntimeError):
    """The runner was asked something the script or its state does not allow."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class ScriptRunner:
    """Runs one script for one call.

    Args:
        script: a script that lints clean (the runner trusts its references).
        facts: the call's facts; conditions and variables read them.
        language: the language the customer hears: "he", "en", or one the script declares
            (a text without it falls back to English).
        clock: gives the time stamped on the path and on actions (timezone-aware).
    """

    def __init__(
        self,
        script: Script,
        facts: ScriptFacts,
        language: str = "he",
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.script = script
        self.facts = facts
        self.language = language
        self.clock = clock
        self._conditions = facts.condition_values()
        self._history: list[RunnerState] = []
        self._state = self._settle(RunnerState(script.start.step))

    # --- what the agent sees -------------------------------------------------------------

    @property
    def state(self) -> RunnerState:
        """A snapshot of the walk (compare two to know whether anything changed)."""
        return self._state

    @property
    def current(self) -> RenderedStep:
        step = self.script.steps[self._state.step]
        segments, missing = self._render(step.text)
        hint, _ = self._render(step.hint)
        return RenderedStep(
            id=step.id,
            kind=step.kind,
            segments=segments,
            hint=hint,
            answers=tuple(Choice(i, self._fill(a.label)) for i, a in enumerate(step.answers)),
            answer_keys=tuple(a.key for a in step.answers),
            terminal=step.is_terminal,
            disposition=step.code.value if step.is_terminal and step.code else None,
            offer_kinds=tuple(k.value for k in step.offer_kinds),
            in_objection=bool(self._state.stack),
            missing=missing,
            title=self.title_of(step.id),
            capture=self._capture_prompt(step),
        )

    def title_of(self, step_id: str) -> str:
        """A step's short name for the breadcrumb: its title, else its text's first words."""
        step = self.script.steps.get(step_id)
        if step is None:
            return step_id
        if step.title is not None:
            return self._fill(step.title)
        source = step.text or step.hint
        if source is None:
            return step_id
        words = self._fill(source).split()
        return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")

    @property
    def captured(self) -> dict[str, str]:
        """Field -> the latest value the agent captured for it on the way here."""
        return dict(self._state.captured)

    @property
    def finished(self) -> bool:
        return self.script.steps[self._state.step].is_terminal

    @property
    def disposition(self) -> str | None:
        """The end step's disposition once finished; before, the latest set_disposition, if any."""
        step = self.script.steps[self._state.step]
        if step.is_terminal and step.code is not None:
            return step.code.value
        return self._latest(ActionKind.SET_DISPOSITION)

    @property
    def reason(self) -> str | None:
        """The reason the script recorded last (the call's own reason when None)."""
        return self._latest(ActionKind.RECORD_REASON)

    @property
    def callback_in_days(self) -> int | None:
        """When the latest scheduled callback is due, in days; None when none was scheduled."""
        found = [a for a in self._state.actions if a.action == ActionKind.SCHEDULE_CALLBACK]
        return found[-1].in_days if found else None

    @property
    def path(self) -> tuple[PathEntry, ...]:
        return self._state.path

    def path_for_log(self) -> list[dict[str, str]]:
        """The path as ``retention_calls.script_path`` stores it."""
        return [entry.as_dict() for entry in self._state.path]

    @property
    def actions(self) -> tuple[RecordedAction, ...]:
        return self._state.actions

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    def objections(self) -> list[tuple[str, str]]:
        """(key, label) of the objection library; empty once the call has ended."""
        if self.finished:
            return []
        return [(o.key, self._fill(o.label)) for o in self.script.objections.values()]

    def set_competitor(self, name: str | None) -> None:
        """Fill ``{competitor}`` once the customer names them (it feeds no condition, so the
        walk stays the same; not undone by back())."""
        self.facts = replace(self.facts, competitor=name or None)

    # --- the agent's moves ---------------------------------------------------------------

    def answer(self, choice: int | str, value: str | None = None) -> RenderedStep:
        """Answer the current step by index or key, and move on.

        ``value``: what the agent typed for the step's ``capture`` (ignored when blank; a
        date is ISO ``yyyy-mm-dd``). It is kept in the state, so back() undoes it.
        """
        step = self.script.steps[self._state.step]
        if step.is_terminal:
            raise RunnerError(f"the script has ended at '{step.id}'; go back to change an answer")
        answers = step.answers
        if isinstance(choice, bool) or not isinstance(choice, int | str):
            raise RunnerError(f"an answer is an index or a key, not {choice!r}")
        if isinstance(choice, int):
            if not 0 <= choice < len(answers):
                raise RunnerError(f"step '{step.id}' has {len(answers)} answers; there is no answer {choice}")
            picked = answers[choice]
        else:
            matches = [a for a in answers if a.key == choice]
            if not matches:
                raise RunnerError(f"step '{step.id}' has no answer '{choice}'")
            picked = matches[0]
        captured = self._checked_capture(step, value)
        self._move(picked.key, picked.next.step, self._state.stack, captured)
        return self.current

    def enter_objection(self, key: str) -> RenderedStep:
        """Jump into the objection library; its return step comes back to this step."""
        objection = self.script.objections.get(key)
        if objection is None:
            raise RunnerError(f"the script has no objection '{key}'")
        if self.finished:
            raise RunnerError("the script has ended; go back first")
        self._move(OBJECTION_PREFIX + key, objection.step.step, (*self._state.stack, self._state.step))
        return self.current

    def cancel_now(self) -> RenderedStep:
        """The customer wants to cancel now: go straight to the script's cancel step.

        Allowed from any step, inside an objection too; the objection stack is dropped.
        """
        if self.finished:
            raise RunnerError("the script has ended; go back first")
        self._move(CANCEL_NOW, self.script.cancel.step, ())
        return self.current

    def back(self) -> RenderedStep:
        """Undo the last move: the exact state before it comes back."""
        if not self._history:
            raise RunnerError("nothing to go back to")
        self._state = self._history.pop()
        return self.current

    # --- inside --------------------------------------------------------------------------

    def _move(self, answer: str, target: str, stack: tuple[str, ...],
              captured: tuple[tuple[str, str], ...] = ()) -> None:
        before = self._state
        entry = PathEntry(before.step, answer, self._stamp())
        self._state = self._settle(RunnerState(target, stack, (*before.path, entry), before.actions,
                                               (*before.captured, *captured)))
        self._history.append(before)

    def _checked_capture(self, step: Step, value: str | None) -> tuple[tuple[str, str], ...]:
        if value is None or not value.strip():
            return ()
        if step.capture is None:
            raise RunnerError(f"step '{step.id}' captures nothing")
        value = value.strip()
        if step.capture.kind == CaptureKind.DATE:
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError as exc:
                raise RunnerError(f"{value!r} is not a date (yyyy-mm-dd)") from exc
        return ((step.capture.field, value),)

    def _capture_prompt(self, step: Step) -> CapturePrompt | None:
        if step.capture is None:
            return None
        return CapturePrompt(step.capture.field, step.capture.kind, self._fill(step.capture.prompt),
                             self.captured.get(step.capture.field, ""))

    def _facts_now(self) -> ScriptFacts:
        """The facts with what the agent captured so far ({competitor} once it is typed)."""
        competitor = self.captured.get("competitor")
        return replace(self.facts, competitor=competitor) if competitor else self.facts

    def _settle(self, state: RunnerState) -> RunnerState:
        """Pass through branch, action and return steps until one the agent must see."""
        limit = len(self.script.steps) * (len(state.stack) + 2)
        for _ in range(limit):
            step = self.script.steps[state.step]
            if step.kind == StepKind.BRANCH:
                arm = next((a for a in step.arms if a.when.holds(self._conditions)), None)
                target = arm.next if arm is not None else step.default
                if target is None:
                    raise RunnerError(f"branch '{step.id}' has no default and no condition holds")
                state = replace(state, step=target.step)
            elif step.kind == StepKind.ACTION:
                assert step.action is not None and step.next is not None
                action = RecordedAction(step.id, step.action, step.code.value if step.code else None,
                                        step.in_days, self._stamp())
                state = replace(state, step=step.next.step, actions=(*state.actions, action))
            elif step.kind == StepKind.RETURN:
                if not state.stack:
                    raise RunnerError(f"return step '{step.id}' outside an objection")
                state = replace(state, step=state.stack[-1], stack=state.stack[:-1])
            else:
                return state
        raise RunnerError(f"the script loops through steps without an answer (at '{state.step}')")

    def _stamp(self) -> str:
        now = self.clock()
        if now.tzinfo is None:
            raise RunnerError("the runner's clock must give timezone-aware times")
        return now.astimezone(UTC).isoformat()

    def _latest(self, action: ActionKind) -> str | None:
        found = [a.code for a in self._state.actions if a.action == action]
        return found[-1] if found else None

    def _render(self, text: Text | None) -> tuple[tuple[Segment, ...], tuple[str, ...]]:
        if text is None:
            return (), ()
        return render(text.get(self.language), self._facts_now(), self.language)

    def _fill(self, text: Text) -> str:
        segments, _ = render(text.get(self.language), self._facts_now(), self.language)
        return "".join(s.text for s in segments)
