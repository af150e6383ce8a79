"""The ``agent-desk`` command: the app itself and its admin and developer commands.

``agent-desk``                         open the app (agent view) on the configured database
``agent-desk db upgrade [--url URL]``  migrate a database to this build's schema
``agent-desk db current [--url URL]``  show a database's schema revision
``agent-desk demo-data --url URL ...`` fill an empty database with a demo customer base
``agent-desk screenshot --out F.png``  render the main window offscreen to a PNG
``agent-desk screen-pop PHONE``        pop a caller in the running app, or start it with them
``agent-desk scripts lint|publish PATH...``  check and publish call scripts
``agent-desk offers import|export|refresh-rates|check-saves|expire-approvals``  the offer catalog

This module imports no Qt at module level; GUI commands import ``agent_desk.ui`` lazily,
so the admin commands run on a server without a display or Qt libraries.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from agent_desk import __version__
from agent_desk.paths import app_dirs
from agent_desk.settings import SUPPORTED_LANGUAGES, Settings, load_settings


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1400x900, not {text!r}") from None
    if width < 200 or height < 150:
        raise argparse.ArgumentTypeError("size must be at least 200x150")
    return width, height


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (like every other failure of the command)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"agent-desk: {self.prog.removeprefix('agent-desk').strip() or 'usage'}: {message} "
              f"(see agent-desk --help)", file=sys.stderr)
        raise SystemExit(2)


# Command groups that live in their own modules (each module is light to import: no Qt,
# no heavy libraries at module level). Each has ``add_commands(commands)``, which adds its
# sub-parsers and sets ``handler`` on them with ``set_defaults``; ``main`` then calls
# ``handler(args, settings)`` and returns its exit status.
COMMAND_MODULES = (
    "agent_desk.importer.commands",
    "agent_desk.risk.commands",
    "agent_desk.security.commands",
    "agent_desk.proactive.commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="agent-desk", description="Retention desk client.")
    parser.add_argument("--version", action="version", version=f"agent-desk {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (default: the embedded SQLite file)")
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES, help="UI language (default: system)")
    parser.add_argument("--view", choices=("agent", "lead", "catalog"), default="agent", help="view to open")
    parser.add_argument("--user", metavar="USERNAME",
                        help="the desk user on the embedded file (default: settings, else the first agent); "
                             "on PostgreSQL it only fills in the sign-in dialog")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="database schema commands")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (("upgrade", "migrate to this build's schema"), ("current", "show the revision")):
        action = db_commands.add_parser(name, help=text)
        action.add_argument("--url", help="database URL (default: the configured one)")

    demo = commands.add_parser("demo-data", help="fill an empty database with demo customers")
    demo.add_argument("--url", help="database URL (default: the configured one)")
    demo.add_argument("--customers", type=_positive, default=10_000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--as-of", type=date.fromisoformat, help="the demo's 'today' (YYYY-MM-DD)")

    scripts = commands.add_parser("scripts", help="call scripts: lint and publish")
    script_commands = scripts.add_subparsers(dest="scripts_command", metavar="ACTION", required=True)
    lint = script_commands.add_parser("lint", help="check script files; non-zero exit on errors")
    lint.add_argument("paths", nargs="+", help="script files or folders")
    publish = script_commands.add_parser("publish", help="lint, then publish as new immutable versions")
    publish.add_argument("paths", nargs="+", help="script files or folders")
    publish.add_argument("--url", help="database URL (default: the configured one)")

    offers = commands.add_parser("offers", help="the save-offer catalog and its learning")
    offer_commands = offers.add_subparsers(dest="offers_command", metavar="ACTION", required=True)
    for name, text in (("import", "add or update offers from a catalog file"),
                       ("export", "write the database's catalog to a file")):
        action = offer_commands.add_parser(name, help=text)
        action.add_argument("file", help="catalog file (YAML)")
        action.add_argument("--url", help="database URL (default: the configured one)")
    for name, text in (("refresh-rates", "relearn P(save) from the offers presented so far"),
                       ("check-saves", "mark accepted offers 90+ days old: is the customer still here?"),
                       ("expire-approvals", "expire approval requests nobody answered in time")):
        action = offer_commands.add_parser(name, help=text)
        action.add_argument("--url", help="database URL (default: the configured one)")

    pop = commands.add_parser("screen-pop", help="pop a caller in the running app (or start it)")
    pop.add_argument("phone", help="the caller's number, written any way")

    shot = commands.add_parser("screenshot", help="render the main window offscreen to a PNG")
    shot.add_argument("--out", required=True, help="PNG file to write")
    shot.add_argument("--db", dest="shot_db", metavar="URL", help="database URL")
    shot.add_argument("--lang", dest="shot_lang", choices=SUPPORTED_LANGUAGES)
    shot.add_argument("--ani", help="phone number of a caller to pop first")
    shot.add_argument("--view", dest="shot_view", choices=("agent", "lead", "catalog"))
    shot.add_argument("--reason", help="with --ani: the cancellation reason (picks the script and the offers)")
    shot.add_argument("--answers", default="", help="with --reason: script answers to give first, e.g. 1,1,2")
    shot.add_argument("--tab", choices=("script", "offers", "wrapup"), help="the call tool to show")
    shot.add_argument("--keys", default="", help="keys to press before the shot, e.g. F1 or Ctrl+E (comma-separated)")
    shot.add_argument("--size", type=_size, default=(1400, 900), help="WIDTHxHEIGHT (default 1400x900)")
    shot.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for data")
    import importlib

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from agent_desk.logs import configure_logging

    configure_logging()  # library INFO (alembic) to the log file only; warnings to the terminal
    settings = load_settings()
    if settings.problems and args.command not in (None, "screen-pop"):
        # A command on defaults could act on the wrong database: refuse, in one line.
        return _fail("; ".join(settings.problems) + " (fix the settings file first)")
    for problem in settings.problems:
        print(f"agent-desk: {problem} (using the default)", file=sys.stderr)
    if args.db:
        settings = replace(settings, db_url=args.db)
    if args.lang:
        settings = replace(settings, language=args.lang)
    if args.user:
        settings = replace(settings, username=args.user)
    try:
        if getattr(args, "handler", None) is not None:
            return args.handler(args, settings)
        if args.command == "db":
            return _db(args, settings)
        if args.command == "demo-data":
            return _demo_data(args, settings)
        if args.command == "screenshot":
            return _screenshot(args, settings)
        if args.command == "scripts":
            from agent_desk.scripts.cli import lint_command, publish_command

            if args.scripts_command == "lint":
                return lint_command(args.paths)
            url = _url(args.url, settings)
            return _with_database(url, settings, lambda _engine: publish_command(args.paths, url))
        if args.command == "offers":
            return _offers(args, settings)
        if args.command == "screen-pop":
            from agent_desk.ui.screen_pop import send_to_running

            if send_to_running(args.phone):
                return 0
            from agent_desk.ui.app import run_app

            return run_app(settings, view="agent", ani=args.phone)
        from agent_desk.ui.app import run_app

        return run_app(settings, view=args.view)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if os.environ.get("AGENT_DESK_DEBUG"):
            raise
        return _fail(describe_failure(exc))


def describe_failure(exc: BaseException, url: str | None = None) -> str:
    """One line for a failed command: what is wrong, never a traceback, SQL or a password."""
    from alembic.util import CommandError

    from agent_desk.data.db import DatabaseUrlError, display_url, error_line, sqlite_path
    from agent_desk.data.migrate import DatabaseNotUsable

    where = display_url(url) if url else "the database"
    if isinstance(exc, DatabaseUrlError | DatabaseNotUsable):
        return str(exc)
    if isinstance(exc, sa.exc.OperationalError):
        if url and sqlite_path(url) is not None:
            return f"cannot use {where}: {error_line(exc, url)}"
        return f"cannot reach the database: {error_line(exc, url)}"
    if isinstance(exc, sa.exc.DatabaseError):
        if url and sqlite_path(url) is not None:
            return f"{where} is damaged or not an agent-desk database: {error_line(exc, url)}"
        return f"the database refused: {error_line(exc, url)}"
    if isinstance(exc, sa.exc.SQLAlchemyError):
        return f"database error: {error_line(exc, url)}"
    if isinstance(exc, CommandError):
        return f"migration failed: {error_line(exc, url)}"
    if isinstance(exc, OSError):
        return f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}"
    return f"unexpected {type(exc).__name__}: {error_line(exc, url)}"


def _url(explicit: str | None, settings: Settings) -> str:
    from agent_desk.data.db import normalize_url, resolve_url

    return normalize_url(explicit) if explicit else resolve_url(settings)


def _fail(message: str) -> int:
    print(f"agent-desk: {message}", file=sys.stderr)
    return 1


def _with_database(explicit_url: str | None, settings: Settings, work: Callable[[Engine], int]) -> int:
    """Run an admin command against a database, turning the usual failures into one line.

    The database is checked first: a damaged file, another application's database or one
    from a newer agent-desk is named and left untouched.
    """
    from agent_desk.data import migrate
    from agent_desk.data.db import DatabaseUrlError, make_engine

    try:
        url = _url(explicit_url, settings)
        engine = make_engine(url, deadline=False)  # admin work may run long
    except DatabaseUrlError as exc:
        return _fail(str(exc))
    try:
        migrate.usable_state(engine)
        return work(engine)
    except (sa.exc.SQLAlchemyError, migrate.DatabaseNotUsable) as exc:
        return _fail(describe_failure(exc, url))
    finally:
        engine.dispose()


def _db(args: argparse.Namespace, settings: Settings) -> int:
    from agent_desk.data import migrate

    def work(engine: Engine) -> int:
        state = migrate.schema_state(engine)
        if args.db_command == "current":
            print(f"{state.current or 'empty'} (this build's head: {state.head})")
            return 0
        backup = migrate.upgrade(engine, backup_dir=app_dirs().backups)
        if backup:
            print(f"backup: {backup}")
        after = migrate.schema_state(engine)
        print(f"upgraded {state.current or 'empty'} -> {after.current}"
              if state.current != after.current else f"already at {after.current}")
        return 0

    return _with_database(args.url, settings, work)


def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from agent_desk.data import demo, migrate
    from agent_desk.data.setup import publish_bundled_scripts

    def work(engine: Engine) -> int:
        state = migrate.schema_state(engine)
        if state.is_empty:
            migrate.upgrade(engine)
        elif not state.is_current:
            return _fail(f"the database is at {state.current}; run 'agent-desk db upgrade' first")
        started = time.perf_counter()
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if interactive:
                print(f"\r{done:,}/{total:,} customers", end="", file=sys.stderr, flush=True)

        try:
            report = demo.generate(engine, args.customers, seed=args.seed, as_of=args.as_of, progress=progress)
        except ValueError as exc:
            return _fail(str(exc))
        with Session(engine) as session, session.begin():
            published = publish_bundled_scripts(session)
        if interactive:
            print(file=sys.stderr)
        print(f"{report.customers:,} customers, {report.total_rows:,} rows "
              f"in {time.perf_counter() - started:.1f} s; {published} call scripts published")
        return 0

    return _with_database(args.url, settings, work)


def _screenshot(args: argparse.Namespace, settings: Settings) -> int:
    if args.shot_db:
        settings = replace(settings, db_url=args.shot_db)
    if args.shot_lang:
        settings = replace(settings, language=args.shot_lang)
    from agent_desk.ui.screenshot import take_screenshot

    return take_screenshot(
        settings, out=args.out, view=args.shot_view or args.view, ani=args.ani, reason=args.reason,
        answers=[int(a) for a in args.answers.split(",") if a.strip().isdigit()], tab=args.tab,
        keys=[k.strip() for k in args.keys.split(",") if k.strip()], size=args.size, timeout_s=args.timeout,
    )


def _offers(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from agent_desk.data import migrate
    from agent_desk.offers import approvals, catalog, service

    def work(engine: Engine) -> int:
        if not migrate.schema_state(engine).is_current:
            return _fail("the database is not at this build's schema; run 'agent-desk db upgrade' first")
        try:
            with Session(engine) as session, session.begin():
                if args.offers_command == "import":
                    offers = catalog.load(Path(args.file), catalog.known_reasons(session))
                    added, updated = catalog.import_offers(session, offers)
                    print(f"{added} offers added, {updated} updated")
                elif args.offers_command == "export":
                    Path(args.file).write_text(catalog.export_offers(session), encoding="utf-8")
                    print(f"wrote {args.file}")
                elif args.offers_command == "refresh-rates":
                    print(f"{service.refresh_save_rates(session)} offer/reason/tier cells relearned")
                elif args.offers_command == "check-saves":
                    print(f"{service.check_saves_after_90_days(session, date.today())} saves checked")
                else:
                    print(f"{len(approvals.expire_overdue(session))} approval requests expired")
        except catalog.CatalogError as exc:
            for problem in exc.problems:
                print(f"{exc.source}: {problem}", file=sys.stderr)
            return 1
        except OSError as exc:
            return _fail(str(exc))
        return 0

    return _with_database(args.url, settings, work)
