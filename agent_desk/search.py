"""Search keys: how names, phones and IDs are folded so that any way of typing finds them.

Hebrew: niqqud and cantillation marks are dropped and final letters folded (ם→מ), so
``כהן``, ``כֹּהֵן`` and a half-typed ``כה`` meet. Latin: case and accents are folded.
Digits: phone numbers and national IDs are also kept reversed, so "the last digits" is an
indexed prefix search too.
"""

from __future__ import annotations

import re
import unicodedata

_FINALS = str.maketrans({"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
# Hebrew points and accents (U+0591-U+05C7 minus letters) and Latin combining marks.
_MARKS = re.compile(r"[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0300-\u036f]")
_QUOTES = re.compile(r"['\"`\u05f3\u05f4\u2019]")
_SEPARATORS = re.compile(r"[\s\-.]+")


def name_key(text: str | None) -> str:
    """The folded form of a name: ``"Cohén"`` → ``"cohen"``, ``"כֹּהֵן"`` → ``"כהנ"``."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = _MARKS.sub("", decomposed)
    folded = without_marks.casefold().translate(_FINALS)
    return _SEPARATORS.sub(" ", _QUOTES.sub("", folded)).strip()


def reversed_digits(text: str | None) -> str:
    """Digits only, last first: ``"+972541234567"`` → ``"765432145279"``."""
    return "".join(ch for ch in reversed(text or "") if ch.isdigit())


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
