"""The caller 360: a header with who the customer is and how likely they are to leave, and
tabs with their whole history. It shows data it is given; it never loads anything itself.

The profile (header, products) and the history (everything else, and the churn risk) arrive
separately, so the header is on screen while the history is still on its way.

The national ID is masked. "Reveal" asks why (:class:`RevealReasonDialog`) and says so with
``revealRequested``; whoever owns the desk asks the database (which audits it) and hands the
number back to :meth:`Caller360View.show_national_id`. It shows for this call only: the next
caller, or an empty screen, masks it again.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPainterPath, QPen, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk.churn import ChurnRisk, Contribution
from agent_desk.data.queries import CustomerHistory, CustomerProfile, SurveyPoint
from agent_desk.domain import InteractionKind, SurveyKind
from agent_desk.phones import display as display_phone
from agent_desk.security.sensitive import mask_national_id
from agent_desk.ui.i18n import ISRAEL, ltr, money, pick
from agent_desk.ui.labels import label
from agent_desk.ui.plain_text import plain
from agent_desk.ui.table_models import (
    AttributeModel,
    BillingModel,
    RetentionModel,
    RiskLine,
    RiskModel,
    SubscriptionModel,
    SurveyModel,
    TimelineFilter,
    TimelineModel,
    make_table_view,
)

RISK_HIGH = 0.6
RISK_MEDIUM = 0.3
# A reason is a sentence for the audit trail, not an essay.
MAX_REVEAL_REASON = 200


def _badge(text: str, colour: str) -> QLabel:
    badge = QLabel(text)
    badge.setStyleSheet(f"QLabel {{ background: {colour}; color: white; border-radius: 4px; padding: 2px 8px; }}")
    return badge


class CallerHeader(QFrame):
    """Name, language, age, tenure, tier, revenue, lifetime value, consents, the open
    cancellation, and the churn risk with its top reasons."""

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
        self.latin_name = QLabel()
        self.account = QLabel()
        self.cancellation = _badge(self.tr("Cancellation requested"), "#b3261e")
        self.cancellation.setObjectName("cancellationBadge")
        self.risk = QLabel()
        self.risk.setObjectName("riskBadge")
        self.reasons = QLabel()
        self.reasons.setObjectName("riskReasons")
        self.reasons.setWordWrap(True)
        plain(self.name, self.latin_name, self.account, self.reasons)  # what the customer's file says, as it says it
        self.facts: dict[str, QLabel] = {}
        titles = {
            "language": self.tr("Language"),
            "age": self.tr("Age"),
            "tenure": self.tr("Customer for"),
            "tier": self.tr("Value tier"),
            "revenue": self.tr("Monthly revenue"),
            "lifetime": self.tr("Lifetime value"),
            "phones": self.tr("Phones"),
            "city": self.tr("City"),
            "national_id": self.tr("ID number"),
            "consent": self.tr("Consent"),
            "contacts": self.tr("Contacts"),
            "family": self.tr("Family, work"),
        }
        # Alt+A in English, Alt+פ in Hebrew: letters no other control of the agent view claims.
        self.reveal = QPushButton(self.tr("Reve&al"))
        self.reveal.setObjectName("revealNationalId")
        self.reveal_tip = self.tr("Show the full ID number for this call (asks why; the reveal is recorded)")
        self.reveal.setToolTip(self.reveal_tip)
        self.reveal.setEnabled(False)
        self.reveal.hide()  # nobody on screen yet
        grid = QGridLayout()
        # Qt aligns a label by its text's own direction: a number or a Hebrew city in the
        # English UI would jump to the far side. Pin values to the layout's side.
        side = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        for position, (key, title) in enumerate(titles.items()):
            caption = QLabel(title)
            caption.setStyleSheet("color: palette(mid);")
            value = QLabel()
            value.setObjectName(f"fact_{key}")
            plain(value)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
            self.facts[key] = value
            row, col = divmod(position, 4)
            grid.addWidget(caption, row * 2, col)
            if key == "national_id":
                cell = QHBoxLayout()
                cell.setContentsMargins(0, 0, 0, 0)
                cell.addWidget(value)
                cell.addWidget(self.reveal)
                cell.addStretch(1)
                grid.addLayout(cell, row * 2 + 1, col)
            else:
                grid.addWidget(value, row * 2 + 1, col)
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.latin_name)
        top.addWidget(self.cancellation)
        top.addStretch(1)
        top.addWidget(self.risk)
        top.addWidget(self.account)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reasons)
        layout.addLayout(grid)

    def clear(self) -> None:
        """Nobody on screen: no name, no facts (a failed pop must not leave the last caller)."""
        for text in (self.name, self.latin_name, self.account, self.risk, self.reasons, *self.facts.values()):
            text.clear()
        self.cancellation.hide()
        self.mask_national_id("")

    def show_profile(self, profile: CustomerProfile, today: date) -> None:
        self.name.setText(f"{profile.first_name} {profile.last_name}")
        latin = " ".join(filter(None, (profile.first_name_latin, profile.last_name_latin)))
        self.latin_name.setText(f"({latin})" if latin and latin != self.name.text() else "")
        self.account.setText(self.tr("Account %1").replace("%1", profile.account_number))
        self.cancellation.setVisible(profile.has_open_cancellation)
        age = profile.age_on(today)
        consents = [
            text for flag, text in (
                (profile.consent_marketing, self.tr("marketing")),
                (profile.consent_sms, self.tr("SMS")),
                (profile.consent_email, self.tr("email")),
                (profile.consent_calls, self.tr("calls")),
            ) if flag
        ]
        values = {
            "language": label(profile.preferred_language),
            "age": "" if age is None else str(age),
            "tenure": self.tenure_text(profile.tenure_years_on(today)),
            "tier": label(profile.value_tier),
            "revenue": money(profile.monthly_revenue),
            "lifetime": money(profile.lifetime_value(today)),
            "phones": ", ".join(ltr(display_phone(p)) for p in profile.phones),
            "city": profile.city or "",
            "national_id": "",
            "consent": ", ".join(consents) if consents else self.tr("none"),
            "contacts": "…",
            "family": ", ".join(filter(None, (
                label(profile.family_status, profile.gender) if profile.family_status != "unknown" else "",
                profile.occupation))),
        }
        for key, value in values.items():
            self.facts[key].setText(value)
        self.mask_national_id(mask_national_id(profile.national_id), can_reveal=True)
        self.risk.setText(self.tr("Churn risk …"))
        self.risk.setStyleSheet("")
        self.reasons.setText(self.tr("Loading the history…"))

    def mask_national_id(self, masked: str, can_reveal: bool = False) -> None:
        """The ID as everyone sees it: masked, with Reveal when there is a customer."""
        fact = self.facts["national_id"]
        fact.setText(ltr(masked) if masked else "")
        fact.setStyleSheet("")
        fact.setToolTip("")
        self.reveal.setText(self.tr("Reve&al"))
        self.reveal.setToolTip(self.reveal_tip)
        self.reveal.setEnabled(can_reveal)
        self.reveal.setVisible(can_reveal)

    def show_national_id(self, value: str) -> None:
        """The full ID, revealed for this call: marked as such, Reveal no longer offered."""
        fact = self.facts["national_id"]
        fact.setText(ltr(value) if value else self.tr("none on file"))
        fact.setStyleSheet("QLabel { background: #fff3b0; font-weight: bold; }")
        fact.setToolTip(self.tr("Revealed for this call; the reveal is recorded"))
        self.reveal.setEnabled(False)
        self.reveal.setText(self.tr("Revealed"))

    def tenure_text(self, years: float) -> str:
        """Whole years ("4 years"), or months in the first year ("7 months")."""
        if years < 1:
            return self.tr("%n months", "", max(int(years * 12), 0))
        return self.tr("%n years", "", int(years))

    def show_history(self, history: CustomerHistory) -> None:
        self.facts["contacts"].setText(
            self.tr("%1 in total, %2 open").replace("%1", f"{history.interactions_total:,}")
            .replace("%2", str(len(history.open_cases)))
        )
        risk = history.risk
        colour = "#b3261e" if risk.probability >= RISK_HIGH else "#b26a00" if risk.probability >= RISK_MEDIUM \
            else "#2e7d32"
        self.risk.setText(self.tr("Churn risk %1%").replace("%1", str(risk.percent)))
        self.risk.setStyleSheet(
            f"QLabel {{ background: {colour}; color: white; border-radius: 4px; padding: 2px 8px; font-weight: bold; }}"
        )
        reasons = [self.reason_text(c, risk, history.risk_labels) for c in risk.reasons()]
        self.reasons.setText(" · ".join(reasons) if reasons else self.tr("No warning signs"))

    def reason_text(self, contribution: Contribution, risk: ChurnRisk,
                    labels: dict[str, tuple[str, str]] | None = None) -> str:
        """A reason as the agent would say it: "contract ends in 12 days"."""
        value = contribution.value
        facts = risk.facts
        if contribution.factor == "commitment_ends_30d":
            days = facts.days_to_commitment_end or 0
            if days >= 0:
                return self.tr("contract ends in %n days", "", days)
            return self.tr("contract ended %n days ago", "", -days)
        if contribution.factor == "tenure_years":
            return self.tr("customer for %n years", "", int(value))
        if contribution.factor == "months_committed":
            return self.tr("%n months of commitment left", "", round(value))
        if contribution.factor == "monthly_price":
            return self.tr("monthly bill %1").replace("%1", money(Decimal(str(value))))
        texts = {
            "complaints_60d": self.tr("complaints in 60 days: %1"),
            "contacts_30d": self.tr("contacts in 30 days: %1"),
            "price_rise_pct": self.tr("price rose %1% lately"),
            "late_payments_12m": self.tr("late payments this year: %1"),
            "low_satisfaction": self.tr("unhappy in the last survey"),
            "offers_accepted_12m": self.tr("save offers taken this year: %1"),
            "products": self.tr("live products: %1"),
        }
        text = texts.get(contribution.factor)
        if text is None:  # a learned model's custom attribute ("סוג חוזה: חודשי"): its label says it
            he, en = (labels or {}).get(contribution.factor, (contribution.factor, contribution.factor))
            return pick(he, en)
        return text.replace("%1", f"{value:g}")


class SatisfactionTrend(QWidget):
    """CSAT (1-5) and NPS (0-10) answers over time, on one 0-10 scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(90)
        self._points: tuple[SurveyPoint, ...] = ()
        self.setToolTip(self.tr("Satisfaction over time: NPS 0-10, CSAT 1-5 shown on the same scale"))

    def set_points(self, points: tuple[SurveyPoint, ...]) -> None:
        self._points = points
        self.update()

    def paintEvent(self, event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(12, 8, -12, -8)
        painter.setPen(QPen(QColor("#cccccc"), 1))
        for level in (0, 5, 10):
            y = rect.bottom() - rect.height() * level / 10
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if not self._points:
            painter.setPen(QColor("#888888"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("No surveys yet"))
            return
        first = self._points[0].responded_at.timestamp()
        span = max(self._points[-1].responded_at.timestamp() - first, 1.0)
        path = QPainterPath()
        for n, point in enumerate(self._points):
            scaled = point.score if point.kind == SurveyKind.NPS else (point.score - 1) * 2.5
            x = rect.left() + rect.width() * (point.responded_at.timestamp() - first) / span
            if self.isRightToLeft():
                x = rect.right() - (x - rect.left())  # time runs right to left in Hebrew
            y = rect.bottom() - rect.height() * scaled / 10
            path.moveTo(x, y) if n == 0 else path.lineTo(x, y)
            painter.setBrush(QColor("#1d5fa8"))
            painter.drawEllipse(QPointF(x, y), 3, 3)
        painter.setPen(QPen(QColor("#1d5fa8"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)


class RevealReasonDialog(QDialog):
    """Why the agent needs the full ID: a preset reason or their own words (required).

    Opened with ``open()`` (window-modal, never ``exec()``): the call goes on under it.

    Signals:
        reason_given(str): OK with a reason; the dialog then closes.
    """

    reason_given = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revealReasonDialog")
        self.setWindowTitle(self.tr("Reveal the ID number"))
        intro = QLabel(self.tr("The full ID number is shown for this call only. Revealing it is recorded "
                               "with your name and the reason."))
        intro.setWordWrap(True)
        self.preset = QComboBox()
        self.preset.setObjectName("revealPreset")
        self.preset.addItem(self.tr("Choose a reason…"), "")
        for text in (self.tr("Verifying the caller's identity"),
                     self.tr("The cancellation needs the ID number"),
                     self.tr("Billing or payment check"),
                     self.tr("The customer asked what ID we hold")):
            self.preset.addItem(text, text)
        self.preset.addItem(self.tr("Other (write it below)"), "other")
        self.details = QLineEdit()
        self.details.setObjectName("revealDetails")
        self.details.setMaxLength(MAX_REVEAL_REASON)
        self.details.setPlaceholderText(self.tr("Details (required for Other)"))
        preset_label = QLabel(self.tr("&Reason:"))
        preset_label.setBuddy(self.preset)
        details_label = QLabel(self.tr("&Details:"))
        details_label.setBuddy(self.details)
        form = QFormLayout()
        form.addRow(preset_label, self.preset)
        form.addRow(details_label, self.details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Show the ID"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.preset.currentIndexChanged.connect(self._update)
        self.details.textChanged.connect(self._update)
        self._update()
        self.preset.setFocus()

    def reason(self) -> str:
        """The reason as it goes to the audit trail ("" when none is given yet)."""
        choice = self.preset.currentData() or ""
        details = " ".join(self.details.text().split())
        if choice == "other" or not choice:
            return details
        return f"{choice}: {details}" if details else choice

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    def accept(self) -> None:
        reason = self.reason()
        if not reason:
            return
        self.reason_given.emit(reason)
        super().accept()


class Caller360View(QWidget):
    """Header and tabs: timeline, products, billing, satisfaction, retention, open cases,
    notes, risk.

    Signals:
        revealRequested(object, str): the customer's id and the agent's reason; answer with
            :meth:`show_national_id` (the desk asks the database, which audits it).
    """

    revealRequested = Signal(object, str)  # noqa: N815 - a Qt signal name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id: object | None = None
        self.reveal_dialog: RevealReasonDialog | None = None
        self._reveal_pending_for: object | None = None
        self.header = CallerHeader()
        self.header.reveal.clicked.connect(self.ask_reveal)
        self.timeline_model = TimelineModel(self)
        self.timeline_filter = TimelineFilter()
        self.timeline = make_table_view(self.timeline_model, proxy=self.timeline_filter)
        self.timeline.setObjectName("timeline")
        self.timeline.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kindFilter")
        self.kind_filter.addItem(self.tr("All kinds"), "")
        for kind in InteractionKind:
            self.kind_filter.addItem(label(kind), kind.value)
        self.kind_filter.currentIndexChanged.connect(
            lambda _i: self.timeline_filter.set_kind(self.kind_filter.currentData()))
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("timelineSearch")
        self.text_filter.setPlaceholderText(self.tr("Search the history (Ctrl+F)"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self.timeline_filter.set_text)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        timeline_page = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.text_filter, 1)
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.setContentsMargins(0, 4, 0, 0)
        timeline_layout.addLayout(bar)
        timeline_layout.addWidget(self.timeline, 1)

        self.subscription_model = SubscriptionModel(self)
        self.products = make_table_view(self.subscription_model)
        self.products.setObjectName("products")
        self.billing_model = BillingModel(self)
        self.billing = make_table_view(self.billing_model)
        self.billing.setObjectName("billing")
        self.billing.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.survey_model = SurveyModel(self)
        self.trend = SatisfactionTrend()
        self.surveys = make_table_view(self.survey_model)
        self.surveys.setObjectName("surveys")
        self.surveys.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        satisfaction_page = QWidget()
        satisfaction_layout = QVBoxLayout(satisfaction_page)
        satisfaction_layout.addWidget(self.trend)
        satisfaction_layout.addWidget(self.surveys, 1)
        self.retention_model = RetentionModel(self)
        self.retention = make_table_view(self.retention_model)
        self.retention.setObjectName("retention")
        self.retention.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.open_cases_model = TimelineModel(self)
        self.open_cases = make_table_view(self.open_cases_model)
        self.open_cases.setObjectName("openCases")
        self.notes_model = TimelineModel(self)
        self.notes = make_table_view(self.notes_model)
        self.notes.setObjectName("pinnedNotes")
        self.risk_model = RiskModel(self)
        self.risk_table = make_table_view(self.risk_model, sortable=False)
        self.risk_table.setObjectName("riskFactors")
        self.details_model = AttributeModel(self)
        self.details = make_table_view(self.details_model)
        self.details.setObjectName("moreDetails")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("historyTabs")
        # Alt+1 … Alt+9 open the tabs in any language; letters would clash with the call's
        # tools beside them (Hebrew has few distinct first letters). Timeline keeps its Alt+T.
        self.tab_titles = {
            "timeline": self.tr("&Timeline"),
            "products": self.tr("Products"),
            "billing": self.tr("Billing"),
            "satisfaction": self.tr("Satisfaction"),
            "retention": self.tr("Earlier saves"),
            "open": self.tr("Open cases"),
            "notes": self.tr("Pinned notes"),
            "risk": self.tr("Risk"),
            "details": self.tr("More details"),
        }
        pages = {
            "timeline": timeline_page, "products": self.products, "billing": self.billing,
            "satisfaction": satisfaction_page, "retention": self.retention, "open": self.open_cases,
            "notes": self.notes, "risk": self.risk_table, "details": self.details,
        }
        for key, page in pages.items():
            self.tabs.addTab(page, self.tab_titles[key])
        self._tab_index = {key: n for n, key in enumerate(pages)}
        for n in range(len(pages)):
            keys = QKeySequence(f"Alt+{n + 1}")
            QShortcut(keys, self, activated=lambda n=n: self.tabs.setCurrentIndex(n))
            self.tabs.setTabToolTip(n, keys.toString(QKeySequence.SequenceFormat.NativeText))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(self._tab_index["timeline"])
        self.text_filter.setFocus()
        self.text_filter.selectAll()

    def show_profile(self, profile: CustomerProfile, today: date | None = None) -> None:
        """A new customer: the header and products now, the history cleared until it comes."""
        self._forget_reveal()
        self.customer_id = profile.id
        self.header.show_profile(profile, today or datetime.now(ISRAEL).date())  # Israel's calendar day
        self.subscription_model.set_rows(profile.subscriptions)
        for model in (self.timeline_model, self.billing_model, self.survey_model, self.retention_model,
                      self.open_cases_model, self.notes_model, self.risk_model, self.details_model):
            model.set_rows(())
        self.trend.set_points(())
        self.text_filter.clear()
        self.kind_filter.setCurrentIndex(0)
        self._set_counts(None)

    def clear(self) -> None:
        """Nobody on screen: the header and every tab empty."""
        self._forget_reveal()
        self.customer_id = None
        self.header.clear()
        self.subscription_model.set_rows(())
        for model in (self.timeline_model, self.billing_model, self.survey_model, self.retention_model,
                      self.open_cases_model, self.notes_model, self.risk_model, self.details_model):
            model.set_rows(())
        self.trend.set_points(())
        self._set_counts(None)

    def show_history(self, history: CustomerHistory) -> None:
        self.header.show_history(history)
        self.timeline_model.set_rows(history.timeline)
        self.billing_model.set_rows(history.billing)
        self.survey_model.set_rows(history.surveys)
        self.trend.set_points(history.surveys)
        self.retention_model.set_rows(history.retention)
        self.open_cases_model.set_rows(history.open_cases)
        self.notes_model.set_rows(history.pinned)
        self.risk_model.set_rows([RiskLine.of(c, history.risk_labels) for c in history.risk.contributions])
        self.details_model.set_rows(history.attributes)
        self._set_counts(history)

    # -- the national ID ----------------------------------------------------------------

    def ask_reveal(self) -> None:
        """Ask why (window-modal, never exec()); a reason emits ``revealRequested``."""
        if self.customer_id is None:
            return
        customer_id = self.customer_id
        dialog = RevealReasonDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reason_given.connect(lambda reason: self._reveal_reason(customer_id, reason))
        dialog.finished.connect(lambda _code: setattr(self, "reveal_dialog", None))
        self.reveal_dialog = dialog
        dialog.open()

    def _reveal_reason(self, customer_id: object, reason: str) -> None:
        if customer_id != self.customer_id:
            return  # another caller came on screen while the dialog was open
        self._reveal_pending_for = customer_id
        self.header.reveal.setEnabled(False)
        self.revealRequested.emit(customer_id, reason)

    def show_national_id(self, value: str) -> None:
        """The revealed ID of the customer on screen, for this call only.

        An answer that comes after the caller changed (or with no reveal asked) is dropped.
        """
        if self._reveal_pending_for is None or self._reveal_pending_for != self.customer_id:
            return
        self._reveal_pending_for = None
        self.header.show_national_id(value)

    def reveal_refused(self, message: str = "") -> None:
        """The reveal did not work (refused, offline): Reveal is offered again."""
        self._reveal_pending_for = None
        if self.customer_id is not None:
            self.header.reveal.setEnabled(True)
            self.header.reveal.setToolTip(message or self.header.reveal.toolTip())

    def _forget_reveal(self) -> None:
        self._reveal_pending_for = None
        if self.reveal_dialog is not None:
            self.reveal_dialog.reject()
            self.reveal_dialog = None

    def _set_counts(self, history: CustomerHistory | None) -> None:
        counts = {} if history is None else {
            "timeline": history.interactions_total, "billing": len(history.billing),
            "satisfaction": len(history.surveys), "retention": len(history.retention),
            "open": len(history.open_cases), "notes": len(history.pinned),
            "details": len(history.attributes),
        }
        for key, index in self._tab_index.items():
            title = self.tab_titles[key]
            self.tabs.setTabText(index, f"{title} ({counts[key]})" if key in counts else title)
