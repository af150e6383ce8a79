"""Issue 10, item 8: a number several customers share pops a chooser that tells them apart
by age, products, last contact and open cases, so the agent can ask one question and pick."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from PySide6.QtCore import Qt

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data import queries
from agent_desk.data.db import make_engine
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from agent_desk.ui.chooser import CallerChooser
from agent_desk.ui.main_window import MainWindow

WAIT_MS = 30_000


def _shared_number(url: str) -> tuple[str, list[queries.CustomerMatch]]:
    engine = make_engine(url)
    with sa.orm.Session(engine) as session:
        e164 = session.scalar(sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164)
                              .having(sa.func.count() > 1).limit(1))
        matches = queries.find_by_phone(session, e164)
        # Counted here the plain way, one customer at a time.
        expected = []
        for match in matches:
            products = session.scalars(
                sa.select(m.Product.name_en).join(m.Subscription, m.Subscription.product_id == m.Product.id)
                .where(m.Subscription.customer_id == match.id,
                       m.Subscription.status != d.SubscriptionStatus.CANCELLED)).all()
            cases = session.scalar(sa.select(sa.func.count()).where(
                m.Interaction.customer_id == match.id, m.Interaction.case_status.in_(["open", "in_progress"])))
            last = session.scalar(sa.select(sa.func.max(m.Interaction.occurred_at))
                                  .where(m.Interaction.customer_id == match.id))
            born = session.scalar(sa.select(m.Customer.birth_date).where(m.Customer.id == match.id))
            expected.append((sorted(products), cases, last, born))
    engine.dispose()
    return e164, list(zip(matches, expected, strict=True))


def test_shared_number_matches_carry_what_tells_them_apart(demo_db: str) -> None:
    _e164, pairs = _shared_number(demo_db)
    assert len(pairs) > 1
    for match, (products, cases, last, born) in pairs:
        assert sorted(en for _he, en in match.products) == products
        assert match.open_cases == cases
        assert match.birth_date == born
        assert (match.last_contact.replace(tzinfo=None) if match.last_contact else None) == \
            (last.replace(tzinfo=None) if last else None)
        assert match.last_contact is None or match.last_contact.tzinfo is not None


def test_the_chooser_line_reads_as_the_agent_would_ask(qtbot) -> None:
    chooser = CallerChooser()
    qtbot.addWidget(chooser)
    match = queries.CustomerMatch(
        uuid.uuid4(), "100234", "Dana", "Cohen", "Haifa", d.ValueTier.GOLD, birth_date=date(1983, 5, 2),
        products=(("סיב", "Fiber 1G"), ("טלוויזיה", "TV"), ("נייד", "Mobile"), ("ענן", "Cloud")),
        # 22:30 UTC on the 9th is already the 10th in Israel.
        last_contact=datetime(2026, 10, 9, 22, 30, tzinfo=UTC), open_cases=2)
    chooser.show_matches([match], today=date(2026, 11, 25))
    text = chooser.item(0).text()
    name_line, details = text.split("\n")
    assert name_line.split(" · ")[0] == "Dana Cohen" and "Haifa" in name_line
    assert "43 years old" in details and "Gold" in details
    assert "Fiber 1G, TV, Mobile, 1 more" in details
    assert "last contact \u206610/10/2026\u2069" in details
    assert "2 open cases" in details
    assert chooser.item(0).data(Qt.ItemDataRole.UserRole) == match.id


def test_a_shared_number_pops_the_chooser_with_details_and_enter_picks(qtbot, qapp, demo_db: str) -> None:
    e164, pairs = _shared_number(demo_db)
    window, translators = build_window(Settings(db_url=demo_db, language="en"), "agent")
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    view = window.agent_view
    view.phone.setFocus()
    qtbot.keyClicks(view.phone, "0" + e164[4:])
    qtbot.keyClick(view.phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.chooser_page, timeout=WAIT_MS)
    assert view.chooser.count() == len(pairs)
    for row, (_match, (products, _cases, _last, _born)) in enumerate(pairs):
        details = view.chooser.item(row).text().split("\n")[1]
        assert ("open case" in details) and (not products or any(p in details for p in products))
    qtbot.keyClick(view.chooser, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.caller_shown, timeout=WAIT_MS):
        qtbot.keyClick(view.chooser, Qt.Key.Key_Return)
    assert view.header.account.text().endswith(pairs[1][0].account_number)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)
