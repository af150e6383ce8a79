"""The call log's tables on real PostgreSQL, each person through their own login: a lead
corrects their team's calls (not their own, not another team's), an agent reads the
corrections of their own calls only and writes none, saved filters are their owner's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.data import call_log as cl
from agent_desk.data import demo
from agent_desk.data import models as m
from agent_desk.data.db import make_engine

pytestmark = pytest.mark.postgres


def _agent_id(url: str, owner_url: str) -> uuid.UUID:
    engine = make_engine(owner_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.select(m.Agent.id).where(
                m.Agent.username == sa.engine.make_url(url).username))
    finally:
        engine.dispose()


@pytest.fixture
def desk(pg_desk_url: str, pg_login):
    owner = make_engine(pg_desk_url)
    with Session(owner) as session, session.begin():
        demo.ensure_reference_data(session)
    urls = {"lead": pg_login(pg_desk_url, "lead", "lead", team="North"),
            "avi": pg_login(pg_desk_url, "avi", "agent", team="North"),
            "chen": pg_login(pg_desk_url, "chen", "agent", team="South"),
            "admin": pg_login(pg_desk_url, "admin", "admin")}
    ids = {name: _agent_id(url, pg_desk_url) for name, url in urls.items()}
    calls = {}
    now = datetime.now(UTC)
    with Session(owner) as session, session.begin():  # set-up: submitted calls, as the owner
        for name in ("avi", "chen", "lead"):
            call_id = uuid.uuid4()
            session.add(m.RetentionCall(id=call_id, agent_id=ids[name], started_at=now - timedelta(hours=1),
                                        ended_at=now - timedelta(minutes=50), disposition_code="cancelled",
                                        script_path=[], submitted_at=now - timedelta(minutes=45)))
            calls[name] = call_id
    engines = {name: make_engine(url) for name, url in urls.items()}
    yield urls, ids, calls, engines
    for engine in (*engines.values(), owner):
        engine.dispose()


def _insert_correction(engine: sa.Engine, call_id: uuid.UUID, who: uuid.UUID) -> None:
    with engine.begin() as connection:
        connection.execute(sa.insert(m.CallCorrection).values(
            id=uuid.uuid4(), created_at=datetime.now(UTC), call_id=call_id,
            call_started_at=datetime(2000, 1, 1, tzinfo=UTC), corrected_by=who, corrected_at=datetime.now(UTC),
            field="outcome", old_value="cancelled", new_value="saved",
            why="Direct write"))


def test_a_lead_corrects_the_team_and_agents_read_their_own(desk) -> None:
    urls, ids, calls, engines = desk
    lead = cl.CallLogService(sessionmaker(engines["lead"]), ids["lead"], None)
    lead.correct(calls["avi"], "outcome", "saved", "Avi picked the wrong outcome")
    assert lead.entry(calls["avi"]).outcome == "saved"

    # The database itself refuses what the app refuses, whoever writes the row.
    for call, who in ((calls["chen"], ids["lead"]), (calls["lead"], ids["lead"]), (calls["avi"], ids["avi"])):
        with pytest.raises(sa.exc.ProgrammingError):  # RLS violation or no INSERT privilege
            _insert_correction(engines["lead"], call, who)
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        _insert_correction(engines["avi"], calls["avi"], ids["avi"])
    # An admin corrects any call, as themself; the call's start is the call's, whatever was sent.
    _insert_correction(engines["admin"], calls["chen"], ids["admin"])
    with engines["admin"].connect() as connection:
        stamped = connection.scalar(sa.select(m.CallCorrection.call_started_at)
                                    .where(m.CallCorrection.call_id == calls["chen"]))
        started = connection.scalar(sa.select(m.RetentionCall.started_at).where(m.RetentionCall.id == calls["chen"]))
    assert stamped == started

    def visible(name: str) -> set[uuid.UUID]:
        with engines[name].connect() as connection:
            return set(connection.scalars(sa.select(m.CallCorrection.call_id)))

    assert visible("avi") == {calls["avi"]}  # the correction of his own call
    assert visible("chen") == {calls["chen"]}
    assert visible("lead") == {calls["avi"]}  # the team's calls only
    assert visible("admin") == {calls["avi"], calls["chen"]}
    # What the agent sees in the log follows: his call shows the corrected outcome.
    avi = cl.CallLogService(sessionmaker(engines["avi"]), ids["avi"], None)
    assert avi.entry(calls["avi"]).outcome == "saved"


def test_saved_filters_are_their_owners_only(desk) -> None:
    urls, ids, calls, engines = desk
    avi = cl.CallLogService(sessionmaker(engines["avi"]), ids["avi"], None)
    lead = cl.CallLogService(sessionmaker(engines["lead"]), ids["lead"], None)
    saved = avi.save_filter("Mine", cl.CallFilter(outcome="cancelled"))
    lead.save_filter("The team's", cl.CallFilter())
    assert [s.name for s in avi.saved_filters()] == ["Mine"]
    assert [s.name for s in lead.saved_filters()] == ["The team's"]
    assert lead.delete_filter(saved.id) is False
    # Writing a filter in someone else's name is refused.
    with pytest.raises(sa.exc.ProgrammingError), engines["lead"].begin() as connection:
        connection.execute(sa.insert(m.SavedFilter).values(
            id=uuid.uuid4(), created_at=datetime.now(UTC), updated_at=datetime.now(UTC),
            owner_id=ids["avi"], name="Planted", filter={}))
    assert [s.name for s in avi.saved_filters()] == ["Mine"]
