"""Benchmark: offline sync's speed (issue 12), on a throwaway PostgreSQL as an agent's own login.

    python bench/sync_speed.py [--push 10000] [--pull 100000] [--idle 300] [--samples 2]

A throwaway cluster (``tests.pgcluster``, fsync on: the project's benchmark settings) gets a
small demo database; the desk is ``agent01``'s own login (row-level security applies) with a
local store (``agent_desk.sync.local``) in a temporary folder. Three figures, each sample
checked after it is timed (a sample that fails its check is a failure, never a figure, and
the exit status is 1); warm-up samples come first and are not counted:

* ``push_s``: the desk writes ``--push`` mutations offline (the harness's mix: wrap-ups, notes,
  offers presented and answered, callbacks, edits; ``local_write_*`` is what each write took
  the agent), then ``SyncEngine.push`` sends them all (batches of ``--batch``). Checked: the
  outbox is empty, the server has every key applied for this desk and every note, call and
  callback row. Target: 10,000 under 5 s.
* ``pull_s``: the owner changes ``--pull`` rows the desk holds (inserted interactions of its
  customers, then the same rows updated), then one ``sync_once`` brings them down (pages of
  ``--page``). Checked: the desk holds every one, with the new text. Target: 100,000 under 20 s.
* ``idle_*``: ``sync_once`` with nothing to push or pull, ``--idle`` rounds. Checked: each moved
  nothing. Target: p95 under 50 ms.

At the end the desk's copy is compared with the server's view (checksums). Last line: one
JSON object; ``targets_met`` says which target each figure meets (a missed target is a figure,
not a failure: the exit status is 1 only when a sample's check fails).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from _common import AS_OF, as_person, machine, percentile
from sqlalchemy.orm import sessionmaker
from sync_faults import make_payload, plan_actions, reference, tag

from agent_desk.data import demo, migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.sync.engine import PUSH_BATCH, SyncEngine, SyncReport, local_checksum, server_view_checksum
from agent_desk.sync.local import LocalStore

TARGETS = {"push_s": 5.0, "pull_s": 20.0, "idle_p95_ms": 50.0}
CUSTOMERS = 60  # the desk's own customers (the hot three first)


class Failed(AssertionError):
    """A sample did not do what it claims."""


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)


class Desk:
    def __init__(self, owner_url: str, folder: Path, batch: int, page: int) -> None:
        self.owner = make_engine(owner_url, deadline=False)
        url = as_person(owner_url, "agent01")
        with self.owner.connect() as connection:
            login = sa.engine.make_url(url).username
            agent_id = connection.scalar(sa.select(m.Agent.id).where(m.Agent.username == login))
            self.customers = list(connection.scalars(sa.select(m.Customer.id).order_by(m.Customer.account_number)
                                                     .limit(CUSTOMERS)))
        self.engine = make_engine(url)
        self.factory = sessionmaker(self.engine, expire_on_commit=False)
        self.store = LocalStore(folder / "desk.sqlite3", agent_id)
        self.sync = SyncEngine(self.store, self.factory, batch_size=batch, page_size=page)
        self.store.hold(self.customers)
        self.sync.sync_once()  # reference data and the customers, untimed
        self.reasons, self.offers = reference(self.store)
        self.written = 0  # actions so far (their tags and keys go on from here)

    def close(self) -> None:
        self.store.close()
        self.engine.dispose()
        self.owner.dispose()

    # -- push ---------------------------------------------------------------------------

    def write(self, count: int) -> tuple[list[float], Counter[str]]:
        """``count`` mutations written offline (untimed here: each write's own time returned)."""
        actions = plan_actions(0, 0, self.written + count, doomed=False)
        mine = (self.customers[:3], self.customers[3:])
        took: list[float] = []
        kinds: Counter[str] = Counter()
        for i in range(self.written, self.written + count):
            kind, ref = actions[i]
            payload = make_payload(i, kind, ref, (0, 0), mine, self.reasons, self.offers, self.store)
            started = time.perf_counter()
            self.store.write(kind, payload)
            took.append(time.perf_counter() - started)
            kinds[kind] += 1
        self.written += count
        return took, kinds

    def push(self, count: int) -> tuple[float, int]:
        """Write ``count`` offline, time pushing them all; check the server has them."""
        first = self.written
        took, _kinds = self.write(count)
        expect(self.store.pending_count() == count, f"{self.store.pending_count()} queued, not {count}")
        report = SyncReport()
        started = time.perf_counter()
        self.sync.push(report)
        elapsed = time.perf_counter() - started
        expect(self.store.pending_count() == 0, "the outbox is not empty after the push")
        expect(report.pushed == count and report.rejected == 0,
               f"pushed {report.pushed}, rejected {report.rejected}, of {count}")
        labels = [tag(0, i) for i in range(first, self.written)]
        with self.owner.connect() as connection:
            applied = connection.scalar(sa.select(sa.func.count()).select_from(m.SyncMutation)
                                        .where(m.SyncMutation.client_id == self.store.client_id))
            rows = sum(connection.scalar(sa.select(sa.func.count()).where(column.in_(labels)))
                       for column in (m.Interaction.subject, m.RetentionCall.notes, m.Callback.note))
        expect(applied == self.written, f"{applied} mutations applied on the server, {self.written} written")
        actions = plan_actions(0, 0, self.written, doomed=False)[first:]
        wanted = sum(1 for kind, _ in actions if kind in ("note.add", "callback.add", "call.submit"))
        expect(rows >= wanted, f"{rows} tagged rows on the server, {wanted} at least expected")
        self.sync.sync_once()  # the rows come back down (untimed)
        self._local_write_times = took
        return elapsed, report.batches

    # -- pull ---------------------------------------------------------------------------

    def change(self, count: int, label: str, update_of: str | None) -> None:
        """As the owner: ``count`` interactions of the desk's customers, new or (``update_of``)
        the ones labelled so, relabelled."""
        with self.owner.begin() as connection:
            if update_of is None:
                connection.execute(sa.text(
                    "INSERT INTO interactions (id, customer_id, kind, channel, direction, occurred_at, subject, "
                    "pinned, created_at) SELECT gen_random_uuid(), (:customers)[1 + g % cardinality(:customers)], "
                    "'note', 'phone', 'inbound', now() - g * interval '1 second', :label || '-' || g, false, now() "
                    "FROM generate_series(1, :count) g"),
                    {"customers": self.customers, "label": label, "count": count})
            else:
                done = connection.execute(sa.text(
                    "UPDATE interactions SET subject = :label || substr(subject, length(:old) + 1) "
                    "WHERE subject LIKE :old || '-%'"), {"label": label, "old": update_of})
                expect(done.rowcount == count, f"{done.rowcount} rows updated, not {count}")

    def pull(self, count: int, label: str, update_of: str | None = None) -> tuple[float, int]:
        self.change(count, label, update_of)
        started = time.perf_counter()
        report = self.sync.sync_once()
        elapsed = time.perf_counter() - started
        expect(report.pulled_rows >= count, f"pulled {report.pulled_rows} rows, {count} changed")
        with self.store.engine.connect() as connection:
            held = connection.scalar(sa.select(sa.func.count()).select_from(m.Interaction)
                                     .where(m.Interaction.subject.like(f"{label}-%")))
        expect(held == count, f"the desk holds {held} of the {count} changed rows")
        return elapsed, report.pages

    # -- idle ---------------------------------------------------------------------------

    def idle(self) -> float:
        started = time.perf_counter()
        report = self.sync.sync_once()
        elapsed = time.perf_counter() - started
        expect(report.pushed == 0 and report.batches == 0 and report.pulled_rows == 0 and report.pulled_deletes == 0,
               f"an idle round moved something: {report}")
        return elapsed

    def converged(self) -> bool:
        with self.factory() as session:
            expected = server_view_checksum(session, self.store.agent_id, self.store.held_customers())
        return local_checksum(self.store) == expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--push", type=int, default=10_000, help="mutations queued per push sample")
    parser.add_argument("--pull", type=int, default=100_000, help="rows changed per pull sample")
    parser.add_argument("--idle", type=int, default=300, help="timed rounds with nothing to do")
    parser.add_argument("--samples", type=int, default=2, help="timed push and pull samples")
    parser.add_argument("--batch", type=int, default=PUSH_BATCH, help="mutations per push transaction (the app's)")
    parser.add_argument("--page", type=int, default=2000, help="changes per pull page")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from tests.pgcluster import ThrowawayCluster

    folder = Path(tempfile.mkdtemp(prefix="agent-desk-sync-speed-"))
    cluster = ThrowawayCluster(durable=True).start()
    failures: list[str] = []
    result: dict = {"benchmark": "sync_speed", "backend": "postgresql"}
    desk = None
    try:
        admin = make_engine(cluster.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE desk")
        admin.dispose()
        owner_url = cluster.url_for("desk")
        owner = make_engine(owner_url, deadline=False)
        migrate.upgrade(owner)
        demo.generate(owner, CUSTOMERS + 40, seed=args.seed, as_of=AS_OF)
        owner.dispose()
        desk = Desk(owner_url, folder, args.batch, args.page)

        def sample(what: str, fn, *fn_args):  # type: ignore[no-untyped-def]
            try:
                return fn(*fn_args)
            except Failed as exc:
                failures.append(f"{what}: {exc}")
                return None

        # Push: one small warm-up, then the samples.
        sample("push warm-up", desk.push, max(1, args.push // 20))
        pushes, write_times = [], []
        for n in range(args.samples):
            done = sample(f"push {n}", desk.push, args.push)
            if done:
                pushes.append(done)
                write_times += desk._local_write_times
        # Pull: a warm-up, then new rows and the same rows changed, by turns.
        sample("pull warm-up", desk.pull, max(1, args.pull // 50), "warm")
        pulls = []
        for n in range(args.samples):
            label = f"pull{n}"
            previous = f"pull{n - 1}" if n % 2 else None
            done = sample(f"pull {n}", desk.pull, args.pull, label, previous)
            if done:
                pulls.append(done)
        # Idle rounds.
        for _ in range(20):
            sample("idle warm-up", desk.idle)
        idles = [t for t in (sample("idle", desk.idle) for _ in range(args.idle)) if t is not None]
        converged = desk.converged()
        if not converged:
            failures.append("the desk's copy differs from the server's view")
        push_s = max((t for t, _ in pushes), default=None)
        pull_s = max((t for t, _ in pulls), default=None)
        result.update({
            "push_mutations": args.push, "push_samples": len(pushes),
            "push_s": round(push_s, 3) if push_s is not None else None,
            "push_s_each": [round(t, 3) for t, _ in pushes], "push_batches": pushes[0][1] if pushes else None,
            "push_per_s": round(args.push / push_s) if push_s else None,
            "local_write_p50_ms": round(percentile(write_times, 50) * 1000, 2) if write_times else None,
            "local_write_p95_ms": round(percentile(write_times, 95) * 1000, 2) if write_times else None,
            "pull_rows": args.pull, "pull_samples": len(pulls),
            "pull_s": round(pull_s, 3) if pull_s is not None else None,
            "pull_s_each": [round(t, 3) for t, _ in pulls], "pull_pages": pulls[0][1] if pulls else None,
            "pull_rows_per_s": round(args.pull / pull_s) if pull_s else None,
            "idle_rounds": len(idles),
            "idle_p50_ms": round(percentile(idles, 50) * 1000, 2) if idles else None,
            "idle_p95_ms": round(percentile(idles, 95) * 1000, 2) if idles else None,
            "idle_p99_ms": round(percentile(idles, 99) * 1000, 2) if idles else None,
            "converged": converged, "batch": args.batch, "page": args.page, "targets": TARGETS,
        })
        result["targets_met"] = {name: result[name] is not None and result[name] < limit
                                 for name, limit in TARGETS.items()}
    except Exception as exc:  # noqa: BLE001 - the bench itself broke: say so, fail
        failures.append(f"{type(exc).__name__}: {exc}"[:500])
        raise
    finally:
        if desk is not None:
            desk.close()
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
        result.update({"failures": failures[:10], "machine": machine(), "date": time.strftime("%Y-%m-%d")})
        print(json.dumps(result, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
