"""Random walks over every bundled script: every call can end, and back() is an exact undo.

Hypothesis draws the customer's facts and a sequence of agent moves (answers, back, entering
an objection, "cancel now"); after each move the path has one entry per move net of backs,
and going back restores the state before it exactly (values a step captured included).
Whatever happened, answering on from there ends the call on an end step within a bound, and
"cancel now" always ends in a cancellation. With both genders known no slash form shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.data.reference import CANCELLATION_REASONS, DISPOSITIONS
from agent_desk.domain import ProductCategory, ValueTier
from agent_desk.scripts import Script, ScriptFacts, ScriptRunner, load_bundled_scripts
from agent_desk.scripts.lint import SLASH_FORM

SCRIPTS = load_bundled_scripts()
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DISPOSITION_CODES = {code for code, *_ in DISPOSITIONS}
CANCELLATIONS = {code for code, *_rest, is_cancel in DISPOSITIONS if is_cancel}
MOVES = ("answer", "answer", "answer", "answer", "back", "objection", "cancel")


@st.composite
def call_facts(draw: st.DrawFn) -> ScriptFacts:
    days = draw(st.none() | st.integers(0, 900))
    return ScriptFacts(
        first_name=draw(st.sampled_from(["", "נועה", "Yusuf"])),
        first_name_latin=draw(st.none() | st.just("Noa")),
        agent_name=draw(st.sampled_from(["", "אבי"])),
        plan=draw(st.none() | st.sampled_from(["NET-1000", "MOB-BASIC"])),
        plan_he=draw(st.none() | st.just("סיבים 1 ג'יגה")),
        plan_en=draw(st.none() | st.just("Fibre 1 Gbps")),
        plan_category=draw(st.none() | st.sampled_from([str(c) for c in ProductCategory])),
        tenure_years=draw(st.floats(0, 40)),
        value_tier=draw(st.none() | st.sampled_from([str(t) for t in ValueTier])),
        risk=draw(st.none() | st.floats(0, 1)),
        reason=draw(st.none() | st.sampled_from([code for code, *_ in CANCELLATION_REASONS])),
        open_incident=draw(st.booleans()),
        open_complaint=draw(st.booleans()),
        contract_end=None if days is None else TODAY + timedelta(days=days),
        days_to_contract_end=days,
        monthly_price=draw(st.none() | st.decimals(Decimal("0"), Decimal("900"), places=2)),
        competitor=draw(st.none() | st.just("HOT")),
        monthly_total=draw(st.none() | st.decimals(Decimal("0"), Decimal("2000"), places=2)),
        agent_gender=draw(st.sampled_from([None, "male", "female"])),
        customer_gender=draw(st.sampled_from([None, "male", "female"])),
    )


def move(runner: ScriptRunner, kind: str, number: int) -> bool:
    """Make one move if it is possible now; True when the state changed."""
    if kind == "back":
        if not runner.can_go_back:
            return False
        runner.back()
        return True
    if runner.finished:
        return False
    if kind == "answer":
        capture = runner.current.capture
        value = None
        if capture is not None and number % 3:  # sometimes the agent leaves it blank
            value = (TODAY + timedelta(days=number)).isoformat() if capture.kind == "date" else f"value {number}"
        runner.answer(number % len(runner.current.answers), value)
        if value is not None:
            assert capture is not None and runner.captured[capture.field] == value
    elif kind == "objection":
        objections = runner.objections()
        if not objections:
            return False
        runner.enter_objection(objections[number % len(objections)][0])
    else:
        runner.cancel_now()
    return True


def answer_until_the_end(runner: ScriptRunner, data: st.DataObject) -> int:
    """Answer at random until an end step; returns how many answers it took."""
    bound = len(runner.script.steps) * (len(runner.state.stack) + 1)
    for count in range(bound + 1):
        if runner.finished:
            return count
        answers = runner.current.answers
        assert answers, f"step '{runner.current.id}' shows no way on"
        runner.answer(data.draw(st.integers(0, len(answers) - 1), label="answer"))
    raise AssertionError(f"no end within {bound} answers; at '{runner.current.id}'")


@settings(max_examples=150, deadline=None)
@given(script=st.sampled_from(SCRIPTS), facts=call_facts(), language=st.sampled_from(["he", "en"]),
       moves=st.lists(st.tuples(st.sampled_from(MOVES), st.integers(0, 99)), max_size=30), data=st.data())
def test_random_walks_end_on_an_end_step_and_back_is_exact(
    script: Script, facts: ScriptFacts, language: str, moves: list[tuple[str, int]], data: st.DataObject,
) -> None:
    runner = ScriptRunner(script, facts, language, clock=lambda: NOW)
    net = 0
    for kind, number in moves:
        before, shown = runner.state, runner.current
        if not move(runner, kind, number):
            continue
        net += -1 if kind == "back" else 1
        assert len(runner.path) == net
        assert runner.current.segments or runner.current.terminal
        if facts.agent_gender and facts.customer_gender:  # both known: one form, never both
            assert not SLASH_FORM.search(runner.current.text), runner.current.text
        if kind != "back":
            after = runner.state
            runner.back()
            assert runner.state == before and runner.current == shown
            move(runner, kind, number)  # the same move again lands in the same state: deterministic
            assert runner.state == after
    answer_until_the_end(runner, data)
    assert runner.current.terminal and runner.disposition in DISPOSITION_CODES


@settings(max_examples=100, deadline=None)
@given(script=st.sampled_from(SCRIPTS), facts=call_facts(),
       moves=st.lists(st.tuples(st.sampled_from(MOVES[:-1]), st.integers(0, 99)), max_size=15), data=st.data())
def test_cancel_now_from_anywhere_ends_in_a_cancellation(
    script: Script, facts: ScriptFacts, moves: list[tuple[str, int]], data: st.DataObject,
) -> None:
    runner = ScriptRunner(script, facts, "he", clock=lambda: NOW)
    for kind, number in moves:
        move(runner, kind, number)
    if runner.finished:
        runner.back()
    runner.cancel_now()
    assert not runner.current.offer_kinds, "no offer after 'cancel now'"
    answer_until_the_end(runner, data)
    assert runner.disposition in CANCELLATIONS
