"""Issue 15, items 1-2: importing CRM and billing exports.

A file with a bad row of every kind lands its good rows and names each bad one (line,
column, value, reason) in the rejects file; Hebrew headers, Windows-1255, a BOM and XLSX
read the same; re-importing updates by external reference and never duplicates; a dry run
writes nothing. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.cli import main
from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.importer.attributes import customer_attributes
from agent_desk.importer.commands import ProgressBar
from agent_desk.importer.load import rejects_path_for, run_import
from agent_desk.importer.mapping import MappingError, load_mapping
from agent_desk.importer.reader import ImportFileError, _strptime, fast_e164, mapped_rows
from agent_desk.paths import resource
from agent_desk.phones import PhoneNumberError, to_e164
from agent_desk.search import name_key

MAPPING = """\
kind = "customers"
export_date = 2026-11-01
date_format = "%d/%m/%Y"

[columns]
"מספר לקוח" = "external_ref"
"שם פרטי" = "first_name"
"שם משפחה" = "last_name"
"טלפון" = "phone"
"ותק בחודשים" = { field = "customer_since", tenure_months = true }
"סטטוס" = { field = "status", values = { "פעיל" = "active", "מנותק" = "cancelled" } }
"תאריך לידה" = "birth_date"
"עיר" = "city"
"חיוב חודשי" = { attribute = "חיוב חודשי", kind = "number" }
"הערות" = { ignore = true }
"""
HEADER = ["מספר לקוח", "שם פרטי", "שם משפחה", "טלפון", "ותק בחודשים", "סטטוס", "תאריך לידה", "עיר",
          "חיוב חודשי", "מסלול", "חשבונית דיגיטלית", "הערות"]
GOOD = [
    ["C001", "נועה", "כהן", "054-1234567", "12", "פעיל", "01/02/1980", "חיפה", "99.90", "פרימיום", "כן", "x"],
    ["C002", "יוסף", "לוי", "03-5551234", "0", "מנותק", "", "תל אביב-יפו", "120", "בסיס", "לא", ""],
]
# One bad row of every kind, and what the rejects file says about it.
BAD = [
    (["C003", "מיכל", "מזרחי", "0521111111", "5", "פעיל", "31/02/1980", "חולון", "10", "", "", ""],
     ("תאריך לידה", "31/02/1980", "not a date (expected DD/MM/YYYY)")),
    (["C004", "אורי", "פרץ", "0521111112", "5", "פעיל", "", "חולון", "12א", "", "", ""],
     ("חיוב חודשי", "12א", "not a number")),
    (["C005", "שירה", "ביטון", "0521111113", "5", "מושהה", "", "חולון", "1", "", "", ""],
     ("סטטוס", "מושהה", "not in the mapping's values for this column")),
    (["C006", "", "אברהם", "0521111114", "5", "פעיל", "", "חולון", "1", "", "", ""],
     ("שם פרטי", "", "missing required field first_name")),
    (["C007", "דוד", "פרידמן", "12345", "5", "פעיל", "", "חולון", "1", "", "", ""],
     ("טלפון", "12345", "not a phone number")),
    (["C001", "נועה", "כהן", "054-1234567", "12", "פעיל", "", "חיפה", "1", "", "", ""],
     ("מספר לקוח", "C001", "duplicate: the same reference is on line 2")),
    (["C008", "תמר", "חורי", "0521111115", "5", "פעיל", "", "כ" * 81, "1", "", "", ""],
     ("עיר", "כ" * 81, "longer than 80 characters")),
    (["C009", "איתי", "שפירא"], ("", "", "3 columns where the header has 12")),
    (["", "מוחמד", "אגבאריה", "0521111116", "5", "פעיל", "", "נצרת", "1", "", "", ""],
     ("מספר לקוח", "", "missing required field external_ref")),
]


def _csv(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _files(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", name: str = "לקוחות.csv"):
    mapping = tmp_path / "crm.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    export = tmp_path / name
    export.write_bytes(_csv(rows, encoding))
    return export, load_mapping(mapping, kind="customers")


def _engine(url: str) -> sa.Engine:
    engine = make_engine(url, deadline=False)
    migrate.upgrade(engine)
    return engine


def _rejects(path: Path) -> list[tuple[int, str, str, str]]:
    with rejects_path_for(path).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["line", "column", "value", "reason"]
    return [(int(line), column, value, reason) for line, column, value, reason in rows[1:]]


def _landed(engine: sa.Engine) -> dict[str, dict]:
    """Every imported customer with its phones and attributes, by reference."""
    with Session(engine) as session:
        out = {}
        for c in session.scalars(sa.select(m.Customer).order_by(m.Customer.external_ref)):
            out[c.external_ref] = {
                "id": c.id, "name": (c.first_name, c.last_name), "keys": (c.first_name_key, c.last_name_key),
                "account": c.account_number, "since": c.customer_since, "status": c.status.value,
                "birth": c.birth_date, "city": c.city,
                "phones": sorted((p.e164, p.kind.value, p.is_primary, p.e164_reversed) for p in c.phones),
                "attributes": customer_attributes(session, c.id),
            }
        return out


EXPECTED = {
    "C001": {"name": ("נועה", "כהן"), "keys": (name_key("נועה"), name_key("כהן")), "account": "C001",
             "since": date(2025, 11, 1), "status": "active", "birth": date(1980, 2, 1), "city": "חיפה",
             "phones": [("+972541234567", "mobile", True, "765432145279")],
             "attributes": [("חיוב חודשי", "number", "99.9"), ("חשבונית דיגיטלית", "bool", True),
                            ("מסלול", "text", "פרימיום")]},
    "C002": {"name": ("יוסף", "לוי"), "keys": ("יוספ", "לוי"), "account": "C002",
             "since": date(2026, 11, 1), "status": "cancelled", "birth": None, "city": "תל אביב-יפו",
             "phones": [("+97235551234", "landline", True, "43215553279")],
             "attributes": [("חיוב חודשי", "number", "120"), ("חשבונית דיגיטלית", "bool", False),
                            ("מסלול", "text", "בסיס")]},
}


def _without_ids(landed: dict[str, dict]) -> dict[str, dict]:
    return {ref: {k: v for k, v in row.items() if k != "id"} for ref, row in landed.items()}


def test_a_file_with_every_kind_of_bad_row_lands_the_good_ones_and_names_the_bad(
        any_db_url: str, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, GOOD + [row for row, _ in BAD])
    engine = _engine(any_db_url)
    try:
        summary = run_import(engine, export, mapping, "customers")
        assert (summary.rows_read, summary.inserted, summary.updated, summary.rejected) == (11, 2, 0, 9)
        assert summary.rejects_path == rejects_path_for(export)
        assert _rejects(export) == [(4 + i, *why) for i, (_row, why) in enumerate(BAD)]
        assert _without_ids(_landed(engine)) == EXPECTED
    finally:
        engine.dispose()


def test_reimporting_updates_by_reference_and_never_duplicates(any_db_url: str, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, GOOD)
    engine = _engine(any_db_url)
    try:
        first = run_import(engine, export, mapping, "customers")
        before = _landed(engine)
        again = run_import(engine, export, mapping, "customers")
        assert (first.inserted, first.updated, again.inserted, again.updated) == (2, 0, 0, 2)
        assert _landed(engine) == before  # same rows, same keys
        assert summary_rejects_gone(export)

        changed = [list(GOOD[0]), list(GOOD[1]), ["C010", "אולגה", "שפירא", "058-7654321", "1", "פעיל", "", "", "",
                                                  "", "", ""]]
        changed[0][3] = "052-9999999"  # a new number: the old one is no longer hers
        changed[0][7] = "עכו"
        changed[0][9] = ""  # the plan blank: the attribute goes
        changed[0][8] = "89.9"
        export.write_bytes(_csv(changed))
        third = run_import(engine, export, mapping, "customers")
        assert (third.inserted, third.updated, third.rejected) == (1, 2, 0)
        after = _landed(engine)
        assert set(after) == {"C001", "C002", "C010"}
        assert after["C001"]["id"] == before["C001"]["id"]
        assert after["C001"]["city"] == "עכו"
        assert after["C001"]["phones"] == [("+972529999999", "mobile", True, "999999925279")]
        assert after["C001"]["attributes"] == [("חיוב חודשי", "number", "89.9"), ("חשבונית דיגיטלית", "bool", True)]
        assert after["C002"] == before["C002"]
        with engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.Customer)) == 3
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.CustomerPhone)) == 3
    finally:
        engine.dispose()


def summary_rejects_gone(export: Path) -> bool:
    """A clean run leaves no rejects file behind (an old one would mislead)."""
    return not rejects_path_for(export).exists()


def test_a_dry_run_checks_everything_and_writes_nothing(any_db_url: str, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, GOOD + [row for row, _ in BAD])
    engine = _engine(any_db_url)
    try:
        dry = run_import(engine, export, mapping, "customers", dry_run=True)
        assert (dry.rows_read, dry.inserted, dry.updated, dry.rejected, dry.dry_run) == (11, 2, 0, 9, True)
        assert "nothing written" in dry.line()
        assert len(_rejects(export)) == 9
        with engine.connect() as connection:
            for table in (m.Customer, m.CustomerPhone, m.CustomerAttribute):
                assert connection.scalar(sa.select(sa.func.count()).select_from(table)) == 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1255"])
def test_hebrew_reads_the_same_in_windows_1255_and_utf_8_with_or_without_bom(
        encoding: str, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, GOOD + [row for row, _ in BAD], encoding=encoding)
    if encoding == "cp1255":
        with pytest.raises(UnicodeDecodeError):
            export.read_bytes().decode("utf-8")
    rows = list(mapped_rows(export, mapping, "customers"))
    assert [r.line for r in rows if r.ok] == [2, 3]
    assert rows[0].fields["first_name"] == "נועה" and rows[1].fields["city"] == "תל אביב-יפו"
    assert rows[0].attributes == {"חיוב חודשי": ("number", 99.9), "מסלול": ("text", "פרימיום"),
                                  "חשבונית דיגיטלית": ("bool", True)}
    assert [(p.line, p.column, p.value, p.reason) for r in rows for p in r.problems] == \
        [(4 + i, *why) for i, (_row, why) in enumerate(BAD)]


def test_an_encoding_in_the_mapping_overrides_detection(tmp_path: Path) -> None:
    export, _ = _files(tmp_path, GOOD, encoding="cp1255")
    (tmp_path / "hebrew.toml").write_text('encoding = "windows-1255"\n' + MAPPING, encoding="utf-8")
    rows = list(mapped_rows(export, load_mapping(tmp_path / "hebrew.toml"), "customers"))
    assert [r.fields["last_name"] for r in rows] == ["כהן", "לוי"]
    (tmp_path / "latin.toml").write_text('encoding = "latin-1"\n' + MAPPING, encoding="utf-8")
    with pytest.raises(ImportFileError, match="no column 'מספר לקוח'"):  # Hebrew read as Latin-1
        list(mapped_rows(export, load_mapping(tmp_path / "latin.toml"), "customers"))


# --- XLSX ------------------------------------------------------------------------------------


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    """A minimal .xlsx (inline strings and numbers), the way spreadsheet programs store one."""

    def ref(column: int, row: int) -> str:
        letters = ""
        column += 1
        while column:
            column, rest = divmod(column - 1, 26)
            letters = chr(65 + rest) + letters
        return f"{letters}{row}"

    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref(c, r)}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref(c, r)}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                   'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/'
                   f'2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="לקוחות" '
                   'sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
                   'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/'
                   f'spreadsheetml/2006/main"><sheetData>{"".join(body)}</sheetData></worksheet>')


def test_an_xlsx_export_lands_like_its_csv(any_db_url: str, tmp_path: Path) -> None:
    _, mapping = _files(tmp_path, GOOD)
    rows: list[list[object]] = [HEADER]
    for row in GOOD + [BAD[0][0], BAD[4][0]]:
        cells: list[object] = list(row)
        cells[3] = int(cells[3].replace("-", ""))  # a phone stored as a number loses its 0
        cells[4] = int(cells[4])
        cells[8] = float(cells[8]) if cells[8] and cells[8][0].isdigit() and cells[8].replace(".", "").isdigit() \
            else cells[8]
        rows.append(cells)
    export = tmp_path / "לקוחות.xlsx"
    write_xlsx(export, rows)
    engine = _engine(any_db_url)
    try:
        summary = run_import(engine, export, mapping, "customers")
        assert (summary.rows_read, summary.inserted, summary.rejected) == (4, 2, 2)
        assert _rejects(export) == [(4, "תאריך לידה", "31/02/1980", "not a date (expected DD/MM/YYYY)"),
                                    (5, "טלפון", "12345", "not a phone number")]
        assert _without_ids(_landed(engine)) == EXPECTED
    finally:
        engine.dispose()


# --- subscriptions and interactions ---------------------------------------------------------


def test_subscriptions_and_interactions_hang_on_imported_customers(any_db_url: str, tmp_path: Path) -> None:
    engine = _engine(any_db_url)
    try:
        with Session(engine) as session, session.begin():
            demo.ensure_reference_data(session)
        export, mapping = _files(tmp_path, GOOD)
        run_import(engine, export, mapping, "customers")

        subs = tmp_path / "מנויים.csv"
        subs.write_text(
            "מזהה מנוי,מספר לקוח,קוד מוצר,מחיר חודשי,תאריך התחלה,סוף התחייבות,תאריך סיום,סטטוס,ערוץ מכירה\n"
            "S1,C001,NET-1000,119.90,01/03/2024,01/03/2026,,,מוקד\n"
            "S2,C001,MOB-BASIC,,2023-05-01,,15/10/2026,,אתר\n"
            "S3,C999,MOB-BASIC,29.90,01/01/2024,,,פעיל,\n"
            "S4,C002,NO-SUCH,29.90,01/01/2024,,,פעיל,\n"
            "S5,C002,TV-BASIC,59.90,01/01/2024,,,מושהה,סניף\n",
            encoding="utf-8")
        smap = load_mapping(resource("import/billing-subscriptions.toml"), kind="subscriptions")
        result = run_import(engine, subs, smap, "subscriptions")
        assert (result.inserted, result.updated, result.rejected) == (3, 0, 2)
        assert _rejects(subs) == [(4, "מספר לקוח", "C999", "no customer has this reference"),
                                  (5, "קוד מוצר", "NO-SUCH", "no product has this code")]
        with Session(engine) as session:
            got = {s.external_ref: (s.customer.external_ref, s.product.code, s.monthly_price, s.started_on,
                                    s.commitment_end, s.ended_on, s.status.value)
                   for s in session.scalars(sa.select(m.Subscription))}
            customer = session.scalar(sa.select(m.Customer.id).where(m.Customer.external_ref == "C001"))
            assert ("ערוץ מכירה", "text", "אתר") in customer_attributes(session, customer)
        assert got == {
            "S1": ("C001", "NET-1000", Decimal("119.90"), date(2024, 3, 1), date(2026, 3, 1), None, "active"),
            # No price: the product's list price; an end date and no status: cancelled.
            "S2": ("C001", "MOB-BASIC", Decimal("29.90"), date(2023, 5, 1), None, date(2026, 10, 15), "cancelled"),
            "S5": ("C002", "TV-BASIC", Decimal("59.90"), date(2024, 1, 1), None, None, "paused"),
        }
        again = run_import(engine, subs, smap, "subscriptions")
        assert (again.inserted, again.updated, again.rejected) == (0, 3, 2)

        contacts = tmp_path / "פניות.csv"
        contacts.write_text(
            "מזהה פנייה,מספר לקוח,סוג,ערוץ,כיוון,מועד,נושא,תיאור,סטטוס טיפול,מועד סגירה\n"
            "I1,C001,תלונה,טלפון,נכנסת,15/07/2026 09:30,חשבון גבוה,חויבה פעמיים,נפתר,16/07/2026 12:00\n"
            "I2,C002,שיחה,,,01/01/2026 10:00,בירור,,,\n"
            "I3,C001,פקס,טלפון,נכנסת,15/07/2026 09:30,?,,,\n"
            "I4,C001,שיחה,טלפון,נכנסת,15/07/2026,יום בלי שעה,,,\n",
            encoding="utf-8")
        imap = load_mapping(resource("import/crm-interactions.toml"), kind="interactions")
        result = run_import(engine, contacts, imap, "interactions")
        assert (result.inserted, result.rejected) == (3, 1)
        assert _rejects(contacts)[0][:3] == (4, "סוג", "פקס")
        with Session(engine) as session:
            got = {i.external_ref: (i.kind.value, i.channel.value, i.direction.value, i.occurred_at, i.subject,
                                    i.case_status and i.case_status.value, i.resolved_at)
                   for i in session.scalars(sa.select(m.Interaction))}
        assert got == {
            # Israel summer time is UTC+3, winter UTC+2.
            "I1": ("complaint", "phone", "inbound", datetime(2026, 7, 15, 6, 30, tzinfo=UTC), "חשבון גבוה",
                   "resolved", datetime(2026, 7, 16, 9, 0, tzinfo=UTC)),
            "I2": ("call", "phone", "inbound", datetime(2026, 1, 1, 8, 0, tzinfo=UTC), "בירור", None, None),
            "I4": ("call", "phone", "inbound", datetime(2026, 7, 14, 21, 0, tzinfo=UTC), "יום בלי שעה", None, None),
        }
    finally:
        engine.dispose()


def test_an_account_number_of_another_customer_is_rejected_not_taken(demo_db: str, tmp_path: Path) -> None:
    engine = make_engine(demo_db)
    try:
        with engine.connect() as connection:
            taken = connection.scalar(sa.select(m.Customer.account_number).limit(1))
        export, mapping = _files(tmp_path, [[taken, *GOOD[0][1:]], GOOD[1]])
        summary = run_import(engine, export, mapping, "customers")
        assert (summary.inserted, summary.rejected) == (1, 1)
        assert _rejects(export) == [(2, "account_number", taken, "the account number belongs to another customer")]
        with engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(m.Customer)
                                     .where(m.Customer.account_number == taken)) == 1
    finally:
        engine.dispose()


def test_the_telco_churn_mapping_reads_its_sample(tmp_path: Path) -> None:
    export = tmp_path / "telco.csv"
    export.write_text(
        "customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,"
        "OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,"
        "PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn\n"
        "7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,"
        "Electronic check,29.85,29.85,No\n"
        "3668-QPYBK,Male,0,No,No,2,Yes,No,DSL,Yes,Yes,No,No,No,No,Month-to-month,Yes,Mailed check,53.85,108.15,Yes\n"
        "4472-LVYGI,Female,0,Yes,Yes,0,No,No phone service,DSL,Yes,No,Yes,Yes,Yes,No,Two year,Yes,"
        "Bank transfer (automatic),52.55, ,No\n",
        encoding="utf-8")
    mapping = load_mapping(resource("import/telco-churn-customers.toml"), kind="customers")
    rows = list(mapped_rows(export, mapping, "customers"))
    assert all(r.ok for r in rows)
    assert [(r.fields["external_ref"], r.fields["status"], r.fields["customer_since"], r.fields["gender"])
            for r in rows] == [("7590-VHVEG", "active", date(2026, 10, 1), "female"),
                               ("3668-QPYBK", "cancelled", date(2026, 9, 1), "male"),
                               ("4472-LVYGI", "active", date(2026, 11, 1), "female")]
    assert rows[1].attributes["contract"] == ("text", "monthly")
    assert rows[1].attributes["Partner"] == ("bool", False)
    assert rows[1].attributes["senior_citizen"] == ("bool", False)
    assert rows[1].attributes["total_charges"] == ("number", 108.15)
    assert rows[2].attributes["total_charges"] == ("number", None)
    assert rows[0].attributes["PaymentMethod"] == ("text", "Electronic check")


def test_the_example_hebrew_crm_mapping_fits_its_documented_export(tmp_path: Path) -> None:
    doc = resource("import/hebrew-crm-example.csv")
    mapping = load_mapping(resource("import/hebrew-crm-customers.toml"), kind="customers")
    rows = list(mapped_rows(doc, mapping, "customers"))
    assert rows and all(r.ok for r in rows), [r.problems for r in rows]


# --- conversions that must agree with the slow, general path ---------------------------------


def test_the_fast_phone_path_gives_what_libphonenumber_gives() -> None:
    rng = random.Random(15)
    samples = []
    for _ in range(3000):
        digits = str(rng.choice([rng.randint(2_000_000, 99_999_999), rng.randint(500_000_000, 799_999_999),
                                 rng.randint(100_000, 9_999_999_999)]))
        samples += [digits, "0" + digits, "+972" + digits, "972" + digits, "00972" + digits,
                    f"0{digits[:2]}-{digits[2:]}", f"+972 {digits[:2]} {digits[2:]}", f"+972-0{digits}"]
    for raw in samples:
        try:
            expected: str | None = to_e164(raw)
        except PhoneNumberError:
            expected = None
        try:
            got: str | None = fast_e164(raw)
        except PhoneNumberError:
            got = None
        assert got == expected, raw


def test_the_fast_date_path_gives_what_strptime_gives() -> None:
    formats = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d/%m/%y"]
    texts = ["1/2/2020", "01/02/2020", "31/02/2020", "2020-1-2", "2020-13-01", "5.6.2021 7:08", "12/11/26",
             "1/2/2020x", " 1/2/2020", "2020-02-29", "2021-02-29", "1/2/20200"]
    for fmt in formats:
        for text in texts:
            try:
                expected: datetime | None = datetime.strptime(text, fmt)
            except ValueError:
                expected = None
            try:
                got: datetime | None = _strptime(text, fmt)
            except ValueError:
                got = None
            assert got == expected, (fmt, text)


# --- mapping files and the command ------------------------------------------------------------


@pytest.mark.parametrize(("text", "line", "problem"), [
    ('kind = "customers"\ncolour = "red"\n[columns]\na = "external_ref"\n', 2, "unknown setting 'colour'"),
    ('[columns]\na = "external_ref"\nb = "nickname"\n', 3, "column 'b': unknown field 'nickname'"),
    ('[columns]\na = "external_ref"\nb = { field = "status", colour = 1 }\n', 3, "column 'b': unknown key 'colour'"),
    ('[columns]\na = "external_ref"\nb = { attribute = "x", kind = "date" }\n', 3,
     "column 'b': kind must be text, number or bool, not 'date'"),
    ('[columns]\na = "external_ref"\nb = { field = "customer_since", tenure_months = true }\n', 3,
     "column 'b': tenure_months needs export_date"),
    ('[columns]\na = "external_ref\n', 2, "Illegal character"),
    ('kind = "customers"\n', 1, "a mapping needs a [columns] table naming at least one column"),
])
def test_a_bad_mapping_is_named_by_file_and_line(text: str, line: int, problem: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: {problem}")


def test_a_mapping_without_a_required_field_says_which(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[columns]\n"מספר לקוח" = "external_ref"\n', encoding="utf-8")
    export, _ = _files(tmp_path, GOOD)
    with pytest.raises(MappingError, match="no column feeds the required field 'customer_since'"):
        list(mapped_rows(export, load_mapping(path), "customers"))


def test_a_mapped_column_missing_from_the_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(MAPPING.replace('"עיר" = "city"', '"ישוב" = "city"'), encoding="utf-8")
    export, _ = _files(tmp_path, GOOD)
    with pytest.raises(ImportFileError, match="no column 'ישוב' \\(named in the mapping\\)"):
        list(mapped_rows(export, load_mapping(path), "customers"))


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_imports_prints_a_summary_and_says_each_failure_in_one_line(tmp_path: Path, capsys) -> None:
    export, _ = _files(tmp_path, GOOD + [BAD[0][0]])
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    mapping = str(tmp_path / "crm.toml")
    code, out, err = _run(["import", "customers", str(export), "--mapping", mapping, "--url", url, "--dry-run"],
                          capsys)
    assert code == 1 and "not at this build's schema" in err  # a dry run does not create the schema
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    code, out, err = _run(["import", "customers", str(export), "--mapping", mapping, "--url", url], capsys)
    assert code == 0 and err == ""
    assert out.strip() == (f"customers: 3 rows read, 2 inserted, 0 updated, 1 rejected "
                           f"(see {rejects_path_for(export)})")

    failures = {
        "missing file": (["import", "customers", str(tmp_path / "nope.csv"), "--mapping", mapping],
                         f"agent-desk: {tmp_path / 'nope.csv'}: no such file"),
        "missing mapping": (["import", "customers", str(export), "--mapping", str(tmp_path / "nope.toml")],
                            f"agent-desk: {tmp_path / 'nope.toml'}: No such file or directory"),
        "wrong kind": (["import", "clients", str(export), "--mapping", mapping], "invalid choice: 'clients'"),
        "mapping for another kind": (["import", "subscriptions", str(export), "--mapping", mapping],
                                     f"agent-desk: {mapping}:1: this mapping is for customers, not subscriptions"),
    }
    bad_mapping = tmp_path / "bad.toml"
    bad_mapping.write_text('[columns]\n"מספר לקוח" = "external_ref"\n"עיר" = "town"\n', encoding="utf-8")
    failures["bad mapping"] = (["import", "customers", str(export), "--mapping", str(bad_mapping)],
                               f"agent-desk: {bad_mapping}:3: column 'עיר': unknown field 'town'")
    for name, (argv, expected) in failures.items():
        with pytest.raises(SystemExit) if name == "wrong kind" else _nothing():
            code, out, err = _run([*argv, "--url", url], capsys)
        if name == "wrong kind":
            err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1, (name, err)
        assert expected in err, (name, err)
        assert "Traceback" not in err


class _nothing:  # noqa: N801 - reads like pytest.raises
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_the_progress_bar_is_text_and_reaches_100() -> None:
    out = io.StringIO()
    bar = ProgressBar(out)
    for fraction in (0.0, 0.004, 0.5, 0.5, 1.0):
        bar(fraction)
    bar.finish()
    frames = out.getvalue().split("\r")[1:]
    assert frames[0] == "[" + "-" * 30 + "]   0%"
    assert frames[-1] == "[" + "#" * 30 + "] 100%\n"
    assert len(frames) == 3  # redrawn only when the percentage moves


def test_customer_attributes_for_the_360_are_typed_and_sorted(any_db_url: str, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, GOOD)
    engine = _engine(any_db_url)
    try:
        run_import(engine, export, mapping, "customers")
        with Session(engine) as session:
            cid = session.scalar(sa.select(m.Customer.id).where(m.Customer.external_ref == "C001"))
            assert customer_attributes(session, cid) == EXPECTED["C001"]["attributes"]
            assert customer_attributes(session, uuid.uuid4()) == []
    finally:
        engine.dispose()


def test_a_failure_half_way_leaves_nothing_behind(any_db_url: str, tmp_path: Path, monkeypatch) -> None:
    from agent_desk.importer import load

    export, mapping = _files(tmp_path, GOOD + [BAD[0][0]])
    engine = _engine(any_db_url)
    real_write = load._CustomerLoader.write
    calls = []

    def fail_second(self, rows, staged):  # the server goes away after the first batch
        calls.append(len(rows))
        if len(calls) == 2:
            raise sa.exc.OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real_write(self, rows, staged)

    monkeypatch.setattr(load._CustomerLoader, "write", fail_second)
    try:
        with pytest.raises(sa.exc.OperationalError):
            run_import(engine, export, mapping, "customers", batch_rows=1)
        assert calls == [1, 1]
        assert not rejects_path_for(export).exists()
        with engine.connect() as connection:
            for table in (m.Customer, m.CustomerPhone, m.CustomerAttribute):
                assert connection.scalar(sa.select(sa.func.count()).select_from(table)) == 0
    finally:
        engine.dispose()


def test_a_file_without_names_or_phones_lands_with_its_attributes(tmp_path: Path) -> None:
    export = tmp_path / "telco.csv"
    export.write_text("customerID,gender,SeniorCitizen,tenure,Contract,PaperlessBilling,MonthlyCharges,TotalCharges,"
                      "Churn\n7590-VHVEG,Female,0,1,Month-to-month,Yes,29.85,29.85,No\n"
                      "3668-QPYBK,Male,1,2,Two year,No,53.85,,Yes\n", encoding="utf-8")
    mapping = load_mapping(resource("import/telco-churn-customers.toml"), kind="customers")
    engine = _engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    try:
        summary = run_import(engine, export, mapping, "customers")
        assert (summary.inserted, summary.rejected) == (2, 0)
        landed = _landed(engine)
        assert landed["3668-QPYBK"]["status"] == "cancelled" and landed["3668-QPYBK"]["phones"] == []
        assert landed["3668-QPYBK"]["name"] == ("", "")
        assert landed["3668-QPYBK"]["attributes"] == [
            ("contract", "text", "two_year"), ("monthly_charges", "number", "53.85"),
            ("paperless_billing", "bool", False), ("senior_citizen", "bool", True)]  # no total: none kept
    finally:
        engine.dispose()


def test_two_writers_on_postgresql_land_the_same_rows_in_the_same_order_of_rejects(pg_url: str,
                                                                                  tmp_path: Path) -> None:
    rng = random.Random(7)
    rows = []
    for i in range(60):
        row = [f"P{i:03d}", "נועה", f"כהן{i}", f"054-{rng.randint(0, 9_999_999):07d}", str(i % 24), "פעיל",
               "", "חיפה", str(i), "בסיס", "כן", ""]
        if i % 9 == 4:
            row[6] = "32/01/1990"
        rows.append(row)
    export, mapping = _files(tmp_path, rows)
    bad_lines = [i + 2 for i in range(60) if i % 9 == 4]
    engine = _engine(pg_url)
    try:
        for expected in ((60 - len(bad_lines), 0), (0, 60 - len(bad_lines))):
            summary = run_import(engine, export, mapping, "customers", batch_rows=7, writers=2)
            assert (summary.inserted, summary.updated, summary.rejected) == (*expected, len(bad_lines))
            assert [line for line, *_ in _rejects(export)] == bad_lines
        landed = _landed(engine)
        assert sorted(landed) == [f"P{i:03d}" for i in range(60) if i + 2 not in bad_lines]
        assert all(len(row["phones"]) == 1 and len(row["attributes"]) == 3 for row in landed.values())
    finally:
        engine.dispose()


def test_cells_no_database_would_take_are_rejected_not_fatal(any_db_url: str, tmp_path: Path) -> None:
    nul, huge = list(GOOD[1]), list(GOOD[1])
    nul[0], nul[7] = "C020", "תל\x00אביב"
    huge[0], huge[8] = "C021", "1e400"
    export, mapping = _files(tmp_path, [GOOD[0], nul, huge])
    engine = _engine(any_db_url)
    try:
        summary = run_import(engine, export, mapping, "customers")
        assert (summary.inserted, summary.rejected) == (1, 2)
        assert [(line, column, reason) for line, column, _value, reason in _rejects(export)] == [
            (3, "עיר", "contains a NUL character"), (4, "חיוב חודשי", "the number is too large")]
    finally:
        engine.dispose()
