"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when its thresholds are crossed.
When that is a worker (a pop, a sync round, a draft write) and the garbage holds a Qt
object of the GUI thread (a closed dialog, a view's wrapper caught in a reference cycle),
the C++ destructor runs on the worker while the GUI thread destroys another object: each
holds what the other waits for (Qt's object mutex, Python's GIL), and the desk freezes for
good. Seen in the test suite as a hang in ``QObject::~QObject`` on both threads.

The cure is the one pyqtgraph and other Qt applications use: automatic collection off, and a
timer on the GUI thread that collects when the collector's own thresholds say it is due
(:class:`MainThreadCollector`). Reference counting frees almost everything at once as
before; only cycles wait for the timer (at most one interval).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Collects garbage cycles on the thread it lives on (the GUI thread), never elsewhere."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations that are due, as the collector itself would have."""
        counts = gc.get_count()
        if counts[0] > self.thresholds[0]:
            generation = 0
            if counts[1] > self.thresholds[1]:
                generation = 1
                if counts[2] > self.thresholds[2]:
                    generation = 2
            gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


_INSTALLED: list[MainThreadCollector] = []


def collect_on_gui_thread(app: QObject) -> MainThreadCollector:
    """Install the collector for ``app`` once (a second call returns the first)."""
    if not _INSTALLED:
        _INSTALLED.append(MainThreadCollector(app))
    return _INSTALLED[0]
