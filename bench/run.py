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

import argparse
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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import notify  # bench/, beside this file, as figures and tasks_bench
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from figures import bench_figures, log  # bench/, beside this file
from sqlalchemy.engine import Engine

from directives.db import alembic_config, make_engine, session_scope, upgrade
from directives.demo.scale import generate
from directives.models import User
from directives.queries.sheets import update_rows
from directives.queries.state import Filters
from directives.reports.workbooks import updates_template
from directives.services.accounts import DEMO_PASSWORD
from directives.services.meta import default_as_of
from directives.services.workbook_updates import import_updates

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
PAGE_RUNS = 5
PAGE_TIMEOUT_MS = 300_000
IMPORT_ROWS = 10_000
TARGETS = {
    "overview_ms": ("<=", 100.0),
    "overview_cold_ms": ("<=", 100.0),
    "speedup_cold": (">=", 50.0),
    "page_first_s": ("<=", 2.0),
    "speedup": (">=", 4.0),
    "page_ratio": ("<=", 1.3),
    "page_switch_s": ("<=", 0.5),
    "import_10k_s": ("<=", 5.0),
    "remind_s": ("<=", 2.0),
    "tasks_page_s": ("<=", 1.0),
    "import_tasks_22k_s": ("<=", 10.0),
}


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
                sys.executable, "-m", "directives.ui.launch", "run", str(script),
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


TYPING_DELAY_MS = 120
"""A person types the user name and password at about eight keys a second: the login page's
hidden head start (``ui.preload``) and the store's background load run meanwhile, as they do
for a real leader."""


def log_in_and_first_overview(page: Any, base: str) -> tuple[float, float]:
    """Open the app on a server just started, type the leader's name and password, press
    "Đăng nhập": seconds until the login form is ready (``page_login_s``), and from the press
    until the first overview is drawn with its charts (``page_first_s``)."""
    started = time.perf_counter()
    page.goto(base)
    wait_for_run(page)
    form = time.perf_counter() - started
    page.get_by_label("Tên đăng nhập").press_sequentially("lanhdao", delay=TYPING_DELAY_MS)
    page.get_by_label("Mật khẩu").press_sequentially(DEMO_PASSWORD, delay=TYPING_DELAY_MS)
    pressed = time.perf_counter()
    page.get_by_role("button", name="Đăng nhập").click()
    wait_drawn(page, OVERVIEW_HEADING, 2, need_run=False)
    first = time.perf_counter() - pressed
    charts = page.locator("[data-testid='stPlotlyChart']").count()
    log(f"  login form ready: {form:.2f} s; from the press to the first overview: {first:.2f} s")
    log(f"  ({charts} charts)")
    return form, first


def overview_runs(page: Any, base: str) -> tuple[list[float], float, float]:
    """Log in as the leader, then time the overview's full render after coming back to it."""
    form, first = log_in_and_first_overview(page, base)
    charts = page.locator("[data-testid='stPlotlyChart']").count()
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
    return runs, form, first


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
                        page_runs, form, first = overview_runs(context.new_page(), base)
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
        "page_login_s": round(form, 2),
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


def judged(label: str, found: dict[str, Any], name: str, shape: str) -> tuple[str, str, str]:
    """A row of the report for a measure with a target: its label, ``found[name]`` written in
    ``shape``, and whether it met the target."""
    return label, shape.format(found[name]), met(name, found[name])


def first_overview() -> dict[str, Any]:
    """Only the log-in and first overview of :func:`bench_page` (``--only page_first``)."""
    log("\nFirst overview after login in Chromium")
    if not CHROMIUM.exists():
        log(f"  {CHROMIUM} is missing: skipped")
        return {"page_first_s": None}
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="directives-bench-") as folder:
        logs = Path(folder)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
            )
            try:
                with streamlit(ROOT / "dashboard" / "app.py", logs) as base:
                    context = browser.new_context(
                        viewport={"width": 1440, "height": 1000}, locale="vi-VN"
                    )
                    form, first = log_in_and_first_overview(context.new_page(), base)
                    context.close()
            finally:
                browser.close()
    return {"page_first_s": round(first, 2), "page_login_s": round(form, 2)}


PARTS = ("figures", "import", "notify", "tasks", "page", "page_switch", "page_first")


def options() -> set[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        default=",".join(PARTS[:6]),
        help=f"comma-separated parts to run, of {', '.join(PARTS)} (the CPU is shared: run less)",
    )
    chosen = {part.strip() for part in parser.parse_args().only.split(",") if part.strip()}
    unknown = chosen - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    return chosen


def main() -> None:
    only = options()
    engine, build_s = database()
    counts = table_counts(engine)
    with session_scope(engine) as session:
        as_of: date = default_as_of(session=session)
    figures = bench_figures(engine, Filters(as_of=as_of)) if "figures" in only else {}
    imported = bench_import(engine) if "import" in only else {}
    # remind_s, delivery_per_s (bench/notify.py)
    notifications = notify.measure(engine) if "notify" in only else {}
    tasks: dict[str, Any] = {}
    if "tasks" in only:
        import tasks_bench  # bench/ is the script's folder: the Nhiệm vụ page, the tasks import

        tasks = tasks_bench.measure(engine, DATABASE, as_of)
    engine.dispose()
    page = bench_page() if "page" in only else {}
    if "page_first" in only and "page" not in only:
        page = first_overview()
    switch = bench_page_switch() if "page_switch" in only else {}

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
    ]
    if figures:
        rows += [
            judged("overview, cached (warm)", figures, "overview_ms", "{:,.2f} ms"),
            judged("overview, cold after a save", figures, "overview_cold_ms", "{:,.0f} ms"),
            ("  its CPU time", f"{figures['overview_cold_cpu_ms']:,.0f} ms", ""),
            ("overview, plain SQL", f"{figures['overview_plain_sql_ms']:,.0f} ms", ""),
            ("naive pandas", f"{figures['naive_ms']:,.0f} ms", ""),
            judged("speedup (naive / cached)", figures, "speedup", "{:,.1f}×"),
            judged("speedup_cold (naive / cold)", figures, "speedup_cold", "{:,.1f}×"),
        ]
    if imported:
        rows += [
            judged(
                f"Excel import, {imported['import_rows']:,} rows",
                imported,
                "import_10k_s",
                "{:.2f} s",
            ),
            ("  the same file again", f"{imported['import_10k_unchanged_s']:.2f} s", ""),
        ]
    if notifications:
        rows += [
            judged("reminder run (all units)", notifications, "remind_s", "{:.2f} s"),
            ("delivery to local SMTP", f"{notifications['delivery_per_s']:,.1f} msg/s", ""),
        ]
    if tasks:
        rows += [
            judged("Nhiệm vụ page at 200k (median)", tasks, "tasks_page_s", "{:.2f} s"),
            judged("tasks workbook import, 21,914 rows", tasks, "import_tasks_22k_s", "{:.2f} s"),
        ]
    if switch.get("page_switch_s") is not None:
        rows.append(judged("page switch (demo)", switch, "page_switch_s", "{:.2f} s"))
    if page.get("page_s") is not None:
        rows += [
            ("overview page (warm)", f"{page['page_s']:.2f} s", ""),
            ("bare Streamlit page", f"{page['bare_page_s']:.2f} s", ""),
            judged("page ratio", page, "page_ratio", "{:.2f}"),
        ]
    if page.get("page_first_s") is not None:
        rows.append(("login form, server just started", f"{page['page_login_s']:.2f} s", ""))
        rows.append(judged("first overview after login", page, "page_first_s", "{:.2f} s"))
    log("\n" + "-" * 78)
    for name, value, verdict in rows:
        log(f"{name:30} {value:>18}   {verdict}")
    log("-" * 78)
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
