"""The churn-risk model learned from the desk's history (issue 15, item 3).

A synthetic history with a planted signal (complaints before leaving, a month-to-month
contract, many support minutes) must be recovered with the right signs; what happens at or
after a cancellation must not leak into the facts; the stored model scores the same in the
desk without scikit-learn; training refuses clearly when it cannot learn; ``risk evaluate``
prints the AUC of a labelled file and writes nothing. SQLite and PostgreSQL where the
database matters.
"""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
import sys
import textwrap
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.cli import main
from agent_desk.data import demo, migrate, queries
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.risk import training
from agent_desk.risk.history import labelled_cases
from agent_desk.risk.metrics import roc_auc
from agent_desk.risk.model import active_model
from tests.conftest import AS_OF

CONTRACT = "סוג חוזה"  # a Hebrew header, kept as the attribute's name
MINUTES = "support_minutes"
APP = "has_app"


def _moment(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _planted_logit(complaints: int, contract: str, minutes: float) -> float:
    return -2.4 + 0.9 * complaints + 1.4 * (contract == "monthly") + 0.03 * (minutes - 50)


def _draw(rng: random.Random) -> tuple[int, str, float, bool]:
    complaints = rng.choices((0, 1, 2, 3), (55, 25, 13, 7))[0]
    contract = rng.choice(("monthly", "yearly"))
    minutes = round(max(rng.gauss(50, 20), 0), 1)
    cancelled = rng.random() < 1 / (1 + math.exp(-_planted_logit(complaints, contract, minutes)))
    return complaints, contract, minutes, cancelled


def build_history(url: str, customers: int, seed: int = 7, *, all_active: bool = False,
                  leak: str | None = None) -> dict[str, uuid.UUID]:
    """A migrated database with ``customers`` customers whose outcome follows the planted logit.

    A cancelled customer's complaints come in the 50 days before the cancellation call; the
    call itself and three follow-up contacts come at and after it (what must not leak).
    Everyone has 0-2 ordinary calls in the month before their as-of moment. ``leak`` names
    an attribute only leavers have (a churn reason, written after the fact).
    """
    rng = random.Random(seed)
    engine = make_engine(url)
    migrate.upgrade(engine)
    ids: dict[str, uuid.UUID] = {}
    try:
        with Session(engine) as session, session.begin():
            product = m.Product(code="NET", category=d.ProductCategory.INTERNET, name_he="אינטרנט",
                                name_en="Internet", list_price=Decimal("99.90"))
            session.add(product)
            session.flush()
            for n in range(customers):
                complaints, contract, minutes, cancelled = _draw(rng)
                cancelled = cancelled and not all_active
                since = AS_OF - timedelta(days=rng.randint(400, 3000))
                moment = _moment(AS_OF - timedelta(days=rng.randint(20, 200))) if cancelled else _moment(AS_OF, 8)
                customer = m.Customer(
                    account_number=f"{30_000_000 + n}", first_name="לקוח", last_name=f"מספר {n}",
                    customer_since=since, status=d.CustomerStatus.CANCELLED if cancelled else d.CustomerStatus.ACTIVE)
                session.add(customer)
                session.flush()
                ids.setdefault("cancelled" if cancelled else "active", customer.id)
                session.add(m.Subscription(
                    customer_id=customer.id, product_id=product.id, monthly_price=Decimal("99.90"),
                    started_on=since,
                    status=d.SubscriptionStatus.CANCELLED if cancelled else d.SubscriptionStatus.ACTIVE,
                    cancel_requested_at=moment if cancelled else None,
                    ended_on=moment.date() + timedelta(days=10) if cancelled else None))
                events = [(d.InteractionKind.COMPLAINT, moment - timedelta(days=rng.randint(1, 50)))
                          for _ in range(complaints)]
                events += [(d.InteractionKind.CALL, moment - timedelta(days=rng.randint(1, 29)))
                           for _ in range(rng.choice((0, 1, 2)))]
                if cancelled:
                    events.append((d.InteractionKind.RETENTION, moment))
                    events += [(d.InteractionKind.CALL, moment + timedelta(days=k)) for k in (1, 2, 3)]
                for kind, at in events:
                    session.add(m.Interaction(customer_id=customer.id, kind=kind, channel=d.Channel.PHONE,
                                              direction=d.Direction.INBOUND, occurred_at=at, subject="שיחה"))
                session.add_all([
                    m.CustomerAttribute(customer_id=customer.id, name=CONTRACT, kind="text", text_value=contract),
                    m.CustomerAttribute(customer_id=customer.id, name=MINUTES, kind="number", number_value=minutes),
                    m.CustomerAttribute(customer_id=customer.id, name=APP, kind="bool", bool_value=rng.random() < 0.5),
                ])
                if leak and cancelled:
                    session.add(m.CustomerAttribute(customer_id=customer.id, name=leak, kind="text",
                                                    text_value=rng.choice(("מחיר", "שירות"))))
            if not all_active:
                m_ids = session.scalars(sa.select(m.Customer.id).where(m.Customer.status == d.CustomerStatus.ACTIVE)
                                        .order_by(m.Customer.account_number).limit(1)).all()
                ids["active"] = m_ids[0]
    finally:
        engine.dispose()
    return ids


def _feature(result: training.TrainingResult, key: str):
    return next(f for f in result.model.features if f.key == key)


def test_training_recovers_a_planted_signal_and_the_desk_scores_with_it(any_db_url: str) -> None:
    ids = build_history(any_db_url, 700)
    engine = make_engine(any_db_url)
    try:
        with Session(engine) as session, session.begin():
            result = training.train(session, AS_OF)
            stored = training.store(session, result)
            assert stored.version == 1
        assert result.auc_holdout > 0.8, result.auc_holdout
        assert result.train_rows + result.holdout_rows == 700
        assert abs(result.holdout_rows - 175) <= 1
        assert _feature(result, "complaints_60d").weight > 0.3  # planted +0.9 per complaint
        assert _feature(result, f"{CONTRACT}: monthly").weight > _feature(result, f"{CONTRACT}: yearly").weight + 0.5
        assert _feature(result, MINUTES).weight > 0
        # The cancellation call and the contacts after it are cut off: contacts say nothing.
        effects = dict((f.key, effect) for f, effect in result.top_factors(limit=100))
        assert abs(effects.get("contacts_30d", 0.0)) < 0.4, effects
        assert result.auc_baseline > 0.6 and result.auc_hand_set is None  # no churn_weights in this database

        with Session(engine) as session:
            model = active_model(session)
            assert model is not None and model.version == 1 and model.auc_holdout == pytest.approx(result.auc_holdout)
            case = next(c for c in labelled_cases(session, AS_OF).cases if c.cancelled)
            assert model.score(case.facts, case.attributes).probability == pytest.approx(
                result.model.score(case.facts, case.attributes).probability, rel=1e-12)
            # The 360 explains the learned score, custom attributes labelled by their name.
            profile = queries.load_profile(session, ids["active"])
            history = queries.load_history(session, profile, AS_OF)
            factors = {c.factor for c in history.risk.contributions}
            assert {f"{CONTRACT}: monthly", MINUTES, "complaints_60d"} <= factors
            assert history.risk_labels[f"{CONTRACT}: monthly"] == (f"{CONTRACT}: monthly", f"{CONTRACT}: monthly")
            assert history.risk_labels["complaints_60d"][1] == "Complaints in the last 60 days"
            total = model.intercept + sum(c.log_odds for c in history.risk.contributions)
            assert history.risk.probability == pytest.approx(1 / (1 + math.exp(-total)))
    finally:
        engine.dispose()


def test_a_cancelled_customer_is_seen_as_of_the_cancellation_request(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    ids = build_history(url, 60, seed=3)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            requested = session.scalar(sa.select(m.Subscription.cancel_requested_at)
                                       .where(m.Subscription.customer_id == ids["cancelled"]))
            times = session.scalars(sa.select(m.Interaction.occurred_at)
                                    .where(m.Interaction.customer_id == ids["cancelled"])).all()
            before = sum(1 for at in times if at < requested and (requested.date() - at.date()).days <= 30)
            assert len(times) > before  # the cancellation call and three contacts after it
            cases = labelled_cases(session, AS_OF, only={ids["cancelled"], ids["active"]}).cases
        gone = next(c for c in cases if c.cancelled)
        stayed = next(c for c in cases if not c.cancelled)
        assert gone.customer_id == ids["cancelled"] and gone.as_of == requested.date() < AS_OF
        assert gone.facts.contacts_30d == before  # not the cancellation call, nor the three after it
        assert gone.facts.products == 1 and gone.facts.monthly_price == pytest.approx(99.9)
        assert stayed.as_of == AS_OF and stayed.attributes[CONTRACT] in ("monthly", "yearly")
    finally:
        engine.dispose()


def test_the_desk_scores_a_stored_model_without_scikit_learn_or_numpy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    ids = build_history(url, 300, seed=11)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        training.store(session, training.train(session, AS_OF))
    engine.dispose()
    script = textwrap.dedent(f"""
        import json, sys, uuid
        from datetime import date
        from sqlalchemy.orm import Session
        from agent_desk.data import queries
        from agent_desk.data.db import make_engine
        engine = make_engine({url!r})
        with Session(engine) as session:
            profile = queries.load_profile(session, uuid.UUID({str(ids["cancelled"])!r}))
            history = queries.load_history(session, profile, date.fromisoformat({AS_OF.isoformat()!r}))
        print(json.dumps({{"percent": history.risk.percent, "factors": [c.factor for c in history.risk.contributions],
                          "heavy": sorted(n for n in ("sklearn", "numpy", "scipy") if n in sys.modules)}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["heavy"] == [] and 0 <= answer["percent"] <= 100
    assert {"complaints_60d", f"{CONTRACT}: monthly", MINUTES} <= set(answer["factors"])


@pytest.mark.parametrize(("customers", "all_active", "why"), [
    (40, False, r"only 40 customers have a known outcome; training needs at least 100"),
    (150, True, r"all 150 customers with a known outcome are still active: the model needs both"),
])
def test_training_refuses_in_one_line_when_it_cannot_learn(any_db_url: str, capsys, customers: int,
                                                            all_active: bool, why: str) -> None:
    build_history(any_db_url, customers, all_active=all_active)
    assert main(["risk", "train", "--url", any_db_url, "--as-of", AS_OF.isoformat()]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and re.search(why, err), err
    engine = make_engine(any_db_url)
    try:
        with engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.RiskModel)) == 0
    finally:
        engine.dispose()


def test_an_attribute_written_after_the_outcome_is_named_and_can_be_left_out(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'leak.sqlite3'}"
    build_history(url, 400, seed=8, leak="סיבת ניתוק")
    command = ["risk", "train", "--url", url, "--as-of", AS_OF.isoformat(), "--dry-run"]
    assert main(command) == 0
    out, err = capsys.readouterr()
    assert "attribute 'סיבת ניתוק' alone separates cancelled from active customers" in err
    assert "--without 'סיבת ניתוק'" in err and "dry run: nothing stored" in out
    assert main([*command, "--without", "סיבת ניתוק"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "סיבת ניתוק" not in out
    assert _table_counts(url)["risk_models"] == 0


def _labelled_file(path: Path, rows: int, seed: int) -> None:
    """A customers export in the CRM's own words: Hebrew headers and statuses, tenure in months."""
    rng = random.Random(seed)
    lines = ["מספר לקוח,ותק בחודשים,סטטוס,סוג חוזה,support_minutes,has_app"]
    for n in range(rows):
        _complaints, contract, minutes, cancelled = _draw(rng)
        lines.append(f"X{n},{rng.randint(13, 98)},{'מנותק' if cancelled else 'פעיל'},{contract},{minutes},"
                     f"{rng.choice(('yes', 'no'))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


MAPPING = """\
kind = "customers"
export_date = 2026-11-01

[columns]
"מספר לקוח" = "external_ref"
"ותק בחודשים" = { field = "customer_since", tenure_months = true }
"סטטוס" = { field = "status", values = { "פעיל" = "active", "מנותק" = "cancelled" } }
"""


def _table_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                    for name, table in m.Base.metadata.tables.items()}
    finally:
        engine.dispose()


def test_evaluate_prints_the_auc_of_a_labelled_file_and_writes_nothing(any_db_url: str, tmp_path: Path,
                                                                       capsys) -> None:
    build_history(any_db_url, 500, seed=5)
    assert main(["risk", "train", "--url", any_db_url, "--as-of", AS_OF.isoformat()]) == 0
    trained = capsys.readouterr().out
    assert re.search(r"^held-out AUC 0\.\d{4} ", trained, re.M) and re.search(r"^baseline AUC 0\.\d{4} ", trained, re.M)
    assert "stored as risk model version 1" in trained
    export, mapping = tmp_path / "holdout.csv", tmp_path / "crm.toml"
    _labelled_file(export, 400, seed=99)
    mapping.write_text(MAPPING, encoding="utf-8")
    before = _table_counts(any_db_url)
    assert main(["risk", "evaluate", str(export), "--mapping", str(mapping), "--url", any_db_url,
                 "--as-of", AS_OF.isoformat()]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    last = out.strip().splitlines()[-1]
    assert re.fullmatch(r"AUC 0\.\d{4}", last), out
    # The file has no contact history, but the contract and the support minutes still tell.
    assert float(last.split()[1]) > 0.65
    assert "scored 400 customers" in out
    assert _table_counts(any_db_url) == before


def test_evaluate_needs_a_model_and_both_outcomes(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'eval.sqlite3'}"
    build_history(url, 200, seed=2)
    export, mapping = tmp_path / "all-active.csv", tmp_path / "crm.toml"
    export.write_text("מספר לקוח,ותק בחודשים,סטטוס,סוג חוזה\nA1,12,פעיל,monthly\nA2,30,פעיל,yearly\n",
                      encoding="utf-8")
    mapping.write_text(MAPPING, encoding="utf-8")
    command = ["risk", "evaluate", str(export), "--mapping", str(mapping), "--url", url]
    assert main(command) == 1
    assert "no trained risk model in the database: run 'agent-desk risk train' first" in capsys.readouterr().err
    assert main(["risk", "train", "--url", url, "--as-of", AS_OF.isoformat()]) == 0
    capsys.readouterr()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "all 2 scored rows are active; the AUC needs both" in err
    assert main(["risk", "evaluate", str(tmp_path / "missing.csv"), "--mapping", str(mapping), "--url", url]) == 1
    assert "missing.csv: no such file" in capsys.readouterr().err


def test_the_demo_history_teaches_a_plausible_model(tmp_path: Path) -> None:
    """Demo leavers' histories stop at the cancellation call with the usual warning signs."""
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        migrate.upgrade(engine)
        demo.generate(engine, 2500, seed=4, as_of=AS_OF)
        with Session(engine) as session:
            result = training.train(session, AS_OF)
    finally:
        engine.dispose()
    assert result.cancelled_rows >= 60 and result.auc_holdout > 0.75
    for factor in ("complaints_60d", "low_satisfaction", "price_rise_pct"):
        assert _feature(result, factor).weight > 0, factor


def test_roc_auc_agrees_with_scikit_learn_ties_included() -> None:
    from sklearn.metrics import roc_auc_score

    rng = random.Random(1)
    labels = [rng.random() < 0.3 for _ in range(500)]
    scores = [round(rng.random() + 0.3 * y, 1) for y in labels]  # rounded: many ties
    assert roc_auc(labels, scores) == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
    with pytest.raises(ValueError, match="both outcomes"):
        roc_auc([1, 1], [0.2, 0.3])
