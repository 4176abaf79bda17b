"""The leader's pages on a phone (390 × 844, touch) and on a laptop (1366 × 768).

On the phone's first screen, without scrolling, the overview shows the completion rate, the
overdue count and the five worst communes; no leader page scrolls sideways (wide tables scroll
inside their own frame); the chart toolbar does not cover the legend. Set
DIRECTIVES_SCREENSHOTS=folder to keep a PNG of every page at both sizes.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from directives.i18n import label, ui
from directives.ui.pages import in_section
from directives.ui.style import KPI_CARDS
from tests.e2e.conftest import BROWSER_SIDE_ONLY, WAIT_MS, log_in, shot, sideways, wait_for_run

pytestmark = [pytest.mark.e2e, pytest.mark.engine_independent(BROWSER_SIDE_ONLY)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
LEADER_PAGES = in_section("section_read")
DRAWN = "[data-testid='stPlotlyChart'] .main-svg"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1, locale="vi-VN"
    )
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN")
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def visit(page: Any, base: str, address: str) -> None:
    """Open a page by its address (the phone's sidebar is folded away) and wait for its run."""
    page.goto(f"{base}/{address}")
    wait_for_run(page)
    assert page.locator("[data-testid='stException']").count() == 0, address


def bottom(box: dict[str, float] | None) -> float:
    assert box is not None, "the element is not drawn"
    return box["y"] + box["height"]


def card_value(page: Any, title: str) -> Any:
    cards = page.locator(f".st-key-{KPI_CARDS} [data-testid='stMetric']")
    return cards.filter(has=page.get_by_text(title, exact=True)).locator(
        "[data-testid='stMetricValue']"
    )


def test_first_phone_screen_has_the_rate_the_overdue_and_the_five_worst_communes(
    phone: Any, app_url: str
) -> None:
    log_in(phone, app_url, "lanhdao")
    phone.get_by_role("heading", name="Tổng quan thực hiện kết luận").wait_for()
    phone.locator(DRAWN).first.wait_for()
    height = PHONE["height"]

    rate = card_value(phone, ui("completion_rate"))
    overdue = card_value(phone, label("derived", "overdue"))
    assert "%" in rate.inner_text()
    assert overdue.inner_text().strip().isdigit()
    assert bottom(rate.bounding_box()) <= height
    assert bottom(overdue.bounding_box()) <= height
    # The two headline cards share the first row of the two-card grid.
    assert rate.bounding_box()["y"] == pytest.approx(overdue.bounding_box()["y"], abs=2)

    # The commune chart comes first (columns stack on a phone); its top five bars are the five
    # worst units, and their names are on the first screen.
    chart = phone.locator("[data-testid='stPlotlyChart']").first
    ticks = chart.locator("g.ytick text")
    boxes = sorted(
        ((ticks.nth(i).bounding_box(), ticks.nth(i).text_content()) for i in range(ticks.count())),
        key=lambda tick: bottom(tick[0]),
    )
    assert len(boxes) >= 5
    worst_five = boxes[:5]
    assert all(bottom(box) <= height for box, _ in worst_five), worst_five
    assert len({name for _, name in worst_five}) == 5
    # No chart toolbar on a phone (it covered the legend).
    assert not chart.locator(".modebar-container").is_visible()
    assert sideways(phone) == {"document": 0, "main": 0}
    shot(phone, "phone-01-tong-quan")


def test_no_leader_page_scrolls_sideways_on_a_phone(phone: Any, app_url: str) -> None:
    """(On a laptop, tests/e2e/test_browser.py checks the same on its visit of every page.)"""
    page, size = phone, "phone"
    log_in(page, app_url, "lanhdao")
    for number, spec in enumerate(LEADER_PAGES, start=1):
        visit(page, app_url, spec.address)
        page.get_by_role("heading").first.wait_for()
        if page.locator("[data-testid='stPlotlyChart']").count():
            page.locator(DRAWN).first.wait_for()
        assert sideways(page) == {"document": 0, "main": 0}, spec.name
        shot(page, f"{size}-{number:02d}-{spec.url_path}")


def test_tasks_filters_fold_away_on_a_phone(phone: Any, app_url: str) -> None:
    """Nhiệm vụ: the search and the conclusion, then the table on the first screen; the other
    filters open on a tap."""
    log_in(phone, app_url, "lanhdao")
    visit(phone, app_url, "nhiem-vu")
    more = phone.get_by_text(ui("more_filters"))
    assert (
        phone.get_by_label(ui("derived_status")).count() == 0
        or not phone.get_by_label(ui("derived_status")).is_visible()
    )
    table = phone.locator("[data-testid='stDataFrame']").first
    assert table.bounding_box()["y"] < PHONE["height"], "the table starts on the first screen"
    more.click()
    phone.get_by_text(ui("derived_status"), exact=True).wait_for(state="visible")


def test_word_report_is_written_when_pressed(laptop: Any, app_url: str) -> None:
    """The printable page no longer writes the Word report on every run: pressing the button
    still gives the report."""
    log_in(laptop, app_url, "lanhdao")
    visit(laptop, app_url, "ban-in")
    with laptop.expect_download() as download:
        laptop.get_by_role("button", name=ui("word_report")).click()
    path = download.value.path()
    with open(path, "rb") as report:
        assert report.read(2) == b"PK", "a .docx is a zip file"
    assert download.value.suggested_filename.endswith(".docx")
