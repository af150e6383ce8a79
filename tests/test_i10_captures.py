"""Issue 10, item 3: every value a script step captures reaches the stored call.

The competitor has a wrap-up field and a column of its own; the new address and the moving
day (the moving script) go into ``retention_calls.captured``, once, shown read-only in the
wrap-up, and a retried submit of the same call is still a success.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.call import Call
from agent_desk.calls import desk_user
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.drafts import DraftStore
from agent_desk.ids import new_id
from agent_desk.paths import app_dirs
from agent_desk.scripts import ScriptFacts, ScriptRunner, load_bundled_scripts
from agent_desk.ui.tasks import TaskRunner
from agent_desk.ui.wrapup_panel import WrapUpPanel
from agent_desk.wrapup import CallAlreadySubmitted, WrapUp, submit_call

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
MOVING = next(script for script in load_bundled_scripts() if script.key == "moving")


@pytest.fixture
def desk(any_db_url: str, as_person):
    """Set up as the owner; the tests act as the agent (on PostgreSQL her own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North")
        session.add(team)
        session.flush()
        agent = m.Agent(username="b", display_name="Bat", role=d.Role.AGENT, team_id=team.id)
        customer = m.Customer(account_number="77", first_name="נועה", last_name="לוי", customer_since=date(2019, 3, 1))
        session.add_all([agent, customer])
        session.flush()
        user = desk_user(session, "b")
        ids = {"customer": customer.id}
    owner.dispose()
    engine = make_engine(as_person(any_db_url, "b"))
    yield engine, user, ids
    engine.dispose()


def _moving_call(user, customer_id) -> Call:
    """The moving script walked to its end: covered, not sure, the offer declined, cancel on the
    moving day; the call object learns each capture as the panel tells it."""
    clock = iter(NOW - timedelta(minutes=10) + timedelta(seconds=s) for s in range(0, 600, 5))
    call = Call(user, customer_id=customer_id, customer_name="נועה לוי", caller_e164="+972541112233",
                clock=lambda: next(clock))
    call.set_reason("moving")
    run = ScriptRunner(MOVING, ScriptFacts(first_name="Noa", agent_name="Bat", plan_category="internet",
                                           monthly_price=Decimal("129.90")), "en", clock=lambda: NOW)
    for answer, value in (("next", None), ("in_israel", None), ("covered", " Herzl 12, Haifa "),
                          ("not_sure", None), ("declined", None), ("next", "2026-12-20"), ("next", None)):
        run.answer(answer, value)
        for field, captured in run.captured.items():
            call.capture(field, captured)
        call.walked(run.path_for_log(), None, run.disposition if run.finished else None, run.reason)
    assert run.finished and run.disposition == "cancelled"
    call.end(NOW - timedelta(minutes=2))
    return call


def _wrapup(call: Call) -> WrapUp:
    return replace(call.proposed_wrapup(), cancellation_requested_at=NOW - timedelta(minutes=8),
                   cancellation_effective_on=date(2026, 12, 20))


def test_the_new_address_and_moving_day_are_stored_once_and_a_retry_still_succeeds(desk) -> None:
    engine, user, ids = desk
    wrapup = _wrapup(_moving_call(user, ids["customer"]))
    assert wrapup.captured == {"new_address": "Herzl 12, Haifa", "move_date": "2026-12-20"}
    assert wrapup.competitor == "" and wrapup.disposition == "cancelled"
    with Session(engine) as session, session.begin():
        first = submit_call(session, wrapup, NOW)
    with Session(engine) as session, session.begin():  # the answer was lost: the desk sends it again
        again = submit_call(session, wrapup, NOW + timedelta(minutes=1))
    assert again == first
    with Session(engine) as session:
        rows = session.execute(sa.select(m.RetentionCall.captured, m.RetentionCall.competitor)).all()
    assert rows == [({"move_date": "2026-12-20", "new_address": "Herzl 12, Haifa"}, None)]


def test_a_different_capture_for_a_submitted_call_is_a_correction_not_a_retry(desk) -> None:
    engine, user, ids = desk
    wrapup = _wrapup(_moving_call(user, ids["customer"]))
    with Session(engine) as session, session.begin():
        submit_call(session, wrapup, NOW)
    moved = replace(wrapup, captured={**wrapup.captured, "move_date": "2026-12-27"})
    with Session(engine) as session, session.begin(), pytest.raises(CallAlreadySubmitted, match="captured"):
        submit_call(session, moved, NOW)


def test_a_call_that_captured_nothing_stores_no_captures_and_retries_cleanly(desk) -> None:
    engine, user, ids = desk
    call = Call(user, customer_id=ids["customer"], started_at=NOW - timedelta(minutes=5), clock=lambda: NOW)
    call.set_reason("moving")
    call.end(NOW - timedelta(minutes=1))
    wrapup = replace(call.proposed_wrapup(), disposition="saved")
    assert wrapup.captured == {}
    with Session(engine) as session, session.begin():
        first = submit_call(session, wrapup, NOW)
    with Session(engine) as session, session.begin():
        assert submit_call(session, wrapup, NOW) == first
    with Session(engine) as session:
        assert session.scalar(sa.select(m.RetentionCall.captured)) is None


def test_the_captures_survive_the_draft_file() -> None:
    wrapup = WrapUp(call_id=new_id(), agent_id=new_id(), started_at=NOW,
                    captured={"new_address": "Herzl 12, Haifa", "move_date": "2026-12-20"})
    assert WrapUp.from_json(wrapup.to_json()) == wrapup
    assert WrapUp.from_json({k: v for k, v in wrapup.to_json().items() if k != "captured"}).captured == {}


def test_the_wrap_up_shows_the_captures_read_only_and_submits_them(qtbot) -> None:
    runner = TaskRunner()
    panel = WrapUpPanel(runner, DraftStore(app_dirs()))
    qtbot.addWidget(panel)
    panel.set_desk(None, [("moving", "מעבר דירה", "Moving")],
                   [("saved", "נשאר", "Saved", True, False)])
    started = datetime.now(UTC) - timedelta(minutes=10)
    base = WrapUp(call_id=new_id(), agent_id=new_id(), started_at=started, primary_reason="moving")
    panel.show()
    panel.begin(base)
    assert not panel.captured_line.isVisible()  # nothing captured: no empty line
    panel.propose(replace(base, captured={"new_address": "Herzl 12, Haifa", "move_date": "2026-12-20"}))
    assert panel.captured_line.isVisible()
    assert panel.captured_line.text() == "New address: Herzl 12, Haifa, Moving day: 20/12/2026"
    current = panel.current()
    assert current is not None and current.captured == {"new_address": "Herzl 12, Haifa", "move_date": "2026-12-20"}
    panel.propose(replace(base, captured={"new_address": "Herzl 12, Haifa"}))  # Back undid the moving day
    assert panel.captured_line.text() == "New address: Herzl 12, Haifa"
    assert panel.current().captured == {"new_address": "Herzl 12, Haifa"}
    runner.close()
