"""Adding a missed task and removing a wrong one, in the review of Nhập kết luận and on the edit
page of Hội nghị, kết luận; a notice with no readable date, and a letter with no meeting."""

from datetime import date

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import Assignment, AuditLog, Conclusion, StatusUpdate, Task
from tests.dashboard.conftest import admin_on, count, errors

REVIEW = "admin_intake.review"
EDIT = "admin_meetings.edit"

# A letter of directions: no meeting, and no date in its header or signature.
LETTER = """\
VĂN PHÒNG HUYỆN ỦY
Số 77-CV/VPHU

Ý KIẾN CHỈ ĐẠO CỦA THƯỜNG TRỰC HUYỆN ỦY
về công tác phòng, chống dịch bệnh

Thường trực Huyện ủy có ý kiến chỉ đạo như sau:

1. Giao Phòng Y tế chủ trì, phối hợp với Công an huyện kiểm tra các cơ sở kinh doanh; hoàn \
thành trước ngày 30/6/2021.
"""


def read(at: AppTest, text: str, on: date | None = None) -> AppTest:
    at.text_area[0].set_value(text)
    if on is not None:
        at.date_input(key="admin_intake.read.issued.0").set_value(on)
    return at.button[0].click().run()


def conclusion(url: str, number: str) -> tuple[int | None, list[tuple[int, str]]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        saved = session.execute(
            sa.select(Conclusion).where(Conclusion.number == number)
        ).scalar_one()
        tasks = session.execute(
            sa.select(Task.seq, Task.content)
            .where(Task.conclusion_id == saved.id)
            .order_by(Task.seq)
        ).all()
    engine.dispose()
    return saved.meeting_id, [(seq, content) for seq, content in tasks]


def test_a_letter_with_no_date_asks_for_it_and_a_missed_task_is_added(demo_env: str) -> None:
    at = read(admin_on(demo_env, "admin_intake"), LETTER)
    assert not at.exception, at.exception
    assert at.date_input(key=f"{REVIEW}.issued_on.0").value is None
    assert any("Không đọc được ngày ban hành" in w.value for w in at.warning)
    assert at.date_input(key=f"{REVIEW}.held_on.0").value is None
    at.text_input(key=f"{REVIEW}.conclusion_title.0").set_value("Ý kiến chỉ đạo về phòng dịch")
    before = count(demo_env, Task)
    at.button[1].click().run()  # no date yet: refused, nothing written
    assert any("ngày ban hành" in m.value for m in at.markdown), [m.value for m in at.markdown]
    assert count(demo_env, Task) == before
    # The reviewer gives the date and adds a task the reading missed: a blank one appears, and
    # what was typed stays.
    at.date_input(key=f"{REVIEW}.issued_on.0").set_value(date(2021, 6, 2))
    at.button[2].click().run()
    assert not at.exception, at.exception
    assert at.text_input(key=f"{REVIEW}.conclusion_title.0").value == (
        "Ý kiến chỉ đạo về phòng dịch"
    )
    at.multiselect(key=f"{REVIEW}.leads.1.0").set_value(["Phòng Y tế"])
    at.text_area(key=f"{REVIEW}.content.2.0").set_value("Tuyên truyền cách phòng dịch")
    at.multiselect(key=f"{REVIEW}.leads.2.0").set_value(["Ban Dân vận Huyện ủy"])
    at.button[1].click().run()
    assert not at.exception, at.exception
    assert not errors(at), (errors(at), [m.value for m in at.markdown])
    assert at.success[0].value.startswith("Đã lưu kết luận 77-CV/VPHU ngày 02/06/2021")
    meeting_id, tasks = conclusion(demo_env, "77-CV/VPHU")
    assert meeting_id is None  # a letter of directions: no meeting was made up
    assert [seq for seq, _ in tasks] == [1, 2] and tasks[1][1] == "Tuyên truyền cách phòng dịch"

    # Its page shows it with no meeting, and the meeting filter can pick such letters.
    at.switch_page("views/conclusions.py").run()
    assert not at.exception, at.exception
    assert any("Không gắn với hội nghị" in c.value for c in at.caption)


def test_a_date_given_before_reading_matches_units_of_that_day(demo_env: str) -> None:
    at = read(admin_on(demo_env, "admin_intake"), LETTER, date(2021, 6, 2))
    assert not at.exception, at.exception
    assert any("Không đọc được ngày ban hành" in w.value for w in at.warning)
    assert at.multiselect(key=f"{REVIEW}.leads.1.0").value == ["Phòng Y tế"]
    assert at.date_input(key=f"{REVIEW}.issued_on.0").value == date(2021, 6, 2)
    at.text_input(key=f"{REVIEW}.conclusion_title.0").set_value("Ý kiến chỉ đạo")
    at.button[2].click().run()  # an added task, then left out again with "Bỏ nhiệm vụ này"
    at.checkbox(key=f"{REVIEW}.skip.2.0").check()
    at.button[1].click().run()
    assert not errors(at), errors(at)
    assert at.success[0].value.endswith("với 1 nhiệm vụ.")


def edit_page(url: str) -> tuple[AppTest, int]:
    at = admin_on(url, "admin_meetings")
    chosen = at.selectbox(key="admin_meetings.conclusion").value
    return at, int(chosen)


def test_a_task_is_added_to_a_saved_conclusion_then_removed(demo_env: str) -> None:
    at, chosen = edit_page(demo_env)
    before = count(demo_env, Task)
    key = f"{EDIT}.{{}}.{chosen}.0"
    at.text_area(key=key.format("n_c")).set_value("Rà soát hồ sơ còn tồn đọng")
    at.multiselect(key=key.format("n_l")).set_value(["Công an huyện"])
    at.button(key=f"FormSubmitter:{key.format('new_task_form')}-Thêm nhiệm vụ").click().run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    assert at.success[0].value.startswith("Đã thêm nhiệm vụ")
    assert count(demo_env, Task) == before + 1
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        added = session.execute(sa.select(sa.func.max(Task.id))).scalar_one()
    engine.dispose()

    # Nobody has reported on it: it can be removed, once confirmed, and the log keeps it.
    key = f"{EDIT}.{{}}.{chosen}.1"
    at.selectbox(key=key.format("remove_pick")).set_value(added).run()
    remove = f"FormSubmitter:{key.format(f'remove_form.{added}')}-Bỏ nhiệm vụ này"
    at.button(key=remove).click().run()
    assert any("xác nhận" in e for e in errors(at)), errors(at)
    assert count(demo_env, Task) == before + 1
    at.checkbox(key=key.format(f"r_sure.{added}")).check()
    at.button(key=remove).click().run()
    assert not errors(at), errors(at)
    assert at.success[0].value.startswith("Đã bỏ nhiệm vụ")
    assert count(demo_env, Task) == before
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        logged = session.execute(
            sa.select(AuditLog.entity_id).where(AuditLog.action == "task.delete")
        ).scalars()
        assert list(logged) == [str(added)]
    engine.dispose()
    at.switch_page("views/audit_log.py").run()
    assert not at.exception, at.exception
    assert "Bỏ nhiệm vụ nhập nhầm" in set(at.dataframe[0].value["Thao tác"])


def test_a_task_units_reported_on_is_kept(demo_env: str) -> None:
    at, chosen = edit_page(demo_env)
    key = f"{EDIT}.{{}}.{chosen}.0"
    before = count(demo_env, Task)
    engine = make_engine(demo_env)
    with session_scope(engine) as session:  # a task of the conclusion a unit has reported on
        reported = session.execute(
            sa.select(Task.id)
            .join(Assignment, Assignment.task_id == Task.id)
            .join(StatusUpdate, StatusUpdate.assignment_id == Assignment.id)
            .where(Task.conclusion_id == chosen)
            .limit(1)
        ).scalar_one()
    engine.dispose()
    at.selectbox(key=key.format("remove_pick")).set_value(reported).run()
    at.checkbox(key=key.format(f"r_sure.{reported}")).check()
    at.button(key=f"FormSubmitter:{key.format(f'remove_form.{reported}')}-Bỏ nhiệm vụ này").click()
    at.run()
    assert any("Đã hủy" in e for e in errors(at)), errors(at)
    assert count(demo_env, Task) == before


def test_a_letter_is_entered_by_hand_with_no_meeting(demo_env: str) -> None:
    new = "admin_meetings.new"
    at = admin_on(demo_env, "admin_meetings")
    at.text_input(key=f"{new}.number.0").set_value("78-CV/VPHU")
    at.date_input(key=f"{new}.issued_on.0").set_value(date(2021, 6, 3))
    at.text_input(key=f"{new}.issuer.0").set_value("Văn phòng Huyện ủy")
    at.text_input(key=f"{new}.conclusion_title.0").set_value("Ý kiến chỉ đạo về phòng dịch")
    rows = [{"content": "Kiểm tra các cơ sở kinh doanh", "leads": "Phòng Y tế"}]
    at.session_state[f"{new}.tasks.0"] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    at.button(key=f"{new}.save.0").click().run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    meeting_id, tasks = conclusion(demo_env, "78-CV/VPHU")
    assert meeting_id is None and [seq for seq, _ in tasks] == [1]
    # Its edit page has no meeting to correct, and says why.
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        letter = session.execute(
            sa.select(Conclusion.id).where(Conclusion.number == "78-CV/VPHU")
        ).scalar_one()
    engine.dispose()
    at.selectbox(key="admin_meetings.conclusion").set_value(letter).run()
    assert not at.exception, at.exception
    assert any("Không gắn với hội nghị" in i.value for i in at.info), [i.value for i in at.info]
