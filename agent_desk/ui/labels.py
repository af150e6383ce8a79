"""Translated labels for the domain's codes (kinds, tiers, statuses).

The texts are marked with ``QT_TRANSLATE_NOOP`` so lupdate puts them in the catalogs;
:func:`label` translates at display time, so a language switch needs no new objects.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from agent_desk.ui.i18n import israel_datetime

_CONTEXT = "Labels"

_TEXTS: dict[str, str] = {
    # interaction kinds
    "call": QT_TRANSLATE_NOOP("Labels", "Call"),
    "complaint": QT_TRANSLATE_NOOP("Labels", "Complaint"),
    "ticket": QT_TRANSLATE_NOOP("Labels", "Ticket"),
    "purchase": QT_TRANSLATE_NOOP("Labels", "Purchase"),
    "plan_change": QT_TRANSLATE_NOOP("Labels", "Plan change"),
    "outreach": QT_TRANSLATE_NOOP("Labels", "Outreach"),
    "note": QT_TRANSLATE_NOOP("Labels", "Note"),
    "survey": QT_TRANSLATE_NOOP("Labels", "Survey"),
    "retention": QT_TRANSLATE_NOOP("Labels", "Retention call"),
    # channels
    "phone": QT_TRANSLATE_NOOP("Labels", "Phone"),
    "email": QT_TRANSLATE_NOOP("Labels", "Email"),
    "chat": QT_TRANSLATE_NOOP("Labels", "Chat"),
    "sms": QT_TRANSLATE_NOOP("Labels", "SMS"),
    "store": QT_TRANSLATE_NOOP("Labels", "Store"),
    "web": QT_TRANSLATE_NOOP("Labels", "Web"),
    # case and subscription statuses
    "open": QT_TRANSLATE_NOOP("Labels", "Open"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "resolved": QT_TRANSLATE_NOOP("Labels", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
    "active": QT_TRANSLATE_NOOP("Labels", "Active"),
    "paused": QT_TRANSLATE_NOOP("Labels", "Paused"),
    "pending_cancellation": QT_TRANSLATE_NOOP("Labels", "Cancellation requested"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    "suspended": QT_TRANSLATE_NOOP("Labels", "Suspended"),
    # value tiers
    "bronze": QT_TRANSLATE_NOOP("Labels", "Bronze"),
    "silver": QT_TRANSLATE_NOOP("Labels", "Silver"),
    "gold": QT_TRANSLATE_NOOP("Labels", "Gold"),
    "platinum": QT_TRANSLATE_NOOP("Labels", "Platinum"),
    # billing
    "invoice": QT_TRANSLATE_NOOP("Labels", "Invoice"),
    "payment": QT_TRANSLATE_NOOP("Labels", "Payment"),
    "late_payment": QT_TRANSLATE_NOOP("Labels", "Late payment"),
    "price_change": QT_TRANSLATE_NOOP("Labels", "Price change"),
    "credit": QT_TRANSLATE_NOOP("Labels", "Credit"),
    "refund": QT_TRANSLATE_NOOP("Labels", "Refund"),
    # surveys and offers
    "csat": QT_TRANSLATE_NOOP("Labels", "CSAT"),
    "nps": QT_TRANSLATE_NOOP("Labels", "NPS"),
    "offered": QT_TRANSLATE_NOOP("Labels", "Offered"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
    "declined": QT_TRANSLATE_NOOP("Labels", "Declined"),
    "pending_approval": QT_TRANSLATE_NOOP("Labels", "Waiting for approval"),
    "withdrawn": QT_TRANSLATE_NOOP("Labels", "Withdrawn"),
    # approval requests (declined and cancelled are above)
    "pending": QT_TRANSLATE_NOOP("Labels", "Waiting for an answer"),
    "approved": QT_TRANSLATE_NOOP("Labels", "Approved"),
    "expired": QT_TRANSLATE_NOOP("Labels", "Expired"),
    "yes": QT_TRANSLATE_NOOP("Labels", "Yes"),
    "no": QT_TRANSLATE_NOOP("Labels", "No"),
    # offer kinds (the catalog's Kind column)
    "percent_discount": QT_TRANSLATE_NOOP("Labels", "Percent discount"),
    "fixed_discount": QT_TRANSLATE_NOOP("Labels", "Fixed discount"),
    "one_off_credit": QT_TRANSLATE_NOOP("Labels", "One-off credit"),
    "free_months": QT_TRANSLATE_NOOP("Labels", "Free months"),
    "upgrade_same_price": QT_TRANSLATE_NOOP("Labels", "Upgrade, same price"),
    "add_on": QT_TRANSLATE_NOOP("Labels", "Add-on"),
    "device": QT_TRANSLATE_NOOP("Labels", "Device"),
    "downgrade": QT_TRANSLATE_NOOP("Labels", "Downgrade"),
    "pause": QT_TRANSLATE_NOOP("Labels", "Pause"),
    "renewal_discount": QT_TRANSLATE_NOOP("Labels", "Renewal discount"),
    "outage_goodwill": QT_TRANSLATE_NOOP("Labels", "Outage goodwill"),
    "loyalty_gift": QT_TRANSLATE_NOOP("Labels", "Loyalty gift"),
    # family status
    "single": QT_TRANSLATE_NOOP("Labels", "Single"),
    "married": QT_TRANSLATE_NOOP("Labels", "Married"),
    "divorced": QT_TRANSLATE_NOOP("Labels", "Divorced"),
    "widowed": QT_TRANSLATE_NOOP("Labels", "Widowed"),
    "unknown": QT_TRANSLATE_NOOP("Labels", "Unknown"),
    # languages
    "he": QT_TRANSLATE_NOOP("Labels", "Hebrew"),
    "ar": QT_TRANSLATE_NOOP("Labels", "Arabic"),
    "ru": QT_TRANSLATE_NOOP("Labels", "Russian"),
    "en": QT_TRANSLATE_NOOP("Labels", "English"),
}


# Words that Hebrew says differently of a woman and of a man ("נשואה", "נשוי"). English has one
# form, so the source is the same and the context tells the two apart.
_GENDERED: dict[str, dict[str, str]] = {
    "female": {
        "single": QT_TRANSLATE_NOOP("LabelsFemale", "Single"),
        "married": QT_TRANSLATE_NOOP("LabelsFemale", "Married"),
        "divorced": QT_TRANSLATE_NOOP("LabelsFemale", "Divorced"),
        "widowed": QT_TRANSLATE_NOOP("LabelsFemale", "Widowed"),
    },
    "male": {
        "single": QT_TRANSLATE_NOOP("LabelsMale", "Single"),
        "married": QT_TRANSLATE_NOOP("LabelsMale", "Married"),
        "divorced": QT_TRANSLATE_NOOP("LabelsMale", "Divorced"),
        "widowed": QT_TRANSLATE_NOOP("LabelsMale", "Widowed"),
    },
}
_GENDER_CONTEXT = {"female": "LabelsFemale", "male": "LabelsMale"}


def label(code: StrEnum | str | None, gender: StrEnum | str | None = None) -> str:
    """The translated label of a code; an unknown code is shown as it is. With the person's
    ``gender`` known, the word takes their form (Hebrew); otherwise the neutral label."""
    if code is None:
        return ""
    gendered = _GENDERED.get(str(gender), {}).get(str(code)) if gender is not None else None
    if gendered:
        return QCoreApplication.translate(_GENDER_CONTEXT[str(gender)], gendered)
    text = _TEXTS.get(str(code))
    return QCoreApplication.translate(_CONTEXT, text) if text else str(code)


def local_time(value: datetime | None) -> str:
    """A UTC timestamp as Israeli wall-clock time, dd/MM/yyyy HH:mm (never the machine's zone:
    a naive value from the database is UTC, not local)."""
    return israel_datetime(value)
