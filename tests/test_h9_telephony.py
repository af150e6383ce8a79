"""Issue 9, items 17-19: the telephony entry points hold up against a missing app, hostile
local clients and other users on the same machine."""

from __future__ import annotations

import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_desk.ui.screen_pop import (
    MAX_HTTP_CONNECTIONS,
    ScreenPopServer,
    UnsafeSocketFolder,
    send_to_running,
    server_name,
)

WAIT_MS = 60_000
POSIX = sys.platform != "win32"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _in_thread(fn, *args) -> tuple[threading.Thread, dict[str, object]]:
    """Run a blocking client call off the GUI thread (the server answers on the event loop)."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = fn(*args)
        except Exception as error:  # noqa: BLE001 - handed to the test to assert on
            result["error"] = error

    thread = threading.Thread(target=run, name="client")
    thread.start()
    return thread, result


def _finish(qtbot, thread: threading.Thread, result: dict[str, object]) -> object:
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=WAIT_MS)
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]


def _raw_request(port: int, request: bytes) -> tuple[int, bytes]:
    """Send ``request`` as is; the status code and the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as client:
        client.sendall(request)
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


@pytest.fixture
def server(qapp):
    pops = ScreenPopServer()
    yield pops
    pops.close()
    pops.deleteLater()


# -- 17: `agent-desk screen-pop PHONE` starts the app when it is not running ------------


def test_the_command_starts_the_app_when_none_is_running(qtbot, demo_db: str, isolated_home: Path) -> None:
    """It used to die at once: its probe left a QCoreApplication behind, then the GUI wanted a
    QApplication. Now the app comes up with the caller, and takes the next pop over the socket."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    app = subprocess.Popen([sys.executable, "-m", "agent_desk", "--db", demo_db, "--lang", "en",
                            "screen-pop", "054-1234567"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        socket_file = Path(server_name())
        qtbot.waitUntil(lambda: socket_file.exists() or app.poll() is not None, timeout=WAIT_MS)
        assert app.poll() is None, app.communicate()[1]
        assert send_to_running("+972 54-765-4321", timeout_ms=20_000), "the running app did not take the pop"
        # Item 2: the start-up's schema check talks at INFO: into the log file.
        log_file = isolated_home / "logs" / "agent-desk.log"
        qtbot.waitUntil(lambda: "alembic.runtime.migration" in _text(log_file) or app.poll() is not None,
                        timeout=WAIT_MS)
        assert app.poll() is None
    finally:
        app.terminate()
        out, err = app.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert "QCoreApplication" not in err, err
    # ... and not to the terminal.
    assert "INFO" not in err and "alembic" not in err, err
    assert "alembic.runtime.migration" in _text(log_file)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_lone_probe_leaves_no_application_behind() -> None:
    """In a process with no Qt application yet (the command's own), a failed hand-over
    shuts its temporary core application down, so the GUI can be started after it."""
    code = ("import sys\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "from PySide6.QtWidgets import QApplication\n"
            "from agent_desk.ui.screen_pop import send_to_running\n"
            "assert send_to_running('054-1234567', timeout_ms=300) is False\n"
            "assert QCoreApplication.instance() is None\n"
            "app = QApplication([])\n"
            "print(type(QCoreApplication.instance()).__name__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "QApplication"


# -- 18: the loopback URL -------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ("Host: evil.example:{port}", 421),                 # DNS rebinding: a page's own name
        ("Host: 127.0.0.1.evil.example", 421),
        ("Host: localhost.:{port}", 421),
        ("", 421),                                          # no Host at all
        ("Host: 127.0.0.1:{port}\r\nOrigin: https://evil.example", 403),   # a page's fetch()
        ("Host: 127.0.0.1:{port}\r\nOrigin: null", 403),
        ("Host: 127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site", 403),     # a page's <img src>
        ("Host: 127.0.0.1:{port}", 202),
        ("Host: LOCALHOST:{port}", 202),
        ("Host: [::1]:{port}", 202),
        ("Host: localhost\r\nSec-Fetch-Site: none", 202),   # the agent typed the URL
    ],
)
def test_only_local_programs_can_pop_a_caller(qtbot, server, headers: str, status: int) -> None:
    port = _free_port()
    assert server.listen_http(port)
    popped: list[str] = []
    server.pop_requested.connect(popped.append)
    head = headers.format(port=port)
    request = f"GET /screen-pop?ani=0541234567 HTTP/1.1\r\n{head}{chr(13) + chr(10) if head else ''}\r\n"
    thread, result = _in_thread(_raw_request, port, request.encode())
    code, answer = _finish(qtbot, thread, result)
    assert code == status, answer
    assert popped == (["0541234567"] if status == 202 else [])


IDLE_CLIENTS = r"""
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(count):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
    except OSError:
        break  # the server stopped accepting
    held.append(s)
    try:
        s.sendall(b"GET /screen-pop?ani=1 HTTP/1.1\r\n")  # and never finishes the request
    except OSError:
        pass  # the server already cut this one off to make room
print(len(held), flush=True)
sys.stdin.read()  # hold them until the test is done
"""


@pytest.fixture
def desktop_file_limit():
    """The usual desktop limit of 1,024 open files for the desk's process."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, soft), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.skipif(not POSIX, reason="open-file limits are a POSIX matter")
def test_a_thousand_idle_connections_do_not_starve_a_real_request(qtbot, server, desktop_file_limit) -> None:
    port = _free_port()
    assert server.listen_http(port)
    popped: list[str] = []
    server.pop_requested.connect(popped.append)
    flood = subprocess.Popen([sys.executable, "-c", IDLE_CLIENTS, str(port), "1000"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        reader, opened = _in_thread(flood.stdout.readline)
        held = int(_finish(qtbot, reader, opened))
        assert held == 1000
        assert server.open_http_connections <= MAX_HTTP_CONNECTIONS
        thread, result = _in_thread(_raw_request, port,
                                    f"GET /screen-pop?ani=0541234567 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
                                    .encode())
        qtbot.waitUntil(lambda: popped == ["0541234567"], timeout=10_000)
        assert _finish(qtbot, thread, result)[0] == 202
    finally:
        flood.stdin.close()
        flood.wait(timeout=60)
        flood.stdout.close()


def _wait_for_hang_up(port: int, first_bytes: bytes) -> bytes:
    """Open a connection, send ``first_bytes``, then wait (up to 20 s) for the server to end it."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as client:
        client.sendall(first_bytes)
        answer = b""
        try:
            while chunk := client.recv(4096):
                answer += chunk
        except ConnectionResetError:
            pass
        return answer


@pytest.mark.parametrize("first_bytes", [b"", b"GET /screen-pop?ani=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"])
def test_an_idle_or_unfinished_connection_is_closed(qtbot, qapp, first_bytes: bytes) -> None:
    server = ScreenPopServer(request_timeout_ms=300)
    try:
        port = _free_port()
        assert server.listen_http(port)
        popped: list[str] = []
        server.pop_requested.connect(popped.append)
        thread, result = _in_thread(_wait_for_hang_up, port, first_bytes)
        assert _finish(qtbot, thread, result) == b""  # closed by the server, not answered
        qtbot.waitUntil(lambda: server.open_http_connections == 0, timeout=5_000)
        assert popped == []
    finally:
        server.close()
        server.deleteLater()


def test_an_oversized_request_is_refused(qtbot, server) -> None:
    port = _free_port()
    assert server.listen_http(port)
    request = b"GET /screen-pop?ani=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 20_000 + b"\r\n\r\n"
    thread, result = _in_thread(_wait_for_hang_up, port, request)
    answer = _finish(qtbot, thread, result)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]


# -- 19: the single-instance socket is in a folder only we can enter --------------------


@pytest.mark.skipif(not POSIX, reason="a named pipe on Windows, not a socket file")
def test_the_socket_lives_in_an_owner_only_folder(server) -> None:
    assert server.listen_local()
    socket_file = Path(server.local.fullServerName())
    assert socket_file == Path(server_name())
    assert stat.S_ISSOCK(socket_file.stat().st_mode)
    folder = socket_file.parent.stat()
    assert stat.S_IMODE(folder.st_mode) == 0o700
    assert folder.st_uid == os.getuid()


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path: pytest's own (longer under parallel workers) can
    push a socket path past the 107 bytes Unix allows, and the code then rightly moves on to
    another folder instead of the one the test set up."""
    folder = Path(tempfile.mkdtemp(prefix="ad-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o755, 0o750, 0o701])
def test_a_folder_others_can_enter_is_not_trusted(qapp, short_tmp: Path, monkeypatch, mode: int) -> None:
    """Another user who made the folder first (or opened it) would receive the numbers."""
    runtime = short_tmp / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    premade = runtime / "agent-desk"
    premade.mkdir()
    premade.chmod(mode)
    with pytest.raises(UnsafeSocketFolder):
        server_name()
    pops = ScreenPopServer()
    try:
        with pytest.raises(UnsafeSocketFolder):
            pops.listen_local()
        assert not pops.local.isListening()
    finally:
        pops.close()
    assert send_to_running("054-1234567", timeout_ms=300) is False
    assert list(premade.iterdir()) == []


@pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_folder_owned_by_someone_else_is_not_trusted(qapp, short_tmp: Path, monkeypatch) -> None:
    runtime = short_tmp / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    premade = runtime / "agent-desk"
    premade.mkdir(mode=0o700)
    os.chown(premade, 65534, 65534)
    with pytest.raises(UnsafeSocketFolder, match="another user"):
        server_name()


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_fresh_runtime_folder_is_made_owner_only(qapp, short_tmp: Path, monkeypatch) -> None:
    runtime = short_tmp / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    old_umask = os.umask(0)  # the most generous umask: the folder must still be 0700
    try:
        name = Path(server_name())
    finally:
        os.umask(old_umask)
    assert name.parent == runtime / "agent-desk"
    assert stat.S_IMODE(name.parent.stat().st_mode) == 0o700
