"""The page "Đánh giá, xếp loại" on a copy of the demo: the same figures as the query, the
exports holding them too, the rule beside them, and a new version saved by an administrator."""

import io
from datetime import date

import pandas as pd
from docx import Document

from directives.db import make_engine, session_scope
from directives.models import GradingRule, Role
from directives.periods import PeriodKind
from directives.queries.grades import Grades, grades, grading_period
from directives.reports.grades import grades_workbook, labelled
from directives.reports.word.grades import build_grades_report
from directives.services.deployment import current
from directives.services.grading_rules import default_valid_from
from directives.ui.pages import visible_to
from tests.dashboard.conftest import admin_on, count, page_test

YEAR = grading_period(PeriodKind.YEAR, 2021)


def graded(url: str) -> Grades:
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = grades(session, YEAR)
    engine.dispose()
    return result


def test_leaders_and_administrators_see_the_page_secretaries_do_not() -> None:
    def names(role: Role) -> set[str]:
        return {page.name for pages in visible_to(role).values() for page in pages}

    assert "grades" in names(Role.LEADER) and "grades" in names(Role.ADMIN)
    assert "grades" not in names(Role.SECRETARY)


def test_the_page_shows_the_querys_table_and_the_rule(demo_env: str) -> None:
    at = page_test(demo_env, "grades", **{"grades.year": 2021})
    assert not at.exception, at.exception
    expected = labelled(graded(demo_env))
    table = at.dataframe[0].value
    assert list(table.columns) == list(expected.columns)
    assert table["Đơn vị"].tolist() == expected["Đơn vị"].tolist()
    # scores as Vietnamese writes them ("82,5"), not with Streamlit's decimal point
    written = [f"{v:.1f}".replace(".", ",") if pd.notna(v) else None for v in expected["Điểm"]]
    assert table["Điểm"].tolist() == written
    text = " ".join(m.value for m in at.markdown)
    assert "Σ(hệ số vai trò × điểm kết quả)" in text and "chủ trì 1,0, phối hợp 0,3" in text
    assert at.metric[0].label == "Hoàn thành xuất sắc nhiệm vụ"


def test_the_exports_hold_the_pages_figures(demo_env: str) -> None:
    result = graded(demo_env)
    expected = labelled(result)
    sheet = pd.read_excel(
        io.BytesIO(grades_workbook(result)), sheet_name="Xếp loại", engine="calamine"
    )
    assert sheet["Đơn vị"].tolist() == expected["Đơn vị"].tolist()
    assert sheet["Điểm"].tolist() == expected["Điểm"].tolist()
    rule = pd.read_excel(
        io.BytesIO(grades_workbook(result)), sheet_name="Quy tắc", header=None, engine="calamine"
    )
    assert rule.iloc[0, 0] == "Năm 2021"
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        who = current(session=session)
    engine.dispose()
    document = Document(io.BytesIO(build_grades_report(result, who, date(2022, 1, 10))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in text and "bình xét thi đua" in text
    rows = document.tables[-1].rows
    assert len(rows) == 1 + len(result.table)
    first = result.table.iloc[0]
    assert rows[1].cells[1].text == first["unit_name"]
    assert rows[1].cells[10].text == f"{first['score']:.1f}".replace(".", ",")


def test_an_administrator_saves_a_new_version(demo_env: str) -> None:
    before = count(demo_env, GradingRule)
    at = admin_on(demo_env, "grades")
    assert not at.exception, at.exception
    day = default_valid_from(date.today())  # the day the form offers
    at.button(key="FormSubmitter:grading_rule-Lưu phiên bản mới").click().run()
    assert not at.exception, at.exception
    assert count(demo_env, GradingRule) == before + 1
    assert [s.value for s in at.success] == [f"Đã lưu quy tắc mới, có hiệu lực từ {day:%d/%m/%Y}."]


def test_a_units_page_shows_its_own_grade(demo_env: str) -> None:
    from directives.services.units import unit_by_slug
    from directives.ui.session import AS_OF_KEY, FOCUS_UNIT_KEY

    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        unit_id = unit_by_slug("giao-an", session=session).id
        expected = grades(session, grading_period(PeriodKind.QUARTER, 2021, 3)).table
    engine.dispose()
    row = expected[expected["unit_id"] == unit_id].iloc[0]
    at = page_test(demo_env, "communes", **{FOCUS_UNIT_KEY: unit_id, AS_OF_KEY: date(2021, 9, 30)})
    assert not at.exception, at.exception
    assert "Kết quả đánh giá kỳ này" in [h.value for h in at.subheader]
    line = next(m.value for m in at.markdown if m.value.startswith("Quý III/2021"))
    assert f"{row['score']:.1f} điểm".replace(".", ",") in line


def test_the_page_in_english(demo_env: str) -> None:
    from directives.ui.session import LANG_KEY

    at = page_test(demo_env, "grades", **{LANG_KEY: "en", "grades.year": 2021})
    assert not at.exception, at.exception
    assert at.title[0].value == "Grading the units"
    assert [m.label for m in at.metric] == ["Outstanding", "Good", "Done", "Not done"]
    assert "Score" in at.dataframe[0].value.columns
