"""Issue 10, item 6 outside the call's panels: Qt plural forms where a number meets a noun,
Israel time whatever the machine's zone, words a user can act on in the catalog, and the
history tabs reachable by Alt+1 … Alt+9 in any language."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from agent_desk.ui.caller_view import Caller360View, CallerHeader
from agent_desk.ui.catalog_view import CatalogView
from agent_desk.ui.i18n import israel_clock, israel_date, israel_datetime
from agent_desk.ui.labels import local_time
from agent_desk.ui.tasks import TaskRunner


@pytest.fixture
def machine_in_new_york(monkeypatch: pytest.MonkeyPatch):
    """The desk's clock set to another zone: what the screen shows must not move."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    os.environ.pop("TZ", None)
    time.tzset()


def test_times_are_israel_time_whatever_the_machines_zone(machine_in_new_york) -> None:
    moment = datetime(2026, 3, 27, 22, 30, tzinfo=UTC)  # already the 28th in Israel (IDT starts the 27th)
    assert israel_datetime(moment) == "28/03/2026 01:30"
    assert israel_date(moment) == "28/03/2026"
    assert israel_clock(moment) == "01:30"
    assert local_time(moment) == "28/03/2026 01:30"
    # SQLite hands back naive UTC: it is UTC, not the machine's zone.
    assert israel_datetime(moment.replace(tzinfo=None)) == "28/03/2026 01:30"
    assert israel_clock(None) == ""


def test_tenure_is_whole_years_or_months(qtbot) -> None:
    header = CallerHeader()
    qtbot.addWidget(header)
    assert header.tenure_text(4.7) == "4 years"
    assert header.tenure_text(0.6) == "7 months"
    assert "." not in header.tenure_text(12.95)


def test_the_catalog_speaks_to_the_user_not_to_the_docs(qtbot) -> None:
    view = CatalogView(TaskRunner())
    qtbot.addWidget(view)
    intro = view.findChild(type(view.status), "catalogIntro")
    assert intro is not None
    assert "docs/" not in intro.text() and ".md" not in intro.text()
    assert "Take off" in intro.text() and "import" in intro.text()


def test_alt_digits_open_the_history_tabs(qtbot) -> None:
    view = Caller360View()
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitActive(view)
    view.text_filter.setFocus()
    qtbot.waitUntil(view.text_filter.hasFocus)
    qtbot.keyClick(view.text_filter, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.products
    qtbot.keyClick(view.products, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.risk_table
    assert view.tabs.tabToolTip(1) == "Alt+2"


def test_the_catalog_shows_offer_kinds_in_words(qtbot) -> None:
    from agent_desk.domain import OfferKind
    from agent_desk.ui.labels import label

    for kind in OfferKind:
        assert label(kind) != kind.value and "_" not in label(kind), kind


def test_family_status_takes_the_customers_gender_and_english_is_unchanged(qtbot) -> None:
    from PySide6.QtCore import QTranslator

    from agent_desk.ui.labels import label

    assert label("married", "female") == label("married", "male") == label("married") == "Married"

    class Hebrew(QTranslator):  # stands in for the catalog until the lead merges the new forms
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802, ANN001
            return {("LabelsFemale", "Married"): "נשואה", ("LabelsMale", "Married"): "נשוי",
                    ("Labels", "Married"): "נשוי/אה"}.get((context, source), "")

    from PySide6.QtCore import QCoreApplication

    hebrew = Hebrew()
    QCoreApplication.installTranslator(hebrew)
    try:
        assert label("married", "female") == "נשואה" and label("married", "male") == "נשוי"
        assert label("married", "unknown") == "נשוי/אה"  # only when nobody knows
    finally:
        QCoreApplication.removeTranslator(hebrew)
