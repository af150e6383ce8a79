"""The script linter: does a loaded script make sense, and can every call end well?

On top of the loader's shape checks (``yaml-syntax``, ``schema``, ``duplicate-key``) it
reports, each with file:line:column:

========================  =========  ==========================================================
code                      severity   meaning
========================  =========  ==========================================================
unknown-step              error      a reference names no step
unreachable-step          warning    no way leads to the step (start, cancel or an objection)
dead-end                  error      the agent can get stuck: a branch with no default, a
                                     question with no answers, a return outside an objection
no-exit-loop              error      steps go round with no way out to an end, or loop with
                                     no answer from the agent (the runner would spin)
missing-translation       error      an agent-visible text lacks Hebrew or English (a warning
                                     for a further language the script declares)
unknown-variable          error      ``{name}`` is not a known variable
unknown-offer-kind        error      an offers step asks for a kind the offer engine lacks
unknown-reason            error      a cancellation reason code that does not exist
unknown-disposition       error      a disposition code that does not exist
no-cancel-path            error      the customer could not cancel: "cancel now" is not
                                     reachable from the start, or it can end in anything but
                                     a cancellation, or it makes an offer on the way
no-save-attempt           error      an offers step in a script for death or business closure
gender-form               error      a gendered form ``{agent:m|f}`` / ``{customer:m|f}`` lacks
                                     one of its two forms or names someone else
slash-form                error      a slash form (מדבר/ת, את/ה) where both genders are known:
                                     write ``{agent:מדבר|מדברת}`` or ``{customer:אתה|את}``
unknown-capture-field     error      a step captures a field the wrap-up does not have, or with
                                     another kind of value than that field holds
========================  =========  ==========================================================

Graph checks run once the references are right (no ``unknown-step``), so a typo in one
``next:`` does not drown the file in follow-on messages. Qt-free and database-free:
the known codes default to :mod:`agent_desk.data.reference` and can be handed in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from agent_desk.data.reference import CANCELLATION_REASONS, DISPOSITIONS
from agent_desk.domain import OfferKind
from agent_desk.scripts.conditions import reason_codes
from agent_desk.scripts.loader import load_text, read_source
from agent_desk.scripts.model import (
    CAPTURE_FIELDS,
    REQUIRED_LANGUAGES,
    ActionKind,
    Code,
    LintMessage,
    Pos,
    Script,
    Severity,
    Step,
    StepKind,
    Text,
)
from agent_desk.scripts.variables import GENDER_KEYS, VARIABLES, gendered_forms_in, variables_in

SCRIPT_SUFFIXES = (".yaml", ".yml")

# Every code the loader and the linter report, with its severity (see the table above).
LINT_CODES: Mapping[str, Severity] = {
    "unreadable": Severity.ERROR,
    "yaml-syntax": Severity.ERROR,
    "schema": Severity.ERROR,
    "duplicate-key": Severity.ERROR,
    "unknown-step": Severity.ERROR,
    "unreachable-step": Severity.WARNING,
    "dead-end": Severity.ERROR,
    "no-exit-loop": Severity.ERROR,
    "missing-translation": Severity.ERROR,
    "unknown-variable": Severity.ERROR,
    "unknown-offer-kind": Severity.ERROR,
    "unknown-reason": Severity.ERROR,
    "unknown-disposition": Severity.ERROR,
    "no-cancel-path": Severity.ERROR,
    "no-save-attempt": Severity.ERROR,
    "gender-form": Severity.ERROR,
    "slash-form": Severity.ERROR,
    "unknown-capture-field": Severity.ERROR,
}

# A Hebrew word with a slash ending or a second word (מדבר/ת, את/ה, בן/בת); "ו/או" is fine.
SLASH_FORM = re.compile(r"(?<![\u05d0-\u05ea])[\u05d0-\u05ea]+/[\u05d0-\u05ea]+")
SLASH_ALLOWED = frozenset({"ו/או"})


@dataclass(frozen=True)
class KnownCodes:
    """The codes a script may use: reasons, dispositions, offer kinds."""

    reasons: frozenset[str]
    no_save_reasons: frozenset[str]
    dispositions: frozenset[str]
    cancellations: frozenset[str]
    offer_kinds: frozenset[str]

    @classmethod
    def reference(cls) -> KnownCodes:
        """The codes every database starts with (``agent_desk.data.reference``)."""
        return cls(
            reasons=frozenset(code for code, *_ in CANCELLATION_REASONS),
            no_save_reasons=frozenset(code for code, *_rest, no_save in CANCELLATION_REASONS if no_save),
            dispositions=frozenset(code for code, *_ in DISPOSITIONS),
            cancellations=frozenset(code for code, *_rest, is_cancel in DISPOSITIONS if is_cancel),
            offer_kinds=frozenset(OfferKind),
        )


def check_text(source: str, file: str, known: KnownCodes | None = None) -> tuple[Script | None, list[LintMessage]]:
    """Load and lint a script given as text: the script (None when there is any error) and
    every message, sorted by place."""
    result = load_text(source, file)
    messages = list(result.messages)
    if result.script is not None:
        messages.extend(lint_script(result.script, known))
    messages.sort(key=LintMessage.sort_key)
    if any(message.is_error for message in messages):
        return None, messages
    return result.script, messages


def lint_text(source: str, file: str, known: KnownCodes | None = None) -> list[LintMessage]:
    """Every message for a script given as text, sorted by place."""
    return check_text(source, file, known)[1]


def lint_file(path: str | Path, known: KnownCodes | None = None) -> list[LintMessage]:
    source, problem = read_source(path)
    if source is None:
        assert problem is not None
        return [problem]
    return lint_text(source, str(path), known)


def script_files(paths: Iterable[str | Path]) -> list[str]:
    """The files to lint: each file as given, each folder's ``*.yaml``/``*.yml`` in name order."""
    found: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            found.extend(str(p) for p in sorted(folder.iterdir()) if p.suffix in SCRIPT_SUFFIXES and p.is_file())
        else:
            found.append(str(path))
    return found


def lint_paths(paths: Iterable[str | Path], known: KnownCodes | None = None) -> list[LintMessage]:
    """Lint files and folders; the messages of all of them, sorted by file and line."""
    messages = [m for file in script_files(paths) for m in lint_file(file, known)]
    return sorted(messages, key=LintMessage.sort_key)


def lint_script(script: Script, known: KnownCodes | None = None) -> list[LintMessage]:
    """The semantic and graph checks of a script the loader could build."""
    checker = _Checker(script, known or KnownCodes.reference())
    return sorted(checker.run(), key=LintMessage.sort_key)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Checker:
    def __init__(self, script: Script, known: KnownCodes) -> None:
        self.script = script
        self.known = known
        self.steps = script.steps
        self.messages: list[LintMessage] = []

    def add(self, pos: Pos, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.messages.append(LintMessage(self.script.file, pos.line, pos.column, severity, code, message))

    def run(self) -> list[LintMessage]:
        self.check_codes()
        self.check_texts()
        if self.check_references():
            _Graph(self).check()
        return self.messages

    # --- codes ---------------------------------------------------------------------------

    def check_codes(self) -> None:
        for code in self.script.reasons:
            self.reason(code)
        for step in self.steps.values():
            if step.kind == StepKind.OFFERS:
                for kind in step.offer_kinds:
                    if kind.value not in self.known.offer_kinds:
                        self.add(kind.pos, "unknown-offer-kind",
                                 f"unknown offer kind '{kind.value}'{_suggest(kind.value, self.known.offer_kinds)};"
                                 f" kinds: {', '.join(sorted(self.known.offer_kinds))}")
            elif step.action == ActionKind.RECORD_REASON and step.code is not None:
                self.reason(step.code)
            elif (step.kind == StepKind.END or step.action == ActionKind.SET_DISPOSITION) and step.code is not None:
                self.disposition(step.code)
            for arm in step.arms:
                for code in reason_codes(arm.when):
                    self.reason(code)

    def reason(self, code: Code) -> None:
        if code.value not in self.known.reasons:
            self.add(code.pos, "unknown-reason",
                     f"unknown cancellation reason '{code.value}'{_suggest(code.value, self.known.reasons)}")

    def disposition(self, code: Code) -> None:
        if code.value not in self.known.dispositions:
            self.add(code.pos, "unknown-disposition", f"unknown disposition '{code.value}'"
                     f"{_suggest(code.value, self.known.dispositions)}; "
                     f"dispositions: {', '.join(sorted(self.known.dispositions))}")

    # --- texts ---------------------------------------------------------------------------

    def check_texts(self) -> None:
        for what, text in self.script.texts():
            self.translations(what, text)
            self.variables(what, text)
            self.genders(what, text)
        for step in self.steps.values():
            if step.capture is not None:
                self.capture_field(step)

    def capture_field(self, step: Step) -> None:
        capture = step.capture
        assert capture is not None
        kind = CAPTURE_FIELDS.get(capture.field)
        if kind is None:
            self.add(capture.field_pos, "unknown-capture-field",
                     f"step '{step.id}' captures '{capture.field}', which the wrap-up does not have"
                     f"{_suggest(capture.field, CAPTURE_FIELDS)}; fields: {', '.join(CAPTURE_FIELDS)}")
        elif kind != capture.kind:
            self.add(capture.pos, "unknown-capture-field",
                     f"step '{step.id}' captures '{capture.field}' as {capture.kind}, but that field holds a {kind}")

    def genders(self, what: str, text: Text) -> None:
        for language, phrase in text.phrases.items():
            plain = phrase.value
            for key, forms, offset in gendered_forms_in(phrase.value):
                written = "{" + key + ":" + "|".join(forms) + "}"
                plain = plain[:offset] + " " * len(written) + plain[offset + len(written):]
                if key not in GENDER_KEYS:
                    problem = f"'{{{key}:...}}' names no one: write {{agent:...|...}} or {{customer:...|...}}"
                elif len(forms) != 2 or not all(form.strip() for form in forms):
                    problem = (f"{written} must give both forms, masculine|feminine "
                               f"(e.g. {{{key}:מבין|מבינה}})")
                else:
                    continue
                self.add(self.place_of(phrase.start, phrase.end, written, phrase.pos, offset), "gender-form",
                         f"{what} ({language}): {problem}")
            for match in SLASH_FORM.finditer(plain):
                if match.group(0) in SLASH_ALLOWED:
                    continue
                self.add(self.place_of(phrase.start, phrase.end, match.group(0), phrase.pos, match.start()),
                         "slash-form",
                         f"{what} ({language}) has the slash form '{match.group(0)}': the genders are known, "
                         "so give both forms, e.g. {customer:אתה|את} or {agent:מבין|מבינה}")

    def translations(self, what: str, text: Text) -> None:
        names = {"he": "Hebrew", "en": "English"}
        for language in REQUIRED_LANGUAGES:
            phrase = text.phrases.get(language)
            if phrase is None or not phrase.value.strip():
                self.add(text.pos, "missing-translation", f"{what} has no {names[language]} ({language})")
        for language in self.script.languages:
            phrase = text.phrases.get(language)
            if phrase is None or not phrase.value.strip():
                self.add(text.pos, "missing-translation", f"{what} has no '{language}' wording "
                         "(the script declares that language)", Severity.WARNING)

    def variables(self, what: str, text: Text) -> None:
        for language, phrase in text.phrases.items():
            for name, offset in variables_in(phrase.value):
                if name in VARIABLES:
                    continue
                self.add(self.place_of(phrase.start, phrase.end, "{" + name + "}", phrase.pos, offset),
                         "unknown-variable",
                         f"unknown variable {{{name}}} in {what} ({language}){_suggest(name, VARIABLES)}; "
                         f"variables: {', '.join('{' + v + '}' for v in VARIABLES)}")

    def place_of(self, start: int, end: int, needle: str, fallback: Pos, offset: int) -> Pos:
        """Where ``needle`` is written in the source (the value may be quoted or folded)."""
        source = self.script.source
        found = source.find(needle, start, max(end, start))
        if found < 0:
            return Pos(fallback.line, fallback.column + offset)
        line = source.count("\n", 0, found) + 1
        return Pos(line, found - (source.rfind("\n", 0, found) + 1) + 1)

    # --- references ----------------------------------------------------------------------

    def check_references(self) -> bool:
        """Report references to no step; True when all of them are right."""
        before = len(self.messages)
        refs = [("'start'", self.script.start), ("'cancel'", self.script.cancel)]
        refs += [(f"objection '{o.key}'", o.step) for o in self.script.objections.values()]
        refs += [(f"step '{s.id}'", r) for s in self.steps.values() for r in s.refs()]
        for where, ref in refs:
            if ref.step not in self.steps:
                self.add(ref.pos, "unknown-step",
                         f"{where} leads to '{ref.step}', which is not a step{_suggest(ref.step, self.steps)}")
        return len(self.messages) == before


class _Graph:
    """Reachability, dead ends, loops and the cancel path, over a script with sound references."""

    def __init__(self, checker: _Checker) -> None:
        self.checker = checker
        self.script = checker.script
        self.steps = checker.script.steps
        self.known = checker.known

    def edges(self, step_id: str) -> list[str]:
        return [ref.step for ref in self.steps[step_id].refs()]

    def reach(self, roots: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = [r for r in roots if r in self.steps]
        while todo:
            step_id = todo.pop()
            if step_id not in seen:
                seen.add(step_id)
                todo.extend(self.edges(step_id))
        return seen

    def check(self) -> None:
        main = self.reach([self.script.start.step, self.script.cancel.step])
        everything = main | self.reach(o.step.step for o in self.script.objections.values())
        self.unreachable(everything)
        self.dead_ends(main, everything)
        self.loops(everything)
        self.cancel_path()
        self.save_attempts()

    def unreachable(self, reachable: set[str]) -> None:
        for step in self.steps.values():
            if step.id not in reachable:
                self.checker.add(step.pos, "unreachable-step",
                                 f"no way leads to step '{step.id}' (from the start, cancel or an objection)",
                                 Severity.WARNING)

    def dead_ends(self, main: set[str], reachable: set[str]) -> None:
        for step in self.steps.values():
            if step.id not in reachable:
                continue
            if step.kind == StepKind.BRANCH and step.default is None:
                self.checker.add(step.pos, "dead-end", f"branch '{step.id}' has no 'default': when no condition "
                                 "holds the call is stuck")
            elif step.kind == StepKind.QUESTION and not step.answers:
                self.checker.add(step.pos, "dead-end", f"question '{step.id}' has no answers")
            elif step.kind == StepKind.RETURN and step.id in main:
                self.checker.add(step.pos, "dead-end", f"return step '{step.id}' can be reached outside an "
                                 "objection, where there is nothing to return to")

    def loops(self, reachable: set[str]) -> None:
        exits = {s.id for s in self.steps.values() if s.kind in (StepKind.END, StepKind.RETURN)}
        can_exit = self.reaching(exits)
        trapped = sorted(reachable - can_exit)
        for group in self.cycles(trapped, trapped):
            self.report_loop(group, "go round with no way out to an end (or a return)")
        auto = [s.id for s in self.steps.values() if s.is_auto and s.id in reachable]
        for group in self.cycles(auto, auto):
            self.report_loop(group, "loop without a single answer from the agent: the runner would go round "
                             "for ever")

    def reaching(self, targets: set[str]) -> set[str]:
        """Every step from which one of ``targets`` can be reached."""
        back: dict[str, list[str]] = {s: [] for s in self.steps}
        for step_id in self.steps:
            for target in self.edges(step_id):
                back[target].append(step_id)
        seen, todo = set(), list(targets)
        while todo:
            step_id = todo.pop()
            if step_id not in seen:
                seen.add(step_id)
                todo.extend(back[step_id])
        return seen

    def cycles(self, nodes: list[str], allowed: list[str]) -> Iterator[list[str]]:
        """The groups of ``nodes`` that go round in a loop, using only ``allowed`` steps."""
        inside = set(allowed)
        reach = {n: self.reach_within(n, inside) for n in nodes}
        done: set[str] = set()
        for node in nodes:
            if node in done:
                continue
            group = [m for m in nodes if m in reach[node] and node in reach[m]]
            done.update(group)
            if len(group) > 1 or node in self.edges(node):
                yield sorted(group, key=lambda s: self.steps[s].pos)

    def reach_within(self, start: str, inside: set[str]) -> set[str]:
        """Steps reachable from ``start`` in one or more moves, staying ``inside``."""
        seen: set[str] = set()
        todo = [t for t in self.edges(start) if t in inside]
        while todo:
            step_id = todo.pop()
            if step_id not in seen:
                seen.add(step_id)
                todo.extend(t for t in self.edges(step_id) if t in inside)
        return seen

    def report_loop(self, group: list[str], what: str) -> None:
        names = ", ".join(f"'{s}'" for s in group)
        self.checker.add(self.steps[group[0]].pos, "no-exit-loop", f"steps {names} {what}")

    def ends(self, roots: list[str]) -> list[Step]:
        return [self.steps[s] for s in sorted(self.reach(roots)) if self.steps[s].kind == StepKind.END]

    def cancel_path(self) -> None:
        cancel = self.script.cancel
        if cancel.step not in self.reach([self.script.start.step]):
            self.checker.add(cancel.pos, "no-cancel-path", f"no answer leads from the start to the cancel-now step "
                             f"'{cancel.step}': the customer must always be able to cancel")
        after = self.reach([cancel.step])
        ends = [self.steps[s] for s in after if self.steps[s].kind == StepKind.END]
        codes = [e.code.value for e in ends if e.code is not None]
        if all(c in self.known.dispositions for c in codes) and not any(c in self.known.cancellations for c in codes):
            self.checker.add(cancel.pos, "no-cancel-path", f"the cancel-now step '{cancel.step}' never ends in a "
                             f"cancellation ({', '.join(sorted(self.known.cancellations))})")
        for end in ends:
            code = end.code
            saving = code is not None and code.value in self.known.dispositions - self.known.cancellations
            if saving and code is not None:
                self.checker.add(code.pos, "no-cancel-path", f"after 'cancel now' the call can end in '{code.value}' "
                                 f"(step '{end.id}'): once the customer asks to cancel, every way must end in "
                                 "a cancellation")
        for step_id in sorted(after, key=lambda s: self.steps[s].pos):
            if self.steps[step_id].kind == StepKind.OFFERS:
                self.checker.add(self.steps[step_id].pos, "no-cancel-path", f"after 'cancel now' step '{step_id}' "
                                 "makes an offer: honour the cancellation without a save attempt")

    def save_attempts(self) -> None:
        forbidden = sorted(set(self.script.reason_codes) & self.known.no_save_reasons)
        if not forbidden:
            return
        for step in self.steps.values():
            if step.kind == StepKind.OFFERS:
                self.checker.add(step.pos, "no-save-attempt", f"step '{step.id}' makes an offer in a script for "
                                 f"{', '.join(forbidden)}: no save attempt there, ever")
