"""The Qt side of the call on the desk: signals for widgets, and the writes sent in order.

:class:`agent_desk.call.Call` is Qt-free; this thin adapter turns its observer callbacks
into a signal widgets connect to, and runs the writes the call makes on the task runner.
Writes wait in an ordered outbox until the database has them: a failed one is sent again
(before anything newer) with the next write, or on its own ten seconds later. A retry is safe
because every write is idempotent by its own key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from agent_desk.call import Call, Desk, Write
from agent_desk.ui.tasks import TaskRunner, describe

RETRY_MS = 10_000


class CallSignals(QObject):
    """Signals:
        changed(str): the call changed (``reason``, ``script``, ``offers``, ``captures``,
            ``customer``, ``outbound``, ``ended``) or a new call started (``call``).
        failed(str): a write could not be stored yet (it stays queued and is sent again).
    """

    changed = Signal(str)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.desk: Desk | None = None
        self.call: Call | None = None
        self.outbox: list[Write] = []
        self._callbacks: dict[Write, Callable[[Any], None]] = {}
        self._in_flight = False
        self._again = False
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.retry)

    def start(self, call: Call | None) -> None:
        """``call`` is now the call on the desk (None: no call)."""
        if self.call is not None:
            self.call.forget(self.changed.emit)
        # Unsent writes stay queued: each carries its own call's id, and a call submitted or
        # replaced must not lose an offer made on it.
        self.call = call
        if call is not None:
            call.observe(self.changed.emit)
        self.changed.emit("call")

    def send(self, write: Write, done: Callable[[Any], None] | None = None) -> None:
        """Store ``write`` (after any still unsent ones); ``done`` gets its result."""
        self.outbox.append(write)
        if done is not None:
            self._callbacks[write] = done
        self._flush()

    def retry(self) -> None:
        self._flush()

    def _flush(self) -> None:
        # One batch at a time, in order: an answer never overtakes its presentation.
        if self._in_flight:
            self._again = True
            return
        desk, writes = self.desk, list(self.outbox)
        if desk is None or not writes:
            return
        self._in_flight, self._again = True, False

        def run() -> list[tuple[Write, Any]]:
            return [(write, desk.run(write)) for write in writes]

        def stored(results: list[tuple[Write, Any]]) -> None:
            self._in_flight = False
            for write, result in results:
                if write in self.outbox:
                    self.outbox.remove(write)
                    if self.call is not None:
                        self.call.stored(write)
                callback = self._callbacks.pop(write, None)
                if callback is not None:
                    callback(result)
            if self._again:
                self._flush()

        def failed(exc: Exception) -> None:
            # Kept in the outbox: sent again with the next write or retry().
            self._in_flight = self._again = False
            self.failed.emit(describe(exc))
            self.retry_timer.start()

        self.runner.submit(run, stored, failed)
