"""Working the queue: claim the next task, skip or snooze it, call, and close it with the call.

:func:`claim_next` is atomic on the server: the candidate row is locked with ``FOR UPDATE
SKIP LOCKED`` (two agents asking at once get different tasks, neither waits for the
other), and the partial unique index ``uq_work_tasks_claimed_customer`` lets one task per
customer be claimed at a time, so two agents never call the same customer (a clash is
retried with the next task). An agent who already holds a claimed task gets it back (after
a crash, the desk picks up where it was). Nothing is claimed outside calling hours.

The call itself is a normal retention call, made outbound: :func:`start_call` writes its
row with ``direction = outbound`` when the agent starts it (a submitted call is immutable,
so the direction is set before the wrap-up), and :func:`submit_task_call` submits the
wrap-up (survey answer and referral included) and closes the task with the call's id in
one unit of work. Qt-free; the caller owns the session.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from agent_desk import domain as d
from agent_desk.calls import insert_once
from agent_desk.data import models as m
from agent_desk.proactive.calendar import CallingHours, israel_today
from agent_desk.wrapup import SubmittedCall, WrapUp, submit_call

CLAIMABLE = ("new", "snoozed")
REASON_LIMIT = 500
CLAIM_ATTEMPTS = 20


class TaskError(ValueError):
    """The task cannot take this step (not mine, already done, no reason given...)."""


class OutsideCallingHours(TaskError):
    """No proactive calls now: Shabbat, a holiday, or outside the day's calling hours."""


@dataclass(frozen=True)
class QueueTask:
    """A task as the agent sees it (plain data for the UI)."""

    id: uuid.UUID
    customer_id: uuid.UUID
    customer_name: str
    account_number: str
    phone_e164: str | None
    language: str
    kind: str
    rule_code: str
    title_he: str
    title_en: str
    priority: int
    due_on: date
    status: str
    script_key: str | None
    channel: str
    details: dict[str, Any] = field(default_factory=dict)
    expires_on: date | None = None
    claimed_by: uuid.UUID | None = None
    snooze_until: datetime | None = None
    status_reason: str | None = None
    call_id: uuid.UUID | None = None

    def title(self, language: str) -> str:
        return self.title_he if language == "he" else self.title_en


def _task_query() -> sa.Select[Any]:
    t, c, r = m.WorkTask, m.Customer, m.QueueRule
    phone = (sa.select(m.CustomerPhone.e164).where(m.CustomerPhone.customer_id == t.customer_id)
             .order_by(m.CustomerPhone.is_primary.desc(), m.CustomerPhone.e164).limit(1).scalar_subquery())
    return (sa.select(t, c.first_name, c.last_name, c.account_number, c.preferred_language, r.title_he, r.title_en,
                      phone.label("phone"))
            .join(c, c.id == t.customer_id).join(r, r.code == t.rule_code))


def _plain(row: sa.Row[Any]) -> QueueTask:
    task: m.WorkTask = row[0]
    return QueueTask(
        id=task.id, customer_id=task.customer_id, customer_name=f"{row.first_name} {row.last_name}",
        account_number=row.account_number, phone_e164=row.phone, language=row.preferred_language, kind=task.kind,
        rule_code=task.rule_code, title_he=row.title_he, title_en=row.title_en, priority=task.priority,
        due_on=task.due_on, status=task.status, script_key=task.script_key, channel=task.channel,
        details=dict(task.details or {}), expires_on=task.expires_on, claimed_by=task.claimed_by,
        snooze_until=task.snooze_until, status_reason=task.status_reason, call_id=task.call_id)


def _mine(agent_id: uuid.UUID, team_id: uuid.UUID | None) -> sa.ColumnElement[bool]:
    t = m.WorkTask
    team = sa.or_(t.team_id.is_(None), t.team_id == team_id) if team_id else t.team_id.is_(None)
    return sa.or_(t.agent_id == agent_id, sa.and_(t.agent_id.is_(None), team))


def _workable(now: datetime) -> list[sa.ColumnElement[bool]]:
    t, today = m.WorkTask, israel_today(now)
    return [sa.or_(t.status == "new", sa.and_(t.status == "snoozed", t.snooze_until <= now)),
            t.due_on <= today, sa.or_(t.expires_on.is_(None), t.expires_on >= today)]


def task(session: Session, task_id: uuid.UUID) -> QueueTask | None:
    row = session.execute(_task_query().where(m.WorkTask.id == task_id)).first()
    return _plain(row) if row else None


def claim_next(session: Session, agent_id: uuid.UUID, team_id: uuid.UUID | None, now: datetime | None = None,
               hours: CallingHours | None = None) -> QueueTask | None:
    """The agent's claimed task, else the most urgent workable one, claimed now; None when the
    queue is empty. Raises :class:`OutsideCallingHours` when no proactive call may be made."""
    now = now or datetime.now(UTC)
    held = session.execute(_task_query().where(m.WorkTask.claimed_by == agent_id, m.WorkTask.status == "claimed")
                           .order_by(m.WorkTask.claimed_at).limit(1)).first()
    if held:
        return _plain(held)
    if not (hours or CallingHours()).allows(now):
        raise OutsideCallingHours("no proactive calls now: outside calling hours, Shabbat or a holiday")
    t = m.WorkTask
    other = aliased(m.WorkTask)
    passed: list[uuid.UUID] = []
    for _attempt in range(CLAIM_ATTEMPTS):
        query = (sa.select(t.id).where(*_workable(now), _mine(agent_id, team_id),
                                       ~sa.exists().where(other.customer_id == t.customer_id,
                                                          other.status == "claimed"))
                 .order_by(t.priority.desc(), t.due_on, t.id).limit(1)
                 .with_for_update(skip_locked=True, of=t))
        if passed:
            query = query.where(t.id.not_in(passed))
        task_id = session.scalar(query)
        if task_id is None:
            return None
        try:
            with session.begin_nested():
                done = session.execute(
                    sa.update(t).where(t.id == task_id, t.status.in_(CLAIMABLE))
                    .values(status="claimed", claimed_by=agent_id, claimed_at=now, snooze_until=None)
                    .execution_options(synchronize_session=False)).rowcount
        except IntegrityError:
            done = 0  # another agent claimed this customer's other task a moment ago
        if done:
            row = session.execute(_task_query().where(t.id == task_id)
                                  .execution_options(populate_existing=True)).first()
            return _plain(row)
        passed.append(task_id)
    return None


def my_tasks(session: Session, agent_id: uuid.UUID, team_id: uuid.UUID | None, now: datetime | None = None,
             limit: int = 200) -> list[QueueTask]:
    """What the agent's list shows: their claimed task, their snoozed ones and the most urgent
    workable ones they may take, most urgent first."""
    now = now or datetime.now(UTC)
    t = m.WorkTask
    query = (_task_query()
             .where(sa.or_(sa.and_(t.claimed_by == agent_id, t.status.in_(("claimed", "snoozed"))),
                           sa.and_(_mine(agent_id, team_id), *_workable(now))))
             .order_by(sa.case((t.status == "claimed", 0), else_=1), t.priority.desc(), t.due_on, t.id)
             .limit(limit))
    return [_plain(row) for row in session.execute(query)]


def _held(session: Session, task_id: uuid.UUID, agent_id: uuid.UUID) -> m.WorkTask:
    row = session.get(m.WorkTask, task_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise TaskError("the task is gone")
    if row.status != "claimed" or row.claimed_by != agent_id:
        raise TaskError("the task is not claimed by you")
    return row


def _reason(text: str) -> str:
    text = text.strip()
    if not text:
        raise TaskError("give a reason")
    if len(text) > REASON_LIMIT:
        raise TaskError(f"the reason is longer than {REASON_LIMIT} characters")
    return text


def skip(session: Session, task_id: uuid.UUID, agent_id: uuid.UUID, reason: str) -> None:
    """Drop the task for good, with the agent's reason."""
    row = _held(session, task_id, agent_id)
    row.status, row.status_reason = "skipped", _reason(reason)
    session.flush()


def snooze(session: Session, task_id: uuid.UUID, agent_id: uuid.UUID, until: datetime, reason: str,
           now: datetime | None = None) -> None:
    """Put the task back until ``until`` (then anyone whose queue it is may claim it again)."""
    now = now or datetime.now(UTC)
    if until.tzinfo is None or until <= now:
        raise TaskError("snooze until a time in the future")
    row = _held(session, task_id, agent_id)
    if row.expires_on is not None and israel_today(until) > row.expires_on:
        raise TaskError("the task expires before then: skip it instead")
    row.status, row.snooze_until, row.status_reason = "snoozed", until, _reason(reason)
    session.flush()


def start_call(session: Session, task_id: uuid.UUID, agent_id: uuid.UUID, call_id: uuid.UUID,
               now: datetime | None = None) -> uuid.UUID:
    """The outbound call's row, written when the agent starts calling (idempotent by ``call_id``)."""
    now = now or datetime.now(UTC)
    row = _held(session, task_id, agent_id)
    phone = session.scalar(sa.select(m.CustomerPhone.e164).where(m.CustomerPhone.customer_id == row.customer_id)
                           .order_by(m.CustomerPhone.is_primary.desc(), m.CustomerPhone.e164).limit(1))
    call = insert_once(session, m.RetentionCall(id=call_id, agent_id=agent_id, customer_id=row.customer_id,
                                                caller_e164=phone, started_at=now,
                                                direction=d.CallDirection.OUTBOUND))
    if call.direction != d.CallDirection.OUTBOUND and call.submitted_at is None:
        # An offer presented in the first moments made the row (inbound by default) first.
        call.direction = d.CallDirection.OUTBOUND
        session.flush()
    return call.id


def finish(session: Session, task_id: uuid.UUID, agent_id: uuid.UUID, call_id: uuid.UUID,
           now: datetime | None = None) -> None:
    """Close the task with its call; a callback task completes its callback too."""
    now = now or datetime.now(UTC)
    row = session.get(m.WorkTask, task_id, with_for_update=True, populate_existing=True)
    if row is not None and row.status == "done" and row.call_id == call_id:
        return  # sent again after a lost answer
    row = _held(session, task_id, agent_id)
    row.status, row.call_id, row.done_at = "done", call_id, now
    callback_id = (row.details or {}).get("callback_id") if row.kind == "callback" else None
    if callback_id:
        session.execute(sa.update(m.Callback).where(m.Callback.id == uuid.UUID(str(callback_id)),
                                                    m.Callback.status == d.CallbackStatus.OPEN)
                        .values(status=d.CallbackStatus.DONE, completed_at=now))
    session.flush()


def submit_task_call(session: Session, task_id: uuid.UUID, wrapup: WrapUp,
                     now: datetime | None = None) -> SubmittedCall:
    """Submit the outbound call's wrap-up and close the task with it, in one unit of work."""
    now = now or datetime.now(UTC)
    call = session.get(m.RetentionCall, wrapup.call_id)
    if call is None:
        start_call(session, task_id, wrapup.agent_id, wrapup.call_id, wrapup.started_at)
    submitted = submit_call(session, wrapup, now)
    finish(session, task_id, wrapup.agent_id, submitted.call_id, now)
    return submitted


def counts(session: Session, agent_id: uuid.UUID, team_id: uuid.UUID | None,
           now: datetime | None = None) -> dict[str, int]:
    """Workable tasks per kind in the agent's queue (the view's header)."""
    now = now or datetime.now(UTC)
    t = m.WorkTask
    rows: Sequence[sa.Row[Any]] = session.execute(
        sa.select(t.kind, sa.func.count()).where(_mine(agent_id, team_id), *_workable(now)).group_by(t.kind)).all()
    return {kind: n for kind, n in rows}


class WorkQueue:
    """The work queue for the person at a desk (``agent_desk.desk.Desk``): every method is
    one unit of work and may wait on the network; call it on a worker, never the GUI thread."""

    def __init__(self, desk: Any, hours: CallingHours | None = None) -> None:
        self.desk = desk
        self.hours = hours

    def _who(self) -> tuple[uuid.UUID, uuid.UUID | None]:
        user = self.desk.user
        if user is None:
            raise TaskError("nobody is signed in at this desk")
        return user.id, user.team_id

    def _hours(self, session: Session) -> CallingHours:
        if self.hours is not None:
            return self.hours
        from agent_desk.proactive.rules import policy_from

        values = {row.name: row.value for row in session.scalars(sa.select(m.QueuePolicy))}
        return policy_from(values).hours

    def next_task(self, now: datetime | None = None) -> QueueTask | None:
        me, team = self._who()
        with self.desk.factory() as session, session.begin():
            return claim_next(session, me, team, now, self._hours(session))

    def tasks(self, now: datetime | None = None) -> list[QueueTask]:
        me, team = self._who()
        with self.desk.factory() as session:
            return my_tasks(session, me, team, now)

    def skip(self, task_id: uuid.UUID, reason: str) -> None:
        me, _team = self._who()
        with self.desk.factory() as session, session.begin():
            skip(session, task_id, me, reason)

    def snooze(self, task_id: uuid.UUID, until: datetime, reason: str) -> None:
        me, _team = self._who()
        with self.desk.factory() as session, session.begin():
            snooze(session, task_id, me, until, reason)

    def start_call(self, task_id: uuid.UUID, call_id: uuid.UUID, at: datetime | None = None) -> uuid.UUID:
        me, _team = self._who()
        with self.desk.factory() as session, session.begin():
            return start_call(session, task_id, me, call_id, at)

    def finish(self, task_id: uuid.UUID, call_id: uuid.UUID) -> None:
        me, _team = self._who()
        with self.desk.factory() as session, session.begin():
            finish(session, task_id, me, call_id)

    def referrals(self, consented_only: bool = False) -> list[Any]:
        from agent_desk.proactive.referrals import list_referrals

        with self.desk.factory() as session:
            return list_referrals(session, consented_only=consented_only)
