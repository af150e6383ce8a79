"""Screenshots of outage mode at 1366x768, Hebrew and English, on the demo desk: the banner
over the agent view with an affected caller on screen, and the lead's incident screen with
the callers to call back first.

The images go to a temporary folder; with ``AGENT_DESK_SHOTS=docs/screenshots`` they are the
ones in the docs. Every string comes from the real catalogs, as users get it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk import outage
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.phones import display as display_phone

WAIT_MS = 30_000


def _incident(url: str) -> str:
    """An open fibre outage in the region of a demo customer with internet; that customer
    and a few neighbours called twice today. Returns the customer's phone."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        rows = session.execute(
            sa.select(m.Customer.id, m.Customer.region, m.CustomerPhone.e164)
            .join(m.Subscription, m.Subscription.customer_id == m.Customer.id)
            .join(m.Product, m.Product.id == m.Subscription.product_id)
            .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
            .where(m.Product.category == d.ProductCategory.INTERNET,
                   m.Subscription.status == d.SubscriptionStatus.ACTIVE, m.Customer.region == "north")
            .order_by(m.Customer.account_number).limit(40)).all()
        lead = session.scalars(sa.select(m.Agent).where(m.Agent.role == d.Role.TEAM_LEAD)).first()
        agent = session.scalars(sa.select(m.Agent).where(m.Agent.role == d.Role.AGENT)).first()
        incident_id = outage.declare(session, outage.IncidentDraft(
            title_he="תקלת סיבים בצפון ובחיפה", title_en="Fibre outage in the north and Haifa",
            products=("internet",), regions=("north", "haifa"),
            talking_points_he="סיב ראשי נפגע בעבודות תשתית ליד עפולה. הצוותים בשטח; אפשר להציע זיכוי על ימי התקלה.",
            talking_points_en="A trunk fibre was cut by roadworks near Afula. Crews are on site; "
                              "a credit for the days down may be offered.",
            expected_end_at=(now + timedelta(hours=5)).replace(minute=0, second=0, microsecond=0)),
            lead.id, now - timedelta(hours=2))
        seen = set()
        for index, (customer_id, _region, _phone) in enumerate(rows[1:12]):
            if customer_id in seen:
                continue
            seen.add(customer_id)
            for hours in (1.5, 0.5 + index / 10, 0.2)[: 2 + index % 2]:
                session.add(m.RetentionCall(customer_id=customer_id, agent_id=agent.id,
                                            started_at=now - timedelta(hours=hours), incident_id=incident_id,
                                            primary_reason_code="outage", submitted_at=now - timedelta(hours=hours)))
    engine.dispose()
    return rows[0].e164


@pytest.mark.parametrize("language", ["he", "en"])
def test_screenshots_of_the_outage_banner_and_the_incident_screen(qtbot, qapp, open_desk, demo_db: str,
                                                                  tmp_path: Path, language: str) -> None:
    out = Path(os.environ.get("AGENT_DESK_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    phone = _incident(demo_db)
    window = open_desk(demo_db, language)
    window.resize(1366, 768)
    view, banner = window.agent_view, window.agent_view.incident_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(display_phone(phone))
    qtbot.waitUntil(lambda: banner.caller_flag.isVisible() and window.runner.pending == 0, timeout=WAIT_MS)
    shot = window.grab()
    assert (shot.width(), shot.height()) == (1366, 768)
    assert shot.save(str(out / f"outage-banner-{language}.png"))

    window.show_view("incidents")
    screen = window.incident_view
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.repeat_model.rowCount() >= 5
                    and window.runner.pending == 0, timeout=WAIT_MS)
    assert screen.form.update_button.isVisible()
    shot = window.grab()
    assert (shot.width(), shot.height()) == (1366, 768)
    assert shot.save(str(out / f"outage-lead-{language}.png"))
