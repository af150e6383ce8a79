"""Today's proactive tasks, built on the server in one set-based statement.

``generate(session, day)`` runs one ``INSERT INTO work_tasks ... SELECT`` for the day:
every enabled rule contributes its candidates (a ``UNION ALL`` of index range reads: due
callbacks, purchases N days ago, birthdays, holiday eves, commitments ending, churn-risk
signals, resolved complaints, low NPS, an admin's added-value touch), then the contact
policy filters them:

* marketing rules reach only customers who consented to marketing *and* to the rule's
  channel; nobody who is no longer active or has asked to cancel is pursued (a callback
  they asked for still comes);
* at most ``max_contacts_30d`` proactive contacts per customer in 30 days, counting the
  outbound contacts logged (interactions and calls); a customer with an open task gets no
  second one; callbacks are exempt (the customer asked for them);
* one task per customer a day (the most urgent rule wins), the same occasion never twice
  (``reason_key``), each rule at most ``daily_limit`` tasks a day, best first: priority is
  the rule's plus the value tier's bonus, so at-risk and high-value customers come first;
* nothing on Shabbat or a holiday: the day's queue is empty (``GenerateReport.closed``);
  occasions that fall on those days (a birthday on Shabbat) are greeted on the working day
  before, follow-ups come on the next working day (their windows span several days).

Running it again for the same day adds nothing (unique keys, ``ON CONFLICT DO NOTHING`` and
"no task for this customer today yet"). The churn-risk rule scores on the server with a
cheap proxy of the churn model (see :func:`_at_risk`); the agent sees the full score on the
caller's 360. Qt-free; the caller owns the unit of work.
"""

from __future__ import annotations

import math
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.proactive import calendar
from agent_desk.proactive.rules import Policy, Rule, RuleSet, ensure_rows, load_from_db

OPEN_STATUSES = ("new", "claimed", "snoozed")
PRELIMIT = 4
# The churn-risk proxy's facts (``agent_desk.churn`` factor names) and how far back each looks.
PROXY_FACTORS = ("commitment_ends_30d", "complaints_60d", "price_rise_pct", "low_satisfaction", "tenure_years")
DEFAULT_WEIGHTS = {"intercept": -2.2, "commitment_ends_30d": 1.4, "complaints_60d": 0.7, "price_rise_pct": 0.05,
                   "low_satisfaction": 0.9, "tenure_years": -0.12}


@dataclass(frozen=True)
class GenerateReport:
    """What a run made: tasks per rule code, or ``closed`` for Shabbat and holidays."""

    day: date
    closed: bool
    created: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.created.values())


class _Sql:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, dialect: str) -> None:
        self.pg = dialect == "postgresql"

    def new_id(self) -> sa.ColumnElement[Any]:
        if self.pg:
            return sa.func.gen_random_uuid()
        return sa.func.lower(sa.func.hex(sa.func.randomblob(16)))

    def json(self, **pairs: Any) -> sa.ColumnElement[Any]:
        args: list[Any] = []
        for key, value in pairs.items():
            args += [sa.literal_column(f"'{key}'"), value if isinstance(value, sa.ColumnElement) else text(value)]
        return (sa.func.json_build_object if self.pg else sa.func.json_object)(*args)

    def days_since(self, day: date, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """Whole days from ``column`` (a date) to ``day``."""
        if self.pg:
            return sa.cast(date_(day), sa.Date) - column
        return sa.func.julianday(date_(day)) - sa.func.julianday(column)


def text(value: Any) -> sa.ColumnElement[Any]:
    return sa.cast(sa.literal(None if value is None else str(value), sa.String), sa.String)


def date_(value: date) -> sa.ColumnElement[Any]:
    return sa.literal(value, sa.Date)


def moment(value: datetime) -> sa.ColumnElement[Any]:
    return sa.literal(value, m.UTCDateTime())


def _key(prefix: str, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return text(prefix) + sa.cast(column, sa.String)


_cu = m.Customer.__table__.alias("cu")


def _consented(rule: Rule) -> list[sa.ColumnElement[bool]]:
    if not rule.needs_marketing_consent:
        return []
    channel = {"phone": _cu.c.consent_calls, "sms": _cu.c.consent_sms, "email": _cu.c.consent_email}[rule.channel]
    return [_cu.c.consent_marketing.is_(True), channel.is_(True)]


class _Candidates:
    """One select per rule, all with the same columns, for the ``UNION ALL``."""

    def __init__(self, sql: _Sql, day: date, now: datetime, policy: Policy, weights: dict[str, float]) -> None:
        self.sql, self.day, self.now, self.policy, self.weights = sql, day, now, policy, weights
        self.next_working = calendar.next_working_day(day)

    def select(self, rule: Rule, source: Any, customer_id: sa.ColumnElement[Any], reason_key: sa.ColumnElement[Any],
               details: sa.ColumnElement[Any], where: list[Any], expires_on: date | sa.ColumnElement[Any] | None = None,
               team_id: Any = None, agent_id: Any = None, first: Any = None) -> sa.Select[Any]:
        """The rule's candidates with the columns every rule has. The customer's status,
        consent, tier and pending cancellation are checked once for all rules, in
        :func:`generate` (a rule that reads customers anyway filters by consent here too).

        A rule with a daily limit hands on only its ``PRELIMIT`` × limit most pressing
        candidates, ``first`` first (the oldest occasion of a window, the soonest end, the
        highest risk): a day's backlog of a hundred thousand purchases is not checked one by
        one for a limit of three thousand calls. The limit itself applies after the policy."""
        expires = (date_(expires_on) if isinstance(expires_on, date) else
                   expires_on if expires_on is not None else sa.cast(sa.null(), sa.Date))
        conditions = [*(_consented(rule) if source is _cu else []), *where]
        query = (
            sa.select(
                customer_id.label("customer_id"),
                text(rule.code).label("rule_code"),
                text(rule.kind).label("kind"),
                reason_key.label("reason_key"),
                details.label("details"),
                sa.literal(rule.priority, sa.Integer).label("priority"),
                text(rule.channel).label("channel"),
                text(rule.script_key).label("script_key"),
                expires.label("expires_on"),
                (team_id if team_id is not None else sa.cast(sa.null(), sa.Uuid)).label("team_id"),
                (agent_id if agent_id is not None else sa.cast(sa.null(), sa.Uuid)).label("agent_id"),
                sa.literal(0 if rule.kind == "callback" else 1, sa.Integer).label("capped"),
                text(rule.channel if rule.needs_marketing_consent else "none").label("consent"),
            )
            .select_from(source)
            .where(*conditions)
        )
        if rule.daily_limit is not None and first is not None:
            # Most customers have not consented to marketing: a marketing rule hands on more.
            factor = PRELIMIT * (3 if rule.needs_marketing_consent else 1)
            pressing = query.order_by(first).limit(rule.daily_limit * factor).subquery()
            return sa.select(*pressing.c)
        return query

    # --- the rules ---------------------------------------------------------------------

    def callback(self, rule: Rule) -> list[sa.Select[Any]]:
        cb = m.Callback.__table__.alias("cb")
        until = calendar.israel_midnight(self.next_working)
        return [self.select(rule, cb, cb.c.customer_id, _key("callback:", cb.c.id),
                            self.sql.json(callback_id=sa.cast(cb.c.id, sa.String), note=cb.c.note),
                            [cb.c.status == d.CallbackStatus.OPEN.value, cb.c.due_at < moment(until)],
                            team_id=cb.c.owner_team_id, agent_id=cb.c.owner_agent_id)]

    def _window(self, min_days: int, max_days: int) -> tuple[datetime, datetime]:
        """[midnight of day - max_days, midnight of day - min_days + 1): Israel days, in UTC."""
        return (calendar.israel_midnight(self.day - timedelta(days=max_days)),
                calendar.israel_midnight(self.day - timedelta(days=min_days - 1)))

    def follow_up(self, rule: Rule) -> list[sa.Select[Any]]:
        i = m.Interaction.__table__.alias("bought")
        low, high = self._window(rule.param("min_days"), rule.param("max_days"))
        return [self.select(rule, i, i.c.customer_id, _key("purchase:", i.c.id),
                            self.sql.json(interaction_id=sa.cast(i.c.id, sa.String), what=i.c.kind),
                            [i.c.kind.in_([d.InteractionKind.PURCHASE.value, d.InteractionKind.PLAN_CHANGE.value]),
                             i.c.occurred_at >= moment(low), i.c.occurred_at < moment(high)],
                            first=i.c.occurred_at)]

    def complaint_check(self, rule: Rule) -> list[sa.Select[Any]]:
        i = m.Interaction.__table__.alias("complaint")
        low, high = self._window(rule.param("min_days"), rule.param("max_days"))
        return [self.select(rule, i, i.c.customer_id, _key("complaint:", i.c.id),
                            self.sql.json(interaction_id=sa.cast(i.c.id, sa.String)),
                            # Resolved (or closed) is when resolved_at is set: read from the index alone.
                            [i.c.resolved_at >= moment(low), i.c.resolved_at < moment(high),
                             i.c.kind == d.InteractionKind.COMPLAINT.value],
                            first=i.c.resolved_at)]

    def low_survey(self, rule: Rule) -> list[sa.Select[Any]]:
        sv = m.SurveyResponse.__table__.alias("sv")
        low, high = self._window(0, rule.param("within_days"))
        return [self.select(rule, sv, sv.c.customer_id, _key("survey:", sv.c.id),
                            self.sql.json(survey_id=sa.cast(sv.c.id, sa.String), score=sv.c.score,
                                          comment=sv.c.comment),
                            [sv.c.responded_at >= moment(low), sv.c.responded_at < moment(high),
                             sv.c.kind == d.SurveyKind.NPS.value, sv.c.score <= rule.param("max_score")],
                            first=sv.c.score)]

    def _tiers(self, rule: Rule) -> list[sa.ColumnElement[bool]]:
        return [_cu.c.value_tier.in_(list(rule.param("tiers")))]

    def birthday(self, rule: Rule) -> list[sa.Select[Any]]:
        # The birthdays from today until the next working day: one on Shabbat is greeted on Friday.
        covered = [self.day + timedelta(days=n) for n in range((self.next_working - self.day).days)]
        pairs = {(c.month, c.day): c for c in covered}
        for c in covered:  # born on 29 February: greeted on the 28th in other years
            if c.month == 2 and c.day == 28 and (c + timedelta(days=1)).month == 3:
                pairs[(2, 29)] = c
        month, dom = sa.extract("month", _cu.c.birth_date), sa.extract("day", _cu.c.birth_date)
        matches = [sa.and_(month == mo, dom == dy) for mo, dy in pairs]
        on = sa.case(*((sa.and_(month == mo, dom == dy), c.isoformat()) for (mo, dy), c in pairs.items()))
        return [self.select(rule, _cu, _cu.c.id, text(f"birthday:{self.day.year}"),
                            self.sql.json(on=sa.cast(on, sa.String)),
                            [_cu.c.birth_date.isnot(None), sa.or_(*matches), *self._tiers(rule)],
                            expires_on=covered[-1], first=_cu.c.customer_since)]

    def holiday(self, rule: Rule) -> list[sa.Select[Any]]:
        wanted = {name.casefold() for name in rule.param("holidays")}
        before = rule.param("days_before")
        selects = []
        english = calendar.israeli_holidays(self.day.year)
        for on, name in sorted(english.items()):
            first_day = calendar.holiday_name(on - timedelta(days=1)) != name
            if name.casefold() not in wanted or not first_day or not on - timedelta(days=before) <= self.day < on:
                continue
            hebrew = calendar.holiday_name(on, "he") or name
            selects.append(self.select(
                rule, _cu, _cu.c.id, text(f"holiday:{on.isoformat()}"),
                self.sql.json(holiday_en=name, holiday_he=hebrew, on=on.isoformat()),
                self._tiers(rule), expires_on=on - timedelta(days=1), first=_cu.c.customer_since))
        return selects

    def commitment(self, rule: Rule) -> list[sa.Select[Any]]:
        s = m.Subscription.__table__.alias("committed")
        end = self.day + timedelta(days=rule.param("within_days"))
        return [self.select(rule, s, s.c.customer_id,
                            _key("commitment:", s.c.id) + text(":") + sa.cast(s.c.commitment_end, sa.String),
                            self.sql.json(subscription_id=sa.cast(s.c.id, sa.String),
                                          commitment_end=sa.cast(s.c.commitment_end, sa.String)),
                            [s.c.commitment_end >= date_(self.day), s.c.commitment_end <= date_(end),
                             s.c.status == d.SubscriptionStatus.ACTIVE.value],
                            expires_on=s.c.commitment_end, first=s.c.commitment_end)]

    def added_value(self, rule: Rule) -> list[sa.Select[Any]]:
        start, end = rule.param("from"), rule.param("to")
        if (start and self.day < date.fromisoformat(start)) or (end and self.day > date.fromisoformat(end)):
            return []
        joined_by = self.day - timedelta(days=round(rule.param("min_tenure_years") * 365.25))
        message = rule.param("message") or {}
        return [self.select(rule, _cu, _cu.c.id, text(f"touch:{rule.code}"),
                            self.sql.json(message_he=message.get("he"), message_en=message.get("en")),
                            [_cu.c.customer_since <= date_(joined_by), *self._tiers(rule)],
                            expires_on=date.fromisoformat(end) if end else None, first=_cu.c.customer_since)]

    def at_risk(self, rule: Rule) -> list[sa.Select[Any]]:
        """Customers whose churn risk is at or above the threshold, by a proxy of the model.

        Scoring a million customers in Python would take minutes, so the server evaluates the
        churn model's logistic form (``agent_desk.churn``) on the facts it can read cheaply,
        with the hand-set ``churn_weights``: complaints in 60 days, a commitment ending within
        30 days (or ended in the last 30), the largest price rise in 90 days (the model takes
        the latest), a low latest survey and tenure. Contacts, late payments and accepted
        offers are left out. The first three are summed per customer from index range reads;
        only customers whose sum could still reach the threshold are looked up one by one for
        the survey and tenure. A customer with none of the three recent signals is never
        scored: their risk is below any useful threshold.
        """
        w = {**DEFAULT_WEIGHTS, **self.weights}
        rc = m.Customer.__table__.alias("rc")
        since60, since90 = (calendar.israel_midnight(self.day - timedelta(days=n)) for n in (60, 90))
        i, b, s, sv = (t.alias() for t in (m.Interaction.__table__, m.BillingEvent.__table__,
                                           m.Subscription.__table__, m.SurveyResponse.__table__))
        part = sa.Float
        parts = sa.union_all(
            sa.select(i.c.customer_id.label("customer_id"),
                      sa.cast(sa.func.count() * w["complaints_60d"], part).label("part"))
            .where(i.c.kind == d.InteractionKind.COMPLAINT.value, i.c.occurred_at >= moment(since60))
            .group_by(i.c.customer_id),
            sa.select(b.c.customer_id, sa.cast(
                sa.func.max((b.c.amount - b.c.previous_amount) * 100 / b.c.previous_amount) * w["price_rise_pct"],
                part))
            .where(b.c.kind == d.BillingKind.PRICE_CHANGE.value, b.c.occurred_at >= moment(since90),
                   b.c.previous_amount > 0, b.c.amount > b.c.previous_amount)
            .group_by(b.c.customer_id),
            sa.select(s.c.customer_id, sa.cast(sa.literal(w["commitment_ends_30d"]), part))
            .where(s.c.commitment_end >= date_(self.day - timedelta(days=30)),
                   s.c.commitment_end <= date_(self.day + timedelta(days=30)),
                   s.c.status == d.SubscriptionStatus.ACTIVE.value)
            .group_by(s.c.customer_id),
        ).subquery("parts")
        threshold = rule.param("threshold")
        cutoff = math.log(threshold / (1 - threshold))
        # The most the survey and tenure could still add: only customers who can reach the
        # threshold are looked up one by one.
        headroom = max(0.0, w["low_satisfaction"]) + max(0.0, w["tenure_years"] * 50)
        summed = (sa.select(parts.c.customer_id, sa.func.sum(parts.c.part).label("partial"))
                  .group_by(parts.c.customer_id)
                  .having(w["intercept"] + sa.func.sum(parts.c.part) + headroom >= cutoff)
                  .subquery("summed"))
        low = sa.func.coalesce(
            sa.select(sa.case((sa.or_(sa.and_(sv.c.kind == d.SurveyKind.NPS.value, sv.c.score <= 6),
                                      sa.and_(sv.c.kind == d.SurveyKind.CSAT.value, sv.c.score <= 2)), 1), else_=0))
            .where(sv.c.customer_id == rc.c.id).order_by(sv.c.responded_at.desc()).limit(1).scalar_subquery(), 0)
        tenure = self.sql.days_since(self.day, rc.c.customer_since) / 365.25
        z = (sa.literal(w["intercept"], sa.Float) + summed.c.partial + w["low_satisfaction"] * low
             + w["tenure_years"] * tenure)
        scored = (sa.select(rc.c.id.label("customer_id"), z.label("z"))
                  .select_from(summed.join(rc, rc.c.id == summed.c.customer_id))
                  .subquery("scored"))
        earlier = m.WorkTask.__table__.alias("earlier")
        cooldown = self.day - timedelta(days=rule.param("cooldown_days"))
        return [self.select(rule, scored, scored.c.customer_id, text(f"risk:{self.day.isoformat()}"),
                            self.sql.json(risk_log_odds=scored.c.z),
                            [scored.c.z >= cutoff,
                             ~sa.exists().where(earlier.c.customer_id == scored.c.customer_id,
                                                earlier.c.kind == "at_risk", earlier.c.due_on > date_(cooldown))],
                            first=scored.c.z.desc())]


def _weights(session: Session) -> dict[str, float]:
    rows = session.execute(sa.select(m.ChurnWeight.factor, m.ChurnWeight.weight)).all()
    return {factor: float(weight) for factor, weight in rows if factor in (*PROXY_FACTORS, "intercept")}


def generate(session: Session, day: date, now: datetime | None = None,
             rule_set: RuleSet | None = None) -> GenerateReport:
    """Make ``day``'s tasks (an Israel calendar day); the caller commits."""
    started = clock.perf_counter()
    now = now or datetime.now(UTC)
    if not calendar.is_working_day(day):
        return GenerateReport(day, closed=True)
    if rule_set is None:
        rule_set = load_from_db(session)
    else:
        ensure_rows(session, rule_set)
    dialect = session.get_bind().dialect.name
    sql = _Sql(dialect)
    if sql.pg:
        # The day's candidates are sorted and hashed in memory (a few hundred thousand rows at a
        # million customers), not spilled to disk; for this transaction only.
        session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
        # One big statement of many small index reads: compiling it (JIT) cost ~3 s of ~9.
        session.execute(sa.text("SET LOCAL jit = off"))
    candidates = _Candidates(sql, day, now, rule_set.policy, _weights(session))
    selects: list[sa.Select[Any]] = []
    for rule in rule_set.rules:
        if rule.enabled:
            selects += getattr(candidates, rule.kind)(rule)
    if not selects:
        return GenerateReport(day, closed=False, seconds=clock.perf_counter() - started)
    cand = sa.union_all(*selects).subquery("cand")
    tasks = m.WorkTask.__table__
    same = tasks.alias("same")
    today_task = tasks.alias("today_task")
    open_task = tasks.alias("open_task")
    since = moment(calendar.israel_midnight(day - timedelta(days=30)))
    outbound = m.Interaction.__table__.alias("outbound")
    calls = m.RetentionCall.__table__.alias("calls")
    # Outbound contacts of the last 30 days, counted once per customer from two small
    # index ranges (not looked up candidate by candidate).
    recent = sa.union_all(
        sa.select(outbound.c.customer_id).where(outbound.c.occurred_at >= since,
                                                outbound.c.direction == d.Direction.OUTBOUND.value),
        sa.select(calls.c.customer_id).where(calls.c.started_at >= since, calls.c.customer_id.isnot(None),
                                             calls.c.direction == d.CallDirection.OUTBOUND.value),
    ).subquery("recent")
    contacted = (sa.select(recent.c.customer_id, sa.func.count().label("contacts"))
                 .group_by(recent.c.customer_id).subquery("contacted"))
    bonus = sa.case(*((_cu.c.value_tier == tier, value) for tier, value in rule_set.policy.tier_bonus.items()),
                    else_=0)
    channel_consent = sa.case((cand.c.consent == "phone", _cu.c.consent_calls),
                              (cand.c.consent == "sms", _cu.c.consent_sms),
                              (cand.c.consent == "email", _cu.c.consent_email), else_=sa.false())
    leaving = m.Subscription.__table__.alias("leaving")
    allowed = (
        sa.select(cand.c.customer_id, cand.c.rule_code, cand.c.kind, cand.c.reason_key, cand.c.details,
                  (cand.c.priority + bonus).label("priority"), cand.c.channel, cand.c.script_key, cand.c.expires_on,
                  cand.c.team_id, cand.c.agent_id,
                  sa.func.row_number().over(partition_by=cand.c.customer_id,
                                            order_by=((cand.c.priority + bonus).desc(), cand.c.rule_code)).label("nth"))
        .select_from(cand.join(_cu, _cu.c.id == cand.c.customer_id)
                     .outerjoin(contacted, contacted.c.customer_id == cand.c.customer_id))
        .where(_cu.c.status == d.CustomerStatus.ACTIVE.value,
               sa.or_(cand.c.consent == "none", sa.and_(_cu.c.consent_marketing.is_(True), channel_consent.is_(True))),
               # Nobody who asked to cancel is pursued; a callback they asked for still comes.
               sa.or_(cand.c.capped == 0,
                      ~sa.exists().where(leaving.c.customer_id == cand.c.customer_id,
                                         leaving.c.status == d.SubscriptionStatus.PENDING_CANCELLATION.value)),
               ~sa.exists().where(same.c.customer_id == cand.c.customer_id, same.c.reason_key == cand.c.reason_key),
               ~sa.exists().where(today_task.c.customer_id == cand.c.customer_id, today_task.c.due_on == date_(day)),
               sa.or_(cand.c.capped == 0,
                      sa.and_(~sa.exists().where(open_task.c.customer_id == cand.c.customer_id,
                                                 open_task.c.status.in_(OPEN_STATUSES)),
                              sa.func.coalesce(contacted.c.contacts, 0) < rule_set.policy.max_contacts_30d)))
        .subquery("allowed")
    )
    per_rule = (
        sa.select(allowed, sa.func.row_number().over(partition_by=allowed.c.rule_code,
                                                     order_by=(allowed.c.priority.desc(), allowed.c.customer_id))
                  .label("nth_in_rule"))
        .where(allowed.c.nth == 1)
        .subquery("per_rule")
    )
    # A daily limit counts the day's earlier runs too: running again adds nothing.
    made_today = dict(session.execute(sa.select(tasks.c.rule_code, sa.func.count())
                                      .where(tasks.c.due_on == date_(day)).group_by(tasks.c.rule_code)).all())
    limits = [(r.code, max(r.daily_limit - made_today.get(r.code, 0), 0))
              for r in rule_set.rules if r.enabled and r.daily_limit is not None]
    limit = sa.case(*((per_rule.c.rule_code == code, n) for code, n in limits), else_=None) if limits else None
    chosen = sa.select(
        sql.new_id(), moment(now), per_rule.c.customer_id, per_rule.c.rule_code, per_rule.c.kind,
        per_rule.c.reason_key, per_rule.c.details, per_rule.c.priority, per_rule.c.channel, per_rule.c.script_key,
        date_(day), per_rule.c.expires_on, per_rule.c.team_id, per_rule.c.agent_id, text("new"),
    ).where(sa.or_(limit.is_(None), per_rule.c.nth_in_rule <= limit) if limit is not None else sa.true())
    columns = ["id", "created_at", "customer_id", "rule_code", "kind", "reason_key", "details", "priority",
               "channel", "script_key", "due_on", "expires_on", "team_id", "agent_id", "status"]
    insert = (postgresql.insert(tasks) if sql.pg else sqlite.insert(tasks)).from_select(columns, chosen)
    made: dict[str, int] = {}
    for code in session.scalars(insert.on_conflict_do_nothing().returning(tasks.c.rule_code)):
        made[code] = made.get(code, 0) + 1
    return GenerateReport(day, closed=False, created=made,
                          seconds=clock.perf_counter() - started)
