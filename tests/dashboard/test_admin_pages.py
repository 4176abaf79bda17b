"""The administration pages through AppTest on a copy of the demo database: who may see them,
entering a meeting with its tasks in one transaction, deciding an extension, disabling an account,
and the audit log that records it all."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.i18n import ui
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    ExtensionRequest,
    ExtensionStatus,
    Meeting,
    Status,
    Task,
    Unit,
    User,
)
from directives.queries.state import Filters
from directives.services import extensions
from directives.ui.pages import in_section
from directives.ui.session import USER_KEY, SessionUser
from tests.dashboard.conftest import (
    TIMEOUT_S,
    admin_on,
    app_test,
    count,
    errors,
    figures,
    metric,
    shown,
)

VIEWS = Path(__file__).resolve().parents[2] / "dashboard" / "views"
PAGES = {page.name: ui(page.title, "vi") for page in in_section("section_admin")}
REFUSAL = "Chỉ quản trị viên được dùng trang này."
NEW = "admin_meetings.new"


@pytest.mark.parametrize("page", list(PAGES))
def test_each_admin_page_renders_for_an_administrator(demo_env: str, page: str) -> None:
    at = admin_on(demo_env, page)
    assert not at.exception, at.exception
    assert at.title[0].value == PAGES[page]
    assert REFUSAL not in errors(at)


@pytest.mark.parametrize("username", ["lanhdao", "thuky.giao-an"])
def test_leaders_and_secretaries_are_refused(demo_env: str, username: str) -> None:
    # The router does not offer them the administration pages at all …
    at = app_test(demo_env, username).run()
    assert not at.exception
    for page in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"views/{page}.py")
    # … and opened directly, each page refuses before showing any form.
    user = at.session_state[USER_KEY]
    assert isinstance(user, SessionUser)
    for page in PAGES:
        direct = AppTest.from_file(str(VIEWS / f"{page}.py"), default_timeout=TIMEOUT_S)
        direct.session_state[USER_KEY] = user
        direct.run()
        assert not direct.exception
        assert errors(direct) == [REFUSAL]
        assert not direct.text_input and not direct.button and not direct.title


def fill_meeting(at: AppTest, rows: list[dict[str, str]]) -> AppTest:
    def text(name: str, value: str) -> None:
        at.text_input(key=f"{NEW}.{name}.0").set_value(value)

    text("title", "Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2021")
    at.date_input(key=f"{NEW}.held_on.0").set_value(date(2021, 7, 5))
    text("place", "Hội trường Huyện ủy")
    text("number", "45-TB/HU")
    at.date_input(key=f"{NEW}.issued_on.0").set_value(date(2021, 7, 9))
    text("issuer", "Huyện ủy Giao Thủy")
    text("conclusion_title", "Kết luận hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2021")
    at.session_state[f"{NEW}.tasks.0"] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    return at.button(key=f"{NEW}.save.0").click().run()


def test_entering_a_meeting_conclusion_and_two_tasks(demo_env: str) -> None:
    before = {model: count(demo_env, model) for model in (Meeting, Conclusion, Task, Assignment)}
    at = admin_on(demo_env, "admin_meetings")
    at = fill_meeting(
        at,
        [
            {
                "content": "Tiếp tục thực hiện phong trào thi đua Dân vận khéo",
                "field": "Dân vận",
                "leads": "các xã, thị trấn",
                "supports": "Ban Dân vận Huyện ủy; UBND huyện",
                "deadline": "2021-12-15",
            },
            {
                "content": "Tổng hợp kết quả, báo cáo Ban Thường vụ Huyện ủy",
                "leads": "ban-dan-van",
                "supports": "Mặt trận Tổ quốc và các đoàn thể",
            },
        ],
    )
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    assert at.success[0].value.startswith("Đã lưu kết luận 45-TB/HU: 2 nhiệm vụ")
    after = {model: count(demo_env, model) for model in before}
    assert after[Meeting] - before[Meeting] == 1
    assert after[Conclusion] - before[Conclusion] == 1
    assert after[Task] - before[Task] == 2
    # 22 communes and towns with Ban Dân vận and UBND huyện; then Ban Dân vận with the 8 front
    # organizations.
    assert after[Assignment] - before[Assignment] == (22 + 2) + (1 + 8)

    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        conclusion = session.exec(select(Conclusion).where(Conclusion.number == "45-TB/HU")).one()
        tasks = session.exec(
            select(Task).where(Task.conclusion_id == conclusion.id).order_by(col(Task.seq))
        ).all()
        assert [t.seq for t in tasks] == [1, 2]
        assert tasks[0].deadline == date(2021, 12, 15) and tasks[1].deadline is None
        assert tasks[0].assigned_on == date(2021, 7, 9)
        leads = session.exec(
            select(Assignment).where(
                Assignment.task_id == tasks[0].id, Assignment.role == AssignmentRole.LEAD.value
            )
        ).all()
        assert len(leads) == 22
    engine.dispose()

    # The form starts empty again, and the audit log shows what was entered.
    assert at.text_input(key=f"{NEW}.title.1").value == ""
    at.switch_page("views/audit_log.py").run()
    assert not at.exception
    actions = set(at.dataframe[0].value["Thao tác"])
    assert {"Nhập hội nghị", "Nhập kết luận", "Nhập nhiệm vụ"} <= actions, "in words, no codes"
    assert {"Hội nghị", "Kết luận", "Nhiệm vụ"} <= set(at.dataframe[0].value["Đối tượng"]), (
        "the kind of record in words"
    )

    # The leaders' overview counts the new assignments at once (the cache follows the data).
    leader = app_test(demo_env, "lanhdao").run()
    assert not leader.exception
    counted = figures(demo_env, Filters(as_of=date(2021, 10, 15))).total
    assert metric(leader, "Lượt giao việc") == str(counted)
    assert counted == 174 + (22 + 2) + (1 + 8)


def test_an_unknown_unit_names_row_and_column_and_writes_nothing(demo_env: str) -> None:
    before = {model: count(demo_env, model) for model in (Meeting, Conclusion, Task, Assignment)}
    at = admin_on(demo_env, "admin_meetings")
    at = fill_meeting(
        at,
        [
            {"content": "Việc thứ nhất", "leads": "ban-dan-van"},
            {"content": "Việc thứ hai", "leads": "Xã Giao Tiên Phong, Xa Giao Tien"},
            {"content": "Việc thứ ba", "leads": "ban-dan-van", "deadline": "31/02/2021"},
            {"content": "Việc thứ tư", "leads": "ban-dan-van", "deadline": "2021-07-01"},
        ],
    )
    assert not at.exception
    # Every wrong cell at once, each by row and column ("Xa Giao Tien" is Xã Giao Tiến).
    assert errors(at) == [
        "Dòng 2, cột Chủ trì: không tìm thấy đơn vị 'Xã Giao Tiên Phong'  \n"
        "Dòng 3, cột Thời hạn: ngày không đúng, hãy ghi dd/mm/yyyy.  \n"
        "Dòng 4, cột Thời hạn: không được trước ngày ban hành kết luận."
    ]
    assert {model: count(demo_env, model) for model in before} == before
    # What was typed is still there to correct.
    assert at.text_input(key=f"{NEW}.number.0").value == "45-TB/HU"


def open_assignment(session: Session) -> tuple[Assignment, User]:
    """An unfinished assignment with a deadline, and its unit's secretary."""
    assignment = session.exec(
        select(Assignment)
        .join(Task, col(Task.id) == Assignment.task_id)
        .join(Unit, col(Unit.id) == Assignment.unit_id)
        .where(
            col(Task.deadline).is_not(None),
            col(Assignment.status).in_([Status.IN_PROGRESS.value, Status.NOT_STARTED.value]),
            col(Unit.kind).in_(["commune", "town"]),
        )
        .order_by(col(Assignment.id))
    ).first()
    assert assignment is not None
    secretary = session.exec(select(User).where(User.unit_id == assignment.unit_id)).one()
    return assignment, secretary


def test_approve_an_extension_disable_an_account_and_see_both_in_the_log(demo_env: str) -> None:
    engine = make_engine(demo_env)
    with session_scope(engine, write=True) as session:
        assignment, secretary = open_assignment(session)
        task = session.get(Task, assignment.task_id)
        assert task is not None and task.deadline is not None
        proposed = task.deadline + timedelta(days=30)
        request = extensions.request_extension(
            secretary, assignment.id or 0, proposed, "Chờ bố trí kinh phí", session=session
        )
        request_id, assignment_id, secretary_id = request.id, assignment.id, secretary.id
        unit = session.get(Unit, assignment.unit_id)
        assert unit is not None
        unit_name, secretary_name = unit.name, secretary.username

    at = admin_on(demo_env, "admin_extensions")
    assert not at.exception
    assert "Chờ bố trí kinh phí" in set(at.dataframe[0].value["Lý do"])
    at.button(key="admin_extensions.approve").click().run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    assert at.success[0].value == f"Đã duyệt gia hạn cho {unit_name}."
    assert at.info[0].value == "Không có đề nghị gia hạn nào chờ duyệt."
    with session_scope(engine) as session:
        decided = session.get(ExtensionRequest, request_id)
        assert decided is not None and decided.status == ExtensionStatus.APPROVED.value
        extended = session.get(Assignment, assignment_id)
        assert extended is not None and extended.extended_deadline == proposed

    at.switch_page("views/admin_users.py").run()
    assert not at.exception
    at.selectbox(key="users_pick").set_value(secretary_id).run()
    at.button(key=f"users_disable_{secretary_id}").click().run()
    assert not at.exception, at.exception
    assert shown(at.success[0].value) == f"Đã khóa tài khoản {secretary_name}."
    with session_scope(engine) as session:
        disabled = session.get(User, secretary_id)
        assert disabled is not None and not disabled.is_active
    engine.dispose()

    at.switch_page("views/audit_log.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    # (the address column shows only when some entry has one: tests/dashboard/test_small_things)
    assert [c for c in log.columns if c != "Địa chỉ IP"] == [
        "Thời điểm ghi", "Người thực hiện", "Thao tác", "Đối tượng", "Mã đối tượng", "Trước", "Sau"
    ]  # fmt: skip
    newest = list(log["Thao tác"][:3])
    assert newest[0] == "Khóa tài khoản"
    assert "Duyệt gia hạn" in newest
    assert "Gia hạn cho đơn vị" in newest
    disabled_row = log.iloc[0]
    assert disabled_row["Người thực hiện"] == "quantri"
    assert "đang hoạt động: có" in disabled_row["Trước"]
    assert "đang hoạt động: không" in disabled_row["Sau"]
    assert "chức vụ: Cán bộ phụ trách" in disabled_row["Trước"], "an account's title is a position"
    assert disabled_row["Đối tượng"] == "Tài khoản"

    # Filtered by action, only that action remains.
    at.selectbox(key="audit_action").set_value("user.disable").run()
    assert list(at.dataframe[0].value["Thao tác"]) == ["Khóa tài khoản"]
    assert at.get("download_button"), "the Excel export"
