"""Background work for the GUI: run a callable on a worker, get its result on the GUI thread.

One helper for all database and network calls (the way MusicBrainz Picard does it), so
the GUI thread never waits. A task's callbacks are called on the GUI thread through
queued signals; a task never touches a widget.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def live_runners() -> list[TaskRunner]:
    """Every runner still alive (the test suite checks none is left busy)."""
    return list(_RUNNERS)


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _TaskSignals, wants_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._signals = signals
        self._wants_progress = wants_progress

    def run(self) -> None:
        try:
            if self._wants_progress:
                result = self._fn(lambda done, total, what: self._signals.progress.emit(done, total, what))
            else:
                result = self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI, which shows it
            log.warning("background task failed: %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class TaskRunner(QObject):
    """Runs callables on a private thread pool and reports back on the GUI thread.

    Signals:
        busy_changed(bool): True when the first task starts, False when the last one ends.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._pending: set[_TaskSignals] = set()
        self._closed = False
        _RUNNERS.add(self)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def submit(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Progress | None = None,
    ) -> None:
        """Run ``fn()`` (or ``fn(progress)`` when ``on_progress`` is given) on a worker.

        After :meth:`close` nothing new starts (a late timer may still ask).
        """
        if self._closed:
            return
        signals = _TaskSignals()
        self._pending.add(signals)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)

        def finish() -> None:
            self._pending.discard(signals)
            signals.deleteLater()
            if not self._pending:
                self.busy_changed.emit(False)

        def done(result: object) -> None:
            try:
                on_done(result)
            finally:
                finish()

        def failed(exc: Exception) -> None:
            try:
                if on_error is not None:
                    on_error(exc)
                else:
                    log.error("unhandled background error: %s", exc)
            finally:
                finish()

        signals.done.connect(done)
        signals.failed.connect(failed)
        if on_progress is not None:
            signals.progress.connect(on_progress)
        self.pool.start(_Task(fn, signals, wants_progress=on_progress is not None))

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Let running tasks finish; queued ones that did not start are dropped."""
        self.pool.clear()
        return self.pool.waitForDone(timeout_ms)

    def close(self, timeout_ms: int = 30_000) -> bool:
        """At shutdown: start nothing new, and let what runs finish."""
        self._closed = True
        return self.wait(timeout_ms)
