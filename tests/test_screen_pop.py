"""Screen pops from the telephony side: the local socket and the loopback HTTP endpoint."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa
from PySide6.QtNetwork import QHostAddress

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from agent_desk.ui.screen_pop import ScreenPopServer, send_to_running

WAIT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _in_thread(fn, *args):
    """Run a blocking client call off the GUI thread (the server answers on the event loop)."""
    result: dict[str, object] = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", fn(*args)), name="client")
    thread.start()
    return thread, result


@pytest.fixture
def server(qapp):
    pops = ScreenPopServer()
    yield pops
    pops.close()
    pops.deleteLater()


def test_the_command_hands_the_number_to_the_running_instance(qtbot, server) -> None:
    """``agent-desk screen-pop PHONE`` from another process, as a dialplan would run it."""
    assert server.listen_local()
    with qtbot.waitSignal(server.pop_requested, timeout=WAIT_MS) as signal:
        command = subprocess.Popen([sys.executable, "-m", "agent_desk", "screen-pop", "054-1234567"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: command.poll() is not None, timeout=WAIT_MS)
    out, err = command.communicate()
    assert signal.args == ["054-1234567"]
    assert command.returncode == 0, err
    assert "Traceback" not in err


def test_without_a_running_instance_the_command_says_so(qapp) -> None:
    assert send_to_running("054-1234567", timeout_ms=300) is False


def test_only_one_instance_owns_the_socket(server, qapp) -> None:
    assert server.listen_local()
    second = ScreenPopServer()
    try:
        assert not second.listen_local()
    finally:
        second.close()


def _get(port: int, path: str, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_the_http_endpoint_is_off_by_default_and_loopback_only(server) -> None:
    assert not server.listen_http(0)
    assert not server.http.isListening()
    port = _free_port()
    assert server.listen_http(port)
    assert server.http.serverAddress() == QHostAddress(QHostAddress.SpecialAddress.LocalHost)


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [("/screen-pop?ani=%2B972541234567", "GET", 202), ("/screen-pop?ani=", "GET", 400), ("/screen-pop", "GET", 400),
     ("/other?ani=1", "GET", 404), ("/screen-pop?ani=1", "DELETE", 405)],
)
def test_http_requests(qtbot, server, path: str, method: str, status: int) -> None:
    port = _free_port()
    assert server.listen_http(port)
    popped: list[str] = []
    server.pop_requested.connect(popped.append)
    thread, result = _in_thread(_get, port, path, method)
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=WAIT_MS)
    thread.join()
    code, body = result["value"]
    assert code == status, body
    assert popped == (["+972541234567"] if status == 202 else [])


def test_a_softphone_url_pops_the_caller_in_the_window(qtbot, qapp, demo_db: str) -> None:
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        e164, first = connection.execute(
            sa.select(m.CustomerPhone.e164, m.Customer.first_name)
            .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .where(m.CustomerPhone.e164.not_in(
                sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() > 1)))
            .limit(1)).one()
    engine.dispose()
    window, translators = build_window(Settings(db_url=demo_db, language="en"))
    qtbot.addWidget(window)
    pops = ScreenPopServer(window)
    pops.pop_requested.connect(window.pop_caller)
    port = _free_port()
    assert pops.listen_http(port)
    window.show()
    # The pop comes before the database is ready: it waits, then shows the caller.
    thread, result = _in_thread(_get, port, f"/screen-pop?ani={e164[1:]}")
    with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
        window.start()
    thread.join()
    assert result["value"][0] == 202
    assert window.agent_view.header.name.text().startswith(first)
    assert window.agent_view.clock.running
    pops.close()
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)
