"""The PostgreSQL roles of a shared desk database, by name (Qt-free, SQL-free constants).

Group roles are made by migration 0008 (see ``docs/security.md``); a person is a LOGIN role
that is a member of exactly one person group and whose name is their ``agents.username``.
This module only names things and checks names: it runs no SQL.
"""

from __future__ import annotations

import re

from agent_desk import domain as d

OWNER = "desk_owner"  # owns every table and function; nobody logs in as it
AGENT = "desk_agent"
LEAD = "desk_lead"  # also a member of desk_agent: a lead works calls too
ADMIN = "desk_admin"
JOBS = "desk_jobs"  # the housekeeping service (agent-desk jobs run)

PERSON_GROUPS = (AGENT, LEAD, ADMIN)
DESK_ROLES = (AGENT, LEAD, ADMIN, JOBS)
ALL_GROUPS = (OWNER, *DESK_ROLES)

GROUP_FOR_ROLE = {d.Role.AGENT: AGENT, d.Role.TEAM_LEAD: LEAD, d.Role.ADMIN: ADMIN}
ROLE_NAMES = {"agent": d.Role.AGENT, "lead": d.Role.TEAM_LEAD, "team_lead": d.Role.TEAM_LEAD,
              "admin": d.Role.ADMIN}

# A login name is an unquoted-safe identifier: lower-case letters, digits, _ . -, starting with
# a letter, at most 63 bytes (PostgreSQL's limit) and 64 for agents.username.
_LOGIN = re.compile(r"[a-z][a-z0-9_.\-]{0,62}")
RESERVED_PREFIXES = ("pg_", "desk_")
RESERVED = frozenset({"postgres", "public", "none", "current_user", "session_user", "current_role"})


def check_login_name(name: str) -> str:
    """``name`` if it can be a person's login; ValueError with the reason otherwise."""
    if not _LOGIN.fullmatch(name):
        raise ValueError(f"user name {name!r} must be 1-63 characters: lower-case Latin letters, digits, "
                         f"'_', '.' or '-', starting with a letter")
    if name in RESERVED or name.startswith(RESERVED_PREFIXES):
        raise ValueError(f"user name {name!r} is reserved")
    return name


def role_from_text(text: str) -> d.Role:
    """``agent``, ``lead`` (or ``team_lead``) or ``admin``; ValueError otherwise."""
    try:
        return ROLE_NAMES[text.strip().lower()]
    except KeyError:
        raise ValueError(f"role {text!r} is not one of: agent, lead, admin") from None


def adopt_table_sql(table: str) -> list[str]:
    """What a later migration runs for a table it creates: owned by desk_owner, row-level
    security on and forced (the policies and grants are the migration's own)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", table):
        raise ValueError(f"not a plain table name: {table!r}")
    return [f"ALTER TABLE {table} OWNER TO {OWNER}",
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"]


def group_role_statements() -> list[str]:
    """The DBA's one-time statements for the group roles (docs/security.md, "What a DBA runs
    once"), safe to run again: a role already there is left as it is."""
    def create(role: str, extra: str = "") -> str:
        return (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                f"THEN CREATE ROLE {role} NOLOGIN{extra}; END IF; END $$")

    return [*(create(role) for role in (OWNER, AGENT, ADMIN, JOBS)),
            create(LEAD, f" IN ROLE {AGENT}"),
            f"ALTER ROLE {OWNER} CREATEROLE"]
