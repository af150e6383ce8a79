"""Mapping files: which column of a CRM or billing export feeds which field, and how its
values are converted.

A mapping is TOML (``docs/import.md`` has a full example)::

    kind = "customers"              # optional: the import kind it is for
    encoding = "auto"               # auto (BOM, UTF-8, else Windows-1255) | utf-8 | cp1255 ...
    export_date = 2026-11-01        # "today" of the export, for tenure in months
    date_format = "%d/%m/%Y"        # or a list of formats, tried in order
    decimal_comma = false           # true: "1.234,56" is 1234.56

    [columns]
    "מספר לקוח" = "external_ref"    # shorthand: column -> field
    "סטטוס" = { field = "status", values = { "פעיל" = "active", "מנותק" = "cancelled" } }
    "ותק בחודשים" = { field = "customer_since", tenure_months = true }
    "מסלול" = { attribute = "plan", kind = "text" }
    "הערות פנימיות" = { ignore = true }

Every column the mapping does not name becomes a typed custom attribute of the customer,
its kind inferred over the whole file (or declared with ``kind``). Files from outside are
hostile: unknown keys, fields and kinds are errors, each named with the mapping file's line.

Qt-free and database-free.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from agent_desk import domain as d

KINDS = ("customers", "subscriptions", "interactions")
ATTRIBUTE_KINDS = ("text", "number", "bool")
MAX_MAPPING_BYTES = 1_000_000
ATTRIBUTE_NAME_MAX = 80


class MappingError(ValueError):
    """The mapping file cannot be used; ``str()`` is one line: ``file:line: problem``."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{self.path}:{line}: {problem}" if line else f"{self.path}: {problem}")


@dataclass(frozen=True)
class FieldSpec:
    """What a field of an import kind accepts.

    Attributes:
        type: ``text``, ``date``, ``datetime``, ``money``, ``int``, ``bool``, ``enum``,
            ``phone``, ``national_id`` or ``email``.
        max_length: longest text the column holds (from the model).
        choices: the allowed values of an ``enum`` field.
        required: a row without it is rejected (whether or not the mapping names it).
    """

    type: str
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    required: bool = False


def _choices(kind: type[Any]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


# The fields each kind can fill; lengths follow agent_desk.data.models.
FIELDS: dict[str, dict[str, FieldSpec]] = {
    "customers": {
        "external_ref": FieldSpec("text", 64, required=True),
        "account_number": FieldSpec("text", 20),
        "first_name": FieldSpec("text", 80),
        "last_name": FieldSpec("text", 80),
        "full_name": FieldSpec("text", 161),
        "first_name_latin": FieldSpec("text", 80),
        "last_name_latin": FieldSpec("text", 80),
        "national_id": FieldSpec("national_id", 9),
        "birth_date": FieldSpec("date"),
        "gender": FieldSpec("enum", choices=_choices(d.Gender)),
        "city": FieldSpec("text", 80),
        "region": FieldSpec("text", 40),
        "family_status": FieldSpec("enum", choices=_choices(d.FamilyStatus)),
        "occupation": FieldSpec("text", 120),
        "preferred_language": FieldSpec("text", 8),
        "email": FieldSpec("email", 200),
        "consent_marketing": FieldSpec("bool"),
        "consent_sms": FieldSpec("bool"),
        "consent_email": FieldSpec("bool"),
        "consent_calls": FieldSpec("bool"),
        "value_tier": FieldSpec("enum", choices=_choices(d.ValueTier)),
        "status": FieldSpec("enum", choices=_choices(d.CustomerStatus)),
        "customer_since": FieldSpec("date", required=True),
        "phone": FieldSpec("phone"),
        "phone2": FieldSpec("phone"),
    },
    "subscriptions": {
        "external_ref": FieldSpec("text", 64, required=True),
        "customer_ref": FieldSpec("text", 64, required=True),
        "product_code": FieldSpec("text", 40, required=True),
        "monthly_price": FieldSpec("money"),
        "started_on": FieldSpec("date", required=True),
        "commitment_end": FieldSpec("date"),
        "status": FieldSpec("enum", choices=_choices(d.SubscriptionStatus)),
        "cancel_requested_at": FieldSpec("datetime"),
        "cancel_effective_on": FieldSpec("date"),
        "ended_on": FieldSpec("date"),
    },
    "interactions": {
        "external_ref": FieldSpec("text", 64, required=True),
        "customer_ref": FieldSpec("text", 64, required=True),
        "kind": FieldSpec("enum", choices=_choices(d.InteractionKind), required=True),
        "channel": FieldSpec("enum", choices=_choices(d.Channel)),
        "direction": FieldSpec("enum", choices=_choices(d.Direction)),
        "occurred_at": FieldSpec("datetime", required=True),
        "subject": FieldSpec("text", 200, required=True),
        "body": FieldSpec("text", 20_000),
        "case_status": FieldSpec("enum", choices=_choices(d.CaseStatus)),
        "resolved_at": FieldSpec("datetime"),
        "pinned": FieldSpec("bool"),
    },
}

# Fields that may be left out of the mapping, but when a column feeds them a blank cell is
# a missing value (a customer's name), not "unknown".
REQUIRED_WHEN_MAPPED = {"first_name", "last_name", "full_name"}

DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
DEFAULT_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M",
)

_TOP_KEYS = {"kind", "encoding", "export_date", "date_format", "datetime_format", "decimal_comma",
             "timezone", "sheet", "columns", "defaults"}
_COLUMN_KEYS = {"field", "attribute", "ignore", "kind", "values", "date_format", "decimal_comma",
                "tenure_months", "required"}


@dataclass(frozen=True)
class ColumnRule:
    """How one source column is read.

    Attributes:
        column: the header as written in the file (matched without surrounding spaces,
            case-insensitively).
        field: the model field it feeds, or None.
        attribute: the custom attribute it feeds (name), or None.
        ignore: the column is dropped.
        kind: a declared attribute kind (``text``/``number``/``bool``), None to infer.
        values: value map (source value, case-folded -> field value).
        date_formats: formats for a date or datetime field, None for the mapping's.
        decimal_comma: None for the mapping's setting.
        tenure_months: the value is a number of months before ``export_date``.
        required: a blank cell rejects the row.
    """

    column: str
    field: str | None = None
    attribute: str | None = None
    ignore: bool = False
    kind: str | None = None
    values: dict[str, Any] | None = None
    date_formats: tuple[str, ...] | None = None
    decimal_comma: bool | None = None
    tenure_months: bool = False
    required: bool = False


@dataclass(frozen=True)
class Mapping:
    """A loaded, checked mapping file.

    Attributes:
        path: where it was read from.
        kind: the import kind it declares, or None (any).
        encoding: ``auto`` or a Python codec name.
        export_date: the day tenure is counted back from, or None.
        date_formats / datetime_formats: tried in order.
        decimal_comma: numbers are written ``1.234,56``.
        timezone: the zone of times without one (``Asia/Jerusalem``).
        columns: rules keyed by the folded header.
        defaults: field -> value for rows whose cell is blank or column absent.
    """

    path: str
    kind: str | None = None
    encoding: str = "auto"
    export_date: date | None = None
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    datetime_formats: tuple[str, ...] = DEFAULT_DATETIME_FORMATS
    decimal_comma: bool = False
    timezone: str = "Asia/Jerusalem"
    columns: dict[str, ColumnRule] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)

    def rule_for(self, header: str) -> ColumnRule | None:
        return self.columns.get(fold_header(header))

    def check_kind(self, kind: str) -> None:
        """Raise :class:`MappingError` if the mapping is for another kind or maps a field
        this kind does not have."""
        if kind not in KINDS:
            raise MappingError(self.path, None, f"unknown import kind {kind!r} (one of {', '.join(KINDS)})")
        if self.kind is not None and self.kind != kind:
            raise MappingError(self.path, None, f"this mapping is for {self.kind}, not {kind}")
        known = FIELDS[kind]
        for rule in self.columns.values():
            if rule.field is not None and rule.field not in known:
                raise MappingError(self.path, None,
                                   f"column {rule.column!r}: {kind} have no field {rule.field!r}")
        for name in self.defaults:
            if name not in known:
                raise MappingError(self.path, None, f"defaults: {kind} have no field {name!r}")


def fold_header(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").split()).casefold()


def fold_value(value: str) -> str:
    return " ".join(value.split()).casefold()


def load_mapping(path: str | Path, kind: str | None = None) -> Mapping:
    """Read and check a mapping file; with ``kind``, also check it fits that import kind.

    Raises:
        MappingError: one line, ``file:line: problem``.
        OSError: the file cannot be read.
    """
    path = Path(path)
    raw = path.read_bytes()[: MAX_MAPPING_BYTES + 1]
    if len(raw) > MAX_MAPPING_BYTES:
        raise MappingError(path, None, "a mapping file is limited to 1 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError(path, None, "a mapping file must be UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        reason = str(exc).split(" (at line")[0]
        raise MappingError(path, int(match.group(1)) if match else None, reason) from None
    mapping = _build(path, text, data)
    if kind is not None:
        try:
            mapping.check_kind(kind)
        except MappingError as exc:
            raise MappingError(path, _line_of(text, _quoted_in(exc.problem) or "kind"), exc.problem) from None
    return mapping


def _quoted_in(problem: str) -> str:
    found = re.findall(r"'([^']*)'", problem)
    return found[0] if found else ""


def _line_of(text: str, needle: str) -> int:
    """The line of the mapping that mentions ``needle`` (for a message); line 1 when none
    does (something missing from the whole file)."""
    if needle:
        for number, line in enumerate(text.splitlines(), start=1):
            if needle in line:
                return number
    return 1


def _build(path: Path, text: str, data: dict[str, Any]) -> Mapping:  # noqa: C901, PLR0912 - one checklist
    def fail(problem: str, near: str = "") -> MappingError:
        return MappingError(path, _line_of(text, near), problem)

    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r}", unknown[0])
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise fail(f"kind must be one of {', '.join(KINDS)}, not {kind!r}", "kind")
    encoding = data.get("encoding", "auto")
    if not isinstance(encoding, str):
        raise fail("encoding must be text", "encoding")
    if encoding != "auto":
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise fail(f"unknown encoding {encoding!r}", "encoding") from None
    export_date = data.get("export_date")
    if isinstance(export_date, datetime):
        export_date = export_date.date()
    elif isinstance(export_date, str):
        try:
            export_date = date.fromisoformat(export_date)
        except ValueError:
            raise fail(f"export_date must be a date like 2026-11-01, not {export_date!r}", "export_date") from None
    elif export_date is not None and not isinstance(export_date, date):
        raise fail("export_date must be a date like 2026-11-01", "export_date")
    date_formats = _formats(data.get("date_format"), DEFAULT_DATE_FORMATS, fail, "date_format")
    datetime_formats = _formats(data.get("datetime_format"), DEFAULT_DATETIME_FORMATS, fail, "datetime_format")
    decimal_comma = data.get("decimal_comma", False)
    if not isinstance(decimal_comma, bool):
        raise fail("decimal_comma must be true or false", "decimal_comma")
    timezone = data.get("timezone", "Asia/Jerusalem")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(str(timezone))
    except (KeyError, ValueError):
        raise fail(f"unknown time zone {timezone!r}", "timezone") from None
    columns_data = data.get("columns")
    if not isinstance(columns_data, dict) or not columns_data:
        raise fail("a mapping needs a [columns] table naming at least one column", "columns")
    columns: dict[str, ColumnRule] = {}
    fed: dict[str, str] = {}
    for header, spec in columns_data.items():
        rule = _rule(header, spec, fail)
        folded = fold_header(header)
        if folded in columns:
            raise fail(f"column {header!r} is mapped twice", header)
        if rule.field is not None:
            if rule.field in fed:
                raise fail(f"field {rule.field!r} is fed by both {fed[rule.field]!r} and {header!r}", header)
            fed[rule.field] = header
        if rule.tenure_months and export_date is None:
            raise fail(f"column {header!r}: tenure_months needs export_date", header)
        columns[folded] = rule
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise fail("[defaults] must be a table of field = value", "defaults")
    if kind is not None:
        known = FIELDS[kind]
        for rule in columns.values():
            if rule.field is not None and rule.field not in known:
                raise fail(f"column {rule.column!r}: {kind} have no field {rule.field!r}", rule.column)
    return Mapping(
        path=str(path), kind=kind, encoding=encoding, export_date=export_date,
        date_formats=date_formats, datetime_formats=datetime_formats, decimal_comma=decimal_comma,
        timezone=str(timezone), columns=columns, defaults=dict(defaults),
    )


def _formats(value: Any, default: tuple[str, ...], fail: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return default
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and "%" in v for v in values):
        raise fail(f"{key} must be a strptime format like \"%d/%m/%Y\" or a list of them", key)
    return tuple(values)


def _rule(header: str, spec: Any, fail: Any) -> ColumnRule:  # noqa: C901, PLR0912 - one checklist
    if not fold_header(header):
        raise fail("a column name is empty", "\"\"")
    if isinstance(spec, str):
        spec = {"field": spec}
    if not isinstance(spec, dict):
        raise fail(f"column {header!r}: give a field name or a table", header)
    unknown = sorted(set(spec) - _COLUMN_KEYS)
    if unknown:
        raise fail(f"column {header!r}: unknown key {unknown[0]!r}", header)
    targets = [k for k in ("field", "attribute", "ignore") if spec.get(k) not in (None, False)]
    if len(targets) != 1:
        raise fail(f"column {header!r}: give exactly one of field, attribute or ignore = true", header)
    field_name = spec.get("field")
    if field_name is not None and (not isinstance(field_name, str) or not any(
            field_name in fields for fields in FIELDS.values())):
        raise fail(f"column {header!r}: unknown field {field_name!r}", header)
    attribute = spec.get("attribute")
    if attribute is not None:
        if not isinstance(attribute, str) or not attribute.strip():
            raise fail(f"column {header!r}: attribute must be a name", header)
        if len(attribute.strip()) > ATTRIBUTE_NAME_MAX:
            raise fail(f"column {header!r}: an attribute name is limited to {ATTRIBUTE_NAME_MAX} characters", header)
    kind = spec.get("kind")
    if kind is not None and kind not in ATTRIBUTE_KINDS:
        raise fail(f"column {header!r}: kind must be text, number or bool, not {kind!r}", header)
    if kind is not None and field_name is not None:
        raise fail(f"column {header!r}: kind is for attributes; a field has its own type", header)
    values = spec.get("values")
    if values is not None:
        if not isinstance(values, dict) or not values:
            raise fail(f"column {header!r}: values must be a table of \"source\" = value", header)
        bad = [v for v in values.values() if not isinstance(v, str | bool | int | float)]
        if bad:
            raise fail(f"column {header!r}: a mapped value must be text, a number or true/false", header)
        values = {fold_value(str(k)): v for k, v in values.items()}
    date_format = spec.get("date_format")
    formats = None
    if date_format is not None:
        formats = _formats(date_format, (), fail, f"column {header!r}: date_format")
    decimal_comma = spec.get("decimal_comma")
    if decimal_comma is not None and not isinstance(decimal_comma, bool):
        raise fail(f"column {header!r}: decimal_comma must be true or false", header)
    tenure = spec.get("tenure_months", False)
    if not isinstance(tenure, bool):
        raise fail(f"column {header!r}: tenure_months must be true or false", header)
    if tenure and field_name not in ("customer_since", "started_on"):
        raise fail(f"column {header!r}: tenure_months feeds customer_since or started_on", header)
    required = spec.get("required", False)
    if not isinstance(required, bool):
        raise fail(f"column {header!r}: required must be true or false", header)
    return ColumnRule(
        column=header.strip(), field=field_name, attribute=attribute.strip() if attribute else None,
        ignore=bool(spec.get("ignore")), kind=kind, values=values, date_formats=formats,
        decimal_comma=decimal_comma, tenure_months=tenure, required=required,
    )
