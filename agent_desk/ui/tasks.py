"""Background work for the GUI: run a callable on a worker, get its result on the GUI thread.

One helper for all database, network and disk work (the way MusicBrainz Picard does it),
so the GUI thread never waits. A task's callbacks are called on the GUI thread through
queued signals; a task never touches a widget.

Work runs in lanes, each with its own threads, so one kind of work never waits behind
another:

* ``Lane.INTERACTIVE``: what the agent is waiting for (a pop, a search, a submit).
* ``Lane.POLL``: periodic checks (approvals, callbacks due, the lead's figures). A keyed
  poll does not start while its previous run is still going, so a slow server never
  gathers a queue of them.
* ``Lane.DISK``: local files (wrap-up drafts). One thread, so writes happen in the order
  they were asked for (a save asked before a delete never lands after it), and never
  behind the network.
* ``Lane.SYNC``: the offline desk's sync rounds (push, pull: seconds on a slow link, longer
  on a first fill). One thread, so a round never holds up a poll or a pop.

"Only the newest answer counts" lives here too: tasks submitted with the same ``latest``
key supersede each other; a superseded task that has not started yet is skipped, and the
answer (or error) of one that has is dropped.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
import weakref
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def live_runners() -> list[TaskRunner]:
    """Every runner still alive (the test suite checks none is left busy)."""
    return list(_RUNNERS)


class Lane(enum.Enum):
    INTERACTIVE = "interactive"
    POLL = "poll"
    DISK = "disk"
    SYNC = "sync"


class Skipped(enum.Enum):
    """Returned by a task that was superseded before it started."""

    SUPERSEDED = "superseded"


# -- telling people what went wrong --------------------------------------------------------


# SQLSTATE classes that mean the server went away or refused us (PostgreSQL appendix A):
# 08 connection exception, 57P0x the server shutting down or starting, 57014 a statement
# cancelled by statement_timeout (a server too slow to answer).
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03", "57014")


def is_connection_failure(exc: BaseException) -> bool:
    """True when ``exc`` means the database could not be reached or stopped answering.

    The embedded SQLite file has no connection to lose: its errors (a missing table, a
    lock held too long) are errors of the database, not "offline".
    """
    if isinstance(exc, sa.exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        orig = exc.orig
        if isinstance(orig, sqlite3.Error):
            return False
        sqlstate = getattr(orig, "sqlstate", None)
        if sqlstate:
            return sqlstate.startswith(_CONNECTION_STATES)
        # psycopg's own errors (refused, reset, ServerNotAnswering) carry no SQLSTATE.
        return isinstance(exc, sa.exc.OperationalError)
    return isinstance(exc, (sa.exc.DisconnectionError, sa.exc.TimeoutError, ConnectionError, TimeoutError))


def _timed_out(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    text = str(orig or exc).lower()
    return (getattr(orig, "sqlstate", None) == "57014" or "did not answer" in text or "timeout" in text
            or "timed out" in text or isinstance(exc, (sa.exc.TimeoutError, TimeoutError)))


def summary(exc: BaseException) -> str:
    """One log line for ``exc``: its kind and the first line of the driver's message, never the
    SQL statement or its parameters (customer notes) that SQLAlchemy's message carries."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        first = (str(orig).strip().splitlines() or [""])[0]
        state = getattr(orig, "sqlstate", None)
        return f"{type(exc).__name__} ({type(orig).__name__}{', ' + state if state else ''}): {first}"
    if isinstance(exc, sa.exc.SQLAlchemyError):
        return type(exc).__name__
    if isinstance(exc, OSError):
        return f"{type(exc).__name__}: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"


def describe(exc: BaseException) -> str:
    """A plain, translated line for the user: what went wrong, in words, never SQL."""
    from agent_desk.offline import NotOnThisDesk, ServerOffline

    if isinstance(exc, NotOnThisDesk):
        return QCoreApplication.translate("TaskRunner", "This customer's details are not on this desk, and the "
                                                        "server cannot be reached now.")
    if isinstance(exc, ServerOffline):
        return QCoreApplication.translate("TaskRunner", "This needs the server, which cannot be reached now; "
                                                        "it works again as soon as the server answers.")
    if is_connection_failure(exc):
        if _timed_out(exc):
            return QCoreApplication.translate("TaskRunner", "The database did not answer in time.")
        text = str(getattr(exc, "orig", None) or exc).lower()
        if "refused" in text or "could not connect" in text or "connection failed" in text:
            return QCoreApplication.translate("TaskRunner", "The database refused the connection.")
        return QCoreApplication.translate("TaskRunner", "The connection to the database was lost.")
    if isinstance(exc, sa.exc.OperationalError) and "database is locked" in str(exc.orig):
        return QCoreApplication.translate("TaskRunner",
                                          "The database is busy with another program. Try again in a moment.")
    if isinstance(exc, sa.exc.IntegrityError):
        return QCoreApplication.translate("TaskRunner",
                                          "The database refused the change: it conflicts with data already saved.")
    if isinstance(exc, sa.exc.SQLAlchemyError):
        return QCoreApplication.translate("TaskRunner", "The database reported an error.")
    if isinstance(exc, OSError):
        why = exc.strerror or type(exc).__name__
        return QCoreApplication.translate("TaskRunner", "A file could not be written: %1").replace("%1", why)
    kind = type(exc).__name__
    return QCoreApplication.translate("TaskRunner", "Something unexpected went wrong (%1).").replace("%1", kind)


# -- running ------------------------------------------------------------------------------


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _TaskSignals, wants_progress: bool,
                 stale: Callable[[], bool]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._signals = signals
        self._wants_progress = wants_progress
        self._stale = stale

    def run(self) -> None:
        if self._stale():  # superseded while it waited: the answer would be dropped anyway
            self._signals.done.emit(Skipped.SUPERSEDED)
            return
        try:
            if self._wants_progress:
                result = self._fn(lambda done, total, what: self._signals.progress.emit(done, total, what))
            else:
                result = self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI, which shows it
            # An offline desk refusing server work is expected, not a warning for the terminal.
            expected = type(exc).__name__ in ("ServerOffline", "NotOnThisDesk")
            (log.info if expected else log.warning)("background task failed: %s", summary(exc))
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class _Pools:
    """The lanes' thread pools seen as one (busy threads, clear, wait)."""

    def __init__(self, pools: dict[Lane, QThreadPool]) -> None:
        self._pools = pools

    def activeThreadCount(self) -> int:  # noqa: N802 - the QThreadPool name, for callers that expect one
        return sum(pool.activeThreadCount() for pool in self._pools.values())

    def clear(self) -> None:
        for lane, pool in self._pools.items():
            if lane is not Lane.DISK:  # a queued draft write is kept: it is what the agent typed
                pool.clear()

    def waitForDone(self, timeout_ms: int = -1) -> bool:  # noqa: N802
        # Disk first: drafts must be on the disk even if a database call is still stuck.
        return all([self._pools[Lane.DISK].waitForDone(timeout_ms)]
                   + [pool.waitForDone(timeout_ms) for lane, pool in self._pools.items() if lane is not Lane.DISK])


class TaskRunner(QObject):
    """Runs callables on private thread pools (one per :class:`Lane`) and reports back on
    the GUI thread.

    Signals:
        busy_changed(bool): True when the first task starts, False when the last one ends.
        database_reachable(bool): False when a database task fails because the database
            cannot be reached or stopped answering; True again when a later one succeeds.
            Emitted on changes only.
    """

    busy_changed = Signal(bool)
    database_reachable = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.lanes: dict[Lane, QThreadPool] = {}
        for lane, threads in ((Lane.INTERACTIVE, max_threads), (Lane.POLL, 1), (Lane.DISK, 1), (Lane.SYNC, 1)):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self.lanes[lane] = pool
        self.pool = _Pools(self.lanes)
        self._pending: set[_TaskSignals] = set()
        self._running_keys: set[str] = set()
        self._latest: dict[str, int] = {}
        self._reachable: bool | None = None
        self._closed = False
        _RUNNERS.add(self)

    @property
    def pending(self) -> int:
        return len(self._pending)

    @property
    def reachable(self) -> bool | None:
        """What the last database task said: True, False, or None when none has finished."""
        return self._reachable

    def is_running(self, key: str) -> bool:
        return key in self._running_keys

    def submit(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Progress | None = None,
        *,
        lane: Lane = Lane.INTERACTIVE,
        key: str | None = None,
        latest: str | None = None,
    ) -> bool:
        """Run ``fn()`` (or ``fn(progress)`` when ``on_progress`` is given) on a worker.

        Args:
            lane: which threads run it (see the module docstring).
            key: a task with this key that is still queued or running makes this one a no-op
                (a poll that is still going is not started again).
            latest: tasks with the same ``latest`` key supersede each other: only the newest
                one's answer or error reaches its callbacks.

        Returns:
            False when nothing was started (closed, or ``key`` still running).
        After :meth:`close` nothing new starts (a late timer may still ask).
        """
        if self._closed or (key is not None and key in self._running_keys):
            return False
        generation = 0
        if latest is not None:
            generation = self._latest[latest] = self._latest.get(latest, 0) + 1
        latest_key = latest

        def stale() -> bool:
            return latest_key is not None and self._latest.get(latest_key) != generation

        signals = _TaskSignals()
        self._pending.add(signals)
        if key is not None:
            self._running_keys.add(key)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        touches_database = lane is not Lane.DISK

        def finish() -> None:
            self._pending.discard(signals)
            if key is not None:
                self._running_keys.discard(key)
            signals.deleteLater()
            if not self._pending:
                self.busy_changed.emit(False)

        def done(result: object) -> None:
            try:
                if result is Skipped.SUPERSEDED:
                    return
                if touches_database:
                    self._set_reachable(True)
                if not stale():
                    on_done(result)
            finally:
                finish()

        def failed(exc: Exception) -> None:
            try:
                if touches_database and is_connection_failure(exc):
                    self._set_reachable(False)
                if stale():
                    return
                if on_error is not None:
                    on_error(exc)
                else:
                    log.error("unhandled background error: %s", summary(exc))
            finally:
                finish()

        signals.done.connect(done)
        signals.failed.connect(failed)
        if on_progress is not None:
            signals.progress.connect(on_progress)
        self.lanes[lane].start(_Task(fn, signals, on_progress is not None, stale))
        return True

    def _set_reachable(self, reachable: bool) -> None:
        if reachable != self._reachable:
            self._reachable = reachable
            self.database_reachable.emit(reachable)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Let running tasks finish; queued database tasks that did not start are dropped
        (queued draft writes are not: they are what the agent typed)."""
        self.pool.clear()
        return self.pool.waitForDone(timeout_ms)

    def close(self, timeout_ms: int = 30_000) -> bool:
        """At shutdown: start nothing new, and let what runs finish."""
        self._closed = True
        return self.wait(timeout_ms)
