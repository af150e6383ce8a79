"""The offline desk in the real window (issue 12, item 6 and the last "done when"): the app
starts with the server unreachable (signing in against the desk's copy), the agent handles
and logs a call, and when the link comes back the call reaches the server exactly once. A
caller the desk does not hold is said to be so, and the call is still logged against the
number. The embedded SQLite file has no store and nothing to sync."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.offline import store_path
from agent_desk.paths import app_dirs
from agent_desk.settings import Settings
from agent_desk.sync.local import LocalStore
from agent_desk.ui.app import build_window
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.sign_in import SignInDialog
from tests.tcpproxy import TcpProxy

WAIT_MS = 30_000


@pytest.fixture
def demo_pg(pg_url: str) -> str:
    engine = make_engine(pg_url, deadline=False)
    migrate.upgrade(engine)
    demo.generate(engine, 30, seed=11)
    engine.dispose()
    return pg_url


@pytest.fixture
def proxy(demo_pg: str) -> Iterator[TcpProxy]:
    target = make_url(demo_pg)
    with TcpProxy(target.host or "127.0.0.1", target.port or 5432) as running:
        yield running


def _two_callers(url: str) -> list[tuple[str, uuid.UUID]]:
    """Two numbers each owned by one customer with a live subscription: (e164, customer id)."""
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(m.CustomerPhone.e164, m.Customer.id)
            .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .join(m.Subscription, m.Subscription.customer_id == m.Customer.id)
            .where(m.CustomerPhone.e164.in_(owners), m.Subscription.status == "active")
            .group_by(m.CustomerPhone.e164, m.Customer.id, m.Customer.account_number)
            .order_by(m.Customer.account_number).limit(2)).all()
    engine.dispose()
    return [(e164, customer_id) for e164, customer_id in rows]


def _sign_in(qtbot, url: str, login: str, password: str):
    """Through the dialog, as the person does it (offline on: the desk keeps its copy)."""
    dialog = SignInDialog(url, login, offline=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT_MS) as signal:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    dialog.runner.close()
    return signal.args[0]


def _window(qtbot, url: str, signed) -> tuple[MainWindow, list]:
    window, translators = build_window(Settings(db_url=url, language="en"), "agent", signed)
    qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
    window.show()
    window.start()
    return window, translators


def _submit(qtbot, window: MainWindow, outcome: str = "undecided", reason: str = "moving"):
    view, panel = window.agent_view, window.agent_view.wrapup
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # end the call
    panel.disposition.setCurrentIndex(panel.disposition.findData(outcome))
    panel.primary.setCurrentIndex(panel.primary.findData(reason))
    with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS) as done:
        qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not view.message.isVisible() or "fail" not in view.message.text().lower()
    return done.args[0]


@pytest.mark.postgres
def test_the_desk_starts_offline_logs_a_call_and_the_server_gets_it_once(qtbot, qapp, demo_pg: str,
                                                                         proxy: TcpProxy, pg_person) -> None:
    (held_number, held_id), (other_number, _other_id) = _two_callers(demo_pg)
    person = make_url(pg_person(demo_pg, "agent01"))
    login, password = person.username, person.password
    url = person.set(host="127.0.0.1", port=proxy.port, password=None).render_as_string(hide_password=False)

    # Yesterday, online: the agent signs in (the desk keeps a digest of the password), the
    # desk fills its copy from the server, and the agent takes a call from the first caller.
    signed = _sign_in(qtbot, url, login, password)
    assert not signed.offline
    window, translators = _window(qtbot, url, signed)
    try:
        qtbot.waitUntil(lambda: window.agent_view.desk is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("Online"), timeout=WAIT_MS)
        with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
            window.pop_caller(held_number)
        _submit(qtbot, window)
        qtbot.waitUntil(lambda: "everything sent" in window.sync_indicator.text(), timeout=WAIT_MS)
    finally:
        window.close()
        for translator in translators:
            qapp.removeTranslator(translator)
    store = store_path(app_dirs(), url, login)
    assert store.exists()
    assert password.encode() not in store.read_bytes()  # a digest, never the password

    # Today the link is down. The dialog signs the agent in against the desk's copy.
    proxy.black_hole()
    signed = _sign_in(qtbot, url, login, password)
    assert signed.offline and signed.user.username == login
    window, translators = _window(qtbot, url, signed)
    engine = make_engine(demo_pg)
    try:
        qtbot.waitUntil(lambda: window.agent_view.desk is not None, timeout=WAIT_MS)
        indicator = window.sync_indicator
        qtbot.waitUntil(lambda: indicator.text().startswith("Offline"), timeout=WAIT_MS)
        assert "last synced" in indicator.text()  # when, from the desk's copy (yesterday's session)

        # A caller the desk holds pops from its copy, with the history, while offline.
        with qtbot.waitSignal(window.agent_view.history_shown, timeout=5_000):
            window.pop_caller(held_number)
        submitted = _submit(qtbot, window, "saved", "moving")
        assert "1 waiting to be sent" in indicator.text()

        # A caller it does not hold: the agent is told, and logs the call against the number.
        window.pop_caller(other_number)
        view = window.agent_view
        qtbot.waitUntil(lambda: view.pages.currentWidget() is view.unknown, timeout=5_000)
        assert "not on this desk" in view.message.text()
        unknown = _submit(qtbot, window)
        assert "2 waiting to be sent" in indicator.text()
        with engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall).where(
                m.RetentionCall.id.in_([submitted.call_id, unknown.call_id]))) == 0

        # The link comes back: both calls reach the server, each once.
        proxy.restore()
        qtbot.keyClick(window, Qt.Key.Key_F5)  # or wait for the next retry
        qtbot.waitUntil(lambda: indicator.text().startswith("Online") and "everything sent" in indicator.text(),
                        timeout=60_000)
        with engine.connect() as connection:
            calls = connection.execute(sa.select(m.RetentionCall.id, m.RetentionCall.customer_id,
                                                 m.RetentionCall.caller_e164, m.RetentionCall.disposition_code)
                                       .where(m.RetentionCall.id.in_([submitted.call_id, unknown.call_id]))).all()
            assert sorted((c.customer_id is not None, c.caller_e164, c.disposition_code) for c in calls) == sorted(
                [(True, held_number, "saved"), (False, other_number, "undecided")])
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.SyncMutation).where(
                m.SyncMutation.key.in_([submitted.call_id, unknown.call_id]))) == 2
    finally:
        proxy.restore()
        window.close()
        engine.dispose()
        for translator in translators:
            qapp.removeTranslator(translator)


@pytest.mark.postgres
def test_offline_sign_in_needs_the_password_that_last_signed_in_here(qtbot, demo_pg: str, proxy: TcpProxy,
                                                                      pg_person) -> None:
    person = make_url(pg_person(demo_pg, "agent02"))
    url = person.set(host="127.0.0.1", port=proxy.port, password=None).render_as_string(hide_password=False)
    proxy.black_hole()
    # Never signed in here: the server is unreachable and there is nothing to open.
    dialog = SignInDialog(url, person.username, offline=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, person.password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=WAIT_MS)
    assert "cannot be reached" in dialog.message.text()
    proxy.restore()
    _sign_in(qtbot, url, person.username, person.password)
    proxy.black_hole()
    # A wrong password offline is refused, in words that say which password works.
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "last signed in with" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.signed is None
    dialog.runner.close()


def test_the_embedded_file_has_no_store_and_nothing_to_sync(qtbot, open_desk, tmp_path) -> None:
    window = open_desk(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    assert window.sync is None and window.sync_indicator is None
    assert not (app_dirs().data / "offline").exists()


def test_a_store_of_another_app_version_keeps_the_queued_work(tmp_path) -> None:
    path = tmp_path / "store.sqlite3"
    agent = uuid.uuid4()
    store = LocalStore(path, agent)
    store.write("note.add", {"id": str(uuid.uuid4()), "customer_id": str(uuid.uuid4()), "subject": "kept",
                             "at": "2026-12-01T10:00:00+00:00"})
    client = store.client_id
    store.remember_password("s3cret")
    store.close()
    with sa.create_engine(f"sqlite:///{path}").begin() as connection:  # another version wrote it
        connection.exec_driver_sql("UPDATE sync_state SET value = 'older' WHERE name = 'schema'")
    again = LocalStore(path, agent)
    try:
        assert again.client_id == client
        assert [mu.payload["subject"] for mu in again.pending()] == ["kept"]
        assert again.check_password("s3cret") and not again.check_password("guess")
        assert again.state("cursor") == "0::"
        with again.reader() as session:  # the note is on the desk's copy again
            assert session.scalar(sa.select(m.Interaction.subject)) == "kept"
    finally:
        again.close()
    assert not path.with_name(path.name + ".old").exists()  # its work moved over: no customers' data left behind
