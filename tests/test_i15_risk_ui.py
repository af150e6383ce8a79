"""The caller 360 on a database with a learned risk model: the badge and the Risk tab show the
learned score and every one of its factors, labelled (issue 15, item 3)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.risk import training
from tests.conftest import AS_OF

WAIT_MS = 30_000


def _trained_demo(path: Path) -> tuple[str, int, str]:
    """(url, number of the model's factors, a single-owner active caller's number)."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        demo.generate(engine, 1500, seed=4, as_of=AS_OF)
        with Session(engine) as session, session.begin():
            result = training.train(session, AS_OF)
            training.store(session, result)
            owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
            e164 = session.scalar(
                sa.select(m.CustomerPhone.e164).join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
                .where(m.CustomerPhone.e164.in_(owners), m.Customer.status == d.CustomerStatus.ACTIVE)
                .order_by(m.Customer.account_number).limit(1))
    finally:
        engine.dispose()
    return url, len(result.model.features), e164


def test_the_360_shows_the_learned_score_and_its_factors(open_desk, qtbot, tmp_path: Path) -> None:
    url, factors, e164 = _trained_demo(tmp_path / "trained.sqlite3")
    window = open_desk(url, "en")
    view = window.agent_view
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(e164)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    assert view.header.risk.text().startswith("Churn risk ") and view.header.risk.text().endswith("%")
    table = view.caller.risk_model
    assert table.rowCount() == factors > 8  # the learned facts, not the eight hand-set ones
    labels = {table.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(table.rowCount())}
    assert {"Live products", "Monthly bill (₪)", "Complaints in the last 60 days"} <= labels
