"""Keys for rows that clients create: UUIDv7 (time-ordered, so B-tree inserts stay cheap).

A client makes the key itself, offline or not, so the row keeps its identity when it is
synced later: the same row sent twice is the same row, never a duplicate.
"""

from __future__ import annotations

import random
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
