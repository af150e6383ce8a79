"""Phone numbers: every way a person writes an Israeli number becomes one E.164 string.

``054-1234567``, ``0541234567``, ``+972 54-123-4567``, ``972541234567`` and the common
``+972-054...`` mistake all give ``+972541234567``. Parsing is Google's libphonenumber
(``phonenumbers``); this module only adds the Israeli habits it does not know.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

DEFAULT_REGION = "IL"
_NOISE = re.compile(r"[\s\-().\u200e\u200f]")


class PhoneNumberError(ValueError):
    """Not a phone number we can use; the message says why in plain words."""


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of ``raw`` (``+972541234567``).

    Raises:
        PhoneNumberError: ``raw`` is empty or is not a possible number.
    """
    text = _NOISE.sub("", raw or "")
    if not text:
        raise PhoneNumberError("empty phone number")
    if text.startswith("00"):
        text = "+" + text[2:]
    # Written with the country code but without the plus: 972541234567.
    if text.startswith("972") and len(text) >= 11:
        text = "+" + text
    # The trunk zero kept after the country code: +972-054-1234567.
    if text.startswith("+9720"):
        text = "+972" + text[5:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(f"{raw!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneNumberError(f"{raw!r} has the wrong number of digits")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display(e164: str, region: str = DEFAULT_REGION) -> str:
    """How an agent reads the number: national format at home (054-123-4567), else international."""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == region
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def is_mobile(e164: str) -> bool:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
