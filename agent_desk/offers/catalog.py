"""The offer catalog as a file: read and validate it, import it into the database, export it.

The file (``resources/offers/catalog.yaml`` is the starter catalog) is YAML::

    version: 1
    offers:
      - code: DISC-15-6M
        kind: percent_discount            # agent_desk.domain.OfferKind
        title: {he: ..., en: ...}
        talking_points: {he: ..., en: ...}   # may use the call scripts' variables
        terms: {percent: 15, months: 6}   # free-form, shown to the agent
        cost: {percent_of_monthly: 15, monthly: 0, one_off: 0, months: 6}
        required_authority: 0             # ₪; an agent below it needs approval
        valid: {from: 2026-01-01, to: 2026-12-31}   # optional
        active: true                      # optional
        eligibility: {...}                # agent_desk.offers.rules

Import matches offers by ``code``: new codes are added, known ones updated (history keeps
pointing at the same row), codes missing from the file are left alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import Session

from agent_desk.data import models as m
from agent_desk.domain import OfferKind
from agent_desk.offers.rules import RuleError, validate
from agent_desk.scripts.variables import VARIABLES, variables_in

COST_KEYS = {"percent_of_monthly", "monthly", "one_off", "months"}


class CatalogError(ValueError):
    """The catalog file is malformed; ``problems`` names each problem with its place."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class CatalogOffer:
    """One offer as the catalog file describes it (validated)."""

    code: str
    kind: OfferKind
    title_he: str
    title_en: str
    talking_points_he: str | None
    talking_points_en: str | None
    terms: dict[str, Any]
    cost: dict[str, Any]
    required_authority: Decimal
    valid_from: date | None
    valid_to: date | None
    active: bool
    eligibility: dict[str, Any]


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    return Decimal(str(value)).quantize(Decimal("0.01"))


def parse(text: str, source: str = "catalog", known_reasons: set[str] | None = None) -> list[CatalogOffer]:
    """Validate a catalog document; raise :class:`CatalogError` listing every problem."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise CatalogError(source, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    if not isinstance(document, dict) or not isinstance(document.get("offers"), list):
        raise CatalogError(source, ["the file needs a list under 'offers:'"])
    problems: list[str] = []
    offers: list[CatalogOffer] = []
    seen: set[str] = set()
    for n, raw in enumerate(document["offers"]):
        path = f"offers[{n}]"
        if not isinstance(raw, dict):
            problems.append(f"{path}: must be a mapping")
            continue
        code = raw.get("code")
        if not isinstance(code, str) or not code.strip():
            problems.append(f"{path}.code: missing")
            continue
        path = f"offers[{n}] ({code})"
        if code in seen:
            problems.append(f"{path}: the code appears twice")
        seen.add(code)
        kind = raw.get("kind")
        if kind not in {k.value for k in OfferKind}:
            problems.append(f"{path}.kind: {kind!r} is not one of {', '.join(k.value for k in OfferKind)}")
        title = raw.get("title") or {}
        if not isinstance(title, dict) or not title.get("he") or not title.get("en"):
            problems.append(f"{path}.title: needs both he and en")
        points = raw.get("talking_points") or {}
        if not isinstance(points, dict):
            problems.append(f"{path}.talking_points: must be a mapping with he and en")
            points = {}
        for language, text in points.items():
            unknown = sorted({name for name, _ in variables_in(str(text or "")) if name not in VARIABLES})
            if unknown:
                problems.append(f"{path}.talking_points.{language}: unknown variable {', '.join(unknown)} "
                                f"(known: {', '.join(VARIABLES)})")
        cost = raw.get("cost") or {}
        if not isinstance(cost, dict) or set(cost) - COST_KEYS:
            problems.append(f"{path}.cost: use only {', '.join(sorted(COST_KEYS))}")
            cost = {}
        try:
            cost = {key: float(_money(value)) for key, value in cost.items()}
            authority = _money(raw.get("required_authority", 0))
        except (InvalidOperation, ValueError):
            problems.append(f"{path}: cost and required_authority must be numbers")
            continue
        valid = raw.get("valid") or {}
        if not isinstance(valid, dict) or any(v is not None and not isinstance(v, date) for v in valid.values()):
            problems.append(f"{path}.valid: from/to must be dates (YYYY-MM-DD)")
            valid = {}
        rules = raw.get("eligibility") or {}
        problems += validate(rules, f"{path}.eligibility", known_reasons)
        if problems:
            continue
        offers.append(CatalogOffer(
            code=code, kind=OfferKind(kind), title_he=title["he"], title_en=title["en"],
            talking_points_he=points.get("he"), talking_points_en=points.get("en"), terms=dict(raw.get("terms") or {}),
            cost=cost, required_authority=authority, valid_from=valid.get("from"), valid_to=valid.get("to"),
            active=bool(raw.get("active", True)), eligibility=dict(rules),
        ))
    if problems:
        raise CatalogError(source, problems)
    return offers


def load(path: Path, known_reasons: set[str] | None = None) -> list[CatalogOffer]:
    return parse(path.read_text(encoding="utf-8"), str(path), known_reasons)


def known_reasons(session: Session) -> set[str]:
    return set(session.scalars(sa.select(m.CancellationReason.code)))


def import_offers(
    session: Session, offers: list[CatalogOffer], new_key: Callable[[], uuid.UUID] | None = None
) -> tuple[int, int]:
    """Add new offers and update known ones (by code). Returns (added, updated).

    ``new_key`` makes the keys of new rows (demo data passes a seeded one).
    """
    existing = {o.code: o for o in session.scalars(sa.select(m.Offer))}
    added = updated = 0
    for offer in offers:
        row = existing.get(offer.code)
        if row is None:
            row = m.Offer(code=offer.code, **({"id": new_key()} if new_key else {}))
            session.add(row)
            added += 1
        else:
            updated += 1
        row.kind = offer.kind
        row.title_he, row.title_en = offer.title_he, offer.title_en
        row.talking_points_he, row.talking_points_en = offer.talking_points_he, offer.talking_points_en
        row.terms = {**offer.terms, "cost": offer.cost}
        row.monthly_cost = Decimal(str(offer.cost.get("monthly", 0)))
        row.one_off_cost = Decimal(str(offer.cost.get("one_off", 0)))
        row.duration_months = int(offer.cost.get("months", 0))
        row.eligibility = offer.eligibility
        row.required_authority = offer.required_authority
        row.valid_from, row.valid_to = offer.valid_from, offer.valid_to
        row.active = offer.active
    session.flush()
    return added, updated


def export_offers(session: Session) -> str:
    """The database's catalog as a file an admin can edit and import again."""
    offers = []
    for o in session.scalars(sa.select(m.Offer).order_by(m.Offer.code)):
        terms = dict(o.terms or {})
        cost = terms.pop("cost", None) or {
            key: value for key, value in (("monthly", float(o.monthly_cost)), ("one_off", float(o.one_off_cost)),
                                          ("months", o.duration_months)) if value
        }
        entry: dict[str, Any] = {
            "code": o.code, "kind": o.kind.value, "title": {"he": o.title_he, "en": o.title_en},
            "talking_points": {"he": o.talking_points_he, "en": o.talking_points_en},
            "terms": terms, "cost": cost, "required_authority": float(o.required_authority),
        }
        if o.valid_from or o.valid_to:
            entry["valid"] = {"from": o.valid_from, "to": o.valid_to}
        if not o.active:
            entry["active"] = False
        entry["eligibility"] = dict(o.eligibility or {})
        offers.append(entry)
    return yaml.safe_dump({"version": 1, "offers": offers}, allow_unicode=True, sort_keys=False, width=110)


@dataclass(frozen=True)
class CatalogRow:
    """An offer as the admin's catalog screen lists it."""

    code: str
    kind: OfferKind
    title_he: str
    title_en: str
    cost: dict[str, Any]
    required_authority: Decimal
    valid_from: date | None
    valid_to: date | None
    active: bool
    reasons: tuple[str, ...]


def list_offers(session: Session) -> list[CatalogRow]:
    """Every offer, active or not, by code."""
    return [
        CatalogRow(o.code, o.kind, o.title_he, o.title_en, dict((o.terms or {}).get("cost") or {}),
                   o.required_authority, o.valid_from, o.valid_to, o.active,
                   tuple((o.eligibility or {}).get("reasons", ())))
        for o in session.scalars(sa.select(m.Offer).order_by(m.Offer.code))
    ]


def set_active(session: Session, code: str, active: bool) -> None:
    """Take an offer off the agents' screens (or back on) without losing its history."""
    offer = session.scalars(sa.select(m.Offer).where(m.Offer.code == code)).one()
    offer.active = active
    session.flush()


__all__ = ["CatalogError", "CatalogOffer", "CatalogRow", "RuleError", "export_offers", "import_offers", "list_offers",
           "load", "parse", "set_active"]
