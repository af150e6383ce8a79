"""The offers panel: ranked save offers for the caller, with why, and the team-lead approval.

Ranking, recording and approval all run on the task runner. A presentation is recorded
against the call (its row is made the first time one is needed). An offer above the agent's
authority is asked of the team lead in one click; the panel polls for the answer every few
seconds (off the GUI thread) and, if nobody answers in time, points at the best offer
within the agent's own authority.
"""

from __future__ import annotations

import html
import uuid
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.calls import DeskUser, ensure_call
from agent_desk.data.queries import CustomerProfile
from agent_desk.ids import new_id
from agent_desk.offers import approvals
from agent_desk.offers.ranking import RankedOffer
from agent_desk.offers.service import CallOffers, rank_for_call, record_presentation, respond
from agent_desk.scripts.facts import facts_from_profile
from agent_desk.scripts.variables import render
from agent_desk.ui.i18n import current_language, highlighted, money, pick
from agent_desk.ui.tasks import Lane, TaskRunner, describe, is_connection_failure

POLL_MS = 3000


class OfferCard(QFrame):
    """One ranked offer: what it gives, the numbers behind it, and the buttons."""

    def __init__(self, rank: int, ranked: RankedOffer, talking_points: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ranked = ranked
        self.presentation_id: uuid.UUID | None = None
        self.request_id: uuid.UUID | None = None
        self.setObjectName(f"offer_{ranked.offer.code}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        offer = ranked.offer
        title = QLabel(f"{rank}. {pick(offer.title_he, offer.title_en)}")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setWordWrap(True)
        points = QLabel(talking_points)
        points.setTextFormat(Qt.TextFormat.RichText)
        points.setWordWrap(True)
        self.why = QLabel(
            self.tr("Saves %1 of such calls (%2 on record) · keeps %3 a year · costs %4 · worth %5")
            .replace("%1", f"{ranked.p_save:.0%}").replace("%2", str(ranked.evidence))
            .replace("%3", money(ranked.retained_revenue)).replace("%4", money(ranked.cost))
            .replace("%5", money(ranked.expected_value))
        )
        self.why.setObjectName("offerWhy")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("color: #555555;")
        self.status = QLabel()
        self.status.setObjectName("offerStatus")
        self.status.setWordWrap(True)
        self.present = QPushButton(self.tr("Present"))
        self.accept = QPushButton(self.tr("Accepted"))
        self.decline = QPushButton(self.tr("Declined"))
        self.ask = QPushButton(self.tr("Ask team lead"))
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
        self.set_state("new")

    def set_state(self, state: str, detail: str = "") -> None:
        """new, presented, pending, approved, refused, expired, accepted, declined."""
        needs_lead = not self.ranked.within_authority
        self.present.setVisible(state in ("new", "approved") and (not needs_lead or state == "approved"))
        self.ask.setVisible(state == "new" and needs_lead)
        self.accept.setVisible(state == "presented")
        self.decline.setVisible(state == "presented")
        texts = {
            "new": self.tr("Above your authority: ask your team lead") if needs_lead else "",
            "presented": self.tr("Presented: what did the customer say?"),
            "pending": self.tr("Waiting for the team lead…"),
            "approved": self.tr("Approved by %1: %2"),
            "refused": self.tr("Declined by %1: %2"),
            "expired": self.tr("No answer in time: offer one within your authority instead"),
            "accepted": self.tr("Accepted by the customer"),
            "declined": self.tr("Declined by the customer"),
        }
        name, _, reason = detail.partition("\n")
        self.status.setText(texts[state].replace("%1", name).replace("%2", reason))
        self.state = state


class OffersPanel(QWidget):
    """Signals:
    presentations_changed(): an offer was presented or answered (the wrap-up listens).
    failed(str): a background step failed (the main window shows why).
    """

    presentations_changed = Signal()
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._factory: sessionmaker[Session] | None = None
        self.user: DeskUser | None = None
        self.profile: CustomerProfile | None = None
        self.call_id: uuid.UUID | None = None
        self.call_started: datetime | None = None
        self.cards: list[OfferCard] = []
        self.reason: str | None = None
        self.kinds: list[str] | None = None
        self.summary = QLabel()
        self.summary.setObjectName("offersSummary")
        self.summary.setWordWrap(True)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll_approvals)
        self.setEnabled(False)

    # -- context ---------------------------------------------------------------------

    def set_context(self, factory: sessionmaker[Session], user: DeskUser | None) -> None:
        self._factory, self.user = factory, user
        self.setEnabled(self.profile is not None and user is not None)

    def show_customer(self, profile: CustomerProfile | None, call_id: uuid.UUID | None = None,
                      started: datetime | None = None) -> None:
        """A new caller: offers are recorded on this call; none until a reason is chosen."""
        self.profile = profile
        self.call_id = call_id or new_id()
        self.call_started = started or datetime.now(UTC)
        self.poll.stop()
        self.reason, self.kinds = None, None
        self._set_cards([])
        self.summary.setText(self.tr("Choose the reason to see the offers this customer can get."))
        self.setEnabled(profile is not None and self.user is not None)

    def set_reason(self, reason: str | None) -> None:
        self.reason = reason
        self.rank()

    def set_kinds(self, kinds: list[str] | None) -> None:
        """The script asks for offers of these kinds only (None: all)."""
        self.kinds = kinds or None
        self.rank()

    # -- ranking ---------------------------------------------------------------------

    def rank(self) -> None:
        if self._factory is None or self.profile is None or self.user is None:
            return
        reason, kinds = self.reason, self.kinds
        if reason is None:
            self._set_cards([])
            return
        factory, customer_id, agent_id = self._factory, self.profile.id, self.user.id

        def load() -> CallOffers | None:
            with factory() as session:
                return rank_for_call(session, customer_id, reason, agent_id, kinds=kinds)

        def done(offers: CallOffers | None) -> None:
            if offers is not None:
                self._show(offers)

        # Only the newest ranking counts (the runner drops older answers).
        self.runner.submit(load, done, lambda exc: self.failed.emit(describe(exc)), latest="offers")

    def _show(self, offers: CallOffers) -> None:
        ranking = offers.ranking
        cards = [OfferCard(n, ranked, self._talking_points(ranked)) for n, ranked in enumerate(ranking.offers, 1)]
        for card in cards:
            card.present.clicked.connect(lambda _c=False, c=card: self._record(c, d.OfferResponse.OFFERED))
            card.ask.clicked.connect(lambda _c=False, c=card: self._ask_lead(c))
            card.accept.clicked.connect(lambda _c=False, c=card: self._answer(c, d.OfferResponse.ACCEPTED))
            card.decline.clicked.connect(lambda _c=False, c=card: self._answer(c, d.OfferResponse.DECLINED))
        self._set_cards(cards)
        best = ranking.best_within_authority
        self.summary.setText(
            self.tr("%1 offers fit, best first. Best within your authority: %2.")
            .replace("%1", str(len(cards)))
            .replace("%2", pick(best.offer.title_he, best.offer.title_en) if best else self.tr("none"))
            if cards else self.tr("No offer fits this customer and reason. Honour the decision and help them leave.")
        )

    def _set_cards(self, cards: list[OfferCard]) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = cards
        for n, card in enumerate(cards):
            self.list_layout.insertWidget(n, card)

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

    # -- recording -------------------------------------------------------------------

    def _call_args(self) -> tuple[sessionmaker[Session], uuid.UUID, uuid.UUID, uuid.UUID, datetime, str | None]:
        assert self._factory and self.profile and self.user and self.call_id and self.call_started
        return self._factory, self.call_id, self.user.id, self.profile.id, self.call_started, self.reason

    def _record(self, card: OfferCard, response: d.OfferResponse) -> None:
        factory, call_id, agent_id, customer_id, started, reason = self._call_args()
        existing = card.presentation_id

        def write() -> uuid.UUID:
            with factory() as session, session.begin():
                ensure_call(session, call_id, agent_id, customer_id, None, started, reason)
                if existing is not None:
                    return respond(session, existing, response).id
                return record_presentation(session, call_id, customer_id, card.ranked, response).id

        def done(presentation_id: uuid.UUID) -> None:
            card.presentation_id = presentation_id
            card.set_state("presented")
            self.presentations_changed.emit()

        self.runner.submit(write, done, lambda exc: self.failed.emit(describe(exc)))

    def _answer(self, card: OfferCard, response: d.OfferResponse) -> None:
        factory, presentation_id = self._factory, card.presentation_id
        if factory is None or presentation_id is None:
            return

        def write() -> None:
            with factory() as session, session.begin():
                respond(session, presentation_id, response)

        def done(_result: None) -> None:
            card.set_state("accepted" if response == d.OfferResponse.ACCEPTED else "declined")
            self.presentations_changed.emit()

        self.runner.submit(write, done, lambda exc: self.failed.emit(describe(exc)))

    def _ask_lead(self, card: OfferCard) -> None:
        factory, call_id, agent_id, customer_id, started, reason = self._call_args()

        def write() -> tuple[uuid.UUID, uuid.UUID]:
            with factory() as session, session.begin():
                ensure_call(session, call_id, agent_id, customer_id, None, started, reason)
                presentation = record_presentation(session, call_id, customer_id, card.ranked,
                                                   d.OfferResponse.PENDING_APPROVAL)
                request = approvals.request_approval(session, call_id, card.ranked.offer.id, agent_id,
                                                     presentation_id=presentation.id)
                return presentation.id, request.id

        def done(ids: tuple[uuid.UUID, uuid.UUID]) -> None:
            card.presentation_id, card.request_id = ids
            card.set_state("pending")
            self.poll.start()
            self.presentations_changed.emit()

        self.runner.submit(write, done, lambda exc: self.failed.emit(describe(exc)))

    def _poll_approvals(self) -> None:
        waiting = [c for c in self.cards if c.state == "pending" and c.request_id is not None]
        if not waiting or self._factory is None:
            self.poll.stop()
            return
        factory = self._factory
        request_ids = [c.request_id for c in waiting]

        def check() -> dict[uuid.UUID, approvals.ApprovalState]:
            with factory() as session, session.begin():
                approvals.expire_overdue(session)
                return {rid: approvals.approval_state(session, rid) for rid in request_ids if rid}

        # A poll: one at a time; a server that is down shows in the status bar, not here.
        self.runner.submit(check, self._show_answers,
                           lambda exc: None if is_connection_failure(exc) else self.failed.emit(describe(exc)),
                           lane=Lane.POLL, key="offer-approvals")

    def _show_answers(self, states: dict[uuid.UUID, approvals.ApprovalState]) -> None:
        for card in self.cards:
            state = states.get(card.request_id) if card.request_id else None
            if state is None or card.state != "pending":
                continue
            detail = f"{state.decided_by or ''}\n{state.reason or ''}"
            if state.status == d.ApprovalStatus.APPROVED:
                card.set_state("approved", detail)
            elif state.status == d.ApprovalStatus.DECLINED:
                card.set_state("refused", detail)
                self._point_at_fallback()
            elif state.status == d.ApprovalStatus.EXPIRED:
                card.set_state("expired")
                self._point_at_fallback()
        self.presentations_changed.emit()

    def _point_at_fallback(self) -> None:
        fallback = next((c for c in self.cards if c.ranked.within_authority and c.state == "new"), None)
        if fallback is not None:
            fallback.setStyleSheet(f"QFrame#{fallback.objectName()} {{ border: 2px solid #2e7d32; }}")
            fallback.present.setFocus()

