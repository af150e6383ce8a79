"""The bundled call scripts: clean, complete, and true to retention practice.

Every cancellation reason has its script; the cancellation is never blocked (a short way to
"cancel now" from the start and from every question); death and business closure make no
save attempt; offers come only after the agent has asked what is really wrong.
"""

from __future__ import annotations

import re
from collections import deque

import pytest

from agent_desk.data.reference import CANCELLATION_REASONS, DISPOSITIONS
from agent_desk.scripts import Script, StepKind, lint_paths, load_bundled_scripts, select_script
from agent_desk.scripts.library import bundled_dir, bundled_script_files

SCRIPTS = {script.key: script for script in load_bundled_scripts()}
CANCELLATIONS = {code for code, *_rest, is_cancel in DISPOSITIONS if is_cancel}
NO_SAVE = {code for code, *_rest, no_save in CANCELLATION_REASONS if no_save}
HEBREW = re.compile(r"[\u05d0-\u05ea]")
EXPECTED = {
    "price": "too_expensive", "too_expensive": "too_expensive", "price_rise": "too_expensive",
    "competitor": "competitor",
    "service": "poor_service", "poor_service": "poor_service", "unresolved_complaint": "poor_service",
    "technical": "technical", "technical_fault": "technical", "outage": "technical",
    "moving": "moving", "no_longer_needed": "no_longer_needed", "financial_hardship": "financial_hardship",
    "purchase_doubt": "purchase_doubt", "just_cancel": "just_cancel",
    "death": "bereavement", "business_closure": "business_closure",
}


def answers_to(script: Script, start: str, done) -> int | None:
    """The fewest agent answers from ``start`` to a step where ``done(step)``; None if never."""
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        step_id, answers = queue.popleft()
        step = script.steps[step_id]
        if done(step):
            return answers
        cost = 0 if step.is_auto else 1
        for ref in step.refs():
            if ref.step not in seen:
                seen.add(ref.step)
                (queue.appendleft if cost == 0 else queue.append)((ref.step, answers + cost))
    return None


def reachable(script: Script, start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        step_id = todo.pop()
        if step_id not in seen:
            seen.add(step_id)
            todo.extend(ref.step for ref in script.steps[step_id].refs())
    return seen


def is_cancellation(step) -> bool:
    return step.kind == StepKind.END and step.code is not None and step.code.value in CANCELLATIONS


def test_every_bundled_script_lints_clean() -> None:
    assert lint_paths([bundled_dir()]) == []
    assert len(bundled_script_files()) == len(SCRIPTS) >= 11


@pytest.mark.parametrize(("reason", "key"), sorted(EXPECTED.items()))
def test_each_reason_gets_its_own_script(reason: str, key: str) -> None:
    assert select_script(SCRIPTS.values(), reason).key == key


def test_every_reason_in_the_tree_is_answered_once_and_the_rest_fall_back() -> None:
    listed = [code for script in SCRIPTS.values() for code in script.reason_codes]
    assert sorted(listed) == sorted(code for code, *_ in CANCELLATION_REASONS)
    assert select_script(SCRIPTS.values(), None).key == "general"
    assert select_script(SCRIPTS.values(), "a_reason_added_later").key == "general"
    assert [s.key for s in SCRIPTS.values() if s.fallback] == ["general"]


def test_a_new_child_reason_uses_its_parents_script() -> None:
    assert select_script(SCRIPTS.values(), "roaming_bill", {"roaming_bill": "price"}).key == "too_expensive"


@pytest.mark.parametrize("key", sorted(SCRIPTS))
def test_cancel_now_is_a_few_answers_from_the_start_and_from_every_question(key: str) -> None:
    script = SCRIPTS[key]
    assert answers_to(script, script.start.step, is_cancellation) <= 4
    for step_id in reachable(script, script.start.step):
        if script.steps[step_id].kind == StepKind.QUESTION:
            assert answers_to(script, step_id, is_cancellation) is not None, step_id


@pytest.mark.parametrize("key", sorted(SCRIPTS))
def test_offers_come_only_after_a_question_about_the_real_reason(key: str) -> None:
    script = SCRIPTS[key]
    reach, todo = set(), [script.start.step]
    while todo:  # the steps reachable from the start without answering any question
        step_id = todo.pop()
        if step_id in reach:
            continue
        reach.add(step_id)
        if script.steps[step_id].kind != StepKind.QUESTION:
            todo.extend(ref.step for ref in script.steps[step_id].refs())
    assert not [s for s in reach if script.steps[s].kind == StepKind.OFFERS]


@pytest.mark.parametrize("key", ["bereavement", "business_closure"])
def test_death_and_business_closure_make_no_save_attempt(key: str) -> None:
    script = SCRIPTS[key]
    assert set(script.reason_codes) <= NO_SAVE
    assert not [s for s in script.steps.values() if s.kind == StepKind.OFFERS]
    endings = {s.code.value for s in script.steps.values() if s.kind == StepKind.END and s.code}
    assert endings <= {"cancelled", "callback_scheduled"}


def test_just_cancel_honours_the_request_at_once() -> None:
    script = SCRIPTS["just_cancel"]
    assert answers_to(script, script.start.step, is_cancellation) <= 3
    offers = [s for s in script.steps.values() if s.kind == StepKind.OFFERS]
    assert [s.id for s in offers] == ["offers_on_request"]  # only when the customer asks


@pytest.mark.parametrize("key", sorted(SCRIPTS))
def test_the_main_flow_never_loops(key: str) -> None:
    # No step leads back to itself, so any run of answers ends (the random-walk bound rests on it).
    script = SCRIPTS[key]
    for step_id, step in script.steps.items():
        later = set().union(*(reachable(script, ref.step) for ref in step.refs()))
        assert step_id not in later, f"{key}: '{step_id}' can come round again"


@pytest.mark.parametrize("key", sorted(SCRIPTS))
def test_hebrew_is_hebrew_and_english_is_english(key: str) -> None:
    for what, text in SCRIPTS[key].texts():
        assert HEBREW.search(text.phrases["he"].value), f"{key}: {what} (he) has no Hebrew"
        assert not HEBREW.search(text.phrases["en"].value), f"{key}: {what} (en) has Hebrew in it"
