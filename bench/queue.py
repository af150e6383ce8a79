"""Benchmark: generating a day's proactive work queue on the server.

    python bench/queue.py --url postgresql+psycopg://... --customers 1000000

Builds the database through demo-data when it is empty (or reuses it, upgrading its
schema), stores the bundled queue rules (as shipped), then times ``generate(session, day)`` (the one
``INSERT ... SELECT`` that ``agent-desk queue generate`` runs) for the demo's "today", a
Wednesday. Each sample runs on a queue with no tasks yet for the day, the heaviest case
(every occasion of every rule's window is new: a week of purchases, every resolved
complaint...), in a transaction that is rolled back afterwards; ``--warmup`` untimed runs
come first. Each sample is checked: the tasks it reports are the rows it inserted, every
rule that has candidates in the demo data made tasks, no customer got two tasks, no
marketing task went to a customer without consent. Then the day is generated for real and
again: the second run must add nothing (``rerun_s``); those tasks are deleted at the end.

Target at 1,000,000 customers (issue 14): ``generate_s`` under 5 s on PostgreSQL.
The last line is one JSON object.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's queue module, which SQLAlchemy's pool
# imports: load that one first, with this folder off the path, then put the folder back.
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE]
import queue  # noqa: E402, F401, I001

sys.path.insert(0, _HERE)

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import UTC, date, datetime  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from _common import AS_OF, ensure_database, machine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from agent_desk.data import models as m  # noqa: E402
from agent_desk.data.db import make_engine  # noqa: E402
from agent_desk.proactive.generate import GenerateReport, generate  # noqa: E402
from agent_desk.proactive.rules import bundled_rules_file, read_file, store  # noqa: E402

# Rules the demo data always has candidates for on its "today" (callbacks and holidays depend
# on the day; birthdays and the loyalty gift on tiers and consent, thin in a small database).
EXPECTED = {"churn_risk", "commitment_ending", "complaint_resolved", "low_nps", "purchase_follow_up"}


def as_jobs(url: str) -> str:
    """A login in the desk_jobs group with a fresh password for this run (PostgreSQL); the
    file's URL unchanged on SQLite."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    import secrets

    from psycopg import sql

    login, password = "bench_jobs", secrets.token_urlsafe(16)
    owner = make_engine(url, deadline=False)
    try:
        with owner.begin() as connection:
            raw = connection.connection.driver_connection
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login})
            raw.execute(sql.SQL(("ALTER" if exists else "CREATE") + " ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS "
                                "PASSWORD {}").format(sql.Identifier(login), sql.Literal(password)))
            raw.execute(sql.SQL("GRANT desk_jobs TO {}").format(sql.Identifier(login)))
    finally:
        owner.dispose()
    return parsed.set(username=login, password=password).render_as_string(hide_password=False)


def check(session: Session, report: GenerateReport, now: datetime) -> None:
    """The sample did what it claims: its rows, one per customer, consent respected."""
    t = m.WorkTask
    mine = sa.and_(t.created_at == now, t.due_on == report.day)
    rows = session.scalar(sa.select(sa.func.count()).where(mine))
    assert rows == report.total > 0, (rows, report.total)
    missing = EXPECTED - set(report.created)
    assert not missing, f"rules made no tasks: {sorted(missing)}"
    customers = session.scalar(sa.select(sa.func.count(sa.distinct(t.customer_id))).where(mine))
    assert customers == rows, "a customer got two tasks"
    marketing = sa.select(m.QueueRule.code).where(m.QueueRule.needs_marketing_consent.is_(True))
    unconsented = session.scalar(
        sa.select(sa.func.count()).select_from(t).join(m.Customer, m.Customer.id == t.customer_id)
        .where(mine, t.rule_code.in_(marketing),
               sa.or_(m.Customer.consent_marketing.is_(False), m.Customer.consent_calls.is_(False))))
    assert unconsented == 0, f"{unconsented} marketing tasks without consent"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=5, help="timed generations (each rolled back)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed generations first")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    customers, interactions, built = ensure_database(args.url, args.customers, args.seed)
    owner = make_engine(args.url, deadline=False)
    # The queue is generated on the server by the housekeeping service's own login (desk_jobs,
    # under row-level security as in production), never the owner: so is every sample here.
    jobs_url = as_jobs(args.url)
    engine = make_engine(jobs_url, deadline=False)
    day = AS_OF
    with Session(owner) as session, session.begin():
        store(session, read_file(bundled_rules_file()))  # the rules as shipped (an admin's work)
        leftover = session.scalar(sa.select(sa.func.count()).where(m.WorkTask.due_on == day))
    assert leftover == 0, f"{leftover} tasks for {day} are already there: use a database without them"

    timings: list[float] = []
    report = None
    for n in range(args.warmup + args.samples):
        now = datetime.now(UTC)
        with Session(engine) as session, session.begin():
            started = time.perf_counter()
            report = generate(session, day, now)
            elapsed = time.perf_counter() - started
            check(session, report, now)
            session.rollback()
        if n >= args.warmup:
            timings.append(elapsed)
    assert report is not None

    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        generate(session, day, now)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        again = generate(session, day, datetime.now(UTC))
    rerun = time.perf_counter() - started
    assert again.total == 0, f"the second run of the day made {again.total} tasks"
    with Session(owner) as session, session.begin():
        session.execute(sa.delete(m.WorkTask).where(m.WorkTask.created_at == now, m.WorkTask.due_on == day))
    backend = engine.dialect.name
    read_as = sa.engine.make_url(jobs_url).username if backend == "postgresql" else "file"
    engine.dispose()
    owner.dispose()
    print(json.dumps({
        "benchmark": "queue",
        "backend": backend,
        "customers": customers,
        "interactions": interactions,
        "day": day.isoformat(),
        "read_as": read_as,
        "samples": len(timings),
        "generate_s": round(statistics.median(timings), 3),
        "generate_max_s": round(max(timings), 3),
        "generate_min_s": round(min(timings), 3),
        "tasks": report.total,
        "tasks_by_rule": dict(sorted(report.created.items())),
        "rerun_s": round(rerun, 3),
        "demo_build_s": None if built is None else round(built, 1),
        "machine": machine(),
        "date": date.today().isoformat(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
