"""Scoring a labelled export that the model was not trained on, without writing anything.

The file is read through an import mapping exactly as ``agent-desk import customers`` reads
it (``agent_desk.importer``): the status column is the outcome (cancelled or active; other
rows are skipped), ``customer_since`` gives the tenure as of the evaluation day, a mapped
field named like a standard fact (``monthly_price``, ``products``...) gives that fact, and the
custom attributes are the unmapped columns. A customers file carries no contact or billing
history, so those facts are 0, as they are for a customer imported from such a file.

Qt-free; reads the database only to find the active model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from agent_desk import domain as d
from agent_desk.churn import ChurnFacts
from agent_desk.risk.metrics import roc_auc
from agent_desk.risk.model import AttributeValue, LearnedModel, attribute_value

_FACT_FIELDS = {f.name for f in fields(ChurnFacts)} - {"days_to_commitment_end", "tenure_years"}


class EvaluationRefused(Exception):
    """The file cannot give an AUC (no labelled rows, one outcome only)."""


@dataclass
class Evaluation:
    auc: float
    scored: int
    cancelled: int
    skipped: Counter[str] = field(default_factory=Counter)


def case_of(row_fields: dict[str, Any], attributes: dict[str, tuple[str, Any]],
            as_of: date) -> tuple[ChurnFacts, dict[str, AttributeValue]]:
    """The facts and attributes of one mapped customers row, as of ``as_of``."""
    values: dict[str, Any] = {}
    since = row_fields.get("customer_since")
    if isinstance(since, date):
        values["tenure_years"] = round((as_of - since).days / 365.25, 2)
    for name in _FACT_FIELDS & row_fields.keys():
        try:
            values[name] = float(row_fields[name])
        except (TypeError, ValueError):
            continue
    converted = {
        name: attribute_value(kind, value if kind == "text" else None,
                              value if kind == "number" else None, value if kind == "bool" else None)
        for name, (kind, value) in attributes.items()
    }
    return ChurnFacts(**values), converted


def evaluate_file(path: Path, mapping_path: Path, model: LearnedModel, as_of: date,
                  progress: Callable[[float], None] | None = None) -> Evaluation:
    """The held-out AUC of ``model`` on a labelled customers file.

    Raises:
        EvaluationRefused: no row with a known outcome, or one outcome only.
        agent_desk.importer.mapping.MappingError, agent_desk.importer.reader.ImportFileError,
        OSError: as an import of the file would.
    """
    from agent_desk.importer.mapping import load_mapping
    from agent_desk.importer.reader import mapped_rows

    mapping = load_mapping(mapping_path, kind="customers")
    labels: list[int] = []
    scores: list[float] = []
    skipped: Counter[str] = Counter()
    for row in mapped_rows(path, mapping, kind="customers", **({"progress": progress} if progress else {})):
        if row.problems:
            skipped["rows with problems"] += 1
            continue
        status = row.fields.get("status")
        if status not in (d.CustomerStatus.CANCELLED, d.CustomerStatus.ACTIVE):
            skipped["rows without a cancelled or active status"] += 1
            continue
        facts, attributes = case_of(row.fields, row.attributes, as_of)
        labels.append(1 if status == d.CustomerStatus.CANCELLED else 0)
        scores.append(model.score(facts, attributes).probability)
    if not labels:
        raise EvaluationRefused(f"{path}: no row has a cancelled or active status to score")
    cancelled = sum(labels)
    if cancelled in (0, len(labels)):
        raise EvaluationRefused(f"{path}: all {len(labels):,} scored rows are "
                                f"{'cancelled' if cancelled else 'active'}; the AUC needs both")
    return Evaluation(auc=roc_auc(labels, scores), scored=len(labels), cancelled=cancelled, skipped=skipped)
