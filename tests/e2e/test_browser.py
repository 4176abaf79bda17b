"""The whole app in a real browser: log in as a leader, see the overview's charts, open the
conclusion. Set DIRECTIVES_SCREENSHOTS=folder to keep a PNG of every page."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SCREENSHOTS = os.environ.get("DIRECTIVES_SCREENSHOTS")


def wait_for_run(page) -> None:
    """Streamlit marks the app element when a script run has finished."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000
    )
    page.wait_for_timeout(300)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000
    )


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


def test_leader_sees_overview_charts_and_conclusion(page, app_url: str) -> None:
    log_in(page, app_url, "lanhdao")
    page.get_by_role("heading", name="Tổng quan thực hiện kết luận").wait_for()
    charts = page.locator("[data-testid='stPlotlyChart'] .main-svg")
    charts.first.wait_for()
    assert charts.count() >= 2, "the commune and organization charts are drawn"
    bars = page.locator("[data-testid='stPlotlyChart'] g.trace.bars path")
    assert bars.count() > 20, "the stacked bars have real data"
    assert page.get_by_text("Tỷ lệ hoàn thành").first.is_visible()
    assert page.get_by_text("Xã Giao An").first.count() >= 0
    shot(page, "01-tong-quan")

    page.get_by_role("link", name="Hội nghị và kết luận").click()
    wait_for_run(page)
    page.get_by_text("215-TB/HU").first.wait_for()
    assert page.get_by_text("Tiến độ của từng đơn vị").is_visible()
    shot(page, "02-ket-luan")
    assert not page.errors, page.errors
    assert page.locator("[data-testid='stException']").count() == 0


def test_wrong_password_is_refused(page, app_url: str) -> None:
    log_in(page, app_url, "lanhdao", "sai-mat-khau")
    page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.").wait_for()
