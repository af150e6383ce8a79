"""Coaching: QA reviews of calls on a rubric kept as data, and the agent's answer (Qt-free).

A team lead scores a teammate's call on the current rubric (``qa_rubrics``: criteria with
a weight and a scale, versioned; ``resources/qa/rubric.yaml``), with comments; the agent
concerned sees it in "My reviews" and acknowledges or disputes it with a comment; the lead's
coaching list shows each agent's reviews, average score and open disputes.

The rules (who may review which call, who may answer, what an answer may change) are
checked here for the embedded SQLite file and held by the database on PostgreSQL (migration
0014: grants, policies and a trigger), so a client that skips this module gains nothing.

:class:`Coaching` is the views' seam: it stands beside the desk (``agent_desk.desk.Desk``),
opens one unit of work per method and returns plain frozen dataclasses. No Qt here.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from agent_desk import domain as d
from agent_desk import safe_yaml
from agent_desk.data import models as m

if TYPE_CHECKING:
    from agent_desk.desk import Desk

RUBRIC_FILE = Path(__file__).resolve().parent.parent / "resources" / "qa" / "rubric.yaml"
SENT, ACKNOWLEDGED, DISPUTED, RESOLVED = "sent", "acknowledged", "disputed", "resolved"
STATUSES = (SENT, ACKNOWLEDGED, DISPUTED, RESOLVED)
MAX_COMMENT = 4000


class CoachingError(ValueError):
    """A review or an answer that cannot be stored (the message says why, in one line)."""


class NotYours(CoachingError):
    """The person may not do this: review their own call or another team's, answer a review
    of someone else's call, or change a review they did not write."""


# -- the rubric ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    code: str
    label_he: str
    label_en: str
    weight: int
    scale: int

    def label(self, language: str) -> str:
        return self.label_he if language == "he" else self.label_en


@dataclass(frozen=True)
class Rubric:
    """A version of the scoring rubric; ``total`` turns points per criterion into 0-100."""

    version: int
    criteria: tuple[Criterion, ...]

    def check(self, scores: Mapping[str, int]) -> dict[str, int]:
        """``scores`` as stored, or :class:`CoachingError` naming the first problem."""
        known = {c.code: c for c in self.criteria}
        unknown = sorted(set(scores) - set(known))
        if unknown:
            raise CoachingError(f"criterion {unknown[0]!r} is not in rubric version {self.version}")
        checked: dict[str, int] = {}
        for criterion in self.criteria:
            if criterion.code not in scores:
                raise CoachingError(f"criterion {criterion.code!r} has no score")
            value = scores[criterion.code]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion.scale:
                raise CoachingError(f"criterion {criterion.code!r}: a score is 0 to {criterion.scale}, not {value!r}")
            checked[criterion.code] = value
        return checked

    def total(self, scores: Mapping[str, int]) -> int:
        """The weighted total, 0-100 (rounded half up)."""
        weights = sum(c.weight for c in self.criteria)
        if not weights:
            return 0
        points = sum(c.weight * scores.get(c.code, 0) / c.scale for c in self.criteria)
        return int(points * 100 / weights + 0.5)


_CRITERION_KEYS = {"code", "label_he", "label_en", "weight", "scale"}


def load_rubric_file(path: Path = RUBRIC_FILE) -> tuple[Criterion, ...]:
    """The criteria of a rubric file (``resources/qa/rubric.yaml``). Raises ValueError with
    the file and the problem (unknown keys, missing labels, weights or scales out of range)."""
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - YAML errors of every kind become one line
        raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or set(data) != {"criteria"} or not isinstance(data["criteria"], list):
        raise ValueError(f"{path}: expected one key, criteria, with a list")
    criteria: list[Criterion] = []
    for number, item in enumerate(data["criteria"], start=1):
        where = f"{path}: criterion {number}"
        if not isinstance(item, dict) or set(item) != _CRITERION_KEYS:
            raise ValueError(f"{where}: needs exactly {', '.join(sorted(_CRITERION_KEYS))}")
        code, he, en, weight, scale = (item[k] for k in ("code", "label_he", "label_en", "weight", "scale"))
        if not isinstance(code, str) or not code.isidentifier() or len(code) > 40:
            raise ValueError(f"{where}: code must be a short identifier")
        if not all(isinstance(t, str) and 0 < len(t.strip()) <= 200 for t in (he, en)):
            raise ValueError(f"{where}: label_he and label_en are needed (up to 200 characters)")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            raise ValueError(f"{where}: weight is a whole number 1-100")
        if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= 10:
            raise ValueError(f"{where}: scale is a whole number 1-10")
        if any(c.code == code for c in criteria):
            raise ValueError(f"{where}: code {code!r} appears twice")
        criteria.append(Criterion(code, he.strip(), en.strip(), weight, scale))
    if not criteria:
        raise ValueError(f"{path}: no criteria")
    return tuple(criteria)


def current_rubric(session: Session, version: int | None = None) -> Rubric:
    """The newest rubric version (or ``version``). Raises CoachingError when there is none."""
    r = m.QaRubricCriterion
    if version is None:
        version = session.scalar(sa.select(sa.func.max(r.version)))
    if version is None:
        raise CoachingError("no QA rubric is published")
    rows = session.scalars(sa.select(r).where(r.version == version).order_by(r.sort_order, r.code)).all()
    if not rows:
        raise CoachingError(f"no QA rubric version {version}")
    return Rubric(version, tuple(Criterion(x.code, x.label_he, x.label_en, x.weight, x.scale) for x in rows))


def publish_rubric(session: Session, criteria: Sequence[Criterion]) -> tuple[int, bool]:
    """Store ``criteria`` as a new version unless they equal the newest one.
    Returns (version, whether it is new)."""
    with contextlib.suppress(CoachingError):
        newest = current_rubric(session)
        if newest.criteria == tuple(criteria):
            return newest.version, False
    version = (session.scalar(sa.select(sa.func.max(m.QaRubricCriterion.version))) or 0) + 1
    session.add_all(m.QaRubricCriterion(version=version, code=c.code, label_he=c.label_he, label_en=c.label_en,
                                        weight=c.weight, scale=c.scale, sort_order=i)
                    for i, c in enumerate(criteria))
    session.flush()
    return version, True


# -- reviews -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallForReview:
    """The call a review is about: enough for the form's header."""

    call_id: uuid.UUID
    agent_id: uuid.UUID
    agent_name: str
    team_id: uuid.UUID | None
    started_at: datetime
    customer_name: str
    reason_he: str | None
    reason_en: str | None
    outcome_he: str | None
    outcome_en: str | None
    notes: str | None


@dataclass(frozen=True)
class Review:
    """A QA review as the screens show it."""

    id: uuid.UUID
    call_id: uuid.UUID
    call_started_at: datetime
    agent_id: uuid.UUID
    agent_name: str
    reviewer_id: uuid.UUID
    reviewer_name: str
    reviewed_at: datetime
    rubric_version: int | None
    score: int
    scores: dict[str, int]
    comments: str | None
    status: str
    agent_comment: str | None
    answered_at: datetime | None
    customer_name: str


@dataclass(frozen=True)
class AgentCoaching:
    """One line of the lead's coaching list."""

    agent_id: uuid.UUID
    agent_name: str
    reviews: int
    average: float | None
    disputes_open: int
    waiting: int
    last_reviewed: datetime | None


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def call_for_review(session: Session, call_id: uuid.UUID) -> CallForReview:
    call, reason, outcome = m.RetentionCall, aliased(m.CancellationReason), aliased(m.Disposition)
    row = session.execute(
        sa.select(call.id, call.agent_id, m.Agent.display_name, m.Agent.team_id, call.started_at,
                  m.Customer.first_name, m.Customer.last_name, reason.label_he, reason.label_en,
                  outcome.label_he, outcome.label_en, call.notes)
        .join(m.Agent, m.Agent.id == call.agent_id)
        .outerjoin(m.Customer, m.Customer.id == call.customer_id)
        .outerjoin(reason, reason.code == call.primary_reason_code)
        .outerjoin(outcome, outcome.code == call.disposition_code)
        .where(call.id == call_id)
    ).one_or_none()
    if row is None:
        raise CoachingError("no such call")
    return CallForReview(row[0], row[1], row[2], row[3], row[4], f"{row[5] or ''} {row[6] or ''}".strip(),
                         row[7], row[8], row[9], row[10], row[11])


def recent_calls(session: Session, agent_id: uuid.UUID, limit: int = 30) -> list[CallForReview]:
    """The agent's newest submitted calls (the lead picks one to review)."""
    call, reason, outcome = m.RetentionCall, aliased(m.CancellationReason), aliased(m.Disposition)
    rows = session.execute(
        sa.select(call.id, call.agent_id, m.Agent.display_name, m.Agent.team_id, call.started_at,
                  m.Customer.first_name, m.Customer.last_name, reason.label_he, reason.label_en,
                  outcome.label_he, outcome.label_en, call.notes)
        .join(m.Agent, m.Agent.id == call.agent_id)
        .outerjoin(m.Customer, m.Customer.id == call.customer_id)
        .outerjoin(reason, reason.code == call.primary_reason_code)
        .outerjoin(outcome, outcome.code == call.disposition_code)
        .where(call.agent_id == agent_id, call.submitted_at.is_not(None), call.amends_call_id.is_(None))
        .order_by(call.started_at.desc()).limit(limit)
    ).all()
    return [CallForReview(r[0], r[1], r[2], r[3], r[4], f"{r[5] or ''} {r[6] or ''}".strip(), r[7], r[8], r[9],
                          r[10], r[11]) for r in rows]


def _may_review(session: Session, reviewer_id: uuid.UUID, call: CallForReview) -> None:
    reviewer = session.get(m.Agent, reviewer_id)
    if reviewer is None or not reviewer.active or reviewer.role not in (d.Role.TEAM_LEAD, d.Role.ADMIN):
        raise NotYours("only a team lead reviews calls")
    if call.agent_id == reviewer_id:
        raise NotYours("nobody reviews their own call; another lead must")
    if reviewer.role == d.Role.TEAM_LEAD and (reviewer.team_id is None or reviewer.team_id != call.team_id):
        raise NotYours("the call is another team's")


def save_review(
    session: Session, call_id: uuid.UUID, reviewer_id: uuid.UUID, scores: Mapping[str, int], comments: str,
    *, rubric_version: int | None = None, review_id: uuid.UUID | None = None, now: datetime | None = None,
) -> uuid.UUID:
    """Store a review of a call (or change the reviewer's own review ``review_id``).

    Raises :class:`NotYours` (not a lead, own call, another team's, someone else's review)
    or :class:`CoachingError` (scores not complete or out of range, comment too long, a
    review already answered)."""
    call = call_for_review(session, call_id)
    _may_review(session, reviewer_id, call)
    rubric = current_rubric(session, rubric_version)
    checked = rubric.check(scores)
    comments = comments.strip()
    if len(comments) > MAX_COMMENT:
        raise CoachingError(f"comments are at most {MAX_COMMENT} characters")
    now = _now(now)
    if review_id is not None:
        review = session.get(m.QaReview, review_id)
        if review is not None:
            if review.reviewer_id != reviewer_id or review.call_id != call_id:
                raise NotYours("only the lead who wrote a review changes it")
            if review.status != SENT:
                raise CoachingError("the agent has answered this review; write a new one")
            review.rubric_version, review.scores, review.score = rubric.version, checked, rubric.total(checked)
            review.comments, review.reviewed_at = comments or None, now
            session.flush()
            return review.id
    review = m.QaReview(call_id=call_id, reviewer_id=reviewer_id, reviewed_at=now, score=rubric.total(checked),
                        checklist={}, comments=comments or None, rubric_version=rubric.version, scores=checked,
                        status=SENT)
    if review_id is not None:
        review.id = review_id
    session.add(review)
    session.flush()
    return review.id


def answer_review(session: Session, review_id: uuid.UUID, agent_id: uuid.UUID, dispute: bool, comment: str,
                  now: datetime | None = None) -> None:
    """The call's agent acknowledges the review, or disputes it (a comment is needed). Once."""
    review = session.get(m.QaReview, review_id)
    if review is None:
        raise CoachingError("no such review")
    owner = session.scalar(sa.select(m.RetentionCall.agent_id).where(m.RetentionCall.id == review.call_id))
    if owner != agent_id:
        raise NotYours("only the agent whose call it is answers a review")
    if review.status != SENT:
        raise CoachingError(f"the review is already {review.status}")
    comment = comment.strip()
    if dispute and not comment:
        raise CoachingError("a dispute needs a comment")
    if len(comment) > MAX_COMMENT:
        raise CoachingError(f"a comment is at most {MAX_COMMENT} characters")
    review.status = DISPUTED if dispute else ACKNOWLEDGED
    review.agent_comment = comment or None
    review.answered_at = _now(now)  # on PostgreSQL the server's clock stamps it (0014)
    session.flush()


def resolve_dispute(session: Session, review_id: uuid.UUID, reviewer_id: uuid.UUID) -> None:
    """The reviewer closes a dispute (after talking it over with the agent)."""
    review = session.get(m.QaReview, review_id)
    if review is None:
        raise CoachingError("no such review")
    if review.reviewer_id != reviewer_id:
        raise NotYours("only the lead who wrote a review resolves its dispute")
    if review.status != DISPUTED:
        raise CoachingError("only a disputed review is resolved")
    review.status = RESOLVED
    session.flush()


def _reviews(session: Session, *where: Any) -> list[Review]:
    q, call, reviewer, agent = m.QaReview, m.RetentionCall, aliased(m.Agent), aliased(m.Agent)
    rows = session.execute(
        sa.select(q, call.started_at, call.agent_id, agent.display_name, reviewer.display_name,
                  m.Customer.first_name, m.Customer.last_name)
        .join(call, call.id == q.call_id)
        .join(agent, agent.id == call.agent_id)
        .join(reviewer, reviewer.id == q.reviewer_id)
        .outerjoin(m.Customer, m.Customer.id == call.customer_id)
        .where(*where)
        .order_by(q.reviewed_at.desc(), q.id.desc())
    ).all()
    return [
        Review(r.id, r.call_id, started, agent_id, agent_name, r.reviewer_id, reviewer_name, r.reviewed_at,
               r.rubric_version, r.score, dict(r.scores or {}), r.comments, r.status, r.agent_comment, r.answered_at,
               f"{first or ''} {last or ''}".strip())
        for r, started, agent_id, agent_name, reviewer_name, first, last in rows
    ]


def reviews_of_agent(session: Session, agent_id: uuid.UUID) -> list[Review]:
    """Reviews of the agent's calls, newest first (what RLS lets the reader see)."""
    return _reviews(session, m.RetentionCall.agent_id == agent_id)


def reviews_of_call(session: Session, call_id: uuid.UUID) -> list[Review]:
    return _reviews(session, m.QaReview.call_id == call_id)


def team_coaching(session: Session, team_id: uuid.UUID | None,
                  leave_out: uuid.UUID | None = None) -> list[AgentCoaching]:
    """Each active agent of the team (not ``leave_out``, the lead): reviews, average score,
    open disputes and reviews still waiting for an answer."""
    q, call, a = m.QaReview, m.RetentionCall, m.Agent
    stats = (
        sa.select(call.agent_id.label("agent_id"), sa.func.count(q.id).label("reviews"),
                  sa.func.avg(q.score).label("average"),
                  sa.func.count(q.id).filter(q.status == DISPUTED).label("disputes"),
                  sa.func.count(q.id).filter(q.status == SENT).label("waiting"),
                  sa.func.max(q.reviewed_at).label("last"))
        .join(call, call.id == q.call_id)
        .group_by(call.agent_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(a.id, a.display_name, stats.c.reviews, stats.c.average, stats.c.disputes, stats.c.waiting,
                  stats.c.last)
        .outerjoin(stats, stats.c.agent_id == a.id)
        .where(a.active, a.team_id == team_id, a.role == d.Role.AGENT,
               a.id != leave_out if leave_out is not None else sa.true())
        .order_by(a.display_name)
    ).all()
    return [AgentCoaching(r[0], r[1], int(r[2] or 0), float(r[3]) if r[3] is not None else None, int(r[4] or 0),
                          int(r[5] or 0), r[6]) for r in rows]


# -- the views' seam ---------------------------------------------------------------------------


class Coaching:
    """Coaching for the person at a desk: one unit of work per method, plain records back.
    Call it on a worker thread (``agent_desk.ui.tasks``), never the GUI thread.

    Attributes:
        desk: the desk whose connection and person this uses.
    """

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Session]:
        with self.desk.factory() as session:
            yield session

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        with self.desk.factory() as session, session.begin():
            yield session

    def _me(self) -> uuid.UUID:
        if self.desk.user is None:
            raise RuntimeError("nobody is signed in at this desk")
        return self.desk.user.id

    def rubric(self, version: int | None = None) -> Rubric:
        with self._reading() as session:
            return current_rubric(session, version)

    def open_call(self, call_id: uuid.UUID) -> tuple[CallForReview, Rubric, Review | None]:
        """The call, the rubric to score it on, and my review of it still waiting for an
        answer (to go on editing), if any."""
        me = self._me()
        with self._reading() as session:
            call = call_for_review(session, call_id)
            mine = [r for r in reviews_of_call(session, call_id) if r.reviewer_id == me and r.status == SENT]
            rubric = current_rubric(session, mine[0].rubric_version if mine else None)
        return call, rubric, (mine[0] if mine else None)

    def save_review(self, call_id: uuid.UUID, scores: Mapping[str, int], comments: str, *,
                    rubric_version: int | None = None, review_id: uuid.UUID | None = None) -> uuid.UUID:
        me = self._me()
        with self._writing() as session:
            return save_review(session, call_id, me, scores, comments, rubric_version=rubric_version,
                               review_id=review_id)

    def my_reviews(self) -> list[Review]:
        """Reviews of my own calls."""
        me = self._me()
        with self._reading() as session:
            return reviews_of_agent(session, me)

    def answer(self, review_id: uuid.UUID, dispute: bool, comment: str) -> None:
        me = self._me()
        with self._writing() as session:
            answer_review(session, review_id, me, dispute, comment)

    def team(self) -> list[AgentCoaching]:
        """My team's agents with their reviews' figures (a lead's coaching list)."""
        user = self.desk.user
        if user is None:
            raise RuntimeError("nobody is signed in at this desk")
        with self._reading() as session:
            return team_coaching(session, user.team_id, leave_out=user.id)

    def agent_reviews(self, agent_id: uuid.UUID) -> list[Review]:
        with self._reading() as session:
            return reviews_of_agent(session, agent_id)

    def agent_calls(self, agent_id: uuid.UUID) -> list[CallForReview]:
        with self._reading() as session:
            return recent_calls(session, agent_id)

    def resolve(self, review_id: uuid.UUID) -> None:
        me = self._me()
        with self._writing() as session:
            resolve_dispute(session, review_id, me)
