"""Language, translators, locale and layout direction for the whole app.

Hebrew runs right to left. Qt's own ``qtbase`` catalog is loaded too, so standard dialogs
and buttons follow the language.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDateEdit

from agent_desk.paths import resource
from agent_desk.wrapup import ISRAEL

_LOCALES = {
    "he": QLocale(QLocale.Language.Hebrew, QLocale.Country.Israel),
    "en": QLocale(QLocale.Language.English, QLocale.Country.Israel),
}


def choose_language(configured: str) -> str:
    """The configured language, else the system's if it is Hebrew, else English."""
    if configured in _LOCALES:
        return configured
    system = QLocale.system().name().lower()
    return "he" if system.startswith(("he", "iw")) else "en"


def install(app: QApplication, language: str) -> list[QTranslator]:
    """Load our catalog and Qt's for ``language``; set locale and direction.

    Returns the translators, which must stay referenced while the app runs.
    """
    translators = []
    ours = QTranslator(app)
    catalog = resource(f"translations/agent_desk_{language}.qm")
    if not ours.load(str(catalog)):
        raise FileNotFoundError(f"translation catalog {catalog} could not be loaded")
    translators.append(ours)
    qt_catalog = QTranslator(app)
    if qt_catalog.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt_catalog)
    for translator in translators:
        app.installTranslator(translator)
    QLocale.setDefault(_LOCALES[language])
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language == "he" else Qt.LayoutDirection.LeftToRight
    )
    app.setProperty("agent_desk_language", language)
    return translators


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property("agent_desk_language") if app is not None else None
    return value if value in _LOCALES else "en"


def pick(he: str | None, en: str | None) -> str:
    """The Hebrew or English text of a database label, by the UI language."""
    if current_language() == "he":
        return he or en or ""
    return en or he or ""


def money(value: Decimal) -> str:
    return QLocale().toCurrencyString(float(value), "₪")


def short_date(value: object) -> str:
    """dd/MM/yyyy, the Israeli way, in both languages."""
    if value is None:
        return ""
    qdate = QDate(value.year, value.month, value.day)  # type: ignore[attr-defined]
    return qdate.toString("dd/MM/yyyy")


# Every time on screen is Israel's wall clock, whatever the machine's own zone is set to.


def israel_datetime(value: datetime | None) -> str:
    """A timestamp as Israel time, dd/MM/yyyy HH:mm (a naive value is taken as UTC)."""
    return _israel(value, "%d/%m/%Y %H:%M")


def israel_date(value: datetime | None) -> str:
    """The Israeli calendar day of a timestamp, dd/MM/yyyy."""
    return _israel(value, "%d/%m/%Y")


def israel_clock(value: datetime | None) -> str:
    """The Israel wall-clock time of a timestamp, HH:mm."""
    return _israel(value, "%H:%M")


def _israel(value: datetime | None, pattern: str) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ISRAEL).strftime(pattern)


def isolate(text: str) -> str:
    """A name or other data of either script, kept from reordering the sentence around it."""
    return f"\u2068{text}\u2069"


def ui_direction(text: str) -> str:
    """``text`` laid out in the UI's direction even when it starts with data of the other
    script (a Hebrew name at the start of an English line would turn the line around)."""
    return ("\u200f" if current_language() == "he" else "\u200e") + text


def ltr(text: str) -> str:
    """Isolate left-to-right text (numbers, paths, URLs) inside a Hebrew sentence."""
    return f"\u2066{text}\u2069"


_HIGHLIGHT = "background-color: #fff3b0; font-weight: bold;"


def highlighted(segments: Sequence[tuple[str, bool]]) -> str:
    """Rich text with the customer's data (the variable segments) highlighted."""
    return "".join(
        f'<span style="{_HIGHLIGHT}">{html.escape(text)}</span>' if is_variable else html.escape(text)
        for text, is_variable in segments
    )


def date_edit(name: str) -> QDateEdit:
    """A day picker (dd/MM/yyyy, a calendar popup) that reads day/month/year left to right in
    Hebrew too: a right-to-left edit reverses its sections once given a format (07/12/2026
    would read 2026/12/07), so the direction is set before the format."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(QDate(2000, 1, 1))
    # Room for the whole date and the popup button, whatever the bar's other fields want.
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 40)
    return edit
