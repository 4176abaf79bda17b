"""The whole app in a real browser: log in as a leader, see the overview's charts, open the
conclusion. Set DIRECTIVES_SCREENSHOTS=folder to keep a PNG of every page."""

import pytest

from directives.i18n import ui
from directives.ui.pages import in_section
from tests.e2e.conftest import (
    BROWSER_SIDE_ONLY,
    log_in,
    open_page,
    shot,
    sideways,
    wait_for_run,
)

pytestmark = [pytest.mark.e2e, pytest.mark.engine_independent(BROWSER_SIDE_ONLY)]

CHARTS = {"communes": 2, "organizations": 1, "printable": 2}  # plotly charts, at least
HEADINGS = {"printable": "Tổng quan thực hiện kết luận"}  # when not the page's title
PAGES = [
    # (sidebar link, heading, plotly charts expected at least, screenshot name)
    (
        ui(spec.title),
        HEADINGS.get(spec.name, ui(spec.title)),
        CHARTS.get(spec.name, 0),
        f"{number:02d}-{spec.url_path}",
    )
    for number, spec in enumerate(in_section("section_read")[1:], start=2)  # after the overview
]


def test_leader_visits_every_page_then_reads_it_in_english(page, app_url: str) -> None:
    log_in(page, app_url, "lanhdao")
    page.get_by_role("heading", name="Tổng quan thực hiện kết luận").wait_for()
    charts = page.locator("[data-testid='stPlotlyChart'] .main-svg")
    charts.first.wait_for()
    assert charts.count() >= 3, "commune, organization and trend charts are drawn"
    bars = page.locator("[data-testid='stPlotlyChart'] g.trace.bars path")
    assert bars.count() > 20, "the stacked bars have real data"
    assert page.get_by_text("Tỷ lệ hoàn thành").first.is_visible()
    shot(page, "01-tong-quan")

    for link, heading, chart_count, name in PAGES:
        page.get_by_role("link", name=link).click()
        wait_for_run(page)
        page.get_by_role("heading", name=heading).first.wait_for()
        if chart_count:
            page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for()
            drawn = page.locator("[data-testid='stPlotlyChart'] .main-svg").count()
            assert drawn >= chart_count, f"{link}: {drawn} charts drawn"
        assert page.locator("[data-testid='stException']").count() == 0, link
        assert sideways(page) == {"document": 0, "main": 0}, link
        shot(page, name)

    # The same leader switches to English and back to the overview.
    page.get_by_text("English").click()
    wait_for_run(page)
    open_page(page, "")
    page.get_by_role("heading", name="How the directives are going").wait_for()
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for()
    shot(page, "07-overview-en")
    assert not page.errors, page.errors


def test_wrong_password_is_refused_then_login_survives_a_reload_and_logout_ends_it(
    page, app_url: str
) -> None:
    log_in(page, app_url, "lanhdao", "sai-mat-khau")
    page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.").wait_for()
    # The login page's head start for the pages after it (ui.preload) is there, and unseen.
    preload = page.locator(".st-key-preload")
    assert preload.count() == 1 and preload.is_hidden()
    assert preload.locator("[data-testid='stPlotlyChart']").count() == 1
    page.get_by_label("Mật khẩu").fill("giaothuy2021")
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_run(page)
    page.wait_for_function("document.cookie.includes('directives_session=')")
    page.get_by_role("heading", name="Tổng quan thực hiện kết luận").wait_for()
    page.reload()
    wait_for_run(page)
    page.get_by_role("heading", name="Tổng quan thực hiện kết luận").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    wait_for_run(page)
    page.get_by_label("Tên đăng nhập").wait_for()
    page.reload()
    wait_for_run(page)
    page.get_by_label("Tên đăng nhập").wait_for()
    assert page.get_by_role("heading", name="Tổng quan thực hiện kết luận").count() == 0
