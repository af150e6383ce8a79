"""The call-script model: what a loaded script is, as frozen dataclasses.

A :class:`Script` is what :mod:`agent_desk.scripts.loader` builds from a YAML file and what
:mod:`agent_desk.scripts.lint` checks and :class:`agent_desk.scripts.runner.ScriptRunner`
walks. Every element keeps its place in the source (:class:`Pos`) so a lint message can
name ``file:line:column``. Codes (reasons, dispositions, offer kinds) are kept as written;
the linter, not the loader, decides whether they exist.

Qt-free and database-free.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent_desk.scripts.conditions import Condition

# Every agent-visible text must exist in both; other languages are optional.
REQUIRED_LANGUAGES = ("he", "en")
FALLBACK_LANGUAGE = "en"


class StepKind(StrEnum):
    SAY = "say"
    QUESTION = "question"
    BRANCH = "branch"
    OFFERS = "offers"
    ACTION = "action"
    END = "end"
    RETURN = "return"


# Steps the runner passes through on its own: the agent never sees them.
AUTO_KINDS = frozenset({StepKind.BRANCH, StepKind.ACTION, StepKind.RETURN})


class ActionKind(StrEnum):
    RECORD_REASON = "record_reason"
    SCHEDULE_CALLBACK = "schedule_callback"
    SET_DISPOSITION = "set_disposition"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# The answer keys the loader adds to say and offers steps.
CONTINUE_KEY = "next"
OFFER_ACCEPTED = "accepted"
OFFER_DECLINED = "declined"
OFFER_NONE = "none"
OFFER_OUTCOMES = (OFFER_ACCEPTED, OFFER_DECLINED, OFFER_NONE)

# Built-in labels of those answers (a script's data, like its own labels, not Qt strings;
# the {customer:...|...} forms follow the customer's gender, see agent_desk.scripts.variables).
BUILTIN_LABELS: Mapping[str, Mapping[str, str]] = {
    CONTINUE_KEY: {"he": "המשך", "en": "Continue"},
    OFFER_ACCEPTED: {"he": "{customer:הלקוח קיבל|הלקוחה קיבלה} הצעה", "en": "The customer accepted an offer"},
    OFFER_DECLINED: {"he": "{customer:הלקוח|הלקוחה} לא רוצה את ההצעות",
                     "en": "The customer declined the offers"},
    OFFER_NONE: {"he": "אין הצעה מתאימה", "en": "No suitable offer"},
}


class CaptureKind(StrEnum):
    """What kind of value a step captures (how the panel asks for it, how it is checked)."""

    TEXT = "text"
    DATE = "date"


# The wrap-up fields a script step may capture, and the kind of each. The call object puts a
# captured value into the wrap-up (agent_desk/wrapup.py WrapUp); the linter refuses any other.
CAPTURE_FIELDS: Mapping[str, CaptureKind] = {
    "competitor": CaptureKind.TEXT,
    "new_address": CaptureKind.TEXT,
    "move_date": CaptureKind.DATE,
    "notes": CaptureKind.TEXT,
}


@dataclass(frozen=True, order=True)
class Pos:
    """A place in the source, 1-based like an editor shows it."""

    line: int
    column: int


@dataclass(frozen=True)
class Phrase:
    """One language's wording of a text, and where it sits in the source.

    Attributes:
        value: the wording, variables still in braces.
        pos: where the YAML value starts.
        start: character offset of the value in the source (to place a variable exactly).
        end: character offset just past the value.
    """

    value: str
    pos: Pos
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Text:
    """An agent-visible text in several languages.

    Attributes:
        pos: where the field (``text:``, ``label:``...) is written.
        phrases: language code -> wording.
    """

    pos: Pos
    phrases: Mapping[str, Phrase]

    def get(self, language: str) -> str:
        """The wording in ``language``, else English, else any."""
        for code in (language, FALLBACK_LANGUAGE, *self.phrases):
            phrase = self.phrases.get(code)
            if phrase is not None and phrase.value:
                return phrase.value
        return ""

    @classmethod
    def builtin(cls, key: str, pos: Pos) -> Text:
        return cls(pos, {lang: Phrase(value, pos) for lang, value in BUILTIN_LABELS[key].items()})


@dataclass(frozen=True)
class Ref:
    """A reference to a step by its id, where it is written."""

    step: str
    pos: Pos


@dataclass(frozen=True)
class Code:
    """A reason, disposition or offer-kind code, where it is written."""

    value: str
    pos: Pos


@dataclass(frozen=True)
class Answer:
    """One way the agent can move on from a step.

    ``builtin`` answers are the ones the loader adds (continue, offer outcomes).
    """

    key: str
    label: Text
    next: Ref
    pos: Pos
    builtin: bool = False


@dataclass(frozen=True)
class Capture:
    """A value the step asks the agent to type: it lands in the wrap-up's ``field``.

    Attributes:
        field: the wrap-up field (one of :data:`CAPTURE_FIELDS`, the linter checks).
        kind: text or date.
        prompt: the input's label, in each language.
        pos: where ``capture:`` is written; ``field_pos`` where the field name is.
    """

    field: str
    kind: CaptureKind
    prompt: Text
    pos: Pos
    field_pos: Pos


@dataclass(frozen=True)
class Arm:
    """One arm of a branch step: when the condition holds, go to ``next``."""

    when: Condition
    next: Ref
    pos: Pos


@dataclass(frozen=True)
class Step:
    """One step of a script; the fields used depend on ``kind``.

    Attributes:
        id: the step's name in ``steps:``.
        kind: what the step does (see :class:`StepKind`).
        pos: where the step is written.
        text: what the agent says (say, question, offers; optional on end).
        hint: guidance for the agent's eyes only (optional).
        answers: the agent's ways on (say: continue; question; offers: outcomes + extras).
        arms, default: a branch's conditions and where to go when none holds.
        next: where an action step continues.
        offer_kinds: the offer kinds an offers step asks the offer engine for.
        action: what an action step records.
        code: the reason (record_reason) or disposition (set_disposition, end).
        in_days: when a callback is due (schedule_callback).
        title: a short name of the step for the breadcrumb (optional; else the text's start).
        capture: a value the step asks for (say and question steps; optional).
    """

    id: str
    kind: StepKind
    pos: Pos
    text: Text | None = None
    hint: Text | None = None
    answers: tuple[Answer, ...] = ()
    arms: tuple[Arm, ...] = ()
    default: Ref | None = None
    next: Ref | None = None
    offer_kinds: tuple[Code, ...] = ()
    action: ActionKind | None = None
    code: Code | None = None
    in_days: int | None = None
    title: Text | None = None
    capture: Capture | None = None

    @property
    def is_auto(self) -> bool:
        return self.kind in AUTO_KINDS

    @property
    def is_terminal(self) -> bool:
        return self.kind == StepKind.END

    def refs(self) -> Iterator[Ref]:
        """Every step this one can lead to (a return step's target is only known at run time)."""
        for answer in self.answers:
            yield answer.next
        for arm in self.arms:
            yield arm.next
        if self.default is not None:
            yield self.default
        if self.next is not None:
            yield self.next

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every agent-visible text of the step, with a name for messages."""
        if self.title is not None:
            yield f"the title of step '{self.id}'", self.title
        if self.capture is not None:
            yield f"the capture prompt of step '{self.id}'", self.capture.prompt
        if self.text is not None:
            yield f"the text of step '{self.id}'", self.text
        if self.hint is not None:
            yield f"the hint of step '{self.id}'", self.hint
        for answer in self.answers:
            if not answer.builtin:
                yield f"the label of answer '{answer.key}' in step '{self.id}'", answer.label


@dataclass(frozen=True)
class Objection:
    """An entry of the objection library: the agent can jump there from any step."""

    key: str
    label: Text
    step: Ref
    pos: Pos


@dataclass(frozen=True)
class Script:
    """A whole call script as loaded from one YAML file.

    Attributes:
        key: the script's id (``script_key`` of its published versions).
        title: what the script is for, in each language.
        reasons: the cancellation reason codes this script answers.
        fallback: the general script, used when no other one answers the reason.
        languages: languages beyond Hebrew and English that every text should have.
        start: the first step.
        cancel: the step that honours "cancel now" (the runner can jump there any time).
        steps: step id -> step, in file order.
        objections: objection key -> entry, in file order.
        file: the file name used in messages.
        source: the YAML text, verbatim.
        version, version_id: set when loaded from a published version.
    """

    key: str
    title: Text
    reasons: tuple[Code, ...]
    fallback: bool
    languages: tuple[str, ...]
    start: Ref
    cancel: Ref
    steps: Mapping[str, Step]
    objections: Mapping[str, Objection]
    file: str
    source: str = field(repr=False)
    version: int | None = None
    version_id: uuid.UUID | None = None

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(code.value for code in self.reasons)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every agent-visible text of the script, with a name for messages."""
        yield "the title", self.title
        for objection in self.objections.values():
            yield f"the label of objection '{objection.key}'", objection.label
        for step in self.steps.values():
            yield from step.texts()


@dataclass(frozen=True)
class LintMessage:
    """One finding of the loader or the linter."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.code}: {self.message}"


class ScriptError(Exception):
    """A script cannot be used; ``messages`` say why (file:line:column each)."""

    def __init__(self, messages: list[LintMessage] | tuple[LintMessage, ...]) -> None:
        self.messages = tuple(sorted(messages, key=LintMessage.sort_key))
        errors = [m for m in self.messages if m.is_error] or list(self.messages)
        summary = str(errors[0]) if errors else "the script cannot be used"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(summary + more)
