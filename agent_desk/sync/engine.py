"""The sync engine: push the outbox, then pull what changed, against the shared database
under the agent's own login (Qt-free; the app runs :meth:`SyncEngine.sync_once` on a worker).

Push sends the outbox in batches; each batch is one server transaction (``server.apply_batch``)
and its acknowledgement is recorded locally only after the server committed, so a crash in
between resends the batch and the server skips it (``dedup_hits``). Pull runs only when the
outbox is empty: each page is stored with its cursor in one local transaction, the cursor
last (CouchDB's checkpoint-after-data). A new server incarnation drops the local copy of the
server's rows and pulls everything again; the agent's pending work stays queued.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from agent_desk.sync import server
from agent_desk.sync.crash import crash_point
from agent_desk.sync.errors import is_temporary
from agent_desk.sync.local import LocalStore

log = logging.getLogger(__name__)


class SyncStopped(RuntimeError):
    """A round ended early because the desk is closing (nothing half-done: each batch and
    page is its own transaction)."""


@dataclass
class SyncReport:
    """One round: what went up, what came down."""

    pushed: int = 0
    dedup_hits: int = 0
    rejected: int = 0
    batches: int = 0
    pulled_rows: int = 0
    pulled_deletes: int = 0
    pages: int = 0
    resynced: bool = False


@dataclass
class SyncStatus:
    """What the status bar shows: online / offline / syncing, pending count, last sync."""

    state: str = "offline"  # online | offline | syncing
    pending: int = 0
    last_sync: datetime | None = None
    last_error: str | None = None
    rejected: int = 0
    totals: SyncReport = field(default_factory=SyncReport)


# Mutations per push transaction. A batch is applied a statement per table and kind
# (sync.bulk): fewer, larger batches pay fewer round trips (10,000 queued: ~30% faster than
# batches of 200), and a batch of 500 holds its rows' locks for about a tenth of a second.
PUSH_BATCH = 500


class SyncEngine:
    """Syncs one local store with the server.

    Args:
        store: the desk's local store.
        server_factory: sessions on the shared database as the agent's own login.
        batch_size: mutations per push transaction; page_size: changes per pull page.
    """

    def __init__(self, store: LocalStore, server_factory: sessionmaker[Session], *, batch_size: int = PUSH_BATCH,
                 page_size: int = 2000) -> None:
        self.store = store
        self.server = server_factory
        self.batch_size = batch_size
        self.page_size = page_size
        self.status = SyncStatus(pending=store.pending_hint)  # no disk read: made on the GUI thread
        #: Set from another thread to end a round between two batches or pages (shutting down).
        self.stopping = False

    # -- push -------------------------------------------------------------------------------

    def _check_stop(self) -> None:
        if self.stopping:
            raise SyncStopped("the desk is closing")

    def push(self, report: SyncReport) -> None:
        while True:
            self._check_stop()
            batch = self.store.pending(self.batch_size)
            if not batch:
                return
            with self.server() as session, session.begin():
                result = server.apply_batch(session, self.store.client_id, self.store.agent_id, batch)
                crash_point("after_send")
            crash_point("after_server_commit")
            self.store.acknowledge(result.last_seq, [(r.seq, str(r.key), r.kind, r.reason) for r in result.rejected])
            report.batches += 1
            report.pushed += result.applied
            report.dedup_hits += result.dedup_hits
            report.rejected += len(result.rejected)

    # -- pull -------------------------------------------------------------------------------

    def _server_session(self) -> Session:
        session = self.server()
        session.connection(execution_options=server.PULL_OPTIONS)
        return session

    def check_incarnation(self, report: SyncReport) -> None:
        """Before anything is sent: a server restored from a backup (a new incarnation) has
        neither this desk's later work nor its cursor. Its work above what the restored
        server holds is sent again, and the copy of the server's rows is pulled anew (a push
        first would stop at a sequence gap, and the resync would never come)."""
        with self._server_session() as session:
            current = server.incarnation(session)
            known = self.store.state("incarnation", "")
            if not known or known == str(current):
                return
            server_last = server.last_seq(session, self.store.client_id)
        self.store.forget_server_rows()
        self.store.resend_from(server_last)
        report.resynced = True

    def pull(self, report: SyncReport) -> None:
        me = self.store.agent_id
        # Customers newly held: their whole history, as of now.
        unfetched = self.store.held_customers(fetched=False)
        if unfetched:
            with self._server_session() as session:
                unfetched = server.with_co_owners(session, unfetched)
                rows = server.customer_rows(session, unfetched)
            self.store.hold(unfetched)
            with self.store.applying() as connection:
                self.store.store_rows(connection, rows)
                self.store.reapply_pending(connection)
                self.store.mark_fetched(connection, unfetched)
            report.pulled_rows += len(rows)
        held = self.store.held_customers()
        while True:
            self._check_stop()
            cursor = self.store.state("cursor")
            with self._server_session() as session:
                page = server.pull(session, cursor, self.page_size, me, held)
            with self.store.applying() as connection:
                half = len(page.rows) // 2
                self.store.store_rows(connection, page.rows[:half])
                crash_point("mid_pull_apply")
                self.store.store_rows(connection, page.rows[half:], page.deleted)
                self.store.reapply_pending(connection)
                crash_point("before_cursor_save")
                self.store.save_cursor(connection, page.cursor, page.incarnation)
            report.pages += 1
            report.pulled_rows += len(page.rows)
            report.pulled_deletes += len(page.deleted)
            if not page.more:
                break
        # A customer the desk came to hold during this round (a pop fetched them through) was
        # not in these pages' scope: a change to them that committed after their fetch and
        # before a page's snapshot went by. Fetched whole again next round.
        self.store.refetch(set(self.store.held_customers()) - set(held))

    # -- a round ----------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push everything queued, then pull. Raises on failure (temporary: try later)."""
        report = SyncReport()
        self.status.state = "syncing"
        try:
            self.check_incarnation(report)
            self.push(report)
            self.pull(report)
        except Exception as exc:
            self.status.state = "offline" if is_temporary(exc) else "online"
            self.status.last_error = f"{type(exc).__name__}"
            self.status.pending = self.store.pending_hint
            raise
        self.status.state = "online"
        self.status.last_sync = datetime.now(UTC)
        self.status.last_error = None
        self.status.pending = self.store.pending_hint
        self.status.rejected += report.rejected
        return report

    def sync_until_done(self, deadline_s: float = 120.0, first_delay_s: float = 0.05, max_delay_s: float = 2.0,
                        sleep: Callable[[float], None] = time.sleep,
                        rng: random.Random | None = None) -> tuple[SyncReport, int]:
        """Retry temporary failures with jittered exponential backoff until a round succeeds.
        Returns the last round's report and how many retries it took."""
        rng = rng or random.Random()
        delay, retries = first_delay_s, 0
        end = time.monotonic() + deadline_s
        while True:
            try:
                return self.sync_once(), retries
            except Exception as exc:
                if not is_temporary(exc) or time.monotonic() > end:
                    raise
                log.info("sync: temporary failure (%s), retry in %.2fs", type(exc).__name__, delay)
                retries += 1
                sleep(delay * (0.5 + rng.random()))
                delay = min(delay * 2, max_delay_s)


def server_view_checksum(session: Session, me: uuid.UUID, held: list[uuid.UUID]) -> tuple[str, int]:
    from agent_desk.sync.tables import checksum

    return checksum(server.view(session, me, held))


def local_checksum(store: LocalStore) -> tuple[str, int]:
    from agent_desk.sync.tables import checksum

    return checksum(store.rows())


__all__ = ["SyncEngine", "SyncReport", "SyncStatus", "SyncStopped", "local_checksum", "server_view_checksum"]
