"""Reports from a real streaming replica (pg_basebackup -R of a primary started from the
system's binaries): a row written on the primary becomes readable through the report engine,
a write through it is refused, and its lag is shown (and grows while replay is paused)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.reports_db import ReportDatabaseError, replica_lag, report_engine, report_url
from agent_desk.settings import Settings

pytestmark = pytest.mark.postgres
DATABASE = "desk"


def _until(check: Callable[[], bool], timeout: float = 30.0) -> None:
    """Wait for a condition the standby reaches on its own (WAL replay), up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the replica did not catch up in time"
        time.sleep(0.05)


def _teams(engine: sa.Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(sa.select(m.Team.name)))


def _version(engine: sa.Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    except sa.exc.ProgrammingError:  # not replayed yet
        return None


@pytest.fixture(scope="module")
def replicated(pg_replica):
    admin = make_engine(pg_replica.primary_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
    admin.dispose()
    primary = make_engine(pg_replica.primary_url(DATABASE))
    migrate.upgrade(primary)
    # A report URL with no user: the desk's own login on the primary is used (same roles).
    replica_address = sa.engine.make_url(pg_replica.replica_url(DATABASE)).set(username=None)
    settings = Settings(db_url=pg_replica.primary_url(DATABASE),
                        report_db_url=replica_address.render_as_string(hide_password=False))
    reports = report_engine(settings, primary)
    # The standby replays the whole schema first (its tables do not exist until then).
    head = migrate.head_revision()
    _until(lambda: _version(reports) == head)
    yield primary, reports, pg_replica
    reports.dispose()
    primary.dispose()


def test_a_row_written_on_the_primary_is_read_through_the_report_engine(replicated) -> None:
    primary, reports, pair = replicated
    assert reports is not primary and reports.url.port == pair.standby.port
    assert reports.url.username == primary.url.username
    with Session(primary) as session, session.begin():
        session.add(m.Team(name="Haifa night shift"))
    _until(lambda: "Haifa night shift" in _teams(reports))
    state = replica_lag(reports)
    assert state.standby and state.lag is not None and state.lag >= timedelta(0)
    assert replica_lag(primary).standby is False and replica_lag(primary).lag is None


def test_writes_through_the_report_engine_are_refused(replicated) -> None:
    _primary, reports, _pair = replicated
    with pytest.raises(sa.exc.DBAPIError, match="read-only transaction"), \
            Session(reports) as session, session.begin():
        session.add(m.Team(name="never written"))
    with pytest.raises(sa.exc.DBAPIError, match="read-only transaction"), reports.begin() as connection:
        connection.execute(sa.update(m.Team).values(site="x"))


def test_a_lagging_replica_shows_its_lag_and_catches_up(replicated) -> None:
    primary, reports, pair = replicated
    standby_admin = make_engine(pair.replica_url(DATABASE), isolation_level="AUTOCOMMIT")
    with Session(primary) as session, session.begin():
        session.add(m.Team(name="before the pause"))
    _until(lambda: "before the pause" in _teams(reports))
    with standby_admin.connect() as connection:
        connection.exec_driver_sql("SELECT pg_wal_replay_pause()")
    try:
        with Session(primary) as session, session.begin():
            session.add(m.Incident(title_he="תקלה", title_en="Outage", severity=d.IncidentSeverity.MAJOR,
                                   started_at=sa.func.now()))
            session.add(m.Team(name="during the pause"))
        # Received but not replayed: the lead's figures are behind, and the lag says by how much.
        _until(lambda: replica_lag(reports).lag is not None and replica_lag(reports).lag > timedelta(0))
        _until(lambda: replica_lag(reports).lag > timedelta(seconds=1))
        assert "during the pause" not in _teams(reports)
        state = replica_lag(reports)
        assert state.standby and state.replay_age is not None and state.replay_age >= state.lag
    finally:
        with standby_admin.connect() as connection:
            connection.exec_driver_sql("SELECT pg_wal_replay_resume()")
        standby_admin.dispose()
    _until(lambda: "during the pause" in _teams(reports))
    _until(lambda: replica_lag(reports).lag == timedelta(0))


def test_without_a_report_url_reports_read_the_primary(replicated) -> None:
    primary, _reports, _pair = replicated
    assert report_engine(Settings(), primary) is primary
    assert report_url(Settings(), primary) is None
    sqlite = make_engine("sqlite://")
    with pytest.raises(ReportDatabaseError, match="^report_db_url:"):
        report_engine(Settings(report_db_url="postgresql://replica.example/desk"), sqlite)
    with pytest.raises(ReportDatabaseError, match="^report_db_url:"):
        report_engine(Settings(report_db_url="::not a url::"), primary)
    sqlite.dispose()


def test_report_db_url_and_the_incident_poll_come_from_settings_toml(tmp_path) -> None:
    from agent_desk.paths import AppDirs
    from agent_desk.settings import load_settings

    dirs = AppDirs(tmp_path / "config", tmp_path / "data", tmp_path / "cache", tmp_path / "logs")
    dirs.settings_file.parent.mkdir(parents=True, exist_ok=True)
    dirs.settings_file.write_text('report_db_url = "postgresql://replica.example/desk"\n'
                                  "incident_poll_seconds = -5\n", encoding="utf-8")
    settings = load_settings(dirs, environ={})
    assert settings.report_db_url == "postgresql://replica.example/desk"
    assert settings.incident_poll_seconds == 0
    assert any("incident_poll_seconds" in p for p in settings.problems)
