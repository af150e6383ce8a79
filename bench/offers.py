"""Benchmark: ranking save offers for a caller with a long history.

    python bench/offers.py --url sqlite:////data/pop.sqlite3 --customers 1000000
    python bench/offers.py --url postgresql+psycopg://... --customers 1000000

Builds the database through demo-data when it is empty (or reuses it), relearns the save
rates, then ranks offers for ``--ranks`` distinct random customers with a live subscription
(who calls a retention desk), after ``--warmup`` untimed ones. Each sample is timed around
``rank_for_call(session, customer, reason, agent)`` exactly as the offers panel calls it
(a session from the desk's factory, today's date, all kinds): profile, open incidents,
catalog, offer history, learned rates and the agent's authority, eligibility and ranking
in one unit of work. The reason is a random leaf of the desk's reason tree and the agent a
random agent (authority differs). Each answer is checked (this customer, this reason,
every active offer ranked or refused).
Target at 1,000,000 customers (issue 5): rank p95 under 10 ms. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import date

import sqlalchemy as sa
from _common import as_person, ensure_database, machine, percentile, rss_mb
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine, session_factory
from agent_desk.domain import Role
from agent_desk.offers.service import CallOffers, offer_history, rank_for_call, refresh_save_rates


def retention_callers(engine: sa.Engine, customers: int, count: int, rng: random.Random) -> list[uuid.UUID]:
    """Distinct random customers with a live subscription: who calls a retention desk.

    The ranking reads what they hold (plans, categories, commitments), their value tier,
    region and tenure, their earlier offers and any open incident; the sample is uniform
    over the customers who can leave, not chosen by any of those.
    """
    found: list[uuid.UUID] = []
    live = sa.select(m.Subscription.customer_id).where(
        m.Subscription.status.in_([d.SubscriptionStatus.ACTIVE, d.SubscriptionStatus.PAUSED]))
    with engine.connect() as connection:
        while len(found) < count:
            accounts = [f"{10_000_000 + rng.randrange(customers):08d}" for _ in range(500)]
            found += connection.scalars(sa.select(m.Customer.id).where(
                m.Customer.account_number.in_(accounts), m.Customer.id.in_(live))).all()
            found = list(dict.fromkeys(found))
    rng.shuffle(found)
    return found[:count]


def desk_reasons(session: Session) -> list[str]:
    """The reasons an agent can pick on the desk: the leaves of the active reason tree."""
    tree = session.execute(sa.select(m.CancellationReason.code, m.CancellationReason.parent_code)
                           .where(m.CancellationReason.active)).all()
    parents = {parent for _code, parent in tree}
    return sorted(code for code, _parent in tree if code not in parents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--ranks", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    customers, _interactions, built = ensure_database(args.url, args.customers, args.seed)
    engine = make_engine(args.url)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        cells = refresh_save_rates(session)
    refresh_s = time.perf_counter() - started
    rng = random.Random(args.seed)
    callers = retention_callers(engine, customers, args.ranks + args.warmup, rng)
    with Session(engine) as session:
        reasons = desk_reasons(session)
        agents = session.scalars(sa.select(m.Agent.id).where(m.Agent.role == Role.AGENT, m.Agent.active)
                                 .order_by(m.Agent.username)).all()
    person = make_engine(as_person(args.url))  # the desk's own login, under row-level security
    factory = session_factory(person)

    def rank_as_the_panel_does(customer_id: uuid.UUID, reason: str, agent_id: uuid.UUID) -> CallOffers | None:
        # OffersPanel.rank(): one session from the desk's factory, today's date, all kinds.
        with factory() as session:
            return rank_for_call(session, customer_id, reason, agent_id, kinds=None)

    timings, offered, earlier, within, empty = [], [], [], [], 0
    for n, customer_id in enumerate(callers):
        reason, agent_id = rng.choice(reasons), rng.choice(agents)
        t0 = time.perf_counter()
        result = rank_as_the_panel_does(customer_id, reason, agent_id)
        elapsed = (time.perf_counter() - t0) * 1000
        # Each sample did the whole job: this customer, this reason, every active offer
        # either ranked or refused with the rules it failed.
        assert result is not None and result.customer_id == customer_id and result.reason == reason
        assert len(result.ranking.offers) + len(result.ranking.ineligible) > 0
        if n < args.warmup:  # the pool and the statement caches warm up
            continue
        timings.append(elapsed)
        offered.append(len(result.ranking.offers))
        empty += not result.ranking.offers
        within.append(result.ranking.best_within_authority is not None)
        with factory() as session:
            earlier.append(len(offer_history(session, customer_id).presentations))
    engine.dispose()
    print(json.dumps({
        "benchmark": "offers",
        "backend": make_engine(args.url).dialect.name,
        "customers": customers,
        "ranks": len(timings),
        "reasons": len(reasons),
        "agents": len(agents),
        "earlier_offers_per_caller_mean": round(statistics.mean(earlier), 2),
        "callers_with_earlier_offers": sum(1 for e in earlier if e),
        "offers_per_rank_mean": round(statistics.mean(offered), 2),
        "ranks_with_no_offer": empty,
        "ranks_with_one_within_authority": sum(within),
        "rank_p50_ms": round(percentile(timings, 50), 2),
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
