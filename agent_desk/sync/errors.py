"""Which failures are worth retrying (Qt-free): the link, not the data.

The same SQLSTATE reading as ``agent_desk.ui.tasks.is_connection_failure``, plus the two
states a retry fixes on a healthy link (a deadlock, a serialization failure).
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa

# 08: connection exceptions; 57P01-3: the server shut down or is starting; 57014: a statement
# cancelled by our own deadline; 40001/40P01: serialization failure and deadlock (retry them).
CONNECTION_STATES = ("08", "57P01", "57P02", "57P03", "57014")
RETRY_STATES = ("40001", "40P01", "55P03")


class SequenceGap(ValueError):
    """A batch skipped a sequence number the server has not seen (the client's outbox is broken)."""


class IncarnationChanged(RuntimeError):
    """The server was restored (or replaced) since the client's last pull: resync."""


def is_temporary(exc: BaseException) -> bool:
    """True when trying the same thing again later may succeed (the link, a deadlock)."""
    if isinstance(exc, sa.exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        orig = exc.orig
        if isinstance(orig, sqlite3.Error):
            return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)
        sqlstate = getattr(orig, "sqlstate", None)
        if sqlstate:
            return sqlstate.startswith(CONNECTION_STATES) or sqlstate in RETRY_STATES
        return isinstance(exc, sa.exc.OperationalError)
    return isinstance(exc, (sa.exc.DisconnectionError, sa.exc.TimeoutError, ConnectionError, TimeoutError,
                            sa.exc.ResourceClosedError))
