"""The ``agent-desk scripts lint|publish`` commands, as functions ``agent_desk.cli`` calls.

``lint_command`` prints one line per finding, ``file:line:col: severity: code: message``
(the format editors and CI annotate from), then a summary on stderr, and returns 1 when
there is an error. ``publish_command`` lints against the target database's codes and
publishes every file in one transaction, or nothing. No Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.scripts.lint import lint_paths, script_files
from agent_desk.scripts.model import LintMessage


def _summary(messages: Sequence[LintMessage], files: int) -> str:
    errors = sum(1 for m in messages if m.is_error)
    warnings = len(messages) - errors
    if not messages:
        return f"{files} script file(s): no problems"
    return f"{errors} error(s), {warnings} warning(s) in {files} script file(s)"


def _print(messages: Sequence[LintMessage], out: TextIO) -> None:
    for message in messages:
        print(message, file=out)


def lint_command(paths: list[str]) -> int:
    """Lint files and folders of scripts; 1 when any has an error, else 0."""
    files = script_files(paths)
    if not files:
        print("agent-desk: no script files (*.yaml) found in " + " ".join(paths), file=sys.stderr)
        return 1
    messages = lint_paths(files)
    _print(messages, sys.stdout)
    print(_summary(messages, len(files)), file=sys.stderr)
    return 1 if any(m.is_error for m in messages) else 0


def publish_command(paths: list[str], url: str | None) -> int:
    """Lint, then publish every script into the database at ``url`` (default: the configured one)."""
    from agent_desk.data import migrate
    from agent_desk.data.db import DatabaseUrlError, make_engine, normalize_url, resolve_url, session_factory
    from agent_desk.settings import load_settings

    files = script_files(paths)
    if not files:
        print("agent-desk: no script files (*.yaml) found in " + " ".join(paths), file=sys.stderr)
        return 1
    try:
        engine = make_engine(normalize_url(url) if url else resolve_url(load_settings()))
    except DatabaseUrlError as exc:
        print(f"agent-desk: {exc}", file=sys.stderr)
        return 1
    try:
        state = migrate.schema_state(engine)
        if not state.is_current:
            print(f"agent-desk: the database is at {state.current or 'an empty schema'}; "
                  "run 'agent-desk db upgrade' first", file=sys.stderr)
            return 1
        with session_factory(engine).begin() as session:
            return _publish_all(session, files)
    except sa.exc.OperationalError as exc:
        print(f"agent-desk: cannot reach the database: {str(exc.orig or exc).strip().splitlines()[0]}",
              file=sys.stderr)
        return 1
    except sa.exc.DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        # PostgreSQL: only admins publish, in their own name (migration 0017)
        print(f"agent-desk: nothing published: only an admin may publish call scripts "
              f"({str(exc.orig).strip().splitlines()[0]})", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _publish_all(session: Session, files: list[str]) -> int:
    from agent_desk.scripts.publish import known_codes, publish_outcome
    from agent_desk.security.identity import whoami

    known = known_codes(session)
    # On PostgreSQL a version is published in the name of the person signed in (row-level
    # security refuses any other name); the migration login, nobody's, publishes as nobody.
    person = whoami(session) if session.get_bind().dialect.name == "postgresql" else None
    messages = lint_paths(files, known)
    _print(messages, sys.stdout)
    if any(m.is_error for m in messages):
        print(_summary(messages, len(files)) + "; nothing published", file=sys.stderr)
        return 1
    for file in files:
        row, created = publish_outcome(session, file, person.id if person else None, known=known)
        news = "published as" if created else "unchanged, still"
        print(f"{file}: {news} {row.script_key} v{row.version} (sha256 {row.sha256[:12]})")
    return 0
