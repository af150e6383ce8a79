"""The script runner: what the agent sees and does during a call, step by step."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from agent_desk.scripts import RunnerError, ScriptFacts, ScriptRunner, Segment, StepKind, load_script
from agent_desk.scripts.library import bundled_dir

FIXTURES = Path(__file__).parent / "script_fixtures"
MINIMAL = load_script(FIXTURES / "valid_minimal.yaml")
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that moves a second every time it is read."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def facts(**changes: object) -> ScriptFacts:
    base = dict(first_name="דנה", last_name="לוי", first_name_latin="Dana", last_name_latin="Levi",
                agent_name="אבי", plan="NET-1000", plan_he="סיבים 1 ג'יגה", plan_en="Fibre 1 Gbps",
                plan_category="internet", tenure_years=4.6, value_tier="gold", risk=0.7, reason="too_expensive",
                contract_end=date(2026, 12, 20), days_to_contract_end=25, monthly_price=Decimal("129.90"))
    base.update(changes)
    return ScriptFacts(**base)  # type: ignore[arg-type]


def bundled(name: str):
    return load_script(bundled_dir() / f"{name}.yaml")


def test_a_say_step_shows_filled_variables_and_waits_for_continue() -> None:
    runner = ScriptRunner(MINIMAL, facts(), "he", Clock())
    step = runner.current
    assert (step.id, step.kind, step.terminal) == ("greet", StepKind.SAY, False)
    assert step.segments == (Segment("שלום ", False), Segment("דנה", True), Segment(", כאן ", False),
                             Segment("אבי", True), Segment(".", False))
    assert [tuple(c) for c in step.answers] == [(0, "המשך")]
    assert runner.answer(0).id == "ask"


def test_english_uses_the_latin_name_and_the_english_labels() -> None:
    runner = ScriptRunner(MINIMAL, facts(), "en", Clock())
    assert runner.current.text == "Hello Dana, this is אבי."
    assert runner.current.answers[0].label == "Continue"


def test_money_is_formatted_the_israeli_way_in_each_language() -> None:
    for language, price in (("en", "₪129.90"), ("he", "129.90 ₪")):
        runner = ScriptRunner(bundled("too_expensive"), facts(days_to_contract_end=None, contract_end=None),
                              language, Clock())
        runner.answer("next")
        runner.answer("price_rise")
        assert runner.current.id == "explain_rise"
        assert Segment(price, True) in runner.current.segments
        plan = "Fibre 1 Gbps" if language == "en" else "סיבים 1 ג'יגה"
        assert Segment(plan, True) in runner.current.segments


def test_a_branch_follows_the_facts_without_the_agent() -> None:
    near = ScriptRunner(bundled("too_expensive"), facts(), "en", Clock())
    near.answer(0)
    assert near.current.id == "contract_note"
    assert "ends on 20/12/2026, in 25 days" in near.current.text
    far = ScriptRunner(bundled("too_expensive"), facts(days_to_contract_end=400, contract_end=date(2028, 1, 1)),
                       "en", Clock())
    far.answer(0)
    assert far.current.id == "real_reason"


def test_an_unknown_value_shows_a_placeholder_the_agent_can_fill_by_voice() -> None:
    runner = ScriptRunner(bundled("competitor"), facts(), "en", Clock())
    runner.answer(0)
    step = runner.current
    assert "What exactly did [competitor's name] offer you?" in step.text
    assert step.missing == ("competitor",)
    runner.set_competitor("Cellcom")
    assert "What exactly did Cellcom offer you?" in runner.current.text
    assert runner.current.missing == ()


def test_an_offers_step_exposes_the_kinds_and_continues_on_the_outcome() -> None:
    runner = ScriptRunner(MINIMAL, facts(), "en", Clock())
    runner.answer(0)
    step = runner.answer("price")
    assert step.kind == StepKind.OFFERS
    assert step.offer_kinds == ("percent_discount",)
    assert step.answer_keys == ("accepted", "declined", "none")
    end = runner.answer("accepted")
    assert (end.terminal, end.disposition, runner.finished, runner.disposition) == (True, "saved_with_offer", True,
                                                                                  "saved_with_offer")
    with pytest.raises(RunnerError):
        runner.answer(0)


def test_actions_are_recorded_on_the_way_through() -> None:
    runner = ScriptRunner(bundled("too_expensive"), facts(days_to_contract_end=None), "en", Clock())
    runner.answer("next")
    runner.answer("price_rise")
    assert runner.reason == "price_rise"
    [action] = runner.actions
    assert (action.step, action.action, action.code) == ("record_price_rise", "record_reason", "price_rise")
    for key in ("next", "fits", "next", "declined", "think"):
        runner.answer(key)
    assert runner.finished and runner.disposition == "callback_scheduled"
    assert runner.callback_in_days == 2


def test_an_objection_is_entered_from_any_step_and_returns_there() -> None:
    runner = ScriptRunner(bundled("too_expensive"), facts(days_to_contract_end=None), "en", Clock())
    runner.answer("next")
    assert runner.current.id == "real_reason"
    keys = [key for key, _label in runner.objections()]
    assert keys == ["why_only_now", "think_it_over", "wants_manager", "in_writing"]
    inside = runner.enter_objection("why_only_now")
    assert inside.in_objection and inside.id == "obj_why_now"
    nested = runner.enter_objection("in_writing")
    assert nested.id == "obj_in_writing" and runner.state.stack == ("real_reason", "obj_why_now")
    assert runner.answer(0).id == "obj_why_now"
    back_home = runner.answer(0)
    assert (back_home.id, back_home.in_objection) == ("real_reason", False)
    assert [e.answer for e in runner.path] == ["next", "objection:why_only_now", "objection:in_writing", "next",
                                               "next"]


def test_cancel_now_is_always_one_press_away_even_inside_an_objection() -> None:
    runner = ScriptRunner(bundled("too_expensive"), facts(), "en", Clock())
    runner.answer(0)
    runner.enter_objection("think_it_over")
    step = runner.cancel_now()
    assert (step.id, step.in_objection) == ("cancel_now", False)
    assert runner.answer(0).disposition == "cancelled"
    assert runner.path[-2].answer == "cancel-now"


def test_back_undoes_the_last_answer_exactly() -> None:
    runner = ScriptRunner(bundled("poor_service"), facts(open_complaint=True), "en", Clock())
    assert not runner.can_go_back
    runner.answer(0)
    runner.answer(0)
    before = runner.state
    runner.answer("still_unresolved")
    assert runner.reason == "unresolved_complaint" and runner.current.id == "fix_now"
    runner.enter_objection("heard_it_before")
    runner.back()
    runner.back()
    assert runner.state == before
    assert runner.reason is None and runner.current.id == "what_happened"
    with pytest.raises(RunnerError):
        ScriptRunner(MINIMAL, facts()).back()


def test_the_path_is_json_for_the_call_log_and_time_stamped_in_utc() -> None:
    runner = ScriptRunner(MINIMAL, facts(), "en", Clock())
    runner.answer(0)
    runner.answer("cancel")
    log = runner.path_for_log()
    assert json.loads(json.dumps(log)) == [
        {"step": "greet", "answer": "next", "at": "2026-11-25T09:00:01+00:00"},
        {"step": "ask", "answer": "cancel", "at": "2026-11-25T09:00:02+00:00"},
    ]
    assert runner.actions[0].as_dict()["at"] == "2026-11-25T09:00:03+00:00"


def test_the_same_facts_and_answers_walk_the_same_path() -> None:
    walks = []
    for _ in range(2):
        runner = ScriptRunner(bundled("general"), facts(open_incident=True), "he", lambda: START)
        for key in ("next", "next", "price", "next", "declined", "stay"):
            runner.answer(key)
        walks.append((runner.state, runner.current))
    assert walks[0] == walks[1]
    assert walks[0][1].disposition == "saved"


def test_bad_moves_say_what_is_wrong() -> None:
    runner = ScriptRunner(MINIMAL, facts())
    with pytest.raises(RunnerError, match="has 1 answers; there is no answer 3"):
        runner.answer(3)
    with pytest.raises(RunnerError, match="no answer 'maybe'"):
        runner.answer("maybe")
    with pytest.raises(RunnerError, match="no objection 'shouting'"):
        runner.enter_objection("shouting")
    with pytest.raises(RunnerError, match="timezone-aware"):
        ScriptRunner(MINIMAL, facts(), clock=lambda: datetime(2026, 1, 1)).answer(0)


def test_no_objections_once_the_call_has_ended() -> None:
    runner = ScriptRunner(MINIMAL, facts())
    runner.cancel_now()  # the minimal script's cancel step records the reason and ends at once
    assert runner.finished and runner.disposition == "cancelled"
    assert runner.objections() == []
    with pytest.raises(RunnerError):
        runner.enter_objection("think_it_over")
    with pytest.raises(RunnerError):
        runner.cancel_now()
