"""Who is calling from a number several customers share (or which of several search hits).

Each match shows what the agent can ask about in one question: age, the products they hold,
when we last heard from them and how many cases are open. The list is keyboard-first:
arrows move, Enter opens the customer.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from agent_desk.data.queries import CustomerMatch
from agent_desk.ui.i18n import ISRAEL, israel_date, ltr, pick
from agent_desk.ui.labels import label
from agent_desk.ui.plain_text import plain_tip

MAX_PRODUCTS = 3


class CallerChooser(QListWidget):
    """A list of customers, two lines each: name, account and city; then what tells them apart.

    The customer's id is on each item (``Qt.UserRole``); ``itemActivated`` says which was picked.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callerChooser")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSpacing(2)

    def show_matches(self, matches: tuple[CustomerMatch, ...] | list[CustomerMatch],
                     today: date | None = None) -> None:
        today = today or datetime.now(ISRAEL).date()
        self.clear()
        for match in matches:
            first = " · ".join(filter(None, (f"{match.first_name} {match.last_name}", ltr(match.account_number),
                                             match.city or "")))
            details = self.details(match, today)
            item = QListWidgetItem(f"{first}\n{details}" if details else first)
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            item.setToolTip(plain_tip(details))
            self.addItem(item)
        if matches:
            self.setCurrentRow(0)

    def details(self, match: CustomerMatch, today: date) -> str:
        """The second line: "43 years old · Gold · Fiber, TV · last contact 12/10/2026 · 2 open cases"."""
        parts = []
        age = match.age_on(today)
        if age is not None:
            parts.append(self.tr("%n years old", "", age))
        parts.append(label(match.value_tier))
        if match.products:
            names = [pick(he, en) for he, en in match.products[:MAX_PRODUCTS]]
            more = len(match.products) - MAX_PRODUCTS
            if more > 0:
                names.append(self.tr("%n more", "", more))
            parts.append(", ".join(names))
        if match.last_contact is not None:
            parts.append(self.tr("last contact %1").replace("%1", ltr(israel_date(match.last_contact))))
        if match.last_contact is not None or match.products:
            # Only where the counts were looked up (a shared number): a search hit says nothing.
            parts.append(self.tr("%n open cases", "", match.open_cases) if match.open_cases
                         else self.tr("no open cases"))
        return " · ".join(parts)
