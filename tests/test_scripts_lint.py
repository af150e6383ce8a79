"""The script loader and linter: every error kind names file:line on a broken fixture.

Each file in ``tests/script_fixtures`` marks the lines where a message must appear with
``# expect: CODE``; the test asserts the linter reports exactly those (line, code) pairs,
each as ``file:line:column: severity: code: message``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.scripts import Severity, StepKind, lint_file, lint_paths, lint_text, load_text
from agent_desk.scripts.lint import LINT_CODES, KnownCodes
from agent_desk.scripts.loader import load_script

FIXTURES = Path(__file__).parent / "script_fixtures"
BROKEN = sorted(p for p in FIXTURES.glob("*.yaml") if p.name != "valid_minimal.yaml")
EXPECT = re.compile(r"#\s*expect:\s*([a-z-]+)")
MESSAGE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                     r"(?P<code>[a-z-]+): (?P<message>.+)$")


def expected(path: Path) -> set[tuple[int, str]]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found.add((number, match.group(1)))
    return found


def test_the_minimal_script_is_clean() -> None:
    assert lint_file(FIXTURES / "valid_minimal.yaml") == []


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_fixture_reports_its_error_at_its_line(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} marks no '# expect: CODE' line"
    messages = lint_file(path)
    assert {(m.line, m.code) for m in messages} == want
    for message in messages:
        text = str(message)
        parsed = MESSAGE.match(text)
        assert parsed, text
        assert parsed["file"] == str(path)
        assert text.startswith(f"{path}:{message.line}:")
        assert parsed["severity"] == LINT_CODES[message.code]
        assert len(parsed["message"]) > 20  # a plain sentence, not a bare code


def test_every_lint_code_has_a_broken_fixture() -> None:
    shown = {code for path in BROKEN for _line, code in expected(path)}
    assert set(LINT_CODES) - {"unreadable"} <= shown


def test_a_yaml_syntax_error_names_the_line_and_what_is_wrong() -> None:
    [message] = lint_file(FIXTURES / "yaml_syntax.yaml")
    assert str(message).startswith(f"{FIXTURES / 'yaml_syntax.yaml'}:10:5: error: yaml-syntax: ")
    assert "expected ',' or '}'" in message.message and "starts at line 9" in message.message


def test_an_unknown_variable_points_at_its_brace_and_suggests_the_right_name() -> None:
    [message] = lint_file(FIXTURES / "unknown_variable.yaml")
    line = (FIXTURES / "unknown_variable.yaml").read_text(encoding="utf-8").splitlines()[message.line - 1]
    assert line[message.column - 1:].startswith("{frist_name}")
    assert "did you mean 'first_name'" in message.message


def test_unknown_fields_suggest_the_close_name() -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8").replace("    next: ask\n", "    nxt: ask\n")
    messages = lint_text(source, "typo.yaml")
    assert [(m.code, m.line) for m in messages] == [("schema", 9), ("schema", 14)]
    assert "has no 'next'" in messages[0].message
    assert "unknown field 'nxt'" in messages[1].message and "did you mean 'next'" in messages[1].message


@pytest.mark.parametrize(("condition", "complaint"), [
    ("{plan: {gte: 3}}", "compares numbers"),
    ("{risk: 2}", "can never match"),
    ("{value_tier: diamond}", "not a value_tier"),
    ("{open_incident: maybe}", "true or false"),
    ("{tenure_years: three}", "is a number"),
    ("{reason: {in: []}}", "non-empty list"),
    ("{any: {tenure_years: 1}}", "non-empty list of conditions"),
    ("{days_to_contract_end: {known: 30}}", "true or false"),
    ("[tenure_years]", "must be a mapping"),
])
def test_bad_conditions_are_schema_errors(condition: str, complaint: str) -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    source = source.replace("{tenure_years: {gte: 3}}", condition)
    messages = lint_text(source, "cond.yaml")
    assert [m.code for m in messages] == ["schema"]
    assert messages[0].line == 30
    assert complaint in messages[0].message


def test_unknown_reason_codes_in_conditions_are_reported() -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    source = source.replace("{tenure_years: {gte: 3}}", "{reason: [too_expensive, pricey]}")
    [message] = lint_text(source, "cond.yaml")
    assert (message.code, message.line) == ("unknown-reason", 30)


def test_a_missing_or_unreadable_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    [missing] = lint_file(tmp_path / "nope.yaml")
    assert (missing.code, missing.line, missing.severity) == ("unreadable", 1, Severity.ERROR)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"id: x\ntitle: caf\xe9\n")
    [encoding] = lint_file(latin1)
    assert (encoding.code, encoding.line, encoding.column) == ("yaml-syntax", 2, 11)
    assert "UTF-8" in encoding.message


def test_warnings_do_not_stop_a_script_from_loading() -> None:
    path = FIXTURES / "unreachable_step.yaml"
    assert all(m.severity == Severity.WARNING for m in lint_file(path))
    assert load_script(path).key == "minimal"


def test_a_declared_extra_language_is_a_warning_when_missing() -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    source = source.replace("reasons: [too_expensive]", "reasons: [too_expensive]\nlanguages: [he, en, ar]")
    source = source.replace("title: {he: תסריט מינימלי, en: Minimal script}",
                            "title: {he: תסריט מינימלי, en: Minimal script, ar: نص}")
    messages = lint_text(source, "ar.yaml")
    assert messages and all(m.code == "missing-translation" and m.severity == Severity.WARNING for m in messages)
    assert all(m.line > 3 for m in messages)  # the title has its Arabic


def test_lint_paths_sorts_by_file_and_line_and_walks_folders(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yaml"):
        (tmp_path / name).write_text((FIXTURES / "unknown_step.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a script")
    messages = lint_paths([tmp_path, FIXTURES / "dead_end.yaml"])
    keys = [(m.file, m.line, m.column) for m in messages]
    assert keys == sorted(keys)
    assert {Path(m.file).name for m in messages} == {"a.yaml", "b.yaml", "dead_end.yaml"}


def test_codes_come_from_the_database_when_given() -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    reference = KnownCodes.reference()
    fewer = KnownCodes(reference.reasons - {"too_expensive"}, reference.no_save_reasons, reference.dispositions,
                       reference.cancellations, reference.offer_kinds)
    assert {m.code for m in lint_text(source, "x.yaml", fewer)} == {"unknown-reason"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*"ab:{}[]-#'\"\n\t |>&*!%@`,?\u05d0\x07", "id", "steps", "kind", "  "]),
               max_size=80).map("".join))
def test_any_text_gives_messages_never_a_traceback(source: str) -> None:
    result = load_text(source, "fuzz.yaml")
    messages = lint_text(source, "fuzz.yaml")
    lines = source.count("\n") + 2
    for message in messages:
        assert 1 <= message.line <= lines and message.column >= 1
        assert message.code in LINT_CODES
    assert (result.script is None) == any(m.is_error for m in result.messages)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_mutated_fixtures_never_crash(data: st.DataObject) -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(st.sampled_from(["", "  x: [", "    kind: nope", "    next: {a: 1}", "  - 1",
                                             "    answers: 3", "    when: {not: {not: {}}}", "steps: 1"]))
    lines[index] = replacement
    for message in lint_text("\n".join(lines), "mutated.yaml"):
        assert message.code in LINT_CODES


def test_the_example_in_the_docs_lints_clean_and_runs() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "call-scripts.md").read_text(encoding="utf-8")
    example = docs.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert lint_text(example, "docs/call-scripts.md") == []
    script = load_text(example, "docs/call-scripts.md").script
    assert script is not None and script.key == "example_price"
    assert {step.kind for step in script.steps.values()} == set(StepKind)
