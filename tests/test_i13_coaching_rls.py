"""QA reviews as the database enforces them (issue 13, item 2), and the coaching service's
own rules on the embedded file.

On PostgreSQL each person connects as their own login and speaks plain SQL, the way someone
with psql would: an agent cannot write a review or change a score, answers only a review of
their own call and only once; a lead reviews teammates' calls, never their own call or
another team's, and never writes the agent's answer.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import coaching
from agent_desk import domain as d
from agent_desk.calls import desk_user
from agent_desk.coaching import Coaching
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import ensure_reference_data
from agent_desk.desk import Desk

PEOPLE = {  # username: (display name, role, team)
    "dana": ("Dana Cohen", d.Role.AGENT, "North"),
    "eli": ("Eli Mizrahi", d.Role.AGENT, "North"),
    "omer": ("Omer Levi", d.Role.AGENT, "South"),
    "lea": ("Lea Shapira", d.Role.TEAM_LEAD, "North"),
    "noa": ("Noa Peretz", d.Role.TEAM_LEAD, "North"),
    "sam": ("Sam Biton", d.Role.TEAM_LEAD, "South"),
    "ada": ("Ada Klein", d.Role.ADMIN, None),
}
GOOD = {"opening": 5, "discovery": 4, "offer_fit": 4, "objections": 3, "compliance": 1, "closing": 5}


def build_floor(url: str) -> dict[str, uuid.UUID]:
    """Two teams, their people (by username) and one submitted call each for dana, eli, omer
    and lea; ids by name (calls as ``call_<name>``). Made as the owner."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    ids: dict[str, uuid.UUID] = {}
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        ensure_reference_data(session)
        teams = {name: m.Team(name=name) for name in ("North", "South")}
        session.add_all(teams.values())
        session.flush()
        for username, (name, role, team) in PEOPLE.items():
            agent = m.Agent(username=username, display_name=name, role=role,
                            team_id=teams[team].id if team else None, offer_authority=Decimal(100))
            session.add(agent)
            session.flush()
            ids[username] = agent.id
        customer = m.Customer(account_number="77", first_name="רחל", last_name="כהן", customer_since=date(2016, 3, 1),
                              value_tier=d.ValueTier.GOLD)
        session.add(customer)
        session.flush()
        outcome = session.scalars(sa.select(m.Disposition.code).where(m.Disposition.counts_as_save)).first()
        for number, who in enumerate(("dana", "eli", "omer", "lea", "dana")):
            call = m.RetentionCall(customer_id=customer.id, agent_id=ids[who],
                                   started_at=now - timedelta(hours=5 - number), ended_at=now - timedelta(hours=4),
                                   submitted_at=now - timedelta(hours=4), primary_reason_code="competitor",
                                   disposition_code=outcome, notes="הלקוחה השוותה למתחרה")
            session.add(call)
            session.flush()
            ids.setdefault(f"call_{who}", call.id)
            ids[f"call_{who}_last"] = call.id
        ids["team_north"], ids["team_south"], ids["customer"] = teams["North"].id, teams["South"].id, customer.id
    engine.dispose()
    return ids


def _desk(url: str, username: str = "") -> tuple[Desk, sa.Engine]:
    engine = make_engine(url)
    desk = Desk.on(engine)
    with desk.factory() as session:
        if engine.dialect.name == "postgresql":
            from agent_desk.security.identity import whoami

            user = whoami(session)
        else:
            user = desk_user(session, username)
    return desk.as_user(user), engine


# --- the embedded file: the service's own rules ---------------------------------------------


def test_the_rubric_file_is_version_one_of_the_database(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    build_floor(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        seeded = coaching.current_rubric(session)
        assert seeded.version == 1 and seeded.criteria == coaching.load_rubric_file()
        assert coaching.publish_rubric(session, seeded.criteria) == (1, False)
        changed = (*seeded.criteria[:-1], coaching.Criterion("empathy", "אמפתיה", "Empathy", 10, 5))
        assert coaching.publish_rubric(session, changed) == (2, True)
        assert [c.code for c in coaching.current_rubric(session).criteria][-1] == "empathy"
        assert coaching.current_rubric(session, 1) == seeded
    engine.dispose()
    bad = tmp_path / "bad.yaml"
    bad.write_text("criteria:\n  - {code: a, label_he: א, label_en: A, weight: 0, scale: 5}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: criterion 1: weight"):
        coaching.load_rubric_file(bad)
    bad.write_text("criteria:\n  - {code: a, label_he: א, label_en: A, weight: 5, scale: 5, extra: 1}\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="needs exactly"):
        coaching.load_rubric_file(bad)


def test_totals_weigh_each_criterion_on_its_own_scale() -> None:
    rubric = coaching.Rubric(1, coaching.load_rubric_file())
    assert rubric.total({c.code: c.scale for c in rubric.criteria}) == 100
    assert rubric.total({c.code: 0 for c in rubric.criteria}) == 0
    # 10*1 + 20*.8 + 25*.8 + 20*.6 + 15*1 + 10*1 = 83
    assert rubric.total(GOOD) == 83
    with pytest.raises(coaching.CoachingError, match="compliance.*0 to 1"):
        rubric.check({**GOOD, "compliance": 2})
    with pytest.raises(coaching.CoachingError, match="closing.*no score"):
        rubric.check({k: v for k, v in GOOD.items() if k != "closing"})


def test_on_the_embedded_file_the_service_keeps_the_same_rules(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    ids = build_floor(url)
    lea, lea_engine = _desk(url, "lea")
    dana, dana_engine = _desk(url, "dana")
    try:
        review = Coaching(lea).save_review(ids["call_dana"], GOOD, "  Good discovery  ")
        with pytest.raises(coaching.NotYours, match="own call"):
            Coaching(lea).save_review(ids["call_lea"], GOOD, "")
        with pytest.raises(coaching.NotYours, match="another team"):
            Coaching(lea).save_review(ids["call_omer"], GOOD, "")
        with pytest.raises(coaching.NotYours, match="only a team lead"):
            Coaching(dana).save_review(ids["call_eli"], GOOD, "")
        with pytest.raises(coaching.NotYours, match="whose call"):
            Coaching(dana).answer(Coaching(lea).save_review(ids["call_eli"], GOOD, ""), False, "")
        with pytest.raises(coaching.CoachingError, match="needs a comment"):
            Coaching(dana).answer(review, True, "  ")
        Coaching(dana).answer(review, True, "The customer had already signed elsewhere")
        with pytest.raises(coaching.CoachingError, match="already disputed"):
            Coaching(dana).answer(review, False, "")
        with pytest.raises(coaching.CoachingError, match="answered"):
            Coaching(lea).save_review(ids["call_dana"], GOOD, "changed", review_id=review)
        [mine] = Coaching(dana).my_reviews()
        assert (mine.status, mine.score, mine.comments, mine.reviewer_name) == ("disputed", 83, "Good discovery",
                                                                               "Lea Shapira")
        team = {row.agent_name: row for row in Coaching(lea).team()}
        assert set(team) == {"Dana Cohen", "Eli Mizrahi"}  # agents of her team, not the leads
        assert (team["Dana Cohen"].reviews, team["Dana Cohen"].disputes_open, team["Dana Cohen"].average) == (1, 1, 83)
        assert (team["Eli Mizrahi"].waiting, team["Eli Mizrahi"].disputes_open) == (1, 0)
        Coaching(lea).resolve(review)
        assert Coaching(lea).team()[0].disputes_open == 0
    finally:
        lea_engine.dispose()
        dana_engine.dispose()


# --- PostgreSQL: the database itself --------------------------------------------------------


def _as_coach(url: str, act):
    """``act(Coaching)`` as the person of ``url``, on an engine of its own."""
    desk, engine = _desk(url)
    try:
        return act(Coaching(desk))
    finally:
        engine.dispose()


def _as(url: str, statement: str, **params: object) -> sa.CursorResult:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            result = connection.execute(sa.text(statement), params)
            return result.freeze()() if result.returns_rows else result
    finally:
        engine.dispose()


def _refused(url: str, statement: str, match: str = "", **params: object) -> str:
    with pytest.raises(sa.exc.DBAPIError) as caught:
        _as(url, statement, **params)
    assert caught.value.orig.sqlstate in ("42501", "23514"), caught.value.orig
    assert match in str(caught.value.orig), caught.value.orig
    return str(caught.value.orig)


INSERT = ("INSERT INTO qa_reviews (id, created_at, call_id, reviewer_id, reviewed_at, score, checklist, "
          "rubric_version, scores, status) VALUES (:id, now(), :call, :me, now(), 83, '{}', 1, '{}', :status)")


@pytest.mark.postgres
def test_on_postgresql_only_the_answer_is_the_agents_and_only_teammates_calls_are_the_leads(
        pg_url: str, pg_person) -> None:
    ids = build_floor(pg_url)
    who = {name: pg_person(pg_url, name) for name in ("dana", "eli", "lea", "noa", "ada")}

    # A lead reviews a teammate's call through the app, as her own login.
    lea, lea_engine = _desk(who["lea"])
    try:
        review = Coaching(lea).save_review(ids["call_dana"], GOOD, "Good discovery")
        # The database refuses what the service would.
        with pytest.raises(sa.exc.DBAPIError), Session(lea_engine) as session, session.begin():
            session.add(m.QaReview(call_id=ids["call_omer"], reviewer_id=ids["lea"], reviewed_at=datetime.now(UTC),
                                   score=50, checklist={}, rubric_version=1, scores=GOOD))
    finally:
        lea_engine.dispose()

    # Plain SQL: an agent cannot write a review, nor change a score, even of their own call.
    _refused(who["dana"], INSERT, id=uuid.uuid4(), call=ids["call_eli"], me=ids["dana"], status="sent")
    _refused(who["dana"], "UPDATE qa_reviews SET score = 100 WHERE id = :id", id=review)
    _refused(who["dana"], "UPDATE qa_reviews SET scores = '{}' WHERE id = :id", id=review)
    _refused(who["dana"], "INSERT INTO qa_rubrics (id, version, code, label_he, label_en, weight, scale, sort_order, "
             "created_at) VALUES (gen_random_uuid(), 9, 'x', 'x', 'x', 1, 1, 0, now())")
    assert len(_as(who["dana"], "SELECT code FROM qa_rubrics WHERE version = 1").all()) == 6
    # A lead: never her own call, never another team's; what she writes waits for the agent.
    _refused(who["lea"], INSERT, id=uuid.uuid4(), call=ids["call_lea"], me=ids["lea"], status="sent")
    _refused(who["lea"], INSERT, id=uuid.uuid4(), call=ids["call_omer"], me=ids["lea"], status="sent")
    forged = uuid.uuid4()
    assert _as(who["lea"], INSERT, id=forged, call=ids["call_eli"], me=ids["lea"], status="acknowledged").rowcount == 1
    assert _as(who["eli"], "SELECT status FROM qa_reviews WHERE id = :id", id=forged).scalar() == "sent"
    # ... nor writes the agent's answer for them.
    _refused(who["lea"], "UPDATE qa_reviews SET status = 'acknowledged' WHERE id = :id", "theirs to give", id=review)
    _refused(who["lea"], "UPDATE qa_reviews SET agent_comment = 'fine' WHERE id = :id", "theirs to give", id=review)

    # Dana answers only reviews of her own calls: Eli's is not there for her.
    assert _as(who["dana"], "UPDATE qa_reviews SET status = 'acknowledged' WHERE id = :id", id=forged).rowcount == 0
    assert _as(who["dana"], "SELECT count(*) FROM qa_reviews").scalar() == 1
    _refused(who["dana"], "UPDATE qa_reviews SET status = 'disputed' WHERE id = :id", "needs a comment", id=review)
    _refused(who["dana"], "UPDATE qa_reviews SET status = 'resolved' WHERE id = :id", "acknowledges or disputes",
             id=review)
    _as(who["dana"], "UPDATE qa_reviews SET status = 'disputed', agent_comment = 'signed elsewhere already', "
        "answered_at = '2000-01-01' WHERE id = :id", id=review)
    row = _as(who["lea"], "SELECT status, agent_comment, answered_at FROM qa_reviews WHERE id = :id", id=review).one()
    assert (row.status, row.agent_comment) == ("disputed", "signed elsewhere already")
    assert row.answered_at > datetime.now(UTC) - timedelta(minutes=5)  # the server's clock, not hers
    _refused(who["dana"], "UPDATE qa_reviews SET status = 'acknowledged' WHERE id = :id", "answered already",
             id=review)

    # A lead reviewed by another lead: her UPDATE grant as a lead does not let her change it.
    on_lea = _as_coach(who["noa"], lambda noa: noa.save_review(ids["call_lea"], GOOD, ""))
    _refused(who["lea"], "UPDATE qa_reviews SET score = 100, status = 'acknowledged' WHERE id = :id",
             "only the answer", id=on_lea)
    assert _as(who["lea"], "UPDATE qa_reviews SET status = 'acknowledged' WHERE id = :id", id=on_lea).rowcount == 1
    # The reviewer resolves the dispute; admins see and write every review.
    _as_coach(who["lea"], lambda lea: lea.resolve(review))
    assert _as(who["ada"], "SELECT count(*) FROM qa_reviews").scalar() == 3
    assert _as(who["ada"], "UPDATE qa_reviews SET comments = 'seen' WHERE id = :id", id=review).rowcount == 1


def test_the_coaching_tables_match_the_models_and_downgrade(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        migrate.upgrade(engine)
        # Other tables are other migrations' business (tests/test_migrations.py checks all).
        assert [x for x in migrate.schema_differences(engine) if "qa_" in repr(x)] == []
        migrate.downgrade(engine, "0013")
        assert "qa_rubrics" not in sa.inspect(engine).get_table_names()
        migrate.upgrade(engine)
        assert [x for x in migrate.schema_differences(engine) if "qa_" in repr(x)] == []
    finally:
        engine.dispose()
