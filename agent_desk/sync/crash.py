"""Named crash points for the fault harness: ``AGENT_DESK_CRASH_AT=name[:n]`` kills the process
(SIGKILL, no clean-up, no flush) the n-th time (default 1st) it passes ``crash_point(name)``.

Points: ``after_local_write``, ``after_send`` (a batch sent, before its answer is read),
``after_server_commit`` (committed, the acknowledgement not recorded), ``mid_pull_apply``
(half a page written, not committed), ``before_cursor_save`` (a page applied, its cursor not
saved: with the cursor in the page's own transaction this is the same commit, so the point
sits just before it).
"""

from __future__ import annotations

import os
import signal

ENV = "AGENT_DESK_CRASH_AT"
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
        os.kill(os.getpid(), signal.SIGKILL)
