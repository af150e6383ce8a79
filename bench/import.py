"""Benchmark: importing a CRM export of customers (issue 15).

    python bench/import.py --url postgresql+psycopg://postgres@127.0.0.1:5432/postgres --rows 1000000
    python bench/import.py --url sqlite:////tmp/import-bench.sqlite3 --rows 100000

Writes its own CSV of ``--rows`` customers the way an Israeli CRM exports them (Hebrew
headers, UTF-8 with BOM, dd/mm/yyyy dates, local phone formats, a Hebrew status and three
unmapped columns that become custom attributes), with ``--bad`` of them broken on purpose
(a bad date, phone or ID number). On PostgreSQL the URL names a server: the benchmark
creates its own database there (``import_bench_<pid>``), migrates it, and drops it at the end
(never touching the database in the URL); on SQLite it uses a fresh file.

Untimed warm-up: a 2,000-row import of other customers into the same database. Timed: one
``run_import`` of the whole file, exactly what ``agent-desk import customers`` runs (read,
convert, stage, upsert customers, phones and attributes, one commit). Checked: every good
row landed once with its phone and three attributes, every bad row was rejected, nothing
else. ``--reimport`` also times importing the same file again (all updates).
Target (issue 15): 1,000,000 rows in under 2 minutes on PostgreSQL. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

# The standard library's queue first: this folder is first on sys.path, and a benchmark
# file named like a standard module (bench/queue.py) would otherwise stand in for it.
_here = sys.path.pop(0)
import queue  # noqa: E402, F401
import threading  # noqa: E402, F401

sys.path.insert(0, _here)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from _common import machine, rss_mb  # noqa: E402

from agent_desk.data import migrate  # noqa: E402
from agent_desk.data import models as m  # noqa: E402
from agent_desk.data.db import display_url, make_engine, normalize_url  # noqa: E402
from agent_desk.importer.load import run_import  # noqa: E402
from agent_desk.importer.mapping import load_mapping  # noqa: E402

MAPPING = """\
kind = "customers"
export_date = 2026-11-01
date_format = "%d/%m/%Y"

[columns]
"מספר לקוח" = "external_ref"
"שם פרטי" = "first_name"
"שם משפחה" = "last_name"
"ת.ז." = "national_id"
"טלפון נייד" = "phone"
"דוא\\"ל" = "email"
"עיר" = "city"
"תאריך לידה" = "birth_date"
"ותק (חודשים)" = { field = "customer_since", tenure_months = true }
"סטטוס" = { field = "status", values = { "פעיל" = "active", "מנותק" = "cancelled" } }
"מסלול" = { attribute = "plan", kind = "text" }
"חיוב חודשי" = { attribute = "monthly_charges", kind = "number" }
"חשבונית דיגיטלית" = { attribute = "paperless", kind = "bool" }
"""
HEADER = ["מספר לקוח", "שם פרטי", "שם משפחה", "ת.ז.", "טלפון נייד", 'דוא"ל', "עיר", "תאריך לידה",
          "ותק (חודשים)", "סטטוס", "מסלול", "חיוב חודשי", "חשבונית דיגיטלית"]
FIRST = ["נועה", "יוסף", "מיכל", "אורי", "שירה", "דוד", "תמר", "איתי", "מוחמד", "אולגה"]
LAST = ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם", "פרידמן", "חורי", "אגבאריה", "שפירא"]
CITIES = ["תל אביב-יפו", "ירושלים", "חיפה", "באר שבע", "נצרת", "אשדוד", "ראשון לציון"]
PLANS = ["סלולר בסיסי", "סלולר ללא הגבלה", "אינטרנט 1000", "טלוויזיה פלוס", "חבילה משולבת"]


def check_digit(first8: str) -> str:
    total = 0
    for position, ch in enumerate(first8):
        value = int(ch) * (1 + position % 2)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def write_export(path: Path, rows: int, bad_every: int, prefix: str, seed: int) -> int:
    """The export file; returns how many rows are broken on purpose."""
    rng = random.Random(seed)
    bad = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(rows):
            first8 = f"{rng.randint(1_000_000, 39_999_999):08d}"
            national_id = first8 + check_digit(first8)
            phone = f"05{rng.choice('0234578')}-{rng.randint(0, 9_999_999):07d}"
            birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}"
            row = [f"{prefix}{i:08d}", rng.choice(FIRST), rng.choice(LAST), national_id, phone,
                   f"c{i}@mail.example" if rng.random() < 0.7 else "", rng.choice(CITIES), birth,
                   rng.randint(1, 180), "מנותק" if rng.random() < 0.1 else "פעיל", rng.choice(PLANS),
                   f"{rng.randint(30, 400)}.{rng.choice(('90', '00', '50'))}", rng.choice(("כן", "לא"))]
            if bad_every and i % bad_every == bad_every - 1:
                bad += 1
                broken = (i // bad_every) % 3
                if broken == 0:
                    row[7] = "31/02/1990"
                elif broken == 1:
                    row[4] = "12345"
                else:
                    row[3] = national_id[:-1] + str((int(national_id[-1]) + 1) % 10)
            out.writerow(row)
    return bad


def fresh_database(url: str) -> tuple[str, object]:
    """A fresh database for the run and a function that removes it."""
    parsed = sa.make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or tempfile.mktemp(suffix=".sqlite3"))
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        return str(parsed.set(database=str(path))), lambda: [Path(f"{path}{e}").unlink(missing_ok=True)
                                                            for e in ("", "-wal", "-shm")]
    name = f"import_bench_{os.getpid()}"
    admin = sa.create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return parsed.set(database=name).render_as_string(hide_password=False), drop


def as_admin(owner: sa.Engine) -> str:
    """The URL of a fresh admin's own login on PostgreSQL; the file's URL on SQLite."""
    if owner.dialect.name != "postgresql":
        return owner.url.render_as_string(hide_password=False)
    import secrets

    from agent_desk import domain as d
    from agent_desk.security import admin

    login, password = f"bench_importer_{secrets.token_hex(3)}", secrets.token_urlsafe(16)
    with owner.begin() as connection:
        admin.create_user(connection, login, d.Role.ADMIN, password, display_name="Bench importer")
    return owner.url.set(username=login, password=password).render_as_string(hide_password=False)


def counts(engine: sa.Engine, prefix: str) -> dict[str, int]:
    mine = sa.select(m.Customer.id).where(m.Customer.external_ref.like(f"{prefix}%"))
    with engine.connect() as connection:
        return {
            "customers": connection.scalar(sa.select(sa.func.count()).select_from(mine.subquery())),
            "phones": connection.scalar(sa.select(sa.func.count()).select_from(m.CustomerPhone)
                                        .where(m.CustomerPhone.customer_id.in_(mine))),
            "attributes": connection.scalar(sa.select(sa.func.count()).select_from(m.CustomerAttribute)
                                            .where(m.CustomerAttribute.customer_id.in_(mine))),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="PostgreSQL server (a database is created) or a SQLite file")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad", type=int, default=1000, help="one row in BAD is broken on purpose (0: none)")
    parser.add_argument("--reimport", action="store_true", help="also time importing the same file again")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    mapping_path = work / "crm.toml"
    mapping_path.write_text(MAPPING, encoding="utf-8")
    mapping = load_mapping(mapping_path, kind="customers")
    export, warmup = work / "customers.csv", work / "warmup.csv"
    started = time.perf_counter()
    bad = write_export(export, args.rows, args.bad, "B", args.seed)
    write_export(warmup, 2000, 0, "W", args.seed + 1)
    print(f"export of {args.rows:,} rows written in {time.perf_counter() - started:.1f} s "
          f"({export.stat().st_size / 2**20:.0f} MB)", flush=True)

    url, drop = fresh_database(args.url)
    owner = make_engine(url, deadline=False)
    engine = owner
    try:
        migrate.upgrade(owner)
        # An import is an admin's work on the desk: on PostgreSQL it runs as an admin's own
        # login (row-level security and the triggers as for them), never as the owner.
        importer = as_admin(owner)
        engine = make_engine(importer, deadline=False) if importer != url else owner
        warm = run_import(engine, warmup, mapping, "customers")
        assert (warm.inserted, warm.rejected) == (2000, 0), warm

        started = time.perf_counter()
        summary = run_import(engine, export, mapping, "customers")
        seconds = time.perf_counter() - started
        good = args.rows - bad
        assert (summary.rows_read, summary.inserted, summary.updated, summary.rejected) == (args.rows, good, 0, bad), \
            summary
        landed = counts(owner, "B")
        assert landed == {"customers": good, "phones": good, "attributes": 3 * good}, landed
        with export.with_name(export.name + ".rejects.csv").open(encoding="utf-8-sig") as f:
            assert len({line["line"] for line in csv.DictReader(f)}) == bad
        result = {
            "bench": "import", "database": make_engine(url).dialect.name, "url": display_url(url),
            "read_as": "admin login" if engine is not owner else "file",
            "rows": args.rows, "rejected": bad, "seconds": round(seconds, 2),
            "rows_per_s": round(args.rows / seconds), "target_s": 120,
            "file_mb": round(export.stat().st_size / 2**20, 1), "rss_mb": round(rss_mb()),
            "machine": machine(),
        }
        if args.reimport:
            started = time.perf_counter()
            again = run_import(engine, export, mapping, "customers")
            result["reimport_seconds"] = round(time.perf_counter() - started, 2)
            assert (again.inserted, again.updated, again.rejected) == (0, good, bad), again
            assert counts(owner, "B") == landed
            result["reimport_rows_per_s"] = round(args.rows / result["reimport_seconds"])
    finally:
        engine.dispose()
        owner.dispose()
        drop()
        if engine is not owner:  # the admin's login outlives its database: it goes too
            server = sa.create_engine(sa.make_url(normalize_url(args.url)), isolation_level="AUTOCOMMIT")
            with server.connect() as connection:
                connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{engine.url.username}"')
            server.dispose()
        for file in work.iterdir():
            file.unlink()
        work.rmdir()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
