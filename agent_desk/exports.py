"""Tables out to CSV and XLSX, the way Excel users in Israel open them. Qt-free, no database.

* CSV is UTF-8 with a byte-order mark: without it Excel reads the file as the machine's
  code page and Hebrew turns into mojibake.
* XLSX (XlsxWriter, written row by row in constant memory) has real numbers and dates, a bold
  frozen header, and in Hebrew a right-to-left sheet.
* A sheet holds at most :data:`EXCEL_MAX_ROWS` rows, header included: a bigger table goes to
  CSV only, and :class:`TooManyRowsForExcel` says so before anything is written.
* Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is kept
  as text, as the referral lists do (agent_desk/proactive/referrals.py).

The screens run :func:`export` on a worker thread (it writes to disk).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from agent_desk.wrapup import ISRAEL

# Excel's worksheet limit, header row included.
EXCEL_MAX_ROWS = 1_048_576
_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

Cell = str | int | float | Decimal | date | datetime | None


class ExportError(ValueError):
    """The table cannot be written as asked; the message says why (one line)."""


class TooManyRowsForExcel(ExportError):
    def __init__(self, rows: int) -> None:
        super().__init__(f"{rows:,} rows with the header: more than an Excel sheet holds "
                         f"({EXCEL_MAX_ROWS:,}); export as CSV")
        self.rows = rows


@dataclass(frozen=True)
class Table:
    """What a chart or table shows, as rows of plain values.

    Attributes:
        title: the sheet's name (and the default file name).
        headers: one per column, in the screen's language.
        rows: plain values; numbers stay numbers, dates stay dates.
        right_to_left: a Hebrew sheet (XLSX lays it out right to left).
    """

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    right_to_left: bool = False

    @property
    def fits_excel(self) -> bool:
        return len(self.rows) + 1 <= EXCEL_MAX_ROWS


def formats_for(table: Table) -> tuple[str, ...]:
    """The formats a table can be exported to: CSV always, XLSX when a sheet holds it."""
    return ("csv", "xlsx") if table.fits_excel else ("csv",)


def _local(moment: datetime) -> datetime:
    """Israel's wall clock (a naive value is taken as already local)."""
    return moment.astimezone(ISRAEL) if moment.tzinfo else moment


def _inert(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return _inert(str(value))


def write_csv(table: Table, path: Path) -> int:
    """Write ``table`` as UTF-8 CSV with a BOM; returns the rows written (header excluded)."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_inert(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
    return count


def sheet_name(title: str) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, never empty."""
    name = _SHEET_NAME_BAD.sub(" ", title).strip().strip("'")[:_SHEET_NAME_MAX].strip()
    return name or "Sheet1"


def write_xlsx(table: Table, path: Path) -> int:
    """Write ``table`` as one XLSX sheet; returns the rows written (header excluded).

    Raises :class:`TooManyRowsForExcel` (nothing written) when the sheet cannot hold it.
    """
    if not table.fits_excel:
        raise TooManyRowsForExcel(len(table.rows) + 1)
    import xlsxwriter  # only when exporting: the desk starts without it

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    try:
        sheet = book.add_worksheet(sheet_name(table.title))
        if table.right_to_left:
            sheet.right_to_left()
        bold = book.add_format({"bold": True})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        money = book.add_format({"num_format": "#,##0.00"})
        widths = [max(8, len(h)) for h in table.headers]
        for column, title in enumerate(table.headers):
            sheet.write_string(0, column, title, bold)
        count = 0
        for line, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row):
                _write(sheet, line, column, value, day, moment, money)
                if column < len(widths) and isinstance(value, str):
                    widths[column] = max(widths[column], min(len(value), 50))
            count += 1
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width + 2)
        sheet.freeze_panes(1, 0)
    finally:
        book.close()
    return count


def _write(sheet, line: int, column: int, value: Cell, day, moment, money) -> None:  # type: ignore[no-untyped-def]
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(line, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(line, column, _local(value).replace(tzinfo=None), moment)
    elif isinstance(value, date):
        sheet.write_datetime(line, column, datetime(value.year, value.month, value.day), day)
    elif isinstance(value, Decimal):
        sheet.write_number(line, column, float(value), money)
    elif isinstance(value, (int, float)):
        sheet.write_number(line, column, value)
    else:
        sheet.write_string(line, column, _inert(str(value)))


def export(table: Table, path: Path) -> int:
    """CSV or XLSX by the file's suffix (anything but ``.xlsx`` is CSV); rows written.

    Raises :class:`TooManyRowsForExcel` for an XLSX the sheet cannot hold (nothing written),
    :class:`OSError` when the file cannot be written.
    """
    if path.suffix.lower() == ".xlsx":
        return write_xlsx(table, path)
    return write_csv(table, path)

