"""Migrations give exactly the models' schema, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from agent_desk.data import migrate
from agent_desk.data.db import make_engine
from agent_desk.data.models import Base


def test_empty_to_head_matches_models_then_down_and_up_again(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        assert migrate.schema_state(engine).is_empty
        migrate.upgrade(engine)
        assert migrate.schema_state(engine).is_current
        assert migrate.schema_differences(engine) == []
        assert set(sa.inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}

        migrate.downgrade(engine, "base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        assert migrate.schema_state(engine).is_empty

        migrate.upgrade(engine)
        assert migrate.schema_differences(engine) == []
    finally:
        engine.dispose()


def test_a_model_change_without_a_migration_is_caught(tmp_path) -> None:
    """The check above can fail: a column the migrations do not create is reported."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    migrate.upgrade(engine)
    column = sa.Column("nickname", sa.String(40))
    table = Base.metadata.tables["customers"]
    table.append_column(column)
    try:
        differences = migrate.schema_differences(engine)
    finally:
        table._columns.remove(column)  # leave the shared metadata as it was
        engine.dispose()
    assert any("nickname" in str(diff) for diff in differences)


def test_one_linear_history() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    for revision in script.walk_revisions():
        assert not revision.is_merge_point


def test_every_constraint_and_index_is_named(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    migrate.upgrade(engine)
    inspector = sa.inspect(engine)
    try:
        for table in Base.metadata.tables:
            for fk in inspector.get_foreign_keys(table):
                assert fk["name"], f"unnamed foreign key on {table}"
            for index in inspector.get_indexes(table):
                assert index["name"]
            for unique in inspector.get_unique_constraints(table):
                assert unique["name"], f"unnamed unique constraint on {table}"
            if engine.dialect.name == "postgresql":
                assert inspector.get_pk_constraint(table)["name"] == f"pk_{table}"
    finally:
        engine.dispose()
