"""Screen pops from the telephony side: a local socket for ``agent-desk screen-pop PHONE``
and an optional loopback HTTP endpoint for softphones and CTI connectors.

Both are event-driven on the GUI thread's event loop (Qt's sockets never block it) and
only hand a phone number to the window through :attr:`ScreenPopServer.pop_requested`.
The HTTP endpoint is off unless a port is set, and listens on 127.0.0.1 only.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, Signal
from PySide6.QtNetwork import QHostAddress, QLocalServer, QLocalSocket, QTcpServer, QTcpSocket

from agent_desk.paths import app_dirs

MAX_REQUEST_BYTES = 8192
MAX_ANI_CHARS = 40


def server_name() -> str:
    """One name per user and data folder, so a test profile never talks to a real instance."""
    digest = hashlib.sha1(str(app_dirs().data).encode()).hexdigest()[:10]
    return f"agent-desk-{getpass.getuser()}-{digest}"


def send_to_running(phone: str, timeout_ms: int = 2000) -> bool:
    """Hand ``phone`` to the running instance; False when none is running.

    Used by the ``screen-pop`` command, a short-lived process with no window, so it may wait.
    """
    if QCoreApplication.instance() is None:
        _app = QCoreApplication([])  # noqa: F841 - sockets need an application object
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(QByteArray(phone.strip().encode("utf-8") + b"\n"))
    socket.waitForBytesWritten(timeout_ms)
    # The instance answers "ok" and hangs up; the reply may already be buffered when the
    # wait reports the hang-up, so read whatever arrived either way.
    socket.waitForReadyRead(timeout_ms)
    answered = bytes(socket.readAll().data()).startswith(b"ok")
    socket.abort()
    return answered


class ScreenPopServer(QObject):
    """Listens for screen pops and says which number to pop.

    Signals:
        pop_requested(str): a caller's number (as it came: the agent view normalises it).
    """

    pop_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.local = QLocalServer(self)
        self.local.newConnection.connect(self._local_connection)
        self.http = QTcpServer(self)
        self.http.newConnection.connect(self._http_connection)
        self._buffers: dict[QTcpSocket, bytes] = {}

    def listen_local(self) -> bool:
        """Start the single-instance socket. False if another instance already has it."""
        name = server_name()
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(name)  # a stale socket file left by a crash
        return self.local.listen(name)

    def listen_http(self, port: int) -> bool:
        """Serve ``GET /screen-pop?ani=...`` on 127.0.0.1:``port`` (0 = off)."""
        if port <= 0:
            return False
        return self.http.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), port)

    def close(self) -> None:
        self.local.close()
        self.http.close()

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
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._http_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QTcpSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _http_read(self, socket: QTcpSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_REQUEST_BYTES:
            self._respond(socket, 413, {"error": "request too large"})
            return
        self._buffers[socket] = data
        if b"\r\n\r\n" not in data and b"\n\n" not in data:
            return  # the headers are not all here yet
        request_line = data.split(b"\n", 1)[0].decode("latin-1").strip()
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            self._respond(socket, 400, {"error": "not an HTTP request"})
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
        reasons = {202: "Accepted", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
                   413: "Payload Too Large"}
        payload = json.dumps(body).encode()
        head = (f"HTTP/1.1 {status} {reasons[status]}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode()
        socket.write(QByteArray(head + payload))
        socket.flush()
        socket.disconnectFromHost()
