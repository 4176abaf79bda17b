"""The updates workbook's "Ngày thay đổi" column: read when given, optional in files made before
it existed, required on every row when one assignment has several rows, and never before the
row's completion day. No database."""

import io
from datetime import date
from typing import Any

import openpyxl

from directives.importers.update_rows import read_updates
from directives.models import Status
from directives.reports.layout import UPDATES
from directives.reports.workbooks import updates_template

FILE = "cap-nhat.xlsx"


def row(assignment_id: int = 7, **values: Any) -> dict[str, Any]:
    return {
        "assignment_id": assignment_id,
        "status": Status.IN_PROGRESS.value,
        "progress": 40,
        "version": 2,
        **values,
    }


def test_the_day_is_read_and_may_be_left_blank() -> None:
    sheet = read_updates(updates_template([row(7, happened_on=date(2024, 5, 15)), row(8)]), FILE)
    assert sheet.problems == ()
    assert [(r.assignment_id, r.happened_on) for r in sheet.rows] == [
        (7, date(2024, 5, 15)),
        (8, None),
    ]


def test_a_file_made_before_the_column_still_reads() -> None:
    book = openpyxl.load_workbook(io.BytesIO(updates_template([row()])))
    book[UPDATES.name].delete_cols(UPDATES.index("happened_on") + 1)
    out = io.BytesIO()
    book.save(out)
    sheet = read_updates(out.getvalue(), FILE)
    assert sheet.problems == ()
    assert [(r.assignment_id, r.happened_on, r.complete) for r in sheet.rows] == [(7, None, True)]


def test_one_assignment_has_several_rows_only_when_each_gives_its_day() -> None:
    told = read_updates(
        updates_template(
            [row(7, happened_on=date(2024, 6, 1)), row(7, happened_on=date(2024, 2, 1))]
        ),
        FILE,
    )
    assert told.problems == ()
    assert [r.happened_on for r in told.rows] == [date(2024, 6, 1), date(2024, 2, 1)]

    untold = read_updates(updates_template([row(7, happened_on=date(2024, 6, 1)), row(7)]), FILE)
    [problem] = untold.problems
    assert (problem.row, problem.column) == (3, UPDATES.letter("assignment_id"))
    assert problem.message.startswith("trùng với dòng 2: một phân công ghi nhiều dòng")
    assert [r.row for r in untold.rows] == [2]


def test_a_change_cannot_happen_before_the_task_was_completed() -> None:
    done = row(
        status=Status.DONE.value,
        progress=100,
        completed_on=date(2024, 3, 20),
        happened_on=date(2024, 3, 19),
    )
    [problem] = read_updates(updates_template([done]), FILE).problems
    assert (problem.column, problem.field) == (UPDATES.letter("happened_on"), "Ngày thay đổi")
    assert problem.message == "không được trước ngày hoàn thành."
