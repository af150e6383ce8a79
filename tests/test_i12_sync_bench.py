"""bench/sync_speed.py finishes, times the samples it was asked for and checks each one (small
sizes; the figures themselves are docs/performance.md's). It starts its own throwaway cluster
and runs as an agent's own login, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pgcluster import require_server_binaries

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.postgres
def test_sync_speed_times_each_sample_asked_and_checks_it() -> None:
    require_server_binaries("the sync benchmark")
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "sync_speed.py"), "--push", "150", "--pull", "1500",
                          "--idle", "15", "--samples", "2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=280, check=False)
    lines = run.stdout.strip().splitlines()
    figures = json.loads(lines[-1]) if lines else {}
    assert run.returncode == 0, (figures.get("failures"), run.stderr[-3000:])
    assert figures["failures"] == []
    assert (figures["push_samples"], figures["pull_samples"], figures["idle_rounds"]) == (2, 2, 15)
    assert figures["push_mutations"] == 150 and figures["pull_rows"] == 1500
    assert 0 < figures["push_s"] < 280 and 0 < figures["pull_s"] < 280
    assert 0 < figures["idle_p50_ms"] <= figures["idle_p95_ms"]
    assert figures["converged"] is True
