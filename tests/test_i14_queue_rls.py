"""The work queue under row-level security on real PostgreSQL: an agent sees and claims only
their own, their team's and the desk's unassigned tasks, and only as themselves; a lead sees
the team's; everyone reads the rules; only admins change them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.proactive import work
from agent_desk.proactive.rules import bundled_rules_file, read_file, store
from tests.test_i14_world import WEDNESDAY, World, at

pytestmark = pytest.mark.usefixtures("pg_server")


def _agent_id(session: Session, login: str):
    return session.scalar(sa.select(m.Agent.id).where(m.Agent.username == login))


def test_agents_see_and_claim_their_own_and_their_teams_tasks(pg_desk_url: str, pg_login) -> None:
    dana_url = pg_login(pg_desk_url, "dana", "agent", team="North")
    sara_url = pg_login(pg_desk_url, "sara", "agent", team="South")
    lead_url = pg_login(pg_desk_url, "lea", "lead", team="North")
    world = World(pg_desk_url)
    try:
        store(world.session, read_file(bundled_rules_file()))
        north = world.session.scalar(sa.select(m.Team).where(m.Team.name == "North"))
        south = world.session.scalar(sa.select(m.Team).where(m.Team.name == "South"))
        names = {}
        for name, team in (("north_task", north), ("south_task", south), ("desk_task", None)):
            world.customer(name)
            task = m.WorkTask(customer_id=world.customers[name].id, rule_code="purchase_follow_up", kind="follow_up",
                              reason_key=f"t:{name}", details={}, priority=50, channel="phone", due_on=WEDNESDAY,
                              team_id=team.id if team else None)
            world.session.add(task)
            world.session.flush()
            names[task.id] = name
        world.commit()
    finally:
        world.close()
    now = at(WEDNESDAY, 10)
    dana_engine, sara_engine, lead_engine = (make_engine(u) for u in (dana_url, sara_url, lead_url))
    try:
        with Session(dana_engine) as session:
            assert {names[t] for t in session.scalars(sa.select(m.WorkTask.id))} == {"north_task", "desk_task"}
            assert session.scalar(sa.select(sa.func.count()).select_from(m.QueueRule)) >= 9
        dana_login = sa.engine.make_url(dana_url).username
        with Session(dana_engine) as session, session.begin():
            me = session.scalar(sa.select(m.Agent).where(m.Agent.username == dana_login))
            first = work.claim_next(session, me.id, me.team_id, now)
            second_id = None
            work.skip(session, first.id, me.id, "test")
            second = work.claim_next(session, me.id, me.team_id, now)
            second_id = second.id
            assert {names[first.id], names[second.id]} == {"north_task", "desk_task"}
            assert work.claim_next(session, me.id, me.team_id, now).id == second_id  # held
        # Claiming in someone else's name is refused by the server.
        with Session(sara_engine) as session, session.begin():
            sara = session.scalar(sa.select(m.Agent).where(m.Agent.username == sa.engine.make_url(sara_url).username))
            dana_id = _agent_id(session, dana_login)
            south = work.claim_next(session, sara.id, sara.team_id, now)
            assert names[south.id] == "south_task"
            with pytest.raises(sa.exc.ProgrammingError), session.begin_nested():
                session.execute(sa.update(m.WorkTask).where(m.WorkTask.id == south.id)
                                .values(claimed_by=dana_id, claimed_at=now + timedelta(minutes=1)))
        # The lead reads the team's tasks (not the south team's).
        with Session(lead_engine) as session:
            seen = {names[t] for t in session.scalars(sa.select(m.WorkTask.id))}
            assert "north_task" in seen and "south_task" not in seen
        # Rules are data only admins change.
        with Session(dana_engine) as session, pytest.raises(sa.exc.ProgrammingError):
            session.execute(sa.update(m.QueueRule).values(enabled=False))
            session.flush()
    finally:
        for engine in (dana_engine, sara_engine, lead_engine):
            engine.dispose()
