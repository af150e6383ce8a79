"""Benchmark: ranking save offers for a caller with a long history.

    python bench/offers.py --url sqlite:////data/pop.sqlite3 --customers 1000000
    python bench/offers.py --url postgresql+psycopg://... --customers 1000000

Builds the database through demo-data when it is empty (or reuses it), relearns the save
rates, picks at least 1,000 callers with about 60 interactions (50 or more) and times one
``rank_for_call(session, customer, reason, agent)`` each: profile, offer history, catalog,
learned rates, open incidents and the ranking, in one unit of work.
Target at 1,000,000 customers (issue 5): rank p95 under 10 ms. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date

import sqlalchemy as sa
from _common import AS_OF, ensure_database, machine, percentile, rss_mb
from sqlalchemy.orm import Session

from agent_desk.data import models as m
from agent_desk.data.db import make_engine, session_factory
from agent_desk.data.reference import CANCELLATION_REASONS
from agent_desk.domain import Role
from agent_desk.offers.service import rank_for_call, refresh_save_rates

LONG_HISTORY = 50


def long_history_callers(engine, customers: int, count: int, rng: random.Random) -> list:
    """Customers with 50+ interactions, found by sampling accounts (a GROUP BY over all
    interactions would take longer than the benchmark)."""
    found = []
    with engine.connect() as connection:
        while len(found) < count:
            accounts = [f"{10_000_000 + rng.randrange(customers):08d}" for _ in range(500)]
            ids = connection.scalars(sa.select(m.Customer.id).where(m.Customer.account_number.in_(accounts))).all()
            for customer_id in ids:
                n = connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction)
                                      .where(m.Interaction.customer_id == customer_id))
                if n >= LONG_HISTORY:
                    found.append((customer_id, n))
    return found[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--ranks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    customers, _interactions, built = ensure_database(args.url, args.customers, args.seed)
    engine = make_engine(args.url)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        cells = refresh_save_rates(session)
    refresh_s = time.perf_counter() - started
    rng = random.Random(args.seed)
    callers = long_history_callers(engine, customers, args.ranks + 50, rng)
    reasons = [code for code, parent, *_ in CANCELLATION_REASONS if parent or code in ("competitor", "moving")]
    with Session(engine) as session:
        agent_id = session.scalar(sa.select(m.Agent.id).where(m.Agent.role == Role.AGENT).order_by(m.Agent.username))
    factory = session_factory(engine)
    for customer_id, _n in callers[:50]:  # warm up the pool and the statement caches
        with factory() as session:
            rank_for_call(session, customer_id, "too_expensive", agent_id, AS_OF)
    timings, offered = [], []
    for customer_id, _n in callers[50:]:
        reason = rng.choice(reasons)
        t0 = time.perf_counter()
        with factory() as session:
            result = rank_for_call(session, customer_id, reason, agent_id, AS_OF)
        timings.append((time.perf_counter() - t0) * 1000)
        offered.append(len(result.ranking.offers))
    engine.dispose()
    print(json.dumps({
        "benchmark": "offers",
        "backend": make_engine(args.url).dialect.name,
        "customers": customers,
        "ranks": len(timings),
        "interactions_per_caller_mean": round(statistics.mean(n for _c, n in callers), 1),
        "offers_per_rank_mean": round(statistics.mean(offered), 2),
        "rank_p50_ms": round(statistics.median(timings), 2),
        "rank_p95_ms": round(percentile(timings, 95), 2),
        "rank_p99_ms": round(percentile(timings, 99), 2),
        "refresh_rates_s": round(refresh_s, 2),
        "rate_cells": cells,
        "rss_mb": round(rss_mb(), 1),
        "demo_build_s": None if built is None else round(built, 1),
        "machine": machine(),
        "date": date.today().isoformat(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
