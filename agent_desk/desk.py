"""The desk: the one object between the screens and the data (Qt-free).

A :class:`Desk` owns the database connection (its session factory), knows the person
signed in (:class:`~agent_desk.calls.DeskUser`), and offers every read and write a view
needs as a method: pop a caller, search, open a customer and their history, due callbacks,
rank the offers for a call, the team lead's answers, the script library, submit a wrap-up,
the team lead's dashboard and queue, the offer catalog. Each method is one unit of work: it
opens its own session and closes it before it returns, and hands back plain frozen
dataclasses (never a live ORM object that could lazy-load on the GUI thread or go stale).

The views hold a desk, never a session factory; they call it on a worker thread
(``agent_desk.ui.tasks``), never on the GUI thread. That keeps the database behind one
seam: the offline store (issue 12) can stand behind the same methods later without a view
changing. The record types the methods return are re-exported here, so a view names them
without reaching into the data layer.

Housekeeping that updates other people's rows (escalating overdue callbacks to the team
queue, expiring unanswered approval requests) is the desk's own job only on the embedded
SQLite file, where the desk is the single local user; on a shared PostgreSQL database a
server job does it (``agent-desk jobs run``) and :meth:`Desk.housekeeping` does nothing.

No PySide6 here (``tests/test_layers.py``); no view module may take a session
(``tests/test_i10_desk_reads.py``).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.calls import DeskUser, desk_user
from agent_desk.coaching import Coaching
from agent_desk.data import models as m
from agent_desk.data import queries
from agent_desk.data.call_log import CallLogService
from agent_desk.data.dashboards import DashboardService
from agent_desk.data.db import make_engine, session_factory
from agent_desk.data.queries import (
    ApprovalContext,
    BillingLine,
    CallerLookup,
    CustomerHistory,
    CustomerMatch,
    CustomerProfile,
    LeadOverview,
    RetentionAttempt,
    SubscriptionLine,
    SurveyPoint,
    TimelineEntry,
)
from agent_desk.importer.load import ImportSummary
from agent_desk.offers import approvals, catalog
from agent_desk.offers.approvals import ApprovalState, PendingApproval
from agent_desk.offers.catalog import CatalogError, CatalogRow
from agent_desk.offers.service import CallOffers, rank_for_call
from agent_desk.phones import DEFAULT_REGION
from agent_desk.reports_db import ReplicaState, replica_lag, report_engine
from agent_desk.scripts.library import load_bundled_scripts
from agent_desk.scripts.model import Script
from agent_desk.scripts.publish import load_latest_scripts
from agent_desk.security.audit_read import AuditFilter, AuditRow, audit_people, recent_audit
from agent_desk.security.identity import whoami
from agent_desk.security.sensitive import reveal_national_id, set_mutation_id
from agent_desk.settings import Settings
from agent_desk.wrapup import (
    DueCallback,
    SubmittedCall,
    WrapUp,
    complete_callback,
    due_callbacks,
    escalate_overdue_callbacks,
    submit_call,
)

if TYPE_CHECKING:
    from agent_desk.call import Write

__all__ = [
    "ApprovalContext", "ApprovalState", "AuditFilter", "AuditRow", "BillingLine", "CallLogService", "CallOffers",
    "CallerLookup", "CatalogError", "CatalogRow", "Coaching", "CustomerHistory", "CustomerMatch", "CustomerProfile",
    "DashboardService", "DatabaseNotCurrent", "Desk", "DeskStart", "DeskUser", "DueCallback", "Housekeeping",
    "ImportSummary", "LeadOverview", "LeadQueue", "PendingApproval", "ReplicaState", "RetentionAttempt",
    "SubmittedCall", "SubscriptionLine", "SurveyPoint", "TimelineEntry",
]


@dataclass(frozen=True)
class DeskStart:
    """What the window needs before the first call: who sits here, and the choices.

    Attributes:
        agent: the person who takes the calls (None: no such user in the database).
        lead: whose approval queue the team-lead view shows (the same person when a user
            name was given; in the demo, the first team lead).
        reasons: (code, Hebrew, English) of each reason for leaving an agent can pick (leaves
            of the reason tree, not its headings).
        outcomes: (code, Hebrew, English, counts as a save, is a cancellation) per disposition.
    """

    agent: DeskUser | None
    lead: DeskUser | None
    reasons: tuple[tuple[str, str, str], ...]
    outcomes: tuple[tuple[str, str, str, bool, bool], ...]


class LeadQueue(NamedTuple):
    """The team lead's approval requests, oldest first, and beside each (by its id) the
    customer's summary and the asking agent's authority."""

    pending: Sequence[PendingApproval]
    contexts: dict[uuid.UUID, ApprovalContext]


@dataclass(frozen=True)
class Housekeeping:
    """What one round of the embedded desk's own housekeeping changed."""

    callbacks_escalated: int
    approvals_expired: int


class DatabaseNotCurrent(RuntimeError):
    """The database needs ``agent-desk db upgrade`` before anything is imported into it."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Found(list):  # type: ignore[type-arg]
    """A search's matches; ``local_only``: only the customers on this desk were searched
    (an offline desk whose server did not answer)."""

    def __init__(self, matches: Sequence[CustomerMatch] = (), local_only: bool = False) -> None:
        super().__init__(matches)
        self.local_only = local_only


Choices = tuple[tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str, bool, bool], ...]]


def choices(session: Session) -> Choices:
    """The reasons for leaving an agent can pick, (code, Hebrew, English) each: the leaves of
    the reason tree ("too expensive"), not its headings ("price"); and the outcomes, (code,
    Hebrew, English, counts as a save, is a cancellation) each."""
    tree = session.scalars(sa.select(m.CancellationReason).where(m.CancellationReason.active)
                           .order_by(m.CancellationReason.sort_order)).all()
    parents = {r.parent_code for r in tree}
    reasons = tuple((r.code, r.label_he, r.label_en) for r in tree if r.code not in parents)
    outcomes = tuple((o.code, o.label_he, o.label_en, o.counts_as_save, o.is_cancellation)
                     for o in session.scalars(sa.select(m.Disposition).where(m.Disposition.active)
                                              .order_by(m.Disposition.sort_order)))
    return reasons, outcomes


class Desk:
    """The desk's data access and the person at it. Every method is one unit of work and
    may wait on the network or the disk: call it on a worker thread, never the GUI thread.

    Attributes:
        factory: the session factory (only the desk uses it).
        user: who is signed in at this desk (None before it is known).
        embedded: True on the local SQLite file (one local user), False on a shared server.
    """

    def __init__(self, factory: sessionmaker[Session], user: DeskUser | None = None, *,
                 embedded: bool | None = None) -> None:
        self.factory = factory
        self.user = user
        if embedded is None:
            bind = factory.kw.get("bind")
            embedded = isinstance(bind, Engine) and bind.dialect.name == "sqlite"
        self.embedded = embedded

    @classmethod
    def on(cls, engine: Engine, user: DeskUser | None = None) -> Desk:
        """A desk on ``engine`` (the database start-up made ready)."""
        return cls(session_factory(engine), user)

    def as_user(self, user: DeskUser | None) -> Desk:
        """The same database (and report database) for another person (the demo's
        team-lead view has its own)."""
        desk = Desk(self.factory, user, embedded=self.embedded)
        desk.reports = self.reports
        return desk

    def _user(self) -> DeskUser:
        if self.user is None:
            raise RuntimeError("nobody is signed in at this desk")
        return self.user

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Session]:
        # A read lets the session autobegin (deferred on SQLite: it never blocks a writer).
        with self.factory() as session:
            yield session

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        # begin(): "I will write" (IMMEDIATE on SQLite); commits on success, else rolls back.
        with self.factory() as session, session.begin():
            yield session

    # -- start-up ----------------------------------------------------------------------

    def start_up(self, username: str = "") -> DeskStart:
        """Who sits here, the reasons for leaving and the outcomes to choose from.

        PostgreSQL: the person whose login is the database's ``current_user`` (``username``
        never chooses there); no desk user when the login has no active agents row. The
        embedded file: ``username``, or the demo's first agent and first team lead."""
        with self._reading() as session:
            if session.get_bind().dialect.name == "postgresql":
                agent = lead = whoami(session)
            else:
                agent = desk_user(session, username, d.Role.AGENT)
                lead = desk_user(session, username, d.Role.TEAM_LEAD) if not username else agent
            reasons, outcomes = choices(session)
        return DeskStart(agent, lead, reasons, outcomes)

    def call_submitted(self, call_id: uuid.UUID) -> bool:
        """Is this call's wrap-up stored already (a draft left behind by a crash)?"""
        with self._reading() as session:
            submitted = session.scalar(sa.select(m.RetentionCall.submitted_at).where(m.RetentionCall.id == call_id))
        return submitted is not None

    # -- the caller --------------------------------------------------------------------

    def pop(self, raw: str, region: str = DEFAULT_REGION) -> CallerLookup:
        """Who calls from ``raw`` (any way of writing the number): their profile when one
        customer has it, else the customers who share it. The history comes separately
        (:meth:`history`) so the header is painted first."""
        with self._reading() as session:
            return queries.pop_caller(session, raw, region, full=False)

    def search(self, text: str, region: str = DEFAULT_REGION) -> list[CustomerMatch]:
        """Customers by name, phone digits, account, email or the end of the national ID
        (a :class:`Found`)."""
        with self._reading() as session:
            return Found(queries.search_customers(session, text, region))

    def customer(self, customer_id: uuid.UUID) -> CustomerProfile | None:
        with self._reading() as session:
            return queries.load_profile(session, customer_id)

    def history(self, profile: CustomerProfile, today: date | None = None) -> CustomerHistory:
        """Timeline, billing, surveys, earlier saves and the churn risk of ``profile``."""
        with self._reading() as session:
            return queries.load_history(session, profile, today or utc_now().date())

    def customer_360(self, customer_id: uuid.UUID,
                     today: date | None = None) -> tuple[CustomerProfile | None, CustomerHistory | None]:
        """Profile and history in one unit of work (an unfinished call restored after a crash)."""
        with self._reading() as session:
            profile = queries.load_profile(session, customer_id)
            history = queries.load_history(session, profile, today or utc_now().date()) if profile else None
        return profile, history

    def reveal_national_id(self, customer_id: uuid.UUID, reason: str) -> str:
        """The customer's whole national ID ("" when none is on file), for ``reason``: the
        reveal is audited as the person at the desk.

        Raises:
            agent_desk.security.sensitive.RevealRefused: no reason, or no such customer.
        """

        with self._writing() as session:
            return reveal_national_id(session, customer_id, reason,
                                      actor_id=self.user.id if self.user is not None else None)

    # -- callbacks and housekeeping ------------------------------------------------------

    def due_callbacks(self, now: datetime | None = None) -> list[DueCallback]:
        """Open callbacks due soon for the person at the desk or their team's queue."""
        user = self._user()
        with self._reading() as session:
            return due_callbacks(session, user.id, user.team_id, now or utc_now())

    def complete_callback(self, callback_id: uuid.UUID, now: datetime | None = None) -> None:
        with self._writing() as session:
            complete_callback(session, callback_id, now or utc_now())

    def housekeeping(self, now: datetime | None = None) -> Housekeeping | None:
        """On the embedded file: escalate overdue personal callbacks to the team queue and
        expire unanswered approval requests. On a shared server nothing (None): those rows
        are other people's, and the server job (``agent-desk jobs run``) keeps them."""
        if not self.embedded:
            return None
        now = now or utc_now()
        with self._writing() as session:
            escalated = escalate_overdue_callbacks(session, now)
            expired = approvals.expire_overdue(session, now)
        return Housekeeping(escalated, len(expired))

    # -- offers on a call ----------------------------------------------------------------

    def rank_offers(self, customer_id: uuid.UUID, reason: str | None, today: date | None = None) -> CallOffers | None:
        """Every offer this customer can get for ``reason`` from the person at the desk, best
        first (all kinds: a script step's kinds are a filter of this ranking,
        :meth:`CallOffers.only_kinds`). None when the customer is gone."""
        user = self._user()
        with self._reading() as session:
            return rank_for_call(session, customer_id, reason, user.id, today)

    def approval_states(self, request_ids: Sequence[uuid.UUID],
                        now: datetime | None = None) -> dict[uuid.UUID, ApprovalState]:
        """Where each approval request stands. A request past its time with no answer is
        expired for the agent even before a housekeeping round marks it so; one not stored
        yet (still queued) is left out."""
        now = now or utc_now()
        states: dict[uuid.UUID, ApprovalState] = {}
        with self._reading() as session:
            for request_id in request_ids:
                with contextlib.suppress(NoResultFound):
                    state = approvals.approval_state(session, request_id)
                    if state.status == d.ApprovalStatus.PENDING and state.expires_at <= now:
                        state = replace(state, status=d.ApprovalStatus.EXPIRED)
                    states[request_id] = state
        return states

    def run(self, write: Write) -> Any:
        """One in-call write (``agent_desk.call``), in a unit of work of its own. Safe to
        run again: every write is idempotent by its own key."""
        with self._writing() as session:
            set_mutation_id(session, write.key)  # the audit rows name the client's own key
            return write.apply(session)

    # -- scripts and the wrap-up ---------------------------------------------------------

    def scripts(self) -> list[Script]:
        """The newest published call scripts, or the bundled ones when none is published."""
        with self._reading() as session:
            published = load_latest_scripts(session)
        return published or load_bundled_scripts()

    def submit(self, wrapup: WrapUp) -> SubmittedCall:
        """Store the call's wrap-up (once: submitting it again changes nothing)."""
        with self._writing() as session:
            set_mutation_id(session, wrapup.call_id)
            return submit_call(session, wrapup)

    # -- the team lead -------------------------------------------------------------------

    def lead_queue(self) -> LeadQueue:
        """The approval requests waiting for the person at the desk's team."""
        team_id = self._user().team_id
        with self._reading() as session:
            pending = approvals.pending_requests(session, team_id)
            contexts = queries.approval_context(session, [p.id for p in pending])
        return LeadQueue(tuple(pending), contexts)

    def decide(self, request_id: uuid.UUID, approve: bool, reason: str) -> None:
        """The person at the desk approves or declines a request, with the reason the agent sees."""
        lead_id = self._user().id
        with self._writing() as session:
            approvals.decide(session, request_id, lead_id, approve, reason)

    def lead_overview(self) -> LeadOverview:
        """The last 30 days by corrected outcome, and the newest calls (a lead's team's)."""
        team = self._team_scope() if self.user is not None else None
        with self._reading() as session:
            return queries.lead_overview(session, team_id=team)

    # -- the offer catalog ---------------------------------------------------------------

    def catalog(self) -> list[CatalogRow]:
        with self._reading() as session:
            return catalog.list_offers(session)

    def import_catalog(self, path: Path) -> tuple[int, int]:
        """Offers added and updated from the file; all or nothing (:class:`CatalogError`
        lists every problem, and nothing is stored)."""
        with self._writing() as session:
            offers = catalog.load(path, catalog.known_reasons(session))
            return catalog.import_offers(session, offers)

    def export_catalog(self, path: Path) -> None:
        with self._reading() as session:
            text = catalog.export_offers(session)
        path.write_text(text, encoding="utf-8")

    def set_offer_active(self, code: str, active: bool) -> None:
        """Take an offer off the agents' screens (or put it back); its history stays."""
        with self._writing() as session:
            catalog.set_active(session, code, active)

    # -- the lead console: call log, dashboards, coaching, audit; the admin's import -------
    #
    # Each screen gets a small Qt-free service (or a method) from here; none of them is handed
    # a session or an engine. The heavy reads (the call log's pages, the dashboards) go to the
    # report database when ``report_db_url`` is set (:meth:`open_reports`), the rest to the
    # primary.

    #: Session factory of the report database (a streaming replica), None: the primary.
    reports: sessionmaker[Session] | None = None

    def _engine(self) -> Engine:
        bind = self.factory.kw.get("bind")
        if not isinstance(bind, Engine):
            raise RuntimeError("this desk's session factory is not bound to an engine")
        return bind

    def open_reports(self, settings: Settings) -> bool:
        """Read the reports from ``settings.report_db_url`` when it is set (the person's own
        login on the replica; ``docs/replica.md``). True when a replica is used. It only makes
        an engine: nothing connects until a report is read.

        Raises:
            agent_desk.reports_db.ReportDatabaseError: the setting cannot be used.
        """
        primary = self._engine()
        engine = report_engine(settings, primary)
        self.close_reports()
        self.reports = None if engine is primary else session_factory(engine)
        return self.reports is not None

    def close_reports(self) -> None:
        """Let the report database's connections go (the window closes, or a new desk)."""
        if self.reports is not None:
            bind = self.reports.kw.get("bind")
            if isinstance(bind, Engine):
                bind.dispose()
            self.reports = None

    def report_lag(self) -> ReplicaState:
        """How far behind the report database is (nothing to say on the primary)."""
        bind = self.reports.kw.get("bind") if self.reports is not None else None
        return replica_lag(bind) if isinstance(bind, Engine) else ReplicaState(False, None)

    def _team_scope(self) -> uuid.UUID | None:
        """Whose calls the lead screens show: an admin's, every team's; anyone else's, their team's."""
        user = self._user()
        return None if user.role == d.Role.ADMIN else user.team_id

    def call_log(self) -> CallLogService:
        """The call log of the person at the desk (a team lead: their team's calls)."""
        return CallLogService(self.factory, self._user().id, self._team_scope(), reads=self.reports)

    def dashboards(self) -> DashboardService:
        """The dashboards and the script funnel of the person at the desk (a lead: their team)."""
        return DashboardService(self.reports or self.factory, self._team_scope())

    def coaching(self) -> Coaching:
        """QA reviews: the lead's coaching list, and the agent's own reviews (My reviews)."""
        self._user()
        return Coaching(self)

    def audit(self, wanted: AuditFilter) -> list[AuditRow]:
        """The audit trail the person may read, newest first: on PostgreSQL row-level security
        gives a team lead their team's events and an admin everyone's."""
        with self._reading() as session:
            return recent_audit(session, since=wanted.since, until=wanted.until, agent_id=wanted.agent_id,
                                text=wanted.text, limit=wanted.limit)

    def audit_people(self) -> list[tuple[uuid.UUID, str]]:
        """The people the audit screen's person filter offers (a lead's team, or everyone)."""
        team = self._team_scope() if self.user is not None else None
        with self._reading() as session:
            return audit_people(session, team)

    def import_file(self, kind: str, file: Path, mapping_file: Path, *, dry_run: bool = False,
                    progress: Callable[[float], None] | None = None) -> ImportSummary:
        """Import (or with ``dry_run`` check) a CRM or billing export through its mapping file
        (``docs/import.md``); ``progress`` hears the fraction done. Long: call it on a worker
        of its own.

        Raises:
            MappingError, ImportFileError: the mapping or the file cannot be used.
            DatabaseNotCurrent: the database needs ``agent-desk db upgrade`` first.
        """
        from agent_desk.data import migrate
        from agent_desk.importer.load import run_import
        from agent_desk.importer.mapping import load_mapping

        mapping = load_mapping(mapping_file, kind=kind)
        primary = self._engine()
        # On PostgreSQL the desk's connections give up after seconds (pg_deadline); an import's
        # statements may rightly run longer, so it gets connections of its own, as the person.
        engine = primary if primary.dialect.name == "sqlite" else \
            make_engine(primary.url.render_as_string(hide_password=False), deadline=False)
        try:
            if not migrate.schema_state(engine).is_current:
                raise DatabaseNotCurrent("the database needs an upgrade first (agent-desk db upgrade)")
            return run_import(engine, file, mapping, kind, dry_run=dry_run, progress=progress)
        finally:
            if engine is not primary:
                engine.dispose()
