"""Shared pieces of the benchmarks: build-or-reuse a demo database, percentiles, memory."""

from __future__ import annotations

import atexit
import importlib
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# Every script here runs with bench/ first on sys.path, where bench/queue.py (the issue's
# name for the work-queue benchmark) would stand in for the standard library's queue, which
# concurrent.futures and logging import: load the real one now, with bench/ out of the way.
_BENCH = Path(__file__).resolve().parent
_path = sys.path[:]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
importlib.import_module("queue")
sys.path[:] = _path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from agent_desk.data import demo, migrate  # noqa: E402
from agent_desk.data import models as m  # noqa: E402
from agent_desk.data.db import make_engine  # noqa: E402

AS_OF = date(2026, 11, 25)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def machine() -> str:
    return f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}"


def ensure_database(url: str, customers: int, seed: int) -> tuple[int, int, float | None]:
    """(customers, interactions, seconds it took to build or None when reused)."""
    engine = make_engine(url, deadline=False)  # building 1M customers runs long statements
    state = migrate.schema_state(engine)
    if state.is_empty or not state.is_current:
        migrate.upgrade(engine)
    with engine.connect() as connection:
        have = connection.scalar(sa.select(sa.func.count()).select_from(m.Customer))
    built = None
    if not have:
        started = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                print(f"  demo data: {done:,}/{total:,} customers", flush=True)

        demo.generate(engine, customers, seed=seed, as_of=AS_OF, progress=progress)
        built = time.perf_counter() - started
        have = customers
    with engine.connect() as connection:
        interactions = connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction))
    engine.dispose()
    return have, interactions, built


def as_person(url: str, username: str = "agent01") -> str:
    """The URL of ``username``'s own login on PostgreSQL (the embedded file's URL unchanged).

    The desk runs as a person under row-level security (issue 11), so the figures must too:
    a superuser bypasses every policy. The bench (connected as the database's owner) makes
    the person's LOGIN role in their group when missing and gives it a fresh random password
    for this run; the agents row is the demo data's own.
    """
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    from psycopg import sql

    from agent_desk.security import roles

    password = secrets.token_urlsafe(16)
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            role = connection.scalar(sa.select(m.Agent.role).where(m.Agent.username == username))
            if role is None:
                raise SystemExit(f"no desk user {username!r} in the database")
            raw = connection.connection.driver_connection
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": username})
            verb = "ALTER" if exists else "CREATE"
            raw.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD {}").format(
                sql.Identifier(username), sql.Literal(password)))
            raw.execute(sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(roles.GROUP_FOR_ROLE[role]), sql.Identifier(username)))
    finally:
        engine.dispose()
    return parsed.set(username=username, password=password).render_as_string(hide_password=False)


# --- the real window, offscreen ------------------------------------------------------------


def open_window(url: str, language: str, size: tuple[int, int] = (1400, 900)):  # type: ignore[no-untyped-def]
    """The real main window offscreen, started on ``url``; (app, window, translators).

    The desk's own files (drafts, settings, logs) go to a fresh folder, so no unfinished
    call of an earlier run is restored into the benchmark. Its cache is kept between runs
    (``$AGENT_DESK_BENCH_CACHE``, else ``~/.cache/agent-desk-bench``): the desk checks a big
    SQLite file's integrity at most weekly, remembering that in the cache, and the check
    reads the whole file (minutes for the million-customer one). The first start waits for it.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="agent-desk-bench-"))
    atexit.register(shutil.rmtree, home, True)
    cache = Path(os.environ.get("AGENT_DESK_BENCH_CACHE") or Path.home() / ".cache" / "agent-desk-bench")
    cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    (home / "cache").symlink_to(cache, target_is_directory=True)
    os.environ["AGENT_DESK_HOME"] = str(home)
    from agent_desk.settings import Settings
    from agent_desk.ui.app import build_window, create_application

    app = create_application()
    signed = None
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.password:  # a person (as_person)
        from agent_desk.security.identity import sign_in, without_password

        signed = sign_in(without_password(url)[0], parsed.username, parsed.password)
    window, translators = build_window(Settings(db_url=url, language=language, demo_customers=0), signed=signed)
    window.resize(*size)
    window.show()
    started = time.perf_counter()
    wait_for(window.ready, 1_800_000, start=window.start, also_stop_on=window.settled)
    if time.perf_counter() - started > 10:
        print(f"  the window took {time.perf_counter() - started:.0f} s to start (integrity check)", file=sys.stderr)
    if window.database is None:
        raise SystemExit(f"the window could not open the database: {window.banner_text.text()}")
    if window.user is None:
        raise SystemExit("the window has no desk user (no agent in the database?)")
    return app, window, translators


def wait_for(signal, timeout_ms: int, start=None, accept=None, also_stop_on=None,  # type: ignore[no-untyped-def]
             give_up=None) -> bool:
    """Run the event loop until ``signal`` fires with arguments ``accept(*args)`` likes.

    ``start()`` runs once the loop is listening. False when ``timeout_ms`` passed first, when
    ``also_stop_on`` fired first, or when ``give_up()`` is true right after ``start()`` (a
    question on screen instead of the answer): the caller counts that as a failure, never
    as a figure.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    outcome = {"ok": False}

    def fired(*args: object) -> None:
        if accept is None or accept(*args):
            outcome["ok"] = True
            loop.quit()

    def stop(*_args: object) -> None:
        loop.quit()

    signal.connect(fired)
    if also_stop_on is not None:
        also_stop_on.connect(stop)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(timeout_ms)
    try:
        if start is not None:
            start()
        if not outcome["ok"] and not (give_up is not None and give_up()):
            loop.exec()
    finally:
        guard.stop()
        signal.disconnect(fired)
        if also_stop_on is not None:
            also_stop_on.disconnect(stop)
    return outcome["ok"]
