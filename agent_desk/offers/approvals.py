"""Team-lead approval for offers above an agent's authority.

The agent asks in one click (:func:`request_approval`); the lead sees the request live and
approves or declines with a reason (:func:`decide`); the agent sees the answer. A request
nobody answers by ``expires_at`` expires (:func:`expire_overdue`) and the agent falls back
to the best offer within their own authority. Every request and answer is a row.

"Live" is PostgreSQL ``LISTEN``/``NOTIFY``: a request notifies channel
``agent_desk_approvals`` and a decision ``agent_desk_decisions``, delivered when the
transaction commits. :class:`ApprovalListener` waits for them on a connection of its own
(run it on a worker, never the GUI thread). SQLite has no notifications; clients poll
(:func:`pending_requests`, :func:`approval_state`) every few seconds instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import insert_once
from agent_desk.data import models as m

if TYPE_CHECKING:
    from agent_desk.desk import Desk

REQUESTS_CHANNEL = "agent_desk_approvals"
DECISIONS_CHANNEL = "agent_desk_decisions"
DEFAULT_TIMEOUT = timedelta(seconds=90)


class ApprovalError(ValueError):
    """The request cannot be decided (already decided, expired, or not found)."""


class NotAllowed(ApprovalError):
    """The person may not decide this request: only a team lead decides, within their own
    team, and never their own request. (On PostgreSQL the database refuses it too.)"""


def _notify(session: Session, channel: str, payload: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_notify(channel, payload)))


def request_approval(
    session: Session, call_id: uuid.UUID, offer_id: uuid.UUID, agent_id: uuid.UUID,
    presentation_id: uuid.UUID | None = None, now: datetime | None = None, timeout: timedelta = DEFAULT_TIMEOUT,
    request_id: uuid.UUID | None = None,
) -> m.ApprovalRequest:
    """Ask the agent's team lead. With ``request_id`` (the desk's own key) a retry returns
    the request already there: no second request, no second notice, no error."""
    now = now or datetime.now(UTC)
    if request_id is not None:
        existing = session.get(m.ApprovalRequest, request_id)
        if existing is not None:
            return existing
    agent = session.get_one(m.Agent, agent_id)
    request = m.ApprovalRequest(
        call_id=call_id, presentation_id=presentation_id, offer_id=offer_id, requested_by=agent_id,
        team_id=agent.team_id, requested_at=now, expires_at=now + timeout, status=d.ApprovalStatus.PENDING,
    )
    if request_id is not None:
        request.id = request_id
    stored = insert_once(session, request)
    if stored is request:
        _notify(session, REQUESTS_CHANNEL, f"{request.team_id}:{request.id}")
    return stored


def team_lead_name(session: Session, team_id: uuid.UUID | None) -> str | None:
    """The name of the team lead who sees a request from this team (the first, by name,
    when a team has more than one); None when the team has no active lead."""
    if team_id is None:
        return None
    return session.scalar(
        sa.select(m.Agent.display_name)
        .where(m.Agent.team_id == team_id, m.Agent.role == d.Role.TEAM_LEAD, m.Agent.active)
        .order_by(m.Agent.display_name).limit(1))


def decide(
    session: Session, request_id: uuid.UUID, lead_id: uuid.UUID, approve: bool, reason: str,
    now: datetime | None = None,
) -> m.ApprovalRequest:
    """Approve or decline a pending request (with the lead's reason).

    Raises :class:`NotAllowed` when ``lead_id`` is not an active team lead of the request's
    team, or asked for it themself.
    """
    now = now or datetime.now(UTC)
    lead = session.get(m.Agent, lead_id)
    if lead is None or not lead.active or lead.role != d.Role.TEAM_LEAD:
        raise NotAllowed("only a team lead can approve or decline an offer")
    # Read before locking: on PostgreSQL a lead's own request is not theirs to lock, and the
    # lead should hear why rather than "no such request".
    request = session.get(m.ApprovalRequest, request_id)
    if request is None:
        raise ApprovalError("no such approval request")
    if request.requested_by == lead_id:
        raise NotAllowed("a team lead cannot decide their own request; another lead must")
    if request.team_id != lead.team_id:
        raise NotAllowed("the request is from another team")
    request = session.get(m.ApprovalRequest, request_id, with_for_update=True, populate_existing=True)
    if request is None:
        raise ApprovalError("no such approval request")
    if request.status != d.ApprovalStatus.PENDING:
        raise ApprovalError(f"the request is already {request.status.value}")
    if now >= request.expires_at:
        request.status = d.ApprovalStatus.EXPIRED
        session.flush()
        raise ApprovalError("the request expired before the answer")
    if not reason.strip():
        raise ApprovalError("a reason is needed")
    request.status = d.ApprovalStatus.APPROVED if approve else d.ApprovalStatus.DECLINED
    request.decided_by, request.decided_at, request.decision_reason = lead_id, now, reason.strip()
    if request.presentation_id is not None:
        presentation = session.get(m.OfferPresentation, request.presentation_id)
        if presentation is not None and presentation.response == d.OfferResponse.PENDING_APPROVAL:
            presentation.response = d.OfferResponse.OFFERED if approve else d.OfferResponse.WITHDRAWN
    session.flush()
    _notify(session, DECISIONS_CHANNEL, str(request.id))
    return request


def expire_overdue(session: Session, now: datetime | None = None) -> list[uuid.UUID]:
    """Expire pending requests past their time; returns their ids (and tells the agents)."""
    now = now or datetime.now(UTC)
    overdue = list(session.scalars(
        sa.select(m.ApprovalRequest.id).where(m.ApprovalRequest.status == d.ApprovalStatus.PENDING,
                                              m.ApprovalRequest.expires_at <= now)))
    if overdue:
        session.execute(sa.update(m.ApprovalRequest).where(m.ApprovalRequest.id.in_(overdue))
                        .values(status=d.ApprovalStatus.EXPIRED, decided_at=now))
        for request_id in overdue:
            _notify(session, DECISIONS_CHANNEL, str(request_id))
    return overdue


@dataclass(frozen=True)
class ApprovalState:
    id: uuid.UUID
    status: d.ApprovalStatus
    reason: str | None
    decided_by: str | None
    expires_at: datetime


def approval_state(session: Session, request_id: uuid.UUID) -> ApprovalState:
    request = session.get_one(m.ApprovalRequest, request_id)
    lead = session.get(m.Agent, request.decided_by) if request.decided_by else None
    return ApprovalState(request.id, request.status, request.decision_reason,
                         lead.display_name if lead else None, request.expires_at)


@dataclass(frozen=True)
class PendingApproval:
    """What a lead needs to decide: who asks, for whom, what, and what it costs."""

    id: uuid.UUID
    requested_at: datetime
    expires_at: datetime
    agent_name: str
    customer_name: str
    value_tier: str
    reason_he: str | None
    reason_en: str | None
    offer_he: str
    offer_en: str
    cost: Decimal | None
    expected_value: Decimal | None


def pending_requests(session: Session, team_id: uuid.UUID | None, now: datetime | None = None) -> list[PendingApproval]:
    now = now or datetime.now(UTC)
    r, call, reason = m.ApprovalRequest, m.RetentionCall, sa.orm.aliased(m.CancellationReason)
    rows = session.execute(
        sa.select(r.id, r.requested_at, r.expires_at, m.Agent.display_name, m.Customer.first_name,
                  m.Customer.last_name, m.Customer.value_tier, reason.label_he, reason.label_en, m.Offer.title_he,
                  m.Offer.title_en, m.OfferPresentation.cost, m.OfferPresentation.expected_value)
        .join(m.Agent, m.Agent.id == r.requested_by)
        .join(call, call.id == r.call_id)
        .outerjoin(m.Customer, m.Customer.id == call.customer_id)
        .outerjoin(reason, reason.code == call.primary_reason_code)
        .join(m.Offer, m.Offer.id == r.offer_id)
        .outerjoin(m.OfferPresentation, m.OfferPresentation.id == r.presentation_id)
        .where(r.status == d.ApprovalStatus.PENDING, r.expires_at > now,
               r.team_id == team_id if team_id is not None else sa.true())
        .order_by(r.requested_at)
    ).all()
    return [
        PendingApproval(row[0], row[1], row[2], row[3], f"{row[4] or ''} {row[5] or ''}".strip(),
                        getattr(row[6], "value", row[6] or ""), row[7], row[8], row[9], row[10], row[11], row[12])
        for row in rows
    ]


class ApprovalListener:
    """Waits for approval notifications on a PostgreSQL connection of its own.

    Blocking by design: run :meth:`wait` on a worker thread. Example::

        with ApprovalListener(url, [DECISIONS_CHANNEL]) as listener:
            for channel, payload in listener.wait(timeout=5.0):
                ...
    """

    def __init__(self, url: str, channels: list[str]) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            raise ValueError("notifications need PostgreSQL; poll on SQLite")
        self._conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._channels = channels
        self._connection: psycopg.Connection | None = None

    def __enter__(self) -> ApprovalListener:
        self._connection = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
        for channel in self._channels:
            self._connection.execute(f"LISTEN {channel}")
        return self

    def wait(self, timeout: float, stop_after: int | None = None) -> list[tuple[str, str]]:
        """Notifications that arrive within ``timeout`` seconds (at most ``stop_after``)."""
        assert self._connection is not None, "use the listener in a with block"
        return [(n.channel, n.payload)
                for n in self._connection.notifies(timeout=timeout, stop_after=stop_after)]

    def __exit__(self, *exc: object) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def listener_for(desk: Desk, channels: tuple[str, ...] = (REQUESTS_CHANNEL, DECISIONS_CHANNEL),
                 ) -> Callable[[], ApprovalListener] | None:
    """How to listen for approval notices on the desk's database, as the desk's own login;
    None where there are none (SQLite: poll instead). Each call of the result makes a new
    listener (a reconnect after a drop)."""
    bind = desk.factory.kw.get("bind")
    if not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
        return None
    url = bind.url.render_as_string(hide_password=False)
    return lambda: ApprovalListener(url, list(channels))
