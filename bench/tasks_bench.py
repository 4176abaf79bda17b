"""The Nhiệm vụ page and the tasks workbook at province scale (issue 16), on the bench database.

- ``tasks_page_s``: the median time of one page of the Nhiệm vụ table at 200,000 assignments,
  as the page gets it (the page's rows, sorted and labelled, and the filtered set's counts by
  derived status; the browser's drawing left out), over pages at the start, middle and end,
  in three sorts and with two filters.
- ``import_tasks_22k_s``: a 21,914-row tasks workbook (new conclusions of 2025, 100 tasks each, as
  ``bench/import_soak.py`` writes them; every row a new task) imported into a copy of the database
  the way ``directives import tasks`` does it: read, check and resolve in a read transaction,
  then the write transaction, commit included. Median of ``IMPORT_RUNS`` runs, each on a fresh
  copy.

Run alone with ``.venv/bin/python bench/run.py --only tasks`` (the database is built first if
missing); ``make bench`` runs it with the rest.
"""

import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from directives.db import make_engine, session_scope
from directives.importers.task_rows import read_tasks
from directives.models import User, table
from directives.queries.state import Filters
from directives.services.workbook_task_plan import plan_tasks
from directives.services.workbook_tasks import write_tasks
from directives.status import Derived

IMPORT_ROWS = 21_914
IMPORT_RUNS = 3
PAGE_RUNS = 3
PAGE_SIZE = 50


def log(message: str) -> None:
    print(message, flush=True)


def _checkpoint(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def tasks_workbook(url: str, rows: int = IMPORT_ROWS) -> bytes:
    """``rows`` new tasks as an office moving its tracker in brings them (``make soak``'s
    workbook: 100 tasks a conclusion, each led by one active unit and supported by another)."""
    from import_soak import workbook  # bench/ is the script's folder

    return workbook(url, rows)


def _admin(engine: Engine) -> int:
    with session_scope(engine) as session:
        users = table(User)
        admin_id: int = session.execute(
            sa.select(users.c.id).where(users.c.role == "admin").limit(1)
        ).scalar_one()
    return admin_id


def import_once(url: str, data: bytes) -> tuple[float, dict[str, float], str]:
    """One import as the CLI makes it (read and plan, then write and commit), timed in parts."""
    target = make_engine(url)
    try:
        admin_id = _admin(target)
        parts: dict[str, float] = {}
        started = time.perf_counter()
        sheet = read_tasks(data, "nhiem-vu.xlsx")
        parts["read_s"] = time.perf_counter() - started
        with session_scope(target) as session:
            actor = session.get(User, admin_id)
            assert actor is not None
            plan = plan_tasks(sheet, session=session, actor=actor)
        parts["plan_s"] = time.perf_counter() - started - parts["read_s"]
        with session_scope(target, write=True) as session:
            actor = session.get(User, admin_id)
            assert actor is not None
            summary = write_tasks(plan, session=session, actor=actor)
        total = time.perf_counter() - started
        parts["write_s"] = total - parts["read_s"] - parts["plan_s"]
        return total, parts, str(summary)
    finally:
        target.dispose()


def bench_import_tasks(engine: Engine, database: Path) -> dict[str, Any]:
    log(f"\nTasks workbook import, {IMPORT_ROWS:,} rows (on a fresh copy each run)")
    started = time.perf_counter()
    data = tasks_workbook(str(engine.url))
    log(f"  workbook written in {time.perf_counter() - started:.1f} s ({len(data):,} bytes)")
    _checkpoint(engine)
    runs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="directives-bench-tasks-") as folder:
        for index in range(IMPORT_RUNS):
            copy = Path(folder) / f"copy-{index}.db"
            shutil.copy(database, copy)
            seconds, parts, summary = import_once(f"sqlite:///{copy}", data)
            runs.append(seconds)
            detail = ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in parts.items())
            log(f"  run {index + 1}: {seconds:.2f} s ({detail}); {summary}")
            copy.unlink()
    return {
        "import_tasks_22k_s": round(statistics.median(runs), 2),
        "import_tasks_rows": IMPORT_ROWS,
    }


def bench_tasks_page(engine: Engine, as_of: date) -> dict[str, Any]:
    """As the page serves them: the first page of a filter and sort costs the whole set's order
    and counts (one sorted query, then cached per data version) and its rows; every other page
    costs its rows. Pages at the start, middle and end, in three sorts and with two filters."""
    from directives.queries import task_list

    log(f"\nNhiệm vụ page, {PAGE_SIZE} rows a page, as of {as_of:%d/%m/%Y}")
    cases: list[tuple[str, Filters, task_list.Sort]] = [
        ("all, document order", Filters(as_of=as_of), "document"),
        ("all, oldest deadline first", Filters(as_of=as_of), "deadline"),
        ("all, worst first", Filters(as_of=as_of), "lag"),
        ("overdue only", Filters(as_of=as_of, derived=(Derived.OVERDUE,)), "document"),
        ("searched", Filters(as_of=as_of, search="dan van kheo"), "document"),
    ]
    firsts: list[float] = []
    pages: list[float] = []
    for name, filters, sort in cases:
        for _ in range(PAGE_RUNS):
            started = time.perf_counter()
            with session_scope(engine) as session:
                total = task_list.counts(session, filters).total
                found = task_list.page(session, filters, sort=sort, size=PAGE_SIZE, total=total)
            firsts.append(time.perf_counter() - started)
        log(f"  {name:28} counts ({total:,} in all) and first page: {firsts[-1] * 1000:,.0f} ms")
        last = found.pages
        for number in sorted({2, last // 4, (last + 1) // 2, last}):
            for _ in range(PAGE_RUNS):
                started = time.perf_counter()
                with session_scope(engine) as session:
                    found = task_list.page(
                        session, filters, sort=sort, number=number, size=PAGE_SIZE, total=total
                    )
                pages.append(time.perf_counter() - started)
            log(
                f"  {name:28} page {found.number:>5,}/{found.pages:,}: {len(found.rows)} rows, "
                f"{pages[-1] * 1000:,.0f} ms"
            )
    return {
        "tasks_page_s": round(statistics.median(pages), 3),
        "tasks_page_max_s": round(max(pages), 3),
        "tasks_first_page_s": round(statistics.median(firsts), 3),
    }


def measure(engine: Engine, database: Path, as_of: date) -> dict[str, Any]:
    """Both figures, for ``bench/run.py``'s JSON line."""
    return {**bench_tasks_page(engine, as_of), **bench_import_tasks(engine, database)}
