"""Issue 11, item 6: the national ID is masked in the 360; Reveal asks why (a reason is
required), the desk asks the database (which audits it) and the whole ID shows for this call
only: the next caller is masked again."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy.engine import URL, make_url

from agent_desk import domain as d
from agent_desk.data import demo
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.queries import CustomerProfile
from agent_desk.security.identity import sign_in
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from agent_desk.ui.caller_view import Caller360View, RevealReasonDialog
from agent_desk.ui.main_window import MainWindow
from tests.callers import single_owner_number
from tests.conftest import AS_OF

WAIT_MS = 30_000
TODAY = date(2026, 11, 25)


def _profile(national_id: str | None = "•••••6782", account: str = "100200") -> CustomerProfile:
    return CustomerProfile(
        id=uuid.uuid4(), account_number=account, first_name="Dana", last_name="Levi", first_name_latin=None,
        last_name_latin=None, national_id=national_id, preferred_language="he", birth_date=date(1980, 1, 1),
        gender=d.Gender.FEMALE, customer_since=date(2015, 1, 1), city="Haifa", region=None,
        family_status=d.FamilyStatus.MARRIED, occupation=None, interests=(), email=None,
        value_tier=d.ValueTier.GOLD, status=d.CustomerStatus.ACTIVE, consent_marketing=False, consent_sms=False,
        consent_email=False, consent_calls=False, phones=(), subscriptions=(),
    )


def _fact(view: Caller360View) -> str:
    return view.header.facts["national_id"].text().strip("\u2066\u2069")


def _give_reason(qtbot, view: Caller360View, preset: int = 1, details: str = "") -> RevealReasonDialog:
    qtbot.mouseClick(view.header.reveal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.reveal_dialog is not None and view.reveal_dialog.isVisible())
    dialog = view.reveal_dialog
    assert not dialog.ok_button.isEnabled(), "no reason, no reveal"
    dialog.preset.setCurrentIndex(preset)
    if details:
        qtbot.keyClicks(dialog.details, details)
    return dialog


def test_masked_by_default_reveal_needs_a_reason_and_shows_for_this_call_only(qtbot) -> None:
    view = Caller360View()
    qtbot.addWidget(view)
    view.show()
    assert not view.header.reveal.isVisible(), "nobody on screen: nothing to reveal"
    first = _profile()
    view.show_profile(first, TODAY)
    assert _fact(view) == "•••••6782"
    reveal = view.header.reveal
    assert reveal.isVisible() and reveal.isEnabled()
    assert reveal.shortcut() == QKeySequence("Alt+A"), "keyboard reachable by its mnemonic"
    assert reveal.focusPolicy() & Qt.FocusPolicy.TabFocus

    # Cancel: nothing asked, still masked.
    dialog = _give_reason(qtbot, view)
    with qtbot.assertNotEmitted(view.revealRequested):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert _fact(view) == "•••••6782" and reveal.isEnabled()

    # "Other" needs the agent's own words.
    dialog = _give_reason(qtbot, view, preset=dialog.preset.count() - 1)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.details, "  the customer disputes a charge  ")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(view.revealRequested) as asked:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked.args == [first.id, "the customer disputes a charge"]
    assert not reveal.isEnabled(), "one request at a time"

    view.show_national_id("123456782")
    assert _fact(view) == "123456782"
    assert not reveal.isEnabled()

    # The next caller: masked again, Reveal offered again; a late answer for the last one is dropped.
    second = _profile("•••••0007", account="100300")
    view.show_profile(second, TODAY)
    assert _fact(view) == "•••••0007" and reveal.isEnabled()
    view.show_national_id("123456782")
    assert _fact(view) == "•••••0007"

    # A preset reason and details go together; the answer for a caller who left is dropped.
    dialog = _give_reason(qtbot, view, preset=1, details="asked twice")
    with qtbot.waitSignal(view.revealRequested) as asked:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked.args[1] == f"{dialog.preset.itemText(1)}: asked twice"
    view.clear()
    view.show_national_id("999999998")
    assert _fact(view) == "" and not reveal.isVisible()


def test_a_refused_reveal_offers_reveal_again(qtbot) -> None:
    view = Caller360View()
    qtbot.addWidget(view)
    view.show_profile(_profile(), TODAY)
    dialog = _give_reason(qtbot, view)
    with qtbot.waitSignal(view.revealRequested):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    view.reveal_refused("The database is not reachable")
    assert view.header.reveal.isEnabled() and _fact(view) == "•••••6782"
    view.show_national_id("123456782")  # nothing pending any more
    assert _fact(view) == "•••••6782"


# --- through the desk, on both databases ------------------------------------------------------


def _reveal_in_the_desk(qtbot, window: MainWindow, number: str, other: str) -> tuple[uuid.UUID, str, str]:
    view = window.agent_view
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(number)
    caller = view.caller
    customer_id = caller.customer_id
    assert "•" in _fact(caller), "masked at first"
    dialog = _give_reason(qtbot, caller, preset=2)
    reason = dialog.preset.itemText(2)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "•" not in _fact(caller), timeout=WAIT_MS)
    shown = _fact(caller)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(other)  # the next call comes in; the last one's wrap-up is let go
        if view.replace_bar.isVisible():
            qtbot.mouseClick(view.replace_yes, Qt.MouseButton.LeftButton)
    assert "•" in _fact(caller) and caller.header.reveal.isEnabled(), "the next caller is masked again"
    return customer_id, shown, reason


def test_reveal_through_the_desk_on_sqlite_is_recorded(qtbot, open_desk, demo_db: str) -> None:
    window = open_desk(demo_db, "en")
    number = single_owner_number(demo_db, customer_before=None)
    other = single_owner_number(demo_db, tiers=("bronze", "silver"), customer_before=None)
    customer_id, shown, reason = _reveal_in_the_desk(qtbot, window, number, other)
    engine = make_engine(demo_db)
    try:
        with engine.connect() as connection:
            real = connection.scalar(sa.select(m.Customer.national_id).where(m.Customer.id == customer_id))
            audit = connection.execute(sa.select(m.AuditEvent).where(
                m.AuditEvent.entity_id == str(customer_id), m.AuditEvent.action.like("%reveal%"))).all()
    finally:
        engine.dispose()
    assert shown == real
    assert len(audit) == 1 and audit[0].actor_id == window.user.id and audit[0].details == {"reason": reason}


@pytest.fixture
def pg_demo(pg_desk_url: str) -> str:
    engine = make_engine(pg_desk_url, deadline=False)
    try:
        demo.generate(engine, 80, seed=7, as_of=AS_OF)
    finally:
        engine.dispose()
    return pg_desk_url


def test_reveal_through_the_desk_on_postgresql_as_a_signed_in_agent_is_audited(
        qtbot, qapp, pg_demo: str, pg_login) -> None:
    person = pg_login(pg_demo, "dana", "agent", team="North", authority=Decimal(100), display_name="Dana")
    parsed = make_url(person)
    bare = URL.create(parsed.drivername, None, None, parsed.host, parsed.port, parsed.database)
    signed = sign_in(bare.render_as_string(hide_password=False), parsed.username, parsed.password)
    window, translators = build_window(Settings(db_url=bare.render_as_string(hide_password=False), language="en"),
                                       "agent", signed)
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    try:
        number = single_owner_number(pg_demo, customer_before=None)
        other = single_owner_number(pg_demo, tiers=("bronze", "silver"), customer_before=None)
        customer_id, shown, reason = _reveal_in_the_desk(qtbot, window, number, other)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
    owner = make_engine(pg_demo)
    try:
        with owner.connect() as connection:
            real = connection.scalar(sa.select(m.Customer.national_id).where(m.Customer.id == customer_id))
            audit = connection.execute(sa.select(m.AuditEvent).where(
                m.AuditEvent.entity_id == str(customer_id), m.AuditEvent.action == "national_id.revealed")).all()
    finally:
        owner.dispose()
    assert shown == real
    assert len(audit) == 1
    assert audit[0].actor_id == signed.user.id and audit[0].db_user == parsed.username
    assert audit[0].details == {"reason": reason}
