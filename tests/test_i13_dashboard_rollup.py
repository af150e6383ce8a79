"""The dashboards' nightly rollup on real PostgreSQL: what it answers equals what the calls
say, a change made after it (a correction, a late call, a 90-day verdict, an offer) counts at
once, a change committed while the job runs is never lost, new save codes are never read
from an old rollup, and the marks and the rollup obey each person's rights (real logins,
plain SQL)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import dashboards as db
from agent_desk.data import models as m
from agent_desk.data import rollup
from agent_desk.data.db import make_engine
from tests.test_i13_dashboards import ROLLED_ON, SUN1, SUN8, History, build_history, il, roll_up

pytestmark = pytest.mark.postgres

MONTH = db.DashboardFilter(date(2026, 10, 25), ROLLED_ON, db.Period.WEEK)


@pytest.fixture
def history(pg_url: str) -> History:
    made = build_history(pg_url)
    yield made
    made.engine.dispose()


def _everything(made: History, flt: db.DashboardFilter, team=None) -> tuple:
    service = made.service(team=team)
    boards = tuple(service.dashboard(flt, dimension) for dimension in db.Dimension)
    return boards, service.compare(made.v1, made.v2, flt)


def _from_the_calls(made: History, flt: db.DashboardFilter, monkeypatch: pytest.MonkeyPatch, team=None) -> tuple:
    """The same dashboards with the rollup ignored: every day summed from the calls."""
    with monkeypatch.context() as patch:
        patch.setattr(rollup, "coverage", lambda _s, first, last, _k: rollup.Coverage(
            None, frozenset(), tuple(first + timedelta(days=n) for n in range((last - first).days + 1))))
        return _everything(made, flt, team)


def _cover(made: History, flt: db.DashboardFilter = MONTH) -> rollup.Coverage:
    with Session(made.engine) as session:
        return rollup.coverage(session, flt.date_from, flt.date_to, rollup.codes(session))


def _marks(made: History) -> set[date]:
    with Session(made.engine) as session:
        return set(session.scalars(sa.select(m.DashDirtyDay.day)))


def test_the_rollup_answers_what_the_calls_say(history: History, monkeypatch) -> None:
    before = _from_the_calls(history, MONTH, monkeypatch)
    assert roll_up(history.engine) == (ROLLED_ON - SUN1).days  # from the first call's day to yesterday
    cover = _cover(history)
    assert cover.rolled == (MONTH.date_from, ROLLED_ON - timedelta(days=1)) and not cover.dirty
    assert cover.live == (ROLLED_ON,)  # "today" is read from the calls
    assert _everything(history, MONTH) == before
    assert _everything(history, MONTH, history.north) == _from_the_calls(history, MONTH, monkeypatch, history.north)
    assert not {day for day in _marks(history) if day < ROLLED_ON}  # the job took the marks it did
    # A second run the same day has nothing to do.
    assert roll_up(history.engine) == 0


def test_changes_after_the_rollup_count_at_once(history: History, monkeypatch) -> None:
    roll_up(history.engine)
    rolled = _everything(history, MONTH)
    week1 = rolled[0][0].calls.point(SUN1, "")
    assert (week1.calls, week1.saves) == (4, 2)
    with Session(history.engine) as session, session.begin():
        calls = history.calls
        # A lead corrects call 5 (cancelled) to a save...
        started = session.get(m.RetentionCall, calls[5]).started_at
        session.add(m.CallCorrection(call_id=calls[5], call_started_at=started, corrected_by=history.lead,
                                     field="outcome", old_value="cancelled", new_value="saved", why="recording",
                                     corrected_at=datetime(2026, 11, 29, tzinfo=UTC)))
        # ...an offline desk's call of the 3rd reaches the server late (customer 0: a repeat,
        # and it makes no later call a repeat that was not one)...
        first = session.get(m.RetentionCall, calls[1])
        late = il(SUN1 + timedelta(days=2), 16)
        session.add(m.RetentionCall(agent_id=history.agents["bat"], customer_id=first.customer_id, started_at=late,
                                    ended_at=late + timedelta(minutes=4), disposition_code="cancelled",
                                    primary_reason_code="price", script_path=[], submitted_at=late))
        # ...and the 90-day check of call 4's accepted offer is done again: still a customer.
        session.execute(sa.update(m.OfferPresentation).where(m.OfferPresentation.call_id == calls[4])
                        .values(still_active_90d=True))
    marked = _marks(history)
    assert {SUN1 + timedelta(days=2), SUN1 + timedelta(days=3), SUN8 + timedelta(days=1)} <= marked
    assert SUN1 + timedelta(days=9) in marked  # the late call's day and the seven after it
    cover = _cover(history)
    assert cover.dirty and cover.rolled is not None
    now = _everything(history, MONTH)
    assert now == _from_the_calls(history, MONTH, monkeypatch)
    week1 = now[0][0].calls.point(SUN1, "")
    assert (week1.calls, week1.saves) == (5, 3)  # the correction and the late call, at once
    assert now[0][0].kept.total().kept == 2  # call 1 and now call 4
    assert now[0][0].repeats.point(SUN1, "").repeats == 2
    # The next night's job does those days again and takes their marks; nothing moves.
    assert roll_up(history.engine) >= 3
    assert not _cover(history).dirty
    assert _everything(history, MONTH) == now


def test_a_change_committed_while_the_job_runs_stays_marked(history: History, monkeypatch) -> None:
    """The job reads the marks, rolls their days, then removes those marks only: a change that
    commits in between keeps its mark, so its day is read from the calls until the next run."""
    roll_up(history.engine)
    with Session(history.engine) as session, session.begin():  # an old mark for the job to see
        session.execute(sa.update(m.OfferPresentation).where(m.OfferPresentation.call_id == history.calls[4])
                        .values(still_active_90d=True))
    reached, release = threading.Event(), threading.Event()
    real_runs = rollup.runs

    def paused_runs(days, longest=None):  # the job has read the marks and is about to roll
        reached.set()
        assert release.wait(30)
        return real_runs(days, longest)

    monkeypatch.setattr(rollup, "runs", paused_runs)
    job = threading.Thread(target=roll_up, args=(history.engine,))
    job.start()
    try:
        assert reached.wait(30)
        with Session(history.engine) as session, session.begin():  # commits while the job runs
            started = session.get(m.RetentionCall, history.calls[6]).started_at
            session.add(m.CallCorrection(call_id=history.calls[6], call_started_at=started, corrected_by=history.lead,
                                         field="outcome", old_value="cancelled", new_value="saved", why="late"))
    finally:
        release.set()
        job.join(60)
    monkeypatch.setattr(rollup, "runs", real_runs)
    assert SUN8 + timedelta(days=1) not in _cover(history).dirty  # call 4's old mark: done
    assert SUN8 in _cover(history).dirty  # call 6 is on the 8th (Israel): still marked
    now = _everything(history, MONTH)
    assert now == _from_the_calls(history, MONTH, monkeypatch)
    assert now[0][0].calls.point(SUN8, "").saves == 2


def test_new_save_codes_are_never_read_from_an_old_rollup(history: History, monkeypatch) -> None:
    roll_up(history.engine)
    with Session(history.engine) as session, session.begin():
        session.get(m.Disposition, "downgraded").counts_as_save = False
        session.get(m.Disposition, "cancelled").counts_as_save = True
    assert _cover(history).rolled is None  # made with other codes: not read
    now = _everything(history, MONTH)
    assert now == _from_the_calls(history, MONTH, monkeypatch)
    assert now[0][0].calls.point(SUN1, "").saves == 4  # every call of week 1 "saves" now
    assert roll_up(history.engine) > 0  # done again whole
    assert _cover(history).rolled is not None
    assert _everything(history, MONTH) == now


def test_marks_and_rollup_obey_each_persons_rights(history: History, pg_person) -> None:
    roll_up(history.engine)
    avi = make_engine(pg_person(history.url, "avi"))
    lead = make_engine(pg_person(history.url, "lead01"))
    chen_id = history.agents["chen"]
    try:
        with avi.begin() as c:  # an agent's own call, in plain SQL: its days are marked
            c.execute(sa.text(
                "INSERT INTO retention_calls (id, agent_id, direction, started_at, disposition_code, script_path, "
                "created_at) VALUES (gen_random_uuid(), :me, 'inbound', :at, 'saved', '[]', now())"),
                {"me": history.agents["avi"], "at": il(SUN1 + timedelta(days=4), 11)})
        assert {SUN1 + timedelta(days=4 + k) for k in range(8)} <= _marks(history)
        with avi.connect() as c:
            # ...but they write no mark, nor the rollup, themselves.
            for statement in ("INSERT INTO dash_dirty_days (day) VALUES ('2026-11-02')",
                              "DELETE FROM dash_dirty_days",
                              "INSERT INTO dash_repeat_days VALUES ('2026-11-02', gen_random_uuid(), 1, 1)",
                              "UPDATE dash_rollup SET through = '2030-01-01'"):
                with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), c.begin():
                    c.execute(sa.text(statement))
            # An agent reads their own rolled rows only (they hold corrected outcomes).
            agents = set(c.scalars(sa.text("SELECT DISTINCT agent_id FROM dash_call_days")))
            assert agents == {history.agents["avi"]}
        with lead.connect() as c:  # a lead: their team's, never the other team's
            agents = set(c.scalars(sa.text("SELECT DISTINCT agent_id FROM dash_call_days")))
            assert agents == {history.agents["avi"], history.agents["bat"]} and chen_id not in agents
            assert c.scalar(sa.text("SELECT count(*) FROM dash_dirty_days")) > 0  # dates only
    finally:
        avi.dispose()
        lead.dispose()


def test_demo_data_loaded_without_triggers_makes_the_rollup_start_again(pg_url: str) -> None:
    """The demo build skips the triggers (and so the day marks) when it may: the rollup made
    before it must not be read, or every demo day would show empty."""
    from agent_desk.data import demo, migrate

    engine = make_engine(pg_url)
    try:
        migrate.upgrade(engine)
        roll_up(engine, date(2026, 11, 25))  # an empty floor, rolled up
        demo.generate(engine, 60, seed=3, as_of=date(2026, 11, 25))
        with Session(engine) as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(m.DashRollup)) == 0
            assert rollup.coverage(session, date(2026, 10, 1), date(2026, 11, 24), rollup.codes(session)).rolled \
                is None
            calls = session.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall)
                                   .where(m.RetentionCall.started_at < datetime(2026, 11, 24, tzinfo=UTC)))
        assert calls > 0
        service = db.DashboardService(lambda: Session(engine))
        flt = db.DashboardFilter(date(2023, 12, 1), date(2026, 11, 24), db.Period.MONTH)
        before = service.dashboard(flt).calls.total()
        assert roll_up(engine, date(2026, 11, 25)) > 0  # every day again
        assert service.dashboard(flt).calls.total() == before and before.calls > 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("zone", ["UTC", "Asia/Jerusalem"])
def test_a_call_marks_every_day_a_week_reaches_across_the_spring_clock_change(history: History, zone: str) -> None:
    """Israel goes to summer time on Friday 26 March 2027: 168 hours after 19 March 23:30 is
    27 March 00:30, the ninth calendar day, and a call then is a repeat of this one; whatever
    the time zone of the session that writes the call."""
    late = il(date(2027, 3, 19), 23, 30)
    with Session(history.engine) as session, session.begin():
        session.execute(sa.text(f"SET LOCAL TIME ZONE '{zone}'"))
        customer = session.get(m.RetentionCall, history.calls[1]).customer_id
        session.add(m.RetentionCall(agent_id=history.agents["avi"], customer_id=customer, started_at=late,
                                    script_path=[]))
    marked = _marks(history)
    assert {date(2027, 3, 19) + timedelta(days=k) for k in range(9)} <= marked
    assert date(2027, 3, 28) not in marked


def test_rows_written_by_hand_never_stop_the_rollup(history: History, monkeypatch) -> None:
    """A path that is not a list, a step key of 5,000 characters, escapes no text can hold, and
    a day whose queries fail anyway: the job rolls the rest, the failed days stay marked, every
    figure stays right (the live read takes those paths as the rollup does, and never fails)."""
    with Session(history.engine) as session, session.begin():
        at = il(SUN1 + timedelta(days=5), 9)
        for path in ({"not": "a list"}, [{"step": "s" * 5000, "answer": "a" * 5000}, 7, "text"],
                     [{"step": "greet", "answer": "nul \x00 inside"}],
                     [{"step": "greet", "answer": "lone \ud800 high"}, {"step": "offer", "answer": "\udc00"}]):
            session.add(m.RetentionCall(agent_id=history.agents["avi"], started_at=at, disposition_code="saved",
                                        script_version_id=history.v1, script_path=path))
        # A lead's reason correction as long as the column holds (reason codes are 40).
        started = session.get(m.RetentionCall, history.calls[2]).started_at
        session.add(m.CallCorrection(call_id=history.calls[2], call_started_at=started, corrected_by=history.lead,
                                     field="reason", old_value="price", new_value="r" * 200, why="typed by hand"))
    assert roll_up(history.engine) == (ROLLED_ON - SUN1).days
    assert _everything(history, MONTH) == _from_the_calls(history, MONTH, monkeypatch)
    # A day the cells cannot be made for (here: a division by zero) is left to the calls.
    with Session(history.engine) as session, session.begin():  # mark the 9th again
        session.execute(sa.update(m.OfferPresentation).where(m.OfferPresentation.call_id == history.calls[4])
                        .values(still_active_90d=True))
    real = rollup.CELLS[m.DashRepeatDay]

    def broken(session, scope, kinds):
        session.execute(sa.text("SELECT 1 / 0"))
        return real(session, scope, kinds)

    monkeypatch.setitem(rollup.CELLS, m.DashRepeatDay, broken)
    assert roll_up(history.engine) == 0
    assert roll_up(history.engine) == 0  # every minute's run tries again...
    monkeypatch.setitem(rollup.CELLS, m.DashRepeatDay, real)
    assert SUN8 + timedelta(days=1) in _cover(history).dirty
    with Session(history.engine) as session:  # ...without piling up marks
        assert session.scalar(sa.select(sa.func.count()).select_from(m.DashDirtyDay)
                              .where(m.DashDirtyDay.day == SUN8 + timedelta(days=1))) == 1
    assert _everything(history, MONTH) == _from_the_calls(history, MONTH, monkeypatch)


def test_one_rollup_at_a_time(history: History) -> None:
    with Session(history.engine) as holder, holder.begin():
        holder.execute(sa.select(sa.func.pg_advisory_xact_lock(rollup.LOCK)))  # a run at work
        assert roll_up(history.engine) == 0  # the next minute's run leaves at once
        with Session(history.engine) as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(m.DashRollup)) == 0
    assert roll_up(history.engine) > 0
