"""Reading the audit trail for the audit screen (Qt-free).

Who may read what is the database's business: on PostgreSQL a team lead's session sees their
team's rows and an admin's all of them (row-level security of migration 0009), an agent's
none. This module only filters and shapes: a time window, one person, a text, a limit.
The text is data: it is matched with LIKE wildcards escaped, never put into SQL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import models as m

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
# A search box, not a document.
MAX_TEXT = 100


@dataclass(frozen=True)
class AuditRow:
    """One audited event, as the screen shows it.

    Attributes:
        occurred_at: when, UTC (the screen shows Israel time).
        who: the person's display name, else the database login, else "".
        action: insert / update / delete (the database's triggers) or the app's own word
            (``reveal_national_id``...).
        entity_type, entity_id: which row of which table.
        changed: the columns an update changed, sorted.
        where: the client's address and application, as the server saw them.
        details: the app's own details (a reveal's reason...).
    """

    id: uuid.UUID
    occurred_at: datetime
    actor_id: uuid.UUID | None
    who: str
    action: str
    entity_type: str
    entity_id: str
    changed: tuple[str, ...] = ()
    where: str = ""
    mutation_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def what(self) -> str:
        """"retention_calls 0193a4b2…: status, submitted_at" or the reveal's reason."""
        short = self.entity_id[:8] + ("…" if len(self.entity_id) > 8 else "")
        text = f"{self.entity_type} {short}".strip()
        extra = self.details.get("reason") if isinstance(self.details, dict) else None
        if extra:
            return f"{text}: {extra}"
        return f"{text}: {', '.join(self.changed)}" if self.changed else text


@dataclass(frozen=True)
class AuditFilter:
    """What the audit screen asks for: [since, until), one person or all, a text."""

    since: datetime
    until: datetime
    agent_id: uuid.UUID | None = None
    text: str | None = None
    limit: int = DEFAULT_LIMIT


def recent_audit(session: Session, *, since: datetime, until: datetime, agent_id: uuid.UUID | None = None,
                 text: str | None = None, limit: int = DEFAULT_LIMIT) -> list[AuditRow]:
    """The newest audit events in [since, until), newest first, at most ``limit``.

    ``text`` matches (case-insensitively) the action, the table, the row's key, the person's
    name or login, the address and the values recorded.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    event = m.AuditEvent
    query = (
        sa.select(event, m.Agent.display_name)
        .outerjoin(m.Agent, m.Agent.id == event.actor_id)
        .where(event.occurred_at >= since, event.occurred_at < until)
    )
    if agent_id is not None:
        query = query.where(event.actor_id == agent_id)
    words = (text or "").strip()[:MAX_TEXT]
    if words:
        fields = (
            event.action, event.entity_type, event.entity_id, m.Agent.display_name, m.Agent.username,
            event.db_user, event.client_addr, event.application,
            sa.cast(event.details, sa.Text), sa.cast(event.new_values, sa.Text), sa.cast(event.old_values, sa.Text),
        )
        query = query.where(sa.or_(*(sa.func.coalesce(f, "").icontains(words, autoescape=True) for f in fields)))
    query = query.order_by(event.occurred_at.desc(), event.id.desc()).limit(limit)
    return [_row(found, name) for found, name in session.execute(query)]


def _row(event: m.AuditEvent, name: str | None) -> AuditRow:
    # An update's row keeps only the columns it changed; an insert or delete is the whole row.
    values = dict(event.new_values or {}) if event.action == "update" else {}
    where = ", ".join(filter(None, (event.client_addr, event.application)))
    details = event.details if isinstance(event.details, dict) else {}
    return AuditRow(
        id=event.id, occurred_at=event.occurred_at, actor_id=event.actor_id,
        who=name or event.db_user or "", action=event.action, entity_type=event.entity_type,
        entity_id=event.entity_id, changed=tuple(sorted(values)), where=where,
        mutation_id=event.mutation_id, details=details,
    )


def audit_people(session: Session, team_id: uuid.UUID | None = None) -> list[tuple[uuid.UUID, str]]:
    """The people the agent filter offers (a team's, or everyone), by name."""
    query = sa.select(m.Agent.id, m.Agent.display_name).order_by(m.Agent.display_name)
    if team_id is not None:
        query = query.where(m.Agent.team_id == team_id)
    return [(agent_id, name) for agent_id, name in session.execute(query)]
