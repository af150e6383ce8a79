"""dashboards: a daily rollup, and marks on the days a change has made stale

A year of the floor's calls is 1.7 million rows: every dashboard aggregated them again
(2 to 9 s at 5,000,000 calls, and the floor's year funnel hit the statement deadline). The
rollup keeps each Israeli day's figures per agent (and reason, offer, script step), with every
correction applied; ``agent-desk jobs run`` (``agent_desk.data.rollup``) fills it for the days
up to yesterday. A dashboard reads the rolled days from it and the rest from the calls
themselves: today, and any day a change has touched since the rollup was made.

Those days are marked by triggers (PostgreSQL), in the changing transaction, so a mark and
its change commit together: a call written or changed (its day and the seven after it, whose
repeat contacts it may change), a correction, an offer presentation (its call's day). The
marks are plain inserts, never an update of a shared row, so two desks writing at once never
wait on each other for them. The job removes the marks it has seen only after doing their
days again; a mark made meanwhile stays, and its day is read from the calls until the next
run. Nothing ever waits for the job to be right: it only makes the dashboards fast.

SQLite (one desk, thousands of calls) has no rollup: its dashboards read the calls.

Grants (PostgreSQL, roles of 0008): the rollup holds corrected outcomes, so it is read as the
corrections are: an agent their own rows, a lead their team's, admins and the jobs all;
``desk_jobs`` writes it and removes marks; nobody writes marks but the triggers' functions
(SECURITY DEFINER, owned by desk_owner). The marks and the state say nothing but dates.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLLUP = ("dash_call_days", "dash_offer_days", "dash_funnel_days", "dash_repeat_days")
TABLES = (*ROLLUP, "dash_dirty_days", "dash_rollup")

_DAY = "(timezone('Asia/Jerusalem', {col}))::date"

# A call marks its day and every Israeli day up to the one a week (168 hours: the repeat
# rule's seven times 86,400 s, whatever the session's time zone) later: eight calendar days,
# nine when the clocks go forward in that week, seven when they go back. Dates are added as
# integers, never through a timestamp in the session's zone. An update that leaves the
# start, the customer and the amended call alone marks its day only.
_SPAN = ("SELECT DISTINCT " + _DAY.format(col="{at}") + " AS first, "
         + _DAY.format(col="{at} + interval '168 hours'") + " AS last FROM {rows}")
_WEEK = "SELECT DISTINCT d.first + k FROM ({span}) d, generate_series(0, d.last - d.first) k"
_MOVED = ("new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.started_at), (o.started_at)) AS r(started_at) "
          "WHERE (n.started_at, n.customer_id, n.amends_call_id) "
          "IS DISTINCT FROM (o.started_at, o.customer_id, o.amends_call_id)")
_MARK_CALLS = f"""
CREATE FUNCTION desk_dash_mark_calls() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.dash_dirty_days (day)
        {_WEEK.format(span=_SPAN.format(at="started_at", rows="new_rows"))};
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO public.dash_dirty_days (day)
        {_WEEK.format(span=_SPAN.format(at="started_at", rows="old_rows"))};
    ELSE
        INSERT INTO public.dash_dirty_days (day)
        SELECT DISTINCT {_DAY.format(col="n.started_at")} FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.started_at, n.customer_id, n.amends_call_id)
              IS NOT DISTINCT FROM (o.started_at, o.customer_id, o.amends_call_id)
        UNION
        {_WEEK.format(span=_SPAN.format(at="r.started_at", rows=_MOVED))};
    END IF;
    RETURN NULL;
END
$fn$
"""


def _marker(function: str, days: str) -> str:
    """A trigger function that marks ``days`` (a SELECT of dates over ``{rows}``) of a
    statement's new rows and old rows."""
    return f"""
CREATE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO public.dash_dirty_days (day) {days.format(rows="new_rows")};
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO public.dash_dirty_days (day) {days.format(rows="old_rows")};
    END IF;
    RETURN NULL;
END
$fn$
"""


# A correction marks its call's day; an offer presentation its call's day too.
_MARK_CORRECTIONS = _marker("desk_dash_mark_corrections",
                            f"SELECT DISTINCT {_DAY.format(col='call_started_at')} FROM {{rows}}")
_MARK_PRESENTATIONS = _marker("desk_dash_mark_presentations",
                              f"SELECT DISTINCT {_DAY.format(col='c.started_at')} "
                              "FROM (SELECT DISTINCT call_id FROM {rows}) p "
                              "JOIN public.retention_calls c ON c.id = p.call_id")

# (table, function, its SQL)
_MARKERS = (
    ("retention_calls", "desk_dash_mark_calls", _MARK_CALLS),
    ("call_corrections", "desk_dash_mark_corrections", _MARK_CORRECTIONS),
    ("offer_presentations", "desk_dash_mark_presentations", _MARK_PRESENTATIONS),
)

# A lead reads the rolled-up figures of their team's agents (a list made once per query, not
# a function called on every row).
_TEAM = "agent_id IN (SELECT a.id FROM public.agents a WHERE a.team_id = desk_my_team())"

_GRANTS = (
    f"GRANT SELECT ON {', '.join(TABLES)} TO desk_agent, desk_admin, desk_jobs",
    f"GRANT INSERT, DELETE ON {', '.join(ROLLUP)} TO desk_jobs",
    # The job marks days it could not roll (read from the calls until a run can).
    "GRANT INSERT, DELETE ON dash_dirty_days TO desk_jobs",
    "GRANT USAGE ON SEQUENCE dash_dirty_days_id_seq TO desk_jobs",
    "GRANT INSERT, UPDATE ON dash_rollup TO desk_jobs",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _has_desk_roles() -> bool:
    return bool(op.get_bind().scalar(sa.text("SELECT count(*) FROM pg_roles WHERE rolname = 'desk_owner'")))


def _counts(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "dash_call_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        *_counts("calls", "saves"),
        sa.Column("handle_seconds", sa.Float(), nullable=False),
        *_counts("handled"),
        sa.Column("wrapup_seconds", sa.Float(), nullable=False),
        *_counts("wrapped", "checked", "kept"),
        sa.PrimaryKeyConstraint("day", "agent_id", "reason", name=op.f("pk_dash_call_days")),
    )
    op.create_table(
        "dash_offer_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        *_counts("calls", "saves", "accepted"),
        sa.Column("cost", sa.Numeric(), nullable=False),
        sa.Column("monthly_revenue", sa.Numeric(), nullable=False),
        sa.PrimaryKeyConstraint("day", "agent_id", "offer_id", name=op.f("pk_dash_offer_days")),
    )
    op.create_table(
        "dash_funnel_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        *_counts("calls", "saves", "losses", "ended"),
        sa.Column("position_sum", sa.BigInteger(), nullable=False),
        *_counts("moves"),
        sa.PrimaryKeyConstraint("day", "agent_id", "version_id", "step", "answer", name=op.f("pk_dash_funnel_days")),
    )
    op.create_table(
        "dash_repeat_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        *_counts("calls", "repeats"),
        sa.PrimaryKeyConstraint("day", "agent_id", name=op.f("pk_dash_repeat_days")),
    )
    for table in ROLLUP:  # a team's days: its agents' rows, not the whole floor's days
        op.create_index(f"ix_{table}_agent_day", table, ["agent_id", "day"])
    op.create_index("ix_dash_funnel_days_version_day", "dash_funnel_days", ["version_id", "day"])
    op.create_table(
        "dash_dirty_days",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dash_dirty_days")),
    )
    op.create_index(op.f("ix_dash_dirty_days_day"), "dash_dirty_days", ["day"])
    op.create_table(
        "dash_rollup",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("through", sa.Date(), nullable=True),
        sa.Column("codes", sa.Text(), nullable=False),
        sa.Column("rolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dash_rollup")),
    )
    if not _postgres():
        return
    roles = _has_desk_roles()
    if roles:
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} OWNER TO desk_owner")
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY {table}_owner ON {table} FOR ALL TO desk_owner USING (true) WITH CHECK (true)")
            op.execute(f"CREATE POLICY {table}_jobs ON {table} FOR ALL TO desk_jobs USING (true) WITH CHECK (true)")
            if table in ROLLUP:  # they hold corrected outcomes: read as the corrections are
                op.execute(f"CREATE POLICY {table}_own ON {table} FOR SELECT TO desk_agent "
                           f"USING (agent_id = desk_me())")
                op.execute(f"CREATE POLICY {table}_team ON {table} FOR SELECT TO desk_lead USING ({_TEAM})")
                op.execute(f"CREATE POLICY {table}_admin ON {table} FOR SELECT TO desk_admin USING (true)")
            else:
                op.execute(f"CREATE POLICY {table}_read ON {table} FOR SELECT TO desk_agent, desk_admin USING (true)")
        for grant in _GRANTS:
            op.execute(grant)
    for table, function, sql in _MARKERS:
        op.execute(sql)
        if roles:
            op.execute(f"ALTER FUNCTION {function}() OWNER TO desk_owner")
        op.execute(f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC")
        for event, refs in (("INSERT", "NEW TABLE AS new_rows"),
                            ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
                            ("DELETE", "OLD TABLE AS old_rows")):
            op.execute(f"CREATE TRIGGER dash_mark_{event.lower()} AFTER {event} ON public.{table} "
                       f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION public.{function}()")


def downgrade() -> None:
    if _postgres():
        for table, function, _sql in _MARKERS:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS dash_mark_{event} ON public.{table}")
            op.execute(f"DROP FUNCTION IF EXISTS public.{function}()")
    op.drop_table("dash_rollup")
    op.drop_index(op.f("ix_dash_dirty_days_day"), table_name="dash_dirty_days")
    op.drop_table("dash_dirty_days")
    op.drop_index("ix_dash_funnel_days_version_day", table_name="dash_funnel_days")
    for table in reversed(ROLLUP):
        op.drop_index(f"ix_{table}_agent_day", table_name=table)
        op.drop_table(table)
