"""Issue 10, the script panel: captured fields by keyboard, step titles in the breadcrumb,
the customer's language on a Hebrew screen, gendered Hebrew on screen."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agent_desk import domain as d
from agent_desk.data.queries import CustomerProfile, SubscriptionLine
from agent_desk.scripts import load_bundled_scripts
from agent_desk.ui.script_panel import ScriptPanel
from agent_desk.ui.tasks import TaskRunner

SCRIPTS = load_bundled_scripts()


def customer(language: str = "he", gender: d.Gender = d.Gender.FEMALE) -> CustomerProfile:
    lines = (
        SubscriptionLine("סיבים 1 ג'יגה", "Fibre 1 Gbps", d.ProductCategory.INTERNET, Decimal("275.90"),
                         date(2019, 1, 1), None, d.SubscriptionStatus.ACTIVE, code="NET-1000"),
        SubscriptionLine("סלולר", "Mobile", d.ProductCategory.MOBILE, Decimal("197.80"),
                         date(2019, 1, 1), None, d.SubscriptionStatus.ACTIVE),
    )
    return CustomerProfile(
        id=uuid.uuid4(), account_number="100200", first_name="מיכל", last_name="כהן", first_name_latin="Michal",
        last_name_latin="Cohen", national_id=None, preferred_language=language, birth_date=None, gender=gender,
        customer_since=date(2019, 1, 1), city="חיפה", region="north", family_status=d.FamilyStatus.MARRIED,
        occupation=None, interests=(), email=None, value_tier=d.ValueTier.GOLD, status=d.CustomerStatus.ACTIVE,
        consent_marketing=True, consent_sms=True, consent_email=True, consent_calls=True, phones=(),
        subscriptions=lines,
    )


@pytest.fixture
def hebrew_screen(qapp: QApplication) -> Iterator[None]:
    before, direction = qapp.property("agent_desk_language"), qapp.layoutDirection()
    qapp.setProperty("agent_desk_language", "he")
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    qapp.setProperty("agent_desk_language", before)
    qapp.setLayoutDirection(direction)


def panel_for(qtbot, profile: CustomerProfile, reason: str, agent_gender: str | None = "male") -> ScriptPanel:
    panel = ScriptPanel(TaskRunner())
    qtbot.addWidget(panel)
    panel.resize(700, 600)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.scripts = SCRIPTS
    panel.set_agent_gender(agent_gender)
    panel.show_customer(profile)
    panel.set_reason(reason)
    panel.setFocus()
    return panel


def test_a_captured_value_is_typed_in_place_kept_by_enter_emitted_and_undone_by_back(
        qtbot, hebrew_screen: None) -> None:
    panel = panel_for(qtbot, customer("en"), "moving")
    seen: list[tuple[str, str]] = []
    panel.captured.connect(lambda field, value: seen.append((field, value)))
    qtbot.keyClick(panel, Qt.Key.Key_1)  # congratulations -> where to
    qtbot.keyClick(panel, Qt.Key.Key_1)  # another home in Israel -> the new address, asked
    assert panel.runner.current.id == "check_coverage"
    assert panel.capture_text.isVisible() and panel.capture_text.hasFocus()
    assert panel.capture_label.text() == "The new address:"
    qtbot.keyClicks(panel.capture_text, "Herzl 12, Haifa")  # digits are the address, not answers
    assert panel.runner.current.id == "check_coverage"
    qtbot.keyClick(panel.capture_text, Qt.Key.Key_Return)  # a question: the keyboard goes to the answers
    assert panel.hasFocus() and seen == []
    with qtbot.waitSignal(panel.captured) as signal:
        qtbot.keyClick(panel, Qt.Key.Key_2)  # no coverage
    assert signal.args == ["new_address", "Herzl 12, Haifa"]
    assert panel.runner.captured == {"new_address": "Herzl 12, Haifa"}
    assert not panel.capture_text.isVisible()
    qtbot.keyClick(panel, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert seen[-1] == ("new_address", "") and panel.runner.captured == {}
    assert panel.runner.current.id == "check_coverage"


def test_enter_on_a_say_step_keeps_the_value_and_moves_on(qtbot, hebrew_screen: None) -> None:
    panel = panel_for(qtbot, customer("he", d.Gender.MALE), "competitor")
    assert panel.capture_text.isVisible()
    panel.capture_text.setFocus()
    qtbot.keyClicks(panel.capture_text, "Cellcom")  # (QTest types Latin letters only)
    with qtbot.waitSignal(panel.captured) as signal:
        qtbot.keyClick(panel.capture_text, Qt.Key.Key_Return)
    assert signal.args == ["competitor", "Cellcom"]
    assert panel.runner.current.id == "offer_details"
    assert "מה בדיוק Cellcom הציעו לך?" in panel.runner.current.text
    assert panel.hasFocus() or panel.isAncestorOf(QApplication.focusWidget())


def test_the_breadcrumb_names_steps_by_their_words_not_their_ids(qtbot, hebrew_screen: None) -> None:
    panel = panel_for(qtbot, customer("en"), "too_expensive")
    assert panel.breadcrumb.text() == "Start"
    for _ in range(2):
        qtbot.keyClick(panel, Qt.Key.Key_1)
    crumbs = panel.breadcrumb.text().split(" › ")
    walked = [entry.step for entry in panel.runner.path]
    assert len(crumbs) == len(walked) + 1
    for step_id in (*walked, panel.runner.current.id):
        assert step_id not in panel.breadcrumb.text()
    assert crumbs == [panel.runner.title_of(step) for step in (*walked, panel.runner.current.id)]
    assert crumbs[0] == "Listen"


def test_an_english_speaking_customer_gets_the_english_script_on_a_hebrew_screen(
        qtbot, hebrew_screen: None) -> None:
    panel = panel_for(qtbot, customer("en"), "competitor")
    assert panel.runner.language == "en"
    assert panel.title.text() == "A competitor's offer"
    assert panel.runner.current.text.startswith("Thanks for being open with me, Michal.")
    assert panel.text.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert panel.cancel_button.isVisible()  # the panel's own controls stay in the screen's language
    hebrew = panel_for(qtbot, customer("he"), "competitor")
    assert hebrew.runner.language == "he"
    assert hebrew.text.layoutDirection() == Qt.LayoutDirection.RightToLeft


@pytest.mark.parametrize(("agent", "gender", "expected"), [
    ("male", d.Gender.MALE, "תודה שאתה משתף אותי"),
    ("female", d.Gender.FEMALE, "תודה שאת משתפת אותי"),
])
def test_the_hebrew_on_screen_speaks_to_the_customer_in_their_gender(
        qtbot, hebrew_screen: None, agent: str, gender: d.Gender, expected: str) -> None:
    panel = panel_for(qtbot, customer("he", gender), "competitor", agent_gender=agent)
    assert expected in panel.text.text()
    assert "/" not in panel.runner.current.text
