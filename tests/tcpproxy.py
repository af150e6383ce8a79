"""A TCP proxy for fault tests: forwards 127.0.0.1:port to a server until told to black-hole.

``black_hole()`` stops forwarding in both directions without closing anything: the client's
kernel still gets every packet acknowledged (by the proxy's kernel) and no reset ever comes,
as with a dropped VPN or a frozen server behind a load balancer. New connections are
accepted and then left silent too. ``restore()`` forwards again; ``close()`` stops the
thread and closes every socket.
"""

from __future__ import annotations

import contextlib
import select
import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._peers: dict[socket.socket, socket.socket] = {}
        self._silent: list[socket.socket] = []
        self._holing = threading.Event()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._thread = threading.Thread(target=self._serve, name="tcp-proxy", daemon=True)
        self._thread.start()

    @property
    def black_holed(self) -> bool:
        return self._holing.is_set()

    def black_hole(self) -> None:
        self._holing.set()
        self._wake_w.send(b"x")

    def restore(self) -> None:
        self._holing.clear()
        self._wake_w.send(b"x")

    def close(self) -> None:
        self._stop.set()
        self._wake_w.send(b"x")
        self._thread.join(10)
        for sock in [self._listener, self._wake_r, self._wake_w, *self._peers, *self._silent]:
            sock.close()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            holing = self._holing.is_set()
            for key, _events in self._selector.select(timeout=0.5):
                sock = key.fileobj
                if key.data == "wake":
                    self._wake_r.recv(64)
                elif sock is self._listener:
                    self._accept(holing)
                elif not holing:
                    self._forward(sock)  # type: ignore[arg-type]
            # While black-holed, the peers stay registered but are not read: the selector
            # reports them ready at once, so wait on the wake-up socket alone instead.
            if self._holing.is_set() and not self._stop.is_set():
                self._wait_while_holing()

    def _wait_while_holing(self) -> None:
        for sock in self._peers:
            self._selector.unregister(sock)
        while self._holing.is_set() and not self._stop.is_set():
            ready, _, _ = select.select([self._wake_r, self._listener], [], [], 0.5)
            if self._wake_r in ready:
                self._wake_r.recv(64)
            # restore() may have come while we waited: then the main loop forwards it.
            if self._listener in ready and self._holing.is_set():
                try:
                    client, _ = self._listener.accept()
                except BlockingIOError:
                    continue
                self._silent.append(client)  # accepted, never answered
        for sock in self._peers:
            self._selector.register(sock, selectors.EVENT_READ, None)

    def _accept(self, holing: bool) -> None:
        try:
            client, _ = self._listener.accept()
        except BlockingIOError:
            return
        if holing:
            self._silent.append(client)
            return
        upstream = socket.create_connection(self.target)
        for sock in (client, upstream):
            sock.setblocking(False)
            self._selector.register(sock, selectors.EVENT_READ, None)
        self._peers[client] = upstream
        self._peers[upstream] = client

    def _forward(self, sock: socket.socket) -> None:
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        other = self._peers.get(sock)
        if not data or other is None:
            self._drop(sock)
            return
        other.setblocking(True)
        try:
            other.sendall(data)
        except OSError:
            self._drop(sock)
        finally:
            other.setblocking(False)

    def _drop(self, sock: socket.socket) -> None:
        other = self._peers.pop(sock, None)
        for each in (sock, other):
            if each is None:
                continue
            self._peers.pop(each, None)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(each)
            each.close()
