"""Issue 9, item 16: whole backups only, the last few kept; demo-data helpers die with it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from agent_desk.data import migrate
from agent_desk.data.db import make_engine


def _at_0001(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    migrate.upgrade(engine, "0001")
    return engine


def test_a_backup_that_fails_midway_leaves_no_file_under_a_backups_name(tmp_path: Path, monkeypatch) -> None:
    engine = _at_0001(tmp_path)
    backups = tmp_path / "backups"

    def copy_half_then_fail(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
        def stop(_status: int, remaining: int, _total: int) -> None:
            raise OSError(28, "No space left on device")
        source.backup(target, pages=1, progress=stop)

    monkeypatch.setattr(migrate, "_copy", copy_half_then_fail)
    try:
        with pytest.raises(OSError, match="No space"):
            migrate.upgrade(engine, backup_dir=backups)
        assert list(backups.iterdir()) == []  # neither a backup-looking file nor a leftover
        assert migrate.schema_state(engine).current == "0001"  # and no upgrade without a backup
    finally:
        engine.dispose()


def test_a_leftover_from_a_killed_backup_is_cleared_and_never_looks_like_a_backup(tmp_path: Path) -> None:
    engine = _at_0001(tmp_path)
    backups = tmp_path / "backups"
    backups.mkdir()
    leftover = backups / ".desk-20261125T000000000000Z-0001.sqlite3.partial"
    leftover.write_bytes(b"")  # what a kill in the middle of a copy leaves
    try:
        backup = migrate.upgrade(engine, backup_dir=backups)
    finally:
        engine.dispose()
    assert [p.name for p in backups.iterdir()] == [backup.name]
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    copy.close()


def test_only_the_newest_five_backups_are_kept(tmp_path: Path) -> None:
    engine = _at_0001(tmp_path)
    backups = tmp_path / "backups"
    made = []
    try:
        for _ in range(7):
            made.append(migrate.upgrade(engine, backup_dir=backups))
            migrate.downgrade(engine, "0001")
    finally:
        engine.dispose()
    assert None not in made and len(set(made)) == 7
    assert sorted(backups.iterdir()) == sorted(made[-5:])


def test_backups_of_another_file_are_not_pruned(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    other = backups / "desk-copy-20200101T000000Z-0001.sqlite3"
    other.write_bytes(b"x")
    engine = _at_0001(tmp_path)
    try:
        for _ in range(6):
            migrate.upgrade(engine, backup_dir=backups)
            migrate.downgrade(engine, "0001")
    finally:
        engine.dispose()
    assert other.exists()
    assert len([p for p in backups.iterdir() if p != other]) == 5


# --- demo-data's helper processes ------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")"
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's bookkeeping is left


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        threading.Event().wait(0.05)
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_killing_demo_data_takes_its_helper_processes_with_it(tmp_path: Path, isolated_home: Path) -> None:
    url = f"sqlite:///{tmp_path / 'big.sqlite3'}"
    command = [sys.executable, "-c", "import sys; from agent_desk.cli import main; sys.exit(main(sys.argv[1:]))",
               "demo-data", "--url", url, "--customers", "60000"]
    env = {**os.environ, "AGENT_DESK_HOME": str(isolated_home)}
    parent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=Path(__file__).resolve().parents[1])
    helpers: list[int] = []
    try:
        def helpers_running() -> bool:
            helpers[:] = [pid for pid in _children(parent.pid)
                          if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()]
            return bool(helpers) and parent.poll() is None

        assert _wait_for(helpers_running, 120), "demo-data never started its helper processes"
        everyone = _children(parent.pid)  # the pool's helpers, and multiprocessing's own
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(30)
        assert _wait_for(lambda: not any(_alive(pid) for pid in everyone), 15), (
            f"still running after their parent was killed: {[p for p in everyone if _alive(p)]}"
        )
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(30)
        for pid in helpers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
