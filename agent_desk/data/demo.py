"""Deterministic, realistic demo data: an Israeli customer base with years of history.

``generate(engine, customers=N, seed=S, as_of=DATE)`` writes the same rows for the same
arguments. Speed matters (100,000 customers, about 4 million rows, in well under a minute),
so rows are built as tuples already in the database's text form and written in bulk:
``executemany`` on SQLite, ``COPY`` on PostgreSQL. Values are chosen so that both
databases read them the same as rows the ORM writes (UUIDs as 32 hex digits, UTC
timestamps without zone, money as decimal strings).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import phonenumbers
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from agent_desk.data import demo_names as names
from agent_desk.data import models as m
from agent_desk.data import reference as ref
from agent_desk.domain import Gender, Role
from agent_desk.ids import confirmation_number_of_key, new_id, uuid7_int
from agent_desk.offers.catalog import import_offers
from agent_desk.offers.catalog import load as load_catalog
from agent_desk.offers.service import refresh_save_rates
from agent_desk.paths import resource
from agent_desk.search import name_key, reversed_digits

Row = tuple[Any, ...]
Progress = Callable[[int, int], None]

EPOCH = date(1970, 1, 1)
DAY = 86400
BATCH_CUSTOMERS = 5000
# A customer uses well under 256 keys (at most about 150 rows), so blocks never overlap.
ID_MS_PER_CUSTOMER = 256
# Below this many batches, starting a helper process costs more than it saves.
PARALLEL_MIN_BATCHES = 3

# Columns written per table, in tuple order. Every NOT NULL column must be here.
COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "id", "created_at", "account_number", "first_name", "last_name", "first_name_latin",
        "last_name_latin", "national_id", "birth_date", "gender", "city", "region", "family_status",
        "occupation", "interests", "preferred_language", "email", "consent_marketing", "consent_sms",
        "consent_email", "consent_calls", "value_tier", "status", "customer_since", "updated_at",
        "first_name_key", "last_name_key", "first_latin_key", "last_latin_key", "national_id_reversed",
    ),
    "customer_phones": ("id", "created_at", "customer_id", "e164", "kind", "is_primary", "e164_reversed"),
    "subscriptions": (
        "id", "created_at", "customer_id", "product_id", "monthly_price", "started_on",
        "commitment_end", "status", "cancel_requested_at", "cancel_effective_on", "ended_on",
    ),
    "billing_events": (
        "id", "created_at", "customer_id", "subscription_id", "kind", "occurred_at", "amount",
        "previous_amount", "due_on", "days_late", "description",
    ),
    "interactions": (
        "id", "created_at", "customer_id", "agent_id", "kind", "channel", "direction", "occurred_at",
        "subject", "body", "case_status", "resolved_at", "pinned",
    ),
    "survey_responses": (
        "id", "created_at", "customer_id", "kind", "score", "comment", "referral_asked",
        "referral_given", "responded_at",
    ),
    "retention_calls": (
        "id", "created_at", "customer_id", "caller_e164", "agent_id", "direction", "started_at",
        "ended_at", "wrapup_ended_at", "primary_reason_code", "competitor", "disposition_code",
        "script_path", "notes", "cancellation_requested_at", "cancellation_effective_on",
        "confirmation_number", "still_active_90d", "submitted_at",
    ),
    "offer_presentations": (
        "id", "created_at", "call_id", "offer_id", "customer_id", "presented_at", "response", "responded_at",
        "p_save", "expected_value", "cost", "still_active_90d",
    ),
}

INTERACTION_CHANNELS = {
    "call": ("phone",), "complaint": ("phone", "email", "web"), "ticket": ("phone", "web", "chat"),
    "purchase": ("store", "web", "phone"), "plan_change": ("phone", "web"),
    "outreach": ("phone", "sms", "email"), "note": ("phone",), "survey": ("sms", "email"),
    "retention": ("phone",),
}
REASON_WEIGHTS = (
    ("too_expensive", 30), ("competitor", 22), ("poor_service", 10), ("unresolved_complaint", 6),
    ("technical_fault", 10), ("moving", 8), ("no_longer_needed", 6), ("financial_hardship", 4),
    ("purchase_doubt", 2), ("just_cancel", 2),
)
# disposition, weight, and whether the customer stayed 90 days later (for saves)
DISPOSITION_WEIGHTS = (
    ("saved", 18), ("saved_with_offer", 30), ("downgraded", 10), ("cancelled", 30),
    ("callback_scheduled", 6), ("undecided", 6),
)
MOBILE_PREFIXES = ("50", "52", "53", "54", "55", "58")
LANDLINE_PREFIXES = ("2", "3", "4", "8", "9")
VOIP_PREFIXES = ("72", "73", "74", "76", "77")


def _valid_number(e164: str) -> bool:
    # Not every block of a prefix is allocated; the agent-facing code validates numbers,
    # so demo numbers must be ones libphonenumber accepts.
    return phonenumbers.is_valid_number(phonenumbers.parse(e164))


@dataclass
class DemoReport:
    customers: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class _Catalog:
    products: list[tuple[str, str, Decimal, int]]  # id hex, category, price, commitment months
    agent_ids: list[str]
    # reason code -> [(offer id hex, kind)] of offers that answer it
    offers_by_reason: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


def israeli_id_check_digit(first8: str) -> int:
    """The 9th digit of a תעודת זהות (a Luhn variant over the first eight)."""
    total = 0
    for i, ch in enumerate(first8):
        n = int(ch) * (1 if i % 2 == 0 else 2)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


class _Clock:
    """Formats epoch seconds as the text both databases read as a UTC timestamp."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def day(self, day_number: int) -> str:
        text = self._days.get(day_number)
        if text is None:
            text = (EPOCH + timedelta(days=day_number)).isoformat()
            self._days[day_number] = text
        return text

    def ts(self, seconds: int) -> str:
        days, rest = divmod(seconds, DAY)
        return f"{self.day(days)} {rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}.000000"


class DemoGenerator:
    """Builds the rows of one demo customer base (deterministic for a seed and a date)."""

    def __init__(self, seed: int, as_of: date, catalog: _Catalog, first_customer: int = 0) -> None:
        # Each batch has its own random stream, so batches can be made in parallel and
        # still come out the same for the same seed.
        self.rng = random.Random(seed * 1_000_003 + first_customer)
        self.catalog = catalog
        self.clock = _Clock()
        self.today = (as_of - EPOCH).days
        self.now_s = self.today * DAY + 9 * 3600
        # Keys are time-ordered (a block of milliseconds per customer, in customer order)
        # so inserts append to the key indexes instead of splitting pages all over.
        self._id_ms = self.now_s * 1000 - 400_000_000_000 + first_customer * ID_MS_PER_CUSTOMER
        self.shared_pool: list[str] = []
        self._group_names = [g[0] for g in names.GROUPS]
        self._group_weights = [g[2] for g in names.GROUPS]
        self._group_lang = {g[0]: g[1] for g in names.GROUPS}
        self._kinds, self._kind_w = _weighted(names.INTERACTION_KINDS)
        self._reasons, self._reason_w = _weighted(REASON_WEIGHTS)
        self._dispositions, self._disp_w = _weighted(DISPOSITION_WEIGHTS)

    def new_id(self) -> str:
        self._id_ms += 1
        rand = self.rng.getrandbits(74)
        value = self._id_ms << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & ((1 << 62) - 1))
        return f"{value:032x}"

    # -- one customer -----------------------------------------------------------------

    def customer(self, index: int, out: dict[str, list[Row]]) -> None:  # noqa: PLR0915 - one story
        rng = self.rng
        ts, day = self.clock.ts, self.clock.day
        cid = self.new_id()
        group = rng.choices(self._group_names, self._group_weights)[0]
        gender = "female" if rng.random() < 0.5 else "male"
        first, first_latin = rng.choice(names.FIRST_NAMES[(group, gender)])
        last, last_latin = rng.choice(names.LAST_NAMES[group])
        city, region = rng.choice(names.ARAB_CITIES if group == "arab" else names.CITIES)
        age_years = rng.randint(18, 88)
        birth = self.today - age_years * 365 - rng.randint(0, 364)
        tenure_days = int(rng.triangular(60, 15 * 365, 3 * 365))
        since = self.today - tenure_days
        first8 = f"{rng.randint(1_000_000, 39_999_999):08d}"
        national_id = first8 + str(israeli_id_check_digit(first8))
        family = rng.choice(("single", "married", "married", "married", "divorced", "widowed"))
        interests = json.dumps(rng.sample(names.INTERESTS, rng.randint(0, 3)))
        email = (
            f"{first_latin.lower()}.{last_latin.lower().replace(' ', '')}{index % 1000}@mail.example"
            if rng.random() < 0.8 else None
        )
        marketing = rng.random() < 0.55
        created = ts(since * DAY + rng.randint(8 * 3600, 19 * 3600))

        # Products first: they decide the value tier and the customer's status.
        subs: list[tuple[str, Decimal, int, str, int | None]] = []  # id, price, start, status, commit end
        monthly = Decimal(0)
        # Who leaves, and when: newer customers more often. A leaver's history stops at the
        # cancellation call and shows the usual warning signs before it (see _history), so a
        # risk model trained on the demo has a plausible signal to find (docs/risk.md).
        cancelled_all = rng.random() < (0.11 if tenure_days < 365 else 0.06 if tenure_days < 3 * 365 else 0.035)
        gone_at = (rng.randint(max(since + 30, self.today - 400), self.today - 20) * DAY
                   + rng.randint(9 * 3600, 18 * 3600)) if cancelled_all else None
        until = gone_at // DAY if gone_at else self.today
        for product_id, _category, price, commitment in rng.sample(
            self.catalog.products, rng.choice((1, 1, 1, 2, 2, 3))
        ):
            sid = self.new_id()
            start = rng.randint(since, until - 30) if until - 30 > since else since
            factor = Decimal(rng.choice((100, 100, 90, 85, 110, 120))) / 100
            # Israeli prices end in .90.
            sub_price = max((price * factor).quantize(Decimal("1")) - Decimal("0.10"), Decimal("9.90"))
            commit_end = None
            if commitment:
                commit_end = start + commitment * 30
                while commit_end < self.today - 400:  # renewed commitments
                    commit_end += commitment * 30
            status = "cancelled" if cancelled_all else rng.choices(
                ("active", "pending_cancellation", "paused"), (94, 4, 2))[0]
            cancel_req = cancel_eff = ended = None
            if status == "cancelled":
                ended = day(until + rng.randint(0, 14))
                cancel_req = ts(gone_at)
                cancel_eff = ended
            elif status == "pending_cancellation":
                cancel_req = ts((self.today - rng.randint(0, 3)) * DAY + rng.randint(28800, 64800))
                cancel_eff = day(self.today + rng.randint(1, 14))
            else:
                monthly += sub_price
            subs.append((sid, sub_price, start, status, commit_end))
            out["subscriptions"].append((
                sid, ts(start * DAY + 43200), cid, product_id, str(sub_price), day(start),
                day(commit_end) if commit_end else None, status, cancel_req, cancel_eff, ended,
            ))
        tier = (
            "platinum" if monthly >= 250 else "gold" if monthly >= 150 else
            "silver" if monthly >= 70 else "bronze"
        )
        out["customers"].append((
            cid, created, f"{10_000_000 + index:08d}", first, last, first_latin, last_latin,
            national_id, day(birth), gender, city, region, family, rng.choice(names.OCCUPATIONS),
            interests, self._group_lang[group], email, marketing, marketing and rng.random() < 0.8,
            marketing and rng.random() < 0.7, rng.random() < 0.4, tier,
            "cancelled" if cancelled_all else "active", day(since), created,
            name_key(first), name_key(last), name_key(first_latin), name_key(last_latin), national_id[::-1],
        ))

        # Phones: one or two of one's own; some share a family member's number.
        phones: list[str] = []
        if self.shared_pool and rng.random() < 0.04:
            phones.append(rng.choice(self.shared_pool))
        while len(phones) < (2 if rng.random() < 0.3 else 1):
            roll = rng.random()
            if roll < 0.8:
                number = f"+972{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
            elif roll < 0.95:
                number = f"+972{rng.choice(LANDLINE_PREFIXES)}{rng.randint(2_000_000, 9_999_999):07d}"
            else:
                number = f"+972{rng.choice(VOIP_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
            if number not in phones and _valid_number(number):
                phones.append(number)
        for position, number in enumerate(phones):
            kind = "mobile" if number[4] == "5" else "voip" if number[4] == "7" else "landline"
            out["customer_phones"].append(
                (self.new_id(), created, cid, number, kind, position == 0, reversed_digits(number)))
        if rng.random() < 0.05:
            self.shared_pool.append(phones[0])
            if len(self.shared_pool) > 500:
                self.shared_pool.pop(0)

        self._billing(cid, subs, out, gone_at)
        self._history(cid, since, phones[0], out, gone_at)

    def _billing(self, cid: str, subs: list, out: dict[str, list[Row]], gone_at: int | None = None) -> None:
        """Six months of bills, up to today or, for a leaver, up to the cancellation."""
        rng, ts, day = self.rng, self.clock.ts, self.clock.day
        billing = out["billing_events"]
        active = subs if gone_at else [s for s in subs if s[3] != "cancelled"]
        if not active:
            return
        until = gone_at // DAY if gone_at else self.today
        monthly = sum((s[1] for s in active), Decimal(0))
        late_months = set(rng.sample(range(6), rng.choice(
            (0, 0, 1, 1, 2, 3) if gone_at else (0, 0, 0, 0, 0, 0, 1, 1, 2, 3))))
        for months_ago in range(5, -1, -1):
            issued = until - months_ago * 30 - 3
            if issued < min(s[2] for s in active):
                continue
            created = ts(issued * DAY + 7200)
            billing.append((self.new_id(), created, cid, None, "invoice", created, str(monthly), None,
                            day(issued + 10), None, "חשבונית חודשית"))
            if months_ago in late_months:
                days_late = rng.randint(5, 45)
                paid = issued + 10 + days_late
                billing.append((self.new_id(), created, cid, None, "late_payment", ts(paid * DAY + 50000),
                                str(monthly), None, day(issued + 10), days_late, "תשלום באיחור"))
            else:
                paid = issued + rng.randint(0, 10)
            if paid <= until:
                billing.append((self.new_id(), created, cid, None, "payment", ts(paid * DAY + 40000),
                                str(-monthly), None, None, None, "תשלום בכרטיס אשראי"))
        for sid, price, start, _status, _commit in active:
            if rng.random() < (0.4 if gone_at else 0.25):
                # A leaver's rise came shortly before the call.
                when = rng.randint(max(start, until - 90), until - 1) if gone_at else \
                    rng.randint(max(start, self.today - 400), self.today)
                before = (price / Decimal(rng.choice(("1.05", "1.10", "1.18", "1.25")))).quantize(
                    Decimal("1")) - Decimal("0.10")
                billing.append((self.new_id(), ts(when * DAY), cid, sid, "price_change", ts(when * DAY + 100),
                                str(price), str(before), None, None, "עדכון מחיר"))

    def _history(self, cid: str, since: int, phone: str, out: dict[str, list[Row]], gone_at: int | None = None) -> None:
        """Contacts, surveys and retention calls; a leaver's end with the cancellation call."""
        rng, ts = self.rng, self.clock.ts
        agents = self.catalog.agent_ids
        interactions = out["interactions"]
        count = 5 + int(55 * rng.random() ** 1.5)
        until = gone_at // DAY if gone_at else self.today
        span = max(until - since, 1)
        # (kind, days before `until`, a warning sign?); recent months are busier than the distant past.
        plan = [(kind, int(span * rng.random() ** 1.7), False)
                for kind in rng.choices(self._kinds, self._kind_w, k=count)]
        if gone_at:
            plan.append(("retention", 0, True))  # the cancellation call itself, at gone_at
            plan += [("complaint", rng.randint(1, 55), True) for _ in range(rng.choice((0, 0, 1, 1, 2)))]
            plan += [("call", rng.randint(1, 28), True) for _ in range(rng.choice((0, 1, 2)))]
            if rng.random() < 0.35:
                plan.append(("survey", rng.randint(5, 80), True))
        for kind, days_ago, warning in plan:
            at = (until - days_ago) * DAY + rng.randint(8 * 3600, 20 * 3600)
            if kind == "retention" and warning and gone_at:
                at = gone_at
            status = resolved = None
            if kind in ("complaint", "ticket"):
                if days_ago < 45 and rng.random() < 0.4:
                    status = rng.choice(("open", "in_progress"))
                else:
                    status = rng.choice(("resolved", "closed"))
                    resolved = ts(at + rng.randint(3600, 10 * DAY))
            channel = rng.choice(INTERACTION_CHANNELS[kind])
            direction = "outbound" if kind == "outreach" else "inbound"
            interactions.append((
                self.new_id(), ts(at), cid, rng.choice(agents) if channel == "phone" else None, kind,
                channel, direction, ts(at), rng.choice(names.SUBJECTS[kind]),
                rng.choice(names.BODIES) if rng.random() < 0.35 else None, status, resolved,
                kind == "note" and rng.random() < 0.3,
            ))
            if kind == "survey":
                nps = rng.random() < 0.4
                score = rng.choices(range(11), (2, 1, 1, 2, 3, 5, 6, 9, 12, 10, 8))[0] if nps else \
                    rng.choices(range(1, 6), (1, 2, 4, 7, 6))[0]
                if warning:
                    score = rng.randint(0, 5) if nps else rng.randint(1, 2)
                happy = score >= 9 if nps else score >= 5
                asked = happy and rng.random() < 0.5
                out["survey_responses"].append((
                    self.new_id(), ts(at), cid, "nps" if nps else "csat", score,
                    None, asked, asked and rng.random() < 0.35, ts(at + 600),
                ))
            elif kind == "retention":
                self._retention_call(cid, at, phone, out, "cancelled" if warning else None)

    def _retention_call(self, cid: str, at: int, phone: str, out: dict[str, list[Row]],
                        disposition: str | None = None) -> None:
        rng, ts, day = self.rng, self.clock.ts, self.clock.day
        reason = rng.choices(self._reasons, self._reason_w)[0]
        disposition = disposition or rng.choices(self._dispositions, self._disp_w)[0]
        duration = rng.randint(180, 1200)
        saved = disposition in ("saved", "saved_with_offer", "downgraded")
        old_enough = at < self.now_s - 90 * DAY
        cancelled = disposition == "cancelled"
        stayed = (rng.random() < 0.7) if saved and old_enough else None
        path = json.dumps([{"step": "greet"}, {"step": "reason", "answer": reason}, {"step": disposition}])
        call_id = self.new_id()
        self._presentations(call_id, cid, at, reason, disposition, stayed, out)
        out["retention_calls"].append((
            call_id, ts(at), cid, phone, rng.choice(self.catalog.agent_ids), "inbound", ts(at),
            ts(at + duration), ts(at + duration + rng.randint(20, 180)), reason,
            rng.choice(names.COMPETITORS) if reason == "competitor" else None, disposition, path,
            rng.choice(names.BODIES) if rng.random() < 0.5 else None,
            ts(at) if cancelled else None, day(at // DAY + 1) if cancelled else None,
            confirmation_number_of_key(call_id, rng.randint(10**8, 10**9 - 1)) if cancelled else None,
            stayed, ts(at + duration + 200),
        ))

    def _presentations(self, call_id: str, cid: str, at: int, reason: str, disposition: str,
                       stayed: bool | None, out: dict[str, list[Row]]) -> None:
        """Offers made on an earlier call: taken on a save with an offer, turned down otherwise."""
        rng, ts = self.rng, self.clock.ts
        offers = self.catalog.offers_by_reason.get(reason)
        if not offers:
            return
        declined = {"saved_with_offer": rng.choice((0, 0, 1)), "cancelled": rng.choice((0, 1, 1, 2)),
                    "saved": rng.choice((0, 1)), "downgraded": 0}.get(disposition, rng.choice((0, 1)))
        picks = rng.sample(offers, min(len(offers), declined + 1))
        if disposition == "downgraded":
            picks = [o for o in offers if o[1] == "downgrade"][:1] or picks[:1]
        for n, (offer_id, _kind) in enumerate(picks):
            taken = n == len(picks) - 1 and disposition in ("saved_with_offer", "downgraded")
            if not taken and n >= declined:
                break
            when = at + 120 + n * 90
            out["offer_presentations"].append((
                self.new_id(), ts(when), call_id, offer_id, cid, ts(when), "accepted" if taken else "declined",
                ts(when + 30), None, None, None, stayed if taken else None,
            ))


# --- writing -----------------------------------------------------------------------------


class _Writer:
    """Bulk writes in one transaction: all of the demo base or none of it.

    Foreign keys are not checked row by row during the load (the generator makes them
    right by construction, and a test checks it): SQLite's are switched off for this
    connection, PostgreSQL's constraints are dropped and added back, validated in one
    pass, before the commit. That halves the load time on PostgreSQL.

    On PostgreSQL the audit trail's and the sync change log's row triggers (migrations 0009,
    0016) are skipped for this session when the login may set ``session_replication_role``
    (a superuser, or a set-up login the DBA granted it: ``docs/security.md``): synthetic
    history is nobody's work to audit, and no desk holds a customer that did not exist (a
    desk fetches a customer whole when it first needs them). Without that right the triggers
    run, and the load takes several times as long.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.raw = engine.raw_connection()
        self.quiet = False
        self._foreign_keys = [
            fk for table in COLUMNS for fk in m.Base.metadata.tables[table].foreign_key_constraints
        ]

    def _execute(self, sql: str) -> None:
        cursor = self.raw.cursor()
        try:
            cursor.execute(sql)
        finally:
            cursor.close()

    def _ddl(self, element: sa.schema.ExecutableDDLElement) -> None:
        self._execute(str(element.compile(dialect=self.engine.dialect)))

    def __enter__(self) -> _Writer:
        if self.dialect == "sqlite":
            self.raw.commit()
            self._execute("PRAGMA foreign_keys=OFF")
            self._execute("PRAGMA synchronous=OFF")
            self._execute("PRAGMA cache_size=-262144")
            self._execute("BEGIN")
        else:
            self.quiet = self._try("SET session_replication_role = replica")
            self._execute("SET TIME ZONE 'UTC'")
            self._execute("SET synchronous_commit = off")
            for fk in self._foreign_keys:
                self._ddl(sa.schema.DropConstraint(fk))
        return self

    def _try(self, sql: str) -> bool:
        """Run ``sql``; False (and the transaction begun anew) when the login may not."""
        try:
            self._execute(sql)
        except Exception as exc:  # noqa: BLE001 - the driver's own error class (psycopg)
            if getattr(exc, "sqlstate", None) != "42501":  # insufficient_privilege
                raise
            self.raw.rollback()
            return False
        return True

    def write(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        columns = COLUMNS[table]
        cursor = self.raw.cursor()
        try:
            if self.dialect == "sqlite":
                marks = ",".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", rows)
            else:
                with cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        finally:
            cursor.close()

    def commit(self) -> None:
        if self.dialect != "sqlite":
            for fk in self._foreign_keys:
                self._ddl(sa.schema.AddConstraint(fk))
        if self.quiet:
            # The dashboards' day marks (0022) were skipped with the other triggers: forget
            # the rollup, so the next jobs run does every day again rather than show days
            # rolled up before these calls existed.
            self._execute("DELETE FROM dash_rollup")
        self.raw.commit()

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.raw.rollback()
        if self.dialect == "sqlite":
            self._execute("PRAGMA foreign_keys=ON")
            self._execute("PRAGMA synchronous=FULL")
        elif self.quiet:
            self._execute("RESET session_replication_role")  # the connection goes back to the pool
            self.raw.commit()
        self.raw.close()


def ensure_reference_data(session: Session, rng: random.Random | None = None) -> None:
    """Write reasons, dispositions, products, the starter offer catalog and churn weights if missing.

    ``rng`` makes the product keys deterministic (demo data); without it they are fresh.
    """
    key = _key_maker(rng)
    if session.scalar(sa.select(sa.func.count()).select_from(m.CancellationReason)) == 0:
        for order, (code, parent, he, en, no_save) in enumerate(ref.CANCELLATION_REASONS):
            session.add(m.CancellationReason(code=code, parent_code=parent, label_he=he, label_en=en,
                                             no_save_attempt=no_save, sort_order=order))
        session.flush()
    if session.scalar(sa.select(sa.func.count()).select_from(m.Disposition)) == 0:
        for order, (code, he, en, save, cancel) in enumerate(ref.DISPOSITIONS):
            session.add(m.Disposition(code=code, label_he=he, label_en=en, counts_as_save=save,
                                      is_cancellation=cancel, sort_order=order))
    if session.scalar(sa.select(sa.func.count()).select_from(m.Product)) == 0:
        for code, category, he, en, price, months in ref.PRODUCTS:
            session.add(m.Product(id=key(), code=code, category=category, name_he=he, name_en=en, list_price=price,
                                  commitment_months=months))
    if session.scalar(sa.select(sa.func.count()).select_from(m.Offer)) == 0:
        session.flush()
        known = set(session.scalars(sa.select(m.CancellationReason.code)))
        import_offers(session, load_catalog(resource("offers/catalog.yaml"), known), new_key=key)
    if session.scalar(sa.select(sa.func.count()).select_from(m.ChurnWeight)) == 0:
        for factor, weight, he, en in ref.CHURN_WEIGHTS:
            session.add(m.ChurnWeight(factor=factor, weight=weight, label_he=he, label_en=en))
    session.flush()


def _key_maker(rng: random.Random | None) -> Callable[[], uuid.UUID]:
    if rng is None:
        return new_id
    counter = iter(range(1_600_000_000_000, 1_700_000_000_000, 1000))
    return lambda: uuid.UUID(int=uuid7_int(next(counter), rng))


def _ensure_staff(session: Session, rng: random.Random) -> None:
    if session.scalar(sa.select(sa.func.count()).select_from(m.Agent)) > 0:
        return
    key = _key_maker(rng)
    session.add(m.Agent(id=key(), username="admin", display_name="ניהול המערכת", role=Role.ADMIN,
                        offer_authority=Decimal("100000")))
    serial = 0
    for team_index, (team_name, site) in enumerate(ref.TEAMS):
        team = m.Team(id=key(), name=team_name, site=site)
        session.add(team)
        session.flush()
        lead_gender = "female" if team_index % 2 else "male"
        lead_first, _ = rng.choice(names.FIRST_NAMES[("hebrew", lead_gender)])
        lead_last, _ = rng.choice(names.LAST_NAMES["hebrew"])
        session.add(m.Agent(id=key(), username=f"lead{team_index + 1}", display_name=f"{lead_first} {lead_last}",
                            role=Role.TEAM_LEAD, team_id=team.id, offer_authority=Decimal("1500"),
                            gender=Gender(lead_gender)))
        for _ in range(10):
            serial += 1
            group = rng.choice(("hebrew", "hebrew", "hebrew", "arab", "russian"))
            gender = rng.choice(("female", "male"))  # the first name is drawn from this gender's list
            first, _ = rng.choice(names.FIRST_NAMES[(group, gender)])
            last, _ = rng.choice(names.LAST_NAMES[group])
            session.add(m.Agent(
                id=key(), username=f"agent{serial:02d}", display_name=f"{first} {last}", role=Role.AGENT,
                gender=Gender(gender),
                team_id=team.id, offer_authority=Decimal(rng.choice((150, 250, 400))),
                offer_kinds=["percent_discount", "fixed_discount", "one_off_credit", "free_months",
                             "downgrade", "pause", "outage_goodwill", "loyalty_gift"],
            ))
    session.flush()


def _catalog(session: Session) -> _Catalog:
    products = [
        (p.id.hex, p.category.value, p.list_price, p.commitment_months)
        for p in session.scalars(sa.select(m.Product).where(m.Product.active).order_by(m.Product.code))
    ]
    agents = [a.hex for a in session.scalars(
        sa.select(m.Agent.id).where(m.Agent.role == Role.AGENT).order_by(m.Agent.username))]
    by_reason: dict[str, list[tuple[str, str]]] = {}
    for offer in session.scalars(sa.select(m.Offer).where(m.Offer.active).order_by(m.Offer.code)):
        for reason in (offer.eligibility or {}).get("reasons", ()):
            by_reason.setdefault(reason, []).append((offer.id.hex, offer.kind.value))
    return _Catalog(products=products, agent_ids=agents, offers_by_reason=by_reason)


def generate(
    engine: Engine,
    customers: int,
    seed: int = 1,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Write ``customers`` demo customers with their history into a migrated, empty database.

    Raises:
        ValueError: the database already has customers (demo data is never mixed in).
    """
    started = time.perf_counter()
    as_of = as_of or datetime.now(UTC).date()
    with Session(engine) as session, session.begin():
        if session.scalar(sa.select(sa.func.count()).select_from(m.Customer)):
            raise ValueError("the database already has customers; demo data goes into an empty one")
        ensure_reference_data(session, random.Random(seed))
        _ensure_staff(session, random.Random(seed + 1))
    with Session(engine) as session:
        catalog = _catalog(session)
    report = DemoReport(customers=customers, rows={table: 0 for table in COLUMNS})
    with _Writer(engine) as writer:
        for batch_end, tables in _generate_batches(customers, seed, as_of, catalog):
            for table, rows in tables.items():
                writer.write(table, rows)
                report.rows[table] += len(rows)
            if progress:
                progress(batch_end, customers)
        writer.commit()
    with Session(engine) as session, session.begin():
        # The desk "has learned" from the earlier calls, as a real desk would have.
        refresh_save_rates(session)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    report.seconds = time.perf_counter() - started
    return report


def _batches(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(start + size, total)


def _generate_batch(
    seed: int, as_of: date, catalog: _Catalog, start: int, end: int
) -> tuple[int, dict[str, list[Row]]]:
    generator = DemoGenerator(seed, as_of, catalog, first_customer=start)
    tables: dict[str, list[Row]] = {table: [] for table in COLUMNS}
    for index in range(start, end):
        generator.customer(index, tables)
    return end, tables


def _generate_batches(
    customers: int, seed: int, as_of: date, catalog: _Catalog
) -> Iterator[tuple[int, dict[str, list[Row]]]]:
    """Batches in customer order; made in a helper process while this one writes.

    The helper is spawned, not forked: the GUI calls this from a thread, and forking a
    process that runs threads is unsafe. A few batches at most are in flight, to bound memory.
    """
    batches = list(_batches(customers, BATCH_CUSTOMERS))
    if len(batches) < PARALLEL_MIN_BATCHES:
        for start, end in batches:
            yield _generate_batch(seed, as_of, catalog, start, end)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=_helper_processes(), mp_context=context,
                             initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        pending: deque[Future[tuple[int, dict[str, list[Row]]]]] = deque()
        for start, end in batches:
            pending.append(pool.submit(_generate_batch, seed, as_of, catalog, start, end))
            if len(pending) >= 3:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _helper_processes() -> int:
    return max(1, min(3, (os.cpu_count() or 2) - 1))


# How often a helper looks whether its parent is still there.
PARENT_CHECK_S = 0.2


def _die_with_parent(parent: int) -> None:
    """Helper-process initializer: exit as soon as the parent is gone.

    A killed parent (``kill -9`` on ``demo-data``, a crashed desk) never tells the pool's
    processes to stop; they would wait on the task queue for ever. The orphan is re-parented,
    so its parent id changes: a daemon thread watches for that. (Not PR_SET_PDEATHSIG: it
    fires when the *thread* that started the helper ends, and it is Linux-only.)
    """
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)
