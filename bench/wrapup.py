"""Benchmark: from Ctrl+Enter on the wrap-up to the call committed in the database.

    python bench/wrapup.py --url postgresql+psycopg://... [--calls 300]

The real main window runs offscreen. For each call: pop a caller, end the call, fill in the
outcome and the reason, then time from the Ctrl+Enter key press to the ``submitted`` signal,
which the window gets only after the transaction has committed (validation, the call row,
the audit event, the commit, and the hop back to the GUI thread). ``service_*`` times
``submit_call`` alone in a session, for comparison. Target (issue 6) on PostgreSQL: submit
p95 under 50 ms. Builds demo data into an empty database first. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from _common import ensure_database, machine, percentile
from sqlalchemy.orm import Session

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ids import new_id
from agent_desk.wrapup import WrapUp, submit_call


def callers(url: str, count: int, rng: random.Random, customers: int) -> list[str]:
    engine = make_engine(url)
    accounts = [f"{10_000_000 + rng.randrange(customers):08d}" for _ in range(count * 3)]
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        numbers = connection.scalars(
            sa.select(m.CustomerPhone.e164).join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .where(m.Customer.account_number.in_(accounts), m.CustomerPhone.e164.in_(owners))).all()
    engine.dispose()
    return list(dict.fromkeys(numbers))[:count]


def measure_window(url: str, numbers: list[str]) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from agent_desk.settings import Settings
    from agent_desk.ui.app import build_window, create_application

    _app = create_application()  # keep the application alive while the window runs
    window, _translators = build_window(Settings(db_url=url, language="en"))
    window.show()
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    window.start()
    loop.exec()
    view, panel = window.agent_view, window.agent_view.wrapup

    def wait_for(signal) -> None:  # type: ignore[no-untyped-def]
        waiter = QEventLoop()
        signal.connect(waiter.quit)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(waiter.quit)
        guard.start(10_000)
        waiter.exec()
        guard.stop()
        signal.disconnect(waiter.quit)

    timings = []
    for raw in numbers:
        view.pop(raw)
        wait_for(view.history_shown)
        view.end_call()
        panel.disposition.setCurrentIndex(panel.disposition.findData("saved"))
        panel.primary.setCurrentIndex(panel.primary.findData("too_expensive"))
        panel.notes.setPlainText("Benchmark call")
        panel.notes.setFocus()
        done = QEventLoop()
        panel.submitted.connect(done.quit)
        started = time.perf_counter()
        QTest.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        done.exec()
        timings.append((time.perf_counter() - started) * 1000)
        panel.submitted.disconnect(done.quit)
    window.shutdown()
    window.close()
    return timings


def measure_service(url: str, count: int) -> list[float]:
    engine = make_engine(url)
    with engine.connect() as connection:
        agent_id = connection.scalar(sa.select(m.Agent.id).where(m.Agent.username == "agent01"))
        customer_ids = connection.scalars(sa.select(m.Customer.id).limit(count)).all()
    timings = []
    now = datetime.now(UTC)
    for customer_id in customer_ids:
        wrapup = WrapUp(call_id=new_id(), agent_id=agent_id, customer_id=customer_id,
                        started_at=now - timedelta(minutes=8), disposition="saved", primary_reason="too_expensive",
                        notes="Benchmark call")
        started = time.perf_counter()
        with Session(engine) as session, session.begin():
            submit_call(session, wrapup)
        timings.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=10_000, help="demo customers if the database is empty")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    customers, _interactions, _built = ensure_database(args.url, args.customers, args.seed)
    numbers = callers(args.url, args.calls, random.Random(args.seed), customers)
    window = measure_window(args.url, numbers)[10:]  # the first few warm the caches
    service = measure_service(args.url, args.calls)[10:]
    print(json.dumps({
        "benchmark": "wrapup",
        "backend": make_engine(args.url).dialect.name,
        "customers": customers,
        "calls": len(window),
        "submit_p50_ms": round(statistics.median(window), 2),
        "submit_p95_ms": round(percentile(window, 95), 2),
        "submit_p99_ms": round(percentile(window, 99), 2),
        "service_p50_ms": round(statistics.median(service), 2),
        "service_p95_ms": round(percentile(service, 95), 2),
        "machine": machine(),
        "date": date.today().isoformat(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
