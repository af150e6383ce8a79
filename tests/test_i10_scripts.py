"""Issue 10, the script side (Qt-free): gendered Hebrew, captured fields, the customer's
language and their real monthly total."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from agent_desk import domain as d
from agent_desk.data.queries import CustomerProfile, SubscriptionLine
from agent_desk.scripts import (
    CAPTURE_FIELDS,
    RunnerError,
    ScriptFacts,
    ScriptRunner,
    facts_from_profile,
    lint_text,
    load_bundled_scripts,
    load_text,
    script_language,
)
from agent_desk.scripts.library import bundled_dir
from agent_desk.scripts.lint import SLASH_FORM, lint_paths
from agent_desk.wrapup import WrapUp

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
SCRIPTS = {script.key: script for script in load_bundled_scripts()}
FIXTURES = Path(__file__).parent / "script_fixtures"


def runner(key: str, language: str = "he", **facts: object) -> ScriptRunner:
    base = ScriptFacts(first_name="דנה", agent_name="אבי", monthly_price=Decimal("129.90"),
                       monthly_total=Decimal("473.70"), tenure_years=4, value_tier="gold")
    return ScriptRunner(SCRIPTS[key], replace(base, **facts), language, clock=lambda: NOW)


def walk_to(run: ScriptRunner, step: str, *answers: str) -> None:
    for answer in answers:
        run.answer(answer)
    assert run.current.id == step


# --- gendered Hebrew -------------------------------------------------------------------


@pytest.mark.parametrize(("agent", "customer", "expected"), [
    ("male", "male", "אני מבין ומכבד את זה. מה תרצה לעשות"),
    ("male", "female", "אני מבין ומכבד את זה. מה תרצי לעשות"),
    ("female", "male", "אני מבינה ומכבדת את זה. מה תרצה לעשות"),
    ("female", "female", "אני מבינה ומכבדת את זה. מה תרצי לעשות"),
])
def test_both_gender_forms_render_for_agent_and_customer(agent: str, customer: str, expected: str) -> None:
    run = runner("competitor", agent_gender=agent, customer_gender=customer)
    walk_to(run, "respect_choice", "next", "lower_for_good", "next", "declined")
    assert run.current.text.startswith(expected)
    assert "/" not in run.current.text and "{" not in run.current.text


def test_the_hint_speaks_to_the_agent_and_of_the_customer_in_their_genders() -> None:
    run = runner("too_expensive", agent_gender="female", customer_gender="male")
    hint = "".join(text for text, _variable in run.current.hint)
    assert hint.startswith("תני ללקוח לסיים לדבר. אל תקטעי ואל תציעי")


def test_an_unknown_gender_shows_both_forms_in_full() -> None:
    run = runner("competitor", agent_gender=None, customer_gender=None)
    walk_to(run, "respect_choice", "next", "lower_for_good", "next", "declined")
    assert run.current.text.startswith("אני מבין ומכבד/מבינה ומכבדת את זה. מה תרצה/תרצי לעשות")


def test_the_offer_outcome_labels_follow_the_customers_gender() -> None:
    run = runner("competitor", customer_gender="female")
    walk_to(run, "offer_upgrade", "next", "more_for_same")
    assert [label for _i, label in run.current.answers][:2] == ["הלקוחה קיבלה הצעה", "הלקוחה לא רוצה את ההצעות"]


def test_the_customers_gender_comes_from_the_profile_and_other_counts_as_unknown() -> None:
    for gender, expected in ((d.Gender.FEMALE, "female"), (d.Gender.MALE, "male"), (d.Gender.OTHER, None),
                             (d.Gender.UNKNOWN, None)):
        facts = facts_from_profile(profile(gender=gender), None, TODAY, None, "אבי", agent_gender="female")
        assert (facts.customer_gender, facts.agent_gender) == (expected, "female")


def test_no_bundled_hebrew_keeps_a_slash_form() -> None:
    for path in sorted(bundled_dir().glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("#"):
                continue
            for match in SLASH_FORM.finditer(line):
                assert match.group(0) == "ו/או", f"{path.name}:{number}: {match.group(0)}"
    assert lint_paths([bundled_dir()]) == []


def _message_lines(source: str) -> set[tuple[int, str]]:
    return {(m.line, m.code) for m in lint_text(source, "x.yaml")}


def test_the_linter_refuses_a_slash_form_a_missing_form_and_an_unknown_field_with_file_and_line() -> None:
    source = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    say = next(i for i, line in enumerate(lines) if line.strip().startswith("he:"))
    indent = lines[say][: len(lines[say]) - len(lines[say].lstrip())]

    slash = lines.copy()
    slash[say] = f'{indent}he: "תודה שאת/ה משתף/ת אותי."'
    messages = lint_text("\n".join(slash), "scripts/x.yaml")
    assert [(str(m).split(": ")[0], m.code) for m in messages][:1] == [(f"scripts/x.yaml:{say + 1}:{len(indent) + 11}",
                                                                        "slash-form")]

    missing = lines.copy()
    missing[say] = f'{indent}he: "תודה {{customer:שאתה משתף}} אותי."'
    assert _message_lines("\n".join(missing)) == {(say + 1, "gender-form")}

    field = lines.copy()
    field.insert(say + 2, f"{indent[:-2]}capture: {{field: competitorr, prompt: {{he: מתחרה, en: Competitor}}}}")
    messages = lint_text("\n".join(field), "scripts/x.yaml")
    assert [(m.line, m.code) for m in messages] == [(say + 3, "unknown-capture-field")]
    assert "did you mean 'competitor'" in messages[0].message


def test_the_capture_fields_are_wrapup_fields_or_go_to_the_notes() -> None:
    wrapup_fields = set(WrapUp.__dataclass_fields__)
    assert "competitor" in CAPTURE_FIELDS and "competitor" in wrapup_fields
    assert set(CAPTURE_FIELDS) - wrapup_fields <= {"new_address", "move_date"}


# --- captured values -------------------------------------------------------------------


def test_a_captured_value_is_in_the_runner_state_fills_the_text_and_back_undoes_it() -> None:
    run = runner("competitor", "en")
    first = run.current
    assert first.capture is not None and first.capture.field == "competitor"
    assert first.capture.prompt == "The competitor's name" and first.capture.value == ""
    run.answer("next", "  Cellcom ")
    assert run.captured == {"competitor": "Cellcom"}
    assert run.state.captured == (("competitor", "Cellcom"),)
    assert "What exactly did Cellcom offer you?" in run.current.text
    run.back()
    assert run.captured == {} and run.state.captured == ()
    assert run.current.capture is not None and run.current.capture.value == ""
    run.answer("next")  # blank: nothing captured, the placeholder stays
    assert run.captured == {} and "[competitor's name]" in run.current.text


def test_a_captured_date_must_be_a_date() -> None:
    run = runner("moving", "en", plan_category="internet")
    walk_to(run, "check_coverage", "next", "in_israel")
    run.answer("not_covered", "Herzl 12, Haifa")
    assert run.captured == {"new_address": "Herzl 12, Haifa"}
    run.back()
    walk_to(run, "check_coverage")
    walk_to(run, "cancel_on_moving_date", "covered", "not_sure", "declined")
    assert run.current.capture is not None and run.current.capture.kind == "date"
    with pytest.raises(RunnerError, match="not a date"):
        run.answer("next", "next Tuesday")
    run.answer("next", "2026-12-20")
    assert run.captured["move_date"] == "2026-12-20"


def test_a_step_without_capture_refuses_a_value() -> None:
    run = runner("too_expensive", "en")
    with pytest.raises(RunnerError, match="captures nothing"):
        run.answer(0, "Cellcom")


# --- language and money ----------------------------------------------------------------


def test_the_script_follows_the_customers_language_where_the_script_has_it() -> None:
    script = SCRIPTS["general"]
    assert script_language(script, "en", "he") == "en"
    assert script_language(script, "he", "en") == "he"
    assert script_language(script, "ar", "he") == "he"  # no Arabic in this script: the screen's language
    assert script_language(replace(script, languages=("ar",)), "ar", "he") == "ar"
    assert script_language(script, "", "en") == "en"


def test_the_monthly_total_is_the_sum_of_everything_still_running() -> None:
    customer = profile(line("Fibre", "סיבים", "275.90"), line("Mobile", "סלולר", "119.90"),
                       line("TV", "טלוויזיה", "77.90", d.SubscriptionStatus.PAUSED),
                       line("Old TV", "טלוויזיה ישנה", "99.00", d.SubscriptionStatus.CANCELLED))
    facts = facts_from_profile(customer, None, TODAY, "competitor", "אבי")
    assert facts.monthly_price == Decimal("275.90")
    assert facts.monthly_total == Decimal("473.70")
    run = ScriptRunner(SCRIPTS["competitor"], facts, "en", clock=lambda: NOW)
    run.answer("next", "Partner")
    run.answer("intro_price")
    assert "Today you pay us ₪473.70 a month" in run.current.text


# --- helpers ---------------------------------------------------------------------------


def line(en: str, he: str, price: str, status: d.SubscriptionStatus = d.SubscriptionStatus.ACTIVE) -> SubscriptionLine:
    return SubscriptionLine(he, en, d.ProductCategory.INTERNET, Decimal(price), date(2020, 1, 1), None, status)


def profile(*subscriptions: SubscriptionLine, gender: d.Gender = d.Gender.FEMALE,
            language: str = "he") -> CustomerProfile:
    return CustomerProfile(
        id=uuid.uuid4(), account_number="100200", first_name="מיכל", last_name="כהן", first_name_latin="Michal",
        last_name_latin="Cohen", national_id=None, preferred_language=language, birth_date=None, gender=gender,
        customer_since=date(2021, 5, 25), city="חיפה", region="north", family_status=d.FamilyStatus.MARRIED,
        occupation=None, interests=(), email=None, value_tier=d.ValueTier.GOLD, status=d.CustomerStatus.ACTIVE,
        consent_marketing=True, consent_sms=True, consent_email=True, consent_calls=True, phones=(),
        subscriptions=subscriptions or (line("Fibre", "סיבים", "129.90"),),
    )


@pytest.mark.parametrize(("years", "language", "said"), [
    (1.2, "en", "We've been together for a year now"), (4.9, "en", "We've been together for 4 years now"),
    (1.5, "he", "כבר שנה שאנחנו יחד"), (2.1, "he", "כבר שנתיים שאנחנו יחד"), (7.0, "he", "כבר 7 שנים שאנחנו יחד"),
])
def test_years_as_a_customer_are_said_in_the_right_number(years: float, language: str, said: str) -> None:
    run = runner("general", language, tenure_years=years, reason="other")
    while "{tenure}" not in SCRIPTS["general"].steps[run.current.id].text.get(language):
        keys = run.current.answer_keys
        run.answer(next((k for k in ("other", "cannot_fix", "next") if k in keys), keys[0]))
        assert not run.finished
    assert run.current.text.startswith(said)


def test_a_step_is_named_by_its_title_or_else_the_first_words_of_its_text() -> None:
    run = runner("competitor", "he", customer_gender="female")
    assert run.title_of("listen") == "הקשבה" and run.title_of("stays") == "נשארת"
    minimal = lint_text((FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8"), "m.yaml")
    assert minimal == []
    script = load_text((FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8"), "m.yaml").script
    assert script is not None
    untitled = ScriptRunner(script, ScriptFacts(first_name="Noa", agent_name="Avi"), "en", clock=lambda: NOW)
    words = untitled.current.text.split()
    expected = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
    assert untitled.current.title == expected and "_" not in expected
