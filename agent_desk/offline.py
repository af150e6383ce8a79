"""The offline desk (issue 12): an agent's desk on a shared server that keeps working without it.

:class:`OfflineDesk` is a :class:`~agent_desk.desk.Desk` whose agent-side reads come from the
desk's local store (``agent_desk.sync.local``) and whose writes go into that store and its
outbox in one local transaction; the sync worker pushes them and pulls what changed. What
must be live, or is the team lead's, goes to the server as on any desk: the lead's queue
and decisions, dashboards, the catalog, the work queue's claims, revealing an ID.

* A caller the store holds pops from the store, at once, whether the server answers or not.
* A caller it does not hold is fetched through from the server (and kept) when the server
  answers; when it does not, :class:`NotOnThisDesk` says so and the agent logs the call
  against the number (the wrap-up is queued like any other).
* A search asks the server while it answers (the whole customer base), else the store (the
  answer says it searched only this desk).
* The team lead's answer to an approval is read from the server while it answers.

:class:`Link` is what the desk knows of the server: up, down, or not yet known. A call to the
server that fails on the connection marks it down, and the desk stops trying the server
for reads until the sync worker (which keeps trying, with backoff) finds it up again, so a
dead link costs the agent one timeout, not one per pop.

Signing in while the server cannot be reached: :func:`remember_sign_in` keeps a salted
scrypt digest of the password that last signed in on the server in the person's store, and
:func:`offline_sign_in` checks a typed password against it (``docs/sync.md``).

Qt-free.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.calls import DeskUser, desk_user
from agent_desk.data import migrate, queries
from agent_desk.data import models as m
from agent_desk.data.db import make_engine, session_factory
from agent_desk.desk import (
    ApprovalState,
    CallerLookup,
    CallOffers,
    CustomerHistory,
    CustomerMatch,
    CustomerProfile,
    Desk,
    DeskStart,
    DueCallback,
    Found,
    SubmittedCall,
    choices,
)
from agent_desk.ids import new_confirmation_number
from agent_desk.offers.service import rank_for_call
from agent_desk.phones import DEFAULT_REGION
from agent_desk.scripts.library import load_bundled_scripts
from agent_desk.scripts.model import Script
from agent_desk.scripts.publish import load_latest_scripts
from agent_desk.sync import server as sync_server
from agent_desk.sync.engine import SyncEngine
from agent_desk.sync.errors import is_temporary
from agent_desk.sync.local import LocalStore
from agent_desk.sync.mutations import submit_payload
from agent_desk.wrapup import WrapUp, due_callbacks, submit_call

if TYPE_CHECKING:
    from agent_desk.call import Write
    from agent_desk.paths import AppDirs
    from agent_desk.security.identity import SignedIn

log = logging.getLogger(__name__)

#: How many customers a desk keeps whole by default (settings: ``offline_customers``).
DEFAULT_HOLD = 2000


class NotOnThisDesk(LookupError):
    """The customer (or the caller of ``e164``) is not held on this desk, and the server
    cannot be reached to fetch them now."""

    def __init__(self, e164: str | None = None) -> None:
        super().__init__("not held on this desk, and the server cannot be reached")
        self.e164 = e164


class Link:
    """What the desk knows of the server link (thread-safe): ``online`` is True, False, or
    None before anything was tried. ``on_write`` is called after each queued write (the
    sync worker sends it soon)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._online: bool | None = None
        self.on_write: Callable[[], None] = lambda: None
        self.on_change: Callable[[bool], None] = lambda _online: None

    @property
    def online(self) -> bool | None:
        with self._lock:
            return self._online

    def set(self, online: bool) -> None:
        with self._lock:
            changed, self._online = self._online != online, online
        if changed:
            self.on_change(online)

    @property
    def worth_trying(self) -> bool:
        """Not known to be down (up, or not tried yet)."""
        return self.online is not False


class ServerOffline(ConnectionError):
    """Not tried: the server is known to be unreachable (the sync worker is the one that
    tries, and says when it answers again). Work that needs the server fails at once instead
    of waiting out a connect timeout on a dead link."""

    def __init__(self) -> None:
        super().__init__("the server cannot be reached now")


class GuardedFactory:
    """Sessions on the server, refused at once (:class:`ServerOffline`) while the link is
    known to be down. Looks like the sessionmaker it wraps (``kw``, ``__call__``)."""

    def __init__(self, factory: sessionmaker[Session], link: Link) -> None:
        self.inner = factory
        self.link = link
        self.kw = factory.kw

    def __call__(self, **kwargs: Any) -> Session:
        if self.link.online is False:
            raise ServerOffline()
        return self.inner(**kwargs)


def unguarded(factory: sessionmaker[Session] | GuardedFactory) -> sessionmaker[Session]:
    return factory.inner if isinstance(factory, GuardedFactory) else factory


# -- where a person's store lives, and signing in without the server ----------------------


def store_path(dirs: AppDirs, url: str, username: str) -> Path:
    """The person's local store for the server at ``url``: one file per server and login."""
    parsed = make_url(url)
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
    folder = hashlib.sha256(server.encode()).hexdigest()[:16]
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in username.lower())[:63]
    return dirs.data / "offline" / folder / f"{safe}.sqlite3"


def remember_sign_in(dirs: AppDirs, url: str, user: DeskUser, password: str) -> None:
    """After a sign-in the server accepted: this person may sign in here offline with the
    same password (the store keeps a salted digest, never the password)."""
    store = LocalStore(store_path(dirs, url, user.username), user.id)
    try:
        store.remember_password(password)
    finally:
        store.close()


def offline_sign_in(dirs: AppDirs, url: str, username: str, password: str) -> DeskUser | None:
    """The person whose store at ``url`` this is, when ``password`` is the one that last
    signed in on the server from this desk; None otherwise (no store, no digest, another
    password, or the store does not know them)."""
    path = store_path(dirs, url, username.strip())
    if not path.exists():
        return None
    store = LocalStore(path)
    try:
        if not store.check_password(password):
            return None
        with store.reader() as session:
            user = desk_user(session, username.strip())
    finally:
        store.close()
    if user is None or user.id != store.agent_id:
        return None
    return user


@dataclass(frozen=True)
class OpenedStore:
    """The person's desk on their local store, and an engine for the server (not connected yet).

    Attributes:
        filled: the store has been filled from the server before (it can work offline).
    """

    desk: OfflineDesk
    engine: sa.Engine
    filled: bool
    last_synced: datetime | None = None

    @property
    def store(self) -> LocalStore:
        return self.desk.store


def open_offline(signed: SignedIn, dirs: AppDirs) -> OpenedStore:
    """Open (or make) the store of ``signed`` and the desk on it (on a worker: it reads the
    disk). Nothing here waits on the server: the engine connects when first used. Signed in
    offline, the desk does not try the server until the sync worker finds it answering."""
    store = LocalStore(store_path(dirs, signed.url, signed.user.username), signed.user.id)
    try:
        engine = make_engine(signed.url)
        desk = OfflineDesk(session_factory(engine), store, signed.user)
        if signed.offline:
            desk.link.set(False)
        filled = desk.has_reference_data()
        last_synced = store.last_synced()
    except BaseException:
        store.close()
        raise
    return OpenedStore(desk, engine, filled, last_synced)


# -- the desk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """Customers fetched through from the server: how many, how many rows."""

    customers: int
    rows: int


def _read_whole(session: Session, customer_ids: Sequence[uuid.UUID],
                ) -> tuple[list[uuid.UUID], list[tuple[str, dict[str, Any]]]]:
    """These customers, everyone who shares a number with them, and all their rows (in one
    snapshot of the server when the session was opened with ``sync_server.PULL_OPTIONS``)."""
    everyone = sync_server.with_co_owners(session, list(customer_ids))
    return everyone, sync_server.customer_rows(session, everyone)


class OfflineDesk(Desk):
    """A desk that reads the agent's side from the local store and queues its writes.

    Args:
        factory: sessions on the shared server as the person's own login (the lead's side,
            fetch-through, live answers).
        store: the person's local store.
        user: who is signed in.
        link: what is known of the server link (shared with the sync worker).
    """

    def __init__(self, factory: sessionmaker[Session], store: LocalStore, user: DeskUser | None,
                 link: Link | None = None) -> None:
        link = link or Link()
        super().__init__(GuardedFactory(unguarded(factory), link), user, embedded=False)  # type: ignore[arg-type]
        self.store = store
        self.link = link

    @property
    def server_factory(self) -> sessionmaker[Session]:
        """Sessions on the server that always try (the sync worker's)."""
        return unguarded(self.factory)

    def as_user(self, user: DeskUser | None) -> OfflineDesk:
        return OfflineDesk(self.server_factory, self.store, user, self.link)

    # -- plumbing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _local(self) -> Iterator[Session]:
        with self.store.reader() as session:
            yield session

    def _from_server(self, fn: Callable[[Session], Any]) -> Any:
        """``fn`` in a server session; a connection failure marks the link down (and raises)."""
        try:
            with self.factory() as session:
                result = fn(session)
        except Exception as exc:
            if is_temporary(exc):
                self.link.set(False)
            raise
        self.link.set(True)
        return result

    def fetch(self, customer_ids: Sequence[uuid.UUID]) -> Fetched:
        """Bring these customers' whole histories from the server and keep them here, with
        everyone who shares a phone number with them (one transaction on each side)."""
        if not customer_ids:
            return Fetched(0, 0)

        def read(session: Session) -> tuple[list[uuid.UUID], list[tuple[str, dict[str, Any]]]]:
            session.connection(execution_options=sync_server.PULL_OPTIONS)  # one snapshot for every table
            return _read_whole(session, customer_ids)

        everyone, rows = self._from_server(read)
        self.store.store_customers(rows, everyone)
        return Fetched(len(everyone), len(rows))

    def _fetch_or_offline(self, customer_ids: Sequence[uuid.UUID], e164: str | None = None) -> None:
        if not self.link.worth_trying:
            raise NotOnThisDesk(e164)
        try:
            self.fetch(customer_ids)
        except Exception as exc:
            if is_temporary(exc):
                raise NotOnThisDesk(e164) from exc
            raise

    def _queued(self, kind: str, payload: dict[str, Any], apply: Callable[[Session], Any] | None = None,
                key: uuid.UUID | None = None) -> Any:
        _mutation, answer = self.store.write(kind, payload, apply=apply, key=key)
        self.link.on_write()
        return answer

    # -- start-up ------------------------------------------------------------------------

    def start_up(self, username: str = "") -> DeskStart:
        """Who sits here (the signed-in person, from the store) and the choices, from the store."""
        with self._local() as session:
            start = choices(session)
            agent = desk_user(session, self.user.username if self.user else username) if (
                self.user or username) else None
        agent = agent or self.user
        return DeskStart(agent, agent, start[0], start[1])

    def has_reference_data(self) -> bool:
        """Has this store been filled from the server at least once?"""
        with self._local() as session:
            return bool(choices(session)[0])

    def call_submitted(self, call_id: uuid.UUID) -> bool:
        with self._local() as session:

            return session.scalar(sa.select(m.RetentionCall.submitted_at)
                                  .where(m.RetentionCall.id == call_id)) is not None

    # -- the caller ----------------------------------------------------------------------

    def pop(self, raw: str, region: str = DEFAULT_REGION) -> CallerLookup:
        """As :meth:`Desk.pop`, read from this desk's copy (a caller it does not hold is
        fetched whole first), and with the history too: the copy is local, so the 360 comes
        in one answer."""
        with self._local() as session:
            lookup = queries.pop_caller(session, raw, region, full=True)
        if lookup.error or lookup.matches:
            self.store.hold([match.id for match in lookup.matches])
            return lookup
        # Nobody here has the number: the server may know them.
        if not self.link.worth_trying:
            raise NotOnThisDesk(lookup.e164)
        e164 = lookup.e164 or ""

        def find_and_read(session: Session) -> tuple[list[uuid.UUID], list[tuple[str, dict[str, Any]]]]:
            # Who has the number and their whole histories: one server transaction, one snapshot.
            session.connection(execution_options=sync_server.PULL_OPTIONS)
            found = list(session.scalars(
                sa.select(m.Customer.id).join(m.CustomerPhone, m.CustomerPhone.customer_id == m.Customer.id)
                .where(m.CustomerPhone.e164 == e164)))
            return _read_whole(session, found) if found else ([], [])

        try:
            everyone, rows = self._from_server(find_and_read)
        except Exception as exc:
            if is_temporary(exc):
                raise NotOnThisDesk(lookup.e164) from exc
            raise
        if not everyone:
            return lookup  # a new caller: no customer has the number anywhere
        self.store.store_customers(rows, everyone)
        with self._local() as session:
            return queries.pop_caller(session, raw, region, full=True)

    def search(self, text: str, region: str = DEFAULT_REGION) -> list[CustomerMatch]:
        if self.link.worth_trying:
            try:
                return Found(self._from_server(lambda session: queries.search_customers(session, text, region)))
            except Exception as exc:
                if not is_temporary(exc):
                    raise
        with self._local() as session:
            return Found(queries.search_customers(session, text, region), local_only=True)

    def _ensure_held(self, customer_id: uuid.UUID) -> None:
        if self.store.holds(customer_id):
            self.store.hold([customer_id])
            return
        self._fetch_or_offline([customer_id])

    def customer(self, customer_id: uuid.UUID) -> CustomerProfile | None:
        self._ensure_held(customer_id)
        with self._local() as session:
            return queries.load_profile(session, customer_id)

    def history(self, profile: CustomerProfile, today: date | None = None) -> CustomerHistory:
        with self._local() as session:
            return queries.load_history(session, profile, today or datetime.now(UTC).date())

    def customer_360(self, customer_id: uuid.UUID,
                     today: date | None = None) -> tuple[CustomerProfile | None, CustomerHistory | None]:
        with contextlib.suppress(NotOnThisDesk):
            self._ensure_held(customer_id)
        with self._local() as session:
            profile = queries.load_profile(session, customer_id)
            history = queries.load_history(session, profile, today or datetime.now(UTC).date()) if profile else None
        return profile, history

    # -- callbacks -------------------------------------------------------------------------

    def due_callbacks(self, now: datetime | None = None) -> list[DueCallback]:
        user = self._user()
        with self._local() as session:
            return due_callbacks(session, user.id, user.team_id, now or datetime.now(UTC))

    def complete_callback(self, callback_id: uuid.UUID, now: datetime | None = None) -> None:
        at = now or datetime.now(UTC)
        self._queued("callback.complete", {"id": str(callback_id), "at": at.isoformat()},
                     key=uuid.uuid5(callback_id, "complete"))

    # -- offers on a call ------------------------------------------------------------------

    def rank_offers(self, customer_id: uuid.UUID, reason: str | None, today: date | None = None) -> CallOffers | None:
        """From the server while it answers (an incident declared a moment ago puts its
        goodwill offers first at once), else from the desk's copy."""
        user = self._user()
        if self.link.worth_trying:
            try:
                return self._from_server(lambda session: rank_for_call(session, customer_id, reason, user.id, today))
            except Exception as exc:
                if not is_temporary(exc):
                    raise
        with self._local() as session:
            return rank_for_call(session, customer_id, reason, user.id, today)

    def approval_states(self, request_ids: Sequence[uuid.UUID],
                        now: datetime | None = None) -> dict[uuid.UUID, ApprovalState]:
        """The lead's answers: from the server while it answers (they are live), else from
        what the last sync brought."""
        if self.link.worth_trying:
            try:
                return super().approval_states(request_ids, now)
            except Exception as exc:
                if not is_temporary(exc):
                    raise
                self.link.set(False)
        local = Desk(self.store.reader, self.user, embedded=True)
        return local.approval_states(request_ids, now)

    def run(self, write: Write) -> Any:
        """An in-call write: applied here and queued, in one local transaction (a retry of
        the same write is applied again and queued once)."""
        if not write.kind or write.payload is None:
            raise ValueError(f"the write {write.what!r} has no offline form")
        return self._queued(write.kind, write.payload, apply=write.apply, key=write.key)

    # -- scripts and the wrap-up -----------------------------------------------------------

    def scripts(self) -> list[Script]:
        with self._local() as session:
            published = load_latest_scripts(session)
        return published or load_bundled_scripts()

    def submit(self, wrapup: WrapUp) -> SubmittedCall:
        """The wrap-up, stored here and queued for the server. A cancellation's confirmation
        number is drawn now (the customer hears it now) and travels with it; submitting
        again changes nothing."""
        at, number = datetime.now(UTC), new_confirmation_number()
        return self._queued("call.submit", submit_payload(wrapup, at, number),
                            apply=lambda session: submit_call(session, wrapup, now=at, confirmation_number=number),
                            key=wrapup.call_id)

    # -- for the sync worker ---------------------------------------------------------------

    def sync_engine(self) -> SyncEngine:
        """The engine that syncs this desk's store, as its person, trying the server always."""
        return SyncEngine(self.store, self.server_factory)

    def server_schema(self) -> migrate.SchemaState:
        """The server's schema state (raises when this app must not touch it)."""
        return migrate.usable_state(self.server_factory.kw["bind"])

    def needed_customers(self, limit: int) -> list[uuid.UUID]:
        """The customers this person will likely need, as the server sees it now."""
        from agent_desk.sync.needs import needed_customers

        user = self._user()
        return self._from_server(lambda session: needed_customers(session, user, limit))


__all__ = [
    "DEFAULT_HOLD", "Fetched", "GuardedFactory", "Link", "NotOnThisDesk", "OfflineDesk", "OpenedStore", "ServerOffline",
    "offline_sign_in", "open_offline", "remember_sign_in", "store_path",
]
