"""The main window, driven offscreen: start-up, screen pop, chooser, offline, lead view, Hebrew."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agent_desk.data import models as m
from agent_desk.data import queries
from agent_desk.data.db import make_engine
from agent_desk.desk import Desk
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.table_models import (
    SORT_ROLE,
    BillingModel,
    CallLogModel,
    RetentionModel,
    SubscriptionModel,
    SurveyModel,
    TimelineModel,
)

WAIT_MS = 30_000


@pytest.fixture
def open_window(qtbot, qapp) -> Iterator[Callable[..., MainWindow]]:
    made: list[tuple[MainWindow, list]] = []

    def make(url: str = "", language: str = "en", view: str = "agent", demo_customers: int = 0) -> MainWindow:
        settings = Settings(db_url=url, language=language, demo_customers=demo_customers)
        window, translators = build_window(settings, view)
        qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
        made.append((window, translators))
        window.show()
        with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
            window.start()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        return window

    yield make
    for window, translators in made:
        window.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def _query(url: str, statement) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    engine.dispose()
    return rows


def _single_owner_mobile(url: str) -> tuple[str, str, str, int, str]:
    """(e164, first name, account, interactions, newest subject) of a caller with a number of their own."""
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    e164, customer_id, first, account = _query(url, (
        sa.select(m.CustomerPhone.e164, m.Customer.id, m.Customer.first_name, m.Customer.account_number)
        .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
        .where(m.CustomerPhone.e164.in_(owners), m.CustomerPhone.e164.like("+9725%"))
        .order_by(m.Customer.account_number).limit(1)
    ))[0]
    count = _query(url, sa.select(sa.func.count()).where(m.Interaction.customer_id == customer_id))[0][0]
    newest = _query(url, sa.select(m.Interaction.subject).where(m.Interaction.customer_id == customer_id)
                    .order_by(m.Interaction.occurred_at.desc()).limit(1))[0][0]
    return e164, first, account, count, newest


def _pop_by_keyboard(qtbot, window: MainWindow, raw: str) -> None:
    view = window.agent_view
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.phone.hasFocus() or QApplication.focusWidget() is view.phone
    view.phone.clear()
    qtbot.keyClicks(view.phone, raw)
    qtbot.keyClick(view.phone, Qt.Key.Key_Return)
    if view.replace_bar.isVisible():  # a call is still open: the agent agrees to replace it
        qtbot.mouseClick(view.replace_yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def _national_formats(e164: str) -> list[str]:
    national = "0" + e164[4:]
    prefix, rest = national[:3], national[3:]
    return [
        f"{prefix}-{rest}", national, f"+972 {prefix[1:]}-{rest[:3]}-{rest[3:]}", e164[1:],
        f"({prefix}) {rest[:3]} {rest[3:]}", f"+972-{prefix}-{rest}",
    ]


def test_pops_a_known_caller_written_every_way(open_window, qtbot, demo_db: str) -> None:
    e164, first, account, count, newest = _single_owner_mobile(demo_db)
    window = open_window(demo_db)
    view = window.agent_view
    for raw in _national_formats(e164):
        view.header.name.clear()
        _pop_by_keyboard(qtbot, window, raw)
        assert view.pages.currentWidget() is view.card_page, raw
        assert view.header.name.text().startswith(first), raw
        assert account in view.header.account.text()
    timeline = view.timeline.model()
    assert timeline.rowCount() == min(count, queries.TIMELINE_LIMIT)
    assert timeline.index(0, 3).data() == newest
    assert str(count) in view.header.facts["contacts"].text()


def test_a_shared_number_asks_who_is_calling(open_window, qtbot, demo_db: str) -> None:
    e164, owners = _query(demo_db, sa.select(m.CustomerPhone.e164, sa.func.count())
                          .group_by(m.CustomerPhone.e164).having(sa.func.count() > 1).limit(1))[0]
    names = {f"{first} {last}" for first, last in _query(demo_db, (
        sa.select(m.Customer.first_name, m.Customer.last_name)
        .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
        .where(m.CustomerPhone.e164 == e164)))}
    window = open_window(demo_db)
    view = window.agent_view
    _pop_by_keyboard(qtbot, window, "0" + e164[4:])
    assert view.pages.currentWidget() is view.chooser_page
    assert view.chooser.count() == owners
    shown = {view.chooser.item(i).text().split(" · ")[0] for i in range(view.chooser.count())}
    assert shown == names
    view.chooser.setCurrentRow(owners - 1)
    chosen = view.chooser.item(owners - 1).text().split(" · ")[0]
    with qtbot.waitSignal(view.caller_shown, timeout=WAIT_MS):
        qtbot.keyClick(view.chooser, Qt.Key.Key_Return)
    assert view.header.name.text() == chosen


def test_an_unknown_number_opens_a_new_caller_card(open_window, qtbot, demo_db: str) -> None:
    known = {row[0] for row in _query(demo_db, sa.select(m.CustomerPhone.e164))}
    number = next(f"+9723{n:07d}" for n in range(5_000_000, 6_000_000) if f"+9723{n:07d}" not in known)
    window = open_window(demo_db)
    view = window.agent_view
    _pop_by_keyboard(qtbot, window, "0" + number[4:])
    assert view.pages.currentWidget() is view.unknown
    assert f"03-{number[5:8]}-{number[8:]}" in view.unknown.text()


def test_a_number_nobody_has_and_no_match_says_so(open_window, qtbot, demo_db: str) -> None:
    window = open_window(demo_db)
    view = window.agent_view
    _pop_by_keyboard(qtbot, window, "054-12345678901")
    assert view.pages.currentWidget() is view.chooser_page
    assert view.chooser.count() == 0
    assert "No customer matches" in view.chooser_title.text()
    assert not view.clock.running  # a search is not a call


def test_a_late_answer_never_lands_under_a_newer_caller(open_window, qtbot, demo_db, monkeypatch) -> None:
    first_e164, *_ = _single_owner_mobile(demo_db)
    second = _query(demo_db, sa.select(m.CustomerPhone.e164, m.Customer.first_name, m.Customer.account_number)
                    .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
                    .where(m.CustomerPhone.e164 != first_e164).order_by(m.Customer.account_number.desc())
                    .limit(1))[0]
    real_pop = Desk.pop
    second_on_screen = threading.Event()

    def slow_for_the_first(desk, raw, *args, **kwargs):
        if raw == first_e164:  # the first lookup answers only once the second caller is shown
            second_on_screen.wait(WAIT_MS / 1000)
        return real_pop(desk, raw, *args, **kwargs)

    monkeypatch.setattr(Desk, "pop", slow_for_the_first)
    window = open_window(demo_db)
    view = window.agent_view
    view.caller_shown.connect(lambda account: account == second.account_number and second_on_screen.set())
    try:
        view.pop(first_e164)
        view.pop(second.e164)
        qtbot.waitUntil(second_on_screen.is_set, timeout=WAIT_MS)
    finally:
        second_on_screen.set()
    # The first lookup either answered late (and was ignored) or was dropped unstarted.
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    assert second.account_number in view.header.account.text()
    assert view.header.name.text().startswith(second.first_name)


def test_first_run_seeds_the_embedded_database_with_progress(qtbot, qapp) -> None:
    window, translators = build_window(Settings(language="en", demo_customers=60))
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.show()
    seen: list[tuple[bool, int, int]] = []
    dialog = window.progress_dialog
    original = window._startup_progress

    def watch(done: int, total: int, what: str) -> None:
        original(done, total, what)
        if what == "seed":
            seen.append((dialog.isVisible(), dialog.value(), dialog.maximum()))

    window._startup_progress = watch  # type: ignore[method-assign]
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    assert seen and all(visible for visible, _, _ in seen)
    assert seen[-1][1:] == (60, 60)
    assert "demo customers" in dialog.labelText()
    assert not dialog.isVisible()
    assert window.state_label.text() == "Connected"
    assert window.database is not None and window.database.seeded_customers == 60
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def test_an_unreachable_database_means_offline_not_a_crash(qtbot, qapp) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    window, translators = build_window(Settings(db_url=f"postgresql://desk@127.0.0.1:{port}/desk", language="en"))
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    assert "cannot be reached" in window.banner_text.text()
    assert window.state_label.text() == "Offline"
    assert not window.agent_view.phone.isEnabled()
    assert window.retry.isEnabled()
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def test_the_lead_view_shows_the_teams_results(open_window, qtbot, demo_db: str) -> None:
    # What the lead's team did in the last 30 days, counted here in plain SQL: each call once,
    # under its newest correction's outcome when a lead corrected it.
    call, cc = m.RetentionCall, m.CallCorrection
    lead_team = _query(demo_db, sa.select(m.Agent.team_id).where(m.Agent.role == "team_lead", m.Agent.active)
                       .order_by(m.Agent.username).limit(1))[0][0]
    team = sa.select(m.Agent.id).where(m.Agent.team_id == lead_team)
    newest = (sa.select(cc.new_value).where(cc.call_id == call.id, cc.field == "outcome")
              .order_by(cc.corrected_at.desc(), cc.id.desc()).limit(1).scalar_subquery())
    since = datetime.now(UTC) - timedelta(days=30)
    counted = (sa.select(sa.func.count()).select_from(call)
               .join(m.Disposition, m.Disposition.code == sa.func.coalesce(newest, call.disposition_code))
               .where(call.started_at >= since, call.amends_call_id.is_(None), call.agent_id.in_(team)))
    calls = _query(demo_db, counted)[0][0]
    saves = _query(demo_db, counted.where(m.Disposition.counts_as_save))[0][0]
    logged = _query(demo_db, sa.select(sa.func.count()).select_from(call)
                    .where(call.started_at <= datetime.now(UTC), call.amends_call_id.is_(None),
                           call.agent_id.in_(team)))[0][0]
    assert 0 < saves < calls
    window = open_window(demo_db, view="lead")
    lead = window.lead_view
    qtbot.waitUntil(lambda: lead.calls.text() != "", timeout=WAIT_MS)
    assert lead.calls.text() == f"{calls:,} calls"
    assert lead.saves.text() == f"{saves:,} saved"
    assert lead.rate.text() == f"save rate {saves / calls * 100:.0f}%"
    assert lead.log.model().rowCount() == min(200, logged)


def test_views_switch_from_the_keyboard(open_window, qtbot, demo_db: str) -> None:
    window = open_window(demo_db)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.lead_view
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    assert window.lead_view.log.model().rowCount() > 0
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.agent_view


def test_hebrew_is_translated_and_right_to_left(open_window, qtbot, qapp, demo_db: str) -> None:
    e164, first, *_ = _single_owner_mobile(demo_db)
    window = open_window(demo_db, language="he")
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    assert window.agent_action.text() == "מסך &נציג"
    _pop_by_keyboard(qtbot, window, e164)
    view = window.agent_view
    assert view.timeline.model().headerData(0, Qt.Orientation.Horizontal) == "מתי"
    assert view.caller.tabs.tabText(0).startswith("ציר &זמן (")
    assert view.header.name.text().startswith(first)


@pytest.mark.parametrize("model_class", [TimelineModel, SubscriptionModel, BillingModel, SurveyModel,
                                         RetentionModel, CallLogModel])
def test_table_models_follow_the_qt_contract(qtmodeltester, demo_db: str, model_class) -> None:
    engine = make_engine(demo_db)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with sa.orm.Session(engine) as session:
        busiest = session.execute(  # a number of one customer (a family's shared one pops a chooser)
            sa.select(m.CustomerPhone.e164)
            .join(m.RetentionCall, m.RetentionCall.customer_id == m.CustomerPhone.customer_id)
            .join(m.SurveyResponse, m.SurveyResponse.customer_id == m.CustomerPhone.customer_id)
            .where(m.CustomerPhone.e164.in_(owners)).limit(1)
        ).scalar_one()
        lookup = queries.pop_caller(session, busiest)
        overview = queries.lead_overview(session)
    engine.dispose()
    history = lookup.history
    rows = {TimelineModel: history.timeline, SubscriptionModel: lookup.profile.subscriptions,
            BillingModel: history.billing, SurveyModel: history.surveys, RetentionModel: history.retention,
            CallLogModel: overview.recent}
    model = model_class()
    model.set_rows(rows[model_class])
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows[model_class]) > 0
    assert model.index(0, 0).data(SORT_ROLE) is not None


def _busiest_customer(url: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(single-owner e164, customer id hex, [(kind, subject)]) of the customer with most contacts."""
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    customer_id, e164 = _query(url, (
        sa.select(m.Interaction.customer_id, sa.func.min(m.CustomerPhone.e164))
        .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Interaction.customer_id)
        .where(m.CustomerPhone.e164.in_(owners))
        .group_by(m.Interaction.customer_id).order_by(sa.func.count().desc()).limit(1)))[0]
    events = [(k.value, s) for k, s in _query(url, sa.select(m.Interaction.kind, m.Interaction.subject)
                                               .where(m.Interaction.customer_id == customer_id))]
    return e164, customer_id, events


def test_the_timeline_filters_by_kind_and_by_text(open_window, qtbot, demo_db: str) -> None:
    e164, _customer, events = _busiest_customer(demo_db)
    window = open_window(demo_db)
    _pop_by_keyboard(qtbot, window, e164)
    caller = window.agent_view.caller
    timeline = caller.timeline.model()
    assert timeline.rowCount() == len(events)

    caller.kind_filter.setCurrentIndex(caller.kind_filter.findData("call"))
    calls = [s for k, s in events if k == "call"]
    assert 0 < len(calls) < len(events)
    assert timeline.rowCount() == len(calls)
    assert {timeline.index(r, 1).data() for r in range(timeline.rowCount())} == {"Call"}
    assert sorted(timeline.index(r, 3).data() for r in range(timeline.rowCount())) == sorted(calls)

    caller.kind_filter.setCurrentIndex(0)
    word = events[0][1].split()[-1]
    qtbot.keyClick(caller, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert caller.text_filter.hasFocus()
    caller.text_filter.insert(word)  # QTest types ASCII only; Hebrew comes through the input method
    matching = [s for _k, s in events if word.casefold() in s.casefold()]
    assert 0 < len(matching) <= timeline.rowCount() < len(events)
    # Every row shown has the word, in its subject or in its details (the tooltip).
    for r in range(timeline.rowCount()):
        shown = f"{timeline.index(r, 3).data()} {timeline.index(r, 3).data(Qt.ItemDataRole.ToolTipRole) or ''}"
        assert word.casefold() in shown.casefold(), shown


def test_the_header_is_painted_before_the_history_arrives(open_window, qtbot, demo_db, monkeypatch) -> None:
    e164, first, *_ = _single_owner_mobile(demo_db)
    real_history = Desk.history
    release = threading.Event()

    def held_history(*args, **kwargs):
        release.wait(WAIT_MS / 1000)  # the history arrives only when the test lets it
        return real_history(*args, **kwargs)

    monkeypatch.setattr(Desk, "history", held_history)
    window = open_window(demo_db)
    view = window.agent_view
    try:
        with qtbot.waitSignal(view.caller_shown, timeout=WAIT_MS):
            view.pop(e164)
        assert view.header.name.text().startswith(first)
        assert view.caller.timeline.model().rowCount() == 0
        assert "Loading" in view.header.reasons.text()
    finally:
        with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
            release.set()
    assert view.caller.timeline.model().rowCount() > 0
    assert view.header.risk.text().startswith("Churn risk ")


def test_ten_thousand_events_filter_and_sort(qtbot) -> None:
    import uuid

    from agent_desk import domain as d
    from agent_desk.data.queries import TimelineEntry
    from agent_desk.ui.table_models import TimelineFilter, make_table_view

    kinds = list(d.InteractionKind)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    entries = [
        TimelineEntry(uuid.uuid4(), start + timedelta(hours=n), kinds[n % len(kinds)], d.Channel.PHONE,
                      d.Direction.INBOUND, f"event {n}", None, None, False)
        for n in range(10_000)
    ]
    model = TimelineModel()
    proxy = TimelineFilter()
    view = make_table_view(model, proxy=proxy)
    qtbot.addWidget(view)
    model.set_rows(entries)
    assert view.model() is proxy
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert proxy.rowCount() == 10_000
    assert proxy.index(0, 3).data() == "event 9999"
    proxy.set_kind("complaint")
    complaints = [e for e in entries if e.kind == "complaint"]
    assert 0 < proxy.rowCount() == len(complaints) < 10_000
    proxy.set_text("event 99")
    wanted = {e.subject for e in complaints if "event 99" in e.subject}
    assert wanted and {proxy.index(r, 3).data() for r in range(proxy.rowCount())} == wanted
    assert proxy.rowCount() == len(wanted)
    shown = [proxy.index(r, 0).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert shown == sorted(shown, reverse=True)  # still newest first
