"""Only agent_desk/ui may import Qt; the domain and data layers run without a screen."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "agent_desk"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
        if any(name.split(".")[0] in QT_MODULES for name in names):
            lines.append(node.lineno)
    return lines


def test_no_qt_import_outside_ui() -> None:
    offenders = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and (lines := _qt_imports(path))
    }
    assert offenders == {}


def test_the_scan_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\ndef f():\n    from PySide6.QtCore import QObject\n")
    assert _qt_imports(sample) == [4]


def test_cli_and_data_layers_load_without_qt() -> None:
    code = (
        "import sys, agent_desk.cli, agent_desk.data.models, agent_desk.data.demo, "
        "agent_desk.data.queries, agent_desk.data.setup, agent_desk.phones\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
