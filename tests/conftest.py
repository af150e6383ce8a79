"""Shared fixtures: isolated user dirs, real PostgreSQL, demo databases, thread-leak guard."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from agent_desk.data import demo, migrate  # noqa: E402
from agent_desk.data.db import make_engine  # noqa: E402
from tests.pgcluster import ClusterUnavailable, ThrowawayCluster  # noqa: E402

pytest_plugins = ["pytester"]

PG_URL_ENV = "AGENT_DESK_TEST_PG_URL"
AS_OF = date(2026, 11, 25)
DEMO_CUSTOMERS = 400


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config/data/cache/log dirs and no inherited overrides."""
    home = tmp_path / "home"
    monkeypatch.setenv("AGENT_DESK_HOME", str(home))
    monkeypatch.delenv("AGENT_DESK_DB_URL", raising=False)
    monkeypatch.delenv("AGENT_DESK_LANG", raising=False)
    return home


def busy_runners(runners: list) -> list:
    """The task runners with a worker still running a task (any of their pools, any lane)."""
    busy = []
    for runner in runners:
        try:
            from PySide6.QtCore import QThreadPool

            pools = set(runner.findChildren(QThreadPool))
            if getattr(runner, "pool", None) is not None:
                pools.add(runner.pool)
            if any(pool.activeThreadCount() for pool in pools):
                busy.append(runner)
        except RuntimeError:  # the C++ object is already gone: nothing can be running
            continue
    return busy


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    """Fail a test that leaves a Python thread or a Qt task running behind it."""
    before = set(threading.enumerate())
    yield
    # Qt's pool threads show up as "dummy" Python threads once Python code ran on them;
    # they are checked through the task runners below.
    leaked = [
        t.name for t in threading.enumerate()
        if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    try:
        from agent_desk.ui.tasks import live_runners
    except ImportError:  # pragma: no cover - Qt missing
        live_runners = list  # type: ignore[assignment]
    busy = busy_runners(live_runners())
    if leaked or busy:
        pytest.fail(f"test left threads running: {leaked} and {len(busy)} busy Qt task runner(s)")


@pytest.fixture(autouse=True, scope="session")
def gc_on_the_gui_thread(qapp) -> None:
    """As the app does (``agent_desk.ui.gc_guard``): garbage cycles holding Qt objects are
    collected on the GUI thread, never on a worker, where they deadlock with it."""
    from agent_desk.ui.gc_guard import collect_on_gui_thread

    collect_on_gui_thread(qapp)


@pytest.fixture(autouse=True)
def language_restored(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test that switches the app to Hebrew (``agent_desk.ui.i18n.install``) leaves English
    behind it: the catalogs it installed removed, the locale, direction and language as they
    were. Otherwise the next test in the same process sees Hebrew, and passes or fails by the
    order the tests happen to run in (parallel workers run them in another order)."""
    try:
        from PySide6.QtCore import QLocale
        from PySide6.QtWidgets import QApplication
    except ImportError:  # pragma: no cover - Qt missing
        yield
        return
    installed: list = []
    original = QApplication.installTranslator

    def remember(_app: QApplication, translator) -> bool:  # noqa: ANN001 - a QTranslator
        installed.append(translator)
        return original(translator)  # a static method of QCoreApplication

    monkeypatch.setattr(QApplication, "installTranslator", remember)
    app = QApplication.instance()
    before = (QLocale(), app.layoutDirection(), app.property("agent_desk_language")) if app else None
    yield
    app = QApplication.instance()
    if app is None:
        return
    for translator in installed:
        app.removeTranslator(translator)
    if before is not None:
        QLocale.setDefault(before[0])
        app.setLayoutDirection(before[1])
        app.setProperty("agent_desk_language", before[2])


@pytest.fixture(autouse=True)
def no_modal_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog's exec() during a test fails the test at once instead of hanging the
    run offscreen, where nobody can click it (dialogs expose ``ask()`` for tests to replace)."""
    try:
        from PySide6.QtWidgets import QDialog, QMessageBox
    except ImportError:  # pragma: no cover - Qt missing
        return

    def refuse(dialog: QDialog, *_args: object) -> int:
        raise AssertionError(f"a test opened a modal dialog ({type(dialog).__name__}: "
                             f"{dialog.windowTitle()!r}); replace its ask() instead")

    for cls in (QDialog, QMessageBox):
        monkeypatch.setattr(cls, "exec", refuse)
        monkeypatch.setattr(cls, "exec_", refuse, raising=False)


# --- markers -----------------------------------------------------------------------------

POSTGRES_FIXTURES = frozenset({"pg_server", "pg_url"})


def needs_postgres(item: pytest.Item) -> bool:
    """Does this test use the real PostgreSQL server (directly, through a fixture, or as
    the ``postgresql`` case of ``any_db_url``)?"""
    names = set(getattr(item, "fixturenames", ()))
    if names & POSTGRES_FIXTURES:
        return True
    callspec = getattr(item, "callspec", None)
    return "any_db_url" in names and callspec is not None and callspec.params.get("any_db_url") == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every PostgreSQL test ``postgres``: ``-m postgres`` runs them, ``-m "not postgres"``
    skips them, without each test having to remember the marker."""
    for item in items:
        if needs_postgres(item) and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)


# --- PostgreSQL --------------------------------------------------------------------------


class _Server:
    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def url_for(self, database: str) -> str:
        return sa.engine.make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[_Server]:
    """A real PostgreSQL server: $AGENT_DESK_TEST_PG_URL, or a throwaway cluster.

    Without one the PostgreSQL tests skip, except under CI=true, where they fail.
    """
    external = os.environ.get(PG_URL_ENV)
    if external:
        yield _Server(external)
        return
    try:
        cluster = ThrowawayCluster().start()
    except ClusterUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires PostgreSQL tests to run, but: {exc}")
        pytest.skip(f"PostgreSQL tests need a server: {exc}")
    try:
        yield _Server(cluster.url)
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: _Server) -> Iterator[str]:
    """A fresh, empty database on the real server, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_server.url_for(name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("pg_url")


# --- demo data ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with demo customers, made once and copied per test."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    demo.generate(engine, DEMO_CUSTOMERS, seed=11, as_of=AS_OF)
    with engine.connect() as connection:  # fold the WAL into the file before copying it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> str:
    """The URL of a private copy of the demo database."""
    target = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, target)
    return f"sqlite:///{target}"


# --- the desk window ---------------------------------------------------------------------


def signed_in(url: str):
    """For a person's PostgreSQL login URL (``pg_login``, ``pg_person``): signed in the way
    the sign-in dialog does it, for ``build_window(settings, view, signed_in(url))``, so the
    desk connects as them and follows their role. None for SQLite or the superuser's URL."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.password:
        return None
    from agent_desk.security.identity import sign_in, without_password

    return sign_in(without_password(url)[0], parsed.username, parsed.password)


def all_sent(window) -> bool:
    """Everything the window's offline desk queued has reached the server (always true for
    a desk without a local store: the embedded file, or ``offline = false``)."""
    sync = getattr(window, "sync", None)
    return sync is None or (sync.desk.store.pending_hint == 0 and sync.state.state == "online")


@pytest.fixture
def open_desk(qtbot, qapp):
    """Open the real main window on a database, started and idle: ``open_desk(url, "he", "lead")``.

    The window is shut down before pytest-qt closes it (so no quit question at teardown),
    and its translators and layout direction are undone afterwards.
    """
    from PySide6.QtCore import Qt

    from agent_desk.settings import Settings
    from agent_desk.ui.app import build_window
    from agent_desk.ui.main_window import MainWindow

    made = []

    def make(url: str, language: str = "en", view: str = "agent") -> MainWindow:
        window, translators = build_window(Settings(db_url=url, language=language), view, signed_in(url))
        qtbot.addWidget(window, before_close_func=MainWindow.shutdown)
        made.append(translators)
        window.show()
        with qtbot.waitSignal(window.ready, timeout=30_000):
            window.start()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=30_000)
        return window

    yield make
    for translators in made:
        for translator in translators:
            qapp.removeTranslator(translator)
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


# --- PostgreSQL people (roles, row-level security) ---------------------------------------


@pytest.fixture
def pg_desk_url(pg_url: str) -> str:
    """A fresh PostgreSQL database migrated to head (as the cluster's superuser)."""
    engine = make_engine(pg_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return pg_url


@pytest.fixture(scope="session")
def pg_passwords(pg_server: _Server) -> None:
    """Make the throwaway cluster check passwords (SCRAM) for every login but its superuser,
    as a real server does: a wrong password is refused. (initdb made it trust everyone.)
    An external server ($AGENT_DESK_TEST_PG_URL) keeps its own rules."""
    if os.environ.get(PG_URL_ENV):
        return
    import time

    from psycopg import sql

    engine = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            hba = connection.exec_driver_sql("SHOW hba_file").scalar()
            superuser = connection.exec_driver_sql("SELECT current_user").scalar()
            lines = [f"local all {superuser} trust", f"host all {superuser} 127.0.0.1/32 trust",
                     f"host all {superuser} ::1/128 trust", "local all all scram-sha-256",
                     "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256"]
            raw = connection.connection.driver_connection
            raw.execute(sql.SQL("COPY (SELECT unnest({lines}::text[])) TO {path}").format(
                lines=sql.Literal(lines), path=sql.Literal(hba)))
            raw.execute("SELECT pg_reload_conf()")
            probe = f"probe_{uuid.uuid4().hex[:8]}"
            raw.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'right-password'").format(sql.Identifier(probe)))
            wrong = sa.engine.make_url(pg_server.admin_url).set(username=probe, password="wrong")
            deadline = time.monotonic() + 10
            try:
                while time.monotonic() < deadline:  # the postmaster reloads the file a moment later
                    probe_engine = make_engine(wrong.render_as_string(hide_password=False))
                    try:
                        with probe_engine.connect():
                            pass
                    except sa.exc.OperationalError:
                        break
                    finally:
                        probe_engine.dispose()
                    time.sleep(0.05)
                else:
                    pytest.fail("the test cluster did not start checking passwords")
            finally:
                raw.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(probe)))
    finally:
        engine.dispose()


@pytest.fixture
def pg_login(pg_server: _Server, pg_passwords: None):
    """Make a person on a migrated PostgreSQL database and get a URL to connect as them:
    ``pg_login(url, "dana", "agent", team="North", authority=200) -> url``.

    The login is ``<name>_<6 hex>`` (role names are the cluster's, shared by every test
    database), with a random password that the server checks (``pg_passwords``), in the
    role's group, with an active agents row; the team is made when missing.
    ``make_url(result).username`` is the login and agents.username. The logins are dropped
    after the test.
    """
    import contextlib
    import secrets
    from decimal import Decimal

    from agent_desk.data import models as m
    from agent_desk.security import admin, roles

    made: list[str] = []

    def make(url: str, name: str, role: str = "agent", team: str | None = None, authority: object = 0,
             display_name: str | None = None) -> str:
        login = f"{name}_{secrets.token_hex(3)}"
        password = secrets.token_urlsafe(16)
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                if team and connection.scalar(sa.select(m.Team.id).where(m.Team.name == team)) is None:
                    connection.execute(sa.insert(m.Team).values(id=uuid.uuid4(), created_at=m.utcnow(), name=team,
                                                                callback_escalation_minutes=30))
                admin.create_user(connection, login, roles.role_from_text(role), password, team=team,
                                  authority=Decimal(str(authority)), display_name=display_name or name.title())
        finally:
            engine.dispose()
        made.append(login)
        return sa.engine.make_url(url).set(username=login, password=password).render_as_string(hide_password=False)

    yield make
    if made:
        engine = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                for login in made:
                    # Best effort: a role still holding privileges somewhere stays behind.
                    with contextlib.suppress(sa.exc.DBAPIError):
                        connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        finally:
            engine.dispose()


@pytest.fixture
def pg_person(pg_server: _Server, pg_passwords: None):
    """Let someone already in the data sign in: ``pg_person(url, "agent01") -> url``.

    For tests that seed a PostgreSQL database as the owner (migrations, ``demo-data``) and then
    act as one of its people: that agents row gets a cluster-unique login name
    (``agent01_<6 hex>``, role names are the cluster's), a LOGIN role in its role's group with
    a random password the server checks, and the URL connects as it. Dropped after the test.
    """
    import contextlib
    import secrets

    from psycopg import sql

    from agent_desk.data import models as m
    from agent_desk.security import roles

    made: list[str] = []

    def make(url: str, username: str) -> str:
        login, password = f"{username}_{secrets.token_hex(3)}", secrets.token_urlsafe(16)
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                role = connection.scalar(sa.select(m.Agent.role).where(m.Agent.username == username))
                assert role is not None, f"no agent {username!r} in the database"
                connection.execute(sa.update(m.Agent).where(m.Agent.username == username).values(username=login))
                raw = connection.connection.driver_connection
                raw.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(login), sql.Literal(password), sql.Identifier(roles.GROUP_FOR_ROLE[role])))
        finally:
            engine.dispose()
        made.append(login)
        return sa.engine.make_url(url).set(username=login, password=password).render_as_string(hide_password=False)

    yield make
    if made:
        engine = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                for login in made:
                    with contextlib.suppress(sa.exc.DBAPIError):
                        connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        finally:
            engine.dispose()


@pytest.fixture
def as_person(request: pytest.FixtureRequest):
    """``as_person(url, "agent01") -> url``: on PostgreSQL the URL of that person's own login
    (``pg_person``); the SQLite file's URL unchanged (one local user). For ``any_db_url`` tests:
    set up as the owner, then act as the person."""

    def make(url: str, username: str) -> str:
        if sa.engine.make_url(url).get_backend_name() != "postgresql":
            return url
        return request.getfixturevalue("pg_person")(url, username)

    return make


# --- a streaming replica (reports, docs/replica.md) -----------------------------------------


class _Replicated:
    """A primary of its own and its hot standby: ``primary_url(db)``, ``replica_url(db)``."""

    def __init__(self, primary: ThrowawayCluster, standby) -> None:  # noqa: ANN001 - tests.pgcluster.StreamingStandby
        self.primary = primary
        self.standby = standby

    def primary_url(self, database: str = "postgres") -> str:
        return self.primary.url_for(database)

    def replica_url(self, database: str = "postgres") -> str:
        return self.standby.url_for(database)


@pytest.fixture(scope="module")
def pg_replica() -> Iterator[_Replicated]:
    """A PostgreSQL primary (its own throwaway cluster, so the other tests' server keeps its
    settings) and a streaming hot standby made from it with ``pg_basebackup -R``, both from the
    system's binaries. Skips without binaries, except under CI=true, where it fails."""
    from tests.pgcluster import StreamingStandby

    try:
        primary = ThrowawayCluster().start()
    except ClusterUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but no PostgreSQL for the replica test: {exc}")
        pytest.skip(str(exc))
    standby = StreamingStandby(primary)
    try:
        standby.start()
        yield _Replicated(primary, standby)
    finally:
        try:
            standby.stop()
        finally:
            primary.stop()
