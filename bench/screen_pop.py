"""Benchmark: the screen pop, from the service call to the painted caller 360.

    python bench/screen_pop.py --url sqlite:////data/pop.sqlite3 --customers 1000000
    python bench/screen_pop.py --url postgresql+psycopg://... --customers 1000000

Builds the database through demo-data when it is empty, or reuses it. Then:

* ``load_*``: at least 1,000 random callers, each number written a random way
  (``054-1234567``, ``+972 54-123-4567``, ``972541234567``...), timed around one call of
  ``pop_caller(session, raw, full=True)``: the whole 360 in one unit of work;
* ``paint_p95_ms``: the real main window offscreen, from ``AgentView.pop(raw)`` to the
  caller view repainted with the history in it;
* ``rss_growth_mb_100_500``: resident memory after the 500th pop minus after the 100th.

Targets at 1,000,000 customers (issue 3): load p95 ≤ 10 ms on SQLite and ≤ 15 ms on
PostgreSQL, paint p95 ≤ 100 ms, memory growth < 20 MB. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from _common import AS_OF, ensure_database, machine, percentile, rss_mb  # noqa: E402

from agent_desk.data import models as m  # noqa: E402
from agent_desk.data.db import make_engine, session_factory  # noqa: E402
from agent_desk.data.queries import pop_caller  # noqa: E402

FORMATS = (
    lambda n: f"0{n[:2]}-{n[2:]}",
    lambda n: f"0{n}",
    lambda n: f"+972 {n[:2]}-{n[2:5]}-{n[5:]}",
    lambda n: f"972{n}",
    lambda n: f"(0{n[:2]}) {n[2:5]} {n[5:]}",
    lambda n: f"+972-0{n}",
)


def sample_numbers(url: str, customers: int, count: int, rng: random.Random) -> list[str]:
    engine = make_engine(url)
    accounts = [f"{10_000_000 + rng.randrange(customers):08d}" for _ in range(count)]
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(m.Customer.account_number, m.CustomerPhone.e164)
            .join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
            .where(m.Customer.account_number.in_(accounts))
        ).all()
    engine.dispose()
    by_account: dict[str, str] = {}
    for account, e164 in rows:
        by_account.setdefault(account, e164)
    numbers = [by_account[a] for a in accounts if a in by_account]
    return [rng.choice(FORMATS)(e164[4:]) for e164 in numbers]


def measure_loads(url: str, numbers: list[str]) -> list[float]:
    engine = make_engine(url)
    factory = session_factory(engine)
    for raw in numbers[:50]:  # warm the connection pool and the statement caches
        with factory() as session:
            pop_caller(session, raw, today=AS_OF)
    timings = []
    for raw in numbers:
        started = time.perf_counter()
        with factory() as session:
            lookup = pop_caller(session, raw, today=AS_OF)
        timings.append((time.perf_counter() - started) * 1000)
        assert lookup.matches, raw
    engine.dispose()
    return timings


def _pop_and_wait(window, raw: str) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from ``pop(raw)`` to the caller view repainted with its history."""
    from PySide6.QtCore import QEventLoop, QTimer

    view = window.agent_view
    wait = QEventLoop()

    def painted() -> None:
        view.caller.repaint()  # a synchronous paint of the whole 360 with its history
        wait.quit()

    def chooser_or_unknown(busy: bool) -> None:
        if not busy and view.pages.currentWidget() is not view.caller:
            view.pages.currentWidget().repaint()
            wait.quit()

    view.history_shown.connect(painted)
    window.runner.busy_changed.connect(chooser_or_unknown)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(wait.quit)
    started = time.perf_counter()
    view.pop(raw)
    guard.start(10_000)
    wait.exec()
    elapsed = (time.perf_counter() - started) * 1000
    guard.stop()
    view.history_shown.disconnect(painted)
    window.runner.busy_changed.disconnect(chooser_or_unknown)
    return elapsed


def measure_paints(url: str, numbers: list[str]) -> tuple[list[float], dict[int, float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop

    from agent_desk.settings import Settings
    from agent_desk.ui.app import build_window, create_application

    app = create_application()
    window, _translators = build_window(Settings(db_url=url, language="he", demo_customers=0))
    window.resize(1400, 900)
    window.show()
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    window.settled.connect(loop.quit)  # also when the start failed
    window.start()
    loop.exec()
    if window.database is None:
        raise SystemExit(f"the window could not open the database: {window.banner_text.text()}")
    timings: list[float] = []
    rss_at: dict[int, float] = {}
    for n, raw in enumerate(numbers, start=1):
        timings.append(_pop_and_wait(window, raw))
        if n in (100, 500):
            rss_at[n] = rss_mb()
    window.shutdown()
    window.close()
    app.processEvents()
    return timings, rss_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--paints", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-only", action="store_true", help="make the database and stop")
    args = parser.parse_args()

    customers, interactions, built = ensure_database(args.url, args.customers, args.seed)
    if args.build_only:
        print(json.dumps({"benchmark": "screen_pop", "built": customers, "interactions": interactions,
                          "demo_build_s": None if built is None else round(built, 1)}))
        return 0
    rng = random.Random(args.seed)
    numbers = sample_numbers(args.url, customers, max(args.lookups, args.paints) + 50, rng)
    loads = measure_loads(args.url, numbers[: args.lookups + 50])
    paints, rss_at = measure_paints(args.url, numbers[: args.paints])
    growth = rss_at[500] - rss_at[100] if {100, 500} <= rss_at.keys() else None
    figures = {
        "benchmark": "screen_pop",
        "backend": make_engine(args.url).dialect.name,
        "customers": customers,
        "interactions": interactions,
        "lookups": len(loads),
        "load_p50_ms": round(statistics.median(loads), 2),
        "load_p95_ms": round(percentile(loads, 95), 2),
        "load_p99_ms": round(percentile(loads, 99), 2),
        "paint_p50_ms": round(statistics.median(paints), 1),
        "paint_p95_ms": round(percentile(paints, 95), 1),
        "paints": len(paints),
        "rss_mb_after_100": round(rss_at[100], 1) if 100 in rss_at else None,
        "rss_mb_after_500": round(rss_at[500], 1) if 500 in rss_at else None,
        "rss_growth_mb_100_500": None if growth is None else round(growth, 1),
        "rss_mb": round(rss_mb(), 1),
        "demo_build_s": None if built is None else round(built, 1),
        "machine": machine(),
        "date": date.today().isoformat(),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
