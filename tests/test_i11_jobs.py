"""``agent-desk jobs run``: the server's housekeeping, as the desk_jobs service (issue 11, item 4)."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from psycopg import sql

from agent_desk.cli import main
from agent_desk.data.db import make_engine
from agent_desk.wrapup import ISRAEL


def _work_left_overdue(url: str, agent: str) -> dict[str, uuid.UUID]:
    """An overdue personal callback, an unanswered approval request past its time and an
    accepted offer 100 days old, all of ``agent``'s (made by the owner)."""
    now = datetime.now(UTC)
    ids = {k: uuid.uuid4() for k in ("customer", "offer", "call", "callback", "request", "presentation")}
    engine = make_engine(url)
    with engine.begin() as c:
        me, team = c.execute(sa.text("SELECT id, team_id FROM agents WHERE username = :n"), {"n": agent}).one()
        c.execute(sa.text(
            "INSERT INTO customers (id, created_at, account_number, first_name, last_name, gender, family_status, "
            "interests, preferred_language, consent_marketing, consent_sms, consent_email, consent_calls, value_tier, "
            "status, customer_since, updated_at) VALUES (:customer, now(), 'A-1', 'Rachel', 'Cohen', 'female', "
            "'unknown', '[]', 'he', false, false, false, false, 'gold', 'active', '2015-01-01', now())"), ids)
        c.execute(sa.text(
            "INSERT INTO offers (id, created_at, code, kind, title_he, title_en, terms, monthly_cost, one_off_cost, "
            "duration_months, eligibility, required_authority, active) VALUES (:offer, now(), 'o', "
            "'percent_discount', 'o', 'o', '{}', 10, 0, 6, '{}', 500, true)"), ids)
        c.execute(sa.text(
            "INSERT INTO retention_calls (id, created_at, agent_id, customer_id, direction, started_at, script_path) "
            "VALUES (:call, now(), :me, :customer, 'inbound', :then, '[]')"),
            {**ids, "me": me, "then": now - timedelta(days=100)})
        c.execute(sa.text(
            "INSERT INTO callbacks (id, created_at, customer_id, owner_agent_id, owner_team_id, due_at, status, "
            "created_by) VALUES (:callback, now(), :customer, :me, :team, :due, 'open', :me)"),
            {**ids, "me": me, "team": team, "due": now - timedelta(hours=2)})
        c.execute(sa.text(
            "INSERT INTO approval_requests (id, created_at, call_id, offer_id, requested_by, team_id, requested_at, "
            "expires_at, status) VALUES (:request, now(), :call, :offer, :me, :team, :asked, :expired, 'pending')"),
            {**ids, "me": me, "team": team, "asked": now - timedelta(minutes=5), "expired": now - timedelta(minutes=3)})
        c.execute(sa.text(
            "INSERT INTO offer_presentations (id, created_at, call_id, offer_id, customer_id, presented_at, response) "
            "VALUES (:presentation, now(), :call, :offer, :customer, :then, 'accepted')"),
            {**ids, "then": now - timedelta(days=100)})
    engine.dispose()
    return ids


def test_jobs_run_as_the_jobs_service(pg_desk_url, pg_login, pg_server, capsys) -> None:
    dana = sa.engine.make_url(pg_login(pg_desk_url, "dana", "agent", team="North")).username
    ids = _work_left_overdue(pg_desk_url, dana)
    login, password = f"jobs_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    engine = make_engine(pg_desk_url)
    with engine.begin() as connection:
        connection.connection.driver_connection.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE desk_jobs")
                                                        .format(sql.Identifier(login), sql.Literal(password)))
    jobs_url = sa.engine.make_url(pg_desk_url).set(username=login, password=password)
    try:
        assert main(["jobs", "run", "--url", jobs_url.render_as_string(hide_password=False)]) == 0
        out = capsys.readouterr().out
        for line in ("1 callbacks escalated", "1 approval requests expired", "1 saves checked after 90 days",
                     "1 offer save-rate cells relearned", "dashboard days rolled up"):
            assert line in out, out
        with engine.connect() as connection:
            callback = connection.execute(sa.text("SELECT owner_agent_id, escalated_at FROM callbacks "
                                                  "WHERE id = :callback"), ids).one()
            assert callback.owner_agent_id is None and callback.escalated_at is not None  # the team's queue now
            assert connection.execute(sa.text("SELECT status FROM approval_requests WHERE id = :request"),
                                      ids).scalar() == "expired"
            assert connection.execute(sa.text("SELECT still_active_90d FROM offer_presentations "
                                              "WHERE id = :presentation"), ids).scalar() is True
            assert connection.execute(sa.text("SELECT presented, saved FROM offer_save_rates")).one() == (1, 1)
            # The dashboards' rollup, written under desk_jobs' own grants, reaches yesterday.
            yesterday = datetime.now(ISRAEL).date() - timedelta(days=1)
            assert connection.execute(sa.text("SELECT through FROM dash_rollup")).scalar() == yesterday
        # a second run finds nothing left to do
        assert main(["jobs", "run", "--url", jobs_url.render_as_string(hide_password=False)]) == 0
        assert "0 callbacks escalated" in capsys.readouterr().out
    finally:
        engine.dispose()
        server = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        server.dispose()


def test_a_person_cannot_run_the_housekeeping(pg_desk_url, pg_login, capsys) -> None:
    dana = pg_login(pg_desk_url, "dana", "agent", team="North")
    ids = _work_left_overdue(pg_desk_url, sa.engine.make_url(dana).username)
    assert main(["jobs", "run", "--url", dana]) == 1
    err = capsys.readouterr().err
    assert "is not a member of desk_jobs" in err and len(err.strip().splitlines()) == 1
    engine = make_engine(pg_desk_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT status FROM approval_requests WHERE id = :request"),
                                  ids).scalar() == "pending"
    engine.dispose()


def test_jobs_run_on_the_embedded_file(demo_db: str, capsys) -> None:
    assert main(["jobs", "run", "--url", demo_db]) == 0
    out = capsys.readouterr().out
    assert "callbacks escalated" in out and "offer save-rate cells relearned" in out
