"""``agent-desk screenshot``: the real main window, rendered offscreen to a PNG.

It waits until the data is on screen (the database ready, the caller popped when
``--ani`` is given, background work settled), gives the script answers and presses the keys
asked for (``--keys F1`` for the keyboard map, ``--keys Ctrl+E`` to end the call and show the
wrap-up), waits for the work those start, then grabs the window. A timeout or a database
error is reported and the exit status is non-zero.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence

from agent_desk.settings import Settings


def take_screenshot(
    settings: Settings,
    out: str,
    view: str = "agent",
    ani: str | None = None,
    size: tuple[int, int] = (1400, 900),
    reason: str | None = None,
    timeout_s: float = 60.0,
    answers: list[int] | None = None,
    tab: str | None = None,
    keys: list[str] | None = None,
) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from agent_desk.ui.app import build_window, create_application

    app = create_application()
    for sequence in keys or ():
        parsed = QKeySequence(sequence)
        if parsed.count() != 1 or parsed[0].key() == Qt.Key.Key_unknown:
            print(f"agent-desk screenshot: --keys: {sequence!r} is not a key (write F1, Ctrl+E, Alt+O...)",
                  file=sys.stderr)
            return 2
    window, _translators = build_window(settings, view)
    window.resize(*size)
    outcome: dict[str, object] = {"code": None}

    def finish(code: int, message: str | None = None) -> None:
        if outcome["code"] is not None:
            return
        outcome["code"] = code
        if message:
            print(f"agent-desk screenshot: {message}", file=sys.stderr)
        window.shutdown()
        window.close()
        app.quit()

    def grab() -> None:
        if outcome.get("grabbing"):  # "settled" comes again after the work the keys start
            return
        outcome["grabbing"] = True
        view = window.agent_view
        for number in answers or ():
            view.script.answer(number - 1)
        if tab:
            view.tools.setCurrentWidget({"script": view.script, "offers": view.offers, "wrapup": view.wrapup}[tab])
        waiting = list(keys or ())

        def next_key() -> None:
            # Each key after the work the one before started (a presentation stored...).
            if window.runner.pending:
                QTimer.singleShot(50, next_key)
            elif waiting:
                press(waiting.pop(0))
                QTimer.singleShot(50, next_key)
            else:
                # A few more turns of the event loop: the last model reset is painted and the
                # layouts have followed the texts that came with the data.
                QTimer.singleShot(250, save)

        def save() -> None:
            target = Path(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            if window.grab().save(str(target), "PNG"):
                print(target)
                finish(0)
            else:
                finish(1, f"could not write {target}")

        next_key()

    def press(sequence: str) -> None:
        """A key as the keyboard sends it to the window: shortcuts and underlined letters act."""
        from PySide6.QtTest import QTest

        combination = QKeySequence(sequence)[0]
        QTest.keyClick(window.windowHandle(), combination.key(), combination.keyboardModifiers())

    def choose_reason(_account: str) -> None:
        choice = window.agent_view.reason
        choice.setCurrentIndex(max(choice.findData(reason), 0))

    def on_ready() -> None:
        if ani:
            if reason:
                window.agent_view.caller_shown.connect(choose_reason)
            window.agent_view.pop(ani)
        # The start-up task is still pending here, so "settled" is still to come.
        window.settled.connect(grab)

    def on_failed() -> None:
        if window.database is None and window.banner.isVisible():
            finish(1, window.banner_text.text())

    window.ready.connect(on_ready)
    window.settled.connect(on_failed)
    window.show()
    window.start()
    QTimer.singleShot(int(timeout_s * 1000), lambda: finish(1, f"no data after {timeout_s:.0f} s"))
    app.exec()
    return int(outcome["code"] or 0)
