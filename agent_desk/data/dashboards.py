"""The team lead's dashboards and the script funnel: figures over millions of calls. Qt-free.

Every function takes the caller's Session and reads what that login may see (row-level
security on PostgreSQL); :class:`DashboardService` adds the lead's team scope, as the call log
does. How each figure is defined, and the confidence interval's method: ``docs/dashboards.md``.

How they stay fast, and right about corrections:

* One set-based query per figure groups the calls of the window by **Israeli calendar day**
  and by the figure's group (agent, team, reason, offer), on the calls' *own* columns. Days are
  folded into weeks (Sunday first) and months here, so the database never sorts millions of
  rows and both databases bucket the same way (SQLite gets a small SQL function for the day).
* Corrections are rare rows of their own (``call_corrections``). Each figure then reads the
  corrected calls of its window alone, and moves each from what its own columns said to what
  its newest correction says (:func:`agent_desk.data.call_log.effective_value`): the same rule
  as the call log's, so **every figure counts the corrected outcome and reason**.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import call_log as cl
from agent_desk.data import models as m
from agent_desk.wrapup import ISRAEL

# A dashboard covers at most about three years; a daily one at most a year of days.
MAX_DAYS = 3 * 366
MAX_DAILY_DAYS = 366
# A save counts when the customer is still active this many days later (offers/service.py).
SAVE_CHECK_DAYS = 90
# Retained revenue: the customer's monthly revenue over the offers' horizon (offers/ranking.py).
HORIZON_MONTHS = 12
# A call is a repeat contact when the same customer called within this many days before it.
REPEAT_DAYS = 7
# 95% two-sided normal quantile.
Z95 = 1.959963984540054

_call = m.RetentionCall


class DashboardError(ValueError):
    """A dashboard that cannot be drawn as asked: the message says what to change."""


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Dimension(StrEnum):
    """What a figure's lines are: the whole floor (or team), or one line per agent, team..."""

    ALL = "all"
    AGENT = "agent"
    TEAM = "team"
    REASON = "reason"
    OFFER = "offer"


@dataclass(frozen=True)
class DashboardFilter:
    """Israeli calendar days ``date_from``..``date_to`` (both included), bucketed by ``period``."""

    date_from: date
    date_to: date
    period: Period = Period.WEEK
    team_id: uuid.UUID | None = None

    def check(self) -> DashboardFilter:
        if self.date_from > self.date_to:
            raise DashboardError("the start date is after the end date")
        days = (self.date_to - self.date_from).days + 1
        if days > MAX_DAYS:
            raise DashboardError(f"a dashboard covers at most {MAX_DAYS} days")
        if self.period is Period.DAY and days > MAX_DAILY_DAYS:
            raise DashboardError(f"a daily dashboard covers at most {MAX_DAILY_DAYS} days; pick weeks or months")
        return self

    def window(self) -> tuple[datetime, datetime]:
        """The UTC instants [start, end) of the Israeli days covered."""
        start = datetime.combine(self.date_from, time.min, tzinfo=ISRAEL).astimezone(UTC)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=ISRAEL).astimezone(UTC)
        return start, end

    def buckets(self) -> tuple[date, ...]:
        """Every bucket of the range, in order (empty ones included: a chart needs the gaps)."""
        out: list[date] = []
        day = self.date_from
        while day <= self.date_to:
            b = bucket_of(day, self.period)
            if not out or out[-1] != b:
                out.append(b)
            day += timedelta(days=1)
        return tuple(out)


def bucket_of(day: date, period: Period) -> date:
    """The first day of ``day``'s bucket: itself, its week's Sunday, its month's 1st."""
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=(day.weekday() + 1) % 7)  # Monday=0 ... Sunday=6 -> 0
    return day.replace(day=1)


def israel_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ISRAEL).date()


def _sqlite_israel_day(value: str | None) -> str | None:
    if value is None:
        return None
    return israel_day(datetime.fromisoformat(value)).isoformat()


def _day(session: Session, column: Any) -> sa.ColumnElement[Any]:
    """The Israeli calendar day of a UTC timestamp column, in SQL."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("Asia/Jerusalem", column), sa.Date)
    raw = session.connection().connection.dbapi_connection
    raw.create_function("desk_israel_day", 1, _sqlite_israel_day, deterministic=True)
    return sa.func.desk_israel_day(column)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _seconds(session: Session, later: Any, earlier: Any) -> sa.ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return sa.extract("epoch", later - earlier)
    return (sa.func.julianday(later) - sa.func.julianday(earlier)) * 86400.0


# --- the figures' shapes -------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One line of a figure: an agent, a team, a reason, an offer ('' for the whole floor)."""

    key: str
    label_he: str
    label_en: str


@dataclass(frozen=True)
class Point:
    """What one group did in one bucket. Which fields mean something depends on the figure."""

    bucket: date
    group: str
    calls: int = 0
    saves: int = 0
    handle_seconds: float = 0.0
    handled: int = 0  # calls with an end time (the handle time's denominator)
    wrapup_seconds: float = 0.0
    wrapped: int = 0
    checked: int = 0  # saves whose 90-day verdict is in
    kept: int = 0  # ... of which the customer was still active
    cost: Decimal = Decimal(0)
    revenue: Decimal = Decimal(0)
    repeats: int = 0

    @property
    def save_rate(self) -> float | None:
        return self.saves / self.calls if self.calls else None

    @property
    def avg_handle(self) -> float | None:
        return self.handle_seconds / self.handled if self.handled else None

    @property
    def avg_wrapup(self) -> float | None:
        return self.wrapup_seconds / self.wrapped if self.wrapped else None

    @property
    def kept_rate(self) -> float | None:
        return self.kept / self.checked if self.checked else None

    @property
    def repeat_rate(self) -> float | None:
        return self.repeats / self.calls if self.calls else None

    @property
    def net(self) -> Decimal:
        return self.revenue - self.cost

    def plus(self, other: Point) -> Point:
        return replace(self, **{f: getattr(self, f) + getattr(other, f) for f in _SUMMED})


_SUMMED = ("calls", "saves", "handle_seconds", "handled", "wrapup_seconds", "wrapped", "checked", "kept",
           "cost", "revenue", "repeats")


@dataclass(frozen=True)
class Figure:
    """A figure over a range: its buckets, its groups (lines) and a point per bucket and group
    that had anything. ``totals`` has one point per group over the whole range."""

    name: str
    flt: DashboardFilter
    dimension: Dimension
    buckets: tuple[date, ...]
    groups: tuple[Group, ...]
    points: tuple[Point, ...]
    totals: tuple[Point, ...] = ()

    def point(self, bucket: date, group: str) -> Point | None:
        for p in self.points:
            if p.bucket == bucket and p.group == group:
                return p
        return None

    def total(self, group: str = "") -> Point | None:
        for p in self.totals:
            if p.group == group:
                return p
        return None


class _Acc:
    """Points being summed by (bucket, group), then frozen into a :class:`Figure`."""

    def __init__(self, flt: DashboardFilter) -> None:
        self.flt = flt
        self.cells: dict[tuple[date, str], dict[str, Any]] = defaultdict(lambda: defaultdict(int))

    def add(self, day: Any, group: Any, sign: int = 1, **measures: Any) -> None:
        cell = self.cells[(bucket_of(_as_date(day), self.flt.period), "" if group is None else str(group))]
        for name, value in measures.items():
            if value is not None:
                cell[name] = cell[name] + sign * value

    def figure(self, name: str, dimension: Dimension, labels: dict[str, tuple[str, str]]) -> Figure:
        points = []
        totals: dict[str, Point] = {}
        for (bucket, group), cell in sorted(self.cells.items()):
            values = {k: (Decimal(v) if k in ("cost", "revenue") else v) for k, v in cell.items()}
            p = Point(bucket, group, **values)
            if not any(getattr(p, f) for f in _SUMMED):
                continue
            points.append(p)
            totals[group] = totals[group].plus(p) if group in totals else replace(p, bucket=self.flt.date_from)
        keys = sorted(totals, key=lambda k: (labels.get(k, (k, k))[1].lower(), k))
        groups = tuple(Group(k, *labels.get(k, (k, k))) for k in keys)
        return Figure(name, self.flt, dimension, self.flt.buckets(), groups, tuple(points),
                      tuple(totals[k] for k in keys))


# --- what every figure shares ----------------------------------------------------------


def _save_codes(session: Session) -> set[str]:
    return set(session.scalars(sa.select(m.Disposition.code).where(m.Disposition.counts_as_save.is_(True))))


def _where(flt: DashboardFilter) -> list[sa.ColumnElement[bool]]:
    start, end = flt.check().window()
    where: list[sa.ColumnElement[bool]] = [_call.amends_call_id.is_(None), _call.started_at >= start,
                                           _call.started_at < end]
    if flt.team_id is not None:
        where.append(_call.agent_id.in_(sa.select(m.Agent.id).where(m.Agent.team_id == flt.team_id)))
    return where


def _prepare(session: Session, flt: DashboardFilter) -> list[sa.ColumnElement[bool]]:
    """The window's conditions, with the team's agents as a list (the planner then knows how
    many calls they have; a subquery it guesses at one agent). On PostgreSQL, no JIT: these
    aggregates run in tens of milliseconds, and compiling them would take longer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL jit = off"))
    where = _where(replace(flt, team_id=None))
    if flt.team_id is not None:
        team = list(session.scalars(sa.select(m.Agent.id).where(m.Agent.team_id == flt.team_id)))
        where.append(_call.agent_id.in_(team) if team else sa.false())
    return where


def _group_column(dimension: Dimension) -> Any:
    return {Dimension.ALL: sa.literal(""), Dimension.AGENT: _call.agent_id, Dimension.TEAM: m.Agent.team_id,
            Dimension.REASON: _call.primary_reason_code}[dimension]


def _labels(session: Session, dimension: Dimension) -> dict[str, tuple[str, str]]:
    if dimension is Dimension.AGENT:
        return {str(i): (n, n) for i, n in session.execute(sa.select(m.Agent.id, m.Agent.display_name))}
    if dimension is Dimension.TEAM:
        return {str(i): (n, n) for i, n in session.execute(sa.select(m.Team.id, m.Team.name))}
    if dimension is Dimension.REASON:
        r = m.CancellationReason
        return {c: (he, en) for c, he, en in session.execute(sa.select(r.code, r.label_he, r.label_en))}
    if dimension is Dimension.OFFER:
        o = m.Offer
        return {str(i): (he, en) for i, he, en in session.execute(sa.select(o.id, o.title_he, o.title_en))}
    return {"": ("כל השיחות", "All calls")}


@dataclass(frozen=True)
class _Corrected:
    """A corrected call of the window: its own values and its effective (corrected) ones."""

    id: uuid.UUID
    started_at: datetime
    agent_id: uuid.UUID
    team_id: uuid.UUID | None
    own_outcome: str | None
    outcome: str | None
    own_reason: str | None
    reason: str | None
    verdict: bool | None
    offers: tuple[str, ...] = field(default=())

    def group(self, dimension: Dimension, effective: bool) -> str:
        if dimension is Dimension.AGENT:
            return str(self.agent_id)
        if dimension is Dimension.TEAM:
            return "" if self.team_id is None else str(self.team_id)
        if dimension is Dimension.REASON:
            return (self.reason if effective else self.own_reason) or ""
        return ""


def _verdict(call: Any = _call) -> sa.ColumnElement[Any]:
    """The 90-day verdict of a call: its own column, else its accepted offer's (the daily
    ``offers check-saves`` job writes the offer's)."""
    p = m.OfferPresentation
    offer_verdict = (sa.select(p.still_active_90d).where(p.call_id == call.id, p.response == "accepted",
                                                         p.still_active_90d.is_not(None))
                     .order_by(p.presented_at.desc()).limit(1).scalar_subquery())
    return sa.func.coalesce(call.still_active_90d, offer_verdict)


def _corrected_calls(session: Session, where: list[sa.ColumnElement[bool]], flt: DashboardFilter) -> list[_Corrected]:
    """The window's calls with an outcome or reason correction (few: read one by one's values).
    A correction carries its call's start, so the window is read from the corrections' side."""
    cc = m.CallCorrection
    start, end = flt.window()
    touched = sa.select(cc.call_id).where(cc.field.in_(("outcome", "reason")), cc.call_started_at >= start,
                                          cc.call_started_at < end)
    rows = session.execute(
        sa.select(_call.id, _call.started_at, _call.agent_id, m.Agent.team_id, _call.disposition_code,
                  cl.effective_value("outcome").label("outcome"), _call.primary_reason_code,
                  cl.effective_value("reason").label("reason"), _verdict().label("verdict"))
        .join(m.Agent, m.Agent.id == _call.agent_id)
        .where(*where, _call.id.in_(touched))
    ).all()
    offers: dict[uuid.UUID, set[str]] = defaultdict(set)
    if rows:
        p = m.OfferPresentation
        for call_id, offer_id in session.execute(sa.select(p.call_id, p.offer_id)
                                                 .where(p.call_id.in_([r.id for r in rows]))):
            offers[call_id].add(str(offer_id))
    return [_Corrected(r.id, r.started_at, r.agent_id, r.team_id, r.disposition_code, r.outcome,
                       r.primary_reason_code, r.reason, r.verdict, tuple(sorted(offers[r.id]))) for r in rows]


# --- save rate, handle and wrap-up time ----------------------------------------------------


def call_figures(session: Session, flt: DashboardFilter, dimension: Dimension = Dimension.ALL) -> Figure:
    """Per bucket and group: calls with an outcome, saves among them (the save rate), and the
    average handle (answer to hang-up) and wrap-up (hang-up to wrap-up done) times.

    ``dimension`` OFFER gives the save rate of the calls on which each offer was presented.
    """
    if dimension is Dimension.OFFER:
        return _offer_rates(session, flt)
    flt = flt.check()
    saves = _save_codes(session)
    where = _prepare(session, flt)
    day = _day(session, _call.started_at)
    group = _group_column(dimension)
    handle = _seconds(session, _call.ended_at, _call.started_at)
    wrapup = _seconds(session, _call.wrapup_ended_at, _call.ended_at)
    query = (
        sa.select(day.label("day"), group.label("grp"), sa.func.count(_call.disposition_code),
                  sa.func.count(sa.case((_call.disposition_code.in_(saves), 1))),
                  sa.func.sum(handle), sa.func.count(_call.ended_at),
                  sa.func.sum(sa.case((_call.ended_at.is_not(None), wrapup))),
                  sa.func.count(sa.case((_call.ended_at.is_not(None), _call.wrapup_ended_at))))
        .where(*where).group_by(day, group)
    )
    if dimension is Dimension.TEAM:
        query = query.join(m.Agent, m.Agent.id == _call.agent_id)
    acc = _Acc(flt)
    for row in session.execute(query):
        acc.add(row[0], row[1], calls=row[2], saves=row[3], handle_seconds=float(row[4] or 0), handled=row[5],
                wrapup_seconds=float(row[6] or 0), wrapped=row[7])
    for c in _corrected_calls(session, where, flt):
        day_of = israel_day(c.started_at)
        acc.add(day_of, c.group(dimension, False), -1, calls=int(c.own_outcome is not None),
                saves=int(c.own_outcome in saves))
        acc.add(day_of, c.group(dimension, True), calls=int(c.outcome is not None), saves=int(c.outcome in saves))
    return acc.figure("calls", dimension, _labels(session, dimension))


def _offer_rates(session: Session, flt: DashboardFilter) -> Figure:
    flt = flt.check()
    saves = _save_codes(session)
    where = _prepare(session, flt)
    p = m.OfferPresentation
    day = _day(session, _call.started_at)
    # One row per call and offer (an offer presented twice on a call counts once).
    per_call = (sa.select(day.label("day"), p.offer_id.label("offer_id"), _call.id.label("call_id"),
                          _call.disposition_code.label("outcome"))
                .join(_call, _call.id == p.call_id).where(*where).distinct().subquery())
    query = (sa.select(per_call.c.day, per_call.c.offer_id, sa.func.count(per_call.c.outcome),
                       sa.func.count(sa.case((per_call.c.outcome.in_(saves), 1))))
             .group_by(per_call.c.day, per_call.c.offer_id))
    acc = _Acc(flt)
    for d_, offer, calls, saved in session.execute(query):
        acc.add(d_, offer, calls=calls, saves=saved)
    for c in _corrected_calls(session, where, flt):
        for offer in c.offers:
            acc.add(israel_day(c.started_at), offer, -1, calls=int(c.own_outcome is not None),
                    saves=int(c.own_outcome in saves))
            acc.add(israel_day(c.started_at), offer, calls=int(c.outcome is not None), saves=int(c.outcome in saves))
    return acc.figure("offer_rates", Dimension.OFFER, _labels(session, Dimension.OFFER))


# --- saves still active after 90 days ------------------------------------------------------


def saves_kept(session: Session, flt: DashboardFilter, dimension: Dimension = Dimension.ALL) -> Figure:
    """Per bucket and group: saves (corrected outcome) whose 90-day check is in (``checked``)
    and those whose customer was still active then (``kept``). Saves under 90 days old, or not
    checked yet, are in neither. ``calls`` is every save of the bucket, checked or not."""
    if dimension is Dimension.OFFER:
        raise DashboardError("saves kept are shown by agent, team or reason")
    flt = flt.check()
    saves = _save_codes(session)
    where = _prepare(session, flt)
    day = _day(session, _call.started_at)
    group = _group_column(dimension)
    p = m.OfferPresentation
    acc = _Acc(flt)
    # The verdict on the call itself, else on its accepted offer: two plain aggregates.
    own = (sa.select(day, group, sa.func.count(), sa.func.count(_call.still_active_90d),
                     sa.func.count(sa.case((_call.still_active_90d.is_(True), 1))))
           .where(*where, _call.disposition_code.in_(saves)).group_by(day, group))
    by_offer = (sa.select(day, group, sa.func.count(), sa.func.count(sa.case((p.still_active_90d.is_(True), 1))))
                .join(_call, _call.id == p.call_id)
                .where(*where, _call.disposition_code.in_(saves), _call.still_active_90d.is_(None),
                       p.response == "accepted", p.still_active_90d.is_not(None))
                .group_by(day, group))
    if dimension is Dimension.TEAM:
        own = own.join(m.Agent, m.Agent.id == _call.agent_id)
        by_offer = by_offer.join(m.Agent, m.Agent.id == _call.agent_id)
    for d_, g, n, checked, kept in session.execute(own):
        acc.add(d_, g, calls=n, checked=checked, kept=kept)
    for d_, g, checked, kept in session.execute(by_offer):
        acc.add(d_, g, checked=checked, kept=kept)
    for c in _corrected_calls(session, where, flt):
        day_of = israel_day(c.started_at)
        for sign, effective, outcome in ((-1, False, c.own_outcome), (1, True, c.outcome)):
            if outcome in saves:
                acc.add(day_of, c.group(dimension, effective), sign, calls=1, checked=int(c.verdict is not None),
                        kept=int(c.verdict is True))
    return acc.figure("saves_kept", dimension, _labels(session, dimension))


# --- offer cost against retained revenue ---------------------------------------------------


def offer_value(session: Session, flt: DashboardFilter) -> Figure:
    """Per bucket and offer: offers accepted on saved calls (``saves``), what they cost, and the
    revenue they kept: the customer's monthly revenue on the call's day over
    :data:`HORIZON_MONTHS`, for saves not found gone at the 90-day check. ``net`` = revenue - cost.
    """
    flt = flt.check()
    saves = _save_codes(session)
    where = _prepare(session, flt)
    p, o, s = m.OfferPresentation, m.Offer, m.Subscription
    day = _day(session, _call.started_at)
    call_day = day  # subscriptions running on the call's Israeli day
    monthly = (sa.select(sa.func.coalesce(sa.func.sum(s.monthly_price), 0))
               .where(s.customer_id == _call.customer_id, s.started_on <= call_day,
                      sa.or_(s.ended_on.is_(None), s.ended_on > call_day))
               .scalar_subquery())
    cost = sa.func.coalesce(p.cost, o.one_off_cost + o.monthly_cost * o.duration_months)
    lost = sa.or_(_call.still_active_90d.is_(False),
                  sa.and_(_call.still_active_90d.is_(None), p.still_active_90d.is_(False)))
    query = (sa.select(day, p.offer_id, sa.func.count(), sa.func.sum(cost),
                       sa.func.sum(sa.case((lost, 0), else_=monthly)))
             .join(_call, _call.id == p.call_id).join(o, o.id == p.offer_id)
             .where(*where, p.response == "accepted", _call.disposition_code.in_(saves))
             .group_by(day, p.offer_id))
    acc = _Acc(flt)
    for d_, offer, n, total_cost, month_revenue in session.execute(query):
        acc.add(d_, offer, saves=n, cost=Decimal(total_cost or 0),
                revenue=Decimal(month_revenue or 0) * HORIZON_MONTHS)
    corrected = _corrected_calls(session, where, flt)
    moved = [c for c in corrected if (c.own_outcome in saves) != (c.outcome in saves)]
    if moved:  # a correction made a save of a loss or the other way: that call's offers move too
        for r in session.execute(
            sa.select(_call.id, _call.started_at, p.offer_id, cost, sa.case((lost, 0), else_=monthly))
            .join(_call, _call.id == p.call_id).join(o, o.id == p.offer_id)
            .where(_call.id.in_([c.id for c in moved]), p.response == "accepted")
        ):
            sign = 1 if next(c for c in moved if c.id == r[0]).outcome in saves else -1
            acc.add(israel_day(r[1]), r[2], sign, saves=1, cost=Decimal(r[3] or 0),
                    revenue=Decimal(r[4] or 0) * HORIZON_MONTHS)
    return acc.figure("offer_value", Dimension.OFFER, _labels(session, Dimension.OFFER))


# --- repeat contacts ---------------------------------------------------------------------


def repeat_contacts(session: Session, flt: DashboardFilter) -> Figure:
    """Per bucket: calls of known customers (``calls``) and those whose customer had called in
    the :data:`REPEAT_DAYS` days before (``repeats``): each call after the first counts once."""
    flt = flt.check()
    start, end = flt.window()
    before = start - timedelta(days=REPEAT_DAYS)
    where = [_call.amends_call_id.is_(None), _call.customer_id.is_not(None), _call.started_at >= before,
             _call.started_at < end]
    _prepare(session, replace(flt, team_id=None))
    mine: sa.ColumnElement[bool] = sa.true()
    if flt.team_id is not None:  # the team's calls count; the earlier call may be anyone's
        team = list(session.scalars(sa.select(m.Agent.id).where(m.Agent.team_id == flt.team_id)))
        mine = _call.agent_id.in_(team) if team else sa.false()
    previous = sa.func.lag(_call.started_at).over(partition_by=_call.customer_id,
                                                  order_by=(_call.started_at, _call.id))
    inner = sa.select(_call.started_at.label("at"), previous.label("prev"), mine.label("mine")).where(*where).subquery()
    day = _day(session, inner.c.at)
    gap = _seconds(session, inner.c.at, inner.c.prev)
    query = (sa.select(day, sa.func.count(), sa.func.count(sa.case((gap <= REPEAT_DAYS * 86400, 1))))
             .where(inner.c.at >= start, inner.c.mine).group_by(day))
    acc = _Acc(flt)
    for d_, calls, repeats in session.execute(query):
        acc.add(d_, "", calls=calls, repeats=repeats)
    return acc.figure("repeat_contacts", Dimension.ALL, _labels(session, Dimension.ALL))


# --- the script funnel -------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelAnswer:
    """Calls that gave ``answer`` at a step, and how they ended (corrected outcomes)."""

    answer: str
    label_he: str
    label_en: str
    calls: int
    saves: int
    losses: int  # ended cancelled

    @property
    def save_rate(self) -> float | None:
        return self.saves / self.calls if self.calls else None


@dataclass(frozen=True)
class FunnelStep:
    """A step of the script: calls that reached it, and those whose walk ended on it."""

    step: str
    label_he: str
    label_en: str
    reached: int
    saves: int
    losses: int
    ended_here: int
    answers: tuple[FunnelAnswer, ...]

    @property
    def save_rate(self) -> float | None:
        return self.saves / self.reached if self.reached else None


@dataclass(frozen=True)
class Funnel:
    version_id: uuid.UUID
    title_he: str
    title_en: str
    version: int
    calls: int  # calls on this version with an outcome
    saves: int
    losses: int
    steps: tuple[FunnelStep, ...]

    @property
    def save_rate(self) -> float | None:
        return self.saves / self.calls if self.calls else None


def _path_rows(session: Session, where: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    """(call id, position, step, answer, own outcome) for every move of every call's path."""
    if session.get_bind().dialect.name == "postgresql":
        moves = (sa.func.json_array_elements(_call.script_path)
                 .table_valued("value", with_ordinality="n").render_derived())
        step = moves.c.value.op("->>")("step")
        answer = moves.c.value.op("->>")("answer")
        position = moves.c.n
    else:
        moves = sa.func.json_each(_call.script_path).table_valued("value", "key")
        step = sa.func.json_extract(moves.c.value, "$.step")
        answer = sa.func.json_extract(moves.c.value, "$.answer")
        position = moves.c.key
    return (sa.select(_call.id.label("call_id"), position.label("n"), step.label("step"), answer.label("answer"),
                      _call.disposition_code.label("outcome"))
            .select_from(_call).join(moves, sa.true()).where(*where))


def funnel(session: Session, version_id: uuid.UUID, flt: DashboardFilter) -> Funnel:
    """Where the calls on one script version were won or lost: per step, the calls that reached
    it, their saves and cancellations, the calls that ended there, and each answer's outcome."""
    flt = flt.check()
    version = session.get(m.CallScriptVersion, version_id)
    if version is None:
        raise DashboardError("no such script version")
    saves = _save_codes(session)
    losses = set(session.scalars(sa.select(m.Disposition.code).where(m.Disposition.is_cancellation.is_(True))))
    where = [*_prepare(session, flt), _call.script_version_id == version_id]
    moves = _path_rows(session, where).subquery()
    is_save = moves.c.outcome.in_(saves)
    is_loss = moves.c.outcome.in_(losses)
    # Per step: distinct calls (a step walked twice, after Back, counts once) and first position.
    per_step = session.execute(
        sa.select(moves.c.step, sa.func.count(sa.distinct(moves.c.call_id)),
                  sa.func.count(sa.distinct(sa.case((is_save, moves.c.call_id)))),
                  sa.func.count(sa.distinct(sa.case((is_loss, moves.c.call_id)))),
                  sa.func.min(moves.c.n), sa.func.avg(sa.cast(moves.c.n, sa.Float)))
        .where(moves.c.step.is_not(None)).group_by(moves.c.step)
    ).all()
    per_answer = session.execute(
        sa.select(moves.c.step, moves.c.answer, sa.func.count(sa.distinct(moves.c.call_id)),
                  sa.func.count(sa.distinct(sa.case((is_save, moves.c.call_id)))),
                  sa.func.count(sa.distinct(sa.case((is_loss, moves.c.call_id)))))
        .where(moves.c.step.is_not(None), moves.c.answer.is_not(None)).group_by(moves.c.step, moves.c.answer)
    ).all()
    last = sa.select(moves.c.call_id, sa.func.max(moves.c.n).label("n")).group_by(moves.c.call_id).subquery()
    ended = dict(session.execute(
        sa.select(moves.c.step, sa.func.count()).join(last, sa.and_(last.c.call_id == moves.c.call_id,
                                                                    last.c.n == moves.c.n))
        .group_by(moves.c.step)).all())
    totals = session.execute(
        sa.select(sa.func.count(_call.disposition_code), sa.func.count(sa.case((_call.disposition_code.in_(saves), 1))),
                  sa.func.count(sa.case((_call.disposition_code.in_(losses), 1)))).where(*where)).one()
    steps: dict[str, list[Any]] = {r[0]: [r[1], r[2], r[3], r[4], r[5]] for r in per_step}
    answers: dict[tuple[str, str], list[int]] = {(r[0], r[1]): [r[2], r[3], r[4]] for r in per_answer}
    calls_n, saves_n, losses_n = totals
    # Corrections: a corrected call's steps and answers move from its own outcome to the new one.
    corrected = [c for c in _corrected_calls(session, where, flt) if c.own_outcome != c.outcome]
    if corrected:
        fixed = {c.id: c for c in corrected}
        paths = dict(session.execute(sa.select(_call.id, _call.script_path).where(_call.id.in_(list(fixed)))).all())
        for call_id, c in fixed.items():
            walked = [mv for mv in (paths.get(call_id) or []) if isinstance(mv, dict) and mv.get("step")]
            delta_save = int(c.outcome in saves) - int(c.own_outcome in saves)
            delta_loss = int(c.outcome in losses) - int(c.own_outcome in losses)
            calls_n += int(c.outcome is not None) - int(c.own_outcome is not None)
            saves_n += delta_save
            losses_n += delta_loss
            for step_id in {str(mv["step"]) for mv in walked}:
                if step_id in steps:
                    steps[step_id][1] += delta_save
                    steps[step_id][2] += delta_loss
            for pair in {(str(mv["step"]), str(mv["answer"])) for mv in walked if mv.get("answer") is not None}:
                if pair in answers:
                    answers[pair][1] += delta_save
                    answers[pair][2] += delta_loss
    label = _script_step_labels(session, version_id)
    out = []
    for step_id, (reached, s_n, l_n, _first, _avg) in sorted(steps.items(), key=lambda kv: (kv[1][4], kv[0])):
        step_he, step_en = label(step_id, None)
        step_answers = []
        for (sid, answer), (n, s_a, l_a) in sorted(answers.items(), key=lambda kv: -kv[1][0]):
            if sid == step_id:
                a_he, a_en = label(step_id, answer)
                step_answers.append(FunnelAnswer(answer, a_he, a_en, n, s_a, l_a))
        out.append(FunnelStep(step_id, step_he, step_en, reached, s_n, l_n, ended.get(step_id, 0),
                              tuple(step_answers)))
    return Funnel(version.id, version.title_he, version.title_en, version.version, calls_n, saves_n, losses_n,
                  tuple(out))


def _script_step_labels(session: Session, version_id: uuid.UUID) -> Callable[[str, str | None], tuple[str, str]]:
    """(Hebrew, English) of a step (answer None) or of an answer at a step; ids when unknown.

    A funnel sums many agents' and customers' calls, so a gendered form in a label takes its
    first (masculine) form, Hebrew's generic wording, never a slash form.
    """
    from agent_desk.scripts.publish import load_version  # the loader is heavy; only here
    from agent_desk.scripts.variables import GENDERED

    try:
        script = load_version(session, version_id)
    except Exception:  # noqa: BLE001 - an old or broken script still shows its ids
        script = None

    def plain(text: str | None) -> str | None:
        return GENDERED.sub(lambda match: match.group(2), text) if text else text

    def labels(step_id: str, answer: str | None) -> tuple[str, str]:
        step = script.steps.get(step_id) if script is not None else None
        if step is None:
            return (step_id, step_id) if answer is None else (answer, answer)
        if answer is None:
            text = step.title or step.text
            return plain(text.get("he")) or step_id, plain(text.get("en")) or step_id
        for option in step.answers:
            if option.key == answer:
                return plain(option.label.get("he")) or answer, plain(option.label.get("en")) or answer
        return answer, answer

    return labels


@dataclass(frozen=True)
class ScriptVersionChoice:
    id: uuid.UUID
    script_key: str
    version: int
    title_he: str
    title_en: str


def script_versions(session: Session) -> list[ScriptVersionChoice]:
    s = m.CallScriptVersion
    return [ScriptVersionChoice(*r) for r in session.execute(
        sa.select(s.id, s.script_key, s.version, s.title_he, s.title_en).order_by(s.script_key, s.version.desc()))]


# --- two versions side by side -------------------------------------------------------------


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion (0, 1 for n = 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_difference(s1: int, n1: int, s2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """p1 - p2 and its confidence interval by Newcombe's hybrid score method (his method 10,
    Statistics in Medicine 1998): from each proportion's Wilson interval. Needs n1, n2 > 0."""
    if n1 <= 0 or n2 <= 0:
        raise DashboardError("each version needs calls with an outcome to compare")
    p1, p2 = s1 / n1, s2 / n2
    l1, u1 = wilson(s1, n1, z)
    l2, u2 = wilson(s2, n2, z)
    diff = p1 - p2
    return diff, diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


@dataclass(frozen=True)
class Comparison:
    """Version B against version A: B's save rate minus A's, with its 95% interval."""

    a: Funnel
    b: Funnel
    difference: float | None
    low: float | None
    high: float | None

    @property
    def significant(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def compare(session: Session, version_a: uuid.UUID, version_b: uuid.UUID, flt: DashboardFilter) -> Comparison:
    a, b = funnel(session, version_a, flt), funnel(session, version_b, flt)
    if a.calls and b.calls:
        diff, low, high = newcombe_difference(b.saves, b.calls, a.saves, a.calls)
        return Comparison(a, b, diff, low, high)
    return Comparison(a, b, None, None, None)


# --- the service the screens use ---------------------------------------------------------


FIGURES = ("save_rate", "handle_time", "saves_kept", "offer_value", "repeat_contacts")


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard screen draws for one filter and one grouping."""

    flt: DashboardFilter
    dimension: Dimension
    calls: Figure  # save rate and handle/wrap-up time by ``dimension``
    kept: Figure
    offers: Figure
    repeats: Figure


@dataclass
class DashboardService:
    """The dashboards' reads for one signed-in person, each in its own unit of work.

    Attributes:
        factory: makes a Session (the person's own login on PostgreSQL).
        team_id: a team lead's team: every figure is that team's (None: every team).
    """

    factory: Callable[[], Session]
    team_id: uuid.UUID | None = None

    def _scoped(self, flt: DashboardFilter) -> DashboardFilter:
        return flt if self.team_id is None else replace(flt, team_id=self.team_id)

    def dashboard(self, flt: DashboardFilter, dimension: Dimension = Dimension.ALL) -> Dashboard:
        flt = self._scoped(flt).check()
        with self.factory() as session:
            kept_by = dimension if dimension is not Dimension.OFFER else Dimension.ALL
            return Dashboard(flt, dimension, call_figures(session, flt, dimension), saves_kept(session, flt, kept_by),
                             offer_value(session, flt), repeat_contacts(session, flt))

    def script_versions(self) -> list[ScriptVersionChoice]:
        with self.factory() as session:
            return script_versions(session)

    def funnel(self, version_id: uuid.UUID, flt: DashboardFilter) -> Funnel:
        with self.factory() as session:
            return funnel(session, version_id, self._scoped(flt))

    def compare(self, version_a: uuid.UUID, version_b: uuid.UUID, flt: DashboardFilter) -> Comparison:
        with self.factory() as session:
            return compare(session, version_a, version_b, self._scoped(flt))

