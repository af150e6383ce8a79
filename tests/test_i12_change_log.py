"""Migration 0020: the sync change-log trigger reads the changed rows' columns instead of their
JSON. A desk's pull finds rows by these change rows, so they must be exactly what the JSON
trigger wrote: the same keys (a uuid, a text key), the same tombstones. On real PostgreSQL."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine


def _changes(engine: sa.Engine, team: uuid.UUID, factors: list[str]) -> dict[str, object]:
    """What the change log says of the team and the churn factors, by role."""
    with engine.connect() as connection:
        rows = {(r.table_name, r.row_id): (r.deleted, r.customer_id, r.agent_id) for r in connection.execute(sa.text(
            "SELECT table_name, row_id, deleted, customer_id, agent_id FROM sync_changes "
            "WHERE table_name IN ('teams', 'churn_weights')"))}
    return {"team": rows.get(("teams", str(team))),
            **{f"factor{n}": rows.get(("churn_weights", factor)) for n, factor in enumerate(factors)}}


def _write(engine: sa.Engine, tag: str) -> tuple[uuid.UUID, list[str]]:
    """A team inserted; a factor inserted, one inserted and updated, one inserted and deleted."""
    factors = [f"{tag}_kept", f"{tag}_changed", f"{tag}_gone"]
    team = uuid.uuid4()
    with Session(engine) as session, session.begin():
        session.add(m.Team(id=team, name=f"Team {tag}"))
        session.add_all(m.ChurnWeight(factor=f, weight=0.5, label_he=f, label_en=f) for f in factors)
    with Session(engine) as session, session.begin():
        session.get(m.ChurnWeight, factors[1]).weight = 0.7
        session.delete(session.get(m.ChurnWeight, factors[2]))
    return team, factors


def _tracking(engine: sa.Engine) -> tuple[str, str]:
    with engine.connect() as connection:
        source = connection.scalar(sa.text("SELECT prosrc FROM pg_proc WHERE proname = 'desk_sync_track'"))
        args = connection.scalar(sa.text(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'sync_track_insert' "
            "AND tgrelid = 'public.customer_attributes'::regclass"))
    return source, args


def test_the_change_log_is_the_same_with_the_columns_as_with_the_json(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        migrate.upgrade(engine, "0019")
        json_team, json_factors = _write(engine, "json")
        by_json = _changes(engine, json_team, json_factors)
        migrate.upgrade(engine, "0020")
        team, factors = _write(engine, "columns")
        by_columns = _changes(engine, team, factors)

        assert by_json == by_columns
        assert by_columns == {"team": (False, None, None), "factor0": (False, None, None),
                              "factor1": (False, None, None), "factor2": (True, None, None)}

        columns = source, args = _tracking(engine)
        assert "to_jsonb" not in source
        assert "t.customer_id::text || ''|'' || t.name::text" in args  # a composite key, from columns
        # Down and up again: the JSON trigger comes back whole, then leaves again.
        migrate.downgrade(engine, "0019")
        source, args = _tracking(engine)
        assert "to_jsonb(t)" in source and "(r->>''customer_id'') || ''|'' || (r->>''name'')" in args
        migrate.upgrade(engine)
        assert _tracking(engine) == columns
    finally:
        engine.dispose()
