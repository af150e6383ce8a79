"""Exports of the dashboards' tables: CSV with a BOM that keeps Hebrew, XLSX that openpyxl
reads back with its rows (right to left in Hebrew), and over Excel's row limit CSV only."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest

from agent_desk import exports

HEBREW = exports.Table(
    "שיעור שימור לפי נציג",
    ["שבוע", "נציג", "שיחות", "שימורים", "שיעור", "עלות"],
    [[date(2026, 11, 1), "בת-אל לוי", 12, 5, 5 / 12, Decimal("120.50")],
     [date(2026, 11, 8), "=HYPERLINK(\"x\")", 3, 0, 0.0, None]],
    right_to_left=True,
)


def test_csv_has_a_bom_and_hebrew_survives(tmp_path) -> None:
    path = tmp_path / "rates.csv"
    assert exports.export(HEBREW, path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["שבוע", "נציג", "שיחות", "שימורים", "שיעור", "עלות"]
    assert rows[1] == ["01/11/2026", "בת-אל לוי", "12", "5", "0.416667", "120.50"]
    assert rows[2][1].startswith("'=")  # a formula stays text
    assert rows[2][5] == ""


def test_xlsx_opens_with_its_rows_right_to_left(tmp_path) -> None:
    path = tmp_path / "rates.xlsx"
    assert exports.export(HEBREW, path) == 2
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "שיעור שימור לפי נציג"
    assert sheet.sheet_view.rightToLeft is True
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("שבוע", "נציג", "שיחות", "שימורים", "שיעור", "עלות")
    assert values[1] == (datetime(2026, 11, 1), "בת-אל לוי", 12, 5, pytest.approx(5 / 12), 120.5)
    assert values[2][1] == "'=HYPERLINK(\"x\")" and values[2][5] is None
    assert len(values) == 3


def test_an_english_sheet_reads_left_to_right_and_times_are_israeli(tmp_path) -> None:
    table = exports.Table("Calls: week/agent [all]", ["When", "n"],
                          [[datetime(2026, 7, 1, 9, 0, tzinfo=UTC), 1]])
    path = tmp_path / "en.xlsx"
    exports.export(table, path)
    sheet = openpyxl.load_workbook(path).active
    assert not sheet.sheet_view.rightToLeft
    assert sheet.title == "Calls  week agent  all"  # no : / [ ] in a sheet name
    assert sheet.cell(2, 1).value == datetime(2026, 7, 1, 12, 0)  # 09:00 UTC is noon in Israel in summer


def test_over_excels_row_limit_csv_only_with_a_message(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 3)
    big = exports.Table("big", ["n"], [[1], [2], [3]])
    assert exports.formats_for(big) == ("csv",)
    assert exports.formats_for(exports.Table("ok", ["n"], [[1], [2]])) == ("csv", "xlsx")
    path = tmp_path / "big.xlsx"
    with pytest.raises(exports.TooManyRowsForExcel, match="4 rows with the header: more than an Excel sheet holds "
                                                           r"\(3\); export as CSV"):
        exports.export(big, path)
    assert not path.exists()
    assert exports.export(big, tmp_path / "big.csv") == 3
