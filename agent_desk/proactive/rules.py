"""The queue's rules and contact policy: read from a file, checked, kept in the database.

A rules file (``resources/queue/rules.yaml``) has a ``policy`` mapping and a ``rules`` list;
every unknown key, kind or parameter is an error naming where it is, numbers are
range-checked. :func:`store` writes them (upsert by code); :func:`load_from_db` reads them
back for the generator. Qt-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import safe_yaml
from agent_desk.data import models as m
from agent_desk.paths import resource
from agent_desk.proactive.calendar import CallingHours

CHANNELS = ("phone", "sms", "email")
TIERS = ("bronze", "silver", "gold", "platinum")

# kind -> {parameter: (type, minimum, maximum, default)}; None bounds for lists and text.
RULE_KINDS: dict[str, dict[str, tuple[type, Any, Any, Any]]] = {
    "callback": {},
    "follow_up": {"min_days": (int, 0, 90, 3), "max_days": (int, 0, 120, 10)},
    "birthday": {"tiers": (list, None, None, list(TIERS))},
    "holiday": {"days_before": (int, 1, 14, 5), "holidays": (list, None, None, ["Rosh Hashanah", "Pesach"]),
                "tiers": (list, None, None, list(TIERS))},
    "commitment": {"within_days": (int, 1, 180, 30)},
    "at_risk": {"threshold": (float, 0.01, 0.99, 0.6), "cooldown_days": (int, 1, 365, 30)},
    "complaint_check": {"min_days": (int, 0, 60, 2), "max_days": (int, 0, 90, 7)},
    "low_survey": {"max_score": (int, 0, 10, 6), "within_days": (int, 1, 60, 7)},
    "added_value": {"tiers": (list, None, None, list(TIERS)), "min_tenure_years": (float, 0, 50, 0),
                    "from": (str, None, None, None), "to": (str, None, None, None),
                    "message": (dict, None, None, {})},
}
_RULE_KEYS = {"code", "kind", "title", "priority", "channel", "marketing", "script", "daily_limit", "enabled",
              "params"}
_POLICY_KEYS = {"max_contacts_30d", "hours_start", "hours_end", "short_day_end", "tier_bonus"}


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the place and the problem."""


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    title_he: str
    title_en: str
    priority: int = 0
    channel: str = "phone"
    needs_marketing_consent: bool = False
    script_key: str | None = None
    daily_limit: int | None = None
    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> Any:
        value = self.params.get(name)
        return RULE_KINDS[self.kind][name][3] if value is None else value


@dataclass(frozen=True)
class Policy:
    max_contacts_30d: int = 2
    hours: CallingHours = CallingHours()
    tier_bonus: Mapping[str, int] = field(default_factory=lambda: {"bronze": 0, "silver": 10, "gold": 20,
                                                                  "platinum": 30})

    def as_rows(self) -> dict[str, Any]:
        return {"max_contacts_30d": self.max_contacts_30d, "hours_start": self.hours.start.strftime("%H:%M"),
                "hours_end": self.hours.end.strftime("%H:%M"),
                "short_day_end": self.hours.short_day_end.strftime("%H:%M"), "tier_bonus": dict(self.tier_bonus)}


@dataclass(frozen=True)
class RuleSet:
    policy: Policy
    rules: tuple[Rule, ...]


def bundled_rules_file() -> Path:
    return resource("queue/rules.yaml")


def _number(where: str, value: Any, kind: type, low: Any, high: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not isinstance(value, int)):
        raise RulesError(f"{where}: must be {'a whole number' if kind is int else 'a number'}, not {value!r}")
    if not low <= value <= high:
        raise RulesError(f"{where}: must be between {low} and {high}, not {value}")
    return kind(value)


def _clock(where: str, value: Any) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise RulesError(f"{where}: must be a time like 09:00, not {value!r}") from None


def _text(where: str, value: Any) -> tuple[str, str]:
    if not isinstance(value, dict) or set(value) - {"he", "en"} or not all(
            isinstance(value.get(k), str) and value[k].strip() for k in ("he", "en")):
        raise RulesError(f"{where}: must be a mapping with Hebrew (he) and English (en) text")
    return value["he"].strip(), value["en"].strip()


def _params(where: str, kind: str, params: Any) -> dict[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise RulesError(f"{where}: must be a mapping")
    known = RULE_KINDS[kind]
    out: dict[str, Any] = {}
    for name, value in params.items():
        if name not in known:
            raise RulesError(f"{where}.{name}: unknown parameter for a {kind} rule "
                             f"(known: {', '.join(sorted(known)) or 'none'})")
        typ, low, high, _default = known[name]
        spot = f"{where}.{name}"
        if typ in (int, float):
            out[name] = _number(spot, value, typ, low, high)
        elif typ is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RulesError(f"{spot}: must be a list of names")
            if name == "tiers" and set(value) - set(TIERS):
                raise RulesError(f"{spot}: unknown tier {sorted(set(value) - set(TIERS))[0]!r}")
            out[name] = list(value)
        elif typ is dict:
            he, en = _text(spot, value)
            out[name] = {"he": he, "en": en}
        else:  # dates, written as YYYY-MM-DD
            try:
                out[name] = (value if isinstance(value, date) else date.fromisoformat(str(value))).isoformat()
            except ValueError:
                raise RulesError(f"{spot}: must be a date like 2026-12-31, not {value!r}") from None
    for low_name, high_name in (("min_days", "max_days"), ("from", "to")):
        if low_name in out and high_name in out and out[low_name] > out[high_name]:
            raise RulesError(f"{where}: {low_name} is after {high_name}")
    return out


def parse(text: str, source: str = "rules") -> RuleSet:
    """The rule set a rules file holds; :class:`RulesError` naming the first problem."""
    try:
        data = safe_yaml.load(text)
    except Exception as exc:  # noqa: BLE001 - any YAML failure is one line for the admin
        raise RulesError(f"{source}: not readable YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or set(data) - {"policy", "rules"}:
        raise RulesError(f"{source}: must be a mapping with 'policy' and 'rules'")
    policy_data = data.get("policy") or {}
    if not isinstance(policy_data, dict):
        raise RulesError(f"{source}: policy: must be a mapping")
    policy = policy_from(policy_data, f"{source}: policy")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, item in enumerate(data.get("rules") or []):
        where = f"{source}: rules[{index}]"
        if not isinstance(item, dict):
            raise RulesError(f"{where}: must be a mapping")
        unknown = set(item) - _RULE_KEYS
        if unknown:
            raise RulesError(f"{where}.{sorted(unknown)[0]}: unknown key")
        code = item.get("code")
        if not isinstance(code, str) or not code.replace("_", "").isalnum() or len(code) > 40:
            raise RulesError(f"{where}.code: must be a name of letters, digits and _ (at most 40)")
        if code in seen:
            raise RulesError(f"{where}.code: {code!r} appears twice")
        seen.add(code)
        kind = item.get("kind")
        if kind not in RULE_KINDS:
            raise RulesError(f"{where}.kind: must be one of {', '.join(RULE_KINDS)}, not {kind!r}")
        channel = item.get("channel", "phone")
        if channel not in CHANNELS:
            raise RulesError(f"{where}.channel: must be one of {', '.join(CHANNELS)}, not {channel!r}")
        he, en = _text(f"{where}.title", item.get("title"))
        limit = item.get("daily_limit")
        script = item.get("script")
        if script is not None and (not isinstance(script, str) or not script.replace("_", "").isalnum()):
            raise RulesError(f"{where}.script: must be a script id")
        for flag in ("marketing", "enabled"):
            if flag in item and not isinstance(item[flag], bool):
                raise RulesError(f"{where}.{flag}: must be true or false")
        rules.append(Rule(
            code=code, kind=kind, title_he=he, title_en=en,
            priority=_number(f"{where}.priority", item.get("priority", 0), int, 0, 1000),
            channel=channel, needs_marketing_consent=item.get("marketing", False), script_key=script,
            daily_limit=None if limit is None else _number(f"{where}.daily_limit", limit, int, 1, 10_000_000),
            enabled=item.get("enabled", True), params=_params(f"{where}.params", kind, item.get("params")),
        ))
    return RuleSet(policy, tuple(rules))


def policy_from(values: Mapping[str, Any], where: str = "policy") -> Policy:
    unknown = set(values) - _POLICY_KEYS
    if unknown:
        raise RulesError(f"{where}.{sorted(unknown)[0]}: unknown setting")
    defaults = Policy()
    hours = CallingHours(
        start=_clock(f"{where}.hours_start", values["hours_start"])
        if "hours_start" in values else defaults.hours.start,
        end=_clock(f"{where}.hours_end", values["hours_end"]) if "hours_end" in values else defaults.hours.end,
        short_day_end=_clock(f"{where}.short_day_end", values["short_day_end"])
        if "short_day_end" in values else defaults.hours.short_day_end,
    )
    if not hours.start < hours.short_day_end <= hours.end:
        raise RulesError(f"{where}: calling hours must run hours_start < short_day_end <= hours_end")
    bonus = dict(defaults.tier_bonus)
    for tier, value in (values.get("tier_bonus") or {}).items():
        if tier not in TIERS:
            raise RulesError(f"{where}.tier_bonus.{tier}: unknown tier")
        bonus[tier] = _number(f"{where}.tier_bonus.{tier}", value, int, 0, 1000)
    cap = values.get("max_contacts_30d", defaults.max_contacts_30d)
    return Policy(max_contacts_30d=_number(f"{where}.max_contacts_30d", cap, int, 0, 100), hours=hours,
                  tier_bonus=bonus)


def read_file(path: Path) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror if isinstance(exc, OSError) else 'not UTF-8'}") from None
    return parse(text, str(path))


def store(session: Session, rule_set: RuleSet) -> int:
    """Add or update every rule (by code) and the policy; rules not in the file stay as they are."""
    for rule in rule_set.rules:
        row = session.get(m.QueueRule, rule.code) or m.QueueRule(code=rule.code)
        row.kind, row.enabled, row.title_he, row.title_en = rule.kind, rule.enabled, rule.title_he, rule.title_en
        row.priority, row.channel = rule.priority, rule.channel
        row.needs_marketing_consent = rule.needs_marketing_consent
        row.script_key, row.daily_limit, row.params = rule.script_key, rule.daily_limit, dict(rule.params)
        session.add(row)
    for name, value in rule_set.policy.as_rows().items():
        row = session.get(m.QueuePolicy, name) or m.QueuePolicy(name=name)
        row.value = value
        session.add(row)
    session.flush()
    return len(rule_set.rules)


def ensure_rows(session: Session, rule_set: RuleSet) -> None:
    """Store the rules of ``rule_set`` the database does not hold yet (tasks name their rule)."""
    known = set(session.scalars(sa.select(m.QueueRule.code)))
    missing = tuple(rule for rule in rule_set.rules if rule.code not in known)
    if missing:
        for rule in missing:
            session.add(m.QueueRule(code=rule.code, kind=rule.kind, enabled=rule.enabled, title_he=rule.title_he,
                                    title_en=rule.title_en, priority=rule.priority, channel=rule.channel,
                                    needs_marketing_consent=rule.needs_marketing_consent,
                                    script_key=rule.script_key, daily_limit=rule.daily_limit,
                                    params=dict(rule.params)))
        session.flush()


def load_from_db(session: Session) -> RuleSet:
    """The rules and policy the database holds (the bundled file's when it holds none yet:
    stored first, so the tasks' rule codes have their rows)."""
    rows = session.scalars(sa.select(m.QueueRule).order_by(m.QueueRule.code)).all()
    if not rows:
        store(session, read_file(bundled_rules_file()))
        rows = session.scalars(sa.select(m.QueueRule).order_by(m.QueueRule.code)).all()
    policy = policy_from({row.name: row.value for row in session.scalars(sa.select(m.QueuePolicy))})
    return RuleSet(policy, tuple(
        Rule(code=r.code, kind=r.kind, title_he=r.title_he, title_en=r.title_en, priority=r.priority,
             channel=r.channel, needs_marketing_consent=r.needs_marketing_consent, script_key=r.script_key,
             daily_limit=r.daily_limit, enabled=r.enabled, params=dict(r.params or {}))
        for r in rows if r.kind in RULE_KINDS))
