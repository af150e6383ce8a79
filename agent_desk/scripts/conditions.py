"""The condition language of branch steps: tests on customer facts, combined with all/any/not.

A condition is a YAML mapping. Each key is a fact or a combinator; every key must hold::

    when: {tenure_years: {gte: 3}, value_tier: [gold, platinum]}
    when: {any: [{risk: {gte: 0.6}}, {open_complaint: true}]}
    when: {not: {days_to_contract_end: {known: true}}}

A test on a fact is a scalar (equal to), a list (one of) or a mapping of operators:
``eq ne gt gte lt lte in not_in known``. A fact the call does not know (no commitment, no
score yet) fails every test except ``known: false``.

Parsing reports problems through a callback (the loader turns them into ``schema`` errors
with file:line:column); evaluation is pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import yaml

from agent_desk.domain import ProductCategory, ValueTier
from agent_desk.scripts.model import Code, Pos


class FactType(StrEnum):
    NUMBER = "number"
    TEXT = "text"
    BOOL = "bool"


@dataclass(frozen=True)
class FactSpec:
    """What a fact is, for validation and for the docs."""

    type: FactType
    description: str
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    is_reason: bool = False


FACTS: Mapping[str, FactSpec] = {
    "tenure_years": FactSpec(FactType.NUMBER, "years as a customer (fractional)", low=0),
    "plan": FactSpec(FactType.TEXT, "product code of the main active subscription, e.g. NET-1000"),
    "plan_category": FactSpec(FactType.TEXT, "category of that product", choices=tuple(ProductCategory)),
    "value_tier": FactSpec(FactType.TEXT, "the customer's value tier", choices=tuple(ValueTier)),
    "risk": FactSpec(FactType.NUMBER, "churn-risk probability, 0 to 1", low=0, high=1),
    "reason": FactSpec(FactType.TEXT, "the cancellation reason code chosen for the call", is_reason=True),
    "open_incident": FactSpec(FactType.BOOL, "an outage affecting the customer is open"),
    "open_complaint": FactSpec(FactType.BOOL, "the customer has an open complaint or ticket"),
    "days_to_contract_end": FactSpec(FactType.NUMBER, "days until the commitment ends (unknown when none)"),
    "monthly_price": FactSpec(FactType.NUMBER, "monthly price of the main subscription, in ₪", low=0),
}

COMPARISONS = ("gt", "gte", "lt", "lte")
OPERATORS = ("eq", "ne", *COMPARISONS, "in", "not_in", "known")
COMBINATORS = ("all", "any", "not")

Scalar = str | float | bool


@dataclass(frozen=True)
class FactTest:
    """``fact`` ``op`` ``value``; ``codes`` are reason codes to check against the reference."""

    fact: str
    op: str
    value: Scalar | tuple[Scalar, ...]
    pos: Pos
    codes: tuple[Code, ...] = ()

    def holds(self, facts: Mapping[str, object]) -> bool:
        actual = facts.get(self.fact)
        if self.op == "known":
            return (actual is not None) == self.value
        if actual is None:
            return False
        if self.op in ("in", "not_in"):
            assert isinstance(self.value, tuple)
            inside = any(_same(actual, v) for v in self.value)
            return inside if self.op == "in" else not inside
        if self.op == "eq":
            return _same(actual, self.value)
        if self.op == "ne":
            return not _same(actual, self.value)
        return _compare(actual, self.op, self.value)


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]
    pos: Pos

    def holds(self, facts: Mapping[str, object]) -> bool:
        return all(part.holds(facts) for part in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]
    pos: Pos

    def holds(self, facts: Mapping[str, object]) -> bool:
        return any(part.holds(facts) for part in self.parts)


@dataclass(frozen=True)
class NotOf:
    part: Condition
    pos: Pos

    def holds(self, facts: Mapping[str, object]) -> bool:
        return not self.part.holds(facts)


Condition = FactTest | AllOf | AnyOf | NotOf


def reason_codes(condition: Condition) -> list[Code]:
    """Every reason code a condition names (for the linter)."""
    if isinstance(condition, FactTest):
        return list(condition.codes)
    if isinstance(condition, NotOf):
        return reason_codes(condition.part)
    return [code for part in condition.parts for code in reason_codes(part)]


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _same(actual: object, expected: object) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    left, right = _number(actual), _number(expected)
    if left is not None and right is not None and not isinstance(actual, str):
        return left == right
    return str(actual) == str(expected)


def _compare(actual: object, op: str, expected: object) -> bool:
    left, right = _number(actual), _number(expected)
    if left is None or right is None:
        return False
    return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}[op]


# --- parsing -----------------------------------------------------------------------------

Report = Callable[[yaml.Node, str], None]
Where = Callable[[yaml.Node], Pos]
SCALAR_TAGS = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
}


class ConditionParser:
    """Builds a :data:`Condition` from a YAML node, reporting every problem it finds."""

    def __init__(self, report: Report, where: Where) -> None:
        self._report = report
        self._where = where

    def parse(self, node: yaml.Node) -> Condition | None:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            self._report(node, "a condition must be a mapping of facts and all/any/not, "
                               "e.g. {tenure_years: {gte: 3}}")
            return None
        parts: list[Condition] = []
        ok = True
        for key_node, value_node in node.value:
            part = self._entry(key_node, value_node)
            ok = ok and part is not None
            if part is not None:
                parts.append(part)
        if not ok:
            return None
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts), self._where(node))

    def _entry(self, key_node: yaml.Node, value_node: yaml.Node) -> Condition | None:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in ("all", "any"):
            return self._group(key, value_node)
        if key == "not":
            inner = self.parse(value_node)
            return None if inner is None else NotOf(inner, self._where(key_node))
        if key in FACTS:
            return self._fact(key, value_node)
        self._report(key_node, f"unknown fact {key!r} in a condition; facts: {', '.join(FACTS)}; "
                               f"combinators: {', '.join(COMBINATORS)}")
        return None

    def _group(self, key: str, node: yaml.Node) -> Condition | None:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self._report(node, f"'{key}' takes a non-empty list of conditions")
            return None
        parts = [self.parse(item) for item in node.value]
        if any(part is None for part in parts):
            return None
        kind = AllOf if key == "all" else AnyOf
        return kind(tuple(p for p in parts if p is not None), self._where(node))

    def _fact(self, fact: str, node: yaml.Node) -> Condition | None:
        if isinstance(node, yaml.MappingNode):
            tests = [self._operator(fact, op_node, value_node) for op_node, value_node in node.value]
            if not tests or any(t is None for t in tests):
                if not tests:
                    self._report(node, f"no operator for '{fact}'; operators: {', '.join(OPERATORS)}")
                return None
            found = tuple(t for t in tests if t is not None)
            return found[0] if len(found) == 1 else AllOf(found, self._where(node))
        if isinstance(node, yaml.SequenceNode):
            return self._test(fact, "in", node)
        return self._test(fact, "eq", node)

    def _operator(self, fact: str, op_node: yaml.Node, value_node: yaml.Node) -> FactTest | None:
        op = op_node.value if isinstance(op_node, yaml.ScalarNode) else None
        if op not in OPERATORS:
            self._report(op_node, f"unknown operator {op!r} for '{fact}'; operators: {', '.join(OPERATORS)}")
            return None
        return self._test(fact, op, value_node)

    def _test(self, fact: str, op: str, node: yaml.Node) -> FactTest | None:
        spec = FACTS[fact]
        pos = self._where(node)
        if op == "known":
            value = self._scalar(node)
            if not isinstance(value, bool):
                self._report(node, f"'known' takes true or false, not {_show(node)}")
                return None
            return FactTest(fact, op, value, pos)
        if op in COMPARISONS and spec.type != FactType.NUMBER:
            self._report(node, f"'{op}' compares numbers, and '{fact}' is not a number; use eq, ne, in or not_in")
            return None
        if op in ("in", "not_in"):
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                self._report(node, f"'{op}' takes a non-empty list of values for '{fact}'")
                return None
            items = [self._value(fact, item) for item in node.value]
            if any(item is None for item in items):
                return None
            values = tuple(item for item in items if item is not None)
            return FactTest(fact, op, values, pos, self._codes(spec, node.value))
        value = self._value(fact, node)
        if value is None:
            return None
        return FactTest(fact, op, value, pos, self._codes(spec, [node]))

    def _codes(self, spec: FactSpec, nodes: list[yaml.Node]) -> tuple[Code, ...]:
        if not spec.is_reason:
            return ()
        return tuple(Code(str(n.value), self._where(n)) for n in nodes)

    def _value(self, fact: str, node: yaml.Node) -> Scalar | None:
        spec = FACTS[fact]
        value = self._scalar(node)
        if value is None:
            self._report(node, f"'{fact}' needs a value here, not {_show(node)}")
            return None
        if spec.type == FactType.BOOL:
            if not isinstance(value, bool):
                self._report(node, f"'{fact}' is true or false, not {_show(node)}")
                return None
            return value
        if spec.type == FactType.NUMBER:
            return self._numeric(fact, spec, node, value)
        text = str(node.value)
        if spec.choices and text not in spec.choices:
            self._report(node, f"{text!r} is not a {fact}; choose from {', '.join(spec.choices)}")
            return None
        return text

    def _numeric(self, fact: str, spec: FactSpec, node: yaml.Node, value: Scalar) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._report(node, f"'{fact}' is a number, not {_show(node)}")
            return None
        if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
            bounds = f"from {spec.low:g}" + (f" to {spec.high:g}" if spec.high is not None else " up")
            self._report(node, f"'{fact}' runs {bounds}; {value} can never match")
            return None
        return value

    @staticmethod
    def _scalar(node: yaml.Node) -> Scalar | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            return None
        kind = SCALAR_TAGS.get(node.tag)
        if kind is bool:
            return node.value.lower() in ("true", "yes", "on", "y")
        if kind is not None:
            try:
                return kind(node.value.replace("_", ""))
            except ValueError:
                return node.value
        return node.value


def _show(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return repr(node.value) if node.value else "nothing"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
