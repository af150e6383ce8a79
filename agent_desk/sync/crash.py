"""Named crash points for the fault harness: ``AGENT_DESK_CRASH_AT=name[:n]`` kills the process
(SIGKILL, no clean-up, no flush) the n-th time (default 1st) it passes ``crash_point(name)``.

Points: ``after_local_write``, ``after_send`` (a batch sent, before its answer is read),
``after_server_commit`` (committed, the acknowledgement not recorded), ``mid_pull_apply``
(half a page written, not committed), ``before_cursor_save`` (a page applied, its cursor not
saved: with the cursor in the page's own transaction this is the same commit, so the point
sits just before it).

``AGENT_DESK_CRASH_LOG=path``: the point's name is appended there (and flushed to disk) just
before the kill, so whoever started the process knows it died where it was told to and not
of something else.
"""

from __future__ import annotations

import os
import signal

ENV = "AGENT_DESK_CRASH_AT"
LOG_ENV = "AGENT_DESK_CRASH_LOG"
POINTS = ("after_local_write", "after_send", "after_server_commit", "mid_pull_apply", "before_cursor_save")
_passed: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Die here if the environment says so (a no-op otherwise)."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] >= int(count or 1):
        log = os.environ.get(LOG_ENV)
        if log:
            descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, f"{name}\n".encode())
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        os.kill(os.getpid(), signal.SIGKILL)
