"""Every way of writing an Israeli number gives the same E.164."""

from __future__ import annotations

import pytest

from agent_desk.phones import PhoneNumberError, display, to_e164


@pytest.mark.parametrize(
    "raw",
    ["054-1234567", "0541234567", "+972 54-123-4567", "972541234567", "(054) 123 4567",
     "+972-054-1234567", "00972541234567", "\u200e054-123-4567"],
)
def test_mobile_formats(raw: str) -> None:
    assert to_e164(raw) == "+972541234567"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [("02-6543210", "+97226543210"), ("03 6543210", "+97236543210"), ("077-1234567", "+972771234567")],
)
def test_landlines_and_voip(raw: str, e164: str) -> None:
    assert to_e164(raw) == e164


@pytest.mark.parametrize("raw", ["", "abc", "054-12"])
def test_not_a_number(raw: str) -> None:
    with pytest.raises(PhoneNumberError):
        to_e164(raw)


def test_display_is_national() -> None:
    assert display("+972541234567") == "054-123-4567"
    assert display("+14155550100").startswith("+1")
