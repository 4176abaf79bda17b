"""Nhập kết luận: an administrator pastes a notice, reviews the proposal, corrects a lead, saves."""

from datetime import date

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import Assignment, AssignmentRole, Conclusion, Task, Unit
from tests.dashboard.conftest import admin_on, count, errors
from tests.factories import NOTICE

REVIEW = "admin_intake.review"


def read(at: AppTest, text: str) -> AppTest:
    at.text_area[0].set_value(text)
    return at.button[0].click().run()


def test_the_proposal_is_shown_for_review_with_its_warnings(demo_env: str) -> None:
    at = read(admin_on(demo_env, "admin_intake"), NOTICE)
    assert not at.exception, at.exception
    assert at.text_input(key=f"{REVIEW}.number.0").value == "301-TB/HU"
    assert at.date_input(key=f"{REVIEW}.issued_on.0").value == date(2021, 4, 20)
    assert at.text_input(key=f"{REVIEW}.issuer.0").value == "Huyện ủy Giao Thủy"
    assert at.date_input(key=f"{REVIEW}.held_on.0").value == date(2021, 4, 16)
    assert at.multiselect(key=f"{REVIEW}.leads.1.0").value == ["Ban Tuyên giáo Huyện ủy"]
    assert at.multiselect(key=f"{REVIEW}.supports.2.0").value == ["các xã, thị trấn"]
    assert at.date_input(key=f"{REVIEW}.deadline.1.0").value == date(2021, 5, 20)
    assert at.date_input(key=f"{REVIEW}.deadline.2.0").value is None  # thường xuyên
    assert at.date_input(key=f"{REVIEW}.deadline.3.0").value == date(2021, 5, 31)
    # The market team is not in the database: kept out of the lead box, and said so.
    assert at.multiselect(key=f"{REVIEW}.leads.3.0").value == []
    assert any("Đội Quản lý thị trường số 5" in w.value for w in at.warning)


def test_saving_after_correcting_a_lead_writes_the_tasks(demo_env: str) -> None:
    before = count(demo_env, Task)
    at = read(admin_on(demo_env, "admin_intake"), NOTICE)
    # Saving with the unknown lead left empty is refused, naming the task, and writes nothing.
    at.button[1].click().run()
    problems = [m.value for m in at.markdown]
    assert any("Nhiệm vụ 3, chủ trì" in problem for problem in problems), problems
    assert count(demo_env, Task) == before
    # The administrator picks the lead the notice meant, and saves.
    at.multiselect(key=f"{REVIEW}.leads.3.0").set_value(["Phòng Kinh tế và Hạ tầng"])
    at.multiselect(key=f"{REVIEW}.supports.3.0").set_value(["Công an huyện"])
    at.button[1].click().run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    saved = "Đã lưu kết luận 301-TB/HU ngày 20/04/2021 với 3 nhiệm vụ"
    assert at.success[0].value.startswith(saved)
    assert count(demo_env, Task) == before + 3
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        conclusion = session.execute(
            sa.select(Conclusion).where(Conclusion.number == "301-TB/HU")
        ).scalar_one()
        assert conclusion.full_text is not None and "Đội Quản lý thị trường" in conclusion.full_text
        third = session.execute(
            sa.select(Task).where(Task.conclusion_id == conclusion.id, Task.seq == 3)
        ).scalar_one()
        assert third.deadline == date(2021, 5, 31)
        roles = session.execute(
            sa.select(Unit.name, Assignment.role)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Assignment.task_id == third.id)
        ).all()
        assert sorted(roles) == [
            ("Công an huyện", AssignmentRole.SUPPORT),
            ("Phòng Kinh tế và Hạ tầng", AssignmentRole.LEAD),
        ]
        second = session.execute(
            sa.select(sa.func.count())
            .select_from(Assignment)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.conclusion_id == conclusion.id, Task.seq == 2)
        ).scalar_one()
        assert second == 1 + 22  # Công an huyện leads, the 22 communes and towns of 2021 support
    engine.dispose()


def test_the_same_notice_cannot_be_saved_twice(demo_env: str) -> None:
    at = read(admin_on(demo_env, "admin_intake"), NOTICE)
    at.multiselect(key=f"{REVIEW}.leads.3.0").set_value(["Phòng Kinh tế và Hạ tầng"])
    at.button[1].click().run()
    assert at.success
    before = count(demo_env, Task)
    at = read(at, NOTICE)
    at.multiselect(key=f"{REVIEW}.leads.3.1").set_value(["Phòng Kinh tế và Hạ tầng"])
    at.button[1].click().run()
    assert any("301-TB/HU" in m.value and "đã có" in m.value for m in at.markdown)
    assert count(demo_env, Task) == before


def test_a_pasted_text_past_the_readers_limits_is_refused_in_words(demo_env: str) -> None:
    at = read(admin_on(demo_env, "admin_intake"), "Giao Phòng Y tế kiểm tra. " * 20_000)
    assert not at.exception, at.exception
    shown = " ".join(errors(at))
    assert "nội dung thông báo: dài 520.000 ký tự, quá giới hạn 500.000 ký tự" in shown
    assert "Traceback" not in shown
