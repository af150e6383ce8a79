"""The work-queue and import benchmarks run to the end at small sizes and say what they
measured (their figures at scale are in docs/performance.md): ``bench/queue.py`` generates
the day's queue on a demo database and checks every sample; ``bench/import.py`` imports a
Hebrew CRM export as an admin's own login and checks every row landed or was rejected."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> dict:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_queue_benchmark_generates_and_checks_every_sample(pg_url: str) -> None:
    figures = _run("bench/queue.py", "--url", pg_url, "--customers", "3000", "--samples", "2")
    assert figures["generate_s"] > 0 and figures["tasks"] > 0
    assert figures["samples"] == 2 and figures.get("rerun_added", 0) == 0


@pytest.mark.slow
def test_the_import_benchmark_imports_as_an_admin_and_checks_every_row(pg_url: str) -> None:
    figures = _run("bench/import.py", "--url", pg_url, "--rows", "3000", "--bad", "100", "--reimport")
    assert figures["rows"] == 3000 and figures["rejected"] == 30 and figures["rows_per_s"] > 0
    assert figures["read_as"] == "admin login"
