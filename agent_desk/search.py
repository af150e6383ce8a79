"""Search keys: how names, phones and IDs are folded so that any way of typing finds them.

Hebrew: niqqud and cantillation marks are dropped and final letters folded (ם→מ), so
``כהן``, ``כֹּהֵן`` and a half-typed ``כה`` meet. Latin: case and accents are folded.
Digits: phone numbers and national IDs are also kept reversed, so "the last digits" is an
indexed prefix search too.

What is searched for is capped (:func:`check_search_text`): each word becomes four prefix
conditions, and 11,000 pasted words took 27 s on PostgreSQL. No name, phone, account or
e-mail needs more than 8 words or 200 characters.
"""

from __future__ import annotations

import re
import unicodedata

_FINALS = str.maketrans({"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
# Hebrew points and accents (U+0591-U+05C7 minus letters) and Latin combining marks.
_MARKS = re.compile(r"[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0300-\u036f]")
_QUOTES = re.compile(r"['\"`\u05f3\u05f4\u2019]")
_SEPARATORS = re.compile(r"[\s\-.]+")

SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 8


class SearchTooLong(ValueError):
    """The search text is over a cap; the UI says which one (``what``) and the ``limit``.

    Attributes:
        what: ``"characters"`` or ``"words"``.
        limit: the cap that was passed.
    """

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"a search is limited to {limit} {what}")
        self.what = what
        self.limit = limit


def check_search_text(text: str) -> str:
    """``text`` without surrounding spaces, or :class:`SearchTooLong` if it is over a cap.

    Cheap enough to call on the GUI thread before a search is sent.
    """
    text = text.strip()
    if len(text) > SEARCH_MAX_CHARS:
        raise SearchTooLong("characters", SEARCH_MAX_CHARS)
    if len(text.split()) > SEARCH_MAX_WORDS:
        raise SearchTooLong("words", SEARCH_MAX_WORDS)
    return text


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
