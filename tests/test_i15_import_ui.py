"""Issue 15, item 2: the admin import screen. The import runs on a worker, the progress bar
reaches 100%, the summary says what happened, the rejects file opens, and a bad mapping is
one clear line. The screen imports through the desk (it holds no engine)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.desk import Desk
from agent_desk.importer.load import rejects_path_for
from agent_desk.ui.import_view import ImportView
from tests.test_i15_import import BAD, GOOD, _files


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}", deadline=False)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _count(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(m.Customer))


def _view(qtbot, engine: sa.Engine, export: Path, mapping: Path) -> ImportView:
    view = ImportView(Desk.on(engine))
    qtbot.addWidget(view)
    view.kind.setCurrentIndex(view.kind.findData("customers"))
    view.file.setText(str(export))  # as the file dialog leaves it (keyClicks cannot type Hebrew)
    view.mapping.setText(str(mapping))
    return view


def test_an_import_from_the_screen_reports_progress_summary_and_rejects(qtbot, engine, tmp_path: Path,
                                                                        monkeypatch) -> None:
    export, _ = _files(tmp_path, GOOD + [row for row, _ in BAD[:3]])
    view = _view(qtbot, engine, export, tmp_path / "crm.toml")
    seen: list[int] = []
    view.progress.valueChanged.connect(seen.append)

    with qtbot.waitSignal(view.finished, timeout=60_000) as finished:
        qtbot.mouseClick(view.dry_run_button, _left())
        assert not view.import_button.isEnabled()  # one run at a time
    assert finished.args[0].dry_run and _count(engine) == 0
    assert view.status.text().startswith("Dry run, nothing was written: 5 rows read, 2 would be added, "
                                         "0 would be updated, 3 rejected.")

    with qtbot.waitSignal(view.finished, timeout=60_000):
        qtbot.mouseClick(view.import_button, _left())
    assert view.progress.value() == 100 and seen[-1] == 100
    assert _count(engine) == 2
    assert view.status.text() == (
        "Import finished: 5 rows read, 2 added, 0 updated, 3 rejected. Each rejected row, with its line, "
        f"column and reason, is in {rejects_path_for(export)}.")
    assert view.import_button.isEnabled() and view.open_rejects_button.isEnabled()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    qtbot.mouseClick(view.open_rejects_button, _left())
    assert [url.toLocalFile() for url in opened] == [str(rejects_path_for(export))]


def test_a_bad_mapping_is_one_clear_line_and_nothing_is_written(qtbot, engine, tmp_path: Path) -> None:
    export, _ = _files(tmp_path, GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\n"מספר לקוח" = "external_ref"\n"עיר" = "town"\n', encoding="utf-8")
    view = _view(qtbot, engine, export, bad)
    with qtbot.waitSignal(view.failed, timeout=60_000) as failed:
        qtbot.mouseClick(view.import_button, _left())
    expected = f"The mapping file cannot be used: {bad}:3: column 'עיר': unknown field 'town'"
    assert failed.args == [expected] and view.status.text() == expected
    assert "\n" not in view.status.text()
    assert view.progress.value() == 0 and not view.open_rejects_button.isEnabled()
    assert view.import_button.isEnabled() and _count(engine) == 0


def test_a_missing_file_or_field_is_said_before_anything_runs(qtbot, engine, tmp_path: Path) -> None:
    view = ImportView(Desk.on(engine))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=1000):
        assert view.start(dry_run=False) is False
    assert view.status.text() == "Choose the export file and its mapping file first."

    _, _ = _files(tmp_path, GOOD)
    view.file.setText(str(tmp_path / "nope.csv"))
    view.mapping.setText(str(tmp_path / "crm.toml"))
    with qtbot.waitSignal(view.failed, timeout=60_000) as failed:
        view.start(dry_run=True)
    assert failed.args == [f"The export cannot be read: {tmp_path / 'nope.csv'}: no such file"]


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
