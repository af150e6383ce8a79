"""Issue 10, item 6: the agent's own words in a Hebrew script take the agent's gender.

``agents.gender`` (unknown for agents already there), the demo agents' genders matching their
first names, the desk user carrying it, and the agent view handing it to the script panel,
so a female agent reads "מבינה" and a male agent "מבין" in a bundled script.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import desk_user
from agent_desk.data import demo_names as names
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from tests.callers import single_owner_number

WAIT_MS = 30_000


def test_agents_already_there_migrate_as_unknown_and_the_desk_user_carries_the_gender(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    migrate.upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO agents (id, created_at, username, display_name, role, language, offer_authority, "
            "offer_kinds, active) VALUES (:id, :at, 'old', 'Old Timer', 'agent', 'he', 0, '[]', :yes)"),
            {"id": "0190a1b2c3d47e8f9a0b1c2d3e4f5a6b" if engine.dialect.name == "sqlite"
             else "0190a1b2-c3d4-7e8f-9a0b-1c2d3e4f5a6b",
             "at": "2026-11-01 10:00:00", "yes": True})
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        old = desk_user(session, "old")
        assert old is not None and old.gender == d.Gender.UNKNOWN
        session.add(m.Agent(username="dana", display_name="דנה", role=d.Role.AGENT, gender=d.Gender.FEMALE))
    with Session(engine) as session:
        dana = desk_user(session, "dana")
        assert dana is not None and dana.gender == d.Gender.FEMALE
    migrate.downgrade(engine, "0004")  # a real downgrade: the column goes, the agent stays
    with engine.connect() as connection:
        assert "gender" not in {c["name"] for c in sa.inspect(connection).get_columns("agents")}
        assert connection.scalar(sa.text("SELECT count(*) FROM agents")) == 2
    engine.dispose()


def test_demo_agents_have_the_gender_of_their_first_name(demo_db: str) -> None:
    engine = make_engine(demo_db)
    with Session(engine) as session:
        staff = session.scalars(sa.select(m.Agent).where(m.Agent.role != d.Role.ADMIN)).all()
    engine.dispose()
    assert staff and {a.gender for a in staff} == {d.Gender.FEMALE, d.Gender.MALE}
    for agent in staff:
        first = agent.display_name.split()[0]
        lists = [[he for he, _latin in names.FIRST_NAMES[(group, agent.gender.value)]]
                 for group, _lang, _share in names.GROUPS if (group, agent.gender.value) in names.FIRST_NAMES]
        assert any(first in found for found in lists), (agent.username, first, agent.gender)


def _hebrew_caller(url: str) -> str:
    """A Hebrew-speaking customer who alone owns the number."""
    return single_owner_number(url, tiers=None, customer_before=None, language="he")


@pytest.mark.parametrize(("gender", "form", "other"), [
    (d.Gender.FEMALE, "אני מבינה", "אני מבין "),
    (d.Gender.MALE, "אני מבין ", "אני מבינה"),
])
def test_the_agent_reads_the_script_in_their_own_gender(
        qtbot, qapp, demo_db: str, gender: d.Gender, form: str, other: str) -> None:
    engine = make_engine(demo_db)
    with engine.begin() as connection:
        connection.execute(sa.update(m.Agent).where(m.Agent.username == "agent01").values(gender=gender))
    engine.dispose()
    e164 = _hebrew_caller(demo_db)
    window, translators = build_window(Settings(db_url=demo_db, language="he", username="agent01"), "agent")
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
            window.start()
        qtbot.waitUntil(lambda: window.runner.pending == 0 and window.user is not None, timeout=WAIT_MS)
        assert window.user.gender == gender
        view = window.agent_view
        assert view.script.agent_gender == gender.value
        view.phone.setText(e164)
        with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
            view.pop_button.click()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        view.reason.setCurrentIndex(view.reason.findData("price_rise"))
        panel = view.script
        qtbot.waitUntil(lambda: panel.runner is not None and panel.runner.script.key == "too_expensive",
                        timeout=WAIT_MS)
        assert panel.runner.language == "he"
        for _ in range(4):  # listen (and the commitment note, if due) to the real reason
            if panel.runner.current.id == "real_reason":
                break
            panel.answer(0)
        panel.answer(panel.runner.current.answer_keys.index("price_rise"))
        assert panel.runner.current.id == "explain_rise"
        assert form in panel.text.text() and other not in panel.text.text()
        assert "|" not in panel.text.text()
    finally:
        window.agent_view.offers.poll.stop()
        window.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)
