"""Soak: twenty secretaries save status updates at the same time for a minute, on SQLite and on
PostgreSQL, while leaders keep reading the overview. Nothing may be lost and no error may reach a
user; the commit latency and the readers' latency are printed.

Run: ``make soak`` (or ``.venv/bin/python bench/soak.py --seconds 60 --writers 20``).

Each engine gets a fresh database from the province generator at scale 0.1 (about 100 units,
20,000 assignments and 100,000 status updates: a district with ten years of history). PostgreSQL
runs on a throwaway cluster with its durable defaults (fsync on), SQLite with the product's own
settings (WAL, synchronous=NORMAL). Twenty secretary accounts are added, one for each of the
twenty units with the most unfinished work.

On SQLite the writers are threads of one process sharing one engine, as the dashboard serves
every user (``make run`` runs one process; several processes are what PostgreSQL is for). On
PostgreSQL each writer is a process of its own, as the users of several dashboard processes
behind a proxy would be (``--mode`` chooses otherwise).

In a loop each writer reads one of its unit's assignments (the version the update form shows),
saves a status update through ``services.updates.record_update`` with that version in one write
transaction, then pauses as a person would before the next save: a random think time, uniform
between 0 and twice ``--think-ms`` (default 1,000 ms, so twenty writers offer about 20 updates a
second, far above a district's real rate). ``--think-ms 0`` saves back to back: a stress test,
where on a 2-core machine the writers compete for the CPU with the database they measure. The
write transaction's time, begin to commit, is the commit latency. Two readers compute the
overview's figures of today without the cache (every save changes the data version, so none
would be cached anyway; their median is ``overview_under_load_p50_ms``), each pausing as a
leader reading the page would: uniform between 0 and twice
``--reader-think-ms`` (default 2,000 ms; 0 recomputes back to back, which on 2 cores takes the
whole machine).

Afterwards every committed note is looked for in the history (``lost_updates``: committed but
missing; ``phantom_updates``: present but reported failed), and each assignment's version must
have moved by exactly its number of committed updates (``version_drift``). ``write_errors``
counts exceptions other than the version conflict the form itself handles; there should be no
conflicts either, as every writer has assignments of its own.

Then, on the same database, ``bench/import_soak.py`` imports a 50,000-row tasks workbook while a
leader keeps loading pages and logging in (``--import-rows 0`` skips it).

The last line printed is one JSON object: per engine, ``write_p50_ms``, ``write_p95_ms``,
``writes``, ``lost_updates``, ``write_errors``, ``read_p50_ms``, ``read_p95_ms``, and the
import's ``import_50k_s``, ``import_write_s``, ``reader_during_import_p95_ms``,
``reader_errors`` …
"""

import argparse
import functools
import json
import multiprocessing as mp
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.pg starts the throwaway PostgreSQL cluster

import import_soak  # noqa: E402  (bench/, beside this file)

from directives.db import make_engine, session_scope, upgrade  # noqa: E402
from directives.demo.scale import generate  # noqa: E402
from directives.models import (  # noqa: E402
    Assignment,
    Role,
    Status,
    StatusUpdate,
    Unit,
    User,
    table,
)
from directives.queries.overview import overview  # noqa: E402
from directives.queries.state import Filters  # noqa: E402
from directives.services import accounts, updates  # noqa: E402
from directives.services.updates import Conflict, UpdateRequest  # noqa: E402
from tests.pg import pg_bin, throwaway_cluster  # noqa: E402

SCALE = 0.1
PROVINCE = 1.0
"""``--scale 1.0`` (or ``--province``): the province-sized database of ``make bench`` (1,000 units,
200,000 assignments, about 1M updates); it takes a minute or more to generate per engine."""
READERS = 2
STARTUP_TIMEOUT_S = 300  # importing the package in 22 fresh processes on 2 cores takes a while
TARGETS = {"write_p95_ms": 50.0, "lost_updates": 0, "write_errors": 0}


def log(message: str) -> None:
    print(message, flush=True)


@dataclass
class WriterResult:
    writer: int
    latencies_ms: list[float] = field(default_factory=list)
    committed: list[tuple[int, str]] = field(default_factory=list)  # (assignment, note)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


@functools.cache
def engine_for(url: str) -> sa.Engine:
    """One engine per process, shared by its threads (as ``ui.data.engine`` is)."""
    return make_engine(url)


def writer(
    url: str,
    number: int,
    user_id: int,
    assignment_ids: list[int],
    start: Any,
    seconds: float,
    think_ms: float,
    results: Any,
) -> None:
    engine = engine_for(url)
    result = WriterResult(number)
    pace = random.Random(number)
    try:
        start.wait(timeout=STARTUP_TIMEOUT_S)
        end = time.monotonic() + seconds
        step = 0
        while time.monotonic() < end:
            assignment_id = assignment_ids[step % len(assignment_ids)]
            note = f"soak {number}-{step}"
            step += 1
            try:
                with session_scope(engine) as session:  # the page that shows the form
                    shown = session.get(Assignment, assignment_id)
                    assert shown is not None
                    version = shown.version
                started = time.perf_counter()
                with session_scope(engine, write=True) as session:
                    actor = session.get(User, user_id)
                    assert actor is not None
                    updates.record_update(
                        session=session,
                        actor=actor,
                        assignment_id=assignment_id,
                        request=UpdateRequest(
                            status=Status.IN_PROGRESS, progress=1 + step % 99, note=note
                        ),
                        expected_version=version,
                    )
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.committed.append((assignment_id, note))
            except Conflict:
                result.conflicts += 1
            except Exception as error:  # every other failure is what a user would see
                result.errors.append(f"{type(error).__name__}: {str(error)[:200]}")
            if think_ms:
                time.sleep(pace.uniform(0, 2 * think_ms) / 1000)
    finally:
        results.put(("writer", asdict(result)))


def reader(
    url: str, number: int, start: Any, seconds: float, think_ms: float, results: Any
) -> None:
    engine = engine_for(url)
    latencies: list[float] = []
    errors: list[str] = []
    pace = random.Random(1000 + number)
    try:
        start.wait(timeout=STARTUP_TIMEOUT_S)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            try:
                with session_scope(engine) as session:
                    # the leaders' today: the day the secretaries' saves happen on
                    figures = overview(session, Filters(as_of=date.today()))
                    assert figures.counts.total > 0
                latencies.append((time.perf_counter() - started) * 1000)
            except Exception as error:
                errors.append(f"{type(error).__name__}: {str(error)[:200]}")
            if think_ms:
                time.sleep(pace.uniform(0, 2 * think_ms) / 1000)
    finally:
        results.put(("reader", {"latencies_ms": latencies, "errors": errors}))


def prepare(url: str, writers: int, scale: float = SCALE) -> list[tuple[int, list[int]]]:
    """Migrate, generate, and add one secretary for each of the ``writers`` units with the most
    unfinished assignments: [(user id, that unit's unfinished assignment ids)]."""
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    generate(engine, scale=scale)
    log(f"  generated scale {scale} in {time.perf_counter() - started:.1f} s")
    a = table(Assignment)
    open_rows = sa.select(a.c.unit_id, a.c.id).where(
        a.c.status.in_([Status.NOT_STARTED.value, Status.IN_PROGRESS.value])
    )
    plan = []
    with session_scope(engine, write=True) as session:
        by_unit: dict[int, list[int]] = {}
        for unit_id, assignment_id in session.execute(open_rows):
            by_unit.setdefault(unit_id, []).append(assignment_id)
        busiest = sorted(by_unit, key=lambda u: -len(by_unit[u]))[:writers]
        for number, unit_id in enumerate(busiest):
            unit = session.get(Unit, unit_id)
            user = accounts.create_user(
                session=session,
                username=f"soak.{number}",
                full_name=f"Thư ký {number}",
                password="soak-password-2026",  # noqa: S106 - a throwaway benchmark account
                role=Role.SECRETARY,
                unit=unit,
            )
            plan.append((user.id or 0, sorted(by_unit[unit_id])))
    engine.dispose()
    return plan


def _versions(connection: sa.Connection) -> dict[int, int]:
    a = table(Assignment)
    return {row.id: row.version for row in connection.execute(sa.select(a.c.id, a.c.version))}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def soak(
    url: str,
    writers: int,
    seconds: float,
    think_ms: float,
    reader_think_ms: float,
    mode: str,
    scale: float = SCALE,
) -> dict[str, Any]:
    plan = prepare(url, writers, scale)
    engine = make_engine(url)
    with engine.connect() as connection:
        versions_before = _versions(connection)
        history_before = connection.execute(
            sa.select(sa.func.count()).select_from(StatusUpdate)
        ).scalar_one()
    if mode == "threads":
        start: Any = threading.Barrier(writers + READERS + 1)
        results: Any = queue.Queue()
        runner: Any = threading.Thread
    else:
        context = mp.get_context("spawn")
        start = context.Barrier(writers + READERS + 1)
        results = context.Queue()
        runner = context.Process
    workers = [
        runner(target=writer, args=(url, number, user_id, ids, start, seconds, think_ms, results))
        for number, (user_id, ids) in enumerate(plan)
    ] + [
        runner(target=reader, args=(url, number, start, seconds, reader_think_ms, results))
        for number in range(READERS)
    ]
    for worker in workers:
        worker.start()
    start.wait(timeout=STARTUP_TIMEOUT_S)  # BrokenBarrierError if a process died on the way
    log(f"  {writers} writers and {READERS} readers ({mode}) running for {seconds:.0f} s …")
    collected = [results.get(timeout=seconds + 300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    engine_for(url).dispose()

    written = [r for kind, r in collected if kind == "writer"]
    read = [r for kind, r in collected if kind == "reader"]
    latencies = [ms for r in written for ms in r["latencies_ms"]]
    committed = {(aid, note) for r in written for aid, note in r["committed"]}
    errors = [e for r in written for e in r["errors"]]
    read_latencies = [ms for r in read for ms in r["latencies_ms"]]

    with engine.connect() as connection:
        su = table(StatusUpdate)
        found = {
            (row.assignment_id, row.note)
            for row in connection.execute(
                sa.select(su.c.assignment_id, su.c.note).where(su.c.note.like("soak %"))
            )
        }
        versions_after = _versions(connection)
        history_after = connection.execute(
            sa.select(sa.func.count()).select_from(StatusUpdate)
        ).scalar_one()
    engine.dispose()
    per_assignment = Counter(aid for aid, _ in committed)
    drift = sum(
        1
        for aid, after in versions_after.items()
        if after - versions_before.get(aid, 0) != per_assignment.get(aid, 0)
    )
    return {
        "mode": mode,
        "writers": writers,
        "seconds": seconds,
        "think_ms": think_ms,
        "reader_think_ms": reader_think_ms,
        "writes": len(committed),
        "writes_per_s": round(len(committed) / seconds, 1),
        "write_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "write_p95_ms": round(percentile(latencies, 0.95), 1),
        "write_max_ms": round(max(latencies), 1) if latencies else None,
        "lost_updates": len(committed - found),
        "phantom_updates": len(found - committed),
        "history_rows_added": history_after - history_before,
        "version_drift": drift,
        "conflicts": sum(r["conflicts"] for r in written),
        "write_errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "reads": len(read_latencies),
        "read_p50_ms": round(statistics.median(read_latencies), 1) if read_latencies else None,
        "read_p95_ms": round(percentile(read_latencies, 0.95), 1),
        "overview_under_load_p50_ms": (
            round(statistics.median(read_latencies), 1) if read_latencies else None
        ),
        "scale": scale,
        "read_errors": sum(len(r["errors"]) for r in read),
    }


def report(engine: str, figures: dict[str, Any]) -> None:
    log(f"  {figures['writes']:,} updates committed ({figures['writes_per_s']:,} per second)")
    log(
        f"  commit latency p50 {figures['write_p50_ms']} ms · p95 {figures['write_p95_ms']} ms"
        f" · max {figures['write_max_ms']} ms"
    )
    log(
        f"  lost {figures['lost_updates']} · phantom {figures['phantom_updates']} · version drift"
        f" {figures['version_drift']} · conflicts {figures['conflicts']} · errors"
        f" {figures['write_errors']} {figures['error_examples'] or ''}"
    )
    log(
        f"  readers: {figures['reads']} overviews, p50 {figures['read_p50_ms']} ms · p95"
        f" {figures['read_p95_ms']} ms · errors {figures['read_errors']}"
    )
    log(f"  {engine} overview_under_load_p50_ms = {figures['overview_under_load_p50_ms']}")
    for key, target in TARGETS.items():
        value = figures[key]
        verdict = "met" if value is not None and value <= target else "NOT MET"
        log(f"  {engine} {key} = {value} (target <= {target}): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--scale", type=float, default=SCALE, help="size of the generated data")
    parser.add_argument(
        "--province", action="store_true", help=f"--scale {PROVINCE}: the bench's province"
    )
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--think-ms", type=float, default=1000, help="mean pause between saves")
    parser.add_argument("--reader-think-ms", type=float, default=2000, help="mean pause, readers")
    parser.add_argument(
        "--import-rows", type=int, default=import_soak.ROWS, help="tasks workbook (0: skip)"
    )
    parser.add_argument(
        "--mode",
        choices=["auto", "threads", "processes"],
        default="auto",
        help="auto: threads on SQLite (one dashboard process), processes on PostgreSQL",
    )
    options = parser.parse_args()
    result: dict[str, Any] = {"date": date.today().isoformat()}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="directives-soak-")))
        for engine in options.engines.split(","):
            log(f"\n{engine}")
            if engine == "sqlite":
                url = f"sqlite:///{folder / 'soak.db'}"
            elif pg_bin("initdb") is None:
                log("  skipped: PostgreSQL server binaries (initdb) are not installed")
                continue
            else:
                server = stack.enter_context(throwaway_cluster(durable=True))
                url = sa.make_url(server).render_as_string(hide_password=False)
            try:
                mode = options.mode
                if mode == "auto":
                    mode = "threads" if engine == "sqlite" else "processes"
                figures = soak(
                    url,
                    options.writers,
                    options.seconds,
                    options.think_ms,
                    options.reader_think_ms,
                    mode,
                    PROVINCE if options.province else options.scale,
                )
            except Exception:
                traceback.print_exc()
                raise
            report(engine, figures)
            if options.import_rows:
                log(f"  importing {options.import_rows:,} tasks while a leader loads pages …")
                data = import_soak.workbook(url, options.import_rows)
                imported = import_soak.import_under_reads(url, data)
                log(f"  {json.dumps(imported, ensure_ascii=False)}")
                figures.update(imported)
            result[engine] = figures
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
