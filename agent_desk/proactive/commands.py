"""``agent-desk queue generate|rules`` and ``agent-desk referrals export``.

Registered by :data:`agent_desk.cli.COMMAND_MODULES`. Light to import: the database code
loads only when a command runs.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from agent_desk.settings import Settings


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-25") from None


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``queue generate``, ``queue rules load|show`` and ``referrals export``."""
    queue = commands.add_parser("queue", help="the proactive work queue: generate a day's tasks, load its rules")
    actions = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    generate = actions.add_parser("generate", help="make a day's tasks from the rules (idempotent; docs/queue.md)")
    generate.add_argument("--url", help="database URL (default: the configured one)")
    generate.add_argument("--date", type=_day, help="the Israel calendar day (YYYY-MM-DD; default today)")
    generate.set_defaults(handler=generate_command)
    rules = actions.add_parser("rules", help="the queue's rules and contact policy")
    rule_actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    load = rule_actions.add_parser("load", help="check a rules file and store its rules and policy")
    load.add_argument("file", nargs="?", help="rules file (default: the bundled resources/queue/rules.yaml)")
    load.add_argument("--url", help="database URL (default: the configured one)")
    load.set_defaults(handler=load_rules_command)
    check = rule_actions.add_parser("check", help="check a rules file; non-zero exit on the first problem")
    check.add_argument("file")
    check.set_defaults(handler=check_rules_command)

    referrals = commands.add_parser("referrals", help="referrals from satisfied customers, for sales")
    ref_actions = referrals.add_subparsers(dest="referrals_command", metavar="ACTION", required=True)
    export = ref_actions.add_parser("export", help="write the referrals to FILE.csv (UTF-8 with BOM) or FILE.xlsx")
    export.add_argument("file", help="a .csv or .xlsx file to write")
    export.add_argument("--url", help="database URL (default: the configured one)")
    export.add_argument("--lang", choices=("he", "en"), default="he", help="column names' language (default he)")
    export.add_argument("--all", action="store_true", help="also those who did not consent to be called")
    export.set_defaults(handler=export_referrals_command)


def _current(engine: Engine) -> str | None:
    from agent_desk.data import migrate

    if not migrate.schema_state(engine).is_current:
        return "the database is not at this build's schema; run 'agent-desk db upgrade' first"
    return None


def generate_command(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from agent_desk.cli import _fail, _with_database
    from agent_desk.proactive.calendar import israel_today
    from agent_desk.proactive.generate import generate
    from agent_desk.proactive.rules import RulesError

    def work(engine: Engine) -> int:
        problem = _current(engine)
        if problem:
            return _fail(problem)
        now = datetime.now(UTC)
        day = args.date or israel_today(now)
        try:
            with Session(engine) as session, session.begin():
                report = generate(session, day, now)
        except RulesError as exc:
            return _fail(str(exc))
        if report.closed:
            print(f"{day.isoformat()}: Shabbat or a holiday, no proactive contact: no tasks")
            return 0
        made = ", ".join(f"{code} {n:,}" for code, n in sorted(report.created.items())) or "nothing new"
        print(f"{day.isoformat()}: {report.total:,} new tasks ({made}) in {report.seconds:.2f} s")
        return 0

    return _with_database(args.url, settings, work)


def check_rules_command(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from agent_desk.cli import _fail
    from agent_desk.proactive.rules import RulesError, read_file

    try:
        rule_set = read_file(Path(args.file))
    except RulesError as exc:
        return _fail(str(exc))
    print(f"{args.file}: {len(rule_set.rules)} rules, contact policy ok")
    return 0


def load_rules_command(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from agent_desk.cli import _fail, _with_database
    from agent_desk.proactive.rules import RulesError, bundled_rules_file, read_file, store

    path = Path(args.file) if args.file else bundled_rules_file()
    try:
        rule_set = read_file(path)
    except RulesError as exc:
        return _fail(str(exc))

    def work(engine: Engine) -> int:
        problem = _current(engine)
        if problem:
            return _fail(problem)
        with Session(engine) as session, session.begin():
            stored = store(session, rule_set)
        print(f"{path}: {stored} rules and the contact policy stored")
        return 0

    return _with_database(args.url, settings, work)


def export_referrals_command(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from agent_desk.cli import _fail, _with_database, describe_failure
    from agent_desk.proactive import referrals

    path = Path(args.file)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        return _fail(f"{path}: the file must end in .csv or .xlsx")

    def work(engine: Engine) -> int:
        problem = _current(engine)
        if problem:
            return _fail(problem)
        with Session(engine) as session:
            rows = referrals.list_referrals(session, consented_only=not args.all)
            session.rollback()
        try:
            referrals.export(rows, path, args.lang)
        except OSError as exc:
            return _fail(f"{path}: {describe_failure(exc)}")
        print(f"{path}: {len(rows):,} referrals written")
        return 0

    return _with_database(args.url, settings, work)
