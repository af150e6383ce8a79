"""The wrap-up's times are Israel's wall clock whatever the machine's zone (issue 10, item 6):
the callback a New York laptop schedules for 12:00 in Israel reads 12:00, and reads back
as the same moment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DRIVER = """
from datetime import UTC, datetime
from PySide6.QtWidgets import QApplication, QDateTimeEdit
from agent_desk.ui.wrapup_panel import _date_edit, _from_qt, _to_qt
app = QApplication([])
due = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # 12:00 in Israel, 05:00 in New York
edit = _date_edit(QDateTimeEdit)
edit.setDisplayFormat("dd/MM/yyyy HH:mm")
edit.setDateTime(_to_qt(due))
print(edit.text(), _from_qt(edit.dateTime()) == due)
"""


def test_the_callback_time_is_israel_time_on_a_machine_elsewhere() -> None:
    env = dict(os.environ, TZ="America/New_York", QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(Path(__file__).parent.parent))
    out = subprocess.run([sys.executable, "-c", DRIVER], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["26/11/2026", "12:00", "True"]
