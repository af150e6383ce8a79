"""Reading an export file through a mapping: rows of converted field values, custom
attributes and the problems found, one :class:`MappedRow` per data row.

CSV (UTF-8 with or without BOM, or Windows-1255, detected) and XLSX (streamed with
python-calamine, one row at a time) are read the same way. Nothing here touches the
database: what needs it (does the customer a subscription names exist?) is checked by
:mod:`agent_desk.importer.load`. The risk model's ``evaluate`` reads labelled files with
:func:`mapped_rows` too, so a file is understood the same way wherever it goes.

Qt-free.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.importer.mapping import (
    ATTRIBUTE_NAME_MAX,
    FIELDS,
    REQUIRED_WHEN_MAPPED,
    ColumnRule,
    FieldSpec,
    Mapping,
    MappingError,
    fold_header,
    fold_value,
)
from agent_desk.phones import PhoneNumberError, to_e164

ATTRIBUTE_TEXT_MAX = 500
MONEY_LIMIT = Decimal("9999999999.99")
_TRUE = {"yes", "y", "true", "t", "כן", "v", "✓", "x", "on"}
_FALSE = {"no", "n", "false", "f", "לא", "off", ""}
_BOOL_WORDS = (_TRUE | _FALSE | {"1", "0"}) - {""}
_INFER_BOOL = {"yes", "no", "y", "n", "true", "false", "כן", "לא"}
_MONEY_NOISE = re.compile(r"[\s₪$€]|ש\"ח|ש״ח|nis|ils", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")  # "120", "99.90": what a number cell nearly always is
_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?-?")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PROGRESS_EVERY = 2000


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; ``str()`` is one line naming the file."""


@dataclass(frozen=True)
class Problem:
    """Why a row is rejected: its line in the file, the column (header) and the reason."""

    line: int
    column: str
    reason: str
    value: str = ""


@dataclass
class MappedRow:
    """One data row, converted.

    Attributes:
        line: the row's line in the file (the header is line 1).
        fields: model field -> converted value (``date``, aware UTC ``datetime``, ``Decimal``
            money, ``bool``, enum values as their strings, phones in E.164).
        attributes: attribute name -> (kind, value); value is ``None`` for a blank cell.
        problems: empty for a good row.
    """

    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, tuple[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _spoken(formats: tuple[str, ...]) -> str:
    """``("%d/%m/%Y",)`` as people read it: ``DD/MM/YYYY``."""
    words = {"%d": "DD", "%m": "MM", "%Y": "YYYY", "%y": "YY", "%H": "hh", "%M": "mm", "%S": "ss", "%b": "Mon"}
    spoken = []
    for fmt in formats:
        for code, word in words.items():
            fmt = fmt.replace(code, word)
        spoken.append(fmt)
    return " or ".join(spoken)


class _Bad(ValueError):
    """A cell that cannot be converted; the message is the reason."""


# --- reading the file ----------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` if the whole file is valid UTF-8, else ``cp1255``."""
    with path.open("rb") as f:
        head = f.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        f.seek(0)
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1255"
    return "utf-8"


class _Source:
    """The rows of a CSV or XLSX file as (line, cells), and how far through it we are."""

    def __init__(self, path: Path, mapping: Mapping) -> None:
        self.path = path
        self.mapping = mapping
        self.is_xlsx = path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
        self._done = 0.0

    def fraction(self) -> float:
        return self._done

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        yield from (self._xlsx_rows() if self.is_xlsx else self._csv_rows())
        self._done = 1.0

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(self.path))
            sheet = workbook.get_sheet_by_index(0)
        except (CalamineError, ValueError, IndexError) as exc:
            raise ImportFileError(f"{self.path}: not a readable spreadsheet ({exc})") from None
        total = max(int(sheet.total_height or 0), 1)
        start = sheet.start[0] if sheet.start else 0
        try:
            for index, cells in enumerate(sheet.iter_rows()):
                if index % _PROGRESS_EVERY == 0:
                    self._done = min(index / total, 1.0)
                yield start + index + 1, list(cells)
        except CalamineError as exc:
            raise ImportFileError(f"{self.path}: the spreadsheet is damaged ({exc})") from None
        finally:
            workbook.close()

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        encoding = self.mapping.encoding
        if encoding == "auto":
            encoding = detect_encoding(self.path)
        size = max(self.path.stat().st_size, 1)
        raw = self.path.open("rb")
        try:
            text = io.TextIOWrapper(raw, encoding=encoding, newline="", errors="strict")
            first = text.readline()
            delimiter = max(",;\t|", key=first.count) if first else ","
            reader = csv.reader(_chain(first, text), delimiter=delimiter)
            line = 0
            count = 0
            for cells in reader:
                start, line = line + 1, reader.line_num
                count += 1
                if count % _PROGRESS_EVERY == 0:
                    self._done = min(raw.tell() / size, 1.0)
                if not cells:
                    continue
                yield start, cells
        except UnicodeDecodeError:
            raise ImportFileError(f"{self.path}: not readable as {encoding} (set encoding in the mapping)") from None
        except csv.Error as exc:
            raise ImportFileError(f"{self.path}:{reader.line_num}: {exc}") from None
        finally:
            raw.close()


def _chain(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


# --- converting cells ----------------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell.__class__ is str:  # nearly every cell of a CSV: the checks below cost as much again
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    return str(cell).strip()


def _number(cell: Any, decimal_comma: bool) -> Decimal:
    if isinstance(cell, bool):
        raise _Bad("not a number")
    if isinstance(cell, int | float):
        return Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    if cell.__class__ is str and _PLAIN_NUMBER.fullmatch(cell):
        return Decimal(cell)
    text = _MONEY_NOISE.sub("", str(cell))
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if not _THOUSANDS.fullmatch(text):
            # "99,90" is not ninety-nine hundred: refuse rather than guess.
            raise _Bad("a comma that is not a thousands separator (decimal_comma = true in the mapping?)")
        text = text.replace(",", "")
    if text.endswith("-"):  # accounting style: 120.00-
        text = "-" + text[:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Bad("not a number") from None
    if not value.is_finite():
        raise _Bad("not a number")
    return value


# strptime's own expressions for these directives (Lib/_strptime.py), so the fast path
# accepts exactly what strptime accepts.
_FORMAT_PARTS = {
    "%d": r"(?P<day>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])", "%m": r"(?P<month>1[0-2]|0[1-9]|[1-9])",
    "%Y": r"(?P<year>\d\d\d\d)", "%H": r"(?P<hour>2[0-3]|[0-1]\d|\d)", "%M": r"(?P<minute>[0-5]\d|\d)",
    "%S": r"(?P<second>6[0-1]|[0-5]\d|\d)",
}


@functools.lru_cache(maxsize=64)
def _format_pattern(fmt: str) -> re.Pattern[str] | None:
    """A regular expression for a plain numeric strptime format (``%d/%m/%Y``), None for any
    other: strptime costs 20 µs a cell, a million-row file has millions of dates."""
    pattern, rest, used = "", fmt, set()
    while rest:
        if rest[:2] in _FORMAT_PARTS:
            if rest[:2] in used:
                return None
            used.add(rest[:2])
            pattern, rest = pattern + _FORMAT_PARTS[rest[:2]], rest[2:]
        elif rest[0] == "%":
            return None
        elif rest[0].isspace():
            pattern, rest = pattern + r"\s+", rest[1:]
        else:
            pattern, rest = pattern + re.escape(rest[0]), rest[1:]
    return re.compile(pattern + r"\Z", re.IGNORECASE)


def _strptime(text: str, fmt: str) -> datetime:
    """``datetime.strptime``, fast for plain numeric formats; ValueError if it does not fit."""
    pattern = _format_pattern(fmt)
    if pattern is None:
        return datetime.strptime(text, fmt)
    match = pattern.match(text)
    if match is None:
        raise ValueError(text)
    parts = match.groupdict()
    return datetime(int(parts.get("year") or 1900), int(parts.get("month") or 1), int(parts.get("day") or 1),
                    int(parts.get("hour") or 0), int(parts.get("minute") or 0), int(parts.get("second") or 0))


def _parse_date(cell: Any, formats: tuple[str, ...]) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell)
    for fmt in formats:
        try:
            return _strptime(text, fmt).date()
        except ValueError:
            continue
    raise _Bad(f"not a date (expected {_spoken(formats)})")


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise _Bad("not a date")  # pragma: no cover - 28 always exists


# The usual ways an Israeli number is written: parsed here in a microsecond, with the result
# libphonenumber gives (agent_desk.phones.to_e164, which every other form still goes through;
# a test compares the two). Mobile 05X and VoIP 07X have 7 digits after the prefix, landlines
# (02, 03, 04, 08, 09) 7 after the area code.
_PHONE_NOISE = re.compile(r"[\s\-().\u200e\u200f]")
_IL_PHONE = re.compile(r"(?:\+972|00972|972|0)((?:5\d|7\d)\d{7}|[23489]\d{7})")


def fast_e164(raw: str) -> str:
    """``to_e164`` for Israeli numbers, with a fast path for the common shapes."""
    match = _IL_PHONE.fullmatch(_PHONE_NOISE.sub("", raw))
    if match is not None:
        return "+972" + match.group(1)
    return to_e164(raw)


_ID_NOISE = re.compile(r"[\s\-]")
# The check digit's sum: digits in odd places count once, in even places doubled with the
# two digits of the product added (7 -> 14 -> 5).
_ID_DOUBLED = {str(n): 2 * n - 9 if n > 4 else 2 * n for n in range(10)}


def _national_id(text: str) -> str:
    digits = text if text.isdigit() else _ID_NOISE.sub("", text)
    if not digits.isdigit() or len(digits) > 9:
        raise _Bad("an ID number has up to 9 digits")
    if not digits.isascii():  # Arabic-Indic or full-width digits: kept as the digits they are
        try:
            digits = "".join(str(int(ch)) for ch in digits)
        except ValueError:  # "²" is a digit to isdigit() but no number
            raise _Bad("an ID number has up to 9 digits") from None
    digits = digits.zfill(9)
    total = sum(map(int, digits[0::2])) + sum(map(_ID_DOUBLED.__getitem__, digits[1::2]))
    if total % 10:
        raise _Bad("the ID number's check digit is wrong")
    return digits


class _Converter:
    """Turns one column's cells into a field's or attribute's values."""

    def __init__(self, mapping: Mapping, rule: ColumnRule | None, spec: FieldSpec | None,
                 attribute_kind: str | None) -> None:
        self.mapping = mapping
        self.rule = rule
        self.spec = spec
        self.attribute_kind = attribute_kind
        self.values = rule.values if rule else None
        self.decimal_comma = (rule.decimal_comma if rule and rule.decimal_comma is not None
                              else mapping.decimal_comma)
        self.zone = ZoneInfo(mapping.timezone)
        # Most cells of an export are plain text into a text field: that case skips the rest.
        self.plain_text_limit = (spec.max_length or 1 << 30) if (
            spec is not None and spec.type == "text" and self.values is None) else None

    def __call__(self, cell: Any) -> Any:
        """The converted value, ``None`` for a blank cell; raises :class:`_Bad`."""
        if cell.__class__ is str:
            text = cell.strip()
            if not text:
                return None
            if "\x00" in text:  # no database takes it: one bad cell must not fail the whole batch
                raise _Bad("contains a NUL character")
            if self.plain_text_limit is not None:
                if len(text) > self.plain_text_limit:
                    raise _Bad(f"longer than {self.plain_text_limit} characters")
                return text
        elif cell is None:
            return None
        if self.values is not None:
            key = fold_value(_text(cell))
            if key in self.values:
                cell = self.values[key]
            elif not (self.spec and self.spec.type == "enum" and key in self.spec.choices):
                raise _Bad("not in the mapping's values for this column")
        if self.spec is None:
            return self._attribute(cell)
        return self._field(cell)

    def _attribute(self, cell: Any) -> Any:
        kind = self.attribute_kind
        if kind == "number":
            value = float(_number(cell, self.decimal_comma))
            if not math.isfinite(value):
                raise _Bad("the number is too large")
            return value
        if kind == "bool":
            return _boolean(cell)
        text = _text(cell)
        if len(text) > ATTRIBUTE_TEXT_MAX:
            raise _Bad(f"longer than {ATTRIBUTE_TEXT_MAX} characters")
        return text

    def _field(self, cell: Any) -> Any:  # noqa: C901, PLR0911, PLR0912 - one branch per type
        spec = self.spec
        assert spec is not None
        kind = spec.type
        # The common types first: a million-row file asks this for millions of cells.
        if kind == "phone":
            try:
                return fast_e164(_text(cell))
            except PhoneNumberError:
                raise _Bad("not a phone number") from None
        if kind == "national_id":
            return _national_id(_text(cell))
        if kind == "text":
            text = _text(cell)
            if spec.max_length and len(text) > spec.max_length:
                raise _Bad(f"longer than {spec.max_length} characters")
            return text
        if kind == "enum":
            value = fold_value(_text(cell)) if not isinstance(cell, bool) else str(cell).lower()
            if value not in spec.choices:
                raise _Bad(f"unknown value (one of {', '.join(spec.choices)})")
            return value
        if kind == "bool":
            return _boolean(cell)
        if kind == "date":
            if self.rule is not None and self.rule.tenure_months:
                months = _number(cell, self.decimal_comma)
                if months < 0 or months > 1200:
                    raise _Bad("tenure must be 0 to 1200 months")
                assert self.mapping.export_date is not None
                return _months_before(self.mapping.export_date, int(months))
            value = _parse_date(cell, self.rule.date_formats if self.rule and self.rule.date_formats
                                else self.mapping.date_formats)
            if not 1900 <= value.year <= 2200:
                raise _Bad("the year is out of range")
            return value
        if kind == "datetime":
            return self._datetime(cell)
        if kind == "money":
            value = _number(cell, self.decimal_comma)
            if value < 0 or value > MONEY_LIMIT:
                raise _Bad("an amount must be 0 to 9,999,999,999.99")
            return value.quantize(Decimal("0.01"))
        if kind == "email":
            text = _text(cell)
            if len(text) > (spec.max_length or 200):
                raise _Bad(f"longer than {spec.max_length} characters")
            if not _EMAIL.match(text):
                raise _Bad("not an e-mail address")
            return text
        raise _Bad(f"unsupported field type {kind}")  # pragma: no cover

    def _datetime(self, cell: Any) -> datetime:
        if isinstance(cell, datetime):
            value = cell
        elif isinstance(cell, date):
            value = datetime.combine(cell, time())
        else:
            text = _text(cell)
            formats = (self.rule.date_formats if self.rule and self.rule.date_formats
                       else self.mapping.datetime_formats)
            for fmt in (*formats, *self.mapping.date_formats):
                try:
                    value = _strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                try:
                    value = datetime.fromisoformat(text)
                except ValueError:
                    raise _Bad(f"not a date and time (expected {_spoken(formats)})") from None
        if not 1900 <= value.year <= 2200:
            raise _Bad("the year is out of range")
        if value.tzinfo is None:
            value = value.replace(tzinfo=self.zone)
        return value.astimezone(UTC)


def _boolean(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        if cell in (0, 1):
            return bool(cell)
        raise _Bad("not yes or no")
    text = fold_value(str(cell))
    if text in _TRUE or text == "1":
        return True
    if text in _FALSE or text == "0":
        return False
    raise _Bad("not yes or no")


# --- the plan for a file -------------------------------------------------------------------


@dataclass
class _Column:
    index: int
    header: str
    target: str  # field name or attribute name
    is_field: bool
    convert: _Converter
    required: bool


def _infer_kinds(source: _Source, indexes: dict[int, str], decimal_comma: bool) -> dict[int, str]:
    """The kind of each undeclared attribute column over the whole file: ``number`` if every
    non-blank cell is a number, ``bool`` if every one is a yes/no word, else ``text``."""
    could_number = dict.fromkeys(indexes, True)
    could_bool = dict.fromkeys(indexes, True)
    seen = dict.fromkeys(indexes, False)
    rows = source.rows()
    next(rows, None)  # the header
    for _line, cells in rows:
        for index in indexes:
            if index >= len(cells):
                continue
            cell = cells[index]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            seen[index] = True
            if could_bool[index] and not (isinstance(cell, bool) or fold_value(_text(cell)) in _INFER_BOOL):
                could_bool[index] = False
            if could_number[index] and not isinstance(cell, bool):
                try:
                    _number(cell, decimal_comma)
                except _Bad:
                    could_number[index] = False
            elif isinstance(cell, bool):
                could_number[index] = False
    return {
        index: "bool" if seen[index] and could_bool[index] else
        "number" if seen[index] and could_number[index] else "text"
        for index in indexes
    }


def _plan(source: _Source, header: list[Any], mapping: Mapping, kind: str) -> list[_Column]:
    fields = FIELDS[kind]
    columns: list[_Column] = []
    found: set[str] = set()
    to_infer: dict[int, str] = {}
    attribute_names: dict[str, str] = {}
    for index, cell in enumerate(header):
        name = _text(cell).replace("\ufeff", "").strip()
        if not name:
            continue
        rule = mapping.rule_for(name)
        if rule is not None:
            found.add(fold_header(name))
            if rule.ignore:
                continue
        if rule is not None and rule.field is not None:
            spec = fields[rule.field]
            required = spec.required or rule.required or rule.field in REQUIRED_WHEN_MAPPED
            columns.append(_Column(index, name, rule.field, True, _Converter(mapping, rule, spec, None), required))
            continue
        attribute = (rule.attribute if rule is not None and rule.attribute else name)[:ATTRIBUTE_NAME_MAX]
        if fold_header(attribute) in attribute_names:
            raise ImportFileError(f"{source.path}:1: columns {attribute_names[fold_header(attribute)]!r} and "
                                  f"{name!r} would both be the attribute {attribute!r}")
        attribute_names[fold_header(attribute)] = name
        declared = rule.kind if rule is not None else None
        if declared is None and rule is not None and rule.values:
            sample = next(iter(rule.values.values()))
            declared = "bool" if isinstance(sample, bool) else "number" if isinstance(sample, int | float) else "text"
        converter = _Converter(mapping, rule, None, declared)
        if declared is None:
            to_infer[index] = name
        columns.append(_Column(index, name, attribute, False, converter,
                               bool(rule and rule.required)))
    missing = [rule.column for key, rule in mapping.columns.items() if key not in found]
    if missing:
        raise ImportFileError(f"{source.path}:1: no column {missing[0]!r} (named in the mapping)")
    fed = {c.target for c in columns if c.is_field} | set(mapping.defaults)
    if "full_name" in fed:
        fed |= {"first_name", "last_name"}
    for name, spec in fields.items():
        if spec.required and name not in fed:
            raise MappingError(mapping.path, None, f"no column feeds the required field {name!r} "
                                                   f"(and [defaults] gives none)")
    if to_infer:
        kinds = _infer_kinds(_Source(source.path, mapping), to_infer, mapping.decimal_comma)
        for column in columns:
            if column.index in kinds:
                column.convert.attribute_kind = kinds[column.index]
    return columns


def _defaults(mapping: Mapping, kind: str) -> dict[str, Any]:
    """The ``[defaults]`` converted like cells; a bad default is a mapping error."""
    fields = FIELDS[kind]
    converted: dict[str, Any] = {}
    for name, value in mapping.defaults.items():
        try:
            converted[name] = _Converter(mapping, None, fields[name], None)(value)
        except _Bad as exc:
            raise MappingError(mapping.path, None, f"defaults: {name}: {exc}") from None
    return converted


def _finish(kind: str, row: MappedRow, headers: dict[str, str], mapping: Mapping) -> None:
    """What follows from the mapped fields: names from a full name, the account number,
    a subscription's status from its end date."""
    f = row.fields
    if kind == "customers":
        full = f.pop("full_name", None)
        if full is not None:
            first, _, last = full.partition(" ")
            f.setdefault("first_name", first)
            f.setdefault("last_name", last.strip())
        f.setdefault("first_name", "")
        f.setdefault("last_name", "")
        for name in ("first_name", "last_name"):
            if len(f[name]) > 80:
                row.problems.append(Problem(row.line, headers.get("full_name", name),
                                            "the name is longer than 80 characters"))
        if f.get("account_number") is None and f.get("external_ref") is not None:
            if len(f["external_ref"]) > 20:
                row.problems.append(Problem(row.line, headers.get("external_ref", "external_ref"),
                                            "longer than 20 characters, so it cannot be the account number "
                                            "(map a column to account_number)", f["external_ref"]))
            f["account_number"] = f["external_ref"]
    elif kind == "subscriptions" and f.get("status") is None:
        ended = f.get("ended_on")
        today = mapping.export_date or date.today()
        f["status"] = "cancelled" if ended is not None and ended <= today else "active"


def mapped_rows(path: str | Path, mapping: Mapping, kind: str = "customers", *,
                progress: Callable[[float], None] | None = None) -> Iterator[MappedRow]:
    """Every data row of ``path`` read through ``mapping`` for ``kind``, good or not.

    A row with problems still comes out (with ``problems`` set) so the caller can report
    it; rows repeating an ``external_ref`` (or an account number) of an earlier row are
    rejected, the first one stands. ``progress`` gets the fraction of the file read.

    Raises:
        MappingError: the mapping does not fit the kind (a required field has no column).
        ImportFileError: the file as a whole is unreadable (encoding, a mapped column is
            missing, not a spreadsheet).
        OSError: the file cannot be opened.
    """
    path = Path(path)
    mapping.check_kind(kind)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    source = _Source(path, mapping)
    rows = source.rows()
    first = next(rows, None)
    if first is None:
        raise ImportFileError(f"{path}: the file is empty (a header row is needed)")
    _header_line, header = first
    width = len(header)
    while width and not _text(header[width - 1]):
        width -= 1
    columns = _plan(source, header, mapping, kind)
    defaults = _defaults(mapping, kind)
    headers = {c.target: c.header for c in columns if c.is_field}
    seen_refs: dict[str, int] = {}
    seen_accounts: dict[str, int] = {}
    # Each column's facts as a tuple, read into locals once a cell (a million-row file has
    # tens of millions of cells). ``plain``: a text field's length limit, the cells that need
    # nothing but trimming (most of an export), converted here without a call.
    plan = [(c.index, c.header, c.target, c.is_field, c.convert, c.convert.plain_text_limit if c.is_field else None,
             c.required, c.convert.attribute_kind or "text") for c in columns]
    read = 0
    for line, cells in rows:
        read += 1
        if progress is not None and read % _PROGRESS_EVERY == 0:
            progress(source.fraction())
        size = len(cells)
        if size != len(header) and (size < width or any(_text(c) for c in cells[width:])):
            yield MappedRow(line, problems=[Problem(line, "", f"{size} columns where the header has {width}")])
            continue
        fields: dict[str, Any] = {}
        attributes: dict[str, tuple[str, Any]] = {}
        problems: list[Problem] = []
        for index, column_header, target, is_field, convert, plain, required, attribute_kind in plan:
            cell = cells[index] if index < size else None
            try:
                if plain is not None and cell.__class__ is str:
                    value = cell.strip() or None
                    if value is not None and (len(value) > plain or "\x00" in value):
                        value = convert(value)  # raises with the reason
                else:
                    value = convert(cell)
            except _Bad as exc:
                problems.append(Problem(line, column_header, str(exc), _text(cell)[:200]))
                continue
            if is_field:
                if value is None:
                    if target in defaults:
                        value = defaults[target]
                    elif required:
                        problems.append(Problem(line, column_header, f"missing required field {target}"))
                        continue
                    else:
                        continue
                fields[target] = value
            else:
                attributes[target] = (attribute_kind, value)
        for name, value in defaults.items():
            fields.setdefault(name, value)
        row = MappedRow(line, fields, attributes, problems)
        _finish(kind, row, headers, mapping)
        ref = row.fields.get("external_ref")
        if ref is not None and not row.problems:
            if ref in seen_refs:
                row.problems.append(Problem(line, headers.get("external_ref", "external_ref"),
                                            f"duplicate: the same reference is on line {seen_refs[ref]}", ref))
            else:
                seen_refs[ref] = line
        account = row.fields.get("account_number") if kind == "customers" else None
        if account is not None and not row.problems:
            if account in seen_accounts:
                row.problems.append(Problem(line, headers.get("account_number", "account_number"),
                                            f"duplicate: the same account number is on line {seen_accounts[account]}",
                                            account))
            else:
                seen_accounts[account] = line
        yield row
    if progress is not None:
        progress(1.0)
