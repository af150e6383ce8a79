"""The admin's offer catalog screen: list, import, export, take an offer off and back."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window

WAIT_MS = 30_000


def _open(qtbot, url: str, username: str):
    window, translators = build_window(Settings(db_url=url, language="en", username=username))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.runner.pending == 0 and window.catalog_view.model.rowCount() > 0, timeout=WAIT_MS)
    return window, translators


def _close(qapp, window, translators) -> None:
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def test_an_admin_imports_exports_and_takes_an_offer_off(qtbot, qapp, demo_db: str, tmp_path) -> None:
    window, translators = _open(qtbot, demo_db, "admin")
    view = window.catalog_view
    assert window.views.currentWidget() is view and view.model.rowCount() == 16
    assert view.import_button.isEnabled()
    exported = tmp_path / "catalog.yaml"
    view.export_file(exported)
    qtbot.waitUntil(lambda: exported.exists() and "Exported" in view.status.text(), timeout=WAIT_MS)
    edited = tmp_path / "edited.yaml"
    edited.write_text(exported.read_text(encoding="utf-8").replace("One month free", "A month on us"),
                      encoding="utf-8")
    view.import_file(edited)
    qtbot.waitUntil(lambda: "16 updated" in view.status.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    titles = {view.model.index(r, 2).data() for r in range(view.model.rowCount())}
    assert "A month on us" in titles

    broken = tmp_path / "broken.yaml"
    broken.write_text("offers:\n  - code: FREE-1M\n    kind: free_months\n    title: {he: x}\n", encoding="utf-8")
    view.import_file(broken)
    qtbot.waitUntil(lambda: "Nothing was imported" in view.status.text(), timeout=WAIT_MS)
    assert "offers[0] (FREE-1M).title: needs both he and en" in view.status.text()

    row = next(r for r in range(view.table.model().rowCount()) if view.table.model().index(r, 0).data() == "FREE-1M")
    view.table.selectRow(row)
    view.toggle_selected()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    _close(qapp, window, translators)
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        active, title = connection.execute(sa.select(m.Offer.active, m.Offer.title_en)
                                           .where(m.Offer.code == "FREE-1M")).one()
    engine.dispose()
    assert (active, title) == (False, "A month on us")


def test_an_agent_sees_the_catalog_but_cannot_change_it(qtbot, qapp, demo_db: str) -> None:
    window, translators = _open(qtbot, demo_db, "agent01")
    view = window.catalog_view
    assert not view.import_button.isEnabled() and not view.toggle_button.isEnabled()
    assert view.export_button.isEnabled()
    assert "Only admins and team leads" in view.status.text()
    _close(qapp, window, translators)


def test_a_team_lead_takes_offers_off_but_imports_no_catalog(qtbot, qapp, demo_db: str) -> None:
    window, translators = _open(qtbot, demo_db, "lead1")
    view = window.catalog_view
    assert view.toggle_button.isEnabled() and not view.import_button.isEnabled()
    assert "only admins import" in view.status.text()
    _close(qapp, window, translators)


def test_a_failing_database_is_told_in_words_never_in_sql(qtbot, qapp, demo_db: str) -> None:
    window, translators = _open(qtbot, demo_db, "admin")
    view = window.catalog_view
    messages: list[str] = []
    view.failed.connect(messages.append)
    engine = make_engine(demo_db)
    with engine.begin() as connection:  # the catalog's table goes away under the running desk
        connection.exec_driver_sql("ALTER TABLE offers RENAME TO offers_gone")
    engine.dispose()
    view.refresh()
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT_MS)
    assert messages == ["The database reported an error."]
    assert "SELECT" not in messages[0] and "offers_gone" not in messages[0]
    _close(qapp, window, translators)
