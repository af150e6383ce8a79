"""Variables in script texts (``{first_name}``, ``{monthly_total}``...), gendered forms
(``{customer:תרצה|תרצי}``, ``{agent:מבין|מבינה}``) and how they render.

A gendered form gives the masculine and the feminine wording, keyed by whose gender decides:
``agent`` (the person reading the script: "I", and "you" in a hint) or ``customer`` (the
person on the phone). It renders the one form that fits; when that gender is not known it
shows both forms in full ("מבין/מבינה") so the agent reads the right one aloud. Forms are
resolved before variables, so a form may hold a variable.

A text is split into :class:`Segment` pieces so a UI can highlight what came from the
customer's record. A value the call does not know renders as a bracketed placeholder
(``[competitor's name]``), still marked as a variable, so the agent sees a blank to fill in
by voice rather than a sentence with a hole in it. Only ``{name}`` with a known name is a
variable; any other brace is plain text. Plain Python, no Qt: money and dates are formatted
here the Israeli way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from agent_desk.scripts.facts import ScriptFacts

VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# {whose:masculine|feminine}; GENDERED_ANY also catches malformed ones for the linter.
GENDERED = re.compile(r"\{(agent|customer):([^{}|]*)\|([^{}|]*)\}")
GENDERED_ANY = re.compile(r"\{([A-Za-z_]+):([^{}]*)\}")
GENDER_KEYS = ("agent", "customer")
MALE, FEMALE = "male", "female"


class Segment(NamedTuple):
    """A piece of rendered text; ``is_variable`` when it came from the customer's facts."""

    text: str
    is_variable: bool


@dataclass(frozen=True)
class Variable:
    """A variable: what it is and what to show when the call does not know it."""

    description: str
    missing_he: str
    missing_en: str
    value: Callable[[ScriptFacts, str], str | None]

    def render(self, facts: ScriptFacts, language: str) -> tuple[str, bool]:
        """The value in ``language`` and whether it was known."""
        value = self.value(facts, language)
        if value:
            return value, True
        return f"[{self.missing_he if language == 'he' else self.missing_en}]", False


def format_price(amount: Decimal, language: str) -> str:
    """₪49.90 in English, 49.90 ₪ in Hebrew (the sign follows the number in Hebrew)."""
    number = f"{amount:,.2f}"
    return f"{number} ₪" if language == "he" else f"₪{number}"


def format_date(value: date) -> str:
    """dd/mm/yyyy, as Israelis write dates."""
    return value.strftime("%d/%m/%Y")


def _name(first: bool) -> Callable[[ScriptFacts, str], str | None]:
    def value(facts: ScriptFacts, language: str) -> str | None:
        native = facts.first_name if first else facts.last_name
        latin = facts.first_name_latin if first else facts.last_name_latin
        return (latin or native) if language != "he" else (native or latin)

    return value


def _plan(facts: ScriptFacts, language: str) -> str | None:
    names = (facts.plan_he, facts.plan_en) if language == "he" else (facts.plan_en, facts.plan_he)
    return next((n for n in names if n), facts.plan)


def _years(count: int, language: str) -> str | None:
    if count < 1:
        return None
    if language == "he":
        return {1: "שנה", 2: "שנתיים"}.get(count, f"{count} שנים")
    return "a year" if count == 1 else f"{count} years"


_TIERS: Mapping[str, Mapping[str, str]] = {
    "bronze": {"he": "ארד", "en": "Bronze"},
    "silver": {"he": "כסף", "en": "Silver"},
    "gold": {"he": "זהב", "en": "Gold"},
    "platinum": {"he": "פלטינום", "en": "Platinum"},
}

VARIABLES: Mapping[str, Variable] = {
    "first_name": Variable("the customer's first name", "שם פרטי", "first name", _name(first=True)),
    "last_name": Variable("the customer's last name", "שם משפחה", "last name", _name(first=False)),
    "plan": Variable("the name of the main plan", "שם החבילה", "plan name", _plan),
    "tenure_years": Variable(
        "whole years as a customer", "מספר שנים", "number of years",
        lambda f, _l: str(math.floor(f.tenure_years)),
    ),
    "tenure": Variable(
        "whole years as a customer with the word, in the right number: a year / 2 years, שנה / שנתיים / 3 שנים",
        "מספר שנים", "number of years", lambda f, lang: _years(math.floor(f.tenure_years), lang),
    ),
    "monthly_price": Variable(
        "the main plan's monthly price: ₪49.90 / 49.90 ₪", "מחיר חודשי", "monthly price",
        lambda f, lang: format_price(f.monthly_price, lang) if f.monthly_price is not None else None,
    ),
    "monthly_total": Variable(
        "what the customer pays a month for everything still running (all subscriptions)",
        "הסכום החודשי", "monthly total",
        lambda f, lang: format_price(f.monthly_total, lang) if f.monthly_total is not None else None,
    ),
    "contract_end": Variable(
        "when the commitment ends, dd/mm/yyyy", "תאריך סיום ההתחייבות", "commitment end date",
        lambda f, _l: format_date(f.contract_end) if f.contract_end else None,
    ),
    "days_to_contract_end": Variable(
        "days until the commitment ends", "מספר ימים", "number of days",
        lambda f, _l: str(f.days_to_contract_end) if f.days_to_contract_end is not None else None,
    ),
    "value_tier": Variable(
        "the customer's value tier, in words", "דרגת הלקוח", "customer tier",
        lambda f, lang: _TIERS.get(f.value_tier or "", {}).get(lang) or _TIERS.get(f.value_tier or "", {}).get("en"),
    ),
    "agent_name": Variable("the agent's own name", "השם שלך", "your name", lambda f, _l: f.agent_name or None),
    "competitor": Variable(
        "the competitor the customer named", "שם המתחרה", "competitor's name", lambda f, _l: f.competitor,
    ),
}


def gendered(text: str, facts: ScriptFacts) -> str:
    """``text`` with every ``{agent:m|f}`` / ``{customer:m|f}`` form resolved."""
    def pick(match: re.Match[str]) -> str:
        gender = facts.agent_gender if match.group(1) == "agent" else facts.customer_gender
        masculine, feminine = match.group(2), match.group(3)
        if gender == MALE:
            return masculine
        if gender == FEMALE:
            return feminine
        return f"{masculine}/{feminine}"

    return GENDERED.sub(pick, text)


def gendered_forms_in(text: str) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """Every ``{key:form|form...}`` in ``text``: key, forms, offset (the linter checks them)."""
    for match in GENDERED_ANY.finditer(text):
        yield match.group(1), tuple(match.group(2).split("|")), match.start()


def variables_in(text: str) -> Iterator[tuple[str, int]]:
    """Every ``{name}`` in ``text`` with its offset (known or not: the linter decides)."""
    for match in VARIABLE.finditer(text):
        yield match.group(1), match.start()


def render(text: str, facts: ScriptFacts, language: str) -> tuple[tuple[Segment, ...], tuple[str, ...]]:
    """``text`` with its variables filled: the segments and the names of unknown values."""
    text = gendered(text, facts)
    segments: list[Segment] = []
    missing: list[str] = []
    position = 0
    for match in VARIABLE.finditer(text):
        variable = VARIABLES.get(match.group(1))
        if variable is None:
            continue  # not a variable: stays literal text
        _append(segments, text[position:match.start()])
        value, known = variable.render(facts, language)
        segments.append(Segment(value, True))
        if not known:
            missing.append(match.group(1))
        position = match.end()
    _append(segments, text[position:])
    return tuple(segments), tuple(dict.fromkeys(missing))


def _append(segments: list[Segment], literal: str) -> None:
    if not literal:
        return
    if segments and not segments[-1].is_variable:
        segments[-1] = Segment(segments[-1].text + literal, False)
    else:
        segments.append(Segment(literal, False))
