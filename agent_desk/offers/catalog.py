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

import difflib
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

from agent_desk import safe_yaml
from agent_desk.data import models as m
from agent_desk.domain import OfferKind
from agent_desk.offers.rules import RuleError, validate
from agent_desk.scripts.lint import SLASH_ALLOWED, SLASH_FORM
from agent_desk.scripts.variables import VARIABLES, variables_in

TOP_KEYS = {"version", "offers"}
OFFER_KEYS = {"code", "kind", "title", "talking_points", "terms", "cost", "required_authority", "valid", "active",
              "eligibility"}
LANGUAGE_KEYS = {"he", "en"}
COST_KEYS = {"percent_of_monthly", "monthly", "one_off", "months"}
# What ``terms:`` may say (shown to the agent; the cost model is ``cost:``).
TERM_KEYS = {"percent", "months", "amount", "add_on", "device", "to_product"}
VALID_KEYS = {"from", "to"}
# No offer costs or needs more than this (₪): a stray digit is a typo, not a policy.
MONEY_LIMIT = Decimal("100000")
MONTHS_LIMIT = 120


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


def _unknown(value: dict[str, Any], known: set[str], where: str, problems: list[str]) -> None:
    """A misspelled key would silently drop what it holds: name it and the keys allowed."""
    for key in value:
        if key not in known:
            close = difflib.get_close_matches(str(key), sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{where}: unknown key {key!r}{hint}; allowed: {', '.join(sorted(known))}")


def _amount(value: Any, where: str, problems: list[str], limit: Decimal = MONEY_LIMIT) -> Decimal | None:
    """A sum of money or a count: a number from 0 to ``limit``."""
    try:
        amount = _money(value)
    except (InvalidOperation, ValueError):
        problems.append(f"{where}: must be a number, not {value!r}")
        return None
    if not amount.is_finite() or amount < 0:
        problems.append(f"{where}: must be zero or more, not {value}")
        return None
    if amount > limit:
        problems.append(f"{where}: {value} is more than {limit}")
        return None
    return amount


def _texts(raw: dict[str, Any], key: str, path: str, problems: list[str], required: bool) -> dict[str, Any]:
    value = raw.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{path}.{key}: must be a mapping with he and en" if not required
                        else f"{path}.{key}: needs both he and en")
        return {}
    _unknown(value, LANGUAGE_KEYS, f"{path}.{key}", problems)
    for language, text in value.items():
        if text is not None and not isinstance(text, str):
            problems.append(f"{path}.{key}.{language}: must be text")
    if required and not (value.get("he") and value.get("en")):
        problems.append(f"{path}.{key}: needs both he and en")
    hebrew = value.get("he")
    if isinstance(hebrew, str):
        slashed = [m.group(0) for m in SLASH_FORM.finditer(hebrew) if m.group(0) not in SLASH_ALLOWED]
        if slashed:
            # Both genders are known on a call: the agent reads the customer's own form.
            problems.append(f"{path}.{key}.he: slash form {slashed[0]!r}; write "
                            f"{{customer:masculine|feminine}} or {{agent:masculine|feminine}}")
    return value


def _offer(raw: dict[str, Any], path: str, known_reasons: set[str] | None, problems: list[str]
           ) -> CatalogOffer | None:
    """One offer, or ``None`` with its problems added (each names the offer and the field)."""
    before = len(problems)
    _unknown(raw, OFFER_KEYS, path, problems)
    code = raw["code"]
    kind = raw.get("kind")
    if kind not in {k.value for k in OfferKind}:
        problems.append(f"{path}.kind: {kind!r} is not one of {', '.join(k.value for k in OfferKind)}")
    title = _texts(raw, "title", path, problems, required=True)
    points = _texts(raw, "talking_points", path, problems, required=False)
    for language, text in points.items():
        unknown = sorted({name for name, _ in variables_in(str(text or "")) if name not in VARIABLES})
        if unknown:
            problems.append(f"{path}.talking_points.{language}: unknown variable {', '.join(unknown)} "
                            f"(known: {', '.join(VARIABLES)})")
    terms = raw.get("terms") or {}
    if not isinstance(terms, dict):
        problems.append(f"{path}.terms: must be a mapping ({', '.join(sorted(TERM_KEYS))})")
        terms = {}
    _unknown(terms, TERM_KEYS, f"{path}.terms", problems)
    for key in ("percent", "months", "amount"):
        if key in terms:
            _amount(terms[key], f"{path}.terms.{key}", problems,
                    Decimal(100) if key == "percent" else Decimal(MONTHS_LIMIT) if key == "months" else MONEY_LIMIT)
    cost_raw = raw.get("cost") or {}
    cost: dict[str, float] = {}
    if not isinstance(cost_raw, dict):
        problems.append(f"{path}.cost: must be a mapping; use only {', '.join(sorted(COST_KEYS))}")
        cost_raw = {}
    elif set(cost_raw) - COST_KEYS:
        problems.append(f"{path}.cost: use only {', '.join(sorted(COST_KEYS))} "
                        f"(not {', '.join(sorted(map(str, set(cost_raw) - COST_KEYS)))})")
    for key, value in cost_raw.items():
        if key in COST_KEYS:
            limit = {"percent_of_monthly": Decimal(100), "months": Decimal(MONTHS_LIMIT)}.get(key, MONEY_LIMIT)
            amount = _amount(value, f"{path}.cost.{key}", problems, limit)
            if amount is not None:
                cost[key] = float(amount)
    authority = _amount(raw.get("required_authority", 0), f"{path}.required_authority", problems)
    valid = raw.get("valid") or {}
    if not isinstance(valid, dict):
        problems.append(f"{path}.valid: must be a mapping with from and to (YYYY-MM-DD)")
        valid = {}
    _unknown(valid, VALID_KEYS, f"{path}.valid", problems)
    for key in VALID_KEYS & set(valid):
        if valid[key] is not None and not isinstance(valid[key], date):
            problems.append(f"{path}.valid.{key}: must be a date (YYYY-MM-DD), not {valid[key]!r}")
    valid_from, valid_to = valid.get("from"), valid.get("to")
    if isinstance(valid_from, date) and isinstance(valid_to, date) and valid_to < valid_from:
        problems.append(f"{path}.valid: ends ({valid_to}) before it starts ({valid_from})")
    active = raw.get("active", True)
    if not isinstance(active, bool):
        # ``active: "false"`` is a non-empty string, which Python reads as true.
        problems.append(f"{path}.active: must be true or false (without quotes), not {active!r}")
    rules = raw.get("eligibility") or {}
    problems += validate(rules, f"{path}.eligibility", known_reasons)
    if len(problems) > before:
        return None
    assert authority is not None
    return CatalogOffer(
        code=code, kind=OfferKind(kind), title_he=title["he"], title_en=title["en"],
        talking_points_he=points.get("he"), talking_points_en=points.get("en"), terms=dict(terms),
        cost=cost, required_authority=authority, valid_from=valid_from, valid_to=valid_to,
        active=active, eligibility=dict(rules),
    )


def parse(text: str, source: str = "catalog", known_reasons: set[str] | None = None) -> list[CatalogOffer]:
    """Validate a catalog document; raise :class:`CatalogError` listing every problem.

    Nothing is guessed: an unknown key at any level, a negative or absurd sum, a quoted
    ``"false"``, or validity dates in reverse each refuse the file, naming the offer and field.
    """
    try:
        document = safe_yaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        if isinstance(exc, safe_yaml.UnsafeYamlError):
            raise CatalogError(source, [f"{where}{exc.problem}"]) from None
        raise CatalogError(source, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    if not isinstance(document, dict) or not isinstance(document.get("offers"), list):
        raise CatalogError(source, ["the file needs a list under 'offers:'"])
    problems: list[str] = []
    _unknown(document, TOP_KEYS, "the file", problems)
    if document.get("version", 1) != 1:
        problems.append(f"version: {document['version']!r} is not a catalog version this desk reads (1)")
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
        offer = _offer(raw, path, known_reasons, problems)
        if offer is not None:
            offers.append(offer)
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
