"""Issue 9, item 11: cancellation confirmation numbers are unique, readable, and checked.

They used to be six digits of the call id (a 39 % chance of a repeat per thousand
cancellations) with nothing in the schema to stop a repeat.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk import wrapup as wrapup_module
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.ids import (
    CONFIRMATION_ALPHABET,
    confirmation_number_of_key,
    new_confirmation_number,
    new_id,
    read_confirmation_number,
)
from agent_desk.wrapup import WrapUp, amend_call, submit_call

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
READABLE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$")


def test_ten_thousand_numbers_are_distinct_and_read_well() -> None:
    numbers = [new_confirmation_number() for _ in range(10_000)]
    assert len(set(numbers)) == 10_000
    for number in numbers:
        assert READABLE.match(number), number  # three short groups; no I, L, O or U
        assert read_confirmation_number(number) == number
    # What an agent types back from a customer's voice finds the same number.
    spoken = numbers[0].lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert read_confirmation_number(spoken) == numbers[0]


def test_a_misheard_symbol_or_swapped_neighbours_are_caught() -> None:
    rng = random.Random(9)
    for _ in range(2_000):
        number = new_confirmation_number(rng).replace("-", "")
        place = rng.randrange(len(number))
        wrong = rng.choice([s for s in CONFIRMATION_ALPHABET if s != number[place]])
        assert read_confirmation_number(number[:place] + wrong + number[place + 1:]) is None
        place = rng.randrange(len(number) - 1)
        pair = number[place:place + 2]
        if pair[0] != pair[1] and set(pair) != {"0", "Z"}:  # the one pair Luhn mod 32 cannot see
            swapped = number[:place] + pair[::-1] + number[place + 2:]
            assert read_confirmation_number(swapped) is None
    assert read_confirmation_number("ABC") is None and read_confirmation_number("UUUU-UUUU-UUU") is None


def test_numbers_made_from_distinct_demo_keys_never_repeat() -> None:
    base = 1_764_000_000_000
    keys = [f"{(base + n) << 80 | 0x7 << 76:032x}" for n in range(0, 60_000, 3)]
    numbers = {confirmation_number_of_key(key, salt) for key, salt in zip(keys, range(len(keys)), strict=True)}
    assert len(numbers) == len(keys) and all(READABLE.match(n) for n in numbers)


@pytest.fixture
def desk(any_db_url: str, as_person):
    """Set up as the owner; the tests act as the agent (on PostgreSQL his own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        agent = m.Agent(username="c", display_name="Chen", role=d.Role.AGENT)
        session.add(agent)
        session.flush()
        agent_id = agent.id
    owner.dispose()
    engine = make_engine(as_person(any_db_url, "c"))
    yield engine, agent_id
    engine.dispose()


def _cancel(agent_id) -> WrapUp:
    return WrapUp(call_id=new_id(), agent_id=agent_id, started_at=NOW - timedelta(minutes=6),
                  disposition="cancelled", primary_reason="moving",
                  cancellation_requested_at=NOW - timedelta(minutes=3), cancellation_effective_on=date(2026, 11, 26))


def test_the_database_refuses_a_repeated_number(desk) -> None:
    engine, agent_id = desk
    with Session(engine) as session, session.begin():
        session.add(m.RetentionCall(agent_id=agent_id, started_at=NOW, confirmation_number="AAAA-BBBB-CC1"))
    with Session(engine) as session, pytest.raises(IntegrityError, match="confirmation_number"), session.begin():
        session.add(m.RetentionCall(agent_id=agent_id, started_at=NOW, confirmation_number="AAAA-BBBB-CC1"))


def test_a_taken_number_is_drawn_again(desk, monkeypatch: pytest.MonkeyPatch) -> None:
    engine, agent_id = desk
    with Session(engine) as session, session.begin():
        first = submit_call(session, _cancel(agent_id), NOW)
    draws = iter([first.confirmation_number, first.confirmation_number, "7KQ4-MX9P-3AZ"])
    monkeypatch.setattr(wrapup_module, "new_confirmation_number", lambda: next(draws))
    with Session(engine) as session, session.begin():
        second = submit_call(session, _cancel(agent_id), NOW)
    assert second.confirmation_number == "7KQ4-MX9P-3AZ" != first.confirmation_number


def test_an_amended_cancellation_keeps_the_number_on_the_original(desk) -> None:
    engine, agent_id = desk
    wrapup = _cancel(agent_id)
    with Session(engine) as session, session.begin():
        result = submit_call(session, wrapup, NOW)
        amendment = amend_call(session, wrapup.call_id, agent_id, "Wrong reason", NOW + timedelta(minutes=1),
                               primary_reason_code="too_expensive")
        assert amendment.confirmation_number is None
        saved = submit_call(session, WrapUp(call_id=new_id(), agent_id=agent_id, started_at=NOW - timedelta(minutes=2),
                                            disposition="saved", primary_reason="moving"), NOW)
        now_cancelled = amend_call(session, saved.call_id, agent_id, "She cancelled after all",
                                   NOW + timedelta(minutes=2), disposition_code="cancelled")
        assert read_confirmation_number(now_cancelled.confirmation_number or "") is not None
    with Session(engine) as session:
        original = session.get(m.RetentionCall, wrapup.call_id)
        assert original.confirmation_number == result.confirmation_number


def test_the_upgrade_makes_numbers_already_given_unique(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        migrate.upgrade(engine, "0003")
        with engine.begin() as connection:
            with Session(bind=connection) as session:
                ensure_reference_data(session)
                agent = m.Agent(username="d", display_name="Dor", role=d.Role.AGENT)
                session.add(agent)
                session.flush()
                agent_id = agent.id
            table = m.RetentionCall.__table__
            first, second, third, amendment = (new_id() for _ in range(4))
            rows = [
                (first, NOW, "C261125-123456", None),
                (second, NOW + timedelta(hours=1), "C261125-123456", None),
                (third, NOW + timedelta(hours=2), "C261125-123456", None),
                (amendment, NOW + timedelta(hours=3), "C261125-654321", first),
            ]
            for key, when, number, amends in rows:
                connection.execute(table.insert().values(
                    id=key, created_at=when, agent_id=agent_id, direction="inbound", started_at=when,
                    submitted_at=when, script_path=[], confirmation_number=number, amends_call_id=amends))
            # The amendment's copy of its original's number is what the old code wrote.
            connection.execute(table.update().where(table.c.id == amendment)
                               .values(confirmation_number="C261125-123456"))
        migrate.upgrade(engine)
        assert migrate.schema_differences(engine) == []
        with engine.connect() as connection:
            numbers = dict(connection.execute(sa.select(table.c.id, table.c.confirmation_number)).all())
        assert numbers == {first: "C261125-123456", second: "C261125-123456-2", third: "C261125-123456-3",
                           amendment: None}
        migrate.downgrade(engine, "0003")
        migrate.upgrade(engine)
    finally:
        engine.dispose()
