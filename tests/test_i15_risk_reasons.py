"""The 360 says a learned model's reasons in words: its own factors and imported attributes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agent_desk.churn import ChurnFacts, ChurnRisk, Contribution
from agent_desk.ui.caller_view import CallerHeader
from agent_desk.ui.i18n import install, money


def _risk(*contributions: Contribution) -> ChurnRisk:
    return ChurnRisk(probability=0.7, contributions=contributions, facts=ChurnFacts())


@pytest.fixture
def english(qapp):
    translators = install(qapp, "en")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_learned_reasons_read_as_words_not_keys(qtbot, english) -> None:
    header = CallerHeader()
    qtbot.addWidget(header)
    labels = {"attr:contract_type=monthly": ("סוג חוזה: חודשי", "Contract type: monthly")}
    bill = Contribution("monthly_price", 473.7, 0.01, baseline=250.0)
    months = Contribution("months_committed", 1.0, -0.2, baseline=8.0)
    attribute = Contribution("attr:contract_type=monthly", 1.0, 0.8, baseline=0.4)
    risk = _risk(bill, months, attribute)

    assert header.reason_text(bill, risk, labels) == f"monthly bill {money(Decimal('473.7'))}"
    assert header.reason_text(months, risk, labels) == "1 month of commitment left"
    assert header.reason_text(attribute, risk, labels) == "Contract type: monthly"
    assert header.reason_text(Contribution("products", 3.0, 0.2), risk, labels) == "live products: 3"
