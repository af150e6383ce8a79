"""The call's writes on screen (issue 10, item 1): a write the database did not take is kept,
sent again on its own, stored once, and not lost when the next call starts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from agent_desk.call import Call, Write
from agent_desk.ui.call_signals import CallSignals
from agent_desk.ui.tasks import TaskRunner


class FlakyDesk:
    """Fails the first ``failures`` runs (the server was away), then stores."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.stored: list[uuid.UUID] = []

    def run(self, write: Write) -> uuid.UUID:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("the server is away")
        if write.key not in self.stored:
            self.stored.append(write.key)
        return write.key


def _write() -> Write:
    key = uuid.uuid4()
    return Write(key, datetime(2026, 11, 25, 9, 0, tzinfo=UTC), "present", lambda _session: key)


def test_a_failed_write_is_sent_again_on_its_own_and_survives_the_next_call(qtbot) -> None:
    runner = TaskRunner()
    signals = CallSignals(runner)
    signals.retry_timer.setInterval(50)
    desk = FlakyDesk(failures=2)
    signals.desk = desk  # type: ignore[assignment]
    signals.start(Call(None))
    done: list[uuid.UUID] = []
    write = _write()
    with qtbot.waitSignal(signals.failed, timeout=10_000) as failure:
        signals.send(write, done.append)
    assert "away" in failure.args[0] or failure.args[0]
    signals.start(Call(None))  # the agent moved on to the next call meanwhile
    qtbot.waitUntil(lambda: done == [write.key], timeout=10_000)
    assert desk.stored == [write.key] and signals.outbox == []
    assert not signals.retry_timer.isActive()
    runner.wait()
