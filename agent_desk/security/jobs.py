"""Housekeeping on the server: one command, run by cron or a systemd timer as ``desk_jobs``.

What desks used to do for everyone (and so updated other people's rows): move overdue
personal callbacks to the team's queue, expire approval requests nobody answered, mark
accepted offers 90+ days old as saves or not, relearn the offers' save rates, and roll up the
dashboards' figures of the days up to yesterday (agent_desk.data.rollup). Each job is
its own unit of work: one that fails does not undo or stop the others, and the report says
which failed, in one line each.

On PostgreSQL every job runs under ``SET LOCAL ROLE desk_jobs``: with that role's grants and
row-level policies only, whichever login started the command (it must be a member of
desk_jobs, or a superuser). On the embedded SQLite file (one local user) they simply run.
Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from agent_desk.security import roles

ISRAEL = ZoneInfo("Asia/Jerusalem")


class NotTheJobsRole(RuntimeError):
    """The login may not act as desk_jobs; the message says what to do."""


@dataclass(frozen=True)
class JobReport:
    """What each job did (a count), and the jobs that failed with why."""

    done: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def _jobs(now: datetime) -> list[tuple[str, Callable[[Session], int]]]:
    from agent_desk.data import rollup
    from agent_desk.offers import approvals, service
    from agent_desk.wrapup import escalate_overdue_callbacks

    today = now.astimezone(ISRAEL).date()
    return [
        ("callbacks escalated", lambda session: escalate_overdue_callbacks(session, now)),
        ("approval requests expired", lambda session: len(approvals.expire_overdue(session, now))),
        ("saves checked after 90 days", lambda session: service.check_saves_after_90_days(session, today)),
        ("offer save-rate cells relearned", lambda session: service.refresh_save_rates(session, now)),
        # After the 90-day check: the verdicts it wrote mark their days, done again here.
        ("dashboard days rolled up", lambda session: rollup.refresh(session, today)),
    ]


def check_jobs_role(engine: Engine) -> None:
    """Refuse early, in one line, a PostgreSQL login that cannot act as desk_jobs."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        login, allowed = connection.execute(sa.text(
            "SELECT current_user, pg_has_role(current_user, :jobs, 'MEMBER')"), {"jobs": roles.JOBS}).one()
    if not allowed:
        raise NotTheJobsRole(f"login {login!r} is not a member of {roles.JOBS}; housekeeping runs as the jobs "
                             f"service login (docs/security.md)")


def run_jobs(engine: Engine, now: datetime | None = None) -> JobReport:
    """Run every housekeeping job once, each in its own transaction."""
    now = now or datetime.now(UTC)
    check_jobs_role(engine)
    done: dict[str, int] = {}
    failed: dict[str, str] = {}
    for name, job in _jobs(now):
        try:
            with Session(engine) as session, session.begin():
                if engine.dialect.name == "postgresql":
                    session.execute(sa.text(f"SET LOCAL ROLE {roles.JOBS}"))
                done[name] = job(session)
        except sa.exc.SQLAlchemyError as exc:
            from agent_desk.data.db import error_line

            failed[name] = error_line(exc)
    return JobReport(done, failed)
