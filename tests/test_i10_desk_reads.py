"""Issue 10, the last point: the views read and write through one Qt-free desk, never a
session factory, so the offline store can stand behind the same methods later.

Three kinds of proof: no module of ``agent_desk/ui`` can reach a session (it imports no
``sqlalchemy.orm`` and no function that takes a session); the desk's methods answer with
plain records and close their sessions, on SQLite and PostgreSQL; and on screen a reason
change ranks the offers once, the inline strip showing its step's kinds of that ranking.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

import agent_desk.ui
from agent_desk import domain as d
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.desk import Desk
from agent_desk.ids import new_id
from agent_desk.offers.service import rank_for_call
from agent_desk.wrapup import WrapUp
from tests.test_i10_call_flow import (
    WAIT_MS,
    _caller,
    _close,
    _key,
    _pop_by_keyboard,
    _set_authority,
    _walk_to_offers,
    _window,
)

UI = Path(agent_desk.ui.__file__).parent
# Now: the lead's queue and the wrap-up are checked against the real clock.
NOW = datetime.now(UTC).replace(microsecond=0)
NATIONAL_ID = "123456782"


# --- no view can reach a session ----------------------------------------------------------


def _takes_a_session(obj: object) -> bool:
    """A function (or a class's method) whose signature takes or gives a SQLAlchemy session."""
    if not callable(obj) or inspect.isclass(obj):
        return False
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return False
    texts = [str(p.annotation) for p in signature.parameters.values()] + [str(signature.return_annotation)]
    return "session" in signature.parameters or any("Session" in t or "sessionmaker" in t for t in texts)


def session_leaks(source: str) -> list[str]:
    """What in this module's source could reach the database without the desk."""
    tree = ast.parse(source)
    found: list[str] = []
    modules: dict[str, object] = {}  # a name bound to an agent_desk module -> the module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sqlalchemy.orm"):
                    found.append(f"import {alias.name}")
                elif alias.name.startswith("agent_desk."):
                    modules[alias.asname or alias.name] = importlib.import_module(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if node.module.startswith("sqlalchemy") and (
                        node.module.startswith("sqlalchemy.orm") or alias.name in ("orm", "Session", "sessionmaker")):
                    found.append(f"from {node.module} import {alias.name}")
                elif node.module.startswith("agent_desk"):
                    obj = getattr(importlib.import_module(node.module), alias.name, None)
                    if obj is None:  # a submodule imported by name
                        obj = importlib.import_module(f"{node.module}.{alias.name}")
                    if inspect.ismodule(obj):
                        modules[alias.asname or alias.name] = obj
                    elif _takes_a_session(obj):
                        found.append(f"from {node.module} import {alias.name}")
    for node in ast.walk(tree):  # module.function(...) through an imported module
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and _takes_a_session(getattr(modules[node.value.id], node.attr, None)):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_check_catches_a_view_that_reads_the_database_itself() -> None:
    assert session_leaks("from agent_desk.data.queries import load_profile") == [
        "from agent_desk.data.queries import load_profile"]
    assert session_leaks("from agent_desk.offers import catalog\ncatalog.list_offers") == ["catalog.list_offers"]
    assert session_leaks("from sqlalchemy.orm import Session") == ["from sqlalchemy.orm import Session"]
    assert session_leaks("from agent_desk.data.db import session_factory") == [
        "from agent_desk.data.db import session_factory"]
    assert session_leaks("from agent_desk.desk import CustomerProfile, Desk") == []


@pytest.mark.parametrize("path", sorted(UI.glob("*.py")), ids=lambda p: p.name)
def test_no_view_module_reaches_a_session(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert session_leaks(source) == [], f"{path.name} reads the database without the desk"
    for word in ("set_session_factory", "_factory", "session.begin", "factory()"):
        assert word not in source, f"{path.name} still holds a session factory ({word})"


def test_the_views_take_the_desk() -> None:
    from agent_desk.ui.agent_view import AgentView
    from agent_desk.ui.catalog_view import CatalogView
    from agent_desk.ui.lead_view import LeadView
    from agent_desk.ui.offers_panel import OffersPanel
    from agent_desk.ui.script_panel import ScriptPanel
    from agent_desk.ui.wrapup_panel import WrapUpPanel

    for view in (AgentView, CatalogView, LeadView, OffersPanel, ScriptPanel, WrapUpPanel):
        assert hasattr(view, "set_desk"), view.__name__
        assert not hasattr(view, "set_session_factory") and not hasattr(view, "set_context"), view.__name__


# --- the desk's methods, on SQLite and PostgreSQL ------------------------------------------


@pytest.fixture
def floor(any_db_url: str, as_person) -> Iterator[tuple[Desk, dict]]:
    """A team (agent Dana, lead Yossi), a platinum customer with a phone, history and ID, a
    callback overdue past the team's grace, and an approval request past its time. Set up as
    the owner; the desk runs as Dana (on PostgreSQL her own login)."""
    owner = make_engine(any_db_url)
    migrate.upgrade(owner)
    with Session(owner) as session, session.begin():
        ensure_reference_data(session)
        team = m.Team(name="North", callback_escalation_minutes=30)
        session.add(team)
        session.flush()
        agent = m.Agent(username="agent", display_name="Dana", role=d.Role.AGENT, team_id=team.id,
                        offer_authority=Decimal(100), offer_kinds=[k.value for k in d.OfferKind])
        lead = m.Agent(username="lead", display_name="Yossi Levi", role=d.Role.TEAM_LEAD, team_id=team.id,
                       offer_authority=Decimal(2000))
        admin = m.Agent(username="admin", display_name="Ada", role=d.Role.ADMIN)
        customer = m.Customer(account_number="7", first_name="רחל", last_name="כהן", national_id=NATIONAL_ID,
                              customer_since=date(2015, 1, 1), value_tier=d.ValueTier.PLATINUM)
        session.add_all([agent, lead, admin, customer])
        session.flush()
        session.add(m.CustomerPhone(customer_id=customer.id, e164="+972541234567", kind=d.PhoneKind.MOBILE,
                                    is_primary=True))
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "BUNDLE-TRIPLE")).one()
        session.add(m.Subscription(customer_id=customer.id, product_id=product.id, monthly_price=Decimal("229.90"),
                                   started_on=date(2015, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        session.add(m.Interaction(customer_id=customer.id, kind=d.InteractionKind.COMPLAINT, channel=d.Channel.PHONE,
                                  direction=d.Direction.INBOUND, occurred_at=NOW - timedelta(days=3),
                                  subject="Slow internet", case_status=d.CaseStatus.OPEN))
        callback = m.Callback(customer_id=customer.id, phone_e164="+972541234567", owner_agent_id=agent.id,
                              owner_team_id=team.id, due_at=NOW - timedelta(hours=2), status=d.CallbackStatus.OPEN)
        call = m.RetentionCall(agent_id=agent.id, customer_id=customer.id, started_at=NOW - timedelta(hours=1))
        session.add_all([callback, call])
        session.flush()
        offer = session.scalars(sa.select(m.Offer).order_by(m.Offer.code).limit(1)).one()
        overdue = m.ApprovalRequest(call_id=call.id, offer_id=offer.id, requested_by=agent.id, team_id=team.id,
                                    requested_at=NOW - timedelta(minutes=50), expires_at=NOW - timedelta(minutes=45),
                                    status=d.ApprovalStatus.PENDING)
        waiting = m.ApprovalRequest(call_id=call.id, offer_id=offer.id, requested_by=agent.id, team_id=team.id,
                                    requested_at=NOW, expires_at=NOW + timedelta(days=1),
                                    status=d.ApprovalStatus.PENDING)
        session.add_all([overdue, waiting])
        session.flush()
        ids = {"customer": customer.id, "callback": callback.id, "overdue": overdue.id, "waiting": waiting.id,
               "team": team.id, "agent": agent.id, "lead": lead.id, "owner": owner}
    engines = [make_engine(as_person(any_db_url, who)) for who in ("agent", "lead", "admin")]
    desk = Desk.on(engines[0])
    # The lead and the admin at desks of their own (on PostgreSQL their own logins).
    ids["lead_desk"], ids["admin_desk"] = Desk.on(engines[1]), Desk.on(engines[2])
    try:
        yield desk, ids
    finally:
        for engine in engines:
            engine.dispose()
        owner.dispose()


class CountingFactory:
    """The desk's session factory, keeping every session it made (to see them closed)."""

    def __init__(self, factory) -> None:
        self.factory = factory
        self.sessions: list[Session] = []

    def __call__(self) -> Session:
        session = self.factory()
        self.sessions.append(session)
        return session

    def all_closed(self) -> bool:
        return all(not s.in_transaction() and len(s.identity_map) == 0 for s in self.sessions)


def _plain(value: object, seen: set[int] | None = None) -> bool:
    """No live ORM object anywhere inside ``value``."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return True
    seen.add(id(value))
    if isinstance(value, m.Base):
        return False
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_plain(getattr(value, f.name), seen) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return all(_plain(k, seen) and _plain(v, seen) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_plain(v, seen) for v in value)
    return True


def test_the_desk_answers_a_call_with_plain_records_and_closes_its_sessions(floor) -> None:
    desk, ids = floor
    counting = CountingFactory(desk.factory)
    desk.factory = counting  # type: ignore[assignment]
    start = desk.start_up()
    # The embedded file has one local user (the demo's first agent and first lead); on
    # PostgreSQL the desk is whoever the login is, and a setting cannot make them a lead.
    on_postgres = desk.factory().get_bind().dialect.name == "postgresql"
    expected_lead = "Dana" if on_postgres else "Yossi Levi"
    assert (start.agent.display_name, start.lead.display_name) == ("Dana", expected_lead)
    reason_codes = {code for code, _he, _en in start.reasons}
    assert "competitor" in reason_codes and start.outcomes
    desk = desk.as_user(start.agent)

    lookup = desk.pop("054-1234567")
    assert lookup.e164 == "+972541234567" and lookup.profile is not None and lookup.profile.id == ids["customer"]
    assert lookup.history is None  # the header first; the history comes in its own request
    assert [x.id for x in desk.search("כהן")] == [ids["customer"]]
    profile = desk.customer(ids["customer"])
    history = desk.history(profile, NOW.date())
    assert [e.subject for e in history.open_cases] == ["Slow internet"]
    again, again_history = desk.customer_360(ids["customer"], NOW.date())
    assert again == profile and again_history is not None
    assert desk.customer(new_id()) is None

    offers = desk.rank_offers(ids["customer"], "competitor", NOW.date())
    assert offers is not None and offers.ranking.offers
    kind = offers.ranking.offers[-1].offer.kind.value
    # A step's kinds are a filter of the one ranking: the same offers, in the same order, as
    # a ranking asked for those kinds alone.
    with Session(counting.factory.kw["bind"]) as session:
        alone = rank_for_call(session, ids["customer"], "competitor", start.agent.id, NOW.date(), kinds=[kind])
    assert [r.offer.code for r in offers.only_kinds([kind]).ranking.offers] == \
        [r.offer.code for r in alone.ranking.offers]
    assert offers.only_kinds(None) is offers

    scripts = desk.scripts()
    assert scripts

    call_id = new_id()
    assert not desk.call_submitted(call_id)
    wrapup = WrapUp(call_id=call_id, agent_id=start.agent.id, started_at=NOW - timedelta(minutes=5),
                    ended_at=NOW - timedelta(minutes=1), customer_id=ids["customer"], customer_name="רחל כהן",
                    disposition="saved", primary_reason="competitor", competitor="Partner")
    submitted = desk.submit(wrapup)
    assert desk.call_submitted(call_id)
    assert desk.submit(wrapup) == submitted  # again: nothing new, no failure
    if on_postgres:  # the server's audit of the call names the client's key for it
        with Session(ids["owner"]) as session:
            mutations = set(session.scalars(sa.select(m.AuditEvent.mutation_id).where(
                m.AuditEvent.entity_type == "retention_calls", m.AuditEvent.entity_id == str(call_id))))
        assert mutations == {str(call_id)}

    for answer in (start, lookup, profile, history, offers, scripts, submitted, desk.search("7")):
        assert _plain(answer), type(answer).__name__
    assert counting.sessions and counting.all_closed()


def test_housekeeping_is_the_embedded_desks_own_and_the_servers_job_on_postgresql(floor) -> None:
    desk, ids = floor
    desk = desk.as_user(desk.start_up().agent)
    states = desk.approval_states([ids["overdue"], ids["waiting"], new_id()], now=NOW)
    # The agent sees a request past its time as expired at once, whoever marks it so; one
    # not stored yet is simply not there.
    assert states[ids["overdue"]].status == d.ApprovalStatus.EXPIRED
    assert states[ids["waiting"]].status == d.ApprovalStatus.PENDING and len(states) == 2
    done = desk.housekeeping(NOW)
    with desk.factory() as session:
        callback = session.get_one(m.Callback, ids["callback"])
        overdue = session.get_one(m.ApprovalRequest, ids["overdue"])
        waiting = session.get_one(m.ApprovalRequest, ids["waiting"])
        owner, status = callback.owner_agent_id, overdue.status
        assert waiting.status == d.ApprovalStatus.PENDING
    due = desk.due_callbacks(NOW)
    if desk.embedded:
        assert done is not None and (done.callbacks_escalated, done.approvals_expired) == (1, 1)
        assert owner is None and status == d.ApprovalStatus.EXPIRED
        assert [(c.mine, c.overdue) for c in due] == [(False, True)]  # in the team's queue now
    else:
        # A desk on the shared server never updates other people's rows: the server job does.
        assert done is None
        assert owner == ids["agent"] and status == d.ApprovalStatus.PENDING
        assert [(c.mine, c.overdue) for c in due] == [(True, True)]
    desk.complete_callback(ids["callback"], NOW)
    assert desk.due_callbacks(NOW) == []


def test_the_lead_and_the_catalog_work_through_the_desk(floor, tmp_path: Path) -> None:
    desk, ids = floor
    start = desk.start_up()
    lead = ids["lead_desk"].as_user(ids["lead_desk"].start_up().lead)
    queue = lead.lead_queue()
    assert [p.id for p in queue.pending] == [ids["waiting"]]  # the one past its time is not asked
    assert queue.contexts[ids["waiting"]].open_cases == 1
    lead.decide(ids["waiting"], True, "a loyal customer")
    assert not lead.lead_queue().pending
    assert desk.as_user(start.agent).approval_states([ids["waiting"]])[ids["waiting"]].decided_by == "Yossi Levi"
    assert lead.lead_overview().since is not None

    admin = ids["admin_desk"]
    rows = admin.catalog()
    assert rows and _plain(rows)
    code = rows[0].code
    admin.set_offer_active(code, False)
    assert next(r for r in admin.catalog() if r.code == code).active is False
    exported = tmp_path / "catalog.yaml"
    admin.export_catalog(exported)
    assert code in exported.read_text(encoding="utf-8")
    added, updated = admin.import_catalog(exported)
    assert added == 0 and updated == len(rows)


def test_a_national_id_is_revealed_through_the_desk_and_audited(floor) -> None:
    desk, ids = floor
    desk = desk.as_user(desk.start_up().agent)
    with Session(ids["owner"]) as session:  # an agent does not read the audit trail
        before = session.scalar(sa.select(sa.func.count()).select_from(m.AuditEvent))
    assert desk.reveal_national_id(ids["customer"], "the customer asked to confirm it") == NATIONAL_ID
    with Session(ids["owner"]) as session:
        after = session.scalar(sa.select(sa.func.count()).select_from(m.AuditEvent))
    assert after > before


def test_a_desk_with_nobody_signed_in_refuses_a_persons_work(floor) -> None:
    desk, _ids = floor
    assert desk.user is None
    with pytest.raises(RuntimeError, match="nobody is signed in"):
        desk.due_callbacks()
    with pytest.raises(RuntimeError, match="nobody is signed in"):
        desk.lead_queue()


# --- on screen: one ranking per reason -------------------------------------------------------


def test_a_reason_change_ranks_the_offers_once_and_the_inline_strip_filters_them(
        qtbot, qapp, demo_db: str, monkeypatch) -> None:
    from agent_desk.ui import agent_view as agent_view_module

    ranked: list[str | None] = []
    real = Desk.rank_offers

    def counted(desk: Desk, customer_id, reason, *args, **kwargs):
        ranked.append(reason)
        return real(desk, customer_id, reason, *args, **kwargs)

    monkeypatch.setattr(Desk, "rank_offers", counted)
    monkeypatch.setattr(agent_view_module.ReasonChangeDialog, "ask", classmethod(lambda cls, *a: True))
    _set_authority(demo_db, 100_000)
    window, translators = _window(qtbot, demo_db, "en")
    view = window.agent_view
    try:
        _pop_by_keyboard(qtbot, qapp, window, _caller(demo_db))
        assert ranked == []  # no reason yet: nothing to rank
        view.reason.setCurrentIndex(view.reason.findData("competitor"))  # one change (arrows pass others)
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        _key(qtbot, qapp, Qt.Key.Key_F6)
        _walk_to_offers(qtbot, qapp, view, {"offer_details": 3}, {"competitor": "Partner"})
        inline = view.inline_offers
        qtbot.waitUntil(lambda: inline.isVisible() and bool(inline.cards) and window.runner.pending == 0,
                        timeout=WAIT_MS)
        assert ranked == ["competitor"]  # the full list and the strip under the step: one ranking
        kinds = set(view.script.runner.current.offer_kinds)
        full = [c.ranked.offer.code for c in view.offers.cards]
        assert [c.ranked.offer.code for c in inline.cards] == [
            c.ranked.offer.code for c in view.offers.cards if c.ranked.offer.kind.value in kinds]
        assert len(full) >= len(inline.cards)

        view.reason.setCurrentIndex(view.reason.findData("too_expensive"))
        qtbot.waitUntil(lambda: window.runner.pending == 0 and view.offers.reason == "too_expensive"
                        and view.offers.offers is not None, timeout=WAIT_MS)
        assert ranked == ["competitor", "too_expensive"]
    finally:
        _close(qapp, window, translators)
