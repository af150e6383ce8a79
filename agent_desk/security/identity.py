"""Who is at the desk, and signing in to a shared database (Qt-free).

On PostgreSQL every person signs in with their own login role; who is at the desk is the
database's ``current_user``, never a setting: :func:`whoami` reads the active ``agents`` row
whose ``username`` is that login. The embedded SQLite file is one local user: there
:func:`whoami` keeps the old rule (the configured user name, else the first agent).

:func:`sign_in` connects as a person and tells in one line why it could not. The password is
given to the driver as a separate value, held in memory only: it never goes into a URL on a
command line, a settings file, a log line or a message (:func:`agent_desk.data.db.scrub`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.calls import DeskUser, desk_user
from agent_desk.data import models as m
from agent_desk.data.db import error_line, make_engine, normalize_url

# PostgreSQL's own limit on role names (NAMEDATALEN - 1); longer names are cut by the server.
MAX_USERNAME = 63
# A password is typed by a person; anything longer is a paste gone wrong.
MAX_PASSWORD = 1024


def is_shared(url: str | URL) -> bool:
    """True for a PostgreSQL URL (people sign in), False for the embedded SQLite file."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.get_backend_name() in ("postgresql", "postgres")


def whoami(session: Session, username: str = "") -> DeskUser | None:
    """The person at this desk, or None when the login is not an active desk user.

    PostgreSQL: the active agents row named like ``current_user`` (``username`` is ignored:
    a setting or ``--user`` never chooses who you are there). SQLite: ``username``, else the
    first active agent (the single local user of the embedded file).
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return desk_user(session, username, d.Role.AGENT)
    agent = session.scalars(
        sa.select(m.Agent).where(m.Agent.active, m.Agent.username == sa.func.current_user()).limit(1)
    ).first()
    if agent is None:
        return None
    return DeskUser(agent.id, agent.username, agent.display_name, agent.role, agent.team_id,
                    agent.offer_authority, agent.gender)


class Refusal(enum.Enum):
    """Why a sign-in did not work; the dialog says each in its own words."""

    WRONG_PASSWORD = "wrong_password"  # SQLSTATE 28P01 (or a login that does not exist)
    DISABLED = "disabled"  # the login role is NOLOGIN (agent-desk admin disable-user)
    NOT_DESK_USER = "not_desk_user"  # a login with no active agents row
    NOT_ALLOWED_HERE = "not_allowed_here"  # no pg_hba.conf line for this computer or database
    UNREACHABLE = "unreachable"  # no server at that address, or it did not answer
    EMPTY = "empty"  # no user name or no password typed
    # The server cannot be reached, and the password is not the one that last signed in on
    # the server from this desk (the only one its local store can check).
    OFFLINE_WRONG_PASSWORD = "offline_wrong_password"
    OTHER = "other"


class SignInRefused(Exception):
    """A sign-in that did not work. ``detail`` is the server's line, password scrubbed."""

    def __init__(self, refusal: Refusal, detail: str = "") -> None:
        super().__init__(f"{refusal.value}: {detail}" if detail else refusal.value)
        self.refusal = refusal
        self.detail = detail


@dataclass(frozen=True)
class SignedIn:
    """A person signed in: the database URL that connects as them, and who they are.

    ``url`` carries the password and lives in memory only; ``repr`` never shows it.
    """

    url: str = field(repr=False)
    user: DeskUser
    # Signed in against the desk's local store while the server could not be reached
    # (``agent_desk.offline``): the server checks the password when the link is back.
    offline: bool = False

    @property
    def shown_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)


def without_password(url: str) -> tuple[str, bool]:
    """``url`` with any password taken out, and whether there was one (``--db`` with a
    password is not refused: the password is dropped and the dialog asks for it)."""
    parsed = make_url(normalize_url(url))
    if parsed.password is None:
        return parsed.render_as_string(hide_password=False), False
    # URL.set() leaves a field alone when given None: build the URL again without it.
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database,
                      parsed.query)
    return bare.render_as_string(hide_password=False), True


def with_login(url: str, username: str, password: str) -> str:
    """The URL that connects as ``username`` with ``password`` (in memory only)."""
    return make_url(normalize_url(url)).set(username=username, password=password).render_as_string(
        hide_password=False)


# libpq's connection errors carry no SQLSTATE in psycopg (they come before a session
# exists), only the server's FATAL line: matched on the server's English words. A server
# set to another lc_messages falls through to OTHER, which still shows the server's line.
_REFUSALS = (
    (re.compile(r"password authentication failed|authentication failed for user|role .* does not exist",
                re.IGNORECASE), Refusal.WRONG_PASSWORD),
    (re.compile(r"is not permitted to log in", re.IGNORECASE), Refusal.DISABLED),
    (re.compile(r"no pg_hba\.conf entry|permission denied for database|does not have CONNECT privilege",
                re.IGNORECASE), Refusal.NOT_ALLOWED_HERE),
    (re.compile(r"refused|could not connect|could not translate host|timeout|timed out|did not answer|"
                r"server closed the connection|no route to host|network is unreachable|name or service",
                re.IGNORECASE), Refusal.UNREACHABLE),
)


def classify(exc: BaseException, url: str | URL | None = None) -> SignInRefused:
    """What a failed connection means for the person signing in."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) == "28P01":
        return SignInRefused(Refusal.WRONG_PASSWORD, error_line(exc, url))
    line = error_line(exc, url)
    text = str(orig)
    for pattern, refusal in _REFUSALS:
        if pattern.search(text):
            return SignInRefused(refusal, line)
    return SignInRefused(Refusal.OTHER, line)


def sign_in(url: str, username: str, password: str) -> SignedIn:
    """Connect to the shared database as ``username`` and find who that is.

    Runs on a worker thread (it waits on the network, up to the connect timeout).

    Raises:
        SignInRefused: with the reason (wrong password, not a desk user, unreachable...).
    """
    username = username.strip()
    if not username or not password:
        raise SignInRefused(Refusal.EMPTY)
    if len(username) > MAX_USERNAME or len(password) > MAX_PASSWORD or "\x00" in username + password:
        raise SignInRefused(Refusal.WRONG_PASSWORD)
    signed_url = with_login(url, username, password)
    engine = make_engine(signed_url)
    try:
        with Session(engine) as session:
            user = whoami(session)
    except sa.exc.DBAPIError as exc:
        raise classify(exc, signed_url) from None
    finally:
        engine.dispose()
    if user is None:
        raise SignInRefused(Refusal.NOT_DESK_USER)
    return SignedIn(signed_url, user)
