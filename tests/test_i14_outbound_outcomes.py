"""The outcomes of a call the desk makes (issue 14: reached, no answer, left a message):
written with the reference data on a new database, added by migration 0018 to an existing
one, and taken out again by its downgrade unless a call already ended with one."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.reference import DISPOSITIONS
from agent_desk.ids import new_id
from agent_desk.wrapup import OUTBOUND_ONLY
from tests.conftest import AS_OF


def _outcomes(engine: sa.Engine) -> dict[str, tuple[str, str, bool, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT code, label_he, label_en, counts_as_save, is_cancellation FROM dispositions")).all()
    return {code: (he, en, bool(save), bool(cancel)) for code, he, en, save, cancel in rows}


def test_the_reference_data_has_the_outcomes_of_a_call_we_make() -> None:
    starter = {code: (save, cancel) for code, _he, _en, save, cancel in DISPOSITIONS}
    assert all(starter[code] == (False, False) for code in OUTBOUND_ONLY)  # neither a save nor a cancellation


def test_the_migration_adds_them_to_an_existing_database_and_the_downgrade_keeps_a_used_one(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        migrate.upgrade(engine, "0017")
        assert _outcomes(engine) == {}
        migrate.upgrade(engine)
        assert _outcomes(engine) == {}, "an empty table is the reference data's to fill"
        demo.generate(engine, 5, seed=3, as_of=AS_OF)
        migrate.downgrade(engine, "0017")  # a desk database from before the outbound outcomes
        before = _outcomes(engine)
        assert not set(OUTBOUND_ONLY) & set(before) and "saved" in before
        with engine.begin() as connection:  # an admin had added one of them already, in their words
            connection.execute(sa.text(
                "INSERT INTO dispositions (code, label_he, label_en, counts_as_save, is_cancellation, sort_order, "
                "active) VALUES ('no_answer', 'לא ענו', 'Nobody answered', false, false, 99, true)"))

        migrate.upgrade(engine)

        after = _outcomes(engine)
        assert after["reached"] == ("שיחה התקיימה", "Reached: we talked", False, False)
        assert after["left_message"] == ("הושארה הודעה", "Left a message", False, False)
        assert after["no_answer"] == ("לא ענו", "Nobody answered", False, False)
        with Session(engine) as session, session.begin():  # a call we made ended "reached"
            agent = session.scalars(sa.select(m.Agent.id).limit(1)).one()
            session.add(m.RetentionCall(id=new_id(), agent_id=agent, started_at=datetime.now(UTC),
                                        direction=d.CallDirection.OUTBOUND, disposition_code="reached"))
        migrate.downgrade(engine, "0017")
        left = _outcomes(engine)
        assert "reached" in left and "left_message" not in left
    finally:
        engine.dispose()
