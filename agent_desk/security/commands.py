"""Command-line commands of this package (registered by agent_desk.cli.COMMAND_MODULES).

``agent-desk admin create-user NAME --role agent|lead|admin [--team T] [--authority A]``
``agent-desk admin set-role NAME --role ROLE`` / ``disable-user NAME`` / ``reset-password NAME``
``agent-desk jobs run [--url URL]``  the server's housekeeping (cron, systemd timer)

A password is read from a silent prompt (twice), or from the first line of standard input
when that is not a terminal; it is never an argument, never echoed, never logged. Failures
are one line. Module-level imports stay light: the work is imported when a command runs.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

ROLE_CHOICES = ("agent", "lead", "admin")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``admin`` (desk users) and ``jobs`` (housekeeping)."""
    admin = commands.add_parser("admin", help="desk users on PostgreSQL: create, change role, disable, password")
    actions = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    create = actions.add_parser("create-user", help="a new person: their login and their desk user")
    create.add_argument("name", help="login name (lower-case letters, digits, _ . -)")
    create.add_argument("--role", required=True, choices=ROLE_CHOICES)
    create.add_argument("--team", metavar="TEAM_NAME", help="the team, by name")
    create.add_argument("--authority", metavar="AMOUNT", help="offer authority in shekels (default 0)")
    create.add_argument("--display-name", metavar="TEXT", help="the name the desk shows (default: NAME)")
    create.add_argument("--language", choices=("he", "en"), default="he", help="the person's UI language")
    role = actions.add_parser("set-role", help="move a person to another role")
    role.add_argument("name")
    role.add_argument("--role", required=True, choices=ROLE_CHOICES)
    disable = actions.add_parser("disable-user", help="the person can no longer sign in (their work stays)")
    disable.add_argument("name")
    reset = actions.add_parser("reset-password", help="a new password, typed at a prompt")
    reset.add_argument("name")
    for action in (create, role, disable, reset):
        action.add_argument("--url", help="database URL, without the password (default: the configured one)")
        action.set_defaults(handler=_admin)

    jobs = commands.add_parser("jobs", help="server housekeeping, for cron or a systemd timer")
    job_actions = jobs.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    run = job_actions.add_parser("run", help="escalate callbacks, expire approvals, check saves, relearn rates")
    run.add_argument("--url", help="database URL of the jobs login (default: the configured one)")
    run.set_defaults(handler=_jobs)


def read_password(name: str) -> str:
    """The new password: a silent prompt typed twice, or standard input's first line."""
    from agent_desk.security.admin import AdminError

    if sys.stdin is None:
        raise AdminError("no password given: type it at the prompt or pipe it on standard input")
    if sys.stdin.isatty():
        first = getpass.getpass(f"New password for {name}: ")
        if getpass.getpass("Type it again: ") != first:
            raise AdminError("the two passwords differ; nothing was changed")
        return first
    line = sys.stdin.readline()
    if not line:
        raise AdminError("no password on standard input")
    return line.rstrip("\r\n")


def _admin(args: argparse.Namespace, settings: Any) -> int:
    from agent_desk.cli import _fail, _with_database
    from agent_desk.security import admin, roles

    try:
        name = roles.check_login_name(args.name)
        role = roles.role_from_text(args.role) if getattr(args, "role", None) else None
        authority = admin.parse_authority(getattr(args, "authority", None))
        password = None
        if args.admin_command in ("create-user", "reset-password"):
            password = admin.check_password(read_password(name))
    except (ValueError, admin.AdminError) as exc:
        return _fail(str(exc))

    def work(engine: Any) -> int:
        try:
            with engine.begin() as connection:
                if args.admin_command == "create-user":
                    assert role is not None and password is not None
                    admin.create_user(connection, name, role, password, team=args.team, authority=authority,
                                      display_name=args.display_name, language=args.language)
                    team = f", team {args.team}" if args.team else ""
                    print(f"created {args.role} {name}{team}, offer authority ₪{authority:,.2f}")
                elif args.admin_command == "set-role":
                    assert role is not None
                    admin.set_role(connection, name, role)
                    print(f"{name} is now {args.role}")
                elif args.admin_command == "disable-user":
                    admin.disable_user(connection, name)
                    print(f"{name} can no longer sign in")
                else:
                    assert password is not None
                    admin.reset_password(connection, name, password)
                    print(f"new password set for {name}")
        except admin.AdminError as exc:
            return _fail(str(exc))
        return 0

    return _with_database(args.url, settings, work)


def _jobs(args: argparse.Namespace, settings: Any) -> int:
    from agent_desk.cli import _fail, _with_database
    from agent_desk.data import migrate
    from agent_desk.security.jobs import NotTheJobsRole, run_jobs

    def work(engine: Any) -> int:
        if not migrate.schema_state(engine).is_current:
            return _fail("the database is not at this build's schema; run 'agent-desk db upgrade' first")
        try:
            report = run_jobs(engine)
        except NotTheJobsRole as exc:
            return _fail(str(exc))
        for job, count in report.done.items():
            print(f"{count} {job}")
        for job, why in report.failed.items():
            print(f"agent-desk: jobs run: {job} failed: {why}", file=sys.stderr)
        return 0 if report.ok else 1

    return _with_database(args.url, settings, work)
