"""The overview's figures on the province-sized database (part of ``bench/run.py``): through the
cache (warm), cold right after a save (the fast path: ``queries.fast``), the plain SQL that the
fast path replaced, and a naive pandas version, whose figures must be the same.

"Cold" is what a leader meets during a busy reporting week: every save moves the data version,
so the cache cannot answer. Each cold run saves a real status update through
``services.updates.record_update`` in a write transaction (on the as-of day, the leaders'
"today"), computes the whole overview in that
transaction (the store is one write behind: the fast path reads the changed row again), and
rolls back, so the database stays as built. ``store_load_ms`` is the store's first load (once
per process; the dashboard does it while the user logs in); ``overview_prev_month_ms`` the cold
overview of the end of last month (the comparison the cards show), which reads the assignments
changed since from the history.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.db import session_scope
from directives.models import Assignment, Status, User
from directives.queries import fast
from directives.queries import overview as parts
from directives.queries.cache import FIGURES, cached
from directives.queries.overview import DERIVED_COLUMNS, PLAIN, Overview, overview, previous_as_of
from directives.queries.state import Filters, end_of_day
from directives.services import updates
from directives.services.updates import UpdateRequest
from directives.status import Counts, Derived, derive

WARM_RUNS = 15
COLD_RUNS = 5
NAIVE_RUNS = 3


def log(message: str) -> None:
    print(message, flush=True)


def median_ms(runs: list[float]) -> float:
    return round(statistics.median(runs) * 1000, 1)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


# --- the naive version: every row into pandas ----------------------------------------------------


@dataclass
class NaiveFigures:
    counts: Counts
    tasks: int
    by_unit: pd.DataFrame
    trend: pd.DataFrame
    top_overdue_ids: list[int]


def read(conn: sa.Connection, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sa.text(sql), conn)


def to_days(series: pd.Series) -> pd.Series:
    """ISO date strings (or None) to ``date`` objects (or None)."""
    parsed = pd.to_datetime(series, format="ISO8601")
    return pd.Series(
        [None if pd.isna(v) else v.date() for v in parsed], index=series.index, dtype=object
    )


def naive(engine: Engine, filters: Filters) -> NaiveFigures:
    """The overview's figures the obvious way: read the tables whole, pick each assignment's last
    update before the cutoff in pandas, derive each status in Python, group in pandas."""
    as_of = filters.as_of
    with engine.connect() as conn:
        updates = read(conn, "SELECT * FROM status_update")
        assignments = read(
            conn, "SELECT id, task_id, unit_id, role, extended_deadline FROM assignment"
        )
        tasks = read(conn, "SELECT id, conclusion_id, seq, assigned_on, deadline FROM task")
        units = read(conn, "SELECT id, name, kind, bloc FROM unit")
    updates["at"] = pd.to_datetime(updates["at"], format="ISO8601", utc=True)
    cutoff = pd.Timestamp(filters.cutoff)
    before = updates[updates["at"] < cutoff].sort_values(["assignment_id", "at", "id"])
    last = before.drop_duplicates("assignment_id", keep="last")[
        ["assignment_id", "to_status", "completed_on", "at"]
    ]
    tasks["assigned_on"] = to_days(tasks["assigned_on"])
    tasks["deadline"] = to_days(tasks["deadline"])
    state = assignments.merge(
        tasks.rename(columns={"id": "task_id"}), on="task_id", how="inner"
    ).rename(columns={"id": "assignment_id"})
    state = state[state["assigned_on"] <= as_of].copy()
    # An approved extension moves the assignment's deadline.
    extended = to_days(state["extended_deadline"])
    state["deadline"] = extended.where(extended.notna(), state["deadline"])
    state = state.merge(last, on="assignment_id", how="left")
    state["status"] = state["to_status"].fillna("not_started")
    state["completed_on"] = to_days(state["completed_on"])
    state["derived"] = [
        derive(status, deadline, completed, as_of).value
        for status, deadline, completed in zip(
            state["status"], state["deadline"], state["completed_on"], strict=True
        )
    ]

    counts = Counts.from_mapping(state["derived"].value_counts().to_dict())
    by_unit = (
        pd.crosstab(state["unit_id"], state["derived"])
        .reindex(columns=DERIVED_COLUMNS, fill_value=0)
        .reset_index()
        .sort_values("unit_id", ignore_index=True)
    )

    with_deadline = state[state["deadline"].notna()]
    done = with_deadline[
        (with_deadline["status"] == "done") & with_deadline["completed_on"].notna()
    ]
    first = min([*with_deadline["deadline"], *done["completed_on"]])
    freq = "W-SUN" if (as_of - first).days <= 190 else "ME"
    buckets = list(pd.date_range(first, as_of, freq=freq).date)
    if not buckets or buckets[-1] != as_of:
        buckets.append(as_of)
    due_days = np.sort(np.array(with_deadline["deadline"].tolist(), dtype="datetime64[D]"))
    done_days = np.sort(np.array(done["completed_on"].tolist(), dtype="datetime64[D]"))
    on_time = done[done["derived"] == Derived.DONE_ON_TIME.value]
    on_time_days = np.sort(np.array(on_time["completed_on"].tolist(), dtype="datetime64[D]"))
    ends = np.array(buckets, dtype="datetime64[D]")
    trend = pd.DataFrame(
        {
            "bucket_end": buckets,
            "due": np.searchsorted(due_days, ends, side="right"),
            "done": np.searchsorted(done_days, ends, side="right"),
            "done_on_time": np.searchsorted(on_time_days, ends, side="right"),
        }
    )

    overdue = state[state["derived"] == Derived.OVERDUE.value].merge(
        units.rename(columns={"id": "unit_id", "name": "unit_name"}), on="unit_id"
    )
    top = overdue.sort_values(["deadline", "unit_name", "assignment_id"]).head(10)
    return NaiveFigures(
        counts=counts,
        tasks=int(state["task_id"].nunique()),
        by_unit=by_unit,
        trend=trend,
        top_overdue_ids=[int(v) for v in top["assignment_id"]],
    )


def check_same(sql: Overview, plain: NaiveFigures) -> None:
    """The naive figures must be the SQL figures, or the comparison means nothing."""
    assert sql.counts == plain.counts, (sql.counts, plain.counts)
    assert sql.tasks == plain.tasks, (sql.tasks, plain.tasks)
    by_unit = sql.by_unit.sort_values("unit_id", ignore_index=True)
    assert by_unit["unit_id"].tolist() == plain.by_unit["unit_id"].tolist()
    for column in DERIVED_COLUMNS:
        assert by_unit[column].tolist() == plain.by_unit[column].tolist(), column
    assert sql.trend["bucket_end"].tolist() == plain.trend["bucket_end"].tolist()
    for column in ("due", "done", "done_on_time"):
        assert sql.trend[column].astype(int).tolist() == plain.trend[column].tolist(), column
    assert sql.top_overdue["assignment_id"].tolist() == plain.top_overdue_ids


def after_a_save(engine: Engine, filters: Filters, number: int) -> tuple[float, float, Overview]:
    """Save one status update, then time the overview in the same transaction (wall and CPU
    seconds), and roll back."""
    writer = engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(writer, expire_on_commit=False) as session, session.begin() as transaction:
        a = sa.table("assignment", sa.column("id"), sa.column("status"))
        ids = session.execute(
            sa.select(a.c.id).where(a.c.status == Status.IN_PROGRESS.value).order_by(a.c.id)
        ).scalars()
        assignment_id = list(ids)[number * 97]
        admin = session.execute(
            sa.select(User).where(User.role == "admin").limit(1)  # type: ignore[arg-type]
        ).scalar_one()
        row = session.get(Assignment, assignment_id)
        assert row is not None
        updates.record_update(  # saved on the as-of day: the leaders' "today"
            session=session,
            actor=admin,
            assignment_id=assignment_id,
            request=UpdateRequest(status=Status.IN_PROGRESS, progress=(row.progress + 1) % 100),
            at=end_of_day(filters.as_of, filters.timezone) - timedelta(hours=8),
            today=filters.as_of,
        )
        session.flush()
        cpu = time.process_time()
        seconds, figures = timed(lambda: overview(session, filters))
        cpu = time.process_time() - cpu
        transaction.rollback()
    return seconds, cpu, figures


def bench_figures(engine: Engine, filters: Filters) -> dict[str, Any]:
    log(f"\nOverview figures as of {filters.as_of.isoformat()}")
    FIGURES.clear()
    fast.forget()
    load_s, _ = timed(lambda: fast.warm(engine))
    log(f"  the in-memory store's first load: {load_s * 1000:,.0f} ms")

    def through_cache() -> Overview:
        return cached(
            engine, "overview", filters, lambda session: overview(session, filters), filters.as_of
        )

    first_s, _ = timed(through_cache)
    log(f"  first call through the cache (a miss): {first_s * 1000:,.0f} ms")
    warm = [timed(through_cache)[0] for _ in range(WARM_RUNS)]
    log(f"  warm, cached ({WARM_RUNS} runs): median {median_ms(warm):,.2f} ms")

    cold: list[float] = []
    cold_cpu: list[float] = []
    figures: Overview | None = None
    for number in range(COLD_RUNS):
        seconds, cpu, figures = after_a_save(engine, filters, number)
        cold.append(seconds)
        cold_cpu.append(cpu)
        log(f"  cold, right after a save: {seconds * 1000:,.0f} ms ({cpu * 1000:,.0f} ms CPU)")
    assert figures is not None
    with session_scope(engine) as session:
        log("  its parts (one more run, no save):")
        for name, part in (
            ("status_counts", lambda: parts.status_counts(session, filters)),
            ("task_count", lambda: parts.task_count(session, filters)),
            ("counts_by_unit", lambda: parts.counts_by_unit(session, filters)),
            ("trend", lambda: parts.trend(session, filters)),
            ("top_overdue", lambda: parts.top_overdue(session, filters)),
        ):
            log(f"    {name:32} {timed(part)[0] * 1000:8,.0f} ms")
    previous = replace(filters, as_of=previous_as_of(filters.as_of))
    with session_scope(engine) as session:
        previous_s, _ = timed(lambda: overview(session, previous))
    log(f"  cold, end of last month ({previous.as_of:%d/%m/%Y}): {previous_s * 1000:,.0f} ms")
    with session_scope(engine) as session:
        session.info[PLAIN] = True
        plain_s, plain = timed(lambda: overview(session, filters))
    log(f"  the plain SQL path (what cold was before the store): {plain_s * 1000:,.0f} ms")
    check_same(plain, figures_of(figures))

    naive_runs: list[float] = []
    for _ in range(NAIVE_RUNS):
        seconds, naive_figures = timed(lambda: naive(engine, filters))
        naive_runs.append(seconds)
        log(f"  naive pandas: {seconds * 1000:,.0f} ms")
        check_same(figures, naive_figures)
    log("  naive figures equal the fast and SQL figures (counts, tasks, units, trend, top overdue)")

    overview_ms, cold_ms, naive_ms = median_ms(warm), median_ms(cold), median_ms(naive_runs)
    return {
        "overview_ms": overview_ms,
        "overview_first_ms": round(first_s * 1000, 1),
        "overview_cold_ms": cold_ms,
        "overview_cold_cpu_ms": median_ms(cold_cpu),
        "overview_prev_month_ms": round(previous_s * 1000, 1),
        "overview_plain_sql_ms": round(plain_s * 1000, 1),
        "store_load_ms": round(load_s * 1000, 1),
        "naive_ms": naive_ms,
        "speedup": round(naive_ms / overview_ms, 1),
        "speedup_cold": round(naive_ms / cold_ms, 2),
    }


def figures_of(figures: Overview) -> "NaiveFigures":
    """The fast figures in the naive shape, to compare them with the plain SQL's."""
    by_unit = figures.by_unit.sort_values("unit_id", ignore_index=True)
    return NaiveFigures(
        counts=figures.counts,
        tasks=figures.tasks,
        by_unit=by_unit[["unit_id", *DERIVED_COLUMNS]],
        trend=figures.trend.astype({"due": int, "done": int, "done_on_time": int}),
        top_overdue_ids=[int(v) for v in figures.top_overdue["assignment_id"]],
    )
