"""Benchmark: the team lead's console over N calls: call log pages and the dashboards.

    python bench/lead.py --url postgresql+psycopg://... --calls 5000000

Builds or reuses N calls: the call log benchmark's builder (``bench/call_log.py`` ``build``:
three years of calls, 40 agents in four teams, 1 in 200 corrected), then, once, what the
dashboards read that it leaves out, for the calls of the last :data:`RICH_DAYS` days: customers
with a subscription each, a script version (two versions of one script) and the walked path,
offers presented (accepted on saves with an offer, declined on some cancellations) and the
90-day verdict of older saves. On PostgreSQL that is one UPDATE and a few INSERT ... SELECT.

Everything timed is read as the desk reads it, on the person's own login on PostgreSQL (row-level
security, issue 11; ``_common.as_person``): a team's pages and dashboards as that team's lead,
the floor's as an admin (the builder adds one when the database has none). Each is timed in its
own session, after one untimed warm-up of the same call, and checked afterwards, untimed, as
the database's owner; a wrong answer ends the run (exit status 1): it is not a figure.

* ``page_p95_ms``: the call log's pages through ``CallLogService.page``: ``bench/call_log.py``'s
  scenarios (first page and the next ten, filtered and sorted) plus a deep walk of
  :data:`DEEP_PAGES` pages of the team's quarter by its lead. Every timed page is checked
  against a plain ``ORDER BY ... LIMIT`` query (``call_log.walk``): its rows and whether more
  follow; ``pages_checked`` equals ``pages_timed``.
* ``dashboard_max_ms``: the slowest dashboard as the screen loads it
  (``DashboardService.dashboard``: save rate and handle time, saves kept, offer value, repeat
  contacts) for the lead's team over 90 days by week and a year by month, by agent and by
  reason, and the floor's by team; and the funnel of two script versions compared, the team's
  and the floor's. Each answer is checked against plain queries (calls and corrected saves from
  ``call_log.outcome_counts``, known customers' calls, accepted offers on saves, the versions'
  calls); ``dashboards_checked`` equals the number of dashboards timed.

  They read as the desk does after a night's ``agent-desk jobs run``: the days up to yesterday
  from the rollup (``agent_desk.data.rollup``; made before the timing, untimed: ``rollup_s``
  for ``rollup_days`` days, all of them on the first run, then the days new or changed since)
  and today from the calls; and one day of 30 days ago (``read_live``) from the calls too: a
  lead corrects a call of that day after the rollup, as leads do every day. The checks above
  then also prove that correction counted.

Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# bench/ is first on sys.path when this runs as a script, and bench/queue.py would then stand
# in for the standard library's queue (which concurrent.futures imports): take the real one first.
_here = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if p != _here]
import queue  # noqa: E402, F401

sys.path.append(_here)
sys.path.insert(0, str(Path(_here).parent))

import call_log as log_bench  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from _common import machine, percentile  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from agent_desk.data import call_log as cl  # noqa: E402
from agent_desk.data import dashboards as dash  # noqa: E402
from agent_desk.data import migrate, rollup  # noqa: E402
from agent_desk.data import models as m  # noqa: E402
from agent_desk.data.db import make_engine  # noqa: E402
from agent_desk.ids import new_id  # noqa: E402
from agent_desk.wrapup import ISRAEL  # noqa: E402

RICH_DAYS = 400
DEEP_PAGES = 60
BENCH_SCRIPT = "bench-lead-price"


# --- what the dashboards read beyond the call log's calls ---------------------------------


def enrich(engine: sa.Engine, calls: int, as_of: date) -> float | None:
    """Customers, script paths, offers and verdicts for the recent calls; seconds, None if done."""
    with Session(engine) as session:
        if session.scalar(sa.select(sa.func.count()).select_from(m.CallScriptVersion)
                          .where(m.CallScriptVersion.script_key == BENCH_SCRIPT)):
            return None
    started = time.perf_counter()
    since = datetime.combine(as_of - timedelta(days=RICH_DAYS), datetime.min.time(), tzinfo=ISRAEL).astimezone(UTC)
    customers = max(100, min(100_000, calls // 50))
    with Session(engine) as session, session.begin():
        product = session.scalars(sa.select(m.Product.id).order_by(m.Product.code)).first()
        versions = []
        for n in (1, 2):
            version = m.CallScriptVersion(script_key=BENCH_SCRIPT, version=n, title_he="תסריט מחיר (מדד)",
                                          title_en="Price script (bench)", source="", sha256=f"{n}" * 64)
            session.add(version)
            versions.append(version)
        session.flush()
        version_ids = [v.id for v in versions]
        offers = list(session.scalars(sa.select(m.Offer.id).order_by(m.Offer.code)))
    customer_table, subscription_table = m.Customer.__table__, m.Subscription.__table__
    with engine.begin() as connection:  # Core inserts fill the models' Python defaults
        for first in range(0, customers, 10_000):
            rows = [{"id": new_id(), "account_number": f"LB{n:08d}", "first_name": "לקוח", "last_name": f"מדד {n}",
                     "customer_since": date(2020, 1, 1)} for n in range(first, min(customers, first + 10_000))]
            connection.execute(customer_table.insert(), rows)
            connection.execute(subscription_table.insert(), [
                {"id": new_id(), "customer_id": r["id"], "product_id": product, "monthly_price": 60 + n % 140,
                 "started_on": date(2021, 1, 1), "status": "active"} for n, r in enumerate(rows)])
    if engine.dialect.name == "postgresql":
        _enrich_pg(engine, since, version_ids, offers, as_of)
    else:
        _enrich_python(engine, since, version_ids, offers, as_of)
    return time.perf_counter() - started


def _enrich_pg(engine: sa.Engine, since: datetime, versions: list, offers: list, as_of: date) -> None:
    v1, v2 = (str(v) for v in versions)
    offer_array = "ARRAY[" + ",".join(f"'{o}'::uuid" for o in offers) + "]"
    checked_before = datetime.combine(as_of - timedelta(days=90), datetime.min.time(), tzinfo=UTC)
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
        # Set-up, as the owner: submitted calls are immutable to the desk (a trigger refuses any
        # change) and audited; the bench gives its synthetic calls their paths without either.
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.execute(sa.text(
            "CREATE TEMP TABLE bench_customers ON COMMIT DROP AS "
            "SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS n FROM customers "
            "WHERE account_number LIKE 'LB%'"))
        connection.exec_driver_sql("CREATE INDEX ON bench_customers (n)")
        total = connection.exec_driver_sql("SELECT count(*) FROM bench_customers").scalar()
        # The path: greet, the reason, on version 2 a needs step, and the offer step (accept on a
        # save with an offer, decline otherwise); hashes of the id pick version and customer.
        connection.execute(sa.text(f"""
            UPDATE retention_calls r SET
              customer_id = c.id,
              script_version_id = CASE WHEN h % 2 = 0 THEN '{v1}'::uuid ELSE '{v2}'::uuid END,
              script_path = CASE WHEN h % 2 = 0 THEN json_build_array(
                  json_build_object('step', 'greet', 'answer', 'ok'),
                  json_build_object('step', 'reason', 'answer', r.primary_reason_code),
                  json_build_object('step', 'offer', 'answer', k.answer))
                ELSE json_build_array(
                  json_build_object('step', 'greet', 'answer', 'ok'),
                  json_build_object('step', 'reason', 'answer', r.primary_reason_code),
                  json_build_object('step', 'needs', 'answer', CASE WHEN h % 3 = 0 THEN 'usage' ELSE 'price' END),
                  json_build_object('step', 'offer', 'answer', k.answer)) END,
              still_active_90d = CASE WHEN r.disposition_code IN ('saved', 'saved_with_offer', 'downgraded')
                                       AND r.started_at < :checked
                                      THEN h % 10 < 7 END
            FROM (SELECT id AS call_id, abs(hashtext(id::text)) AS h,
                         CASE WHEN disposition_code IN ('saved_with_offer', 'downgraded') THEN 'accept'
                              ELSE 'decline' END AS answer
                  FROM retention_calls WHERE started_at >= :since AND script_version_id IS NULL) k,
                 bench_customers c
            WHERE r.id = k.call_id AND c.n = k.h % {total}"""), {"since": since, "checked": checked_before})
        connection.execute(sa.text(f"""
            INSERT INTO offer_presentations (id, created_at, call_id, offer_id, customer_id, presented_at, response,
                                             responded_at, cost)
            SELECT gen_random_uuid(), r.started_at, r.id,
                   ({offer_array})[1 + abs(hashtext(r.id::text || 'o')) % {len(offers)}], r.customer_id,
                   r.started_at + interval '2 minutes',
                   CASE WHEN r.disposition_code IN ('saved_with_offer', 'downgraded') THEN 'accepted'
                        ELSE 'declined' END,
                   r.started_at + interval '3 minutes', 20 + abs(hashtext(r.id::text)) % 200
            FROM retention_calls r
            WHERE r.started_at >= :since AND r.customer_id IS NOT NULL
              AND (r.disposition_code IN ('saved_with_offer', 'downgraded')
                   OR (r.disposition_code = 'cancelled' AND abs(hashtext(r.id::text)) % 2 = 0))"""),
                           {"since": since})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("retention_calls", "offer_presentations", "customers", "subscriptions"):
            connection.exec_driver_sql(f"VACUUM ANALYZE {table}")


def _enrich_python(engine: sa.Engine, since: datetime, versions: list, offers: list, as_of: date) -> None:
    import zlib

    call, p = m.RetentionCall, m.OfferPresentation
    checked_before = datetime.combine(as_of - timedelta(days=90), datetime.min.time(), tzinfo=UTC)
    saves_with_offer = ("saved_with_offer", "downgraded")
    with Session(engine) as session, session.begin():
        customers = list(session.scalars(sa.select(m.Customer.id).where(m.Customer.account_number.like("LB%"))
                                         .order_by(m.Customer.id)))
        rows = session.execute(sa.select(call.id, call.started_at, call.primary_reason_code, call.disposition_code)
                               .where(call.started_at >= since, call.script_version_id.is_(None))).all()
        for r in rows:
            h = zlib.crc32(str(r.id).encode())
            path = [{"step": "greet", "answer": "ok"}, {"step": "reason", "answer": r.primary_reason_code}]
            if h % 2:
                path.append({"step": "needs", "answer": "usage" if h % 3 == 0 else "price"})
            path.append({"step": "offer", "answer": "accept" if r.disposition_code in saves_with_offer else "decline"})
            saved = r.disposition_code in ("saved", "saved_with_offer", "downgraded")
            customer = customers[h % len(customers)]
            session.execute(sa.update(call).where(call.id == r.id).values(
                customer_id=customer, script_version_id=versions[h % 2], script_path=path,
                still_active_90d=(h % 10 < 7) if saved and r.started_at < checked_before else None))
            if r.disposition_code in saves_with_offer or (r.disposition_code == "cancelled" and h % 2 == 0):
                session.add(p(call_id=r.id, offer_id=offers[h % len(offers)], customer_id=customer,
                              presented_at=r.started_at + timedelta(minutes=2),
                              response="accepted" if r.disposition_code in saves_with_offer else "declined",
                              responded_at=r.started_at + timedelta(minutes=3), cost=20 + h % 200))
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


# --- the nightly rollup, and a change made after it ----------------------------------------


def roll_up(engine: sa.Engine, as_of: date) -> tuple[float, int]:
    """What ``agent-desk jobs run`` does each night for the dashboards, untimed by the figures:
    roll up the days before ``as_of`` that are new or changed (all of them the first time).
    Seconds taken and days rolled."""
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        days = rollup.refresh(session, as_of)
    return time.perf_counter() - started, days


def change_after_rollup(engine: sa.Engine, as_of: date) -> date | None:
    """A lead corrects the outcome of a call of 30 days ago after the rollup was made, as
    happens every day: that day is then read from the calls (its mark), and the timed
    dashboards read both ways at once. The Israeli day changed; None on SQLite (no rollup)."""
    if engine.dialect.name != "postgresql":
        return None
    call, cc = m.RetentionCall, m.CallCorrection
    day = as_of - timedelta(days=30)
    start = datetime.combine(day, datetime.min.time(), tzinfo=ISRAEL).astimezone(UTC)
    with Session(engine) as session, session.begin():
        target = session.execute(
            sa.select(call.id, call.started_at, call.disposition_code)
            .where(call.amends_call_id.is_(None), call.started_at >= start,
                   call.started_at < start + timedelta(days=1), call.disposition_code.in_(("saved", "cancelled")),
                   ~sa.exists().where(cc.call_id == call.id))
            .order_by(call.started_at).limit(1)).first()
        lead = log_bench._admin(session)
        if target is None or lead is None:
            return None
        new = "cancelled" if target.disposition_code == "saved" else "saved"
        session.add(m.CallCorrection(call_id=target.id, call_started_at=target.started_at, corrected_by=lead.id,
                                     field="outcome", old_value=target.disposition_code, new_value=new,
                                     why="bench: corrected after the rollup"))
    with Session(engine) as session:
        cover = rollup.coverage(session, day, day, rollup.codes(session))
    if day not in cover.dirty:
        raise SystemExit(f"the correction of {day} did not mark its day: the dashboards would read it stale")
    return day


# --- checking what a dashboard says -------------------------------------------------------


def _check_dashboard(session: Session, board: dash.Dashboard, name: str) -> None:
    flt = board.flt
    start, end = flt.window()
    counts = cl.outcome_counts(session, start, end, flt.team_id)
    saves = dash._save_codes(session)
    calls_ref = sum(n for code, n in counts.items() if code is not None)
    saves_ref = sum(n for code, n in counts.items() if code in saves)

    def fail(what: str, got: object, expected: object) -> None:
        raise SystemExit(f"{name}: {what} is {got}, a plain query says {expected}")

    if board.dimension is not dash.Dimension.OFFER:
        got = (sum(t.calls for t in board.calls.totals), sum(t.saves for t in board.calls.totals))
        if got != (calls_ref, saves_ref):
            fail("(calls, saves)", got, (calls_ref, saves_ref))
    if sum(t.calls for t in board.kept.totals) != saves_ref:
        fail("saves in the 90-day figure", sum(t.calls for t in board.kept.totals), saves_ref)
    call = m.RetentionCall
    where = [call.amends_call_id.is_(None), call.started_at >= start, call.started_at < end]
    if flt.team_id is not None:
        where.append(call.agent_id.in_(sa.select(m.Agent.id).where(m.Agent.team_id == flt.team_id)))
    known = session.scalar(sa.select(sa.func.count()).where(*where, call.customer_id.is_not(None)))
    if sum(t.calls for t in board.repeats.totals) != known:
        fail("known customers' calls", sum(t.calls for t in board.repeats.totals), known)
    p = m.OfferPresentation
    accepted = session.scalar(sa.select(sa.func.count()).select_from(p).join(call, call.id == p.call_id)
                              .where(*where, p.response == "accepted", cl.effective_value("outcome").in_(saves)))
    if sum(t.saves for t in board.offers.totals) != accepted:
        fail("accepted offers on saves", sum(t.saves for t in board.offers.totals), accepted)


def _check_comparison(session: Session, cmp: dash.Comparison, flt: dash.DashboardFilter) -> None:
    start, end = flt.window()
    call = m.RetentionCall
    for side in (cmp.a, cmp.b):
        where = [call.amends_call_id.is_(None), call.started_at >= start, call.started_at < end,
                 call.script_version_id == side.version_id]
        if flt.team_id is not None:
            where.append(call.agent_id.in_(sa.select(m.Agent.id).where(m.Agent.team_id == flt.team_id)))
        n = session.scalar(sa.select(sa.func.count()).where(*where, call.disposition_code.is_not(None)))
        greet = next((s for s in side.steps if s.step == "greet"), None)
        if side.calls != n or greet is None or greet.reached != n:
            raise SystemExit(f"funnel v{side.version}: {side.calls} calls, greet reached by "
                             f"{greet.reached if greet else None}; a plain query says {n}")
    if cmp.difference is None or not (cmp.low <= cmp.difference <= cmp.high):
        raise SystemExit(f"funnel comparison: difference {cmp.difference} outside [{cmp.low}, {cmp.high}]")


def time_dashboards(engine: sa.Engine, desk: log_bench.Readers, today: date,
                    failures: list[str]) -> tuple[dict[str, float], int]:
    """Each dashboard: one untimed warm-up, then timed once in a fresh session and checked.
    One that the desk's statement deadline cancels goes to ``failures`` (never a figure).

    The team's dashboards run as the team's lead, the floor's as an admin (``desk``: their own
    logins on PostgreSQL, as the desk runs them). Checks read as the owner."""
    with Session(engine) as session:
        versions = list(session.scalars(sa.select(m.CallScriptVersion.id)
                                        .where(m.CallScriptVersion.script_key == BENCH_SCRIPT)
                                        .order_by(m.CallScriptVersion.version)))
    quarter = dash.DashboardFilter(today - timedelta(days=89), today, dash.Period.WEEK)
    year = dash.DashboardFilter(today - timedelta(days=364), today, dash.Period.MONTH)
    lead = dash.DashboardService(desk.factories["team"], desk.team_id)
    floor = dash.DashboardService(desk.factories["floor"], None)
    cases = [
        ("team_quarter_weeks", lead, quarter, dash.Dimension.ALL),
        ("team_quarter_by_agent", lead, quarter, dash.Dimension.AGENT),
        ("team_year_months_by_reason", lead, year, dash.Dimension.REASON),
        ("team_year_months_by_offer", lead, year, dash.Dimension.OFFER),
        ("floor_quarter_by_team", floor, quarter, dash.Dimension.TEAM),
    ]
    timings: dict[str, float] = {}
    checked = 0
    for name, service, flt, dimension in cases:
        try:
            service.dashboard(flt, dimension)  # warm-up
            began = time.perf_counter()
            board = service.dashboard(flt, dimension)
        except sa.exc.OperationalError as exc:  # the desk's statement deadline: a failure, not a figure
            failures.append(f"{name}: {type(exc.orig).__name__}: {str(exc.orig).splitlines()[0]}")
            print(f"{name}: FAILED ({failures[-1]})", file=sys.stderr, flush=True)
            continue
        timings[name] = round((time.perf_counter() - began) * 1000, 1)
        with Session(engine) as session:
            _check_dashboard(session, board, name)
        checked += 1
        print(f"{name}: {timings[name]} ms", file=sys.stderr, flush=True)
    if len(versions) != 2:
        raise SystemExit(f"{len(versions)} versions of the bench script {BENCH_SCRIPT!r}; the funnel compares two")
    for name, service, flt in (("funnel_team_quarter", lead, quarter), ("funnel_floor_year", floor, year)):
        try:
            service.compare(versions[0], versions[1], flt)  # warm-up
            began = time.perf_counter()
            cmp = service.compare(versions[0], versions[1], flt)
        except sa.exc.OperationalError as exc:
            failures.append(f"{name}: {type(exc.orig).__name__}: {str(exc.orig).splitlines()[0]}")
            print(f"{name}: FAILED ({failures[-1]})", file=sys.stderr, flush=True)
            continue
        timings[name] = round((time.perf_counter() - began) * 1000, 1)
        with Session(engine) as session:
            _check_comparison(session, cmp, service._scoped(flt))
        checked += 1
        print(f"{name}: {timings[name]} ms", file=sys.stderr, flush=True)
    return timings, checked


def time_deep_pages(engine: sa.Engine, desk: log_bench.Readers, today: date, page_size: int) -> tuple[list[float], int]:
    """The team's quarter, newest first, walked :data:`DEEP_PAGES` pages deep by its lead; every
    page timed and checked (``call_log.walk``)."""
    flt = cl.CallFilter(today - timedelta(days=89), today, team_id=desk.team_id)
    times, checked, _rows = log_bench.walk(desk.team, flt, cl.DEFAULT_SORT, DEEP_PAGES, page_size, engine, "deep walk")
    return times, checked


def run(url: str, calls: int, seed: int, page_size: int) -> dict:
    engine = make_engine(url, deadline=False)
    as_of = datetime.now(ISRAEL).date()
    state = migrate.schema_state(engine)
    have = 0
    if not state.is_empty and state.is_current:
        with engine.connect() as connection:
            have = connection.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall))
    with Session(engine) as session:
        admin = log_bench._admin(session) if have else None
    short = have < calls or not state.is_current or admin is None
    built = log_bench.build(engine, calls, seed, as_of) if short else None
    enriched = enrich(engine, calls, as_of)
    rolled_s, rolled_days = roll_up(engine, as_of)
    changed_day = change_after_rollup(engine, as_of)
    with log_bench.readers(url, engine) as desk:
        log_figures = log_bench.time_scenarios(engine, desk, page_size)
        deep, deep_checked = time_deep_pages(engine, desk, as_of, page_size)
        failures: list[str] = []
        dashboards, dashboards_checked = time_dashboards(engine, desk, as_of, failures)
        read_as = desk.read_as
    log_samples = log_figures["samples"]
    with Session(engine) as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall))
        presentations = session.scalar(sa.select(sa.func.count()).select_from(m.OfferPresentation))
    engine.dispose()
    return {
        "bench": "lead", "database": engine.dialect.name, "calls": total, "offer_presentations": presentations,
        "page_size": page_size, "pages_timed": len(log_samples) + len(deep),
        "pages_checked": log_figures["pages_checked"] + deep_checked,
        # The larger of the two p95s: the deep walk's pages do not dilute the scenarios' (nor
        # the reverse).
        "page_p95_ms": round(max(percentile(log_samples, 95), percentile(deep, 95)), 1),
        "log_page_p95_ms": round(percentile(log_samples, 95), 1),
        "deep_page_p95_ms": round(percentile(deep, 95), 1), "deep_pages": len(deep),
        # With a failed dashboard the slowest is unknown: no figure.
        "dashboard_max_ms": None if failures else max(dashboards.values()), "dashboards": dashboards,
        "failures": failures,
        "dashboards_checked": dashboards_checked, "read_as": read_as,
        "built_s": None if built is None else round(built, 1),
        "enriched_s": None if enriched is None else round(enriched, 1),
        "rollup_s": round(rolled_s, 1), "rollup_days": rolled_days,
        "read_live": None if changed_day is None else changed_day.isoformat(), "machine": machine(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--page-size", type=int, default=cl.PAGE_SIZE)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not 1 <= args.page_size <= cl.MAX_PAGE_SIZE:
        parser.error(f"--page-size must be 1 to {cl.MAX_PAGE_SIZE} (the call log's largest page)")
    result = run(args.url, args.calls, args.seed, args.page_size)
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
