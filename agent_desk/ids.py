"""Keys for rows that clients create: UUIDv7 (time-ordered, so B-tree inserts stay cheap),
and the cancellation confirmation numbers a desk gives customers.

A client makes the key itself, offline or not, so the row keeps its identity when it is
synced later: the same row sent twice is the same row, never a duplicate.
"""

from __future__ import annotations

import random
import secrets
import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    """A fresh UUIDv7 for a new row."""
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)


def uuid7_int(unix_ms: int, rng: random.Random) -> int:
    """A UUIDv7 as an int with a given timestamp and random bits from ``rng``.

    Deterministic demo data needs keys that come out the same for the same seed; the
    layout is RFC 9562's: 48-bit milliseconds, version 7, 12 + 62 random bits, variant 10.
    """
    rand = rng.getrandbits(74)
    return (
        (unix_ms & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 62) << 64
        | 0b10 << 62
        | (rand & 0x3FFF_FFFF_FFFF_FFFF)
    )


# --- confirmation numbers ------------------------------------------------------------------

# Crockford's base 32: digits and capitals without I, L, O and U, so nothing reads as
# something else on a screen or a phone line (a customer who says "O" or "L" means 0 or 1).
CONFIRMATION_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RADIX = len(CONFIRMATION_ALPHABET)
CONFIRMATION_BITS = 50  # ten characters of five bits
_PAYLOAD_CHARS = CONFIRMATION_BITS // 5
_SPOKEN = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _luhn_sum(symbols: str, double_first: bool) -> int:
    """Luhn mod 32 over ``symbols`` read right to left (every other one doubled)."""
    total, double = 0, double_first
    for ch in reversed(symbols):
        value = CONFIRMATION_ALPHABET.index(ch) * (2 if double else 1)
        total += value // _RADIX + value % _RADIX
        double = not double
    return total


def confirmation_number_from(value: int) -> str:
    """The confirmation number that spells the 50-bit ``value``: ``"7KQ4-MX9P-3AZ"``.

    Ten symbols carry the value; the eleventh is a Luhn mod 32 check symbol, which catches
    every single mistyped or misheard symbol and every swap of two neighbours but 0 and Z,
    so a wrong number read back is refused instead of finding someone else's cancellation.
    """
    if not 0 <= value < 1 << CONFIRMATION_BITS:
        raise ValueError("a confirmation number holds 50 bits")
    payload = "".join(CONFIRMATION_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(_PAYLOAD_CHARS)))
    check = CONFIRMATION_ALPHABET[(-_luhn_sum(payload, double_first=True)) % _RADIX]
    text = payload + check
    return f"{text[:4]}-{text[4:8]}-{text[8:]}"


def new_confirmation_number(rng: random.Random | None = None) -> str:
    """A fresh cancellation confirmation number, made on the desk (no server needed).

    Why random and not a counter: a desk that works offline cannot ask anyone for the next
    number, and a per-desk counter needs each desk to have a unique, registered prefix. 50
    random bits (``secrets``) need nothing. The chance that *any* two numbers ever made are
    equal is about n² / 2⁵¹ for n numbers: 4 × 10⁻¹⁰ for a thousand cancellations, 4 × 10⁻⁴
    for a million, 4 % only at ten million, a large operator's decade. That is the chance of
    one retry, not of a duplicate: ``submit_call`` draws again while the number is taken, and
    the unique constraint on ``retention_calls.confirmation_number`` refuses what slips
    through (a sync of offline calls draws again the same way).

    Eleven symbols, said in three groups, is about as long as a phone number.
    """
    value = rng.getrandbits(CONFIRMATION_BITS) if rng is not None else secrets.randbits(CONFIRMATION_BITS)
    return confirmation_number_from(value)


def read_confirmation_number(text: str) -> str | None:
    """What a person typed or heard, as the canonical number; ``None`` if it cannot be one.

    Case, spaces and dashes do not matter, and the letters people say for digits (O, I, L)
    are read as 0 and 1; a wrong check symbol means a mistake somewhere.
    """
    symbols = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-").translate(_SPOKEN)
    if len(symbols) != _PAYLOAD_CHARS + 1 or any(ch not in CONFIRMATION_ALPHABET for ch in symbols):
        return None
    if _luhn_sum(symbols, double_first=False) % _RADIX:
        return None
    return f"{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


def confirmation_number_of_key(key_hex: str, salt: int = 0) -> str:
    """A confirmation number made from a UUIDv7 key's millisecond (and 9 bits of ``salt``).

    For bulk data whose keys never share a millisecond within 69 years (the demo's: a block
    of milliseconds per customer): the low 41 bits of the millisecond and the salt make a
    50-bit value, and multiplying by an odd constant modulo 2⁵⁰ is a bijection, so distinct
    milliseconds give distinct numbers, unique by construction, yet random-looking.
    """
    millisecond = int(key_hex, 16) >> 80
    value = (salt & 0x1FF) << 41 | millisecond & ((1 << 41) - 1)
    return confirmation_number_from(value * _SPREAD % (1 << CONFIRMATION_BITS))


_SPREAD = 0x9E3779B97F4A7C15 & ((1 << CONFIRMATION_BITS) - 1) | 1  # odd: invertible modulo 2**50
