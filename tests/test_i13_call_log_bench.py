"""bench/call_log.py as a user runs it: it builds calls only when told to, times the pages it
says as the desk's people read them (a team's lead, an admin for the floor), and checks every
timed page against a plain ORDER BY query (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AGENT_DESK_HOME=str(home))
    return subprocess.run([sys.executable, str(ROOT / "bench" / "call_log.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_the_bench_checks_every_page_it_times(any_db_url: str, isolated_home: Path) -> None:
    refused = _run("--url", any_db_url, "--calls", "3000", home=isolated_home)
    assert refused.returncode != 0
    assert "writes only with --build" in refused.stderr and "Traceback" not in refused.stderr
    done = _run("--url", any_db_url, "--calls", "3000", "--build", "--page-size", "40", home=isolated_home)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["calls"] == 3000 and figures["corrections"] > 0
    # Every timed page is checked, the grouped sorts' later pages too.
    assert figures["pages_checked"] == figures["pages_timed"] >= 8 + 2 * 10
    grouped = {name: figures["scenarios"][name]["pages"] for name in ("sort_agent", "sort_outcome_team")}
    assert grouped == {"sort_agent": 11, "sort_outcome_team": 11}
    postgres = any_db_url.startswith("postgresql")
    assert figures["read_as"] == ({"team": "lead0", "floor": "bench_admin"} if postgres
                                  else {"team": "file", "floor": "file"})
    assert figures["scenarios"]["team_90_days"]["read_as"] == figures["read_as"]["team"]
    assert figures["scenarios"]["all_newest_first"]["read_as"] == figures["read_as"]["floor"]
    assert 0 < figures["page_p50_ms"] <= figures["page_p95_ms"] <= figures["page_max_ms"]
    assert set(figures["scenarios"]) >= {"all_newest_first", "sort_outcome_team", "notes_text_30_days"}
