"""Benchmark: how long ``demo-data`` takes to create N customers with their history.

    python bench/demo_data.py --backend sqlite --customers 100000
    python bench/demo_data.py --backend postgresql --customers 100000   # throwaway cluster
    python bench/demo_data.py --url postgresql+psycopg://... --customers 100000

Target (issue 2): 100,000 customers in under 60 s on SQLite and on PostgreSQL. The last
line of output is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _common  # noqa: E402, F401 - first: the standard library's queue, not bench/queue.py
import sqlalchemy as sa  # noqa: E402

from agent_desk.data import demo, migrate  # noqa: E402
from agent_desk.data.db import make_engine  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="an empty database to fill")
    where.add_argument("--backend", choices=("sqlite", "postgresql"), help="a throwaway database")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    cluster = None
    scratch = tempfile.TemporaryDirectory(prefix="agent-desk-bench-")
    if args.url:
        url = args.url
    elif args.backend == "sqlite":
        url = f"sqlite:///{Path(scratch.name) / 'bench.sqlite3'}"
    else:
        from tests.pgcluster import ThrowawayCluster

        # Durable settings (fsync on), as a real server would run.
        cluster = ThrowawayCluster(durable=True, shared_buffers="1GB").start()
        url = cluster.url
    try:
        engine = make_engine(url, deadline=False)  # bulk load: long statements
        migrate.upgrade(engine)
        started = time.perf_counter()
        report = demo.generate(engine, args.customers, seed=args.seed, as_of=date(2026, 11, 25))
        seconds = time.perf_counter() - started
        with engine.connect() as connection:  # the rows the report counts are really there
            for table in ("customers", "customer_phones", "interactions"):
                have = connection.scalar(sa.select(sa.func.count()).select_from(sa.table(table)))
                assert have == report.rows[table], f"{table}: {have:,} rows, the report says {report.rows[table]:,}"
        engine.dispose()
    finally:
        if cluster is not None:
            cluster.stop()
        scratch.cleanup()
    figures = {
        "benchmark": "demo_data",
        "backend": make_engine(url).dialect.name if args.url else args.backend,
        "customers": report.customers,
        "rows": report.total_rows,
        "interactions": report.rows["interactions"],
        "seconds": round(seconds, 2),
        "rows_per_s": round(report.total_rows / seconds),
        "target_s": 60,
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
        "date": date.today().isoformat(),
    }
    for table, rows in report.rows.items():
        print(f"{table:>18}: {rows:>10,}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
