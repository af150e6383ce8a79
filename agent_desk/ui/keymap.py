"""The keyboard map: one table of every key the desk answers to, and what reads it.

:data:`KEYS` is the single source. The F1 overlay (:class:`KeyboardMapOverlay`) draws it and
``docs/keyboard.md`` is generated from it (``python -m agent_desk.ui.keymap``), and a test
compares the two, so the map on screen and the one in the docs cannot drift.
:func:`mnemonics` lists every Alt+letter a view offers, so a test can catch two controls
claiming the same letter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGroupBox,
    QLabel,
    QMenuBar,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

_CONTEXT = "Keymap"


@dataclass(frozen=True)
class KeyBinding:
    """One key and what it does. ``keys`` is in QKeySequence's portable form ("Ctrl+E")."""

    area: str  # QT_TRANSLATE_NOOP("Keymap", ...)
    keys: str
    action: str  # QT_TRANSLATE_NOOP("Keymap", ...)


EVERYWHERE = QT_TRANSLATE_NOOP("Keymap", "Everywhere")
AGENT = QT_TRANSLATE_NOOP("Keymap", "Agent view")
SCRIPT = QT_TRANSLATE_NOOP("Keymap", "Script")
OFFERS = QT_TRANSLATE_NOOP("Keymap", "Offers (under the script step, and the Offers tab)")
WRAPUP = QT_TRANSLATE_NOOP("Keymap", "Wrap-up")
QUEUE = QT_TRANSLATE_NOOP("Keymap", "Work queue")
LEAD = QT_TRANSLATE_NOOP("Keymap", "Team lead view")

KEYS: tuple[KeyBinding, ...] = (
    KeyBinding(EVERYWHERE, "F1", QT_TRANSLATE_NOOP("Keymap", "Show or hide this keyboard map")),
    KeyBinding(EVERYWHERE, "Ctrl+1", QT_TRANSLATE_NOOP("Keymap", "Agent view")),
    KeyBinding(EVERYWHERE, "Ctrl+2", QT_TRANSLATE_NOOP("Keymap", "Team lead view")),
    KeyBinding(EVERYWHERE, "Ctrl+3", QT_TRANSLATE_NOOP("Keymap", "Offer catalog")),
    KeyBinding(EVERYWHERE, "Ctrl+4", QT_TRANSLATE_NOOP("Keymap", "Work queue")),
    KeyBinding(EVERYWHERE, "Ctrl+5", QT_TRANSLATE_NOOP("Keymap", "Referrals")),
    KeyBinding(EVERYWHERE, "Ctrl+6", QT_TRANSLATE_NOOP("Keymap", "Incidents (outage mode)")),
    KeyBinding(EVERYWHERE, "Ctrl+7", QT_TRANSLATE_NOOP("Keymap", "My reviews: your QA reviews, to acknowledge or "
                                                              "dispute")),
    KeyBinding(EVERYWHERE, "Ctrl+8", QT_TRANSLATE_NOOP("Keymap", "Import customers (admins)")),
    KeyBinding(EVERYWHERE, "F5", QT_TRANSLATE_NOOP("Keymap", "Refresh the lists")),
    KeyBinding(EVERYWHERE, "Ctrl+Q", QT_TRANSLATE_NOOP("Keymap", "Quit (an unsent wrap-up is kept)")),
    KeyBinding(EVERYWHERE, "Alt", QT_TRANSLATE_NOOP("Keymap", "With the underlined letter: press that button "
                                                              "or open that tab")),
    KeyBinding(EVERYWHERE, "Tab", QT_TRANSLATE_NOOP("Keymap", "Next control (tables are one stop; "
                                                              "the arrows move inside them)")),
    KeyBinding(AGENT, "Ctrl+L", QT_TRANSLATE_NOOP("Keymap", "Caller's number or a search")),
    KeyBinding(AGENT, "Return", QT_TRANSLATE_NOOP("Keymap", "Find the caller; in a list, open the chosen customer")),
    KeyBinding(AGENT, "Ctrl+F", QT_TRANSLATE_NOOP("Keymap", "Search the customer's history")),
    KeyBinding(AGENT, "Alt+1", QT_TRANSLATE_NOOP("Keymap", "Alt+1 to Alt+9: the customer's history tabs, "
                                                          "Timeline to More details")),
    KeyBinding(AGENT, "F6", QT_TRANSLATE_NOOP("Keymap", "Go to the script")),
    KeyBinding(AGENT, "F7", QT_TRANSLATE_NOOP("Keymap", "The reason for leaving (script, offers and wrap-up follow)")),
    KeyBinding(AGENT, "F8", QT_TRANSLATE_NOOP("Keymap", "The script's objection library (arrows and Enter choose)")),
    KeyBinding(AGENT, "F9", QT_TRANSLATE_NOOP("Keymap", "Cancel now: the customer wants to leave, the script goes "
                                                       "straight to the cancellation")),
    KeyBinding(AGENT, "Ctrl+E", QT_TRANSLATE_NOOP("Keymap", "End the call and start the wrap-up")),
    KeyBinding(SCRIPT, "1", QT_TRANSLATE_NOOP("Keymap", "1 to 9: the numbered answer")),
    KeyBinding(SCRIPT, "Alt+Left", QT_TRANSLATE_NOOP("Keymap", "Back one step")),
    KeyBinding(OFFERS, "Ctrl+Down", QT_TRANSLATE_NOOP("Keymap", "Ctrl+Down and Ctrl+Up: choose an offer "
                                                                 "(it is outlined)")),
    KeyBinding(OFFERS, "P", QT_TRANSLATE_NOOP("Keymap", "Present the chosen offer")),
    KeyBinding(OFFERS, "A", QT_TRANSLATE_NOOP("Keymap", "The customer accepted it (the script moves on)")),
    KeyBinding(OFFERS, "D", QT_TRANSLATE_NOOP("Keymap", "The customer declined it")),
    KeyBinding(OFFERS, "T", QT_TRANSLATE_NOOP("Keymap", "Ask the team lead (above your authority)")),
    KeyBinding(WRAPUP, "Ctrl+Return", QT_TRANSLATE_NOOP("Keymap", "Submit the wrap-up")),
    KeyBinding(QUEUE, "Ctrl+N", QT_TRANSLATE_NOOP("Keymap", "Next task: take the most urgent one and call the "
                                                           "customer")),
    KeyBinding(QUEUE, "Return", QT_TRANSLATE_NOOP("Keymap", "Call the chosen task's customer")),
    KeyBinding(QUEUE, "Ctrl+K", QT_TRANSLATE_NOOP("Keymap", "Skip the chosen task (with a reason)")),
    KeyBinding(LEAD, "Up", QT_TRANSLATE_NOOP("Keymap", "Up and Down: choose a request")),
    KeyBinding(LEAD, "Alt+1", QT_TRANSLATE_NOOP("Keymap", "Alt+1 to Alt+5: the tabs, Results, Call log, Dashboards, "
                                                         "Coaching and Audit")),
    KeyBinding(LEAD, "Return", QT_TRANSLATE_NOOP("Keymap", "In the call log: apply the filter (in the filter bar) "
                                                          "or open the chosen call")),
    KeyBinding(LEAD, "Esc", QT_TRANSLATE_NOOP("Keymap", "From a call's detail back to the call log, on the same "
                                                       "call")),
)


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def key_text(keys: str, native: bool = True) -> str:
    """How a key is written for people: Qt's native words on screen, the portable form in docs."""
    fmt = QKeySequence.SequenceFormat.NativeText if native else QKeySequence.SequenceFormat.PortableText
    return QKeySequence(keys).toString(fmt) or keys


def by_area() -> dict[str, list[KeyBinding]]:
    areas: dict[str, list[KeyBinding]] = defaultdict(list)
    for binding in KEYS:
        areas[binding.area].append(binding)
    return dict(areas)


def markdown() -> str:
    """``docs/keyboard.md``, generated from :data:`KEYS` (English)."""
    lines = [
        "# Keyboard map",
        "",
        "Every key the desk answers to. Press **F1** in the app to see this map over the window;",
        "**Esc** closes it. This page is generated from `agent_desk/ui/keymap.py`",
        "(`python -m agent_desk.ui.keymap > docs/keyboard.md`); a test fails when they differ.",
        "",
        "Underlined letters (Alt+letter) are unique among the controls on screen together (a letter",
        "may come back on another tab): a test checks every view in English and in Hebrew.",
    ]
    for area, bindings in by_area().items():
        lines += ["", f"## {area}", "", "| key | what it does |", "|---|---|"]
        lines += [f"| `{key_text(b.keys, native=False)}` | {b.action} |" for b in bindings]
    return "\n".join(lines) + "\n"


# -- mnemonics ------------------------------------------------------------------------------


def _mnemonic(text: str) -> str:
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)


def _name(widget: QObject, text: str) -> str:
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return f"{type(widget).__name__} {widget.objectName() or ''} \u201c{plain}\u201d".replace("  ", " ")


def _claims(root: QWidget, menu_bar: QMenuBar | None) -> list[tuple[str, str, QWidget]]:
    """(Alt+letter, who, the widget that owns the shortcut) for every mnemonic under ``root``."""
    found: list[tuple[str, str, QWidget]] = []

    def claim(owner: QWidget, text: str) -> None:
        key = _mnemonic(text)
        if key:
            found.append((key, _name(owner, text), owner))

    if menu_bar is not None:
        for action in menu_bar.actions():
            claim(menu_bar, action.text())
    for button in root.findChildren(QAbstractButton):
        claim(button, button.text())
    for label in root.findChildren(QLabel):
        if label.buddy() is not None:
            claim(label, label.text())
    for box in root.findChildren(QGroupBox):
        claim(box, box.title())
    for bar in root.findChildren(QTabBar):
        for index in range(bar.count()):
            claim(bar, bar.tabText(index))
    return found


def mnemonics(root: QWidget, menu_bar: QMenuBar | None = None) -> dict[str, list[str]]:
    """Every Alt+letter under ``root`` (and the menu bar's, which work everywhere): key → who claims it.

    Counted: buttons and check boxes, labels with a buddy, group box titles, tab titles.
    Tool bar buttons are not: Qt strips their ampersands.
    """
    claims: dict[str, list[str]] = defaultdict(list)
    for key, who, _owner in _claims(root, menu_bar):
        claims[key].append(who)
    return dict(claims)


def _never_together(a: QWidget, b: QWidget) -> bool:
    """``a`` and ``b`` sit on different pages of one stack (a tab widget's tabs, a stacked
    widget's pages), so they are never on screen at once."""
    above: dict[QWidget, QWidget] = {}  # ancestor of a -> its child on the way down to a
    child, parent = a, a.parentWidget()
    while parent is not None:
        above[parent] = child
        child, parent = parent, parent.parentWidget()
    child, parent = b, b.parentWidget()
    while parent is not None and parent not in above:
        child, parent = parent, parent.parentWidget()
    return isinstance(parent, QStackedWidget) and above[parent] is not child


def clashes(root: QWidget, menu_bar: QMenuBar | None = None) -> dict[str, list[str]]:
    """The Alt+letters claimed twice by controls that can be on screen together.

    A letter may come back on another page of a stack (another tab): Qt ignores the mnemonic
    of a control that is not visible, so only what is shown at once has to differ.
    """
    by_key: dict[str, list[tuple[str, QWidget]]] = defaultdict(list)
    for key, who, owner in _claims(root, menu_bar):
        by_key[key].append((who, owner))
    found: dict[str, list[str]] = {}
    for key, owners in by_key.items():
        clashing: set[str] = set()
        for n, (who, owner) in enumerate(owners):
            for other_who, other in owners[n + 1:]:
                if not _never_together(owner, other):
                    clashing.update((who, other_who))
        if clashing:
            found[key] = [who for who, _owner in owners if who in clashing]
    return found


# -- the overlay ------------------------------------------------------------------------------


class KeyboardMapOverlay(QWidget):
    """The keyboard map drawn over the window it belongs to: a translucent veil, the table in
    the middle. F1 or Esc closes it; it follows the window's size."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardMap")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.panel = QFrame()
        self.panel.setObjectName("keyboardMapPanel")
        self.panel.setStyleSheet("#keyboardMapPanel { background: palette(window); border: 1px solid palette(mid);"
                                 " border-radius: 8px; }")
        self.text = QLabel()
        self.text.setObjectName("keyboardMapText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.text)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.panel)
        parent.installEventFilter(self)
        self.hide()

    def rows(self) -> list[tuple[str, str, str]]:
        """(area, key, action) as shown: translated, keys in the platform's words."""
        return [(tr(b.area), key_text(b.keys), tr(b.action)) for b in KEYS]

    def render(self) -> str:
        rtl = self.isRightToLeft()
        side = "right" if rtl else "left"
        # lupdate does not look inside f-strings: translate first, then format.
        title = self.tr("Keyboard map")
        hint = self.tr("Esc or F1 closes this map.")
        parts = [f"<h2>{title}</h2>", f"<p>{hint}</p>"]
        for area, bindings in by_area().items():
            parts.append(f"<h3>{tr(area)}</h3><table cellspacing='0' cellpadding='4' align='{side}'>")
            for b in bindings:
                key = f"<td align='{side}'><b>\u2066{key_text(b.keys)}\u2069</b></td>"
                action = f"<td align='{side}'>{tr(b.action)}</td>"
                # Qt lays table columns out left to right whatever the direction: the key
                # goes first in reading order, so on the right in Hebrew.
                parts.append(f"<tr>{action}{key}</tr>" if rtl else f"<tr>{key}{action}</tr>")
            parts.append("</table>")
        # The block's direction follows the UI, not the first letter of the text: an English
        # key name must not turn a Hebrew map around.
        direction = "rtl" if rtl else "ltr"
        return f"<div dir='{direction}'>{''.join(parts)}</div>"

    def toggle(self) -> None:
        if self.isVisible():
            self.close_map()
        else:
            self.open_map()

    def open_map(self) -> None:
        self.text.setText(self.render())  # the language may have changed since
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.setFocus()

    def close_map(self) -> None:
        self.hide()
        parent = self.parentWidget()
        if parent is not None:
            parent.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1):
            self.close_map()
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: object) -> None:  # noqa: N802
        self.close_map()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))


if __name__ == "__main__":  # pragma: no cover - regenerates docs/keyboard.md
    print(markdown(), end="")
