"""Reading a sheet safely: hidden data sheets are refused, Excel serial dates that are no day are
quoted as Excel shows them, and every text cell kept verbatim is checked against the length of
its database column, read from the model."""

import ast
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from directives import importers
from directives.formatting import number
from directives.importers.task_rows import LIMITS, read_tasks, stored_length
from directives.importers.update_rows import read_updates
from directives.importers.workbook import read_sheet
from directives.models import Conclusion, Meeting, Task
from directives.reports.layout import TASKS, UPDATES
from directives.reports.workbooks import tasks_template, updates_template
from directives.services.errors import Rejected

FILE = "tep.xlsx"


def rejection(call: Any) -> Rejected:
    with pytest.raises(Rejected) as caught:
        call()
    return caught.value


def task_row(**values: Any) -> dict[str, Any]:
    row = {
        "meeting_title": "Hội nghị giao ban",
        "held_on": date(2021, 10, 5),
        "conclusion_number": "301-TB/HU",
        "issued_on": date(2021, 10, 8),
        "issuer": "Huyện ủy",
        "conclusion_title": "Kết luận giao ban",
        "task_seq": 1,
        "task_content": "Nhiệm vụ",
        "leads": "Các xã, thị trấn",
        "supports": None,
        "deadline": date(2021, 12, 31),
        "field": "Dân vận",
    }
    return {**row, **values}


def updates_with_rows(*rows: list[Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(updates_template()))
    for row in rows:
        book[UPDATES.name].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- hidden sheets --------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_data_sheet_beside_a_visible_decoy_is_refused(state: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(updates_with_rows([1, *[None] * 7, "Hoàn thành"])))
    decoy = book.create_sheet("Cập nhật tháng 3", 0)
    decoy.append(UPDATES.headers)
    book[UPDATES.name].sheet_state = state
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    refused = rejection(lambda: read_updates(out.getvalue(), FILE))
    assert len(refused.problems) == 1
    problem = refused.problems[0]
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        FILE,
        UPDATES.name,
        None,
        None,
    )
    assert "trang “Cập nhật” đang bị ẩn" in problem.message
    assert "Bỏ ẩn" in problem.message


def test_the_hidden_lists_sheet_of_the_tasks_template_is_not_in_the_way() -> None:
    data = tasks_template([task_row()], ["Xã Giao An"])
    assert openpyxl.load_workbook(io.BytesIO(data))["Danh mục"].sheet_state == "hidden"
    sheet = read_tasks(data, FILE)
    assert sheet.problems == () and len(sheet.rows) == 1


# --- serial dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "shown"),
    [(0, "00/01/1900"), (-1, "########"), (0.5, "giờ “12:00:00”")],
    ids=["zero", "negative", "fraction"],
)
def test_a_date_cell_holding_no_day_is_quoted_as_excel_shows_it(serial: float, shown: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(updates_template()))
    sheet = book[UPDATES.name]
    sheet.append([7, *[None] * 7, "Hoàn thành", 100, serial, None, 0])
    sheet.cell(row=2, column=UPDATES.index("completed_on") + 1).number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    found = read_updates(out.getvalue(), FILE)
    assert [(p.row, p.column, p.field) for p in found.problems] == [(2, "K", "Ngày hoàn thành")]
    message = found.problems[0].message
    assert shown in message and "không phải là ngày" in message and "00:00:00" not in message


# --- column sizes ---------------------------------------------------------------------------------


def test_limits_are_read_from_the_models() -> None:
    assert LIMITS["meeting_title"] == stored_length(Meeting, "title") == 500
    assert LIMITS["conclusion_number"] == stored_length(Conclusion, "number") == 50
    assert LIMITS["issuer"] == stored_length(Conclusion, "issuer") == 200
    assert LIMITS["field"] == stored_length(Task, "field") == 200
    assert LIMITS["task_content"] is None, "the content column is unlimited text"
    text_columns = {c.key for c in TASKS.columns if c.kind == "text"}
    assert set(LIMITS) == text_columns - {"leads", "supports"}, "every verbatim text column"


@pytest.mark.parametrize("key", ["meeting_title", "conclusion_number", "issuer", "field"])
def test_a_cell_longer_than_its_column_is_a_located_problem(key: str) -> None:
    limit = LIMITS[key]
    assert limit is not None
    exact = tasks_template([task_row(**{key: "x" * limit})])
    assert read_tasks(exact, FILE).problems == (), "exactly the column's length is fine"
    over = tasks_template([task_row(task_seq=2), task_row(**{key: "Đ" * (limit + 1)})])
    found = read_tasks(over, FILE)
    assert [(p.row, p.column, p.field) for p in found.problems] == [
        (3, TASKS.letter(key), TASKS.column(key).header)
    ]
    shown = number(limit + 1), number(limit)
    assert found.problems[0].message == (
        f"dài {shown[0]} ký tự, quá giới hạn {shown[1]} ký tự; hãy rút gọn."
    )
    assert [r.row for r in found.rows] == [2], "the overlong row is not kept"


def test_the_workbook_readers_import_no_database_nor_services() -> None:
    """Importers only parse: no session, no engine, no service but the error shapes."""
    folder = Path(importers.__file__).parent
    for name in ("workbook.py", "update_rows.py", "task_rows.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
        for module in imported:
            assert not module.startswith("directives.db"), (name, module)
            assert module != "sqlmodel.Session" and "session_scope" not in module, (name, module)
            if module.startswith("directives.services"):
                assert module.startswith("directives.services.errors."), (name, module)
    assert read_sheet(tasks_template(), TASKS, FILE) == []
