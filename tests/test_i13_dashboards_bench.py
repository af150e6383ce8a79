"""bench/lead.py runs as a user runs it, on a small database of each kind: it builds the calls,
adds what the dashboards read, times pages (deep ones too) and dashboards as the desk's people
read them (a team's lead, an admin for the floor; their own logins on PostgreSQL), and checks
every one it times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_lead_bench_builds_times_and_checks(any_db_url: str, tmp_path: Path) -> None:
    env = dict(os.environ, AGENT_DESK_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "lead.py"), "--url", any_db_url, "--calls", "2000",
                             "--page-size", "5"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["calls"] == 2000 and figures["offer_presentations"] > 0
    assert figures["dashboards_checked"] == 7 == len(figures["dashboards"])
    # Every timed page is checked, the deep walk's too (2,000 calls are ~40 of a team's quarter:
    # pages of five take it to its end).
    assert figures["pages_checked"] == figures["pages_timed"] >= 40
    assert figures["deep_pages"] >= 5
    postgres = any_db_url.startswith("postgresql")
    assert figures["read_as"] == ({"team": "lead0", "floor": "bench_admin"} if postgres
                                  else {"team": "file", "floor": "file"})
    assert 0 < figures["page_p95_ms"] < 10_000 and 0 < figures["dashboard_max_ms"] < 10_000
    assert figures["dashboard_max_ms"] == max(figures["dashboards"].values())
    # On PostgreSQL the dashboards read the rollup the bench made first, and one day corrected
    # after it from the calls (SQLite has no rollup).
    assert figures["rollup_days"] > 0 if postgres else figures["rollup_days"] == 0
    assert (figures["read_live"] is not None) == postgres
