"""Approval notices as they happen: PostgreSQL LISTEN on a thread of its own.

:class:`ApprovalFeed` runs :class:`agent_desk.offers.approvals.ApprovalListener` on a
worker QThread (it blocks by design; never the GUI thread) and hands each notice to the GUI
thread as a signal. When the connection drops (or cannot be made) it says so
(``live_changed(False)``: the view polls often meanwhile) and connects again after a pause
that grows from 1 to 30 seconds. Stopping it takes at most about half a second: the listener
waits in short slices and looks for the stop request between them.

On SQLite there is nothing to listen to; the view polls (the feed is never made).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from agent_desk.offers.approvals import ApprovalListener
from agent_desk.ui.tasks import summary

log = logging.getLogger(__name__)

SLICE_S = 0.5  # how long one wait lasts before the thread checks whether to stop
RETRY_FIRST_S, RETRY_MAX_S = 1.0, 30.0


class _ListenerThread(QThread):
    notified = Signal(str, str)
    live_changed = Signal(bool)

    def __init__(self, connect: Callable[[], ApprovalListener], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connect = connect

    def _pause(self, seconds: float) -> None:
        waited = 0.0
        while waited < seconds and not self.isInterruptionRequested():
            self.msleep(100)
            waited += 0.1

    def run(self) -> None:
        retry = RETRY_FIRST_S
        while not self.isInterruptionRequested():
            try:
                with self._connect() as listener:
                    self.live_changed.emit(True)
                    retry = RETRY_FIRST_S
                    while not self.isInterruptionRequested():
                        for channel, payload in listener.wait(timeout=SLICE_S):
                            self.notified.emit(channel, payload)
            except Exception as exc:  # noqa: BLE001 - any failure means "not live": poll, then reconnect
                log.warning("approval notices unavailable, polling: %s", summary(exc))
                self.live_changed.emit(False)
                self._pause(retry)
                retry = min(retry * 2, RETRY_MAX_S)


class ApprovalFeed(QObject):
    """Approval notices for the GUI thread.

    Signals:
        notified(str, str): a notice's channel and payload (requests: ``team:request``,
            decisions: the request's id).
        live_changed(bool): listening (True) or not, for now (False: poll).
    """

    notified = Signal(str, str)
    live_changed = Signal(bool)

    def __init__(self, connect: Callable[[], ApprovalListener], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = False
        self._thread = _ListenerThread(connect)
        self._thread.notified.connect(self.notified)
        self._thread.live_changed.connect(self._live_changed)

    def _live_changed(self, live: bool) -> None:
        self.live = live
        self.live_changed.emit(live)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Ask the thread to stop and wait for it (it checks every half second)."""
        self._thread.requestInterruption()
        return self._thread.wait(timeout_ms)

    def running(self) -> bool:
        return self._thread.isRunning()
