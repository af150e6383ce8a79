"""Desk users on a shared PostgreSQL database: create, change role, disable, reset password.

A person is a PostgreSQL LOGIN role (SCRAM password) that is a member of one person group
(``desk_agent``, ``desk_lead`` or ``desk_admin``) and whose name is their ``agents.username``.
These functions change both in the caller's transaction (role DDL is transactional in
PostgreSQL), so a half-made user never stays behind. They run as an admin's login (or the
DBA's) and go through migration 0008's fixed SQL functions (``desk_create_login`` and the
like, run as desk_owner): no person needs CREATEROLE, which on PostgreSQL 15 would let them
grant themselves any group.

Passwords are turned into a SCRAM verifier by libpq on this machine before any SQL is sent:
the statement (and a server log of it) carries the verifier, never the password.
Qt-free; no module-level import of psycopg's C parts beyond psycopg itself.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.ids import new_id
from agent_desk.security import roles

MIN_PASSWORD = 8
MAX_PASSWORD = 200
MAX_AUTHORITY = Decimal("100000")


class AdminError(ValueError):
    """The request cannot be carried out; the message is one line, fit for the terminal."""


def check_password(password: str) -> str:
    if "\n" in password or "\r" in password or "\x00" in password:
        raise AdminError("the password must be one line")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"the password must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AdminError(f"the password must be at most {MAX_PASSWORD} characters")
    return password


def parse_authority(text: str | None) -> Decimal:
    """An offer authority in shekels: a number from 0 to 100,000 with at most 2 decimals."""
    if text is None or str(text).strip() == "":
        return Decimal("0")
    try:
        value = Decimal(str(text).strip().replace(",", "").removeprefix("₪"))
    except InvalidOperation:
        raise AdminError(f"authority {text!r} is not an amount of shekels") from None
    if not value.is_finite() or value < 0 or value > MAX_AUTHORITY:
        raise AdminError(f"authority must be from 0 to {MAX_AUTHORITY:,}")
    if value != value.quantize(Decimal("0.01")):
        raise AdminError("authority has at most 2 decimals (agorot)")
    return value


def _name(name: str) -> str:
    try:
        return roles.check_login_name(name)
    except ValueError as exc:
        raise AdminError(str(exc)) from None


def _postgres(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise AdminError("users and roles exist on PostgreSQL only; the embedded SQLite file has one local user")


def _call(connection: Connection, function: str, *args: str) -> None:
    """Call one of the user functions of migration 0008; its refusals become one line."""
    placeholders = ", ".join(f":a{i}" for i in range(len(args)))
    try:
        connection.execute(sa.text(f"SELECT {function}({placeholders})"), {f"a{i}": arg for i, arg in enumerate(args)})
    except sa.exc.DBAPIError as exc:
        diag = getattr(getattr(exc.orig, "diag", None), "message_primary", None)
        if getattr(exc.orig, "sqlstate", None) in ("22023", "42710", "42501") and diag:
            raise AdminError(diag) from None
        raise


def _verifier(connection: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq makes for ``password`` (the password stays here)."""
    raw = connection.connection.driver_connection
    return raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()


def _login_exists(connection: Connection, name: str) -> bool:
    return bool(connection.scalar(sa.text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name}))


def _agent(connection: Connection, name: str) -> sa.Row | None:
    return connection.execute(sa.select(m.Agent.id, m.Agent.role, m.Agent.active)
                              .where(m.Agent.username == name)).first()


def create_user(connection: Connection, name: str, role: d.Role, password: str, *, team: str | None = None,
                authority: Decimal | None = None, display_name: str | None = None,
                language: str = "he") -> uuid.UUID:
    """Make a person: their login role in the role's group and their agents row. Returns the id."""
    _postgres(connection)
    name = _name(name)
    check_password(password)
    authority = Decimal("0") if authority is None else authority
    display = (display_name or name).strip()
    if not display or len(display) > 120:
        raise AdminError("the display name must be 1-120 characters")
    team_id = None
    if team:
        team_id = connection.scalar(sa.select(m.Team.id).where(m.Team.name == team))
        if team_id is None:
            raise AdminError(f"no team named {team!r}")
    if _agent(connection, name) is not None:
        raise AdminError(f"a desk user named {name!r} exists already (use set-role or reset-password)")
    if _login_exists(connection, name):
        raise AdminError(f"a database login named {name!r} exists already on this server")
    _call(connection, "desk_create_login", name, _verifier(connection, name, password), roles.GROUP_FOR_ROLE[role])
    agent_id = new_id()
    connection.execute(sa.insert(m.Agent).values(
        id=agent_id, created_at=m.utcnow(), username=name, display_name=display, role=role, team_id=team_id,
        language=language, offer_authority=authority, offer_kinds=[], active=True))
    return agent_id


def _person(connection: Connection, name: str) -> sa.Row:
    _postgres(connection)
    name = _name(name)
    agent = _agent(connection, name)
    if agent is None:
        raise AdminError(f"no desk user named {name!r}")
    if not _login_exists(connection, name):
        raise AdminError(f"desk user {name!r} has no database login on this server")
    return agent


def set_role(connection: Connection, name: str, role: d.Role) -> None:
    """Move a person to another group (and their agents row with them)."""
    _person(connection, name)
    _call(connection, "desk_set_login_group", name, roles.GROUP_FOR_ROLE[role])
    connection.execute(sa.update(m.Agent).where(m.Agent.username == name).values(role=role))


def disable_user(connection: Connection, name: str) -> None:
    """The person can no longer sign in, and the desk no longer counts them as a user.

    Their rows stay (calls are kept). An open session becomes nobody at once (``desk_me()``
    is NULL, so nothing is written as them) and ends when they sign out, or when a DBA runs
    ``pg_terminate_backend`` for it.
    """
    _person(connection, name)
    _call(connection, "desk_disable_login", name)
    connection.execute(sa.update(m.Agent).where(m.Agent.username == name).values(active=False))


def reset_password(connection: Connection, name: str, password: str) -> None:
    """A new password (the old one stops working at once for new sign-ins)."""
    _person(connection, name)
    check_password(password)
    _call(connection, "desk_set_login_password", name, _verifier(connection, name, password))
