"""Files from outside are hostile: alias bombs and deep nesting are refused fast with a place,
and the offer catalog refuses what it used to guess (misspelled keys, negative sums, a quoted
"false", validity dates in reverse), naming the offer and the field."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent_desk import safe_yaml
from agent_desk.cli import main
from agent_desk.data.reference import CANCELLATION_REASONS
from agent_desk.offers import catalog
from agent_desk.scripts import lint_file, lint_text

FIXTURES = Path(__file__).parent / "script_fixtures"
REASONS = {code for code, *_ in CANCELLATION_REASONS}
FAST = 5.0  # seconds; the unprotected reader takes minutes and gigabytes on these files

# A catalog whose `terms:` expands to 9**8 entries when walked or dumped.
TERMS_BOMB = "offers:\n  - code: X\n    kind: pause\n    title: {he: a, en: b}\n    x0: &l0 [lol]\n" + "".join(
    f"    x{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)
) + "    terms: {months: *l8}\n"


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def test_the_script_alias_bomb_is_refused_at_its_first_anchor() -> None:
    messages, took = _timed(lambda: lint_file(FIXTURES / "yaml_alias_bomb.yaml"))
    assert took < FAST
    assert [(m.line, m.code) for m in messages] == [(7, "yaml-syntax")]
    assert "anchors (&l0) are not allowed" in messages[0].message
    assert str(messages[0]).startswith(f"{FIXTURES / 'yaml_alias_bomb.yaml'}:7:")


def test_scripts_lint_on_the_bomb_prints_the_place_and_fails(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "agent_desk", "scripts", "lint",
                           str(FIXTURES / "yaml_alias_bomb.yaml")],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert "yaml_alias_bomb.yaml:7:7: error: yaml-syntax: anchors (&l0)" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_an_alias_alone_is_refused_too() -> None:
    # The anchor may be legal in another document; the alias is what expands.
    with pytest.raises(safe_yaml.UnsafeYamlError, match=r"aliases \(\*x\)") as error:
        safe_yaml.load("a: 1\nb: *x\n")
    assert error.value.problem_mark.line == 1


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_nesting_ten_thousand_deep_is_an_error_not_a_recursion_error(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = "id: deep\nwhen: " + opening * 10_000 + "1" + closing * 10_000 + "\n"
    messages, took = _timed(lambda: lint_text(text, "deep.yaml"))
    assert took < FAST
    assert [(m.line, m.code) for m in messages] == [(2, "yaml-syntax")]
    assert "deeper than 50 levels" in messages[0].message
    with pytest.raises(catalog.CatalogError) as error:
        catalog.parse("offers:\n  - code: X\n    terms: " + opening * 10_000 + "1" + closing * 10_000, "deep.yaml")
    assert error.value.problems == [error.value.problems[0]]
    assert error.value.problems[0].startswith("line 3, column") and "deeper than 50" in error.value.problems[0]


def test_fifty_levels_are_still_read() -> None:
    value = safe_yaml.load("[" * 50 + "1" + "]" * 50)
    for _ in range(49):
        value = value[0]
    assert value == [1]


def test_the_catalog_terms_bomb_is_refused_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "*l8" in TERMS_BOMB and len(TERMS_BOMB) < 1024
    error, took = _timed(lambda: pytest.raises(catalog.CatalogError, catalog.parse, TERMS_BOMB, "bomb.yaml"))
    assert took < FAST
    assert error.value.problems == ["line 5, column 9: anchors (&l0) are not allowed here: "
                                    "write the value out in full"]
    path = tmp_path / "bomb.yaml"
    path.write_text(TERMS_BOMB, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert main(["db", "upgrade", "--url", url]) == 0
    capsys.readouterr()
    assert main(["offers", "import", str(path), "--url", url]) == 1
    err = capsys.readouterr().err
    assert f"{path}: line 5, column 9: anchors (&l0)" in err and "Traceback" not in err


# --- item 13: what the catalog used to accept --------------------------------------------

HEAD = "offers:\n  - code: X\n    kind: pause\n    title: {he: a, en: b}\n"


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        (HEAD + "    eligibilty: {reasons: [moving]}\n",
         "offers[0] (X): unknown key 'eligibilty' (did you mean 'eligibility'?)"),
        (HEAD + "    valid: {from: 2026-01-01, until: 2026-02-01}\n", "offers[0] (X).valid: unknown key 'until'"),
        (HEAD + "    terms: {percnet: 10}\n", "offers[0] (X).terms: unknown key 'percnet' (did you mean 'percent'?)"),
        (HEAD + "    talking_points: {he: a, fr: b}\n", "offers[0] (X).talking_points: unknown key 'fr'"),
        ("ofers: []\noffers: []\n", "the file: unknown key 'ofers' (did you mean 'offers'?)"),
        (HEAD + "    cost: {monthly: -20, months: 3}\n", "offers[0] (X).cost.monthly: must be zero or more, not -20"),
        (HEAD + "    cost: {one_off: -450}\n", "offers[0] (X).cost.one_off: must be zero or more"),
        (HEAD + "    cost: {percent_of_monthly: 150}\n", "offers[0] (X).cost.percent_of_monthly: 150 is more than 100"),
        (HEAD + "    required_authority: -1\n", "offers[0] (X).required_authority: must be zero or more, not -1"),
        (HEAD + "    required_authority: lots\n", "offers[0] (X).required_authority: must be a number"),
        (HEAD + "    active: \"false\"\n", "offers[0] (X).active: must be true or false (without quotes), not 'false'"),
        (HEAD + "    active: 0\n", "offers[0] (X).active: must be true or false"),
        (HEAD + "    valid: {from: 2026-12-31, to: 2026-01-01}\n",
         "offers[0] (X).valid: ends (2026-01-01) before it starts (2026-12-31)"),
        (HEAD + "    valid: {from: soon}\n", "offers[0] (X).valid.from: must be a date"),
    ],
)
def test_the_catalog_refuses_what_it_used_to_guess(snippet: str, message: str) -> None:
    with pytest.raises(catalog.CatalogError) as error:
        catalog.parse(snippet, "mine.yaml", REASONS)
    assert any(message in problem for problem in error.value.problems), error.value.problems
    assert f"mine.yaml: {error.value.problems[0]}" in str(error.value)


def test_a_good_offer_with_every_field_still_imports() -> None:
    [offer] = catalog.parse(HEAD + "    terms: {percent: 10, months: 3}\n"
                            "    cost: {percent_of_monthly: 10, months: 3, one_off: 0}\n"
                            "    required_authority: 25\n    valid: {from: 2026-01-01, to: 2026-01-01}\n"
                            "    active: false\n    eligibility: {reasons: [moving]}\n", "ok.yaml", REASONS)
    assert offer.active is False and offer.required_authority == 25 and offer.cost["months"] == 3
    assert offer.valid_from == offer.valid_to
