"""Screen pops from the telephony side: a local socket for ``agent-desk screen-pop PHONE``
and an optional loopback HTTP endpoint for softphones and CTI connectors.

Both are event-driven on the GUI thread's event loop (Qt's sockets never block it) and
only hand a phone number to the window through :attr:`ScreenPopServer.pop_requested`.

Whoever can write to these endpoints decides which caller's data the agent sees, and the
local socket receives every caller's number, so:

* the local socket lives in a folder only this user can enter (``socket_folder``); a
  folder owned by someone else or open to others is refused, never used;
* the HTTP endpoint is off unless a port is set, listens on 127.0.0.1 only, answers only
  requests addressed to a loopback name (a web page cannot use DNS rebinding) and made by
  a program, not by a web page in a browser (``Origin`` / ``Sec-Fetch-Site``), and a
  slow or idle client cannot hold it: every request must arrive whole within a deadline,
  at most ``MAX_HTTP_CONNECTIONS`` are open at once and the oldest gives way to a new one.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QTimer, Signal
from PySide6.QtNetwork import QHostAddress, QLocalServer, QLocalSocket, QTcpServer, QTcpSocket

from agent_desk.paths import app_dirs, private_dir

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 8192
MAX_ANI_CHARS = 40
#: Open HTTP connections at most; a new one closes the oldest (a flood of idle
#: connections cannot keep a real softphone out).
MAX_HTTP_CONNECTIONS = 16
#: A request must arrive whole within this time after connecting, or it is cut off.
HTTP_REQUEST_TIMEOUT_MS = 5000
#: Host header names the endpoint answers to (any port).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
_HOST = re.compile(r"(?P<name>\[[^\]]*\]|[^:\[\]]*)(?::\d{1,5})?")
# The longest path a Unix socket can have (sun_path is 108 bytes with the final NUL).
_MAX_SOCKET_PATH = 100


class UnsafeSocketFolder(OSError):
    """The single-instance socket's folder could be entered or replaced by someone else."""


def _check_private(folder: Path) -> None:
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeSocketFolder(f"{folder} is not a folder")
    if info.st_uid != os.getuid():
        raise UnsafeSocketFolder(f"{folder} belongs to another user")
    if info.st_mode & 0o077:
        raise UnsafeSocketFolder(f"{folder} is open to other users (mode {stat.S_IMODE(info.st_mode):o})")


def private_folder(folder: Path) -> Path:
    """``folder``, created owner-only (0700) if missing; refused if anyone else could use it."""
    if not folder.exists():
        private_dir(folder)  # it and any missing parents owner-only, whatever the umask
    _check_private(folder)
    return folder


def socket_folder() -> Path:
    """The folder of the single-instance socket: the user's runtime dir (``/run/user/UID``,
    owner-only by design), else the cache dir, else ``/tmp/agent-desk-UID``, whichever first
    gives a path short enough for a Unix socket. Checked owner-only every time."""
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        candidates.append(Path(runtime) / "agent-desk")
    candidates.append(app_dirs().cache / "sockets")
    candidates.append(Path(tempfile.gettempdir()) / f"agent-desk-{os.getuid()}")
    for folder in candidates:
        if len(os.fsencode(folder / _socket_file_name())) > _MAX_SOCKET_PATH:
            continue
        try:
            return private_folder(folder)
        except PermissionError:
            continue  # not ours to write (a runtime dir inherited through su): try the next
        # An UnsafeSocketFolder is not stepped around: someone made it, and the user should know.
    raise UnsafeSocketFolder("no private folder with a short enough path for the screen-pop socket")


def _socket_file_name() -> str:
    # One socket per user and data folder, so a test profile never talks to a real instance.
    digest = hashlib.sha1(str(app_dirs().data).encode()).hexdigest()[:10]
    return f"pop-{digest}"


def server_name() -> str:
    """What ``QLocalServer.listen`` and ``QLocalSocket.connectToServer`` get: a full path in
    a private folder on Unix; on Windows a pipe name (the server restricts it to the user).

    Raises:
        UnsafeSocketFolder: the folder is not owner-only (or cannot be made).
    """
    if sys.platform == "win32":
        digest = hashlib.sha1(str(app_dirs().data).encode()).hexdigest()[:10]
        return f"agent-desk-{getpass.getuser()}-{digest}"
    return str(socket_folder() / _socket_file_name())


def send_to_running(phone: str, timeout_ms: int = 2000) -> bool:
    """Hand ``phone`` to the running instance; False when none is running (or the socket's
    folder is not private: then nobody trustworthy can be listening).

    Used by the ``screen-pop`` command, a short-lived process with no window, so it may wait.
    Without an application object it makes a temporary one and shuts it down before
    returning, so the caller can still start the GUI (a QApplication) afterwards.
    """
    try:
        name = server_name()
    except OSError:
        return False
    temporary = None
    if QCoreApplication.instance() is None:
        temporary = QCoreApplication([])  # sockets need an application object
    try:
        return _send(name, phone, timeout_ms)
    finally:
        if temporary is not None:
            temporary.shutdown()


def _send(name: str, phone: str, timeout_ms: int) -> bool:
    socket = QLocalSocket()
    try:
        socket.connectToServer(name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(QByteArray(phone.strip().encode("utf-8") + b"\n"))
        socket.waitForBytesWritten(timeout_ms)
        # The instance answers "ok" and hangs up; the reply may already be buffered when the
        # wait reports the hang-up, so read whatever arrived either way.
        socket.waitForReadyRead(timeout_ms)
        return bytes(socket.readAll().data()).startswith(b"ok")
    finally:
        socket.abort()


@dataclass
class _HttpClient:
    """One open HTTP connection: what it sent so far and its deadline."""

    timer: QTimer
    data: bytes = b""
    answered: bool = False


class ScreenPopServer(QObject):
    """Listens for screen pops and says which number to pop.

    Signals:
        pop_requested(str): a caller's number (as it came: the agent view normalises it).
    """

    pop_requested = Signal(str)

    def __init__(self, parent: QObject | None = None, *, request_timeout_ms: int = HTTP_REQUEST_TIMEOUT_MS,
                 max_connections: int = MAX_HTTP_CONNECTIONS) -> None:
        super().__init__(parent)
        self.local = QLocalServer(self)
        # Belt and braces: the socket file itself is owner-only too (the folder already is).
        self.local.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.local.newConnection.connect(self._local_connection)
        self.http = QTcpServer(self)
        self.http.newConnection.connect(self._http_connection)
        self.request_timeout_ms = request_timeout_ms
        self.max_connections = max_connections
        self._clients: dict[QTcpSocket, _HttpClient] = {}  # oldest first

    def listen_local(self) -> bool:
        """Start the single-instance socket. False if another instance already has it.

        Raises:
            UnsafeSocketFolder: the socket's folder could be used by someone else.
            OSError: the socket cannot be created (the app then runs without it).
        """
        name = server_name()
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.disconnectFromServer()
            return False
        probe.abort()
        QLocalServer.removeServer(name)  # a stale socket file left by a crash
        if not self.local.listen(name):
            raise OSError(f"cannot listen on {name}: {self.local.errorString()}")
        return True

    def listen_http(self, port: int) -> bool:
        """Serve ``GET /screen-pop?ani=...`` on 127.0.0.1:``port`` (0 = off)."""
        if port <= 0:
            return False
        return self.http.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), port)

    @property
    def open_http_connections(self) -> int:
        return len(self._clients)

    def close(self) -> None:
        self.local.close()
        self.http.close()
        for socket in list(self._clients):
            socket.abort()

    # -- local socket ----------------------------------------------------------------

    def _local_connection(self) -> None:
        while self.local.hasPendingConnections():
            socket = self.local.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._local_read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _local_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        phone = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()[:MAX_ANI_CHARS]
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        socket.disconnectFromServer()
        if phone:
            self.pop_requested.emit(phone)

    # -- loopback HTTP ---------------------------------------------------------------

    def _http_connection(self) -> None:
        while self.http.hasPendingConnections():
            socket = self.http.nextPendingConnection()
            while len(self._clients) >= self.max_connections:
                oldest = next(iter(self._clients))
                self._drop(oldest)
            timer = QTimer(socket)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda s=socket: self._drop(s))
            timer.start(self.request_timeout_ms)
            self._clients[socket] = _HttpClient(timer)
            socket.readyRead.connect(lambda s=socket: self._http_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _drop(self, socket: QTcpSocket) -> None:
        """Cut a connection off now (too slow, or making room for a new one)."""
        self._forget(socket)
        socket.abort()

    def _forget(self, socket: QTcpSocket) -> None:
        client = self._clients.pop(socket, None)
        if client is not None:
            client.timer.stop()
            socket.deleteLater()

    def _http_read(self, socket: QTcpSocket) -> None:
        client = self._clients.get(socket)
        if client is None or client.answered:
            socket.readAll()  # anything after the answer is ignored
            return
        client.data += bytes(socket.read(MAX_REQUEST_BYTES + 1 - len(client.data)).data())
        data = client.data
        head_end = data.find(b"\r\n\r\n")
        if head_end < 0:
            head_end = data.find(b"\n\n")
        if head_end < 0:
            if len(data) > MAX_REQUEST_BYTES:
                self._respond(socket, 413, {"error": "request too large"})
            return  # the headers are not all here yet
        lines = data[:head_end].decode("latin-1").splitlines()
        parts = lines[0].strip().split(" ") if lines else []
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            self._respond(socket, 400, {"error": "not an HTTP request"})
            return
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                self._respond(socket, 400, {"error": "malformed header"})
                return
            headers[name.strip().lower()] = value.strip()
        if not _is_loopback_host(headers.get("host", "")):
            self._respond(socket, 421, {"error": "use http://127.0.0.1:PORT/ (this endpoint is local only)"})
            return
        if _from_a_web_page(headers):
            self._respond(socket, 403, {"error": "screen pops are not accepted from web pages"})
            return
        method, target, _version = parts
        url = urlsplit(target)
        if url.path != "/screen-pop":
            self._respond(socket, 404, {"error": "unknown path; use /screen-pop?ani=PHONE"})
            return
        if method not in ("GET", "POST"):
            self._respond(socket, 405, {"error": "use GET /screen-pop?ani=PHONE"})
            return
        ani = parse_qs(url.query).get("ani", [""])[0].strip()
        if not ani or len(ani) > MAX_ANI_CHARS:
            self._respond(socket, 400, {"error": "the ani parameter (the caller's number) is missing"})
            return
        self._respond(socket, 202, {"status": "accepted", "ani": ani})
        self.pop_requested.emit(ani)

    def _respond(self, socket: QTcpSocket, status: int, body: dict[str, str]) -> None:
        reasons = {202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
                   405: "Method Not Allowed", 413: "Payload Too Large", 421: "Misdirected Request"}
        if status >= 400:
            log.info("screen-pop URL: refused a request (%s %s)", status, reasons[status])
        client = self._clients.get(socket)
        if client is not None:
            client.answered = True
            client.data = b""
        payload = json.dumps(body).encode()
        head = (f"HTTP/1.1 {status} {reasons[status]}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode()
        socket.write(QByteArray(head + payload))
        socket.flush()
        socket.disconnectFromHost()  # the deadline timer still cuts a client that never reads


def _is_loopback_host(value: str) -> bool:
    """True for ``127.0.0.1``, ``localhost`` and ``[::1]``, each with or without a port."""
    match = _HOST.fullmatch(value.strip().lower())
    return match is not None and match.group("name") in LOOPBACK_HOSTS


def _from_a_web_page(headers: dict[str, str]) -> bool:
    """A browser marks requests a page makes: ``Origin`` on scripted ones and ``Sec-Fetch-Site``
    on all of them (``none`` when the user typed the URL). Softphones and curl send neither."""
    origin = headers.get("origin")
    if origin is not None:
        netloc = urlsplit(origin).netloc
        if origin == "null" or not _is_loopback_host(netloc):
            return True
    return headers.get("sec-fetch-site", "none").lower() not in ("none", "same-origin")
