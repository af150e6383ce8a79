"""People's text is shown as typed, never as markup (issue 11, item 7).

Qt draws a label's, a tooltip's or a chart legend's text as HTML when it looks like HTML
(``Qt::mightBeRichText``): a customer named ``<b>bold</b><img src="x">`` came out bold with a
broken image. Here that text is in a customer's name, a pinned note, an agent's name, an
incident's title and talking points, the wrap-up's notes and competitor, and a QA comment;
the real window (the demo file) shows each screen that carries it, and each shows the
characters themselves: a label is plain text, rich text we build has them escaped, a
tooltip is given escaped. Then every label of both windows is checked the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk import outage
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.phones import display as display_phone
from agent_desk.ui.qa_review import QaReviewDialog

WAIT_MS = 30_000
HOSTILE = '<b>bold</b><img src="x">'
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def rendered(text: str | None, rich: bool | None = None) -> str:
    """What Qt puts on screen for ``text``: itself when Qt takes it as plain, else the
    characters of the rich text it renders (``rich`` None: Qt's own guess, as a tooltip's)."""
    text = text or ""
    if rich is None:
        rich = QtGui.Qt.mightBeRichText(text)
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def shown(label: QLabel) -> str:
    """What a label shows, as Qt decides it from its text format."""
    fmt = label.textFormat()
    return rendered(label.text(), None if fmt == Qt.TextFormat.AutoText else fmt == Qt.TextFormat.RichText)


def assert_plain(label: QLabel, expected: str) -> None:
    assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert expected in label.text(), (label.objectName(), label.text())


def assert_every_label_shows_it_as_typed(window: QWidget) -> None:
    """No label anywhere in the window (dialogs included) turns the text into markup."""
    eaten = [(label.objectName() or type(label.parentWidget()).__name__, label.text())
             for label in window.findChildren(QLabel)
             if ("bold</b>" in label.text() or "bold&lt;/b&gt;" in label.text()) and HOSTILE not in shown(label)]
    assert not eaten


def _hostile_desk(url: str) -> dict:
    """On the demo file, as its owner: a customer of the north with internet whose last name,
    pinned note and agent (agent01, team lead1) carry markup; an open incident over the north
    whose title and talking points do too, which the customer rang about twice today."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        customer_id, phone = session.execute(
            sa.select(m.Customer.id, m.CustomerPhone.e164)
            .join(m.Subscription, m.Subscription.customer_id == m.Customer.id)
            .join(m.Product, m.Product.id == m.Subscription.product_id)
            .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
            .where(m.Product.category == d.ProductCategory.INTERNET, m.Customer.region == "north",
                   m.Subscription.status == d.SubscriptionStatus.ACTIVE)
            .order_by(m.Customer.account_number).limit(1)).one()
        # One customer per number, so the pop opens this one.
        session.execute(sa.delete(m.CustomerPhone).where(m.CustomerPhone.e164 == phone,
                                                         m.CustomerPhone.customer_id != customer_id))
        session.execute(sa.update(m.Customer).where(m.Customer.id == customer_id).values(last_name=HOSTILE))
        agent = session.scalars(sa.select(m.Agent).where(m.Agent.username == "agent01")).one()
        agent.display_name = f"Agent {HOSTILE}"
        lead = session.scalars(sa.select(m.Agent).where(m.Agent.username == "lead1")).one()
        session.add(m.Interaction(customer_id=customer_id, agent_id=agent.id, kind=d.InteractionKind.NOTE,
                                  channel=d.Channel.PHONE, direction=d.Direction.INBOUND,
                                  occurred_at=now - timedelta(days=1), subject=f"Subject {HOSTILE}",
                                  body=f"Note {HOSTILE}", pinned=True))
        incident_id = outage.declare(session, outage.IncidentDraft(
            title_he=f"תקלה {HOSTILE}", title_en=f"Outage {HOSTILE}", products=("internet",), regions=("north",),
            talking_points_he=f"להגיד {HOSTILE}", talking_points_en=f"Say {HOSTILE}"),
            lead.id, now - timedelta(hours=3))
        for hours in (2, 1):
            session.add(m.RetentionCall(customer_id=customer_id, agent_id=agent.id, incident_id=incident_id,
                                        started_at=now - timedelta(hours=hours), primary_reason_code="outage",
                                        submitted_at=now - timedelta(hours=hours)))
    engine.dispose()
    return {"customer": customer_id, "phone": phone}


def test_peoples_text_is_shown_as_typed_on_every_screen(qtbot, open_desk, demo_db: str) -> None:
    seeded = _hostile_desk(demo_db)

    # The agent: the caller's name, the incident's banner and flag, the pinned note.
    agent_window = open_desk(demo_db, "en")
    view = agent_window.agent_view
    banner = view.incident_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(display_phone(seeded["phone"]))
    qtbot.waitUntil(lambda: banner.caller_flag.isVisible() and agent_window.runner.pending == 0, timeout=WAIT_MS)
    assert_plain(view.header.name, HOSTILE)
    assert_plain(banner.caller_flag, f"Outage {HOSTILE}")
    # The banner is rich text on purpose (bold title, line breaks): each piece escaped.
    assert banner.text.textFormat() == Qt.TextFormat.RichText
    assert "&lt;b&gt;bold&lt;/b&gt;" in banner.text.text()
    assert f"Outage {HOSTILE}" in shown(banner.text) and f"Say {HOSTILE}" in shown(banner.text)
    notes = view.caller.notes_model
    qtbot.waitUntil(lambda: notes.rowCount() > 0, timeout=WAIT_MS)
    tip = notes.data(notes.index(0, 0), TOOLTIP)
    assert "&lt;b&gt;" in tip and rendered(tip) == f"Note {HOSTILE}"
    assert HOSTILE in notes.data(notes.index(0, 3))  # the subject, in a cell (plain)

    # The wrap-up: its notes and the competitor as the agent types them, submitted.
    view.reason.setCurrentIndex(view.reason.findData("competitor"))
    view.end_call()
    panel = view.wrapup
    assert_plain(panel.title, HOSTILE)
    panel.disposition.setCurrentIndex(panel.disposition.findData("undecided"))
    panel.primary.setCurrentIndex(panel.primary.findData("competitor"))
    panel.competitor.setText(f"Rival {HOSTILE}")
    panel.notes.setPlainText(f"Notes {HOSTILE}")
    with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS) as submitted:
        panel.submit()
    call_id = submitted.args[0].call_id
    assert_every_label_shows_it_as_typed(agent_window)

    # The lead: the call log's notes (a tooltip), the QA form on the call, the dashboards'
    # legend (one line per agent), the incident screen.
    lead_window = open_desk(demo_db, "en", "lead")
    lead = lead_window.lead_view
    assert_plain(lead_window.user_label, HOSTILE)  # on the embedded file the desk's agent is agent01
    lead.tabs.setCurrentWidget(lead.call_log)
    log = lead.call_log.model
    qtbot.waitUntil(lambda: any(log.index(r, 0).data(Qt.ItemDataRole.UserRole) == call_id
                                for r in range(log.rowCount())), timeout=WAIT_MS)
    row = next(r for r in range(log.rowCount()) if log.index(r, 0).data(Qt.ItemDataRole.UserRole) == call_id)
    tip = log.data(log.index(row, log.columnCount() - 1), TOOLTIP)
    assert "&lt;b&gt;" in tip and rendered(tip) == f"Notes {HOSTILE}"

    dialog = QaReviewDialog.open_for(lead_window.runner, lead.coaching.coaching, call_id, lead_window)
    form = dialog.form
    qtbot.waitUntil(lambda: form.isEnabled() and bool(form.scores), timeout=WAIT_MS)
    assert_plain(form.notes, f"Notes {HOSTILE}")
    assert_plain(form.heading, f"Agent {HOSTILE}")
    assert HOSTILE in form.heading.text()  # the customer's name too
    assert_every_label_shows_it_as_typed(lead_window)  # the dialog is the window's child
    for box in form.scores.values():
        box.setValue(box.maximum())
    form.comments.setPlainText(f"Comment {HOSTILE}")
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        form.save()

    lead.tabs.setCurrentWidget(lead.dashboards_page)
    boards = lead.dashboards
    boards.dimension.setCurrentIndex(boards.dimension.findData("agent"))
    with qtbot.waitSignal(boards.loaded, timeout=WAIT_MS):
        boards.refresh()
    legend = boards.pages["save_rate"].chart.getPlotItem().legend
    names = [label.item.toPlainText() for _sample, label in legend.items]
    assert f"Agent {HOSTILE}" in names, names

    lead_window.show_view("incidents")
    incidents = lead_window.incident_view
    qtbot.waitUntil(lambda: incidents.repeat_model.rowCount() > 0, timeout=WAIT_MS)
    assert_plain(incidents.repeat_title, f"Outage {HOSTILE}")
    assert incidents.model.index(0, 0).data() == f"Outage {HOSTILE}"
    assert_every_label_shows_it_as_typed(lead_window)

    # The agent reads the review: the lead's comment as written.
    agent_window.show_view("reviews")
    mine = agent_window.reviews_view
    qtbot.waitUntil(lambda: f"Comment {HOSTILE}" in mine.text.toPlainText(), timeout=WAIT_MS)
    assert "Comment &lt;b&gt;bold&lt;/b&gt;&lt;img src=&quot;x&quot;&gt;" in mine.text.toHtml()
    qtbot.waitUntil(lambda: lead_window.runner.pending == 0 and agent_window.runner.pending == 0, timeout=WAIT_MS)
