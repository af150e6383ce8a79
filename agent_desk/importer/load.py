"""Loading mapped rows into the database in bulk: customers (with their phones and custom
attributes), subscriptions and interactions, inserted or updated by ``external_ref``.

Each batch of good rows is staged in a temporary table (PostgreSQL: ``COPY``; SQLite: one
``executemany``), checked against what only the database knows (does the customer or the
product exist? is the account number someone else's?), and then written with one
``INSERT ... SELECT ... ON CONFLICT (external_ref) DO UPDATE`` per table. The rows get what
the ORM path would give them: UUIDv7 keys (:func:`agent_desk.ids.new_id`), the search keys
of :mod:`agent_desk.search`, phones in E.164 with their reversed digits.

Nothing commits before every batch is written: a failure half-way leaves the database as
it was. (Customers on PostgreSQL go through two connections, each its own transaction,
committed one after the other at the end.) A dry run does all of it, reports the same
counts, and rolls back.

Bad rows never stop an import: each is written to the rejects file with its line, column,
value and reason, and the good rows land. Qt-free; the caller owns the engine.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import uuid_utils
from sqlalchemy.engine import Connection, Engine

from agent_desk.data import models as m
from agent_desk.data.db import writing
from agent_desk.ids import new_id
from agent_desk.importer.mapping import Mapping
from agent_desk.importer.reader import MappedRow, Problem, mapped_rows
from agent_desk.phones import is_mobile
from agent_desk.search import name_key as _name_key
from agent_desk.search import reversed_digits

BATCH_ROWS = 10_000
REJECT_HEADER = ("line", "column", "value", "reason")


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a dry run, would do).

    Attributes:
        kind: customers, subscriptions or interactions.
        rows_read: data rows in the file (blank lines not counted).
        inserted / updated / rejected: add up to ``rows_read``.
        rejects_path: the rejects file, None when no row was rejected.
        dry_run: nothing was written.
        seconds: wall time.
    """

    kind: str
    rows_read: int
    inserted: int
    updated: int
    rejected: int
    rejects_path: Path | None
    dry_run: bool
    seconds: float

    def line(self) -> str:
        """The one-line summary the command prints."""
        verb = "would be " if self.dry_run else ""
        text = (f"{self.rows_read:,} rows read, {self.inserted:,} {verb}inserted, "
                f"{self.updated:,} {verb}updated, {self.rejected:,} rejected")
        if self.rejects_path is not None:
            text += f" (see {self.rejects_path})"
        return text + (" - dry run, nothing written" if self.dry_run else "")


def rejects_path_for(path: Path) -> Path:
    """``customers.csv`` -> ``customers.csv.rejects.csv``, beside it."""
    return path.with_name(path.name + ".rejects.csv")


# --- customers ---------------------------------------------------------------------------

_CUSTOMER_DEFAULTS: dict[str, Any] = {
    "first_name_latin": None, "last_name_latin": None, "national_id": None, "birth_date": None,
    "gender": "unknown", "city": None, "region": None, "family_status": "unknown", "occupation": None,
    "preferred_language": "he", "email": None, "consent_marketing": False, "consent_sms": False,
    "consent_email": False, "consent_calls": False, "value_tier": "bronze", "status": "active",
}
# Fields whose columns follow from others (search keys).
_DERIVED = {
    "first_name": ("first_name_key",), "last_name": ("last_name_key",),
    "first_name_latin": ("first_latin_key",), "last_name_latin": ("last_latin_key",),
    "national_id": ("national_id_reversed",),
}


# Names repeat (a country has a few thousand first names): folding each once saves a
# quarter of the per-row work of a big import.
name_key = functools.lru_cache(maxsize=100_000)(_name_key)


def _reversed(text: str | None) -> str:
    """:func:`agent_desk.search.reversed_digits`, at slice speed for what is digits already
    (an ID number, an E.164 number after its plus)."""
    if not text:
        return ""
    body = text[1:] if text[0] == "+" else text
    return body[::-1] if body.isdigit() else reversed_digits(text)


def _text_id() -> str:
    """:func:`agent_desk.ids.new_id` as its text."""
    return str(uuid_utils.uuid7())


# Customer columns computed from the row's fields (what the ORM's search keys give).
_COMPUTED: dict[str, Callable[[dict[str, Any]], Any]] = {
    "first_name_key": lambda f: name_key(f["first_name"]),
    "last_name_key": lambda f: name_key(f["last_name"]),
    "first_latin_key": lambda f: name_key(f.get("first_name_latin")),
    "last_latin_key": lambda f: name_key(f.get("last_name_latin")),
    "national_id_reversed": lambda f: _reversed(f.get("national_id")) or None,
}


def _phone_kind(e164: str) -> str:
    if e164.startswith("+972"):
        return "mobile" if e164[4] == "5" else "voip" if e164[4] == "7" else "landline"
    return "mobile" if is_mobile(e164) else "landline"


# --- staging -------------------------------------------------------------------------------


def _copy_column(column: sa.Column[Any], name: str | None = None) -> sa.Column[Any]:
    return sa.Column(name or column.name, column.type, nullable=True)


class _Stage:
    """A temporary table on the import's connection, refilled for each batch."""

    def __init__(self, conn: Connection, name: str, columns: list[sa.Column[Any]]) -> None:
        self.conn = conn
        self.table = sa.Table(name, sa.MetaData(), sa.Column("line", sa.Integer), *columns,
                              prefixes=["TEMPORARY"])
        self.names = [c.name for c in self.table.columns]
        self._json = {c.name for c in self.table.columns if isinstance(c.type, sa.JSON)}
        self.table.create(conn)

        self._indexed: set[str] = set()

    @property
    def c(self) -> Any:
        return self.table.c

    def ensure_index(self, column: str) -> None:
        """Index a column the re-import path looks rows up by (SQLite would scan the stage
        for every row otherwise); made once, kept up to date by the following batches."""
        if column not in self._indexed:
            sa.Index(f"ix_{self.table.name}_{column}", self.table.c[column]).create(self.conn)
            self._indexed.add(column)

    def fill(self, rows: list[dict[str, Any]]) -> None:
        """Replace the stage's rows with ``rows`` (dicts by column name)."""
        self.fill_rows([[row.get(n) for n in self.names] for row in rows])

    def fill_rows(self, rows: list[list[Any]]) -> None:
        """Replace the stage's rows with ``rows`` (values in column order)."""
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(f"TRUNCATE {self.table.name}")
        else:
            self.conn.execute(self.table.delete())
        if not rows:
            return
        if self.conn.dialect.name == "postgresql":
            cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                with cursor.copy(f"COPY {self.table.name} ({','.join(self.names)}) FROM STDIN") as copy:
                    if self._json:
                        json_at = [i for i, n in enumerate(self.names) if n in self._json]
                        for row in rows:
                            for i in json_at:
                                row[i] = json.dumps(row[i])
                    for row in rows:
                        copy.write_row(row)
            finally:
                cursor.close()
        else:
            names = self.names
            self.conn.execute(self.table.insert(), [dict(zip(names, row, strict=True)) for row in rows])

    def drop(self) -> None:
        self.table.drop(self.conn)


def _upsert(conn: Connection, table: sa.Table, columns: list[str], select: sa.Select[Any],
            conflict: list[str] | None, update: Iterable[str]) -> None:
    """INSERT ... SELECT, updating the row already there by ``conflict``; ``conflict=None``
    when none can be there (rows of customers this batch created): a plain insert, which
    skips PostgreSQL's speculative insertion."""
    if conflict is None:
        conn.execute(table.insert().from_select(columns, select))
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).from_select(columns, select)
    update = list(update)
    if update:
        stmt = stmt.on_conflict_do_update(index_elements=conflict,
                                          set_={name: stmt.excluded[name] for name in update})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=conflict)
    conn.execute(stmt)


def _problems_from(conn: Connection, query: sa.Select[Any], column: str, reason: str) -> list[Problem]:
    return [Problem(line, column, reason, str(value or "")) for line, value in conn.execute(query)]


# --- the loader ----------------------------------------------------------------------------


class _Loader:
    """Writes one kind's batches; subclasses say how each kind is staged and upserted."""

    def __init__(self, conn: Connection, mapping: Mapping, kind: str, fed: set[str], headers: dict[str, str]) -> None:
        self.conn = conn
        self.mapping = mapping
        self.kind = kind
        self.fed = fed
        self.headers = headers
        self.customers = m.Customer.__table__
        self._attr_stage: _Stage | None = None
        # Keys for staged rows: text on PostgreSQL (COPY writes text anyway, and a uuid.UUID
        # costs 3 µs to build, twice a customer), uuid.UUID for SQLite's typed insert.
        self.new_key: Callable[[], Any] = (
            _text_id if conn is not None and conn.dialect.name == "postgresql" else new_id)

    @property
    def attr_stage(self) -> _Stage:
        if self._attr_stage is None:
            a = m.CustomerAttribute.__table__
            self._attr_stage = _Stage(self.conn, "import_stage_attributes", [
                sa.Column("ref", sa.String(64)), sa.Column("name", sa.String(80)), sa.Column("kind", sa.String(8)),
                _copy_column(a.c.text_value), _copy_column(a.c.number_value), _copy_column(a.c.bool_value),
                sa.Column("blank", sa.Boolean),
            ])
        return self._attr_stage

    def header(self, field: str) -> str:
        return self.headers.get(field, field)

    def _reject(self, stage: _Stage, problems: list[Problem]) -> None:
        if problems:
            lines = sorted({p.line for p in problems})
            for start in range(0, len(lines), 500):
                self.conn.execute(stage.table.delete().where(stage.c.line.in_(lines[start:start + 500])))

    def write_attributes(self, rows: list[MappedRow], ref_field: str) -> None:
        latest: dict[tuple[str, str], dict[str, Any]] = {}
        now = datetime.now().astimezone()
        for row in rows:
            ref = row.fields[ref_field]
            for name, (kind, value) in row.attributes.items():
                latest[(ref, name)] = {
                    "ref": ref, "name": name, "kind": kind, "blank": value is None,
                    "text_value": value if kind == "text" else None,
                    "number_value": value if kind == "number" else None,
                    "bool_value": value if kind == "bool" else None,
                }
        if not latest:
            return
        stage = self.attr_stage
        stage.fill(list(latest.values()))
        a = m.CustomerAttribute.__table__
        c = self.customers
        select = (sa.select(c.c.id, stage.c.name, stage.c.kind, stage.c.text_value, stage.c.number_value,
                            stage.c.bool_value, sa.literal(now, m.CustomerAttribute.__table__.c.updated_at.type))
                  .join(c, c.c.external_ref == stage.c.ref).where(stage.c.blank.is_(False)))
        _upsert(self.conn, a, ["customer_id", "name", "kind", "text_value", "number_value", "bool_value",
                               "updated_at"], select, ["customer_id", "name"],
                ["kind", "text_value", "number_value", "bool_value", "updated_at"])
        for name in sorted({key[1] for key, values in latest.items() if values["blank"]}):
            blank = (sa.select(c.c.id).select_from(stage.table).join(c, c.c.external_ref == stage.c.ref)
                     .where(stage.c.blank.is_(True), stage.c.name == name))
            self.conn.execute(a.delete().where(a.c.name == name, a.c.customer_id.in_(blank)))

    def adopt(self, first: _Loader) -> None:
        """Take what the first loader learnt while preparing (the attribute columns)."""

    def prepare(self, rows: list[MappedRow]) -> list[list[Any]]:  # pragma: no cover - abstract
        """The stage rows for a batch of good rows; runs on the reader thread (no database)."""
        raise NotImplementedError

    def write(self, rows: list[MappedRow], staged: list[list[Any]]) -> tuple[int, int, list[Problem]]:
        """Write a batch: (inserted, updated, rows refused by what the database knows)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def close(self) -> None:
        if self._attr_stage is not None:
            self._attr_stage.drop()


class _CustomerLoader(_Loader):
    """Customers, their phones and their custom attributes, from one staged row each.

    One ``COPY`` per batch carries everything; phones and attributes are then inserted
    from the stage with the customer's key already in it (a re-imported customer's key is
    looked up once, before the upsert), so no statement joins on the reference again.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        c = self.customers
        self.columns = [col.name for col in c.columns if col.name != "interests"]
        update = {"updated_at", "external_ref"}
        for name in self.fed | {"account_number"}:
            if name == "full_name":
                update |= {"first_name", "last_name", "first_name_key", "last_name_key"}
            elif name in self.columns:
                update.add(name)
                update.update(_DERIVED.get(name, ()))
        self.update = sorted(update - {"external_ref"})
        # Only what varies from row to row is staged; the rest (fields the file does not
        # feed, the batch's timestamps) goes into the INSERT as constants: half the columns
        # to COPY for a typical export.
        staged = {"id", "external_ref", "account_number", "first_name", "last_name", "first_name_key",
                  "last_name_key", "customer_since"} | (set(update) - {"updated_at"})
        self.staged = [name for name in self.columns if name in staged]
        # Where each staged column's value comes from: a field (or its default), computed, a key.
        self.sources = [(name, _CUSTOMER_DEFAULTS.get(name),
                         (lambda _f: self.new_key()) if name == "id" else _COMPUTED.get(name))
                        for name in self.staged]
        self.phone_slots = len({"phone", "phone2"} & self.fed)
        self.stage: _Stage | None = None
        self.attributes: list[tuple[str, str]] = []  # (name, kind), in stage order

    def adopt(self, first: _Loader) -> None:
        if not self.attributes and isinstance(first, _CustomerLoader):
            self.attributes = list(first.attributes)

    def prepare(self, rows: list[MappedRow]) -> list[list[Any]]:
        if not self.attributes and rows:
            self.attributes = [(name, kind) for name, (kind, _value) in rows[0].attributes.items()]
        return [self._stage_row(row) for row in rows]

    def _make_stage(self) -> _Stage:
        c, p = self.customers, m.CustomerPhone.__table__
        a = m.CustomerAttribute.__table__
        value_column = {"text": a.c.text_value, "number": a.c.number_value, "bool": a.c.bool_value}
        columns = [_copy_column(c.c[name]) for name in self.staged]
        for k in range(self.phone_slots):
            columns += [_copy_column(p.c.id, f"phone{k}_id"), _copy_column(p.c.e164, f"phone{k}"),
                        _copy_column(p.c.kind, f"phone{k}_kind"), _copy_column(p.c.e164_reversed, f"phone{k}_rev")]
        columns += [_copy_column(value_column[kind], f"attr{i}") for i, (_name, kind) in enumerate(self.attributes)]
        return _Stage(self.conn, "import_stage_customers", columns)

    def _stage_row(self, row: MappedRow) -> list[Any]:
        f = row.fields
        out = [row.line, *[f.get(name, default) if compute is None else compute(f)
                           for name, default, compute in self.sources]]
        numbers: list[str] = []
        for name in ("phone", "phone2"):
            number = f.get(name)
            if number and number not in numbers:
                numbers.append(number)
        for k in range(self.phone_slots):
            if k < len(numbers):
                out += [self.new_key(), numbers[k], _phone_kind(numbers[k]), _reversed(numbers[k])]
            else:
                out += [None, None, None, None]
        attributes = row.attributes
        out += [attributes[name][1] if name in attributes else None for name, _kind in self.attributes]
        return out

    def write(self, rows: list[MappedRow], staged: list[list[Any]]) -> tuple[int, int, list[Problem]]:
        now = datetime.now().astimezone()
        if self.stage is None:
            self.stage = self._make_stage()
        conn, stage, c = self.conn, self.stage, self.customers
        stage.fill_rows(staged)
        # An account number that belongs to another customer (one not imported, or imported
        # under another reference) would break the unique key: that row is rejected.
        problems = _problems_from(conn, sa.select(stage.c.line, stage.c.account_number)
                                  .join(c, c.c.account_number == stage.c.account_number)
                                  .where(sa.or_(c.c.external_ref.is_(None), c.c.external_ref != stage.c.external_ref)),
                                  self.header("account_number"), "the account number belongs to another customer")
        self._reject(stage, problems)
        bad = {p.line for p in problems}
        good = len(rows) - len(bad)
        updated = conn.scalar(sa.select(sa.func.count()).select_from(stage.table)
                              .join(c, c.c.external_ref == stage.c.external_ref)) or 0
        if updated:
            # Re-imported customers keep their key: phones and attributes hang on it.
            conn.execute(stage.table.update().values(id=c.c.id).where(c.c.external_ref == stage.c.external_ref))
        constants = {"created_at": now, "updated_at": now, "first_latin_key": "", "last_latin_key": "",
                     "national_id_reversed": None, **_CUSTOMER_DEFAULTS}
        select = sa.select(*(stage.c[name] if name in stage.c else sa.literal(constants[name], c.c[name].type)
                             for name in self.columns),
                           sa.literal([], c.c.interests.type)).where(sa.true())
        if conn.dialect.name == "postgresql":
            # An admin may write a customer's ID but not read it (migration 0009), and ON
            # CONFLICT DO UPDATE reads the updated columns through EXCLUDED: the customers
            # already there are updated from the stage first, the new ones inserted after.
            if updated:
                conn.execute(c.update().where(c.c.external_ref == stage.c.external_ref).values(
                    {name: stage.c[name] if name in stage.c else sa.literal(constants[name], c.c[name].type)
                     for name in self.update}))
            _upsert(conn, c, [*self.columns, "interests"], select, ["external_ref"], ())
        else:
            _upsert(conn, c, [*self.columns, "interests"], select, ["external_ref"], self.update)
        if self.phone_slots:
            self._phones(stage, now, updated > 0)
        self._attributes(stage, now, updated > 0)
        return good - updated, updated, problems

    def _phones(self, stage: _Stage, now: datetime, had_updates: bool) -> None:
        p = m.CustomerPhone.__table__
        for k in range(self.phone_slots):
            select = (sa.select(stage.c[f"phone{k}_id"], sa.literal(now, p.c.created_at.type), stage.c.id,
                                stage.c[f"phone{k}"],
                                stage.c[f"phone{k}_kind"], sa.literal(k == 0), stage.c[f"phone{k}_rev"])
                      .where(stage.c[f"phone{k}"].is_not(None)))
            _upsert(self.conn, p, ["id", "created_at", "customer_id", "e164", "kind", "is_primary", "e164_reversed"],
                    select, ["customer_id", "e164"] if had_updates else None, ["kind", "is_primary"])
        if had_updates:
            # A number the file no longer gives an updated customer is not theirs any more.
            stage.ensure_index("id")
            kept = (sa.select(sa.literal(1)).select_from(stage.table)
                    .where(stage.c.id == p.c.customer_id,
                           sa.or_(*(stage.c[f"phone{k}"] == p.c.e164 for k in range(self.phone_slots)))))
            self.conn.execute(p.delete().where(p.c.customer_id.in_(sa.select(stage.c.id)), ~kept.exists()))

    def _attributes(self, stage: _Stage, now: datetime, had_updates: bool) -> None:
        a = m.CustomerAttribute.__table__
        value_names = {"text": "text_value", "number": "number_value", "bool": "bool_value"}
        for i, (name, kind) in enumerate(self.attributes):
            column = stage.c[f"attr{i}"]
            select = sa.select(stage.c.id, sa.literal(name, a.c.name.type), sa.literal(kind, a.c.kind.type),
                               column, sa.literal(now, a.c.updated_at.type)).where(column.is_not(None))
            _upsert(self.conn, a, ["customer_id", "name", "kind", value_names[kind], "updated_at"], select,
                    ["customer_id", "name"] if had_updates else None,
                    ["kind", "text_value", "number_value", "bool_value", "updated_at"])
            if had_updates:
                # The value of another kind an earlier import gave is cleared by the upsert
                # (excluded.* of the other values are NULL); a blank cell removes the attribute.
                blank = sa.select(stage.c.id).where(column.is_(None))
                self.conn.execute(a.delete().where(a.c.name == name, a.c.customer_id.in_(blank)))

    def close(self) -> None:
        super().close()
        if self.stage is not None:
            self.stage.drop()


class _ChildLoader(_Loader):
    """Subscriptions and interactions: rows of a customer named by ``customer_ref``."""

    table: sa.Table
    stage_name: str
    # Fields the file may leave out, and their values.
    defaults: dict[str, Any] = {}

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        t = self.table
        self.own = [col.name for col in t.columns if col.name not in ("customer_id", "product_id", "agent_id")]
        extra = [sa.Column("customer_ref", sa.String(64))]
        if t.name == "subscriptions":
            extra.append(sa.Column("product_code", sa.String(40)))
        self.stage = _Stage(self.conn, self.stage_name, [*(_copy_column(t.c[n]) for n in self.own), *extra])
        self.update = sorted(({n for n in self.fed if n in self.own} | self.always_updated())
                             - {"id", "created_at", "external_ref"})

    def always_updated(self) -> set[str]:
        return set()

    def stage_row(self, row: MappedRow, now: datetime) -> dict[str, Any]:
        values = {name: row.fields.get(name, self.defaults.get(name)) for name in self.own}
        values.update(line=row.line, id=self.new_key(), created_at=now, customer_ref=row.fields["customer_ref"],
                      product_code=row.fields.get("product_code"))
        return values

    def lookups(self) -> tuple[list[Any], Any, list[Problem]]:
        """The select's key columns, the FROM clause, and the rows to reject."""
        raise NotImplementedError  # pragma: no cover

    def prepare(self, rows: list[MappedRow]) -> list[list[Any]]:
        now = datetime.now().astimezone()
        names = self.stage.names
        return [[values.get(n) for n in names] for values in (self.stage_row(row, now) for row in rows)]

    def write(self, rows: list[MappedRow], staged: list[list[Any]]) -> tuple[int, int, list[Problem]]:
        conn, stage, t = self.conn, self.stage, self.table
        stage.fill_rows(staged)
        keys, joined, problems = self.lookups()
        self._reject(stage, problems)
        bad = {p.line for p in problems}
        good = [row for row in rows if row.line not in bad]
        updated = conn.scalar(sa.select(sa.func.count()).select_from(stage.table)
                              .join(t, t.c.external_ref == stage.c.external_ref)) or 0
        names = [name for name, _ in keys] + self.own
        select = sa.select(*(col for _, col in keys), *(self.value(name) for name in self.own)).select_from(joined)
        _upsert(conn, t, names, select.where(sa.true()), ["external_ref"],
                self.update + [name for name, _ in keys])
        self.write_attributes(good, "customer_ref")
        return len(good) - updated, updated, problems

    def value(self, name: str) -> Any:
        return self.stage.c[name]

    def close(self) -> None:
        super().close()
        self.stage.drop()

    def _missing_customer(self) -> list[Problem]:
        c, stage = self.customers, self.stage
        query = (sa.select(stage.c.line, stage.c.customer_ref).outerjoin(c, c.c.external_ref == stage.c.customer_ref)
                 .where(c.c.id.is_(None)))
        return _problems_from(self.conn, query, self.header("customer_ref"), "no customer has this reference")


class _SubscriptionLoader(_ChildLoader):
    table = m.Subscription.__table__
    stage_name = "import_stage_subscriptions"

    def always_updated(self) -> set[str]:
        return {"status"}

    def lookups(self) -> tuple[list[Any], Any, list[Problem]]:
        c, stage = self.customers, self.stage
        products = m.Product.__table__
        problems = self._missing_customer()
        bad = {p.line for p in problems}
        query = (sa.select(stage.c.line, stage.c.product_code)
                 .outerjoin(products, products.c.code == stage.c.product_code).where(products.c.id.is_(None)))
        problems += [p for p in _problems_from(self.conn, query, self.header("product_code"),
                                               "no product has this code") if p.line not in bad]
        joined = (stage.table.join(c, c.c.external_ref == stage.c.customer_ref)
                  .join(products, products.c.code == stage.c.product_code))
        return [("customer_id", c.c.id), ("product_id", products.c.id)], joined, problems

    def value(self, name: str) -> Any:
        if name == "monthly_price":
            return sa.func.coalesce(self.stage.c.monthly_price, m.Product.__table__.c.list_price)
        return self.stage.c[name]


class _InteractionLoader(_ChildLoader):
    table = m.Interaction.__table__
    stage_name = "import_stage_interactions"
    defaults = {"channel": "phone", "direction": "inbound", "pinned": False}

    def lookups(self) -> tuple[list[Any], Any, list[Problem]]:
        c, stage = self.customers, self.stage
        joined = stage.table.join(c, c.c.external_ref == stage.c.customer_ref)
        return [("customer_id", c.c.id)], joined, self._missing_customer()


_LOADERS: dict[str, type[_Loader]] = {
    "customers": _CustomerLoader, "subscriptions": _SubscriptionLoader, "interactions": _InteractionLoader,
}


# --- the import ----------------------------------------------------------------------------


def _batches(rows: Iterator[MappedRow], size: int) -> Iterator[list[MappedRow]]:
    batch: list[MappedRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_END = object()


def _read_ahead(batches: Iterator[list[MappedRow]], depth: int = 2) -> Iterator[list[MappedRow]]:
    """The batches, read and converted on a helper thread while the database writes the
    previous one (the driver waits on the server without the GIL, so the two overlap).
    An exception in the reader comes out here; the thread ends with the iterator, also when
    the consumer stops early."""
    handoff: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def read() -> None:
        try:
            for batch in batches:
                while not stop.is_set():
                    try:
                        handoff.put(batch, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            handoff.put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            handoff.put(exc)

    thread = threading.Thread(target=read, name="import-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = handoff.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=0.05)
        thread.join()


class _Rejects:
    """The rejects file, opened on the first bad row (UTF-8 with BOM, so Excel shows Hebrew)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: Any = None
        self._writer: Any = None
        self.rows = 0

    def add(self, problems: list[Problem]) -> None:
        if not problems:
            return
        if self._writer is None:
            self._file = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._file)
            self._writer.writerow(REJECT_HEADER)
        self.rows += len({p.line for p in problems})
        for p in sorted(problems, key=lambda p: p.line):
            self._writer.writerow((p.line, p.column, p.value, p.reason))

    def discard(self) -> None:
        """After a failed import: nothing was imported, so no rejects file either."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self.path.unlink(missing_ok=True)

    def close(self) -> Path | None:
        if self._file is not None:
            self._file.close()
            return self.path
        self.path.unlink(missing_ok=True)  # an old run's rejects would mislead
        return None


def _writers(engine: Engine, kind: str, writers: int | None) -> int:
    """How many connections write at once: two for customers on PostgreSQL (the server's
    index upkeep is the bottleneck, and one backend uses one core), one otherwise. Only
    customers: their batches never touch the same rows (references are unique in a file),
    whereas two batches of subscriptions may update one customer's attribute and would wait
    on each other's open transaction."""
    if engine.dialect.name != "postgresql":
        return 1  # SQLite has one writer at a time: a second would wait for the first's commit
    if writers is not None:
        return max(1, writers)
    return 2 if kind == "customers" else 1


_Prepared = tuple[list[MappedRow], list[MappedRow], list[list[Any]]]
_Outcome = tuple[int, int, list[Problem]]


def _write_batches(batches: Iterator[_Prepared], loaders: list[_Loader],
                   on_result: Callable[[list[MappedRow], _Outcome], None]) -> None:
    """Write each batch through one of ``loaders`` (each on its own connection), and hand
    the outcomes to ``on_result`` in the file's order. The first failure stops the work and
    is raised here, after every writer thread has ended."""
    try:
        if len(loaders) == 1:
            for batch, good, staged in batches:
                on_result(batch, loaders[0].write(good, staged) if good else (0, 0, []))
        else:
            _write_in_parallel(batches, loaders, on_result)
    finally:
        # Ends the reader thread now, also when a failure stops the writing early.
        close = getattr(batches, "close", None)
        if close is not None:
            close()


def _write_in_parallel(batches: Iterator[_Prepared], loaders: list[_Loader],
                       on_result: Callable[[list[MappedRow], _Outcome], None]) -> None:
    work: queue.Queue[tuple[int, _Prepared] | None] = queue.Queue(maxsize=len(loaders))
    finished = threading.Condition()
    results: dict[int, tuple[list[MappedRow], _Outcome]] = {}
    errors: list[BaseException] = []

    def write(loader: _Loader) -> None:
        while (item := work.get()) is not None:
            index, (batch, good, staged) = item
            if errors:
                continue  # another writer failed: drain the queue, write nothing more
            try:
                outcome = loader.write(good, staged) if good else (0, 0, [])
            except BaseException as exc:  # noqa: BLE001 - raised on the calling thread
                with finished:
                    errors.append(exc)
                    finished.notify_all()
                continue
            with finished:
                results[index] = (batch, outcome)
                finished.notify_all()

    threads = [threading.Thread(target=write, args=(loader,), name=f"import-writer-{i}", daemon=True)
               for i, loader in enumerate(loaders)]
    for thread in threads:
        thread.start()
    sent = delivered = 0

    def deliver(wait_for: int) -> None:
        nonlocal delivered
        while delivered < wait_for and not errors:
            with finished:
                while delivered not in results and not errors:
                    finished.wait()
                if errors:
                    return
                batch, outcome = results.pop(delivered)
            on_result(batch, outcome)
            delivered += 1

    try:
        for prepared in batches:
            if errors:
                break
            work.put((sent, prepared))
            sent += 1
            deliver(sent - len(loaders))  # keep at most one batch per writer in flight
        deliver(sent)
    finally:
        for _ in threads:
            work.put(None)
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]


def run_import(engine: Engine, path: str | Path, mapping: Mapping, kind: str, *, dry_run: bool = False,
               progress: Callable[[float], None] | None = None, batch_rows: int = BATCH_ROWS,
               rejects_path: Path | None = None, writers: int | None = None) -> ImportSummary:
    """Import ``path`` as ``kind`` through ``mapping``; see the module docstring.

    ``writers``: connections writing at once (default: see :func:`_writers`). Each has its
    own transaction; all commit only after every batch is written, and all roll back on a
    failure or a dry run.

    Raises:
        MappingError, ImportFileError: the mapping or the file as a whole is unusable
            (nothing is written, no rejects file).
        sqlalchemy.exc.SQLAlchemyError: the database failed (the transactions are rolled back).
    """
    started = time.perf_counter()
    path = Path(path)
    rows = mapped_rows(path, mapping, kind, progress=progress)
    first = next(rows, None)  # the mapping and the header are checked before any write
    fed = {rule.field for rule in mapping.columns.values() if rule.field} | set(mapping.defaults)
    headers = {rule.field: rule.column for rule in mapping.columns.values() if rule.field}
    rejects = _Rejects(rejects_path or rejects_path_for(path))
    counts = {"read": 0, "inserted": 0, "updated": 0}
    connections: list[Connection] = []
    transactions = []
    try:
        for _ in range(_writers(engine, kind, writers)):
            conn = (engine if dry_run else writing(engine)).connect()
            connections.append(conn)
            transactions.append(conn.begin())
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
                # Compiling each batch's statements costs more than it saves.
                conn.exec_driver_sql("SET LOCAL jit = off")
        loaders = [_LOADERS[kind](conn, mapping, kind, fed, headers) for conn in connections]
        all_rows = rows if first is None else _prepend(first, rows)

        def prepared() -> Iterator[_Prepared]:
            for batch in _batches(all_rows, batch_rows):
                good = [row for row in batch if row.ok]
                staged = loaders[0].prepare(good) if good else []
                for loader in loaders[1:]:
                    loader.adopt(loaders[0])
                yield batch, good, staged

        def on_result(batch: list[MappedRow], outcome: _Outcome) -> None:
            added, changed, refused = outcome
            counts["read"] += len(batch)
            counts["inserted"] += added
            counts["updated"] += changed
            rejects.add([p for row in batch if not row.ok for p in row.problems] + refused)

        _write_batches(_read_ahead(prepared()), loaders, on_result)
        for loader in loaders:
            loader.close()
        for transaction in transactions:
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
    except BaseException:
        for conn in connections:
            conn.close()
        rejects.discard()
        raise
    for conn in connections:
        conn.close()
    written = rejects.close()
    if progress is not None:
        progress(1.0)
    return ImportSummary(kind, counts["read"], counts["inserted"], counts["updated"], rejects.rows, written,
                         dry_run, time.perf_counter() - started)


def _prepend(first: MappedRow, rest: Iterator[MappedRow]) -> Iterator[MappedRow]:
    yield first
    yield from rest
