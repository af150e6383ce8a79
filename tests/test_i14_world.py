"""Builders for the work-queue tests (no tests here): customers made with exactly the history a rule
looks for (birthdays, purchases, complaints, surveys, commitments, consent), by name."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.proactive.calendar import ISRAEL

WEDNESDAY = date(2026, 11, 25)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """``hour:minute`` Israel time on ``day``, in UTC."""
    return datetime.combine(day, time(hour, minute), ISRAEL).astimezone(UTC)


class World:
    """Builds rows in one session; ``commit()`` when done.

    ``people``: the ``as_person`` fixture, for :meth:`engine_of` (acting as a person)."""

    def __init__(self, url: str, people: Callable[[str, str], str] | None = None) -> None:
        self.url = url
        self.people = people
        self._engines: dict[uuid.UUID, Engine] = {}
        self.engine = make_engine(url)
        migrate.upgrade(self.engine)
        self.session = Session(self.engine)
        demo.ensure_reference_data(self.session)
        self.product = self.session.scalars(sa.select(m.Product).order_by(m.Product.code)).first()
        self.team, self.other_team = self._team("North"), self._team("South")
        self.agents: dict[str, m.Agent] = {}
        self.customers: dict[str, m.Customer] = {}
        self._n = 0

    def _team(self, name: str) -> m.Team:
        team = self.session.scalar(sa.select(m.Team).where(m.Team.name == name))
        if team is None:
            team = m.Team(name=name)
            self.session.add(team)
            self.session.flush()
        return team

    def agent(self, name: str, team: m.Team | None = None, role: d.Role = d.Role.AGENT) -> m.Agent:
        agent = m.Agent(username=name, display_name=name.title(), role=role,
                        team_id=(team or self.team).id if role != d.Role.ADMIN else None)
        self.session.add(agent)
        self.session.flush()
        self.agents[name] = agent
        return agent

    def customer(self, name: str, *, tier: str = "bronze", birth: date | None = None, since: date | None = None,
                 marketing: bool = False, calls: bool = False, sms: bool = False, language: str = "he",
                 status: d.CustomerStatus = d.CustomerStatus.ACTIVE) -> m.Customer:
        self._n += 1
        customer = m.Customer(
            account_number=f"{90_000_000 + self._n}", first_name=name.title(), last_name="Cohen",
            first_name_latin=name.title(), last_name_latin="Cohen", birth_date=birth,
            gender=d.Gender.FEMALE if self._n % 2 else d.Gender.MALE, preferred_language=language,
            consent_marketing=marketing, consent_calls=calls, consent_sms=sms, value_tier=d.ValueTier(tier),
            status=status, customer_since=since or WEDNESDAY - timedelta(days=400))
        self.session.add(customer)
        self.session.flush()
        self.session.add(m.CustomerPhone(customer_id=customer.id, e164=f"+97254{1000000 + self._n}",
                                         kind=d.PhoneKind.MOBILE, is_primary=True))
        self.customers[name] = customer
        return customer

    def subscription(self, who: str, *, commitment_end: date | None = None,
                     status: d.SubscriptionStatus = d.SubscriptionStatus.ACTIVE) -> None:
        self.session.add(m.Subscription(customer_id=self.customers[who].id, product_id=self.product.id,
                                        monthly_price=Decimal("99.90"), started_on=WEDNESDAY - timedelta(days=300),
                                        commitment_end=commitment_end, status=status))

    def interaction(self, who: str, kind: d.InteractionKind, when: datetime, *,
                    direction: d.Direction = d.Direction.INBOUND, resolved_at: datetime | None = None) -> None:
        case = None
        if kind in (d.InteractionKind.COMPLAINT, d.InteractionKind.TICKET):
            case = d.CaseStatus.RESOLVED if resolved_at else d.CaseStatus.OPEN
        self.session.add(m.Interaction(customer_id=self.customers[who].id, kind=kind, channel=d.Channel.PHONE,
                                       direction=direction, occurred_at=when, subject=f"{kind.value} of {who}",
                                       case_status=case, resolved_at=resolved_at))

    def survey(self, who: str, kind: d.SurveyKind, score: int, when: datetime) -> None:
        self.session.add(m.SurveyResponse(customer_id=self.customers[who].id, kind=kind, score=score,
                                          responded_at=when))

    def callback(self, who: str, due_at: datetime, agent: m.Agent) -> m.Callback:
        callback = m.Callback(customer_id=self.customers[who].id, owner_agent_id=agent.id, owner_team_id=agent.team_id,
                              due_at=due_at, status=d.CallbackStatus.OPEN, created_by=agent.id, note="call back")
        self.session.add(callback)
        self.session.flush()
        return callback

    def commit(self) -> None:
        self.session.commit()

    def engine_of(self, agent: m.Agent) -> Engine:
        """An engine that acts as ``agent`` (committed already): on PostgreSQL their own login,
        so row-level security and grants apply as they would at their desk; on SQLite the
        file's (one local user)."""
        if agent.id not in self._engines:
            assert self.people is not None, "World(url, people=as_person) to act as a person"
            self._engines[agent.id] = make_engine(self.people(self.url, agent.username))
        return self._engines[agent.id]

    def close(self) -> None:
        self.session.close()
        for engine in self._engines.values():
            engine.dispose()
        self.engine.dispose()


def tasks_by_name(session: Session, world: World, day: date | None = None) -> set[tuple[str, str]]:
    """{(customer name, task kind)} of the tasks due on ``day`` (all days when None)."""
    names = {c.id: n for n, c in world.customers.items()}
    query = sa.select(m.WorkTask.customer_id, m.WorkTask.kind)
    if day is not None:
        query = query.where(m.WorkTask.due_on == day)
    return {(names[cid], kind) for cid, kind in session.execute(query)}


def new_key() -> uuid.UUID:
    return uuid.uuid4()
