"""The call from pop to submit, by keyboard; drafts across a killed process; the row on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.drafts import DraftStore
from agent_desk.ids import new_id
from agent_desk.paths import app_dirs
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from tests.conftest import all_sent, signed_in

WAIT_MS = 30_000


def _open(qtbot, url: str):
    window, translators = build_window(Settings(db_url=url, language="en"), "agent", signed_in(url))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    return window, translators


def _close(qapp, window, translators) -> None:
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def _callers(url: str, n: int = 2) -> list[tuple[str, str]]:
    """(e164, first name) of customers with a number of their own and an active subscription."""
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(m.CustomerPhone.e164, m.Customer.first_name)
            .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .join(m.Subscription, m.Subscription.customer_id == m.Customer.id)
            .where(m.CustomerPhone.e164.in_(owners), m.Subscription.status == "active")
            .order_by(m.Customer.account_number).limit(n)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _pop(qtbot, window, e164: str) -> None:
    view = window.agent_view
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(e164)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def _pick(qtbot, combo, code: str) -> None:
    """Choose in a combo box from the keyboard."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentData() != code:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{code} is not in the list"


def test_wrap_up_by_keyboard_with_messages_next_to_the_fields(qtbot, qapp, demo_db: str) -> None:
    (e164, _name), = _callers(demo_db, 1)
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    _pop(qtbot, window, e164)
    assert view.clock.running
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not view.clock.running and view.wrap_clock.running
    panel = view.wrapup
    assert view.tools.currentWidget() is panel and panel.disposition.hasFocus()
    # The customer called us: "no answer" and the like are not outcomes of this call.
    listed = {panel.disposition.itemData(n) for n in range(panel.disposition.count())}
    assert "cancelled" in listed and not listed & {"reached", "no_answer", "left_message"}
    qtbot.keyClick(panel.disposition, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.errors["disposition"].isVisibleTo(panel)
    assert panel.errors["disposition"].text() == "Choose how the call ended."
    _pick(qtbot, panel.disposition, "cancelled")
    _pick(qtbot, panel.primary, "moving")
    assert panel.cancel_box.isVisibleTo(panel) and "hours left" in panel.deadline.text()
    panel.notes.setFocus()
    qtbot.keyClicks(panel.notes, "Moving abroad in January")
    with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS) as sent:
        qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    result = sent.args[0]
    assert result.confirmation_number and result.confirmation_number in panel.result.text()
    assert not view.wrap_clock.running and view.call_id is None
    assert DraftStore(app_dirs()).load() is None
    _close(qapp, window, translators)
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        call = connection.execute(sa.select(m.RetentionCall).where(m.RetentionCall.id == result.call_id)).one()
    engine.dispose()
    assert call.disposition_code == "cancelled" and call.primary_reason_code == "moving"
    assert call.notes == "Moving abroad in January" and call.confirmation_number == result.confirmation_number
    assert call.ended_at is not None and call.ended_at < call.wrapup_ended_at


def test_a_pop_during_a_call_asks_before_replacing_it(qtbot, qapp, demo_db: str) -> None:
    (first, first_name), (second, second_name) = _callers(demo_db, 2)
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    _pop(qtbot, window, first)
    call = view.call_id
    view.pop(second)
    assert view.replace_bar.isVisible() and first_name in view.replace_text.text()
    qtbot.mouseClick(view.replace_no, Qt.MouseButton.LeftButton)
    assert view.call_id == call and view.header.name.text().startswith(first_name)
    view.pop(second)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        qtbot.mouseClick(view.replace_yes, Qt.MouseButton.LeftButton)
    assert view.call_id != call and view.header.name.text().startswith(second_name)
    _close(qapp, window, translators)


def test_the_draft_reopens_in_the_next_session(qtbot, qapp, demo_db: str) -> None:
    (e164, name), = _callers(demo_db, 1)
    window, translators = _open(qtbot, demo_db)
    _pop(qtbot, window, e164)
    panel = window.agent_view.wrapup
    _pick(qtbot, panel.disposition, "undecided")
    panel.notes.setPlainText("Will think about the fibre upgrade")
    panel.save_draft()
    qtbot.waitUntil(lambda: DraftStore(app_dirs()).load() is not None, timeout=WAIT_MS)
    call = window.agent_view.call_id
    _close(qapp, window, translators)
    again, translators = _open(qtbot, demo_db)
    restored = again.agent_view.wrapup
    qtbot.waitUntil(lambda: again.agent_view.header.name.text().startswith(name), timeout=WAIT_MS)
    assert again.agent_view.call_id == call
    assert restored.notes.toPlainText() == "Will think about the fibre upgrade"
    assert restored.disposition.currentData() == "undecided"
    assert "restored" in again.agent_view.message.text()
    _close(qapp, again, translators)


DRIVER = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from agent_desk.settings import Settings
    from agent_desk.ui.app import build_window, create_application

    app = create_application()
    window, _t = build_window(Settings(db_url=sys.argv[1], language="en"))
    window.show()

    def ready():
        view = window.agent_view
        view.history_shown.connect(typing)
        view.pop(sys.argv[2])

    def typing(_account):
        panel = window.agent_view.wrapup
        panel.disposition.setCurrentIndex(panel.disposition.findData("callback_scheduled"))
        panel.notes.setPlainText("Half-typed note before the power cut")
        def check():
            if window.drafts.path.exists():
                print("DRAFT-SAVED", flush=True)
            else:
                QTimer.singleShot(200, check)
        check()

    window.ready.connect(ready)
    window.start()
    app.exec()
""")


def test_a_killed_app_restores_the_half_typed_wrap_up(qtbot, qapp, demo_db: str, tmp_path: Path,
                                                        isolated_home: Path) -> None:
    (e164, name), = _callers(demo_db, 1)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = dict(os.environ, AGENT_DESK_HOME=str(isolated_home), PYTHONPATH=str(Path(__file__).parent.parent))
    process = subprocess.Popen([sys.executable, str(driver), demo_db, e164], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = ""
        deadline = datetime.now(UTC) + timedelta(seconds=60)
        while "DRAFT-SAVED" not in line and datetime.now(UTC) < deadline and process.poll() is None:
            line = process.stdout.readline()
        assert "DRAFT-SAVED" in line, process.stderr.read() if process.poll() is not None else "no draft"
    finally:
        process.send_signal(signal.SIGKILL)  # no clean shutdown: like a crash or a power cut
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    qtbot.waitUntil(lambda: view.header.name.text().startswith(name), timeout=WAIT_MS)
    assert view.wrapup.notes.toPlainText() == "Half-typed note before the power cut"
    assert view.wrapup.disposition.currentData() == "callback_scheduled"
    assert view.wrapup.callback.isChecked()
    _close(qapp, window, translators)


def test_end_to_end_on_postgresql_read_back_with_plain_sql(qtbot, qapp, pg_url: str, pg_person) -> None:
    """Set-up as the owner (demo data); the call itself as the agent's own login."""
    from agent_desk.cli import main

    assert main(["demo-data", "--url", pg_url, "--customers", "120", "--seed", "3"]) == 0
    engine = make_engine(pg_url)
    with engine.begin() as connection:  # an agent who may give any offer without a lead
        connection.execute(sa.update(m.Agent).where(m.Agent.username == "agent01").values(offer_authority=100_000))
    engine.dispose()
    (e164, _name), = _callers(pg_url, 1)
    agent_url = pg_person(pg_url, "agent01")
    window, translators = _open(qtbot, agent_url)
    view = window.agent_view
    _pop(qtbot, window, e164)
    view.reason.setCurrentIndex(view.reason.findData("competitor"))
    qtbot.waitUntil(lambda: window.runner.pending == 0 and bool(view.offers.cards), timeout=WAIT_MS)
    view.focus_script()
    for _ in range(3):  # a few steps of the competitor script, by number keys
        if view.script.runner.finished:
            break
        qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_1)
    path = view.script.runner.path_for_log()
    card = view.offers.cards[0]
    qtbot.mouseClick(card.present, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.state == "presented", timeout=WAIT_MS)
    qtbot.mouseClick(card.accept, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.state == "accepted", timeout=WAIT_MS)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    panel = view.wrapup
    _pick(qtbot, panel.disposition, "saved_with_offer")
    assert panel.primary.currentData() == "competitor"  # carried over from the reason chosen
    panel.competitor.setFocus()
    qtbot.keyClicks(panel.competitor, "Partner")
    panel.notes.setFocus()
    qtbot.keyClicks(panel.notes, "Took the offer, stays 12 months")
    _pick(qtbot, panel.survey_kind, "nps")
    panel.survey_score.setValue(9)
    panel.referral_name.setText("Yoni Katz")
    panel.referral_phone.setText("054-7654321")
    panel.referral_consent.setChecked(True)
    with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS) as sent:
        qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    call_id = sent.args[0].call_id
    qtbot.waitUntil(lambda: all_sent(window), timeout=WAIT_MS)  # the desk's copy sends it at once
    _close(qapp, window, translators)

    conninfo = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as connection:  # any SQL client, right after the submit
        row = connection.execute(
            "SELECT c.disposition_code, c.primary_reason_code, c.competitor, c.notes, c.caller_e164, "
            "c.started_at < c.ended_at AND c.ended_at <= c.wrapup_ended_at, c.submitted_at IS NOT NULL, "
            "c.script_path, c.confirmation_number, a.username, cu.account_number "
            "FROM retention_calls c JOIN agents a ON a.id = c.agent_id JOIN customers cu ON cu.id = c.customer_id "
            "WHERE c.id = %s", (call_id,)).fetchone()
        offers = connection.execute(
            "SELECT o.code, p.response FROM offer_presentations p JOIN offers o ON o.id = p.offer_id "
            "WHERE p.call_id = %s", (call_id,)).fetchall()
        survey = connection.execute("SELECT kind, score, referral_given FROM survey_responses WHERE call_id = %s",
                                    (call_id,)).fetchone()
        referral = connection.execute("SELECT name, phone_e164, consent FROM referrals WHERE call_id = %s",
                                      (call_id,)).fetchone()
        audit = connection.execute("SELECT action, db_user, application FROM audit_events WHERE entity_id = %s "
                                   "AND source = 'app'", (str(call_id),)).fetchone()
        written = {r[0] for r in connection.execute(
            "SELECT entity_type FROM audit_events WHERE source = 'db' AND db_user = %s",
            (sa.engine.make_url(agent_url).username,))}
    (disposition, reason, competitor, notes, caller, ordered, submitted, script_path, confirmation, agent,
     account) = row
    assert (disposition, reason, competitor, notes) == ("saved_with_offer", "competitor", "Partner",
                                                        "Took the offer, stays 12 months")
    assert caller == e164 and ordered and submitted and confirmation is None
    assert agent == sa.engine.make_url(agent_url).username  # the login that signed in
    assert [(e["step"], e["answer"]) for e in script_path] == [(e["step"], e["answer"]) for e in path]
    assert offers == [(card.ranked.offer.code, "accepted")]
    assert survey == ("nps", 9, True)
    assert referral == ("Yoni Katz", "+972547654321", True)
    # The app's own event, stamped by the server; and the triggers' rows of what the agent wrote.
    assert audit == ("call.submitted", sa.engine.make_url(agent_url).username, "agent-desk")
    assert {"retention_calls", "offer_presentations", "survey_responses", "referrals"} <= written
    assert account


def test_a_due_callback_alerts_its_owner_and_calls_back(qtbot, qapp, demo_db: str) -> None:
    (e164, name), = _callers(demo_db, 1)
    engine = make_engine(demo_db)
    with engine.begin() as connection:
        agent = connection.execute(sa.select(m.Agent.id, m.Agent.team_id).where(m.Agent.username == "agent01")).one()
        customer = connection.scalar(sa.select(m.CustomerPhone.customer_id).where(m.CustomerPhone.e164 == e164))
        connection.execute(sa.insert(m.Callback).values(
            id=new_id(), customer_id=customer, phone_e164=e164, owner_agent_id=agent.id, owner_team_id=agent.team_id,
            due_at=datetime.now(UTC) + timedelta(minutes=5), note="Promised an answer about fibre", status="open",
            created_at=datetime.now(UTC)))
    engine.dispose()
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    qtbot.waitUntil(lambda: view.callbacks_bar.isVisible(), timeout=WAIT_MS)
    assert name in view.callbacks_text.text() and "Promised an answer about fibre" in view.callbacks_text.text()
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        qtbot.mouseClick(view.callback_call, Qt.MouseButton.LeftButton)
    assert view.header.name.text().startswith(name) and view.clock.running
    # Dealt with: Alt+B ("Callback done") takes it off the list.
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not view.callbacks_bar.isVisible(), timeout=WAIT_MS)
    _close(qapp, window, translators)


def test_hebrew_dates_read_day_month_year_then_time(qtbot, qapp, demo_db: str) -> None:
    (e164, _name), = _callers(demo_db, 1)
    window, translators = build_window(Settings(db_url=demo_db, language="he"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    _pop(qtbot, window, e164)
    panel = window.agent_view.wrapup
    due = panel.callback_due.dateTime()
    expected = f"{due.date().day():02d}/{due.date().month():02d}/{due.date().year()} {due.time().hour():02d}:"
    assert panel.callback_due.text().startswith(expected)  # not "55:02 2026/11/26", as Qt makes it in RTL
    assert panel.isRightToLeft() and panel.submit_button.text() == "&שמירה (Ctrl+Enter)"
    _close(qapp, window, translators)


def test_an_unknown_caller_is_linked_to_the_customer_found_during_the_call(qtbot, qapp, demo_db: str) -> None:
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        known = set(connection.scalars(sa.select(m.CustomerPhone.e164)))
        account, first = connection.execute(sa.select(m.Customer.account_number, m.Customer.first_name)
                                             .order_by(m.Customer.account_number).limit(1)).one()
    engine.dispose()
    unknown = next(f"+97236{n:06d}" for n in range(100_000, 999_999) if f"+97236{n:06d}" not in known)
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    view.pop("0" + unknown[4:])
    qtbot.waitUntil(lambda: window.runner.pending == 0 and view.pages.currentWidget() is view.unknown,
                    timeout=WAIT_MS)
    call = view.call_id
    view.wrapup.notes.setPlainText("Calling from the office line")
    view.search(account)  # the agent asks for the account number and finds the customer
    qtbot.waitUntil(lambda: window.runner.pending == 0 and view.header.name.text().startswith(first),
                    timeout=WAIT_MS)
    assert not view.replace_bar.isVisible()
    assert view.call_id == call and view.wrapup.notes.toPlainText() == "Calling from the office line"
    _pick(qtbot, view.wrapup.disposition, "saved")
    _pick(qtbot, view.wrapup.primary, "too_expensive")
    with qtbot.waitSignal(view.wrapup.submitted, timeout=WAIT_MS):
        view.wrapup.submit()
    _close(qapp, window, translators)
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        row = connection.execute(sa.select(m.RetentionCall.caller_e164, m.Customer.account_number)
                                 .join(m.Customer, m.Customer.id == m.RetentionCall.customer_id)
                                 .where(m.RetentionCall.id == call)).one()
    engine.dispose()
    assert row == (unknown, account)
