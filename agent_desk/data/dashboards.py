"""The team lead's dashboards and the script funnel: figures over millions of calls. Qt-free.

Every function takes the caller's Session and reads what that login may see (row-level
security on PostgreSQL); :class:`DashboardService` adds the lead's team scope, as the call log
does. How each figure is defined, and the confidence interval's method: ``docs/dashboards.md``.

How they stay fast, and right about corrections:

* Every figure sums **cells**: one Israeli calendar day's calls of one agent (and reason,
  offer or script step), with the newest correction of each call's outcome and reason applied
  (the call log's rule), so **every figure counts the corrected outcome and reason**
  (:mod:`agent_desk.data.rollup`).
* On PostgreSQL the days up to yesterday come from the daily rollup that ``agent-desk jobs
  run`` keeps (a year of the floor is thousands of rows, not 1.7 million calls); today, days a
  change has marked since the rollup, and everything on SQLite are summed from the calls in
  the same statement. Days are folded into weeks (Sunday first) and months here.
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

from agent_desk.data import models as m
from agent_desk.data import rollup
from agent_desk.wrapup import ISRAEL

# A dashboard covers at most about three years; a daily one at most a year of days.
MAX_DAYS = 3 * 366
MAX_DAILY_DAYS = 366
# A save counts when the customer is still active this many days later (offers/service.py).
SAVE_CHECK_DAYS = 90
# Retained revenue: the customer's monthly revenue over the offers' horizon (offers/ranking.py).
HORIZON_MONTHS = rollup.HORIZON_MONTHS
# A call is a repeat contact when the same customer called within this many days before it.
REPEAT_DAYS = rollup.REPEAT_DAYS
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


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


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
    return set(rollup.codes(session).saves)


def _team(session: Session, team_id: uuid.UUID | None) -> tuple[uuid.UUID, ...] | None:
    """The team's agents as a list (the planner then knows how many calls they have)."""
    if team_id is None:
        return None
    return tuple(session.scalars(sa.select(m.Agent.id).where(m.Agent.team_id == team_id)))


@dataclass
class _Reader:
    """Reads a figure's cells for a filter: the days the rollup covers from it, the others
    (today, days changed since the rollup, everything on SQLite) from the calls, in one
    statement; grouped by day and the figure's group."""

    session: Session
    flt: DashboardFilter
    kinds: rollup.Codes = field(init=False)
    cover: rollup.Coverage = field(init=False)
    agents: tuple[uuid.UUID, ...] | None = field(init=False)

    def __post_init__(self) -> None:
        self.flt = self.flt.check()
        if self.session.get_bind().dialect.name == "postgresql":
            # No JIT: these aggregates take milliseconds, compiling them would take longer.
            self.session.execute(sa.text("SET LOCAL jit = off"))
        self.kinds = rollup.codes(self.session)
        self.cover = rollup.coverage(self.session, self.flt.date_from, self.flt.date_to, self.kinds)
        self.agents = _team(self.session, self.flt.team_id)

    def rows(self, table: type, group: tuple[str, ...], measures: tuple[str, ...], by_day: bool = True,
             version: uuid.UUID | None = None) -> list[Any]:
        """(day if ``by_day``, *group, *summed measures) rows. A group name is a cell column,
        or ``team`` (the agent's team now)."""
        parts = []
        if self.cover.rolled is not None:
            t = table.__table__
            first, last = self.cover.rolled
            cond = [t.c.day >= first, t.c.day <= last]
            if version is not None:
                cond.append(t.c.version_id == version)
            if self.cover.dirty:
                cond.append(t.c.day.not_in(sorted(self.cover.dirty)))
            if self.agents is not None:
                cond.append(t.c.agent_id.in_(self.agents) if self.agents else sa.false())
            parts.append(self._grouped(t, cond, group, measures, by_day))
        if self.cover.live:
            scope = rollup.Scope(tuple(rollup.instants(self.cover.live)), self.agents, version)
            cells = rollup.CELLS[table](self.session, scope, self.kinds).subquery()
            parts.append(self._grouped(cells, [], group, measures, by_day))
        query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
        return self.session.execute(query).all()

    def _bucket(self, day: Any) -> Any:
        """The first day of a day's bucket, in SQL on PostgreSQL (a year by month is then a
        dozen rows a group, not 365); SQLite's few days are bucketed in Python."""
        if self.session.get_bind().dialect.name != "postgresql" or self.flt.period is Period.DAY:
            return day
        if self.flt.period is Period.WEEK:  # back to Sunday (dow 0)
            return day - sa.cast(sa.extract("dow", day), sa.Integer)
        return sa.cast(sa.func.date_trunc("month", day), sa.Date)

    def _grouped(self, src: Any, cond: list[sa.ColumnElement[bool]], group: tuple[str, ...],
                 measures: tuple[str, ...], by_day: bool) -> sa.Select[Any]:
        keys = [self._bucket(src.c.day).label("bucket")] if by_day else []
        source = src
        for name in group:
            if name == "team":
                source = source.outerjoin(m.Agent.__table__, m.Agent.__table__.c.id == src.c.agent_id)
                keys.append(m.Agent.__table__.c.team_id)
            else:
                keys.append(src.c[name])
        sums = [sa.func.sum(src.c[name]).label(name) for name in measures]
        return sa.select(*keys, *sums).select_from(source).where(*cond).group_by(*keys)


_GROUPS = {Dimension.ALL: (), Dimension.AGENT: ("agent_id",), Dimension.TEAM: ("team",),
           Dimension.REASON: ("reason",)}


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


def _grouped(rows: list[Any], dimension: Dimension) -> list[tuple[Any, str, Any]]:
    """(day, group key, measures) of each row read by :meth:`_Reader.rows`."""
    width = len(_GROUPS.get(dimension, ("offer_id",)))
    return [(r[0], "" if width == 0 or r[1] is None else str(r[1]), r[1 + width:]) for r in rows]


# --- save rate, handle and wrap-up time ----------------------------------------------------


def call_figures(session: Session, flt: DashboardFilter, dimension: Dimension = Dimension.ALL) -> Figure:
    """Per bucket and group: calls with an outcome, saves among them (the save rate), and the
    average handle (answer to hang-up) and wrap-up (hang-up to wrap-up done) times. Outcome
    and reason are the corrected ones (a call moves to its corrected reason whole).

    ``dimension`` OFFER gives the save rate of the calls on which each offer was presented.
    """
    if dimension is Dimension.OFFER:
        return _offer_rates(session, flt)
    reader = _Reader(session, flt)
    acc = _Acc(reader.flt)
    measures = ("calls", "saves", "handle_seconds", "handled", "wrapup_seconds", "wrapped")
    for day, group, (calls, saves, handle, handled, wrapup, wrapped) in _grouped(
            reader.rows(m.DashCallDay, _GROUPS[dimension], measures), dimension):
        acc.add(day, group, calls=int(calls or 0), saves=int(saves or 0), handle_seconds=float(handle or 0),
                handled=int(handled or 0), wrapup_seconds=float(wrapup or 0), wrapped=int(wrapped or 0))
    return acc.figure("calls", dimension, _labels(session, dimension))


def _offer_rates(session: Session, flt: DashboardFilter) -> Figure:
    reader = _Reader(session, flt)
    acc = _Acc(reader.flt)
    for day, offer, (calls, saves) in _grouped(reader.rows(m.DashOfferDay, ("offer_id",), ("calls", "saves")),
                                               Dimension.OFFER):
        acc.add(day, offer, calls=int(calls or 0), saves=int(saves or 0))
    return acc.figure("offer_rates", Dimension.OFFER, _labels(session, Dimension.OFFER))


# --- saves still active after 90 days ------------------------------------------------------


def saves_kept(session: Session, flt: DashboardFilter, dimension: Dimension = Dimension.ALL) -> Figure:
    """Per bucket and group: saves (corrected outcome) whose 90-day check is in (``checked``)
    and those whose customer was still active then (``kept``). Saves under 90 days old, or not
    checked yet, are in neither. ``calls`` is every save of the bucket, checked or not."""
    if dimension is Dimension.OFFER:
        raise DashboardError("saves kept are shown by agent, team or reason")
    reader = _Reader(session, flt)
    acc = _Acc(reader.flt)
    for day, group, (saves, checked, kept) in _grouped(
            reader.rows(m.DashCallDay, _GROUPS[dimension], ("saves", "checked", "kept")), dimension):
        acc.add(day, group, calls=int(saves or 0), checked=int(checked or 0), kept=int(kept or 0))
    return acc.figure("saves_kept", dimension, _labels(session, dimension))


# --- offer cost against retained revenue ---------------------------------------------------


def offer_value(session: Session, flt: DashboardFilter) -> Figure:
    """Per bucket and offer: offers accepted on saved calls (``saves``), what they cost, and the
    revenue they kept: the customer's monthly revenue on the call's day over
    :data:`HORIZON_MONTHS`, for saves not found gone at the 90-day check. ``net`` = revenue - cost.
    """
    reader = _Reader(session, flt)
    acc = _Acc(reader.flt)
    for day, offer, (accepted, cost, monthly) in _grouped(
            reader.rows(m.DashOfferDay, ("offer_id",), ("accepted", "cost", "monthly_revenue")), Dimension.OFFER):
        acc.add(day, offer, saves=int(accepted or 0), cost=Decimal(str(cost or 0)),
                revenue=Decimal(str(monthly or 0)) * HORIZON_MONTHS)
    return acc.figure("offer_value", Dimension.OFFER, _labels(session, Dimension.OFFER))


# --- repeat contacts ---------------------------------------------------------------------


def repeat_contacts(session: Session, flt: DashboardFilter) -> Figure:
    """Per bucket: calls of known customers (``calls``) and those whose customer had called in
    the :data:`REPEAT_DAYS` days before (``repeats``): each call after the first counts once.
    A team's figure counts its own calls; the call before may be anyone's."""
    reader = _Reader(session, flt)
    acc = _Acc(reader.flt)
    for day, _group, (calls, repeats) in _grouped(reader.rows(m.DashRepeatDay, (), ("calls", "repeats")),
                                                  Dimension.ALL):
        acc.add(day, "", calls=int(calls or 0), repeats=int(repeats or 0))
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


def funnel(session: Session, version_id: uuid.UUID, flt: DashboardFilter) -> Funnel:
    """Where the calls on one script version were won or lost: per step, the calls that reached
    it, their saves and cancellations, the calls that ended there, and each answer's outcome
    (corrected outcomes). A step walked twice on a call (after Back) counts once."""
    version = session.get(m.CallScriptVersion, version_id)
    if version is None:
        raise DashboardError("no such script version")
    reader = _Reader(session, flt)
    rows = reader.rows(m.DashFunnelDay, ("step", "answer"),
                       ("calls", "saves", "losses", "ended", "position_sum", "moves"), by_day=False,
                       version=version_id)
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    for step_id, answer, *measures in rows:
        cell = cells[(str(step_id), str(answer))]
        for n, value in enumerate(measures):
            cell[n] += int(value or 0)
    calls_n, saves_n, losses_n = cells.pop(("", ""), [0, 0, 0])[:3]
    label = _script_step_labels(session, version_id)
    steps = sorted(((step_id, cell) for (step_id, answer), cell in cells.items() if answer == ""),
                   key=lambda kv: (kv[1][4] / kv[1][5] if kv[1][5] else 0.0, kv[0]))
    out = []
    for step_id, (reached, s_n, l_n, ended, _position, _moves) in steps:
        step_he, step_en = label(step_id, None)
        step_answers = []
        for (sid, answer), (n, s_a, l_a, *_rest) in sorted(cells.items(), key=lambda kv: (-kv[1][0], kv[0][1])):
            if sid == step_id and answer != "":
                a_he, a_en = label(step_id, answer)
                step_answers.append(FunnelAnswer(answer, a_he, a_en, n, s_a, l_a))
        out.append(FunnelStep(step_id, step_he, step_en, reached, s_n, l_n, ended, tuple(step_answers)))
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

