"""Reading a call-script YAML file into a :class:`~agent_desk.scripts.model.Script`.

The loader works on PyYAML's node tree (``yaml.compose``), not on plain Python objects,
so every problem can name ``file:line:column``. It checks the file's *shape* only: YAML
syntax (``yaml-syntax``), fields, types and kinds (``schema``), repeated keys
(``duplicate-key``). Whether references, codes, translations and the step graph make
sense is the linter's job (:mod:`agent_desk.scripts.lint`). Bad input never raises: it
turns into messages, and :func:`load_text` returns no script when there is an error.

Qt-free and database-free. The file format is documented in ``docs/call-scripts.md``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from agent_desk import safe_yaml
from agent_desk.scripts.conditions import ConditionParser
from agent_desk.scripts.model import (
    CONTINUE_KEY,
    OFFER_OUTCOMES,
    ActionKind,
    Answer,
    Arm,
    Capture,
    CaptureKind,
    Code,
    LintMessage,
    Objection,
    Phrase,
    Pos,
    Ref,
    Script,
    ScriptError,
    Severity,
    Step,
    StepKind,
    Text,
)

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
MAX_CALLBACK_DAYS = 90

TOP_REQUIRED = ("id", "title", "start", "cancel", "steps")
TOP_OPTIONAL = ("reasons", "fallback", "languages", "description", "objections")

# kind -> (required fields, optional fields); "kind", "hint" and "title" are allowed everywhere.
STEP_FIELDS: Mapping[StepKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    StepKind.SAY: (("text", "next"), ("capture",)),
    StepKind.QUESTION: (("text", "answers"), ("capture",)),
    StepKind.BRANCH: (("branches",), ("default",)),
    StepKind.OFFERS: (("text", "kinds", *OFFER_OUTCOMES), ("answers",)),
    StepKind.ACTION: (("action", "next"), ("reason", "disposition", "in_days")),
    StepKind.END: (("disposition",), ("text",)),
    StepKind.RETURN: ((), ()),
}
ACTION_CODE_FIELD = {
    ActionKind.RECORD_REASON: "reason",
    ActionKind.SET_DISPOSITION: "disposition",
    ActionKind.SCHEDULE_CALLBACK: None,
}

Fields = dict[str, tuple[yaml.Node, yaml.Node]]


@dataclass(frozen=True)
class LoadResult:
    """What loading gave: the script (None when the file has errors) and the messages."""

    script: Script | None
    messages: tuple[LintMessage, ...]

    @property
    def errors(self) -> tuple[LintMessage, ...]:
        return tuple(m for m in self.messages if m.is_error)


def load_text(source: str, file: str) -> LoadResult:
    """Load a script from YAML text; ``file`` is the name used in messages."""
    builder = _Builder(file, source)
    script = builder.build()
    messages = tuple(sorted(builder.messages, key=LintMessage.sort_key))
    has_errors = any(m.is_error for m in messages)
    return LoadResult(None if has_errors else script, messages)


def read_source(path: str | Path) -> tuple[str | None, LintMessage | None]:
    """The file's text, or a message saying why it cannot be read (missing, not UTF-8)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, LintMessage(name, 1, 1, Severity.ERROR, "unreadable", f"cannot read the file: {exc.strerror}")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, LintMessage(name, line, column, Severity.ERROR, "yaml-syntax",
                                 "the file is not UTF-8 text; save it as UTF-8")


def load_file(path: str | Path) -> LoadResult:
    source, problem = read_source(path)
    if source is None:
        assert problem is not None
        return LoadResult(None, (problem,))
    return load_text(source, str(path))


def load_script(path: str | Path) -> Script:
    """Load a script that must be usable; raises :class:`ScriptError` with the messages."""
    result = load_file(path)
    if result.script is None:
        raise ScriptError(result.messages)
    return result.script


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _show(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return "nothing" if node.tag.endswith(":null") else repr(node.value)
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


class _Builder:
    """Walks the node tree once, building the model and collecting messages."""

    def __init__(self, file: str, source: str) -> None:
        self.file = file
        self.source = source
        self.messages: list[LintMessage] = []
        self.conditions = ConditionParser(self.error, self.pos)

    # --- messages and places -------------------------------------------------------------

    @staticmethod
    def pos(node: yaml.Node) -> Pos:
        return Pos(node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: yaml.Node, message: str, code: str = "schema") -> None:
        place = self.pos(node)
        self.messages.append(LintMessage(self.file, place.line, place.column, Severity.ERROR, code, message))

    def _at(self, line: int, column: int, code: str, message: str) -> None:
        self.messages.append(LintMessage(self.file, line, column, Severity.ERROR, code, message))

    # --- the whole file ------------------------------------------------------------------

    def build(self) -> Script | None:
        root = self._compose()
        if root is None:
            return None
        top = self.fields(root, "the script", TOP_REQUIRED, TOP_OPTIONAL)
        if top is None:
            return None
        key = self.name(top, "id", "the script id")
        title = self.text(top, "title")
        reasons = self.codes(top, "reasons", "reason codes")
        fallback = self.flag(top, "fallback")
        languages = self.languages(top)
        if "description" in top:
            self.string(top["description"][1], "the description")
        start = self.ref(top, "start")
        cancel = self.ref(top, "cancel")
        steps = self.steps(top["steps"][1]) if "steps" in top else {}
        objections = self.objections(top["objections"][1]) if "objections" in top else {}
        if None in (key, title, start, cancel) or any(m.is_error for m in self.messages):
            return None
        assert key is not None and title is not None and start is not None and cancel is not None
        return Script(key, title, reasons, fallback, languages, start, cancel, steps, objections,
                      self.file, self.source)

    def _compose(self) -> yaml.Node | None:
        try:
            root = safe_yaml.compose(self.source)
        except yaml.MarkedYAMLError as exc:
            self._yaml_error(exc)
            return None
        except yaml.reader.ReaderError as exc:
            line = self.source.count("\n", 0, exc.position) + 1
            column = exc.position - (self.source.rfind("\n", 0, exc.position) + 1) + 1
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            self._at(line, column, "yaml-syntax", f"the control character U+{code:04X} is not allowed in YAML")
            return None
        except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
            self._at(1, 1, "yaml-syntax", str(exc).splitlines()[0])
            return None
        if root is None:
            self._at(1, 1, "schema", "the file is empty; a script needs " + ", ".join(TOP_REQUIRED))
        return root

    def _yaml_error(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "not valid YAML").removeprefix("but ")
        if exc.problem and exc.context:
            problem += f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                problem += f" that starts at line {exc.context_mark.line + 1}"
            problem += ")"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self._at(line, column, "yaml-syntax", problem)

    # --- building blocks -----------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str) -> Fields | None:
        """A mapping's entries by key; reports non-mappings, odd keys and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping (key: value lines), not {_show(node)}")
            return None
        entries: Fields = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
                self.error(key_node, f"keys in {what} must be plain names")
                continue
            if key_node.value == "<<":
                self.error(key_node, "merge keys (<<) are not supported; write the fields out")
                continue
            if key_node.value in entries:
                first = self.pos(entries[key_node.value][0])
                self.error(key_node, f"'{key_node.value}' appears twice in {what} (first at line {first.line})",
                           code="duplicate-key")
                continue
            entries[key_node.value] = (key_node, value_node)
        return entries

    def fields(
        self, node: yaml.Node, what: str, required: Iterable[str], optional: Iterable[str],
        at: yaml.Node | None = None,
    ) -> Fields | None:
        """A mapping with these fields; a missing one is reported at ``at`` (the key naming it)."""
        entries = self.mapping(node, what)
        if entries is None:
            return None
        required, optional = tuple(required), tuple(optional)
        for name in required:
            if name not in entries:
                self.error(at or node, f"{what} has no '{name}'")
        allowed = (*required, *optional)
        for name, (key_node, _value) in entries.items():
            if name not in allowed:
                listed = ", ".join(allowed) if allowed else "no fields"
                self.error(key_node, f"unknown field '{name}' in {what}{_suggest(name, allowed)}; "
                                     f"expected: {listed}")
        return entries

    def string(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.error(node, f"{what} must be text, not {_show(node)}")
            return None
        return node.value

    def name_of(self, node: yaml.Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and not NAME.match(value):
            self.error(node, f"{what} {value!r} must be a name: letters, digits and _, starting with a letter")
            return None
        return value

    def name(self, entries: Fields, field: str, what: str) -> str | None:
        return self.name_of(entries[field][1], what) if field in entries else None

    def ref(self, entries: Fields, field: str) -> Ref | None:
        if field not in entries:
            return None
        node = entries[field][1]
        value = self.name_of(node, f"'{field}'")
        return None if value is None else Ref(value, self.pos(node))

    def flag(self, entries: Fields, field: str) -> bool:
        if field not in entries:
            return False
        node = entries[field][1]
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":bool"):
            self.error(node, f"'{field}' must be true or false, not {_show(node)}")
            return False
        return node.value.lower() in ("true", "yes", "on")

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, not {_show(node)}")
            return None
        return list(node.value)

    def code(self, node: yaml.Node, what: str) -> Code | None:
        value = self.name_of(node, what)
        return None if value is None else Code(value, self.pos(node))

    def codes(self, entries: Fields, field: str, what: str) -> tuple[Code, ...]:
        if field not in entries:
            return ()
        items = self.sequence(entries[field][1], f"'{field}'") or []
        return tuple(c for c in (self.code(item, f"one of the {what}") for item in items) if c is not None)

    def languages(self, entries: Fields) -> tuple[str, ...]:
        found = []
        for code in self.codes(entries, "languages", "languages"):
            if not LANGUAGE.match(code.value):
                self._at(code.pos.line, code.pos.column, "schema",
                         f"{code.value!r} is not a two-letter language code (he, en, ar, ru...)")
            elif code.value not in ("he", "en"):
                found.append(code.value)
        return tuple(found)

    def text(self, entries: Fields, field: str) -> Text | None:
        """An agent-visible text: a mapping of language -> wording."""
        if field not in entries:
            return None
        key_node, node = entries[field]
        if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
            self.error(node, f"'{field}' must give each language, e.g. {field}: {{he: ..., en: ...}}")
            return None
        phrases = self.mapping(node, f"'{field}'")
        if phrases is None:
            return None
        found: dict[str, Phrase] = {}
        for language, (lang_node, value_node) in phrases.items():
            if not LANGUAGE.match(language):
                self.error(lang_node, f"{language!r} is not a two-letter language code (he, en, ar, ru...)")
                continue
            value = self.string(value_node, f"the {language} wording of '{field}'")
            if value is not None:
                found[language] = Phrase(value, self.pos(value_node), value_node.start_mark.index,
                                         value_node.end_mark.index)
        return Text(self.pos(key_node), found)

    # --- steps ---------------------------------------------------------------------------

    def steps(self, node: yaml.Node) -> dict[str, Step]:
        entries = self.mapping(node, "'steps'")
        if entries is None:
            return {}
        if not entries:
            self.error(node, "'steps' is empty; a script needs at least a start and an end")
        steps: dict[str, Step] = {}
        for step_id, (key_node, value_node) in entries.items():
            if not NAME.match(step_id):
                self.error(key_node, f"step id {step_id!r} must be a name: letters, digits and _")
                continue
            step = self.step(step_id, key_node, value_node)
            if step is not None:
                steps[step_id] = step
        return steps

    def step(self, step_id: str, key_node: yaml.Node, node: yaml.Node) -> Step | None:
        what = f"step '{step_id}'"
        entries = self.mapping(node, what)
        if entries is None:
            return None
        if "kind" not in entries:
            self.error(key_node, f"{what} has no 'kind'; kinds: {', '.join(StepKind)}")
            return None
        kind_node = entries["kind"][1]
        raw_kind = self.string(kind_node, f"the kind of {what}")
        if raw_kind is None:
            return None
        if raw_kind not in tuple(StepKind):
            self.error(kind_node, f"unknown step kind {raw_kind!r}{_suggest(raw_kind, StepKind)}; "
                                  f"kinds: {', '.join(StepKind)}")
            return None
        kind = StepKind(raw_kind)
        required, optional = STEP_FIELDS[kind]
        fields = self.fields(node, f"{what} ({kind})", ("kind", *required), (*optional, "hint", "title"),
                             at=key_node)
        if fields is None or any(name not in fields for name in required):
            return None  # already reported
        pos = self.pos(key_node)
        common = {"id": step_id, "kind": kind, "pos": pos, "hint": self.text(fields, "hint"),
                  "title": self.text(fields, "title"), "capture": self.capture(fields, what)}
        if kind == StepKind.SAY:
            return self._say(fields, common)
        if kind == StepKind.QUESTION:
            return Step(**common, text=self.text(fields, "text"), answers=self.answers(fields, what, ()))
        if kind == StepKind.OFFERS:
            return self._offers(fields, common, what)
        if kind == StepKind.BRANCH:
            return Step(**common, arms=self.arms(fields, what), default=self.ref(fields, "default"))
        if kind == StepKind.ACTION:
            return self._action(fields, common, what)
        if kind == StepKind.END:
            disposition = self.code(fields["disposition"][1], "the disposition") if "disposition" in fields else None
            return Step(**common, text=self.text(fields, "text"), code=disposition)
        return Step(**common)

    def _say(self, fields: Fields, common: dict) -> Step:
        target = self.ref(fields, "next")
        answers = ()
        if target is not None:
            answers = (Answer(CONTINUE_KEY, Text.builtin(CONTINUE_KEY, target.pos), target, target.pos, True),)
        return Step(**common, text=self.text(fields, "text"), answers=answers)

    def _offers(self, fields: Fields, common: dict, what: str) -> Step:
        outcomes = []
        for outcome in OFFER_OUTCOMES:
            target = self.ref(fields, outcome)
            if target is not None:
                outcomes.append(Answer(outcome, Text.builtin(outcome, target.pos), target, target.pos, True))
        kinds: tuple[Code, ...] = ()
        if "kinds" in fields:
            kinds = self.codes(fields, "kinds", "offer kinds")
            if not kinds and isinstance(fields["kinds"][1], yaml.SequenceNode):
                self.error(fields["kinds"][1], f"{what} asks for no offer kinds; list at least one")
        extras = self.answers(fields, what, OFFER_OUTCOMES) if "answers" in fields else ()
        return Step(**common, text=self.text(fields, "text"), answers=(*outcomes, *extras), offer_kinds=kinds)

    def _action(self, fields: Fields, common: dict, what: str) -> Step | None:
        action_node = fields["action"][1]
        raw = self.string(action_node, f"the action of {what}")
        if raw is None or raw not in tuple(ActionKind):
            if raw is not None:
                self.error(action_node, f"unknown action {raw!r}{_suggest(raw, ActionKind)}; "
                                        f"actions: {', '.join(ActionKind)}")
            return None
        action = ActionKind(raw)
        wanted = ACTION_CODE_FIELD[action]
        for other in ("reason", "disposition"):
            if other in fields and other != wanted:
                self.error(fields[other][0], f"'{other}' does not belong to a {action} action")
        if "in_days" in fields and action != ActionKind.SCHEDULE_CALLBACK:
            self.error(fields["in_days"][0], f"'in_days' does not belong to a {action} action")
        code = None
        if wanted is not None:
            if wanted not in fields:
                self.error(action_node, f"a {action} action needs '{wanted}'")
                return None
            code = self.code(fields[wanted][1], f"the {wanted}")
        in_days = self.days(fields) if action == ActionKind.SCHEDULE_CALLBACK else None
        return Step(**common, action=action, code=code, in_days=in_days, next=self.ref(fields, "next"))

    def capture(self, fields: Fields, what: str) -> Capture | None:
        """``capture: {field: competitor, kind: text, prompt: {he: ..., en: ...}}``; whether the
        field exists is the linter's question (``unknown-capture-field``)."""
        if "capture" not in fields:
            return None
        key_node, node = fields["capture"]
        entries = self.fields(node, f"the capture of {what}", ("field", "prompt"), ("kind",), at=key_node)
        if entries is None or "field" not in entries or "prompt" not in entries:
            return None
        name = self.name(entries, "field", "the captured field")
        prompt = self.text(entries, "prompt")
        kind = CaptureKind.TEXT
        if "kind" in entries:
            raw = self.string(entries["kind"][1], "the kind of value")
            if raw is None or raw not in tuple(CaptureKind):
                if raw is not None:
                    self.error(entries["kind"][1], f"unknown kind of value {raw!r}{_suggest(raw, CaptureKind)}; "
                                                   f"kinds: {', '.join(CaptureKind)}")
                return None
            kind = CaptureKind(raw)
        if name is None or prompt is None:
            return None
        return Capture(name, kind, prompt, self.pos(key_node), self.pos(entries["field"][1]))

    def days(self, fields: Fields) -> int:
        if "in_days" not in fields:
            return 1
        node = fields["in_days"][1]
        ok = isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int")
        value = int(node.value) if ok and node.value.isdigit() else -1
        if not 0 <= value <= MAX_CALLBACK_DAYS:
            self.error(node, f"'in_days' must be a whole number of days from 0 to {MAX_CALLBACK_DAYS}, "
                             f"not {_show(node)}")
            return 1
        return value

    def answers(self, fields: Fields, what: str, reserved: tuple[str, ...]) -> tuple[Answer, ...]:
        items = self.sequence(fields["answers"][1], f"the answers of {what}") if "answers" in fields else None
        found: list[Answer] = []
        seen: dict[str, Pos] = {}
        for item in items or ():
            entries = self.fields(item, f"an answer of {what}", ("key", "label", "next"), ())
            if entries is None:
                continue
            key = self.name(entries, "key", "the answer key")
            if key is not None and key in reserved:
                self.error(entries["key"][1], f"answer key '{key}' is taken by the offers step itself")
                continue
            if key is not None and key in seen:
                self.error(entries["key"][1], f"answer key '{key}' appears twice in {what} "
                                              f"(first at line {seen[key].line})", code="duplicate-key")
                continue
            label, target = self.text(entries, "label"), self.ref(entries, "next")
            if key is not None and label is not None and target is not None:
                seen[key] = self.pos(item)
                found.append(Answer(key, label, target, self.pos(item)))
        return tuple(found)

    def arms(self, fields: Fields, what: str) -> tuple[Arm, ...]:
        items = self.sequence(fields["branches"][1], f"the branches of {what}") if "branches" in fields else None
        found: list[Arm] = []
        for item in items or ():
            entries = self.fields(item, f"a branch of {what}", ("when", "next"), ())
            if entries is None or "when" not in entries:
                continue
            condition = self.conditions.parse(entries["when"][1])
            target = self.ref(entries, "next")
            if condition is not None and target is not None:
                found.append(Arm(condition, target, self.pos(item)))
        return tuple(found)

    # --- the objection library -----------------------------------------------------------

    def objections(self, node: yaml.Node) -> dict[str, Objection]:
        entries = self.mapping(node, "'objections'")
        found: dict[str, Objection] = {}
        for key, (key_node, value_node) in (entries or {}).items():
            if not NAME.match(key):
                self.error(key_node, f"objection key {key!r} must be a name: letters, digits and _")
                continue
            fields = self.fields(value_node, f"objection '{key}'", ("label", "step"), (), at=key_node)
            if fields is None:
                continue
            label, step = self.text(fields, "label"), self.ref(fields, "step")
            if label is not None and step is not None:
                found[key] = Objection(key, label, step, self.pos(key_node))
        return found
