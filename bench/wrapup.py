"""Benchmark: from Ctrl+Enter on the wrap-up to the call committed in the database.

    python bench/wrapup.py --url postgresql+psycopg://... [--calls 300]

The real main window runs offscreen. For each call: pop a caller, end the call (Ctrl+E),
fill in the wrap-up the way an agent does, then time from the Ctrl+Enter key press to the
``submitted`` signal, which the window gets only after the transaction has committed
(validation, the call row and the rows it brings, the audit event, the commit, and the hop
back to the GUI thread). On PostgreSQL the desk is the offline desk (``docs/sync.md``): that
commit is the desk's copy, on its disk with its outbox entry, and ``on_server_*`` times, to
the same start, until the server has the call (the sync worker sends it). The calls take
turns through three kinds of wrap-up:

* ``saved``: the lightest, an outcome, a reason and notes;
* ``cancelled_callback``: a cancellation (its subscriptions marked, a confirmation number
  for the customer) with a callback scheduled for tomorrow;
* ``saved_survey``: a save with an NPS answer and a referral.

Each sample is checked after its timing: the call row is in the database with its outcome,
and the confirmation number, the callback, the survey answer and the referral are there
when the kind has them. A submit that fails or takes longer than ``--timeout-ms`` is a
failure (exit status 1), not a figure. The first ``--warmup`` calls are not timed.
``service_*`` times ``submit_call`` alone in a session, for comparison.
Target (issue 6) on PostgreSQL: submit p95 under 50 ms. Builds demo data into an empty
database first. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from _common import as_person, ensure_database, machine, open_window, percentile, wait_for
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ids import new_id
from agent_desk.wrapup import WrapUp, submit_call

KINDS = ("saved", "cancelled_callback", "saved_survey")


def callers(url: str, count: int, rng: random.Random, customers: int) -> list[str]:
    """Numbers of distinct random customers who own their number alone, with a live subscription.

    Draws more accounts until there are enough: each run cancels about a third of its callers'
    subscriptions, so a reused database has fewer live callers among the same seeded draw.
    """
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    live = sa.select(m.Subscription.customer_id).where(m.Subscription.status == d.SubscriptionStatus.ACTIVE)
    found: list[str] = []
    with engine.connect() as connection:
        for _attempt in range(10):
            accounts = [f"{10_000_000 + rng.randrange(customers):08d}" for _ in range(count * 3)]
            numbers = connection.scalars(
                sa.select(m.CustomerPhone.e164).join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
                .where(m.Customer.account_number.in_(accounts), m.CustomerPhone.e164.in_(owners),
                       m.Customer.id.in_(live))).all()
            found = list(dict.fromkeys([*found, *numbers]))
            if len(found) >= count:
                break
    engine.dispose()
    rng.shuffle(found)
    if len(found) < count:
        raise SystemExit(f"only {len(found)} callers found for {count} calls")
    return found[:count]


def fill_in(panel, kind: str) -> None:  # type: ignore[no-untyped-def]
    """The wrap-up as an agent fills it in for this kind of call."""
    from PySide6.QtCore import QDate

    outcome = {"saved": "saved", "cancelled_callback": "cancelled", "saved_survey": "saved"}[kind]
    panel.disposition.setCurrentIndex(panel.disposition.findData(outcome))
    panel.primary.setCurrentIndex(panel.primary.findData("too_expensive"))
    panel.notes.setPlainText(f"Benchmark call ({kind})")
    if kind == "cancelled_callback":
        panel.effective.setDate(QDate.currentDate().addDays(30))
        panel.callback.setChecked(True)
        panel.callback_note.setText("Call back about the cancellation")
    elif kind == "saved_survey":
        panel.survey_kind.setCurrentIndex(panel.survey_kind.findData("nps"))
        panel.survey_score.setValue(9)
        panel.referral_name.setText("Dana Levi")
        panel.referral_phone.setText("052-555-0199")
        panel.referral_consent.setChecked(True)


def check_saved(engine: sa.Engine, call_id: uuid.UUID, kind: str) -> str | None:
    """What is missing from the database for this submitted call (None: all there)."""
    with engine.connect() as connection:
        call = connection.execute(sa.select(m.RetentionCall.disposition_code, m.RetentionCall.confirmation_number,
                                            m.RetentionCall.submitted_at)
                                  .where(m.RetentionCall.id == call_id)).one_or_none()
        if call is None or call.submitted_at is None:
            return "no submitted call row"
        expected = "cancelled" if kind == "cancelled_callback" else "saved"
        if call.disposition_code != expected:
            return f"outcome {call.disposition_code!r}, not {expected!r}"

        def count(model) -> int:  # type: ignore[no-untyped-def]
            return connection.scalar(sa.select(sa.func.count()).select_from(model).where(model.call_id == call_id))

        if kind == "cancelled_callback":
            if not call.confirmation_number:
                return "a cancellation without a confirmation number"
            if count(m.Callback) != 1:
                return "no callback row"
        if kind == "saved_survey" and (count(m.SurveyResponse) != 1 or count(m.Referral) != 1):
            return "no survey answer or no referral"
    return None


def measure_window(url: str, numbers: list[str], warmup: int, timeout_ms: int, check_url: str
                   ) -> tuple[dict[str, list[float]], list[str]]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    app, window, _translators = open_window(url, "en")
    view, panel = window.agent_view, window.agent_view.wrapup
    engine = make_engine(check_url)  # what was stored, read as the owner
    timings: dict[str, list[float]] = {kind: [] for kind in (*KINDS, "on_server")}
    failures: list[str] = []
    for n, raw in enumerate(numbers):
        kind = KINDS[n % len(KINDS)]
        if not wait_for(view.history_shown, timeout_ms, start=lambda raw=raw: view.pop(raw),
                        also_stop_on=view.failed, give_up=view.replace_bar.isVisible):
            failures.append(f"{raw}: the pop did not show the caller")
            if view.replace_bar.isVisible():
                view.replace_yes.click()
            continue
        QTest.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        fill_in(panel, kind)
        panel.notes.setFocus()
        call_id = panel.base.call_id
        started = time.perf_counter()
        ok = wait_for(panel.submitted, timeout_ms, also_stop_on=panel.failed,
                      start=lambda: QTest.keyClick(panel.notes, Qt.Key.Key_Return,
                                                   Qt.KeyboardModifier.ControlModifier))
        elapsed = (time.perf_counter() - started) * 1000
        problem = None if ok else f"not submitted: {panel.result.text()!r}"
        sent_ms = None
        if ok and window.sync is not None:
            # The offline desk: the wrap-up is on the desk's disk now and goes to the server a
            # moment later. Timed too, untimed wait by polling the server (every 10 ms).
            deadline = time.perf_counter() + timeout_ms / 1000
            while check_saved(engine, call_id, kind) is not None and time.perf_counter() < deadline:
                QTest.qWait(10)
            sent_ms = (time.perf_counter() - started) * 1000
        if ok:
            problem = check_saved(engine, call_id, kind)
        if problem is not None:
            failures.append(f"{raw} ({kind}): {problem}")
            if panel.in_progress:  # let the next call start clean
                panel.base = None
        elif n >= warmup:
            timings[kind].append(elapsed)
            if sent_ms is not None:
                timings["on_server"].append(sent_ms)
    engine.dispose()
    window.shutdown()
    window.close()
    app.processEvents()
    return timings, failures


def measure_service(url: str, count: int, warmup: int) -> list[float]:
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
    return timings[warmup:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--customers", type=int, default=10_000, help="demo customers if the database is empty")
    parser.add_argument("--calls", type=int, default=300, help="timed calls, shared by the three kinds")
    parser.add_argument("--warmup", type=int, default=9)
    parser.add_argument("--timeout-ms", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    customers, _interactions, _built = ensure_database(args.url, args.customers, args.seed)
    numbers = callers(args.url, args.calls + args.warmup, random.Random(args.seed), customers)
    person = as_person(args.url)  # the desk's own login on PostgreSQL, under row-level security
    window, failures = measure_window(person, numbers, args.warmup, args.timeout_ms, check_url=args.url)
    service = measure_service(person, args.calls + args.warmup, args.warmup)
    for failure in failures:
        print(f"  failed call: {failure}", file=sys.stderr)
    every = [t for kind in KINDS for t in window[kind]]
    figures: dict[str, object] = {
        "benchmark": "wrapup",
        "backend": make_engine(args.url).dialect.name,
        "customers": customers,
        "calls": len(every),
        "failures": len(failures),
        "submit_p50_ms": round(percentile(every, 50), 2) if every else None,
        "submit_p95_ms": round(percentile(every, 95), 2) if every else None,
        "submit_p99_ms": round(percentile(every, 99), 2) if every else None,
    }
    for kind in KINDS:
        figures[f"{kind}_calls"] = len(window[kind])
        figures[f"{kind}_p50_ms"] = round(percentile(window[kind], 50), 2) if window[kind] else None
        figures[f"{kind}_p95_ms"] = round(percentile(window[kind], 95), 2) if window[kind] else None
    on_server = window["on_server"]
    figures.update({
        # The offline desk (PostgreSQL): from Ctrl+Enter to the call on the server, through the
        # desk's copy and its sync (None on the embedded file: the submit is the commit).
        "offline_desk": bool(on_server),
        "on_server_p50_ms": round(percentile(on_server, 50), 2) if on_server else None,
        "on_server_p95_ms": round(percentile(on_server, 95), 2) if on_server else None,
        "service_p50_ms": round(percentile(service, 50), 2),
        "service_p95_ms": round(percentile(service, 95), 2),
        "machine": machine(),
        "date": date.today().isoformat(),
    })
    print(json.dumps(figures))
    return 1 if failures or len(every) != args.calls else 0


if __name__ == "__main__":
    sys.exit(main())
