"""Offline sync on a real PostgreSQL, as the agent's own login (issue 12): what the fault harness
(``bench/sync_faults.py``) found. A batch whose answer was lost is sent again; the second
answer must carry the first one's rejections, or the desk never shows them (and keeps the
refused change on its own copy). A push whose desk vanished must not stay open on the server
holding its locks, and an edit of a busy customer must not wait for every desk adding rows to
it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from agent_desk.data import models as m
from agent_desk.sync import server
from tests.test_i12_sync import World, converged, note, world  # noqa: F401 - world: the fixture


def test_a_resent_batch_answers_with_the_rejections_the_lost_answer_carried(world: World,  # noqa: F811
                                                                           tmp_path: Path) -> None:
    desk = world.desk("agent01", tmp_path)
    me, customer = world.people["agent01"][1], world.customers[8]
    desk.store.hold([customer])
    desk.sync_once()
    desk.store.write("note.add", note(customer, "before the refused edit"))
    # The desk's SQLite takes a value longer than the server's column: the server refuses it.
    desk.store.write("customer.edit", {"customer_id": str(customer), "field": "preferred_language", "base": "he",
                                       "value": "far too long for the column", "at": datetime.now(UTC).isoformat()})
    desk.store.write("note.add", note(customer, "after the refused edit"))
    # The push commits on the server and its answer is lost on the way back (a cut link).
    with world.factory("agent01").begin() as session:
        lost = server.apply_batch(session, desk.store.client_id, me, desk.store.pending())
    assert (lost.applied, [r.seq for r in lost.rejected]) == (2, [2])
    report = desk.sync_once()  # the same batch again
    assert (report.pushed, report.dedup_hits, report.rejected) == (0, 3, 1)
    shown = desk.store.rejected()
    assert [(r["seq"], r["kind"]) for r in shown] == [(2, "customer.edit")]
    assert "too long" in shown[0]["reason"]
    with desk.store.engine.connect() as connection:
        kept = connection.scalar(sa.select(m.Customer.preferred_language).where(m.Customer.id == customer))
    assert kept != "far too long for the column"  # the desk shows the server's value again
    assert desk.store.pending_count() == 0
    assert converged(world, "agent01", desk)


def test_a_push_the_server_stops_waiting_for_ends_and_the_resend_applies_it_once(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A desk whose link vanished mid-push left its transaction open on the server, holding its
    own row (its next push waited on it) and the customers it changed, until TCP noticed
    (hours). The push tells the server to end it after IDLE_LIMIT_S (1 s here)."""
    monkeypatch.setattr(server, "IDLE_LIMIT_S", 1)
    desk = world.desk("agent01", tmp_path)
    me, customer = world.people["agent01"][1], world.customers[9]
    desk.sync_once()
    desk.store.write("note.add", note(customer, "sent as the link vanished"))
    gone = world.factory("agent01")()
    gone.begin()
    server.apply_batch(gone, desk.store.client_id, me, desk.store.pending())
    pid = gone.scalar(sa.text("SELECT pg_backend_pid()"))
    # The desk is gone: the server ends the session by itself once the limit has passed.
    watch = world.owner.execution_options(isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + 30
    with watch.connect() as connection:
        while connection.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"), {"p": pid}):
            assert time.monotonic() < deadline, "the abandoned push is still open"
            connection.execute(sa.text("SELECT pg_sleep(0.2)"))
    gone.invalidate()
    report = desk.sync_once()  # nothing of the first try was kept: the batch applies now, once
    assert (report.pushed, report.dedup_hits) == (1, 0)
    with world.owner.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction)
                                 .where(m.Interaction.subject == "sent as the link vanished")) == 1


def test_an_edit_does_not_wait_for_desks_that_only_add_rows_to_the_customer(world: World,  # noqa: F811
                                                                            tmp_path: Path) -> None:
    """Ten desks each editing one of three busy customers while adding notes and calls to them
    queued behind and deadlocked with each other until every push timed out (the fault
    harness): the edit locked the customer FOR UPDATE, which waits for every transaction whose
    new rows point at the customer (their foreign keys hold KEY SHARE until commit)."""
    one, two = world.desk("agent01", tmp_path), world.desk("agent02", tmp_path)
    customer = world.customers[10]
    for desk in (one, two):
        desk.store.hold([customer])
        desk.sync_once()
    two.store.write("note.add", note(customer, "pushed slowly"))
    slow = world.factory("agent02")()
    slow.begin()  # agent02's push has added its note and not committed yet
    server.apply_batch(slow, two.store.client_id, world.people["agent02"][1], two.store.pending())
    try:
        one.store.write("customer.edit", {"customer_id": str(customer), "field": "city", "base": None,
                                          "value": "Eilat", "at": datetime.now(UTC).isoformat()})
        started = time.monotonic()
        report = one.sync_once()
        assert report.pushed == 1 and time.monotonic() - started < 5  # not held up until the timeout
    finally:
        slow.rollback()
        slow.close()
    with world.owner.connect() as connection:
        assert connection.scalar(sa.select(m.Customer.city).where(m.Customer.id == customer)) == "Eilat"
