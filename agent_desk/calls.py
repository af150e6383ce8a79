"""Who is at the desk, and the call a presentation belongs to (Qt-free services).

The call lifecycle (handle time, wrap-up, submit) grows here; for now a call row is made
the first time something must be recorded against it, so casual lookups leave no rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.ids import new_id

RowT = TypeVar("RowT", bound=m.ClientRow)


def insert_once(session: Session, row: RowT) -> RowT:
    """Add ``row`` unless a row with its key is there already (a retry racing its first
    attempt): then the row already stored is returned, and nothing fails."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except sa.exc.IntegrityError:
        existing = session.get(type(row), row.id, populate_existing=True)
        if existing is None:
            raise
        return existing
    return row


@dataclass(frozen=True)
class DeskUser:
    """The person using this desktop."""

    id: uuid.UUID
    username: str
    display_name: str
    role: d.Role
    team_id: uuid.UUID | None
    offer_authority: Decimal
    # Which Hebrew form the script uses for the agent's own words; unknown shows both.
    gender: d.Gender = d.Gender.UNKNOWN


def desk_user(session: Session, username: str = "", role: d.Role = d.Role.AGENT) -> DeskUser | None:
    """The configured user, or (demo and first runs) the first active user with ``role``."""
    query = sa.select(m.Agent).where(m.Agent.active)
    query = query.where(m.Agent.username == username) if username else query.where(m.Agent.role == role)
    agent = session.scalars(query.order_by(m.Agent.username).limit(1)).first()
    if agent is None:
        return None
    return DeskUser(agent.id, agent.username, agent.display_name, agent.role, agent.team_id, agent.offer_authority,
                    agent.gender)


def ensure_call(
    session: Session, call_id: uuid.UUID | None, agent_id: uuid.UUID, customer_id: uuid.UUID | None,
    caller_e164: str | None, started_at: datetime, reason: str | None = None,
) -> uuid.UUID:
    """The call's row, made now if it does not exist yet (the key is the client's)."""
    call = session.get(m.RetentionCall, call_id) if call_id else None
    if call is None:
        call = insert_once(session, m.RetentionCall(id=call_id or new_id(), agent_id=agent_id,
                                                     customer_id=customer_id, caller_e164=caller_e164,
                                                     started_at=started_at))
    if reason and call.submitted_at is None:
        call.primary_reason_code = reason
    session.flush()
    return call.id

