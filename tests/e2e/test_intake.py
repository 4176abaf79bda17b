"""An administrator enters a conclusion from its notice in a real browser: paste, review, correct a
lead, save; the tasks then show on the dashboard."""

import pytest
from sqlmodel import col, select

from directives.db import make_engine, session_scope
from directives.models import Assignment, AssignmentRole, Conclusion, Task, Unit
from tests.e2e.conftest import BROWSER_SIDE_ONLY, log_in, shot, wait_for_run
from tests.factories import NOTICE

pytestmark = [pytest.mark.e2e, pytest.mark.engine_independent(BROWSER_SIDE_ONLY)]


def test_admin_pastes_a_notice_corrects_a_lead_and_saves(
    page, app_url: str, app_database: str
) -> None:
    log_in(page, app_url, "quantri")
    page.goto(f"{app_url}/nhap-ket-luan")
    wait_for_run(page)
    page.get_by_role("heading", name="Nhập kết luận").wait_for()
    page.get_by_label("Nội dung thông báo").fill(NOTICE)
    page.get_by_role("button", name="Đọc thông báo").click()
    wait_for_run(page)
    page.get_by_text("Tìm thấy 3 nhiệm vụ, 1 nhiệm vụ có cảnh báo.").wait_for()
    page.get_by_text("Không tìm thấy đơn vị 'Đội Quản lý thị trường số 5'").wait_for()
    shot(page, "20-nhap-ket-luan")

    # Task 3's lead is not in the database: the administrator picks the unit meant.
    lead = page.get_by_role("combobox", name="Đơn vị chủ trì (nhiệm vụ 3)")
    lead.click()
    lead.fill("Kinh tế và Hạ")
    page.get_by_role("option", name="Phòng Kinh tế và Hạ tầng").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Lưu kết luận và các nhiệm vụ").click()
    wait_for_run(page)
    page.get_by_text("Đã lưu kết luận 301-TB/HU ngày 20/04/2021 với 3 nhiệm vụ.").wait_for()

    engine = make_engine(app_database)
    with session_scope(engine) as session:
        conclusion = session.exec(select(Conclusion).where(Conclusion.number == "301-TB/HU")).one()
        leads = session.exec(
            select(Task.seq, Unit.name)
            .join(Assignment, col(Assignment.task_id) == Task.id)
            .join(Unit, col(Unit.id) == Assignment.unit_id)
            .where(Task.conclusion_id == conclusion.id, Assignment.role == AssignmentRole.LEAD)
            .order_by(col(Task.seq))
        ).all()
    engine.dispose()
    assert leads == [
        (1, "Ban Tuyên giáo Huyện ủy"),
        (2, "Công an huyện"),
        (3, "Phòng Kinh tế và Hạ tầng"),
    ]

    # … and the leaders' pages show them.
    page.get_by_role("link", name="Xem ở trang Hội nghị và kết luận").click()
    wait_for_run(page)
    page.locator("p").filter(has_text="301-TB/HU").first.wait_for()  # not the grid's hidden copy
    shot(page, "21-ket-luan-moi")
    assert not page.errors, page.errors
