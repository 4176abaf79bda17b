"""Soak, second part: a 50,000-row tasks workbook is imported while a leader keeps loading pages
and logging in. The import reads, checks and resolves the file outside the write transaction,
then writes it in one short transaction; readers must never meet an error, and a login that has
to wait for the write does so within the busy timeout.

``make soak`` runs it after the writers' soak on each engine (``bench/soak.py``). A page load
here is what the dashboard does against the database for the overview: resume the browser's
session (a read) and compute the overview's figures without the cache (the import changes the
data version, so nothing would be cached). Every tenth load is a fresh login instead (a write:
one login attempt, one audit entry and a server-side session).

Figures: ``import_50k_s`` (the whole import: read, plan, write), ``import_write_s`` (the write
transaction alone: the time the write lock is held), ``reader_during_import_p50_ms`` and
``…_p95_ms``, ``reader_loads``, ``reader_errors`` (exceptions; should be 0) and
``login_during_import_max_ms``.
"""

import random
import threading
import time
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.demo.scale import AS_OF
from directives.importers.task_rows import read_tasks
from directives.models import User
from directives.queries.overview import overview
from directives.queries.sheets import unit_names
from directives.queries.state import Filters
from directives.reports.workbooks import tasks_template
from directives.services import logins, sessions
from directives.services.accounts import DEMO_PASSWORD
from directives.services.workbook_task_plan import plan_tasks
from directives.services.workbook_tasks import write_tasks

ROWS = 50_000
TASKS_PER_CONCLUSION = 100
LOGIN_EVERY = 10


def workbook(url: str, rows: int = ROWS) -> bytes:
    """``rows`` new tasks over ``rows / 100`` new conclusions of 2025, each led by one unit of the
    database and supported by another, as an office moving its tracker in would bring them."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            names = unit_names(session, date(2025, 6, 30))
    finally:
        engine.dispose()
    pick = random.Random(50_000)
    found: list[dict[str, Any]] = []
    for index in range(rows):
        number, seq = divmod(index, TASKS_PER_CONCLUSION)
        held = date(2025, 1, 6) + timedelta(days=number % 170)
        lead, support = pick.sample(names, 2)
        found.append(
            {
                "meeting_title": f"Hội nghị giao ban số {number + 1} năm 2025",
                "held_on": held,
                "conclusion_number": f"{number + 1}-TB/NK",
                "issued_on": held + timedelta(days=2),
                "issuer": "Văn phòng (nhập khẩu tracker)",
                "conclusion_title": f"Kết luận hội nghị giao ban số {number + 1}",
                "task_seq": seq + 1,
                "task_content": f"Nhiệm vụ {seq + 1} của kết luận số {number + 1}",
                "leads": lead,
                "supports": support,
                "deadline": held + timedelta(days=30 + seq),
                "field": "Tổng hợp",
            }
        )
    return tasks_template(found, names)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def import_under_reads(url: str, data: bytes) -> dict[str, Any]:
    """Import ``data`` as the CLI does while one leader loads pages; the figures above."""
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        leader = session.exec(select(User).where(User.username == "lanhdao")).one()
        token = sessions.start(leader, session=session, address="127.0.0.1")
    done = threading.Event()
    loads: list[float] = []
    login_ms: list[float] = []
    errors: list[str] = []

    def leader_loads_pages() -> None:
        count = 0
        while not done.is_set():
            count += 1
            started = time.perf_counter()
            try:
                if count % LOGIN_EVERY == 0:
                    with session_scope(engine, write=True) as session:
                        result = logins.login(
                            "lanhdao", DEMO_PASSWORD, session=session, address="127.0.0.1"
                        )
                        assert result.ok, "the leader logs in"
                    login_ms.append((time.perf_counter() - started) * 1000)
                else:
                    with session_scope(engine) as session:
                        assert sessions.resume(token, session=session, touch=False) is not None
                        assert overview(session, Filters(as_of=AS_OF)).counts.total > 0
                    loads.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # counted: no error may reach a user
                errors.append(f"{type(error).__name__}: {str(error)[:200]}")
            time.sleep(0.05)

    reader = threading.Thread(target=leader_loads_pages)
    reader.start()
    try:
        started = time.perf_counter()
        with session_scope(engine) as session:
            admin = session.exec(select(User).where(User.username == "quantri")).one()
            plan = plan_tasks(read_tasks(data, "nhiem-vu-50k.xlsx"), session=session, actor=admin)
        write_started = time.perf_counter()
        with session_scope(engine, write=True) as session:
            admin = session.exec(select(User).where(User.username == "quantri")).one()
            summary = write_tasks(plan, session=session, actor=admin)
        finished = time.perf_counter()
    finally:
        done.set()
        reader.join()
    with engine.connect() as connection:
        tasks = connection.execute(sa.text("SELECT count(*) FROM task")).scalar_one()
    engine.dispose()
    assert summary.created == ROWS or summary.created == len(plan.tasks), summary
    return {
        "import_50k_s": round(finished - started, 2),
        "import_write_s": round(finished - write_started, 2),
        "import_rows": summary.created,
        "tasks_after": int(tasks),
        "reader_loads": len(loads),
        "reader_during_import_p50_ms": round(_percentile(loads, 0.50), 1),
        "reader_during_import_p95_ms": round(_percentile(loads, 0.95), 1),
        "login_during_import_max_ms": round(max(login_ms), 1) if login_ms else None,
        "reader_errors": len(errors),
        "reader_error_samples": errors[:3],
    }
