"""Demo data: realistic, deterministic, consistent, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date
from decimal import Decimal

import phonenumbers
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.data.demo import israeli_id_check_digit
from tests.conftest import AS_OF


def _fresh(url: str):
    engine = make_engine(url)
    migrate.upgrade(engine)
    return engine


def _customer_rows(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(
            sa.select(m.Customer.__table__).order_by(m.Customer.account_number))]


def test_same_seed_same_data_different_seed_different_data(tmp_path) -> None:
    urls = [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("a", "b", "c")]
    engines = [_fresh(url) for url in urls]
    try:
        demo.generate(engines[0], 150, seed=5, as_of=AS_OF)
        demo.generate(engines[1], 150, seed=5, as_of=AS_OF)
        demo.generate(engines[2], 150, seed=6, as_of=AS_OF)
        first, again, other = (_customer_rows(e) for e in engines)
        assert first == again
        assert first != other
    finally:
        for engine in engines:
            engine.dispose()


def test_sqlite_and_postgresql_get_the_same_customers(tmp_path, pg_url: str) -> None:
    lite, pg = _fresh(f"sqlite:///{tmp_path / 'x.sqlite3'}"), _fresh(pg_url)
    try:
        report_lite = demo.generate(lite, 120, seed=3, as_of=AS_OF)
        report_pg = demo.generate(pg, 120, seed=3, as_of=AS_OF)
        assert report_lite.rows == report_pg.rows
        assert _customer_rows(lite) == _customer_rows(pg)
    finally:
        lite.dispose()
        pg.dispose()


def test_a_realistic_israeli_customer_base(demo_db: str) -> None:
    engine = make_engine(demo_db)
    with Session(engine) as session:
        customers = session.scalars(sa.select(m.Customer)).all()
        assert len(customers) == 400
        languages = Counter(c.preferred_language for c in customers)
        assert set(languages) == {"he", "ar", "ru", "en"}
        assert languages["he"] > languages["ar"] > languages["en"] * 0.5
        assert any("\u05d0" <= c.first_name[0] <= "\u05ea" for c in customers)  # Hebrew letters
        for c in customers:
            assert len(c.national_id) == 9
            assert int(c.national_id[-1]) == israeli_id_check_digit(c.national_id[:8])
            assert c.created_at.tzinfo is UTC
            assert c.customer_since <= AS_OF

        phones = session.scalars(sa.select(m.CustomerPhone)).all()
        for phone in phones:
            parsed = phonenumbers.parse(phone.e164)
            assert phonenumbers.is_valid_number(parsed), phone.e164
            assert phonenumbers.region_code_for_number(parsed) == "IL"
        sharing = Counter(p.e164 for p in phones)
        assert any(count > 1 for count in sharing.values()), "some numbers are shared by families"

        per_customer = Counter(session.scalars(sa.select(m.Interaction.customer_id)))
        assert min(per_customer.values()) >= 5 and max(per_customer.values()) <= 60
        assert sum(per_customer.values()) / len(customers) >= 20
        kinds = set(session.scalars(sa.select(m.Interaction.kind).distinct()))
        assert {"complaint", "purchase", "plan_change", "survey", "retention"} <= {k.value for k in kinds}

        late = session.scalar(sa.select(sa.func.count()).where(m.BillingEvent.kind == "late_payment"))
        rises = session.scalars(sa.select(m.BillingEvent).where(m.BillingEvent.kind == "price_change")).all()
        assert late > 0 and rises
        assert all(r.amount > r.previous_amount for r in rises)
        assert all(isinstance(r.amount, Decimal) for r in rises)

        calls = session.scalars(sa.select(m.RetentionCall)).all()
        assert calls and {c.disposition_code for c in calls} >= {"saved", "cancelled"}
        assert all(c.ended_at > c.started_at for c in calls)
        cancelled = [c for c in calls if c.disposition_code == "cancelled"]
        assert all(c.confirmation_number for c in cancelled)

        assert session.scalar(sa.select(sa.func.count()).select_from(m.Agent)) > 10
        assert session.scalar(sa.select(sa.func.count()).select_from(m.SurveyResponse)) > 0
    engine.dispose()


def test_foreign_keys_hold(demo_db: str) -> None:
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_postgresql_keeps_its_foreign_keys_after_the_load(pg_url: str) -> None:
    engine = _fresh(pg_url)
    demo.generate(engine, 60, seed=2, as_of=AS_OF)
    try:
        assert migrate.schema_differences(engine) == []
        with engine.begin() as connection, pytest.raises(sa.exc.IntegrityError):
            connection.execute(sa.text(
                "INSERT INTO interactions (id, created_at, customer_id, kind, channel, direction, "
                "occurred_at, subject, pinned) VALUES (gen_random_uuid(), now(), gen_random_uuid(), "
                "'call', 'phone', 'inbound', now(), 'x', false)"))
    finally:
        engine.dispose()


def test_refuses_a_database_that_has_customers(demo_db: str) -> None:
    engine = make_engine(demo_db)
    with pytest.raises(ValueError, match="already has customers"):
        demo.generate(engine, 10, seed=1, as_of=date(2026, 1, 1))
    with engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.Customer)) == 400
    engine.dispose()


def test_batches_made_in_helper_processes_match_in_process(tmp_path, monkeypatch) -> None:
    """Three batches or more go through spawned helpers; the data must not change."""
    monkeypatch.setattr(demo, "BATCH_CUSTOMERS", 40)
    parallel = _fresh(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    demo.generate(parallel, 130, seed=9, as_of=AS_OF)
    monkeypatch.setattr(demo, "PARALLEL_MIN_BATCHES", 10**9)
    serial = _fresh(f"sqlite:///{tmp_path / 's.sqlite3'}")
    demo.generate(serial, 130, seed=9, as_of=AS_OF)
    try:
        assert len(_customer_rows(parallel)) == 130
        assert _customer_rows(parallel) == _customer_rows(serial)
    finally:
        parallel.dispose()
        serial.dispose()
