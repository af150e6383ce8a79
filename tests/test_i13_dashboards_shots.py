"""Screenshots of the dashboards and the script funnel at 1366x768, Hebrew and English, on a
desk with four months of calls walked through a real script (two published versions).

The images go to a temporary folder; with ``AGENT_DESK_SHOTS=docs/screenshots`` they are the
ones in the docs. Every string comes from the real catalogs, as users get it.
"""

from __future__ import annotations

import os
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QLocale, Qt
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.data import dashboards as db
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.scripts.model import StepKind
from agent_desk.scripts.publish import load_version, publish
from agent_desk.ui import i18n
from agent_desk.ui.dashboard_view import DashboardView
from agent_desk.ui.tasks import TaskRunner
from agent_desk.wrapup import ISRAEL

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)
AGENTS = {"North": ("אבי כהן", "בת-אל לוי", "דנה מזרחי", "יוסי פרץ"),
          "South": ("חן אברהם", "מיכל ביטון", "עומר דהן", "נועה שפירא")}


def _walk(script, rng: random.Random, bias: float) -> tuple[list[dict], str]:
    """A random walk through the script: the path as the runner stores it, and an outcome."""
    path: list[dict] = []
    step = script.steps[script.start.step]
    for _ in range(30):
        if step.kind == StepKind.END:
            path.append({"step": step.id})
            code = step.code.value if step.code else None
            return path, code or rng.choice(("saved", "cancelled"))
        if step.kind in (StepKind.BRANCH,):
            arms = step.arms
            nxt = rng.choice(arms).next if arms and rng.random() < 0.4 else step.default or arms[0].next
        elif step.kind in (StepKind.ACTION, StepKind.RETURN):
            if step.code and step.action and step.action.value == "set_disposition":
                path.append({"step": step.id})
                return path, step.code.value
            nxt = step.next
        else:
            answers = [a for a in step.answers if a.key != "cancel"] or list(step.answers)
            weights = [1 + bias * (i == 0) for i in range(len(answers))]
            answer = rng.choices(answers, weights)[0]
            path.append({"step": step.id, "answer": answer.key})
            nxt = answer.next
        if nxt is None or nxt.step not in script.steps:
            break
        step = script.steps[nxt.step]
    return path, rng.choice(("saved", "cancelled", "saved_with_offer"))


def build_desk(url: str, tmp: Path) -> tuple[sa.Engine, uuid.UUID, uuid.UUID, uuid.UUID]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    rng = random.Random(13)
    source = (ROOT / "resources" / "call_scripts" / "too_expensive.yaml").read_text(encoding="utf-8")
    second = tmp / "too_expensive.yaml"
    second.write_text(source.replace("תודה שאמרת לי את זה ישר.", "תודה שסיפרת לי.")
                      .replace("Thank you for telling me straight", "Thank you for telling me"), encoding="utf-8")
    with Session(engine) as session, session.begin():
        demo.ensure_reference_data(session)
        v1 = publish(session, ROOT / "resources" / "call_scripts" / "too_expensive.yaml")
        v2 = publish(session, second)
        teams, agents = {}, []
        for team_name, names in AGENTS.items():
            team = m.Team(name=team_name)
            session.add(team)
            session.flush()
            teams[team_name] = team.id
            for n, name in enumerate(names):
                agent = m.Agent(username=f"{team_name.lower()}{n}", display_name=name, role=d.Role.AGENT,
                                team_id=team.id)
                session.add(agent)
                agents.append(agent)
        product = session.scalars(sa.select(m.Product)).first()
        offers = list(session.scalars(sa.select(m.Offer).order_by(m.Offer.code)))[:5]
        customers = []
        for n in range(400):
            c = m.Customer(account_number=f"S{n:05d}", first_name="לקוח", last_name=str(n),
                           customer_since=date(2020, 1, 1))
            session.add(c)
            customers.append(c)
        session.flush()
        for n, c in enumerate(customers):
            session.add(m.Subscription(customer_id=c.id, product_id=product.id, monthly_price=Decimal(80 + n % 120),
                                       started_on=date(2021, 1, 1), status=d.SubscriptionStatus.ACTIVE))
        scripts = {v1.id: load_version(session, v1.id), v2.id: load_version(session, v2.id)}
        for _ in range(1600):
            day = TODAY - timedelta(days=rng.randrange(120))
            at = datetime(day.year, day.month, day.day, rng.randrange(8, 20), rng.randrange(60),
                          tzinfo=ISRAEL).astimezone(UTC)
            agent = rng.choice(agents)
            version = v2.id if day > TODAY - timedelta(days=60) or rng.random() < 0.3 else v1.id
            path, outcome = _walk(scripts[version], rng, 2.0 if version == v2.id else 0.5)
            if session.get(m.Disposition, outcome) is None or rng.random() < (0.3 if version == v1.id else 0.22):
                outcome = "cancelled"
            talk = rng.randrange(180, 900)
            customer = rng.choice(customers)
            call = m.RetentionCall(agent_id=agent.id, customer_id=customer.id, started_at=at,
                                   ended_at=at + timedelta(seconds=talk),
                                   wrapup_ended_at=at + timedelta(seconds=talk + rng.randrange(30, 200)),
                                   primary_reason_code=rng.choice(("too_expensive", "price_rise", "competitor")),
                                   disposition_code=outcome, script_version_id=version,
                                   script_path=[{**mv, "at": at.isoformat()} for mv in path],
                                   submitted_at=at + timedelta(seconds=talk + 240),
                                   still_active_90d=(rng.random() < 0.72)
                                   if outcome in ("saved", "saved_with_offer", "downgraded")
                                   and day < TODAY - timedelta(days=90) else None)
            session.add(call)
            session.flush()
            if outcome in ("saved_with_offer", "downgraded") or (outcome == "cancelled" and rng.random() < 0.5):
                offer = rng.choice(offers)
                session.add(m.OfferPresentation(
                    call_id=call.id, offer_id=offer.id, customer_id=customer.id, presented_at=at,
                    response="accepted" if outcome != "cancelled" else "declined", responded_at=at,
                    cost=Decimal(rng.randrange(20, 240))))
        made = engine, teams["North"], v1.id, v2.id
    return made


@pytest.mark.slow
@pytest.mark.parametrize("language", ["he", "en"])
def test_screenshots_of_the_dashboards_and_the_funnel(qtbot, qapp, tmp_path, language) -> None:
    out = Path(os.environ.get("AGENT_DESK_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    engine, north, v1, v2 = build_desk(f"sqlite:///{tmp_path / 'shots.sqlite3'}", tmp_path)
    translators = i18n.install(qapp, language)
    runner = TaskRunner()
    try:
        view = DashboardView(runner)
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.set_range(TODAY - timedelta(days=119), TODAY)
        view.dimension.setCurrentIndex(view.dimension.findData(db.Dimension.TEAM.value))
        view.show()
        with qtbot.waitSignal(view.loaded, timeout=30_000):
            view.set_source(db.DashboardService(sessionmaker(engine), None))
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
        shot = view.grab()
        assert shot.width() == 1366 and shot.height() == 768
        assert shot.save(str(out / f"dashboards-{language}.png"))

        view.tabs.setCurrentWidget(view.funnel)
        view.funnel.select(v1, v2)
        with qtbot.waitSignal(view.funnel.compared, timeout=30_000):
            view.funnel.compare()
        # The step names are laid out beside the bars once the chart has sized its axis.
        axis = view.funnel.chart.getAxis("left")
        qtbot.waitUntil(lambda: runner.pending == 0 and axis.geometry().width() > 60, timeout=10_000)
        assert view.funnel.models["a"].rowCount() > 5
        assert view.funnel.comparison.a.calls + view.funnel.comparison.b.calls == 1600
        assert view.grab().save(str(out / f"funnel-{language}.png"))
    finally:
        runner.close()
        for translator in translators:
            qapp.removeTranslator(translator)
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        qapp.setProperty("agent_desk_language", None)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        engine.dispose()
