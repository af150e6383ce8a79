"""The lead's dashboards on a hand-built history with known answers, on SQLite and PostgreSQL
(there read through a team lead's own login): save rates by agent, team, reason and offer in
Israeli weeks, a corrected outcome and reason moving the figures, handle and wrap-up times,
saves kept at 90 days, offer cost against retained revenue, repeat contacts, the script funnel
per step and answer, and the 95% interval of a difference in save rate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.data import dashboards as db
from agent_desk.data import demo, migrate, rollup
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.wrapup import ISRAEL

SUN1 = date(2026, 11, 1)  # a Sunday: the Israeli week starts on it
SUN8 = date(2026, 11, 8)
RANGE = db.DashboardFilter(SUN1, date(2026, 11, 14), db.Period.WEEK)


def il(day: date, hour: int, minute: int = 0) -> datetime:
    """An Israeli wall-clock time, as the UTC instant the database stores."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ISRAEL).astimezone(UTC)


@dataclass
class History:
    url: str
    engine: sa.Engine
    north: uuid.UUID
    south: uuid.UUID
    lead: uuid.UUID
    agents: dict[str, uuid.UUID]
    offers: dict[str, uuid.UUID]
    v1: uuid.UUID
    v2: uuid.UUID
    calls: dict[int, uuid.UUID]

    def service(self, team: uuid.UUID | None = None, engine: sa.Engine | None = None) -> db.DashboardService:
        return db.DashboardService(sessionmaker(engine or self.engine), team)


def _path(*moves: tuple[str, str | None], at: datetime) -> list[dict]:
    return [{"step": s, **({"answer": a} if a is not None else {}), "at": at.isoformat()} for s, a in moves]


def build_history(url: str) -> History:
    """Two teams; six calls over two Israeli weeks (one corrected outcome, one corrected
    reason, one amendment row that no figure counts); two offers; two script versions."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        demo.ensure_reference_data(session)
        north, south = m.Team(name="North"), m.Team(name="South")
        session.add_all([north, south])
        session.flush()
        people = {
            "lead01": m.Agent(username="lead01", display_name="Lea Lead", role=d.Role.TEAM_LEAD, team_id=north.id,
                              offer_authority=Decimal(500)),
            "avi": m.Agent(username="avi", display_name="Avi Cohen", role=d.Role.AGENT, team_id=north.id),
            "bat": m.Agent(username="bat", display_name="בת-אל לוי", role=d.Role.AGENT, team_id=north.id),
            "chen": m.Agent(username="chen", display_name="Chen Mizrahi", role=d.Role.AGENT, team_id=south.id),
        }
        session.add_all(people.values())
        product = session.scalars(sa.select(m.Product)).first()
        customers = []
        for n in range(4):
            c = m.Customer(account_number=f"A{n}", first_name="לקוח", last_name=str(n), customer_since=date(2020, 1, 1))
            session.add(c)
            customers.append(c)
        session.flush()
        # Customer 0 pays 80 + 20 a month; customer 1 pays 100 (a subscription ended before the
        # calls does not count).
        for cust, price, start, end in ((0, "80", date(2021, 1, 1), None), (0, "20", date(2022, 1, 1), None),
                                        (1, "100", date(2021, 1, 1), None), (1, "500", date(2019, 1, 1),
                                                                             date(2020, 1, 1))):
            session.add(m.Subscription(customer_id=customers[cust].id, product_id=product.id,
                                       monthly_price=Decimal(price), started_on=start, ended_on=end,
                                       status=d.SubscriptionStatus.ACTIVE if end is None else
                                       d.SubscriptionStatus.CANCELLED))
        v1 = m.CallScriptVersion(script_key="price", version=1, title_he="תסריט מחיר", title_en="Price script",
                                 source="", sha256="1" * 64)
        v2 = m.CallScriptVersion(script_key="price", version=2, title_he="תסריט מחיר", title_en="Price script",
                                 source="", sha256="2" * 64)
        session.add_all([v1, v2])
        offer_x = m.Offer(code="T-X", kind=d.OfferKind.ONE_OFF_CREDIT, title_he="זיכוי", title_en="Credit",
                          one_off_cost=Decimal(50))
        offer_y = m.Offer(code="T-Y", kind=d.OfferKind.PERCENT_DISCOUNT, title_he="הנחה", title_en="Discount",
                          monthly_cost=Decimal(10), duration_months=3)
        session.add_all([offer_x, offer_y])
        session.flush()
        a = {k: v.id for k, v in people.items()}
        # number: (agent, start, reason, outcome, handle s, wrap-up s, customer, version, path)
        plan = {
            1: ("avi", il(SUN1, 10), "price", "saved", 300, 60, 0, v1,
                (("greet", "ok"), ("reason", "price"), ("offer", "accept"))),
            2: ("avi", il(SUN1 + timedelta(days=1), 23, 30), "price", "cancelled", 600, 120, 0, v1,
                (("greet", "ok"), ("reason", "price"), ("offer", "decline"))),
            3: ("bat", il(SUN1 + timedelta(days=2), 9), "moving", "cancelled", 400, 60, 2, v2,
                (("greet", "ok"), ("reason", "moving"))),
            4: ("bat", il(SUN8 + timedelta(days=1), 12), "price", "saved_with_offer", 500, 100, 1, v2,
                (("greet", "ok"), ("offer", "accept"))),
            5: ("chen", il(SUN1 + timedelta(days=3), 15), "price", "cancelled", 200, 60, 3, None, ()),
            # 00:30 on Sunday 8 November in Israel is still Saturday 7 November in UTC: week 2.
            6: ("avi", il(SUN8, 0, 30), "price", "cancelled", 100, 20, 0, v1,
                (("greet", "ok"), ("reason", "price"), ("offer", "decline"))),
        }
        calls = {}
        for number, (who, at, reason, outcome, talk, wrap, cust, version, moves) in plan.items():
            call = m.RetentionCall(
                agent_id=a[who], customer_id=customers[cust].id, started_at=at, ended_at=at + timedelta(seconds=talk),
                wrapup_ended_at=at + timedelta(seconds=talk + wrap), primary_reason_code=reason,
                disposition_code=outcome, script_version_id=version.id if version else None,
                script_path=_path(*moves, at=at), submitted_at=at + timedelta(seconds=talk + wrap),
                still_active_90d=True if number == 1 else None)
            session.add(call)
            session.flush()
            calls[number] = call.id
        # An amendment row copies call 5: no figure counts it.
        session.add(m.RetentionCall(agent_id=a["chen"], customer_id=customers[3].id, started_at=plan[5][1],
                                    disposition_code="saved", primary_reason_code="price", script_path=[],
                                    amends_call_id=calls[5], submitted_at=plan[5][1] + timedelta(hours=1)))
        p = m.OfferPresentation
        for call, offer, response, cost, verdict in ((1, offer_y, "accepted", Decimal(30), None),
                                                     (2, offer_y, "declined", None, None),
                                                     (4, offer_x, "accepted", None, False)):
            when = plan[call][1] + timedelta(minutes=2)
            session.add(p(call_id=calls[call], offer_id=offer.id, customer_id=customers[plan[call][6]].id,
                          presented_at=when, response=response, responded_at=when, cost=cost,
                          still_active_90d=verdict))
        # Corrections: call 3 was a save after all; call 5's reason was "moving", not price.
        for call, name, old, new in ((3, "outcome", "cancelled", "saved"), (5, "reason", "price", "moving")):
            session.add(m.CallCorrection(call_id=calls[call], call_started_at=plan[call][1], corrected_by=a["lead01"],
                                         field=name, old_value=old, new_value=new, why="Listened to the recording",
                                         corrected_at=datetime(2026, 11, 20, tzinfo=UTC)))
        # An older correction of call 2 that a newer one undid: the newest wins.
        session.add(m.CallCorrection(call_id=calls[2], call_started_at=plan[2][1], corrected_by=a["lead01"],
                                     field="outcome",
                                     old_value="cancelled", new_value="saved", why="first listen",
                                     corrected_at=datetime(2026, 11, 18, tzinfo=UTC)))
        session.add(m.CallCorrection(call_id=calls[2], call_started_at=plan[2][1], corrected_by=a["lead01"],
                                     field="outcome",
                                     old_value="saved", new_value="cancelled", why="second listen",
                                     corrected_at=datetime(2026, 11, 19, tzinfo=UTC)))
        made = History(url, engine, north.id, south.id, a["lead01"], a, {"x": offer_x.id, "y": offer_y.id},
                       v1.id, v2.id, calls)
    return made


# The rollup job's "today" for these calls: every day of the history is rolled up before it.
ROLLED_ON = date(2026, 11, 30)


def roll_up(engine: sa.Engine, today: date = ROLLED_ON) -> int:
    with Session(engine) as session, session.begin():
        return rollup.refresh(session, today)


@pytest.fixture(params=["sqlite", "postgresql", "postgresql-rolled"])
def history(request: pytest.FixtureRequest, tmp_path) -> History:
    """The history on SQLite, on PostgreSQL read from the calls, and on PostgreSQL read from
    the nightly rollup (every figure below must come out the same from it)."""
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    made = build_history(url)
    if request.param == "postgresql-rolled":
        assert roll_up(made.engine) > 0
        with Session(made.engine) as session:
            cover = rollup.coverage(session, RANGE.date_from, RANGE.date_to, rollup.codes(session))
        assert cover.rolled == (RANGE.date_from, RANGE.date_to) and not cover.live
    yield made
    made.engine.dispose()


def _rate(figure: db.Figure, bucket: date, group: str = "") -> tuple[int, int]:
    p = figure.point(bucket, group)
    return (p.calls, p.saves) if p else (0, 0)


def test_save_rate_by_week_counts_the_corrected_outcome(history: History) -> None:
    with Session(history.engine) as session:
        fig = db.call_figures(session, RANGE)
    assert fig.buckets == (SUN1, SUN8)
    # Week 1: calls 1 (saved), 2 (cancelled, corrected twice, back to cancelled), 3 (corrected
    # to saved), 5 (cancelled). Its own outcome alone would say 1 of 4.
    assert _rate(fig, SUN1) == (4, 2)
    assert fig.point(SUN1, "").save_rate == 0.5
    # Week 2: call 6 (Sunday 00:30 Israel time, Saturday in UTC) and call 4.
    assert _rate(fig, SUN8) == (2, 1)
    assert (fig.total().calls, fig.total().saves) == (6, 3)


def test_handle_and_wrapup_times(history: History) -> None:
    with Session(history.engine) as session:
        fig = db.call_figures(session, RANGE)
    week1 = fig.point(SUN1, "")
    assert week1.avg_handle == pytest.approx((300 + 600 + 400 + 200) / 4)
    assert week1.avg_wrapup == pytest.approx((60 + 120 + 60 + 60) / 4)
    assert fig.point(SUN8, "").avg_handle == pytest.approx(300)


def test_save_rate_by_agent_team_and_reason(history: History) -> None:
    with Session(history.engine) as session:
        agents = db.call_figures(session, RANGE, db.Dimension.AGENT)
        teams = db.call_figures(session, RANGE, db.Dimension.TEAM)
        reasons = db.call_figures(session, RANGE, db.Dimension.REASON)
        days = db.call_figures(session, db.DashboardFilter(SUN1, SUN1 + timedelta(days=2), db.Period.DAY),
                               db.Dimension.AGENT)
    a = history.agents
    assert (agents.total(str(a["avi"])).calls, agents.total(str(a["avi"])).saves) == (3, 1)
    assert (agents.total(str(a["bat"])).calls, agents.total(str(a["bat"])).saves) == (2, 2)
    assert {g.label_en for g in agents.groups} == {"Avi Cohen", "בת-אל לוי", "Chen Mizrahi"}
    assert _rate(teams, SUN1, str(history.north)) == (3, 2)
    assert _rate(teams, SUN1, str(history.south)) == (1, 0)
    # Call 5's reason was corrected from price to moving; call 3 (moving) became a save.
    assert _rate(reasons, SUN1, "moving") == (2, 1)
    assert _rate(reasons, SUN1, "price") == (2, 1)
    assert reasons.total("moving").calls == 2 and reasons.total("price").calls == 4
    # Daily buckets, Israeli days: call 2 at 23:30 on Monday is Monday's.
    assert days.buckets == (SUN1, SUN1 + timedelta(days=1), SUN1 + timedelta(days=2))
    assert _rate(days, SUN1 + timedelta(days=1), str(a["avi"])) == (1, 0)


def test_save_rate_by_offer(history: History) -> None:
    with Session(history.engine) as session:
        fig = db.call_figures(session, RANGE, db.Dimension.OFFER)
    y, x = str(history.offers["y"]), str(history.offers["x"])
    assert (fig.total(y).calls, fig.total(y).saves) == (2, 1)  # accepted on call 1, declined on call 2
    assert (fig.total(x).calls, fig.total(x).saves) == (1, 1)
    assert {g.label_he for g in fig.groups} == {"זיכוי", "הנחה"}


def test_saves_kept_after_90_days(history: History) -> None:
    with Session(history.engine) as session:
        fig = db.saves_kept(session, RANGE)
        by_agent = db.saves_kept(session, RANGE, db.Dimension.AGENT)
    total = fig.total()
    # Saves: call 1 (still active: the call's own verdict), call 3 (corrected to a save, not
    # checked yet), call 4 (its accepted offer's check found the customer gone).
    assert (total.calls, total.checked, total.kept) == (3, 2, 1)
    assert total.kept_rate == 0.5
    bat = by_agent.total(str(history.agents["bat"]))
    assert (bat.calls, bat.checked, bat.kept) == (2, 1, 0)


def test_offer_cost_against_retained_revenue(history: History) -> None:
    with Session(history.engine) as session:
        fig = db.offer_value(session, RANGE)
    y, x = fig.total(str(history.offers["y"])), fig.total(str(history.offers["x"]))
    # Offer Y on call 1: cost 30 as recorded; customer 0 pays 80 + 20 a month, kept 12 months.
    assert (y.saves, y.cost, y.revenue, y.net) == (1, Decimal(30), Decimal(1200), Decimal(1170))
    # Offer X on call 4: no recorded cost, so the catalog's (50); the customer left within 90 days.
    assert (x.saves, x.cost, x.revenue) == (1, Decimal(50), Decimal(0))


def test_repeat_contacts(history: History) -> None:
    with Session(history.engine) as session:
        fig = db.repeat_contacts(session, RANGE)
        north = db.repeat_contacts(session, db.DashboardFilter(SUN8, SUN8 + timedelta(days=6), team_id=history.north))
    # Customer 0 called on the 1st, the 2nd and the 8th: the 2nd and the 8th are repeats.
    assert (fig.point(SUN1, "").calls, fig.point(SUN1, "").repeats) == (4, 1)
    assert (fig.point(SUN8, "").calls, fig.point(SUN8, "").repeats) == (2, 1)
    # The call before the 8th's falls outside that range; it still makes the 8th's a repeat.
    assert (north.total().calls, north.total().repeats) == (2, 1)


def test_the_funnel_counts_each_step_and_answer(history: History) -> None:
    with Session(history.engine) as session:
        v1 = db.funnel(session, history.v1, RANGE)
        v2 = db.funnel(session, history.v2, RANGE)
    assert (v1.calls, v1.saves, v1.losses) == (3, 1, 2)
    assert [s.step for s in v1.steps] == ["greet", "reason", "offer"]
    offer = v1.steps[2]
    assert (offer.reached, offer.saves, offer.losses, offer.ended_here) == (3, 1, 2, 3)
    answers = {a.answer: (a.calls, a.saves, a.losses) for a in offer.answers}
    assert answers == {"accept": (1, 1, 0), "decline": (2, 0, 2)}
    # Version 2: call 3, corrected from cancelled to saved, counts as won at "moving".
    assert (v2.calls, v2.saves, v2.losses) == (2, 2, 0)
    reason = next(s for s in v2.steps if s.step == "reason")
    assert (reason.reached, reason.saves, reason.losses, reason.ended_here) == (1, 1, 0, 1)
    assert {a.answer: (a.calls, a.saves) for a in reason.answers} == {"moving": (1, 1)}


def test_a_path_no_text_can_hold_is_read_as_no_path(history: History) -> None:
    """Script paths written by hand with a \\u0000 or a lone surrogate escape (valid JSON that
    neither database can hand back as text): the funnel counts those calls, none of them
    reaches a step, and it never fails (SQLite, PostgreSQL from the calls, from the rollup)."""
    with Session(history.engine) as session:
        before = db.funnel(session, history.v1, RANGE)
    with Session(history.engine) as session, session.begin():
        for path in ([{"step": "greet", "answer": "nul \x00 inside"}], [{"step": "greet", "answer": "\ud800"}],
                     [{"step": "offer", "answer": "low \udc00"}]):
            session.add(m.RetentionCall(agent_id=history.agents["avi"], started_at=il(SUN8, 11),
                                        disposition_code="cancelled", script_version_id=history.v1, script_path=path))
    with Session(history.engine) as session:
        after = db.funnel(session, history.v1, RANGE)
    assert (after.calls, after.saves, after.losses) == (before.calls + 3, before.saves, before.losses + 3)
    assert after.steps == before.steps


def test_newcombe_interval_of_a_known_difference() -> None:
    # Newcombe (1998), table II example (h): 56/70 against 48/80 -> 0.2000, 95% CI 0.0524 to 0.3339.
    diff, low, high = db.newcombe_difference(56, 70, 48, 80)
    assert diff == pytest.approx(0.2)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)
    # By hand: Wilson 56/70 = (0.8 + z²/140) / (1 + z²/70) ± z/(1 + z²/70) * sqrt(0.16/70 + z²/19600)
    # = 0.7844 ± 0.0926 -> (0.6918, 0.8770); 48/80 -> (0.4905, 0.7004).
    l1, u1 = db.wilson(56, 70)
    l2, u2 = db.wilson(48, 80)
    assert (round(l1, 4), round(u1, 4), round(l2, 4), round(u2, 4)) == (0.6918, 0.8770, 0.4905, 0.7004)
    assert low == pytest.approx(0.2 - ((0.8 - l1) ** 2 + (u2 - 0.6) ** 2) ** 0.5)
    # Nothing to compare without calls.
    with pytest.raises(db.DashboardError):
        db.newcombe_difference(0, 0, 1, 2)


def test_two_versions_side_by_side(history: History) -> None:
    with Session(history.engine) as session:
        cmp = db.compare(session, history.v1, history.v2, RANGE)
    assert (cmp.a.calls, cmp.a.saves, cmp.b.calls, cmp.b.saves) == (3, 1, 2, 2)
    diff, low, high = db.newcombe_difference(2, 2, 1, 3)
    assert cmp.difference == pytest.approx(2 / 2 - 1 / 3) == pytest.approx(diff)
    assert (cmp.low, cmp.high) == (pytest.approx(low), pytest.approx(high))
    assert not cmp.significant  # five calls prove nothing


def test_bad_ranges_say_what_to_change(history: History) -> None:
    service = history.service()
    with pytest.raises(db.DashboardError, match="start date is after"):
        service.dashboard(db.DashboardFilter(SUN8, SUN1))
    with pytest.raises(db.DashboardError, match="daily dashboard"):
        service.dashboard(db.DashboardFilter(date(2024, 1, 1), date(2025, 6, 1), db.Period.DAY))


def test_monthly_buckets_and_the_service_scope(history: History) -> None:
    board = history.service(team=history.north).dashboard(
        db.DashboardFilter(date(2026, 10, 15), date(2026, 11, 30), db.Period.MONTH), db.Dimension.AGENT)
    assert board.calls.buckets == (date(2026, 10, 1), date(2026, 11, 1))
    assert {g.key for g in board.calls.groups} == {str(history.agents["avi"]), str(history.agents["bat"])}
    assert sum(p.calls for p in board.calls.totals) == 5


@pytest.mark.postgres
def test_a_lead_reads_the_dashboards_through_their_own_login(pg_url: str, pg_person) -> None:
    made = build_history(pg_url)
    lead = make_engine(pg_person(pg_url, "lead01"))
    try:
        service = made.service(team=made.north, engine=lead)
        board = service.dashboard(RANGE, db.Dimension.TEAM)
        assert [g.key for g in board.calls.groups] == [str(made.north)]
        assert _rate(board.calls, SUN1, str(made.north)) == (3, 2)  # the corrected call 3 included
        assert board.kept.total(str(made.north)).kept == 1
        funnel = service.funnel(made.v1, RANGE)
        assert (funnel.calls, funnel.saves) == (3, 1)
    finally:
        lead.dispose()
        made.engine.dispose()
