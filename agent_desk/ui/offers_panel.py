"""The offers panel: ranked save offers for the caller, with why, and the team-lead approval.

The panel keeps no facts of its own: what was presented, answered or asked lives in the
call (:class:`agent_desk.call.Call`); the panel sends it the agent's actions, runs the
writes the call makes on the task runner, and redraws each card from the call. Two panels
show the same call: the full list (the Offers tab) and a compact one inline under the
script's offers step. In both, keys P, A, D, T act on the chosen card (outlined) and
Ctrl+Up/Down choose it, while the keyboard is in that list (:meth:`OffersPanel.bind_keys`). The
full panel ranks the offers for the call's customer and reason through the desk; the inline
one shows the step's kinds of that same ranking (:meth:`OffersPanel.follow`), never a
second ranking.

An offer above the agent's authority says by how much, and is asked of the team lead in one
key; the agent sees who was asked and a countdown. The full panel polls for the answer
(off the GUI thread) and, if nobody answers in time, points at the best offer within the
agent's own authority.
"""

from __future__ import annotations

import html
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agent_desk import domain as d
from agent_desk.call import ApprovalAsked, Call, OfferOnCall
from agent_desk.desk import ApprovalState, CallOffers, CustomerProfile, Desk, DeskUser
from agent_desk.offers.ranking import RankedOffer
from agent_desk.scripts.facts import facts_from_profile
from agent_desk.scripts.variables import render
from agent_desk.ui.call_signals import CallSignals
from agent_desk.ui.i18n import current_language, highlighted, ltr, money, pick
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import Lane, TaskRunner, describe, is_connection_failure

POLL_MS = 3000


COUNTDOWN_MS = 1000
FLASH_MS = 2500


class OfferCard(QFrame):
    """One ranked offer: what it gives, the numbers behind it, and the buttons.

    The card's state is drawn from the call (:meth:`show_fact`), never kept apart from it.
    """

    def __init__(self, rank: int, ranked: RankedOffer, talking_points: str, authority: Decimal | None = None,
                 compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ranked = ranked
        self.fact: OfferOnCall | None = None
        self.authority = authority
        self.setObjectName(f"offer_{ranked.offer.code}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        offer = ranked.offer
        title = QLabel(f"{rank}. {pick(offer.title_he, offer.title_en)}")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * (1.0 if compact else 1.15))
        title.setFont(font)
        title.setWordWrap(True)
        plain(title)  # an imported catalog's title, as it is
        points = QLabel(talking_points)
        points.setTextFormat(Qt.TextFormat.RichText)
        points.setWordWrap(True)
        if compact:  # (never show() a widget before it has a parent: it would open as a window)
            points.hide()
        if ranked.evidence:
            why = self.tr("Saves %1 of such calls (%n on record) · keeps %2 a year · costs %3 · worth %4", "",
                          ranked.evidence)
        else:  # a prior, not a measurement: say so
            why = self.tr("Saves about %1 of such calls (an estimate: none on record yet) · keeps %2 a year · "
                          "costs %3 · worth %4")
        self.why = QLabel(
            why.replace("%1", f"{ranked.p_save:.0%}").replace("%2", money(ranked.retained_revenue))
            .replace("%3", money(ranked.cost)).replace("%4", money(ranked.expected_value))
        )
        self.why.setObjectName("offerWhy")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("color: #555555;")
        self.status = QLabel()
        self.status.setObjectName("offerStatus")
        plain(self.status)  # the team lead's reason, as typed
        self.status.setWordWrap(True)
        self.present = QPushButton(self.tr("Present (P)"))
        self.accept = QPushButton(self.tr("Accepted (A)"))
        self.decline = QPushButton(self.tr("Declined (D)"))
        self.ask = QPushButton(self.tr("Ask team lead (T)"))
        buttons = QHBoxLayout()
        for button in (self.present, self.ask, self.accept, self.decline):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(points)
        layout.addWidget(self.why)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.state = "new"
        self.show_fact(None)

    @property
    def presentation_id(self) -> uuid.UUID | None:
        return self.fact.key if self.fact else None

    @property
    def request_id(self) -> uuid.UUID | None:
        return self.fact.request_key if self.fact else None

    def over_authority(self) -> Decimal | None:
        """By how much this offer is above the agent's authority (None: a kind they may not give)."""
        if self.authority is None:
            return None
        over = max(self.ranked.cost, self.ranked.offer.required_authority) - self.authority
        return over if over > 0 else None

    def show_fact(self, fact: OfferOnCall | None, now: datetime | None = None, sending: bool = False) -> None:
        """Redraw from what the call knows of this offer (``sending``: not stored yet)."""
        self.fact = fact
        self.set_state("sending" if sending else "new" if fact is None else fact.state, now=now)

    def set_state(self, state: str, detail: str = "", now: datetime | None = None) -> None:
        """new, sending, presented, pending, approved, refused, expired, accepted, declined."""
        needs_lead = not self.ranked.within_authority
        self.present.setVisible(state in ("new", "approved") and (not needs_lead or state == "approved"))
        self.ask.setVisible(state == "new" and needs_lead)
        self.accept.setVisible(state == "presented")
        self.decline.setVisible(state == "presented")
        self.state = state
        self.status.setText(self._status_text(state, now))
        self.status.setVisible(bool(self.status.text()))  # no empty line above the buttons

    def _status_text(self, state: str, now: datetime | None) -> str:
        fact = self.fact
        if state == "sending":
            return self.tr("Recording…")
        if state == "new":
            if self.ranked.within_authority:
                return ""
            over = self.over_authority()
            if over is None:
                return self.tr("This kind of offer needs your team lead: ask them")
            return self.tr("%1 above your authority: ask your team lead").replace("%1", money(over))
        if state == "pending":
            who = fact.lead_name if fact and fact.lead_name else ""
            if fact is None or fact.expires_at is None:
                return self.tr("Asking the team lead…")
            left = max(int((fact.expires_at - (now or datetime.now(UTC))).total_seconds()), 0)
            clock = ltr(f"{left // 60}:{left % 60:02d}")
            text = (self.tr("Waiting for %1 (team lead): %2 left") if who
                    else self.tr("Waiting for the team lead: %2 left"))
            return text.replace("%1", who).replace("%2", clock)
        name = fact.decided_by or fact.lead_name or "" if fact else ""
        reason = fact.decision_reason or "" if fact else ""
        texts = {
            "presented": self.tr("Presented: what did the customer say?"),
            "approved": self.tr("Approved by %1: %2"),
            "refused": self.tr("Declined by %1: %2"),
            "expired": self.tr("No answer in time: offer one within your authority instead"),
            "accepted": self.tr("Accepted by the customer"),
            "declined": self.tr("Declined by the customer"),
        }
        return texts[state].replace("%1", name).replace("%2", reason)

    def can(self, action: str) -> bool:
        """Is the button for ``action`` (present, ask, accept) offered in this state?"""
        button = getattr(self, action)
        return button.isVisibleTo(self)

    def set_chosen(self, chosen: bool) -> None:
        self.setProperty("chosen", chosen)
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ border: 2px solid #1d5fa8; }}" if chosen else "")


class OffersPanel(QWidget):
    """Ranked offers for the call's customer and reason; redrawn from the call.

    Signals:
        ranked(object): the full panel has a new ranking (:class:`CallOffers`, all kinds) for
            the call's customer and reason; an inline panel that follows it shows its kinds.
        presentations_changed(): an offer was presented or answered (stored).
        answered(str): the customer answered an offer on this panel (``accepted``/``declined``).
        lead_answered(str): the team lead answered a request (``approved``, ``refused``,
            ``expired``): the agent view flashes and beeps.
        show_all(): the agent asked for the full list (inline panel only).
        failed(str): a background step failed (the main window shows why).
    """

    ranked = Signal(object)
    presentations_changed = Signal()
    answered = Signal(str)
    lead_answered = Signal(str)
    show_all = Signal()
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, inline: bool = False) -> None:
        super().__init__(parent)
        self.runner = runner
        self.inline = inline
        self.desk: Desk | None = None
        self.profile: CustomerProfile | None = None
        # The call's ranking for its customer and reason, all kinds; the cards show
        # ``kinds`` of it.
        self.offers: CallOffers | None = None
        self.calls: CallSignals | None = None
        self.cards: list[OfferCard] = []
        self.chosen = 0
        self.reason: str | None = None
        self.kinds: list[str] | None = None
        self.summary = QLabel()
        self.summary.setObjectName("offersSummary")
        plain(self.summary)
        self.summary.setWordWrap(True)
        # Under the script it is one key away (Alt+L); the Offers tab's own button clears a
        # filter there and needs no letter of its own (the tab is Alt+O).
        self.all_button = QPushButton(self.tr("A&ll offers") if inline else self.tr("All offers"))
        self.all_button.setObjectName("allOffers")
        self.all_button.setToolTip(self.tr("Show every offer this customer can get, whatever the script step"))
        self.all_button.clicked.connect(self._all_clicked)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignTop)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        if inline:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll_approvals)
        self.countdown = QTimer(self)
        self.countdown.setInterval(COUNTDOWN_MS)
        self.countdown.timeout.connect(self._redraw)
        self._show_all_button()
        if not inline:  # the Offers tab takes the keyboard when it comes forward
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setEnabled(False)

    def bind_keys(self, scope: QWidget) -> None:
        """Keys for the chosen card, live while focus is inside ``scope`` (the script tab for
        the inline list, the panel itself on the Offers tab)."""
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (("P", self.present_chosen), ("A", lambda: self.answer_chosen(True)),
                             ("D", lambda: self.answer_chosen(False)), ("T", self.ask_chosen),
                             ("Ctrl+Down", lambda: self.choose(self.chosen + 1)),
                             ("Ctrl+Up", lambda: self.choose(self.chosen - 1))):
            QShortcut(QKeySequence(keys), scope, context=context).activated.connect(
                lambda a=action: a() if self.isVisible() and self.isEnabled() else None)

    # -- context ---------------------------------------------------------------------

    @property
    def user(self) -> DeskUser | None:
        return self.desk.user if self.desk is not None else None

    def set_desk(self, desk: Desk | None) -> None:
        """Where the offers come from, and who makes them (authority, team)."""
        self.desk = desk
        self.setEnabled(self.profile is not None and self.user is not None)

    def follow(self, full: OffersPanel) -> None:
        """Show the kinds this panel wants of ``full``'s ranking (the inline strip)."""
        full.ranked.connect(self._ranked)

    def attach(self, calls: CallSignals) -> None:
        """Follow the call on the desk: every card is drawn from it."""
        self.calls = calls
        calls.changed.connect(self._call_changed)

    @property
    def call(self) -> Call | None:
        return self.calls.call if self.calls else None

    @property
    def call_id(self) -> uuid.UUID | None:
        return self.call.id if self.call else None

    def show_customer(self, profile: CustomerProfile | None, *_ignored: object) -> None:
        """A new caller: none until a reason is chosen."""
        self.profile = profile
        self.poll.stop()
        self.reason, self.kinds, self.offers = None, None, None
        self._set_cards([])
        self._show_all_button()
        self.summary.setText(self.tr("Choose the reason to see the offers this customer can get."))
        self.setEnabled(profile is not None and self.user is not None)

    def set_reason(self, reason: str | None) -> None:
        """A new reason: the offers for it, all kinds (no step's filter survives a reason change)."""
        self.reason, self.kinds = reason, (self.kinds if self.inline else None)
        self.offers = None
        self._show_all_button()
        self.rank()

    def set_kinds(self, kinds: list[str] | None) -> None:
        """Offers of these kinds only (None: all): a filter of the ranking in hand."""
        self.kinds = kinds or None
        self._show_all_button()
        if self.offers is not None:
            self._show(self.offers)

    def _show_all_button(self) -> None:
        self.all_button.setVisible(self.inline or self.kinds is not None)

    def _all_clicked(self) -> None:
        if self.inline:
            self.show_all.emit()
        else:
            self.set_kinds(None)

    # -- ranking ---------------------------------------------------------------------

    def rank(self) -> None:
        """Rank the offers for the customer and reason (the full panel; the inline one
        waits for that ranking)."""
        if self.reason is None:
            self._set_cards([])
            return
        if self.inline or self.desk is None or self.profile is None or self.user is None:
            return
        reason, customer_id, desk = self.reason, self.profile.id, self.desk

        def done(offers: CallOffers | None) -> None:
            if offers is not None and self.profile is not None \
                    and (offers.customer_id, offers.reason) == (self.profile.id, self.reason):
                self.offers = offers
                self._show(offers)
                self.ranked.emit(offers)

        # Only the newest ranking counts (the runner drops older answers).
        self.runner.submit(lambda: desk.rank_offers(customer_id, reason), done,
                           lambda exc: self.failed.emit(describe(exc)), latest="offers")

    def _ranked(self, offers: CallOffers) -> None:
        if self.profile is not None and (offers.customer_id, offers.reason) == (self.profile.id, self.reason):
            self.offers = offers
            self._show(offers)

    def _show(self, offers: CallOffers) -> None:
        ranking = offers.only_kinds(self.kinds).ranking
        authority = self.user.offer_authority if self.user else None
        cards = [OfferCard(n, ranked, self._talking_points(ranked), authority, compact=self.inline)
                 for n, ranked in enumerate(ranking.offers, 1)]
        for card in cards:
            card.present.clicked.connect(lambda _c=False, c=card: self._present(c))
            card.ask.clicked.connect(lambda _c=False, c=card: self._ask_lead(c))
            card.accept.clicked.connect(lambda _c=False, c=card: self._answer(c, d.OfferResponse.ACCEPTED))
            card.decline.clicked.connect(lambda _c=False, c=card: self._answer(c, d.OfferResponse.DECLINED))
        self._set_cards(cards)
        self._redraw()
        best = ranking.best_within_authority
        if cards:
            self.summary.setText(
                self.tr("%n offers fit, best first. Best within your authority: %1.", "", len(cards))
                .replace("%1", pick(best.offer.title_he, best.offer.title_en) if best else self.tr("none")))
        elif self.kinds is not None:
            self.summary.setText(self.tr("No offer of the kinds this step suggests fits. See all offers."))
        else:
            self.summary.setText(self.tr("No offer fits this customer and reason. "
                                         "Honour the decision and help them leave."))
        self.choose(0)

    def _set_cards(self, cards: list[OfferCard]) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = cards
        for n, card in enumerate(cards):
            self.list_layout.insertWidget(n, card)
            card.show()  # now, not on the layout's queued show: the keys act on it at once

    def choose(self, index: int) -> None:
        """The card the keys act on."""
        if not self.cards:
            return
        self.chosen = max(0, min(index, len(self.cards) - 1))
        for n, card in enumerate(self.cards):
            card.set_chosen(n == self.chosen)
        self.scroll.ensureWidgetVisible(self.cards[self.chosen])

    def _talking_points(self, ranked: RankedOffer) -> str:
        """The offer's talking points with the customer's data filled in and highlighted,
        through the same variables as the call scripts."""
        text = pick(ranked.offer.talking_points_he, ranked.offer.talking_points_en)
        if self.profile is None or not text:
            return html.escape(text or "")
        facts = facts_from_profile(self.profile, None, date.today(), self.reason,
                                   self.user.display_name if self.user else "")
        segments, _missing = render(text, facts, current_language())
        return highlighted(segments)

    # -- the call --------------------------------------------------------------------

    def _call_changed(self, what: str) -> None:
        if what in ("offers", "call"):
            self._redraw()

    def _redraw(self) -> None:
        call, now = self.call, datetime.now(UTC)
        for card in self.cards:
            fact = call.offer(card.ranked.offer.id) if call else None
            card.show_fact(fact, now, sending=bool(fact and call and call.sending(fact.key)))
        waiting = bool(call and call.waiting_for_lead)
        if waiting and not self.countdown.isActive():
            self.countdown.start()
        elif not waiting:
            self.countdown.stop()
        if waiting and not self.inline and not self.poll.isActive():
            self.poll.start()

    # -- the agent's actions ---------------------------------------------------------

    def present_chosen(self) -> None:
        if self.cards and self.cards[self.chosen].can('present'):
            self._present(self.cards[self.chosen])

    def ask_chosen(self) -> None:
        if self.cards and self.cards[self.chosen].can('ask'):
            self._ask_lead(self.cards[self.chosen])

    def answer_chosen(self, accepted: bool) -> None:
        if self.cards and self.cards[self.chosen].can('accept'):
            self._answer(self.cards[self.chosen], d.OfferResponse.ACCEPTED if accepted else d.OfferResponse.DECLINED)

    def _present(self, card: OfferCard) -> None:
        call = self.call
        if call is None or self.calls is None:
            return
        self.calls.send(call.present(card.ranked), lambda _r: self.presentations_changed.emit())

    def _answer(self, card: OfferCard, response: d.OfferResponse) -> None:
        call, fact = self.call, card.fact
        if call is None or self.calls is None or fact is None:
            return
        self.calls.send(call.respond(fact.key, response), lambda _r: self.presentations_changed.emit())
        self.answered.emit(response.value)

    def _ask_lead(self, card: OfferCard) -> None:
        call = self.call
        if call is None or self.calls is None:
            return
        write = call.ask_lead(card.ranked)
        key = call.offer(card.ranked.offer.id).key  # type: ignore[union-attr]

        def stored(asked: ApprovalAsked) -> None:
            if self.call is call:
                call.lead_asked(key, asked)
            self.presentations_changed.emit()

        self.calls.send(write, stored)

    # -- the team lead's answer --------------------------------------------------------

    def _poll_approvals(self) -> None:
        call = self.call
        waiting = [o.request_key for o in call.waiting_for_lead if o.request_key] if call else []
        if not waiting or self.desk is None:
            self.poll.stop()
            return
        desk = self.desk

        # A poll: one at a time; a server that is down shows in the status bar, not here.
        # (A request not stored yet, still queued, is not in the answer: asked again next time.)
        self.runner.submit(lambda: desk.approval_states(waiting), lambda states: self._show_answers(call, states),
                           lambda exc: None if is_connection_failure(exc) else self.failed.emit(describe(exc)),
                           lane=Lane.POLL, key="offer-approvals")

    def _show_answers(self, call: Call | None, states: dict[uuid.UUID, ApprovalState]) -> None:
        if call is None or call is not self.call:
            return
        for request_key, state in states.items():
            if state.status != d.ApprovalStatus.PENDING and call.lead_answered(request_key, state):
                word = {d.ApprovalStatus.APPROVED: "approved", d.ApprovalStatus.DECLINED: "refused"}.get(
                    state.status, "expired")
                if word != "approved":
                    self._point_at_fallback()
                self.lead_answered.emit(word)
                self.presentations_changed.emit()

    def _point_at_fallback(self) -> None:
        fallback = next((c for c in self.cards if c.ranked.within_authority and c.state == "new"), None)
        if fallback is not None:
            fallback.setStyleSheet(f"QFrame#{fallback.objectName()} {{ border: 2px solid #2e7d32; }}")
            fallback.present.setFocus()
