"""Which customers an agent's desk should hold for offline work (issue 12, item 1).

Asked of the server as the agent's own login now and then by the sync worker, most pressing
first, up to the desk's cap: the customers of the agent's open callbacks and of their team
queue's, of the work-queue tasks the agent may work (their own, their team's, everyone's,
soonest first), and of the open incidents (callers of an outage ring in waves). Customers the
agent viewed recently are held as they are viewed (``LocalStore.hold``); the store forgets the
least recently needed beyond the cap.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import DeskUser
from agent_desk.data import models as m

# Callbacks due within this window (later ones are fetched at a later round).
CALLBACK_HORIZON = timedelta(days=7)


def needed_customers(session: Session, user: DeskUser, limit: int, now: datetime | None = None) -> list[uuid.UUID]:
    """At most ``limit`` customer ids, most pressing first, no repeats."""
    now = now or datetime.now(UTC)
    found: dict[uuid.UUID, None] = {}

    def add(query: sa.Select) -> None:
        room = limit - len(found)
        if room <= 0:
            return
        for customer_id in session.scalars(query.limit(room + len(found))):
            if customer_id is not None and len(found) < limit:
                found.setdefault(customer_id, None)

    cb = m.Callback
    mine_or_team = sa.or_(cb.owner_agent_id == user.id,
                          sa.and_(cb.owner_agent_id.is_(None), cb.owner_team_id == user.team_id)
                          if user.team_id is not None else sa.false())
    add(sa.select(cb.customer_id).where(cb.status == d.CallbackStatus.OPEN, mine_or_team,
                                        cb.customer_id.is_not(None), cb.due_at <= now + CALLBACK_HORIZON)
        .order_by(cb.due_at))
    task = m.WorkTask
    workable = sa.or_(task.agent_id == user.id, task.claimed_by == user.id,
                      sa.and_(task.agent_id.is_(None), sa.or_(task.team_id.is_(None), task.team_id == user.team_id)))
    add(sa.select(task.customer_id).where(task.status.in_(("new", "claimed", "snoozed")), workable)
        .order_by(task.due_on, task.priority.desc()))
    add(_incident_customers(session, now))
    return list(found)


def _incident_customers(session: Session, now: datetime) -> sa.Select:
    """Customers the open incidents touch (in an affected region, with a live product of an
    affected kind), the most recently updated first."""
    from agent_desk.outage import open_incidents

    incidents = open_incidents(session, now)
    c, s, p = m.Customer, m.Subscription, m.Product
    conditions = []
    for incident in incidents:
        parts = []
        if incident.regions:
            parts.append(c.region.in_(list(incident.regions)))
        if incident.products:
            categories = [d.ProductCategory(x) for x in incident.products if x in d.ProductCategory._value2member_map_]
            parts.append(sa.exists().where(s.customer_id == c.id, s.status != d.SubscriptionStatus.CANCELLED,
                                           s.product_id == p.id, p.category.in_(categories)))
        conditions.append(sa.and_(*parts) if parts else sa.true())
    if not conditions:
        return sa.select(c.id).where(sa.false())
    return sa.select(c.id).where(sa.or_(*conditions)).order_by(c.updated_at.desc().nulls_last(), c.id)
