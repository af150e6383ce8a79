"""Screenshots at 1366x768, Hebrew and English, of the team lead's Call log, Dashboards and
Audit tabs as the real main window shows them, on the demo desk with a few corrections, two
revealed ID numbers and a request waiting for the lead.

The images go to a temporary folder; with ``AGENT_DESK_SHOTS=docs/screenshots`` they are the
ones in the docs. Strings the catalogs do not have yet show in English.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import call_log as cl
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.security.sensitive import reveal_national_id
from tests.test_i13_approvals_live import ask_above_authority

SIZE = (1366, 768)
WAIT_MS = 60_000
WHY = ("הלקוחה התקשרה שוב וקיבלה את ההנחה", "הסיבה האמיתית הייתה מעבר דירה", "הלקוח עוד לא החליט; נקבעה שיחה חוזרת")


def _console(url: str) -> None:
    """The demo desk up to now; the first lead corrects three of the team's calls, two agents
    reveal an ID number (audited), and one asks the lead for an offer above their authority."""
    engine = make_engine(url, deadline=False)
    migrate.upgrade(engine)
    demo.generate(engine, 400, seed=11)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        lead = session.scalars(sa.select(m.Agent).where(m.Agent.role == d.Role.TEAM_LEAD)
                               .order_by(m.Agent.username)).first()
        team = list(session.scalars(sa.select(m.Agent).where(m.Agent.team_id == lead.team_id,
                                                             m.Agent.role == d.Role.AGENT)
                                    .order_by(m.Agent.username)))
        calls = list(session.scalars(
            sa.select(m.RetentionCall.id)
            .where(m.RetentionCall.agent_id.in_([a.id for a in team]), m.RetentionCall.started_at <= now,
                   m.RetentionCall.disposition_code == "cancelled", m.RetentionCall.primary_reason_code != "moving")
            .order_by(m.RetentionCall.started_at.desc()).limit(3)))
        for call_id, why, (field, value) in zip(calls, WHY, (("outcome", "saved_with_offer"), ("reason", "moving"),
                                                             ("outcome", "undecided")), strict=True):
            cl.correct_call(session, call_id, lead.id, field, value, why, now=now)
        customers = list(session.scalars(sa.select(m.Customer.id).where(m.Customer.national_id.is_not(None))
                                         .order_by(m.Customer.account_number).limit(2)))
        for agent, customer_id, reason in zip(team, customers, ("אימות זהות לפני ביטול", "הלקוח ביקש לעדכן פרטים"),
                                              strict=False):
            reveal_national_id(session, customer_id, reason, actor_id=agent.id, now=now)
        asking, customer = team[0].id, customers[0]
    request_id, _cost = ask_above_authority(url, asking, customer)
    with engine.begin() as connection:  # still waiting when the picture is taken
        connection.execute(sa.update(m.ApprovalRequest).where(m.ApprovalRequest.id == request_id)
                           .values(expires_at=now + timedelta(hours=1)))
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("language", ["he", "en"])
def test_screenshots_of_the_lead_consoles_tabs(open_desk, qtbot, tmp_path, language) -> None:
    out = Path(os.environ.get("AGENT_DESK_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tmp_path / 'console.sqlite3'}"
    _console(url)
    window = open_desk(url, language, "lead")
    window.resize(*SIZE)
    lead = window.lead_view
    qtbot.waitUntil(lambda: lead.approval_model.rowCount() == 1 and lead.calls.text() != "", timeout=WAIT_MS)

    def shot(name: str) -> None:
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        # Filters hidden or shown by the data just loaded: laid out again before the picture.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        image = window.grab()
        assert (image.width(), image.height()) == SIZE
        assert image.save(str(out / f"{name}-{language}.png"))

    QTest.keyClick(window.windowHandle(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    log = lead.call_log
    qtbot.waitUntil(lambda: log.model.rowCount() >= 10 and log.outcome.count() > 1, timeout=WAIT_MS)
    corrected = next(r for r in range(log.model.rowCount()) if log.model.entry_at(r).corrected)
    log.table.setCurrentIndex(log.model.index(corrected, 0))
    shot("lead-call-log")

    with qtbot.waitSignal(lead.dashboards.loaded, timeout=WAIT_MS):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert lead.dashboards.pages["save_rate"].model.rowCount() > 5
    shot("lead-dashboards")

    with qtbot.waitSignal(lead.audit.loaded, timeout=WAIT_MS):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert lead.audit.model.rowCount() >= 5  # three corrections, two reveals (and the request)
    shot("lead-audit")
