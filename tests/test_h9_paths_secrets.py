"""Issue 9, items 3 and 4: awkward paths, passwords that never show, owner-only files."""

from __future__ import annotations

import os
import stat
import threading
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from agent_desk.cli import main
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import (
    DatabaseUrlError,
    default_url,
    display_url,
    error_line,
    make_engine,
    normalize_url,
)
from agent_desk.data.setup import prepare
from agent_desk.drafts import DraftStore
from agent_desk.paths import app_dirs
from agent_desk.security.roles import group_role_statements

AWKWARD = "דני כהן 100%"
SECRET = "Pa!ss%w@rd:9/x"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    """The umask most desktops run with (022): files would be world-readable by default."""
    old = os.umask(0o022)
    yield
    os.umask(old)


# --- item 3: paths ------------------------------------------------------------------------


def test_a_database_under_a_hebrew_folder_with_a_space_and_percent_is_migrated(tmp_path: Path) -> None:
    folder = tmp_path / AWKWARD
    url = f"sqlite:///{folder / 'desk.sqlite3'}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        assert migrate.schema_state(engine).is_current
        assert migrate.schema_differences(engine) == []
    finally:
        engine.dispose()
    # and by the admin command, and with the app's own home there too (backup included)
    assert main(["db", "current", "--url", url]) == 0


def test_the_app_starts_and_backs_up_with_its_home_under_an_awkward_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENT_DESK_HOME", str(tmp_path / AWKWARD / "home"))
    dirs = app_dirs().ensure()
    engine = make_engine(default_url(dirs))
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:  # some data, so the upgrade makes a backup
        connection.execute(sa.insert(m.Team.__table__).values(id=uuid.uuid4(), name="t", site="s"))
    engine.dispose()
    ready = prepare(default_url(dirs), dirs, demo_customers=0)
    try:
        assert migrate.schema_state(ready.engine).is_current
        assert ready.backup is not None and ready.backup.exists() and AWKWARD in str(ready.backup)
    finally:
        ready.engine.dispose()


# --- item 3: passwords --------------------------------------------------------------------


def test_a_password_is_never_shown_in_url_errors() -> None:
    with pytest.raises(DatabaseUrlError) as bad_port:
        normalize_url("postgresql://desk:s3cr3t!@db.example:notaport/desk")
    assert "port" in str(bad_port.value) and "s3cr3t" not in str(bad_port.value)
    with pytest.raises(DatabaseUrlError) as unparsable:
        normalize_url("postgres ql://desk:s3cr3t@db.example/desk")
    assert "s3cr3t" not in str(unparsable.value)
    url = URL.create("postgresql", "desk", SECRET, "db.example", 5432, "desk")
    shown = display_url(url.render_as_string(hide_password=False))
    assert "Pa!ss" not in shown and "desk:***@db.example" in shown


def test_a_driver_message_carrying_the_dsn_loses_the_password() -> None:
    url = URL.create("postgresql+psycopg", "desk", SECRET, "db.example", 5432, "desk")
    dsn_error = sa.exc.OperationalError(
        "SELECT secret_notes FROM customers WHERE id = %(id)s", {"id": 7},
        Exception(f"invalid dsn: host=db.example user=desk password={SECRET} dbname=desk\nDETAIL: more"),
    )
    line = error_line(dsn_error, url)
    assert "Pa!ss" not in line and SECRET not in line
    assert "secret_notes" not in line and "\n" not in line
    assert "password=***" in line


def _hba_requires_password(admin: sa.Engine, role: str) -> bool:
    """Ask the throwaway server for a real password check for ``role`` (it trusts everyone
    else); False when the server's files are not ours to edit (an external server)."""
    with admin.connect() as connection:
        hba = Path(connection.exec_driver_sql("SHOW hba_file").scalar_one())
        if not os.access(hba, os.W_OK):
            return False
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        connection.exec_driver_sql("SELECT pg_reload_conf()")
    return True


def _connects(url: str) -> bool:
    engine = make_engine(url)
    try:
        with engine.connect():
            return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_db_upgrade_and_demo_data_with_a_password_full_of_url_characters(pg_url: str, capsys) -> None:
    role = f"desk_{uuid.uuid4().hex[:8]}"
    database = make_url(pg_url).database
    admin = make_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql("SET password_encryption = 'scram-sha-256'")
            # "%%": the driver's paramstyle would read "%w" as a placeholder
            connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{SECRET.replace('%', '%%')}'")
            connection.exec_driver_sql(f'ALTER DATABASE "{database}" OWNER TO {role}')
            connection.exec_driver_sql(f"ALTER SCHEMA public OWNER TO {role}")
            # The DBA's one-time set-up (docs/security.md): the login that migrates and loads
            # demo data is a member of desk_owner, and BYPASSRLS for the demo data's COPY.
            for statement in group_role_statements():
                connection.exec_driver_sql(statement)
            connection.exec_driver_sql(f"ALTER ROLE {role} BYPASSRLS")
            connection.exec_driver_sql(f"GRANT desk_owner TO {role}")
        checked = _hba_requires_password(admin, role)
        base = make_url(pg_url)
        good = base.set(username=role, password=SECRET).render_as_string(hide_password=False)
        wrong = base.set(username=role, password="Wr0ng!%pass").render_as_string(hide_password=False)
        if checked:  # the reload is asynchronous: wait until the server asks for the password
            deadline = time.monotonic() + 10
            while _connects(wrong):
                assert time.monotonic() < deadline, "the server never started checking passwords"
                threading.Event().wait(0.05)

        assert main(["db", "upgrade", "--url", good]) == 0
        assert main(["demo-data", "--url", good, "--customers", "30", "--seed", "3"]) == 0
        out, err = capsys.readouterr()
        assert "30 customers" in out
        assert "Pa!ss" not in out + err

        if checked:
            assert main(["db", "current", "--url", wrong]) == 1
            err = capsys.readouterr().err
            lines = err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("agent-desk:")
            assert "password authentication failed" in err
            assert "Wr0ng" not in err and "Traceback" not in err
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'ALTER DATABASE "{database}" OWNER TO CURRENT_USER')
            connection.exec_driver_sql("ALTER SCHEMA public OWNER TO CURRENT_USER")
            connection.exec_driver_sql(f'REASSIGN OWNED BY {role} TO CURRENT_USER')
            connection.exec_driver_sql(f"DROP OWNED BY {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()


# --- item 4: owner-only files -------------------------------------------------------------


def test_the_embedded_database_backups_and_drafts_are_owner_only(usual_umask) -> None:
    dirs = app_dirs().ensure()
    for folder in (dirs.config, dirs.data, dirs.cache, dirs.logs):
        assert _mode(folder) == 0o700, folder
    engine = make_engine(default_url(dirs))
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(sa.insert(m.Team.__table__).values(id=uuid.uuid4(), name="t", site="s"))
    engine.dispose()
    ready = prepare(default_url(dirs), dirs, demo_customers=0)
    try:
        database = dirs.default_database
        with ready.engine.connect() as connection:  # the -wal and -shm exist while it is open
            connection.exec_driver_sql("SELECT count(*) FROM teams").scalar()
            companions = [Path(f"{database}-wal"), Path(f"{database}-shm")]
            assert all(p.exists() for p in companions)
            for path in (database, *companions):
                assert _mode(path) == 0o600, path
        assert ready.backup is not None
        assert _mode(ready.backup) == 0o600 and _mode(ready.backup.parent) == 0o700
    finally:
        ready.engine.dispose()
    drafts = DraftStore(dirs)
    drafts.save({"call": "x", "notes": "the customer's new address"})
    assert _mode(drafts.path) == 0o600
    # the drafts folder sits in the data folder, which nobody else can enter
    assert dirs.data in drafts.folder.parents and _mode(dirs.data) == 0o700


def test_a_data_folder_left_open_by_an_older_version_is_closed(usual_umask) -> None:
    dirs = app_dirs()
    dirs.data.mkdir(parents=True)
    os.chmod(dirs.data, 0o755)
    dirs.ensure()
    assert _mode(dirs.data) == 0o700


def test_a_new_sqlite_file_anywhere_is_owner_only(tmp_path: Path, usual_umask) -> None:
    path = tmp_path / "new folder" / "branch.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
