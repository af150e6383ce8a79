"""Benchmark: the team lead's call log, a first page and the next ten, over N calls.

    python bench/call_log.py --url postgresql+psycopg://... --calls 1000000 [--build] [--explain]

Scenarios mix the filters and sorts a lead uses (see SCENARIOS). Each is read as the desk reads
it: through ``CallLogService.page`` on the person's own login (row-level security, issue 11;
``_common.as_person``): a team's scenarios as that team's lead, the floor's as an admin. For
each: one untimed warm-up of the first page, then the first page and the ten pages after it are
timed, each in its own session, as the browser asks for them. After the walk (untimed, as the
database's owner) every timed page is checked against one plain ``ORDER BY ... LIMIT`` query of
the scenario's first pages (it sorts every matching call; no keyset code): each page holds
exactly the reference's rows at its position, and says there is more exactly when the
reference has more. A wrong page fails the run (exit status 1): it is not a figure; the JSON's
``pages_checked`` equals ``pages_timed``.

The database is reused when it holds at least N calls and an admin (nothing else is written
into it but the two people's logins; it must have the call log's tables). With ``--build``, an
empty or short database is migrated and filled with synthetic calls (spread over three years,
40 agents and their leads in four teams, an admin, 1 in 200 corrected). ``--explain`` prints
PostgreSQL's plan of each scenario's first page, as its reader.

Last line: one JSON object (``page_p95_ms`` over every timed page).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from _common import as_person, machine, percentile
from sqlalchemy.orm import Session, aliased, sessionmaker

from agent_desk import domain as d
from agent_desk.data import call_log as cl
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine, session_factory
from agent_desk.ids import new_id
from agent_desk.wrapup import ISRAEL

PAGES = 11  # the first and the next ten
ADMIN = "bench_admin"  # the builder's admin, when the database has none
NOTES = (
    "Asked for a refund of the last invoice", "Customer is moving to Eilat next month",
    "Competitor offered 20 GB more for less", "Complained about the router again",
    "Wants to think about the offer", "Customer asked for the conversation summary by email.",
    "Angry about the price rise", "Happy with the discount", "Line keeps dropping in the evening",
    "החשבונית האחרונה גבוהה מדי", "עובר דירה לחיפה", "מבקש החזר כספי",
)


@dataclass(frozen=True)
class Scenario:
    name: str
    make: Callable[[Session, date], cl.CallFilter]
    sort: cl.CallSort = cl.DEFAULT_SORT
    team: bool = False  # a team's calls, read by its lead; else the floor's, read by an admin


def _days(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def _lead(session: Session) -> sa.Row | None:
    """The first team (by name) with an active team lead, and that lead."""
    return session.execute(
        sa.select(m.Agent.team_id, m.Agent.id, m.Agent.username).join(m.Team, m.Team.id == m.Agent.team_id)
        .where(m.Agent.role == d.Role.TEAM_LEAD, m.Agent.active)
        .order_by(m.Team.name, m.Team.id, m.Agent.username).limit(1)).first()


def _admin(session: Session) -> sa.Row | None:
    return session.execute(sa.select(m.Agent.id, m.Agent.username)
                           .where(m.Agent.role == d.Role.ADMIN, m.Agent.active)
                           .order_by(m.Agent.username).limit(1)).first()


def _team(session: Session) -> uuid.UUID:
    lead = _lead(session)
    if lead is None:
        raise SystemExit("no team with an active team lead in the database")
    return lead.team_id


def _agent(session: Session) -> uuid.UUID:
    busiest = (sa.select(m.RetentionCall.agent_id).group_by(m.RetentionCall.agent_id)
               .order_by(sa.func.count().desc()).limit(1))
    return session.scalar(busiest)


SCENARIOS = (
    Scenario("all_newest_first", lambda s, t: cl.CallFilter()),
    Scenario("team_90_days", lambda s, t: cl.CallFilter(*_days(t, 90), team_id=_team(s)), team=True),
    Scenario("outcome_callback", lambda s, t: cl.CallFilter(outcome="callback_scheduled")),
    Scenario("agent_reason_year", lambda s, t: cl.CallFilter(*_days(t, 365), agent_id=_agent(s),
                                                             reason="too_expensive")),
    Scenario("notes_text_30_days", lambda s, t: cl.CallFilter(*_days(t, 30), text="refund")),
    Scenario("sort_agent", lambda s, t: cl.CallFilter(), cl.CallSort(cl.SortKey.AGENT, False)),
    Scenario("sort_outcome_team", lambda s, t: cl.CallFilter(team_id=_team(s)), cl.CallSort(cl.SortKey.OUTCOME, False),
             team=True),
    Scenario("sort_handle_time_team_30_days", lambda s, t: cl.CallFilter(*_days(t, 30), team_id=_team(s)),
             cl.CallSort(cl.SortKey.HANDLE_TIME), team=True),
)


# --- the reference: a plain ORDER BY ... OFFSET/LIMIT query -----------------------------


def reference_ids(session: Session, flt: cl.CallFilter, sort: cl.CallSort, offset: int, limit: int) -> list[uuid.UUID]:
    """The ids at ``offset`` in ``sort`` order, by sorting everything that matches (slow, plain)."""
    call = m.RetentionCall
    where = cl._conditions(session, flt)
    query = sa.select(call.id).where(*where)
    desc = sort.descending
    if sort.key is cl.SortKey.TIME:
        order = [call.started_at.desc() if desc else call.started_at.asc(), call.id.desc() if desc else call.id.asc()]
    elif sort.key is cl.SortKey.HANDLE_TIME:
        seconds = cl._handle_seconds(session)
        order = [seconds.desc() if desc else seconds.asc(), call.id.desc() if desc else call.id.asc()]
    elif sort.key is cl.SortKey.AGENT:
        agent = aliased(m.Agent)
        query = query.join(agent, agent.id == call.agent_id)
        name, ident = (agent.display_name.desc(), sa.cast(agent.id, sa.String).desc()) if desc else \
            (agent.display_name.asc(), sa.cast(agent.id, sa.String).asc())
        order = [name, ident, call.started_at.desc(), call.id.desc()]
    else:
        codes = list(session.scalars(sa.select(m.Disposition.code).order_by(m.Disposition.sort_order,
                                                                            m.Disposition.code)))
        rank = sa.case({code: i for i, code in enumerate(codes)}, value=cl.effective_value("outcome"),
                       else_=len(codes))
        order = [rank.desc() if desc else rank.asc(), call.started_at.desc(), call.id.desc()]
    return list(session.scalars(query.order_by(*order).offset(offset).limit(limit)))


# --- building calls -----------------------------------------------------------------------


def build(engine: sa.Engine, calls: int, seed: int, as_of: date) -> float:
    """Migrate and fill with synthetic calls up to ``calls``; seconds it took."""
    started = time.perf_counter()
    migrate.upgrade(engine)
    rng = random.Random(seed)
    with Session(engine) as session, session.begin():
        demo.ensure_reference_data(session)
        if not session.scalar(sa.select(sa.func.count()).select_from(m.Agent)):
            for t in range(4):
                team = m.Team(name=f"Bench team {t + 1}")
                session.add(team)
                session.flush()
                session.add(m.Agent(username=f"lead{t}", display_name=f"Lead {t + 1}", role=d.Role.TEAM_LEAD,
                                    team_id=team.id, offer_authority=Decimal(500)))
                for a in range(10):
                    session.add(m.Agent(username=f"agent{t}_{a}", display_name=f"Agent {t + 1}.{a:02d}",
                                        role=d.Role.AGENT, team_id=team.id, offer_authority=Decimal(50)))
        if _admin(session) is None:  # the floor's scenarios are read as an admin
            session.add(m.Agent(username=ADMIN, display_name="Bench admin", role=d.Role.ADMIN))
    with Session(engine) as session:
        have = session.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall)) or 0
        agents = list(session.scalars(sa.select(m.Agent.id).where(m.Agent.role == d.Role.AGENT)))
        leads = {t: a for a, t in session.execute(sa.select(m.Agent.id, m.Agent.team_id)
                                                  .where(m.Agent.role == d.Role.TEAM_LEAD))}
        team_of = dict(session.execute(sa.select(m.Agent.id, m.Agent.team_id)).all())
        reasons = [c for c, *_ in demo.ref.CANCELLATION_REASONS if c not in ("death", "business_closure")]
    outcomes = ("saved", "saved_with_offer", "downgraded", "cancelled", "callback_scheduled", "undecided")
    weights = (18, 30, 10, 30, 6, 6)
    end = datetime.combine(as_of, datetime.min.time(), tzinfo=ISRAEL).astimezone(UTC)
    span = 3 * 365 * 86400
    table = m.RetentionCall.__table__
    corrections = m.CallCorrection.__table__
    batch = 20_000
    with engine.connect() as connection:
        for first in range(have, calls, batch):
            rows, fixes = [], []
            for _ in range(first, min(calls, first + batch)):
                at = end - timedelta(seconds=rng.randrange(span))
                agent = rng.choice(agents)
                outcome = rng.choices(outcomes, weights)[0]
                talked = rng.randrange(60, 1500)
                call_id = new_id()
                rows.append({
                    "id": call_id, "created_at": at, "agent_id": agent, "direction": "inbound", "started_at": at,
                    "ended_at": at + timedelta(seconds=talked) if rng.random() > 0.02 else None,
                    "wrapup_ended_at": at + timedelta(seconds=talked + 90), "primary_reason_code": rng.choice(reasons),
                    "disposition_code": outcome, "script_path": [], "submitted_at": at + timedelta(seconds=talked + 90),
                    "notes": rng.choice(NOTES) if rng.random() < 0.6 else None,
                })
                if rng.random() < 0.005:
                    fixes.append({"id": new_id(), "created_at": at + timedelta(days=1), "call_id": call_id,
                                  "call_started_at": at,
                                  "corrected_by": leads[team_of[agent]], "corrected_at": at + timedelta(days=1),
                                  "field": "outcome", "old_value": outcome,
                                  "new_value": "saved" if outcome != "saved" else "cancelled",
                                  "why": "Bench: the agent picked the wrong outcome"})
            with connection.begin():
                connection.execute(table.insert(), rows)
                if fixes:
                    connection.execute(corrections.insert(), fixes)
            print(f"  calls: {min(calls, first + batch):,}/{calls:,}", file=sys.stderr, flush=True)
        if connection.dialect.name == "postgresql":
            connection.commit()
            connection.exec_driver_sql("ANALYZE retention_calls")
            connection.exec_driver_sql("ANALYZE call_corrections")
            connection.commit()
        else:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    return time.perf_counter() - started


# --- reading as the desk's people --------------------------------------------------------


@dataclass
class Readers:
    """The call log and its session makers as the desk serves them to the team's lead (``team``)
    and to an admin (``floor``), each on that person's own login on PostgreSQL."""

    team_id: uuid.UUID
    team: cl.CallLogService
    floor: cl.CallLogService
    factories: dict[str, sessionmaker[Session]]
    read_as: dict[str, str]


@contextmanager
def readers(url: str, engine: sa.Engine) -> Iterator[Readers]:
    """The lead's and the admin's call logs (logins made by ``_common.as_person``); on SQLite,
    the file as the desk opens it. Refuses a login that would bypass row-level security."""
    with Session(engine) as session:
        lead, admin = _lead(session), _admin(session)
    if lead is None or admin is None:
        raise SystemExit(f"no {'team lead' if lead is None else 'admin'} in the database to read the call log as")
    names = {"team": lead.username, "floor": admin.username}
    engines = {who: make_engine(as_person(url, name)) for who, name in names.items()}
    try:
        if engine.dialect.name == "postgresql":
            for who, person in engines.items():
                with person.connect() as connection:
                    me, bypasses = connection.execute(sa.text(
                        "SELECT rolname, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")).one()
                if me != names[who] or bypasses:
                    raise SystemExit(f"the {who} reader connected as {me!r}, which bypasses row-level security")
        else:
            names = {who: "file" for who in names}
        factories = {who: session_factory(person) for who, person in engines.items()}
        yield Readers(lead.team_id, cl.CallLogService(factories["team"], lead.id, lead.team_id),
                      cl.CallLogService(factories["floor"], admin.id, None), factories, names)
    finally:
        for person in engines.values():
            person.dispose()


def walk(service: cl.CallLogService, flt: cl.CallFilter, sort: cl.CallSort, pages: int, page_size: int,
         owner: sa.Engine, name: str) -> tuple[list[float], int, int]:
    """Up to ``pages`` pages as ``service``'s person reads them; (milliseconds of each, pages
    checked, rows).

    One untimed warm-up of the first page; then each page timed through ``service.page`` (its
    own session, as the browser asks). Then, untimed and as the owner, every timed page is
    checked against one plain ``ORDER BY ... LIMIT`` query over the same filter: its rows are
    the reference's at its position, and it says there is more exactly when the reference has
    more rows after it. Any difference ends the run (exit status 1).
    """
    service.page(flt, sort, None, page_size)  # warm-up, not timed
    times: list[float] = []
    walked: list[cl.CallLogPage] = []
    after = None
    for _ in range(pages):
        began = time.perf_counter()
        page = service.page(flt, sort, after, page_size)
        times.append((time.perf_counter() - began) * 1000)
        walked.append(page)
        after = page.next_key
        if after is None:
            break
    with Session(owner) as session:
        expected = reference_ids(session, service._scoped(flt), sort, 0, len(walked) * page_size + 1)
    checked = 0
    for number, page in enumerate(walked):
        position = number * page_size
        if [r.id for r in page.rows] != expected[position:position + page_size]:
            raise SystemExit(f"{name} page {number}: rows differ from the plain ORDER BY query")
        if (page.next_key is not None) != (len(expected) > position + page_size):
            raise SystemExit(f"{name} page {number}: says there is {'more' if page.next_key else 'nothing more'}, "
                             f"the plain ORDER BY query says otherwise")
        checked += 1
    return times, checked, sum(len(p.rows) for p in walked)


# --- running -------------------------------------------------------------------------------


def time_scenarios(engine: sa.Engine, desk: Readers, page_size: int, explain: bool = False) -> dict:
    """Every scenario walked (:func:`walk`) as its reader; the figures and every sample."""
    today = datetime.now(ISRAEL).date()
    samples: list[float] = []
    scenarios: dict[str, dict] = {}
    checked = 0
    for scenario in SCENARIOS:
        with Session(engine) as session:
            flt = scenario.make(session, today)
        service = desk.team if scenario.team else desk.floor
        if scenario.team and flt.team_id != desk.team_id:
            raise SystemExit(f"{scenario.name}: the team's lead reads another team")
        if explain and engine.dialect.name == "postgresql":
            print(f"-- {scenario.name}", file=sys.stderr)
            with service.factory() as session:
                _explain(session, service._scoped(flt), scenario.sort, page_size)
        times, pages_checked, rows = walk(service, flt, scenario.sort, PAGES, page_size, engine, scenario.name)
        samples.extend(times)
        checked += pages_checked
        scenarios[scenario.name] = {
            "first_ms": round(times[0], 1), "next_p50_ms": round(percentile(times[1:] or times, 50), 1),
            "next_max_ms": round(max(times[1:] or times), 1), "pages": len(times), "rows": rows,
            "read_as": desk.read_as["team" if scenario.team else "floor"],
        }
        print(f"{scenario.name}: {scenarios[scenario.name]}", file=sys.stderr, flush=True)
    return {"samples": samples, "pages_checked": checked, "scenarios": scenarios}


def run(url: str, calls: int, do_build: bool, explain: bool, seed: int, page_size: int) -> dict:
    engine = make_engine(url, deadline=False)
    state = migrate.schema_state(engine)
    built = None
    # Reading needs the call log's tables (0010), not the newest schema: a later revision
    # elsewhere does not make this database unfit to read.
    readable = not state.is_empty and sa.inspect(engine).has_table("call_corrections")
    have, admin = 0, None
    with Session(engine) as session:
        if not state.is_empty:
            have = session.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall))
        if readable:
            admin = _admin(session)
    if not readable or have < calls or admin is None:
        if not do_build:
            why = ("no call log tables (schema before 0010)" if not readable else f"{have:,} calls" if have < calls
                   else "no admin to read the floor's calls as")
            raise SystemExit(f"{engine.url.render_as_string(hide_password=True)}: {why}; "
                             f"this benchmark writes only with --build (or run agent-desk db upgrade first)")
        built = build(engine, calls, seed, date.today())
    with Session(engine) as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(m.RetentionCall))
        corrected = session.scalar(sa.select(sa.func.count()).select_from(m.CallCorrection))
    with readers(url, engine) as desk:
        figures = time_scenarios(engine, desk, page_size, explain)
        read_as = desk.read_as
    engine.dispose()
    samples = figures["samples"]
    return {
        "bench": "call_log", "database": engine.dialect.name, "calls": total, "corrections": corrected,
        "page_size": page_size, "pages_timed": len(samples), "pages_checked": figures["pages_checked"],
        "page_p50_ms": round(percentile(samples, 50), 1), "page_p95_ms": round(percentile(samples, 95), 1),
        "page_max_ms": round(max(samples), 1), "read_as": read_as,
        "built_s": None if built is None else round(built, 1), "scenarios": figures["scenarios"], "machine": machine(),
    }


def _explain(session: Session, flt: cl.CallFilter, sort: cl.CallSort, limit: int) -> None:
    call = m.RetentionCall
    where = cl._conditions(session, flt)
    if sort.key is cl.SortKey.TIME:
        query = sa.select(call.started_at, call.id).where(*where).order_by(call.started_at.desc(), call.id.desc())
    elif sort.key is cl.SortKey.HANDLE_TIME:
        seconds = cl._handle_seconds(session)
        query = sa.select(seconds, call.id).where(*where).order_by(seconds.desc(), call.id.desc())
    else:  # a grouped sort reads one group at a time: the first group's query
        first = session.scalars(sa.select(m.Agent.id).order_by(m.Agent.display_name, m.Agent.id)).first() \
            if sort.key is cl.SortKey.AGENT else None
        condition = call.agent_id == first if first else sa.and_(*cl.outcome_branches("saved")[0])
        # (the branch of calls corrected to "saved" is a second query, walked from call_corrections)
        query = (sa.select(call.started_at, call.id).where(*where, condition)
                 .order_by(call.started_at.desc(), call.id.desc()))
    compiled = query.limit(limit + 1).compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    for (line,) in session.execute(sa.text(f"EXPLAIN (ANALYZE, BUFFERS OFF) {compiled}")):
        print("   ", line, file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--build", action="store_true", help="migrate and add synthetic calls when short")
    parser.add_argument("--explain", action="store_true", help="print PostgreSQL's plan of each first page")
    parser.add_argument("--page-size", type=int, default=cl.PAGE_SIZE)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not 1 <= args.page_size <= cl.MAX_PAGE_SIZE:
        parser.error(f"--page-size must be 1 to {cl.MAX_PAGE_SIZE} (the call log's largest page)")
    result = run(args.url, args.calls, args.build, args.explain, args.seed, args.page_size)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
