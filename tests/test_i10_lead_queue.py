"""Issue 10, item 7 (lead side): the approval queue updates in place, so the request the lead
chose stays chosen and Approve acts on it; beside it, the customer and the agent's authority."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from PySide6.QtCore import Qt

from agent_desk.data.queries import ApprovalContext
from agent_desk.offers.approvals import PendingApproval
from agent_desk.ui.lead_view import LeadView
from agent_desk.ui.table_models import ApprovalModel
from agent_desk.ui.tasks import TaskRunner

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _request(name: str, minutes: int, cost: str = "150") -> PendingApproval:
    return PendingApproval(uuid.uuid4(), NOW + timedelta(minutes=minutes), NOW + timedelta(minutes=minutes + 5),
                           "Yossi Levi", name, "gold", "יקר", "Too expensive", "הנחה", "Discount",
                           Decimal(cost), Decimal("900"))


def _context(request: PendingApproval, authority: str = "100") -> ApprovalContext:
    return ApprovalContext(request.id, Decimal(authority), date(2019, 3, 1), Decimal("473.70"), 3, 2)


def _lead_view(qtbot) -> LeadView:
    runner = TaskRunner()
    view = LeadView(runner)
    qtbot.addWidget(view)
    view.show()
    return view


def _selected_customer(view: LeadView) -> str:
    chosen = view._chosen()
    return chosen.customer_name if chosen else ""


def test_the_chosen_request_stays_chosen_while_the_queue_refreshes(qtbot) -> None:
    view = _lead_view(qtbot)
    dana, omer = _request("Dana Cohen", 0), _request("Omer Katz", 1)
    view._show_approvals(([dana, omer], {dana.id: _context(dana), omer.id: _context(omer)}))
    assert view.approvals.model().rowCount() == 2
    view.approvals.setFocus()
    qtbot.keyClick(view.approvals, Qt.Key.Key_Down)  # the lead picks the second request
    chosen = _selected_customer(view)
    assert chosen in {"Dana Cohen", "Omer Katz"}
    reset = []
    view.approval_model.modelReset.connect(lambda: reset.append(True))
    # The next poll: a new request arrives first in time, the other one has expired.
    newer = _request("Avi Ben-David", -3)
    kept = omer if chosen == "Omer Katz" else dana
    view._show_approvals(([newer, kept], {newer.id: _context(newer), kept.id: _context(kept)}))
    assert not reset, "a refresh must not reset the model (the selection would go)"
    assert view.approvals.model().rowCount() == 2
    assert _selected_customer(view) == chosen
    assert view.approvals_title.text() == "Waiting for your approval: 2 requests"


def test_approve_with_nothing_chosen_says_so(qtbot) -> None:
    view = _lead_view(qtbot)
    view.desk = SimpleNamespace(user=object())  # never used: nothing is chosen, so nothing is sent
    view._show_approvals(([], {}))
    view.decision_reason.setText("fine")
    view.decide(True)
    assert view.decision_message.text() == "Choose a request in the list first."


def test_the_request_shows_the_customer_and_how_far_above_authority(qtbot) -> None:
    view = _lead_view(qtbot)
    dana = _request("Dana Cohen", 0, cost="150")
    view._show_approvals(([dana], {dana.id: _context(dana, authority="100")}))
    text = view.request_context.text()
    assert text.startswith("\u200e")  # an English line even where it starts with a Hebrew name
    text = "".join(ch for ch in text if ch not in "\u2068\u2069\u200e")
    assert "Dana Cohen" in text and "customer since 01/03/2019" in text
    assert "473.70" in text and "3 products" in text and "2 open cases" in text
    assert "Yossi Levi may give up to" in text and "100" in text
    assert "this asks" in text and "50" in text


def test_update_rows_follows_the_model_contract(qtmodeltester) -> None:
    model = ApprovalModel()
    a, b, c = _request("A", 0), _request("B", 1), _request("C", 2)
    model.update_rows([a, b], key=lambda r: r.id)
    qtmodeltester.check(model)
    model.update_rows([c, b], key=lambda r: r.id)
    assert [model.row_at(n).customer_name for n in range(model.rowCount())] == ["B", "C"]
    qtmodeltester.check(model)


def test_a_table_shows_the_rows_it_has_now_not_what_it_answered_before(qtbot) -> None:
    """The models keep what each cell answered (a view asks again on every paint): a refresh
    in place, a replaced row and a new set of rows must each show the new text."""
    from dataclasses import replace

    model = ApprovalModel()

    def customers() -> list[str]:
        return [model.data(model.index(n, 2)).split(" (")[0] for n in range(model.rowCount())]

    a, b, c = _request("A", 0), _request("B", 1), _request("C", 2)
    model.update_rows([a, b], key=lambda r: r.id)
    assert customers() == ["A", "B"]
    model.update_rows([replace(a, customer_name="A2"), b], key=lambda r: r.id)  # updated in place
    assert customers() == ["A2", "B"]
    model.update_rows([b, c], key=lambda r: r.id)  # one gone, one new
    assert customers() == ["B", "C"]
    model.set_rows([c])
    assert customers() == ["C"]
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) is None


def test_the_context_comes_from_the_request_the_agent_and_the_customer(demo_db: str) -> None:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from agent_desk import domain as d
    from agent_desk.data import models as m
    from agent_desk.data.db import make_engine
    from agent_desk.data.queries import approval_context
    from agent_desk.offers import approvals

    engine = make_engine(demo_db)
    with Session(engine) as session, session.begin():
        agent = session.scalars(sa.select(m.Agent).where(m.Agent.role == "agent").order_by(m.Agent.username)).first()
        call = session.scalars(sa.select(m.RetentionCall).where(m.RetentionCall.customer_id.is_not(None))
                               .order_by(m.RetentionCall.started_at.desc())).first()
        offer = session.scalars(sa.select(m.Offer).order_by(m.Offer.code)).first()
        request = approvals.request_approval(session, call.id, offer.id, agent.id)
        request_id, customer_id, authority = request.id, call.customer_id, agent.offer_authority
    with Session(engine) as session:
        context = approval_context(session, [request_id])[request_id]
        live = session.scalars(sa.select(m.Subscription.monthly_price).where(
            m.Subscription.customer_id == customer_id, m.Subscription.status != d.SubscriptionStatus.CANCELLED)).all()
        open_cases = session.scalar(sa.select(sa.func.count()).where(
            m.Interaction.customer_id == customer_id, m.Interaction.case_status.in_(["open", "in_progress"])))
        since = session.scalar(sa.select(m.Customer.customer_since).where(m.Customer.id == customer_id))
    engine.dispose()
    assert context.agent_authority == authority
    assert context.monthly_revenue == sum(live, Decimal(0)) and context.products == len(live)
    assert context.open_cases == open_cases and context.customer_since == since
