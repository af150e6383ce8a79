"""The agent view: pop a caller by phone number and see who they are.

Lookups run on the task runner. Every request carries a number; an answer that arrives
after a newer request was made is dropped, so one customer's data never appears under
another's header.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.data.queries import CallerCard, CallerLookup, CustomerMatch, load_caller_card, pop_caller
from agent_desk.phones import display as display_phone
from agent_desk.ui.i18n import ltr, money
from agent_desk.ui.labels import label
from agent_desk.ui.table_models import SubscriptionModel, TimelineModel, make_table_view
from agent_desk.ui.tasks import TaskRunner


class CallerHeader(QFrame):
    """Name, language, age, tenure, tier, revenue, consents, and an open cancellation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callerHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        self.name.setObjectName("callerName")
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.name.setFont(font)
        self.account = QLabel()
        self.cancellation = QLabel(self.tr("Cancellation requested"))
        self.cancellation.setObjectName("cancellationBadge")
        self.cancellation.setStyleSheet(
            "QLabel { background: #b3261e; color: white; border-radius: 4px; padding: 2px 8px; }"
        )
        self.facts: dict[str, QLabel] = {}
        grid = QGridLayout()
        titles = {
            "language": self.tr("Language"),
            "age": self.tr("Age"),
            "tenure": self.tr("Customer for"),
            "tier": self.tr("Value tier"),
            "revenue": self.tr("Monthly revenue"),
            "phones": self.tr("Phones"),
            "city": self.tr("City"),
            "consent": self.tr("Consent"),
            "contacts": self.tr("Contacts"),
        }
        side = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        for position, (key, title) in enumerate(titles.items()):
            caption = QLabel(title)
            caption.setStyleSheet("color: palette(mid);")
            value = QLabel()
            value.setObjectName(f"fact_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Qt aligns a label by its text's own direction: a number or a Hebrew city in the
            # English UI would jump to the far side. Pin values to the layout's side.
            value.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
            self.facts[key] = value
            row, col = divmod(position, 3)
            grid.addWidget(caption, row * 2, col)
            grid.addWidget(value, row * 2 + 1, col)
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.cancellation)
        top.addStretch(1)
        top.addWidget(self.account)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)

    def show_card(self, card: CallerCard) -> None:
        today = datetime.now(UTC).date()
        self.name.setText(f"{card.first_name} {card.last_name}")
        self.account.setText(self.tr("Account %1").replace("%1", card.account_number))
        self.cancellation.setVisible(card.has_open_cancellation)
        age = card.age_on(today)
        years = card.tenure_years_on(today)
        consents = [
            text for flag, text in (
                (card.consent_marketing, self.tr("marketing")),
                (card.consent_sms, self.tr("SMS")),
                (card.consent_email, self.tr("email")),
                (card.consent_calls, self.tr("calls")),
            ) if flag
        ]
        values = {
            "language": label(card.preferred_language),
            "age": "" if age is None else str(age),
            "tenure": self.tr("%1 years").replace("%1", f"{years:.1f}"),
            "tier": label(card.value_tier),
            "revenue": money(card.monthly_revenue),
            "phones": ", ".join(ltr(display_phone(p)) for p in card.phones),
            "city": card.city or "",
            "consent": ", ".join(consents) if consents else self.tr("none"),
            "contacts": self.tr("%1 in total, %2 open").replace("%1", f"{card.interactions_total:,}")
            .replace("%2", str(card.open_cases)),
        }
        for key, value in values.items():
            self.facts[key].setText(value)


class AgentView(QWidget):
    """Phone box on top; below it a waiting page, a chooser, a new-caller card or the 360.

    Signals:
        caller_shown(str): the account number of the customer now on screen.
        failed(str): a lookup could not be made (the main window shows why).
    """

    caller_shown = Signal(str)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, region: str = "IL", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.region = region
        self._factory: sessionmaker[Session] | None = None
        self._request = 0

        self.phone = QLineEdit()
        self.phone.setObjectName("phoneInput")
        self.phone.setPlaceholderText(self.tr("Caller's phone number, e.g. 054-1234567"))
        self.phone.setClearButtonEnabled(True)
        self.phone.returnPressed.connect(self._pop_typed)
        self.pop_button = QPushButton(self.tr("&Pop caller"))
        self.pop_button.clicked.connect(self._pop_typed)
        self.message = QLabel()
        self.message.setObjectName("lookupMessage")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        focus = QShortcut(QKeySequence("Ctrl+L"), self)
        focus.activated.connect(self._focus_phone)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Phone:")))
        bar.addWidget(self.phone, 1)
        bar.addWidget(self.pop_button)

        self.pages = QStackedWidget()
        self.waiting = QLabel(self.tr("Waiting for a call.\nType or paste the caller's number above "
                                      "(Ctrl+L) and press Enter."))
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setObjectName("waitingPage")

        self.chooser_page = QWidget()
        self.chooser_title = QLabel()
        self.chooser = QListWidget()
        self.chooser.setObjectName("callerChooser")
        self.chooser.itemActivated.connect(self._chosen)
        chooser_layout = QVBoxLayout(self.chooser_page)
        chooser_layout.addWidget(self.chooser_title)
        chooser_layout.addWidget(self.chooser)

        self.unknown = QLabel()
        self.unknown.setObjectName("unknownCaller")
        self.unknown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unknown.setWordWrap(True)

        self.card_page = QWidget()
        self.header = CallerHeader()
        self.timeline_model = TimelineModel(self)
        self.subscription_model = SubscriptionModel(self)
        self.timeline = make_table_view(self.timeline_model)
        self.timeline.setObjectName("timeline")
        self.timeline.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.products = make_table_view(self.subscription_model)
        self.products.setObjectName("products")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, self.tr("&Timeline"))
        self.tabs.addTab(self.products, self.tr("P&roducts"))
        card_layout = QVBoxLayout(self.card_page)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.header)
        card_layout.addWidget(self.tabs, 1)

        for page in (self.waiting, self.chooser_page, self.unknown, self.card_page):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        self.set_enabled_for_data(False)

    # -- wiring ----------------------------------------------------------------------

    def set_session_factory(self, factory: sessionmaker[Session] | None) -> None:
        self._factory = factory
        self.set_enabled_for_data(factory is not None)

    def set_enabled_for_data(self, enabled: bool) -> None:
        self.phone.setEnabled(enabled)
        self.pop_button.setEnabled(enabled)

    def _focus_phone(self) -> None:
        self.phone.setFocus()
        self.phone.selectAll()

    # -- lookups ---------------------------------------------------------------------

    def _pop_typed(self) -> None:
        if self.phone.text().strip():
            self.pop(self.phone.text())

    def pop(self, raw: str) -> None:
        """Find the caller behind ``raw`` and show them (or a chooser, or a new-caller card)."""
        if self._factory is None:
            return
        if self.phone.text() != raw:
            self.phone.setText(raw)
        factory, region = self._factory, self.region

        def lookup() -> CallerLookup:
            with factory() as session:
                return pop_caller(session, raw, region)

        self._run(lookup, self._show_lookup)

    def _chosen(self, item: QListWidgetItem) -> None:
        if self._factory is None:
            return
        customer_id: uuid.UUID = item.data(Qt.ItemDataRole.UserRole)
        factory = self._factory

        def load() -> CallerCard | None:
            with factory() as session:
                return load_caller_card(session, customer_id)

        self._run(load, self._show_card)

    def _run(self, fn: Callable[[], object], show: Callable[[object], None]) -> None:
        self._request += 1
        request = self._request

        def done(result: object) -> None:
            if request == self._request:  # a newer pop has superseded this answer
                show(result)

        def failed(exc: Exception) -> None:
            if request == self._request:
                self.failed.emit(str(exc))

        self.runner.submit(fn, done, failed)

    def _show_lookup(self, lookup: object) -> None:
        assert isinstance(lookup, CallerLookup)
        if lookup.error:
            self.message.setText(self.tr("This is not a phone number we can use: %1").replace("%1", lookup.raw))
            self.message.show()
            return
        self.message.hide()
        if lookup.card is not None:
            self._show_card(lookup.card)
        elif lookup.matches:
            self._show_chooser(lookup.e164 or "", lookup.matches)
        else:
            self.unknown.setText(
                self.tr("New caller: no customer has the number %1.\n"
                        "You can still take the call and link it to a customer later.")
                .replace("%1", ltr(display_phone(lookup.e164 or lookup.raw)))
            )
            self.pages.setCurrentWidget(self.unknown)

    def _show_chooser(self, e164: str, matches: tuple[CustomerMatch, ...]) -> None:
        self.chooser_title.setText(
            self.tr("%1 customers share the number %2. Who is calling?")
            .replace("%1", str(len(matches))).replace("%2", ltr(display_phone(e164)))
        )
        self.chooser.clear()
        for match in matches:
            text = f"{match.first_name} {match.last_name} · {match.account_number} · {match.city or ''}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            self.chooser.addItem(item)
        self.chooser.setCurrentRow(0)
        self.pages.setCurrentWidget(self.chooser_page)
        self.chooser.setFocus()

    def _show_card(self, card: object) -> None:
        if not isinstance(card, CallerCard):
            self.message.setText(self.tr("That customer no longer exists."))
            self.message.show()
            return
        self.header.show_card(card)
        self.timeline_model.set_rows(card.timeline)
        self.subscription_model.set_rows(card.subscriptions)
        self.pages.setCurrentWidget(self.card_page)
        self.caller_shown.emit(card.account_number)
