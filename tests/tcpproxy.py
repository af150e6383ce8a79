"""A TCP proxy for fault tests: forwards 127.0.0.1:port to a server until told to black-hole.

``black_hole()`` stops forwarding in both directions without closing anything: the client's
kernel still gets every packet acknowledged (by the proxy's kernel) and no reset ever comes,
as with a dropped VPN or a frozen server behind a load balancer. New connections are
accepted and then left silent too. ``restore()`` forwards again; ``close()`` stops the
thread and closes every socket.

:class:`FaultProxy` (asyncio) has every fault the offline-sync harness injects
(``bench/sync_faults.py``): resets, black holes, added latency, cuts after N bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable


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



# --- an asyncio proxy with every fault the sync harness needs ----------------------------


class _Link:
    """One proxied connection: its two writers, and the bytes it may still pass during a cut."""

    def __init__(self, client: asyncio.StreamWriter, budget: int | None) -> None:
        self.writers: list[asyncio.StreamWriter] = [client]
        self.budget = budget
        self.vanished = False

    def abort(self) -> None:
        """Reset both sides (RST, not FIN): what a dropped VPN or a NAT timeout does."""
        for writer in self.writers:
            sock = writer.get_extra_info("socket")
            with contextlib.suppress(OSError):
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()


class FaultProxy:
    """Forwards 127.0.0.1:``port`` to a server and injects faults on command (from any thread):

    * ``reset()``: every open connection is reset (RST, both sides);
    * ``black_hole(seconds)``: for that long nothing moves and nothing is closed; a new
      connection is accepted and left waiting before it reaches the server;
    * ``latency(seconds, delay)``: for that long each chunk waits ``delay`` seconds;
    * ``cut_after(nbytes, seconds)``: for that long, every connection (open or new) is reset
      once it has forwarded ``nbytes`` more bytes: a link dying in the middle of a message;
    * ``vanish(seconds)``: every open connection goes silent and its server side is not closed,
      even when the client closes its own: a desk whose network disappeared (a NAT that
      dropped its state). The server notices only by its own timeouts; after ``seconds`` the
      connection is reset, as the server's TCP keepalive would at last;
    * ``heal()``: all of it off at once (vanished connections stay vanished).

    ``connections`` counts the connections accepted, ``aborted`` the ones reset by a fault,
    ``vanished`` the ones left hanging.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.connections = 0
        self.aborted = 0
        self.vanished = 0
        self._links: set[_Link] = set()
        self._hanging: list[_Link] = []
        self._hole_until = 0.0  # time.monotonic(), as the loop's clock
        self._delay_until = 0.0
        self._delay = 0.0
        self._cut_until = 0.0
        self._cut_bytes = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="fault-proxy", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fault proxy did not start")
        self.port: int = self._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    # -- commands (any thread) ---------------------------------------------------------

    def _call(self, fn: Callable[[], None]) -> None:
        done = threading.Event()

        def run() -> None:
            try:
                fn()
            finally:
                done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(10)

    def reset(self) -> None:
        self._call(self._reset_all)

    def black_hole(self, seconds: float) -> None:
        self._hole_until = max(self._hole_until, time.monotonic() + seconds)

    def latency(self, seconds: float, delay: float) -> None:
        self._delay, self._delay_until = delay, time.monotonic() + seconds

    def cut_after(self, nbytes: int, seconds: float) -> None:
        def start() -> None:
            self._cut_bytes, self._cut_until = nbytes, time.monotonic() + seconds
            for link in self._links:
                link.budget = nbytes

        self._call(start)

    def vanish(self, seconds: float) -> None:
        def go() -> None:
            for link in list(self._links):
                link.vanished = True
                self.vanished += 1
                self._links.discard(link)
                self._hanging.append(link)
                self._loop.call_later(seconds, self._end_hang, link)

        self._call(go)

    def heal(self) -> None:
        self._hole_until = self._delay_until = self._cut_until = 0.0

    def close(self) -> None:
        if not self._thread.is_alive():
            return
        self.heal()
        self._call(self._close_all)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the loop ----------------------------------------------------------------------

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._server.close()
            tasks = asyncio.all_tasks(self._loop)
            for task in tasks:
                task.cancel()
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            self._loop.close()

    def _reset_all(self) -> None:
        for link in list(self._links):
            self.aborted += 1
            link.abort()

    def _end_hang(self, link: _Link) -> None:
        if link in self._hanging:
            self._hanging.remove(link)
            link.abort()

    def _close_all(self) -> None:
        for link in [*self._links, *self._hanging]:
            link.abort()

    async def _through_hole(self) -> None:
        while (left := self._hole_until - time.monotonic()) > 0:
            await asyncio.sleep(min(left, 0.05))

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        link = _Link(writer, self._cut_bytes if time.monotonic() < self._cut_until else None)
        self._links.add(link)
        try:
            await self._through_hole()
            try:
                up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.target), 10)
            except (OSError, TimeoutError):
                link.abort()  # the server is down: the client sees its connection refused
                return
            link.writers.append(up_writer)
            await asyncio.gather(self._pump(reader, up_writer, link), self._pump(up_reader, writer, link),
                                 return_exceptions=True)
        except asyncio.CancelledError:
            pass  # the proxy is closing: every link goes
        finally:
            self._links.discard(link)
            if not link.vanished:
                for each in link.writers:
                    with contextlib.suppress(Exception):
                        each.close()

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: _Link) -> None:
        try:
            while data := await reader.read(65536):
                if link.vanished:
                    continue  # swallowed: nothing reaches the other side again
                await self._through_hole()
                if time.monotonic() < self._delay_until:
                    await asyncio.sleep(self._delay)
                if link.budget is not None and time.monotonic() < self._cut_until:
                    if len(data) >= link.budget:
                        writer.write(data[:link.budget])
                        self.aborted += 1
                        link.abort()
                        return
                    link.budget -= len(data)
                writer.write(data)
                await writer.drain()
        finally:
            # One side is gone: so is the other (PostgreSQL never half-closes), unless the
            # link vanished: then the server's side is left waiting.
            if not link.vanished:
                for each in link.writers:
                    with contextlib.suppress(Exception):
                        each.close()
