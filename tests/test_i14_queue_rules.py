"""Which proactive tasks appear on which day: each rule, consent, the contact cap, Shabbat,
holidays and their eves, priorities, idempotence. On SQLite and on real PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.proactive import rules as rules_mod
from agent_desk.proactive.generate import generate
from agent_desk.proactive.rules import RulesError, bundled_rules_file, load_from_db, parse, read_file, store
from tests.test_i14_world import WEDNESDAY, World, at, tasks_by_name

I = d.InteractionKind  # noqa: E741 - short in the tables below
FRIDAY, SATURDAY, SUNDAY = (WEDNESDAY + timedelta(days=n) for n in (2, 3, 4))


@pytest.fixture
def world(any_db_url: str):
    w = World(any_db_url)
    yield w
    w.close()


def _run(world: World, day: date, rule_set=None) -> dict[str, int]:
    with Session(world.engine) as session, session.begin():
        return generate(session, day, at(day, 6), rule_set).created


def _only(world: World, *codes: str, **changes) -> rules_mod.RuleSet:
    """The bundled rules with only ``codes`` enabled (and policy ``changes``)."""
    bundled = read_file(bundled_rules_file())
    return rules_mod.RuleSet(replace(bundled.policy, **changes),
                             tuple(replace(r, enabled=r.code in codes) for r in bundled.rules))


def test_each_rule_makes_its_task_for_the_right_customer(world: World) -> None:
    agent = world.agent("dana")
    day = WEDNESDAY
    # A callback promised for today, and one for next week.
    world.customer("callme")
    world.callback("callme", at(day, 15), agent)
    world.customer("later")
    world.callback("later", at(day + timedelta(days=7), 15), agent)
    # Purchases: three days ago (follow up), yesterday (too soon), a month ago (too late).
    for name, days in (("bought3", 3), ("bought1", 1), ("bought30", 30)):
        world.customer(name)
        world.interaction(name, I.PURCHASE, at(day - timedelta(days=days), 12))
    world.customer("upgraded")
    world.interaction("upgraded", I.PLAN_CHANGE, at(day - timedelta(days=5), 12))
    # Birthdays today: gold with consent to marketing calls; without marketing consent; with
    # consent to texts only (the rule calls); a bronze customer (the rule is for gold and up).
    born = date(1980, day.month, day.day)
    world.customer("birthday", tier="gold", birth=born, marketing=True, calls=True)
    world.customer("birthday_no_consent", tier="gold", birth=born, calls=True)
    world.customer("birthday_sms_only", tier="gold", birth=born, marketing=True, sms=True)
    world.customer("birthday_bronze", birth=born, marketing=True, calls=True)
    # A commitment ends in 20 days (consented), and one in 60.
    world.customer("ending", marketing=True, calls=True)
    world.subscription("ending", commitment_end=day + timedelta(days=20))
    world.customer("ending_later", marketing=True, calls=True)
    world.subscription("ending_later", commitment_end=day + timedelta(days=60))
    # At risk: three complaints in two months and a commitment ending in 10 days.
    world.customer("risky")
    world.subscription("risky", commitment_end=day + timedelta(days=10))
    for n in (5, 20, 40):
        world.interaction("risky", I.COMPLAINT, at(day - timedelta(days=n)))
    # One old complaint only: not at risk.
    world.customer("calm")
    world.interaction("calm", I.COMPLAINT, at(day - timedelta(days=200)))
    # A complaint resolved three days ago; one resolved today (too soon to ask).
    world.customer("resolved")
    world.interaction("resolved", I.COMPLAINT, at(day - timedelta(days=20)), resolved_at=at(day - timedelta(days=3)))
    world.customer("resolved_today")
    world.interaction("resolved_today", I.COMPLAINT, at(day - timedelta(days=9)), resolved_at=at(day, 8))
    # NPS 4 two days ago; NPS 9; a CSAT 1 (the rule is for NPS).
    for name, kind, score in (("detractor", d.SurveyKind.NPS, 4), ("promoter", d.SurveyKind.NPS, 9),
                              ("csat_low", d.SurveyKind.CSAT, 1)):
        world.customer(name)
        world.survey(name, kind, score, at(day - timedelta(days=2)))
    # Added value: a platinum customer of ten years (consented); a platinum newcomer.
    world.customer("loyal", tier="platinum", since=date(2015, 3, 1), marketing=True, calls=True)
    world.customer("newcomer", tier="platinum", since=date(2025, 3, 1), marketing=True, calls=True)
    # Nobody chases a customer who asked to cancel, nor a former customer.
    world.customer("leaving")
    world.subscription("leaving", status=d.SubscriptionStatus.PENDING_CANCELLATION)
    world.interaction("leaving", I.PURCHASE, at(day - timedelta(days=3)))
    world.customer("gone", status=d.CustomerStatus.CANCELLED)
    world.interaction("gone", I.PURCHASE, at(day - timedelta(days=3)))
    world.commit()

    made = _run(world, day)

    with Session(world.engine) as session:
        assert tasks_by_name(session, world) == {
            ("callme", "callback"), ("bought3", "follow_up"), ("upgraded", "follow_up"),
            ("birthday", "birthday"), ("ending", "commitment"), ("risky", "at_risk"),
            ("resolved", "complaint_check"), ("detractor", "low_survey"), ("loyal", "added_value"),
        }
        callback = session.scalars(sa.select(m.WorkTask).where(m.WorkTask.kind == "callback")).one()
        assert callback.agent_id == agent.id and callback.team_id == world.team.id
        risky = session.scalars(sa.select(m.WorkTask).where(m.WorkTask.kind == "at_risk")).one()
        assert risky.details["risk_log_odds"] > 0.4 and risky.script_key == "at_risk_check"
    assert sum(made.values()) == 9
    # The same day again: nothing new. The next day: the occasions already have their tasks.
    assert _run(world, day) == {}
    assert _run(world, day + timedelta(days=1)) == {}


def test_one_task_per_customer_a_day_the_most_urgent_rule_wins(world: World) -> None:
    day = WEDNESDAY
    world.customer("both", tier="gold", birth=date(1990, day.month, day.day), marketing=True, calls=True)
    world.interaction("both", I.PURCHASE, at(day - timedelta(days=4)))
    world.commit()
    assert _run(world, day) == {"purchase_follow_up": 1}  # priority 40 beats the birthday's 30
    with Session(world.engine) as session:
        assert tasks_by_name(session, world) == {("both", "follow_up")}


def test_shabbat_and_holidays_have_no_queue_and_their_occasions_move(world: World) -> None:
    # A birthday on Shabbat is greeted on Friday; a purchase follow-up due on Shabbat comes on Sunday.
    world.customer("sat_birthday", tier="platinum", birth=date(1975, SATURDAY.month, SATURDAY.day),
                   marketing=True, calls=True)
    world.customer("bought_wed")
    world.interaction("bought_wed", I.PURCHASE, at(WEDNESDAY, 12))  # three days later is Shabbat
    world.commit()
    only = _only(world, "birthday", "purchase_follow_up")
    assert _run(world, WEDNESDAY, only) == {}
    assert _run(world, date(2026, 11, 26), only) == {}  # Thursday: the birthday is not yet
    assert _run(world, FRIDAY, only) == {"birthday": 1}
    with Session(world.engine) as session, session.begin():
        report = generate(session, SATURDAY, at(SATURDAY, 6), only)
        assert report.closed and report.total == 0
        assert session.scalar(sa.select(sa.func.count()).where(m.WorkTask.due_on == SATURDAY)) == 0
    assert _run(world, SUNDAY, only) == {"purchase_follow_up": 1}
    with Session(world.engine) as session:
        assert tasks_by_name(session, world, FRIDAY) == {("sat_birthday", "birthday")}
        assert tasks_by_name(session, world, SUNDAY) == {("bought_wed", "follow_up")}
        greeting = session.scalars(sa.select(m.WorkTask).where(m.WorkTask.kind == "birthday")).one()
        assert greeting.expires_on == SATURDAY and greeting.details == {"on": SATURDAY.isoformat()}
    # Yom Kippur 2026 (a Monday) is a holiday: closed.
    with Session(world.engine) as session, session.begin():
        assert generate(session, date(2026, 9, 21), at(date(2026, 9, 21), 6), only).closed


def test_holiday_greetings_in_the_days_before_in_both_languages(world: World) -> None:
    # Pesach 2027 is on Thursday 22 April; greetings go out on the five days before it.
    world.customer("vip_he", tier="platinum", marketing=True, calls=True, language="he")
    world.customer("vip_en", tier="platinum", marketing=True, calls=True, language="en")
    world.customer("vip_no_consent", tier="platinum", calls=True)
    world.customer("gold", tier="gold", marketing=True, calls=True)
    world.commit()
    only = _only(world, "holiday_greeting")
    assert _run(world, date(2027, 4, 15), only) == {}  # a week before: not yet
    assert _run(world, date(2027, 4, 18), only) == {"holiday_greeting": 2}  # Sunday
    assert _run(world, date(2027, 4, 19), only) == {}  # the same holiday: never twice
    with Session(world.engine) as session:
        assert tasks_by_name(session, world) == {("vip_he", "holiday"), ("vip_en", "holiday")}
        task = session.scalars(sa.select(m.WorkTask).where(m.WorkTask.kind == "holiday")).first()
        assert task.details["holiday_he"] == "פסח" and task.details["holiday_en"] == "Pesach"
        assert task.expires_on == date(2027, 4, 21)


def test_the_contact_cap_counts_outbound_contacts_of_the_last_30_days(world: World) -> None:
    day = WEDNESDAY
    agent = world.agent("dana")
    for name, outbound in (("twice", 2), ("once", 1), ("long_ago", 0)):
        world.customer(name)
        world.interaction(name, I.PURCHASE, at(day - timedelta(days=3)))
        for n in range(outbound):
            world.interaction(name, I.OUTREACH, at(day - timedelta(days=5 + n)), direction=d.Direction.OUTBOUND)
    world.interaction("long_ago", I.OUTREACH, at(day - timedelta(days=45)), direction=d.Direction.OUTBOUND)
    world.interaction("long_ago", I.OUTREACH, at(day - timedelta(days=40)), direction=d.Direction.OUTBOUND)
    # An outbound call logged counts as well; inbound calls do not.
    world.customer("called")
    world.interaction("called", I.PURCHASE, at(day - timedelta(days=3)))
    for direction in (d.CallDirection.OUTBOUND, d.CallDirection.OUTBOUND, d.CallDirection.INBOUND):
        world.session.add(m.RetentionCall(agent_id=agent.id, customer_id=world.customers["called"].id,
                                          started_at=at(day - timedelta(days=2)), direction=direction))
    # A callback the customer asked for comes even past the cap.
    world.callback("twice", at(day, 11), agent)
    world.commit()
    _run(world, day)
    with Session(world.engine) as session:
        assert tasks_by_name(session, world) == {("once", "follow_up"), ("long_ago", "follow_up"),
                                                 ("twice", "callback")}


def test_priority_puts_at_risk_and_high_value_first_and_daily_limits_hold(world: World) -> None:
    day = WEDNESDAY
    for n, tier in enumerate(("bronze", "platinum", "silver", "gold")):
        name = f"buyer_{tier}"
        world.customer(name, tier=tier)
        world.interaction(name, I.PURCHASE, at(day - timedelta(days=3 + n)))
    world.commit()
    bundled = read_file(bundled_rules_file())
    limited = rules_mod.RuleSet(bundled.policy, tuple(
        replace(r, daily_limit=2) if r.code == "purchase_follow_up" else r for r in bundled.rules))
    assert _run(world, day, limited) == {"purchase_follow_up": 2}
    assert _run(world, day, limited) == {}  # the limit counts the day's earlier run
    assert _run(world, day + timedelta(days=1), limited) == {"purchase_follow_up": 2}
    with Session(world.engine) as session:
        assert tasks_by_name(session, world, day) == {("buyer_platinum", "follow_up"), ("buyer_gold", "follow_up")}
        priorities = dict(session.execute(sa.select(m.WorkTask.customer_id, m.WorkTask.priority)).all())
        assert priorities[world.customers["buyer_platinum"].id] == 40 + 30


def test_rules_live_in_the_database_and_a_disabled_rule_makes_nothing(world: World) -> None:
    day = WEDNESDAY
    world.customer("bought")
    world.interaction("bought", I.PURCHASE, at(day - timedelta(days=3)))
    world.commit()
    with Session(world.engine) as session, session.begin():
        assert {r.code for r in load_from_db(session).rules} >= {"purchase_follow_up", "birthday"}
        session.get(m.QueueRule, "purchase_follow_up").enabled = False
    assert _run(world, day) == {}
    with Session(world.engine) as session, session.begin():
        store(session, read_file(bundled_rules_file()))  # loading the file again turns it back on
    assert _run(world, day) == {"purchase_follow_up": 1}


@pytest.mark.parametrize(("text", "problem"), [
    ("rules: [{code: a, kind: nope, title: {he: א, en: a}}]", "rules[0].kind: must be one of"),
    ("rules: [{code: a, kind: at_risk, title: {he: א, en: a}, params: {threshold: 2}}]",
     "rules[0].params.threshold: must be between 0.01 and 0.99"),
    ("rules: [{code: a, kind: birthday, title: {he: א, en: a}, colour: red}]", "rules[0].colour: unknown key"),
    ("rules: [{code: a, kind: birthday, title: {he: א}}]", "rules[0].title: must be a mapping"),
    ("policy: {max_contacts_30d: -1}", "policy.max_contacts_30d: must be between 0 and 100"),
    ("policy: {hours_start: '25:00'}", "policy.hours_start: must be a time like 09:00"),
    ("rules: [{code: a, kind: follow_up, title: {he: א, en: a}, params: {min_days: 9, max_days: 3}}]",
     "min_days is after max_days"),
])
def test_a_bad_rules_file_is_refused_naming_the_place(text: str, problem: str) -> None:
    with pytest.raises(RulesError, match="^f.yaml: ") as caught:
        parse(text, "f.yaml")
    assert problem in str(caught.value)
