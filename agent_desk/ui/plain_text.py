"""People's text on screen exactly as typed, never as markup (issue 11, item 7).

Qt guesses that a label's, a message box's or a tooltip's text is rich text when its first
line holds something that looks like a tag (``Qt::mightBeRichText``): a customer named
``<b>Dana``, a note with ``<img src=...>``, an incident title or a QA comment would be drawn
as HTML. Whatever a person or an imported file typed is data, so:

- a label that shows it never needs markup: :func:`plain` makes it plain text;
- rich text we build on purpose escapes each piece (``html.escape``, as the script panel,
  the offers' talking points, the outage banner and the coaching review do);
- a tooltip cannot be told its format: :func:`plain_tip` hands Qt the text already escaped,
  as rich text that says exactly what was typed.
"""

from __future__ import annotations

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel


def plain(*labels: QLabel) -> None:
    """These labels show their text as it is: a ``<b>`` in a name is two angle brackets and a b."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` verbatim (escaped, its line breaks kept); None stays None."""
    if not text:
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
