"""Training the churn-risk model: a regularised logistic regression on the labelled cases.

The steps, in order (``train``):

1. the labelled cases (``agent_desk.risk.history``): facts as of before each outcome;
2. a held-out quarter, stratified, with a fixed seed, set aside before anything is learned;
3. the feature spec from the training part only: means and scales of the numbers, the
   categories of the text and yes/no attributes (those seen at least ``MIN_CATEGORY`` times,
   at most ``MAX_CATEGORIES`` per attribute; attributes with more distinct values, such as
   free text or identifiers, are left out), a missing indicator where values are missing;
4. the L2 strength by 5-fold cross-validation on the training part (ROC AUC, C from 0.001 to 10);
5. the held-out ROC AUC of that model, of a plain (unregularised) logistic regression on the
   standard facts, and of today's hand-set weights, all on the same held-out customers;
6. the model stored as a new version in ``risk_models`` (weights per unit of each raw value,
   so the desk scores without scikit-learn).

scikit-learn and numpy are imported inside the functions that need them: importing this
module costs nothing, and the desk never calls it. Qt-free; takes the caller's session.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.churn import FACT_LABELS, INTERCEPT, ChurnFacts, score
from agent_desk.data import models as m
from agent_desk.risk.history import Case, LabelledHistory, labelled_cases
from agent_desk.risk.metrics import roc_auc
from agent_desk.risk.model import (
    ATTRIBUTE,
    CATEGORY,
    FACT,
    FLAG,
    MISSING,
    NUMBER,
    Feature,
    LearnedModel,
    category_of,
    hand_set_weights,
)

SEED = 15
HOLDOUT_SHARE = 0.25
MIN_CASES = 100
MIN_PER_CLASS = 20
MIN_CATEGORY = 10
MAX_CATEGORIES = 30
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5
# Facts that are 0 or 1: flags, measured from 0 and not scaled.
FLAG_FACTS = frozenset({"commitment_ends_30d", "low_satisfaction"})
# An attribute that alone tells the outcome this well probably records it (a churn reason,
# a cancellation date): say so.
SUSPICIOUS_AUC = 0.97


class TrainingRefused(Exception):
    """Training cannot give a usable model (too few customers, one outcome only...)."""


@dataclass(frozen=True)
class _Column:
    """How one feature is computed from a case, and standardised for fitting."""

    feature: Feature
    scale: float = 1.0  # numbers are divided by their standard deviation for the fit


@dataclass
class TrainingResult:
    """What was trained and how well it does on customers it never saw."""

    model: LearnedModel
    auc_holdout: float
    auc_baseline: float
    auc_hand_set: float | None
    train_rows: int
    holdout_rows: int
    cancelled_rows: int
    c: float
    history: LabelledHistory
    warnings: list[str] = field(default_factory=list)

    def top_factors(self, limit: int = 8) -> list[tuple[Feature, float]]:
        """Features by their weight on a standardised scale (what moves the score most)."""
        spread = self.model_spreads
        ranked = sorted(((f, f.weight * spread.get(f.key, 1.0)) for f in self.model.features),
                        key=lambda x: abs(x[1]), reverse=True)
        return ranked[:limit]

    model_spreads: dict[str, float] = field(default_factory=dict)


def _fact_columns(cases: Sequence[Case]) -> list[_Column]:
    columns = []
    for name in ChurnFacts.factor_names():
        values = [float(getattr(c.facts, name)) for c in cases]
        he, en = FACT_LABELS[name]
        if name in FLAG_FACTS:
            if any(values):
                columns.append(_Column(Feature(name, FACT, name, FLAG, 0.0, 0.0, None, he, en)))
            continue
        mean, sd = _mean_sd(values)
        if sd > 0:
            columns.append(_Column(Feature(name, FACT, name, NUMBER, 0.0, mean, None, he, en), sd))
    return columns


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and standard deviation; the deviation is 0 when every value is the same (the
    rounding noise of a constant's mean would otherwise give it an enormous weight)."""
    if len(set(values)) < 2:
        return (values[0] if values else 0.0), 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def _attribute_columns(cases: Sequence[Case], reserved: set[str], without: set[str],
                       notes: list[str]) -> list[_Column]:
    kinds: dict[str, Counter[str]] = {}
    for case in cases:
        for name, value in case.attributes.items():
            if value is not None and name not in without:
                kind = "number" if isinstance(value, float) and not isinstance(value, bool) else "category"
                kinds.setdefault(name, Counter())[kind] += 1
    columns: list[_Column] = []
    for name in sorted(kinds):
        key = name if name not in reserved else f"{name} (attribute)"
        values = [case.attributes.get(name) for case in cases]
        missing = sum(1 for v in values if category_of(v) is None)
        if kinds[name].most_common(1)[0][0] == "number":
            numbers = [float(v) for v in values if isinstance(v, float | int) and not isinstance(v, bool)]
            mean, sd = _mean_sd(numbers)
            if sd > 0:
                columns.append(_Column(Feature(key, ATTRIBUTE, name, NUMBER, 0.0, mean, None, name, name), sd))
        else:
            counts = Counter(category_of(v) for v in values if category_of(v) is not None)
            if len(counts) > MAX_CATEGORIES and counts.most_common(MAX_CATEGORIES)[-1][1] < MIN_CATEGORY:
                notes.append(f"attribute {name!r} left out: {len(counts):,} distinct values (free text or an id?)")
                continue
            kept = [value for value, n in counts.most_common(MAX_CATEGORIES) if n >= MIN_CATEGORY]
            if len(kept) < 2 and not missing:
                continue
            for value in kept:
                shown_he = {"yes": "כן", "no": "לא"}.get(value, value)
                shown_en = value
                columns.append(_Column(Feature(f"{key}: {value}", ATTRIBUTE, name, CATEGORY, 0.0, 0.0, value,
                                               f"{name}: {shown_he}", f"{name}: {shown_en}")))
        if missing >= MIN_CATEGORY and missing < len(values):
            columns.append(_Column(Feature(f"{key}: ?", ATTRIBUTE, name, MISSING, 0.0, 0.0, None,
                                           f"{name}: חסר", f"{name}: missing")))
    return columns


def _matrix(cases: Sequence[Case], columns: Sequence[_Column]) -> Any:
    import numpy as np

    rows = []
    for case in cases:
        rows.append([
            (col.feature.value(case.facts, case.attributes) - col.feature.baseline) / col.scale for col in columns
        ])
    return np.asarray(rows, dtype=float).reshape(len(cases), len(columns))


def _fit(x: Any, y: Any, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000).fit(x, y)


def _choose_c(x: Any, y: Any) -> float:
    """The L2 strength with the best mean ROC AUC over stratified folds of the training part."""
    from sklearn.model_selection import StratifiedKFold

    folds = list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(x, y))
    best_c, best_auc = C_GRID[0], -1.0
    for c in C_GRID:
        aucs = []
        for train, test in folds:
            fitted = _fit(x[train], y[train], c)
            aucs.append(roc_auc(y[test].tolist(), fitted.decision_function(x[test]).tolist()))
        mean = sum(aucs) / len(aucs)
        if mean > best_auc + 1e-4:
            best_c, best_auc = c, mean
    return best_c


def train(session: Session, today: date, without: Sequence[str] = (),
          progress: Callable[[int, int], None] | None = None, history: LabelledHistory | None = None) -> TrainingResult:
    """Fit a model on the database's history as of ``today`` (nothing is stored: see :func:`store`).

    Raises:
        TrainingRefused: too few labelled customers, or one outcome only.
    """
    history = history or labelled_cases(session, today, progress)
    return fit_cases(history, without, hand_set=hand_set_weights(session)[0])


def fit_cases(history: LabelledHistory, without: Sequence[str] = (),
              hand_set: dict[str, float] | None = None) -> TrainingResult:
    """Fit a model on labelled cases (see the module docstring for the steps)."""
    cases = history.cases
    cancelled = sum(1 for c in cases if c.cancelled)
    active = len(cases) - cancelled
    if len(cases) < MIN_CASES:
        raise TrainingRefused(f"only {len(cases):,} customers have a known outcome; training needs at least "
                              f"{MIN_CASES} (cancelled or still active)")
    if cancelled == 0 or active == 0:
        raise TrainingRefused(f"all {len(cases):,} customers with a known outcome are "
                              f"{'cancelled' if active == 0 else 'still active'}: the model needs both")
    if min(cancelled, active) < MIN_PER_CLASS:
        raise TrainingRefused(f"only {min(cancelled, active):,} {'cancelled' if cancelled < active else 'active'} "
                              f"customers; training needs at least {MIN_PER_CLASS} of each outcome")
    import numpy as np
    from sklearn.model_selection import train_test_split

    y_all = np.asarray([1 if c.cancelled else 0 for c in cases])
    train_idx, hold_idx = train_test_split(np.arange(len(cases)), test_size=HOLDOUT_SHARE, stratify=y_all,
                                           random_state=SEED)
    train_cases = [cases[i] for i in train_idx]
    hold_cases = [cases[i] for i in hold_idx]
    y_train, y_hold = y_all[train_idx], y_all[hold_idx]

    warnings: list[str] = []
    fact_columns = _fact_columns(train_cases)
    attribute_columns = _attribute_columns(train_cases, set(ChurnFacts.factor_names()) | {INTERCEPT},
                                           set(without), warnings)
    columns = fact_columns + attribute_columns
    if not columns:
        raise TrainingRefused("no fact or attribute varies between the customers: nothing to learn from")
    x_train, x_hold = _matrix(train_cases, columns), _matrix(hold_cases, columns)
    _warn_about_leaks(attribute_columns, x_train, y_train, len(fact_columns), warnings)

    c = _choose_c(x_train, y_train)
    fitted = _fit(x_train, y_train, c)
    coefficients = fitted.coef_[0].tolist()
    features = tuple(
        Feature(col.feature.key, col.feature.source, col.feature.name, col.feature.encoding, w / col.scale,
                col.feature.baseline, col.feature.category, col.feature.label_he, col.feature.label_en)
        for col, w in zip(columns, coefficients, strict=True)
    )
    model = LearnedModel(intercept=float(fitted.intercept_[0]), features=features)
    auc_holdout = roc_auc(y_hold.tolist(), [model.score(k.facts, k.attributes).probability for k in hold_cases])

    # The baseline: a plain logistic regression, no penalty, on the standard facts only.
    n_facts = len(fact_columns)
    plain = _fit(x_train[:, :n_facts], y_train, math.inf)
    auc_baseline = roc_auc(y_hold.tolist(), plain.decision_function(x_hold[:, :n_facts]).tolist())
    auc_hand_set = None
    if hand_set:
        auc_hand_set = roc_auc(y_hold.tolist(), [score(k.facts, hand_set).probability for k in hold_cases])
    return TrainingResult(
        model=model, auc_holdout=auc_holdout, auc_baseline=auc_baseline, auc_hand_set=auc_hand_set,
        train_rows=len(train_cases), holdout_rows=len(hold_cases), cancelled_rows=cancelled, c=c,
        history=history, warnings=warnings, model_spreads={col.feature.key: col.scale for col in columns},
    )


def _warn_about_leaks(columns: Sequence[_Column], x: Any, y: Any, offset: int, warnings: list[str]) -> None:
    y_list = y.tolist()
    by_name: dict[str, float] = {}
    for n, col in enumerate(columns):
        auc = roc_auc(y_list, x[:, offset + n].tolist())
        by_name[col.feature.name] = max(by_name.get(col.feature.name, 0.0), auc, 1.0 - auc)
    for name, auc in sorted(by_name.items()):
        if auc >= SUSPICIOUS_AUC:
            warnings.append(f"attribute {name!r} alone separates cancelled from active customers (AUC {auc:.2f}): "
                            f"if it is recorded after the outcome (a churn reason, an end date), "
                            f"train again with --without {name!r}")


def store(session: Session, result: TrainingResult, details: dict[str, Any] | None = None) -> m.RiskModel:
    """Save ``result`` as the newest version; the desk scores with it from the next 360 on."""
    version = (session.scalar(sa.select(sa.func.max(m.RiskModel.version))) or 0) + 1
    row = m.RiskModel(
        version=version, active=True, intercept=result.model.intercept,
        features=[f.as_json() for f in result.model.features], auc_holdout=result.auc_holdout,
        auc_baseline=result.auc_baseline, train_rows=result.train_rows, holdout_rows=result.holdout_rows,
        cancelled_rows=result.cancelled_rows,
        details={
            "as_of": result.history.today.isoformat(), "c": result.c, "seed": SEED, "holdout_share": HOLDOUT_SHARE,
            "auc_hand_set": result.auc_hand_set, "excluded": result.history.excluded,
            "cancelled_without_date": result.history.cancelled_without_date, "warnings": result.warnings,
            **(details or {}),
        },
    )
    session.add(row)
    session.flush()
    return row
