"""An administrator in a real browser enters a meeting, its conclusion and two tasks (one for
every commune), and the leaders' overview counts the new assignments."""

import pytest
import sqlalchemy as sa

from directives.db import make_engine, session_scope
from directives.models import Assignment, Task
from tests.e2e.test_browser import log_in, shot, wait_for_run

pytestmark = pytest.mark.e2e


def _count(database_url: str, model: type) -> int:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        result = int(session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())
    engine.dispose()
    return result


def _edit(page, text: str) -> None:
    """Open the selected cell's editor, type into it and commit."""
    page.keyboard.press("Enter")
    editor = page.locator(".gdg-input, [data-testid='data-grid-overlay-editor'] textarea").first
    editor.wait_for()
    editor.fill(text)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)


def _fill_row(page, grid, row: int, content: str, lead: str) -> None:
    """Glide's grid draws on a canvas: select the row's first cell by position, then move with
    the keyboard (content, field, lead)."""
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 36 + 35 * row + 17)
    _edit(page, content)
    page.keyboard.press("ArrowRight")
    _edit(page, lead)


def _type_date(form, label: str, digits: str) -> None:
    """The date input is three spin fields (dd, mm, yyyy): type the digits from the day field."""
    form.get_by_label(f"day, {label}").click()
    form.page.keyboard.type(digits)


def test_admin_enters_a_conclusion_and_the_overview_counts_it(
    page, app_url: str, app_database: str
) -> None:
    tasks_before = _count(app_database, Task)
    assignments_before = _count(app_database, Assignment)
    log_in(page, app_url, "quantri")
    page.get_by_role("link", name="Nhập hội nghị, kết luận").click()
    wait_for_run(page)
    form = page.locator("[data-testid='stForm']").first
    form.get_by_label("Tên hội nghị").fill("Hội nghị giao ban công tác dân vận quý IV năm 2021")
    _type_date(form, "Ngày họp", "05102021")
    form.get_by_label("Số", exact=True).fill("230-TB/HU")
    _type_date(form, "Ngày ban hành", "08102021")
    form.get_by_label("Cơ quan ban hành").fill("Huyện ủy Giao Thủy")
    form.get_by_label("Trích yếu").fill("Kết luận hội nghị giao ban công tác dân vận quý IV")
    page.keyboard.press("Tab")

    grid = form.locator("[data-testid='stDataFrame']")
    grid.hover()
    form.get_by_role("button", name="Add row").click(force=True)
    _fill_row(page, grid, 0, "Rà soát quy chế dân chủ ở cơ sở", "các xã, thị trấn")
    grid.hover()
    form.get_by_role("button", name="Add row").click(force=True)
    _fill_row(page, grid, 1, "Tổng hợp báo cáo năm", "Ban Dân vận Huyện ủy")
    shot(page, "20-nhap-ket-luan")
    form.get_by_role("button", name="Lưu hội nghị, kết luận và nhiệm vụ").click()
    wait_for_run(page)
    assert page.locator("[data-testid='stException']").count() == 0
    shot(page, "21-nhap-ket-luan-da-luu")

    assert _count(app_database, Task) == tasks_before + 2
    assert _count(app_database, Assignment) == assignments_before + 23

    page.get_by_role("link", name="Tổng quan").click()
    wait_for_run(page)
    page.get_by_role("heading", name="Tổng quan thực hiện kết luận").wait_for()
    card = page.locator("[data-testid='stMetric']", has_text="Lượt giao việc")
    card.get_by_text(str(assignments_before + 23), exact=True).wait_for()
    assert not page.errors, page.errors
