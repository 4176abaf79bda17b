"""Nhập từ Excel for administrators: a filled tasks workbook is checked (every error in a table,
nothing saved), then summarised and saved in one transaction; the same file again changes nothing;
status updates of any unit come in through the second tab. (Who may open the page:
test_admin_pages.)"""

import io
from datetime import date
from typing import Any

import openpyxl
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import Assignment, AssignmentRole, Conclusion, StatusUpdate, Task, Unit
from directives.queries.sheets import update_rows
from directives.reports.layout import TASKS, UPDATES
from directives.reports.workbooks import tasks_template, updates_template
from tests.dashboard.conftest import admin_on, count, errors

NEW_TASKS = [
    {
        "meeting_title": "Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2021",
        "held_on": "12/07/2021",
        "conclusion_number": "260-TB/HU",
        "issued_on": "15/07/2021",
        "issuer": "Huyện ủy Giao Thủy",
        "conclusion_title": "Kết luận sơ kết công tác dân vận 6 tháng đầu năm 2021",
        "task_seq": 1,
        "task_content": "Tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2016–2021",
        "leads": "Ban Dân vận Huyện ủy",
        "supports": "Ủy ban Mặt trận Tổ quốc Việt Nam huyện; Hội Liên hiệp Phụ nữ huyện",
        "deadline": "30/09/2021",
        "field": "Dân vận",
    },
    {
        "meeting_title": "Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2021",
        "held_on": "12/07/2021",
        "conclusion_number": "260-TB/HU",
        "issued_on": "15/07/2021",
        "issuer": "Huyện ủy Giao Thủy",
        "conclusion_title": "Kết luận sơ kết công tác dân vận 6 tháng đầu năm 2021",
        "task_seq": 2,
        "task_content": "Đối thoại với Nhân dân về giải phóng mặt bằng",
        "leads": "Các xã, thị trấn",
        "supports": "",
        "deadline": "",
        "field": "Dân vận",
    },
]


def workbook(rows: list[dict[str, Any]], **cells: Any) -> bytes:
    """The tasks template with ``rows`` filled in as a person would type them, then ``cells``
    (such as ``K2="31/02/2021"``) written over them."""
    book = openpyxl.load_workbook(io.BytesIO(tasks_template()))
    sheet = book[TASKS.name]
    for number, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(number, TASKS.index(key) + 1, value if value != "" else None)
    for ref, value in cells.items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(at: AppTest, position: int, name: str, data: bytes) -> AppTest:
    at.file_uploader[position].set_value((name, data, "application/octet-stream"))
    return at.run()


def save_button(at: AppTest, key: str) -> Any:
    return at.button(key=f"admin_import.{key}.save")


def test_a_tasks_file_with_errors_is_listed_and_nothing_is_saved(demo_env: str) -> None:
    at = admin_on(demo_env, "admin_import")
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs] == [
        "Hội nghị, kết luận, nhiệm vụ",
        "Cập nhật tình hình thực hiện",
    ]
    before = (count(demo_env, Task), count(demo_env, Conclusion), count(demo_env, Assignment))
    bad = workbook(NEW_TASKS, K2="31/02/2021", I3="Phòng Không Có Thật")
    at = upload(at, 0, "nhiem-vu.xlsx", bad)
    assert not at.exception, at.exception
    assert errors(at)[0] == "Tệp có 2 lỗi, chưa lưu dòng nào. Sửa các ô dưới đây rồi tải lên lại."
    table = at.dataframe[-1].value
    assert table[["Dòng", "Cột", "Trường"]].values.tolist() == [
        [2, "K", "Thời hạn"],
        [3, "I", "Đơn vị chủ trì"],
    ]
    assert "ngày không có thật" in table["Lỗi"].iloc[0]
    assert "Phòng Không Có Thật" in table["Lỗi"].iloc[1]
    assert not [b for b in at.button if b.label == "Lưu các cập nhật"], "no save offered"
    after = (count(demo_env, Task), count(demo_env, Conclusion), count(demo_env, Assignment))
    assert after == before


def test_a_valid_tasks_file_is_summarised_saved_and_idempotent(demo_env: str) -> None:
    communes = count_communes(demo_env, date(2021, 7, 15))
    tasks_before = count(demo_env, Task)
    at = upload(admin_on(demo_env, "admin_import"), 0, "nhiem-vu.xlsx", workbook(NEW_TASKS))
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    summary = at.info[0].value
    assert "2 nhiệm vụ mới" in summary and "chưa lưu" in summary, summary
    assert count(demo_env, Task) == tasks_before, "checking writes nothing"

    at = save_button(at, "tasks").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Đã lưu: nhiem-vu.xlsx"), at.success[0].value
    assert count(demo_env, Task) == tasks_before + 2
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        conclusion = session.exec(select(Conclusion).where(Conclusion.number == "260-TB/HU")).one()
        roles = session.exec(
            select(Task.seq, Assignment.role, Unit.name)
            .join(Assignment, col(Assignment.task_id) == Task.id)
            .join(Unit, col(Unit.id) == Assignment.unit_id)
            .where(Task.conclusion_id == conclusion.id)
        ).all()
    engine.dispose()
    assert {(seq, role, name) for seq, role, name in roles if seq == 1} == {
        (1, AssignmentRole.LEAD, "Ban Dân vận Huyện ủy"),
        (1, AssignmentRole.SUPPORT, "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"),
        (1, AssignmentRole.SUPPORT, "Hội Liên hiệp Phụ nữ huyện"),
    }
    assert len([r for r in roles if r[0] == 2]) == communes, "the group expands to every commune"

    at = upload(at, 0, "nhiem-vu.xlsx", workbook(NEW_TASKS))  # the same file again
    assert not at.exception, at.exception
    assert "0 nhiệm vụ mới, 0 cập nhật, 2 không đổi" in at.info[0].value
    assert "Không có dòng nào thay đổi" in at.info[0].value
    assert count(demo_env, Task) == tasks_before + 2


def test_status_updates_of_any_unit_come_in_through_the_second_tab(demo_env: str) -> None:
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        rows = update_rows(session, open_only=True).head(2)
    engine.dispose()
    assert len(rows) == 2
    book = openpyxl.load_workbook(io.BytesIO(updates_template(rows)))
    sheet = book[UPDATES.name]
    progress = UPDATES.index("progress") + 1
    for number in (2, 3):
        old = sheet.cell(number, progress).value or 0
        sheet.cell(number, progress, (int(old) + 10) % 100)
    out = io.BytesIO()
    book.save(out)
    before = count(demo_env, StatusUpdate)

    at = upload(admin_on(demo_env, "admin_import"), 1, "cap-nhat.xlsx", out.getvalue())
    assert not at.exception, at.exception
    assert "2 cập nhật" in at.info[0].value, at.info[0].value
    at = save_button(at, "updates").click().run()
    assert not at.exception, at.exception
    assert count(demo_env, StatusUpdate) == before + 2


def count_communes(url: str, on: date) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        units = session.exec(select(Unit).where(col(Unit.kind).in_(["commune", "town"]))).all()
    engine.dispose()
    return sum(
        1
        for u in units
        if (u.valid_from is None or u.valid_from <= on) and (u.valid_to is None or on <= u.valid_to)
    )
