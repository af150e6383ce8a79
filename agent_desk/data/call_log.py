"""The team lead's call log over millions of calls: filters, keyset pages, a call's detail,
corrections and saved filters. Qt-free; every function takes the caller's Session.

Paging is by key, never by OFFSET: a page carries the sort key of its last row, and the next
page asks for the rows after it, so page 1,000 costs what page 1 costs. Every sort ends on the
call's id, which makes the order total (two calls in the same second keep their places).

* ``time`` (default, newest first) and ``handle_time`` order by one expression and the id.
* ``agent`` and ``outcome`` are *grouped* sorts: the groups (agents by name, outcomes in the
  admins' order) are few, so a page walks them in order and reads each group newest first
  through the index that starts with the group's column. A page never sorts the whole table.

Corrections (:class:`~agent_desk.data.models.CallCorrection`) are rows of their own; a call's
effective outcome (or reason) is its newest correction's value, else its own column.
:func:`effective_value` and :func:`effective_equals` are those rules in SQL, and every figure
here (the log's outcome column and filter, :func:`outcome_counts`) goes through them.

Text in notes: ``ILIKE '%text%'`` on PostgreSQL, ``LIKE`` on SQLite (case-insensitive for
Latin letters; Hebrew has no case), with no trigram index: a text search is bounded by the
filter's date range instead, which :data:`TEXT_SEARCH_MAX_DAYS` caps (the scan reads that range
of the ``started_at`` index, never the whole table). See ``docs/performance.md``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.wrapup import ISRAEL

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# A search in notes reads the calls of its date range; this caps the range.
TEXT_SEARCH_MAX_DAYS = 366
MAX_TEXT = 100
MAX_FILTER_NAME = 100
MAX_WHY = 2000


class CallLogError(ValueError):
    """Bad input to the call log (a filter, a correction): the message says what to fix."""


class CorrectionRefused(PermissionError):
    """The person may not correct this call (not their team's, not a lead)."""


# --- the filter ------------------------------------------------------------------------


@dataclass(frozen=True)
class CallFilter:
    """What the log shows. Dates are Israeli calendar days, both ends included; ``outcome``
    and ``reason`` match the corrected values. Empty fields do not filter."""

    date_from: date | None = None
    date_to: date | None = None
    team_id: uuid.UUID | None = None
    agent_id: uuid.UUID | None = None
    reason: str | None = None
    outcome: str | None = None
    offer_id: uuid.UUID | None = None
    incident_id: uuid.UUID | None = None
    script_version_id: uuid.UUID | None = None
    text: str = ""

    def check(self) -> CallFilter:
        """The filter as given, or :class:`CallLogError` saying what is wrong with it."""
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise CallLogError("the start date is after the end date")
        text = self.text.strip()
        if len(text) > MAX_TEXT:
            raise CallLogError(f"the text to look for is longer than {MAX_TEXT} characters")
        if text:
            if self.date_from is None or self.date_to is None:
                raise CallLogError("a search in notes needs a date range (from and to)")
            if (self.date_to - self.date_from).days + 1 > TEXT_SEARCH_MAX_DAYS:
                raise CallLogError(f"a search in notes covers at most {TEXT_SEARCH_MAX_DAYS} days")
        return replace(self, text=text)

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The UTC instants [start, end) of the Israeli days the filter covers."""
        start = end = None
        if self.date_from is not None:
            start = datetime.combine(self.date_from, time.min, tzinfo=ISRAEL).astimezone(UTC)
        if self.date_to is not None:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=ISRAEL).astimezone(UTC)
        return start, end

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values (what a saved filter stores)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, ""):
                continue
            out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out

    @classmethod
    def from_json(cls, data: Any) -> CallFilter:
        """A filter from stored JSON; unknown keys and malformed values are errors."""
        if not isinstance(data, dict):
            raise CallLogError("a saved filter must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise CallLogError(f"unknown filter field: {unknown[0]}")
        values: dict[str, Any] = {}
        for key, raw in data.items():
            if raw is None:
                continue
            if not isinstance(raw, str):
                raise CallLogError(f"filter field {key}: expected text")
            try:
                if key in ("date_from", "date_to"):
                    values[key] = date.fromisoformat(raw)
                elif key.endswith("_id"):
                    values[key] = uuid.UUID(raw)
                else:
                    values[key] = raw[:MAX_TEXT] if key == "text" else raw[:40]
            except ValueError as exc:
                raise CallLogError(f"filter field {key}: {raw!r} is not valid") from exc
        return cls(**values)


class SortKey(StrEnum):
    TIME = "time"
    AGENT = "agent"
    OUTCOME = "outcome"
    HANDLE_TIME = "handle_time"


@dataclass(frozen=True)
class CallSort:
    key: SortKey = SortKey.TIME
    descending: bool = True


DEFAULT_SORT = CallSort()
# The opaque key of a page's last row: hand it back to :func:`page` for the next page.
PageKey = tuple[Any, ...]


# --- rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallLogEntry:
    """One line of the log. ``outcome``/``reason`` are the effective (corrected) codes;
    ``original_outcome`` is set when a correction changed the outcome."""

    id: uuid.UUID
    started_at: datetime
    agent_id: uuid.UUID
    agent_name: str
    team_name: str | None
    customer_name: str
    reason: str | None
    reason_he: str | None
    reason_en: str | None
    outcome: str | None
    outcome_he: str | None
    outcome_en: str | None
    handle_seconds: int | None
    notes: str | None
    original_outcome: str | None = None
    corrections: int = 0

    @property
    def corrected(self) -> bool:
        return self.corrections > 0


@dataclass(frozen=True)
class CallLogPage:
    rows: tuple[CallLogEntry, ...]
    # None when this was the last page.
    next_key: PageKey | None


# --- the rules of corrected values, in SQL ------------------------------------------------

_call = m.RetentionCall
CORRECTABLE = ("outcome", "reason", "competitor")
_COLUMNS = {"outcome": _call.disposition_code, "reason": _call.primary_reason_code, "competitor": _call.competitor}


def effective_value(field_name: str, call: Any = _call) -> sa.ColumnElement[Any]:
    """The call's value of ``field_name`` after its newest correction (a correlated
    subquery: meant for a few rows or an aggregate, not for sorting millions)."""
    cc = aliased(m.CallCorrection)
    latest = (sa.select(cc.new_value).where(cc.call_id == call.id, cc.field == field_name)
              .order_by(cc.corrected_at.desc(), cc.id.desc()).limit(1).scalar_subquery())
    column = {"outcome": call.disposition_code, "reason": call.primary_reason_code,
              "competitor": call.competitor}[field_name]
    return sa.func.coalesce(latest, column)


def _newest(cc: Any, field_name: str) -> sa.ColumnElement[bool]:
    newer = aliased(m.CallCorrection)
    return ~sa.exists().where(newer.call_id == cc.call_id, newer.field == field_name,
                              sa.tuple_(newer.corrected_at, newer.id) > sa.tuple_(cc.corrected_at, cc.id))


def effective_equals(field_name: str, value: str | None, call: Any = _call) -> sa.ColumnElement[bool]:
    """The call's effective ``field_name`` is ``value`` (None: has none), written so the
    uncorrected part is a plain comparison on the call's own column (index friendly)."""
    column = {"outcome": call.disposition_code, "reason": call.primary_reason_code}[field_name]
    cc = aliased(m.CallCorrection)
    corrected = sa.exists().where(cc.call_id == call.id, cc.field == field_name)
    own = column.is_(None) if value is None else column == value
    if value is None:
        return sa.and_(own, ~corrected)
    latest = aliased(m.CallCorrection)
    corrected_to = sa.exists().where(latest.call_id == call.id, latest.field == field_name,
                                     latest.new_value == value, _newest(latest, field_name))
    return sa.or_(sa.and_(own, ~corrected), corrected_to)


@dataclass(frozen=True)
class _CorrectedTo:
    """Branch: the calls whose newest ``field`` correction is ``value``, read newest call first
    from the corrections' own index (``field, new_value, call_started_at, call_id``)."""

    field: str
    value: str

    def condition(self) -> sa.ColumnElement[bool]:
        latest = aliased(m.CallCorrection)
        return _call.id.in_(sa.select(latest.call_id).where(
            latest.field == self.field, latest.new_value == self.value, _newest(latest, self.field)))


Branch = list[Any]  # conditions on the call, and at most a few _CorrectedTo


def field_branches(field_name: str, value: str | None) -> list[Branch]:
    """Effective ``field_name`` (outcome or reason) is ``value``, as disjoint alternatives that
    each read one index: the calls whose own value it is and that have no correction of it (the
    index on the column and ``started_at``), and the calls corrected to it (the corrections'
    index). One OR of the two would read every call to find a rare value."""
    column = {"outcome": _call.disposition_code, "reason": _call.primary_reason_code}[field_name]
    cc = aliased(m.CallCorrection)
    uncorrected = ~sa.exists().where(cc.call_id == _call.id, cc.field == field_name)
    if value is None:
        return [[column.is_(None), uncorrected]]
    return [[column == value, uncorrected], [_CorrectedTo(field_name, value)]]


def outcome_branches(value: str | None) -> list[Branch]:
    """:func:`field_branches` of the outcome."""
    return field_branches("outcome", value)


def _handle_seconds(session: Session) -> sa.ColumnElement[Any]:
    """Seconds from answer to hang-up; -1 for a call not ended (sorts last newest-first)."""
    if session.get_bind().dialect.name == "postgresql":
        seconds = sa.extract("epoch", _call.ended_at - _call.started_at)
    else:
        seconds = (sa.func.julianday(_call.ended_at) - sa.func.julianday(_call.started_at)) * 86400.0
    return sa.func.coalesce(sa.func.round(seconds), -1)


def _conditions(session: Session, flt: CallFilter, corrected: bool = True) -> list[sa.ColumnElement[bool]]:
    """The filter in SQL; with ``corrected`` False, without its outcome and reason (the page
    reads those as branches: :func:`field_branches`)."""
    flt = flt.check()
    where: list[sa.ColumnElement[bool]] = [_call.amends_call_id.is_(None)]  # originals only
    start, end = flt.window()
    if start is not None:
        where.append(_call.started_at >= start)
    if end is not None:
        where.append(_call.started_at < end)
    if flt.agent_id is not None:
        where.append(_call.agent_id == flt.agent_id)
    if flt.team_id is not None:
        # The team's agents as a list, not a subquery: the planner then knows how many calls
        # they have (a subquery is guessed at one agent and planned as a loop over its calls).
        team = list(session.scalars(sa.select(m.Agent.id).where(m.Agent.team_id == flt.team_id)))
        where.append(_call.agent_id.in_(team) if team else sa.false())
    if flt.reason and corrected:
        where.append(effective_equals("reason", flt.reason))
    if flt.outcome and corrected:
        where.append(effective_equals("outcome", flt.outcome))
    if flt.offer_id is not None:
        p = m.OfferPresentation
        where.append(sa.exists().where(p.call_id == _call.id, p.offer_id == flt.offer_id))
    if flt.incident_id is not None:
        where.append(_call.incident_id == flt.incident_id)
    if flt.script_version_id is not None:
        where.append(_call.script_version_id == flt.script_version_id)
    if flt.text:
        escaped = flt.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        if session.get_bind().dialect.name == "postgresql":
            where.append(_call.notes.ilike(pattern, escape="\\"))
        else:
            where.append(_call.notes.like(pattern, escape="\\"))
    return where


# --- pages -----------------------------------------------------------------------------


def _after(columns: tuple[Any, ...], values: tuple[Any, ...], descending: bool) -> sa.ColumnElement[bool]:
    left = sa.tuple_(*columns)
    right = sa.tuple_(*(sa.literal(v, type_=c.type) for c, v in zip(columns, values, strict=True)))
    return left < right if descending else left > right


def _ordered(columns: tuple[Any, ...], descending: bool) -> list[Any]:
    return [c.desc() if descending else c.asc() for c in columns]


Branches = list[Branch]


def _branch_query(where: list[sa.ColumnElement[bool]], branch: Branch, columns: tuple[Any, ...],
                  descending: bool, after: tuple[Any, ...] | None, limit: int) -> sa.Select:
    corrected = [b for b in branch if isinstance(b, _CorrectedTo)]
    conditions = [b for b in branch if not isinstance(b, _CorrectedTo)]
    if corrected and columns == (_call.started_at, _call.id):
        # Walk the corrections newest call first; each call is checked against the filter.
        walk, *others = corrected
        latest = aliased(m.CallCorrection)
        keyed = (latest.call_started_at, latest.call_id)
        query = (sa.select(*keyed).join(_call, _call.id == latest.call_id)
                 .where(*where, *conditions, *(c.condition() for c in others), latest.field == walk.field,
                        latest.new_value == walk.value, _newest(latest, walk.field)))
        if after is not None:
            query = query.where(_after(keyed, after, descending))
        return query.order_by(*_ordered(keyed, descending)).limit(limit)
    query = sa.select(*columns).where(*where, *conditions, *(c.condition() for c in corrected))
    if after is not None:
        query = query.where(_after(columns, after, descending))
    return query.order_by(*_ordered(columns, descending)).limit(limit)


def _keys(session: Session, where: list[sa.ColumnElement[bool]], branches: Branches, columns: tuple[Any, ...],
          descending: bool, after: tuple[Any, ...] | None, limit: int) -> list[tuple[Any, ...]]:
    """The first ``limit`` keys after ``after``: one query per branch (disjoint sets of calls),
    merged in order."""
    found: list[tuple[Any, ...]] = []
    for branch in branches:
        query = _branch_query(where, branch, columns, descending, after, limit)
        found.extend(tuple(r) for r in session.execute(query))
    if len(branches) > 1:
        found.sort(reverse=descending)
    return found[:limit]


@dataclass(frozen=True)
class _Group:
    label: Any  # what the groups sort by
    value: Any  # the group's identity (agent id, outcome code)
    branches: Branches


def _agent_groups(session: Session, flt: CallFilter) -> list[_Group]:
    query = sa.select(m.Agent.display_name, m.Agent.id).order_by(m.Agent.display_name, m.Agent.id)
    if flt.agent_id is not None:
        query = query.where(m.Agent.id == flt.agent_id)
    if flt.team_id is not None:
        query = query.where(m.Agent.team_id == flt.team_id)
    return [_Group(name, str(agent_id), [[_call.agent_id == agent_id]]) for name, agent_id in session.execute(query)]


def _outcome_groups(session: Session, flt: CallFilter) -> list[_Group]:
    codes = session.scalars(sa.select(m.Disposition.code).order_by(m.Disposition.sort_order, m.Disposition.code))
    groups = [_Group(rank, code, outcome_branches(code)) for rank, code in enumerate(codes)]
    if flt.outcome:
        groups = [g for g in groups if g.value == flt.outcome]
    else:  # calls with no outcome yet come after every outcome
        groups.append(_Group(len(groups), "", outcome_branches(None)))
    return groups


def page(session: Session, flt: CallFilter = CallFilter(), sort: CallSort = DEFAULT_SORT,  # noqa: B008
         after: PageKey | None = None, limit: int = PAGE_SIZE) -> CallLogPage:
    """One page of the log: the ``limit`` calls that follow ``after`` in ``sort`` order.

    Raises :class:`CallLogError` for a filter that cannot run (see :meth:`CallFilter.check`).
    """
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    if session.get_bind().dialect.name == "postgresql":
        # A page reads a few hundred rows; the planner's cost guesses over millions would have
        # it compile the query first (JIT), which alone takes most of a second.
        session.execute(sa.text("SET LOCAL jit = off"))
    where = _conditions(session, flt, corrected=False)
    # The outcome and reason filters as branches; sorting by outcome, the groups carry it instead.
    branches: Branches = [[]]
    if flt.outcome and sort.key is not SortKey.OUTCOME:
        branches = [[*b, *o] for b in branches for o in outcome_branches(flt.outcome)]
    if flt.reason:
        branches = [[*b, *r] for b in branches for r in field_branches("reason", flt.reason)]
    time_order = (_call.started_at, _call.id)
    keys: list[tuple[Any, ...]] = []  # full page keys, in order
    if sort.key in (SortKey.TIME, SortKey.HANDLE_TIME):
        columns = time_order if sort.key is SortKey.TIME else (_handle_seconds(session), _call.id)
        keys = _keys(session, where, branches, columns, sort.descending, after, limit + 1)
    else:
        groups = _agent_groups(session, flt) if sort.key is SortKey.AGENT else _outcome_groups(session, flt)
        if sort.descending:
            groups.reverse()
        start, within = 0, None
        if after is not None:
            label, value, *within_values = after
            within = tuple(within_values)
            found = [i for i, g in enumerate(groups) if g.value == value]
            if found:
                start = found[0]
            else:  # the group is gone (an agent renamed): go on from where it sorted
                later = [i for i, g in enumerate(groups)
                         if (g.label > label if not sort.descending else g.label < label)]
                start, within = (later[0] if later else len(groups)), None
        for index in range(start, len(groups)):
            group = groups[index]
            wanted = limit + 1 - len(keys)
            crossed = [[*b, *g] for b in branches for g in group.branches]
            got = _keys(session, where, crossed, time_order, True, within if index == start else None, wanted)
            keys.extend((group.label, group.value, *k) for k in got)
            if len(keys) > limit:
                break
    more = len(keys) > limit
    keys = keys[:limit]
    ids = [k[-1] for k in keys]
    rows = _entries(session, ids)
    next_key = keys[-1] if more and keys else None
    return CallLogPage(tuple(rows[i] for i in ids if i in rows), _plain_key(next_key))


def _plain_key(key: tuple[Any, ...] | None) -> PageKey | None:
    """Page keys as plain, comparable Python values (Decimal epochs as floats are not)."""
    if key is None:
        return None
    return tuple(float(v) if isinstance(v, Decimal) else v for v in key)


def _entries(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, CallLogEntry]:
    """The display lines of ``ids`` (a page: at most a thousand), corrections applied."""
    if not ids:
        return {}
    reason = aliased(m.CancellationReason)
    rows = session.execute(
        sa.select(_call.id, _call.started_at, _call.ended_at, _call.agent_id, _call.primary_reason_code,
                  _call.disposition_code, _call.notes, m.Agent.display_name, m.Team.name,
                  m.Customer.first_name, m.Customer.last_name)
        .join(m.Agent, m.Agent.id == _call.agent_id)
        .outerjoin(m.Team, m.Team.id == m.Agent.team_id)
        .outerjoin(m.Customer, m.Customer.id == _call.customer_id)
        .where(_call.id.in_(ids))
    ).all()
    corrections: dict[uuid.UUID, dict[str, str | None]] = {}
    counts: dict[uuid.UUID, int] = {}
    cc = m.CallCorrection
    for call_id, name, value in session.execute(
        sa.select(cc.call_id, cc.field, cc.new_value).where(cc.call_id.in_(ids))
        .order_by(cc.corrected_at, cc.id)
    ):
        corrections.setdefault(call_id, {})[name] = value  # the newest wins
        counts[call_id] = counts.get(call_id, 0) + 1
    reasons = {code: (he, en) for code, he, en in session.execute(
        sa.select(reason.code, reason.label_he, reason.label_en))}
    outcomes = {code: (he, en) for code, he, en in session.execute(
        sa.select(m.Disposition.code, m.Disposition.label_he, m.Disposition.label_en))}
    out: dict[uuid.UUID, CallLogEntry] = {}
    for r in rows:
        fixed = corrections.get(r.id, {})
        outcome = fixed.get("outcome", r.disposition_code)
        why_code = fixed.get("reason", r.primary_reason_code)
        out[r.id] = CallLogEntry(
            id=r.id, started_at=r.started_at, agent_id=r.agent_id, agent_name=r.display_name, team_name=r.name,
            customer_name=f"{r.first_name} {r.last_name}" if r.first_name else "",
            reason=why_code, reason_he=reasons.get(why_code, (None, None))[0],
            reason_en=reasons.get(why_code, (None, None))[1],
            outcome=outcome, outcome_he=outcomes.get(outcome, (None, None))[0],
            outcome_en=outcomes.get(outcome, (None, None))[1],
            handle_seconds=int((r.ended_at - r.started_at).total_seconds()) if r.ended_at else None,
            notes=r.notes,
            original_outcome=r.disposition_code if outcome != r.disposition_code else None,
            corrections=counts.get(r.id, 0),
        )
    return out


def entry(session: Session, call_id: uuid.UUID) -> CallLogEntry | None:
    """One call's line of the log as it stands now (after a correction)."""
    return _entries(session, [call_id]).get(call_id)


# --- figures ---------------------------------------------------------------------------


def outcome_counts(session: Session, since: datetime, until: datetime | None = None,
                   team_id: uuid.UUID | None = None) -> dict[str | None, int]:
    """Calls started in [since, until) by their *corrected* outcome (None: no outcome yet).

    Two queries whatever the number of calls: the counts by the calls' own outcome, then
    each corrected call moved from its own outcome to its newest correction's.
    """
    where: list[sa.ColumnElement[bool]] = [_call.amends_call_id.is_(None), _call.started_at >= since]
    if until is not None:
        where.append(_call.started_at < until)
    if team_id is not None:
        where.append(_call.agent_id.in_(sa.select(m.Agent.id).where(m.Agent.team_id == team_id)))
    counts: dict[str | None, int] = {
        code: n for code, n in session.execute(
            sa.select(_call.disposition_code, sa.func.count()).where(*where).group_by(_call.disposition_code))
    }
    cc = aliased(m.CallCorrection)
    for own, corrected in session.execute(
        sa.select(_call.disposition_code, cc.new_value).join(cc, cc.call_id == _call.id)
        .where(*where, cc.field == "outcome", _newest(cc, "outcome"))
    ):
        counts[own] = counts.get(own, 0) - 1
        counts[corrected] = counts.get(corrected, 0) + 1
    return {code: n for code, n in counts.items() if n}


# --- a call's detail -------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptMove:
    """One step of the script as the agent walked it."""

    step: str
    step_he: str
    step_en: str
    answer: str | None
    answer_he: str | None
    answer_en: str | None
    at: datetime | None


@dataclass(frozen=True)
class OfferOnRecord:
    title_he: str
    title_en: str
    presented_at: datetime
    response: d.OfferResponse
    responded_at: datetime | None
    cost: Decimal | None


@dataclass(frozen=True)
class ApprovalOnRecord:
    offer_he: str
    offer_en: str
    requested_at: datetime
    status: d.ApprovalStatus
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class CorrectionOnRecord:
    field: str
    old_value: str | None
    new_value: str | None
    old_he: str | None
    old_en: str | None
    new_he: str | None
    new_en: str | None
    corrected_by: str
    corrected_at: datetime
    why: str


@dataclass(frozen=True)
class CallDetail:
    """Everything about one call, for the lead's detail screen."""

    entry: CallLogEntry
    customer_id: uuid.UUID | None
    account_number: str | None
    caller_e164: str | None
    direction: d.CallDirection
    ended_at: datetime | None
    wrapup_ended_at: datetime | None
    competitor: str | None
    confirmation_number: str | None
    script_he: str | None
    script_en: str | None
    script_version: int | None
    incident_he: str | None
    incident_en: str | None
    path: tuple[ScriptMove, ...]
    offers: tuple[OfferOnRecord, ...]
    approvals: tuple[ApprovalOnRecord, ...]
    captured: tuple[tuple[str, str], ...]
    corrections: tuple[CorrectionOnRecord, ...]
    team_id: uuid.UUID | None = None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _script_labels(session: Session, version_id: uuid.UUID | None, agent_gender: str | None,
                   customer_gender: str | None) -> Callable[[str, str | None], tuple[str, ...]]:
    """Labels of a stored script's steps and answers, in the agent's and the customer's
    gendered forms (the raw ids when the script cannot be loaded)."""
    from agent_desk.scripts.facts import ScriptFacts
    from agent_desk.scripts.variables import gendered

    facts = ScriptFacts(agent_gender=agent_gender, customer_gender=customer_gender)
    script = None
    if version_id is not None:
        from agent_desk.scripts.publish import load_version  # the loader is heavy; only here

        try:
            script = load_version(session, version_id)
        except Exception:  # noqa: BLE001 - an old or broken script still shows its ids
            script = None

    def labels(step_id: str, answer: str | None) -> tuple[str, ...]:
        step = script.steps.get(step_id) if script is not None else None
        if step is None:
            return step_id, step_id, answer, answer
        text = step.title or step.text
        step_he = gendered(text.get("he"), facts) if text else step_id
        step_en = gendered(text.get("en"), facts) if text else step_id
        answer_he = answer_en = answer
        for option in step.answers:
            if option.key == answer:
                answer_he = gendered(option.label.get("he"), facts)
                answer_en = gendered(option.label.get("en"), facts)
        return step_he or step_id, step_en or step_id, answer_he, answer_en

    return labels


def load_detail(session: Session, call_id: uuid.UUID) -> CallDetail | None:
    """The call's whole record: caller, script path, offers, approvals, captures, corrections."""
    line = entry(session, call_id)
    if line is None:
        return None
    call = session.execute(
        sa.select(_call.customer_id, _call.caller_e164, _call.direction, _call.ended_at, _call.wrapup_ended_at,
                  _call.competitor, _call.confirmation_number, _call.script_version_id, _call.script_path,
                  _call.captured, m.Customer.account_number, m.Customer.gender.label("customer_gender"),
                  m.Agent.team_id, m.Agent.gender.label("agent_gender"),
                  m.CallScriptVersion.title_he, m.CallScriptVersion.title_en, m.CallScriptVersion.version,
                  m.Incident.title_he.label("incident_he"), m.Incident.title_en.label("incident_en"))
        .join(m.Agent, m.Agent.id == _call.agent_id)
        .outerjoin(m.Customer, m.Customer.id == _call.customer_id)
        .outerjoin(m.CallScriptVersion, m.CallScriptVersion.id == _call.script_version_id)
        .outerjoin(m.Incident, m.Incident.id == _call.incident_id)
        .where(_call.id == call_id)
    ).one()
    known = ("male", "female")
    labels = _script_labels(session, call.script_version_id,
                            call.agent_gender if call.agent_gender in known else None,
                            call.customer_gender if call.customer_gender in known else None)
    path = []
    for move in call.script_path or []:
        if not isinstance(move, dict) or "step" not in move:
            continue
        step_he, step_en, answer_he, answer_en = labels(str(move["step"]), move.get("answer"))
        path.append(ScriptMove(str(move["step"]), step_he, step_en, move.get("answer"), answer_he, answer_en,
                               _parse_time(move.get("at"))))
    p = m.OfferPresentation
    offers = tuple(
        OfferOnRecord(r.title_he, r.title_en, r.presented_at, d.OfferResponse(r.response), r.responded_at, r.cost)
        for r in session.execute(
            sa.select(m.Offer.title_he, m.Offer.title_en, p.presented_at, p.response, p.responded_at, p.cost)
            .join(m.Offer, m.Offer.id == p.offer_id).where(p.call_id == call_id).order_by(p.presented_at))
    )
    a = m.ApprovalRequest
    decider = aliased(m.Agent)
    approvals = tuple(
        ApprovalOnRecord(r.title_he, r.title_en, r.requested_at, d.ApprovalStatus(r.status), r.display_name,
                         r.decided_at, r.decision_reason)
        for r in session.execute(
            sa.select(m.Offer.title_he, m.Offer.title_en, a.requested_at, a.status, decider.display_name,
                      a.decided_at, a.decision_reason)
            .join(m.Offer, m.Offer.id == a.offer_id).outerjoin(decider, decider.id == a.decided_by)
            .where(a.call_id == call_id).order_by(a.requested_at))
    )
    captured = tuple(sorted((str(k), str(v)) for k, v in (call.captured or {}).items()))
    competitor = call.competitor
    corrections = []
    named = _code_labels(session)
    cc = m.CallCorrection
    for r in session.execute(
        sa.select(cc.field, cc.old_value, cc.new_value, cc.corrected_at, cc.why, m.Agent.display_name)
        .join(m.Agent, m.Agent.id == cc.corrected_by).where(cc.call_id == call_id)
        .order_by(cc.corrected_at, cc.id)
    ):
        old = named.get((r.field, r.old_value), (r.old_value, r.old_value))
        new = named.get((r.field, r.new_value), (r.new_value, r.new_value))
        corrections.append(CorrectionOnRecord(r.field, r.old_value, r.new_value, old[0], old[1], new[0], new[1],
                                              r.display_name, r.corrected_at, r.why))
        if r.field == "competitor":
            competitor = r.new_value
    return CallDetail(
        entry=line, customer_id=call.customer_id, account_number=call.account_number, caller_e164=call.caller_e164,
        direction=d.CallDirection(call.direction), ended_at=call.ended_at, wrapup_ended_at=call.wrapup_ended_at,
        competitor=competitor, confirmation_number=call.confirmation_number, script_he=call.title_he,
        script_en=call.title_en, script_version=call.version, incident_he=call.incident_he,
        incident_en=call.incident_en, path=tuple(path), offers=offers, approvals=approvals, captured=captured,
        corrections=tuple(corrections), team_id=call.team_id,
    )


def _code_labels(session: Session) -> dict[tuple[str, str | None], tuple[str, str]]:
    out: dict[tuple[str, str | None], tuple[str, str]] = {}
    for code, he, en in session.execute(sa.select(m.Disposition.code, m.Disposition.label_he, m.Disposition.label_en)):
        out[("outcome", code)] = (he, en)
    for code, he, en in session.execute(
        sa.select(m.CancellationReason.code, m.CancellationReason.label_he, m.CancellationReason.label_en)
    ):
        out[("reason", code)] = (he, en)
    return out


# --- corrections -----------------------------------------------------------------------


def correct_call(session: Session, call_id: uuid.UUID, who: uuid.UUID, field_name: str, new_value: str | None,
                 why: str, now: datetime | None = None) -> m.CallCorrection:
    """Record a correction of ``field_name`` as a new row (who, when, why); the call stays as it was.

    A team lead corrects the calls of their team's agents (not their own calls), an admin
    any call. Raises :class:`CallLogError` for bad input and :class:`CorrectionRefused`.
    """
    why = (why or "").strip()
    if not why:
        raise CallLogError("write why the call is corrected")
    if len(why) > MAX_WHY:
        raise CallLogError(f"the reason is longer than {MAX_WHY} characters")
    if field_name not in CORRECTABLE:
        raise CallLogError(f"{field_name!r} cannot be corrected (only {', '.join(CORRECTABLE)})")
    new_value = (new_value or "").strip() or None
    if field_name == "outcome":
        if new_value is None or session.get(m.Disposition, new_value) is None:
            raise CallLogError(f"no such outcome: {new_value!r}")
    elif field_name == "reason":
        if new_value is None or session.get(m.CancellationReason, new_value) is None:
            raise CallLogError(f"no such reason: {new_value!r}")
    elif new_value is not None and len(new_value) > 80:
        raise CallLogError("the competitor's name is longer than 80 characters")
    row = session.execute(
        sa.select(_call.id, _call.agent_id, _call.submitted_at, _call.started_at, m.Agent.team_id)
        .join(m.Agent, m.Agent.id == _call.agent_id).where(_call.id == call_id)
    ).one_or_none()
    if row is None:
        raise CallLogError("no such call")
    person = session.get(m.Agent, who)
    if person is None or not person.active:
        raise CorrectionRefused("only a known, active team lead or admin corrects calls")
    if person.role == d.Role.TEAM_LEAD:
        if row.team_id is None or row.team_id != person.team_id:
            raise CorrectionRefused("a team lead corrects the calls of their own team only")
        if row.agent_id == person.id:
            raise CorrectionRefused("another team lead or an admin corrects your own calls")
    elif person.role != d.Role.ADMIN:
        raise CorrectionRefused("only a team lead or an admin corrects calls")
    if row.submitted_at is None:
        raise CallLogError("the call is still being wrapped up; it can be corrected once submitted")
    old = session.scalar(sa.select(effective_value(field_name)).where(_call.id == call_id))
    if old == new_value:
        raise CallLogError("the call already has that value")
    now = now or datetime.now(UTC)
    correction = m.CallCorrection(call_id=call_id, call_started_at=row.started_at, corrected_by=who,
                                  corrected_at=now, field=field_name,
                                  old_value=old, new_value=new_value, why=why)
    session.add(correction)
    session.add(m.AuditEvent(occurred_at=now, actor_id=who, action="call.corrected", entity_type="retention_call",
                             entity_id=str(call_id),
                             details={"field": field_name, "old": old, "new": new_value, "why": why}))
    session.flush()
    return correction


# --- saved filters ---------------------------------------------------------------------


@dataclass(frozen=True)
class SavedCallFilter:
    id: uuid.UUID
    name: str
    filter: CallFilter


def save_filter(session: Session, owner_id: uuid.UUID, name: str, flt: CallFilter) -> SavedCallFilter:
    """Keep ``flt`` under ``name`` for its owner (the same name replaces the older one)."""
    name = (name or "").strip()
    if not name:
        raise CallLogError("give the filter a name")
    if len(name) > MAX_FILTER_NAME:
        raise CallLogError(f"the name is longer than {MAX_FILTER_NAME} characters")
    data = flt.to_json()
    json.dumps(data)  # plain JSON or an error here, not in the database
    row = session.scalars(sa.select(m.SavedFilter).where(m.SavedFilter.owner_id == owner_id,
                                                         m.SavedFilter.name == name)).one_or_none()
    if row is None:
        row = m.SavedFilter(owner_id=owner_id, name=name, filter=data)
        session.add(row)
    else:
        row.filter = data
    session.flush()
    return SavedCallFilter(row.id, name, flt)


def saved_filters(session: Session, owner_id: uuid.UUID) -> list[SavedCallFilter]:
    """The owner's saved filters by name (one that no longer reads is left out)."""
    out = []
    for row in session.execute(sa.select(m.SavedFilter.id, m.SavedFilter.name, m.SavedFilter.filter)
                               .where(m.SavedFilter.owner_id == owner_id).order_by(m.SavedFilter.name)):
        try:
            out.append(SavedCallFilter(row.id, row.name, CallFilter.from_json(row.filter)))
        except CallLogError:
            continue
    return out


def delete_filter(session: Session, owner_id: uuid.UUID, filter_id: uuid.UUID) -> bool:
    """Forget one of the owner's filters; False when there was none."""
    result = session.execute(sa.delete(m.SavedFilter).where(m.SavedFilter.id == filter_id,
                                                            m.SavedFilter.owner_id == owner_id))
    return bool(result.rowcount)


# --- what the filter bar offers --------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label_he: str
    label_en: str


@dataclass(frozen=True)
class FilterChoices:
    teams: tuple[Choice, ...] = ()
    agents: tuple[Choice, ...] = ()
    reasons: tuple[Choice, ...] = ()
    outcomes: tuple[Choice, ...] = ()
    offers: tuple[Choice, ...] = ()
    incidents: tuple[Choice, ...] = ()
    script_versions: tuple[Choice, ...] = ()


def filter_choices(session: Session, team_id: uuid.UUID | None = None) -> FilterChoices:
    """The values each filter can take (agents of ``team_id`` only, when given)."""
    agents = sa.select(m.Agent.id, m.Agent.display_name).order_by(m.Agent.display_name)
    if team_id is not None:
        agents = agents.where(m.Agent.team_id == team_id)
    teams = sa.select(m.Team.id, m.Team.name).order_by(m.Team.name)
    if team_id is not None:
        teams = teams.where(m.Team.id == team_id)

    def same(rows: Iterable[Any]) -> tuple[Choice, ...]:
        return tuple(Choice(str(v), str(t), str(t)) for v, t in rows)

    def both(rows: Iterable[Any]) -> tuple[Choice, ...]:
        return tuple(Choice(str(v), he, en) for v, he, en in rows)

    cr, disp, s = m.CancellationReason, m.Disposition, m.CallScriptVersion
    return FilterChoices(
        teams=same(session.execute(teams)),
        agents=same(session.execute(agents)),
        reasons=both(session.execute(sa.select(cr.code, cr.label_he, cr.label_en).order_by(cr.sort_order, cr.code))),
        outcomes=both(session.execute(sa.select(disp.code, disp.label_he, disp.label_en)
                                      .order_by(disp.sort_order, disp.code))),
        offers=both(session.execute(sa.select(m.Offer.id, m.Offer.title_he, m.Offer.title_en)
                                    .order_by(m.Offer.code))),
        incidents=both(session.execute(sa.select(m.Incident.id, m.Incident.title_he, m.Incident.title_en)
                                       .order_by(m.Incident.started_at.desc()).limit(200))),
        script_versions=tuple(
            Choice(str(r.id), f"{r.title_he} v{r.version}", f"{r.title_en} v{r.version}")
            for r in session.execute(sa.select(s.id, s.title_he, s.title_en, s.version)
                                     .order_by(s.script_key, s.version.desc()))),
    )


# --- the service the screens use ---------------------------------------------------------


@dataclass
class CallLogService:
    """The call log's reads and writes for one signed-in person, each in its own unit of work.

    Qt-free; the views get this object and call it from worker threads (never a session).

    Attributes:
        factory: makes a Session (``sessionmaker``) on the primary database.
        person_id: who is signed in (saved filters are theirs; corrections carry their name).
        team_id: a team lead's team: the log shows that team's calls only (None: every team).
        reads: makes a Session for the heavy reads (the pages and the filter's choices) on a
            streaming replica (``report_db_url``, ``docs/replica.md``); None: the primary.
            A call's detail, its line after a correction and the saved filters always read
            the primary, so the lead sees what they have just written.
    """

    factory: Callable[[], Session]
    person_id: uuid.UUID
    team_id: uuid.UUID | None = None
    reads: Callable[[], Session] | None = None

    def _scoped(self, flt: CallFilter) -> CallFilter:
        return flt if self.team_id is None else replace(flt, team_id=self.team_id)

    def _reading(self) -> Session:
        return (self.reads or self.factory)()

    def page(self, flt: CallFilter, sort: CallSort = DEFAULT_SORT, after: PageKey | None = None,
             limit: int = PAGE_SIZE) -> CallLogPage:
        with self._reading() as session:
            return page(session, self._scoped(flt), sort, after, limit)

    def entry(self, call_id: uuid.UUID) -> CallLogEntry | None:
        with self.factory() as session:
            return entry(session, call_id)

    def detail(self, call_id: uuid.UUID) -> CallDetail | None:
        with self.factory() as session:
            return load_detail(session, call_id)

    def correct(self, call_id: uuid.UUID, field_name: str, new_value: str | None, why: str) -> CallDetail | None:
        with self.factory() as session, session.begin():
            correct_call(session, call_id, self.person_id, field_name, new_value, why)
        return self.detail(call_id)

    def choices(self) -> FilterChoices:
        with self._reading() as session:
            return filter_choices(session, self.team_id)

    def saved_filters(self) -> list[SavedCallFilter]:
        with self.factory() as session:
            return saved_filters(session, self.person_id)

    def save_filter(self, name: str, flt: CallFilter) -> SavedCallFilter:
        with self.factory() as session, session.begin():
            return save_filter(session, self.person_id, name, flt)

    def delete_filter(self, filter_id: uuid.UUID) -> bool:
        with self.factory() as session, session.begin():
            return delete_filter(session, self.person_id, filter_id)
