"""The Qt binding itself behaves: guards against binding bugs that would crash the app."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_bool_signals_do_not_leak_references_to_true_and_false(qapp) -> None:
    """PySide6 6.12.0 drops a reference to True/False on every Signal(bool) emission; the
    task runner emits one per lookup, so the app aborted after a few hundred pops."""
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(lambda value: received.append(value) if len(received) < 2 else None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(300):
        emitter.flag.emit(True)
        emitter.flag.emit(False)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert received == [True, False]
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50
