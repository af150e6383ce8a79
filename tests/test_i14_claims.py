"""Working the queue: claiming (atomic; never two agents on one customer, checked with
concurrent agents on real PostgreSQL), calling hours, skip and snooze with a reason, and the
outbound call that closes a task, with a survey answer and a referral."""

from __future__ import annotations

import threading
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.proactive import referrals, work
from agent_desk.proactive.generate import generate
from agent_desk.wrapup import ReferralRequest, SurveyAnswer, WrapUp
from tests.test_i14_world import WEDNESDAY, World, at

I = d.InteractionKind  # noqa: E741


@pytest.fixture
def world(any_db_url: str, as_person):
    """Set up as the owner; each test acts as its agents (on PostgreSQL their own logins)."""
    w = World(any_db_url, as_person)
    yield w
    w.close()


def _task(world: World, who: str, kind: str = "follow_up", priority: int = 40, day: date = WEDNESDAY,
          agent: m.Agent | None = None, team: m.Team | None = None, n: int = 0) -> m.WorkTask:
    rule = {"follow_up": "purchase_follow_up", "birthday": "birthday", "at_risk": "churn_risk",
            "callback": "callback_due", "low_survey": "low_nps"}[kind]
    task = m.WorkTask(customer_id=world.customers[who].id, rule_code=rule, kind=kind, reason_key=f"{kind}:{who}:{n}",
                      details={}, priority=priority, channel="phone", script_key="satisfaction_survey", due_on=day,
                      agent_id=agent.id if agent else None, team_id=team.id if team else None)
    world.session.add(task)
    world.session.flush()
    return task


def _rules(world: World) -> None:
    from agent_desk.proactive.rules import load_from_db

    load_from_db(world.session)


def test_the_next_task_is_the_most_urgent_and_stays_mine_until_done(world: World) -> None:
    _rules(world)
    dana = world.agent("dana")
    for name, priority in (("low", 10), ("high", 90), ("mid", 50)):
        world.customer(name)
        _task(world, name, priority=priority)
    world.commit()
    now = at(WEDNESDAY, 10)
    with Session(world.engine_of(dana)) as session, session.begin():
        first = work.claim_next(session, dana.id, dana.team_id, now)
        assert first is not None and first.customer_name.startswith("High") and first.status == "claimed"
    with Session(world.engine_of(dana)) as session, session.begin():  # asked again (a restart): the same task
        assert work.claim_next(session, dana.id, dana.team_id, now).id == first.id
    with Session(world.engine_of(dana)) as session, session.begin():
        with pytest.raises(work.TaskError, match="reason"):
            work.skip(session, first.id, dana.id, "   ")
        work.skip(session, first.id, dana.id, "Wrong number")
    with Session(world.engine_of(dana)) as session, session.begin():
        second = work.claim_next(session, dana.id, dana.team_id, now)
        assert second.customer_name.startswith("Mid")
        work.snooze(session, second.id, dana.id, at(WEDNESDAY, 16), "Asked to call after four", now)
    with Session(world.engine_of(dana)) as session, session.begin():
        assert work.claim_next(session, dana.id, dana.team_id, now).customer_name.startswith("Low")
        skipped = session.get(m.WorkTask, first.id)
        assert skipped.status == "skipped" and skipped.status_reason == "Wrong number"
    with Session(world.engine_of(dana)) as session, session.begin():
        low = work.claim_next(session, dana.id, dana.team_id, now)
        work.skip(session, low.id, dana.id, "Not reachable")
        assert work.claim_next(session, dana.id, dana.team_id, now) is None  # the snoozed one sleeps
        again = work.claim_next(session, dana.id, dana.team_id, at(WEDNESDAY, 16, 5))
        assert again.id == second.id


def test_an_agent_gets_own_and_team_tasks_never_another_teams_or_agents(world: World) -> None:
    _rules(world)
    dana, eli = world.agent("dana"), world.agent("eli")
    south = world.agent("sara", world.other_team)
    for name in ("for_eli", "for_south", "for_north", "for_all"):
        world.customer(name)
    _task(world, "for_eli", priority=99, agent=eli, team=world.team)
    _task(world, "for_south", priority=98, team=world.other_team)
    _task(world, "for_north", priority=50, team=world.team)
    _task(world, "for_all", priority=40)
    world.commit()
    now = at(WEDNESDAY, 10)
    got = []
    with Session(world.engine_of(dana)) as session, session.begin():
        while (task := work.claim_next(session, dana.id, dana.team_id, now)) is not None:
            got.append(task.customer_name.split()[0].lower())
            work.skip(session, task.id, dana.id, "test")
    assert got == ["for_north", "for_all"]
    with Session(world.engine_of(south)) as session, session.begin():
        assert work.claim_next(session, south.id, south.team_id, now).customer_name.lower().startswith("for_south")


@pytest.mark.parametrize(("when", "open_"), [
    (at(WEDNESDAY, 10), True),
    (at(WEDNESDAY, 8, 59), False),
    (at(WEDNESDAY, 21), False),  # quiet hours
    (at(date(2026, 11, 27), 12), True),  # Friday before one
    (at(date(2026, 11, 27), 14), False),  # Friday afternoon
    (at(date(2026, 11, 28), 11), False),  # Shabbat
    (at(date(2027, 4, 21), 12, 30), True),  # the eve of Pesach, before one
    (at(date(2027, 4, 21), 15), False),  # the eve of Pesach, afternoon
    (at(date(2027, 4, 22), 11), False),  # Pesach
])
def test_no_task_is_claimed_outside_calling_hours(world: World, when, open_: bool) -> None:
    _rules(world)
    dana = world.agent("dana")
    world.customer("someone")
    _task(world, "someone", day=when.date() - timedelta(days=1))
    world.commit()
    with Session(world.engine_of(dana)) as session, session.begin():
        if open_:
            assert work.claim_next(session, dana.id, dana.team_id, when) is not None
        else:
            with pytest.raises(work.OutsideCallingHours):
                work.claim_next(session, dana.id, dana.team_id, when)


def test_a_worked_task_is_an_outbound_call_with_its_survey_and_referral(world: World) -> None:
    dana = world.agent("dana")
    world.customer("happy", tier="gold")
    world.interaction("happy", I.COMPLAINT, at(WEDNESDAY - timedelta(days=9)),
                      resolved_at=at(WEDNESDAY - timedelta(days=3)))
    world.customer("asked")
    world.callback("asked", at(WEDNESDAY, 9, 30), dana)
    world.commit()
    with Session(world.engine) as session, session.begin():
        assert generate(session, WEDNESDAY, at(WEDNESDAY, 6)).created == {"complaint_resolved": 1, "callback_due": 1}
    now = at(WEDNESDAY, 10)
    done = []
    for _ in range(2):
        with Session(world.engine_of(dana)) as session, session.begin():
            task = work.claim_next(session, dana.id, dana.team_id, now)
            call_id = uuid.uuid4()
            work.start_call(session, task.id, dana.id, call_id, now)
        referral = ReferralRequest("Noa Levi", "052-7654321", consent=True) if task.kind == "complaint_check" else None
        wrapup = WrapUp(call_id=call_id, agent_id=dana.id, started_at=now, customer_id=task.customer_id,
                        ended_at=now + timedelta(minutes=4), disposition="saved", primary_reason="service",
                        survey=SurveyAnswer(d.SurveyKind.NPS, 10, "Fixed fast") if referral else None,
                        referral=referral)
        with Session(world.engine_of(dana)) as session, session.begin():
            work.submit_task_call(session, task.id, wrapup, now + timedelta(minutes=5))
        # sent again after a lost answer: nothing twice
        with Session(world.engine_of(dana)) as session, session.begin():
            work.submit_task_call(session, task.id, wrapup, now + timedelta(minutes=6))
        done.append((task, call_id))
    assert done[0][0].kind == "callback"  # the promised callback comes first
    with Session(world.engine) as session:
        for task, call_id in done:
            row = session.get(m.WorkTask, task.id)
            assert row.status == "done" and row.call_id == call_id
            call = session.get(m.RetentionCall, call_id)
            assert call.direction == d.CallDirection.OUTBOUND and call.submitted_at is not None
        assert session.scalars(sa.select(m.Callback.status)).one() == d.CallbackStatus.DONE
        survey = session.scalars(sa.select(m.SurveyResponse).where(m.SurveyResponse.call_id == done[1][1])).one()
        assert (survey.score, survey.comment, survey.referral_given) == (10, "Fixed fast", True)
        listed = referrals.list_referrals(session, consented_only=True)
        assert [(r.name, r.phone_e164, r.referred_by) for r in listed] == [("Noa Levi", "+972527654321", "Happy Cohen")]
        # The contact is counted: the customer's next occasion within 30 days waits for the cap.
        assert session.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall)
                              .where(m.RetentionCall.direction == d.CallDirection.OUTBOUND)) == 2


def test_referrals_export_as_csv_with_bom_and_a_right_to_left_sheet(world: World, tmp_path) -> None:
    import zipfile

    world.customer("giver")
    dana = world.agent("dana")
    call = m.RetentionCall(agent_id=dana.id, customer_id=world.customers["giver"].id, started_at=at(WEDNESDAY))
    world.session.add(call)
    world.session.flush()
    for name, consent in (("=HYPERLINK(1)", True), ("רונית", True), ("Nope", False)):
        world.session.add(m.Referral(referring_customer_id=world.customers["giver"].id, call_id=call.id, name=name,
                                     phone_e164="+972541112233", consent=consent))
    ada = world.agent("ada", role=d.Role.ADMIN)  # the export is an admin's (a referral names a third person)
    world.commit()
    with Session(world.engine_of(ada)) as session:
        rows = referrals.list_referrals(session, consented_only=True)
    assert {r.name for r in rows} == {"=HYPERLINK(1)", "רונית"}
    referrals.export(rows, tmp_path / "r.csv", "he")
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("נרשמה,שם,טלפון") and "054-111-2233" in text
    assert "'=HYPERLINK(1)" in text and "רונית" in text and "Nope" not in text
    referrals.export(rows, tmp_path / "r.xlsx", "he")
    with zipfile.ZipFile(tmp_path / "r.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert 'rightToLeft="1"' in sheet and "רונית" in strings and "054-111-2233" in strings


def test_concurrent_agents_never_get_the_same_customer(pg_url: str, pg_person) -> None:
    """Six agents ask for their next task at the same instant, round after round, on a queue
    where every customer has two tasks: each customer goes to one agent at most. Each agent
    claims through their own login (row-level security and grants as at their desks)."""
    world = World(pg_url, pg_person)
    try:
        _rules(world)
        agents = [world.agent(f"agent{n}") for n in range(6)]
        for n in range(3):
            world.customer(f"c{n}")
            _task(world, f"c{n}", kind="follow_up", priority=50 + n, n=0)
            _task(world, f"c{n}", kind="birthday", priority=60 + n, n=1)
        world.commit()
        people = [(a.id, a.team_id) for a in agents]  # plain values: the threads share no session
        now = at(WEDNESDAY, 10)
        engines = [world.engine_of(agent) for agent in agents]
        assert len({engine.url.username for engine in engines}) == len(agents)
        for _round in range(4):
            barrier = threading.Barrier(len(agents))
            claimed: dict[int, uuid.UUID | None] = {}
            errors: list[BaseException] = []

            def claim(n: int, barrier=barrier, claimed=claimed, errors=errors) -> None:
                try:
                    with Session(engines[n]) as session, session.begin():
                        session.execute(sa.text("SELECT 1"))  # connected before the start line
                        barrier.wait(timeout=30)
                        task = work.claim_next(session, *people[n], now)
                        claimed[n] = task.customer_id if task else None
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=claim, args=(n,)) for n in range(len(agents))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert not errors, errors
            got = [c for c in claimed.values() if c is not None]
            assert len(got) == len(set(got)) == 3, claimed  # three customers, three agents, no doubles
            with Session(world.engine) as session, session.begin():
                held = session.execute(sa.select(m.WorkTask.customer_id, m.WorkTask.claimed_by)
                                       .where(m.WorkTask.status == "claimed")).all()
                assert len({c for c, _ in held}) == len(held) == 3
                # Release them (snooze for a moment) so the next round starts from the same queue.
                session.execute(sa.update(m.WorkTask).where(m.WorkTask.status == "claimed")
                                .values(status="snoozed", claimed_by=None, snooze_until=now - timedelta(minutes=1)))
    finally:
        world.close()
