"""PostgreSQL connections that give up when the server stops answering.

A server or link that freezes without a reset (a dropped VPN, a stopped server, a proxy
whose kernel still acknowledges every packet) leaves a client waiting forever: TCP
keepalives and ``tcp_user_timeout`` never fire while something still ACKs, and the
server's own ``statement_timeout`` cannot fire in a server that is not running. So the
limit is kept on the client too: :class:`DeadlineConnection` waits for any one exchange
with the server (a statement, a commit, the pool's ping) at most ``deadline`` seconds,
then closes its socket and raises :class:`ServerNotAnswering` (an ``OperationalError``).
The connection is closed, so SQLAlchemy sees a disconnect and the pool discards it.

No thread is involved: psycopg 3 waits on the socket in its own loop and takes a
timeout, and that loop is where the deadline is kept. Qt-free.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg import errors

log = logging.getLogger(__name__)

# The server cancels a statement after STATEMENT_TIMEOUT_S (a live but slow server answers
# with a clean error); the client gives up a little later, when the server cannot answer at
# all. A pooled connection may need a ping and a reconnect (CONNECT_TIMEOUT_S in db.py):
# ping deadline + connect timeout stays under 15 s.
STATEMENT_TIMEOUT_S = 8
CLIENT_DEADLINE_S = 9.0
# Dead links (a reset, an unplugged cable) are noticed by the kernel sooner than that.
KEEPALIVE_IDLE_S = 5
KEEPALIVE_INTERVAL_S = 2
KEEPALIVE_COUNT = 3
TCP_USER_TIMEOUT_MS = 10_000


class ServerNotAnswering(psycopg.OperationalError):
    """The database server did not answer within the deadline; the connection is closed."""


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose every wait on the server has a deadline (``deadline`` s)."""

    deadline: float | None = CLIENT_DEADLINE_S

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:  # type: ignore[override]
        if timeout is not None or self.deadline is None:
            return super().wait(gen, interval=interval, timeout=timeout)
        try:
            return super().wait(gen, interval=interval, timeout=self.deadline)
        except errors._WaitTimeout:
            log.warning("the database server did not answer within %.1f s: connection closed", self.deadline)
            # Closing the socket is the only way out of a half-open link; the pool sees a
            # closed connection and never hands it out again.
            self.pgconn.finish()
            raise ServerNotAnswering(
                f"the database server did not answer within {self.deadline:g} s"
            ) from None


def connect_args(deadline: bool) -> dict[str, object]:
    """libpq options for a connection: keepalives, a TCP user timeout and (with ``deadline``)
    a server-side statement timeout."""
    args: dict[str, object] = {
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE_S,
        "keepalives_interval": KEEPALIVE_INTERVAL_S,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
    }
    if deadline:
        args["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000}"
    return args


def make_connector(deadline: bool):  # type: ignore[no-untyped-def]
    """A ``do_connect`` engine event that makes :class:`DeadlineConnection` objects (or plain
    ones, without a client deadline, for admin work such as migrations and demo data)."""

    class _Connection(DeadlineConnection):
        pass

    _Connection.deadline = CLIENT_DEADLINE_S if deadline else None

    def do_connect(_dialect, _record, cargs, cparams):  # type: ignore[no-untyped-def]
        return _Connection.connect(*cargs, **cparams)

    return do_connect
