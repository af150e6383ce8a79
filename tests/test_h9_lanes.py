"""TaskRunner lanes (issue 9, item 5): polls never pile up, the newest answer is the only one
that counts, draft writes never wait behind database work; and errors reach people as
plain lines without SQL or parameters (item 7)."""

from __future__ import annotations

import logging
import threading

import sqlalchemy as sa

from agent_desk.ui.tasks import Lane, TaskRunner, describe, summary

WAIT_MS = 10_000


def _blocker(started: threading.Event, release: threading.Event):
    def work() -> str:
        started.set()
        release.wait(10)
        return "blocked"
    return work


def test_a_poll_does_not_start_while_its_last_run_is_going(qtbot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    answers: list[str] = []
    try:
        assert runner.submit(_blocker(started, release), answers.append, lane=Lane.POLL, key="approvals")
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
        assert not runner.submit(lambda: "again", answers.append, lane=Lane.POLL, key="approvals")
        assert runner.is_running("approvals")
    finally:
        release.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=WAIT_MS)
    assert answers == ["blocked"]
    assert runner.submit(lambda: "next", answers.append, lane=Lane.POLL, key="approvals")
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=WAIT_MS)
    assert answers == ["blocked", "next"]


def test_only_the_newest_answer_counts(qtbot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    shown: list[str] = []
    errors: list[Exception] = []
    runner.submit(_blocker(started, release), shown.append, errors.append, latest="caller")
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    runner.submit(lambda: "second", shown.append, errors.append, latest="caller")
    qtbot.waitUntil(lambda: shown == ["second"], timeout=WAIT_MS)
    release.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=WAIT_MS)
    assert shown == ["second"] and errors == []


def test_a_superseded_lookup_that_has_not_started_never_runs(qtbot) -> None:
    runner = TaskRunner(max_threads=1)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []
    runner.submit(_blocker(started, release), lambda _r: None)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    runner.submit(lambda: ran.append("old") or "old", lambda _r: None, latest="search")
    runner.submit(lambda: ran.append("new") or "new", lambda _r: None, latest="search")
    release.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=WAIT_MS)
    assert ran == ["new"]


def test_draft_writes_never_wait_behind_database_work(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    events = [threading.Event(), threading.Event()]
    written: list[str] = []
    try:
        for started in events:  # every database thread is stuck on a frozen server
            runner.submit(_blocker(started, release), lambda _r: None)
        runner.submit(lambda: "more database work", lambda _r: None)
        qtbot.waitUntil(lambda: all(e.is_set() for e in events), timeout=WAIT_MS)
        runner.submit(lambda: "draft", written.append, lane=Lane.DISK)
        qtbot.waitUntil(lambda: written == ["draft"], timeout=WAIT_MS)
    finally:
        release.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=WAIT_MS)


def test_the_runner_says_when_the_database_stops_and_starts_answering(qtbot) -> None:
    runner = TaskRunner()
    states: list[bool] = []
    runner.database_reachable.connect(states.append)

    def lost() -> None:
        raise sa.exc.OperationalError("select 1", {}, ConnectionError("server closed the connection"))

    runner.submit(lost, lambda _r: None, lambda _e: None)
    qtbot.waitUntil(lambda: states == [False], timeout=WAIT_MS)
    runner.submit(lambda: 1, lambda _r: None)
    qtbot.waitUntil(lambda: states == [False, True], timeout=WAIT_MS)


def test_errors_are_told_without_sql_or_parameters(qtbot, caplog) -> None:
    exc = sa.exc.OperationalError(
        "INSERT INTO retention_call (notes) VALUES (%(notes)s)", {"notes": "customer mentioned a lawsuit"},
        Exception("server closed the connection unexpectedly\nThis probably means the server terminated"))
    exc.connection_invalidated = True
    text = describe(exc)
    assert text == "The connection to the database was lost."
    runner = TaskRunner()
    seen: list[str] = []

    def fail() -> None:
        raise exc

    with caplog.at_level(logging.WARNING, logger="agent_desk.ui.tasks"):
        runner.submit(fail, lambda _r: None, lambda e: seen.append(describe(e)))
        qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    logged = caplog.text + summary(exc)
    assert "lawsuit" not in logged and "INSERT" not in logged and "Traceback" not in logged
    assert "server closed the connection" in logged
    timeout = sa.exc.OperationalError("select", None, Exception("the database server did not answer within 9.5 s"))
    assert describe(timeout) == "The database did not answer in time."
