"""Outage mode (אירוע משברי): incidents a team lead declares, and what the floor sees of them.

A lead declares an incident (title, affected product categories and regions, talking points
in Hebrew and English, expected resolution), updates it and resolves it. Every desk shows the
open incidents in a banner; a caller from an affected product or region is flagged on pop,
gets the outage script (reason ``outage``) with the goodwill offers first, and the call is
tagged with the incident. Callers who reached the desk twice or more in 24 hours during an
incident are listed for the lead, to call back first.

How a desk learns of a change: on PostgreSQL migration 0015 notifies channel
``incidents`` on every insert or update, and :class:`IncidentListener` waits for it on a
thread of its own (a slow poll stays as a fallback for a lost connection); SQLite only polls.

Qt-free (the views get an :class:`Outage` and call it through the task runner). Each method
is one unit of work; the database's row-level security decides who may declare (leads and
admins) and everyone reads.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.queries import CustomerProfile, load_profile
from agent_desk.sync.errors import is_temporary

log = logging.getLogger(__name__)

CHANNEL = "incidents"  # migration 0015's trigger notifies it
OUTAGE_REASON = "outage"  # the reason whose script (technical.yaml) leads with the outage update
GOODWILL_KIND = "outage_goodwill"
REPEAT_WINDOW = timedelta(hours=24)
REPEAT_CONTACTS = 2
# Israel's districts as the customers table writes them (customers.region).
REGIONS = ("north", "haifa", "center", "tel_aviv", "jerusalem", "south")
PRODUCTS = tuple(c.value for c in d.ProductCategory)
TITLE_MAX = 200


class IncidentError(ValueError):
    """A declaration or update that cannot be stored as given; the message names the field."""


@dataclass(frozen=True)
class IncidentDraft:
    """What a lead fills in to declare or update an incident (empty lists: every one)."""

    title_he: str
    title_en: str
    products: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    talking_points_he: str = ""
    talking_points_en: str = ""
    expected_end_at: datetime | None = None
    severity: str = d.IncidentSeverity.MAJOR.value

    def checked(self) -> IncidentDraft:
        """The same draft trimmed, or :class:`IncidentError` naming the first wrong field."""
        title_he, title_en = self.title_he.strip(), self.title_en.strip()
        if not title_he and not title_en:
            raise IncidentError("title: give the incident a title (Hebrew or English)")
        for name, value in (("title_he", title_he), ("title_en", title_en)):
            if len(value) > TITLE_MAX:
                raise IncidentError(f"{name}: at most {TITLE_MAX} characters ({len(value)})")
        for value in self.products:
            if value not in PRODUCTS:
                raise IncidentError(f"products: unknown product category {value!r}")
        for value in self.regions:
            if value not in REGIONS:
                raise IncidentError(f"regions: unknown region {value!r}")
        if self.severity not in {s.value for s in d.IncidentSeverity}:
            raise IncidentError(f"severity: unknown severity {self.severity!r}")
        end = self.expected_end_at
        if end is not None and end.tzinfo is None:
            raise IncidentError("expected_end_at: a time with its time zone")
        return IncidentDraft(title_he or title_en, title_en or title_he, tuple(dict.fromkeys(self.products)),
                             tuple(dict.fromkeys(self.regions)), self.talking_points_he.strip(),
                             self.talking_points_en.strip(), end, self.severity)


@dataclass(frozen=True)
class IncidentInfo:
    """An incident as the screens show it (no live ORM object leaves this module)."""

    id: uuid.UUID
    title_he: str
    title_en: str
    products: tuple[str, ...]  # empty: every product
    regions: tuple[str, ...]  # empty: every region
    talking_points_he: str
    talking_points_en: str
    severity: str
    started_at: datetime
    expected_end_at: datetime | None
    resolved_at: datetime | None

    @property
    def open(self) -> bool:
        return self.resolved_at is None

    def affects(self, region: str | None, categories: Iterable[str]) -> bool:
        """Does it touch a customer in ``region`` with live products of ``categories``?"""
        if self.regions and region not in self.regions:
            return False
        return not self.products or bool(set(self.products) & set(categories))


@dataclass(frozen=True)
class RepeatCaller:
    """A customer who reached the desk ``contacts`` times in the last 24 hours."""

    customer_id: uuid.UUID
    name: str
    phone: str | None
    region: str | None
    contacts: int
    last_contact_at: datetime


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _info(row: m.Incident) -> IncidentInfo:
    products = row.product_categories
    if products is None:
        products = [row.product_category.value] if row.product_category is not None else []
    regions = row.regions if row.regions is not None else ([row.region] if row.region else [])
    return IncidentInfo(row.id, row.title_he, row.title_en, tuple(str(p) for p in products),
                        tuple(str(r) for r in regions), row.talking_points_he or "", row.talking_points_en or "",
                        getattr(row.severity, "value", str(row.severity)), _aware(row.started_at),
                        _aware(row.expected_end_at), _aware(row.resolved_at))


# -- one unit of work each (the caller owns the session) ---------------------------------------


def open_incidents(session: Session, now: datetime) -> list[IncidentInfo]:
    """Unresolved incidents that have started, newest first."""
    rows = session.scalars(sa.select(m.Incident).where(m.Incident.resolved_at.is_(None),
                                                       m.Incident.started_at <= now)
                           .order_by(m.Incident.started_at.desc()))
    return [_info(row) for row in rows]


def recent_incidents(session: Session, now: datetime, days: int = 7) -> list[IncidentInfo]:
    """Open incidents and those resolved in the last ``days`` days (the lead's list), newest first."""
    since = now - timedelta(days=days)
    rows = session.scalars(sa.select(m.Incident).where(
        sa.or_(m.Incident.resolved_at.is_(None), m.Incident.resolved_at >= since))
        .order_by(m.Incident.resolved_at.is_not(None), m.Incident.started_at.desc()).limit(200))
    return [_info(row) for row in rows]


def affecting(session: Session, profile: CustomerProfile, now: datetime) -> list[IncidentInfo]:
    """The open incidents that touch this customer's region or live products."""
    categories = {s.category.value for s in profile.subscriptions if s.status != d.SubscriptionStatus.CANCELLED}
    return [i for i in open_incidents(session, now) if i.affects(profile.region, categories)]


def affecting_customer(session: Session, customer_id: uuid.UUID, now: datetime) -> list[IncidentInfo]:
    profile = load_profile(session, customer_id)
    return [] if profile is None else affecting(session, profile, now)


def declare(session: Session, draft: IncidentDraft, by: uuid.UUID | None, now: datetime) -> uuid.UUID:
    """A new incident, open from ``now``."""
    draft = draft.checked()
    row = m.Incident(started_at=now, created_by=by, severity=d.IncidentSeverity(draft.severity))
    _fill(row, draft)
    session.add(row)
    session.flush()
    return row.id


def update(session: Session, incident_id: uuid.UUID, draft: IncidentDraft) -> None:
    """New wording, scope or expected end for an open incident (every desk follows)."""
    draft = draft.checked()
    row = session.get(m.Incident, incident_id)
    if row is None:
        raise IncidentError("incident: no such incident (or you may not see it)")
    if row.resolved_at is not None:
        raise IncidentError("incident: already resolved")
    row.severity = d.IncidentSeverity(draft.severity)
    _fill(row, draft)
    session.flush()


def resolve(session: Session, incident_id: uuid.UUID, now: datetime) -> None:
    """The incident is over: the banners go away."""
    row = session.get(m.Incident, incident_id)
    if row is None:
        raise IncidentError("incident: no such incident (or you may not see it)")
    if row.resolved_at is None:
        row.resolved_at = now
        session.flush()


def _fill(row: m.Incident, draft: IncidentDraft) -> None:
    row.title_he, row.title_en = draft.title_he, draft.title_en
    row.talking_points_he = draft.talking_points_he or None
    row.talking_points_en = draft.talking_points_en or None
    row.expected_end_at = draft.expected_end_at
    row.product_categories = list(draft.products) or None
    row.regions = list(draft.regions) or None
    # The single columns (read by older code and the call log) when the scope is one item.
    row.product_category = d.ProductCategory(draft.products[0]) if len(draft.products) == 1 else None
    row.region = draft.regions[0] if len(draft.regions) == 1 else None


def repeat_callers(session: Session, incident: IncidentInfo, now: datetime, limit: int = 200) -> list[RepeatCaller]:
    """Customers with two or more calls in the last 24 hours, at least one of them tagged with
    this incident, most contacts first. (The hours before the declaration count: the snowball
    of calls usually starts before a lead declares the incident.)"""
    since = now - REPEAT_WINDOW
    call = m.RetentionCall
    recent = (sa.select(call.customer_id, sa.func.count().label("contacts"),
                        sa.func.max(call.started_at).label("last_at"),
                        sa.func.max(sa.case((call.incident_id == incident.id, 1), else_=0)).label("tagged"))
              .where(call.started_at >= since, call.started_at <= now, call.customer_id.is_not(None),
                     call.amends_call_id.is_(None))
              .group_by(call.customer_id).subquery())
    rows = session.execute(
        sa.select(recent.c.customer_id, recent.c.contacts, recent.c.last_at, m.Customer.first_name,
                  m.Customer.last_name, m.Customer.region)
        .join(m.Customer, m.Customer.id == recent.c.customer_id)
        .where(recent.c.contacts >= REPEAT_CONTACTS, recent.c.tagged == 1)
        .order_by(recent.c.contacts.desc(), recent.c.last_at.desc()).limit(limit)).all()
    phones = _first_phones(session, [r.customer_id for r in rows])
    return [RepeatCaller(r.customer_id, f"{r.first_name or ''} {r.last_name or ''}".strip(), phones.get(r.customer_id),
                         r.region, int(r.contacts), _aware(r.last_at)) for r in rows]


def _first_phones(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    phone = m.CustomerPhone
    found: dict[uuid.UUID, str] = {}
    for customer_id, e164 in session.execute(sa.select(phone.customer_id, phone.e164)
                                             .where(phone.customer_id.in_(ids)).order_by(phone.e164)):
        found.setdefault(customer_id, e164)
    return found


def goodwill_first(offers: Sequence[Any]) -> tuple[Any, ...]:
    """Ranked offers with the outage goodwill ones first (otherwise in their order)."""
    return tuple(sorted(offers, key=lambda r: getattr(r.offer.kind, "value", r.offer.kind) != GOODWILL_KIND))


# -- the desks' side -----------------------------------------------------------------------------


class Outage:
    """What the screens ask about incidents, for the person at a desk. Every method is one
    unit of work and may wait on the network: call it on a worker, never the GUI thread.

    Attributes:
        person: the agents.id of the person at the desk (declarations are theirs), or None.
        live: True on PostgreSQL (notifications), False on SQLite (poll only).
    """

    def __init__(self, factory: sessionmaker[Session], person: uuid.UUID | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 copy: sessionmaker[Session] | None = None) -> None:
        self._factory = factory
        self.person = person
        self.clock = clock
        # An offline desk's copy (agent_desk.offline): what the banner and the caller's flag
        # read while the server cannot be reached (the incidents come with every sync).
        self._copy = copy
        bind = factory.kw.get("bind")
        self._engine: Engine | None = bind if isinstance(bind, Engine) else None
        self.live = self._engine is not None and self._engine.dialect.name == "postgresql"

    @classmethod
    def of(cls, desk: Any) -> Outage:
        """The outage service on a :class:`agent_desk.desk.Desk`'s database, for its person
        (an offline desk's copy answers the agent's reads while the server does not)."""
        store = getattr(desk, "store", None)
        return cls(desk.factory, desk.user.id if desk.user is not None else None,
                   copy=store.reader if store is not None else None)

    def _read(self, fn: Callable[[Session], Any]) -> Any:
        try:
            with self._factory() as session:
                return fn(session)
        except Exception as exc:
            if self._copy is None or not is_temporary(exc):
                raise
            link = getattr(self._factory, "link", None)  # an offline desk's: the next read goes straight to the copy
            if link is not None:
                link.set(False)
        with self._copy() as session:
            return fn(session)

    def open(self) -> list[IncidentInfo]:
        return self._read(lambda session: open_incidents(session, self.clock()))

    def recent(self) -> list[IncidentInfo]:
        with self._factory() as session:
            return recent_incidents(session, self.clock())

    def affecting(self, customer_id: uuid.UUID) -> list[IncidentInfo]:
        return self._read(lambda session: affecting_customer(session, customer_id, self.clock()))

    def declare(self, draft: IncidentDraft) -> uuid.UUID:
        with self._factory() as session, session.begin():
            return declare(session, draft, self.person, self.clock())

    def update(self, incident_id: uuid.UUID, draft: IncidentDraft) -> None:
        with self._factory() as session, session.begin():
            update(session, incident_id, draft)

    def resolve(self, incident_id: uuid.UUID) -> None:
        with self._factory() as session, session.begin():
            resolve(session, incident_id, self.clock())

    def repeat_callers(self, incident: IncidentInfo) -> list[RepeatCaller]:
        with self._factory() as session:
            return repeat_callers(session, incident, self.clock())

    def listener(self, changed: Callable[[str], None]) -> IncidentListener | None:
        """A listener calling ``changed(incident id)`` on its own thread (PostgreSQL), else None."""
        return IncidentListener(self._engine, changed) if self.live and self._engine is not None else None


class IncidentListener:
    """Waits for ``NOTIFY incidents`` on a connection of its own, on a thread of its own.

    ``changed(payload)`` is called on that thread (a Qt caller hands it on by a signal). A lost
    connection is retried every few seconds; the desks' slow poll covers the gap. The
    connection comes from the desk's engine, so it signs in exactly as the desk does.
    """

    RETRY_SECONDS = 3.0

    def __init__(self, engine: Engine, changed: Callable[[str], None], wait_seconds: float = 0.5) -> None:
        self._engine = engine
        self._changed = changed
        self._wait = wait_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while LISTEN is in place (tests wait on it)

    def start(self) -> IncidentListener:
        self._thread = threading.Thread(target=self._run, name="incident-listener", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # noqa: BLE001 - a dropped link must not end the thread
                log.info("incident listener: %s; retrying", exc.__class__.__name__)
            self.listening.clear()
            self._stop.wait(self.RETRY_SECONDS)

    def _listen(self) -> None:
        pooled = self._engine.raw_connection()
        pooled.detach()  # ours alone until closed; never handed back to the pool in LISTEN state
        connection = pooled.dbapi_connection
        try:
            connection.rollback()
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            while not self._stop.is_set():
                for note in connection.notifies(timeout=self._wait):
                    self._changed(note.payload)
        finally:
            connection.close()
