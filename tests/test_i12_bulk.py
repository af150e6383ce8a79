"""A push batch applied a statement per table (agent_desk.sync.bulk) leaves what the same batch
applied one mutation at a time leaves (issue 12): the same rows, the same answers, the same
refusals and conflicts, every audit row naming its mutation, the same change log and dashboard
marks. Random batches on a real PostgreSQL, as an agent's own login; two copies of one database,
one pushed each way.

The one difference allowed, by design: a customer edited several times in one batch is written
once with what the edits leave (one audit row, named by the last edit that changed it), where
one at a time writes each edit (docs/sync.md)."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from agent_desk import domain as d
from agent_desk.data import demo
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ids import new_id
from agent_desk.sync import bulk, server
from agent_desk.sync.mutations import Mutation, call_payload, submit_payload
from agent_desk.wrapup import CallbackRequest, ReferralRequest, SurveyAnswer, WrapUp
from tests.conftest import AS_OF

# Rows compared column by column (created_at is the moment of the INSERT: left out).
TABLES = (m.RetentionCall, m.OfferPresentation, m.Interaction, m.Callback, m.Referral, m.SurveyResponse,
          m.Subscription, m.Customer, m.SyncConflict, m.SyncRejection, m.SyncMutation)
LEFT_OUT = {"created_at", "confirmation_number"}  # a number the server draws: whether there is one
SERVER_KEYED = {m.SyncConflict, m.SyncRejection}  # their ids are the server's own


@pytest.fixture
def twins(pg_server, pg_desk_url: str, pg_person):
    """Two copies of one demo database and agent01's login on both."""
    owner = make_engine(pg_desk_url, deadline=False)
    demo.generate(owner, 12, seed=5, as_of=AS_OF)
    url = pg_person(pg_desk_url, "agent01")
    login = sa.engine.make_url(url).username
    with owner.connect() as connection:
        agent_id = connection.scalar(sa.select(m.Agent.id).where(m.Agent.username == login))
        customers = list(connection.scalars(sa.select(m.Customer.id).order_by(m.Customer.id)))
        offers = list(connection.scalars(sa.select(m.Offer.id).where(m.Offer.active).order_by(m.Offer.code)))
        parents = set(connection.scalars(sa.select(m.CancellationReason.parent_code)))
        reasons = sorted(c for c in connection.scalars(sa.select(m.CancellationReason.code))
                         if c not in parents and c != "competitor")
    owner.dispose()
    name = sa.engine.make_url(pg_desk_url).database
    copy = f"{name}_b"
    admin = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        connection.exec_driver_sql(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    urls = (url, sa.engine.make_url(url).set(database=copy).render_as_string(hide_password=False))
    engines = [make_engine(u) for u in urls]
    yield engines, agent_id, customers, offers, reasons, (pg_desk_url, pg_server.url_for(copy))
    for engine in engines:
        engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    admin.dispose()


class Script:
    """A desk's random work, as mutations in sequence order."""

    def __init__(self, seed: int, agent_id: uuid.UUID, customers: list[uuid.UUID], offers: list[uuid.UUID],
                 reasons: list[str]) -> None:
        self.rng = random.Random(seed)
        self.agent_id, self.customers, self.offers, self.reasons = agent_id, customers, offers, reasons
        self.client_id = uuid.UUID(int=seed + 1)
        self.seq = 0
        self.now = datetime.now(UTC)
        self.presented: list[uuid.UUID] = []  # not answered yet
        self.answered: list[uuid.UUID] = []
        self.ahead: dict[str, uuid.UUID] = {}  # an answer or a completion sent before its row (refused)
        self.refusals = 0.015  # the share of mutations the server refuses
        self.callbacks: list[uuid.UUID] = []
        self.open_calls: list[dict[str, Any]] = []  # presented on, not yet submitted
        self.submitted: list[Mutation] = []
        self.kinds: Counter[str] = Counter()

    def at(self) -> str:
        return (self.now + timedelta(milliseconds=self.seq)).isoformat()

    def mutation(self, kind: str, payload: dict[str, Any]) -> Mutation:
        self.seq += 1
        self.kinds[kind] += 1
        return Mutation(self.client_id, self.seq, new_id(), kind, payload)

    def wrapup(self, call: dict[str, Any] | None) -> WrapUp:
        rng, now = self.rng, self.now
        disposition = rng.choice(["saved", "saved_with_offer", "callback_scheduled", "undecided", "cancelled"])
        customer = uuid.UUID(call["customer_id"]) if call else rng.choice(self.customers)
        cancelling = disposition == "cancelled"
        return WrapUp(
            call_id=uuid.UUID(call["id"]) if call else new_id(), agent_id=self.agent_id,
            started_at=now - timedelta(minutes=6), ended_at=now if rng.random() < 0.8 else None,
            customer_id=customer, disposition=disposition, primary_reason=rng.choice(self.reasons),
            competitor=rng.choice(["", "Partner "]), notes=rng.choice(["", "  said no  ", "note"]),
            captured={"device": "iPhone"} if rng.random() < 0.3 else {},
            # keys out of jsonb's order (shorter first): stored as the desk wrote them, either way
            script_path=({"step": "open", "answer": "price", "at": 3},) if rng.random() < 0.5 else (),
            outbound=rng.random() < 0.1,
            callback=CallbackRequest(now + timedelta(days=1), rng.random() < 0.3, rng.choice(["", "evening"]))
            if disposition == "callback_scheduled" else None,
            referral=ReferralRequest("Noa", "050-123-4567", True) if rng.random() < 0.15 else None,
            survey=SurveyAnswer(rng.choice(list(d.SurveyKind)), 4, "ok") if rng.random() < 0.15 else None,
            cancellation_requested_at=now - timedelta(minutes=5) if cancelling else None,
            cancellation_effective_on=(now + timedelta(days=3)).date() if cancelling else None)

    def next(self) -> Mutation:  # noqa: C901 - one branch a kind
        rng, roll = self.rng, self.rng.random()
        if roll < 0.22:
            call = self.open_calls.pop(0) if self.open_calls and rng.random() < 0.5 else None
            wrapup = self.wrapup(call)
            number = f"DESK-{rng.getrandbits(40):010X}" if rng.random() < 0.5 else None
            done = self.mutation("call.submit", submit_payload(wrapup, self.now, number))
            self.submitted.append(done)
            return done
        if roll < 0.40:
            if self.open_calls and rng.random() < 0.4:  # another offer on a call, its reason sometimes changed
                call = self.open_calls[0]
                if rng.random() < 0.1:
                    call = self.open_calls[0] = {**call, "reason": rng.choice(self.reasons)}
            else:
                call = call_payload(new_id(), rng.choice(self.customers), None, self.now - timedelta(minutes=3),
                                    rng.choice([None, *self.reasons]))
                self.open_calls.append(call)
            presentation = self.ahead.pop("presentation", None) or new_id()
            self.presented.append(presentation)
            return self.mutation("call.present", {
                "call": call, "presentation_id": str(presentation), "offer_id": str(rng.choice(self.offers)),
                "response": rng.choice(["offered", "offered", "accepted"]), "at": self.at(), "p_save": 0.3,
                "expected_value": "120.00", "cost": rng.choice([None, "40.00"])})
        if roll < 0.50 and self.presented:  # now and then a second answer to one offer
            target = self.presented.pop() if rng.random() < 0.95 else rng.choice(self.answered or self.presented)
            self.answered.append(target)
            return self.mutation("call.respond", {"presentation_id": str(target),
                                                  "response": rng.choice(["accepted", "declined"]), "at": self.at()})
        if roll < 0.64:
            return self.mutation("note.add", {"id": str(new_id()), "customer_id": str(rng.choice(self.customers)),
                                              "subject": rng.choice(["roaming", " bill ", "x" * 250]),
                                              "body": rng.choice([None, "", "long talk"]), "at": self.at()})
        if roll < 0.74:
            callback = self.ahead.pop("callback", None) or new_id()
            self.callbacks.append(callback)
            return self.mutation("callback.add", {
                "id": str(callback), "customer_id": str(rng.choice(self.customers)), "to_team": rng.random() < 0.3,
                "due_at": (self.now + timedelta(days=2)).isoformat(), "note": rng.choice(["", "after 5"]),
                "at": self.at()})
        if roll < 0.78 and self.callbacks:
            return self.mutation("callback.complete", {"id": str(rng.choice(self.callbacks)), "at": self.at()})
        if roll < 1 - self.refusals:
            field = rng.choice(["email", "city", "occupation"])
            value = rng.choice(["a@example.com", "b@example.com", "Haifa", "Eilat", "teacher", None])
            return self.mutation("customer.edit", {
                "customer_id": str(rng.choice(self.customers[:3])), "field": field, "value": value,
                "base": rng.choice([None, "Haifa", "a@example.com"]), "at": self.at()})
        # What the server refuses: each sends the batch one at a time.
        bad = rng.choice(["long", "subject", "answer", "resubmit", "ahead"])
        if bad == "ahead":  # the answer before its offer, the completion before its callback
            if rng.random() < 0.5:
                self.ahead["presentation"] = new_id()
                return self.mutation("call.respond", {"presentation_id": str(self.ahead["presentation"]),
                                                      "response": "accepted", "at": self.at()})
            self.ahead["callback"] = new_id()
            return self.mutation("callback.complete", {"id": str(self.ahead["callback"]), "at": self.at()})
        if bad == "long":
            return self.mutation("customer.edit", {"customer_id": str(self.customers[0]), "field": "preferred_language",
                                                   "value": "far too long", "base": None, "at": self.at()})
        if bad == "subject":
            return self.mutation("note.add", {"id": str(new_id()), "customer_id": str(self.customers[1]),
                                              "subject": "  ", "at": self.at()})
        if bad == "answer":
            return self.mutation("call.respond", {"presentation_id": str(new_id()), "response": "accepted",
                                                  "at": self.at()})
        if self.submitted:  # the same call again: one at a time answers it as the first time
            again = rng.choice(self.submitted)
            return self.mutation("call.submit", dict(again.payload))
        return self.mutation("note.add", {"id": str(new_id()), "customer_id": str(self.customers[2]),
                                          "subject": "plain", "at": self.at()})


def push(engine: sa.Engine, script: Script, batches: list[list[Mutation]], one_at_a_time: bool,
         monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    factory = sessionmaker(engine, expire_on_commit=False)
    answers = []
    with monkeypatch.context() as patch:
        if one_at_a_time:
            patch.setattr(server, "BULK_FROM", 10**9)
        for n, batch in enumerate(batches):
            with factory() as session, session.begin():
                done = server.apply_batch(session, script.client_id, script.agent_id, batch,
                                          now=script.now + timedelta(seconds=n))
            results = {k: {f: (v is not None if f == "confirmation_number" else v) for f, v in r.items()}
                       for k, r in done.results.items()}
            answers.append((done.last_seq, done.applied, done.dedup_hits,
                            [(r.seq, r.kind, r.reason.split(":")[0]) for r in done.rejected], results))
    return answers


def state(url: str) -> dict[str, Any]:
    engine = make_engine(url, deadline=False)
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        for model in TABLES:
            t = model.__table__
            left_out = LEFT_OUT | ({"id"} if model in SERVER_KEYED else set())
            columns = [c for c in t.c if c.name not in left_out]
            if "confirmation_number" in t.c:
                columns.append(t.c.confirmation_number.isnot(None).label("numbered"))
            rows = connection.execute(sa.select(*columns)).all()
            found[t.name] = sorted(tuple(map(repr, row)) for row in rows)
        a = m.AuditEvent.__table__.c
        audit = connection.execute(sa.select(a.entity_type, a.entity_id, a.mutation_id, a.source, a.action)
                                   .where(a.mutation_id.isnot(None))).all()
        found["audit"] = sorted({(r.entity_type, r.entity_id, r.mutation_id, r.source) for r in audit})
        found["audit_unnamed"] = connection.scalar(sa.select(sa.func.count()).where(a.mutation_id.is_(None)))
        c = m.SyncChange.__table__.c
        found["changes"] = sorted(set(connection.execute(sa.select(c.table_name, c.row_id, c.deleted)).all()))
        found["marks"] = sorted(set(connection.scalars(sa.text("SELECT day FROM dash_dirty_days"))))
    engine.dispose()
    return found


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_batch_applied_at_once_leaves_what_one_at_a_time_leaves(twins, seed: int,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (fast, slow), agent_id, customers, offers, reasons, (fast_url, slow_url) = twins
    script = Script(seed, agent_id, customers, offers, reasons)
    batches = []
    for _ in range(10):
        batch = [script.next() for _ in range(script.rng.choice([1, 5, 30, 60]))]
        batches.append(batch)
        if script.rng.random() < 0.2:  # the first answer lost: the batch comes again
            batches.append(list(batch))
    attempts = Counter()
    real_apply = bulk.apply

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            result = real_apply(*args, **kwargs)
        except bulk.NotBulk:
            attempts["not bulk"] += 1
            raise
        attempts["bulk"] += 1
        return result

    monkeypatch.setattr(bulk, "apply", counted)
    at_once = push(fast, script, batches, False, monkeypatch)
    singly = push(slow, script, batches, True, monkeypatch)
    assert at_once == singly
    ours, theirs = state(fast_url), state(slow_url)
    # Every row equal to the column, every row audited under the same mutations (the audit of
    # customers keeps national ids only: contact edits, written once a batch here, leave none
    # either way), the same change log and marks; no audit row without its mutation.
    for name in ours:
        assert ours[name] == theirs[name], name
    assert ours["audit_unnamed"] == 0
    # And the bulk path did run (a test of a path that never runs proves nothing).
    assert attempts["bulk"] >= 3, attempts
    assert len(ours["audit"]) > 20


def test_an_answer_or_a_completion_sent_before_its_row_is_refused_as_one_at_a_time_refuses_it(
        twins, monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk never sends these, but a batch is applied in its own order either way: an answer
    to an offer the batch presents only later is refused, a completion of a callback it adds
    only later completes nothing."""
    (fast, slow), agent_id, customers, offers, reasons, (fast_url, slow_url) = twins
    script = Script(21, agent_id, customers, offers, reasons)
    script.refusals = 0  # only these, or the batch would go one at a time for another
    batches = []
    for kind, ahead in (("call.respond", "presentation"), ("callback.complete", "callback")):
        batch = [script.next() for _ in range(8)]
        script.ahead = {ahead: new_id()}
        payload = {"presentation_id": str(script.ahead[ahead]), "response": "accepted"} \
            if kind == "call.respond" else {"id": str(script.ahead[ahead])}
        batch.append(script.mutation(kind, {**payload, "at": script.at()}))
        while script.ahead:  # the offer, the callback: later in the same batch
            batch.append(script.next())
        batches.append(batch)
    at_once = push(fast, script, batches, False, monkeypatch)
    singly = push(slow, script, batches, True, monkeypatch)
    assert at_once == singly
    assert [[kind for _seq, kind, _reason in answer[3]] for answer in at_once] == [["call.respond"], []]
    assert state(fast_url) == state(slow_url)


def test_0023_downgrades_to_the_definitions_it_replaced_and_upgrades_again(pg_url: str) -> None:
    """Down to 0022: the audit functions' bodies and settings as 0017 and 0009 left them, to the
    byte. Up again: the per-row mutation, the same as the first time."""
    from agent_desk.data import migrate

    engine = make_engine(pg_url)
    functions = sa.text("SELECT p.oid::regprocedure::text AS name, p.prosrc, p.proconfig, p.prosecdef, "
                        "pg_get_userbyid(p.proowner) AS owner, p.proacl::text AS acl FROM pg_proc p "
                        "WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1")

    def state() -> list[sa.Row]:
        with engine.connect() as connection:
            return list(connection.execute(functions))

    try:
        migrate.upgrade(engine, "0022")
        before = state()
        migrate.upgrade(engine, "0023")
        after = state()
        assert after != before
        assert {f.name for f in after} == {f.name for f in before}
        assert {tuple(f.proconfig or ()) for f in after if f.name in ("desk_audit_changes()", "audit_events_stamp()")} \
            == {("search_path=pg_catalog, public, pg_temp",)}
        migrate.downgrade(engine, "0022")
        assert state() == before
        migrate.upgrade(engine, "0023")
        assert state() == after
    finally:
        engine.dispose()
