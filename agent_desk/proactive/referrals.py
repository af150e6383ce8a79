"""Referrals (חבר מביא חבר): the list for sales, its status, and its export.

A referral is recorded with the wrap-up of the call where a satisfied customer gave it
(``agent_desk.wrapup.submit_call``). Sales get the list as CSV (UTF-8 with a byte-order
mark, so Excel reads the Hebrew) or XLSX (right to left when in Hebrew). By default only
people who agreed to be called are exported. Qt-free; column names carry their own Hebrew
and English, like the churn factors' labels.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk import phones
from agent_desk.data import models as m
from agent_desk.proactive.calendar import ISRAEL

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("created", "נרשמה", "Recorded"),
    ("name", "שם", "Name"),
    ("phone", "טלפון", "Phone"),
    ("consent", "הסכים לשיחה", "Agreed to a call"),
    ("status", "סטטוס", "Status"),
    ("referred_by", "הומלץ על ידי", "Referred by"),
    ("account", "חשבון הממליץ", "Referrer's account"),
    ("agent", "נציג", "Agent"),
)
STATUS_LABELS = {
    d.ReferralStatus.NEW: ("חדשה", "New"),
    d.ReferralStatus.CONTACTED: ("נוצר קשר", "Contacted"),
    d.ReferralStatus.CONVERTED: ("הצטרף", "Joined"),
    d.ReferralStatus.DECLINED: ("לא מעוניין", "Not interested"),
}
YES_NO = {True: ("כן", "Yes"), False: ("לא", "No")}


def _inert(text: str) -> str:
    """A name a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@dataclass(frozen=True)
class ReferralRow:
    id: uuid.UUID
    created_at: datetime
    name: str
    phone_e164: str
    consent: bool
    status: d.ReferralStatus
    referred_by: str
    account_number: str
    agent_name: str | None

    def cells(self, language: str) -> list[object]:
        pick = 0 if language == "he" else 1
        return [self.created_at.astimezone(ISRAEL).strftime("%d/%m/%Y %H:%M"), _inert(self.name),
                phones.display(self.phone_e164), YES_NO[self.consent][pick], STATUS_LABELS[self.status][pick],
                _inert(self.referred_by), self.account_number, _inert(self.agent_name or "")]


def list_referrals(session: Session, *, consented_only: bool = False, status: d.ReferralStatus | None = None,
                   limit: int | None = None) -> list[ReferralRow]:
    """Newest first; what the person at the desk may see (row-level security on PostgreSQL)."""
    r, c = m.Referral, m.Customer
    call, agent = m.RetentionCall, m.Agent
    query = (
        sa.select(r.id, r.created_at, r.name, r.phone_e164, r.consent, r.status, c.first_name, c.last_name,
                  c.account_number, agent.display_name)
        .join(c, c.id == r.referring_customer_id)
        .outerjoin(call, call.id == r.call_id)
        .outerjoin(agent, agent.id == call.agent_id)
        .order_by(r.created_at.desc(), r.id.desc())
    )
    if consented_only:
        query = query.where(r.consent.is_(True))
    if status is not None:
        query = query.where(r.status == status)
    if limit is not None:
        query = query.limit(limit)
    return [ReferralRow(row.id, row.created_at, row.name, row.phone_e164, row.consent, row.status,
                        f"{row.first_name} {row.last_name}", row.account_number, row.display_name)
            for row in session.execute(query)]


def set_status(session: Session, referral_id: uuid.UUID, status: d.ReferralStatus) -> None:
    session.execute(sa.update(m.Referral).where(m.Referral.id == referral_id).values(status=status))


def headers(language: str) -> list[str]:
    return [he if language == "he" else en for _key, he, en in COLUMNS]


def export_csv(rows: Sequence[ReferralRow], path: Path, language: str = "he") -> None:
    # utf-8-sig: the BOM tells Excel the file is UTF-8 (else Hebrew shows as mojibake).
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers(language))
        for row in rows:
            # Phones as 054-1234567 (a spreadsheet would turn +972... into a number).
            writer.writerow(row.cells(language))


def export_xlsx(rows: Sequence[ReferralRow], path: Path, language: str = "he") -> None:
    import xlsxwriter  # only when exporting: the desk starts without it

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    try:
        sheet = book.add_worksheet("המלצות" if language == "he" else "Referrals")
        if language == "he":
            sheet.right_to_left()
        bold = book.add_format({"bold": True})
        for column, title in enumerate(headers(language)):
            sheet.write_string(0, column, title, bold)
        widths = [len(t) for t in headers(language)]
        for line, row in enumerate(rows, start=1):
            for column, value in enumerate(row.cells(language)):
                text = str(value)
                sheet.write_string(line, column, text)
                widths[column] = max(widths[column], len(text))
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(width + 2, 40))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    finally:
        book.close()


def export(rows: Sequence[ReferralRow], path: Path, language: str = "he") -> None:
    """CSV or XLSX by the file's suffix."""
    (export_xlsx if path.suffix.lower() == ".xlsx" else export_csv)(rows, path, language)
