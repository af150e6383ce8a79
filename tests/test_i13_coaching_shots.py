"""Screenshots at 1366x768, Hebrew and English: the lead's coaching tab with a dispute open,
the QA review form over it, the agent's My reviews, and the lead's live approvals queue with
the customer's summary and the agent's authority beside the chosen request.

The images go to a temporary folder; with ``AGENT_DESK_SHOTS=docs/screenshots`` they are the
ones in the docs. Every string comes from the real catalogs, as users get it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from agent_desk import coaching
from agent_desk.coaching import Coaching
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.ui import i18n
from agent_desk.ui.coaching_view import MyReviewsView, select_row
from agent_desk.ui.lead_view import LeadView
from agent_desk.ui.qa_review import QaReviewDialog
from agent_desk.ui.tasks import TaskRunner
from tests.test_i13_approvals_live import _with_a_subscription, ask_above_authority
from tests.test_i13_coaching_rls import _desk, build_floor

SIZE = (1366, 768)
HEBREW_NAMES = {"dana": "דנה כהן", "eli": "אלי מזרחי", "omer": "עומר לוי", "lea": "לאה שפירא",
                "noa": "נועה פרץ", "sam": "סמי ביטון", "ada": "עדה קליין"}


def laid_out() -> None:
    """Labels whose text just changed are laid out again before the picture (not cut short)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _coached_floor(url: str) -> dict:
    ids = build_floor(url)
    _with_a_subscription(url, ids)
    engine = make_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        # The floor's calls all end at one moment; here each lasts a few minutes, as calls do.
        for n, call in enumerate(session.scalars(sa.select(m.RetentionCall).order_by(m.RetentionCall.started_at))):
            call.ended_at = call.started_at + timedelta(minutes=4 + 3 * n, seconds=17 * n)
        for username, name in HEBREW_NAMES.items():
            session.execute(sa.update(m.Agent).where(m.Agent.username == username).values(display_name=name))
        # A few weeks of reviews for Eli, so the list has figures beside the open dispute.
        for days, scores in ((20, (4, 4, 3, 3, 1, 4)), (9, (5, 4, 4, 4, 1, 5))):
            call = m.RetentionCall(customer_id=ids["customer"], agent_id=ids["eli"],
                                   started_at=now - timedelta(days=days), submitted_at=now - timedelta(days=days),
                                   primary_reason_code="price", disposition_code="saved")
            session.add(call)
            session.flush()
            rubric = coaching.current_rubric(session)
            review = coaching.save_review(session, call.id, ids["lea"],
                                          dict(zip([c.code for c in rubric.criteria], scores, strict=True)),
                                          "הצעה מתאימה, כדאי לסכם את התנאים בסוף השיחה",
                                          now=now - timedelta(days=days - 1))
            coaching.answer_review(session, review, ids["eli"], False, "")
    engine.dispose()
    return ids


@pytest.mark.parametrize("language", ["he", "en"])
def test_screenshots_of_coaching_and_the_live_queue(qtbot, qapp, tmp_path, language) -> None:
    out = Path(os.environ.get("AGENT_DESK_SHOTS") or tmp_path)
    url = f"sqlite:///{tmp_path / 'shots.sqlite3'}"
    ids = _coached_floor(url)
    translators = i18n.install(qapp, language)
    runner = TaskRunner()
    lea, lea_engine = _desk(url, "lea")
    dana, dana_engine = _desk(url, "dana")
    try:
        # Dana's call reviewed, Dana disputes it; a request of hers waits for the lead.
        review = Coaching(lea).save_review(ids["call_dana"], {"opening": 5, "discovery": 4, "offer_fit": 2,
                                                              "objections": 3, "compliance": 1, "closing": 4},
                                           "ההצעה הגיעה מאוחר מדי; קודם לברר מה המתחרה הציע")
        Coaching(dana).answer(review, True, "הלקוחה כבר חתמה אצל המתחרה לפני השיחה")
        ask_above_authority(url, ids["dana"], ids["customer"])

        view = LeadView(runner)
        qtbot.addWidget(view)
        view.resize(*SIZE)
        view.show()
        errors = []
        view.failed.connect(errors.append)
        view.set_desk(lea)
        qtbot.waitUntil(lambda: errors or view.approval_model.rowCount(), timeout=20_000)
        assert not errors
        view.refresh()  # the last 30 days under the queue
        qtbot.waitUntil(lambda: view.log_model.rowCount() > 0, timeout=20_000)
        qtbot.waitUntil(lambda: view.approval_model.rowCount() == 1 and view.request_context.text() != "",
                        timeout=20_000)
        # Laid out before the picture: the two lines beside the request have their room.
        lines = view.request_context.fontMetrics().lineSpacing() * 2
        qtbot.waitUntil(lambda: view.request_context.height() >= lines, timeout=5000)
        laid_out()
        assert view.grab().save(str(out / f"approvals-live-{language}.png"))

        view.tabs.setCurrentWidget(view.coaching_page)
        qtbot.waitUntil(lambda: view.coaching.agents_model.rowCount() == 2, timeout=20_000)
        coach = view.coaching
        dana_row = next(r for r in range(coach.agents_model.rowCount())
                        if coach.agents_model.row_at(r).agent_id == ids["dana"])
        select_row(coach.agents, coach.agents.model().mapFromSource(coach.agents_model.index(dana_row, 0)).row())
        qtbot.waitUntil(lambda: coach.reviews_model.rowCount() == 1 and coach.calls_model.rowCount() == 2,
                        timeout=20_000)
        select_row(coach.reviews)
        qtbot.waitUntil(lambda: coach.review_text.toPlainText() != "", timeout=5000)
        laid_out()
        assert view.grab().save(str(out / f"coaching-{language}.png"))

        # The form over the lead view, as the lead sees it, on Dana's other call.
        dialog = QaReviewDialog.open_for(runner, Coaching(lea), ids["call_dana_last"], view)
        qtbot.waitUntil(lambda: dialog.form.isEnabled() and len(dialog.form.scores) == 6, timeout=20_000)
        for code, value in (("opening", 5), ("discovery", 5), ("offer_fit", 4), ("objections", 4)):
            dialog.form.scores[code].setValue(value)
        dialog.form.comments.setPlainText("בירור מצוין של הסיבה; לסכם את תנאי ההצעה בסוף")
        laid_out()
        base = view.grab()
        painter = QPainter(base)
        form = dialog.grab()
        corner = QPoint((SIZE[0] - form.width()) // 2, (SIZE[1] - form.height()) // 2)
        painter.drawPixmap(corner, form)
        painter.setPen(QPen(QColor("#444444"), 2))  # the dialog's edge (a grab has no window frame)
        painter.drawRect(corner.x(), corner.y(), form.width(), form.height())
        painter.end()
        assert base.save(str(out / f"qa-review-{language}.png"))
        dialog.close()

        mine = MyReviewsView(runner)
        qtbot.addWidget(mine)
        mine.resize(*SIZE)
        mine.set_coaching(Coaching(dana))
        mine.show()
        # A second, fresh review waits for her answer.
        Coaching(lea).save_review(ids["call_dana_last"], {"opening": 5, "discovery": 5, "offer_fit": 4,
                                                          "objections": 4, "compliance": 1, "closing": 5},
                                  "בירור מצוין של הסיבה; לסכם את תנאי ההצעה בסוף")
        with qtbot.waitSignal(mine.refreshed, timeout=20_000):
            mine.refresh()
        assert mine.title.text() != "" and mine.model.rowCount() == 2
        laid_out()
        assert mine.grab().save(str(out / f"my-reviews-{language}.png"))
        view.approvals_timer.stop()
        runner.wait()
    finally:
        runner.close()
        lea_engine.dispose()
        dana_engine.dispose()
        for translator in translators:
            qapp.removeTranslator(translator)
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        qapp.setProperty("agent_desk_language", None)
