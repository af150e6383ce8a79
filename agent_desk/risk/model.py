"""A stored churn-risk model as the desk evaluates it: plain Python over the stored weights.

The desk never imports scikit-learn or numpy (a test checks ``sys.modules``): a learned model
is a list of :class:`Feature` rows, each saying where its value comes from (a standard fact
of :class:`~agent_desk.churn.ChurnFacts` or one of the customer's imported custom
attributes), how the value is encoded, its weight and its labels. Scoring is a sum.

Encodings (the same in training and on the desk, so the numbers cannot drift apart):

* ``number``: the raw value; the weight is per unit and the baseline is the training mean,
  so a contribution says how far this customer is above or below the average customer.
  A missing number counts as the mean (nothing), and its ``missing`` feature says it.
* ``flag``: a 0/1 fact (contract ends soon, unhappy in the last survey), baseline 0.
* ``category``: 1 when a text or yes/no attribute has this value, baseline 0; a value the
  model never saw adds nothing.
* ``missing``: 1 when the attribute is absent or empty.

May not touch: Qt, scikit-learn, numpy.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.churn import FACT_LABELS, INTERCEPT, ChurnFacts, ChurnRisk, Contribution, combine, score
from agent_desk.data import models as m

FACT = "fact"
ATTRIBUTE = "attribute"
NUMBER, FLAG, CATEGORY, MISSING = "number", "flag", "category", "missing"
ENCODINGS = (NUMBER, FLAG, CATEGORY, MISSING)
# A learned factor is named as a reason only when it adds at least this (log-odds): being a
# little above the average customer is no reason to mention.
REASON_MIN_LOG_ODDS = 0.1

# The imported custom attributes (migration 0006). Named here as a plain table so the risk
# code does not depend on the importer's model class.
ATTRIBUTES = sa.table(
    "customer_attributes",
    sa.column("customer_id", sa.Uuid()),
    sa.column("name", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("text_value", sa.String()),
    sa.column("number_value", sa.Double()),
    sa.column("bool_value", sa.Boolean()),
)

AttributeValue = str | float | bool | None


def attribute_value(kind: str, text: str | None, number: float | None, flag: bool | None) -> AttributeValue:
    """The value a ``customer_attributes`` row holds, by its kind ('text', 'number', 'bool')."""
    if kind == "number":
        return None if number is None else float(number)
    if kind == "bool":
        return None if flag is None else bool(flag)
    text = (text or "").strip()
    return text or None


def category_of(value: AttributeValue) -> str | None:
    """How a text or yes/no value is compared with a model's categories."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class Feature:
    """One input of a learned model.

    Attributes:
        key: the factor's name in the explanation, unique in the model.
        source: ``fact`` (a :class:`ChurnFacts` field) or ``attribute`` (a custom attribute).
        name: the fact's field name or the attribute's name.
        encoding: ``number``, ``flag``, ``category`` or ``missing`` (see the module docstring).
        weight: log-odds per unit of the value.
        baseline: the value that adds nothing (the training mean for numbers, else 0).
        category: for ``category``: the value this feature flags.
        label_he, label_en: what the 360 calls the factor.
    """

    key: str
    source: str
    name: str
    encoding: str
    weight: float
    baseline: float = 0.0
    category: str | None = None
    label_he: str = ""
    label_en: str = ""

    def value(self, facts: ChurnFacts, attributes: Mapping[str, AttributeValue]) -> float:
        """This feature's value for a customer (before the baseline is taken off)."""
        raw: Any = getattr(facts, self.name) if self.source == FACT else attributes.get(self.name)
        if self.encoding == MISSING:
            return 1.0 if category_of(raw) is None else 0.0
        if self.encoding == CATEGORY:
            return 1.0 if category_of(raw) == self.category else 0.0
        if raw is None or isinstance(raw, str):
            if isinstance(raw, str):
                try:
                    return float(raw.replace(",", ""))
                except ValueError:
                    return self.baseline
            return self.baseline
        return float(raw)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "source": self.source, "name": self.name, "encoding": self.encoding,
                "weight": self.weight, "baseline": self.baseline, "category": self.category,
                "label_he": self.label_he, "label_en": self.label_en}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Feature:
        feature = cls(
            key=str(data["key"]), source=str(data["source"]), name=str(data["name"]),
            encoding=str(data["encoding"]), weight=float(data["weight"]), baseline=float(data.get("baseline", 0.0)),
            category=data.get("category"), label_he=str(data.get("label_he", "")),
            label_en=str(data.get("label_en", "")),
        )
        if feature.source not in (FACT, ATTRIBUTE) or feature.encoding not in ENCODINGS:
            raise ValueError(f"risk model feature {feature.key!r}: unknown source or encoding")
        if feature.source == FACT and feature.name not in ChurnFacts.factor_names():
            raise ValueError(f"risk model feature {feature.key!r}: no such fact {feature.name!r}")
        return feature


@dataclass(frozen=True)
class LearnedModel:
    """A trained model, ready to score (from a ``risk_models`` row or straight from training)."""

    intercept: float
    features: tuple[Feature, ...]
    version: int = 0
    id: uuid.UUID | None = None
    trained_at: datetime | None = None
    auc_holdout: float | None = None

    @property
    def uses_attributes(self) -> bool:
        return any(f.source == ATTRIBUTE for f in self.features)

    def score(self, facts: ChurnFacts, attributes: Mapping[str, AttributeValue] | None = None) -> ChurnRisk:
        """The customer's risk and its explanation, one contribution per feature."""
        attributes = attributes or {}
        return combine(facts, self.intercept, (
            Contribution(f.key, f.value(facts, attributes), f.weight, f.baseline) for f in self.features
        ), min_reason=REASON_MIN_LOG_ODDS)

    def labels(self) -> dict[str, tuple[str, str]]:
        """Factor key -> (Hebrew, English), the intercept included."""
        labels = {f.key: (f.label_he or f.key, f.label_en or f.key) for f in self.features}
        labels[INTERCEPT] = FACT_LABELS[INTERCEPT]
        return labels

    @classmethod
    def from_row(cls, row: m.RiskModel) -> LearnedModel:
        return cls(intercept=float(row.intercept), features=tuple(Feature.from_json(f) for f in row.features),
                   version=row.version, id=row.id, trained_at=row.trained_at, auc_holdout=row.auc_holdout)


_cache_lock = threading.Lock()
_cache: dict[uuid.UUID, LearnedModel] = {}


def active_model(session: Session) -> LearnedModel | None:
    """The newest active model, or None (the desk then keeps the hand-set weights).

    One small query per call; the parsed model is cached by its id (rows never change
    after training, only ``active`` does, and that is read every time).
    """
    newest = session.scalar(
        sa.select(m.RiskModel.id).where(m.RiskModel.active.is_(True)).order_by(m.RiskModel.version.desc()).limit(1)
    )
    if newest is None:
        return None
    with _cache_lock:
        cached = _cache.get(newest)
    if cached is not None:
        return cached
    model = LearnedModel.from_row(session.get_one(m.RiskModel, newest))
    with _cache_lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[newest] = model
    return model


def customer_attributes(session: Session, customer_id: uuid.UUID) -> dict[str, AttributeValue]:
    """The customer's imported custom attributes, name -> value."""
    a = ATTRIBUTES.c
    return attributes_of(session.execute(
        sa.select(a.name, a.kind, a.text_value, a.number_value, a.bool_value).where(a.customer_id == customer_id)))


def attributes_of(rows: Iterable[Any]) -> dict[str, AttributeValue]:
    """Rows of (name, kind, text, number, flag) as name -> value."""
    return {name: attribute_value(kind, text, number, flag) for name, kind, text, number, flag in rows}


def hand_set_weights(session: Session) -> tuple[dict[str, float], dict[str, tuple[str, str]]]:
    """Today's hand-set weights (``churn_weights``) and their labels."""
    rows = session.execute(sa.select(m.ChurnWeight.factor, m.ChurnWeight.weight, m.ChurnWeight.label_he,
                                     m.ChurnWeight.label_en)).all()
    return {r.factor: r.weight for r in rows}, {r.factor: (r.label_he, r.label_en) for r in rows}


def customer_risk(session: Session, customer_id: uuid.UUID, facts: ChurnFacts,
                  subscriptions: tuple[Any, ...] = (), attributes: dict[str, AttributeValue] | None = None,
                  ) -> tuple[ChurnRisk, dict[str, tuple[str, str]]]:
    """The risk the 360 shows, with the labels of its factors.

    ``subscriptions`` are the profile's lines (``monthly_price``, ``status``): the live ones
    give the products and monthly-bill facts, as in training. ``attributes``: the customer's
    custom attributes when the caller has read them already (else read here, if the model
    uses them).
    """
    if subscriptions:
        live = [float(s.monthly_price) for s in subscriptions if s.status != d.SubscriptionStatus.CANCELLED]
        facts = replace(facts, products=float(len(live)), monthly_price=round(sum(live), 2))
    model = active_model(session)
    if model is None:
        weights, labels = hand_set_weights(session)
        return score(facts, weights), labels
    if not model.uses_attributes:
        attributes = {}
    elif attributes is None:
        attributes = customer_attributes(session, customer_id)
    return model.score(facts, attributes), model.labels()
