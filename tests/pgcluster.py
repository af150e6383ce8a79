"""A throwaway PostgreSQL cluster made from the machine's own server binaries.

Used by the test suite (``conftest.py``) and by benchmarks (``python -m tests.pgcluster``).
As root, the server runs as the ``postgres`` OS user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN_ENV = "AGENT_DESK_PG_BIN"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries here (or they would not start); the message says why."""


def find_bindir() -> Path:
    candidates = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    candidates += [Path(p) for p in sorted(glob.glob("/usr/local/pgsql*/bin"), reverse=True)]
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise ClusterUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) found on PATH, in /usr/lib/postgresql/*/bin "
        f"or in ${BIN_ENV}; install the server or set AGENT_DESK_TEST_PG_URL"
    )


def require_server_binaries(what: str) -> None:
    """In a test: skip without PostgreSQL's server binaries, or fail under CI=true, where
    ``what`` must run."""
    import pytest

    try:
        find_bindir()
    except ClusterUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires {what} to run, but: {exc}")
        pytest.skip(str(exc))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayCluster:
    """``initdb`` + ``pg_ctl start`` in a temporary folder; ``stop()`` removes it all.

    Args:
        durable: keep fsync and full-page writes on (benchmarks); tests turn them off.
    """

    def __init__(self, durable: bool = False, shared_buffers: str = "128MB") -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="agent-desk-pg-"))
        self.datadir = self.root / "data"
        self.port = _free_port()
        self.durable = durable
        self.shared_buffers = shared_buffers
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterUnavailable("running as root and there is no 'postgres' OS user") from exc
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            runuser = shutil.which("runuser") or shutil.which("su")
            if runuser is None:
                raise ClusterUnavailable("running as root and neither runuser nor su is available")
            self._as_user = [runuser, "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            raise ClusterUnavailable(
                f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}"
            )

    def start(self) -> ThrowawayCluster:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.root}",
            f"-c shared_buffers={self.shared_buffers}",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        # The port was free when chosen; another process (a parallel test worker starting
        # its own cluster) may take it before the server binds it. Then choose again.
        for attempt in range(3):
            try:
                self._run(
                    str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.root / "server.log"),
                    "-o", " ".join([f"-p {self.port}", *options]), "-w", "-t", "60", "start",
                )
                return self
            except ClusterUnavailable:
                log = (self.root / "server.log").read_text(errors="replace") if attempt < 2 else ""
                if "could not bind" not in log and "Address already in use" not in log:
                    raise
                self.port = _free_port()
        raise AssertionError("unreachable")

    def stop(self) -> None:
        try:
            if self.datadir.exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class StreamingStandby:
    """A hot standby of ``primary`` (a started :class:`ThrowawayCluster`): ``pg_basebackup -R``
    copies it and writes ``primary_conninfo`` and ``standby.signal``; the standby streams the
    primary's WAL and answers read-only queries (``hot_standby``). The primary needs
    ``wal_level=replica`` (the default), WAL senders and a ``replication`` line in pg_hba.conf
    (initdb writes one for 127.0.0.1 with the cluster's method, trust here)."""

    def __init__(self, primary: ThrowawayCluster) -> None:
        self.primary = primary
        self.datadir = primary.root / "standby"
        self.port = _free_port()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> StreamingStandby:
        primary = self.primary
        # The server's own folder (initdb on PATH may be a lone symlink to it).
        tools = Path(os.path.realpath(primary.bindir / "initdb")).parent
        primary._run(
            str(tools / "pg_basebackup"), "-D", str(self.datadir), "-R", "-X", "stream",
            "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "--no-sync",
        )
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={primary.root}",
            f"-c shared_buffers={primary.shared_buffers}",
            "-c max_connections=200",  # a standby may not have fewer than its primary
            "-c hot_standby=on",
            "-c fsync=off",
        ]
        primary._run(
            str(primary.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", str(primary.root / "standby.log"),
            "-o", " ".join(options), "-w", "-t", "60", "start",
        )
        return self

    def stop(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            self.primary._run(str(self.primary.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop")


def main() -> int:
    """Start a cluster, print its URL and wait until interrupted (for benchmarks)."""
    cluster = ThrowawayCluster(durable=True, shared_buffers="2GB").start()
    print(cluster.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
