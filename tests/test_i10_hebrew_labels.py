"""Wrap-up labels in Hebrew carry no slash forms, on new databases and on upgraded ones."""

from __future__ import annotations

import sqlalchemy as sa

from agent_desk.data import demo, migrate
from agent_desk.data.db import make_engine
from agent_desk.data.reference import CANCELLATION_REASONS, DISPOSITIONS
from agent_desk.scripts.lint import SLASH_FORM
from tests.conftest import AS_OF


def _labels(engine: sa.Engine, table: str) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text(f"SELECT code, label_he FROM {table}")).all())


def test_starter_labels_read_without_slash_forms() -> None:
    labels = [he for _code, he, *_ in DISPOSITIONS] + [he for _c, _p, he, *_ in CANCELLATION_REASONS]
    assert [label for label in labels if SLASH_FORM.search(label)] == []


def test_upgrade_relabels_starter_rows_and_keeps_an_admins_own_label(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        migrate.upgrade(engine)
        demo.generate(engine, 5, seed=3, as_of=AS_OF)
        migrate.downgrade(engine, "0010")  # a desk database from before the fix
        assert _labels(engine, "dispositions")["saved"] == "נשמר/ה"
        with engine.begin() as connection:  # an admin had renamed one in the meantime
            connection.execute(sa.text("UPDATE dispositions SET label_he = 'הלקוח נשאר' WHERE code = 'undecided'"))

        migrate.upgrade(engine)

        dispositions = _labels(engine, "dispositions")
        assert dispositions["saved"] == "שימור"
        assert dispositions["not_account_holder"] == "לא מבעלי החשבון"
        assert dispositions["undecided"] == "הלקוח נשאר"
        assert _labels(engine, "cancellation_reasons")["no_longer_needed"] == "כבר אין צורך בשירות"
    finally:
        engine.dispose()
