"""Fault harness for offline sync (issue 12): lose nothing, duplicate nothing, converge.

    python bench/sync_faults.py --clients N --mutations M --seed S [--keep DIR]

A throwaway PostgreSQL cluster (migrated, a small demo database, one login per agent) sits
behind the project's own asyncio fault proxy (``tests.tcpproxy.FaultProxy``). N agent clients
run as separate processes, each on its own local store (``agent_desk.sync.local``) and as its
own login, writing M mutations each: wrap-ups (some with a callback, some cancelling), notes,
offers presented and answered, callbacks added and completed, and edits of three "hot"
customers every agent shares (a few of those edits are doomed: a value too long for the
server's column, which SQLite takes; the server must keep them as rejections). The agent
writes on the main thread, pausing between writes (``--think-ms``), while the desk's sync
runs on a thread of its own, round after round, as the app's sync worker does; after the
last write it syncs until the outbox is empty. Meanwhile ``--faults`` faults are injected at
random points of the run's progress: connection resets, black
holes (some longer than the desk's 9 s deadline), added latency, cuts after N bytes, links
that vanish (the server's side left open, as a NAT that dropped its state leaves it), SIGKILL
of a client at random moments and at every named crash point (``agent_desk.sync.crash``; a
killed client is started again on its store and carries on), and immediate stops and
restarts of PostgreSQL. Then everything is healed, every client syncs until its outbox is
empty, and (once all have) pulls again and compares its copy with the server's. Checks:

* ``lost`` = 0: every mutation in every client's outbox (what the client committed locally,
  read from its own SQLite file at the end, so a kill between the local commit and any side
  file hides nothing) is on the server, applied (``sync_mutations``) or, for the doomed ones
  only, kept as a rejection; and every row it makes is there (``missing_rows`` = 0);
* ``duplicates`` = 0: no row written twice for one action (each action's rows carry a
  unique tag or the client's key, counted on the server);
* ``converged``: every client's local copy equals the server's view for that agent
  (sha256 over canonical rows), with an empty outbox and exactly its doomed mutations shown
  as rejected;
* resent batches were recognised (``dedup_hits`` > 0), retries happened, every crash point
  killed a client at least once, PostgreSQL was restarted, no client failed in another way;
* no desk's writing transaction sat idle on the server (its desk gone, its locks held) for
  more than 45 s (``longest_idle_writing_s``, watched every 2 s on a direct connection).

Last line: one JSON object (clients, mutations, faults by kind, lost, duplicates, converged,
dedup_hits, convergence_s, mutations_per_s, ...). Exit status 1 when any check fails.

``--keep DIR`` leaves, for anyone to check independently: ``DIR/pgdata``, the stopped
server's data directory (start it with ``pg_ctl -D DIR/pgdata -o "-p 5999 -c
unix_socket_directories=/tmp" start``; database ``desk``, user ``postgres``), and per client
``DIR/client-N.ids``: one line per call the client recorded as logged (a ``call.submit`` in
its outbox), its ``retention_calls`` id.

PostgreSQL runs with ``fsync=off`` (a process crash, not a power cut, is what is injected:
the OS keeps what was written) but ``synchronous_commit=on``: a commit the server reported
survives the immediate stop.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

_BENCH = Path(__file__).resolve().parent


def _paths() -> None:
    """The standard library's queue (SQLAlchemy's pool imports it), not bench/queue.py; the
    checkout first. (``_common`` does the same, but costs a second of imports a client does
    not need.)"""
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
    importlib.import_module("queue")
    sys.path[:] = saved
    if str(_BENCH.parent) not in sys.path:
        sys.path.insert(0, str(_BENCH.parent))


_paths()

HOT = 3  # customers every agent works on and edits
OWN = 4  # customers each agent works on alone
PASSWORD = "sync-harness-pw"
EDIT_FIELDS = ("email", "city")
NETWORK_FAULTS = ("reset", "black_hole", "long_black_hole", "latency", "cut", "vanish")
NETWORK_WEIGHTS = (3, 2, 1, 2, 2, 1)
VANISH_S = 120.0  # how long a vanished connection's server side hangs (then the proxy resets it)
# The longest a desk's writing transaction may sit idle on the server (its link gone): a push
# holds its desk's row lock, and the hot customers' rows, while it waits.
STUCK_LIMIT_S = 45.0


def _points() -> tuple[str, ...]:
    from agent_desk.sync.crash import POINTS

    return POINTS


# --- what each client writes (deterministic: a restarted client carries on the same plan) ----


def _key(seed: int, client: int, i: int, what: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"agent-desk-sync/{seed}/{client}/{i}/{what}")


def plan_actions(seed: int, client: int, count: int, doomed: bool = True) -> list[tuple[str, int | None]]:
    """Each action's kind, in order, and for an answer or a completion the action it refers to.
    ``customer.doomed`` (with ``doomed``) is a ``customer.edit`` the server must refuse."""
    actions: list[tuple[str, int | None]] = []
    open_callbacks: list[int] = []
    for i in range(count):
        roll = random.Random(f"{seed}-{client}-{i}-kind").random()
        if actions and actions[-1][0] == "call.present" and roll < 0.5:
            actions.append(("call.respond", i - 1))
        elif open_callbacks and roll < 0.04:
            actions.append(("callback.complete", open_callbacks.pop(0)))
        elif roll < 0.34:
            actions.append(("call.submit", None))
        elif roll < 0.56:
            actions.append(("note.add", None))
        elif roll < 0.74:
            actions.append(("call.present", None))
        elif roll < 0.86:
            actions.append(("callback.add", None))
            open_callbacks.append(i)
        elif roll < 0.995 or not doomed:
            actions.append(("customer.edit", None))
        else:
            actions.append(("customer.doomed", None))
    return actions


def tag(client: int, i: int) -> str:
    return f"sync-c{client}-m{i}"


def make_payload(i: int, kind: str, ref: int | None, who: tuple[int, int], customers: tuple[list, list],
                 reasons: list[str], offers: list[uuid.UUID], store) -> dict:  # type: ignore[no-untyped-def]
    """The i-th action of client ``who`` = (seed, client) as a mutation payload; ``customers``:
    (hot ones, the client's own)."""
    import sqlalchemy as sa

    from agent_desk.data import models as m
    from agent_desk.sync.mutations import submit_payload
    from agent_desk.wrapup import CallbackRequest, WrapUp

    seed, client = who
    rng = random.Random(f"{seed}-{client}-{i}-payload")
    now = datetime.now(UTC)
    label = tag(client, i)
    hot, own = customers
    customer = rng.choice(hot) if rng.random() < 0.15 else rng.choice(own)
    if kind == "call.respond":
        return {"presentation_id": str(_key(seed, client, ref or 0, "presentation")),
                "response": rng.choice(["accepted", "declined"]), "at": now.isoformat()}
    if kind == "callback.complete":
        return {"id": str(_key(seed, client, ref or 0, "callback")), "at": now.isoformat()}
    if kind == "call.submit":
        disposition = rng.choices(["saved", "saved_with_offer", "callback_scheduled", "undecided", "cancelled"],
                                  [30, 20, 25, 15, 10])[0]
        cancelling = disposition == "cancelled"
        wrapup = WrapUp(
            call_id=_key(seed, client, i, "call"), agent_id=store.agent_id,
            started_at=now - timedelta(minutes=4), ended_at=now, customer_id=customer, disposition=disposition,
            primary_reason=rng.choice(reasons), competitor="Partner", notes=label,
            callback=CallbackRequest(due_at=now + timedelta(days=1), note=label)
            if disposition == "callback_scheduled" else None,
            cancellation_requested_at=now - timedelta(minutes=3) if cancelling else None,
            cancellation_effective_on=(now + timedelta(days=2)).date() if cancelling else None)
        return submit_payload(wrapup, now)
    if kind == "note.add":
        return {"id": str(_key(seed, client, i, "note")), "customer_id": str(customer), "subject": label,
                "body": "offline note", "at": now.isoformat()}
    if kind == "call.present":
        return {"call": {"id": str(_key(seed, client, i, "call")), "customer_id": str(customer),
                         "caller_e164": None, "started_at": (now - timedelta(minutes=2)).isoformat(),
                         "reason": rng.choice(reasons)},
                "presentation_id": str(_key(seed, client, i, "presentation")), "response": "offered",
                "at": now.isoformat(), "offer_id": str(rng.choice(offers)), "p_save": 0.3,
                "expected_value": "120.00", "cost": "40.00"}
    if kind == "callback.add":
        return {"id": str(_key(seed, client, i, "callback")), "customer_id": str(customer),
                "due_at": (now + timedelta(days=2)).isoformat(), "note": label, "at": now.isoformat()}
    target = rng.choice(hot)
    if kind == "customer.doomed":  # longer than customers.preferred_language (8): PostgreSQL refuses it
        field, value = "preferred_language", f"doomed {label}"
    else:
        field = rng.choice(EDIT_FIELDS)
        value = f"{label}@example.com" if field == "email" else f"city {label}"
    with store.engine.connect() as connection:
        base = connection.scalar(sa.select(m.Customer.__table__.c[field]).where(m.Customer.id == target))
    return {"customer_id": str(target), "field": field, "base": base, "value": value, "at": now.isoformat()}


def reference(store) -> tuple[list[str], list[uuid.UUID]]:  # type: ignore[no-untyped-def]
    """The reasons and offers a payload picks from, as the local store holds them."""
    import sqlalchemy as sa

    from agent_desk.data import models as m

    with store.engine.connect() as connection:
        parents = set(connection.scalars(sa.select(m.CancellationReason.parent_code)))
        reasons = sorted(c for c in connection.scalars(sa.select(m.CancellationReason.code))
                         if c not in parents and c != "competitor")
        offers = sorted(connection.scalars(sa.select(m.Offer.id).where(m.Offer.active)))
    return reasons, offers


# --- the client process ----------------------------------------------------------------


class _Counters:
    """What a client saw, appended to its stats file after every round (a kill loses at most
    the round it happened in: the figures only ever undercount)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: Counter[str] = Counter()

    def flush(self, **extra: object) -> None:
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({**self.values, **extra}) + "\n")
        self.values.clear()


def client_main(args: argparse.Namespace) -> int:
    import sqlalchemy as sa
    from sqlalchemy.orm import sessionmaker

    from agent_desk.data import models as m
    from agent_desk.data.db import make_engine
    from agent_desk.sync import server as sync_server
    from agent_desk.sync.engine import SyncEngine
    from agent_desk.sync.errors import is_temporary
    from agent_desk.sync.local import LocalStore

    work = Path(args.dir)
    n = args.client
    store = LocalStore(work / f"client-{n}.sqlite3", uuid.UUID(args.agent))
    engine = make_engine(args.url)
    factory = sessionmaker(engine, expire_on_commit=False)
    sync = SyncEngine(store, factory, batch_size=args.batch, page_size=500)
    counters = _Counters(work / f"client-{n}.stats")
    customers = [uuid.UUID(c) for c in args.customers.split(",")]
    store.hold(customers[:HOT])

    # Dedup hits are counted when the batch that had them is acknowledged (after its commit).
    last_result: list[object] = []
    apply_batch, acknowledge = sync_server.apply_batch, store.acknowledge

    def counting_apply(*a, **k):  # type: ignore[no-untyped-def]
        result = apply_batch(*a, **k)
        last_result[:] = [result]
        return result

    def counting_acknowledge(*a, **k):  # type: ignore[no-untyped-def]
        acknowledge(*a, **k)
        if last_result:
            counters.values["dedup_hits"] += last_result[0].dedup_hits  # type: ignore[attr-defined]
            counters.values["batches"] += 1
            last_result.clear()

    sync_server.apply_batch = counting_apply  # type: ignore[assignment]
    store.acknowledge = counting_acknowledge  # type: ignore[method-assign]

    def retry_sleep(seconds: float) -> None:
        counters.values["retries"] += 1
        time.sleep(seconds)

    def round_(deadline_s: float) -> bool:
        try:
            sync.sync_until_done(deadline_s=deadline_s, max_delay_s=1.0, sleep=retry_sleep)
        except Exception as exc:  # noqa: BLE001 - sorted: offline is expected, anything else is a finding
            if is_temporary(exc):
                counters.flush(failed_rounds=1)
                return False
            with open(work / f"client-{n}.errors", "a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now(UTC).isoformat()} pid {os.getpid()}\n{traceback.format_exc()}\n")
            counters.flush(errors=1)
            return False
        counters.flush(rounds=1)
        return True

    if args.final:
        return final_main(args, store, factory, round_)

    def have_reference_data() -> bool:
        with store.engine.connect() as connection:
            return bool(connection.scalar(sa.select(sa.func.count()).select_from(m.Offer)))

    while not have_reference_data():
        if not round_(30.0):
            time.sleep(0.2)
    reasons, offers = reference(store)
    start = int(store.state("next_seq")) - 1
    mine = (customers[:HOT], customers[HOT + OWN * n:HOT + OWN * (n + 1)])
    rng = random.Random(f"{args.seed}-{n}-{start}-pace")
    writing = threading.Event()
    writing.set()

    def sync_worker() -> None:
        """The desk's background sync: a round, a pause, again; after the last write, until the
        outbox is empty (or a minute has passed: the rest goes after the heal)."""
        pause = random.Random(f"{args.seed}-{n}-{start}-sync")
        drained_by = None
        while True:
            done = round_(args.round_deadline)
            if not writing.is_set():
                drained_by = drained_by or time.monotonic() + 60
                if (done and store.pending_count() == 0) or time.monotonic() > drained_by:
                    return
            time.sleep(pause.uniform(0.1, 0.6))

    worker = threading.Thread(target=sync_worker, name="sync", daemon=True)
    worker.start()
    actions = plan_actions(args.seed, n, args.mutations)
    side = open(work / f"client-{n}.keys", "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run
    for i in range(start, args.mutations):
        kind, ref = actions[i]
        payload = make_payload(i, kind, ref, (args.seed, n), mine, reasons, offers, store)
        mutation, _done = store.write("customer.edit" if kind == "customer.doomed" else kind, payload)
        if mutation.seq != i + 1:
            raise SystemExit(f"client {n}: action {i} got sequence number {mutation.seq}")
        side.write(f"{mutation.seq} {mutation.key} {kind}\n")
        side.flush()
        time.sleep(rng.uniform(0, 2 * args.think_ms) / 1000)  # the agent on the phone
    side.close()
    writing.clear()
    worker.join()
    engine.dispose()
    return 0


def final_main(args: argparse.Namespace, store, factory, round_) -> int:  # type: ignore[no-untyped-def]
    """After the heal: sync until the outbox is empty; wait until every client has; pull again
    and compare the local copy with the server's view for this agent."""
    from agent_desk.sync import server as sync_server
    from agent_desk.sync.engine import local_checksum
    from agent_desk.sync.tables import canonical, checksum

    work = Path(args.dir)
    n = args.client
    started = time.monotonic()
    pending_at_start = store.pending_count()
    pushed = False
    while time.monotonic() - started < args.final_deadline:
        if round_(60.0) and store.pending_count() == 0:
            pushed = True
            break
    push_s = time.monotonic() - started
    (work / f"final-{n}.pushed").write_text(json.dumps({"ok": pushed}))
    go = work / "final.go"
    while not go.exists() and time.monotonic() - started < args.final_deadline:
        time.sleep(0.1)
    waited = time.monotonic()
    pulled = go.exists() and round_(60.0)
    pull_s = time.monotonic() - waited
    held = store.held_customers()
    with factory() as session:
        server_rows = sync_server.view(session, store.agent_id, held)
    local_rows = store.rows()
    server_sum, local_sum = checksum(server_rows), local_checksum(store)
    differing: dict[str, int] = {}
    if server_sum != local_sum:  # which tables differ, and one example each way
        theirs = {canonical(name, row) for name, row in server_rows}
        ours = {canonical(name, row) for name, row in local_rows}
        for line in theirs ^ ours:
            name = json.loads(line)[0]
            differing[name] = differing.get(name, 0) + 1
        differing["example_server_only"] = sorted(theirs - ours)[:1]  # type: ignore[assignment]
        differing["example_local_only"] = sorted(ours - theirs)[:1]  # type: ignore[assignment]
    print(json.dumps({"ok": pushed and pulled, "pending": store.pending_count(), "local": list(local_sum),
                      "server": list(server_sum), "rejected_seqs": [r["seq"] for r in store.rejected()],
                      "pending_at_heal": pending_at_start, "push_s": round(push_s, 2), "pull_s": round(pull_s, 2),
                      "differing": differing}), flush=True)
    return 0


# --- the harness -------------------------------------------------------------------------


class Cluster:
    """The throwaway cluster, restarted for the run with its settings, and stopped at once on
    command (``pg_ctl -m immediate``: every server process killed, crash recovery at start)."""

    def __init__(self, clients: int) -> None:
        from tests.pgcluster import ThrowawayCluster

        self.inner = ThrowawayCluster().start()
        self.options = " ".join([
            f"-p {self.inner.port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={self.inner.root}",
            "-c shared_buffers=128MB", f"-c max_connections={max(200, clients * 6 + 40)}", "-c fsync=off",
            "-c full_page_writes=off", "-c synchronous_commit=on"])

    def pg_ctl(self, *args: str) -> None:
        self.inner._run(str(self.inner.bindir / "pg_ctl"), "-D", str(self.inner.datadir), *args)

    def start(self) -> None:
        self.pg_ctl("-l", str(self.inner.root / "server.log"), "-o", self.options, "-w", "-t", "120", "start")

    def restart(self, how: str, down_s: float = 0.0) -> None:
        self.pg_ctl("-m", how, "-w", "stop")
        time.sleep(down_s)
        self.start()

    def running(self) -> bool:
        return (self.inner.datadir / "postmaster.pid").exists()


class Watch:
    """Looks at the server directly (not through the proxy) for desk sessions left idle in a
    transaction: what a vanished desk leaves behind, holding its locks."""

    def __init__(self, cluster: Cluster) -> None:
        self.url = f"host=127.0.0.1 port={cluster.inner.port} user=postgres dbname=desk connect_timeout=5"
        self.connection = None
        self.worst: tuple[float, list[str]] = (0.0, [])  # the longest writing one seen, and what it was

    def longest_idle_in_transaction(self) -> tuple[float, float]:
        """(seconds, seconds): the longest a desk's writing transaction (it holds row locks) and
        its reading one (a snapshot) has been waiting for its desk, now."""
        import psycopg

        try:
            if self.connection is None or self.connection.closed:
                self.connection = psycopg.connect(self.url, autocommit=True)
            rows = self.connection.execute(
                "SELECT extract(epoch FROM now() - state_change), backend_xid IS NOT NULL, usename, state, "
                "left(query, 200), extract(epoch FROM now() - xact_start) FROM pg_stat_activity "
                "WHERE usename LIKE 'syncagent%' AND state LIKE 'idle in transaction%'").fetchall()
            writing = max((float(r[0]) for r in rows if r[1]), default=0.0)
            reading = max((float(r[0]) for r in rows), default=0.0)
            if writing > self.worst[0]:
                self.worst = (writing, [str(v) for v in max((r for r in rows if r[1]), key=lambda r: r[0])])
            return writing, reading
        except psycopg.Error:  # the server is restarting
            self.close()
            return 0.0, 0.0

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def setup(cluster: Cluster, clients: int) -> tuple[str, list[tuple[str, uuid.UUID]], list[uuid.UUID]]:
    import sqlalchemy as sa

    from agent_desk import domain as d
    from agent_desk.data import demo, migrate
    from agent_desk.data import models as m
    from agent_desk.data.db import make_engine
    from agent_desk.security import admin

    owner_url = cluster.inner.url_for("desk")
    admin_engine = make_engine(cluster.inner.url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.exec_driver_sql("CREATE DATABASE desk")
    admin_engine.dispose()
    owner = make_engine(owner_url, deadline=False)
    migrate.upgrade(owner)
    demo.generate(owner, HOT + OWN * clients + 5, seed=7, as_of=date.today())
    people = []
    with owner.begin() as connection:
        team = connection.scalar(sa.select(m.Team.name).order_by(m.Team.name).limit(1))
        for n in range(clients):
            login = f"syncagent{n}"
            people.append((login, admin.create_user(connection, login, d.Role.AGENT, PASSWORD, team=team)))
    with owner.connect() as connection:
        customers = list(connection.scalars(sa.select(m.Customer.id).order_by(m.Customer.account_number)
                                            .limit(HOT + OWN * clients)))
    owner.dispose()
    return owner_url, people, customers


def read_outbox(path: Path) -> tuple[list[tuple[int, str, str, dict]], list[int]]:
    """(seq, key, kind, payload) of every mutation the client committed, and the seqs it shows
    as rejected: read from its SQLite file, not from anything it said."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        entries = [(seq, key, kind, json.loads(payload)) for seq, key, kind, payload in
                   connection.execute("SELECT seq, key, kind, payload FROM outbox ORDER BY seq")]
        rejected = [seq for (seq,) in connection.execute("SELECT seq FROM rejected ORDER BY seq")]
    finally:
        connection.close()
    return entries, rejected


def call_ids(entries: list[tuple[int, str, str, dict]]) -> list[str]:
    return [payload["wrapup"]["call_id"] for _seq, _key, kind, payload in entries if kind == "call.submit"]


def check(owner_url: str, work: Path, clients: int, mutations: int, seed: int) -> dict:
    """Every client's outbox against the server, as the database's owner (no row-level security)."""
    import sqlalchemy as sa

    from agent_desk import domain as d
    from agent_desk.data import models as m
    from agent_desk.data.db import make_engine

    owner = make_engine(owner_url, deadline=False)
    with owner.connect() as connection:
        applied = {str(k) for k in connection.scalars(sa.select(m.SyncMutation.key))}
        refused = {str(k) for k in connection.scalars(sa.select(m.SyncRejection.key))}
        like = "sync-c%-m%"
        tagged: Counter[tuple[str, str]] = Counter()
        for table_name, column in (("retention_calls", m.RetentionCall.notes), ("interactions", m.Interaction.subject),
                                   ("callbacks", m.Callback.note)):
            for value in connection.scalars(sa.select(column).where(column.like(like))):
                tagged[(table_name, value)] += 1
        presentations = Counter(str(k) for k in connection.scalars(
            sa.select(m.OfferPresentation.id).where(m.OfferPresentation.p_save == 0.3)))
        presented_calls = Counter(str(k) for k in connection.scalars(
            sa.select(m.OfferPresentation.call_id).where(m.OfferPresentation.p_save == 0.3)))
        submitted = {str(k) for k in connection.scalars(
            sa.select(m.RetentionCall.id).where(m.RetentionCall.submitted_at.is_not(None)))}
        done_callbacks = {str(k) for k in connection.scalars(
            sa.select(m.Callback.id).where(m.Callback.status == d.CallbackStatus.DONE))}
        conflicts = connection.scalar(sa.select(sa.func.count()).select_from(m.SyncConflict))
        server_rejections = connection.scalar(sa.select(sa.func.count()).select_from(m.SyncRejection))
    owner.dispose()
    found: Counter[str] = Counter()
    expected_rows: Counter[tuple[str, str]] = Counter()
    expected_presentations: set[str] = set()
    rejected_ok = True
    for n in range(clients):
        path = work / f"client-{n}.sqlite3"
        entries, rejected_here = read_outbox(path) if path.exists() else ([], [])
        found["recorded"] += len(entries)
        found["recorded_calls"] += len(call_ids(entries))
        if [e[0] for e in entries] != list(range(1, len(entries) + 1)):
            found["sequence_holes"] += 1
        if len(entries) != mutations:
            found["clients_short"] += 1
        keys_here = {e[1] for e in entries}
        side = work / f"client-{n}.keys"
        for line in side.read_text().splitlines() if side.exists() else []:
            found["side_file_lines"] += 1
            found["side_file_not_in_outbox"] += line.split()[1] not in keys_here
        actions = plan_actions(seed, n, mutations)
        doomed_here = []
        for seq, key, kind, payload in entries:
            action = actions[seq - 1][0] if seq <= len(actions) else "?"
            if action == "customer.doomed":
                doomed_here.append(seq)
                found["doomed"] += 1
                found["lost"] += key not in refused
                found["doomed_applied"] += key in applied
                continue
            found["lost"] += key not in applied
            found["wrongly_rejected"] += key in refused
            label = tag(n, seq - 1)
            if kind == "call.submit":
                expected_rows[("retention_calls", label)] += 1
                found["missing_rows"] += payload["wrapup"]["call_id"] not in submitted
                if payload["wrapup"].get("callback"):
                    expected_rows[("callbacks", label)] += 1
            elif kind == "note.add":
                expected_rows[("interactions", label)] += 1
            elif kind == "callback.add":
                expected_rows[("callbacks", label)] += 1
            elif kind == "callback.complete":
                found["missing_rows"] += payload["id"] not in done_callbacks
            elif kind == "call.present":
                expected_presentations.add(payload["presentation_id"])
                found["missing_rows"] += presentations[payload["presentation_id"]] == 0
        rejected_ok = rejected_ok and rejected_here == doomed_here
    for row, count in expected_rows.items():
        found["missing_rows"] += tagged[row] < count
    duplicates = sum(count - 1 for count in tagged.values() if count > 1)
    duplicates += sum(count - 1 for count in presentations.values() if count > 1)
    duplicates += sum(count - 1 for count in presented_calls.values() if count > 1)
    unexpected = sum(1 for row in tagged if row not in expected_rows)
    unexpected += sum(1 for key in presentations if key not in expected_presentations)
    return {"lost": 0, "missing_rows": 0, "doomed": 0, "recorded": 0, "recorded_calls": 0, **found,
            "duplicates": duplicates, "unexpected_rows": unexpected, "conflicts": conflicts,
            "server_rejections": server_rejections, "rejections_shown": rejected_ok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--mutations", type=int, default=300, help="per client")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="leave DIR/pgdata and DIR/client-N.ids here")
    parser.add_argument("--faults", type=int, default=60,
                        help="network faults and random kills, at random points of the clients' progress")
    parser.add_argument("--kills-per-point", type=int, default=2, help="SIGKILLs at each named crash point")
    parser.add_argument("--random-kills", type=float, default=0.1,
                        help="share of the faults that are a SIGKILL at a random moment")
    parser.add_argument("--pg-restarts", type=int, default=1, help="immediate stops and restarts of PostgreSQL")
    parser.add_argument("--think-ms", type=float, default=150.0, help="mean pause between a client's writes")
    parser.add_argument("--batch", type=int, default=25, help="mutations per push transaction")
    parser.add_argument("--timeout", type=float, default=900.0, help="give up (and fail) after this many seconds")
    # the client process
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--final", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--agent", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--customers", help=argparse.SUPPRESS)
    parser.add_argument("--round-deadline", type=float, default=3.0, help=argparse.SUPPRESS)
    parser.add_argument("--final-deadline", type=float, default=900.0,
                        help="seconds each client has after the heal to push what it still holds")
    args = parser.parse_args(argv)
    if args.child:
        return client_main(args)
    if args.clients < 1 or args.mutations < 1:
        parser.error("--clients and --mutations must be at least 1")
    return run(args)


class _Progress:
    """Mutations written so far: the lines of the clients' side files, read on from where the
    last look stopped."""

    def __init__(self, work: Path, clients: int) -> None:
        self.paths = [work / f"client-{n}.keys" for n in range(clients)]
        self.read = [0] * clients
        self.lines = 0

    def __call__(self) -> int:
        for n, path in enumerate(self.paths):
            try:
                with open(path, "rb") as handle:
                    handle.seek(self.read[n])
                    more = handle.read()
            except FileNotFoundError:
                continue
            whole = more.rfind(b"\n") + 1  # a line being written counts when it is complete
            self.lines += more[:whole].count(b"\n")
            self.read[n] += whole
        return self.lines


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa
    from _common import machine

    from tests.tcpproxy import FaultProxy

    points = _points()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="agent-desk-sync-"))
    os.chmod(work, 0o755)
    result: dict = {"clients": args.clients, "mutations": args.clients * args.mutations}
    failures: list[str] = []
    ok = False
    cluster = proxy = None
    spawned: list[subprocess.Popen] = []
    setup_started = time.perf_counter()

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(143)  # a TERM: clean up below (clients, proxy, cluster) like any failure

    signal.signal(signal.SIGTERM, stop)
    try:
        cluster = Cluster(args.clients)
        owner_url, people, customers = setup(cluster, args.clients)
        cluster.restart("fast")  # the run's settings: synchronous commits, room for every client
        proxy = FaultProxy("127.0.0.1", cluster.inner.port)
        setup_s = time.perf_counter() - setup_started
        faults: Counter[str] = Counter({k: 0 for k in (*NETWORK_FAULTS, "pg_restart",
                                                         "kill_random", *(f"kill_{p}" for p in points))})
        # Kills at named points: every point, spread over the clients, each at a random pass.
        plan: dict[int, list[str]] = {n: [] for n in range(args.clients)}
        kills = [p for p in points for _ in range(args.kills_per_point)]
        rng.shuffle(kills)
        for k, point in enumerate(kills):
            passes = rng.randint(1, 40) if point == "after_local_write" else rng.randint(1, 2)
            plan[k % args.clients].append(f"{point}:{passes}")
        killed_by_us: set[int] = set()
        crash_seen: Counter[int] = Counter()
        launches: Counter[int] = Counter()

        def launch(n: int, final: bool = False) -> subprocess.Popen:
            login, agent_id = people[n]
            url = sa.engine.make_url(owner_url).set(username=login, password=PASSWORD, host="127.0.0.1",
                                                    port=proxy.port)
            env = dict(os.environ)
            env.pop("AGENT_DESK_CRASH_AT", None)
            env["AGENT_DESK_CRASH_LOG"] = str(work / f"client-{n}.crashlog")
            if not final and plan[n]:
                env["AGENT_DESK_CRASH_AT"] = plan[n][0]
            command = [sys.executable, str(Path(__file__).resolve()), "--child", "--client", str(n),
                       "--agent", str(agent_id), "--url", url.render_as_string(hide_password=False),
                       "--dir", str(work), "--customers", ",".join(map(str, customers)),
                       "--mutations", str(args.mutations), "--seed", str(args.seed), "--batch", str(args.batch),
                       "--think-ms", str(args.think_ms), "--final-deadline", str(args.final_deadline)]
            if final:
                command.append("--final")
            launches[n] += 1
            err = open(work / f"client-{n}.stderr", "a")  # noqa: SIM115 - the child's, closed with it
            out = subprocess.PIPE if final else subprocess.DEVNULL
            try:
                process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
            finally:
                err.close()
            spawned.append(process)
            return process

        def crash_log(n: int) -> list[str]:
            path = work / f"client-{n}.crashlog"
            return path.read_text().split() if path.exists() else []

        total = args.clients * args.mutations
        restart_at = [total * (r + 1) // (args.pg_restarts + 1) for r in range(args.pg_restarts)]
        started = time.perf_counter()
        running = {n: launch(n) for n in range(args.clients)}
        give_up = time.monotonic() + args.timeout
        # Faults at random points of the run's progress (mutations written): as many on a busy
        # machine as on a quiet one, spread over the whole run.
        fault_at = sorted(rng.uniform(0.01, 0.97) * total for _ in range(args.faults))
        written = 0
        next_report = time.monotonic() + 30
        next_progress = next_watch = time.monotonic()
        progress = _Progress(work, args.clients)
        watch, stuck = Watch(cluster), [0.0, 0.0]
        while running:
            now = time.monotonic()
            if now > give_up:
                for n, process in running.items():
                    process.kill()
                    failures.append(f"client {n} still writing after {args.timeout:.0f} s")
                running.clear()
                break
            for n, process in list(running.items()):
                code = process.poll()
                if code is None:
                    continue
                if code == -signal.SIGKILL:
                    logged = crash_log(n)
                    if len(logged) > crash_seen[n]:  # it died at a named point, and said which
                        point = logged[-1]
                        crash_seen[n] = len(logged)
                        faults[f"kill_{point}"] += 1
                        if plan[n] and plan[n][0].split(":")[0] == point:
                            plan[n].pop(0)
                    elif n in killed_by_us:
                        faults["kill_random"] += 1
                    else:
                        failures.append(f"client {n} was killed by something else (SIGKILL)")
                        del running[n]
                        continue
                    killed_by_us.discard(n)
                    running[n] = launch(n)
                elif code != 0:
                    failures.append(f"client {n} exited with status {code} (see its stderr)")
                    del running[n]
                else:
                    del running[n]
                    for entry in plan[n]:  # its kills not reached yet go to a client still writing
                        if running:
                            plan[min(running, key=lambda other: len(plan[other]))].append(entry)
                    plan[n].clear()
            if now >= next_progress:
                next_progress = now + 0.25
                written = progress()
                if restart_at and written >= restart_at[0]:
                    restart_at.pop(0)
                    cluster.restart("immediate", rng.uniform(0.5, 2.0))
                    faults["pg_restart"] += 1
            if fault_at and written >= fault_at[0] and running:
                fault_at.pop(0)
                kind = "kill_random" if rng.random() < args.random_kills else rng.choices(
                    NETWORK_FAULTS, weights=NETWORK_WEIGHTS)[0]
                if kind == "reset":
                    proxy.reset()
                elif kind == "black_hole":
                    proxy.black_hole(rng.uniform(0.3, 3.0))
                elif kind == "long_black_hole":  # longer than the desk's deadline: it gives up and retries
                    proxy.black_hole(rng.uniform(10.0, 12.0))
                elif kind == "latency":
                    proxy.latency(rng.uniform(1.0, 4.0), rng.uniform(0.01, 0.15))
                elif kind == "cut":
                    proxy.cut_after(rng.choice([rng.randint(1, 200), rng.randint(200, 20_000)]), rng.uniform(0.3, 2.0))
                elif kind == "vanish":
                    proxy.vanish(VANISH_S)
                else:  # counted when it is seen dead (unless it died at a crash point first)
                    victim = rng.choice(sorted(running))
                    killed_by_us.add(victim)
                    running[victim].send_signal(signal.SIGKILL)
                if kind != "kill_random":
                    faults[kind] += 1
            if now >= next_watch:
                next_watch = now + 2.0
                stuck = [max(pair) for pair in zip(stuck, watch.longest_idle_in_transaction(), strict=True)]
            if now >= next_report:
                print(f"  {time.perf_counter() - started:.0f} s: {progress():,} of {total:,} "
                      f"written, {sum(faults.values())} faults, {len(running)} clients writing",
                      file=sys.stderr, flush=True)
                next_report = now + 30
            time.sleep(0.05)
        working_s = time.perf_counter() - started
        while restart_at:  # the clients finished first: restart now (their data is on the server or queued)
            restart_at.pop(0)
            cluster.restart("immediate", 0.5)
            faults["pg_restart"] += 1
            failures.append("a PostgreSQL restart came after the clients had finished (raise --mutations)")
        # Heal; every client syncs until its outbox is empty; then all pull and compare.
        proxy.heal()
        healed = time.perf_counter()
        finals = {n: launch(n, final=True) for n in range(args.clients)}
        deadline = time.monotonic() + args.final_deadline + 120
        while time.monotonic() < deadline and not all((work / f"final-{n}.pushed").exists() or
                                                      finals[n].poll() is not None for n in finals):
            time.sleep(0.1)
        all_pushed_s = time.perf_counter() - healed
        (work / "final.go").write_text("go")
        outcomes = {}
        for n, process in finals.items():
            try:
                out, _err = process.communicate(timeout=max(10.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                out = ""
            lines = [line for line in (out or "").splitlines() if line.startswith("{")]
            outcomes[n] = json.loads(lines[-1]) if lines else {"ok": False, "exit": process.returncode}
        convergence_s = time.perf_counter() - healed
        stuck = [max(pair) for pair in zip(stuck, watch.longest_idle_in_transaction(), strict=True)]
        watch.close()
        checked = check(owner_url, work, args.clients, args.mutations, args.seed)
        seen: Counter[str] = Counter()
        for n in range(args.clients):
            stats = work / f"client-{n}.stats"
            for line in stats.read_text().splitlines() if stats.exists() else []:
                seen.update(json.loads(line))
            errors = work / f"client-{n}.errors"
            if errors.exists():
                failures.append(f"client {n}: {errors.read_text().strip().splitlines()[-1]}")
        converged = all(o.get("ok") and o.get("local") == o.get("server") and o.get("pending") == 0
                        for o in outcomes.values())
        unconverged = {str(n): o for n, o in outcomes.items()
                       if not (o.get("ok") and o.get("local") == o.get("server") and o.get("pending") == 0)}
        rejected_seqs_ok = all(o.get("ok") for o in outcomes.values()) and checked["rejections_shown"]
        result.update({
            "faults": dict(faults), "faults_total": sum(faults.values()), "lost": checked["lost"],
            "duplicates": checked["duplicates"], "converged": converged, "dedup_hits": seen["dedup_hits"],
            "convergence_s": round(convergence_s, 2), "all_pushed_s": round(all_pushed_s, 2),
            "pending_at_heal": sum(o.get("pending_at_heal", 0) for o in outcomes.values()),
            "slowest_final_push_s": max((o.get("push_s", 0) for o in outcomes.values()), default=0),
            "mutations_per_s": round(total / working_s, 1),
            "retries": seen["retries"], "failed_rounds": seen["failed_rounds"], "rounds": seen["rounds"],
            "batches": seen["batches"], "client_starts": sum(launches.values()),
            "recorded_mutations": checked["recorded"], "recorded_calls": checked["recorded_calls"],
            "missing_rows": checked["missing_rows"], "unexpected_rows": checked["unexpected_rows"],
            "doomed": checked["doomed"], "server_rejections": checked["server_rejections"],
            "rejections_shown": rejected_seqs_ok, "conflicts": checked["conflicts"],
            "longest_idle_writing_s": round(stuck[0], 1), "longest_idle_reading_s": round(stuck[1], 1),
            "proxy_connections": proxy.connections,
            "vanished_connections": proxy.vanished, "working_s": round(working_s, 1), "setup_s": round(setup_s, 1),
            "think_ms": args.think_ms, "batch": args.batch, "seed": args.seed, "machine": machine(),
            "date": date.today().isoformat(),
        })
        for name in ("lost", "duplicates", "missing_rows", "unexpected_rows", "sequence_holes", "clients_short",
                     "side_file_not_in_outbox", "wrongly_rejected", "doomed_applied"):
            if checked.get(name):
                failures.append(f"{name}: {checked[name]}")
        if checked["recorded"] != total:
            failures.append(f"the outboxes hold {checked['recorded']} mutations, not {total}")
        if checked["server_rejections"] != checked["doomed"]:
            failures.append(f"{checked['server_rejections']} rejections on the server for {checked['doomed']} doomed")
        if not rejected_seqs_ok:
            failures.append("a client does not show exactly its doomed mutations as rejected")
        if not converged:
            failures.append(f"{len(unconverged)} clients did not converge")
            result["unconverged"] = dict(list(unconverged.items())[:2])
        if seen["dedup_hits"] == 0:
            failures.append("no resent batch was recognised (dedup_hits 0)")
        if seen["retries"] == 0:
            failures.append("no retry happened")
        missing_points = [p for p in points if faults[f"kill_{p}"] == 0]
        if missing_points:
            failures.append(f"no kill at {', '.join(missing_points)}")
        if stuck[0] > STUCK_LIMIT_S:
            failures.append(f"a desk's transaction sat idle on the server holding locks for {stuck[0]:.0f} s")
            result["stuck_transaction"] = watch.worst[1]
        if faults["pg_restart"] < args.pg_restarts:
            failures.append("PostgreSQL was not restarted")
        ok = not failures
    except Exception:  # noqa: BLE001 - the harness itself broke: say where, fail
        failures.append(traceback.format_exc(limit=4).strip().splitlines()[-1])
        traceback.print_exc()
    finally:
        for process in spawned:
            if process.poll() is None:
                process.kill()
                process.wait()
        if proxy is not None:
            proxy.close()
        if cluster is not None:
            try:
                if args.keep:
                    keep(cluster, work, args.keep, args.clients)
            except Exception as exc:  # noqa: BLE001
                failures.append(f"--keep: {exc}")
                ok = False
            if cluster.running():
                cluster.inner.stop()
            else:
                shutil.rmtree(cluster.inner.root, ignore_errors=True)
        if not failures or os.environ.get("SYNC_FAULTS_KEEP_WORK") is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"  work directory kept: {work}", file=sys.stderr)
    result["failures"] = failures[:10]
    result["ok"] = ok
    print(json.dumps(result, ensure_ascii=False))
    return 0 if ok else 1


def keep(cluster: Cluster, work: Path, into: Path, clients: int) -> None:
    """The stopped server's data directory and each client's logged calls, for anyone to check."""
    into.mkdir(parents=True, exist_ok=True)
    if cluster.running():
        cluster.pg_ctl("-m", "fast", "-w", "stop")
    target = into / "pgdata"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(cluster.inner.datadir, target, symlinks=True)
    owner = cluster.inner.datadir.stat()
    if os.geteuid() == 0:  # the copy stays the server user's, so that user can start it
        for folder, dirs, files in os.walk(target):
            for name in [folder, *(os.path.join(folder, f) for f in dirs + files)]:
                os.lchown(name, owner.st_uid, owner.st_gid)
    target.chmod(0o700)
    for n in range(clients):
        path = work / f"client-{n}.sqlite3"
        entries = read_outbox(path)[0] if path.exists() else []
        (into / f"client-{n}.ids").write_text("".join(f"{call_id}\n" for call_id in call_ids(entries)))


if __name__ == "__main__":
    sys.exit(main())
