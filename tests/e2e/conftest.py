"""A real ``streamlit run`` on a free localhost port, driven by Debian's Chromium via Playwright.

Nothing is downloaded: the browser is ``/usr/bin/chromium`` (installed by ``.ci/run``). Tests skip
with a clear reason where it is missing.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.databases import Databases

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
ROOT = Path(__file__).resolve().parents[2]
# How long a wait on the page may last: generous, since CI runs the browser beside another
# test worker and a database server on two cores. Waits end on Streamlit's signals, not sleeps.
WAIT_MS = 60_000
# The browser tests that run in the SQLite pass only. What the browser adds to a page (the
# websocket, the cookie, the drawing) is the same on either engine; what the page reads and
# writes runs on both through AppTest (tests/dashboard). The secretary's browser test, which
# writes through a served dashboard, runs on PostgreSQL too.
BROWSER_SIDE_ONLY = (
    "the browser side of pages that tests/dashboard runs on both engines; "
    "tests/e2e/test_secretary.py is the browser on PostgreSQL"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {base} within {timeout_s} s")


@pytest.fixture(scope="session")
def app_database(databases: Databases, demo_template: str) -> str:
    """The URL of the copy of the demo database that the served dashboard uses."""
    return databases.fresh(demo_template)


@contextmanager
def serve(database_url: str, folder: Path) -> Iterator[str]:
    """``streamlit run`` of the dashboard on ``database_url``, on a free port, started as
    ``directives serve`` starts it (``directives.ui.launch``); its base URL. Its log and
    evidence files go to ``folder``."""
    log = (folder / "streamlit.log").open("wb")
    port = _free_port()
    env = {
        **os.environ,
        "DIRECTIVES_DATABASE_URL": database_url,
        "DIRECTIVES_EVIDENCE_DIR": str(folder / "evidence"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "directives.ui.launch",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def app_url(app_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served from a copy of the demo database."""
    with serve(app_database, tmp_path_factory.mktemp("e2e")) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")  # type: ignore[attr-defined]
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


# --- driving a page -----------------------------------------------------------------------

SCREENSHOTS = os.environ.get("DIRECTIVES_SCREENSHOTS")


def wait_for_run(page) -> None:
    """Streamlit marks the app element when a script run has finished."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=WAIT_MS
    )
    page.wait_for_timeout(300)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=WAIT_MS
    )


def open_page(page, path: str) -> None:
    """Go to the page at ``/path`` (the overview, the default page, is ``""``) through its sidebar
    link, as a user does: the app stays loaded and only the page's script runs (a ``goto``
    reloads the whole app and its session)."""
    link = page.locator(f"a[data-testid='stSidebarNavLink'][href$='/{path}']")
    if link.count():
        link.first.click()
    else:  # a page the sidebar does not list: by its address
        page.goto(f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/{path}")
    wait_for_run(page)
    assert page.url.split("?")[0].endswith(f"/{path}"), f"on {page.url}, not on /{path}"


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def log_in(page, base: str, username: str, password: str = "giaothuy2021") -> None:
    page.goto(base)
    wait_for_run(page)
    shot(page, "00-dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_run(page)
    if password == "giaothuy2021":  # the session cookie is written by the page after the login
        page.wait_for_function("document.cookie.includes('directives_session=')")


def sideways(page) -> dict[str, int]:
    """How far the document and Streamlit's scrolling main area reach past the viewport."""
    return dict(
        page.evaluate(
            """() => {
              const main = document.querySelector("[data-testid='stMain']");
              return {
                document: document.documentElement.scrollWidth - window.innerWidth,
                main: main ? main.scrollWidth - main.clientWidth : 0,
              };
            }"""
        )
    )
