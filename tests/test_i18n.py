"""Every user-visible string is in the Hebrew and English catalogs, and the .qm files are fresh."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import i18n  # noqa: E402


def test_catalogs_match_the_code_and_are_complete(monkeypatch) -> None:
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    assert i18n.problems() == []


def test_the_check_catches_a_new_untranslated_string(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    extra = tmp_path / "new_widget.py"
    extra.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class NewWidget(QWidget):\n"
        "    def title(self):\n"
        "        return self.tr('A string nobody translated')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "SOURCES", [*i18n.SOURCES, extra])
    found = i18n.problems()
    assert any("A string nobody translated" in line for line in found)
    assert any(line.startswith("agent_desk_he.ts") for line in found)
