"""The dashboards' figures per Israeli day and agent ("cells"), read from the calls or from
the daily rollup that ``agent-desk jobs run`` keeps on PostgreSQL. Qt-free.

A cell is one day's calls of one agent (and reason, offer, or script step), summed, with every
correction applied (the newest correction of a call's outcome or reason wins, as in the call
log). The same queries do both jobs: :func:`refresh` stores them for the days up to
yesterday (``dash_*_days``, migration 0022), and the dashboards run them over the calls for
the days the rollup does not cover (today, and any day a change has marked since).

Which days a dashboard may read from the rollup (:func:`coverage`): those up to the state's
``through`` that carry no mark, and only while the outcome codes counted as saves and losses
are the ones the rollup was made with. The marks are made by triggers in the changing
transaction (a call: its day and the seven after it, whose repeat contacts it may change; a
correction; an offer presentation: its call's day), and the job takes the marks committed
when it starts (deleting them in its own transaction) before doing their days again, so a day
is never read stale from the rollup: at worst it is read from the calls. How it is proven:
``tests/test_i13_dashboard_rollup.py``.

Known limit: the revenue an accepted offer kept is the customer's subscriptions on the call's
day *as the rollup found them*; a subscription back-dated later changes a rolled day only
when the day is rolled again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from agent_desk.data import models as m
from agent_desk.proactive.calendar import israel_midnight, israel_today
from agent_desk.sync.errors import is_temporary

# A call is a repeat contact when the same customer called within this many days before it.
REPEAT_DAYS = 7
# The job rolls this many days per statement (a first rollup of years of calls: many statements).
CHUNK_DAYS = 31
# A reason, step or answer key longer than this is cut (they are short words; a row written
# by hand with a huge one must not stop the rollup: they are keys of an index).
KEY_LENGTH = 200
# The job's advisory lock (one run at a time; another returns at once).
LOCK = 2026_12_07_22

log = logging.getLogger(__name__)

_call = m.RetentionCall


# --- days and instants ---------------------------------------------------------------------


def israel_day(moment: datetime) -> date:
    """The Israeli day of a stored instant (SQLite hands them back without their zone: UTC)."""
    return israel_today(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def runs(days: Iterable[date], longest: int | None = None) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs, in order; none longer than ``longest``."""
    out: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if out and out[-1][1] + timedelta(days=1) == day and (longest is None or (day - out[-1][0]).days < longest):
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def instants(days: Iterable[date]) -> list[tuple[datetime, datetime]]:
    """The UTC ranges [start, end) of these Israeli days, consecutive days as one range."""
    return [(israel_midnight(first), israel_midnight(last + timedelta(days=1))) for first, last in runs(days)]


def _sqlite_israel_day(value: str | None) -> str | None:
    if value is None:
        return None
    return israel_day(datetime.fromisoformat(value)).isoformat()


def sql_day(session: Session, column: Any) -> sa.ColumnElement[Any]:
    """The Israeli calendar day of a UTC timestamp column, in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("Asia/Jerusalem", column), sa.Date)
    raw = session.connection().connection.dbapi_connection
    raw.create_function("desk_israel_day", 1, _sqlite_israel_day, deterministic=True)
    return sa.func.desk_israel_day(column)


def seconds(session: Session, later: Any, earlier: Any) -> sa.ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return sa.extract("epoch", later - earlier)
    return (sa.func.julianday(later) - sa.func.julianday(earlier)) * 86400.0


def _within(column: Any, ranges: Sequence[tuple[datetime, datetime]]) -> sa.ColumnElement[bool]:
    return sa.or_(*[sa.and_(column >= a, column < b) for a, b in ranges]) if ranges else sa.false()


# --- what counts as a save and a loss ------------------------------------------------------


@dataclass(frozen=True)
class Codes:
    saves: frozenset[str]
    losses: frozenset[str]

    @property
    def fingerprint(self) -> str:
        return f"saves={','.join(sorted(self.saves))};losses={','.join(sorted(self.losses))}"


def codes(session: Session) -> Codes:
    d = m.Disposition
    rows = session.execute(sa.select(d.code, d.counts_as_save, d.is_cancellation)).all()
    return Codes(frozenset(c for c, save, _ in rows if save), frozenset(c for c, _, loss in rows if loss))


# --- the cells, read from the calls --------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which calls: those started in ``ranges`` (UTC), taken by ``agents`` (None: anyone's)."""

    ranges: tuple[tuple[datetime, datetime], ...]
    agents: tuple[uuid.UUID, ...] | None = None
    version: uuid.UUID | None = None  # the funnel's: calls on this script version only

    def where(self, call: Any = _call) -> list[sa.ColumnElement[bool]]:
        out = [call.amends_call_id.is_(None), _within(call.started_at, self.ranges)]
        if self.agents is not None:
            out.append(call.agent_id.in_(self.agents) if self.agents else sa.false())
        if self.version is not None:
            out.append(call.script_version_id == self.version)
        return out


def _newest(field: str, scope: Scope) -> sa.Subquery:
    """(call id, value) of the newest correction of ``field`` of each call in the ranges."""
    cc = m.CallCorrection
    rank = sa.func.row_number().over(partition_by=cc.call_id, order_by=(cc.corrected_at.desc(), cc.id.desc()))
    ranked = (sa.select(cc.call_id, cc.new_value, rank.label("rank"))
              .where(cc.field == field, _within(cc.call_started_at, scope.ranges)).subquery())
    return sa.select(ranked.c.call_id, ranked.c.new_value.label("value")).where(ranked.c.rank == 1).subquery()


def _verdict(call: Any = _call) -> sa.ColumnElement[Any]:
    """The 90-day verdict of a call: its own column, else its accepted offer's (the daily
    ``offers check-saves`` job writes the offer's)."""
    p = aliased(m.OfferPresentation)
    offer_verdict = (sa.select(p.still_active_90d).where(p.call_id == call.id, p.response == "accepted",
                                                         p.still_active_90d.is_not(None))
                     .order_by(p.presented_at.desc()).limit(1).scalar_subquery())
    return sa.func.coalesce(call.still_active_90d, offer_verdict)


def _calls(session: Session, scope: Scope, saves: frozenset[str], *extra: Any,
           where: Sequence[sa.ColumnElement[bool]] = ()) -> sa.Subquery:
    """The scope's calls, one row each, with their day and corrected outcome and reason."""
    outcome_fix, reason_fix = _newest("outcome", scope), _newest("reason", scope)
    outcome = sa.func.coalesce(outcome_fix.c.value, _call.disposition_code)
    return (sa.select(_call.id.label("call_id"), _call.agent_id, sql_day(session, _call.started_at).label("day"),
                      outcome.label("outcome"),
                      sa.func.substr(sa.func.coalesce(reason_fix.c.value, _call.primary_reason_code, ""), 1,
                                     KEY_LENGTH).label("reason"),
                      sa.case((outcome.in_(saves), _verdict())).label("verdict"), *extra)
            .outerjoin(outcome_fix, outcome_fix.c.call_id == _call.id)
            .outerjoin(reason_fix, reason_fix.c.call_id == _call.id)
            .where(*scope.where(), *where).subquery())


def call_cells(session: Session, scope: Scope, kinds: Codes) -> sa.Select[Any]:
    """``dash_call_days``'s columns for the scope's calls."""
    handle = seconds(session, _call.ended_at, _call.started_at)
    wrapup = sa.case((_call.ended_at.is_not(None), seconds(session, _call.wrapup_ended_at, _call.ended_at)))
    base = _calls(session, scope, kinds.saves, handle.label("handle"), _call.ended_at.label("ended_at"),
                  wrapup.label("wrapup"),
                  sa.case((_call.ended_at.is_not(None), _call.wrapup_ended_at)).label("wrapped_at"))
    b = base.c
    saved = b.outcome.in_(kinds.saves)
    return (sa.select(b.day, b.agent_id, b.reason, sa.func.count(b.outcome).label("calls"),
                      sa.func.count(sa.case((saved, 1))).label("saves"),
                      sa.func.coalesce(sa.func.sum(b.handle), 0.0).label("handle_seconds"),
                      sa.func.count(b.ended_at).label("handled"),
                      sa.func.coalesce(sa.func.sum(b.wrapup), 0.0).label("wrapup_seconds"),
                      sa.func.count(b.wrapped_at).label("wrapped"),
                      sa.func.count(b.verdict).label("checked"),
                      sa.func.count(sa.case((b.verdict.is_(True), 1))).label("kept"))
            .group_by(b.day, b.agent_id, b.reason))


HORIZON_MONTHS = 12  # retained revenue: the customer's monthly revenue over the offers' horizon


def offer_cells(session: Session, scope: Scope, kinds: Codes) -> sa.Select[Any]:
    """``dash_offer_days``'s columns: per offer, the calls it was presented on (once each) and
    their saves; its accepted presentations on saved calls, their cost and the monthly revenue
    of the customers they kept (not found gone at the 90-day check)."""
    p, o, s = m.OfferPresentation, m.Offer, m.Subscription
    base = _calls(session, scope, kinds.saves, _call.customer_id.label("customer_id"),
                  _call.still_active_90d.label("own_verdict"))
    b = base.c
    saved = b.outcome.in_(kinds.saves)
    accepted = sa.and_(p.response == "accepted", saved)
    monthly = (sa.select(sa.func.coalesce(sa.func.sum(s.monthly_price), 0))
               .where(s.customer_id == b.customer_id, s.started_on <= b.day,
                      sa.or_(s.ended_on.is_(None), s.ended_on > b.day))
               .scalar_subquery())
    lost = sa.or_(b.own_verdict.is_(False), sa.and_(b.own_verdict.is_(None), p.still_active_90d.is_(False)))
    cost = sa.func.coalesce(p.cost, o.one_off_cost + o.monthly_cost * o.duration_months)
    return (sa.select(b.day, b.agent_id, p.offer_id,
                      sa.func.count(sa.distinct(sa.case((b.outcome.is_not(None), b.call_id)))).label("calls"),
                      sa.func.count(sa.distinct(sa.case((saved, b.call_id)))).label("saves"),
                      sa.func.count(sa.case((accepted, 1))).label("accepted"),
                      sa.func.coalesce(sa.func.sum(sa.case((accepted, cost))), 0).label("cost"),
                      sa.func.coalesce(sa.func.sum(sa.case((sa.and_(accepted, sa.not_(lost)), monthly))),
                                       0).label("monthly_revenue"))
            .select_from(base).join(p, p.call_id == b.call_id).join(o, o.id == p.offer_id)
            .group_by(b.day, b.agent_id, p.offer_id))


# Escapes that are valid JSON text but no text either database can hand back: \u0000 and a
# lone UTF-16 surrogate (PostgreSQL's ->> refuses them; SQLite returns bytes that are not
# UTF-8). Surrogate pairs are caught too (telling them apart costs a regular expression): a
# script's step and answer keys are plain words (the loader's rule), so a path holding any of
# these was written by hand: it is read as no path, alike by the rollup and the live read.
_UNREADABLE = ("\\u0000", *(f"\\ud{digit}" for digit in "89abcdef"))


def _readable(text: sa.ColumnElement[Any], position: Any) -> sa.ColumnElement[bool]:
    lowered = sa.func.lower(text)
    return sa.and_(*(position(lowered, escape) == 0 for escape in _UNREADABLE))


def _moves(session: Session, base: sa.Subquery) -> tuple[Any, sa.ColumnElement[Any], ...]:
    """(the path's moves as a table, position, step, answer) of each call's script path; a
    path that is not a list (a row written by hand) or holds an escape no text can hold has
    no moves."""
    path = base.c.script_path
    if session.get_bind().dialect.name == "postgresql":
        listed = sa.case((sa.and_(sa.func.json_typeof(path) == "array",
                                  _readable(sa.cast(path, sa.Text), sa.func.strpos)), path),
                         else_=sa.literal_column("'[]'::json"))
        moves = sa.func.json_array_elements(listed).table_valued("value", with_ordinality="n").render_derived()
        step, answer = moves.c.value.op("->>")("step"), moves.c.value.op("->>")("answer")
        position = moves.c.n
    else:
        listed = sa.case((sa.func.json_valid(path) == 0, "[]"),
                         (sa.and_(sa.func.json_type(path) == "array", _readable(path, sa.func.instr)), path),
                         else_="[]")
        moves = sa.func.json_each(listed).table_valued("value", "key", "type")
        objects = sa.case((moves.c.type == "object", moves.c.value))
        step, answer = sa.func.json_extract(objects, "$.step"), sa.func.json_extract(objects, "$.answer")
        position = moves.c.key
    return (moves, position, sa.func.substr(sa.cast(step, sa.String), 1, KEY_LENGTH),
            sa.func.substr(sa.cast(answer, sa.String), 1, KEY_LENGTH))


def funnel_cells(session: Session, scope: Scope, kinds: Codes) -> sa.Select[Any]:
    """``dash_funnel_days``'s columns: per script version, its calls (step ''), each step's
    calls that reached it (answer ''), and each step's answers, with saves and losses."""
    base = _calls(session, scope, kinds.saves, _call.script_version_id.label("version_id"),
                  _call.script_path.label("script_path"), where=[_call.script_version_id.is_not(None)])
    b = base.c
    saved, lost = b.outcome.in_(kinds.saves), b.outcome.in_(kinds.losses)
    moves, position, step, answer = _moves(session, base)
    walked = (sa.select(b.call_id, b.day, b.agent_id, b.version_id, b.outcome, position.label("n"),
                        step.label("step"), answer.label("answer"),
                        sa.func.max(position).over(partition_by=b.call_id).label("last"))
              .select_from(base).join(moves, sa.true()).subquery())
    w = walked.c
    w_saved, w_lost = w.outcome.in_(kinds.saves), w.outcome.in_(kinds.losses)
    zero = sa.literal(0)

    def distinct_calls(condition: Any = None) -> Any:
        return sa.func.count(sa.distinct(w.call_id if condition is None else sa.case((condition, w.call_id))))

    steps = (sa.select(w.day, w.agent_id, w.version_id, w.step, sa.literal("").label("answer"),
                       distinct_calls().label("calls"), distinct_calls(w_saved).label("saves"),
                       distinct_calls(w_lost).label("losses"),
                       sa.func.count(sa.case((w.n == w.last, 1))).label("ended"),
                       sa.func.sum(w.n).label("position_sum"), sa.func.count().label("moves"))
             .where(w.step.is_not(None), w.step != "").group_by(w.day, w.agent_id, w.version_id, w.step))
    answers = (sa.select(w.day, w.agent_id, w.version_id, w.step, w.answer, distinct_calls().label("calls"),
                         distinct_calls(w_saved).label("saves"), distinct_calls(w_lost).label("losses"),
                         zero.label("ended"), zero.label("position_sum"), zero.label("moves"))
               .where(w.step.is_not(None), w.step != "", w.answer.is_not(None), w.answer != "")
               .group_by(w.day, w.agent_id, w.version_id, w.step, w.answer))
    totals = (sa.select(b.day, b.agent_id, b.version_id, sa.literal("").label("step"),
                        sa.literal("").label("answer"), sa.func.count(b.outcome).label("calls"),
                        sa.func.count(sa.case((saved, 1))).label("saves"),
                        sa.func.count(sa.case((lost, 1))).label("losses"), zero.label("ended"),
                        zero.label("position_sum"), zero.label("moves"))
              .group_by(b.day, b.agent_id, b.version_id))
    union = sa.union_all(steps, answers, totals).subquery()
    return sa.select(*union.c)


def repeat_cells(session: Session, scope: Scope, _kinds: Codes | None = None) -> sa.Select[Any]:
    """``dash_repeat_days``'s columns: the scope's calls of known customers, and those whose
    customer had called (anyone, any team) in the :data:`REPEAT_DAYS` days before: each call
    after the first counts once. One look at the customer's index per call, for a call just
    before it (never a sort of everybody's week)."""
    prior = aliased(m.RetentionCall)
    if session.get_bind().dialect.name == "postgresql":
        # hours, not days: seven days of 86,400 s, whatever the session's time zone
        recent = prior.started_at >= _call.started_at - sa.literal_column(f"interval '{REPEAT_DAYS * 24} hours'")
    else:
        recent = seconds(session, _call.started_at, prior.started_at) <= REPEAT_DAYS * 86400
    repeat = sa.exists().where(prior.customer_id == _call.customer_id, prior.amends_call_id.is_(None), recent,
                               prior.started_at <= _call.started_at,
                               sa.tuple_(prior.started_at, prior.id) < sa.tuple_(_call.started_at, _call.id))
    day = sql_day(session, _call.started_at)
    return (sa.select(day.label("day"), _call.agent_id, sa.func.count().label("calls"),
                      sa.func.count(sa.case((repeat, 1))).label("repeats"))
            .where(*scope.where(), _call.customer_id.is_not(None)).group_by(day, _call.agent_id))


# table -> the query that makes its rows
CELLS = {
    m.DashCallDay: call_cells,
    m.DashOfferDay: offer_cells,
    m.DashFunnelDay: funnel_cells,
    m.DashRepeatDay: repeat_cells,
}


# --- which days the rollup covers ----------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How a range of days is read: ``rolled`` days from the rollup (but the ``dirty`` ones),
    every other day of the range (``live``) from the calls."""

    rolled: tuple[date, date] | None
    dirty: frozenset[date]
    live: tuple[date, ...]


def _all_days(first: date, last: date) -> tuple[date, ...]:
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def coverage(session: Session, first: date, last: date, kinds: Codes) -> Coverage:
    """Which days of ``first``..``last`` the rollup answers for (PostgreSQL, once the job has
    run with today's save and loss codes); the rest are read from the calls."""
    if session.get_bind().dialect.name != "postgresql":
        return Coverage(None, frozenset(), _all_days(first, last))
    state = session.execute(sa.select(m.DashRollup.through, m.DashRollup.codes)
                            .where(m.DashRollup.id == 1)).first()
    if state is None or state.through is None or state.codes != kinds.fingerprint or state.through < first:
        return Coverage(None, frozenset(), _all_days(first, last))
    through = min(last, state.through)
    dd = m.DashDirtyDay
    dirty = frozenset(session.scalars(sa.select(dd.day).where(dd.day >= first, dd.day <= through).distinct()))
    live = tuple(sorted(dirty)) + (_all_days(through + timedelta(days=1), last) if through < last else ())
    return Coverage((first, through), dirty, live)


# --- the job ---------------------------------------------------------------------------------


def refresh(session: Session, today: date) -> int:
    """Roll up every day before ``today`` (Israel) that is new or marked, and remove the marks
    it did; a first run, or one after the save and loss codes changed, does every day again.
    Returns the number of days rolled. PostgreSQL only (SQLite's dashboards read the calls)."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    if not session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(LOCK))):
        return 0  # a run is at it (a first one takes minutes): the next minute's will follow
    now = datetime.now(UTC)
    kinds = codes(session)
    state_table = m.DashRollup.__table__
    session.execute(postgresql.insert(state_table).values(id=1, through=None, codes="", rolled_at=now)
                    .on_conflict_do_nothing())
    state = session.execute(sa.select(m.DashRollup.through, m.DashRollup.codes).where(m.DashRollup.id == 1)
                            .with_for_update()).one()  # one job at a time
    yesterday = today - timedelta(days=1)
    dd = m.DashDirtyDay
    # The marks are taken now, in one statement on the server (a bulk load with the triggers
    # on leaves tens of millions): a change that commits after this statement keeps its mark,
    # and its day is read from the calls until the next run. Nobody else deletes marks (the
    # lock above), and the deletion shows only when this transaction commits with the rollup.
    taken = sa.delete(dd).where(dd.day <= yesterday).returning(dd.day).cte("taken")
    marked = set(session.scalars(sa.select(taken.c.day).distinct()))
    full = state.through is None or state.codes != kinds.fingerprint
    if full:
        for table in CELLS:
            session.execute(sa.delete(table))
        first = session.scalar(sa.select(sa.func.min(_call.started_at)).where(_call.amends_call_id.is_(None)))
        days = set(_all_days(israel_day(first), yesterday)) if first is not None and israel_day(first) <= yesterday \
            else set()
    else:
        days = set(marked)
        if state.through < yesterday:
            days |= set(_all_days(state.through + timedelta(days=1), yesterday))
    failed: set[date] = set()
    for first_day, last_day in runs(days, CHUNK_DAYS):
        if not _rolled(session, first_day, last_day, kinds):
            # Data the queries did not expect: done a day at a time, so only the day that
            # fails stays marked (read from the calls, always right; one mark, not one a run).
            if first_day == last_day:
                failed.add(first_day)
                continue
            for day in _all_days(first_day, last_day):
                if not _rolled(session, day, day, kinds):
                    failed.add(day)
    if failed:  # marked again, once each: read from the calls until a run rolls them
        session.execute(sa.insert(dd), [{"day": day} for day in sorted(failed)])
    session.execute(sa.update(state_table).where(state_table.c.id == 1)
                    .values(through=yesterday if full else max(yesterday, state.through), codes=kinds.fingerprint,
                            rolled_at=now))
    return len(days - failed)


def _rolled(session: Session, first_day: date, last_day: date, kinds: Codes) -> bool:
    """Roll these days in a savepoint; False (and nothing of them changed) when the data makes
    a query fail, with a line in the log saying which days and why."""
    scope = Scope(tuple(instants(_all_days(first_day, last_day))))
    try:
        with session.begin_nested():
            for table, cells in CELLS.items():
                session.execute(sa.delete(table).where(table.day >= first_day, table.day <= last_day))
                query = cells(session, scope, kinds)
                session.execute(sa.insert(table).from_select([c.name for c in query.selected_columns], query))
    except sa.exc.DBAPIError as exc:
        if is_temporary(exc):
            raise
        why = (str(exc.orig).strip().splitlines() or [""])[0][:300]
        log.warning("dashboard rollup: days %s to %s left to be read from the calls: %s", first_day, last_day, why)
        return False
    return True
