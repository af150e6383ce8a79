"""Shared pieces of the benchmarks: build-or-reuse a demo database, percentiles, memory."""

from __future__ import annotations

import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from agent_desk.data import demo, migrate  # noqa: E402
from agent_desk.data import models as m  # noqa: E402
from agent_desk.data.db import make_engine  # noqa: E402

AS_OF = date(2026, 11, 25)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def machine() -> str:
    return f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}"


def ensure_database(url: str, customers: int, seed: int) -> tuple[int, int, float | None]:
    """(customers, interactions, seconds it took to build or None when reused)."""
    engine = make_engine(url)
    state = migrate.schema_state(engine)
    if state.is_empty or not state.is_current:
        migrate.upgrade(engine)
    with engine.connect() as connection:
        have = connection.scalar(sa.select(sa.func.count()).select_from(m.Customer))
    built = None
    if not have:
        started = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                print(f"  demo data: {done:,}/{total:,} customers", flush=True)

        demo.generate(engine, customers, seed=seed, as_of=AS_OF, progress=progress)
        built = time.perf_counter() - started
        have = customers
    with engine.connect() as connection:
        interactions = connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction))
    engine.dispose()
    return have, interactions, built
