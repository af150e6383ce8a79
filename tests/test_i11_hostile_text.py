"""Hostile text is data (issue 11, item 7): SQL-looking and script-looking words typed into a
note, a search and a wrap-up are stored and read back exactly as typed, and nothing in them
runs, on SQLite and on PostgreSQL (there as the agent's own login, through the app's code)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import call_log as cl
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.desk import Desk
from agent_desk.ids import new_id
from agent_desk.security.identity import whoami
from agent_desk.sync.mutations import Mutation, apply_mutation
from agent_desk.wrapup import WrapUp

NOW = datetime.now(UTC).replace(microsecond=0)

# What a curious or careless agent might paste: SQL that would end the statement and run its
# own, wildcards, markup and script a screen or a spreadsheet might run, the call scripts'
# own placeholders, format strings, a YAML tag that loads code, shell.
HOSTILE = (
    "Robert'); DROP TABLE customers; --",
    "x' OR '1'='1' UNION SELECT national_id FROM customers --",
    "'; UPDATE agents SET offer_authority = 99999; DELETE FROM audit_events; --",
    "%_% \\ \" ' ; /* */",
    "<script>alert('x')</script><b>bold</b><img src=x onerror=alert(1)>",
    "{customer:first_name} {{7*7}} ${7*7} %s %(name)s {0}",
    "!!python/object/apply:os.system ['touch /tmp/agent-desk-pwned']",
    "=HYPERLINK(\"http://evil.example\",\"click\") +cmd|' /C calc'!A0",
    "$(rm -rf ~) `id`",
)
TEXT = "\n".join(HOSTILE)


@pytest.fixture
def desk(any_db_url: str, as_person):
    """Set up as the owner; the test acts as agent ``b`` (on PostgreSQL her own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North")
        session.add(team)
        session.flush()
        session.add(m.Agent(username="b", display_name="Bat", role=d.Role.AGENT, team_id=team.id,
                            offer_authority=Decimal(100)))
        customer = m.Customer(account_number="77", first_name="נועה", last_name="לוי",
                              first_name_latin="Noa", last_name_latin="Levi", customer_since=date(2019, 3, 1))
        session.add(customer)
        session.flush()
        customer_id = customer.id
    engine = make_engine(as_person(any_db_url, "b"))
    with Session(engine) as session:
        user = whoami(session, "b")
    assert user is not None
    yield Desk.on(engine, user), owner, customer_id
    engine.dispose()
    owner.dispose()


def _intact(owner: sa.Engine) -> tuple[int, ...]:
    with owner.connect() as connection:
        return tuple(connection.execute(sa.text(
            "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM agents), "
            "(SELECT max(offer_authority) FROM agents), (SELECT count(*) FROM audit_events)")).one())


def test_hostile_text_in_a_note_a_search_and_a_wrap_up_is_stored_and_shown_verbatim(desk) -> None:
    desk_, owner, customer_id = desk
    agent = desk_.user.id
    customers, agents, authority, _audit = _intact(owner)

    # Searches (up to the search's eight words): each is looked for as text, finds nobody,
    # and changes nothing.
    for text in HOSTILE:
        text = " ".join(text.split()[:8])
        assert desk_.search(text) == [], text
    assert [c.id for c in desk_.search("Levi")] == [customer_id]

    # A note (as the desk writes it, online or from its offline outbox).
    note_id = new_id()
    with desk_.factory() as session, session.begin():
        apply_mutation(session, Mutation(uuid.uuid4(), 1, uuid.uuid4(), "note.add", {
            "id": str(note_id), "customer_id": str(customer_id), "at": NOW.isoformat(),
            "subject": HOSTILE[0], "body": TEXT}), agent)

    # A wrap-up whose notes and competitor are hostile.
    call_id = new_id()
    desk_.submit(WrapUp(call_id=call_id, agent_id=agent, customer_id=customer_id, started_at=NOW - timedelta(minutes=9),
                        ended_at=NOW - timedelta(minutes=1), disposition="undecided", primary_reason="competitor",
                        competitor=HOSTILE[1][:40], notes=TEXT))

    # Read back through the app, as the agent: exactly what was typed.
    history = desk_.history(desk_.customer(customer_id))
    (note,) = [e for e in history.timeline if e.id == note_id]
    assert (note.subject, note.body) == (HOSTILE[0], TEXT)
    (attempt,) = [r for r in history.retention if r.notes is not None]
    assert attempt.notes == TEXT
    with desk_.factory() as session:
        today = NOW.date()
        for text in (HOSTILE[0], "DROP TABLE customers", "%_%", "{customer:first_name}"):
            page = cl.page(session, cl.CallFilter(text=text, date_from=today - timedelta(days=1),
                                                  date_to=today + timedelta(days=1)))
            assert [r.id for r in page.rows] == [call_id], text
        detail = cl.load_detail(session, call_id)
        assert detail.entry.notes == TEXT and detail.competitor == HOSTILE[1][:40]

    # Stored as typed, and nothing ran: the tables, the people and their authority are as they were.
    with Session(owner) as session:
        stored = session.get(m.Interaction, note_id)
        assert (stored.subject, stored.body) == (HOSTILE[0], TEXT)
        assert session.get(m.RetentionCall, call_id).notes == TEXT
    after = _intact(owner)
    assert after[:3] == (customers, agents, authority)
    assert after[3] >= _audit
