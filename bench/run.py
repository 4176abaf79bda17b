"""Benchmark the overview on a province-sized database: figures in SQL, cached, against a naive
pandas version, and the page as Chromium draws it, against a bare Streamlit page; and the Excel
import of 10,000 status updates.

Run: ``make bench`` (or ``.venv/bin/python bench/run.py``). The scale-1.0 database is built once
at data/bench-province.db and reused while it is at the current schema. Needs Debian's
/usr/bin/chromium (``DIRECTIVES_CHROMIUM`` to use another); never downloads a browser.

The import is timed on a copy of that database (so the figures above stay the same from run
to run): a 10,000-row "Cập nhật" workbook of open assignments, each row changed (status, progress,
note), is read, validated and written as the administrator, commit included (``import_10k_s``,
target ≤ 5 s); then the same file again, where every row is unchanged
(``import_10k_unchanged_s``). Sizes: the database holds 1,000 units, 22,042 tasks, 200,000
assignments and 994,643 status updates; the workbook is about 10,000 × 13 cells (≈ 0.6 MB).

The last line printed is one JSON object with the figures.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/notify.py beside this file
import notify

from directives.db import alembic_config, make_engine, session_scope, upgrade
from directives.demo.scale import generate
from directives.models import User
from directives.queries import overview as parts
from directives.queries.cache import FIGURES, cached
from directives.queries.overview import DERIVED_COLUMNS, Overview, overview
from directives.queries.sheets import update_rows
from directives.queries.state import Filters
from directives.reports.workbooks import updates_template
from directives.services.accounts import DEMO_PASSWORD
from directives.services.meta import default_as_of
from directives.services.workbook_updates import import_updates
from directives.status import Counts, Derived, derive

ROOT = Path(__file__).resolve().parents[1]
DATABASE = ROOT / "data" / "bench-province.db"
URL = f"sqlite:///{DATABASE}"
CHROMIUM = Path(os.environ.get("DIRECTIVES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WARM_RUNS = 15
COLD_RUNS = 3
NAIVE_RUNS = 3
PAGE_RUNS = 5
PAGE_TIMEOUT_MS = 300_000
IMPORT_ROWS = 10_000
TARGETS = {
    "overview_ms": ("<=", 100.0),
    "speedup": (">=", 4.0),
    "page_ratio": ("<=", 1.3),
    "page_switch_s": ("<=", 0.5),
    "import_10k_s": ("<=", 5.0),
    "remind_s": ("<=", 2.0),
}


def log(message: str) -> None:
    print(message, flush=True)


def median_ms(runs: list[float]) -> float:
    return round(statistics.median(runs) * 1000, 1)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


# --- the database --------------------------------------------------------------------------------


def at_head(engine: Engine) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config(URL)).get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
        if current != heads:
            return False
        assignments = conn.execute(sa.text("SELECT count(*) FROM assignment")).scalar_one()
        return bool(assignments)


def database() -> tuple[Engine, float | None]:
    """The bench database, built if it is missing or not at the current schema."""
    if DATABASE.exists():
        engine = make_engine(URL)
        if at_head(engine):
            log(f"Reusing {DATABASE.relative_to(ROOT)}")
            return engine, None
        engine.dispose()
        log(f"{DATABASE.relative_to(ROOT)} is not at the current schema: rebuilding it")
        for path in DATABASE.parent.glob(DATABASE.name + "*"):
            path.unlink()
    log(f"Building {DATABASE.relative_to(ROOT)} at scale 1.0 …")
    started = time.perf_counter()
    upgrade(URL)
    engine = make_engine(URL)
    summary = generate(engine, scale=1.0, seed=2021)
    seconds = time.perf_counter() - started
    log(f"  {summary}")
    log(f"  built (migrations included) in {seconds:.1f} s")
    return engine, seconds


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608  (our table names)
            for name, table in (
                ("assignments", "assignment"),
                ("status_updates", "status_update"),
                ("units", "unit"),
                ("tasks", "task"),
            )
        }


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


def bench_figures(engine: Engine, filters: Filters) -> dict[str, Any]:
    log(f"\nOverview figures as of {filters.as_of.isoformat()}")
    FIGURES.clear()

    def through_cache() -> Overview:
        return cached(engine, "overview", filters, lambda session: overview(session, filters))

    first_s, _ = timed(through_cache)
    log(f"  first call through the cache (a miss): {first_s * 1000:,.0f} ms")
    warm = [timed(through_cache)[0] for _ in range(WARM_RUNS)]
    log(f"  warm, cached ({WARM_RUNS} runs): median {median_ms(warm):,.2f} ms")

    cold: list[float] = []
    figures: Overview | None = None
    for _ in range(COLD_RUNS):
        with session_scope(engine) as session:
            seconds, figures = timed(lambda session=session: overview(session, filters))
        cold.append(seconds)
        log(f"  cold, SQL without the cache: {seconds * 1000:,.0f} ms")
    assert figures is not None
    with session_scope(engine) as session:
        log("  its parts (one more run):")
        for name, part in (
            ("status_counts", lambda: parts.status_counts(session, filters)),
            ("task_count", lambda: parts.task_count(session, filters)),
            ("counts_by_unit", lambda: parts.counts_by_unit(session, filters)),
            ("trend", lambda: parts.trend(session, filters)),
            ("top_overdue", lambda: parts.top_overdue(session, filters)),
            ("assignments (the page's table)", lambda: parts.assignments(session, filters)),
        ):
            log(f"    {name:32} {timed(part)[0] * 1000:8,.0f} ms")

    naive_runs: list[float] = []
    for _ in range(NAIVE_RUNS):
        seconds, plain = timed(lambda: naive(engine, filters))
        naive_runs.append(seconds)
        log(f"  naive pandas: {seconds * 1000:,.0f} ms")
        check_same(figures, plain)
    log("  naive figures equal the SQL figures (counts, tasks, units, trend, top overdue)")

    overview_ms, cold_ms, naive_ms = median_ms(warm), median_ms(cold), median_ms(naive_runs)
    return {
        "overview_ms": overview_ms,
        "overview_first_ms": round(first_s * 1000, 1),
        "overview_cold_ms": cold_ms,
        "naive_ms": naive_ms,
        "speedup": round(naive_ms / overview_ms, 1),
        "speedup_cold": round(naive_ms / cold_ms, 2),
    }


# --- the Excel import ----------------------------------------------------------------------------


def bench_import(engine: Engine) -> dict[str, Any]:
    """Time a 10,000-row status-update import on a copy of the bench database."""
    log(f"\nExcel import of {IMPORT_ROWS:,} status updates (on a copy of the database)")
    with session_scope(engine) as session:
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with tempfile.TemporaryDirectory(prefix="directives-bench-import-") as folder:
        copy = Path(folder) / DATABASE.name
        shutil.copy(DATABASE, copy)
        target = make_engine(f"sqlite:///{copy}")
        try:
            with session_scope(target) as session:
                admin = session.execute(
                    sa.select(User).where(User.role == "admin").limit(1)  # type: ignore[arg-type]
                ).scalar_one()
                ids = session.execute(
                    sa.text(
                        "SELECT id FROM assignment WHERE status IN "
                        "('not_started', 'in_progress', 'paused') ORDER BY id LIMIT :n"
                    ),
                    {"n": IMPORT_ROWS},
                ).scalars()
                rows = update_rows(session, assignment_ids=list(ids))
            rows["status"] = "in_progress"
            rows["progress"] = [(p + 7) % 100 for p in rows["progress"]]
            rows["note"] = "Báo cáo tháng, nhập từ Excel"
            started = time.perf_counter()
            data = updates_template(rows)
            write_s = time.perf_counter() - started
            log(
                f"  workbook of {len(rows):,} rows written in {write_s:.2f} s ({len(data):,} bytes)"
            )
            runs = []
            for label in ("every row changed", "the same file again, every row unchanged"):
                started = time.perf_counter()
                with session_scope(target, write=True) as session:
                    summary = import_updates(
                        data, file_name="cap-nhat.xlsx", session=session, actor=admin
                    )
                runs.append(time.perf_counter() - started)
                log(f"  {label}: {runs[-1]:.2f} s  ({summary})")
        finally:
            target.dispose()
    return {
        "import_10k_s": round(runs[0], 2),
        "import_10k_unchanged_s": round(runs[1], 2),
        "import_rows": len(rows),
        "workbook_10k_write_s": round(write_s, 2),
    }


# --- the page in Chromium ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit(script: Path, logs: Path, url: str = URL) -> Iterator[str]:
    """``streamlit run script`` on a free port, serving the bench database (or ``url``); yields
    its URL."""
    port = free_port()
    env = {
        **os.environ,
        "DIRECTIVES_DATABASE_URL": url,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    with (logs / f"{script.stem}.log").open("wb") as output:
        process = subprocess.Popen(  # noqa: S603  (our own interpreter and script)
            [
                sys.executable, "-m", "streamlit", "run", str(script),
                "--server.address", "127.0.0.1", "--server.port", str(port),
                "--server.headless", "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, process)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_healthy(base: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:  # noqa: S310  (our localhost server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {base} within {timeout_s} s")


APP = "[data-testid='stApp']"
NOT_RUNNING = f"{APP}[data-test-script-state='notRunning']"

# Records whether the script state went through "running" since it was installed.
WATCH_RUNS = """() => {
  if (window.__benchObserver) window.__benchObserver.disconnect();
  const app = document.querySelector("[data-testid='stApp']");
  window.__benchSawRunning = false;
  window.__benchObserver = new MutationObserver((records) => {
    for (const record of records) {
      if (record.oldValue === 'running') window.__benchSawRunning = true;
    }
    if (app.getAttribute('data-test-script-state') === 'running') window.__benchSawRunning = true;
  });
  window.__benchObserver.observe(app, {
    attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state'],
  });
}"""

# A finished run whose plotly charts are all drawn.
DRAWN = """([heading, minCharts, needRun]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (needRun && !window.__benchSawRunning) return false;
  const charts = document.querySelectorAll("[data-testid='stPlotlyChart']");
  if (charts.length < minCharts) return false;
  for (const chart of charts) if (!chart.querySelector('.main-svg')) return false;
  if (!heading) return true;
  return [...document.querySelectorAll('h1')].some((h) => h.textContent.includes(heading));
}"""

OVERVIEW_HEADING = "Tổng quan thực hiện kết luận"
AWAY_PAGE = "Theo xã, thị trấn"
"""Where the overview runs go to and come back from. Not "Hội nghị và kết luận": that page
computes one rate per conclusion, each a full pass over the history, and at 2,500 conclusions
does not finish in any useful time."""


def wait_drawn(page: Any, heading: str, min_charts: int, need_run: bool) -> None:
    page.wait_for_function(
        DRAWN, arg=[heading, min_charts, need_run], polling=50, timeout=PAGE_TIMEOUT_MS
    )


def wait_for_run(page: Any) -> None:
    """As the e2e tests do: a finished run that stays finished."""
    page.wait_for_selector(NOT_RUNNING, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector(NOT_RUNNING, timeout=PAGE_TIMEOUT_MS)


def bare_page_runs(page: Any, base: str) -> list[float]:
    runs = []
    for index in range(PAGE_RUNS + 1):
        started = time.perf_counter()
        page.goto(base)
        wait_drawn(page, "", 1, need_run=False)
        seconds = time.perf_counter() - started
        log(f"  bare page {'warm-up' if index == 0 else f'run {index}'}: {seconds:.2f} s")
        if index:
            runs.append(seconds)
    return runs


def overview_runs(page: Any, base: str) -> tuple[list[float], float]:
    """Log in as the leader, then time the overview's full render after coming back to it."""
    started = time.perf_counter()
    page.goto(base)
    wait_for_run(page)
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_drawn(page, OVERVIEW_HEADING, 2, need_run=False)
    first = time.perf_counter() - started
    charts = page.locator("[data-testid='stPlotlyChart']").count()
    log(f"  log in and first (cold) overview: {first:.2f} s, {charts} charts")
    runs = []
    for index in range(PAGE_RUNS + 1):
        page.get_by_role("link", name=AWAY_PAGE, exact=True).click()
        wait_for_run(page)
        page.wait_for_function(
            "() => ![...document.querySelectorAll('h1')].some("
            f"(h) => h.textContent.includes('{OVERVIEW_HEADING}'))",
            timeout=PAGE_TIMEOUT_MS,
        )
        page.evaluate(WATCH_RUNS)
        started = time.perf_counter()
        page.get_by_role("link", name="Tổng quan", exact=True).click()
        wait_drawn(page, OVERVIEW_HEADING, charts, need_run=True)
        seconds = time.perf_counter() - started
        log(f"  overview {'warm-up' if index == 0 else f'run {index}'}: {seconds:.2f} s")
        if index:
            runs.append(seconds)
    errors = page.locator("[data-testid='stException']").count()
    assert errors == 0, "the overview shows an exception; see the streamlit log"
    return runs, first


def bench_page() -> dict[str, Any]:
    log("\nPage render in Chromium")
    if not CHROMIUM.exists():
        log(f"  {CHROMIUM} is missing: page figures skipped")
        return {"page_s": None, "bare_page_s": None, "page_ratio": None}
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="directives-bench-") as folder:
        logs = Path(folder)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
            )
            try:
                with streamlit(ROOT / "bench" / "bare_page.py", logs) as base:
                    context = browser.new_context(viewport={"width": 1440, "height": 1000})
                    bare = bare_page_runs(context.new_page(), base)
                    context.close()
                with streamlit(ROOT / "dashboard" / "app.py", logs) as base:
                    context = browser.new_context(
                        viewport={"width": 1440, "height": 1000}, locale="vi-VN"
                    )
                    try:
                        page_runs, first = overview_runs(context.new_page(), base)
                    except Exception:
                        log((logs / "app.log").read_text(errors="replace")[-3000:])
                        raise
                    context.close()
            finally:
                browser.close()
    page_s, bare_s = statistics.median(page_runs), statistics.median(bare)
    return {
        "page_s": round(page_s, 3),
        "page_first_s": round(first, 2),
        "page_runs_s": [round(v, 2) for v in page_runs],
        "bare_page_s": round(bare_s, 3),
        "page_ratio": round(page_s / bare_s, 2),
    }


# --- switching pages on the demo, as a new user would --------------------------------------

DEMO_DATABASE = ROOT / "data" / "bench-demo.db"
SWITCH_ROUNDS = 3
SWITCH_PAGES = (
    # (sidebar link, h1 heading drawn when the page is done)
    ("Theo xã, thị trấn", "Theo xã, thị trấn"),
    ("Theo cơ quan, tổ chức", "Theo cơ quan, tổ chức"),
    ("Nhiệm vụ", "Nhiệm vụ"),
    ("Bản in và báo cáo", ""),  # its title is the printed page's h2: a finished run is enough
    ("Tổng quan", OVERVIEW_HEADING),
)
"""The leader's pages in the order a new user tries them. Each switch is timed from the click in
the sidebar to the next page drawn (its run finished, its heading and every chart on screen)."""


def demo_url() -> str:
    """The Giao Thủy demo at data/bench-demo.db, built once (and again when the schema moved)."""
    url = f"sqlite:///{DEMO_DATABASE}"
    if DEMO_DATABASE.exists():
        engine = make_engine(url)
        try:
            if at_head(engine):
                return url
        finally:
            engine.dispose()
        DEMO_DATABASE.unlink()
    from directives.demo.build import load_demo

    DEMO_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine, write=True) as session:
            load_demo(session=session)
    finally:
        engine.dispose()
    return url


def switch_runs(page: Any, base: str) -> list[float]:
    """Log in as the leader on the demo, then go round the leader's pages; the first round's
    switches count too (a new user's pages are not cached yet for this session's filters)."""
    page.goto(base)
    wait_for_run(page)
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("giaothuy2021")
    page.get_by_role("button", name="Đăng nhập").click()
    wait_drawn(page, OVERVIEW_HEADING, 1, need_run=False)
    runs = []
    for round_ in range(SWITCH_ROUNDS):
        for link, heading in SWITCH_PAGES:
            page.evaluate(WATCH_RUNS)
            started = time.perf_counter()
            page.get_by_role("link", name=link, exact=True).click()
            wait_drawn(page, heading, 0, need_run=True)
            seconds = time.perf_counter() - started
            runs.append(seconds)
            log(f"  round {round_ + 1}, {link}: {seconds:.2f} s")
    errors = page.locator("[data-testid='stException']").count()
    assert errors == 0, "a page shows an exception; see the streamlit log"
    return runs


def bench_page_switch() -> dict[str, Any]:
    """``page_switch_s``: the median switch on the demo (target ≤ 0.5 s), and the slowest."""
    log("\nSwitching pages on the demo in Chromium")
    if not CHROMIUM.exists():
        log(f"  {CHROMIUM} is missing: page switch skipped")
        return {"page_switch_s": None}
    from playwright.sync_api import sync_playwright

    url = demo_url()
    with tempfile.TemporaryDirectory(prefix="directives-bench-") as folder:
        logs = Path(folder)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
            )
            try:
                with streamlit(ROOT / "dashboard" / "app.py", logs, url) as base:
                    context = browser.new_context(
                        viewport={"width": 1440, "height": 1000}, locale="vi-VN"
                    )
                    try:
                        runs = switch_runs(context.new_page(), base)
                    except Exception:
                        log((logs / "app.log").read_text(errors="replace")[-3000:])
                        raise
                    context.close()
            finally:
                browser.close()
    return {
        "page_switch_s": round(statistics.median(runs), 3),
        "page_switch_max_s": round(max(runs), 2),
    }


# --- the report ----------------------------------------------------------------------------------


def met(name: str, value: float | None) -> str:
    operator, target = TARGETS[name]
    if value is None:
        return "not measured"
    ok = value <= target if operator == "<=" else value >= target
    return f"{'met' if ok else 'NOT met'} (target {operator} {target:g})"


def tasks_only() -> None:
    """``bench/run.py --only tasks``: the Nhiệm vụ page and the tasks workbook import alone
    (``bench/tasks_bench.py``), one JSON line."""
    import tasks_bench  # bench/ is the script's folder

    engine, _ = database()
    with session_scope(engine) as session:
        as_of: date = default_as_of(session=session)
    result = {**tasks_bench.measure(engine, DATABASE, as_of), "as_of": as_of.isoformat()}
    engine.dispose()
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    if sys.argv[1:] == ["--only", "tasks"]:
        tasks_only()
        return
    engine, build_s = database()
    counts = table_counts(engine)
    with session_scope(engine) as session:
        as_of: date = default_as_of(session=session)
    figures = bench_figures(engine, Filters(as_of=as_of))
    imported = bench_import(engine)
    notifications = notify.measure(engine)  # remind_s, delivery_per_s (bench/notify.py)
    import tasks_bench  # bench/ is the script's folder: the Nhiệm vụ page and the tasks import

    tasks = tasks_bench.measure(engine, DATABASE, as_of)
    engine.dispose()
    page = bench_page()
    switch = bench_page_switch()

    result: dict[str, Any] = {
        **figures,
        **imported,
        **notifications,
        **tasks,
        **page,
        **switch,
        **counts,
        "build_s": None if build_s is None else round(build_s, 1),
        "as_of": as_of.isoformat(),
        "date": datetime.now(UTC).date().isoformat(),
    }
    rows = [
        ("units / tasks", f"{counts['units']:,} / {counts['tasks']:,}", ""),
        ("assignments", f"{counts['assignments']:,}", ""),
        ("status updates", f"{counts['status_updates']:,}", ""),
        (
            "overview, cached (warm)",
            f"{figures['overview_ms']:,.2f} ms",
            met("overview_ms", figures["overview_ms"]),
        ),
        ("overview, SQL (cold)", f"{figures['overview_cold_ms']:,.0f} ms", ""),
        ("naive pandas", f"{figures['naive_ms']:,.0f} ms", ""),
        (
            "speedup (naive / cached)",
            f"{figures['speedup']:,.1f}×",
            met("speedup", figures["speedup"]),
        ),
        ("speedup_cold (naive / SQL)", f"{figures['speedup_cold']:,.2f}×", ""),
        (
            f"Excel import, {imported['import_rows']:,} rows",
            f"{imported['import_10k_s']:.2f} s",
            met("import_10k_s", imported["import_10k_s"]),
        ),
        ("  the same file again", f"{imported['import_10k_unchanged_s']:.2f} s", ""),
        (
            "reminder run (all units)",
            f"{notifications['remind_s']:.2f} s",
            met("remind_s", notifications["remind_s"]),
        ),
        ("delivery to local SMTP", f"{notifications['delivery_per_s']:,.1f} msg/s", ""),
    ]
    if page["page_s"] is not None:
        rows += [
            ("overview page (warm)", f"{page['page_s']:.2f} s", ""),
            ("bare Streamlit page", f"{page['bare_page_s']:.2f} s", ""),
            ("page ratio", f"{page['page_ratio']:.2f}", met("page_ratio", page["page_ratio"])),
        ]
    if switch["page_switch_s"] is not None:
        rows.append(
            (
                "page switch (demo)",
                f"{switch['page_switch_s']:.2f} s",
                met("page_switch_s", switch["page_switch_s"]),
            )
        )
    log("\n" + "-" * 78)
    for name, value, verdict in rows:
        log(f"{name:30} {value:>18}   {verdict}")
    log("-" * 78)
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["page_switch"]:  # this measure alone: bench/run.py page_switch
        print(json.dumps(bench_page_switch(), ensure_ascii=False), flush=True)
    else:
        main()
