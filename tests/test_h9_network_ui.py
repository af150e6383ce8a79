"""The desk on a PostgreSQL link that freezes mid-call (issue 9, items 5, 6 and 7): lookups
fail within 15 s with a plain message instead of hanging, a failed pop clears the screen
and still lets the agent log the call against the number, the status bar stops saying
"Connected" (and says it again once calls work), the wrap-up draft keeps being written,
polls never pile up, and a failed submit shows no SQL and no notes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.desk import Desk
from agent_desk.drafts import DraftStore
from agent_desk.paths import app_dirs
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from tests.conftest import signed_in
from tests.tcpproxy import TcpProxy

WAIT_MS = 30_000
LIMIT_MS = 15_000


@pytest.fixture
def demo_pg(pg_url: str) -> str:
    engine = make_engine(pg_url, deadline=False)
    migrate.upgrade(engine)
    demo.generate(engine, 40, seed=5)
    engine.dispose()
    return pg_url


@pytest.fixture
def proxy(demo_pg: str) -> Iterator[TcpProxy]:
    target = make_url(demo_pg)
    with TcpProxy(target.host or "127.0.0.1", target.port or 5432) as running:
        yield running


def _callers(url: str, n: int) -> list[tuple[str, str]]:
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(m.CustomerPhone.e164, m.Customer.first_name)
            .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .where(m.CustomerPhone.e164.in_(owners)).order_by(m.Customer.account_number).limit(n)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


@pytest.mark.postgres
def test_a_frozen_link_mid_call(qtbot, qapp, demo_pg: str, proxy: TcpProxy, monkeypatch, pg_person) -> None:
    (first, first_name), (second, _second_name) = _callers(demo_pg, 2)
    # Count how many callback polls run at once.
    real_due = Desk.due_callbacks
    running, most = [0], [0]
    lock = threading.Lock()

    def counted_due(*args, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real_due(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(Desk, "due_callbacks", counted_due)
    # The agent's own login, through the proxy that will freeze.
    agent = pg_person(demo_pg, "agent01")
    url = make_url(agent).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    # The desk without its offline copy (settings: offline = false): every read and write
    # goes to the server, so a frozen link shows as errors (the offline desk keeps working:
    # tests/test_i12_offline_app.py).
    window, translators = build_window(Settings(db_url=url, language="en", offline=False), "agent",
                                       signed_in(url))
    qtbot.addWidget(window)
    window.show()
    view = window.agent_view
    panel = view.wrapup
    try:
        with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
            window.start()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
            view.pop(first)
        assert window.state_label.text() == "Connected"
        view.callbacks_timer.setInterval(100)  # polls as fast as possible while frozen
        panel.autosave.setInterval(200)
        panel.autosave.start()
        panel.disposition.setCurrentIndex(panel.disposition.findData("undecided"))
        panel.primary.setCurrentIndex(panel.primary.findData("moving"))

        proxy.black_hole()
        started = time.monotonic()
        # A search made now answers with an error, not never.
        view.search("Cohen")
        # Meanwhile the draft is still written: local disk never waits for the network.
        panel.notes.setPlainText("Typed while the server is frozen")
        qtbot.waitUntil(lambda: (DraftStore(app_dirs()).load() or {}).get("notes")
                        == "Typed while the server is frozen", timeout=5_000)
        assert time.monotonic() - started < 5
        qtbot.waitUntil(lambda: view.message.isVisible() and "lookup failed" in view.message.text(),
                        timeout=LIMIT_MS)
        assert time.monotonic() - started < LIMIT_MS / 1000
        assert "select" not in view.message.text().lower()
        assert window.state_label.text().startswith("Offline")

        # Submitting now fails with plain words: no SQL, not the notes.
        panel.notes.setPlainText("Secret: customer mentioned a lawsuit")
        sent_at = time.monotonic()
        panel.submit()
        assert panel.result.text() == "Sending…"
        qtbot.waitUntil(lambda: panel.result.text() != "Sending…", timeout=LIMIT_MS + 2_000)
        assert time.monotonic() - sent_at < LIMIT_MS / 1000 + 1
        shown = panel.result.text()
        assert shown.startswith("Not saved") and "try again" in shown
        assert "lawsuit" not in shown and "INSERT" not in shown.upper() and "SELECT" not in shown.upper()
        assert panel.in_progress and panel.submit_button.isEnabled()

        # A pop now fails: the last caller is gone from the screen, the agent is told why,
        # and the wrap-up is open for the new number.
        view.pop(second)
        assert view.replace_bar.isVisible()
        popped_at = time.monotonic()
        view._replace_confirmed()
        qtbot.waitUntil(lambda: view.pages.currentWidget() is view.unknown, timeout=LIMIT_MS + 2_000)
        assert time.monotonic() - popped_at < LIMIT_MS / 1000 + 1
        assert "could not be looked up" in view.message.text()
        assert not view.header.name.text().startswith(first_name)
        assert first_name not in panel.title.text()
        assert panel.in_progress and panel.base.customer_id is None and panel.base.caller_e164 == second
        assert not panel.disposition.currentData() and panel.notes.toPlainText() == ""
        assert window.state_label.text().startswith("Offline")
        assert most[0] == 1, f"{most[0]} callback polls ran at once"

        # The link comes back: the next call works and the status bar says so.
        proxy.restore()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=LIMIT_MS + 5_000)
        with qtbot.waitSignal(view.wrapup.submitted, timeout=WAIT_MS):
            panel.disposition.setCurrentIndex(panel.disposition.findData("undecided"))
            panel.primary.setCurrentIndex(panel.primary.findData("moving"))
            panel.submit()
        assert window.state_label.text() == "Connected"
        assert most[0] == 1
    finally:
        proxy.restore()
        window.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)
