"""Nhập từ Excel on the secretaries' page: the pre-filled template out, a filled workbook in,
every error shown in a table with nothing saved, or a summary and a save."""

import io
from typing import Any

import openpyxl
import sqlalchemy as sa
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import Assignment, StatusUpdate, Unit
from directives.queries.sheets import update_rows
from directives.reports.workbooks import updates_template
from directives.services.meta import data_version
from tests.dashboard.conftest import app_test


def _open(url: str, username: str) -> AppTest:
    at = app_test(url, username).run()
    return at.switch_page("views/my_unit.py").run()


def _template(url: str, slug: str) -> bytes:
    """What the page's template download holds for the unit ``slug``."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == slug)).one()
        data = updates_template(update_rows(session, unit_ids=[unit.id], open_only=True))
    engine.dispose()
    return data


def _edit(data: bytes, cells: dict[str, Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        book["Cập nhật"][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _saved(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        updates = session.execute(sa.select(sa.func.count()).select_from(StatusUpdate))
        result = (int(updates.scalar_one()), data_version(session=session))
    engine.dispose()
    return result


def _upload(at: AppTest, data: bytes) -> AppTest:
    at.file_uploader[0].set_value(("cap-nhat-giao-an.xlsx", data, "application/octet-stream"))
    return at.run()


def test_errors_are_shown_in_a_table_and_nothing_is_saved(demo_env: str) -> None:
    at = _open(demo_env, "thuky.giao-an")
    assert not at.exception
    assert any(e.label == "Nhập từ Excel" for e in at.expander)
    data = _edit(_template(demo_env, "giao-an"), {"J2": 150, "I3": "Xong"})
    before = _saved(demo_env)
    at = _upload(at, data)
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("Tệp có 2 lỗi, chưa lưu dòng nào.")
    table = at.dataframe[-1].value
    assert list(table.columns) == ["Tệp", "Trang", "Dòng", "Cột", "Trường", "Lỗi"]
    rows = table[["Dòng", "Cột", "Trường"]].values.tolist()
    assert rows == [[2, "J", "Tiến độ (%)"], [3, "I", "Trạng thái"]]
    assert table["Lỗi"].iloc[0] == "phải từ 0 đến 100."
    assert not [b for b in at.button if b.label == "Lưu các cập nhật"], "no save offered"
    assert _saved(demo_env) == before


def test_a_valid_file_is_summarised_then_saved(demo_env: str) -> None:
    data = _template(demo_env, "giao-an")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assignment_id = book["Cập nhật"]["A2"].value
    data = _edit(data, {"J2": 95, "L2": "Gần xong, chờ nghiệm thu"})
    before = _saved(demo_env)
    at = _upload(_open(demo_env, "thuky.giao-an"), data)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "1 cập nhật" in at.info[0].value and "chưa lưu" in at.info[0].value
    assert _saved(demo_env) == before, "checking writes nothing"
    next(b for b in at.button if b.label == "Lưu các cập nhật").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Đã lưu: cap-nhat-giao-an.xlsx")
    updates, version = _saved(demo_env)
    assert (updates, version) == (before[0] + 1, before[1] + 1)
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        saved = session.get(Assignment, assignment_id)
        assert saved is not None and saved.progress == 95
    engine.dispose()

    at = _upload(at, data)  # the same file again: nothing to save
    assert not at.exception, at.exception
    assert "0 cập nhật" in at.info[0].value and "Không có dòng nào thay đổi" in at.info[0].value
    assert _saved(demo_env) == (updates, version)
