"""``agent-desk import customers|subscriptions|interactions FILE --mapping MAP.toml``.

Registered by :data:`agent_desk.cli.COMMAND_MODULES`. Light to import: the importer and
the database code load only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from agent_desk.settings import Settings

KINDS = ("customers", "subscriptions", "interactions")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``import``."""
    parser = commands.add_parser(
        "import", help="import customers, subscriptions or interactions from a CSV or XLSX export",
        description="Import a CRM or billing export through a mapping file (docs/import.md). "
                    "Bad rows go to FILE.rejects.csv; the good rows land.")
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument("file", help="the export: .csv (UTF-8 or Windows-1255) or .xlsx")
    parser.add_argument("--mapping", required=True, metavar="MAP.toml", help="the mapping file")
    parser.add_argument("--url", help="database URL (default: the configured one)")
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.set_defaults(handler=import_command)


class ProgressBar:
    """A text bar on a terminal: ``[##########----------]  50%``, redrawn when it moves."""

    WIDTH = 30

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self._shown = -1

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(100, int(fraction * 100)))
        if percent == self._shown:
            return
        self._shown = percent
        filled = self.WIDTH * percent // 100
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.WIDTH - filled)}] {percent:3d}%")
        self.stream.flush()

    def finish(self) -> None:
        if self._shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from agent_desk.cli import _fail, _with_database, describe_failure
    from agent_desk.data import migrate
    from agent_desk.importer.load import run_import
    from agent_desk.importer.mapping import MappingError, load_mapping
    from agent_desk.importer.reader import ImportFileError

    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path}: no such file")
    try:
        mapping = load_mapping(args.mapping, kind=args.kind)
    except MappingError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(describe_failure(exc))

    def work(engine: Engine) -> int:
        state = migrate.schema_state(engine)
        if state.is_empty and not args.dry_run:
            migrate.upgrade(engine)
        elif not state.is_current:
            return _fail("the database is not at this build's schema; run 'agent-desk db upgrade' first")
        bar = ProgressBar() if sys.stderr.isatty() else None
        try:
            summary = run_import(engine, path, mapping, args.kind, dry_run=args.dry_run, progress=bar)
        except (MappingError, ImportFileError) as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(describe_failure(exc))
        finally:
            if bar is not None:
                bar.finish()
        print(f"{args.kind}: {summary.line()}")
        return 0

    return _with_database(args.url, settings, work)
