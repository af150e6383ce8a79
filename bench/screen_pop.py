"""Benchmark: the screen pop, from the service call to the painted caller 360.

    python bench/screen_pop.py --url sqlite:////data/pop.sqlite3 --customers 1000000
    python bench/screen_pop.py --url postgresql+psycopg://... --customers 1000000

Builds the database through demo-data when it is empty, or reuses it (upgrading its schema).
Callers are distinct random customers, each number written a random way (``054-1234567``,
``+972 54-123-4567``, ``972541234567``...). Then:

* ``load_*``: ``--lookups`` callers after 50 untimed ones, timed around one
  ``pop_caller(session, raw, full=True)``: the whole 360 in one unit of work. Each answer is
  checked (the right customer, with the history).
* ``paint_*``: the real main window offscreen, in Hebrew, from ``AgentView.pop(raw)`` to the
  caller view repainted with that caller's history; ``--paints`` timed pops after
  ``--warmup`` untimed ones. Each pop is checked: the caller's account in the header and
  every history row in the timeline. A pop that fails or takes longer than ``--timeout-ms``
  is counted in ``paint_failures``, never in the figures, and the exit status is 1.
  After each pop the agent ends the call and submits its wrap-up (Ctrl+E, outcome, reason,
  Ctrl+Enter; not timed), so the next pop meets no unfinished call.
* A number several customers share pops the chooser instead: those pops are counted and
  timed apart (``chooser_*``, ``shared_*``), never mixed into the paint or load figures.
* ``rss_growth_mb_100_500``: resident memory after the 500th timed pop minus after the 100th.

Targets at 1,000,000 customers (issue 3): load p95 ≤ 10 ms on SQLite and ≤ 15 ms on
PostgreSQL, paint p95 ≤ 100 ms, memory growth < 20 MB. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from _common import AS_OF, as_person, ensure_database, machine, open_window, percentile, rss_mb, wait_for  # noqa: E402

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


@dataclass(frozen=True)
class Caller:
    """A number to pop, written one of the six ways, and what the pop must show for it."""

    raw: str
    account: str
    owners: int  # customers sharing the number: more than one means the chooser


def sample_callers(url: str, customers: int, count: int, rng: random.Random) -> list[Caller]:
    """``count`` distinct random customers' numbers, each written a random way."""
    engine = make_engine(url)
    accounts = list(dict.fromkeys(f"{10_000_000 + rng.randrange(customers):08d}" for _ in range(count * 2)))
    phone = m.CustomerPhone
    owners = sa.select(sa.func.count()).select_from(phone.__table__.alias("other")).where(
        sa.literal_column("other.e164") == phone.e164).scalar_subquery()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(m.Customer.account_number, phone.e164, owners)
            .join(phone, phone.customer_id == m.Customer.id)
            .where(m.Customer.account_number.in_(accounts))
        ).all()
    engine.dispose()
    by_account: dict[str, tuple[str, int]] = {}
    for account, e164, n in sorted(rows):
        by_account.setdefault(account, (e164, n))
    callers = [Caller(rng.choice(FORMATS)(by_account[a][0][4:]), a, by_account[a][1])
               for a in accounts if a in by_account]
    if len(callers) < count:
        raise SystemExit(f"only {len(callers)} callers found for {count} samples: is the database complete?")
    return callers[:count]


def measure_loads(url: str, callers: list[Caller], warmup: int) -> tuple[list[float], list[float], dict[str, int]]:
    """(load ms of single-owner callers, lookup ms of shared numbers, timeline rows by account).

    Each sample is checked: the right customer with the history, or the chooser's owners.
    """
    engine = make_engine(url)
    factory = session_factory(engine)
    for caller in callers[:warmup]:  # warm the connection pool and the statement caches
        with factory() as session:
            pop_caller(session, caller.raw, today=AS_OF)
    loads, shared, rows = [], [], {}
    for caller in callers[warmup:]:
        started = time.perf_counter()
        with factory() as session:
            lookup = pop_caller(session, caller.raw, today=AS_OF)
        elapsed = (time.perf_counter() - started) * 1000
        if caller.owners > 1:
            assert lookup.profile is None and len(lookup.matches) == caller.owners, caller
            shared.append(elapsed)
            continue
        assert lookup.profile is not None and lookup.profile.account_number == caller.account, caller
        assert lookup.history is not None, caller
        rows[caller.account] = len(lookup.history.timeline)
        loads.append(elapsed)
    engine.dispose()
    return loads, shared, rows


@dataclass
class Paints:
    """What the window did for each pop: caller paints (the figure), chooser pops (apart)."""

    timings: list[float] = field(default_factory=list)
    chooser: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    attempts: int = 0
    rss_at: dict[int, float] = field(default_factory=dict)


def expected_rows(url: str, caller: Caller) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        lookup = pop_caller(session, caller.raw, today=AS_OF)
    engine.dispose()
    assert lookup.history is not None, caller
    return len(lookup.history.timeline)


def _pop(window, caller: Caller, timeout_ms: int) -> tuple[float, str | None]:  # type: ignore[no-untyped-def]
    """Milliseconds from ``pop(raw)`` to the caller's 360 repainted with their history, and
    what went wrong (None: it painted the right caller)."""
    view = window.agent_view

    def painted(account: str) -> bool:
        if account != caller.account:
            return False  # a stale answer for another caller: not this pop
        view.caller.repaint()  # a synchronous paint of the whole 360 with its history
        return True

    def chooser_shown(busy: bool) -> bool:
        if busy or view.pages.currentWidget() is not view.chooser_page:
            return False
        view.chooser_page.repaint()
        return True

    started = time.perf_counter()
    if caller.owners > 1:
        ok = wait_for(window.runner.busy_changed, timeout_ms, start=lambda: view.pop(caller.raw),
                      accept=chooser_shown, also_stop_on=view.failed, give_up=view.replace_bar.isVisible)
    else:
        ok = wait_for(view.history_shown, timeout_ms, start=lambda: view.pop(caller.raw),
                      accept=painted, also_stop_on=view.failed, give_up=view.replace_bar.isVisible)
    elapsed = (time.perf_counter() - started) * 1000
    if view.replace_bar.isVisible():
        return elapsed, "asked to replace the unfinished call"
    if not ok:
        return elapsed, f"no paint within {timeout_ms} ms (or the lookup failed)"
    if caller.owners > 1:
        if view.chooser.count() != caller.owners:
            return elapsed, f"the chooser shows {view.chooser.count()} customers, not {caller.owners}"
    elif view.pages.currentWidget() is not view.caller or caller.account not in view.header.account.text():
        return elapsed, "another page or another customer is on screen"
    return elapsed, None


def _end_call(window, timeout_ms: int) -> str | None:  # type: ignore[no-untyped-def]
    """End the call as an agent does (Ctrl+E, outcome, reason, Ctrl+Enter), so the next pop
    finds no unfinished call. Returns what went wrong, or None."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.agent_view
    panel = view.wrapup
    if not panel.in_progress:
        return None
    QTest.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    if view.call_ended is None:
        return "Ctrl+E did not end the call"
    panel.disposition.setCurrentIndex(panel.disposition.findData("undecided"))
    panel.primary.setCurrentIndex(panel.primary.findData("too_expensive"))
    panel.notes.setPlainText("Screen-pop benchmark call")
    panel.notes.setFocus()
    if not wait_for(panel.submitted, timeout_ms, also_stop_on=panel.failed,
                    start=lambda: QTest.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)):
        return f"the wrap-up was not submitted: {panel.result.text()!r}"
    return None


def measure_paints(url: str, callers: list[Caller], rows: dict[str, int], paints: int, warmup: int,
                   timeout_ms: int, max_failures: int) -> Paints:
    """Pop callers until ``paints`` caller paints were timed after ``warmup`` untimed ones."""
    app, window, _translators = open_window(url, "he")
    view = window.agent_view
    result = Paints()
    warm = 0
    for caller in callers:
        if result.attempts >= paints or len(result.failures) >= max_failures:
            break
        if caller.owners == 1 and caller.account not in rows:
            rows[caller.account] = expected_rows(url, caller)
        elapsed, problem = _pop(window, caller, timeout_ms)
        if problem is None and caller.owners == 1 \
                and view.caller.timeline_model.rowCount() != rows[caller.account]:
            problem = (f"the history shows {view.caller.timeline_model.rowCount()} events, "
                       f"not {rows[caller.account]}")
        if problem is None:
            problem = _end_call(window, timeout_ms)
        if problem is not None and view.replace_bar.isVisible():
            view.replace_yes.click()  # the agent gives up the old call; the sample already failed
        if caller.owners > 1:
            if problem is None:
                result.chooser.append(elapsed)
            else:
                result.failures.append(f"{caller.raw} (shared): {problem}")
            continue
        if warm < warmup:
            warm += 1
            if problem is not None:
                result.failures.append(f"{caller.raw} (warm-up): {problem}")
            continue
        result.attempts += 1
        if problem is None:
            result.timings.append(elapsed)
        else:
            result.failures.append(f"{caller.raw}: {problem}")
        if result.attempts in (100, 500):
            result.rss_at[result.attempts] = rss_mb()
    window.shutdown()
    window.close()
    app.processEvents()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=1000, help="timed service lookups")
    parser.add_argument("--paints", type=int, default=500, help="timed caller paints")
    parser.add_argument("--warmup", type=int, default=20, help="untimed pops (and 50 lookups) first")
    parser.add_argument("--timeout-ms", type=int, default=10_000, help="a pop slower than this is a failure")
    parser.add_argument("--max-failures", type=int, default=5, help="stop after this many failed pops")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-only", action="store_true", help="make the database and stop")
    args = parser.parse_args()

    customers, interactions, built = ensure_database(args.url, args.customers, args.seed)
    if args.build_only:
        print(json.dumps({"benchmark": "screen_pop", "built": customers, "interactions": interactions,
                          "demo_build_s": None if built is None else round(built, 1)}))
        return 0
    rng = random.Random(args.seed)
    # Distinct customers: the lookups first, then fresh ones for the window (about 1 in 20
    # numbers is shared, so draw a margin for the chooser pops).
    want_paints = int((args.paints + args.warmup) * 1.2) + 20
    callers = sample_callers(args.url, customers, args.lookups + 50 + want_paints, rng)
    person = as_person(args.url)  # the desk's own login on PostgreSQL, under row-level security
    loads, shared_loads, rows = measure_loads(person, callers[: args.lookups + 50], warmup=50)
    paints = measure_paints(person, callers[args.lookups + 50:], rows, args.paints, args.warmup,
                            args.timeout_ms, args.max_failures)
    for failure in paints.failures:
        print(f"  failed pop: {failure}", file=sys.stderr)
    growth = paints.rss_at[500] - paints.rss_at[100] if {100, 500} <= paints.rss_at.keys() else None

    def p(values: list[float], q: float, digits: int) -> float | None:
        return round(percentile(values, q), digits) if values else None

    figures = {
        "benchmark": "screen_pop",
        "backend": make_engine(args.url).dialect.name,
        "customers": customers,
        "interactions": interactions,
        "lookups": len(loads),
        "load_p50_ms": p(loads, 50, 2),
        "load_p95_ms": p(loads, 95, 2),
        "load_p99_ms": p(loads, 99, 2),
        "shared_lookups": len(shared_loads),
        "shared_lookup_p95_ms": p(shared_loads, 95, 2),
        "paints": paints.attempts,
        "paint_failures": len(paints.failures),
        "paint_p50_ms": p(paints.timings, 50, 1),
        "paint_p95_ms": p(paints.timings, 95, 1),
        "paint_p99_ms": p(paints.timings, 99, 1),
        "warmup_pops": args.warmup,
        "chooser_pops": len(paints.chooser),
        "chooser_p95_ms": p(paints.chooser, 95, 1),
        "rss_mb_after_100": round(paints.rss_at[100], 1) if 100 in paints.rss_at else None,
        "rss_mb_after_500": round(paints.rss_at[500], 1) if 500 in paints.rss_at else None,
        "rss_growth_mb_100_500": None if growth is None else round(growth, 1),
        "rss_mb": round(rss_mb(), 1),
        "demo_build_s": None if built is None else round(built, 1),
        "machine": machine(),
        "date": date.today().isoformat(),
    }
    print(json.dumps(figures))
    if paints.failures or paints.attempts != args.paints:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
