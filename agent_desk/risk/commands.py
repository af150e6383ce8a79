"""``agent-desk risk train|evaluate``: learn the churn-risk model, and check it on a labelled file.

Registered by :data:`agent_desk.cli.COMMAND_MODULES`. Light to import: scikit-learn, numpy
and the database code load only when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from agent_desk.settings import Settings


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``risk train`` and ``risk evaluate``."""
    risk = commands.add_parser("risk", help="the churn-risk model: train it on the history, evaluate it on a file")
    actions = risk.add_subparsers(dest="risk_command", metavar="ACTION", required=True)
    train = actions.add_parser(
        "train", help="learn the churn-risk model from customers whose outcome is known (docs/risk.md)")
    train.add_argument("--url", help="database URL (default: the configured one)")
    train.add_argument("--as-of", type=date.fromisoformat, help="the training day (YYYY-MM-DD; default today)")
    train.add_argument("--without", action="append", default=[], metavar="ATTRIBUTE",
                       help="leave this custom attribute out (one recorded after the outcome); repeatable")
    train.add_argument("--dry-run", action="store_true", help="train and print the AUCs, store nothing")
    train.set_defaults(handler=train_command)
    evaluate = actions.add_parser("evaluate", help="score a labelled customers file with the active model; "
                                                   "prints AUC 0.xxxx and writes nothing")
    evaluate.add_argument("file", help="a customers export (.csv or .xlsx) with a status column")
    evaluate.add_argument("--mapping", required=True, metavar="MAP.toml", help="its import mapping")
    evaluate.add_argument("--url", help="database URL (default: the configured one)")
    evaluate.add_argument("--as-of", type=date.fromisoformat, help="the day tenure is counted to (default today)")
    evaluate.set_defaults(handler=evaluate_command)


def _progress(label: str):  # noqa: ANN202 - a tiny closure
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{label}: {done:,}/{total:,} customers", end="", file=sys.stderr, flush=True)

    return show


def train_command(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from agent_desk.cli import _fail, _with_database
    from agent_desk.data import migrate

    def work(engine: Engine) -> int:
        try:
            from agent_desk.risk import training
        except ImportError:  # pragma: no cover - depends on the installation
            return _fail("training needs scikit-learn: pip install 'agent-desk[train]'")
        if not migrate.schema_state(engine).is_current:
            return _fail("the database is not at this build's schema; run 'agent-desk db upgrade' first")
        today = args.as_of or date.today()
        progress = _progress("reading the history")
        with Session(engine) as session, session.begin():
            try:
                result = training.train(session, today, without=args.without, progress=progress)
            except training.TrainingRefused as exc:
                if progress:
                    print(file=sys.stderr)
                return _fail(f"cannot train: {exc}")
            if progress:
                print(file=sys.stderr)
            version = None if args.dry_run else training.store(session, result).version
        _report(result, version)
        return 0

    return _with_database(args.url, settings, work)


def _report(result, version: int | None) -> None:  # noqa: ANN001 - training.TrainingResult, imported lazily
    history = result.history
    left_out = "; ".join(f"{n:,} {why}" for why, n in sorted(history.excluded.items())) or "none"
    print(f"{result.train_rows + result.holdout_rows:,} customers with a known outcome "
          f"({result.cancelled_rows:,} cancelled) as of {history.today.isoformat()}; "
          f"trained on {result.train_rows:,}, held out {result.holdout_rows:,}; left out: {left_out}")
    if history.cancelled_without_date:
        print(f"{history.cancelled_without_date:,} cancelled customers have no cancellation date: "
              f"their facts are as of the training day")
    print(f"held-out AUC {result.auc_holdout:.4f} (regularised, C={result.c:g})")
    print(f"baseline AUC {result.auc_baseline:.4f} (plain logistic regression on the standard facts, same split)")
    if result.auc_hand_set is not None:
        print(f"hand-set AUC {result.auc_hand_set:.4f} (today's churn_weights, same split)")
    print("factors carrying the score (log-odds per standard deviation, or for having the value):")
    for feature, effect in result.top_factors():
        print(f"  {effect:+.3f}  {feature.label_en}")
    for warning in result.warnings:
        print(f"agent-desk: warning: {warning}", file=sys.stderr)
    print(f"stored as risk model version {version}; the desk scores with it from the next caller on"
          if version else "dry run: nothing stored")


def evaluate_command(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from agent_desk.cli import _fail, _with_database, describe_failure
    from agent_desk.data import migrate
    from agent_desk.importer.mapping import MappingError
    from agent_desk.importer.reader import ImportFileError
    from agent_desk.risk.evaluate import EvaluationRefused, evaluate_file
    from agent_desk.risk.model import active_model

    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path}: no such file")

    def work(engine: Engine) -> int:
        if not migrate.schema_state(engine).is_current:
            return _fail("the database is not at this build's schema; run 'agent-desk db upgrade' first")
        with Session(engine) as session:
            model = active_model(session)
            session.rollback()
        if model is None:
            return _fail("no trained risk model in the database: run 'agent-desk risk train' first")
        try:
            result = evaluate_file(path, Path(args.mapping), model, args.as_of or date.today())
        except (MappingError, ImportFileError, EvaluationRefused) as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(describe_failure(exc))
        skipped = ", ".join(f"{n:,} {why}" for why, n in sorted(result.skipped.items()))
        print(f"scored {result.scored:,} customers ({result.cancelled:,} cancelled) with risk model "
              f"version {model.version}" + (f"; skipped {skipped}" if skipped else ""))
        print(f"AUC {result.auc:.4f}")
        return 0

    return _with_database(args.url, settings, work)
