"""The offline-sync fault harness at CI size (issue 12): six desks, each its own process and
login, write 300 mutations each through a proxy that resets, black-holes, slows, cuts and
strands their links, while desks are killed at every named crash point (and at random) and
PostgreSQL is stopped at once and restarted. After the heal nothing is lost, nothing is
duplicated, every desk's copy equals the server's view, and the kept data directory and
call ids let anyone check the calls on the stopped server.

It runs the harness as a user runs it (``bench/sync_faults.py``, a subprocess with its own
throwaway cluster: it must stop and restart the server). About two minutes on two cores, three
when others keep both cores busy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from agent_desk.sync.crash import POINTS
from tests.pgcluster import ThrowawayCluster, _free_port, require_server_binaries

ROOT = Path(__file__).resolve().parent.parent


def _calls_on_kept_server(pgdata: Path, ids: list[str]) -> int:
    """Start the kept data directory on a port of its own and count the listed calls there."""
    cluster = ThrowawayCluster()  # only for its folder, binaries and user (no initdb here)
    port = _free_port()
    cluster._run(str(cluster.bindir / "pg_ctl"), "-D", str(pgdata), "-l", str(cluster.root / "kept.log"),
                 "-o", f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={cluster.root}",
                 "-w", "-t", "60", "start")
    try:
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=desk") as connection:
            return connection.execute("SELECT count(*) FROM retention_calls WHERE id = ANY(%s::uuid[]) "
                                      "AND submitted_at IS NOT NULL", (ids,)).fetchone()[0]
    finally:
        cluster._run(str(cluster.bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop")
        shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(480)
def test_six_desks_under_faults_lose_nothing_duplicate_nothing_and_converge() -> None:
    require_server_binaries("the fault harness")
    clients, mutations = 6, 300
    keep = Path(tempfile.mkdtemp(prefix="agent-desk-sync-kept-"))
    keep.chmod(0o755)  # the server's own user reads the kept data directory (tests may run as root)
    try:
        run = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "sync_faults.py"), "--clients", str(clients), "--mutations",
             str(mutations), "--seed", "12", "--faults", "60", "--timeout", "330", "--keep", str(keep)],
            cwd=ROOT, capture_output=True, text=True, timeout=450, check=False)
        lines = run.stdout.strip().splitlines()
        figures = json.loads(lines[-1]) if lines else {}
        assert run.returncode == 0, (figures.get("failures"), run.stderr[-3000:])
        assert (figures["clients"], figures["mutations"]) == (clients, clients * mutations)
        assert figures["recorded_mutations"] == clients * mutations
        assert figures["lost"] == 0 and figures["missing_rows"] == 0
        assert figures["duplicates"] == 0 and figures["unexpected_rows"] == 0
        assert figures["converged"] is True
        faults = figures["faults"]
        assert all(faults[f"kill_{point}"] > 0 for point in POINTS), faults  # killed at every crash point
        assert faults["pg_restart"] >= 1 and figures["faults_total"] >= 40, faults
        assert figures["dedup_hits"] > 0 and figures["retries"] > 0
        assert figures["doomed"] == figures["server_rejections"] and figures["rejections_shown"] is True
        # What --keep leaves is enough to check the calls on the stopped server independently.
        ids = [line for n in range(clients) for line in (keep / f"client-{n}.ids").read_text().split()]
        assert len(ids) == figures["recorded_calls"] > 0
        assert _calls_on_kept_server(keep / "pgdata", ids) == len(set(ids)) == len(ids)
    finally:
        shutil.rmtree(keep, ignore_errors=True)
