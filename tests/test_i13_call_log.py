"""The call log's queries on SQLite and PostgreSQL: keyset pages (every call once, in order,
ties included), each filter, corrected outcomes in every figure, corrections need a reason and
the right person, saved filters."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.data import call_log as cl
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.wrapup import ISRAEL

OUTCOMES = ("saved", "saved_with_offer", "cancelled", "undecided", "callback_scheduled")
REASONS = ("too_expensive", "competitor", "moving", "poor_service")
CALLS = 250


@dataclass
class CallLogWorld:
    """A small desk: two teams, a lead, three agents, an admin and CALLS calls with ties."""

    url: str
    engine: sa.Engine
    team_a: uuid.UUID
    team_b: uuid.UUID
    lead: uuid.UUID
    lead_b: uuid.UUID
    admin: uuid.UUID
    agents: dict[str, uuid.UUID]
    offer: uuid.UUID
    incident: uuid.UUID
    script_version: uuid.UUID
    calls: list[uuid.UUID]
    now: datetime
    usernames: dict[uuid.UUID, str] = field(default_factory=dict)
    # the as_person fixture: act as a person through their own login on PostgreSQL
    people: Callable[[str, str], str] | None = None
    engines: dict[uuid.UUID, sa.Engine] = field(default_factory=dict)

    def session(self) -> Session:
        """The owner's session: set-up and checking what was stored."""
        return Session(self.engine)

    def engine_of(self, person: uuid.UUID) -> sa.Engine:
        """Acting as ``person``: their own login on PostgreSQL (with ``people``), else the file's."""
        if self.people is None:
            return self.engine
        if person not in self.engines:
            self.engines[person] = make_engine(self.people(self.url, self.usernames[person]))
        return self.engines[person]

    def session_as(self, person: uuid.UUID) -> Session:
        return Session(self.engine_of(person))

    def service(self, person: uuid.UUID | None = None, team: uuid.UUID | None = None) -> cl.CallLogService:
        person = person or self.admin
        return cl.CallLogService(sessionmaker(self.engine_of(person)), person, team)

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
        self.engine.dispose()


def build_world(url: str, calls: int = CALLS, now: datetime | None = None) -> CallLogWorld:
    engine = make_engine(url)
    migrate.upgrade(engine)
    now = now or datetime.now(UTC).replace(microsecond=0)
    usernames: dict[uuid.UUID, str] = {}
    with Session(engine) as session, session.begin():
        demo.ensure_reference_data(session)
        team_a, team_b = m.Team(name="North"), m.Team(name="South")
        session.add_all([team_a, team_b])
        session.flush()

        def person(username: str, name: str, role: d.Role, team: m.Team | None) -> uuid.UUID:
            row = m.Agent(username=username, display_name=name, role=role, team_id=team.id if team else None,
                          offer_authority=Decimal("50"))
            session.add(row)
            session.flush()
            usernames[row.id] = username
            return row.id

        lead = person("lead", "Lea Lead", d.Role.TEAM_LEAD, team_a)
        lead_b = person("lead_b", "Lior Lead", d.Role.TEAM_LEAD, team_b)
        admin = person("admin", "Ada Admin", d.Role.ADMIN, None)
        agents = {"avi": person("avi", "Avi Cohen", d.Role.AGENT, team_a),
                  "bella": person("bella", "Bella Levi", d.Role.AGENT, team_a),
                  "chen": person("chen", "Chen Mizrahi", d.Role.AGENT, team_b)}
        offer = session.scalars(sa.select(m.Offer.id).order_by(m.Offer.code)).first()
        incident = m.Incident(title_he="תקלה בצפון", title_en="Northern outage", severity="major",
                              started_at=now - timedelta(days=3))
        script = m.CallScriptVersion(script_key="general", version=3, title_he="כללי", title_en="General",
                                     source="key: general", sha256="0" * 64)
        customer = m.Customer(account_number="900001", first_name="Dana", last_name="Katz",
                              customer_since=date(2020, 1, 1))
        session.add_all([incident, script, customer])
        session.flush()
        names = list(agents.values())
        ids = []
        for i in range(calls):
            started = now - timedelta(hours=1) - timedelta(minutes=7 * (i // 3))  # three calls a minute: ties
            call = m.RetentionCall(
                customer_id=customer.id, caller_e164="+972541234567", agent_id=names[i % 3], started_at=started,
                ended_at=started + timedelta(seconds=60 * (i % 10)) if i % 13 else None,
                primary_reason_code=REASONS[i % len(REASONS)], disposition_code=OUTCOMES[i % len(OUTCOMES)],
                notes="Asked for a refund of the router" if i % 7 == 0 else f"Call number {i}",
                incident_id=incident.id if i % 11 == 0 else None,
                script_version_id=script.id if i % 4 == 0 else None,
                script_path=[{"step": "greet", "answer": "", "at": started.isoformat()},
                             {"step": "reason", "answer": "too_expensive",
                              "at": (started + timedelta(seconds=40)).isoformat()}],
                captured={"new_address": "Herzl 1, Haifa"} if i % 9 == 0 else None,
                submitted_at=started + timedelta(minutes=15),
            )
            session.add(call)
            session.flush()
            ids.append(call.id)
            if i % 5 == 0:
                session.add(m.OfferPresentation(call_id=call.id, offer_id=offer, customer_id=customer.id,
                                                presented_at=started + timedelta(seconds=90),
                                                response=d.OfferResponse.DECLINED))
        made = (team_a.id, team_b.id, incident.id, script.id)
    team_a_id, team_b_id, incident_id, script_id = made
    return CallLogWorld(url, engine, team_a_id, team_b_id, lead, lead_b, admin, agents, offer, incident_id,
                        script_id, ids, now, usernames)


@pytest.fixture
def world(any_db_url: str, as_person):
    """Built as the owner; corrections, saved filters and the lead's log act as the person (on
    PostgreSQL their own login: row-level security and grants as at their desk)."""
    built = build_world(any_db_url)
    built.people = as_person
    yield built
    built.close()


def every_page(session: Session, flt: cl.CallFilter, sort: cl.CallSort, size: int) -> list[cl.CallLogEntry]:
    rows, after, pages = [], None, 0
    while True:
        page = cl.page(session, flt, sort, after, size)
        pages += 1
        assert len(page.rows) <= size
        rows.extend(page.rows)
        if page.next_key is None:
            return rows
        assert len(page.rows) == size  # only the last page is short
        after = page.next_key
        assert pages < 1000


def everything(session: Session) -> list[cl.CallLogEntry]:
    return list(cl._entries(session, list(session.scalars(sa.select(m.RetentionCall.id)))).values())


def expected_order(rows: list[cl.CallLogEntry], sort: cl.CallSort, session: Session) -> list[uuid.UUID]:
    by_time = sorted(rows, key=lambda r: (r.started_at, r.id), reverse=True)
    if sort.key is cl.SortKey.TIME:
        ordered = by_time if sort.descending else by_time[::-1]
    elif sort.key is cl.SortKey.HANDLE_TIME:
        ordered = sorted(rows, key=lambda r: (-1 if r.handle_seconds is None else r.handle_seconds, r.id),
                         reverse=sort.descending)
    elif sort.key is cl.SortKey.AGENT:
        names = {r.agent_id: r.agent_name for r in rows}
        groups = sorted(set(names), key=lambda a: (names[a], str(a)), reverse=sort.descending)
        ordered = [r for g in groups for r in by_time if r.agent_id == g]
    else:
        rank = {code: i for i, code in enumerate(session.scalars(
            sa.select(m.Disposition.code).order_by(m.Disposition.sort_order, m.Disposition.code)))}
        groups = sorted({r.outcome for r in rows}, key=lambda o: rank.get(o, len(rank)), reverse=sort.descending)
        ordered = [r for g in groups for r in by_time if r.outcome == g]
    return [r.id for r in ordered]


@pytest.mark.parametrize("key", list(cl.SortKey))
def test_keyset_pages_return_every_call_once_in_order(world: CallLogWorld, key: cl.SortKey) -> None:
    with world.session_as(world.lead) as session, session.begin():
        # A correction moves one call to another outcome group: the sort follows it.
        cl.correct_call(session, world.calls[0], world.lead, "outcome", "downgraded", "Took the cheaper plan")
    with world.session() as session:
        rows = everything(session)
        for descending in (True, False):
            sort = cl.CallSort(key, descending)
            paged = every_page(session, cl.CallFilter(), sort, 17)
            ids = [r.id for r in paged]
            assert len(ids) == len(set(ids)) == CALLS
            assert ids == expected_order(rows, sort, session)


def test_a_page_after_the_last_one_is_empty_and_a_bad_limit_is_bounded(world: CallLogWorld) -> None:
    with world.session() as session:
        last = cl.page(session, cl.CallFilter(), limit=CALLS)
        assert last.next_key is None and len(last.rows) == CALLS
        assert len(cl.page(session, cl.CallFilter(), limit=0).rows) == 1
        one = cl.page(session, cl.CallFilter(), limit=CALLS - 1)
        assert len(cl.page(session, cl.CallFilter(), after=one.next_key).rows) == 1


def test_each_filter_keeps_exactly_its_calls(world: CallLogWorld) -> None:
    with world.session() as session:
        rows = {r.id: r for r in everything(session)}
        calls = {c.id: c for c in session.scalars(sa.select(m.RetentionCall))}
        offered = set(session.scalars(sa.select(m.OfferPresentation.call_id)))
        team_a = {world.agents["avi"], world.agents["bella"]}
        cases = {
            "agent": (cl.CallFilter(agent_id=world.agents["chen"]), lambda c: c.agent_id == world.agents["chen"]),
            "team": (cl.CallFilter(team_id=world.team_a), lambda c: c.agent_id in team_a),
            "reason": (cl.CallFilter(reason="moving"), lambda c: c.primary_reason_code == "moving"),
            "outcome": (cl.CallFilter(outcome="cancelled"), lambda c: c.disposition_code == "cancelled"),
            "offer": (cl.CallFilter(offer_id=world.offer), lambda c: c.id in offered),
            "incident": (cl.CallFilter(incident_id=world.incident), lambda c: c.incident_id == world.incident),
            "script": (cl.CallFilter(script_version_id=world.script_version),
                       lambda c: c.script_version_id == world.script_version),
            "text": (cl.CallFilter(text="REFUND", date_from=date(2000, 1, 1), date_to=date(2000, 12, 31)),
                     lambda c: False),
            "combined": (cl.CallFilter(team_id=world.team_a, outcome="saved", reason="too_expensive"),
                         lambda c: c.agent_id in team_a and c.disposition_code == "saved"
                         and c.primary_reason_code == "too_expensive"),
        }
        today = datetime.now(ISRAEL).date()
        cases["text-recent"] = (cl.CallFilter(text="refund", date_from=today - timedelta(days=30), date_to=today),
                                lambda c: "refund" in (c.notes or "").lower())
        for name, (flt, wanted) in cases.items():
            got = [r.id for r in every_page(session, flt, cl.DEFAULT_SORT, 23)]
            expected = [i for i in expected_order(list(rows.values()), cl.DEFAULT_SORT, session) if wanted(calls[i])]
            assert got == expected, name
            if name not in ("text",):
                assert got, f"the {name} case should find calls"


def test_dates_are_israeli_calendar_days(world: CallLogWorld) -> None:
    # 23:30 UTC on 14 January is 01:30 on the 15th in Israel: that day's call, not the 14th's.
    late = datetime(2025, 1, 14, 23, 30, tzinfo=UTC)
    with world.session() as session, session.begin():
        call_id = uuid.uuid4()
        session.add(m.RetentionCall(id=call_id, agent_id=world.agents["avi"], started_at=late, script_path=[],
                                    disposition_code="saved", submitted_at=late))
    with world.session() as session:
        on_25th = cl.page(session, cl.CallFilter(date_from=date(2025, 1, 15), date_to=date(2025, 1, 15)))
        on_24th = cl.page(session, cl.CallFilter(date_from=date(2025, 1, 14), date_to=date(2025, 1, 14)))
        assert call_id in {r.id for r in on_25th.rows}
        assert call_id not in {r.id for r in on_24th.rows}


def test_a_filter_that_cannot_run_says_why_before_any_sql(world: CallLogWorld) -> None:
    with world.session() as session:
        with pytest.raises(cl.CallLogError, match="needs a date range"):
            cl.page(session, cl.CallFilter(text="refund"))
        with pytest.raises(cl.CallLogError, match="at most 366 days"):
            cl.page(session, cl.CallFilter(text="refund", date_from=date(2024, 1, 1), date_to=date(2026, 1, 1)))
        with pytest.raises(cl.CallLogError, match="after the end"):
            cl.page(session, cl.CallFilter(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1)))
        # A percent sign is looked for, not a wildcard.
        today = datetime.now(ISRAEL).date()
        assert cl.page(session, cl.CallFilter(text="%", date_from=today - timedelta(days=30),
                                              date_to=today)).rows == ()


def test_the_corrected_outcome_counts_everywhere(world: CallLogWorld) -> None:
    call_id = world.calls[7]  # Bella's (team North), "cancelled" on record
    since = world.now - timedelta(days=30)
    with world.session() as session:
        before = cl.outcome_counts(session, since)
    with world.session_as(world.lead) as session, session.begin():
        cl.correct_call(session, call_id, world.lead, "outcome", "saved", "Customer stayed; agent picked wrong",
                        now=world.now)
    with world.session_as(world.admin) as session, session.begin():
        cl.correct_call(session, call_id, world.admin, "outcome", "saved_with_offer", "The offer was accepted",
                        now=world.now + timedelta(minutes=1))
    with world.session() as session:
        after = cl.outcome_counts(session, since)
        assert after["cancelled"] == before["cancelled"] - 1
        assert after["saved_with_offer"] == before["saved_with_offer"] + 1
        assert after["saved"] == before["saved"]  # the first correction was itself corrected
        assert sum(after.values()) == sum(before.values()) == CALLS
        # The team's figures follow too.
        team = cl.outcome_counts(session, since, team_id=world.team_a)
        assert sum(team.values()) == len([i for i in range(CALLS) if i % 3 != 2])
        line = cl.entry(session, call_id)
        assert line.outcome == "saved_with_offer" and line.original_outcome == "cancelled"
        assert line.corrections == 2 and line.outcome_en == "Saved with an offer"
        saved = {r.id for r in every_page(session, cl.CallFilter(outcome="saved_with_offer"), cl.DEFAULT_SORT, 50)}
        cancelled = {r.id for r in every_page(session, cl.CallFilter(outcome="cancelled"), cl.DEFAULT_SORT, 50)}
        assert call_id in saved and call_id not in cancelled
        detail = cl.load_detail(session, call_id)
        assert [(c.old_value, c.new_value, c.corrected_by) for c in detail.corrections] == [
            ("cancelled", "saved", "Lea Lead"), ("saved", "saved_with_offer", "Ada Admin")]
        # The call row itself is never changed: a correction is a row of its own.
        assert session.get(m.RetentionCall, call_id).disposition_code == "cancelled"
        audit = session.scalars(sa.select(m.AuditEvent).where(m.AuditEvent.action == "call.corrected")).all()
        assert len(audit) == 2 and audit[0].entity_id == str(call_id)


def test_an_outcome_filter_pages_through_corrected_and_uncorrected_calls_in_order(world: CallLogWorld) -> None:
    with world.session_as(world.admin) as session, session.begin():
        # Calls of every outcome corrected to "undecided", some of them twice (the newest counts).
        for index in range(0, 120, 7):
            cl.correct_call(session, world.calls[index], world.admin, "outcome", "escalated", "First look",
                            now=world.now)
            if index % 2 == 0:
                cl.correct_call(session, world.calls[index], world.admin, "outcome", "undecided", "Second look",
                                now=world.now + timedelta(seconds=1))
    with world.session() as session:
        rows = everything(session)
        for outcome in ("undecided", "escalated"):
            for sort in (cl.DEFAULT_SORT, cl.CallSort(cl.SortKey.TIME, False), cl.CallSort(cl.SortKey.HANDLE_TIME),
                         cl.CallSort(cl.SortKey.AGENT), cl.CallSort(cl.SortKey.OUTCOME)):
                got = [r.id for r in every_page(session, cl.CallFilter(outcome=outcome), sort, 7)]
                wanted = [i for i in expected_order(rows, sort, session)
                          if next(r for r in rows if r.id == i).outcome == outcome]
                assert got == wanted, (outcome, sort)
                assert got


def test_reason_and_outcome_filters_follow_corrections_across_pages(world: CallLogWorld) -> None:
    with world.session_as(world.admin) as session, session.begin():
        for index in range(0, 150, 6):
            cl.correct_call(session, world.calls[index], world.admin, "reason", "death" if index % 4 else "moving",
                            "The family called", now=world.now)
            if index % 5 == 0:
                cl.correct_call(session, world.calls[index], world.admin, "outcome", "not_account_holder",
                                "Not the holder", now=world.now)
    with world.session() as session:
        rows = everything(session)
        cases = {"death": cl.CallFilter(reason="death"), "moving": cl.CallFilter(reason="moving"),
                 "both": cl.CallFilter(reason="death", outcome="not_account_holder")}
        for name, flt in cases.items():
            for sort in (cl.DEFAULT_SORT, cl.CallSort(cl.SortKey.HANDLE_TIME, False), cl.CallSort(cl.SortKey.AGENT),
                         cl.CallSort(cl.SortKey.OUTCOME, False)):
                got = [r.id for r in every_page(session, flt, sort, 6)]
                wanted = [i for i in expected_order(rows, sort, session)
                          if (r := next(r for r in rows if r.id == i)).reason == flt.reason
                          and (flt.outcome is None or r.outcome == flt.outcome)]
                assert got == wanted and got, (name, sort)


def test_a_correction_needs_a_reason_and_the_right_person(world: CallLogWorld) -> None:
    call_id = world.calls[0]  # Avi's call (team North)
    chens = world.calls[2]
    with world.session_as(world.agents["bella"]) as session, pytest.raises(cl.CorrectionRefused):
        cl.correct_call(session, call_id, world.agents["bella"], "outcome", "cancelled", "I think so")
    with world.session_as(world.lead_b) as session, session.begin():
        with pytest.raises(cl.CorrectionRefused, match="own team"):
            cl.correct_call(session, call_id, world.lead_b, "outcome", "cancelled", "Not my team")
        cl.correct_call(session, chens, world.lead_b, "reason", "poor_service", "The service was the reason")
        cl.correct_call(session, chens, world.lead_b, "competitor", "Partner", "Named the competitor")
    with world.session_as(world.lead) as session:
        for blank in ("", "   ", "\n"):
            with pytest.raises(cl.CallLogError, match="why"):
                cl.correct_call(session, call_id, world.lead, "outcome", "saved", blank)
        with pytest.raises(cl.CallLogError, match="no such outcome"):
            cl.correct_call(session, call_id, world.lead, "outcome", "sort_of_saved", "Typo")
        with pytest.raises(cl.CallLogError, match="cannot be corrected"):
            cl.correct_call(session, call_id, world.lead, "agent_id", "x", "Wrong agent")
        with pytest.raises(cl.CallLogError, match="already has"):
            cl.correct_call(session, call_id, world.lead, "outcome", "saved", "Same")
    with world.session() as session:
        assert cl.entry(session, chens).reason == "poor_service"
        assert cl.load_detail(session, chens).competitor == "Partner"
        assert chens in {r.id for r in every_page(session, cl.CallFilter(reason="poor_service"), cl.DEFAULT_SORT, 100)}
        assert chens not in {r.id for r in every_page(session, cl.CallFilter(reason="moving"), cl.DEFAULT_SORT, 100)}
        assert session.scalar(sa.select(sa.func.count()).select_from(m.CallCorrection)) == 2
    # The database refuses a blank reason too, even from the lead who may write the row.
    with world.session_as(world.lead) as session, pytest.raises(sa.exc.IntegrityError):
        session.add(m.CallCorrection(call_id=call_id, call_started_at=world.now, corrected_by=world.lead,
                                     field="outcome", old_value="saved", new_value="cancelled", why="  "))
        session.flush()


def test_saved_filters_belong_to_their_owner(world: CallLogWorld) -> None:
    mine = world.service(world.lead)
    theirs = world.service(world.lead_b)
    flt = cl.CallFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 25), agent_id=world.agents["avi"],
                        outcome="cancelled", text="refund")
    mine.save_filter("Avi's cancellations", flt)
    mine.save_filter("Everything", cl.CallFilter())
    assert [(s.name, s.filter) for s in mine.saved_filters()] == [("Avi's cancellations", flt),
                                                                  ("Everything", cl.CallFilter())]
    assert theirs.saved_filters() == []
    # The same name replaces the filter it names.
    mine.save_filter("Everything", replace(flt, outcome=None))
    assert [s.filter.outcome for s in mine.saved_filters()] == ["cancelled", None]
    saved = mine.saved_filters()[0]
    assert theirs.delete_filter(saved.id) is False  # not theirs
    assert mine.delete_filter(saved.id) is True
    assert [s.name for s in mine.saved_filters()] == ["Everything"]
    with pytest.raises(cl.CallLogError, match="name"):
        mine.save_filter("  ", flt)


def test_a_stored_filter_is_read_as_hostile_input() -> None:
    flt = cl.CallFilter(date_from=date(2026, 1, 2), team_id=uuid.uuid4(), text="x")
    assert cl.CallFilter.from_json(flt.to_json()) == flt
    for bad in ([], {"colour": "red"}, {"date_from": "yesterday"}, {"agent_id": "not-a-uuid"},
                {"outcome": 7}):
        with pytest.raises(cl.CallLogError):
            cl.CallFilter.from_json(bad)


def test_a_lead_service_sees_their_team_only(world: CallLogWorld) -> None:
    lead = world.service(world.lead, world.team_a)
    rows = lead.page(cl.CallFilter(), limit=cl.MAX_PAGE_SIZE).rows
    assert rows and {r.agent_id for r in rows} == {world.agents["avi"], world.agents["bella"]}
    choices = lead.choices()
    assert [c.label_en for c in choices.agents] == ["Avi Cohen", "Bella Levi", "Lea Lead"]
    assert [c.label_en for c in choices.teams] == ["North"]


def test_the_detail_replays_the_script_path_and_shows_what_happened(world: CallLogWorld) -> None:
    with world.session() as session:
        detail = cl.load_detail(session, world.calls[0])
        assert [m_.step for m_ in detail.path] == ["greet", "reason"]
        assert detail.path[1].at - detail.path[0].at == timedelta(seconds=40)
        assert detail.path[1].answer == "too_expensive"
        assert detail.captured == (("new_address", "Herzl 1, Haifa"),)
        assert len(detail.offers) == 1 and detail.offers[0].response == d.OfferResponse.DECLINED
        assert detail.script_en == "General" and detail.script_version == 3
        assert detail.incident_en == "Northern outage"
        assert detail.account_number == "900001" and detail.entry.customer_name == "Dana Katz"
        assert cl.load_detail(session, uuid.uuid4()) is None


def test_the_script_path_reads_in_the_people_s_own_words(world: CallLogWorld) -> None:
    from agent_desk.scripts.facts import ScriptFacts
    from agent_desk.scripts.publish import load_version, publish
    from agent_desk.scripts.variables import gendered

    call_id = uuid.uuid4()
    with world.session() as session, session.begin():
        version = publish(session, "resources/call_scripts/too_expensive.yaml")
        script = load_version(session, version.id)
        step, answer = next((s, a) for s in script.steps.values() for a in s.answers
                            if "{customer:" in a.label.get("he"))
        customer = session.scalars(sa.select(m.Customer.id)).first()
        session.execute(sa.update(m.Customer).values(gender=d.Gender.FEMALE))
        session.add(m.RetentionCall(
            id=call_id, customer_id=customer, agent_id=world.agents["avi"], started_at=world.now,
            script_version_id=version.id, submitted_at=world.now,
            script_path=[{"step": step.id, "answer": answer.key, "at": world.now.isoformat()}]))
    with world.session() as session:
        move = cl.load_detail(session, call_id).path[0]
    she = gendered(answer.label.get("he"), ScriptFacts(customer_gender="female"))
    assert move.answer_he == she and "{" not in she and "/" not in she
    assert move.step_en == (step.title or step.text).get("en")
