#!/usr/bin/env bash
# Re-run every figure in docs/performance.md on the million-customer databases.
#
#   bench/figures.sh                       # both databases, all benchmarks
#   SQLITE_URL=sqlite:////data/pop.sqlite3 PG_URL=postgresql+psycopg://... bench/figures.sh
#
# The databases are built once (python bench/screen_pop.py --url URL --customers 1000000
# --build-only, 10-20 minutes each) and reused; a reused database is upgraded to the
# current schema first. A durable PostgreSQL for them: python -m tests.pgcluster (prints its
# URL and runs until interrupted). Each benchmark's JSON line is appended to $OUT; a
# benchmark that fails a sample exits non-zero and this script stops there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SQLITE_URL=${SQLITE_URL:-sqlite:////work/benchdata/pop.sqlite3}
PG_URL=${PG_URL:-$(cat /work/benchdata/PG_URL)}
OUT=${OUT:-/work/benchdata/figures-$(date -u +%Y%m%dT%H%M).jsonl}
export QT_QPA_PLATFORM=offscreen
for url in "$SQLITE_URL" "$PG_URL"; do
    "$PY" bench/screen_pop.py --url "$url" --customers 1000000 --paints 500 | tail -n 1 | tee -a "$OUT"
    "$PY" bench/offers.py --url "$url" --customers 1000000 --ranks 1000 | tail -n 1 | tee -a "$OUT"
    "$PY" bench/wrapup.py --url "$url" --customers 1000000 --calls 300 | tail -n 1 | tee -a "$OUT"
done
if [ "${DEMO:-1}" = 1 ]; then
    "$PY" bench/demo_data.py --backend sqlite --customers 100000 | tail -n 1 | tee -a "$OUT"
    "$PY" bench/demo_data.py --backend postgresql --customers 100000 | tail -n 1 | tee -a "$OUT"
fi
echo "figures in $OUT" >&2
